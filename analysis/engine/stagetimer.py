"""Where the time of a run goes, by stage (for ``python -m analysis bench``).

Off by default: :func:`stage` then costs one attribute test. ``bench`` turns it on with
:func:`start` for its single-process run and reads :data:`SECONDS` afterwards; worker
processes keep their own (unread) copy, so only single-process runs are broken down.
"""
from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager

#: Seconds per stage name, or None when not measuring.
SECONDS: Counter | None = None


def start() -> Counter:
    global SECONDS
    SECONDS = Counter()
    return SECONDS


def stop() -> Counter:
    global SECONDS
    out, SECONDS = SECONDS or Counter(), None
    return out


@contextmanager
def stage(name: str):
    if SECONDS is None:
        yield
        return
    t = time.perf_counter()
    try:
        yield
    finally:
        SECONDS[name] += time.perf_counter() - t
