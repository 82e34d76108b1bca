"""Figures are built once per selection and options, not on every rerun (issue #17: the dashboard at
10,000 articles), and a figure kept for the selection is never changed by the page that draws it."""
from __future__ import annotations

import json

import pytest

import ui.framing
import ui.view
from tests.app.test_pages import run_page


@pytest.fixture
def fresh_views():
    ui.view._cached_view.clear()  # views are shared by every session of the process: start from none
    yield
    ui.view._cached_view.clear()


def test_a_rerun_draws_the_vocabulary_chart_without_building_it_again(cache_dir, monkeypatch, fresh_views):
    calls = []
    build = ui.framing.distinctive_terms_chart

    def counted(*args, **kwargs):
        calls.append(kwargs.get("n_top"))
        return build(*args, **kwargs)

    monkeypatch.setattr(ui.framing, "distinctive_terms_chart", counted)
    at = run_page("pages/vocabulary.py", None, cache_dir)
    assert not at.exception, [e.value for e in at.exception]
    spec = at.get("plotly_chart")[0].proto.spec
    at.run()
    at.run()
    assert calls == [10] and at.get("plotly_chart")[0].proto.spec == spec
    at.slider(key="voc_n_top").set_value(5).run()  # other options: another figure, built once
    at.run()
    assert calls == [10, 5]


def test_presentation_mode_does_not_change_the_kept_figure_from_one_rerun_to_the_next(cache_dir, fresh_views):
    at = run_page("pages/sovereignty.py", {"presentation": True}, cache_dir)
    assert not at.exception, [e.value for e in at.exception]
    layouts = [json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]]
    for _ in range(2):
        at.run()
        layouts.append(json.loads(at.get("plotly_chart")[0].proto.spec)["layout"])
    assert layouts[0]["title"]["font"]["size"] == 26  # the projector's title size
    assert layouts[0]["margin"] == layouts[1]["margin"] == layouts[2]["margin"]
