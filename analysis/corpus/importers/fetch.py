"""Reading sources: a file from disk or a page from the web (through :mod:`.webfetch`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .records import (
    FETCH_TIMEOUT,
    FETCH_TOTAL_TIMEOUT,
    MAX_FILE_BYTES,
    ImportRefused,
    _fmt_bytes,
)

if TYPE_CHECKING:
    from .webfetch import FetchPolicy


# --------------------------------------------------------------------------- reading sources

def read_source_file(path: Path | str) -> bytes:
    """Read a source file, refusing it before reading when it is over the size limit."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportRefused(str(path), "fichier introuvable") from None
    except OSError as exc:
        raise ImportRefused(str(path), f"lecture impossible ({exc.strerror or exc})") from None
    if path.is_dir():
        raise ImportRefused(str(path), "c'est un dossier")
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            name, f"fichier trop volumineux ({_fmt_bytes(size)}, maximum {_fmt_bytes(MAX_FILE_BYTES)}) ; "
            "découpez-le en plusieurs fichiers",
        )
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ImportRefused(name, f"lecture impossible ({exc.strerror or exc})") from None


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source.strip(), re.I))


def fetch_url(url: str, *, timeout: float = FETCH_TIMEOUT, policy: "FetchPolicy | None" = None,
              resolver: Callable[[str, int], Any] | None = None) -> bytes:
    """Download a page (at most :data:`MAX_FILE_BYTES`); French message when it fails or is refused.

    Only public addresses on ports 80/443 are fetched, redirects included, unless the
    installation's allow-list (``policy``, by default read from :mod:`analysis.settings`)
    says otherwise: see :mod:`analysis.webfetch`. The page is then handed to trafilatura
    (:func:`parse_html`) like a saved page. ``resolver`` replaces DNS in tests.
    """
    from .webfetch import FetchPolicy, FetchRefused, fetch, system_resolver

    policy = policy if policy is not None else FetchPolicy.from_settings()
    try:
        data, _final = fetch(url, policy=policy, max_bytes=MAX_FILE_BYTES, timeout=timeout,
                             total_timeout=FETCH_TOTAL_TIMEOUT, resolver=resolver or system_resolver)
    except FetchRefused as err:
        raise ImportRefused(url, err.reason) from None
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(url, f"page trop volumineuse (plus de {_fmt_bytes(MAX_FILE_BYTES)})")
    return data
