"""Options shared by several commands, each defined once.

The reader options (text/id/group/date/person column, sheet, encoding, delimiter, document split)
are one bundle: :func:`reader_options` adds them to a command's signature and hands the command a
single :class:`~forbattra.inputs.ReadOptions` (csvkit's common flags, as a decorator in the style of
sqlite-utils' option bundles). Every command that reads input uses it, so the flags cannot drift.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import info, mask_names_of, say, warn_skipped

def input_path(value: str) -> Path:
    """A file or folder argument as given; an empty one (``"$FIL"`` with the variable unset in a nightly job) is a
    usage error (exit 2): as a path it is the current folder, whose documents would be read as the input."""
    if not value.strip():
        raise typer.BadParameter(say("bad_input_empty"))
    return Path(value)


def output_path(value: str | Path) -> Path:
    """A file or folder to write, as given; an empty one (``-o "$UT"`` with the variable unset in a nightly job) is
    a usage error (exit 2), as an empty input is: as a path it is the current folder ("'.' är en mapp", which the
    user never typed; train's model folder written into it). A default (a Path already) is taken as it is."""
    if isinstance(value, str) and not value.strip():
        raise typer.BadParameter(say("bad_output_empty"))
    return Path(value)


def input_texts(values: list[str]) -> list[str]:
    """:func:`input_path` for the arguments of a command that also takes store links (``report``)."""
    for value in values or ():
        input_path(value)
    return values


InputArg = Annotated[Path, typer.Argument(metavar="INPUT", parser=input_path, help="CSV/TSV/TXT or Excel (.xlsx/.xlsm/.xls/.ods) export, a .docx/.odt/.ott/.fodt/.pdf/.md/.txt report, or a folder of reports.")]
Outputs = Annotated[Optional[list[Path]], typer.Option("--out", "-o", metavar="FILE", parser=output_path, help="Output file: .xlsx, .csv or .jsonl (repeat for several).")]
def taxonomy_value(value: Optional[str]) -> Optional[str]:
    """An empty ``--taxonomy`` (``--taxonomy "$TAXONOMI"`` with the variable unset) is refused as it is parsed (exit 2;
    from the config file or a variable exit 4 naming where): it named no file, read as the folder '.'."""
    if value is not None and not value.strip():
        raise typer.BadParameter(say("bad_taxonomy_empty"))
    return value


def store_value(value: Optional[str]) -> Optional[str]:
    """An empty ``--store`` (``--store "$STORE"`` with the variable unset) is refused as it is parsed (exit 2; from
    the config file or a variable exit 4 naming where): classify would run without history, trends would look
    for a store named ''."""
    if value is not None and not value.strip():
        raise typer.BadParameter(say("bad_store_empty"))
    return value


# the store a command reads or changes (trends, forget): required, where classify's --store is optional
StoreToRead = Annotated[str, typer.Option("--store", metavar="FILE|URL", callback=store_value, help="History store written by 'classify --store'.")]

Taxo = Annotated[str, typer.Option("--taxonomy", metavar="NAME|FILE", callback=taxonomy_value, help="Built-in taxonomy (standard, huset) or a YAML file.")]
TaxoOfModel = Annotated[Optional[str], typer.Option("--taxonomy", metavar="NAME|FILE", callback=taxonomy_value, help="Built-in taxonomy (standard, huset) or a YAML file. Default: the one stored with --model, else standard.")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", metavar="DIR", help="Model directory from 'forbattra train'; 'none' for keywords only. Default: the shipped model of a built-in taxonomy.")]
def decimal(value: str | float) -> float:
    """A number between 0 and 1, written with a decimal point or a Swedish decimal comma (0,6)."""
    try:
        x = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise typer.BadParameter(say("bad_number", value=repr(value))) from None
    if not 0.0 <= x <= 1.0:
        raise typer.BadParameter(say("bad_unit_range", value=value))
    return x


MinConf = Annotated[Optional[float], typer.Option("--min-confidence", metavar="0..1", parser=decimal, help="Confidence a theme needs, e.g. 0.6 or 0,6 (default: tuned per theme by the model, which a value only raises; 0.5 without a model).")]
def _lang_value(value: Optional[str]) -> Optional[str]:
    """``--lang`` checked as it is parsed, so a bad value from the config file or the environment is a
    configuration error naming where it came from (the command line's stays a usage error)."""
    if value is None:
        return None
    from forbattra.i18n import lang_code

    lang = lang_code(value)  # "EN", "Sv " as typed or set in a variable: the language meant
    if lang is None:
        raise typer.BadParameter(say("bad_lang"))
    return lang


Lang = Annotated[Optional[str], typer.Option("--lang", metavar="sv|en", callback=_lang_value, help="Language of labels, headings and messages: sv (default) or en. Messages also follow LANG when --lang is not given.")]
Redact = Annotated[bool, typer.Option("--redact", help="Mask personal data (personnummer, phone, e-mail, names, IP addresses, account and record numbers) in every output; the texts are masked before they are analysed, so no name becomes a shared word, key term or example.")]
LabelCol = Annotated[str, typer.Option("--label-column", "-l", metavar="COLUMN", help="Column with the right themes (its name, letter or number): ids or labels, several separated by '|' or ';', primary first.")]

def _typed(ctx, param) -> bool:
    """Whether the option's value was typed on this command line (the source is unknown while the config file
    and the variables are checked: :func:`forbattra.cli.app._value_checker`)."""
    source = ctx.get_parameter_source(param.name) if ctx is not None and param is not None else None
    return getattr(source, "name", None) == "COMMANDLINE"  # (Typer's own Click: compare the enum by name)


def _encoding_value(ctx: typer.Context, param, value: Optional[str]) -> Optional[str]:
    """An ``--encoding`` from the config file or a variable is checked as it is read, so a bad one is a
    configuration error naming where it came from (exit 4); a typed one the reader checks (exit 2)."""
    if value is not None and not _typed(ctx, param):
        import codecs

        try:
            codecs.lookup(value)
        except LookupError:
            raise typer.BadParameter(say("bad_encoding", encoding=value)) from None
    return value


def _delimiter_value(ctx: typer.Context, param, value: Optional[str]) -> Optional[str]:
    """``--delimiter`` as :func:`_encoding_value` (the reader's own rule: one character or a name, such as tab)."""
    if value is not None and not _typed(ctx, param):
        from forbattra.errors import OptionValueError
        from forbattra.inputs.tables import _delimiter

        try:
            _delimiter(value)
        except OptionValueError:
            raise typer.BadParameter(say("bad_csv_delimiter")) from None
    return value


def _split_value(value: str) -> str:
    """``--split`` checked as it is parsed: from the config file or a variable a bad one is exit 4 naming where."""
    if value not in ("auto", "list", "paragraph"):
        raise typer.BadParameter(say("bad_split"))
    return value


def column_value(value):
    """A column option (``-t``, ``-g``, ``--id-column`` …) left empty (``-g "$ENHET"`` with the variable unset) is
    refused as it is parsed (exit 2; from the config file or a variable exit 4 naming where): it names no column,
    and the reader would say that a column '' is missing."""
    if value is not None and any(not str(v).strip() for v in (value if isinstance(value, (list, tuple)) else [value])):
        raise typer.BadParameter(say("bad_column_empty"))
    return value


# name → (annotation, default): the reader bundle, in the order --help shows it.
_READER = {
    "text_column": (Annotated[Optional[list[str]], typer.Option("--text-column", "-t", metavar="COLUMN", callback=column_value, help="Column with the suggestion text: its name, or its letter or number as Excel shows it (D, 4); repeat to join several (e.g. Problem + Förslag).")], None),
    "id_column": (Annotated[Optional[str], typer.Option("--id-column", metavar="COLUMN", callback=column_value, help="Column with a unique id per suggestion (its name, letter or number).")], None),
    "group_column": (Annotated[Optional[str], typer.Option("--group-column", "-g", metavar="COLUMN", callback=column_value, help="Column with the unit (enhet/avdelning), by its name, letter or number; auto-detected when obvious.")], None),
    "date_column": (Annotated[Optional[str], typer.Option("--date-column", metavar="COLUMN", callback=column_value, help="Column with the date the suggestion was made (its name, letter or number).")], None),
    "person_column": (Annotated[Optional[str], typer.Option("--person-column", metavar="COLUMN", callback=column_value, help="Column with the writer's name (counted as people; masked in reports), by its name, letter or number.")], None),
    "sheet": (Annotated[Optional[str], typer.Option("--sheet", metavar="NAME|NUMBER", help="Sheet name (any case) or number to read (default: the one that holds the data).")], None),
    "encoding": (Annotated[Optional[str], typer.Option("--encoding", metavar="NAME", callback=_encoding_value, help="Text encoding of CSV/TXT (default: detected; e.g. utf-8, cp1252, utf-16).")], None),
    "delimiter": (Annotated[Optional[str], typer.Option("--delimiter", metavar="CHAR", callback=_delimiter_value, help="CSV delimiter: one character, or tab, semicolon, comma (default: detected among ; , tab |).")], None),
    "header": (Annotated[Optional[bool], typer.Option("--header/--no-header", help="Whether the first row holds column names (default: detected); --no-header names the columns kolumn_1, kolumn_2, ...")], None),
}
_DOCUMENTS = {
    "split": (Annotated[str, typer.Option("--split", metavar="auto|list|paragraph", callback=_split_value, help="How documents are split into proposals: auto, list or paragraph.")], "auto"),
    "min_length": (Annotated[int, typer.Option("--min-length", metavar="CHARS", min=1, help="Shortest proposal kept from documents (characters).")], 15),
}


def check_before_reading(kwargs: dict) -> None:
    """A reading command's ``--taxonomy``, ``--model`` and ``--store``, checked before its input is read: a typo in
    one is its line at once (exit 4, 5 or 3, in the language of its ``--lang``), not after minutes of reading an
    export."""
    taxonomy, model, store = kwargs.get("taxonomy"), kwargs.get("model"), kwargs.get("store")
    encoding, delimiter = kwargs.get("encoding"), kwargs.get("delimiter")
    if taxonomy is None and model is None and not store and encoding is None and delimiter is None:
        return
    lang = check_lang(kwargs.get("lang"))
    if encoding is not None or delimiter is not None:
        # a typed --encoding or --delimiter is a usage error whatever the input, as it is from the config file (exit
        # 4): a workbook or a folder of reports, which has no use for them, no longer passes a typo over in silence
        from forbattra.inputs.tables import check_text_options

        check_text_options(encoding, delimiter)
    if taxonomy is not None or model is not None:
        from forbattra.scoring.pipeline import check_choice

        tax = check_choice(taxonomy, model)
        if tax is not None and lang == "en":
            say_labels_as_written(tax)
    if store:
        from forbattra.store import check_store

        check_store(store)


def say_labels_as_written(tax) -> None:
    """``--lang en`` with a taxonomy whose themes (some or all) have no ``label_en:``: said once, before reading
    (:func:`forbattra.taxonomy.labels_as_written`)."""
    from forbattra.cli.app import info
    from forbattra.taxonomy import labels_as_written

    if (said := labels_as_written(tax)) is not None:
        info(said.key, **said.fields)


def reader_options(*, tables: bool = True):
    """Decorator: add the reader options to a command and pass them on as ``read: ReadOptions``.

    ``tables=False`` keeps only the document options (for commands that read documents only).
    """
    bundle = {**(_READER if tables else {}), **_DOCUMENTS}

    def deco(fn):
        # Resolve the command's (string) annotations here: Typer reads the wrapper's signature.
        hints = typing.get_type_hints(fn, include_extras=True)
        sig = inspect.signature(fn)
        params = [p.replace(annotation=hints.get(p.name, p.annotation))
                  for p in sig.parameters.values() if p.name != "read"]
        extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=ann)
                 for name, (ann, default) in bundle.items()]

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            from forbattra.inputs import ReadOptions

            check_before_reading(kwargs)
            values = {name: kwargs.pop(name) for name in bundle}
            text = values.pop("text_column", None)
            # a document run's columns in the language of the command's files (its --lang), as extract's
            read = ReadOptions(text_columns=tuple(text or ()), lang="en" if kwargs.get("lang") == "en" else "sv",
                               **values)
            return fn(*args, read=read, **kwargs)

        wrapper.__signature__ = sig.replace(parameters=params + extra)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {**{k: v for k, v in hints.items() if k != "read"},
                                   **{name: ann for name, (ann, _) in bundle.items()}}
        return wrapper

    return deco


