"""``forbattra train``: labelled suggestions and user corrections → a saved model directory."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from forbattra.errors import InputFileError, ModelError
from forbattra.i18n import Msg
from forbattra.record import ROW, TEXT
from forbattra.inputs.tables import Suggestions

CORPUS_DIR = Path(__file__).resolve().parents[3] / "corpus" / "dev"


@dataclass
class TrainingInput:
    """One labelled source: a label column, or (``label_column=None``) a corrected classify output."""

    sugg: Suggestions
    label_column: str | None
    name: str
    # the labelled file's sheet and text columns where given (--sheet, --text-column): recorded in the model, so the
    # command that trains it again reads the same rows (a workbook's other sheet is otherwise the one detected)
    sheet: str | None = None
    text_columns: tuple[str, ...] = ()


def corpus_frame(kind: str = "dev"):
    """forbattra's own labelled corpus (``corpus/<kind>/*.csv``: id, sektor, enhet, text, teman)."""
    import pandas as pd

    folder = CORPUS_DIR.parent / kind
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise ModelError.of("err_no_corpus", path=folder)
    return pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)


def _corrections(ti: TrainingInput, taxonomy, log: Callable[..., None] = lambda key, **f: None) -> tuple[list[str], list[list[str]]]:
    """Rows of a classify output whose 'Rättat tema' column was filled in."""
    from forbattra.outputs.writers import CORRECTION_COLUMNS, misnamed_correction_column
    from forbattra.workflow import _label_cell
    from forbattra.scoring.model import encode_labels

    cols = [c for c in ti.sugg.original_columns if c in CORRECTION_COLUMNS]
    if not cols:
        if near := misnamed_correction_column(ti.sugg.original_columns):  # 'rättat tema': say what to rename
            raise InputFileError.of("err_corrections_column_named", path=ti.name, found=near[0], column=near[1])
        raise InputFileError.of("err_no_correction_column", path=ti.name)
    cells = [_label_cell(v, taxonomy) for v in ti.sugg.frame[cols[0]]]
    labels = encode_labels(cells, taxonomy, source=Msg("err_source_column", name=ti.name, column=repr(cols[0])))
    texts = list(ti.sugg.frame[TEXT])
    _without_text(ti.name, ti.sugg.frame, labels, ti.sugg.info, log)
    keep = [(t, lab) for t, lab in zip(texts, labels) if lab and t]
    return [t for t, _ in keep], [lab for _, lab in keep]


def _without_text(ti_name: str, frame, labels, read, log) -> None:
    """Say which labelled rows have no text (an empty suggestion corrected to Övrigt): they cannot be used
    (named as Excel shows them: ``read``, the input's :class:`~forbattra.inputs.tables.ReadInfo`)."""
    rows = [read.excel_row(int(r)) for r, t, lab in zip(frame[ROW], frame[TEXT], labels) if lab and not t]
    if rows:
        log("labels_without_text", source=ti_name, n=len(rows), rows=", ".join(map(str, rows[:8])) + (" …" if len(rows) > 8 else ""))


