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
