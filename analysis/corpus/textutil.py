"""Small text helpers shared by the analysis modules.

The key property of :func:`normalise_for_matching` is that it keeps the string length:
every replacement is one character for one character, so offsets found in the
normalised text are valid offsets into the raw article text.
"""
from __future__ import annotations

import bisect
import hashlib
import re

# Typographic spaces found in French press text (before ; : ! ? and inside « »).
_SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003\u2005\u2006\u200a"
_APOSTROPHES = "\u2019\u02bc\u2018\u00b4`"
_REPLACEMENTS = tuple((c, " ") for c in _SPACES) + tuple((c, "'") for c in _APOSTROPHES)

WORD_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)


def normalise_for_matching(text: str) -> str:
    """Replace typographic spaces by ' ' and typographic apostrophes by "'".

    Length-preserving, so offsets stay valid in the raw text. (A chain of ``str.replace``
    is about 20 times faster than ``str.translate`` with a table on non-ASCII text.)
    """
    for char, repl in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, repl)
    return text


def text_hash(text: str) -> str:
    """Stable content hash of a text (hex sha256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_alpha_word(token_text: str) -> bool:
    """True for a token that is a word (letters, possibly hyphen/apostrophe inside)."""
    return bool(WORD_RE.fullmatch(normalise_for_matching(token_text)))


class SpanIndex:
    """Character spans (possibly overlapping), asked whether a range lies inside one of them."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end, m = [], -1  # furthest end among the spans starting at or before each
        for _, e in spans:
            m = max(m, e)
            self.max_end.append(m)

    def covers(self, a: int, b: int) -> bool:
        """True when the middle of [a, b) is inside a span."""
        mid = (a + b) / 2
        i = bisect.bisect_right(self.starts, mid) - 1
        return i >= 0 and self.max_end[i] > mid

    def overlaps(self, a: int, b: int) -> bool:
        """True when some span shares a character with [a, b)."""
        i = bisect.bisect_left(self.starts, b) - 1  # the spans starting before b
        return i >= 0 and self.max_end[i] > a

    def contains(self, a: int, b: int) -> bool:
        """True when [a, b) lies wholly inside a span."""
        i = bisect.bisect_right(self.starts, a) - 1
        return i >= 0 and self.max_end[i] >= b
