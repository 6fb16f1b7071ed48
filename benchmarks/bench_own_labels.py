"""Own-labels benchmark (issue 12): training on a user's labels, with and without the shipped model.

    python benchmarks/bench_own_labels.py [--part base|base-precise|riksdag|realistic|all] > /tmp/own.md

* ``base``: a user labels suggestions from their own sector and trains on top of the shipped
  ``standard`` model (``train`` default) — compared with the shipped model alone (zero-shot) and
  with the same labels from scratch (``--no-base``). Since the shipped model is trained on
  ``corpus/realistic`` too (issue 11), "the shipped knowledge" here is the same recipe built without
  the two writers tested on (:func:`knowledge_base`; ``--knowledge dev``: from ``corpus/dev`` only, as
  earlier rounds measured it), so the test rows are unseen. Data: ``corpus/realistic`` (two writers, 10 sectors, 70 rows per sector and writer, ``standard`` labels
  in ``*_labels.csv``). Per sector: 100 labelled rows of that sector (both writers), tested on the
  other 40; pooled micro-F1 over the 10 sectors. And across writers: 200 labelled rows of writer 1,
  tested on all 700 of writer 2. CPU and wall seconds of each ``train`` are reported.
* ``base-precise``: the per-sector part of ``base`` once more, with ``--precise`` on top of the
  shipped model as a third column.
* ``riksdag``: labels as they are (no hand-written taxonomy) on the Riksdag interpellations
  (``/work/shared/data``), fixed 2,000/1,000 split, one label per row.
* ``realistic``: a second real labelled set, ``corpus/realistic`` (written and labelled by people
  other than the dev-corpus writers): the ``huset`` column strings as a user's own categories
  (taxonomy derived from them, no shipped model), writer 1 (700) → writer 2 (700); multi-label.

Both compare, in one run on the same split: a tuned plain scikit-learn TF-IDF (word 1-2 + char_wb
2-5) + LogisticRegression (C by 5-fold CV), ``forbattra train`` (default), ``forbattra train
--precise`` (+ sentence embeddings) and the honest comparison for the latter, the tuned scikit-learn
pipeline with the same e5 vectors as one more block. Macro-F1, ratio to the plain baseline, train CPU
and wall seconds, texts per CPU-second when classifying. Nothing is cached across runs: every
forbattra step embeds with its own fresh :class:`~forbattra.scoring.embed.Embedder`; the scikit-learn ⊕
e5 row reuses the vectors of forbattra's run (the engine is deterministic) and is charged their CPU.
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
from forbattra.scoring.pipeline import Classifier  # noqa: E402
from forbattra.scoring.stacking import OwnLearner, choose_own  # noqa: E402
from forbattra.scoring.text import Analyzer  # noqa: E402
from forbattra.taxonomy import load_taxonomy  # noqa: E402


def realistic() -> pd.DataFrame:
    parts = []
    for w in ("w1", "w2"):
        d = pd.read_csv(ROOT / "corpus" / "realistic" / f"{w}.csv", dtype=str, keep_default_na=False)
        lab = pd.read_csv(ROOT / "corpus" / "realistic" / f"{w}_labels.csv", dtype=str, keep_default_na=False)
        parts.append(d.merge(lab[["id", "standard"]], on="id").assign(writer=w))
    return pd.concat(parts, ignore_index=True)


TEST_WRITERS = ("w1", "w2")  # the writers these benchmarks label and test on
KNOWLEDGE = "shipped"  # --knowledge
KNOWLEDGE_DIR: Path | None = None  # --knowledge-dir: the shipped-recipe base saved there and reused


def knowledge_base(tax, recipe: str | None = None):
    """The shipped ``standard`` model's knowledge without the writers tested here.

    ``shipped`` (default since the eighth round): the shipped model's own recipe
    (:func:`forbattra.scoring.training.fit_shipped`: corpus/dev's strict labels + every realistic
    writer, the decision calibrated leave-one-writer-out) without ``corpus/realistic`` w1 and w2, which
    these benchmarks label and test on; ≈ 15 CPU-minutes (``--knowledge-dir`` keeps it). ``dev``: corpus/dev's writer labels only,
    as ``forbattra train --base`` builds it (the earlier rounds' stand-in; a weaker model than the one
    users get)."""
    from forbattra.scoring.model import encode_labels, train
    from forbattra.scoring.training import corpus_frame, fit_shipped

    recipe = recipe or KNOWLEDGE
    if recipe == "shipped":
        from forbattra.scoring.model import load_model, save_model

        if KNOWLEDGE_DIR is not None and (KNOWLEDGE_DIR / "model.json").exists():
            print(f"(knowledge base from {KNOWLEDGE_DIR}, built by an earlier run)", file=sys.stderr)
            return load_model(KNOWLEDGE_DIR)[0]
        print("(building the shipped recipe without " + ", ".join(TEST_WRITERS) + " …)", file=sys.stderr)
        result, metrics, sources = fit_shipped("standard", exclude_writers=TEST_WRITERS)
        print(f"(knowledge base: {sources}; its leave-one-writer-out micro-F1 {metrics['cv_micro_f1']:.3f})",
              file=sys.stderr)
        if KNOWLEDGE_DIR is not None:
            save_model(result, tax, KNOWLEDGE_DIR, extra={"sources": sources, "built_by": "bench_own_labels"})
        return result.model
    dev = corpus_frame("dev")
    print("(building the corpus/dev-only base model …)", file=sys.stderr)
    return train(list(dev["text"]), encode_labels(list(dev["teman"]), tax, source="corpus/dev"), tax, folds=5).model


def timed(fn):
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c0, time.perf_counter() - w0


class SectorSetup:
    """What both sector parts share: the standard taxonomy, the knowledge base, its zero-shot classifier,
    the realistic rows with their labels, and training / predicting on row indices."""

    def __init__(self) -> None:
        self.tax = load_taxonomy("standard")
        self.analyzer = Analyzer()
        self.shipped = knowledge_base(self.tax)
        self.zero = Classifier(self.tax, self.shipped, {"path": "shipped"}, analyzer=self.analyzer)
        self.df = realistic()
        self.labels = resolve(list(self.df["standard"]), self.tax)

    def predict(self, clf, idx):
        return [r.themes for r in clf.classify([self.df["text"][i] for i in idx])]

    def fit(self, idx, *, base: bool = True, precise: bool = False):
        res = OwnLearner(self.tax, base=self.shipped if base else None, analyzer=self.analyzer,
                         precise=precise).fit([self.df["text"][i] for i in idx], [self.labels[i] for i in idx])
        return Classifier(self.tax, res.model, {"path": "own"}, analyzer=self.analyzer)


def part_base() -> None:
    st = SectorSetup()
    tax, zero, df, labels, predict = st.tax, st.zero, st.df, st.labels, st.predict

    def fit(idx, base):
        return st.fit(idx, base=base)

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


def part_base_precise() -> None:
    """Does ``--precise`` on top of the shipped model lift the per-sector figure of ``part_base``?
    The same sectors, seed and split: zero-shot, + 100 labels (default), + 100 labels --precise."""
    st = SectorSetup()
    tax, zero, df, labels, predict = st.tax, st.zero, st.df, st.labels, st.predict

    def fit(idx, precise):
        return st.fit(idx, precise=precise)

    print("## --precise on top of the shipped model, per sector (100 labels, tested on the other 40)\n")
    print("| sector | zero-shot | + 100 labels (default) | + 100 labels --precise | --precise train CPU s |")
    print("|---|---|---|---|---|")
    gold_all, p0, p1, p2 = [], [], [], []
    rng = np.random.default_rng(0)
    for sector in sorted(df["sektor"].unique()):
        idx = rng.permutation(np.flatnonzero((df["sektor"] == sector).to_numpy()))
        tr, te = idx[:100], idx[100:]
        gold = [labels[i] for i in te]
        a, b = predict(zero, te), predict(fit(tr, False), te)
        clf, cpu, _ = timed(lambda tr=tr: fit(tr, True))
        c = predict(clf, te)
        gold_all += gold
        p0 += a
        p1 += b
        p2 += c
        f = [evaluate(gold, x, tax)["micro_f1"] for x in (a, b, c)]
        print(f"| {sector} | {f[0]:.3f} | {f[1]:.3f} | {f[2]:.3f} | {cpu:.0f} |")
    f = [evaluate(gold_all, x, tax) for x in (p0, p1, p2)]
    print(f"| **pooled ({len(gold_all)} rows)** | {f[0]['micro_f1']:.3f} | {f[1]['micro_f1']:.3f} | "
          f"{f[2]['micro_f1']:.3f} | |\n")


class Split:
    """A fixed train/test split of labelled texts: ``labels`` are lists (one or several per row)."""

    def __init__(self, name: str, tr_text, tr_labels, te_text, te_labels) -> None:
        self.name = name
        self.tr_text, self.te_text = list(tr_text), list(te_text)
        self.tr_labels, self.te_labels = [list(x) for x in tr_labels], [list(x) for x in te_labels]
        self.classes = sorted({c for lab in self.tr_labels + self.te_labels for c in lab})
        self.single = all(len(x) == 1 for x in self.tr_labels)


def _binarize(classes, labels):
    from sklearn.preprocessing import MultiLabelBinarizer

    return MultiLabelBinarizer(classes=classes).fit_transform([[c for c in x if c in classes] for x in labels])


def macro_f1(classes, gold, pred) -> float:
    """Macro-F1 over ``classes`` (per class over label sets; for one label per row the usual figure)."""
    from sklearn.metrics import f1_score

    return float(f1_score(_binarize(classes, gold), _binarize(classes, pred), average="macro", zero_division=0))


def sklearn_baseline(split: Split, E_tr=None, E_te=None, fixed: tuple[float, float] | None = None):
    """Tuned plain scikit-learn: TF-IDF word 1-2-grams ⊕ char_wb 2-5-grams (sublinear tf) +
    LogisticRegression; with ``E_*``, the e5 vectors scaled by ``alpha`` are one more block.

    Tuning as GridSearchCV (5 stratified folds, macro-F1, refit on all) but the vectorisers are fitted
    once per fold and shared by the grid's candidates (same result, less CPU). Grid: C ∈ {4, 16, 64}
    with balanced class weights — the full grid C ∈ {1, 4, 16, 64} × {none, balanced} picked C=16,
    balanced on Riksdag (2026-12-03, 769 CPU s); with e5, C ∈ {4, 16} × alpha ∈ {1, 2, 4}. Multi-label data: one-vs-rest,
    a row with no label over 0.5 gets its top label. ``fixed=(C, alpha)``: no search, that setting
    (``--quick``: what the full search picked on the same split before). Returns ``(pred, params, cpu, wall)``.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold, StratifiedKFold
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_union

    def vec():
        return make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                          TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2))

    def model(C):
        lr = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
        return lr if split.single else OneVsRestClassifier(lr)

    def predict(m, X):
        if split.single:
            return [[c] for c in m.predict(X)]
        P = m.predict_proba(X)
        out = []
        for row in P:
            on = [split.classes[k] for k in np.flatnonzero(row >= 0.5)]
            out.append(on or [split.classes[int(row.argmax())]])
        return out

    y = np.array([x[0] for x in split.tr_labels]) if split.single else _binarize(split.classes, split.tr_labels)
    texts = np.array(split.tr_text, dtype=object)
    grid = ([(C, 0.0) for C in (4, 16, 64)] if E_tr is None else [(C, a) for C in (4, 16) for a in (1.0, 2.0, 4.0)])

    def feats(v, rows_text, E, alpha, fit=False):
        X = v.fit_transform(rows_text) if fit else v.transform(rows_text)
        return sparse.hstack([X, sparse.csr_matrix(alpha * E)], format="csr") if alpha else X

    def run():
        cv = (StratifiedKFold(5).split(texts, y) if split.single else KFold(5).split(texts)) if fixed is None else []
        scores = {g: [] for g in grid}
        for tr, te in cv:
            v = vec().fit(texts[tr])
            for C, a in grid:
                Etr = E_tr[tr] if E_tr is not None else None
                Ete = E_tr[te] if E_tr is not None else None
                m = model(C).fit(feats(v, texts[tr], Etr, a), y[tr])
                scores[(C, a)].append(macro_f1(split.classes, [split.tr_labels[i] for i in te],
                                               predict(m, feats(v, texts[te], Ete, a))))
        best = max(grid, key=lambda g: (np.mean(scores[g]), -g[0], -g[1])) if fixed is None else fixed
        v = vec()
        m = model(best[0]).fit(feats(v, texts, E_tr, best[1], fit=True), y)
        return v, m, best

    (v, m, best), cpu, wall = timed(run)
    pred = predict(m, feats(v, split.te_text, E_te, best[1]))
    return pred, ({"C": best[0], **({"alpha": best[1]} if E_tr is not None else {})}), cpu, wall


