"""The global sidebar filters: drawn once in app.py, kept across pages and in the URL.

URL query string: ``?outlets=AFP~La Tribune&genres=…&from=2024-02-01&to=2024-03-31&part=comment``;
a parameter is absent when the filter keeps everything, so a plain URL shows the whole corpus.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.corpus.articles import DATE_RE

KEYS = {"outlets": "flt_outlets", "genres": "flt_genres", "dates": "flt_dates", "part": "flt_part"}
PARTS = {"body": "Texte des médias", "comment": "Commentaires de lecteurs"}
_QP_SEP = "~"


@dataclass(frozen=True)
class Selection:
    outlets: tuple[str, ...]
    genres: tuple[str, ...]
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    part: str = "body"

    def describe(self, n_articles: int) -> str:
        dates = ""
        if self.date_from and self.date_to:
            dates = f" · du {self.date_from:%d/%m/%Y} au {self.date_to:%d/%m/%Y}"
        return (f"{n_articles} article(s) · médias : {', '.join(self.outlets) or 'aucun'} · "
                f"genres : {', '.join(self.genres) or 'aucun'}{dates} · {PARTS.get(self.part, self.part)}")


def date_start(value: str) -> dt.date | None:
    """'2024-02' -> 1 Feb 2024; unknown or malformed -> None."""
    if not isinstance(value, str) or not DATE_RE.match(value):
        return None
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _from_query(name: str, options: list[str]) -> list[str] | None:
    raw = st.query_params.get(name)
    if raw is None:
        return None
    return [v for v in raw.split(_QP_SEP) if v in options]


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def sidebar_filters(articles: pd.DataFrame, starts: pd.Series | None = None) -> Selection:
    """Outlets, genres, date range and text part; initial values from the URL, then session state.

    ``starts``: the articles' parsed start dates when already known (see ui.view.dataset_starts)."""
    outlets = sorted(articles["outlet"].dropna().unique().tolist()) if not articles.empty else []
    genres = sorted(articles["genre"].dropna().unique().tolist()) if not articles.empty else []
    for field, options in (("outlets", outlets), ("genres", genres)):
        key = KEYS[field]
        if key not in st.session_state:
            from_url = _from_query(field, options)
            st.session_state[key] = from_url if from_url is not None else options
        else:  # drop values that vanished from the corpus; select values new to it (just imported)
            known = set(st.session_state.get(f"{key}_known", options))
            st.session_state[key] = [v for v in st.session_state[key] if v in options] + [
                v for v in options if v not in known and v not in st.session_state[key]]
        st.session_state[f"{key}_known"] = options
    if starts is None:
        starts = articles.get("date", pd.Series(dtype=str)).map(date_start)
    known = sorted(d for d in starts if d)
    if KEYS["part"] not in st.session_state:
        st.session_state[KEYS["part"]] = st.query_params.get("part", "body") if st.query_params.get("part") in PARTS else "body"
    with st.sidebar:
        st.markdown("### Filtres")
        sel_outlets = st.multiselect("Médias", outlets, key=KEYS["outlets"], placeholder="Choisir des médias")
        sel_genres = st.multiselect("Genres", genres, key=KEYS["genres"], placeholder="Choisir des genres")
        date_from = date_to = None
        if len(known) >= 2 and known[0] != known[-1]:
            lo, hi = known[0], known[-1]
            if KEYS["dates"] not in st.session_state:
                a, b = _iso(st.query_params.get("from")) or lo, _iso(st.query_params.get("to")) or hi
                st.session_state[KEYS["dates"]] = (max(lo, min(a, hi)), max(lo, min(b, hi)))
            elif tuple(st.session_state[KEYS["dates"]]) == st.session_state.get(f"{KEYS['dates']}_known"):
                st.session_state[KEYS["dates"]] = (lo, hi)  # whole period before: stays whole (articles imported)
            st.session_state[f"{KEYS['dates']}_known"] = (lo, hi)
            picked = st.slider("Période (début du mois de parution)", min_value=lo, max_value=hi,
                               key=KEYS["dates"], format="DD/MM/YYYY",
                               help="Une date connue au mois seulement (« 2024-02 ») compte pour le 1er du mois. "
                                    "Les articles sans date restent affichés.")
            date_from, date_to = picked
            if (date_from, date_to) == (lo, hi):
                date_from = date_to = None
        part = st.radio("Partie du texte", list(PARTS), format_func=PARTS.get, key=KEYS["part"],
                        help="Les commentaires de lecteurs sont une voix à part : ils ne sont jamais mêlés au texte des médias.")
    for field, values, options in (("outlets", sel_outlets, outlets), ("genres", sel_genres, genres)):
        if set(values) == set(options):
            st.query_params.pop(field, None)
        else:
            st.query_params[field] = _QP_SEP.join(values)
    for name, value in (("from", date_from), ("to", date_to)):
        if value:
            st.query_params[name] = value.isoformat()
        else:
            st.query_params.pop(name, None)
    if part != "body":
        st.query_params["part"] = part
    else:
        st.query_params.pop("part", None)
    return Selection(tuple(sel_outlets), tuple(sel_genres), date_from, date_to, part)


def current_selection(articles: pd.DataFrame | None = None) -> Selection:
    """The selection made in the sidebar this run; everything when no filter was drawn."""
    ss = st.session_state
    if KEYS["outlets"] not in ss and articles is not None and not articles.empty:
        return Selection(tuple(sorted(articles["outlet"].unique())), tuple(sorted(articles["genre"].unique())))
    dates = ss.get(KEYS["dates"])
    date_from, date_to = (dates if isinstance(dates, (tuple, list)) and len(dates) == 2 else (None, None))
    return Selection(tuple(ss.get(KEYS["outlets"], ())), tuple(ss.get(KEYS["genres"], ())),
                     date_from, date_to, ss.get(KEYS["part"], "body"))
