"""Import articles into the corpus folder: read, normalise, check, then write atomically.

Pure logic, no Streamlit: the CLI (``python -m analysis import``) and the app's
"Importer" page both go through these functions.

The flow is three steps, each returning plain records:

1. :func:`parse_source` turns one source (file bytes or a fetched page) into
   :class:`ImportCandidate` records (one per article; a CSV, JSONL or Europresse
   export holds several) and :class:`Refusal` records for what cannot be read;
2. :func:`check_candidates` compares the candidates with the corpus and with each
   other: empty or oversized text, non-French language, exact or near duplicates
   (the same dispatch under two outlets is kept and flagged as shared wire copy);
3. :func:`write_articles` writes the accepted articles, each through a temporary
   file published without ever replacing an existing file; on any error the files
   written so far in the batch are removed, so the corpus is exactly as before.

:func:`import_sources` chains the three for the CLI. Every user-facing message is in
French and names the source and the reason.

The path of one article, step by step, and the module that does each step:

- ``records.py``: the limits of one import (file size, total size, article length,
  the app's per-import caps) and the records every step passes on
  (:class:`ImportCandidate`, :class:`Refusal`, :class:`ImportOutcome`,
  :class:`ImportRefused`);
- ``fetch.py``: reading a source, a file from disk or a web page;
  ``webfetch.py`` is the web fetch itself, which never lets an address reach the
  server's own network;
- ``parse.py``: bytes to candidates, per format (plain text with an optional header,
  CSV/TSV, JSONL, Europresse HTML export, a web page), :func:`parse_source` choosing;
- ``normalise.py``: what parsing leans on: decoding the bytes, normalising text,
  metadata and dates, guessing the language, choosing a safe, unique article id;
- ``checks.py``: candidates against the corpus and each other (length, language,
  duplicates), required fields, the analyst's overrides, the app's work limits;
- ``write.py``: rendering an article file, publishing it atomically, committing a
  batch under the corpus folder lock (:func:`check_and_commit` redoes the check
  there, in case another import landed meanwhile);
- this ``__init__``: the one-call import of the CLI (:func:`expand_sources`,
  :func:`load_sources`, :func:`import_sources`) and the names callers use
  (``from analysis import importers as imp; imp.parse_source(...)``).

Imports go one way, so there is no cycle: ``records`` imports no sibling;
``normalise`` and ``fetch`` import ``records`` (``fetch`` also ``webfetch``, lazily);
``parse`` and ``checks`` import ``records`` and ``normalise``; ``write`` imports
``checks``, ``normalise`` and ``records``. A limit is looked up in the module that
enforces it: patch it there in a test (``imp.checks.MAX_ARTICLES_PER_IMPORT`` for the
app's work limits, ``imp.MAX_TOTAL_BYTES`` for :func:`load_sources`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from .checks import (
    apply_overrides,
    body_text,
    check_candidates,
    missing_required,
    work_limit_problems,
)
from .fetch import fetch_url, is_url, read_source_file
from .normalise import (
    decode_bytes,
    detect_language,
    existing_ids,
    normalise_date,
    normalise_meta_value,
    normalise_text,
    safe_id,
    unique_id,
)
from .parse import (
    is_europresse,
    parse_csv,
    parse_europresse,
    parse_html,
    parse_jsonl,
    parse_source,
    parse_text_file,
)
from .records import (
    FETCH_TIMEOUT,
    FETCH_TOTAL_TIMEOUT,
    HTML_SUFFIXES,
    LANGUAGE_NAMES,
    MAX_ARTICLE_CHARS,
    MAX_ARTICLES_PER_IMPORT,
    MAX_FILE_BYTES,
    MAX_IMPORT_CHARS,
    MAX_TOTAL_BYTES,
    NEAR_DUPLICATE_THRESHOLD,
    SUPPORTED_SUFFIXES,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    ImportCandidate,
    ImportOutcome,
    ImportRefused,
    Refusal,
    _fmt_bytes,
)
from .write import check_and_commit, commit_candidates, render_candidate, write_articles

__all__ = [
    # records.py
    "FETCH_TIMEOUT", "FETCH_TOTAL_TIMEOUT", "HTML_SUFFIXES", "LANGUAGE_NAMES", "MAX_ARTICLE_CHARS",
    "MAX_ARTICLES_PER_IMPORT", "MAX_FILE_BYTES", "MAX_IMPORT_CHARS", "MAX_TOTAL_BYTES",
    "NEAR_DUPLICATE_THRESHOLD", "SUPPORTED_SUFFIXES", "TABLE_SUFFIXES", "TEXT_SUFFIXES",
    "ImportCandidate", "ImportOutcome", "ImportRefused", "Refusal", "_fmt_bytes",
    # normalise.py
    "decode_bytes", "detect_language", "existing_ids", "normalise_date", "normalise_meta_value",
    "normalise_text", "safe_id", "unique_id",
    # parse.py
    "is_europresse", "parse_csv", "parse_europresse", "parse_html", "parse_jsonl", "parse_source",
    "parse_text_file",
    # fetch.py
    "fetch_url", "is_url", "read_source_file",
    # checks.py
    "apply_overrides", "body_text", "check_candidates", "missing_required", "work_limit_problems",
    # write.py
    "check_and_commit", "commit_candidates", "render_candidate", "write_articles",
    # here
    "expand_sources", "import_sources", "load_sources",
]


# --------------------------------------------------------------------------- one-call import (CLI)

def expand_sources(sources: Iterable[str]) -> list[str]:
    """Folders are replaced by their supported files (sorted, not recursive)."""
    out = []
    for src in sources:
        p = Path(src)
        if not is_url(src) and p.is_dir():
            out += [str(f) for f in sorted(p.iterdir())
                    if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.startswith(".")]
        else:
            out.append(src)
    return out


def load_sources(sources: Iterable[str], *, fetcher: Callable[[str], bytes] | None = None) -> tuple[
        list[ImportCandidate], list[Refusal], list[str]]:
    """Read and parse every source (paths or URLs), with the total size limit."""
    fetcher = fetcher or fetch_url
    cands, refused, warnings = [], [], []
    total = 0
    for src in sources:
        try:
            if is_url(src):
                data = fetcher(src)
                name, url = src, src
            else:
                data = read_source_file(src)
                name, url = Path(src).name, None
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                raise ImportRefused(name, f"limite totale de l'import dépassée ({_fmt_bytes(MAX_TOTAL_BYTES)}) ; "
                                          "importez les fichiers restants en plusieurs fois")
            c, r, w = parse_source(name, data, url=url)
        except ImportRefused as err:
            refused.append(Refusal(err.source, err.reason))
            continue
        cands += c
        refused += r
        warnings += w
    return cands, refused, warnings


def import_sources(
    sources: Iterable[str], corpus_dir: Path | str, *, overrides: dict[str, str | None] | None = None,
    allow_other_language: bool = False, allow_duplicates: bool = False, dry_run: bool = False,
    fetcher: Callable[[str], bytes] | None = None,
) -> ImportOutcome:
    """Read, check and write: what ``python -m analysis import`` does.

    The writing goes through :func:`check_and_commit` (corpus folder lock, check redone if
    another import landed meanwhile); the app's per-import work limits do not apply here.
    """
    from analysis.corpus.articles import load_corpus

    corpus_dir = Path(corpus_dir)
    outcome = ImportOutcome()
    cands, refused, warnings = load_sources(expand_sources(sources), fetcher=fetcher)
    outcome.refused += refused
    outcome.warnings += warnings
    ready = []
    for cand in cands:
        try:
            apply_overrides(cand, overrides or {})
        except ImportRefused as err:
            outcome.refused.append(Refusal(err.source, err.reason))
            continue
        ready.append(cand)
    if not dry_run:
        done = check_and_commit(corpus_dir, ready, allow_other_language=allow_other_language,
                                allow_duplicates=allow_duplicates)
        outcome.written = done.written
        outcome.refused += done.refused
        outcome.warnings += done.warnings
        return outcome
    corpus = load_corpus(corpus_dir) if corpus_dir.is_dir() else None
    accepted, refused = check_candidates(
        ready, corpus.articles if corpus else [], allow_other_language=allow_other_language,
        allow_duplicates=allow_duplicates,
    )
    outcome.refused += refused
    outcome.written = [(c, corpus_dir / f"{safe_id(c.suggested_id)}.txt") for c in accepted]
    for cand in accepted:
        outcome.warnings += cand.warnings
    return outcome
