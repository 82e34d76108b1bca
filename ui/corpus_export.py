"""The corpus export (CSV, JSONL, IRaMuTeQ / TXM) as a page section.

Drawn in the « Exporter le corpus » tab of the Importer page, and, on a read-only instance
(where the Importer page is left out, ui/access.py), on the Méthodes page: exporting reads
the corpus and writes nothing on the server, so a read-only reader may take it away too.
"""
from __future__ import annotations

import streamlit as st

from analysis.corpus.articles import Corpus
from analysis.corpus.exporters import export_corpus

from .theme import fr_number

#: format -> (label, file name, MIME type)
FORMATS = {"csv": ("CSV (tableur)", "corpus.csv", "text/csv"),
           "jsonl": ("JSONL (une ligne JSON par article)", "corpus.jsonl", "application/x-ndjson"),
           "iramuteq": ("IRaMuTeQ / TXM (lignes étoilées **** *outlet_…)", "corpus_iramuteq.txt", "text/plain")}


def corpus_export_panel(corpus: Corpus | None, *, key: str) -> None:
    """The article count, a format choice and a download button (the file is built on click only).

    ``key`` prefixes the widget keys (``<key>_fmt``, ``<key>_btn``)."""
    n_now = len(corpus.articles) if corpus else 0
    st.write(f"Le corpus compte **{fr_number(n_now, 0)}** article(s). L'export contient les métadonnées et le corps "
             "nettoyé (sans les commentaires ni les éléments de page).")
    fmt = st.radio("Format", list(FORMATS), format_func=lambda k: FORMATS[k][0], key=f"{key}_fmt")
    if corpus and corpus.articles:
        label, file_name, mime = FORMATS[fmt]
        st.download_button("Télécharger l'export", data=lambda: export_corpus(corpus, fmt).encode("utf-8"),
                           file_name=file_name, mime=mime, icon=":material/file_download:", key=f"{key}_btn")