def run_train(labelled: TrainingInput | None, corrections: list[TrainingInput], *, taxonomy: str, out: Path,
              base: bool = False, folds: int = 5, log: Callable[..., None] = lambda key, **fields: None):
    """Train, cross-validate and save; corrections are also remembered verbatim by text."""
    from forbattra.scoring.model import encode_labels, save_model, train
    from forbattra.taxonomy import load_taxonomy
    from forbattra.workflow import text_key

    tax = load_taxonomy(taxonomy)
    texts: list[str] = []
    labels: list[list[str]] = []
    sources: dict[str, int] = {}
    if base:
        if tax.name != "standard" or not tax.source.endswith("(built-in)"):
            raise ModelError.of("err_base_standard_only")
        df = corpus_frame("dev")
        texts += list(df["text"])
        labels += encode_labels(list(df["teman"]), tax, source="corpus/dev")
        sources["forbattra corpus"] = len(df)
    if labelled is not None:
        frame = labelled.sugg.frame
        labs = encode_labels(list(frame[labelled.label_column]), tax, source=Msg("err_source_column", name=labelled.name, column=repr(labelled.label_column)))
        pairs = [(t, lab) for t, lab in zip(frame[TEXT], labs) if t and lab]
        _without_text(labelled.name, frame, labs, labelled.sugg.info, log)
        dropped = [labelled.sugg.info.excel_row(int(r)) for r, lab in zip(frame[ROW], labs) if not lab]
        if dropped:  # (rows with a label but no text: said just above)
            log("training_dropped", source=labelled.name, n=len(dropped),
                rows=", ".join(map(str, dropped[:8])) + (" …" if len(dropped) > 8 else ""))
        texts += [t for t, _ in pairs]
        labels += [lab for _, lab in pairs]
        sources[labelled.name] = len(pairs)
    corr_map: dict[str, list[str]] = {}
    for ti in corrections:
        ct, cl = _corrections(ti, tax, log)
        log("corrected_rows", source=ti.name, n=len(ct))
        for t, lab in zip(ct, cl):
            corr_map[text_key(t)] = lab
        texts += ct
        labels += cl
        sources[ti.name] = len(ct)
    if not texts:
        raise InputFileError.of("err_nothing_to_train")
    result = train(texts, labels, tax, folds=folds)
    extra = {"trained_at": trained_at(), "sources": sources,
             "corrections_map": dict(sorted(corr_map.items()))}
    save_model(result, tax, out, extra=extra)
    import json

    meta = json.loads((Path(out) / "model.json").read_text(encoding="utf-8"))
    return result, meta


def trained_at() -> str:
    """The date a model records as its training date (UTC, to the second): ``SOURCE_DATE_EPOCH`` where set
    (the reproducible-builds convention: the same labels and options then give byte-identical model files),
    else now."""
    from forbattra.config import source_date_epoch

    when = source_date_epoch() or datetime.now(timezone.utc)  # a malformed value: ConfigError, exit 4
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------------------------------------
# Training on realistic text (issue 11): the shipped models are rebuilt by tools/train_models.py.

REALISTIC_WRITERS = ("w1", "w2", "w4")  # the writers of the first rounds (CV experiments predict these)
# Seventh round: six more writers (w5–w10); the standard model trains on them and on corpus/dev as relabelled
# under the strict rule (corpus/relabel/dev_strict.csv): leave-one-writer-out CV on w1/w2/w4 0.704 → 0.717.
# Eighth round: six more (w11–w16), and every writer from w5 on labelled in huset too: CV on w1/w2/w4
# standard 0.717 → 0.720, huset 0.674 → 0.729 (docs/benchmarks.md).
# Thirty-fifth round: eight more (w18, w19, w21–w26; w20 and w27 are held out in corpus/heldout4): held-out
# standard 0.79 on w20 (+0.005), huset +0.01–0.02 on every held-out set (docs/benchmarks.md).
NEW_WRITERS = tuple(f"w{i}" for i in range(5, 17)) + ("w18", "w19", "w21", "w22", "w23", "w24", "w25", "w26")
STANDARD_WRITERS = REALISTIC_WRITERS + NEW_WRITERS
HUSET_WRITERS = REALISTIC_WRITERS + NEW_WRITERS
DEV_STRICT = CORPUS_DIR.parent / "relabel" / "dev_strict.csv"


def standard_training_frames():
    """``(dev, real)`` the shipped ``standard`` model trains on: corpus/dev with its strict labels in
    ``teman`` (the writers' own labels kept as ``teman_writer``), and the realistic rows of every writer."""
    import pandas as pd

    dev = corpus_frame("dev")
    strict = pd.read_csv(DEV_STRICT, dtype=str, keep_default_na=False).set_index("id")["standard"]
    if set(strict.index) != set(dev["id"]):
        raise ModelError.of("err_corpus_unlabelled", path=DEV_STRICT, n=len(set(dev["id"]) ^ set(strict.index)))
    dev = dev.assign(teman_writer=dev["teman"], teman=list(strict.loc[dev["id"]]))
    return dev, realistic_frame(STANDARD_WRITERS)

