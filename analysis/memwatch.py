"""Peak memory of a process tree, watched from outside (``python -m analysis.memwatch PID``).

The benchmark starts this watcher as a separate process rather than a thread, so the
benchmarked process stays single-threaded and may fork its workers safely. Every
``interval`` seconds it sums the memory of PID and all its descendants (itself excluded):
the proportional set size (PSS, Linux: pages shared copy-on-write between the parent and
its forked workers are counted once, split between them) and the plain resident set size
(RSS, which counts shared pages once per process, so it over-states a forked pool). It
stops when its standard input is closed and prints one JSON line with both peaks in MB.
"""
from __future__ import annotations

import json
import os
import select
import sys

MB = 1024 * 1024


def _tree_memory(psutil, root) -> tuple[float, float]:
    pss = rss = 0.0
    me = os.getpid()
    try:
        procs = [root] + root.children(recursive=True)
    except psutil.Error:
        return 0.0, 0.0
    for p in procs:
        if p.pid == me:
            continue
        try:
            full = p.memory_full_info()
            rss += full.rss
            pss += getattr(full, "pss", full.rss)
        except psutil.Error:  # a worker that just exited
            continue
    return pss / MB, rss / MB


def watch(pid: int, interval: float = 0.1) -> dict:
    import psutil

    root = psutil.Process(pid)
    peak_pss = peak_rss = 0.0
    samples = 0
    while True:
        pss, rss = _tree_memory(psutil, root)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        samples += 1
        ready, _, _ = select.select([sys.stdin], [], [], interval)
        if ready and not sys.stdin.buffer.read1(4096):  # EOF: the benchmark is done
            break
        if not psutil.pid_exists(pid):
            break
    return {"peak_pss_mb": round(peak_pss, 1), "peak_rss_sum_mb": round(peak_rss, 1), "samples": samples}


if __name__ == "__main__":
    print(json.dumps(watch(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 0.1)), flush=True)
