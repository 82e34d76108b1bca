"""Tone: French constructions, language flag, short articles, targets, evidence offsets."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.engine.nlp import get_nlp
from analysis.knowledge import Knowledge
from analysis.measures.tone import (
    LOW_EVIDENCE_SENTENCES,
    LOW_EVIDENCE_WORDS,
    MIN_WORDS,
    SCORE_PRIOR,
    ToneFileError,
    add_hit,
    balance,
    build_lexicon,
    detect_language,
    lemma_sums,
    load_lexicon,
    low_evidence,
    parse_base_lexicon,
    parse_domain_lexicon,
    score_tokens,
    sentence_tone,
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
    ("Ils n'ont aucun doute.", "doute", 0, "aucun"),                    # a denied negative: weight 0
    ("Une tentative sans succès.", "succès", -1, "sans"),
    ("Il n'y a rien de bon.", "bon", -1, "rien"),
    ("C'est plus efficace.", "efficace", +1, None),                     # comparative plus is not a negation
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
    assert (hit.weight > 0) == (sign > 0) and (hit.weight == 0) == (sign == 0)
    if modifier:
        assert any(modifier in m for m in hit.modifiers), hit.modifiers
    else:
        assert not any("négation" in m for m in hit.modifiers)


# --------------------------------------------------------------------------- negation scope

def test_negation_applies_to_the_first_charged_word_of_its_clause_only(lexicon):
    # "ne … pas" negates the verb; the object keeps its own polarity
    hits = {h.word: h for h in hits_of("La réforme de Mme Vasseur n'a pas résolu la crise du logement.", lexicon)}
    assert any("négation" in m for m in hits["résolu"].modifiers) and hits["résolu"].weight < 0
    assert hits["crise"].weight == hits["crise"].base_weight < 0
    assert not any("négation" in m for m in hits["crise"].modifiers)
    # each negator negates its own word
    hits = {h.word: h for h in hits_of("Le plan n'est ni efficace ni utile.", lexicon)}
    assert hits["efficace"].weight < 0 and hits["utile"].weight < 0


def test_a_negated_negative_word_is_denied_not_turned_into_praise(lexicon):
    hit = weight_of("Le pont de Valbrune n'a pas été détruit.", "détruit", lexicon)
    assert hit.base_weight < 0 and hit.weight == 0 and str(hit.weight) == "0.0"
    assert any("négation" in m for m in hit.modifiers)
    # a negated positive word still turns negative
    assert weight_of("Le festival de Korvel n'a pas été un succès.", "succès", lexicon).weight < 0


@pytest.mark.parametrize("text,word", [
    ("La tempête de Kerlouan a fait pas moins de vingt blessés.", "blessés"),
    ("La cité de Morlange subit non seulement un échec mais aussi une crise.", "échec"),
    ("Les électeurs ne voient pas seulement un échec dans ce vote.", "échec"),
], ids=lambda t: t[:40] if " " in t else t)
def test_pseudo_negations_do_not_negate(text, word, lexicon):
    hit = weight_of(text, word, lexicon)
    assert hit.weight == hit.base_weight < 0 and not hit.modifiers


@pytest.mark.parametrize("text,word", [
    ("La vallée de l'Orbe n'a jamais subi un tel désastre.", "désastre"),
    ("Le chômage n'a jamais été aussi grave dans la région.", "grave"),
], ids=lambda t: t[:40] if " " in t else t)
def test_never_with_a_degree_word_intensifies_instead_of_negating(text, word, lexicon):
    hit = weight_of(text, word, lexicon)
    assert hit.weight < hit.base_weight < 0
    assert any("jamais" in m and "intensificateur" in m for m in hit.modifiers)
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
    from analysis.measures.tone import outlet_targets, outlet_tone

    arts = seed_results.articles
    ot = outlet_tone(arts, seed_results["tone_voices"])
    afp = ot[(ot["outlet"] == "AFP") & (ot["voice"] == "all")].iloc[0]
    assert afp["tone_net"] == pytest.approx(arts.set_index("outlet").loc["AFP", "tone_net"])
    assert set(outlet_targets(arts, seed_results["targets"])["target"]) >= {"Mistral AI", "Microsoft"}
    assert outlet_tone(arts.iloc[0:0], seed_results["tone_voices"]).empty
    assert MIN_WORDS > 0


# --------------------------------------------------------------------------- press vocabulary (issue #15)

# Invented news sentences, one per family of press words: (sentence, charged word, expected sign).
PRESS_WORDS = [
    ("Trois otages ont été retenus pendant deux jours.", "otages", -1),
    ("L'attentat a visé une gare du centre-ville.", "attentat", -1),
    ("Le bilan fait état de douze victimes.", "victimes", -1),
    ("Deux passants sont décédés à l'hôpital.", "décédés", -1),
    ("Le maire a été condamné à deux ans de prison avec sursis.", "condamné", -1),
    ("L'ancien ministre est soupçonné de corruption.", "corruption", -1),
    ("La réforme suscite une vive polémique au Parlement.", "polémique", -1),
    ("Les syndicats dénoncent un plan de licenciements.", "dénoncent", -1),
    ("La flambée des prix de l'énergie inquiète les ménages.", "flambée", -1),
    ("Le constructeur annonce la suppression de postes dans deux usines.", "suppression de postes", -1),
    ("La grève des contrôleurs perturbe le trafic.", "grève", -1),
    ("L'initiative a été saluée par les associations.", "saluée", +1),
    ("L'équipe a remporté la finale dimanche.", "remporté", +1),
    ("Les deux otages ont été libérés samedi.", "libérés", +1),
    ("Les chercheurs annoncent une percée dans le traitement de la maladie.", "percée", +1),
    ("Les deux camps ont signé une trêve.", "trêve", +1),
]


@pytest.mark.parametrize("text,word,sign", PRESS_WORDS, ids=[c[0] for c in PRESS_WORDS])
def test_press_event_and_evaluation_words_are_charged(text, word, sign, lexicon):
    hit = weight_of(text, word, lexicon)
    assert (hit.weight > 0) == (sign > 0) and hit.source == "domaine"


@pytest.mark.parametrize("text", [
    "Les forces de l'ordre sont arrivées sur place vers midi.",
    "Le Conseil de sécurité se réunit mardi.",
    "Selon une source proche du dossier, le texte sera examiné en juin.",
    "Le groupe a acquis une société concurrente.",
    "Les impôts augmenteront l'an prochain.",
    "Il a assisté à la réunion en particulier pour ce point.",
], ids=lambda t: t[:40])
def test_descriptive_news_senses_are_not_charged(text, lexicon):
    assert hits_of(text, lexicon) == []


@pytest.mark.parametrize("text,word", [
    ("Le prix du carburant reste stable à Vernelle.", "prix"),
    ("Les Nations unies publient un rapport sur la pêche.", "unies"),
    ("Le secteur privé emploie deux mille personnes à Dorvas.", "privé"),
    ("Les frais de dossier passent à trente euros.", "frais"),
    ("Le vol reliant Brest à Tallinn a décollé à l'heure.", "vol"),
    ("Le conseil municipal se réunit en session extraordinaire lundi.", "extraordinaire"),
    ("Une taxe exceptionnelle sur les yachts est votée.", "exceptionnelle"),
    ("Le joueur a rejoint le club de Saint-Arvel.", "joueur"),
    ("La Cour suprême examinera le recours en mars.", "suprême"),
], ids=lambda t: t[:40] if " " in t else t)
def test_frequent_general_words_with_a_descriptive_news_sense_are_not_charged(text, word, lexicon):
    # the frequency audit of the general lexicon (data/tone_domain.tsv, last block)
    assert not [h for h in hits_of(text, lexicon) if word in h.word.lower() and h.weight != 0]


@pytest.mark.parametrize("text,charged", [
    ("Le PP a exclu un député.", False),        # acronym in a mixed-case sentence: not the chat word "pp"
    ("Selon le PB du groupe, rien ne change.", False),
    ("C'est un vrai pb pour eux.", True),        # lower case: the general lexicon's word
])
def test_short_capitals_in_a_mixed_case_sentence_are_acronyms(text, charged):
    lex = build_lexicon(parse_base_lexicon("pp->2.4\npb->-1.6\n"), {})
    assert bool(score_tokens(list(get_nlp()(text)), lex)) is charged


# --------------------------------------------------------------------------- the article score

def _sums(pairs):
    acc: dict = {}
    for lemma, w in pairs:
        add_hit(acc, type("H", (), {"lemma": lemma, "weight": w})())
    return lemma_sums(acc)


def test_repeated_topic_word_counts_once_in_the_net_tone():
    # a story about a law against harassment: the topic word five times, three favourable words once
    sums = _sums([("harcèlement", -2.5)] * 5 + [("saluer", 2.0), ("progrès", 1.8), ("unanimité", 1.0)])
    assert sums["n_charged"] == 4
    assert balance(sums["weight_sum"], sums["weight_abs"]) > 0
    assert sums["weight_sum"] == pytest.approx(-2.5 + 4.8)


def test_a_score_resting_on_one_word_stays_moderate_and_grows_with_evidence():
    one = balance(4.0, 4.0)
    assert one == pytest.approx(4.0 / (4.0 + SCORE_PRIOR)) and one <= 0.5
    many = _sums([(f"mot{i}", -2.0) for i in range(10)])
    assert -1 < balance(many["weight_sum"], many["weight_abs"]) < -0.8
    assert balance(0.0, 0.0) == 0.0


def test_negated_word_keeps_its_sign_after_averaging():
    sums = _sums([("succès", 2.2), ("succès", -1.628)])  # "un succès", then "pas un succès"
    assert sums["weight_sum"] == pytest.approx((2.2 - 1.628) / 2) and sums["n_charged"] == 1


@pytest.mark.parametrize("n_charged,n_sentences,low", [
    (LOW_EVIDENCE_WORDS - 1, 10, True),
    (LOW_EVIDENCE_WORDS, LOW_EVIDENCE_SENTENCES - 1, True),
    (LOW_EVIDENCE_WORDS, LOW_EVIDENCE_SENTENCES, False),
])
def test_low_evidence_flag(n_charged, n_sentences, low):
    assert low_evidence(n_charged, n_sentences) is low


def test_article_and_outlet_scores_carry_their_evidence(seed_results):
    from analysis.measures.tone import outlet_targets, outlet_tone

    arts = seed_results.articles.set_index("article_id")
    tv = seed_results["tone_voices"]
    for r in tv[tv["voice"] == "all"].itertuples():
        assert arts.loc[r.article_id, "tone_n_charged"] == r.n_charged
        assert arts.loc[r.article_id, "tone_net"] == pytest.approx(balance(r.weight_sum, r.weight_abs))
        assert bool(arts.loc[r.article_id, "tone_low_evidence"]) == low_evidence(r.n_charged, r.n_sentences)
    ot = outlet_targets(seed_results.articles, seed_results["targets"])
    assert {"n_charged", "low_evidence"} <= set(ot.columns)
    assert ot["tone_net"].between(-1, 1).all()
    one = ot[ot["n_sentences"] < LOW_EVIDENCE_SENTENCES]
    assert one["low_evidence"].all()
    pooled = outlet_tone(seed_results.articles, tv)
    row = pooled[pooled["voice"] == "all"].iloc[0]
    assert row["tone_net"] == pytest.approx(balance(row["weight_sum"], row["weight_abs"]))