# corpus/dev is labelled with 'standard' only. For 'huset' its rows can be mapped room by room; the
# map is the most frequent huset room of each standard theme among the realistic rows labelled in
# both (w1 + w2; still so with w4). 'ledning' splits between bjalklag and bottenplatta, so rows with it are left out.
STANDARD_TO_HUSET = {
    "arbetsmiljo": "bjalklag", "lokaler": "bjalklag", "arbetssatt": "processer", "it": "processer",
    "brukare": "forhallningssatt", "ekonomi": "tak", "kompetens": "personal_kompetens",
    "personal": "personal_kompetens", "samverkan": "samverkan", "ovrigt": "ej_placerad",
}


def realistic_frame(writers: tuple[str, ...] = REALISTIC_WRITERS):
    """The realistic-style training rows (``corpus/realistic/<w>.csv`` joined with ``<w>_labels.csv``):
    id, sektor, enhet, text, standard, huset, writer."""
    import pandas as pd

    folder = CORPUS_DIR.parent / "realistic"
    frames = []
    for w in writers:
        texts = pd.read_csv(folder / f"{w}.csv", dtype=str, keep_default_na=False)
        labels = pd.read_csv(folder / f"{w}_labels.csv", dtype=str, keep_default_na=False)
        merged = texts.merge(labels, on="id", how="inner", validate="one_to_one")
        if len(merged) != len(texts):
            raise ModelError.of("err_corpus_unlabelled", path=folder / w, n=len(texts) - len(merged))
        frames.append(merged.assign(writer=w))
    return pd.concat(frames, ignore_index=True)


def map_to_huset(cell: str) -> str | None:
    """A corpus/dev 'teman' cell in huset rooms, or ``None`` when a theme has no single room."""
    ids = [t for t in cell.split("|") if t]
    if any(t not in STANDARD_TO_HUSET for t in ids):
        return None
    return "|".join(dict.fromkeys(STANDARD_TO_HUSET[t] for t in ids))


# Function-word bigrams (``s:``) seen in a single training row are left out: 59k of 285k features,
# the same leave-one-writer-out micro-F1 (0.732 both, tenth round), less to load and look up.
SHIPPED_MIN_ROWS = 2
SHIPPED_MIN_ROWS_KINDS = ("s:",)


