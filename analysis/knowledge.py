"""Analyst-editable knowledge (files in ``data/``) and shipped lexicons (``analysis/resources``).

Each family of metrics loads its own files through :class:`Knowledge`, which caches
them for the run and fingerprints them all: the fingerprint is part of the result-cache
key, so editing a lexicon or the actor registry re-runs the analysis (not the parse).
"""
from __future__ import annotations

import functools
from pathlib import Path

from .textutil import text_hash

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / "data"
RESOURCES_DIR = Path(__file__).resolve().parent / "resources"
_KNOWLEDGE_SUFFIXES = (".yaml", ".yml", ".tsv", ".csv", ".txt", ".json", ".xml")


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
                    if p.is_file() and p.suffix in _KNOWLEDGE_SUFFIXES and "corpus" not in p.relative_to(root).parts
                ]
        return sorted(found)

    @functools.cached_property
    def fingerprint(self) -> str:
        h = "".join(f"{p.name}:{text_hash(p.read_text(encoding='utf-8', errors='replace'))}" for p in self.files())
        return text_hash(h)[:16]

    def get(self, key: str, loader):
        """Load once per Knowledge instance: ``loader(self)`` is called the first time."""
        if key not in self._cache:
            self._cache[key] = loader(self)
        return self._cache[key]
