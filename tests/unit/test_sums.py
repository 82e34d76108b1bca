"""Per-outlet tables as mergeable reductions (analysis/measures/sums.py, issue #17): the same
tables whatever the partition of the articles, and the tables of the direct computation.

The articles are invented records (random counts and weights), no text is parsed."""
import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.engine.pipeline import ArticleResult, corpus_sums_of, partial_sums
from analysis.measures import sums as S
from analysis.measures.aggregate import readability_from_sums
from analysis.measures.readability import readability_from_counts
from analysis.measures.tone import low_evidence, outlet_targets_from_sums, outlet_tone_from_sums, shares
from analysis.measures.vocabulary import counts_from_sums, frame_profile_from_sums, sovereignty_from_sums

OUTLETS = ["Le Veilleur de Brévanne", "La Gazette d'Orlisse", "Le Pradelunois"]
VOICES = ["journaliste", "citée"]
TARGETS = ["la mairie", "le syndicat des eaux"]
FRAMES = ["economie", "securite", "culture"]
LEMMAS = ["pont", "budget", "fontaine", "marché", "école", "digue"]


def invented_results(seed: int, n: int) -> list[ArticleResult]:
    rng = random.Random(seed)
    out = []
    for k in range(n):
        aid = f"art{seed}_{k}"
        w = rng.randint(0, 900)
        row = {"article_id": aid, "outlet": rng.choice(OUTLETS), "n_words": w, "n_sentences": rng.randint(0, 40),
               "n_syllables": rng.randint(w, 2 * w), "n_long_words": rng.randint(0, w),
               "mtld": rng.uniform(20, 120) if w >= 50 else float("nan"), "n_body_words": w + rng.randint(0, 50),
               "sovereignty_mentions": rng.randint(0, 4)}
        tables = {
            "tone_voices": [{"article_id": aid, "voice": v, "n_words": rng.randint(0, 300), "n_pos": rng.randint(0, 9),
                             "n_neg": rng.randint(0, 9), "n_sentences": rng.randint(0, 12), "n_charged": rng.randint(0, 6),
                             "weight_sum": round(rng.uniform(-3, 3), 4), "weight_abs": round(rng.uniform(0, 5), 4)}
                            for v in VOICES],
            "targets": [{"article_id": aid, "target": t, "n_sentences": (ns := rng.randint(0, 5)),
                         "n_words": rng.randint(0, 80), "n_pos": rng.randint(0, 3), "n_neg": rng.randint(0, 3),
                         "n_charged": rng.randint(0, 3), "weight_sum": round(rng.uniform(-2, 2), 4),
                         "weight_abs": round(rng.uniform(0, 3), 4),
                         "tone_mean": round(rng.uniform(-1, 1), 4) if ns else float("nan")}
                        for t in rng.sample(TARGETS, rng.randint(0, 2))],
            "frames": [{"article_id": aid, "frame": f, "weighted_hits": round(rng.uniform(0, 7), 3),
                        "n_sentences": rng.randint(1, 5)} for f in rng.sample(FRAMES, rng.randint(0, 3))],
            "lemmas": [{"article_id": aid, "lemma": lm, "count": rng.randint(1, 9)}
                       for lm in rng.sample(LEMMAS, rng.randint(1, len(LEMMAS)))],
        }
        out.append(ArticleResult(row, tables))
    return out


def finished(sums: S.Sums) -> dict[str, pd.DataFrame]:
    return {
        "outlets": readability_from_sums(sums.get("articles")),
        "outlet_tone": outlet_tone_from_sums(sums.get("tone_voices")),
        "outlet_targets": outlet_targets_from_sums(sums.get("targets")),
        "frame_outlets": frame_profile_from_sums(sums.get("frames")),
        "sovereignty_outlets": sovereignty_from_sums(sums.get("articles")),
        "counts": counts_from_sums(sums.get("lemmas")),
    }


def assert_same_tables(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True, obj=name)


RESULTS = invented_results(1, 60)
ONE_CHUNK = finished(partial_sums(RESULTS))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_any_partition_merged_in_any_order_gives_the_same_tables(cuts, rnd):
    order = list(range(len(RESULTS)))
    rnd.shuffle(order)
    bounds = sorted(set(c for c in cuts if c < len(order))) + [len(order)]
    parts, start = [], 0
    for end in bounds:
        parts.append(partial_sums([RESULTS[i] for i in order[start:end]]))
        start = end
    rnd.shuffle(parts)
    folded = parts[0]
    for p in parts[1:]:  # a left fold, in a random order
        folded = S.merge(folded, p)
    assert_same_tables(finished(folded), ONE_CHUNK)
    assert_same_tables(finished(S.merge_all(parts)), ONE_CHUNK)  # a tree


