"""French tone (sentiment) from a polarity lexicon, decomposed and with its evidence.

Lexicons: the general French VADER lexicon (``resources/vader_fr``, MIT) overridden by the
analyst-editable domain lexicon ``data/tone_domain.tsv`` (words and multiword expressions,
press vocabulary; Pattern's French adjectives were compared and not adopted: docs/method.md).
Matching uses the spaCy parse of the article (forms and lemmas, elision split, case
folded). Each charged word or expression gets a weight on VADER's -4 … +4 scale, changed by
the words before it: intensifiers (très ×1.3), attenuators (un peu ×0.5; "peu" alone
×-0.5, "peu fiable" means "not reliable"), negation (ne … pas/plus/jamais/rien/aucun,
sans, ni: ×-0.74; "pas du tout": ×-1; one negator negates the first charged word of its
clause; a negated negative word is denied, weight 0; "pas moins de", "non seulement" and
"jamais un tel" do not negate), and capitals in a sentence that is not all capitals
(±0.733, VADER's constant).

Per sentence, ``tone`` is VADER's normalised sum of weights, in [-1, 1]. Per article and
voice (the journalist, the quoted voices, reader comments): GDELT-style shares of words
(positive share, negative share, polarity = share of charged words) and the net tone,
the balance of the distinct charged words (:func:`balance`), with the evidence it rests on
(distinct charged words, sentences; ``low_evidence`` when too little). Sentences in
another language are flagged and not scored; a voice with fewer than :data:`MIN_WORDS`
words gets no score (None).

Pure functions of the parse, the text and the knowledge files; no model download.
"""
from __future__ import annotations

import bisect
import csv
import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import yaml

from analysis.corpus.clean import BODY, BOILERPLATE, COMMENT
from analysis.corpus.textutil import SpanIndex, normalise_for_matching
from analysis.engine.tokens import TokenTable
from analysis.knowledge import RESOURCES_DIR, yaml_error_location

from .actors import Registry, load_registry
from .sums import corpus_sums, target_sums, to_float, voice_sums

BASE_LEXICON = RESOURCES_DIR / "vader_fr" / "fr_lexicon.txt"
DOMAIN_FILE = "tone_domain.tsv"
TARGETS_FILE = "tone_targets.yaml"

#: A voice (or an article) with fewer words than this gets no tone (None), not a zero.
MIN_WORDS = 20
#: Net tone's prior (VADER scale) in the denominator of the balance: the weight of one of the
#: strongest words. A score resting on one word of weight w is w / (|w| + 4), at most 0.5; it
#: moves toward ±1 only as evidence piles up (see :func:`balance`).
SCORE_PRIOR = 4.0
#: A score resting on fewer distinct charged words, or fewer scored sentences, is marked
#: ``low_evidence`` and does not set the colour scale of the charts.
LOW_EVIDENCE_WORDS = 5
LOW_EVIDENCE_SENTENCES = 3
#: VADER's normalisation constant: tone = s / sqrt(s² + alpha).
ALPHA = 15.0
#: VADER's negation scalar; "pas du tout" negates fully.
NEGATION = -0.74
FULL_NEGATION = -1.0
#: VADER's bonus for a word in capitals inside a sentence that is not all capitals.
CAPS_BONUS = 0.733
WEIGHT_BOUND = 4.0

INTENSIFIERS = {
    w: 1.3 for w in (
        "très absolument carrément complètement considérablement extrêmement fortement "
        "hautement profondément particulièrement tellement terriblement totalement "
        "vraiment énormément incroyablement infiniment sacrément trop hyper ultra super "
        "incontestablement parfaitement sacré sacrée fort forte forts fortes vif vive vifs vives "
        "véritable véritables vrai vraie vrais vraies énorme énormes"
    ).split()
}
ATTENUATORS = {w: 0.5 for w in "assez plutôt légèrement quasiment presque relativement moyennement".split()}
#: Multiword modifiers (checked before single words): words -> (factor, kind).
MULTI_MODIFIERS = {
    ("un", "peu"): (0.5, "atténuateur"),
    ("quelque", "peu"): (0.5, "atténuateur"),
    ("à", "peine"): (0.5, "atténuateur"),
    ("pas", "du", "tout"): (FULL_NEGATION, "négation"),
    ("absolument", "pas"): (FULL_NEGATION, "négation"),
    ("pas", "vraiment"): (NEGATION, "négation"),
}
#: "peu" alone before an adjective reverses and weakens: "peu fiable" ≈ "pas fiable".
PEU_FACTOR = -0.5
NE = {"ne", "n'"}
#: Negators that negate on their own ("pas bon", "sans succès", "aucun doute").
NEGATORS = {"pas", "jamais", "rien", "aucun", "aucune", "aucunement", "nullement", "guère", "sans", "ni", "non"}
#: Negators after the charged word, when a "ne" precedes it: "ne réussit pas/plus".
POST_NEGATORS = {"pas", "plus", "jamais", "rien", "guère", "point", "aucunement", "nullement"}
#: A negator followed by one of these is a pseudo-negation, not a negation: "pas moins de
#: cinquante maisons détruites", "non seulement", "pas seulement" (NegEx, Chapman et al. 2001).
PSEUDO_NEGATION_NEXT = {"moins", "seulement", "uniquement", "simplement"}
#: "jamais" with one of these before the charged word says "never so much": "jamais un tel
#: désastre", "n'a jamais été aussi bas". It intensifies (×1.3, as "très") instead of negating.
DEGREE_WORDS = {"aussi", "autant", "si", "tant", "tel", "telle", "tels", "telles", "pareil", "pareille",
                "pareils", "pareilles"}
