"""Small pieces of shared UI state: presentation mode and the description of the current view."""
from __future__ import annotations

import datetime as dt

import streamlit as st

PRESENTATION_KEY = "presentation"

_PRESENTATION_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"] {display: none;}
.stMainBlockContainer, .block-container {max-width: 100% !important; padding-top: 1.5rem;}
.stMarkdown p, .stMarkdown li, .stCaption, label {font-size: 1.25rem !important;}
h1 {font-size: 2.8rem !important;} h2, h3 {font-size: 2rem !important;}
</style>
"""


def presentation_mode() -> bool:
    return bool(st.session_state.get(PRESENTATION_KEY, False))


def init_presentation_from_url() -> None:
    if PRESENTATION_KEY not in st.session_state:
        st.session_state[PRESENTATION_KEY] = st.query_params.get("presentation") == "1"


def presentation_controls() -> None:
    """Toggle in the sidebar; in presentation mode the sidebar is hidden and a button brings it back."""
    init_presentation_from_url()
    if presentation_mode():
        st.markdown(_PRESENTATION_CSS, unsafe_allow_html=True)  # static CSS only, no user data
        if st.button("Quitter le mode présentation", icon=":material/close_fullscreen:", key="presentation_exit"):
            st.session_state[PRESENTATION_KEY] = False
            st.query_params.pop("presentation", None)
            st.rerun()
        st.query_params["presentation"] = "1"
    else:
        st.sidebar.toggle("Mode présentation", key=PRESENTATION_KEY,
                          help="Grands caractères et barre latérale masquée, pour projeter les graphiques en réunion.")
        st.query_params.pop("presentation", None)


def view_context(selection, n_articles: int, page_title: str) -> dict:
    """What a view export says about itself: corpus, filters, date."""
    return {
        "title": f"Discours de presse — {page_title}",
        "corpus": f"{n_articles} article(s) · partenariat Mistral AI – Microsoft (février 2024)",
        "filters": selection.describe(n_articles),
        "date": f"Exporté le {fr_date(dt.date.today())}",
    }


MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]


def fr_date(value) -> str:
    """date(2024, 2, 26) -> '26 février 2024'; '2024-02' -> 'février 2024'; unknown -> 'date inconnue'."""
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS_FR[value.month - 1]} {value.year}"
    parts = str(value or "").split("-")
    try:
        if len(parts) == 3:
            return fr_date(dt.date(int(parts[0]), int(parts[1]), int(parts[2])))
        if len(parts) == 2:
            return f"{MONTHS_FR[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 1 and parts[0].isdigit():
            return parts[0]
    except (ValueError, IndexError):
        pass
    return "date inconnue"
