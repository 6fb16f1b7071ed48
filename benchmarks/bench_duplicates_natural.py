"""Duplicates at a natural base rate: the duplicates people happened to write, judged pair by pair.

The labelled duplicate sets (``bench_duplicates.py``) were written to contain paraphrase groups: half
of their texts have a duplicate. In a real export most suggestions have none, so a scorer meets many
more close-but-different pairs per true pair there. This benchmark measures on whole realistic files
whose duplicates were not planned:

* ``corpus/realistic/w1.csv`` (700 suggestions; **dev**: thresholds may be chosen here) and
* ``corpus/heldout2/w3.csv`` (500 suggestions of another writer; **held-out**: measured, never tuned on),

with the judged pairs of ``corpus/duplicates4/`` (see its README: candidate pairs pooled from four
methods and judged 2 = same proposal, 1 = partly, 0 = different by annotators who saw no scores).

Figures per method: pair precision (a predicted pair — two rows in one group — counts as right when
judged 2; *lenient*: judged 1 or 2), pooled recall (of the pairs judged 2, the share predicted) and F1,
and how many predicted pairs were never judged (left out of the precision; a new method's pairs may
fall outside the pool). Baseline: char_wb(3-5) TF-IDF cosine with union-find, its threshold chosen on
the dev file (max F1 with the same counting); ratio = forbattra's F1 / the baseline's.

Run: python benchmarks/bench_duplicates_natural.py [--precise] [--curve]
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tools"))

SETS = [("w1 natural (dev)", ROOT / "corpus/realistic/w1.csv", ROOT / "corpus/duplicates4/w1_judged.csv"),
        ("w3 natural (held-out)", ROOT / "corpus/heldout2/w3.csv", ROOT / "corpus/duplicates4/w3_judged.csv")]
GRID = [round(x, 3) for x in np.arange(0.30, 0.951, 0.025)]


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def load(src: Path, judged: Path):
    from train_pair_scorer import judged_pairs

    df, labels = judged_pairs(src, judged)
    return list(df["text"]), list(df["enhet"]), labels


def score(pred: set, labels: dict) -> dict:
    judged = [labels[p] for p in pred if p in labels]
    same = sum(1 for v in judged if v == 2)
    partly = sum(1 for v in judged if v == 1)
    gold = sum(1 for v in labels.values() if v == 2)
    p = same / len(judged) if judged else 0.0
    r = same / gold if gold else 0.0
    return {"pairs": len(pred), "unjudged": len(pred) - len(judged), "p": p,
            "p_lenient": (same + partly) / len(judged) if judged else 0.0, "r": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0, "gold": gold}


def forbattra(texts, units, **kw):
    from forbattra.analysis.duplicates import find_duplicates

    frame = pd.DataFrame({"_row": range(1, len(texts) + 1), "_id": None, "_text": texts, "_group": units})
    return list(find_duplicates(frame, **kw)["duplicate_group"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--precise", action="store_true", help="also forbattra --precise (needs the 'precise' extra)")
    ap.add_argument("--curve", action="store_true", help="forbattra's figures at every threshold (dev file only)")
    args = ap.parse_args()
    from bench_duplicates import baseline, char_sims, pred_pairs

    from forbattra.analysis.duplicates import default_threshold

    data = {name: load(src, judged) for name, src, judged in SETS if judged.exists()}
    if not data:
        raise SystemExit("no judged sets in corpus/duplicates4/")
    dev_name = SETS[0][0]
    dev_t, _u, dev_l = data[dev_name]
    S_dev = char_sims(dev_t)
    base_th = max(GRID, key=lambda th: (score(pred_pairs(baseline(dev_t, th, S_dev)), dev_l)["f1"], -th))
    print("| file | judged pairs (same / partly / different) | method | precision | lenient precision | "
          "recall (pooled) | F1 | predicted pairs | not judged | F1 ratio | CPU s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, (texts, units, labels) in data.items():
        counts = [sum(1 for v in labels.values() if v == k) for k in (2, 1, 0)]
        info = f"{len(labels)} ({counts[0]} / {counts[1]} / {counts[2]})"
        runs = []
        t = cpu()
        runs.append((f"forbattra duplicates (threshold {default_threshold()})", forbattra(texts, units), cpu() - t))
        if args.precise:
            t = cpu()
            runs.append((f"forbattra duplicates --precise (threshold {default_threshold(True)})",
                         forbattra(texts, units, precise=True), cpu() - t))
        t = cpu()
        runs.append((f"char_wb(3-5) TF-IDF cosine (threshold {base_th:.3f}, chosen on the dev file)",
                     baseline(texts, base_th), cpu() - t))
        res = [(m, score(pred_pairs(g), labels), sec) for m, g, sec in runs]
        base_f1 = res[-1][1]["f1"]
        for m, s, sec in res:
            ratio = f"{s['f1'] / base_f1:.2f}" if m.startswith("forbattra") and base_f1 else ""
            print(f"| {name} | {info} | {m} | {s['p']:.3f} | {s['p_lenient']:.3f} | {s['r']:.3f} | {s['f1']:.3f} | "
                  f"{s['pairs']} | {s['unjudged']} | {ratio} | {sec:.1f} |")
    if args.curve:
        texts, units, labels = data[dev_name]
        print(f"\n{dev_name}: forbattra at each threshold\n\n| threshold | precision | lenient | recall | F1 | pairs | not judged |")
        print("|---|---|---|---|---|---|---|")
        for th in GRID:
            s = score(pred_pairs(forbattra(texts, units, threshold=th)), labels)
            print(f"| {th:.3f} | {s['p']:.3f} | {s['p_lenient']:.3f} | {s['r']:.3f} | {s['f1']:.3f} | {s['pairs']} | {s['unjudged']} |")


if __name__ == "__main__":
    main()
