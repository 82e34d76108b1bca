"""Helpers of the "Importer" page: pending candidates, the editable table, the import itself.

The logic lives in :mod:`analysis.corpus.importers`; here are only the pieces that map it to
widgets. Pending candidates are kept in ``st.session_state`` until imported; the corpus
folder on disk stays the only lasting state.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.corpus import importers as imp
from analysis.corpus.articles import UNKNOWN, Corpus, load_corpus

from .data import load_corpus_cached
from .view import article_starts

PENDING = "imp_pending"  # {source key: Parsed}
RESULT = "imp_last_result"
EDITABLE = {"title": "Titre", "outlet": "Média", "date": "Date", "genre": "Genre", "author": "Auteur"}
COLUMNS = {"keep": "Importer", "status": "Vérification", **EDITABLE, "language": "Langue", "source": "Source"}




@dataclass
class Parsed:
    """What one uploaded file or URL gave: candidates, refused parts, warnings."""

    name: str
    candidates: list[imp.ImportCandidate] = field(default_factory=list)
    refused: list[imp.Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def pending() -> dict[str, Parsed]:
    return st.session_state.setdefault(PENDING, {})


def add_upload(name: str, data: bytes, total_so_far: int) -> None:
    """Parse one uploaded file once (keyed by name + content hash)."""
    key = f"{name}:{hashlib.sha256(data).hexdigest()[:16]}"
    if key in pending():
        return
    parsed = Parsed(name)
    try:
        if total_so_far + len(data) > imp.MAX_TOTAL_BYTES:
            raise imp.ImportRefused(
                name, f"limite totale de l'import dépassée ({imp._fmt_bytes(imp.MAX_TOTAL_BYTES)}) ; "
                "importez les fichiers restants en plusieurs fois")
        parsed.candidates, parsed.refused, parsed.warnings = imp.parse_source(name, data)
        _check_pending_limit(name, parsed.candidates)
    except imp.ImportRefused as err:
        parsed.candidates, parsed.refused = [], [imp.Refusal(err.source, err.reason)]
    pending()[key] = parsed


def _check_pending_limit(name: str, new: list[imp.ImportCandidate]) -> None:
    """Refuse a source whose articles would take the pending list over the per-import limit."""
    waiting, limit = len(all_candidates()), imp.MAX_ARTICLES_PER_IMPORT
    if len(new) > limit:
        raise imp.ImportRefused(
            name, f"{len(new)} articles, au-delà de la limite de {limit} articles par import de l'application ; "
            "découpez le fichier, ou importez-le sur le serveur avec « python -m analysis import »")
    if waiting + len(new) > limit:
        raise imp.ImportRefused(
            name, f"{len(new)} article(s) en plus des {waiting} en attente dépasseraient la limite de "
            f"{limit} articles par import ; importez d'abord la liste, puis ce fichier")


def add_url(url: str) -> None:
    url = url.strip()
    parsed = Parsed(url)
    try:
        if not imp.is_url(url):
            raise imp.ImportRefused(url, "adresse invalide : elle doit commencer par http:// ou https://")
        data = imp.fetch_url(url)
        parsed.candidates, parsed.refused, parsed.warnings = imp.parse_source(url, data, url=url)
        _check_pending_limit(url, parsed.candidates)
    except imp.ImportRefused as err:
        parsed.candidates, parsed.refused = [], [imp.Refusal(err.source, err.reason)]
    pending()[f"url:{url}"] = parsed


def all_candidates() -> list[imp.ImportCandidate]:
    return [c for p in pending().values() for c in p.candidates]


def status_of(cands: list[imp.ImportCandidate], corpus_dir: Path) -> list[str]:
    """French check result per candidate, against the corpus on disk (nothing written)."""
    corpus = load_corpus_cached(corpus_dir) if corpus_dir.is_dir() else None  # only read here
    copies = [imp.ImportCandidate(dict(c.meta), c.text, c.source, c.suggested_id) for c in cands]
    ok, refused = imp.check_candidates(copies, corpus.articles if corpus else [],
                                       allow_other_language=True, allow_duplicates=True)
    by_source = {c.source: c for c in ok}
    out = []
    for c in cands:
        checked = by_source.get(c.source)
        if checked is None:
            reason = next((r.reason for r in refused if r.source == c.source), "refusé")
            out.append(f"refusé : {reason}")
            continue
        c.language = checked.language
        notes = []
        if checked.language not in ("fr", UNKNOWN):
            notes.append(f"langue : {imp.LANGUAGE_NAMES.get(checked.language, checked.language)} "
                         "(cochez « Importer malgré la langue »)")
        if checked.duplicate_of:
            if "Reprise probable" in checked.meta.get("note", ""):
                notes.append(f"reprise de dépêche : même texte que {checked.duplicate_of} (sera signalé dans la note)")
            else:
                notes.append(f"doublon de {checked.duplicate_of} (cochez « Importer aussi les doublons »)")
        out.append("à vérifier : " + " ; ".join(notes) if notes else "prêt")
    return out


COMMON_KEYS = ("title", "outlet", "genre", "date", "author")  # the shared values, in the form's order
EDITOR_KEY = "imp_editor"


def _cell(value) -> str:
    return str(value if value is not None and value == value else "").strip()


def effective_rows(cands: list[imp.ImportCandidate], common: dict[str, str],
                   edited_rows: dict | None = None) -> list[dict[str, str]]:
    """Per candidate, the metadata the « Importer » button will write: the grid's cell (as edited),
    else the shared value, else what the file said. The grid shows exactly these values."""
    rows = []
    for i, c in enumerate(cands):
        row = {}
        for key in EDITABLE:
            from_file = "" if c.meta.get(key, UNKNOWN) == UNKNOWN else _cell(c.meta[key])
            row[key] = from_file or _cell(common.get(key, ""))
        for key, value in ((edited_rows or {}).get(i, {}) or {}).items():
            if key in EDITABLE:
                row[key] = _cell(value) or _cell(common.get(key, ""))
        rows.append(row)
    return rows


def row_problems(row: dict[str, str]) -> list[str]:
    """What blocks the import of one row, in French: a missing title, outlet or date, an invalid date."""
    problems = [f"{label} manquant" if label != "date" else "date manquante"
                for label in imp.missing_required({k: (v or UNKNOWN) for k, v in row.items()})]
    if row.get("date") and imp.normalise_date(row["date"]) is None:
        problems.append(f"date « {row['date']} » invalide (AAAA, AAAA-MM ou AAAA-MM-JJ)")
    return problems


def grid_statuses(cands: list[imp.ImportCandidate], rows: list[dict[str, str]], checks: list[str]) -> list[str]:
    """The « Vérification » column: « à compléter » while the button would refuse the row, else the
    corpus check (prêt / à vérifier / refusé) of :func:`status_of`."""
    out = []
    for row, check in zip(rows, checks):
        problems = row_problems(row)
        if not problems or check.startswith("refusé"):
            out.append(check)
        elif check.startswith("à vérifier"):
            out.append(f"{check} · à compléter : " + " ; ".join(problems))
        else:  # "prêt" by the corpus check, but the button would refuse it
            out.append("à compléter : " + " ; ".join(problems))
    return out


@st.cache_resource(show_spinner=False, max_entries=4)
def corpus_table(signature: str, _corpus: Corpus) -> tuple[pd.DataFrame, pd.Series]:
    """The corpus as a table (metadata, note, length) and each article's start date, once per folder state."""
    table = pd.DataFrame([{**a.meta(), "note": a.note, "n_chars": len(a.text)} for a in _corpus.articles])
    table = table.rename(columns={"id": "article_id"})
    return table, article_starts(table)


