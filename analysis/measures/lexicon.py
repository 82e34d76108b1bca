"""Analyst-editable term lists and the frame codebook: validation, last-valid fallback, matching.

Two files in ``data/`` (see docs/method.md, "Sovereignty and framing"):

- ``sovereignty.yaml``: the lexical field of « souveraineté » (``terms:``);
- ``frames.yaml``: the frame codebook (``frames:``), each frame with its indicators.

**Term syntax** (one string per term, matched token by token by :class:`TermMatcher`):

- a plain word matches any inflection of it: the token's lemma *or* its form, lower-cased
  and accent-folded (``souveraine`` matches ``souveraines``, ``Souveraine``, ``SOUVERAINE``;
  ``Etats-Unis`` matches ``États-Unis``);
- a word ending with ``*`` matches any form starting with it (``souverain*``);
- a standalone ``~`` matches zero to three arbitrary words (``dépendance ~ américain``);
- several words form a multiword term; hyphens and elisions are tokenised like the text
  (``capital-risque`` is three tokens, ``d'indépendance`` is ``d'`` + ``indépendance``).

**Bad input**: a file with a YAML syntax error, an unknown key or a wrong value is refused
with the file, the line and the reason (:class:`LexiconError`); the last valid parse of
that file (kept in memory and on disk under the cache folder) stays in use, else the
shipped default in ``analysis/resources/``.
"""
from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from analysis.corpus.textutil import text_hash
from analysis.engine.tokens import TokenTable
from analysis.knowledge import RESOURCES_DIR, Knowledge, yaml_error_location

SOVEREIGNTY_FILE = "sovereignty.yaml"
FRAMES_FILE = "frames.yaml"
POLARITIES = ("threat", "compatible", "neutral")
GAP_WORDS = 3  # "~" in a term: zero to this many arbitrary words

#: Policy Frames Codebook dimensions (Boydstun, Gross, Resnik & Smith 2014), English name -> French label.
PFC_DIMENSIONS = {
    1: ("Economic", "Économie"),
    2: ("Capacity and resources", "Capacités et ressources"),
    3: ("Morality", "Morale"),
    4: ("Fairness and equality", "Équité et égalité"),
    5: ("Legality, constitutionality and jurisprudence", "Légalité et droit"),
    6: ("Policy prescription and evaluation", "Prescription et évaluation des politiques"),
    7: ("Crime and punishment", "Crime et sanction"),
    8: ("Security and defense", "Sécurité et défense"),
    9: ("Health and safety", "Santé et sécurité sanitaire"),
    10: ("Quality of life", "Qualité de vie"),
    11: ("Cultural identity", "Identité culturelle"),
    12: ("Public opinion", "Opinion publique"),
    13: ("Political", "Politique"),
    14: ("External regulation and reputation", "Régulation extérieure et réputation"),
    15: ("Other", "Autre"),
}

_APOS = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


@functools.lru_cache(maxsize=200_000)
def fold(s: str) -> str:
    """Lower-case, typographic apostrophes -> ', accents removed (État -> etat)."""
    s = unicodedata.normalize("NFD", s.lower().translate(_APOS))
    return "".join(c for c in s if not unicodedata.combining(c))


