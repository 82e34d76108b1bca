"""Entry point: page config, global sidebar filters, navigation. Run: streamlit run app.py"""
import streamlit as st

st.set_page_config(page_title="Discours de presse", page_icon="📰", layout="wide")

from ui.data import load_dataset  # noqa: E402
from ui.filters import sidebar_filters  # noqa: E402
from ui.state import presentation_controls  # noqa: E402

PAGES = [
    st.Page("pages/overview.py", title="Vue d'ensemble", icon=":material/dashboard:", url_path="vue-ensemble", default=True),
    st.Page("pages/reader.py", title="Lecteur d'article", icon=":material/article:", url_path="lecteur"),
    st.Page("pages/methods.py", title="Méthodes", icon=":material/menu_book:", url_path="methodes"),
]
page = st.navigation(PAGES)
dataset = load_dataset()
sidebar_filters(dataset.table("articles"))
presentation_controls()
page.run()
