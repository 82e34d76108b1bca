"""Both engines on the same N synthetic articles, with each process's CPU time apart.

    python tools/compare_engines.py --articles 96

The local pool (2 processes, forked from this process with the model loaded) and then the
Dask engine (a 2-worker LocalCluster, started and with the model loaded before its clock),
each from an empty cache. Prints wall-clock seconds and CPU seconds of the parent / client
and of the workers (read on each Dask worker with ``client.run``), then the CPU ratio.
Lighter than ``python -m analysis bench --engine dask`` (no single-process run, no bare
spaCy passes, no memory watcher), to see where an engine's CPU goes.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _cpu(who) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def main() -> int:
    from analysis.engine.dask_engine import (
        connect,
        prepare_workers,
        process_cpu_seconds,
    )
    from analysis.engine.nlp import get_nlp
    from analysis.engine.pipeline import run_corpus
    from analysis.engine.synthetic import build_synthetic_corpus
    from analysis.knowledge import Knowledge

    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=96)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="compare-engines-"))
    corpus = build_synthetic_corpus(args.articles, tmp / "corpus", seed=args.seed)
    get_nlp()
    s0, k0, t = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    run_corpus(corpus=corpus, cache_dir=tmp / "cache-local", n_jobs=2)
    local = {"wall_s": time.perf_counter() - t, "parent_cpu_s": _cpu(resource.RUSAGE_SELF) - s0,
             "workers_cpu_s": _cpu(resource.RUSAGE_CHILDREN) - k0}
    client, cluster = connect(None, 2)
    try:
        client.wait_for_workers(2, timeout=600)
        prepare_workers(client, Knowledge(), cache_dir=tmp / "cache-dask", use_cache=True)
        w0, c0, t = client.run(process_cpu_seconds), _cpu(resource.RUSAGE_SELF), time.perf_counter()
        run_corpus(corpus=corpus, cache_dir=tmp / "cache-dask", engine="dask", client=client)
        wall = time.perf_counter() - t
        w1, c1 = client.run(process_cpu_seconds), _cpu(resource.RUSAGE_SELF)
    finally:
        client.close()
        cluster.close()
    dask = {"wall_s": wall, "client_cpu_s": c1 - c0, "workers_cpu_s": sum(w1[a] - w0[a] for a in w1)}
    ratio = (local["parent_cpu_s"] + local["workers_cpu_s"]) / (dask["client_cpu_s"] + dask["workers_cpu_s"])
    print(json.dumps({"articles": args.articles, "local": local, "dask": dask,
                      "dask_vs_local_wall": local["wall_s"] / wall, "dask_vs_local_cpu": ratio}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
