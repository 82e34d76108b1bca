"""The token attributes the article steps read, taken from the spaCy doc in one pass.

Every access to a spaCy ``Token`` builds a Python object; the steps used to walk the doc
about ten times each (forms, lemmas, parts of speech, offsets), which cost more than the
work done with them. :class:`TokenTable` reads each attribute once per article into plain
lists, indexed like the doc (token ``i`` of the doc is row ``i``). The dependency parse
(heads, children) is still read from the doc by the quote extractor.
"""
from __future__ import annotations

from dataclasses import dataclass


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

    def __len__(self) -> int:
        return len(self.text)

    def end(self, i: int) -> int:
        """Character offset just after token ``i``."""
        return self.idx[i] + len(self.text[i])
