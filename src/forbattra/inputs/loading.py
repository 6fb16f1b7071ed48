"""One entry point for every input kind: spreadsheets, delimited text, documents, folders."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from forbattra.errors import InputFileError
from forbattra.i18n import Msg
from forbattra.inputs.tables import GROUP, Columns, ReadInfo, Suggestions, attach_roles, read_suggestions

from forbattra.inputs import CONVERT_SUFFIXES, DOCUMENT_SUFFIXES, FORMATS, TABLE_ONLY_SUFFIXES  # noqa: E402 - the one format table


def document_units(frame) -> list:
    """Each proposal's unit in a document run: its heading (*rubrik*, the working group's), or its file
    where the heading is a bare "Förslag"/"Åtgärder" or missing — reports of several groups, each with
    only a "Förslag" heading, are several units, not one called "Förslag"."""
    from forbattra.inputs.documents import is_generic_heading

    return [g if g and not is_generic_heading(g) else str(Path(f).with_suffix("").as_posix()) if f else g
            for g, f in zip(frame[GROUP], frame["fil" if "fil" in frame else "file"])]


def is_document(path: Path) -> bool:
    """True for .docx/.odt/.pdf/.md, and for a .txt whose content is prose rather than a table."""
    kind = FORMATS.get(path.suffix.lower(), "")
    if kind == "document":
        return True
    if kind == "delimited|document":
        from forbattra.inputs.documents import looks_like_table
        from forbattra.inputs.tables import is_web_page

        return not is_web_page(path) and not looks_like_table(path)  # (a web page: the table reader refuses it)
    return False


# what Excel opens and keeps a lock file beside: its workbooks and the exports it opens as sheets (.csv, .tsv)
EXCEL_OPENS = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv"})


def open_in_excel(path: Path) -> str | None:
    """The name of the lock file Excel keeps beside ``path`` while it has the file open (``~$teman.xlsx``,
    ``~$forslag.csv``: a CSV export opened in Excel to add rows gets one too), or None. What was typed into the
    file since it was last saved is not in the file (a lock file Excel left behind when it closed abnormally reads
    the same: a warning, never a refusal)."""
    lock = path.parent / ("~$" + path.name)
    try:
        return lock.name if path.suffix.lower() in EXCEL_OPENS and lock.is_file() else None
    except OSError:
        return None


def lock_file_error(path: Path, shown: str | Path | None = None) -> InputFileError | None:
    """The error for an Office lock file (``~$forslag.xlsx``: Excel's while forslag.xlsx is open; Word's drops the
    name's first two letters, ``~$pport.docx`` for rapport.docx), or None for any other file. A lock file is a
    few hundred bytes holding the user's name, no zip or Office file: it holds no suggestions, and a nightly
    job's ``*.xlsx`` picks it up while someone has the workbook open. The open file is named where it is found
    beside it."""
    if not path.name.startswith("~$"):
        return None
    try:
        if path.stat().st_size > 4096:
            return None
        with path.open("rb") as fh:
            if fh.read(4) in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
                return None
        rest = path.name[2:]
        near = sorted(p.name for p in path.parent.iterdir()
                      if not p.name.startswith("~$") and p.name.endswith(rest) and len(p.name) <= len(rest) + 2)
    except OSError:
        return None
    original = rest if rest in near else near[0] if len(near) == 1 else None
    shown = shown if shown is not None else path
    if original is None:
        return InputFileError.of("err_lock_file_unknown", path=shown)
    return InputFileError.of("err_lock_file", path=shown, original=original)


def check_not_stdin(path: Path) -> None:
    """``-``, ``/dev/stdin`` from a pipe, or a pipe named as a file (``<(…)``), given to a command that reads no
    standard input (only classify spools it): one line saying so, exit 3 — not "no such file" (``-``) nor "the
    file is empty" (a pipe has no size). ``/dev/stdin`` redirected from a file (``< forslag.csv``) is that file,
    read as it is."""
    from forbattra.workflow import is_stdin

    if is_stdin(path) and not path.is_file():
        raise InputFileError.of("err_stdin_classify_only", path=path)


def check_readable(path: Path) -> None:
    """An input file or folder this user may not read is an input error naming it (exit 3), checked here
    rather than by the option parser (which made it a usage error, exit 2)."""
    if path.is_dir():
        if not os.access(path, os.R_OK | os.X_OK):
            raise InputFileError.of("err_cannot_read_folder", path=path)
        return
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputFileError.of("err_cannot_read", path=path, reason=exc.strerror or exc) from None


def load_input(path: Path, *, text_columns: Sequence[str] | None = None, id_column: str | None = None,
               group_column: str | None = None, date_column: str | None = None, person_column: str | None = None,
               sheet: str | None = None, encoding: str | None = None, delimiter: str | None = None,
               split: str = "auto", min_length: int = 15, header: bool | None = None,
               lang: str = "sv", label_column: str | None = None) -> tuple[Suggestions, list[tuple[str, str]]]:
    """Read ``path`` into :class:`Suggestions`; also returns documents skipped in a folder run.
    ``lang="en"``: a document run's columns in English ("file", "suggestion" …), as ``extract --lang en``
    names them, and a workbook's TRUE/FALSE cells as an English Excel shows them (Swedish: SANT/FALSKT);
    ``group_column`` may name one in either language."""
    path = Path(path)
    check_not_stdin(path)
    if not path.exists():
        raise InputFileError.of("err_no_path", path=path)
    check_readable(path)
    if path.is_file() and (lock := lock_file_error(path)) is not None:
        raise lock
    if path.is_dir() and path.suffix.lower() == ".numbers":  # an older Numbers document: a folder (a Mac "package")
        raise InputFileError.of("err_numbers_file", path=path)
    if path.is_file() and path.suffix.lower() in CONVERT_SUFFIXES:
        raise InputFileError.of("err_doc_convert", path=path, suffix=path.suffix.lower())
    if path.is_dir() or (path.is_file() and path.stat().st_size > 0 and is_document(path)):
        from forbattra.inputs.documents import EN_COLUMNS, extract_many

        if path.is_dir() and not any(p.suffix.lower() in DOCUMENT_SUFFIXES for p in path.rglob("*") if p.is_file()):
            tables = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TABLE_ONLY_SUFFIXES
                            and not p.name.startswith((".", "~$")))
            if tables:  # exports in a folder: each is classified on its own (one file per run)
                first = f'"{tables[0]}"' if any(ch.isspace() for ch in str(tables[0])) else str(tables[0])
                raise InputFileError.of("err_folder_only_tables", path=path, n=len(tables),
                                        names=", ".join(p.name for p in tables[:5]) + (" …" if len(tables) > 5 else ""),
                                        command=f"forbattra classify {first}", table=str(tables[0]))
            raise InputFileError.of("err_folder_no_docs", path=path)
        notes: list[str] = []
        frame, skipped = extract_many([path], split=split, min_length=min_length, notes=notes)
        if path.is_dir() and frame.empty and skipped:
            first, reason = skipped[0]
            if not str(reason).startswith(f"{first}:"):  # (the reasons of a folder's files name the file)
                reason = Msg("err_path_reason", path=first, reason=reason)
            raise InputFileError.of("err_folder_unreadable", path=path, n=len(skipped), first=first, reason=reason)
        if path.is_file() and skipped:
            reason = skipped[0][1]
            raise InputFileError(reason if path.name in reason else Msg("err_path_reason", path=path, reason=reason))
        if frame.empty:  # an empty workbook with exit 0 would look like "no themes found"
            what = Msg("err_what_document") if path.is_file() else Msg("err_what_documents", n=len(notes))
            if split == "list":
                raise InputFileError.of("err_no_proposals_list", path=path, what=what)
            raise InputFileError.of("err_no_proposals_text", path=path, what=what, min_length=min_length)
        frame = frame.astype(object).where(frame.notna(), None)
        frame = frame.map(lambda v: "" if v is None else str(v))
        names = EN_COLUMNS if lang == "en" else {}
        frame = frame.rename(columns=names)
        group_column = names.get(group_column, group_column) if group_column else None
        cols = Columns(text=(names.get("förslag", "förslag"),), id="id", group=group_column or names.get("rubrik", "rubrik"),
                       text_reason="document")
        info = ReadInfo(path=str(path), format="documents" if path.is_dir() else f"document ({path.suffix.lower()[1:]})",
                        notes=notes)
        if text_columns or id_column or date_column or person_column:
            raise InputFileError.of("err_doc_column_options", columns=", ".join(map(str, frame.columns)))  # this run's names
        if group_column and group_column not in frame.columns:
            raise InputFileError.of("err_doc_group_column", column=group_column, columns=", ".join(frame.columns))
        frame = attach_roles(frame, cols)
        if not group_column:  # the unit: the group's heading, or the file where that is a bare "Förslag"
            frame = frame.assign(**{GROUP: document_units(frame)})
        return Suggestions(frame=frame, columns=cols, info=info), skipped
    sugg = read_suggestions(path, sheet=sheet, encoding=encoding, delimiter=delimiter, text_columns=text_columns,
                            id_column=id_column, group_column=group_column, date_column=date_column,
                            person_column=person_column, header=header, label_column=label_column, lang=lang)
    return sugg, []