def fit_calibrated(base_docs, base_labels, real_docs, real_labels, groups, themes, *, repeat: int = 3,
                   C: float = 4.0, rules: tuple[str, ...] = ("thresholds", "gate"), fit: bool = True,
                   min_rows: int = SHIPPED_MIN_ROWS, min_rows_kinds: tuple[str, ...] | None = SHIPPED_MIN_ROWS_KINDS):
    """Fit a ThemeModel on base rows + realistic rows (each realistic row weighted as ``repeat`` rows),
    with its decision rule calibrated on realistic rows only.

    ``min_rows`` / ``min_rows_kinds``: :class:`~forbattra.scoring.classifier.ThemeModel`'s (by default the
    shipped recipe's: function-word bigrams need two distinct rows).
    The decision is tuned by :func:`calibrate_decision` on out-of-group predictions for the realistic
    rows — each group (writer) predicted by a model that never saw it — so the number of themes
    follows the realistic rows' convention (a theme only where a change is asked for), not corpus/dev's.

    Returns ``(model, oof, metrics)``; ``fit=False`` skips the final fit (``model`` is ``None``).
    """
    import numpy as np

    from forbattra.scoring.classifier import ThemeModel
    from forbattra.scoring.model import _micro_f1, per_theme_f1

    groups = np.asarray(groups)
    Y = np.array([[t in set(lab) for t in themes] for lab in real_labels], dtype=int)
    oof = np.zeros((len(real_docs), len(themes)))
    for g in sorted(set(groups)):
        tr, te = np.flatnonzero(groups != g), np.flatnonzero(groups == g)
        docs = list(base_docs) + [real_docs[i] for i in tr]
        labs = list(base_labels) + [real_labels[i] for i in tr]
        m = ThemeModel(C=C, min_rows=min_rows, min_rows_kinds=min_rows_kinds).fit(
            docs, labs, themes, sample_weight=_weights(len(base_docs), len(tr), repeat))
        oof[te] = m.predict_proba(m.transform([real_docs[i] for i in te]))
    rule, chosen, pred, by_rule = calibrate_decision(oof, Y, groups, themes, rules)
    per_theme, macro = per_theme_f1(pred, Y, themes)
    metrics = {
        "cv": "leave-one-writer-out on the realistic rows (" + ", ".join(sorted(set(map(str, groups)))) + ")",
        "cv_micro_f1": round(_micro_f1(pred, Y), 4),
        "cv_macro_f1": macro,
        "cv_themes_per_row": round(float(pred.sum(1).mean()), 3),
        "gold_themes_per_row": round(float(Y.sum(1).mean()), 3),
        "cv_fallback_share": round(float((~pred.any(1)).mean()), 3),
        "gold_fallback_share": round(float((Y.sum(1) == 0).mean()), 3),
        "cv_per_theme": per_theme,
        "decision": chosen,
        "cv_micro_f1_by_decision": by_rule,
        "realistic_repeat": repeat,
    }
    if not fit:
        return None, oof, metrics
    thresholds, floor, relative, gate = rule
    model = ThemeModel(C=C, min_rows=min_rows, min_rows_kinds=min_rows_kinds).fit(
        list(base_docs) + list(real_docs), list(base_labels) + list(real_labels), themes,
        sample_weight=_weights(len(base_docs), len(real_docs), repeat))
    model.thresholds_ = thresholds
    model.floor_ = floor
    model.relative_ = relative
    model.gate_ = gate
    return model, oof, metrics


SHIPPED_REPEAT = 3  # each realistic row weighs as 3 rows (leave-one-writer-out CV, tools/train_models.py --explore)
SHIPPED_C = 4.0


def fit_shipped(name: str, *, exclude_writers: tuple[str, ...] = (), use_dev: bool = True,
                repeat: int = SHIPPED_REPEAT, C: float = SHIPPED_C, fit: bool = True):
    """The shipped model's recipe for taxonomy ``name`` (``standard`` or ``huset``), optionally without some
    realistic writers (a benchmark that tests on them needs the shipped knowledge without them).

    ``standard``: corpus/dev with its strict labels + the realistic rows of :data:`STANDARD_WRITERS`;
    ``huset``: the realistic rows of :data:`HUSET_WRITERS` + corpus/dev mapped room by room
    (:data:`STANDARD_TO_HUSET`). Returns ``(TrainResult | None, metrics, sources)``.
    """
    from forbattra.scoring.classifier import LexiconMatcher
    from forbattra.scoring.model import TrainResult, encode_labels, featurize
    from forbattra.scoring.text import Analyzer
    from forbattra.taxonomy import load_taxonomy

    tax = load_taxonomy(name)

    def labels(cells, source):
        return [[t for t in lab if t != tax.fallback] for lab in encode_labels(list(cells), tax, source=source)]

    an = Analyzer()
    parts = (an, LexiconMatcher(tax, an))
    dev, real = standard_training_frames() if name == "standard" else (corpus_frame("dev"), realistic_frame(HUSET_WRITERS))
    real = real[~real["writer"].isin(exclude_writers)].reset_index(drop=True)
    real_docs = featurize(list(real["text"]), parts)
    real_labels = labels(real[name], f"corpus/realistic: {name}")
    base_docs: list = []
    base_labels: list = []
    sources = {f"corpus/realistic ({', '.join(sorted(set(real['writer'])))})": len(real)}
    if use_dev:
        cells = list(dev["teman"]) if name == "standard" else [map_to_huset(c) for c in dev["teman"]]
        keep = [i for i, c in enumerate(cells) if c is not None]
        base_docs = featurize([dev["text"][i] for i in keep], parts)
        base_labels = labels([cells[i] for i in keep], f"corpus/dev: {name}")
        sources["corpus/dev" + ("" if name == "standard" else " (mapped to huset rooms)")] = len(keep)
    model, _oof, metrics = fit_calibrated(base_docs, base_labels, real_docs, real_labels, real["writer"],
                                          tax.content_ids, repeat=repeat, C=C, fit=fit)
    result = None if model is None else TrainResult(model=model, metrics=metrics, n_train=len(base_docs) + len(real_docs))
    return result, metrics, sources


