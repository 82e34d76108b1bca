"""The reader's article picker: a searchable select box labelled « média — date — titre » (AppTest)."""
from __future__ import annotations

from tests.app.test_pages import run_page


def test_picker_lists_every_selected_article_by_outlet_date_and_title(cache_dir):
    at = run_page("pages/reader.py", None, cache_dir)
    picker = at.selectbox(key="rd_article")
    assert "tapez pour chercher" in picker.label
    assert len(picker.options) == 5
    afp = [o for o in picker.options if o.startswith("AFP — ")]
    assert len(afp) == 1 and " 2024 — " in afp[0]  # média — date — titre
    assert picker.options == sorted(picker.options, key=lambda o: o.split(" — ")[0])  # grouped by outlet


def test_picking_an_article_shows_it_and_puts_it_in_the_url(cache_dir):
    at = run_page("pages/reader.py", None, cache_dir)
    target = "000_e63558821d595b82"
    at.selectbox(key="rd_article").set_value(target).run()
    assert not at.exception
    assert at.query_params["article"] == [target] or at.query_params["article"] == target


def test_picker_follows_the_outlet_filter(cache_dir):
    at = run_page("pages/reader.py", {"flt_outlets": ["La Tribune"]}, cache_dir)
    assert all(o.startswith("La Tribune — ") for o in at.selectbox(key="rd_article").options)


def test_a_link_to_an_article_opens_it_and_the_picker_can_then_change_it(cache_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.app.test_pages import APP, TIMEOUT

    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(cache_dir))
    linked, other = "003_596e36e41944f294", "000_e63558821d595b82"
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.switch_page("pages/reader.py")
    at.query_params["article"] = linked
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="rd_article").value == linked
    at.selectbox(key="rd_article").set_value(other).run()
    assert at.selectbox(key="rd_article").value == other  # the link does not pull it back
