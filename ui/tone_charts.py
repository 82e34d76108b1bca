"""Plain chart builders for the Tonalité page: (table, options) -> go.Figure."""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from .theme import apply_theme, fr_number

POS_COLOR = "#009E73"  # Okabe & Ito green
NEG_COLOR = "#D55E00"  # Okabe & Ito vermilion
FLAG_COLOR = "#9E9E9E"
LOW_EVIDENCE_LABEL = "Peu d'indices"
#: Colour range of the target heatmap: at least this, so that a corpus of near-neutral cells
#: is not painted as strongly charged.
MIN_COLOR_RANGE = 0.1
#: The diverging scale of the target heatmap (plotly interpolates linearly in RGB between stops).
DIVERGING_SCALE = [[0, NEG_COLOR], [0.5, "#F7F7F7"], [1, POS_COLOR]]
DARK_TEXT, LIGHT_TEXT = "#222222", "#FFFFFF"
#: Name of the heatmap trace that draws the dark cells again, with white labels.
LIGHT_LABELS = "Tonalité nette (étiquettes claires)"


def _rgb(hex_color: str) -> tuple[float, float, float]:
    h = hex_color.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def scale_color(value: float, lim: float, scale=DIVERGING_SCALE) -> tuple[float, float, float]:
    """RGB of ``value`` on ``scale`` spanning -lim … +lim, clipped (as plotly draws the cell)."""
    x = min(1.0, max(0.0, (value + lim) / (2 * lim))) if lim else 0.5
    for (x0, c0), (x1, c1) in zip(scale, scale[1:]):
        if x <= x1:
            f = (x - x0) / (x1 - x0) if x1 > x0 else 0.0
            return tuple(a + (b - a) * f for a, b in zip(_rgb(c0), _rgb(c1)))
    return _rgb(scale[-1][1])


def _apca_y(rgb: tuple[float, float, float]) -> float:
    """Screen luminance as APCA estimates it (sRGB, exponent 2.4, soft clamp near black)."""
    r, g, b = ((c / 255) ** 2.4 for c in rgb)
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    return y + (0.022 - y) ** 1.414 if y < 0.022 else y


def apca_contrast(text_rgb: tuple[float, float, float], background_rgb: tuple[float, float, float]) -> float:
    """Lightness contrast Lc of text on a background (APCA-W3 0.0.98G, the contrast model of
    the WCAG 3 draft; about ±108 at most, 0 when unreadable; negative = light text on dark).
    Unlike WCAG 2's ratio, it does not favour dark text on mid-tone saturated colours: on the
    darkest green of the scale, white reads at |Lc| 67, dark grey at 40."""
    yt, yb = _apca_y(text_rgb), _apca_y(background_rgb)
    if yb > yt:
        s = (yb ** 0.56 - yt ** 0.57) * 1.14
        return 0.0 if s < 0.1 else (s - 0.027) * 100
    s = (yb ** 0.65 - yt ** 0.62) * 1.14
    return 0.0 if s > -0.1 else (s + 0.027) * 100


def text_color_on(rgb: tuple[float, float, float]) -> str:
    """The label colour, dark grey or white, that contrasts more with a cell of colour ``rgb``."""
    white, dark = abs(apca_contrast(_rgb(LIGHT_TEXT), rgb)), abs(apca_contrast(_rgb(DARK_TEXT), rgb))
    return LIGHT_TEXT if white > dark else DARK_TEXT


def _low(table: pd.DataFrame) -> pd.Series:
    """The ``low_evidence`` column as booleans (older tables without it: none low)."""
    if "low_evidence" not in table:
        return pd.Series(False, index=table.index)
    return table["low_evidence"].fillna(True).astype(bool)


def tone_net_dots(outlet_tone: pd.DataFrame, *, presentation: bool = False, voice_label: str = "") -> go.Figure:
    """Per outlet, the net tone (-1 … +1) with the evidence it rests on; an outlet whose score
    rests on little (``low_evidence``) is drawn hollow and grey, on a fixed axis so that it
    cannot stretch the scale for the others."""
    data = outlet_tone.dropna(subset=["tone_net"]).sort_values("tone_net")
    low = _low(data)
    fig = go.Figure()
    for mask, name, marker in (
        (~low, "Tonalité nette", {"size": 14, "color": "#222"}),
        (low, f"{LOW_EVIDENCE_LABEL} (moins de 5 mots chargés distincts ou de 3 phrases)",
         {"size": 14, "color": FLAG_COLOR, "symbol": "circle-open", "line": {"width": 2}}),
    ):
        d = data[mask]
        if d.empty:
            continue
        fig.add_scatter(
            y=d["outlet"], x=d["tone_net"], mode="markers+text", name=name, marker=marker,
            text=[fr_number(v, 2) for v in d["tone_net"]], textposition="middle right",
            customdata=d[["n_articles", "n_charged", "n_sentences"]].to_numpy(),
            hovertemplate="<b>%{y}</b><br>Tonalité nette : %{text}<br>%{customdata[1]} mot(s) chargé(s) distinct(s), "
                          "%{customdata[2]} phrase(s), %{customdata[0]} article(s)<extra></extra>")
    apply_theme(fig, presentation=presentation, title="Tonalité nette par média",
                subtitle=f"{voice_label} · −1 négatif … +1 positif · bilan des mots chargés distincts",
                height=max(260, 110 + 50 * len(data)))
    fig.update_xaxes(title_text="← négatif · tonalité nette · positif →", range=[-1, 1], zeroline=True, zerolinewidth=2)
    fig.update_yaxes(title_text=None)
    fig.update_layout(legend={"orientation": "h", "y": -0.3, "x": 0, "yanchor": "top"}, margin={"b": 100})
    return fig


