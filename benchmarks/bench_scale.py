"""Speed and memory benchmark (issues 6 and 14), each figure next to a baseline measured in the same run.

    pip install fasttext-numpy2-wheel   # the baseline only; never a forbattra dependency
    python benchmarks/bench_scale.py [--rows 200000] [--skip-train]

* ``forbattra classify`` of N suggestions (CSV in) to .jsonl and to .csv, end to end as a
  subprocess (start-up, reading, classifying, writing), on both cores (default ``--jobs``) and on
  one (``--jobs 1``);
* baseline: a fastText supervised model (word 1–2-grams, character 3–5-grams, dim 50, one-vs-all
  loss) trained on ``corpus/dev`` and run as a predict pass over the same file with the same I/O
  (Python ``csv`` reading in chunks of 5,000 rows, the same JSON lines / CSV rows written);
* for every run: wall seconds, rows/s, **CPU seconds of the whole process tree** (from
  ``getrusage(RUSAGE_CHILDREN)``, workers included), the main process's own CPU seconds (from
  ``/proc``: reading, dispatching, writing) and rows per CPU-second, and peak memory (RSS
  summed over the process and its workers, sampled every 0.1 s: pages shared after fork are
  counted once per process, so an upper bound);
* 100,000 rows → .xlsx (with the Dubbletter sheet) against the same rows → .jsonl;
* a 1,500-row .xlsx → .xlsx end to end; a 10-row CSV → .jsonl (start-up); ``forbattra --help``;
  ``forbattra train --base``;
* the same ``--jobs 1`` run with the allocator left at glibc's defaults (``FORBATTRA_MALLOC=default``),
  to show what the entry point's malloc thresholds save in system time;
* ``--against SRC``: an older forbattra on the same file, old and new alternating; ``--paired-only``
  runs just those pairs (``--rounds``, default 3), on two cores and with ``--jobs 1``;
* ``--fasttext-rounds N``: only fastText and forbattra (and ``--against``) alternating on ``--rows`` rows →
  .jsonl (``--kind csv``: .csv), N rounds, the CPU ratio from the medians (steadier than the single runs of the full benchmark);
* ``--xlsx-rounds N``: only the 100,000-row runs → .jsonl, → .xlsx and → .xlsx ``--no-duplicates`` (and
  ``--against``), alternating, N rounds, medians: the .xlsx target's figures alone; with ``--distinct`` on
  100,000 rows of distinct texts (two ``corpus/dev`` sentences each, 39 % exact repeats), where the duplicates
  search cannot lean on texts that differ by a case number only;
* ``--worker-only``: the worker function ``workflow.serialise_chunk`` alone, in one process, on ``--rows``
  rows (.jsonl and .csv, both models; with ``--against``, old and new alternating): the steadiest figure
  for a change to the worker path.

Every command runs with Python's bytecode cache in a temporary folder (``PYTHONPYCACHEPREFIX``, warmed
once), as an installed package has its ``.pyc`` files: with ``PYTHONDONTWRITEBYTECODE`` set, as in some
development shells, every start would compile forbattra's modules again.

The texts are the development corpus sampled with replacement, each with a case number appended
so no two rows are the same text.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MID = 100_000  # rows of the .xlsx-versus-.jsonl comparison


def make_inputs(n: int, folder: Path) -> tuple[Path, Path, Path]:
    import numpy as np
    import pandas as pd
    import xlsxwriter

    df = _dev()
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(df), n)
    texts = [f"{t} (ärende {i})" for i, t in zip(range(n), df["text"].to_numpy()[idx])]
    big = folder / "big.csv"
    frame = pd.DataFrame({"id": np.arange(n), "enhet": df["enhet"].to_numpy()[idx], "text": texts})
    frame.to_csv(big, sep=";", index=False)
    mid = folder / "rows_100k.csv"
    frame.iloc[:MID].to_csv(mid, sep=";", index=False)
    small = folder / "forslag_1500.xlsx"
    with xlsxwriter.Workbook(str(small), {"strings_to_formulas": False}) as wb:
        ws = wb.add_worksheet("Förslag")
        for j, h in enumerate(["Förslags-ID", "Enhet", "Beskriv ditt förslag"]):
            ws.write_string(0, j, h)
        for i in range(1500):
            ws.write_string(i + 1, 0, str(i))
            ws.write_string(i + 1, 1, df["enhet"].iloc[idx[i]])
            ws.write_string(i + 1, 2, texts[i])
    return big, mid, small


def make_distinct(n: int, folder: Path) -> Path:
    """``n`` rows whose texts are not the bench file's case-numbered copies: each distinct text joins two
    sentences of ``corpus/dev`` drawn at random (61 % distinct texts, the rest exact repeats, as in a
    realistic big export), so texts share a sentence with some others and few share all their words —
    the duplicates search, scoring and grouping work as on an export without case numbers (on the
    case-numbered file most of it repeats once per word signature)."""
    import re

    import numpy as np
    import pandas as pd

    df = _dev()
    rng = np.random.default_rng(1)
    sents = [s.strip() for t in df["text"] for s in re.split(r"(?<=[.!?])\s+", t) if len(s.strip()) > 20]
    distinct = int(n * 0.61)
    texts = [f"{sents[i]} {sents[j]}" for i, j in rng.integers(0, len(sents), (distinct, 2))]
    texts += [texts[k] for k in rng.integers(0, distinct, n - distinct)]
    order = rng.permutation(n)
    path = folder / "distinct_100k.csv"
    pd.DataFrame({"id": np.arange(n), "enhet": df["enhet"].to_numpy()[rng.integers(0, len(df), n)],
                  "text": [texts[k] for k in order]}).to_csv(path, sep=";", index=False)
    return path


def _dev():
    import pandas as pd

    files = sorted((ROOT / "corpus" / "dev").glob("*.csv"))
    return pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)


def _tree_rss(pid: int) -> int:
    """Summed RSS (bytes) of a process and all its descendants, from /proc."""
    page = os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * page
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


ENV = dict(os.environ)


def _own_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of the process itself so far, workers not included, from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
        return None


def timed(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``: wall s, CPU s of the process tree (user + system, and system alone), CPU s of the
    main process alone (sampled every 0.1 s, so up to 0.1 s short), peak tree RSS (MB), stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, env={**ENV, **(env or {})})
        peak = 0
        main_cpu = 0.0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            main_cpu = _own_cpu(proc.pid) or main_cpu
            time.sleep(0.1)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read()}")
        sys_cpu = after.ru_stime - before.ru_stime
        cpu = (after.ru_utime - before.ru_utime) + sys_cpu
        return {"wall": wall, "cpu": cpu, "sys": sys_cpu, "main": main_cpu, "rss": peak / 2**20, "out": out.read()}


def train_fasttext(folder: Path) -> Path:
    """fastText supervised model on the development corpus (not timed: the baseline's training)."""
    import fasttext

    df = _dev()
    lines = []
    for text, labels in zip(df["text"], df["teman"]):
        tags = " ".join(f"__label__{t}" for t in labels.split("|") if t)
        lines.append(f"{tags} {' '.join(text.lower().split())}")
    data = folder / "ft_train.txt"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    m = fasttext.train_supervised(input=str(data), wordNgrams=2, minn=3, maxn=5, dim=50, loss="ova", epoch=25,
                                  lr=0.5, thread=1, seed=0, verbose=0)
    path = folder / "ft.bin"
    m.save_model(str(path))
    return path


# The baseline's predict pass: the same input file, the same chunked CSV reading in Python, the same
# kind of output (a JSON object or CSV row per input row, themes + scores).
FASTTEXT_PREDICT = r"""
import csv, json, sys
import fasttext
model, src, out, kind = sys.argv[1:5]
m = fasttext.load_model(model)
def chunks(reader, n=5000):
    buf = []
    for r in reader:
        buf.append(r)
        if len(buf) == n:
            yield buf
            buf = []
    if buf:
        yield buf
with open(src, encoding="utf-8", newline="") as fh, open(out, "w", encoding="utf-8", newline="") as o:
    reader = csv.reader(fh, delimiter=";")
    header = next(reader)
    w = csv.writer(o, delimiter=";", lineterminator="\r\n") if kind == "csv" else None
    if w:
        w.writerow(header + ["Tema-id", "Säkerhet"])
    row = 0
    for rows in chunks(reader):
        labels, probs = m.predict([" ".join(r[2].lower().split()) for r in rows], k=3, threshold=0.5)
        for r, ls, ps in zip(rows, labels, probs):
            row += 1
            themes = [l[9:] for l in ls] or ["ovrigt"]
            scores = {t: round(float(p), 4) for t, p in zip(themes, ps)} if ls else {"ovrigt": 1.0}
            if w:
                w.writerow(r + ["|".join(themes), f"{max(scores.values()):.2f}"])
            else:
                o.write(json.dumps({"row": row, "id": r[0], "text": r[2], "group": r[1], "themes": themes,
                                    "scores": scores}, ensure_ascii=False) + "\n")
"""


STARTUP_RUNS = 8


def _median_cpu(runs: list[dict]) -> float:
    import statistics

    return statistics.median(r["cpu"] for r in runs)


def startup_only(fb: list[str], against: str | None) -> None:
    """The start-up target (a 10-row classify ≤ 1 CPU-s): 8 runs each, lowest and median CPU s
    (user + system); with ``against``, old and new alternate so both see the same machine load."""
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        ENV["PYTHONPYCACHEPREFIX"] = str(folder / "pyc")
        ten = folder / "ten.csv"  # the first 10 rows of the big file main() makes (same seed)
        big = make_inputs(1500, folder)[0]
        with open(big, encoding="utf-8") as fh:
            ten.write_text("".join(fh.readline() for _ in range(11)), encoding="utf-8")
        who = {"new": None} if not against else {"old": {"PYTHONPATH": str(Path(against).resolve())}, "new": None}
        runs: dict[str, list[dict]] = {k: [] for k in who}
        outs = {k: folder / f"ten_{k}.jsonl" for k in who}
        for k, env in who.items():  # warm each version's bytecode cache
            timed(fb + ["classify", str(ten), "-o", str(outs[k])], env=env)
        for i in range(STARTUP_RUNS):
            for k in (list(who) if i % 2 == 0 else list(who)[::-1]):
                runs[k].append(timed(fb + ["classify", str(ten), "-o", str(outs[k])], env=who[k]))
        same = len({outs[k].read_bytes() for k in who}) == 1
    import statistics

    load = os.getloadavg()
    print(f"10-row CSV → .jsonl, {STARTUP_RUNS} runs each, alternating; load average at the end {load[0]:.1f}; "
          f"outputs byte-identical: {same}\n")
    print("| version | lowest CPU s | median CPU s | of which system (median) | lowest wall |\n|---|---|---|---|---|")
    for k, rs in runs.items():
        print(f"| {k} | {min(r['cpu'] for r in rs):.2f} s | {_median_cpu(rs):.2f} s | "
              f"{statistics.median(r['sys'] for r in rs):.2f} s | {min(r['wall'] for r in rs):.2f} s |")


# The worker function alone (seventh round): serialise_chunk over the rows of FILE in 5,000-row tasks, as a
# streamed run's workers do (allocator and collector tuned as the entry point does, tables warm, collector
# frozen as in a worker), CPU seconds of each pass over all rows.
WORKER_PASSES = r"""
import gc, sys, time
from pathlib import Path
from forbattra.cli import tune_allocator, tune_startup
tune_allocator(); tune_startup()
from forbattra.inputs.tables import iter_suggestions
from forbattra.scoring.pipeline import build_classifier
from forbattra.workflow import serialise_chunk
path, kind, taxonomy, passes = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
clf = build_classifier(taxonomy, None)
_cols, _info, chunks = iter_suggestions(path, chunk_rows=20_000)
parts = [ch.iloc[lo:lo + 5000] for ch in chunks for lo in range(0, len(ch), 5000)]
task = ({}, (kind,), "sv", ";", False)
for p in parts:
    serialise_chunk(p, clf, *task)
gc.freeze()
for _ in range(passes):
    t = time.process_time()
    for p in parts:
        serialise_chunk(p, clf, *task)
    print(time.process_time() - t)
"""


def worker_only(rows: int, against: str | None, rounds: int) -> None:
    """``serialise_chunk`` (a worker's whole job: classify, evidence, render) on ``rows`` bench rows in one
    process, 3 passes per run; with ``against``, old and new runs alternate. CPU seconds, lowest and
    median of all passes, for .jsonl and .csv, standard and huset."""
    import statistics

    who = {"new": None} if not against else {"old": {"PYTHONPATH": str(Path(against).resolve())}, "new": None}
    res: dict = {}
    with tempfile.TemporaryDirectory() as d:
        big = make_inputs(rows, Path(d))[0]
        for taxonomy in ("standard", "huset"):
            for kind in ("jsonl", "csv"):
                for rnd in range(rounds):
                    for k in (list(who) if rnd % 2 == 0 else list(who)[::-1]):
                        out = subprocess.run([sys.executable, "-c", WORKER_PASSES, str(big), kind, taxonomy, "3"],
                                             env={**ENV, **(who[k] or {})}, capture_output=True, text=True, check=True)
                        res.setdefault((taxonomy, kind, k), []).extend(float(x) for x in out.stdout.split())
    load = os.getloadavg()
    print(f"# serialise_chunk on {rows:,} rows, {rounds} runs × 3 passes each, alternating; load average at the "
          f"end {load[0]:.1f}\n")
    print("| model | output | version | lowest CPU s | median CPU s |\n|---|---|---|---|---|")
    for (taxonomy, kind, k), v in res.items():
        print(f"| {taxonomy} | .{kind} | {k} | {min(v):.2f} | {statistics.median(v):.2f} |")


def paired_runs(fb: list[str], big: Path, ten: Path, folder: Path, against: str, rounds: int,
                extra: tuple[str, ...] = ()) -> tuple[list, bool]:
    """Old and new alternately on the same file (old first in odd rounds), each with its own warm
    bytecode cache: ``[(round, "old"|"new", timed result)]`` and whether their .jsonl outputs are equal."""
    old_env = {"PYTHONPATH": str(Path(against).resolve())}
    timed(fb + ["classify", str(ten), "-o", str(folder / "ten_old.jsonl")], env=old_env)
    timed(fb + ["classify", str(ten), "-o", str(folder / "ten_new.jsonl")])
    paired = []
    for rnd in range(rounds):
        for who in (("old", "new") if rnd % 2 == 0 else ("new", "old")):
            r = timed(fb + ["classify", str(big), "-o", str(folder / f"pair_{who}.jsonl"), *extra],
                      env=old_env if who == "old" else None)
            paired.append((rnd + 1, who, r))
    return paired, (folder / "pair_old.jsonl").read_bytes() == (folder / "pair_new.jsonl").read_bytes()


def print_paired(title: str, paired: list, same: bool) -> None:
    print(f"\n{title}; outputs byte-identical: {same}\n")
    print("| round | version | wall | CPU s (tree) | of which system | main process CPU s | peak RSS (tree) |\n"
          "|---|---|---|---|---|---|---|")
    for rnd, who, r in paired:
        print(f"| {rnd} | {who} | {r['wall']:.1f} s | {r['cpu']:.2f} s | {r['sys']:.2f} s | {r['main']:.1f} s | "
              f"{r['rss']:,.0f} MB |")
    for who in ("old", "new"):
        cpus = sorted(r["cpu"] for _rnd, w, r in paired if w == who)
        print(f"\n- {who}: CPU s (tree) mean {sum(cpus) / len(cpus):.2f}, lowest {cpus[0]:.2f}", end="")
    print()


def _big_and_ten(rows: int, folder: Path) -> tuple[Path, Path]:
    """The bench file of ``rows`` rows and its first ten rows, in ``folder``, whose ``pyc`` subfolder becomes
    the bytecode cache of every command run."""
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(folder / "pyc")
    big = make_inputs(rows, folder)[0]
    ten = folder / "ten.csv"
    with open(big, encoding="utf-8") as fh:
        ten.write_text("".join(fh.readline() for _ in range(11)), encoding="utf-8")
    return big, ten


def paired_only(fb: list[str], rows: int, against: str, rounds: int) -> None:
    """Only the old-against-new pairs, on two cores and with ``--jobs 1`` (one process: no scheduling
    between three processes on two shared cores, so the steadiest CPU figure)."""
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        big, ten = _big_and_ten(rows, folder)
        two = paired_runs(fb, big, ten, folder, against, rounds)
        one = paired_runs(fb, big, ten, folder, against, rounds, ("--jobs", "1"))
    load = os.getloadavg()
    print(f"# Old ({against}) against new, {rows:,} rows → .jsonl, alternating; load average at the end "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    print_paired("2 cores (default --jobs)", *two)
    print_paired("--jobs 1", *one)


def fasttext_rounds(fb: list[str], rows: int, against: str | None, rounds: int, kind: str = "jsonl") -> None:
    """fastText and forbattra (and an older forbattra with ``against``) alternating on the same ``rows``-row
    file → .``kind`` (jsonl or csv), ``rounds`` times: the CPU ratio from medians, steadier than one run of
    each (this machine's fastText pass alone varies by ±10 % between runs)."""
    import statistics

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        big, ten = _big_and_ten(rows, folder)
        who = {"new": None} if not against else {"old": {"PYTHONPATH": str(Path(against).resolve())}, "new": None}
        for k, env in who.items():  # warm each version's bytecode cache
            timed(fb + ["classify", str(ten), "-o", str(folder / f"ten_{k}.jsonl")], env=env)
        ft = train_fasttext(folder)
        res: dict[str, list[dict]] = {}
        for _ in range(rounds):
            res.setdefault("fastText", []).append(
                timed([sys.executable, "-c", FASTTEXT_PREDICT, str(ft), str(big), str(folder / f"ft.{kind}"), kind]))
            for k, env in who.items():
                # a new output each round: onto last round's .csv forbattra would first read it for corrections
                # typed in since (a nightly re-run's check, ≈ 2 CPU-s per million rows), which fastText does not
                (folder / f"{k}.{kind}").unlink(missing_ok=True)
                res.setdefault(k, []).append(timed(fb + ["classify", str(big), "-o", str(folder / f"{k}.{kind}")], env=env))
    load = os.getloadavg()
    med = {k: {f: statistics.median(r[f] for r in v) for f in ("wall", "cpu", "main", "rss")} for k, v in res.items()}
    print(f"# fastText against forbattra, {rows:,} rows → .{kind}, {rounds} rounds alternating; load average at the "
          f"end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}\n")
    print("| run (median) | wall | CPU s (tree) | main process CPU s | peak RSS (tree) | CPU / fastText |\n"
          "|---|---|---|---|---|---|")
    for k, m in med.items():
        print(f"| {k} | {m['wall']:.1f} s | {m['cpu']:.2f} | {m['main']:.1f} | {m['rss']:,.0f} MB | "
              f"{m['cpu'] / med['fastText']['cpu']:.2f} |")
    for k, v in res.items():
        print(f"\n- {k}: CPU s per round " + ", ".join(f"{r['cpu']:.2f}" for r in v), end="")
    print()


def xlsx_rounds(fb: list[str], against: str | None, rounds: int, distinct: bool = False) -> None:
    """The 100,000-row .xlsx target alone: → .jsonl, → .xlsx with the Dubbletter sheet and → .xlsx with
    ``--no-duplicates``, each version (``against``: an older one) alternating, ``rounds`` times; medians.
    ``distinct``: on :func:`make_distinct`'s file instead of the case-numbered one."""
    import statistics

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        ENV["PYTHONPYCACHEPREFIX"] = str(folder / "pyc")
        _big, mid, _small = make_inputs(MID, folder)
        if distinct:
            mid = make_distinct(MID, folder)
        who = {"new": None} if not against else {"old": {"PYTHONPATH": str(Path(against).resolve())}, "new": None}
        runs = {"jsonl": [".jsonl"], "xlsx": [".xlsx"], "xlsx_nodup": [".xlsx", "--no-duplicates"]}
        res: dict[tuple[str, str], list[dict]] = {}
        for k, env in who.items():  # warm each version's bytecode cache
            timed(fb + ["classify", str(_small), "-o", str(folder / f"warm_{k}.jsonl")], env=env)
        for r in range(rounds):
            for k, env in who.items():
                for name, (suffix, *extra) in runs.items():
                    # a new output each round: an existing one would be read back first (its corrections)
                    res.setdefault((k, name), []).append(
                        timed(fb + ["classify", str(mid), "-o", str(folder / f"{k}_{name}_{r}{suffix}"), *extra],
                              env=env))
    load = os.getloadavg()
    print(f"# {MID:,} rows ({'distinct texts, make_distinct' if distinct else 'case-numbered copies'}) → .jsonl / "
          f".xlsx, {rounds} rounds alternating; load average at the end "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}\n")
    print("| version | output | wall (median) | CPU s (tree) | main process CPU s | peak RSS (tree) | wall / .jsonl "
          "| CPU / .jsonl |\n|---|---|---|---|---|---|---|---|")
    med = {key: {f: statistics.median(r[f] for r in v) for f in ("wall", "cpu", "main", "rss")} for key, v in res.items()}
    for (k, name), m in med.items():
        base = med[(k, "jsonl")]
        print(f"| {k} | {name} | {m['wall']:.1f} s | {m['cpu']:.2f} | {m['main']:.1f} | {m['rss']:,.0f} MB | "
              f"{m['wall'] / base['wall']:.2f} | {m['cpu'] / base['cpu']:.2f} |")
    for key, v in res.items():
        print(f"\n- {key[0]} {key[1]}: wall per round " + ", ".join(f"{r['wall']:.1f}" for r in v), end="")
    print()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--skip-train", action="store_true", help="leave out the 'forbattra train --base' timing")
    ap.add_argument("--against", metavar="SRC", help="also time an older forbattra (its src folder, e.g. from "
                    "`git archive main | tar -x -C /tmp/old`) on the same file, alternating with this one")
    ap.add_argument("--startup-only", action="store_true", help="only the 10-row start-up runs (8 each; with "
                    "--against, old and new alternating)")
    ap.add_argument("--paired-only", action="store_true", help="only the old-against-new pairs (needs --against), "
                    "on two cores and with --jobs 1")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of old/new pairs for --paired-only (default 3)")
    ap.add_argument("--worker-only", action="store_true", help="only the worker function (serialise_chunk) in one "
                    "process on --rows rows (e.g. 40000), old (--against) and new alternating, --rounds runs each")
    ap.add_argument("--fasttext-rounds", type=int, metavar="N", help="only fastText and forbattra (and --against) "
                    "alternating on --rows rows → .jsonl (or --kind), N rounds; CPU ratio from the medians")
    ap.add_argument("--kind", choices=("jsonl", "csv"), default="jsonl", help="the output of --fasttext-rounds "
                    "(default jsonl)")
    ap.add_argument("--distinct", action="store_true", help="--xlsx-rounds on 100,000 rows of distinct texts "
                    "(two dev sentences each, 39 %% exact repeats) instead of the case-numbered copies")
    ap.add_argument("--xlsx-rounds", type=int, metavar="N", help="only the 100,000-row .jsonl / .xlsx / .xlsx "
                    "--no-duplicates runs (and --against), alternating, N rounds; medians")
    args = ap.parse_args()
    if args.xlsx_rounds:
        return xlsx_rounds([sys.executable, "-m", "forbattra", "--quiet"], args.against, args.xlsx_rounds,
                           args.distinct)
    if args.fasttext_rounds:
        return fasttext_rounds([sys.executable, "-m", "forbattra", "--quiet"], args.rows, args.against,
                               args.fasttext_rounds, args.kind)
    if args.worker_only:
        return worker_only(args.rows, args.against, args.rounds)
    py = sys.executable
    fb = [py, "-m", "forbattra", "--quiet"]
    if args.startup_only:
        return startup_only(fb, args.against)
    if args.paired_only:
        if not args.against:
            raise SystemExit("--paired-only needs --against SRC")
        return paired_only(fb, args.rows, args.against, args.rounds)
    res: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        ENV["PYTHONPYCACHEPREFIX"] = str(folder / "pyc")
        big, mid, small = make_inputs(args.rows, folder)
        ten = folder / "ten.csv"
        with open(big, encoding="utf-8") as fh:
            ten.write_text("".join(fh.readline() for _ in range(11)), encoding="utf-8")
        timed(fb + ["classify", str(ten), "-o", str(folder / "ten.jsonl")])  # warm the bytecode cache
        ft = train_fasttext(folder)
        for kind in ("jsonl", "csv"):
            res[f"ft_{kind}"] = timed([py, "-c", FASTTEXT_PREDICT, str(ft), str(big), str(folder / f"ft.{kind}"), kind])
            res[f"fb_{kind}"] = timed(fb + ["classify", str(big), "-o", str(folder / f"out.{kind}")])
            with open(folder / f"out.{kind}", encoding="utf-8-sig") as fh:
                n_out = sum(1 for _ in fh)
            assert n_out >= args.rows, (kind, n_out, args.rows)
        res["fb_jsonl_1"] = timed(fb + ["classify", str(big), "-o", str(folder / "o1.jsonl"), "--jobs", "1"])
        res["fb_jsonl_1_malloc"] = timed(fb + ["classify", str(big), "-o", str(folder / "o1m.jsonl"), "--jobs", "1"],
                                         env={"FORBATTRA_MALLOC": "default"})
        res["mid_jsonl"] = timed(fb + ["classify", str(mid), "-o", str(folder / "mid.jsonl")])
        res["mid_xlsx"] = timed(fb + ["classify", str(mid), "-o", str(folder / "mid.xlsx")])
        smalls = [timed(fb + ["classify", str(small), "-o", str(folder / "s.xlsx")]) for _ in range(3)]
        tens = [timed(fb + ["classify", str(ten), "-o", str(folder / "ten.jsonl")]) for _ in range(STARTUP_RUNS)]
        helps = [timed([py, "-m", "forbattra", "--help"]) for _ in range(5)]
        bare = [timed([py, "-c", "pass"]) for _ in range(5)]
        if not args.skip_train:
            res["train"] = timed(fb + ["train", "--base", "--out", str(folder / "model")])
        paired = []
        if args.against:
            paired, same = paired_runs(fb, big, ten, folder, args.against, 2)
    n = args.rows
    load = os.getloadavg()
    print("# Scale benchmark\n")
    print(f"Machine: {os.cpu_count()} cores, load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}. "
          f"Command: `python benchmarks/bench_scale.py --rows {n}`\n")
    print("| run | wall | rows/s (wall) | CPU s (tree) | of which system | main process CPU s | rows per CPU-s "
          "| peak RSS (tree) |\n|---|---|---|---|---|---|---|---|")

    def line(label: str, r: dict, rows: int | None) -> None:
        rate = f"{rows / r['wall']:,.0f}" if rows else ""
        per_cpu = f"{rows / r['cpu']:,.0f}" if rows else ""
        print(f"| {label} | {r['wall']:.1f} s | {rate} | {r['cpu']:.2f} s | {r['sys']:.2f} s | {r['main']:.1f} s | "
              f"{per_cpu} | {r['rss']:,.0f} MB |")

    line(f"forbattra {n:,} rows CSV → .jsonl, 2 cores", res["fb_jsonl"], n)
    line("fastText predict, same file → .jsonl (1 process)", res["ft_jsonl"], n)
    line(f"forbattra {n:,} rows CSV → .csv, 2 cores", res["fb_csv"], n)
    line("fastText predict, same file → .csv (1 process)", res["ft_csv"], n)
    line(f"forbattra {n:,} rows → .jsonl, `--jobs 1`", res["fb_jsonl_1"], n)
    line(f"forbattra {n:,} rows → .jsonl, `--jobs 1`, glibc malloc defaults", res["fb_jsonl_1_malloc"], n)
    mid = min(MID, n)
    line(f"forbattra {mid:,} rows → .jsonl", res["mid_jsonl"], mid)
    line(f"forbattra {mid:,} rows → .xlsx (with Dubbletter sheet)", res["mid_xlsx"], mid)
    best_small = min(smalls, key=lambda r: r["wall"])
    line("1,500-row .xlsx → .xlsx (best of 3)", best_small, 1500)
    line(f"10-row CSV → .jsonl (lowest CPU of {STARTUP_RUNS}; median {_median_cpu(tens):.2f} s)",
         min(tens, key=lambda r: r["cpu"]), 10)
    best_help = min(helps, key=lambda r: r["wall"])
    line("`forbattra --help` (best of 5)", best_help, None)
    line("bare `python -c pass` (best of 5)", min(bare, key=lambda r: r["wall"]), None)
    if "train" in res:
        line("`forbattra train --base`", res["train"], None)
    if paired:
        print_paired(f"Old ({args.against}) against new, {n:,} rows → .jsonl, 2 cores, alternating", paired, same)
    print()
    for kind in ("jsonl", "csv"):
        fbr, ftr = res[f"fb_{kind}"], res[f"ft_{kind}"]
        print(f"- .{kind}: forbattra / fastText CPU seconds = {fbr['cpu'] / ftr['cpu']:.2f}×, "
              f"wall = {fbr['wall'] / ftr['wall']:.2f}×; two cores / one core (wall) = "
              f"{res['fb_jsonl_1']['wall'] / res['fb_jsonl']['wall']:.2f}×" if kind == "jsonl" else
              f"- .{kind}: forbattra / fastText CPU seconds = {fbr['cpu'] / ftr['cpu']:.2f}×, "
              f"wall = {fbr['wall'] / ftr['wall']:.2f}×")


if __name__ == "__main__":
    main()
