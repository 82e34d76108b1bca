"""Paginated tables and the selection view, without a browser (issue #8: the dashboard at scale)."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from ui.filters import Selection
from ui.tables import page_count, page_slice, table_csv
from ui.theme import fr_table
from ui.view import SelectionView, selected_articles, selection_view


@pytest.mark.parametrize(("n_rows", "page", "expected"), [
    (120, 1, (0, 50)),
    (120, 2, (50, 100)),
    (120, 3, (100, 120)),   # the last page is short
    (120, 9, (100, 120)),   # past the end: clamped to the last page
    (120, 0, (0, 50)),      # before the start: the first page
    (50, 1, (0, 50)),
    (0, 1, (0, 0)),
])
def test_page_slice_covers_the_table_page_by_page(n_rows, page, expected):
    s = page_slice(n_rows, page, 50)
    assert (s.start, s.stop) == expected


def test_page_count_rounds_up_and_never_says_zero():
    assert [page_count(n, 50) for n in (0, 1, 50, 51, 100, 101)] == [1, 1, 1, 2, 2, 3]


def test_csv_of_a_paginated_table_holds_every_row_with_the_shown_labels():
    table = pd.DataFrame({"article_id": [f"a{i}" for i in range(130)], "score": range(130), "hidden": 1})
    blob = table_csv(table, {"article_id": "Article", "score": "Score"})
    assert blob.startswith("\ufeff".encode("utf-8"))  # BOM: French Excel reads UTF-8
    back = pd.read_csv(io.BytesIO(blob), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back.columns) == ["Article", "Score"] and len(back) == 130
    assert back["Score"].tolist() == list(range(130))


def test_tables_show_numbers_the_french_way():
    styler = fr_table(pd.DataFrame({"Mots": [12345, 7], "Poids": [-1.25, 0.5], "Lemme": ["bon", "mal"]}),
                      {"Poids": 2})
    html = styler.to_html()
    assert "12\u202f345" in html and "-1,25" in html and "0,50" in html
    assert "1.25" not in html and "12345" not in html


# --------------------------------------------------------------------------- the selection view

def _everything(articles: pd.DataFrame) -> Selection:
    return Selection(tuple(sorted(articles["outlet"].unique())), tuple(sorted(articles["genre"].unique())))


def test_view_filters_a_table_only_when_a_page_reads_it(seed_results):
    tables = seed_results.tables
    view = SelectionView(tables, Selection(("AFP",), tuple(tables["articles"]["genre"].unique())))
    assert view.filtered() == ()
    sentences = view["sentences"]
    assert set(view.filtered()) == {"articles", "sentences"}
    afp_ids = set(tables["articles"].loc[tables["articles"]["outlet"] == "AFP", "article_id"])
    assert set(sentences["article_id"]) == afp_ids
    assert len(sentences) == tables["sentences"]["article_id"].isin(afp_ids).sum()
    assert view["sentences"] is sentences  # filtered once


def test_view_recomputes_the_per_outlet_table_for_the_selection(seed_results):
    tables = seed_results.tables
    view = SelectionView(tables, Selection(("AFP", "La Tribune"), tuple(tables["articles"]["genre"].unique())))
    assert set(view["outlets"]["outlet"]) == {"AFP", "La Tribune"}
    assert set(tables["outlets"]["outlet"]) > {"AFP", "La Tribune"}
    assert "outlets" in view and set(view) >= set(tables)


def test_view_of_everything_shares_the_tables_instead_of_copying(seed_results):
    tables = seed_results.tables
    view = SelectionView(tables, _everything(tables["articles"]))
    assert view["sentences"] is tables["sentences"]


def test_empty_selection_gives_empty_tables_with_their_columns(seed_results):
    tables = seed_results.tables
    view = SelectionView(tables, Selection((), ()))
    assert view["articles"].empty and view["quotes"].empty
    assert list(view["quotes"].columns) == list(tables["quotes"].columns)


def test_period_keeps_undated_articles():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": "X", "genre": "g",
                             "date": ["2024-02-26", "2023-01", "inconnu"]})
    sel = Selection(("X",), ("g",), dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert selected_articles(articles, sel)["article_id"].tolist() == ["a", "c"]


def test_derived_tables_are_computed_once_per_view_and_arguments(seed_results):
    view = SelectionView(seed_results.tables, _everything(seed_results.tables["articles"]))
    calls = []

    def count_rows(v, part):
        calls.append(part)
        return int((v["sentences"]["part"] == part).sum())

    first = view.derived("n_sentences", count_rows, "body")
    assert view.derived("n_sentences", count_rows, "body") == first
    view.derived("n_sentences", count_rows, "comment")
    assert calls == ["body", "comment"]


def test_same_selection_gives_the_same_cached_view_and_another_selection_other_rows(cache_dir, monkeypatch):
    from tests.conftest import SEED_CORPUS
    from ui.data import load_dataset

    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(cache_dir))
    dataset = load_dataset(SEED_CORPUS)
    genres = tuple(sorted(dataset.table("articles")["genre"].unique()))
    first = selection_view(dataset, Selection(("AFP", "La Tribune"), genres))
    sentences = first["sentences"]
    again = selection_view(dataset, Selection(("AFP", "La Tribune"), genres))  # an equal selection, new object
    assert again is first and again["sentences"] is sentences  # nothing filtered twice
    other = selection_view(dataset, Selection(("Forbes France",), genres))
    assert other is not first
    assert set(other["articles"]["outlet"]) == {"Forbes France"}
    assert set(other["sentences"]["article_id"]).isdisjoint(sentences["article_id"])


@pytest.mark.parametrize("outlets", [None, ("AFP", "La Tribune")])
def test_article_rows_are_the_rows_a_mask_would_give_in_the_table_order(seed_results, outlets):
    tables = seed_results.tables
    arts = tables["articles"]
    view = SelectionView(tables, Selection(outlets, tuple(arts["genre"].unique())) if outlets else _everything(arts))
    for name in ("sentences", "quotes", "tone_evidence", "segments"):
        for article_id in arts["article_id"]:
            table = view[name]
            expected = table[table["article_id"] == article_id]
            got = view.article_rows(name, article_id)
            assert got.equals(expected) and list(got.index) == list(expected.index), (name, article_id)
    if outlets:  # an article outside the selection has no row in it
        other = arts.loc[~arts["outlet"].isin(outlets), "article_id"].iloc[0]
        assert view.article_rows("sentences", other).empty
        assert list(view.article_rows("sentences", other).columns) == list(tables["sentences"].columns)


def test_with_labels_names_known_articles_and_keeps_the_id_of_the_others():
    from ui.labels import with_labels

    table = pd.DataFrame({"article_id": ["a1", "zz", "a1"], "n": [1, 2, 3]})
    out = with_labels(table, {"a1": "Le Média — 3 mars 2024 — Un titre"})
    assert out["article"].tolist() == ["Le Média — 3 mars 2024 — Un titre", "zz", "Le Média — 3 mars 2024 — Un titre"]
    assert "article" not in table.columns  # the caller's table is left as it was
