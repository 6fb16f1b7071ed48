"""``forbattra evaluate``: how well the themes match labelled suggestions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, console, echo_json, run_command, ui, warn
from forbattra.cli.options import (LabelCol, input_path, Lang, MinConf, ModelOpt, check_lang, read_input, reader_options,
                                   taxonomy_value)

TaxoOfLabels = Annotated[Optional[str], typer.Option("--taxonomy", metavar="NAME|FILE", callback=taxonomy_value, help="Built-in taxonomy (standard, huset) or a YAML file. Default: the one stored with --model, else the built-in one whose themes the labels are.")]


@app.command()
@run_command
@reader_options()
def evaluate(
    labelled: Annotated[Path, typer.Argument(metavar="LABELLED", parser=input_path, help="Labelled suggestions (any readable format).")],
    label_column: LabelCol = "teman",
    taxonomy: TaxoOfLabels = None,
    model: ModelOpt = None,
    min_confidence: MinConf = None,
    as_json: Annotated[bool, typer.Option("--json", envvar="FORBATTRA_EVALUATE_JSON", help="Print the metrics as JSON.")] = False,
    lang: Lang = None,
    *,
    read,
) -> None:
    """Measure classification against labelled suggestions: per-theme P/R/F1, micro/macro F1, confusions.

    Example: forbattra evaluate sample_data/markt.csv --label-column teman
    """
    import dataclasses

    from forbattra.i18n import Msg, decimal
    from forbattra.scoring.labels import find_label_column
    from forbattra.scoring.evaluation import evaluate_labelled, format_report
    from forbattra.scoring.pipeline import build_classifier

    check_lang(lang)  # (evaluate writes no file: its table is in the messages' language, LANG=en too)
    sugg, _ = read_input(labelled, dataclasses.replace(read, label_column=label_column))  # (the labels: no text)
    label_col = find_label_column(sugg, label_column)
    # the taxonomy (or model) the user named: a label that is none of its themes is a cell to correct or clear
    # (a row without a label is left out)
    hint: Msg | str = Msg("err_hint_fix_cell")
    if taxonomy is None and model is None:  # the built-in taxonomy the labels name (huset's rooms), as train does
        from forbattra.scoring.labels import choose_taxonomy, split_cell

        cells = list(sugg.frame[label_col])
        if any(split_cell(c) for c in cells):
            tax, how = choose_taxonomy(cells, None)
            if how in ("builtin", "near"):
                taxonomy = tax.name
            hint = Msg("err_hint_near", taxonomy=tax.name) if how == "near" else Msg("err_hint_evaluate_own")
    clf = build_classifier(taxonomy, model, min_confidence=min_confidence)
    report = evaluate_labelled(sugg, label_col, clf, source=str(labelled), hint=hint)
    meta = clf.model_meta
    raw = meta.get("training_keys")
    keys = set(raw) if isinstance(raw, list) and all(isinstance(k, str) for k in raw) else set()
    found = meta.get("metrics")
    metrics = found if isinstance(found, dict) else {}
    # what sorts: the labels' correction of the meaning, the model, or nothing learnt (the shipped model kept,
    # sorting by meaning kept): then the rows were not learnt from
    learnt = (meta.get("meaning") is not None) or not (meta.get("sort_by_meaning") or metrics.get("C") == 0.0)
    if keys and learnt:  # rows the model learnt from: the figure then says how well it remembers them
        from forbattra.record import TEXT
        from forbattra.scoring.stacking import text_hash

        texts = [t for t in sugg.frame[TEXT] if isinstance(t, str) and t.strip()]
        seen = sum(text_hash(t) in keys for t in texts)
        if texts and seen >= 0.2 * len(texts):
            cv = metrics.get("meaning_micro_f1_on_these_rows" if meta.get("meaning") is not None else "cv_micro_f1")
            warn("evaluate_on_training_rows", n=seen, total=len(texts), cv=decimal(cv, ui.lang) if isinstance(cv, float) else "?")
    if as_json:
        echo_json(report)
    else:
        console().print(format_report(report, clf.taxonomy, ui.lang))

