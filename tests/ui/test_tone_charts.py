"""Tone chart builders: evidence shown, low-evidence cells kept out of the colour scale (issue #15)."""
from __future__ import annotations

import pandas as pd
import pytest

from ui.tone_charts import (
    DARK_TEXT,
    LIGHT_LABELS,
    LIGHT_TEXT,
    LOW_EVIDENCE_LABEL,
    MIN_COLOR_RANGE,
    apca_contrast,
    scale_color,
    target_heatmap,
    text_color_on,
    tone_net_dots,
)


def _targets(rows):
    cols = ["outlet", "target", "n_articles", "n_sentences", "n_words", "n_pos", "n_neg", "n_charged",
            "weight_sum", "weight_abs", "tone_net", "tone_mean", "low_evidence"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


TARGETS = _targets([
    ("Média A", "Cible 1", 2, 12, 300, 9, 3, 10, 6.0, 20.0, 0.25, 0.1, False),
    ("Média B", "Cible 1", 1, 8, 200, 2, 6, 7, -3.0, 12.0, -0.19, -0.1, False),
    ("Média A", "Cible 2", 1, 1, 20, 2, 0, 2, 5.0, 5.0, 0.9, 0.6, True),  # one sentence, two words
])


def _trace(fig, name):
    return next((d for d in fig.data if d.name == name), None)


def _labels(fig) -> pd.DataFrame:
    """Each cell's label and its colour, whichever trace draws it (grey cells excluded)."""
    rows = []
    for d in fig.data:
        if d.name == LOW_EVIDENCE_LABEL:
            continue
        for y, row in zip(d.y, d.text):
            rows += [(y, x, s, d.textfont.color) for x, s in zip(d.x, row) if s]
    return pd.DataFrame(rows, columns=["target", "outlet", "label", "color"]).set_index(["target", "outlet"])


def test_one_sentence_cell_does_not_stretch_the_target_colour_scale():
    fig = target_heatmap(TARGETS)
    solid, grey = _trace(fig, "Tonalité nette"), _trace(fig, LOW_EVIDENCE_LABEL)
    assert solid.zmax == pytest.approx(0.25) and solid.zmin == pytest.approx(-0.25)
    values = pd.DataFrame(solid.z, index=solid.y, columns=solid.x)
    assert pd.isna(values.loc["Cible 2", "Média A"])  # not painted on the shared scale...
    grey_values = pd.DataFrame(grey.z, index=grey.y, columns=grey.x)
    assert grey_values.loc["Cible 2", "Média A"] == 1  # ...but drawn grey, with its value and a star
    text = pd.DataFrame(grey.text, index=grey.y, columns=grey.x)
    assert text.loc["Cible 2", "Média A"].startswith("0,90*")
    assert text.loc["Cible 1", "Média A"] == ""
    assert "*" not in _labels(fig).loc[("Cible 1", "Média A"), "label"]


def test_heatmap_labels_follow_the_cell_luminance():
    # the strongest cells (the ends of the scale) are dark: white labels; pale cells: dark labels
    fig = target_heatmap(_targets([
        ("Média A", "Cible 1", 2, 12, 300, 9, 3, 10, 6.0, 20.0, 0.60, 0.1, False),
        ("Média B", "Cible 1", 1, 8, 200, 2, 6, 7, -3.0, 12.0, -0.60, -0.1, False),
        ("Média A", "Cible 2", 1, 9, 200, 3, 3, 6, 0.1, 9.0, 0.05, 0.0, False),
    ]))
    labels = _labels(fig)
    assert labels.loc[("Cible 1", "Média A"), "color"] == LIGHT_TEXT   # darkest green
    assert labels.loc[("Cible 1", "Média B"), "color"] == LIGHT_TEXT   # darkest vermilion
    assert labels.loc[("Cible 2", "Média A"), "color"] == DARK_TEXT    # near white
    assert labels.loc[("Cible 1", "Média A"), "label"].startswith("0,60")
    assert _trace(fig, LIGHT_LABELS).showscale is False  # one colour bar


def test_each_cell_label_is_written_once():
    # plotly writes a trace's text even where its z is empty: two traces with the same labels
    # would write a dark label over the white one
    fig = target_heatmap(TARGETS)
    written = [(y, x) for d in fig.data for y, row in zip(d.y, d.text) for x, s in zip(d.x, row) if s]
    assert len(written) == len(set(written)) == TARGETS["tone_net"].notna().sum()


@pytest.mark.parametrize("value,color", [(1.0, LIGHT_TEXT), (-1.0, LIGHT_TEXT), (0.0, DARK_TEXT), (0.3, DARK_TEXT)])
def test_label_colour_is_the_one_with_more_contrast(value, color):
    rgb = scale_color(value, 1.0)
    assert text_color_on(rgb) == color
    other = DARK_TEXT if color == LIGHT_TEXT else LIGHT_TEXT
    from ui.tone_charts import _rgb
    assert abs(apca_contrast(_rgb(color), rgb)) > abs(apca_contrast(_rgb(other), rgb))


def test_heatmap_without_low_evidence_cells_has_one_trace_and_a_minimum_range():
    flat = _targets([("Média A", "Cible 1", 1, 9, 200, 3, 3, 6, 0.1, 9.0, 0.01, 0.0, False)])
    fig = target_heatmap(flat)
    assert len(fig.data) == 1 and fig.data[0].zmax == MIN_COLOR_RANGE


def test_heatmap_reads_tables_without_evidence_columns():
    old = TARGETS.drop(columns=["n_charged", "low_evidence"])
    fig = target_heatmap(old)
    assert _trace(fig, LOW_EVIDENCE_LABEL) is None and fig.data[0].zmax == pytest.approx(0.9)


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


def test_long_chart_title_is_wrapped_not_cut():
    """A title holding an article's label is broken over lines (Plotly cuts it at the edge)."""
    import plotly.graph_objects as go

    from ui.theme import apply_theme

    long = "Tonalité phrase par phrase — Le Quotidien du Val — mars 2025 — « Un long titre d'article inventé pour ce test »"
    fig = apply_theme(go.Figure(), title=long, subtitle="trente phrases")
    text = fig.layout.title.text
    first = text.split("<br>")[0]
    assert "<br>" in text and len(first.replace("<b>", "")) <= 64
    assert fig.layout.margin.t > apply_theme(go.Figure(), title="Court", subtitle="trente phrases").layout.margin.t
