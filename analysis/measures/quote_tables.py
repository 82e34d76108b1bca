"""Per-outlet and per-speaker quote tables: pure functions of articles.csv and quotes.csv.

The app calls the same functions on a filtered selection of articles, so every figure
can be recomputed for any subset. Shares are of the body's words (``n_body_words``).
"""
from __future__ import annotations

import pandas as pd

from analysis.measures.quotes.corpus_identity import unify_speakers

from .actors import load_corrected_registry
from .quotes import EVALUATIVE, KINDS, VERBATIM_KINDS

OUTLET_COLUMNS = ["outlet", "n_articles", "n_quotes", *[f"n_{k}" for k in KINDS], "n_speakers",
                  "n_body_words", "n_quoted_words", "quoted_share", "evaluative_share"]
ROLE_COLUMNS = ["outlet", "role", "n_quotes", "n_quoted_words", "quoted_share"]
OUTLET_SPEAKER_COLUMNS = ["outlet", "speaker", "role", "n_articles", "n_quotes", "n_quoted_words",
                          "mean_words", "quoted_share"]
SPEAKER_COLUMNS = ["speaker", "role", "n_outlets", "outlets", "n_quotes", "n_quoted_words", "mean_words",
                   "merged_from", "merge_reason"]


def _with_outlet(articles: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    if quotes is None or quotes.empty:
        return pd.DataFrame(columns=["article_id", "outlet", "speaker", "role", "kind", "verb_stance", "n_words"])
    return quotes.merge(articles[["article_id", "outlet"]], on="article_id", how="inner")


def _verbatim_words(q: pd.DataFrame) -> pd.Series:
    return q["n_words"].where(q["kind"].isin(VERBATIM_KINDS), 0)


def outlet_quotes(articles: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet: quotes by kind, distinct speakers, quoted share, evaluative verbs."""
    if articles.empty:
        return pd.DataFrame(columns=OUTLET_COLUMNS)
    q = _with_outlet(articles, quotes)
    rows = []
    for outlet, arts in articles.groupby("outlet", sort=True):
        qo = q[q["outlet"] == outlet]
        body = int(arts["n_body_words"].sum())
        words = int(_verbatim_words(qo).sum()) if not qo.empty else 0
        with_verb = qo[qo["verb_stance"].isin(["neutral", EVALUATIVE])]
        rows.append({
            "outlet": outlet, "n_articles": len(arts), "n_quotes": len(qo),
            **{f"n_{k}": int((qo["kind"] == k).sum()) for k in KINDS},
            "n_speakers": qo.loc[qo["speaker"] != "inconnu", "speaker"].nunique(),
            "n_body_words": body, "n_quoted_words": words,
            "quoted_share": words / body if body else 0.0,
            "evaluative_share": (with_verb["verb_stance"] == EVALUATIVE).mean() if len(with_verb) else None,
        })
    return pd.DataFrame(rows, columns=OUTLET_COLUMNS)


def outlet_roles(articles: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """outlet x role: quotes, verbatim quoted words and their share of the outlet's body words."""
    q = _with_outlet(articles, quotes)
    if q.empty:
        return pd.DataFrame(columns=ROLE_COLUMNS)
    q = q.assign(qw=_verbatim_words(q))
    g = q.groupby(["outlet", "role"]).agg(n_quotes=("kind", "size"), n_quoted_words=("qw", "sum")).reset_index()
    g["quoted_share"] = _share_of_body(g, articles)
    return g[ROLE_COLUMNS].sort_values(["outlet", "n_quoted_words"], ascending=[True, False]).reset_index(drop=True)


def _share_of_body(g: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """Each row's ``n_quoted_words`` over its outlet's body words (0 for an outlet with none)."""
    body = g["outlet"].map(articles.groupby("outlet")["n_body_words"].sum())
    return (g["n_quoted_words"] / body.where(body > 0)).fillna(0.0)


def outlet_speakers(articles: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """outlet x speaker: how often and at what length each outlet quotes each speaker."""
    q = _with_outlet(articles, quotes)
    if q.empty:
        return pd.DataFrame(columns=OUTLET_SPEAKER_COLUMNS)
    q = q.assign(qw=_verbatim_words(q))
    g = q.groupby(["outlet", "speaker"]).agg(
        role=("role", "first"), n_articles=("article_id", "nunique"), n_quotes=("kind", "size"),
        n_quoted_words=("qw", "sum"), mean_words=("n_words", "mean"),
    ).reset_index()
    g["quoted_share"] = _share_of_body(g, articles)
    return g[OUTLET_SPEAKER_COLUMNS].sort_values(["outlet", "n_quotes"], ascending=[True, False]).reset_index(drop=True)


def speakers_table(articles: pd.DataFrame, quotes: pd.DataFrame, merges: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per speaker: which outlets quote them, how often, at what length, and which name
    variants were merged into it and why (``merges``, from :func:`unify_speakers`)."""
    q = _with_outlet(articles, quotes)
    if q.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    q = q.assign(qw=_verbatim_words(q))
    g = q.groupby("speaker").agg(
        role=("role", "first"), n_outlets=("outlet", "nunique"),
        outlets=("outlet", lambda s: " ; ".join(sorted(set(s)))), n_quotes=("kind", "size"),
        n_quoted_words=("qw", "sum"), mean_words=("n_words", "mean"),
    ).reset_index()
    if merges is not None and not merges.empty:
        g = g.merge(merges, on="speaker", how="left")
    else:
        g = g.assign(merged_from="", merge_reason="")
    g[["merged_from", "merge_reason"]] = g[["merged_from", "merge_reason"]].fillna("")
    return g[SPEAKER_COLUMNS].sort_values(["n_quotes", "speaker"], ascending=[False, True]).reset_index(drop=True)


def quotes_corpus_step(results, knowledge) -> None:
    """Speakers unified across the corpus and corrected by the analyst (registry), then the tables."""
    arts, quotes = results.tables["articles"], results.tables.get("quotes", pd.DataFrame())
    merges = None
    if quotes is not None and not quotes.empty:
        quotes, merges = unify_speakers(quotes, load_corrected_registry(knowledge))
        results.tables["quotes"] = quotes
        n_speakers = quotes[quotes["speaker"] != "inconnu"].groupby("article_id")["speaker"].nunique()
        arts = arts.assign(n_speakers=arts["article_id"].map(n_speakers).fillna(0).astype(int)) \
            if "n_speakers" in arts.columns else arts
        results.tables["articles"] = arts
    results.tables["outlet_quotes"] = outlet_quotes(arts, quotes)
    results.tables["outlet_roles"] = outlet_roles(arts, quotes)
    results.tables["outlet_speakers"] = outlet_speakers(arts, quotes)
    results.tables["speakers"] = speakers_table(arts, quotes, merges)
