"""Handing freed memory back to the operating system.

The CLI's entry point tells glibc malloc to keep up to 1 GB of freed heap (``cli.tune_allocator``: the
chunked classification reuses it instead of faulting fresh pages in). A one-shot step with big
temporaries (``discover``'s SVD over 100,000 rows) would then keep them in the process's resident size
until it exits; :func:`give_back_memory` returns them after such a step. Nothing in the results depends
on it."""

from __future__ import annotations

import sys


def give_back_memory() -> None:
    """``malloc_trim(0)`` where the C library has it (glibc); nothing elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # musl has no malloc_trim
        pass