class EmbedClock:
    """Wraps an :class:`~forbattra.scoring.embed.Embedder`'s ``encode`` to add up its CPU seconds."""

    def __init__(self, embedder) -> None:
        self.embedder, self.cpu = embedder, 0.0
        inner = embedder.encode

        def encode(texts, progress=None):
            c0 = time.process_time()
            out = inner(texts, progress=progress)
            self.cpu += time.process_time() - c0
            return out

        embedder.encode = encode


def forbattra_system(split: Split, *, precise: bool, redact: bool = False):
    """``forbattra train`` as a user with their own categories runs it (taxonomy derived from the
    labels, no shipped model), then ``classify`` on the test texts. A fresh embedder for training and
    another for classifying (the classifier's own), both timed inside the train and classify figures.
    ``redact``: ``train --redact``, the training texts masked first (its cost in the train figures); the test
    texts classified as written, as ``classify --model`` reads an export.
    Returns ``(pred, metrics, train cpu, train wall, classify cpu, classify wall, clocks)``."""
    from forbattra.scoring.embed import Embedder

    tax = derive_taxonomy(["|".join(x) for x in split.tr_labels], name=split.name)
    labels = resolve(["|".join(x) for x in split.tr_labels], tax)
    clocks = []

    def fit():
        emb = None
        if precise:
            emb = Embedder()
            clocks.append(EmbedClock(emb))
        texts = list(split.tr_text)
        if redact:
            from forbattra.record import TEXT
            from forbattra.scoring.stacking import _masker

            red = _masker(pd.DataFrame({TEXT: texts}))
            texts = [red(t) for t in texts]
        res = OwnLearner(tax, precise=precise, embedder=emb).fit(texts, labels)
        # what `train` ships: without --precise, sorting by meaning (corrected by the labels, or not)
        # competes with the model, as in stacking.train_from_labels
        oof = res.metrics.pop("_oof_pred")
        choice = None if precise else choose_own(tax, texts, labels, oof)
        if choice is not None:
            res.metrics["shipped"] = ("meaning + labels" if choice[1] is not None else "sorting by meaning") \
                if choice[0] else "model"
            res.metrics.update(choice[2])
        return res, choice

    (res, choice), cpu, wall = timed(fit)

    def classify():
        if choice is not None and choice[0]:
            from forbattra.scoring.zeroshot import zeroshot_classifier

            zs = zeroshot_classifier(tax)
            zs.correction = choice[1]
            return zs.classify(list(split.te_text))
        clf = Classifier(tax, res.model, {"path": "own"})
        if precise:
            clocks.append(EmbedClock(clf.scorer._embedder))
        return clf.classify(split.te_text)

    results, ccpu, cwall = timed(classify)
    # back to the labels as given (ids were made from them)
    name = {tax.find(c): c for c in split.classes}
    pred = [[name[t] for t in r.themes if t in name] for r in results]
    return pred, res.metrics, cpu, wall, ccpu, cwall, clocks


