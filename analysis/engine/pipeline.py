"""Run the analysis over a corpus: one pure step per article, then corpus-level tables.

``analyse_article(article, doc, knowledge)`` is a pure function of the text, its
metadata and the knowledge files; it returns plain records. Results are cached on disk
keyed by the article fingerprint (text + metadata), :data:`ANALYSIS_VERSION`, the
knowledge fingerprint and the model signature, so an unchanged corpus is never
re-analysed, and a changed article is the only one re-analysed.

Each family of metrics contributes an *article step* ``step(ctx)`` that adds columns to
``ctx.row`` (-> ``articles.csv``) and rows to ``ctx.tables[name]`` (-> ``name.csv``), and
optionally a *corpus step* ``step(results, knowledge)`` for tables that need the whole
corpus (per-outlet aggregates, distinctive vocabulary).

Register steps at module level (``ARTICLE_STEPS.append(step)`` in an imported module):
with ``n_jobs > 1`` worker processes run parse + every registered article step on chunks
of :data:`CHUNK_SIZE` articles, and spawned workers import each step by its module and
name. An unchanged corpus is served from one snapshot of the final tables.
"""
from __future__ import annotations

import gc
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.corpus.articles import META_FIELDS, Article, Corpus, load_corpus
from analysis.corpus.near_duplicates import near_duplicates_step
from analysis.corpus.clean import (
    BODY,
    COMMENT,
    HEADING,
    REASONS,
    TITLE,
    Segment,
    segment_article,
)
from analysis.corpus.sentences import Sentence, split_sentences
from analysis.corpus.textutil import text_hash
from analysis.knowledge import Knowledge
from analysis.measures.aggregate import outlets_step
from analysis.measures.framing import framing_step
from analysis.measures.quote_tables import quotes_corpus_step
from analysis.measures.quotes import quotes_step
from analysis.measures.readability import Word, readability_row, words_of
from analysis.measures.tone import tone_corpus_step, tone_step
from analysis.measures.vocabulary import vocabulary_step

from .allocator import release_free_memory
from .nlp import DEFAULT_CACHE_DIR, ParseCache, get_nlp, model_signature, parse_texts
from .stagetimer import stage
from .tokens import TokenTable

#: Bump when any article step changes its output (invalidates cached results).
ANALYSIS_VERSION = "10"  # 10: 9 of issue #14 and 9 of issue #15 together; 9 (#15): tone negation scope, denied negatives, frequency audit of the general lexicon; 9 (#14): faire savoir, condamner, named group members, anchored descriptions, speaker_kind; 8: quote forms with a noun-phrase object, attribution after the fact (issue #14); 7: n_syllables, n_long_words in articles (issue #17); 6: speaker identity, quote forms, roles from text (issue #14); 5: issue #15


@dataclass
class ArticleContext:
    article: Article
    doc: object  # spacy.tokens.Doc
    segments: list[Segment]
    sentences: list[Sentence]
    knowledge: Knowledge
    words: dict[int, list[Word]]  # sentence index -> its words
    tokens: TokenTable  # the doc's token attributes, read once
    row: dict = field(default_factory=dict)
    tables: dict[str, list[dict]] = field(default_factory=dict)
    quotes: list = field(default_factory=list)  # analysis.measures.quotes.Quote, set by quotes_step


@dataclass
class ArticleResult:
    row: dict
    tables: dict[str, list[dict]]


ArticleStep = Callable[[ArticleContext], None]
CorpusStep = Callable[["Results", Knowledge], None]


def _verb_ends(tokens: TokenTable) -> frozenset[int]:
    return frozenset(tokens.end(i) for i, pos in enumerate(tokens.pos) if pos in ("VERB", "AUX"))


def _readability_basis(s: Sentence) -> bool:
    """Readability counts body sentences, not titles or inter-titles."""
    return s.part == BODY and s.kind not in (TITLE, HEADING)


