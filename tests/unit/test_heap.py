"""Freed memory goes back to the system (glibc's malloc_trim)."""

from __future__ import annotations

import ctypes
import sys

import pytest

from kiosk.heap import can_release, release_free_memory


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    import resource

    return pages * resource.getpagesize() / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_free_pages_in_the_middle_of_the_heap_go_back_to_the_system() -> None:
    """Blocks freed below one still in use stay resident until they are released."""
    assert can_release()
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(4000) for _ in range(15_000)]  # ~60 MB below the mmap threshold
    for block in blocks:
        ctypes.memset(block, 1, 4000)
    keep = libc.malloc(4000)  # holds the top of the heap, so free() cannot shrink it
    for block in blocks:
        libc.free(block)
    before = rss_mb()
    assert release_free_memory()
    after = rss_mb()
    libc.free(keep)
    assert before - after > 40, f"RSS {before:.0f} MB -> {after:.0f} MB"


def test_nothing_is_done_where_the_allocator_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.heap

    kiosk.heap._malloc_trim.cache_clear()
    monkeypatch.setattr(sys, "platform", "win32")
    try:
        assert not can_release()
        assert release_free_memory() is False
    finally:
        kiosk.heap._malloc_trim.cache_clear()
