"""Read what municipalities export: Excel (.xlsx/.xlsm/.xls/.ods) and delimited text (.csv/.tsv/.txt).

``read_suggestions(path, ...)`` returns a :class:`Suggestions` with

* ``frame``: every data row, in input order, all original columns as strings, plus internal columns
  ``ROW`` (1-based data row), ``ID``, ``TEXT``, ``GROUP``, ``DATE``, ``PERSON``;
* ``columns``: which input columns were chosen for text/id/group/date/person and why;
* ``info``: format, encoding, delimiter, sheet and header row actually used.

Nothing here prints; the CLI reports ``info`` and ``columns``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from forbattra.errors import ColumnError, InputFileError

# Internal column names (never clash with user columns: they start with an underscore).
ROW, ID, TEXT, GROUP, DATE, PERSON = "_row", "_id", "_text", "_group", "_date", "_person"
INTERNAL = (ROW, ID, TEXT, GROUP, DATE, PERSON)

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
MAX_UNCOMPRESSED = 2_000_000_000  # bytes inside an .xlsx/.ods we are willing to inflate
MAX_RATIO = 200  # compression ratio above which a large member is treated as a zip bomb

_TEXT_NAMES = [
    r"beskriv.*förslag", r"förbättringsförslag", r"^förslag", r"förslag$", r"förslag\b", r"förslag på lösning",
    r"beskrivning", r"synpunkt", r"^idé", r"idé\b", r"förbättring", r"problem", r"^text$", r"fritext",
    r"kommentar", r"suggestion", r"proposal", r"description", r"idea", r"comment", r"feedback", r"text",
]
_ID_NAMES = [r"^id$", r"^id\b", r"löpnummer", r"förslagsnummer", r"förslags?-?id", r"ärendenummer", r"^nr$",
             r"^nummer$", r"\bid$", r"^ref", r"^#$", r"identifier", r"number$"]
# Columns forbattra itself writes: never auto-detected as input roles when an output is read back.
_OWN_OUTPUT = {"tema", "alla teman", "tema-id", "säkerhet", "motivering", "status", "rättat tema", "theme",
               "all themes", "theme ids", "confidence", "evidence", "corrected themes"}
_GROUP_NAMES = [r"^enhet", r"enhet$", r"\benhet\b", r"avdelning", r"arbetsplats", r"arbetsgrupp",
                r"verksamhet$", r"^verksamhet", r"^team$", r"^unit", r"\bunit\b", r"department", r"^grupp$",
                r"förvaltning", r"^kommun$", r"^sektion", r"^område"]
_DATE_NAMES = [r"datum", r"inskick", r"inkom", r"skapad", r"registrerad", r"tids?st[äa]mpel", r"tidpunkt",
               r"^date", r"created", r"submitted", r"timestamp", r"completion time", r"sluttid", r"start time",
               r"starttid", r"^tid$"]
_PERSON_NAMES = [r"^namn$", r"ditt namn", r"inlämnad av", r"inskickad av", r"förslagsställare",
                 r"medarbetare$", r"^name$", r"submitted by", r"^person", r"kontaktperson", r"e-?post", r"email"]
_DATE_RE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}/\d{1,2}/\d{1,2})")


@dataclass
class ReadInfo:
    """How a file was read (printed by the CLI so users see what was detected)."""

    path: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = 1  # 1-based line/row number of the header in the file
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Columns:
    """The input columns chosen for each role (``text`` may join several columns)."""

    text: tuple[str, ...]
    id: str | None = None
    group: str | None = None
    date: str | None = None
    person: str | None = None
    text_reason: str = "name"


@dataclass
class Suggestions:
    """Rows read from an export plus what was detected about it."""

    frame: "pd.DataFrame"  # noqa: F821
    columns: Columns
    info: ReadInfo

    @property
    def original_columns(self) -> list[str]:
        """The user's own columns, in file order."""
        return [c for c in self.frame.columns if c not in INTERNAL]


# --------------------------------------------------------------------------------------------
# Raw tables


