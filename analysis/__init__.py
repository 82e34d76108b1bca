"""Discourse analysis of French press articles (no Streamlit here).

Usable from a notebook::

    from analysis import run_corpus
    results = run_corpus("data/corpus")
    results["articles"]          # one row per article

and from the command line: ``python -m analysis run --corpus data/corpus --out out``.
"""
from analysis.corpus.articles import Article, Corpus, CorpusError, load_corpus
from analysis.engine.pipeline import ANALYSIS_VERSION, Results, run_corpus
from analysis.measures.syllables import count_syllables

__all__ = [
    "ANALYSIS_VERSION", "Article", "Corpus", "CorpusError", "Results",
    "count_syllables", "load_corpus", "run_corpus",
]
