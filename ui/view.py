"""The tables filtered to the sidebar selection: filtered lazily, cached per corpus state and selection.

At 1,000 articles the per-article tables hold ~27,000 sentence rows and as many evidence
rows; filtering all of them on every rerun cost ~0.15 s per page. Here a page pays only for
the tables it reads, and only the first time a selection is seen: the filtered view is a
cache resource keyed by (corpus content hash, selection), shared by every session.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import TypeVar

import pandas as pd
import streamlit as st

from analysis.measures.aggregate import outlet_readability

from .filters import Selection, date_start

T = TypeVar("T")

#: Tables recomputed for the selection instead of filtered (the per-outlet pooled readability).
DERIVED = ("outlets",)


def article_starts(articles: pd.DataFrame) -> pd.Series:
    """Start date of each article (``'2024-02'`` -> 1 Feb 2024; unknown -> None), aligned with ``articles``."""
    if "date" not in articles:
        return pd.Series([None] * len(articles), index=articles.index, dtype=object)
    return articles["date"].map(date_start)


def selected_articles(articles: pd.DataFrame, selection: Selection, starts: pd.Series | None = None) -> pd.DataFrame:
    """The rows of ``articles`` inside the selection; undated articles stay in any period."""
    if articles.empty:
        return articles
    mask = articles["outlet"].isin(selection.outlets) & articles["genre"].isin(selection.genres)
    if selection.date_from and selection.date_to:
        starts = article_starts(articles) if starts is None else starts
        lo, hi = selection.date_from, selection.date_to
        mask &= starts.map(lambda d: d is None or lo <= d <= hi).astype(bool)
    return articles[mask]


class SelectionView(Mapping):
    """Read-only mapping name -> table filtered to a selection; each table is filtered on first access.

    Tables with an ``article_id`` column keep the selected articles' rows, tables with only an
    ``outlet`` column the selected outlets' rows, other tables (codebook…) are passed through;
    ``outlets`` is recomputed from the selected articles (their readability counts, for the
    outlets' text) or sentences (for the reader comments), over the selection's text part.
    Safe to share between
    sessions: the source tables are never modified, and a lock keeps two sessions from
    filtering the same table twice.
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame], selection: Selection, starts: pd.Series | None = None):
        self._tables = tables
        self.selection = selection
        self._starts = starts
        self._done: dict[str, pd.DataFrame] = {}
        self._derived: dict[tuple, object] = {}
        self._lock = threading.RLock()

    def _compute(self, name: str) -> pd.DataFrame:
        if name == "articles":
            return selected_articles(self._tables.get("articles", pd.DataFrame()), self.selection, self._starts)
        if name == "outlets":
            arts, part = self["articles"], self.selection.part
            if part == "body" and "n_syllables" in arts:  # the articles carry the counts: no sentence row is read
                return outlet_readability(arts, None, part)
            return outlet_readability(arts, self.get("sentences", pd.DataFrame()), part)
        table = self._tables[name]
        keep = self["articles"]
        if keep.empty:
            return table.iloc[0:0]
        if len(keep) == len(self._tables.get("articles", ())):
            return table  # everything selected (the default view): no copy
        if "article_id" in table.columns:
            return table[table["article_id"].isin(keep["article_id"])]
        if "outlet" in table.columns:
            return table[table["outlet"].isin(keep["outlet"].unique())]
        return table

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._tables and name not in DERIVED and name != "articles":
            raise KeyError(name)
        with self._lock:
            if name not in self._done:
                self._done[name] = self._compute(name)
            return self._done[name]

    def __iter__(self) -> Iterator[str]:
        yield from self._tables
        yield from (n for n in DERIVED if n not in self._tables)

    def __len__(self) -> int:
        return len(set(self._tables) | set(DERIVED))

    def rows(self, name: str, article_ids) -> pd.DataFrame:
        """The rows of table ``name`` for some articles, without loading the whole table when its
        source can be queried (Parquet tables read lazily, see analysis.engine.tablefiles.LazyTables)."""
        ids = list(article_ids)
        if name in self._done or not hasattr(self._tables, "query"):
            table = self.get(name, pd.DataFrame())
            return table[table["article_id"].isin(ids)] if "article_id" in table.columns else table
        return self._tables.query(name, filters=[("article_id", "in", ids)]) if ids else pd.DataFrame()

    def article_rows(self, name: str, article_id: str) -> pd.DataFrame:
        """The rows of table ``name`` for one article of the selection, in the table's order.

        Through an index of each article's row positions, built once per view and table: at
        10,000 articles comparing the 270,000 sentence ids on every rerun is what a page paid
        to show one article."""
        table = self.get(name)
        if table is None or "article_id" not in table.columns:
            return pd.DataFrame() if table is None else table
        index = self.derived("article_rows", lambda v, n: v[n].groupby("article_id", sort=False).indices, name)
        positions = index.get(article_id)
        return table.iloc[positions] if positions is not None else table.iloc[0:0]

    def derived(self, name: str, func: Callable[..., T], *args: Hashable) -> T:
        """``func(self, *args)``, computed once per view and ``(name, args)``.

        For a page's per-selection tables (per-outlet aggregates, labels, joins): they are then
        computed once per selection, like the filtered tables. ``name`` must identify ``func``;
        the result is shared, so callers must not modify it."""
        key = (name, args)
        with self._lock:
            if key not in self._derived:
                self._derived[key] = func(self, *args)
            return self._derived[key]

    def filtered(self) -> tuple[str, ...]:
        """Names of the tables filtered so far (what this view has paid for)."""
        return tuple(self._done)


def apply_selection(tables: Mapping[str, pd.DataFrame], selection: Selection) -> SelectionView:
    """The tables filtered to ``selection`` (lazily, uncached): for one-off tables and notebooks."""
    return SelectionView(tables, selection)


@st.cache_resource(show_spinner=False, max_entries=8)
def article_starts_cached(content_hash: str, _articles: pd.DataFrame) -> pd.Series:
    """Start dates of a corpus state's articles, parsed once."""
    return article_starts(_articles)


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_view(content_hash: str, selection: Selection, _tables: Mapping[str, pd.DataFrame]) -> SelectionView:
    return SelectionView(_tables, selection, article_starts_cached(content_hash, _tables.get("articles", pd.DataFrame())))


def dataset_starts(dataset) -> pd.Series:
    """Start dates of the dataset's articles, parsed once per corpus state."""
    articles = dataset.table("articles")
    if not dataset.content_hash:
        return article_starts(articles)
    return article_starts_cached(dataset.content_hash, articles)


def selection_view(dataset, selection: Selection) -> SelectionView:
    """The dataset's tables filtered to ``selection``: one shared view per corpus state and selection.

    A dataset without a content hash (built by hand) gets a fresh, uncached view."""
    if not dataset.content_hash:
        return SelectionView(dataset.tables, selection, dataset_starts(dataset))
    return _cached_view(dataset.content_hash, selection, dataset.tables)
