"""The token attributes the article steps read, taken from the spaCy doc in one call.

Every access to a spaCy ``Token`` builds a Python object; the steps used to walk the doc
about ten times each (forms, lemmas, parts of speech, offsets), which cost more than the
work done with them. :class:`TokenTable` reads each attribute once per article into plain
lists, indexed like the doc (token ``i`` of the doc is row ``i``). The dependency parse
(heads, children) is still read from the doc by the quote extractor.
"""
from __future__ import annotations

from dataclasses import dataclass

#: spaCy attribute ids read by :meth:`TokenTable.of` (filled on first use: spaCy is
#: imported lazily), in the order of the table's columns.
_ATTRS: tuple[int, ...] = ()


class _Strings(dict):
    """Hash -> string, memoised across docs (a hash names the same string in every
    StringStore; spaCy's own lookup costs a Python call per token)."""

    store = None

    def __missing__(self, key: int) -> str:
        value = self[key] = self.store[key]
        return value


_STRINGS = _Strings()
#: Distinct strings kept by the memo before it starts again (about 100 bytes each).
_STRINGS_MAX = 500_000


@dataclass(frozen=True)
class TokenTable:
    text: list[str]
    lemma: list[str]
    pos: list[str]
    idx: list[int]  # character offset
    whitespace: list[bool]  # followed by whitespace
    is_alpha: list[bool]
    is_punct: list[bool]
    is_space: list[bool]
    like_num: list[bool]

    @classmethod
    def of(cls, doc) -> "TokenTable":
        """The table of a spaCy ``Doc`` (one ``to_array`` call), or of any sequence of
        spaCy tokens (one pass)."""
        if hasattr(doc, "to_array") and hasattr(doc, "vocab") and len(doc):
            return cls._of_doc(doc)
        cols: tuple[list, ...] = ([], [], [], [], [], [], [], [], [])
        text, lemma, pos, idx, ws, alpha, punct, space, num = cols
        for t in doc:
            text.append(t.text)
            lemma.append(t.lemma_)
            pos.append(t.pos_)
            idx.append(t.idx)
            ws.append(bool(t.whitespace_))
            alpha.append(t.is_alpha)
            punct.append(t.is_punct)
            space.append(t.is_space)
            num.append(t.like_num)
        return cls(*cols)

    @classmethod
    def _of_doc(cls, doc) -> "TokenTable":
        global _ATTRS
        if not _ATTRS:
            from spacy.attrs import (
                IDX,
                IS_ALPHA,
                IS_PUNCT,
                IS_SPACE,
                LEMMA,
                LIKE_NUM,
                ORTH,
                POS,
                SPACY,
            )

            _ATTRS = (ORTH, LEMMA, POS, IDX, SPACY, IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM)
        arr = doc.to_array(_ATTRS)
        orth, lemma, pos, idx = arr[:, :4].T.tolist()
        flags = arr[:, 4:].astype(bool).T.tolist()
        get = string_lookup(doc.vocab.strings)
        return cls(list(map(get, orth)), list(map(get, lemma)), list(map(get, pos)), idx, *flags)

    def __len__(self) -> int:
        return len(self.text)

    def end(self, i: int) -> int:
        """Character offset just after token ``i``."""
        return self.idx[i] + len(self.text[i])


def string_lookup(store):
    """A function hash -> string for spaCy's ``store``, memoised across docs."""
    if len(_STRINGS) > _STRINGS_MAX:
        _STRINGS.clear()
    _STRINGS.store = store
    return _STRINGS.__getitem__
