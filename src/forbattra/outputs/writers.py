"""Writers for per-row results (.xlsx, .csv, .jsonl) — atomic, deterministic, injection-safe.

Every writer renders to a temporary file beside the target and renames it into place, so a crash
never leaves half a file where last night's good one was. Spreadsheet cells are always written as
text, never as formulas; CSV cells that Excel would evaluate (``=``, ``+``, ``-``, ``@``) get a
leading apostrophe. ``.jsonl`` keeps the text exactly.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

from forbattra.errors import OutputError
from forbattra.scoring.pipeline import EVIDENCE, SCORES, STATUS, THEMES
from forbattra.inputs.tables import DATE, GROUP, ID, INTERNAL, ROW, TEXT
from forbattra.taxonomy import Taxonomy

EXCEL_CELL_LIMIT = 32_767
TRUNCATION_MARK = " … [avkortad, se .jsonl]"
OUTPUT_SUFFIXES = (".xlsx", ".csv", ".jsonl")
FIXED_TIME = datetime(2000, 1, 1)  # document properties: no wall-clock time, so output is reproducible

COLS = {
    "sv": {"theme": "Tema", "all": "Alla teman", "ids": "Tema-id", "conf": "Säkerhet", "why": "Motivering",
           "status": "Status", "fix": "Rättat tema", "row": "Rad", "sheet_rows": "Förslag",
           "sheet_themes": "Teman", "sheet_units": "Tema per enhet", "sheet_dups": "Dubbletter",
           "sheet_info": "Om körningen"},
    "en": {"theme": "Theme", "all": "All themes", "ids": "Theme ids", "conf": "Confidence", "why": "Evidence",
           "status": "Status", "fix": "Corrected themes", "row": "Row", "sheet_rows": "Suggestions",
           "sheet_themes": "Themes", "sheet_units": "Themes by unit", "sheet_dups": "Duplicates",
           "sheet_info": "About this run"},
}
CORRECTION_COLUMNS = {COLS["sv"]["fix"], COLS["en"]["fix"]}


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get normal permissions
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_outputs(outs: list[Path], inputs: list[Path], *, suffixes=OUTPUT_SUFFIXES, kind: str = "output") -> None:
    """Refuse unknown extensions and outputs that would overwrite an input, before any work."""
    resolved_inputs = {p.resolve() for p in inputs}
    for o in outs:
        if o.suffix.lower() not in suffixes:
            raise OutputError(f"{o}: unknown {kind} format {o.suffix or '(none)'}; use one of {', '.join(suffixes)}")
        if o.resolve() in resolved_inputs:
            raise OutputError(f"{o}: refusing to overwrite the input file; choose another --out")
        if o.exists() and o.is_dir():
            raise OutputError(f"{o}: is a directory; give a file name")


def safe_cell(value: str) -> str:
    """CSV-safe text: prefix ``'`` where Excel would start a formula."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def fit_cell(value: str) -> str:
    """Truncate text longer than an Excel cell holds, with a visible marker."""
    if len(value) <= EXCEL_CELL_LIMIT:
        return value
    return value[: EXCEL_CELL_LIMIT - len(TRUNCATION_MARK)] + TRUNCATION_MARK


def evidence_text(row_evidence: dict, themes: list[str], taxonomy: Taxonomy, lang: str) -> str:
    parts = []
    for t in themes:
        ev = row_evidence.get(t) or []
        if ev:
            parts.append(f"{taxonomy.label(t, lang)}: {', '.join(ev)}")
    return "; ".join(parts)


def result_table(frame, taxonomy: Taxonomy, *, lang: str = "sv", redact: Callable[[str], str] | None = None):
    """The per-row sheet: original columns + theme columns, as strings, input order."""
    import pandas as pd

    c = COLS[lang]
    orig = [col for col in frame.columns if col not in INTERNAL and col not in (THEMES, SCORES, EVIDENCE, STATUS)]
    out = frame[orig].copy() if orig else pd.DataFrame(index=frame.index)
    if redact is not None:
        for col in orig:
            out[col] = [redact(v) if isinstance(v, str) else v for v in out[col]]
    out[c["theme"]] = [taxonomy.label(ts[0], lang) for ts in frame[THEMES]]
    out[c["all"]] = ["; ".join(taxonomy.label(t, lang) for t in ts) for ts in frame[THEMES]]
    out[c["ids"]] = ["|".join(ts) for ts in frame[THEMES]]
    out[c["conf"]] = [round(sc.get(ts[0], 0.0), 2) for ts, sc in zip(frame[THEMES], frame[SCORES])]
    out[c["why"]] = [evidence_text(ev, ts, taxonomy, lang) for ev, ts in zip(frame[EVIDENCE], frame[THEMES])]
    out[c["status"]] = list(frame[STATUS])
    if c["fix"] not in out.columns:
        out[c["fix"]] = ""
    return out


def dumps_line(obj) -> str:
    """One JSON Lines record: UTF-8 text kept as is, anything unusual (dates, paths) as its string."""
    return json.dumps(obj, ensure_ascii=False, default=str) + "\n"


