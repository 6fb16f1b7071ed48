"""The ``forbattra`` command line: options in, library calls, a Rich summary out.

Only typer and the standard library are imported at module level so ``forbattra --help`` stays
instant; each command imports what it needs. Errors are turned into messages in one place
(:func:`_run`): a :class:`~forbattra.errors.ForbattraError` becomes ``Error: ...`` on stderr with its
documented exit code; anything else is an internal error (exit 1; traceback with ``--verbose``).
"""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from forbattra.errors import EXIT_INTERNAL, ForbattraError

app = typer.Typer(
    name="forbattra",
    help="Sort Swedish staff improvement suggestions (förbättringsförslag) into themes.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "FORBATTRA"},
)
taxonomy_app = typer.Typer(help="List, show, validate and create taxonomies.", no_args_is_help=True)
app.add_typer(taxonomy_app, name="taxonomy")

_STATE = {"verbose": False, "quiet": False, "log_format": "text"}


@app.callback()
def _main(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks and details.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    log_format: Annotated[str, typer.Option("--log-format", help="Messages on stderr as 'text' or 'json' (one object per line).")] = "text",
    config: Annotated[Optional[Path], typer.Option("--config", help="Config file (.toml or .yaml); default: ./forbattra.toml or ./forbattra.yaml if present.")] = None,
) -> None:
    """Sort Swedish staff improvement suggestions (förbättringsförslag) into themes."""
    if log_format not in ("text", "json"):
        raise typer.BadParameter("use 'text' or 'json'", param_hint="--log-format")
    _STATE.update(verbose=verbose, quiet=quiet, log_format=log_format)
    from forbattra.config import load_config

    try:
        defaults = load_config(config, commands=_command_options(ctx))
    except ForbattraError as exc:
        _emit_error(str(exc))
        raise typer.Exit(exc.exit_code) from None
    if defaults:
        ctx.default_map = {**(ctx.default_map or {}), **defaults}


def _command_options(ctx: typer.Context) -> dict[str, set[str]]:
    """Option names per (sub)command, for validating config keys."""
    out: dict[str, set[str]] = {}

    def walk(cmd, prefix: str) -> None:
        for name, sub in getattr(cmd, "commands", {}).items():
            key = f"{prefix}{name}"
            out[key] = {p.name for p in sub.params if p.name}
            walk(sub, key + ".")

    walk(ctx.command, "")
    return out


# ------------------------------------------------------------------------------------------------
# messages


def _emit_error(msg: str) -> None:
    if _STATE["log_format"] == "json":
        sys.stderr.write(json.dumps({"level": "error", "message": msg}, ensure_ascii=False) + "\n")
    else:
        sys.stderr.write(f"Error: {msg}\n")


def info(msg: str) -> None:
    """A progress/status message on stderr (suppressed by --quiet)."""
    if _STATE["quiet"]:
        return
    if _STATE["log_format"] == "json":
        sys.stderr.write(json.dumps({"level": "info", "message": msg}, ensure_ascii=False) + "\n")
    else:
        sys.stderr.write(msg + "\n")


def warn(msg: str) -> None:
    if _STATE["log_format"] == "json":
        sys.stderr.write(json.dumps({"level": "warning", "message": msg}, ensure_ascii=False) + "\n")
    else:
        sys.stderr.write(f"Warning: {msg}\n")


