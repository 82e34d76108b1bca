"""The app on tables read from files (issue #17): DISCOURS_TABLES (CSV or Parquet) and the
large-corpus path, where the tables are kept as Parquet and read only when a page asks."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import ui.data
from analysis.engine.tablefiles import LazyTables, write_tables
from tests.conftest import ROOT, SEED_CORPUS

APP = str(ROOT / "app.py")
PAGES = ["pages/overview.py", "pages/tone.py", "pages/actors.py", "pages/sovereignty.py", "pages/vocabulary.py",
         "pages/reader.py"]


def _run(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page(page)
    at.run()
    return at


@pytest.fixture
def tables_dir(seed_results, tmp_path, monkeypatch, request):
    folder = tmp_path / "tables"
    write_tables(seed_results.tables, folder, request.param)
    monkeypatch.setattr(ui.data, "TABLES_DIR", str(folder))
    monkeypatch.setattr(ui.data, "CORPUS_DIR", SEED_CORPUS)
    ui.data._read_tables.clear()
    yield folder
    ui.data._read_tables.clear()


@pytest.mark.parametrize("tables_dir", ["csv", "parquet"], indirect=True)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_from_a_tables_folder(tables_dir, page):
    at = _run(page)
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("tables_dir", ["parquet"], indirect=True)
def test_the_overview_page_never_reads_the_sentence_rows(tables_dir):
    at = _run("pages/overview.py")
    assert not at.exception, [e.value for e in at.exception]
    dataset = ui.data._read_tables(str(tables_dir), ui.data._signature(str(tables_dir)), str(SEED_CORPUS))
    assert isinstance(dataset.tables, LazyTables)
    assert "articles" in dataset.tables.loaded() and "sentences" not in dataset.tables.loaded()


def test_a_missing_tables_folder_is_named_in_french(monkeypatch, tmp_path):
    monkeypatch.setattr(ui.data, "TABLES_DIR", str(tmp_path / "absent"))
    dataset = ui.data.load_dataset()
    assert dataset.errors == [f"Dossier de tables introuvable (DISCOURS_TABLES) : {tmp_path / 'absent'}"]


def test_a_large_corpus_keeps_its_tables_as_parquet_read_lazily(monkeypatch, tmp_path, cache_dir):
    import analysis.engine.nlp

    monkeypatch.setattr(ui.data, "LAZY_TABLES_FROM", 1)  # the 5 seed articles count as "large"
    monkeypatch.setattr(analysis.engine.nlp, "DEFAULT_CACHE_DIR", cache_dir)
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(cache_dir))
    ui.data._analyse.clear()
    try:
        at = _run("pages/overview.py")
        assert not at.exception, [e.value for e in at.exception]
        dataset = ui.data.load_dataset(SEED_CORPUS)
        assert isinstance(dataset.tables, LazyTables) and "sentences" not in dataset.tables.loaded()
        assert (dataset.tables.folder / "sentences.parquet").exists()
    finally:
        ui.data._analyse.clear()
