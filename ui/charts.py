"""Chart builders: plain functions (table, options) -> go.Figure, testable without Streamlit."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .evidence import LOW_NOTE, MIN_WORDS, bar_range, hover_suffix, low_evidence, mark_bars
from .glossary import METRICS
from .theme import apply_theme, fr_number


def readability_bars(outlets: pd.DataFrame, metric: str, colors: dict[str, str], *,
                     presentation: bool = False, title: str | None = None) -> go.Figure:
    """One horizontal bar per outlet for a readability metric, with n articles / sentences.

    ``title`` defaults to "<metric> par média"."""
    m = METRICS[metric]
    data = outlets.dropna(subset=[metric]).sort_values(metric)
    scale = 100.0 if metric == "long_word_share" else 1.0
    values = data[metric] * scale
    low = low_evidence(data["n_words"], data["n_sentences"])
    fig = go.Figure(go.Bar(
        x=values,
        y=data["outlet"],
        orientation="h",
        marker_color=[colors.get(o, "#888") for o in data["outlet"]],
        text=[fr_number(v, m.decimals) for v in values],
        textposition="outside",
        cliponaxis=False,
        customdata=[[a, s_, w, hover_suffix(f)] for a, s_, w, f in
                    zip(data["n_articles"], data["n_sentences"], data["n_words"], low)],
        hovertemplate="<b>%{y}</b><br>" + m.label + " : %{text}<br>n = %{customdata[0]} article(s), "
                      "%{customdata[1]} phrases, %{customdata[2]} mots%{customdata[3]}<extra></extra>",
    ))
    mark_bars(fig.data[0], low)
    n_art = int(data["n_articles"].sum()) if not data.empty else 0
    apply_theme(
        fig, presentation=presentation, title=title or f"{m.label} par média",
        subtitle=f"{m.direction} · n = {n_art} article(s), {len(data)} média(s)"
                 + (" · " + LOW_NOTE.format(min_words=MIN_WORDS) if low.any() else ""),
        height=max(260, 80 + 60 * len(data)),
    )
    fig.update_xaxes(title_text=m.label, rangemode="tozero")
    capped = bar_range(values, low)
    if capped:  # a low-evidence bar would stretch the scale: the others set it, that bar is cut at the edge
        fig.update_xaxes(range=capped)
        fig.update_traces(cliponaxis=True)
    fig.update_yaxes(title_text=None)
    fig.update_layout(showlegend=False)
    return fig


def scorecard(outlets: pd.DataFrame) -> pd.DataFrame:
    """The per-outlet scorecard with French column labels (numbers stay numbers)."""
    cols = ["outlet", "n_articles", "n_words", "n_sentences", "flesch_fr", "lix",
            "words_per_sentence", "syllables_per_word", "long_word_share", "mtld"]
    table = outlets[[c for c in cols if c in outlets.columns]].copy()
    if "long_word_share" in table:
        table["long_word_share"] = table["long_word_share"] * 100
    return table.rename(columns={"outlet": "Média", **{k: METRICS[k].label for k in cols if k in METRICS}})
