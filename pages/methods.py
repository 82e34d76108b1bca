"""Méthodes: every metric's definition, formula, references and known limits (in French)."""
import streamlit as st

from ui.access import editing_allowed
from ui.corpus_export import corpus_export_panel
from ui.data import CORPUS_DIR, load_corpus_cached
from ui.glossary import CLEANING, FAMILY_LIMITS, METRICS

st.title("Méthodes")
st.caption("Définition, formule, références et limites de chaque mesure du tableau de bord. "
           "Chaque chiffre affiché renvoie aux phrases qui l'ont produit (lecteur d'article, tableaux de détail). "
           "La méthode complète (formules, références, chiffres de validité avec les commandes qui les "
           "reproduisent, limites) est dans le fichier `docs/method.md` du projet ; chaque colonne des tableaux "
           "est décrite dans `docs/tables.md`.")

st.header("Nettoyage : corps, commentaires, éléments de page")
st.markdown(CLEANING)

families: dict[str, list] = {}
for key, metric in METRICS.items():
    families.setdefault(metric.family, []).append((key, metric))
for family, metrics in families.items():
    st.header(family, anchor=family.lower().replace(" ", "-"))
    for key, m in metrics:
        st.markdown(f"**{m.label}**" + (f" ({m.shown_unit})" if m.shown_unit and m.shown_unit not in m.label else "")
                    + f" — {m.definition} *{m.direction}.*"
                    + (f" Référence : {m.reference}." if m.reference else ""))
    if family in FAMILY_LIMITS:
        st.info(f"**Limites.** {FAMILY_LIMITS[family]}", icon=":material/info:")

if not editing_allowed():  # the Importer page, where the export lives, is left out of a read-only instance
    st.header("Exporter le corpus", anchor="exporter-le-corpus")
    st.caption("Les articles analysés, pour les relire ou refaire l'analyse dans un autre outil (tableur, IRaMuTeQ, TXM).")
    corpus_export_panel(load_corpus_cached(CORPUS_DIR) if CORPUS_DIR.is_dir() else None, key="met_export")
