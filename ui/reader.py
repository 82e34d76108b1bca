"""Build the article reader's HTML: the raw text with highlight layers, always escaped.

Every character of the article goes through :func:`html.escape`; the only markup is the
spans this module writes, with colours from the theme and titles escaped too. So nothing
in a corpus file can inject HTML or scripts into the page.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

GREY = "#8a8a8a"
LAYERS = {
    "quotes": "Citations (couleur = locuteur)",
    "tone": "Tonalité des phrases",
    "frames": "Indicateurs de cadrage",
    "aside": "Parties écartées (commentaires, éléments de page)",
}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    layer: str      # quotes | tone | frames
    style: str      # CSS declarations (generated here, never from the text)
    title: str = ""  # tooltip (escaped)
    anchor: str = ""  # HTML id of the span (the framed sentence), a constant of this module


def tone_color(value: float) -> str:
    """Green for positive, red for negative, transparent around zero."""
    if value is None or value != value or abs(value) < 0.05:
        return "transparent"
    alpha = min(0.9, 0.25 + abs(value))
    return f"rgba(0,158,115,{alpha:.2f})" if value > 0 else f"rgba(213,94,0,{alpha:.2f})"


def article_labels(view) -> dict[str, str]:
    """article_id -> « média — date — titre » for the article picker, ordered by outlet, date, title.

    The picker is a select box, searchable by typing any part of the label (an outlet, a month, a word
    of the title). Same labels as every other table (ui.labels)."""
    from .labels import view_labels

    return view_labels(view)


FOCUS_ID = "rd-focus"
#: Scrolls the page to the framed sentence once it is drawn (static script, no data inside).
SCROLL_SCRIPT = (
    "<script>(function(){var n=0;function go(){var el=window.parent.document.getElementById('%s')||document.getElementById('%s');"
    "if(el){el.scrollIntoView({block:'center'});}else if(n++<40){setTimeout(go,100);}}go();})();</script>" % (FOCUS_ID, FOCUS_ID)
)


def build_marks(article_id: str, tables: dict[str, pd.DataFrame], speaker_colors: dict[str, str], layers: set[str]) -> list[Mark]:
    """Marks for one article from whatever tables exist (quotes, sentence tone, frame terms)."""
    marks: list[Mark] = []
    q = tables.get("quotes")
    if "quotes" in layers and q is not None and not q.empty:
        for r in q[q["article_id"] == article_id].itertuples():
            color = speaker_colors.get(r.speaker, "#999999")
            marks.append(Mark(int(r.start), int(r.end), "quotes", f"background:{color}33;border-bottom:2px solid {color};",
                              f"Citation ({getattr(r, 'kind', '')}) : {r.speaker}"))
    s = tables.get("sentences")
    if "tone" in layers and s is not None and "tone" in s.columns:
        for r in s[(s["article_id"] == article_id) & s["tone"].notna()].itertuples():
            marks.append(Mark(int(r.start), int(r.end), "tone", f"box-shadow: inset 0 -4px 0 {tone_color(r.tone)};",
                              f"Tonalité : {r.tone:+.2f}".replace(".", ",")))
    k = tables.get("kwic")
    if "frames" in layers and k is not None and not k.empty and {"start", "end"} <= set(k.columns):
        for r in k[k["article_id"] == article_id].itertuples():
            label = getattr(r, "frame", None) or getattr(r, "term", "")
            marks.append(Mark(int(r.start), int(r.end), "frames", "font-weight:700;text-decoration:underline dotted;",
                              f"Indicateur : {label}"))
    return marks


def _render_span(text: str, start: int, end: int, marks: list[Mark]) -> str:
    """Escaped text[start:end] with nested spans for the marks overlapping it."""
    cuts = {start, end}
    for m in marks:
        if m.end > start and m.start < end:
            cuts.update((max(m.start, start), min(m.end, end)))
    points = sorted(cuts)
    out = []
    anchored = set()
    for a, b in zip(points, points[1:]):
        piece = html.escape(text[a:b])
        active = [m for m in marks if m.start <= a and m.end >= b]
        for m in active:
            anchor = ""
            if m.anchor and m.anchor not in anchored:  # an id once, on the first piece of the span
                anchored.add(m.anchor)
                anchor = f' id="{m.anchor}"'
            piece = f'<span{anchor} style="{m.style}" title="{html.escape(m.title, quote=True)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def article_html(text: str, segments: pd.DataFrame, marks: list[Mark], *, show_aside: bool = True,
                 focus: tuple[int, int] | None = None, font_size: int = 17) -> str:
    """The whole article as HTML paragraphs, one per segment, in reading order."""
    parts = []
    if focus:
        marks = marks + [Mark(focus[0], focus[1], "focus", "outline:3px solid #0072B2;outline-offset:2px;",
                              "Phrase sélectionnée", anchor=FOCUS_ID)]
    for seg in segments.sort_values("start").itertuples():
        body = _render_span(text, int(seg.start), int(seg.end), marks)
        if seg.part == "body":
            tag = "h4" if seg.kind in ("title", "heading") else "p"
            parts.append(f"<{tag} style='margin:0 0 .7em 0'>{body}</{tag}>")
        elif show_aside:
            label = "Commentaire de lecteur" if seg.part == "comment" else f"Écarté : {html.escape(str(seg.reason))}"
            parts.append(f"<p style='color:{GREY};font-size:.88em;margin:0 0 .5em 0;border-left:3px solid #ddd;padding-left:.6em'>"
                         f"<i>[{label}]</i> {body}</p>")
    return f"<div style='font-size:{font_size}px;line-height:1.6;max-width:60em'>{''.join(parts)}</div>"
