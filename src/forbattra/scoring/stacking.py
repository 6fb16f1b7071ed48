"""Learning from a user's own labels, on top of what forbattra already knows.

The result is an ordinary :class:`~forbattra.scoring.classifier.ThemeModel` (same features, same
``model.json`` + ``weights.npz`` format), so ``classify --model`` needs nothing new.

*Building on the shipped model* (a built-in taxonomy): stacking. For each theme, the shipped
model's logit is one more feature of a logistic regression fitted on the user's labels::

    score_k(x) = sigmoid(x · d_k + a_k * z_base_k(x) + b_k)

The base logit enters scaled up, so its weight ``a_k`` is nearly free of the L2 penalty, which
falls on ``d`` — the correction the user's labels make to what the shipped model already says.
With few labels ``d`` stays small; with many labels from a new sector it moves as far as they
justify. Because ``z_base`` is itself linear in the same features, the result folds into one
linear model (``d_k + a_k * w_base_k``). The penalty is chosen by cross-validation on the user's
rows, and "keep the shipped model as it is" competes with every fitted model, so the result is not
worse than the shipped model on the user's own (cross-validated) rows; a fitted model must beat it by
more than one standard error (:func:`clearly_better`), so a grid search on few rows does not replace
the shipped model by chance.

*From scratch* (own categories): the same fit without the base logit; regularisation chosen by
cross-validation, balanced class weights, and (without ``--precise``) NB-weighted features
(:func:`~forbattra.scoring.model.fit_scratch`) when they beat plain features by more than one standard error.

Fitting is scikit-learn's liblinear logistic regression per theme, so 200 rows on top of the
shipped model take seconds, not minutes.

*Single-label data* (at least 95 % of the rows carry exactly one label, as in most category
schemes): the model is marked ``single_label`` and every row gets its top theme (the ``single``
parameter of the one decision rule); a row falls to the fallback only below a floor tuned when the
user's own labels contain the fallback. Thresholds would otherwise send uncertain rows to *Övrigt*,
which for such data is always wrong.

*Precise* (``train --precise``): each row's sentence embedding (multilingual-e5-small,
:mod:`forbattra.scoring.embed`) joins the tf-idf features as a dense block scaled by ``alpha``, and
one logistic regression per theme weighs both together; ``alpha`` is chosen by cross-validation on
the user's rows (``C`` = 1 from scratch; on top of the shipped model ``C`` and ``alpha`` together). The embedding weights are stored as ``emb_coef``; evidence
words still come from the tf-idf part only.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from forbattra.errors import InputFileError, ModelError
from forbattra.i18n import Joined, Msg
from forbattra.scoring.classifier import LexiconMatcher, ThemeModel
from forbattra.scoring.model import (TrainResult, _decide_matrix, _micro_f1, cv_folds, cv_metrics, featurize, fit_scratch,
                                     tune_thresholds)
from forbattra.scoring.text import Analyzer
from forbattra.taxonomy import Taxonomy, builtin_like, load_taxonomy

C_GRID = (1.0, 4.0, 16.0)
ALPHA_GRID = (1.0, 2.0, 4.0)  # --precise: scale of the embedding block next to the tf-idf block (by CV)
PRECISE_C_GRID = (1.0,)  # with the embedding block CV picks the lowest C (Riksdag, training part only)
SINGLE_SHARE = 0.95  # rows with exactly one label for the data to count as single-label
BASE_C_GRID = (0.5, 2.0, 8.0)
RETUNE_ABOVE = 500  # rows on top of the shipped model before its decision thresholds are re-tuned


def _fit_delta(X, Y, Z0, C: float, *, stacked: bool):
    """One-vs-rest logistic regression (liblinear, balanced class weights) over ``X`` and, when
    ``stacked``, the base model's logit ``Z0[:, k]`` as one more feature of theme ``k``.

    Returns ``(D, A, b)``: weights over ``X`` (V × K), the weight of each theme's base logit, and the
    intercepts, so the score is ``X @ D + A * Z0 + b``. The base logit enters scaled up by
    ``_SCALE``: its weight is then nearly free of the L2 penalty, which falls on ``D`` — the
    correction the user's labels make to what the base model already says.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    n, V = X.shape
    K = Y.shape[1]
    D = np.zeros((V, K))
    A = np.zeros(K)
    b = np.zeros(K)
    # only the features these rows have: the others keep weight 0 under L2 anyway, and the solver
    # then works on thousands instead of tens of thousands of weights
    active = np.flatnonzero(X.getnnz(axis=0))
    X = X[:, active]
    for k in range(K):
        y = Y[:, k]
        if y.min() == y.max():
            if stacked:  # the user's rows say nothing about this theme: keep the base model's view
                A[k] = 1.0
            else:
                b[k] = 10.0 if y[0] else -10.0
            continue
        Xk = sparse.hstack([X, sparse.csr_matrix(_SCALE * Z0[:, k:k + 1])], format="csr") if stacked else X
        clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000)
        clf.fit(Xk, y)
        w = clf.coef_[0]
        D[active, k] = w[:len(active)]
        A[k] = _SCALE * w[len(active)] if stacked else 0.0
        b[k] = clf.intercept_[0]
    return D, A, b


_SCALE = 1.0


