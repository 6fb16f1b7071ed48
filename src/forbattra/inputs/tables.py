"""Read what municipalities export: Excel (.xlsx/.xlsm/.xls/.ods) and delimited text (.csv/.tsv/.txt).

``read_suggestions(path, ...)`` returns a :class:`Suggestions` with

* ``frame``: every data row, in input order, all original columns as strings, plus internal columns
  ``ROW`` (1-based data row), ``ID``, ``TEXT``, ``GROUP``, ``DATE``, ``PERSON``;
* ``columns``: which input columns were chosen for text/id/group/date/person and why;
* ``info``: format, encoding, delimiter, sheet and header row actually used.

Nothing here prints; the CLI reports ``info`` and ``columns``.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import sys
import unicodedata
import zipfile
from collections import deque
from itertools import chain, compress, islice
from operator import itemgetter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from forbattra.errors import ColumnError, InputFileError, OptionValueError, shorten
from forbattra.i18n import Joined, Msg, Sheet

# Internal column names (never clash with user columns: they start with an underscore).
from forbattra.record import DATE, GROUP, ID, INTERNAL, INVISIBLE, PERSON, ROW, TEXT  # noqa: E402,F401 - defined once, in record

from forbattra.inputs import DELIMITED_SUFFIXES as TEXT_SUFFIXES  # noqa: E402 - the one format table
from forbattra.inputs import SPREADSHEET_SUFFIXES  # noqa: E402
MAX_UNCOMPRESSED = 2_000_000_000  # bytes inside an .xlsx/.ods we are willing to inflate
MAX_RATIO = 200  # compression ratio above which a large member is treated as a zip bomb
# bytes in one line of a delimited file (between two line breaks) we are willing to gather: a line longer than
# this is no suggestion but a file without line breaks, and classifying it would take gigabytes
MAX_LINE_BYTES = 5_000_000

# Names of the suggestion column, best first. The first group names the suggestion itself; names of
# comment/answer/notes columns (_RESPONSE_NAMES) rank below every one of them, whatever else they say.
_TEXT_NAMES = [
    r"beskriv.*förslag", r"förbättringsförslag", r"^förslag", r"förslag$", r"förslag\b", r"förslag på lösning",
    r"vad vill du", r"vad (kan|skulle|borde|behöver)\b.{0,40}\bbättre\b|^hur kan\b.{0,40}\bbättre\b", r"förbättra", r"synpunkt", r"^idé",
    r"idé\b", r"förslag", r"suggestion", r"proposal", r"improve", r"idea",
    r"beskrivning", r"problem", r"^text$", r"fritext", r"description", r"feedback", r"text",
]
# A form's follow-up asking for more ("Har du fler förslag?", "Övriga synpunkter"): a text name, below every one
# that names the suggestion itself (the form's main question)
_FURTHER = re.compile(r"\b(fler|flera|andra|övriga|övrigt|ytterligare)\s+\w*(förslag|synpunkt|idé|tankar)")
_RESPONSE_NAMES = [r"kommentar", r"anteckning", r"\bsvar\b", r"svar från", r"återkoppling", r"notering",
                   r"comment", r"\bnotes?\b", r"answer", r"response", r"reply", r"remark"]
# Who answers: these demote a text name ("Chefens förslag") but do not name a text column on their own
# ("Handläggare" holds a name).
_RESPONDER_NAMES = [r"handläggar", r"chefens", r"chefs", r"ansvarigs?\b", r"manager", r"officer"]
# Something about the suggestion, not the suggestion: its title, state or kind (a text name demoted to a
# comment's rank: a "Beskrivning" beside it wins), or another role's column (no text name at all): its id,
# who made it, when, which unit ("Förslags-ID", "Förslagsställare", "Datum för förslaget", "Vilken
# verksamhet gäller förslaget?").
_ABOUT_NAMES = [r"rubrik", r"titel", r"title", r"^namn på förslag", r"^förslagets namn", r"^status", r"kategori",
                r"^typ\b", r"^beslut", r"^prioritet"]
_ROLE_QUESTION = re.compile(r"^(i )?(vilken|vilket|vilka|var) (enhet|verksamhet|avdelning|arbetsplats|förvaltning"
                            r"|område|sektor|team|arbetsgrupp)|^datum|datum$|^date\b|tids?st[äa]mpel|tidpunkt"
                            r"|^(antal|summa|totalt)\b|förslags?[- ]?(id|nr|nummer)\b|^id\b|\bid$|^nr\b")
# ... unless it asks for the suggestion too ("Vilket område gäller ditt förslag och vad vill du ändra?")
_ASKS_WHAT = re.compile(r"\bvad (vill|skulle|kan|bör|borde) (du|ni|vi|man)\b|\bvad föreslår\b|\bbeskriv\b")
# (a survey tool's answer id run together: "RespondentID" (Esmaker, Netigate), "ResponseId" (Qualtrics))
_ID_NAMES = [r"^id$", r"^id\b", r"^(respondent|response|svars?|submission)[ _-]?id$", r"löpnummer", r"förslagsnummer", r"förslags?-?id", r"ärendenummer",
             r"(ärende|diarie|löp)-?(nr|nummer)\b", r"^dnr\b", r"^nr$",  # a case system's "Ärendenr", a registry's "Dnr"
             r"^nummer$", r"\bid$", r"^ref", r"^#$", r"identifier", r"number$"]
# The date of something after the suggestion came in: a date column only where the export has no other.
_LATER_DATES = re.compile(r"beslut|åtgärd|klar|uppfölj|avslut|ändrad|senast|deadline|genomför|återkoppl|svar|"
                          r"decision|closed|updated|modified|due|^end ?date$")
# Columns forbattra itself writes: never auto-detected as input roles when an output is read back.
_OWN_OUTPUT = {"tema", "alla teman", "tema-id", "säkerhet", "motivering", "status", "rättat tema", "theme",
               "all themes", "theme ids", "confidence", "evidence", "corrected themes",
               "modellens gissning", "model's guess"}  # (the last two: the review sheet's, scoring/active.py)
_MANAGER = re.compile(r"\w+(chef|chefer|chefen|ansvarig|ansvariga|handläggare|ledare)")  # "Avdelningschef", not "Enhet/chef"
_GROUP_NAMES = [r"^enhet(?!s?chef)", r"enhet$", r"\benhet\b", r"avdelning", r"arbetsplats", r"arbetsgrupp",
                r"^(i )?(vilken|vilket|var) (enhet|verksamhet|avdelning|arbetsplats|förvaltning|område|sektor|team)\b",
                # where the respondent works, in a form's words ("Inom vilken verksamhet arbetar du?", "Var arbetar
                # du?", "Vilken skola jobbar du på?"); not the job, hours or role ("Vilken tid arbetar du?")
                r"^((inom|på|i|vid) )?(vilken|vilket) (?!(yrke|roll|befattning|titel|tjänst|tid|schema|pass|dag|veckor|"
                r"procent|omfattning|anställning)\w*\b)[\w/-]+ (arbetar|jobbar) (du|ni)\b(?! (som|med)\b)",
                r"^var (arbetar|jobbar) (du|ni)\b(?! (som|med)\b)", r"^jag (arbetar|jobbar) (inom|på|i|vid)\b",
                r"verksamhet$", r"^verksamhet", r"^team$", r"^unit", r"\bunit\b", r"department", r"^grupp$",
                r"förvaltning", r"^kommun$", r"^sektion", r"^område"]
# the area a suggestion is about ("Vilket område gäller ditt förslag?", a form's single-choice question): its topic,
# not the unit of the one who made it ("Vilket område arbetar du inom?")
_SUGGESTIONS_AREA = re.compile(r"\bområden?\b.*\b(förslag|idé|synpunkt|förbättring)|(förslag|idé|synpunkt)\w*\b.*\bområde")
# names that can only mean a date (not "Inkom via", "Registrerad av"): a column of them none of whose values reads as
# a date is said to be one (detect_columns)
_DATE_ONLY_NAME = re.compile(r"datum|^date|^(år[- ]?(och )?)?månad$|^month|tids?st[äa]mpel|tidpunkt|timestamp")
_DATE_NAMES = [r"datum", r"inskick", r"inkom", r"skapad", r"registrerad", r"tids?st[äa]mpel", r"tidpunkt",
               r"^date", r"created", r"submitted", r"timestamp", r"completion time", r"sluttid", r"start time",
               r"starttid", r"^tid$", r"^(år[- ]?(och )?)?månad$", r"^month$",
               # a survey tool's: SurveyMonkey's "Start Date"/"End Date", Qualtrics' "StartDate"/"RecordedDate"
               r"^(start|recorded|submission|response) ?date$", r"^end ?date$"]
# Who made the suggestion. Not "Registrerad av" (a clerk or a system), not first or last name alone (half a
# name would be masked and the other half shown: better the notice that no person column was found), and
# anchored: "Personalkategori", "Antal medarbetare" and "E-postlista" are not people.
_PERSON_NAMES = [r"^namn\s*([(:*]|$)", r"^((ange|skriv) )?(ditt|ert) (för- och efter)?namn\b", r"^your (full )?name\b",
                 r"^namn (på )?(medarbetaren?|anställd|den som lämnar)\b", r"^personens namn\b",
                 r"^namn\s*(och|/|,)\s*e-?post", r"förslagsställare", r"förslagslämnare",
                 r"uppgiftslämnare", r"^inlämnare", r"^anmälare", r"^avsändare",
                 r"^(förslaget )?(inlämna|inskicka|lämna|skicka|insän|rapportera)(d|t|de|des)? av\b",
                 r"^(medarbetarens|förslagsställarens|anställdas?) (för- och efter)?namn\b",
                 r"^(för- och efternamn|förnamn och efternamn|fullständigt namn)\b",
                 r"^medarbetare$", r"^name\s*([(:*]|$)", r"^full name\b", r"^submitted by\b", r"^(kontakt)?person(namn)?$",
                 r"^kontaktperson\b", r"^(din |your )?(e-?post|e-?mail|mejl|mail)(adress)?\b", r"^skapad av$",
                 r"^created by$"]


def _looks_like_a_name(value: str) -> bool:
    """"Anna Svensson", "Svensson, Anna", "Lisa van Berg", "Mohammed al-Hassan Karimi", "Eva Lind, enhetschef",
    "Eva Lind (HR)", "anna.svensson@kommun.se": two to four capitalised words (particles, a note in brackets
    and a role after a comma aside) or an address; not a sentence, not "Mer personal" (an answer)."""
    if "@" in value and " " not in value:
        return True
    v = re.sub(r"\([^)]*\)", " ", value).strip()
    head, sep, tail = v.partition(",")
    if sep and tail.strip()[:1].islower():  # "Eva Lind, enhetschef": the role is no part of the name
        v = head
    words = [w for w in v.replace(",", " ").split() if w.casefold() not in _NAME_PARTICLES]
    return 2 <= len(words) <= 4 and not any(ch.isdigit() for ch in v) and v[-1:] not in ".!?" \
        and all(w[:1].isupper() or (w[:3].casefold() in ("al-", "el-") and w[3:4].isupper()) for w in words)


_NAME_PARTICLES = frozenset("van von de der den af la le da di du del al el bin ibn".split())


def is_person_header(header: str) -> bool:
    """A column name that the person column would be found by ("Namn", "Förslagsställare", "Inlämnat av")."""
    h = header.strip().casefold()
    return len(h.split()) <= 6 and any(re.search(pat, h) for pat in _PERSON_NAMES)


_DATE_RE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}/\d{1,2}/\d{1,2})")


@dataclass
class ReadInfo:
    """How a file was read (printed by the CLI so users see what was detected)."""

    path: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = 1  # 1-based row of the header as Excel shows it (0: no header row)
    # delimited text only: read as one column, the delimiter not given (no delimiter splits it: said so, not the
    # delimiter chosen to be one found in none of its lines)
    one_column: bool = False
    notes: list[str] = field(default_factory=list)
    # delimited text only: (index of a non-empty record in the file, 0-based; entirely empty lines just
    # above it), in file order — those lines are no rows, but Excel shows each as one — and the index of
    # the first data row's record (None: a spreadsheet, whose rows are the sheet's)
    gaps: list[tuple[int, int]] = field(default_factory=list, repr=False)
    data_start: int | None = None
    # spreadsheets only: column → data rows (0-based) whose value was copied down from a cell merged over
    # them; kept for a unit, emptied for the text and id (the rows under a merged text are one suggestion)
    merged_down: dict[str, list[int]] = field(default_factory=dict, repr=False)
    # .xlsx only: column → data rows (0-based) holding a formula whose value was never computed (a workbook
    # saved by a program that writes formulas but does not calculate them): read as empty, so refused for a
    # column a role reads (:func:`read_suggestions`)
    uncomputed: dict[str, list[int]] = field(default_factory=dict, repr=False)
    # .xlsx only: column → (data rows, 0-based, whose cell holds an Excel error such as #N/A — a failed look-up —,
    # the first such error as Excel writes it): read as empty, and named in a note (:func:`read_suggestions`)
    errors: dict[str, tuple[list[int], str]] = field(default_factory=dict, repr=False)

    def excel_row(self, row: int) -> int:
        """The row Excel shows for data row ``row`` (the frame's 1-based ``ROW``). In a spreadsheet the
        header's row plus ``row``; in a delimited file the row's record counted from the top (a quoted cell
        over several lines is one row) plus the entirely empty lines above it (the reader skips them; Excel
        shows each as a row)."""
        if self.data_start is None:
            return self.header_row + row
        return self.record_row(self.data_start + row - 1)

    def record_row(self, k: int) -> int:
        """The row Excel shows for the ``k``-th non-empty record (0-based) of a delimited file."""
        from bisect import bisect_right

        return k + 1 + sum(g for _, g in self.gaps[:bisect_right(self.gaps, (k, sys.maxsize))])


@dataclass(frozen=True)
class Columns:
    """The input columns chosen for each role (``text`` may join several columns)."""

    text: tuple[str, ...]
    id: str | None = None
    group: str | None = None
    date: str | None = None
    person: str | None = None
    text_reason: str = "name"
    date_order: str = "dmy"  # how the date column writes 5/3/24-like dates: see date_order()
    label: str | None = None  # train's and evaluate's --label-column as the header names it (given as a letter, a number)


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


JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})  # refused as input: no table (report reads classify's .jsonl)


def read_table(path: str | Path, *, sheet: str | None = None, encoding: str | None = None,
               delimiter: str | None = None, header: bool | None = None, lang: str = "sv",
               ) -> tuple[list[str], list[list[str]], ReadInfo]:
    """Read any supported file into a header and string rows, detecting format and layout.

    ``header``: None detects whether the file has a header row; False reads every row as data (columns
    ``kolumn_1``, ...); True always takes a header row. ``lang``: the language of the outputs, in which a
    workbook's TRUE/FALSE cell is written as Excel shows it there (*SANT*/*FALSKT*, *TRUE*/*FALSE*).
    """
    p = Path(path)
    if not p.exists():
        raise InputFileError.of("err_file_missing", path=p)
    if p.is_dir():
        raise InputFileError.of("err_table_is_dir", path=p)
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputFileError.of("err_cannot_read", path=p, reason=exc.strerror) from None
    if p.stat().st_size == 0:
        raise InputFileError.of("err_empty_file", path=p)
    suffix = p.suffix.lower()
    if suffix in JSON_SUFFIXES:  # (classify's own .jsonl given back: no rows and columns to sniff)
        raise InputFileError.of("err_json_input", path=p)
    if suffix in SPREADSHEET_SUFFIXES and not head.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        disguised = _text_under_workbook_name(p)
        if disguised == "markup":
            raise InputFileError.of("err_markup_as_spreadsheet", path=p, suffix=suffix)
        if disguised == "text":
            if sheet is not None:
                raise InputFileError.of("err_sheet_on_text", path=p)
            names, data, info = _read_delimited(p, encoding=encoding, delimiter=delimiter, header=header)
            info.notes.insert(0, Msg("note_text_as_spreadsheet", suffix=suffix))
            return names, data, info
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # a compound file: an old .xls, or a workbook encrypted with a password
        if _encrypted_package(p):
            raise InputFileError.of("err_workbook_encrypted", path=p)
        return _read_spreadsheet(p, "xls", sheet, header, lang)
    if head.startswith(b"PK\x03\x04") or suffix in {".xlsx", ".xlsm", ".ods"}:
        if not head.startswith(b"PK"):
            raise InputFileError.of("err_not_zip", path=p, suffix=suffix)
        kind = _zip_kind(p)
        if kind == "numbers":  # Apple's own format, whatever the file is called: no reader of it here
            raise InputFileError.of("err_numbers_file", path=p)
        return _read_spreadsheet(p, kind, sheet, header, lang)
    if suffix in SPREADSHEET_SUFFIXES:
        raise InputFileError.of("err_not_spreadsheet", path=p, suffix=suffix)
    if is_web_page(p):  # a page saved as .html, .txt or .csv: its tags were read as suggestions
        raise InputFileError.of("err_markup_as_text", path=p)
    if sheet is not None:
        raise InputFileError.of("err_sheet_on_text", path=p)
    return _read_delimited(p, encoding=encoding, delimiter=delimiter, header=header)


_MARKUP = (b"<!doctype html", b"<html", b"<table", b"<head", b"<body", b"<meta", b"<style", b"<?xml", b"<!--")


def _text_under_workbook_name(p: Path) -> str | None:
    """What a file named as a workbook (.xls, .xlsx …) that is neither a zip nor an old Excel file holds:
    "markup" for a web page or XML (what some systems' "Exportera till Excel" writes, as tab-separated text
    is), "text" for text with no NUL byte outside UTF-16, else None (damaged or another binary file)."""
    try:
        with p.open("rb") as fh:
            sample = fh.read(65536)
    except OSError:
        return None
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        start = sample[2:].decode("utf-16-le" if sample[:2] == b"\xff\xfe" else "utf-16-be", "ignore")
        sample = start.encode("utf-8")
    elif b"\x00" in sample:
        return None
    start = sample.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if start.startswith(_MARKUP):
        return "markup"
    controls = sum(b < 32 and b not in (9, 10, 13) for b in sample)
    return "text" if sample.strip() and controls * 100 <= len(sample) else None


def is_web_page(p: Path) -> bool:
    """Whether the file ``p`` is a web page or XML (it starts with a tag), which no reader splits into suggestions."""
    return _text_under_workbook_name(p) == "markup"


_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream's name in a compound file's directory


def _encrypted_package(p: Path) -> bool:
    """Whether the compound file ``p`` holds an encrypted workbook (Excel's "Kryptera med lösenord" wraps the
    .xlsx in a compound file, as an old .xls is): its directory names an ``EncryptedPackage`` stream. Searched
    in 1 MB pieces; an old .xls, whatever its name, holds none."""
    tail = b""
    try:
        with p.open("rb") as fh:
            while piece := fh.read(1 << 20):
                if _ENCRYPTED_PACKAGE in tail + piece:
                    return True
                tail = piece[-len(_ENCRYPTED_PACKAGE):]
    except OSError:
        return False
    return False


# the suffixes a workbook of each kind has; under another one (an .xls renamed to .xlsx, as Excel opens it) the
# reader is given its bytes, so that it reads what they are rather than what the name says
_OWN_SUFFIXES = {"xlsx": {".xlsx", ".xlsm"}, "xlsb": {".xlsb"}, "xls": {".xls"}, "ods": {".ods"}}
# the result columns of the per-row sheet of duplicates' and discover's workbooks (cli/duplicates.ROW_HEADERS,
# cli/discover.ROW_HEADERS), folded: that sheet is the one to read back, not the Dubbletter or Kluster sheet beside
# it, whose group lines or examples can hold more text (a subset of the rows, with a count column taken for the unit)
_OWN_ROW_COLUMNS = (frozenset({"dubblettgrupp", "likhet", "kopia av rad"}),
                    frozenset({"duplicate group", "similarity", "copy of row"}),
                    frozenset({"kluster", "klusteretikett", "passform"}),
                    frozenset({"cluster", "cluster label", "fit"}))


def _zip_kind(p: Path) -> str:
    """Which workbook the zip ``p`` is, by its parts: "ods", "xlsb" (Excel's binary workbook), "numbers" (Apple
    Numbers: its tables in ``Index/*.iwa`` parts) or "xlsx"."""
    try:
        with zipfile.ZipFile(p) as zf:
            parts = set(zf.namelist())
    except zipfile.BadZipFile:
        return "xlsx"
    if "xl/workbook.xml" not in parts and any(n.startswith("Index/") and n.endswith(".iwa") for n in parts):
        return "numbers"
    if "content.xml" in parts and "xl/workbook.xml" not in parts:
        return "ods"
    return "xlsb" if "xl/workbook.bin" in parts and "xl/workbook.xml" not in parts else "xlsx"


def _is_word(p: Path) -> bool:
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return "word/document.xml" in names and "xl/workbook.xml" not in names


def check_zip(p: Path, shown: str | None = None, *, what: str = "workbook") -> None:
    """Refuse truncated archives and zip bombs before any XML is inflated (.xlsx, .ods, .docx).

    Refused: more than :data:`MAX_UNCOMPRESSED` bytes in all, or a large member (or the archive as a
    whole, above 50 MB) that inflates more than :data:`MAX_RATIO` times.
    """
    shown = shown or str(p)
    try:
        with zipfile.ZipFile(p) as zf:
            total = packed = 0
            for info in zf.infolist():
                total += info.file_size
                packed += info.compress_size
                if info.file_size > 50_000_000 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                    raise InputFileError.of("err_zip_member_bomb", path=shown, member=info.filename, size=info.file_size, packed=info.compress_size)
            if total > MAX_UNCOMPRESSED or (total > 50_000_000 and total > MAX_RATIO * max(packed, 1)):
                raise InputFileError.of("err_zip_bomb", path=shown, size=total, packed=packed)
            bad = zf.testzip() if p.stat().st_size < 50_000_000 else None
            if bad:
                raise InputFileError.of("err_zip_corrupt_member", path=shown, member=bad)
    except zipfile.BadZipFile:
        raise InputFileError.of("err_zip_truncated", path=shown) from None


_check_zip = check_zip


def _read_spreadsheet(p: Path, kind: str, sheet: str | None, header: bool | None = None,
                      lang: str = "sv") -> tuple[list[str], list[list[str]], ReadInfo]:
    if kind in ("xlsx", "xlsb", "ods"):
        _check_zip(p)
        if kind == "xlsx" and _is_word(p):  # a Word report saved or renamed as .xlsx
            raise InputFileError.of("err_xlsx_is_docx", path=p)
    try:
        from python_calamine import CalamineWorkbook

        if p.suffix.lower() in _OWN_SUFFIXES[kind]:
            wb = CalamineWorkbook.from_path(str(p))
        else:
            with p.open("rb") as fh:
                wb = CalamineWorkbook.from_filelike(fh)
        names = [Sheet(n, k) for k, n in enumerate(wb.sheet_names, 1)]  # (named by number where masked)
    except InputFileError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "password" in msg.lower() or "encrypt" in msg.lower():
            raise InputFileError.of("err_workbook_password", path=p) from None
        raise InputFileError.of("err_workbook_unreadable", path=p, reason=msg) from None
    if sheet is not None:
        folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
        if sheet not in names and len(folded) == 1:  # Excel's sheet names ignore case: "blad2" is "Blad2"
            sheet = folded[0]
        if sheet not in names:
            if sheet.isdecimal() and 1 <= int(sheet) <= len(names):
                sheet = names[int(sheet) - 1]
            elif sheet.isdecimal() and int(sheet) <= 99:  # ("2025" on sheets "2023", "2024": a name, below)
                raise InputFileError.of("err_no_sheet_number", path=p, n=int(sheet), count=len(names),
                                        sheets=Joined(", ", names))
            else:
                raise InputFileError.of("err_no_sheet", path=p, sheet=sheet, sheets=Joined(", ", names))
        candidates = [names[names.index(sheet)]]
    else:
        candidates = names
    # a hidden sheet (instructions, look-up lists) is read only when named or when no visible sheet has rows
    hidden = {m.name for m in getattr(wb, "sheets_metadata", ()) or ()
              if str(getattr(m, "visible", "")).rsplit(".", 1)[-1].casefold() != "visible"}
    filled: set[str] = set()  # the sheets with a value copied down from a merged cell
    ods = _ods_layouts(p) if kind == "ods" else {}  # (merged cells and hidden rows, which the cell reader omits)
    found: list[tuple] = []  # (own/visible, named, lines of text, text, name, rows, header row) per sheet
    merges: dict[str, Sequence] = {}  # each sheet's merged cells
    for name in candidates:
        try:
            ws = wb.get_sheet_by_name(name)
            raw = ws.to_python(skip_empty_area=False)
            merged = getattr(ws, "merged_cell_ranges", None) or []
            if kind == "ods" and not merged:  # (the cell reader gives an .ods sheet's merged cells as None)
                merged = ods.get(name, ([], [], [], []))[0]
        except Exception as exc:
            if sheet is not None:
                raise InputFileError.of("err_sheet_unreadable", path=p, sheet=name, reason=str(exc)) from None
            continue
        rows = [[_cell_str(v, lang) for v in r] for r in raw]
        _refuse_long_cell(p, name, rows)
        if kind == "xlsx":
            _as_formatted(p, name, rows)
        elif kind == "ods" and ods.get(name):
            _ods_shown(rows, ods[name][3])
        elif kind == "xls":
            _xls_formatted(p, name, rows)
        if sheet is not None and not any(v.strip() for r in rows for v in r):
            raise InputFileError.of("err_sheet_empty", path=p, sheet=name, hint=_sheets_with_data(wb, names))
        if _fill_merged(rows, merged):
            filled.add(name)
        merges[name] = merged
        header_idx = _find_header(rows)
        # forbattra's own workbook: its per-row sheet, not the notes; then a visible sheet before a hidden one,
        # a sheet with a column named for the suggestions ("Förslag") before one of only long text (an
        # "Information" sheet about the survey), and the most text
        # (of its sheets with a Tema-id column, the one with Rättat tema: with a few rows the Teman sheet's
        # examples are more text than the Förslag sheet, and train --corrections read them)
        heads = {v.strip().casefold() for v in rows[header_idx]} if rows else set()
        own = (2 if heads & {"rättat tema", "corrected themes"} else 1) if heads & {"tema-id", "theme ids"} else \
            1 if any(cols <= heads for cols in _OWN_ROW_COLUMNS) else 0
        body = rows[header_idx + 1:header_idx + 201]
        width = sum(1 for v in rows[header_idx] if v.strip()) if rows else 0
        named = bool(rows) and any(_text_name_score(v, True) > 1 and _free_text(body, c)
                                   and not (width < 2 and _TITLE.match(v.strip().casefold()))
                                   for c, v in enumerate(rows[header_idx]))
        text = _sheet_score(rows, header_idx)
        lines = sum(any(len(v) > 20 and not _is_number(v) for v in r) for r in rows[header_idx + 1:])
        # a sheet named as information, instructions, a cover or a summary (a pivot over a hidden data sheet)
        # comes after the sheets that may hold the answers, visible or hidden
        # ... unless it holds a table with a column for the text (answers called "Rapport", "Summary",
        # "Information"), not a table describing the fields (its first column the export's column names)
        fields = [r[0].strip() for r in body if r and r[0].strip()]
        table = width >= 2 and any(_text_name_score(v, _free_text(body, c)) > 0 for c, v in enumerate(rows[header_idx])) \
            and not (fields and 2 * sum(map(_a_column_label, fields)) >= len(fields))
        key = name.strip().casefold()
        about = bool(_ABOUT_SHEET.match(key) or _SUMMARY_SHEET.match(key)) and not table
        found.append(((own, name not in hidden and text > 0 and not about), named and text > 0 and not about,
                      lines, text, name, rows, header_idx))
    if not found:
        raise InputFileError.of("err_no_readable_sheet", path=p)
    # forbattra's own workbook first, then a visible sheet; of those, one with a column named for suggestions
    # ("Förslag") before one of only long text (an "Information" sheet), unless the other holds three times
    # its lines of text (the answers under "Kommentar" beside a few lines of instructions); else the most text
    top = max(f[0] for f in found)
    every = found
    found = [f for f in found if f[0] == top]
    plain = max((f for f in found if not f[1]), key=lambda f: (f[3], -found.index(f)), default=None)
    named_best = max((f for f in found if f[1]), key=lambda f: (f[3], -found.index(f)), default=None)
    best = named_best if named_best is not None and (plain is None or plain[2] < 3 * named_best[2]) else plain
    _, _, _, _, name, rows, _ = best
    info = ReadInfo(path=str(p), format=kind, sheet=name)
    # (a workbook under a text's name, "export.csv", too; a name without a suffix names no other format)
    if p.suffix.lower() in SPREADSHEET_SUFFIXES | TEXT_SUFFIXES | {".xlsb"} \
            and p.suffix.lower() not in _OWN_SUFFIXES[kind]:
        info.notes.append(Msg("note_workbook_other_format", suffix=p.suffix.lower(), kind=f".{kind}"))
    if kind == "xlsx":
        _mark_uncomputed(p, name, rows)
    if len(names) > 1 and sheet is None:
        info.notes.append(Msg("note_sheet_chosen", sheet=name, n=len(names)))
        # other sheets with the same columns (one sheet per unit): their rows are not read; say how many and how
        head = [v.strip().casefold() for v in best[5][best[6]]] if best[5] else []
        same = [(f[4], sum(any(v.strip() for v in r) for r in f[5][f[6] + 1:])) for f in every
                if f[4] != name and f[5] and [v.strip().casefold() for v in f[5][f[6]]] == head and any(head)]
        same = [(n, k) for n, k in same if k]
        if same:
            info.notes.append(Msg("note_sheets_same_columns", sheets=_quoted_sheets(n for n, _k in same),
                                  n=sum(k for _n, k in same), k=len(same), first=same[0][0]))
    header_idx = _choose_header(rows, header, info.notes, merges.get(name, ()))
    info.header_row = 0 if header_idx is None else header_idx + 1
    cells = [v.strip() for r in rows for v in r if v.strip()]
    if not cells:  # (every sheet empty: the chosen one named, not "no columns; is the file empty?")
        raise InputFileError.of("err_sheet_empty", path=p, sheet=name, hint=_sheets_with_data(wb, names))
    if header_idx is not None and len(cells) == 1 and _a_note(cells[0]):
        # a title or a note ("Förslag från medarbetarenkäten 2025", "Svaren kommer i maj") and no table: not a
        # header of no rows (an export with no answers yet has its columns), which would read 0 rows and exit 0
        raise InputFileError.of("err_sheet_only_note", path=p, sheet=name, note=cells[0][:80])
    if kind in ("xlsx", "ods", "xls"):
        last = next((k + 1 for k in range(len(rows) - 1, -1, -1) if any(v.strip() for v in rows[k])), 0)
        width = len(rows[header_idx]) if header_idx is not None and rows else 0
        if kind == "xlsx":  # (blank rows at the end are padding, not rows: their being hidden says nothing)
            _note_hidden(p, name, info.header_row, width, last, info.notes)
        elif kind == "xls":
            _note_hidden_xls(p, name, info.header_row, width, last, info.notes)
        else:
            _note_hidden_ods(ods.get(name, ([], [], [], [])), name, info.header_row, width, last, info.notes)
    _note_side_by_side(rows, header_idx, info.notes, merges.get(name, ()))
    names_, data = _split_header(rows, header_idx)
    for k, r in enumerate(data):
        for c, v in enumerate(r):
            if type(v) is _Uncomputed:
                info.uncomputed.setdefault(names_[c], []).append(k)
                r[c] = ""
            elif type(v) is _ExcelError:
                info.errors.setdefault(names_[c], ([], v.code))[0].append(k)
                r[c] = ""
    if name in filled:  # (only a sheet with a cell merged down)
        for k, r in enumerate(data):
            for c, v in enumerate(r):
                if type(v) is _Filled:
                    info.merged_down.setdefault(names_[c], []).append(k)
                    r[c] = str(v)
    return names_, data, info


def _sheets_with_data(wb, names: list[str]) -> Msg:
    """The part of an empty sheet's error that names the sheets holding something (to give with --sheet)."""
    full = []
    filled: dict[str, int] = {}  # rows with something in them, per sheet
    for name in names:
        try:
            raw = wb.get_sheet_by_name(name).to_python()
        except Exception:  # noqa: BLE001 - calamine's own errors: a sheet it cannot read holds nothing to choose
            continue
        filled[name] = sum(1 for r in raw if any(_cell_str(v).strip() for v in r))
        if filled[name]:
            full.append(name)
    if not full:
        return Msg("err_hint_no_sheet_data")
    # the example: the sheet with the most rows, not a cover sheet of one cell that happens to come first
    first = max(full, key=lambda n: filled[n])
    return Msg("err_hint_sheets_with_data", sheets=_quoted_sheets(full), first=first)


def _quoted_sheets(names: Iterable[Sheet]) -> Joined:
    """Sheets listed in a message, each name quoted ('Svar', 'Blad2'; by number where a run masks the name)."""
    return Joined(", ", [Sheet(repr(str(n)), n.number) for n in names])


_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN_COL = re.compile(rb'<(?:\w+:)?col\b[^>]*?\bhidden="(?:1|true)"[^>]*>')


def _note_hidden(p: Path, sheet: str, header_row: int, width: int, last_row: int, notes: list) -> None:
    """A note on the rows and columns of ``sheet`` that Excel hides (a filter, or hidden by hand): they are
    read like every other row — no row is left out because it is out of sight —, so a user who filtered
    the list to one unit learns why more rows were read than the filter showed.

    Only the sheet's own XML says what is hidden (the cell reader does not): the sheet is found through
    the workbook's relationships and its ``<row hidden="1">`` and ``<col hidden="1">`` tags counted in
    1 MB pieces; hidden empty rows after the last one read are none of its rows. A workbook whose parts are not
    where the standard puts them gets no note."""
    from xml.etree import ElementTree as ET

    try:
        with zipfile.ZipFile(p) as zf:
            member = _sheet_member(zf, sheet)
            if not member:
                return
            rows: list[int] = []
            cols = 0
            for buf in _sheet_pieces(zf, member):
                if b"hidden=" not in buf:
                    continue
                for m in _HIDDEN_COL.finditer(buf):
                    lo = re.search(rb'\bmin="(\d+)"', m.group())
                    hi = re.search(rb'\bmax="(\d+)"', m.group())
                    if lo and hi:
                        cols += max(0, min(int(hi.group(1)), width) - int(lo.group(1)) + 1)
                for m in _HIDDEN_ROW.finditer(buf):
                    n = _ROW_NUMBER.search(m.group())
                    if n and header_row < int(n.group(1)) <= last_row:  # (not empty rows after the data)
                        rows.append(int(n.group(1)))
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, ET.ParseError):
        return
    if rows:
        notes.append(Msg("note_hidden_rows", sheet=sheet, n=len(rows), first=min(rows)))
    if cols:
        notes.append(Msg("note_hidden_columns", sheet=sheet, n=cols))


def _cfb_stream(raw: bytes, name: str) -> bytes | None:
    """The stream ``name`` of the compound file ``raw`` (an old .xls is one, its sheets in the stream
    'Workbook'); None when it is not there or the file is not laid out as the format says. Only streams of
    4,096 bytes or more (a workbook's), which are kept in the file's own sectors, not its mini stream."""
    import struct

    if raw[:8] != bytes.fromhex("D0CF11E0A1B11AE1") or len(raw) < 512:
        return None
    size = 1 << struct.unpack_from("<H", raw, 30)[0]
    n_fat, first_dir = struct.unpack_from("<II", raw, 44)[0], struct.unpack_from("<I", raw, 48)[0]
    first_difat, n_difat = struct.unpack_from("<II", raw, 68)
    if size not in (512, 4096):
        return None

    def sector(k: int) -> bytes:
        return raw[(k + 1) * size:(k + 2) * size]

    fat_sectors = [k for k in struct.unpack_from("<109I", raw, 76) if k < 0xFFFFFFFA]
    k, seen = first_difat, 0
    while k < 0xFFFFFFFA and seen < n_difat:  # (a file of more than 109 FAT sectors: the list goes on)
        block = struct.unpack(f"<{size // 4}I", sector(k))
        fat_sectors += [v for v in block[:-1] if v < 0xFFFFFFFA]
        k, seen = block[-1], seen + 1
    fat = [v for f in fat_sectors[:n_fat] for v in struct.unpack(f"<{size // 4}I", sector(f).ljust(size, b"\xff"))]

    def chain(start: int) -> bytes:
        out, k, steps = [], start, 0
        while k < len(fat) and steps <= len(fat):
            out.append(sector(k))
            k, steps = fat[k], steps + 1
        return b"".join(out)

    directory = chain(first_dir)
    for at in range(0, len(directory) - 127, 128):
        entry = directory[at:at + 128]
        length = struct.unpack_from("<H", entry, 64)[0]
        if entry[66] == 2 and 2 <= length <= 64 and entry[:length - 2].decode("utf-16-le", "replace") == name:
            start, n = struct.unpack_from("<IQ", entry, 116)
            if size == 512:  # (version 3: the size's high half may hold anything)
                n &= 0xFFFFFFFF
            return chain(start)[:n] if n >= 4096 else None
    return None


def _xls_formatted(p: Path, sheet: str, rows: list[list[str]]) -> None:
    """The percentages of an old .xls sheet in ``rows`` as Excel shows them ("25 %"), not as the fraction the cell
    reader gives (0.25), its integers formatted with leading zeros ("00000": an id typed as 00123, "000 00": a
    postal code) with them, not as the number alone (123), and a date on the 1st shown without its day ("mmm yyyy":
    a month typed into a cell) as that month, ``YYYY-MM``, as an .xlsx's are (:func:`_as_formatted`): the globals'
    FORMAT and XF records say which cell formats show a percentage, leading zeros or a month, the sheet's NUMBER,
    RK, MULRK and FORMULA records which cells have one (BIFF8). A workbook that is not laid out so is read as it
    is."""
    import struct

    try:
        stream = _cfb_stream(p.read_bytes(), "Workbook")
        if stream is None:
            return
        codes: dict[int, str] = {}
        xfs: list[int] = []  # each XF's format, by the XF's index
        offset = None
        at = 0
        while at + 4 <= len(stream):
            typ, n = struct.unpack_from("<HH", stream, at)
            body = stream[at + 4:at + 4 + n]
            if typ == 0x041E and n >= 5:  # FORMAT: its number and its code
                chars, wide = struct.unpack_from("<H", body, 2)[0], body[4] & 1
                codes[struct.unpack_from("<H", body)[0]] = body[5:5 + chars * (2 if wide else 1)].decode(
                    "utf-16-le" if wide else "latin-1")
            elif typ == 0x00E0 and n >= 4:  # XF
                xfs.append(struct.unpack_from("<H", body, 2)[0])
            elif typ == 0x0085 and n >= 8:  # BOUNDSHEET8
                chars, wide = body[6], body[7] & 1
                if body[8:8 + chars * (2 if wide else 1)].decode("utf-16-le" if wide else "latin-1") == sheet:
                    offset = struct.unpack_from("<I", body)[0]
            at += 4 + n
            if typ == 0x000A:
                break
        shown = {i: code for i, fmt in enumerate(xfs)
                 if (code := _BUILTIN_PERCENT_FORMATS.get(str(fmt)) if fmt not in codes
                     else _percent_format(codes[fmt]))}
        padded = {i: codes[fmt] for i, fmt in enumerate(xfs) if _PADDED_FORMAT.match(codes.get(fmt, ""))}
        months = {i for i, fmt in enumerate(xfs) if fmt in codes and _month_format(codes[fmt])} \
            | {i for i, fmt in enumerate(xfs) if str(fmt) == _BUILTIN_MONTH_FORMAT and fmt not in codes}
        if not (shown or padded or months) or offset is None:
            return
        cells: list[tuple[int, int, int]] = []  # (row, column, XF)
        at = offset
        while at + 4 <= len(stream):
            typ, n = struct.unpack_from("<HH", stream, at)
            body = stream[at + 4:at + 4 + n]
            if typ in (0x0203, 0x027E, 0x0006) and n >= 6:  # NUMBER, RK, FORMULA
                cells.append(struct.unpack_from("<HHH", body))
            elif typ == 0x00BD and n >= 6:  # MULRK: a run of RK cells in a row
                r, c0 = struct.unpack_from("<HH", body)
                cells += [(r, c0 + k, struct.unpack_from("<H", body, 4 + 6 * k)[0]) for k in range((n - 6) // 6)]
            elif typ == 0x000A:
                break
            at += 4 + n
    except (OSError, struct.error, IndexError, ValueError):
        return
    for r, c, xf in cells:
        if xf in shown and r < len(rows) and c < len(rows[r]) and rows[r][c]:
            rows[r][c] = _as_percent(rows[r][c], shown[xf])
        elif xf in padded and r < len(rows) and c < len(rows[r]) and rows[r][c].isdigit():
            rows[r][c] = _padded(rows[r][c], padded[xf])
        elif xf in months and r < len(rows) and c < len(rows[r]) and _FIRST_OF_MONTH.fullmatch(rows[r][c]):
            rows[r][c] = rows[r][c][:7]


def _note_hidden_xls(p: Path, sheet: str, header_row: int, width: int, last_row: int, notes: list) -> None:
    """The note of :func:`_note_hidden` for an old .xls sheet: its ROW records with the hidden flag and its
    COLINFO records with theirs (BIFF8, in the workbook stream after the sheet's BOF), which the cell reader
    does not give. A workbook that is not laid out so gets no note."""
    import struct

    try:
        stream = _cfb_stream(p.read_bytes(), "Workbook")
        if stream is None:
            return
        offsets: dict[str, int] = {}
        at = 0
        while at + 4 <= len(stream):  # the globals: each sheet's name and where its records begin
            typ, n = struct.unpack_from("<HH", stream, at)
            if typ == 0x0085 and n >= 8:  # BOUNDSHEET8
                body = stream[at + 4:at + 4 + n]
                chars, wide = body[6], body[7] & 1
                raw_name = body[8:8 + chars * (2 if wide else 1)]
                offsets[raw_name.decode("utf-16-le" if wide else "latin-1")] = struct.unpack_from("<I", body)[0]
            at += 4 + n
            if typ == 0x000A:  # (EOF: the globals end)
                break
        if sheet not in offsets:
            return
        at = offsets[sheet]
        rows: list[int] = []
        cols = 0
        while at + 4 <= len(stream):
            typ, n = struct.unpack_from("<HH", stream, at)
            body = stream[at + 4:at + 4 + n]
            if typ == 0x0208 and n >= 16 and struct.unpack_from("<H", body, 12)[0] & 0x20:  # ROW, fDyZero
                row = struct.unpack_from("<H", body)[0] + 1
                if header_row < row <= last_row:  # (not empty rows after the data)
                    rows.append(row)
            elif typ == 0x007D and n >= 10 and struct.unpack_from("<H", body, 8)[0] & 1:  # COLINFO, fHidden
                lo, hi = struct.unpack_from("<HH", body)
                cols += max(0, min(hi + 1, width) - lo)
            elif typ == 0x000A:
                break
            at += 4 + n
    except (OSError, struct.error, IndexError, ValueError):
        return
    if rows:
        notes.append(Msg("note_hidden_rows", sheet=sheet, n=len(rows), first=min(rows)))
    if cols:
        notes.append(Msg("note_hidden_columns", sheet=sheet, n=cols))


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _ods_shown(rows: list[list[str]], shown: Sequence[tuple[int, int, int, int, str]]) -> None:
    """The percentages of an .ods sheet (:func:`_ods_layouts`) in ``rows`` as Calc shows them ("25 %"), not as
    the fraction the cell reader gives (0.25): a figure the user never saw; and so its integers shown with leading
    zeros ("00123", not 123) and its months shown without a day ("2026-03", not a made-up 1st)."""
    for r0, down, c0, across, text in shown:
        for r in range(r0, min(r0 + down, len(rows))):
            for c in range(c0, min(c0 + across, len(rows[r]))):
                if rows[r][c]:
                    rows[r][c] = text


_SHOWN_DIGITS = re.compile(r"\d[\d \-\u00a0]*\d")
_THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+")


def _ods_padded(text: str, value: str) -> bool:
    """Whether Calc shows the integer ``value`` as ``text`` through a format with leading zeros ("00123" for 123,
    "123 45" for a postal code, 12345), as :data:`_PADDED_FORMAT` does in an .xlsx: the digits shown are the number
    with zeros before it or grouped otherwise than in thousands ("12 345" is the number 12345 and stays it)."""
    if not _SHOWN_DIGITS.fullmatch(text) or _THOUSANDS.fullmatch(text):
        return False
    digits = re.sub(r"\D", "", text)
    try:
        return float(value) == int(digits) and (digits != text or digits[0] == "0")
    except ValueError:
        return False


def _ods_month(text: str, value: str) -> bool:
    """Whether Calc shows the date ``value`` (its ``date-value``), the 1st of a month, as ``text`` through a format
    without the day ("mars 2026", "mar-26", "2026-03", "03/2026"): a month typed into a cell, which Calc stores as
    its 1st, as :func:`_month_format` finds it in an .xlsx. The text shows the year and the month only: with the
    month as a word one number, the year; else two, the year and the month ("1 mars 2026", "2026-03-01" are days)."""
    if not _FIRST_OF_MONTH.fullmatch(value[:10]) or not _MIDNIGHT.fullmatch(value[10:]):
        return False
    years, month = (value[:4], value[2:4]), int(value[5:7])
    groups = re.findall(r"\d+", text)
    if any(ch.isalpha() for ch in text):
        return len(groups) == 1 and groups[0] in years
    return len(groups) == 2 and any(groups[i] in years and int(groups[1 - i]) == month for i in (0, 1))


_MIDNIGHT = re.compile(r"(?:T00:00:00(?:\.0+)?)?")


def _ods_layouts(p: Path) -> dict[str, tuple[list, list[tuple[int, int]], list[tuple[int, int]], list]]:
    """What the cell reader does not give for an .ods, per sheet: its merged ranges ``((r0, c0), (r1, c1))``,
    0-based as :func:`_fill_merged` takes them, its hidden rows and columns (Calc's *Dölj*, or a filter's), as
    ``(first, how many)`` 1-based as Calc shows them (a hidden run of a million empty rows is one pair), and its
    percentages and integers with leading zeros as Calc shows them (the cell reader gives 0.25 for "25 %", 123 for
    "00123", :func:`_ods_padded`) and its months as an .xlsx's are read, ``YYYY-MM`` (the cell reader gives
    2026-03-01 for "mars 2026", :func:`_ods_month`), ``(row, rows, column, columns, text)``
    0-based, with how many times the row and the cell repeat (:func:`_ods_shown`). Read from
    ``content.xml`` in one pass as it streams, counting repeated rows and cells, each row let go once counted; a
    file whose parts are not where the standard puts them gives nothing."""
    from xml.etree import ElementTree as ET

    t = _ODS_TABLE
    out: dict[str, tuple[list, list[tuple[int, int]], list[tuple[int, int]], list]] = {}
    try:
        with zipfile.ZipFile(p) as zf, zf.open("content.xml") as fh:
            stack: list = []
            merged: list = []
            rows: list[tuple[int, int]] = []
            cols: list[tuple[int, int]] = []
            shown: list[tuple[int, int, int, int, str]] = []
            r = c = 0
            for event, el in ET.iterparse(fh, events=("start", "end")):
                if event == "start":
                    stack.append(el)
                    if el.tag == t + "table":
                        merged, rows, cols, shown, r, c = [], [], [], [], 0, 0
                        out[el.get(t + "name") or ""] = (merged, rows, cols, shown)
                    continue
                stack.pop()
                if el.tag == t + "table-column":
                    n = int(el.get(t + "number-columns-repeated", "1"))
                    if el.get(t + "visibility", "visible") != "visible":
                        cols.append((c + 1, n))
                    c += n
                elif el.tag == t + "table-row":
                    n = int(el.get(t + "number-rows-repeated", "1"))
                    if el.get(t + "visibility", "visible") != "visible":
                        rows.append((r + 1, n))
                    at = 0
                    for cell in el:
                        if cell.tag not in (t + "table-cell", t + "covered-table-cell"):
                            continue
                        down = int(cell.get(t + "number-rows-spanned", "1"))
                        across = int(cell.get(t + "number-columns-spanned", "1"))
                        if down > 1 or across > 1:
                            merged.append(((r, at), (r + down - 1, at + across - 1)))
                        repeat = int(cell.get(t + "number-columns-repeated", "1"))
                        kind = cell.get(_ODS_OFFICE + "value-type")
                        if kind == "percentage":
                            text = "\n".join("".join(q.itertext()) for q in cell if q.tag == _ODS_TEXT + "p")
                            if text.strip():
                                shown.append((r, n, at, repeat, text.strip()))
                        elif kind == "float" and (text := "".join(
                                "".join(q.itertext()) for q in cell if q.tag == _ODS_TEXT + "p").strip()) \
                                and _ods_padded(text, cell.get(_ODS_OFFICE + "value", "")):
                            shown.append((r, n, at, repeat, text))
                        elif kind == "date" and _ods_month("".join(
                                "".join(q.itertext()) for q in cell if q.tag == _ODS_TEXT + "p").strip(),
                                value := cell.get(_ODS_OFFICE + "date-value", "")):
                            shown.append((r, n, at, repeat, value[:7]))
                        at += repeat
                    r += n
                    if stack:  # (the table, or a group of rows: its rows so far are counted)
                        stack[-1].clear()
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, ET.ParseError):
        return {}
    return out


def _note_hidden_ods(layout: tuple, sheet: str, header_row: int, width: int, last_row: int, notes: list) -> None:
    """The note of :func:`_note_hidden` for an .ods sheet, from its ``layout`` (:func:`_ods_layouts`)."""
    _merged, rows, cols, _shown = layout
    shown = [(max(first, header_row + 1), min(first + n - 1, last_row)) for first, n in rows]
    shown = [(lo, hi) for lo, hi in shown if lo <= hi]
    if shown:
        notes.append(Msg("note_hidden_rows", sheet=sheet, n=sum(hi - lo + 1 for lo, hi in shown),
                         first=min(lo for lo, _hi in shown)))
    n = sum(max(0, min(first + k - 1, width) - first + 1) for first, k in cols)
    if n:
        notes.append(Msg("note_hidden_columns", sheet=sheet, n=n))


def _xml_pieces(zf: zipfile.ZipFile, member: str, end: bytes = b">") -> Iterator[bytes]:
    """A zip member's XML in pieces of about 1 MB, each cut after a '>' (no tag split between two pieces; with
    ``end=b"</row>"`` after a row's end, no cell split either): a big sheet's tags searched without holding the
    whole sheet. Raises what reading the zip raises."""
    tail = b""
    with zf.open(member) as fh:
        while piece := fh.read(1 << 20):
            buf = tail + piece
            at = buf.rfind(end)
            cut = at + len(end) if at >= 0 else 0
            yield buf[:cut]
            tail = buf[cut:]
    if tail:
        yield tail


_ROW_OR_CELL = re.compile(rb'<((?:\w+:)?)(row|c)\b([^>]*)>')


def _sheet_pieces(zf: zipfile.ZipFile, member: str, end: bytes = b">") -> Iterator[bytes]:
    """A sheet's XML in pieces, as :func:`_xml_pieces`, each row and cell with its reference (``r="3"``,
    ``r="C3"``): the standard lets a writer leave them out (a report generator's sheet), a row then being the one
    after the row before it and a cell the one after the cell before it, as the cell reader reads them. Those
    left out are written in, so the scanners that place a cell by its reference (hidden rows, formats, formulas)
    see every cell where the cell reader has it; a sheet that has them all is passed on as it is."""
    with zf.open(member) as fh:
        head = fh.read(1 << 16)
    if all(_ROW_NUMBER.search(m.group(3)) for m in _ROW_OR_CELL.finditer(head)):
        yield from _xml_pieces(zf, member, end)
        return
    row = col = 0

    def with_ref(m: "re.Match[bytes]") -> bytes:
        nonlocal row, col
        prefix, tag, attrs = m.groups()
        if tag == b"row":
            n = _ROW_NUMBER.search(attrs)
            row, col = (int(n.group(1)) if n else row + 1), 0
            return m.group() if n else b'<%srow r="%d"%s>' % (prefix, row, attrs)
        ref = _CELL_REF.search(attrs)
        if ref is not None:
            col = 0
            for ch in ref.group(1):
                col = col * 26 + ch - 64
            return m.group()
        col += 1
        name, k = b"", col
        while k:
            k, rest = divmod(k - 1, 26)
            name = bytes([65 + rest]) + name
        return b'<%sc r="%s%d"%s>' % (prefix, name, row, attrs)

    for buf in _xml_pieces(zf, member, end):
        yield _ROW_OR_CELL.sub(with_ref, buf)


class _Uncomputed(str):
    """An empty cell that holds a formula whose value was never computed (see :func:`_mark_uncomputed`); only
    the spreadsheet reader sees it: :func:`_read_spreadsheet` records where it stands and makes it ""."""

    __slots__ = ()


class _ExcelError(str):
    """An empty cell that holds an Excel error (``#N/A`` from a failed look-up, ``#DIV/0!``; see
    :func:`_mark_uncomputed`), the error in ``code``; only the spreadsheet reader sees it: :func:`_read_spreadsheet`
    records where it stands and makes it ""."""

    code: str


_FORMULA_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*)(?<!/)>(.*?)</(?:\w+:)?c>', re.DOTALL)
_FORMULA = re.compile(rb'<(?:\w+:)?f\b')
_ROW_TAG = re.compile(rb'<(\w+:)?row\b')  # a sheet's first row tag: its prefix, if any
_ERROR_TYPE = b't="e"'
_VALUE = re.compile(rb'<(?:\w+:)?v\s*(?:/>|>(.*?)</(?:\w+:)?v>)', re.DOTALL)


def _mark_uncomputed(p: Path, sheet: str, rows: list[list[str]]) -> None:
    """Mark in ``rows`` the cells of ``sheet`` that hold a formula without a saved value (:class:`_Uncomputed`):
    Excel and LibreOffice save each formula's value, a program that writes formulas without calculating them
    (openpyxl, report generators) saves none, and the cell reader then sees an empty cell. A formula with an
    empty text as its value (``t="str"`` and an empty ``<v>``: ``=OM(A2="";"";…)``) was computed. Only the
    sheet's own XML says which cells hold formulas; a workbook whose parts are not where the standard puts
    them is read as it is. A cell holding an Excel error (``t="e"``: ``#N/A`` where a look-up failed, with or
    without its formula), which the cell reader also sees as empty, is marked too (:class:`_ExcelError`)."""
    from xml.etree import ElementTree as ET

    try:
        with zipfile.ZipFile(p) as zf:
            member = _sheet_member(zf, sheet)
            if not member:
                return
            with zf.open(member) as fh:  # the tags' prefix (<x:row>: .NET's Open XML SDK), for the rows' end
                first = _ROW_TAG.search(fh.read(1 << 16))
            end = b"</" + ((first.group(1) or b"") if first else b"") + b"row>"
            for buf in _sheet_pieces(zf, member, end):
                if not _FORMULA.search(buf) and _ERROR_TYPE not in buf:
                    continue
                for m in _FORMULA_CELL.finditer(buf):
                    body = m.group(2)
                    v = _VALUE.search(body)
                    ty = _CELL_TYPE.search(m.group(1))
                    error = ty is not None and ty.group(1) == b"e" and v is not None and bool(v.group(1))
                    if not error and not _FORMULA.search(body):
                        continue
                    if not error and v is not None and (v.group(1) or (ty is not None and ty.group(1) == b"str")):
                        continue  # a value was saved
                    ref = _CELL_REF.search(m.group(1))
                    if ref is None:
                        continue
                    col = 0
                    for ch in ref.group(1):
                        col = col * 26 + ch - 64
                    r, c = int(ref.group(2)) - 1, col - 1
                    while len(rows) <= r:  # (a last row of such formulas only is beyond what the reader saw)
                        rows.append([""] * (len(rows[-1]) if rows else 0))
                    if len(rows[r]) <= c:
                        rows[r].extend([""] * (c + 1 - len(rows[r])))
                    if error and not rows[r][c]:
                        rows[r][c] = _ExcelError("")
                        rows[r][c].code = html.unescape(v.group(1).decode("utf-8", "replace")).strip()[:20]
                    elif not rows[r][c]:
                        rows[r][c] = _Uncomputed("")
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, ET.ParseError):
        return


def uncomputed_rows(p: Path, sheet: str, columns: Sequence[int], start: int = 0) -> list[int]:
    """The 0-based rows (from ``start``) of ``sheet`` in the workbook ``p`` whose cell in one of ``columns`` holds a
    formula without a saved value (:func:`_mark_uncomputed`): a correction typed as a formula by a program that does
    not calculate it, which every cell reader sees as empty."""
    marks: list[list[str]] = []
    _mark_uncomputed(p, sheet, marks)
    return [r for r in range(start, len(marks))
            if any(c < len(marks[r]) and type(marks[r][c]) is _Uncomputed for c in columns)]


def _sheet_member(zf: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member of ``sheet``'s XML, found through the workbook's relationships (None where the parts are
    not where the standard puts them). Raises what reading the zip raises."""
    import posixpath
    from xml.etree import ElementTree as ET

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    rid = next((e.get(rel) for e in book.iter(main + "sheet") if e.get("name") == sheet), None)
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next((e.get("Target", "") for e in rels if e.get("Id") == rid), "") if rid else ""
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)


# a number format that shows an integer with its leading zeros: "00000" (an id typed as 00123), "000 00" (a postal
# code), "000000-0000"
_PADDED_FORMAT = re.compile(r"^[0 \-]*0[0 \-]*0[0 \-]*$")
_CELL_TAG = re.compile(rb'<(?:\w+:)?c\b[^>]*>')
_CELL_STYLE = re.compile(rb'\bs="(\d+)"')
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CELL_TYPE = re.compile(rb'\bt="(\w+)"')


def _padded(value: str, code: str) -> str:
    """``value`` (an integer's digits) as Excel shows it in the format ``code`` ("00000": 123 → "00123")."""
    n = code.count("0")
    digits = value.rjust(n, "0")
    extra, digits = digits[:len(digits) - n], digits[len(digits) - n:]
    it = iter(digits)
    return extra + "".join(next(it) if ch == "0" else ch for ch in code)


def _month_format(code: str) -> bool:
    """Whether the number format ``code`` shows a date's year and month but not its day ("mmm yyyy", "yyyy-mm",
    "[$-41D]mmmm\\ yyyy;@", the built-in "mmm-yy"): how Excel shows a month typed into a cell ("mars 2024")."""
    shown = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].', "", code.split(";")[0]).casefold()
    return "y" in shown and "m" in shown and not any(ch in shown for ch in "dhs")


_BUILTIN_MONTH_FORMAT = "17"  # Excel's built-in "mmm-yy"
# Excel's built-in percentages, "0%" and "0.00%", which a Swedish Excel shows as "25 %" and "7,50 %"
_BUILTIN_PERCENT_FORMATS = {"9": "0 %", "10": "0.00 %"}


def _percent_format(code: str) -> str | None:
    """The number format ``code``'s first section where it shows a percentage ("0%", "0.0 %", "#,##0.00%"), its
    text and colours left out; None for any other format (a "%" in quotes is text, not a percentage)."""
    shown = re.sub(r'\\(.)', r"\1", re.sub(r'"[^"]*"|\[[^\]]*\]|[_*].', "", code.split(";")[0]))  # (0\ %: "0 %")
    return shown.strip() if "%" in shown and not any(ch in shown.casefold() for ch in "ymdhs") else None


def _as_percent(value: str, code: str) -> str:
    """``value`` (a number as the cell reader gives it, "0.25") as Excel shows it in the percentage format
    ``code`` ("0 %": "25 %"; "0.0%": "7,5%"), with the decimal comma of a Swedish Excel; a value that is no
    number stays as it is."""
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

    try:
        number = Decimal(value) * 100
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    decimals = len(re.sub(r"[^0#?]", "", code.split(".", 1)[1])) if "." in code.split("%")[0] else 0
    digits = f"{number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}".replace(".", ",")
    return digits + (" %" if re.search(r"\s%", code) else "%")


def _as_formatted(p: Path, sheet: str, rows: list[list[str]]) -> None:
    """The integers of ``sheet`` formatted with leading zeros ("00000": an id typed as 00123 is the number 123
    shown as 00123) as Excel shows them, in ``rows`` (the cell reader gives the number alone): an id is the id
    the user sees, and finds again in the output. Likewise a date on the 1st shown without its day ("mmm yyyy":
    a month typed into a cell, which Excel stores as its 1st) is that month, ``YYYY-MM``, as a "Månad" column's
    text is (:func:`parse_dates`), not a made-up 1st. Only the workbook's styles and the sheet's own XML say which
    cells have such a format; a workbook whose parts are not where the standard puts them is read as it is."""
    from xml.etree import ElementTree as ET

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    try:
        with zipfile.ZipFile(p) as zf:
            if "xl/styles.xml" not in zf.namelist():
                return
            styles = ET.fromstring(zf.read("xl/styles.xml"))
            codes = {e.get("numFmtId"): e.get("formatCode", "") for e in styles.iter(main + "numFmt")}
            xfs = next(styles.iter(main + "cellXfs"), None)
            padded: dict[bytes, str | None] = {}  # a style's zero-padded format, or None: a month's format
            percent: dict[bytes, str] = {}  # a style's percentage format
            for i, x in enumerate(xfs if xfs is not None else ()):
                if x.tag != main + "xf":
                    continue
                fmt = x.get("numFmtId")
                if _PADDED_FORMAT.match(codes.get(fmt, "")):
                    padded[str(i).encode()] = codes[fmt]
                elif fmt == _BUILTIN_MONTH_FORMAT and fmt not in codes or _month_format(codes.get(fmt, "")):
                    padded[str(i).encode()] = None
                elif fmt in _BUILTIN_PERCENT_FORMATS and fmt not in codes:
                    percent[str(i).encode()] = _BUILTIN_PERCENT_FORMATS[fmt]
                elif fmt in codes and (shown := _percent_format(codes[fmt])):
                    percent[str(i).encode()] = shown
            if not padded and not percent:
                return
            member = _sheet_member(zf, sheet)
            if not member:
                return
            for buf in _sheet_pieces(zf, member):
                for m in _CELL_TAG.finditer(buf):
                    st = _CELL_STYLE.search(m.group())
                    if st is None or (st.group(1) not in padded and st.group(1) not in percent):
                        continue
                    ty = _CELL_TYPE.search(m.group())
                    ref = _CELL_REF.search(m.group())
                    if (ty and ty.group(1) != b"n") or ref is None:
                        continue
                    col = 0
                    for ch in ref.group(1):
                        col = col * 26 + ch - 64
                    r, c = int(ref.group(2)) - 1, col - 1
                    if r >= len(rows) or c >= len(rows[r]):
                        continue
                    if st.group(1) in percent:
                        if rows[r][c]:
                            rows[r][c] = _as_percent(rows[r][c], percent[st.group(1)])
                        continue
                    code = padded[st.group(1)]
                    if code is not None and rows[r][c].isdigit():
                        rows[r][c] = _padded(rows[r][c], code)
                    elif code is None and _FIRST_OF_MONTH.fullmatch(rows[r][c]):
                        rows[r][c] = rows[r][c][:7]
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, ET.ParseError):
        return


_FIRST_OF_MONTH = re.compile(r"\d{4}-\d{2}-01")


_ABOUT_SHEET = re.compile(  # a sheet about the file: never the answers
    r"^(info|information|instruktion(er)?|anvisning(ar)?|läs ?mig|readme|read ?me|om (enkäten|undersökningen|filen)"
    r"|hjälp|help|instructions?|about|förklaring(ar)?|försättsblad|framsida|omslag|cover|välkommen|welcome)\b")
_SUMMARY_SHEET = re.compile(  # a sheet of figures or a cover, unless it holds a table of answers itself
    r"^(pivot(tabell)?|diagram|sammanställning|sammanfattning|summary|översikt|overview|rapport|report|statistik)\b")
# a one-column sheet's title ("Om förslagslådan", "Information om …"): no column named for the suggestions
_TITLE = re.compile(r"^(om|information|info|instruktion|välkommen)\b")


def _a_note(cell: str) -> bool:
    """Whether a sheet's only cell is a note or a title rather than the one column name of a table with no rows
    yet: a column name is short (three words or fewer), without digits, and one forbattra knows as one
    ("Förslag", "Beskriv ditt förslag")."""
    return len(cell.split()) > 3 or any(ch.isdigit() for ch in cell) or not _column_name(cell) \
        or bool(_TITLE.match(cell.casefold()))


def _free_text(rows: list[list[str]], col: int) -> bool:
    """Whether column ``col`` of ``rows`` holds free text (20 characters or more on average and mostly three
    words or more), not names, counts, codes, dates or units."""
    vals = [r[col].strip() for r in rows[:200] if col < len(r) and r[col].strip()]
    return bool(vals) and sum(map(len, vals)) >= 20 * len(vals) \
        and 2 * sum(len(v.split()) >= 3 for v in vals) >= len(vals)


def _nfc(text: str) -> str:
    """``text`` with each letter one code point (NFC): an "å" a Mac export wrote as "a" and a combining ring is the
    "å" of every other export, so that the same text read from both is the same text (in the store, to duplicates,
    as a unit's name)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# a TRUE/FALSE cell as Excel shows it in the outputs' language (a Swedish Excel: SANT/FALSKT), not as Python's
# True/False nor in a language the user's Excel does not speak
_BOOLEANS = {"sv": ("FALSKT", "SANT"), "en": ("FALSE", "TRUE")}


def _cell_str(v: object, lang: str = "sv") -> str:
    if v is None:
        return ""
    if type(v) is str:
        return _nfc(v)
    if isinstance(v, bool):
        return _BOOLEANS.get(lang, _BOOLEANS["sv"])[v]
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v)) if abs(v) < 1e15 else repr(v)
        # to Excel's 15 significant digits, the number it shows: a formula's 0.1+0.2 is saved as
        # 0.30000000000000004, which is the 0,3 on the user's screen
        return f"{v:.15g}"
    if hasattr(v, "isoformat"):
        s = v.isoformat()
        return s[:10] if s.endswith("T00:00:00") or len(s) == 10 else s.replace("T", " ")
    if hasattr(v, "total_seconds"):
        # a duration ("[h]:mm": 36 hours of overtime) as Excel shows it, 36:00:00 — not Python's "1 day, 12:00:00"
        seconds = round(v.total_seconds())
        h, rest = divmod(abs(seconds), 3600)
        return f"{'-' if seconds < 0 else ''}{h}:{rest // 60:02d}:{rest % 60:02d}"
    return str(v)


class _Filled(str):
    """A cell's value copied down from a merged cell above it (see :func:`_fill_merged`): right for a unit
    merged over its suggestions, but a text or id merged down is one suggestion, not several. Only the
    spreadsheet reader sees it: :func:`_read_spreadsheet` records where it stands and makes it a plain str."""

    __slots__ = ()


def _fill_merged(rows: list[list[str]], merged: Sequence) -> bool:
    """Copy a merged range's value into the cells of its first column below its first (a unit merged down over
    its suggestions, also as a block across two columns); the copies are :class:`_Filled`, so the text and id
    columns can be emptied again. Returns whether any value was copied."""
    copied = False
    for rng in merged:
        try:
            (r0, c0), (r1, c1) = rng
        except (TypeError, ValueError):
            continue
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        # only the rows below the first, in the range's first column: a title merged across several columns is
        # one heading, and the other columns of a block merged down and across are one cell in Excel, read once
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            if c0 < len(rows[r]) and not rows[r][c0] and value:
                rows[r][c0] = _Filled(value)
                copied = True
    return copied


def _find_header(rows: list[list[str]]) -> int:
    """Index of the header row: the first row that is nearly as wide as the table and looks like labels.

    Rows above it may only be a title, notes or blank (narrower than the table); a row that could itself
    be the header is never passed over for one below it, so a header with a long question
    ("Beskriv ditt förslag så utförligt som möjligt ...") stays the header.
    """
    scan = rows[:30]
    if not scan:
        return 0
    widths = [sum(1 for v in r if v.strip()) for r in scan]
    width = max(widths) if widths else 0
    if width <= 1:
        return next((i for i, w in enumerate(widths) if w), 0)
    wide = max(2, int(width * 0.6))
    found = []
    for i, r in enumerate(scan):
        filled = [v for v in r if v.strip()]
        if len(filled) < wide:
            continue  # a title row, a blank row or a note above the table
        labels = sum(1 for v in filled if not _is_number(v) and not _DATE_RE.match(v))
        if labels >= len(filled) * 0.8:
            found.append(i)
            if len(found) == 3:
                break
    if found:
        # a metadata row as wide as the table ("Rapport: …;Period: 2026;Utskriven av: …": most cells
        # "key: value", none a question or prompt) is passed over for a row just below it whose cells
        # are column names (Id, Enhet, Förslag); any other first candidate stays the header
        first = [v.strip() for v in scan[found[0]] if v.strip()]
        kv = [v for v in first if _KEY_VALUE.match(v)]
        questions = sum(bool(_PROMPT_RE.search(v.split(":", 1)[1].strip())) or bool(_NUMBERED_KEY.match(v)) for v in kv)
        # a line of "key: value" cells (a report's title and metadata), not a questionnaire's header
        # ("Fråga 1: Ditt förslag", "Q2: Enhet": numbered questions, or values that ask), gives way to a
        # row just below of mostly column names or questions, none reading like a suggestion
        if len(kv) * 2 > len(first) and questions * 2 <= len(kv):
            for i in found[1:]:
                cells = [v.strip() for v in scan[i] if v.strip()]
                if (i - found[0] <= 3 and sum(map(_column_name, cells)) >= max(2, len(cells) / 2)
                        and not any(map(_reads_like_a_suggestion, cells))):
                    return i
        # a report's title line spread over a few of the table's columns ("Förbättringsförslag 2026" … "Utskriven
        # 2026-03-01"), not every cell of it a column's name, gives way to a row just below that fills every
        # column with names forbattra knows (Id, Enhet, Förslag), no number or date among them: the header
        if len(first) < width and not all(map(_column_name, first)):
            for i in range(found[0] + 1, min(found[0] + 6, len(scan))):
                cells = [v.strip() for v in scan[i] if v.strip()]
                if (len(cells) == width and all(map(_column_name, cells))
                        and not any(_is_number(v) or _DATE_RE.match(v) for v in cells)
                        and not any(map(_reads_like_a_suggestion, cells))):
                    return i
        return found[0]
    return next((i for i, w in enumerate(widths) if w >= wide), 0)


_KEY_VALUE = re.compile(r"^[^:]{1,40}:\s*\S")  # "Period: 2026", "Utskriven av: Admin"
_NUMBERED_KEY = re.compile(r"^(?:fråga|question|q|del|punkt)\s*\d+\s*:", re.IGNORECASE)  # "Fråga 1:", "Q2:", "Del 3:"
_CODE = re.compile(r"[^\s\d]*\d[^\s]*")  # one token with a digit: an id or code ("F-1000", "A12"), not "2 skärmar"


def _column_name(cell: str) -> bool:
    """A header cell: a known column name ("Enhet", "Löpnummer") or a question ("Fråga 1: Vilken enhet?")."""
    return bool(_role_names([cell])) or bool(_PROMPT_RE.search(cell)) or bool(
        ":" in cell and _PROMPT_RE.search(cell.split(":", 1)[1].strip()))


def _role_names(row: list[str]) -> int:
    """How many cells of ``row`` are column names forbattra knows (id, unit, date, person, text, ...)."""
    names = _TEXT_NAMES + _ID_NAMES + _GROUP_NAMES + _DATE_NAMES + _PERSON_NAMES + _RESPONSE_NAMES + _RESPONDER_NAMES
    return sum(1 for cell in row if (v := cell.strip()) and len(v.split()) <= 4 and ":" not in v
               and any(re.search(pat, v.casefold()) for pat in names))


# A cell that reads like a question or a prompt to fill in ("Beskriv ...", "Vilken enhet?") is a column name.
# A name with its instruction after a dash ("Förslag – beskriv kort, gärna med ett exempel") is one too.
_PROMPT_RE = re.compile(r"^(beskriv|vad|hur|vilk|ange|skriv|har du|finns det|ditt|din|describe|what|how|which)\b"
                        r"|^\w+\s[–—-]\s*(beskriv|vad|hur|varför|vilk|ange|skriv|describe|what|how|why|which)\b"
                        r"|[?:…]$|\.\.\.$", re.IGNORECASE)


def _header_is_data(rows: list[list[str]], header_idx: int) -> bool:
    """True when the row taken for the header is really the first data row (a file without a header).

    It is, when none of its cells reads like a column name (a known role name, a question or prompt)
    and its cells look like the values below them: a number or date over a column of numbers or dates,
    a value that recurs in its column, or free text as long as the texts below it.
    """
    head = rows[header_idx]
    data = [r for r in rows[header_idx + 1:header_idx + 201] if any(v.strip() for v in r)]
    if len(data) < 2:
        # too few rows below to compare with: data only where the row plainly is (a sentence, no column name or
        # prompt) — a two-line export without a header lost its first suggestion to the header, unsaid
        filled = [v.strip() for v in head if v.strip()]
        if not filled or _role_names(filled) or any(map(_PROMPT_RE.search, filled)):
            return False

        def typed(v: str) -> bool:
            return _is_number(v) or bool(_DATE_RE.match(v))

        # ... or a number or date over one in its column ("1;Skola;…" over "2;Vård;…"): no column is named so
        return any(map(_reads_like_a_sentence, filled)) or bool(data) and any(
            typed(v.strip()) and c < len(data[0]) and typed(data[0][c].strip()) for c, v in enumerate(head) if v.strip())
    names = _TEXT_NAMES + _ID_NAMES + _GROUP_NAMES + _DATE_NAMES + _PERSON_NAMES + _RESPONSE_NAMES + _RESPONDER_NAMES
    filled = [v.strip() for v in head if v.strip()]
    kinds = [_label_kind(v) for v in filled]
    labels = sum(k is not None for k in kinds)
    # a header names different things (an id, a date, a unit, the text); a data row repeated ("Socialförvaltningen;
    # Avdelning Norr;…") names units twice at most
    if len({k for k in kinds if k is not None}) >= 2 and 2 * labels >= len(filled) \
            and _unlike_its_column(head, rows[header_idx + 1:header_idx + 201]) \
            and _same_row(head, rows[header_idx + 1:]):
        return False  # the header again further down (two exports pasted together): its cells recur for that
    strong = weak = named = name_like = 0
    for c, cell in enumerate(head):
        v = cell.strip()
        if not v:
            continue
        if _PROMPT_RE.search(v):
            return False
        # the copies of this cell merged down over a second header row ("Förslag" over both, "Id" and "Enhet"
        # beside it) are its own merge, not a value recurring in its column (a unit merged down over data
        # rows still is one)
        own = 0
        while own < len(data) and c < len(data[own]) and type(data[own][c]) is _Filled and data[own][c] == cell \
                and any(_a_column_label(x) for k, x in enumerate(data[own]) if k != c and type(x) is not _Filled):
            own += 1
        below = [r[c].strip() for r in data[own:] if c < len(r) and r[c].strip()]
        if len(v.split()) <= 4 and any(re.search(pat, v.casefold()) for pat in names):
            # a unit's value ("Enhet A", "HR-avdelningen") reads like a column name too; it is one only
            # when it is not also a value of its column (recurring, or shaped like the values below it)
            if not (v in below or _shaped_like(v, below)):
                name_like += 1
                continue
        if _reads_like_a_suggestion(v):  # a sentence with a comma is no column name
            strong += 1
        if not below:
            continue
        for kind in (_is_number, lambda x: bool(_DATE_RE.match(x))):
            if kind(v) and sum(map(kind, below)) >= 0.8 * len(below):
                strong += 1
        if v in below:
            strong += 1
        lengths = sorted(len(x) for x in below)
        median = lengths[len(lengths) // 2]
        if median >= 15:
            if len(v) >= 0.5 * median:
                weak += 1
            else:
                named += 1  # a short name over free text
    if name_like:  # a column name among the cells: data only where the rest plainly is
        return strong > name_like
    return strong > 0 or (weak > 0 and not named)


def _same_row(head: Sequence[str], rows: Sequence[Sequence[str]]) -> bool:
    """Whether ``head`` (its filled cells, in place) recurs as one of ``rows``."""
    key = _row_key(head)
    if not key:
        return False
    c, last = key[-1]  # a quick look at one cell first: most rows differ there
    try:
        column = list(map(itemgetter(c), rows))  # (C-level; a short row: the row by row test below)
    except IndexError:
        pass
    else:
        if last not in column and head[c] not in column:
            return False
    return any(c < len(r) and r[c].strip() == last and _row_key(r) == key for r in rows)


def _row_key(row: Sequence) -> tuple:
    """A row's filled cells with their positions, stripped (trailing empty cells do not count; nor the byte-order
    mark a second export pasted after the first starts with, nor a cell of only such characters: :func:`_heading`)."""
    return tuple((c, str(v).strip().lstrip("\ufeff")) for c, v in enumerate(row)
                 if v is not None and _heading(str(v)))


def repeated_headers(frame, header: Sequence[str]) -> list[int]:
    """Positions of the data rows that repeat the header row (two exports pasted together): no suggestion.
    Also a repeat in other forms of the same names ("Datum;Enheten;Förslaget" under "Datum;Enhet;Förslag":
    every cell a column's name, each the header's in its column, maybe in the definite form)."""
    written = _as_written(header)
    key, named = _row_key(written), _row_key(header)
    if not key or not len(frame):
        return []
    c, name = key[-1]  # the last name: a repeat's first cell may start with a byte-order mark
    column = [v.strip() if isinstance(v, str) else v for v in frame.iloc[:, c].tolist()]
    forms = _header_forms(name) | {header[c]}
    if forms.isdisjoint(column):  # (C-level: most files never repeat it)
        return []
    values = frame.iloc[:, :len(header)].to_numpy(dtype=object)
    return [i for i, row in enumerate(values) if column[i] in forms
            and (_row_key(row) in (key, named) or _same_names(_row_key(row), key))]


def _as_written(header: Sequence[str]) -> list[str]:
    """The header's cells as the file has them, from the names :func:`_unique_names` gave the columns: a
    column with no name in the header (a row wider than it further down) is empty there, not "Kolumn 5", and
    a name written twice is itself, not "Förslag (2)" — so the header repeated further down is still known
    (a repeat has no cell where the header has none)."""
    import re

    from forbattra.record import EVIDENCE, SCORES, STATUS, THEMES

    out: list[str] = []
    for i, name in enumerate(header):
        base = re.sub(r" \(\d+\)$", "", name)
        if name == f"Kolumn {column_number(header, i)}":
            name = ""
        elif base != name and (base in out or base in (*INTERNAL, THEMES, SCORES, EVIDENCE, STATUS)):
            name = base
        out.append(name)
    return out


def _header_forms(name: str) -> set[str]:
    """The spellings of a header cell a repeat may have: as written, in the definite form (a column's name),
    in capitals and in lower case."""
    forms = {name} | ({name + end for end in _DEFINITE_ENDS} if _a_column_label(name) else set())
    return forms | {f.upper() for f in forms} | {f.lower() for f in forms}


_DEFINITE_ENDS = ("en", "et", "n")


def _same_names(row: tuple, key: tuple) -> bool:
    """A row's filled cells are the header's names in the same columns, some in the definite form."""
    names = dict(key)
    if len(row) < 2 or len(row) != len(key):
        return False
    for c, v in row:
        h = names.get(c, "").casefold()
        v = v.casefold()
        if not (v == h or (_a_column_label(h) and v in {h + end for end in _DEFINITE_ENDS})):
            return False
    return True


def _shaped_like(v: str, below: list[str]) -> bool:
    """``v`` has the shape of most values below it: as many words (two or more), the same first word
    ("Enhet A" over "Enhet B", "Enhet C"), or one long word with their ending ("HR-avdelningen" over
    "IT-avdelningen"), so it is one of them, not their column's name ("Enhet", "Avdelning")."""
    words = v.casefold().split()
    if len(words) == 1:  # "HR-avdelningen" over "IT-avdelningen", "Ekonomiavdelningen": the same ending
        end = words[0][-6:]
        return len(words[0]) >= 8 and sum(1 for x in below if x.casefold().endswith(end)) * 2 >= len(below)
    if len(words) < 2:
        return False
    same = sum(1 for x in below if len(x.split()) == len(words) and x.casefold().split()[0] == words[0])
    return same * 2 >= len(below)


def _choose_header(rows: list[list[str]], header: bool | None, notes: list[str], merged: Sequence = ()) -> int | None:
    """The header row's index, or None when the file has no header row (``header=False`` forces that).
    ``merged``: a sheet's merged ranges (:func:`_fill_merged`'s), for a heading merged across its columns."""
    if header is False:
        notes.append(Msg("note_no_header_flag"))
        return None
    if header is None and (two := _merged_heading(rows, merged)) is not None:
        # a heading merged across its columns with their names under it ("Förslag" over "Problem" and "Lösning"),
        # the other columns named on the first row only (or merged down over both): both rows are the header,
        # the columns named as on the second where it names them
        idx, c0, c1 = two
        head, sub = rows[idx], rows[idx + 1]
        rows[idx + 1] = [str(v) if v.strip() else h for h, v in zip(head + [""] * len(sub), sub)] + head[len(sub):]
        notes.append(Msg("note_merged_heading", heading=head[c0].strip(),
                         names=", ".join(repr(sub[c].strip()) for c in range(c0, c1 + 1))))
        return idx + 1
    ids = next((k for k in range(2, min(len(rows), 30)) if _import_ids(rows[k])), None)
    if ids is not None:
        # Qualtrics' three header rows: short names ("StartDate", "Q1"), the questions, their import ids
        # ('{"ImportId":"QID1"}'). The columns are named by the questions (a short name where a question is empty),
        # on the import ids' row, so the answers start below it and the two rows above are no answers
        short, asked = rows[ids - 2], rows[ids - 1]
        width = max(len(short), len(asked), len(rows[ids]))
        rows[ids] = [q if q.strip() else s for s, q in zip(short + [""] * (width - len(short)),
                                                            asked + [""] * (width - len(asked)))]
        notes.append(Msg("note_qualtrics_header", row=ids))
        return ids
    idx = _find_header(rows)
    if header is None and rows and _header_is_data(rows, idx):
        # The row found is data: the header is a narrower row of names above it (some columns unnamed),
        # or there is none; rows above it are then read as data too rather than dropped as titles.
        above = [i for i in range(idx) if _could_be_header(rows[i])]
        if above:
            return above[-1]
        notes.append(Msg("note_no_header_found"))
        return None
    if header is None and rows and idx < len(rows):
        sentence = next((v.strip() for v in rows[idx] if _reads_like_a_suggestion(v)), None)
        if sentence is not None:  # kept as the header, but never silently: it may be the first suggestion
            notes.append(Msg("note_header_looks_like_data", cell=sentence[:60]))
        elif _is_question_row(rows, idx):
            # the columns' short names over the questions asked ("Förslag" over "Beskriv ditt förslag"): the names
            # stay (-t Förslag finds its column), the questions' row is the header's second, no answer
            rows[idx + 1] = list(rows[idx])
            notes.append(Msg("note_question_row"))
            return idx + 1
        elif _is_sub_header(rows, idx):
            # a survey tool's two header rows (a question merged over its answer columns, their names below):
            # the names of the second row, where it has one, are the columns' names (rows[idx + 1] is
            # replaced by them, and the header is that row: nothing above it is data)
            # ... except an answer's bare label ("Svar", "Öppet svar" under each question, as SurveyMonkey writes):
            # there the question is the name, so its unit or suggestion column is found and told apart from the next
            rows[idx + 1] = [s if s.strip() and not (h.strip() and (s.strip().casefold() in _ANSWER_LABELS
                                                                    or _BARE_QUESTION.fullmatch(s.strip()))) else h
                             for h, s in zip(rows[idx] + [""] * len(rows[idx + 1]), rows[idx + 1])] \
                + rows[idx][len(rows[idx + 1]):]
            notes.append(Msg("note_two_header_rows"))
            return idx + 1
    return idx


def _merged_heading(rows: list[list[str]], merged: Sequence) -> tuple[int, int, int] | None:
    """(row, first column, last column) of a heading merged across columns in a header row, with those columns'
    names on the row below it — short labels, none a number, date or sentence, none a value of its column further
    down — and nothing else on that row but empty cells or the header's own cells merged down over it (a data row
    fills its id and unit); the header row names another column beside the heading (a title merged across the
    whole table is no heading). None for any other sheet."""
    for rng in merged:
        try:
            (r0, c0), (r1, c1) = rng
        except (TypeError, ValueError):
            continue
        if r0 != r1 or c1 <= c0 or r0 >= 30 or r0 + 2 >= len(rows):
            continue
        head, sub, below = rows[r0], rows[r0 + 1], rows[r0 + 2:r0 + 202]
        if c1 >= len(sub) or not (c0 < len(head) and head[c0].strip()):
            continue
        others = [v for c, v in enumerate(head) if not c0 <= c <= c1 and v.strip()]
        if not others or any(_is_number(v) or _DATE_RE.match(v.strip()) for v in others + [head[c0]]):
            continue
        names = [sub[c].strip() for c in range(c0, c1 + 1)]
        if (len(set(map(str.casefold, names))) != len(names)
                or any(not v or type(sub[c0 + k]) is _Filled or _is_number(v) or _DATE_RE.match(v)
                       or len(v.split()) > 4 or len(v) > 40 or _reads_like_a_sentence(v) for k, v in enumerate(names))
                or any(c0 + k < len(r) and r[c0 + k].strip() == v for k, v in enumerate(names) for r in below)):
            continue
        if all(c0 <= c <= c1 or not v.strip() or (type(v) is _Filled and c < len(head) and v == head[c])
               for c, v in enumerate(sub)):
            return r0, c0, c1
    return None


_IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')


def _import_ids(row: list[str]) -> bool:
    """Qualtrics' third header row: each filled cell a column's import id ('{"ImportId":"QID2_TEXT"}')."""
    filled = [v.strip() for v in row if v.strip()]
    return len(filled) >= 2 and all(_IMPORT_ID.match(v) for v in filled)


_BARE_QUESTION = re.compile(r"(?:fråga|question|q)[^\S\n]*\d{1,3}[:.)]?", re.IGNORECASE)  # "Fråga 1", "Q3": no name


_ANSWER_LABELS = frozenset({"svar", "öppet svar", "fritt svar", "eget svar", "response", "responses",
                            "open-ended response", "open ended response", "answer"})


# how a survey's question starts: it asks (Vilken enhet …?) or bids (Beskriv ditt förslag)
_PROMPT = re.compile(r"(?:vilk(?:en|et|a)|vad|var|när|hur|vem|varför|beskriv|ange|skriv|fyll|välj|berätta|ditt|din|dina"
                     r"|which|what|where|when|how|who|why|describe|enter|write|choose|your)\b", re.IGNORECASE)


def _asks_for(name: str, cell: str) -> bool:
    """Whether ``cell`` is the question asked for the column called ``name`` ("Beskriv ditt förslag" for "Förslag",
    "Vilken enhet arbetar du på?" for "Enhet"): it names the column's word, and asks or bids."""
    name, cell = name.strip().casefold(), cell.strip()
    if not name or " " in name or not _a_column_label(name):
        return False
    words = re.findall(r"\w+", cell.casefold())
    return any(w == name or w.endswith(name) or w == name + "en" for w in words) \
        and (cell.endswith("?") or bool(_PROMPT.match(cell)))


def _is_question_row(rows: list[list[str]], idx: int) -> bool:
    """Whether the row below the header holds the questions its short names were asked as ("Beskriv ditt förslag"
    under "Förslag", "Vilken enhet arbetar du på?" under "Enhet"; two at least), the respondent's columns empty
    there that every row below fills (the id): a survey's second header row, no answer. A row of the data, even one
    without its id, answers: "Enhet Norr" under "Enhet" asks nothing."""
    if idx + 2 >= len(rows):
        return False
    head, sub = rows[idx], rows[idx + 1]
    cells = [(c, v.strip()) for c, v in enumerate(sub) if v.strip()]
    below = rows[idx + 2:idx + 202]
    if len(cells) < 2 or not all(c < len(head) and _asks_for(head[c], v)
                                 and not any(c < len(r) and r[c].strip() == v for r in below) for c, v in cells):
        return False
    return any(head[c].strip() and not (c < len(sub) and sub[c].strip())
               and sum(c < len(r) and bool(r[c].strip()) for r in below) >= 0.95 * len(below) for c in range(len(head)))


def _is_sub_header(rows: list[list[str]], idx: int) -> bool:
    """Whether the row below the header names columns the header leaves unnamed (Netigate-like exports:
    "Vilken enhet arbetar du på?" merged over two columns, "Förvaltning" and "Enhet" below it): a cell
    under an empty header cell, every cell a short label found nowhere below in its column, one a role's
    name, and under a named header cell a column's name ("Fritext", "Yrke") or, under a question, its answer's
    label ("Öppet svar"): "Fler laddstolpar" under "Idé" is a first data row."""
    if idx + 2 >= len(rows):
        return False
    head, sub = rows[idx], rows[idx + 1]
    cells = [(c, v.strip()) for c, v in enumerate(sub) if v.strip()]
    below = rows[idx + 2:idx + 202]
    # a choice question's options ("Lokaler", "IT" under "Vilka områden …?" merged over their columns, ticked
    # below as 1 or as the option's name) on a row that leaves empty a named column every row below fills (the
    # respondent's id or date): no respondent's row is without it
    options = any((c >= len(head) or not head[c].strip()) for c, _v in cells) and any(
        head[c].strip() and not (c < len(sub) and sub[c].strip())
        and sum(c < len(r) and bool(r[c].strip()) for r in below) >= 0.95 * len(below) for c in range(len(head)))
    # SurveyMonkey's row of answer labels alone ("Response", "Open-Ended Response"; "Svar", "Öppet svar"), each under
    # its question, the respondent's columns left empty: a respondent's row fills them, and answers in its own words;
    # or named there, a column's name over its numbers or dates ("ID" under "Respondent" over 101, 102 …)
    if cells and any(v.casefold() in _ANSWER_LABELS for _c, v in cells) \
            and all(c < len(head) and head[c].strip()
                    and (v.casefold() in _ANSWER_LABELS or _a_column_label(v) and _typed_column(below, c))
                    and not any(c < len(r) and r[c].strip() == v for r in below) for c, v in cells):
        return True
    # a survey's two header rows of questions and their numbers, the respondent's columns left empty on the second:
    # each number under its question ("Fråga 1" under "Vad vill du förbättra?"), or each question, or a column's
    # name, under its number ("Vad vill du förbättra?" under "Fråga 1"); an answer is found again below, or
    # reads as no name
    numbered = [(c, v) for c, v in cells if c < len(head) and head[c].strip()
                and not any(c < len(r) and r[c].strip() == v for r in below)
                and (bool(_BARE_QUESTION.fullmatch(v)) != bool(_BARE_QUESTION.fullmatch(head[c].strip())))]
    names = sum(_column_name(v) or _a_column_label(v) for _c, v in cells)
    empty = any(head[c].strip() and not _BARE_QUESTION.fullmatch(head[c].strip()) and not (c < len(sub) and sub[c].strip())
                and sum(c < len(r) and bool(r[c].strip()) for r in below) >= 0.95 * len(below) for c in range(len(head)))
    if cells and len(numbered) == len(cells) and (
            all(_BARE_QUESTION.fullmatch(v) for _c, v in cells)
            or (names == len(cells) or names * 2 >= len(cells) and empty)
            and not any(_is_number(v) or _DATE_RE.match(v) or _reads_like_a_sentence(v) for _c, v in cells)):
        return True
    # a column name ("Enhet", "Fritext") under an empty header cell: a first data row has values there
    if not options and not any((c >= len(head) or not head[c].strip()) and _a_column_label(v) for c, v in cells):
        return False
    for c, v in cells:
        if _is_number(v) or _DATE_RE.match(v) or len(v.split()) > 4 or len(v) > 40:
            return False
        over = c < len(head) and head[c].strip()
        question = over and ("?" in head[c] or bool(_QUESTION_NUMBER.match(head[c].strip())))
        if over and not question and not _a_column_label(v) and not _typed_column(below, c):
            # "Fler laddstolpar" under "Idé": a value; "Öppet svar" under "Vad vill du förbättra?" or
            # "Fråga 3: Ditt förslag" a label, as "RespondentID" under "Respondent" over a column of numbers
            return False
        if not options and any(c < len(r) and r[c].strip() == v for r in below):
            return False
    return True


def _typed_column(rows: list[list[str]], col: int) -> bool:
    """Whether column ``col`` of ``rows`` holds numbers or dates (four in five of its values): a word over it
    is the column's name ("RespondentID" over 1000, 1001 …), not one of its values."""
    vals = [r[col].strip() for r in rows if col < len(r) and r[col].strip()]
    return bool(vals) and sum(_is_number(x) or bool(_DATE_RE.match(x)) for x in vals) >= 0.8 * len(vals)


# What export columns are called, word for word: a row of these is a header (a repeated one, a second one)
_COLUMN_LABELS = frozenset("""id nr nummer löpnummer ärendenummer datum date tid tidpunkt tidstämpel tidsstämpel
    starttid sluttid enhet enheter unit förvaltning avdelning arbetsplats verksamhet område sektion team grupp
    arbetsgrupp namn name e-post epost e-mail email mejl yrke befattning roll förslag förbättringsförslag suggestion text fritext
    beskrivning description kommentar kommentarer comment synpunkt synpunkter idé status kategori titel rubrik svar
    ansvarig respondent kön ålder åldersgrupp anställningsform yrkesgrupp svars-id svarsid betyg poäng""".split()) \
    | {"öppet svar", "fritt svar", "eget svar"}  # a survey tool's answer labels ("Öppet svar" under its question)


def _unlike_its_column(head: list[str], below: list[list[str]]) -> bool:
    """Whether some cell of ``head`` is plainly a column's name, not one of its values: a known column name
    ("Id", "Enhet"), or a word over a column of numbers or dates ("Förslagsnummer" over 1, 2, 3). A data row
    ("Socialförvaltningen;Förbättra kommunikationen") is like the rows below it."""
    for c, v in enumerate(head):
        v = v.strip()
        if not v:
            continue
        if _a_column_label(v):
            return True
        vals = [r[c].strip() for r in below if c < len(r) and r[c].strip()]
        typed = sum(_is_number(x) or bool(_DATE_RE.match(x)) for x in vals)
        if vals and typed >= 0.8 * len(vals) and not (_is_number(v) or _DATE_RE.match(v)):
            return True
    return False


_QUESTION_NUMBER = re.compile(r"^(?:(?:fråga|question|q)[^\S\n]*\d+[^\S\n]*[:.)\-–]?|\d{1,2}[.)])[^\S\n]*", re.IGNORECASE)


def _label_kind(cell: str) -> str | None:
    """What a header cell names — "text", "id", "unit", "date" or "person" by its name's pattern, else the
    column name itself when it is one of :data:`_COLUMN_LABELS` — or None for a cell no column is called. A
    survey's question number before it ("Fråga 1: Enhet", "3. Ditt förslag") is no part of the name."""
    v = _QUESTION_NUMBER.sub("", cell.strip())
    if len(v.split()) <= 4 and len(v) <= 40 and not any(ch.isdigit() for ch in v):
        n = v.casefold()
        for kind, patterns in (("id", _ID_NAMES), ("date", _DATE_NAMES), ("person", _PERSON_NAMES),
                               ("unit", _GROUP_NAMES), ("text", _TEXT_NAMES)):
            if any(re.search(pat, n) for pat in patterns):
                return kind
    return v.rstrip(":*?").strip().casefold() if _a_column_label(v) else None


_OTHER_OPTION = re.compile(r"^(annan|annat|andra|övrig[at]?|other)[,:]?\s+(ange|nämligen|vad|vilken|vilket|please specify|specify)\b")


def _a_column_label(cell: str) -> bool:
    """Whether ``cell`` is what export columns are called ("Enhet", "Datum:", "Förslag *"), also in the definite
    form ("Arbetsplatsen", "Förvaltningen") and a text's compounds ("Förslagstext", "Fritextsvar" no)."""
    v = cell.strip().rstrip(":*?").strip().casefold()
    if _OTHER_OPTION.match(v):  # a survey's "Annan, ange" / "Övrigt, nämligen" under its question
        return True
    return v in _COLUMN_LABELS or any(v == w + end for w in _COLUMN_LABELS for end in ("en", "et", "n")) \
        or (len(v) > 6 and " " not in v and v.endswith(("text", "förslag", "beskrivning", "datum", "nummer")))


def _reads_like_a_suggestion(cell: str) -> bool:
    """A cell no column name looks like: a sentence of six words or more with a comma or a full stop,
    that is not a question or a prompt to fill in."""
    v = cell.strip()
    return (len(v.split()) >= 6 and ("," in v or v.endswith((".", "!"))) and not _PROMPT_RE.search(v))


def _reads_like_a_sentence(cell: str) -> bool:
    """A cell that reads like a suggestion even without its punctuation: five words or more, one of them a word
    a column name never holds ("vi", "att", "behöver", "borde" …)."""
    words = cell.casefold().split()
    return _reads_like_a_suggestion(cell) or (len(words) >= 5 and not _SENTENCE_WORDS.isdisjoint(words))


_SENTENCE_WORDS = frozenset({"vi", "jag", "man", "att", "är", "behöver", "borde", "bör", "ska", "skulle", "måste", "vill",
                             "inte", "kan", "kunde", "får", "har", "blir", "we", "i", "is", "should", "need", "needs",
                             "must", "not"})


def _could_be_header(row: list[str]) -> bool:
    filled = [v for v in row if v.strip()]
    return len(filled) >= 2 and sum(not _is_number(v) and not _DATE_RE.match(v) for v in filled) >= 0.8 * len(filled)


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


def _first_data(rows: list[list[str]], header_idx: int | None) -> int:
    """The index of the first data row of ``rows``: the one under the header, or without a header the first
    with a value (leading blank rows are padding, not suggestions)."""
    if header_idx is not None:
        return header_idx + 1
    return next((i for i, r in enumerate(rows) if any(v.strip() for v in r)), len(rows))


def column_letters(c: int) -> str:
    """Excel's letters of the 0-based column ``c`` (0 → A, 26 → AA)."""
    out = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        out = chr(65 + r) + out
    return out


def _note_side_by_side(rows: list[list[str]], header_idx: int | None, notes: list, merged: Sequence = ()) -> None:
    """A note when the table looks like two tables side by side (A–C and E–G, the column between empty in the
    header and every row): they are read as one table, each row taking the columns of both, so the right
    table's suggestions are not rows of their own. Said when each side has two or more named columns and the
    right repeats a name of the left (two years', two units' lists) or each side names a column for the text.
    A column inside cells ``merged`` across it from the left (a hand-typed "Förslag" over C:D) is no gap."""
    if header_idx is None or not rows:
        return
    covered: set[int] = set()
    for rng in merged:
        try:
            (_r0, c0), (r1, c1) = rng
        except (TypeError, ValueError):
            continue
        if r1 >= header_idx:
            covered.update(range(c0 + 1, c1 + 1))
    head = rows[header_idx]
    body = rows[header_idx + 1:header_idx + 2001]
    width = max([len(head)] + [len(r) for r in body])
    named = [c < len(head) and bool(head[c].strip()) for c in range(width)]
    used = [named[c] or any(c < len(r) and r[c].strip() for r in body) for c in range(width)]
    for gap in range(1, width - 1):
        if used[gap] or gap in covered or not any(used[:gap]) or not any(used[gap + 1:]):
            continue
        left = [c for c in range(gap) if named[c]]
        right = [c for c in range(gap + 1, width) if named[c]]
        if len(left) < 2 or len(right) < 2:
            continue
        lnames = {head[c].strip().casefold() for c in left}
        text = [any(_text_name_score(head[c].strip()) > 0 for c in side) for side in (left, right)]
        if {head[c].strip().casefold() for c in right} & lnames or all(text):
            last = max(c for c in range(width) if used[c])
            first = min(c for c in range(gap) if used[c])
            notes.append(Msg("note_side_by_side", left=f"{column_letters(first)}–{column_letters(gap - 1)}",
                             right=f"{column_letters(gap + 1)}–{column_letters(last)}", gap=column_letters(gap)))
            return


def _heading(cell: str) -> str:
    """A header cell's name as Excel shows it over its column: without the spaces around it, and none at all where
    it holds only characters no one sees (a zero-width space a web form exported), which names no column."""
    cell = cell.strip()
    return cell if _shown(cell) else ""


def _shown(cell: str) -> bool:
    """Whether a cell shows anything in Excel: not empty, spaces or only characters no one sees (a zero-width space,
    a byte-order mark)."""
    return bool(cell.strip()) and (not INVISIBLE.search(cell) or bool(INVISIBLE.sub("", cell).strip()))


def _split_header(rows: list[list[str]], header_idx: int | None) -> tuple[list[str], list[list[str]]]:
    """Header names and data rows; ``header_idx=None``: no header row, columns named ``kolumn_1``, ..."""
    if not rows:
        return [], []
    if header_idx is None:
        start = _first_data(rows, None)
        data = rows[start:]  # leading blank rows are padding, not suggestions
        width = max(len(r) for r in data) if data else 0
        header = [f"kolumn_{c + 1}" for c in range(width)]
    else:
        header = list(rows[header_idx])
        data = rows[header_idx + 1:]
        width = max([len(header)] + [len(r) for r in data]) if data else len(header)
    # Drop columns that are empty both in the header and in every row (spreadsheet padding).
    header = [_heading(h) for h in header]
    keep = [c for c in range(width)
            if (header_idx is not None and c < len(header) and header[c])
            or any(c < len(r) and (_shown(r[c]) or type(r[c]) is _Uncomputed) for r in data)]
    header = [header[c] if c < len(header) else "" for c in keep]
    data = [[(r[c] if c < len(r) else "") for c in keep] for r in data]
    # Trailing blank rows are spreadsheet padding, not suggestions.
    while data and not any(v.strip() or type(v) is _Uncomputed for v in data[-1]):
        data.pop()
    return _unique_names(header, keep), data


class _Names(list):
    """The column names :func:`_unique_names` gave, with ``twice``: each name the header row writes on more than
    one column → those columns' indexes (the second "Förslag" is called "Förslag (2)", a name the file does not
    have; a file whose header says "Förslag (2)" itself names no column twice); and ``positions``: each column's
    place in the file, 0-based, as Excel counts it (an empty column between them, left out, counted too)."""

    twice: dict[str, list[int]]
    positions: list[int]


def column_number(header: Sequence[str], i: int) -> int:
    """The number of the column ``header[i]`` as the file (and Excel) counts its columns, 1-based: with the empty
    columns the reader left out (:attr:`_Names.positions`)."""
    positions = getattr(header, "positions", None)
    return (positions[i] if positions is not None and i < len(positions) else i) + 1


def _unique_names(header: list[str], positions: Sequence[int] | None = None) -> list[str]:
    """Column names made unique ("Enhet (2)"); a name forbattra uses for its own columns ("_text",
    "status", "themes", ...) is numbered the same way, so the user's column is kept beside it. ``positions``:
    each column's place in the file (0-based; by default one after the other), which names a column without a
    name (*Kolumn 4* in Excel's column D, an empty column C left out)."""
    from forbattra.record import EVIDENCE, SCORES, STATUS, THEMES

    out = _Names()
    out.positions = list(positions) if positions is not None else list(range(len(header)))
    seen: dict[str, int] = {name: 1 for name in (*INTERNAL, THEMES, SCORES, EVIDENCE, STATUS)}
    written: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        base = name or f"Kolumn {out.positions[i] + 1}"
        if name:
            written.setdefault(name, []).append(i)
        new = base
        while new in seen:
            seen[base] += 1
            new = f"{base} ({seen[base]})"
        seen.setdefault(new, 1)
        seen.setdefault(base, 1)
        out.append(new)
    out.twice = {name: cols for name, cols in written.items() if len(cols) > 1}
    return out


# --------------------------------------------------------------------------------------------
# Delimited text


def decode_bytes(raw: bytes, encoding: str | None = None, *, path: str = "<input>") -> tuple[str, str]:
    """Decode file bytes, detecting UTF-8 (with/without BOM), UTF-16 and Windows-1252."""
    if encoding:
        if b"\x00" in raw[:4096] and "16" not in encoding and "32" not in encoding:
            # a code page decodes UTF-16 without an error, NUL bytes and all: name what it is, not "a binary file"
            detected = _other_encoding(raw, encoding, path)
            if detected and detected.startswith("utf-16"):
                raise InputFileError.of("err_cannot_decode_as_detected", path=path, encoding=encoding, byte=0,
                                        detected=detected)
        try:
            return raw.decode(encoding), encoding
        except LookupError:  # a bad option value, as a bad --delimiter: a usage error (exit 2)
            raise OptionValueError.of("err_unknown_encoding", encoding=encoding) from None
        except UnicodeDecodeError as exc:
            detected = _other_encoding(raw, encoding, path)
            if detected and "+" in detected:  # lines of two exports: as the streaming reader says it
                before = raw[:exc.start]  # (its line as the streaming reader counts it: \r\n, \n or \r end one)
                line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
                raise InputFileError.of("err_cannot_decode_line_given", path=path, encoding=encoding,
                                        line=line) from None
            if detected:  # --encoding utf-8 on Windows-1252: name what it looks like, not "try utf-8"
                raise InputFileError.of("err_cannot_decode_as_detected", path=path, encoding=encoding,
                                        byte=exc.start, detected=detected) from None
            raise InputFileError.of("err_cannot_decode_as", path=path, encoding=encoding, byte=exc.start) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:  # a line of an 8-bit export pasted below: read so, and said (_mixed_note)
            page = _code_page(raw[3:], exc.start)
            return _decode_8bit(raw[3:], page)[0], f"utf-8-sig+{page}"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputFileError.of("err_utf16_damaged", path=path) from None
    if len(raw) >= 4 and raw[1:4:2] == b"\x00\x00" and raw[0:4:2] != b"\x00\x00":
        return raw.decode("utf-16-le", errors="replace"), "utf-16-le"
    if len(raw) >= 4 and raw[0:4:2] == b"\x00\x00" and raw[1:4:2] != b"\x00\x00":  # (the other order, as Java writes)
        return raw.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    if b"\x00" in raw[:4096]:
        raise InputFileError.of("err_binary_table", path=path)
    enc = _code_page(raw, bad)
    text, first_utf8 = _decode_8bit(raw, enc)
    # some lines UTF-8 with å/ä/ö, others not: a file pasted together from two exports
    return text, (f"utf-8+{enc}" if first_utf8 is not None else enc)


_UTF8_PAIR = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
CODE_PAGE_WINDOW = 1_000_000  # the bytes the code page of a file's lines that are not UTF-8 is chosen on


def _line_start(raw: bytes, at: int) -> int:
    """Where the line holding byte ``at`` begins (\\r\\n, \\n and \\r end a line)."""
    return max(raw.rfind(b"\n", 0, at), raw.rfind(b"\r", 0, at)) + 1


def _code_page(raw: bytes, bad: int) -> str:
    """The 8-bit code page of the lines of ``raw`` that are not UTF-8 (``bad``: the first byte that is not),
    chosen on :data:`CODE_PAGE_WINDOW` bytes from the start of its line: wherever in the file those lines begin
    (a DOS export pasted below a megabyte of UTF-8 lines, a byte-order mark before them), and as the streaming
    reader chooses it (:func:`_code_page_at`)."""
    start = _line_start(raw, bad)
    return _single_byte_encoding(raw[start:start + CODE_PAGE_WINDOW])


def _code_page_at(p: Path, offset: int) -> str:
    """:func:`_code_page` of a file read in blocks: chosen on the bytes from ``offset``, a line's start."""
    with p.open("rb") as fh:
        fh.seek(offset)
        return _single_byte_encoding(fh.read(CODE_PAGE_WINDOW))


_LINE_END = re.compile(rb"\r\n|\n|\r")


def _line_offset(p: Path, n: int) -> int:
    """The byte offset of the start of the file's line ``n`` (1-based; \\r\\n, \\n and \\r end a line,
    as :func:`_text_blocks` counts them); read in blocks."""
    line, done, tail = 1, 0, b""
    with p.open("rb") as fh:
        while line < n:
            block = fh.read(STREAM_BLOCK)
            buf = tail + block
            keep = 1 if block and buf.endswith(b"\r") else 0  # (maybe the first half of \r\n)
            for m in _LINE_END.finditer(buf, 0, len(buf) - keep):
                line += 1
                if line == n:
                    return done + m.end()
            tail, done = buf[len(buf) - keep:], done + len(buf) - keep
            if not block:
                break
    return done


def _decode_8bit(raw: bytes, enc: str) -> tuple[str, int | None]:
    """``raw`` (not UTF-8 as a whole) decoded line by line: a line that is valid UTF-8 as UTF-8, any other
    in ``enc``; and the first line (0-based) that was UTF-8 beyond ASCII, None where none was. The whole-file
    and the streaming reader both decode so, wherever in the file the UTF-8 lines are."""
    if _UTF8_PAIR.search(raw) is None:  # no line can be UTF-8 with a non-ASCII letter
        return raw.decode(enc, errors="replace"), None
    out: list[str] = []
    first: int | None = None
    for i, line in enumerate(raw.splitlines(keepends=True)):
        if line.isascii():
            out.append(line.decode("ascii"))
            continue
        try:
            out.append(line.decode("utf-8"))
            if first is None:
                first = i
        except UnicodeDecodeError:
            out.append(line.decode(enc, errors="replace"))
    return "".join(out), first


def _mixed_note(raw: bytes, enc: str) -> Msg | None:
    """The note on a file whose lines are in two encodings (``enc`` as :func:`decode_bytes` names such a
    file, ``utf-8+cp1252``; None for any other): the first line, as an editor counts lines, that is not in the
    encoding of the file's first line beyond ASCII. The reading line names both encodings; this names the
    line where the second begins, to find it in the file (the streaming reader notes the same line)."""
    if "+" not in enc:
        return None
    utf8, eight = enc.split("+")
    first = None
    for n, line in enumerate(raw.splitlines(), 1):  # (bytes: \r\n, \n and \r end a line, as an editor's)
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            kind = utf8
        except UnicodeDecodeError:
            kind = eight
        if first is None:
            first = kind
        elif kind != first:
            return Msg("note_mixed_encoding", line=n, other=kind, first=first)
    return None


_SWEDISH_LETTERS = set("åäöÅÄÖéÉ")
# what a wrong code page makes of å/ä/ö and Swedish punctuation: letters and signs Swedish text hardly has
def _letterish(b: int) -> bool:
    return b >= 0x80 or 65 <= b <= 90 or 97 <= b <= 122


_WORD_PUNCTUATION = set("”“‘’…–—€•")
_NEVER_INSIDE = set("”“…€•")  # between two letters these are letters of another page ("m”ten"); ’ – — are not  # Windows-1252's 0x80–0x9F as Word types them (not „ and †: cp850's ä, å)
# (not ² ½ °: "m²", "½ dag")
_IMPLAUSIBLE = set("÷×ÕõÃãÂâ‰ˆŒœšŠ†‡¤¦¨ª¬¯±´µ¶¸º¿ÐðÞþƒîÎïÏìÌíÍûÛùÙúÚ") | {chr(c) for c in range(0x2500, 0x25A0)}


def _single_byte_encoding(raw: bytes) -> str:
    """The 8-bit encoding of a Swedish export that is not UTF-8: Windows-1252 (Swedish Excel's "CSV
    (semikolonavgränsad)"), unless the DOS (cp850) or old Mac (mac_roman) code page reads its bytes
    clearly better: more å/ä/ö/é and fewer signs Swedish text does not have (÷, Õ, ‰, box drawing …).
    Only lines that are not UTF-8 count (a file may mix the two). A general detector (charset-normalizer)
    chose mac_roman or cp850 for half of the everyday one-line Swedish files tried."""
    lines = [ln for ln in raw.splitlines() if not ln.isascii()]
    counts: dict[tuple[int, bool], int] = {}  # (byte, inside a word: a letter on both sides) → occurrences
    for ln in lines:
        try:
            ln.decode("utf-8")
            continue  # a UTF-8 line is decoded as UTF-8 anyway
        except UnicodeDecodeError:
            pass
        for i, b in enumerate(ln):
            if b >= 0x80:
                inside = 0 < i < len(ln) - 1 and _letterish(ln[i - 1]) and _letterish(ln[i + 1])
                counts[(b, inside)] = counts.get((b, inside), 0) + 1
    if not counts:
        return "cp1252"

    def score(enc: str) -> int:
        total = 0
        for (b, inside), n in counts.items():
            ch = bytes([b]).decode(enc, errors="replace")
            if ch in _SWEDISH_LETTERS:
                total += n
            elif enc == "cp1252" and ch in _WORD_PUNCTUATION:
                # Word's ” … – € next to a space or line end are a sign of Windows-1252; between two
                # letters ("m”ten") they are cp850's ö, mac_roman's Ö … read in the wrong page
                total += -2 * n if inside and ch in _NEVER_INSIDE else n
            elif ch in _IMPLAUSIBLE or ch == "\ufffd":
                total -= 2 * n
        return total

    base = score("cp1252")
    best, best_score = "cp1252", base
    for enc in ("cp850", "mac_roman"):
        other = score(enc)
        if other > best_score and other >= base + max(3, abs(base) // 2):
            best, best_score = enc, other
    return best


def _partial_utf8_tail(raw: bytes) -> int:
    """How many bytes at the end of ``raw`` start a UTF-8 character whose other bytes are not there (0 to 3)."""
    for k in range(1, min(4, len(raw)) + 1):
        b = raw[-k]
        if 0x80 <= b < 0xC0:  # a continuation byte: its lead byte is further back
            continue
        need = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        return k if need > k else 0
    return 0


def _cut_character(raw: bytes, encoding: str | None) -> int:
    """The bytes of a character a UTF-8 file ends inside — a file cut off while it was copied in or written, the
    rest of the character not yet there —, to be left out; 0 where it ends with a whole character or is not UTF-8.
    Without ``--encoding`` the rest must be UTF-8 with a letter beyond ASCII in it: a Windows-1252 export may end
    in "Ä" (0xC4, a UTF-8 lead byte). So too a UTF-16 file with its byte-order mark (Excel's "Unicode text")
    cut after an odd number of bytes, or between the two halves of a character beyond the BMP (an emoji).
    :func:`_cut_encoding` names which."""
    import codecs

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        if encoding and codecs.lookup(encoding).name != "utf-16":
            return 0
        k = len(raw) % 2
        unit = raw[len(raw) - k - 2:len(raw) - k]
        if len(unit) == 2 and 0xD8 <= unit[0 if raw.startswith(b"\xfe\xff") else 1] <= 0xDB:  # a lone first half
            k += 2
        if not k:
            return 0
        try:
            raw[:len(raw) - k].decode("utf-16")
        except UnicodeDecodeError:
            return 0
        return k
    k = _partial_utf8_tail(raw)
    if not k or encoding and codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
        return 0
    rest = raw[:-k]
    try:
        rest.decode("utf-8")
    except UnicodeDecodeError:
        return 0
    return k if encoding or not rest.isascii() else 0


def _cut_encoding(raw: bytes) -> str:
    """The encoding a file :func:`_cut_character` cut is in, as the note names it."""
    return "UTF-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "UTF-8"


def check_text_options(encoding: str | None, delimiter: str | None) -> None:
    """``--encoding`` and ``--delimiter`` checked before anything is read, with the readers' own errors (exit 2):
    an encoding Python does not know, a delimiter that is no single character."""
    import codecs

    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise OptionValueError.of("err_unknown_encoding", encoding=encoding) from None
    if delimiter is not None:
        _delimiter(delimiter)


_DELIMITER_NAMES = {"tab": "\t", "tabb": "\t", "tabulator": "\t", "\\t": "\t", "semicolon": ";", "semikolon": ";",
                    "comma": ",", "komma": ","}


def _delimiter(delimiter: str) -> str:
    """``--delimiter``'s character (names allowed, in any case and in Swedish too: tab/tabb, semicolon/semikolon,
    comma/komma); anything else is a usage error (exit 2), in both readers."""
    from forbattra.errors import OptionValueError

    delim = _DELIMITER_NAMES.get(delimiter.casefold(), delimiter) if len(delimiter) > 1 else delimiter
    if len(delim) != 1 or delim in "\r\n\"":
        raise OptionValueError.of("err_delimiter", delimiter=delimiter)
    return delim


_EXCEL_SEP_ROW = re.compile(r'\s*\ufeff?\s*sep=[^\w\r\n"]?\s*', re.IGNORECASE)  # that line as a row's first field
_EXCEL_SEP = re.compile(r'\ufeff?"?sep=([^\r\n"])"?[ ]*(?:\r\n|\n|\r|$)', re.IGNORECASE)


def excel_sep_line(text: str) -> tuple[str | None, int]:
    """The delimiter a first line ``sep=;`` (or ``sep=,``, ``sep=<tab>``) names, and the characters of that line
    with its line break; ``(None, 0)`` without one. Excel writes and reads that line as the delimiter's hint
    and shows it as no row, so both readers take the delimiter from it (unless ``--delimiter`` is given) and
    leave the line out: it is neither a title nor a data row, and the rows named are those Excel shows."""
    m = _EXCEL_SEP.match(text)
    return (m.group(1), m.end()) if m else (None, 0)


def sniff_delimiter(text: str) -> str:
    """The delimiter (``;`` ``,`` tab ``|``) that splits the first lines most consistently.

    When none splits most lines (a list of one column) the file is one column: the rare line with a ``;``
    or ``,`` is text, so the delimiter is one that is in none of those lines (``;`` where it is in none;
    else the rarest of them) — unless ``;`` splits the first line, a header naming columns that most
    rows leave empty. A first line that none of them splits (a header of one name, "Förslag") makes the file
    one column too, however many of its texts have a comma ("Bättre kaffe, fler raster": no second column),
    unless a table follows it (:func:`_table_below`: the first line is a title above the table's header).

    A file read as one column gets the candidate found least in all of ``text``, not only in the first lines
    sniffed: a ``;`` or ``,`` that first turns up further down is a text's, and would cut that line."""
    return _sniff(text)[0]


def _sniff(text: str) -> tuple[str, bool]:
    """:func:`sniff_delimiter`'s delimiter, and whether the file is one column (a list of texts: the delimiter
    chosen is one that splits none of them, or the fewest)."""
    lines = [ln for ln in text.splitlines()[:60] if ln.strip()]
    if not lines:
        return ";", False
    sample = "\n".join(lines)
    best, best_score = ";", -1.0
    candidates = _CANDIDATES
    for d in candidates:
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
    if best_score >= 0 and not any(d in lines[0] for d in candidates) and not _table_below(lines[1:], best):
        best_score = -1.0  # a header of one name: a comma in a text below it is the text's
    # one column, unless ';' splits the first line into a header's names (not a text's "Mer ljus; fler lampor")
    if best_score < 0 and (";" not in lines[0] or _prose_split(lines[0], ";")):
        return min(candidates, key=text.count), True
    return best, False


def _prose_split(line: str, delim: str) -> bool:
    """Whether ``delim`` stands in ``line`` as prose writes it, a space after each ("Bättre belysning; fler lampor"),
    between no column names ("Förslag; Kommentar" is a header)."""
    try:
        cells = next(csv.reader([line], delimiter=delim), [])
    except csv.Error:
        return False
    filled = [v for v in cells[1:] if v.strip()]
    return bool(filled) and all(v[:1].isspace() for v in filled) and not all(map(_column_name, map(str.strip, cells)))


def _only_in_texts(text: str, delim: str) -> tuple[str, int] | None:
    """Where ``--delimiter`` names a character the file holds only inside its texts — a one-column list
    (:func:`_sniff`: a header of one name over texts, or texts alone) with a "; " in some of them —: the
    delimiter that reads the file as that one column, and the first line holding the character given. Split at it,
    the header was taken for data and each text cut in two, the texts without it read as empty rows."""
    sample = text[:1_000_000]
    if not _sniff(sample)[1]:
        return None
    found = min(_CANDIDATES, key=text.count)  # (as _sniff picks it, in all of ``text``)
    line = next((i for i, ln in enumerate(text.splitlines(), 1) if delim in ln), None) if delim in text else None
    return None if line is None or found == delim else (found, line)


_CANDIDATES = (";", "\t", ",", "|")  # the delimiters detection knows, in the order it prefers them


def _rarest_in_file(p: Path) -> str:
    """The delimiter found least in the whole file ``p``: the streaming reader's choice for a list of one column,
    which it detects on the first megabyte, as :func:`_sniff` makes it in all of the whole-file reader's text — a
    ';' in a text far down such a list is the text's, not a cut that moves the rest of it into a column of its own.
    (Streamed files are in an encoding that writes these characters as their one byte.)"""
    counts = dict.fromkeys(_CANDIDATES, 0)
    with p.open("rb") as fh:
        while block := fh.read(STREAM_BLOCK):
            for d in _CANDIDATES:
                counts[d] += block.count(d.encode("ascii"))
    return min(_CANDIDATES, key=counts.__getitem__)


def _first_line_with(p: Path, delim: str) -> int | None:
    """The first line of the file ``p`` that holds ``delim`` (1-based), or None: where a streamed list of one column
    has a ``--delimiter`` given after the first megabyte (:func:`_only_in_texts` looks at that megabyte)."""
    char, seen = delim.encode("ascii"), 0
    with p.open("rb") as fh:
        while block := fh.read(STREAM_BLOCK):
            if (at := block.find(char)) >= 0:
                return seen + block.count(b"\n", 0, at) + 1
            seen += block.count(b"\n")
    return None


def _table_below(lines: list[str], delim: str) -> bool:
    """Whether ``lines`` (those after a first line without a delimiter) hold a table that ``delim`` splits: the
    first line it splits is a header of column names ("ID,Förslag,Enhet" below a title line), or the lines
    are split alike, their cells not begun with a space (a table whose names forbattra does not know, or whose
    header names only its first column). Not a list of texts that have a comma or two ("Bättre kaffe, fler
    raster": a space after each, as prose writes a comma — even where every text has one, or two)."""
    rows = [r for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delim) if r]
    split = next((r for r in rows if len(r) >= 2), None)
    if split is None:
        return False
    cells = [v.strip() for v in split if v.strip()]
    if sum(map(_column_name, cells)) >= max(2, len(cells) / 2):
        return True
    widths = [len(r) for r in rows]
    mode = max(set(widths), key=lambda w: (widths.count(w), w))
    spaced = sum(v[:1].isspace() for r in rows for v in r[1:])
    return widths.count(mode) >= 0.9 * len(widths) and spaced * 2 < sum(widths) - len(widths)


def _csv_rows(blocks: Iterable[list[str]], delim: str, path: str, notes: list[str],
              starts: list[int] | None = None, max_starts: int | None = None,
              batch: int = 4096, wider: list[int] | None = None,
              gaps: list[tuple[int, int]] | None = None) -> Iterator[list[list[str]]]:
    """The non-empty CSV rows of ``blocks`` (lists of lines, each ending in "\\n"), ``batch`` at a time,
    recovering from an unbalanced opening quote.

    A quote that opens a cell and is never closed (or closed only lines later) makes the csv module read
    every following line into that one cell. A row is treated so when it spans several lines, its quoting
    is broken and those lines, read on their own, look like rows of the table (:func:`_unbalanced_quote`):
    then its first line is read again without quoting, a note says so, and reading goes on with the next
    line. When that first line is wider than the table, or the quote is never closed and the lines it
    swallowed are partly rows, the file is refused naming the row. A last line whose quote is never closed
    is read without quoting too. Used by both the whole-file and the streaming reader (which both end
    every line, the last too, in "\\n"), so both read the same rows.

    Notes and ``starts`` name the row Excel shows: the record counted from the top (a quoted cell over
    several lines is one row) plus the entirely empty lines above it. ``starts`` receives that row for
    each non-empty row (the first ``max_starts`` of them). ``wider``, where given, is ``[width, rows,
    first row, its fields]``: rows from here on with filled fields beyond ``width`` are counted into it
    (the streaming reader sets the header's width once it knows it; see :func:`_note_extra_fields`).
    ``gaps``, where given, receives ``(index of the row, entirely empty lines just above it)`` for every
    row after empty lines (:attr:`ReadInfo.gaps`).

    Every line goes through the C ``csv`` reader once; only a row that spans several lines, or whose
    width changes and whose quoting is broken, gets the line-by-line checks.
    """
    kept: deque[tuple[int, list[str]]] = deque()  # (index of its first line, lines) of blocks still needed
    total = 0  # lines handed to the csv reader's source so far

    quoted_then_text = _quoted_then_text(delim)
    closed_then_text = re.compile(rf'"(?<=[^{re.escape(delim)}\n"]")(?=[ ]*[^ {re.escape(delim)}"\r\n])')
    as_written: set[int] = set()  # lines with a quoted start followed by more text ("Fika" på fredagar)

    def source() -> Iterator[list[str]]:
        nonlocal total
        for lines in blocks:
            block = "".join(lines)
            # NFC line by line is NFC of the block: a line break composes and reorders with nothing, so a
            # block already in NFC (nearly every one) has every line in NFC (thirty-ninth round: one C-level
            # check a block instead of a call a line)
            if not block.isascii() and not unicodedata.is_normalized("NFC", block):
                lines = [_nfc(line) for line in lines]
                block = "".join(lines)
            if '"' in block:
                at, line = 0, 0  # (the line of each quote, counted on from the last)
                for m in closed_then_text.finditer(block):  # (a fast search; the line is then looked at whole)
                    line += block.count("\n", at, m.start())
                    at = m.start()
                    end = block.find("\n", at)
                    if quoted_then_text.search(block, block.rfind("\n", 0, at) + 1, len(block) if end < 0 else end):
                        as_written.add(total + line)
            kept.append((total, lines))
            total += len(lines)
            yield lines

    def span(lo: int, hi: int) -> list[str]:
        """Lines ``lo`` to ``hi`` (0-based, end exclusive), from the blocks kept."""
        out: list[str] = []
        for first, lines in kept:
            if first < hi and first + len(lines) > lo:
                out.extend(lines[max(lo - first, 0):hi - first])
        return out

    lines_iter = chain.from_iterable(source())
    gap = skipped = 0  # empty lines since the last row; those between rows, in all
    empties = 0  # entirely empty lines so far (each a row in Excel: the rows notes name count them)
    n_rows = 0  # rows yielded (or to be) so far
    starts_seen = False
    pos = 0  # lines consumed before the current row (= 0-based index of its first line)
    prev_width: int | None = None
    widest = 0  # the widest row so far: the table's width, where some rows leave off empty fields
    limit = max_starts if max_starts is not None else -1
    more_starts = starts is not None and len(starts) != limit  # a row's start still to note in ``starts``
    seps = [0, 0]  # Excel's "sep=" lines among the rows: how many, the first's row as Excel shows it
    others: list = [0, 0, ""]  # rows written with another delimiter: how many, the first's row, that delimiter
    while True:
        base = pos
        reader = csv.reader(lines_iter, delimiter=delim)
        out: list[list[str]] = []
        restarted = False
        merge: str | None = None  # a line whose quoted cell may go on over the next lines (see below)
        try:
            for row in reader:
                end = base + reader.line_num
                if end - pos == 1 and end != total and not gap and len(row) == prev_width == widest \
                        and '"' not in row[-1] and "=" not in row[0] \
                        and (not as_written or pos not in as_written) and (wider is None or widest <= wider[0]):
                    # the common row, one line of the table's full width with no quote in its last cell:
                    # none of the checks below applies to it (a row over several lines, a width that
                    # changes, a quote, Excel's "sep=", empty lines above it, a row wider than the header),
                    # so it goes straight through (thirty-ninth round)
                    n_rows += 1
                    if more_starts:
                        starts.append(n_rows + empties)  # type: ignore[union-attr]
                        more_starts = len(starts) != limit  # type: ignore[arg-type]
                    pos = end
                    out.append(row)
                    if len(out) >= batch:
                        while len(kept) > 1 and kept[0][0] + len(kept[0][1]) <= pos:
                            kept.popleft()
                        yield out
                        out = []
                    continue
                read = row
                if end - pos > 1 and row:
                    lines = span(pos, end)
                    fixed = _unbalanced_quote(lines, delim, prev_width, widest, n_rows + empties + 1, path, notes,
                                              row[-1].endswith("\n"))
                    if fixed is not None:
                        notes.append(Msg("note_unbalanced_quote", line=n_rows + empties + 1))
                        if more_starts:
                            starts.append(n_rows + empties + 1)  # type: ignore[union-attr]
                            more_starts = len(starts) != limit  # type: ignore[arg-type]
                        if gap and starts_seen and len(fixed) == prev_width:
                            skipped += gap
                        if gap and gaps is not None:
                            gaps.append((n_rows, gap))
                        gap = 0
                        n_rows += 1
                        starts_seen = True
                        prev_width = len(fixed)
                        widest = max(widest, prev_width)
                        out.append(fixed)
                        pos += 1
                        # read again from the second line of the span
                        lines_iter = chain(lines[1:], lines_iter)
                        restarted = True
                        break
                elif row and (prev_width and len(row) != prev_width or end == total and row[-1][-1:] == "\n") \
                        and end - pos == 1:
                    # A line whose quoting is broken; at the end of the file (the last line read, its last
                    # cell ending in the line break) a quote never closed, whatever the row's width.
                    line = span(pos, end)[0]
                    if '"' in line and _malformed([line], delim):
                        plain = next(csv.reader([line], delimiter=delim, quoting=csv.QUOTE_NONE), [])
                        at_end = row[-1][-1:] == "\n"
                        if len(plain) == prev_width or at_end and len(plain) == len(row):
                            notes.append(Msg("note_unbalanced_quote", line=n_rows + empties + 1))
                            row = plain
                        elif at_end:
                            notes.append(Msg("note_quote_open_at_end", line=n_rows + empties + 1))
                        elif prev_width and _opens_cell(plain, row) is not None:
                            merge = line
                elif prev_width and len(row) == prev_width and end - pos == 1 and '"' in row[-1]:
                    line = span(pos, end)[0]
                    plain = next(csv.reader([line], delimiter=delim, quoting=csv.QUOTE_NONE), [])
                    if _opens_cell(plain, row) is not None and _malformed([line], delim):
                        merge = line
                if merge is not None:
                    # a quoted cell over several lines with a quote inside it not doubled: the csv reader
                    # ended the row at its first line and would make the cell's last line a row of its own
                    ahead = list(islice(lines_iter, _CELL_LINES_AHEAD))  # (the reader has read none of them)
                    merged = _undoubled_quote_cell(merge, ahead, delim, prev_width or 0, row)
                    used = 0
                    if merged is not None:
                        row, used = merged
                        notes.append(Msg("note_undoubled_quote", line=n_rows + empties + 1, n=used + 1))
                        end += used
                    # read on from the line after this row with a new reader
                    lines_iter = chain(ahead[used:], lines_iter)
                    restarted = True
                    merge = None
                if row is read and as_written and any(k in as_written for k in range(pos, end)):
                    # a cell that starts with a quoted phrase and goes on after it ("Fika" på fredagar): the
                    # csv module drops its quotes; it is read as written, where that gives the row's width (a
                    # row over several lines too, another cell of it quoted over them)
                    as_written.difference_update(range(pos, end))
                    cells = _cells_as_written("".join(span(pos, end)), delim)
                    if len(cells) == len(row):
                        row = cells
                if not row:
                    pos = end
                    gap += 1
                    empties += 1
                    continue  # an empty line is not a row (as in pandas and Excel's CSV); counted below
                if _EXCEL_SEP_ROW.fullmatch(row[0]) and not any(map(str.strip, row[1:])):
                    # Excel's "sep=;" line again further down (a second export pasted below the first): no id
                    # "sep=" and no suggestion, but a row Excel shows, counted as empty (as the header repeated)
                    if not seps[0]:
                        seps[1] = n_rows + empties + 1
                    seps[0] += 1
                    row = [""] * len(row)
                if gap and starts_seen and len(row) == prev_width:  # between two rows of the table
                    skipped += gap
                if gap and gaps is not None:
                    gaps.append((n_rows, gap))
                gap = 0
                n_rows += 1
                prev_width = len(row)
                if prev_width > widest:
                    widest = prev_width
                if more_starts:
                    starts.append(n_rows + empties)  # type: ignore[union-attr]
                    more_starts = len(starts) != limit  # type: ignore[arg-type]
                if wider is not None and len(row) > wider[0] and any(map(str.strip, row[wider[0]:])):
                    if not wider[1]:
                        wider[2:] = [n_rows + empties, max(c + 1 for c, v in enumerate(row) if v.strip())]
                    wider[1] += 1
                if len(row) == 1 and widest > 1 and (other := _written_with_other(row[0], delim, widest)):
                    if not others[0]:
                        others[1:] = [n_rows + empties, other]
                    others[0] += 1
                pos = end
                out.append(row)
                starts_seen = True
                if len(out) >= batch:
                    while len(kept) > 1 and kept[0][0] + len(kept[0][1]) <= pos:
                        kept.popleft()
                    yield out
                    out = []
                if restarted:
                    break
        except csv.Error as exc:
            raise InputFileError.of("err_malformed_delimited", path=path, line=n_rows + empties + 1,
                                    reason=exc) from None
        while len(kept) > 1 and kept[0][0] + len(kept[0][1]) <= pos:
            kept.popleft()
        if out:
            yield out
        if not restarted:
            if skipped:
                notes.append(Msg("note_empty_lines", n=skipped))
            if seps[0]:
                notes.append(Msg("note_sep_line_again", n=seps[0], row=seps[1]))
            if others[0]:
                shown = {"\t": "tab", ";": "';'", ",": "','", "|": "'|'"}
                notes.append(Msg("note_other_delimiter_rows", n=others[0], row=others[1], found=shown[others[2]],
                                 delimiter=shown.get(delim, repr(delim))))
            return


def _written_with_other(cell: str, delim: str, width: int) -> str | None:
    """The delimiter a row read as one cell was written with ("99999,Bättre kaffe,Skola 1" in a ';' file: a line
    pasted from another export), where it splits the cell into the table's ``width`` fields as a table's
    delimiter, no space after it (not a text's "Mer fika, gärna på fredagar"); else None."""
    for other in (";", ",", "\t", "|"):
        if other == delim or other not in cell:
            continue
        try:
            cells = next(csv.reader([cell], delimiter=other), [])
        except csv.Error:
            continue
        if len(cells) == width and not any(v[:1].isspace() for v in cells[1:]):
            return other
    return None


def _long_line(raw: bytes) -> int | None:
    """The number of the first line of ``raw`` (ended by \\r\\n, \\n or \\r) longer than
    :data:`MAX_LINE_BYTES`, or None: from a line's start, a window of the limit's length holding no line
    break has such a line; else the next window starts after the last break in it."""
    limit = MAX_LINE_BYTES
    pos = 0
    while len(raw) - pos > limit:
        end = max(raw.rfind(b"\n", pos, pos + limit + 1), raw.rfind(b"\r", pos, pos + limit + 1))
        if end < 0:
            return raw.count(b"\n", 0, pos) + raw.count(b"\r", 0, pos) - raw.count(b"\r\n", 0, pos) + 1
        pos = end + 1
    return None


def _refuse_long_cell(p: Path, sheet: str, rows: list[list[str]]) -> None:
    """Refuse a sheet with a cell longer than a delimited file's line may be (:data:`MAX_LINE_BYTES`
    characters): Excel holds 32,767 a cell, so such a cell is crafted — a small file whose one string
    unpacks to megabytes, within the zip-bomb limits — and classifying it would take gigabytes."""
    for i, row in enumerate(rows):
        if row and max(map(len, row)) > MAX_LINE_BYTES:
            from xlsxwriter.utility import xl_rowcol_to_cell

            c = next(c for c, v in enumerate(row) if len(v) > MAX_LINE_BYTES)
            raise InputFileError.of("err_cell_too_long", path=p, sheet=sheet, cell=xl_rowcol_to_cell(i, c),
                                    mb=MAX_LINE_BYTES // 1_000_000)


def _long_line_error(path: str, line: int) -> InputFileError:
    # The same verdict from the whole-file and the streaming reader, before the line is gathered.
    return InputFileError.of("err_line_too_long", path=path, line=line, mb=MAX_LINE_BYTES // 1_000_000)


def _nul_error(path: str, line: int) -> InputFileError:
    # The same verdict from the whole-file and the streaming reader, wherever the NUL byte is; where every byte
    # from the first NUL on is one, the file is still being copied or written (_zeros_to_the_end), not binary
    key = "err_nul_tail" if _zeros_to_the_end(path) else "err_nul_line"
    return InputFileError.of(key, path=path, line=line)


def _zeros_to_the_end(path: str) -> bool:
    """True when the file's bytes from its first NUL to its end are all NUL: what a copy that sets the file's
    size first (Windows Explorer onto a network share, a download manager) shows until the data arrives, and
    what a write cut short by a crash leaves. Read a block at a time (an error path: the file once more)."""
    try:
        with open(path, "rb") as fh:
            seen = False
            while block := fh.read(STREAM_BLOCK):
                if not seen:
                    first = block.find(b"\x00")
                    if first < 0:
                        continue
                    seen, block = True, block[first:]
                if block.strip(b"\x00"):
                    return False
            return seen
    except OSError:
        return False


def _unbalanced_quote(span: list[str], delim: str, width: int | None, widest: int, row: int, path: str,
                      notes: list[str], open_end: bool = False) -> list[str] | None:
    """The first line of a multi-line row re-read unquoted, when the row swallowed lines that are rows.

    Swallowed: the quoting of the row is broken (a quote never closed, or text after the closing quote)
    and (nearly) every line after the first, read on its own, looks like a row of this table: the width
    of the row above, or more than one field and no more than the widest row so far (rows of a hand-made
    file often leave off their empty last fields); in a table of one column, one field. The first line
    must fit the table too, else the file is refused naming ``row`` (the row Excel shows). A quote never
    closed (``open_end``: the row runs to the end of the file) that swallowed lines only partly like rows
    is refused as well, rather than losing them; one that swallowed only text is kept as that text, with
    a note. A well-formed quoted cell whose lines merely look like rows is kept, with a note naming the row.
    """
    if '"' not in span[0]:
        return None
    conts = [ln for ln in span[1:] if ln.strip()]
    widths = [_line_width(ln, delim) for ln in conts]
    if width is None:  # the file's first row: the width most of the lines below have
        width = widest = max(set(widths), key=lambda w: (widths.count(w), w)) if widths else 0
    wide = max(widest, width)
    matching = sum(w == width for w in widths)
    if not _malformed(span, delim):
        if width >= 2 and matching >= 2 and matching >= 0.8 * len(conts):
            notes.append(Msg("note_quoted_cell_lines", line=row, n=len(span)))
        return None
    last = span[-1].rstrip("\n")
    if not open_end and width >= 2 and (last.endswith('"') or f'"{delim}' in last) \
            and len(next(csv.reader(span, delimiter=delim), [])) == width:
        return None  # a cell over several lines closed by its quote, the row's width, a quote inside it unescaped
    # (a line that starts as a list's item — "- fler bilar; gärna el" — is a text's line, whatever its fields)
    rowlike = sum((2 <= w <= wide or w == wide == 1) and not _BULLET.match(ln) for w, ln in zip(widths, conts))
    first = next(csv.reader([span[0]], delimiter=delim, quoting=csv.QUOTE_NONE), [])
    if conts and rowlike >= 0.8 * len(conts) or open_end and not conts:
        if wide and len(first) > wide:
            raise InputFileError.of("err_quote_runs_over", path=path, line=row, count=len(span) - 1)
        return first
    if open_end:
        if rowlike:
            raise InputFileError.of("err_quote_runs_over", path=path, line=row, count=len(span) - 1)
        notes.append(Msg("note_quote_open_at_end", line=row))
    return None


_BULLET = re.compile(r"\s*(?:[-–—•*]|\d{1,2}[.)])\s")  # a list's item: "- ", "• ", "1. ", "2) "


def _line_width(line: str, delim: str) -> int:
    """Number of cells of one line read on its own (unquoted when its own quoting is broken)."""
    try:
        return len(next(csv.reader([line], delimiter=delim, strict=True), []))
    except csv.Error:
        return len(next(csv.reader([line], delimiter=delim, quoting=csv.QUOTE_NONE), []))


_CELL_LINES_AHEAD = 20  # lines looked at for the end of a quoted cell whose inner quote was not doubled


def _opens_cell(plain: list[str], row: list[str]) -> int | None:
    """The index of the cell of a line (``plain``: its cells read without quoting; ``row``: read by the csv
    reader) that opens a quote left open at the line's end — it starts with a quote and, with the rest of
    the line, holds an odd number of them ("Första raden "citat" mitt i) — where the cells before it are
    the same read either way (no quoting there); else None."""
    for c, cell in enumerate(plain):
        if cell.lstrip(" ").startswith('"'):
            if sum(v.count('"') for v in plain[c:]) % 2 == 1 and plain[:c] == row[:c]:
                return c
            return None
    return None


def _undoubled_quote_cell(line: str, ahead: list[str], delim: str, width: int,
                          row: list[str]) -> tuple[list[str], int] | None:
    """``row`` (read from ``line``) with its quoted cell continued over the lines of ``ahead`` up to the one
    that closes its quote, and the number of those lines; None where that is not clearly so.

    A quoted cell over several lines with a quote inside it that was not doubled (``"Första raden "citat"
    mitt i`` / ``andra raden"``) is read by the csv module as a row ending at the first line, and the
    cell's last line as a row of its own. Merged only where the next lines (at most
    :data:`_CELL_LINES_AHEAD`) up to the one that closes the cell are all narrower than the table (not rows
    of it), the cell closes there at a quote that leaves its quotes paired and ends the line or comes before
    a delimiter, and the row so read is as wide as the table. The cell is the text between its first and
    last quote, a doubled quote read as one."""
    plain = next(csv.reader([line], delimiter=delim, quoting=csv.QUOTE_NONE), [])
    c = _opens_cell(plain, row)
    if c is None or not width:
        return None
    first = delim.join(plain[c:]).lstrip(" ")
    parts = [first]
    quotes = first.count('"')
    for k, nxt in enumerate(ahead):
        text = nxt.rstrip("\n")
        if len(next(csv.reader([text], delimiter=delim, quoting=csv.QUOTE_NONE), [])) >= width:
            return None  # a row of the table, or text too like one to tell
        for i, ch in enumerate(text):
            if ch != '"':
                continue
            quotes += 1
            rest = text[i + 1:]
            if quotes % 2 == 0 and (not rest.strip(" ") or rest.startswith(delim)):
                cell = "\n".join(parts + [text[:i + 1]])[1:-1].replace('""', '"')
                after = next(csv.reader([rest[1:]], delimiter=delim), []) if rest.startswith(delim) else []
                out = row[:c] + [cell] + after
                return (out, k + 1) if len(out) == width else None
        parts.append(text)
    return None


def _quoted_then_text(delim: str) -> "re.Pattern[str]":
    """Finds, in a line, a cell that opens with a quoted phrase and goes on after its closing quote (``"Fika" på
    fredagar``): not CSV quoting (which closes a cell at a delimiter or the line's end), a quote as written."""
    d = re.escape(delim)
    return re.compile(rf'(?:^|{d})"[^"\n]*(?:""[^"\n]*)*"(?=[ ]*[^ {d}"\r\n])', re.MULTILINE)


def _cells_as_written(line: str, delim: str) -> list[str]:
    """The cells of one row (its lines joined), a quoted cell read as CSV quotes it (without its quotes, a doubled
    quote as one; a line break inside kept) where its closing quote ends it, and a cell that opens with a quoted
    phrase and goes on after it as written, quotes and all, up to the delimiter after that phrase (``"Fika; fredag"
    varje vecka``: one cell)."""
    line = line.rstrip("\n")
    cells: list[str] = []
    i, n = 0, len(line)
    while True:
        close = -1
        if line.startswith('"', i):
            j = i + 1
            while (close := line.find('"', j)) >= 0 and line.startswith('""', close):
                j = close + 2
        if close >= 0 and (close + 1 == n or line[close + 1] == delim):
            cells.append(line[i + 1:close].replace('""', '"'))
            i = close + 1
        else:
            e = line.find(delim, close + 1 if close >= 0 else i)
            e = n if e < 0 else e
            cells.append(line[i:e])
            i = e
        if i >= n:
            return cells
        i += 1  # the delimiter
        if i == n:
            cells.append("")
            return cells


def _malformed(span: list[str], delim: str) -> bool:
    """True when the quoting of ``span`` is broken (a quote never closed, or text after a closing quote)."""
    try:
        list(csv.reader(span, delimiter=delim, strict=True))
    except csv.Error:
        return True
    return False


def _read_delimited(p: Path, *, encoding: str | None, delimiter: str | None,
                    header: bool | None = None) -> tuple[list[str], list[list[str]], ReadInfo]:
    raw = p.read_bytes()
    if (long_line := _long_line(raw)) is not None:
        raise _long_line_error(str(p), long_line)
    if dropped := _cut_character(raw, encoding):  # the half of a character a cut-off file ends in: left out
        raw = raw[:-dropped]
    text, enc = decode_bytes(raw, encoding, path=str(p))
    if "\x00" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        raise _nul_error(str(p), text.count("\n", 0, text.index("\x00")) + 1)
    hint, hint_len = excel_sep_line(text)
    text = text[hint_len:]
    notes: list[str] = []
    single = not delimiter
    if delimiter:
        delim = _delimiter(delimiter)
        if (texts_only := _only_in_texts(text, delim)) is not None:  # a one-column list: read as one
            delim, single = texts_only[0], True
            notes.append(_given_in_texts(delimiter, texts_only[1]))
    elif hint:
        delim = hint
    else:
        delim = "\t" if p.suffix.lower() in (".tsv", ".tab") and "\t" in text[:10000] else sniff_delimiter(text)
    csv.field_size_limit(1 << 30)
    # Normalise mixed line endings; csv keeps newlines that are inside quoted cells.
    text = _drop_line_boms(text.replace("\r\n", "\n").replace("\r", "\n"))
    cut = bool(text) and not text.endswith("\n")  # no line break after the last row: maybe a file cut off
    if cut:
        text += "\n"  # every line ends in one, as the streaming reader's (a quote open at the end reads alike)
    garbled = _utf8_given_other(raw, encoding)
    if garbled is not None:
        notes.append(garbled)
    if (mixed := _mixed_note(raw, enc)) is not None:
        notes.append(mixed)
    if delimiter and not single and (other := _other_delimiter(text, delim)) is not None:
        notes.append(other)
    # A line that is entirely empty is not a row (csv yields []), but keep rows of empty fields.
    starts: list[int] = []
    gaps: list[tuple[int, int]] = []
    rows = [r for batch in _csv_rows([list(io.StringIO(text))], delim, str(p), notes, starts, gaps=gaps) for r in batch]
    if not rows:  # only a byte-order mark or blank lines: what Excel saves for an empty "CSV UTF-8"
        raise InputFileError.of("err_blank_file", path=p)
    header_idx = _choose_header(rows, header, notes)
    info = ReadInfo(path=str(p), format="text", encoding=enc, delimiter=delim, notes=notes, gaps=gaps,
                    data_start=_first_data(rows, header_idx))
    info.header_row = 0 if header_idx is None else info.record_row(header_idx)
    if header_idx is not None:
        _note_extra_fields(rows, header_idx, starts, delim, notes)
    if dropped:
        notes.append(Msg("note_last_row_cut_character", row=info.record_row(len(rows) - 1),
                         encoding=_cut_encoding(raw)))
    elif cut:
        _note_cut_off(rows, header_idx, info.data_start, info.record_row(len(rows) - 1), notes)
    _note_side_by_side(rows, header_idx, notes)
    names, data = _split_header(rows, header_idx)
    info.one_column = single and len(names) == 1
    return names, data, info


def _given_in_texts(delimiter: str, line: int) -> Msg:
    """The note of a ``--delimiter`` found only inside the texts of a one-column list (:func:`_only_in_texts`)."""
    shown = {"\t": "tab", ";": "';'", ",": "','", "|": "'|'"}
    return Msg("note_delimiter_in_texts", given=shown.get(_delimiter(delimiter), repr(delimiter)), line=line)


def _drop_line_boms(text: str) -> str:
    """``text`` (whole lines, "\\n" line breaks) without a byte-order mark at the start of a line: exports
    pasted together (``copy /b jan.csv+feb.csv``, ``cat``) put the second one's there, where it would stick,
    invisible, to the first cell of its row (a date then unreadable, an id that matches no other). Both
    readers, whole-file and streaming, drop it alike."""
    if "\ufeff" not in text:
        return text
    text = text.replace("\n\ufeff", "\n")
    return text[1:] if text.startswith("\ufeff") else text


def _note_cut_off(rows: list[list[str]], header_idx: int | None, data_start: int, last_row: int,
                  notes: list) -> None:
    """A note when the last row of a file that ends without a line break (``rows``' last; ``last_row``, the
    row Excel shows) has fewer fields than the header (without one, the first data row): a file cut off
    while it was written or copied (not a last line of spaces). ``rows`` holds at least the header (or first
    data row) and the last row."""
    ref = header_idx if header_idx is not None else data_start
    # ... and fewer than the row above it: a hand-made file whose rows all leave off the last field (and that
    # ends without a line break, as Notepad saves it) is not cut off
    above = rows[-2] if len(rows) - 2 > ref else None
    if ref < len(rows) - 1 and len(rows[-1]) < len(rows[ref]) and any(map(str.strip, rows[-1])) \
            and (above is None or len(rows[-1]) < len(above)):
        notes.append(Msg("note_last_row_cut", row=last_row, fields=len(rows[-1]), width=len(rows[ref])))


def _note_extra_fields(rows: list[list[str]], header_idx: int, starts: list[int], delim: str, notes: list) -> None:
    """A note naming the lines with filled fields beyond the header's last name: most often a delimiter
    in a text that was not quoted ("Bättre ventilation; helst före sommaren"), which cut the text there
    and moved the rest into columns of their own (or the next column's role)."""
    head = rows[header_idx]
    width = len(head)  # its fields, named or not ("id;Enhet;Förslag;" has four)
    if max(map(len, rows[header_idx + 1:]), default=0) <= width:  # (C-level: the usual file)
        return
    over = [i for i in range(header_idx + 1, len(rows))
            if len(rows[i]) > width and any(v.strip() for v in rows[i][width:])]
    if over and width:
        fields = max(c + 1 for c, v in enumerate(rows[over[0]]) if v.strip())
        notes.append(Msg("note_extra_fields", n=len(over), line=starts[over[0]], fields=fields, width=width,
                         delimiter=delim if delim != "\t" else "tab"))


# --------------------------------------------------------------------------------------------
# Column roles


def _match_score(name: str, patterns: list[str]) -> int:
    n = name.strip().casefold()
    for rank, pat in enumerate(patterns):
        if re.search(pat, n):
            return len(patterns) - rank
    return 0


def column_key(name: str) -> str:
    """A column's name as a user types it: in any case, a line break typed in the cell (Alt+Enter) or a run of
    spaces as the one space Excel shows, a letter as one code point (NFC) as the columns are read ("Förslag" in a
    config file a Mac editor saved with "o" and a combining diaeresis), without the characters no one sees that a
    header exported from a web form may hold (:data:`~forbattra.record.INVISIBLE`: "Förslag" + a zero-width
    space)."""
    return _nfc(" ".join(INVISIBLE.sub("", name).split())).casefold()


def _letter_number(name: str) -> int | None:
    """The number (1-based) of the column Excel heads with the letters ``name`` ("D" → 4, "aa" → 27), or ``None``
    where ``name`` is no column's letters (Excel's last column is XFD)."""
    letters = name.strip().upper()
    if not 1 <= len(letters) <= 3 or not all("A" <= ch <= "Z" for ch in letters):
        return None
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n if n <= 16384 else None


def _resolve(name: str, header: list[str], role: str, path: str | Path) -> str:
    """The column ``name`` names: its name as the header writes it, else as Excel shows it (in any case, without the
    characters no one sees), else its letters as Excel heads it ("D"), else its number as Excel counts it ("4")."""
    if name in header:
        return name
    folded: dict[str, str] = {}
    for h in header:
        folded.setdefault(column_key(h), h)
    if column_key(name) in folded:
        return folded[column_key(name)]
    columns = ", ".join(repr(shorten(h)) for h in header)
    numbers = [column_number(header, i) for i in range(len(header))]
    letter = _letter_number(name)
    if letter is not None and (letter <= max(numbers, default=0) or len(name.strip()) == 1):  # "-t D": column D
        # (letters past the last column are a name misspelt unless it is one letter: "-g ID" on five columns)
        if letter in numbers:
            return header[numbers.index(letter)]
        last = column_letters(max(numbers, default=1) - 1)
        key = "err_column_letter_empty" if letter < max(numbers, default=0) else "err_no_column_letter"
        raise ColumnError.of(key, path=path, name=name.strip().upper(), last=last, option=role, columns=columns)
    if name.isdecimal():  # a column's number, as the file counts its columns (an empty one left out counted too)
        if int(name) in numbers:
            return header[numbers.index(int(name))]
        if 1 <= int(name) < max(numbers, default=0):
            raise ColumnError.of("err_column_number_empty", path=path, name=name, option=role, columns=columns)
        # a number past the last column (or 0): no name misspelt
        raise ColumnError.of("err_no_column_number", path=path, name=name, n=max(numbers, default=0), option=role,
                             columns=columns)
    raise ColumnError.of("err_no_column", path=path, name=name, option=role, columns=columns)


def read_ids(path: str | Path, *, id_column: str | None = None, sheet: str | None = None,
             encoding: str | None = None, delimiter: str | None = None) -> tuple[list[str], str, ReadInfo]:
    """The ids of a column of a CSV or Excel file (``forget --ids``), in file order, empty cells left out, and the
    column they came from: ``id_column`` (a name in any case, a letter or a number), else the file's one column, else its
    column named as an id (*Id*, *Förslags-ID*, *Löpnummer* …). A file of one column whose first cell names no id
    (``101``, ``F-101``) is a list without a header: that cell is an id too, not lost as a column name."""
    header, rows, info = read_table(path, sheet=sheet, encoding=encoding, delimiter=delimiter)
    if len(header) == 1 and not id_column and not _match_score(header[0], _ID_NAMES):
        header, rows, info = read_table(path, sheet=sheet, encoding=encoding, delimiter=delimiter, header=False)
    if id_column:
        column = _resolve(id_column, header, "--id-column", path)
    elif len(header) == 1:
        column = header[0]
    else:
        named = [(s, h) for h in header if (s := _match_score(h, _ID_NAMES))]
        if not named:
            raise ColumnError.of("err_ids_no_column", path=Path(path),
                                 columns=", ".join(repr(shorten(h)) for h in header))
        column = max(named, key=lambda x: x[0])[1]
    col = header.index(column)
    if _an_id_itself(column, [row[col] for row in rows if col < len(row)]):
        # a list without a header whose first id reads like a column's name ("REF-1002", "ID-17", "Dnr 2024-15"):
        # that id is erased too, not taken for the column's name and left in the store
        header, rows, info = read_table(path, sheet=sheet, encoding=encoding, delimiter=delimiter, header=False)
        column = header[col]
    # a total or count row under the list ("Summa;2", "Antal: 12"): no id, as the suggestion readers read none there
    # (it was erased as the id "Summa" and, not found, warned of); named in a note
    totals = [i for i, row in enumerate(rows) if col < len(row) and _total_words(row[col].strip()) and _summary_row(row)]
    if totals:
        info.notes.append(Msg("note_ids_total_rows", n=len(totals), row=info.excel_row(totals[0] + 1),
                              value=rows[totals[0]][col].strip()[:40]))
        rows = [row for i, row in enumerate(rows) if i not in set(totals)]
    ids = [row[col].strip() for row in rows if col < len(row) and row[col] and row[col].strip()]
    if not ids:
        raise ColumnError.of("err_ids_none", path=Path(path), column=column)
    return ids, column, info


def _an_id_itself(name: str, below: list[str]) -> bool:
    """Whether the column name ``name`` is an id of the column's own: it holds a digit, as no id column's name does,
    and has the shape of an id below it (its letters and marks the same, its numbers any: "REF-1002" over "REF-998")
    or stands alone (a list of one id)."""
    def shape(value: str) -> str:
        return re.sub(r"\d+", "0", value.strip().casefold())

    if not any(ch.isdigit() for ch in name):
        return False
    values = [v for v in below if v and v.strip()]
    return not values or shape(name) in {shape(v) for v in values}


def _text_name_score(name: str, free: bool = False) -> int:
    """How well a column name says "the suggestion": 0 = not at all, 1 = a comment/answer/notes column.
    ``free``: the column holds free text — then a name that also names another role ("Förslagsställarens
    förslag", "Vilket område vill du förbättra?") still says the suggestion; a column of names, ids, dates
    or units under such a name ("Förslagsställare", "Förslags-ID", "Datum för förslaget") does not."""
    n = name.strip().casefold()
    s = _match_score(name, _TEXT_NAMES)
    if s and _ROLE_QUESTION.search(n) and _ASKS_WHAT.search(n):
        # "Vilket område gäller ditt förslag och vad vill du ändra?": the suggestion's column where it holds free
        # text; short answers there are read as a comment column's, so a column of longer text beside it wins
        return s + 1 if free else 1
    if s and _ROLE_QUESTION.search(n) and not free:
        return 0
    if s and is_person_header(name):
        # free text under it (a proposer's "Namn, titel, enhet") is read as a comment column's: a column named
        # for the suggestion itself wins
        return 1 if free else 0
    if any(re.search(pat, n) for pat in _RESPONSE_NAMES + _ABOUT_NAMES):
        return 1
    if s and any(re.search(pat, n) for pat in _RESPONDER_NAMES):
        return 1
    if s and _FURTHER.search(n):
        return 2
    return s + 1 if s else 0


def _answers(sample: list[list[str]], col: int) -> list[str]:
    """A column's filled cells among the sampled rows."""
    return [r[col] for r in sample if col < len(r) and r[col].strip()]


def _no_suggestion(text: str) -> bool:
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    return is_nonsuggestion(text)


def _real_free_text(sample: list[list[str]], col: int) -> bool:
    """Free text that is suggestions: long, varied, filled in most rows, most answers three words or more and
    few of them no suggestion."""
    vals = _answers(sample, col)
    if not vals or len(vals) < 0.5 * len(sample):
        return False
    return (sum(len(v) for v in vals) / len(vals) >= 15 and len(set(vals)) > 0.5 * len(vals)
            and sum(len(v.split()) >= 3 for v in vals) >= 0.5 * len(vals)
            and sum(map(_no_suggestion, vals)) < 0.2 * len(vals))


_CHOICE_SPLIT = re.compile(r";|,\s")  # Microsoft Forms joins the options ticked with ";", Google Forms with ", "


def _choice_answers(answers: list[str]) -> bool:
    """Answers of a choice question ("Lokaler;IT och digitalisering;", "Lokaler, Bemanning", "Arbetsmiljö"): each
    made of options from a short list, ticked again and again; not free text, whose pieces are each their own."""
    if len(answers) < 10:
        return False
    options = {p.strip().casefold() for a in answers for p in _CHOICE_SPLIT.split(a) if p.strip()}
    return len(options) <= min(20, len(answers) // 3)


def _summary_row(row: Sequence[str]) -> bool:
    """A total or count row ("Totalt;8", ";Summa: 8", "Antal förslag;;12"), or a subtotal row Excel's *Delsummor*
    put under a group ("Skola A Antal;2", "Skola A Summa", "Skola A Total"): a label that says so, the other filled
    cells counts."""
    filled = [v.strip() for v in row if v.strip()]
    labels = [v for v in filled if not _a_count(v)]
    if len(labels) != 1:
        return False
    return _total_words(labels[0]) or _subtotal_words(labels[0])


def _total_words(label: str) -> bool:
    """A total or count row's label: "Totalt", "Summa: 8", "Antal förslag"."""
    words = re.findall(r"[^\W\d_]+", label.casefold())
    return bool(words) and words[0] in TOTAL_WORDS | {"antal", "count"} and all(w in TOTAL_TAIL for w in words[1:])


def _subtotal_words(label: str) -> bool:
    """A subtotal row's label, a group's name and the word Excel adds: "Skola A Antal", "Skola A Summa"."""
    words = re.findall(r"[^\W\d_]+", label.casefold())
    return len(words) > 1 and words[-1] in _SUBTOTAL_LAST


# the last word of the label Excel's Data > Subtotal writes under each group, in Swedish and English Excel
_SUBTOTAL_LAST = frozenset({"summa", "antal", "total", "count", "sum"})


_COUNT = re.compile(r"[\d\s.,]*\d[\d\s.,]*([^\W\d_]+)\.?")


def _a_count(v: str) -> bool:
    """A total row's count: a number ("12", "1 234"), or one with the word it counts ("12 st", "12 förslag")."""
    if _is_number(v):
        return True
    m = _COUNT.fullmatch(v)
    return m is not None and m.group(1).casefold() in TOTAL_TAIL


def _without_totals(sample: list[list[str]]) -> list[list[str]]:
    """The rows column detection looks at, without total or count rows (:func:`_summary_row`), nor a last row of
    numbers alone below rows of text (a count Excel summed under the table): short answers and an id column are
    told apart by their lengths and values, which such a row skews. The rows themselves are all read."""
    kept = [r for r in sample if not _summary_row(r)]
    last = [v for v in map(str.strip, kept[-1]) if v] if kept else []
    if len(kept) > 1 and last and all(map(_is_number, last)) \
            and any(not _is_number(v) for v in map(str.strip, kept[-2]) if v):
        kept.pop()
    return kept if kept else sample


def detect_columns(header: list[str], rows: list[list[str]], *, text_columns: Sequence[str] | None = None,
                   id_column: str | None = None, group_column: str | None = None,
                   date_column: str | None = None, person_column: str | None = None,
                   path: str = "<input>", notes: list[str] | None = None, label_column: str | None = None,
                   headless: bool = False) -> Columns:
    """Choose the text/id/group/date/person columns by name, falling back to the longest free text.

    A name that asks for the suggestion ("Förslag", "Vad vill du förbättra?") wins over a comment or
    answer column ("Handläggarens kommentar"), even when the comments are longer; when another column
    also holds free text, a note in ``notes`` says which was chosen and how to pick another. ``label_column``
    (train's and evaluate's labels) is none of the roles detected, nor free text to name. ``headless``: the file
    has no header row (``header`` is ``kolumn_1``, ...), so a lone column of short texts is the suggestions.
    """
    if not header:
        raise ColumnError.of("err_no_columns", path=path)
    sample = _without_totals(_visible_rows(rows[:2000]))
    label = None
    if label_column:  # by its name, letter or number, as the other columns are given; a name the file lacks is
        try:  # said by find_label_column (which knows a file of one column per category)
            label = _resolve(label_column, header, "--label-column", path)
        except ColumnError as exc:
            if exc.key != "err_no_column":
                raise
    labels = {label} if label else set()

    def mean_len(col: int) -> float:
        vals = [r[col] for r in sample if col < len(r) and r[col].strip()]
        return sum(len(v) for v in vals) / len(vals) if vals else 0.0

    def distinct_ratio(col: int) -> float:
        vals = [r[col] for r in sample if col < len(r) and r[col].strip()]
        return len(set(vals)) / len(vals) if vals else 0.0

    if text_columns:
        text = tuple(dict.fromkeys(_resolve(c, header, "--text-column", path) for c in text_columns))
        reason = "given"
    else:
        scored = [(_text_name_score(h, _free_text(sample, i)), mean_len(i), h) for i, h in enumerate(header)
                  if h.casefold() not in _OWN_OUTPUT and h not in labels]
        says = len(_TEXT_NAMES) - _TEXT_NAMES.index(r"idea")  # names that ask for the suggestion itself

        def words(col: int) -> bool:  # short answers ("Wifi", "Mer lön"), not numbers or codes
            if _match_score(header[col], _ID_NAMES):  # "Förslags-ID", "Förslag nr": an id, whatever its values
                return False
            vals = [r[col].strip() for r in sample if col < len(r) and r[col].strip()]
            plain = sum(not _is_number(v) and not _CODE.fullmatch(v) for v in vals)  # "Wifi 5G" yes, "F-1000" no
            return bool(vals) and plain >= 0.8 * len(vals)

        # (short answers under a name asking for the suggestion, or for more of them: "Wifi", "Nej", "Bra enkät")
        named = [s for s in scored if s[0] > 0 and (s[1] >= 8 or not sample
                                                    or ((s[0] > says or (s[0] == 2 and _FURTHER.search(s[2].casefold())))
                                                        and s[1] >= 3 and words(header.index(s[2]))))]
        # a choice question named for the suggestion ("Inom vilket område är ditt förslag?": "Lokaler;IT;") is
        # no text column where another column holds the free text
        choice = {h for i, h in enumerate(header) if _choice_answers(_answers(sample, i))}
        if any(s[2] in choice for s in named) and any(
                _real_free_text(sample, i) for i, h in enumerate(header)
                if h not in choice and h not in labels and h.casefold() not in _OWN_OUTPUT
                and not _match_score(h, _ID_NAMES)):
            top = max(named, key=lambda s: (s[0], s[1]))[2]
            passed_over = top if top in choice else None
            named = [s for s in named if s[2] not in choice]
            scored = [s for s in scored if s[2] not in choice]
        else:
            passed_over = None
        # A column with much longer text than the best-named one is probably the real text.
        if named:
            best = max(named, key=lambda s: (s[0], s[1]))
            text, reason = (best[2],), "name"
            why = Msg("why_name_says_suggestion" if best[0] > len(_TEXT_NAMES) - _TEXT_NAMES.index(r"idea")
                      else "why_by_name" if best[0] > 1 else "why_by_name_comments")
            # ... unless its answers are nearly all no suggestions ("Nej", "Bra enkät", "Inga synpunkter") where a
            # column with no telling name holds free text that is (a survey's "Övriga synpunkter" beside its
            # "Fråga 3"); a column named for comments, answers or praise never takes its place
            answers = _answers(sample, header.index(best[2]))
            if answers and sum(map(_no_suggestion, answers)) >= 0.9 * len(answers):
                name_score = {h: sc for sc, _len, h in scored}
                rivals = [(mean_len(i), h) for i, h in enumerate(header)
                          if h != best[2] and h not in labels and h.casefold() not in _OWN_OUTPUT
                          and not name_score.get(h)
                          and not _match_score(h, _ID_NAMES) and not _match_score(h, _GROUP_NAMES)
                          and _real_free_text(sample, i)]
                if rivals:
                    text, reason, why = (max(rivals)[1],), "longest text", Msg("why_named_holds_no_suggestions",
                                                                              column=best[2])
                    if notes is not None:
                        notes.append(Msg("note_text_column_over_named", column=text[0], why=why))
            # ... and one left empty in most rows (a case system's optional "Förslag till åtgärd", a form's follow-up
            # "Har du fler förslag?") gives way to a column also named for the text that is filled in (the case's
            # "Beskrivning", the form's main question): not most rows classified as empty. Never to comments, nor to
            # free text under no such name ("Vad fungerar bra?" beside the suggestions).
            filled = len(answers)
            if text == (best[2],) and filled <= 0.5 * len(sample):
                fuller = [(sc, ln, h) for sc, ln, h in named
                          if h != best[2] and sc > 1 and not _match_score(h, _ID_NAMES)
                          and len(_answers(sample, header.index(h))) >= 1.5 * filled
                          and _real_free_text(sample, header.index(h))]
                if fuller:
                    text, why = (max(fuller)[2],), Msg("why_named_mostly_empty", column=best[2])
                    if notes is not None:
                        notes.append(Msg("note_text_column_over_named", column=text[0], why=why))
        else:
            # never a column of people ("Namn", "Inlämnat av" holding names): a file of names alone has no
            # suggestions (a "Mejl" column of pasted e-mails, or short texts, may well be them)
            def names_only(col: int) -> bool:
                vals = [r[col].strip() for r in sample if col < len(r) and r[col].strip()]
                return bool(vals) and sum(_looks_like_a_name(v) for v in vals) >= 0.8 * len(vals)

            scored = [s for s in scored if not (is_person_header(s[2]) and names_only(header.index(s[2])))]
            cand = [s for s in scored if s[1] > 0]
            free = [s for s in scored if s[1] >= 15 and distinct_ratio(header.index(s[2])) > 0.5]
            blank_named = [s for s in scored if s[0] > says and s[1] == 0]
            if blank_named and not any(s[0] for s in free):
                # the column asking for the suggestion, left empty in every row read (a survey nobody answered
                # in free text): it is the text column, and each row is an empty suggestion — not a unit or
                # date column beside it read as the suggestions
                text, reason, why = (blank_named[0][2],), "name", Msg("why_name_says_suggestion")
            elif free:
                text, reason = (max(free, key=lambda s: s[1])[2],), "longest text"
                why = Msg("why_longest_text")
            elif cand and not sample:
                text, reason, why = (cand[0][2],), "first", Msg("why_first_column")
            elif len(header) == 1 and len(scored) == 1 and words(0):
                # a list of one column of short texts ("Mer fika", "Fler bilar"): read without a header row, that
                # column is the suggestions; under a first line that names nothing forbattra knows, that line may
                # be the first suggestion, so the fix offered reads it as one (--no-header) or names the column
                if not headless:
                    raise ColumnError.of("err_no_text_column_one", path=path, cell=shorten(header[0]))
                text, reason, why = (header[0],), "only", Msg("why_only_column")
            else:
                raise ColumnError.of("err_no_text_column", path=path, columns=", ".join(repr(shorten(h)) for h in header))
        if passed_over is not None:
            why = Msg("why_named_is_choice", column=passed_over)
            if notes is not None:
                notes.append(Msg("note_text_column_over_named", column=text[0], why=why))
    used = set(text) | labels

    def pick(given: str | None, patterns: list[str], role: str, ok=lambda i: True, later=None) -> str | None:
        """The column ``given``, or the best-named one that is ``ok``; a name ``later`` matches (a decision's
        date beside the day the suggestion came in) only where no other is."""
        if given:
            col = _resolve(given, header, role, path)
            used.add(col)
            return col
        best = None
        for i, h in enumerate(header):
            if h in used or h.casefold() in _OWN_OUTPUT:
                continue
            s = _match_score(h, patterns)
            if s and later is not None and later.search(h.casefold()):
                s -= len(patterns) + 1  # below every other name, still a candidate
            if s and ok(i) and (best is None or s > best[0]):
                best = (s, h)
        if best:
            used.add(best[1])
            return best[1]
        return None

    idc = pick(id_column, _ID_NAMES, "--id-column", lambda i: mean_len(i) < 40)
    # a unit's manager is no unit ("Avdelningschef", "Verksamhetschef", "Förvaltningsansvarig")
    def ticked(i: int) -> bool:  # a multiple-choice column as Microsoft Forms writes it ("Lokaler;IT;"): no one unit
        vals = [v.strip() for v in _answers(sample, i)]
        return bool(vals) and sum(";" in v for v in vals) >= 0.5 * len(vals)

    groupc = pick(group_column, _GROUP_NAMES, "--group-column",
                  lambda i: mean_len(i) < 80 and not _MANAGER.fullmatch(header[i].strip().casefold()) and not ticked(i)
                  and not _SUGGESTIONS_AREA.search(header[i].strip().casefold()))
    def dates_in(i: int) -> bool:  # any format parse_dates reads ("1 mars 2024", 20240315, 12/31/2024)
        vals = [r[i] for r in sample[:200] if i < len(r) and r[i]]
        return any(parse_dates(vals, date_order(vals)[0]))

    datec = pick(date_column, _DATE_NAMES, "--date-column", lambda i: dates_in(i) or not sample, later=_LATER_DATES)
    if datec is None and notes is not None and sample:
        # a column that can only be dates ("Datum", "Månad") none of whose values reads as one ("Q1 2024", every
        # year typed 1924): said, with the fix, not passed over in silence (every suggestion would count undated)
        for i, h in enumerate(header):
            vals = [v.strip() for v in _answers(sample, i)] if h not in used and _DATE_ONLY_NAME.search(h.casefold()) \
                else []
            if vals:
                notes.append(Msg("note_date_column_unread", column=h, value=vals[0][:40], fix=date_fix(vals)))
                break
    gi = header.index(groupc) if groupc in header else None

    def not_units(i: int) -> bool:
        """A column of names, not the units again ('Inskickat av' holding 'Förskolan Solgläntan')."""
        if gi is None:
            return True
        vals = {r[i].strip().casefold() for r in sample if i < len(r) and r[i].strip()}
        units = {r[gi].strip().casefold() for r in sample if gi < len(r) and r[gi].strip()}
        return not vals or len(vals & units) < 0.5 * len(vals)

    personc = pick(person_column, _PERSON_NAMES, "--person-column", lambda i: mean_len(i) < 60 and not_units(i))
    if not text_columns and notes is not None:
        # Another column of free text competes (comments, a second question): say which was chosen.
        def free_text(i: int) -> bool:
            vals = [r[i] for r in sample if i < len(r) and r[i].strip()]
            return (bool(vals) and mean_len(i) >= 15 and distinct_ratio(i) > 0.5
                    and sum(len(v.split()) >= 3 for v in vals) >= 0.5 * len(vals) and not mostly_dates(vals))

        def mostly_dates(vals: list[str]) -> bool:  # a date and time ("03/15/2024 09:12:01 AM"): no free text
            head = [v.strip() for v in vals[:200]]  # (not "2024-03-05 Skickat till chefen", a comment)
            return sum(d is not None and bool(_DATE_TIME.fullmatch(v))
                       for v, d in zip(head, parse_dates(head, date_order(head)[0]))) >= 0.8 * len(head)

        others = [h for i, h in enumerate(header)
                  if h not in used and h.casefold() not in _OWN_OUTPUT and free_text(i)
                  and not _choice_answers(_answers(sample, i))]
        if others:
            notes.append(Msg("note_text_column_chosen_one" if len(others) == 1 else "note_text_column_chosen_many",
                             column=text[0], why=why, others=", ".join(repr(h) for h in others)))
    order = "dmy"
    if datec is not None:  # its first 2,000 rows, in the whole-file and the streamed reader alike
        at = header.index(datec)
        order, example = date_order([r[at] for r in rows[:DATE_ORDER_ROWS] if at < len(r) and r[at]])
        if order != "dmy" and notes is not None:
            notes.append(Msg("note_dates_month_first" if order == "mdy" else "note_dates_years_first", column=datec,
                             value=example[:40]))
    _check_names_twice(header, (("text", "--text-column", text_columns or (), text),
                                ("id", "--id-column", (id_column,), (idc,)),
                                ("group", "--group-column", (group_column,), (groupc,)),
                                ("date", "--date-column", (date_column,), (datec,)),
                                ("person", "--person-column", (person_column,), (personc,))), notes, path)
    return Columns(text=text, id=idc, group=groupc, date=datec, person=personc, text_reason=reason,
                   date_order=order, label=label)


def _check_names_twice(header: list[str], roles: Sequence[tuple[str, str, Sequence[str | None], Sequence[str | None]]],
                       notes: list | None, path: str) -> None:
    """A role's column whose name the header writes on several columns (two columns both headed "Förslag"): a
    name given for it is refused, naming the columns by number (which one is meant cannot be told); a column
    detected is named in a note with the others, so the user knows which was read and how to pick another."""
    twice = getattr(header, "twice", None)  # (the names as the reader gave them: see _Names)
    if not twice:
        return
    where = {i: base for base, cols in twice.items() for i in cols}
    for role, option, given, chosen in roles:
        named = [(name, _resolve(name, header, option, path)) for name in given if name]  # (each name its own column)
        for name, col in named or [(None, c) for c in chosen]:
            if col is None or header.index(col) not in where:
                continue
            base = where[header.index(col)]
            numbers = ", ".join(str(column_number(header, i)) for i in twice[base])
            if name is not None:
                if column_key(name) == column_key(base):
                    raise ColumnError.of("err_column_name_twice", name=name, option=option, n=len(twice[base]),
                                         numbers=numbers, first=column_number(header, twice[base][0]))
                continue
            if notes is not None:
                notes.append(Msg("note_column_name_twice", name=base, n=len(twice[base]), numbers=numbers,
                                 role=Msg("role_" + role), chosen=column_number(header, header.index(col)),
                                 option=option,
                                 others=", ".join(repr(header[i]) for i in twice[base] if header[i] != col)))


_DATE_TIME = re.compile(r"\S+(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[ap]\.?m\.?)?)?", re.IGNORECASE)  # "03/15/2024 09:12 AM"
_MONTHS = {"jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4, "maj": 5,
           "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8, "sep": 9, "sept": 9, "september": 9,
           "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
           "may": 5, "june": 6, "july": 7, "oct": 10, "january": 1, "february": 2, "march": 3, "october": 10}
# "5 mars 2024", "10 mar. 2024", Excel's dd-mmm-åååå "05-mar-2024"; month first, as English long dates: "March 5, 2024"
# (the day's ordinal as Swedish and English write it, "3:e december 2026", "1:a mars", "3rd December")
_WORD_DATE = re.compile(r"^(\d{1,2})(?::?[ae]|st|nd|rd|th)?\.?(?:\s+|-)([a-zåäö]+)\.?,?(?:\s+|-)(\d{4})\b",
                        re.IGNORECASE)
_WORD_DATE_MDY = re.compile(r"^([a-zåäö]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE)
_DEN = re.compile(r"^den\s+(?=\d)", re.IGNORECASE)  # "den 3 december 2026", as a letter dates itself
# the weekday a long date starts with ("måndag 5 mars 2024", "tis. 2024-03-05", "Tisdag den 5 mars", "Tuesday, 5 March")
_WEEKDAY = re.compile(r"^(?:mån|tis|ons|tors?|fre|lör|sön|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:dag(?:en)?|day)?"
                      r"\.?,?\s+(?:den\s+)?", re.IGNORECASE)
_EXCEL_SERIAL = re.compile(r"^(\d{5})([.,]\d+)?$")  # an Excel date (45360 = 2024-03-09; .4375 = 10:30 that day)
_SLASH_DATE = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})\b")  # 5/3/2024, 12-31-24: day or month first
_SHORT_ISO = re.compile(r"^(\d{2})-(\d{2})-(\d{2})(?!\d)")  # 24-03-05: ÅÅ-MM-DD, as Swedish systems write it
# a month without a day, as a "Månad" column holds it: 2024-03, 2024/3; 03/2024, 3.2024; "mars 2024", "mar. 2024"
_MONTH_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_MONTH_WORD = re.compile(r"^([a-zåäö]+)\.?[\s-]+(\d{4})$", re.IGNORECASE)


def date_order(values: Sequence) -> tuple[str, str | None]:
    """How a date column writes its short dates, and a date that shows it (None for the default); decided
    on the first :data:`DATE_ORDER_ROWS` values, by the whole-file and the streamed reader alike. Day first
    unless the column plainly says otherwise (one typo never turns it):

    * ``"mdy"``, month first, as a US export: two dates or more, a fifth of those with "/" or "-", read only
      that way (12/31/2024, 03-15-24) and none only day first (31/12/2024);
    * ``"ymd"``, two-digit year first (24-03-05, the Swedish short ÅÅ-MM-DD), for dd-dd-dd dates that read
      so: when day first is impossible for two of them or more and a fifth (a first part over 31); or when
      day first spans four years or more and four times what year first does (a year's history written
      ÅÅ-MM-DD: its "years" would be the days 1-31) — the same the other way round keeps day first —; or,
      for dates within a year read year first, when that puts them five years or more nearer
      :data:`REFERENCE_YEAR` on average (24-03-05 is 2024, not 2005; but 15-01-24 stays 15 January 2024);
    * ``"dmy"`` otherwise (Swedish and European exports write the day first: 03/05/2024 is 3 May).
    """
    day_only = month_only = 0  # dates that read only day first / only month first
    shown = None  # the first date read only month first
    seen = 0
    short: list[tuple[int, int, int, str]] = []  # 24-03-05-like dates: (first, middle, last part, the date)
    for v in values[:DATE_ORDER_ROWS]:
        if not isinstance(v, str):
            continue
        v = v.strip()
        m = _SLASH_DATE.match(v)
        if m is None:
            continue
        seen += 1
        a, b = int(m[1]), int(m[3])
        s = _SHORT_ISO.match(v)
        if s is not None:
            short.append((a, b, int(s[3]), v))
        if 12 < a <= 31 and 1 <= b <= 12:
            day_only += 1
        elif 12 < b <= 31 and 1 <= a <= 12:
            month_only += 1
            shown = shown or v
    if month_only >= 2 and 5 * month_only >= seen and not day_only:
        return "mdy", shown
    short = [x for x in short if 1 <= x[1] <= 12]  # (a month over 12 is no date either way: noted as unread)
    if not short or 5 * sum(not 1 <= c <= 31 for _a, _b, c, _v in short) > len(short):
        return "dmy", None  # year first is not possible
    no_day = sum(not 1 <= a <= 31 for a, _b, _c, _v in short)
    if (no_day >= 2 and 5 * no_day >= len(short)) or (no_day and 2 * no_day >= len(short)):
        return "ymd", short[0][3]
    ymd, dmy = _dates(short, year_first=True), _dates(short, year_first=False)
    if not (ymd and dmy):
        return "dmy", None
    years = 4 * 365  # a reading that spans four years or more, four times what the other does, is the wrong one
    if _days(ymd) >= years and 4 * _days(dmy) <= _days(ymd):
        return "dmy", None
    if _days(dmy) >= years and 4 * _days(ymd) <= _days(dmy):
        return "ymd", short[0][3]
    if _days(ymd) < 366 and _far(ymd) + 5 <= _far(dmy):  # a period within a year: which year is it in?
        return "ymd", short[0][3]
    return "dmy", None


DATE_ORDER_ROWS = 2_000  # the date column's first values that decide its order (date_order)


def _dates(short: list[tuple[int, int, int, str]], *, year_first: bool) -> list:
    """24-03-05-like dates read year first or day first (those that are no day of the calendar left out)."""
    import datetime

    out = []
    for a, b, c, _v in short:
        y, d = (a, c) if year_first else (c, a)
        try:
            out.append(datetime.date(full_year(y), b, d))
        except ValueError:
            continue
    return out


# the year suggestions are near, to read a two-digit year (24-03-15: 2024-03-15, not 2015-03-24): forbattra's
# release year, a constant, so that the same file reads the same on any day
REFERENCE_YEAR = 2026


def full_year(yy: int) -> int:
    """A two-digit year as Excel reads it: 00-29 in this century, 30-99 in the last (1/1/70 is 1970, not
    2070), the same on any day."""
    return 2000 + yy if yy < 30 else 1900 + yy


def _far(dates: list) -> float:
    """How far the dates' years lie from :data:`REFERENCE_YEAR` on average; a year after it counts double
    (suggestions are not dated in the future: 28-01-24 is 2024, not 2028)."""
    return sum(REFERENCE_YEAR - d.year if d.year <= REFERENCE_YEAR else 2 * (d.year - REFERENCE_YEAR)
               for d in dates) / len(dates)


def _days(dates: list) -> int:
    """The days between the earliest and the latest of ``dates``."""
    return (max(dates) - min(dates)).days


def parse_dates(values: Sequence[str], order: str = "dmy") -> list[str | None]:
    """ISO dates (``YYYY-MM-DD``) from the formats Swedish exports use (2024-03-05, 5/3/2024, 5.3.24,
    24-03-05, 20240305, "5 mars 2024", "10 mar. 2024", "05-mar-2024", "March 5, 2024", an Excel serial number
    45356; any of them after a weekday, "måndag 5 mars 2024"); a month without a day
    (2024-03, 03/2024, "mars 2024": a "Månad" column) as the month, ``YYYY-MM`` — counted in that month, never
    given a made-up day; ``None`` when unparseable, not a day of the calendar (2024-02-30) or outside
    :data:`DATE_YEARS`. ``order`` (:func:`date_order`): ``"mdy"`` reads
    3/5/2024 and 3-5-2024 as 5 March (a US export), ``"ymd"`` 24-03-05 as 2024-03-05; 5.3.2024 is always
    5 March."""
    import datetime

    out: list[str | None] = []
    for v in values:
        v = (v or "").strip()
        v = _DEN.sub("", _WEEKDAY.sub("", v, count=1)) if v[:1].isalpha() else v
        m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", v)
        if m:
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
        elif (m := re.match(r"^(\d{1,2})([./-])(\d{1,2})[./-](\d{2,4})", v)):
            d, mo, y = int(m[1]), int(m[3]), int(m[4])
            if order == "mdy" and m[2] != "." and _SLASH_DATE.match(v):
                d, mo = mo, d
            elif order == "ymd" and _SHORT_ISO.match(v):
                d, y = y, d
            if y < 100:
                y = full_year(y)
        elif len(v) == 8 and v.isdecimal() and v[:2] in ("19", "20"):
            y, mo, d = int(v[:4]), int(v[4:6]), int(v[6:])
        elif (m := _WORD_DATE.match(v)) and m[2].casefold() in _MONTHS:
            d, mo, y = int(m[1]), _MONTHS[m[2].casefold()], int(m[3])
        elif (m := _WORD_DATE_MDY.match(v)) and m[1].casefold() in _MONTHS:
            d, mo, y = int(m[2]), _MONTHS[m[1].casefold()], int(m[3])
        elif (m := _EXCEL_SERIAL.match(v)) and 36526 <= int(m[1]) <= 73050:  # 2000-01-01 … 2099-12-31
            out.append((datetime.date(1899, 12, 30) + datetime.timedelta(days=int(m[1]))).isoformat())
            continue
        elif (month := _month_only(v)) is not None:
            y, mo = month
            ok = DATE_YEARS[0] <= y <= DATE_YEARS[1] and 1 <= mo <= 12
            out.append(f"{y:04d}-{mo:02d}" if ok else None)
            continue
        else:
            out.append(None)
            continue
        if not DATE_YEARS[0] <= y <= DATE_YEARS[1]:  # a slip ("2205-05-14", "1925"): unread, and noted
            out.append(None)
            continue
        try:
            out.append(datetime.date(y, mo, d).isoformat())
        except ValueError:  # month 13, 30 February
            out.append(None)
    return out


def _month_only(v: str) -> tuple[int, int] | None:
    """(year, month) of a month written without a day (2024-03, 03/2024, "mars 2024"), else None."""
    if m := _MONTH_ISO.match(v):
        return int(m[1]), int(m[2])
    if m := _MONTH_YEAR.match(v):
        return int(m[2]), int(m[1])
    if (m := _MONTH_WORD.match(v)) and m[1].casefold() in _MONTHS:
        return int(m[2]), _MONTHS[m[1].casefold()]
    return None


def date_fix(values: Sequence[str]) -> Msg:
    """How to fix dates that were not read: their year (written right, in a year no suggestion has), their
    format, or (some of each) both."""
    def slip(value: str) -> bool:
        m = re.search(r"(?<!\d)(\d{4})(?!\d)", value or "")
        return m is not None and not DATE_YEARS[0] <= int(m[1]) <= DATE_YEARS[1] \
            and parse_dates([value.replace(m[1], "2000")])[0] is not None

    slips = sum(map(slip, values))
    if values and all(_COARSE_PERIOD.match(v.strip()) for v in values):
        return Msg("fix_date_period")
    return Msg("fix_date_year" if slips == len(values) else "fix_date_format" if not slips else "fix_date_both")


# a period coarser than a month, as exports write one: "vecka 12", "v. 12 2024", "2024-W12", "Q1 2024", "kv1 2024",
# "2024 Q2", "T1 2024" (a tertial), "tertial 2", a year alone ("2024"): no month to count it in (unread, with its fix)
_COARSE_PERIOD = re.compile(r"^(?:(?:v\.?|vecka|week|w|q|kv|kvartal|quarter|t|tertial)\s*\d{1,2}\b.*"
                            r"|\d{4}[-\s]*(?:w|v|q|kv|t)\s*\d{1,2}|(?:19|20)\d{2})$", re.IGNORECASE)


# the years a suggestion's date can have: outside, a typing slip, read as no date (and noted), so that one
# "2205" does not stretch every table by month over two centuries
DATE_YEARS = (1970, 2099)


UNREAD_DATE_ROWS = 5  # the rows of unread dates a note names (then "…")


def unread_dates(raw: Sequence, parsed: Sequence, column: str | None = None) -> tuple[int, str | None, list[int]]:
    """How many non-empty date cells could not be read as dates, the first of them and the data rows (1-based) of
    the first :data:`UNREAD_DATE_ROWS`; not the ``column``'s own name (the header repeated further down)."""
    bad = [(i, r) for i, (r, p) in enumerate(zip(raw, parsed))
           if p is None and r is not None and str(r).strip() and str(r).strip() != column]
    return (len(bad), str(bad[0][1]).strip(), [i + 1 for i, _r in bad[:UNREAD_DATE_ROWS]]) if bad else (0, None, [])


def row_list(rows: Sequence[int], n: int) -> str:
    """Rows a note names, "6, 7, 11", with " …" where there are ``n`` in all and more than these."""
    return ", ".join(map(str, rows)) + (" …" if n > len(rows) else "")


def month_dates(raw: Sequence, parsed: Sequence) -> tuple[int, str | None, int | None]:
    """How many date cells give only a month ("mars 2024", read as ``YYYY-MM``), the first of them and its data
    row (1-based): they count in that month, and a note says so."""
    months = [(i, r) for i, (r, p) in enumerate(zip(raw, parsed)) if isinstance(p, str) and len(p) == 7]
    return (len(months), str(months[0][1]).strip(), months[0][0] + 1) if months else (0, None, None)


def _not_in_encoding(p: Path, encoding: str) -> str | None:
    """The encoding detected for the delimited file ``p`` when it is not ``encoding`` (given with
    ``--encoding``), else None: a table read in the wrong encoding has no column a reader can find."""
    if p.suffix.lower() not in TEXT_SUFFIXES:
        return None
    try:
        with p.open("rb") as fh:
            raw = fh.read(1 << 20)
    except OSError:
        return None
    return _other_encoding(raw, encoding, str(p))


def _other_encoding(raw: bytes, encoding: str, path: str) -> str | None:
    """The encoding detected for ``raw`` when it is not ``encoding`` (given with ``--encoding``), else None."""
    import codecs

    try:
        _, found = decode_bytes(raw, path=path)
        same = codecs.lookup(found.split("+")[-1]).name == codecs.lookup(encoding).name
    except (LookupError, InputFileError):
        return None
    same = same or {codecs.lookup(found.split("+")[-1]).name, codecs.lookup(encoding).name} <= {"utf-8", "utf-8-sig"}
    return None if same else found


def _other_delimiter(text: str, delim: str) -> Msg | None:
    """A note where ``--delimiter`` names a character the first line does not hold while the delimiter detection
    finds would split it (``--delimiter tab`` for a ';' export): every row was one column, and a line break inside
    a quoted text made rows of its own, without a word."""
    first = next((line for line in text[:1_000_000].splitlines() if line.strip()), "")
    if not first or delim in first:
        return None
    found = sniff_delimiter(text[:1_000_000])
    if found == delim or found not in first:
        return None
    shown = {"\t": "tab", ";": "';'", ",": "','", "|": "'|'"}
    return Msg("note_delimiter_given", given=shown.get(delim, repr(delim)), found=shown.get(found, repr(found)),
               n=first.count(found))


def _utf8_given_other(raw: bytes, encoding: str | None) -> Msg | None:
    """A note where ``--encoding`` names another encoding than UTF-8 for bytes that are UTF-8 with letters
    beyond ASCII (read so, "förslag" becomes "fÃ¶rslag" without an error: a single-byte code page decodes any
    bytes). Text in a single-byte code page is hardly ever valid UTF-8 once it has å/ä/ö."""
    import codecs

    if not encoding or raw.isascii():
        return None
    try:
        if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig") or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None
        raw.decode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return None
    return Msg("note_utf8_given_other", encoding=encoding)


def read_suggestions(path: str | Path, *, sheet: str | None = None, encoding: str | None = None,
                     delimiter: str | None = None, text_columns: Sequence[str] | None = None,
                     id_column: str | None = None, group_column: str | None = None,
                     date_column: str | None = None, person_column: str | None = None,
                     header: bool | None = None, label_column: str | None = None, lang: str = "sv") -> Suggestions:
    """Read an export into a :class:`Suggestions` (every row kept, in order); ``label_column``: a column of labels
    (train's), which no role is detected in; ``lang``: the outputs' language (see :func:`read_table`)."""
    import pandas as pd

    names, data, info = read_table(path, sheet=sheet, encoding=encoding, delimiter=delimiter, header=header, lang=lang)
    if label_column is None:  # (train's labels: its own roles)
        text_columns, id_column, group_column, date_column, person_column = recorded_roles_of(
            path, info.sheet, names, text_columns, id_column, group_column, date_column, person_column)
    try:
        cols = detect_columns(names, data, text_columns=text_columns, id_column=id_column,
                              group_column=group_column, date_column=date_column,
                              person_column=person_column, path=str(path), notes=info.notes,
                              label_column=label_column, headless=not info.header_row)
    except ColumnError as exc:
        if exc.key == "err_no_text_column" and info.uncomputed:  # the text is formulas nobody computed
            _refuse_uncomputed(path, info, max(info.uncomputed, key=lambda c: len(info.uncomputed[c])))
        chosen = next((n for n in info.notes if getattr(n, "key", None) == "note_sheet_chosen"), None)
        detected = _not_in_encoding(Path(path), encoding) if exc.key == "err_no_text_column" and encoding else None
        if detected:  # --encoding utf-16 on a UTF-8 file: one garbled column, the whole file as its name
            raise ColumnError.of("err_no_text_column_encoding", path=path, encoding=encoding, detected=detected,
                                 columns=exc.fields["columns"]) from None
        if exc.key == "err_no_text_column" and chosen is not None:  # the answers may be on another sheet
            raise ColumnError.of("err_no_text_column_sheet", path=path, sheet=info.sheet, n=chosen.fields["n"],
                                 columns=exc.fields["columns"]) from None
        raise
    width = len(names)
    data = [r + [""] * (width - len(r)) if len(r) < width else r[:width] if len(r) > width else r for r in data]
    _unmerge_text(data, names, cols, info)
    first = names.index(cols.text[0])
    totals = total_rows(data, names, cols, [r[first].strip() for r in data])
    if totals and info.uncomputed:  # a total row's uncomputed count (=ANTAL(B2:B9) by a script): no suggestion's
        in_totals = {i for i, _ in totals}
        info.uncomputed = {c: left for c, rows in info.uncomputed.items() if (left := [r for r in rows
                                                                                        if r not in in_totals])}
    for column in info.uncomputed:
        if column in (*cols.text, cols.id, cols.group, cols.date, cols.person):
            _refuse_uncomputed(path, info, column)
        info.notes.append(Msg("note_uncomputed_formulas", sheet=info.sheet, column=column,
                              n=len(info.uncomputed[column]), row=info.excel_row(info.uncomputed[column][0] + 1)))
    for column, (rows, code) in info.errors.items():  # (a failed look-up's #N/A: no unit, not a unit "#N/A")
        info.notes.append(Msg("note_error_cells", sheet=info.sheet, column=column, n=len(rows), error=code,
                              row=info.excel_row(rows[0] + 1)))
    frame = pd.DataFrame(data, columns=names, dtype=object) if data else pd.DataFrame(columns=names, dtype=object)
    again = repeated_headers(frame, names) if info.header_row else []
    frame = attach_roles(frame, cols, sorted({*again, *(i for i, _ in totals)}))
    if again:  # kept as rows, every role empty: the header is no suggestion, no unit and no date
        info.notes.append(Msg("note_header_again", n=len(again), row=info.excel_row(again[0] + 1)))
    if totals:  # likewise a total row: no suggestion, and its label no id ("Summa" would reach the store as one)
        info.notes.append(Msg("note_total_rows", n=len(totals), row=info.excel_row(totals[0][0] + 1),
                              value=totals[0][1][:40]))
    if cols.date is not None:
        n, first, bad_rows = unread_dates(list(frame[cols.date]), list(frame[DATE]), cols.date)
        if n:  # counted as undated in every period table: say so, naming the rows to look at
            bad = [str(r).strip() for r, d in zip(frame[cols.date], frame[DATE])
                   if d is None and r is not None and str(r).strip() and str(r).strip() != cols.date]
            info.notes.append(Msg("note_unread_dates", n=n, column=cols.date, value=first[:40], fix=date_fix(bad),
                                  rows=row_list([info.excel_row(r) for r in bad_rows], n)))
        n, first, row = month_dates(list(frame[cols.date]), list(frame[DATE]))
        if n:  # in their month, with no day: say so (a month-only value is no date of the 1st)
            info.notes.append(Msg("note_month_dates", n=n, column=cols.date, value=first[:40], row=info.excel_row(row)))
    return Suggestions(frame=frame, columns=cols, info=info)


def recorded_roles_of(path: str | Path, sheet: str | None, names: Sequence[str], text_columns: Sequence[str] | None,
                      id_column: str | None, group_column: str | None, date_column: str | None,
                      person_column: str | None) -> tuple:
    """``(text_columns, id_column, group_column, date_column, person_column)``: those given, and for a role none
    is given for, the column a classify workbook's run read it from (``writers.recorded_roles``) — on its *Förslag*
    sheet, where that sheet still has the column — so that a report of the workbook counts the units of the
    column classify counted them in (``-g Kostnadsställe``), not none; else None, for the detection to find."""
    from forbattra.outputs.writers import COLS, recorded_roles

    given = (text_columns or None, id_column, group_column, date_column, person_column)
    if sheet not in {c["sheet_rows"] for c in COLS.values()}:
        return given
    record = recorded_roles(Path(path))
    if not record:
        return given
    have = set(names)
    text = record.get("text")
    found = (list(text) if isinstance(text, list) and have.issuperset(text) else None,
             *(v if isinstance(v := record.get(role), str) and v in have else None
               for role in ("id", "group", "date", "person")))
    return tuple(g if g is not None else f for g, f in zip(given, found))


def _refuse_uncomputed(path: str | Path, info: ReadInfo, column: str) -> None:
    """Refuse a sheet whose ``column`` — one a role reads — holds formulas without a computed value: read as
    empty, its suggestions (or their ids, units, dates) would be lost without a word."""
    rows = info.uncomputed[column]
    raise InputFileError.of("err_uncomputed_formulas", path=path, sheet=info.sheet, column=column, n=len(rows),
                            row=info.excel_row(rows[0] + 1))


def _unmerge_text(data: list[list[str]], names: list[str], cols: Columns, info: ReadInfo) -> None:
    """Empty the copies of a text or id cell merged down over several rows (the reader fills merged cells
    down for units): the rows under it are one suggestion, read once on the merged cell's top row; the
    rows below count as empty, with a note naming them."""
    rows: set[int] = set()
    merged_text = None
    for col in cols.text:
        for k in info.merged_down.get(col, ()):
            data[k][names.index(col)] = ""
            rows.add(k)
            merged_text = merged_text or col
    # an id merged down with its text is that one suggestion's; merged down over several suggestions (a
    # respondent's id over each of their answers) it is each row's, as a unit is
    if cols.id is not None:
        for k in info.merged_down.get(cols.id, ()):
            if k in rows:
                data[k][names.index(cols.id)] = ""
    if rows:
        shown = [info.excel_row(k + 1) for k in sorted(rows)]
        info.notes.append(Msg("note_merged_text", n=len(shown), column=merged_text,
                              rows=", ".join(map(str, shown[:10])) + (" …" if len(shown) > 10 else "")))


def same_units(values: list, seen: dict[str, str] | None = None) -> list:
    """Unit names as one unit however they are spelt: spaces collapsed ("Hemtjänst  Norr"), and a spelling
    that differs only in case or a full stop at the end ("HEMTJÄNST NORR", "Hemtjänst Norr.") given the
    spelling first seen in the file
    — otherwise every count of units (breadth, "brett förankrat", *Tema per enhet*) counts one unit several
    times. A cell with no letter or digit ("-", "–", "?") is no unit. ``seen`` (key → spelling) carries the first
    spellings from chunk to chunk of a stream."""
    seen = {} if seen is None else seen
    # each distinct cell resolved once, in the order the cells first appear (the first spelling wins), then
    # looked up per row (thirty-first round: a file names its few hundred units over and over; ≈ 0.6 µs a
    # row less than resolving every cell)
    try:
        distinct = dict.fromkeys(values)
    except TypeError:  # an unhashable cell (no reader makes one): cell by cell
        return _same_units(values, seen)
    names = [v for v in distinct if isinstance(v, str)]  # (a cell that is no text stays as it is)
    resolved = dict(zip(names, _same_units(names, seen)))
    return list(map(resolved.get, values, values))


def _same_units(values: list, seen: dict[str, str]) -> list:
    """:func:`same_units` cell by cell."""
    out = []
    for v in values:
        if not isinstance(v, str):  # None (no unit), or NaN from a frame that lost its object dtype
            out.append(v)
            continue
        # a spelling met before gives what it gave then (kept under "\0" + the spelling: no text holds a NUL):
        # a file names its few hundred units over and over
        known = seen.get("\0" + v)
        if known is not None:
            out.append(known)
            continue
        w = v
        if "  " in w or "\t" in w or "\n" in w or "\xa0" in w:
            w = " ".join(w.split())
        if not any(map(str.isalnum, w)):
            out.append(None)  # "-", "–", "?": an export's placeholder for no unit, not one unit of every such row
            continue
        if total_label(w):
            out.append(None)  # an export's total row ("Totalt", "Summa enheter: 3"): no unit of the organisation
            continue
        if not w.isascii():
            w = unicodedata.normalize("NFC", w)  # "ä" as a + ¨ (a Mac export) is "ä"
        out.append(seen.setdefault("\0" + v, seen.setdefault(unit_key(w), w)))
    return out


# a total or summary row's label in the unit column, folded (an export's footer under its rows: "Totalt", "Summa",
# "Summa enheter: 3", "Grand total"): its first word one of TOTAL_WORDS, each other one of TOTAL_TAIL, digits aside
TOTAL_WORDS = frozenset({"summa", "totalt", "total", "totals", "totalsumma", "delsumma", "sum", "subtotal", "grand"})
TOTAL_TAIL = frozenset({"total", "totalt", "summa", "antal", "st", "alla", "av", "enheter", "enhet", "förslag", "svar",
                        "rader", "all", "of", "units", "unit", "suggestions", "answers", "responses", "rows"})


def total_label(v: str) -> bool:
    """True for a total row's label ("Totalt", "Summa enheter: 3", "Grand total"), not a unit's name
    ("Totalförsvaret", "Summa IT")."""
    words = re.findall(r"[^\W\d_]+", v.casefold())
    return bool(words) and words[0] in TOTAL_WORDS and all(w in TOTAL_TAIL for w in words[1:])


# what a total row's text cell can hold (:func:`total_rows`' quick look): nothing, a count ("12", "12 st"), or the
# label itself
_TOTAL_TEXT = re.compile(r"[\W\d_]*+(?:(?:" + "|".join(sorted(TOTAL_WORDS | TOTAL_TAIL | {"count"}))
                         + r")(?![^\W\d_])|$)", re.IGNORECASE)


def total_rows(rows: Sequence[Sequence[str]], header: Sequence[str], cols: Columns,
               texts: Sequence[str]) -> list[tuple[int, str]]:
    """The positions (0-based) and labels of an export's total or count rows among ``rows`` ("Summa;3",
    "Totalt;;12", ";Summa: 8": :func:`_summary_row`), wherever the label stands — the id column's "Summa" is no
    suggestion's id. Not a row whose id column holds a number ("4;Totalt": an answer with its own id, if a short
    one). ``texts``: the rows' first text column, stripped (a quick look first: most rows hold a sentence)."""
    idc = header.index(cols.id) if cols.id is not None else None
    textc = [header.index(c) for c in cols.text]
    out = []
    for i in compress(range(len(texts)), map(_TOTAL_TEXT.match, texts)):  # (C-level: a chunk of 20,000 rows)
        row = rows[i]
        if not _summary_row(row) or idc is not None and idc < len(row) and _is_number(row[idc].strip() or "x"):
            continue
        label = next(v.strip() for v in row if v.strip() and not _a_count(v.strip()))
        if not _total_words(label) and any(c < len(row) and row[c].strip() == label for c in textc):
            continue  # a subtotal's label stands in the group's column: a text ending in "antal" is a text
        out.append((i, label))
    return out


def unit_key(v: str) -> str:
    """What tells units apart (:func:`same_units`) in a name with its spaces collapsed: not case, not a full
    stop at the end ("Hemtjänst Norr." is Hemtjänst Norr)."""
    return v.casefold().rstrip(". ") or v


# what people type in a name field instead of a name (folded, without a closing "." or "!"): no person to count,
# never a name to mask everywhere ("vill" in every text)
NOT_A_NAME = frozenset({"anonym", "anonymt", "anonymous", "vill ej uppge", "vill inte uppge", "ej angivet",
                        "ej angiven", "nej", "ja", "ingen", "inget", "okänd", "okänt", "vet ej", "n/a", "na", "x"})


def person_key(v: object) -> str | None:
    """A person as counted ("Antal personer", a duplicate group's people): one person however the name is
    spelt — case, spaces, non-breaking spaces, decomposed letters; None for no name ("-", "?") or a placeholder
    for one (:data:`NOT_A_NAME`: "Anonym", "Vill ej uppge": ten anonymous writers are not one person)."""
    if not isinstance(v, str) or not any(map(str.isalnum, v)):
        return None  # (no name, or a placeholder for none: "-", "?")
    v = " ".join(v.split())
    key = (unicodedata.normalize("NFC", v) if not v.isascii() else v).casefold()
    return key if key and key.rstrip(".!") not in NOT_A_NAME else None


def attach_roles(frame: "pd.DataFrame", cols: Columns, blank: Sequence[int] = ()) -> "pd.DataFrame":  # noqa: F821
    """Add the internal role columns (``_row``, ``_text``, ...) to a frame of string columns; the rows at the
    positions ``blank`` (the header repeated, :func:`repeated_headers`) get every role empty."""
    n = len(frame)
    idx = {h: i for i, h in enumerate(frame.columns)}
    values = frame.to_numpy(dtype=object) if n else None
    if len(blank):
        values = values.copy()
        values[list(blank)] = ""

    def col(name: str | None) -> list:
        if name is None or n == 0:
            return [None] * n
        return [v or None for v in _visible([("" if v is None else str(v)).strip() for v in values[:, idx[name]]])]

    if len(cols.text) == 1:
        text = _visible([("" if v is None else str(v)).strip() for v in (values[:, idx[cols.text[0]]] if n else [])])
    else:
        parts = [_visible([("" if v is None else str(v)).strip() for v in values[:, idx[c]]]) for c in cols.text] \
            if n else []
        text = ["\n".join(p for p in row if p) for row in zip(*parts)] if n else []
    import pandas as pd

    dates = parse_dates([d or "" for d in col(cols.date)], cols.date_order) if cols.date else [None] * n

    def obj(values: list) -> "pd.Series":
        # object dtype keeps None as None (pandas 3 would infer a string dtype with NaN)
        return pd.Series(values, index=frame.index, dtype=object)

    return frame.assign(**{
        ROW: list(range(1, n + 1)), ID: obj(col(cols.id)), TEXT: obj(text), GROUP: obj(same_units(col(cols.group))),
        DATE: obj(dates), PERSON: obj(col(cols.person)),
    })


def _visible(values: list[str]) -> list[str]:
    """``values`` (stripped cells) with a cell of only characters no one sees — a zero-width space, a byte-order
    mark, a soft hyphen pasted from a web form (:data:`~forbattra.record.INVISIBLE`), between spaces or not —
    made empty: Excel shows it empty, and so is its row. A text holding such a character among its words keeps
    it. (One search over all the cells first: most columns hold none.)"""
    if not values or not INVISIBLE.search("\n".join(values)):
        return values
    return [v if _shown(v) else "" for v in values]


def _visible_rows(rows: list[list[str]]) -> list[list[str]]:
    """``rows`` with a cell of only characters no one sees made empty (:func:`_visible`), for column detection:
    a zero-width space in a column otherwise empty is no text that makes it another kind of column."""
    if not rows or not INVISIBLE.search("\n".join(map("".join, rows))):
        return rows
    return [["" if v and INVISIBLE.search(v) and not _shown(v) else v for v in r] for r in rows]


# --------------------------------------------------------------------------------------------
# Streaming (big delimited files, bounded memory)

STREAM_BLOCK = 1 << 20


def streamable(path: str | Path, *, encoding: str | None = None) -> bool:
    """True for delimited text that can be read in blocks (not UTF-16, which needs whole-file decoding)."""
    p = Path(path)
    if not p.is_file() or p.suffix.lower() not in TEXT_SUFFIXES or p.stat().st_size == 0:
        return False
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError:  # not readable: the whole-file reader says so, naming the file
        return False
    if head.startswith((b"PK", b"\xd0\xcf\x11\xe0", b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return False
    if head.removeprefix(b"\xef\xbb\xbf").lstrip().lower().startswith(_MARKUP):  # refused by the whole-file reader
        return False
    return not (encoding or "").lower().replace("-", "").startswith("utf16")


_OTHER_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines ends a line at besides \n and \r


def _text_blocks(p: Path, skip: int, decode: "Callable[[bytes, int], str]", path: str,
                 drop: int = 0) -> Iterator[list[str]]:
    """The file's lines in blocks of about :data:`STREAM_BLOCK` bytes, each line ending in "\\n"; the file's
    last ``drop`` bytes left out (the half of a character it was cut off inside: :func:`_cut_character`).

    \\r\\n, \\n and a lone \\r all end a line (a \\r\\n split across two reads too). A line holding a NUL
    byte ends the file with the whole-file reader's verdict, when the csv reader reaches it.
    """
    def texts() -> Iterator[str]:
        pending = b""
        ended = 0  # lines read so far
        with p.open("rb") as fh:
            if skip:  # (a "sep=;" line is one of the file's lines: the lines a message names count it)
                head = fh.read(skip)
                ended = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n")
            while block := fh.read(STREAM_BLOCK):
                data = pending + block
                hold = b""
                if data.endswith(b"\r"):  # maybe the first half of \r\n: wait for the next block
                    data, hold = data[:-1], b"\r"
                if b"\r" in data:
                    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
                cut = data.rfind(b"\n") + 1
                pending = data[cut:] + hold
                first = ended + 1  # (the file's line the block starts on, for a line that cannot be decoded)
                ended += data.count(b"\n", 0, cut)
                if len(pending) > MAX_LINE_BYTES:  # a file without line breaks: memory stays bounded
                    raise _long_line_error(path, ended + 1)
                if cut:  # (a block starts at the start of a line: see _drop_line_boms)
                    yield _drop_line_boms(decode(data[:cut], first))
        if drop:  # (no line break after them: they are the end of ``pending``)
            pending = pending[:-drop]
        if pending and pending != b"\r":
            yield _drop_line_boms(decode(pending.rstrip(b"\r") + b"\n", ended + 1))

    seen = 0  # lines yielded so far
    for text in texts():
        # str.splitlines also ends a line at a few other characters; without them it is the same cut as
        # the "\n"-only io.StringIO, and faster (fourteenth round)
        lines = list(io.StringIO(text)) if any(map(text.__contains__, _OTHER_BREAKS)) else text.splitlines(True)
        if "\x00" in text:
            k = next(i for i, line in enumerate(lines) if "\x00" in line)
            if k:
                yield lines[:k]  # the rows before it are read; the verdict comes when the reader needs that line
            raise _nul_error(path, seen + k + 1)
        yield lines
        seen += len(lines)


def _line_decoder(base: str, mixed: bool, path: str, detected: bool = False,
                  other: list | None = None) -> "Callable[[bytes, int], str]":
    """Decode a run of whole lines: at once when it is valid ``base``, else line by line, a line that is not
    valid UTF-8 read as Windows-1252 (a file pasted together from two exports) — unless ``base`` was given
    (``detected`` False, ``--encoding``): then such a line is an error, as it is for the whole-file reader,
    naming the line (the decoder's second argument: the file's line, 1-based, the run starts on).

    ``other`` (an empty list; detected, not ``mixed``: the first block named one encoding) gets the first line
    read in another encoding than ``base`` and that encoding: a code page under UTF-8 (chosen as the whole-file
    reader chooses it, :func:`_code_page`), UTF-8 under a code page — what the reading line, printed before the
    rest of the file is read, could not say."""
    import codecs

    whole = codecs.lookup(base).name in _LINE_LOCAL_CODECS
    eight_bit = detected and codecs.lookup(base).name in _DETECTED_8BIT
    track = other is not None and detected and not mixed
    page: list[str] = []  # the code page of UTF-8's lines that are not: chosen at the first (_code_page_at)

    def one(line: bytes, n: int) -> str:
        try:
            return line.decode(base)
        except UnicodeDecodeError:
            if mixed or base == "utf-8" and detected:
                if not page:  # (as the whole-file reader chooses it: on the bytes from this line's start)
                    page.append(_code_page_at(Path(path), _line_offset(Path(path), n)))
                if track and not other:
                    other[:] = [n, page[0]]
                return line.decode(page[0], errors="replace")
            if not detected:  # the --encoding given: refused, as the whole-file reader refuses the file
                raise InputFileError.of("err_cannot_decode_line_given", path=path, encoding=base, line=n) from None
            raise InputFileError.of("err_cannot_decode_line", path=path, encoding=base, line=n) from None

    def decode(data: bytes, first: int = 1) -> str:
        if eight_bit:  # as decode_bytes: a UTF-8 line anywhere in the file is read as UTF-8
            text, utf8 = _decode_8bit(data, base)
            if track and not other and utf8 is not None:
                other[:] = [first + utf8, "utf-8"]
            return text
        if whole:
            try:
                return data.decode(base)
            except UnicodeDecodeError:
                pass
        return "\n".join(one(line, n) for n, line in enumerate(data.split(b"\n"), first))

    return decode


_DETECTED_8BIT = {"cp1252", "cp850", "mac-roman"}  # what decode_bytes detects when a file is not UTF-8

# Codecs that decode a run of lines exactly as line by line (ASCII-compatible, stateless, "\n" never part
# of a multi-byte character); others are decoded line by line.
_LINE_LOCAL_CODECS = {"utf-8", "ascii", "latin-1", "iso8859-1", "iso8859-15", "cp1252", "cp1250", "cp1257",
                      "cp850", "cp437", "mac-roman"}


def iter_suggestions(path: str | Path, *, encoding: str | None = None, delimiter: str | None = None,
                     text_columns: Sequence[str] | None = None, id_column: str | None = None,
                     group_column: str | None = None, date_column: str | None = None,
                     person_column: str | None = None, header: bool | None = None, chunk_rows: int = 20_000,
                     single_pass: bool = False):
    """Read a big delimited file in chunks: ``(columns, info, iterator of DataFrame chunks)``.

    Chunks have the same columns as :func:`read_suggestions`'s frame (``_row`` continues across
    chunks); every row is kept, trailing blank rows are dropped, exactly as the whole-file reader.
    Encoding and delimiter are detected on the first megabyte, the header and columns on the first
    rows, as the whole-file reader does. Memory stays bounded.

    The whole-file reader keeps every column that has a value anywhere in the file. By default the file
    is scanned twice to know that before the first chunk (see below). With ``single_pass`` it is read
    once: the columns are those of the first rows, checked as the chunks are read, and where a later
    row has a value in a column the first rows left empty (or wider than the header) the iterator ends
    with :class:`ReadAgain` after its last chunk: the caller discards what it made and reads again
    without ``single_pass`` (:func:`forbattra.workflow.run_classify_stream` does). The reader's notes
    then arrive in ``info.notes`` as the rows are read, not before the first chunk.
    """

    p = Path(path)
    with p.open("rb") as fh:
        sample = fh.read(STREAM_BLOCK)
    # Detect on the sample, cut at the last complete line so a split character cannot mislead; the whole file
    # (a sample smaller than a block) without the half of a character it was cut off inside, as read below
    cut = sample.rfind(b"\n") + 1 if len(sample) == STREAM_BLOCK and b"\n" in sample else \
        len(sample) - _cut_character(sample, encoding)
    text, enc = decode_bytes(sample[:cut], encoding, path=str(p))
    if not encoding and len(sample) == STREAM_BLOCK and codecs.lookup(enc.split("+")[-1]).name in _DETECTED_8BIT:
        # the code page chosen as the whole-file reader chooses it, on bytes that may reach past the sample
        bom = 3 if sample.startswith(b"\xef\xbb\xbf") else 0
        try:
            sample[bom:cut].decode("utf-8")
        except UnicodeDecodeError as exc:
            page = _code_page_at(p, bom + _line_start(sample[bom:cut], exc.start))
            if page != enc.split("+")[-1]:
                enc = enc.rsplit("+", 1)[0] + "+" + page if "+" in enc else page
                text = _decode_8bit(sample[bom:cut], page)[0]
    hint, hint_len = excel_sep_line(text)
    sep_line, text = text[:hint_len].lstrip("\ufeff"), text[hint_len:]
    texts_only = None
    if delimiter:
        delim = _delimiter(delimiter)
        texts_only = _only_in_texts(text, delim)  # a one-column list (as the whole-file reader)
        if texts_only is None and len(sample) == STREAM_BLOCK and delim in _CANDIDATES and _sniff(text)[1] \
                and (line := _first_line_with(p, delim)) is not None:  # (the character given first further down)
            texts_only = (delim, line)
        if texts_only is not None:
            delim = texts_only[0] if len(sample) < STREAM_BLOCK else _rarest_in_file(p)
    elif hint:
        delim = hint
    elif p.suffix.lower() in (".tsv", ".tab") and "\t" in text[:10000]:
        delim = "\t"
    else:
        delim, single = _sniff(text)
        if single and len(sample) == STREAM_BLOCK:  # a list of one column bigger than the sample: as the whole-file
            delim = _rarest_in_file(p)  # reader, the delimiter found least in all of it
    start = 3 if sample.startswith(b"\xef\xbb\xbf") else 0
    base = enc.split("+")[-1] if "+" in enc else "utf-8" if enc == "utf-8-sig" else enc
    start += len(sep_line.encode(base, errors="replace"))  # (Excel's "sep=;" line: read as no row, as above)
    switched: list = []  # the first line further down in another encoding than the first block's (_line_decoder)
    decode = _line_decoder(base, "+" in enc, str(p), detected=not encoding, other=switched)
    csv.field_size_limit(1 << 30)
    # the half of a character the file was cut off inside, left out as the whole-file reader leaves it
    drop = len(sample) - cut if len(sample) < STREAM_BLOCK else 0  # (a smaller file: the sample's, above)
    if enc in ("utf-8", "utf-8-sig") and len(sample) == STREAM_BLOCK:
        with p.open("rb") as fh:
            fh.seek(-STREAM_BLOCK, 2)
            end = fh.read()
        drop = _cut_character(end[end.rfind(b"\n") + 1:],  # its last line, UTF-8 as the sample is
                              encoding or (None if sample[:cut].isascii() else "utf-8"))

    def batches(notes: list[str], starts: list[int] | None = None, batch: int = 4096,
                wider: list[int] | None = None, gaps: list | None = None) -> Iterator[list[list[str]]]:
        return _csv_rows(_text_blocks(p, start, decode, str(p), drop), delim, str(p), notes, starts, HEAD_ROWS, batch,
                         wider, gaps)

    # The first scan reads the whole file once, so that the header, the columns kept and the notes are
    # those of the whole-file reader (a column that first has values after row 2,000 is kept too); the
    # chunks read it again. With single_pass, the chunks go on with this scan instead and check the
    # columns as they go. Detection itself looks at the first rows, exactly as the whole-file reader.
    info = ReadInfo(path=str(p), format="text", encoding=enc, delimiter=delim)
    garbled = _utf8_given_other(sample[:cut], encoding)  # (as the whole-file reader notes it)
    if garbled is not None:
        info.notes.append(garbled)
    if (mixed := _mixed_note(sample[:cut], enc)) is not None:  # two encodings in the first block already
        info.notes.append(mixed)

    top = len(info.notes)  # (where the whole-file reader puts that note: the two-pass read puts it there too)

    def note_other(at: int | None = None) -> None:
        """Lines further down in another encoding than the first block's: the reading line, printed before
        they were read, named that one; the encoding becomes both, as the whole-file reader names it, and a
        note names the first such line (:func:`_mixed_note`)."""
        if switched and "+" not in (info.encoding or ""):
            line, found = switched
            info.encoding = f"{enc}+{found}" if found != "utf-8" else f"{found}+{enc}"
            info.notes.insert(len(info.notes) if at is None else at,
                              Msg("note_mixed_encoding", line=line, other=found, first=enc))
    if texts_only is not None:
        info.notes.append(_given_in_texts(delimiter or "", texts_only[1]))
    elif delimiter and (other := _other_delimiter(text, delim)) is not None:
        info.notes.append(other)
    starts: list[int] = []
    # rows wider than the header further down, counted as the scan reads them (_note_extra_fields)
    wider = [sys.maxsize, 0, 0, 0]
    # (the first scan records the empty lines, for the rows Excel shows: ReadInfo.excel_row)
    scan = batches(info.notes, starts, HEAD_ROWS, wider, info.gaps)  # the first batch: the rows detection looks at
    head_rows: list[list[str]] = next(scan, [])
    if not head_rows:  # only a byte-order mark or blank lines (as the whole-file reader says)
        raise InputFileError.of("err_blank_file", path=p)
    header_idx = _choose_header(head_rows, header, info.notes)
    if header_idx is None:
        skip = next((i for i, r in enumerate(head_rows) if any(v.strip() for v in r)), len(head_rows))
        raw_header: list[str] = []
    else:
        skip = header_idx + 1
        raw_header = head_rows[header_idx]
    info.data_start = skip
    info.header_row = 0 if header_idx is None else info.record_row(header_idx)
    width = len(raw_header)
    head_notes: list = []
    if header_idx is not None:
        _note_extra_fields(head_rows, header_idx, starts, delim, head_notes)
        wider[0] = width
    head_width = width  # (``account`` widens ``width`` as it finds wider rows)

    def note_wider() -> None:
        """The note on rows wider than the header, the whole-file reader's (:func:`_note_extra_fields`),
        from the first rows' and the rest's counts."""
        first = head_notes[0].fields if head_notes else {}
        n = first.get("n", 0) + wider[1]
        if n and head_width:
            line, fields = (first["line"], first["fields"]) if first else (wider[2], wider[3])
            info.notes.append(Msg("note_extra_fields", n=n, line=line, fields=fields, width=head_width,
                                  delimiter=delim if delim != "\t" else "tab"))
    filled = {c for c, v in enumerate(raw_header) if _heading(v)}
    blank = set(range(width)) - filled  # columns with no value yet: usually none, so this scan is cheap

    def account(rows: list[list[str]]) -> None:
        nonlocal width
        wide = max(map(len, rows), default=0)
        if wide > width:
            blank.update(range(width, wide))
            width = wide
        if blank:
            for r in rows:
                found = [c for c in blank if c < len(r) and _shown(r[c])]
                filled.update(found)
                blank.difference_update(found)

    with p.open("rb") as fh:  # no line break after the last row: maybe a file cut off (_note_cut_off)
        fh.seek(-1, 2)
        cut = fh.read(1) not in b"\r\n"
    last = [head_rows, len(head_rows)]  # the last batch read, and the rows read so far

    def note_cut() -> None:
        if drop:
            info.notes.append(Msg("note_last_row_cut_character", row=info.record_row(last[1] - 1), encoding="UTF-8"))
        elif cut:
            ref = skip if header_idx is None else header_idx
            rows = head_rows if last[0] is head_rows else head_rows[:ref + 1] + last[0][-2:]
            _note_cut_off(rows, header_idx, skip, info.record_row(last[1] - 1), info.notes)

    account(head_rows[skip:])
    if not single_pass:
        for batch in scan:
            account(batch)
            last[:] = batch, last[1] + len(batch)
        note_other(top)
        note_wider()
        note_cut()
    keep = sorted(filled)
    names = [_heading(raw_header[c]) if c < len(raw_header) else "" for c in keep] if header_idx is not None \
        else [f"kolumn_{c + 1}" for c in keep]
    names = _unique_names(names, keep)
    info.one_column = (not delimiter or texts_only is not None) and len(names) == 1
    first = [[(r[c] if c < len(r) else "") for c in keep] for r in head_rows[skip:skip + 2000]]
    if len(head_rows) < HEAD_ROWS:  # the file ends here: trailing blank rows are padding, as in the whole file
        while first and not any(v.strip() for v in first[-1]):
            first.pop()
    # (as the whole-file reader: on the header and the 2,000 rows below it, after the notes above)
    _note_side_by_side(head_rows, header_idx, info.notes)
    cols = detect_columns(names, first, text_columns=text_columns, id_column=id_column,
                          group_column=group_column, date_column=date_column, person_column=person_column,
                          path=str(p), notes=info.notes, headless=header_idx is None)
    info.notes.append(Msg("note_streaming"))
    plain = keep == list(range(width))  # every column kept: a row of the full width is used as it is
    units: dict[str, str] = {}  # each unit's first spelling, from chunk to chunk (same_units)
    full = width  # (a single pass's ``account`` may widen ``width`` later: the chunks keep this one)

    def rows():
        """The batches of rows, from the top: read again, or (single pass) the first scan's going on."""
        if not single_pass:
            yield from batches([])  # (the first scan recorded the empty lines)
            return
        yield head_rows
        for batch in scan:
            account(batch)
            last[:] = batch, last[1] + len(batch)
            yield batch
        if sorted(filled) != keep:  # a column the first rows left empty has values further down
            raise ReadAgain(str(p))

    again: list[int] = []  # data rows that repeat the header (noted at the end, as the whole-file reader does)
    totals: list[tuple[int, str]] = []  # total rows (their data row numbers and labels), noted likewise

    def chunks():
        yield from _chunks()
        if single_pass:
            note_other()
            note_wider()
            note_cut()
        if again:
            info.notes.append(Msg("note_header_again", n=len(again), row=info.excel_row(again[0])))
        if totals:
            info.notes.append(Msg("note_total_rows", n=len(totals), row=info.excel_row(totals[0][0]),
                                  value=totals[0][1][:40]))

    def _chunks():
        row_no = 0
        k = 0  # non-empty rows seen (the header and rows above it are skipped)
        buf: list[list[str]] = []
        blanks: list[list[str]] = []
        has_text = str.strip
        for batch in rows():
            if k >= skip and plain and not blanks and all(map(full.__eq__, map(len, batch))) \
                    and all(map(has_text, map("".join, batch))):
                # the common case, a whole batch at once: full-width rows, none blank (what the loop
                # below does row by row, chunk boundaries included)
                buf.extend(batch)
                while len(buf) >= chunk_rows:
                    yield _chunk_frame(buf[:chunk_rows], names, cols, row_no, units, again, totals)
                    row_no += chunk_rows
                    buf = buf[chunk_rows:]
                continue
            for r in batch:
                if k < skip:
                    k += 1
                    continue
                if not plain or len(r) != full:
                    r = [(r[c] if c < len(r) else "") for c in keep]
                if not any(map(has_text, r)):
                    blanks.append(r)  # held back: trailing blank rows are not data
                    continue
                if blanks:
                    buf.extend(blanks)
                    blanks = []
                buf.append(r)
                if len(buf) >= chunk_rows:
                    yield _chunk_frame(buf, names, cols, row_no, units, again, totals)
                    row_no += len(buf)
                    buf = []
        if buf or row_no == 0:
            yield _chunk_frame(buf, names, cols, row_no, units, again, totals)

    return cols, info, chunks()


class ReadAgain(Exception):
    """A single-pass stream (:func:`iter_suggestions`) found, after its last chunk, a column the first rows
    left empty: the chunks lack it; read the file again the default (two-scan) way."""


HEAD_ROWS = 2300  # rows the header and column detection look at (as the whole-file reader's)


def _chunk_frame(rows: list[list[str]], header: list[str], cols: Columns, offset: int, units: dict[str, str],
                 again: list[int] | None = None, totals: list[tuple[int, str]] | None = None):
    """A chunk's frame, as :func:`attach_roles` builds it, from string rows of the header's width; ``again``
    gets the data row numbers (1-based) of rows that repeat the header, ``totals`` those of total rows
    (:func:`total_rows`) with their labels."""
    import numpy as np
    import pandas as pd

    n = len(rows)
    if not n or set(header) & set(INTERNAL):
        frame = pd.DataFrame(rows, columns=header, dtype=object) if rows else pd.DataFrame(columns=header, dtype=object)
        frame.index = range(offset, offset + n)
        repeated = repeated_headers(frame, header)
        if again is not None:
            again.extend(offset + i + 1 for i in repeated)
        first = header.index(cols.text[0])
        found = total_rows(rows, header, cols, [r[first].strip() for r in rows])
        if totals is not None:
            totals.extend((offset + i + 1, label) for i, label in found)
        out = attach_roles(frame, cols, sorted({*repeated, *(i for i, _ in found)}))
        if cols.group is not None and n:
            out[GROUP] = same_units(list(out[GROUP]), units)
        return out.assign(**{ROW: list(range(offset + 1, offset + n + 1))})
    # Column by column: every value is a string here, so the role columns are C-level strips. Each column
    # by its own itemgetter map (fourteenth round: zip(*rows) over 20,000 rows cost 8 ms a chunk, 2 ms now)
    columns = {h: list(map(itemgetter(j), rows)) for j, h in enumerate(header)}

    def role(name: str | None) -> list:
        if name is None:
            return [None] * n
        vals = _visible(list(map(str.strip, columns[name])))
        return [v or None for v in vals] if "" in vals else vals

    first_text = _visible(list(map(str.strip, columns[cols.text[0]])))
    if len(cols.text) == 1:
        text = first_text
    else:
        parts = [first_text] + [_visible(list(map(str.strip, columns[c]))) for c in cols.text[1:]]
        text = ["\n".join(p for p in row if p) for row in zip(*parts)]
    # the header again (two exports pasted together): every role empty, as attach_roles leaves it
    written = _as_written(header)
    hkey, named = _row_key(written), _row_key(header)
    forms = _header_forms(written[header.index(cols.text[0])]) | {cols.text[0]}
    repeated = [i for i, r in enumerate(rows) if first_text[i] in forms and
                (_row_key(r) in (hkey, named) or _same_names(_row_key(r), hkey))] \
        if not forms.isdisjoint(first_text) else []
    if again is not None:
        again.extend(offset + i + 1 for i in repeated)
    found = total_rows(rows, header, cols, first_text)  # (a total row: likewise)
    if totals is not None:
        totals.extend((offset + i + 1, label) for i, label in found)
    ids, groups, dated, people = role(cols.id), role(cols.group), role(cols.date), role(cols.person)
    for i in (*repeated, *(i for i, _ in found)):
        text[i] = ""
        for vals in (ids, groups, dated, people):
            vals[i] = None
    dates = parse_dates([d or "" for d in dated], cols.date_order) if cols.date else [None] * n
    data: dict[str, object] = {h: columns[h] for h in header}
    data.update({ROW: None, ID: ids, TEXT: text, GROUP: same_units(groups, units), DATE: dates, PERSON: people})
    values = np.empty((len(data), n), dtype=object)  # a column per row of it: contiguous writes
    for j, v in enumerate(data.values()):
        if v is not None:
            values[j] = v
    frame = pd.DataFrame(values.T, columns=list(data), index=range(offset, offset + n), dtype=object)
    frame[ROW] = np.arange(offset + 1, offset + n + 1)
    return frame
