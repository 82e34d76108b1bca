"""Real browser: merge two speakers on the Acteurs page, see it everywhere, undo it.

The server runs on a temporary copy of data/ (DISCOURS_DATA), so the repository's
data/actors.yaml is never edited.
"""
from __future__ import annotations

import os
import shutil

import pytest

from tests.browser.conftest import (  # the browser fixture is shared (conftest.py)
    CHROMIUM,
    start_app,
)
from tests.browser.test_browser import _open
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]
FORBES = "004_76b5440ce6d7ba29"  # the seed article that quotes both speakers' outlet
MERGED, KEPT = "Kai Zenner", "Kim van Sparrentak"


@pytest.fixture(scope="module")
def app_on_copy(tmp_path_factory, cache_dir):
    data = tmp_path_factory.mktemp("registry") / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("actors_history"))
    with start_app(cache_dir, data / "corpus", DISCOURS_DATA=str(data), DISCOURS_READ_ONLY="0") as url:
        yield url, data


def _heatmap_text(page) -> str:
    """The speaker heatmap counted in quotes: an indirect-speech speaker has no quoted words, so
    the words view leaves them out (no rows of zeros)."""
    page.locator(".st-key-act_heat_value").get_by_text("Nombre de citations").click()
    page.wait_for_timeout(1500)
    return page.locator(".js-plotly-plot").first.text_content()


def _pick(page, key: str, value: str) -> None:
    page.locator(f".st-key-{key} input").first.click()
    page.keyboard.type(value)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)


def _speakers_on_reader(browser, url) -> str:  # noqa: F811
    page = _open(browser, f"{url}/lecteur?article={FORBES}")
    text = page.get_by_text("Locuteurs :").first.inner_text()
    page.close()
    return text


def test_merge_two_speakers_shows_everywhere_and_undo_restores(browser, app_on_copy):  # noqa: F811
    url, data = app_on_copy
    registry = data / "actors.yaml"
    original = registry.read_text(encoding="utf-8")
    page = _open(browser, f"{url}/acteurs")
    assert MERGED in _heatmap_text(page) and KEPT in _heatmap_text(page)
    assert MERGED in _speakers_on_reader(browser, url)

    _pick(page, "act_fix_speaker", MERGED)
    _pick(page, "act_fix_target", KEPT)
    page.locator(".st-key-act_fix_apply button").click()
    page.locator("[data-testid='stAlert']", has_text="Enregistré :").first.wait_for(timeout=120_000)
    page.close()

    # the registry file holds the correction; a fresh page load shows the merge on every page
    text = registry.read_text(encoding="utf-8")
    assert f'"action": "merge", "speaker": "{MERGED}", "value": "{KEPT}"' in text
    assert text.startswith(original)
    page = _open(browser, f"{url}/acteurs")
    assert MERGED not in _heatmap_text(page) and KEPT in _heatmap_text(page)
    reader = _speakers_on_reader(browser, url)
    assert KEPT in reader and MERGED not in reader

    page.locator(".st-key-act_fix_undo button").click()
    page.locator("[data-testid='stAlert']", has_text="Dernière correction annulée").first.wait_for(timeout=120_000)
    page.close()
    assert registry.read_text(encoding="utf-8") == original
    page = _open(browser, f"{url}/acteurs")
    assert MERGED in _heatmap_text(page)
    assert MERGED in _speakers_on_reader(browser, url)
    page.close()
