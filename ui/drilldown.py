"""Drill-down: from a clicked bar, cell or point to the sentences behind it, and on to the reader."""
from __future__ import annotations

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
    st.session_state["reader_goto"] = article_id
    if sentence_index is not None:
        st.session_state["reader_sentence"] = int(sentence_index)
    st.switch_page(READER_PAGE)


def sentence_table(sentences: pd.DataFrame, *, key: str, columns: dict[str, str], caption: str = "",
                   decimals: dict[str, int] | None = None) -> None:
    """A sentence table, paginated; selecting a row offers to open the article in the reader at that sentence.

    ``columns`` maps the columns shown to their French labels; ``decimals`` gives the decimals
    of float columns by label (default 1)."""
    if sentences.empty:
        st.info("Aucune phrase ne correspond à cette sélection.")
        return
    if caption:
        st.caption(caption)
    picked = paged_table(sentences, key=key, columns=columns, decimals=decimals, selectable=True)
    if picked is not None:
        if st.button("Ouvrir cette phrase dans le lecteur d'article", key=f"{key}_open", icon=":material/article:"):
            open_in_reader(picked["article_id"], picked.get("sentence_index"))
    else:
        st.caption("Sélectionnez une ligne pour ouvrir la phrase dans le lecteur d'article.")
