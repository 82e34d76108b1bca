"""Souveraineté and Vocabulaire pages: data helpers and chart builders (plain functions, no Streamlit).

Chart builders follow ``(table, options) -> go.Figure``; every figure states its sample
size in its subtitle. Corpus-level vocabulary statistics are recomputed here for the
selected articles from ``lemmas.csv`` (see :mod:`analysis.measures.vocabulary`).
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.measures.stance import STANCE_LABELS
from analysis.measures.vocabulary import (
    MIN_TERM_COUNT,
    counts_by_outlet,
    distinctive_terms,
    frame_profile,
    outlet_map,
    outlet_similarity,
    passage_docs,
    shared_passages,
    sovereignty_by_outlet,
)

from .theme import apply_theme, bottom_legend, fr_number, wrap_label

STANCE_ORDER = ["threatened", "contested", "compatible", "absent"]
ROLE_LABELS = {"threat": "menace", "compatible": "compatibilité", "neutral": "neutre"}
PART_LABELS = {"body": "texte du média", "comment": "commentaire de lecteur"}


def frame_labels(codebook: pd.DataFrame) -> dict[str, str]:
    if codebook is None or codebook.empty:
        return {}
    return dict(zip(codebook["frame"], codebook["label"]))


def stance_label(value: str) -> str:
    return STANCE_LABELS.get(value, value)


# --------------------------------------------------------------------------- recomputation for a selection

def selection_vocabulary(lemmas: pd.DataFrame, articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Distinctive terms, similarity and map for the selected articles (pure; cheap)."""
    counts = counts_by_outlet(lemmas, articles)
    words = articles.groupby("outlet")["n_body_words"].sum().to_dict() if not articles.empty else {}
    sim = outlet_similarity(counts)
    return {
        "counts": counts,
        "terms": distinctive_terms(counts, outlet_words=words),
        "similarity": sim,
        "map": outlet_map(sim),
        "words": pd.Series(words, dtype=float),
    }


def selection_shared_passages(sentences: pd.DataFrame, articles: pd.DataFrame, texts: dict[str, str],
                              min_words: int) -> pd.DataFrame:
    outlets = dict(zip(articles["article_id"].tolist(), articles["outlet"].tolist()))
    return shared_passages(passage_docs(sentences, outlets, texts), n=min_words)


def outlet_terms(terms: pd.DataFrame, outlet: str, *, hide_low: bool) -> pd.DataFrame:
    """One outlet's distinctive terms, highest z first (without the rare ones when ``hide_low``)."""
    t = terms[terms["outlet"] == outlet]
    if hide_low:
        t = t[~t["low_count"]]
    return t.sort_values("log_odds_z", ascending=False)


