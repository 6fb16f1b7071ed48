"""Reports for a committee: one self-contained HTML page, Markdown for minutes, or an Excel workbook.

A report is built once as a list of sections (:mod:`.sections`) from the classified frame, then
rendered by one renderer per format (:mod:`.html`, :mod:`.markdown`, :mod:`.excel`). Personal data
(personnummer, phone numbers, e-mail addresses, names from the person column) is masked unless the
caller asks otherwise; the HTML page fetches nothing.
"""

from __future__ import annotations

from pathlib import Path

from forbattra.outputs.report.data import (
    ORG, REPORT_SUFFIXES, TEXTS, check_report_outputs, check_themes, compare_table, duplicate_groups,
    filter_frame, headline, is_classified_output, key_terms, load_classified, monthly, monthly_table,
    normalise_frame, partial_months, redact_frame, representative, set_org_from_column, units_apart,
)
from forbattra.outputs.report.sections import Report, build_report
from forbattra.outputs.writers import TRUNCATION_MARK, AtomicOutputs, atomic_path
from forbattra.taxonomy import Taxonomy


def render_html(frame, taxonomy: Taxonomy, **kw) -> str:
    from forbattra.outputs.report.html import render_html as render

    return render(build_report(frame, taxonomy, **kw))


def render_markdown(frame, taxonomy: Taxonomy, **kw) -> str:
    from forbattra.outputs.report.markdown import render_markdown as render

    return render(build_report(frame, taxonomy, **kw))


def write_report(frame, taxonomy: Taxonomy, target: Path, *, lang: str = "sv", title: str | None = None,
                 redact: bool = True, discovered=None, filters: str | None = None, date: str | None = None,
                 model_meta: dict | None = None, report: Report | None = None, tx: AtomicOutputs | None = None) -> None:
    """Write one report file; the format follows the extension (.html/.htm, .md, .xlsx). Atomic.

    Pass a prebuilt ``report`` to write several formats from one build; with ``tx`` the file is written to the
    transaction's temporary path and replaced when it commits, together with the others.
    """
    suffix = Path(target).suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        from forbattra.errors import OutputError
        from forbattra.i18n import Msg

        raise OutputError.of("err_report_format", path=target, suffix=Path(target).suffix or Msg("err_none"),
                             formats=", ".join(REPORT_SUFFIXES))
    if report is None:
        report = build_report(frame, taxonomy, lang=lang, title=title, redact=redact, discovered=discovered,
                              filters=filters, date=date, model_meta=model_meta)
    path = tx.path(target) if tx is not None else Path(target)
    if suffix == ".xlsx":
        from forbattra.outputs.report.excel import write_report_xlsx

        write_report_xlsx(report, path)
        return
    if suffix == ".md":
        from forbattra.outputs.report.markdown import render_markdown as render
    else:
        from forbattra.outputs.report.html import render_html as render
    text = render(report)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def write_reports(frame, taxonomy: Taxonomy, targets: list[Path], *, log=lambda key, **fields: None, **kw) -> Report:
    """Build the report once and write it to every target (format by extension). The CLI's one call.

    The files are replaced together, as classify's outputs are: a failure on a later one (disk full, a file
    open in Excel, the scheduler's stop) leaves every earlier report as it was."""
    report = build_report(frame, taxonomy, **kw)
    with AtomicOutputs() as tx:
        for target in targets:
            write_report(frame, taxonomy, target, report=report, tx=tx)
        tx.commit()
    for target in targets:
        log("wrote", path=target)
    return report


__all__ = [
    "load_classified", "is_classified_output", "normalise_frame", "check_themes", "filter_frame", "redact_frame",
    "headline", "monthly", "monthly_table", "partial_months", "key_terms", "representative", "duplicate_groups",
    "compare_table", "build_report", "render_html", "render_markdown", "write_report", "write_reports", "check_report_outputs",
    "set_org_from_column", "units_apart", "ORG", "TEXTS", "TRUNCATION_MARK", "Report",
]
