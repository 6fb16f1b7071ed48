"""Leave-one-writer-out CV experiments on the standard model (issue 11, third round; ``--taxonomy huset``
since the eighth).

    PYTHONPATH=src python benchmarks/bench_accuracy_cv.py [--writers w1,w2] [--only base,real5 ...] [--errors] [--mix]

Training rows: corpus/dev + the realistic writers given; each writer's rows are predicted by a model trained
on corpus/dev + the other writers (realistic rows weighted 3× unless a variant says otherwise), and the
decision is chosen and tuned exactly as for the shipped model (``training.calibrate_decision``, cross-fitted
across writers). The held-out sets (corpus/heldout, corpus/heldout2) are never read.

Per variant: micro-F1 with the calibrated decision, per writer, themes per row, the share of rows whose top
theme is a gold theme (``top1``), and the "ceiling": micro-F1 when the gold *number* of themes is given and
the model's ranking picks them. ``--errors`` prints the error analysis of the base variant: which gold
primary theme loses to which predicted top theme, and which features push the wrong theme above it.
``--mix`` (fourth round): the ranking of the base model mixed in logit space with a model trained on the
corpus/dev *primary* themes only (which ranks better: top-1 +2 points), either decided as a whole by the
calibrated decision, or with the base's calibrated number of themes per row and the mix's ranking.
``--blend`` (eighth round): forbattra's out-of-writer logits mixed with those of bench_accuracy.py's tuned TF-IDF
(word 1–2 + char_wb 2–5) + LR baseline, trained on the same rows per fold; ``--chars``: forbattra's features plus
that baseline's char_wb 2–5 n-grams.
About 35–45 CPU s per variant with two writers, 70–85 with three.
"""

from __future__ import annotations

import argparse
import collections
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from forbattra.scoring.classifier import LexiconMatcher, ThemeModel  # noqa: E402
from forbattra.scoring.model import _micro_f1, encode_labels, featurize  # noqa: E402
from forbattra.scoring.text import Analyzer  # noqa: E402
from forbattra.scoring.training import calibrate_decision, corpus_frame, map_to_huset, realistic_frame  # noqa: E402
from forbattra.taxonomy import load_taxonomy  # noqa: E402


def data(writers, dev_labels_file=None, extra_writers=(), taxonomy="standard"):
    tax = load_taxonomy(taxonomy)
    an = Analyzer()
    parts = (an, LexiconMatcher(tax, an))
    dev, real = corpus_frame("dev"), realistic_frame(tuple(writers))
    if taxonomy == "huset":  # corpus/dev mapped room by room, as the shipped huset model trains on it
        cells = [map_to_huset(c) for c in dev["teman"]]
        keep = [i for i, c in enumerate(cells) if c is not None]
        dev = dev.iloc[keep].reset_index(drop=True).assign(teman=[cells[i] for i in keep])

    def lab(cells):
        return [[t for t in lab if t != tax.fallback] for lab in encode_labels(list(cells), tax)]

    F = dict(themes=tax.content_ids, dev_docs=featurize(list(dev["text"]), parts), dev_labels=lab(dev["teman"]),
             real_docs=featurize(list(real["text"]), parts), real_labels=lab(real[taxonomy]),
             writer=np.asarray(real["writer"]), dev_texts=list(dev["text"]), real_texts=list(real["text"]))
    if extra_writers:  # always trained on (realistic weight), never predicted
        ex = realistic_frame(tuple(extra_writers))
        F["extra_docs"], F["extra_labels"] = featurize(list(ex["text"]), parts), lab(ex[taxonomy])
        F["extra_texts"] = list(ex["text"])
    if dev_labels_file:
        import pandas as pd

        new = pd.read_csv(dev_labels_file, dtype=str, keep_default_na=False).set_index("id")["standard"]
        have = np.asarray(dev["id"].isin(new.index))
        cells = [new[i] if h else "" for i, h in zip(dev["id"], have)]
        strict = lab(cells)
        F["strict_rows"] = list(np.flatnonzero(have))
        F["strict_labels"] = [s if h else old for s, old, h in zip(strict, F["dev_labels"], have)]
    return F


def _vocab_model(docs, w, C):
    """A ThemeModel's vocabulary and idf for weighted rows (the fit's own code path, coefficients unused)."""
    return ThemeModel(C=C).fit_vocabulary(docs, w)


