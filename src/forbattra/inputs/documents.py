"""Read long documents (.docx, .odt, .pdf, .txt, .md) and split them into individual proposals.

Working groups often hand in their improvement suggestions as a report rather than a spreadsheet: a Word
document with a heading per group and a numbered list of proposals, a PDF export of the same, or a plain
text file. This module turns such a document into one row per proposal, split "the way a person would":

* list items (``1.``, ``1)``, ``a)``, ``-``, ``•``, ``*``, ``–``) are proposals; a line that continues an
  item belongs to it;
* if the document has no lists, each paragraph is a proposal;
* if the document has headings such as "Förslag", "Åtgärder", "Vi föreslår" or "Förbättringsförslag",
  the content under them is preferred; headings themselves are never proposals;
* each row of a Word table (after its header row) is a proposal, its cells joined with " – "; so is each
  row of a table in a PDF, found by its ruling lines or by its text's columns (:func:`_pdf_tables`);
* PDF layout is undone: lines broken by the layout are joined, words hyphenated at a line end are
  rejoined, repeated page headers and footers, page numbers and tables of contents are dropped, and a
  proposal may continue across a page or column break.

The result is a :class:`pandas.DataFrame` with the columns of :data:`COLUMNS` (Swedish names, because
users open the output in Excel):

``id``
    Stable identifier ``"<fil>#<n>"``, or ``"<fil>#p<sida>-<n>"`` for a PDF, where ``n`` is the 1-based
    position of the proposal in the file. ``n`` is counted *before* short fragments are dropped, so the
    ids do not shift when ``min_length`` changes, and re-running over a folder that grows gives the same
    ids for unchanged files.
``fil``
    The file name, relative to the folder given to :func:`extract_many`, with ``/`` separators.
``sida``
    PDF page on which the proposal starts (nullable ``Int64``; missing for other formats).
``stycke``
    1-based number of the paragraph in the document where the proposal starts. Headings, list items,
    table-of-contents entries and table rows each count as one paragraph; page headers, footers and page
    numbers do not.
``rubrik``
    The nearest heading above the proposal (often the working group's name), or ``""``. A heading that
    only says "Förslag" ("Våra förslag", "Åtgärder", ...) gives way to the nearest heading it sits under
    that is not about proposals itself, so "Arbetsgrupp IT" > "Förslag" > items gives "Arbetsgrupp IT"
    but "Förbättringsförslag 2024" > "Förslag" > items gives "Förslag".
``förslag``
    The proposal text, on one line.

Everything here is a pure function of the input files: the same input gives the same frame.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import logging
import math
import os
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from forbattra.errors import InputFileError
from forbattra.i18n import Found, Joined, Msg

__all__ = [
    "COLUMNS",
    "DOCUMENT_SUFFIXES",
    "SPLIT_MODES",
    "extract_many",
    "extract_proposals",
    "looks_like_table",
]

# File suffixes (lower case) that :func:`extract_proposals` reads, from the one format table.
from forbattra.inputs import CONVERT_SUFFIXES, DOCUMENT_SUFFIXES  # noqa: E402
from forbattra.outputs.redact import FULL_NAME as _SIG_NAME, ROLES as _ROLES  # noqa: E402 - one name pattern

COLUMNS = ("id", "fil", "sida", "stycke", "rubrik", "förslag")
# the same columns in English (--lang en: extract's sheet, and classify's copy of the input columns);
# "ansvarig" is a Word table's column of who is responsible, kept where a table has it
EN_COLUMNS = {"fil": "file", "sida": "page", "stycke": "paragraph", "rubrik": "heading", "förslag": "suggestion",
              "ansvarig": "responsible"}
"""Columns of the frames returned by :func:`extract_proposals` and :func:`extract_many`, in order."""

SPLIT_MODES = ("auto", "list", "paragraph")
"""Accepted values of the ``split`` argument."""

from forbattra.inputs import TABLE_ONLY_SUFFIXES as _TABLE_SUFFIXES  # noqa: E402
_TABLE_SNIFF_BYTES = 256 * 1024
# bytes of page content (drawing instructions, unpacked) read from one PDF: a report of text holds some KB a
# page; a small file whose streams unpack to gigabytes (a decompression bomb) is refused past this
MAX_PDF_CONTENT = 300_000_000

# --------------------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------------------

_GLYPH_BULLETS = "•▪●◦○■□►▸➢➤✓✔·‣⁃\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf06e"  # may touch the text
_BULLETS = "-*–—" + _GLYPH_BULLETS
_MARKER_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>"
    r"\d{1,3}(?:\.\d{1,3})*[.)]"  # 1.  1)  2.3.
    r"|\(\d{1,3}\)"  # (1)
    r"|[A-Za-zÅÄÖåäö]\)|\([A-Za-zÅÄÖåäö]\)"  # a)  (a)
    # a.  (Word's letter numbering) but not an abbreviation opening a wrapped line: "t. ex.", "s. 12", "f. d."
    r"|[a-z]\.(?=[ \t\u00a0]+(?![A-Za-zÅÄÖåäö]{1,3}\.(?:\s|$)|\d))"
    r"|[" + re.escape(_BULLETS) + r"]"
    r"|[o§](?=\t)"  # Word's second and third bullets as its "Oformaterad text" writes them, with a tab: "o\t", "§\t"
    r")(?:[ \t\u00a0]+|(?<=[" + re.escape(_GLYPH_BULLETS) + r"]))(?P<text>\S.*)$"
)
_PAGE_NO_RE = re.compile(
    r"^(?:(?:sida|sid\.?|s\.|page|p\.)\s*)?"
    r"[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?"
    r"(?:\s*(?:av|of|/|\(|\|)\s*\d{1,4}\s*\)?)?$",
    re.IGNORECASE,
)
_PAGE_REF_RE = re.compile(
    r"\b(?:sida|sid|page|s)\.?\s*\d{1,4}\b|\b\d{1,4}\s*(?:av|of|/)\s*\d{1,4}\b|\b\d{1,4}\s*\(\d{1,4}\)",
    re.IGNORECASE,
)
_DOT_LEADER_RE = re.compile(r"\S.*?(?:\.{4,}|…{2,}|(?:\.\s){4,}|_{4,}|·{4,})\s*\.?\s*\d{1,4}\s*$")
_TOC_ENTRY_RE = re.compile(r"^\S.*?[\s.]\d{1,4}$|^\[[^\]]+\]\(#[^)]*\)$")
_TOC_TITLE_RE = re.compile(
    r"^(?:innehåll(?:sförteckning)?|table of contents|contents)\s*:?$",
    re.IGNORECASE,
)
# (and the English of an English report: "Suggestions", "Proposals", "Recommendations", "Proposed actions")
_PROPOSAL_HEADING_RE = re.compile(r"förslag|åtgärd|föreslå|\b(?:suggest|propos(?!ition)|recommend)|\bactions?\b", re.IGNORECASE)
_GENERIC_HEADING_RE = re.compile(
    r"^(?:(?:§\s*)?\d+(?:\.\d+)*\.?\s*)?(?:(?:våra|gruppens|arbetsgruppens)\s+)?"
    r"(?:förslag|förbättringsförslag|åtgärder|åtgärdsförslag|förslag (?:på|till) åtgärder|vi föreslår"
    r"|(?:arbets)?gruppen föreslår)"
    r"(?:\s+(?:att|följande))?(?:\s*[,–-]?\s*\(?\s*(?:forts\.?|fortsättning)\s*\)?)?\s*:?$"
    r"|^(?:\d+(?:\.\d+)*\.?\s*)?(?:(?:our|the group's|the working group's)\s+)?"
    r"(?:(?:improvement\s+)?(?:suggestions|proposals)|recommendations|actions|(?:proposed|suggested)\s+actions"
    r"|we\s+(?:propose|suggest|recommend))(?:\s+(?:that|the following))?"
    r"(?:\s*[,–-]?\s*\(?\s*(?:cont\.?|continued)\s*\)?)?\s*:?$",
    re.IGNORECASE,
)
# a proposal's numbered title over its motivation ("Förslag 1: Fler elcyklar till distrikten", "Åtgärd 3 – Nyckelskåp")
_NUMBERED_PROPOSAL_RE = re.compile(
    r"^(?:förslag|åtgärd|åtgärdsförslag|idé|proposal|suggestion)\s*(?:nr\.?\s*)?\d{1,3}[a-z]?"
    r"(?:\s*[:.–—-]\s*(?P<title>[^\n]{0,100}))?$", re.IGNORECASE)
# a report's appendix ("Bilaga 1 – Deltagare", "Bilagor", "5. Bilagor", "Appendix"): participants, minutes, figures
_APPENDIX_HEADING_RE = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s*)?(?:bilag(?:a|or)|appendix|appendices)\b", re.IGNORECASE)
# an appendix that holds proposals: "Bilaga 2 – Förslag från enkäten", "Appendix 1 – Suggestions from the survey"
_APPENDIX_OF_PROPOSALS_RE = re.compile(r"förslag|åtgärd|föreslå|suggest|propos|recommend", re.IGNORECASE)
_SENTENCE_END = ".!?:;"
_CLOSERS = "\"'”’»)]"
_CONTINUATION_WORDS = frozenset(
    "och att som för med av i på till från eller men samt om en ett vid mellan inom utan både när där "
    "hos mot genom per vår våra vårt sin sina sitt varje vilket vilka and of to the".split()
)
_SUSPENDED_HYPHEN_WORDS = frozenset({"och", "eller", "samt", "som", "till", "respektive", "resp."})
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_BOLD_FONT_RE = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_MD_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
# a quote's marks ("> ", "> > "), and a task list's box after its marker ("- [ ] ", "1. [x] ": notes from Teams, Loop,
# Obsidian or GitHub): Markdown's syntax, no part of the proposal
_MD_QUOTE_RE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_MD_TASK_RE = re.compile(r"^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[[ xX]\][ \t]+(?=\S)")
_MD_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")  # "[^1]", "[^nr]": a footnote's mark in the text
_MD_FOOTNOTE_DEF_RE = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")  # "[^1]: Enligt beslut …": the footnote itself
_MD_SEPARATOR_ROW_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RULE_RE = re.compile(r"^\s*(?:[-=_*~]\s*){3,}$")
_SETEXT_RE = re.compile(r"^\s*(=+|-+)\s*$")


# --------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------


def looks_like_table(path: str | os.PathLike[str]) -> bool:
    """Tell whether a file should be read as a table rather than as a document.

    Spreadsheet and delimited-text suffixes (``.csv``, ``.tsv``, ``.xlsx``, ...) are tables by name and
    ``.docx``, ``.pdf`` and ``.md`` files never are. A ``.txt`` file is judged by its content: it is a
    table if it is tab-separated "Unicode text" as saved by Excel (UTF-16 with a byte-order mark and a tab
    on most lines), or if most of its lines hold the same number (at least two) of tabs or semicolons.
    Quoted cells that contain delimiters or line breaks are understood.

    Args:
        path: The file to look at.

    Returns:
        True if the spreadsheet reader should read the file, False if it is a document.

    Raises:
        InputFileError: If the file does not exist or cannot be read.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in _TABLE_SUFFIXES:
        _check_file(p)
        return True
    if suffix != ".txt":
        return False
    data = _read_bytes(p, limit=_TABLE_SNIFF_BYTES)
    try:  # (a file cut off inside its last character, as much as a sample is: the table reader says so)
        text, encoding = _decode(data, str(p), truncated=True)
    except InputFileError:
        return False
    if len(data) >= _TABLE_SNIFF_BYTES:
        text = text.rsplit("\n", 1)[0]  # drop a line cut in the middle
    return _text_is_table(text, excel_unicode=encoding.startswith("utf-16") and _has_bom(data))


def extract_proposals(
    path: str | os.PathLike[str], *, split: str = "auto", min_length: int = 15, notes: list[str] | None = None
) -> pd.DataFrame:
    """Read one document and split it into proposals.

    Args:
        path: A ``.docx``, ``.pdf``, ``.txt`` or ``.md`` file.
        split: ``"list"``: list items (and table rows) are the proposals. ``"paragraph"``: every
            paragraph, list item and table row is a proposal. ``"auto"``: list items and table rows if
            the document has any, otherwise paragraphs; when the document has headings such as
            "Förslag" or "Åtgärder", only the content under them is used.
        min_length: Proposals shorter than this many characters are dropped (they keep their number,
            so ids do not depend on ``min_length``).
        notes: If given, one line is appended saying how many proposals the document gave and how it
            was split (and when ``auto`` found no proposal structure or fell back to paragraphs).

    Returns:
        A frame with the columns of :data:`COLUMNS`, one row per proposal, in document order. ``fil`` is
        the file's name.

    Raises:
        InputFileError: If the file is missing, of an unsupported type, encrypted, corrupt, a PDF without
            a text layer, or text that cannot be decoded. The message is one line naming the file.
        ValueError: If ``split`` or ``min_length`` is invalid.
    """
    _check_options(split, min_length)
    p = Path(path)
    return _extract(p, p.name, str(p), split, min_length, notes)


