"""Per-outlet tables as mergeable reductions (issue #17): ``partial``, ``merge``, ``finish``.

Every per-outlet table of the corpus steps (readability, tone per voice and per target,
frame profiles, sovereignty density) and the outlet x lemma counts behind the vocabulary
statistics are a ``finish`` of *sums*: counts summed per key (outlet, or outlet and
voice / target / frame / lemma), ratios computed only at the end. So:

- :func:`partial` turns the per-article tables of any set of whole articles (one chunk,
  one Dask task) into :class:`Sums`;
- :func:`merge` adds two :class:`Sums` (associative and commutative: any partition of the
  articles, merged in any order or tree, gives the same sums);
- the ``..._from_sums`` functions of :mod:`aggregate`, :mod:`tone` and :mod:`vocabulary`
  finish them into the tables.

Sums are exact: integer counts are integers, and sums of floats (tone weights, frame hits,
MTLD) are kept as :class:`fractions.Fraction` of the floats, turned into a float once at the
end (the correctly rounded sum). A float sum would depend on the order of the additions,
hence on the partition and, on a cluster, on the order the tasks finish.

An article's rows must all be in the same partial (counts of distinct articles per group
are summed across partials); the chunks of the engines are whole articles.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import pandas as pd

#: name -> (key columns, integer columns, exact float columns) of each table of sums.
SCHEMA: dict[str, tuple[list[str], list[str], list[str]]] = {
    "articles": (["outlet"], ["n_articles", "n_words", "n_sentences", "n_syllables", "n_long_words", "mtld_count",
                              "n_body_words", "sovereignty_mentions"], ["mtld_sum"]),
    "tone_voices": (["outlet", "voice"], ["n_articles", "n_words", "n_pos", "n_neg", "n_sentences", "n_charged"],
                    ["weight_sum", "weight_abs"]),
    "targets": (["outlet", "target"], ["n_articles", "n_sentences", "n_words", "n_pos", "n_neg", "n_charged"],
                ["weight_sum", "weight_abs", "tone_mean_sum"]),
    "frames": (["outlet", "frame"], ["n_sentences", "n_articles", "n_body_words"], ["weighted_hits"]),
    "lemmas": (["outlet", "lemma"], ["count"], []),
}


@dataclass
class Sums:
    """Tables of sums by name (see :data:`SCHEMA`), plus which article columns were present
    (``flags``: e.g. ``readability_counts`` when the articles carry their readability counts)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()

    def get(self, name: str) -> pd.DataFrame:
        keys, ints, exact = SCHEMA[name]
        t = self.tables.get(name)
        return t if t is not None else pd.DataFrame(columns=keys + ints + exact)


def exact(values) -> list[Fraction]:
    """Each float as an exact fraction; NaN and None count as 0 (skipped by a sum)."""
    out = []
    for v in values:
        try:
            f = float(v)
        except (TypeError, ValueError):
            f = 0.0
        out.append(Fraction(0) if math.isnan(f) or math.isinf(f) else Fraction(f))
    return out


def to_float(x) -> float:
    return float(x) if isinstance(x, Fraction) else float(x or 0)


