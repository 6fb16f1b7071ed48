"""Everything that reads: one options object and one entry point for every input kind.

``load(path, ReadOptions(...))`` returns :class:`~forbattra.inputs.tables.Suggestions` for a
spreadsheet, a delimited file, a document or a folder of documents, plus the documents skipped in a
folder run. Which reader handles a file is decided by :data:`FORMATS` (suffix → kind) alone.
Only the standard library is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# suffix → kind of input: "spreadsheet" and "delimited" are tables (rows and columns), "document" is prose
# split into proposals, and a .txt is a delimited table or a document by its content. The readers'
# suffix sets below are derived from this table alone.
FORMATS: dict[str, str] = {
    ".xlsx": "spreadsheet", ".xlsm": "spreadsheet", ".xls": "spreadsheet", ".ods": "spreadsheet",
    ".csv": "delimited", ".tsv": "delimited", ".tab": "delimited",
    ".txt": "delimited|document",
    ".docx": "document", ".odt": "document", ".ott": "document", ".fodt": "document", ".pdf": "document",
    ".md": "document",
}
SPREADSHEET_SUFFIXES = frozenset(s for s, k in FORMATS.items() if k == "spreadsheet")
DELIMITED_SUFFIXES = frozenset(s for s, k in FORMATS.items() if k.startswith("delimited"))
DOCUMENT_SUFFIXES = frozenset(s for s, k in FORMATS.items() if k.endswith("document"))
TABLE_ONLY_SUFFIXES = frozenset(s for s, k in FORMATS.items() if "document" not in k)
# word-processor files forbattra does not read but a folder of reports often holds (old Word, a Word template,
# RTF, Pages): named in the run with how to convert them, never passed over in silence. (A LibreOffice template,
# .ott, holds the parts of an .odt and is read as one.)
CONVERT_SUFFIXES = frozenset({".doc", ".docm", ".dot", ".dotx", ".dotm", ".rtf", ".pages", ".wpd", ".wps"})


@dataclass(frozen=True)
class ReadOptions:
    """How to read an input; every field may be left at its default (detected)."""

    text_columns: tuple[str, ...] = ()
    id_column: str | None = None
    group_column: str | None = None
    date_column: str | None = None
    person_column: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    split: str = "auto"
    min_length: int = 15
    header: bool | None = None  # None: detected; False: no header row (columns kolumn_1, ...)
    # the language of the columns a document run makes ("fil", "förslag" … or "file", "suggestion" …) and of a
    # workbook's TRUE/FALSE cells (SANT/FALSKT or TRUE/FALSE, as Excel shows them in that language)
    lang: str = "sv"
    # the column of labels (train's, evaluate's --label-column): no text, unit or other role to detect, nor free text
    # to offer; one a table lacks is left to find_column to name
    label_column: str | None = None

    def table_kwargs(self) -> dict:
        """The keyword arguments of the table readers (for the streaming path)."""
        return dict(encoding=self.encoding, delimiter=self.delimiter, text_columns=list(self.text_columns) or None,
                    id_column=self.id_column, group_column=self.group_column, date_column=self.date_column,
                    person_column=self.person_column, header=self.header)


def load(path: str | Path, options: ReadOptions | None = None):
    """Read any supported input; returns ``(Suggestions, skipped_documents)``."""
    from forbattra.inputs.loading import load_input

    o = options or ReadOptions()
    return load_input(Path(path), text_columns=list(o.text_columns) or None, id_column=o.id_column,
                      group_column=o.group_column, date_column=o.date_column, person_column=o.person_column,
                      sheet=o.sheet, encoding=o.encoding, delimiter=o.delimiter, split=o.split,
                      min_length=o.min_length, header=o.header, lang=o.lang, label_column=o.label_column)


def find_column(sugg, name: str, *, option: str) -> str:
    """The input column called ``name`` (case-insensitive, a line break in it as a space), or a
    :class:`ColumnError` listing the columns."""
    from forbattra.errors import ColumnError
    from forbattra.inputs.tables import column_key

    cols = sugg.original_columns
    for c in cols:
        if c == name or column_key(c) == column_key(name):
            return c
    raise ColumnError.of("err_no_column", path=sugg.info.path, name=name, columns=", ".join(repr(c) for c in cols),
                         option=option)


def binary_kind(raw: bytes) -> str | None:
    """What a file that is no text is, by its first bytes (and a zip's parts), as the message key that names it —
    "kind_xlsx" (an Excel workbook), "kind_docx", "kind_ods", "kind_odt", "kind_ole" (an older .xls or .doc),
    "kind_pdf", "kind_zip" —; None for anything else. For an option that takes a text file (``--taxonomy``,
    ``--config``), so the refusal names what was given instead of calling a workbook's bytes an encoding."""
    if raw.startswith(b"%PDF"):
        return "kind_pdf"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "kind_ole"
    if not raw.startswith(b"PK\x03\x04"):
        return None
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, NotImplementedError):
        return "kind_zip"
    if names & {"xl/workbook.xml", "xl/workbook.bin"}:
        return "kind_xlsx"
    if "word/document.xml" in names:
        return "kind_docx"
    if mimetype.endswith(b"opendocument.spreadsheet"):
        return "kind_ods"
    if mimetype.endswith(b"opendocument.text"):
        return "kind_odt"
    return "kind_zip"
