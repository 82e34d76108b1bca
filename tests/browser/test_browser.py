"""Real browser: Debian's chromium driven by Playwright against a live `streamlit run app.py`."""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


def _open(browser, url: str):
    sys.path.insert(0, str(ROOT / "tools"))
    from screenshots import wait_for_app

    page = browser.new_page(viewport={"width": 1400, "height": 2000}, accept_downloads=True)
    page.goto(url)
    wait_for_app(page)
    return page


def _page_paths() -> list[str]:
    import re

    # deep links first: the first session after start-up must open them with no
    # "Page not found" dialog (see ui/serve.py); the default page lives at the root URL
    return re.findall(r'url_path="([^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8")) + [""]


@pytest.mark.parametrize("path", _page_paths())
def test_every_page_opens_without_exception(browser, app_url, path, tmp_path):
    page = _open(browser, f"{app_url}/{path}")
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stDialog']").count() == 0, page.locator("[data-testid='stDialog']").all_inner_texts()
    assert page.locator("h1").count() >= 1
    page.screenshot(path=str(tmp_path / f"{path or 'home'}.png"), full_page=True)
    page.close()


def test_chart_toolbar_downloads_a_png_with_a_meaningful_name(browser, app_url):
    page = _open(browser, f"{app_url}/")
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    with page.expect_download(timeout=60_000) as info:
        page.locator(".modebar-btn[data-title^='Télécharger le graphique']").first.click()
    download = info.value
    assert download.suggested_filename.startswith("vue-ensemble_flesch-fr_")
    assert download.suggested_filename.endswith(".png")
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    page.close()


def test_view_export_produces_a_zip_and_a_deck(browser, app_url, tmp_path):
    from pptx import Presentation

    page = _open(browser, f"{app_url}/")
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Tous les graphiques").click()
    names = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes())).namelist()
    assert any(n.endswith(".png") for n in names) and any(n.endswith(".svg") for n in names)
    assert "LISEZMOI.json" in names
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Présentation PowerPoint").click()
    assert info.value.suggested_filename.endswith(".pptx")
    deck = Presentation(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert len(deck.slides) >= 2
    texts = " ".join(sh.text_frame.text for sh in deck.slides[1].shapes if sh.has_text_frame)
    assert "Lisibilité" in texts and "Corpus" in texts
    page.close()