class OwnLearner:
    """Fit a :class:`ThemeModel` from texts and labels, optionally on top of a base model."""

    def __init__(self, taxonomy: Taxonomy, *, base: ThemeModel | None = None, analyzer: Analyzer | None = None,
                 folds: int = 5, seed: int = 0, progress: Callable[[str], None] | None = None,
                 precise: bool = False, embedder=None) -> None:
        self.taxonomy = taxonomy
        self.precise = precise
        self.embedder = embedder  # a forbattra.scoring.embed.Embedder; made on demand with precise
        self.base = base
        self.analyzer = analyzer or Analyzer()
        self.folds = folds
        self.seed = seed
        self.progress = progress or (lambda m: None)

    # -- features ----------------------------------------------------------------------------
    def _vocabulary(self, docs: Sequence[list[str]]):
        import numpy as np

        n = len(docs)
        df: dict[str, int] = {}
        for d in docs:
            for f in set(d):
                df[f] = df.get(f, 0) + 1
        min_df = 2 if n >= 300 else 1
        if self.base is not None:
            bv = self.base.vocabulary_
            base_names = sorted(bv, key=bv.get)
            new = sorted(f for f, c in df.items() if f not in bv and (c >= min_df or f.startswith("x")))
            vocab = base_names + new
            idf = np.concatenate([self.base.idf_, [math.log((1 + n) / (1 + df[f])) + 1.0 for f in new]])
        else:
            vocab = sorted(f for f, c in df.items() if c >= min_df or f.startswith("x"))
            idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in vocab])
        return vocab, idf

    def _base_offsets(self, X, themes):
        import numpy as np

        if self.base is None:
            return np.zeros((X.shape[0], len(themes)))
        col = {t: k for k, t in enumerate(self.base.themes_)}
        missing = [t for t in themes if t not in col]
        if missing:
            raise ModelError.of("err_base_no_theme", theme=missing[0])
        idx = [col[t] for t in themes]
        Vb = self.base.coef_.shape[1]
        return X[:, :Vb] @ self.base.coef_[idx].T + self.base.intercept_[idx]

    def _embed(self, texts: Sequence[str]):
        """The texts' sentence embeddings (``--precise``), with progress in the status line."""
        import numpy as np

        from forbattra.scoring.embed import Embedder

        emb = self.embedder if self.embedder is not None else Embedder()
        total = emb.pending(texts)
        done = [0]

        def step(k: int) -> None:
            done[0] += k
            self.progress(Msg("train_step_embed", done=done[0], total=total))

        self.progress(Msg("train_step_embed", done=0, total=total))
        return np.asarray(emb.encode(texts, progress=step), dtype=np.float64)

    # -- fitting -------------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], labels: Sequence[Sequence[str]]) -> TrainResult:
        import numpy as np

        tax = self.taxonomy
        themes = tax.content_ids
        labs = [[t for t in lab if t != tax.fallback] for lab in labels]
        n = len(texts)
        if n < 20:
            raise InputFileError.of("err_too_few_labelled", n=n)  # the input lacks labels: exit 3
        self.progress(Msg("train_step_read", n=n))
        matcher = LexiconMatcher(tax, self.analyzer)
        docs = featurize(texts, (self.analyzer, matcher))
        Y = np.array([[t in set(lab) for t in themes] for lab in labs], dtype=int)
        model = ThemeModel(C=1.0, min_df=1, class_weight="balanced")
        model.themes_ = list(themes)
        vocab, idf = self._vocabulary(docs)
        model.vocabulary_ = {f: i for i, f in enumerate(vocab)}
        model.idf_ = idf
        X = model.transform(docs)
        Z0 = self._base_offsets(X, themes)
        grid = BASE_C_GRID if self.base is not None else C_GRID
        folds = cv_folds(self.folds, n)
        # one label per row (almost always): decided as single-label, the top theme of every row,
        # sent to the fallback only when the user's own labels use the fallback
        single = is_single_label(labels)
        has_fallback = any(not lab for lab in labs)
        splits = _splits(Y, folds, self.seed)
        stacked = self.base is not None
        E = self._embed(texts) if self.precise else None
        V = X.shape[1]

        def with_emb(rows, alpha: float):
            Xr = X[rows] if rows is not None else X
            if E is None or alpha == 0.0:
                return Xr
            from scipy import sparse

            Er = E[rows] if rows is not None else E
            return sparse.hstack([Xr, sparse.csr_matrix(alpha * Er)], format="csr")

        best = None
        base_gate = None
        if stacked:
            # "keep the shipped model as it is" competes with every fitted model
            zero = 1.0 / (1.0 + np.exp(-Z0))
            b_rule = ({t: self.base.thresholds_.get(t, 0.5) for t in themes}, self.base.floor_, self.base.relative_)
            if single:
                b_rule = (b_rule[0], self.base.floor_ if has_fallback else 0.0, 0.0)
            else:
                # the shipped rule is the shipped model's own: its learnt gate when it has one (issue 11),
                # so "keep the shipped model" decides exactly as the shipped model does
                base_gate = getattr(self.base, "gate_", None)
            best = (_score(_decide_matrix(zero, themes, *b_rule, single=single, gate=base_gate), Y), (0.0, 0.0, False),
                    zero, b_rule + (base_gate, None))
        if E is not None and not stacked:
            grid = PRECISE_C_GRID
        # own categories from scratch without --precise: LR or NB-LR, by cross-validation (model.fit_scratch)
        scratch = not stacked and E is None

        def fit_rows(rows, C: float, alpha: float, nb: bool):
            if scratch:
                W, b0 = fit_scratch(X if rows is None else X[rows], Y if rows is None else Y[rows], C, nb=nb,
                                    seed=self.seed)
                return W, np.zeros(len(themes)), b0
            return _fit_delta(with_emb(rows, alpha), Y if rows is None else Y[rows],
                              Z0 if rows is None else Z0[rows], C, stacked=stacked)

        pairs = [(C, a, nb) for C in grid for a in (ALPHA_GRID if E is not None else (0.0,))
                 for nb in ((False, True) if scratch else (False,))]
        best_plain = None
        for C, alpha, nb in pairs:
            self.progress(Msg("train_step_cv_emb", C=C, alpha=alpha, folds=folds) if E is not None
                          else Msg("train_step_cv_nb" if nb else "train_step_cv", C=C, folds=folds))
            oof = np.zeros(Y.shape)
            for tr, te in splits:
                D, A, b = fit_rows(tr, C, alpha, nb)
                oof[te] = 1.0 / (1.0 + np.exp(-(with_emb(te, alpha) @ D + A * Z0[te] + b)))
            if stacked and n < RETUNE_ABOVE:
                # few rows: thresholds tuned on them would fit their noise; keep the shipped rule
                rule = b_rule + (base_gate, _score(_decide_matrix(oof, themes, *b_rule, single=single, gate=base_gate), Y))
            else:
                rule = _tune(oof, Y, themes, single, has_fallback)
            score = rule[-1]
            if best is None or score > best[0] + 1e-9:
                best = (score, (C, alpha, nb), oof, rule)
            if not nb and (best_plain is None or score > best_plain[0] + 1e-9):
                best_plain = (score, (C, alpha, nb), oof, rule)
        if scratch and best[1][2] and not clearly_better(_decided(best, themes, single), _decided(best_plain, themes, single), Y):
            best = best_plain  # NB-LR only when clearly better than plain LR (one standard error, as below)
        if stacked and best[1] != (0.0, 0.0, False):
            # the best of several fitted models beats "keep" on the same rows by chance too (the winner's
            # curse of a grid search on 100-200 rows): it must win by more than one standard error
            keep = _decide_matrix(zero, themes, *b_rule, single=single, gate=base_gate)
            thr, fl, rel, g, _ = best[3]
            fitted = _decide_matrix(best[2], themes, thr, fl, rel, single=single, gate=g)
            if not clearly_better(fitted, keep, Y):
                best = (_score(keep, Y), (0.0, 0.0, False), zero, b_rule + (base_gate, None))
        _, (C, alpha, nb), oof, (thresholds, floor, relative, gate, _) = best
        emb_coef = None
        if C == 0.0:  # the shipped model is best on these rows: keep it
            D, A, b = np.zeros((V, len(themes))), np.ones(len(themes)), np.zeros(len(themes))
        else:
            self.progress(Msg("train_step_fit", n=n, C=C))
            D, A, b = fit_rows(None, C, alpha, nb)
            if alpha:
                emb_coef = np.ascontiguousarray(alpha * D[V:].T)  # themes × embedding dimensions
            D = D[:V]
        if stacked:
            Vb = self.base.coef_.shape[1]
            col = {t: k for k, t in enumerate(self.base.themes_)}
            idx = [col[t] for t in themes]
            D[:Vb] += self.base.coef_[idx].T * A
            b = b + self.base.intercept_[idx] * A
        model.C = float(C)
        model.coef_ = np.ascontiguousarray(D.T)
        model.intercept_ = b
        model.thresholds_ = thresholds
        model.floor_ = floor
        model.relative_ = relative
        model.single_ = single
        model.gate_ = gate
        model.emb_coef_ = emb_coef
        pred = _decide_matrix(oof, themes, thresholds, floor, relative, single=single, gate=gate)
        metrics = {
            **cv_metrics(pred, Y, themes, folds),
            "C": float(C),
            "single_label": single,
            **({"embedding_weight": float(alpha)} if E is not None else {}),
            **({"nb_weighted": bool(nb)} if scratch else {}),
            "built_on_base": self.base is not None,
        }
        metrics["_oof_pred"] = pred  # (popped by train_from_labels: compared with sorting by meaning)
        # a model that puts most rows in one category, those labelled otherwise too (train warns)
        metrics["_oof_top_share"] = one_category_share(oof, pred, Y, themes)
        if self.base is not None:
            zero = 1.0 / (1.0 + np.exp(-Z0))
            bpred = _decide_matrix(zero, themes, self.base.thresholds_, self.base.floor_, self.base.relative_,
                                   gate=getattr(self.base, "gate_", None))
            metrics["base_micro_f1_on_these_rows"] = round(_micro_f1(bpred, Y), 4)
        return TrainResult(model=model, metrics=metrics, n_train=n)


# the model's (cross-validated) primary theme of more than this share of the rows is one category ...
ONE_CATEGORY_SHARE = 0.6


def one_category_share(oof, pred, Y, themes: Sequence[str]) -> tuple[str, float] | None:
    """``(category, share)`` when the cross-validated decisions (``oof`` scores, ``pred`` decided) give one
    category as the primary theme of more than :data:`ONE_CATEGORY_SHARE` of the rows with a theme *and* of
    most of the rows labelled (``Y``) with other categories: the model has not learnt to tell them apart. A
    category that most labels name and the model gives to its own rows is no such sign (None)."""
    import numpy as np

    decided = pred.any(axis=1)
    prim = oof.argmax(axis=1)[decided]
    if not len(prim):
        return None
    k = int(np.bincount(prim, minlength=len(themes)).argmax())
    share = float((prim == k).mean())
    others = np.asarray(Y)[decided, k] == 0  # rows labelled without that category
    if share <= ONE_CATEGORY_SHARE or not others.any() or 2 * (prim[others] == k).sum() <= others.sum():
        return None
    return themes[k], share