def _wrap(text: str, width: int = 70) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)[:8])


def tone_diverging_bars(outlet_tone: pd.DataFrame, *, presentation: bool = False, voice_label: str = "") -> go.Figure:
    """Per outlet: negative share to the left, positive share to the right (per 100 words). The net tone,
    a balance on another scale, has its own chart (:func:`tone_net_dots`)."""
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
    """Target × outlet net tone (-1 … +1) of the sentences that mention the target.

    Cells that rest on little (``low_evidence``: few charged words or sentences) are drawn in
    grey with their value in the text, and are left out of the colour range: the range is the
    largest absolute value of the other cells (at least :data:`MIN_COLOR_RANGE`), so one
    one-sentence cell cannot wash out the rest."""
    d = outlet_targets[outlet_targets["n_sentences"] >= min_sentences].assign(low=lambda t: _low(t))
    z = d.pivot(index="target", columns="outlet", values="tone_net")
    n = d.pivot(index="target", columns="outlet", values="n_sentences").reindex_like(z)
    k = d.pivot(index="target", columns="outlet", values="n_charged").reindex_like(z) if "n_charged" in d else n * 0
    low = d.pivot(index="target", columns="outlet", values="low").reindex_like(z).fillna(False).astype(bool)
    solid = z.where(~low)
    text = [[("" if pd.isna(v) else f"{fr_number(v, 2)}{'*' if lw else ''} (n={int(c)})")
             for v, c, lw in zip(zr, cr, lr)] for zr, cr, lr in zip(z.to_numpy(), n.fillna(0).to_numpy(), low.to_numpy())]
    lim = max(MIN_COLOR_RANGE, float(solid.abs().max().max())) if solid.notna().any().any() else 1.0
    custom = [[[int(c), int(kk)] for c, kk in zip(cr, kr)] for cr, kr in zip(n.fillna(0).to_numpy(), k.fillna(0).to_numpy())]
    # a heatmap's labels take one colour per trace: cells whose colour is dark get a second trace
    # over them, same colours, white labels (the label colour follows the cell's luminance); each
    # trace carries only its own cells' labels, since plotly writes text on empty cells too
    dark = solid.apply(lambda col: col.map(lambda v: pd.notna(v) and text_color_on(scale_color(v, lim)) == LIGHT_TEXT)
                       ).astype(bool)
    fig = go.Figure()
    for mask, color, first in ((solid.notna() & ~dark, DARK_TEXT, True), (dark, LIGHT_TEXT, False)):
        if not first and not mask.to_numpy().any():
            continue
        fig.add_heatmap(
            z=solid.where(mask).to_numpy() if not first else solid.to_numpy(), x=list(z.columns), y=list(z.index),
            text=[[s if m else "" for s, m in zip(tr, mr)] for tr, mr in zip(text, mask.to_numpy())],
            texttemplate="%{text}", textfont={"color": color},
            colorscale=DIVERGING_SCALE, zmin=-lim, zmax=lim, customdata=custom, showscale=first,
            colorbar={"title": {"text": "tonalité nette"}}, name="Tonalité nette" if first else LIGHT_LABELS,
            showlegend=False,
            hovertemplate="<b>%{y}</b> dans %{x}<br>Tonalité nette : %{z:.2f}<br>%{customdata[0]} phrase(s), "
                          "%{customdata[1]} mot(s) chargé(s) distinct(s)<extra></extra>",
        )
    if low.to_numpy().any():
        grey = z.where(low).notna().astype(float).where(low)
        fig.add_heatmap(  # plotly writes a trace's text even on its empty cells: only the grey cells' labels
            z=grey.to_numpy(), x=list(z.columns), y=list(z.index), texttemplate="%{text}",
            text=[[s if m else "" for s, m in zip(tr, mr)] for tr, mr in zip(text, low.to_numpy())],
            colorscale=[[0, "#E0E0E0"], [1, "#E0E0E0"]], showscale=False, customdata=custom, name=LOW_EVIDENCE_LABEL,
            textfont={"color": DARK_TEXT},
            hovertemplate="<b>%{y}</b> dans %{x}<br>Peu d'indices : %{text}<br>%{customdata[0]} phrase(s), "
                          "%{customdata[1]} mot(s) chargé(s) distinct(s) ; hors échelle de couleur<extra></extra>",
        )
    apply_theme(fig, presentation=presentation, title="Tonalité envers les cibles, par média",
                subtitle=f"phrases du corps qui mentionnent la cible · n = nombre de phrases (au moins {min_sentences}) · "
                         f"* gris : peu d'indices, hors échelle de couleur",
                height=max(300, 120 + 55 * len(z.index)))
    fig.update_xaxes(title_text=None, side="bottom")
    fig.update_yaxes(title_text=None)
    return fig
