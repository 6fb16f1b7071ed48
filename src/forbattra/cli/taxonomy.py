"""``forbattra taxonomy list|show|validate|init``: the taxonomies themes come from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import console, info, run_command, say, taxonomy_app, ui
from forbattra.cli.options import Lang, check_lang


@taxonomy_app.command("list")
@run_command
def taxonomy_list() -> None:
    """List the built-in taxonomies.

    Example: forbattra taxonomy list
    """
    from forbattra.taxonomy import BUILTIN, load_taxonomy

    for name in BUILTIN:
        t = load_taxonomy(name)
        typer.echo(say("taxonomy_line", name=name, n=len(t.content_ids), fallback=t.label(t.fallback, ui.lang),
                       description=t.description))


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

    lang = check_lang(lang)
    t = load_taxonomy(name)
    table = Table(title=f"{t.name} ({t.hash()})")
    for c in ("id", "label", "keywords"):
        table.add_column(c)
    for th in t.themes:
        table.add_row(th.id, th.display(lang), ", ".join(th.keywords[:12]) + (" …" if len(th.keywords) > 12 else ""))
    console().print(table)


@taxonomy_app.command("validate")
@run_command
def taxonomy_validate(path: Annotated[str, typer.Argument(metavar="FILE", help="Taxonomy YAML file.")]) -> None:
    """Check a taxonomy file; list every problem with its line.

    Example: forbattra taxonomy validate min-taxonomi.yaml
    """
    from forbattra.taxonomy import load_taxonomy

    t = load_taxonomy(path)
    typer.echo(say("taxonomy_ok", name=t.name, n=len(t.content_ids), fallback=t.label(t.fallback, ui.lang),
                   hash=t.hash()))


@taxonomy_app.command("init")
@run_command
def taxonomy_init(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the starter file.")] = Path("taxonomi.yaml"),
    from_: Annotated[Optional[str], typer.Option("--from", metavar="NAME", help="Copy a built-in taxonomy instead of the small starter.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter taxonomy (or a copy of a built-in) to edit.

    Example: forbattra taxonomy init min-taxonomi.yaml --from standard
    """
    from forbattra.errors import OutputError
    from forbattra.outputs.writers import atomic_path
    from forbattra.taxonomy import BUILTIN, starter_text

    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; use --force to overwrite")
    if from_ is not None and from_ not in BUILTIN:
        raise typer.BadParameter(f"one of {', '.join(BUILTIN)}", param_hint="--from")
    with atomic_path(path) as tmp:
        tmp.write_text(starter_text(from_, name=path.stem), encoding="utf-8")
    info("taxonomy_written", path=path)
