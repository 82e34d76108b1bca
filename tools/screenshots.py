"""Screenshot every page of a running app with Debian's chromium (Playwright, no browser download).

    python tools/screenshots.py http://localhost:8501 docs/screenshots [page ...]
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
DEFAULT_PAGES = ["", "actors", "tone", "reader", "methods", "import"]


def wait_for_app(page, timeout: int = 120_000) -> None:
    """Wait until Streamlit has finished running the script (no 'running' status, no skeleton)."""
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') "
        "&& !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=timeout,
    )
    page.wait_for_timeout(1500)  # let Plotly finish drawing


def shoot(base_url: str, out_dir: Path, pages: list[str], width: int = 1400, height: int = 2200) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        for name in pages:
            page.goto(f"{base_url}/{name}")
            wait_for_app(page)
            path = out_dir / f"{name.split('?')[0] or 'overview'}.png"
            page.screenshot(path=str(path), full_page=True)
            shots.append(path)
        browser.close()
    return shots


if __name__ == "__main__":
    url = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8501"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("docs/screenshots")
    for shot in shoot(url, out, sys.argv[3:] or DEFAULT_PAGES):
        print(shot)
