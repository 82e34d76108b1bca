"""One Chromium and one running app shared by the browser tests (starting either costs seconds).

The app is served from a copy of the seed corpus, so a test that imports an article never
writes into the repository; a test that changes the corpus starts its own server with
:func:`start_app` (see test_analyst_path.py)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_CORPUS

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def start_app(cache_dir: Path, corpus_dir: Path, **settings: str):
    """``python -m ui.serve`` on a free port over ``corpus_dir``; yields its base URL.

    ``settings`` are extra environment variables (``DISCOURS_DATA``, ``DISCOURS_READ_ONLY``…).
    """
    port = _free_port()
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(cache_dir), "DISCOURS_CORPUS": str(corpus_dir), **settings}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.serve", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
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
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def copy_seed_corpus(folder: Path) -> Path:
    shutil.copytree(SEED_CORPUS, folder)
    return folder


@pytest.fixture(scope="session")
def app_url(cache_dir, tmp_path_factory):
    corpus = copy_seed_corpus(tmp_path_factory.mktemp("served") / "corpus")
    with start_app(cache_dir, corpus) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