def write_records(records: Iterable[dict], target: Path) -> None:
    """A ``.jsonl`` file of ``records``, one object per line, atomically."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(dumps_line(rec))


def write_outputs(targets: list[Path], *, table, sheets: list[tuple[str, object]], records: Iterable[dict] | None = None,
                  title: str = "forbattra", csv_delimiter: str = ";") -> None:
    """Write one result to every target by its suffix: the one dispatch for every command's outputs.

    ``.jsonl`` gets ``records`` (default: ``table``'s rows), ``.csv`` gets ``table``, ``.xlsx`` gets ``sheets``.
    """
    for target in targets:
        suffix = target.suffix.lower()
        if suffix == ".jsonl":
            write_records(table.to_dict("records") if records is None else records, target)
        elif suffix == ".csv":
            write_csv(table, target, delimiter=csv_delimiter)
        elif suffix == ".xlsx":
            write_xlsx(sheets, target, title=title)
        else:
            raise OutputError(f"{target}: unknown output format {suffix or '(none)'}; use one of {', '.join(OUTPUT_SUFFIXES)}")


def write_jsonl(frame, target: Path, *, redact: Callable[[str], str] | None = None) -> None:
    """The scripting contract: one object per input row, in input order."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        append_jsonl(frame, fh, redact=redact)


def append_jsonl(frame, fh, *, redact: Callable[[str], str] | None = None) -> None:
    """Write the JSONL lines of ``frame`` to an open text file."""
    for row, id_, text, group, date, themes, scores, evidence, status in zip(
        frame[ROW], frame[ID], frame[TEXT], frame[GROUP], frame[DATE], frame[THEMES], frame[SCORES],
        frame[EVIDENCE], frame[STATUS],
    ):
        obj = {"row": int(row), "id": id_, "text": redact(text) if redact else text, "group": group,
               "date": date, "themes": list(themes), "scores": scores, "evidence": evidence, "status": status}
        fh.write(dumps_line(obj))


def write_csv(table, target: Path, *, delimiter: str = ";") -> None:
    """Excel-friendly CSV for Swedish users: UTF-8 with BOM, ``;`` by default, CRLF."""

    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        append_csv(table, fh, delimiter=delimiter, header=True)


def append_csv(table, fh, *, delimiter: str = ";", header: bool = False) -> None:
    """Write ``table``'s rows (and optionally its header) to an open CSV file."""
    import csv

    w = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        w.writerow([safe_cell(str(h)) for h in table.columns])
    for rec in table.itertuples(index=False, name=None):
        w.writerow([safe_cell(_str(v)) for v in rec])


def _str(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        return f"{v:.2f}".rstrip("0").rstrip(".") if not v.is_integer() else str(int(v))
    return str(v)


def write_xlsx(sheets: list[tuple[str, object]], target: Path, *, title: str = "forbattra",
               charts: Callable | None = None, dropdowns: dict[str, tuple[str, list[str]]] | None = None) -> None:
    """Write DataFrames as sheets: frozen header, autofilter, widths; text never becomes a formula.

    ``dropdowns``: sheet name → (column header, allowed values): that column gets a drop-down list.
    """
    import xlsxwriter

    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False, "nan_inf_to_errors": True})
        wb.set_properties({"title": title, "author": "forbattra", "created": FIXED_TIME, "comments": ""})
        head = wb.add_format({"bold": True, "bg_color": "#DDE6F0", "text_wrap": True, "valign": "top", "border": 1})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        top = wb.add_format({"valign": "top"})
        pct = wb.add_format({"num_format": "0%", "valign": "top"})
        pending: list = []
        for name, table in sheets:
            if table is None:
                continue
            ws = wb.add_worksheet(name[:31])
            cols = [str(c) for c in table.columns]
            for j, col in enumerate(cols):
                ws.write_string(0, j, col, head)
            widths = [min(max(len(col), 6), 40) for col in cols]
            for i, rec in enumerate(table.itertuples(index=False, name=None), start=1):
                for j, v in enumerate(rec):
                    if v is None or (isinstance(v, float) and v != v):
                        continue
                    if isinstance(v, bool):
                        ws.write_string(i, j, str(v))
                    elif isinstance(v, (int, float)):
                        is_share = cols[j] in ("Andel", "Share") or cols[j].startswith(("Andel ", "Share "))
                        ws.write_number(i, j, v, pct if is_share else top)
                    else:
                        s = fit_cell(str(v))
                        ws.write_string(i, j, s, wrap if len(s) > 50 else top)
                        widths[j] = max(widths[j], min(len(s), 60))
            for j, wdt in enumerate(widths):
                ws.set_column(j, j, wdt + 2)
            ws.freeze_panes(1, 0)
            if len(cols):
                ws.autofilter(0, 0, max(len(table), 1), len(cols) - 1)
            ws.set_landscape()
            ws.fit_to_pages(1, 0)
            ws.repeat_rows(0)
            if dropdowns and name in dropdowns and dropdowns[name][0] in cols:
                pending.append((ws, cols.index(dropdowns[name][0]), len(table), dropdowns[name][1]))
        if charts is not None:
            charts(wb)
        for ws, col, n_rows, values in pending:  # after the data sheets: a list sheet, if any, comes last
            add_dropdown(wb, ws, col, n_rows, values)
        wb.close()


def add_dropdown(wb, ws, col: int, n_rows: int, values: list[str]) -> None:
    """A drop-down list of ``values`` on rows 2..n+1 of column ``col`` (e.g. *Rättat tema*).

    Excel limits an inline list to 255 characters; longer lists go to a hidden sheet and the
    validation refers to that range. Other input is allowed after a warning, so several themes
    can still be typed (``Lön | Schema``).
    """
    if not values or n_rows < 1:
        return
    opts = {"validate": "list", "error_type": "warning", "error_title": "Okänt tema",
            "error_message": "Välj ett tema i listan, eller skriv flera åtskilda med |"}
    if len(",".join(values)) <= 255 and not any("," in v for v in values):
        opts["source"] = list(values)
    else:
        lists = wb.get_worksheet_by_name("Listor") or wb.add_worksheet("Listor")
        lists.hide()
        for i, v in enumerate(values):
            lists.write_string(i, 0, v)
        opts["source"] = f"=Listor!$A$1:$A${len(values)}"
    ws.data_validation(1, col, n_rows, col, opts)
