"""The ``forbattra`` command line: one module per command, each a thin wrapper over a library call.

Importing this package registers every command on :data:`app` (a broken command module fails the
import instead of silently vanishing from ``--help``). Only typer and the standard library are
imported until a command runs.
"""

from __future__ import annotations

import sys

from forbattra.cli import (  # noqa: F401 - imported to register the commands
    classify,
    discover,
    duplicates,
    evaluate,
    extract,
    report,
    review,
    taxonomy,
    train,
    trends,
)
from forbattra.cli.app import app, hoist_global_options

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app(args=hoist_global_options(sys.argv[1:]), prog_name="forbattra")
