"""Drill-down: from a clicked bar, cell or point to the sentences behind it, and on to the reader."""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from .tables import paged_table

READER_PAGE = "pages/reader.py"


def selected_values(event, field: str = "y") -> list:
    """Values of ``field`` (x, y, customdata…) of the points selected in a Plotly chart event."""
    try:
        points = event.selection.points if event else []
    except AttributeError:
        points = (event or {}).get("selection", {}).get("points", [])
    return [p.get(field) for p in points if p.get(field) is not None]


def open_in_reader(article_id: str, sentence_index: int | None = None) -> None:
    """Switch to the reader on ``article_id``, framed and scrolled to ``sentence_index`` (kept in the URL)."""
    st.session_state["reader_goto"] = article_id
    if sentence_index is not None and sentence_index == sentence_index:
        st.session_state["reader_sentence"] = int(sentence_index)
    st.switch_page(READER_PAGE)


def sentence_table(sentences: pd.DataFrame, *, key: str, columns: dict[str, str], caption: str = "",
                   decimals: dict[str, int] | None = None) -> None:
    """A sentence table, paginated; one click on a row opens the reader scrolled to that sentence.

    ``columns`` maps the columns shown to their French labels; ``decimals`` gives the decimals
    of float columns by label (default 1)."""
    if sentences.empty:
        st.info("Aucune phrase ne correspond à cette sélection.")
        return
    st.caption((caption + " " if caption else "") + "Cliquez sur une ligne (case à gauche) pour lire la phrase "
               "dans son article.")
    picked = paged_table(sentences, key=key, columns=columns, decimals=decimals, selectable=True)
    if picked is not None:
        for name in [k for k in st.session_state if re.fullmatch(rf"{re.escape(key)}_p\d+", str(k))]:
            del st.session_state[name]  # back on this page, the row is no longer picked (no jump back)
        open_in_reader(picked["article_id"], picked.get("sentence_index"))
