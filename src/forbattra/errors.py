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


MAX_MESSAGE = 1000  # characters of one error line; the rest of a huge echoed value is elided


def shorten(value: object, limit: int = 80) -> str:
    """``value`` as text of at most ``limit`` characters for echoing in a message (start … end).

    A cell, header or line from the user's file can be megabytes long; error lines quote it
    through this so the line stays readable.
    """
    text = str(value)
    if len(text) <= limit:
        return text
    head = max(limit * 2 // 3, 1)
    tail = max(limit - head - 1, 0)
    return text[:head] + "…" + (text[-tail:] if tail else "")


class ForbattraError(Exception):
    """Base class: an error with a message meant for the user.

    However big the values echoed into it, ``str()`` of the error is at most :data:`MAX_MESSAGE`
    characters per problem line: the middle is elided, the start (what, where) and the end (how to
    fix) are kept.
    """

    exit_code = EXIT_INTERNAL

    def __str__(self) -> str:
        text = super().__str__()
        if len(text) <= MAX_MESSAGE:
            return text
        lines = text.splitlines() or [text]
        keep = MAX_MESSAGE // 3 - 3
        lines = [ln if len(ln) <= MAX_MESSAGE else ln[:MAX_MESSAGE * 2 // 3] + " … " + ln[-keep:] for ln in lines[:50]]
        return "\n".join(lines)


class OptionValueError(ForbattraError):
    """An option names something the data does not have (a theme, a unit); usage error, exit 2."""

    exit_code = EXIT_USAGE


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
    """An output cannot be written (unknown extension, would overwrite the input, folder missing or
    read-only, file open in another program, disk full)."""

    exit_code = EXIT_INPUT


class StoreError(ForbattraError):
    """The history store cannot be opened or updated."""

    exit_code = EXIT_INPUT
