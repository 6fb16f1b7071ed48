"""``forbattra review``: the suggestions whose labels would teach the model most, to label first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, exit_if_skipped, info, run_command, shell_arg, ui
from forbattra.cli.options import (InputArg, Lang, ModelOpt, Redact, check_lang, read_input, reader_options, redacted,
                                   taxonomy_value, output_path)


@app.command()
@run_command
@reader_options()
def review(
    input: InputArg,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", metavar="FILE", parser=output_path, help="Workbook to write (.xlsx). Default: att_granska.xlsx (to_review.xlsx with --lang en).")] = None,
    n: Annotated[int, typer.Option("--n", "-n", metavar="N", min=1, max=5000, help="How many suggestions to pick.")] = 50,
    taxonomy: Annotated[Optional[str], typer.Option("--taxonomy", metavar="NAME|FILE", callback=taxonomy_value, help="Built-in taxonomy or YAML file. Default: the one stored with --model, else standard.")] = None,
    model: ModelOpt = None,
    redact: Redact = False,
    lang: Lang = None,
    *,
    read,
) -> None:
    """Pick the suggestions to label first (uncertain and varied) into a sheet 'Att granska'.

    Fill in 'Rättat tema', then: forbattra train --corrections FILE.
    Example: forbattra review forslag.xlsx -o att_granska.xlsx --n 50
    """
    from forbattra.outputs.writers import COLS, check_outputs, write_xlsx
    from forbattra.inputs.tables import TEXT
    from forbattra.scoring.active import REVIEW_SHEET, review_sheet, suggestion_rows
    from forbattra.scoring.pipeline import build_classifier
    from forbattra.scoring.stacking import retrain_arguments
    from forbattra.taxonomy import has_builtin_themes
    from forbattra.workflow import carry_corrections, known_corrections, remembered_by, text_key

    lang = check_lang(lang)
    ui.mask = redact  # the messages quote no personal data where the outputs mask it
    out = out or Path("to_review.xlsx" if lang == "en" else "att_granska.xlsx")
    check_outputs([out], [input], suffixes=(".xlsx",), protect_corrections=True)  # classify's workbook: not ours to replace
    sugg, skipped = read_input(input, read)
    if redact:
        sugg = redacted(sugg, input, read, lang)
    clf = build_classifier(taxonomy, model)
    # the suggestions, counted as classify's Teman sheet counts them: empty rows and non-answers apart
    candidates = suggestion_rows(list(sugg.frame[TEXT]), clf)
    if not candidates:  # an empty sheet to "fill in" helps no one: most likely the wrong text column
        from forbattra.errors import InputFileError

        raise InputFileError.of("err_review_no_suggestions", path=input, n=len(sugg.frame))
    # not the suggestions labelled already (those the model learnt from corrections, those the input's own
    # 'Rättat tema' holds): labelling them again teaches nothing, and a re-run after train picked most of them again
    known = known_corrections(sugg.frame, sugg, clf, lang)
    labelled = {i for i in candidates if text_key(sugg.frame[TEXT].iloc[i]) in known} if known else set()
    sheet = review_sheet(sugg.frame, clf, n, lang=lang, row_of=sugg.info.excel_row,  # rows as the input shows them
                         candidates=candidates, skip=labelled)
    c = COLS[lang]
    # a model folder of the user's: the train line (here, and in a refusal to lose a sheet's corrections) trains
    # that folder again (--out), with what it learnt from
    again = retrain_arguments(getattr(clf, "model_meta", None), Path(model), out) if model is not None else None
    # corrections typed into last time's sheet survive a re-run (or the run is refused, exit 3)
    header_row = int(sugg.info.header_row)
    sheet = carry_corrections(sheet, out, fix_col=c["fix"], id_col="id", text_cols=[sheet.columns[2]], log=info,
                              # the rows as the workbook records them (Rad less the header row: the data
                              # row, plus the empty lines above it in a CSV), as the old sheet's are read back
                              rows=[int(r) - header_row for r in sheet[c["row"]]],
                              lost_key="err_review_corrections_lost", known=remembered_by(clf),
                              known_key="err_review_corrections_known", train_arg=again)
    write_xlsx([(REVIEW_SHEET[lang], sheet)], out, title="forbattra – " + REVIEW_SHEET[lang],
               dropdowns={REVIEW_SHEET[lang]: (c["fix"], [clf.taxonomy.label(t, lang) for t in clf.taxonomy.ids])},
               lang=lang, row_offsets={REVIEW_SHEET[lang]: header_row},
               typed=[(REVIEW_SHEET[lang], "id")])  # the input's ids typed as classify's Förslag sheet has them
    from forbattra.scoring.stacking import MIN_CORRECTIONS_ALONE

    # corrections alone train among the themes of what chose them: a taxonomy of one's own is refused unless
    # named (err_train_own_review), so the line to copy names it — the YAML given, else the model folder's copy
    arg = shell_arg(out)
    if not has_builtin_themes(clf.taxonomy):
        own = Path(taxonomy) if taxonomy else Path(model) / "taxonomy.yaml" if model else None
        if own is not None and own.is_file():
            arg += " --taxonomy " + shell_arg(own)
    # fewer than train takes alone ('-n 10', a small file): the line to copy names the labelled file beside them
    key = "review_written" if len(sheet) >= MIN_CORRECTIONS_ALONE else "review_written_few"
    if again:
        key, arg = "review_written_retrain", again
    # a re-run onto its own sheet picks the same suggestions: those corrected there already are not to label
    # (a cell of '-', '?' or 'Vet ej' is no correction: train reads no theme in it, so the row is still to label)
    from forbattra.scoring.labels import split_cell

    done = int(sheet[c["fix"]].map(lambda v: isinstance(v, str) and bool(split_cell(v))).sum())
    from forbattra.i18n import Msg

    if apart := len(sugg.frame) - len(candidates):
        info("review_not_suggestions", n=apart)
    if labelled:
        info("review_labelled_apart", n=len(labelled), column=c["fix"])
    info(key, path=out, arg=arg, n=len(sheet), total=len(candidates) - len(labelled), column=c["fix"],
         minimum=MIN_CORRECTIONS_ALONE,
         done=Msg("review_done_part", done=done, left=len(sheet) - done) if done else "")
    exit_if_skipped(skipped)  # a folder's unreadable documents: partial success, exit 6

