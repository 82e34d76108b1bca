"""Entry point: page config, global sidebar filters, navigation.

Run: ``python -m ui.serve`` (or ``streamlit run app.py``; see ui/serve.py for the difference).
"""
import streamlit as st

st.set_page_config(page_title="Discours de presse", page_icon="📰", layout="wide")

from ui.access import editing_allowed  # noqa: E402
from ui.data import load_dataset  # noqa: E402
from ui.filters import sidebar_filters  # noqa: E402
from ui.state import presentation_controls  # noqa: E402
from ui.view import dataset_starts

PAGES = [
    st.Page("pages/overview.py", title="Vue d'ensemble", icon=":material/dashboard:", default=True),
    st.Page("pages/actors.py", title="Acteurs", icon=":material/record_voice_over:", url_path="acteurs"),
    st.Page("pages/tone.py", title="Tonalité", icon=":material/sentiment_satisfied:", url_path="tonalite"),
    st.Page("pages/sovereignty.py", title="Souveraineté", icon=":material/flag:", url_path="souverainete"),
    st.Page("pages/vocabulary.py", title="Vocabulaire", icon=":material/abc:", url_path="vocabulaire"),
    st.Page("pages/reader.py", title="Lecteur d'article", icon=":material/article:", url_path="lecteur"),
    st.Page("pages/methods.py", title="Méthodes", icon=":material/menu_book:", url_path="methodes"),
]
#: Pages that write to the corpus or the knowledge files: left out of a read-only instance (ui/access.py).
EDITING_PAGES = [
    st.Page("pages/import.py", title="Importer", icon=":material/upload_file:", url_path="importer"),
]
page = st.navigation(PAGES + EDITING_PAGES if editing_allowed() else PAGES)
dataset = load_dataset()
sidebar_filters(dataset.table("articles"), dataset_starts(dataset))
presentation_controls()
page.run()
