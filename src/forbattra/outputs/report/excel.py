"""Excel renderer: the report's tables as sheets, its text on a first sheet, its charts as native Excel charts.

Sheets come from :class:`~.sections.Table` sections that name a ``sheet``; text sections become the
*Rapport* sheet; each :class:`~.sections.Chart` gets its data on a *Diagramdata* sheet and a native
chart on *Diagram*. Formatting, masking of every text cell and the print setup come from
:func:`forbattra.outputs.writers.write_xlsx`.
"""

from __future__ import annotations

from pathlib import Path

from forbattra.outputs.report.data import PALETTE, TEXTS
from forbattra.outputs.report.sections import Cards, Chart, Report, Table, Text, chart_name, int_ticks
from forbattra.outputs.writers import fit_cell, text_writer, write_xlsx


def _frame(table: Table):
    import pandas as pd

    return pd.DataFrame(table.rows, columns=table.headers)


def _text_sheet(report: Report, sections: list):
    import pandas as pd

    t = TEXTS[report.lang]
    head = ("Avsnitt", "Text") if report.lang == "sv" else ("Section", "Text")
    rows = [(report.title, " · ".join(report.meta)), ("", report.privacy)]
    for s in sections:
        if isinstance(s, Cards):
            rows += [(k, v) for k, v in s.items]
        elif isinstance(s, Text):
            rows += [(s.title or "", p) for p in s.paragraphs]
            rows += [(s.title or "", b) for b in s.bullets]
        elif isinstance(s, Chart) and s.note:
            rows.append((s.title or t["trend"], s.note))
    return pd.DataFrame(rows, columns=list(head))


def _whole_axis(vmax: float) -> dict:
    """A count axis of whole numbers from 0, in the steps the HTML's axes take (:func:`int_ticks`): Excel's own scale
    steps 0,5 through a few counts, which its "0" format wrote 0, 1, 1, 2, 2 (a scatter's units were stepped by 1, a
    label for each of 40 units)."""
    import math

    top, ticks = int_ticks(math.ceil(vmax))
    return {"min": 0, "max": top, "major_unit": ticks[1] - ticks[0]}


