"""Checking candidates against the corpus and each other, overrides, the app's work limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from analysis.corpus.articles import UNKNOWN, Article
from analysis.corpus.near_duplicates import CandidateIndex, Fingerprint, body_text  # noqa: F401 - body_text re-exported

from .normalise import (
    detect_language,
    normalise_date,
    normalise_meta_value,
)
from .records import (
    LANGUAGE_NAMES,
    MAX_ARTICLE_CHARS,
    MAX_ARTICLES_PER_IMPORT,
    MAX_IMPORT_CHARS,
    NEAR_DUPLICATE_THRESHOLD,
    ImportCandidate,
    ImportRefused,
    Refusal,
)

# --------------------------------------------------------------------------- checks

def check_candidates(
    candidates: list[ImportCandidate], corpus_articles: Iterable[Article], *,
    allow_other_language: bool = False, allow_duplicates: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[ImportCandidate], list[Refusal]]:
    """Check candidates against the corpus and each other: (accepted, refused).

    ``progress(done, total)`` is called after each candidate.

    - empty text or over :data:`MAX_ARTICLE_CHARS`: refused;
    - language other than French: refused unless ``allow_other_language`` (then
      imported with its language code in ``language``);
    - same text (exact, or near: :data:`NEAR_DUPLICATE_THRESHOLD` of 5-word sequences
      in common) as a corpus article or an earlier candidate: when both outlets are
      known and differ, it is shared wire copy, imported and flagged in the note and
      the warnings; otherwise it is a duplicate, refused unless ``allow_duplicates``.
      The texts compared with a candidate are those a MinHash LSH index finds for it
      (:mod:`analysis.corpus.near_duplicates`), not the whole corpus; the exact
      containment of those decides, and among several the best one (the first on a tie).
    """
    corpus = list(corpus_articles)
    # corpus articles first, then the candidates: an earlier candidate is known to a later one
    # once accepted; the order of this list is the order in which ties are broken
    who = [(a.id, a.outlet, False) for a in corpus] + [(c.source, None, True) for c in candidates]
    fps = [Fingerprint.of(a.text, a.title) for a in corpus]
    fps += [Fingerprint.of(c.text, c.meta.get("title", UNKNOWN)) if _checkable(c) else Fingerprint("", frozenset())
            for c in candidates]
    index = CandidateIndex(fps)
    n_corpus = len(corpus)
    accepted_at: set[int] = set()  # indexes (into fps) of the candidates accepted so far
    accepted, refused = [], []
    for done, cand in enumerate(candidates):
        if progress is not None:
            progress(done, len(candidates))
        if not re.search(r"[^\W\d_]", cand.text):
            refused.append(Refusal(cand.source, "aucun texte (le fichier ne contient aucune lettre)"))
            continue
        if len(cand.text) > MAX_ARTICLE_CHARS:
            refused.append(Refusal(
                cand.source, f"article trop long ({len(cand.text):,} caractères, maximum {MAX_ARTICLE_CHARS:,})"
                .replace(",", "\u202f")))
            continue
        lang, _hits = detect_language(cand.text)
        cand.language = lang
        declared = cand.meta.get("language", UNKNOWN)
        if lang not in ("fr", UNKNOWN):
            label = LANGUAGE_NAMES.get(lang, lang)
            if not allow_other_language:
                refused.append(Refusal(
                    cand.source, f"l'article semble écrit en {label}, pas en français ; confirmez pour l'importer "
                    "quand même (option --allow-other-language, ou case « importer malgré la langue » dans l'app)"))
                continue
            cand.meta["language"] = lang
            cand.warnings.append(f"{cand.source} : article en {label}, importé sur confirmation")
        elif declared == UNKNOWN and lang == "fr":
            cand.meta["language"] = "fr"
        here = n_corpus + done
        j, score = index.best(here, allowed=lambda j: j < n_corpus or j in accepted_at)
        if j is not None and score >= NEAR_DUPLICATE_THRESHOLD:
            m_id, m_outlet, m_in_batch = who[j]
            if m_in_batch:
                m_outlet = candidates[j - n_corpus].meta.get("outlet", UNKNOWN)
            match = _Known(m_id, m_outlet, m_in_batch)
            outlet = cand.meta.get("outlet", UNKNOWN)
            identical = fps[j].exact == fps[here].exact
            kind = "identique" if identical else f"quasi identique ({score:.0%})".replace("%", "\u202f%")
            shared = UNKNOWN not in (outlet, match.outlet) and outlet.casefold() != match.outlet.casefold()
            if shared:
                cand.duplicate_of, cand.similarity = match.id, score
                flag = (f"Reprise probable d'une même dépêche : texte {kind} à l'article {match.id} "
                        f"({match.outlet}).")
                cand.meta["note"] = (cand.meta["note"] + " " if cand.meta["note"] else "") + flag
                cand.warnings.append(f"{cand.source} : texte {kind} à l'article {match.id} ({match.outlet}) : "
                                     "reprise de dépêche, importé et signalé dans la note")
            elif not allow_duplicates:
                where = (f"à « {match.id} », dans ce même import" if match.in_batch
                         else f"à l'article {match.id} déjà présent dans le corpus")
                refused.append(Refusal(
                    cand.source, f"doublon : texte {kind} {where} (média : {match.outlet}) ; "
                    "option --allow-duplicates pour l'importer quand même"))
                continue
            else:
                cand.duplicate_of, cand.similarity = match.id, score
                cand.warnings.append(f"{cand.source} : doublon de {match.id} importé sur confirmation")
        accepted.append(cand)
        accepted_at.add(here)
    return accepted, refused


@dataclass
class _Known:
    id: str
    outlet: str
    in_batch: bool = False


def _checkable(cand: ImportCandidate) -> bool:
    """Whether the duplicate check can reach this candidate (the first two checks pass)."""
    return bool(re.search(r"[^\W\d_]", cand.text)) and len(cand.text) <= MAX_ARTICLE_CHARS


def missing_required(meta: dict[str, Any]) -> list[str]:
    """French labels of the metadata an analyst must give (outlet, title, date)."""
    labels = {"outlet": "média", "title": "titre", "date": "date"}
    return [label for key, label in labels.items() if meta.get(key, UNKNOWN) in (UNKNOWN, "", None)]


def apply_overrides(cand: ImportCandidate, overrides: dict[str, str | None]) -> None:
    """Set metadata given on the command line or in the form (explicit values win)."""
    for key, value in overrides.items():
        if value in (None, ""):
            continue
        value = normalise_date(value) if key == "date" else normalise_meta_value(value)
        if value is None:
            raise ImportRefused(cand.source, f"date « {overrides[key]} » invalide (attendu AAAA, AAAA-MM ou AAAA-MM-JJ)")
        old = cand.meta.get(key, UNKNOWN)
        if old not in (UNKNOWN, value):
            label = {"outlet": "média", "author": "auteur", "title": "titre"}.get(key, key)
            cand.warnings.append(f"{cand.source} : {label} « {old} » du fichier remplacé par « {value} »")
        cand.meta[key] = value




def work_limit_problems(candidates: list[ImportCandidate]) -> list[str]:
    """French reasons why one import of the app would start too much work (empty when within limits)."""
    problems = []
    if len(candidates) > MAX_ARTICLES_PER_IMPORT:
        problems.append(f"{len(candidates)} articles : au plus {MAX_ARTICLES_PER_IMPORT} articles par import ; "
                        "importez-les en plusieurs fois")
    chars = sum(len(c.text) for c in candidates)
    if chars > MAX_IMPORT_CHARS:
        problems.append(f"{chars:,} caractères de texte : au plus {MAX_IMPORT_CHARS:,} caractères par import ; "
                        "importez-les en plusieurs fois".replace(",", "\u202f"))
    return problems
