"""The per-article step on a Dask cluster (``--engine dask``, issue #17).

The same chunks of :data:`analysis.engine.pipeline.CHUNK_SIZE` articles as the local pool, each a
Dask task: parse + every registered article step, run by a worker that loaded the model
and the knowledge files once (:class:`AnalysisPlugin`, a ``distributed`` worker plugin).
Only the small :class:`~analysis.engine.pipeline.ArticleResult` records come back, never spaCy
``Doc``s. Both engines parse exactly the same batches, so they give identical tables.

Without a scheduler address a :class:`distributed.LocalCluster` is started on this machine
(worker processes, one thread each, loopback only, no dashboard); with
``scheduler="tcp://HOST:8786"`` the run uses a cluster started with ``dask scheduler`` and
``dask worker`` (see docs/scale.md).

Caches: the workers write the parse cache into their ``cache_dir`` (a local folder on each
machine is fine: it only saves parses), and the client writes each article's result into
the result cache as it arrives, so a re-run of a grown corpus analyses only the new
articles whatever the workers' file systems.
"""
from __future__ import annotations

import gc
import os
import uuid
from typing import Callable

from distributed.diagnostics.plugin import WorkerPlugin

from analysis.corpus.articles import Article
from analysis.knowledge import Knowledge

PLUGIN_NAME = "discours-analysis"
#: How long a client waits for a scheduler given by its address.
CONNECT_TIMEOUT = "20s"
#: Threads per worker process of the embedded LocalCluster: one, since the parse holds the GIL
#: (more cores mean more worker processes, each with its model).
DEFAULT_THREADS_PER_WORKER = 1


#: Dask settings of our workers: no statistical profiler (it samples every worker thread's stack
#: every 10 ms, CPU taken from the parse). Passed to the LocalCluster's workers; on a cluster,
#: start ``dask worker`` with ``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False``.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


class AnalysisPlugin(WorkerPlugin):
    """Loads the model, the knowledge files and the parse cache once per worker.

    The state is kept on the plugin instance, which the worker keeps in
    ``worker.plugins[PLUGIN_NAME]``. ``fingerprint`` is the client's knowledge fingerprint: a
    worker whose knowledge files differ (another data folder on another machine) refuses to
    run rather than mixing results. An error while loading is kept and raised by the first
    task, which fails the run with that error.
    """

    name = PLUGIN_NAME
    idempotent = False  # a new run (other knowledge, other cache) replaces the old state

    def __init__(self, data_dir: str | None, cache_dir: str | None, use_cache: bool, fingerprint: str,
                 article_steps: list[tuple[str, str]], corpus_steps: list[tuple[str, str]]):
        self.args = (data_dir, cache_dir, use_cache, fingerprint, article_steps, corpus_steps)
        self.state: tuple | Exception | None = None

    def __getstate__(self):  # only the arguments travel; the state is built on the worker
        return {"args": self.args}

    def __setstate__(self, d):
        self.args, self.state = d["args"], None

    def setup(self, worker=None) -> None:
        from analysis.engine import pipeline

        from .nlp import ParseCache, get_nlp

        data_dir, cache_dir, use_cache, fingerprint, article_steps, corpus_steps = self.args
        try:
            if pipeline._step_names(pipeline.ARTICLE_STEPS) != article_steps:
                pipeline.ARTICLE_STEPS[:] = pipeline._resolve_steps(article_steps)
            if pipeline._step_names(pipeline.CORPUS_STEPS) != corpus_steps:
                pipeline.CORPUS_STEPS[:] = pipeline._resolve_steps(corpus_steps)
            knowledge = Knowledge(data_dir)
            if knowledge.fingerprint != fingerprint:
                raise RuntimeError(
                    f"les fichiers de connaissances du worker ({knowledge.data_dir}) diffèrent de ceux du "
                    "client : installez le même dossier data/ sur chaque machine, ou relancez l'analyse"
                )
            _undo_dask_trim_default()
            get_nlp()  # tunes malloc (analysis/engine/allocator.py) before the first parse
            # as the local pool's parent does before forking: the model's many objects leave the
            # garbage collector's generations, so its full collections stop walking them
            gc.collect()
            gc.freeze()
            self.state = (knowledge, ParseCache(cache_dir) if use_cache else None)
        except Exception as exc:  # noqa: BLE001 - raised by the first task, which fails the run cleanly
            self.state = exc

    def teardown(self, worker=None) -> None:
        self.state = None