def test_one_chunk_many_chunks_and_the_engines_reduction_agree():
    many = S.merge_all([partial_sums(RESULTS[c:c + 8]) for c in range(0, len(RESULTS), 8)])
    assert_same_tables(finished(many), ONE_CHUNK)
    # cached articles' sums computed here, merged with sums reduced elsewhere (the Dask tasks)
    elsewhere = (partial_sums(RESULTS[10:50]), list(range(10, 50)))
    sums, n_parts = corpus_sums_of(RESULTS, [elsewhere])
    assert n_parts == 2
    assert_same_tables(finished(sums), ONE_CHUNK)


def test_the_finished_tables_are_the_direct_pooled_computation():
    """The reduction computes what the per-outlet tables always meant: counts summed over an
    outlet's articles, ratios from the sums (checked here against plain pandas, in floats)."""
    arts = pd.DataFrame([r.row for r in RESULTS])
    tv = pd.DataFrame([x for r in RESULTS for x in r.tables["tone_voices"]]).merge(arts[["article_id", "outlet"]])
    tone = ONE_CHUNK["outlet_tone"].set_index(["outlet", "voice"])
    for (outlet, voice), g in tv.groupby(["outlet", "voice"]):
        got = tone.loc[(outlet, voice)]
        assert got["n_words"] == g["n_words"].sum() and got["n_articles"] == (g["n_words"] > 0).sum()
        assert got["weight_sum"] == pytest.approx(g["weight_sum"].sum(), abs=1e-9)
        assert got["low_evidence"] == low_evidence(g["n_charged"].sum(), g["n_sentences"].sum())
        want = shares(g["n_words"].sum(), g["n_pos"].sum(), g["n_neg"].sum(), g["weight_sum"].sum(),
                      g["weight_abs"].sum())
        assert got["tone_net"] == pytest.approx(want["tone_net"], abs=1e-9) if want["tone_net"] is not None \
            else pd.isna(got["tone_net"])
    tg = pd.DataFrame([x for r in RESULTS for x in r.tables["targets"]]).merge(arts[["article_id", "outlet"]])
    targets = ONE_CHUNK["outlet_targets"].set_index(["outlet", "target"])
    for (outlet, target), g in tg.groupby(["outlet", "target"]):
        n_s = g["n_sentences"].sum()
        assert targets.loc[(outlet, target), "n_articles"] == len(g)
        if n_s:
            mean = (g["tone_mean"] * g["n_sentences"]).sum() / n_s
            assert targets.loc[(outlet, target), "tone_mean"] == pytest.approx(mean, abs=1e-9)
    outlets = ONE_CHUNK["outlets"].set_index("outlet")
    for outlet, g in arts.groupby("outlet"):
        want = readability_from_counts(g["n_words"].sum(), g["n_sentences"].sum(), g["n_syllables"].sum(),
                                       g["n_long_words"].sum())
        for k, v in want.items():
            assert outlets.loc[outlet, k] == pytest.approx(v, nan_ok=True)
        assert outlets.loc[outlet, "mtld"] == pytest.approx(g["mtld"].mean(), nan_ok=True)
    lemmas = pd.DataFrame([x for r in RESULTS for x in r.tables["lemmas"]]).merge(arts[["article_id", "outlet"]])
    direct = lemmas.pivot_table(index="outlet", columns="lemma", values="count", aggfunc="sum", fill_value=0)
    pd.testing.assert_frame_equal(ONE_CHUNK["counts"], direct.sort_index())
    fr = pd.DataFrame([x for r in RESULTS for x in r.tables["frames"]]).merge(arts[["article_id", "outlet", "n_body_words"]])
    prof = ONE_CHUNK["frame_outlets"].set_index(["outlet", "frame"])
    for (outlet, frame), g in fr.groupby(["outlet", "frame"]):
        assert prof.loc[(outlet, frame), "n_articles"] == g["article_id"].nunique()
        assert prof.loc[(outlet, frame), "score"] == pytest.approx(1000 * g["weighted_hits"].sum() / g["n_body_words"].sum())


def test_float_sums_are_exact_so_the_order_of_the_additions_does_not_matter():
    values = [0.1, 0.2, 0.3, 1e16, -1e16, 0.7]
    one = sum(S.exact(values), start=S.exact([0.0])[0])
    assert S.to_float(one) == 1.3 and sum(values) != 1.3  # a float sum depends on the order