class LexiconError(ValueError):
    """A refused knowledge file: ``file``, ``line`` (1-based or None) and ``reason`` (French)."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = Path(path), reason, line
        where = self.path.name + (f", ligne {line}" if line else "")
        super().__init__(f"{where} : {reason}")

    def record(self) -> dict:
        return {"file": self.path.name, "line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class Term:
    term: str
    weight: float = 1.0
    polarity: str = "neutral"  # for the sovereignty field: does the term itself imply a threat?


@dataclass(frozen=True)
class Frame:
    id: str
    label: str
    description: str
    pfc_dimension: int
    indicators: tuple[Term, ...]
    stance: str = "neutral"  # threat | compatible | neutral: how the frame bears on sovereignty
    pfc_secondary: int | None = None


@dataclass
class Loaded:
    """What a loader returns: the value in use, and the refusal of the current file if any."""

    value: object
    source: str  # "data" | "last_valid" | "default"
    errors: list[LexiconError] = field(default_factory=list)


# --------------------------------------------------------------------------- validation

def _line(node) -> int:
    return node.start_mark.line + 1


def _scalar(node, path, what, kinds=(str,)):
    if not isinstance(node, yaml.ScalarNode):
        raise LexiconError(path, f"{what} : une valeur simple est attendue", _line(node))
    value = yaml.safe_load(yaml.serialize(node))
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise LexiconError(path, f"{what} : valeur invalide « {node.value} »", _line(node))
    return value


def _mapping(node, path, what, allowed: dict[str, bool]) -> dict[str, object]:
    """Keys -> value nodes; unknown keys and missing required keys are refused."""
    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(path, f"{what} : un dictionnaire (clé: valeur) est attendu", _line(node))
    out = {}
    for k, v in node.value:
        key = k.value if isinstance(k, yaml.ScalarNode) else None
        if key not in allowed:
            raise LexiconError(
                path, f"clé inconnue « {key} » dans {what} (clés permises : {', '.join(allowed)})", _line(k)
            )
        if key in out:
            raise LexiconError(path, f"clé « {key} » en double dans {what}", _line(k))
        out[key] = v
    missing = [k for k, req in allowed.items() if req and k not in out]
    if missing:
        raise LexiconError(path, f"{what} : clé obligatoire manquante « {missing[0]} »", _line(node))
    return out


def _check_term_syntax(term: str, path, node) -> str:
    term = " ".join(term.split())
    if not term or term == "~" or not re.search(r"\w", term):
        raise LexiconError(path, f"terme vide ou sans lettre : « {term} »", _line(node))
    parts = term.split(" ")
    if parts[0] == "~" or parts[-1] == "~":
        raise LexiconError(path, f"« ~ » ne peut ni commencer ni finir un terme : « {term} »", _line(node))
    for p in parts:
        if "*" in p and (not p.endswith("*") or p.count("*") > 1 or len(p) < 4):
            raise LexiconError(
                path, f"« * » seulement en fin de mot, après au moins 3 lettres : « {term} »", _line(node)
            )
    return term


def _term(node, path, what, polarity_allowed: bool) -> Term:
    if isinstance(node, yaml.ScalarNode):
        return Term(_check_term_syntax(_scalar(node, path, what), path, node))
    keys = {"term": True, "weight": False, "note": False}
    if polarity_allowed:
        keys["polarity"] = False
    m = _mapping(node, path, what, keys)
    term = _check_term_syntax(_scalar(m["term"], path, f"{what} / term"), path, m["term"])
    weight = float(_scalar(m["weight"], path, f"{what} / weight", (int, float))) if "weight" in m else 1.0
    if not 0 < weight <= 10:
        raise LexiconError(path, f"{what} / weight : doit être entre 0 et 10", _line(m["weight"]))
    polarity = _scalar(m["polarity"], path, f"{what} / polarity") if "polarity" in m else "neutral"
    if polarity not in POLARITIES:
        raise LexiconError(path, f"polarity « {polarity} » invalide (permis : {', '.join(POLARITIES)})",
                           _line(m["polarity"]))
    return Term(term, weight, polarity)


def _compose(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(path, f"fichier non UTF-8 ({exc.reason})") from exc
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        line, problem = yaml_error_location(exc)
        raise LexiconError(path, f"YAML invalide : {problem}", line) from exc
    if root is None:
        raise LexiconError(path, "fichier vide")
    return root


def parse_sovereignty(path: Path | str) -> list[Term]:
    """Validate and parse ``sovereignty.yaml``; raise :class:`LexiconError` with file and line."""
    path = Path(path)
    root = _mapping(_compose(path), path, "le fichier", {"terms": True, "note": False})
    node = root["terms"]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise LexiconError(path, "terms : une liste non vide est attendue", _line(node))
    terms = [_term(n, path, f"terms[{i}]", polarity_allowed=True) for i, n in enumerate(node.value)]
    _no_duplicates([(t.term, n) for t, n in zip(terms, node.value)], path)
    return terms


def parse_frames(path: Path | str) -> list[Frame]:
    """Validate and parse ``frames.yaml``; raise :class:`LexiconError` with file and line."""
    path = Path(path)
    root = _mapping(_compose(path), path, "le fichier", {"frames": True, "note": False})
    node = root["frames"]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise LexiconError(path, "frames : une liste non vide est attendue", _line(node))
    frames, seen = [], set()
    allowed = {"id": True, "label": True, "description": True, "pfc_dimension": True, "indicators": True,
               "stance": False, "pfc_secondary": False, "note": False}
    for i, fnode in enumerate(node.value):
        m = _mapping(fnode, path, f"frames[{i}]", allowed)
        fid = _scalar(m["id"], path, f"frames[{i}] / id")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", fid):
            raise LexiconError(path, f"id « {fid} » : minuscules, chiffres et _ seulement", _line(m["id"]))
        if fid in seen:
            raise LexiconError(path, f"id de cadre « {fid} » en double", _line(m["id"]))
        seen.add(fid)
        dims = {}
        for key in ("pfc_dimension", "pfc_secondary"):
            if key in m:
                d = _scalar(m[key], path, f"{fid} / {key}", (int,))
                if d not in PFC_DIMENSIONS:
                    raise LexiconError(path, f"{fid} / {key} : dimension {d} inconnue (1 à 15)", _line(m[key]))
                dims[key] = d
        stance = _scalar(m["stance"], path, f"{fid} / stance") if "stance" in m else "neutral"
        if stance not in POLARITIES:
            raise LexiconError(path, f"{fid} / stance « {stance} » invalide (permis : {', '.join(POLARITIES)})",
                               _line(m["stance"]))
        inode = m["indicators"]
        if not isinstance(inode, yaml.SequenceNode) or not inode.value:
            raise LexiconError(path, f"{fid} / indicators : une liste non vide est attendue", _line(inode))
        inds = [_term(n, path, f"{fid} / indicators[{j}]", polarity_allowed=False) for j, n in enumerate(inode.value)]
        _no_duplicates([(t.term, n) for t, n in zip(inds, inode.value)], path)
        frames.append(Frame(
            id=fid, label=_scalar(m["label"], path, f"{fid} / label"),
            description=" ".join(_scalar(m["description"], path, f"{fid} / description").split()),
            pfc_dimension=dims["pfc_dimension"], pfc_secondary=dims.get("pfc_secondary"),
            indicators=tuple(inds), stance=stance,
        ))
    return frames


def _no_duplicates(items, path):
    seen = set()
    for term, node in items:
        key = fold(term)
        if key in seen:
            raise LexiconError(path, f"terme « {term} » en double", _line(node))
        seen.add(key)


# --------------------------------------------------------------------------- last valid parse

#: In-memory last valid parse, per absolute file path.
_LAST_VALID: dict[str, object] = {}


def _store_dir() -> Path:
    from analysis.engine.nlp import DEFAULT_CACHE_DIR

    return Path(os.environ.get("ANALYSIS_CACHE_DIR", DEFAULT_CACHE_DIR)) / "knowledge"


def _to_json(value) -> str:
    return json.dumps([asdict(v) for v in value], ensure_ascii=False)


def _from_json(text: str, kind: str):
    items = json.loads(text)
    if kind == FRAMES_FILE:
        return [Frame(**{**d, "indicators": tuple(Term(**t) for t in d["indicators"])}) for d in items]
    return [Term(**d) for d in items]


def load_with_fallback(path: Path | str, parser, *, store_dir: Path | None = None) -> Loaded:
    """Parse ``path``; when refused, use the last valid parse (memory, then disk), else the default.

    The last valid parse is written to ``<store_dir>/<file name>.last_valid.json`` (never
    into ``data/``).
    """
    path = Path(path)
    store = Path(store_dir) if store_dir else _store_dir()
    disk = store / f"{path.name}.{text_hash(str(path.resolve()))[:10]}.last_valid.json"
    default = RESOURCES_DIR / f"default_{path.name}"
    try:
        if not path.exists():
            raise FileNotFoundError(path)
        value = parser(path)
    except FileNotFoundError:
        return Loaded(parser(default), "default")
    except LexiconError as err:
        key = str(path.resolve())
        if key in _LAST_VALID:
            return Loaded(_LAST_VALID[key], "last_valid", [err])
        if disk.exists():
            try:
                value = _from_json(disk.read_text(encoding="utf-8"), path.name)
                _LAST_VALID[key] = value
                return Loaded(value, "last_valid", [err])
            except Exception:  # a corrupt store is ignored
                pass
        return Loaded(parser(default), "default", [err])
    _LAST_VALID[str(path.resolve())] = value
    try:
        store.mkdir(parents=True, exist_ok=True)
        tmp = disk.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(_to_json(value), encoding="utf-8")
        os.replace(tmp, disk)
    except OSError:  # a read-only cache folder must not stop the analysis
        pass
    return Loaded(value, "data")


def load_sovereignty(knowledge: Knowledge) -> Loaded:
    return knowledge.get("sovereignty", lambda k: load_with_fallback(k.data_dir / SOVEREIGNTY_FILE, parse_sovereignty))


def load_frames(knowledge: Knowledge) -> Loaded:
    return knowledge.get("frames", lambda k: load_with_fallback(k.data_dir / FRAMES_FILE, parse_frames))


# --------------------------------------------------------------------------- matching

# Hand-written rather than spaCy's ``Matcher``: a term is a short sequence of exact folded
# strings, prefixes and small gaps, which an index on the first word matches in one dict
# lookup per token. spaCy's Matcher evaluated every pattern state on every token, and the
# optional gap tokens ("~" = three ``{"OP": "?"}``) multiplied those states: it cost about
# 30 ms per article (a third of the parse), this costs about 1 ms. ``tests/unit/
# test_framing.py`` checks both give the same matches on the bundled corpus.
LEMMA, FORM, PREFIX, GAP = range(4)


def token_keys(tokens) -> tuple[list[str], list[str]]:
    """Folded forms and folded lemmas of every token (what terms are compared with), from
    the doc's :class:`~analysis.engine.tokens.TokenTable`."""
    return list(map(fold, tokens.text)), list(map(fold, tokens.lemma))


