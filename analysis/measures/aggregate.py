"""Per-outlet tables, built from the per-article and per-sentence tables."""
from __future__ import annotations

import pandas as pd

from analysis.knowledge import Knowledge

from .readability import readability_from_counts
from .sums import article_sums, corpus_sums, to_float

OUTLET_COLUMNS = ["outlet", "n_articles", "n_words", "n_sentences", "words_per_sentence",
                  "syllables_per_word", "long_word_share", "flesch_fr", "lix", "mtld"]


def readability_basis(sentences: pd.DataFrame, part: str = "body") -> pd.DataFrame:
    """The sentences a readability figure of ``part`` pools.

    ``"body"``: the outlet's own text (``in_readability``: body sentences, titles and headings
    excluded); ``"comment"``: the reader comments' sentences. Sentences without words are dropped."""
    if sentences.empty:
        return sentences
    keep = sentences["in_readability"] if part == "body" else sentences["part"] == part
    return sentences[keep & (sentences["n_words"] > 0)]


def outlet_readability(articles: pd.DataFrame, sentences: pd.DataFrame | None = None,
                       part: str = "body") -> pd.DataFrame:
    """One row per outlet; readability pooled over the outlet's sentences (not averaged).

    For the body, a reduction of mergeable counts: each article carries the counts of its
    readability basis (``n_words``, ``n_sentences``, ``n_syllables``, ``n_long_words``); an
    outlet's counts are their sums and the ratios are computed once from the sums, so partial
    sums over any split of the articles add up to the same table, and no sentence row is
    read (issue #17). MTLD is the mean of the articles' (a sum and a count).

    ``part="comment"`` pools the reader comments' sentences instead of the outlet's text: only
    outlets with comments get a row, and ``n_articles`` counts their articles with comments.
    MTLD is an article-level measure of the body: it is NaN for comments. Comments, and body
    tables written before the articles carried the counts, are pooled from ``sentences``."""
    cols = OUTLET_COLUMNS
    if articles.empty:
        return pd.DataFrame(columns=cols)
    if part == "body" and "n_syllables" in articles:
        return readability_from_sums(article_sums(articles))
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=cols)
    basis = readability_basis(sentences, part).merge(articles[["article_id", "outlet"]], on="article_id")
    rows = []
    for outlet, arts in articles.groupby("outlet", sort=True):
        s = basis[basis["outlet"] == outlet]
        if part != "body" and s.empty:
            continue
        counts = readability_from_counts(int(s["n_words"].sum()), len(s), int(s["n_syllables"].sum()),
                                         int(s["n_long_words"].sum()))
        n_articles = len(arts) if part == "body" else s["article_id"].nunique()
        mtld = arts["mtld"].mean(skipna=True) if part == "body" else float("nan")
        rows.append({"outlet": outlet, "n_articles": n_articles, **counts, "mtld": mtld})
    return pd.DataFrame(rows, columns=cols)


def readability_from_sums(sums: pd.DataFrame) -> pd.DataFrame:
    """The ``finish`` of the per-outlet readability: one row per outlet of the article sums
    (:func:`analysis.measures.sums.article_sums`), the ratios computed from the summed counts."""
    rows = []
    for r in sums.to_dict("records"):
        counts = readability_from_counts(int(r["n_words"]), int(r["n_sentences"]), int(r["n_syllables"]),
                                         int(r["n_long_words"]))
        mtld = to_float(r["mtld_sum"]) / r["mtld_count"] if r["mtld_count"] else float("nan")
        rows.append({"outlet": r["outlet"], "n_articles": int(r["n_articles"]), **counts, "mtld": mtld})
    return pd.DataFrame(rows, columns=OUTLET_COLUMNS)


def article_part_readability(articles: pd.DataFrame, sentences: pd.DataFrame, part: str = "comment") -> pd.DataFrame:
    """One row per article with sentences in ``part``: the readability of that part alone.

    Columns: article_id, n_words, n_sentences, words_per_sentence, syllables_per_word,
    long_word_share, flesch_fr, lix (the same definitions as the articles table's, over
    the part's sentences)."""
    cols = ["article_id", "n_words", "n_sentences", "words_per_sentence", "syllables_per_word",
            "long_word_share", "flesch_fr", "lix"]
    basis = readability_basis(sentences, part)
    if articles.empty or basis.empty:
        return pd.DataFrame(columns=cols)
    basis = basis[basis["article_id"].isin(articles["article_id"])]
    rows = [{"article_id": aid, **readability_from_counts(int(s["n_words"].sum()), len(s), int(s["n_syllables"].sum()),
                                                          int(s["n_long_words"].sum()))}
            for aid, s in basis.groupby("article_id", sort=False)]
    return pd.DataFrame(rows, columns=cols)


def outlets_step(results, knowledge: Knowledge) -> None:
    """Corpus step: the per-outlet readability, finished from the corpus sums (issue #17)."""
    sums = corpus_sums(results)
    if "readability_counts" in sums.flags:
        results.tables["outlets"] = readability_from_sums(sums.get("articles"))
    else:  # articles without their readability counts (cannot happen in a run of this version)
        results.tables["outlets"] = outlet_readability(results.tables["articles"])
