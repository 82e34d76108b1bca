"""Vocabulaire: what each outlet says that the others don't; similarity map; shared passages."""
import streamlit as st

from analysis.measures.vocabulary import MIN_OUTLET_WORDS, MIN_TERM_COUNT, SHINGLE_WORDS
from ui.export import ViewExport
from ui.framing import (
    distinctive_terms_chart,
    labelled_passages,
    outlet_map_chart,
    outlet_terms,
    selection_shared_passages,
    selection_vocabulary,
    similarity_heatmap,
)
from ui.labels import view_labels
from ui.page import page_data
from ui.parts import comments_selected, not_for_comments
from ui.state import presentation_mode, view_context
from ui.tables import paged_table
from ui.theme import fr_number

st.title("Vocabulaire")
st.caption("Ce que chaque média dit que les autres ne disent pas, qui se ressemble, et ce qui a été repris mot pour mot.")

data = page_data()
dataset, selection, view, colors = data.dataset, data.selection, data.view, data.colors
articles_all, articles = data.articles_all, data.articles
if comments_selected(selection):
    not_for_comments("La page Vocabulaire", "Les lemmes, le vocabulaire distinctif et les passages repris sont "
                     "comptés sur le texte des médias seulement (quelques dizaines de mots de commentaires ne "
                     "permettraient aucune comparaison).")
export = ViewExport(page="vocabulaire")
# recomputed for the selected articles, once per selection (the view is cached per corpus state and selection)
voc = view.derived("vocabulary", lambda v: selection_vocabulary(v["lemmas"], v["articles"]))
n_outlets = articles["outlet"].nunique()

c1, c2, c3 = st.columns(3)
c1.metric("Médias", n_outlets)
c2.metric("Articles", fr_number(len(articles), 0))
c3.metric("Lemmes comptés (hors mots vides)", fr_number(int(voc["counts"].to_numpy().sum()) if not voc["counts"].empty else 0, 0))
small = sorted(o for o, w in voc["words"].items() if w < MIN_OUTLET_WORDS)
if small:
    st.warning(f"Texte trop court pour comparer sûrement (moins de {MIN_OUTLET_WORDS} mots) : {', '.join(small)}.",
               icon=":material/warning:")
st.caption(f"Corpus très petit : {len(articles)} article(s), {fr_number(articles['n_body_words'].sum(), 0)} mots. "
           "Avec un article par média, le vocabulaire d'un média est celui d'un texte (sujet et genre pèsent plus que le style).")

st.subheader("Vocabulaire distinctif")
if n_outlets < 2:
    st.info("La comparaison demande au moins deux médias : élargissez la sélection dans la barre latérale.")
else:
    o1, o2 = st.columns([1, 1])
    n_top = o1.slider("Termes par média", 5, 25, 10, key="voc_n_top")
    hide_low = o2.toggle(f"Masquer les termes vus moins de {MIN_TERM_COUNT} fois", value=True, key="voc_hide_low",
                         help="Sous 3 occurrences, un score z élevé peut ne tenir qu'à une seule phrase.")
    terms = voc["terms"]
    # built once per selection and options (12 outlets: 12 panels, most of the page's time otherwise)
    fig = view.derived("fig_terms", lambda v, n, low, pres: distinctive_terms_chart(
        terms, colors, n_top=n, hide_low=low, presentation=pres), n_top, hide_low, presentation_mode())
    export.chart(fig, metric="termes-distinctifs", title="Vocabulaire distinctif de chaque média",
                 data=terms, note="Log-odds pondéré avec a priori de Dirichlet informatif (Monroe, Colaresi & Quinn 2008), "
                                  "chaque média contre tous les autres ; score z.", key="voc_terms")
    n_reliable = int(((terms["log_odds_z"] > 1.96) & ~terms["low_count"]).sum())
    st.caption(f"{n_reliable} terme(s) dépassent z = 1,96 avec au moins {MIN_TERM_COUNT} occurrences. "
               "Un z élevé dit qu'un média emploie un mot plus que les autres, pas pourquoi.")
    with st.expander("Tableau complet des termes"):
        outlet = st.selectbox("Média", sorted(terms["outlet"].unique()), key="voc_table_outlet")
        t = view.derived("outlet_terms", lambda v, o, low: outlet_terms(terms, o, hide_low=low), outlet, hide_low)
        paged_table(t, key="voc_terms_table", decimals={"Score z": 2}, columns={
            "term": "Lemme", "count": "Occurrences (média)", "count_rest": "Occurrences (autres)", "log_odds_z": "Score z",
            "low_count": f"Moins de {MIN_TERM_COUNT}"})

st.subheader("Proximité des médias")
if n_outlets < 2:
    st.info("La carte demande au moins deux médias.")
else:
    left, right = st.columns([1, 1])
    with left:
        export.chart(view.derived("fig_map", lambda v, pres: outlet_map_chart(voc["map"], colors, voc["words"],
                                                                              presentation=pres), presentation_mode()),
                     metric="carte", title="Carte des médias selon leur vocabulaire", data=voc["map"],
                     note="MDS classique des distances 1 − cosinus TF-IDF.", key="voc_map")
    with right:
        sim = voc["similarity"]
        export.chart(view.derived("fig_similarity", lambda v, pres: similarity_heatmap(sim, presentation=pres),
                                  presentation_mode()), metric="similarite",
                     title="Similarité du vocabulaire entre médias", data=sim.reset_index(names="outlet"),
                     note="Cosinus des profils TF-IDF de lemmes.", key="voc_similarity")
    if n_outlets <= 5:
        st.caption(f"Avec {n_outlets} médias, la carte résume {n_outlets * (n_outlets - 1) // 2} distances : "
                   "elle illustre, elle ne classe pas. Les axes n'ont pas d'unité ni de sens propre.")

st.subheader("Passages repris mot pour mot")
min_words = st.slider("Longueur minimale d'un passage commun (mots)", 5, 20, SHINGLE_WORDS, key="voc_min_words",
                      help="Deux médias différents ; 8 mots et plus signalent en général une reprise de dépêche ou de communiqué.")
shared = view.derived("shared_passages", lambda v, n: selection_shared_passages(v["sentences"], v["articles"], dataset.texts, n),
                      min_words)
st.caption(f"Recherche sur {fr_number(len(articles), 0)} article(s) de {n_outlets} média(s), corps des articles seulement.")
if shared.empty:
    st.info(f"Aucun passage d'au moins {min_words} mots identiques n'est partagé entre deux médias de la sélection.")
else:
    # labelled and sorted once per selection and length (at 10,000 articles: tens of thousands of passages)
    shown = view.derived("shared_passages_shown", lambda v, n: labelled_passages(shared, view_labels(v)), min_words)
    paged_table(shown, key="voc_shared", columns={
        "outlet_a": "Média A", "outlet_b": "Média B", "n_words": "Mots", "text": "Passage", "label_a": "Article A",
        "start_a": "Position A", "label_b": "Article B", "start_b": "Position B"})

export.panel(view_context(selection, len(articles), "Vocabulaire"))
