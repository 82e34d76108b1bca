"""Writing accepted articles: render, publish atomically, commit under the folder lock."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Callable

from analysis.corpus.articles import (
    META_FIELDS,
    UNKNOWN,
    PartOverride,
    render_article_file,
)
from analysis.corpus.shared_files import folder_lock, fsync_dir
from analysis.settings import ensure_writable

from .checks import check_candidates, work_limit_problems
from .normalise import existing_ids, safe_id, unique_id
from .records import ImportCandidate, ImportOutcome, Refusal

# --------------------------------------------------------------------------- writing

def render_candidate(cand: ImportCandidate, article_id: str) -> str:
    meta = {k: cand.meta.get(k, UNKNOWN) for k in META_FIELDS if k != "id"}
    meta["id"] = article_id
    meta = {"id": article_id, **{k: v for k, v in meta.items() if k != "id"}}
    meta["note"] = cand.meta.get("note", "")
    meta["parts"] = [p if isinstance(p, PartOverride) else PartOverride(**p) for p in cand.meta.get("parts", ())]
    return render_article_file(meta, cand.text)


def _publish(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target`` atomically, never replacing an existing file.

    ``os.link`` fails with FileExistsError if ``target`` exists, which ``os.replace``
    cannot do; where hard links are unsupported, fall back to ``os.replace`` after an
    existence check.
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if target.exists():
            raise FileExistsError(errno.EEXIST, "existe déjà", str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def write_articles(corpus_dir: Path | str, files: list[tuple[str, str]]) -> list[Path]:
    """Write ``(file name, content)`` pairs into the corpus folder, all or nothing.

    Each file is written to a hidden temporary file in the same folder, flushed to
    disk, then published under its name without replacing anything. If anything
    fails (or the process is interrupted by an exception such as Ctrl-C), the files
    already published by this call are removed and the temporary files deleted: the
    folder is exactly as before. Existing files are never opened for writing.
    Refused on a read-only instance (:class:`analysis.settings.ReadOnlyError`).
    """
    corpus_dir = Path(corpus_dir)
    ensure_writable(str(corpus_dir))
    corpus_dir.mkdir(parents=True, exist_ok=True)
    root = corpus_dir.resolve()
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for name, content in files:
            target = corpus_dir / name
            if target.resolve().parent != root or name != Path(name).name or name.startswith((".", "_")):
                raise ValueError(f"nom de fichier refusé : {name!r}")
            fd, tmp_name = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=corpus_dir)
            staged.append((Path(tmp_name), target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(content.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, target in staged:
            _publish(tmp, target)
            placed.append(target)
        fsync_dir(corpus_dir)
    except BaseException:
        for target in placed:
            try:
                target.unlink()
            except OSError:  # pragma: no cover - nothing more we can do
                pass
        raise
    finally:
        for tmp, _ in staged:
            try:
                tmp.unlink()
            except FileNotFoundError:
                pass
    return placed


def _commit_unlocked(corpus_dir: Path, candidates: list[ImportCandidate]) -> list[tuple[ImportCandidate, Path]]:
    taken = existing_ids(corpus_dir)
    files, chosen = [], []
    for cand in candidates:
        base = safe_id(cand.suggested_id)
        article_id = unique_id(base, taken)
        if article_id != base:
            cand.warnings.append(f"{cand.source} : l'id « {base} » existe déjà, article enregistré sous « {article_id} »")
        taken |= {article_id.lower(), f"{article_id}.txt".lower()}
        files.append((f"{article_id}.txt", render_candidate(cand, article_id)))
        chosen.append(cand)
    paths = write_articles(corpus_dir, files)
    return list(zip(chosen, paths))


def commit_candidates(corpus_dir: Path | str, candidates: list[ImportCandidate]) -> list[tuple[ImportCandidate, Path]]:
    """Give each candidate a unique safe id and write them all (atomically, no overwrite).

    Holds the corpus folder's lock (:func:`analysis.corpus.shared_files.folder_lock`) so that a
    concurrent import cannot take the same ids.
    """
    corpus_dir = Path(corpus_dir)
    ensure_writable(str(corpus_dir))
    with folder_lock(corpus_dir):
        return _commit_unlocked(corpus_dir, candidates)


def check_and_commit(
    corpus_dir: Path | str, candidates: list[ImportCandidate], *, allow_other_language: bool = False,
    allow_duplicates: bool = False, enforce_work_limits: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportOutcome:
    """Check candidates against the corpus and write the accepted ones; the writing holds the folder lock.

    The check (seconds for hundreds of candidates against a large corpus; ``progress``
    reports it) runs on copies, against the corpus as read before taking the lock. Under
    the lock the corpus is read again: if another import landed meanwhile, the check is
    redone against it, so the same text is never accepted twice and no id is taken twice;
    then the ids are chosen and the files written. With ``enforce_work_limits`` (the
    app), an import over :data:`MAX_ARTICLES_PER_IMPORT` or :data:`MAX_IMPORT_CHARS` is
    refused whole before anything is checked or written. Never raises for a write
    failure (read-only instance, lock timeout, disk full): every candidate is then refused
    with the reason, and nothing is written.
    """
    import copy

    from analysis.corpus.articles import load_corpus

    corpus_dir = Path(corpus_dir)
    outcome = ImportOutcome()
    if enforce_work_limits:
        problems = work_limit_problems(candidates)
        if problems:
            outcome.refused += [Refusal("import", p) for p in problems]
            return outcome

    def check(corpus) -> tuple[list[ImportCandidate], list[Refusal]]:
        return check_candidates(
            copy.deepcopy(candidates), corpus.articles if corpus else [], allow_other_language=allow_other_language,
            allow_duplicates=allow_duplicates, progress=progress)

    try:
        ensure_writable(str(corpus_dir))
        before = load_corpus(corpus_dir) if corpus_dir.is_dir() else None
        accepted, refused = check(before)
        with folder_lock(corpus_dir):
            now = load_corpus(corpus_dir) if corpus_dir.is_dir() else None
            if (now.content_hash if now else None) != (before.content_hash if before else None):
                accepted, refused = check(now)  # the corpus changed since the check: check again
            if accepted:
                outcome.written = _commit_unlocked(corpus_dir, accepted)
        outcome.refused += refused
    except OSError as exc:  # read-only instance, lock timeout, disk full…: nothing was written
        outcome.written = []
        outcome.refused = [Refusal(c.source, f"écriture impossible, rien n'a été écrit ({exc})") for c in candidates]
        return outcome
    for cand, _ in outcome.written:
        outcome.warnings += cand.warnings
    return outcome