def compare(split: Split, *, quick: bool = False, fixed: tuple[float, float] | None = None,
            precise: bool = True, redact: bool = False) -> None:
    """The table for one split. ``quick`` (a loaded machine): the baseline at ``fixed`` when given,
    and no TF-IDF ⊕ e5 baseline. ``precise=False``: no ``--precise`` row and no TF-IDF ⊕ e5 baseline
    (for a change to the default learner only: the precise path is then unchanged). ``redact``: a row of
    ``forbattra train --redact`` beside the default one."""
    n_te = len(split.te_text)
    rows = []
    sk, params, cpu, wall = sklearn_baseline(split, fixed=fixed if quick else None)
    if quick and fixed is not None:
        params["fixed"] = "as CV picked before"
    print((params, macro_f1(split.classes, split.te_labels, sk), cpu, wall), file=sys.stderr, flush=True)
    f_sk = macro_f1(split.classes, split.te_labels, sk)
    rows.append((f"tuned scikit-learn TF-IDF word+char + LR ({params})", f_sk, cpu, wall, None))
    for with_emb in (False, True) if precise else (False,):
        pred, m, cpu, wall, ccpu, cwall, clocks = forbattra_system(split, precise=with_emb)
        how = f"C={m['C']:g}" + (f", embedding weight {m['embedding_weight']:g}" if with_emb else "") + \
            (", NB-weighted" if m.get("nb_weighted") else "") + (", single-label" if m.get("single_label") else "") + \
            (f"; ships {m['shipped']}" if "shipped" in m else "")
        name = "forbattra train --precise" if with_emb else "forbattra train"
        if with_emb:
            how += f"; embedding {clocks[0].cpu:.0f} + {clocks[1].cpu:.0f} CPU s of train + classify"
        rows.append((f"{name} ({how})", macro_f1(split.classes, split.te_labels, pred), cpu, wall,
                     n_te / ccpu if ccpu else None))
        print(rows[-1], file=sys.stderr, flush=True)
    if redact:
        pred, m, cpu, wall, ccpu, cwall, _ = forbattra_system(split, precise=False, redact=True)
        how = f"C={m['C']:g}" + (", NB-weighted" if m.get("nb_weighted") else "") + \
            (", single-label" if m.get("single_label") else "") + (f"; ships {m['shipped']}" if "shipped" in m else "")
        rows.append((f"forbattra train --redact ({how})", macro_f1(split.classes, split.te_labels, pred), cpu, wall,
                     n_te / ccpu if ccpu else None))
        print(rows[-1], file=sys.stderr, flush=True)
    # the honest comparison for --precise: the same e5 vectors added to the tuned scikit-learn
    # pipeline. They are taken from the embedders of forbattra's run just above (identical vectors:
    # the engine is deterministic), and that run's embedding CPU for the training texts is added to
    # this row's training CPU, so the row costs what embedding plus fitting would.
    if quick or not precise:
        _print(rows, f_sk)
        return
    E_tr = clocks[0].embedder.encode(split.tr_text).astype(np.float64)
    E_te = clocks[1].embedder.encode(split.te_text).astype(np.float64)
    pred, params, cpu, wall = sklearn_baseline(split, E_tr, E_te)
    rows.append((f"tuned scikit-learn TF-IDF ⊕ e5 + LR ({params}; + {clocks[0].cpu:.0f} CPU s embedding)",
                 macro_f1(split.classes, split.te_labels, pred), cpu + clocks[0].cpu, wall, None))
    _print(rows, f_sk)