def _balanced_lr(X, y, w, C):
    from sklearn.linear_model import LogisticRegression

    pos, tot = w[y == 1].sum(), w.sum()
    sw = w * np.where(y == 1, tot / (2 * pos), tot / (2 * (tot - pos)))
    keep = sw > 0
    return LogisticRegression(C=C, max_iter=2000, solver="liblinear").fit(X[keep], y[keep], sample_weight=sw[keep])


def _per_theme_fitter(themes, C, one):
    """A fitter over the vocabulary's tf-idf rows, one model per theme: ``one(X, Xt, y, w, labs, t)`` gives
    the test rows' probabilities for theme ``t``."""
    def fit(docs, labs, w, test_docs):
        m = _vocab_model(docs, w, C)
        X, Xt = m.transform(docs), m.transform(test_docs)
        return np.column_stack([one(X, Xt, np.array([t in lab for lab in labs], dtype=int), w, labs, t)
                                for t in themes])
    return fit


def secondary_weight_fitter(alpha, themes, n_dev, C=4.0):
    """corpus/dev rows count ``alpha`` in the model of a theme they name as a *secondary* theme."""
    def one(X, Xt, y, w, labs, t):
        sec = np.array([i < n_dev and t in lab[1:] for i, lab in enumerate(labs)])
        return _balanced_lr(X, y, np.where(sec, alpha * w, w), C).predict_proba(Xt)[:, 1]
    return _per_theme_fitter(themes, C, one)


def scaled_lexicon_fitter(scale, themes, C=4.0):
    """The lexicon-hit features (``x:``, ``xw:``, ``xx:``) scaled by ``scale`` (stronger regularisation)."""
    from scipy import sparse

    def fit(docs, labs, w, test_docs):
        m = _vocab_model(docs, w, C)
        sc = sparse.diags([scale if f.startswith("x") else 1.0 for f in sorted(m.vocabulary_, key=m.vocabulary_.get)])
        X, Xt = m.transform(docs) @ sc, m.transform(test_docs) @ sc
        return np.column_stack([_balanced_lr(X, np.array([t in lab for lab in labs], dtype=int), w, C).predict_proba(Xt)[:, 1]
                                for t in themes])
    return fit


def char_weight_fitter(scale, themes, C=4.0, *, blocks=False):
    """Ninth round: the character n-grams' (``c:``) idf scaled by ``scale`` before the rows' l2 norm, so a
    text's words and lemmas weigh more next to its many n-grams (``blocks``: instead, the ``c:`` block and the
    rest each l2-normalised on their own, the rest times ``1/scale``, as the baseline's two vectorisers)."""
    from scipy import sparse

    def fit(docs, labs, w, test_docs):
        m = _vocab_model(docs, w, C)
        names = sorted(m.vocabulary_, key=m.vocabulary_.get)
        is_c = np.array([f.startswith("c:") for f in names])
        if not blocks:
            m.idf_ = np.where(is_c, m.idf_ * scale, m.idf_)
            X, Xt = m.transform(docs), m.transform(test_docs)
        else:
            def split(X):
                X = X.tocsc()
                A, B = X[:, np.flatnonzero(is_c)], X[:, np.flatnonzero(~is_c)]
                def norm(M):
                    n = np.sqrt(np.asarray(M.multiply(M).sum(1)).ravel())
                    return sparse.diags(1 / np.where(n > 0, n, 1)) @ M
                return sparse.hstack([norm(A), norm(B) / scale]).tocsr()
            X, Xt = split(m.transform(docs)), split(m.transform(test_docs))
        return np.column_stack([_balanced_lr(X, np.array([t in lab for lab in labs], dtype=int), w, C).predict_proba(Xt)[:, 1]
                                for t in themes])
    return fit


def nb_fitter(themes, C=4.0):
    """NB-weighted features per theme (NB-LR, Wang & Manning 2012; own labels use it from scratch since
    the sixth round): every column scaled by its naive-Bayes log-count ratio for that theme."""
    from scipy import sparse

    from forbattra.scoring.model import nb_ratios

    def one(X, Xt, y, w, labs, t):
        r = sparse.diags(nb_ratios(X, y))
        return _balanced_lr(X @ r, y, w, C).predict_proba(Xt @ r)[:, 1]
    return _per_theme_fitter(themes, C, one)


