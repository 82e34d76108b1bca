"""Chart builders for the "Acteurs" page: plain functions (table, options) -> go.Figure."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.measures.actors import ROLES
from analysis.measures.quotes import KIND_LABELS, STANCE_LABELS

from .theme import apply_theme, bottom_legend, fr_number, wrap_label

#: Role colours: Paul Tol's "muted" scheme, none of which is an outlet colour (ui.theme.PALETTE), so a
#: role's bar is never read as an outlet's.
ROLE_COLORS = {
    "government_fr": "#332288", "eu_institution": "#88CCEE", "politician": "#AA4499", "company": "#DDCC77",
    "expert": "#117733", "media": "#882255", "reader": "#44AA99", "inconnu": "#BBBBBB",
    # roles read from the text (issue #14): the rest of the scheme, then a dark slate outside it
    "ngo": "#999933", "union": "#CC6677", "institution": "#5D6D7E",
}


def speaker_heatmap(outlet_speakers: pd.DataFrame, *, top_n: int = 15, value: str = "n_quoted_words",
                    presentation: bool = False) -> go.Figure:
    """Outlet x speaker matrix of quoted words (or quotes), the most quoted speakers first."""
    label = "mots cités" if value == "n_quoted_words" else "citations"
    if outlet_speakers.empty or not (outlet_speakers[value] > 0).any():
        fig = go.Figure()
        apply_theme(fig, presentation=presentation, title="Qui parle dans quel média", subtitle=f"aucun locuteur avec des {label}")
        return fig
    totals = outlet_speakers.groupby("speaker")[["n_quoted_words", "n_quotes"]].sum()
    totals = totals[totals[value] > 0]  # a speaker with nothing to show would be a row of zeros
    top = totals.sort_values([value, "n_quotes"], ascending=False).head(top_n).index.tolist()
    data = outlet_speakers[outlet_speakers["speaker"].isin(top)]
    mat = data.pivot_table(index="speaker", columns="outlet", values=value, aggfunc="sum", fill_value=0).reindex(top)
    quotes = data.pivot_table(index="speaker", columns="outlet", values="n_quotes", aggfunc="sum", fill_value=0) \
        .reindex(index=mat.index, columns=mat.columns)
    fig = go.Figure(go.Heatmap(
        z=mat.to_numpy(), x=list(mat.columns), y=list(mat.index), colorscale="Blues",
        text=[[fr_number(v, 0) for v in row] for row in mat.to_numpy()], texttemplate="%{text}",
        customdata=quotes.to_numpy(),
        hovertemplate="<b>%{y}</b> dans %{x}<br>%{text} " + label + ", %{customdata} citation(s)<extra></extra>",
        colorbar={"title": {"text": label}},
    ))
    n = int(outlet_speakers["n_quotes"].sum())
    apply_theme(fig, presentation=presentation, title="Qui parle dans quel média",
                subtitle=f"{label} par locuteur · n = {n} citation(s), {len(mat.columns)} média(s)",
                height=max(320, 120 + 32 * len(mat)))
    fig.update_yaxes(autorange="reversed", title_text=None)
    # outlet names side by side run into each other: break them on spaces
    fig.update_xaxes(title_text=None, tickvals=list(mat.columns), ticktext=[wrap_label(c, 12) for c in mat.columns])
    return fig


def role_share_bars(outlet_roles: pd.DataFrame, outlet_quotes: pd.DataFrame, *, presentation: bool = False) -> go.Figure:
    """Stacked bars: share of each outlet's body words quoted verbatim, split by speaker role."""
    fig = go.Figure()
    from .evidence import LOW_NOTE, MIN_WORDS, low_evidence, mark_bars

    outlets = list(outlet_quotes.sort_values("quoted_share")["outlet"]) if not outlet_quotes.empty else []
    words = outlet_quotes.set_index("outlet")["n_body_words"].reindex(outlets) if outlets else []
    low = low_evidence(list(words)) if outlets else []
    for role, label in ROLES.items():
        r = outlet_roles[outlet_roles["role"] == role].set_index("outlet").reindex(outlets)
        if r["n_quotes"].fillna(0).sum() == 0:
            continue
        fig.add_bar(
            x=(r["quoted_share"].fillna(0) * 100).to_numpy(), y=outlets, orientation="h", name=label,
            marker_color=ROLE_COLORS.get(role, "#999"), customdata=r[["n_quotes", "n_quoted_words"]].fillna(0).to_numpy(),
            hovertemplate="<b>%{y}</b> · " + label + "<br>%{x:.1f} % des mots<br>n = %{customdata[0]} citation(s), "
                          "%{customdata[1]} mots cités<extra></extra>",
        )
        mark_bars(fig.data[-1], low)
    n_words = int(outlet_quotes["n_body_words"].sum()) if not outlet_quotes.empty else 0
    n_quotes = int(outlet_quotes["n_quotes"].sum()) if not outlet_quotes.empty else 0
    apply_theme(fig, presentation=presentation, title="Part du texte donnée à d'autres voix, par rôle",
                subtitle=f"% des mots du corps des articles cités mot pour mot · n = {n_quotes} citation(s), {n_words} mots"
                         + (" · " + LOW_NOTE.format(min_words=MIN_WORDS) if len(low) and low.any() else ""),
                height=max(280, 110 + 55 * len(outlets)))
    fig.update_layout(barmode="stack")
    bottom_legend(fig, rows=2)
    fig.update_xaxes(title_text="% des mots de l'article", rangemode="tozero")
    fig.update_yaxes(title_text=None)
    return fig


#: Columns of :func:`quotes_in_context` shown on the page, with their French labels.
QUOTE_COLUMNS = {
    "outlet": "Média", "speaker": "Locuteur", "speaker_text": "Écrit", "role_label": "Rôle", "kind_label": "Type",
    "cue": "Verbe", "stance_label": "Position", "text": "Citation", "context": "Phrase (contexte)",
    "n_words": "Mots", "article": "Article",
}


def quotes_in_context(quotes: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Every quote with its outlet, the sentence it sits in (``context``), its article's label (``article``,
    « média — date — titre », see ui.labels) and French labels, in the quotes' order."""
    from .labels import article_labels

    names = article_labels(articles, sentences)
    q = quotes.merge(articles[["article_id", "outlet"]], on="article_id")
    q = q.assign(article=q["article_id"].map(lambda a: names.get(a, a)))
    sents = sentences[["article_id", "sentence_index", "text"]].rename(columns={"text": "context"})
    q = q.merge(sents, on=["article_id", "sentence_index"], how="left")  # a left merge keeps q's order
    return q.assign(context=q["context"].fillna(""), role_label=q["role"].map(lambda r: ROLES.get(r, r)),
                    kind_label=q["kind"].map(KIND_LABELS), stance_label=q["verb_stance"].map(STANCE_LABELS))
