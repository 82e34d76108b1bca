"""Entry point: page config, global sidebar filters, navigation. Run: streamlit run app.py"""
import streamlit as st

st.set_page_config(page_title="Discours de presse", page_icon="📰", layout="wide")

from ui.data import load_dataset  # noqa: E402
from ui.filters import sidebar_filters  # noqa: E402
from ui.state import presentation_controls  # noqa: E402

PAGES = [
    st.Page("pages/overview.py", title="Vue d'ensemble", icon=":material/dashboard:", default=True),
    st.Page("pages/actors.py", title="Acteurs", icon=":material/record_voice_over:"),
    st.Page("pages/tone.py", title="Tonalité", icon=":material/sentiment_satisfied:"),
    st.Page("pages/sovereignty.py", title="Souveraineté", icon=":material/flag:"),
    st.Page("pages/vocabulary.py", title="Vocabulaire", icon=":material/abc:"),
    st.Page("pages/reader.py", title="Lecteur d'article", icon=":material/article:"),
    st.Page("pages/methods.py", title="Méthodes", icon=":material/menu_book:"),
    st.Page("pages/import.py", title="Importer", icon=":material/upload_file:"),
]
page = st.navigation(PAGES)
dataset = load_dataset()
sidebar_filters(dataset.table("articles"))
presentation_controls()
page.run()