EMPHATIC_NEVER = 1.3
#: A negated negative word is weakened, not reversed into praise: "pas déchirée", "sans
#: provoquer de réaction" deny a harm without praising (Taboada et al. 2011, Computational
#: Linguistics 37(2): negation shifts rather than flips, "not terrible" stays mildly negative;
#: Zhu et al. 2014, ACL: reversing the sign is a poor estimate of negated sentiment). Factor on
#: top of :data:`NEGATION`; 0 was chosen among 1 (VADER's flip), 0.5 and 0 on the development
#: set and the seeds (leave-one-out figure in docs/method.md).
NEGATED_NEGATIVE = 0.0
REFLEXIVES = {"se", "s'", "me", "m'", "te", "t'", "nous", "vous"}
NEG_WINDOW = 5
MOD_WINDOW = 2
_ELISION = re.compile(r"^(?:qu|jusqu|lorsqu|puisqu|quoiqu|[ldjmtnsc])'(?=\w)", re.I)
_CLAUSE_BREAK = set(",;:!?.()[]«»\"“”—–…")

#: Sentence tone status codes (sentences.csv ``tone_status``) and their French labels.
STATUS_LABELS = {
    "scored": "évaluée",
    "other_language": "autre langue : non évaluée",
    "no_words": "sans mots : non évaluée",
    "boilerplate": "hors texte : non évaluée",
}
#: Voices: code -> French label (app).
VOICES = {
    "all": "Texte du média (toutes voix)",
    "journalist": "Voix du journaliste",
    "quoted": "Voix citées",
    "comments": "Commentaires de lecteurs",
}
ARTICLE_VOICE_SUFFIX = {"all": "", "journalist": "_journalist", "quoted": "_quoted", "comments": "_comments"}


class ToneFileError(ValueError):
    def __init__(self, path: Path | str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = Path(path), reason, line
        super().__init__(f"{self.path.name}" + (f", ligne {line}" if line else "") + f" : {reason}")


# --------------------------------------------------------------------------- lexicon

@functools.lru_cache(maxsize=300_000)
def norm_word(text: str) -> str:
    """Lower case, typographic apostrophes folded, elided article/pronoun removed (l'échec -> échec)."""
    w = normalise_for_matching(text).lower().strip()
    if len(w) > 2:
        w = _ELISION.sub("", w)
    return w


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]
    weight: float
    source: str  # "général" (VADER FR) or "domaine" (data/tone_domain.tsv)
    rationale: str = ""

    @property
    def expression(self) -> str:
        return " ".join(self.words).replace("' ", "'")


def _split_expression(expr: str) -> tuple[str, ...]:
    expr = normalise_for_matching(expr).lower().strip()
    return tuple(t for t in re.sub(r"(\w')", r"\1 ", expr).split() if t)


@dataclass
class Lexicon:
    """The domain lexicon takes precedence over the general one, for forms and lemmas alike."""

    base: dict[tuple[str, ...], Entry] = field(default_factory=dict)
    domain: dict[tuple[str, ...], Entry] = field(default_factory=dict)

    def __post_init__(self):
        self.layers = []
        for entries in (self.domain, self.base):
            by_first: dict[str, list[Entry]] = {}
            for e in entries.values():
                if len(e.words) > 1:
                    by_first.setdefault(e.words[0], []).append(e)
            for lst in by_first.values():
                lst.sort(key=lambda e: -len(e.words))
            self.layers.append((entries, by_first))

        self._candidates: dict = {}

    def __len__(self) -> int:
        return len({**self.base, **self.domain})

    def candidates(self, w: "WordKeys") -> tuple:
        """Per layer (domain, then general): the expressions that may start at a word with
        keys ``w`` (longest first) and the single-word entry it matches, if any. Computed
        once per distinct word: most words of a corpus recur."""
        found = self._candidates.get(w)
        if found is None:
            found = []
            for entries, by_first in self.layers:
                multis = [e for key in w.multi_keys for e in by_first.get(key, ())]
                # the curated domain lexicon is matched on the lemma whatever the part of speech
                keys = w.match_keys if entries is self.domain else w.keys
                single = next((entries[(k,)] for k in keys if (k,) in entries), None)
                if multis or single is not None:
                    found.append((multis, single))
            found = self._candidates[w] = tuple(found)
        return found


def parse_base_lexicon(text: str) -> dict[tuple[str, ...], Entry]:
    out = {}
    for line in text.splitlines():
        word, sep, weight = line.rpartition("->")
        if not sep or not word.strip():
            continue
        try:
            w = float(weight)
        except ValueError:
            continue
        words = _split_expression(word)
        if words:
            out[words] = Entry(words, w, "général")
    return out