def extract_many(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    split: str = "auto",
    min_length: int = 15,
    notes: list[str] | None = None,
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Extract proposals from several documents and folders.

    Folders are searched recursively for files with a suffix in :data:`DOCUMENT_SUFFIXES`, in order of
    their path relative to the folder (hidden files and Word lock files ``~$...`` are ignored). A file that
    cannot be read is skipped and reported, and so are the files a folder holds that are no documents:
    word-processor files to convert, table exports (.csv, .xlsx …: one is classified on its own) and
    ``.txt`` files that :func:`looks_like_table`; the others are still processed.

    Args:
        paths: Files and folders (a single path is accepted too). Files named explicitly are read
            whatever their content; a file reached twice is read once.
        split: See :func:`extract_proposals`.
        min_length: See :func:`extract_proposals`.
        notes: See :func:`extract_proposals` (one line per file read).

    Returns:
        The proposals of all files concatenated (``fil`` relative to the folder given, or the file name
        for files given directly), and a list of ``(fil, reason)`` for the files that were skipped.

    Raises:
        InputFileError: If a path given does not exist.
        ValueError: If ``split`` or ``min_length`` is invalid.
    """
    _check_options(split, min_length)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    jobs: list[tuple[Path, str, bool]] = []  # (file, fil, from a folder scan)
    skipped: list[tuple[str, str]] = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            found = []
            unlisted: list[OSError] = []  # subfolders that may not be listed: named and skipped (exit 6), not passed over
            for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted.append):
                # an older Numbers document is a folder (a Mac "package"): named and skipped as the file form is
                packages = [d for d in dirnames if d.lower().endswith(".numbers") and not d.startswith(".")]
                dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in packages]
                for fn in packages + filenames:
                    # a table export beside the reports is named and skipped (exit 6), never passed over
                    if fn.startswith((".", "~$")) or Path(fn).suffix.lower() not in DOCUMENT_SUFFIXES | CONVERT_SUFFIXES | _TABLE_SUFFIXES | {".numbers"}:
                        continue
                    full = Path(dirpath) / fn
                    # (a name found, not typed: masked in the messages of a run that masks, as the fil column is)
                    found.append((Found(full.relative_to(root).as_posix()), full))
            for rel, full in sorted(found):
                jobs.append((full, rel, True))
            for exc in unlisted:
                sub = Path(exc.filename or root)
                rel = Found(sub.relative_to(root).as_posix()) if sub != root and sub.is_relative_to(root) else str(sub)
                skipped.append((rel, Msg("err_folder_unlisted", path=rel, reason=exc.strerror or exc)))
        elif root.is_file():
            jobs.append((root, root.name, False))
        else:
            raise InputFileError.of("err_no_path", path=given)

    frames: list[pd.DataFrame] = []
    seen: set[str] = set()
    for full, fil, scanned in jobs:
        key = os.path.normcase(os.path.realpath(full))
        if key in seen:
            continue
        seen.add(key)
        suffix = full.suffix.lower()
        if not scanned:  # (a folder scan passes lock files over)
            from forbattra.inputs.loading import lock_file_error

            if (lock := lock_file_error(full, fil)) is not None:  # "*.docx" while a report is open in Word
                skipped.append((fil, lock.message))
                continue
        if suffix == ".numbers":  # an Apple Numbers table (a file, or a folder in its older form)
            skipped.append((fil, Msg("err_numbers_file", path=fil)))
            continue
        if suffix in CONVERT_SUFFIXES:
            skipped.append((fil, Msg("err_doc_convert", path=fil, suffix=suffix)))
            continue
        if suffix not in DOCUMENT_SUFFIXES:  # a spreadsheet or CSV export: a table, for classify
            shown = str(full) if scanned else str(fil)  # (a file found in a folder: with the folder's path)
            quoted = f'"{shown}"' if any(ch.isspace() for ch in shown) else shown  # to paste as it is
            # a file named outside a folder scan: with what to do ("rapport" saved without its extension, "rapport.html")
            skipped.append((fil, Msg("err_doc_is_table", path=fil, suffix=suffix, command=f"forbattra classify {quoted}")
                            if suffix in _TABLE_SUFFIXES else Msg("err_doc_no_suffix", path=fil) if not suffix
                            else Msg("err_doc_type", path=fil, suffix=suffix, expected=", ".join(sorted(DOCUMENT_SUFFIXES)))))
            continue
        try:
            from forbattra.inputs.tables import is_web_page

            if suffix == ".txt" and is_web_page(full):  # a page saved as .txt: its tags are no proposals
                skipped.append((fil, Msg("err_markup_as_text", path=fil)))
                continue
            if scanned and suffix == ".txt" and looks_like_table(full):
                skipped.append((fil, Msg("err_doc_table", path=fil)))
                continue
            found = _extract(full, fil, fil, split, min_length, notes)
            if scanned and not len(found):  # in a folder: counted as skipped (exit 6), not only noted
                skipped.append((fil, Msg("err_doc_no_proposals", path=fil)))
            frames.append(found)
        except InputFileError as exc:
            skipped.append((fil, exc.message))  # a Msg: shown in the user's language
    frames = [f for f in frames if len(f)]
    if not frames:
        return _frame([]), skipped
    return pd.concat(frames, ignore_index=True), skipped


# --------------------------------------------------------------------------------------------------------
# Internal model
# --------------------------------------------------------------------------------------------------------


@dataclass
class _Block:
    """A paragraph-level unit of a document, in reading order."""

    kind: str  # "heading", "para", "item", "row" or "toc"
    text: str
    level: float = 0.0  # heading level (0 = title) or list nesting depth
    page: int | None = None
    strong: bool = True  # headings: explicit (style, '#', font size) rather than guessed
    people: tuple[str, ...] = ()  # table rows: the full names under a column of people ("Ansvarig")
    unit: str = ""  # table rows: the group a row of one cell across the table above them names
    marker: str = ""  # list items: the number or letter typed before the text ("1.", "a)"), not Word's numbering
    gap: bool = False  # a plain text's first unit after a blank line


def _typed_outline(blocks: list[_Block]) -> list[_Block]:
    """Nest the letters of an outline typed by hand under its numbers ("1. Arbetsgrupp 3 – Kultur" / "a) Längre
    öppettider …" / "b) …" / "2. …"), as Word's multi-level list and an indent nest them: in a run of list items,
    an item typed with a letter at the level of a number typed above it is one step deeper (half a level, so an
    item indented further stays deeper still). So is a bullet there ("-", "•"; in a .docx, an item of Word's own
    list, which Word indents): the sub-points of a proposal numbered by hand. A bullet after a blank line starts a
    list of its own, unless the number above it ends in a colon ("1. Förbättra introduktionen:"), announcing it
    (the first list under it: bullets after a blank line below its sub-points are a list of their own). Bullets typed
    after the last number of a list whose numbers have no sub-points go on with the list (:func:`_list_goes_on`)."""
    numbered: dict[float, str] = {}  # the levels of this run of items where a typed number stands: its text
    under: dict[float, int] = {}  # how many sub-points the number at that level has so far
    outline: set[float] = set()  # the levels whose numbers have sub-points in this run: an outline, not a list
    for k, b in enumerate(blocks):
        if b.kind != "item":
            numbered.clear()
            under.clear()
            outline.clear()
            continue
        head = b.marker.strip("()")[:1]
        if head.isdigit():
            numbered[b.level] = b.text
            under[b.level] = 0
        elif b.level in numbered and (head.isalpha() or not b.marker or b.marker in _BULLETS):
            announced = numbered[b.level].rstrip().endswith(":") and not under[b.level]
            if b.gap and not head.isalpha() and not announced:
                # a list of bullets below a numbered one (or below the sub-points a colon announced): no sub-points
                # of its last number
                del numbered[b.level]
                continue
            if (b.marker and b.marker in _BULLETS and not under[b.level] and b.level not in outline
                    and _list_goes_on(blocks, k, b.level, numbered[b.level])):
                del numbered[b.level]  # "1) … 2) … 3) …" then "- …", "• …": the list goes on in bullets
                continue
            b.level += 0.5
            under[b.level - 0.5] += 1
            outline.add(b.level - 0.5)
    return blocks


def _list_goes_on(blocks: list[_Block], k: int, level: float, number: str) -> bool:
    """Whether the bullets typed from ``blocks[k]`` on, at the ``level`` of the number above them, go on with its
    list rather than being its sub-points: the number is the list's last, a whole sentence (no colon announcing
    them, no topic heading them), and each bullet a sentence of its own (none starting in lower case, which
    continues the number's)."""
    if number.rstrip().rstrip(_CLOSERS)[-1:] not in ".!?":
        return False
    for b in blocks[k:]:
        if b.kind != "item" or b.gap and b is not blocks[k]:
            break  # (bullets after a blank line are a list of their own anyway)
        if b.level == level and b.marker.strip("()")[:1].isdigit():
            return False  # a number after them: an outline, the bullets its sub-points
        if b.level == level and b.marker and b.marker in _BULLETS and _starts_lower(b.text):
            return False
    return True


@dataclass
class _Proposal:
    text: str
    page: int | None
    stycke: int
    rubrik: str
    level: float = 0.0
    kind: str = "para"
    people: tuple[str, ...] = ()


@dataclass
class _PLine:
    """A line of a PDF page, or a line of text."""

    text: str
    page: int | None = None
    x: float | None = None
    y: float | None = None
    size: float = 0.0
    bold: bool = False
    col: int = 0
    kind: str = "body"  # "body", "heading", "item", "toc"
    level: float = 0.0
    body: str = ""  # text after a list marker
    marker: str = ""  # the list marker ("1.", "a)")
    strong: bool = True
    frags: tuple[tuple[float, str, bool, float], ...] = ()  # PDF: the positioned pieces (x, text, bold, size)
    people: tuple[str, ...] = ()  # a PDF table's row ("row"): as _Block.people
    unit: str = ""  # a PDF table's row: as _Block.unit


def _check_options(split: str, min_length: int) -> None:
    if split not in SPLIT_MODES:
        raise ValueError(f"split must be one of {', '.join(SPLIT_MODES)}, not {split!r}")
    if isinstance(min_length, bool) or not isinstance(min_length, int) or min_length < 0:
        raise ValueError(f"min_length must be a non-negative integer, not {min_length!r}")


def _check_file(p: Path) -> None:
    if not p.exists():
        raise InputFileError.of("err_file_not_found", path=p)
    if not p.is_file():
        raise InputFileError.of("err_not_a_file", path=p)


def _read_bytes(p: Path, limit: int | None = None) -> bytes:
    _check_file(p)
    try:
        with p.open("rb") as fh:
            return fh.read() if limit is None else fh.read(limit)
    except OSError as exc:
        raise InputFileError.of("err_cannot_read", path=p, reason=exc.strerror or _one_line(exc)) from exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _extract(p: Path, fil: str, shown: str, split: str, min_length: int,
             notes: list[str] | None = None) -> pd.DataFrame:
    suffix = p.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        _check_file(p)
        if suffix in CONVERT_SUFFIXES:
            raise InputFileError.of("err_doc_convert", path=shown, suffix=suffix)
        raise InputFileError.of("err_doc_type", path=shown, suffix=suffix, expected=", ".join(sorted(DOCUMENT_SUFFIXES)))
    _check_file(p)
    if p.stat().st_size == 0:  # a copy or download that failed: not "corrupt", nor "lower --min-length"
        raise InputFileError.of("err_doc_empty", path=shown)
    _refuse_renamed(p, shown, suffix)
    unread: list[int] = []  # a PDF's pages that are an image without text (scanned): named, not passed over
    if suffix == ".pdf":
        blocks = _pdf_blocks(p, shown, unread)
    elif suffix == ".docx":
        blocks = _docx_blocks(p, shown)
    elif suffix in (".odt", ".ott"):  # (a LibreOffice template holds the same parts)
        blocks = _odt_blocks(p, shown)
    elif suffix == ".fodt":
        blocks = _fodt_blocks(p, shown)
    else:
        from forbattra.inputs.tables import _long_line, _long_line_error

        raw = _read_bytes(p)
        if (long_line := _long_line(raw)) is not None:  # a paragraph is a line: no file without breaks either
            raise _long_line_error(shown, long_line)
        text, _ = _decode(raw, shown)
        blocks = _text_blocks(text, markdown=suffix == ".md")
    if not any(b.text.strip() for b in blocks):  # a blank document: "lower --min-length" would not help
        raise InputFileError.of("err_doc_no_text", path=shown)
    structured = _item_fields(_numbered_lists(_demote_weak_headings(_typed_outline(_announced_sections(
        _typed_forms(blocks))))))
    if all(b.kind in ("heading", "toc") for b in structured if b.text.strip()):
        # headings and nothing under them (an outline, or proposals typed in a Heading style): never proposals,
        # so "lower --min-length" would not help
        raise InputFileError.of("err_doc_only_headings", path=shown,
                                n=sum(b.kind == "heading" and bool(b.text.strip()) for b in structured))
    selection = _select(structured, split)
    rows = []
    kinds: Counter[str] = Counter()
    short = 0
    for n, prop in enumerate(selection.proposals, start=1):
        text = _clean(prop.text)
        if prop.kind == "label":
            continue  # an outline list's group or topic: the heading (rubrik) of the proposals under it
        if prop.kind == "para" and _SIGNATURE_RE.match(text):
            continue  # the report's date, contact or signature line
        if prop.kind == "para" and _ANNOUNCEMENT_RE.match(text):
            continue  # "Arbetsgruppen föreslår att": the line that opens the att-satser or list below, no proposal
        if len(text) < min_length:
            # a list item or table row of two words or more under a "Förslag" heading is a proposal
            # however short ("Mer personal"); anything else shorter than --min-length is counted, not hidden
            # (with --split list or paragraph too: it reads more than auto, never fewer of the proposals)
            if not ((selection.how == "sections" or prop.stycke in selection.under_proposals)
                    and prop.kind in ("item", "row") and len(text.split()) >= 2):
                short += bool(text)
                continue
        text, rubrik = _unit_field(text, prop.rubrik)
        text = _PROPOSAL_LABEL_RE.sub("", text)  # "Förslag: Fler bilar …" typed line by line: the proposal, as a form's
        pid = f"{fil}#p{prop.page}-{n}" if prop.page is not None else f"{fil}#{n}"
        rows.append((pid, str(fil), prop.page, prop.stycke, _unit_name(rubrik), text, " / ".join(prop.people) or None))
        kinds[prop.kind] += 1
    if notes is not None:
        notes.append(_selection_note(fil, selection, kinds, split))
        if short:
            notes.append(Msg("note_doc_short", file=fil, n=short, min_length=min_length))
        where, left = selection.left_out
        if left:
            named = [f"'{w}'" for w in where if w][:3]
            chapters = Joined(", ", named + (["…"] if len([w for w in where if w]) > 3 else []))
            notes.append(Msg("note_doc_left_out" if named else "note_doc_left_out_nowhere", file=fil, n=left,
                             chapters=chapters))
        where, left = selection.in_appendices
        if left:  # an appendix's list ("Bilaga 1 – Enkätsvar"): not read, never without a word
            notes.append(Msg("note_doc_appendix", file=fil, n=left, chapters=Joined(", ", [f"'{w}'" for w in where if w])))
        # a paragraph beside the list of its "Förslag" section is not read: counted, unless it only introduces the
        # list ("Gruppen föreslår följande åtgärder:"), signs the report or is shorter than --min-length
        beside = [t for t in map(_clean, selection.beside_lists) if len(t) >= min_length and not t.endswith(":")
                  and not _SIGNATURE_RE.match(t) and not _ANNOUNCEMENT_RE.match(t)]
        if beside:
            notes.append(Msg("note_doc_paras_beside_lists", file=fil, n=len(beside)))
        if unread:
            notes.append(Msg("note_pdf_unread_page" if len(unread) == 1 else "note_pdf_unread_pages", file=fil,
                             pages=_page_ranges(unread)))
    return _frame(rows)


# a heading's chapter number ("2 Hemtjänsten", "2. Hemtjänsten", "3.1 Bemanning"), before the name of the group
# (and a meeting's item in its minutes, "§ 3 Förbättringsförslag", "§3. Övriga frågor")
_HEADING_NUMBER_RE = re.compile(r"^(?:§\s*\d{1,3}|\d{1,2}(?:\.\d{1,2})*)\.?\s+(?=[^\W\d_])")
# an item of a meeting's minutes ("Protokoll"): "§ 1 Mötets öppnande", "§ 3 Förbättringsförslag"
_MINUTES_ITEM_RE = re.compile(r"^§\s*\d{1,3}\.?\s+\S")


# a proposal's own label before its text, "Förslag: Fler bilar …" (a form's "Förslag:" field gives its value alone)
_PROPOSAL_LABEL_RE = re.compile(r"^(?:vårt\s+|mitt\s+)?förslag\s*:\s+(?=\S)", re.IGNORECASE)
# a unit's line used as a heading, "Enhet: Hemtjänst Norr": its label before the unit's name
_UNIT_LABEL_PREFIX_RE = re.compile(
    r"^(?:(?:ansvarig|berörd|aktuell|utförande)\s+)?(?:enhet|verksamhet|avdelning|förvaltning|arbetsgrupp)\s*:\s*"
    r"(?=[^\W\d_])", re.IGNORECASE)


def _unit_name(heading: str) -> str:
    """A heading as the name of its unit (the *rubrik* of its proposals): without its chapter number
    (:func:`_unnumbered`) and without a unit line's label, so "Enhet: Hemtjänst Norr" over a report's proposals and
    a form's "Enhet: Hemtjänst Norr" (the unit Hemtjänst Norr) are one unit, not two."""
    return _UNIT_LABEL_PREFIX_RE.sub("", _unnumbered(heading))


def _unnumbered(heading: str) -> str:
    """A heading as the name of its unit: without the chapter number typed or numbered before it, so "2. Hemtjänsten"
    of one report and "Hemtjänsten" of another are one unit. A count stays ("3 förslag om schemat"): only a number
    before a capital letter goes."""
    m = _HEADING_NUMBER_RE.match(heading)
    return heading[m.end():] if m and heading[m.end()].isupper() else heading


def _refuse_renamed(p: Path, shown: str, suffix: str) -> None:
    """Refuse a PDF named .docx, or a Word document named .pdf (renamed to fit a folder's pattern, or saved under
    the wrong name), saying what it is and what to rename it to; both readers only called it damaged. So is either
    named .txt or .md, which was called a binary file, and a LibreOffice text (.odt) named .pdf, .txt or .md, or a
    Word document named .odt. A workbook (.xlsx, .xls, .ods), an old Word file (.doc) or an RTF file named .pdf,
    .txt or .md is named for what it is too, with what to do
    (classify the workbook by its own name; save the report as .docx): pypdf called it damaged ("Stream has ended
    unexpectedly"), the text reader a binary file. (Under .docx, the Word reader names those itself.)"""
    head = _read_bytes(p, limit=1024)
    real = ""
    if suffix != ".pdf" and (head.startswith(b"%PDF-")  # (a reader finds the header in the first 1024 bytes)
                             or (suffix == ".docx" and not head.startswith(b"PK") and b"%PDF-" in head)):
        real = ".pdf"
    elif suffix != ".docx" and head.startswith(b"PK\x03\x04"):
        real = _package_kind(p)
    elif suffix != ".docx" and head.startswith(b"\xd0\xcf\x11\xe0"):
        real = _compound_kind(p)
    elif suffix != ".docx" and head.startswith(b"{\\rtf"):
        real = ".rtf"
    if not real or real == suffix or {real, suffix} == {".odt", ".ott"}:  # (a text and a template: one reader)
        return
    renamed = str(Path(shown).with_suffix(real))
    quoted = f'"{renamed}"' if any(ch.isspace() for ch in renamed) else renamed
    if real in (".pdf", ".docx", ".odt", ".ott"):
        raise InputFileError.of("err_doc_renamed", path=shown, suffix=suffix, real=real, renamed=quoted)
    if real in _WORKBOOK_KINDS:
        raise InputFileError.of("err_doc_is_workbook", path=shown, suffix=suffix, real=real,
                                command=f"forbattra classify {quoted}")
    if real == "encrypted":
        raise InputFileError.of("err_doc_is_encrypted", path=shown, suffix=suffix)
    raise InputFileError.of("err_doc_is_convert", path=shown, suffix=suffix, real=real)


_WORKBOOK_KINDS = (".xlsx", ".xlsb", ".ods", ".xls")


def _package_kind(p: Path) -> str:
    """What a zip package is by its parts: ".docx", a workbook (".xlsx", ".xlsb", ".ods"), a LibreOffice text
    (".odt", ".ott"), or "" (another zip, or a damaged one: its reader says so)."""
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
            mimetype = ""
            if "mimetype" in names:
                with zf.open("mimetype") as fh:
                    mimetype = fh.read(100).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return ""
    if "word/document.xml" in names:
        return ".docx"
    if "xl/workbook.xml" in names:
        return ".xlsx"
    if "xl/workbook.bin" in names:
        return ".xlsb"
    return _OPENDOCUMENT.get(mimetype, "")


# the names of a compound file's streams, as its directory spells them (UTF-16): an old Word file's, an old Excel
# file's (Excel 97 "Workbook", Excel 5 "Book"), and the one an Office file encrypted with a password is wrapped in
_COMPOUND_STREAMS = ((".doc", "WordDocument".encode("utf-16-le")), (".xls", "Workbook".encode("utf-16-le")),
                     (".xls", "Book\x00".encode("utf-16-le")),
                     ("encrypted", "EncryptedPackage".encode("utf-16-le")))


def _compound_kind(p: Path) -> str:
    """What a compound file (an old Office file) is by the streams its directory names: ".doc", ".xls",
    "encrypted" (a .docx or .xlsx with a password), or "" (a PowerPoint, an Outlook message …). Searched in
    1 MB pieces, the first name found anywhere winning in that order."""
    found: set[str] = set()
    width = max(len(name) for _, name in _COMPOUND_STREAMS)
    tail = b""
    try:
        with p.open("rb") as fh:
            while piece := fh.read(1 << 20):
                window = tail + piece
                found.update(kind for kind, name in _COMPOUND_STREAMS if name in window)
                tail = piece[-width:]
    except OSError:
        return ""
    return next((kind for kind, _ in _COMPOUND_STREAMS if kind in found), "")


def _page_ranges(pages: Sequence[int]) -> str:
    """Page numbers as a reader writes them: "2, 5–7, 12"."""
    runs: list[list[int]] = []
    for n in sorted(set(pages)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


_KIND_KEYS = {"item": ("note_doc_item", "note_doc_items"), "row": ("note_doc_row", "note_doc_rows"),
              "para": ("note_doc_para", "note_doc_paras")}


def _selection_note(fil: str, selection: _Selection, kinds: Counter[str], split: str) -> Msg:
    """One line for the user: how many proposals a document gave, and how it was split."""
    n = sum(kinds.values())
    count = Msg("note_doc_proposal" if n == 1 else "note_doc_proposals", n=n)
    if n == 0:
        return Msg("note_doc_none", file=fil)
    if selection.how == "paragraphs (fallback)":
        return Msg("note_doc_paragraphs_fallback", file=fil, count=count)
    if split == "auto" and not selection.structured:
        return Msg("note_doc_unstructured", file=fil, count=count)
    parts = Joined(", ", [Msg(_KIND_KEYS[k][kinds[k] != 1], n=kinds[k]) for k in ("item", "row", "para") if kinds[k]])
    where = Msg("note_doc_under_headings") if selection.how == "sections" else ""
    return Msg("note_doc_count", file=fil, count=count, parts=parts, where=where)


def _frame(rows: Sequence[tuple]) -> pd.DataFrame:
    """The proposals' frame (:data:`COLUMNS`), and a column *ansvarig* when a table named people beside
    them (the full names under its "Ansvarig" column: kept apart from the text, masked by ``--redact``)."""
    cols = list(zip(*rows)) if rows else [()] * (len(COLUMNS) + 1)
    frame = pd.DataFrame(
        {
            "id": pd.Series(list(cols[0]), dtype="str"),
            "fil": pd.Series(list(cols[1]), dtype="str"),
            "sida": pd.array([pd.NA if v is None else v for v in cols[2]], dtype="Int64"),
            "stycke": pd.Series(list(cols[3]), dtype="int64"),
            "rubrik": pd.Series(list(cols[4]), dtype="str"),
            "förslag": pd.Series(list(cols[5]), dtype="str"),
        },
        columns=list(COLUMNS),
    )
    if any(cols[6]):
        frame[PEOPLE_COLUMN] = pd.Series(list(cols[6]), dtype=object)
    return frame


PEOPLE_COLUMN = "ansvarig"  # (a name OTHER_PERSON_COLUMN knows: its people are masked in every text)


_FOOTNOTE_START = re.compile(r"^\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2}[\s)]|[*†])")
_FOOTNOTE_MARK = re.compile(r"(?<=[.,;:!?)])[¹²³⁴⁵⁶⁷⁸⁹⁰]+")  # "morgon.¹": a footnote's mark, not the text


def _clean(text: str) -> str:
    text = _FOOTNOTE_MARK.sub("", text.replace("\u00ad", "").replace("\u200b", ""))
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------------------
# Choosing the proposals
# --------------------------------------------------------------------------------------------------------


def _is_protected_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    all_caps = len(letters) >= 3 and all(c.isupper() for c in letters)
    return bool(_PROPOSAL_HEADING_RE.search(text) or _TOC_TITLE_RE.match(text) or all_caps)


# A report's closing lines, never a proposal: place and date ("Karlskrona den 15 mars 2024", "2024-03-15"),
# a contact line ("Kontaktperson: …"), a signature ("Anna Svensson, sammankallande")
# the endings of a trade's title, written after a name in a signature ("bibliotekarie", "undersköterska",
# "socialsekreterare", "verksamhetschef", "förskollärare", "vårdbiträde", "fritidspedagog", "kock")
_TRADES = (r"are|arie|chef|ande|ent|log|tör|ist|ska|ör|kock|biträde|pedagog|assistent|handläggare|rektor|"
           r"ledare|ordförande|sekreterare")
_MONTHS = r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)"
_SIGNATURE_RE = re.compile(
    # "Karlskrona den 15 mars 2024", "Hemtjänsten Norr, 2024-03-15": a place (one to three capitalised words) and a date
    rf"^(?:[A-ZÅÄÖ][a-zåäö]+(?:[ -][A-ZÅÄÖ][a-zåäö]+){{0,2}},?\s+(?:den\s+\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\.?"
    r"|\d{4}-\d{2}-\d{2}"
    # "Kontaktperson: Anna Svensson, 070-…": a contact label followed by a name, nothing else asked
    rf"|(?i:kontaktperson|kontakt|sammankallande|ordförande|underskrift)\s*:\s*{_SIG_NAME}(?:,[^.!?]{{0,60}})?"
    # "Anna Svensson, sammankallande"
    rf"|{_SIG_NAME},\s*(?:{_ROLES})[\w ]{{0,40}}"
    # "Lisa Berg, bibliotekarie", "Erik Lind, undersköterska på Vämö": a name and the title of a trade
    rf"|{_SIG_NAME},\s*[a-zåäö-]*(?:{_TRADES})(?:\s+(?:i|på|för|vid|inom)\s+[\w -]{{1,40}})?"
    # "Med vänliga hälsningar", "Vänlig hälsning, Arbetsgrupp 11", "Mvh Lisa Berg": the greeting that closes a letter
    rf"|(?i:(?:med\s+)?(?:vänlig(?:a)?|varm(?:a)?|bästa)\s+hälsning(?:ar)?|hälsningar|mvh)[,!.]?"
    rf"(?:\s+{_SIG_NAME}|\s+(?i:(?:arbets)?grupp(?:en)?)(?:\s+[\w–-]+){{0,5}})?"
    # "Arbetsgruppen genom Lisa Berg": the group signing by one of its members
    rf"|(?i:(?:arbets)?grupp(?:en)?)(?:\s+[\w–-]+){{0,4}}\s+genom\s+{_SIG_NAME}"
    # "Justeras: Anna Holm och Per Ek", "Ort och datum: …", "Datum: 2026-04-03": a form's closing fields
    r"|(?i:ort\s+och\s+datum|datum|justeras|justerare|justerat\s+av)\s*:[^.!?]{0,80}\.?)$")


# the line that announces the proposals below it and proposes nothing itself: "Arbetsgruppen föreslår att" over
# its att-satser or bullets, "Vi föreslår följande:", "The working group proposes that"; so are a line on the
# group's meetings and the report's closing wish, beside the proposals (both below)
_ANNOUNCEMENT_RE = re.compile(
    r"^(?:(?:arbets)?grupp(?:en)?|vi|enheten|teamet|personalen|personalgruppen|nätverket|styrgruppen)"
    r"\s+(?:föreslår|vill\s+föreslå)(?:\s+(?:därför|också|även))?(?:\s+(?:att|följande))?\s*[:.]?$"
    r"|^(?:the\s+)?(?:working\s+)?(?:group|we|team)\s+(?:proposes?|suggests?|recommends?)"
    r"(?:\s+(?:that|the\s+following))?\s*[:.]?$"
    # "Nedan följer våra förslag.", "Här kommer gruppens förslag:", "Följande förslag lämnas:": the same, said so
    r"|^(?:nedan|här)\s+(?:följer|kommer|presenteras|redovisas)\s+(?:(?:våra|gruppens|arbetsgruppens|de|några)\s+)?"
    r"(?:förslag|åtgärder|förbättringsförslag)(?:\s+(?:som\s+)?(?:vi|gruppen|arbetsgruppen)\s+(?:tagit\s+fram|har))?\s*[:.]?$"
    r"|^följande\s+(?:förslag|åtgärder)\s+(?:lämnas|föreslås|presenteras)(?:\s+av\s+(?:gruppen|arbetsgruppen))?\s*[:.]?$"
    # a line on how the group worked, above its proposals ("Gruppen har träffats fyra gånger.", "Vi har haft tre
    # möten under våren."): the report's own text, nothing proposed
    r"|^(?:(?:arbets)?grupp(?:en)?|vi)\s+har\s+(?:träffats|mötts|samlats|haft\s+[\w-]+\s+(?:möten|träffar))"
    r"(?![^.!?]*\b(?:föreslå|bör|ska|vill)\b)[^.!?:]{0,80}[.!]?$"
    # who the group were ("Arbetsgruppen har bestått av Lisa Berg, Erik Lind och Anna Holm.", "I gruppen har ingått
    # …", "Deltagare: …"): the report's own text, the names no proposal
    r"|^(?:(?:arbets)?grupp(?:en)?|vi)\s+har\s+bestått\s+av\b[^.!?]{0,200}\.?$"
    r"|^i\s+(?:arbets)?gruppen\s+(?:har\s+(?:ingått|deltagit|medverkat)|ingår|ingick|deltog)\b[^.!?]{0,200}\.?$"
    r"|^(?:deltagare|medverkande|gruppens\s+medlemmar|(?:arbets)?gruppens\s+deltagare)\s*:[^.!?]{0,200}\.?$"
    # the closing after the last proposal ("Vi ser fram emot att diskutera förslagen med ledningen.", "Tack för
    # ordet!"): no part of the proposal above it
    r"|^vi\s+ser\s+fram\s+emot\b[^.!?]{0,80}\b(?:förslag\w*|svar|återkoppling|dialog\w*|diskussion\w*|"
    r"samarbete\w*|synpunkter|fortsättning\w*)\b[^.!?]{0,40}[.!]?$"
    r"|^tack\s+(?:för\s+ordet|för\s+att\s+ni\s+läst)[^.!?]{0,40}[.!]?$",
    re.IGNORECASE)


def is_generic_heading(text: str) -> bool:
    """A heading that names no group: "Förslag", "Åtgärder", "Vi föreslår följande:"."""
    return bool(_GENERIC_HEADING_RE.match(text.strip()))


def _announced_sections(blocks: list[_Block]) -> list[_Block]:
    """A line of its own in the body's plain style that is a bare "Förslag" ("Vi föreslår:", "Förslag:", "Våra
    förslag", "Åtgärder"), in a Word document or PDF, opens the proposals below it as a "Förslag" heading does (a
    line of its own in a text is one already): the group's background above it is no proposal, nor the line
    itself. A guessed heading of the bold lines' level, so the group's heading above it stays their unit."""
    out = list(blocks)
    above = None  # the proposals' heading above ("Förslag", a proposal's title "Förslag 2: Nytt schema"), if any
    read = False  # whether a proposal stands under it yet
    for i, b in enumerate(out):
        if b.kind == "heading":
            above, read = (b if _PROPOSAL_HEADING_RE.search(b.text) else None), False
        if (b.kind == "para" and "\n" not in b.text and len(b.text) <= 60 and is_generic_heading(b.text)
                and i + 1 < len(out) and out[i + 1].kind in ("para", "item", "row")):
            out[i] = _Block("heading", b.text.strip().rstrip(":").strip(), 9.0, b.page, strong=False)
        elif (b.kind == "para" and "\n" not in b.text and len(b.text) <= 60 and _REPORT_SECTION_RE.match(b.text.strip())
                and i + 1 < len(out) and out[i + 1].kind in ("para", "item", "row") and (above is None or read)):
            # so does a section of the report's own ("Bakgrund", "Övrigt"), typed as a plain line below the proposals:
            # what stands under it is no proposal, nor part of the proposal above it (at the level of the proposals'
            # heading or bold titles above it, it ends their section; under a group's name, it is a part of its chapter)
            # (right under "Förslag", before any proposal, it is left as it is: the proposals may stand under it)
            level = above.level if above is not None else 9.0
            out[i] = _Block("heading", b.text.strip().rstrip(":").strip(), level, b.page, strong=False)
        elif b.kind in ("para", "item", "row"):
            read = True
    return out


_FORM_LINE_RE = re.compile(r"^(?P<label>[^\W\d_][^:\n]{0,39}?)\s*:\s*(?P<value>\S.*)$", re.DOTALL)


def _typed_forms(blocks: list[_Block]) -> list[_Block]:
    """A proposal form typed as lines of a label and its answer ("Förslag: Fler elcyklar …", "Motivering: …",
    "Förslagsställare: Lisa Berg", "Enhet: Hemtjänst Norr", "Datum: …"), in a .txt or a PDF, or in a Word document
    without its table: one proposal, as the same form typed as a table is (:func:`_form_table`), the unit's answer its
    *rubrik* and the people named its *ansvarig*, not a proposal of the person's name. Forms typed one after another
    are one proposal each, where each has a line of its own unit or writer; lines of any other label, or of no form's
    proposal, and a unit's line over several proposals ("Enhet: Hemtjänst Norr" / "Förslag: …" / "Förslag: …": their
    heading) are left as they are."""
    from forbattra.outputs.redact import names_people

    def own(label: str) -> bool:
        # a form's own line: its unit, or the person who wrote it ("Åtgärd: …" / "Ansvarig: Lisa Berg" in minutes is
        # an action and who does it, read as such)
        return bool(_UNIT_LABEL_RE.match(label)) or (names_people(label) and not _FIELD_RE.match(f"{label}: -"))

    out: list[_Block] = []
    i = 0
    while i < len(blocks):
        j = i
        pairs: list[tuple[str, str]] = []
        while j < len(blocks) and (m := _FORM_LINE_RE.match(blocks[j].text.strip())):
            if blocks[j].kind != "para" and not (blocks[j].kind == "heading" and not blocks[j].strong):
                break  # (a short line of a text, "Enhet: Hemtjänst Norr", is guessed to be a heading: in a form, a field)
            pairs.append((m.group("label"), " ".join(m.group("value").split())))
            j += 1
        # one form from each proposal's line to the next (the lines above the first one the first form's)
        starts = [k for k, (label, _v) in enumerate(pairs) if _FORM_PROPOSAL_RE.match(label)]
        bounds = [0, *starts[1:], len(pairs)]
        forms = [pairs[a:b] for a, b in zip(bounds, bounds[1:])] if starts else []
        made = [_form_table([[(0, label), (1, value)] for label, value in form])
                if len(form) >= 2 and any(own(label) for label, _v in form)
                and sum(bool(_UNIT_LABEL_RE.match(label)) for label, _v in form) <= 1 else None for form in forms]
        if not made or any(m is None for m in made):
            out.extend(blocks[i:max(j, i + 1)])  # (the whole run: no form read out of part of it)
            i = max(j, i + 1)
            continue
        for form, rows in zip(forms, made):
            (text, people, unit), = rows or ()
            out.append(_Block("para", text, 0.0, blocks[i].page, people=people, unit=unit))
            i += len(form)
    return out


def _chapter_level(text: str) -> float | None:
    """The level of a bold line that opens with a chapter's number without a full stop ("2 Hemtjänsten",
    "3.1 Schemat"), as :func:`_typed_heading_level` gives "2. Hemtjänsten"; None for any other line."""
    if _unnumbered(text) == text:
        return None
    return 8.0 + 0.1 * min(text.split(None, 1)[0].rstrip(".").count("."), 9)


def _typed_heading_level(marker: str, text: str) -> float | None:
    """The level of a heading numbered by hand in bold ("3. Bemanning", "3.1 Schemat"): above the bold lines
    without a number (9), below every heading style; None where the line is no chapter's heading (a letter or
    a bullet, a line that announces a list with a colon: "1. Förbättra introduktionen:")."""
    if not marker[:1].isdigit() or text.rstrip().endswith(":"):
        return None
    return 8.0 + 0.1 * min(marker.rstrip(".)").count("."), 9)


def _demote_weak_headings(blocks: list[_Block]) -> list[_Block]:
    """Turn guessed headings back into paragraphs where they do not head anything.

    A run of consecutive headings must be followed by content; otherwise (and in runs of four or more)
    guessed headings are really short paragraphs, e.g. a list of one-line proposals without markers.
    Bold lines numbered by hand ("3. Bemanning") are list items again where they do not head anything, or
    where two of the same level follow each other (a list of short proposals typed in bold: a chapter has
    content between it and the next); so are bold items of Word's own list, and also where list items follow
    them (an outline list's topic and its sub-points, read as such by :func:`_merge_colon_sublists`).
    """
    out = list(blocks)
    i = 0
    while i < len(out):
        if out[i].kind != "heading":
            i += 1
            continue
        j = i
        while j < len(out) and out[j].kind == "heading":
            j += 1
        followed = j < len(out) and out[j].kind in ("para", "item", "row")
        typed = Counter(out[k].level for k in range(i, j) if out[k].marker)
        for k in range(i, j):
            b = out[k]
            if b.strong or _is_protected_heading(b.text):
                continue
            listed = b.marker == "#" and (k + 1 >= len(out) or out[k + 1].kind == "item")  # over its sub-points
            if b.marker and (not followed or j - i >= 4 or typed[b.level] > 1 or listed):
                if b.marker == "#":  # an item of Word's list, at its level
                    out[k] = _Block("item", b.text, float(round((b.level - 8.0) * 10)), b.page)
                else:
                    m = _MARKER_RE.match(b.text)
                    out[k] = _Block("item", m.group("text") if m else b.text, 0.0, b.page, marker=b.marker)
            elif not b.marker and (not followed or j - i >= 4):
                out[k] = _Block("para", b.text, 0, b.page)
        i = j
    return out


KEEP_AT_LEAST = 0.5
"""``auto`` falls back to paragraphs when its rule would keep less than this share of a document's text."""


@dataclass
class _Selection:
    proposals: list[_Proposal]
    how: str  # "list items", "paragraphs", "sections", "paragraphs (fallback)"
    structured: bool  # the document has list items, table rows or "Förslag"-like headings
    # the paragraph numbers (stycke) standing under a "Förslag"-like heading, whatever ``split`` picked: a list item
    # or table row there is a proposal however short ("Mer personal"), with --split list too
    under_proposals: frozenset[int] = frozenset()
    # the list items and table rows ``auto`` left out because they stand outside every "Förslag"-like section of a
    # document that has such sections (a group's chapter without that heading): (their headings, in order, and
    # how many), named in the run's notes
    left_out: tuple[tuple[str, ...], int] = ((), 0)
    # the paragraphs of a "Förslag"-like section that ``auto`` left out because the section has list items or table
    # rows (a proposal typed as a paragraph above the group's bullets): their texts, counted in the run's notes
    beside_lists: tuple[str, ...] = ()
    # the list items and table rows of the appendices ``auto`` does not read ("Bilaga 1 – Enkätsvar"): (their
    # headings, in order, and how many), named in the run's notes
    in_appendices: tuple[tuple[str, ...], int] = ((), 0)


def _select(blocks: list[_Block], split: str) -> _Selection:
    """Number the paragraphs, attach headings and pick the proposals according to ``split``.

    ``auto``: under "Förslag"-like headings, each such section gives its list items and table rows, or
    its paragraphs when it has none; without such headings, the document gives its list items and table
    rows, or its paragraphs. When that keeps less than :data:`KEEP_AT_LEAST` of the document's text
    (a long report with a few lists), every paragraph is a proposal instead — but for the report's own text: the
    paragraphs under "Bakgrund", "Syfte" …, and those beside a "Förslag" section in its chapter or above the
    first heading.
    """
    units: list[tuple[_Block, int, str]] = []
    stack: list[_Block] = []  # the headings enclosing the current block, outermost first
    rubrik = ""
    groups = _same_level_groups(blocks)
    title = ""  # a proposal's own title line (bold, under "Förslag"), joined to the paragraph after it
    chapters = _one_paragraph_chapters(blocks)
    titles = _typed_titles(blocks) - chapters
    background: set[int] = set()  # the units under a section of the report's own ("Bakgrund"): never its proposals
    numbered_title = False  # the title is a numbered proposal's ("Förslag 1: …"): its paragraphs below go with it
    run = 0  # the paragraph (stycke) the paragraphs under such a title join, while they follow each other
    continued: set[int] = set()  # those paragraphs (stycke): part of the proposal above them
    for stycke, block in enumerate(blocks, start=1):
        if (run and block.kind == "para" and not title and not _SIGNATURE_RE.match(_clean(block.text))
                and not _ANNOUNCEMENT_RE.match(_clean(block.text))):
            continued.add(stycke)  # the motivation's second paragraph under "Förslag 1: Fler elcyklar"
        else:
            run = 0  # (a heading, a list, the report's closing line: the proposal ends)
        if (_over_one_paragraph(blocks, stycke - 1) and stycke - 1 not in chapters
                and (stycke - 1 in titles or any(_PROPOSAL_HEADING_RE.search(h.text) for h in stack))):
            # under "Förslag", a bold line followed by one paragraph (then the next bold line) is the proposal's
            # title, not a group: "Nyckelfria lås i hela hemtjänsten" + its motivation is one proposal of the
            # same group; a bold line over several paragraphs names a group ("Arbetsgrupp Norr"), and so do such
            # lines that each name a group or a topic of one word ("Hemtjänsten", "Skolan"), each over one
            # paragraph: chapters of one proposal each
            title = _title_text(block)  # ("1. Fler elcyklar": as a list item, no number)
            units.append((block, stycke, block.unit or rubrik))
            continue
        if title and block.kind == "para":
            block = _Block("para", f"{title.rstrip(' .:')}. {block.text}", block.level, block.page, block.strong)
            run = stycke if numbered_title else 0
        title = ""
        numbered_title = False
        if (block.kind == "heading" and (numbered := _NUMBERED_PROPOSAL_RE.match(block.text))
                and stycke < len(blocks) and blocks[stycke].kind == "para"):
            # "Förslag 1: Fler elcyklar" over its motivation (bold, or in a Heading style): the proposal's title, no
            # unit of its own, and the paragraphs below it up to the next heading its motivation
            title = (numbered.group("title") or "").strip()
            numbered_title = True
            units.append((block, stycke, block.unit or rubrik))
            continue
        if block.kind == "heading":
            while stack and stack[-1].level >= block.level:
                stack.pop()
            stack.append(block)
            # The nearest heading; a bare "Förslag" gives way to the heading it sits under (the group).
            named = [h for h in stack if not _PROPOSAL_HEADING_RE.search(h.text)]
            if not _GENERIC_HEADING_RE.match(block.text):
                rubrik = block.text
            elif stycke - 1 in groups:  # the group's heading stands beside it, at its level: popped above
                rubrik = groups[stycke - 1]
            else:
                rubrik = named[-1].text if named else block.text
        if block.kind != "heading" and stack and (_REPORT_SECTION_RE.match(stack[-1].text) or (
                _MINUTES_ITEM_RE.match(stack[-1].text) and not _PROPOSAL_HEADING_RE.search(stack[-1].text))):
            # under "Bakgrund", "Syfte", "Övrigt": the report's own text, no proposal; so is a meeting's item in its
            # minutes ("§ 4 Ekonomi") beside the one that names the proposals ("§ 3 Förbättringsförslag")
            background.add(len(units))
        units.append((block, stycke, block.unit or rubrik))

    def pick(selected: list[tuple[_Block, int, str]], kinds: tuple[str, ...]) -> list[_Proposal]:
        return [
            _Proposal(b.text, b.page, st, rb, b.level, b.kind, b.people) for b, st, rb in selected if b.kind in kinds
        ]

    sections = _proposal_sections(blocks)
    structured = bool(sections) or any(b.kind in ("item", "row") for b in blocks)
    under = frozenset(i + 1 for section, _lists in sections for i in section)  # (stycke counts blocks from 1)
    if split == "paragraph":
        return _Selection(_merge_colon_sublists(pick(units, ("para", "item", "row"))), "paragraphs", structured, under)
    if split == "list":
        return _Selection(_merge_colon_sublists(pick(units, ("item", "row"))), "list items", structured, under)
    appendix = _appendices(blocks)  # (one unit per block: the same indices)
    read = [u for i, u in enumerate(units) if i not in appendix]
    chosen: list[_Proposal] = []
    how = "sections"
    beside: list[str] = []
    for section, lists_only in sections:
        selected = [units[i] for i in section if i not in appendix]
        listed = pick(selected, ("item", "row"))
        chosen += listed or ([] if lists_only else pick(selected, ("para",)))
        if listed:
            beside += [b.text for b, _st, _rb in selected if b.kind == "para"]
    chosen.sort(key=lambda prop: prop.stycke)  # (a bare "Förslag"'s own items may stand after a sub-heading's)
    if not chosen:
        chosen = pick(read, ("item", "row"))
        how = "list items"
    if not chosen:
        chosen = pick(read, ("para",))
        how = "paragraphs"
    if how == "sections":
        # the paragraphs beside a "Förslag" section in the chapter that holds it (the group's background typed under
        # no heading of its own, above its "Förslag"), and those before the first heading (the report's
        # introduction): no proposals, as a "Bakgrund" section's are not, whatever their length. (A group's chapter
        # without a "Förslag" heading is still read where the sections keep too little.)
        inside = {i for section, _lists in sections for i in section}
        owners = {units[section[0] - 1][2] for section, lists_only in sections
                  if not lists_only and len(section) and section[0] >= 1} | {""}
        background |= {i for i, (b, _st, rb) in enumerate(units)
                       if b.kind == "para" and i not in inside and rb in owners}
    # (measured without the text under the report's own sections, "Bakgrund", "Syfte": a long background over a
    # short list of proposals is no sign that the list missed them, and its paragraphs are no proposals)
    measured = [u for i, u in enumerate(units) if i not in appendix and i not in background]
    # (nor the report's own lines that are never read as proposals: its closing wish, date and signature, the line
    # on the group's meetings; they made a short list under "Förslag" seem to miss its proposals)
    total = sum(len(b.text) for b, _st, _rb in measured
                if b.kind in ("item", "row") or (b.kind == "para" and not _closes_list(b.text)))
    if how != "paragraphs" and sum(len(p.text) for p in chosen) < KEEP_AT_LEAST * total:
        chosen = pick(measured, ("para", "item", "row"))
        how = "paragraphs (fallback)"
    left_out: tuple[tuple[str, ...], int] = ((), 0)
    if how == "sections":
        # list items and table rows of chapters without a "Förslag" heading are not read: say where, never silently
        outside = [rb for b, st, rb in read if b.kind in ("item", "row") and st not in under and b.text.strip()]
        left_out = (tuple(dict.fromkeys(_unnumbered(rb) or "" for rb in outside)), len(outside))
    appended = [rb for i, (b, _st, rb) in enumerate(units) if i in appendix and b.kind in ("item", "row") and b.text.strip()]
    return _Selection(_merge_colon_sublists(_merge_fields(_merge_continued(chosen, continued))), how, structured,
                      under, left_out,
                      tuple(beside) if how == "sections" else (),
                      (tuple(dict.fromkeys(_unnumbered(rb) or "" for rb in appended)), len(appended)))


def _numbered_lists(blocks: list[_Block]) -> list[_Block]:
    """A numbered proposal's line ("Förslag 1: Mer personal i köket", read as a guessed heading) is its title only
    over a paragraph of its own; such lines that follow each other, or one over a list or a heading, are proposals
    of one line each, paragraphs again (a list of them, "Åtgärd 1: …" / "Åtgärd 2: …")."""
    out = list(blocks)
    for i, b in enumerate(out):
        if b.kind == "heading" and not b.strong and _NUMBERED_PROPOSAL_RE.match(b.text) and not (
                i + 1 < len(out) and out[i + 1].kind == "para" and not _NUMBERED_PROPOSAL_RE.match(out[i + 1].text)):
            out[i] = _Block("para", b.text, 0.0, b.page)
    return out


def _over_one_paragraph(blocks: list[_Block], i: int) -> bool:
    """Whether block ``i`` is a guessed heading (a bold line) over one paragraph and nothing else, then the next
    heading or the end: a proposal's title over its motivation, or a chapter of one paragraph."""
    b = blocks[i]
    return (b.kind == "heading" and not b.strong and i + 1 < len(blocks) and blocks[i + 1].kind == "para"
            and (i + 2 >= len(blocks) or blocks[i + 2].kind == "heading") and not _PROPOSAL_HEADING_RE.search(b.text))


def _title_text(block: _Block) -> str:
    """A bold line's text as a title: without the number typed before it ("1. Fler elcyklar": as a list item)."""
    typed = _MARKER_RE.match(block.text) if block.marker else None
    return typed.group("text") if typed else block.text


def _one_paragraph_chapters(blocks: list[_Block]) -> set[int]:
    """The bold lines over one paragraph each that are chapters, not proposals' titles: where every such line of
    their level names a group or a topic of one word ("Hemtjänsten", "2. Skolan", "Arbetsgrupp 3 – Kultur"), as an
    outline list's label does (:func:`_names_a_group`). A report of one paragraph a chapter read them as titles
    under a report's title that says "förslag", or numbered, and the proposals lost their unit.

    Under a bare "Förslag" heading (a section's, not the report's title) the lines are the proposals that section
    announces: a title of one word there ("Elcyklar", "Nyckelskåp" over their motivation) is no chapter, and the
    group's heading above stays their unit. They are chapters there only where every one of them names a group or
    a topic of one word and one at least is a group by its name ("Arbetsgrupp 3 – Kultur", "Enhet Norr") or a
    unit of the municipality by its own ("Hemtjänsten", "Förskolan", "Biblioteket": :func:`_is_group_name`)."""
    levels: dict[float, list[int]] = {}
    runs: dict[tuple[float, int], list[int]] = {}  # under a bare "Förslag": by level and that heading
    opener: int | None = None  # the last heading that is no such line: the one the lines stand under
    for i, b in enumerate(blocks):
        if _over_one_paragraph(blocks, i):
            if opener is not None and blocks[opener].level > 0 and _GENERIC_HEADING_RE.match(blocks[opener].text):
                runs.setdefault((b.level, opener), []).append(i)
            else:
                levels.setdefault(b.level, []).append(i)
        elif b.kind == "heading":
            opener = i
    out = {i for found in levels.values() if all(_names_a_group(_title_text(blocks[i])) for i in found) for i in found}
    return out | {i for found in runs.values() if all(_names_a_group(_title_text(blocks[i])) for i in found)
                  and any(_is_group_name(_title_text(blocks[i])) for i in found) for i in found}


def _typed_titles(blocks: list[_Block]) -> set[int]:
    """The bold lines numbered by hand that are proposals' titles, not chapters, also outside "Förslag": where
    each of them of their level (two or more) heads one paragraph and nothing else ("1. Fler elcyklar" and its
    motivation, "2. Nya scheme" and its). A chapter ("1. Hemtjänsten") heads a list, or paragraphs."""
    levels: dict[float, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.kind == "heading" and b.marker and not b.strong:
            levels.setdefault(b.level, []).append(i)
    out: set[int] = set()
    for found in levels.values():
        if len(found) >= 2 and all(i + 1 < len(blocks) and blocks[i + 1].kind == "para"
                                   and (i + 2 >= len(blocks) or blocks[i + 2].kind == "heading") for i in found):
            out.update(found)
    return out


def _same_level_groups(blocks: list[_Block]) -> dict[int, str]:
    """The group of each bare "Förslag" heading that stands at the same level as its group's heading ("Arbetsgrupp 1
    – Äldreomsorg" and "Förslag" both Heading 1 in Word, or any two headings of a plain-text report), by the
    index of the "Förslag" block: the nearest heading of that level before it, after the previous "Förslag".

    A heading whose text comes back at that level ("Bakgrund" in each group's chapter, also numbered: "1.1 Bakgrund",
    "2.1 Bakgrund") names a section, no group, and is passed over. Only where two or more "Förslag" headings find a group of their own: one
    report's "Bakgrund", "Förslag", "Åtgärder" is no list of groups (its unit stays the file), unless the one found
    names a group by its name (:func:`_is_group_name`: "Arbetsgrupp 6 – Skola").
    """
    heads = [(i, b) for i, b in enumerate(blocks) if b.kind == "heading"]
    def key(h: _Block) -> tuple[float, str]:  # "1.1 Bakgrund" and "2.1 Bakgrund" are the same section's heading
        return h.level, " ".join(_unnumbered(h.text).casefold().split())

    counts = Counter(key(b) for _i, b in heads)
    out: dict[int, str] = {}
    previous = -1
    for k, (i, b) in enumerate(heads):
        if not _GENERIC_HEADING_RE.match(b.text):
            continue
        for j, h in reversed(heads[:k]):
            if j <= previous or h.level < b.level or _PROPOSAL_HEADING_RE.search(h.text):
                break  # the previous "Förslag", or a heading above it: the enclosing headings name the group
            if h.level == b.level and counts[key(h)] == 1 and not _REPORT_SECTION_RE.match(h.text):
                out[i] = h.text  # (a section of one group's chapter, "Bakgrund" where the others have none, names none)
                break
        previous = i
    if len(set(out.values())) >= 2:
        return out
    # one only: a group by its name ("Arbetsgrupp 6 – Skola" beside its "Förslag", in a report whose groups were
    # typed at different levels: the one before it had "Förslag" under its heading) is that group all the same
    return {i: group for i, group in out.items() if _is_group_name(group)}


def _proposal_sections(blocks: list[_Block]) -> list[tuple[Sequence[int], bool]]:
    """The blocks under "Förslag"-like headings, one section per heading, in document order, each with whether
    only its list items and table rows are read (never its paragraphs).

    When such sections are nested (a title "Förbättringsförslag 2024" above a heading "Förslag"), only
    the innermost ones count — except under a bare "Förslag" ("Åtgärder", "Våra förslag"), whose own list
    items and table rows outside the inner sections are read too: "Förslag" with a list, then "Förslag som
    kräver budget" under it with another.
    """
    heads = [
        i
        for i, b in enumerate(blocks)
        if b.kind == "heading" and _PROPOSAL_HEADING_RE.search(b.text) and not _TOC_TITLE_RE.match(b.text)
    ]
    sections: dict[int, range] = {}
    chapters: set[int] | None = None
    for i in heads:
        end = len(blocks)
        title = i + 1  # where a proposal's bold title may stand: right under the heading, or after the one before
        for j in range(i + 1, len(blocks)):
            if blocks[j].kind == "heading" and blocks[j].level <= blocks[i].level:
                if (not blocks[i].strong and blocks[j].level == blocks[i].level and _over_one_paragraph(blocks, j)
                        and (j == title or (blocks[j - 1].kind == "para" and len(blocks[j].text.split()) >= 2
                                            and not _REPORT_SECTION_RE.match(blocks[j].text)
                                            and _unnumbered(blocks[j].text) == blocks[j].text  # (no "§ 4 Ekonomi")
                                            and not _is_group_name(blocks[j].text)
                                            and not _closes_list(blocks[j].text)))):
                    # (also a proposal's short title further down, "Mer personal på helgerna" over its paragraph,
                    # after the proposals typed as paragraphs above it: it ended the section, and both were lost)
                    # a bold "Förslag" right over proposals each with a bold title of its own, all in the same bold:
                    # the titles (read as such by _select) are the section's, not headings that end it (which left
                    # it empty, and every paragraph of the report, its background too, was read as a proposal)
                    chapters = _one_paragraph_chapters(blocks) if chapters is None else chapters
                    if j not in chapters:
                        title = j + 2
                        continue
                end = j
                break
        sections[i] = range(i + 1, end)
    out: list[tuple[Sequence[int], bool]] = []
    for i in heads:
        inner = [h for h in heads if h != i and h in sections[i]]
        if not inner:
            out.append((sections[i], False))
        elif _GENERIC_HEADING_RE.match(blocks[i].text):
            # a bare "Förslag" with a sub-heading "Förslag som kräver budget" (or "Åtgärder i tabellform") under it:
            # the list items and table rows of its own are proposals too, not only the sub-heading's
            taken = {j for h in inner for j in (h, *sections[h])}
            out.append(([j for j in sections[i] if j not in taken], True))
    return out


def _appendices(blocks: list[_Block]) -> set[int]:
    """The blocks of a report's appendices ("Bilaga 1 – Deltagare" and what stands under it, to the next heading
    of its level or above): participants, minutes, figures, not proposals. An appendix that names proposals
    ("Bilaga 2 – Förslag från enkäten", "Appendix 1 – Suggestions", also under "Bilagor"), or one that holds the document (a report that is
    itself an appendix: "Bilaga 3" or "Bilaga 3 till protokoll" with no list, table or heading of its rank before it
    — a registration number or date line above it is no part of the report), is read as any other part."""
    out: set[int] = set()
    written = False  # a list item, table row or heading of the appendix's rank or above stands before it
    for i, b in enumerate(blocks):
        if b.kind in ("item", "row"):
            written = True
        if (i in out or b.kind != "heading" or not _APPENDIX_HEADING_RE.match(b.text)
                or _APPENDIX_OF_PROPOSALS_RE.search(b.text)
                or not (written or any(h.kind == "heading" and h.level <= b.level for h in blocks[:i]))):
            continue
        end = next((j for j in range(i + 1, len(blocks)) if blocks[j].kind == "heading" and blocks[j].level <= b.level),
                   len(blocks))
        out.update(range(i, end))
    for i in sorted(out):  # "Bilagor" over "Bilaga 2 – Förslag från enkäten": that one is read
        b = blocks[i]
        if b.kind == "heading" and _APPENDIX_OF_PROPOSALS_RE.search(b.text) and i in out:
            end = next((j for j in range(i + 1, len(blocks)) if blocks[j].kind == "heading" and blocks[j].level <= b.level),
                       len(blocks))
            out.difference_update(range(i, end))
    return out


# a field of the proposal above it, typed as a form's line: "Motivering: …", "Kostnad: …", "Tidsplan: …", "Klart: …"
_FIELD_RE = re.compile(
    r"^(?:motivering|motiv|varför|syfte|beskrivning|kostnad(?:er)?|kostnadsberäkning|budget|resurs(?:er|behov)|"
    r"tidsplan|tidsram|ansvarig|ansvar|(?:förväntad\s+)?effekt(?:er)?|nytta|konsekvens(?:er)?|risk(?:er)?|"
    r"genomförande|målgrupp|uppföljning|motivation|reason|cost|timeline|expected\s+effect|"
    # an action plan's fields: when it is to be done, by whom, how urgent, how far it has come
    r"klart(?:\s+(?:senast|till|datum))?|när|vem|status|prioritet|prio|deadline|start(?:datum)?|slutdatum|"
    r"priority|due(?:\s+date)?|owner|who|when)\s*:\s*\S", re.IGNORECASE)


# the unit a proposal names as its own in a line below it ("Ansvarig enhet: Hemtjänst Norr", "Enhet: IT"), joined to it
_UNIT_FIELD_RE = re.compile(
    r"(?<=[.!?:;])\s+(?:(?:ansvarig|berörd|aktuell|utförande)\s+)?(?:enhet|verksamhet|avdelning|förvaltning)\s*:\s*"
    r"(?P<unit>[^\W\d_][^.!?:;\n]{1,59}?)\s*\.?$", re.IGNORECASE)


_UNIT_LINE_RE = re.compile(
    r"^(?:(?:ansvarig|berörd|aktuell|utförande)\s+)?(?:enhet|verksamhet|avdelning|förvaltning)\s*:\s*\S", re.IGNORECASE)


def _item_fields(blocks: list[_Block]) -> list[_Block]:
    """Join to a list item the paragraphs right below it that open with a form's field ("1. Inför digitala
    nyckelskåp" / "Motivering: Personalen slipper …" / "Ansvarig enhet: Hemtjänst Norr", typed in the body's style
    under each numbered proposal): its motivation and its unit, no proposals of their own, as under a paragraph
    (:func:`_merge_fields`); the unit then its *rubrik* (:func:`_unit_field`)."""
    out: list[_Block] = []
    for b in blocks:
        text = b.text.strip()
        if (out and out[-1].kind == "item" and b.kind == "para" and "\n" not in text
                and (_FIELD_RE.match(text) or _UNIT_LINE_RE.match(text))):
            item = out[-1]
            head = item.text.rstrip()
            joined = f"{head} {text}" if _ends_sentence(head) else f"{head.rstrip(' :')}. {text}"
            out[-1] = replace(item, text=joined)
            continue
        out.append(b)
    return out


def _unit_field(text: str, rubrik: str) -> tuple[str, str]:
    """A proposal's text without the line of its unit at its end, and that unit as its *rubrik* ("Fler elcyklar …
    Ansvarig enhet: Hemtjänst Norr": the unit Hemtjänst Norr, as a form's "Enhet:" is); ``text`` and ``rubrik`` as they
    are where it ends with none (a paragraph of the unit's line alone, with --split paragraph, stays one)."""
    m = _UNIT_FIELD_RE.search(text)
    if m is None or len(m.group("unit").split()) > 6:
        return text, rubrik
    return text[:m.start()].rstrip(), m.group("unit").strip()


def _with_sentence(prev: _Proposal, text: str) -> _Proposal:
    """``prev`` with ``text`` after it, as one more sentence of it ("Förslag 1: Fler elcyklar. I dag …"; a title
    ending in a colon, "Motivering:", loses it before the stop)."""
    head = prev.text.rstrip()
    joined = f"{head} {text}" if _ends_sentence(head) else f"{head.rstrip(' :')}. {text}"
    return _Proposal(joined, prev.page, prev.stycke, prev.rubrik, prev.level, prev.kind, prev.people)


def _merge_continued(props: list[_Proposal], continued: set[int]) -> list[_Proposal]:
    """Join to the proposal above them the paragraphs (by stycke) that go on with its motivation: those below a
    numbered proposal's title ("Förslag 1: Fler elcyklar" / "I dag …" / "Med elcyklar …")."""
    out: list[_Proposal] = []
    for prop in props:
        if out and prop.kind == "para" and prop.stycke in continued and out[-1].kind == "para":
            out[-1] = _with_sentence(out[-1], prop.text)
        else:
            out.append(prop)
    return out


def _merge_fields(props: list[_Proposal]) -> list[_Proposal]:
    """Join to a paragraph the paragraphs right below it that open with a field's label ("Förslag 1: Fler elcyklar"
    / "Motivering: I dag …" / "Kostnad: 50 000 kr"): a proposal typed as a form, its motivation and cost no
    proposals of their own."""
    out: list[_Proposal] = []
    last = -1  # the paragraph (stycke) the last proposal ends on
    for prop in props:
        if (out and prop.kind == "para" and out[-1].kind == "para" and prop.stycke == last + 1
                and prop.rubrik == out[-1].rubrik and (_FIELD_RE.match(prop.text) or _UNIT_LINE_RE.match(prop.text))):
            out[-1] = _with_sentence(out[-1], prop.text)
        else:
            out.append(prop)
        last = prop.stycke
    return out


def _merge_colon_sublists(props: list[_Proposal]) -> list[_Proposal]:
    """Append nested list items to the item above them where they are its sub-points (a., b.; 1.1, 1.2), saying
    how a proposal is to be done or why: under an item that ends a sentence or introduces them with a colon,
    and sub-points that start in lower case (they continue it). Under an item without a full stop, sub-points
    that start a sentence are the proposals and the item their label ("Lokaler", "Arbetsgrupp 2 – Skola" in
    an outline list); under a label (a topic of one word, a group's name, with a colon or without) also those
    typed in lower case.

    A label over sub-items heads them as a heading does: it becomes kind "label" (no proposal, but it keeps its
    number, so the proposals' ids do not depend on it) and its text is their *rubrik*, to the end of its list. An
    item of several words without a full stop over sub-points that start a sentence ("Förbättra introduktionen" /
    "En fadder …") may be a proposal of its own: it stays one beside them."""
    out: list[_Proposal] = []
    parent: _Proposal | None = None
    ends = ""  # how the parent item's own text ends
    label = False  # the parent item is a topic or a group's name over its proposals
    labels: list[_Proposal] = []  # the labels enclosing the current item, outermost first
    for prop in props:
        while labels and (prop.kind != "item" or prop.level <= labels[-1].level):
            labels.pop()
        if parent is not None and prop.kind == "item" and prop.level > parent.level:
            if not label and ((ends and ends in ".!?:") or _starts_lower(prop.text.strip())):
                head = parent.text.rstrip()
                sep = " " if head[-1:] in ".!?;:" else "; "
                parent.text = head + sep + prop.text.strip()
                continue
            if label:  # a group's name or a topic over its proposals: their heading, no proposal itself
                parent.kind = "label"
                labels.append(parent)
        if labels:
            prop.rubrik = _clean(labels[-1].text).rstrip(":").rstrip()
        out.append(prop)
        parent = prop if prop.kind == "item" else None
        ends = prop.text.rstrip().rstrip(_CLOSERS)[-1:]
        label = _names_a_group(prop.text)  # ("Lokaler:", "Arbetsgrupp 3 – Kultur:" are labels too)
    return out


def _names_a_group(text: str) -> bool:
    """Whether a line without a full stop names a group or a topic of one word rather than proposing something:
    "Lokaler", "Hemtjänsten", "Arbetsgrupp 3 – Kultur", "Enhet Norr" (with a colon or without)."""
    bare = text.rstrip().rstrip(":")
    return bool(bare) and not _ends_sentence(bare) and (len(bare.split()) == 1 or bool(_GROUP_LABEL_RE.match(bare)))


# an outline list's item that names a group over its proposals ("Arbetsgrupp 3 – Kultur", "Enhet Norr")
_GROUP_LABEL_RE = re.compile(r"^\s*(?:arbets)?grupp(?:en)?\b|^\s*(?:enhet|område|avdelning|förvaltning|team)\b",
                             re.IGNORECASE)
# a unit of a municipality named by one word, as a report's groups are ("Hemtjänsten", "Äldreomsorg", "Förskolan",
# "Biblioteket", "Socialtjänst"): a proposal's title of one word names a thing to get or change ("Elcyklar",
# "Nyckelskåp", "Friskvård", "Hemkontor"), never such a unit. (A word that is a unit only as a compound's head —
# "Äldreboendet", "IT-avdelningen" — is one only with a word before it: "Kontoret" may be a proposal's title.)
# The support units go by short names ("IT", "HR", "Ekonomi", "Kost", "Lokalvård", "Kansliet"), no proposal's title.
_UNIT_NAME_RE = re.compile(r"\w*(?:tjänst|omsorg|skola|förvaltning|nämnd)(?:en|n)?|\w*skolorna|kultur(?:en)?|"
                           r"[\w-]+(?:sjukvården|boendet|hemmet|avdelningen|enheten|kontoret)|biblioteket|"
                           r"fritidsgården|ungdomsgården|it|hr|ekonomi(?:n)?|kost(?:en)?|lokalvård(?:en)?|"
                           r"kansli(?:et)?|administration(?:en)?|vaktmästeri(?:et)?|reception(?:en)?", re.IGNORECASE)


def _is_group_name(text: str) -> bool:
    """Whether a line names a group by its name: a working group, unit or team ("Arbetsgrupp 3 – Kultur",
    "Enhet Norr"), or a unit of the municipality by its one word ("Hemtjänsten", "Förskolan")."""
    bare = text.strip().rstrip(":").strip()
    return bool(_GROUP_LABEL_RE.match(bare)) or bool(_UNIT_NAME_RE.fullmatch(bare))


# --------------------------------------------------------------------------------------------------------
# Line-level helpers shared by the formats
# --------------------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_LIGATURES)
    return text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")


def _ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip(_CLOSERS)
    return t[-1:] in _SENTENCE_END if t else True


def _starts_lower(text: str) -> bool:
    for c in text.lstrip("\"'”’«»(["):
        if c.isalpha():
            return c.islower()
        if not c.isspace():
            return False
    return False


def _continues(a: str, b: str) -> bool:
    """True if line ``a`` visibly runs on into line ``b`` (comma, hyphen, a word that cannot end a sentence)."""
    a = a.rstrip()
    if not a:
        return False
    if a[-1] in ",-–(/&+":
        return True
    if b.lstrip()[:1] in (",", ";", ")", "]"):
        return True
    last = a.split()[-1].lower()
    return last in _CONTINUATION_WORDS


def _join_lines(parts: Iterable[str]) -> str:
    """Join the lines of one paragraph, undoing hyphenation at line ends."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
            continue
        if out.endswith("\u00ad"):
            out = out[:-1] + part
            continue
        tail = out[-3:]  # (its end only: searching all of it made a long paragraph quadratic)
        m = re.search(r"(\w)[-‐]$", tail)
        if m and (part[:1].isupper() or part[:1].isdigit()):  # "Karlskrona-" + "Nättraby", "covid-" + "19": a hyphen
            out = out + part  # of the text's own (a word is never hyphenated before a capital or a digit)
            continue
        if m and _starts_lower(part):
            first = part.split()[0].lower()
            if first in _SUSPENDED_HYPHEN_WORDS:  # "kompetens- och karriärutveckling"
                out = out + " " + part
            elif m.group(1).isupper() or m.group(1).isdigit():  # "IT-stöd", "24-timmars"
                out = out + part
            elif not tail[max(m.start() - 1, 0):m.start()].isalnum():  # a one-letter word: "a-kassa", "e-tjänst"
                out = out + part
            else:  # "kompetens-" + "utveckling"
                out = out[:-1] + part
            continue
        out = out + " " + part
    return out


def _toc_flags(texts: Sequence[str]) -> list[bool]:
    """Mark table-of-contents lines: dot-leader lines anywhere, and the entries after an "Innehåll" title."""
    flags = [False] * len(texts)
    in_toc = False
    for i, raw in enumerate(texts):
        text = raw.strip().lstrip("#").strip().strip("*_").strip()
        if not text:
            continue
        if _TOC_TITLE_RE.match(text):
            flags[i] = True
            in_toc = True
            continue
        if _DOT_LEADER_RE.match(text):
            flags[i] = True
            continue
        if in_toc:
            m = _MARKER_RE.match(text)
            entry = m.group("text") if m else text
            if _TOC_ENTRY_RE.match(" ".join(entry.split())):
                flags[i] = True
                continue
            in_toc = False
    return flags


def _furniture_keys(pages: Sequence[Sequence[str]], band: int = 3) -> set[str]:
    """Running headers/footers of text pages: lines repeated among the top or bottom lines of most pages.

    Lines are compared exactly, or with their digits masked when they carry a page reference
    ("Socialtjänsten, sida 3 av 12"), so that numbered headings ("Arbetsgrupp 2") stay.
    """
    if len(pages) < 2:
        return set()
    found: dict[str, set[int]] = {}
    for index, lines in enumerate(pages):
        for text in list(lines[:band]) + list(lines[-band:]):
            for key in _text_furniture_keys(text):
                found.setdefault(key, set()).add(index)
    return {k for k, where in found.items() if _on_most_pages(where, len(pages))}


def _on_most_pages(found: set[int], pages: int) -> bool:
    """Whether a line found on the pages ``found`` (their indices) of ``pages`` comes back as a running header or
    footer does: on half the pages at least (two at least), or on every page of one side but one at most and on
    no page of the other — a book's mirrored header, Word's "Olika udda och jämna sidor" (the report's title on
    the even pages, the municipality's name on the odd ones), each on half the pages only, one fewer where the
    first page has none or the pages are odd in number. (Body text that comes back at the top of a few pages of
    one side is no header: the whole side is asked for.)"""
    if len(found) >= max(2, math.ceil(0.5 * pages)):
        return True
    sides = {i % 2 for i in found}
    if len(sides) != 1:
        return False
    side = len(range(sides.pop(), pages, 2))
    return len(found) >= max(2, side - 1)


def _text_furniture_keys(text: str) -> set[str]:
    exact = " ".join(text.lower().split())
    if not exact:
        return set()
    return {exact, _furniture_key(text)} if _PAGE_REF_RE.search(text) else {exact}


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NO_RE.match(text.strip()))


# --------------------------------------------------------------------------------------------------------
# Plain text and Markdown
# --------------------------------------------------------------------------------------------------------


def _has_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _decode(data: bytes, shown: str, truncated: bool = False) -> tuple[str, str]:
    """Decode text: UTF-8 (with or without BOM), UTF-16/32 (BOM, or evident from NUL bytes), cp1252."""
    candidates: list[str] = []
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        candidates = ["utf-32"]
    elif data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        sample = data[:4096]
        even, odd = sample[0::2], sample[1::2]
        if len(sample) >= 4 and odd.count(0) >= 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
            candidates = ["utf-16-le"]
        elif len(sample) >= 4 and even.count(0) >= 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
            candidates = ["utf-16-be"]
        elif b"\x00" in data:
            raise InputFileError.of("err_binary", path=shown)
        else:
            candidates = ["utf-8", "cp1252"]
    for enc in candidates:
        text = _try_decode(data, enc, truncated)
        if text is None:
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
        if controls > max(2, len(text) // 100):
            raise InputFileError.of("err_binary", path=shown)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return _normalise(text), enc
    raise InputFileError.of("err_decode", path=shown)


def _try_decode(data: bytes, encoding: str, truncated: bool) -> str | None:
    """Decode strictly; a sample cut in the middle of a character may lose up to 3 trailing bytes."""
    for cut in (0, 1, 2, 3) if truncated else (0,):
        try:
            return data[: len(data) - cut].decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _text_is_table(text: str, *, excel_unicode: bool) -> bool:
    from forbattra.inputs.tables import excel_sep_line

    if excel_sep_line(text)[0] and text.strip().count("\n"):  # Excel's "sep=;" line over its rows: a table
        return True
    lines = [ln for ln in text.split("\n") if ln.strip()][:200]
    if len(lines) < 2:
        return False
    for delim in ("\t", ";"):
        # Raw counts per line, and counts of a CSV parse (quoted cells may hold delimiters or newlines).
        raw = [ln.count(delim) for ln in lines if not ln.startswith(delim)]
        try:
            rows = list(csv.reader(text.split("\n")[:400], delimiter=delim))
        except csv.Error:
            rows = []
        parsed = [len(r) - 1 for r in rows if any(c.strip() for c in r)][:200]
        for counts in (raw, parsed):
            if len(counts) < 2:
                continue
            (mode, freq), *_ = sorted(Counter(counts).items(), key=lambda kv: (-kv[1], -kv[0]))
            minimum = 1 if (excel_unicode and delim == "\t") else 2
            if mode >= minimum and freq >= 0.8 * len(counts):
                return True
    return False


def _indent_width(text: str) -> int:
    width = 0
    for c in text:
        if c == " ":
            width += 1
        elif c == "\t":
            width += 4
        else:
            break
    return width


def _md_inline(text: str) -> str:
    text = _MD_FOOTNOTE_REF_RE.sub("", text)  # a footnote's mark ("… varje vecka[^1]."): no part of the text
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = text.replace("`", "")
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)


def _md_bold_only(text: str) -> str | None:
    m = re.match(r"^\s*(\*\*|__)([^*_].*?)\1\s*:?\s*$", text)
    return m.group(2) if m else None


def _text_blocks(text: str, *, markdown: bool) -> list[_Block]:
    """Split plain text or Markdown into blocks."""
    # Pages (form feeds, as written by pdftotext): drop running headers and footers.
    pages = [p.split("\n") for p in text.split("\f")]
    furniture = _furniture_keys([[ln for ln in p if ln.strip()] for p in pages])
    lines: list[str] = []
    for page in pages:
        for ln in page:
            if furniture and _text_furniture_keys(ln) & furniture:
                continue
            lines.append(ln.rstrip())
        lines.append("")

    # Markdown front matter, code fences and comments.
    if markdown:
        if lines and lines[0].strip() == "---":
            for k in range(1, len(lines)):
                if lines[k].strip() in ("---", "..."):
                    lines = [""] * (k + 1) + lines[k + 1 :]
                    break
        cleaned, fence, comment = [], False, False
        # a footnote's text ("[^1]: Enligt beslut …", the lines that continue it, its indented paragraphs): not read
        footnote, gap = False, False
        for ln in lines:
            s = ln.strip()
            if not fence and not comment:
                if _MD_FOOTNOTE_DEF_RE.match(ln):
                    footnote, gap = True, False
                elif footnote and s and not ln[:1].isspace() and (gap or _MD_HEADING_RE.match(ln)):
                    footnote = False  # a line of its own after a blank line, or a heading: the footnote has ended
                if footnote:
                    gap = not s
                    cleaned.append("")
                    continue
            if s.startswith(("```", "~~~")):
                fence = not fence
                cleaned.append("")
                continue
            if comment or s.startswith("<!--"):
                comment = "-->" not in s
                cleaned.append("")
                continue
            cleaned.append("" if fence else _MD_TASK_RE.sub(r"\1", _MD_QUOTE_RE.sub("", ln)))
        lines = cleaned

    toc = _toc_flags(lines)
    tab_rows = _tab_rows(lines)
    tab_numbers: int | None = None  # as ``numbers`` and ``people`` below, for a table pasted as tab-separated lines
    tab_people: set[int] = set()
    tab_units: int | None = None

    # Classify lines: ("blank",), ("heading", text, level, strong), ("row", text, people, unit), ("text", indent, text)
    classified: list[tuple] = []
    numbers: int | None = None  # a Markdown table's column of row numbers ("Nr"), from its header
    people: set[int] = set()  # its columns of people ("Ansvarig"), from its header: as a Word table's
    units: int | None = None  # its column of units ("Enhet"), from its header: as a Word table's
    cells: list[str] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        s = ln.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not s.startswith("|"):
            numbers, people, units = None, set(), None
        if not s:
            classified.append(("blank",))
        elif toc[i]:
            classified.append(("toc", s))
        elif markdown and (m := _MD_HEADING_RE.match(ln)):
            classified.append(("heading", _md_inline(m.group(2)), float(len(m.group(1))), True))
        elif (
            _SETEXT_RE.match(nxt)
            and len(nxt.strip()) >= 3
            and not _MARKER_RE.match(ln)
            and not _RULE_RE.match(ln)
            and (i == 0 or not lines[i - 1].strip())
        ):
            level = 1.0 if nxt.strip()[0] == "=" else 2.0
            classified.append(("heading", _md_inline(s) if markdown else s, level, True))
            classified.append(("blank",))
            i += 2
            continue
        elif _RULE_RE.match(ln):
            classified.append(("blank",))
        elif _is_page_number(s):
            classified.append(("blank",))
        elif markdown and s.startswith("|") and s.count("|") >= 2:
            from forbattra.outputs.redact import names_people, people_of_cell

            if _MD_SEPARATOR_ROW_RE.match(s):
                if classified and classified[-1][0] == "row":
                    classified.pop()  # the header row
                    numbers = next((k for k, c in enumerate(cells) if _NUMBER_LABEL_RE.match(c)), None)
                    people = {k for k, c in enumerate(cells) if names_people(c)}
                    units = _unit_column(enumerate(cells), numbers, _own_column(cells))
                classified.append(("blank",))
            else:
                cells = [_md_inline(c.strip()) for c in s.strip("|").split("|")]
                if (numbers is not None and numbers < len(cells) and _ROW_NUMBER_RE.match(cells[numbers])
                        and any(c for k, c in enumerate(cells) if k != numbers)):
                    cells[numbers] = ""  # the row's number ("Nr"): no part of the proposal
                who = tuple(p for k, c in enumerate(cells) if k in people for p in people_of_cell(c))
                unit = cells[units] if units is not None and units < len(cells) else ""
                classified.append(("row", " – ".join(c for k, c in enumerate(cells) if c and k != units), who, unit))
        elif i in tab_rows:
            from forbattra.outputs.redact import names_people, people_of_cell

            row, first = tab_rows[i]
            if first:
                tab_numbers, tab_people, tab_units = None, set(), None
                if _tab_header(row):  # "Förslag<tab>Ansvarig": no proposal; it names the columns
                    tab_numbers = next((k for k, c in enumerate(row) if _NUMBER_LABEL_RE.match(c)), None)
                    tab_people = {k for k, c in enumerate(row) if names_people(c)}
                    tab_units = _unit_column(enumerate(row), tab_numbers, _own_column(row))
                    classified.append(("blank",))
                    i += 1
                    continue
            row = [_md_inline(c) for c in row] if markdown else list(row)
            if (tab_numbers is not None and _ROW_NUMBER_RE.match(row[tab_numbers])
                    and any(c for k, c in enumerate(row) if k != tab_numbers)):
                row[tab_numbers] = ""
            who = tuple(p for k, c in enumerate(row) if k in tab_people for p in people_of_cell(c))
            unit = row[tab_units] if tab_units is not None and tab_units < len(row) else ""
            classified.append(("row", " – ".join(c for k, c in enumerate(row) if c and k != tab_units), who, unit))
        else:
            body = _md_inline(ln) if markdown else ln
            classified.append(("text", _indent_width(ln), body.strip(), ln))
        i += 1

    # Group into blank-separated blocks of text lines, and turn them into _Blocks.
    blocks: list[_Block] = []
    group: list[tuple] = []
    last_item_indent: int | None = None  # indentation of the last list item, for indented continuations

    def flush() -> None:
        nonlocal last_item_indent
        if not group:
            return
        first_indent, first_text = group[0][1], group[0][2]
        if (
            last_item_indent is not None
            and blocks
            and blocks[-1].kind == "item"
            and first_indent > last_item_indent
            and not _MARKER_RE.match(first_text)
        ):
            # An indented paragraph after a blank line continues the list item above.
            blocks[-1].text = _join_lines([blocks[-1].text] + [g[2] for g in group])
            group.clear()
            return
        heading = _text_heading(group, markdown)
        rest = group
        if heading is not None:
            # the text's first line, standing alone above everything, is its title ("Förbättringsförslag 2026 –
            # Arbetsgrupp 3"), above the headings below it as Word's Title style is: it says "förslag", but the
            # group's background under it is no proposal where a "Förslag" heading follows
            title = not blocks and not markdown and not _GENERIC_HEADING_RE.match(heading)
            blocks.append(_Block("heading", heading, 0.0 if title else 9.0, None, strong=False))
            rest = group[1:]
        units = _text_units([(g[1], g[2]) for g in rest])
        for k, (kind, txt, level, marker) in enumerate(units):
            if (kind == "para" and not markdown and k + 1 < len(units) and _names_a_section(txt)
                    and not (_NUMBERED_PROPOSAL_RE.match(txt) and _NUMBERED_PROPOSAL_RE.match(units[k + 1][1]))):
                # a line of its own amid the lines of a report Word saved as "Oformaterad text" (a paragraph a
                # line, no blank line between): "Förslag", "Arbetsgrupp 2 – Skola" head what follows them
                blocks.append(_Block("heading", txt.rstrip(":").strip(), 9.0, None, strong=False))
                continue
            blocks.append(_Block(kind, txt, level, marker=marker, gap=k == 0 and heading is None))
        if units:
            last_item_indent = int(units[-1][2]) if units[-1][0] == "item" else None
        group.clear()

    for entry in classified:
        tag = entry[0]
        if tag == "text":
            group.append(entry)
            continue
        flush()
        if tag == "heading":
            blocks.append(_Block("heading", entry[1], entry[2], None, strong=entry[3]))
            last_item_indent = None
        elif tag == "row":
            blocks.append(_Block("row", entry[1], people=entry[2], unit=entry[3]))
            last_item_indent = None
        elif tag == "toc":
            blocks.append(_Block("toc", entry[1]))
    flush()
    return blocks


# a section every report has beside its proposals, by its heading ("Bakgrund", "2. Syfte", "Övrigt:"): what stands
# under it is no proposal
_REPORT_SECTION_RE = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s*)?(?:bakgrund|inledning|syfte|uppdrag(?:et)?|metod|arbetssätt|nuläge|sammanfattning|"
    r"övrigt|övriga\s+synpunkter|avslutning|deltagare|medverkande|slutsats(?:er)?|background|introduction|purpose|"
    r"summary|method|participants|other(?:\s+comments)?|conclusions?)\s*:?$", re.IGNORECASE)


def _names_a_section(text: str) -> bool:
    """Whether a text's line is a heading whatever stands around it: a bare "Förslag" ("Åtgärder", "Vi föreslår:"),
    a section of the report beside them ("Bakgrund", "Övrigt"), or a group's name by its label ("Arbetsgrupp 2 –
    Skola", "Enhet Norr") or a unit's by its one word ("Hemtjänsten", "IT", "Ekonomi"), short and ending no sentence."""
    bare = text.strip()
    if not bare or len(bare) > 80 or (not bare.endswith(":") and _ends_sentence(bare)):
        return False
    return bool(_GENERIC_HEADING_RE.match(bare)) or bool(_REPORT_SECTION_RE.match(bare)) or bool(
        _NUMBERED_PROPOSAL_RE.match(bare)) or (
        (bool(_GROUP_LABEL_RE.match(bare)) or bool(_UNIT_NAME_RE.fullmatch(bare))) and not bare.endswith(":"))


def _tab_rows(lines: list[str]) -> dict[int, tuple[list[str], bool]]:
    """A table pasted into a text from Word or Excel, or saved with it as "Oformaterad text": two or more lines in a
    row whose cells a tab parts, as many on each line. By line index: its cells, and whether it is its table's
    first row. A list item's tab after its marker ("1.<tab>Inför …", "•<tab>…") and an indent part no cells, and
    lines that each open with a label and a colon are a form, no table."""
    cells_of: list[list[str] | None] = []
    for ln in lines:
        s = ln.strip()
        cells = [c.strip() for c in s.split("\t")] if "\t" in s else None
        if cells is not None and len(cells) == 2 and _MARKER_RE.match(s):
            cells = None
        cells_of.append(cells)
    out: dict[int, tuple[list[str], bool]] = {}
    k = 0
    while k < len(lines):
        cells = cells_of[k]
        j = k
        while cells is not None and j + 1 < len(lines) and (nxt := cells_of[j + 1]) is not None and len(nxt) == len(cells):
            j += 1
        # (a form's labels and values, "Förslag:<tab>Mer personal" / "Ansvarig:<tab>…", are no table: read as before)
        if cells is not None and j > k and not all((cells_of[m] or [""])[0].endswith(":") for m in range(k, j + 1)):
            out.update((m, (cells_of[m] or [], m == k)) for m in range(k, j + 1))
        k = j + 1
    return out


def _tab_header(cells: list[str]) -> bool:
    """Whether a pasted table's first row names its columns ("Förslag<tab>Ansvarig", "Nr<tab>Åtgärd<tab>Kostnad"):
    short cells without a full stop, one at least a label a header has; a row of a proposal and its person ("Fler
    elcyklar<tab>Anna Svensson") is none."""
    from forbattra.outputs.redact import names_people

    texts = [c for c in cells if c]
    if not texts or any(len(c.split()) > 3 or c.rstrip(_CLOSERS)[-1:] in ".!?" for c in texts):
        return False
    return any(names_people(c) or all(_HEADER_WORD_RE.match(w.strip("?:.,()")) for w in c.split()) for c in texts)


def _text_heading(group: list[tuple], markdown: bool) -> str | None:
    """The guessed heading at the start of a blank-separated group of text lines, if any."""
    first = group[0][2]
    if markdown:
        bold = _md_bold_only(group[0][3])
        if bold is not None and len(bold) <= 80 and not _MARKER_RE.match(group[0][3].strip()):
            return bold.strip().rstrip(":").strip()
        return None
    if _MARKER_RE.match(first) or len(first) > 80 or len(first) < 2:
        return None
    if _FIELD_RE.match(first) or (_UNIT_LINE_RE.match(first) and not re.match(r"(?i)(?:enhet|verksamhet|avdelning|förvaltning)\b", first)):
        # a proposal's field under it ("Kostnad: 50 000 kr", "Ansvarig enhet: Hemtjänst Norr"): no heading, so
        # the proposal below it is no text beside the proposals (not read), nor under the field as its unit; a
        # group's "Enhet: Hemtjänst Norr" alone heads what follows
        return None
    minutes = bool(_MINUTES_ITEM_RE.match(first))  # "§ 3 Förbättringsförslag": an item of a meeting's minutes
    if not (first[0].isupper() or first[0].isdigit() or minutes):
        return None
    if first[0].isdigit() and not re.match(r"^\d+(?:\.\d+)*\s+\S", first):
        return None
    if first.endswith(":"):
        if len(first) > 60 or len(first.split()) > 6:
            return None
    elif first.rstrip(_CLOSERS)[-1:] in ".,;!?":
        return None
    keyword = (len(first.split()) <= 4 and bool(_PROPOSAL_HEADING_RE.search(first) or _TOC_TITLE_RE.match(first))
               or bool(_NUMBERED_PROPOSAL_RE.match(first)))  # ("Förslag 1: Fler elcyklar till distrikten")
    if len(group) == 1 or first.endswith(":") or keyword or minutes or _MARKER_RE.match(group[1][2]):
        return first.rstrip(":").strip() if first.endswith(":") else first
    return None


def _text_units(lines: list[tuple[int, str]]) -> list[tuple[str, str, float, str]]:
    """Split the lines of one block into list items and paragraphs: (kind, text, level, marker)."""
    units: list[tuple[str, str, float, str]] = []
    item: list[str] | None = None
    item_level = 0.0
    item_marker = ""
    prose: list[str] = []

    def flush_prose() -> None:
        if prose:
            units.extend(("para", t, 0.0, "") for t in _prose_paragraphs(prose))
            prose.clear()

    def flush_item() -> None:
        nonlocal item
        if item is not None:
            units.append(("item", _join_lines(item), float(item_level), item_marker))
            item = None

    for indent, text in lines:
        m = _MARKER_RE.match(text)
        if m:
            flush_prose()
            flush_item()
            item, item_marker = [m.group("text")], m.group("marker")
            item_level = indent + _SAVED_BULLET_DEPTH.get(item_marker, 0.0)
        elif item is not None and _closes_list(text):
            flush_item()  # the report's closing line under the last item: no part of it, nor of the line below it
            units.append(("para", text, 0.0, ""))
        elif item is not None:
            item.append(text)  # a continuation line belongs to the item above
        else:
            prose.append(text)
    flush_prose()
    flush_item()
    return units


def _closes_list(text: str) -> bool:
    """Whether a line under a list's last item is the report's own, no line of that item: its closing wish ("Vi ser
    fram emot att diskutera förslagen med ledningen."), place and date, a signature, or a line announcing more."""
    t = _clean(text)
    return not _starts_lower(t) and bool(_SIGNATURE_RE.match(t) or _ANNOUNCEMENT_RE.match(t))


# Word's "Oformaterad text" (Save As plain text) writes a bulleted list's levels as "•", "o" and "§" (the Courier
# New and Wingdings bullets), each with a tab and no indent: the deeper ones are sub-points of the item above
_SAVED_BULLET_DEPTH = {"o": 0.5, "§": 0.75}


def _prose_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs in consecutive prose lines: wrapped text is one paragraph, short lines stand alone."""
    longest = max(len(t) for t in lines)
    wrapped = len(lines) >= 2 and longest >= 40 and all(len(t) >= 0.6 * longest for t in lines[:-1])
    if wrapped or len(lines) == 1:
        return [_join_lines(lines)]
    paras: list[list[str]] = []
    for text in lines:
        if paras and (_starts_lower(text) or _continues(paras[-1][-1], text)):
            paras[-1].append(text)
        else:
            paras.append([text])
    return [_join_lines(p) for p in paras]


# --------------------------------------------------------------------------------------------------------
# Word (.docx)
# --------------------------------------------------------------------------------------------------------


def _docx_blocks(p: Path, shown: str) -> list[_Block]:
    """Read the body of a .docx, with its text boxes where they are anchored (headers, footers, footnotes and
    comments are not read)."""
    data = _read_bytes(p, limit=8)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # a compound file: its streams tell which it is (it was "password-protected or old .doc", and the user had
        # to guess): Word's "Kryptera med lösenord" wraps the .docx in one (stream EncryptedPackage), a Word 97–2003
        # file is one (stream WordDocument), and so is an old Excel workbook renamed
        kind = _compound_kind(p)
        if kind == ".xls":
            renamed = str(p.with_suffix(".xls"))
            quoted = f'"{renamed}"' if any(ch.isspace() for ch in renamed) else renamed
            raise InputFileError.of("err_docx_is_workbook", path=shown, suffix=".xls", command=f"forbattra classify {quoted}")
        if kind == "encrypted":
            raise InputFileError.of("err_docx_encrypted", path=shown)
        raise InputFileError.of("err_docx_old", path=shown)
    if data.startswith(b"{\\rtf"):  # saved from WordPad or Word as RTF, then renamed
        raise InputFileError.of("err_docx_is_convert", path=shown, suffix=".rtf")
    if not zipfile.is_zipfile(p):
        raise InputFileError.of("err_docx_bad", path=shown)
    _docx_refuse_other_package(p, shown)
    from forbattra.inputs.tables import check_zip

    check_zip(p, shown, what="Word document")  # the same inflation limits as a workbook: no zip bombs
    try:
        import docx  # python-docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(p))
        body = document.element.body
        styles = _DocxStyles(document.styles.element)
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for broken packages
        if _docx_strict(p):  # Word's "Strict Open XML-dokument": whole, but in namespaces python-docx does not read
            raise InputFileError.of("err_docx_strict", path=shown) from exc
        raise InputFileError.of("err_docx_corrupt", path=shown, reason=_one_line(exc)) from exc
    _docx_refuse_doctype(document, shown)

    parent = document._body  # noqa: SLF001 - gives paragraphs and tables access to styles

    def walk(element):
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                yield Paragraph(child, parent)
                for box in _docx_text_boxes(child):  # a text box anchored in it: its paragraphs and tables
                    yield from walk(box)
            elif child.tag == qn("w:tbl"):
                yield Table(child, parent)
            elif child.tag in (qn("w:sdt"), qn("w:customXml")):
                if child.find(_COVER_PAGE) is not None:
                    continue  # a cover page from Word's gallery: the report's title, author and date, no proposals
                content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
                if content is not None:
                    yield from walk(content)

    try:
        _docx_drop_placeholders(body)
        contents = _docx_toc_paragraphs(body)
        items = list(walk(body))
        entries: list[tuple] = []  # ("p", text, style, paragraph) | ("row", text)
        for obj in items:
            if isinstance(obj, Table):
                entries.extend(("row", t, people, unit) for t, people, unit in _docx_table_rows(obj, styles))
            else:
                entries.append(("p", _normalise(_docx_text(obj._p, styles)), obj))  # noqa: SLF001
        toc = _toc_flags([e[1] if e[0] == "p" else "" for e in entries])
        blocks: list[_Block] = []
        for entry, is_toc in zip(entries, toc):
            if entry[0] == "row":
                if entry[1]:
                    blocks.append(_Block("row", entry[1], people=entry[2], unit=entry[3]))
                continue
            _, text, para = entry
            if not text.strip() or _is_page_number(text):
                continue
            new = _docx_paragraph(para, text, is_toc or para._p in contents, qn)  # noqa: SLF001
            if blocks and blocks[-1].kind == "item" and _docx_continues_item(para, new):
                blocks[-1].text = _join_lines([blocks[-1].text, new[0].text])
                continue
            blocks.extend(new)
    except InputFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed XML inside an otherwise valid package
        raise InputFileError.of("err_docx_xml", path=shown, reason=_one_line(exc)) from exc
    if not blocks and next(body.iter(_W + "drawing", _W + "pict"), None) is not None:
        # scanned pages pasted into Word as pictures: "lower --min-length" would not help, OCR would
        raise InputFileError.of("err_docx_images_only", path=shown)
    return blocks


# the first entry of an OpenDocument package names its type
_OPENDOCUMENT = {"application/vnd.oasis.opendocument.text": ".odt", "application/vnd.oasis.opendocument.text-template": ".ott",
                 "application/vnd.oasis.opendocument.spreadsheet": ".ods"}


def _docx_refuse_other_package(p: Path, shown: str) -> None:
    """Refuse a zip package that is no Word document, named for what it is: a LibreOffice text (.odt: to be
    renamed, it is read as such) or a workbook (.xlsx, .ods) renamed to .docx to fit a folder's pattern. python-docx only said that a part was
    missing ("There is no item named '[Content_Types].xml'"), which tells no one how to fix it."""
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return
            kind = ""
            if "mimetype" in names:
                with zf.open("mimetype") as fh:
                    kind = _OPENDOCUMENT.get(fh.read(100).decode("ascii", "replace").strip(), "")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return  # (what is wrong with it is said when it is opened)
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        kind = ".xlsb" if "xl/workbook.xml" not in names else ".xlsx"
    if kind in (".odt", ".ott"):  # read under its own name
        renamed = str(Path(shown).with_suffix(kind))
        quoted = f'"{renamed}"' if any(ch.isspace() for ch in renamed) else renamed
        raise InputFileError.of("err_doc_renamed", path=shown, suffix=".docx", real=kind, renamed=quoted)
    if kind:
        renamed = str(p.with_suffix(kind))  # (the path as given: to paste as it is)
        quoted = f'"{renamed}"' if any(ch.isspace() for ch in renamed) else renamed
        raise InputFileError.of("err_docx_is_workbook", path=shown, suffix=kind, command=f"forbattra classify {quoted}")


# the type of the package's main part in a document saved as "Strict Open XML" (ISO/IEC 29500 Strict)
_STRICT_MAIN = b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


def _docx_strict(p: Path) -> bool:
    """Whether the package ``p`` is a Word document saved as Strict Open XML (Word's "Spara som" > "Strict Open
    XML-dokument"): its relationships name the main part in the Strict namespace. python-docx finds no document in
    it ("no relationship of type … in collection"), which read as a damaged file."""
    try:
        with zipfile.ZipFile(p) as zf, zf.open("_rels/.rels") as fh:
            return _STRICT_MAIN in fh.read(65536)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return False


def _docx_refuse_doctype(document, shown: str) -> None:
    """Refuse a package with a part that declares a DOCTYPE. Word never writes one (Open Packaging
    Conventions forbid DTDs in a package's XML); it is there to define entities: an external one naming a
    file on this computer (``file:///etc/passwd``, XXE) or one that expands to gigabytes. python-docx's parser
    resolves none, but the text around such an entity then vanished with no word: the proposal it was in
    was lost. Refused naming the part, nothing of the file read."""
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None and element.getroottree().docinfo.internalDTD is not None:
            raise InputFileError.of("err_docx_doctype", path=shown, part=str(part.partname).lstrip("/"))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# what Word shows of a paragraph: text in runs wherever they sit (tracked insertions, content controls,
# simple fields, smart tags, hyperlinks), not deleted or moved-away text, hidden text or drawings; a text box
# anchored in it is read as paragraphs of its own after it (_docx_text_boxes)
_DOCX_SKIP = frozenset({_W + "del", _W + "moveFrom", _W + "drawing", _W + "pict", _W + "object",
                        _W + "instrText", _W + "delText", _W + "footnoteReference", _W + "endnoteReference",
                        _MC + "AlternateContent", _W + "pPr", _W + "rPr"})
# the content control of a cover page inserted from Word's gallery (Infoga > Försättsblad)
_COVER_PAGE = f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery[@{_W}val='Cover Pages']"
_DOCX_CHARS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n",
               _W + "noBreakHyphen": "-"}


def _docx_text_boxes(element):
    """The contents (``w:txbxContent``) of the text boxes in a paragraph, in document order: committees paste
    their proposals into one (Infoga > Textruta), and Word shows it. Word writes a box twice, as a drawing
    (``mc:Choice``) and as VML for older versions (``mc:Fallback``): one of them is read, so its text is read
    once; a box inside a box is read with the paragraphs of the outer one, and a deleted box not at all."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in (_W + "del", _W + "moveFrom"):
            continue
        if tag == _W + "txbxContent":
            yield child
        elif tag == _MC + "AlternateContent":
            for alternative in child:
                boxes = list(_docx_text_boxes(alternative))
                if boxes:
                    yield from boxes
                    break
        else:
            yield from _docx_text_boxes(child)


def _docx_toc_paragraphs(body) -> set:
    """The paragraphs of a table of contents: those a TOC field (``w:instrText`` "TOC \\o …") spans, from the one
    it begins in to the one it ends in. Its entries are no proposals, whatever their style: Word gives them its
    TOC styles, but a document exported by another program, or a template without those styles, has them in the
    body text style, and without an "Innehåll" title above them the text alone does not tell them apart."""
    out: set = set()
    fields: list[list] = []  # the complex fields open at this point: [instruction so far, is a TOC]
    paragraph = None
    for el in body.iter(_W + "p", _W + "fldChar", _W + "instrText"):
        if el.tag == _W + "p":
            paragraph = el
        elif el.tag == _W + "fldChar":
            kind = el.get(_W + "fldCharType")
            if kind == "begin":
                fields.append(["", False])
            elif kind == "end" and fields:
                fields.pop()
        elif fields:
            fields[-1][0] += el.text or ""
            words = fields[-1][0].split()
            fields[-1][1] = bool(words) and words[0].upper() == "TOC"
        if paragraph is not None and any(is_toc for _instruction, is_toc in fields):
            out.add(paragraph)
    return out


def _docx_drop_placeholders(body) -> None:
    """Empty the content controls that show their placeholder ("Klicka eller tryck här för att ange text.",
    a template's "Beskriv förslaget här."), in place: Word's prompt in a field nobody filled in, not text
    anyone wrote (Word takes the flag away once something is typed in)."""
    for sdt in body.iter(_W + "sdt"):
        pr = sdt.find(_W + "sdtPr")
        flag = pr.find(_W + "showingPlcHdr") if pr is not None else None
        if flag is None or flag.get(_W + "val", "true") in ("false", "0", "off"):
            continue
        content = sdt.find(_W + "sdtContent")
        for t in content.iter(_W + "t") if content is not None else ():
            t.text = ""


def _docx_text(element, styles: _DocxStyles | None = None) -> str:
    """The text Word shows of a paragraph element (python-docx's ``Paragraph.text`` reads only the
    runs and hyperlinks directly under it, so a proposal typed with Track Changes on, in a content
    control or around a field lost those words). With the document's styles, text hidden by the
    paragraph's style or a run's character style is left out too."""
    out: list[str] = []
    hidden = styles.paragraph_hidden(element) if styles is not None else False

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _DOCX_SKIP or (tag == _W + "r" and _docx_hidden(child, styles, hidden)):
                continue
            if tag == _W + "t":
                out.append(child.text or "")
            elif tag in _DOCX_CHARS:
                out.append(_DOCX_CHARS[tag])
            else:
                walk(child)

    walk(element)
    return "".join(out)


def _docx_flag(props, name: str) -> bool | None:
    """An on/off property (``w:vanish``, ``w:b``) as set in a ``w:rPr``: True, False, or None where not set."""
    flag = props.find(_W + name) if props is not None else None
    if flag is None:
        return None
    return flag.get(_W + "val", "true") not in ("false", "0", "off")


class _DocxStyles:
    """What a document's styles say of hidden text (Dold): a paragraph style for internal notes, a character
    style for a remark, or one based on such a style, hides its text as a run formatted so by hand does."""

    def __init__(self, styles) -> None:
        self._own: dict[str, bool | None] = {}
        self._based: dict[str, str] = {}
        self._default_paragraph = ""
        for style in styles.iterchildren(_W + "style"):
            sid = style.get(_W + "styleId") or ""
            self._own[sid] = _docx_flag(style.find(_W + "rPr"), "vanish")
            based = style.find(_W + "basedOn")
            if based is not None:
                self._based[sid] = based.get(_W + "val") or ""
            if style.get(_W + "type") == "paragraph" and style.get(_W + "default") in ("1", "true", "on"):
                self._default_paragraph = sid

    def hidden(self, style_id: str) -> bool | None:
        """Whether a style hides its text, itself or by the style it is based on; None where none says."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            flag = self._own.get(style_id)
            if flag is not None:
                return flag
            style_id = self._based.get(style_id, "")
        return None

    def paragraph_hidden(self, paragraph) -> bool:
        """Whether the text of a paragraph (``w:p``) is hidden unless a run says otherwise: by its style."""
        pstyle = paragraph.find(f"{_W}pPr/{_W}pStyle")
        sid = (pstyle.get(_W + "val") or "") if pstyle is not None else self._default_paragraph
        return bool(self.hidden(sid))

    def run_hidden(self, rpr) -> bool | None:
        """Whether a run's character style (``w:rStyle``) hides it; None where it says nothing."""
        rstyle = rpr.find(_W + "rStyle") if rpr is not None else None
        return self.hidden(rstyle.get(_W + "val") or "") if rstyle is not None else None


def _docx_hidden(run, styles: _DocxStyles | None = None, paragraph_hidden: bool = False) -> bool:
    """A run formatted as hidden text (Dold: an internal note), which Word neither shows nor prints: by hand, by
    its character style, or by its paragraph's style (``paragraph_hidden``), the nearest of them that says."""
    rpr = run.find(_W + "rPr")
    flag = _docx_flag(rpr, "vanish")
    if flag is None and styles is not None:
        flag = styles.run_hidden(rpr)
    return paragraph_hidden if flag is None else flag


def _docx_continues_item(para, new: list[_Block]) -> bool:
    """A paragraph without a number under a list item, indented like a list ("List Continue",
    Liststycke fortsättning; or "List Paragraph"/Liststycke or an indent of its own, as Word leaves it
    when the number of a new item is taken away), belongs to the list item above it: its motivation."""
    if len(new) != 1 or new[0].kind != "para" or _closes_list(new[0].text):
        return False
    chain = _docx_style_chain(para)
    name = (chain[0].name or "").strip().lower() if chain else ""
    if name.startswith(("list continue", "listfortsättning", "lista fortsättning", "list paragraph", "liststycke")):
        return True
    for source in [para, *chain]:
        try:
            indent = source.paragraph_format.left_indent
        except Exception:  # noqa: BLE001 - a malformed indent
            return False
        if indent is not None:
            return indent > 0
    return False


def _docx_style_chain(para):
    try:
        style = para.style
    except Exception:  # noqa: BLE001 - dangling style reference
        return []
    chain = []
    while style is not None and len(chain) < 20:
        chain.append(style)
        style = style.base_style
    return chain


def _docx_paragraph(para, text: str, is_toc: bool, qn) -> list[_Block]:
    chain = _docx_style_chain(para)
    name = (chain[0].name or "").strip().lower() if chain else ""
    if is_toc or re.match(r"^(toc|innehåll|förteckning)\s*\d", name) or name in ("toc heading",):
        return [_Block("toc", " ".join(text.replace("\t", " ").split()))]
    level = _docx_heading_level(para, name, qn)
    list_level = None if level is not None else _docx_list_level(para, chain, name)
    return _paragraph_blocks(text, level, list_level, lambda: _docx_bold_only(para, chain))


def _paragraph_blocks(text: str, heading_level: float | None, list_level: int | None,
                      bold_only: Callable[[], bool]) -> list[_Block]:
    """The blocks of a word processor's paragraph (a .docx's or an .odt's), by what its styles say: a heading of
    ``heading_level``, an item of a list at ``list_level``, or a paragraph; one in bold alone (``bold_only``, asked
    only where it matters) may be a chapter's title typed by hand, and one that holds typed numbers an outline."""
    flat = " ".join(text.replace("\t", " ").split())
    if heading_level is not None:
        return [_Block("heading", flat, heading_level)]

    lines = [ln.replace("\t", " ").strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if list_level is not None:
        if (bold_only() and len(flat) <= 80 and flat.rstrip(_CLOSERS)[-1:] not in ".,;!?:"
                and not _starts_lower(flat)):
            # a chapter's title in bold in Word's list ("1. Hemtjänsten", numbered by Word): a heading as one typed
            # by hand is, and as that a list item again where it heads nothing or where bold items follow each other
            return [_Block("heading", flat, 8.0 + 0.1 * min(list_level, 9), strong=False, marker="#")]
        return [_Block("item", _join_lines(lines), float(list_level))]

    if bold_only() and len(flat) <= 80 and flat.rstrip(_CLOSERS)[-1:] not in ".,;!?":
        typed = _MARKER_RE.match(flat)
        if not typed:  # ("2 Hemtjänsten": a chapter's number, at the level of "2. Hemtjänsten")
            return [_Block("heading", flat.rstrip(":").strip(), _chapter_level(flat) or 9.0, strong=False)]
        if (level := _typed_heading_level(typed.group("marker"), flat)) is not None:
            return [_Block("heading", flat, level, strong=False, marker=typed.group("marker"))]

    if len(lines) == 1 and _NUMBERED_PROPOSAL_RE.match(flat):  # "Förslag 1: Fler elcyklar" in the Normal style
        return [_Block("heading", flat, 9.0, strong=False)]
    if len(lines) > 1 and any(_MARKER_RE.match(ln) for ln in lines):
        return [_Block(kind, t, lvl, marker=mk) for kind, t, lvl, mk in _text_units([(0, ln) for ln in lines])]
    m = _MARKER_RE.match(flat)
    if m:
        return [_Block("item", m.group("text"), 0.0, marker=m.group("marker"))]
    return [_Block("para", _join_lines(lines))]


def _docx_heading_level(para, name: str, qn) -> float | None:
    if name in ("title", "rubrik", "subtitle", "underrubrik"):
        return 0.0
    m = re.match(r"^(?:heading|rubrik)\s*(\d+)?", name)
    if m:
        return float(m.group(1)) if m.group(1) else 1.0
    ppr = para._p.pPr  # noqa: SLF001
    if ppr is not None:
        outline = ppr.find(qn("w:outlineLvl"))
        if outline is not None:
            try:
                val = int(outline.get(qn("w:val")))
            except (TypeError, ValueError):
                val = 9
            if val < 9:
                return float(val + 1)
    return None


def _docx_list_level(para, chain, name: str) -> int | None:
    ppr = para._p.pPr  # noqa: SLF001
    num = ppr.numPr if ppr is not None else None
    if num is None:
        for style in chain:
            sppr = style.element.pPr
            if sppr is not None and sppr.numPr is not None:
                num = sppr.numPr
                break
    m = re.match(r"^(?:list bullet|list number|punktlista|numrerad lista)\s*(\d)?", name)
    style_level = int(m.group(1)) - 1 if m and m.group(1) else 0  # "List Bullet 2" is nested
    if num is not None:
        if num.numId is not None and num.numId.val == 0:
            return None
        return max(int(num.ilvl.val) if num.ilvl is not None else 0, style_level)
    if m:
        return style_level
    return None


def _docx_bold_only(para, chain) -> bool:
    style_bold = next((s.font.bold for s in chain if s.font.bold is not None), None)
    runs = [r for r in para.runs if r.text.strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.bold
        if bold is None:
            try:
                rstyle = run.style
            except Exception:  # noqa: BLE001
                rstyle = None
            while bold is None and rstyle is not None:
                bold = rstyle.font.bold
                rstyle = rstyle.base_style
        if bold is None:
            bold = style_bold
        if not bold:
            return False
    return True


def _docx_cell_parts(element, styles: _DocxStyles | None = None) -> Iterable[str]:
    """The texts of a cell's paragraphs in the order Word shows them: those of a text box after the paragraph it
    is anchored in, and a table inside the cell a row at a time (its cells joined with " – ", as a row is)."""
    for child in element:
        if child.tag == _W + "p":
            yield " ".join(_normalise(_docx_text(child, styles)).split())
            for box in _docx_text_boxes(child):
                yield from _docx_cell_parts(box, styles)
        elif child.tag == _W + "tbl":
            for tr in child.iterchildren(_W + "tr"):
                cells = [_docx_cell_text_of(tc, styles) for tc in tr.iterchildren(_W + "tc")]
                yield " – ".join(t for t in cells if t)
        elif child.tag in _DOCX_WRAPPERS:  # (a content control in a text box: those of the cell itself are lifted)
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                yield from _docx_cell_parts(content, styles)


def _docx_cell_text(cell, styles: _DocxStyles | None = None) -> str:
    """A cell's text as Word shows it; its paragraphs kept apart by a full stop where the first does not end
    a sentence (two proposals typed as two paragraphs in one cell do not run together)."""
    return _docx_cell_text_of(cell._tc, styles)  # noqa: SLF001


def _docx_cell_text_of(tc, styles: _DocxStyles | None = None) -> str:
    parts = _docx_cell_parts(tc, styles)
    out = ""
    for part in parts:
        if not part:
            continue
        if out:
            out += " " if out[-1] in ".!?:;" else ". "
        out += part
    return out


_DOCX_WRAPPERS = frozenset({_W + "sdt", _W + "customXml"})
_DOCX_TABLE_PARTS = frozenset({_W + "tbl", _W + "tr", _W + "tc"})


def _docx_unwrap(element) -> None:
    """Lift the rows, cells and cell paragraphs of a table out of the content controls (``w:sdt``) and custom
    XML around them, in place: a form's repeating section of rows, or a cell whose text is a content control,
    is what Word shows, but python-docx sees only the rows, cells and paragraphs directly under their parent."""
    i = 0
    while i < len(element):
        child = element[i]
        if child.tag in _DOCX_WRAPPERS:
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            inner = [c for c in (content if content is not None else ()) if c.tag != _W + "customXmlPr"]
            element.remove(child)
            for k, c in enumerate(inner):
                element.insert(i + k, c)
            continue  # (what was lifted may be wrapped again)
        if child.tag in _DOCX_TABLE_PARTS:
            _docx_unwrap(child)
        i += 1


def _docx_table_rows(table, styles: _DocxStyles | None = None) -> list[tuple[str, tuple[str, ...], str]]:
    """One text per row of a table (cells joined with " – "), without the header row; caption rows
    above it (one cell merged across the whole row, "Tabell 1. Gruppens förslag") are left out too.
    With each text, the full names under a column of people ("Ansvarig", "Handläggare"): they stay in
    the text as written, and become the row's *ansvarig* (whose names ``--redact`` masks).

    The first row is a header only where it reads as one (see :func:`_docx_header_row`): a table that
    opens with a proposal has none, and loses no row. The header typed again further down (a table
    pasted from pages that each repeated it) is no proposal either.

    A row of one cell across the table amid the rows ("Arbetsgrupp 5 – Kultur") names the group of the
    rows below it: it is no proposal, and it is their *rubrik* (the third item of each row, or "")."""
    _docx_unwrap(table._tbl)  # noqa: SLF001 - (the document is only read: never saved)
    rows: list[list[tuple[int, str]]] = []
    carried: list[set[int]] = []  # the columns of a row whose cell is merged down from the row above (Word's vMerge)
    caption = []
    marked = []
    bold = []
    for row in table.rows:
        cells: list[tuple[int, str]] = []
        seen: list = []  # cell elements already used: merged cells repeat
        above: set[int] = set()
        strong = True
        for k, cell in enumerate(row.cells):
            if any(cell._tc is tc for tc in seen):  # noqa: SLF001
                continue
            seen.append(cell._tc)  # noqa: SLF001
            text = _docx_cell_text(cell, styles)
            if text:
                cells.append((k, text))
                if cell._tc.getparent() is not row._tr:  # noqa: SLF001 - python-docx repeats the cell above
                    above.add(k)
                strong = strong and all(_docx_bold_only(p, _docx_style_chain(p)) for p in cell.paragraphs if p.text.strip())
        rows.append(cells)
        carried.append(above)
        caption.append(len(seen) == 1 and len(row.cells) > 1)
        trpr = row._tr.trPr  # noqa: SLF001
        flag = trpr.find(_W + "tblHeader") if trpr is not None else None
        marked.append(flag is not None and flag.get(_W + "val", "true") not in ("false", "0", "off"))
        bold.append(strong and bool(cells))
    return _table_rows(rows, carried, caption, marked, bold, len(table.columns))


def _table_rows(rows: list[list[tuple[int, str]]], carried: list[set[int]], caption: list[bool], marked: list[bool],
                bold: list[bool], columns: int) -> list[tuple[str, tuple[str, ...], str]]:
    """A word processor's table (a .docx's or an .odt's) as :func:`_docx_table_rows` gives it, from each row's
    cells ``(column, text)`` (a cell merged across columns once), the columns of a cell merged down from the row
    above (``carried``: its text repeated), whether the row is one cell across the table (``caption``), marked to
    repeat as the header row (``marked``) or bold throughout (``bold``), and the table's number of columns."""
    if (form := _form_table(rows)) is not None:
        return form  # the proposal form typed as a table ("Förslag | …", "Motivering | …"): one proposal
    lead = 0
    while lead < len(rows) - 2 and caption[lead]:
        lead += 1
    over_proposals = lead and not all(len(t.split()) <= 3 for _k, t in rows[lead])  # a caption, no header below
    rows, marked, bold, caption, carried = rows[lead:], marked[lead:], bold[lead:], caption[lead:], carried[lead:]
    if len(rows) == 1 and not over_proposals and _docx_header_row(rows[0], marked[0], False, columns):
        return []  # a template's table left empty, its header alone ("Förslag | Ansvarig | Klart"): no proposal
    has_header = (not over_proposals and len(rows) >= 2
                  and _docx_header_row(rows[0], marked[0], bold[0] and not all(bold[1:]), columns))
    from forbattra.outputs.redact import names_people, people_of_cell

    # a header of two rows ("Förslag" merged down beside "Ansvar" over "Vem | När"): the second is header too
    head = 0 if not has_header else 2 if (len(rows) > 2 and carried[1] and all(
        len(t.split()) <= 3 for k, t in rows[1] if k not in carried[1])) else 1
    people = {k for j in range(head) for k, h in rows[j] if k not in carried[j] and names_people(h)}
    header = " ".join(_joined(rows[0]).casefold().split()) if has_header else None
    numbers = _number_column(rows[0] if has_header else None,
                             [r for i, r in enumerate(rows[head:], start=head) if not caption[i] and not carried[i]])
    # the proposals' own column: the one its header names so ("Förslag", "Åtgärd"), else the one of the most text
    own_column = next((k for k, h in (rows[0] if has_header else [])
                       if _PROPOSAL_HEADING_RE.search(h) and not names_people(h)), None)  # (not "Förslagsställare")
    if own_column is None:
        lengths: Counter[int] = Counter()
        for i in range(head, len(rows)):
            if not caption[i]:
                lengths.update({k: len(t) for k, t in rows[i] if k not in carried[i]})
        own_column = max(lengths, key=lambda k: (lengths[k], -k)) if lengths else None
    units = _unit_column(rows[0] if has_header else None, own_column, numbers)  # ("Enhet": each row's unit)
    out: list[tuple[str, tuple[str, ...], str]] = []
    unit = ""
    last = -1  # the row the last proposal came from
    for i in range(head, len(rows)):
        text = _joined(rows[i])
        if header is not None and " ".join(text.casefold().split()) == header:
            continue
        if carried[i]:  # a cell merged down from the row above: its text was read there
            own = [(k, t) for k, t in rows[i] if k not in carried[i]]
            if not own:
                continue  # nothing else in the row: no second copy of the row above
            if last == i - 1 and own_column in carried[i]:
                # the proposal's cell spans this row (two people responsible, two dates): one proposal, read once;
                # a topic's cell merged down over its proposals ("Arbetsmiljö" over two) leaves each its own
                prev, who, group = out[-1]
                out[-1] = (f"{prev} – {_joined(own, numbers, units)}",
                           who + tuple(p for k, t in own if k in people for p in people_of_cell(t)), group)
                last = i
                continue
        if (caption[i] and i + 1 < len(rows) and not caption[i + 1] and len(text) <= 80 and len(text.split()) <= 10
                and text.rstrip(_CLOSERS)[-1:] not in ".!?"):
            unit = text  # one cell across the table over rows of proposals: the group they come from
            continue
        own_unit = next((t for k, t in rows[i] if k == units), "") if units is not None else ""
        out.append((_joined(rows[i], numbers, units),
                    tuple(p for k, t in rows[i] if k in people for p in people_of_cell(t)), own_unit or unit))
        last = i
    return out


# a proposal form's labels (a table of a label and its answer a row): the proposal's own, a title over it, and those
# that say when or where it was written (no part of its text)
_FORM_PROPOSAL_RE = re.compile(r"^(?:förslag(?:et)?|mitt\s+förslag|ditt\s+förslag|förbättringsförslag|idé(?:n)?|åtgärd|"
                               r"(?:kort\s+)?beskrivning(?:\s+av\s+(?:förslaget|idén))?|beskriv\s+(?:ditt\s+)?förslag(?:et)?|"
                               r"suggestion|proposal)$", re.IGNORECASE)
_FORM_TITLE_RE = re.compile(r"^(?:rubrik|titel|förslagets\s+(?:rubrik|namn)|title)$", re.IGNORECASE)
_FORM_META_RE = re.compile(r"^(?:datum|inlämnat|inkom|date|telefon|tel\.?|e-?post|mejl|e-?mail|kontaktuppgifter|"
                           r"diarienummer|dnr|löpnummer|nr)$", re.IGNORECASE)


def _form_table(rows: list[list[tuple[int, str]]]) -> list[tuple[str, tuple[str, ...], str]] | None:
    """A proposal form typed as a table, a label and its answer a row ("Förslag: | Fler elcyklar …", "Motivering: |
    …", "Förslagsställare: | Lisa Berg", "Enhet: | Hemtjänst Norr"): one proposal, its answer (after a title's) with
    a form's fields joined as :func:`_merge_fields` joins them, the unit's answer its *rubrik* and the people named its
    *ansvarig*; None for any other table (a label none of these, a row of more than a label and an answer)."""
    from forbattra.outputs.redact import names_people, people_of_cell

    pairs: list[tuple[str, str]] = []
    for cells in rows:
        if not cells:
            continue
        if len(cells) != 2 or cells[0][0] != 0:
            return None
        label = " ".join(cells[0][1].split()).rstrip(":").strip()
        if not label or len(label) > 40 or _ends_sentence(label):
            return None
        pairs.append((label, cells[1][1]))
    if len(pairs) < 2 or sum(bool(_FORM_PROPOSAL_RE.match(label)) for label, _v in pairs) != 1:
        return None
    texts: list[str] = []
    people: list[str] = []
    unit = ""
    for label, value in pairs:
        if _FORM_PROPOSAL_RE.match(label) or _FORM_TITLE_RE.match(label):
            texts.append(value)
        elif _FIELD_RE.match(f"{label}: {value}") and not names_people(label):
            texts.append(f"{label}: {value}")
        elif names_people(label):
            people.extend(people_of_cell(value))
        elif _UNIT_LABEL_RE.match(label):
            unit = unit or value
        elif not _FORM_META_RE.match(label):
            return None  # a label of no form's: a table of short proposals ("Fler elcyklar | Lisa Berg")
    text = ""
    for part in texts:
        text = part if not text else f"{text} {part}" if _ends_sentence(text) else f"{text.rstrip(' :')}. {part}"
    return [(text, tuple(people), unit)] if text else None


# a column that numbers a table's rows ("Nr", "1", "2", "3" …): the number is no part of the proposal
_NUMBER_LABEL_RE = re.compile(r"^(?:nr|nr\.|nummer|no\.?|number|#|id|löpnr\.?|löpnummer|förslag\s*nr\.?)$", re.IGNORECASE)
_ROW_NUMBER_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3})*[.)]?$")


def _number_column(header: list[tuple[int, str]] | None, rows: list[list[tuple[int, str]]]) -> int | None:
    """The column of a table that only numbers its rows: its header says so ("Nr", "#", "Löpnummer"), or, in a
    table without a header, its first column counts up (1, 2, 3 …); every row has a number there and text
    beside it. Its cells are left out of the proposals' text, as a list's numbers are."""
    if len(rows) < 2 or not rows[0] or any(len(r) < 2 for r in rows):
        return None
    k = rows[0][0][0]
    cells = [dict(r).get(k, "") for r in rows]
    if not all(_ROW_NUMBER_RE.match(c) for c in cells):
        return None
    if header is not None:
        return k if _NUMBER_LABEL_RE.match(dict(header).get(k, "").strip()) else None
    first = [int(re.match(r"\d+", c).group()) for c in cells]  # type: ignore[union-attr]
    return k if k == 0 and all(b > a for a, b in zip(first, first[1:])) else None


# words a table's header cell is made of ("Nr", "Förslag", "Ansvarig", "Vad?", "Klart"): a one-column table's
# first row is its header only when it says so, a short proposal ("Mer personal") is no header
_HEADER_WORD_RE = re.compile(
    r"^(?:nr|nummer|id|#|förslag\w*|\w*förslag|åtgärd\w*|ansvarig\w*|beskrivning|motivering|kommentar\w*|status|"
    r"prioritet|grupp|arbetsgrupp|enhet|område|datum|klart|tidsplan|kostnad|vad|hur|vem|när|varför|ämne|rubrik|"
    r"problem\w*|lösning\w*|idé\w*|synpunkt\w*|behov\w*|effekt\w*|nuläge\w*|mål|resurs\w*|budget|tid|"
    r"förbättring\w*|utmaning\w*|verksamhet\w*|aktivitet\w*|på|av|och|för|till|/|&)$",
    re.IGNORECASE)


def _docx_header_row(cells: list[tuple[int, str]], marked: bool, bold: bool, columns: int) -> bool:
    """Is a table's first row its header? Yes where Word marks it so (repeat as header row) or it alone is
    bold; no where a cell reads as a proposal (more than six words, or a full sentence); otherwise a short
    row of labels, one of which names what its column holds ("Förslag", "Ansvarig", "Nr"): a row of short cells
    that names nothing ("Fler larmtelefoner till nattpatrullen | Enhetschef") is the table's first proposal, and
    so is one that opens with a row's number ("1")."""
    if marked or bold:
        return True
    texts = [t for _k, t in cells]
    if any(len(t.split()) > 6 or t.rstrip(_CLOSERS)[-1:] in ".!" for t in texts):
        return False
    if texts and _ROW_NUMBER_RE.match(texts[0]):
        return False  # "1 | Fler elcyklar": the first row of a numbered table, no header

    from forbattra.outputs.redact import names_people

    # a cell that names what its column holds ("Förslag", "Ansvarig", "Nr"): a proposal's row of short cells
    # ("Fler larmtelefoner till nattpatrullen | Enhetschef") names none, and is no header
    return any(all(_HEADER_WORD_RE.match(w.strip("?:.,()")) or not w.strip("?:.,()") for w in t.split())
               or (columns > 1 and names_people(t)) for t in texts)


def _joined(cells: list[tuple[int, str]], *leave_out: int | None) -> str:
    return " – ".join(t for k, t in cells if k not in leave_out)


# a table's column of the units its proposals come from ("Enhet", "Avdelning", "Verksamhet", "Arbetsgrupp"): each
# row's cell there is its unit (rubrik), no part of its text
_UNIT_LABEL_RE = re.compile(
    r"^(?:(?:ansvarig|berörd|aktuell|utförande)\s+)?"  # "Ansvarig enhet": the unit that is to carry it out
    r"(?:enhet(?:en)?|enheter|avdelning(?:en)?|verksamhet(?:en)?|verksamhetsområde|arbetsplats(?:en)?|"
    r"(?:arbets)?grupp(?:en)?|förvaltning(?:en)?|team(?:et)?|unit|department|working\s+group|group|team)"
    r"(?:\s*/\s*[\w-]+)?\s*:?$", re.IGNORECASE)


def _own_column(cells: Sequence[str]) -> int | None:
    """The column a table's header names as its proposals' ("Förslag", "Åtgärd"; not "Förslagsställare")."""
    from forbattra.outputs.redact import names_people

    return next((k for k, h in enumerate(cells) if _PROPOSAL_HEADING_RE.search(h) and not names_people(h)), None)


def _unit_column(header: Iterable[tuple[int, str]] | None, *others: int | None) -> int | None:
    """The column a table's header row names as its units' ("Enhet", "Avdelning/enhet"), if any."""
    return next((k for k, h in header or () if k not in others and _UNIT_LABEL_RE.match(" ".join(h.split()))), None)


# --------------------------------------------------------------------------------------------------------
# OpenDocument text (.odt: LibreOffice Writer)
# --------------------------------------------------------------------------------------------------------

_O_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_O_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_O_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_O_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_O_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
# not read, as in a .docx: footnotes and endnotes (their mark and text), comments, deleted text (tracked changes keep
# it apart), a placeholder's prompt ("<Skriv förslaget här>"), the number LibreOffice may write into a list item, and
# a ruby's annotation
_ODT_SKIP = frozenset({_O_TEXT + "note", _O_OFFICE + "annotation", _O_OFFICE + "annotation-end",
                       _O_TEXT + "tracked-changes", _O_TEXT + "placeholder", _O_TEXT + "number",
                       _O_TEXT + "ruby-text"})
# an index's generated entries: a table of contents, or of figures, tables, keywords …: no proposals
_ODT_INDEXES = frozenset(_O_TEXT + name for name in (
    "table-of-content", "illustration-index", "table-index", "object-index", "user-index", "alphabetical-index",
    "bibliography"))
_ODT_CONTAINERS = frozenset({_O_TEXT + "section", _O_TEXT + "index-body", _O_TEXT + "index-title",
                             _O_TEXT + "change-start", _O_OFFICE + "text", _O_DRAW + "text-box"})
_ODT_MAX_REPEAT = 1000  # a table row or cell that repeats (number-*-repeated): at most this many copies of its text


class _OdtStyles:
    """What an .odt's styles say of a paragraph or a span: its style's name (a heading, a title, a list's
    continuation, a table of contents), bold, hidden (text:display="none"), indented; each by the style itself or
    the one it is based on (``style:parent-style-name``). The common styles of ``styles.xml`` and the automatic
    ones of ``content.xml`` (LibreOffice's P1, T1 …: direct formatting) are read."""

    def __init__(self, roots) -> None:
        self._styles: dict[tuple[str, str], tuple[str, str, bool | None, bool | None, bool | None, str | None, bool]] = {}
        for root, where in roots:
            for holder in root.iter(_O_OFFICE + where):
                for el in holder.iter(_O_STYLE + "style"):
                    name = el.get(_O_STYLE + "name") or ""
                    tp = el.find(_O_STYLE + "text-properties")
                    pp = el.find(_O_STYLE + "paragraph-properties")
                    weight = tp.get(_O_FO + "font-weight") if tp is not None else None
                    display = tp.get(_O_TEXT + "display") if tp is not None else None
                    margin = pp.get(_O_FO + "margin-left") if pp is not None else None
                    self._styles[(el.get(_O_STYLE + "family") or "", name)] = (
                        el.get(_O_STYLE + "parent-style-name") or "",
                        (el.get(_O_STYLE + "display-name") or name).strip().lower(),
                        None if weight is None else weight == "bold" or (weight.isdecimal() and int(weight) >= 600),
                        None if display is None else display == "none",
                        None if margin is None else _odt_length(margin) > 0,
                        el.get(_O_STYLE + "default-outline-level"),
                        where == "automatic-styles",
                    )

    def chain(self, family: str, name: str | None) -> list[tuple[str, str, bool | None, bool | None, bool | None, str | None, bool]]:
        out = []
        while name and (family, name) in self._styles and len(out) < 20:
            out.append(self._styles[(family, name)])
            name = out[-1][0]
        return out

    @staticmethod
    def named(chain) -> str:
        """The name of a paragraph's style as the user chose it ("heading 1", "title", "list contents"): the first of
        its chain that is no automatic style (LibreOffice's P1, P2 … hold the direct formatting on top of it)."""
        return next((s[1] for s in chain if not s[6]), "")

    def first(self, family: str, name: str | None, field: int):
        """The first style of the chain that sets ``field`` (2 bold, 3 hidden, 4 indented, 5 outline level)."""
        return next((s[field] for s in self.chain(family, name) if s[field] is not None), None)


def _odt_length(value: str) -> float:
    m = re.match(r"\s*(-?\d+(?:\.\d*)?)", value)
    return float(m.group(1)) if m else 0.0


def _odt_pieces(element, styles: _OdtStyles, bold: bool, hidden: bool, pieces: list, boxes: list) -> None:
    """The text of a paragraph's content as ``(text, bold, hidden)`` pieces, as LibreOffice shows it: spaces
    (``text:s``), tabs and line breaks as written, other white space in the XML as one space; the text boxes
    anchored in it (``draw:text-box``) gathered in ``boxes``, to be read after it as Word's are."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _ODT_SKIP:
            pass
        elif tag == _O_TEXT + "s":
            count = child.get(_O_TEXT + "c") or "1"
            pieces.append((" " * (min(int(count), 100) if count.isdecimal() else 1), bold, hidden))
        elif tag == _O_TEXT + "tab":
            pieces.append(("\t", bold, hidden))
        elif tag == _O_TEXT + "line-break":
            pieces.append(("\n", bold, hidden))
        elif tag.startswith(_O_DRAW):  # a frame, a picture, a shape: only the text boxes in it (no picture's alt text)
            boxes.extend(_odt_text_boxes(child))
        else:  # a span, a link, a field: its text, with its own formatting where it is a span
            b, h = bold, hidden
            if tag == _O_TEXT + "span":
                style = child.get(_O_TEXT + "style-name")
                own_bold, own_hidden = styles.first("text", style, 2), styles.first("text", style, 3)
                b = bold if own_bold is None else bool(own_bold)
                h = hidden if own_hidden is None else bool(own_hidden)
            if child.text:
                pieces.append((re.sub(r"\s+", " ", child.text), b, h))
            _odt_pieces(child, styles, b, h, pieces, boxes)
        if child.tail:
            pieces.append((re.sub(r"\s+", " ", child.tail), bold, hidden))


def _odt_text_boxes(element) -> Iterable:
    """The text boxes (``draw:text-box``) in a drawing element, outermost first; a box inside a box is read with
    the paragraphs of the outer one."""
    for child in element:
        if child.tag == _O_DRAW + "text-box":
            yield child
        elif isinstance(child.tag, str) and child.tag.startswith(_O_DRAW):
            yield from _odt_text_boxes(child)


def _odt_paragraph(para, styles: _OdtStyles) -> tuple[str, bool, list, list]:
    """A paragraph's (``text:p``, ``text:h``) text as shown, whether all of it is bold, the names of its style
    chain, and the text boxes anchored in it."""
    style = para.get(_O_TEXT + "style-name")
    bold = bool(styles.first("paragraph", style, 2))
    hidden = bool(styles.first("paragraph", style, 3))
    pieces: list[tuple[str, bool, bool]] = []
    if para.text:
        pieces.append((re.sub(r"\s+", " ", para.text), bold, hidden))
    boxes: list = []
    _odt_pieces(para, styles, bold, hidden, pieces, boxes)
    shown = [(t, b) for t, b, h in pieces if not h]
    text = "".join(t for t, _b in shown)
    strong = any(t.strip() for t, _b in shown) and all(b for t, b in shown if t.strip())
    return text, strong, styles.chain("paragraph", style), boxes


def _odt_entries(container, styles: _OdtStyles, entries: list, depth: int | None = None, toc: bool = False) -> None:
    """The paragraphs and table rows of ``container`` in reading order, as entries: ``("p", text, heading level,
    list level, bold only, continues an item, style chain, in an index)`` or ``("row", text, people, unit)``."""
    for child in container:
        tag = child.tag
        if tag in (_O_TEXT + "p", _O_TEXT + "h"):
            text, strong, chain, boxes = _odt_paragraph(child, styles)
            level: float | None = None
            if tag == _O_TEXT + "h":
                raw = child.get(_O_TEXT + "outline-level") or "1"
                level = float(raw) if raw.isdecimal() and 0 < int(raw) <= 10 else 1.0
                if _OdtStyles.named(chain) in ("title", "rubrik", "subtitle", "underrubrik"):
                    level = 0.0
            entries.append(("p", _normalise(text), level, depth, strong, False, chain, toc))
            for box in boxes:  # a text box: its paragraphs after the one it is anchored in
                _odt_entries(box, styles, entries, None, toc)
        elif tag == _O_TEXT + "list":
            level_below = 0 if depth is None else depth + 1
            for item in child:
                if item.tag not in (_O_TEXT + "list-item", _O_TEXT + "list-header"):
                    continue
                first = item.tag == _O_TEXT + "list-item"  # (a list's header: paragraphs without a number)
                for part in item:
                    if part.tag in (_O_TEXT + "p", _O_TEXT + "h"):
                        mark = len(entries)
                        _odt_entries([part], styles, entries, level_below if first else None, toc)
                        if not first and mark < len(entries) and part.tag == _O_TEXT + "p":
                            entries[mark] = (*entries[mark][:5], True, *entries[mark][6:])  # under the item: its text
                        first = False
                    else:
                        _odt_entries([part], styles, entries, level_below, toc)
        elif tag == _O_TABLE + "table":
            entries.extend(("row", t, people, unit) for t, people, unit in _odt_table_rows(child, styles))
        elif tag in _ODT_INDEXES:
            for body in child.iter(_O_TEXT + "index-body"):
                _odt_entries(body, styles, entries, None, True)
                break
        elif tag in _ODT_CONTAINERS:
            _odt_entries(child, styles, entries, depth, toc)


def _odt_cell_parts(cell, styles: _OdtStyles) -> Iterable[str]:
    """The texts of a table cell's paragraphs, lists and tables in the order LibreOffice shows them (as
    :func:`_docx_cell_parts`: a table inside the cell a row at a time, its cells joined with " – ")."""
    for child in cell:
        tag = child.tag
        if tag in (_O_TEXT + "p", _O_TEXT + "h"):
            text, _strong, _chain, boxes = _odt_paragraph(child, styles)
            yield " ".join(_normalise(text).split())
            for box in boxes:
                yield from _odt_cell_parts(box, styles)
        elif tag == _O_TABLE + "table":
            for cells, _carried, _caption, _marked, _bold in _odt_grid(child, styles)[0]:
                yield " – ".join(t for _k, t in cells if t)
        elif tag in (_O_TEXT + "list", _O_TEXT + "list-item", _O_TEXT + "list-header", _O_TEXT + "section"):
            yield from _odt_cell_parts(child, styles)


def _odt_cell_text(cell, styles: _OdtStyles) -> tuple[str, bool]:
    """A cell's text (its paragraphs kept apart as :func:`_docx_cell_text_of` keeps them), and whether every
    paragraph with text in it is bold."""
    out = ""
    for part in _odt_cell_parts(cell, styles):
        if part:
            out += (" " if out[-1] in ".!?:;" else ". ") if out else ""
            out += part
    paragraphs = [_odt_paragraph(p, styles) for p in cell.iter() if p.tag in (_O_TEXT + "p", _O_TEXT + "h")]
    return out, all(strong for text, strong, _c, _b in paragraphs if text.strip())


def _odt_rows(table) -> Iterable[tuple[object, bool]]:
    """A table's rows in order, each with whether it is one of the rows marked to repeat as the header row."""
    def walk(el, marked: bool):
        for child in el:
            if child.tag == _O_TABLE + "table-row":
                yield child, marked
            elif child.tag in (_O_TABLE + "table-header-rows", _O_TABLE + "table-rows", _O_TABLE + "table-row-group"):
                yield from walk(child, marked or child.tag == _O_TABLE + "table-header-rows")

    yield from walk(table, False)


def _odt_repeat(el, attribute: str) -> int:
    raw = el.get(_O_TABLE + attribute) or "1"
    return int(raw) if raw.isdecimal() and int(raw) > 0 else 1


def _odt_grid(table, styles: _OdtStyles) -> tuple[list[tuple[list[tuple[int, str]], set[int], bool, bool, bool]], int]:
    """A table's rows as :func:`_table_rows` takes them, and its number of columns: a cell merged down over rows
    (``number-rows-spanned``) repeated in the rows below as python-docx repeats Word's, marked as carried; one
    merged across columns read once."""
    columns = sum(_odt_repeat(c, "number-columns-repeated") for c in _odt_own_columns(table))
    if not columns:  # (no column declared, which LibreOffice always writes: as many as the widest row has cells)
        columns = max((min(sum(_odt_repeat(c, "number-columns-repeated") for c in row
                               if c.tag in (_O_TABLE + "table-cell", _O_TABLE + "covered-table-cell")), 1024)
                       for row, _marked in _odt_rows(table)), default=0)
    out = []
    below: dict[int, list] = {}  # a column where a cell merged down from a row above covers this row: [rows left, text, bold]
    for row, marked in _odt_rows(table):
        cells: list[tuple[int, str]] = []
        above: set[int] = set()
        strong = True
        distinct = 0
        k = 0
        for cell in row:
            if cell.tag not in (_O_TABLE + "table-cell", _O_TABLE + "covered-table-cell"):
                continue
            times = _odt_repeat(cell, "number-columns-repeated")
            if cell.tag == _O_TABLE + "covered-table-cell":
                for j in range(k, k + min(times, columns + 1)):
                    if j in below:
                        distinct += 1
                        left, text, bold = below[j]
                        if text:
                            cells.append((j, text))
                            above.add(j)
                            strong = strong and bold
                        if left <= 1:
                            del below[j]
                        else:
                            below[j][0] = left - 1
                k += times
                continue
            text, bold = _odt_cell_text(cell, styles)
            span = _odt_repeat(cell, "number-rows-spanned")
            for j in range(k, k + min(times, columns + 1)):
                distinct += 1
                if text:
                    cells.append((j, text))
                    strong = strong and bold
                if span > 1:
                    below[j] = [span - 1, text, bold]
            k += times
        copies = min(_odt_repeat(row, "number-rows-repeated"), _ODT_MAX_REPEAT if cells else 1)
        for _ in range(copies):
            out.append((cells, above, distinct == 1 and columns > 1, marked, strong and bool(cells)))
    return out, columns


def _odt_own_columns(table) -> Iterable:
    for child in table:
        if child.tag == _O_TABLE + "table-column":
            yield child
        elif child.tag in (_O_TABLE + "table-columns", _O_TABLE + "table-header-columns", _O_TABLE + "table-column-group"):
            yield from _odt_own_columns(child)


def _odt_table_rows(table, styles: _OdtStyles) -> list[tuple[str, tuple[str, ...], str]]:
    """One text per row of an .odt's table, read as a .docx's is (:func:`_docx_table_rows`)."""
    grid, columns = _odt_grid(table, styles)
    return _table_rows([g[0] for g in grid], [g[1] for g in grid], [g[2] for g in grid], [g[3] for g in grid],
                       [g[4] for g in grid], columns)


def _odt_part(zf: zipfile.ZipFile, name: str, shown: str):
    """A part of the package parsed, or None where it is missing; one that declares a DOCTYPE (LibreOffice never
    writes one: it is there to define entities) refused, nothing of the file read."""
    from xml.etree import ElementTree as ET

    try:
        raw = zf.read(name)
    except KeyError:
        return None
    if b"<!DOCTYPE" in raw:
        raise InputFileError.of("err_odt_doctype", path=shown, part=name)
    return ET.fromstring(raw)


def _odt_blocks(p: Path, shown: str) -> list[_Block]:
    """Read the body of an .odt (LibreOffice Writer) as a .docx's is read: headings, lists, tables and paragraphs,
    text boxes where they are anchored; headers, footers, footnotes, comments and deleted text are not read."""
    from xml.etree import ElementTree as ET

    if not zipfile.is_zipfile(p):
        raise InputFileError.of("err_odt_bad", path=shown)
    from forbattra.inputs.tables import check_zip

    check_zip(p, shown, what="OpenDocument text")  # the same inflation limits as a workbook: no zip bombs
    try:
        with zipfile.ZipFile(p) as zf:
            try:
                manifest = zf.read("META-INF/manifest.xml")
            except KeyError:
                manifest = b""
            if b"encryption-data" in manifest:  # saved with a password: content.xml is encrypted
                raise InputFileError.of("err_odt_encrypted", path=shown)
            content = _odt_part(zf, "content.xml", shown)
            common = _odt_part(zf, "styles.xml", shown)
    except InputFileError:
        raise
    except (ET.ParseError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise InputFileError.of("err_odt_corrupt", path=shown, reason=_one_line(exc)) from exc
    body = content.find(f"{_O_OFFICE}body/{_O_OFFICE}text") if content is not None else None
    if body is None:
        raise InputFileError.of("err_odt_corrupt", path=shown, reason="content.xml has no office:text")
    roots = ([(common, "styles")] if common is not None else []) + [(content, "automatic-styles")]
    return _odt_body_blocks(body, _OdtStyles(roots), shown, "err_odt_corrupt")


def _fodt_blocks(p: Path, shown: str) -> list[_Block]:
    """Read a flat OpenDocument text (.fodt: LibreOffice's "Flat XML ODF Text Document", the parts of an .odt in one
    XML file, its styles and body under ``office:document``) as an .odt is read. One that declares a DOCTYPE is
    refused as an .odt's part is, nothing of it read."""
    from xml.etree import ElementTree as ET

    raw = _read_bytes(p)
    if b"<!DOCTYPE" in raw:
        raise InputFileError.of("err_fodt_doctype", path=shown)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise InputFileError.of("err_fodt_corrupt", path=shown, reason=_one_line(exc)) from exc
    body = root.find(f"{_O_OFFICE}body/{_O_OFFICE}text") if root.tag == _O_OFFICE + "document" else None
    if body is None:
        raise InputFileError.of("err_fodt_corrupt", path=shown, reason="no office:document with an office:text")
    # (one file holds both: its common styles under office:styles, its direct formatting under office:automatic-styles)
    return _odt_body_blocks(body, _OdtStyles([(root, "styles"), (root, "automatic-styles")]), shown, "err_fodt_corrupt")


def _odt_body_blocks(body, styles: _OdtStyles, shown: str, corrupt: str) -> list[_Block]:
    """The blocks of an OpenDocument text's ``office:text`` (an .odt's or a .fodt's)."""
    entries: list[tuple] = []
    try:
        _odt_entries(body, styles, entries)
    except Exception as exc:  # noqa: BLE001 - malformed content inside a well-formed part (a list nested past reason)
        raise InputFileError.of(corrupt, path=shown, reason=_one_line(exc)) from exc
    toc = _toc_flags([e[1] if e[0] == "p" else "" for e in entries])
    blocks: list[_Block] = []
    for entry, is_toc in zip(entries, toc):
        if entry[0] == "row":
            if entry[1]:
                blocks.append(_Block("row", entry[1], people=entry[2], unit=entry[3]))
            continue
        _, text, level, list_level, strong, under_item, chain, in_index = entry
        if not text.strip() or _is_page_number(text):
            continue
        name = _OdtStyles.named(chain)
        if is_toc or in_index or re.match(r"^(toc|contents|innehåll|förteckning)\s*\d", name) or name in (
                "toc heading", "contents heading"):
            blocks.append(_Block("toc", " ".join(text.replace("\t", " ").split())))
            continue
        if level is None:
            m = re.match(r"^(?:heading|rubrik)\s*(\d+)?$", name)
            outline = next((s[5] for s in chain if s[5]), None)
            if name in ("title", "rubrik", "subtitle", "underrubrik"):
                level = 0.0
            elif m:
                level = float(m.group(1)) if m.group(1) else 1.0
            elif outline and outline.isdecimal() and 0 < int(outline) <= 9:
                level = float(outline)
        new = _paragraph_blocks(text, level, list_level, lambda strong=strong: strong)
        if blocks and blocks[-1].kind == "item" and len(new) == 1 and new[0].kind == "para" and (
                under_item or name.startswith(("list contents", "list continue", "listfortsättning",
                                               "lista fortsättning", "list paragraph", "liststycke"))
                or bool(next((s[4] for s in chain if s[4] is not None), False))):
            blocks[-1].text = _join_lines([blocks[-1].text, new[0].text])  # a paragraph under a list item: its text
            continue
        blocks.extend(new)
    if not blocks and next(body.iter(_O_DRAW + "image"), None) is not None:
        raise InputFileError.of("err_odt_images_only", path=shown)
    return blocks


# --------------------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------------------


def _pdf_blocks(p: Path, shown: str, unread: list[int] | None = None) -> list[_Block]:
    """The blocks of a PDF; ``unread`` gets the numbers of the pages that are an image without text (a scan
    amid text pages: its proposals cannot be read, and the user is told so)."""
    pages, rules, pictured = _pdf_lines(p, shown)
    _pdf_tables(pages, rules)  # before the furniture goes: a table's header repeated on each page is no running header
    _drop_pdf_furniture(pages)
    _drop_footnotes(pages)
    if unread is not None:  # (a page number stamped on the scan is gone with the furniture)
        unread.extend(n for n, (lines, _, _) in enumerate(pages, start=1) if n in pictured and not lines)
    for lines, width, _height in pages:
        _order_columns(lines, width)
    lines = [ln for page in pages for ln in page[0]]
    if not lines:  # only page numbers or running headers: a scan with a stamped header, say
        raise InputFileError.of("err_no_text_layer", path=shown)
    _classify_pdf_lines(lines)
    return _group_pdf_lines(lines)


@contextlib.contextmanager
def _quiet_pypdf():
    """Silence pypdf's warnings about damaged files (we raise our own error), unless the application
    has set a level on the "pypdf" logger itself."""
    logger = logging.getLogger("pypdf")
    if logger.level != logging.NOTSET:
        yield
        return
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(logging.NOTSET)


_Rules = tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]  # (y, x0, x1) and (x, y0, y1)


def _pdf_lines(p: Path, shown: str) -> tuple[list[tuple[list[_PLine], float, float]], list[_Rules], set[int]]:
    _check_file(p)
    with _quiet_pypdf():
        return _read_pdf(p, shown)


def _read_pdf(p: Path, shown: str) -> tuple[list[tuple[list[_PLine], float, float]], list[_Rules], set[int]]:
    """The lines and ruling lines of each page, and the pages an image covers a quarter of or more."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(p), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types for broken files
        raise InputFileError.of("err_pdf_bad", path=shown, reason=_one_line(exc)) from exc
    if encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as exc:  # noqa: BLE001 - e.g. missing crypto dependency
            raise InputFileError.of("err_pdf_encrypted_open", path=shown, reason=_one_line(exc)) from exc
        if not ok:
            raise InputFileError.of("err_pdf_encrypted", path=shown)
    try:
        page_objs = list(reader.pages)
    except Exception as exc:  # noqa: BLE001
        raise InputFileError.of("err_pdf_corrupt", path=shown, reason=_one_line(exc)) from exc
    if not page_objs:
        raise InputFileError.of("err_pdf_no_pages", path=shown)

    out = []
    rules: list[_Rules] = []
    pictured: set[int] = set()
    any_text = False
    inflated = 0  # bytes of the pages' content streams so far, once unpacked
    for number, page in enumerate(page_objs, start=1):
        try:
            inflated += _pdf_content_size(page, MAX_PDF_CONTENT - inflated)
        except Exception as exc:  # noqa: BLE001 - a stream pypdf cannot unpack
            raise InputFileError.of("err_pdf_page", path=shown, page=number, reason=_one_line(exc)) from exc
        if inflated > MAX_PDF_CONTENT:
            raise InputFileError.of("err_pdf_inflates", path=shown, page=number, mb=MAX_PDF_CONTENT // 1_000_000)
        try:
            box = page.mediabox
            width, height = float(box.width), float(box.height)
            left, bottom = float(box.left), float(box.bottom)
            lines, hrules, vrules, image_area = _pdf_page_lines(page, number)
            if image_area >= 0.25 * width * height:
                pictured.add(number)
            for ln in lines:  # coordinates relative to the page's lower left corner
                ln.x = None if ln.x is None else ln.x - left
                ln.y = None if ln.y is None else ln.y - bottom
                ln.frags = tuple((x - left, t, b, s) for x, t, b, s in ln.frags)
            rules.append(([(y - bottom, x0 - left, x1 - left) for y, x0, x1 in hrules],
                          [(x - left, y0 - bottom, y1 - bottom) for x, y0, y1 in vrules]))
        except Exception as exc:  # noqa: BLE001
            raise InputFileError.of("err_pdf_page", path=shown, page=number, reason=_one_line(exc)) from exc
        any_text = any_text or bool(lines)
        out.append((lines, width, height))
    if not any_text:
        raise InputFileError.of("err_no_text_layer", path=shown)
    return out, rules, pictured


def _pdf_content_size(page, budget: int) -> int:
    """The bytes of a page's content streams once unpacked, counted until they pass ``budget``. (pypdf keeps
    what it unpacked, so the text is then read without unpacking it again.)"""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    total = 0
    for item in contents if isinstance(contents, list) else [contents]:
        stream = item.get_object()
        if hasattr(stream, "get_data"):
            total += len(stream.get_data())
            if total > budget:
                break
    return total


def _pdf_page_lines(page, number: int) -> tuple[list[_PLine], list[tuple[float, float, float]],
                                                 list[tuple[float, float, float]], float]:
    """The text lines of a page, with position, font size and boldness, in content order; the page's
    straight horizontal and vertical strokes (a table's ruling lines), as (y, x0, x1) and (x, y0, y1); and the
    area its largest image covers (a scanned page's), in square points."""
    lines: list[_PLine] = []
    hrules: list[tuple[float, float, float]] = []
    vrules: list[tuple[float, float, float]] = []
    point: list[tuple[float, float]] = []
    image_area = 0.0
    current: list[tuple[str, float | None, float | None, float, bool]] = []
    fonts: dict[str, bool] = {}

    def font_is_bold(font_dict) -> bool:
        if not font_dict:
            return False
        name = str(font_dict.get("/BaseFont", ""))
        key = name
        if key not in fonts:
            bold = bool(_BOLD_FONT_RE.search(name))
            try:
                descriptor = font_dict.get("/FontDescriptor")
                weight = descriptor.get_object().get("/FontWeight") if descriptor is not None else None
                bold = bold or (weight is not None and float(weight) >= 600)
            except Exception:  # noqa: BLE001
                pass
            fonts[key] = bold
        return fonts[key]

    def footnote_marks() -> None:
        # Word's footnote mark: digits in a smaller, raised font right after a word or full stop ("helgerna³",
        # "nycklar.²"), no part of the text; a raised 2 or 3 after a unit is its power ("40 m²")
        for k in range(1, len(current)):
            text, x, y, size, bold = current[k]
            prev, px, py, psize, _ = current[k - 1]
            if (not _PDF_MARK_RE.fullmatch(text) or not prev or prev[-1].isspace() or size > 0.8 * psize
                    or (y is not None and py is not None and y < py - 0.5)):  # (lowered: a subscript, CO2)
                continue
            if x is not None and px is not None and x - (px + 0.55 * max(psize, 1.0) * len(prev)) > 2.0 * psize:
                continue  # far to the right: another column's number
            words = prev.split()
            power = text in ("2", "3") and bool(words) and words[-1] in _UNITS
            current[k] = ("²" if text == "2" else "³") if power else "", x, y, size, bold

    def flush() -> None:
        footnote_marks()
        # pypdf puts text at the same height on one line; split it where a fragment starts far to the
        # right of where the text before it (estimated at 0.55 em per character) ends: a column gutter.
        segments: list[list[tuple]] = [[]]
        end: float | None = None
        for frag in current:
            text, x, _y, size, _bold = frag
            if text.strip() and x is not None and end is not None and x - end > 2.0 * max(size, 1.0):
                segments.append([])
            segments[-1].append(frag)
            if text.strip() and x is not None:
                end = x + 0.55 * max(size, 1.0) * len(text.strip())
        for segment in segments:
            frags = [f for f in segment if f[0].strip()]
            if frags:
                text = "".join(f[0] for f in segment)
                x, y = frags[0][1], frags[0][2]
                size = max(f[3] for f in frags)
                bold = all(f[4] for f in frags)
                pieces: list[tuple[float, str, bool, float]] = []
                for f in segment:
                    if f[1] is not None and f[0].strip():
                        pieces.append((f[1], f[0], f[4], f[3]))
                    elif pieces:
                        pieces[-1] = (pieces[-1][0], pieces[-1][1] + f[0], pieces[-1][2], pieces[-1][3])
                lines.append(_PLine(_normalise(text).strip(), number, x, y, size, bold, frags=tuple(pieces)))
        current.clear()

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if not text:
            return
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = abs(float(font_size or 0)) * math.hypot(c, d)
        bold = font_is_bold(font_dict)
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if k:
                flush()
            if part:
                current.append((part, x if k == 0 else None, y if k == 0 else None, size, bold))

    def stroke(x0: float, y0: float, x1: float, y1: float) -> None:
        if len(hrules) + len(vrules) > 4000:  # a drawing, not a table
            return
        if abs(y1 - y0) <= 1.0 and abs(x1 - x0) >= 6:
            hrules.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= 1.0 and abs(y1 - y0) >= 6:
            vrules.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def draw(op, args, cm, _tm) -> None:
        # the straight lines of paths: "x y w h re" (a cell's box, or a thin filled bar as Word draws a
        # border), "x y m" / "x y l" (a stroke); coordinates through the current transformation matrix
        nonlocal image_area
        if op == b"Do" and args:  # an image is drawn into the unit square the transformation maps
            try:
                xobject = page["/Resources"]["/XObject"][args[0]].get_object()
                if xobject.get("/Subtype") == "/Image":
                    image_area = max(image_area, abs(cm[0] * cm[3] - cm[1] * cm[2]))
            except Exception:  # noqa: BLE001 - a broken resource: no image to tell of
                pass
            return
        if op not in (b"re", b"m", b"l"):
            return
        try:
            nums = [float(a) for a in args]
        except (TypeError, ValueError):
            return

        def at(x: float, y: float) -> tuple[float, float]:
            return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]

        if op == b"re" and len(nums) == 4:
            x, y, w, h = nums
            corners = [at(x, y), at(x + w, y), at(x + w, y + h), at(x, y + h)]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            if y1 - y0 <= 2.5:
                stroke(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
            elif x1 - x0 <= 2.5:
                stroke((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)
            else:
                for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1]):
                    stroke(ax, ay, bx, by)
        elif op == b"m" and len(nums) == 2:
            point[:] = [at(*nums)]
        elif op == b"l" and len(nums) == 2 and point:
            end = at(*nums)
            stroke(point[0][0], point[0][1], end[0], end[1])
            point[:] = [end]

    page.extract_text(visitor_text=visit, visitor_operand_before=draw)
    flush()
    # Fill in positions pypdf did not report (text after a newline inside one chunk).
    for k, ln in enumerate(lines):
        if ln.y is None and k:
            ln.x, ln.y = lines[k - 1].x, lines[k - 1].y
    return [ln for ln in lines if ln.text], hrules, vrules, image_area


# --------------------------------------------------------------------------------------------------------
# PDF tables
# --------------------------------------------------------------------------------------------------------

_PDF_MARK_RE = re.compile(r"\d{1,3}(?:[,–-]\d{1,3})*")  # a footnote mark: "3", "1,2", "4–6"
_UNITS = frozenset({"m", "cm", "mm", "dm", "km"})

_COL_TOL = 2.5  # points: the text of one column starts within this distance of the column's x


@dataclass
class _PPiece:
    """The text of one line in one cell of a PDF table: a run of a line's positioned fragments."""

    x: float
    y: float
    text: str
    bold: bool
    size: float
    end: float  # where the text ends, estimated (0.55 em a character)


@dataclass
class _PCarry:
    """A table that ends its page, which the next page's table may continue."""

    bounds: list[float]
    header: str | None
    people: set[int]
    row: _PLine | None
    cells: list[str]
    numbers: int | None = None  # the column that only numbers the rows ("Nr"): no part of the text
    units: int | None = None  # the column of the rows' units ("Enhet"): their rubrik, no part of the text


def _bands(lines: list[_PLine]) -> list[list[_PLine]]:
    """The page's placed lines in bands of the same height (a table's row of cells), top to bottom."""
    placed = sorted((ln for ln in lines if ln.x is not None and ln.y is not None), key=lambda ln: -ln.y)  # type: ignore[operator]
    bands: list[list[_PLine]] = []
    for ln in placed:
        if bands and bands[-1][0].y - ln.y <= 1.5:  # type: ignore[operator]
            bands[-1].append(ln)
        else:
            bands.append([ln])
    return bands


def _atoms(ln: _PLine) -> list[tuple[float, str, bool, float]]:
    return list(ln.frags) if ln.frags else [(ln.x or 0.0, ln.text, ln.bold, ln.size)]


def _pieces(band: list[_PLine], bounds: list[float]) -> list[_PPiece]:
    """A band's text split into cells: at each line's start, and where a fragment starts past a column boundary
    that the fragment before it starts short of."""
    out: list[_PPiece] = []
    for ln in band:
        prev: float | None = None
        for x, text, bold, size in _atoms(ln):
            if not text.strip() and prev is not None:
                out[-1].text += text
                continue
            if prev is not None and not any(prev < b <= x for b in bounds):
                p = out[-1]
                p.text += text
                p.bold = p.bold and bold
                p.size = max(p.size, size)
                p.end = max(p.end, x + 0.55 * max(size, 1.0) * len(text.strip()))
            else:
                out.append(_PPiece(x, ln.y or 0.0, text, bold, size, x + 0.55 * max(size, 1.0) * len(text.strip())))
            prev = x
    for p in out:
        p.text = " ".join(_normalise(p.text).split())
    return sorted((p for p in out if p.text), key=lambda p: p.x)


def _column(x: float, bounds: list[float]) -> int:
    return sum(1 for b in bounds if b <= x + 0.5)


def _text_columns(bands: list[list[_PLine]], support: int, seed: Sequence[float] = ()) -> list[float]:
    """The x positions where text starts on at least ``support`` bands (a line's start, or a fragment placed
    on its own: a cell's text runs close to the next cell's): a table's column starts."""
    starts: list[tuple[float, int]] = []
    for i, band in enumerate(bands):
        for ln in band:
            for x, text, _bold, _size in _atoms(ln):
                if text.strip():
                    starts.append((x, i))
    starts.sort()
    columns: list[float] = []
    k = 0
    while k < len(starts):
        j = k + 1
        while j < len(starts) and starts[j][0] - starts[j - 1][0] <= 1.0:
            j += 1
        group = starts[k:j]
        x = sum(g[0] for g in group) / len(group)
        seeded = any(abs(x - s) <= _COL_TOL for s in seed)
        if len({g[1] for g in group}) >= (2 if seeded else support):
            columns.append(x)
        k = j
    return columns


def _merge_rules(hrules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Horizontal lines at the same height that touch (a border drawn cell by cell) as one, top to bottom."""
    merged: list[tuple[float, float, float]] = []
    for y, x0, x1 in sorted(hrules, key=lambda r: (-r[0], r[1])):
        for k, (my, mx0, mx1) in enumerate(merged):
            if abs(my - y) <= 2.5 and x0 <= mx1 + 3 and x1 >= mx0 - 3:
                merged[k] = (my, min(mx0, x0), max(mx1, x1))
                break
        else:
            merged.append((y, x0, x1))
    merged.sort(key=lambda r: -r[0])
    return merged


def _grid_tables(lines: list[_PLine], hrules: list[tuple[float, float, float]],
                 vrules: list[tuple[float, float, float]]) -> list[tuple[list[_PLine], list[float], list[float]]]:
    """Tables drawn with ruling lines: three or more horizontal lines of the same extent stacked on each
    other, text between them. Each as (its lines, its column boundaries, its row lines top to bottom)."""
    merged = [r for r in hrules if r[2] - r[1] >= 40]
    used: set[int] = set()
    out = []
    for i, (_y, x0, x1) in enumerate(merged):
        if i in used:
            continue
        chain = [i]
        for j in range(i + 1, len(merged)):
            if j not in used and abs(merged[j][1] - x0) <= 4 and abs(merged[j][2] - x1) <= 4:
                chain.append(j)
        if len(chain) < 3:
            continue
        ys = [merged[j][0] for j in chain]
        inside = [ln for ln in lines if ln.x is not None and ln.y is not None and ys[-1] < ln.y < ys[0]
                  and x0 - 2 <= ln.x <= x1]
        if not inside:
            continue
        # rows that hold text; a rule with no text above it (a double border) is no row of its own
        rows = [ys[0]] + [b for a, b in zip(ys, ys[1:]) if any(b < ln.y < a for ln in inside)]  # type: ignore[operator]
        if len(rows) < 3:
            continue
        used.update(chain)
        bounds = sorted({round(x, 1) for x, y0, y1 in vrules if x0 + 4 < x < x1 - 4 and y0 < ys[0] - 1 and y1 > ys[-1] + 1})
        dedup: list[float] = []
        for b in bounds:
            if not dedup or b - dedup[-1] > 3:
                dedup.append(b)
        out.append((inside, dedup, rows))
    return out


def _text_tables(lines: list[_PLine], seed: Sequence[float]) -> list[tuple[list[list[_PLine]], list[float], bool]]:
    """Tables without ruling lines, from text positions alone: consecutive bands whose text starts at the same
    x positions (columns), two or more of them with text in two columns or more. Each as (its bands, its
    column boundaries, whether it continues the table that ended the page before, whose columns after the
    first start at ``seed``)."""
    bands = _bands(lines)
    cols = _text_columns(bands, 3, seed)
    if len(cols) < 2:
        return []
    bounds = [c - _COL_TOL for c in cols]
    pieces = [_pieces(band, bounds) for band in bands]
    aligned = [bool(ps) and all(any(abs(p.x - c) <= _COL_TOL for c in cols) for p in ps) for ps in pieces]
    multi = [a and len({_column(p.x, bounds) for p in ps}) == len(ps) >= 2 for a, ps in zip(aligned, pieces)]
    out = []
    i = 0
    while i < len(bands):
        if not multi[i]:
            i += 1
            continue
        size = sorted(p.size for p in pieces[i])[len(pieces[i]) // 2] or 10.0
        used = {_column(p.x, bounds) for p in pieces[i]}
        region = [i]
        j = i + 1
        while j < len(bands) and aligned[j] and bands[region[-1]][0].y - bands[j][0].y <= 3.2 * size:  # type: ignore[operator]
            if not multi[j]:
                first = min(used)
                nxt = min((c for c in used if c > first), default=None)
                # (a width estimated at 0.55 em a character: a cell's line may seem to reach 30 % further)
                reach = nxt is not None and any(_column(p.x, bounds) == first
                                                and p.end - p.x > 1.3 * (cols[nxt - 1] - cols[first - 1]) + p.size
                                                for p in pieces[j])
                follows = (j + 1 < len(bands) and multi[j + 1]
                           and bands[j][0].y - bands[j + 1][0].y <= 3.2 * size)  # type: ignore[operator]
                if reach and not follows:
                    break  # a line across the columns with no row after it: the paragraph below the table
            else:
                used |= {_column(p.x, bounds) for p in pieces[j]}
            region.append(j)
            j += 1
        n_multi = sum(multi[k] for k in region)
        columns = sorted(used)
        seeded = (bool(seed) and len(columns) == len(seed) + 1
                  and all(any(abs(cols[c - 1] - s) <= 4 for s in seed) for c in columns[1:]))
        ok = n_multi >= 2 or (seeded and n_multi >= 1)
        if ok and not seeded:
            # text in columns is as often a page in two columns, a list of terms and their meaning ("element: …")
            # or a form: without ruling lines a table needs a header row, of labels ("Förslag | Ansvarig",
            # "Åtgärd | Motivering") or, from three columns, in bold
            labels = all(all(_HEADER_WORD_RE.match(w.strip("?:.,()")) or not w.strip("?:.,()") for w in p.text.split())
                         for p in pieces[i])
            ok = labels or len(columns) >= 3 and all(p.bold for p in pieces[i])
        if ok:
            keep = [bounds[c - 1] for c in columns]
            out.append(([bands[k] for k in region], keep, seeded))
            i = j
        else:
            i += 1
    return out


def _text_rows(bands: list[list[_PLine]], bounds: list[float],
               hrules: list[tuple[float, float, float]]) -> list[list[_PPiece]]:
    """A table's bands in rows: a row starts below a ruling line across the table where it has them; else at
    a larger gap than between a cell's lines, below the bold header, or where a column has text again after
    a line without."""
    pieces = [_pieces(band, bounds) for band in bands]
    left = min(p.x for ps in pieces for p in ps)
    right = max(p.end for ps in pieces for p in ps)
    tops = [max(p.y + 0.7 * p.size for p in ps) for ps in pieces]
    lows = [min(p.y for p in ps) for ps in pieces]
    cuts = sorted({round(y, 1) for y, x0, x1 in hrules
                   if lows[-1] < y < tops[0] and min(x1, right) - max(x0, left) >= 0.5 * (right - left)}, reverse=True)
    if cuts:
        ruled: list[list[_PPiece]] = [[] for _ in range(len(cuts) + 1)]
        for ps, y in zip(pieces, lows):
            ruled[sum(1 for c in cuts if c > y)].extend(ps)
        return [r for r in ruled if r]
    dists: list[float] = []
    last: dict[int, float] = {}
    for ps in pieces:
        for p in ps:
            c = _column(p.x, bounds)
            if c in last and last[c] - p.y > 0:
                dists.append(last[c] - p.y)
            last[c] = p.y
    dists.sort()
    pitch = dists[len(dists) // 4] if dists else None
    rows: list[list[_PPiece]] = []
    had: set[int] = set()
    prev: set[int] = set()
    prev_y: float | None = None
    prev_bold = False
    prev_first = ""
    every = {_column(p.x, bounds) for ps in pieces for p in ps}
    first_col = min(every)
    for ps in pieces:
        cols = {_column(p.x, bounds) for p in ps}
        y = max(p.y for p in ps)
        gap = (prev_y - y) if prev_y is not None else 0.0
        bold = all(p.bold for p in ps)
        first = " ".join(p.text for p in ps if _column(p.x, bounds) == first_col)
        # rows of one line each, no gap between them: every column has text on this line and the one before,
        # and the first column's text does not visibly run on (a wrapped cell's line goes on in lower case)
        one_line_rows = (len(every) >= 2 and cols == prev == every and bool(first) and bool(prev_first)
                         and not _starts_lower(first) and not _continues(prev_first, first))
        if (not rows or (pitch is not None and gap > 1.4 * pitch) or (prev_bold and not bold and len(rows) == 1)
                or any(c in had and c not in prev for c in cols) or one_line_rows):
            rows.append([])
            had = set()
        rows[-1].extend(ps)
        had |= cols
        prev, prev_y, prev_bold, prev_first = cols, min(p.y for p in ps), bold, first
    return rows


def _pdf_tables(pages: list[tuple[list[_PLine], float, float]], rules: list[_Rules]) -> None:
    """Read the tables on PDF pages row by row, as a Word table's (see :func:`_docx_table_rows`): their lines
    become one line of kind "row" per row, cells joined with " – ", where the table's first line was.

    A table is found by its ruling lines (horizontal lines of the same extent stacked over each other) or, as
    many exports draw none, by its text alone: lines whose text starts at the same x positions, in three
    columns or more (two where the first row is a header). A cell's lines belong to its row; a row starts at
    the next ruling line, at a larger gap, or where a column has text again. A table that ends a page and a
    table with the same columns at the top of the next continue each other: the header row repeated there
    is dropped, a first row without text in the first column ends the row the page broke."""
    carry: _PCarry | None = None
    for (lines, _width, height), (raw, vrules) in zip(pages, rules):
        hrules = _merge_rules(raw) if raw else []
        found: list[tuple[list[_PLine], list[float], list[list[_PPiece]], bool]] = []
        for bands, bounds, seeded in _text_tables(lines, [b + _COL_TOL for b in carry.bounds] if carry else ()):
            inside = [ln for band in bands for ln in band]
            found.append((inside, bounds[1:], _text_rows(bands, bounds, hrules), seeded))
        taken = {id(ln) for t in found for ln in t[0]}
        rest = [ln for ln in lines if id(ln) not in taken]
        for inside, bounds, ys in _grid_tables(rest, hrules, vrules):
            bands = _bands(inside)
            if not bounds:
                cols = _text_columns(bands, 2, carry.bounds if carry else ())
                bounds = [c - _COL_TOL for c in cols[1:]]
            grid_rows: list[list[_PPiece]] = [[] for _ in ys[1:]]
            for band in bands:
                for p in _pieces(band, bounds):
                    for r, (hi, lo) in enumerate(zip(ys, ys[1:])):
                        if lo < p.y < hi:
                            grid_rows[r].append(p)
            found.append((inside, bounds, [r for r in grid_rows if r], False))
        if not found:
            carry = None
            continue
        found.sort(key=lambda t: -max(ln.y for ln in t[0]))  # type: ignore[type-var]
        top_y = max((ln.y for ln in lines if ln.y is not None and ln.y < 0.91 * height), default=None)
        new_carry: _PCarry | None = None
        replaced: dict[int, list[_PLine]] = {}
        drop: set[int] = set()
        for n, (inside, bounds, rows, _seeded) in enumerate(found):
            first_y = max(ln.y for ln in inside)  # type: ignore[type-var]
            low_y = min(ln.y for ln in inside)  # type: ignore[type-var]
            cont = None
            if (n == 0 and carry is not None and top_y is not None and first_y >= top_y - 0.5
                    and len(carry.bounds) == len(bounds)
                    and all(abs(a - b) <= 4 for a, b in zip(carry.bounds, bounds))):
                cont = carry
            out_rows, state = _pdf_table_rows(rows, bounds, cont, inside[0].page, vrules)
            own = {id(x) for x in inside}
            ends = not any(ln.y is not None and 0.09 * height < ln.y < low_y - 0.5 and id(ln) not in own
                           for ln in lines)
            new_carry = state if ends else None
            drop |= own
            anchor = next((k for k, ln in enumerate(lines) if id(ln) in own), 0)  # the table's first line
            replaced[id(lines[anchor])] = out_rows
        new: list[_PLine] = []
        for ln in lines:
            if id(ln) in replaced:
                new.extend(replaced[id(ln)])
            if id(ln) not in drop:
                new.append(ln)
        lines[:] = new
        carry = new_carry


def _pdf_table_rows(rows: list[list[_PPiece]], bounds: list[float], carry: _PCarry | None,
                    page: int | None, vrules: Sequence[tuple[float, float, float]] = ()) -> tuple[list[_PLine], _PCarry]:
    """A PDF table's rows as lines of kind "row", as :func:`_docx_table_rows` reads a Word table's; and what
    the next page needs to continue the table. A row of one cell is across the table where its text reaches
    over the next column, or where the table's column lines pass it by."""
    from forbattra.outputs.redact import names_people, people_of_cell

    ncols = len(bounds) + 1
    cells: list[list[str]] = []
    bold: list[bool] = []
    span: list[bool] = []
    tops: list[tuple[float, float, float]] = []
    for row in rows:
        by_col: list[list[_PPiece]] = [[] for _ in range(ncols)]
        for p in sorted(row, key=lambda p: (-p.y, p.x)):
            by_col[min(_column(p.x, bounds), ncols - 1)].append(p)
        cells.append([_join_lines(p.text for p in col) for col in by_col])
        bold.append(all(p.bold for p in row))
        hi, lo = max(p.y + 0.7 * p.size for p in row), min(p.y for p in row)
        ruled = [v for v in vrules if any(abs(v[0] - b) <= 4 for b in bounds)]
        span.append(ncols > 1 and bool(by_col[0]) and not any(by_col[1:])
                    and (any(p.end - p.x > 1.3 * (bounds[0] - p.x) + p.size for p in by_col[0])
                         or (bool(ruled) and not any(y0 < hi and y1 > lo for _x, y0, y1 in ruled))))
        first = max(row, key=lambda p: p.y)
        tops.append((min(p.x for p in row), first.y, first.size))
    if carry is None and (form := _form_table([[(k, t) for k, t in enumerate(c) if t] for c in cells])) is not None:
        # the proposal form typed as a Word table, printed ("Förslag: | …", "Förslagsställare: | Lisa Berg"): one
        # proposal, as the Word table's is
        (text, who, unit), = form
        x, y, size = tops[0]
        return [_PLine(text, page, x, y, size, kind="row", people=who, unit=unit)], _PCarry(bounds, None, set(), None, [])
    out: list[_PLine] = []
    state = carry or _PCarry(bounds, None, set(), None, [])
    start = 0
    if carry is None:
        head = [(k, t) for k, t in enumerate(cells[0]) if t] if cells else []
        if len(cells) >= 2 and _docx_header_row(head, False, bold[0] and not all(bold[1:]), ncols):
            state.header = " ".join(_joined(head).casefold().split())
            state.people = {k for k, h in head if names_people(h)}
            start = 1
        state.numbers = _number_column(head if start else None, [
            [(k, t) for k, t in enumerate(cells[i]) if t] for i in range(start, len(cells)) if not span[i]])
        own = next((k for k, h in head if _PROPOSAL_HEADING_RE.search(h) and not names_people(h)), None)
        state.units = _unit_column(head if start else None, own, state.numbers)
    elif cells and not cells[0][0] and state.row is not None and len(state.cells) == ncols:
        # the row the page broke: its text in the other columns goes on
        state.cells = [_join_lines([a, b]) if a and b else a or b for a, b in zip(state.cells, cells[0])]
        _set_row(state.row, state.cells, state.people, people_of_cell, state.numbers, state.units)
        start = 1
    state.bounds = bounds
    unit = state.row.unit if carry is not None and state.row is not None else ""
    for i in range(start, len(cells)):
        row = [(k, t) for k, t in enumerate(cells[i]) if t]
        if not row:
            continue
        text = _joined(row)
        if state.header is not None and " ".join(text.casefold().split()) == state.header:
            continue
        if (span[i] and i + 1 < len(cells) and not span[i + 1] and len(text) <= 80 and len(text.split()) <= 10
                and text.rstrip(_CLOSERS)[-1:] not in ".!?"):
            unit = text
            continue
        x, y, size = tops[i]
        own_unit = cells[i][state.units] if state.units is not None and state.units < len(cells[i]) else ""
        line = _PLine(text, page, x, y, size, kind="row", unit=own_unit or unit)
        _set_row(line, cells[i], state.people, people_of_cell, state.numbers, state.units)
        out.append(line)
        state.row, state.cells = line, list(cells[i])
    return out, state


def _set_row(line: _PLine, cells: list[str], people: set[int], people_of_cell, numbers: int | None = None,
             units: int | None = None) -> None:
    numbered = numbers is not None and numbers < len(cells) and _ROW_NUMBER_RE.match(cells[numbers])
    line.text = _joined([(k, t) for k, t in enumerate(cells) if t], numbers if numbered else None, units)
    line.people = tuple(p for k, t in enumerate(cells) if k in people for p in people_of_cell(t))


def _drop_pdf_furniture(pages: list[tuple[list[_PLine], float, float]]) -> None:
    """Remove running headers/footers and page numbers.

    A running header or footer is a line among the top or bottom three of a page whose text comes back at
    about the same height on most pages (or on most of the odd or the even pages only: :func:`_on_most_pages`); on a one-page document, such a line in the outer 6 % of the page
    in a font at least 1.5 points smaller than the body text. Texts are compared exactly or, for lines in the outer 9 % of the
    page and not larger than the body text, with their digits masked ("Sida 3", a date; "Arbetsgrupp 2" in
    a heading font at the top of page 2 stays), and the document's headings they name
    masked ("Förbättringsförslag 2026 – Hemtjänst", a header naming its chapter).
    """
    weights: Counter[float] = Counter()
    for lines, _, _ in pages:
        for ln in lines:
            weights[round(ln.size * 2) / 2] += len(ln.text)
    body_size = max(weights.items(), key=lambda kv: (kv[1], -kv[0]))[0] if weights else 0.0

    def band_of(lines: list[_PLine]) -> list[_PLine]:
        if any(ln.y is None for ln in lines):
            pos = list(lines)
        else:
            pos = sorted(lines, key=lambda ln: -ln.y)  # type: ignore[operator]
        return pos[:3] + [ln for ln in pos[-3:] if all(ln is not top for top in pos[:3])]

    # the document's headings (bold, or a larger font), which a running header may name as the chapter it stands in
    # ("Förbättringsförslag 2026 – Hemtjänst" on the chapter's pages, as Word's StyleRef field writes it): masked in
    # the margin's lines, so that the header is known by its fixed part although each text comes back on a few pages
    names = {" ".join(t.lower().split()) for lines, _, _ in pages for ln in lines
             if (ln.bold or (ln.size >= 1.15 * body_size and ln.size - body_size >= 1.0))
             for t in (ln.text, _unnumbered(ln.text.strip())) if len(t.strip()) >= 3}

    def masked_key(ln: _PLine, height: float) -> str | None:
        in_margin = ln.y is None or height <= 0 or not (0.09 * height < ln.y < 0.91 * height)
        if not (in_margin and ln.size <= body_size + 0.5):
            return None
        return _furniture_key(_mask_names(" ".join(ln.text.lower().split()), names))

    def body_heading(ln: _PLine, height: float) -> bool:
        # a heading (bold, or a larger font) in the page's body, not its margin: "Förslag" at the same place on each
        # group's page is the same heading each time, no running header
        if ln.y is None or height <= 0 or not 0.09 * height < ln.y < 0.91 * height:
            return False
        return ln.bold or (ln.size >= 1.15 * body_size and ln.size - body_size >= 1.0)

    bands = [band_of(lines) for lines, _, _ in pages]
    seen: dict[str, list[tuple[int, float | None]]] = {}
    for index, band in enumerate(bands):
        height = pages[index][2]
        for ln in band:
            if body_heading(ln, height):
                continue
            keys = {" ".join(ln.text.lower().split()), masked_key(ln, height)}
            keys.discard(None)
            for key in keys:
                seen.setdefault(key, []).append((index, ln.y))
    repeated: set[str] = set()
    if len(pages) >= 2:
        for key, where in seen.items():
            ys = sorted(y for _, y in where if y is not None)
            if ys:
                middle = ys[len(ys) // 2]
                where = [(i, y) for i, y in where if y is None or abs(y - middle) <= 4]
            if _on_most_pages({i for i, _ in where}, len(pages)):
                repeated.add(key)
    for (lines, _, height), band in zip(pages, bands):
        drop = set()
        for ln in band:
            exact = " ".join(ln.text.lower().split())
            masked = masked_key(ln, height)
            if _is_page_number(ln.text) or (not body_heading(ln, height) and (exact in repeated or masked in repeated)):
                drop.add(id(ln))
            elif (len(pages) == 1 and ln.y is not None and height > 0 and not 0.06 * height < ln.y < 0.94 * height
                  and ln.size <= body_size - 1.5):
                # a one-page report's footer or header (an address line in the margin, in a smaller font):
                # nothing repeats to recognise it by, but no proposal is typed there
                drop.add(id(ln))
        lines[:] = [ln for ln in lines if id(ln) not in drop]


def _mask_names(text: str, names: set[str]) -> str:
    """``text`` with each run of its words that is one of ``names`` (a heading, lower case) put as "§", the longest
    first: a running header's chapter ("förbättringsförslag 2026 – §"). Runs of words are looked up, not each name
    searched for, so that a report of a thousand headings costs no more."""
    words = text.split()
    size = len(words)
    while size > 0:
        for start in range(len(words) - size + 1):
            run = " ".join(words[start:start + size])
            if run != "§" and (run in names or run.rstrip(".,;:") in names):
                words[start:start + size] = ["§"]
                break
        else:
            size -= 1
            continue
        size = min(size, len(words))
    return " ".join(words)


def _drop_footnotes(pages: list[tuple[list[_PLine], float, float]]) -> None:
    """Remove footnotes: lines in a smaller font than the body text below a page's last body line. Left in,
    a footnote stood between a proposal that runs over the page break and its continuation, which was
    then lost with it."""
    weights: Counter[float] = Counter()
    for lines, _, _ in pages:
        for ln in lines:
            weights[round(ln.size * 2) / 2] += len(ln.text)
    if not weights:
        return
    body_size = max(weights.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    for lines, _, _ in pages:
        body = [ln.y for ln in lines if ln.y is not None and abs(ln.size - body_size) <= 0.5]
        if not body:
            continue
        low = min(body)
        below = sorted((ln for ln in lines if ln.y is not None and ln.y < low - 0.5 and ln.size <= body_size - 1.5),
                       key=lambda ln: -ln.y)  # type: ignore[operator]
        # a footnote opens with its mark ("¹ Enligt beslut …", "1 Se bilaga", "* …"); small text without
        # one (a table in a smaller font at the foot of a page) is kept
        if below and _FOOTNOTE_START.match(below[0].text):
            gone = {id(ln) for ln in below}
            lines[:] = [ln for ln in lines if id(ln) not in gone]


def _order_columns(lines: list[_PLine], width: float) -> None:
    """Detect a two-column page and mark each line's column.

    The content order of the page is kept (PDF producers write it in reading order), except when the
    two columns are interleaved line by line: then the page is read as left column, then right column.
    """
    placed = [ln for ln in lines if ln.x is not None and ln.y is not None]
    if len(placed) < 6 or width <= 0:
        return
    split = 0.48 * width
    left = [ln for ln in placed if ln.x < split]  # type: ignore[operator]
    right = [ln for ln in placed if ln.x >= split]  # type: ignore[operator]
    if len(left) < 3 or len(right) < 3:
        return
    lo = min(ln.y for ln in left)  # type: ignore[type-var]
    hi = max(ln.y for ln in left)  # type: ignore[type-var]
    overlap = sum(1 for ln in right if lo - 2 <= ln.y <= hi + 2)  # type: ignore[operator]
    if overlap < 3:
        return
    for ln in lines:
        ln.col = 1 if ln.x is not None and ln.x >= split else 0
    switches = sum(1 for a, b in zip(placed, placed[1:]) if a.col != b.col)
    if switches > max(3, 0.3 * len(placed)):
        # what stands below the right column is read after it where it is a full-width part (a heading and
        # proposals across the page: a line of it reaches well into the right column), not where the left column
        # merely runs longer
        bottom = min(ln.y for ln in right)  # type: ignore[type-var]
        tail = [ln for ln in placed if ln.col == 0 and ln.y < bottom - 2]  # type: ignore[operator]
        wide = any(ln.x + 0.55 * max(ln.size, 1.0) * len(ln.text) > 0.7 * width for ln in tail)  # type: ignore[operator]
        below = {id(ln) for ln in tail} if wide else set()
        order = {id(ln): k for k, ln in enumerate(lines)}
        lines.sort(key=lambda ln: (id(ln) in below, ln.col, -(ln.y if ln.y is not None else 0.0), order[id(ln)]))


def _classify_pdf_lines(lines: list[_PLine]) -> None:
    """Mark table-of-contents lines, headings (by font size or bold) and list items."""
    for ln, is_toc in zip(lines, _toc_flags(["" if ln.kind == "row" else ln.text for ln in lines])):
        if is_toc and ln.kind != "row":
            ln.kind = "toc"
    weights: Counter[float] = Counter()
    bold_chars = 0
    for ln in lines:
        if ln.kind in ("body", "row"):  # (a table's text is body text too)
            weights[round(ln.size * 2) / 2] += len(ln.text)
            bold_chars += len(ln.text) if ln.bold else 0
    if not weights:
        return
    body_size = max(weights.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    body_is_bold = bold_chars > 0.5 * sum(weights.values())

    def strong(ln: _PLine) -> bool:
        return ln.size >= body_size * 1.15 and ln.size - body_size >= 1.0 and len(ln.text) <= 150

    def bold_line(ln: _PLine) -> bool:  # a line of its own in bold amid body text: a guessed heading
        return (ln.bold and not body_is_bold and len(ln.text) <= 80 and ln.text.rstrip(_CLOSERS)[-1:] not in ".,;!?"
                and not _starts_lower(ln.text))

    sizes = sorted({round(ln.size * 2) / 2 for ln in lines if ln.kind == "body" and strong(ln)}, reverse=True)
    for k, ln in enumerate(lines):
        if ln.kind != "body":
            continue
        m = _MARKER_RE.match(_pdf_apart_bullet(ln))
        after = lines[k + 1] if k + 1 < len(lines) else None
        if strong(ln) and not _is_page_number(ln.text):
            ln.kind, ln.level = "heading", float(sizes.index(round(ln.size * 2) / 2) + 1)
        elif (m and bold_line(ln) and (level := _typed_heading_level(m.group("marker"), ln.text)) is not None
              and not (after is not None and after.bold and after.page == ln.page and not _MARKER_RE.match(after.text))):
            # "3. Bemanning" in bold, as Word prints a chapter's heading typed by hand: above the bold lines without
            # a number (as in a .docx); not where a bold line without a number follows (a bold proposal's next line)
            ln.kind, ln.level, ln.strong, ln.marker = "heading", len(sizes) + 0.5 + (level - 8.0) / 2, False, m.group("marker")
        elif m:
            ln.kind, ln.body, ln.marker = "item", m.group("text"), m.group("marker")
        elif bold_line(ln):  # ("2 Hemtjänsten": at the level of "2. Hemtjänsten")
            chapter = _chapter_level(ln.text)
            ln.kind, ln.level, ln.strong = "heading", len(sizes) + (1.0 if chapter is None else 0.5 + (chapter - 8.0) / 2), False
    # List nesting: indentation of the marker relative to the leftmost marker of its page and column.
    lefts: dict[tuple, float] = {}
    for ln in lines:
        if ln.kind == "item" and ln.x is not None:
            key = (ln.page, ln.col)
            lefts[key] = min(lefts.get(key, ln.x), ln.x)
    for ln in lines:
        if ln.kind == "item" and ln.x is not None:
            ln.level = float(int((ln.x - lefts[(ln.page, ln.col)] + 4) // 12))


def _pdf_apart_bullet(ln: _PLine) -> str:
    """The line's text, with a tab after an "o" or "§" that stands apart from the text at a tab's distance: Word's
    bullets of a list's second and third level as a PDF printed from it holds them (Courier New's "o", Wingdings'
    square), which were read as a letter of the proposal ("… nattpersonalen: o samma personal …")."""
    f = ln.frags
    if len(f) >= 2 and f[0][1].strip() in _SAVED_BULLET_DEPTH and f[1][0] - f[0][0] >= 1.2 * max(f[0][3], 1.0):
        mark, rest = f[0][1].strip(), ln.text.lstrip()
        return f"{mark}\t{rest[1:].lstrip()}" if rest.startswith(mark) and rest[1:].strip() else ln.text
    return ln.text


def _group_pdf_lines(lines: list[_PLine]) -> list[_Block]:
    """Join lines into headings, list items and paragraphs, across page and column breaks."""
    # Typical line pitch and longest line, per page and column.
    longest: dict[tuple, int] = {}
    deltas: list[float] = []
    for prev, ln in zip(lines, lines[1:]):
        if "row" in (prev.kind, ln.kind):
            continue
        if (prev.page, prev.col) == (ln.page, ln.col) and prev.y is not None and ln.y is not None:
            delta = prev.y - ln.y
            if 0.8 * ln.size <= delta <= 4 * max(ln.size, 1.0):
                deltas.append(delta)
    spanning = _spanning_lines(lines)
    for ln in lines:
        if ln.kind in ("body", "item"):
            key = (ln.page, ln.col, id(ln) in spanning)
            longest[key] = max(longest.get(key, 0), len(ln.text))
    deltas.sort()
    pitch = deltas[len(deltas) // 4] if deltas else None
    sizes = sorted(ln.size for ln in lines if ln.kind == "body" and ln.size)
    capped = False
    if pitch is not None and sizes and pitch > 2.0 * sizes[len(sizes) // 2]:
        # one-line paragraphs with a blank line between: every gap measured is a paragraph break, and
        # the line pitch they suggest would join them all; a line pitch is at most twice the font size
        # (wider spacing, 2.5 lines, is told apart by the text: a line that ends no sentence runs on)
        pitch, capped = 2.0 * sizes[len(sizes) // 2], True

    blocks: list[_Block] = []
    parts: list[str] = []
    kind = ""
    first: _PLine | None = None
    last: _PLine | None = None

    def close() -> None:
        nonlocal parts, kind, first
        if parts and first is not None:
            blocks.append(_Block(kind, _join_lines(parts), first.level, first.page, first.strong, marker=first.marker))
        parts, kind, first = [], "", None

    for ln in lines:
        if ln.kind == "toc":
            close()
            blocks.append(_Block("toc", ln.text, 0, ln.page))
            last = None
            continue
        if ln.kind == "row":  # a table's row (see _pdf_tables): one block, as a Word table's row
            close()
            blocks.append(_Block("row", ln.text, 0, ln.page, people=ln.people, unit=ln.unit))
            last = None
            continue
        if ln.kind == "heading":
            if (
                kind == "heading"
                and first is not None
                and last is not None
                and first.level == ln.level
                and last.page == ln.page
                and last.y is not None
                and ln.y is not None
                and 0 < last.y - ln.y <= 2.0 * max(ln.size, 1.0)
                # a bare "Förslag" right under the group's name in the same font is a heading of its own, not the
                # name's second line ("Arbetsgrupp 2 – Skola Förslag" lost the group, and the section its proposals)
                and not (_GENERIC_HEADING_RE.match(ln.text.strip()) and not ln.text.strip()[:1].islower())
            ):
                parts.append(ln.text)
            else:
                close()
                kind, first, parts = "heading", ln, [ln.text]
            last = ln
            continue
        if ln.kind == "item":
            close()
            kind, first, parts = "item", ln, [ln.body]
            last = ln
            continue
        if kind in ("para", "item") and last is not None and _pdf_continues(last, ln, first, kind, pitch, longest,
                                                                            capped, spanning):
            parts.append(ln.text)
        else:
            close()
            kind, first, parts = "para", ln, [ln.text]
        last = ln
    close()
    return blocks


def _spanning_lines(lines: list[_PLine]) -> frozenset[int]:
    """The lines (by id) of a two-column page that stand above or below its right column: a title, a running header,
    an introduction across the page, counted in the left column by :func:`_order_columns`. Their length is no
    measure of a full line of the column: one header across the page made every line of the column "short", so a
    wrapped line that began with "att" was split off as an att-sats, and under "Förslag" lost."""
    reach: dict[int | None, tuple[float, float]] = {}
    for ln in lines:
        if ln.col == 1 and ln.y is not None:
            lo, hi = reach.get(ln.page, (ln.y, ln.y))
            reach[ln.page] = (min(lo, ln.y), max(hi, ln.y))
    return frozenset(id(ln) for ln in lines if ln.col == 0 and ln.y is not None and ln.page in reach
                     and not reach[ln.page][0] - 2 <= ln.y <= reach[ln.page][1] + 2)


_ATT_SATS_RE = re.compile(r"^att\s")  # a decision's clause, each a paragraph of its own: "att kommunen inför …"


def _pdf_continues(
    a: _PLine, b: _PLine, start: _PLine | None, kind: str, pitch: float | None, longest: dict[tuple, int],
    capped: bool = False, spanning: frozenset[int] = frozenset(),
) -> bool:
    """Does line ``b`` continue the paragraph or list item whose last line is ``a``? (``longest``: the longest line of
    each page's column, by (page, column, whether the line spans the columns), as :func:`_group_pdf_lines` counts.)"""
    a_text, b_text = a.text, b.text
    full = len(a_text) >= 0.85 * longest.get((a.page, a.col, id(a) in spanning), len(a_text))
    moved = a.page != b.page or a.col != b.col or (a.y is not None and b.y is not None and b.y > a.y + 1)
    if abs(a.size - b.size) > 1.5:  # another font size: a caption, a note, a quote
        return False
    if not full and _ATT_SATS_RE.match(b_text):
        # an att-sats under a line that ends short ("Arbetsgruppen föreslår" / "att kommunen inför …, samt" / "att …"):
        # a proposal of its own; a paragraph wrapped before the short word "att" fills its line
        return False
    if _starts_lower(b_text) and a_text.rstrip()[-1:] not in "!?":
        return True
    if _continues(a_text, b_text):
        return True
    if moved:  # a page or column break: only a sentence that visibly runs on continues
        return not _ends_sentence(a_text) and full
    if pitch is not None and a.y is not None and b.y is not None and a.y - b.y > 1.35 * pitch:
        return capped and not _ends_sentence(a_text) and full  # (a capped pitch: only the text can tell)
    if kind == "item" and start is not None and start.x is not None and b.x is not None and b.x > start.x + 2:
        return True  # hanging indent under the item's text
    if not full:
        return False
    return True