def read_table(path: str | Path, *, sheet: str | None = None, encoding: str | None = None,
               delimiter: str | None = None) -> tuple[list[str], list[list[str]], ReadInfo]:
    """Read any supported file into a header and string rows, detecting format and layout."""
    p = Path(path)
    if not p.exists():
        raise InputFileError(f"{p}: no such file; check the path")
    if p.is_dir():
        raise InputFileError(f"{p}: is a directory; give a spreadsheet or CSV file")
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputFileError(f"{p}: cannot be read ({exc.strerror})") from None
    if p.stat().st_size == 0:
        raise InputFileError(f"{p}: the file is empty (0 bytes); export the data again")
    suffix = p.suffix.lower()
    if head.startswith(b"PK\x03\x04") or suffix in {".xlsx", ".xlsm", ".ods"}:
        if not head.startswith(b"PK"):
            if head.startswith(b"\xd0\xcf\x11\xe0") and suffix in {".xlsx", ".xlsm"}:
                raise InputFileError(
                    f"{p}: the workbook is password-protected or encrypted; open it in Excel, remove the "
                    "password (File > Info > Protect Workbook) and save a copy")
            raise InputFileError(f"{p}: not a valid {suffix} file (it is not a zip archive); "
                                 "re-export it from Excel or save it as .csv")
        return _read_spreadsheet(p, "ods" if _is_ods(p) else "xlsx", sheet)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_spreadsheet(p, "xls", sheet)
    if suffix in SPREADSHEET_SUFFIXES:
        raise InputFileError(f"{p}: not a valid {suffix} file; re-export it from Excel or save it as .csv")
    if sheet is not None:
        raise InputFileError(f"{p}: --sheet applies to spreadsheets, but this is a text file")
    return _read_delimited(p, encoding=encoding, delimiter=delimiter)


def _is_ods(p: Path) -> bool:
    try:
        with zipfile.ZipFile(p) as zf:
            return "content.xml" in zf.namelist() and "xl/workbook.xml" not in zf.namelist()
    except zipfile.BadZipFile:
        return False


def _check_zip(p: Path) -> None:
    """Refuse truncated archives and zip bombs before any XML is inflated."""
    try:
        with zipfile.ZipFile(p) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if info.file_size > 50_000_000 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                    raise InputFileError(f"{p}: refused: {info.filename} would inflate {info.file_size:,} bytes "
                                         f"from {info.compress_size:,} (a zip bomb?)")
            if total > MAX_UNCOMPRESSED:
                raise InputFileError(f"{p}: refused: the workbook would inflate to {total:,} bytes (a zip bomb?)")
            bad = zf.testzip() if p.stat().st_size < 50_000_000 else None
            if bad:
                raise InputFileError(f"{p}: the file is damaged ({bad} is corrupt); re-export it")
    except zipfile.BadZipFile:
        raise InputFileError(f"{p}: the file is damaged or truncated (not a complete zip archive); "
                             "re-export it from Excel") from None


def _read_spreadsheet(p: Path, kind: str, sheet: str | None) -> tuple[list[str], list[list[str]], ReadInfo]:
    if kind in ("xlsx", "ods"):
        _check_zip(p)
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(p))
        names = list(wb.sheet_names)
    except InputFileError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "password" in msg.lower() or "encrypt" in msg.lower():
            raise InputFileError(f"{p}: the workbook is password-protected; remove the password and save a copy") from None
        raise InputFileError(f"{p}: cannot read the workbook ({msg}); re-export it or save it as .csv") from None
    if sheet is not None:
        if sheet not in names:
            if sheet.isdigit() and 1 <= int(sheet) <= len(names):
                sheet = names[int(sheet) - 1]
            else:
                raise InputFileError(f"{p}: no sheet named {sheet!r}; sheets: {', '.join(names)}")
        candidates = [sheet]
    else:
        candidates = names
    best: tuple[float, str, list[list[str]], int] | None = None
    for name in candidates:
        try:
            ws = wb.get_sheet_by_name(name)
            raw = ws.to_python(skip_empty_area=False)
            merged = getattr(ws, "merged_cell_ranges", None) or []
        except Exception as exc:
            if sheet is not None:
                raise InputFileError(f"{p}: cannot read sheet {name!r} ({exc})") from None
            continue
        rows = [[_cell_str(v) for v in r] for r in raw]
        _fill_merged(rows, merged)
        header_idx = _find_header(rows)
        score = _sheet_score(rows, header_idx)
        if best is None or score > best[0]:
            best = (score, name, rows, header_idx)
    if best is None:
        raise InputFileError(f"{p}: no readable sheet found")
    _, name, rows, header_idx = best
    info = ReadInfo(path=str(p), format=kind, sheet=name, header_row=header_idx + 1)
    if len(names) > 1 and sheet is None:
        info.notes.append(f"sheet {name!r} chosen among {len(names)} (use --sheet to pick another)")
    header, data = _split_header(rows, header_idx)
    return header, data, info