def parse_domain_lexicon(text: str, path: Path | str = DOMAIN_FILE) -> dict[tuple[str, ...], Entry]:
    """Validate the domain TSV (expression, weight, rationale); errors name the line."""
    out: dict[tuple[str, ...], Entry] = {}
    header_seen = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader([line], delimiter="\t"))]
        if not header_seen and cells and cells[0].lower() == "expression":
            header_seen = True
            continue
        if len(cells) < 3 or not cells[2]:
            raise ToneFileError(path, "attendu 3 colonnes séparées par des tabulations : expression, poids, justification", n)
        try:
            weight = float(cells[1].replace(",", "."))
        except ValueError:
            raise ToneFileError(path, f"poids « {cells[1]} » non numérique", n) from None
        if not -WEIGHT_BOUND <= weight <= WEIGHT_BOUND:
            raise ToneFileError(path, f"poids {weight} hors de l'échelle -4 … +4", n)
        words = _split_expression(cells[0])
        if not words:
            raise ToneFileError(path, "expression vide", n)
        if words in out:
            raise ToneFileError(path, f"« {cells[0]} » figure deux fois", n)
        out[words] = Entry(words, weight, "domaine", cells[2])
    return out


def build_lexicon(base: dict, domain: dict) -> Lexicon:
    return Lexicon(base, domain)


def load_lexicon(knowledge) -> Lexicon:
    def _load(k):
        base = parse_base_lexicon(BASE_LEXICON.read_text(encoding="utf-8"))
        path = Path(k.data_dir) / DOMAIN_FILE
        domain = parse_domain_lexicon(path.read_text(encoding="utf-8"), path) if path.exists() else {}
        return build_lexicon(base, domain)

    return knowledge.get("tone_lexicon", _load)


# --------------------------------------------------------------------------- targets

@dataclass(frozen=True)
class Target:
    label: str
    actors: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()

    def covers(self, actor) -> bool:
        return actor.name in self.actors or bool(self.groups & set(actor.groups)) or actor.role in self.roles


def parse_targets(text: str, registry: Registry, path: Path | str = TARGETS_FILE) -> list[Target]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        line, problem = yaml_error_location(exc)
        raise ToneFileError(path, f"YAML invalide ({problem})", line) from None
    if not isinstance(data, dict) or not isinstance(data.get("targets"), dict):
        raise ToneFileError(path, "attendu une clé « targets: » suivie des cibles")
    known_groups = {g for a in registry.actors for g in a.groups}
    out = []
    for label, spec in data["targets"].items():
        spec = spec or {}
        if not isinstance(spec, dict) or set(spec) - {"actors", "groups", "roles"}:
            raise ToneFileError(path, f"cible « {label} » : clés admises actors, groups, roles")
        for name in spec.get("actors") or []:
            if registry.actors and registry.by_name(name) is None:
                raise ToneFileError(path, f"cible « {label} » : acteur « {name} » absent de actors.yaml")
        for g in spec.get("groups") or []:
            if registry.actors and g not in known_groups:
                raise ToneFileError(path, f"cible « {label} » : groupe « {g} » absent de actors.yaml")
        out.append(Target(str(label), frozenset(spec.get("actors") or ()), frozenset(spec.get("groups") or ()),
                          frozenset(spec.get("roles") or ())))
    return out


def load_targets(knowledge) -> list[Target]:
    def _load(k):
        path = Path(k.data_dir) / TARGETS_FILE
        if not path.exists():
            return []
        return parse_targets(path.read_text(encoding="utf-8"), load_registry(k), path)

    return knowledge.get("tone_targets", _load)


# --------------------------------------------------------------------------- language

@functools.lru_cache(maxsize=1)  # lazy: importing spaCy's word lists imports spaCy (not on warm runs)
def _stop_words() -> dict[str, frozenset[str]]:
    from spacy.lang.de.stop_words import STOP_WORDS as de
    from spacy.lang.en.stop_words import STOP_WORDS as en
    from spacy.lang.es.stop_words import STOP_WORDS as es
    from spacy.lang.fr.stop_words import STOP_WORDS as fr
    from spacy.lang.it.stop_words import STOP_WORDS as it

    sets = {"fr": set(fr), "en": set(en), "de": set(de), "es": set(es), "it": set(it)}
    # keep words that belong to one language only ("a", "on", "son" are ambiguous)
    return {
        lang: frozenset(w for w in words if len(w) > 1 and not any(w in o for l2, o in sets.items() if l2 != lang))
        for lang, words in sets.items()
    }


@functools.lru_cache(maxsize=1)
def _stop_word_language() -> dict[str, str]:
    """Stop word -> its language (the lists are exclusive: one language per word)."""
    return {w: lang for lang, words in _stop_words().items() for w in words}


_LANG_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str, min_hits: int = 2) -> str | None:
    """Language of a sentence by exclusive stop words (fr, en, de, es, it); None if unsure.

    French wins ties; another language needs at least ``min_hits`` of its stop words and
    more than twice the French ones.
    """
    counts = dict.fromkeys(_stop_words(), 0)
    for lang in map(_stop_word_language().get, map(str.lower, _LANG_WORD.findall(normalise_for_matching(text)))):
        if lang:
            counts[lang] += 1
    best = max((l for l in counts if l != "fr"), key=lambda l: counts[l])
    if counts[best] >= min_hits and counts[best] > 2 * counts["fr"]:
        return best
    if counts["fr"] > 0:
        return "fr"
    return None


# --------------------------------------------------------------------------- scoring

@dataclass(frozen=True)
class Hit:
    """One charged word or expression in a sentence (a row of tone_evidence)."""

    start: int
    end: int
    word: str
    lemma: str
    base_weight: float
    weight: float
    source: str
    modifiers: tuple[str, ...]
    rationale: str = ""


#: Parts of speech whose lemma is not looked up (spaCy lemmatises "sous" as "sou").
_NO_LEMMA_POS = {"ADP", "DET", "PRON", "AUX", "CCONJ", "SCONJ", "PUNCT", "NUM", "SYM"}


