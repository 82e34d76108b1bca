"""Lecteur d'article: the text of one article with its highlights and metrics."""
import html

import pandas as pd
import streamlit as st

from ui.page import page_data
from ui.glossary import METRICS
from ui.reader import LAYERS, article_html, article_labels, build_marks
from ui.state import fr_date, presentation_mode
from ui.theme import PALETTE

st.title("Lecteur d'article")
data = page_data()
dataset, view, articles = data.dataset, data.view, data.articles

labels = view.derived("reader_labels", article_labels)  # once per selection
goto = st.session_state.pop("reader_goto", None)  # a drill-down from another page wins
if goto in labels:
    st.session_state["rd_article"] = goto
elif st.session_state.get("rd_article") not in labels:  # page just opened (or article filtered out): the URL's
    st.session_state.pop("rd_article", None)           # article, if any; never over the article just picked
    if st.query_params.get("article") in labels:
        st.session_state["rd_article"] = st.query_params["article"]
article_id = st.selectbox("Article (tapez pour chercher)", list(labels), format_func=labels.get, key="rd_article")
st.query_params["article"] = article_id
focus_index = st.session_state.pop("reader_sentence", None)

layers = set(st.pills("Surlignage", list(LAYERS), format_func=LAYERS.get, selection_mode="multi",
                      default=list(LAYERS), key="rd_layers") or [])
row = articles.set_index("article_id").loc[article_id]
sentences = view["sentences"][view["sentences"]["article_id"] == article_id]
segments = view["segments"][view["segments"]["article_id"] == article_id]
quotes = view.get("quotes", pd.DataFrame())
speakers = sorted(quotes[quotes["article_id"] == article_id]["speaker"].unique()) if not quotes.empty else []
speaker_colors = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(speakers)}

focus = None
if focus_index is not None:
    hit = sentences[sentences["sentence_index"] == int(focus_index)]
    if not hit.empty:
        focus = (int(hit.iloc[0]["start"]), int(hit.iloc[0]["end"]))
        st.info(f"Phrase n° {int(focus_index) + 1} encadrée en bleu ci-dessous.")

text_col, side = st.columns([3, 1])
with text_col:
    marks = build_marks(article_id, view, speaker_colors, layers)
    if "quotes" in layers and speakers:
        st.markdown("Locuteurs : " + " · ".join(
            f"<span style='color:{speaker_colors[s]};font-weight:600'>{html.escape(s)}</span>" for s in speakers),
            unsafe_allow_html=True)
    st.markdown(article_html(dataset.texts[article_id], segments, marks, show_aside="aside" in layers,
                             focus=focus, font_size=22 if presentation_mode() else 17), unsafe_allow_html=True)
with side:
    st.markdown(f"**{row['outlet']}** · {row['genre']} · {fr_date(row['date'])}")
    if row.get("author", "inconnu") != "inconnu":
        st.caption(f"Auteur : {row['author']}")
    for key, metric in METRICS.items():
        if key in row.index and key != "n_articles":
            st.metric(metric.label, metric.format(row[key]), help=metric.help())
