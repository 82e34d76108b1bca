"""One look for every figure: fonts, sizes, margins, French number format, outlet colours."""
from __future__ import annotations

import plotly.graph_objects as go

#: The one font of the screen, the PNG/SVG exports and the deck: DejaVu Sans, from Debian's
#: fonts-dejavu-core (installed by run.sh next to chromium; the Streamlit theme uses it too,
#: .streamlit/config.toml). The SVG names it, so it opens in the same face wherever it is installed.
FONT_NAME = "DejaVu Sans"
FONT_FAMILY = f"{FONT_NAME}, Verdana, sans-serif"
#: Colour-blind-safe palette (Okabe & Ito 2008, then Tableau 10 for more outlets).
PALETTE = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#7F7F7F",
    "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#76B7B2", "#EDC948", "#FF9DA7", "#9C755F",
]
UNKNOWN_COLOR = "#9E9E9E"
SIZES = {  # normal / presentation (projector) mode
    False: {"base": 14, "title": 18, "tick": 13, "height": 420},
    True: {"base": 20, "title": 26, "tick": 18, "height": 560},
}


def outlet_colors(all_outlets) -> dict[str, str]:
    """Stable colour per outlet: assigned over the whole corpus (sorted), not the filtered view."""
    names = sorted({str(o) for o in all_outlets if str(o) != "inconnu"})
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}
    colors["inconnu"] = UNKNOWN_COLOR
    return colors


def apply_theme(fig: go.Figure, *, presentation: bool = False, title: str | None = None,
                subtitle: str | None = None, height: int | None = None) -> go.Figure:
    """Fonts, margins, white background and French separators (decimal comma, thin-space thousands)."""
    s = SIZES[presentation]
    full_title = None
    sub_lines = title_lines = 1
    if title:
        # Plotly does not wrap titles either: an article's label in a title ran off the right edge
        title = wrap_label(title, 46 if presentation else 64)
        title_lines = title.count("<br>") + 1
        if subtitle:  # Plotly does not wrap: a long subtitle would be cut at the figure's right edge
            subtitle = wrap_label(subtitle, 62 if presentation else 84)
            sub_lines = subtitle.count("<br>") + 1
        full_title = f"<b>{title}</b>" + (f"<br><span style='font-size:{s['base']}px;color:#555;font-weight:normal'>{subtitle}</span>" if subtitle else "")
    fig.update_layout(
        title={"text": full_title, "x": 0, "xanchor": "left", "font": {"size": s["title"]}} if full_title else None,
        font={"family": FONT_FAMILY, "size": s["base"], "color": "#222"},
        separators=", ",
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height or s["height"],
        margin={"l": 10, "r": 20, "b": 40,
                "t": ((90 + (s["base"] + 6) * (sub_lines - 1)) if subtitle else (60 if title else 20))
                + (s["title"] + 6) * (title_lines - 1)},
        legend={"font": {"size": s["tick"]}, "title": {"text": ""}},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": s["tick"]}},
    )
    fig.update_xaxes(tickfont={"size": s["tick"]}, gridcolor="#E5E5E5", zerolinecolor="#BBBBBB", automargin=True)
    fig.update_yaxes(tickfont={"size": s["tick"]}, gridcolor="#E5E5E5", zerolinecolor="#BBBBBB", automargin=True)
    return fig


def bottom_legend(fig: go.Figure, *, rows: int = 1, **legend) -> go.Figure:
    """A horizontal legend in its own band at the bottom of the figure (container coordinates):
    it never runs into the x-axis title, however short the plot (two outlets)."""
    band = 34 + 24 * rows
    fig.update_layout(legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0,
                              "xanchor": "left", **legend},
                      margin={"b": 60 + band}, height=(fig.layout.height or 420) + band)
    return fig


def fr_number(value, decimals: int = 1) -> str:
    """12345.678 -> '12 345,7' (French format); None/NaN -> '–'."""
    if value is None or value != value:
        return "–"
    text = f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    return text


def fr_table(table, decimals: dict[str, int] | None = None, default: int = 1):
    """A pandas Styler showing numbers the French way: decimal comma, thin-space thousands.

    Float columns get ``decimals[column]`` decimals (``default`` otherwise), integer columns
    thousands separators only; the values themselves stay numbers (sorting, CSV)."""
    styler = table.style
    for col in table.columns:
        kind = str(table[col].dtype)
        if kind.startswith(("float", "Float")):
            styler = styler.format(precision=(decimals or {}).get(col, default), decimal=",", thousands="\u202f",
                                   na_rep="–", subset=[col])
        elif kind.startswith(("int", "Int", "uint", "UInt")):
            styler = styler.format(thousands="\u202f", na_rep="–", subset=[col])
    return styler.hide(axis="index")


def wrap_label(text: str, width: int = 26) -> str:
    """Break a long axis label on spaces with <br> (Plotly does not wrap tick labels)."""
    lines, cur = [], ""
    for word in str(text).split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    lines.append(cur)
    return "<br>".join(lines)
