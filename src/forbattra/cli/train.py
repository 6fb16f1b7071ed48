"""``forbattra train``: a model from your labels and corrections, for ``classify --model``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, echo_json, info, live_on_stderr, run_command, say, shell_arg, ui, warn
from forbattra.cli.options import (Lang, check_lang, input_path, read_input, reader_options, taxonomy_value, output_path,
                                   warn_names_unmarked)
from forbattra.i18n import render


@app.command()
@run_command
@reader_options()
def train(
    labelled: Annotated[Optional[Path], typer.Argument(metavar="LABELLED", parser=input_path, help="Labelled suggestions: a column with theme ids or your own category names, several separated by '|' or ';' (never ',').")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", parser=output_path, help="Model directory to write.")] = Path("forbattra-model"),
    label_column: Annotated[str, typer.Option("--label-column", "-l", metavar="COLUMN", help="Column with the right categories (its name, letter or number): ids or labels, several separated by '|' or ';'.")] = "teman",
    taxonomy: Annotated[Optional[str], typer.Option("--taxonomy", metavar="NAME|FILE", callback=taxonomy_value, help="Taxonomy the labels belong to. Default: a built-in one when the labels are its themes, else categories made from the labels.")] = None,
    corrections: Annotated[Optional[list[Path]], typer.Option("--corrections", metavar="FILE", readable=False, help="Excel/CSV output of 'classify' where you filled in the 'Rättat tema' column; repeatable.")] = None,
    base: Annotated[Optional[bool], typer.Option("--base/--no-base", help="Build on forbattra's shipped model (default for a built-in taxonomy) or start from scratch.", show_default=False)] = None,
    precise: Annotated[bool, typer.Option("--precise", help="Add sentence-embedding features (multilingual-e5; needs the 'precise' extra). Slower: ≈ 10–20 texts per CPU-second to train and to classify.")] = False,
    folds: Annotated[int, typer.Option("--folds", metavar="N", min=2, max=20, help="Cross-validation folds for the reported F1 and tuning.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", envvar="FORBATTRA_TRAIN_JSON", help="Print the metrics as JSON.")] = False,
    redact: Annotated[Optional[bool], typer.Option("--redact/--no-redact", help="Learn from the texts masked as 'classify --redact' masks them: no name, e-mail address or phone number becomes a word of the model folder. Default: as the model in --out was trained, else not.", show_default=False)] = None,
    lang: Lang = None,
    *,
    read,
) -> None:
    """Train a model on your labelled suggestions (and corrections) for 'classify --model'.

    Example: forbattra train egna.xlsx --label-column kategori --out egen-modell
    """
    import dataclasses

    from forbattra.scoring.labels import find_label_column
    from forbattra.scoring.stacking import train_from_labels
    from forbattra.scoring.training import TrainingInput

    from forbattra.scoring.model import check_model_out

    check_lang(lang)  # the messages' language (a model has no language: labels are the user's own)

    check_model_out(out)  # before any work: a file or a folder of other things is never replaced
    from forbattra.config import source_date_epoch

    source_date_epoch()  # a malformed SOURCE_DATE_EPOCH (the training date) refused now, not after the training
    if labelled is None and not corrections:
        if base and not precise:  # 'train --base' alone: (re)build the shipped model from forbattra's own corpus
            _train_corpus(taxonomy or "standard", out, folds, as_json)
            return
        raise typer.BadParameter(say("bad_train_input"), param_hint="LABELLED")
    labelled_in = None
    if labelled is not None:
        sugg, _ = read_input(labelled, dataclasses.replace(read, label_column=label_column))  # (the labels: no text)
        if redact:
            warn_names_unmarked(sugg, labelled, read)
        labelled_in = TrainingInput(sugg, find_label_column(sugg, label_column), str(labelled),
                                    sheet=sugg.info.sheet if read.sheet is not None else None,
                                    text_columns=tuple(read.text_columns))
    corr_in = []
    from forbattra.inputs.loading import open_in_excel

    # --sheet and --text-column are the labelled file's where one is given (a classify or review workbook's
    # corrections are found in it whatever its sheets are called: the labelled workbook's sheet named there refused
    # them, or read another); of the corrections alone, theirs (the column a .csv output of classify -t does not
    # record, which the error of one not found says to give)
    corr_read = dataclasses.replace(read, text_columns=() if labelled is not None else read.text_columns,
                                    sheet=read.sheet if labelled is None else None)
    # a file given twice (however its path is written: a line pasted onto one naming it) is read once: read again,
    # its corrections were all learnt already and its count 0 replaced its own, so the model forgot its source
    import os

    once: dict[str, Path] = {}
    for c in corrections or []:
        once.setdefault(os.path.abspath(c), c)
    corrections = list(once.values())
    for c in corrections:
        _refuse_a_folder(c)
    for c in corrections:
        if lock := open_in_excel(c):  # corrections typed but not saved yet are not read
            warn("file_open_in_excel", path=c, lock=lock)
        sugg, _ = read_input(c, corr_read)
        corr_in.append(TrainingInput(sugg, None, str(c)))
        # classify --review's *Att granska* too (wherever it stands among the sheets; its own columns, *Förslag*)
        for name in _review_sheets(c, sugg.info.sheet) if corr_read.sheet is None else ():
            sugg, _ = read_input(c, dataclasses.replace(corr_read, text_columns=(), sheet=name))
            corr_in.append(TrainingInput(sugg, None, f"{c} ({name})"))
    with _status() as step:
        result, meta, tax = train_from_labels(labelled_in, corr_in, taxonomy=taxonomy, out=out, base=base,
                                              folds=folds, log=info, warn=warn, progress=step, precise=precise,
                                              redact=redact)
    m = result.metrics
    share = meta.pop("_top_share", None)
    meta.pop("_support", None)
    verdict = meta.pop("_verdict", None)
    if share and not meta.get("sort_by_meaning"):  # (not of a model that is not used)
        from forbattra.i18n import Worded

        warn("one_theme_model", share=share[1], theme=Worded(tax.label(share[0]), tax.label(share[0], "en")))
    if as_json:
        echo_json({k: v for k, v in meta.items() if k not in ("vocabulary", "corrections_map")})
        return
    # the labels' own model: its figure is the model folder's only where it sorts; else named as set aside
    info("trained_set_aside" if meta.get("sort_by_meaning") else "trained",
         n=result.n_train, micro=m["cv_micro_f1"], macro=m["cv_macro_f1"], folds=m["cv_folds"])
    if m["cv_folds"] < folds:  # too few rows for the folds asked: say why the figure has fewer
        from forbattra.scoring.model import ROWS_PER_FOLD

        info("cv_fewer_folds", asked=folds, n=result.n_train, used=m["cv_folds"], per=ROWS_PER_FOLD)
    if m.get("single_label") and (meta.get("meaning") or not meta.get("sort_by_meaning")):
        info("single_label_model")  # (not where the meaning sorts as it is: its own rule, themes or Övrigt)
    if meta.get("redacted"):
        info("trained_redacted")
    if precise:
        info("precise_model", weight=m.get("embedding_weight", 0.0))
    if "zeroshot_micro_f1_on_these_rows" in m:
        zs = m["zeroshot_micro_f1_on_these_rows"]
        info("zeroshot_score", micro=zs)
        if "meaning_micro_f1_on_these_rows" in m:
            info("meaning_labels_score", micro=m["meaning_micro_f1_on_these_rows"])
        if verdict:  # (after the figures it follows from)
            info(verdict)
        # the conclusion last, with the figure of what the model folder sorts by
        if meta.get("meaning"):
            info("meaning_labels_model", path=out, micro=m["meaning_micro_f1_on_these_rows"])
        elif meta.get("sort_by_meaning"):
            # "(with your corrections)" only where the folder holds some: given now, or remembered from before
            info("zeroshot_kept_model" if meta.get("corrections_map") else "zeroshot_kept_model_plain", path=out, micro=zs)
        elif m["cv_micro_f1"] < zs:  # worse than no model on the user's own rows, though not clearly
            warn("below_zeroshot", micro=m["cv_micro_f1"], zeroshot=zs, out=out)
        else:
            info("labels_model_kept", path=out, micro=m["cv_micro_f1"])
    if "base_micro_f1_on_these_rows" in m:
        info("base_score", micro=m["base_micro_f1_on_these_rows"])
        if m.get("C") == 0.0:  # the shipped weights; with one theme per labelled row, not its decision
            info("base_kept_single" if m.get("single_label") else "base_kept")
    info("use_model", path=out, arg=shell_arg(out))


def _train_corpus(taxonomy: str, out: Path, folds: int, as_json: bool) -> None:
    """The shipped model's recipe: forbattra's labelled corpus only (``train --base --out models/standard``)."""
    from forbattra.scoring.training import run_train

    result, meta = run_train(None, [], taxonomy=taxonomy, out=out, base=True, folds=folds, log=info)
    m = result.metrics
    if as_json:
        echo_json({k: v for k, v in meta.items() if k != "vocabulary"})
        return
    info("trained", n=result.n_train, micro=m["cv_micro_f1"], macro=m["cv_macro_f1"], folds=m["cv_folds"])
    info("use_model", path=out, arg=shell_arg(out))


class _status:
    """A Rich spinner on stderr naming the current step (only on a terminal, not with --quiet or
    --log-format json: :func:`~forbattra.cli.app.live_on_stderr`)."""

    def __enter__(self):
        self._st = None
        if live_on_stderr():
            from rich.console import Console

            self._st = Console(stderr=True).status(say("train_step_start"))
            self._st.__enter__()
        return self.update

    def update(self, msg: str) -> None:
        if self._st is not None:
            self._st.update(render(msg, ui.lang))

    def __exit__(self, *exc):
        if self._st is not None:
            self._st.__exit__(*exc)
        return False


def _refuse_a_folder(path: Path) -> None:
    """A folder given to ``--corrections`` (the one the classify workbook lies in) is refused naming a workbook in
    it: read as a folder of reports, it was said to hold no document, or no 'Rättat tema' column."""
    from forbattra.errors import InputFileError

    if not path.is_dir():
        return
    try:
        names = sorted(f for f in path.iterdir() if f.is_file() and not f.name.startswith(("~$", ".")))
    except OSError:  # (a folder that cannot be listed: no example)
        names = []
    example = next((f for suffix in (".xlsx", ".csv") for f in names if f.suffix.lower() == suffix),
                   path / "forslag-teman.xlsx")
    raise InputFileError.of("err_corrections_folder", path=path, example=example)


def _review_sheets(path, read: str | None) -> list[str]:
    """The *Att granska* / *To review* sheets of a workbook that ``classify --review`` wrote beside its
    *Förslag* sheet, when they hold corrections, other than the sheet ``read`` already (moved to the front in
    Excel, *Att granska* is still one to read beside *Förslag*)."""
    from forbattra.outputs.writers import CORRECTION_COLUMNS
    from forbattra.scoring.active import REVIEW_SHEET

    if path.suffix.lower() != ".xlsx":
        return []
    try:
        import pandas as pd

        book = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False, engine="calamine")
    except Exception:  # noqa: BLE001 - the reader gives the user's error for the file itself
        return []
    def corrected(name: str) -> bool:
        frame = book[name]
        cols = [j for j, c in enumerate(frame.columns) if c in CORRECTION_COLUMNS]
        if any((frame.iloc[:, j].str.strip() != "").any() for j in cols):
            return True
        if not cols:
            return False
        # formulas nobody calculated (openpyxl) read as empty: the sheet is read, and train names those rows
        from forbattra.inputs.tables import uncomputed_rows

        return bool(uncomputed_rows(path, name, cols, start=1))

    return [n for n in book if n != read and n in REVIEW_SHEET.values() and corrected(n)]
