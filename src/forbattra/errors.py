"""Every error forbattra raises on purpose, in one place.

The CLI turns a :class:`ForbattraError` into one ``Error: ...`` line on stderr and exits with the
error's ``exit_code``. These codes are part of the public contract (README, "Exit codes"):

====  ==========================================================
0     success
1     internal error (a bug: please report it; ``--verbose`` shows the traceback)
2     usage error (unknown option, bad option value, clashing options)
3     input error (file missing, unreadable, wrong format, column not found)
4     taxonomy or configuration error
5     model error (missing, corrupt, made for another taxonomy/version)
6     partial success: some input files were skipped (folder runs); outputs were written
====  ==========================================================
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_CONFIG = 4
EXIT_MODEL = 5
EXIT_PARTIAL = 6


class ForbattraError(Exception):
    """Base class: an error with a message meant for the user."""

    exit_code = EXIT_INTERNAL


class InputFileError(ForbattraError):
    """An input file is missing, unreadable or not in a format we can read."""

    exit_code = EXIT_INPUT


class ColumnError(InputFileError):
    """A requested or required column is not in the input."""


class TaxonomyError(ForbattraError):
    """A taxonomy file is invalid; the message lists every problem found."""

    exit_code = EXIT_CONFIG


class ConfigError(ForbattraError):
    """A configuration file, environment variable or option combination is invalid."""

    exit_code = EXIT_CONFIG


class ModelError(ForbattraError):
    """A model directory is missing, corrupt, or made for another taxonomy or version."""

    exit_code = EXIT_MODEL


class OutputError(ForbattraError):
    """An output path cannot be written (unknown extension, would overwrite the input, ...)."""

    exit_code = EXIT_INPUT


class StoreError(ForbattraError):
    """The history store cannot be opened or updated."""

    exit_code = EXIT_INPUT
