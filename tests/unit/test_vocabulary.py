"""Distinctive vocabulary (Monroe et al. 2008), similarity, outlet map, shared passages (issue #5)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.measures.vocabulary import (
    counts_by_outlet,
    distinctive_terms,
    outlet_map,
    outlet_similarity,
    shared_passages,
)


def test_log_odds_on_a_hand_computed_example():
    counts = pd.DataFrame({"x": [2, 1], "y": [0, 3]}, index=["A", "B"])
    out = distinctive_terms(counts, prior=pd.Series({"x": 1.0, "y": 1.0})).set_index(["outlet", "term"])
    # A vs rest (B): a = (1, 1), a0 = 2, n_A = 2, n_B = 4
    # delta_x = log(3 / (2 + 2 - 2 - 1)) - log(2 / (4 + 2 - 1 - 1)) = log 6 ; var = 1/3 + 1/2
    assert out.loc[("A", "x"), "log_odds"] == pytest.approx(math.log(6))
    assert out.loc[("A", "x"), "log_odds_z"] == pytest.approx(math.log(6) / math.sqrt(1 / 3 + 1 / 2))
    # B: delta_x = -log 6 (symmetry); delta_y = log(4/2) - log(1/3) = log 6, var = 1/4 + 1
    assert out.loc[("B", "x"), "log_odds"] == pytest.approx(-math.log(6))
    assert out.loc[("B", "y"), "log_odds_z"] == pytest.approx(math.log(6) / math.sqrt(1.25))
    assert ("A", "y") not in out.index  # only terms the outlet uses
    assert bool(out.loc[("A", "x"), "low_count"]) and not bool(out.loc[("B", "y"), "low_count"])
    assert bool(out.loc[("A", "x"), "small_outlet"])


def test_log_odds_needs_two_outlets_and_accepts_outlet_sizes():
    one = pd.DataFrame({"x": [5]}, index=["A"])
    assert distinctive_terms(one).empty
    counts = pd.DataFrame({"x": [5, 1], "y": [1, 5]}, index=["A", "B"])
    out = distinctive_terms(counts, outlet_words={"A": 1000, "B": 10})
    assert set(out.loc[out["small_outlet"], "outlet"]) == {"B"}


def test_counts_by_outlet_pools_articles_and_filters():
    lemmas = pd.DataFrame({"article_id": ["a1", "a1", "a2", "a3"], "lemma": ["x", "y", "x", "z"], "count": [1, 2, 3, 4]})
    arts = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "outlet": ["O1", "O1", "O2"]})
    c = counts_by_outlet(lemmas, arts)
    assert c.loc["O1", "x"] == 4 and c.loc["O2", "z"] == 4
    assert list(counts_by_outlet(lemmas, arts, outlets=["O2"]).index) == ["O2"]
    assert counts_by_outlet(lemmas, arts, outlets=[]).empty


def test_similarity_and_map():
    counts = pd.DataFrame({"a": [3, 3, 0], "b": [1, 1, 0], "c": [0, 0, 4]}, index=["P", "Q", "R"])
    sim = outlet_similarity(counts)
    assert sim.loc["P", "Q"] == pytest.approx(1.0) and sim.loc["P", "R"] == pytest.approx(0.0)
    m = outlet_map(sim).set_index("outlet")
    assert math.dist(m.loc["P", ["x", "y"]], m.loc["Q", ["x", "y"]]) == pytest.approx(0, abs=1e-6)
    assert math.dist(m.loc["P", ["x", "y"]], m.loc["R", ["x", "y"]]) == pytest.approx(1.0, abs=1e-6)
    assert outlet_map(outlet_similarity(counts.iloc[:1])).shape[0] == 1


WIRE = "Le groupe français valorisé à quelque deux milliards de dollars vante des performances comparables."


def _doc(aid, outlet, text):
    return {"article_id": aid, "outlet": outlet, "text": text, "spans": [(0, len(text))]}


def test_shared_passage_between_outlets_is_found_with_offsets():
    a = "Selon nos informations, " + WIRE + " Fin."
    b = "Intro différente. " + WIRE.replace("Le groupe", "le groupe").replace("'", "’") + " Autre chose ici."
    out = shared_passages([_doc("a", "AFP", a), _doc("b", "Le Monde", b)])
    assert len(out) == 1
    row = out.iloc[0]
    assert row["n_words"] == len(WIRE.rstrip(".").split())
    assert a[row["start_a"]:row["end_a"]] == WIRE.rstrip(".")
    assert b[row["start_b"]:row["end_b"]].lower() == WIRE.rstrip(".").lower()


def test_short_overlaps_and_same_outlet_copies_are_not_shared_passages():
    seven = "un deux trois quatre cinq six sept"
    out = shared_passages([
        _doc("a", "AFP", f"Début {seven} fin."), _doc("b", "Libé", f"Autre {seven} suite."),
        _doc("c", "AFP", "Copie " + WIRE), _doc("d", "AFP", "Reprise " + WIRE),
    ])
    assert out.empty


def test_seed_tables_exist(seed_results):
    for name in ("terms", "similarity", "outlet_map", "shared_passages", "lemmas", "frame_outlets"):
        assert name in seed_results.tables
    terms = seed_results["terms"]
    assert {"outlet", "term", "count", "log_odds_z"} <= set(terms.columns)
    assert not terms["term"].isin(["le", "de", "et", "être"]).any()


def _reference_shared_passages(docs, n):
    """The plain definition, with dictionaries: every run of ``n`` words indexed by its
    words, every pair of positions of articles of different outlets, then the pairs
    chained along their diagonal into maximal passages."""
    from collections import defaultdict

    from analysis.measures.vocabulary import MAX_SHARING_ARTICLES, _article_words

    words = {d["article_id"]: _article_words(d["text"], tuple(d["spans"])) for d in docs}
    meta = {d["article_id"]: d for d in docs}
    index = defaultdict(list)
    for aid, (keys, _, _) in words.items():
        for i in range(len(keys) - n + 1):
            index[tuple(keys[i:i + n])].append((aid, i))
    pairs = defaultdict(set)
    for occ in index.values():
        if len({a for a, _ in occ}) > MAX_SHARING_ARTICLES:
            continue
        for x in range(len(occ)):
            for y in range(x + 1, len(occ)):
                (a, i), (b, j) = occ[x], occ[y]
                if a == b or meta[a]["outlet"] == meta[b]["outlet"]:
                    continue
                if a > b:
                    (a, i), (b, j) = (b, j), (a, i)
                pairs[(a, b)].add((i, j))
    rows = []
    for (a, b), starts in sorted(pairs.items()):
        done = set()
        for i, j in sorted(starts):
            if (i, j) in done:
                continue
            k = 0
            while (i + k, j + k) in starts:
                done.add((i + k, j + k))
                k += 1
            length = k - 1 + n
            (_, sa, ea), (_, sb, eb) = words[a], words[b]
            rows.append((a, meta[a]["outlet"], sa[i], ea[i + length - 1], b, meta[b]["outlet"], sb[j],
                         eb[j + length - 1], length, meta[a]["text"][sa[i]:ea[i + length - 1]]))
    return rows


def test_shared_passages_equal_the_plain_definition_on_recombined_articles():
    """Synthetic articles recombine the bundled paragraphs: passages shared by many articles,
    repeated within an article, adjacent, and runs spread over more than the cap."""
    import random

    from analysis.corpus.articles import load_corpus
    from analysis.engine.synthetic import synthetic_articles
    from analysis.measures.vocabulary import MAX_SHARING_ARTICLES
    from tests.conftest import SEED_CORPUS

    arts = synthetic_articles(60, load_corpus(SEED_CORPUS), seed=5)
    rnd = random.Random(5)
    docs = [_doc(a.id, a.outlet, a.text) for a in arts]
    docs += [_doc(f"z{k}", f"Z{k % 3}", " ".join(rnd.choice(docs[k]["text"].split()) for _ in range(40)))
             for k in range(10)]  # word salads: short repeats of single words
    docs.append(_doc("empty", "Vide", ""))
    for n in (3, 8):
        got = shared_passages(docs, n=n)
        expected = _reference_shared_passages(docs, n)
        assert len(expected) > 50
        assert [tuple(r) for r in got.itertuples(index=False)] == expected
    assert 0 < MAX_SHARING_ARTICLES < 60
