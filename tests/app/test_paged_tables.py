"""Long tables show a page of rows with French controls; drill-down still opens the right sentence (AppTest)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import PAGES, run_page
from ui.filters import Selection

TIMEOUT = 60


def _paged_script():
    """120 rows; the picked row's article id and the page size come back through session state."""
    import pandas as pd
    import streamlit as st

    from ui.tables import paged_table

    n = st.session_state.get("n_rows", 120)
    table = pd.DataFrame({"article_id": [f"a{i:03d}" for i in range(n)], "poids": [i / 4 for i in range(n)]})
    row = paged_table(table, key="t", columns={"article_id": "Article", "poids": "Poids"}, decimals={"Poids": 2},
                      selectable=True)
    st.session_state["picked"] = None if row is None else row["article_id"]


def _paged() -> AppTest:
    at = AppTest.from_function(_paged_script, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _articles(at) -> list[str]:
    return at.dataframe[0].value["Article"].tolist()


def test_a_long_table_shows_one_page_and_french_page_controls():
    at = _paged()
    assert _articles(at) == [f"a{i:03d}" for i in range(50)]
    assert {b.label for b in at.button} == {"Précédente", "Suivante"}
    assert at.button(key="t_prev").disabled and not at.button(key="t_next").disabled
    assert at.number_input(key="t_page").value == 1
    assert any("Page 1 / 3 · lignes 1–50 sur 120 lignes" in m.value for m in at.markdown)


def test_next_and_page_number_move_to_other_rows():
    at = _paged()
    at.button(key="t_next").click().run()
    assert _articles(at)[0] == "a050" and len(_articles(at)) == 50
    assert any("Page 2 / 3" in m.value for m in at.markdown)
    at.number_input(key="t_page").set_value(3).run()
    assert _articles(at) == [f"a{i:03d}" for i in range(100, 120)]
    assert at.button(key="t_next").disabled
    at.button(key="t_prev").click().run()
    assert _articles(at)[0] == "a050"


def test_the_csv_button_offers_the_whole_table():
    at = _paged()
    csv = at.get("download_button")
    assert [b.label for b in csv] == ["CSV"]
    assert "120 lignes" in csv[0].help


def test_selecting_a_row_on_page_two_returns_that_row_not_the_first_page_one():
    at = _paged()
    at.button(key="t_next").click().run()
    at.session_state["t_p2"] = {"selection": {"rows": [3], "columns": [], "cells": []}}
    at.run()
    assert at.session_state["picked"] == "a053"


def test_a_short_table_has_no_page_controls():
    at = AppTest.from_function(_paged_script, default_timeout=TIMEOUT)
    at.session_state["n_rows"] = 12
    at.run()
    assert len(_articles(at)) == 12
    assert not at.button and not at.number_input and not at.get("download_button")


def test_a_table_whose_length_changes_goes_back_to_page_one():
    at = _paged()
    at.number_input(key="t_page").set_value(3).run()
    at.session_state["n_rows"] = 80  # e.g. another filter
    at.run()
    assert at.number_input(key="t_page").value == 1 and _articles(at)[0] == "a000"


# --------------------------------------------------------------------------- on the real pages

@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 2 rows, so the 5-article corpus has long tables everywhere."""
    import ui.tables

    monkeypatch.setattr(ui.tables, "PAGE_ROWS", 2)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_paginated_tables(page, small_pages, cache_dir):
    at = run_page(page, None, cache_dir)
    assert not at.exception, [e.value for e in at.exception]
    assert all(len(df.value) <= 2 for df in at.dataframe if df.editing_mode == "read_only")


def test_overview_articles_table_pages_through_the_corpus(small_pages, cache_dir):
    at = run_page("pages/overview.py", None, cache_dir)
    seen = []
    for _ in range(3):
        table = next(df.value for df in at.dataframe if "Fiabilité" in df.value.columns)
        seen += table["Article"].tolist()
        if not at.button(key="ov_articles_next").disabled:
            at.button(key="ov_articles_next").click().run()
    assert len(seen) == len(set(seen)) == 5


def test_concordance_row_on_page_two_opens_that_sentence(small_pages, cache_dir, monkeypatch):
    from tests.conftest import SEED_CORPUS
    from ui.data import load_dataset
    from ui.framing import concordance
    from ui.view import SelectionView

    at = run_page("pages/sovereignty.py", None, cache_dir)
    at.button(key="sov_kwic_next").click().run()
    at.session_state["sov_kwic_p2"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()  # one click on the row opens the reader (no button in between)
    assert not at.exception, [e.value for e in at.exception]
    # the reader opens on the 4th line of the concordance (page 2, row 1), not on the 2nd
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(cache_dir))
    tables = load_dataset(SEED_CORPUS).tables
    arts = tables["articles"]
    lines = concordance(SelectionView(tables, Selection(tuple(arts["outlet"].unique()), tuple(arts["genre"].unique()))),
                        "body")
    assert at.session_state["rd_article"] == lines["article_id"].iloc[3]
    assert any(f"Phrase n° {int(lines['sentence_index'].iloc[3]) + 1}" in i.value for i in at.info)
