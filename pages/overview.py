"""Vue d'ensemble: per-outlet scorecard and readability comparison."""
import streamlit as st

from ui.charts import readability_bars, scorecard
from ui.page import page_data
from ui.drilldown import selected_values, sentence_table
from ui.export import ViewExport
from ui.glossary import METRICS
from ui.state import fr_date, presentation_mode, view_context
from ui.tables import paged_table
from ui.theme import fr_number

DECIMALS = {METRICS[k].label: METRICS[k].decimals for k in METRICS}

st.title("Vue d'ensemble")
st.caption("Comment chaque média a-t-il couvert le partenariat Mistral AI – Microsoft (26 février 2024) ?")

data = page_data()
selection, view, colors = data.selection, data.view, data.colors
articles, outlets = view["articles"], view["outlets"]
export = ViewExport(page="vue-ensemble")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Articles", fr_number(len(articles), 0))
c2.metric("Médias", articles["outlet"].nunique())
c3.metric("Mots (corps des articles)", fr_number(articles["n_body_words"].sum(), 0))
c4.metric("Mots de commentaires de lecteurs", fr_number(articles["n_comment_words"].sum(), 0),
          help="Les commentaires de lecteurs sont gardés à part : ils ne comptent pas dans les mesures des médias.")
if len(articles) < 3:
    st.warning(f"Échantillon très petit ({len(articles)} article(s)) : les comparaisons sont indicatives.")

st.subheader("Tableau de bord par média")
card = scorecard(outlets)
paged_table(card, key="ov_scorecard", decimals=DECIMALS,
            column_config={METRICS[k].label: st.column_config.Column(METRICS[k].label, help=METRICS[k].help())
                           for k in METRICS if METRICS[k].label in card.columns})

st.subheader("Lisibilité comparée")
left, right = st.columns([3, 1])
with right:
    metric = st.selectbox(
        "Mesure", ["flesch_fr", "lix", "words_per_sentence", "syllables_per_word", "long_word_share", "mtld"],
        format_func=lambda k: METRICS[k].label, key="ov_metric",
    )
    m = METRICS[metric]
    with st.popover("Définition", icon=":material/help:"):
        st.markdown(f"**{m.label}** — {m.definition}\n\n*{m.direction}.*" + (f"\n\nRéférence : {m.reference}." if m.reference else ""))
        st.page_link("pages/methods.py", label="Toutes les méthodes", icon=":material/menu_book:")
    st.caption("Cliquez sur une barre pour voir les phrases du média.")
with left:
    fig = readability_bars(outlets, metric, colors, presentation=presentation_mode())
    event = export.chart(fig, metric=metric, title=f"{m.label} par média", data=outlets[["outlet", "n_articles", "n_sentences", "n_words", metric]],
                         note=m.definition, key="ov_readability", on_select="rerun")

clicked = selected_values(event, "y")
if clicked:
    sents = view["sentences"]
    sents = sents[sents["in_readability"]].merge(articles[["article_id", "outlet"]], on="article_id")
    sents = sents[sents["outlet"].isin(clicked)].sort_values("n_words", ascending=False)
    st.markdown(f"**Phrases de {', '.join(clicked)}** — {fr_number(len(sents), 0)} phrases comptées pour la lisibilité, les plus longues d'abord")
    sentence_table(sents, key="ov_sentences", columns={
        "outlet": "Média", "article_id": "Article", "text": "Phrase", "n_words": "Mots", "n_syllables": "Syllabes"})

st.subheader("Articles")
cols = ["article_id", "outlet", "title", "date", "genre", "n_words", "flesch_fr", "lix", "words_per_sentence", "mtld"]
table = articles[cols].assign(date=articles["date"].map(fr_date))
paged_table(table, key="ov_articles", decimals=DECIMALS, columns={
    "article_id": "Article", "outlet": "Média", "title": "Titre", "date": "Date", "genre": "Genre",
    **{k: METRICS[k].label for k in cols if k in METRICS}})

with st.expander("Ce que le nettoyage a mis de côté (commentaires, éléments de page)"):
    seg = view.get("segments")
    aside = seg[seg["part"] != "body"] if seg is not None and not seg.empty else seg
    if aside is None or aside.empty:
        st.write("Rien n'a été mis de côté dans la sélection.")
    else:
        st.caption(f"{fr_number(len(aside), 0)} segment(s) écartés des mesures des médias. Les commentaires de lecteurs restent analysables à part.")
        paged_table(aside, key="ov_aside",
                    columns={"article_id": "Article", "part": "Partie", "reason": "Règle", "text": "Texte"})

export.panel(view_context(selection, len(articles), "Vue d'ensemble"))
