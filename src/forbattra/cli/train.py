"""``forbattra train``: a model from your labels and corrections, for ``classify --model``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, info, run_command
from forbattra.cli.options import AsJson, LabelCol, Taxo, read_input, reader_options


@app.command()
@run_command
@reader_options()
def train(
    labelled: Annotated[Optional[Path], typer.Argument(metavar="LABELLED", help="Labelled suggestions (ids joined by '|' in the label column).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Model directory to write.")] = Path("forbattra-model"),
    label_column: LabelCol = "teman",
    taxonomy: Taxo = "standard",
    corrections: Annotated[Optional[list[Path]], typer.Option("--corrections", metavar="FILE", help="Excel/CSV output of 'classify' where you filled in the 'Rättat tema' column; repeatable.")] = None,
    base: Annotated[bool, typer.Option("--base/--no-base", help="Also train on forbattra's own corpus (built-in taxonomy only).")] = False,
    folds: Annotated[int, typer.Option("--folds", metavar="N", min=2, max=20, help="Cross-validation folds for the reported F1 and threshold tuning.")] = 5,
    as_json: AsJson = False,
    *,
    read,
) -> None:
    """Train a model on your labelled suggestions (and corrections) for 'classify --model'.

    Example: forbattra train markt.xlsx --label-column teman --out min-modell
    """
    import dataclasses
    import json

    from forbattra.inputs import find_column
    from forbattra.scoring.training import TrainingInput, run_train

    if labelled is None and not corrections and not base:
        raise typer.BadParameter("give a labelled file, --corrections, or --base", param_hint="LABELLED")
    labelled_in = None
    if labelled is not None:
        sugg, _ = read_input(labelled, read)
        labelled_in = TrainingInput(sugg, find_column(sugg, label_column, option="--label-column"), str(labelled))
    corr_in = []
    for c in corrections or []:
        sugg, _ = read_input(c, dataclasses.replace(read, text_columns=()))
        corr_in.append(TrainingInput(sugg, None, str(c)))
    result, meta = run_train(labelled_in, corr_in, taxonomy=taxonomy, out=out, base=base, folds=folds, log=info)
    m = result.metrics
    if as_json:
        typer.echo(json.dumps({k: v for k, v in meta.items() if k != "vocabulary"}, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        info("trained", n=result.n_train, micro=m["cv_micro_f1"], macro=m["cv_macro_f1"], folds=m["cv_folds"])
        info("use_model", path=out)
