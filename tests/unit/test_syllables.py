from pathlib import Path

import pytest

from analysis import count_syllables

GOLD = Path(__file__).parent / "data" / "syllables_fr.tsv"


def _gold():
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        word, n, verb = line.split("\t")[:3]
        yield word, int(n), verb == "1"


@pytest.mark.parametrize("word, expected, verb", list(_gold()))
def test_french_syllable_count_matches_spoken_count(word, expected, verb):
    assert count_syllables(word, verb=verb) == expected


@pytest.mark.parametrize("word, expected", [
    ("école", 2), ("idée", 2), ("président", 3), ("théâtre", 2), ("pays", 2), ("géant", 2),
])
def test_issue_examples_where_textstat_is_wrong(word, expected):
    assert count_syllables(word) == expected


@pytest.mark.parametrize("token, expected", [("", 0), ("123", 0), ("—", 0), ("l'", 0), ("Mme", 1)])
def test_non_words_and_clitics(token, expected):
    assert count_syllables(token) == expected


def test_final_ent_is_mute_only_for_verbs():
    assert count_syllables("parlent", verb=True) == 1
    assert count_syllables("président", verb=False) == 3
