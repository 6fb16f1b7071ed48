"""The ``forbattra`` command line: one module per command, each a thin wrapper over a library call.

Importing this package registers every command on :data:`app` (a broken command module fails the
import instead of silently vanishing from ``--help``). Only typer and the standard library are
imported until a command runs.
"""

from __future__ import annotations

import sys

import typer

from forbattra.cli import (  # noqa: F401 - imported to register the commands
    classify,
    discover,
    duplicates,
    evaluate,
    extract,
    forget,
    report,
    review,
    taxonomy,
    train,
    trends,
)
from forbattra.cli.app import app, hoist_global_options, ui

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point: help in Swedish unless English is asked for (``--lang en``, ``LANG``)."""
    tune_allocator()
    tune_startup()
    _terminate_like_interrupt()
    _lenient_stdout()
    argv = sys.argv[1:]
    try:
        try:
            typed, argv = argv, hoist_global_options(argv)
            cmd = typer.main.get_command(app)
            ui.lang = help_language(argv, typed)  # parsing errors come before a command's own --lang is read
            if ui.lang == "sv":
                translate_help(cmd)
            _json_usage_errors(argv)
        except KeyboardInterrupt:  # (SIGTERM in the first moments of a run: one line, not a traceback)
            from forbattra.cli.app import interrupted_before_command

            try:
                interrupted_before_command(argv)
            except typer.Exit as stop:
                sys.exit(stop.exit_code)
        try:
            cmd(args=argv, prog_name="forbattra")
        except SystemExit as stop:
            # Click ends a write to a closed standard output outside a command (--help, --version piped into
            # 'head -1') with exit 1, an internal error by the README's table; a command's own is 141
            # (run_command): the same here. Click marks that case by wrapping the streams (its class, by name:
            # Typer's vendored Click and Click itself spell it with and without an underscore).
            if stop.code == 1 and type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper":
                sys.exit(141)
            raise
    finally:
        # the process is about to exit: spare the interpreter's final full collection over every
        # object the imports made (≈ 0.045 CPU-s on a small run); finalisers still run
        import gc

        gc.freeze()


def _lenient_stdout() -> None:
    """Standard output writes a character its encoding cannot hold as standard error does (``\\u2265``), not as
    an error: a scheduled job's output in the system's code page (Windows' Task Scheduler: cp1252) ended with
    "internt fel: UnicodeEncodeError" at a theme label with "≥" in the terminal's table. (A UTF-8 output, every
    Linux locale's since Python 3.7, holds every character: nothing changes there.)"""
    stream = sys.stdout
    if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
        import contextlib

        with contextlib.suppress(Exception):  # (a replaced stream that takes no such setting)
            stream.reconfigure(errors="backslashreplace")


def _terminate_like_interrupt() -> None:
    """SIGTERM (``kill PID``, a scheduler's stop, systemd) ends a run as Ctrl-C does: the outputs' temporary
    files removed, the worker processes stopped, one line, exit 130 — not an instant death that leaves
    the workers running on and writing tracebacks into the job's log. (Workers and the Dubbletter sheet's
    process set the default back: ``pipeline._init_worker``.)"""
    import signal

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, stop)
        _redeliver_swallowed_interrupts(stop)


def _redeliver_swallowed_interrupts(stop) -> None:
    """A signal's handler runs wherever the main thread is, also inside a finaliser (``__del__``, a weakref's
    callback as SQLAlchemy's, run by the garbage collector), where Python prints an exception it raises as
    "Exception ignored in …" with its traceback, and goes on: a SIGTERM that came then (or a Ctrl-C) wrote a
    traceback into the job's log and was lost — the run went on to its end, exit 0. Such an interrupt is sent
    again instead (SIGTERM to this process, whose handler ``stop`` raises it once the finaliser has returned),
    so the run stops as any interrupted run does: one line, exit 130. Any other unraisable error is printed as
    before; so is this one where SIGTERM's handler is no longer ``stop`` (a worker process, which sets it back).
    (Sent from a thread of its own, a moment later: ``signal.raise_signal`` or ``interrupt_main`` here would run the
    handler at once, inside this hook, and lose it again; whatever handler SIGTERM has by then takes it — held
    by ``store.interrupts_held`` to the end of a commit, as a signal that came then would be.)"""
    import _thread
    import contextlib
    import signal
    import time

    printed = sys.unraisablehook

    def later() -> None:
        time.sleep(0.01)
        _thread.interrupt_main(signal.SIGTERM)

    def hook(unraisable) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and signal.getsignal(signal.SIGTERM) is stop:
            with contextlib.suppress(RuntimeError):  # (at the interpreter's exit no thread starts: the run is over)
                _thread.start_new_thread(later, ())
            return
        printed(unraisable)

    sys.unraisablehook = hook


def _json_usage_errors(argv: list[str]) -> None:
    """With --log-format json a usage error (exit 2) is one JSON object too, like every other message:
    the format is read from the arguments here, since such an error can come before it is parsed."""
    from forbattra.cli.app import env_log_format, log_format_of_args

    fmt = log_format_of_args(argv) or env_log_format() or "text"
    if fmt != "json":
        return
    try:
        from typer._click import exceptions
    except ImportError:  # a later Typer may move its Click: usage errors stay text
        return
    from forbattra.cli.app import error
    from forbattra.cli.help_sv import usage_message_sv

    def show(self, file=None) -> None:
        ui.log_format = "json"
        message = self.format_message()
        error("err_usage", detail=usage_message_sv(message) if ui.lang == "sv" else message)

    exceptions.UsageError.show = show  # type: ignore[method-assign]


