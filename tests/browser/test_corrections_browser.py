"""Real browser: merge two speakers on the Acteurs page, see it everywhere, undo it.

The server runs on a temporary copy of data/ (DISCOURS_DATA), so the repository's
data/actors.yaml is never edited.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.browser.test_browser import CHROMIUM, _free_port, _open, browser  # noqa: F401 (fixture)
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
    port = _free_port()
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(cache_dir), "DISCOURS_DATA": str(data),
           "DISCOURS_CORPUS": str(data / "corpus")}
    env.pop("DISCOURS_READ_ONLY", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.serve", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stdout.read().decode(errors="replace")[-2000:])
    yield url, data
    proc.terminate()
    proc.wait(timeout=20)


def _heatmap_text(page) -> str:
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
