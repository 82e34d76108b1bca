"""Low-evidence values: marked (lighter, hatched, n in the hover) and kept from stretching scales.

One helper for every chart of the app. A value resting on too little text (an outlet with a
34-word article, a cell of one sentence) is still shown, but:

- its bar or cell is drawn lighter and hatched, and its hover says « peu de données » with n;
- the axis range or colour scale is set by the other values, so it cannot squeeze them.

Thresholds are the ones the measures themselves call unstable: MTLD under 100 words, tone
voices under 20 words; a readability or density figure under :data:`MIN_WORDS` words rests
on one or two sentences.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

MIN_WORDS = 100      # below: a figure per 100 or 1,000 words, or a readability score, is low-evidence
MIN_SENTENCES = 3    # below: a cell (outlet × target, outlet × frame) rests on one or two sentences
LOW_OPACITY = 0.45
HATCH = "/"
LOW_NOTE = "hachuré : peu de données (moins de {min_words} mots), à lire avec prudence"


def low_evidence(n_words: Sequence | None = None, n_sentences: Sequence | None = None, *,
                 min_words: int = MIN_WORDS, min_sentences: int = MIN_SENTENCES) -> np.ndarray:
    """True where a value rests on fewer than ``min_words`` words or ``min_sentences`` sentences."""
    flags = None
    for values, floor in ((n_words, min_words), (n_sentences, min_sentences)):
        if values is None:
            continue
        arr = np.asarray([0 if v is None or v != v else v for v in values], dtype=float) < floor
        flags = arr if flags is None else flags | arr
    return np.zeros(0, dtype=bool) if flags is None else flags


def hover_suffix(low: bool) -> str:
    return "<br><i>peu de données : à lire avec prudence</i>" if low else ""


def mark_bars(trace: go.Bar, low: Sequence[bool]) -> go.Bar:
    """Lighter, hatched bars where ``low``; the others untouched."""
    low = list(map(bool, low))
    if any(low):
        trace.marker.opacity = [LOW_OPACITY if f else 1.0 for f in low]
        trace.marker.pattern = {"shape": [HATCH if f else "" for f in low], "fillmode": "overlay", "solidity": 0.3}
    return trace


def bar_range(values: Sequence[float], low: Sequence[bool], *, pad: float = 1.18) -> list[float] | None:
    """Axis range [min, max] set by the well-supported values (None: let Plotly choose).

    Only when a low-evidence value lies beyond the others does the range change; such a bar is
    then cut at the edge (its label still gives the value)."""
    vals = np.asarray(values, dtype=float)
    low = np.asarray(list(map(bool, low)), dtype=bool)
    ok = vals[~low & ~np.isnan(vals)]
    if len(ok) == 0 or len(ok) == len(vals):
        return None
    hi, lo = max(0.0, float(ok.max())), min(0.0, float(ok.min()))
    weak = vals[low & ~np.isnan(vals)]
    if not len(weak) or (weak.max() <= hi and weak.min() >= lo):
        return None
    span = (hi - lo) or 1.0
    return [lo - (span * (pad - 1) if lo < 0 else 0), hi + span * (pad - 1)]


def color_range(z: np.ndarray, low: np.ndarray) -> tuple[float, float] | None:
    """(zmin, zmax) of a heatmap from its well-supported cells (None when every cell is)."""
    z = np.asarray(z, dtype=float)
    low = np.asarray(low, dtype=bool)
    ok = z[~low & ~np.isnan(z)]
    if not low.any() or not len(ok):
        return None
    return float(ok.min()), float(ok.max())
