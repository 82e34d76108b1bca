"""Parsing sources: plain text, CSV/TSV, JSONL, Europresse exports and web pages into candidates."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable

from analysis.corpus.articles import (
    META_FIELDS,
    UNKNOWN,
    CorpusError,
    parse_metadata,
    split_header,
)

from .normalise import (
    decode_bytes,
    normalise_date,
    normalise_meta_value,
    normalise_text,
    safe_id,
)
from .records import (
    HTML_SUFFIXES,
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    ImportCandidate,
    ImportRefused,
    Refusal,
    _fmt_bytes,
)

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
    :mod:`analysis.corpus.clean` files them as comments.
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
