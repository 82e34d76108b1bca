"""Cached access to the analysis tables (computed once per corpus state, per process).

Large corpora (issue #17): from :data:`LAZY_TABLES_FROM` articles the tables of a run are
kept as Parquet files in the analysis cache and read one by one when a page first asks
for them (:class:`analysis.engine.tablefiles.LazyTables`), so a page drawing outlet charts never
loads the sentence rows. ``DISCOURS_TABLES=DIR`` shows the tables that
``python -m analysis run --out DIR`` wrote (CSV or Parquet) instead of running the analysis."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.corpus.articles import Corpus, load_corpus
from analysis.knowledge import DEFAULT_DATA_DIR, KNOWLEDGE_SUFFIXES, Knowledge

#: The knowledge files (actor registry, lexicons); override with the DISCOURS_DATA environment variable.
DATA_DIR = Path(os.environ.get("DISCOURS_DATA", DEFAULT_DATA_DIR))
#: The corpus the app shows; override with the DISCOURS_CORPUS environment variable.
CORPUS_DIR = Path(os.environ.get("DISCOURS_CORPUS", DATA_DIR / "corpus"))
#: Tables written by ``python -m analysis run --out DIR`` to show instead of analysing the corpus
#: (the corpus folder still gives the article texts to the reader).
TABLES_DIR = os.environ.get("DISCOURS_TABLES") or None
#: From this many articles the tables are kept as Parquet in the cache and read lazily.
LAZY_TABLES_FROM = int(os.environ.get("DISCOURS_LAZY_TABLES_FROM", "2000"))


@dataclass
class Dataset:
    tables: dict[str, pd.DataFrame]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    content_hash: str = ""  # of the corpus: a key for caches of selection-level computations

    def table(self, name: str) -> pd.DataFrame:
        table = self.tables.get(name, pd.DataFrame())
        for err in getattr(self.tables, "errors", ()):  # a table file that could not be read (lazy tables)
            if err not in self.errors:
                self.errors.append(err)
        return table


def _table_folder(content_hash: str) -> Path:
    """Where the Parquet tables of a corpus state live: keyed like the result cache (analysis
    version, knowledge files, steps, model), by the analyst's corrections (applied in the corpus
    steps, outside the result cache's key) and by the corpus content hash."""
    from analysis.engine.nlp import DEFAULT_CACHE_DIR
    from analysis.engine.pipeline import ResultCache

    knowledge = Knowledge(DATA_DIR)
    salt = ResultCache(None, knowledge).salt
    return Path(DEFAULT_CACHE_DIR) / "tables" / f"{salt}-{knowledge.corrections_fingerprint[:16]}-{content_hash[:32]}"


def _tables_of(corpus: Corpus):
    """The tables of a corpus: in memory, or (large corpora) Parquet files in the cache read lazily."""
    from analysis import run_corpus
    from analysis.engine.tablefiles import LazyTables, write_tables

    if len(corpus.articles) < LAZY_TABLES_FROM:
        return run_corpus(corpus=corpus, n_jobs=None, data_dir=DATA_DIR).tables
    folder = _table_folder(corpus.content_hash)
    done = folder / "_complete"
    if not done.exists():
        tables = run_corpus(corpus=corpus, n_jobs=None, data_dir=DATA_DIR).tables
        write_tables(tables, folder, "parquet")
        done.touch()
        del tables
    return LazyTables(folder)


@st.cache_resource(show_spinner="Analyse du corpus en cours…", max_entries=4)
def _analyse(corpus_dir: str, content_hash: str, knowledge_signature: str = "") -> Dataset:
    """Keyed by the corpus content hash and the knowledge files' signature: any change to an
    article or to a knowledge file (a correction written to the registry, here or by another
    session) re-runs on the next rerun. Per-article results come from the disk cache; a
    correction re-runs only the corpus steps (see docs/scale.md).

    A resource, not cache_data: every rerun would otherwise unpickle a copy of all the tables
    (0.15 s at 1,000 articles). Sharing them is safe because pages only read them, and pandas'
    copy-on-write keeps the filtered views they derive from writing back."""
    corpus = load_corpus(corpus_dir)
    # every core for a big import; one process when few articles are new (the pool starts only
    # when at least two chunks of articles are missing from the cache)
    knowledge = Knowledge(DATA_DIR)
    return Dataset(
        tables=_tables_of(corpus),
        errors=[str(e) for e in corpus.errors],
        warnings=list(corpus.warnings),
        texts={a.id: a.text for a in corpus.articles},
        # the knowledge files too: a correction of the registry must not be served stale views
        content_hash=f"{content_hash}-{knowledge.fingerprint}-{knowledge.corrections_fingerprint}",
    )