def _singular(word: str) -> str | None:
    """Plural fallback for multiword expressions ("douches froides")."""
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else None


@dataclass(frozen=True, eq=False)  # hashed by identity: word_keys() returns one object per word
class WordKeys:
    """What the scorer compares of one token, computed once per distinct (form, lemma, part
    of speech) and shared by every occurrence (most words recur across a corpus)."""

    raw: str  # lower case, typographic apostrophes folded
    low: str  # ... and an elided article removed (norm_word)
    keys: tuple[str, ...]  # single-word lookup keys: form, then lemma for content words
    match_keys: tuple[str, ...]  # keys for the domain lexicon and first words of expressions
    multi_keys: tuple[str, ...]  # match_keys + the singular of a plural form
    has_alpha: bool
    upper: bool  # a word in capitals (more than one letter)
    clause_break: bool


@functools.lru_cache(maxsize=300_000)
def word_keys(text: str, lemma: str, pos: str, is_punct: bool) -> WordKeys:
    raw = normalise_for_matching(text).lower()
    form = norm_word(text)
    lemma_n = norm_word(lemma)
    keys = (form,) if pos in _NO_LEMMA_POS or lemma_n == form else (form, lemma_n)
    match_keys = tuple(dict.fromkeys((*keys, raw, lemma_n))) + (("se",) if raw in REFLEXIVES else ())
    sing = _singular(raw)
    stripped = text.strip()
    return WordKeys(raw, form, keys, match_keys, match_keys + ((sing,) if sing else ()),
                    any(c.isalpha() for c in text), text.isupper() and len(text) > 1,
                    (is_punct and stripped in _CLAUSE_BREAK) or stripped in _CLAUSE_BREAK)


class ToneToken(NamedTuple):
    """A token as the scorer sees it: position, part of speech, lemma and its :class:`WordKeys`
    (a named tuple: one per token, built much faster than a frozen dataclass)."""

    idx: int  # character offset
    text: str
    lemma: str
    pos: str
    w: WordKeys


def tone_tokens(tokens) -> list[ToneToken]:
    """Scorer tokens of a :class:`~analysis.engine.tokens.TokenTable`, or of spaCy tokens (read
    into one first); whitespace tokens dropped."""
    t = tokens if isinstance(tokens, TokenTable) else TokenTable.of(tokens)
    new = tuple.__new__  # a NamedTuple's own constructor is a Python function: twice slower
    return [new(ToneToken, (idx, text, lemma, pos, word_keys(text, lemma, pos, punct)))
            for idx, text, lemma, pos, punct, space in zip(t.idx, t.text, t.lemma, t.pos, t.is_punct, t.is_space)
            if not space]


def sentence_tokens(toks: list[ToneToken], starts: list[int], start: int, end: int) -> list[ToneToken]:
    """The tokens overlapping the characters [start, end) (``starts``: their offsets)."""
    lo = bisect.bisect_right(starts, start) - 1
    if lo < 0 or toks[lo].idx + len(toks[lo].text) <= start:
        lo += 1
    return toks[lo:bisect.bisect_left(starts, end)]


def _word_matches(expr_word: str, tok: ToneToken) -> bool:
    w = tok.w
    if expr_word in (w.raw, _singular(w.raw)) or expr_word in w.match_keys:
        return True
    return expr_word in ("se", "s'") and w.raw in REFLEXIVES


def _match_multi(tokens: list[ToneToken], i: int, entry: Entry) -> int | None:
    """End index of ``entry`` matched from tokens[i] (auxiliaries may sit inside: "s'est réjoui")."""
    k = i + 1
    for w in entry.words[1:]:
        while k < len(tokens) and tokens[k].pos == "AUX" and not _word_matches(w, tokens[k]) and k - i < len(entry.words) + 2:
            k += 1
        if k >= len(tokens) or not _word_matches(w, tokens[k]):
            return None
        k += 1
    return k


def _match_at(tokens: list[ToneToken], i: int, lexicon: Lexicon) -> tuple[Entry, int] | None:
    """The entry matched at tokens[i] and its end index: domain before general, longest first."""
    for multis, single in lexicon.candidates(tokens[i].w):
        for e in multis:
            end = _match_multi(tokens, i, e)
            if end is not None:
                return e, end
        if single is not None:
            return single, i + 1
    return None


def _negator_at(tokens: list[ToneToken], k: int, i: int) -> str | None:
    """What the negator tokens[k] does to the charged word starting at tokens[i]: "pseudo" when
    it is part of a pseudo-negation ("pas moins de", "non seulement": NegEx's pseudo-negation
    triggers, Chapman et al. 2001), "emphatic" when "jamais" comes with a degree word before the
    charged word ("jamais un tel désastre", "jamais aussi bas" = never so much), else None."""
    nxt = tokens[k + 1].w.raw if k + 1 < len(tokens) else ""
    if nxt in PSEUDO_NEGATION_NEXT:
        return "pseudo"
    if tokens[k].w.raw == "jamais" and any(tokens[m].w.raw in DEGREE_WORDS for m in range(min(k, i) + 1, max(k, i))):
        return "emphatic"
    return None