def _cell_str(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if hasattr(v, "isoformat"):
        s = v.isoformat()
        return s[:10] if s.endswith("T00:00:00") or len(s) == 10 else s.replace("T", " ")
    return str(v)


def _fill_merged(rows: list[list[str]], merged: Sequence) -> None:
    """Copy a merged range's value into every cell it covers (header and group cells are often merged)."""
    for rng in merged:
        try:
            (r0, c0), (r1, c1) = rng
        except (TypeError, ValueError):
            continue
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                if r == r0 and c == c0:
                    continue
                # Header merges spread one title over several columns: only fill rows below the first
                # when the range is vertical (a unit name merged down over its suggestions).
                if r0 != r1 and c0 == c1 and not rows[r][c]:
                    rows[r][c] = value


def _find_header(rows: list[list[str]]) -> int:
    """Index of the header row: the first row that is as wide as the table and looks like labels."""
    scan = rows[:30]
    if not scan:
        return 0
    widths = [sum(1 for v in r if v.strip()) for r in scan]
    width = max(widths) if widths else 0
    if width <= 1:
        return next((i for i, w in enumerate(widths) if w), 0)
    for i, r in enumerate(scan):
        filled = [v for v in r if v.strip()]
        if len(filled) < max(2, int(width * 0.6)):
            continue  # a title row, a blank row or a note above the table
        labels = sum(1 for v in filled if len(v) <= 60 and not _is_number(v) and not _DATE_RE.match(v))
        if labels >= len(filled) * 0.8:
            return i
    return next((i for i, w in enumerate(widths) if w >= max(2, int(width * 0.6))), 0)


def _is_number(v: str) -> bool:
    try:
        float(v.replace(",", ".").replace(" ", ""))
        return True
    except ValueError:
        return False


def _sheet_score(rows: list[list[str]], header_idx: int) -> float:
    data = rows[header_idx + 1:]
    if not data:
        return 0.0
    text_chars = sum(len(v) for r in data[:500] for v in r if len(v) > 20 and not _is_number(v))
    return text_chars + len(data) * 0.01


def _split_header(rows: list[list[str]], header_idx: int) -> tuple[list[str], list[list[str]]]:
    if not rows:
        return [], []
    header = list(rows[header_idx])
    data = rows[header_idx + 1:]
    width = max([len(header)] + [len(r) for r in data]) if data else len(header)
    # Drop columns that are empty both in the header and in every row (spreadsheet padding).
    keep = [c for c in range(width)
            if (c < len(header) and header[c].strip()) or any(c < len(r) and r[c].strip() for r in data)]
    header = [header[c].strip() if c < len(header) else "" for c in keep]
    data = [[(r[c] if c < len(r) else "") for c in keep] for r in data]
    # Trailing blank rows are spreadsheet padding, not suggestions.
    while data and not any(v.strip() for v in data[-1]):
        data.pop()
    return _unique_names(header), data


def _unique_names(header: list[str]) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        base = name or f"Kolumn {i + 1}"
        new = base
        while new in seen:
            seen[base] += 1
            new = f"{base} ({seen[base]})"
        seen.setdefault(new, 1)
        seen.setdefault(base, 1)
        out.append(new)
    return out


# --------------------------------------------------------------------------------------------
# Delimited text


def decode_bytes(raw: bytes, encoding: str | None = None, *, path: str = "<input>") -> tuple[str, str]:
    """Decode file bytes, detecting UTF-8 (with/without BOM), UTF-16 and Windows-1252."""
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except LookupError:
            raise InputFileError(f"{path}: unknown encoding {encoding!r}; try utf-8, cp1252 or utf-16") from None
        except UnicodeDecodeError as exc:
            raise InputFileError(f"{path}: cannot decode as {encoding} (byte {exc.start}); "
                                 "try --encoding utf-8, cp1252 or utf-16") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        return _decode_lenient(raw[3:], "utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputFileError(f"{path}: damaged UTF-16 text; re-export it or give --encoding") from None
    if len(raw) >= 4 and raw[1:4:2] == b"\x00\x00" and raw[0:4:2] != b"\x00\x00":
        return raw.decode("utf-16-le", errors="replace"), "utf-16-le"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096]:
        raise InputFileError(f"{path}: this looks like a binary file, not text or CSV; "
                             "check the file or give --encoding")
    if _has_utf8_lines(raw):
        # Some lines are UTF-8 with å/ä/ö, others not: a file pasted together from two exports.
        return _decode_lenient(raw, "utf-8"), "utf-8+cp1252"
    from charset_normalizer import from_bytes

    # Swedish exports that are not UTF-8 are almost always Windows-1252 ("CSV (semikolonavgränsad)").
    best = from_bytes(raw[:200_000], cp_isolation=["cp1252", "iso8859_15", "mac_roman", "cp850"]).best()
    enc = best.encoding if best is not None else "cp1252"
    if enc in ("iso8859_15", "latin_1") or enc is None:
        enc = "cp1252"
    return _decode_lenient(raw, enc), enc


def _has_utf8_lines(raw: bytes) -> bool:
    """True when some non-ASCII lines are valid UTF-8 (so the file mixes encodings)."""
    for line in raw.splitlines()[:100_000]:
        if max(line, default=0) < 0x80:
            continue
        try:
            line.decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


def _decode_lenient(raw: bytes, enc: str) -> str:
    """Decode line by line so a file that mixes UTF-8 and cp1252 lines loses nothing."""
    try:
        return raw.decode(enc)
    except UnicodeDecodeError:
        pass
    out = []
    for line in raw.splitlines(keepends=True):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
    return "".join(out)


def sniff_delimiter(text: str) -> str:
    """The delimiter (``;`` ``,`` tab ``|``) that splits the first lines most consistently."""
    lines = [ln for ln in text.splitlines()[:60] if ln.strip()]
    if not lines:
        return ";"
    sample = "\n".join(lines)
    best, best_score = ";", -1.0
    for d in (";", "\t", ",", "|"):
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=d))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if r]
        if not widths:
            continue
        mode = max(set(widths), key=lambda w: (widths.count(w), w))
        if mode < 2:
            continue
        consistency = widths.count(mode) / len(widths)
        score = consistency * 10 + min(mode, 30) * 0.1
        if score > best_score:
            best, best_score = d, score
    return best


