"""``forbattra taxonomy list|show|validate|init``: the taxonomies themes come from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import console, info, run_command, say, shell_arg, taxonomy_app, ui, warn
from forbattra.cli.options import Lang, check_lang, reader_options, output_path


@taxonomy_app.command("list")
@run_command
def taxonomy_list(lang: Lang = None) -> None:
    """List the built-in taxonomies.

    Example: forbattra taxonomy list
    """
    from forbattra.taxonomy import BUILTIN, load_taxonomy

    check_lang(lang)
    for name in BUILTIN:
        t = load_taxonomy(name)
        manual = _manual(t)
        typer.echo(say("taxonomy_line_manual" if manual else "taxonomy_line", name=name, n=len(t.content_ids),
                       fallback=t.label(t.fallback, ui.lang), manual=manual, description=t.describe(ui.lang)))


def _manual(taxonomy) -> str:
    """The themes only a person sets (huset's Garage), by label, for the line that counts the themes: in no count
    of themes sorted into, yet themes of the file."""
    return ", ".join(th.display(ui.lang) for th in taxonomy.themes if th.manual)


@taxonomy_app.command("show")
@run_command
def taxonomy_show(
    name: Annotated[str, typer.Argument(metavar="NAME|FILE", help="Built-in name or YAML file.")] = "standard",
    lang: Lang = None,
) -> None:
    """Show a taxonomy's themes, labels and keywords.

    Example: forbattra taxonomy show standard
    """
    from rich.table import Table

    from forbattra.taxonomy import load_taxonomy

    check_lang(lang)  # the table is the terminal's, in the messages' language (LANG=en too), as its headings are
    t = load_taxonomy(name)
    table = Table(title=f"{t.name} ({t.hash()})")
    for c in ("id", "label", "keywords"):
        table.add_column(say("taxonomy_col_" + c))
    for th in t.themes:
        table.add_row(th.id, th.display(ui.lang), ", ".join(th.keywords[:12]) + (" …" if len(th.keywords) > 12 else ""))
    console().print(table)


@taxonomy_app.command("validate")
@run_command
def taxonomy_validate(path: Annotated[str, typer.Argument(metavar="FILE", help="Taxonomy YAML file.")],
                      lang: Lang = None) -> None:
    """Check a taxonomy file; list every problem with its line.

    Example: forbattra taxonomy validate min-taxonomi.yaml
    """
    from forbattra.scoring.classifier import keyword_notes
    from forbattra.taxonomy import load_taxonomy

    check_lang(lang)
    t = load_taxonomy(path)
    for note in keyword_notes(t):  # valid, but words that never match: said with their line, as a problem is
        warn("taxonomy_note", note=note)
    manual = _manual(t)
    typer.echo(say("taxonomy_ok_manual" if manual else "taxonomy_ok", name=t.name, n=len(t.content_ids),
                   fallback=t.label(t.fallback, ui.lang), manual=manual, hash=t.hash()))


def _builtin_name(value: Optional[str]) -> Optional[str]:
    """``--from`` checked as it is parsed: from the config file or a variable a bad one is exit 4 naming where."""
    from forbattra.taxonomy import BUILTIN

    if value is not None and value.strip().casefold() not in BUILTIN:  # (a built-in name in any case: only those here)
        raise typer.BadParameter(say("bad_builtin", names=", ".join(BUILTIN)), param_hint="'--from'")  # (not "env var")
    return None if value is None else value.strip().casefold()


@taxonomy_app.command("init")
@run_command
@reader_options()
def taxonomy_init(
    path: Annotated[Optional[Path], typer.Argument(metavar="FILE", parser=output_path, help="Where to write the starter file. Default: taxonomi.yaml (taxonomy.yaml with --lang en).", show_default=False)] = None,
    from_: Annotated[Optional[str], typer.Option("--from", metavar="NAME", envvar="FORBATTRA_TAXONOMY_INIT_FROM", callback=_builtin_name, help="Copy a built-in taxonomy instead of the small starter.")] = None,
    from_labels: Annotated[Optional[Path], typer.Option("--from-labels", metavar="LABELLED", readable=False, help="Make the themes from the categories in a labelled file (see --label-column).")] = None,
    label_column: Annotated[str, typer.Option("--label-column", "-l", metavar="COLUMN", help="Column with the categories (with --from-labels; its name, letter or number); several per row separated by '|' or ';'.")] = "teman",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    lang: Lang = None,
    *,
    read,
) -> None:
    """Write a commented starter taxonomy (or a copy of a built-in, or one made from your labels) to edit.

    Example: forbattra taxonomy init min-taxonomi.yaml --from-labels egna.xlsx --label-column kategori
    """
    import dataclasses

    from forbattra.errors import OutputError
    from forbattra.inputs import ReadOptions
    from forbattra.outputs.writers import atomic_path, check_outputs
    from forbattra.taxonomy import starter_text

    # the messages' language, and that of the comments it writes (a built-in's copy keeps its own) and of the
    # default file's name, as every command's default output follows --lang
    if check_lang(lang) == "en" and path is None:
        path = Path("taxonomy.yaml")
    path = path or Path("taxonomi.yaml")
    # a .yaml/.yml file, as discover --taxonomy-out's: never a folder, an export or the labelled file, even with --force
    check_outputs([path], [from_labels] if from_labels is not None else [], suffixes=(".yaml", ".yml"), option="FILE")
    if from_labels is None and read != ReadOptions(lang=read.lang):  # (--sheet, --text-column …: how to read the labelled file)
        raise typer.BadParameter(say("bad_reader_without_labels"), param_hint="--from-labels")
    if from_labels is not None and from_ is not None:  # (the options first: no file to keep for a usage slip)
        raise typer.BadParameter(say("bad_from_and_labels"), param_hint="--from-labels")
    if path.exists() and not force:
        raise OutputError.of("err_exists", path=path)
    if from_labels is not None:
        _init_from_labels(path, from_labels, dataclasses.replace(read, label_column=label_column))
        return
    with atomic_path(path) as tmp:
        tmp.write_text(starter_text(from_, name=path.stem, lang=ui.lang), encoding="utf-8")
    info("taxonomy_written", path=path, arg=shell_arg(path))


def _init_from_labels(path: Path, labelled: Path, read) -> None:
    """The taxonomy 'train' would use for a labelled file, written as YAML for editing: a copy of the built-in
    taxonomy whose themes the labels are (ids or labels), else the one derived from them. ``read``: how to read
    ``labelled`` (its ``label_column``), as train reads it. The comments at the top are in the messages' language
    (``--lang``, Swedish by default); they are no part of the taxonomy's hash."""
    import dataclasses

    from forbattra.cli.options import read_input
    from forbattra.i18n import Msg
    from forbattra.i18n import t as in_lang
    from forbattra.scoring.labels import find_label_column
    from forbattra.outputs.writers import atomic_path
    from forbattra.scoring.labels import choose_taxonomy
    from forbattra.taxonomy import dump_taxonomy, starter_text

    sugg, _ = read_input(labelled, read)  # (the labels: no text, no unit)
    col = find_label_column(sugg, read.label_column)
    tax, how = choose_taxonomy(list(sugg.frame[col]), None, name=path.stem,
                               source=Msg("err_source_column", name=str(labelled), column=repr(col)))
    if how == "builtin":  # the built-in's themes, as train and evaluate take them: its copy (ids, labels, keywords)
        info("taxonomy_from_builtin_labels", path=labelled, name=tax.name)
        text = (in_lang("taxonomy_init_builtin_comment", ui.lang, file=labelled.name, column=col, name=tax.name,
                  arg=shell_arg(path.name)) + starter_text(tax.name, name=path.stem))
    else:
        if how == "near":  # nearly all a built-in's themes: train names the odd ones; here they are categories
            from forbattra.scoring.labels import derive_taxonomy

            tax = derive_taxonomy(list(sugg.frame[col]), name=path.stem,
                                  source=Msg("err_source_column", name=str(labelled), column=repr(col)))
        from forbattra.scoring.labels import label_warnings, resolve

        support: dict[str, int] = {}
        for ids in resolve(list(sugg.frame[col]), tax):
            for t in ids:
                support[t] = support.get(t, 0) + 1
        for key, fields in label_warnings(tax, support):  # as train says them: a slip, a comma, a second "none"
            warn(key, **fields, again=Msg("label_again_init", path=path))
        # the file's description in Swedish, with its English one (no part of the hash): the same file whatever --lang,
        # and no English sentence for a Swedish reader (the taxonomy train derives keeps its own; a model trained on
        # it takes this file, whose description alone differs)
        tax = dataclasses.replace(
            tax, description=in_lang("taxonomy_init_labels_description", "sv", file=labelled.name, column=col),
            description_en=in_lang("taxonomy_init_labels_description", "en", file=labelled.name, column=col))
        text = (in_lang("taxonomy_init_labels_comment", ui.lang, file=labelled.name, column=col, arg=shell_arg(path.name))
                + dump_taxonomy(tax))
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    info("taxonomy_written", path=path, arg=shell_arg(path))
