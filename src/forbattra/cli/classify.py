"""``forbattra classify``: read an export, sort every suggestion into themes, write the results."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import (app, console, exit_if_skipped, info, progress_bar, progress_embedder, run_command, say,
                               table_shown, ui, warn)
from forbattra.cli.options import (InputArg, Lang, MinConf, ModelOpt, TaxoOfModel, check_lang, is_documents,
                                   no_person_column, read_input, reader_options, say_read, store_value, output_path)


def _csv_delimiter(value: str) -> str:
    """Checked as it is parsed: from the config file or the environment a bad one is exit 4 naming where. One
    character, not the quote that encloses a cell nor a line break (every field quoted wrong, or one field a
    line: no program reads that file back), as ``--delimiter`` refuses them on reading."""
    if (len(value) != 1 or value in "\r\n\"") and value not in ("tab", "\\t"):
        raise typer.BadParameter(say("bad_csv_delimiter"))
    return value


@app.command()
@run_command
@reader_options()
def classify(
    input: InputArg,
    out: Annotated[Optional[list[Path]], typer.Option("--out", "-o", metavar="FILE", parser=output_path, help="Output file: .xlsx, .csv or .jsonl (repeat for several). Default: INPUT-teman.xlsx in the current folder (INPUT-themes.xlsx with --lang en).")] = None,
    taxonomy: TaxoOfModel = None,
    model: ModelOpt = None,
    min_confidence: MinConf = None,
    csv_delimiter: Annotated[str, typer.Option("--csv-delimiter", metavar="CHAR", callback=_csv_delimiter, help="Delimiter of .csv output.")] = ";",
    lang: Lang = None,
    redact: Annotated[bool, typer.Option("--redact", help="Mask personal data (personnummer, phone, e-mail, names, IP addresses, account and record numbers) in per-row outputs too.")] = False,
    duplicates: Annotated[bool, typer.Option("--duplicates/--no-duplicates", help="Add a 'Dubbletter' sheet (near-duplicate groups) to .xlsx output.")] = True,
    precise: Annotated[bool, typer.Option("--precise", help="With --duplicates: compare meaning in the 'Dubbletter' sheet with a sentence-embedding model (slower; needs the 'precise' extra).")] = False,
    store: Annotated[Optional[str], typer.Option("--store", metavar="FILE|URL", callback=store_value, help="History store: a SQLite file (created if missing) or a postgresql:// URL. Only new or changed suggestions are classified.")] = None,
    review: Annotated[int, typer.Option("--review", metavar="N", min=0, max=5000, help="Add a sheet 'Att granska' with the N suggestions whose labels would teach the model most.")] = 0,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", metavar="N", min=1, max=64, help="Processes to use (default: all cores for inputs over 20,000 rows; a workbook's Dubbletter sheet takes one of them).")] = None,
    *,
    read,
) -> None:
    """Classify every suggestion into themes and write the results.

    Example: forbattra classify forslag.xlsx --out teman.xlsx
    """
    from forbattra.workflow import (STDIN_NAMES, ClassifyOptions, can_stream, is_stdin, roles_to_give_again, run_classify,
                                    run_classify_stream, spool_stdin)

    lang = check_lang(lang)
    ui.mask = redact  # the messages quote no personal data where the outputs mask it
    stdin = is_stdin(input)
    # A development officer who runs "forbattra classify forslag.xlsx" gets a workbook to open.
    default_stem = f"{'stdin' if stdin else input.stem or 'forslag'}-{'teman' if lang == 'sv' else 'themes'}"
    if not out:
        out = [Path(f"{default_stem}.xlsx")]
    from forbattra.outputs.writers import check_outputs

    # before the export (or the whole pipe) is read: a typo in -o is its line now, not after minutes of reading;
    # "-o ut/" from a pipe suggests the file a pipe's run writes without -o in that folder
    check_outputs(list(out), [] if stdin else [input], store=store, example_stem=default_stem)
    from forbattra.inputs.loading import open_in_excel

    # corrections typed into last run's workbook but not saved yet are not carried over; rows typed into the export
    # and not saved yet are not read
    for o in [*out, *([] if stdin else [input])]:
        if lock := open_in_excel(o):
            warn("file_open_in_excel", path=o, lock=lock)
    if stdin:  # "-" or /dev/stdin: the export comes through a pipe (or <(…): a pipe named as a file)
        given = input
        if str(given) in STDIN_NAMES:
            input, cleanup = spool_stdin()
        else:
            with open(given, "rb") as pipe:
                input, cleanup = spool_stdin(pipe)
        # messages name the pipe, not the spool file
        ui.aliases[str(input)] = "standard in (stdin)" if str(given) in STDIN_NAMES else str(given)
        import atexit

        atexit.register(cleanup)
    opts = ClassifyOptions(
        outs=list(out), taxonomy=taxonomy, model=model, min_confidence=min_confidence, lang=lang,
        redact=redact, csv_delimiter="\t" if csv_delimiter in ("tab", "\\t") else csv_delimiter, jobs=jobs,
        store=store, duplicates=duplicates, review=review, precise=precise,
    )
    started = time.perf_counter()
    skipped: list = []
    from forbattra.scoring.model import is_precise

    precise = model is not None and is_precise(model)  # sentence embeddings: ≈ 10–20 texts per CPU-second
    read_columns: list = []  # the columns read as text, id, unit …
    if read.sheet is None and can_stream(input, opts):
        info("read_chunks", path=input)
        bar = progress_bar(None)

        def on_read(cols, read_info) -> None:  # which column is the text …, as the whole-file path says
            read_columns.append(cols)
            say_read(input, cols, read_info, notes=False)

        if bar is not None:
            with bar:
                task = bar.add_task("classify", total=None)
                result = run_classify_stream(input, opts, read.table_kwargs(), log=info, on_read=on_read,
                                             progress=lambda k: bar.advance(task, k))
        else:
            result = run_classify_stream(input, opts, read.table_kwargs(), log=info, on_read=on_read)
    else:
        sugg, skipped = read_input(input, read)
        read_columns.append(sugg.columns)
        if precise:
            info("precise_cost", n=len(sugg.frame), seconds=max(1, round(len(sugg.frame) / 12)))
        result = run_classify(sugg, opts, inputs=[input], log=info,
                              progress=progress_bar(len(sugg.frame), min_rows=100 if precise else 2_000),
                              embedder=progress_embedder("query") if opts.embeds_duplicates else None)
    _print_summary(result, lang)
    _warn_one_theme(result, lang)
    counts = result.counts
    if not counts["read"]:
        warn("no_rows_read", path=input)  # (a header-only export: most often an export job that did not finish)
    if redact and not read.person_column and no_person_column(result.frame, input):
        if counts.get("store_names"):  # the store's names of these suggestions masked as well
            from forbattra.store import display_location

            warn("no_person_column_store", path=input, n=counts["store_names"], store=display_location(opts.store or ""))
        else:
            warn("no_person_column", path=input)  # names then masked only if some text marks them
    elif redact and is_documents(input):
        warn("no_person_column_docs", path=input)  # a Word or PDF report: the same, and no column to give
    if counts.get("corrections_unknown"):
        warn("corrections_unknown", reason=counts["corrections_unknown"])
    if counts.get("store_no_ids") or counts.get("store_ids_apart"):
        from forbattra.store import display_location  # (a URL's password is never printed)

        if counts.get("store_no_ids"):
            warn("store_no_ids", store=display_location(opts.store or ""))
        if counts.get("store_ids_apart"):
            warn("store_ids_apart", n=counts["store_ids_apart"], store=display_location(opts.store or ""))
    if counts.get("store_units_changed") and not read.group_column and read_columns[-1].group:
        from forbattra.store import display_location

        # (a unit column named by hand is the user's choice: the run's line counts what changed)
        warn("store_units_changed", store=display_location(opts.store or ""), n=counts["store_units_changed"],
             of=counts["store_units_of"], column=read_columns[-1].group)
    clf = result.classifier
    if review and not any(o.suffix.lower() == ".xlsx" for o in opts.outs):
        warn("review_no_workbook", n=review)  # (the sheet is one of the workbook's: -o teman.csv has none)
    elif review and clf.model is None and getattr(clf, "review_model", None) is None:
        warn("review_no_model")  # (no sheet: without a model nothing says which labels would teach most)
    if opts.precise and not opts.duplicates:  # --precise compares meaning in the Dubbletter sheet alone: said, as
        warn("precise_no_duplicates")  # --review without a workbook is, rather than a flag that silently did nothing
    elif opts.precise and not any(o.suffix.lower() == ".xlsx" for o in opts.outs):
        warn("precise_no_workbook")
    info("counts", read=counts["read"], classified=counts["classified"], empty=counts["empty"],
         no_suggestion=counts.get("no_suggestion", 0),
         unchanged=counts.get("unchanged", 0),  # a number in a JSON log line; the text beside it
         unchanged_text=say("counts_unchanged", n=counts["unchanged"]) if counts.get("unchanged") else "",
         seconds=time.perf_counter() - started)
    for o in opts.outs:
        info("wrote", path=o)
    by_hand = {"text": bool(read.text_columns), "id": read.id_column, "group": read.group_column,
             "date": read.date_column, "person": read.person_column}
    for o in (o for o in opts.outs if o.suffix.lower() == ".csv" and read_columns):
        # (a .csv records no columns: a report of it would detect a column given by hand otherwise, or not at all)
        again = roles_to_give_again(o, read_columns[0], by_hand, opts.csv_delimiter)
        if again:
            from forbattra.i18n import shell_arg

            info("csv_roles_not_recorded", path=o, options=" ".join(shell_arg(a) for a in again))
    exit_if_skipped(skipped)


def _print_summary(result, lang: str) -> None:
    if not table_shown(wrote=True):  # (classify always writes its outputs: the table is their summary)
        return
    from rich.measure import Measurement
    from rich.table import Table

    from forbattra.analysis.summary import HEADINGS, apart_labels, percent

    h = HEADINGS[lang]  # the summary's columns: the files' language
    shown = HEADINGS[ui.lang]  # the table on the terminal: the messages' language (FORBATTRA_LANG=en, files in Swedish)
    flag_key = {h[k]: k for k in ("loud", "broad", "mixed", "single", "none", "fallback", "unknown")}
    tax = result.classifier.taxonomy
    s = result.summary
    table = Table(title=say("themes_title"), show_lines=False)
    keys = ["theme", "count", "share"] + (["units", "top_share", "flag"] if h["units"] in s.columns else [])
    for k in keys:
        table.add_column(shown[k], justify="left" if k in ("theme", "flag") else "right")
    # the rows counted apart after the themes (no Tema-id: an empty row, an answer that is no suggestion), named
    # in the terminal's language as the themes are
    apart = {v: apart_labels(tax, ui.lang)[k] for k, v in apart_labels(tax, lang).items()}
    rows = []
    for rec in s.to_dict("records"):
        label = tax.label(rec[h["id"]], ui.lang) if rec[h["id"]] else apart.get(rec[h["theme"]], rec[h["theme"]])
        # shares rounded as the workbook's '0%' cells show them (13 %, not 12 %, for 0.125), as the report writes them
        cells = [label, str(rec[h["count"]]), percent(rec[h["share"]], ui.lang)]
        if h["units"] in s.columns:
            flag = rec[h["flag"]]
            cells += ["" if rec[h["units"]] is None else str(rec[h["units"]]), percent(rec[h["top_share"]], ui.lang),
                      shown[flag_key[flag]] if flag in flag_key else flag]
        rows.append(cells)
    for cells in rows:
        table.add_row(*cells)
    con = console()
    if Measurement.get(con, con.options.update_width(10_000), table).maximum > con.width:
        # too wide for the terminal: Rich would shrink every column alike, the theme names to a few letters
        # ("Rekryteri…"); the other columns take their longest word (their headings wrap), the themes the rest
        need = [max(len(w) for text in [str(col.header), *(r[j] for r in rows)] for w in text.split() or [""])
                for j, col in enumerate(table.columns[1:], start=1)]
        if con.width - sum(need) - 3 * len(table.columns) - 1 >= 12:  # (else a narrow terminal: Rich's way)
            for col, width in zip(table.columns[1:], need):
                col.width = width
    con.print(table)


def _warn_one_theme(result, lang: str) -> None:
    """A model that puts most suggestions in one theme has usually learnt too little (issue 12).

    Read off the summary (a million-row run is not counted twice): the share of the suggestions with a
    theme that have it, as their main theme or beside another (74 % with 'Rutiner', 49 % of them as the
    main theme, is one theme everywhere all the same)."""
    from forbattra.analysis.summary import HEADINGS

    s, h = result.summary, HEADINGS[lang]
    if s is None or not len(s):
        return
    tax = result.classifier.taxonomy
    # (the themes' rows, not those counted apart after them: an empty row, an answer that is no suggestion)
    prim = {t: k for t, k in zip(s[h["id"]].tolist(), s[h["primary"]].tolist()) if t}
    total = sum(prim.values())  # suggestions with a theme (each has one main theme)
    having = {t: c for t, c in zip(s[h["id"]].tolist(), s[h["count"]].tolist()) if t and t != tax.fallback}
    top, k = max(having.items(), key=lambda kv: (kv[1], kv[0]), default=(None, 0))
    if total >= 30 and top != tax.fallback and k / total > 0.6:
        from forbattra.i18n import Worded

        warn("one_theme_run", share=k / total, theme=Worded(tax.label(top), tax.label(top, "en")))  # (the message's language)


