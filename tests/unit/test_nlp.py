"""The spaCy layer: the parse-cache format and the token table read from a doc."""
from __future__ import annotations

import pytest

from analysis.engine.nlp import ParseCache, doc_to_dict, get_nlp
from analysis.engine.tokens import TokenTable
from tests.conftest import SEED_CORPUS

#: Every token attribute the steps may read, compared between an original doc and its copy.
_ATTRS = ("ORTH", "NORM", "LEMMA", "POS", "TAG", "MORPH", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE",
          "SENT_START", "IDX", "SPACY", "IS_ALPHA", "IS_PUNCT", "LIKE_NUM")

_EDGE_TEXTS = ["", " ", "\n\n", "Un.", "« Non », a dit Emmanuel Macron à Bruxelles.\n\nFin du 26/02/2024."]


@pytest.fixture(scope="module")
def docs():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEED_CORPUS.glob("*.txt"))][:2] + _EDGE_TEXTS
    return list(get_nlp().pipe(texts))


def _same_doc(a, b):
    assert a.text == b.text
    if len(a):
        assert (a.to_array(_ATTRS) == b.to_array(_ATTRS)).all()
    assert [str(t.morph) for t in a] == [str(t.morph) for t in b]
    assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
    assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
    if len(a):
        assert [s.start for s in a.sents] == [s.start for s in b.sents]


def test_cached_parse_reads_back_equal_in_a_fresh_vocab(docs, tmp_path):
    """A parse written by one process is read by another, whose vocabulary has never seen
    the article's lemmas or labels: the strings must travel with the parse."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    cache = ParseCache(tmp_path)
    for doc in docs:
        cache.put(doc, doc.text)
        again = cache.get(doc.text, get_nlp().vocab)
        assert again is not None
        _same_doc(doc, again)
        msg = doc_to_dict(doc, doc.text)
        strings = {doc.vocab.strings[h] for h in msg["array_body"][:, 2:10].ravel().tolist()}
        assert strings <= set(msg["strings"])
        fresh = Doc(Vocab()).from_dict(msg)
        assert [t.lemma_ for t in fresh] == [t.lemma_ for t in doc]
        assert [t.dep_ for t in fresh] == [t.dep_ for t in doc]


def test_corrupt_or_foreign_cache_entry_is_reparsed_not_fatal(docs, tmp_path):
    cache = ParseCache(tmp_path)
    doc = docs[-1]
    cache.put(doc, doc.text)
    cache.path(doc.text).write_bytes(b"not a parse")
    assert cache.get(doc.text, get_nlp().vocab) is None


def test_token_table_of_a_doc_equals_a_walk_over_its_tokens(docs):
    for doc in docs:
        assert TokenTable.of(doc) == TokenTable.of(list(doc))
    table = TokenTable.of(docs[-1])
    assert type(table.is_alpha[0]) is bool and type(table.idx[0]) is int


def test_a_line_break_always_starts_a_sentence_and_nothing_else_is_forced():
    from spacy.attrs import SENT_START

    from analysis.engine.nlp import newline_sentence_starts

    nlp = get_nlp()
    text = "Mistral AI lève des fonds\nMicrosoft investit 15 millions d'euros. Bruxelles\n\nregarde « de près »\n"
    doc = newline_sentence_starts(nlp.make_doc(text))
    forced = [i for i, v in enumerate(doc.to_array(SENT_START).tolist()) if v == 1]
    assert [doc[i].text for i in forced] == ["Mistral", "Microsoft", "regarde"]
    parsed = {s.text.strip() for s in nlp(text).sents}
    assert {"Mistral AI lève des fonds", "regarde « de près »"} <= parsed
    assert len(newline_sentence_starts(nlp.make_doc(""))) == 0
    assert len(newline_sentence_starts(nlp.make_doc("\n"))) == 1
