"""glibc malloc settings for processes that parse (called once, when the model loads).

Why: glibc returns the free memory at the top of its heap to the system as soon as it
exceeds a *trim threshold*, which it adjusts by itself (it starts at 128 KiB). The
analysis alternates two workloads in one process: spaCy parses a chunk of articles
(tens of MB of arrays), then our steps allocate and free many small objects. After each
chunk the heap top is trimmed, and the next parse grows it again, touching fresh pages:
measured on 200 synthetic articles, the parse inside the analysis took 220,492 minor page
faults against 19,584 and 27,491 for the same texts parsed alone before and after, and
ran 26.5 s against 24.3 s and 28.6 s (this machine's speed drifts). With the two settings
below: 811 faults, 21.9 s against 23.3 s and 22.3 s; the whole analysis 26.9 s instead of
32.6 s, the process's peak RSS unchanged (930 MB). A trim threshold of 64 MiB left
192,589 faults, 128 MiB 5,024.

- ``M_MMAP_THRESHOLD`` 32 MiB (glibc's maximum on 64-bit): blocks below it come from the
  heap and are reused instead of being mapped and unmapped at every batch. Setting any of
  these values turns glibc's own adjustment off, so this one must be set with the next.
- ``M_TRIM_THRESHOLD`` 256 MiB: up to that much free memory stays at the heap top between
  two chunks (the next chunk uses it again). :func:`release_free_memory` gives it back at
  the end of each analysis, so a long-lived process (the dashboard server, the benchmark)
  does not keep it between analyses: without that, the benchmark's parent kept what its
  single-process runs had freed, its forked workers copied those pages, and the peak
  memory of the parallel run rose from 1,403 to 1,652 MB at 1,000 articles. In a fresh
  process, a parallel run of 1,000 articles peaked at 1,014 MB with the settings and
  955 MB without.

Only glibc has ``mallopt`` with these meanings; elsewhere (macOS, musl) nothing is done.
A user who sets ``MALLOC_TRIM_THRESHOLD_``, ``MALLOC_MMAP_THRESHOLD_`` or
``MALLOC_TOP_PAD_`` in the environment keeps their own settings, and
``ANALYSIS_MALLOC_TUNING=0`` turns this off.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import sys

M_TRIM_THRESHOLD = -1  # from glibc's <malloc.h>
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 256 * 1024 * 1024
_USER_VARS = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_")

_done: bool | None = None


@functools.lru_cache(maxsize=1)
def _glibc():
    """The C library when it is glibc, else None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "gnu_get_libc_version") else None


def tune_malloc() -> bool:
    """Apply the settings once per process; True when they are in force."""
    global _done
    if _done is not None:
        return _done
    _done = False
    if not sys.platform.startswith("linux") or os.environ.get("ANALYSIS_MALLOC_TUNING", "1") == "0" \
            or any(v in os.environ for v in _USER_VARS):
        return False
    libc = _glibc()
    if libc is None:
        return False
    mallopt = libc.mallopt
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    # mallopt returns 1 on success
    _done = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    return _done


def release_free_memory() -> None:
    """Give the free memory kept by the settings above back to the system (``malloc_trim``).

    Called at the end of an analysis: between two analyses a process (the dashboard
    server, the benchmark) should not hold the up to 256 MiB the parse reuses within one."""
    if _done:  # only set when _glibc() found glibc, which has malloc_trim
        _glibc().malloc_trim(0)
