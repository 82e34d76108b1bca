"""Small text helpers shared by the analysis modules.

The key property of :func:`normalise_for_matching` is that it keeps the string length:
every replacement is one character for one character, so offsets found in the
normalised text are valid offsets into the raw article text.
"""
from __future__ import annotations

import hashlib
import re

# Typographic spaces found in French press text (before ; : ! ? and inside « »).
_SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003\u2005\u2006\u200a"
_APOSTROPHES = "\u2019\u02bc\u2018\u00b4`"
_MATCH_TABLE = str.maketrans({**{c: " " for c in _SPACES}, **{c: "'" for c in _APOSTROPHES}})

WORD_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)


def normalise_for_matching(text: str) -> str:
    """Replace typographic spaces by ' ' and typographic apostrophes by "'".

    Length-preserving, so offsets stay valid in the raw text.
    """
    return text.translate(_MATCH_TABLE)


def text_hash(text: str) -> str:
    """Stable content hash of a text (hex sha256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_alpha_word(token_text: str) -> bool:
    """True for a token that is a word (letters, possibly hyphen/apostrophe inside)."""
    return bool(WORD_RE.fullmatch(normalise_for_matching(token_text)))
