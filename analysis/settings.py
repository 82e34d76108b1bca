"""Installation settings of a shared server: read-only mode and the web-import allow-list.

Two sources, the first that gives a value wins:

1. environment variables, per process (so a read-only instance can run beside an
   editing one from the same folder):

   - ``DISCOURS_READ_ONLY`` — ``1``/``true``/``oui`` makes the instance read-only;
   - ``DISCOURS_IMPORT_ALLOWED_HOSTS`` — comma-separated hosts the web import may fetch
     even when they resolve to an internal address (``intranet.example.org``,
     ``archives.local:8080``, ``*.corp.example``, ``10.0.0.5``, ``[fd00::5]:8443``);

2. the ``[discours]`` table of ``.streamlit/secrets.toml`` in the working directory
   (the file Streamlit itself reads), keys ``read_only = true`` and
   ``import_allowed_hosts = ["intranet.example.org", "archives.local:8080"]``.

Pure Python: no Streamlit import, so the CLI and the write functions of
:mod:`analysis` obey the same settings as the app.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

READ_ONLY_ENV = "DISCOURS_READ_ONLY"
ALLOWED_HOSTS_ENV = "DISCOURS_IMPORT_ALLOWED_HOSTS"
SECRETS_FILE = Path(".streamlit") / "secrets.toml"
SECTION = "discours"

_TRUE = {"1", "true", "yes", "oui", "on"}
_FALSE = {"0", "false", "no", "non", "off", ""}

READ_ONLY_MESSAGE = (
    "instance en lecture seule ({}) : le corpus et les fichiers de connaissances ne sont pas modifiés ; "
    "faites cette modification sur l'instance d'édition"
)


class SettingsError(ValueError):
    """A setting that cannot be read; the message is French and names where it comes from."""


class ReadOnlyError(PermissionError):
    """A write refused because the instance is read-only (French message)."""

    def __init__(self, what: str = ""):
        reason = READ_ONLY_MESSAGE.format(f"{READ_ONLY_ENV}=1 ou read_only dans {SECRETS_FILE}")
        super().__init__(f"{what} : {reason}" if what else reason[0].upper() + reason[1:])


@dataclass(frozen=True)
class Settings:
    read_only: bool = False
    allowed_hosts: tuple[str, ...] = ()


def _parse_bool(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SettingsError(f"{where} : valeur « {value} » illisible (attendu 1/0, true/false ou oui/non)")


def _parse_hosts(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        raise SettingsError(f"{where} : une liste d'hôtes est attendue (texte séparé par des virgules ou liste)")
    return tuple(h.strip().lower().rstrip(".") for h in items if h.strip())


def _secrets_section(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path} : fichier de configuration illisible ({exc})") from None
    section = data.get(SECTION, {})
    if not isinstance(section, dict):
        raise SettingsError(f"{path} : [{SECTION}] doit être une table")
    return section


def load_settings(environ: Mapping[str, str] | None = None, secrets_path: Path | str | None = None) -> Settings:
    """The settings of this process (environment first, then ``.streamlit/secrets.toml``).

    Read at each call (a small file, only when it exists): a change is seen without a restart.
    """
    env = os.environ if environ is None else environ
    path = Path(secrets_path) if secrets_path is not None else Path.cwd() / SECRETS_FILE
    section = _secrets_section(path) if path.is_file() else {}
    if READ_ONLY_ENV in env:
        read_only = _parse_bool(env[READ_ONLY_ENV], READ_ONLY_ENV)
    else:
        read_only = _parse_bool(section.get("read_only", False), f"{path} [{SECTION}] read_only")
    if ALLOWED_HOSTS_ENV in env:
        hosts = _parse_hosts(env[ALLOWED_HOSTS_ENV], ALLOWED_HOSTS_ENV)
    else:
        hosts = _parse_hosts(section.get("import_allowed_hosts", []), f"{path} [{SECTION}] import_allowed_hosts")
    return Settings(read_only=read_only, allowed_hosts=hosts)


def read_only() -> bool:
    """True when this instance must not write the corpus or the knowledge files."""
    return load_settings().read_only


def ensure_writable(what: str = "") -> None:
    """Raise :class:`ReadOnlyError` (French message naming ``what``) in read-only mode.

    Fails closed: when the settings cannot be read, nothing is written either.
    """
    try:
        refused = read_only()
    except SettingsError as exc:
        raise PermissionError(f"{what + ' : ' if what else ''}écriture refusée, réglages illisibles ({exc})") from None
    if refused:
        raise ReadOnlyError(what)