def _parse_words(words, nlp) -> dict[str, object]:
    """Parse the plain words of many terms in one batch (tagger + lemmatizer only)."""
    words = sorted(set(words))
    skip = [p for p in ("parser", "ner", "newline_sentence_starts") if p in nlp.pipe_names]
    return dict(zip(words, nlp.pipe(words, disable=skip)))


def term_elements(term: str, nlp, parsed: dict | None = None) -> list[tuple[tuple[int, str], ...]]:
    """The token sequences one term matches (see module doc for the syntax).

    Each sequence is a tuple of ``(kind, value)``: LEMMA or FORM (equal to the token's
    folded lemma or form), PREFIX (the folded form starts with it), GAP (zero to
    :data:`GAP_WORDS` tokens). A term gives two sequences, all lemmas or all forms, unless
    they are the same. ``parsed`` maps a word to its parse (from :func:`_parse_words`)."""
    lemma_seq: list[tuple[int, str]] = []
    form_seq: list[tuple[int, str]] = []
    for part in term.split(" "):
        if part == "~":
            lemma_seq.append((GAP, ""))
            form_seq.append((GAP, ""))
        elif part.endswith("*"):
            lemma_seq.append((PREFIX, fold(part[:-1])))
            form_seq.append((PREFIX, fold(part[:-1])))
        else:
            doc = parsed[part] if parsed and part in parsed else nlp(part)
            lemma_seq += [(LEMMA, fold(t.lemma_)) for t in doc]
            form_seq += [(FORM, fold(t.text)) for t in doc]
    return [tuple(lemma_seq)] if lemma_seq == form_seq else [tuple(lemma_seq), tuple(form_seq)]


