"""Duplicates benchmark: pair precision/recall/F1 against labelled sets, and cost at scale.

Quality (default). Sets with columns ``group,text`` (rows sharing ``group`` are the same proposal;
a singleton has a group of its own or none):

* ``corpus/duplicates2/dev.csv``, ``corpus/duplicates3/dev3.csv``, ``dev4.csv`` (an independent
  writer's realistic sets with many hard negatives) and ``corpus/paraphrases/paraphrases.csv``,
  ``dev2_paraphrases.csv``: the pair scorer was trained on all five (``tools/train_pair_scorer.py``,
  whose leave-one-set-out table is the honest figure for them), so their rows here are in-sample;
* ``corpus/duplicates2/heldout.csv`` and ``corpus/paraphrases/heldout_paraphrases.csv``: unseen
  (never tuned or trained on).

forbattra runs ``find_duplicates`` with its defaults, and with ``precise=True`` (the learnt pair
scorer with e5 sentence-embedding features; needs the ``precise`` extra, else skipped). Baselines,
each tuned on duplicates2/dev in the same run (max F1 over a grid) and reused unchanged on every
set: char_wb(3-5) TF-IDF cosine with union-find grouping (the ratio column: forbattra's F1 over
this baseline's), and e5 cosine alone (the same query-prefixed vectors as the precise mode; its
threshold and its grouping, union-find or forbattra's average linkage, tuned) — the honest
comparison for the precise mode. ``--dev-only`` leaves the held-out sets out (for tuning).
Speed: texts per CPU-second of each method over all sets (embedding included where used).

Scale (``--scale N``): a synthetic export of N rows drawn from ``corpus/dev`` with replacement, 39 %
of them exact repeats (as in a realistic big export), the rest made distinct by a case number.
``forbattra duplicates`` runs as a subprocess: wall seconds, CPU seconds (user+sys) and peak RSS.
``--classify N`` measures ``classify -o x.xlsx`` with and without the Dubbletter sheet on N rows
(``--repeat`` times each, interleaved; medians). Every classify run is timed as ``bench_scale.py`` times
its runs: CPU seconds of the whole process tree (the sheet's forked process included), the main
process's own CPU seconds, and peak RSS summed over the tree (sampled every 0.1 s). ``--against SRC``
times an older forbattra (its ``src`` folder, e.g. from ``git archive``) in the same rounds, old and new
alternating. ``--xlsx-jsonl N``: N rows (``bench_scale.py``'s file: every text distinct) → .xlsx with the
Dubbletter sheet against the same rows → .jsonl (issue 14: ≤ 2×, ≤ 2 GB), ``--repeat`` rounds.

Run: python benchmarks/bench_duplicates.py [--dev-only] [--no-precise] [--scale 100000] [--classify 10000]
     [--against /tmp/old/src] [--xlsx-jsonl 100000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "corpus/duplicates2/dev.csv"
SETS = [("duplicates2 dev (trained on)", DEV),
        ("duplicates3 dev3 (trained on)", ROOT / "corpus/duplicates3/dev3.csv"),
        ("duplicates3 dev4 (trained on)", ROOT / "corpus/duplicates3/dev4.csv"),
        ("paraphrases (trained on)", ROOT / "corpus/paraphrases/paraphrases.csv"),
        ("paraphrases dev2 (trained on)", ROOT / "corpus/paraphrases/dev2_paraphrases.csv"),
        ("duplicates2 held-out", ROOT / "corpus/duplicates2/heldout.csv"),
        ("paraphrases held-out", ROOT / "corpus/paraphrases/heldout_paraphrases.csv")]
GRID = [round(x, 2) for x in np.arange(0.10, 0.91, 0.02)]


def gold_pairs(groups):
    by = {}
    for i, g in enumerate(groups):
        by.setdefault(g, []).append(i)
    return {p for ids in by.values() for p in combinations(ids, 2)}


def pred_pairs(labels):
    by = {}
    for i, g in enumerate(labels):
        if g is not None:
            by.setdefault(g, []).append(i)
    return {p for ids in by.values() for p in combinations(ids, 2)}


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def counts(labels, groups):
    g, p = gold_pairs(groups), pred_pairs(labels)
    return len(g & p), len(p - g), len(g - p)


def load(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    groups = [g if g.strip() else f"_single{i}" for i, g in enumerate(df["group"])]
    units = list(df["enhet"]) if "enhet" in df else [None] * len(df)
    return list(df["text"]), groups, units


def frame(texts, units):
    return pd.DataFrame({"_row": range(1, len(texts) + 1), "_id": None, "_text": texts, "_group": units})


def ours(texts, units, **kw):
    from forbattra.analysis.duplicates import find_duplicates

    return list(find_duplicates(frame(texts, units), **kw)["duplicate_group"])


def cpu(fn, *args, **kw):
    """(result, CPU seconds of this process)."""
    t0 = time.process_time()
    r = fn(*args, **kw)
    return r, time.process_time() - t0


def e5_baseline(E, th, link):
    """e5 cosine ≥ th alone: union-find ("single") or forbattra's average-linkage grouping ("average")."""
    from forbattra.analysis.duplicates import CORE, _UnionFind

    S = E @ E.T
    n = len(E)
    i, j = np.nonzero(np.triu(S, 1) >= th)
    order = np.lexsort((j, i, -S[i, j]))
    uf, members, linked = _UnionFind(n), {}, set()
    for a, b in zip(i[order].tolist(), j[order].tolist()):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        ma, mb = members.get(ra, [ra]), members.get(rb, [rb])
        if link == "average" and len(ma) + len(mb) > 2 and S[np.ix_(ma[:CORE], mb[:CORE])].mean() < th:
            continue
        uf.union(ra, rb)
        members[uf.find(ra)] = sorted(ma + mb)
        linked.update((a, b))
    return [uf.find(k) if k in linked else None for k in range(n)]


