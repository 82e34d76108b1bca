"""The Méthodes page sends the reader to docs/method.md for the full method, never to the README."""
from __future__ import annotations

from tests.app.test_pages import run_page
from tests.conftest import ROOT


def _texts(at) -> list[str]:
    return [e.value for e in (*at.caption, *at.markdown, *at.info)]


def test_methods_page_points_to_docs_method_md(cache_dir):
    at = run_page("pages/methods.py", None, cache_dir)
    assert not at.exception, [e.value for e in at.exception]
    texts = _texts(at)
    assert any("docs/method.md" in t for t in texts)
    assert (ROOT / "docs" / "method.md").is_file()
    assert not [t for t in texts if "README" in t], "the method lives in docs/method.md now"
