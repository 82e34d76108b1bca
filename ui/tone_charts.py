"""Plain chart builders for the Tonalité page: (table, options) -> go.Figure."""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from .theme import apply_theme, fr_number

POS_COLOR = "#009E73"  # Okabe & Ito green
NEG_COLOR = "#D55E00"  # Okabe & Ito vermilion
FLAG_COLOR = "#9E9E9E"


def _wrap(text: str, width: int = 70) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)[:8])


def tone_diverging_bars(outlet_tone: pd.DataFrame, *, presentation: bool = False, voice_label: str = "") -> go.Figure:
    """Per outlet: negative share to the left, positive share to the right (per 100 words), net tone as a mark."""
    data = outlet_tone.dropna(subset=["tone_net"]).sort_values("tone_net")
    custom = data[["n_articles", "n_words", "n_pos", "n_neg"]].to_numpy()
    fig = go.Figure()
    fig.add_bar(y=data["outlet"], x=-100 * data["tone_neg"], orientation="h", name="Mots négatifs", marker_color=NEG_COLOR,
                customdata=custom, text=[fr_number(v, 1) for v in 100 * data["tone_neg"]], textposition="outside",
                cliponaxis=False,
                hovertemplate="<b>%{y}</b><br>Mots négatifs : %{text} pour 100 mots (%{customdata[3]} mots)"
                              "<br>%{customdata[0]} article(s), %{customdata[1]} mots<extra></extra>")
    fig.add_bar(y=data["outlet"], x=100 * data["tone_pos"], orientation="h", name="Mots positifs", marker_color=POS_COLOR,
                customdata=custom, text=[fr_number(v, 1) for v in 100 * data["tone_pos"]], textposition="outside",
                cliponaxis=False,
                hovertemplate="<b>%{y}</b><br>Mots positifs : %{text} pour 100 mots (%{customdata[2]} mots)"
                              "<br>%{customdata[0]} article(s), %{customdata[1]} mots<extra></extra>")
    fig.add_scatter(y=data["outlet"], x=100 * data["tone_net"], mode="markers", name="Tonalité nette",
                    marker={"symbol": "diamond", "size": 13, "color": "#222", "line": {"color": "white", "width": 1}},
                    text=[fr_number(v, 2) for v in 100 * data["tone_net"]],
                    hovertemplate="<b>%{y}</b><br>Tonalité nette : %{text} pour 100 mots<extra></extra>")
    n_art = int(data["n_articles"].sum()) if not data.empty else 0
    n_words = int(data["n_words"].sum()) if not data.empty else 0
    apply_theme(fig, presentation=presentation, title="Mots positifs et négatifs par média",
                subtitle=f"{voice_label} · pour 100 mots · n = {n_art} article(s), {fr_number(n_words, 0)} mots",
                height=max(280, 110 + 60 * len(data)))
    lim = max(1.0, float((100 * data[["tone_pos", "tone_neg"]]).max().max()) * 1.25) if not data.empty else 1.0
    fig.update_layout(barmode="relative", legend={"orientation": "h", "y": -0.22, "x": 0, "yanchor": "top"},
                      margin={"b": 110})
    fig.update_xaxes(title_text="← négatif · pour 100 mots · positif →", range=[-lim, lim], zeroline=True, zerolinewidth=2)
    fig.update_yaxes(title_text=None)
    return fig


def tone_strip(sentences: pd.DataFrame, *, presentation: bool = False, title: str = "") -> go.Figure:
    """Sentence-by-sentence tone of one article; sentences not scored (another language) as grey crosses."""
    s = sentences.sort_values("sentence_index")
    scored = s[s["tone_status"] == "scored"]
    flagged = s[s["tone_status"] == "other_language"]
    part_fr = {"body": "corps", "comment": "commentaire de lecteur"}
    fig = go.Figure()
    fig.add_scatter(
        x=scored["sentence_index"], y=scored["tone"], mode="markers+lines",
        line={"color": "#CCCCCC", "width": 1},
        marker={"size": 11, "color": scored["tone"], "colorscale": [[0, NEG_COLOR], [0.5, "#EEEEEE"], [1, POS_COLOR]],
                "cmin": -1, "cmax": 1, "line": {"color": "#555", "width": 0.5},
                "symbol": ["circle" if p == "body" else "square" for p in scored["part"]]},
        customdata=list(zip(scored["sentence_index"], [_wrap(t) for t in scored["text"]],
                            [fr_number(v, 2) for v in scored["tone"]], [part_fr.get(p, p) for p in scored["part"]])),
        name="Phrases évaluées",
        hovertemplate="Phrase %{customdata[0]} (%{customdata[3]}) · tonalité %{customdata[2]}<br>%{customdata[1]}<extra></extra>",
    )
    if not flagged.empty:
        fig.add_scatter(
            x=flagged["sentence_index"], y=[0] * len(flagged), mode="markers", name="Autre langue : non évaluée",
            marker={"symbol": "x", "size": 12, "color": FLAG_COLOR},
            customdata=list(zip(flagged["sentence_index"], [_wrap(t) for t in flagged["text"]], flagged["language"])),
            hovertemplate="Phrase %{customdata[0]} · langue détectée : %{customdata[2]} (non évaluée)<br>%{customdata[1]}<extra></extra>",
        )
    apply_theme(fig, presentation=presentation, title=title or "Tonalité phrase par phrase",
                subtitle=f"{len(scored)} phrase(s) évaluée(s), {len(flagged)} en autre langue · ronds : corps, carrés : commentaires",
                height=360)
    fig.update_yaxes(title_text="Tonalité (−1 … +1)", range=[-1.05, 1.05], zeroline=True, zerolinewidth=2)
    fig.update_xaxes(title_text="Phrase n°")
    fig.update_layout(legend={"orientation": "h", "y": -0.25, "x": 0})
    return fig


def target_heatmap(outlet_targets: pd.DataFrame, *, presentation: bool = False, min_sentences: int = 1) -> go.Figure:
    """Target × outlet net tone (per 100 words of the sentences that mention the target)."""
    d = outlet_targets[outlet_targets["n_sentences"] >= min_sentences]
    z = d.pivot(index="target", columns="outlet", values="tone_net") * 100
    n = d.pivot(index="target", columns="outlet", values="n_sentences").reindex_like(z)
    text = [[("" if pd.isna(v) else f"{fr_number(v, 1)} (n={int(c)})")
             for v, c in zip(zr, cr)] for zr, cr in zip(z.to_numpy(), n.fillna(0).to_numpy())]
    lim = max(1.0, float(z.abs().max().max())) if not z.empty else 1.0
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(), x=list(z.columns), y=list(z.index), text=text, texttemplate="%{text}",
        colorscale=[[0, NEG_COLOR], [0.5, "#F7F7F7"], [1, POS_COLOR]], zmin=-lim, zmax=lim,
        customdata=n.fillna(0).to_numpy(),
        colorbar={"title": {"text": "pour 100 mots"}},
        hovertemplate="<b>%{y}</b> dans %{x}<br>Tonalité nette : %{z:.1f} pour 100 mots<br>%{customdata} phrase(s)<extra></extra>",
    ))
    apply_theme(fig, presentation=presentation, title="Tonalité envers les cibles, par média",
                subtitle=f"phrases du corps qui mentionnent la cible · n = nombre de phrases (au moins {min_sentences})",
                height=max(300, 120 + 55 * len(z.index)))
    fig.update_xaxes(title_text=None, side="bottom")
    fig.update_yaxes(title_text=None)
    return fig
