"""Importer : ajouter des articles au corpus (fichiers, export Europresse, adresse web) et l'exporter."""
import copy

import streamlit as st

from analysis.corpus import importers as imp
from ui import importing as ui_imp
from ui.access import READ_ONLY_NOTICE, editing_allowed, require_editing
from ui.corpus_export import corpus_export_panel
from ui.data import CORPUS_DIR, corpus_state, load_dataset
from ui.filters import current_selection
from ui.labels import article_labels, view_labels
from ui.safe import md_escape
from ui.tables import paged_table
from ui.theme import fr_number
from ui.view import selected_articles, selection_view

st.title("Importer des articles")
if not editing_allowed():  # app.py hides this page then; a request that still reaches it gets nothing
    st.error(READ_ONLY_NOTICE, icon=":material/lock:")
    st.stop()
st.caption(
    "Ajoutez des articles au corpus : fichiers texte (.txt, .md), tableaux (.csv, .tsv, .jsonl, .json), "
    "pages web enregistrées (.html), exports HTML d'Europresse, ou adresse d'un article en ligne. "
    f"Limites : {imp._fmt_bytes(imp.MAX_FILE_BYTES)} par fichier, {imp._fmt_bytes(imp.MAX_TOTAL_BYTES)} par import, "
    f"{fr_number(imp.MAX_ARTICLES_PER_IMPORT, 0)} articles et {fr_number(imp.MAX_IMPORT_CHARS, 0)} caractères "
    f"par import, {fr_number(imp.MAX_ARTICLE_CHARS, 0)} caractères par article. "
    "Les articles déjà présents ne sont jamais modifiés ni supprimés."
)

last = st.session_state.pop(ui_imp.RESULT, None)
if last:
    for line in last["written"]:
        st.success(md_escape(line), icon=":material/check_circle:")
    for line in last["refused"]:
        st.error(md_escape(line), icon=":material/block:")
    for line in last["warnings"]:
        st.warning(md_escape(line), icon=":material/warning:")

signature, corpus = corpus_state(CORPUS_DIR) if CORPUS_DIR.is_dir() else ("", None)
tab_files, tab_url, tab_export = st.tabs(["Fichiers", "Adresse web", "Exporter le corpus"])

with tab_files:
    st.caption("Cliquez sur « Upload » pour choisir les fichiers, ou glissez-les sur le cadre ci-dessous "
               "(« Upload » et « per file » sont des libellés de Streamlit, qui ne se traduisent pas).")
    uploads = st.file_uploader(
        "Fichiers à importer", accept_multiple_files=True, key=f"imp_upload_{st.session_state.get('imp_gen', 0)}",
        type=[s.lstrip(".") for s in imp.SUPPORTED_SUFFIXES],
        help="Un export Europresse (HTML) ou un tableau peut contenir plusieurs articles.",
    )
    total = 0
    for up in uploads or []:
        data = up.getvalue()
        ui_imp.add_upload(up.name, data, total)
        total += len(data)

with tab_url:
    with st.form("imp_url_form", clear_on_submit=True):
        url = st.text_input("Adresse de l'article", placeholder="https://…")
        fetch = st.form_submit_button("Télécharger l'article", icon=":material/download:")
    if fetch and url.strip():
        with st.spinner("Téléchargement…"):
            ui_imp.add_url(url)
    st.caption("Sans accès au réseau, enregistrez la page depuis votre navigateur (Fichier › Enregistrer sous, "
               "format .html) et importez le fichier dans l'onglet « Fichiers ». Seules les pages publiques "
               "sont téléchargées (ports 80 et 443) : pas les adresses du réseau interne du serveur.")

with tab_export:
    corpus_export_panel(corpus, key="imp_export")

# --------------------------------------------------------------------------- pending articles
parsed = ui_imp.pending()
for p in parsed.values():
    for ref in p.refused:
        st.error(md_escape(f"Refusé — {ref}"), icon=":material/block:")
    for w in p.warnings:
        st.warning(md_escape(w), icon=":material/warning:")