def _undo_dask_trim_default() -> None:
    """Dask's nanny starts each worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (its default
    ``distributed.nanny.pre-spawn-environ``). With it, analysis/engine/allocator.py leaves malloc
    alone (a user's setting) and glibc gives the heap back after every chunk, which the next
    parse grows again page by page: measured on 200 articles, the Dask engine then used 1.35
    to 1.67 times the CPU of the local pool. Dask's default (not a user's other value) is
    dropped here, before the model loads, so our settings apply (``mallopt`` overrides what
    glibc read from the environment)."""
    import dask

    default = (dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}).get("MALLOC_TRIM_THRESHOLD_")
    if default is not None and os.environ.get("MALLOC_TRIM_THRESHOLD_") == str(default):
        del os.environ["MALLOC_TRIM_THRESHOLD_"]


def _plugin_state():
    from distributed import get_worker

    plugin = get_worker().plugins.get(PLUGIN_NAME)
    state = getattr(plugin, "state", None)
    if state is None:
        raise RuntimeError("worker Dask sans le module d'analyse initialisé (AnalysisPlugin absent)")
    if isinstance(state, Exception):
        raise state
    return state


def analyse_chunk_task(items: list) -> list:
    """One Dask task: parse + every article step on a few articles, with the worker's state.

    ``items``: :class:`Article` objects, or ``(path, fingerprint)`` pairs that the worker
    reads itself (the corpus folder at the same path on every machine): the task graph
    then carries a few bytes per article instead of its text."""
    from .pipeline import _analyse_chunk

    knowledge, pcache = _plugin_state()
    return _analyse_chunk([_article_of(x) for x in items], knowledge, None, pcache)


#: Chunks whose per-outlet partial sums one task computes (64 articles): the tree of merges then
#: has one leaf per 64 articles rather than per 8.
SUM_GROUP = 8


def sums_task(*chunk_results: list):
    """The partial sums (analysis/measures/sums.py) of the results of a few chunk tasks, on a worker."""
    from .pipeline import partial_sums

    return partial_sums([r for batch in chunk_results for r in batch])


def merge_task(a, b):
    """Two partial sums added, on a worker (one node of the reduction tree)."""
    from analysis.measures.sums import merge

    return merge(a, b)


