"""Per-outlet tables, built from the per-article and per-sentence tables."""
from __future__ import annotations

import pandas as pd

from .knowledge import Knowledge
from .readability import readability_from_counts


def outlet_readability(articles: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per outlet; readability pooled over the outlet's sentences (not averaged).

    A reduction of mergeable counts: each article carries the counts of its readability
    basis (``n_words``, ``n_sentences``, ``n_syllables``, ``n_long_words``); an outlet's
    counts are their sums, and the ratios are computed once from the sums, so partial sums
    of any partition of the articles add up to the same table. MTLD is the mean of the
    articles' (a sum and a count). ``sentences`` is read only for tables written before
    the articles carried the counts (``n_syllables`` absent)."""
    cols = ["outlet", "n_articles", "n_words", "n_sentences", "words_per_sentence",
            "syllables_per_word", "long_word_share", "flesch_fr", "lix", "mtld"]
    if articles.empty:
        return pd.DataFrame(columns=cols)
    if "n_syllables" not in articles:
        return _outlet_readability_from_sentences(articles, sentences, cols)
    sums = articles.groupby("outlet", sort=True).agg(
        n_articles=("article_id", "size"), n_words=("n_words", "sum"), n_sentences=("n_sentences", "sum"),
        n_syllables=("n_syllables", "sum"), n_long_words=("n_long_words", "sum"),
        mtld_sum=("mtld", "sum"), mtld_count=("mtld", "count"),
    )
    rows = []
    for outlet, r in sums.iterrows():
        counts = readability_from_counts(int(r["n_words"]), int(r["n_sentences"]), int(r["n_syllables"]),
                                         int(r["n_long_words"]))
        mtld = r["mtld_sum"] / r["mtld_count"] if r["mtld_count"] else float("nan")
        rows.append({"outlet": outlet, "n_articles": int(r["n_articles"]), **counts, "mtld": mtld})
    return pd.DataFrame(rows, columns=cols)


def _outlet_readability_from_sentences(articles, sentences, cols) -> pd.DataFrame:
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=cols)
    basis = sentences[sentences["in_readability"] & (sentences["n_words"] > 0)]
    basis = basis.merge(articles[["article_id", "outlet"]], on="article_id")
    rows = []
    for outlet, arts in articles.groupby("outlet", sort=True):
        s = basis[basis["outlet"] == outlet]
        counts = readability_from_counts(int(s["n_words"].sum()), len(s), int(s["n_syllables"].sum()),
                                         int(s["n_long_words"].sum()))
        rows.append({"outlet": outlet, "n_articles": len(arts), **counts, "mtld": arts["mtld"].mean(skipna=True)})
    return pd.DataFrame(rows, columns=cols)


def outlets_step(results, knowledge: Knowledge) -> None:
    results.tables["outlets"] = outlet_readability(results.tables["articles"])