def check_lang(lang: str | None) -> str:
    """The language of files (``--lang``, default Swedish); messages follow it too when it is given."""
    from forbattra.cli.app import ui

    if lang is None:
        return "sv"
    if lang not in ("sv", "en"):
        raise typer.BadParameter(say("bad_lang"), param_hint="--lang")
    ui.lang = lang
    return lang


def read_input(path: Path, read):
    """Read any supported input and say what was detected (format, encoding, columns, skipped files)."""
    from forbattra.errors import InputFileError
    from forbattra.inputs import load

    try:
        sugg, skipped = load(path, read)
    except InputFileError as exc:
        if exc.key == "err_folder_only_tables" and (command := _typed_again(path, exc.fields["table"])):
            raise InputFileError.of("err_folder_only_tables", **{**exc.fields, "command": command}) from None
        raise
    mask_names_of(sugg.frame)  # (under masking: the notes quote its cells masked as the outputs are)
    say_read(path, sugg.columns, sugg.info)
    warn_skipped(skipped)
    return sugg, skipped


def _typed_again(folder: Path, table: str) -> str | None:
    """The command line as typed with ``folder`` (an input) replaced by ``table``: a folder of exports told the
    user to run "forbattra classify sample_data/forslag.csv" whatever the command (train, evaluate, report …) and
    its options were, so the line offered ran another command. ``None`` where the folder was not typed (a config
    file's input)."""
    from forbattra.cli.app import shell_arg, ui

    args, found = [], False
    for arg in ui.args:
        option, eq, value = arg.partition("=") if arg.startswith("--") else ("", "", arg)
        if not value.startswith("-") and value.strip() and Path(value) == folder:
            arg, found = f"{option}{eq}{table}" if eq else table, True
        args.append(arg)
    return "forbattra " + " ".join(shell_arg(a) for a in args) if found else None


