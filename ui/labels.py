"""How an article is named on screen: « média — date — titre », never its hash id.

The id (``000_e63558821d595b82``) stays in the URL only. An article whose title is unknown
is named by the first words of its first body sentence of at least five words. Labels are unique within a table
(a number is added to a repeated label), so a picker or a table row always names one article.
"""
from __future__ import annotations

import re

import pandas as pd

UNKNOWN = "inconnu"
FIRST_WORDS = 8
MAX_TITLE = 90
MIN_WORDS = 5  # the first sentence of at least this many words names an untitled article


def _clip(text: str, limit: int = MAX_TITLE) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def first_words(text: str, n: int = FIRST_WORDS) -> str:
    """'Mistral AI, la pépite française de l’intelligence artificielle, était…' -> the first ``n`` words + '…'."""
    words = str(text or "").strip(" \t\n-–—:·|").split()
    if not words:
        return ""
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def _known(value) -> bool:
    return isinstance(value, str) and value.strip() not in ("", UNKNOWN)


def article_labels(articles: pd.DataFrame, sentences: pd.DataFrame | None = None,
                   texts: dict[str, str] | None = None) -> dict[str, str]:
    """article_id -> « média — date — titre », ordered by outlet, date, title (the reader's picker order).

    Without a known title, the first words of the article's first body sentence stand in its
    place (between « »); without sentences, the first words of ``texts[article_id]`` (the raw
    text, when no analysis is at hand); without either, « article sans titre »."""
    from .state import fr_date

    if articles.empty:
        return {}
    firsts: dict[str, str] = {}
    if sentences is not None and not sentences.empty:
        body = sentences[(sentences["part"] == "body") & (sentences["n_words"] > 0)]
        if "kind" in body.columns:
            body = body[~body["kind"].isin(("title", "heading"))]
        # a sentence of a few words first (a dateline « LA TRIBUNE - » says nothing), any sentence otherwise
        body = body.assign(_short=body["n_words"] < MIN_WORDS).sort_values(["article_id", "_short", "start"])
        body = body.drop_duplicates("article_id")
        firsts = dict(zip(body["article_id"], body["text"]))
    arts = articles.sort_values(["outlet", "date", "title", "article_id"])
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for r in arts.itertuples():
        if _known(r.title):
            title = _clip(r.title)
        else:
            words = first_words(firsts.get(r.article_id) or (texts or {}).get(r.article_id, ""))
            title = f"« {words} »" if words else "article sans titre"
        outlet = r.outlet if _known(r.outlet) else "média inconnu"
        label = f"{outlet} — {fr_date(r.date)} — {title}"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        labels[r.article_id] = label
    return labels


def with_labels(table: pd.DataFrame, labels: dict[str, str], column: str = "article_id",
                to: str = "article") -> pd.DataFrame:
    """``table`` with a ``to`` column naming the article of ``column`` (ids not in ``labels`` keep their id)."""
    if table.empty or column not in table.columns:
        return table.assign(**{to: pd.Series(dtype=str)}) if column in table.columns else table
    ids = table[column]
    return table.assign(**{to: ids.map(labels).fillna(ids)})  # a dict lookup per row, not a Python call


def view_labels(view) -> dict[str, str]:
    """The labels of a selection view's articles, computed once per selection.

    Only the sentence rows of the articles without a known title are read (their first
    sentence stands in): at 10,000 articles the others stay on disk (issue #17)."""
    def build(v):
        arts = v["articles"]
        if "title" not in arts or not hasattr(v, "rows"):
            return article_labels(arts, v.get("sentences"))
        untitled = arts.loc[~arts["title"].map(_known), "article_id"]
        return article_labels(arts, v.rows("sentences", untitled) if len(untitled) else None)

    return view.derived("article_labels", build)
