"""Pool the candidate duplicate pairs of a whole file for judging (corpus/duplicates4/README.md).

    PYTHONPATH=src python tools/pool_duplicate_pairs.py corpus/heldout2/w3.csv --k 3 --out /tmp/w3_pool
    PYTHONPATH=src python tools/pool_duplicate_pairs.py corpus/realistic/w1.csv --k 2 --out /tmp/w1_pool

Every text's ``k`` nearest neighbours by char_wb(3-5) TF-IDF cosine, by e5 cosine (needs the ``precise``
extra) and by forbattra's shipped pair score among its candidate pairs, plus every pair that
``find_duplicates`` groups, are pooled (TREC-style pooling). Writes ``pairs_to_judge.csv``
(``pair,text_a,text_b``: shuffled, sides swapped at random, no scores or method names: what the
annotators see) and ``pair_key.csv`` (``pair,id_a,id_b,found_by``). Deterministic (fixed seed).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("source", type=Path, help="a CSV with id, enhet, text")
    ap.add_argument("--k", type=int, default=3, help="neighbours per text and method")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/forbattra_pair_scorer/e5_pool.npz"))
    args = ap.parse_args()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from train_pair_scorer import CachedEmbedder

    from forbattra.analysis import duplicates as D

    df = pd.read_csv(args.source, dtype=str, keep_default_na=False)
    texts, ids, n = list(df["text"]), list(df["id"]), len(df)
    pairs: dict[tuple[int, int], set[str]] = {}

    def add(i: int, j: int, how: str) -> None:
        if i != j:
            pairs.setdefault((min(i, j), max(i, j)), set()).add(how)

    def nearest(S, how: str) -> None:
        S = S.copy()
        np.fill_diagonal(S, -1)
        for i in range(n):
            for j in np.argsort(-S[i], kind="stable")[:args.k]:
                add(i, int(j), how)

    X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(
        [t.lower() for t in texts])
    nearest((X @ X.T).toarray(), "char")
    E = CachedEmbedder(args.cache).encode(texts).astype(np.float64)
    E /= np.linalg.norm(E, axis=1, keepdims=True)
    nearest(E @ E.T, "e5")
    frame = pd.DataFrame({"_row": range(1, n + 1), "_id": ids, "_text": texts, "_group": list(df["enhet"])})
    T, cand, rep_of, _copy = D.candidates(frame)
    rep_row: dict[int, int] = {}
    for row, r in enumerate(rep_of):
        if r >= 0:
            rep_row.setdefault(r, row)
    best: dict[int, list] = {}
    for (i, j, _c), s in zip(cand, T.scores(cand).tolist()):
        best.setdefault(i, []).append((s, j))
        best.setdefault(j, []).append((s, i))
    for i, lst in best.items():
        for _s, j in sorted(lst, reverse=True)[:args.k]:
            add(rep_row[i], rep_row[j], "forbattra")
    by: dict = {}
    for r, g in enumerate(D.find_duplicates(frame)["duplicate_group"]):
        if g is not None:
            by.setdefault(g, []).append(r)
    for rows in by.values():
        for a, b in itertools.combinations(rows, 2):
            add(a, b, "forbattra_group")
    keys = sorted(pairs)
    rng = random.Random(13)
    rng.shuffle(keys)
    shown, key = [], []
    for k, (a, b) in enumerate(keys, 1):
        how = "+".join(sorted(pairs[(a, b)]))
        if rng.random() < 0.5:
            a, b = b, a
        shown.append({"pair": k, "text_a": texts[a], "text_b": texts[b]})
        key.append({"pair": k, "id_a": ids[a], "id_b": ids[b], "found_by": how})
    args.out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(shown).to_csv(args.out / "pairs_to_judge.csv", index=False)
    pd.DataFrame(key).to_csv(args.out / "pair_key.csv", index=False)
    print(f"{n} texts, {len(keys)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
