"""NMI/ARI of `discover` against the gold primary theme on corpus/dev/*.csv, vs a plain
TF-IDF (word) + LSA + KMeans baseline with the same k, plus wall time of discover on 10 000
suggestions (sampled with replacement from the corpus, one word dropped at random as perturbation).

Run: python benchmarks/bench_discover.py
"""

import glob
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]


def frame(texts, groups=None):
    return pd.DataFrame({"_row": range(1, len(texts) + 1), "_id": [str(i) for i in range(len(texts))],
                         "_text": list(texts), "_group": list(groups) if groups is not None else None})


def baseline(texts, k, seed=0):
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    X = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(texts)
    Z = normalize(TruncatedSVD(100, random_state=seed).fit_transform(X))
    return KMeans(k, random_state=seed, n_init=3).fit_predict(Z)


def main():
    from forbattra.clustering import discover

    files = sorted(glob.glob(str(ROOT / "corpus/dev/*.csv")))
    df = pd.concat([pd.read_csv(f, dtype=str) for f in files], ignore_index=True)
    df = df[df["text"].fillna("").str.strip() != ""].reset_index(drop=True)
    gold = [t.split("|")[0] for t in df["teman"].fillna("ovrigt")]
    texts = list(df["text"])
    k_gold = len(set(gold))
    rows = []
    for name, kk in (("discover (auto k)", None), (f"discover (k={k_gold}, = gold themes)", k_gold)):
        t0 = time.perf_counter()
        a, c = discover(frame(texts, df.get("enhet")), n_clusters=kk)
        wall = time.perf_counter() - t0
        pred = list(a["cluster"])
        rows.append((name, len(c), normalized_mutual_info_score(gold, pred), adjusted_rand_score(gold, pred), wall,
                     int(a["weak"].sum())))
        if kk is None:
            k_auto = len(c)
    for kk in (k_auto, k_gold):
        t0 = time.perf_counter()
        pred = baseline(texts, kk)
        wall = time.perf_counter() - t0
        rows.append((f"baseline TF-IDF+LSA+KMeans (k={kk})", kk, normalized_mutual_info_score(gold, pred),
                     adjusted_rand_score(gold, pred), wall, None))
    rng = np.random.RandomState(0)
    big = []
    for i in rng.randint(0, len(texts), 10_000):
        words = texts[i].split()
        if len(words) > 3:
            words.pop(rng.randint(len(words)))
        big.append(" ".join(words))
    t0 = time.perf_counter()
    a, c = discover(frame(big))
    wall_big = time.perf_counter() - t0

    print(f"Corpus: {len(texts)} suggestions from {len(files)} files in corpus/dev, {k_gold} gold primary themes\n")
    print("| method | k | NMI | ARI | wall s | weak rows |")
    print("|---|---|---|---|---|---|")
    for name, k, nmi, ari, wall, weak in rows:
        print(f"| {name} | {k} | {nmi:.3f} | {ari:.3f} | {wall:.1f} | {'' if weak is None else weak} |")
    print(f"| discover on 10,000 sampled+perturbed suggestions (auto k) | {len(c)} | - | - | {wall_big:.1f} | {int(a['weak'].sum())} |")
    print(f"\nCommand: python {' '.join(sys.argv)}")


if __name__ == "__main__":
    main()