def reduce_sums(client, futures: list, run: str):
    """A future of the per-outlet sums of every chunk of ``futures``: partial sums per group of
    :data:`SUM_GROUP` chunks, then merged two by two on the workers (a tree reduction); the
    client fetches one small result instead of building the tables from every row."""
    level = [client.submit(sums_task, *futures[g:g + SUM_GROUP], key=f"sums-{run}-{g}", pure=False)
             for g in range(0, len(futures), SUM_GROUP)]
    depth = 0
    while len(level) > 1:
        depth += 1
        level = [client.submit(merge_task, level[i], level[i + 1], key=f"merge-{run}-{depth}-{i}", pure=False)
                 if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    return level[0]


def _article_of(item) -> Article:
    if isinstance(item, Article):
        return item
    from analysis.corpus.articles import CorpusError, load_article

    path, fingerprint = item
    try:
        article, _ = load_article(path)
    except CorpusError as exc:
        raise RuntimeError(
            f"{exc} (sur le worker Dask : le dossier du corpus doit être au même chemin sur chaque machine, "
            "ou relancez avec --send-texts)"
        ) from None
    if article.fingerprint() != fingerprint:
        raise RuntimeError(f"{path} : le fichier lu par le worker Dask diffère de celui du client "
                           "(modifié pendant l'analyse, ou autre copie du corpus) ; relancez l'analyse")
    return article


def task_items(articles: list[Article], send_texts: bool) -> list:
    """What a task carries for each article: its file (path or fsspec URL, fingerprint) when it has
    one, else itself. A worker reads a URL with fsspec, as the client did."""
    from analysis.corpus.articles import is_url

    return [a if send_texts or not a.path else (a.path if is_url(a.path) else os.path.abspath(a.path), a.fingerprint())
            for a in articles]


def local_cluster(n_workers: int | None = None, *, threads_per_worker: int = DEFAULT_THREADS_PER_WORKER):
    """A LocalCluster of worker processes on the loopback interface, without the web dashboard."""
    import warnings

    import dask
    from distributed import LocalCluster

    from .pipeline import default_jobs

    with warnings.catch_warnings(), dask.config.set(WORKER_CONFIG):
        # the scheduler's small HTTP server (health checks) moves off a busy port: not worth a warning
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        return LocalCluster(
            n_workers=n_workers or default_jobs(), threads_per_worker=threads_per_worker, processes=True,
            host="127.0.0.1", dashboard_address=None, silence_logs=40,  # logging.ERROR
        )


def connect(scheduler: str | None = None, n_workers: int | None = None):
    """(client, cluster or None): a client of ``scheduler``, or of a new LocalCluster."""
    from distributed import Client

    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except OSError as exc:
            raise RuntimeError(f"planificateur Dask injoignable : {scheduler} ({exc})") from exc
    cluster = local_cluster(n_workers)
    return Client(cluster), cluster


def process_cpu_seconds() -> float:
    """CPU seconds used so far by the calling process (run on every worker by the benchmark)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def n_workers_of(client) -> int:
    return len(client.scheduler_info(n_workers=-1)["workers"])


def prepare_workers(client, knowledge: Knowledge, *, cache_dir, use_cache: bool, timeout: float = 300) -> int:
    """Wait for at least one worker, then load the model and the knowledge files on every
    worker (:class:`AnalysisPlugin`; workers that join later run it when they start).
    Returns the number of workers. Registering again on the same workers is cheap: the model
    stays loaded in each worker process."""
    from .pipeline import ARTICLE_STEPS, CORPUS_STEPS, _step_names

    client.wait_for_workers(1, timeout=timeout)
    plugin = AnalysisPlugin(
        str(knowledge.data_dir), str(cache_dir) if cache_dir else None, use_cache, knowledge.fingerprint,
        _step_names(ARTICLE_STEPS), _step_names(CORPUS_STEPS),
    )
    client.register_plugin(plugin, name=PLUGIN_NAME)
    return n_workers_of(client)


def run_chunks_dask(
    articles: list[Article], chunks: list[list[int]], results: list, knowledge: Knowledge, *,
    cache_dir, use_cache: bool, rcache, bar, scheduler: str | None = None, n_workers: int | None = None,
    client=None, on_workers: Callable[[int], None] | None = None, send_texts: bool = False,
    reduced: list | None = None,
) -> None:
    """Analyse ``chunks`` (lists of indexes into ``articles``) on a Dask cluster into ``results``.

    ``client``: an open ``distributed.Client`` to reuse (the cluster is then left running);
    otherwise one is opened on ``scheduler`` or on a new LocalCluster and closed at the end.
    Each result is written into the result cache (``rcache``) by this process as it arrives.
    Articles read from files travel as (path, fingerprint), read again by the workers, unless
    ``send_texts`` (workers without the corpus folder). ``reduced`` (a list), when given, receives
    ``(sums, indexes)``: the per-outlet sums of these articles, reduced on the cluster
    (:func:`reduce_sums`).
    """
    from distributed import as_completed

    own = client is None
    cluster = None
    if own:
        client, cluster = connect(scheduler, n_workers)
    try:
        workers = prepare_workers(client, knowledge, cache_dir=cache_dir, use_cache=use_cache)
        if on_workers:
            on_workers(workers)
        tasks = [task_items([articles[i] for i in idx], send_texts) for idx in chunks]
        run = uuid.uuid4().hex[:12]  # keys unique to this run: a shared cluster never mixes two runs' results
        futures = client.map(analyse_chunk_task, tasks, key=[f"analyse-chunk-{run}-{k}" for k in range(len(chunks))],
                             pure=False)
        where = {f.key: idx for f, idx in zip(futures, chunks)}
        total = reduce_sums(client, futures, run) if reduced is not None else None
        try:
            for fut in as_completed(futures):
                idx = where[fut.key]
                batch = fut.result()
                for i, res in zip(idx, batch):
                    results[i] = res
                    if rcache:
                        rcache.put(articles[i], res)
                fut.release()
                if bar:
                    bar.update(len(idx))
            if total is not None:
                reduced.append((total.result(), [i for idx in chunks for i in idx]))
                total.release()
        except BaseException:
            client.cancel(futures + ([total] if total is not None else []))
            raise
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