# The cyclic collector's first generation is scanned after 700 new container objects by default:
# importing pandas, numpy and pydantic creates ≈ 100,000 of them, all long-lived, so a small run
# spent ≈ 0.07 CPU-s in ≈ 220 collections that found nothing to free (20,000: 7 passes, 0.06-0.08 s;
# 50,000: 3, 0.03 s). Collection, and so bounded memory for cyclic garbage (a few MB at most), stays.
_GC_GEN0 = 50_000


def tune_startup() -> None:
    """Process settings that make a small run cheap without changing any result (fifth round,
    docs/benchmarks.md): the collector's gen-0 threshold above, and OpenBLAS's idle threads.

    OpenBLAS (numpy's BLAS) starts its worker threads when numpy is imported and lets idle threads
    spin for 2**28 cycles before sleeping: ≈ 0.1 CPU-s burnt on every start (and after each
    multi-threaded product). ``OPENBLAS_THREAD_TIMEOUT=4`` (the smallest value, 2**4 cycles; unless
    the user set it) makes them sleep at once; the thread count, and so every product's bits, is
    unchanged."""
    import gc
    import os

    os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")
    g0, g1, g2 = gc.get_threshold()
    if 0 < g0 < _GC_GEN0:
        gc.set_threshold(_GC_GEN0, g1, g2)


# glibc malloc: serve allocations up to 256 MB from the heap and keep up to 1 GB of freed memory
# before trimming. With the defaults every chunk's big numpy arrays are mmap'ed and unmapped again,
# and the kernel zero-fills the pages on the next chunk: on 200,000 rows (streamed, --jobs 1) 44.4 CPU
# seconds, 12.0 of them system time, became 34.6 and 3.2 with these settings (docs/benchmarks.md). Set in
# the command's own process before anything big is allocated (forked workers inherit it); the
# library never changes the allocator of a program that imports it.
_MALLOC_MMAP_THRESHOLD = 256 * 2**20
_MALLOC_TRIM_THRESHOLD = 2**30


def tune_allocator() -> bool:
    """Apply the malloc thresholds above (Linux/glibc only; left alone when the user tunes malloc
    or sets ``FORBATTRA_MALLOC=default``, which the benchmark uses to measure the difference).

    Also turns off numpy's transparent-huge-page hint for big arrays (``NUMPY_MADVISE_HUGEPAGE=0``
    unless the user set it; read when numpy is imported, which is after this): with the kernel's THP
    mode ``madvise`` and ``defrag`` ``madvise`` (Debian's and this machine's defaults) every fresh
    huge page of a 5,000-row chunk's arrays is compacted and zeroed synchronously: 1.2–1.4 s of system
    time in each process's first chunk, 0.1–0.15 s without the hint, user time unchanged
    (docs/benchmarks.md, fourth round)."""
    import os

    if os.environ.get("FORBATTRA_MALLOC") != "default":
        os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    if not sys.platform.startswith("linux") or os.environ.get("FORBATTRA_MALLOC") == "default" or any(
            k.startswith("MALLOC_") or k == "GLIBC_TUNABLES" for k in os.environ):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt  # glibc; musl has no mallopt (AttributeError)
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3  # <malloc.h>
    return bool(mallopt(m_mmap_threshold, _MALLOC_MMAP_THRESHOLD)) and bool(mallopt(m_trim_threshold, _MALLOC_TRIM_THRESHOLD))


def help_language(argv: list[str], typed: list[str] | None = None) -> str:
    """``en`` when the command line says ``--lang en`` (or ``--lang=en``), else the language the command's
    ``--lang`` set in its variable or the config file says, else the default language (:func:`early_lang`).
    ``typed``: the command line as typed, where ``argv`` is it with the options moved into place (a ``--lang``
    given only to say the group's help language is left out of ``argv``)."""
    from forbattra.cli.app import early_lang
    from forbattra.i18n import lang_code

    args = typed if typed is not None else argv
    for i, a in enumerate(args):  # ("--lang EN" as the option reads it: English)
        if a == "--lang" and i + 1 < len(args):
            return "en" if lang_code(args[i + 1]) == "en" else "sv"
        if a.startswith("--lang="):
            return "en" if lang_code(a.split("=", 1)[1]) == "en" else "sv"
    return early_lang(argv)


def translate_help(cmd) -> None:
    """Swap every command's and option's English help for its Swedish text (:mod:`forbattra.cli.help_sv`)."""
    from forbattra.cli.help_sv import HELP_SV

    def walk(c) -> None:
        if c.help in HELP_SV:
            c.help = HELP_SV[c.help]
        if getattr(c, "short_help", None) in HELP_SV:
            c.short_help = HELP_SV[c.short_help]
        for p in c.params:
            if getattr(p, "help", None) in HELP_SV:
                p.help = HELP_SV[p.help]
        for sub in getattr(c, "commands", {}).values():
            walk(sub)

    walk(cmd)
    from forbattra.cli.help_sv import translate_click

    translate_click()
