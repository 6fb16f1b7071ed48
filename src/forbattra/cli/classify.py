"""``forbattra classify``: read an export, sort every suggestion into themes, write the results."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, console, info, progress_bar, run_command, ui, warn
from forbattra.cli.options import InputArg, Lang, MinConf, ModelOpt, check_lang, read_input, reader_options


@app.command()
@run_command
@reader_options()
def classify(
    input: InputArg,
    out: Annotated[Optional[list[Path]], typer.Option("--out", "-o", metavar="FILE", help="Output file: .xlsx, .csv or .jsonl (repeat for several). Default: INPUT-teman.xlsx in the current folder.")] = None,
    taxonomy: Annotated[Optional[str], typer.Option("--taxonomy", metavar="NAME|FILE", help="Built-in taxonomy (standard, huset) or a YAML file. Default: the one stored with --model, else standard.")] = None,
    model: ModelOpt = None,
    min_confidence: MinConf = None,
    csv_delimiter: Annotated[str, typer.Option("--csv-delimiter", metavar="CHAR", help="Delimiter of .csv output.")] = ";",
    lang: Lang = "sv",
    redact: Annotated[bool, typer.Option("--redact", help="Mask personal data (personnummer, phone, e-mail, names) in per-row outputs too.")] = False,
    duplicates: Annotated[bool, typer.Option("--duplicates/--no-duplicates", help="Add a 'Dubbletter' sheet (near-duplicate groups) to .xlsx output.")] = True,
    store: Annotated[Optional[str], typer.Option("--store", metavar="FILE|URL", help="History store: a SQLite file (created if missing) or a postgresql:// URL. Only new or changed suggestions are classified.")] = None,
    review: Annotated[int, typer.Option("--review", metavar="N", min=0, max=5000, help="Add a sheet 'Att granska' with the N suggestions whose labels would teach the model most.")] = 0,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", metavar="N", min=1, max=64, help="Processes to use (default: all cores for inputs over 20,000 rows).")] = None,
    *,
    read,
) -> None:
    """Classify every suggestion into themes and write the results.

    Example: forbattra classify forslag.xlsx --out teman.xlsx
    """
    from forbattra.errors import EXIT_PARTIAL
    from forbattra.workflow import ClassifyOptions, can_stream, run_classify, run_classify_stream

    check_lang(lang)
    if len(csv_delimiter) != 1 and csv_delimiter not in ("tab", "\\t"):
        raise typer.BadParameter("one character or 'tab'", param_hint="--csv-delimiter")
    if not out:
        # A development officer who runs "forbattra classify forslag.xlsx" gets a workbook to open.
        out = [Path(f"{input.stem or 'forslag'}-{'teman' if lang == 'sv' else 'themes'}.xlsx")]
    opts = ClassifyOptions(
        outs=list(out), taxonomy=taxonomy, model=model, min_confidence=min_confidence, lang=lang,
        redact=redact, csv_delimiter="\t" if csv_delimiter in ("tab", "\\t") else csv_delimiter, jobs=jobs,
        store=store, duplicates=duplicates, review=review,
    )
    started = time.perf_counter()
    skipped: list = []
    if read.sheet is None and can_stream(input, opts):
        info(f"Read {input} in chunks (big delimited file; memory stays bounded)")
        bar = progress_bar(None)
        if bar is not None:
            with bar:
                task = bar.add_task("classify", total=None)
                result = run_classify_stream(input, opts, read.table_kwargs(), log=info,
                                             progress=lambda k: bar.advance(task, k))
        else:
            result = run_classify_stream(input, opts, read.table_kwargs(), log=info)
    else:
        sugg, skipped = read_input(input, read)
        result = run_classify(sugg, opts, inputs=[input], progress=progress_bar(len(sugg.frame)), log=info)
    _print_summary(result, lang)
    _warn_one_theme(result)
    counts = result.counts
    info(f"Read {counts['read']} rows, classified {counts['classified']}, empty {counts['empty']}"
         + (f", unchanged since last run {counts['unchanged']}" if counts.get("unchanged") else "")
         + f" ({time.perf_counter() - started:.1f} s).")
    for o in opts.outs:
        info(f"Wrote {o}")
    if skipped:
        warn(f"{len(skipped)} file(s) skipped; see the lines above")
        raise typer.Exit(EXIT_PARTIAL)


def _print_summary(result, lang: str) -> None:
    if ui.quiet:
        return
    from rich.table import Table

    from forbattra.analysis.summary import HEADINGS

    h = HEADINGS[lang]
    s = result.summary
    table = Table(title="Teman" if lang == "sv" else "Themes", show_lines=False)
    cols = [h["theme"], h["count"], h["share"]]
    if h["units"] in s.columns:
        cols += [h["units"], h["top_share"], h["flag"]]
    for c in cols:
        table.add_column(c, justify="left" if c in (h["theme"], h["flag"]) else "right")
    for rec in s.to_dict("records"):
        cells = [rec[h["theme"]], str(rec[h["count"]]), f"{rec[h['share']]:.0%}"]
        if h["units"] in s.columns:
            ts = rec[h["top_share"]]
            cells += [str(rec[h["units"]]), "" if ts is None or ts != ts else f"{ts:.0%}", rec[h["flag"]]]
        table.add_row(*cells)
    console().print(table)


def _warn_one_theme(result) -> None:
    """A model that puts most suggestions in one theme has usually learnt too little (issue 12)."""
    from collections import Counter

    if result.frame is None or "themes" not in result.frame.columns or not len(result.frame):
        return
    tax = result.classifier.taxonomy
    prim = Counter(ts[0] for ts in result.frame["themes"] if ts)
    total = sum(prim.values())
    top, k = max(prim.items(), key=lambda kv: (kv[1], kv[0]), default=(None, 0))
    if total >= 30 and top != tax.fallback and k / total > 0.6:
        warn(f"{k / total:.0%} of the suggestions got the theme {tax.label(top)!r}; unless they really are "
             "mostly about that, the model has learnt too little: label more suggestions of the other "
             "themes ('forbattra review' picks them) and train again")