def easyadapt_fitter(themes, n_dev, C=4.0):
    """Daumé's feature augmentation: a shared and a realistic-only copy of every feature, folded back into one
    weight vector for realistic text (so the saved model format would not change)."""
    from scipy import sparse

    def fit(docs, labs, w, test_docs):
        m = _vocab_model(docs, w, C)
        X = m.transform(docs)
        real = np.arange(len(docs)) >= n_dev
        D = sparse.diags(np.where(real, 1 / math.sqrt(2), 1.0))
        Xa = sparse.hstack([D @ X, D @ sparse.diags(real.astype(float)) @ X]).tocsr()
        Xt, V = m.transform(test_docs), X.shape[1]
        out = np.zeros((len(test_docs), len(themes)))
        for k, t in enumerate(themes):
            lr = _balanced_lr(Xa, np.array([t in lab for lab in labs], dtype=int), w, C)
            coef = (lr.coef_[0][:V] + lr.coef_[0][V:]) / math.sqrt(2)
            out[:, k] = 1 / (1 + np.exp(-(Xt @ coef + lr.intercept_[0])))
        return out
    return fit


def oof_probs(F, *, dev_labels=None, dev_keep=None, real_w=3.0, C=4.0, strip_x=False, fitter=None, min_rows=1,
              min_rows_kinds=None, drop=()):
    """Out-of-writer probabilities for the realistic rows."""
    themes, groups = F["themes"], F["writer"]
    keep = range(len(F["dev_docs"])) if dev_keep is None else dev_keep
    dl = F["dev_labels"] if dev_labels is None else dev_labels
    drop = tuple(drop) + (("x",) if strip_x else ())
    strip = (lambda d: [f for f in d if not f.startswith(drop)]) if drop else (lambda d: d)
    ddocs, dlabs = [strip(F["dev_docs"][i]) for i in keep], [dl[i] for i in keep]
    rdocs = [strip(d) for d in F["real_docs"]]
    oof = np.zeros((len(rdocs), len(themes)))
    for g in sorted(set(groups)):
        tr, te = np.flatnonzero(groups != g), np.flatnonzero(groups == g)
        xdocs, xlabs = [strip(d) for d in F.get("extra_docs", [])], F.get("extra_labels", [])
        docs = ddocs + [rdocs[i] for i in tr] + xdocs
        labs = dlabs + [F["real_labels"][i] for i in tr] + xlabs
        w = np.concatenate([np.ones(len(ddocs)), np.full(len(tr) + len(xdocs), real_w)])
        test = [rdocs[i] for i in te]
        if fitter is not None:
            oof[te] = fitter(docs, labs, w, test)
        else:
            m = ThemeModel(C=C, min_rows=min_rows, min_rows_kinds=min_rows_kinds).fit(docs, labs, themes, sample_weight=w)
            oof[te] = m.predict_proba(m.transform(test))
    return oof


def evaluate(F, oof):
    themes, groups = F["themes"], F["writer"]
    Y = np.array([[t in set(lab) for t in themes] for lab in F["real_labels"]], dtype=int)
    _rule, chosen, pred, by = calibrate_decision(oof, Y, groups, themes)
    k = Y.sum(1)
    order = np.argsort(-oof, axis=1, kind="stable")
    ceil = np.zeros_like(Y, dtype=bool)
    for i in range(len(Y)):
        ceil[i, order[i, :k[i]]] = True
    return dict(f1=_micro_f1(pred, Y), decision=chosen, by_rule=by, per_row=float(pred.sum(1).mean()),
                per_writer={g: _micro_f1(pred[groups == g], Y[groups == g]) for g in sorted(set(groups))},
                top1=float(np.mean([Y[i, order[i, 0]] for i in range(len(Y)) if k[i]])), ceiling=_micro_f1(ceil, Y),
                per_theme={t: 2 * int((pred[:, j] & (Y[:, j] == 1)).sum()) / max(1, int(pred[:, j].sum() + Y[:, j].sum()))
                           for j, t in enumerate(themes)}), pred, Y


