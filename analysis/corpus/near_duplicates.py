"""Near-duplicate texts without comparing every pair (issue #17).

Two texts are near duplicates when a share :data:`NEAR_DUPLICATE_THRESHOLD` of the 5-word
sequences (shingles) of the shorter one is found in the other (containment, the measure
the import check has always used). Comparing each text with every other one costs N x M
set intersections; here the *candidates* come from MinHash sketches indexed by an LSH
Ensemble (``datasketch.MinHashLSHEnsemble``, Zhu et al. 2016, VLDB 9(12), a containment
search), and the exact containment of each candidate pair still decides, so the decisions
and the figures shown are those of the exhaustive comparison.

The LSH index is tuned for a containment of :data:`LSH_THRESHOLD` (0.6), below the
decision threshold (0.8): a pair at 0.8 or above is missed only if none of its sketch bands
collide, which the Ensemble's parameters make rare (measured: no pair at 0.8 or above
missed on 2,000 synthetic texts, see tests/unit/test_near_duplicates.py, nor of 683 on 4 x 1,000
synthetic articles of analysis/engine/synthetic.py). Pairs well below 0.6
are seldom returned, so the exact comparisons made grow with the number of real near
duplicates, not with N x M.

Both directions are searched: the index returns the indexed texts that *contain* the query
text, and each text is also queried, so a short text inside a long one is found from the
short one's query.
"""
from __future__ import annotations

import functools
import hashlib
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.corpus.articles import UNKNOWN, Article
from analysis.corpus.clean import BODY, segment_article, text_of
from analysis.corpus.textutil import normalise_for_matching, text_hash

#: Share of 5-word shingles in common above which two texts are near duplicates.
NEAR_DUPLICATE_THRESHOLD = 0.8
SHINGLE_WORDS = 5
_LETTER_RUN = re.compile(r"[^\W\d_]+")
#: MinHash sketch size (permutations): 128 values of 32 bits per text.
NUM_PERM = 128
#: Containment the LSH Ensemble is tuned for: the candidate search casts a wider net than
#: the decision (NEAR_DUPLICATE_THRESHOLD), so that pairs above the decision are not missed.
LSH_THRESHOLD = 0.6
#: A pair the LSH returns is kept unless its sketches put it this many standard errors below
#: the decision threshold (the share of equal MinHash values estimates the Jaccard index,
#: with a binomial standard error over the NUM_PERM values; see :func:`_may_reach`).
ESTIMATE_SIGMAS = 4.0
#: Size partitions of the LSH Ensemble (texts of similar shingle counts share one).
NUM_PART = 8
#: Most rows per band the Ensemble may choose (its ``m``).
MAX_ROWS = 4
#: Weights of false positives and false negatives when the Ensemble picks its bands: misses
#: weigh more (false positives cost one comparison of sketches; measured on 4 x 1,000
#: synthetic articles with the index tuned for 0.5, the default (0.5, 0.5) missed 2 of the 683
#: pairs at 0.8 or above, these weights none).
WEIGHTS = (0.2, 0.8)
#: Seed of the MinHash permutations: every sketch of a run must use the same.
SEED = 1

NEAR_DUPLICATE_COLUMNS = ["article_id", "outlet", "duplicate_of", "duplicate_outlet", "similarity", "identical",
                          "group"]


def body_text(text: str, title: str = UNKNOWN) -> str:
    """The cleaned body of a text (what the analysis reads), for duplicate detection."""
    art = Article(id="x", text=text, title=title)
    return text_of(art, segment_article(art), BODY)


def words_of(text: str) -> list[str]:
    return _LETTER_RUN.findall(normalise_for_matching(text).lower())


@functools.lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> int:
    """A 64-bit key of a word, the same in every process (Python's ``hash`` of strings is salted
    per process, which would make the sketches, hence the LSH, vary from one run to the next)."""
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


#: Multiplier of the polynomial that combines the keys of consecutive words (odd; wraps mod 2**64).
_MULTIPLIER = np.uint64(0x100000001B3)


