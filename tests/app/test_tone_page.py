"""The Tonalité page under several filters, voices and an empty selection (AppTest)."""
from __future__ import annotations

import pytest

from tests.app.test_pages import run_page

PAGE = "pages/tone.py"


@pytest.mark.parametrize("state", [
    None,
    {"flt_outlets": ["AFP"]},
    {"flt_outlets": ["Journal du Geek", "La Tribune"], "tone_voice": "journalist"},
    {"tone_voice": "quoted"},
    {"tone_voice": "comments"},
], ids=["all", "afp", "two_journalist", "quoted", "comments"])
def test_tone_page_renders_charts_and_states_sample_sizes(state, cache_dir):
    at = run_page(PAGE, state, cache_dir)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Tonalité"
    assert any(m.label.startswith("Tonalité nette") for m in at.metric)
    assert len(at.get("plotly_chart")) >= 2  # strip + heatmap (+ bars when the voice has text)


def test_tone_page_empty_selection_says_so(cache_dir):
    at = run_page(PAGE, {"flt_outlets": []}, cache_dir)
    assert not at.exception
    assert any("Aucun article" in i.value for i in at.info)


def test_tone_page_quoted_voice_without_enough_text_says_so(cache_dir):
    at = run_page(PAGE, {"flt_outlets": ["Forbes France"], "tone_voice": "quoted"}, cache_dir)
    assert not at.exception
    assert any("Pas assez de texte" in i.value for i in at.info)


def test_tone_page_says_what_the_article_score_rests_on(cache_dir):
    at = run_page(PAGE, None, cache_dir)
    assert not at.exception
    notes = [c.value for c in at.caption] + [w.value for w in at.warning]
    assert any("mot(s) chargé(s) distinct(s)" in n for n in notes), notes
    assert any("peu d'indices" in c.value.lower() for c in at.caption)


def test_methods_page_gives_tone_agreement_and_its_commands(cache_dir):
    at = run_page("pages/methods.py", None, cache_dir)
    assert not at.exception
    limits = " ".join(i.value for i in at.info)
    assert "score.py" in limits and "Spearman" in limits and "ironie" in limits
