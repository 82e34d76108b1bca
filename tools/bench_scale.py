"""The analysis of N synthetic articles on a Dask cluster started as on real machines, then 10 more.

    python tools/bench_scale.py --articles 10000 --work-dir /tmp/scale

Starts ``dask scheduler`` and ``dask worker`` (``--workers`` processes of one thread each) as
separate processes on the loopback interface, exactly as docs/scale.md starts them on a
cluster, then runs ``python -m analysis run --engine dask --scheduler tcp://…`` on the
corpus (Parquet tables). Every 0.5 s it reads the resident memory (RSS) of each role: the
client (the command: corpus, cache look-ups, results, tables, corpus steps), the scheduler,
and each worker. Then it copies the corpus, adds 10 new articles and runs again with the
same cache: the command reports how many articles it analysed. Prints a JSON line.

The corpus is the one ``tools/bench_pages.py --articles N --work-dir DIR`` builds (same
generator and seed, in ``DIR/N/corpus``, cache in ``DIR/N/cache``), so the dashboard
benchmark that follows finds every article already analysed.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024


class RoleMemory(threading.Thread):
    """Peak RSS (MB) per role, sampled every ``interval`` seconds from a thread of this tool
    (the measured processes are all separate processes)."""

    def __init__(self, roles: dict[str, callable], interval: float = 0.5):
        super().__init__(daemon=True)
        self.roles, self.interval = roles, interval
        self.peaks: dict[str, float] = {r: 0.0 for r in roles}
        self.stop_event = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stop_event.is_set():
            for role, procs in self.roles.items():
                total = 0.0
                for pid in procs():
                    try:
                        total += psutil.Process(pid).memory_info().rss / MB
                    except psutil.Error:
                        pass
                self.peaks[role] = max(self.peaks[role], total)
            self.stop_event.wait(self.interval)

    def stop(self) -> dict[str, float]:
        self.stop_event.set()
        self.join()
        return {r: round(v, 1) for r, v in self.peaks.items()}


def _tree(pid: int) -> list[int]:
    import psutil

    try:
        p = psutil.Process(pid)
        return [p.pid] + [c.pid for c in p.children(recursive=True)]
    except psutil.Error:
        return []


def _worker_pids(nanny_root: int) -> list[int]:
    """The worker processes: the leaves under ``dask worker`` (each nanny spawns one)."""
    import psutil

    try:
        kids = psutil.Process(nanny_root).children(recursive=True)
    except psutil.Error:
        return []
    return [c.pid for c in kids if not c.children()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], env: dict, roles: dict) -> tuple[float, str, dict]:
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    roles["client"] = lambda: _tree(proc.pid)
    watch = RoleMemory(roles)
    watch.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t
    peaks = watch.stop()
    if proc.returncode:
        raise SystemExit(f"échec de {' '.join(cmd)} :\n{err[-3000:]}")
    return wall, out.strip().splitlines()[-1], peaks


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--format", choices=["csv", "parquet"], default="parquet")
    args = parser.parse_args()
    n = args.articles
    base = args.work_dir / str(n)
    corpus_dir, cache_dir = base / "corpus", base / "cache"

    from analysis.corpus.articles import load_corpus
    from analysis.engine.synthetic import (
        build_synthetic_corpus,
        synthetic_articles,
        write_corpus,
    )
    from analysis.knowledge import DEFAULT_DATA_DIR

    t = time.perf_counter()
    build_synthetic_corpus(n, corpus_dir)
    print(f"corpus de {n} articles : {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)

    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}  # as docs/scale.md starts the workers
    bin_dir = Path(sys.executable).parent
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    sched = subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                              "--no-dashboard"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    workers = subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nworkers", str(args.workers),
                                "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                                "--local-directory", str(args.work_dir / "dask-worker-space")],
                               cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    d: dict = {"articles": n, "workers": args.workers, "load_average_start": os.getloadavg()}
    try:
        from distributed import Client

        with Client(address, timeout="60s") as c:
            c.wait_for_workers(args.workers, timeout=120)
        roles = {"scheduler": lambda: _tree(sched.pid), "workers": lambda: _worker_pids(workers.pid)}
        cmd = [sys.executable, "-m", "analysis", "run", "--engine", "dask", "--scheduler", address,
               "--corpus", str(corpus_dir), "--cache", str(cache_dir), "--out", str(base / "tables"),
               "--format", args.format]
        print("analyse complète (dask)…", file=sys.stderr, flush=True)
        d["cold_s"], d["cold_output"], d["cold_peak_rss_mb"] = _run(cmd, env, dict(roles))
        d["articles_per_s"] = round(n / d["cold_s"], 2)

        grown = base.parent / f"{n}-plus10"
        if grown.exists():
            shutil.rmtree(grown)
        shutil.copytree(corpus_dir, grown / "corpus")
        extra = synthetic_articles(10, load_corpus(DEFAULT_DATA_DIR / "corpus"), seed=7)
        import dataclasses

        write_corpus([dataclasses.replace(a, id=f"synth_new_{k:02d}") for k, a in enumerate(extra)], grown / "corpus")
        cmd_grown = [*cmd[:cmd.index("--corpus")], "--corpus", str(grown / "corpus"), "--cache", str(cache_dir),
                     "--out", str(grown / "tables"), "--format", args.format]
        print("relance avec 10 articles de plus…", file=sys.stderr, flush=True)
        d["plus10_s"], d["plus10_output"], d["plus10_peak_rss_mb"] = _run(cmd_grown, env, dict(roles))
        m = re.search(r"\((\d+) analysés", d["plus10_output"])
        d["plus10_analysed"] = int(m.group(1)) if m else None
        d["load_average_end"] = os.getloadavg()
        d["tables_mb"] = {p.name: round(p.stat().st_size / MB, 1) for p in sorted((base / "tables").iterdir())}
    finally:
        for p in (workers, sched):
            p.terminate()
        for p in (workers, sched):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    print(json.dumps(d))
    return 0


if __name__ == "__main__":
    sys.exit(main())
