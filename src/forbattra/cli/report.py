"""``forbattra report``: a committee report as HTML, Markdown or Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, exit_if_skipped, info, run_command, say, ui, warn
from forbattra.cli.options import (Lang, ModelOpt, check_lang, decimal, input_texts, read_input, reader_options,
                                   taxonomy_value, output_path)

# what a report is counted with: a classified file or store keeps the themes it was sorted with (classify's --taxonomy
# and --min-confidence help said "default: standard" and "tuned per theme", true of a raw export alone)
TaxoOfReport = Annotated[Optional[str], typer.Option("--taxonomy", metavar="NAME|FILE", callback=taxonomy_value, help="Built-in taxonomy (standard, huset) or a YAML file. Default: the one a classified file or the store was sorted with; for a raw export, the one stored with --model, else standard.")]
MinConfOfReport = Annotated[Optional[float], typer.Option("--min-confidence", metavar="0..1", parser=decimal, help="Confidence a theme needs when the report classifies a raw export, e.g. 0.6 or 0,6 (default: tuned per theme by the model, which a value only raises; 0.5 without a model). A classified file or store keeps its themes.")]


def _store_is_an_input(param: typer.CallbackParam, value: Optional[str]) -> None:
    """``report --store k.db`` (as ``classify``/``trends`` take it) was "no such option --store": report reads a
    store as its input, and says so with the command to type."""
    if value is not None:
        import shlex

        raise typer.BadParameter(say("bad_report_store", store=shlex.quote(value)), param_hint="'--store'")


def _checked_date(param: typer.CallbackParam, value: Optional[str]) -> Optional[str]:
    """A date option checked when it is read (so a bad value in the config file is named as such)."""
    from datetime import date

    if value is not None:
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            # named as typed: Click's own hint adds "(env var: …)" to an option with a variable of its own
            # (--date) even where it was typed; a bad value from the variable is a configuration error (exit 4)
            raise typer.BadParameter(say("bad_iso_date"), param_hint=f"'{param.opts[0]}'") from None
    return value


def _checked_day_or_month(param: typer.CallbackParam, value: Optional[str]) -> Optional[str]:
    """``--since``/``--until``: a day, or a month (``2026-02``), checked when it is read."""
    if value is not None:
        try:
            _bound(value, end=False)
        except ValueError:
            raise typer.BadParameter(say("bad_iso_day_or_month"), param_hint=f"'{param.opts[0]}'") from None
    return value


def _bound(value: str, *, end: bool) -> str:
    """A selection's bound as an ISO day: a day as given; a month (``YYYY-MM``, as exports date a suggestion by its
    month alone) from its first day, or (``end``: ``--until``) to its last. ValueError for anything else."""
    import calendar
    import re
    from datetime import date

    text = value.strip()
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if month:
        y, m = int(month[1]), int(month[2])
        return date(y, m, calendar.monthrange(y, m)[1] if end else 1).isoformat()  # (ValueError: month 13)
    return date.fromisoformat(text).isoformat()


def _today() -> str:
    """The date a report is stamped with when ``--date`` is not given: today in Sweden (the zone ``trends`` shows a
    run's time in, ``analysis.trends.SHOWN_ZONE``: not the day of the machine's zone, so a server in UTC that reports
    at 00:30 Swedish time does not date it the day before), or the day (UTC) of ``SOURCE_DATE_EPOCH`` where set — the
    reproducible-builds convention a model's training date follows too, so that a rebuilt report is the same file on
    any day."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from forbattra.analysis.trends import SHOWN_ZONE
    from forbattra.config import source_date_epoch

    epoch = source_date_epoch()  # a malformed value: ConfigError, exit 4
    if epoch is not None:
        return epoch.date().isoformat()
    try:
        return datetime.now(ZoneInfo(SHOWN_ZONE)).date().isoformat()
    except ZoneInfoNotFoundError:  # (no time zone data at all: the machine's day)
        return date.today().isoformat()


def _iso(value: Optional[str], hint: str, *, month_end: bool | None = None) -> Optional[str]:
    """``value`` as an ISO day; ``month_end`` not None: a month is read too (:func:`_bound`, its last day when true)."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat() if month_end is None else _bound(value, end=month_end)
    except ValueError:
        raise typer.BadParameter(say("bad_iso_date" if month_end is None else "bad_iso_day_or_month"),
                                 param_hint=hint) from None


@app.command("report")
@run_command
@reader_options()
def report(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT...", callback=input_texts, help="Raw export(s) to classify, classify's own output (.jsonl, or .xlsx/.csv with a 'Tema-id' column), or a history store (.db file or postgresql:// URL). Several are compared side by side (one organisation per input).")],
    out: Annotated[Optional[list[Path]], typer.Option("--out", "-o", metavar="FILE", parser=output_path, help="Report file: .html, .xlsx or .md (repeat for several). Default: rapport.html (report.html with --lang en).")] = None,
    taxonomy: TaxoOfReport = None,
    model: ModelOpt = None,
    min_confidence: MinConfOfReport = None,
    lang: Lang = None,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Do not mask personal data (personnummer, phone, e-mail, names, IP addresses, account and record numbers).")] = False,
    since: Annotated[Optional[str], typer.Option("--since", metavar="YYYY-MM[-DD]", callback=_checked_day_or_month, help="Only suggestions dated on or after this day (a month: from its first day).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="YYYY-MM[-DD]", callback=_checked_day_or_month, help="Only suggestions dated on or before this day (a month: to its last day).")] = None,
    group: Annotated[Optional[list[str]], typer.Option("--group", metavar="UNIT", help="Only this unit (repeatable).")] = None,
    theme: Annotated[Optional[list[str]], typer.Option("--theme", metavar="THEME", help="Only suggestions with this theme, by id or label (repeatable).")] = None,
    compare_column: Annotated[Optional[str], typer.Option("--compare-column", metavar="COLUMN", help="Column naming the organisation (e.g. kommun, förvaltning) to compare theme shares side by side.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="Report title.")] = None,
    store: Annotated[Optional[str], typer.Option("--store", hidden=True, callback=_store_is_an_input)] = None,
    report_date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", envvar="FORBATTRA_REPORT_DATE", callback=_checked_date, help="Date printed on the report. Default: today in Sweden (SOURCE_DATE_EPOCH's day where set). Same input, options and date give the same file.")] = None,
    *,
    read,
) -> None:
    """Write a report for a committee: themes, units, trend, breadth vs volume, examples.

    Example: forbattra report forslag.xlsx --out rapport.html --out rapport.xlsx
    """
    from forbattra.outputs.report.job import ReportRequest, make_report

    lang = check_lang(lang)
    ui.mask = not no_redact  # the messages quote no personal data where the outputs mask it
    since, until = _iso(since, "--since", month_end=False), _iso(until, "--until", month_end=True)
    if since and until and since > until:
        raise typer.BadParameter(say("bad_since_after_until", since=since, until=until), param_hint="--since")
    req = ReportRequest(inputs=list(inputs), outs=list(out or [Path("report.html" if lang == "en" else "rapport.html")]), taxonomy=taxonomy, model=model,
                        min_confidence=min_confidence, lang=lang, redact=not no_redact, since=since, until=until,
                        groups=list(group or []), themes=list(theme or []), compare_column=compare_column,
                        title=title, date=_iso(report_date, "--date") or _today(), read=read)
    skipped: list = []

    def reader(path):
        sugg, skip = read_input(path, read)
        skipped.extend(skip)
        return sugg, skip

    make_report(req, reader=reader, log=info, warn=warn)
    exit_if_skipped(skipped)


