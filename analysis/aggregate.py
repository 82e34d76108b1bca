"""Per-outlet tables, built from the per-article and per-sentence tables."""
from __future__ import annotations

import pandas as pd

from .knowledge import Knowledge
from .readability import readability_from_counts


def outlet_readability(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet; readability pooled over the outlet's sentences (not averaged)."""
    cols = ["outlet", "n_articles", "n_words", "n_sentences", "words_per_sentence",
            "syllables_per_word", "long_word_share", "flesch_fr", "lix", "mtld"]
    if articles.empty or sentences.empty:
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
    results.tables["outlets"] = outlet_readability(
        results.tables["articles"], results.tables.get("sentences", pd.DataFrame())
    )
