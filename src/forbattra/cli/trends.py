"""``forbattra trends``: themes per month or quarter from the history store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, console, info, result, run_command, say, table_shown, ui, warn
from forbattra.cli.options import Lang, StoreToRead, check_lang, taxonomy_value, output_path


def _period(value: str) -> str:
    """Checked as it is parsed: from the config file or the environment a bad one is exit 4 naming where."""
    if value not in ("month", "quarter"):
        raise typer.BadParameter(say("bad_period"))
    return value


@app.command()
@run_command
def trends(
    store: StoreToRead,
    period: Annotated[str, typer.Option("--period", metavar="month|quarter", callback=_period, help="month or quarter.")] = "month",
    taxonomy: Annotated[Optional[str], typer.Option("--taxonomy", metavar="NAME|FILE", callback=taxonomy_value, help="Built-in taxonomy (standard, huset) or a YAML file. Default: the one the store's latest run used.")] = None,
    model: Annotated[Optional[str], typer.Option("--model", metavar="DIR", help="Count with the taxonomy stored in this model folder (from 'forbattra train'); with --taxonomy, a model made for it.")] = None,
    lang: Lang = None,
    out: Annotated[Optional[list[Path]], typer.Option("--out", "-o", metavar="FILE", parser=output_path, help="Write the table as .xlsx, .csv or .jsonl.")] = None,
) -> None:
    """Themes per month or quarter from the history store, and what is new since the last run.

    Example: forbattra trends --store forbattra.db --period quarter
    """
    from rich.table import Table

    from forbattra.analysis.trends import NOTES_SHEET, notes_sheet, run_time, trends_labels, trends_notes, trends_report
    from forbattra.i18n import Worded
    from forbattra.outputs.writers import check_outputs, write_outputs
    from forbattra.outputs.report.job import model_taxonomy
    from forbattra.store import NO_DATE, NOT_SUGGESTIONS, trends_columns
    from forbattra.taxonomy import load_taxonomy

    lang = check_lang(lang)
    outs = list(out or [])
    if taxonomy and model is not None:  # both: the model must be one of that taxonomy, as classify checks it (exit 5), not ignored
        from forbattra.scoring.pipeline import check_choice

        check_choice(taxonomy, model)
    # (an empty --model, "$MODELL" unset, is the folder "." as in classify: said to be no model, not ignored)
    tax_given = load_taxonomy(taxonomy) if taxonomy else model_taxonomy(model) if model is not None else None
    # (an earlier table of this store's own taxonomy is known by its theme columns; another .csv or .jsonl is not
    # replaced)
    check_outputs(outs, [], protect_corrections=True, example_stem="trender" if lang == "sv" else "trends",
                  theme_labels=trends_labels(store, tax_given) if any(o.suffix.lower() in (".csv", ".jsonl")
                                                                      and o.is_file() for o in outs) else ())
    rep = trends_report(store, tax_given, period=period, lang=lang)
    table, tax = rep.table, rep.taxonomy
    if lang == "en":  # (the taxonomy given, or the one the store's latest run recorded: one's own without label_en)
        from forbattra.cli.options import say_labels_as_written

        say_labels_as_written(tax)
    from forbattra.analysis.summary import apart_labels, trends_explanations
    from forbattra.outputs.writers import COLS

    # the .xlsx explains its figures, as every workbook forbattra writes does (the .csv and .jsonl are the table)
    apart = {lg: apart_labels(tax, lg) for lg in ("sv", "en")}  # (the rows counted apart: "Tomma", or longer)
    sheets = [("Trender" if lang == "sv" else "Trends", table),
              (COLS[lang]["sheet_notes"], trends_explanations(lang, period=period, fallback=tax.label(tax.fallback, lang),
                                                              apart=apart[lang], columns=trends_columns(tax, lang)))]
    # what the terminal says of the figures beside the table, in the workbook too (the .csv and .jsonl: the table)
    notes = trends_notes(rep)
    caveats = notes_sheet(notes, lang)
    if caveats is not None:
        sheets.append((NOTES_SHEET[lang], caveats))
    if rep.empty:
        # (the result, with no file: -q too; a store whose suggestions were all erased says so, and its runs)
        key, runs = ("store_forgotten", {"runs": rep.forgotten_runs}) if rep.forgotten_runs else ("store_empty", {})
        (result if not outs else info)(key, path=rep.display, **runs)
        write_outputs(outs, table=table, sheets=sheets)
        for target in outs:
            info("wrote", path=target)
        return
    # the files first: a run that cannot write them (exit 3) has printed no table a script would take for its result
    write_outputs(outs, table=table, sheets=sheets)
    # the table on the terminal: the messages' language (FORBATTRA_LANG=en, files in Swedish), as classify's
    shown_sv = ui.lang == "sv"
    t = Table(title=("Teman per " + ("månad" if period == "month" else "kvartal")) if shown_sv
              else f"Themes per {period}")
    shown_label = {tax.label(x, lang): tax.label(x, ui.lang) for x in tax.ids}
    shown_label.update({apart[lang][k]: apart[ui.lang][k] for k in NOT_SUGGESTIONS})
    shown_period = {NO_DATE[lang]: NO_DATE[ui.lang]}
    # the partial column marks its periods' headers "*" (said under the table); the total is a row of its own
    # between the themes and the rows counted apart
    extra, shown_extra = trends_columns(tax, lang), trends_columns(tax, ui.lang)
    # the terminal shows the latest periods that fit its width, each header whole (files get them all), at
    # least the latest dated one beside "utan datum": a theme column of 22 characters or more (longer names
    # wrap), a period's column 10 with its borders
    width = console().width
    fits = max(1, (width - 26) // 10)
    undated = len(table) and str(table["Period"].iloc[-1]) in NO_DATE.values()
    shown = table.tail(max(min(8, fits), 1 + bool(undated)))
    t.add_column("Tema" if shown_sv else "Theme", max_width=max(22, width - 4 - 10 * len(shown)), overflow="fold")
    marked = [bool(m) for m in shown[extra["partial"]]]
    for p, m in zip(shown["Period"], marked):
        p = shown_period.get(str(p), str(p)) + (" *" if m else "")
        t.add_column(p, justify="right", no_wrap=True, min_width=len(p))
    themes = [tax.label(x, lang) for x in tax.ids]
    for col in themes:
        t.add_row(shown_label.get(col, col), *[str(v) for v in shown[col]], end_section=col == themes[-1])
    t.add_row(shown_extra["total"], *[str(v) for v in shown[extra["total"]]], end_section=True)
    for k in NOT_SUGGESTIONS:
        t.add_row(apart[ui.lang][k], *[str(v) for v in shown[apart[lang][k]]])
    if table_shown(wrote=bool(outs)):
        console().print(t)
        if any(marked):  # (part of the table's word, as the table is: said under --quiet too)
            result("trends_partial")
        if len(table) > len(shown):
            result("trends_shown", n=len(shown), total=len(table))
    for level, key, fields in notes:
        (warn if level == "warning" else info)(key, **fields)
    if rep.last_run is not None:
        last = rep.last_run
        # (stored with the offset where it ran, a server's UTC; shown in Swedish time, named)
        info("new_since", run=last["run_id"], started=run_time(last["started_at"]), n=rep.new_total)
        for th in tax.ids:
            if rep.new_counts.get(th):
                info("new_since_theme", theme=th, label=Worded(tax.label(th), tax.label(th, "en")), n=rep.new_counts[th])
        for status in NOT_SUGGESTIONS:  # (counted apart, as in the table)
            if rep.new_apart.get(status):
                info("new_since_theme", theme=status, label=Worded(apart["sv"][status], apart["en"][status]),
                     n=rep.new_apart[status])
    for target in outs:
        info("wrote", path=target)