def base_step(ctx: ArticleContext) -> None:
    """Metadata, segments, sentences and readability (issue: foundation)."""
    a = ctx.article
    ctx.row.update({"article_id": a.id, **{k: getattr(a, k) for k in META_FIELDS if k != "id"}})
    basis = [ctx.words[s.index] for s in ctx.sentences if _readability_basis(s)]
    ctx.row.update(readability_row(basis))
    # the counts behind the ratios, so that outlets pool them without the sentence rows (issue #17)
    ctx.row["n_syllables"] = sum(w.syllables for ws in basis for w in ws)
    ctx.row["n_long_words"] = sum(1 for ws in basis for w in ws if w.is_long)
    body_words = sum(len(ctx.words[s.index]) for s in ctx.sentences if s.part == BODY)
    comment_words = sum(len(ctx.words[s.index]) for s in ctx.sentences if s.part == COMMENT)
    set_aside = sum(seg.end - seg.start for seg in ctx.segments if seg.part != BODY)
    covered = sum(seg.end - seg.start for seg in ctx.segments) or 1
    ctx.row.update({
        "n_body_words": body_words,
        "n_comment_words": comment_words,
        "set_aside_share": set_aside / covered,
    })
    ctx.tables["sentences"] = [
        {
            "article_id": a.id, "sentence_index": s.index, "start": s.start, "end": s.end,
            "text": a.text[s.start:s.end], "part": s.part, "kind": s.kind,
            "in_readability": _readability_basis(s),
            "n_words": len(ctx.words[s.index]),
            "n_syllables": sum(w.syllables for w in ctx.words[s.index]),
            "n_long_words": sum(1 for w in ctx.words[s.index] if w.is_long),
        }
        for s in ctx.sentences
    ]
    ctx.tables["segments"] = [
        {"article_id": a.id, "start": seg.start, "end": seg.end, "part": seg.part, "kind": seg.kind,
         "reason": REASONS.get(seg.kind, seg.kind), "text": a.text[seg.start:seg.end]}
        for seg in ctx.segments
    ]


#: Article steps, in order (later steps may read what earlier ones wrote in ctx).
ARTICLE_STEPS: list[ArticleStep] = [
    base_step, quotes_step, tone_step,  # tone reads the quotes
    framing_step,  # issue #5: sovereignty field, frames, stance (reads sentence tone), lemma counts
]
#: Corpus steps, in order.
CORPUS_STEPS: list[CorpusStep] = [
    outlets_step, quotes_corpus_step, tone_corpus_step,
    vocabulary_step,  # issue #5: distinctive terms, similarity, shared passages, frame profiles
    near_duplicates_step,  # issue #17: near-duplicate articles from MinHash LSH candidates
]


def analyse_article(article: Article, doc, knowledge: Knowledge) -> ArticleResult:
    """Pure per-article analysis: (text, metadata, knowledge) -> records."""
    with stage("segments_sentences_words"):
        segments = segment_article(article)
        sentences = split_sentences(doc, segments, article.text)
        tokens = TokenTable.of(doc)
        verb_ends = _verb_ends(tokens)
        words = {s.index: words_of(article.text[s.start:s.end], s.start, verb_ends) for s in sentences}
    ctx = ArticleContext(article, doc, segments, sentences, knowledge, words, tokens)
    for step in ARTICLE_STEPS:
        with stage(step.__name__):
            step(ctx)
    return ArticleResult(ctx.row, ctx.tables)


def steps_signature() -> str:
    """Names of the registered steps: adding or removing a step invalidates cached results
    even if :data:`ANALYSIS_VERSION` was not bumped (changing a step's code still needs it)."""
    names = [f"{f.__module__}.{f.__qualname__}" for f in (*ARTICLE_STEPS, *CORPUS_STEPS)]
    return text_hash("|".join(names))[:12]


