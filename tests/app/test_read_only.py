"""Read-only instance (DISCOURS_READ_ONLY=1): no editing page or control, and replayed actions write nothing."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_import_page import ARTICLE, corpus, hashes, open_import_page  # noqa: F401 (fixture)
from tests.app.test_pages import APP, PAGES, TIMEOUT
from tests.conftest import ROOT

EDITING_PAGES = {"pages/import.py"}


def _editing_widgets(at: AppTest) -> list[str]:
    """Every control that could start a write (the import form; #14 adds its correction controls here)."""
    found = [f"uploader {u.label}" for u in at.file_uploader]
    found += [f"button {b.key or b.label}" for b in at.button if (b.key or "").startswith("imp_")]
    found += [f"editor {e.key}" for e in at.get("arrow_data_frame") if getattr(e, "key", None) == "imp_editor"]
    found += [f"button {b.key}" for b in at.button if (b.key or "").startswith("act_fix_")]  # Acteurs corrections
    found += [f"selectbox {b.key}" for b in at.selectbox if (b.key or "").startswith("act_fix_")]
    return found


def test_read_only_instance_leaves_the_import_page_out_of_the_navigation(corpus, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DISCOURS_READ_ONLY", "1")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with pytest.raises(ValueError, match="import.py"):
        at.switch_page("pages/import.py")  # not registered: no link, no URL, no page to run
    for page in PAGES:
        if page in EDITING_PAGES:
            continue
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert _editing_widgets(at) == [], page


def test_replayed_import_click_on_a_read_only_instance_writes_nothing(corpus, monkeypatch):  # noqa: F811
    """A session that had the import form open replays the « Importer » click after the switch."""
    before = hashes(corpus)
    at = open_import_page()
    at.file_uploader[0].set_value(("cantines.txt", ARTICLE.encode("utf-8"), "text/plain"))
    at.run()
    assert at.dataframe[0].value.loc[0, "status"] == "prêt"
    monkeypatch.setenv("DISCOURS_READ_ONLY", "1")
    at.button(key="imp_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert hashes(corpus) == before
    assert not any("Importé" in s.value for s in at.success)


@pytest.mark.parametrize("read_only", [False, True])
def test_import_page_run_directly_draws_no_control_in_read_only_mode(corpus, monkeypatch, read_only):  # noqa: F811
    """Defence in depth: the page itself stops before any control when it runs on a read-only instance."""
    monkeypatch.setenv("DISCOURS_READ_ONLY", "1" if read_only else "0")
    at = AppTest.from_file(str(ROOT / "pages" / "import.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if read_only:
        assert _editing_widgets(at) == []
        assert any("lecture seule" in e.value for e in at.error)
    else:  # the same page in editing mode has its controls: the check above can fail
        assert len(at.file_uploader) == 1


def test_replayed_speaker_correction_on_a_read_only_instance_writes_nothing(corpus, monkeypatch, tmp_path):  # noqa: F811
    """The Acteurs page drawn in editing mode has its correction controls; a click replayed after the
    switch to read-only writes nothing (on a copy of data/, never the repository's registry)."""
    import shutil

    import ui.corrections

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("corpus", "actors_history"))
    monkeypatch.setattr(ui.corrections, "DATA_DIR", data)
    before = (data / "actors.yaml").read_bytes()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/actors.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "button act_fix_apply" in _editing_widgets(at)  # the read-only check above can fail
    at.radio(key="act_fix_action").set_value("not_speaker")
    at.selectbox(key="act_fix_speaker").set_value(at.selectbox(key="act_fix_speaker").options[0])
    at.run()
    monkeypatch.setenv("DISCOURS_READ_ONLY", "1")
    at.button(key="act_fix_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert (data / "actors.yaml").read_bytes() == before and not (data / "actors_history").exists()
    assert _editing_widgets(at) == []


@pytest.mark.parametrize("read_only", [False, True])
def test_read_only_users_find_the_corpus_export_on_the_methods_page(corpus, monkeypatch, read_only):  # noqa: F811
    """The Importer page (and its « Exporter le corpus » tab) is left out of a read-only instance: the
    export, which writes nothing on the server, is offered on the Méthodes page there instead."""
    monkeypatch.setenv("DISCOURS_READ_ONLY", "1" if read_only else "0")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/methods.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    buttons = [b for b in at.get("download_button") if b.proto.label == "Télécharger l'export"]
    if not read_only:  # editing instance: the export stays on the Importer page alone
        assert buttons == [] and "Exporter le corpus" not in [h.value for h in at.header]
        return
    assert len(buttons) == 1 and buttons[0].proto.HasField("deferred_file_id")  # built on click only
    assert "Exporter le corpus" in [h.value for h in at.header]
    assert at.radio(key="met_export_fmt").options == ["CSV (tableur)", "JSONL (une ligne JSON par article)",
                                                      "IRaMuTeQ / TXM (lignes étoilées **** *outlet_…)"]
    n = len([p for p in corpus.iterdir() if p.suffix in (".txt", ".md")])
    assert any(f"Le corpus compte **{n}** article(s)" in m.value for m in at.markdown)
    assert _editing_widgets(at) == []