def shingles_of(words: list[str], n: int = SHINGLE_WORDS) -> frozenset[int]:
    """64-bit keys of the runs of ``n`` consecutive words (one key of all the words when fewer).
    Two different runs share a key with odds of about 2**-64."""
    if not words:
        return frozenset()
    keys = np.array([_word_key(w) for w in words], dtype=np.uint64)
    n = min(n, len(keys))
    out = keys[:len(keys) - n + 1].copy()
    for k in range(1, n):
        out *= _MULTIPLIER
        out += keys[k:len(keys) - n + 1 + k]
    return frozenset(out.tolist())


@dataclass
class Fingerprint:
    """What duplicate detection keeps of a text: a hash of its words, its shingles."""

    exact: str
    shingles: frozenset[int]
    _minhash: object = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, text: str, title: str = UNKNOWN, body: str | None = None) -> "Fingerprint":
        """The fingerprint of a text's body (``body`` when already known, else cleaned here);
        of the whole text when the body has no word."""
        words = words_of(body_text(text, title) if body is None else body) or words_of(text)
        return cls(text_hash(" ".join(words)), shingles_of(words))

    def minhash(self):
        if self._minhash is None:
            from datasketch import MinHash

            m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_low32)
            m.update_batch(self.shingles)
            self._minhash = m
        return self._minhash


def _low32(h: int) -> int:
    return h & 0xFFFFFFFF


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller text's shingles found in the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def score(a: Fingerprint, b: Fingerprint) -> float:
    """1.0 for the same words, else the containment of their shingles."""
    return 1.0 if a.exact == b.exact else containment(a.shingles, b.shingles)


class CandidateIndex:
    """Candidate near-duplicate pairs of a list of fingerprints, from MinHash LSH, both ways.

    ``neighbours(i)``: the indexes that may be near duplicates of text ``i`` (same words, or
    an LSH collision in either direction that their sketches do not rule out: the
    test of :func:`_may_reach`), ascending. ``n_scored`` counts the exact comparisons made by
    :meth:`best` and :meth:`score` (what the scaling test checks)."""

    def __init__(self, fingerprints: list[Fingerprint], *, threshold: float = LSH_THRESHOLD):
        self.fps = fingerprints
        self.n_scored = 0
        self._scores: dict[tuple[int, int], float] = {}
        self._near: dict[int, set[int]] = {i: set() for i in range(len(fingerprints))}
        by_exact: dict[str, list[int]] = {}
        for i, fp in enumerate(fingerprints):
            by_exact.setdefault(fp.exact, []).append(i)
        for group in by_exact.values():
            for i in group:
                self._near[i].update(j for j in group if j != i)
        with_words = [i for i, fp in enumerate(fingerprints) if fp.shingles]
        if len(with_words) < 2:
            return
        from datasketch import MinHashLSHEnsemble

        sketches = {i: fingerprints[i].minhash() for i in with_words}
        sizes = {i: len(fingerprints[i].shingles) for i in with_words}
        lsh = MinHashLSHEnsemble(threshold=threshold, num_perm=NUM_PERM, num_part=min(NUM_PART, len(with_words)),
                                 m=MAX_ROWS, weights=WEIGHTS)
        # indexed sizes rounded up to a few hundred values: the Ensemble's partitioning is
        # quadratic in the number of distinct sizes, and a larger size only widens the search
        lsh.index([(i, sketches[i], _rounded_up(sizes[i])) for i in with_words])
        values = np.vstack([sketches[i].hashvalues for i in with_words])
        row = {i: r for r, i in enumerate(with_words)}
        for i in with_words:
            found = [j for j in lsh.query(sketches[i], sizes[i]) if j != i]  # the texts that may contain text i
            if not found:
                continue
            agree = (values[[row[j] for j in found]] == values[row[i]]).mean(axis=1)  # estimated Jaccard
            for j, jac in zip(found, agree.tolist()):
                if _may_reach(jac, sizes[i], sizes[j]):
                    self._near[i].add(j)
                    self._near[j].add(i)

    def neighbours(self, i: int) -> list[int]:
        return sorted(self._near[i])

    def score(self, i: int, j: int) -> float:
        """:func:`score` of texts ``i`` and ``j``, computed once per pair."""
        key = (i, j) if i < j else (j, i)
        if key not in self._scores:
            self.n_scored += 1
            self._scores[key] = score(self.fps[i], self.fps[j])
        return self._scores[key]

    def best(self, i: int, allowed=None) -> tuple[int | None, float]:
        """The neighbour of ``i`` with the highest score (the first one on a tie), among
        ``allowed`` (a predicate on indexes) when given: (index or None, score)."""
        match, best = None, 0.0
        for j in self.neighbours(i):
            if allowed is not None and not allowed(j):
                continue
            s = self.score(i, j)
            if s > best:
                match, best = j, s
        return match, best


