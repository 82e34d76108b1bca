"""Peak memory of a process tree, watched from outside (``python -m analysis.engine.memwatch PID``).

The benchmark starts this watcher as a separate process rather than a thread, so the
benchmarked process stays single-threaded and may fork its workers safely. Every
``interval`` seconds it sums the memory of PID and all its descendants (itself excluded):
the proportional set size (PSS, Linux: pages shared copy-on-write between the parent and
its forked workers are counted once, split between them) and the plain resident set size
(RSS, which counts shared pages once per process, so it over-states a forked pool). It
stops when its standard input is closed and prints one JSON line with both peaks in MB.

Reading a process's PSS makes the kernel walk its page tables (about 12 ms for a process
holding the spaCy model): sampled every 0.1 s for three processes, the watcher took a
third of a core from the benchmark it measured, which on two cores slowed the parallel
run. So the watcher runs at the lowest priority, reads the cheap RSS every ``interval``
and the PSS at most every :data:`PSS_INTERVAL` seconds, plus whenever the summed RSS
reaches a new high (the only moments a new PSS peak can appear, since PSS <= RSS); it
lists the process tree (a scan of ``/proc``) at the same pace.
"""
from __future__ import annotations

import json
import os
import select
import sys

MB = 1024 * 1024
#: Seconds between two PSS readings when the RSS does not reach a new high.
PSS_INTERVAL = 1.0
#: A new RSS high triggers a PSS reading only if it exceeds the last one read by this much.
RSS_STEP_MB = 32.0


def _tree(psutil, root) -> list:
    me = os.getpid()
    try:
        return [p for p in [root] + root.children(recursive=True) if p.pid != me]
    except psutil.Error:
        return []


def _tree_memory(psutil, procs, *, pss: bool) -> tuple[float, float]:
    """(PSS, RSS) summed over ``procs`` in MB; PSS is None unless ``pss``."""
    total_pss = total_rss = 0.0
    for p in procs:
        try:
            if pss:
                full = p.memory_full_info()
                total_rss += full.rss
                total_pss += getattr(full, "pss", full.rss)
            else:
                total_rss += p.memory_info().rss
        except psutil.Error:  # a worker that just exited
            continue
    return (total_pss / MB if pss else None), total_rss / MB


def watch(pid: int, interval: float = 0.1) -> dict:
    import time

    import psutil

    try:
        os.nice(19)  # never take CPU from the benchmark
    except OSError:  # pragma: no cover
        pass
    root = psutil.Process(pid)
    peak_pss = peak_rss = 0.0
    samples = pss_samples = 0
    last_pss_at, last_pss_rss = 0.0, 0.0
    procs, procs_at = [], -PSS_INTERVAL
    while True:
        now = time.monotonic()
        if now - procs_at >= PSS_INTERVAL:  # listing the tree scans /proc: not at every sample
            procs, procs_at = _tree(psutil, root), now
        _, rss = _tree_memory(psutil, procs, pss=False)
        if now - last_pss_at >= PSS_INTERVAL or rss > last_pss_rss + RSS_STEP_MB:
            pss, rss = _tree_memory(psutil, procs, pss=True)
            peak_pss = max(peak_pss, pss)
            last_pss_at, last_pss_rss = now, rss
            pss_samples += 1
        peak_rss = max(peak_rss, rss)
        samples += 1
        ready, _, _ = select.select([sys.stdin], [], [], interval)
        if ready and not sys.stdin.buffer.read1(4096):  # EOF: the benchmark is done
            break
        if not psutil.pid_exists(pid):
            break
    return {"peak_pss_mb": round(peak_pss, 1), "peak_rss_sum_mb": round(peak_rss, 1), "samples": samples,
            "pss_samples": pss_samples}


if __name__ == "__main__":
    print(json.dumps(watch(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 0.1)), flush=True)
