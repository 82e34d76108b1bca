"""A correction written to the registry shows on the next rerun of a page that was already open,
also when another session (or an analyst editing the file) wrote it: the tables' cache key
follows the knowledge files."""
from __future__ import annotations

import shutil

from streamlit.testing.v1 import AppTest

from analysis.measures.corrections import Correction, change_registry
from tests.app.test_import_page import corpus  # noqa: F401 (fixture)
from tests.app.test_pages import APP, TIMEOUT
from tests.conftest import ROOT

NEW_NAME = "Nom corrigé ailleurs"


def test_a_correction_written_by_another_session_shows_on_the_next_rerun(corpus, monkeypatch, tmp_path):  # noqa: F811
    import ui.corrections
    import ui.data

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("corpus", "actors_history"))
    monkeypatch.setattr(ui.data, "DATA_DIR", data)
    monkeypatch.setattr(ui.corrections, "DATA_DIR", data)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/actors.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    speakers = list(at.selectbox(key="act_fix_speaker").options)
    old = speakers[0]
    assert NEW_NAME not in speakers

    change_registry(data, Correction("rename", old, NEW_NAME))  # not through this page: no cache cleared
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    after = list(at.selectbox(key="act_fix_speaker").options)
    assert NEW_NAME in after and old not in after
