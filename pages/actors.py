"""Acteurs: who speaks in each outlet, how (kind, reporting verb) and how much."""
import pandas as pd
import streamlit as st

from analysis.measures.actors import ROLES
from analysis.measures.quote_tables import outlet_quotes, outlet_roles, outlet_speakers
from analysis.measures.quotes import KIND_LABELS
from ui.corrections import corrections_panel
from ui.export import ViewExport, export_filename
from ui.page import page_data
from ui.parts import comments_selected, not_for_comments
from ui.quote_charts import (
    QUOTE_COLUMNS,
    quotes_in_context,
    role_share_bars,
    speaker_heatmap,
)
from ui.state import presentation_mode, view_context
from ui.tables import paged_table
from ui.theme import fr_number

st.title("Acteurs cités")
st.caption("Qui prend la parole dans chaque média, sous quelle forme et avec quelle place.")

data = page_data()
dataset, selection, view = data.dataset, data.selection, data.view
articles_all, articles = data.articles_all, data.articles
if comments_selected(selection):
    not_for_comments("La page Acteurs", "Les citations et leurs locuteurs sont cherchés dans le texte des médias "
                     "seulement : un commentaire de lecteur est déjà la parole d'un lecteur.")
quotes = view.get("quotes", pd.DataFrame())
if quotes is None or quotes.empty:
    st.info("Aucune citation trouvée dans les articles sélectionnés.")
    st.stop()

# per-outlet tables, computed once per selection (shared: never modified here)
by_outlet = view.derived("outlet_quotes", lambda v: outlet_quotes(v["articles"], v["quotes"]))
by_role = view.derived("outlet_roles", lambda v: outlet_roles(v["articles"], v["quotes"]))
by_speaker = view.derived("outlet_speakers", lambda v: outlet_speakers(v["articles"], v["quotes"]))
export = ViewExport(page="acteurs")

c1, c2, c3, c4 = st.columns(4)
c1.metric("Citations", fr_number(len(quotes), 0))
c2.metric("Locuteurs identifiés", quotes.loc[quotes["speaker"] != "inconnu", "speaker"].nunique())
c3.metric("Citations sans locuteur", fr_number(int((quotes["speaker"] == "inconnu").sum()), 0),
          help="Gardées et affichées : aucun locuteur n'a pu être trouvé dans le texte.")
c4.metric("Articles", fr_number(len(articles), 0))
if len(articles) < 3:
    st.warning(f"Échantillon très petit ({len(articles)} article(s)) : les comparaisons sont indicatives.")

st.subheader("Qui parle dans quel média")
left, right = st.columns([3, 1])
with right:
    value = st.radio("Mesure", ["n_quoted_words", "n_quotes"], key="act_heat_value",
                     format_func={"n_quoted_words": "Mots cités", "n_quotes": "Nombre de citations"}.get)
    top_n = st.slider("Locuteurs affichés", 5, 40, 15, key="act_top_n")
    st.caption("Les mots cités ne comptent que les citations mot pour mot (directes, partielles, réponses "
               "d'entretien) ; le discours indirect est reformulé par le journaliste.")
with left:
    export.chart(view.derived("fig_speakers", lambda v, n, val, pres: speaker_heatmap(
                     by_speaker, top_n=n, value=val, presentation=pres), top_n, value, presentation_mode()),
                 metric="locuteurs", title="Qui parle dans quel média", data=by_speaker, key="act_heatmap")

st.subheader("Part du texte donnée à d'autres voix")
export.chart(view.derived("fig_roles", lambda v, pres: role_share_bars(by_role, by_outlet, presentation=pres),
                          presentation_mode()), metric="part-citee-roles",
             title="Part citée par rôle", data=by_role, key="act_roles")
table = by_outlet.assign(quoted_share=by_outlet["quoted_share"] * 100,
                         evaluative_share=by_outlet["evaluative_share"].astype(float) * 100)
paged_table(
    table, key="act_outlets", decimals={"Part citée (%)": 1, "Verbes évaluatifs (%)": 0}, columns={
        "outlet": "Média", "n_articles": "Articles", "n_quotes": "Citations", "n_direct": "Directes",
        "n_partial": "Partielles", "n_indirect": "Indirectes", "n_interview": "Entretien",
        "n_speakers": "Locuteurs", "n_body_words": "Mots du corps", "n_quoted_words": "Mots cités",
        "quoted_share": "Part citée (%)", "evaluative_share": "Verbes évaluatifs (%)"},
    column_config={"Verbes évaluatifs (%)": st.column_config.Column(
        help="Parmi les citations introduites par un verbe : part de verbes qui "
             "jugent (dénoncer, regretter, marteler…) plutôt que rapportent (dire, indiquer…).")},
)

st.subheader("Les citations dans leur contexte")
f1, f2, f3, f4 = st.columns(4)
outlets_sel = f1.multiselect("Média", sorted(articles["outlet"].unique()), key="act_f_outlet", placeholder="Tous")
speakers_sel = f2.multiselect("Locuteur", sorted(quotes["speaker"].unique()), key="act_f_speaker", placeholder="Tous")
kinds_sel = f3.multiselect("Type", list(KIND_LABELS), format_func=KIND_LABELS.get, key="act_f_kind", placeholder="Tous")
roles_sel = f4.multiselect("Rôle", list(ROLES), format_func=ROLES.get, key="act_f_role", placeholder="Tous")
q = view.derived("quotes_in_context", lambda v: quotes_in_context(v["quotes"], v["articles"], v["sentences"]))
if outlets_sel:
    q = q[q["outlet"].isin(outlets_sel)]
if speakers_sel:
    q = q[q["speaker"].isin(speakers_sel)]
if kinds_sel:
    q = q[q["kind"].isin(kinds_sel)]
if roles_sel:
    q = q[q["role"].isin(roles_sel)]
st.caption(f"{fr_number(len(q), 0)} citation(s) sur {fr_number(len(quotes), 0)}. Le texte est affiché tel quel (jamais interprété comme du HTML).")
paged_table(q, key="act_quotes", columns=QUOTE_COLUMNS, file_name=export_filename("acteurs", "citations"),
            column_config={"Citation": st.column_config.TextColumn(width="large"),
                           "Phrase (contexte)": st.column_config.TextColumn(width="large")})

all_quotes = dataset.table("quotes")
corrections_panel(sorted(set(all_quotes["speaker"]) - {"inconnu"}) if not all_quotes.empty else [])

export.panel(view_context(selection, len(articles), "Acteurs cités"))
