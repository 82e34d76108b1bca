"""Small helpers over the spaCy parse shared by the quote modules."""
from __future__ import annotations

from analysis.corpus.textutil import WORD_RE, normalise_for_matching

STRIP = " \t\r\n\u00a0\u202f\u2009,;:-–—"


def glued(doc, i: int, j: int) -> bool:
    """Tokens i and j (= i + 1) are one written word (start-up, co-fondateur)."""
    return doc[i].whitespace_ == "" and ("-" in (doc[i].text, doc[j].text) or doc[i].text.endswith("-"))



# --------------------------------------------------------------------------- helpers
_FEATS: dict[tuple[int, str], tuple[str, ...]] = {}


def feat(tok, field: str) -> tuple[str, ...]:
    """The values of one morphological feature of ``tok`` (``tok.morph.get(field)``,
    memoised per analysis: spaCy parses the feature string at each call)."""
    morph = tok.morph
    key = (morph.key, field)
    values = _FEATS.get(key)
    if values is None:
        if len(_FEATS) > 100_000:
            _FEATS.clear()
        values = _FEATS[key] = tuple(morph.get(field))
    return values


def tokens_in(doc, start: int, end: int):
    """Tokens lying wholly inside [start, end) (char_span's 'contract' mode: a bisection, not a scan)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def gender_of(tokens) -> str | None:
    for t in tokens:  # determiners and common nouns are reliable; names are not
        if t.pos_ in ("DET", "NOUN") and feat(t, "Gender"):
            return feat(t, "Gender")[0]
    return None


def compound(doc, tok) -> str:
    """The hyphenated word a token belongs to ("start" -> "start-up")."""
    lo = hi = tok.i
    while lo > 0 and glued(doc, lo - 1, lo):
        lo -= 1
    while hi + 1 < len(doc) and glued(doc, hi, hi + 1):
        hi += 1
    return doc[lo:hi + 1].text


def text_words(text: str) -> list[str]:
    return WORD_RE.findall(normalise_for_matching(text))


def has_verb(tokens) -> bool:
    return any(t.pos_ in ("VERB", "AUX") and t.lower_ not in ("-", "") for t in tokens)


def has_finite_verb(tokens) -> bool:
    return any(t.pos_ in ("VERB", "AUX") and "Fin" in feat(t, "VerbForm") for t in tokens)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in STRIP:
        start += 1
    while end > start and text[end - 1] in STRIP + ".!?…":
        end -= 1
    return start, end
