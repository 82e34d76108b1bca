"""Vue d'ensemble: the readability comparison first, then the per-outlet scorecard and the articles.

Under "Commentaires de lecteurs" every figure is the comments' own (their sentences pooled
per outlet and per article), never the outlets' text."""
import pandas as pd
import streamlit as st

from analysis.measures.aggregate import article_part_readability, readability_basis
from ui.charts import readability_bars, scorecard
from ui.drilldown import selected_values, sentence_table
from ui.evidence import MIN_WORDS, low_evidence
from ui.export import ViewExport
from ui.glossary import METRICS
from ui.labels import view_labels, with_labels
from ui.page import page_data
from ui.parts import comments_figures_notice, comments_selected
from ui.state import fr_date, presentation_mode, view_context
from ui.tables import paged_table
from ui.theme import fr_number

DECIMALS = {METRICS[k].label: METRICS[k].decimals for k in METRICS}

st.title("Vue d'ensemble")
st.caption("Comment chaque média a-t-il couvert le partenariat Mistral AI – Microsoft (26 février 2024) ?")

data = page_data()
selection, view, colors = data.selection, data.view, data.colors
articles, outlets = view["articles"], view["outlets"]
comments = comments_selected(selection)
labels = view_labels(view)
export = ViewExport(page="vue-ensemble" if not comments else "vue-ensemble-commentaires")
# the comments' sentences; the outlets' text needs no sentence row until a bar is clicked
# (its counts are in the articles table: at 10,000 articles the sentence rows stay on disk)
basis = readability_basis(view["sentences"], selection.part) if comments else None
if comments:
    comments_figures_notice("la lisibilité ci-dessous est celle des commentaires de lecteurs seuls, "
                            "phrase par phrase, regroupés par média et par article.")
    if basis.empty:
        st.info("Aucun commentaire de lecteur dans les articles sélectionnés.")
        st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric("Articles avec commentaires" if comments else "Articles", fr_number(basis["article_id"].nunique() if comments else len(articles), 0))
c2.metric("Médias", outlets["outlet"].nunique() if comments else articles["outlet"].nunique())
words = METRICS["n_comment_words"] if comments else METRICS["n_words"]
c3.metric(words.label, fr_number(int((basis if comments else articles)["n_words"].sum()), 0), help=words.help())
if comments:
    c4.metric(METRICS["n_sentences"].label.replace("(lisibilité)", "de commentaires"), fr_number(len(basis), 0))
else:
    c4.metric(METRICS["n_comment_words"].label, fr_number(articles["n_comment_words"].sum(), 0),
              help=METRICS["n_comment_words"].help())
if len(articles) < 3:
    st.warning(f"Échantillon très petit ({len(articles)} article(s)) : les comparaisons sont indicatives.")

st.subheader("Lisibilité comparée" + (" des commentaires" if comments else ""))
metric_keys = ["flesch_fr", "lix", "words_per_sentence", "syllables_per_word", "long_word_share"] + ([] if comments else ["mtld"])
left, right = st.columns([3, 1])
with right:
    metric = st.selectbox("Mesure", metric_keys, format_func=lambda k: METRICS[k].label, key="ov_metric")
    m = METRICS[metric]
    with st.popover("Définition", icon=":material/help:"):
        st.markdown(f"**{m.label}** — {m.definition}\n\n*{m.direction}.*" + (f"\n\nRéférence : {m.reference}." if m.reference else ""))
        st.page_link("pages/methods.py", label="Toutes les méthodes", icon=":material/menu_book:")
    st.caption("Cliquez sur une barre : ses phrases s'affichent sous le graphique ; cliquez sur une phrase pour "
               "l'ouvrir dans le lecteur d'article.")