def _modifiers(tokens: list[ToneToken], i: int, j: int, caps_differ: bool, entry_weight: float,
               consumed: set[int] | None = None) -> tuple[float, list[str]]:
    """Weight of the match tokens[i:j] after intensifiers, attenuators, negation and capitals.

    Negation is clause-bounded and applies to the first charged word of its scope only: the
    index of the negator that negated a word is added to ``consumed`` (the sentence's set), so
    "ne veut pas faire la guerre" negates "veut", not "guerre" (the object keeps its polarity;
    narrow scopes beat clause-wide ones: Hogenboom et al. 2011, IEEE SMC, found negating the two
    words after the negator best on English reviews). A negated negative word is weakened, not
    turned positive (:data:`NEGATED_NEGATIVE`)."""
    consumed = set() if consumed is None else consumed
    w = entry_weight
    mods: list[str] = []
    before: list = []
    for k in range(i - 1, max(-1, i - 1 - NEG_WINDOW), -1):
        if tokens[k].w.clause_break:
            break
        before.append(k)
    low = {k: tokens[k].w.low for k in before}
    raw = {k: tokens[k].w.raw for k in before}
    used: set[int] = set()
    negated = None  # (factor, label, index of the negator)
    present = set(raw.values())
    # multiword modifiers ending just before the word (within the window)
    for words, (factor, kind) in MULTI_MODIFIERS.items():
        if words[-1] not in present:
            continue
        n = len(words)
        for end in before[:MOD_WINDOW + 1] if kind != "négation" else before:
            ks = list(range(end - n + 1, end + 1))
            if ks[0] < 0 or any(k not in low or k in used for k in ks):
                continue
            if tuple(raw[k] for k in ks) == words:
                used.update(ks)
                if kind == "négation":
                    if ks[0] not in consumed:
                        negated = (factor, " ".join(words), ks[0])
                else:
                    w *= factor
                    mods.append(f"{kind} « {' '.join(words)} » ×{factor:g}")
                break
    for k in before[:MOD_WINDOW]:
        if k in used:
            continue
        word = raw[k]
        if word in INTENSIFIERS:
            w *= INTENSIFIERS[word]
            mods.append(f"intensificateur « {word} » ×{INTENSIFIERS[word]:g}")
            used.add(k)
        elif word in ATTENUATORS:
            w *= ATTENUATORS[word]
            mods.append(f"atténuateur « {word} » ×{ATTENUATORS[word]:g}")
            used.add(k)
        elif word == "peu" and not (k - 1 >= 0 and tokens[k - 1].w.low in ("un", "quelque", "très", "si")):
            w *= PEU_FACTOR
            mods.append(f"atténuateur « peu » ×{PEU_FACTOR:g}")
            used.add(k)
    emphatic = None
    if negated is None:
        ne_before = any(raw[k] in NE or low[k] == "ne" for k in before)
        candidates = []  # (index, label) of the negators in scope, nearest first
        for k in before:
            if k in used:
                continue
            if raw[k] in NEGATORS:
                candidates.append((k, f"ne … {raw[k]}" if ne_before and raw[k] not in ("sans", "ni", "non") else raw[k]))
            elif raw[k] == "plus" and any(raw[m] in NE for m in before if m > k):
                candidates.append((k, "ne … plus"))
        if ne_before:
            for k in range(j, min(len(tokens), j + 3)):
                if tokens[k].w.clause_break:
                    break
                if tokens[k].w.raw in POST_NEGATORS:
                    candidates.append((k, f"ne … {tokens[k].w.raw}"))
                    break
        for k, label in candidates:
            if k in consumed:
                continue  # that negator already negated an earlier word of its clause
            kind = _negator_at(tokens, k, i)
            if kind == "pseudo":
                consumed.add(k)
                continue
            if kind == "emphatic":
                emphatic = k
                break
            negated = (NEGATION, label, k)
            break
    if caps_differ and any(t.w.upper for t in tokens[i:j]):
        w += CAPS_BONUS if w > 0 else -CAPS_BONUS
        mods.append(f"majuscules ±{CAPS_BONUS:g}")
    if emphatic is not None:
        consumed.add(emphatic)
        w *= EMPHATIC_NEVER
        mods.append(f"intensificateur « jamais … {_degree_word(tokens, emphatic, i)} » ×{EMPHATIC_NEVER:g}")
    if negated is not None:
        factor, label, k = negated
        consumed.add(k)
        if w < 0:
            factor = factor * NEGATED_NEGATIVE + 0.0  # + 0.0: no "-0" in the label
        w *= factor
        mods.append(f"négation « {label} » ×{factor:g}")
    return max(-WEIGHT_BOUND, min(WEIGHT_BOUND, w)) + 0.0, mods  # + 0.0: a denied word weighs 0, not -0


def _degree_word(tokens: list[ToneToken], k: int, i: int) -> str:
    return next(tokens[m].w.raw for m in range(min(k, i) + 1, max(k, i)) if tokens[m].w.raw in DEGREE_WORDS)


#: A word of at most this many capitals in a sentence that is not all capitals is an acronym.
ACRONYM_MAX = 4
_MODIFIER_WORDS = frozenset(INTENSIFIERS) | frozenset(ATTENUATORS) | NEGATORS | POST_NEGATORS | {"peu"}


