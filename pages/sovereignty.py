"""Souveraineté: lexical field density, frame profile per outlet, stance per article, concordance."""
import streamlit as st

from ui.page import page_data
from ui.drilldown import sentence_table
from ui.export import ViewExport
from ui.framing import (
    PART_LABELS, ROLE_LABELS, concordance, density_chart, frame_labels, frame_profile_chart, frame_sentences,
    STANCE_POINTS_MAX, selection_profiles, stance_chart, stance_label, stance_shares,
)
from ui.labels import view_labels, with_labels
from ui.parts import comments_figures_notice, comments_selected
from ui.state import presentation_mode, view_context
from ui.tables import paged_table
from ui.theme import fr_number

st.title("Souveraineté")
st.caption("Comment chaque média cadre-t-il l'accord au regard de la souveraineté numérique française et européenne ?")

data = page_data()
dataset, selection, view, colors = data.dataset, data.selection, data.view, data.colors
articles_all, articles = data.articles_all, data.articles
errors = dataset.table("codebook_errors")
for row in errors.to_dict("records"):
    line = f", ligne {int(row['line'])}" if row["line"] == row["line"] and row["line"] is not None else ""
    used = "la dernière version valide" if row["fallback"] == "last_valid" else "la version livrée avec l'outil"
    st.error(f"Fichier refusé — {row['file']}{line} : {row['reason']}. L'analyse utilise {used}.", icon=":material/error:")

labels = frame_labels(dataset.table("codebook"))
names = view_labels(view)  # article_id -> « média — date — titre »
comments = comments_selected(selection)
export = ViewExport(page="souverainete")
profile, sov = view.derived("profiles", lambda v: selection_profiles(v["frames"], v["articles"]))

if comments:
    comments_figures_notice("cadrages, densité et positions sont mesurés sur le texte des médias et ne sont pas "
                            "affichés ; la concordance ci-dessous montre le vocabulaire de la souveraineté dans les commentaires.")
else:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Articles", fr_number(len(articles), 0))
    c2.metric("Mentions du champ lexical", fr_number(int(articles["sovereignty_mentions"].sum()), 0))
    c3.metric("Pour 1 000 mots", fr_number(1000 * articles["sovereignty_mentions"].sum() / max(1, articles["n_body_words"].sum()), 1))
    c4.metric("Articles sans mention", fr_number(int((articles["sovereignty_stance"] == "absent").sum()), 0),
              help="Articles sans aucun terme du champ lexical de la souveraineté.")  # a short label is never cut
    if len(articles) < 3:
        st.warning(f"Échantillon très petit ({len(articles)} article(s)) : les comparaisons sont indicatives.")
    else:
        st.caption("Un article par média dans le corpus de départ : un « profil de média » est ici le profil d'un texte.")

    with st.popover("Comment c'est calculé", icon=":material/help:"):
        st.markdown(
            "- **Champ lexical** : termes et motifs de `data/sovereignty.yaml` (souverain*, indépendance, autonomie "
            "stratégique, dépendance, Gafam…), reconnus sur les lemmes (pluriel, féminin, élision, majuscules).\n"
            "- **Cadrages** : indicateurs du codebook `data/frames.yaml`, chacun rattaché à une dimension du "
            "*Policy Frames Codebook* (Boydstun et al. 2014). Un indicateur nié (« pas une trahison ») n'est pas compté.\n"
            "- **Position** : *menacée*, *compatible*, *disputée* ou *absente*, déduite des cadrages et du ton des "
            "phrases qui parlent de souveraineté — jamais du nom du média.")
        st.page_link("pages/methods.py", label="Toutes les méthodes", icon=":material/menu_book:")

    st.subheader("Profil de cadrage par média")
    presentation = presentation_mode()
    # the figures are built once per selection (and presentation mode): a rerun only sends them
    fig = view.derived("fig_frames", lambda v, pres: frame_profile_chart(profile, labels, colors, presentation=pres),
                       presentation)
    export.chart(fig, metric="cadrages", title="Profil de cadrage par média",
                 data=profile.assign(frame_label=profile["frame"].map(labels)),
                 note="Indicateurs pondérés du codebook pour 1 000 mots du corps des articles.", key="sov_frames")
    export.chart(view.derived("fig_density", lambda v, pres: density_chart(sov, colors, presentation=pres), presentation),
                 metric="densite",
                 title="Champ lexical de la souveraineté", data=sov,
                 note="Mentions du champ lexical pour 1 000 mots du corps des articles.", key="sov_density")

    codebook = dataset.table("codebook")
    if not codebook.empty:
        with st.expander("Le codebook des cadrages"):
            paged_table(codebook, key="sov_codebook", columns={
                "label": "Cadrage", "description": "Description", "pfc_name": "Dimension PFC", "pfc_dimension": "N° PFC",
                "stance": "Effet sur la position", "n_indicators": "Indicateurs"})

    st.subheader("Phrases d'un cadrage")
    frame_ids = list(labels) or sorted(view["frame_evidence"]["frame"].unique())
    frame = st.selectbox("Cadrage", frame_ids, format_func=lambda f: labels.get(f, f), key="sov_frame_pick")
    ev = view.derived("frame_sentences", frame_sentences, frame)
    st.caption(f"{fr_number(int((ev['score'] > 0).sum()), 0)} phrase(s) avec un indicateur de ce cadrage dans "
               f"{fr_number(ev['article_id'].nunique(), 0)} article(s)"
               + (f" ; {int((ev['score'] == 0).sum())} phrase(s) où l'indicateur est nié (non compté)" if (ev["score"] == 0).any() else ""))
    sentence_table(view.derived("frame_sentences_labelled", lambda v, f: with_labels(ev, names), frame),
                   key="sov_frame_sentences", decimals={"Score": 2}, columns={
        "outlet": "Média", "article": "Article", "text": "Phrase", "indicators": "Indicateurs", "negated": "Niés", "score": "Score"})

    st.subheader("Position de chaque article sur la souveraineté")
    per_outlet = len(articles) > STANCE_POINTS_MAX  # past that, one point per article would only overlap
    labelled = view.derived("articles_labelled", lambda v: with_labels(v["articles"], names))
    export.chart(view.derived("fig_stance", lambda v, pres: stance_chart(labelled, colors, presentation=pres), presentation),
                 metric="position", title="Position sur la souveraineté, par " + ("média" if per_outlet else "article"),
                 data=view.derived("stance_shares", lambda v: stance_shares(v["articles"])) if per_outlet else
                 labelled[["article", "outlet", "sovereignty_stance", "sovereignty_confidence", "sovereignty_stance_reason"]],
                 note="Position déduite des cadrages et du ton des phrases de souveraineté.", key="sov_stance")
    if per_outlet:
        st.caption(f"Plus de {STANCE_POINTS_MAX} articles : le graphique donne la part des articles de chaque média dans "
                   "chaque position ; le tableau ci-dessous, la position de chaque article.")
    if not articles["sovereignty_stance_uses_tone"].astype(bool).any():
        st.caption("Le ton des phrases n'est pas encore disponible : la position vient des seuls cadrages (confiance réduite d'un quart).")
    table = view.derived("stance_table", lambda v: labelled[
        ["article", "outlet", "sovereignty_stance", "sovereignty_confidence", "sovereignty_mentions",
         "sovereignty_stance_reason"]].assign(sovereignty_stance=articles["sovereignty_stance"].map(stance_label),
                                              sovereignty_confidence=articles["sovereignty_confidence"] * 100))
    # the bar's label is a printf format (no decimal comma possible): a whole percentage, French spacing
    paged_table(table, key="sov_stance_table", columns={
        "article": "Article", "outlet": "Média", "sovereignty_stance": "Position",
        "sovereignty_confidence": "Confiance (%)", "sovereignty_mentions": "Mentions", "sovereignty_stance_reason": "Justification"},
        column_config={"Confiance (%)": st.column_config.ProgressColumn(
            "Confiance (%)", min_value=0.0, max_value=100.0, format="%.0f\u202f%%")})

    article_ids = list(names)
    picked = st.selectbox("Phrases qui justifient la position de l'article", article_ids, format_func=names.get, key="sov_stance_article")
    row = articles.set_index("article_id").loc[picked]
    st.markdown(f"**{stance_label(row['sovereignty_stance'])}** (confiance {fr_number(row['sovereignty_confidence'], 2)}) — "
                f"{row['sovereignty_stance_reason']}")
    sev = view["stance_evidence"]
    sev = sev[sev["article_id"] == picked].assign(
        role=lambda d: d["role"].map(ROLE_LABELS),
        frames=lambda d: d["frames"].fillna("").map(lambda v: "; ".join(labels.get(f, f) for f in str(v).split("; ") if f)))
    sentence_table(sev, key="sov_stance_sentences", decimals={"Orientation": 2, "Ton": 2}, columns={
        "role": "Rôle", "lean": "Orientation", "tone": "Ton", "sovereignty_terms": "Termes de souveraineté", "frames": "Cadrages",
        "text": "Phrase"},
        caption="Orientation : de −1 (souveraineté menacée) à +1 (compatible), 3/4 cadrages et 1/4 ton de la phrase ; "
                "les phrases sans terme de souveraineté comptent pour moitié.")

st.subheader("Concordance (mot-clé en contexte)")
kwic = view.derived("concordance", lambda v, part: with_labels(concordance(v, part), names), selection.part)
f1, f2 = st.columns([2, 2])
terms = view.derived("concordance_terms", lambda v, part: sorted(kwic["term"].unique()), selection.part)
chosen = f1.multiselect("Termes", terms, default=terms, key="sov_kwic_terms", placeholder="Choisir des termes")
query = f2.text_input("Filtrer le contexte (texte libre)", key="sov_kwic_query", placeholder="ex. : Microsoft")
shown = kwic if set(chosen) >= set(terms) else kwic[kwic["term"].isin(chosen)]  # every term (the default): no copy
if query.strip():
    q = query.strip().lower()
    shown = shown[(shown["left"] + " " + shown["match"] + " " + shown["right"]).str.lower().str.contains(q, regex=False)]
st.caption(f"{fr_number(len(shown), 0)} occurrence(s) sur {fr_number(len(kwic), 0)} · "
           f"{PART_LABELS.get(selection.part, selection.part)} · {fr_number(shown['article_id'].nunique(), 0)} article(s)")
if shown.empty:
    st.info("Aucune occurrence ne correspond à ces filtres.")
else:
    sentence_table(shown, key="sov_kwic", columns={
        "outlet": "Média", "article": "Article", "left": "Contexte gauche", "match": "Terme", "right": "Contexte droit", "term": "Entrée du lexique",
        "start": "Position"})

export.panel(view_context(selection, len(articles), "Souveraineté"))
