"""Load and validate the article corpus.

Format (documented in docs/import.md, "The article format"): one UTF-8 file per article
in the corpus folder, ``<id>.txt`` or ``<id>.md``. An optional YAML front-matter header
sits between two ``---`` lines at the very top; everything after the closing ``---``
line is the article text, kept byte for byte. A file with no header loads too: its id
is the file stem and its metadata is "inconnu".

All character offsets elsewhere in the package are offsets into :attr:`Article.text`
(the text after the header).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from analysis.knowledge import yaml_error_location

from .textutil import text_hash

UNKNOWN = "inconnu"
ARTICLE_SUFFIXES = (".txt", ".md")
META_FIELDS = ("id", "outlet", "title", "date", "genre", "author", "url", "language")
#: Optional keys accepted in the header besides :data:`META_FIELDS`.
EXTRA_FIELDS = ("note", "parts")
PART_VALUES = ("body", "comment", "boilerplate")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
#: libyaml's loader when PyYAML was built with it (about ten times faster on a thousand
#: headers); the pure-Python loader otherwise. Both are "safe" loaders.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_HEADER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


class CorpusError(ValueError):
    """A file that cannot be loaded as an article; the message names file and reason."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None):
        self.path = Path(path)
        self.reason = reason
        self.line = line
        where = f"{self.path.name}" + (f", ligne {line}" if line else "")
        super().__init__(f"{where} : {reason}")


@dataclass(frozen=True)
class PartOverride:
    """Analyst override: the paragraph starting with ``match`` belongs to ``part``."""

    match: str
    part: str


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    outlet: str = UNKNOWN
    title: str = UNKNOWN
    date: str = UNKNOWN
    genre: str = UNKNOWN
    author: str = UNKNOWN
    url: str = UNKNOWN
    language: str = UNKNOWN
    note: str = ""
    parts: tuple[PartOverride, ...] = ()
    path: str = ""
    header_offset: int = 0  # characters of the file before ``text`` (the header)

    @property
    def hash(self) -> str:
        return text_hash(self.text)

    @property
    def date_start(self) -> _dt.date | None:
        """First day covered by ``date`` (``2024-02`` -> 1 Feb 2024), None if unknown."""
        if not DATE_RE.match(self.date or ""):
            return None
        parts = [int(p) for p in self.date.split("-")] + [1, 1]
        return _dt.date(parts[0], parts[1], parts[2])

    def meta(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in META_FIELDS}

    def fingerprint(self) -> str:
        """Hash of text + everything in the metadata that changes the analysis."""
        overrides = "|".join(f"{p.part}:{p.match}" for p in self.parts)
        return text_hash(self.text + "\x00" + repr(sorted(self.meta().items())) + overrides)


