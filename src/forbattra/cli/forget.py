"""``forbattra forget``: erase suggestions from the history store (a person asks to be forgotten, a text names a patient)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, info, result, run_command, say, warn
from forbattra.cli.options import Lang, StoreToRead, check_lang, column_value, input_path


def _ids(values: Optional[list[str]]) -> Optional[list[str]]:
    """An empty id (``forget --store h.db "$ID"`` with the variable unset) is a usage error, not passed over."""
    for value in values or ():
        if not value.strip():
            raise typer.BadParameter(say("bad_forget_empty_id"))
    return values


@app.command()
@run_command
def forget(
    store: StoreToRead,
    id_values: Annotated[Optional[list[str]], typer.Argument(metavar="ID...", callback=_ids, help="Ids of the suggestions to erase, as the export's id column has them.", show_default=False)] = None,
    ids: Annotated[Optional[Path], typer.Option("--ids", metavar="FILE", parser=input_path, help="CSV or Excel file with a column of ids to erase (its id column, or its only column).")] = None,
    id_column: Annotated[Optional[str], typer.Option("--id-column", metavar="COLUMN", callback=column_value, help="Column with a unique id per suggestion (its name, letter or number).")] = None,
    sheet: Annotated[Optional[str], typer.Option("--sheet", metavar="NAME|NUMBER", help="Sheet name (any case) or number to read (default: the one that holds the data).")] = None,
    text: Annotated[Optional[list[str]], typer.Option("--text", metavar="TEXT", help="Erase the suggestions with this text, now or in an earlier version (case and spacing aside); repeat for several. For a store whose exports had no id column.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what would be erased; change nothing.")] = False,
    lang: Lang = None,
) -> None:
    """Erase suggestions from the history store: every stored version of their texts, units, names and corrections, in all runs.

    Example: forbattra forget --store forbattra.db F-1003 F-1017
    """
    from forbattra.errors import shorten
    from forbattra.store import display_location, forget as erase

    check_lang(lang)
    if ids is None and (id_column is not None or sheet is not None):
        raise typer.BadParameter(say("bad_forget_reader"), param_hint="--ids")
    if any(not t.strip() for t in text or ()):
        raise typer.BadParameter(say("bad_forget_empty_text"), param_hint="--text")
    wanted = list(id_values or [])
    if ids is not None:
        from forbattra.inputs.tables import read_ids

        read, column, read_info = read_ids(ids, id_column=id_column, sheet=sheet)
        info("read_ids", n=len(read), column=column, path=ids)
        for note in read_info.notes:  # (a total row left out; the reader's notes on suggestions are no list's)
            if getattr(note, "key", None) == "note_ids_total_rows":
                info("reader_note", note=note)
        wanted += read
    if not wanted and not text:
        raise typer.BadParameter(say("bad_forget_nothing", store=display_location(store)), param_hint="ID")
    done = erase(store, wanted, texts=text or (), dry_run=dry_run)
    shown = display_location(store)
    if done.missing:
        if done.ids_stored:
            warn("forgot_missing", store=shown, n=len(done.missing), ids=shorten(", ".join(done.missing), 300))
        else:
            warn("forgot_no_ids", store=shown)
    if done.missing_texts:  # (named by their place on the command line: a text to erase is not echoed into a log)
        warn("forgot_missing_text", store=shown, n=len(done.missing_texts),
             which=", ".join(map(str, done.missing_texts)))
    if done.mentions:  # (the name itself is never echoed: the ids say which texts to correct or erase)
        warn("forgot_mentions", store=shown, n=len(done.mentions), ids=shorten(", ".join(done.mentions), 300))
    if dry_run:  # (the count is all a dry run is for: said under --quiet too)
        result("forgot_dry_run", store=shown, n=done.suggestions, rows=done.rows)
    else:
        info("forgot", store=shown, n=done.suggestions, rows=done.rows)
    if done.suggestions > done.total_rows and not dry_run:
        info("forgot_again")
    if done.total_rows and not dry_run:  # (read as an empty row now: not stored again as that suggestion)
        info("forgot_again_totals", n=done.total_rows)
