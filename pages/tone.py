"""Tonalité: positive and negative language per outlet and voice, toward targets, with the evidence."""
import streamlit as st

from analysis.measures.tone import VOICES, outlet_targets, outlet_tone
from ui.drilldown import open_in_reader, selected_values
from ui.export import ViewExport
from ui.labels import view_labels
from ui.page import page_data
from ui.parts import comments_figures_notice, comments_selected
from ui.state import presentation_mode, view_context
from ui.tables import paged_table
from ui.theme import fr_number
from ui.tone_charts import (
    target_heatmap,
    tone_diverging_bars,
    tone_net_dots,
    tone_strip,
)

st.title("Tonalité")
st.caption("Sur quel ton chaque média a-t-il parlé du partenariat ? Tonalité nette, part des mots positifs et "
           "négatifs, par voix (journaliste, voix citées, commentaires), envers chaque acteur, et les mots qui comptent.")

data = page_data()
dataset, selection, view = data.dataset, data.selection, data.view
articles_all, articles = data.articles_all, data.articles

presentation = presentation_mode()
export = ViewExport(page="tonalite")
evidence = view.get("tone_evidence")

# --- per-outlet decomposition -------------------------------------------------------------
st.subheader("Mots positifs et négatifs par média")
left, right = st.columns([3, 1])
if comments_selected(selection):  # the comments' own tone: the "comments" voice, the only one shown
    comments_figures_notice("la tonalité ci-dessous est celle des commentaires de lecteurs seuls (voix « "
                            f"{VOICES['comments']} »), jamais mêlée à celle des médias.")
    st.session_state["tone_voice"] = "comments"
    st.session_state["tone_voice_forced"] = True
elif st.session_state.pop("tone_voice_forced", False):  # back to the outlets' text: back to their voice
    st.session_state["tone_voice"] = "all"
with right:
    voice = st.radio("Voix", list(VOICES), format_func=VOICES.get, key="tone_voice",
                     disabled=comments_selected(selection),
                     help="Le journaliste : le texte hors citations. Voix citées : le texte entre guillemets. "
                          "Les commentaires de lecteurs ne comptent jamais dans la tonalité du média.")
    st.caption("Tonalité nette : de −1 à +1, bilan des mots chargés distincts (un mot répété compte une fois). "
               "Cercle gris : peu d'indices (moins de 5 mots chargés distincts ou de 3 phrases). Barres : pour 100 mots "
               "des phrases en français. Moins de 20 mots : pas de score. Cliquez sur une barre pour voir les mots qui comptent.")
by_outlet = view.derived("outlet_tone", lambda v: outlet_tone(v["articles"], v["tone_voices"]))
by_outlet = by_outlet[by_outlet["voice"] == voice]
with left:
    if by_outlet.dropna(subset=["tone_net"]).empty:
        st.info(f"Pas assez de texte pour « {VOICES[voice]} » dans la sélection (moins de 20 mots par média).")
        event = None
    else:
        # figures built once per selection, voice and presentation mode (ui.view.SelectionView.derived)
        export.chart(view.derived("fig_tone_dots", lambda v, vo, pres: tone_net_dots(
                         by_outlet, presentation=pres, voice_label=VOICES[vo]), voice, presentation),
                     metric=f"tonalite-nette-{voice}", title=f"Tonalité nette par média — {VOICES[voice]}",
                     data=by_outlet, note="Bilan des mots chargés distincts, −1 … +1 ; low_evidence = peu d'indices.",
                     key="tone_net_dots")
        fig = view.derived("fig_tone_bars", lambda v, vo, pres: tone_diverging_bars(
            by_outlet, presentation=pres, voice_label=VOICES[vo]), voice, presentation)
        event = export.chart(fig, metric=f"tonalite-{voice}", title=f"Tonalité par média — {VOICES[voice]}",
                             data=by_outlet, note="Part des mots positifs et négatifs (lexique VADER FR + lexique du domaine).",
                             key="tone_bars", on_select="rerun")