def _run(fn: Callable) -> Callable:
    """Turn named errors into one line and an exit code; hide tracebacks unless --verbose."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except ForbattraError as exc:
            if _STATE["verbose"]:
                import traceback

                traceback.print_exc()
            _emit_error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _emit_error("interrupted; nothing was written")
            raise typer.Exit(130) from None
        except MemoryError:
            _emit_error("out of memory; split the input into smaller files")
            raise typer.Exit(EXIT_INTERNAL) from None
        except Exception as exc:  # noqa: BLE001 - the one place internal errors are reported
            if any(c.__name__ == "ClickException" for c in type(exc).__mro__):
                raise  # usage errors (typer.BadParameter): Click prints them and exits with 2
            if _STATE["verbose"]:
                import traceback

                traceback.print_exc()
            _emit_error(f"internal error: {type(exc).__name__}: {exc} (run with --verbose for the traceback "
                        "and please report it)")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


# ------------------------------------------------------------------------------------------------
# shared reading options

InputArg = Annotated[Path, typer.Argument(metavar="INPUT", help="CSV/TSV/TXT or Excel (.xlsx/.xlsm/.xls/.ods) export, a .docx/.pdf/.md document, or a folder of documents.")]
TextCol = Annotated[Optional[list[str]], typer.Option("--text-column", "-t", help="Column with the suggestion text; repeat to join several (e.g. Problem + Förslag).")]
IdCol = Annotated[Optional[str], typer.Option("--id-column", help="Column with a unique id per suggestion.")]
GroupCol = Annotated[Optional[str], typer.Option("--group-column", "-g", help="Column with the unit (enhet/avdelning); auto-detected when obvious.")]
DateCol = Annotated[Optional[str], typer.Option("--date-column", help="Column with the date the suggestion was made.")]
PersonCol = Annotated[Optional[str], typer.Option("--person-column", help="Column with the writer's name (counted as people; masked in reports).")]
Sheet = Annotated[Optional[str], typer.Option("--sheet", help="Sheet name or number to read (default: the one that holds the data).")]
Encoding = Annotated[Optional[str], typer.Option("--encoding", help="Text encoding of CSV/TXT (default: detected; e.g. utf-8, cp1252, utf-16).")]
Delimiter = Annotated[Optional[str], typer.Option("--delimiter", help="CSV delimiter (default: detected among ; , tab |).")]
HeaderOpt = Annotated[Optional[bool], typer.Option("--header/--no-header", help="Whether the first row holds column names (default: detected); --no-header names the columns kolumn_1, kolumn_2, ...")]
Taxo = Annotated[str, typer.Option("--taxonomy", help="Built-in taxonomy (standard, huset) or a YAML file.")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", help="Model directory from 'forbattra train'; 'none' for keywords only. Default: the shipped model of a built-in taxonomy.")]
MinConf = Annotated[Optional[float], typer.Option("--min-confidence", min=0.0, max=1.0, help="Confidence a theme needs (default: tuned per theme by the model; 0.5 without a model).")]
Lang = Annotated[str, typer.Option("--lang", help="Language of labels and headings: sv or en.")]
Split = Annotated[str, typer.Option("--split", help="How documents are split into proposals: auto, list or paragraph.")]
MinLen = Annotated[int, typer.Option("--min-length", min=1, help="Shortest proposal kept from documents (characters).")]


def _read(input: Path, *, text_column, id_column, group_column, date_column, person_column, sheet, encoding,
          delimiter, split: str = "auto", min_length: int = 15, header: bool | None = None):
    """Read any supported input and report what was detected."""
    from forbattra.inputs.loading import load_input

    sugg, skipped = load_input(input, text_columns=text_column, id_column=id_column, group_column=group_column,
                               date_column=date_column, person_column=person_column, sheet=sheet,
                               encoding=encoding, delimiter=delimiter, split=split, min_length=min_length,
                               header=header)
    c, i = sugg.columns, sugg.info
    how = f"{i.format}"
    if i.encoding:
        how += f", encoding {i.encoding}"
    if i.delimiter:
        how += ", delimiter " + {"\t": "tab", ";": "';'", ",": "','", "|": "'|'"}.get(i.delimiter, repr(i.delimiter))
    if i.sheet:
        how += f", sheet {i.sheet!r}"
    if i.header_row > 1:
        how += f", header on row {i.header_row}"
    info(f"Read {input} ({how})")
    for note in i.notes:
        info(f"  {note}")
    roles = [f"text={' + '.join(repr(t) for t in c.text)}" + (" (longest text)" if c.text_reason == "longest text" else "")]
    for role in ("id", "group", "date", "person"):
        v = getattr(c, role)
        if v:
            roles.append(f"{role}={v!r}")
    info("Columns: " + ", ".join(roles))
    for f, reason in skipped:
        warn(f"skipped {f}: {reason}")
    return sugg, skipped


def _validate_lang(lang: str) -> str:
    if lang not in ("sv", "en"):
        raise typer.BadParameter("use 'sv' or 'en'", param_hint="--lang")
    return lang


def _validate_split(split: str) -> str:
    if split not in ("auto", "list", "paragraph"):
        raise typer.BadParameter("use 'auto', 'list' or 'paragraph'", param_hint="--split")
    return split


# ------------------------------------------------------------------------------------------------
# classify


@app.command()
@_run
def classify(
    input: InputArg,
    out: Annotated[Optional[list[Path]], typer.Option("--out", "-o", help="Output file: .xlsx, .csv or .jsonl (repeat for several). Default: INPUT-teman.xlsx in the current folder.")] = None,
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
    header: HeaderOpt = None,
    csv_delimiter: Annotated[str, typer.Option("--csv-delimiter", help="Delimiter of .csv output.")] = ";",
    lang: Lang = "sv",
    redact: Annotated[bool, typer.Option("--redact", help="Mask personal data (personnummer, phone, e-mail, names) in per-row outputs too.")] = False,
    split: Split = "auto",
    min_length: MinLen = 15,
    duplicates: Annotated[bool, typer.Option("--duplicates/--no-duplicates", help="Add a 'Dubbletter' sheet (near-duplicate groups) to .xlsx output.")] = True,
    store: Annotated[Optional[str], typer.Option("--store", help="History store: a SQLite file (created if missing) or a postgresql:// URL. Only new or changed suggestions are classified.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, max=64, help="Processes to use (default: all cores for inputs over 20,000 rows).")] = None,
) -> None:
    """Classify every suggestion into themes and write the results.

    Example: forbattra classify forslag.xlsx --out teman.xlsx
    """
    from forbattra.workflow import ClassifyOptions, run_classify

    _validate_lang(_validate_split(split) and lang)
    if len(csv_delimiter) != 1 and csv_delimiter not in ("tab", "\\t"):
        raise typer.BadParameter("one character or 'tab'", param_hint="--csv-delimiter")
    if not out:
        # A development officer who runs "forbattra classify forslag.xlsx" gets a workbook to open.
        out = [Path(f"{input.stem or 'forslag'}-{'teman' if lang == 'sv' else 'themes'}.xlsx")]
    opts = ClassifyOptions(
        outs=list(out), taxonomy=taxonomy, model=model, min_confidence=min_confidence, lang=lang,
        redact=redact, csv_delimiter="\t" if csv_delimiter in ("tab", "\\t") else csv_delimiter, jobs=jobs,
        store=store, duplicates=duplicates,
    )
    started = time.perf_counter()
    from forbattra.workflow import can_stream, run_classify_stream

    if sheet is None and can_stream(input, opts):
        info(f"Read {input} in chunks (big delimited file; memory stays bounded)")
        read_opts = dict(encoding=encoding, delimiter=delimiter, text_columns=text_column, id_column=id_column,
                         group_column=group_column, date_column=date_column, person_column=person_column,
                         header=header)
        bar = _progress_factory(None)
        if bar is not None:
            with bar:
                task = bar.add_task("classify", total=None)
                result = run_classify_stream(input, opts, read_opts, log=info, progress=lambda k: bar.advance(task, k))
        else:
            result = run_classify_stream(input, opts, read_opts, log=info)
        skipped = []
    else:
        sugg, skipped = _read(input, text_column=text_column, id_column=id_column, group_column=group_column,
                              date_column=date_column, person_column=person_column, sheet=sheet, encoding=encoding,
                              delimiter=delimiter, split=split, min_length=min_length, header=header)
        result = run_classify(sugg, opts, inputs=[input], progress=_progress_factory(len(sugg.frame)), log=info)
    _print_summary(result, lang)
    counts = result.counts
    info(f"Read {counts['read']} rows, classified {counts['classified']}, empty {counts['empty']}"
         + (f", unchanged since last run {counts['unchanged']}" if counts.get("unchanged") else "")
         + f" ({time.perf_counter() - started:.1f} s).")
    for o in opts.outs:
        info(f"Wrote {o}")
    if skipped:
        from forbattra.errors import EXIT_PARTIAL

        warn(f"{len(skipped)} file(s) skipped; see the lines above")
        raise typer.Exit(EXIT_PARTIAL)


def _progress_factory(n: int | None):
    """A Rich progress bar on stderr for long runs on a terminal; otherwise nothing."""
    if _STATE["quiet"] or (n is not None and n < 20_000) or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("Klassificerar"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                        TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    return progress


def _print_summary(result, lang: str) -> None:
    if _STATE["quiet"]:
        return
    from rich.table import Table

    from forbattra.analysis.summary import HEADINGS

    h = HEADINGS[lang]
    s = result.summary
    table = Table(title="Teman" if lang == "sv" else "Themes", show_lines=False)
    cols = [h["theme"], h["count"], h["share"]]
    if h["units"] in s.columns:
        cols += [h["units"], h["top_share"], h["flag"]]
    for c in cols:
        table.add_column(c, justify="left" if c in (h["theme"], h["flag"]) else "right")
    for rec in s.to_dict("records"):
        cells = [rec[h["theme"]], str(rec[h["count"]]), f"{rec[h['share']]:.0%}"]
        if h["units"] in s.columns:
            ts = rec[h["top_share"]]
            cells += [str(rec[h["units"]]), "" if ts is None or ts != ts else f"{ts:.0%}", rec[h["flag"]]]
        table.add_row(*cells)
    _console().print(table)


# ------------------------------------------------------------------------------------------------
# taxonomy


@taxonomy_app.command("list")
@_run
def taxonomy_list() -> None:
    """List the built-in taxonomies.

    Example: forbattra taxonomy list
    """
    from forbattra.taxonomy import BUILTIN, load_taxonomy

    for name in BUILTIN:
        t = load_taxonomy(name)
        typer.echo(f"{name}\t{len(t.themes)} themes\t{t.description}")


@taxonomy_app.command("show")
@_run
def taxonomy_show(
    name: Annotated[str, typer.Argument(help="Built-in name or YAML file.")] = "standard",
    lang: Lang = "sv",
) -> None:
    """Show a taxonomy's themes, labels and keywords.

    Example: forbattra taxonomy show standard
    """
    from rich.table import Table

    from forbattra.taxonomy import load_taxonomy

    t = load_taxonomy(name)
    table = Table(title=f"{t.name} ({t.hash()})")
    for c in ("id", "label", "keywords"):
        table.add_column(c)
    for th in t.themes:
        table.add_row(th.id, th.display(_validate_lang(lang)), ", ".join(th.keywords[:12]) + (" …" if len(th.keywords) > 12 else ""))
    _console().print(table)


@taxonomy_app.command("validate")
@_run
def taxonomy_validate(path: Annotated[str, typer.Argument(help="Taxonomy YAML file.")]) -> None:
    """Check a taxonomy file; list every problem with its line.

    Example: forbattra taxonomy validate min-taxonomi.yaml
    """
    from forbattra.taxonomy import load_taxonomy

    t = load_taxonomy(path)
    typer.echo(f"OK: {t.name}: {len(t.themes)} themes (fallback {t.fallback!r}), hash {t.hash()}")


@taxonomy_app.command("init")
@_run
def taxonomy_init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter file.")] = Path("taxonomi.yaml"),
    from_: Annotated[Optional[str], typer.Option("--from", help="Copy a built-in taxonomy instead of the small starter.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter taxonomy (or a copy of a built-in) to edit.

    Example: forbattra taxonomy init min-taxonomi.yaml --from standard
    """
    from importlib.resources import files

    from forbattra.errors import OutputError
    from forbattra.outputs.writers import atomic_path
    from forbattra.taxonomy import BUILTIN, STARTER

    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; use --force to overwrite")
    if from_ is not None and from_ not in BUILTIN:
        raise typer.BadParameter(f"one of {', '.join(BUILTIN)}", param_hint="--from")
    text = STARTER if from_ is None else (files("forbattra") / "taxonomies" / f"{from_}.yaml").read_text(encoding="utf-8")
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    info(f"Wrote {path}; edit it, then: forbattra taxonomy validate {path}")


