"""Pairwise P/R/F1 of `forbattra duplicates` (DEFAULT settings) vs a char_wb(3-5) TF-IDF cosine
baseline on the hand-labelled paraphrase sets (group,text; 'gNN' = paraphrase group, 'sNNN' = singleton):

* dev:      corpus/paraphrases/paraphrases.csv and dev2_paraphrases.csv (groups of 3-5; forbattra's
            weights and thresholds were tuned on these two together);
* held-out: corpus/paraphrases/heldout_paraphrases.csv (independent, if present; never tuned on).

The baseline's threshold is tuned on the dev set (max F1 over a grid) and reused unchanged on the
held-out set. forbattra runs with its defaults (threshold, theme model, synonym map).
Run: python benchmarks/bench_duplicates.py
"""

import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "corpus/paraphrases/paraphrases.csv"
DEV2 = ROOT / "corpus/paraphrases/dev2_paraphrases.csv"  # larger groups; tuned on together with DEV
HELDOUT = ROOT / "corpus/paraphrases/heldout_paraphrases.csv"
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


def ours(texts, th=None):
    from forbattra.analysis.duplicates import DEFAULT_THRESHOLD, find_duplicates

    f = pd.DataFrame({"_row": range(1, len(texts) + 1), "_id": None, "_text": texts})
    return list(find_duplicates(f, threshold=DEFAULT_THRESHOLD if th is None else th)["duplicate_group"])


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


def counts(labels, groups):
    g, p = gold_pairs(groups), pred_pairs(labels)
    return len(g & p), len(p - g), len(g - p)


def load(path):
    df = pd.read_csv(path, dtype=str).dropna(subset=["text"]).reset_index(drop=True)
    # an empty group means a singleton
    groups = [g if isinstance(g, str) and g.strip() else f"_single{i}" for i, g in enumerate(df.group)]
    return list(df.text), groups


def main():
    sets = [("dev", DEV)] + ([("dev2", DEV2)] if DEV2.exists() else []) + (
        [("held-out", HELDOUT)] if HELDOUT.exists() else [])
    data = {name: load(p) for name, p in sets}
    dev_t, dev_g = data["dev"]
    S_dev = char_sims(dev_t)
    base_th = max(GRID, key=lambda th: (prf(*counts(baseline(dev_t, th, S_dev), dev_g))[2], -th))
    from forbattra.analysis.duplicates import DEFAULT_THRESHOLD

    rows = []
    for name, _ in sets:
        texts, groups = data[name]
        sizes = pd.Series(groups).value_counts()
        n_groups = int((sizes >= 2).sum())
        info = f"{len(texts)} texts, {n_groups} groups, {len(gold_pairs(groups))} gold pairs"
        for meth, fn, th in ((f"forbattra duplicates (defaults, threshold {DEFAULT_THRESHOLD})", ours, None),
                             (f"char_wb(3-5) TF-IDF cosine (threshold {base_th:.2f}, tuned on dev)", baseline, base_th)):
            t0 = time.perf_counter()
            labels = fn(texts) if th is None else fn(texts, th)
            wall = time.perf_counter() - t0
            tp, fp, fn_ = counts(labels, groups)
            p, r, f = prf(tp, fp, fn_)
            rows.append((name, info, meth, p, r, f, tp, fp, fn_, wall))
    if not HELDOUT.exists():
        print(f"(held-out set {HELDOUT.relative_to(ROOT)} not found: dev only)\n")
    print("| set | size | method | precision | recall | F1 | TP | FP | FN | wall s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, info, meth, p, r, f, tp, fp, fn_, wall in rows:
        print(f"| {name} | {info} | {meth} | {p:.3f} | {r:.3f} | {f:.3f} | {tp} | {fp} | {fn_} | {wall:.2f} |")
    print("\nforbattra wall time includes loading the theme model on first use (dev row).")
    print(f"\nCommand: python {' '.join(sys.argv)}")


if __name__ == "__main__":
    main()
