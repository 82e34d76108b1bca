"""Every page renders without exception under several filter combinations (AppTest)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
TIMEOUT = 180


def _pages() -> list[str]:
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    return [
        node.args[0].value for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page"
        and node.args and isinstance(node.args[0], ast.Constant)
    ]


PAGES = _pages()
#: Pages that show no corpus data, so an empty filter selection changes nothing there.
DATA_FREE_PAGES = {"pages/methods.py"}
FILTERS = {
    "all": None,
    "one_outlet": {"flt_outlets": ["AFP"]},
    "two_outlets": {"flt_outlets": ["Journal du Geek", "La Tribune"]},
    "empty": {"flt_outlets": []},
    "no_genre": {"flt_genres": []},
}


def run_page(page: str, state: dict | None, cache_dir) -> AppTest:
    import os

    os.environ["ANALYSIS_CACHE_DIR"] = str(cache_dir)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()  # app.py first: it draws the global filters, as in the browser
    assert not at.exception, [e.value for e in at.exception]
    if state:
        for k, v in state.items():
            at.session_state[k] = v
    at.switch_page(page)
    at.run()
    return at


def test_app_declares_its_pages():
    assert "pages/overview.py" in PAGES


@pytest.mark.parametrize("filters", list(FILTERS))
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(page, filters, cache_dir):
    at = run_page(page, FILTERS[filters], cache_dir)
    assert not at.exception, [e.value for e in at.exception]
    if filters in ("empty", "no_genre") and page not in DATA_FREE_PAGES:
        assert any("Aucun article" in i.value for i in at.info), "an empty selection must say so in French"


def test_overview_shows_every_outlet_in_the_scorecard(cache_dir):
    at = run_page("pages/overview.py", None, cache_dir)
    table = at.dataframe[0].value
    assert set(table["Média"]) == {"AFP", "Forbes France", "Journal du Geek", "La Tribune", "inconnu"}


def test_overview_scorecard_follows_the_outlet_filter(cache_dir):
    at = run_page("pages/overview.py", {"flt_outlets": ["AFP", "La Tribune"]}, cache_dir)
    assert set(at.dataframe[0].value["Média"]) == {"AFP", "La Tribune"}