def _weights(n_base: int, n_real: int, repeat: float):
    """Sample weights: base rows 1, realistic rows ``repeat`` (as if repeated; see ``ThemeModel.fit``)."""
    import numpy as np

    return np.concatenate([np.ones(n_base), np.full(n_real, float(repeat))])


def calibrate_decision(oof, Y, groups, themes, rules: tuple[str, ...] = ("thresholds", "gate")):
    """Choose and tune the decision rule of :func:`~forbattra.scoring.classifier.decide_matrix` on
    out-of-group probabilities ``oof`` (rows × themes) with gold ``Y`` and groups (writers).

    Two rules are compared by a cross-fitted estimate (tuned on the other groups' rows, scored on this
    group's) and the better one is kept (the first on a tie):

    * ``thresholds``: per-theme thresholds, floor and secondary share, with the floor lowered until
      no more suggestions land in the fallback than the labellers left there (:func:`match_fallback`);
    * ``gate``: the learnt "is the theme at this rank asked for?" gate (:func:`tune_gate`). The
      thresholds rule is tuned as well and stays in the model: it is the rule for a user's own
      thresholds (``--min-confidence``) and for models stacked on this one.

    Returns ``(rule, chosen, pred, f1_by_rule)``: ``rule = (thresholds, floor, relative, gate)`` tuned on
    all rows, the chosen rule's name, its cross-fitted predictions and each rule's cross-fitted micro-F1.
    """
    import numpy as np

    from forbattra.scoring.model import _micro_f1, tune_thresholds

    groups = np.asarray(groups)

    def tune(rule, P, Yp):
        th, fl, rel = tune_thresholds(P, Yp, themes)
        return th, match_fallback(P, Yp, themes, th, fl, rel), rel, tune_gate(P, Yp, themes) if rule == "gate" else None

    def decide(P, r):
        return apply_rule(P, themes, r)

    preds = {}
    for name in rules:
        pred = np.zeros_like(oof, dtype=bool)
        for g in sorted(set(groups)):
            tr, te = groups != g, groups == g
            pred[te] = decide(oof[te], tune(name, oof[tr], Y[tr]))
        preds[name] = pred
    by_rule = {r: round(_micro_f1(p, Y), 4) for r, p in preds.items()}
    chosen = max(rules, key=lambda r: (by_rule[r], -rules.index(r)))
    return tune(chosen, oof, Y), chosen, preds[chosen], by_rule


def apply_rule(P, themes, rule):
    """:func:`~forbattra.scoring.classifier.decide_matrix` with a rule of :func:`calibrate_decision`
    (``(thresholds, floor, relative, gate)``; with a gate, no extra minimum: thresholds 0, share 0)."""
    from forbattra.scoring.classifier import decide_matrix

    th, fl, rel, gate = rule
    thr = [0.0] * len(themes) if gate is not None else [th[t] for t in themes]
    return decide_matrix(P, thr, names=list(themes), floor=fl, relative=0.0 if gate is not None else rel,
                         gate=gate)[0]

GATE_RANKS = 3  # the gate decides ranks 1..3 (MAX_THEMES)
_GATE_CUTS = tuple(round(0.2 + 0.02 * i, 2) for i in range(31))


