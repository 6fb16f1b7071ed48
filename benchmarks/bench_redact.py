"""Cost of masking names (`classify --redact`) with many people in the person column, in one run.

    python benchmarks/bench_redact.py [--rows 10000] [--names 3000] [--against OLD/src]

Writes an export of N rows (Id;Enhet;Namn;Förslag) whose person column holds K distinct people (first name,
last name, some double-barrelled), the texts taken from `sample_data/forslag.csv`, one in ten naming another
person ("Kontakta Anna Berg om detta."). Then runs `forbattra classify FILE -o out.jsonl` as a subprocess,
alternating, 3 rounds:
  * without `--redact`: the baseline, the same run's cost of everything but masking;
  * with `--redact`;
  * with `--redact` from another source tree (``--against``, e.g. an older version), outputs compared.
Reports the best wall and CPU seconds (the process and its children) of each, and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FIRST = ("Anna Maria Karin Sara Lena Emma Kristina Elin Ida Johanna Linnea Hanna Malin Sofia Eva Fatima Amina Lars "
         "Erik Per Karl Johan Anders Mikael Jan Peter Hans Ali Mohammed Ahmed Nils Olof Gustav Oskar Lisa Ulla Maja "
         "Siv Bo Dan Tove Agnes Märta Åsa Örjan Björn Stig Inga Mats Göran Yıldız").split()
LAST = ("Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson "
        "Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson Lindström Lindqvist Lindgren Berg Axelsson "
        "Bergström Lundberg Lind Lundgren Mattsson Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin "
        "Engström Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson Holm Wikström Samuelsson Isaksson "
        "Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg Blomqvist Claesson Nordström Mårtensson Ahmed Viklund "
        "Eliasson Pålsson Berggren Sandström Lund Nordin Ström Åberg Hermansson Ekström Sundberg Hussein Dahlberg "
        "Hedlund Ekman Öberg Abdi Jonasson Strand Hellström Åkesson Şahin").split()


def make_export(path: Path, rows: int, names: int) -> None:
    rng = random.Random(7)
    people: set[str] = set()
    while len(people) < min(names, len(FIRST) * len(LAST) * 4):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        people.add(name + (f"-{rng.choice(LAST)}" if rng.random() < 0.3 else ""))
    ordered = sorted(people)
    lines = (ROOT / "sample_data" / "forslag.csv").read_text(encoding="cp1252").splitlines()[1:]
    texts = [line.split(";", 5)[5].strip() for line in lines if line.count(";") >= 5]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Id", "Enhet", "Namn", "Förslag"])
        for i in range(rows):
            text = rng.choice(texts)
            if rng.random() < 0.1:
                text += f" Kontakta {rng.choice(ordered)} om detta."
            w.writerow([i + 1, f"Enhet {rng.randrange(40)}", rng.choice(ordered), text])


def run(src: Path, args: list[str]) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    t0, c0 = time.perf_counter(), os.times()
    subprocess.run([sys.executable, "-m", "forbattra", "classify", *args, "-q"], env=env, check=True)
    c1 = os.times()
    return time.perf_counter() - t0, (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--names", type=int, default=3_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--against", type=Path, help="another source tree (its src/ folder) to time with --redact")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        export = d / "export.csv"
        make_export(export, a.rows, a.names)
        runs = {"classify (no masking): baseline": (ROOT / "src", []), "classify --redact": (ROOT / "src", ["--redact"])}
        if a.against:
            runs["classify --redact, --against"] = (a.against, ["--redact"])
        best: dict[str, tuple[float, float]] = {}
        for r in range(a.rounds):
            for k, (src, extra) in runs.items():
                out = d / f"{abs(hash(k))}-{r}.jsonl"
                wall, cpu = run(src, [str(export), "-o", str(out), *extra])
                old = best.get(k)
                best[k] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
        if a.against:
            same = filecmp.cmp(d / f"{abs(hash('classify --redact'))}-0.jsonl",
                               d / f"{abs(hash('classify --redact, --against'))}-0.jsonl", shallow=False)
            print(f"outputs of --redact, this tree and --against: {'byte-identical' if same else 'DIFFERENT'}")
        base = best["classify (no masking): baseline"]
        print(f"{a.rows:,} rows, {a.names:,} people in the person column; best of {a.rounds}, load "
              f"{os.getloadavg()[0]:.1f}\n")
        print("| run | wall s | CPU s | CPU / baseline |\n|---|---|---|---|")
        for k, (wall, cpu) in best.items():
            print(f"| {k} | {wall:.2f} | {cpu:.2f} | {cpu / base[1]:.2f}× |")


if __name__ == "__main__":
    main()
