"""Tone chart builders: evidence shown, low-evidence cells kept out of the colour scale (issue #15)."""
from __future__ import annotations

import pandas as pd
import pytest

from ui.tone_charts import MIN_COLOR_RANGE, target_heatmap, tone_net_dots


def _targets(rows):
    cols = ["outlet", "target", "n_articles", "n_sentences", "n_words", "n_pos", "n_neg", "n_charged",
            "weight_sum", "weight_abs", "tone_net", "tone_mean", "low_evidence"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


TARGETS = _targets([
    ("Média A", "Cible 1", 2, 12, 300, 9, 3, 10, 6.0, 20.0, 0.25, 0.1, False),
    ("Média B", "Cible 1", 1, 8, 200, 2, 6, 7, -3.0, 12.0, -0.19, -0.1, False),
    ("Média A", "Cible 2", 1, 1, 20, 2, 0, 2, 5.0, 5.0, 0.9, 0.6, True),  # one sentence, two words
])


def test_one_sentence_cell_does_not_stretch_the_target_colour_scale():
    fig = target_heatmap(TARGETS)
    solid, grey = fig.data
    assert solid.zmax == pytest.approx(0.25) and solid.zmin == pytest.approx(-0.25)
    values = pd.DataFrame(solid.z, index=solid.y, columns=solid.x)
    assert pd.isna(values.loc["Cible 2", "Média A"])  # not painted on the shared scale...
    grey_values = pd.DataFrame(grey.z, index=grey.y, columns=grey.x)
    assert grey_values.loc["Cible 2", "Média A"] == 1  # ...but drawn grey, with its value and a star
    text = pd.DataFrame(solid.text, index=solid.y, columns=solid.x)
    assert text.loc["Cible 2", "Média A"].startswith("0,90*")
    assert "*" not in text.loc["Cible 1", "Média A"]


def test_heatmap_without_low_evidence_cells_has_one_trace_and_a_minimum_range():
    flat = _targets([("Média A", "Cible 1", 1, 9, 200, 3, 3, 6, 0.1, 9.0, 0.01, 0.0, False)])
    fig = target_heatmap(flat)
    assert len(fig.data) == 1 and fig.data[0].zmax == MIN_COLOR_RANGE


def test_heatmap_reads_tables_without_evidence_columns():
    old = TARGETS.drop(columns=["n_charged", "low_evidence"])
    fig = target_heatmap(old)
    assert len(fig.data) == 1 and fig.data[0].zmax == pytest.approx(0.9)


def test_net_tone_dots_mark_outlets_resting_on_little():
    cols = ["outlet", "voice", "n_articles", "n_words", "n_pos", "n_neg", "n_sentences", "n_charged", "weight_sum",
            "weight_abs", "tone_pos", "tone_neg", "tone_polarity", "tone_net", "low_evidence"]
    table = pd.DataFrame([
        ("Média A", "all", 3, 900, 30, 20, 40, 25, 8.0, 40.0, 0.03, 0.02, 0.05, 0.18, False),
        ("Média B", "all", 1, 34, 1, 0, 2, 1, 2.0, 2.0, 0.03, 0.0, 0.03, 0.33, True),
    ], columns=cols)
    fig = tone_net_dots(table, voice_label="Texte du média")
    solid, low = fig.data
    assert list(solid.y) == ["Média A"] and list(low.y) == ["Média B"]
    assert "Peu d'indices" in low.name
    assert tuple(fig.layout.xaxis.range) == (-1, 1)
    assert solid.customdata[0][1] == 25  # distinct charged words in the hover
