"""Real browser: a read-only instance beside an editing one, on the same corpus (docs/import.md)."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import (  # the browser fixture is shared (conftest.py)
    CHROMIUM,
    start_app,
)
from tests.browser.test_browser import _open, _page_paths
from tests.conftest import SEED_CORPUS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]

ARTICLE = """---
outlet: La Gazette des Essais
title: Le marché couvert rouvre ses portes
date: 2024-05-02
genre: reportage
---
Le marché couvert rouvre ses portes

Après deux ans de travaux, le marché couvert du centre-ville a rouvert samedi matin. Les commerçants
ont retrouvé leurs étals sous une charpente restaurée, et la mairie promet des horaires élargis le
dimanche pour attirer les familles du quartier.
"""


@pytest.fixture(scope="module")
def two_instances(tmp_path_factory, cache_dir):
    """(editing URL, read-only URL, corpus folder): two servers on one corpus, as the docs describe."""
    corpus = tmp_path_factory.mktemp("shared") / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    with start_app(cache_dir, corpus, DISCOURS_READ_ONLY="0") as edit_url, \
            start_app(cache_dir, corpus, DISCOURS_READ_ONLY="1") as read_url:
        yield edit_url, read_url, corpus


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_read_only_instance_shows_no_import_or_edit_control(browser, two_instances):  # noqa: F811
    edit_url, read_url, corpus = two_instances
    before = _hashes(corpus)
    page = _open(browser, f"{edit_url}/importer")  # the editing instance: the form is there
    assert page.locator("[data-testid='stFileUploader']").count() == 1
    page.close()

    page = _open(browser, f"{read_url}/")
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "Vue d'ensemble" in nav and "Importer" not in nav
    page.close()
    for path in [p for p in _page_paths() if p != "importer"] + ["importer"]:
        page = _open(browser, f"{read_url}/{path}")  # /importer: a deep link to the hidden page
        assert page.locator("[data-testid='stException']").count() == 0, path
        assert page.locator("[data-testid='stFileUploader']").count() == 0, path
        assert page.locator("input[type='file']").count() == 0, path
        assert page.get_by_role("button", name="Importer", exact=True).count() == 0, path
        assert page.get_by_role("button", name="Télécharger l'article").count() == 0, path
        page.close()
    assert _hashes(corpus) == before


def test_import_on_the_editing_instance_is_seen_by_the_read_only_one(browser, two_instances, tmp_path):  # noqa: F811
    edit_url, read_url, corpus = two_instances
    source = tmp_path / "marche.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    page = _open(browser, f"{edit_url}/importer")
    page.locator("input[type='file']").set_input_files(str(source))
    page.get_by_role("button", name="Importer", exact=True).wait_for(timeout=60_000)
    page.get_by_role("button", name="Importer", exact=True).click()
    page.get_by_text("Importé — marche.txt").wait_for(timeout=180_000)
    page.close()
    assert (corpus / "marche.txt").exists()

    page = _open(browser, f"{read_url}/")  # a fresh session of the read-only instance
    page.get_by_text("La Gazette des Essais").first.wait_for(timeout=180_000)  # the sidebar's outlet filter
    page.close()
