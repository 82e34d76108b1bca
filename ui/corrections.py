"""The Acteurs page's corrections panel: merge, rename, set a role, "not a speaker", undo.

Every change goes through :func:`analysis.measures.corrections.change_registry` (the one writer of the
actor registry); this module only draws the controls, and after a change forgets the cached
tables so that every page shows it.
"""
from __future__ import annotations

import streamlit as st

from analysis.corpus.shared_files import LockTimeout, StaleEdit, read_versioned
from analysis.measures.actors import ACTORS_FILE, ROLES, RegistryError
from analysis.measures.corrections import Correction, change_registry, history
from analysis.settings import ReadOnlyError

from .access import READ_ONLY_NOTICE, editing_allowed, require_editing
from .data import DATA_DIR, reload_after_registry_change

_MSG = "act_fix_message"
_VERSION = "act_fix_registry_version"  # the registry version the panel was drawn from
ACTIONS = {"merge": "Fusionner deux locuteurs", "rename": "Renommer", "role": "Définir le rôle",
           "not_speaker": "Pas un locuteur"}


def _apply(drawn_version: str | None, correction: Correction | None = None, undo: bool = False) -> None:
    if not require_editing("Correction des locuteurs"):
        return
    try:  # compare-and-swap: refused if another session changed the registry since this page was drawn
        message = change_registry(DATA_DIR, correction, undo=undo, expected_version=drawn_version)
    except (RegistryError, StaleEdit, ReadOnlyError, LockTimeout, ValueError, OSError) as exc:
        st.session_state[_MSG] = ("error", f"Correction non enregistrée — {exc}")
    else:
        st.session_state[_MSG] = ("success", message)
        reload_after_registry_change()
    st.rerun()


def corrections_panel(speakers: list[str]) -> None:
    """Controls to correct the speakers of the corpus (hidden behind a read-only message when
    editing is not allowed)."""
    st.subheader("Corriger les locuteurs")
    if not editing_allowed():
        st.info(READ_ONLY_NOTICE)
        return
    drawn_version = st.session_state.get(_VERSION)
    st.caption("Les corrections sont enregistrées dans le registre des acteurs (data/actors.yaml) et "
               "s'appliquent aussitôt à toutes les pages. « Annuler » rétablit la version précédente.")
    kind, message = st.session_state.pop(_MSG, (None, None))
    if message:
        (st.success if kind == "success" else st.error)(message)
    if not speakers:
        st.info("Aucun locuteur identifié à corriger.")
        return
    action = st.radio("Action", list(ACTIONS), format_func=ACTIONS.get, horizontal=True, key="act_fix_action")
    c1, c2, c3 = st.columns([2, 2, 1])
    speaker = c1.selectbox("Locuteur", speakers, index=None, placeholder="Choisir un locuteur", key="act_fix_speaker")
    value = ""
    if action == "merge":
        value = c2.selectbox("Fusionner avec (nom gardé)", [s for s in speakers if s != speaker], index=None,
                             placeholder="Choisir le locuteur gardé", key="act_fix_target")
    elif action == "rename":
        value = c2.text_input("Nouveau nom", key="act_fix_name").strip()
    elif action == "role":
        value = c2.selectbox("Rôle", list(ROLES), format_func=ROLES.get, index=None,
                             placeholder="Choisir un rôle", key="act_fix_role")
    ready = bool(speaker) and (action == "not_speaker" or bool(value))
    c3.write("")  # aligns the button with the inputs
    if c3.button("Enregistrer", key="act_fix_apply", disabled=not ready, type="primary"):
        _apply(drawn_version, Correction(action, speaker, value or ""))
    if st.button("Annuler la dernière correction", key="act_fix_undo", disabled=not history(DATA_DIR)):
        _apply(drawn_version, undo=True)
    st.session_state[_VERSION] = read_versioned(DATA_DIR / ACTORS_FILE)[1]