def knowledge_signature(data_dir: Path | str | None = None) -> str:
    """Digest of the name, size and modification time of the knowledge files at the top of the
    data folder (the actor registry among them): a stat per file, no reading, no walk of the
    corpus. Part of the tables' cache key, so a registry changed by another session or by hand
    shows on the next rerun."""
    data_dir = Path(data_dir or DATA_DIR)
    if not data_dir.is_dir():
        return ""
    with os.scandir(data_dir) as it:
        stats = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in it
                       if e.is_file() and e.name.endswith(KNOWLEDGE_SUFFIXES))
    return hashlib.blake2b(repr(stats).encode("utf-8"), digest_size=16).hexdigest()


def _signature(corpus_dir: str) -> str:
    """Digest of the name, size and modification time of every file: a stat per file, no reading.

    A short string, so the cache key is hashed in microseconds (Streamlit hashing a tuple of
    3,000 values took ~30 ms per rerun at 1,000 articles)."""
    with os.scandir(corpus_dir) as it:
        stats = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in it if e.is_file())
    return hashlib.blake2b(repr(stats).encode("utf-8"), digest_size=16).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_corpus(corpus_dir: str, signature: str) -> tuple[Corpus, str]:
    """The corpus and its content hash, read once per corpus state.

    A resource, not cache_data: cache_data would unpickle a copy of every article text on each
    rerun; the corpus is only read by the pages."""
    corpus = load_corpus(corpus_dir)
    return corpus, corpus.content_hash


def corpus_state(corpus_dir: Path | str | None = None) -> tuple[str, Corpus]:
    """(signature of the folder's files, corpus): the signature keys caches of tables built from the corpus."""
    corpus_dir = str(corpus_dir or CORPUS_DIR)
    signature = _signature(corpus_dir)
    return signature, _load_corpus(corpus_dir, signature)[0]


def load_corpus_cached(corpus_dir: Path | str | None = None) -> Corpus:
    """The corpus, re-read only when a file was added, removed or changed (each rerun stats the files)."""
    return corpus_state(corpus_dir)[1]


@st.cache_resource(show_spinner="Lecture des tables…", max_entries=4)
def _read_tables(tables_dir: str, signature: str, corpus_dir: str) -> Dataset:
    """The tables of an output folder, each read on first use; texts from the corpus folder."""
    from analysis.engine.tablefiles import LazyTables

    tables = LazyTables(tables_dir)
    errors = [] if "articles" in tables else [f"{tables_dir} : aucune table articles.csv ni articles.parquet"]
    texts: dict[str, str] = {}
    if Path(corpus_dir).is_dir():
        corpus = load_corpus(corpus_dir)
        texts = {a.id: a.text for a in corpus.articles}
    return Dataset(tables=tables, errors=errors, texts=texts, content_hash=f"tables-{signature}")


def load_dataset(corpus_dir: Path | str | None = None) -> Dataset:
    if TABLES_DIR and corpus_dir is None:
        if not Path(TABLES_DIR).is_dir():
            return Dataset(tables={}, errors=[f"Dossier de tables introuvable (DISCOURS_TABLES) : {TABLES_DIR}"])
        return _read_tables(TABLES_DIR, _signature(TABLES_DIR), str(CORPUS_DIR))
    corpus_dir = str(corpus_dir or CORPUS_DIR)
    if not Path(corpus_dir).is_dir():
        return Dataset(tables={}, errors=[f"Dossier de corpus introuvable : {corpus_dir}"])
    corpus, content_hash = _load_corpus(corpus_dir, _signature(corpus_dir))
    if not corpus.articles:
        return Dataset(tables={}, errors=[str(e) for e in corpus.errors] or ["Le corpus est vide."])
    return _analyse(corpus_dir, content_hash, knowledge_signature(DATA_DIR))


def reload_after_registry_change() -> None:
    """Forget the analysed tables so that every page shows a correction written to the registry.

    The next load's key changes anyway (:func:`knowledge_signature`); clearing also frees the
    tables of the state before. The next load re-runs the corpus steps only: the per-article
    results do not depend on the corrections and come from the disk cache."""
    _analyse.clear()
