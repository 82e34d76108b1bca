"""What each outlet says that the others don't: corpus-level vocabulary statistics (issue #5).

Every statistic here is a pure function of per-article lemma counts (``lemmas.csv``) and
the article metadata, so the app recomputes them for any subset of outlets without
re-parsing:

- :func:`distinctive_terms`: weighted log-odds ratio with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008), each outlet against the rest, with z-scores;
- :func:`outlet_similarity`: TF-IDF cosine similarity between outlets;
- :func:`outlet_map`: classical (Torgerson) MDS of the cosine distances, 2-D;
- :func:`shared_passages`: passages reused verbatim between outlets (word 8-gram shingles).
"""
from __future__ import annotations

import functools
from array import array
from collections import defaultdict

import numpy as np
import pandas as pd

from analysis.corpus.textutil import WORD_RE, normalise_for_matching

from .sums import article_sums, corpus_sums, filter_outlets, frame_sums, lemma_count_sums, to_float

MIN_TERM_COUNT = 3  # below this an outlet's count of a term is flagged as too small
MIN_OUTLET_WORDS = 300  # below this an outlet's text is flagged as too short to compare
DEFAULT_ALPHA0 = 500.0  # total mass of the informative prior (scaled corpus frequencies)
SHINGLE_WORDS = 8  # shared passages: at least this many consecutive identical words
#: A run shared by more articles than this is not listed pair by pair (see shared_passages).
MAX_SHARING_ARTICLES = 20

TERMS_COLUMNS = ["outlet", "term", "count", "count_rest", "log_odds", "log_odds_z", "low_count", "small_outlet"]


def counts_by_outlet(lemmas: pd.DataFrame, articles: pd.DataFrame, outlets=None) -> pd.DataFrame:
    """Outlet x lemma count matrix (rows sorted) from ``lemmas.csv`` and ``articles.csv``."""
    if lemmas is None or lemmas.empty or articles is None or articles.empty:
        return pd.DataFrame()
    return counts_from_sums(lemma_count_sums(filter_outlets(articles, outlets), lemmas))


def counts_from_sums(sums: pd.DataFrame) -> pd.DataFrame:
    """The ``finish`` of :func:`counts_by_outlet`: the matrix of the (outlet, lemma) count sums."""
    if sums.empty:
        return pd.DataFrame()
    return sums.pivot_table(index="outlet", columns="lemma", values="count", aggfunc="sum", fill_value=0).sort_index()


def distinctive_terms(counts: pd.DataFrame, *, alpha0: float = DEFAULT_ALPHA0, prior: pd.Series | None = None,
                      min_count: int = MIN_TERM_COUNT, min_outlet_words: int = MIN_OUTLET_WORDS,
                      outlet_words=None) -> pd.DataFrame:
    """Weighted log-odds (Monroe et al. 2008, eq. 16-22), each outlet (row) vs all other rows.

    ``counts``: outlets x terms. The prior is ``alpha_w = alpha0 * p_w`` with ``p_w`` the
    corpus frequency of the term (or ``prior``, a Series of pseudo-counts, when given). For outlet
    i and the rest j::

        delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
        var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
        z_w     = delta_w / sqrt(var_w)

    One row per (outlet, term) with ``count > 0``; ``low_count`` flags counts under
    ``min_count``, ``small_outlet`` outlets of fewer than ``min_outlet_words`` words
    (``outlet_words``: outlet -> body words; default: its content lemmas).
    With a single outlet there is no "rest": an empty table.
    """
    if counts is None or counts.empty or len(counts.index) < 2:
        return pd.DataFrame(columns=TERMS_COLUMNS)
    y = counts.to_numpy(dtype=float)
    total = y.sum(axis=0)
    if prior is not None:
        a = prior.reindex(counts.columns).fillna(0).to_numpy(dtype=float)
        a0 = a.sum()
    else:
        a = alpha0 * total / total.sum()
        a0 = alpha0
    rows = []
    terms = counts.columns.tolist()  # indexing a pandas Index per term is slow
    for i, outlet in enumerate(counts.index):
        yi, yj = y[i], total - y[i]
        ni, nj = yi.sum(), yj.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.log((yi + a) / (ni + a0 - yi - a)) - np.log((yj + a) / (nj + a0 - yj - a))
            var = 1.0 / (yi + a) + 1.0 / (yj + a)
            z = delta / np.sqrt(var)
        present = yi > 0
        words = outlet_words.get(outlet, ni) if outlet_words is not None else ni
        small = bool(words < min_outlet_words)
        for j in np.flatnonzero(present):
            rows.append({
                "outlet": outlet, "term": terms[j], "count": int(yi[j]), "count_rest": int(yj[j]),
                "log_odds": float(delta[j]), "log_odds_z": float(z[j]),
                "low_count": bool(yi[j] < min_count), "small_outlet": small,
            })
    out = pd.DataFrame(rows, columns=TERMS_COLUMNS)
    return out.sort_values(["outlet", "log_odds_z"], ascending=[True, False], kind="mergesort").reset_index(drop=True)


