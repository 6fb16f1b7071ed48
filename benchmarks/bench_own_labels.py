"""Own-labels benchmark (issue 12): training on a user's labels, with and without the shipped model.

    python benchmarks/bench_own_labels.py [--part base|riksdag|all] > /tmp/own.md

* ``base``: a user labels suggestions from their own sector and trains on top of the shipped
  ``standard`` model (``train`` default) — compared with the shipped model alone (zero-shot) and
  with the same labels from scratch (``--no-base``). Data the shipped model never saw:
  ``corpus/realistic`` (two writers, 10 sectors, 70 rows per sector and writer, ``standard`` labels
  in ``*_labels.csv``). Per sector: 100 labelled rows of that sector (both writers), tested on the
  other 40; pooled micro-F1 over the 10 sectors. And across writers: 200 labelled rows of writer 1,
  tested on all 700 of writer 2. CPU and wall seconds of each ``train`` are reported.
* ``riksdag``: labels as they are (no hand-written taxonomy) on the Riksdag interpellations
  (``/work/shared/data``), fixed 2,000/1,000 split: forbattra's learner vs a tuned plain scikit-learn
  TF-IDF (word 1-2 + char_wb 2-5) + LogisticRegression (C and class weights by 5-fold CV).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from forbattra.scoring.evaluation import evaluate  # noqa: E402
from forbattra.scoring.labels import derive_taxonomy, resolve  # noqa: E402
from forbattra.scoring.model import default_model_dir, load_model  # noqa: E402
from forbattra.scoring.pipeline import Classifier  # noqa: E402
from forbattra.scoring.stacking import OwnLearner  # noqa: E402
from forbattra.scoring.text import Analyzer  # noqa: E402
from forbattra.taxonomy import load_taxonomy  # noqa: E402


def realistic() -> pd.DataFrame:
    parts = []
    for w in ("w1", "w2"):
        d = pd.read_csv(ROOT / "corpus" / "realistic" / f"{w}.csv", dtype=str, keep_default_na=False)
        lab = pd.read_csv(ROOT / "corpus" / "realistic" / f"{w}_labels.csv", dtype=str, keep_default_na=False)
        parts.append(d.merge(lab[["id", "standard"]], on="id").assign(writer=w))
    return pd.concat(parts, ignore_index=True)


def timed(fn):
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c0, time.perf_counter() - w0


def part_base() -> None:
    tax = load_taxonomy("standard")
    analyzer = Analyzer()
    shipped, _, _ = load_model(default_model_dir("standard"), tax)
    zero = Classifier(tax, shipped, {"path": "shipped"}, analyzer=analyzer)
    df = realistic()
    labels = resolve(list(df["standard"]), tax)

    def predict(clf, idx):
        return [r.themes for r in clf.classify([df["text"][i] for i in idx])]

    def fit(idx, base):
        res = OwnLearner(tax, base=shipped if base else None, analyzer=analyzer).fit(
            [df["text"][i] for i in idx], [labels[i] for i in idx])
        return Classifier(tax, res.model, {"path": "own"}, analyzer=analyzer)

    print("## Own labels on top of the shipped model (corpus/realistic, never seen by the shipped model)\n")
    print("### Per sector: 100 labelled rows of the sector, tested on its other 40\n")
    print("| sector | zero-shot (shipped) | + 100 labels (default) | 100 labels, --no-base | train CPU s | train wall s |")
    print("|---|---|---|---|---|---|")
    gold_all, p0, p1, p2 = [], [], [], []
    rng = np.random.default_rng(0)
    for sector in sorted(df["sektor"].unique()):
        idx = np.flatnonzero((df["sektor"] == sector).to_numpy())
        idx = rng.permutation(idx)
        tr, te = idx[:100], idx[100:]
        gold = [labels[i] for i in te]
        a = predict(zero, te)
        clf, cpu, wall = timed(lambda tr=tr: fit(tr, True))
        b = predict(clf, te)
        c = predict(fit(tr, False), te)
        gold_all += gold
        p0 += a
        p1 += b
        p2 += c
        f = [evaluate(gold, x, tax)["micro_f1"] for x in (a, b, c)]
        print(f"| {sector} | {f[0]:.3f} | {f[1]:.3f} | {f[2]:.3f} | {cpu:.1f} | {wall:.1f} |")
    f = [evaluate(gold_all, x, tax) for x in (p0, p1, p2)]
    print(f"| **all sectors (pooled, {len(gold_all)} rows)** | {f[0]['micro_f1']:.3f} | {f[1]['micro_f1']:.3f} | "
          f"{f[2]['micro_f1']:.3f} | | |")
    print(f"\nMacro-F1 pooled: zero-shot {f[0]['macro_f1']:.3f}, + labels {f[1]['macro_f1']:.3f}, "
          f"--no-base {f[2]['macro_f1']:.3f}.\n")

    print("### Across writers: 200 labelled rows of writer 1, tested on all 700 of writer 2\n")
    print("| seed | zero-shot | + 200 labels (default) | 200 labels, --no-base | train CPU s | train wall s |")
    print("|---|---|---|---|---|---|")
    w1 = np.flatnonzero((df["writer"] == "w1").to_numpy())
    te = np.flatnonzero((df["writer"] == "w2").to_numpy())
    gold = [labels[i] for i in te]
    a = evaluate(gold, predict(zero, te), tax)["micro_f1"]
    for seed in (0, 1, 2):
        tr = np.random.default_rng(seed).choice(w1, 200, replace=False)
        clf, cpu, wall = timed(lambda tr=tr: fit(tr, True))
        b = evaluate(gold, predict(clf, te), tax)["micro_f1"]
        c = evaluate(gold, predict(fit(tr, False), te), tax)["micro_f1"]
        print(f"| {seed} | {a:.3f} | {b:.3f} | {c:.3f} | {cpu:.1f} | {wall:.1f} |")


def part_riksdag() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GridSearchCV, train_test_split
    from sklearn.pipeline import make_pipeline, make_union

    path = ROOT.parent / "shared" / "data" / "riksdag_interpellations_sv.csv"
    if not path.exists():
        path = Path("/work/shared/data/riksdag_interpellations_sv.csv")
    rd = pd.read_csv(path, dtype=str, keep_default_na=False)
    tr, te = train_test_split(rd, train_size=2000, test_size=1000, random_state=0, stratify=rd["label"])
    pipe = make_pipeline(make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                                    TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
                         LogisticRegression(max_iter=3000))
    grid = GridSearchCV(pipe, {"logisticregression__C": [1, 4, 16, 64],
                               "logisticregression__class_weight": [None, "balanced"]}, cv=5, scoring="f1_macro")
    _, cpu_sk, wall_sk = timed(lambda: grid.fit(tr["text"], tr["label"]))
    sk = f1_score(te["label"], grid.predict(te["text"]), average="macro")
    tax = derive_taxonomy(list(tr["label"]), name="riksdag")
    res, cpu_fb, wall_fb = timed(lambda: OwnLearner(tax).fit(list(tr["text"]), resolve(list(tr["label"]), tax)))
    clf = Classifier(tax, res.model, {"path": "own"})
    pred = [r.themes[0] for r in clf.classify(list(te["text"]))]
    gold = [resolve([v], tax)[0][0] for v in te["label"]]
    fb = f1_score(gold, pred, average="macro")
    print("## Riksdag interpellations, labels as they are (14 policy areas; 2,000 train / 1,000 test)\n")
    print("| system | macro-F1 | tuning + training CPU s | wall s |\n|---|---|---|---|")
    print(f"| tuned scikit-learn TF-IDF word+char + LogisticRegression ({grid.best_params_}) | {sk:.3f} | "
          f"{cpu_sk:.0f} | {wall_sk:.0f} |")
    print(f"| forbattra train (derived taxonomy, primary theme; C={res.metrics['C']:g}) | {fb:.3f} | "
          f"{cpu_fb:.0f} | {wall_fb:.0f} |")
    print(f"\nRatio forbattra / tuned scikit-learn: {fb / sk:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=("base", "riksdag", "all"), default="all")
    args = ap.parse_args()
    t0 = time.perf_counter()
    print("# Own labels benchmark\n")
    if args.part in ("base", "all"):
        part_base()
    if args.part in ("riksdag", "all"):
        part_riksdag()
    print(f"\nTotal {time.perf_counter() - t0:.0f} s. Command: `python benchmarks/bench_own_labels.py --part {args.part}`")


if __name__ == "__main__":
    main()
