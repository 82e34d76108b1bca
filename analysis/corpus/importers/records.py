"""Limits of one import and the plain records every step passes on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.corpus.articles import UNKNOWN
from analysis.corpus.near_duplicates import NEAR_DUPLICATE_THRESHOLD  # noqa: F401 - re-exported

# --------------------------------------------------------------------------- limits

#: Largest source file accepted (a Europresse export of a few hundred articles is ~5 MB).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Largest total of one import (all sources together).
MAX_TOTAL_BYTES = 100 * 1024 * 1024
#: Longest article text accepted (a long press feature is ~60 000 characters).
MAX_ARTICLE_CHARS = 1_000_000
#: Network timeout for fetching a URL (each connection or read), in seconds.
FETCH_TIMEOUT = 15
#: Longest whole fetch of a URL, redirects included, in seconds.
FETCH_TOTAL_TIMEOUT = 60
#: Most articles one import of the app may write. The work it starts is the duplicate
#: check (measured: about 30 s for 200 articles against a 1,000-article corpus on a
#: loaded machine) and the analysis of the new articles (about 10 articles per second per
#: core when idle), both with a progress bar (docs/import.md, "Limits of one import").
#: The command line has no such cap.
MAX_ARTICLES_PER_IMPORT = 200
#: Most characters of article text one import of the app may write (200 long articles).
MAX_IMPORT_CHARS = 2_000_000

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".json")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + TABLE_SUFFIXES + HTML_SUFFIXES

#: French names of the languages the checker recognises.
LANGUAGE_NAMES = {
    "fr": "français", "en": "anglais", "es": "espagnol", "de": "allemand",
    "it": "italien", "pt": "portugais", "nl": "néerlandais",
}


def _fmt_bytes(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} Mo".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} Ko"
    return f"{n} octets"


# --------------------------------------------------------------------------- records


class ImportRefused(Exception):
    """A source (or one article of it) that cannot be imported; ``reason`` is French."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source} : {reason}")


@dataclass
class Refusal:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source} : {self.reason}"


@dataclass
class ImportCandidate:
    """One article read from a source, not yet written.

    ``meta`` holds the corpus metadata keys (:data:`analysis.corpus.articles.META_FIELDS`
    except ``id``, plus ``note`` and ``parts``); ``suggested_id`` is where the id will
    come from (sanitised and made unique when written).
    """

    meta: dict[str, Any]
    text: str
    source: str
    suggested_id: str
    warnings: list[str] = field(default_factory=list)
    language: str = UNKNOWN  # detected language code, or "inconnu" when too short to tell
    duplicate_of: str | None = None  # id of the corpus article it repeats (wire copy)
    similarity: float | None = None


@dataclass
class ImportOutcome:
    """What an import did: files written, sources refused, warnings."""

    written: list[tuple[ImportCandidate, Path]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused
