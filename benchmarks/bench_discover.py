"""Clustering agreement of `forbattra discover` with the gold primary theme, against peers, one run.

    python benchmarks/bench_discover.py

Data: corpus/heldout (800 suggestions the shipped model never saw; the guided mode uses that model's
theme scores, so evaluating on corpus/dev would leak the labels). Compared in the same run:
  * discover as the CLI runs it (guided by the default model's theme scores), auto k and k = #themes;
  * discover --unguided (text only: lemma/compound TF-IDF → LSA → k-means);
  * baseline: plain word TF-IDF + LSA + KMeans with the same k;
  * BERTopic is not run: it hard-requires sentence-transformers/torch (not installable offline here
    without pulling a multi-GB CUDA build); see docs/benchmarks.md.
Plus wall time of guided discover (model scoring included) on 10,000 suggestions sampled from corpus/dev
with one word dropped at random.

``--scale N`` also runs ``forbattra discover`` as a subprocess on the synthetic N-row export of
bench_duplicates.py (39 % exact repeats): wall s, CPU s and peak RSS.
"""

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def load(kind):
    files = sorted((ROOT / "corpus" / kind).glob("*.csv"))
    df = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)
    return df[df["text"].str.strip() != ""].reset_index(drop=True)


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
    from forbattra.analysis.clustering import discover
    from forbattra.scoring.pipeline import build_classifier, theme_scores

    df = load("heldout")
    texts, gold = list(df["text"]), [t.split("|")[0] for t in df["teman"]]
    k_gold = len(set(gold))
    clf = build_classifier("standard")
    rows = []
    for name, guided, kk in (("discover (default: guided, auto k)", True, None),
                             (f"discover (guided, k={k_gold})", True, k_gold),
                             ("discover --unguided (auto k)", False, None),
                             (f"discover --unguided (k={k_gold})", False, k_gold)):
        t0 = time.perf_counter()
        guide = theme_scores(texts, clf) if guided else None
        a, c = discover(frame(texts, df["enhet"]), n_clusters=kk, guide=guide)
        wall = time.perf_counter() - t0
        pred = list(a["cluster"])
        rows.append((name, len(c), normalized_mutual_info_score(gold, pred), adjusted_rand_score(gold, pred), wall,
                     int(a["weak"].sum())))
    for kk in sorted({rows[0][1], k_gold}):
        t0 = time.perf_counter()
        pred = baseline(texts, kk)
        rows.append((f"baseline word TF-IDF + LSA + KMeans (k={kk})", kk, normalized_mutual_info_score(gold, pred),
                     adjusted_rand_score(gold, pred), time.perf_counter() - t0, None))
    dev = load("dev")
    rng = np.random.RandomState(0)
    big = []
    for i in rng.randint(0, len(dev), 10_000):
        words = dev["text"].iloc[i].split()
        if len(words) > 3:
            words.pop(rng.randint(len(words)))
        big.append(" ".join(words))
    t0 = time.perf_counter()
    a, c = discover(frame(big), guide=theme_scores(big, clf))
    wall_big = time.perf_counter() - t0
    print(f"Data: corpus/heldout, {len(texts)} suggestions, {k_gold} gold primary themes\n")
    print("| method | k | NMI | ARI | wall s | weak rows |\n|---|---|---|---|---|---|")
    for name, k, nmi, ari, wall, weak in rows:
        print(f"| {name} | {k} | {nmi:.3f} | {ari:.3f} | {wall:.1f} | {'' if weak is None else weak} |")
    print(f"| guided discover on 10,000 suggestions (auto k, model scoring included) | {len(c)} | - | - | "
          f"{wall_big:.1f} | {int(a['weak'].sum())} |")
    for n in SCALE:
        import tempfile

        from bench_duplicates import make_export, run

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "export.csv"
            make_export(n, src)
            wall, cpu, rss = run([sys.executable, "-m", "forbattra", "-q", "discover", str(src),
                                  "--out", str(Path(tmp) / "k.jsonl")])
        print(f"\n| discover (CLI, guided), {n:,} rows | wall {wall:.1f} s | CPU {cpu:.1f} s | peak RSS {rss:.0f} MB |")
    print(f"\nCommand: `python {' '.join(sys.argv)}`")


SCALE: list[int] = []

if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, nargs="*", default=[])
    SCALE = ap.parse_args().scale
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