class ResultCache:
    """Pickled :class:`ArticleResult` per article under ``<cache_dir>/results/<salt>/``,
    plus one snapshot of the final tables per corpus state (see :meth:`get_tables`)."""

    #: Corpus snapshots kept per salt (older ones are deleted).
    KEEP_SNAPSHOTS = 4

    def __init__(self, cache_dir: Path | str | None, knowledge: Knowledge):
        self.dir = Path(cache_dir or DEFAULT_CACHE_DIR) / "results"
        self.salt = f"a{ANALYSIS_VERSION}-k{knowledge.fingerprint}-s{steps_signature()}-{model_signature()}"
        # the final tables also depend on the registry's corrections (applied in the corpus step)
        self.tables_salt = f"c{knowledge.corrections_fingerprint}"

    def path(self, article: Article) -> Path:
        return self.dir / self.salt / f"{article.fingerprint()[:40]}.pkl"

    def get(self, article: Article) -> ArticleResult | None:
        return self._load(self.path(article))

    def put(self, article: Article, result: ArticleResult) -> None:
        self._dump(self.path(article), result)

    # A fully warm run (unchanged corpus) loads one file instead of one per article and
    # skips building the tables and the corpus steps.
    def snapshot_path(self, articles: list[Article]) -> Path:
        key = text_hash(self.tables_salt + "".join(a.fingerprint() for a in articles))[:40]
        return self.dir / self.salt / f"corpus-{key}.pkl"

    def get_tables(self, articles: list[Article]) -> dict[str, pd.DataFrame] | None:
        return self._load(self.snapshot_path(articles))

    def put_tables(self, articles: list[Article], tables: dict[str, pd.DataFrame]) -> None:
        target = self.snapshot_path(articles)
        self._dump(target, tables)
        try:  # another process may prune at the same time: a vanished file is fine
            dated = [(p.stat().st_mtime, p) for p in target.parent.glob("corpus-*.pkl")]
            for _, stale in sorted(dated, reverse=True)[self.KEEP_SNAPSHOTS:]:
                stale.unlink(missing_ok=True)
        except FileNotFoundError:
            pass

    @staticmethod
    def _load(p: Path):
        try:
            with p.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # absent, or corrupt: recomputed, never fatal
            return None

    @staticmethod
    def _dump(p: Path, obj) -> None:
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, p)


@dataclass
class Results:
    """The tables of one run, plus what could not be loaded."""

    tables: dict[str, pd.DataFrame]
    corpus: Corpus
    stats: dict[str, int] = field(default_factory=dict)
    #: The per-outlet sums of the articles (analysis/measures/sums.py), reduced from partial sums
    #: of chunks of articles; the corpus steps finish the per-outlet tables from them.
    sums: object = None

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def articles(self) -> pd.DataFrame:
        return self.tables["articles"]


#: Engines of the per-article step: our process pool, or Dask tasks (analysis/engine/dask_engine.py).
ENGINES = ("local", "dask")

#: Articles parsed and analysed together (one ``nlp.pipe`` call, one task of the pool).
#: The same chunks are used by the single-process and the parallel paths, so both parse
#: exactly the same batches and give identical results.
#: 8 rather than 16: on small corpora, more chunks balance the workers better (48
#: articles in 3 chunks of 16 cap 2 workers at 1.5x); nlp.pipe is as fast on 8 texts.
CHUNK_SIZE = 8


