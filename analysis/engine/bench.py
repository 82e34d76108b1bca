"""Benchmark: the full analysis against bare spaCy on a synthetic corpus.

``python -m analysis bench --articles N`` builds N synthetic articles (see
:mod:`analysis.engine.synthetic`) in a temporary folder and measures, in one run:

1. bare spaCy: the same texts through ``nlp.pipe`` of the same loaded model (our small
   ``newline_sentence_starts`` component disabled), nothing else; once before and once
   after the single-process analysis, the mean used (the machine's speed drifts);
2. the full analysis, cold (fresh empty cache), single process: parse + every article
   step + result and parse caches + tables + corpus steps, broken down by stage;
3. the same, cold, with ``--jobs`` worker processes (fresh empty cache again);
4. a warm re-run of the unchanged corpus in a fresh Python process (as the command line
   or a restarted app would do): imports, corpus loading and the analysis from cache;
5. one article added to the corpus: how many articles are analysed again (a counter);
6. peak memory of the whole process tree (workers included), watched from outside.

It checks that the parallel run gives exactly the single-process tables, prints a table
and, as its last line, one JSON object (keys in :data:`JSON_KEYS`).
"""
from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JSON_KEYS = ("articles", "seconds", "articles_per_s", "tokens_per_s", "peak_mb", "ratio_vs_spacy",
             "parallel_speedup", "warm_seconds", "engine", "workers")
#: Added with ``--engine dask``: the local pool's figures of the same run, and their ratio.
DASK_JSON_KEYS = ("local_pool_seconds", "local_pool_articles_per_s", "dask_vs_local_pool",
                  "dask_cluster_start_seconds", "local_pool_cpu_seconds", "dask_cpu_seconds", "dask_vs_local_pool_cpu")
from analysis.knowledge import PROJECT_DIR

_WARM_PROBE = """
import json, sys, time
t0 = time.perf_counter()
from analysis.corpus.articles import load_corpus
from analysis.engine.pipeline import run_corpus
t1 = time.perf_counter()
corpus = load_corpus(sys.argv[1])
res = run_corpus(corpus=corpus, cache_dir=sys.argv[2], data_dir=sys.argv[3] or None)
t2 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "analysis": t2 - t1, "total": t2 - t0,
                  "spacy_imported": "spacy" in sys.modules, **res.stats,
                  "sentences": len(res.tables.get("sentences", ()))}))
"""


class MemoryWatch:
    """Peak PSS of this process and its descendants, sampled by a separate process."""

    def __init__(self, interval: float = 0.1):
        self.proc = None
        try:
            import psutil  # noqa: F401
        except ImportError:  # pragma: no cover - psutil is in requirements.txt
            return
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "analysis.engine.memwatch", str(os.getpid()), str(interval)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=PROJECT_DIR,
        )

    def stop(self) -> dict:
        self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
        child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        out = {"self_maxrss_mb": round(self_mb, 1), "largest_child_maxrss_mb": round(child_mb, 1)}
        if self.proc is not None:
            stdout, _ = self.proc.communicate(timeout=30)
            out.update(json.loads(stdout.strip().splitlines()[-1]))
            # PSS sampled every 0.1 s may miss a short spike of the main process: never
            # report less than its own peak resident size.
            out["peak_mb"] = round(max(out["peak_pss_mb"], self_mb), 1)
        else:  # fallback: this process + the largest worker times the number of workers
            out["peak_mb"] = None
        return out


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def cpu_calibration(jobs: int, n: int = 3_000_000) -> float:
    """Speed-up a pure CPU loop gets from ``jobs`` processes right now (ideal: ``jobs``).

    On a shared machine this tells how many cores were really free during the run, which
    bounds the parallel speed-up of the analysis."""
    import multiprocessing

    if jobs <= 1:
        return 1.0
    t = time.perf_counter()
    for _ in range(jobs):
        _burn(n)
    serial = time.perf_counter() - t
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(jobs) as pool:
        pool.map(_burn, [1000] * jobs)  # start the workers before timing
        t = time.perf_counter()
        pool.map(_burn, [n] * jobs, chunksize=1)
        parallel = time.perf_counter() - t
    return serial / parallel