n_flag = int(articles["tone_n_other_language"].sum())
if n_flag:
    st.warning(f"{fr_number(n_flag, 0)} phrase(s) dans une autre langue ont été écartées de la tonalité (voir la frise d'un article).",
               icon=":material/translate:")
if len(articles) < 3:
    st.warning(f"Échantillon très petit ({len(articles)} article(s)) : les écarts entre médias sont indicatifs.")

clicked = selected_values(event, "y")
if clicked and evidence is not None and not evidence.empty:
    ev = evidence.merge(articles[["article_id", "outlet"]], on="article_id")
    ev = ev[ev["outlet"].isin(clicked)]
    if voice != "all":
        ev = ev[ev["voice"] == voice]
    else:
        ev = ev[ev["voice"] != "comments"]
    words = (ev.assign(mot=ev["lemma"]).groupby("mot")
             .agg(occurrences=("weight", "size"), poids_total=("weight", "sum")).reset_index()
             .sort_values("poids_total", key=abs, ascending=False))
    st.markdown(f"**Mots qui comptent pour {', '.join(clicked)}** — {fr_number(len(ev), 0)} mot(s) chargé(s), les plus lourds d'abord")
    paged_table(words, key="tone_words", decimals={"Poids total": 2},
                columns={"mot": "Mot (lemme)", "occurrences": "Occurrences", "poids_total": "Poids total"})

# --- targets ------------------------------------------------------------------------------
st.subheader("Tonalité envers les acteurs")
by_target = view.derived("outlet_targets", lambda v: outlet_targets(v["articles"], v.get("targets")))
if by_target.empty:
    st.info("Aucune phrase de la sélection ne mentionne une cible (data/tone_targets.yaml).")
else:
    min_s = st.slider("Nombre minimal de phrases par case", 1, 5, 1, key="tone_min_sentences")
    fig = view.derived("fig_targets", lambda v, m, pres: target_heatmap(by_target, presentation=pres, min_sentences=m),
                       min_s, presentation)
    export.chart(fig, metric="tonalite-cibles", title="Tonalité envers les cibles, par média", data=by_target,
                 note="Phrases du corps qui mentionnent la cible (registre des acteurs).", key="tone_heatmap")
    st.caption("Une case = les phrases d'un média qui mentionnent la cible ; la tonalité est celle de toute la phrase, "
               "pas forcément dirigée vers la cible. Cases grises marquées * : peu d'indices (moins de 5 mots chargés "
               "distincts ou de 3 phrases) ; leur valeur est affichée mais ne fixe pas l'échelle de couleur.")

# --- one article: the sentence strip ------------------------------------------------------
st.subheader("Phrase par phrase")
labels = view_labels(view)  # « média — date — titre », as on every page
article_id = st.selectbox("Article", list(labels), format_func=labels.get, key="tone_article")
row = articles.set_index("article_id").loc[article_id]
c1, c2, c3, c4 = st.columns(4)
c1.metric("Tonalité nette", fr_number(row["tone_net"], 2),
          help="Texte du média, toutes voix. De −1 à +1 : somme des poids des mots chargés distincts / (somme des poids absolus + 4). "
               "« – » : moins de 20 mots, pas de score.")
c2.metric("Journaliste", fr_number(row["tone_net_journalist"], 2))
c3.metric("Voix citées", fr_number(row["tone_net_quoted"], 2))
c4.metric("Commentaires", fr_number(row["tone_net_comments"], 2))
n_charged = row.get("tone_n_charged")
if n_charged == n_charged and n_charged is not None:
    evidence_note = f"La tonalité nette repose sur {fr_number(n_charged, 0)} mot(s) chargé(s) distinct(s)."
    if bool(row.get("tone_low_evidence", False)):
        st.warning(f"{evidence_note} Peu d'indices : score à ne pas comparer.", icon=":material/info:")
    else:
        st.caption(evidence_note)