def score_tokens(tokens, lexicon: Lexicon, skip: list[tuple[int, int]] = (), *, text: str | None = None) -> list[Hit]:
    """Charged words of one sentence's tokens, in order: spaCy tokens, or :class:`ToneToken`
    (from :func:`tone_tokens`, as the article step passes them) with ``text``, the text
    their offsets point into."""
    tokens = list(tokens)
    if tokens and not isinstance(tokens[0], ToneToken):
        text = tokens[0].doc.text if text is None else text
        tokens = tone_tokens(tokens)
    if tokens and text is None:
        raise ValueError("score_tokens: the text of the tokens is needed with ToneToken")
    caps_differ = None  # computed at the first charged word (most sentences have few)
    consumed: set[int] = set()  # negators that already negated a word of this sentence
    hits: list[Hit] = []
    candidates = lexicon.candidates
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.w.has_alpha or not candidates(tok.w) or (skip and any(a <= tok.idx < b for a, b in skip)):
            i += 1
            continue
        match = _match_at(tokens, i, lexicon)
        if match is None or (len(match[0].words) == 1 and tok.w.raw in _MODIFIER_WORDS):
            i += 1
            continue
        entry, j = match
        if entry.weight != 0 and caps_differ is None:
            letters = [t for t in tokens if t.w.has_alpha]
            caps_differ = 0 < sum(t.text.isupper() for t in letters) < len(letters)
        if entry.weight != 0 and j == i + 1 and caps_differ and tok.w.upper and len(tok.text) <= ACRONYM_MAX:
            i += 1  # an acronym (PP, PS, UE), not a social-media "pp" or "pb"
            continue
        if entry.weight != 0:
            weight, mods = _modifiers(tokens, i, j, caps_differ, entry.weight, consumed)
            last = tokens[j - 1]
            start, end = tok.idx, last.idx + len(last.text)
            elided = _ELISION.match(normalise_for_matching(tok.text))
            if elided and len(entry.words) == 1:
                start += elided.end()
            word = text[start:end]
            lemma = " ".join(tokens[k].lemma.lower() for k in range(i, j))
            hits.append(Hit(start, end, word, lemma, entry.weight, round(weight, 4), entry.source, tuple(mods),
                            entry.rationale))
        i = j
    return hits


def sentence_tone(hits: list[Hit]) -> float:
    """VADER's normalised sum of weights, in [-1, 1] (0 for a sentence without charged words)."""
    s = sum(h.weight for h in hits)
    return s / math.sqrt(s * s + ALPHA) if s else 0.0


def balance(weight_sum: float, weight_abs: float) -> float:
    """Net tone: the balance of the distinct charged words, ``Σ w / (Σ |w| + SCORE_PRIOR)``,
    in (-1, 1); positive is favourable language. ``w`` is a word's mean weight after
    modifiers over its occurrences (a lemma counts once: a story's topic word, repeated,
    measures the topic, not its treatment; Pang, Lee & Vaithyanathan 2002 found presence
    better than frequency). The prior shrinks a score resting on few words toward 0."""
    return weight_sum / (weight_abs + SCORE_PRIOR)


def low_evidence(n_charged: int, n_sentences: int) -> bool:
    """True when a score rests on too little to compare (see :data:`LOW_EVIDENCE_WORDS`)."""
    return n_charged < LOW_EVIDENCE_WORDS or n_sentences < LOW_EVIDENCE_SENTENCES


def lemma_sums(lemma_weights: dict[str, list[float]]) -> dict:
    """``n_charged`` (distinct charged lemmas), ``weight_sum`` and ``weight_abs`` of their
    mean weights, from lemma -> [sum of weights, occurrences]."""
    means = [total / n for total, n in lemma_weights.values() if n]
    return {"n_charged": sum(1 for m in means if m != 0), "weight_sum": round(sum(means), 4),
            "weight_abs": round(sum(abs(m) for m in means), 4)}


def add_hit(lemma_weights: dict[str, list[float]], hit: "Hit") -> None:
    acc = lemma_weights.setdefault(hit.lemma, [0.0, 0])
    acc[0] += hit.weight
    acc[1] += 1


def shares(n_words: int, n_pos: int, n_neg: int, weight_sum: float, weight_abs: float) -> dict:
    """GDELT-style decomposition (shares of words) and the net tone (:func:`balance`);
    None below :data:`MIN_WORDS` words."""
    if n_words < MIN_WORDS:
        return {"tone_pos": None, "tone_neg": None, "tone_polarity": None, "tone_net": None}
    pos, neg = n_pos / n_words, n_neg / n_words
    return {"tone_pos": pos, "tone_neg": neg, "tone_polarity": pos + neg, "tone_net": balance(weight_sum, weight_abs)}


# --------------------------------------------------------------------------- quoted spans

_QUOTE_PAIRS = [("«", "»"), ("“", "”")]


def fallback_quote_spans(text: str) -> list[tuple[int, int]]:
    """Text inside « », “ ” or straight double quotes, paired within a line (no quotes table)."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        a0, seg = line.start(), line.group(0)
        for op, cl in _QUOTE_PAIRS:
            depth, start = 0, None
            for m in re.finditer(re.escape(op) + "|" + re.escape(cl), seg):
                if m.group(0) == op:
                    if depth == 0:
                        start = m.end()
                    depth += 1
                elif depth:
                    depth -= 1
                    if depth == 0:
                        spans.append((a0 + start, a0 + m.start()))
        marks = [m.start() for m in re.finditer('"', seg)]
        for s, e in zip(marks[0::2], marks[1::2]):
            spans.append((a0 + s + 1, a0 + e))
    return sorted(spans)


def quote_spans(ctx) -> tuple[list[tuple[int, int]], str]:
    """Quoted spans: the quotes step's rows when present, else quotation marks."""
    rows = ctx.tables.get("quotes")
    if rows is not None:
        return sorted((int(r["start"]), int(r["end"])) for r in rows if r.get("start") is not None), "quotes"
    return fallback_quote_spans(ctx.article.text), "quotation_marks"