def _splits(Y, folds: int, seed: int):
    """Cross-validation folds, stratified on each row's first label."""
    import numpy as np
    from sklearn.model_selection import KFold, StratifiedKFold

    n = len(Y)
    first = np.where(Y.any(axis=1), Y.argmax(axis=1), -1)
    counts = np.bincount(first + 1)
    idx = np.arange(n)
    if counts[counts > 0].min() >= folds:
        return list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(idx, first))
    return list(KFold(folds, shuffle=True, random_state=seed).split(idx))


def is_single_label(labels: Sequence[Sequence[str]]) -> bool:
    """Whether the training labels are single-label: at least 95 % of the rows have exactly one
    label (the fallback counts as a label)."""
    return bool(labels) and sum(len(set(lab)) == 1 for lab in labels) >= SINGLE_SHARE * len(labels)


def _tune(oof, Y, themes, single: bool, has_fallback: bool = False):
    """Decision rule from out-of-fold scores. Returns ``(thresholds, floor, relative, gate, score)`` (gate
    None: a rule tuned on the user's rows is a thresholds rule) where
    ``score`` averages micro- and macro-F1.

    Multi-label data: per-theme thresholds, floor and secondary share tuned on the scores. Single-
    label data: the top theme of every row; the floor below which a row goes to the fallback is tuned
    only when the user's labels contain the fallback, else it is 0 (every row gets a theme). The
    thresholds are stored all the same (they say how sure the model is, e.g. for ``review``)."""
    import numpy as np

    thresholds, floor, relative = tune_thresholds(oof, Y, themes)
    if not single:
        return thresholds, floor, relative, None, _score(_decide_matrix(oof, themes, thresholds, floor, relative), Y)
    floors = [0.0] + ([float(f) for f in np.arange(0.05, 0.86, 0.025)] if has_fallback else [])
    scored = [(_score(_decide_matrix(oof, themes, thresholds, f, 0.0, single=True), Y), f) for f in floors]
    best_s, best_f = max(scored, key=lambda sf: (sf[0], -sf[1]))
    return thresholds, best_f, 0.0, None, best_s


# ------------------------------------------------------------------------------------------------
# The 'train' job: sources → taxonomy → labels → model directory


def _own_themes(frame) -> tuple[str, str] | None:
    """A theme (id, label) of a classify output that no built-in taxonomy has under that id and label — the
    file was sorted with a taxonomy of the user's own — or None (a built-in one's, or not classify's output).
    By the label most rows of an id show (a *Tema* cell edited by hand is no other taxonomy)."""
    from forbattra.scoring.labels import other_labels
    from forbattra.outputs.writers import COLS
    from forbattra.taxonomy import load_taxonomy

    for lang in ("sv", "en"):
        ids_col, label_col = COLS[lang]["ids"], COLS[lang]["theme"]
        if ids_col in frame.columns and label_col in frame.columns:
            break
    else:
        return _own_review_theme(frame)
    frame = _data_rows(frame)
    other = other_labels(list(frame[ids_col]), list(frame[label_col]),
                         [load_taxonomy(name) for name in ("standard", "huset")], lang)
    return None if other is None else (other[1], other[2])


def _own_review_theme(frame) -> tuple[None, str] | None:
    """A review sheet's (*Att granska*) theme label that no built-in taxonomy has — the sheet was chosen with a
    model of one's own categories — as ``(None, label)`` (the sheet shows no ids), else None. By its guesses,
    "Label (93 %) / Label (5 %)" (or "93%": English, and earlier sheets): the labels of the taxonomy it was chosen
    with."""
    import re

    from forbattra.outputs.writers import unguard
    from forbattra.scoring.active import GUESS_LABEL, REVIEW_GUESS
    from forbattra.taxonomy import load_taxonomy

    col = next((REVIEW_GUESS[lg] for lg in ("sv", "en") if REVIEW_GUESS[lg] in frame.columns), None)
    if col is None:
        return None
    known = {lab.casefold() for name in ("standard", "huset") for t in load_taxonomy(name).themes
             for lab in (t.label, t.label_en) if lab}
    for v in frame[col]:
        for lab in re.findall(GUESS_LABEL, unguard(str(v or ""))):
            if lab.strip().casefold() not in known:
                return None, lab.strip()
    return None


def _data_rows(frame):
    """``frame`` without the rows that repeat a classify output's header (its *Tema-id* cell holding the
    column's own name: files pasted together), which the reader counts as empty."""
    from forbattra.outputs.writers import COLS

    col = next((COLS[lg]["ids"] for lg in ("sv", "en") if COLS[lg]["ids"] in frame.columns), None)
    if col is None:
        return frame
    again = [isinstance(v, str) and v.strip() == col for v in frame[col]]
    return frame[[not a for a in again]] if any(again) else frame


def _builtin_of_review(frame) -> str | None:
    """The built-in taxonomy a review sheet (*Att granska*) was chosen with, by its guesses ("Label (93%) /
    Label (5%)": the labels of that taxonomy, the sheet shows no ids) — the one built-in taxonomy that has every
    label they name — or None (no such column, no guesses, or another taxonomy's labels)."""
    import re

    from forbattra.outputs.writers import unguard
    from forbattra.scoring.active import GUESS_LABEL, REVIEW_GUESS
    from forbattra.taxonomy import BUILTIN

    col = next((REVIEW_GUESS[lg] for lg in ("sv", "en") if REVIEW_GUESS[lg] in frame.columns), None)
    if col is None:
        return None
    shown = {lab.strip().casefold() for v in frame[col] for lab in re.findall(GUESS_LABEL, unguard(str(v or "")))}
    found = [name for name in BUILTIN if shown and shown <= {
        lab.casefold() for t in load_taxonomy(name).themes for lab in (t.label, t.label_en) if lab}]
    return found[0] if len(found) == 1 else None


def _builtin_of(frame) -> str | None:
    """The built-in taxonomy a classify output was sorted with, by its *Tema-id* column (every id one of its
    themes'), or a review sheet was chosen with, by its guesses (:func:`_builtin_of_review`); None (no such
    column, or another taxonomy's ids)."""
    from forbattra.outputs.writers import COLS, unguard
    from forbattra.scoring.labels import split_cell
    from forbattra.taxonomy import taxonomy_of_ids

    lang = next((lg for lg in ("sv", "en") if COLS[lg]["ids"] in frame.columns), None)
    if lang is None:
        return _builtin_of_review(frame)
    frame = _data_rows(frame)
    labels = {unguard(str(v)).strip() for v in frame[COLS[lang]["theme"]]} - {""} if COLS[lang]["theme"] in frame.columns \
        else None  # (the labels tell standard's samverkan from huset's)
    found = taxonomy_of_ids({t for v in frame[COLS[lang]["ids"]] for t in split_cell(v)}, labels)
    return None if found is None else found.name