art_sents = view.article_rows("sentences", article_id)
art_sents = art_sents[art_sents["tone_status"].isin(["scored", "other_language"])]
if art_sents.empty:
    st.info("Aucune phrase évaluée dans cet article.")
else:
    fig = view.derived("fig_tone_strip", lambda v, a, pres: tone_strip(
        art_sents, presentation=pres, title=f"Tonalité phrase par phrase — {labels[a]}"), article_id, presentation)
    strip_event = export.chart(fig, metric="tonalite-phrases", title="Tonalité phrase par phrase",
                               data=art_sents[["sentence_index", "part", "tone", "tone_status", "language", "text"]],
                               key="tone_strip", on_select="rerun")
    picked = [int(x) for x in selected_values(strip_event, "x")]
    ev_art = view.article_rows("tone_evidence", article_id) if evidence is not None else evidence
    if picked:
        idx = picked[0]
        sent = art_sents[art_sents["sentence_index"] == idx].iloc[0]
        st.markdown(f"**Phrase {idx}** · tonalité {fr_number(sent['tone'], 2)}")
        st.text(sent["text"])
        ev_s = ev_art[ev_art["sentence_index"] == idx]
        if ev_s.empty:
            st.caption("Aucun mot chargé : phrase neutre pour le lexique." if sent["tone_status"] == "scored"
                       else "Phrase dans une autre langue : non évaluée.")
        else:
            paged_table(ev_s, key="tone_sentence_words", decimals={"Poids du lexique": 2, "Poids retenu": 2}, columns={
                "word": "Mot", "lemma": "Lemme", "base_weight": "Poids du lexique", "weight": "Poids retenu",
                "modifiers": "Modificateurs", "source": "Lexique", "voice": "Voix", "rationale": "Justification"})
        if st.button("Ouvrir cette phrase dans le lecteur d'article", key="tone_open", icon=":material/article:"):
            open_in_reader(article_id, idx)
    else:
        st.caption("Cliquez sur un point pour voir la phrase, les mots qui ont compté et leur poids.")
    with st.expander(f"Tous les mots chargés de l'article ({0 if ev_art is None else len(ev_art)})"):
        if ev_art is not None and not ev_art.empty:
            paged_table(ev_art, key="tone_article_words", decimals={"Poids": 2}, columns={
                "sentence_index": "Phrase", "word": "Mot", "weight": "Poids", "modifiers": "Modificateurs",
                "voice": "Voix", "source": "Lexique"})

with st.expander("Limites de la mesure"):
    st.markdown(
        "- **Ton n'est pas position** : un texte favorable à l'accord peut employer des mots négatifs sur l'Europe.\n"
        "- **Ironie et mise en scène** : « pépite », « champion », « excellente nouvelle » comptent comme positifs même "
        "quand l'article les installe pour mieux les démentir.\n"
        "- **Citations** : une citation que le média désapprouve compte dans les voix citées avec son ton propre ; sans "
        "guillemets (entretien), les réponses comptent comme voix du journaliste.\n"
        "- **Événements et position** : les mots d'événements (victimes, licenciements) rendent négative une dépêche "
        "neutre sur une catastrophe ; c'est le ton de l'événement, pas l'opinion du média.\n"
        "- **Peu d'indices** : un score qui repose sur moins de 5 mots chargés distincts ou 3 phrases est signalé "
        "(gris) et ne fixe pas l'échelle de couleur.\n"
        "- **Lexique** : lexique VADER traduit (réseaux sociaux) corrigé et complété par un lexique de presse modifiable "
        "(data/tone_domain.tsv) ; une phrase en autre langue est écartée, pas comptée comme neutre. Accord avec des "
        "lecteurs et limites : page Méthodes.")

export.panel(view_context(selection, len(articles), "Tonalité"))
