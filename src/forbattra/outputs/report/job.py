"""The ``report`` job: read every input (raw export, classified file or history store), select,
and write one report to every target."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from forbattra.errors import InputFileError, OptionValueError, StoreError
from forbattra.i18n import Msg


@dataclass
class ReportRequest:
    """Everything ``forbattra report`` can be told (inputs as typed: a store URL is not a path)."""

    inputs: list[str]
    outs: list[Path] = field(default_factory=lambda: [Path("rapport.html")])
    taxonomy: str = "standard"
    model: str | None = None
    min_confidence: float | None = None
    lang: str = "sv"
    redact: bool = True
    since: str | None = None
    until: str | None = None
    groups: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)  # ids or labels
    compare_column: str | None = None
    title: str | None = None
    date: str | None = None  # printed on the report; the caller passes today's date
    read: object = None  # forbattra.inputs.ReadOptions for raw exports and classified files



def _documents(path: Path) -> bool:
    """A Word/PDF/text report or a folder of them: read as proposals, never a table with a person column."""
    from forbattra.inputs import DOCUMENT_SUFFIXES
    from forbattra.inputs.loading import is_document

    return path.is_dir() or (path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES and is_document(path))

def make_report(req: ReportRequest, *, reader: Callable | None = None, log: Callable = lambda key, **f: None,
                warn: Callable = lambda key, **f: None) -> int:
    """Build and write the report; returns the number of suggestions in it.

    ``reader(path)`` reads a raw export (default :func:`forbattra.inputs.load`); ``log``/``warn``
    receive message keys of :mod:`forbattra.i18n` with their fields.
    """
    import pandas as pd

    from forbattra.analysis.summary import unit_count
    from forbattra.inputs import DOCUMENT_SUFFIXES, load
    from forbattra.record import DATE, GROUP, PERSON, STATUS
    from forbattra.outputs.redact import name_columns
    from forbattra.outputs.report import (
        ORG, check_report_outputs, check_themes, filter_frame, is_classified_output, set_org_from_column,
        units_apart, write_reports,
    )
    from forbattra.outputs.report.data import period_span, read_classified, store_rows, unit_column_shown
    from forbattra.store import CORRECTED, STORE_SUFFIXES, check_location, display_location, is_url, open_to_read, stored_frame, \
        stored_total_rows
    from forbattra.workflow import ClassifyOptions, run_classify

    read = reader or load
    inputs: list[str] = []
    seen: set = set()
    for arg in req.inputs:  # a file named twice (a glob and a name) is read and counted once
        check_location(arg)  # a store's link without postgresql://: not "no such file" naming its password
        key = arg if is_url(arg) else Path(arg).resolve()
        if key in seen:
            warn("input_twice", path=arg)
            continue
        seen.add(key)
        inputs.append(arg)
    paths = [Path(i) for i in inputs]
    from forbattra.inputs.loading import check_not_stdin, check_readable

    for path, arg in zip(paths, inputs):
        # every input there before the first is read: a typo in the second of two names is its line now, not
        # after the first has been read and classified (minutes for a big export), as classify checks its -o
        if not is_url(arg):
            check_not_stdin(path)  # ('-' or a pipe: said so, not "no such file", never opened here)
        if not is_url(arg) and path.suffix.lower() in STORE_SUFFIXES and not path.is_file():
            raise StoreError.of("err_no_store", path=path)
        if not is_url(arg) and not path.exists():
            raise InputFileError.of("err_no_path", path=path)
        if not is_url(arg) and path.exists():  # (a .jsonl or a store is opened without the table readers' check)
            check_readable(path)
    orgs = org_names(paths)
    check_report_outputs(list(req.outs), paths)
    tax = None
    if req.taxonomy is None and req.model is None:  # the taxonomy the classified inputs were sorted with, for
        # them and for raw exports beside them, whichever comes first
        from forbattra.outputs.report.data import sorted_with

        for path, arg in zip(paths, inputs):
            if not is_url(arg) and path.suffix.lower() not in STORE_SUFFIXES and path.is_file() \
                    and is_classified_output(path):
                tax = sorted_with(path)
                if tax is not None:
                    break
    frames = []
    model_meta = _model_meta(req.model)
    sorted_by: list = []  # each input's sorting model's figures (None: not known), when no --model says it
    org_spelling: dict[str, str] = {}  # --compare-column: an organisation's first spelling, across the inputs
    notes: dict[str, int] = {}  # what the report says of the stores read (sections.Context.store_notes)
    erased_in: list[tuple] = []  # of several inputs, each store whose every suggestion was erased: named
    unit_columns: list = []  # each input's column its units were read from (None: none), for Förklaringar
    for path, arg, org in zip(paths, inputs, orgs):
        if is_url(arg) or path.suffix.lower() in STORE_SUFFIXES:
            if not is_url(arg) and not path.is_file():
                raise StoreError.of("err_no_store", path=path)
            # a file made ahead of the first run, a database no run has written, is not opened: opening writes the
            # store's tables into it
            store = open_to_read(arg)
            display = store.display if store is not None else display_location(arg)
            if tax is None:  # the taxonomy of the store's latest run, unless one is given
                from forbattra.analysis.trends import stored_taxonomy

                given = req.taxonomy is not None or req.model is not None
                last = next(iter(store.last_runs(1)), None) if store is not None else None
                tax = _taxonomy(req.taxonomy, req.model) if given else stored_taxonomy(last, source=display)
                if not given and req.lang == "en":  # (one given was spoken of before reading)
                    from forbattra.taxonomy import labels_as_written

                    if (said := labels_as_written(tax)) is not None:
                        log(said.key, **said.fields)
            stored = store.frame() if store is not None else stored_frame()
            frame = store_rows(stored, req.lang)
            unit_columns.append(unit_column_shown(frame, req.lang))
            check_themes(frame, tax, display)
            log("read_store", path=display, n=len(frame))
            gone = store.not_in_latest_export(stored) if store is not None else None
            if gone is not None:  # (counted: a report from the store counts every stored suggestion; said)
                warn(gone[0], path=display, **gone[1])
                notes["read_store_not_in_export"] = notes.get("read_store_not_in_export", 0) + gone[1]["n"]
            totals = stored_total_rows(stored)
            if totals:  # (an earlier version's total rows, stored as suggestions: counted so, said)
                import shlex

                warn("store_total_rows", path=display, n=len(totals), ids=shlex.join(totals))
                # (and in the report, whose reader sees no terminal: its counts hold them)
                notes["read_store_total_rows"] = notes.get("read_store_total_rows", 0) + len(totals)
            if stored[CORRECTED].any():  # (counted as corrected, as a report of the workbook counts Rättat tema)
                log("store_corrected", path=display, n=int(stored[CORRECTED].sum()))
                notes["read_store_corrected"] = notes.get("read_store_corrected", 0) + int(stored[CORRECTED].sum())
            if req.min_confidence is not None:  # (its suggestions were sorted when they were stored)
                warn("report_min_confidence_sorted", path=display)
            sorted_by.append(None)  # a store's runs may have used several models
            if not len(frame) and store is not None and (forgotten := store.runs_read())[1]:
                # runs that read rows, every suggestion erased since ('forget'): said so, on the terminal and in the
                # report, not "no suggestions yet", as trends says it
                log("store_forgotten", path=display, runs=forgotten[0])
                if len(paths) > 1:  # (not "every suggestion erased" in a report counting another input's)
                    erased_in.append(("read_store_forgotten_in", forgotten[0], {"store": display}))
                else:
                    notes["read_store_forgotten"] = forgotten[0]
            elif not len(frame):  # (as trends says it; no word about names a store without suggestions lacks)
                log("store_empty", path=display)
            elif req.redact and (PERSON not in frame.columns or not frame[PERSON].notna().any()):
                # a notice, as a file's no_person_column below: a report masks by default, and a store of
                # anonymous exports has no names every night (--quiet hides it; it is no fault of the run)
                log("store_no_names", path=display)
        elif is_classified_output(path):
            ro = req.read
            options = dict(text_column=list(ro.text_columns) or None if ro else None,
                           id_column=getattr(ro, "id_column", None), group_column=getattr(ro, "group_column", None),
                           date_column=getattr(ro, "date_column", None), person_column=getattr(ro, "person_column", None))
            tax = tax or _taxonomy(req.taxonomy, req.model)  # (found before the loop where the file says it)
            frame, unit_column, roles = read_classified(path, tax, **options, lang=req.lang)
            unit_columns.append(unit_column)
            check_themes(frame, tax, str(path))
            log("read_classified", path=path, n=len(frame))
            if roles is not None and path.suffix.lower() == ".csv":
                # a .csv records no columns (a workbook does): those found from its header are said, as a raw
                # export's are, since its units, dates and names may be other columns than classify read
                from forbattra.i18n import column_roles

                log("columns", roles=column_roles(roles))
                missing = [opt for opt, key in (("-t", "text_column"), ("-g", "group_column"),
                                                ("--date-column", "date_column"), ("--person-column", "person_column"))
                           if not options[key]]
                if missing:  # (the options not given: those a column found from the header may need)
                    log("report_csv_roles", path=path, options=", ".join(missing))
            if req.min_confidence is not None:  # (sorted by classify: its themes, corrections too, are the file's)
                warn("report_min_confidence_sorted", path=path)
            if path.suffix.lower() == ".xlsx":
                from forbattra.outputs.writers import recorded_model

                sorted_by.append(recorded_model(path))  # the model that sorted it, if classify recorded it
            else:
                sorted_by.append(None)
        else:
            sugg, _ = read(path)
            sort_with = req.taxonomy
            if sort_with is None and req.model is None and tax is not None:  # as the inputs before it were sorted
                from forbattra.workflow import _taxonomy_file

                sort_with = tax.name if tax.source.endswith("(built-in)") else _taxonomy_file(tax)
            result = run_classify(sugg, ClassifyOptions(outs=[], taxonomy=sort_with, model=req.model,
                                                        min_confidence=req.min_confidence, lang=req.lang),
                                  inputs=[path], log=log)
            frame, tax = result.frame, result.classifier.taxonomy
            unit_columns.append(sugg.columns.group)
            from forbattra.outputs.writers import accuracy_record

            clf = result.classifier
            sorted_by.append(accuracy_record(clf.model_meta) if clf.model is not None or clf.model_meta.get("path")
                             else None)
        if req.redact and not is_url(arg) and path.suffix.lower() not in (*STORE_SUFFIXES, *DOCUMENT_SUFFIXES) \
                and path.is_file() and not getattr(req.read, "person_column", None) \
                and (PERSON not in frame.columns or not frame[PERSON].notna().any()) and not name_columns(frame):
            # names then masked only if some text marks them; a notice (a report masks by default, and an
            # anonymous survey has no names: a nightly report with --quiet need not say it every night)
            log("no_person_column", path=path)
        elif req.redact and not is_url(arg) and _documents(path) and not name_columns(frame) \
                and (PERSON not in frame.columns or not frame[PERSON].notna().any()):
            log("no_person_column_docs", path=path)  # a Word or PDF report: the same, and no column to give
        if req.compare_column:
            # (a store's link named as every line names it: its password masked, not the link as a path)
            frame = set_org_from_column(frame, req.compare_column, display_location(arg) if is_url(arg) else str(path),
                                        org_spelling, store_lang=req.lang if is_url(arg) or path.suffix.lower()
                                        in STORE_SUFFIXES else None)
        elif len(paths) > 1:
            frame = frame.assign(**{ORG: org})
        frames.append(frame)
    assert tax is not None  # every input sets it
    if model_meta is None and sorted_by and all(m is not None and m == sorted_by[0] for m in sorted_by):
        # one accuracy only when every input was sorted by the same model (else: not stated, not one input's)
        model_meta = sorted_by[0]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if len(frames) > 1 and GROUP in frame:  # one unit however the inputs spelt it, as within one file
        from forbattra.inputs.tables import same_units

        frame[GROUP] = same_units(list(frame[GROUP]))
    frame = units_apart(frame)  # before --group, so both "Hemtjänst" and "Hemtjänst (nord)" select
    themes = [_theme_id(x, tax) for x in req.themes]
    groups = [_group(g, frame, req.redact) for g in req.groups]
    n0 = len(frame)
    everything = frame  # every row read: the names masking knows are theirs, whatever is selected
    # the suggestions without a date that a date selection leaves out (they are in no period): said, not lost —
    # suggestions, as the month chart's note counts them: an export's blank line or total row is no undated suggestion
    undated = 0
    if req.since or req.until:
        from forbattra.store import NOT_SUGGESTIONS

        chosen = filter_frame(frame, groups=groups or None)
        status = list(chosen[STATUS]) if STATUS in chosen else [None] * len(chosen)
        undated = sum(not d and st not in NOT_SUGGESTIONS for d, st in zip(chosen[DATE], status))
    # the dates the rows read cover within --since/--until: a month is partial by them, not by --group's or
    # --theme's suggestions alone
    dated = [d for d in filter_frame(frame, since=req.since, until=req.until)[DATE] if d]
    covered = period_span(dated) if dated else None
    frame = filter_frame(frame, since=req.since, until=req.until, groups=groups or None)
    # a theme's breadth is against every unit of the selection, also those that raised none of the --theme
    # themes (else a theme raised by three units of eighty reads "brett förankrat" in a report of that theme)
    units_total = unit_count(frame)
    unselected = None  # the rows before --theme: the themes' key terms are told apart in them
    if themes:
        unselected = frame
        frame = filter_frame(frame, themes=themes)
    described = []
    if req.since or req.until:
        described.append(f"{req.since or '…'} – {req.until or '…'}")
    if groups:
        described.append(", ".join(groups))
    if themes:
        described.append(", ".join(tax.label(x, req.lang) for x in themes))
    if undated:
        described.append(Msg("selection_undated", n=undated).render(req.lang))
    if described:
        log("selected", n=len(frame), total=n0, what="; ".join(described))
        if not len(frame):
            warn("empty_selection")
    write_reports(frame, tax, list(req.outs), lang=req.lang, title=req.title, redact=req.redact,
                  filters="; ".join(described) or None, date=req.date, model_meta=model_meta,
                  units_total=units_total, names_from=everything, terms_from=unselected,
                  rows_total=len(unselected) if unselected is not None else None, themes=themes or None,
                  log=lambda key, **fields: None, store_notes=(*sorted(notes.items()), *erased_in), covered=covered,
                  # the column the units are from, named in Förklaringar as classify's workbook names it: where
                  # they are its values (one input; several, or --compare-column, may add the organisation to a unit)
                  unit_column=unit_columns[0] if len(unit_columns) == 1 and ORG not in frame.columns else None)
    for target in req.outs:
        log("wrote", path=target)
    return len(frame)


def _theme_id(value: str, tax) -> str:
    """A theme named by id or label (any case), or an OptionValueError naming the closest one."""
    tid = tax.find(value)
    if tid is not None:
        return tid
    names = [*tax.ids, *(tax.label(t) for t in tax.ids)]
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    hint = Msg("err_hint_did_you_mean", name=close[0]) if close else Msg("err_hint_known_themes", ids=", ".join(tax.ids))
    raise OptionValueError.of("err_no_theme", value=value, hint=hint)


def _group(value: str, frame, redact: bool = False) -> str:
    """A unit that occurs in the data, or an OptionValueError with the closest unit name (``redact``: the
    units it names as the report shows them, masked with the names of the data's person column)."""
    from forbattra.record import GROUP

    units = sorted({str(g) for g in frame[GROUP] if isinstance(g, str) and g}) if GROUP in frame else []
    if value in units:
        return value
    from forbattra.inputs.tables import unit_key  # as the reader tells units apart

    folded = {unit_key(u): u for u in units}  # (the data's units have their spaces collapsed already)
    key = unit_key(" ".join(value.split()))
    if key in folded:
        return folded[key]
    if any(u.casefold().startswith(value.casefold() + " (") for u in units):
        return value  # a unit kept apart per organisation ("Hemtjänst (nord)", "Hemtjänst (syd)"): all of them
    close = difflib.get_close_matches(value, units, n=1, cutoff=0.6)
    shown = {u: u for u in units}
    if redact and units:  # (the message's own masking knows no names of the data: a unit named by one kept it)
        from forbattra.outputs.redact import make_redactor, mask_units

        order = list(dict.fromkeys(g for g in frame[GROUP] if isinstance(g, str) and g))  # as redact_frame numbers
        shown = dict(zip(order, mask_units(order, make_redactor(frame))))
        shown = {u: shown.get(u, u) for u in units}
    listed = sorted(shown.values()) if redact else units
    hint = (Msg("err_hint_did_you_mean", name=shown[close[0]]) if close
            else Msg("err_hint_units", units=", ".join(listed[:10]) + (" …" if len(listed) > 10 else "")) if units
            else Msg("err_hint_no_units"))
    raise OptionValueError.of("err_no_unit", value=value, hint=hint)


def _taxonomy(taxonomy, model):
    """The taxonomy a classified file is read with: ``--taxonomy``, else the taxonomy stored in the
    ``--model`` folder (a file classified with a model of one's own categories), else ``standard``."""
    from forbattra.taxonomy import load_taxonomy

    if taxonomy is None and model is not None and str(model).lower() not in ("none", "lexicon"):
        from forbattra.scoring.model import load_model

        return load_model(model)[2]  # checked as classify checks it (missing or broken: exit 5)
    return load_taxonomy(taxonomy)


def model_taxonomy(model):
    """The taxonomy stored in a ``--model`` folder (:func:`_taxonomy`)."""
    return _taxonomy(None, model)


def _model_meta(model) -> dict | None:
    """model.json of an explicitly given model (for the report's accuracy note), else None.

    A classify workbook records its model's figures (``writers.recorded_model``); a .jsonl or .csv does
    not, so without --model the report does not claim an accuracy for it; a raw export classified here uses
    the model it was classified with.
    """
    import json

    if model is None or str(model).lower() in ("none", "lexicon"):
        return None
    from forbattra.scoring.model import model_folder

    path = model_folder(model) / "model.json"
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a broken model is reported by whatever loads it for classifying
    return meta if isinstance(meta, dict) else None


def org_names(paths: list[Path]) -> list[str]:
    """Each input's name in a comparison: its file name without suffix, with as many folders in front as
    it takes to tell apart files of the same name (``nord/export``, ``syd/export``), or with its suffix where
    they lie in one folder (``nord.xlsx``, ``nord.csv``: no folder tells them apart, and one name for both made
    them one organisation, the comparison left out without a word)."""
    names = [p.stem for p in paths]
    folders = [p.resolve().parent for p in paths]
    names = [p.name if any(m == n and f == folder and q != p for q, m, f in zip(paths, names, folders)) else n
             for p, n, folder in zip(paths, names, folders)]
    for depth in range(1, 8):
        clash = {n for n in names if names.count(n) > 1}
        if not clash:
            break
        names = [("/".join(p.resolve().parts[-depth - 1:-1]) + "/" + p.stem) if n in clash else n
                 for p, n in zip(paths, names)]
    return names