# ------------------------------------------------------------------------------------------------
# evaluate / train


LabelCol = Annotated[str, typer.Option("--label-column", "-l", help="Column with the right themes: ids joined by '|', primary first.")]


@app.command()
@_run
def evaluate(
    labelled: Annotated[Path, typer.Argument(help="Labelled suggestions (any readable format).")],
    label_column: LabelCol = "teman",
    taxonomy: Taxo = "standard",
    model: ModelOpt = None,
    min_confidence: MinConf = None,
    text_column: TextCol = None,
    sheet: Sheet = None,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Measure classification against labelled suggestions: per-theme P/R/F1, micro/macro F1, confusions.

    Example: forbattra evaluate sample_data/markt.csv --label-column teman
    """
    from forbattra.scoring.evaluation import evaluate as run_eval, format_report
    from forbattra.scoring.model import encode_labels
    from forbattra.scoring.pipeline import build_classifier, classify_frame

    sugg, _ = _read(labelled, text_column=text_column, id_column=None, group_column=None, date_column=None,
                    person_column=None, sheet=sheet, encoding=encoding, delimiter=delimiter)
    label_col = _label_column(sugg, label_column)
    clf = build_classifier(taxonomy, model, min_confidence=min_confidence)
    gold = encode_labels(list(sugg.frame[label_col]), clf.taxonomy, source=f"{labelled}: column {label_col!r}")
    res = classify_frame(sugg.frame, clf)
    report = run_eval(gold, list(res["themes"]), clf.taxonomy)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        _console().print(format_report(report, clf.taxonomy))


def _label_column(sugg, name: str) -> str:
    from forbattra.errors import ColumnError

    cols = sugg.original_columns
    for c in cols:
        if c == name or c.casefold() == name.casefold():
            return c
    raise ColumnError(f"no label column {name!r}; columns found: {', '.join(repr(c) for c in cols)}; "
                      "name it with --label-column")


@app.command()
@_run
def train(
    labelled: Annotated[Optional[Path], typer.Argument(help="Labelled suggestions (ids joined by '|' in the label column).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Model directory to write.")] = Path("forbattra-model"),
    label_column: LabelCol = "teman",
    taxonomy: Taxo = "standard",
    corrections: Annotated[Optional[list[Path]], typer.Option("--corrections", help="Excel/CSV output of 'classify' where you filled in the 'Rättat tema' column; repeatable.")] = None,
    base: Annotated[bool, typer.Option("--base/--no-base", help="Also train on forbattra's own corpus (built-in taxonomy only).")] = False,
    text_column: TextCol = None,
    sheet: Sheet = None,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    folds: Annotated[int, typer.Option("--folds", min=2, max=20, help="Cross-validation folds for the reported F1 and threshold tuning.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Train a model on your labelled suggestions (and corrections) for 'classify --model'.

    Example: forbattra train markt.xlsx --label-column teman --out min-modell
    """
    from forbattra.scoring.training import TrainingInput, run_train

    if labelled is None and not corrections and not base:
        raise typer.BadParameter("give a labelled file, --corrections, or --base", param_hint="LABELLED")
    read_opts = dict(text_column=text_column, id_column=None, group_column=None, date_column=None,
                     person_column=None, sheet=sheet, encoding=encoding, delimiter=delimiter)
    labelled_in = None
    if labelled is not None:
        sugg, _ = _read(labelled, **read_opts)
        labelled_in = TrainingInput(sugg, _label_column(sugg, label_column), str(labelled))
    corr_in = []
    for c in corrections or []:
        sugg, _ = _read(c, **{**read_opts, "text_column": None})
        corr_in.append(TrainingInput(sugg, None, str(c)))
    result, meta = run_train(labelled_in, corr_in, taxonomy=taxonomy, out=out, base=base, folds=folds, log=info)
    m = result.metrics
    if as_json:
        typer.echo(json.dumps({k: v for k, v in meta.items() if k != "vocabulary"}, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        info(f"Trained on {result.n_train} suggestions; cross-validated micro-F1 {m['cv_micro_f1']:.3f}, "
             f"macro-F1 {m['cv_macro_f1']:.3f} ({m['cv_folds']} folds).")
        info(f"Wrote {out}; use it with: forbattra classify INPUT --model {out}")


def _register_plugins() -> None:
    """Commands that live in their own modules (imported lazily inside their bodies)."""
    from forbattra.cli.report import register as register_report

    register_report(app)
    try:
        from forbattra.cli.discover import register as register_discover
    except ImportError:  # pragma: no cover - module under construction
        return
    register_discover(app)


_register_plugins()

_GLOBAL_FLAGS = {"-q", "--quiet", "-v", "--verbose"}
_GLOBAL_VALUED = {"--log-format", "--config"}


def hoist_global_options(argv: list[str]) -> list[str]:
    """Let global options also follow the command (``forbattra classify x.xlsx --quiet``)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            rest.extend(argv[i:])
            break
        if a in _GLOBAL_FLAGS:
            front.append(a)
        elif a in _GLOBAL_VALUED and i + 1 < len(argv):
            front.extend(argv[i:i + 2])
            i += 1
        elif any(a.startswith(v + "=") for v in _GLOBAL_VALUED):
            front.append(a)
        else:
            rest.append(a)
        i += 1
    return front + rest


@app.command()
@_run
def trends(
    store: Annotated[str, typer.Option("--store", help="History store written by 'classify --store'.")],
    period: Annotated[str, typer.Option("--period", help="month or quarter.")] = "month",
    taxonomy: Taxo = "standard",
    lang: Lang = "sv",
    out: Annotated[Optional[list[Path]], typer.Option("--out", "-o", help="Write the table as .xlsx, .csv or .jsonl.")] = None,
) -> None:
    """Themes per month or quarter from the history store, and what is new since the last run.

    Example: forbattra trends --store forbattra.db --period quarter
    """
    from rich.table import Table

    from forbattra.errors import StoreError
    from forbattra.outputs.writers import check_outputs, write_csv, write_xlsx
    from forbattra.store import Store, trends as make_trends
    from forbattra.taxonomy import load_taxonomy

    if period not in ("month", "quarter"):
        raise typer.BadParameter("use 'month' or 'quarter'", param_hint="--period")
    _validate_lang(lang)
    if "://" not in store and not Path(store).is_file():
        raise StoreError(f"{store}: no such store; create it with 'forbattra classify INPUT --store {store}'")
    outs = list(out or [])
    check_outputs(outs, [])
    tax = load_taxonomy(taxonomy)
    st = Store(store)
    frame = st.frame()
    table = make_trends(frame, tax, period=period, lang=lang)
    runs = st.last_runs(2)
    sv = lang == "sv"
    t = Table(title=("Teman per " + ("månad" if period == "month" else "kvartal")) if sv else f"Themes per {period}")
    shown = table.tail(8)  # the terminal shows the latest periods; files get them all
    t.add_column("Tema" if sv else "Theme")
    for p in shown["Period"]:
        t.add_column(str(p), justify="right")
    for col in [c for c in table.columns if c != "Period"]:
        t.add_row(str(col), *[str(v) for v in shown[col]])
    _console().print(t)
    if runs:
        last = runs[0]
        new = frame[frame["updated_run"] == last["run_id"]]
        counts = {}
        for ts in new["themes"]:
            for th in ts:
                counts[th] = counts.get(th, 0) + 1
        head = (f"Nytt eller ändrat sedan förra körningen (körning {last['run_id']}, {last['started_at']}): {len(new)} förslag"
                if sv else f"New or changed in the last run (run {last['run_id']}, {last['started_at']}): {len(new)} suggestions")
        info(head)
        for th in tax.ids:
            if counts.get(th):
                info(f"  {tax.label(th, lang)}: {counts[th]}")
    for target in outs:
        if target.suffix.lower() == ".xlsx":
            write_xlsx([("Trender" if sv else "Trends", table)], target)
        elif target.suffix.lower() == ".csv":
            write_csv(table, target)
        else:
            from forbattra.outputs.writers import atomic_path

            with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8") as fh:
                for rec in table.to_dict("records"):
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        info(f"Wrote {target}")


@app.command()
@_run
def extract(
    docs: Annotated[list[Path], typer.Argument(metavar="DOCS...", help=".docx/.pdf/.txt/.md files or folders of them.")],
    out: Annotated[list[Path], typer.Option("--out", "-o", help="Where to write the proposals: .xlsx, .csv or .jsonl (repeatable).")],
    split: Split = "auto",
    min_length: MinLen = 15,
) -> None:
    """Split working-group reports into individual proposals for review before classification.

    Example: forbattra extract rapporter/ --out forslag.xlsx
    """

    from forbattra.inputs.documents import extract_many
    from forbattra.errors import EXIT_PARTIAL, InputFileError
    from forbattra.outputs.writers import check_outputs, write_csv, write_xlsx

    _validate_split(split)
    for d in docs:
        if not d.exists():
            raise InputFileError(f"{d}: no such file or folder; check the path")
    check_outputs(out, docs)
    notes: list[str] = []
    frame, skipped = extract_many(docs, split=split, min_length=min_length, notes=notes)
    for f, reason in skipped:
        warn(f"skipped {f}: {reason}")
    if frame.empty and skipped:
        raise InputFileError(f"no proposals extracted: all {len(skipped)} document(s) were skipped")
    if frame.empty:
        raise InputFileError("no proposals found in the document(s) given; check them, or try another --split "
                             "or a lower --min-length")
    for note in notes:
        info(f"  {note}")
    frame = frame.astype(object).where(frame.notna(), None)
    for target in out:
        suffix = target.suffix.lower()
        if suffix == ".xlsx":
            write_xlsx([("Förslag", frame)], target, title="forbattra – förslag ur dokument")
        elif suffix == ".csv":
            write_csv(frame, target)
        else:
            from forbattra.outputs.writers import atomic_path

            with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                for rec in frame.to_dict("records"):
                    fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        info(f"Wrote {target}")
    n_files = frame["fil"].nunique() if len(frame) else 0
    info(f"Extracted {len(frame)} proposals from {n_files} document(s)" + (f"; skipped {len(skipped)}" if skipped else "") + ".")
    if skipped:
        raise typer.Exit(EXIT_PARTIAL)


def main() -> None:
    """Console-script entry point."""
    app(args=hoist_global_options(sys.argv[1:]), prog_name="forbattra")