def variants(F):
    themes, n_dev, dl = F["themes"], len(F["dev_docs"]), F["dev_labels"]
    return {
        "base": dict(),
        "rows2": dict(min_rows=2),  # eighth round: features in at least two distinct rows
        "real2": dict(real_w=2.0), "real5": dict(real_w=5.0), "real8": dict(real_w=8.0),
        "devprimary": dict(dev_labels=[lab[:1] for lab in dl]),
        "devprimary2": dict(dev_labels=[lab[:2] for lab in dl]),
        "dev_drop3": dict(dev_keep=[i for i, lab in enumerate(dl) if len(lab) < 3]),
        "dev_secondary0": dict(fitter=secondary_weight_fitter(0.0, themes, n_dev)),
        "dev_secondary0.5": dict(fitter=secondary_weight_fitter(0.5, themes, n_dev)),
        "C1": dict(C=1.0), "C2": dict(C=2.0), "C8": dict(C=8.0), "C16": dict(C=16.0),
        "no_lexicon": dict(strip_x=True),
        "lexicon0.5": dict(fitter=scaled_lexicon_fitter(0.5, themes)),
        "easyadapt": dict(fitter=easyadapt_fitter(themes, n_dev)),
        "nb": dict(fitter=nb_fitter(themes)), "nb_C1": dict(fitter=nb_fitter(themes, 1.0)),
    } | ({} if "strict_labels" not in F else {
        # seventh round: corpus/dev relabelled by independent labellers under the strict rule (--dev-labels)
        "strict": dict(dev_labels=F["strict_labels"]),
        # eighth round: a feature must also occur in two distinct rows (a realistic row weighs 3, so one
        # row alone passed min_df = 2 and the vocabulary doubled with the seventh round's writers)
        "strict_rows2": dict(dev_labels=F["strict_labels"], min_rows=2),
        "strict_C16": dict(dev_labels=F["strict_labels"], C=16.0),  # the tuned baseline's C (eighth round)
        "strict_rows_old": dict(dev_keep=F["strict_rows"]),
        # ninth round: the character n-grams weigh less next to words/lemmas (idf scaled) or get their own norm
        **{f"strict_charw{s}": dict(dev_labels=F["strict_labels"], fitter=char_weight_fitter(s, themes))
           for s in (0.25, 0.5, 0.7)},
        **{f"strict_blocks{s}": dict(dev_labels=F["strict_labels"], fitter=char_weight_fitter(s, themes, blocks=True))
           for s in (0.5, 1.0)},
        # ninth round: forbattra's own feature families left out one at a time
        **{f"strict_no_{p.rstrip(':')}": dict(dev_labels=F["strict_labels"], drop=(p,)) for p in ("x", "b:", "h:", "m:", "w:", "c:")},
        "strict_rows_new": dict(dev_keep=F["strict_rows"], dev_labels=F["strict_labels"]),
        # tenth round: only the function-word bigrams (s:) must occur in two (three) distinct rows
        "strict_srows2": dict(dev_labels=F["strict_labels"], min_rows=2, min_rows_kinds=("s:",)),
        "strict_srows3": dict(dev_labels=F["strict_labels"], min_rows=3, min_rows_kinds=("s:",)),
    })