def _cpu_seconds() -> float:
    """CPU time of this process and of its waited-for children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(fn, *args, **kwargs):
    value, wall, _ = _measured(fn, *args, **kwargs)
    return value, wall


def _measured(fn, *args, **kwargs):
    """(value, wall-clock seconds, CPU seconds incl. workers) of one call."""
    c, t = _cpu_seconds(), time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - t, _cpu_seconds() - c


def _same_tables(a: dict, b: dict) -> bool:
    if sorted(a) != sorted(b):
        return False
    return all(a[k].equals(b[k]) for k in a)


#: Stages of the breakdown, in pipeline order (names from analysis.engine.stagetimer.stage calls).
STAGE_LABELS = {
    "parse": "analyse syntaxique spaCy (nlp.pipe + notre composant)",
    "parse_cache": "écriture du cache des analyses syntaxiques",
    "segments_sentences_words": "segments, phrases, tokens, mots",
    "base_step": "étape base (lisibilité)",
    "quotes_step": "étape citations",
    "tone_step": "étape tonalité",
    "framing_step": "étape cadrage / souveraineté",
    "result_cache": "cache des résultats (par article + instantané)",
    "build_tables": "assemblage des tables",
    "corpus_sums": "sommes par média (réductions)",
    "outlets_step": "corpus : lisibilité par média",
    "quotes_corpus_step": "corpus : citations par média",
    "tone_corpus_step": "corpus : tonalité par média",
    "vocabulary_step": "corpus : vocabulaire, similarité, passages",
    "near_duplicates_step": "corpus : quasi-doublons (MinHash, LSH)",
}


def stage_breakdown(seconds: dict, total: float) -> dict[str, float]:
    """Stage -> seconds of one single-process run; the parse without its cache writes, and
    ``other`` for what no stage covers (loading the knowledge files, imports, the loop)."""
    out = dict(seconds)
    if "parse" in out:
        out["parse"] -= out.get("parse_cache", 0.0)
    out["other"] = max(0.0, total - sum(out.values()))
    return out


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (ValueError, OSError, AttributeError):  # pragma: no cover
        mem_gb = float("nan")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} cores, {mem_gb:.0f} GB, Python {platform.python_version()}, "
            f"load average {load:.2f}")


def run_bench(n: int, *, jobs: int | None = None, seed: int = 0, start_method: str | None = None,
              data_dir: Path | str | None = None, log=None, repeat: int = 1, engine: str = "local",
              scheduler: str | None = None) -> dict:
    """Run every measurement on ``n`` synthetic articles; returns figures and details.
    ``repeat``: single-process analyses, each between two bare spaCy passes (see below).
    ``engine="dask"``: after the local pool's run, the same cold analysis as Dask tasks (a
    LocalCluster of ``jobs`` workers, or the cluster of ``scheduler``), timed from the
    cluster's start; its tables must equal the single-process ones, and the summary's
    ``seconds``, ``articles_per_s`` and ``tokens_per_s`` are then the Dask run's."""
    import dataclasses

    from analysis.corpus.articles import Corpus, load_corpus
    from analysis.engine import stagetimer
    from analysis.knowledge import DEFAULT_DATA_DIR

    from .nlp import BATCH_SIZE, get_nlp
    from .pipeline import default_jobs, run_corpus
    from .synthetic import build_synthetic_corpus, synthetic_articles

    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    jobs = jobs or default_jobs()
    watch = MemoryWatch()
    d: dict = {"machine": machine_description(), "jobs": jobs}
    with tempfile.TemporaryDirectory(prefix="analysis-bench-") as tmp:
        tmp = Path(tmp)
        log(f"corpus synthétique de {n} articles…")
        corpus, d["build_s"] = _timed(build_synthetic_corpus, n, tmp / "corpus", seed=seed)
        texts = [a.text for a in corpus.articles]
        d["chars"] = sum(map(len, texts))

        log("chargement du modèle…")
        nlp, d["model_load_s"] = _timed(get_nlp)
        from .allocator import release_free_memory, tune_malloc

        d["malloc_tuned"] = tune_malloc()  # already applied by get_nlp: bare spaCy runs with it too
        # warm-up (first calls allocate): a few texts that are not in the measured corpus
        source = load_corpus(DEFAULT_DATA_DIR / "corpus")
        warm = synthetic_articles(4, source, seed=seed + 1)
        list(nlp.pipe([a.text for a in warm]))

        def bare_spacy():
            with nlp.select_pipes(disable=["newline_sentence_starts"]):
                return _measured(lambda: sum(len(doc) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE)))

        # Each single-process analysis is bracketed by two bare passes, and its ratio uses
        # their mean: the machine's speed drifts by a few percent over minutes (a shared
        # virtual machine), and the mean keeps that drift from landing on one side of the
        # ratio. With --repeat R, R analyses (each from an empty cache) alternate with R + 1
        # bare passes; the figures are those of the analysis whose ratio is the median (the
        # lower one for an even R).
        log("spaCy seul (nlp.pipe), passe 1…")
        d["tokens"], bare_s, bare_cpu = bare_spacy()
        bare_runs, runs = [(bare_s, bare_cpu)], []
        for r in range(repeat):
            log(f"analyse complète, à froid, 1 processus ({r + 1}/{repeat})…")
            stagetimer.start()
            try:
                res, sec, cpu = _measured(run_corpus, corpus=corpus, data_dir=data_dir,
                                          cache_dir=tmp / f"cache-single-{r}", n_jobs=1)
            finally:
                timings = stagetimer.stop()
            stages = stage_breakdown(timings, sec)
            log(f"spaCy seul (nlp.pipe), passe {r + 2}…")
            _, bare_s, bare_cpu = bare_spacy()
            bare_runs.append((bare_s, bare_cpu))
            (b0, c0), (b1, c1) = bare_runs[-2:]
            runs.append({"single_s": sec, "single_cpu": cpu, "spacy_s": (b0 + b1) / 2, "spacy_cpu": (c0 + c1) / 2,
                         "spacy_runs_s": [b0, b1], "stages": stages, "ratio": (b0 + b1) / 2 / sec})
            if r < repeat - 1:
                del res
                release_free_memory()
            else:
                single = res
        d["ratios"] = [round(run["ratio"], 3) for run in runs]
        median = sorted(runs, key=lambda run: run["ratio"])[(len(runs) - 1) // 2]
        d.update({k: median[k] for k in ("single_s", "single_cpu", "spacy_s", "spacy_cpu", "spacy_runs_s", "stages")})
        d["sentences"] = len(single.tables.get("sentences", ()))
        if jobs > 1:
            # the single-process results stay alive for the comparison of the tables, but
            # what they freed is given back before the parallel run's memory is watched
            release_free_memory()
            log(f"analyse complète, à froid, {jobs} processus…")
            par, d["parallel_s"], d["parallel_cpu"] = _measured(run_corpus, corpus=corpus, data_dir=data_dir,
                                          cache_dir=tmp / "cache-parallel", n_jobs=jobs,
                                          start_method=start_method)
            d["parallel_jobs_used"] = par.stats["jobs"]
            d["identical"] = _same_tables(single.tables, par.tables)
            warm_cache = tmp / "cache-parallel"
            del par
        else:
            d["parallel_s"], d["parallel_cpu"] = d["single_s"], d["single_cpu"]
            d["parallel_jobs_used"], d["identical"] = 1, True
            warm_cache = tmp / f"cache-single-{repeat - 1}"

        d["cpu_calibration"] = cpu_calibration(jobs)  # before any Dask thread exists: it forks
        d["engine"] = engine
        if engine == "dask":
            d["local_s"] = d["parallel_s"]
            release_free_memory()
            log(f"analyse complète, à froid, moteur Dask ({scheduler or f'LocalCluster de {jobs} workers'})…")
            dres, d["dask_s"], d["dask_setup_s"], d["dask_cpu"] = _dask_run(corpus, data_dir, tmp / "cache-dask",
                                                                           jobs, scheduler)
            d["workers"] = dres.stats["jobs"]
            d["identical"] = d["identical"] and _same_tables(single.tables, dres.tables)
            warm_cache = tmp / "cache-dask"
            del dres
        else:
            d["workers"] = d["parallel_jobs_used"]
        del single

        log("relance à chaud (nouveau processus)…")
        t = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _WARM_PROBE, str(tmp / "corpus"), str(warm_cache), str(data_dir or "")],
            cwd=PROJECT_DIR, capture_output=True, text=True, check=True,
        )
        d["warm_process_wall_s"] = time.perf_counter() - t
        d["warm"] = json.loads(proc.stdout.strip().splitlines()[-1])

        log("ajout d'un article…")
        extra = dataclasses.replace(synthetic_articles(1, source, seed=seed + 2)[0], id=f"synth_{n:05d}")
        grown = Corpus(articles=corpus.articles + [extra])
        inc, d["incremental_s"] = _timed(run_corpus, corpus=grown, data_dir=data_dir, cache_dir=warm_cache,
                                         n_jobs=jobs, start_method=start_method, engine=engine,
                                         scheduler=scheduler)
        d["incremental_analysed"] = inc.stats["analysed"]
        del inc
    d["memory"] = watch.stop()

    seconds = d["dask_s"] if engine == "dask" else d["parallel_s"]
    d["summary"] = {
        "articles": n,
        "seconds": round(seconds, 3),
        "articles_per_s": round(n / seconds, 2),
        "tokens_per_s": round(d["tokens"] / seconds, 1),
        "peak_mb": d["memory"]["peak_mb"],
        "ratio_vs_spacy": round(d["spacy_s"] / d["single_s"], 3),
        "parallel_speedup": round(d["single_s"] / d["parallel_s"], 3),
        "warm_seconds": round(d["warm"]["total"], 3),
        "engine": engine,
        "workers": d["workers"],
    }
    if engine == "dask":
        d["summary"].update({
            "local_pool_seconds": round(d["local_s"], 3),
            "local_pool_articles_per_s": round(n / d["local_s"], 2),
            "dask_vs_local_pool": round(d["local_s"] / d["dask_s"], 3),
            "dask_cluster_start_seconds": round(d["dask_setup_s"], 3),
            # CPU seconds of every process of each engine for the same work: less sensitive than the
            # wall clock to the other users of a shared machine (the ratio is articles per CPU second)
            "local_pool_cpu_seconds": round(d["parallel_cpu"], 2),
            "dask_cpu_seconds": round(d["dask_cpu"], 2),
            "dask_vs_local_pool_cpu": round(d["parallel_cpu"] / d["dask_cpu"], 3),
        })
    return d


