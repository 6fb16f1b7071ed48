"""Reading speed of delimited files (issue 15): forbattra's readers next to baselines, in one run.

    python benchmarks/bench_reading.py [--rows 200000]

Writes a CSV of N rows (id;enhet;text, text ~90 characters, a few quoted multi-line cells) and reads it
  * with pandas.read_csv (C engine, dtype=str, no NA parsing): the tuned baseline for parsing alone;
  * with the standard library's csv.reader over the decoded text (what the readers used before the
    unbalanced-quote check);
  * with forbattra.inputs.tables.read_suggestions (whole file, every check and role column);
  * with forbattra.inputs.tables.iter_suggestions, the streaming reader: the default reads the file
    twice (the columns first), ``single_pass=True`` once (what ``classify`` uses; it reads again only
    when a later row fills a column the first rows left empty).
Each is run 3 times; the best wall and CPU (user+sys of this process) seconds are reported, with the
ratio to pandas.read_csv.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from forbattra.inputs.tables import iter_suggestions, read_suggestions  # noqa: E402

WORDS = ["vikarier", "schemat", "lokalerna", "datorerna", "introduktion", "handledning", "brukarna",
         "rutinerna", "mötena", "arbetsmiljön", "kollegor", "dokumentationen"]


def make_csv(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(["id", "Enhet", "Förslag"])
        for i in range(n):
            words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(6)]
            text = f"Vi behöver se över {words[0]} och {words[1]} så att {words[2]} fungerar för {words[3]} ({i})"
            if i % 500 == 0:
                text += f"\nOch {words[4]}; {words[5]}."
            w.writerow([i, f"Enhet {i % 37}", text])


def best(fn, repeat: int = 3) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), os.times()
        fn()
        c1 = os.times()
        walls.append(time.perf_counter() - t0)
        cpus.append((c1.user - c0.user) + (c1.system - c0.system))
    return min(walls), min(cpus)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    args = ap.parse_args()
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stor.csv"
        make_csv(path, args.rows)
        size = path.stat().st_size

        def pandas_read():
            pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")

        def stdlib_read():
            text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
            [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=";") if r]

        def whole():
            assert len(read_suggestions(path).frame) == args.rows

        def streamed(single_pass: bool = False):
            _, _, chunks = iter_suggestions(path, single_pass=single_pass)
            assert sum(len(c) for c in chunks) == args.rows

        rows = [("pandas.read_csv (baseline)", *best(pandas_read)), ("csv.reader", *best(stdlib_read)),
                ("read_suggestions (whole file)", *best(whole)),
                ("iter_suggestions (streaming, two scans)", *best(streamed)),
                ("iter_suggestions (streaming, single pass: classify's)", *best(lambda: streamed(True)))]
    base_wall, base_cpu = rows[0][1], rows[0][2]
    print(f"{args.rows:,} rows, {size / 1e6:.1f} MB, best of 3\n")
    print("| reader | wall s | CPU s | wall / baseline | CPU / baseline |")
    print("|---|---:|---:|---:|---:|")
    for name, wall, cpu in rows:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {wall / base_wall:.1f} | {cpu / base_cpu:.1f} |")


if __name__ == "__main__":
    main()
