"""Real browser: a read-only instance beside an editing one, on the same corpus (docs/import.md)."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, _free_port  # the browser fixture is shared (conftest.py)
from tests.browser.test_browser import _open, _page_paths
from tests.conftest import ROOT, SEED_CORPUS

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


def _serve(env_extra: dict[str, str], cache_dir: Path):
    port = _free_port()
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(cache_dir), **env_extra}
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
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    pytest.fail("streamlit did not start: " + proc.stdout.read().decode(errors="replace")[-2000:])


@pytest.fixture(scope="module")
def two_instances(tmp_path_factory, cache_dir):
    """(editing URL, read-only URL, corpus folder): two servers on one corpus, as the docs describe."""
    corpus = tmp_path_factory.mktemp("shared") / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    editing, edit_url = _serve({"DISCOURS_CORPUS": str(corpus), "DISCOURS_READ_ONLY": "0"}, cache_dir)
    reading, read_url = _serve({"DISCOURS_CORPUS": str(corpus), "DISCOURS_READ_ONLY": "1"}, cache_dir)
    yield edit_url, read_url, corpus
    for proc in (editing, reading):
        proc.terminate()
        proc.wait(timeout=20)


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
