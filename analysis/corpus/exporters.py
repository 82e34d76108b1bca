"""Export the corpus (metadata + cleaned body) as CSV, JSONL or IRaMuTeQ text.

The body is what the analysis reads: the ``body`` part of :func:`analysis.corpus.clean.segment_article`
(page furniture and reader comments set aside). The IRaMuTeQ format (also read by TXM's
"Alceste/IRaMuTeQ" import) puts each article after a star line::

    **** *outlet_le-monde *genre_analyse *date_2024-02-26 *year_2024 *id_mon-article

Modalities are lower-case ASCII letters, digits and hyphens (IRaMuTeQ splits the
variable from its modality on the first underscore and stops at spaces); asterisks are
removed from the texts since IRaMuTeQ reads a line starting with ``*`` as a marker.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

from .articles import META_FIELDS, UNKNOWN, Corpus
from .clean import BODY, segment_article, text_of
from .shared_files import replace_atomically

FORMATS = ("csv", "jsonl", "iramuteq")
EXPORT_COLUMNS = (*META_FIELDS, "note", "n_chars", "body")


def export_records(corpus: Corpus) -> list[dict]:
    """One dict per article: metadata, note, body length and the cleaned body."""
    rows = []
    for a in corpus.articles:
        body = text_of(a, segment_article(a), BODY)
        rows.append({**a.meta(), "note": a.note, "n_chars": len(body), "body": body})
    return rows


def to_csv(corpus: Corpus) -> str:
    """CSV, comma-separated, every field quoted when needed (newlines stay inside quotes)."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(export_records(corpus))
    return buf.getvalue()


def to_jsonl(corpus: Corpus) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in export_records(corpus))


def modality(value: str) -> str:
    """An IRaMuTeQ modality: ASCII lower case, digits and hyphens; ``inconnu`` when empty."""
    ascii_ = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    return slug or UNKNOWN


def to_iramuteq(corpus: Corpus) -> str:
    parts = []
    for r in export_records(corpus):
        year = r["date"][:4] if re.match(r"^\d{4}", r["date"]) else UNKNOWN
        stars = " ".join([
            "****", f"*outlet_{modality(r['outlet'])}", f"*genre_{modality(r['genre'])}",
            f"*date_{modality(r['date'])}", f"*year_{year}", f"*id_{modality(r['id'])}",
        ])
        body = r["body"].replace("*", " ")
        body = "\n".join(line.strip() for line in body.split("\n") if line.strip())
        parts.append(f"{stars}\n{body}\n")
    return "\n".join(parts)


def export_corpus(corpus: Corpus, fmt: str) -> str:
    if fmt == "csv":
        return to_csv(corpus)
    if fmt == "jsonl":
        return to_jsonl(corpus)
    if fmt == "iramuteq":
        return to_iramuteq(corpus)
    raise ValueError(f"format d'export inconnu : {fmt} (formats : {', '.join(FORMATS)})")


def write_text_atomic(path: Path | str, content: str, *, bom: bool = False) -> Path:
    """Write a text file through a temporary file and ``os.replace`` (never half-written)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, content.encode("utf-8-sig" if bom else "utf-8"))
    return path