def say_read(path: Path, c, i, *, notes: bool = True) -> None:
    """The lines on what was read: the format, encoding and delimiter, the reader's notes, and which column is
    the text, id, unit … (the streamed path too: there the notes come as the rows are read, ``notes=False``)."""
    from forbattra.i18n import Joined, Msg, column_roles

    fmt = i.format  # "text", "xlsx" …, "documents" or "document (docx)": the last two in the user's language
    how: list = [Msg("fmt_documents") if fmt == "documents" else
                 Msg("fmt_document", kind=fmt[len("document ("):-1]) if fmt.startswith("document (") else fmt]
    if i.encoding:
        how.append(Msg("how_encoding", encoding=i.encoding))
    if i.one_column:
        how.append(Msg("how_one_column"))
    elif i.delimiter:
        how.append(Msg("how_delimiter", delimiter={"\t": "tab", ";": "';'", ",": "','", "|": "'|'"}.get(
            i.delimiter, repr(i.delimiter))))
    if i.sheet:
        how.append(Msg("how_sheet", sheet=i.sheet))
    if i.header_row > 1:
        how.append(Msg("how_header_row", row=i.header_row))
    info("read_file", path=path, how=Joined(", ", how))
    for note in i.notes if notes else ():
        info("reader_note", note=note)
    info("columns", roles=column_roles(c))


