"""The common start of every data page: load, report unreadable files, apply the filters."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from .data import Dataset, load_dataset
from .filters import Selection, current_selection
from .safe import md_escape
from .theme import outlet_colors
from .view import SelectionView, selection_view

NO_CORPUS = "Aucun article à afficher : ajoutez des fichiers dans le dossier du corpus."
NO_MATCH = "Aucun article ne correspond aux filtres : choisissez au moins un média et un genre dans la barre latérale."


@dataclass
class PageData:
    dataset: Dataset
    selection: Selection
    view: SelectionView  # name -> table filtered to the selection (on first access, cached)

    @property
    def articles_all(self) -> pd.DataFrame:
        return self.dataset.table("articles")

    @property
    def articles(self) -> pd.DataFrame:
        return self.view["articles"]

    @property
    def colors(self) -> dict[str, str]:
        """One colour per outlet, assigned over the whole corpus (stable under filters)."""
        return outlet_colors(self.articles_all["outlet"])


def page_data() -> PageData:
    """Load the (cached) tables, warn about files that could not be read, apply the sidebar
    selection. Stops the page with a French message when there is nothing to show."""
    dataset = load_dataset()
    for err in dataset.errors:
        st.warning(f"Fichier ignoré — {md_escape(err)}", icon=":material/warning:")
    articles_all = dataset.table("articles")
    if articles_all.empty:
        st.info(NO_CORPUS)
        st.stop()
    selection = current_selection(articles_all)
    view = selection_view(dataset, selection)
    if view["articles"].empty:
        st.info(NO_MATCH)
        st.stop()
    return PageData(dataset, selection, view)