def train_from_labels(labelled, corrections, *, taxonomy: str | None, out, base: bool | None = None,
                      folds: int = 5, log: Callable[[str], None] = lambda m: None,
                      warn: Callable[[str], None] = lambda m: None, progress: Callable[[str], None] | None = None,
                      precise: bool = False, redact: bool | None = None):
    """Train on a labelled file (:class:`~forbattra.scoring.training.TrainingInput`) and/or corrected
    classify outputs, and save the model with its own taxonomy.

    ``taxonomy=None``: a built-in taxonomy when every label names one of its themes, else one
    derived from the labels. ``base=None``: build on the shipped model when there is one for the
    taxonomy (``True`` insists, ``False`` starts from scratch). ``precise``: add sentence-embedding
    features (the ``precise`` extra; a :class:`ModelError` when it is missing). ``redact``: learn from the texts
    masked as ``classify --redact`` masks them (names, e-mail addresses, phone numbers … never become features of
    the model folder); ``None``: as the model at ``out`` was trained, else not. The corrections and the texts learnt
    are remembered by a hash of the text as written (``text_key``), so that classify finds them in the export.
    Returns ``(result, meta, taxonomy)``.
    """
    import json
    from forbattra.scoring.training import trained_at
    from pathlib import Path

    from forbattra.errors import ConfigError, InputFileError
    from forbattra.inputs.tables import ROW, TEXT
    from forbattra.outputs.writers import CORRECTION_COLUMNS, misnamed_correction_column
    from forbattra.scoring.labels import choose_taxonomy, resolve_rows
    from forbattra.scoring.model import default_model_dir, load_model, save_model
    from forbattra.workflow import text_key

    if redact is None:  # onto a model folder trained on masked texts: masked again (its model.json says so)
        redact = _recorded_redact(out)
        if redact:
            log("train_keeps_redact", out=out)
    sources = []  # (name, texts, cells, rows, read info (the rows Excel shows), is_correction, column, masker)
    if labelled is not None:
        f = labelled.sugg.frame
        sources.append((labelled.name, list(f[TEXT]), list(f[labelled.label_column]), list(f[ROW]),
                        labelled.sugg.info, False, labelled.label_column, _masker(f) if redact else None))
    for ti in corrections:
        cols = [c for c in ti.sugg.original_columns if c in CORRECTION_COLUMNS]
        if not cols:
            if near := misnamed_correction_column(ti.sugg.original_columns):  # 'rättat tema': say what to rename
                raise InputFileError.of("err_corrections_column_named", path=ti.name, found=near[0], column=near[1])
            raise InputFileError.of("err_no_corrections_column", name=ti.name)
        f = ti.sugg.frame
        sources.append((ti.name, list(f[TEXT]), list(f[cols[0]]), list(f[ROW]), ti.sugg.info, True,
                        cols[0], _masker(f) if redact else None))
    for name, _, _, _, read_info, is_corr, column, _ in sources:  # a formula nobody computed reads as empty: say where
        blank = read_info.uncomputed.get(column)
        if blank:
            warn("corrections_uncomputed" if is_corr else "labels_uncomputed", source=name, sheet=read_info.sheet,
                 column=column, n=len(blank),
                 rows=", ".join(str(read_info.excel_row(k + 1)) for k in blank[:8]) + (" …" if len(blank) > 8 else ""))
    # corrections alone, in a workbook classify sorted with a taxonomy of one's own: its themes, not only the
    # corrected ones (a labelled file names every category itself; onto a model folder, that model's rule holds)
    if taxonomy is None and labelled is None and not (Path(out) / "taxonomy.yaml").is_file():
        for ti in corrections:
            own = _own_themes(ti.sugg.frame)
            if own is not None and own[0] is None:  # review's sheet: its guesses name labels, not ids
                raise ConfigError.of("err_train_own_review", name=ti.name, label=own[1])
            if own is not None:
                raise ConfigError.of("err_train_own_workbook", name=ti.name, id=own[0], label=own[1])
    all_cells = [c for s in sources for c in s[2]]
    from forbattra.scoring.labels import split_cell

    if taxonomy is None and not any(split_cell(c) for c in all_cells):
        # corrections alone: their column is classify's 'Rättat tema', which --label-column does not name
        key = "err_no_corrections_in" if all(s[5] for s in sources) else "err_no_labels_in"
        raise InputFileError.of(key, sources=", ".join(f"{s[0]} ({s[6]!r})" for s in sources))
    sorted_with = {_builtin_of(ti.sugg.frame) for ti in corrections} - {None}
    hint_corr: Msg | None = None  # the hint to a correction naming no theme, where it is not the labels' one
    folder_tax = Path(out) / "taxonomy.yaml"
    if taxonomy is None and labelled is None and folder_tax.is_file():
        # corrections alone onto an existing model folder (the weekly 'train --corrections … --out min-modell'):
        # its categories, the ones 'classify --model' sorted with (a label of none of them is a slip to correct,
        # not a taxonomy of the typed labels replacing them)
        tax, how = load_taxonomy(folder_tax), "folder"
    elif taxonomy is None and labelled is None and len(sorted_with) == 1:
        # corrections of a workbook classify sorted with a built-in taxonomy: its themes, whatever was typed
        # (a label of no theme is a slip to correct, as classify warned, not a category of its own)
        tax, how = load_taxonomy(sorted_with.pop()), "near"
        # (a slip is a cell to correct among its themes: no labels of the user's to make a taxonomy of)
        hint_corr = Msg("err_hint_sorted_with", taxonomy=tax.name)
    else:
        # (a column of one label per row is named: the labelled file's, else the corrections')
        source = Joined(", ", [Msg("err_source_column", name=s[0], column=repr(s[6]))
                               for s in sources if labelled is None or not s[5]])
        # the labelled file names the categories; corrections pick among them (a label of no category there,
        # another taxonomy's, is refused below with its row, as classify warned, not made a category of its own)
        own_cells = list(labelled.sugg.frame[labelled.label_column]) if labelled is not None else []
        tax, how = choose_taxonomy(own_cells if any(split_cell(c) for c in own_cells) else all_cells, taxonomy,
                                   name=Path(out).name or "egna-teman", source=source)
        if how == "derived" and folder_tax.is_file():
            tax = _english_kept(tax, folder_tax)
    from forbattra.i18n import Worded

    # (the fallback as the labels name it, "Ej placerad": its id, ``ovrigt``, is one the user never typed)
    fallback = Worded(tax.label(tax.fallback), tax.label(tax.fallback, "en"))
    if how == "derived":
        log("taxonomy_derived", n=len(tax.content_ids), fallback=fallback)
    else:  # counted as classify counts them: the content themes + the fallback
        log("taxonomy_keywords_only_name", taxonomy=tax.name, n=len(tax.content_ids), fallback=fallback)
    hint = Msg("err_hint_derive") if how == "given" else Msg("err_hint_near", taxonomy=tax.name) if how == "near" \
        else Msg("err_hint_model_folder", out=out) if how == "folder" else ""
    # (a correction's label the labelled file does not name: write one of its categories, or label some there;
    # one the --taxonomy given lacks: a slip in that cell to correct — leaving out --taxonomy, the hint for a
    # label column, makes no category of a correction)
    corr_hint = Msg("err_hint_labelled_categories", name=labelled.name) if labelled is not None and how in (
        "derived", "builtin") else Msg("err_hint_fix_cell") if how == "given" else hint_corr or hint
    texts: list[str] = []
    seen: list[str] = []  # what the model learns of each text: the text, or with --redact the text masked
    labels: list[list[str]] = []
    counts: dict[str, int] = {}
    corr_map: dict[str, list[str]] = {}
    masked_keys: set[str] = set()  # ... those of texts masked before training (a classify --redact workbook's)
    # texts corrected in an earlier corrections source (a sheet carried into another, last week's file): the
    # source and the row that holds
    earlier: dict[str, tuple[str, int]] = {}
    labelled_at: dict[str, list[int]] = {}  # a labelled file's texts: where they are in texts/labels
    labelled_as: dict[str, set[tuple[str, ...]]] = {}  # ... and the themes they are labelled with
    replaced: set[int] = set()  # ... those a correction of the same text replaces
    confirmed: set[int] = set()  # ... and those it repeats (the same themes): one suggestion, learnt once

    def listed(rows_: list[int]) -> str:
        return ", ".join(map(str, rows_[:8])) + (" …" if len(rows_) > 8 else "")

    for name, ts, cells, rows, read, is_corr, colname, masker in sources:
        mine: dict[str, int] = {}  # corrected texts of this source: the row that holds
        source = Msg("err_source_column", name=name, column=repr(colname))  # rows named as Excel shows them
        labs = resolve_rows(cells, rows, read, tax, source, corr_hint if is_corr else hint, column=colname)
        used = 0
        unlabelled: list[int] = []
        no_text: list[int] = []  # Excel rows with a label (or a correction) but no text to learn from
        conflicts: list[str] = []  # "14 (2)": a row correcting a text another row corrected differently
        overruled: dict[str, list[str]] = {}  # earlier source → "2 (16)": rows its other themes for the text hold over
        for k, (t, lab) in enumerate(zip(ts, labs)):
            if not (isinstance(t, str) and t.strip()):
                if lab:
                    no_text.append(read.excel_row(int(rows[k])))
                continue
            if not lab:
                unlabelled.append(read.excel_row(int(rows[k])))
                continue
            key = text_key(t)
            if is_corr:
                if key in earlier:  # (the same themes: carried along, nothing to say)
                    if sorted(corr_map[key]) != sorted(lab):
                        overruled.setdefault(earlier[key][0], []).append(
                            f"{read.excel_row(int(rows[k]))} ({earlier[key][1]})")
                    continue
                if key in mine:  # the same text corrected again: one text has one set of themes, the first's
                    if sorted(corr_map[key]) != sorted(lab):
                        conflicts.append(f"{read.excel_row(int(rows[k]))} ({mine[key]})")
                        continue
                else:
                    mine[key] = read.excel_row(int(rows[k]))
                    for i in labelled_at.get(key, ()):
                        (replaced if sorted(labels[i]) != sorted(lab) else confirmed).add(i)
            else:
                labelled_at.setdefault(key, []).append(len(texts))
                labelled_as.setdefault(key, set()).add(tuple(sorted(lab)))
            texts.append(t)
            seen.append(masker(t) if masker is not None else t)
            labels.append(lab)
            used += 1
            if is_corr:
                corr_map.setdefault(key, lab)
                if _masked_text(t):
                    masked_keys.add(key)
        if unlabelled and not is_corr:
            log("training_dropped", source=name, n=len(unlabelled), rows=listed(unlabelled))
        if no_text:
            log("labels_without_text", source=name, n=len(no_text), rows=listed(no_text))
        if conflicts:
            warn("corrections_same_text", source=name, n=len(conflicts), rows=listed(conflicts))
        for other, where in overruled.items():
            warn("corrections_other_source", source=name, other=other, n=len(where), rows=listed(where))
        if is_corr:
            log("corrected_rows", source=name, n=used)
            for key, row in mine.items():
                earlier.setdefault(key, (name, row))
        counts[name] = counts.get(name, 0) + used  # (a source named twice: its count not replaced by the second's 0)
    if replaced:  # the user's correction holds over the labelled file's label for the same text
        log("labels_replaced_by_corrections", n=len(replaced), source=labelled.name if labelled is not None else "")
    if replaced or confirmed:  # (a label the correction repeats: the text once, not counted and fitted twice)
        dropped = replaced | confirmed
        texts = [t for i, t in enumerate(texts) if i not in dropped]
        seen = [t for i, t in enumerate(seen) if i not in dropped]
        labels = [lab for i, lab in enumerate(labels) if i not in dropped]
        counts[labelled.name] -= len(dropped)
    if not texts:
        raise InputFileError.of("err_nothing_to_train")
    if labelled is None:
        _check_not_replacing(out, len(texts))
    # what this run learns of each text: a correction (None: whichever, the one typed now holds), else its labels (a
    # remembered correction is kept only by the same themes: the labelled file's other label would silently undo it)
    _check_not_forgetting(out, {**labelled_as, **dict.fromkeys(corr_map)}, [s[0] for s in sources])
    if labelled is None:
        if len(texts) < MIN_CORRECTIONS_ALONE:  # corrections alone, too few: the labelled file is what is missing
            raise InputFileError.of("err_too_few_corrections", n=len(texts))
    elif len(texts) < MIN_LABELLED:  # the files and columns that hold too few, and what to do (the fitting's own
        # check, err_too_few_labelled, named neither)
        raise InputFileError.of("err_too_few_labelled_in", n=len(texts), min=MIN_LABELLED,
                                sources=", ".join(f"{s[0]} ({s[6]!r})" for s in sources))
    support = {t: 0 for t in tax.content_ids}
    for lab in labels:
        for t in lab:
            if t in support:
                support[t] += 1
    used_labels = {t for lab in labels for t in (lab or [tax.fallback])}
    if builtin_like(tax) is None and len(used_labels) < 2:
        # own categories, one of them used (the fallback counts: "IT" against "Annat" is two): nothing to tell
        # apart (a model would score 1.000 by saying it always)
        raise InputFileError.of("err_one_category", n=len(texts), label=tax.label(next(iter(used_labels))))
    if how == "derived":  # "Annat" beside "Övrigt", a slip, a comma: categories of their own; say so
        from forbattra.scoring.labels import label_warnings

        for key, fields in label_warnings(tax, support):
            warn(key, **fields, again=Msg("label_again_train"))
    base_model = None
    like = builtin_like(tax)  # a built-in, or a copy of one under another name: its shipped model to build on
    builtin = like is not None
    shipped = default_model_dir(like) if builtin and base is not False else None
    if base is True and shipped is None:
        raise ConfigError.of("err_base_builtin_only")
    if base is not False and shipped is not None:
        base_model, _, _ = load_model(shipped, tax if tax.name == like else load_taxonomy(like))
        log("building_on_base", taxonomy=like)
    # a theme with too few examples to learn from: on top of the shipped model, one none of the labels name is
    # not among them — its rows say nothing of it, so it keeps the shipped model's view (``_fit_delta``), learnt
    # from the shipped corpus; with one to four labels the correction they make is fitted on those few
    thin = [t for t, c in support.items() if c < 5 and not (base_model is not None and c == 0)]
    from forbattra.i18n import PerLang

    thin_which = PerLang({lang: ", ".join(f"{tax.label(t, lang)!r} ({support[t]})" for t in thin)
                          for lang in ("sv", "en")})
    own_choice = builtin_like(tax) is None and not precise  # choose_own below may keep sorting by meaning
    if thin and not own_choice:
        warn("thin_classes", which=thin_which)
    embedder = None
    if precise:
        from forbattra.scoring.embed import Embedder

        embedder = Embedder()  # before any work: a missing extra is one line, nothing written
    learner = OwnLearner(tax, base=base_model, folds=folds, progress=progress, precise=precise, embedder=embedder)
    result = learner.fit(seen, labels)
    oof_pred = result.metrics.pop("_oof_pred", None)
    by_meaning = False
    verdict = None
    if not builtin and not precise:
        choice = choose_own(tax, seen, labels, oof_pred, folds=folds, progress=progress)
        if choice is not None:
            by_meaning, correction, metrics, verdict = choice
            kept_pred = metrics.pop("_kept_pred", None)
            result.metrics.update(metrics)
            result.model.meaning_ = correction
            if thin and by_meaning and kept_pred is not None:
                # sorting by meaning gives a thin category suggestions all the same, by its name (and the
                # correction, where kept, has one or two rows to learn that it is rare): how many, on these rows
                import numpy as np

                got = {t: int(np.asarray(kept_pred)[:, tax.content_ids.index(t)].sum()) for t in thin}
                words = {"sv": ("märkt", "märkta", "får"), "en": ("labelled", "labelled", "gets")}
                warn("thin_classes_meaning", n=len(labels), which=PerLang({
                    lang: ", ".join(f"{tax.label(t, lang)!r} ({support[t]} {w[0] if support[t] == 1 else w[1]}, "
                                    f"{w[2]} {got[t]})" for t in thin) for lang, w in words.items()}))
                thin = []
    if thin and own_choice:
        warn("thin_classes", which=thin_which)
    oof_share = result.metrics.pop("_oof_top_share", None)
    sources_in_model: dict[str, int] = {}  # (its files relative to the model folder, as "paths": "model" says)
    for name, n in counts.items():
        file = _file_of(name)
        key = model_relative(file, out) + name[len(file):]
        sources_in_model[key] = sources_in_model.get(key, 0) + n
    extra = {"trained_at": trained_at(), "sources": sources_in_model,
             "training_keys": training_keys(texts),
             "corrections_map": dict(sorted(corr_map.items())),
             # the corrections of texts masked before training: classify finds their suggestions masked as then
             # (absent where there are none: model files as before)
             **({"masked_corrections": sorted(masked_keys & corr_map.keys())} if masked_keys & corr_map.keys() else {}),
             # the sources the corrections came from (a retrain that leaves one out names it: _check_not_forgetting)
             # (the files, each once, a workbook's *Att granska* sheet as its workbook)
             **({"corrected_in": sorted({model_relative(_file_of(s[0]), out) for s in sources
                                         if s[5] and counts.get(s[0])})} if corr_map else {}),
             # the labelled file and its column: the command that trains this folder again with more
             # corrections (review's last line) names them (absent from a model of corrections alone, or older)
             **({"labelled": {"file": model_relative(labelled.name, out), "label_column": labelled.label_column,
                              # (its sheet and text columns where given: absent otherwise, model files as before)
                              **({"sheet": labelled.sheet} if labelled.sheet is not None else {}),
                              **({"text_columns": list(labelled.text_columns)} if labelled.text_columns else {})}}
                if labelled is not None else {}),
             # those files' paths, and the sources', are relative to the model folder (a model without this key: to
             # the folder train ran in), so that command is right from any folder, and no home folder's path (a user
             # name) is in a model folder that is shared
             "paths": "model",
             # onto a model folder, with its taxonomy: how that was chosen then (a rerun gives the same bytes)
             "taxonomy_origin": _recorded_origin(out) if how == "folder" else how,
             "built_on": like if base_model is not None else None,
             **({"sort_by_meaning": True} if by_meaning else {}),
             # learnt from masked texts (absent otherwise): a retrain onto this folder masks them again
             **({"redacted": True} if redact else {})}  # (absent otherwise: model files as before)
    save_model(result, tax, out, extra=extra)
    meta = json.loads((Path(out) / "model.json").read_text(encoding="utf-8"))
    meta["_support"] = support
    meta["_top_share"] = oof_share
    # why sorting by meaning was kept (a message id): said after the figures it follows from, not before them
    meta["_verdict"] = verdict
    return result, meta, tax