def _rounded_up(n: int) -> int:
    """``n`` rounded up to the next of a geometric series of ratio 1.05 (exact under 40)."""
    return n if n < 40 else int(math.ceil(1.05 ** math.ceil(math.log(n, 1.05)) - 1e-9))


def _may_reach(jaccard: float, a: int, b: int, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> bool:
    """Whether two sets of sizes ``a`` and ``b`` whose sketches estimate a Jaccard index of
    ``jaccard`` may have a containment of ``threshold``: at that containment their Jaccard
    index would be ``j0``; the pair is dropped only when the estimate is
    :data:`ESTIMATE_SIGMAS` binomial standard errors below ``j0`` (a one-sided test, so
    very unequal sizes, whose ``j0`` is small, are always kept)."""
    shared = threshold * min(a, b)
    j0 = shared / (a + b - shared)
    return jaccard >= j0 - ESTIMATE_SIGMAS * math.sqrt(j0 * (1 - j0) / NUM_PERM)


def near_duplicate_table(articles: list[Article], threshold: float = NEAR_DUPLICATE_THRESHOLD,
                         bodies: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per article that is a near duplicate of an article listed before it.

    ``duplicate_of``: the earlier article with the highest score (the first one on a tie),
    ``similarity`` its score (1.0 for the same words, else the containment of 5-word
    shingles), ``identical`` whether the words are the same, ``group`` the first article of
    its group (articles linked by near-duplicate pairs, directly or through others).
    ``bodies``: article id -> body text, when the analysis already cleaned them."""
    bodies = bodies or {}
    fps = [Fingerprint.of(a.text, a.title, bodies.get(a.id)) for a in articles]
    index = CandidateIndex(fps)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    found = []
    for i in range(len(articles)):
        # each earlier neighbour scored once: it joins the groups and competes for duplicate_of
        # (ascending order and a strict '>' keep the first one on a tie, as CandidateIndex.best)
        match, best = None, 0.0
        for j in index.neighbours(i):
            if j >= i:
                break
            s = score(fps[i], fps[j])
            if s >= threshold:
                ri, rj = root(i), root(j)
                parent[max(ri, rj)] = min(ri, rj)
            if s > best:
                match, best = j, s
        if match is not None and best >= threshold:
            found.append((i, match, best))
    rows = [{
        "article_id": articles[i].id, "outlet": articles[i].outlet, "duplicate_of": articles[j].id,
        "duplicate_outlet": articles[j].outlet, "similarity": s, "identical": fps[i].exact == fps[j].exact,
        "group": articles[root(i)].id,
    } for i, j, s in found]
    return pd.DataFrame(rows, columns=NEAR_DUPLICATE_COLUMNS)


def near_duplicates_step(results, knowledge) -> None:
    """Corpus step: the near-duplicate articles of the analysed corpus (``near_duplicates``)."""
    results.tables["near_duplicates"] = near_duplicate_table(list(results.corpus.articles),
                                                             bodies=_bodies(results.tables.get("segments")))


def _bodies(segments: pd.DataFrame | None) -> dict[str, str]:
    """Article id -> its body as the analysis cleaned it (its body segments joined by blank
    lines, as :func:`body_text` does), from the segments table."""
    if segments is None or segments.empty:
        return {}
    body = segments[segments["part"] == BODY]
    out: dict[str, list[str]] = {}
    for aid, text in zip(body["article_id"].tolist(), body["text"].tolist()):
        out.setdefault(aid, []).append(text)
    return {aid: "\n\n".join(parts) for aid, parts in out.items()}
