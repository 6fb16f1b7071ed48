"""Own categories with few labels (issue 12): does a model trained on them beat sorting by the themes'
meaning without one — and does ``train`` (which keeps the better of the two by the one-standard-error
rule) never leave the user below it?

    python benchmarks/bench_own_few.py > /tmp/own_few.md

Data: ``corpus/heldout2/w3`` (500 suggestions of a writer no model was trained on) with its ``egen6``
labels (a six-theme taxonomy of a user's own, ``benchmarks/data/egen6.yaml``, labelled by an independent
helper). For n = 50, 100, 200 labelled rows (three random draws each) the rest of w3 is the test set;
micro- and macro-F1 of (a) sorting by meaning, no labels (zero-shot), (b) a model trained from scratch on
the n rows, (c) sorting by meaning corrected by the n labels (``stacking.fit_meaning``), (d) what
``forbattra train`` ships (``stacking.choose_own``: the better of (b) and (c) on the n rows, cross-validated,
if it is clearly better than (a), else (a)).
Nothing shipped is tuned on these rows: w3 is the held-out set of the accuracy benchmark, used here as a
user's own export.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from forbattra.scoring.model import _micro_f1  # noqa: E402
from forbattra.scoring.pipeline import Classifier  # noqa: E402
from forbattra.scoring.stacking import (OwnLearner, choose_own, fit_meaning, is_single_label,  # noqa: E402
                                        zeroshot_predictions)
from forbattra.scoring.zeroshot import zeroshot_classifier  # noqa: E402
from forbattra.taxonomy import load_taxonomy  # noqa: E402


def macro(pred, Y) -> float:
    f = [2 * (pred[:, k] & (Y[:, k] == 1)).sum() / (pred[:, k].sum() + Y[:, k].sum())
         for k in range(Y.shape[1]) if Y[:, k].sum()]
    return float(np.mean(f)) if f else 0.0


def main() -> None:
    t0, c0 = time.time(), time.process_time()
    tax = load_taxonomy(ROOT / "benchmarks" / "data" / "egen6.yaml")
    d = pd.read_csv(ROOT / "corpus" / "heldout2" / "w3.csv", dtype=str, keep_default_na=False)
    lab = pd.read_csv(ROOT / "corpus" / "heldout2" / "w3_labels.csv", dtype=str, keep_default_na=False)
    d = d.merge(lab[["id", "egen6"]], on="id", validate="one_to_one")
    texts = d["text"].tolist()
    labels = [[t for t in x.split("|") if t and t != tax.fallback] for x in d["egen6"]]
    themes = tax.content_ids
    Y = np.array([[t in set(lab) for t in themes] for lab in labels], dtype=int)
    zs_all = zeroshot_predictions(tax, texts)
    print("| labels | draw | zero-shot (no labels) micro / macro | trained from scratch | meaning + labels | "
          "`train` ships | ships |")
    print("|---|---|---|---|---|---|---|")
    summary: dict[int, list] = {}
    for n in (50, 100, 200):
        for draw in range(3):
            rng = np.random.default_rng(draw)
            idx = rng.permutation(len(texts))
            tr, te = idx[:n], idx[n:]
            tr_lab = [labels[i] if labels[i] else [tax.fallback] for i in tr]
            tr_text = [texts[i] for i in tr]
            res = OwnLearner(tax, folds=5).fit(tr_text, tr_lab)
            oof = res.metrics.pop("_oof_pred")
            by_meaning, correction, _, _ = choose_own(tax, tr_text, tr_lab, oof)
            # the meaning + labels candidate on the test rows, whatever was chosen
            zs_fit = zeroshot_classifier(tax)
            zs_fit.correction = fit_meaning(zs_fit, tr_text, Y[tr], single=is_single_label(tr_lab),
                                            has_fallback=any(not labels[i] for i in tr))[0]
            got = zs_fit.classify([texts[i] for i in te])
            meaning_pred = np.array([[t in r.themes for t in themes] for r in got], dtype=bool)
            clf = Classifier(tax, res.model, {"path": "own"})
            got = clf.classify([texts[i] for i in te])
            model_pred = np.array([[t in r.themes for t in themes] for r in got], dtype=bool)
            zs_pred = zs_all[te]
            ship = (meaning_pred if correction is not None else zs_pred) if by_meaning else model_pred
            how = ("meaning + labels" if correction is not None else "zero-shot") if by_meaning else "model"
            row = [(_micro_f1(p, Y[te]), macro(p, Y[te])) for p in (zs_pred, model_pred, meaning_pred, ship)]
            summary.setdefault(n, []).append(row)
            cells = " | ".join(f"{a:.3f} / {b:.3f}" for a, b in row)
            print(f"| {n} | {draw} | {cells} | {how} |", flush=True)
    print()
    print("| labels | zero-shot micro (mean of 3) | trained from scratch | meaning + labels | `train` ships | "
          "ships below zero-shot |")
    print("|---|---|---|---|---|---|")
    for n, rows in summary.items():
        m = np.mean([[r[0][0], r[1][0], r[2][0], r[3][0]] for r in rows], axis=0)
        below = sum(r[3][0] < r[0][0] - 1e-9 for r in rows)
        print(f"| {n} | {m[0]:.3f} | {m[1]:.3f} | {m[2]:.3f} | {m[3]:.3f} | {below} of {len(rows)} |")
    print(f"\nTotal {time.time() - t0:.0f} s wall, {time.process_time() - c0:.0f} CPU s. "
          "Command: `python benchmarks/bench_own_few.py`")


if __name__ == "__main__":
    main()