def write_report_xlsx(report: Report, target: Path) -> None:
    """Write the Excel version of ``report`` (atomic)."""
    sections = report.for_format("xlsx")
    sheet_name = "Rapport" if report.lang == "sv" else "Report"
    sheets: list[tuple[str, object]] = [(sheet_name, _text_sheet(report, sections))]
    typed: list = []
    for s in sections:
        if isinstance(s, Table) and s.sheet:
            sheets.append((s.sheet, _frame(s)))
            if s.typed:
                typed.append(s.sheet)
            typed += [(s.sheet, col) for col in s.typed_columns]
    charts = [s for s in sections if isinstance(s, Chart)]

    def draw(wb) -> None:
        if not charts:
            return
        data_name = "Diagramdata" if report.lang == "sv" else "Chart data"
        data = wb.add_worksheet(data_name)
        ws = wb.add_worksheet("Diagram" if report.lang == "sv" else "Charts")
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        text_writer(ws)(0, 0, fit_cell(report.title, report.lang), wb.add_format({"bold": True, "font_size": 16}))
        row, col = 2, 0
        # the data sheet's cells, written row by row once all are known: a big workbook's sheets are in xlsxwriter's
        # constant-memory mode, which drops a cell above the last row written (every chart came out empty)
        cells: dict[tuple[int, int], str | float] = {}
        for ch in charts:
            n = len(ch.categories)
            if not n:
                continue
            # one block per chart on the data sheet: categories in the first column, a column per series
            cells[0, col] = ch.title or ""
            for i, cat in enumerate(ch.categories, start=1):
                cells[i, col] = str(cat)
            series = list(ch.series)
            if ch.kind == "trend":
                series = [(ch.extra["total_label"], ch.extra["total"])] + series
            for j, (name, values) in enumerate(series, start=1):
                cells[0, col + j] = str(name)
                for i, v in enumerate(values, start=1):
                    cells[i, col + j] = float(v)
            kind = {"bars": {"type": "bar"}, "grouped": {"type": "bar"}, "trend": {"type": "column"},
                    "scatter": {"type": "scatter"}}[ch.kind]
            chart = wb.add_chart(kind)
            if ch.kind == "scatter":
                chart.add_series({"name": ch.title, "categories": [data_name, 1, col + 1, n, col + 1],
                                  "values": [data_name, 1, col + 2, n, col + 2],
                                  "marker": {"type": "circle", "size": 7, "fill": {"color": PALETTE[0]}},
                                  "data_labels": {"custom": [{"value": str(c)} for c in ch.categories]}})
                chart.set_x_axis({"name": series[0][0], **_whole_axis(max(series[0][1], default=0) * 1.08)})
                chart.set_y_axis({"name": series[1][0], **_whole_axis(max(series[1][1], default=0) * 1.08)})
                chart.set_legend({"none": True})
            else:
                line = None  # the trend's theme lines: one line chart of all series (combine() keeps only one chart)
                for j, _ in enumerate(series, start=1):
                    spec = {"name": [data_name, 0, col + j], "categories": [data_name, 1, col, n, col],
                            "values": [data_name, 1, col + j, n, col + j]}
                    if ch.kind == "trend" and j > 1:
                        if line is None:
                            line = wb.add_chart({"type": "line"})
                            chart.combine(line)
                        line.add_series({**spec, "line": {"color": PALETTE[(j - 2) % len(PALETTE)], "width": 2}})
                        continue
                    if ch.kind == "trend":
                        partial = ch.extra.get("partial") or []
                        spec["fill"] = {"color": "#DDE6F0"}
                        spec["points"] = [{"pattern": {"pattern": "wide_upward_diagonal", "fg_color": "#B7C4D3",
                                                       "bg_color": "#EEF2F7"}} if p else None for p in partial]
                    else:
                        spec["fill"] = {"color": PALETTE[(j - 1) % len(PALETTE)]}
                    if ch.kind == "bars":
                        spec["data_labels"] = {"value": True}
                    chart.add_series(spec)
                if ch.kind in ("bars", "grouped"):
                    chart.set_y_axis({"reverse": True})
                    if ch.kind == "grouped":
                        chart.set_x_axis({"num_format": "0%"})
                    else:  # (room for the count written after the longest bar)
                        chart.set_x_axis(_whole_axis(max(series[0][1], default=0) * 1.1))
                else:
                    # the bars of all suggestions are the highest: the theme lines are parts of them
                    axis = {"major_gridlines": {"visible": True}, "num_format": "0",
                            **_whole_axis(max(ch.extra["total"], default=0))}
                    chart.set_y_axis({**axis, "name": ch.extra["y_label"]} if ch.extra.get("y_label") else axis)
                chart.set_legend({"none": True} if ch.kind == "bars" else {"position": "bottom"})
            title = ch.title or TEXTS[report.lang]["compare"]
            chart.set_title({"name": title})
            height = max(420, 60 + 22 * n) if ch.kind in ("bars", "grouped") else 420
            chart.set_size({"width": 900, "height": height})
            # alternative text (Excel's accessibility check; a screen reader's 'Chart 1' otherwise): what the chart
            # shows and where its figures are
            alt = chart_name(ch, report.lang) + " " + TEXTS[report.lang]["chart_alt"].format(sheet=data_name)
            ws.insert_chart(row, 0, chart, {"description": alt})
            row += height // 20 + 2
            col += len(series) + 2
        put = text_writer(data)
        for (i, j), value in sorted(cells.items()):
            if isinstance(value, str):
                put(i, j, value)
            else:
                data.write_number(i, j, value)

    write_xlsx(sheets, target, title=report.title, charts=draw, typed=typed, lang=report.lang)


__all__ = ["write_report_xlsx"]
