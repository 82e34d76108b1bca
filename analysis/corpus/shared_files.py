"""Writing shared files safely when several sessions or processes edit the same data folder.

Two sessions of one server are threads of one process; a CLI import beside the app is
another process. Both cases go through the same two pieces:

- :func:`folder_lock`: an exclusive ``flock`` on the folder itself (no lock file is
  created, so the folder's content is untouched), which excludes other processes *and*
  other threads (each call opens its own file description). Corpus imports hold the corpus folder's lock
  while they check for duplicates, choose ids and write, so two imports never pick the
  same id nor both accept the same text.
- :func:`update_file`: a locked, atomic read-modify-write of one file with a
  compare-and-swap check. The caller passes the version it read (:func:`read_versioned`)
  and a function that applies its change to the current text. If another session wrote
  the file in between, :class:`StaleEdit` says in French that the edit must be redone;
  otherwise the new text is validated, written to a temporary file, flushed and renamed
  over the old one: readers see the old file or the new one, never half of one.

Every write first checks the read-only setting (:func:`analysis.settings.ensure_writable`).
The lock is ``flock`` (POSIX). Where ``fcntl`` does not exist (Windows), a lock file
``.discours.lock`` created exclusively in the folder stands in for it; a process killed
while holding it leaves it behind, and writers then wait for the timeout and say so.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from analysis.settings import ensure_writable

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the lock-file fallback below
    fcntl = None  # type: ignore[assignment]

#: How long a writer waits for another one before giving up, in seconds.
LOCK_TIMEOUT = 30.0
ABSENT = "absent"


class LockTimeout(OSError):
    """The folder stayed locked by another writer longer than the timeout (French message)."""


class StaleEdit(Exception):
    """The file changed since the caller read it: the edit must be redone on the new version."""

    def __init__(self, path: Path):
        self.path = Path(path)
        super().__init__(
            f"{self.path.name} : le fichier a été modifié par une autre session depuis son ouverture ; "
            "rien n'a été enregistré, modification à refaire sur la version à jour (rechargez la page)"
        )


def version_of(data: bytes | None) -> str:
    """Version tag of a file's content (``"absent"`` when there is no file)."""
    return ABSENT if data is None else hashlib.sha256(data).hexdigest()[:32]


def read_versioned(path: Path | str) -> tuple[str, str]:
    """(text, version) of a file; ("", "absent") when it does not exist."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return "", ABSENT
    return data.decode("utf-8"), version_of(data)


LOCK_FILE = ".discours.lock"


def _timeout_error(folder: Path, timeout: float) -> LockTimeout:
    return LockTimeout(f"{folder} : une autre modification est en cours depuis plus de {timeout:.0f} s ; "
                       "rien n'a été écrit, réessayez dans un instant")


@contextmanager
def folder_lock(folder: Path | str, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the exclusive write lock of ``folder`` (waits at most ``timeout`` seconds).

    Not re-entrant: a thread that already holds the lock of a folder must not take it again.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        with _lock_file(folder, timeout):
            yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        _wait_for(lambda: fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB), BlockingIOError, folder, timeout)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _lock_file(folder: Path, timeout: float) -> Iterator[None]:
    """Fallback without ``fcntl``: a lock file created exclusively (``O_EXCL``), removed on exit."""
    path = folder / LOCK_FILE
    _wait_for(lambda: os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)), FileExistsError, folder, timeout)
    try:
        yield
    finally:
        os.unlink(path)


def _wait_for(take, busy: type[OSError], folder: Path, timeout: float) -> None:
    """Call ``take`` until it does not raise ``busy`` (another holder), every 20 ms, at most
    ``timeout`` seconds; then the French timeout error naming the folder."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            take()
            return
        except busy:
            if time.monotonic() > deadline:
                raise _timeout_error(folder, timeout) from None
            time.sleep(0.02)


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename is durable only once its folder is synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. a file system that refuses it
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def replace_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a hidden temporary file beside ``path``, flush it, rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def update_file(
    path: Path | str, change: Callable[[str], str], *, expected_version: str | None = None,
    validate: Callable[[str], None] | None = None, timeout: float = LOCK_TIMEOUT,
) -> str:
    """Locked, atomic read-modify-write of a text file; returns the new version.

    ``change(current_text) -> new_text`` is applied to the file as it is under the lock.
    With ``expected_version`` (from :func:`read_versioned` when the user opened the file),
    the write is refused with :class:`StaleEdit` if the file changed meanwhile: the
    caller shows the French message and the user redoes the edit on the new version.
    Without it, the change is simply applied to the latest version (safe for changes
    that merge, such as adding an alias). ``validate(new_text)`` may raise to refuse a
    broken file: nothing is written then. Raises
    :class:`analysis.settings.ReadOnlyError` on a read-only instance.
    """
    path = Path(path)
    ensure_writable(path.name)
    with folder_lock(path.parent, timeout=timeout):
        current, version = read_versioned(path)
        if expected_version is not None and expected_version != version:
            raise StaleEdit(path)
        new = change(current)
        if validate is not None:
            validate(new)
        if new == current and version != ABSENT:
            return version
        data = new.encode("utf-8")
        replace_atomically(path, data)
        return version_of(data)
