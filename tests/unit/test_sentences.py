import pytest

from analysis.corpus.articles import Article
from analysis.corpus.clean import segment_article
from analysis.corpus.sentences import split_sentences
from analysis.engine.nlp import get_nlp


def sentences(text: str) -> list[str]:
    art = Article(id="t", text=text)
    doc = get_nlp()(text)
    return [text[s.start:s.end] for s in split_sentences(doc, segment_article(art))]


@pytest.mark.parametrize("text, expected", [
    # abbreviations do not end a sentence
    ("M. Dupont est arrivé hier soir à Paris. Il repart demain.",
     ["M. Dupont est arrivé hier soir à Paris.", "Il repart demain."]),
    ("Selon Mme. Durand, le projet avance. La suite est prévue en mars.",
     ["Selon Mme. Durand, le projet avance.", "La suite est prévue en mars."]),
    # decimals and units are not sentence ends
    ("Avec un score de 81,2\u00a0%, il est deuxième. Seul GPT-4 fait mieux avec 86,4\u00a0%.",
     ["Avec un score de 81,2\u00a0%, il est deuxième.", "Seul GPT-4 fait mieux avec 86,4\u00a0%."]),
    ("Microsoft investit 15 M€ dans la start-up. La somme est modeste.",
     ["Microsoft investit 15 M€ dans la start-up.", "La somme est modeste."]),
    # an ellipsis followed by a capital ends a sentence
    ("Et maintenant regardez… Les régulateurs ont été bernés.",
     ["Et maintenant regardez…", "Les régulateurs ont été bernés."]),
    # a paragraph break always ends a sentence, even with no full stop
    ("Un intertitre sans point\nLe paragraphe commence ici.",
     ["Un intertitre sans point", "Le paragraphe commence ici."]),
])
def test_french_sentence_splitting(text, expected):
    assert sentences(text) == expected


def test_closing_quote_and_incise_stay_with_their_sentence():
    text = "« Les régulateurs ont été bernés », regrette-t-elle. Puis elle part."
    got = sentences(text)
    assert got[0].startswith("« Les régulateurs") and got[0].endswith("regrette-t-elle.")
    assert got[-1] == "Puis elle part."


def test_sentence_offsets_point_into_the_raw_text():
    text = " date 2024-02 Premier point. Second point.\n\nTroisième."
    art = Article(id="t", text=text)
    sents = split_sentences(get_nlp()(text), segment_article(art))
    for s in sents:
        assert text[s.start:s.end].strip() == text[s.start:s.end]
    assert [text[s.start:s.end] for s in sents if s.part == "body"] == ["Premier point.", "Second point.", "Troisième."]