cands = ui_imp.all_candidates()
if cands:
    st.subheader(f"Articles à importer ({len(cands)})")
    st.caption("Le média, le titre et la date sont obligatoires. Une valeur commune remplit les cases que le "
               "fichier laisse vides ; le tableau montre exactement ce que le bouton « Importer » écrira.")
    st.markdown("**Valeurs communes** (pour les cases vides)")
    c0, c1, c2, c3 = st.columns([2, 1, 1, 1])
    common = {
        "title": c0.text_input("Titre", key="imp_common_title", placeholder="titre de l'article"),
        "outlet": c1.text_input("Média", key="imp_common_outlet"),
        "genre": c2.text_input("Genre", key="imp_common_genre", placeholder="dépêche, analyse, entretien…"),
        "date": c3.text_input("Date", key="imp_common_date", placeholder="AAAA-MM-JJ"),
    }
    # the grid's edits so far (kept by the editor's state), so the « Vérification » column judges what
    # the button will write: file value, shared value or cell typed by hand
    edits = (st.session_state.get(ui_imp.EDITOR_KEY) or {}).get("edited_rows", {})
    effective = ui_imp.effective_rows(cands, common, {int(k): v for k, v in edits.items()})
    statuses = ui_imp.grid_statuses(cands, effective, ui_imp.status_of(cands, CORPUS_DIR))
    frame = ui_imp.editor_frame(cands, statuses, common)
    n_ready = sum(st_.startswith("prêt") for st_ in statuses)
    st.caption(f"{n_ready} article(s) prêt(s) sur {len(cands)}.")
    edited = st.data_editor(
        frame, hide_index=True, width="stretch", key=ui_imp.EDITOR_KEY,
        column_config={
            "keep": st.column_config.CheckboxColumn(ui_imp.COLUMNS["keep"], width="small"),
            **{k: st.column_config.TextColumn(label) for k, label in ui_imp.EDITABLE.items()},
            "date": st.column_config.TextColumn("Date", help="AAAA, AAAA-MM ou AAAA-MM-JJ (ou 26/02/2024)"),
            "language": st.column_config.TextColumn("Langue", disabled=True),
            "status": st.column_config.TextColumn("Vérification", disabled=True, width="large"),
            "source": st.column_config.TextColumn("Source", disabled=True),
        },
    )
    with st.expander("Aperçu du texte"):
        choice = st.selectbox("Article", range(len(cands)), format_func=lambda i: cands[i].source, key="imp_preview")
        st.text(cands[choice].text[:3000] + ("…" if len(cands[choice].text) > 3000 else ""))  # never as HTML

    o1, o2 = st.columns(2)
    allow_lang = o1.checkbox("Importer malgré la langue (articles non français)", key="imp_allow_lang")
    allow_dup = o2.checkbox("Importer aussi les doublons du même média", key="imp_allow_dup")
    b1, b2 = st.columns([1, 4])
    go = b1.button("Importer", type="primary", icon=":material/upload:", key="imp_go")
    if b2.button("Vider la liste", key="imp_clear"):
        st.session_state[ui_imp.PENDING] = {}
        st.session_state["imp_gen"] = st.session_state.get("imp_gen", 0) + 1
        st.rerun()
    if go:
        chosen, problems = ui_imp.apply_edits(cands, edited, common)
        if not chosen:
            st.error("Aucun article coché : cochez au moins une ligne de la colonne « Importer ».")
        elif problems:
            st.error("Import impossible, complétez d'abord :\n\n" + "\n".join(f"- {md_escape(p)}" for p in problems))
        elif require_editing("Import des articles"):
            outcome = ui_imp.run_import(CORPUS_DIR, [copy.deepcopy(c) for c in chosen],
                                        allow_other_language=allow_lang, allow_duplicates=allow_dup)
            if outcome.written:
                ui_imp.analyse_with_progress(CORPUS_DIR)
            written_sources = {c.source for c, _ in outcome.written}
            for key, p in list(parsed.items()):
                p.candidates = [c for c in p.candidates if c.source not in written_sources]
                p.refused, p.warnings = [], []
                if not p.candidates:
                    del parsed[key]
            st.session_state["imp_gen"] = st.session_state.get("imp_gen", 0) + 1
            st.session_state[ui_imp.RESULT] = {
                "written": [f"Importé — {c.source} → {path.name}" for c, path in outcome.written],
                "refused": [f"Refusé — {r}" for r in outcome.refused],
                "warnings": outcome.warnings,
            }
            st.rerun()  # the sidebar filters and every page now see the new articles

# --------------------------------------------------------------------------- the corpus as it is
st.subheader("Le corpus")
if corpus is None or not corpus.articles:
    st.info("Aucun article dans le corpus pour l'instant.")
else:
    for err in corpus.errors:
        st.warning(md_escape(f"Fichier ignoré — {err}"), icon=":material/warning:")
    table, starts = ui_imp.corpus_table(signature, corpus)
    shown = selected_articles(table, current_selection(table), starts)
    if shown.empty:
        st.info("Aucun article ne correspond aux filtres de la barre latérale.")
    else:
        st.caption(f"{fr_number(len(shown), 0)} article(s) sur {fr_number(len(table), 0)} (filtres de la barre latérale appliqués).")
        # « média — date — titre » as on every page: the labels of the selection's analysed articles (computed once
        # per selection, ui.labels.view_labels), the others (not analysed yet) named from their text; ids stay in the URL only
        dataset = load_dataset()
        names = view_labels(selection_view(dataset, current_selection(dataset.table("articles")))) \
            if not dataset.table("articles").empty else {}
        article = shown["article_id"].map(names)
        unnamed = shown[article.isna()]
        if len(unnamed):
            texts = {a.id: a.text for a in corpus.articles}
            names = {**names, **article_labels(unnamed, texts={i: texts.get(i, "") for i in unnamed["article_id"]})}
            article = shown["article_id"].map(names)
        shown = shown.assign(article=article)
        paged_table(shown, key="imp_corpus", columns={
            "article": "Article", "date": "Date", "genre": "Genre",
            "author": "Auteur", "language": "Langue", "n_chars": "Caractères", "note": "Note"})