def _dask_run(corpus, data_dir, cache_dir, jobs: int, scheduler: str | None):
    """(results, seconds of the analysis, seconds to start the cluster): the cold analysis as
    Dask tasks. The cluster is started and every worker has loaded the model before the
    clock of the analysis starts, as the local pool's workers inherit the parent's loaded
    model; a real cluster keeps its workers (and their model) from one run to the next."""
    from analysis.knowledge import Knowledge

    from .dask_engine import connect, prepare_workers, process_cpu_seconds
    from .pipeline import run_corpus

    t = time.perf_counter()
    client, cluster = connect(scheduler, jobs)
    try:
        client.wait_for_workers(1 if scheduler else jobs, timeout=600)
        prepare_workers(client, Knowledge(data_dir), cache_dir=cache_dir, use_cache=True)
        w0, c0 = client.run(process_cpu_seconds), process_cpu_seconds()
        t1 = time.perf_counter()
        res = run_corpus(corpus=corpus, data_dir=data_dir, cache_dir=cache_dir, engine="dask", client=client)
        wall = time.perf_counter() - t1
        w1, c1 = client.run(process_cpu_seconds), process_cpu_seconds()
        # this process (client, and the LocalCluster's scheduler) + every worker's own CPU time
        cpu = (c1 - c0) + sum(w1[a] - w0.get(a, 0.0) for a in w1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return res, wall, t1 - t, cpu


def format_report(d: dict) -> str:
    s, w, m = d["summary"], d["warm"], d["memory"]
    n = s["articles"]

    def rate(sec, cpu):
        return f"{n / sec:8.1f} art/s {d['tokens'] / sec:9.0f} tok/s   CPU {cpu:8.2f} s" if sec else ""

    rows = [
        ("spaCy seul, nlp.pipe (1 processus), moyenne de 2 passes", d["spacy_s"], rate(d["spacy_s"], d["spacy_cpu"])),
        ("  passe avant / après l'analyse", d["spacy_runs_s"][0], f"{d['spacy_runs_s'][1]:.2f} s après"),
        ("analyse complète à froid, 1 processus", d["single_s"], rate(d["single_s"], d["single_cpu"])),
        (f"analyse complète à froid, {d['parallel_jobs_used']} processus", d["parallel_s"],
         rate(d["parallel_s"], d["parallel_cpu"])),
        *([(f"analyse complète à froid, moteur Dask, {d['workers']} workers", d["dask_s"],
            rate(d["dask_s"], d["dask_cpu"])
            + f"   avant : démarrage du cluster et chargement du modèle {d['dask_setup_s']:.2f} s")]
          if d.get("engine") == "dask" else []),
        ("relance à chaud, nouveau processus (imports + analyse)", w["total"],
         f"imports {w['imports']:.2f} s, analyse {w['analysis']:.2f} s, spaCy importé : "
         f"{'oui' if w['spacy_imported'] else 'non'}"),
        ("ajout d'un article (à chaud)", d["incremental_s"], f"{d['incremental_analysed']} article(s) ré-analysé(s)"),
    ]
    lines = [
        f"Machine : {d['machine']}, réglage de malloc (analysis/engine/allocator.py) : "
        f"{'oui' if d.get('malloc_tuned') else 'non'}",
        f"Corpus : {n} articles synthétiques, {d['chars']} caractères, {d['tokens']} tokens, "
        f"{d['sentences']} phrases (construit en {d['build_s']:.2f} s) ; modèle chargé en {d['model_load_s']:.2f} s",
        "",
        f"{'étape':<56} {'secondes':>9}  détail",
        "-" * 110,
    ]
    lines += [f"{label:<56} {sec:9.2f}  {detail}" for label, sec, detail in rows]
    stages = d.get("stages") or {}
    if stages:
        lines += ["", "Où va le temps de l'analyse à 1 processus (en % du temps de spaCy seul) :"]
        order = [k for k in STAGE_LABELS if k in stages] + sorted(k for k in stages if k not in STAGE_LABELS)
        for key in order:
            label = STAGE_LABELS.get(key, "autres (connaissances, imports, boucle)" if key == "other" else key)
            lines.append(f"  {label:<54} {stages[key]:9.2f}  {1000 * stages[key] / n:7.2f} ms/article "
                         f"{100 * stages[key] / d['spacy_s']:6.1f} %")
    lines += [
        "-" * 110,
        f"rapport spaCy seul / analyse complète (1 processus) : {s['ratio_vs_spacy']:.3f} "
        f"(en temps CPU, moins sensible à une machine partagée : {d['spacy_cpu'] / d['single_cpu']:.3f})"
        + (f" ; médiane de {len(d['ratios'])} mesures : {', '.join(f'{r:.3f}' for r in d['ratios'])}"
           if len(d.get("ratios", ())) > 1 else ""),
        f"accélération parallèle ({d['parallel_jobs_used']} processus) : {s['parallel_speedup']:.3f} ; "
        f"tables identiques au calcul à 1 processus : {'oui' if d['identical'] else 'NON'}"
        + (f" (moteur Dask compris) ; débit Dask / pool local : {s['dask_vs_local_pool']:.3f} "
           f"(en temps CPU : {s['dask_vs_local_pool_cpu']:.3f})" if d.get("engine") == "dask" else ""),
        f"une boucle CPU témoin obtient {d['cpu_calibration']:.2f}× sur {d['jobs']} processus au même moment "
        "(cœurs réellement libres : borne de l'accélération parallèle)",
        f"mémoire de pointe (PSS, processus + workers) : {m.get('peak_pss_mb')} Mo ; somme des RSS : "
        f"{m.get('peak_rss_sum_mb')} Mo ; maxrss du processus : {m['self_maxrss_mb']} Mo, "
        f"du plus gros worker : {m['largest_child_maxrss_mb']} Mo",
    ]
    return "\n".join(lines)


def cmd_bench(args) -> int:
    if args.articles < 1:
        print("erreur : --articles doit être au moins 1", file=sys.stderr)
        return 2
    if args.repeat < 1:
        print("erreur : --repeat doit être au moins 1", file=sys.stderr)
        return 2
    try:
        d = run_bench(args.articles, jobs=args.jobs, seed=args.seed, start_method=args.start_method,
                      data_dir=args.data, repeat=args.repeat, engine=args.engine, scheduler=args.scheduler)
    except RuntimeError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    print(format_report(d))
    print(json.dumps(d["summary"]))
    return 0 if d["identical"] else 1