@dataclass
class Corpus:
    articles: list[Article] = field(default_factory=list)
    errors: list[CorpusError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @property
    def content_hash(self) -> str:
        return text_hash("".join(a.fingerprint() for a in self.articles))


def split_header(raw: str) -> tuple[str | None, str, int]:
    """Return (yaml_header or None, text, header_length_in_chars)."""
    m = _HEADER_RE.match(raw)
    if not m:
        return None, raw, 0
    return m.group(1) or "", raw[m.end():], m.end()


def _as_str(value: Any) -> str:
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def parse_metadata(header: str, path: Path) -> tuple[dict[str, Any], list[str]]:
    """Validate a YAML header. Raises CorpusError with the line for malformed YAML."""
    try:
        data = yaml.load(header, Loader=_YAML_LOADER) if header.strip() else {}
    except yaml.YAMLError as exc:
        line, problem = yaml_error_location(exc)
        line = line + 1 if line is not None else None  # the header starts after the '---' line
        raise CorpusError(path, f"en-tête YAML invalide ({problem})", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CorpusError(path, "l'en-tête doit être une liste de clés « clé: valeur »")
    warnings: list[str] = []
    unknown = sorted(set(data) - set(META_FIELDS) - set(EXTRA_FIELDS))
    if unknown:
        raise CorpusError(
            path,
            f"clé(s) inconnue(s) dans l'en-tête : {', '.join(map(str, unknown))} "
            f"(clés permises : {', '.join(META_FIELDS + EXTRA_FIELDS)})",
        )
    meta: dict[str, Any] = {k: _as_str(data.get(k)) for k in META_FIELDS if k != "id"}
    if meta["date"] != UNKNOWN and not DATE_RE.match(meta["date"]):
        raise CorpusError(path, f"date « {meta['date']} » invalide (attendu AAAA, AAAA-MM ou AAAA-MM-JJ)")
    if "id" in data and _as_str(data["id"]) != path.stem:
        warnings.append(
            f"{path.name} : l'id de l'en-tête ({data['id']}) diffère du nom de fichier ; "
            f"l'id retenu est « {path.stem} »"
        )
    meta["note"] = "" if data.get("note") is None else str(data["note"]).strip()
    meta["parts"] = _parse_parts(data.get("parts"), path)
    return meta, warnings


def _parse_parts(value: Any, path: Path) -> tuple[PartOverride, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CorpusError(path, "« parts » doit être une liste de {match: …, part: …}")
    out = []
    for i, item in enumerate(value, 1):
        if not isinstance(item, dict) or set(item) != {"match", "part"}:
            raise CorpusError(path, f"« parts », entrée {i} : attendu exactement les clés match et part")
        if item["part"] not in PART_VALUES:
            raise CorpusError(
                path, f"« parts », entrée {i} : part « {item['part']} » inconnue ({', '.join(PART_VALUES)})"
            )
        if not str(item["match"]).strip():
            raise CorpusError(path, f"« parts », entrée {i} : match est vide")
        out.append(PartOverride(str(item["match"]), str(item["part"])))
    return tuple(out)


def is_url(location) -> bool:
    """Whether a corpus location is an fsspec URL (``file://…``, ``s3://…``…) rather than a path."""
    return isinstance(location, str) and "://" in location


def _filesystem(url: str):
    """(fsspec file system, path inside it) of a URL; a French error when its protocol has no
    installed implementation."""
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise FileNotFoundError(f"adresse de corpus illisible : {url} ({exc})") from None


def _stem(location: str) -> str:
    return PurePosixPath(location.rstrip("/")).stem if is_url(location) else Path(location).stem


def load_article(path: Path | str) -> tuple[Article, list[str]]:
    """Load one article file, a path or an fsspec URL. Raises CorpusError naming the file and the reason."""
    url = str(path) if is_url(path) else None
    path = url or Path(path)
    try:
        if url:
            import fsspec

            with fsspec.open(url, "rb") as fh:
                data = fh.read()
        else:
            data = path.read_bytes()
    except (OSError, ImportError, ValueError) as exc:
        raise CorpusError(path, f"lecture impossible ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            path, f"le fichier n'est pas en UTF-8 valide (octet {exc.start}) ; ré-enregistrez-le en UTF-8"
        ) from None
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    header, text, offset = split_header(raw)
    named = PurePosixPath(url) if url else path  # what messages name (a URL's last part is the file name)
    meta, warnings = parse_metadata(header, named) if header is not None else ({}, [])
    if not text.strip():
        raise CorpusError(path, "le fichier est vide (aucun texte après l'en-tête)")
    article = Article(id=_stem(str(path)), text=text, path=str(path), header_offset=offset, **meta)
    return article, warnings


def _is_article_name(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in ARTICLE_SUFFIXES and not name.startswith((".", "_"))


def list_article_files(corpus_dir: Path | str) -> list:
    """The article files of a folder (paths), or of an fsspec URL (URLs, same protocol)."""
    if is_url(corpus_dir):
        fs, root = _filesystem(corpus_dir)
        entries = fs.ls(root, detail=True)
        return sorted(fs.unstrip_protocol(e["name"]) for e in entries
                      if e.get("type") == "file" and _is_article_name(PurePosixPath(e["name"]).name))
    corpus_dir = Path(corpus_dir)
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and _is_article_name(p.name))


def corpus_exists(corpus_dir: Path | str) -> bool:
    """Whether a corpus folder (path or fsspec URL) exists."""
    if is_url(corpus_dir):
        try:
            fs, root = _filesystem(corpus_dir)
            return bool(fs.isdir(root))
        except (FileNotFoundError, OSError):
            return False
    return Path(corpus_dir).is_dir()


def load_corpus(corpus_dir: Path | str) -> Corpus:
    """Load every article of a folder, or of an fsspec URL (``file:///srv/corpus``, ``s3://bucket/corpus``
    with s3fs installed…). Bad files are reported in ``errors``; the rest load."""
    if not corpus_exists(corpus_dir):
        raise FileNotFoundError(f"dossier de corpus introuvable : {corpus_dir}")
    corpus = Corpus()
    for path in list_article_files(corpus_dir):
        try:
            article, warnings = load_article(path)
        except CorpusError as err:
            corpus.errors.append(err)
            continue
        corpus.articles.append(article)
        corpus.warnings.extend(warnings)
    return corpus


def render_article_file(meta: dict[str, Any], text: str) -> str:
    """Serialise metadata + text in the corpus format (inverse of :func:`load_article`)."""
    header = {k: meta[k] for k in META_FIELDS if meta.get(k) not in (None, "")}
    if meta.get("note"):
        header["note"] = meta["note"]
    if meta.get("parts"):
        header["parts"] = [
            {"match": p.match, "part": p.part} if isinstance(p, PartOverride) else dict(p)
            for p in meta["parts"]
        ]
    dumped = yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n{text}"
