"""Decoding bytes, normalising text, metadata and dates, guessing the language, choosing ids."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from pathlib import Path
from typing import Any

from analysis.corpus.articles import UNKNOWN
from analysis.corpus.textutil import normalise_for_matching

from .records import SUPPORTED_SUFFIXES, ImportRefused

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
#: U+2009) are kept since the analysis reads them (see :mod:`analysis.corpus.textutil`).
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