def choose_own(tax: Taxonomy, texts: Sequence[str], labels: Sequence[Sequence[str]], oof_pred, *, folds: int = 5,
               progress: Callable[[str], None] | None = None):
    """Own categories: what a model folder trained on these labels should sort by. Three candidates on the
    same rows: sorting by the themes' meaning without labels (:mod:`.zeroshot`; it learns nothing from the
    rows, so its score on them is honest), the meaning corrected by the labels (:func:`fit_meaning`,
    cross-validated), and the labels' own model (``oof_pred``: its cross-validated decisions). The better
    fitted one competes with sorting by meaning by the one-standard-error rule that keeps a built-in
    taxonomy's shipped model, so a few labels never leave the user worse off than none.

    Returns ``(sort_by_meaning, correction or None, metrics, message id or None)``; None for a taxonomy
    without content themes."""
    import numpy as np

    from forbattra.scoring.model import _micro_f1
    from forbattra.scoring.zeroshot import zeroshot_classifier

    zsc = zeroshot_classifier(tax)
    if zsc is None:
        return None
    themes = tax.content_ids
    zs = np.array([[t in r.themes for t in themes] for r in zsc.classify(list(texts))], dtype=bool)
    Y = np.array([[t in set(lab) for t in themes] for lab in labels], dtype=int)
    metrics = {"zeroshot_micro_f1_on_these_rows": round(_micro_f1(zs, Y), 4)}
    metrics["_kept_pred"] = zs  # (popped by train_from_labels: what sorts by meaning gives these rows)
    if len(texts) < MEANING_MIN_ROWS:  # too few rows to judge a correction on the rows it is tuned on
        by_meaning = oof_pred is None or not clearly_better(oof_pred, zs, Y)
        return by_meaning, None, metrics, "zeroshot_kept" if by_meaning and oof_pred is not None else None
    correction, mpred, mmetrics = fit_meaning(
        zsc, texts, Y, single=is_single_label(labels),
        has_fallback=any(not [t for t in lab if t != tax.fallback] for lab in labels), folds=folds,
        progress=progress or (lambda m: None))
    metrics.update(mmetrics)
    if oof_pred is not None and _score(oof_pred, Y) > _score(mpred, Y):
        # the labels' own model fits these rows better: it ships only when clearly better than sorting by meaning
        # without labels, as the correction does (it shipped unless sorting by meaning was clearly better: 21
        # labels kept a model at micro-F1 0.350 against sorting by meaning's 0.412)
        by_meaning = not clearly_better(oof_pred, zs, Y)
        return by_meaning, None, metrics, "zeroshot_kept" if by_meaning else None
    # the correction ships only when clearly better than sorting by meaning without labels
    if clearly_better(mpred, zs, Y):
        metrics["_kept_pred"] = mpred  # (its cross-validated decisions)
        return True, correction, metrics, None
    return True, None, metrics, "meaning_not_better"