def _read_delimited(p: Path, *, encoding: str | None, delimiter: str | None) -> tuple[list[str], list[list[str]], ReadInfo]:
    raw = p.read_bytes()
    text, enc = decode_bytes(raw, encoding, path=str(p))
    if "\x00" in text:
        raise InputFileError(f"{p}: this looks like a binary file, not text or CSV; check the file or give --encoding")
    if delimiter:
        delim = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}.get(delimiter, delimiter)
        if len(delim) != 1:
            raise InputFileError(f"--delimiter must be one character (or 'tab'), got {delimiter!r}")
    else:
        delim = "\t" if p.suffix.lower() in (".tsv", ".tab") and "\t" in text[:10000] else sniff_delimiter(text)
    csv.field_size_limit(1 << 30)
    # Normalise mixed line endings; csv keeps newlines that are inside quoted cells.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]
    except csv.Error as exc:
        raise InputFileError(f"{p}: malformed delimited text ({exc}); check quoting or give --delimiter") from None
    # A line that is entirely empty is not a row (csv yields []), but keep rows of empty fields.
    rows = [r for r in rows if r != []]
    header_idx = _find_header(rows)
    info = ReadInfo(path=str(p), format="text", encoding=enc, delimiter=delim, header_row=header_idx + 1)
    header, data = _split_header(rows, header_idx)
    return header, data, info


# --------------------------------------------------------------------------------------------
# Column roles


