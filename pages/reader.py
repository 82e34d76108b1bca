"""Lecteur d'article: the text of one article with its highlights and metrics.

URL: ``/lecteur?article=<id>&sentence=<n>`` opens the article framed and scrolled to sentence n
(the ids live in the URL only; the page names articles « média — date — titre »)."""
import html

import pandas as pd
import streamlit as st

from analysis.measures.aggregate import article_part_readability
from ui.glossary import METRICS
from ui.page import page_data
from ui.parts import comments_figures_notice, comments_selected
from ui.reader import LAYERS, SCROLL_SCRIPT, article_html, article_labels, build_marks
from ui.state import fr_date, presentation_mode
from ui.theme import PALETTE, fr_number

st.title("Lecteur d'article")
data = page_data()
dataset, view, articles, selection = data.dataset, data.view, data.articles, data.selection
comments = comments_selected(selection)

labels = article_labels(view)  # once per selection
goto = st.session_state.pop("reader_goto", None)  # a drill-down from another page wins
focus_index = st.session_state.pop("reader_sentence", None)
if goto in labels:
    st.session_state["rd_article"] = goto
    if focus_index is None:
        st.query_params.pop("sentence", None)
elif st.session_state.get("rd_article") not in labels:  # page just opened (or article filtered out): the URL's
    st.session_state.pop("rd_article", None)           # article, if any; never over the article just picked
    if st.query_params.get("article") in labels:
        st.session_state["rd_article"] = st.query_params["article"]
        if focus_index is None and str(st.query_params.get("sentence", "")).isdigit():
            focus_index = int(st.query_params["sentence"])


def _picked() -> None:  # another article picked by hand: the framed sentence belonged to the previous one
    st.query_params.pop("sentence", None)


article_id = st.selectbox("Article (tapez pour chercher)", list(labels), format_func=labels.get, key="rd_article",
                          on_change=_picked)
st.query_params["article"] = article_id
if focus_index is None and str(st.query_params.get("sentence", "")).isdigit():
    focus_index = int(st.query_params["sentence"])  # reruns (a highlight toggled) keep the framed sentence
if comments:
    comments_figures_notice("le texte reste affiché en entier, les commentaires en gris ; les chiffres à droite "
                            "sont ceux des commentaires de cet article.")

default_layers = list(LAYERS)
layers = set(st.pills("Surlignage", list(LAYERS), format_func=LAYERS.get, selection_mode="multi",
                      default=default_layers, key="rd_layers") or [])
if comments:
    layers.add("aside")
row = articles.set_index("article_id").loc[article_id]
# this article's rows only (an index built once per selection: no scan of every sentence on each rerun)
sentences = view.article_rows("sentences", article_id)
segments = view.article_rows("segments", article_id)
quotes = view.article_rows("quotes", article_id) if "quotes" in view else pd.DataFrame()
speakers = sorted(quotes["speaker"].unique()) if not quotes.empty else []
speaker_colors = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(speakers)}

focus = None
if focus_index is not None:
    hit = sentences[sentences["sentence_index"] == int(focus_index)]
    if not hit.empty:
        focus = (int(hit.iloc[0]["start"]), int(hit.iloc[0]["end"]))
        st.query_params["sentence"] = str(int(focus_index))
        st.info(f"Phrase n° {int(focus_index) + 1} encadrée en bleu ci-dessous.", icon=":material/my_location:")

text_col, side = st.columns([3, 1])
with text_col:
    marks = build_marks(article_id, {"quotes": quotes, "sentences": sentences,
                                     "kwic": view.article_rows("kwic", article_id) if "kwic" in view else None},
                        speaker_colors, layers)
    if "quotes" in layers and speakers:
        st.markdown("Locuteurs : " + " · ".join(
            f"<span style='color:{speaker_colors[s]};font-weight:600'>{html.escape(s)}</span>" for s in speakers),
            unsafe_allow_html=True)
    st.markdown(article_html(dataset.texts[article_id], segments, marks, show_aside="aside" in layers,
                             focus=focus, font_size=22 if presentation_mode() else 17), unsafe_allow_html=True)
    if focus:
        st.html(SCROLL_SCRIPT, unsafe_allow_javascript=True)  # static script: scroll to the framed sentence
with side:
    st.markdown(f"**{html.escape(str(row['outlet']))}** · {html.escape(str(row['genre']))} · {fr_date(row['date'])}")
    if row.get("author", "inconnu") != "inconnu":
        st.caption(f"Auteur : {row['author']}")
    if comments:
        st.markdown("**Commentaires de lecteurs**")
        part = article_part_readability(articles[articles["article_id"] == article_id], sentences, "comment")
        if part.empty:
            st.caption("Cet article n'a pas de commentaire de lecteur.")
        else:
            c = part.iloc[0]
            st.metric(METRICS["n_comment_words"].label, fr_number(row["n_comment_words"], 0))
            st.metric("Phrases de commentaires", fr_number(c["n_sentences"], 0))
            for key in ("flesch_fr", "words_per_sentence", "long_word_share"):
                st.metric(METRICS[key].label, METRICS[key].format(c[key]), help=METRICS[key].help())
            st.metric("Tonalité nette des commentaires", METRICS["tone_net"].format(row.get("tone_net_comments")),
                      help=METRICS["tone_net"].help())
    else:
        for key, metric in METRICS.items():
            if key in row.index and key not in ("n_articles", "n_comment_words"):
                st.metric(metric.label, metric.format(row[key]), help=metric.help())