def _print(rows, f_sk) -> None:
    print("| system | macro-F1 | ratio to tuned scikit-learn | train CPU s | train wall s | classify texts / CPU s |")
    print("|---|---|---|---|---|---|")
    for name, f, cpu, wall, speed in rows:
        sp = f"{speed:,.0f}" if speed else ""
        print(f"| {name} | {f:.3f} | {f / f_sk:.3f} | {cpu:.0f} | {wall:.0f} | {sp} |")
    print()


def part_riksdag(quick: bool = False, precise: bool = True, redact: bool = False) -> None:
    from sklearn.model_selection import train_test_split

    path = ROOT.parent / "shared" / "data" / "riksdag_interpellations_sv.csv"
    if not path.exists():
        path = Path("/work/shared/data/riksdag_interpellations_sv.csv")
    rd = pd.read_csv(path, dtype=str, keep_default_na=False)
    tr, te = train_test_split(rd, train_size=2000, test_size=1000, random_state=0, stratify=rd["label"])
    print("## Riksdag interpellations, labels as they are (14 policy areas; 2,000 train / 1,000 test)\n")
    # --quick: the baseline at C=16, balanced, which the full grid C ∈ {1, 4, 16, 64} × {none, balanced}
    # picked by 5-fold CV on this split (2026-12-03, 769 CPU s)
    compare(Split("riksdag", tr["text"], [[x] for x in tr["label"]], te["text"], [[x] for x in te["label"]]),
            quick=quick, fixed=(16.0, 0.0), precise=precise, redact=redact)


