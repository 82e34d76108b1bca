"""Import articles into the corpus folder: read, normalise, check, then write atomically.

Pure logic, no Streamlit: the CLI (``python -m analysis import``) and the app's
"Importer" page both go through these functions.

The flow is three steps, each returning plain records:

1. :func:`parse_source` turns one source (file bytes or a fetched page) into
   :class:`ImportCandidate` records (one per article; a CSV, JSONL or Europresse
   export holds several) and :class:`Refusal` records for what cannot be read;
2. :func:`check_candidates` compares the candidates with the corpus and with each
   other: empty or oversized text, non-French language, exact or near duplicates
   (the same dispatch under two outlets is kept and flagged as shared wire copy);
3. :func:`write_articles` writes the accepted articles, each through a temporary
   file published without ever replacing an existing file; on any error the files
   written so far in the batch are removed, so the corpus is exactly as before.

:func:`import_sources` chains the three for the CLI. Every user-facing message is in
French and names the source and the reason.
"""
from __future__ import annotations

import csv
import datetime as _dt
import errno
import io
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .clean import BODY, segment_article, text_of
from .corpus import (
    META_FIELDS, UNKNOWN, Article, CorpusError, PartOverride, parse_metadata,
    render_article_file, split_header,
)
from .settings import ensure_writable
from .shared_files import folder_lock
from .textutil import normalise_for_matching, text_hash

if TYPE_CHECKING:
    from .webfetch import FetchPolicy

# --------------------------------------------------------------------------- limits

#: Largest source file accepted (a Europresse export of a few hundred articles is ~5 MB).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Largest total of one import (all sources together).
MAX_TOTAL_BYTES = 100 * 1024 * 1024
#: Longest article text accepted (a long press feature is ~60 000 characters).
MAX_ARTICLE_CHARS = 1_000_000
#: Share of 5-word shingles in common above which two texts are near duplicates.
NEAR_DUPLICATE_THRESHOLD = 0.8
#: Network timeout for fetching a URL (each connection or read), in seconds.
FETCH_TIMEOUT = 15
#: Longest whole fetch of a URL, redirects included, in seconds.
FETCH_TOTAL_TIMEOUT = 60
#: Most articles one import of the app may write. The work it starts is the duplicate
#: check (measured: about 30 s for 200 articles against a 1,000-article corpus on a
#: loaded machine) and the analysis of the new articles (about 10 articles per second per
#: core when idle), both with a progress bar (docs/import.md, "Limits of one import").
#: The command line has no such cap.
MAX_ARTICLES_PER_IMPORT = 200
#: Most characters of article text one import of the app may write (200 long articles).
MAX_IMPORT_CHARS = 2_000_000

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".json")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + TABLE_SUFFIXES + HTML_SUFFIXES

#: French names of the languages the checker recognises.
LANGUAGE_NAMES = {
    "fr": "français", "en": "anglais", "es": "espagnol", "de": "allemand",
    "it": "italien", "pt": "portugais", "nl": "néerlandais",
}


def _fmt_bytes(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} Mo".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} Ko"
    return f"{n} octets"


# --------------------------------------------------------------------------- records


