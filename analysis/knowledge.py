"""Analyst-editable knowledge (files in ``data/``) and shipped lexicons (``analysis/resources``).

Each family of metrics loads its own files through :class:`Knowledge`, which caches
them for the run and fingerprints them: :attr:`Knowledge.fingerprint` is part of the
per-article result-cache key, so editing a lexicon or the ``actors:`` part of the actor
registry re-runs the per-article steps (not the parse). The ``corrections:`` list of the
registry (the Acteurs page's merges, renames, roles, "not a speaker") is left out of it: the
corrections are applied in the corpus step, and :attr:`Knowledge.corrections_fingerprint`
keys only the snapshot of the final tables.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import yaml

from analysis.corpus.textutil import text_hash

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / "data"
RESOURCES_DIR = Path(__file__).resolve().parent / "resources"
KNOWLEDGE_SUFFIXES = (".yaml", ".yml", ".tsv", ".csv", ".txt", ".json", ".xml")
#: The actor registry (analysis.measures.actors.ACTORS_FILE; not imported: actors imports this module).
_REGISTRY_FILE = "actors.yaml"


def registry_parts(text: str) -> tuple[str, str]:
    """(article part, corrections part) of the actor registry's text, each as a canonical string.

    The article part is everything but the ``corrections:`` list, as parsed (comments and
    layout do not change a result); the corrections part is that list. Text that is not valid
    YAML is kept whole in the article part (loading it fails anyway, with the file and line)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return text, ""
    if not isinstance(data, dict):
        return text, ""
    rest = {k: v for k, v in data.items() if k != "corrections"}
    dump = functools.partial(json.dumps, sort_keys=True, ensure_ascii=False, default=str)
    return dump(rest), dump(data.get("corrections") or [])


def yaml_error_location(exc) -> tuple[int | None, str]:
    """(1-based line or None, problem) of a PyYAML error: every knowledge-file message names both."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return (mark.line + 1 if mark is not None else None), problem


class Knowledge:
    """The knowledge files of one data folder (``corpus/`` excluded)."""

    def __init__(self, data_dir: Path | str | None = None):
        self.data_dir = Path(data_dir) if data_dir else DEFAULT_DATA_DIR
        self._cache: dict[str, object] = {}

    def files(self) -> list[Path]:
        found = []
        for root in (self.data_dir, RESOURCES_DIR):
            if root.is_dir():
                found += [
                    p for p in root.rglob("*")
                    if p.is_file() and p.suffix in KNOWLEDGE_SUFFIXES and "corpus" not in p.relative_to(root).parts
                ]
        return sorted(found)

    @functools.cached_property
    def _digests(self) -> tuple[str, str]:
        parts, corrections = [], ""
        for p in self.files():
            text = p.read_text(encoding="utf-8", errors="replace")
            if p == self.data_dir / _REGISTRY_FILE:
                text, corrections = registry_parts(text)
            parts.append(f"{p.name}:{text_hash(text)}")
        return text_hash("".join(parts))[:16], text_hash(corrections)[:16]

    @property
    def fingerprint(self) -> str:
        """Of everything the per-article steps read: every knowledge file, the registry's
        ``corrections:`` list excepted."""
        return self._digests[0]

    @property
    def corrections_fingerprint(self) -> str:
        """Of the registry's ``corrections:`` list alone (applied in the corpus step)."""
        return self._digests[1]

    def get(self, key: str, loader):
        """Load once per Knowledge instance: ``loader(self)`` is called the first time."""
        if key not in self._cache:
            self._cache[key] = loader(self)
        return self._cache[key]
