"""Keep freed memory in the process heap so the engine's large temporaries are not page-faulted anew.

glibc serves allocations above its mmap threshold (128 KiB, adjusted upwards up to 32 MiB) with
fresh ``mmap`` pages and gives them back on ``free``.  The engine creates many short-lived arrays
of a few MB per chunk; with the default settings nearly every one is a fresh mapping whose pages
the kernel must zero on first touch, which made array arithmetic several times slower than the
arithmetic itself.  Raising the mmap and trim thresholds makes such blocks come from, and return
to, the heap, where the next chunk reuses them.  The cost is that the process keeps its peak heap
(a few hundred MB for a 1M trial-year run) instead of returning it between chunks.

NumPy also asks the kernel for transparent huge pages (``madvise(MADV_HUGEPAGE)``) on every
array of 4 MB or more.  Where the kernel compacts memory to serve such a fault (``defrag`` set to
``madvise``, memory reclaimed in the background, as on the virtual machines bizcase runs on), the
first touch of a fresh 2 MB page costs up to a millisecond: the delivery plan of the bank at
20,000 trial-years spent 3.4-5.4 s in the kernel for 3.5 s of arithmetic, against 0.3 s with
4 KB pages.  The engine's arrays are a few MB, streamed once per pass: huge pages save it nothing
in the TLB, so it turns NumPy's advice off (what ``NUMPY_MADVISE_HUGEPAGE=0`` does at import).

This is process-wide, idempotent, and a no-op where glibc's ``mallopt`` (or NumPy's switch) is
not available.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD_BYTES = 256 * 1024 * 1024
_TRIM_THRESHOLD_BYTES = 512 * 1024 * 1024


@functools.cache
def keep_freed_memory() -> bool:
    """Raise glibc's mmap and trim thresholds and turn NumPy's huge-page advice off, once per
    process; True when the thresholds took effect."""
    _no_huge_pages()
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    ok_mmap = mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES) == 1
    ok_trim = mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD_BYTES) == 1
    return ok_mmap and ok_trim


def _no_huge_pages() -> None:
    """Stop NumPy advising huge pages for its large arrays (see the module docstring)."""
    try:
        from numpy._core import multiarray
    except ImportError:  # NumPy 1.x
        from numpy.core import multiarray  # type: ignore[no-redef]
    switch = getattr(multiarray, "_set_madvise_hugepage", None)
    if switch is not None:
        switch(False)