def _grouped(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Rows with the same key summed (integers as int64, exact columns as fractions)."""
    keys, ints, exacts = SCHEMA[name]
    cols = keys + ints + exacts
    if df.empty:
        return pd.DataFrame(columns=cols)
    df = df[cols].copy()
    for c in ints:
        df[c] = df[c].astype("int64")
    for c in exacts:
        df[c] = df[c].astype(object)
    return df.groupby(keys, sort=True, as_index=False).sum()[cols]


def _with_outlet(table: pd.DataFrame | None, articles: pd.DataFrame, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    if table is None or table.empty or articles.empty:
        return pd.DataFrame()
    return table.merge(articles[["article_id", "outlet", *extra]], on="article_id")


def _int(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df:
        return pd.Series(0, index=df.index, dtype="int64")
    return pd.to_numeric(df[col], errors="coerce").fillna(0).astype("int64")


def article_sums(articles: pd.DataFrame) -> pd.DataFrame:
    if articles is None or articles.empty:
        return pd.DataFrame(columns=sum(SCHEMA["articles"], []))
    mtld = pd.to_numeric(articles["mtld"], errors="coerce") if "mtld" in articles else pd.Series(float("nan"),
                                                                                             index=articles.index)
    df = pd.DataFrame({
        "outlet": articles["outlet"], "n_articles": 1,
        **{c: _int(articles, c) for c in ("n_words", "n_sentences", "n_syllables", "n_long_words", "n_body_words",
                                          "sovereignty_mentions")},
        "mtld_count": mtld.notna().astype("int64"), "mtld_sum": exact(mtld),
    })
    return _grouped(df, "articles")


def voice_sums(articles: pd.DataFrame, tone_voices: pd.DataFrame | None) -> pd.DataFrame:
    tv = _with_outlet(tone_voices, articles)
    if tv.empty:
        return pd.DataFrame(columns=sum(SCHEMA["tone_voices"], []))
    df = pd.DataFrame({
        "outlet": tv["outlet"], "voice": tv["voice"], "n_articles": (tv["n_words"] > 0).astype("int64"),
        **{c: _int(tv, c) for c in ("n_words", "n_pos", "n_neg", "n_sentences", "n_charged")},
        "weight_sum": exact(tv["weight_sum"]) if "weight_sum" in tv else [Fraction(0)] * len(tv),
        "weight_abs": exact(tv["weight_abs"]) if "weight_abs" in tv else [Fraction(0)] * len(tv),
    })
    return _grouped(df, "tone_voices")


def target_sums(articles: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    t = _with_outlet(targets, articles)
    if t.empty:
        return pd.DataFrame(columns=sum(SCHEMA["targets"], []))
    df = pd.DataFrame({
        "outlet": t["outlet"], "target": t["target"], "n_articles": 1,
        **{c: _int(t, c) for c in ("n_sentences", "n_words", "n_pos", "n_neg", "n_charged")},
        "weight_sum": exact(t["weight_sum"]) if "weight_sum" in t else [Fraction(0)] * len(t),
        "weight_abs": exact(t["weight_abs"]) if "weight_abs" in t else [Fraction(0)] * len(t),
        "tone_mean_sum": [m * n for m, n in zip(exact(t["tone_mean"]), t["n_sentences"].tolist())],
    })
    return _grouped(df, "targets")


def frame_sums(articles: pd.DataFrame, frames: pd.DataFrame | None) -> pd.DataFrame:
    f = _with_outlet(frames, articles, ("n_body_words",))
    if f.empty:
        return pd.DataFrame(columns=sum(SCHEMA["frames"], []))
    # distinct articles per (outlet, frame): an article's rows are all in this partial
    first = ~f.duplicated(["outlet", "frame", "article_id"])
    df = pd.DataFrame({
        "outlet": f["outlet"], "frame": f["frame"], "n_sentences": _int(f, "n_sentences"),
        "n_articles": first.astype("int64"), "n_body_words": _int(f, "n_body_words"),
        "weighted_hits": exact(f["weighted_hits"]),
    })
    return _grouped(df, "frames")


def lemma_count_sums(articles: pd.DataFrame, lemmas: pd.DataFrame | None) -> pd.DataFrame:
    lm = _with_outlet(lemmas, articles)
    if lm.empty:
        return pd.DataFrame(columns=sum(SCHEMA["lemmas"], []))
    return _grouped(pd.DataFrame({"outlet": lm["outlet"], "lemma": lm["lemma"], "count": _int(lm, "count")}), "lemmas")


def partial(tables: dict[str, pd.DataFrame]) -> Sums:
    """The sums of the per-article tables of some whole articles (a chunk, a task, a corpus)."""
    arts = tables.get("articles", pd.DataFrame())
    flags = set()
    if not arts.empty:
        if "n_syllables" in arts:
            flags.add("readability_counts")
        if "sovereignty_mentions" in arts:
            flags.add("sovereignty")
        if "n_body_words" in arts:
            flags.add("body_words")
    return Sums({
        "articles": article_sums(arts),
        "tone_voices": voice_sums(arts, tables.get("tone_voices")),
        "targets": target_sums(arts, tables.get("targets")),
        "frames": frame_sums(arts, tables.get("frames")),
        "lemmas": lemma_count_sums(arts, tables.get("lemmas")),
    }, frozenset(flags))


def merge(a: Sums, b: Sums) -> Sums:
    """The sums of two disjoint sets of articles."""
    tables = {}
    for name in SCHEMA:
        parts = [t for t in (a.get(name), b.get(name)) if not t.empty]
        tables[name] = _grouped(pd.concat(parts, ignore_index=True), name) if parts else a.get(name)
    return Sums(tables, a.flags | b.flags)


def merge_all(parts) -> Sums:
    """Every partial merged, two by two (a balanced tree: each row is added O(log n) times)."""
    level = list(parts)
    if not level:
        return Sums()
    while len(level) > 1:
        level = [merge(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    return level[0]


def filter_outlets(df: pd.DataFrame, outlets) -> pd.DataFrame:
    return df if outlets is None else df[df["outlet"].isin(list(outlets))]


def corpus_sums(results) -> Sums:
    """The sums of a run's articles: those the engine reduced (``results.sums``, e.g. from the
    Dask tasks), else one partial over its per-article tables (kept for the next corpus step)."""
    sums = getattr(results, "sums", None)
    if sums is None:
        sums = partial(results.tables)
        results.sums = sums
    return sums
