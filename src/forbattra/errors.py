"""Every error forbattra raises on purpose, in one place.

An error carries a message key and fields from :data:`forbattra.i18n.MESSAGES`
(``raise InputFileError.of("err_no_path", path=p)``); ``str(exc)`` is the English text (library
users, logs) and :meth:`ForbattraError.render` gives it in Swedish or English. The CLI
(``cli/app.py`` ``run_command``) is the one place that renders it: one ``Fel: ...`` line (``Error:
...`` with ``--lang en``) on stderr, or a JSON log line whose ``event`` is the key, and the error's
``exit_code``. A plain-text error (``InputFileError("...")``) still works and is shown as written.
These codes are part of the public contract (README, "Exit codes"):

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

from typing import Self

from forbattra.i18n import Msg

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

    @classmethod
    def of(cls, key: str, /, **fields) -> Self:
        """The error with message ``key`` of :data:`forbattra.i18n.MESSAGES` and its ``fields``."""
        return cls(Msg(key, **fields))

    @property
    def message(self) -> str:
        """The message as given: a :class:`~forbattra.i18n.Msg` (English as a string) or plain text."""
        return self.args[0] if self.args and isinstance(self.args[0], str) else super().__str__()

    @property
    def key(self) -> str | None:
        """The message key (``err_...``), or ``None`` for a plain-text error."""
        msg = self.message
        return msg.key or None if isinstance(msg, Msg) else None

    @property
    def fields(self) -> dict:
        msg = self.message
        return dict(msg.fields) if isinstance(msg, Msg) else {}

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` (``sv`` or ``en``); plain-text errors as written."""
        msg = self.message
        return _clip(msg.render(lang) if isinstance(msg, Msg) else super().__str__())

    def __str__(self) -> str:
        return self.render("en")


def _clip(text: str) -> str:
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


class Interrupted(ForbattraError):
    """Ctrl-C or SIGTERM after part of the work was kept (an erasure committed, the store's file not yet rewritten):
    the message says what was; exit 130, as any interrupt."""

    exit_code = 130


class WorkerError(ForbattraError):
    """A worker process of the run died without an answer (killed by the system, most often for lack of
    memory); the run stops, nothing is written. Exit 1, as for running out of memory in the main process."""

    exit_code = EXIT_INTERNAL