def outlet_similarity(counts: pd.DataFrame) -> pd.DataFrame:
    """Outlet x outlet TF-IDF cosine similarity (scikit-learn ``TfidfTransformer``, l2-normalised)."""
    if counts is None or counts.empty:
        return pd.DataFrame()
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.metrics.pairwise import cosine_similarity

    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts.to_numpy(dtype=float))
    sim = cosine_similarity(tfidf)
    return pd.DataFrame(np.clip(sim, 0, 1), index=counts.index, columns=counts.index)


def outlet_map(similarity: pd.DataFrame) -> pd.DataFrame:
    """2-D classical MDS (Torgerson) of the distances ``1 - cosine``: columns outlet, x, y.

    With n outlets the map has at most n - 1 meaningful dimensions; ``explained`` is the
    share of the (positive) eigenvalue mass the two axes keep.
    """
    cols = ["outlet", "x", "y", "explained"]
    if similarity is None or similarity.empty:
        return pd.DataFrame(columns=cols)
    n = len(similarity)
    if n == 1:
        return pd.DataFrame([{"outlet": similarity.index[0], "x": 0.0, "y": 0.0, "explained": 1.0}], columns=cols)
    d = 1.0 - similarity.to_numpy(dtype=float)
    np.fill_diagonal(d, 0.0)
    j = np.eye(n) - np.ones((n, n)) / n
    b = -0.5 * j @ (d ** 2) @ j
    vals, vecs = np.linalg.eigh(b)
    order = np.argsort(vals)[::-1]
    vals, vecs = vals[order], vecs[:, order]
    pos = np.clip(vals, 0, None)
    coords = vecs[:, :2] * np.sqrt(pos[:2])
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((n, 1))])
    # deterministic orientation: the first outlet on the positive side of each axis
    for k in range(2):
        if coords[0, k] < 0:
            coords[:, k] *= -1
    explained = float(pos[:2].sum() / pos.sum()) if pos.sum() > 0 else 1.0
    return pd.DataFrame({"outlet": similarity.index, "x": coords[:, 0], "y": coords[:, 1],
                         "explained": explained}, columns=cols)


def similarity_long(similarity: pd.DataFrame) -> pd.DataFrame:
    if similarity is None or similarity.empty:
        return pd.DataFrame(columns=["outlet_a", "outlet_b", "cosine"])
    return pd.DataFrame(
        [{"outlet_a": a, "outlet_b": b, "cosine": float(similarity.loc[a, b])}
         for a in similarity.index for b in similarity.columns],
        columns=["outlet_a", "outlet_b", "cosine"],
    )


# --------------------------------------------------------------------------- shared passages

SHARED_COLUMNS = ["article_a", "outlet_a", "start_a", "end_a", "article_b", "outlet_b", "start_b", "end_b",
                  "n_words", "text"]


