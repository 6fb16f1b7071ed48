"""``forbattra duplicates``: suggestions that say the same thing, also in other words."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, info, run_command, say, ui
from forbattra.cli.options import (InputArg, Lang, Outputs, check_lang, decimal, read_input, reader_options,
                                   row_table)


@app.command()
@run_command
@reader_options()
def duplicates(
    input: InputArg,
    out: Outputs = None,
    threshold: Annotated[Optional[float], typer.Option("--threshold", metavar="0..1", parser=decimal, help="Similarity (0-1, e.g. 0,7) at which two suggestions count as duplicates (default 0.65).")] = None,
    lang: Lang = None,
    *,
    read,
) -> None:
    """Find suggestions that say the same thing, also in other words (near-duplicate groups).

    Example: forbattra duplicates forslag.xlsx --out dubbletter.xlsx
    """
    from forbattra.analysis.duplicates import DEFAULT_THRESHOLD, duplicates_sheet, find_duplicates
    from forbattra.outputs.writers import check_outputs, write_outputs

    lang = check_lang(lang)
    outs = list(out or [])
    check_outputs(outs, [input])
    sugg, _ = read_input(input, read)
    frame = sugg.frame.reset_index(drop=True)
    dup = find_duplicates(frame, threshold=DEFAULT_THRESHOLD if threshold is None else threshold)
    sheet_df = duplicates_sheet(frame, dup, lang=lang)
    table, records = row_table(frame, dup, ["row", "id", "duplicate_group", "similarity"])
    sv = lang == "sv"
    write_outputs(outs, table=table, records=records,
                  sheets=[("Dubbletter" if sv else "Duplicates", sheet_df), ("Förslag" if sv else "Suggestions", table)])
    n_groups = len({g for g in dup["duplicate_group"] if g is not None})
    n_rows = sum(g is not None for g in dup["duplicate_group"])
    if not ui.quiet:
        typer.echo(say("duplicates_done", groups=n_groups, rows=n_rows, n=len(frame)))
    for o in outs:
        info("wrote", path=o)