MEANING_SCALE_GRID = (3.0,)  # how far the meaning logits stand out of the L2 penalty
MEANING_C_GRID = (0.5, 2.0, 8.0)
MIN_CORRECTIONS_ALONE = 20  # corrections without a labelled file: fewer train no model (review says so too)
MIN_LABELLED = 20  # labelled suggestions (with their corrections) a model needs at least (model.train's own check)
MEANING_MIN_ROWS = 100  # fewer labelled rows: no correction (its C and rule, tuned on the rows it is judged
# on, look better than they are: 2 of 7 draws of 20-28 rows shipped one far below sorting by meaning; at 50
# rows it never beat it on new text, benchmarks/bench_own_few.py)
MEANING_GRID_ROWS = 1000  # above this many labelled rows only the middle C (the grid's cost grows with the rows)


def fit_meaning(zs, texts: Sequence[str], Y, *, single: bool, has_fallback: bool, folds: int = 5, seed: int = 0,
                progress: Callable[[str], None] = lambda m: None):
    """Labels on top of sorting by meaning (own categories): per theme a logistic regression over the
    logits of every theme's meaning score (scaled by ``scale``, so their weights are nearly free of the L2
    penalty) and the standard model's tf-idf features (the correction, penalised), with ``C`` chosen by
    cross-validation on the user's rows (up to :data:`MEANING_GRID_ROWS` rows; above, the grid's middle
    value: its cost grows with the rows) and the decision tuned on the out-of-fold scores.

    Returns ``(correction, oof_decisions, metrics)``; ``correction`` is a
    :class:`~forbattra.scoring.zeroshot.MeaningCorrection`."""
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    from forbattra.scoring.zeroshot import MeaningCorrection, logits

    themes = list(zs.zs_themes)
    K = len(themes)
    analyses = [zs.base.analyzer.analyze(t) for t in texts]
    S, X, _ = zs.score_matrix(analyses)
    X = sparse.csr_matrix(X)
    active = np.flatnonzero(X.getnnz(axis=0))
    X = X[:, active]
    L = logits(S)
    n = len(texts)
    folds = cv_folds(folds, n)
    splits = _splits(Y, folds, seed)

    def fit(rows, scale: float, C: float):
        Xf = sparse.hstack([sparse.csr_matrix(scale * L[rows]), X[rows]], format="csr")
        A, D, b = np.zeros((K, K)), np.zeros((K, X.shape[1])), np.zeros(K)
        for k in range(K):
            y = Y[rows, k]
            if y.min() == y.max():  # these rows say nothing about the theme: its meaning score as it is
                A[k, k] = 1.0
                continue
            clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000, tol=1e-3)
            clf.fit(Xf, y)
            w = clf.coef_[0]
            A[k], D[k], b[k] = scale * w[:K], w[K:], clf.intercept_[0]
        return A, D, b

    def proba(A, D, b, rows):
        return 1.0 / (1.0 + np.exp(-(L[rows] @ A.T + np.asarray(X[rows] @ D.T) + b)))

    best = None
    for scale in MEANING_SCALE_GRID:
        for C in MEANING_C_GRID if n <= MEANING_GRID_ROWS else MEANING_C_GRID[1:2]:
            progress(Msg("train_step_cv_meaning", C=C, folds=folds))
            oof = np.zeros(Y.shape)
            for tr, te in splits:
                oof[te] = proba(*fit(tr, scale, C), te)
            rule = _tune(oof, Y, themes, single, has_fallback)
            if best is None or rule[-1] > best[0] + 1e-9:
                best = (rule[-1], (scale, C), oof, rule)
    _, (scale, C), oof, (thresholds, floor, relative, _, _) = best
    progress(Msg("train_step_fit", n=n, C=C))
    A, D, b = fit(np.arange(n), scale, C)
    vocab = zs.base.model.vocabulary_
    names = sorted(vocab, key=vocab.get)
    used = np.flatnonzero(np.abs(D).max(axis=0) > 0)
    correction = MeaningCorrection([names[active[j]] for j in used], A, np.ascontiguousarray(D[:, used]), b,
                                   {t: float(v) for t, v in thresholds.items()}, float(floor), float(relative),
                                   bool(single))
    pred = _decide_matrix(oof, themes, thresholds, floor, relative, single=single)
    metrics = {"meaning_micro_f1_on_these_rows": round(_micro_f1(pred, Y), 4),
               "meaning_macro_f1_on_these_rows": round(float(cv_metrics(pred, Y, themes, folds)["cv_macro_f1"]), 4),
               "meaning_C": float(C), "meaning_scale": float(scale)}
    return correction, pred, metrics