def _match_score(name: str, patterns: list[str]) -> int:
    n = name.strip().casefold()
    for rank, pat in enumerate(patterns):
        if re.search(pat, n):
            return len(patterns) - rank
    return 0


def _resolve(name: str, header: list[str], role: str) -> str:
    if name in header:
        return name
    folded = {h.casefold().strip(): h for h in header}
    if name.casefold().strip() in folded:
        return folded[name.casefold().strip()]
    if name.isdigit() and 1 <= int(name) <= len(header):
        return header[int(name) - 1]
    raise ColumnError(f"no column {name!r} for {role}; columns found: {', '.join(repr(h) for h in header)}")


def detect_columns(header: list[str], rows: list[list[str]], *, text_columns: Sequence[str] | None = None,
                   id_column: str | None = None, group_column: str | None = None,
                   date_column: str | None = None, person_column: str | None = None,
                   path: str = "<input>") -> Columns:
    """Choose the text/id/group/date/person columns by name, falling back to the longest free text."""
    if not header:
        raise ColumnError(f"{path}: no columns found; is the file empty?")
    sample = rows[:2000]

    def mean_len(col: int) -> float:
        vals = [r[col] for r in sample if col < len(r) and r[col].strip()]
        return sum(len(v) for v in vals) / len(vals) if vals else 0.0

    def distinct_ratio(col: int) -> float:
        vals = [r[col] for r in sample if col < len(r) and r[col].strip()]
        return len(set(vals)) / len(vals) if vals else 0.0

    if text_columns:
        text = tuple(dict.fromkeys(_resolve(c, header, "--text-column") for c in text_columns))
        reason = "given"
    else:
        scored = [(_match_score(h, _TEXT_NAMES), mean_len(i), h) for i, h in enumerate(header)
                  if h.casefold() not in _OWN_OUTPUT]
        named = [s for s in scored if s[0] > 0 and (s[1] >= 8 or not sample)]
        # A column with much longer text than the best-named one is probably the real text.
        if named:
            best = max(named, key=lambda s: (s[0], s[1]))
            text, reason = (best[2],), "name"
        else:
            cand = [s for s in scored if s[1] > 0]
            free = [s for i, s in enumerate(scored) if s[1] >= 15 and distinct_ratio(i) > 0.5]
            if free:
                text, reason = (max(free, key=lambda s: s[1])[2],), "longest text"
            elif cand and not sample:
                text, reason = (cand[0][2],), "first"
            else:
                raise ColumnError(
                    f"{path}: found no column with suggestion text; columns found: "
                    f"{', '.join(repr(h) for h in header)}; name it with --text-column")
    used = set(text)

    def pick(given: str | None, patterns: list[str], role: str, ok=lambda i: True) -> str | None:
        if given:
            col = _resolve(given, header, role)
            used.add(col)
            return col
        best = None
        for i, h in enumerate(header):
            if h in used or h.casefold() in _OWN_OUTPUT:
                continue
            s = _match_score(h, patterns)
            if s and ok(i) and (best is None or s > best[0]):
                best = (s, h)
        if best:
            used.add(best[1])
            return best[1]
        return None

    idc = pick(id_column, _ID_NAMES, "--id-column", lambda i: mean_len(i) < 40)
    groupc = pick(group_column, _GROUP_NAMES, "--group-column", lambda i: mean_len(i) < 80)
    datec = pick(date_column, _DATE_NAMES, "--date-column",
                 lambda i: sum(bool(_DATE_RE.match(r[i])) for r in sample[:200] if i < len(r) and r[i]) > 0 or not sample)
    personc = pick(person_column, _PERSON_NAMES, "--person-column", lambda i: mean_len(i) < 60)
    return Columns(text=text, id=idc, group=groupc, date=datec, person=personc, text_reason=reason)


def parse_dates(values: Sequence[str]) -> list[str | None]:
    """ISO dates (``YYYY-MM-DD``) from the formats Swedish exports use; ``None`` when unparseable."""
    out: list[str | None] = []
    for v in values:
        v = (v or "").strip()
        m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", v)
        if m:
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
        else:
            m = re.match(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})", v)
            if not m:
                out.append(None)
                continue
            d, mo, y = int(m[1]), int(m[2]), int(m[3])
            if y < 100:
                y += 2000
        out.append(f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None)
    return out