def labelled_passages(shared: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Shared passages with each article's label (``label_a``, ``label_b``), longest first."""
    from .labels import with_labels

    shared = with_labels(with_labels(shared, names, "article_a", "label_a"), names, "article_b", "label_b")
    return shared.sort_values("n_words", ascending=False, kind="stable")


def frame_sentences(view, frame: str) -> pd.DataFrame:
    """The sentences with an indicator of ``frame`` (negated ones with score 0), with their outlet, best first."""
    ev = view["frame_evidence"]
    return ev[ev["frame"] == frame].merge(view["articles"][["article_id", "outlet"]], on="article_id").sort_values(
        ["score", "article_id"], ascending=[False, True])


def concordance(view, part: str) -> pd.DataFrame:
    """The keyword-in-context lines of one text part (body or reader comments), by outlet, article, position."""
    kwic = view["kwic"]
    kwic = kwic[kwic["part"] == part] if "part" in kwic else kwic
    return kwic.sort_values(["outlet", "article_id", "start"])


def selection_profiles(frames: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return frame_profile(frames, articles), sovereignty_by_outlet(articles)


# --------------------------------------------------------------------------- charts: Souveraineté

def frame_profile_chart(profile: pd.DataFrame, labels: dict[str, str], colors: dict[str, str], *,
                        presentation: bool = False) -> go.Figure:
    """Grouped horizontal bars: one group per frame, one bar per outlet (score per 1,000 words)."""
    fig = go.Figure()
    order = sorted(profile["frame"].unique(), key=lambda f: labels.get(f, f), reverse=True) if not profile.empty else []
    for outlet, g in profile.groupby("outlet", sort=True):
        g = g.set_index("frame").reindex(order).reset_index()
        fig.add_trace(go.Bar(
            x=g["score"], y=[wrap_label(labels.get(f, f)) for f in g["frame"]], orientation="h", name=outlet,
            marker_color=colors.get(outlet, "#888"),
            customdata=g[["n_sentences", "n_body_words", "frame"]].to_numpy(),
            hovertemplate=f"<b>{outlet}</b><br>%{{y}} : %{{x:.1f}} pour 1 000 mots<br>"
                          "%{customdata[0]} phrase(s) sur %{customdata[1]} mots<extra></extra>",
        ))
    n_art = int(profile.drop_duplicates("outlet")["n_articles"].sum()) if not profile.empty else 0
    n_words = int(profile.drop_duplicates("outlet")["n_body_words"].sum()) if not profile.empty else 0
    apply_theme(fig, presentation=presentation, title="Profil de cadrage par média",
                subtitle=f"indicateurs pondérés pour 1 000 mots · n = {n_art} article(s), "
                         f"{profile['outlet'].nunique() if not profile.empty else 0} média(s), {fr_number(n_words, 0)} mots",
                height=max(320, 110 + 22 * max(1, len(order)) * max(1, profile["outlet"].nunique() if not profile.empty else 1)))
    fig.update_layout(barmode="group")
    bottom_legend(fig)
    fig.update_xaxes(title_text="Indicateurs pour 1 000 mots", rangemode="tozero")
    fig.update_yaxes(title_text=None)
    return fig


def density_chart(sov: pd.DataFrame, colors: dict[str, str], *, presentation: bool = False) -> go.Figure:
    from .evidence import (
        LOW_NOTE,
        MIN_WORDS,
        bar_range,
        hover_suffix,
        low_evidence,
        mark_bars,
    )

    data = sov.sort_values("sovereignty_per_1000")
    low = low_evidence(data["n_body_words"])
    fig = go.Figure(go.Bar(
        x=data["sovereignty_per_1000"], y=data["outlet"], orientation="h",
        marker_color=[colors.get(o, "#888") for o in data["outlet"]],
        text=[fr_number(v, 1) for v in data["sovereignty_per_1000"]], textposition="outside", cliponaxis=False,
        customdata=[[m, w, a, hover_suffix(f)] for m, w, a, f in
                    zip(data["sovereignty_mentions"], data["n_body_words"], data["n_articles"], low)],
        hovertemplate="<b>%{y}</b><br>%{text} mentions pour 1 000 mots<br>n = %{customdata[0]} mention(s), "
                      "%{customdata[1]} mots, %{customdata[2]} article(s)%{customdata[3]}<extra></extra>",
    ))
    mark_bars(fig.data[0], low)
    apply_theme(fig, presentation=presentation, title="Champ lexical de la souveraineté",
                subtitle=f"mentions pour 1 000 mots du corps · n = {int(data['n_articles'].sum())} article(s), "
                         f"{int(data['sovereignty_mentions'].sum())} mention(s)"
                         + (" · " + LOW_NOTE.format(min_words=MIN_WORDS) if low.any() else ""),
                height=max(240, 80 + 50 * len(data)))
    fig.update_xaxes(title_text="Mentions pour 1 000 mots", rangemode="tozero")
    capped = bar_range(data["sovereignty_per_1000"], low)
    if capped:
        fig.update_xaxes(range=capped)
        fig.update_traces(cliponaxis=True)
    fig.update_layout(showlegend=False)
    return fig


#: Above this many articles the stance chart aggregates per outlet (points would only overlap).
STANCE_POINTS_MAX = 80
STANCE_COLORS = {"threatened": "#D55E00", "contested": "#E69F00", "compatible": "#009E73", "absent": "#BBBBBB"}


def stance_chart(articles: pd.DataFrame, colors: dict[str, str], *, presentation: bool = False) -> go.Figure:
    """One point per article (stance × confidence), or, above :data:`STANCE_POINTS_MAX` articles,
    the share of each outlet's articles in each stance."""
    if len(articles) > STANCE_POINTS_MAX:
        return stance_share_chart(articles, presentation=presentation)
    return stance_points_chart(articles, colors, presentation=presentation)


def stance_shares(articles: pd.DataFrame) -> pd.DataFrame:
    """outlet × stance: number and share of the outlet's articles, mean confidence."""
    g = articles.groupby(["outlet", "sovereignty_stance"]).agg(
        n_articles=("article_id", "size"), mean_confidence=("sovereignty_confidence", "mean")).reset_index()
    g["share"] = g["n_articles"] / g.groupby("outlet")["n_articles"].transform("sum")
    return g.rename(columns={"sovereignty_stance": "stance"})


def stance_share_chart(articles: pd.DataFrame, *, presentation: bool = False) -> go.Figure:
    """Stacked horizontal bars: per outlet, the share of its articles in each stance (100 %)."""
    shares = stance_shares(articles)
    threatened = shares[shares["stance"] == "threatened"].set_index("outlet")["share"]
    outlets = sorted(shares["outlet"].unique(), key=lambda o: (threatened.get(o, 0.0), o))
    fig = go.Figure()
    for stance in STANCE_ORDER:
        d = shares[shares["stance"] == stance].set_index("outlet").reindex(outlets)
        if d["n_articles"].fillna(0).sum() == 0:
            continue
        fig.add_bar(
            y=outlets, x=(100 * d["share"].fillna(0)).to_numpy(), orientation="h", name=stance_label(stance),
            marker_color=STANCE_COLORS[stance],
            customdata=list(zip(d["n_articles"].fillna(0).astype(int), [fr_number(v, 2) for v in d["mean_confidence"]])),
            hovertemplate=f"<b>%{{y}}</b> · {stance_label(stance)}<br>%{{x:.0f}} % des articles "
                          "(%{customdata[0]})<br>confiance moyenne %{customdata[1]}<extra></extra>",
        )
    apply_theme(fig, presentation=presentation, title="Position sur la souveraineté, par média",
                subtitle=f"part des articles de chaque position · n = {len(articles)} article(s), {len(outlets)} média(s)",
                height=max(300, 120 + 40 * len(outlets)))
    fig.update_layout(barmode="stack")
    bottom_legend(fig, traceorder="normal")
    fig.update_xaxes(title_text="% des articles du média", range=[0, 100])
    fig.update_yaxes(title_text=None)
    return fig


def stance_points_chart(articles: pd.DataFrame, colors: dict[str, str], *, presentation: bool = False) -> go.Figure:
    """One point per article: stance (x) and confidence (y), coloured by outlet."""
    fig = go.Figure()
    order = [stance_label(s) for s in STANCE_ORDER]
    outlets = sorted(articles["outlet"].unique())
    for k, (outlet, g) in enumerate(articles.groupby("outlet", sort=True)):
        # a small fixed horizontal offset per outlet keeps points of equal value apart
        offset = (k - (len(outlets) - 1) / 2) * (0.5 / max(1, len(outlets)))
        fig.add_trace(go.Scatter(
            x=[order.index(stance_label(s)) + offset for s in g["sovereignty_stance"]], y=g["sovereignty_confidence"],
            mode="markers",
            name=outlet, marker={"size": 16, "color": colors.get(outlet, "#888"), "line": {"width": 1, "color": "white"}},
            # the article's « média — date — titre » label when the caller gave one (ui.labels), never a bare id
            customdata=g.assign(name=g["article"] if "article" in g else g["title"])[
                ["name", "sovereignty_stance_reason"]].assign(label=g["sovereignty_stance"].map(stance_label)).to_numpy(),
            hovertemplate="%{customdata[0]}<br>"
                          "Position : %{customdata[2]} (confiance %{y:.2f})<br>%{customdata[1]}<extra></extra>",
        ))
    apply_theme(fig, presentation=presentation, title="Position sur la souveraineté, par article",
                subtitle=f"déduite des cadrages et du ton des phrases · n = {len(articles)} article(s)", height=380)
    fig.update_xaxes(title_text=None, tickmode="array", tickvals=list(range(len(order))), ticktext=order,
                     range=[-0.5, len(order) - 0.5], showgrid=False)
    fig.update_yaxes(title_text="Confiance", range=[0, 1.05])
    bottom_legend(fig)
    return fig


# --------------------------------------------------------------------------- charts: Vocabulaire

def distinctive_terms_chart(terms: pd.DataFrame, colors: dict[str, str], *, n_top: int = 10,
                            hide_low: bool = True, presentation: bool = False) -> go.Figure:
    """Small multiples: the ``n_top`` terms of highest z per outlet."""
    data = terms[~terms["low_count"]] if hide_low else terms
    outlets = sorted(terms["outlet"].unique())
    n = max(1, len(outlets))
    cols = min(3, n)
    rows = math.ceil(n / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[str(o) for o in outlets] or [""],
                        horizontal_spacing=0.12, vertical_spacing=0.12 if rows > 1 else 0.1)
    for i, outlet in enumerate(outlets):
        g = data[data["outlet"] == outlet].nlargest(n_top, "log_odds_z").sort_values("log_odds_z")
        fig.add_trace(go.Bar(
            x=g["log_odds_z"], y=g["term"], orientation="h", name=outlet, showlegend=False,
            marker_color=colors.get(outlet, "#888"),
            marker_opacity=[0.45 if lc else 1.0 for lc in g["low_count"]],
            customdata=g[["count", "count_rest"]].to_numpy(),
            hovertemplate=f"<b>{outlet}</b> · %{{y}}<br>z = %{{x:.2f}}<br>%{{customdata[0]}} occurrence(s) ici, "
                          "%{customdata[1]} ailleurs<extra></extra>",
        ), row=i // cols + 1, col=i % cols + 1)
    shown = "" if hide_low else f" ; barres pâles : moins de {MIN_TERM_COUNT} occurrences"
    apply_theme(fig, presentation=presentation, title="Vocabulaire distinctif de chaque média",
                subtitle=f"score z du log-odds pondéré (Monroe et al. 2008), chaque média contre les autres · "
                         f"n = {len(outlets)} média(s){shown}",
                height=max(380, 150 + rows * (50 + 24 * n_top)))
    fig.update_layout(margin={"t": 130})
    fig.update_annotations(yshift=8)
    fig.update_xaxes(title_text=None, rangemode="tozero")  # the subtitle says "score z"
    return fig


def outlet_map_chart(coords: pd.DataFrame, colors: dict[str, str], words: pd.Series | None = None, *,
                     presentation: bool = False) -> go.Figure:
    explained = float(coords["explained"].iloc[0]) if not coords.empty else 0.0
    fig = go.Figure()
    for row in coords.itertuples():
        w = int(words.get(row.outlet, 0)) if words is not None else 0
        fig.add_trace(go.Scatter(
            x=[row.x], y=[row.y], mode="markers+text", text=[row.outlet], textposition="top center", name=row.outlet,
            marker={"size": 18, "color": colors.get(row.outlet, "#888")}, showlegend=False,
            hovertemplate=f"<b>{row.outlet}</b><br>{fr_number(w, 0)} mots<extra></extra>",
        ))
    apply_theme(fig, presentation=presentation, title="Carte des médias selon leur vocabulaire",
                subtitle=f"MDS de 1 − cosinus TF-IDF · n = {len(coords)} média(s)<br>"
                         f"deux axes : {fr_number(100 * explained, 0)} % de la structure",
                height=460)
    fig.update_layout(margin={"t": 115})
    fig.update_xaxes(title_text="axe 1", zeroline=True, showticklabels=False)
    fig.update_yaxes(title_text="axe 2", zeroline=True, showticklabels=False, scaleanchor="x")
    return fig


def similarity_heatmap(sim: pd.DataFrame, *, presentation: bool = False) -> go.Figure:
    fig = go.Figure(go.Heatmap(
        z=sim.to_numpy(), x=list(sim.columns), y=list(sim.index), zmin=0, zmax=1, colorscale="Blues",
        text=[[fr_number(v, 2) for v in row] for row in sim.to_numpy()], texttemplate="%{text}",
        hovertemplate="%{y} – %{x} : %{text}<extra></extra>", colorbar={"title": "cosinus"},
    ))
    apply_theme(fig, presentation=presentation, title="Similarité du vocabulaire entre médias",
                subtitle=f"cosinus TF-IDF des lemmes · n = {len(sim)} média(s)", height=max(320, 120 + 60 * len(sim)))
    fig.update_yaxes(autorange="reversed")
    return fig
