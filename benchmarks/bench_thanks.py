"""The thanks rule (issue 11, thirteenth round): precision and recall of "this answer only thanks".

    PYTHONPATH=src python benchmarks/bench_thanks.py

* ``corpus/thanks/answers.csv``: 240 answers that all open with a thanks, by a writer who never saw the rule
  (``only_thanks`` 1/0);
* every labelled corpus (``corpus/dev``, ``corpus/realistic``, ``corpus/heldout2/w3``): how many answers the
  whole non-suggestion check flags, and how many of those carry a theme in the labels (they should not).
"""

from __future__ import annotations

import csv
import glob
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    import pandas as pd

    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    with open(ROOT / "corpus" / "thanks" / "answers.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    c = Counter((is_nonsuggestion(r["text"]), r["only_thanks"] == "1") for r in rows)
    tp, fp, fn = c[(True, True)], c[(True, False)], c[(False, True)]
    print("# The thanks rule\n")
    print("| set | answers | flagged | precision | recall |\n|---|---|---|---|---|")
    print(f"| corpus/thanks (held-out, opens with a thanks) | {len(rows)} | {tp + fp} | {tp / max(tp + fp, 1):.3f} | "
          f"{tp / max(tp + fn, 1):.3f} |")
    files = sorted(glob.glob(str(ROOT / "corpus" / "realistic" / "w*.csv"))) + [str(ROOT / "corpus/heldout2/w3.csv")]
    flagged, themed, total = 0, Counter(), 0
    for f in [f for f in files if not f.endswith("_labels.csv")] + sorted(glob.glob(str(ROOT / "corpus/dev/*.csv"))):
        t = pd.read_csv(f, dtype=str, keep_default_na=False)
        if "/dev/" in f:
            m = t.assign(standard=t["teman"])
        else:
            m = t.merge(pd.read_csv(f.replace(".csv", "_labels.csv"), dtype=str, keep_default_na=False), on="id")
        total += len(m)
        for text, gold in zip(m["text"], m["standard"]):
            if is_nonsuggestion(text):
                flagged += 1
                if gold != "ovrigt":
                    themed[gold] += 1
    n_themed = sum(themed.values())
    print(f"| labelled corpora (whole check: phrases and thanks) | {total} | {flagged} | "
          f"{(flagged - n_themed) / max(flagged, 1):.3f} (labelled `ovrigt`) | |")
    if themed:
        print("\nFlagged but labelled with a theme:", dict(themed))


if __name__ == "__main__":
    main()
