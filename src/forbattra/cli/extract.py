"""``forbattra extract``: split working-group reports into proposals to review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from forbattra.cli.app import app, info, run_command, say, ui, warn, warn_skipped
from forbattra.cli.options import Lang, Redact, check_lang, input_path, reader_options, output_path


@app.command()
@run_command
@reader_options(tables=False)
def extract(
    docs: Annotated[list[Path], typer.Argument(metavar="DOCS...", parser=input_path, help=".docx/.odt/.ott/.fodt/.pdf/.txt/.md files or folders of them.")],
    out: Annotated[list[Path], typer.Option("--out", "-o", metavar="FILE", parser=output_path, help="Where to write the proposals: .xlsx, .csv or .jsonl (repeatable).")],
    lang: Lang = None,
    redact: Redact = False,
    *,
    read,
) -> None:
    """Split working-group reports into individual proposals for review before classification.

    Example: forbattra extract rapporter/ --out rapportforslag.xlsx
    """
    from forbattra.errors import EXIT_PARTIAL, InputFileError
    from forbattra.i18n import Msg
    from forbattra.inputs.documents import EN_COLUMNS, extract_many
    from forbattra.outputs.writers import check_outputs, write_outputs

    from forbattra.inputs.loading import check_not_stdin, check_readable

    lang = check_lang(lang)
    ui.mask = redact  # the messages quote no personal data where the outputs mask it
    for d in docs:
        check_not_stdin(d)
        if not d.exists():
            raise InputFileError.of("err_no_path", path=d)
        check_readable(d)  # (an unreadable folder said "no proposals found")
    check_outputs(out, docs, protect_corrections=True)
    notes: list[str] = []
    frame, skipped = extract_many(docs, split=read.split, min_length=read.min_length, notes=notes)
    if frame.empty and len(skipped) == 1 and len(docs) == 1 and not docs[0].is_dir():
        raise InputFileError(skipped[0][1])  # the one file given: its own reason, one line
    warn_skipped(skipped)
    if frame.empty and skipped:
        for note in notes:  # the documents given by name that were read and gave none: named, never passed over
            info("reader_note", note=note)
        raise InputFileError.of("err_all_skipped", n=len(skipped))
    if frame.empty and len(docs) == 1 and not docs[0].is_dir():  # the one file given: named, as classify does
        key = "err_no_proposals_list" if read.split == "list" else "err_no_proposals_text"
        raise InputFileError.of(key, path=docs[0], what=Msg("err_what_document"), min_length=read.min_length)
    for note in notes:  # (before the error below: they name the documents that gave none)
        info("reader_note", note=note)
    if frame.empty:
        from forbattra.inputs import DOCUMENT_SUFFIXES

        for d in docs:  # a folder with no document at all (the wrong folder, an empty one): named, as classify does
            if d.is_dir() and not any(p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                                      and not p.name.startswith((".", "~$")) for p in d.rglob("*")):
                raise InputFileError.of("err_extract_folder_no_docs", path=d)
        raise InputFileError.of("err_no_proposals_given")
    frame = frame.astype(object).where(frame.notna(), None)
    n_files = frame["fil"].nunique() if len(frame) else 0
    if redact:  # every cell masked as classify --redact masks a report's rows (names under 'ansvarig' whole)
        from forbattra.i18n import Joined
        from forbattra.outputs.redact import redact_frame

        warn("no_person_column_docs", path=Joined(", ", [str(d) for d in docs]))
        frame = redact_frame(frame, lang)
    if lang == "en":  # the columns in English too (a later classify finds 'suggestion' by name)
        frame = frame.rename(columns=EN_COLUMNS)
        write_outputs(out, table=frame, sheets=[("Suggestions", frame)], title="forbattra – proposals from documents",
                      lang="en")
    else:
        write_outputs(out, table=frame, sheets=[("Förslag", frame)], title="forbattra – förslag ur dokument")
    for target in out:
        info("wrote", path=target)
    info("extracted", n=len(frame), files=n_files, skipped=say("extracted_skipped", n=len(skipped)) if skipped else "")
    if skipped:
        raise typer.Exit(EXIT_PARTIAL)
