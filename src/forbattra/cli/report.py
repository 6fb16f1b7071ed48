"""``forbattra report``: a committee report as HTML, Markdown or Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, info, run_command, warn
from forbattra.cli.options import Lang, MinConf, ModelOpt, Taxo, check_lang, read_input, reader_options


@app.command("report")
@run_command
@reader_options()
def report(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT...", help="Raw export(s) to classify, or classify's own output (.jsonl, or .xlsx/.csv with a 'Tema-id' column). Several files are compared side by side (one organisation per file).")],
    out: Annotated[Optional[list[Path]], typer.Option("--out", "-o", metavar="FILE", help="Report file: .html, .xlsx or .md (repeat for several). Default: rapport.html.")] = None,
    taxonomy: Taxo = "standard",
    model: ModelOpt = None,
    min_confidence: MinConf = None,
    lang: Lang = None,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Do not mask personal data (personnummer, phone, e-mail, names).")] = False,
    since: Annotated[Optional[str], typer.Option("--since", metavar="YYYY-MM-DD", help="Only suggestions dated on or after this day.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="YYYY-MM-DD", help="Only suggestions dated on or before this day.")] = None,
    group: Annotated[Optional[list[str]], typer.Option("--group", metavar="UNIT", help="Only this unit (repeatable).")] = None,
    theme: Annotated[Optional[list[str]], typer.Option("--theme", metavar="THEME", help="Only suggestions with this theme id (repeatable).")] = None,
    compare_column: Annotated[Optional[str], typer.Option("--compare-column", metavar="COLUMN", help="Column naming the organisation (e.g. kommun, förvaltning) to compare theme shares side by side.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="Report title.")] = None,
    *,
    read,
) -> None:
    """Write a report for a committee: themes, units, trend, breadth vs volume, examples.

    Example: forbattra report forslag.xlsx --out rapport.html --out rapport.xlsx
    """
    _report(inputs, out=out, taxonomy=taxonomy, model=model, min_confidence=min_confidence, read=read,
            lang=lang, redact=not no_redact, since=since, until=until, groups=group, themes=theme,
            compare_column=compare_column, title=title)


def _iso(value: Optional[str], hint: str) -> Optional[str]:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise typer.BadParameter("use an ISO date, e.g. 2024-01-31", param_hint=hint) from None


def _report(inputs: list[Path], *, out, taxonomy, model, min_confidence, read, lang: str, redact: bool,
            since, until, groups, themes, compare_column, title) -> None:
    import pandas as pd

    from forbattra.outputs.report import (
        ORG, check_report_outputs, check_themes, filter_frame, is_classified_output, load_classified,
        set_org_from_column, write_report,
    )
    from forbattra.taxonomy import load_taxonomy
    from forbattra.workflow import ClassifyOptions, run_classify

    lang = check_lang(lang)
    since, until = _iso(since, "--since"), _iso(until, "--until")
    if since and until and since > until:
        raise typer.BadParameter(f"--since {since} is after --until {until}", param_hint="--since")
    outs = list(out or [Path("rapport.html")])
    check_report_outputs(outs, inputs)
    tax = None
    frames = []
    for path in inputs:
        if path.suffix.lower() in (".db", ".sqlite", ".sqlite3"):
            from forbattra.store import Store

            if not path.is_file():
                from forbattra.errors import StoreError

                raise StoreError(f"{path}: no such store")
            if tax is None:
                tax = load_taxonomy(taxonomy)
            frame = Store(str(path)).frame()
            check_themes(frame, tax, str(path))
            info(f"Read {path} (history store, {len(frame)} suggestions)")
        elif is_classified_output(path):
            if tax is None:
                tax = load_taxonomy(taxonomy)
            frame = load_classified(path, tax, text_column=list(read.text_columns) or None, id_column=read.id_column,
                                    group_column=read.group_column, date_column=read.date_column,
                                    person_column=read.person_column)
            check_themes(frame, tax, str(path))
            info(f"Read {path} (classified output, {len(frame)} rows)")
        else:
            sugg, skipped = read_input(path, read)
            for f, reason in skipped:
                warn("skipped_file", path=f, reason=reason)
            result = run_classify(sugg, ClassifyOptions(outs=[], taxonomy=taxonomy, model=model,
                                                        min_confidence=min_confidence, lang=lang),
                                  inputs=[path], log=info)
            frame, tax = result.frame, result.classifier.taxonomy
        if compare_column:
            frame = set_org_from_column(frame, compare_column, str(path))
        elif len(inputs) > 1:
            frame = frame.assign(**{ORG: path.stem})
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if themes:
        unknown = [x for x in themes if x not in tax]
        if unknown:
            raise typer.BadParameter(f"unknown theme id(s) {', '.join(unknown)}; known: {', '.join(tax.ids)}",
                                     param_hint="--theme")
    n0 = len(frame)
    frame = filter_frame(frame, since=since, until=until, groups=groups, themes=themes)
    described = []
    if since or until:
        described.append(f"{since or '…'} – {until or '…'}")
    if groups:
        described.append(", ".join(groups))
    if themes:
        described.append(", ".join(tax.label(x, lang) for x in themes))
    if described:
        info("selected", n=len(frame), total=n0, what="; ".join(described))
        if not len(frame):
            warn("empty_selection")
    for target in outs:
        write_report(frame, tax, target, lang=lang, title=title, redact=redact,
                     filters="; ".join(described) or None)
        info("wrote", path=target)