def _file_of(source: str) -> str:
    """The file of a training source's name: a workbook's *Att granska* sheet is a source of its own."""
    from forbattra.scoring.active import REVIEW_SHEET

    return next((source[:-len(f" ({v})")] for v in REVIEW_SHEET.values() if source.endswith(f" ({v})")), source)


def model_relative(path: str, out) -> str:
    """A file a model learnt from as its ``model.json`` records it: relative to the model folder ``out``, with
    ``/`` (a folder moved with its files beside it still finds them); absolute only where no relative path leads
    there (another drive on Windows)."""
    import os
    from pathlib import PurePath

    try:
        return PurePath(os.path.relpath(os.path.abspath(path), os.path.abspath(out))).as_posix()
    except ValueError:
        return os.path.abspath(path)


def recorded_file(meta: dict, model, path: str) -> str:
    """A file ``model.json`` (``meta``) of the model folder ``model`` records — its labelled file, a corrections
    file —, as a command run in the current folder names it, in the way ``model`` is named: in full where it is,
    else relative where it lies in that folder, in full where not. It records them relative to the model folder
    (``"paths": "model"``); a model trained before that recorded them as given, relative to the folder train ran
    in, and they are named as recorded."""
    import os

    if meta.get("paths") != "model":
        return path
    full = os.path.normpath(os.path.join(os.path.abspath(model), path))
    if os.path.isabs(model):
        return full
    try:
        here = os.path.relpath(full)
    except ValueError:  # another drive
        return full
    return full if here == os.pardir or here.startswith(os.pardir + os.sep) else here


def text_hash(text: str) -> str:
    """A text's key in ``training_keys``: 12 hex digits of its normalised form (:func:`forbattra.workflow.text_key`)."""
    import hashlib

    from forbattra.workflow import text_key

    return hashlib.blake2b(text_key(text).encode("utf-8"), digest_size=6).hexdigest()


def training_keys(texts: Sequence[str]) -> list[str]:
    """Short hashes of the texts a model learnt from (stored in ``model.json``), so that ``evaluate`` can say
    when it is given those very rows — a figure measured on them says how well the model remembers, not how
    well it sorts. (No text is kept: the corrections are remembered by a hash of each text too, ``text_key``.)"""
    return sorted({text_hash(t) for t in texts})


def _masker(frame) -> Callable[[str], str]:
    """What ``train --redact`` learns of a text of ``frame``: the text as ``classify --redact`` masks it (with the
    names of the frame's person and name columns), its placeholders taken out — a model learns no "[namn]"."""
    from forbattra.outputs.redact import make_redactor, without_placeholders

    red = make_redactor(frame, "sv")
    return lambda text: without_placeholders(red(text))


