"""Who may change what on this instance: the read-only mode of a dashboard shared by link.

``DISCOURS_READ_ONLY=1`` (or ``read_only = true`` in the ``[discours]`` table of
``.streamlit/secrets.toml``, see :mod:`analysis.settings`) makes the instance read-only:
app.py leaves the editing pages out of the navigation, editing controls are not drawn,
and every write is refused on the server (here for the page, and again in
:mod:`analysis` where the files are written), so a replayed or forged widget action
writes nothing.

Pages that edit something call :func:`editing_allowed` to decide whether to draw their
controls, and :func:`require_editing` just before writing.
"""
from __future__ import annotations

import streamlit as st

from analysis.settings import READ_ONLY_ENV, ReadOnlyError, SettingsError, load_settings

READ_ONLY_NOTICE = ("Cette instance est en lecture seule : l'import d'articles et les corrections sont désactivés. "
                    "Adressez-vous à l'équipe qui gère le tableau de bord pour toute modification.")


def editing_allowed() -> bool:
    """True when this instance may change the corpus and the knowledge files (fails closed)."""
    try:
        return not load_settings().read_only
    except SettingsError:
        return False


def settings_problem() -> str | None:
    """French description of unreadable settings (the instance is then read-only), or None."""
    try:
        load_settings()
    except SettingsError as exc:
        return f"Réglages illisibles, instance en lecture seule par précaution : {exc}"
    return None


def require_editing(what: str) -> bool:
    """Server-side guard before a write: False (and a French error on the page) when read-only."""
    if editing_allowed():
        return True
    st.error(f"Refusé — {ReadOnlyError(what)}", icon=":material/lock:")
    return False


__all__ = ["READ_ONLY_ENV", "READ_ONLY_NOTICE", "editing_allowed", "require_editing", "settings_problem"]
