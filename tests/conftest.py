"""Shared fixtures: the seed corpus results and a builder for small test corpora."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.corpus.articles import render_article_file

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "data" / "corpus"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: real Chromium tests (Playwright, /usr/bin/chromium)")


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    """One analysis cache for the whole test session (parses are reused across tests)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def seed_results(cache_dir):
    from analysis import run_corpus

    return run_corpus(SEED_CORPUS, cache_dir=cache_dir)


@pytest.fixture
def make_corpus(tmp_path):
    """make_corpus({"a1": "text", "a2": ({"outlet": "X"}, "text"), "bad.txt": b"..."}) -> folder."""

    def _make(files: dict) -> Path:
        folder = tmp_path / "corpus"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / (name if "." in name else f"{name}.txt")
            if isinstance(content, bytes):
                path.write_bytes(content)
            elif isinstance(content, tuple):
                meta, text = content
                path.write_text(render_article_file(meta, text), encoding="utf-8")
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return _make
