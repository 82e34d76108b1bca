"""Small pieces of shared UI state: presentation mode and the description of the current view."""
from __future__ import annotations

import datetime as dt

import streamlit as st

PRESENTATION_KEY = "presentation"

#: Presentation (projector) mode: no sidebar and no top bar, the exit button pinned in the top
#: right corner (never under a bar), larger text, controls and tables; the first screen of the
#: overview at 1280×720 still reaches the comparison chart. Static CSS, no user data.
_PRESENTATION_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"] {display: none !important;}
.stMainBlockContainer, .block-container {max-width: 100% !important; padding-top: 1rem !important;
  padding-left: 2.5rem !important; padding-right: 2.5rem !important;}
.st-key-presentation_exit {position: fixed !important; top: .6rem; right: 1rem; z-index: 1000; width: auto !important;}
.stMarkdown p, .stMarkdown li, .stCaption, label, [data-testid="stWidgetLabel"] p {font-size: 1.25rem !important;}
h1 {font-size: 2.4rem !important; padding-top: 0 !important;} h2, h3 {font-size: 1.9rem !important;}
[data-testid="stMetricValue"] {font-size: 2.6rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.2rem !important;}
[data-baseweb="select"], [data-testid="stButton"] button, [data-testid="stDownloadButton"] button,
[data-testid="stRadio"] div[role="radiogroup"] {font-size: 1.2rem !important;}
[data-testid="stDataFrame"] {zoom: 1.25;}
</style>
"""

#: Always: the sidebar's multiselects grow with their tags instead of cutting the last one.
_BASE_CSS = """
<style>
[data-testid="stSidebar"] [data-testid="stMultiSelect"] div:has(> [data-testid="stMultiSelectTagsContainer"]),
[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] {max-height: none !important; overflow: visible !important;}
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
    st.markdown(_BASE_CSS, unsafe_allow_html=True)  # static CSS only
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
