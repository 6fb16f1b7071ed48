"""Active-learning benchmark (issue 12): are the suggestions 'forbattra review' picks worth more
labels-for-labels than a random sample?

    python benchmarks/bench_active.py > /tmp/active.md

Pool: corpus/realistic writer 1 (700 suggestions, ``standard`` labels in w1_labels.csv); test:
writer 2 (all 700). The shipped model is trained on corpus/realistic too (issue 11), so "the shipped
model" here is the same recipe built without writers 1 and 2 (``bench_own_labels.knowledge_base``;
before the eighth round: from corpus/dev only, as ``train --base`` builds it). For 50/100/200 labels: the rows
``review`` picks with the shipped model (one batch, as a user gets them) vs random rows (mean of
two seeds); each set trained with ``train``'s default (on top of the shipped model) and with
``--no-base``, scored on writer 2. Micro- and macro-F1; the shipped model alone for reference.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from forbattra.inputs.tables import ID, ROW, TEXT  # noqa: E402
from forbattra.scoring.active import select_for_review  # noqa: E402
from forbattra.scoring.evaluation import evaluate  # noqa: E402
from forbattra.scoring.labels import resolve  # noqa: E402
from bench_own_labels import knowledge_base  # noqa: E402
from forbattra.scoring.pipeline import Classifier  # noqa: E402
from forbattra.scoring.stacking import OwnLearner  # noqa: E402
from forbattra.scoring.text import Analyzer  # noqa: E402
from forbattra.taxonomy import load_taxonomy  # noqa: E402


def writer(w: str) -> pd.DataFrame:
    d = pd.read_csv(ROOT / "corpus" / "realistic" / f"{w}.csv", dtype=str, keep_default_na=False)
    lab = pd.read_csv(ROOT / "corpus" / "realistic" / f"{w}_labels.csv", dtype=str, keep_default_na=False)
    return d.merge(lab[["id", "standard"]], on="id")


def main() -> None:
    import argparse

    import bench_own_labels

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--knowledge", choices=("shipped", "dev"), default="shipped",
                    help="what stands for the shipped model (bench_own_labels.knowledge_base)")
    ap.add_argument("--knowledge-dir", type=Path, help="reuse (or save) the shipped-recipe base there")
    args = ap.parse_args()
    bench_own_labels.KNOWLEDGE, bench_own_labels.KNOWLEDGE_DIR = args.knowledge, args.knowledge_dir
    t0 = time.perf_counter()
    tax = load_taxonomy("standard")
    analyzer = Analyzer()
    shipped = knowledge_base(tax)
    zero = Classifier(tax, shipped, {"path": "shipped"}, analyzer=analyzer)
    pool, test = writer("w1"), writer("w2")
    pool_labels = resolve(list(pool["standard"]), tax)
    gold = resolve(list(test["standard"]), tax)
    test_texts = list(test["text"])

    def score(clf):
        rep = evaluate(gold, [r.themes for r in clf.classify(test_texts)], tax)
        return rep["micro_f1"], rep["macro_f1"]

    def trained(idx, base=True):
        res = OwnLearner(tax, base=shipped if base else None, analyzer=analyzer).fit([pool["text"][i] for i in idx],
                                                                   [pool_labels[i] for i in idx])
        return Classifier(tax, res.model, {"path": "own"}, analyzer=analyzer)

    z = score(zero)
    print("# Active learning: labels chosen by `forbattra review` vs random labels\n")
    print(f"Pool: corpus/realistic w1 ({len(pool)}); test: w2 ({len(test)}). Shipped model alone: micro-F1 "
          f"{z[0]:.3f}, macro-F1 {z[1]:.3f}.\n")
    print("| labels | random (micro / macro, mean of 2 seeds) | chosen by review (micro / macro) | "
          "--no-base: random | --no-base: chosen |\n|---|---|---|---|---|")
    frame = pd.DataFrame({TEXT: pool["text"], ID: pool["id"], ROW: range(1, len(pool) + 1)})
    for n in (50, 100, 200):
        picks = [np.random.default_rng(s).choice(len(pool), n, replace=False) for s in (0, 1)]
        rnd = [score(trained(p)) for p in picks]
        rows, _, _ = select_for_review(list(frame[TEXT]), zero, n)
        ch = score(trained(rows))
        rnd0 = [score(trained(p, base=False)) for p in picks]
        ch0 = score(trained(rows, base=False))
        print(f"| {n} | {np.mean([r[0] for r in rnd]):.3f} / {np.mean([r[1] for r in rnd]):.3f} | "
              f"{ch[0]:.3f} / {ch[1]:.3f} | {np.mean([r[0] for r in rnd0]):.3f} / {np.mean([r[1] for r in rnd0]):.3f} | "
              f"{ch0[0]:.3f} / {ch0[1]:.3f} |")
    print(f"\nTotal {time.perf_counter() - t0:.0f} s. Command: `python benchmarks/bench_active.py`")


if __name__ == "__main__":
    main()
