"""Speed and memory benchmark (issue 6), each figure next to a baseline measured in the same run.

    python benchmarks/bench_scale.py [--rows 1000000]

* classify N suggestions (CSV in, JSONL out) end to end as a subprocess: wall time, rows/s and
  peak memory (max RSS of the process and its workers);
* baseline: a spaCy Swedish tokenizer-only pass over the same texts (``nlp.tokenizer.pipe``), in
  its own subprocess, so the ratio is measured under the same machine load;
* a 1,500-row .xlsx end to end including interpreter start-up;
* ``forbattra --help`` start-up.
The texts are the development corpus sampled with replacement, each with a random row number
appended so no two texts are identical (no cache can answer for a repeated text).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_inputs(n: int, folder: Path) -> tuple[Path, Path]:
    import numpy as np
    import pandas as pd
    import xlsxwriter

    files = sorted((ROOT / "corpus" / "dev").glob("*.csv"))
    df = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(df), n)
    texts = [f"{t} (ärende {i})" for i, t in zip(range(n), df["text"].to_numpy()[idx])]
    big = folder / "big.csv"
    pd.DataFrame({"id": np.arange(n), "enhet": df["enhet"].to_numpy()[idx], "text": texts}).to_csv(big, sep=";", index=False)
    small = folder / "forslag_1500.xlsx"
    with xlsxwriter.Workbook(str(small), {"strings_to_formulas": False}) as wb:
        ws = wb.add_worksheet("Förslag")
        for j, h in enumerate(["Förslags-ID", "Enhet", "Beskriv ditt förslag"]):
            ws.write_string(0, j, h)
        for i in range(1500):
            ws.write_string(i + 1, 0, str(i))
            ws.write_string(i + 1, 1, df["enhet"].iloc[idx[i]])
            ws.write_string(i + 1, 2, texts[i])
    return big, small


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


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds and peak memory (MB: RSS summed over the process and its workers, sampled
    every 0.1 s; pages shared after fork are counted once per process, so this is an upper bound)."""
    import tempfile as _tf

    t0 = time.perf_counter()
    with _tf.TemporaryFile("w+") as out, _tf.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read()}")
        return wall, peak / 2**20, out.read()


TOKENIZER_ONLY = """
import sys, time, pandas as pd, spacy
texts = pd.read_csv(sys.argv[1], sep=';', dtype=str, keep_default_na=False)['text'].tolist()
nlp = spacy.blank('sv')
t0 = time.perf_counter()
n = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=1000))
print(time.perf_counter() - t0, n)
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        big, small = make_inputs(args.rows, folder)
        out = folder / "out.jsonl"
        wall_tok, rss_tok, so = timed([py, "-c", TOKENIZER_ONLY, str(big)])
        tok_only = float(so.split()[0])
        wall, rss, _ = timed([py, "-m", "forbattra", "--quiet", "classify", str(big), "-o", str(out)])
        wall1, rss1, _ = timed([py, "-m", "forbattra", "--quiet", "classify", str(big), "-o", str(folder / "o1.jsonl"), "--jobs", "1"])
        n_out = sum(1 for _ in open(out, encoding="utf-8"))
        assert n_out == args.rows, (n_out, args.rows)
        walls_small = [timed([py, "-m", "forbattra", "--quiet", "classify", str(small), "-o", str(folder / "s.xlsx")])[0]
                       for _ in range(3)]
        walls_help = [timed(["forbattra", "--help"])[0] for _ in range(5)]
        walls_py = [timed([py, "-c", "pass"])[0] for _ in range(5)]
    print("# Scale benchmark\n")
    print(f"Machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores. "
          f"Command: `python benchmarks/bench_scale.py --rows {args.rows}`\n")
    print("| measurement | value |\n|---|---|")
    print(f"| classify {args.rows:,} rows CSV → JSONL, both cores (wall, incl. start-up, reading, writing) | {wall:.1f} s = {args.rows / wall:,.0f} rows/s |")
    print(f"| the same with `--jobs 1` | {wall1:.1f} s = {args.rows / wall1:,.0f} rows/s |")
    print(f"| peak memory (RSS summed over main process + workers, upper bound) | {rss:,.0f} MB (jobs 1: {rss1:,.0f} MB) |")
    print(f"| baseline: spaCy tokenizer-only pass over the same texts (tokenising alone, no I/O) | {tok_only:.1f} s "
          f"(process wall {wall_tok:.1f} s) |")
    print(f"| ratio forbattra classify (2 cores, end to end) / spaCy tokenizer only | {wall / tok_only:.2f} |")
    print(f"| 1,500-row .xlsx end to end incl. start-up (best of 3) | {min(walls_small):.2f} s |")
    print(f"| `forbattra --help` (best of 5) | {min(walls_help):.2f} s (bare `python -c pass`: {min(walls_py):.2f} s) |")


if __name__ == "__main__":
    main()
