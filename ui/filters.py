"""The global sidebar filters: drawn once in app.py, kept across pages and in the URL."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.aggregate import outlet_readability

KEYS = {"outlets": "flt_outlets", "genres": "flt_genres"}
_QP_SEP = "~"


@dataclass(frozen=True)
class Selection:
    outlets: tuple[str, ...]
    genres: tuple[str, ...]

    def describe(self, n_articles: int) -> str:
        return f"{n_articles} article(s) · médias : {', '.join(self.outlets) or 'aucun'} · genres : {', '.join(self.genres) or 'aucun'}"


def _from_query(name: str, options: list[str]) -> list[str] | None:
    raw = st.query_params.get(name)
    if raw is None:
        return None
    wanted = [v for v in raw.split(_QP_SEP) if v]
    return [v for v in wanted if v in options]


def sidebar_filters(articles: pd.DataFrame) -> Selection:
    """Outlet and genre multiselects; initial values from the URL, then session state."""
    outlets = sorted(articles["outlet"].dropna().unique().tolist()) if not articles.empty else []
    genres = sorted(articles["genre"].dropna().unique().tolist()) if not articles.empty else []
    for field, options in (("outlets", outlets), ("genres", genres)):
        key = KEYS[field]
        if key not in st.session_state:
            from_url = _from_query(field, options)
            st.session_state[key] = from_url if from_url is not None else options
        else:  # drop values that vanished from the corpus
            st.session_state[key] = [v for v in st.session_state[key] if v in options]
    with st.sidebar:
        st.markdown("### Filtres")
        sel_outlets = st.multiselect("Médias", outlets, key=KEYS["outlets"], placeholder="Choisir des médias")
        sel_genres = st.multiselect("Genres", genres, key=KEYS["genres"], placeholder="Choisir des genres")
    for field, values, options in (("outlets", sel_outlets, outlets), ("genres", sel_genres, genres)):
        if set(values) == set(options):
            st.query_params.pop(field, None)
        else:
            st.query_params[field] = _QP_SEP.join(values)
    return Selection(tuple(sel_outlets), tuple(sel_genres))


def current_selection() -> Selection:
    """The selection made in the sidebar during this run (pages call this)."""
    return Selection(tuple(st.session_state.get(KEYS["outlets"], ())), tuple(st.session_state.get(KEYS["genres"], ())))


def apply_selection(tables: dict[str, pd.DataFrame], selection: Selection) -> dict[str, pd.DataFrame]:
    """Filter every per-article table to the selection and recompute the per-outlet table."""
    arts = tables.get("articles", pd.DataFrame())
    if arts.empty:
        return {name: t.iloc[0:0] for name, t in tables.items()}
    keep = arts[arts["outlet"].isin(selection.outlets) & arts["genre"].isin(selection.genres)]
    ids = set(keep["article_id"])
    out = {}
    for name, table in tables.items():
        if "article_id" in table.columns:
            out[name] = table[table["article_id"].isin(ids)]
        elif "outlet" in table.columns:
            out[name] = table[table["outlet"].isin(set(keep["outlet"]))]
        else:
            out[name] = table
    out["outlets"] = outlet_readability(out["articles"], out.get("sentences", pd.DataFrame()))
    return out