def _recorded_redact(out) -> bool:
    """Whether the model at ``out`` was trained on masked texts (``"redacted"`` in its ``model.json``)."""
    import json
    from pathlib import Path

    try:
        old = json.loads((Path(out) / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(old, dict) and old.get("redacted") is True


def _english_kept(tax: Taxonomy, folder_tax) -> Taxonomy:
    """A taxonomy derived from the labels again, trained onto a model folder whose ``taxonomy.yaml`` was given
    English labels and descriptions since (for ``--lang en``, as its line says to): each theme of the same id and
    label keeps them, rather than the next retrain dropping them and the English files showing Swedish again."""
    import dataclasses

    from forbattra.errors import TaxonomyError

    try:
        old = load_taxonomy(folder_tax)
    except TaxonomyError:  # (a folder's file broken since: the labels' taxonomy, as a new folder gets)
        return tax
    themes = tuple(dataclasses.replace(th, label_en=old[th.id].label_en or th.label_en,
                                       description_en=old[th.id].description_en or th.description_en)
                   if th.id in old and old[th.id].label == th.label else th for th in tax.themes)
    return dataclasses.replace(tax, themes=themes, _index={})


def _recorded_origin(out) -> str:
    """How the taxonomy of the model at ``out`` was chosen when it was trained (``taxonomy_origin`` of its
    ``model.json``; ``given`` where it says none), for a model trained again onto that folder with its taxonomy."""
    import json
    from pathlib import Path

    try:
        old = json.loads((Path(out) / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return "given"
    origin = old.get("taxonomy_origin") if isinstance(old, dict) else None
    return origin if origin in ("given", "builtin", "near", "derived") else "given"


def _check_not_replacing(out, n: int) -> None:
    """Corrections alone must not silently replace a model at ``out`` that was trained on more labelled rows
    (``train --corrections svar.xlsx --out min-modell`` onto a model of 200 labels would keep only the 26
    corrections): refused, naming the files that model learnt from, so they can be given again."""
    import json
    from pathlib import Path

    from forbattra.errors import InputFileError

    try:
        old = json.loads((Path(out) / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return
    size = old.get("training_size") if isinstance(old, dict) else None
    if isinstance(size, int) and size > n:
        sources = old.get("sources") if isinstance(old.get("sources"), dict) else {}
        from forbattra.i18n import shell_arg

        def named(source: str) -> str:  # (a workbook's *Att granska* sheet: its file named, then the sheet)
            file = _file_of(source)
            return recorded_file(old, out, file) + source[len(file):]

        raise InputFileError.of("err_corrections_replace", out=out, old=size, n=n,
                                files=", ".join(named(str(s)) for s in sources) or "?", arg=shell_arg(out))


def _check_not_forgetting(out, learnt: dict[str, set[tuple[str, ...]] | None], given: list[str]) -> None:
    """A model at ``out`` remembers the corrections it was trained with (``corrections_map``, by text): the
    model trained now replaces it, so each of them must be among what it learns (``learnt``: the key of each text
    this run corrects, to None — corrected again, as now typed —, or labels, to its labels' themes, sorted), with
    the same themes where only labelled — a text of the labelled file is
    no correction kept where its label differs (the file labels it 'Lön', the correction said 'Schema'). Last
    week's corrections file left out — this week's alone, or
    the labelled file alone — would silently forget them: refused, naming the files that model learnt from
    and ``given`` not now, so they can be given again (or another ``--out`` chosen)."""
    import json
    import os
    from pathlib import Path

    from forbattra.errors import InputFileError

    try:
        old = json.loads((Path(out) / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return
    remembered = old.get("corrections_map") if isinstance(old, dict) else None
    if not isinstance(remembered, dict):
        return
    lost = [key for key, themes in remembered.items() if key not in learnt or (
        learnt[key] is not None and (not isinstance(themes, list) or tuple(sorted(map(str, themes))) not in learnt[key]))]
    if lost:
        from forbattra.i18n import shell_arg
        from forbattra.scoring.active import REVIEW_SHEET

        def file_of(source: str) -> str:  # a workbook's *Att granska* sheet is a source of its own: the file
            return next((source[:-len(f" ({v})")] for v in REVIEW_SHEET.values() if source.endswith(f" ({v})")),
                        source)

        # the files its corrections came from (a model trained before they were recorded: every file it learnt from)
        named = old.get("corrected_in") if isinstance(old.get("corrected_in"), list) else old.get("sources")
        files = list(dict.fromkeys(recorded_file(old, out, file_of(str(s))) for s in named)) \
            if isinstance(named, (list, dict)) else []
        now = {os.path.abspath(file_of(g)) for g in given}  # (the same file, however its path is written)
        missing = [f for f in files if os.path.abspath(f) not in now]
        if missing:  # left out: the exact options to add
            raise InputFileError.of("err_corrections_forgotten", out=out, n=len(lost), files=", ".join(missing),
                                    add=" ".join(f"--corrections {shell_arg(f)}" for f in missing))
        # every one given again, but without them: cleared (after training, as the README allows) or its rows gone
        raise InputFileError.of("err_corrections_cleared", out=out, n=len(lost), files=", ".join(files) or "?")


def zeroshot_predictions(tax: Taxonomy, texts: list[str]):
    """Sorting by meaning without a model (:mod:`.zeroshot`) on ``texts``: a rows × content themes boolean
    matrix (None when the taxonomy has no content themes). It learns nothing from the rows, so its score
    on them is an honest estimate, like a cross-validated one."""
    import numpy as np

    from forbattra.scoring.zeroshot import zeroshot_classifier

    zs = zeroshot_classifier(tax)
    if zs is None:
        return None
    themes = tax.content_ids
    return np.array([[t in r.themes for t in themes] for r in zs.classify(texts)], dtype=bool)


def clearly_better(pred, other, Y, *, rounds: int = 200, seed: int = 0) -> bool:
    """True when ``pred`` beats ``other`` on these rows (by :func:`_score`) by more than one standard
    error of the difference, estimated by a paired bootstrap over the rows (fixed seed: deterministic).
    Breiman's one-standard-error rule: with few rows, prefer the simpler choice unless the data clearly
    say otherwise."""
    import numpy as np

    gain = _score(pred, Y) - _score(other, Y)
    if gain <= 0:
        return False
    rng = np.random.default_rng(seed)
    n = len(Y)
    diffs = np.empty(rounds)
    for r in range(rounds):
        idx = rng.integers(0, n, n)
        diffs[r] = _score(pred[idx], Y[idx]) - _score(other[idx], Y[idx])
    return bool(gain > diffs.std())


def _decided(entry, themes, single: bool):
    """The decisions of a grid entry ``(score, params, oof, (thresholds, floor, relative, gate, score))``."""
    thr, fl, rel, g, _ = entry[3]
    return _decide_matrix(entry[2], themes, thr, fl, rel, single=single, gate=g)


def _score(pred, Y) -> float:
    """Model choice: the mean of micro- and macro-F1 (themes present in ``Y``)."""
    import numpy as np

    f1s = []
    for k in range(Y.shape[1]):
        tp = (pred[:, k] & (Y[:, k] == 1)).sum()
        d = pred[:, k].sum() + Y[:, k].sum()
        if Y[:, k].sum():
            f1s.append(2 * tp / d if d else 0.0)
    return 0.5 * (_micro_f1(pred, Y) + float(np.mean(f1s) if f1s else 0.0))


def _masked_text(text: str) -> bool:
    """Whether ``text`` was masked (by ``classify --redact``: a placeholder such as *[namn]* or *[phone]* in it)."""
    from forbattra.outputs.redact import MASKS_EN

    return "[" in text and any(p in text for pair in MASKS_EN.items() for p in pair)


def _builtin_folder(model) -> bool:
    """Whether the model folder ``model`` sorts with a built-in taxonomy's themes (its ``taxonomy.yaml``), on which
    ``train`` builds on the shipped model unless told ``--no-base``."""
    from pathlib import Path

    from forbattra.errors import ForbattraError

    try:
        return builtin_like(load_taxonomy(Path(model) / "taxonomy.yaml")) is not None
    except (ForbattraError, OSError):
        return False


def retrain_arguments(meta: dict | None, model, sheet):
    """The arguments of ``forbattra train`` that fold the corrections of ``sheet`` into the model folder
    ``model`` (its ``model.json`` read as ``meta``) rather than into a new one: ``--out`` the folder, with the
    labelled file and label column it was trained on (recorded in ``labelled``; for a model trained before they
    were, named by the placeholders train's own refusal uses), the corrections files it remembers
    (``corrected_in``, as train refuses a run without them), and the folder's taxonomy where it was given with
    ``--taxonomy`` (one derived from the labels, or a built-in one, is chosen again by the labels), with
    ``--redact``, ``--precise`` and ``--no-base`` where it was trained so. None
    without a model folder's record (the shipped model)."""
    import os
    from pathlib import Path

    from forbattra.i18n import PerLang, shell_arg
    from forbattra.scoring.active import REVIEW_SHEET

    if not isinstance(meta, dict) or not isinstance(meta.get("training_size"), int):
        return None
    remembered = meta.get("corrections_map")
    n_remembered = len(remembered) if isinstance(remembered, dict) else 0
    labelled = meta.get("labelled")
    words = {"sv": ("MÄRKT_FIL", "KOLUMN"), "en": ("LABELLED_FILE", "COLUMN")}
    if isinstance(labelled, dict) and isinstance(labelled.get("file"), str) and isinstance(labelled.get("label_column"), str):
        path = Path(recorded_file(meta, model, labelled["file"]))
        # the sheet and text columns it was read with, where given (another sheet is detected without them)
        how = f" --sheet {shell_arg(labelled['sheet'])}" if isinstance(labelled.get("sheet"), str) else ""
        texts = labelled.get("text_columns")
        how += "".join(f" --text-column {shell_arg(str(t))}" for t in (texts if isinstance(texts, list) else []))
        first = {lang: f"{shell_arg(path)}{how} --label-column {shell_arg(labelled['label_column'])}"
                 for lang in words}
    elif meta["training_size"] > n_remembered:  # labelled rows beside its corrections, from before the record
        first = {lang: f"{f} --label-column {c}" for lang, (f, c) in words.items()}
    else:  # corrections alone: the folder's categories are the ones they pick among
        first = {lang: "" for lang in words}

    def file_of(source: str) -> str:  # a workbook's *Att granska* sheet is recorded as a source of its own
        return next((source[:-len(f" ({v})")] for v in REVIEW_SHEET.values() if source.endswith(f" ({v})")), source)

    earlier = meta.get("corrected_in")
    files = [f for f in dict.fromkeys(recorded_file(meta, model, file_of(str(x)))
                                      for x in (earlier if isinstance(earlier, list) else []))
             if os.path.abspath(f) != os.path.abspath(sheet)]  # (the same file, however its path is written)
    rest = "".join(f" --corrections {shell_arg(Path(f))}" for f in [*files, str(sheet)])
    if meta.get("taxonomy_origin") == "given" and (model / "taxonomy.yaml").is_file():
        rest += " --taxonomy " + shell_arg(model / "taxonomy.yaml")
    if meta.get("redacted") is True:  # (masked again onto the folder anyway: said, so the line is the whole recipe)
        rest += " --redact"
    if isinstance(meta.get("precise"), dict):  # (train's default is without: the folder's embeddings would be lost)
        rest += " --precise"
    if "built_on" in meta and meta["built_on"] is None and _builtin_folder(model):
        rest += " --no-base"  # built-in themes from scratch: train's default builds on the shipped model
    rest += " --out " + shell_arg(model)
    return PerLang({lang: (first[lang] + rest).strip() for lang in words})
