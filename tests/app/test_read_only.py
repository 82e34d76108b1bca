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