@functools.lru_cache(maxsize=8192)
def _article_words(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[array, array, array]:
    """Word keys, starts and ends of the words of ``text`` inside ``spans``, memoised: the app
    compares the same articles again for every selection. Keys are the words' hashes
    (lower-cased, typographic apostrophes normalised), kept as compact arrays (24 bytes a word)."""
    norm = normalise_for_matching(text)
    found = [m for s, e in spans for m in WORD_RE.finditer(norm, s, e)]
    keys = array("q", [hash(m.group().lower()) for m in found])
    starts = array("q", [m.start() for m in found])
    ends = array("q", [m.end() for m in found])
    return keys, starts, ends


def passage_docs(sentences: pd.DataFrame, outlets: dict[str, str], texts: dict[str, str]) -> list[dict]:
    """The input of :func:`shared_passages`: the body sentences of each article of ``outlets``
    (article id -> outlet) whose text is in ``texts``, as character spans."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if sentences is not None and not sentences.empty:
        body = sentences[sentences["part"] == "body"]
        for aid, start, end in zip(body["article_id"].tolist(), body["start"].tolist(), body["end"].tolist()):
            spans[aid].append((start, end))
    return [{"article_id": aid, "outlet": outlets[aid], "text": texts[aid], "spans": spans[aid]}
            for aid in sorted(spans) if aid in texts and aid in outlets]


#: Multiplier of the polynomial that combines the word keys of a run of words into one
#: 64-bit key (an odd constant; arithmetic wraps modulo 2**64).
_SHINGLE_MULTIPLIER = np.uint64(0x100000001B3)


def _shingle_keys(keys: np.ndarray, n: int) -> np.ndarray:
    """One 64-bit key per run of ``n`` consecutive words (position i: words i..i+n-1).
    Two runs share a key when their words are the same; two different runs collide with
    odds of about 2**-64, those of the word keys themselves."""
    words = keys.view(np.uint64)
    out = words[:len(words) - n + 1].copy()
    for k in range(1, n):
        out *= _SHINGLE_MULTIPLIER
        out += words[k:len(words) - n + 1 + k]
    return out


def shared_passages(docs: list[dict], n: int = SHINGLE_WORDS) -> pd.DataFrame:
    """Maximal runs of >= ``n`` identical consecutive words shared by articles of different outlets.

    Runs found in more than :data:`MAX_SHARING_ARTICLES` articles are left out: listing
    them pair by pair costs (and shows) the square of the number of articles, and at that
    spread they are site furniture or a text reprinted everywhere, not a reuse to inspect.

    ``docs``: dicts with ``article_id``, ``outlet``, ``text`` and ``spans`` (the character
    spans to compare, e.g. the body sentences). Words are compared lower-cased, with
    typographic apostrophes normalised; punctuation and numbers are ignored. One row per
    pair of passages, offsets into each article's raw text, ordered by article pair then
    position.

    Vectorised with numpy (every step works on whole arrays): each run of ``n`` words gets
    a key (:func:`_shingle_keys`); sorting the keys brings the articles sharing a run
    together; the pairs of positions (i in article a, j in article b) are then chained
    along their diagonal (i + k, j + k) into maximal passages.
    """
    meta = {d["article_id"]: d for d in docs}
    ids = sorted(meta)
    outlet_code = {o: c for c, o in enumerate(sorted({d["outlet"] for d in docs}))}
    keys, arts, pos, word_starts, word_ends, base = [], [], [], [], [], [0]
    for rank, aid in enumerate(ids):
        k, st, en = _article_words(meta[aid]["text"], tuple(meta[aid]["spans"]))
        word_starts.append(np.frombuffer(st, dtype=np.int64))
        word_ends.append(np.frombuffer(en, dtype=np.int64))
        base.append(base[-1] + len(k))
        if len(k) >= n:
            h = _shingle_keys(np.frombuffer(k, dtype=np.int64), n)
            keys.append(h)
            arts.append(np.full(len(h), rank, dtype=np.int64))
            pos.append(np.arange(len(h), dtype=np.int64))
    if not keys:
        return pd.DataFrame(columns=SHARED_COLUMNS)
    h, art, i = np.concatenate(keys), np.concatenate(arts), np.concatenate(pos)
    order = np.argsort(h, kind="stable")  # stable: within a key, by article then position
    h, art, i = h[order], art[order], i[order]
    first = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])  # first member of each key group
    size = np.diff(np.r_[first, len(h)])
    new_article = np.r_[True, (h[1:] != h[:-1]) | (art[1:] != art[:-1])]
    n_articles = np.add.reduceat(new_article.astype(np.int64), first)
    keep = (size >= 2) & (n_articles >= 2) & (n_articles <= MAX_SHARING_ARTICLES)
    outlets = np.array([outlet_code[meta[aid]["outlet"]] for aid in ids], dtype=np.int64)
    pa, pi, pb, pj = [], [], [], []
    for m in np.unique(size[keep]):  # every pair of members, groups of one size at a time
        members = first[keep & (size == m)][:, None] + np.arange(m)
        x, y = np.triu_indices(m, 1)
        u, v = members[:, x].ravel(), members[:, y].ravel()
        ok = (art[u] != art[v]) & (outlets[art[u]] != outlets[art[v]])
        pa.append(art[u][ok]); pi.append(i[u][ok]); pb.append(art[v][ok]); pj.append(i[v][ok])
    a, ia, b, jb = (np.concatenate(c or [np.zeros(0, np.int64)]) for c in (pa, pi, pb, pj))  # a < b
    if not len(a):
        return pd.DataFrame(columns=SHARED_COLUMNS)
    # chain the pairs along each diagonal: (i, j), (i + 1, j + 1)… is one passage
    diag = ia - jb
    o = np.lexsort((ia, diag, b, a))
    a, ia, b, jb, diag = a[o], ia[o], b[o], jb[o], diag[o]
    starts = np.flatnonzero(np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1]) | (diag[1:] != diag[:-1])
                                  | (ia[1:] != ia[:-1] + 1)])
    length = np.diff(np.r_[starts, len(a)]) - 1 + n
    a, ia, b, jb = a[starts], ia[starts], b[starts], jb[starts]
    o = np.lexsort((jb, ia, b, a))
    a, ia, b, jb, length = a[o], ia[o], b[o], jb[o], length[o]
    all_starts, all_ends, base = np.concatenate(word_starts), np.concatenate(word_ends), np.array(base[:-1])
    sa, ea = all_starts[base[a] + ia], all_ends[base[a] + ia + length - 1]
    sb, eb = all_starts[base[b] + jb], all_ends[base[b] + jb + length - 1]
    id_a, id_b = [ids[x] for x in a.tolist()], [ids[x] for x in b.tolist()]
    return pd.DataFrame({
        "article_a": id_a, "outlet_a": [meta[x]["outlet"] for x in id_a], "start_a": sa, "end_a": ea,
        "article_b": id_b, "outlet_b": [meta[x]["outlet"] for x in id_b], "start_b": sb, "end_b": eb,
        "n_words": length,
        "text": [meta[x]["text"][s:e] for x, s, e in zip(id_a, sa.tolist(), ea.tolist())],
    }, columns=SHARED_COLUMNS)


# --------------------------------------------------------------------------- per-outlet framing

SOVEREIGNTY_COLUMNS = ["outlet", "n_articles", "n_body_words", "sovereignty_mentions", "sovereignty_per_1000"]
FRAME_COLUMNS = ["outlet", "frame", "score", "weighted_hits", "n_sentences", "n_articles", "n_body_words"]


def sovereignty_by_outlet(articles: pd.DataFrame, outlets=None) -> pd.DataFrame:
    if articles is None or articles.empty or "sovereignty_mentions" not in articles:
        return pd.DataFrame(columns=SOVEREIGNTY_COLUMNS)
    return sovereignty_from_sums(article_sums(filter_outlets(articles, outlets)))


def sovereignty_from_sums(sums: pd.DataFrame) -> pd.DataFrame:
    """The ``finish`` of :func:`sovereignty_by_outlet` (sums of :func:`analysis.measures.sums.article_sums`)."""
    g = sums[["outlet", "n_articles", "n_body_words", "sovereignty_mentions"]].reset_index(drop=True)
    g["sovereignty_per_1000"] = [1000 * m / w if w else 0.0 for m, w in zip(g["sovereignty_mentions"], g["n_body_words"])]
    return g[SOVEREIGNTY_COLUMNS]


def frame_profile(frames: pd.DataFrame, articles: pd.DataFrame, outlets=None) -> pd.DataFrame:
    """Per outlet and frame: weighted indicator hits per 1,000 body words, pooled over its articles."""
    if frames is None or frames.empty or articles is None or articles.empty:
        return pd.DataFrame(columns=FRAME_COLUMNS)
    return frame_profile_from_sums(frame_sums(filter_outlets(articles, outlets), frames))


def frame_profile_from_sums(sums: pd.DataFrame) -> pd.DataFrame:
    """The ``finish`` of :func:`frame_profile` (sums of :func:`analysis.measures.sums.frame_sums`)."""
    if sums.empty:
        return pd.DataFrame(columns=FRAME_COLUMNS)
    g = sums.reset_index(drop=True)
    g["weighted_hits"] = [to_float(h) for h in g["weighted_hits"]]
    g["score"] = [1000 * h / w if w else 0.0 for h, w in zip(g["weighted_hits"], g["n_body_words"])]
    return g[FRAME_COLUMNS]


def codebook_table(knowledge) -> pd.DataFrame:
    """The frame codebook in use, one row per frame (labels for the app and CSV readers)."""
    from .lexicon import PFC_DIMENSIONS, load_frames

    loaded = load_frames(knowledge)
    return pd.DataFrame([
        {"frame": f.id, "label": f.label, "description": f.description, "pfc_dimension": f.pfc_dimension,
         "pfc_name": PFC_DIMENSIONS[f.pfc_dimension][0], "pfc_secondary": f.pfc_secondary, "stance": f.stance,
         "n_indicators": len(f.indicators), "source": loaded.source}
        for f in loaded.value
    ], columns=["frame", "label", "description", "pfc_dimension", "pfc_name", "pfc_secondary", "stance",
                "n_indicators", "source"])


def vocabulary_step(results, knowledge) -> None:
    """Corpus step: terms, similarity, outlet_map, shared_passages, frame_outlets, sovereignty_outlets."""
    from .framing import codebook_errors

    t = results.tables
    sums = corpus_sums(results)  # outlet x lemma counts, body words, frames, sovereignty: summed per outlet
    per_outlet = sums.get("articles")
    counts = counts_from_sums(sums.get("lemmas"))
    words = dict(zip(per_outlet["outlet"], per_outlet["n_body_words"])) if "body_words" in sums.flags else None
    t["terms"] = distinctive_terms(counts, outlet_words=words)
    sim = outlet_similarity(counts)
    t["similarity"] = similarity_long(sim)
    t["outlet_map"] = outlet_map(sim)
    by_id = results.corpus.by_id()
    docs = passage_docs(t.get("sentences"), {aid: a.outlet for aid, a in by_id.items()},
                        {aid: a.text for aid, a in by_id.items()})
    t["shared_passages"] = shared_passages(docs)
    t["frame_outlets"] = frame_profile_from_sums(sums.get("frames"))
    t["sovereignty_outlets"] = (sovereignty_from_sums(per_outlet) if "sovereignty" in sums.flags
                                else pd.DataFrame(columns=SOVEREIGNTY_COLUMNS))
    t["codebook"] = codebook_table(knowledge)
    errors = codebook_errors(knowledge)
    if errors:
        t["codebook_errors"] = pd.DataFrame(errors, columns=["file", "line", "reason", "fallback"])
