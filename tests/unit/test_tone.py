"""Tone: French constructions, language flag, short articles, targets, evidence offsets."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.knowledge import Knowledge
from analysis.nlp import get_nlp
from analysis.tone import (
    MIN_WORDS, ToneFileError, detect_language, load_lexicon, parse_domain_lexicon, score_tokens, sentence_tone,
)
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(Knowledge(ROOT / "data"))


def hits_of(text, lexicon):
    return score_tokens(list(get_nlp()(text)), lexicon)


def weight_of(text, word, lexicon):
    found = [h for h in hits_of(text, lexicon) if h.word.lower() == word.lower()]
    assert found, f"{word!r} not charged in {text!r}: {hits_of(text, lexicon)}"
    return found[0]


# (sentence, charged word, expected sign, modifier expected in the evidence)
CONSTRUCTIONS = [
    ("C'est un succès.", "succès", +1, None),
    ("Ce n'est pas un succès.", "succès", -1, "ne … pas"),
    ("Ce n’est pas un succès.", "succès", -1, "ne … pas"),               # typographic apostrophe
    ("Il ne réussit plus.", "réussit", -1, "ne … plus"),
    ("Il n'a jamais réussi.", "réussi", -1, "ne … jamais"),
    ("Ce n'est pas du tout formidable.", "formidable", -1, "pas du tout"),
    ("Ils n'ont aucun doute.", "doute", +1, "aucun"),
    ("Une tentative sans succès.", "succès", -1, "sans"),
    ("Il n'y a rien de bon.", "bon", -1, "rien"),
    ("C'est plus important.", "important", +1, None),                   # comparative plus is not a negation
    ("C'est très mauvais.", "mauvais", -1, "très"),
    ("C'est un peu décevant.", "décevant", -1, "un peu"),
    ("Une solution peu fiable.", "fiable", -1, "peu"),                     # "peu fiable" ≈ not reliable
    ("L'échec est total.", "échec", -1, None),                            # elision
    ("L’échec est total.", "échec", -1, None),
    ("EXCELLENTE nouvelle pour eux.", "EXCELLENTE", +1, "majuscules"),  # capitals, case-insensitive match
    ("Excellente nouvelle pour eux.", "Excellente", +1, None),
    ("C'est une douche froide pour l'Europe.", "douche froide", -1, None),  # domain multiword
    ("Des douches froides à répétition.", "douches froides", -1, None),    # inflected multiword
    ("Il faut se réjouir de cet accord.", "se réjouir", +1, None),
    ("Ils ont été bernés.", "bernés", -1, None),                          # lemma berner (domain)
    ("Une véritable trahison.", "trahison", -1, "véritable"),
]


@pytest.mark.parametrize("text,word,sign,modifier", CONSTRUCTIONS, ids=[c[0] for c in CONSTRUCTIONS])
def test_french_constructions(text, word, sign, modifier, lexicon):
    hit = weight_of(text, word, lexicon)
    assert (hit.weight > 0) == (sign > 0)
    if modifier:
        assert any(modifier in m for m in hit.modifiers), hit.modifiers
    else:
        assert not any("négation" in m for m in hit.modifiers)


def test_intensifier_and_attenuator_change_the_magnitude(lexicon):
    base = weight_of("C'est décevant.", "décevant", lexicon).weight
    assert abs(weight_of("C'est très décevant.", "décevant", lexicon).weight) > abs(base)
    assert abs(weight_of("C'est un peu décevant.", "décevant", lexicon).weight) < abs(base)
    full = weight_of("Ce n'est pas du tout formidable.", "formidable", lexicon).weight
    plain = weight_of("Ce n'est pas formidable.", "formidable", lexicon).weight
    assert full < plain < 0


def test_neutralised_words_and_sentence_tone_bounds(lexicon):
    assert hits_of("Le géant américain a signé un accord.", lexicon) == []     # domain weight 0
    assert sentence_tone([]) == 0.0
    hits = hits_of("Une trahison, une hypocrisie, un revers, une douche froide, un échec.", lexicon)
    assert -1 <= sentence_tone(hits) < -0.8


@pytest.mark.parametrize("text,lang", [
    ("This is a disaster for Europe and the regulators have been fooled.", "en"),
    ("Les régulateurs européens ont été bernés, regrette-t-elle.", "fr"),
    ("Mistral AI", None),
])
def test_language_detection(text, lang):
    assert detect_language(text) == lang


def test_domain_lexicon_errors_name_the_line():
    with pytest.raises(ToneFileError, match="ligne 2"):
        parse_domain_lexicon("expression\tweight\trationale\ntrahison\tbeaucoup\tx\n")
    with pytest.raises(ToneFileError, match="échelle"):
        parse_domain_lexicon("trahison\t-7\tx\n")
    with pytest.raises(ToneFileError, match="3 colonnes"):
        parse_domain_lexicon("trahison\t-2\n")


def _run(make_corpus, cache_dir, files):
    from analysis import run_corpus

    return run_corpus(make_corpus(files), cache_dir=cache_dir)


def test_english_sentence_is_flagged_not_scored_and_short_article_gets_none(make_corpus, cache_dir):
    fr = ("Le partenariat entre Mistral AI et Microsoft est une excellente nouvelle pour la start-up française. "
          "Mais les institutions européennes dénoncent une trahison et une hypocrisie. "
          "Le gouvernement français se réjouit de cet accord formidable.")
    res = _run(make_corpus, cache_dir, {
        "long": fr + " This deal is a disaster for Europe and the regulators have been fooled by the company.",
        "court": "Un succès.",
    })
    s = res["sentences"]
    eng = s[s["text"].str.startswith("This deal")].iloc[0]
    assert eng["part"] == "body"  # an English sentence inside a French paragraph (a whole English line is alt text)
    assert eng["tone_status"] == "other_language" and eng["language"] == "en" and pd.isna(eng["tone"])
    arts = res.articles.set_index("article_id")
    assert arts.loc["long", "tone_n_other_language"] == 1
    assert pd.isna(arts.loc["court", "tone_net"])  # too short: no score, not a zero
    assert arts.loc["long", "tone_neg"] > 0 and arts.loc["long", "tone_pos"] > 0
    assert arts.loc["long", "tone_polarity"] == pytest.approx(arts.loc["long", "tone_pos"] + arts.loc["long", "tone_neg"])
    ev = res["tone_evidence"]
    assert not ev["word"].str.contains("disaster|fooled").any()
    # targets: EU institutions negative, French government positive
    t = res["targets"].set_index(["article_id", "target"])
    assert t.loc[("long", "Institutions de l'UE"), "tone_net"] < 0
    assert t.loc[("long", "Gouvernement français"), "tone_net"] > 0
    assert t.loc[("long", "Microsoft"), "n_sentences"] == 1


def test_quoted_voice_is_separated_using_the_quotes_table(make_corpus, cache_dir):
    journalist = "Le journaliste décrit calmement la signature de cet accord entre deux entreprises du secteur. "
    res = _run(make_corpus, cache_dir, {
        "q": journalist * 2 + "« C'est une trahison, une hypocrisie, un échec terrible, une honte absolue pour nous tous et "
             "pour toute l'Europe, et nous le dirons encore demain devant la commission », a déclaré une députée.",
    })
    row = res.articles.iloc[0]
    assert row["tone_neg_quoted"] > 0.1
    assert row["tone_neg_journalist"] == 0
    assert row["tone_quote_source"] == "quotes"  # the quotes step runs before tone


def test_evidence_offsets_point_into_the_raw_text(seed_results):
    texts = {a.id: a.text for a in seed_results.corpus.articles}
    ev = seed_results["tone_evidence"]
    assert len(ev) > 50
    for r in ev.itertuples():
        assert texts[r.article_id][r.start:r.end] == r.word
    s = seed_results["sentences"]
    scored = s[s["tone_status"] == "scored"]
    assert scored["tone"].between(-1, 1).all()
    assert s.loc[s["tone_status"] != "scored", "tone"].isna().all()


def test_outlet_tables_pool_the_article_tables(seed_results):
    from analysis.tone import outlet_targets, outlet_tone

    arts = seed_results.articles
    ot = outlet_tone(arts, seed_results["tone_voices"])
    afp = ot[(ot["outlet"] == "AFP") & (ot["voice"] == "all")].iloc[0]
    assert afp["tone_net"] == pytest.approx(arts.set_index("outlet").loc["AFP", "tone_net"])
    assert set(outlet_targets(arts, seed_results["targets"])["target"]) >= {"Mistral AI", "Microsoft"}
    assert outlet_tone(arts.iloc[0:0], seed_results["tone_voices"]).empty
    assert MIN_WORDS > 0