def char_sims(texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(
        [t.casefold() for t in texts])
    return (X @ X.T).toarray()


def baseline(texts, th, S=None):
    """char_wb 3-5 TF-IDF cosine ≥ th, union-find grouping (all pairs; the sets are small)."""
    from forbattra.analysis.duplicates import _UnionFind

    S = char_sims(texts) if S is None else S
    uf = _UnionFind(len(texts))
    linked = set()
    for i, j in zip(*np.nonzero(np.triu(S, 1) >= th)):
        uf.union(int(i), int(j))
        linked.update((int(i), int(j)))
    return [uf.find(i) if i in linked else None for i in range(len(texts))]


def quality(dev_only: bool, precise: bool):
    from forbattra.analysis.duplicates import default_threshold, embed
    from forbattra.scoring.embed import available

    sets = [(name, p) for name, p in SETS if p.exists() and not (dev_only and "held-out" in name)]
    data = {name: load(p) for name, p in sets}
    dev_t, dev_g, _ = data[SETS[0][0]]
    S_dev = char_sims(dev_t)
    base_th = max(GRID, key=lambda th: (prf(*counts(baseline(dev_t, th, S_dev), dev_g))[2], -th))
    precise = precise and available()
    vecs, emb_cpu = {}, {}
    if precise:
        from forbattra.scoring.embed import Embedder

        for name, (texts, _g, _u) in data.items():
            emb = Embedder(prefix="query")
            vecs[name], emb_cpu[name] = cpu(embed, texts, emb)
            vecs[name] = (vecs[name], emb)
        E_dev = vecs[SETS[0][0]][0]
        e5_grid = [(round(th, 3), link) for th in np.arange(0.85, 0.96, 0.005) for link in ("single", "average")]
        e5_th, e5_link = max(e5_grid, key=lambda c: (prf(*counts(e5_baseline(E_dev, *c), dev_g))[2], -c[0]))
    print("| set | size | method | precision | recall | F1 | TP | FP | FN | F1 ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    speed: dict[str, list[float]] = {}
    for name, (texts, groups, units) in data.items():
        n_groups = int((pd.Series(groups).value_counts() >= 2).sum())
        info = f"{len(texts)} texts, {n_groups} groups, {len(gold_pairs(groups))} gold pairs"
        runs = [(f"forbattra duplicates (defaults, threshold {default_threshold()})", *cpu(ours, texts, units))]
        if precise:
            E, emb = vecs[name]
            lab, sec = cpu(ours, texts, units, precise=True, embedder=emb)
            runs.append((f"forbattra duplicates --precise (threshold {default_threshold(True)})", lab, sec + emb_cpu[name]))
        runs.append((f"char_wb(3-5) TF-IDF cosine (threshold {base_th:.2f}, tuned on duplicates2 dev)",
                     *cpu(baseline, texts, base_th)))
        if precise:
            lab, sec = cpu(e5_baseline, E, e5_th, e5_link)
            runs.append((f"e5 cosine only ({e5_link} link, threshold {e5_th:.3f}, tuned on duplicates2 dev)",
                         lab, sec + emb_cpu[name]))
        res = []
        for meth, labels, sec in runs:
            tp, fp, fn = counts(labels, groups)
            res.append((meth, *prf(tp, fp, fn), tp, fp, fn))
            sp = speed.setdefault(meth.split(" (")[0], [0.0, 0.0])
            sp[0] += len(texts)
            sp[1] += sec
        char_f1 = next(r[3] for r in res if r[0].startswith("char_wb"))
        for meth, p, r, f, tp, fp, fn in res:
            ratio = f"{f / char_f1:.2f}" if meth.startswith("forbattra") and char_f1 else ""
            print(f"| {name} | {info} | {meth} | {p:.3f} | {r:.3f} | {f:.3f} | {tp} | {fp} | {fn} | {ratio} |")
    print("\n| method | texts | CPU s | texts per CPU-second |\n|---|---|---|---|")
    for meth, (k, sec) in speed.items():
        print(f"| {meth} | {k:.0f} | {sec:.1f} | {k / sec:.0f} |")


def make_export(n: int, path: Path) -> None:
    files = sorted((ROOT / "corpus" / "dev").glob("*.csv"))
    df = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(df), n)
    repeat = rng.random(n) < 0.39
    texts = [t if r else f"{t} (ärende {i})" for i, (t, r) in enumerate(zip(df["text"].to_numpy()[idx], repeat))]
    pd.DataFrame({"id": np.arange(n), "enhet": df["enhet"].to_numpy()[idx], "text": texts}).to_csv(
        path, sep=";", index=False)


def run(cmd: list[str]) -> tuple[float, float, float]:
    """Wall s, CPU s (user+sys of the process and its reaped children) and peak RSS (MB)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def scale(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "export.csv"
        make_export(n, src)
        wall, cpu, rss = run([sys.executable, "-m", "forbattra", "-q", "duplicates", str(src),
                              "--out", str(Path(tmp) / "d.jsonl")])
        print(f"| duplicates, {n:,} rows (39 % repeats) | {wall:.1f} | {cpu:.1f} | {rss:.0f} |")


def _timed(cmd: list[str], src: Path | None = None) -> dict:
    """``bench_scale.timed`` with ``PYTHONPATH`` set to ``src`` (this checkout's by default)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_scale import timed

    return timed(cmd, env={"PYTHONPATH": str(src or ROOT / "src")})


def _row(label: str, runs: list[dict]) -> list[float]:
    med = [float(np.median([r[k] for r in runs])) for k in ("wall", "cpu", "main", "rss")]
    each = ", ".join(f"{r['cpu']:.1f}" for r in runs)
    print(f"| {label} (median of {len(runs)}; CPU s each: {each}) | {med[0]:.1f} | {med[1]:.1f} | {med[2]:.1f} "
          f"| {med[3]:.0f} |")
    return med


def classify(n: int, repeat: int, against: str | None = None) -> None:
    """With and without the sheet, ``repeat`` times interleaved (and the older forbattra ``against``,
    alternating); the median of each (CPU time on a shared, loaded machine varies by ±30 % between
    single runs)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "export.csv"
        make_export(n, src)
        _interleaved(lambda flag: ["classify", str(src), flag, "--out", str(Path(tmp) / "c.xlsx")],
                     ("--no-duplicates", "--duplicates"), lambda v, flag: f"{v}classify -o x.xlsx {flag}, {n:,} rows",
                     "ratio with/without the sheet (medians)", repeat, against)


def _interleaved(args, variants, name, ratio: str, repeat: int, against: str | None) -> None:
    """Run ``forbattra -q *args(variant)`` for both ``variants`` (and the older forbattra ``against``),
    ``repeat`` times interleaved; print the medians and the second variant's ratio to the first."""
    versions = [("", None)] + ([("old: ", Path(against))] if against else [])
    res: dict[tuple, list] = {(v, x): [] for v, _ in versions for x in variants}
    for _ in range(repeat):
        for (v, x), runs in res.items():
            runs.append(_timed([sys.executable, "-m", "forbattra", "-q", *args(x)], dict(versions)[v]))
    print("\n| run | wall s | CPU s (tree) | main process CPU s | peak RSS MB (tree) |\n|---|---|---|---|---|")
    med = {key: _row(name(*key), runs) for key, runs in res.items()}
    for v, _ in versions:
        a, b = med[(v, variants[0])], med[(v, variants[1])]
        print(f"| {v}{ratio} | {b[0] / a[0]:.2f} | {b[1] / a[1]:.2f} | {b[2] / a[2]:.2f} | {b[3] / a[3]:.2f} |")


def xlsx_jsonl(n: int, repeat: int, against: str | None = None) -> None:
    """N distinct rows → .xlsx (with the Dubbletter sheet) against → .jsonl, interleaved."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_scale import make_inputs

    with tempfile.TemporaryDirectory() as tmp:
        big, _mid, _small = make_inputs(n, Path(tmp))
        _interleaved(lambda suf: ["classify", str(big), "--out", str(Path(tmp) / f"o.{suf}")], ("jsonl", "xlsx"),
                     lambda v, suf: f"{v}{n:,} rows → .{suf}", "ratio .xlsx / .jsonl (medians)", repeat, against)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, nargs="*", default=[], help="rows for the duplicates cost runs")
    ap.add_argument("--classify", type=int, nargs="*", default=[], help="rows for the classify sheet-cost runs")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved runs per classify variant (median reported)")
    ap.add_argument("--against", metavar="SRC", help="also time an older forbattra's src folder, alternating")
    ap.add_argument("--xlsx-jsonl", type=int, nargs="*", default=[], help="rows → .xlsx against → .jsonl")
    ap.add_argument("--no-quality", action="store_true")
    ap.add_argument("--dev-only", action="store_true", help="leave the held-out sets out (for tuning)")
    ap.add_argument("--no-precise", action="store_true", help="leave the precise mode and the e5 baseline out")
    args = ap.parse_args()
    if not args.no_quality:
        quality(args.dev_only, not args.no_precise)
    if args.scale:
        print("\n| run | wall s | CPU s | peak RSS MB |\n|---|---|---|---|")
        for n in args.scale:
            scale(n)
    for n in args.classify:
        classify(n, args.repeat, args.against)
    for n in args.xlsx_jsonl:
        xlsx_jsonl(n, args.repeat, args.against)
    print(f"\nCommand: python {' '.join(sys.argv)}")


if __name__ == "__main__":
    main()
