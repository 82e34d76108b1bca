import math

import pytest

from analysis.measures.readability import (
    flesch_reading_ease_fr,
    lix,
    mtld,
    readability_row,
    words_of,
)


def test_kandel_moles_formula():
    # 207 - 1.015 * 10 - 73.6 * 1.5 = 86.45
    assert flesch_reading_ease_fr(100, 10, 150) == pytest.approx(86.45)
    assert flesch_reading_ease_fr(0, 0, 0) is None


def test_lix_formula():
    assert lix(100, 10, 30) == pytest.approx(40.0)
    assert lix(0, 1, 0) is None


def test_words_are_orthographic_words_with_offsets():
    words = words_of("L’école, vis-à-vis du théâtre : 81,2 %.", offset=10)
    assert [w.text for w in words] == ["L'école", "vis-à-vis", "du", "théâtre"]
    assert [w.syllables for w in words] == [2, 3, 1, 2]
    assert words[0].start == 10 and words[0].end == 17


def test_mtld_needs_enough_tokens_and_rewards_diversity():
    assert mtld(["a"] * 10) is None
    repetitive = ["le", "chat", "dort"] * 40
    diverse = [f"mot{i}" for i in range(120)]
    assert mtld(diverse) > mtld(repetitive)


def test_readability_row_on_two_sentences():
    s1 = words_of("Le chat dort.")
    s2 = words_of("Il fait beau aujourd'hui.")
    row = readability_row([s1, s2])
    assert row["n_words"] == 7 and row["n_sentences"] == 2
    assert row["words_per_sentence"] == pytest.approx(3.5)
    expected_syl = (1 + 1 + 1) + (1 + 1 + 1 + 3)
    assert row["syllables_per_word"] == pytest.approx(expected_syl / 7)
    assert math.isclose(row["flesch_fr"], 207 - 1.015 * 3.5 - 73.6 * expected_syl / 7)


def test_seed_readability_values_are_plausible_and_consistent(seed_results):
    arts = seed_results["articles"].set_index("article_id")
    assert (arts["flesch_fr"].between(20, 90)).all()
    assert (arts["n_sentences"] >= 15).all()
    sents = seed_results["sentences"]
    for aid, row in arts.iterrows():
        basis = sents[(sents.article_id == aid) & sents.in_readability]
        assert basis["n_words"].sum() == row["n_words"]
        assert len(basis) == row["n_sentences"]
