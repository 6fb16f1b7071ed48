"""Reports for a committee: one self-contained HTML page, Markdown tables, or an Excel workbook with charts.

Pure builders over the classified frame (the frame of :func:`forbattra.workflow.run_classify`, or
classify's own output read back with :func:`load_classified`) plus one writer per format.

The HTML page fetches nothing: CSS is inline and every chart is an SVG generated here. All user
text is HTML-escaped, and personal data (personnummer, phone numbers, e-mail addresses, names from
the person column) is masked unless the caller asks otherwise.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Sequence

from forbattra.errors import ColumnError, ConfigError, InputFileError
from forbattra.outputs.writers import COLS, TRUNCATION_MARK, atomic_path, fit_cell, result_table, write_xlsx
from forbattra.scoring.pipeline import EVIDENCE, SCORES, STATUS, THEMES
from forbattra.inputs.tables import DATE, GROUP, ID, INTERNAL, PERSON, ROW, TEXT, attach_roles, detect_columns, read_table
from forbattra.analysis.summary import HEADINGS, theme_by_group, theme_summary
from forbattra.taxonomy import Taxonomy

ORG = "_org"  # organisation (kommun/förvaltning or input file) for side-by-side comparison
REPORT_SUFFIXES = (".html", ".htm", ".xlsx", ".md")
DUPLICATE_COLUMNS = ("duplicate_group", "Dubblettgrupp", "Duplicate group", "dubblettgrupp")
RESULT_HEADERS = {v for lang in COLS for k, v in COLS[lang].items() if k in ("theme", "all", "ids", "conf", "why", "status")}
EXAMPLES = 5
EXAMPLE_CHARS = 600
PALETTE = ["#1f5f99", "#d9822b", "#3a9a5b", "#b8405e", "#7a5aa6", "#2a9d8f", "#c9a227", "#8c564b",
           "#e377c2", "#5d6d7e", "#17becf", "#9c6644"]

TEXTS = {
    "sv": {"title": "Förbättringsförslag – teman", "suggestions": "Förslag", "units": "Enheter", "period": "Period",
           "themes": "Teman", "themes_chart": "Teman: antal och andel", "heatmap": "Tema per enhet",
           "trend": "Utveckling per månad", "scatter": "Bredd mot volym", "per_theme": "Teman i detalj",
           "terms": "Nyckelord", "examples": "Representativa förslag", "duplicates": "Dubbletter",
           "dup_group": "Grupp", "compare": "Jämförelse", "unit": "Enhet", "total": "Totalt", "month": "Månad",
           "no_dates": "Inga datum i underlaget.", "no_units": "Ingen enhetskolumn i underlaget.",
           "x_axis": "Antal förslag", "y_axis": "Antal enheter som tar upp temat",
           "loud_legend": "drivs av en enhet", "other_legend": "övriga teman", "none": "Inga förslag.",
           "masked": "Personuppgifter (personnummer, telefon, e-post, namn) är maskerade.",
           "unmasked": "Obs: personuppgifter är INTE maskerade i denna rapport.",
           "no_examples": "Inga förslag med detta tema.", "org": "Organisation", "filters": "Urval",
           "generated": "Skapad med forbattra", "count_share": "antal (andel)", "all": "alla"},
    "en": {"title": "Improvement suggestions – themes", "suggestions": "Suggestions", "units": "Units",
           "period": "Period", "themes": "Themes", "themes_chart": "Themes: count and share",
           "heatmap": "Themes by unit", "trend": "Trend per month", "scatter": "Breadth vs volume",
           "per_theme": "Themes in detail", "terms": "Key terms", "examples": "Representative suggestions",
           "duplicates": "Duplicates", "dup_group": "Group", "compare": "Comparison", "unit": "Unit",
           "total": "Total", "month": "Month", "no_dates": "No dates in the data.",
           "no_units": "No unit column in the data.", "x_axis": "Number of suggestions",
           "y_axis": "Number of units raising the theme", "loud_legend": "driven by one unit",
           "other_legend": "other themes", "none": "No suggestions.",
           "masked": "Personal data (personal identity numbers, phone, e-mail, names) is masked.",
           "unmasked": "Note: personal data is NOT masked in this report.",
           "no_examples": "No suggestions with this theme.", "org": "Organisation", "filters": "Selection",
           "generated": "Made with forbattra", "count_share": "count (share)", "all": "all"},
}


# ------------------------------------------------------------------------------------------------
# reading classify's own output back


def is_classified_output(path: Path) -> bool:
    """True for a .jsonl, or an .xlsx/.csv with a 'Tema-id'/'Theme ids' column (classify's output)."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return True
    if suffix not in (".xlsx", ".csv") or not path.is_file():
        return False
    try:
        header, _, _ = _read_result_table(path)
    except InputFileError:
        return False
    return any(h in header for h in (COLS["sv"]["ids"], COLS["en"]["ids"]))


def _read_result_table(path: Path):
    if path.suffix.lower() == ".xlsx":
        for sheet in (COLS["sv"]["sheet_rows"], COLS["en"]["sheet_rows"]):
            try:
                return read_table(path, sheet=sheet)
            except InputFileError:
                continue
    return read_table(path)


def load_classified(path: str | Path, taxonomy: Taxonomy | None = None, *, text_column: Sequence[str] | None = None,
                    id_column: str | None = None, group_column: str | None = None, date_column: str | None = None,
                    person_column: str | None = None):
    """Read classify's .jsonl/.xlsx/.csv output into the frame shape of ``run_classify(...).frame``."""
    import pandas as pd

    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        return _load_jsonl(path)
    header, rows, _ = _read_result_table(path)
    ids_col = next((h for h in (COLS["sv"]["ids"], COLS["en"]["ids"]) if h in header), None)
    if ids_col is None:
        raise InputFileError(f"{path}: no 'Tema-id'/'Theme ids' column; is this the output of 'forbattra classify'?")
    lang = "sv" if ids_col == COLS["sv"]["ids"] else "en"
    c = COLS[lang]
    width = len(header)
    rows = [r + [""] * (width - len(r)) if len(r) < width else r[:width] for r in rows]
    pos = {h: i for i, h in enumerate(header)}
    keep = [h for h in header if h not in RESULT_HEADERS and h != c["fix"]]
    cols = detect_columns(keep, [[r[pos[h]] for h in keep] for r in rows], text_columns=text_column,
                          id_column=id_column, group_column=group_column, date_column=date_column,
                          person_column=person_column, path=str(path))
    frame = pd.DataFrame([[r[pos[h]] for h in keep] for r in rows], columns=keep, dtype=object)
    frame = attach_roles(frame, cols)
    label_to_id = {}
    if taxonomy is not None:
        label_to_id = {taxonomy.label(t, lg).casefold(): t for t in taxonomy.ids for lg in ("sv", "en")}
    themes, scores, evidence = [], [], []
    fb = taxonomy.fallback if taxonomy is not None else "ovrigt"
    for r in rows:
        fix = r[pos[c["fix"]]].strip() if c["fix"] in pos else ""
        src = fix or r[pos[ids_col]]
        ts = [label_to_id.get(p.strip().casefold(), p.strip()) for p in re.split(r"[|;,]", src) if p.strip()] or [fb]
        themes.append(ts)
        try:
            conf = float((r[pos[c["conf"]]] if c["conf"] in pos else "").replace(",", ".") or "nan")
        except ValueError:
            conf = float("nan")
        scores.append({ts[0]: conf} if conf == conf else {})
        ev: dict[str, list[str]] = {}
        for part in (r[pos[c["why"]]] if c["why"] in pos else "").split("; "):
            label, sep, terms = part.partition(": ")
            if sep:
                tid = label_to_id.get(label.strip().casefold(), label.strip())
                ev[tid] = [t.strip() for t in terms.split(", ") if t.strip()]
        evidence.append(ev)
    status = [r[pos[c["status"]]] if c["status"] in pos and r[pos[c["status"]]] else "ok" for r in rows]
    return frame.assign(**{THEMES: themes, SCORES: scores, EVIDENCE: evidence, STATUS: status})


def _load_jsonl(path: Path):
    import pandas as pd

    recs = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputFileError(f"{path}: line {n} is not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or "themes" not in obj:
                raise InputFileError(f"{path}: line {n} is not a classify result (no 'themes')")
            recs.append(obj)
    known = ("row", "id", "text", "group", "date", "themes", "scores", "evidence", "status", "person")
    extra = sorted({k for o in recs for k in o if k not in known})
    data = {
        ROW: [int(o.get("row") or i + 1) for i, o in enumerate(recs)],
        ID: [_none(o.get("id")) for o in recs],
        TEXT: [str(o.get("text") or "") for o in recs],
        GROUP: [_none(o.get("group")) for o in recs],
        DATE: [_none(o.get("date")) for o in recs],
        PERSON: [_none(o.get("person")) for o in recs],
        THEMES: [list(o.get("themes") or ["ovrigt"]) for o in recs],
        SCORES: [dict(o.get("scores") or {}) for o in recs],
        EVIDENCE: [dict(o.get("evidence") or {}) for o in recs],
        STATUS: [str(o.get("status") or "ok") for o in recs],
    }
    for k in extra:
        data[k] = [None if o.get(k) is None else str(o.get(k)) for o in recs]
    cols = [*extra, *INTERNAL, *(THEMES, SCORES, EVIDENCE, STATUS)]
    return pd.DataFrame(data, columns=cols) if recs else pd.DataFrame(columns=cols)


def _none(v):
    return None if v is None or str(v).strip() == "" else str(v)


def check_themes(frame, taxonomy: Taxonomy, source: str) -> None:
    """Refuse a classified file whose theme ids are not in the taxonomy."""
    unknown = sorted({t for ts in frame[THEMES] for t in ts if t not in taxonomy})
    if unknown:
        raise ConfigError(f"{source}: theme ids {', '.join(map(repr, unknown[:5]))} are not in taxonomy "
                          f"{taxonomy.name!r}; pass the taxonomy the file was classified with (--taxonomy)")


# ------------------------------------------------------------------------------------------------
# selection


def normalise_frame(frame):
    """Role columns as plain objects with ``None`` for missing (pandas may infer a string dtype with NaN)."""
    import pandas as pd

    def clean(v, empty=None):
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
            return empty
        return str(v)

    out = {}
    for col in (ID, GROUP, DATE, PERSON, ORG):
        if col in frame.columns:
            out[col] = pd.Series([clean(v) for v in frame[col]], index=frame.index, dtype=object)
    if TEXT in frame.columns:
        out[TEXT] = pd.Series([clean(v, "") for v in frame[TEXT]], index=frame.index, dtype=object)
    return frame.assign(**out) if out else frame


def filter_frame(frame, *, since: str | None = None, until: str | None = None, groups: Sequence[str] | None = None,
                 themes: Sequence[str] | None = None):
    """Rows dated since..until (inclusive, ISO dates; undated rows dropped when a bound is given),
    in one of ``groups`` (unit names, case-insensitive), having one of ``themes`` (ids)."""
    frame = normalise_frame(frame)
    mask = [True] * len(frame)
    dates = list(frame[DATE]) if len(frame) else []
    for i, d in enumerate(dates):
        if since and (not d or d < since):
            mask[i] = False
        if until and (not d or d > until):
            mask[i] = False
    if groups:
        wanted = {g.strip().casefold() for g in groups}
        for i, g in enumerate(frame[GROUP]):
            if not g or g.strip().casefold() not in wanted:
                mask[i] = False
    if themes:
        wanted_t = set(themes)
        for i, ts in enumerate(frame[THEMES]):
            if not wanted_t.intersection(ts):
                mask[i] = False
    return frame[mask].reset_index(drop=True) if len(frame) else frame


def redact_frame(frame):
    """A copy with the text and every original text column masked (the person column itself too)."""
    from forbattra.outputs.redact import make_redactor

    red = make_redactor(frame)
    out = frame.copy()
    skip = {ROW, ID, GROUP, DATE, PERSON, ORG, THEMES, SCORES, EVIDENCE, STATUS}
    for col in out.columns:
        if col in skip:
            continue
        out[col] = [red(v) if isinstance(v, str) else v for v in out[col]]
    out[EVIDENCE] = [{t: [red(x) for x in xs] for t, xs in ev.items()} for ev in out[EVIDENCE]]
    return out


# ------------------------------------------------------------------------------------------------
# pure figures


def headline(frame) -> dict:
    dates = sorted(d for d in frame[DATE] if d) if len(frame) else []
    units = frame[GROUP].dropna().nunique() if len(frame) else 0
    themes_used = len({ts[0] for ts in frame[THEMES]}) if len(frame) else 0
    return {"suggestions": len(frame), "units": int(units), "period": (dates[0], dates[-1]) if dates else None,
            "themes": themes_used}


def monthly(frame, taxonomy: Taxonomy) -> tuple[list[str], dict[str, list[int]], list[int]]:
    """Months (YYYY-MM, gaps filled), theme id → count per month, total suggestions per month."""
    ms = [d[:7] for d in frame[DATE] if d] if len(frame) else []
    if not ms:
        return [], {}, []
    lo, hi = min(ms), max(ms)
    months, (y, m) = [], (int(lo[:4]), int(lo[5:7]))
    while f"{y:04d}-{m:02d}" <= hi and len(months) < 600:
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    idx = {mo: i for i, mo in enumerate(months)}
    per = {t: [0] * len(months) for t in taxonomy.ids}
    total = [0] * len(months)
    for d, ts in zip(frame[DATE], frame[THEMES]):
        if not d:
            continue
        i = idx[d[:7]]
        total[i] += 1
        for t in ts:
            if t in per:
                per[t][i] += 1
    return months, per, total


def key_terms(frame, theme: str, k: int = 8) -> list[str]:
    """The evidence terms most often behind ``theme``."""
    c: Counter = Counter()
    for ts, ev in zip(frame[THEMES], frame[EVIDENCE]):
        if theme in ts:
            c.update(x for x in dict.fromkeys((ev or {}).get(theme, [])) if x and "rättad" not in x)
    return [t for t, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def representative(frame, theme: str, k: int = EXAMPLES) -> list[tuple[str, str | None]]:
    """Up to ``k`` (text, unit): primary-theme rows first, most confident first, one per unit first."""
    cand = []
    for i, (ts, sc, tx, g) in enumerate(zip(frame[THEMES], frame[SCORES], frame[TEXT], frame[GROUP])):
        if theme in ts and tx and tx.strip():
            s = (sc or {}).get(theme, 0.0)
            cand.append((ts[0] != theme, -(s if s == s else 0.0), abs(len(tx) - 220) // 80, i, tx, g))
    cand.sort(key=lambda c: c[:4])
    out, seen_units, rest = [], set(), []
    for c in cand:
        if c[5] not in seen_units:
            seen_units.add(c[5])
            out.append(c)
        else:
            rest.append(c)
        if len(out) >= k:
            break
    out = (out + rest)[:k]
    out.sort(key=lambda c: c[:4])
    return [(c[4], c[5]) for c in out]


def duplicate_groups(frame) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Groups of two or more rows sharing a non-empty duplicate-group value."""
    col = next((c for c in DUPLICATE_COLUMNS if c in frame.columns), None)
    if col is None:
        return []
    groups: dict[str, list] = {}
    for v, tx, g in zip(frame[col], frame[TEXT], frame[GROUP]):
        if v is None or (isinstance(v, float) and v != v) or not str(v).strip():
            continue
        groups.setdefault(str(v).strip(), []).append((tx, g))
    return [(k, v) for k, v in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])) if len(v) >= 2]


def compare_table(frame, taxonomy: Taxonomy, *, lang: str = "sv"):
    """Theme share per organisation (rows: themes; columns: organisations), or None with < 2 orgs."""
    import pandas as pd

    if ORG not in frame.columns:
        return None
    orgs = sorted({o for o in frame[ORG] if o})
    if len(orgs) < 2:
        return None
    h = HEADINGS[lang]
    size = {o: 0 for o in orgs}
    counts = {o: Counter() for o in orgs}
    for o, ts in zip(frame[ORG], frame[THEMES]):
        if o in size:
            size[o] += 1
            counts[o].update(set(ts))
    rows = []
    for t in taxonomy.ids:
        row = {h["theme"]: taxonomy.label(t, lang)}
        for o in orgs:
            row[o] = round(counts[o][t] / size[o], 4) if size[o] else 0.0
        rows.append(row)
    rows.append({h["theme"]: TEXTS[lang]["suggestions"] + " (n)", **{o: size[o] for o in orgs}})
    return pd.DataFrame(rows)


def monthly_table(frame, taxonomy: Taxonomy, *, lang: str = "sv"):
    import pandas as pd

    months, per, total = monthly(frame, taxonomy)
    if not months:
        return None
    t = TEXTS[lang]
    data = {t["month"]: months, t["total"]: total}
    for tid in taxonomy.ids:
        data[taxonomy.label(tid, lang)] = per[tid]
    return pd.DataFrame(data)


# ------------------------------------------------------------------------------------------------
# HTML

_CSS = """
*{box-sizing:border-box}
body{font-family:"Segoe UI",Arial,Helvetica,sans-serif;color:#1d2733;background:#fff;margin:0;line-height:1.45}
main{max-width:1200px;margin:0 auto;padding:24px 32px 48px}
h1{font-size:28px;margin:0 0 4px;color:#12385e}
h2{font-size:21px;margin:36px 0 12px;padding-bottom:4px;border-bottom:2px solid #dde6f0;color:#12385e}
h3{font-size:17px;margin:0 0 6px;color:#12385e}
.meta{color:#566473;font-size:13px;margin:0 0 18px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:14px;margin:18px 0}
.card{background:#f3f6fa;border:1px solid #dde6f0;border-radius:8px;padding:12px 16px}
.card .v{font-size:26px;font-weight:600;color:#12385e;white-space:nowrap}
.card .v.small{font-size:19px;line-height:39px}
.card .k{font-size:13px;color:#566473;text-transform:uppercase;letter-spacing:.04em}
table{border-collapse:collapse;font-size:13px;margin:8px 0 16px}
th,td{border:1px solid #d4dce6;padding:5px 8px;vertical-align:top}
th{background:#eef3f8;text-align:left;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.heat{width:100%;table-layout:fixed}
.heat th{font-size:11.5px;line-height:1.25;overflow-wrap:anywhere;hyphens:auto;vertical-align:bottom;padding:5px 4px}
.heat th:first-child{width:210px}
.heat td{vertical-align:middle;padding:4px}
.heat td.n{text-align:center}
.heat td:first-child{font-size:12.5px}
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
.chart{break-inside:avoid;page-break-inside:avoid}
.dup{margin:0 0 12px}
@media print{
 main{max-width:none;padding:0}
 body{font-size:11pt}
 h2{break-before:page;page-break-before:always}
 h2.first{break-before:auto;page-break-before:auto}
 .card,.theme,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 table,.chart,.theme{break-inside:avoid;page-break-inside:avoid}
}
@page{size:A4 landscape;margin:14mm}
"""


def _e(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _pct(x) -> str:
    if x is None or x != x:
        return ""
    return f"{x * 100:.0f} %"


def _clip(text: str, n: int = EXAMPLE_CHARS) -> str:
    t = " ".join(str(text).split())
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


def svg_bars(labels: list[str], values: list[int], shares: list[float], *, width: int = 1100) -> str:
    """Horizontal bar chart: label, bar, 'count (share)'."""
    row_h, left, right = 26, 260, 110
    h = row_h * len(labels) + 20
    vmax = max(values, default=0) or 1
    scale = (width - left - right) / vmax
    parts = [f'<svg viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img">']
    for i, (lab, v, s) in enumerate(zip(labels, values, shares)):
        y = 10 + i * row_h
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="13">{_e(lab)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{max(v * scale, 1 if v else 0):.1f}" height="{row_h - 8}" fill="{PALETTE[i % len(PALETTE)]}" rx="2"/>')
        parts.append(f'<text x="{left + v * scale + 6:.1f}" y="{y + 17}" font-size="12.5" fill="#333">{v} ({_pct(s)})</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_trend(months: list[str], series: list[tuple[str, list[int]]], total: list[int], *, width: int = 1100,
              total_label: str = "Total") -> str:
    """Bars for all suggestions per month, lines for the largest themes, legend below."""
    h, left, right, top, bottom = 360, 50, 20, 16, 60
    pw, ph = width - left - right, h - top - bottom
    vmax = _nice_max(max(total, default=0))
    n = len(months)
    step = pw / max(n, 1)
    y = lambda v: top + ph - v / vmax * ph  # noqa: E731
    parts = [f'<svg viewBox="0 0 {width} {h + 24 * ((len(series) + 4) // 5)}" width="{width}" height="{h + 24 * ((len(series) + 4) // 5)}" role="img">']
    for k in range(5):
        v = vmax * k / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e8ee"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="#566473">{v:g}</text>')
    every = max(1, math.ceil(n / 18))
    for i, (mo, t) in enumerate(zip(months, total)):
        x = left + i * step
        parts.append(f'<rect x="{x + step * 0.15:.1f}" y="{y(t):.1f}" width="{step * 0.7:.1f}" height="{top + ph - y(t):.1f}" fill="#dde6f0"><title>{_e(mo)}: {t}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{top + ph + 16}" text-anchor="middle" font-size="11" fill="#566473">{_e(mo)}</text>')
    for j, (_lab, vals) in enumerate(series):
        col = PALETTE[j % len(PALETTE)]
        pts = " ".join(f"{left + i * step + step / 2:.1f},{y(v):.1f}" for i, v in enumerate(vals))
        if n > 1:
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{col}" stroke-width="2.2"/>')
        for i, v in enumerate(vals):
            parts.append(f'<circle cx="{left + i * step + step / 2:.1f}" cy="{y(v):.1f}" r="2.8" fill="{col}"/>')
    legend = [(total_label, "#dde6f0")] + [(lab, PALETTE[j % len(PALETTE)]) for j, (lab, _) in enumerate(series)]
    for j, (lab, col) in enumerate(legend):
        lx, ly = left + (j % 5) * (pw / 5), h - 18 + 24 * (j // 5)
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="14" height="10" fill="{col}"/>')
        parts.append(f'<text x="{lx + 20:.1f}" y="{ly}" font-size="12">{_e(lab)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_scatter(points: list[tuple[str, int, int, bool]], *, width: int = 1100, x_label: str = "", y_label: str = "",
                loud_label: str = "", other_label: str = "") -> str:
    """Breadth (units, y) against volume (suggestions, x); loud-voice themes in red with a ring."""
    h, left, right, top, bottom = 440, 64, 30, 20, 70
    pw, ph = width - left - right, h - top - bottom
    xmax = _nice_max(max((p[1] for p in points), default=0) * 1.08)
    ymax = max(_nice_max(max((p[2] for p in points), default=0) * 1.08), 1)
    X = lambda v: left + v / xmax * pw  # noqa: E731
    Y = lambda v: top + ph - v / ymax * ph  # noqa: E731
    parts = [f'<svg viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img">']
    for k in range(5):
        xv, yv = xmax * k / 4, ymax * k / 4
        parts.append(f'<line x1="{X(xv):.1f}" x2="{X(xv):.1f}" y1="{top}" y2="{top + ph}" stroke="#eef1f5"/>')
        parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{Y(yv):.1f}" y2="{Y(yv):.1f}" stroke="#eef1f5"/>')
        parts.append(f'<text x="{X(xv):.1f}" y="{top + ph + 16}" text-anchor="middle" font-size="11" fill="#566473">{xv:g}</text>')
        parts.append(f'<text x="{left - 6}" y="{Y(yv) + 4:.1f}" text-anchor="end" font-size="11" fill="#566473">{yv:g}</text>')
    parts.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#c5ced9"/>')
    parts.append(f'<text x="{left + pw / 2:.1f}" y="{top + ph + 36}" text-anchor="middle" font-size="12.5">{_e(x_label)}</text>')
    parts.append(f'<text transform="translate(16 {top + ph / 2:.1f}) rotate(-90)" text-anchor="middle" font-size="12.5">{_e(y_label)}</text>')
    boxes: list[tuple[float, float, float, float]] = [(X(p[1]) - 7, Y(p[2]) - 7, X(p[1]) + 7, Y(p[2]) + 7) for p in points]
    labels = []
    for lab, x, yv, loud in sorted(points, key=lambda p: (-p[1], p[2])):
        cx, cy = X(x), Y(yv)
        col = "#c0392b" if loud else "#1f5f99"
        if loud:
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="10" fill="none" stroke="{col}" stroke-width="2"/>')
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5.5" fill="{col}"><title>{_e(lab)}: {x}, {yv}</title></circle>')
        tw = 6.6 * len(lab) + 4
        chosen = None
        for dy in (0, -15, 15, -30, 30, -45, 45, -60, 60, -75, 75):
            for side in ((1, -1) if cx < left + pw - tw - 20 else (-1, 1)):
                x0 = cx + 12 if side > 0 else cx - 12 - tw
                y0 = cy + dy - 9
                box = (x0, y0, x0 + tw, y0 + 14)
                if x0 < left + 2 or x0 + tw > left + pw - 2 or y0 < top or y0 + 14 > top + ph:
                    continue
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                    chosen = (box, side, dy)
                    break
            if chosen:
                break
        if chosen is None:
            chosen = ((cx + 12, cy - 9, cx + 12 + tw, cy + 5), 1, 0)
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
    parts.append("</svg>")
    return "".join(parts)


def svg_grouped(labels: list[str], orgs: list[str], shares: dict[str, list[float]], *, width: int = 1100) -> str:
    """Grouped horizontal bars: one group per theme, one bar per organisation (share)."""
    bar_h, gap, left, right = 12, 10, 260, 70
    group_h = bar_h * len(orgs) + gap
    legend_h = 24 * ((len(orgs) + 2) // 3)
    h = group_h * len(labels) + 10 + legend_h
    vmax = max((v for o in orgs for v in shares[o]), default=0) or 1
    scale = (width - left - right) / vmax
    parts = [f'<svg viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img">']
    for i, lab in enumerate(labels):
        y0 = 5 + legend_h + i * group_h
        parts.append(f'<text x="{left - 8}" y="{y0 + group_h / 2 + 2:.1f}" text-anchor="end" font-size="13">{_e(lab)}</text>')
        for j, o in enumerate(orgs):
            v = shares[o][i]
            y = y0 + j * bar_h
            parts.append(f'<rect x="{left}" y="{y}" width="{v * scale:.1f}" height="{bar_h - 2}" fill="{PALETTE[j % len(PALETTE)]}"><title>{_e(o)}: {_pct(v)}</title></rect>')
            parts.append(f'<text x="{left + v * scale + 4:.1f}" y="{y + bar_h - 3}" font-size="10" fill="#333">{_pct(v)}</text>')
    for j, o in enumerate(orgs):
        lx, ly = left + (j % 3) * 270, 14 + 24 * (j // 3)
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="14" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>')
        parts.append(f'<text x="{lx + 20}" y="{ly}" font-size="12">{_e(o)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _heat_colour(v: int, vmax: int) -> tuple[str, str]:
    if not v:
        return "#ffffff", "#9aa5b1"
    a = 0.12 + 0.88 * v / (vmax or 1)
    r, g, b = (int(255 + (c - 255) * a) for c in (31, 95, 153))
    return f"#{r:02x}{g:02x}{b:02x}", "#ffffff" if a > 0.55 else "#1d2733"


def _table(headers: list[str], rows: list[list], numeric: set[int] = frozenset(), cls: str = "") -> str:
    out = [f'<table class="{cls}"><thead><tr>' + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr></thead><tbody>"]
    for r in rows:
        out.append("<tr>" + "".join(f'<td class="n">{_e(v)}</td>' if j in numeric else f"<td>{_e(v)}</td>"
                                    for j, v in enumerate(r)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _prepare(frame, redact: bool):
    frame = normalise_frame(frame)
    return redact_frame(frame) if redact and len(frame) else frame


def render_html(frame, taxonomy: Taxonomy, *, lang: str = "sv", title: str | None = None, redact: bool = True,
                discovered=None, filters: str | None = None) -> str:
    """One self-contained HTML page (inline CSS, inline SVG charts, nothing fetched)."""
    t, h = TEXTS[lang], HEADINGS[lang]
    frame = _prepare(frame, redact)
    title = title or t["title"]
    hl = headline(frame)
    summary = theme_summary(frame, taxonomy, lang=lang)
    by_group = theme_by_group(frame, taxonomy, lang=lang)
    has_units = by_group is not None
    out = ['<!DOCTYPE html>', f'<html lang="{lang}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>",
           f"<h1>{_e(title)}</h1>"]
    meta = [t["generated"], f"{h['theme'].lower()}: {taxonomy.name}"]
    if filters:
        meta.append(f"{t['filters'].lower()}: {filters}")
    out.append(f'<p class="meta">{_e(" · ".join(meta))}</p>')
    out.append(f'<p class="note">{_e(t["masked"])}</p>' if redact else f'<p class="note warn">{_e(t["unmasked"])}</p>')
    period = f"{hl['period'][0]} – {hl['period'][1]}" if hl["period"] else "–"
    cards = [(t["suggestions"], hl["suggestions"]), (t["units"], hl["units"] if has_units else "–"),
             (t["period"], period), (t["themes"], hl["themes"])]
    out.append('<div class="cards">' + "".join(f'<div class="card"><div class="k">{_e(k)}</div><div class="v{" small" if len(str(v)) > 12 else ""}">{_e(v)}</div></div>'
                                               for k, v in cards) + "</div>")
    if not len(frame):
        out.append(f"<p>{_e(t['none'])}</p></main></body></html>")
        return "\n".join(out)

    recs = summary.to_dict("records")
    # themes: chart + table
    order = sorted(range(len(recs)), key=lambda i: (-recs[i][h["count"]], i))
    out.append(f'<h2 class="first">{_e(t["themes_chart"])}</h2><div class="chart">')
    out.append(svg_bars([recs[i][h["theme"]] for i in order], [recs[i][h["count"]] for i in order],
                        [recs[i][h["share"]] for i in order]))
    out.append("</div>")
    headers = [h["theme"], h["count"], h["share"]] + ([h["units"], h["top_unit"], h["top_share"], h["flag"]] if has_units else [])
    rows_html = []
    for i in order:
        r = recs[i]
        cells = [f"<td>{_e(r[h['theme']])}</td>", f'<td class="n">{r[h["count"]]}</td>', f'<td class="n">{_pct(r[h["share"]])}</td>']
        if has_units:
            flag = r[h["flag"]]
            cls = "flag-loud" if flag == h["loud"] else "flag-broad" if flag == h["broad"] else ""
            cells += [f'<td class="n">{r[h["units"]]}</td>', f"<td>{_e(r[h['top_unit']])}</td>",
                      f'<td class="n">{_pct(r[h["top_share"]])}</td>', f'<td class="{cls}">{_e(flag)}</td>']
        rows_html.append("<tr>" + "".join(cells) + "</tr>")
    out.append("<table><thead><tr>" + "".join(f"<th>{_e(x)}</th>" for x in headers) + "</tr></thead><tbody>"
               + "".join(rows_html) + "</tbody></table>")

    # heatmap theme × unit
    out.append(f"<h2>{_e(t['heatmap'])}</h2>")
    if has_units:
        unit_head = by_group.columns[0]
        total_head = by_group.columns[-1]
        theme_cols = [c for c in by_group.columns[1:-1]]
        vmax = max((int(v) for c in theme_cols for v in by_group[c]), default=0)
        hrow = "<tr>" + f"<th>{_e(unit_head)}</th>" + "".join(f"<th>{_e(c)}</th>" for c in theme_cols) + f"<th>{_e(total_head)}</th></tr>"
        body = []
        for rec in by_group.to_dict("records"):
            cells = [f"<td>{_e(rec[unit_head])}</td>"]
            for c in theme_cols:
                bg, fg = _heat_colour(int(rec[c]), vmax)
                cells.append(f'<td class="n" style="background:{bg};color:{fg}">{int(rec[c])}</td>')
            cells.append(f'<td class="n"><b>{int(rec[total_head])}</b></td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
        out.append(f'<table class="heat"><thead>{hrow}</thead><tbody>{"".join(body)}</tbody></table>')
    else:
        out.append(f'<p class="note">{_e(t["no_units"])}</p>')

    # trend per month
    months, per, total = monthly(frame, taxonomy)
    out.append(f"<h2>{_e(t['trend'])}</h2>")
    if months:
        top = [tid for tid in sorted(taxonomy.ids, key=lambda x: -sum(per[x]))[:5] if sum(per[tid])]
        out.append('<div class="chart">' + svg_trend(months, [(taxonomy.label(x, lang), per[x]) for x in top], total,
                                                     total_label=t["total"]) + "</div>")
    else:
        out.append(f'<p class="note">{_e(t["no_dates"])}</p>')

    # breadth vs volume
    if has_units:
        out.append(f"<h2>{_e(t['scatter'])}</h2>")
        pts = [(r[h["theme"]], int(r[h["count"]]), int(r[h["units"]]), r[h["flag"]] == h["loud"]) for r in recs if r[h["count"]]]
        out.append('<div class="chart">' + svg_scatter(pts, x_label=t["x_axis"], y_label=t["y_axis"],
                                                       loud_label=t["loud_legend"], other_label=t["other_legend"]) + "</div>")

    # comparison
    cmp = compare_table(frame, taxonomy, lang=lang)
    if cmp is not None:
        orgs = list(cmp.columns[1:])
        out.append(f"<h2>{_e(t['compare'])}</h2>")
        body = cmp.iloc[:-1]
        out.append('<div class="chart">' + svg_grouped(list(body[h["theme"]]), orgs, {o: list(body[o]) for o in orgs}) + "</div>")
        rows = [[r[h["theme"]], *(_pct(r[o]) for o in orgs)] for r in body.to_dict("records")]
        rows.append([cmp.iloc[-1][h["theme"]], *(int(cmp.iloc[-1][o]) for o in orgs)])
        out.append(_table([h["theme"], *orgs], rows, numeric=set(range(1, len(orgs) + 1))))

    # per theme
    out.append(f"<h2>{_e(t['per_theme'])}</h2>")
    for i in order:
        r = recs[i]
        tid = r[h["id"]]
        th = taxonomy[tid]
        desc = (th.description_en or th.description) if lang == "en" else th.description
        out.append(f'<section class="theme"><h3>{_e(r[h["theme"]])} <span class="unit">· {r[h["count"]]} ({_pct(r[h["share"]])})'
                   + (f" · {_e(r[h['flag']])}" if has_units and r[h["flag"]] else "") + "</span></h3>")
        if desc:
            out.append(f'<p class="desc">{_e(desc)}</p>')
        terms = key_terms(frame, tid)
        if terms:
            out.append(f'<div class="terms"><b>{_e(t["terms"])}:</b> ' + "".join(f"<span>{_e(x)}</span>" for x in terms) + "</div>")
        ex = representative(frame, tid)
        if ex:
            out.append(f'<div><b>{_e(t["examples"])}:</b><ol>' + "".join(
                f"<li>{_e(_clip(tx))}" + (f' <span class="unit">— {_e(g)}</span>' if g else "") + "</li>" for tx, g in ex) + "</ol></div>")
        elif not r[h["count"]]:
            out.append(f'<p class="note">{_e(t["no_examples"])}</p>')
        out.append("</section>")

    # duplicates
    dups = duplicate_groups(frame)
    if dups:
        out.append(f"<h2>{_e(t['duplicates'])}</h2>")
        for key, members in dups:
            out.append(f'<div class="dup"><b>{_e(t["dup_group"])} {_e(key)}</b> ({len(members)})<ul>' + "".join(
                f"<li>{_e(_clip(tx, 300))}" + (f' <span class="unit">— {_e(g)}</span>' if g else "") + "</li>" for tx, g in members[:10])
                + "</ul></div>")
    if discovered is not None:
        out.append(_discovered_html(discovered, lang))
    out.append("</main></body></html>")
    return "\n".join(out)


def _discovered_html(discovered, lang: str) -> str:
    """Extra themes found outside the taxonomy: a list of (label, count, terms) or a DataFrame."""
    head = "Möjliga nya teman" if lang == "sv" else "Possible new themes"
    try:
        rows = discovered.to_dict("records") if hasattr(discovered, "to_dict") else list(discovered)
    except Exception:  # noqa: BLE001
        return ""
    if not rows:
        return ""
    if isinstance(rows[0], dict):
        headers = list(rows[0].keys())
        return f"<h2>{_e(head)}</h2>" + _table(headers, [[r.get(k) for k in headers] for r in rows])
    return f"<h2>{_e(head)}</h2>" + _table([], [list(r) if isinstance(r, (list, tuple)) else [r] for r in rows])


# ------------------------------------------------------------------------------------------------
# Markdown


def _md_cell(v) -> str:
    s = "" if v is None or (isinstance(v, float) and v != v) else str(v)
    return " ".join(s.split()).replace("\\", "\\\\").replace("|", "\\|")


def _md_table(headers: list[str], rows: list[list], right: set[int] = frozenset()) -> str:
    lines = ["| " + " | ".join(_md_cell(x) for x in headers) + " |",
             "|" + "|".join("---:" if j in right else "---" for j in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(_md_cell(x) for x in r) + " |" for r in rows]
    return "\n".join(lines)


def render_markdown(frame, taxonomy: Taxonomy, *, lang: str = "sv", title: str | None = None, redact: bool = True,
                    discovered=None, filters: str | None = None) -> str:
    """Headline figures and tables (themes; theme × unit; comparison) to paste into minutes."""
    t, h = TEXTS[lang], HEADINGS[lang]
    frame = _prepare(frame, redact)
    hl = headline(frame)
    period = f"{hl['period'][0]} – {hl['period'][1]}" if hl["period"] else "–"
    out = [f"# {_md_cell(title or t['title'])}", ""]
    out.append(f"{t['suggestions']}: {hl['suggestions']} · {t['units']}: {hl['units']} · {t['period']}: {period} · "
               f"{t['themes']}: {hl['themes']}")
    if filters:
        out.append(f"\n{t['filters']}: {_md_cell(filters)}")
    out.append("")
    summary = theme_summary(frame, taxonomy, lang=lang)
    by_group = theme_by_group(frame, taxonomy, lang=lang)
    has_units = by_group is not None
    recs = sorted(summary.to_dict("records"), key=lambda r: -r[h["count"]])
    headers = [h["theme"], h["count"], h["share"]] + ([h["units"], h["flag"]] if has_units else [])
    rows = [[r[h["theme"]], r[h["count"]], _pct(r[h["share"]])] + ([r[h["units"]], r[h["flag"]]] if has_units else [])
            for r in recs]
    out += [f"## {t['themes']}", "", _md_table(headers, rows, {1, 2, 3}), ""]
    if has_units:
        cols = list(by_group.columns)
        out += [f"## {t['heatmap']}", "", _md_table(cols, by_group.values.tolist(), set(range(1, len(cols)))), ""]
    cmp = compare_table(frame, taxonomy, lang=lang)
    if cmp is not None:
        orgs = list(cmp.columns[1:])
        rows = [[r[h["theme"]], *(_pct(r[o]) for o in orgs)] for r in cmp.iloc[:-1].to_dict("records")]
        rows.append([cmp.iloc[-1][h["theme"]], *(int(cmp.iloc[-1][o]) for o in orgs)])
        out += [f"## {t['compare']}", "", _md_table([h["theme"], *orgs], rows, set(range(1, len(orgs) + 1))), ""]
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------
# Excel


def write_report_xlsx(frame, taxonomy: Taxonomy, target: Path, *, lang: str = "sv", title: str | None = None,
                      redact: bool = True) -> None:
    """classify's tables plus comparison/month data and a 'Diagram' sheet of native Excel charts."""
    t, h, c = TEXTS[lang], HEADINGS[lang], COLS[lang]
    frame = _prepare(frame, redact)
    rows = result_table(frame.drop(columns=[ORG], errors="ignore"), taxonomy, lang=lang)
    summary = theme_summary(frame, taxonomy, lang=lang)
    by_group = theme_by_group(frame, taxonomy, lang=lang)
    cmp = compare_table(frame, taxonomy, lang=lang)
    months = monthly_table(frame, taxonomy, lang=lang)
    month_sheet = t["trend"][:31]
    cmp_sheet = t["compare"]
    if cmp is not None:  # shares as percentages: headers 'Andel <org> (n=..)' get the % format
        sizes = cmp.iloc[-1]
        cmp = cmp.iloc[:-1].rename(columns={o: f"{h['share']} {o} (n={int(sizes[o])})" for o in cmp.columns[1:]})
    sheets = [(c["sheet_rows"], rows), (c["sheet_themes"], summary), (c["sheet_units"], by_group),
              (cmp_sheet, cmp), (month_sheet, months)]

    def charts(wb) -> None:
        ws = wb.add_worksheet("Diagram")
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.write_string(0, 0, fit_cell(title or t["title"]), wb.add_format({"bold": True, "font_size": 16}))
        row = 2
        n = len(summary)
        if n:
            cols = list(summary.columns)
            ci, cc = cols.index(h["theme"]), cols.index(h["count"])
            ch = wb.add_chart({"type": "bar"})
            ch.add_series({"name": h["count"], "categories": [c["sheet_themes"], 1, ci, n, ci],
                           "values": [c["sheet_themes"], 1, cc, n, cc], "fill": {"color": PALETTE[0]},
                           "data_labels": {"value": True}})
            ch.set_title({"name": t["themes_chart"]})
            ch.set_legend({"none": True})
            ch.set_y_axis({"reverse": True})
            ch.set_size({"width": 900, "height": 420})
            ws.insert_chart(row, 0, ch)
            row += 22
        if by_group is not None and len(by_group):
            m = len(by_group)
            ch = wb.add_chart({"type": "bar", "subtype": "stacked"})
            for j, _col in enumerate(by_group.columns[1:-1], start=1):
                ch.add_series({"name": [c["sheet_units"], 0, j], "categories": [c["sheet_units"], 1, 0, m, 0],
                               "values": [c["sheet_units"], 1, j, m, j], "fill": {"color": PALETTE[(j - 1) % len(PALETTE)]}})
            ch.set_title({"name": t["heatmap"]})
            ch.set_y_axis({"reverse": True})
            ch.set_legend({"position": "bottom"})
            ch.set_size({"width": 900, "height": max(420, 60 + 22 * m)})
            ws.insert_chart(row, 0, ch)
            row += max(22, (60 + 22 * m) // 20 + 2)
        if months is not None and len(months):
            k = len(months)
            ch = wb.add_chart({"type": "line"})
            counts = {col: int(months[col].sum()) for col in months.columns[2:]}
            top = [col for col in sorted(counts, key=lambda x: -counts[x])[:5] if counts[col]]
            ch.add_series({"name": [month_sheet, 0, 1], "categories": [month_sheet, 1, 0, k, 0],
                           "values": [month_sheet, 1, 1, k, 1], "line": {"color": "#888888", "width": 2.5}})
            for j, col in enumerate(top):
                ci = list(months.columns).index(col)
                ch.add_series({"name": [month_sheet, 0, ci], "categories": [month_sheet, 1, 0, k, 0],
                               "values": [month_sheet, 1, ci, k, ci], "line": {"color": PALETTE[j % len(PALETTE)]}})
            ch.set_title({"name": t["trend"]})
            ch.set_legend({"position": "bottom"})
            ch.set_size({"width": 900, "height": 420})
            ws.insert_chart(row, 0, ch)

    write_xlsx(sheets, target, title=title or t["title"], charts=charts)


# ------------------------------------------------------------------------------------------------
# writers


def write_report(frame, taxonomy: Taxonomy, target: Path, *, lang: str = "sv", title: str | None = None,
                 redact: bool = True, discovered=None, filters: str | None = None) -> None:
    """Write one report file; the format follows the extension (.html/.htm, .md, .xlsx). Atomic."""
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        write_report_xlsx(frame, taxonomy, target, lang=lang, title=title, redact=redact)
        return
    if suffix in (".html", ".htm"):
        text = render_html(frame, taxonomy, lang=lang, title=title, redact=redact, discovered=discovered, filters=filters)
    elif suffix == ".md":
        text = render_markdown(frame, taxonomy, lang=lang, title=title, redact=redact, filters=filters)
    else:
        from forbattra.errors import OutputError

        raise OutputError(f"{target}: unknown report format {target.suffix or '(none)'}; use one of {', '.join(REPORT_SUFFIXES)}")
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def check_report_outputs(outs: list[Path], inputs: list[Path]) -> None:
    """Refuse unknown report extensions and outputs that would overwrite an input, before any work."""
    from forbattra.outputs.writers import check_outputs

    check_outputs(outs, inputs, suffixes=REPORT_SUFFIXES, kind="report")


def set_org_from_column(frame, column: str, source: str):
    """Use an original column (kommun/förvaltning) as the organisation for comparisons."""
    match = next((c for c in frame.columns if c not in INTERNAL and (c == column or str(c).casefold() == column.casefold())), None)
    if match is None:
        cols = [c for c in frame.columns if c not in INTERNAL and c not in (THEMES, SCORES, EVIDENCE, STATUS, ORG)]
        raise ColumnError(f"{source}: no column {column!r} for --compare-column; columns found: "
                          f"{', '.join(repr(x) for x in cols)}")
    return frame.assign(**{ORG: [(str(v).strip() or None) if v is not None else None for v in frame[match]]})


__all__ = [
    "load_classified", "is_classified_output", "normalise_frame", "check_themes", "filter_frame", "redact_frame", "headline",
    "monthly", "key_terms", "representative", "duplicate_groups", "compare_table", "render_html",
    "render_markdown", "write_report_xlsx", "write_report", "check_report_outputs", "set_org_from_column",
    "svg_bars", "svg_trend", "svg_scatter", "svg_grouped", "TRUNCATION_MARK",
]