def read_suggestions(path: str | Path, *, sheet: str | None = None, encoding: str | None = None,
                     delimiter: str | None = None, text_columns: Sequence[str] | None = None,
                     id_column: str | None = None, group_column: str | None = None,
                     date_column: str | None = None, person_column: str | None = None) -> Suggestions:
    """Read an export into a :class:`Suggestions` (every row kept, in order)."""
    import pandas as pd

    header, data, info = read_table(path, sheet=sheet, encoding=encoding, delimiter=delimiter)
    cols = detect_columns(header, data, text_columns=text_columns, id_column=id_column,
                          group_column=group_column, date_column=date_column,
                          person_column=person_column, path=str(path))
    width = len(header)
    data = [r + [""] * (width - len(r)) if len(r) < width else r[:width] if len(r) > width else r for r in data]
    frame = pd.DataFrame(data, columns=header, dtype=object) if data else pd.DataFrame(columns=header, dtype=object)
    return Suggestions(frame=attach_roles(frame, cols), columns=cols, info=info)


def attach_roles(frame: "pd.DataFrame", cols: Columns) -> "pd.DataFrame":  # noqa: F821
    """Add the internal role columns (``_row``, ``_text``, ...) to a frame of string columns."""
    n = len(frame)
    idx = {h: i for i, h in enumerate(frame.columns)}
    values = frame.to_numpy(dtype=object) if n else None

    def col(name: str | None) -> list:
        if name is None or n == 0:
            return [None] * n
        return [("" if v is None else str(v)).strip() or None for v in values[:, idx[name]]]

    if len(cols.text) == 1:
        text = [("" if v is None else str(v)).strip() for v in (values[:, idx[cols.text[0]]] if n else [])]
    else:
        parts = [[("" if v is None else str(v)).strip() for v in values[:, idx[c]]] for c in cols.text] if n else []
        text = ["\n".join(p for p in row if p) for row in zip(*parts)] if n else []
    import pandas as pd

    dates = parse_dates([d or "" for d in col(cols.date)]) if cols.date else [None] * n

    def obj(values: list) -> "pd.Series":
        # object dtype keeps None as None (pandas 3 would infer a string dtype with NaN)
        return pd.Series(values, index=frame.index, dtype=object)

    return frame.assign(**{
        ROW: list(range(1, n + 1)), ID: obj(col(cols.id)), TEXT: obj(text), GROUP: obj(col(cols.group)),
        DATE: obj(dates), PERSON: obj(col(cols.person)),
    })


# --------------------------------------------------------------------------------------------
# Streaming (big delimited files, bounded memory)

STREAM_BLOCK = 1 << 20


