"""Corrections of speakers made on the Acteurs page, written to the actor registry.

An analyst merges two speakers, renames one, sets its role or marks a name as "not a
speaker". Each correction is one entry appended to the ``corrections:`` list at the end of
``data/actors.yaml`` (the rest of the file, comments included, is kept as written), so the
analyst can read and edit it like the rest of the registry. :func:`change_registry` is the
only function that writes the file: it validates the new text with the registry's own
parser, keeps the previous version in ``actors_history/`` (for "Annuler"), and writes through
:func:`analysis.corpus.shared_files.update_file` (read-only check, the data folder's lock, an optional
compare-and-swap on the version the page read, a temporary file renamed over the old one).
"Annuler" goes through the same function and restores the latest kept version.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from analysis.corpus.shared_files import update_file
from analysis.knowledge import DEFAULT_DATA_DIR
from analysis.measures.quotes.model import UNKNOWN_SPEAKER

from .actors import (
    ACTORS_FILE,
    CORRECTION_ACTIONS,
    ROLES,
    RegistryError,
    parse_registry,
)

HISTORY_DIR = "actors_history"
#: Previous versions kept for "Annuler".
KEEP_VERSIONS = 30
_HEADER = ("\n# Corrections made on the Acteurs page of the app (newest last). Each one: action\n"
           "# (merge, rename, role, not_speaker), speaker (the name as shown) and value (the other\n"
           "# speaker, the new name or the role code). Delete a line to cancel it.\n"
           "corrections:\n")
#: French labels of the actions (app, messages).
ACTION_LABELS = {"merge": "fusion", "rename": "renommage", "role": "rôle", "not_speaker": "« pas un locuteur »"}


@dataclass(frozen=True)
class Correction:
    action: str  # one of CORRECTION_ACTIONS
    speaker: str  # the speaker's name as shown in the tables
    value: str = ""  # merge: the speaker kept; rename: the new name; role: a role code

    def describe(self) -> str:
        if self.action == "merge":
            return f"« {self.speaker} » fusionné avec « {self.value} »"
        if self.action == "rename":
            return f"« {self.speaker} » renommé « {self.value} »"
        if self.action == "role":
            return f"rôle de « {self.speaker} » : {ROLES.get(self.value, self.value)}"
        return f"« {self.speaker} » n'est pas un locuteur"


def correction_entry(c: Correction) -> str:
    """The YAML line of a correction (a JSON object: valid YAML, quoted safely)."""
    return "  - " + json.dumps({"action": c.action, "speaker": c.speaker, "value": c.value}, ensure_ascii=False) + "\n"


def with_correction(text: str, c: Correction) -> str:
    """The registry text with ``c`` appended to its ``corrections:`` list (created at the end if absent)."""
    if c.action not in CORRECTION_ACTIONS:
        raise ValueError(f"action « {c.action} » inconnue ({', '.join(CORRECTION_ACTIONS)})")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if not any(ln.startswith("corrections:") for ln in lines):
        lines.extend(_HEADER.splitlines(keepends=True))
    elif any(ln.rstrip() in ("corrections: []", "corrections: ~", "corrections: null") for ln in lines):
        lines = ["corrections:\n" if ln.startswith("corrections:") else ln for ln in lines]
    at = max(i for i, ln in enumerate(lines) if ln.startswith("corrections:")) + 1
    while at < len(lines) and (lines[at].startswith((" ", "\t")) or not lines[at].strip()):
        at += 1  # after the last entry of the list (a later top-level key stays after it)
    lines.insert(at, correction_entry(c))
    return "".join(lines)


def history(data_dir: Path | str | None = None) -> list[Path]:
    """Kept previous versions of the registry, oldest first."""
    folder = Path(data_dir or DEFAULT_DATA_DIR) / HISTORY_DIR
    return sorted(folder.glob("actors-*.yaml.bak")) if folder.is_dir() else []


def change_registry(data_dir: Path | str | None = None, correction: Correction | None = None, *,
                    undo: bool = False, expected_version: str | None = None) -> str:
    """Write the actor registry: apply ``correction``, or with ``undo`` restore the version before
    the last change. Returns a French message for the analyst.

    The only writer of ``actors.yaml``. It goes through :func:`analysis.corpus.shared_files.update_file`:
    refused on a read-only instance (:class:`~analysis.settings.ReadOnlyError`), done under the
    data folder's lock, refused with :class:`~analysis.corpus.shared_files.StaleEdit` when
    ``expected_version`` (from :func:`~analysis.corpus.shared_files.read_versioned`) is given and the
    file changed since; the new text is validated with the registry's parser (a
    :class:`RegistryError` names the file and the reason, and nothing is written), the current
    text is kept in ``actors_history/`` for "Annuler", and the file is replaced atomically.
    """
    data_dir = Path(data_dir or DEFAULT_DATA_DIR)
    path = data_dir / ACTORS_FILE
    if not undo:
        if correction is None:
            raise ValueError("change_registry : une correction ou undo=True")
        if not correction.speaker.strip():
            raise RegistryError(path, "le nom du locuteur est vide")
        unknown = UNKNOWN_SPEAKER  # the speaker of the quotes no speaker was found for
        if correction.speaker.strip() == unknown or (correction.action in ("merge", "rename")
                                                     and correction.value.strip() == unknown):
            raise RegistryError(path, f"« {unknown} » désigne les citations sans locuteur : il ne peut être ni "
                                      "corrigé ni cible d'une fusion (utiliser « Pas un locuteur »)")
    state: dict = {}

    def change(current: str) -> str:
        current = current or "actors: []\n"
        state["current"] = current
        if undo:
            kept = history(data_dir)
            if not kept:
                return current
            state["restored"] = kept[-1]
            return kept[-1].read_text(encoding="utf-8")
        return with_correction(current, correction)

    def validate(new_text: str) -> None:
        parse_registry(new_text, path)  # raises RegistryError (file, line, reason): nothing written
        if not undo:  # keep the version being replaced (under the lock, once the new one is valid)
            folder = data_dir / HISTORY_DIR
            folder.mkdir(parents=True, exist_ok=True)
            # one clock reading for both parts: two readings could straddle a second and name a
            # later version before an earlier one (undo restores by name order)
            now = time.time_ns()
            stamp = time.strftime("%Y%m%dT%H%M%S", time.localtime(now // 1_000_000_000)) + f"{now % 1_000_000_000:09d}"
            (folder / f"actors-{stamp}.yaml.bak").write_text(state["current"], encoding="utf-8")
            for old in history(data_dir)[:-KEEP_VERSIONS]:
                old.unlink(missing_ok=True)

    update_file(path, change, expected_version=expected_version, validate=validate)
    if undo:
        if "restored" not in state:
            return "Rien à annuler : aucune correction enregistrée."
        state["restored"].unlink(missing_ok=True)
        return "Dernière correction annulée."
    return f"Enregistré : {correction.describe()}."
