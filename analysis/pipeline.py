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
"""
from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from .aggregate import outlets_step
from .framing import framing_step
from .clean import BODY, COMMENT, HEADING, REASONS, TITLE, Segment, segment_article
from .corpus import META_FIELDS, Article, Corpus, load_corpus
from .knowledge import Knowledge
from .quotes import quotes_step
from .quote_tables import quotes_corpus_step
from .nlp import DEFAULT_CACHE_DIR, ParseCache, model_signature, parse_texts
from .readability import Word, readability_row, words_of
from .sentences import Sentence, split_sentences
from .tone import tone_corpus_step, tone_step
from .vocabulary import vocabulary_step

#: Bump when any article step changes its output (invalidates cached results).
ANALYSIS_VERSION = "4"


@dataclass
class ArticleContext:
    article: Article
    doc: object  # spacy.tokens.Doc
    segments: list[Segment]
    sentences: list[Sentence]
    knowledge: Knowledge
    words: dict[int, list[Word]]  # sentence index -> its words
    row: dict = field(default_factory=dict)
    tables: dict[str, list[dict]] = field(default_factory=dict)
    quotes: list = field(default_factory=list)  # analysis.quotes.Quote, set by quotes_step


@dataclass
class ArticleResult:
    row: dict
    tables: dict[str, list[dict]]


ArticleStep = Callable[[ArticleContext], None]
CorpusStep = Callable[["Results", Knowledge], None]


def _verb_ends(doc) -> frozenset[int]:
    return frozenset(t.idx + len(t.text) for t in doc if t.pos_ in ("VERB", "AUX"))


def _readability_basis(s: Sentence) -> bool:
    """Readability counts body sentences, not titles or inter-titles."""
    return s.part == BODY and s.kind not in (TITLE, HEADING)


def base_step(ctx: ArticleContext) -> None:
    """Metadata, segments, sentences and readability (issue: foundation)."""
    a = ctx.article
    ctx.row.update({"article_id": a.id, **{k: getattr(a, k) for k in META_FIELDS if k != "id"}})
    ctx.row.update(readability_row(ctx.words[s.index] for s in ctx.sentences if _readability_basis(s)))
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
            "n_long_words": sum(1 for w in ctx.words[s.index] if sum(c.isalpha() for c in w.text) > 6),
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
]


def analyse_article(article: Article, doc, knowledge: Knowledge) -> ArticleResult:
    """Pure per-article analysis: (text, metadata, knowledge) -> records."""
    segments = segment_article(article)
    sentences = split_sentences(doc, segments)
    verb_ends = _verb_ends(doc)
    words = {s.index: words_of(article.text[s.start:s.end], s.start, verb_ends) for s in sentences}
    ctx = ArticleContext(article, doc, segments, sentences, knowledge, words)
    for step in ARTICLE_STEPS:
        step(ctx)
    return ArticleResult(ctx.row, ctx.tables)


class ResultCache:
    """Pickled :class:`ArticleResult` per article under ``<cache_dir>/results``."""

    def __init__(self, cache_dir: Path | str | None, knowledge: Knowledge):
        self.dir = Path(cache_dir or DEFAULT_CACHE_DIR) / "results"
        self.salt = f"a{ANALYSIS_VERSION}-k{knowledge.fingerprint}-{model_signature()}"

    def path(self, article: Article) -> Path:
        return self.dir / self.salt / f"{article.fingerprint()[:40]}.pkl"

    def get(self, article: Article) -> ArticleResult | None:
        p = self.path(article)
        if not p.exists():
            return None
        try:
            with p.open("rb") as fh:
                return pickle.load(fh)
        except Exception:
            return None

    def put(self, article: Article, result: ArticleResult) -> None:
        p = self.path(article)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, p)


@dataclass
class Results:
    """The tables of one run, plus what could not be loaded."""

    tables: dict[str, pd.DataFrame]
    corpus: Corpus
    stats: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def articles(self) -> pd.DataFrame:
        return self.tables["articles"]


def analyse_articles(
    articles: list[Article], knowledge: Knowledge, *, cache_dir: Path | str | None = None,
    use_cache: bool = True, progress: Callable | None = None,
) -> tuple[list[ArticleResult], dict[str, int]]:
    """Per-article results, from the cache where possible; parses only what is missing."""
    rcache = ResultCache(cache_dir, knowledge) if use_cache else None
    pcache = ParseCache(cache_dir) if use_cache else None
    results: list[ArticleResult | None] = [rcache.get(a) if rcache else None for a in articles]
    todo = [i for i, r in enumerate(results) if r is None]
    stats = {"articles": len(articles), "from_cache": len(articles) - len(todo), "analysed": len(todo)}
    bar = progress(total=len(todo)) if (progress and todo) else None
    chunk = 32
    for c in range(0, len(todo), chunk):
        idx = todo[c:c + chunk]
        docs = parse_texts([articles[i].text for i in idx], cache=pcache)
        for i, doc in zip(idx, docs):
            res = analyse_article(articles[i], doc, knowledge)
            results[i] = res
            if rcache:
                rcache.put(articles[i], res)
            if bar:
                bar.update(1)
    if bar:
        bar.close()
    return results, stats  # type: ignore[return-value]


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
) -> Results:
    """Analyse every loadable article of a corpus and return all tables."""
    if corpus is None:
        corpus = load_corpus(corpus_dir)
    knowledge = Knowledge(data_dir)
    per_article, stats = analyse_articles(
        corpus.articles, knowledge, cache_dir=cache_dir, use_cache=use_cache, progress=progress
    )
    results = Results(build_tables(per_article), corpus, stats)
    for step in CORPUS_STEPS:
        step(results, knowledge)
    return results