with left:
    title = f"{m.label} par média" + (" — commentaires de lecteurs" if comments else "")
    fig = view.derived("fig_readability", lambda v, k, pres, t: readability_bars(outlets, k, colors, presentation=pres, title=t),
                       metric, presentation_mode(), title)  # built once per selection and options
    event = export.chart(fig, metric=metric, title=title,
                         data=outlets[["outlet", "n_articles", "n_sentences", "n_words", metric]],
                         note=m.definition, key="ov_readability", on_select="rerun")

clicked = selected_values(event, "y")
if clicked:
    if basis is None:
        basis = readability_basis(view["sentences"], selection.part)
    sents = basis.merge(articles[["article_id", "outlet"]], on="article_id")
    sents = with_labels(sents[sents["outlet"].isin(clicked)].sort_values("n_words", ascending=False), labels)
    what = "phrases de commentaires" if comments else "phrases comptées pour la lisibilité"
    st.markdown(f"**Phrases de {', '.join(clicked)}** — {fr_number(len(sents), 0)} {what}, les plus longues d'abord")
    sentence_table(sents, key="ov_sentences", columns={
        "outlet": "Média", "article": "Article", "text": "Phrase", "n_words": "Mots", "n_syllables": "Syllabes"})

st.subheader("Tableau de bord par média" + (" (commentaires)" if comments else ""))
card = scorecard(outlets.drop(columns=["mtld"]) if comments else outlets)
paged_table(card, key="ov_scorecard", decimals=DECIMALS,
            column_config={METRICS[k].label: st.column_config.Column(METRICS[k].label, help=METRICS[k].help())
                           for k in METRICS if METRICS[k].label in card.columns})

st.subheader("Articles" + (" (lisibilité de leurs commentaires)" if comments else ""))
cols = ["n_words", "n_sentences", "flesch_fr", "lix", "words_per_sentence"] if comments else \
    ["n_words", "flesch_fr", "lix", "words_per_sentence", "mtld"]


def article_table(v) -> pd.DataFrame:
    """One row per article, labelled, sorted, dates in French and thin ones marked: once per selection."""
    arts = v["articles"]
    if comments:
        per_article = article_part_readability(arts, v["sentences"], selection.part)
        table = per_article.merge(arts[["article_id", "outlet", "date", "genre"]], on="article_id")
    else:
        table = arts
    table = with_labels(table, labels).sort_values("article")
    low = low_evidence(table["n_words"])  # a 34-word article is listed, not ranked with the rest unmarked
    return table.assign(date=table["date"].map(fr_date), evidence=["peu de données" if f else "" for f in low])


table = view.derived("articles_table", article_table)
paged_table(table, key="ov_articles", decimals=DECIMALS, columns={
    "article": "Article", "outlet": "Média", "date": "Date", "genre": "Genre",
    **{k: METRICS[k].label for k in cols}, "evidence": "Fiabilité"},
    column_config={"Fiabilité": st.column_config.TextColumn(
        help=f"« peu de données » : moins de {MIN_WORDS} mots, les indices de lisibilité reposent sur une ou deux phrases.")})


def aside_segments(v) -> pd.DataFrame | None:
    """The selection's comments and page furniture, labelled, with their part in French: once per selection."""
    seg = v.get("segments")
    aside = seg[seg["part"] != "body"] if seg is not None and not seg.empty else seg
    if aside is None or aside.empty:
        return aside
    return with_labels(aside, labels).assign(
        part=aside["part"].map({"comment": "commentaire de lecteur", "boilerplate": "élément de page"}).fillna(aside["part"]))


with st.expander("Ce que le nettoyage a mis de côté (commentaires, éléments de page)"):
    aside = view.derived("aside_segments", aside_segments)
    if aside is None or aside.empty:
        st.write("Rien n'a été mis de côté dans la sélection.")
    else:
        st.caption(f"{fr_number(len(aside), 0)} segment(s) écartés des mesures des médias. Les commentaires de lecteurs restent analysables à part.")
        paged_table(aside, key="ov_aside", columns={"article": "Article", "part": "Partie", "reason": "Règle", "text": "Texte"})

export.panel(view_context(selection, len(articles), "Vue d'ensemble"))
