"""Lecteur d'article: the text of one article with its highlights and metrics."""
import html

import pandas as pd
import streamlit as st

from ui.data import load_dataset
from ui.filters import apply_selection, current_selection
from ui.glossary import METRICS
from ui.reader import LAYERS, article_html, build_marks
from ui.state import fr_date, presentation_mode
from ui.theme import PALETTE

st.title("Lecteur d'article")
dataset = load_dataset()
articles_all = dataset.table("articles")
if articles_all.empty:
    st.info("Aucun article à afficher : le corpus est vide.")
    st.stop()
view = apply_selection(dataset.tables, current_selection(articles_all))
articles = view["articles"]
if articles.empty:
    st.info("Aucun article ne correspond aux filtres : choisissez au moins un média et un genre dans la barre latérale.")
    st.stop()

ids = articles["article_id"].tolist()
wanted = st.session_state.pop("reader_goto", None) or st.query_params.get("article")
if wanted in ids:
    st.session_state["rd_article"] = wanted
labels = {r.article_id: f"{r.outlet} — {r.title if r.title != 'inconnu' else r.article_id} ({fr_date(r.date)})" for r in articles.itertuples()}
article_id = st.selectbox("Article (tapez pour chercher)", ids, format_func=labels.get, key="rd_article")
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
