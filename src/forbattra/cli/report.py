"""The ``forbattra report`` command: a committee report as HTML, Markdown or Excel.

Only typer and the standard library at module level; call :func:`register` with the Typer app.
"""


from pathlib import Path
from typing import Annotated, Optional

import typer


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to ``app``."""
    from forbattra.cli.app import (
        DateCol, Delimiter, Encoding, GroupCol, IdCol, Lang, MinConf, ModelOpt, PersonCol, Sheet, Taxo, TextCol,
        _run,
    )

    @app.command("report")
    @_run
    def report(
        inputs: Annotated[list[Path], typer.Argument(metavar="INPUT...", help="Raw export(s) to classify, or classify's own output (.jsonl, or .xlsx/.csv with a 'Tema-id' column). Several files are compared side by side (one organisation per file).")],
        out: Annotated[Optional[list[Path]], typer.Option("--out", "-o", help="Report file: .html, .xlsx or .md (repeat for several). Default: rapport.html.")] = None,
        taxonomy: Taxo = "standard",
        model: ModelOpt = None,
        min_confidence: MinConf = None,
        text_column: TextCol = None,
        id_column: IdCol = None,
        group_column: GroupCol = None,
        date_column: DateCol = None,
        person_column: PersonCol = None,
        sheet: Sheet = None,
        encoding: Encoding = None,
        delimiter: Delimiter = None,
        lang: Lang = "sv",
        no_redact: Annotated[bool, typer.Option("--no-redact", help="Do not mask personal data (personnummer, phone, e-mail, names).")] = False,
        since: Annotated[Optional[str], typer.Option("--since", help="Only suggestions dated on or after this day (YYYY-MM-DD).")] = None,
        until: Annotated[Optional[str], typer.Option("--until", help="Only suggestions dated on or before this day (YYYY-MM-DD).")] = None,
        group: Annotated[Optional[list[str]], typer.Option("--group", help="Only this unit (repeatable).")] = None,
        theme: Annotated[Optional[list[str]], typer.Option("--theme", help="Only suggestions with this theme id (repeatable).")] = None,
        compare_column: Annotated[Optional[str], typer.Option("--compare-column", help="Column naming the organisation (e.g. kommun, förvaltning) to compare theme shares side by side.")] = None,
        title: Annotated[Optional[str], typer.Option("--title", help="Report title.")] = None,
        report_date: Annotated[Optional[str], typer.Option("--date", help="Date printed on the report (YYYY-MM-DD). Default: today. Same input, options and date give the same file.")] = None,
    ) -> None:
        """Write a report for a committee: themes, units, trend, breadth vs volume, examples.

        Example: forbattra report forslag.xlsx --out rapport.html --out rapport.xlsx
        """
        _report(inputs, out=out, taxonomy=taxonomy, model=model, min_confidence=min_confidence,
                read_opts=dict(text_column=text_column, id_column=id_column, group_column=group_column,
                               date_column=date_column, person_column=person_column, sheet=sheet,
                               encoding=encoding, delimiter=delimiter),
                lang=lang, redact=not no_redact, since=since, until=until, groups=group, themes=theme,
                compare_column=compare_column, title=title, report_date=report_date)


def _iso(value: Optional[str], hint: str) -> Optional[str]:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise typer.BadParameter("use an ISO date, e.g. 2024-01-31", param_hint=hint) from None


def _report(inputs: list[Path], *, out, taxonomy, model, min_confidence, read_opts: dict, lang: str, redact: bool,
            since, until, groups, themes, compare_column, title, report_date=None) -> None:
    import pandas as pd

    from forbattra.cli.app import _read, _validate_lang, info, warn
    from forbattra.outputs.report import (
        ORG, check_report_outputs, check_themes, filter_frame, is_classified_output, load_classified,
        set_org_from_column, write_reports,
    )
    from forbattra.inputs.tables import PERSON
    from forbattra.taxonomy import load_taxonomy
    from forbattra.workflow import ClassifyOptions, run_classify

    _validate_lang(lang)
    since, until = _iso(since, "--since"), _iso(until, "--until")
    from datetime import date as _date

    report_date = _iso(report_date, "--date") or _date.today().isoformat()
    if since and until and since > until:
        raise typer.BadParameter(f"--since {since} is after --until {until}", param_hint="--since")
    outs = list(out or [Path("rapport.html")])
    check_report_outputs(outs, inputs)
    tax = None
    frames = []
    model_meta = _model_meta(model)
    for path in inputs:
        if path.suffix.lower() in (".db", ".sqlite", ".sqlite3"):
            from forbattra.store import Store

            if not path.is_file():
                from forbattra.errors import StoreError

                raise StoreError(f"{path}: no such store")
            if tax is None:
                tax = load_taxonomy(taxonomy)
            frame = Store(str(path)).frame()
            check_themes(frame, tax, str(path))
            info(f"Read {path} (history store, {len(frame)} suggestions)")
            if redact and (PERSON not in frame.columns or not frame[PERSON].notna().any()):
                warn(f"{path}: the store keeps no person names, so names written in the suggestions cannot be "
                     "masked (personnummer, phone numbers and e-mail addresses are); classify with --redact "
                     "before storing to keep names out of reports")
        elif is_classified_output(path):
            if tax is None:
                tax = load_taxonomy(taxonomy)
            opts = {k: v for k, v in read_opts.items() if k not in ("sheet", "encoding", "delimiter")}
            frame = load_classified(path, tax, **opts)
            check_themes(frame, tax, str(path))
            info(f"Read {path} (classified output, {len(frame)} rows)")
        else:
            sugg, skipped = _read(path, **read_opts)
            for f, reason in skipped:
                warn(f"skipped {f}: {reason}")
            result = run_classify(sugg, ClassifyOptions(outs=[], taxonomy=taxonomy, model=model,
                                                        min_confidence=min_confidence, lang=lang),
                                  inputs=[path], log=info)
            frame, tax = result.frame, result.classifier.taxonomy
            if result.classifier.model is not None:
                model_meta = result.classifier.model_meta
        if compare_column:
            frame = set_org_from_column(frame, compare_column, str(path))
        elif len(inputs) > 1:
            frame = frame.assign(**{ORG: path.stem})
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if themes:
        unknown = [x for x in themes if x not in tax]
        if unknown:
            raise typer.BadParameter(f"unknown theme id(s) {', '.join(unknown)}; known: {', '.join(tax.ids)}",
                                     param_hint="--theme")
    n0 = len(frame)
    frame = filter_frame(frame, since=since, until=until, groups=groups, themes=themes)
    described = []
    if since or until:
        described.append(f"{since or '…'} – {until or '…'}")
    if groups:
        described.append(", ".join(groups))
    if themes:
        described.append(", ".join(tax.label(x, lang) for x in themes))
    if described:
        info(f"Selected {len(frame)} of {n0} suggestions ({'; '.join(described)})")
        if not len(frame):
            warn("no suggestion matches the selection; the report is empty")
    write_reports(frame, tax, outs, lang=lang, title=title, redact=redact, filters="; ".join(described) or None,
                  date=report_date, model_meta=model_meta, log=info)


def _model_meta(model) -> Optional[dict]:
    """model.json of an explicitly given model (for the report's accuracy note), else None.

    Classified files do not record which model sorted them, so without --model the report does not
    claim an accuracy for them; a raw export classified here uses the model it was classified with.
    """
    import json

    if model is None or str(model).lower() in ("none", "lexicon"):
        return None
    path = Path(model) / "model.json"
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a broken model is reported by whatever loads it for classifying
    return meta if isinstance(meta, dict) else None
