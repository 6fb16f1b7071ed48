"""HTML renderer: one self-contained page (inline CSS, inline SVG charts, nothing fetched).

Every piece of user text is HTML-escaped here, in one place.
"""

from __future__ import annotations

import html
import math
import re

from forbattra.outputs.report.data import EXAMPLE_CHARS, PALETTE, TEXTS, clip_text
from forbattra.outputs.report.sections import (Cards, Chart, Report, Table, Text, ThemeCard, chart_name, count,
                                               int_ticks, pct)

_CSS = """
*{box-sizing:border-box}
body{font-family:"Segoe UI",Arial,Helvetica,sans-serif;color:#1d2733;background:#fff;margin:0;line-height:1.45}
main{max-width:1200px;margin:0 auto;padding:24px 32px 48px}
h1{font-size:28px;margin:0 0 4px;color:#12385e}
h2{font-size:21px;margin:36px 0 12px;padding-bottom:4px;border-bottom:2px solid #dde6f0;color:#12385e}
h3{font-size:17px;margin:0 0 6px;color:#12385e}
.meta{color:#566473;font-size:13px;margin:0 0 18px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:14px;margin:18px 0}
.card{background:#f3f6fa;border:1px solid #dde6f0;border-radius:8px;padding:12px 16px}
.card .v{font-size:26px;font-weight:600;color:#12385e;white-space:nowrap}
.card .v.small{font-size:19px;line-height:1.3;padding:7px 0;white-space:normal}
.nw{white-space:nowrap}
.card .k{font-size:13px;color:#566473;text-transform:uppercase;letter-spacing:.04em}
table{border-collapse:collapse;font-size:13px;margin:8px 0 16px}
th,td{border:1px solid #d4dce6;padding:5px 8px;vertical-align:top}
th{background:#eef3f8;text-align:left;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.wide{overflow-x:auto}
.heat{width:100%;table-layout:fixed;min-width:720px}
.heat th{font-size:11.5px;line-height:1.25;overflow-wrap:anywhere;hyphens:auto;vertical-align:bottom;padding:5px 4px}
.heat th:first-child{width:210px}
.heat.many thead th{font-size:10px}
.heat.many th:first-child{width:180px}
.heat td{vertical-align:middle;padding:4px}
.heat td.n{text-align:center}
tbody th{font-weight:400;background:none}
.heat tbody th{font-size:12.5px;line-height:1.45;overflow-wrap:break-word;hyphens:manual;vertical-align:middle;padding:4px}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.flag-loud{color:#a33a17;font-weight:600}
.flag-broad{color:#2c7a47}
svg{max-width:100%;height:auto;display:block}
svg text{font-family:"Segoe UI",Arial,Helvetica,sans-serif}
.theme{border:1px solid #dde6f0;border-radius:8px;padding:14px 18px;margin:0 0 14px;break-inside:avoid;page-break-inside:avoid}
.theme .desc{color:#445261;margin:0 0 6px}
.terms span{display:inline-block;background:#eef3f8;border-radius:10px;padding:1px 9px;margin:2px 4px 2px 0;font-size:12.5px}
.theme ol{margin:8px 0 0;padding-left:22px}
.theme li{margin:0 0 6px}
.unit{color:#566473;font-size:12px}
.note{font-size:12.5px;color:#566473}
.warn{color:#a33a17;font-weight:600}
.chart{break-inside:avoid;page-break-inside:avoid;overflow-x:auto}
.chart svg{min-width:900px}
@media (max-width:600px){main{padding:16px 12px 32px} .card .v,.card .v.small{white-space:normal;line-height:1.25}}
.dup{margin:0 0 12px}
.figures{margin:4px 0 16px}
.figures summary{cursor:pointer;color:#12385e;font-size:13.5px}
.figures tbody th{white-space:nowrap}
@media print{
 main{max-width:none;padding:0}
 body{font-size:11pt}
 h2{break-before:page;page-break-before:always}
 h2.first,h2.run-on{break-before:auto;page-break-before:auto}
 .card,.theme,th,.heat td{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .chart,.theme,table.keep,tr{break-inside:avoid;page-break-inside:avoid}
 h2,h3,p.note{break-after:avoid;page-break-after:avoid}
 thead{display:table-header-group}
 .wide,.chart{overflow:visible}
 .heat th{font-size:10.5px;padding:4px 3px}
 h1{font-size:22px}
 .cards{margin:10px 0;gap:10px}
 .card{padding:6px 12px}
 .card .v{font-size:20px}
 .card .v.small{font-size:15px;padding:2px 0}
 h2.first{margin-top:16px}
 table.lead{width:100%;font-size:11.5px}
 table.lead th,table.lead td{padding:3px 6px}
 .heat th:first-child{width:150px}
 .heat.many thead th{font-size:9px}
 .heat.many th:first-child{width:150px}
 details.figures::details-content{content-visibility:visible;display:block}
 .figures table{width:100%;table-layout:fixed}
 .figures thead th{font-size:10px;padding:4px 3px;vertical-align:bottom;hyphens:manual;overflow-wrap:anywhere}
 .figures summary{list-style:none;color:inherit}
}
@page{size:A4 landscape;margin:14mm}
"""


