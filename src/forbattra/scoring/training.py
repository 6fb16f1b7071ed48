"""``forbattra train``: labelled suggestions and user corrections → a saved model directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from forbattra.errors import InputFileError, ModelError
from forbattra.record import TEXT
from forbattra.inputs.tables import Suggestions

CORPUS_DIR = Path(__file__).resolve().parents[3] / "corpus" / "dev"


@dataclass
class TrainingInput:
    """One labelled source: a label column, or (``label_column=None``) a corrected classify output."""

    sugg: Suggestions
    label_column: str | None
    name: str


def corpus_frame(kind: str = "dev"):
    """forbattra's own labelled corpus (``corpus/<kind>/*.csv``: id, sektor, enhet, text, teman)."""
    import pandas as pd

    folder = CORPUS_DIR.parent / kind
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise ModelError(f"{folder}: forbattra's labelled corpus is not there (it ships with the source checkout)")
    return pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)


def _corrections(ti: TrainingInput, taxonomy) -> tuple[list[str], list[list[str]]]:
    """Rows of a classify output whose 'Rättat tema' column was filled in."""
    from forbattra.outputs.writers import CORRECTION_COLUMNS
    from forbattra.workflow import _label_cell
    from forbattra.scoring.model import encode_labels

    cols = [c for c in ti.sugg.original_columns if c in CORRECTION_COLUMNS]
    if not cols:
        raise InputFileError(f"{ti.name}: no 'Rättat tema' column; fill in the column of that name in the "
                             "Excel file 'forbattra classify' wrote, then pass it to --corrections")
    cells = [_label_cell(v, taxonomy) for v in ti.sugg.frame[cols[0]]]
    labels = encode_labels(cells, taxonomy, source=f"{ti.name}: column {cols[0]!r}")
    texts = list(ti.sugg.frame[TEXT])
    keep = [(t, lab) for t, lab in zip(texts, labels) if lab and t]
    return [t for t, _ in keep], [lab for _, lab in keep]


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
            raise ModelError("--base adds forbattra's corpus, which is labelled with the built-in 'standard' taxonomy only")
        df = corpus_frame("dev")
        texts += list(df["text"])
        labels += encode_labels(list(df["teman"]), tax, source="corpus/dev")
        sources["forbattra corpus"] = len(df)
    if labelled is not None:
        frame = labelled.sugg.frame
        labs = encode_labels(list(frame[labelled.label_column]), tax, source=f"{labelled.name}: column {labelled.label_column!r}")
        pairs = [(t, lab) for t, lab in zip(frame[TEXT], labs) if t and lab]
        dropped = len(frame) - len(pairs)
        if dropped:
            log("training_dropped", source=labelled.name, n=dropped)
        texts += [t for t, _ in pairs]
        labels += [lab for _, lab in pairs]
        sources[labelled.name] = len(pairs)
    corr_map: dict[str, list[str]] = {}
    for ti in corrections:
        ct, cl = _corrections(ti, tax)
        log("corrected_rows", source=ti.name, n=len(ct))
        for t, lab in zip(ct, cl):
            corr_map[text_key(t)] = lab
        texts += ct
        labels += cl
        sources[ti.name] = len(ct)
    if not texts:
        raise InputFileError("nothing to train on: no labelled rows found")
    result = train(texts, labels, tax, folds=folds)
    extra = {"trained_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "sources": sources,
             "corrections_map": dict(sorted(corr_map.items()))}
    save_model(result, tax, out, extra=extra)
    import json

    meta = json.loads((Path(out) / "model.json").read_text(encoding="utf-8"))
    return result, meta


# ------------------------------------------------------------------------------------------------
# Training on realistic text (issue 11): the shipped models are rebuilt by tools/train_models.py.

REALISTIC_WRITERS = ("w1", "w2")

# corpus/dev is labelled with 'standard' only. For 'huset' its rows can be mapped room by room; the
# map is the most frequent huset room of each standard theme among the realistic rows labelled in
# both (w1 + w2). 'ledning' splits between bjalklag and bottenplatta, so rows with it are left out.
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
            raise ModelError(f"{folder / w}: {len(texts) - len(merged)} text(s) without a label row")
        frames.append(merged.assign(writer=w))
    return pd.concat(frames, ignore_index=True)


def map_to_huset(cell: str) -> str | None:
    """A corpus/dev 'teman' cell in huset rooms, or ``None`` when a theme has no single room."""
    ids = [t for t in cell.split("|") if t]
    if any(t not in STANDARD_TO_HUSET for t in ids):
        return None
    return "|".join(dict.fromkeys(STANDARD_TO_HUSET[t] for t in ids))


def fit_calibrated(base_docs, base_labels, real_docs, real_labels, groups, themes, *, repeat: int = 3,
                   C: float = 4.0):
    """Fit a ThemeModel on base rows + realistic rows (each realistic row counted ``repeat`` times),
    with thresholds chosen on realistic rows only.

    The thresholds (and the floor and the secondary-theme share) are tuned on out-of-group
    predictions for the realistic rows — each group (writer) predicted by a model that never saw
    it — so the number of themes follows the realistic rows' convention (a theme only where a change
    is asked for), not corpus/dev's. Returns ``(model, oof, metrics)``.
    """
    import numpy as np

    from forbattra.scoring.classifier import ThemeModel
    from forbattra.scoring.model import _decide_matrix, _micro_f1, tune_thresholds

    groups = np.asarray(groups)
    Y = np.array([[t in set(lab) for t in themes] for lab in real_labels], dtype=int)
    oof = np.zeros((len(real_docs), len(themes)))
    for g in sorted(set(groups)):
        tr, te = np.flatnonzero(groups != g), np.flatnonzero(groups == g)
        docs = list(base_docs) + [real_docs[i] for i in tr] * repeat
        labs = list(base_labels) + [real_labels[i] for i in tr] * repeat
        m = ThemeModel(C=C).fit(docs, labs, themes)
        oof[te] = m.predict_proba(m.transform([real_docs[i] for i in te]))
    # cross-fitted estimate: thresholds tuned on the other groups, applied to this one
    pred = np.zeros_like(oof, dtype=bool)
    for g in sorted(set(groups)):
        tr, te = groups != g, groups == g
        th, fl, rel = tune_thresholds(oof[tr], Y[tr], themes)
        pred[te] = _decide_matrix(oof[te], themes, th, fl, rel)
    per_theme = {}
    for k, t in enumerate(themes):
        tp = int((pred[:, k] & (Y[:, k] == 1)).sum())
        p_, y_ = int(pred[:, k].sum()), int(Y[:, k].sum())
        per_theme[t] = {"f1": round(2 * tp / (p_ + y_), 4) if p_ + y_ else 0.0, "support": y_}
    metrics = {
        "cv": "leave-one-writer-out on the realistic rows (" + ", ".join(sorted(set(map(str, groups)))) + ")",
        "cv_micro_f1": round(_micro_f1(pred, Y), 4),
        "cv_macro_f1": round(float(np.mean([v["f1"] for v in per_theme.values() if v["support"]])), 4),
        "cv_themes_per_row": round(float(pred.sum(1).mean()), 3),
        "gold_themes_per_row": round(float(Y.sum(1).mean()), 3),
        "cv_per_theme": per_theme,
        "realistic_repeat": repeat,
    }
    thresholds, floor, relative = tune_thresholds(oof, Y, themes)
    model = ThemeModel(C=C).fit(list(base_docs) + list(real_docs) * repeat,
                                list(base_labels) + list(real_labels) * repeat, themes)
    model.thresholds_ = thresholds
    model.floor_ = floor
    model.relative_ = relative
    return model, oof, metrics
