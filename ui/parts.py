"""The sidebar's "Partie du texte": what each page shows for the reader comments.

Reader comments are a voice of their own, never mixed with the outlets' text. A page whose
tables can describe the comments shows the comments' own figures under a notice saying so;
a page whose measures exist for the outlets' text only says plainly that it does not apply,
and shows nothing else (never the outlets' figures under a "comments" selection).
"""
from __future__ import annotations

import streamlit as st

from .filters import PARTS

COMMENT = "comment"


def comments_selected(selection) -> bool:
    return getattr(selection, "part", "body") == COMMENT


def comments_figures_notice(what: str) -> None:
    """Above a page that shows the comments' own figures."""
    st.info(f"**{PARTS[COMMENT]}** : {what} Pour revenir au texte des médias, changez « Partie du texte » "
            "dans la barre latérale.", icon=":material/forum:")


def not_for_comments(page: str, reason: str) -> None:
    """Stop a page whose measures do not exist for reader comments, with a plain French notice."""
    st.info(f"**{page} ne s'applique pas aux commentaires de lecteurs.** {reason} Choisissez « {PARTS['body']} » "
            "dans « Partie du texte » (barre latérale) pour voir cette page.", icon=":material/forum:")
    st.stop()