def gate_features(P, order, rank: int):
    """The gate's features for the theme ranked ``rank`` (0 = primary) in each row of ``P``:
    ``logit(p)``, ``logit(p) − logit(p_top)``, ``logit(p_top)`` (see :func:`decide_matrix`)."""
    import numpy as np

    from forbattra.scoring.classifier import _logit

    L = _logit(np.take_along_axis(P, order[:, :rank + 1], axis=1))
    return np.column_stack([L[:, rank], L[:, rank] - L[:, 0], L[:, 0]])


def tune_gate(P, Y, themes, *, ranks: int = GATE_RANKS, C: float = 1.0):
    """Learn the gate of :func:`decide_matrix` on out-of-fold probabilities ``P`` and gold ``Y``.

    One small logistic regression per rank ("is the theme at this rank asked for?") on the row's
    probabilities relative to its top theme; one common cut on their probability, chosen for micro-F1
    on the same rows, is folded into each rank's intercept; the primary's intercept is then raised until
    no more rows fall back than the labellers left without a theme. Returns the gate (``ranks × 4``).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from forbattra.scoring.classifier import decide_matrix

    m = len(themes)
    th = [0.0] * m
    names = list(themes)
    order = decide_matrix(P, th, names=names)[1]
    models = []
    for r in range(min(ranks, m)):
        X = gate_features(P, order, r)
        y = np.take_along_axis(Y, order[:, r:r + 1], axis=1)[:, 0]
        if y.min() == y.max():
            models.append((np.zeros(3), 10.0 if y[0] else -10.0))
            continue
        lr = LogisticRegression(C=C, max_iter=5000).fit(X, y)
        models.append((lr.coef_[0].astype(float), float(lr.intercept_[0])))
    best_f, best_gate = -1.0, None
    for cut in _GATE_CUTS:
        shift = math.log(cut / (1 - cut))
        gate = [[*map(float, w), b - shift] for w, b in models]
        pred = decide_matrix(P, th, names=names, gate=gate)[0]
        tp = (pred & (Y == 1)).sum()
        f = 2 * tp / (pred.sum() + Y.sum())
        if f > best_f + 1e-9:
            best_f, best_gate = f, gate
    # like match_fallback for the thresholds rule: no more rows in the fallback than the labellers left
    # there, by raising the primary theme's intercept (the best micro-F1 among the shifts that do it)
    gold = float((Y.sum(axis=1) == 0).mean())
    shifted = None
    for delta in (0.05 * i for i in range(61)):
        gate = [list(row) for row in best_gate]
        gate[0][3] += delta
        pred = decide_matrix(P, th, names=names, gate=gate)[0]
        if float((~pred.any(axis=1)).mean()) <= gold:
            f = 2 * (pred & (Y == 1)).sum() / (pred.sum() + Y.sum())
            if shifted is None or f > shifted[0] + 1e-9:
                shifted = (f, gate)
    if shifted is not None:
        best_gate = shifted[1]
    return [[round(v, 6) for v in row] for row in best_gate]


def match_fallback(P, Y, themes, thresholds, floor: float, relative: float) -> float:
    """The floor of :func:`decide_matrix` with the fallback share no larger than the labelled share.

    Among floors that leave at most the share of rows the labellers left without a theme (all-zero
    rows of ``Y``) in the fallback, the one with the best micro-F1 on ``P``; ``floor`` itself when it
    already does. A fallback that swallows more suggestions than people would is not honest either.
    """
    import numpy as np

    from forbattra.scoring.model import _decide_matrix, _micro_f1

    gold = float((Y.sum(axis=1) == 0).mean())
    share = lambda pred: float((~pred.any(axis=1)).mean())  # noqa: E731
    if share(_decide_matrix(P, themes, thresholds, floor, relative)) <= gold:
        return floor
    best_f, best = -1.0, 0.0
    for fl in np.round(np.arange(0.0, floor, 0.005), 3):
        pred = _decide_matrix(P, themes, thresholds, float(fl), relative)
        if share(pred) <= gold:
            f = _micro_f1(pred, Y)
            if f > best_f + 1e-9:
                best_f, best = f, float(fl)
    return best