# --------------------------------------------------------------------------- the step

def tone_step(ctx) -> None:
    """Sentence tone, per-voice decomposition, tone toward targets, evidence (issue #4)."""
    a = ctx.article
    lexicon = load_lexicon(ctx.knowledge)
    targets = load_targets(ctx.knowledge)
    registry = load_registry(ctx.knowledge) if targets else None
    quote_list, quote_source = quote_spans(ctx)
    quoted = SpanIndex(quote_list)
    toks = tone_tokens(ctx.tokens)  # once per article; sentences take slices
    starts = [t.idx for t in toks]
    sent_rows = {r["sentence_index"]: r for r in ctx.tables.get("sentences", [])}
    counts = {v: {"n_words": 0, "n_pos": 0, "n_neg": 0, "n_sentences": 0, "n_other_language": 0} for v in VOICES}
    lemma_weights: dict[str, dict[str, list[float]]] = {v: {} for v in VOICES}
    evidence: list[dict] = []
    target_acc: dict[str, dict] = {}
    for s in ctx.sentences:
        row = sent_rows.get(s.index)
        words = ctx.words[s.index]
        text = a.text[s.start:s.end]
        lang = detect_language(text) if words else None
        if s.part == BOILERPLATE:
            status = "boilerplate"
        elif not words:
            status = "no_words"
        elif lang not in ("fr", None):
            status = "other_language"
        else:
            status = "scored"
        tone, hits = None, []
        if status == "scored":
            hits = score_tokens(sentence_tokens(toks, starts, s.start, s.end), lexicon, text=a.text)
            tone = sentence_tone(hits)
        if row is not None:
            row.update({
                "tone": tone, "tone_status": status, "language": lang or "",
                "tone_n_pos": sum(h.weight > 0 for h in hits) if status == "scored" else None,
                "tone_n_neg": sum(h.weight < 0 for h in hits) if status == "scored" else None,
            })
        if s.part == BOILERPLATE:
            continue
        sent_voices = set()
        # a sentence that no quote touches is the journalist's (or the commenters') throughout
        plain = "comments" if s.part == COMMENT else (None if quoted.overlaps(s.start, s.end) else "journalist")
        if plain:  # one voice for every word: counted at once
            voices_of_words = [(plain, len(words))] if words else []
        else:
            n_quoted = sum(1 for w in words if quoted.covers(w.start, w.end))
            voices_of_words = [(v, n) for v, n in (("quoted", n_quoted), ("journalist", len(words) - n_quoted)) if n]
        for v, n in voices_of_words:
            sent_voices.add(v)
            if status == "scored":
                counts[v]["n_words"] += n
                if v != "comments":
                    counts["all"]["n_words"] += n
        if s.part == BODY:
            sent_voices.add("all")
        for v in sent_voices:
            if status == "scored":
                counts[v]["n_sentences"] += 1
            elif status == "other_language":
                counts[v]["n_other_language"] += 1
        for h in hits:
            v = "comments" if s.part == COMMENT else ("quoted" if quoted.covers(h.start, h.end) else "journalist")
            key = "n_pos" if h.weight > 0 else "n_neg"
            counts[v][key] += 1
            add_hit(lemma_weights[v], h)
            if v != "comments":
                counts["all"][key] += 1
                add_hit(lemma_weights["all"], h)
            evidence.append({
                "article_id": a.id, "sentence_index": s.index, "start": h.start, "end": h.end, "word": h.word,
                "lemma": h.lemma, "base_weight": h.base_weight, "weight": h.weight, "source": h.source,
                "modifiers": " ; ".join(h.modifiers), "voice": v, "rationale": h.rationale,
            })
        if targets and s.part == BODY and status == "scored":
            mentioned = {m.actor for m in registry.find_mentions(text, s.start)}
            for t in targets:
                if any(t.covers(actor) for actor in mentioned):
                    acc = target_acc.setdefault(t.label, {"n_sentences": 0, "n_words": 0, "n_pos": 0, "n_neg": 0,
                                                         "tone_sum": 0.0, "lemmas": {}})
                    for h in hits:
                        add_hit(acc["lemmas"], h)
                    acc["n_sentences"] += 1
                    acc["n_words"] += len(words)
                    acc["n_pos"] += sum(h.weight > 0 for h in hits)
                    acc["n_neg"] += sum(h.weight < 0 for h in hits)
                    acc["tone_sum"] += tone
    voice_rows = []
    for v, c in counts.items():
        sums = lemma_sums(lemma_weights[v])
        scores = shares(c["n_words"], c["n_pos"], c["n_neg"], sums["weight_sum"], sums["weight_abs"])
        for k, val in scores.items():
            ctx.row[k + ARTICLE_VOICE_SUFFIX[v]] = val
        voice_rows.append({"article_id": a.id, "voice": v, **c, **sums, **scores,
                           "low_evidence": low_evidence(sums["n_charged"], c["n_sentences"])})
        if v == "all":
            ctx.row["tone_n_charged"] = sums["n_charged"]
            ctx.row["tone_low_evidence"] = voice_rows[-1]["low_evidence"]
    ctx.row["tone_quote_source"] = quote_source
    ctx.row["tone_n_other_language"] = counts["all"]["n_other_language"] + counts["comments"]["n_other_language"]
    ctx.tables["tone_voices"] = voice_rows
    ctx.tables["tone_evidence"] = evidence
    target_rows = []
    for label, acc in target_acc.items():
        sums = lemma_sums(acc["lemmas"])
        target_rows.append({
            "article_id": a.id, "target": label, "n_sentences": acc["n_sentences"], "n_words": acc["n_words"],
            "n_pos": acc["n_pos"], "n_neg": acc["n_neg"], **sums,
            "tone_net": balance(sums["weight_sum"], sums["weight_abs"]),
            "tone_mean": acc["tone_sum"] / acc["n_sentences"],
            "low_evidence": low_evidence(sums["n_charged"], acc["n_sentences"])})
    ctx.tables["targets"] = target_rows


