"""Tables on disk as CSV or Parquet, read whole, lazily or in part (issue #17)."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis.engine.tablefiles import (
    LazyTables,
    TableFileError,
    read_table,
    read_tables,
    table_files,
    write_tables,
)
from analysis.measures.aggregate import outlet_readability


def _tables():
    return {
        "articles": pd.DataFrame({"article_id": ["a1", "a2"], "outlet": ["Le Quotidien", "L'Hebdo"],
                                  "tone_net": [0.125, None]}),
        "sentences": pd.DataFrame({"article_id": ["a1", "a1", "a2"], "sentence_index": [0, 1, 0],
                                   "text": ["Il pleut.", "« Bien », dit-elle.", "Fin."]}),
    }


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_written_tables_read_back_with_the_same_values(tmp_path, fmt):
    paths = write_tables(_tables(), tmp_path, fmt)
    assert sorted(p.name for p in paths) == [f"articles.{fmt}", f"sentences.{fmt}"]
    back, errors = read_tables(tmp_path)
    assert errors == [] and sorted(back) == ["articles", "sentences"]
    pd.testing.assert_frame_equal(back["sentences"], _tables()["sentences"])
    assert back["articles"]["tone_net"].iloc[0] == pytest.approx(0.125) and pd.isna(back["articles"]["tone_net"].iloc[1])


def test_parquet_filters_read_only_the_rows_asked_for(tmp_path):
    write_tables(_tables(), tmp_path, "parquet")
    one = read_table(tmp_path / "sentences.parquet", columns=["sentence_index", "text"],
                     filters=[("article_id", "==", "a1")])
    assert list(one.columns) == ["sentence_index", "text"] and one["text"].tolist() == ["Il pleut.", "« Bien », dit-elle."]


def test_the_newer_format_wins_when_a_folder_holds_both(tmp_path):
    write_tables(_tables(), tmp_path, "csv")
    newer = write_tables(_tables(), tmp_path, "parquet")
    for p in newer:
        os.utime(p, ns=(p.stat().st_mtime_ns + 10**9, p.stat().st_mtime_ns + 10**9))
    assert {p.suffix for p in table_files(tmp_path).values()} == {".parquet"}


def test_an_unreadable_table_is_named_and_the_others_are_kept(tmp_path):
    write_tables(_tables(), tmp_path, "parquet")
    (tmp_path / "sentences.parquet").write_bytes(b"pas du parquet")
    tables, errors = read_tables(tmp_path)
    assert list(tables) == ["articles"]
    assert len(errors) == 1 and "sentences.parquet" in errors[0] and "table illisible" in errors[0]
    with pytest.raises(TableFileError, match="introuvable"):
        read_table(tmp_path / "absent.parquet")


def test_lazy_tables_read_a_table_only_when_asked(tmp_path):
    write_tables(_tables(), tmp_path, "parquet")
    lazy = LazyTables(tmp_path)
    assert sorted(lazy) == ["articles", "sentences"] and lazy.loaded() == ()
    assert len(lazy["articles"]) == 2 and lazy.loaded() == ("articles",)
    assert lazy.query("sentences", filters=[("article_id", "in", ["a2"])])["text"].tolist() == ["Fin."]
    assert lazy.loaded() == ("articles",)  # the query did not load the whole table
    assert "codebook" not in lazy and lazy.get("codebook") is None


def test_outlet_readability_pools_article_counts_as_the_sentences_would(seed_results):
    arts, sents = seed_results["articles"], seed_results["sentences"]
    from_counts = outlet_readability(arts)
    from_sentences = outlet_readability(arts.drop(columns=["n_syllables"]), sents)  # as before the counts
    pd.testing.assert_frame_equal(from_counts, from_sentences, check_exact=False, rtol=1e-12)
    # a reduction: the sums of two halves of the articles give the same outlet counts
    half = len(arts) // 2
    parts = [outlet_readability(arts.iloc[:half]), outlet_readability(arts.iloc[half:])]
    merged = pd.concat(parts).groupby("outlet")[["n_articles", "n_words", "n_sentences"]].sum()
    assert merged.equals(from_counts.set_index("outlet")[["n_articles", "n_words", "n_sentences"]])
