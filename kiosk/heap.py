"""Handing memory the kiosk has freed back to the operating system (no Qt).

A kiosk that runs for months frees far more than it keeps: every touch session builds a project
page and throws it away, every feed change replaces the catalogue. glibc's allocator keeps what
is freed for later use, in pieces spread through the heap, so the process's resident memory only
ever rises even when nothing leaks (``scripts/soak.py`` measured most of its growth there).
``malloc_trim`` returns every whole free page to the system. Elsewhere (Windows, macOS, musl)
there is no such call and nothing is done.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from functools import cache

__all__ = ["can_release", "release_free_memory"]


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None  # not glibc
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def can_release() -> bool:
    """Whether this platform's allocator can hand free memory back (glibc)."""
    return _malloc_trim() is not None


def release_free_memory() -> bool:
    """Return the allocator's free pages to the system; True if any were returned."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