def part_realistic(quick: bool = False, precise: bool = True, redact: bool = False) -> None:
    parts = {}
    for w in ("w1", "w2"):
        d = pd.read_csv(ROOT / "corpus" / "realistic" / f"{w}.csv", dtype=str, keep_default_na=False)
        lab = pd.read_csv(ROOT / "corpus" / "realistic" / f"{w}_labels.csv", dtype=str, keep_default_na=False)
        parts[w] = d.merge(lab[["id", "huset"]], on="id", validate="one_to_one")
    tr, te = parts["w1"], parts["w2"]
    print("## corpus/realistic, the huset column as a user's own categories (w1 700 train / w2 700 test)\n")
    if KNOWLEDGE_DIR is not None and (KNOWLEDGE_DIR / "model.json").exists():
        # sorting by meaning reads the standard model, which is trained on w1 and w2 themselves: here it is
        # the same recipe without them (knowledge_base), so the test writer is unseen by every part
        import forbattra.scoring.pipeline as pipeline
        from forbattra.scoring.model import load_model

        kb, build = load_model(KNOWLEDGE_DIR)[0], pipeline.build_classifier
        pipeline.build_classifier = lambda spec=None, *a, **k: Classifier(load_taxonomy("standard"), kb, {
            "path": str(KNOWLEDGE_DIR)}) if spec == "standard" else build(spec, *a, **k)
        print(f"(sorting by meaning reads the standard recipe without w1/w2, {KNOWLEDGE_DIR})\n")
    compare(Split("realistic", tr["text"], [x.split("|") for x in tr["huset"]], te["text"],
                  [x.split("|") for x in te["huset"]]), quick=quick, precise=precise, redact=redact)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=("base", "base-precise", "riksdag", "realistic", "all"), default="all")
    ap.add_argument("--quick", action="store_true",
                    help="a loaded machine: Riksdag's baseline at its earlier CV pick, no TF-IDF ⊕ e5 baseline")
    ap.add_argument("--no-precise", action="store_true",
                    help="riksdag/realistic: only the default learner against the baseline (no --precise row, "
                         "no TF-IDF ⊕ e5 baseline)")
    ap.add_argument("--redact", action="store_true",
                    help="riksdag/realistic: a row of 'train --redact' (the training texts masked) beside the default")
    ap.add_argument("--knowledge", choices=("shipped", "dev"), default="shipped",
                    help="what stands for the shipped model (see knowledge_base)")
    ap.add_argument("--knowledge-dir", type=Path, help="save the shipped-recipe base there, or reuse it if it "
                    "is there (it costs ≈ 15 CPU-minutes; bench_active.py takes the same option)")
    args = ap.parse_args()
    global KNOWLEDGE, KNOWLEDGE_DIR
    KNOWLEDGE, KNOWLEDGE_DIR = args.knowledge, args.knowledge_dir
    t0 = time.perf_counter()
    print("# Own labels benchmark\n")
    if args.part in ("base", "all"):
        part_base()
    if args.part in ("base-precise", "all"):
        part_base_precise()
    if args.part in ("riksdag", "all"):
        part_riksdag(args.quick, not args.no_precise, args.redact)
    if args.part in ("realistic", "all"):
        part_realistic(args.quick, not args.no_precise, args.redact)
    print(f"\nTotal {time.perf_counter() - t0:.0f} s, {time.process_time():.0f} CPU s. Command: "
          f"`python benchmarks/bench_own_labels.py --part {args.part}{' --quick' if args.quick else ''}"
          f"{' --no-precise' if args.no_precise else ''}{' --redact' if args.redact else ''}{' --knowledge dev' if args.knowledge == 'dev' else ''}`")


if __name__ == "__main__":
    main()