def errors(F, oof, pred, Y):
    themes, groups = F["themes"], F["writer"]
    order = np.argsort(-oof, axis=1, kind="stable")
    prim = [lab[0] if lab else None for lab in F["real_labels"]]
    conf = collections.Counter((prim[i], themes[order[i, 0]]) for i in range(len(Y))
                               if prim[i] and not Y[i, order[i, 0]])
    print(f"\ntop theme not a gold theme: {sum(conf.values())} of {sum(p is not None for p in prim)} rows with a theme")
    print("| gold primary → predicted top | rows |\n|---|---|")
    for (g, p), c in conf.most_common(12):
        print(f"| {g} → {p} | {c} |")
    print("missed:", dict(collections.Counter(t for i in range(len(Y)) for j, t in enumerate(themes)
                                               if Y[i, j] and not pred[i, j]).most_common()))
    print("extra:", dict(collections.Counter(t for i in range(len(Y)) for j, t in enumerate(themes)
                                              if pred[i, j] and not Y[i, j]).most_common()))
    drive: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for g in sorted(set(groups)):
        tr, te = np.flatnonzero(groups != g), np.flatnonzero(groups == g)
        m = ThemeModel(C=4.0).fit(F["dev_docs"] + [F["real_docs"][i] for i in tr],
                                  F["dev_labels"] + [F["real_labels"][i] for i in tr], themes,
                                  sample_weight=np.concatenate([np.ones(len(F["dev_docs"])), np.full(len(tr), 3.0)]))
        inv = {j: f for f, j in m.vocabulary_.items()}
        X = m.transform([F["real_docs"][i] for i in te])
        for r, i in enumerate(te):
            top = order[i, 0]
            if prim[i] and not Y[i, top]:
                row, gj = X[r], themes.index(prim[i])
                diff = row.data * (m.coef_[top, row.indices] - m.coef_[gj, row.indices])
                drive[themes[top]].update(inv[row.indices[j]] for j in np.argsort(-diff)[:3])
    print("\nfeatures among the 3 that most favour the wrong top theme over the gold primary, by wrong theme:")
    for t, c in sorted(drive.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {t}: " + ", ".join(f"{f} {n}" for f, n in c.most_common(6)))


def mix(F) -> None:
    """Base ranking mixed with the primary-only model's (see the module docstring)."""
    base = oof_probs(F)
    prim = oof_probs(F, dev_labels=[lab[:1] for lab in F["dev_labels"]])
    groups = F["writer"]
    _r, pb, Y = evaluate(F, base)
    k = pb.sum(1)

    def logit(p):
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p))

    print("\n| mix weight of the primary-only model | micro-F1, decided as a whole | top-1 | ceiling | "
          "micro-F1, base's count + mix's ranking |\n|---|---|---|---|---|")
    for lam in (0.0, 0.3, 0.5, 0.7, 1.0):
        m = (1 - lam) * logit(base) + lam * logit(prim)
        r, _p, _y = evaluate(F, 1 / (1 + np.exp(-m)))
        order = np.argsort(-m, axis=1, kind="stable")
        pred = np.zeros_like(pb, dtype=bool)
        for i in range(len(pb)):
            pred[i, order[i, :k[i]]] = True
        print(f"| {lam} | {r['f1']:.3f} | {r['top1']:.3f} | {r['ceiling']:.3f} | {_micro_f1(pred, Y):.3f} "
              + "(" + " / ".join(f"{_micro_f1(pred[groups == g], Y[groups == g]):.3f}" for g in sorted(set(groups)))
              + ") |", flush=True)


SHORT_HEAD = "| {} | micro-F1 | per writer | decision | top-1 | ceiling |\n|---|---|---|---|---|---|"


def short_row(name, r) -> str:
    """One row of the --blend / --chars tables."""
    return (f"| {name} | {r['f1']:.3f} | " + " / ".join(f"{v:.3f}" for v in r["per_writer"].values())
            + f" | {r['decision']} | {r['top1']:.3f} | {r['ceiling']:.3f} |")