# the language of the suggestions a report quotes (forbattra reads Swedish text): marked on them where the page is
# in another language, so a screen reader reads them with a Swedish voice (WCAG 3.1.2)
DATA_LANG = "sv"
HEAT_COLUMNS = 13  # a heat map of more columns (the built-in themes' and the rows counted apart) is "many"
KEEP_ROWS = 12  # a table of at most this many rows is printed on one page (the built-in themes: 11 rows)


_BEFORE_PERCENT = re.compile(r"(?<=\d) (?=%)")  # "80 %": a line must not end at "80" and go on at "%"


def _e(s) -> str:
    """``s`` as HTML text, a share's "%" bound to its number by a no-break space (Swedish writes "80 %")."""
    return _BEFORE_PERCENT.sub("\u00a0", html.escape("" if s is None else str(s), quote=True))


_DATE = re.compile(r"\d+(?:-\d+)+")  # 2026-10-25, 2026-10


def _sv(text, as_written: frozenset[str]) -> str:
    """`` lang="sv"`` where ``text`` (a cell, a heading, a description) is one of the texts an English page shows as
    written, in Swedish (:attr:`Report.as_written`; a table's header with its soft hyphens too), else nothing."""
    return f' lang="{DATA_LANG}"' if as_written and isinstance(text, str) and text.replace("\u00ad", "") in as_written else ""


def _labels_marked(escaped: str, labels: frozenset[str]) -> str:
    """``escaped`` (HTML text) with each of ``labels`` named in it as a whole word marked lang="sv": a theme's label
    shown as written, in Swedish, within an English sentence ("2 themes + Övrigt")."""
    if not labels:
        return escaped
    alternatives = "|".join(re.escape(html.escape(x, quote=True)) for x in sorted(labels, key=lambda x: (-len(x), x)))
    return re.sub(rf"(?<![\w&])({alternatives})(?!\w)", rf'<span lang="{DATA_LANG}">\1</span>', escaped)


def _whole_dates(text: str) -> str:
    """``text`` escaped, each date in it kept on one line: a card's long figure wraps at its spaces, and the
    browser would also break a date after a hyphen (*2025-09-02 – 2026-* / *10-25*)."""
    return _DATE.sub(lambda m: f'<span class="nw">{m.group()}</span>', _e(text))


def _clip(text: str, n: int = EXAMPLE_CHARS) -> str:
    return clip_text(text, n)


LABEL_LEFT, LABEL_LEFT_MAX, CHAR_W, LINE_H = 260, 440, 7.2, 15  # a bar chart's label column (px at font-size 13)


