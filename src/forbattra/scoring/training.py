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