def default_jobs() -> int:
    """Worker processes used by default: every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS / Windows
        return max(1, os.cpu_count() or 1)


def _analyse_chunk(articles: list[Article], knowledge: Knowledge, rcache: "ResultCache | None",
                   pcache: ParseCache | None) -> list[ArticleResult]:
    """Parse then analyse a few articles; each result is cached as soon as it exists."""
    with stage("parse"):  # includes the parse cache, reported apart
        docs = parse_texts([a.text for a in articles], cache=pcache)
    out = []
    for article, doc in zip(articles, docs):
        res = analyse_article(article, doc, knowledge)
        if rcache:
            with stage("result_cache"):
                rcache.put(article, res)
        out.append(res)
    return out


# --- worker processes -------------------------------------------------------------------
# Each worker builds its Knowledge and caches once (initializer), loads the model once
# (inherited from the parent with "fork", loaded in the worker with "spawn"), then runs
# parse + every registered ARTICLE_STEP on whole chunks; only the small ArticleResult
# records travel back to the parent, never spaCy Docs.
_WORKER: tuple | Exception | None = None


def _step_names(steps) -> list[tuple[str, str]]:
    return [(f.__module__, f.__qualname__) for f in steps]


def _resolve_steps(names: list[tuple[str, str]]) -> list:
    import importlib

    steps = []
    for module, qualname in names:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part, None)
        if not callable(obj):
            raise RuntimeError(
                f"étape d'analyse introuvable dans un processus de calcul : {module}.{qualname} "
                "(déclarez les étapes au niveau d'un module, ou utilisez n_jobs=1)"
            )
        steps.append(obj)
    return steps


def _worker_init(data_dir: str | None, cache_dir: str | None, use_cache: bool, salt: str | None,
                 article_steps: list[tuple[str, str]], corpus_steps: list[tuple[str, str]]) -> None:
    # An initializer that raises makes multiprocessing.Pool respawn workers forever: the
    # error is kept and raised by the first task instead, which fails the run cleanly.
    global _WORKER
    try:
        # With "spawn" the worker imported only analysis.engine.pipeline: steps that the parent
        # registered from other modules are imported here, so every worker runs exactly
        # the parent's steps, in the parent's order (with "fork" they are inherited).
        if _step_names(ARTICLE_STEPS) != article_steps:
            ARTICLE_STEPS[:] = _resolve_steps(article_steps)
        if _step_names(CORPUS_STEPS) != corpus_steps:  # part of the cache salt
            CORPUS_STEPS[:] = _resolve_steps(corpus_steps)
        knowledge = Knowledge(data_dir)
        rcache = ResultCache(cache_dir, knowledge) if use_cache else None
        if rcache and salt and rcache.salt != salt:
            raise RuntimeError("les fichiers de connaissances ont changé pendant l'analyse ; relancez-la")
        get_nlp()
        _WORKER = (knowledge, rcache, ParseCache(cache_dir) if use_cache else None)
    except Exception as exc:  # noqa: BLE001 - re-raised by _worker_chunk
        _WORKER = exc


def _worker_chunk(articles: list[Article]) -> list[ArticleResult]:
    if isinstance(_WORKER, Exception):
        raise _WORKER
    assert _WORKER is not None, "worker not initialised"
    return _analyse_chunk(articles, *_WORKER)


def _mp_context(start_method: str | None):
    """'fork' on Linux when this process runs a single thread (workers then share the
    parent's loaded model, copy-on-write); 'spawn' elsewhere (e.g. inside a threaded web
    server, where forking is unsafe). ``ANALYSIS_START_METHOD`` overrides the default."""
    import multiprocessing
    import sys
    import threading

    method = start_method or os.environ.get("ANALYSIS_START_METHOD")
    if not method:
        method = "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"
    return multiprocessing.get_context(method)


def analyse_articles(
    articles: list[Article], knowledge: Knowledge, *, cache_dir: Path | str | None = None,
    use_cache: bool = True, progress: Callable | None = None, n_jobs: int | None = 1,
    start_method: str | None = None, engine: str = "local", scheduler: str | None = None, client=None,
    send_texts: bool = False, reduced: list | None = None,
) -> tuple[list[ArticleResult], dict[str, int]]:
    """Per-article results, from the cache where possible; parses only what is missing.

    ``n_jobs`` worker processes (``None`` or 0: every core) parse and analyse the missing
    articles in chunks of :data:`CHUNK_SIZE`; results are identical to ``n_jobs=1``.
    ``engine="dask"`` runs the same chunks as Dask tasks (:mod:`analysis.engine.dask_engine`): on
    ``client`` (an open ``distributed.Client``), on the cluster of ``scheduler``
    (``tcp://host:8786``), or else on a new LocalCluster of ``n_jobs`` worker processes;
    articles read from files are read again by the workers unless ``send_texts``. With the Dask
    engine, ``reduced`` (a list) receives ``(sums, indexes)``: the per-outlet sums of the analysed
    articles, computed inside the tasks and reduced on the cluster (see :func:`corpus_sums_of`).
    """
    if engine not in ENGINES:
        raise ValueError(f"moteur inconnu : {engine} (choix : {', '.join(ENGINES)})")
    rcache = ResultCache(cache_dir, knowledge) if use_cache else None
    results: list[ArticleResult | None] = [rcache.get(a) if rcache else None for a in articles]
    todo = [i for i, r in enumerate(results) if r is None]
    chunks = [todo[c:c + CHUNK_SIZE] for c in range(0, len(todo), CHUNK_SIZE)]
    jobs = min(n_jobs or default_jobs(), len(chunks)) if chunks else 1
    stats = {"articles": len(articles), "from_cache": len(articles) - len(todo), "analysed": len(todo),
             "jobs": jobs}
    stats["engine"] = engine
    def new_bar():  # created after forking: a progress bar may start a monitor thread
        return progress(total=len(todo)) if (progress and todo) else None

    if engine == "dask" and chunks:
        from .dask_engine import run_chunks_dask

        bar = new_bar()
        run_chunks_dask(articles, chunks, results, knowledge, cache_dir=cache_dir, use_cache=use_cache,
                        rcache=rcache, bar=bar, scheduler=scheduler, n_workers=n_jobs or None, client=client,
                        on_workers=lambda n: stats.update(jobs=n), send_texts=send_texts, reduced=reduced)
    elif jobs <= 1:
        bar = new_bar()
        pcache = ParseCache(cache_dir) if use_cache else None
        batches = (_analyse_chunk([articles[i] for i in idx], knowledge, rcache, pcache) for idx in chunks)
        _collect(batches, chunks, results, bar)
    else:
        ctx = _mp_context(start_method)
        fork = ctx.get_start_method() == "fork"
        if fork:
            get_nlp()  # load once here: the workers share it instead of loading it each
            gc.freeze()  # keep the garbage collector of the workers off the shared pages
        initargs = (str(knowledge.data_dir), str(cache_dir) if cache_dir else None, use_cache,
                    rcache.salt if rcache else None, _step_names(ARTICLE_STEPS), _step_names(CORPUS_STEPS))
        try:
            pool = ctx.Pool(jobs, initializer=_worker_init, initargs=initargs)
        finally:
            if fork:
                gc.unfreeze()
        bar = new_bar()
        try:
            batches = pool.imap(_worker_chunk, [[articles[i] for i in idx] for idx in chunks])
            _collect(batches, chunks, results, bar)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    if bar:
        bar.close()
    return results, stats  # type: ignore[return-value]


def _collect(batches, chunks, results, bar) -> None:
    for idx, batch in zip(chunks, batches):
        for i, res in zip(idx, batch):
            results[i] = res
        if bar:
            bar.update(len(idx))


#: Per-article tables the partial sums read (analysis/measures/sums.py).
SUM_INPUTS = ("tone_voices", "targets", "frames", "lemmas")
#: Articles per partial sum computed in this process for the articles a Dask run found in the
#: cache (a partial has a fixed cost of a few pandas group-bys, so fewer, larger ones are
#: cheaper): any partition gives the same sums.
SUM_CHUNK = 2048


def partial_sums(results: list[ArticleResult]):
    """The partial sums (:func:`analysis.measures.sums.partial`) of a few whole articles' results."""
    from analysis.measures.sums import partial

    tables = {"articles": pd.DataFrame([r.row for r in results])}
    for name in SUM_INPUTS:
        rows = [row for r in results for row in r.tables.get(name, [])]
        if rows:
            tables[name] = pd.DataFrame(rows)
    return partial(tables)


def corpus_sums_of(per_article: list[ArticleResult], reduced: list[tuple[object, list[int]]] = (),
                   tables: dict[str, pd.DataFrame] | None = None):
    """The sums of every article: ``reduced`` (sums already reduced elsewhere, e.g. by the Dask
    tasks, with the indexes of the articles they cover) merged with partial sums of the other
    articles, :data:`SUM_CHUNK` at a time. With nothing reduced elsewhere and the run's
    ``tables`` given (the local engine), one partial of those tables (no table built twice).
    Returns (sums, number of partial sums merged)."""
    from analysis.measures.sums import merge_all, partial

    if not reduced and tables is not None:
        return partial(tables), 1
    covered = {i for _, idx in reduced for i in idx}
    rest = [i for i in range(len(per_article)) if i not in covered]
    parts = [s for s, _ in reduced]
    parts += [partial_sums([per_article[i] for i in rest[c:c + SUM_CHUNK]]) for c in range(0, len(rest), SUM_CHUNK)]
    return merge_all(parts), len(parts)


def build_tables(results: list[ArticleResult]) -> dict[str, pd.DataFrame]:
    tables: dict[str, pd.DataFrame] = {"articles": pd.DataFrame([r.row for r in results])}
    names = sorted({n for r in results for n in r.tables})
    for name in names:
        rows = [row for r in results for row in r.tables.get(name, [])]
        tables[name] = pd.DataFrame(rows)
    return tables


def run_corpus(
    corpus_dir: Path | str | None = None, *, corpus: Corpus | None = None, data_dir: Path | str | None = None,
    cache_dir: Path | str | None = None, use_cache: bool = True, progress: Callable | None = None,
    n_jobs: int | None = 1, start_method: str | None = None, engine: str = "local",
    scheduler: str | None = None, client=None, send_texts: bool = False,
) -> Results:
    """Analyse every loadable article of a corpus and return all tables.

    ``n_jobs``: worker processes for the articles not in the cache (``None`` or 0: every
    core; the default 1 analyses in this process). ``engine="dask"``: the articles not in the
    cache are analysed as Dask tasks (see :func:`analyse_articles`); the tables are the same.
    An unchanged corpus is served from one cached snapshot without loading spaCy.
    """
    if corpus is None:
        corpus = load_corpus(corpus_dir)
    knowledge = Knowledge(data_dir)
    rcache = ResultCache(cache_dir, knowledge) if use_cache else None
    tables = rcache.get_tables(corpus.articles) if rcache else None
    if tables is not None:
        n = len(corpus.articles)
        return Results(tables, corpus, {"articles": n, "from_cache": n, "analysed": 0, "jobs": 0, "engine": engine})
    reduced: list = []
    per_article, stats = analyse_articles(
        corpus.articles, knowledge, cache_dir=cache_dir, use_cache=use_cache, progress=progress,
        n_jobs=n_jobs, start_method=start_method, engine=engine, scheduler=scheduler, client=client,
        send_texts=send_texts, reduced=reduced,
    )
    with stage("build_tables"):
        results = Results(build_tables(per_article), corpus, stats)
    with stage("corpus_sums"):
        results.sums, stats["partial_sums"] = corpus_sums_of(per_article, reduced, results.tables)
    for step in CORPUS_STEPS:
        with stage(step.__name__):
            step(results, knowledge)
    if rcache:
        with stage("result_cache"):
            rcache.put_tables(corpus.articles, results.tables)
    del per_article
    release_free_memory()  # what the parse kept for its next chunk (see analysis/engine/allocator.py)
    return results