def editor_frame(cands: list[imp.ImportCandidate], statuses: list[str],
                 common: dict[str, str] | None = None) -> pd.DataFrame:
    """The grid: each row's metadata as the button will write it (file value, else shared value)."""
    rows = []
    values = effective_rows(cands, common or {})
    for c, status, meta in zip(cands, statuses, values):
        rows.append({
            "keep": not status.startswith("refusé"),
            **meta,
            "language": c.language, "status": status, "source": c.source,
        })
    return pd.DataFrame(rows, columns=list(COLUMNS))


def apply_edits(cands: list[imp.ImportCandidate], edited: pd.DataFrame, common: dict[str, str]) -> tuple[
        list[imp.ImportCandidate], list[str]]:
    """Copy the edited table (and the common values for empty cells) into the candidates.

    Returns (candidates to import, French problems that block the import).
    """
    chosen, problems = [], []
    for cand, (_, row) in zip(cands, edited.iterrows()):
        if not bool(row["keep"]):
            continue
        for key in EDITABLE:
            value = str(row[key] if row[key] is not None and row[key] == row[key] else "").strip()
            if not value and common.get(key):
                value = common[key].strip()
            if key == "date":
                if value and imp.normalise_date(value) is None:
                    problems.append(f"{cand.source} : date « {value} » invalide (attendu AAAA, AAAA-MM ou AAAA-MM-JJ)")
                    continue
                value = imp.normalise_date(value) or ""
            cand.meta[key] = imp.normalise_meta_value(value) if value else UNKNOWN
        missing = imp.missing_required(cand.meta)
        if missing:
            problems.append(f"{cand.source} : renseignez {', '.join(missing)}")
        chosen.append(cand)
    return chosen, problems


def run_import(corpus_dir: Path, cands: list[imp.ImportCandidate], *, allow_other_language: bool,
               allow_duplicates: bool) -> imp.ImportOutcome:
    """Check against the corpus on disk and write, under the corpus lock (atomically, no overwrite).

    The per-import work limits apply, and a read-only instance writes nothing (both checked
    in :func:`analysis.corpus.importers.check_and_commit`, whatever the page showed).
    """
    bar = st.progress(0.0, text="Vérification des articles…")

    def checked(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Vérification des articles (doublons, langue) : {done} / {total}")

    try:
        return imp.check_and_commit(corpus_dir, cands, allow_other_language=allow_other_language,
                                    allow_duplicates=allow_duplicates, enforce_work_limits=True, progress=checked)
    finally:
        bar.empty()


class _ProgressBar:
    """The tqdm-like bar :func:`analysis.run_corpus` expects, drawn with ``st.progress``."""

    def __init__(self, total: int):
        self.total, self.done = total, 0
        self.bar = st.progress(0.0, text=f"Analyse des nouveaux articles : 0 / {total}")

    def update(self, n: int = 1) -> None:
        self.done += n
        self.bar.progress(min(1.0, self.done / self.total), text=f"Analyse des nouveaux articles : "
                          f"{self.done} / {self.total}")

    def close(self) -> None:
        self.bar.empty()


def analyse_with_progress(corpus_dir: Path) -> None:
    """Analyse the new articles now, with a progress bar (the others come from the result cache).

    The dashboard's next rerun then finds every result in the cache instead of analysing
    behind a spinner; the per-import limits bound the work (docs/import.md, "Limits of one import").
    """
    from analysis import run_corpus

    run_corpus(corpus=load_corpus(corpus_dir), n_jobs=None, progress=_ProgressBar)