def row_table(frame, rows_df, jsonl_keys: list[str], headers: dict[str, str], lang: str):
    """Per-row output of an analysis: the input's own columns + the result columns, named by ``headers``
    (result key → its header in ``lang``), and the ``.jsonl`` records (``jsonl_keys`` of ``rows_df``).

    An input column with a result column's name (an export's own "Kluster") is kept beside it as
    "Kluster (indata)" ("(input)" in English), as classify keeps "Status (indata)"; the command's own output
    read back (it has every result column) has them replaced instead, not doubled."""
    from forbattra.record import INTERNAL

    # (the reader numbers a column of the input named like a role column, "_id (2)": any other name is the input's,
    # "_submission_time" of a survey tool's export too)
    orig = [c for c in frame.columns if c not in INTERNAL and c not in ("themes", "scores", "evidence", "status")]
    table = frame[orig].reset_index(drop=True).copy()
    keys = [k for k in rows_df.columns if k not in ("row", "id")]
    names = [headers.get(k, k) for k in keys]
    if not all(n in orig for n in names):
        suffix = " (indata)" if lang == "sv" else " (input)"
        table = table.rename(columns={n: n + suffix for n in orig if n in names})
    for k, n in zip(keys, names):
        table[n] = list(rows_df[k])
    records = [{k: _plain(v) for k, v in rec.items()} for rec in rows_df[jsonl_keys].to_dict("records")]
    return table, records


def _plain(v):
    if v is None:
        return None
    if isinstance(v, float) and v != v:
        return None
    if hasattr(v, "item"):
        return v.item()
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    return v


def redacted(sugg, path: Path, read, lang: str):
    """The suggestions with every text masked (``--redact`` of the analysis commands), and the warning
    ``classify --redact`` gives where names can be found only where the text marks them."""
    from forbattra.outputs.redact import redact_frame

    warn_names_unmarked(sugg, path, read)
    return dataclasses.replace(sugg, frame=redact_frame(sugg.frame, lang))


def warn_names_unmarked(sugg, path: Path, read) -> None:
    """The warning of a masking run whose input has no column of names: names are then masked only where some text
    marks them ('Kontaktperson: …')."""
    from forbattra.cli.app import warn

    if not read.person_column and no_person_column(sugg.frame, path):
        warn("no_person_column", path=path)
    elif is_documents(path):
        warn("no_person_column_docs", path=path)


def is_documents(path: Path) -> bool:
    """A Word/PDF/text report or a folder of them (read as proposals, never a table with a person column)."""
    from forbattra.inputs import DOCUMENT_SUFFIXES
    from forbattra.inputs.loading import is_document

    return path.is_dir() or (path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES and is_document(path))


def no_person_column(frame, path: Path) -> bool:
    """A spreadsheet read without a person column (or with an empty one), when masking was asked for."""
    from forbattra.inputs import DOCUMENT_SUFFIXES
    from forbattra.outputs.redact import name_columns
    from forbattra.record import PERSON

    if frame is None or not path.is_file() or path.suffix.lower() in DOCUMENT_SUFFIXES:
        return False
    if name_columns(frame):
        return False  # first and last names are masked from their own columns
    return PERSON not in frame.columns or not frame[PERSON].notna().any()
