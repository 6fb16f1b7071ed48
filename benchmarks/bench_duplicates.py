"""Pairwise P/R/F1 of `find_duplicates` vs a character TF-IDF cosine baseline on a hand-labelled
paraphrase set (corpus/paraphrases/paraphrases.csv: group,text; groups 'gNN' are paraphrases,
'sNNN' singletons).

Threshold tuning is the same for both methods: 2-fold by group (even/odd groups + half the
singletons), the threshold that maximises F1 on one fold is scored on the other; figures are the
pooled counts of both held-out folds. Run: python benchmarks/bench_duplicates.py
"""

import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
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


def ours(texts, th):
    from forbattra.duplicates import find_duplicates

    f = pd.DataFrame({"_row": range(1, len(texts) + 1), "_id": None, "_text": texts})
    return list(find_duplicates(f, threshold=th)["duplicate_group"])


def baseline(texts, th):
    """char_wb 3-5 TF-IDF cosine + same union-find grouping (all pairs; the sets are small)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from forbattra.duplicates import _UnionFind

    X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(
        [t.casefold() for t in texts])
    S = (X @ X.T).toarray()
    uf = _UnionFind(len(texts))
    linked = set()
    for i, j in zip(*np.nonzero(np.triu(S, 1) >= th)):
        uf.union(int(i), int(j))
        linked.update((int(i), int(j)))
    return [uf.find(i) if i in linked else None for i in range(len(texts))]


def counts(method, texts, groups, th):
    g, p = gold_pairs(groups), pred_pairs(method(texts, th))
    return len(g & p), len(p - g), len(g - p)


def main():
    df = pd.read_csv(ROOT / "corpus/paraphrases/paraphrases.csv", dtype=str)
    folds = []
    for k in (0, 1):
        keep = [i for i, g in enumerate(df["group"]) if int(g[1:]) % 2 == k]
        folds.append(df.iloc[keep].reset_index(drop=True))
    rows = []
    for name, method in (("forbattra duplicates (lemma+atoms+synonyms+char)", ours),
                         ("baseline: char_wb 3-5 TF-IDF cosine", baseline)):
        t0 = time.perf_counter()
        tot = np.zeros(3)
        ths = []
        for k in (0, 1):
            tune, test = folds[k], folds[1 - k]
            best = max(GRID, key=lambda th: (prf(*counts(method, list(tune.text), list(tune.group), th))[2], -th))
            ths.append(best)
            tot += counts(method, list(test.text), list(test.group), best)
        p, r, f = prf(*tot)
        # default threshold of the tool, whole set (for reference)
        rows.append((name, ths, p, r, f, int(tot[0]), int(tot[1]), int(tot[2]), time.perf_counter() - t0))
    from forbattra.duplicates import DEFAULT_THRESHOLD

    tp, fp, fn = counts(ours, list(df.text), list(df.group), DEFAULT_THRESHOLD)
    p0, r0, f0 = prf(tp, fp, fn)
    n_groups = df.group.str.startswith("g").groupby(df.group).first().sum()
    print(f"Paraphrase set: {len(df)} texts, {n_groups} paraphrase groups, {len(gold_pairs(list(df.group)))} gold pairs\n")
    print("| method | tuned thresholds (fold A, B) | precision | recall | F1 | TP | FP | FN | wall s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, ths, p, r, f, tp_, fp_, fn_, wall in rows:
        print(f"| {name} | {ths[0]:.2f}, {ths[1]:.2f} | {p:.3f} | {r:.3f} | {f:.3f} | {tp_} | {fp_} | {fn_} | {wall:.1f} |")
    print(f"| forbattra at default threshold {DEFAULT_THRESHOLD} (whole set, untuned) | - | {p0:.3f} | {r0:.3f} | {f0:.3f} | {tp} | {fp} | {fn} | - |")
    print(f"\nCommand: python {' '.join(sys.argv)}")


if __name__ == "__main__":
    main()