def streamable(path: str | Path, *, encoding: str | None = None) -> bool:
    """True for delimited text that can be read in blocks (not UTF-16, which needs whole-file decoding)."""
    p = Path(path)
    if not p.is_file() or p.suffix.lower() not in TEXT_SUFFIXES or p.stat().st_size == 0:
        return False
    with p.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith((b"PK", b"\xd0\xcf\x11\xe0", b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return False
    return not (encoding or "").lower().replace("-", "").startswith("utf16")


def _binary_lines(fh, head_skip: int = 0):
    """Lines of a binary file with \\r\\n, \\n and lone \\r all ending a line (no terminators)."""
    pending = b""
    if head_skip:
        fh.read(head_skip)
    while True:
        block = fh.read(STREAM_BLOCK)
        if not block:
            break
        data = pending + block
        if data.endswith(b"\r"):  # maybe the first half of \r\n: wait for the next block
            data, pending = data[:-1], b"\r"
        else:
            pending = b""
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        parts = data.split(b"\n")
        pending = parts.pop() + pending  # the unfinished last line (plus a held-back \r)
        yield from parts
    if pending and pending != b"\r":
        yield pending.rstrip(b"\r")


def iter_suggestions(path: str | Path, *, encoding: str | None = None, delimiter: str | None = None,
                     text_columns: Sequence[str] | None = None, id_column: str | None = None,
                     group_column: str | None = None, date_column: str | None = None,
                     person_column: str | None = None, chunk_rows: int = 20_000):
    """Read a big delimited file in chunks: ``(columns, info, iterator of DataFrame chunks)``.

    Chunks have the same columns as :func:`read_suggestions`'s frame (``_row`` continues across
    chunks); every row is kept, trailing blank rows are dropped, exactly as the whole-file reader.
    Detection (encoding, delimiter, header, columns) uses the first megabyte and first 2,000 rows.
    """

    p = Path(path)
    with p.open("rb") as fh:
        sample = fh.read(STREAM_BLOCK)
    # Detect on the sample, cut at the last complete line so a split character cannot mislead.
    cut = sample.rfind(b"\n") + 1 if len(sample) == STREAM_BLOCK and b"\n" in sample else len(sample)
    text, enc = decode_bytes(sample[:cut], encoding, path=str(p))
    if delimiter:
        delim = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}.get(delimiter, delimiter)
    else:
        delim = "\t" if p.suffix.lower() in (".tsv", ".tab") and "\t" in text[:10000] else sniff_delimiter(text)
    bom = 3 if sample.startswith(b"\xef\xbb\xbf") else 0
    mixed = enc == "utf-8+cp1252"
    base = "utf-8" if enc in ("utf-8-sig", "utf-8+cp1252") else enc

    def decode(line: bytes) -> str:
        try:
            return line.decode(base)
        except UnicodeDecodeError:
            if mixed or base == "utf-8":
                return line.decode("cp1252", errors="replace")
            raise InputFileError(f"{p}: cannot decode a line as {base}; give --encoding") from None

    csv.field_size_limit(1 << 30)
    fh = p.open("rb")
    lines = (decode(b) + "\n" for b in _binary_lines(fh, bom))
    reader = csv.reader(lines, delimiter=delim)

    def rows_iter():
        try:
            for r in reader:
                if r != []:
                    yield r
        except csv.Error as exc:
            raise InputFileError(f"{p}: malformed delimited text ({exc}); check quoting or give --delimiter") from None

    it = rows_iter()
    head_rows = [r for _, r in zip(range(30), it)]
    header_idx = _find_header(head_rows)
    raw_header = head_rows[header_idx] if head_rows else []
    first = head_rows[header_idx + 1:]
    for r in it:
        first.append(r)
        if len(first) >= 2000:
            break
    # Columns that are blank in the header are padding only if blank in the sample too.
    header, _ = _split_header([raw_header] + [list(r) for r in first], 0)
    keep_width = len(header)
    cols = detect_columns(header, [r[:keep_width] for r in first], text_columns=text_columns, id_column=id_column,
                          group_column=group_column, date_column=date_column, person_column=person_column,
                          path=str(p))
    info = ReadInfo(path=str(p), format="text", encoding=enc, delimiter=delim, header_row=header_idx + 1)
    info.notes.append("read in chunks (streaming)")
    keep = [c for c in range(max([len(raw_header)] + [len(r) for r in first]) if first or raw_header else 0)
            if (c < len(raw_header) and raw_header[c].strip()) or any(c < len(r) and r[c].strip() for r in first)]

    def chunks():
        row_no = 0
        buf: list[list[str]] = []
        blanks: list[list[str]] = []
        try:
            source = iter(first)
            for stream in (source, it):
                for r in stream:
                    vals = [(r[c] if c < len(r) else "") for c in keep]
                    if not any(v.strip() for v in vals):
                        blanks.append(vals)  # held back: trailing blank rows are not data
                        continue
                    if blanks:
                        buf.extend(blanks)
                        blanks = []
                    buf.append(vals)
                    if len(buf) >= chunk_rows:
                        yield _chunk_frame(buf, header, cols, row_no)
                        row_no += len(buf)
                        buf = []
            if buf or row_no == 0:
                yield _chunk_frame(buf, header, cols, row_no)
        finally:
            fh.close()

    return cols, info, chunks()


def _chunk_frame(rows: list[list[str]], header: list[str], cols: Columns, offset: int):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=header, dtype=object) if rows else pd.DataFrame(columns=header, dtype=object)
    frame.index = range(offset, offset + len(rows))
    out = attach_roles(frame, cols)
    return out.assign(**{ROW: list(range(offset + 1, offset + len(rows) + 1))})