# --------------------------------------------------------------------------- per-outlet tables

VOICE_COLUMNS = ["article_id", "voice", "n_words", "n_pos", "n_neg", "n_sentences", "n_other_language",
                 "n_charged", "weight_sum", "weight_abs", "tone_pos", "tone_neg", "tone_polarity", "tone_net",
                 "low_evidence"]
EVIDENCE_COLUMNS = ["article_id", "sentence_index", "start", "end", "word", "lemma", "base_weight", "weight",
                    "source", "modifiers", "voice", "rationale"]
TARGET_COLUMNS = ["article_id", "target", "n_sentences", "n_words", "n_pos", "n_neg", "n_charged", "weight_sum",
                  "weight_abs", "tone_net", "tone_mean", "low_evidence"]
OUTLET_TONE_COLUMNS = ["outlet", "voice", "n_articles", "n_words", "n_pos", "n_neg", "n_sentences", "n_charged",
                       "weight_sum", "weight_abs", "tone_pos", "tone_neg", "tone_polarity", "tone_net", "low_evidence"]
OUTLET_TARGET_COLUMNS = ["outlet", "target", "n_articles", "n_sentences", "n_words", "n_pos", "n_neg", "n_charged",
                         "weight_sum", "weight_abs", "tone_net", "tone_mean", "low_evidence"]


def _pooled(r: dict) -> dict:
    """Counts and evidence of one row of sums (several articles pooled), with the low-evidence
    flag: the part the per-outlet tone and target tables share."""
    counts = {k: int(r[k]) for k in ("n_words", "n_pos", "n_neg", "n_sentences")}
    ev = {"n_charged": int(r["n_charged"]), "weight_sum": to_float(r["weight_sum"]),
          "weight_abs": to_float(r["weight_abs"])}
    return {**counts, **ev, "low_evidence": low_evidence(ev["n_charged"], counts["n_sentences"])}


def outlet_tone_from_sums(sums: pd.DataFrame) -> pd.DataFrame:
    """The ``finish`` of :func:`outlet_tone` (sums of :func:`analysis.measures.sums.voice_sums`)."""
    rows = []
    for r in sums.to_dict("records"):
        c = _pooled(r)
        rows.append({"outlet": r["outlet"], "voice": r["voice"], "n_articles": int(r["n_articles"]), **c,
                     **shares(c["n_words"], c["n_pos"], c["n_neg"], c["weight_sum"], c["weight_abs"])})
    return pd.DataFrame(rows, columns=OUTLET_TONE_COLUMNS)


def outlet_targets_from_sums(sums: pd.DataFrame) -> pd.DataFrame:
    """The ``finish`` of :func:`outlet_targets` (sums of :func:`analysis.measures.sums.target_sums`)."""
    rows = []
    for r in sums.to_dict("records"):
        c = _pooled(r)
        n_s = c["n_sentences"]
        rows.append({"outlet": r["outlet"], "target": r["target"], "n_articles": int(r["n_articles"]), **c,
                     "tone_net": balance(c["weight_sum"], c["weight_abs"]) if n_s else None,
                     "tone_mean": to_float(r["tone_mean_sum"] / n_s) if n_s else None})
    return pd.DataFrame(rows, columns=OUTLET_TARGET_COLUMNS)


def outlet_tone(articles: pd.DataFrame, tone_voices: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and voice, word counts pooled over the outlet's articles (not averaged)."""
    if articles.empty or tone_voices is None or tone_voices.empty:
        return pd.DataFrame(columns=OUTLET_TONE_COLUMNS)
    return outlet_tone_from_sums(voice_sums(articles, tone_voices))


def outlet_targets(articles: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and target, pooled over the sentences that mention the target."""
    if articles.empty or targets is None or targets.empty:
        return pd.DataFrame(columns=OUTLET_TARGET_COLUMNS)
    return outlet_targets_from_sums(target_sums(articles, targets))


def tone_corpus_step(results, knowledge) -> None:
    """Give the tone tables their columns even when empty, then the per-outlet tables."""
    tables = results.tables
    for name, cols in (("tone_voices", VOICE_COLUMNS), ("tone_evidence", EVIDENCE_COLUMNS), ("targets", TARGET_COLUMNS)):
        if name not in tables or tables[name].empty:
            tables[name] = pd.DataFrame(columns=cols)
    sums = corpus_sums(results)  # the same finish as outlet_tone / outlet_targets, from the corpus sums
    tables["outlet_tone"] = outlet_tone_from_sums(sums.get("tone_voices"))
    tables["outlet_targets"] = outlet_targets_from_sums(sums.get("targets"))
