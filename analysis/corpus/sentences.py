"""Sentence splitting for French press text: spaCy's parse plus French fixes.

spaCy's parser is a good start but, on press text, it (a) runs sentences across
paragraphs and page furniture, (b) starts sentences with a closing quote or a comma,
(c) cuts after abbreviations such as "M." or "Mme", and (d) ignores "…" as a sentence end.
:func:`split_sentences` starts from the parse and fixes each of these by rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .clean import Segment

if TYPE_CHECKING:  # pragma: no cover - spaCy is imported lazily (warm runs never load it)
    from spacy.tokens import Doc

#: Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    "m mm mme mmes mlle mlles dr pr me mgr st ste cf av apr p pp vol chap fig n no art al ex "
    "env min max éd coll".split()
)
_OPENING_CONTINUATION = re.compile(r"^[»”\"’),;:\].!?…]|^[a-zà-ÿ]")
_ELLIPSIS_BREAK = re.compile(r"(?:…|\.\.\.)(?:\s*[»”\"])?\s+(?=[A-ZÀ-Ý«“\"])")
_LEADING_CLOSER = re.compile(r"[»”\"’)\].!?…]+[ \t\u00a0\u202f]+")
_NEW_SENTENCE = re.compile(r"[A-ZÀ-Ý«“\"]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_STRIP = " \t\r\n\u00a0\u202f\u2009"


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    part: str
    kind: str  # the segment kind: title, heading, paragraph, comment, …


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def _ends_with_abbreviation(text: str) -> bool:
    m = re.search(r"(?:^|[\s(«“])([A-Za-zÀ-ÿ.\-]+)\.$", text)
    return bool(m) and m.group(1).lower() in ABBREVIATIONS


def _split_on_ellipsis(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, cur = [], start
    for m in _ELLIPSIS_BREAK.finditer(text, start, end):
        out.append((cur, m.end()))
        cur = m.end()
    out.append((cur, end))
    return out


def split_sentences(doc: "Doc", segments: list[Segment], text: str | None = None) -> list[Sentence]:
    """Sentences of ``doc`` (offsets into ``doc.text``), each inside one segment; ``text``:
    the parsed text when at hand (``doc.text`` rebuilds it from the tokens)."""
    if text is None:
        text = doc.text
    spacy_spans = [(s.start_char, s.end_char) for s in doc.sents]
    out: list[Sentence] = []
    j = 0
    for seg in segments:
        pieces: list[tuple[int, int]] = []
        while j < len(spacy_spans) and spacy_spans[j][1] <= seg.start:
            j += 1
        k = j
        while k < len(spacy_spans) and spacy_spans[k][0] < seg.end:
            s, e = max(spacy_spans[k][0], seg.start), min(spacy_spans[k][1], seg.end)
            for a, b in _split_on_ellipsis(text, s, e):
                a, b = _trim(text, a, b)
                if a < b:
                    pieces.append((a, b))
            k += 1
        merged: list[tuple[int, int]] = []
        pending: int | None = None  # start of letter-less pieces ("1.", "🟣") joined to the next
        for a, b in pieces:
            if not _HAS_LETTER.search(text, a, b):
                pending = a if pending is None else pending
                continue
            if pending is not None:
                a, pending = pending, None
                merged.append((a, b))
                continue
            lead = _LEADING_CLOSER.match(text, a, b)
            if merged and lead and _NEW_SENTENCE.match(text, lead.end(), b):
                # ". Second point." -> the closer ends the previous sentence, the rest is new
                merged[-1] = (merged[-1][0], a + len(lead.group(0).rstrip(_STRIP)))
                a = lead.end()
            if merged and (
                _OPENING_CONTINUATION.match(text[a:b]) or _ends_with_abbreviation(text[merged[-1][0]:merged[-1][1]])
            ):
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        if pending is not None:
            if merged:
                merged[-1] = (merged[-1][0], pieces[-1][1])
            else:
                merged.append((pending, pieces[-1][1]))
        for a, b in merged:
            out.append(Sentence(len(out), a, b, seg.part, seg.kind))
    return out
