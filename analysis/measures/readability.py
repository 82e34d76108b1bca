"""French readability, one plain function per metric.

Words are orthographic words (runs of letters joined by an apostrophe or a hyphen:
``l'intelligence`` and ``vis-à-vis`` are one word each), found with
:data:`analysis.corpus.textutil.WORD_RE`; numbers and punctuation are not words.
Sentences come from :mod:`analysis.corpus.sentences`.
"""
from __future__ import annotations

from typing import Iterable, NamedTuple, Sequence

from analysis.corpus.textutil import WORD_RE, normalise_for_matching

from .syllables import count_syllables

#: Kandel & Moles (1958) adaptation of Flesch's reading ease to French:
#: 207 - 1.015 * (words / sentences) - 73.6 * (syllables / words).
KANDEL_MOLES = (207.0, 1.015, 73.6)
#: LIX (Björnsson 1968): long words have more than this many letters.
LIX_LONG_WORD = 6
#: MTLD (McCarthy & Jarvis 2010) type-token-ratio threshold.
MTLD_THRESHOLD = 0.72


class Word(NamedTuple):
    """One orthographic word (a named tuple: one per word, built much faster than a frozen dataclass)."""

    text: str
    start: int
    end: int
    syllables: int
    letters: int  # letters only (LIX counts words of more than LIX_LONG_WORD letters)

    @property
    def is_long(self) -> bool:
        return self.letters > LIX_LONG_WORD


#: (word, is a verb form) -> (syllables, letters), memoised (words repeat); emptied when full.
_WORD_FIGURES: dict[tuple[str, bool], tuple[int, int]] = {}
_WORD_FIGURES_MAX = 1 << 17


def _word_figures(key: tuple[str, bool]) -> tuple[int, int]:
    if len(_WORD_FIGURES) >= _WORD_FIGURES_MAX:
        _WORD_FIGURES.clear()
    word, verb = key
    figures = _WORD_FIGURES[key] = (count_syllables(word, verb=verb), sum(c.isalpha() for c in word))
    return figures


def words_of(text: str, offset: int = 0, verb_ends: frozenset[int] = frozenset()) -> list[Word]:
    """Orthographic words of ``text``; ``verb_ends`` holds end offsets of verb tokens."""
    out = []
    figures, new = _WORD_FIGURES.get, tuple.__new__  # (a NamedTuple's constructor is slower)
    for m in WORD_RE.finditer(normalise_for_matching(text)):
        w = m.group()
        start, end = m.span()
        key = (w, end + offset in verb_ends)
        out.append(new(Word, (w, start + offset, end + offset, *(figures(key) or _word_figures(key)))))
    return out


def flesch_reading_ease_fr(n_words: int, n_sentences: int, n_syllables: int) -> float | None:
    """Kandel & Moles (1958) French Flesch. Higher is easier (0-100 in practice; press ~ 40-60).

    Reference: Kandel, L. & Moles, A. (1958). Application de l'indice de Flesch à la
    langue française. Cahiers Études de Radio-Télévision, 19, 253-274.
    """
    if n_words == 0 or n_sentences == 0:
        return None
    a, b, c = KANDEL_MOLES
    return a - b * (n_words / n_sentences) - c * (n_syllables / n_words)


def lix(n_words: int, n_sentences: int, n_long_words: int) -> float | None:
    """LIX = words/sentences + 100 * long words/words. Lower is easier (< 40 easy, > 50 hard).

    Reference: Björnsson, C. H. (1968). Läsbarhet. Stockholm: Liber.
    """
    if n_words == 0 or n_sentences == 0:
        return None
    return n_words / n_sentences + 100.0 * n_long_words / n_words


def _mtld_pass(tokens: Sequence[str], threshold: float) -> float:
    factors, types, count = 0.0, set(), 0
    for tok in tokens:
        count += 1
        types.add(tok)
        if len(types) / count <= threshold:
            factors += 1
            types, count = set(), 0
    if count:
        ttr = len(types) / count
        factors += (1 - ttr) / (1 - threshold) if ttr < 1 else 0.0
    # no factor completed (every token new): MTLD is bounded by the text length
    return len(tokens) / factors if factors else float(len(tokens))


def mtld(tokens: Sequence[str], threshold: float = MTLD_THRESHOLD) -> float | None:
    """Measure of Textual Lexical Diversity, mean of a forward and a backward pass.

    Higher is more diverse; less sensitive to text length than the type-token ratio,
    but unstable under ~100 tokens (returns None below 50). Written by hand (a dozen
    lines; the PyPI packages that offer it are unmaintained and English-tokenised).
    Reference: McCarthy, P. M. & Jarvis, S. (2010). MTLD, vocd-D, and HD-D.
    Behavior Research Methods, 42(2), 381-392.
    """
    if len(tokens) < 50:
        return None
    fwd, bwd = _mtld_pass(tokens, threshold), _mtld_pass(list(reversed(tokens)), threshold)
    return (fwd + bwd) / 2


def readability_from_counts(n_w: int, n_s: int, n_syl: int, n_long: int) -> dict[str, float | int | None]:
    """The count-based figures (everything but MTLD); counts pool, so outlets sum them."""
    return {
        "n_words": n_w,
        "n_sentences": n_s,
        "words_per_sentence": n_w / n_s if n_s else None,
        "syllables_per_word": n_syl / n_w if n_w else None,
        "long_word_share": n_long / n_w if n_w else None,
        "flesch_fr": flesch_reading_ease_fr(n_w, n_s, n_syl),
        "lix": lix(n_w, n_s, n_long),
    }


def readability_row(sentence_words: Iterable[list[Word]], *, with_mtld: bool = True) -> dict[str, float | int | None]:
    """All readability figures for a list of sentences (each a list of words); MTLD (two
    passes over the words) only ``with_mtld``."""
    sentences = [s for s in sentence_words if s]
    words = [w for s in sentences for w in s]
    n_syl = sum(w.syllables for w in words)
    n_long = sum(1 for w in words if w.is_long)
    row = readability_from_counts(len(words), len(sentences), n_syl, n_long)
    if with_mtld:
        row["mtld"] = mtld([w.text.lower() for w in words])
    return row