def _label_column(labels: list[str]) -> tuple[int, list[list[str]]]:
    """The width of a bar chart's label column and each label's lines in it.

    260 px holds a label of about 35 characters; a longer one widens the column (up to 440 px of the 1100) and
    wraps onto further lines there, at spaces (a word longer than a line is cut with '…'), so no label runs off
    the chart's left edge. Widths are estimated generously (7.2 px a character at font-size 13).
    """
    need = max((len(x) for x in labels), default=0) * CHAR_W + 16
    left = int(min(max(LABEL_LEFT, math.ceil(need)), LABEL_LEFT_MAX))
    per_line = int((left - 16) // CHAR_W)
    wrapped = []
    for lab in labels:
        lines: list[str] = []
        for word in lab.split():
            if len(word) > per_line:
                word = word[: per_line - 1] + "…"
            if lines and len(lines[-1]) + 1 + len(word) <= per_line:
                lines[-1] += " " + word
            else:
                lines.append(word)
        wrapped.append(lines or [""])
    return left, wrapped


def _label(x: float, baseline: float, lines: list[str], size: float = 13) -> str:
    """A right-aligned label; one of several lines is centred on a one-line label's ``baseline``."""
    if len(lines) == 1:
        return f'<text x="{x}" y="{baseline:g}" text-anchor="end" font-size="{size:g}">{_e(lines[0])}</text>'
    y0 = baseline - LINE_H * (len(lines) - 1) / 2
    spans = "".join(f'<tspan x="{x}" y="{y0 + k * LINE_H:g}">{_e(line)}</tspan>' for k, line in enumerate(lines))
    return f'<text text-anchor="end" font-size="{size:g}">{spans}</text>'


def svg_bars(labels: list[str], values: list[int], shares: list[float], *, width: int = 1100, lang: str = "sv") -> str:
    """Horizontal bar chart: label, bar, 'count (share)' (the share written as ``lang`` writes it)."""
    right = 110
    left, wrapped = _label_column(labels)
    row_h = max(26, LINE_H * max((len(x) for x in wrapped), default=1) + 11)  # a wrapped label's lines fit its row
    h = row_h * len(labels) + 20
    vmax = max(values, default=0) or 1
    scale = (width - left - right) / vmax
    parts = [f'<svg viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img">']
    for i, (lines, v, s) in enumerate(zip(wrapped, values, shares)):
        y = 10 + i * row_h + (row_h - 26) / 2  # the bar (18 px) in the middle of its row
        parts.append(_label(left - 8, y + 17, lines))
        parts.append(f'<rect x="{left}" y="{y + 3:g}" width="{max(v * scale, 1 if v else 0):.1f}" height="18" fill="{PALETTE[i % len(PALETTE)]}" rx="2"/>')
        parts.append(f'<text x="{left + v * scale + 6:.1f}" y="{y + 17:g}" font-size="12.5" fill="#333">{_e(f"{count(v, lang)} ({pct(s, lang)})")}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _stripes(x: float, y: float, w: float, h: float, gap: float = 5.0) -> str:
    """Thin horizontal stripes inside a rectangle (a hatch without SVG patterns or url() references)."""
    out = []
    yy = y + h - gap
    while yy > y + 0.5:
        out.append(f'<rect x="{x:.1f}" y="{yy:.1f}" width="{w:.1f}" height="1.6" fill="#b7c4d3"/>')
        yy -= gap
    return "".join(out)


MARKERS = ("circle", "square", "triangle", "diamond", "down")  # a trend line's points: its shape, beside its colour


def _marker(shape: str, x: float, y: float, colour: str, extra: str = "") -> str:
    """A point of a trend line in its series' shape (a line told apart by more than its colour, WCAG 1.4.1)."""
    if shape == "square":
        return f'<rect x="{x - 3.2:.1f}" y="{y - 3.2:.1f}" width="6.4" height="6.4" fill="{colour}"{extra}/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - 4.6:.1f}l4.6 7.8h-9.2z" fill="{colour}"{extra}/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f} {y - 4.8:.1f}l4.8 4.8l-4.8 4.8l-4.8 -4.8z" fill="{colour}"{extra}/>'
    if shape == "down":
        return f'<path d="M{x - 4.6:.1f} {y - 3.2:.1f}h9.2l-4.6 7.8z" fill="{colour}"{extra}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.6" fill="{colour}"{extra}/>'


def svg_trend(months: list[str], series: list[tuple[str, list[int]]], total: list[int], *, width: int = 1100,
              total_label: str = "Total", partial: list[bool] | None = None, partial_label: str = "",
              lang: str = "sv", y_label: str = "") -> str:
    """Bars for all suggestions per month, lines for the largest themes, legend below; ``y_label`` names the
    vertical axis (what its numbers count).

    Each line has its own colour and its own marker shape (:data:`MARKERS`), its legend entry both. Ticks are whole
    numbers. Months the data covers only in part are drawn hatched and lighter, with
    a legend entry, so a short first or last month does not read as a real drop.
    """
    partial = partial or [False] * len(months)
    legend = [(total_label, "bar")] + [(lab, j) for j, (lab, _) in enumerate(series)]
    if any(partial):
        legend.append((partial_label, "partial"))
    # legend entries sized by their text (about 7 px a character), wrapped onto new rows
    h, left, right, top, bottom = 360, 64 if y_label else 50, 20, 16, 40
    pw, ph = width - left - right, h - top - bottom
    placed, x, row = [], 0.0, 0
    for lab, kind in legend:
        w = 20 + 7.2 * len(lab) + 28
        if x and x + w > pw:
            x, row = 0.0, row + 1
        placed.append((left + x, row, lab, kind))
        x += w
    height = h + 24 * (row + 1)
    vmax, ticks = int_ticks(max(total, default=0))
    n = len(months)
    step = pw / max(n, 1)
    y = lambda v: top + ph - v / vmax * ph  # noqa: E731
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for v in ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e8ee"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="#566473">{count(v, lang)}</text>')
    if y_label:
        parts.append(f'<text transform="translate(16 {top + ph / 2:.1f}) rotate(-90)" text-anchor="middle" '
                     f'font-size="12.5">{_e(y_label)}</text>')
    every = max(1, math.ceil(n / 18))
    for i, (mo, t) in enumerate(zip(months, total)):
        x0 = left + i * step
        extra = f" ({_e(partial_label)})" if partial[i] else ""
        bx, bw, by, bh = x0 + step * 0.15, step * 0.7, y(t), top + ph - y(t)
        if partial[i]:  # lighter, striped, dashed outline: "this month is not complete"
            parts.append(f'<rect x="{bx:.1f}" y="{by:.1f}" width="{bw:.1f}" height="{bh:.1f}" fill="#f3f6fa" '
                         f'stroke="#9fb0c3" stroke-dasharray="3 2" class="partial"><title>{_e(mo)}: {count(t, lang)}{extra}</title></rect>')
            parts.append(_stripes(bx, by, bw, bh))
        else:
            parts.append(f'<rect x="{bx:.1f}" y="{by:.1f}" width="{bw:.1f}" height="{bh:.1f}" fill="#dde6f0" '
                         f'class="month"><title>{_e(mo)}: {count(t, lang)}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x0 + step / 2:.1f}" y="{top + ph + 16}" text-anchor="middle" font-size="11" fill="#566473">{_e(mo)}</text>')
    for j, (_lab, vals) in enumerate(series):
        col = PALETTE[j % len(PALETTE)]
        pts = " ".join(f"{left + i * step + step / 2:.1f},{y(v):.1f}" for i, v in enumerate(vals))
        if n > 1:
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{col}" stroke-width="2.2"/>')
        for i, v in enumerate(vals):
            op = ' opacity="0.45"' if partial[i] else ""
            parts.append(_marker(MARKERS[j % len(MARKERS)], left + i * step + step / 2, y(v), col, op))
    parts.append('<g class="legend">')
    for lx, row, lab, kind in placed:
        ly = h + 24 * row
        if kind == "partial":
            parts.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="14" height="10" fill="#f3f6fa" stroke="#9fb0c3" stroke-dasharray="3 2"/>')
            parts.append(_stripes(lx, ly - 10, 14, 10))
        elif kind == "bar":
            parts.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="14" height="10" fill="#dde6f0"/>')
        else:  # a theme's line: a stroke of its colour with its marker
            col = PALETTE[int(kind) % len(PALETTE)]
            parts.append(f'<line x1="{lx - 2:.1f}" x2="{lx + 16:.1f}" y1="{ly - 5}" y2="{ly - 5}" stroke="{col}" stroke-width="2.2"/>')
            parts.append(_marker(MARKERS[int(kind) % len(MARKERS)], lx + 7, ly - 5, col))
        parts.append(f'<text x="{lx + 20:.1f}" y="{ly}" font-size="12">{_e(lab)}</text>')
    parts.append("</g></svg>")
    return "".join(parts)


def svg_scatter(points: list[tuple[str, int, int, bool]], *, width: int = 1100, x_label: str = "", y_label: str = "",
                loud_label: str = "", other_label: str = "", lang: str = "sv") -> str:
    """Breadth (units, y) against volume (suggestions, x); loud-voice themes in red with a ring."""
    h, left, right, top, bottom = 440, 64, 30, 20, 70
    pw, ph = width - left - right, h - top - bottom
    # counts of suggestions and of units: whole-number ticks only
    xmax, xticks = int_ticks(math.ceil(max((p[1] for p in points), default=0) * 1.08))
    ymax, yticks = int_ticks(math.ceil(max((p[2] for p in points), default=0) * 1.08))
    X = lambda v: left + v / xmax * pw  # noqa: E731
    Y = lambda v: top + ph - v / ymax * ph  # noqa: E731
    parts = [f'<svg viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img">']
    for xv in xticks:
        parts.append(f'<line x1="{X(xv):.1f}" x2="{X(xv):.1f}" y1="{top}" y2="{top + ph}" stroke="#eef1f5"/>')
        parts.append(f'<text x="{X(xv):.1f}" y="{top + ph + 16}" text-anchor="middle" font-size="11" fill="#566473">{count(xv, lang)}</text>')
    for yv in yticks:
        parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{Y(yv):.1f}" y2="{Y(yv):.1f}" stroke="#eef1f5"/>')
        parts.append(f'<text x="{left - 6}" y="{Y(yv) + 4:.1f}" text-anchor="end" font-size="11" fill="#566473">{count(yv, lang)}</text>')
    parts.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#c5ced9"/>')
    parts.append(f'<text x="{left + pw / 2:.1f}" y="{top + ph + 36}" text-anchor="middle" font-size="12.5">{_e(x_label)}</text>')
    parts.append(f'<text transform="translate(16 {top + ph / 2:.1f}) rotate(-90)" text-anchor="middle" font-size="12.5">{_e(y_label)}</text>')
    boxes: list[tuple[float, float, float, float]] = [(X(p[1]) - 7, Y(p[2]) - 7, X(p[1]) + 7, Y(p[2]) + 7) for p in points]
    labels = []
    key: list[tuple[str, str, str]] = []  # (number, label, colour) of points whose label found no free place

    def place(cx: float, cy: float, tw: float, reach: int = 5):
        """A free place for a label ``tw`` wide beside the point at (cx, cy), at most ``reach`` lines above or
        below it: (box, side, dy), or None."""
        for dy in [0] + [d * sign for d in range(15, 15 * reach + 1, 15) for sign in (-1, 1)]:
            for side in ((1, -1) if cx < left + pw - tw - 20 else (-1, 1)):
                x0 = cx + 12 if side > 0 else cx - 12 - tw
                y0 = cy + dy - 9
                box = (x0, y0, x0 + tw, y0 + 14)
                if x0 < left + 2 or x0 + tw > left + pw - 2 or y0 < top or y0 + 14 > top + ph:
                    continue
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                    return box, side, dy
        return None

    for lab, x, yv, loud in sorted(points, key=lambda p: (-p[1], p[2])):
        full = lab
        cx, cy = X(x), Y(yv)
        col = "#c0392b" if loud else "#1f5f99"
        if loud:
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="10" fill="none" stroke="{col}" stroke-width="2"/>')
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5.5" fill="{col}"><title>{_e(lab)}: {x}, {yv}</title></circle>')
        # a label longer than the room on either side of its point is shortened with '…' (the point's title and
        # the themes' table name it in full), or it ran off the chart
        room = max(cx - left - 14, left + pw - cx - 14)
        if 6.6 * len(lab) + 4 > room:
            lab = lab[: max(1, int((room - 4) / 6.6) - 1)].rstrip() + "…"
        chosen = place(cx, cy, 6.6 * len(lab) + 4)
        if chosen is None:  # no free place for the name: a number, named in the key under the chart
            number = str(len(key) + 1)
            key.append((number, full, col))
            lab = number
            tw = 6.6 * len(lab) + 4
            chosen = place(cx, cy, tw, reach=10)
            if chosen is None:  # not even that: beside the point, on the side it fits
                x0 = cx + 12 if cx + 12 + tw <= left + pw - 2 else cx - 12 - tw
                chosen = ((x0, cy - 9, x0 + tw, cy + 5), 1 if x0 > cx else -1, 0)
        box, side, dy = chosen
        boxes.append(box)
        if dy:
            labels.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{box[0] if side > 0 else box[2]:.1f}" y2="{box[1] + 9:.1f}" stroke="{col}" stroke-width="0.7" opacity="0.6"/>')
        labels.append(f'<text x="{box[0] + 2:.1f}" y="{box[1] + 11:.1f}" font-size="12" fill="{col}">{_e(lab)}</text>')
    parts.extend(labels)
    ly = h - 14
    parts.append(f'<circle cx="{left + 8}" cy="{ly - 4}" r="5.5" fill="#1f5f99"/><text x="{left + 20}" y="{ly}" font-size="12">{_e(other_label)}</text>')
    parts.append(f'<circle cx="{left + 228}" cy="{ly - 4}" r="5.5" fill="#c0392b"/><circle cx="{left + 228}" cy="{ly - 4}" r="10" fill="none" stroke="#c0392b" stroke-width="2"/>'
                 f'<text x="{left + 246}" y="{ly}" font-size="12">{_e(loud_label)}</text>')
    if key:  # the numbered points' names, in columns under the legend (the chart grows to hold them)
        per_row = max(1, (width - left - right) // 360)
        column = (width - left - right) / per_row  # each name cut to what its column holds, less its number
        chars = int(column / 6.6) - 6
        for k, (number, full, col) in enumerate(key):
            kx, ky = left + (k % per_row) * column, h + 6 + (k // per_row) * 18
            name = full if len(full) <= chars else full[:chars - 1].rstrip() + "…"
            parts.append(f'<text x="{kx:.1f}" y="{ky}" font-size="12"><tspan fill="{col}" font-weight="bold">{number}</tspan>'
                         f' {_e(name)}</text>')
        grown = h + 14 + ((len(key) - 1) // per_row) * 18
        parts[0] = f'<svg viewBox="0 0 {width} {grown}" width="{width}" height="{grown}" role="img">'
    parts.append("</svg>")
    return "".join(parts)


GROUPED_PAGE = 600  # the most a grouped chart is high (its viewBox at width 1100): printed on A4 landscape, with its
# heading and note above it, it fits one page (182 mm, 688 px, of which the chart gets 554 px at 1016 px wide)


def _grouped_layout(labels: list[str], orgs: list[str], width: int) -> tuple[int, list[list[str]], int, list, int]:
    """A grouped chart's label column, wrapped labels, each theme's height, its legend (entries placed by the width
    of their text, wrapped onto new rows: no swatch covers a name) and the legend's height."""
    bar_h = 12
    left, wrapped = _label_column(labels)
    # a wrapped label's lines fit beside its group's bars
    gap = max(10, LINE_H * max((len(x) for x in wrapped), default=1) + 4 - bar_h * len(orgs))
    group_h = bar_h * len(orgs) + gap
    placed, x, row = [], 0.0, 0
    for j, o in enumerate(orgs):
        w = 20 + 7.2 * len(o) + 28
        if x and x + w > width - 20:
            x, row = 0.0, row + 1
        placed.append((20 + x, row, j, o))
        x += w
    return left, wrapped, group_h, placed, 24 * (row + 1)


def grouped_parts(labels: list[str], orgs: list[str], *, width: int = 1100) -> list[range]:
    """The themes of each chart a comparison is drawn as: one chart, or — where it would be higher than
    :data:`GROUPED_PAGE` (five organisations and the eleven built-in themes: 880) and so printed over two pages,
    its legend on one and its last themes on the next — as few charts as keep each within it, each with its
    legend, the themes shared out evenly."""
    _, _, group_h, _, legend_h = _grouped_layout(labels, orgs, width)
    if group_h * len(labels) + 10 + legend_h <= GROUPED_PAGE:
        return [range(len(labels))]
    n = math.ceil(len(labels) / max(1, (GROUPED_PAGE - 10 - legend_h) // group_h))
    per = math.ceil(len(labels) / n)
    return [range(a, min(a + per, len(labels))) for a in range(0, len(labels), per)]


def svg_grouped(labels: list[str], orgs: list[str], shares: dict[str, list[float]], *, width: int = 1100,
                lang: str = "sv", part: range | None = None) -> str:
    """Grouped horizontal bars: one group per theme, one bar per organisation (share, as ``lang`` writes it).
    ``part``: only these themes (:func:`grouped_parts`), drawn to the scale and label column of them all."""
    bar_h, right = 12, 70
    left, wrapped, group_h, placed, legend_h = _grouped_layout(labels, orgs, width)
    shown = part if part is not None else range(len(labels))
    h = group_h * len(shown) + 10 + legend_h
    vmax = max((v for o in orgs for v in shares[o]), default=0) or 1
    scale = (width - left - right) / vmax
    parts = [f'<svg viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img">']
    for k, i in enumerate(shown):
        lines = wrapped[i]
        y0 = 5 + legend_h + k * group_h
        parts.append(_label(left - 8, float(f"{y0 + group_h / 2 + 2:.1f}"), lines))
        for j, o in enumerate(orgs):
            v = shares[o][i]
            y = y0 + j * bar_h
            parts.append(f'<rect x="{left}" y="{y}" width="{v * scale:.1f}" height="{bar_h - 2}" fill="{PALETTE[j % len(PALETTE)]}"><title>{_e(f"{o}: {pct(v, lang)}")}</title></rect>')
            parts.append(f'<text x="{left + v * scale + 4:.1f}" y="{y + bar_h - 3}" font-size="10" fill="#333">{_e(pct(v, lang))}</text>')
    for lx, row, j, o in placed:
        ly = 14 + 24 * row
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="14" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>')
        parts.append(f'<text x="{lx + 20:.1f}" y="{ly}" font-size="12">{_e(o)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance."""
    r, g, b = (x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in (c / 255 for c in rgb))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _heat_colour(v: int, vmax: int) -> tuple[str, str]:
    """A heat cell's background and text colour; the text at least 4.5:1 against it (WCAG AA), zeros too."""
    if not v:
        return "#ffffff", "#687482"  # a quiet grey, still 4.8:1 on white
    a = 0.12 + 0.88 * v / (vmax or 1)
    r, g, b = (int(255 + (c - 255) * a) for c in (31, 95, 153))
    lum = _luminance((r, g, b))
    # white where it reads, else the page's text colour; in the band of mid blues where neither does, black
    dark = _luminance((0x1D, 0x27, 0x33))
    fg = "#ffffff" if 1.05 / (lum + 0.05) >= 4.5 else "#1d2733" if (lum + 0.05) / (dark + 0.05) >= 4.5 else "#000000"
    return f"#{r:02x}{g:02x}{b:02x}", fg


def _cell(v, j: int, table: Table, lang: str) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if j in table.percent and isinstance(v, float):
        return pct(v, lang)
    if j in table.numeric and isinstance(v, int) and not isinstance(v, bool):
        return count(v, lang)
    return str(v)


def _table(table: Table, lang: str, as_written: frozenset[str] = frozenset()) -> str:
    """The table with its caption, its column headers and (where its first column names the row: a theme, a unit, a
    month) each row's header cell, each with its scope, so a screen reader names a cell by its row and column."""
    # printed: a short table kept on one page; a long one (the unit tables) runs on, breaking between rows, since
    # keeping it whole only pushed it off its heading's page, and it did not fit the next one either
    # the themes' table (``lead``) starts on the first page whatever its length: its first rows there, not a page
    # with the headline figures alone
    cls = "heat" if table.heat else "lead" if table.lead else "keep" if len(table.rows) <= KEEP_ROWS else ""
    if table.heat and len(table.headers) > HEAT_COLUMNS:  # (printed: the headers' type smaller, words whole)
        cls += " many"
    out = ['<div class="wide"><table' + (f' class="{cls}"' if cls else "") + ">"]
    caption = table.caption or table.title
    if caption:  # hidden: the heading or chart just above says the same to the eye
        out.append(f'<caption class="sr-only">{_e(caption)}</caption>')
    if table.headers:
        out.append("<thead><tr>" + "".join(f'<th scope="col"{_sv(h, as_written)}>{_e(h)}</th>'
                                           for h in table.headers) + "</tr></thead>")
    out.append("<tbody>")
    row_header = bool(table.headers) and 0 not in table.numeric
    vmax = 0
    if table.heat:
        vmax = max((int(v) for r in table.rows for j, v in enumerate(r[:-1]) if j in table.numeric), default=0)
    for i, r in enumerate(table.rows):
        cells = []
        for j, v in enumerate(r):
            classes = [c for c in ("n" if j in table.numeric else "", table.styles.get((i, j), "")) if c]
            style = ""
            if table.heat and j in table.numeric:
                if j == len(r) - 1:
                    cells.append(f'<td class="n"><b>{_e(_cell(v, j, table, lang))}</b></td>')
                    continue
                bg, fg = _heat_colour(int(v), vmax)
                style = f' style="background:{bg};color:{fg}"'
            attr = (f' class="{" ".join(classes)}"' if classes else "") + _sv(v, as_written)
            if j == 0 and row_header:
                cells.append(f'<th scope="row"{attr}{style}>{_e(_cell(v, j, table, lang))}</th>')
                continue
            cells.append(f"<td{attr}{style}>{_e(_cell(v, j, table, lang))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _chart(ch: Chart, lang: str = "sv") -> str:
    """The chart as inline SVG, named for screen readers (role="img" without a name is read as a bare 'image').

    A chart followed by its figures as a table is named by its title; the scatter, whose figures are in the themes'
    table further up, says what it shows, what its ringed points mean and where its figures are."""
    t = TEXTS[lang]
    label = ch.title or t["compare"]
    if ch.kind == "scatter":
        label = " ".join((chart_name(ch, lang), t["chart_ringed"].format(loud=ch.extra["loud_label"]),
                          t["chart_in_table"].format(table=t["themes_chart"])))
    return _svg(ch, lang).replace('role="img"', f'role="img" aria-label="{_e(label)}"', 1)


def _chart_parts(ch: Chart, lang: str) -> list[Chart]:
    """``ch`` as the charts it is drawn as: itself, or a comparison too high for a printed page in parts
    (:func:`grouped_parts`), each named with its place ("Jämförelse, del 1 av 2")."""
    if ch.kind != "grouped":
        return [ch]
    parts = grouped_parts(ch.categories, [o for o, _ in ch.series])
    if len(parts) == 1:
        return [ch]
    import dataclasses

    title = ch.title or TEXTS[lang]["compare"]
    return [dataclasses.replace(ch, title=TEXTS[lang]["chart_part"].format(title=title, k=k, n=len(parts)),
                                extra={**ch.extra, "part": part}) for k, part in enumerate(parts, start=1)]


def _svg(ch: Chart, lang: str) -> str:
    if ch.kind == "bars":
        return svg_bars(ch.categories, ch.series[0][1], ch.extra["shares"], lang=lang)
    if ch.kind == "trend":
        return svg_trend(ch.categories, ch.series, ch.extra["total"], total_label=ch.extra["total_label"],
                         partial=ch.extra.get("partial"), partial_label=ch.extra.get("partial_label", ""), lang=lang,
                         y_label=ch.extra.get("y_label", ""))
    if ch.kind == "scatter":
        pts = [(lab, int(x), int(yv), loud) for lab, x, yv, loud in
               zip(ch.categories, ch.series[0][1], ch.series[1][1], ch.extra["loud"])]
        return svg_scatter(pts, x_label=ch.series[0][0], y_label=ch.series[1][0], loud_label=ch.extra["loud_label"],
                           other_label=ch.extra["other_label"], lang=lang)
    if ch.kind == "grouped":
        return svg_grouped(ch.categories, [o for o, _ in ch.series], {o: v for o, v in ch.series}, lang=lang,
                           part=ch.extra.get("part"))
    raise ValueError(f"unknown chart kind {ch.kind!r}")


def render_html(report: Report) -> str:
    """One self-contained HTML page (inline CSS, inline SVG charts, nothing fetched)."""
    lang = report.lang
    out = ['<!DOCTYPE html>', f'<html lang="{lang}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(report.title)}</title><style>{_CSS}</style></head><body><main>",
           f"<h1>{_e(report.title)}</h1>", f'<p class="meta">{_e(" · ".join(report.meta))}</p>',
           f'<p class="note">{_e(report.privacy)}</p>' if report.masked else f'<p class="note warn">{_e(report.privacy)}</p>']
    first = True

    def heading(title: str | None, level: int = 2, run_on: bool = False) -> None:
        nonlocal first
        if not title:
            return
        cls = ' class="first"' if first and level == 2 else ' class="run-on"' if run_on and level == 2 else ""
        first = first and level != 2
        out.append(f"<h{level}{cls}>{_e(title)}</h{level}>")

    for s in report.for_format("html"):
        if isinstance(s, Cards):
            out.append('<div class="cards">' + "".join(
                f'<div class="card"><div class="k">{_e(k)}</div><div class="v{" small" if len(v) > 12 else ""}">{_labels_marked(_whole_dates(v), report.labels_as_written)}</div></div>'
                for k, v in ((k, count(v, lang) if isinstance(v, int) else str(v)) for k, v in s.items)) + "</div>")
        elif isinstance(s, Text):
            heading(s.title, s.level, s.run_on)
            cls = ' class="note"' if s.note else ""
            labels = report.labels_as_written
            out.extend(f"<p{cls}>{_labels_marked(_e(p), labels)}</p>" for p in s.paragraphs)
            if s.bullets:
                out.append("<ul>" + "".join(f"<li>{_labels_marked(_e(_clip(b, 1200)), labels)}</li>"
                                            for b in s.bullets) + "</ul>")
        elif isinstance(s, Table):
            heading(s.title, s.level)
            if s.fold:
                out.append(f'<details class="figures"><summary>{_e(s.fold)}</summary>')
            if s.note:
                out.append(f'<p class="note">{_e(s.note)}</p>')
            out.append(_table(s, lang, report.as_written))
            if s.fold:
                out.append("</details>")
        elif isinstance(s, Chart):
            if s.heading:
                heading(s.title)
            out.extend('<div class="chart">' + _chart(part, lang) + "</div>" for part in _chart_parts(s, lang))
            if s.note:
                out.append(f'<p class="note">{_e(s.note)}</p>')
        elif isinstance(s, ThemeCard):
            title = f"<span{sv}>{_e(s.title)}</span>" if (sv := _sv(s.title, report.as_written)) else _e(s.title)
            out.append(f'<section class="theme"><h3>{title} <span class="unit">· {_e(s.meta)}</span></h3>')
            if s.description:
                out.append(f'<p class="desc"{_sv(s.description, report.as_written)}>{_e(s.description)}</p>')
            quoted = "" if lang == DATA_LANG else f' lang="{DATA_LANG}"'
            if s.terms:
                out.append(f'<div class="terms"><b>{_e(TEXTS[lang]["terms"])}:</b> '
                           + "".join(f"<span{quoted}>{_e(x)}</span>" for x in s.terms) + "</div>")
            if s.examples:
                out.append(f'<div><b>{_e(TEXTS[lang]["examples"])}:</b><ol{quoted}>' + "".join(
                    f"<li>{_e(_clip(tx))}" + (f' <span class="unit">— {_e(g)}</span>' if g else "") + "</li>"
                    for tx, g in s.examples) + "</ol></div>")
            elif s.empty_note:
                out.append(f'<p class="note">{_e(s.empty_note)}</p>')
            out.append("</section>")
    out.append("</main></body></html>")
    return "\n".join(out)