class ImportRefused(Exception):
    """A source (or one article of it) that cannot be imported; ``reason`` is French."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source} : {reason}")


@dataclass
class Refusal:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source} : {self.reason}"


@dataclass
class ImportCandidate:
    """One article read from a source, not yet written.

    ``meta`` holds the corpus metadata keys (:data:`analysis.corpus.META_FIELDS`
    except ``id``, plus ``note`` and ``parts``); ``suggested_id`` is where the id will
    come from (sanitised and made unique when written).
    """

    meta: dict[str, Any]
    text: str
    source: str
    suggested_id: str
    warnings: list[str] = field(default_factory=list)
    language: str = UNKNOWN  # detected language code, or "inconnu" when too short to tell
    duplicate_of: str | None = None  # id of the corpus article it repeats (wire copy)
    similarity: float | None = None


@dataclass
class ImportOutcome:
    """What an import did: files written, sources refused, warnings."""

    written: list[tuple[ImportCandidate, Path]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


# --------------------------------------------------------------------------- decoding

_ALLOWED_ENCODINGS = {
    "utf_8", "utf_8_sig", "cp1252", "latin_1", "iso8859_15", "mac_roman", "utf_16", "utf_16_le", "utf_16_be",
}


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode file bytes to text; returns (text, encoding name).

    UTF-8 first (with or without BOM), UTF-16 when it has a BOM (Excel "texte
    Unicode"), otherwise the guess of charset-normalizer restricted to the encodings
    French exports actually use (cp1252, latin-1, latin-9, Mac Roman), cp1252 by default.
    Binary data is refused.
    """
    if not data.strip():
        raise ImportRefused(source, "le fichier est vide")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportRefused(source, "fichier UTF-16 illisible (octets invalides)") from None
    if b"\x00" in data[:65536]:
        raise ImportRefused(source, "fichier binaire (octets nuls) : ce n'est pas un texte, une page HTML ou un tableau")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        encoding = _guess_legacy_encoding(data)
        text = data.decode(encoding, errors="replace")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
    if controls > max(3, len(text) // 100) or text.count("\ufffd") > max(3, len(text) // 100):
        raise ImportRefused(source, "fichier binaire ou encodage illisible : ce n'est pas un texte")
    return text, encoding


def _guess_legacy_encoding(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
        guess = best.encoding if best is not None else None
    except Exception:  # pragma: no cover - defensive: the guesser must never break an import
        guess = None
    if guess in _ALLOWED_ENCODINGS and not guess.startswith("utf"):
        return guess
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin_1"


# --------------------------------------------------------------------------- normalisation

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
#: Odd spaces become ordinary spaces; the French typographic ones (U+00A0, U+202F,
#: U+2009) are kept since the analysis reads them (see :mod:`analysis.textutil`).
_ODD_SPACES = dict.fromkeys(map(ord, "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u200a\u205f\u3000"), " ")
_LINE_SEPS = {ord("\u2028"): "\n", ord("\u2029"): "\n", ord("\x85"): "\n", ord("\x0b"): "\n", ord("\x0c"): "\n"}
_FAKE_APOSTROPHE = re.compile(r"(?<=[^\W\d_])[\u02bc\u2032\u00b4`](?=[^\W\d_])")


def normalise_text(text: str) -> str:
    """Normalise an article text for the corpus (idempotent).

    Unicode NFC; line ends to ``\\n``; zero-width characters, soft hyphens, lone
    surrogates and control characters removed; exotic spaces to a plain space while
    the French non-breaking spaces are kept; look-alike apostrophes (ʼ ′ ´ `) between
    letters become the typographic apostrophe; trailing spaces on lines and runs of
    more than one blank line removed; a single final newline.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_LINE_SEPS).translate(_ZERO_WIDTH).translate(_ODD_SPACES)
    text = "".join(
        c for c in text
        if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn")
    )
    text = unicodedata.normalize("NFC", text)
    text = _FAKE_APOSTROPHE.sub("\u2019", text)
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip(" \t") for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text.strip() else ""


def normalise_meta_value(value: Any, max_len: int = 300) -> str:
    """One-line metadata value: normalised, whitespace collapsed, "inconnu" when empty."""
    if value is None:
        return UNKNOWN
    if isinstance(value, float) and value != value:  # NaN from a spreadsheet
        return UNKNOWN
    text = normalise_text(str(value))
    text = re.sub(r"\s+", " ", text).strip()[:max_len].strip()
    return text or UNKNOWN


_MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}
_FR_DATE = re.compile(
    r"\b(?:(\d{1,2})(?:er)?\s+)?(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})\b", re.I
)
_NUM_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][\d:.+\-Z]*)?$")


def normalise_date(value: Any) -> str | None:
    """A date in the corpus form AAAA, AAAA-MM or AAAA-MM-JJ, or None if unreadable.

    Reads ISO dates and timestamps, ``26/02/2024``, ``26.02.2024`` and French dates
    (``lundi 26 février 2024``, ``1er mars 2024``, ``février 2024``).
    """
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    s = normalise_meta_value(value)
    if s == UNKNOWN:
        return None
    m = _ISO_PREFIX.match(s)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        return _valid_date(int(y), int(mo) if mo else None, int(d) if d else None)
    m = _NUM_DATE.match(s)
    if m:
        return _valid_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _FR_DATE.search(s)
    if m:
        day = int(m.group(1)) if m.group(1) else None
        return _valid_date(int(m.group(3)), _MONTHS[m.group(2).lower()], day)
    return None


def _valid_date(year: int, month: int | None, day: int | None) -> str | None:
    if not 1800 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- language

_STOPWORDS = {
    "fr": "le les des du une et est il elle pas plus pour dans sur au aux ce cette qui nous vous ont été sont "
          "leur avec mais ses son sa ne se lui où très aussi comme être fait",
    "en": "the of and to is that for it with was on be by are this at from have has not which but were they "
          "their will would been its who said",
    "es": "el los las del y por con para es lo como más pero sus fue son está una al ha se su",
    "de": "der die das und ist nicht mit den von zu ein eine auf für sich dem des im auch werden hat",
    "it": "il gli della delle degli che non per sono con nel alla anche come più è una dei",
    "pt": "os do da dos das não em um uma para com por mais como foi são ao na",
    "nl": "het een van en is dat op te zijn niet met voor die er maar ook als bij",
}
_STOP_SETS = {lang: set(words.split()) for lang, words in _STOPWORDS.items()}
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> tuple[str, dict[str, int]]:
    """Guess the language from function words; returns (code, hits per language).

    Returns "inconnu" when the text has too few function words to tell (under 5).
    Function-word counts are a crude but transparent test, enough to tell a French
    article from an English, Spanish, German, Italian, Portuguese or Dutch one.
    """
    words = _LETTER_RUN.findall(normalise_for_matching(text).lower()[:200_000])
    hits = {lang: 0 for lang in _STOP_SETS}
    for w in words:
        for lang, stops in _STOP_SETS.items():
            if w in stops:
                hits[lang] += 1
    best = max(hits, key=lambda k: (hits[k], k == "fr"))
    if hits[best] < 5:
        return UNKNOWN, hits
    if hits["fr"] >= hits[best]:
        return "fr", hits
    return best, hits


# --------------------------------------------------------------------------- ids and names

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def safe_id(name: str, max_len: int = 60) -> str:
    """A safe article id from any name: no directory part, ASCII letters, digits, - and _.

    ``../../etc/passwd.txt`` -> ``passwd``; never starts with ``.`` or ``_`` (the
    corpus loader ignores such files); never empty.
    """
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    stem = base
    for suffix in SUPPORTED_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_).strip("-_.")[:max_len].strip("-_")
    if not slug:
        slug = "article"
    if slug in _RESERVED:
        slug += "-article"
    return slug


def existing_ids(corpus_dir: Path) -> set[str]:
    """Lower-cased stems of every file in the corpus folder (any suffix: never overwrite)."""
    if not corpus_dir.is_dir():
        return set()
    return {p.stem.lower() for p in corpus_dir.iterdir()} | {p.name.lower() for p in corpus_dir.iterdir()}


def unique_id(base: str, taken: set[str]) -> str:
    if base.lower() not in taken:
        return base
    n = 2
    while f"{base}-{n}".lower() in taken:
        n += 1
    return f"{base}-{n}"


# --------------------------------------------------------------------------- parsing sources

_COLUMN_ALIASES = {
    "text": ("text", "texte", "body", "corps", "contenu", "content", "article", "fulltext", "textearticle"),
    "outlet": ("outlet", "media", "medias", "journal", "source", "publication", "sitename", "site", "titrejournal"),
    "title": ("title", "titre", "headline", "titrearticle"),
    "date": ("date", "datepublication", "publicationdate", "published", "datetime", "jour"),
    "genre": ("genre", "type", "typearticle", "format"),
    "author": ("author", "auteur", "auteurs", "authors", "signature", "byline"),
    "url": ("url", "lien", "link", "adresse"),
    "language": ("language", "langue", "lang"),
    "id": ("id", "identifiant", "ident"),
    "note": ("note", "notes", "remarque"),
}


def _column_key(name: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]", "", ascii_)


def _map_columns(columns: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Map source columns to corpus fields: ({field: column}, ignored columns)."""
    mapping: dict[str, str] = {}
    ignored = []
    for col in columns:
        key = _column_key(col)
        for fld, aliases in _COLUMN_ALIASES.items():
            if key in aliases and fld not in mapping:
                mapping[fld] = col
                break
        else:
            ignored.append(str(col))
    return mapping, ignored


def _empty_meta() -> dict[str, Any]:
    return {k: UNKNOWN for k in META_FIELDS if k != "id"} | {"note": "", "parts": ()}


def _candidate(source: str, suggested_id: str, text: str, values: dict[str, Any]) -> ImportCandidate:
    """Build a candidate from raw field values (normalising text, metadata and date)."""
    meta = _empty_meta()
    warnings: list[str] = []
    for key in ("outlet", "title", "genre", "author", "url", "language"):
        if key in values:
            meta[key] = normalise_meta_value(values[key])
    if values.get("note"):
        meta["note"] = normalise_meta_value(values["note"], max_len=2000)
    if values.get("parts"):
        meta["parts"] = tuple(values["parts"])
    raw_date = values.get("date")
    if raw_date not in (None, "", UNKNOWN):
        date = normalise_date(raw_date)
        if date is None:
            warnings.append(f"{source} : date « {normalise_meta_value(raw_date)} » illisible, laissée « inconnu »")
        else:
            meta["date"] = date
    return ImportCandidate(meta=meta, text=normalise_text(text), source=source,
                           suggested_id=suggested_id, warnings=warnings)


def _guess_title(text: str) -> str | None:
    """First line of a plain text when it looks like a title (short, no final period)."""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if len(line) <= 200 and len(line.split()) <= 25 and not re.search(r"[.;,:]$", line):
            return line
        return None
    return None


def parse_text_file(name: str, raw: str) -> list[ImportCandidate]:
    """A .txt / .md file, with or without the corpus metadata header."""
    header, text, _ = split_header(raw)
    values: dict[str, Any] = {}
    suggested = name
    if header is not None:
        try:
            meta, _warn = parse_metadata(header, Path(safe_id(name) + ".txt"))
        except CorpusError as err:
            raise ImportRefused(name, err.reason + (f" (ligne {err.line})" if err.line else "")) from None
        values = {k: v for k, v in meta.items() if v not in (UNKNOWN, "", ())}
        try:
            import yaml

            declared = (yaml.safe_load(header) or {}).get("id")
        except Exception:  # already validated above; defensive
            declared = None
        if declared:
            suggested = str(declared)
    cand = _candidate(name, safe_id(suggested), text, values)
    if header is None:
        title = _guess_title(cand.text)
        if title:
            cand.meta["title"] = normalise_meta_value(title)
    return [cand]


def _rows_to_candidates(name: str, rows: list[tuple[str, dict[str, Any]]], columns: list[str],
                        per_row: bool = False) -> tuple[
        list[ImportCandidate], list[Refusal], list[str]]:
    mapping, ignored = _map_columns(columns)
    if per_row:  # JSON records may each name their fields differently
        row_maps = [_map_columns(row.keys())[0] for _, row in rows]
        if any("text" in m for m in row_maps):
            mapping = {"text": ""}
            ignored = [c for c in ignored if not any(c in m.values() for m in row_maps)]
    else:
        row_maps = [mapping] * len(rows)
    if "text" not in mapping:
        raise ImportRefused(
            name,
            "aucune colonne de texte (colonnes trouvées : " + ", ".join(map(str, columns))
            + ") ; nommez la colonne du texte « texte » ou « text »",
        )
    warnings = []
    if ignored:
        warnings.append(f"{name} : colonne(s) ignorée(s) : {', '.join(ignored)}")
    cands, refusals = [], []
    stem = safe_id(name)
    for n, ((where, row), mapping) in enumerate(zip(rows, row_maps), 1):
        source = f"{name}, {where}"
        if "text" not in mapping:
            refusals.append(Refusal(source, "aucun champ de texte (« texte » ou « text »)"))
            continue
        text = row.get(mapping["text"])
        if text is None or not str(text).strip():
            refusals.append(Refusal(source, "la colonne de texte est vide"))
            continue
        values = {fld: row.get(col) for fld, col in mapping.items() if fld not in ("text", "id")}
        declared = row.get(mapping["id"]) if "id" in mapping else None
        title = normalise_meta_value(values.get("title"))
        if declared not in (None, ""):
            suggested = safe_id(str(declared))
        elif title != UNKNOWN:
            suggested = safe_id(title, max_len=50)
        else:
            suggested = f"{stem}-{n:03d}"
        cands.append(_candidate(source, suggested, str(text), values))
    return cands, refusals, warnings


def parse_csv(name: str, raw: str) -> tuple[list[ImportCandidate], list[Refusal], list[str]]:
    """A .csv/.tsv table: one article per row, a text column and optional metadata columns.

    The separator is the one of ``,`` ``;`` tab ``|`` most frequent in the first line
    (French spreadsheets export with ``;``). A malformed file (unclosed quote, rows with
    a different number of fields) is refused whole: a shifted column would put text in
    the wrong field.
    """
    first = raw.split("\n", 1)[0]
    delimiter = "\t" if name.lower().endswith(".tsv") else max(",;\t|", key=first.count)
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[str, list[str]]] = []
    try:
        start = 1
        for fields in reader:
            if any(f.strip() for f in fields):
                rows.append((f"ligne {start}", fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportRefused(name, f"CSV mal formé, ligne {reader.line_num} ({exc}) ; vérifiez les guillemets") from None
    if not rows:
        raise ImportRefused(name, "le tableau est vide")
    header = [h.strip() for h in rows[0][1]]
    if len(rows) == 1:
        raise ImportRefused(name, "le tableau n'a qu'une ligne d'en-tête, aucun article")
    for where, fields in rows[1:]:
        if len(fields) != len(header):
            raise ImportRefused(
                name,
                f"CSV mal formé, {where} : {len(fields)} champ(s) au lieu de {len(header)} "
                f"(séparateur « {delimiter if delimiter != chr(9) else 'tabulation'} ») ; vérifiez les guillemets "
                "et le séparateur",
            )
    dict_rows = [(where, dict(zip(header, fields))) for where, fields in rows[1:]]
    return _rows_to_candidates(name, dict_rows, header)


def parse_jsonl(name: str, raw: str) -> tuple[list[ImportCandidate], list[Refusal], list[str]]:
    """A .jsonl file (one JSON object per line) or a .json list of objects."""
    records: list[tuple[str, dict]] = []
    if name.lower().endswith(".json"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ImportRefused(name, f"JSON invalide, ligne {exc.lineno} ({exc.msg})") from None
        items = data if isinstance(data, list) else [data]
        for i, item in enumerate(items, 1):
            if not isinstance(item, dict):
                raise ImportRefused(name, f"élément {i} : un objet {{…}} est attendu")
            records.append((f"élément {i}", item))
    else:
        for i, line in enumerate(raw.split("\n"), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ImportRefused(name, f"JSON invalide, ligne {i} ({exc.msg})") from None
            if not isinstance(item, dict):
                raise ImportRefused(name, f"ligne {i} : un objet {{…}} est attendu")
            records.append((f"ligne {i}", item))
    if not records:
        raise ImportRefused(name, "aucun article dans le fichier")
    columns: list[str] = []
    for _, item in records:
        columns += [k for k in item if k not in columns]
    rows = [(where, {k: (v if not isinstance(v, (list, dict)) else ", ".join(map(str, v)) if isinstance(v, list)
                         else json.dumps(v, ensure_ascii=False)) for k, v in item.items()})
            for where, item in records]
    return _rows_to_candidates(name, rows, columns, per_row=True)


def is_europresse(raw: str) -> bool:
    head = raw[:500_000]
    return "DocPublicationName" in head and ("docOcurrContainer" in head or "DocText" in head)


def _has_class(cls: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"


def _node_text(node) -> str:
    return re.sub(r"\s+", " ", node.text_content()).strip()


def parse_europresse(name: str, raw: str) -> tuple[list[ImportCandidate], list[Refusal], list[str]]:
    """A Europresse HTML export: one ``<article>`` per document.

    Per article: ``span.DocPublicationName`` (outlet; the issue number after a comma or
    line break is dropped), ``span.DocHeader`` (section, date, word count),
    ``.titreArticle`` (title), ``.docAuthors`` (author), the paragraphs of
    ``.docOcurrContainer`` (or ``.DocText``), and the Europresse document number of
    ``.publiC-lblNodoc`` kept in the note.
    """
    import lxml.html

    try:
        root = lxml.html.document_fromstring(raw)
    except Exception as exc:  # lxml raises ParserError / ValueError on junk
        raise ImportRefused(name, f"page HTML illisible ({exc})") from None
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    articles = root.xpath("//article")
    if not articles:
        raise ImportRefused(name, "export Europresse sans aucun article (<article>)")
    cands: list[ImportCandidate] = []
    refusals: list[Refusal] = []
    for i, art in enumerate(articles, 1):
        source = f"{name}, article {i}"
        pub = art.xpath(f".//*[{_has_class('DocPublicationName')}]")
        outlet = None
        if pub:
            first = next((s.strip() for s in pub[0].itertext() if s.strip()), "")
            outlet = re.split(r",|\bno\.|\bn°", first)[0].strip() or None
            if outlet and re.search(r"\(site web\)\s*$", outlet, re.I):
                outlet = re.sub(r"\s*\(site web\)\s*$", "", outlet, flags=re.I) or None
                edition_note = " Édition : site web."
            else:
                edition_note = ""
        header = art.xpath(f".//*[{_has_class('DocHeader')}]")
        header_text = _node_text(header[0]) if header else ""
        titles = art.xpath(f".//*[{_has_class('titreArticleVisu')}]") or art.xpath(f".//*[{_has_class('titreArticle')}]")
        title = _node_text(titles[0]) if titles else None
        authors = art.xpath(f".//*[{_has_class('docAuthors')}]")
        author = _node_text(authors[0]) if authors else None
        containers = art.xpath(f".//*[{_has_class('docOcurrContainer')}]") or art.xpath(f".//*[{_has_class('DocText')}]")
        paragraphs: list[str] = []
        for cont in containers:
            ps = cont.xpath(".//p")
            paragraphs += [_node_text(p) for p in ps] if ps else [_node_text(cont)]
        text = "\n\n".join(p for p in paragraphs if p)
        if not text.strip():
            refusals.append(Refusal(source, "article Europresse sans texte"))
            continue
        nodoc = art.xpath(f".//*[{_has_class('publiC-lblNodoc')}]")
        note = (f"Importé d'un export Europresse (document {_node_text(nodoc[0])})." if nodoc else
                "Importé d'un export Europresse.") + (edition_note if pub else "")
        values = {"outlet": outlet, "title": title, "author": author, "note": note, "date": header_text or None}
        suggested = safe_id(f"{outlet or ''} {title or ''}", max_len=50) if title else f"{safe_id(name)}-{i:03d}"
        cand = _candidate(source, suggested, text, {k: v for k, v in values.items() if v})
        if cand.meta["date"] == UNKNOWN and header_text:
            cand.warnings = [w for w in cand.warnings if "illisible" not in w]
            cand.warnings.append(f"{source} : aucune date trouvée dans « {header_text[:80]} »")
        cands.append(cand)
    return cands, refusals, []


def parse_html(name: str, raw: str, url: str | None = None) -> list[ImportCandidate]:
    """A saved web page: main text and metadata extracted by trafilatura.

    Scripts, styles, navigation and page furniture are dropped by trafilatura; reader
    comments, when it finds them, are appended after a « Commentaires » line so that
    :mod:`analysis.clean` files them as comments.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            raw, url=url, with_metadata=True, include_comments=True, include_tables=False,
        )
    except Exception as exc:  # trafilatura can raise on pathological markup
        raise ImportRefused(name, f"page HTML illisible ({type(exc).__name__})") from None
    data = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    body = (data.get("text") or "").strip()
    if not body:
        raise ImportRefused(
            name, "aucun texte d'article trouvé dans la page (page vide, ou contenu chargé par JavaScript)"
        )
    text = re.sub(r"\n+", "\n\n", body)
    comments = (data.get("comments") or "").strip()
    if comments:
        lines = comments.split("\n")
        if lines and re.fullmatch(r"\s*(\d+\s+)?(commentaires?|réactions?)\s*:?\s*", lines[0], re.I):
            lines = lines[1:]
        if lines:
            text += "\n\nCommentaires\n\n" + "\n\n".join(line for line in lines if line.strip())
    values = {
        "title": data.get("title"), "outlet": data.get("sitename") or data.get("hostname"),
        "author": data.get("author"), "date": data.get("date"), "url": data.get("url") or url,
        "note": "Importé d'une page web." if url is None else f"Importé de {url}.",
    }
    suggested = name if url is None else (data.get("title") or "page")
    return [_candidate(name, safe_id(suggested), text, {k: v for k, v in values.items() if v})]


def parse_source(name: str, data: bytes, *, url: str | None = None) -> tuple[
        list[ImportCandidate], list[Refusal], list[str]]:
    """Read one source (file name + bytes): (candidates, refused rows, warnings).

    Raises :class:`ImportRefused` when the whole source cannot be read.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(
            name, f"fichier trop volumineux ({_fmt_bytes(len(data))}, maximum {_fmt_bytes(MAX_FILE_BYTES)}) ; "
            "découpez-le en plusieurs fichiers",
        )
    lower = name.lower()
    suffix = "." + lower.rsplit(".", 1)[-1] if "." in lower else ""
    if url is None and suffix not in SUPPORTED_SUFFIXES:
        raise ImportRefused(
            name, f"format « {suffix or 'sans extension'} » non pris en charge "
            f"(formats acceptés : {', '.join(SUPPORTED_SUFFIXES)})",
        )
    raw, encoding = decode_bytes(data, name)
    warnings = []
    if encoding not in ("utf-8", "ascii"):
        warnings.append(f"{name} : encodage détecté {encoding}, converti en UTF-8")
    if url is not None or suffix in HTML_SUFFIXES:
        if is_europresse(raw):
            cands, refusals, more = parse_europresse(name, raw)
        else:
            cands, refusals, more = parse_html(name, raw, url=url), [], []
    elif suffix in (".csv", ".tsv"):
        cands, refusals, more = parse_csv(name, raw)
    elif suffix in (".jsonl", ".json"):
        cands, refusals, more = parse_jsonl(name, raw)
    else:
        if suffix == ".txt" and raw.lstrip().lower().startswith(("<!doctype html", "<html")):
            warnings.append(f"{name} : le fichier .txt contient une page HTML ; texte extrait de la page")
            cands, refusals, more = parse_html(name, raw), [], []
        else:
            cands, refusals, more = parse_text_file(name, raw), [], []
    if encoding not in ("utf-8", "ascii"):
        for c in cands:
            c.meta["note"] = (c.meta["note"] + " " if c.meta["note"] else "") + f"Encodage d'origine : {encoding}."
    return cands, refusals, warnings + more


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


# --------------------------------------------------------------------------- checks

def body_text(text: str, title: str = UNKNOWN) -> str:
    """The cleaned body of a text (what the analysis reads), for duplicate detection."""
    art = Article(id="x", text=text, title=title)
    return text_of(art, segment_article(art), BODY)


def _words(text: str) -> list[str]:
    return _LETTER_RUN.findall(normalise_for_matching(text).lower())


def _shingles(words: list[str], n: int = 5) -> set[int]:
    if len(words) < n:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i:i + n])) for i in range(len(words) - n + 1)}


@dataclass
class _Known:
    id: str
    outlet: str
    exact: str
    shingles: set[int]
    in_batch: bool = False


def _fingerprint(text: str, title: str) -> tuple[str, set[int]]:
    body = body_text(text, title)
    words = _words(body) or _words(text)
    return text_hash(" ".join(words)), _shingles(words)


def _similarity(a: set[int], b: set[int]) -> float:
    """Share of the smaller text's shingles found in the other (containment)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def check_candidates(
    candidates: list[ImportCandidate], corpus_articles: Iterable[Article], *,
    allow_other_language: bool = False, allow_duplicates: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[ImportCandidate], list[Refusal]]:
    """Check candidates against the corpus and each other: (accepted, refused).

    ``progress(done, total)`` is called after each candidate (the comparison with a
    large corpus takes seconds per hundred candidates).

    - empty text or over :data:`MAX_ARTICLE_CHARS`: refused;
    - language other than French: refused unless ``allow_other_language`` (then
      imported with its language code in ``language``);
    - same text (exact, or near: :data:`NEAR_DUPLICATE_THRESHOLD` of 5-word sequences
      in common) as a corpus article or an earlier candidate: when both outlets are
      known and differ, it is shared wire copy, imported and flagged in the note and
      the warnings; otherwise it is a duplicate, refused unless ``allow_duplicates``.
    """
    known = []
    for a in corpus_articles:
        exact, sh = _fingerprint(a.text, a.title)
        known.append(_Known(a.id, a.outlet, exact, sh))
    accepted, refused = [], []
    for done, cand in enumerate(candidates):
        if progress is not None:
            progress(done, len(candidates))
        if not re.search(r"[^\W\d_]", cand.text):
            refused.append(Refusal(cand.source, "aucun texte (le fichier ne contient aucune lettre)"))
            continue
        if len(cand.text) > MAX_ARTICLE_CHARS:
            refused.append(Refusal(
                cand.source, f"article trop long ({len(cand.text):,} caractères, maximum {MAX_ARTICLE_CHARS:,})"
                .replace(",", "\u202f")))
            continue
        lang, _hits = detect_language(cand.text)
        cand.language = lang
        declared = cand.meta.get("language", UNKNOWN)
        if lang not in ("fr", UNKNOWN):
            label = LANGUAGE_NAMES.get(lang, lang)
            if not allow_other_language:
                refused.append(Refusal(
                    cand.source, f"l'article semble écrit en {label}, pas en français ; confirmez pour l'importer "
                    "quand même (option --allow-other-language, ou case « importer malgré la langue » dans l'app)"))
                continue
            cand.meta["language"] = lang
            cand.warnings.append(f"{cand.source} : article en {label}, importé sur confirmation")
        elif declared == UNKNOWN and lang == "fr":
            cand.meta["language"] = "fr"
        exact, sh = _fingerprint(cand.text, cand.meta.get("title", UNKNOWN))
        match, score = None, 0.0
        for k in known:
            s = 1.0 if k.exact == exact else _similarity(sh, k.shingles)
            if s > score:
                match, score = k, s
        if match is not None and score >= NEAR_DUPLICATE_THRESHOLD:
            outlet = cand.meta.get("outlet", UNKNOWN)
            kind = "identique" if match.exact == exact else f"quasi identique ({score:.0%})".replace("%", "\u202f%")
            shared = UNKNOWN not in (outlet, match.outlet) and outlet.casefold() != match.outlet.casefold()
            if shared:
                cand.duplicate_of, cand.similarity = match.id, score
                flag = (f"Reprise probable d'une même dépêche : texte {kind} à l'article {match.id} "
                        f"({match.outlet}).")
                cand.meta["note"] = (cand.meta["note"] + " " if cand.meta["note"] else "") + flag
                cand.warnings.append(f"{cand.source} : texte {kind} à l'article {match.id} ({match.outlet}) : "
                                     "reprise de dépêche, importé et signalé dans la note")
            elif not allow_duplicates:
                where = (f"à « {match.id} », dans ce même import" if match.in_batch
                         else f"à l'article {match.id} déjà présent dans le corpus")
                refused.append(Refusal(
                    cand.source, f"doublon : texte {kind} {where} (média : {match.outlet}) ; "
                    "option --allow-duplicates pour l'importer quand même"))
                continue
            else:
                cand.duplicate_of, cand.similarity = match.id, score
                cand.warnings.append(f"{cand.source} : doublon de {match.id} importé sur confirmation")
        accepted.append(cand)
        known.append(_Known(cand.source, cand.meta.get("outlet", UNKNOWN), exact, sh, in_batch=True))
    return accepted, refused


def missing_required(meta: dict[str, Any]) -> list[str]:
    """French labels of the metadata an analyst must give (outlet, title, date)."""
    labels = {"outlet": "média", "title": "titre", "date": "date"}
    return [label for key, label in labels.items() if meta.get(key, UNKNOWN) in (UNKNOWN, "", None)]


def apply_overrides(cand: ImportCandidate, overrides: dict[str, str | None]) -> None:
    """Set metadata given on the command line or in the form (explicit values win)."""
    for key, value in overrides.items():
        if value in (None, ""):
            continue
        value = normalise_date(value) if key == "date" else normalise_meta_value(value)
        if value is None:
            raise ImportRefused(cand.source, f"date « {overrides[key]} » invalide (attendu AAAA, AAAA-MM ou AAAA-MM-JJ)")
        old = cand.meta.get(key, UNKNOWN)
        if old not in (UNKNOWN, value):
            label = {"outlet": "média", "author": "auteur", "title": "titre"}.get(key, key)
            cand.warnings.append(f"{cand.source} : {label} « {old} » du fichier remplacé par « {value} »")
        cand.meta[key] = value


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
        _fsync_dir(corpus_dir)
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


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


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

    Holds the corpus folder's lock (:func:`analysis.shared_files.folder_lock`) so that a
    concurrent import cannot take the same ids.
    """
    corpus_dir = Path(corpus_dir)
    ensure_writable(str(corpus_dir))
    with folder_lock(corpus_dir):
        return _commit_unlocked(corpus_dir, candidates)


def work_limit_problems(candidates: list[ImportCandidate]) -> list[str]:
    """French reasons why one import of the app would start too much work (empty when within limits)."""
    problems = []
    if len(candidates) > MAX_ARTICLES_PER_IMPORT:
        problems.append(f"{len(candidates)} articles : au plus {MAX_ARTICLES_PER_IMPORT} articles par import ; "
                        "importez-les en plusieurs fois")
    chars = sum(len(c.text) for c in candidates)
    if chars > MAX_IMPORT_CHARS:
        problems.append(f"{chars:,} caractères de texte : au plus {MAX_IMPORT_CHARS:,} caractères par import ; "
                        "importez-les en plusieurs fois".replace(",", "\u202f"))
    return problems


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

    from .corpus import load_corpus

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


# --------------------------------------------------------------------------- one-call import (CLI)

def expand_sources(sources: Iterable[str]) -> list[str]:
    """Folders are replaced by their supported files (sorted, not recursive)."""
    out = []
    for src in sources:
        p = Path(src)
        if not is_url(src) and p.is_dir():
            out += [str(f) for f in sorted(p.iterdir())
                    if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.startswith(".")]
        else:
            out.append(src)
    return out


def load_sources(sources: Iterable[str], *, fetcher: Callable[[str], bytes] | None = None) -> tuple[
        list[ImportCandidate], list[Refusal], list[str]]:
    """Read and parse every source (paths or URLs), with the total size limit."""
    fetcher = fetcher or fetch_url
    cands, refused, warnings = [], [], []
    total = 0
    for src in sources:
        try:
            if is_url(src):
                data = fetcher(src)
                name, url = src, src
            else:
                data = read_source_file(src)
                name, url = Path(src).name, None
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                raise ImportRefused(name, f"limite totale de l'import dépassée ({_fmt_bytes(MAX_TOTAL_BYTES)}) ; "
                                          "importez les fichiers restants en plusieurs fois")
            c, r, w = parse_source(name, data, url=url)
        except ImportRefused as err:
            refused.append(Refusal(err.source, err.reason))
            continue
        cands += c
        refused += r
        warnings += w
    return cands, refused, warnings


def import_sources(
    sources: Iterable[str], corpus_dir: Path | str, *, overrides: dict[str, str | None] | None = None,
    allow_other_language: bool = False, allow_duplicates: bool = False, dry_run: bool = False,
    fetcher: Callable[[str], bytes] | None = None,
) -> ImportOutcome:
    """Read, check and write: what ``python -m analysis import`` does.

    The writing goes through :func:`check_and_commit` (corpus folder lock, check redone if
    another import landed meanwhile); the app's per-import work limits do not apply here.
    """
    from .corpus import load_corpus

    corpus_dir = Path(corpus_dir)
    outcome = ImportOutcome()
    cands, refused, warnings = load_sources(expand_sources(sources), fetcher=fetcher)
    outcome.refused += refused
    outcome.warnings += warnings
    ready = []
    for cand in cands:
        try:
            apply_overrides(cand, overrides or {})
        except ImportRefused as err:
            outcome.refused.append(Refusal(err.source, err.reason))
            continue
        ready.append(cand)
    if not dry_run:
        done = check_and_commit(corpus_dir, ready, allow_other_language=allow_other_language,
                                allow_duplicates=allow_duplicates)
        outcome.written = done.written
        outcome.refused += done.refused
        outcome.warnings += done.warnings
        return outcome
    corpus = load_corpus(corpus_dir) if corpus_dir.is_dir() else None
    accepted, refused = check_candidates(
        ready, corpus.articles if corpus else [], allow_other_language=allow_other_language,
        allow_duplicates=allow_duplicates,
    )
    outcome.refused += refused
    outcome.written = [(c, corpus_dir / f"{safe_id(c.suggested_id)}.txt") for c in accepted]
    for cand in accepted:
        outcome.warnings += cand.warnings
    return outcome