def _ends(seq, k: int, i: int, forms: list[str], lemmas: list[str], out: set[int]) -> None:
    """Add to ``out`` every end index of ``seq[k:]`` matched from token ``i``."""
    n = len(forms)
    while k < len(seq):
        kind, value = seq[k]
        if kind == GAP:
            for g in range(GAP_WORDS + 1):
                if i + g <= n:
                    _ends(seq, k + 1, i + g, forms, lemmas, out)
            return
        if i >= n:
            return
        if kind == LEMMA:
            ok = lemmas[i] == value
        elif kind == FORM:
            ok = forms[i] == value
        else:
            ok = forms[i].startswith(value)
        if not ok:
            return
        k, i = k + 1, i + 1
    out.add(i)


@dataclass(frozen=True)
class Match:
    key: str  # the term (or "frame_id\tterm" for frame indicators)
    start: int  # character offsets
    end: int
    tok_start: int
    tok_end: int


class TermMatcher:
    """All terms of a list, indexed by their first word; longest match wins on overlaps,
    then the earliest, then the term listed first."""

    def __init__(self, keyed_terms: list[tuple[str, str]], nlp):
        parsed = _parse_words((p for _, term in keyed_terms for p in term.split(" ")
                               if p != "~" and not p.endswith("*")), nlp)
        self.keys = [key for key, _ in keyed_terms]
        self._candidates: dict[tuple[str, str], list[tuple[int, tuple]]] = {}
        #: first element (kind, value) -> [(term rank, sequence)]
        self.by_first: dict[tuple[int, str], list[tuple[int, tuple]]] = {}
        #: first three letters of a leading prefix -> [(prefix, term rank, sequence)]
        self.prefixes: dict[str, list[tuple[str, int, tuple]]] = {}
        for rank, (_, term) in enumerate(keyed_terms):
            for seq in term_elements(term, nlp, parsed):
                kind, value = seq[0]
                if kind == PREFIX:
                    self.prefixes.setdefault(value[:3], []).append((value, rank, seq))
                else:
                    self.by_first.setdefault(seq[0], []).append((rank, seq))

    def raw_matches(self, forms: list[str], lemmas: list[str]) -> set[tuple[int, int, int]]:
        """Every (term rank, start token, end token) matched, overlaps included."""
        found: set[tuple[int, int, int]] = set()
        cands_of = self._candidates
        for i, (pair, cands) in enumerate(zip(zip(forms, lemmas), map(cands_of.get, zip(forms, lemmas)))):
            if cands is None:
                cands = cands_of[pair] = self._first_word_candidates(*pair)
            for rank, seq in cands:
                ends: set[int] = set()
                _ends(seq, 1, i + 1, forms, lemmas, ends)
                found.update((rank, i, e) for e in ends)
        return found

    def _first_word_candidates(self, form: str, lemma: str) -> list[tuple[int, tuple]]:
        """The sequences whose first element a token with this form and lemma matches
        (memoised per (form, lemma) in :meth:`raw_matches`: most tokens match none)."""
        by_first = self.by_first
        cands = by_first.get((LEMMA, lemma), []) + by_first.get((FORM, form), [])
        cands += [(rank, seq) for prefix, rank, seq in self.prefixes.get(form[:3], ()) if form.startswith(prefix)]
        return cands

    def __call__(self, doc, *, keys: tuple[list[str], list[str]] | None = None,
                 overlapping_keys: bool = False) -> list[Match]:
        """Matches in ``doc`` (``keys``: its :func:`token_keys`, when already computed)."""
        forms, lemmas = keys or token_keys(TokenTable.of(doc))
        raw = sorted(self.raw_matches(forms, lemmas), key=lambda x: (-(x[2] - x[1]), x[1], x[0]))
        kept: list[tuple[str, int, int]] = []
        for rank, s, e in raw:
            key = self.keys[rank]
            group = key.split("\t")[0] if overlapping_keys else ""
            if any(s < ke and ks < e and (not overlapping_keys or kk.split("\t")[0] == group) for kk, ks, ke in kept):
                continue
            kept.append((key, s, e))
        kept.sort(key=lambda x: x[1])
        return [Match(k, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), s, e) for k, s, e in kept]


def sovereignty_matcher(knowledge: Knowledge, nlp) -> tuple[TermMatcher, dict[str, Term]]:
    terms = load_sovereignty(knowledge).value
    return knowledge.get(
        "sovereignty_matcher", lambda k: (TermMatcher([(t.term, t.term) for t in terms], nlp), {t.term: t for t in terms})
    )


def frames_matcher(knowledge: Knowledge, nlp) -> tuple[TermMatcher, list[Frame]]:
    frames = load_frames(knowledge).value
    keyed = [(f"{f.id}\t{t.term}", t.term) for f in frames for t in f.indicators]
    return knowledge.get("frames_matcher", lambda k: (TermMatcher(keyed, nlp), frames))