def blend(F, dev_labels=None, C_base: float = 16.0) -> None:
    """Eighth round: forbattra's probabilities blended with those of the tuned TF-IDF (word 1–2 + char_wb 2–5)
    + LR baseline of bench_accuracy.py (realistic rows weighted 3× by sample weight), per fold, in logit space."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    themes, groups = F["themes"], F["writer"]
    dl = F["dev_labels"] if dev_labels is None else dev_labels
    fb = oof_probs(F, dev_labels=dev_labels)
    bl = np.zeros_like(fb)
    for g in sorted(set(groups)):
        tr, te = np.flatnonzero(groups != g), np.flatnonzero(groups == g)
        texts = F["dev_texts"] + [F["real_texts"][i] for i in tr] + F.get("extra_texts", [])
        labs = dl + [F["real_labels"][i] for i in tr] + F.get("extra_labels", [])
        w = np.concatenate([np.ones(len(F["dev_texts"])), np.full(len(tr) + len(F.get("extra_texts", [])), 3.0)])
        vec = make_union(TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2),
                         TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2))
        X, Xt = vec.fit_transform(texts), vec.transform([F["real_texts"][i] for i in te])
        for k, t in enumerate(themes):
            y = np.array([t in lab for lab in labs], dtype=int)
            bl[te, k] = _balanced_lr(X, y, w, C_base).predict_proba(Xt)[:, 1]

    def logit(p):
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p))

    print("\n" + SHORT_HEAD.format("weight of the baseline's logits"))
    for lam in (0.0, 0.3, 0.5, 0.7, 1.0):
        m = (1 - lam) * logit(fb) + lam * logit(bl)
        print(short_row(lam, evaluate(F, 1 / (1 + np.exp(-m)))[0]), flush=True)


def with_chars(F, words: tuple[int, int] | None = None) -> dict:
    """Eighth round: every document's features plus the baseline's char_wb 2–5 n-grams of its text (as
    ``c:<ngram>`` features, counted as the text has them), for the ``chars`` variant; ninth round,
    ``words``: plus the baseline's surface word n-grams in that range instead (``s:<ngram>``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if words == (0, 0) or words == (0, 1):  # forbattra's own tokens: bigrams with a stop word (0,0) or all (0,1)
        fa = Analyzer()
        stops = fa.stops

        def an(t):
            tok = fa.analyze(t).tokens
            return [f"{x}_{y}" for x, y in zip(tok, tok[1:]) if words == (0, 1) or x in stops or y in stops]
        pre = "s:"
    elif words:
        an, pre = TfidfVectorizer(ngram_range=words, lowercase=True).build_analyzer(), "s:"
    else:
        an, pre = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True).build_analyzer(), "c:"

    def add(docs, texts):
        return [list(d) + [pre + g for g in an(t)] for d, t in zip(docs, texts)]
    G = dict(F)
    G["dev_docs"], G["real_docs"] = add(F["dev_docs"], F["dev_texts"]), add(F["real_docs"], F["real_texts"])
    if "extra_docs" in F:
        G["extra_docs"] = add(F["extra_docs"], F["extra_texts"])
    return G


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", default="w1,w2")
    ap.add_argument("--only", default="", help="comma-separated variant names (default: all)")
    ap.add_argument("--errors", action="store_true", help="error analysis of the base variant")
    ap.add_argument("--mix", action="store_true", help="only the base/primary-only ranking mix (fourth round)")
    ap.add_argument("--dev-labels", help="CSV id,standard: corpus/dev relabelled (variants strict, strict_rows_*)")
    ap.add_argument("--extra-writers", default="", help="realistic writers always trained on, never predicted")
    ap.add_argument("--taxonomy", choices=("standard", "huset"), default="standard",
                    help="huset: corpus/dev mapped room by room, the writers' huset labels (eighth round)")
    ap.add_argument("--blend", action="store_true", help="only forbattra blended with the tuned baseline (eighth round)")
    ap.add_argument("--chars", action="store_true", help="only forbattra's features + char_wb 2-5 n-grams (eighth round)")
    ap.add_argument("--words", help="LO,HI: only forbattra's features + surface word LO-HI-grams (ninth round); "
                    "0,0: + bigrams of forbattra's tokens with a stop word in them, 0,1: + all such bigrams")
    ap.add_argument("--char-weight", type=float, default=1.0,
                    help="with --chars/--words: the c: features' idf times this (ninth round)")
    a = ap.parse_args(argv)
    if a.taxonomy == "huset" and a.dev_labels:
        ap.error("--dev-labels relabels corpus/dev in 'standard' only")
    F = data(a.writers.split(","), a.dev_labels, [w for w in a.extra_writers.split(",") if w], a.taxonomy)
    if a.mix:
        mix(F)
        return 0
    if a.blend:
        blend(F, F.get("strict_labels"))
        return 0
    if a.chars or a.words:
        rng = tuple(int(x) for x in a.words.split(",")) if a.words else None
        G = with_chars(F, words=rng)  # type: ignore[arg-type]
        fitter = char_weight_fitter(a.char_weight, F["themes"]) if a.char_weight != 1.0 else None
        print(SHORT_HEAD.format("variant"))
        print(short_row("features + " + (f"word {rng[0]}–{rng[1]}-grams" if rng else "char_wb 2–5")
                        + (f", c: × {a.char_weight}" if fitter else ""),
                        evaluate(G, oof_probs(G, dev_labels=F.get("strict_labels"), fitter=fitter))[0]))
        return 0
    table = variants(F)
    names = [n for n in a.only.split(",") if n] or list(table)
    print(f"leave-one-writer-out CV ({a.taxonomy}), writers {a.writers}" + (f", always trained on {a.extra_writers}" if a.extra_writers else "") + "\n")
    print("| variant | micro-F1 | per writer | decision | themes/row | top-1 | ceiling (gold k) | CPU s |")
    print("|---|---|---|---|---|---|---|---|")
    for name in names:
        c0 = time.process_time()
        oof = oof_probs(F, **table[name])
        r, pred, Y = evaluate(F, oof)
        print(f"| {name} | {r['f1']:.3f} | " + " / ".join(f"{v:.3f}" for v in r["per_writer"].values())
              + f" | {r['decision']} | {r['per_row']:.2f} | {r['top1']:.3f} | {r['ceiling']:.3f} | "
              f"{time.process_time() - c0:.0f} |", flush=True)
        if a.errors and name == "base":
            errors(F, oof, pred, Y)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
