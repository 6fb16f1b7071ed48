"""``forbattra duplicates``: suggestions that say the same thing, also in other words."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from forbattra.cli.app import (app, console, exit_if_skipped, info, keep_words, progress_embedder, result, run_command,
                               say, table_shown, ui)
from forbattra.cli.options import (InputArg, Lang, Outputs, Redact, check_lang, decimal, read_input, reader_options,
                                   redacted, row_table)


ROW_HEADERS = {"sv": {"duplicate_group": "Dubblettgrupp", "similarity": "Likhet", "copy_of": "Kopia av rad"},
               "en": {"duplicate_group": "Duplicate group", "similarity": "Similarity", "copy_of": "Copy of row"}}


@app.command()
@run_command
@reader_options()
def duplicates(
    input: InputArg,
    out: Outputs = None,
    threshold: Annotated[Optional[float], typer.Option("--threshold", metavar="0..1", parser=decimal, help="Score (0-1, e.g. 0,7) at which two suggestions count as the same proposal (default: the learnt pair scorer's own; higher: fewer groups).")] = None,
    precise: Annotated[bool, typer.Option("--precise", help="Also compare meaning with a sentence-embedding model (finds paraphrases without shared words; about 24 distinct suggestions per CPU-second; needs the 'precise' extra).")] = False,
    redact: Redact = False,
    lang: Lang = None,
    *,
    read,
) -> None:
    """Find suggestions that say the same thing, also in other words (near-duplicate groups).

    Example: forbattra duplicates forslag.xlsx --out dubbletter.xlsx
    """
    import pandas as pd

    from forbattra.analysis.duplicates import (GROUP_KEYS, GROUP_SHEET_COLS, KIND, duplicates_sheet, find_duplicates,
                                               group_table, never_grouped, sheet_headers, typed_sheet_columns)
    from forbattra.record import TEXT
    from forbattra.outputs.writers import AtomicOutputs, check_outputs, check_xlsx_rows, write_outputs

    lang = check_lang(lang)
    ui.mask = redact  # the messages quote no personal data where the outputs mask it
    outs = list(out or [])
    check_outputs(outs, [input], protect_corrections=True,
                  example_stem=f"{input.stem or 'forslag'}-{'dubbletter' if lang == 'sv' else 'duplicates'}")
    # the embedder first: without the extra, ModelError (exit 5) with the install hint before the input is read
    embedder = progress_embedder("query") if precise else None
    sugg, skipped = read_input(input, read)
    for o in outs:  # a Förslag sheet Excel cannot hold: refused now, not after masking and the whole search
        if o.suffix.lower() == ".xlsx":
            check_xlsx_rows(len(sugg.frame), o)
    if redact:
        sugg = redacted(sugg, input, read, lang)
    frame = sugg.frame.reset_index(drop=True)
    analyses: dict = {}
    dup = find_duplicates(frame, threshold=threshold, precise=precise, analyses=analyses, embedder=embedder)
    groups = group_table(frame, dup, lang=lang, analyses=analyses)
    sheet_df = duplicates_sheet(frame, dup, lang=lang, groups=groups)
    keep, heads = sheet_headers(GROUP_KEYS, GROUP_SHEET_COLS[lang], frame)
    keep_keys = {GROUP_KEYS[j] for j in keep}  # (no unit column: no verdict, on the sheets or the terminal)
    # as on the Dubbletter sheet: the groups most suggestions raise first; of one size the surest, copies, then by
    # the best pair score (Högsta likhet)
    copies = KIND[lang]["copies"]
    groups = groups.iloc[sorted(range(len(groups)), key=lambda k: (-int(groups["count"].iat[k]),
                                                                  groups["kind"].iat[k] != copies,
                                                                  -groups["best"].iat[k],
                                                                  int(groups["group"].iat[k])))]
    order = groups[["group", "kind", "shared", "count", "verdict", "rows"]]  # (for the terminal: the input's rows)
    # rows as the Förslag sheet of this workbook shows them (header on row 1), as on the Dubbletter sheet
    groups = groups.assign(rows=groups["rows"].map(lambda rs: ", ".join(str(int(r) + 1) for r in rs))).iloc[:, keep].set_axis(
        heads, axis=1)
    # (the .jsonl keys stay the scripting contract's)
    table, records = row_table(frame, dup, ["row", "id", "duplicate_group", "similarity", "copy_of"],
                               ROW_HEADERS[lang], lang)
    # "Kopia av rad" as a row of this sheet (header on row 1), like Rad on the Dubbletter sheet; .jsonl keeps
    # the input's row number beside its "row"
    copy_col = ROW_HEADERS[lang]["copy_of"]
    table[copy_col] = pd.array([int(c) + 1 if c is not None and c == c else None for c in table[copy_col]],
                               dtype=object)
    sv = lang == "sv"
    from forbattra.analysis.summary import workbook_explanations
    from forbattra.outputs.writers import COLS, SHEET_DUP_GROUPS

    sheets = [(SHEET_DUP_GROUPS[lang], groups), ("Dubbletter" if sv else "Duplicates", sheet_df),
              ("Förslag" if sv else "Suggestions", table)]
    # what each column forbattra wrote means (the Förslag sheet's own: not the input's columns), as classify's has it
    notes = workbook_explanations("duplicates", [(name, [c for c in t.columns if name != sheets[2][0] or
                                                         c in ROW_HEADERS[lang].values()]) for name, t in sheets], lang,
                                  unit_column=sugg.columns.group if sugg.columns.group in table.columns else None)
    with AtomicOutputs() as tx:  # every output replaced together, or none of them
        write_outputs(outs, table=table, records=records, tx=tx, lang=lang,
                      sheets=[*sheets, (COLS[lang]["sheet_notes"], notes)],
                      # the input's numbers and dates stay numbers and dates; the Dubbletter sheet's ids and units as there
                      typed=["Förslag" if sv else "Suggestions", *typed_sheet_columns("Dubbletter" if sv else "Duplicates", lang)])
        tx.commit()
    n_groups = len({g for g in dup["duplicate_group"] if g is not None})
    n_rows = sum(g is not None for g in dup["duplicate_group"])
    # the table after the files, as discover's: a run that cannot write them (exit 3) has printed no groups
    if table_shown(wrote=bool(outs)) and n_groups:
        _show_groups(order, frame, sugg.info.excel_row, lang, bool(outs), by_unit="verdict" in keep_keys)
    for o in outs:
        info("wrote", path=o)
    none = never_grouped(frame[TEXT])
    if none:  # in no group as a text said once is, but never compared: counted, not only left blank
        info("duplicates_not_suggestions", n=none)
    # with no groups and no file, this line is all the run shows: said under --quiet too, not a silent "did nothing"
    (result if not n_groups and not outs else info)("duplicates_done", groups=n_groups, rows=n_rows, n=len(frame))
    exit_if_skipped(skipped)


TERMINAL_GROUPS = 10  # the largest groups shown on the terminal; the outputs have them all
GROUP_HEADERS = {"sv": ("Grupp", "Typ", "Antal", "Bedömning", "Gemensamt", "Rader", "Exempel"),
                 "en": ("Group", "Type", "Count", "Assessment", "In common", "Rows", "Example")}


TERMINAL_ROW_PARTS = 8  # rows or runs of rows shown in a group's Rader cell on the terminal; the outputs have them all


def row_runs(rows: list[int], limit: int | None = None) -> str:
    """Rows in order as the terminal shows them: a run of three or more in a row as its ends, "2–31" (a form
    pasted 300 times by one unit is one short cell, not 300 numbers over a hundred lines); "2, 3", "2, 5, 9"
    as they are. ``limit``: at most that many of these, then how many rows are not shown ("… och 112 till"): a
    text 120 people sent in over the export, its rows scattered, is one short cell too, not 40 lines of numbers."""
    parts: list[tuple[str, int]] = []  # what is shown, and how many rows it stands for
    k = 0
    while k < len(rows):
        end = k
        while end + 1 < len(rows) and rows[end + 1] == rows[end] + 1:
            end += 1
        parts += [(f"{rows[k]}–{rows[end]}", end - k + 1)] if end - k >= 2 else [(str(r), 1) for r in rows[k:end + 1]]
        k = end + 1
    if limit is not None and len(parts) > limit:
        return (", ".join(p for p, _n in parts[:limit]) + " "
                + say("duplicates_more_rows", n=sum(n for _p, n in parts[limit:])))
    return ", ".join(p for p, _n in parts)


def _show_groups(groups, frame, excel_row, lang: str, written: bool, *, by_unit: bool) -> None:
    """The largest groups on the terminal (of one size the surest: copies first, then by their best pair's score,
    as the sheet orders them), in the messages' language: what each is, how many rows, the sheets' verdict (``by_unit``: the input has
    a unit column; else left out, as on the sheets), its shared words, its rows as the input shows them and the
    first member's text (masked under --redact, as the frame is) — a run without ``-o`` shows more than a count."""
    from rich.table import Table

    from forbattra.analysis.duplicates import KIND
    from forbattra.analysis.summary import HEADINGS
    from forbattra.record import ROW, TEXT

    kind_shown = {KIND[lang][k]: KIND[ui.lang][k] for k in KIND[lang]}
    verdict_shown = {HEADINGS[lang][k]: HEADINGS[ui.lang][k] for k in ("loud", "broad", "mixed", "single", "unknown")}
    h = GROUP_HEADERS[ui.lang]
    shown = [k for k in range(len(h)) if by_unit or k != 3]
    table = Table(title=say("duplicates_title"))
    for k in shown:
        table.add_column(h[k], justify="right" if k in (0, 2) else "left", overflow="fold")
    texts = dict(zip(map(int, frame[ROW]), frame[TEXT]))  # (a group's rows are the frame's row numbers)
    for rec in groups.head(TERMINAL_GROUPS).to_dict("records"):
        members = [int(r) for r in rec["rows"]]
        text = " ".join(str(texts[members[0]]).split())
        cells = (str(rec["group"]), kind_shown.get(rec["kind"], rec["kind"]), str(rec["count"]),
                 verdict_shown.get(rec["verdict"], rec["verdict"]), rec["shared"] or "",
                 row_runs([excel_row(r) for r in members], TERMINAL_ROW_PARTS), text if len(text) <= 60 else text[:59].rstrip() + "…")
        table.add_row(*(cells[k] for k in shown))
    out = console()
    if by_unit:  # (on 80 columns the verdict wraps at its spaces, never "Bedömnin|g", the example and words give way)
        keep_words(out, table, shown.index(3))
    out.print(table)
    if len(groups) > TERMINAL_GROUPS:  # (part of the table's word, as the table is: said under --quiet too)
        result("duplicates_shown_written" if written else "duplicates_shown", n=TERMINAL_GROUPS, total=len(groups))
