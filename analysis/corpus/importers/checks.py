"""Checking candidates against the corpus and each other, overrides, the app's work limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from analysis.corpus.articles import UNKNOWN, Article
from analysis.corpus.clean import BODY, segment_article, text_of
from analysis.corpus.textutil import normalise_for_matching, text_hash

from .normalise import (
    _LETTER_RUN,
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

def body_text(text: str, title: str = UNKNOWN) -> str:
    """The cleaned body of a text (what the analysis reads), for duplicate detection."""
    art = Article(id="x", text=text, title=title)
    return text_of(art, segment_article(art), BODY)


def _words(text: str) -> list[str]:
    return _LETTER_RUN.findall(normalise_for_matching(text).lower())


def _shingles(words: list[str], n: int = 5) -> set[int]:
    if len(words) < n:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i:i + n])) for i in range(len(words) - n + 1)}


@dataclass
class _Known:
    id: str
    outlet: str
    exact: str
    shingles: set[int]
    in_batch: bool = False


def _fingerprint(text: str, title: str) -> tuple[str, set[int]]:
    body = body_text(text, title)
    words = _words(body) or _words(text)
    return text_hash(" ".join(words)), _shingles(words)


def _similarity(a: set[int], b: set[int]) -> float:
    """Share of the smaller text's shingles found in the other (containment)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def check_candidates(
    candidates: list[ImportCandidate], corpus_articles: Iterable[Article], *,
    allow_other_language: bool = False, allow_duplicates: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[ImportCandidate], list[Refusal]]:
    """Check candidates against the corpus and each other: (accepted, refused).

    ``progress(done, total)`` is called after each candidate (the comparison with a
    large corpus takes seconds per hundred candidates).

    - empty text or over :data:`MAX_ARTICLE_CHARS`: refused;
    - language other than French: refused unless ``allow_other_language`` (then
      imported with its language code in ``language``);
    - same text (exact, or near: :data:`NEAR_DUPLICATE_THRESHOLD` of 5-word sequences
      in common) as a corpus article or an earlier candidate: when both outlets are
      known and differ, it is shared wire copy, imported and flagged in the note and
      the warnings; otherwise it is a duplicate, refused unless ``allow_duplicates``.
    """
    known = []
    for a in corpus_articles:
        exact, sh = _fingerprint(a.text, a.title)
        known.append(_Known(a.id, a.outlet, exact, sh))
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
        exact, sh = _fingerprint(cand.text, cand.meta.get("title", UNKNOWN))
        match, score = None, 0.0
        for k in known:
            s = 1.0 if k.exact == exact else _similarity(sh, k.shingles)
            if s > score:
                match, score = k, s
        if match is not None and score >= NEAR_DUPLICATE_THRESHOLD:
            outlet = cand.meta.get("outlet", UNKNOWN)
            kind = "identique" if match.exact == exact else f"quasi identique ({score:.0%})".replace("%", "\u202f%")
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
        known.append(_Known(cand.source, cand.meta.get("outlet", UNKNOWN), exact, sh, in_batch=True))
    return accepted, refused


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
