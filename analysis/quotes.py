"""Who speaks in an article: quotes, their kind, their speaker and the reporting verb.

:func:`extract_quotes` works on the spaCy parse of the whole raw text and the cleaning
segments; every quote is a character span of the raw text inside one body paragraph
(a quote never crosses a paragraph, hence never an article). Kinds:

- ``direct``: text between quotation marks (« », “ ”, " ") that is a sentence or more,
  attributed by an incise after it (« … », a déclaré X / regrette-t-elle), an incise
  inside it (« …, dit-elle. … », split in two quotes), a colon before it (X : « … »),
  a reporting verb governing it, "selon X" / "pour X," in the sentence, or the previous
  quote's speaker when it follows one; otherwise kept with speaker "inconnu".
- ``partial``: a quoted fragment governed by a reporting verb (affirme qu'il faut
  « se réjouir »); quoted terms, titles and product names with no reporting verb over
  them are scare quotes and nobody's quote.
- ``indirect``: speaker + reporting verb + que / infinitive / "se dire" + adjective,
  "selon X", "d'après X", "pour X, …" (the span is the reported content).
- ``interview``: in a question/answer layout ("NAME - " prefixes, questions ending in
  "?"), every answer paragraph, prefixed or not, belongs to the interviewee.

Speakers come from the dependency parse (subject of the reporting verb, with its
appositions), are resolved through the actor registry (aliases, descriptions such as
"le géant américain", a spokesperson to their organisation) and pronouns / anaphoric
descriptions (elle, cette dernière, la start-up, ses représentants) are resolved to the
nearest previous mention that agrees in gender. Nothing here names an article.
"""
from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from .actors import UNKNOWN_ROLE, Actor, Registry, load_registry
from .clean import BODY, HEADING, PARAGRAPH, Segment
from .sentences import Sentence
from .textutil import WORD_RE, SpanIndex, normalise_for_matching

VERBS_FILE = "reporting_verbs.tsv"
DIRECT, PARTIAL, INDIRECT, INTERVIEW = "direct", "partial", "indirect", "interview"
KINDS = (DIRECT, PARTIAL, INDIRECT, INTERVIEW)
#: Kinds whose words are the speaker's own (verbatim); indirect speech is the journalist's.
VERBATIM_KINDS = (DIRECT, PARTIAL, INTERVIEW)
NEUTRAL, EVALUATIVE, NO_STANCE = "neutral", "evaluative", "none"
STANCES = (NEUTRAL, EVALUATIVE)
UNKNOWN_SPEAKER = "inconnu"
#: French labels (app, docs/tables.md).
KIND_LABELS = {DIRECT: "directe", PARTIAL: "partielle", INDIRECT: "indirecte", INTERVIEW: "entretien"}
STANCE_LABELS = {NEUTRAL: "neutre", EVALUATIVE: "évaluatif", NO_STANCE: "sans verbe"}

# cue values that are not verb lemmas
CUE_SELON, CUE_DAPRES, CUE_POUR = "selon", "d'après", "pour"
CUE_INTERVIEW, CUE_COLON, CUE_FOLLOW, CUE_NONE = "entretien", "deux-points", "suite", "aucun"

_OPEN_CLOSE = {"«": "»", "“": "”"}
_CLOSERS = {"»", "”"}
_QUOTE_MARK = re.compile('[«»“”"]')
_PRON_GENDER = {"il": "Masc", "ils": "Masc", "elle": "Fem", "elles": "Fem", "lui": None}
_GENERIC_SUBJECTS = {"on", "ce", "c'", "cela", "ça", "ceci", "tout", "chacun", "personne", "rien", "qui", "tous"}
_DEMONSTRATIVES = re.compile(r"^(celui-ci|celle-ci|ceux-ci|celles-ci|ce dernier|cette dernière|ces derniers|ces dernières|"
                             r"celui-là|celle-là)$", re.I)
#: Nouns that speak for an organisation (son porte-parole, le porte-parole de X).
SPOKES_NOUNS = frozenset("porte-parole représentant représentante représentants représentantes dirigeant dirigeants "
                         "dirigeante direction responsable responsables patron patronne pdg directeur directrice "
                         "président présidente fondateur fondateurs cofondateur co-fondateur cofondateurs "
                         "co-fondateurs concepteur concepteurs équipe équipes communiqué service".split())
#: Definite descriptions of organisations resolved to the nearest company mentioned before.
ORG_NOUNS = frozenset("entreprise société start-up startup groupe firme géant compagnie licorne pépite "
                      "fabricant éditeur constructeur jeune entreprise".split())
#: Common nouns that may head "selon X" as a source (selon des sources financières).
SOURCE_NOUNS = frozenset("source sources expert experts analyste analystes observateur observateurs spécialiste "
                         "spécialistes proche proches entourage porte-parole communiqué ministère cabinet "
                         "gouvernement sondage dirigeant dirigeants responsable responsables témoin témoins "
                         "économiste économistes chercheur chercheurs juriste juristes avocat avocats".split())
#: Words before a quoted title / name ("intitulé « … »", "le rapport « … »").
_TITLE_CUES = re.compile(
    r"(intitulée?s?|baptisée?s?|nommée?s?|appelée?s?|surnommée?s?|dénommée?s?|dit|dite|"
    r"rapport|livre|ouvrage|film|série|émission|programme|projet|plan|opération|slogan|titre|label|"
    r"marque|modèle|produit|assistant|application|logiciel|chatbot|robot|outil|offre|service)\s*$",
    re.I,
)
_INTERVIEW_PREFIX = re.compile(
    r"^\s*((?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.]*)(?:[ \-][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.]*){0,4})\s*[-–—:]\s+(?=\S)"
)
_QA_PREFIX = re.compile(r"^\s*(Q|R|Question|Réponse)\s*[-–—:.]\s+(?=\S)")
_FIRST_PERSON = re.compile(r"\b(je|j['’]|nous|notre|nos|mon|ma|mes|moi)\b", re.I)
_STRIP = " \t\r\n\u00a0\u202f\u2009,;:-–—"
_NP_DEPS = frozenset({"det", "amod", "nmod", "case", "flat:name", "flat", "appos", "nummod", "fixed", "compound", "dep"})


def _glued(doc, i: int, j: int) -> bool:
    """Tokens i and j (= i + 1) are one written word (start-up, co-fondateur)."""
    return doc[i].whitespace_ == "" and ("-" in (doc[i].text, doc[j].text) or doc[i].text.endswith("-"))


@dataclass(frozen=True)
class Speaker:
    name: str = UNKNOWN_SPEAKER
    text: str = ""
    role: str = UNKNOWN_ROLE


@dataclass
class Quote:
    start: int
    end: int
    kind: str
    cue: str
    verb_stance: str
    speaker: Speaker = field(default_factory=Speaker)
    # pending anaphor: (position, gender or None, kind "pron" | "org"), resolved later
    anaphor: tuple | None = None


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    actor: Actor | None
    name: str
    gender: str | None
    is_company: bool
    is_person: bool = False


# --------------------------------------------------------------------------- verbs
def parse_reporting_verbs(text: str) -> dict[str, str]:
    """lemma -> stance from the TSV text (comments '#', header line, blank lines skipped)."""
    verbs: dict[str, str] = {}
    for row in csv.reader((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), delimiter="\t"):
        if not row or row[0].strip() == "lemma":
            continue
        lemma = normalise_for_matching(row[0]).strip().lower()
        stance = (row[1].strip() if len(row) > 1 else NEUTRAL) or NEUTRAL
        if stance not in STANCES:
            raise ValueError(f"{VERBS_FILE} : position « {stance} » inconnue pour « {lemma} » ({', '.join(STANCES)})")
        verbs[lemma] = stance
    return verbs


def load_reporting_verbs(knowledge) -> dict[str, str]:
    def _load(k):
        path = Path(k.data_dir) / VERBS_FILE
        if not path.exists():
            path = Path(__file__).resolve().parent.parent / "data" / VERBS_FILE
        return parse_reporting_verbs(path.read_text(encoding="utf-8")) if path.exists() else {}

    return knowledge.get("reporting_verbs", _load)


def _is_reflexive(tok) -> bool:
    return any(c.dep_.startswith("expl") or (c.lower_ in ("se", "s'", "s’") and c.i < tok.i)
               for c in tok.children if c.lower_ in ("se", "s'", "s’", "me", "m'", "nous", "vous"))


def reporting_lemma(tok, verbs: dict[str, str]) -> str | None:
    """The reporting-verb key of a token ("se réjouir", "dire"…) or None."""
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ in ("NOUN", "ADJ") and tok.tag_ == "VERB"):
        if tok.pos_ not in ("VERB",):
            return None
    lemma = normalise_for_matching(tok.lemma_).lower()
    if lemma not in verbs and not re.search(r"(er|ir|re)$", lemma):
        lemma = _guess_infinitive(normalise_for_matching(tok.text).lower()) or lemma
    if _is_reflexive(tok):
        for pre in ("se ", "s'"):
            if pre + lemma in verbs:
                return pre + lemma
        if lemma == "dire":
            return "se dire" if "se dire" in verbs else None
    return lemma if lemma in verbs else None


_FIRST_GROUP_ENDINGS = ("eraient", "erait", "aient", "ait", "ent", "ons", "ez", "ées", "és", "ée", "é", "es", "e", "a")


def _guess_infinitive(form: str) -> str | None:
    """The lemmatiser sometimes returns the form ("estime"): guess a first-group infinitive."""
    for end in _FIRST_GROUP_ENDINGS:
        if form.endswith(end) and len(form) > len(end) + 2:
            stem = form[: -len(end)]
            if end.startswith("er"):
                return stem + "er"
            return stem + "er"
    return None


def _negated(tok) -> bool:
    return any(c.lower_ in ("ne", "n'", "n’", "pas", "jamais", "guère", "nullement") for c in tok.children)


# --------------------------------------------------------------------------- helpers
_FEATS: dict[tuple[int, str], tuple[str, ...]] = {}


def _feat(tok, field: str) -> tuple[str, ...]:
    """The values of one morphological feature of ``tok`` (``tok.morph.get(field)``,
    memoised per analysis: spaCy parses the feature string at each call)."""
    morph = tok.morph
    key = (morph.key, field)
    values = _FEATS.get(key)
    if values is None:
        if len(_FEATS) > 100_000:
            _FEATS.clear()
        values = _FEATS[key] = tuple(morph.get(field))
    return values


def _tokens_in(doc, start: int, end: int):
    """Tokens lying wholly inside [start, end) (char_span's 'contract' mode: a bisection, not a scan)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _gender_of(tokens) -> str | None:
    for t in tokens:  # determiners and common nouns are reliable; names are not
        if t.pos_ in ("DET", "NOUN") and _feat(t, "Gender"):
            return _feat(t, "Gender")[0]
    return None


def _compound(doc, tok) -> str:
    """The hyphenated word a token belongs to ("start" -> "start-up")."""
    lo = hi = tok.i
    while lo > 0 and _glued(doc, lo - 1, lo):
        lo -= 1
    while hi + 1 < len(doc) and _glued(doc, hi, hi + 1):
        hi += 1
    return doc[lo:hi + 1].text


def _words(text: str) -> list[str]:
    return WORD_RE.findall(normalise_for_matching(text))


def _has_verb(tokens) -> bool:
    return any(t.pos_ in ("VERB", "AUX") and t.lower_ not in ("-", "") for t in tokens)


def _has_finite_verb(tokens) -> bool:
    return any(t.pos_ in ("VERB", "AUX") and "Fin" in _feat(t, "VerbForm") for t in tokens)


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP + ".!?…":
        end -= 1
    return start, end


class _Article:
    """Per-article state: text, parse, registry mentions, verbs, sentences."""

    def __init__(self, doc, text, segments, sentences, registry: Registry, verbs: dict[str, str],
                 pos: list[str] | None = None):
        self.doc, self.text, self.registry, self.verbs = doc, text, registry, verbs
        if pos is None:
            from .tokens import TokenTable

            pos = TokenTable.of(doc).pos
        self.pos = pos  # part of speech of every token (from the article's TokenTable)
        self.paragraphs = [s for s in segments if s.part == BODY and s.kind == PARAGRAPH]
        # a short question ("L'EXPRESS - Pourquoi … ?") may be classified as an inter-title
        self.layout_blocks = [s for s in segments if s.part == BODY and s.kind in (PARAGRAPH, HEADING)]
        self.sentences = [s for s in sentences if s.part == BODY and s.kind == PARAGRAPH]
        self.quote_spans: list[tuple[int, int]] = []  # accepted verbatim quotes (for exclusions)
        self.mentions = self._mentions()

    # ---- mentions, for anaphora
    def _mentions(self) -> list[_Mention]:
        out: list[_Mention] = []
        for para in self.paragraphs:
            for m in self.registry.find_mentions(self.text[para.start:para.end], para.start):
                after = self.text[m.end:m.end + 2]
                if re.match(r" [A-Z]", after) and m.actor.role == "company" and " " not in m.text:
                    continue  # "Mistral Large": part of a longer proper name (a product)
                toks = _tokens_in(self.doc, m.start, m.end)
                gender = _gender_of(toks) or self._appos_gender(toks) or self._adjacent_gender(toks)
                out.append(_Mention(m.start, m.end, m.actor, m.actor.name, gender, m.actor.role == "company",
                                    bool(m.actor.organisation)))
        seen = {(m.start, m.end) for m in out}
        for ent in self.doc.ents:
            if ent.label_ == "PER" and not any(m.start < ent.end_char and ent.start_char < m.end for m in out) \
                    and not self.registry.find_mentions(ent.text):
                if (ent.start_char, ent.end_char) in seen or not self._in_body(ent.start_char):
                    continue
                gender = self._appos_gender(list(ent)) or self._adjacent_gender(list(ent))
                out.append(_Mention(ent.start_char, ent.end_char, None, ent.text, gender, False, True))
        return sorted(out, key=lambda m: m.start)

    def _appos_gender(self, toks) -> str | None:
        for t in toks:
            for c in t.children:
                if c.dep_ == "appos" and c.pos_ == "NOUN":
                    g = _gender_of([c, *c.children])
                    if g:
                        return g
        # "la députée européenne Kim van Sparrentak": the noun the name is apposed to
        for t in toks:
            if t.dep_ in ("appos", "flat:name", "nmod") and t.head.pos_ == "NOUN" and t.head not in toks:
                g = _gender_of([t.head, *[c for c in t.head.children if c.dep_ == "det"]])
                if g:
                    return g
        return None

    def _adjacent_gender(self, toks) -> str | None:
        """Gender of a noun written next to a name: "X, une députée", "la députée européenne X"."""
        if not toks:
            return None
        doc = self.doc
        i, j = toks[0].i, toks[-1].i
        if j + 3 < len(doc) and doc[j + 1].text == "," and doc[j + 2].pos_ == "DET":
            g = _gender_of([doc[j + 2], doc[j + 3]])
            if g:
                return g
        k = i - 1
        while k >= 0 and doc[k].pos_ == "ADJ":
            k -= 1
        if k >= 1 and doc[k].pos_ == "NOUN" and doc[k - 1].pos_ == "DET":
            return _gender_of([doc[k - 1], doc[k]])
        return None

    def _in_body(self, pos: int) -> bool:
        return any(p.start <= pos < p.end for p in self.paragraphs)

    def in_quote(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quote_spans)

    def sentence_at(self, pos: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return None

    def speaker_of_actor(self, actor: Actor, text: str) -> Speaker:
        return Speaker(actor.name, text.strip(), actor.role)

    # ---- speakers from a subject token
    def speaker_from_subject(self, subj, verb) -> tuple[Speaker | None, tuple | None]:
        """(speaker, None) or (None, anaphor) or (None, None) when the subject is no speaker."""
        low = normalise_for_matching(subj.text).lower().lstrip("-")
        if subj.pos_ == "PRON" and "Rel" in _feat(subj, "PronType") and verb.dep_.startswith("acl"):
            subj = verb.head  # "la start-up, qui affirme que …"
            low = normalise_for_matching(subj.text).lower()
        if subj.pos_ == "PRON" and low in _PRON_GENDER:
            if subj.dep_ == "expl:subj" or subj.lower_ == "il" and subj.dep_.startswith("expl"):
                return None, None
            g = _PRON_GENDER[low] or (_feat(subj, "Gender") or [None])[0]
            return None, (subj.idx, g, "pron", subj.text.lstrip("-"))
        if low in _GENERIC_SUBJECTS:
            return None, None
        span_toks = self._np_tokens(subj)
        span_text = self.text[span_toks[0].idx:span_toks[-1].idx + len(span_toks[-1])]
        if _DEMONSTRATIVES.match(normalise_for_matching(span_text).strip()) or low in ("celui", "celle"):
            g = _gender_of(span_toks) or ("Fem" if "dernière" in span_text or "celle" in low else "Masc")
            return None, (subj.idx, g, "any", span_text)
        return self.speaker_from_np(span_toks)

    def _np_tokens(self, head):
        """The noun phrase of ``head``: its nominal dependents, contiguous, no relative clause.

        Left of the head it stops at a comma; right of it a comma is crossed only for an
        apposed name ("l'un de ses cofondateurs, Arthur Mensch").
        """
        keep = {head.i}
        stack = [head]
        while stack:
            t = stack.pop()
            for c in t.children:
                if c.dep_ in _NP_DEPS and c.i not in keep:
                    keep.add(c.i)
                    stack.append(c)
        doc = self.doc
        lo = hi = head.i
        while lo - 1 >= 0 and (lo - 1 in keep or _glued(doc, lo - 1, lo)
                               or doc[lo - 1].pos_ == "PROPN" == doc[lo].pos_) and doc[lo - 1].text != ",":
            lo -= 1
        while hi + 1 < len(doc):
            nxt = doc[hi + 1]
            if nxt.text == "," and hi + 2 < len(doc) and doc[hi + 2].i in keep and doc[hi + 2].pos_ == "PROPN" \
                    and doc[hi + 2].dep_ in ("appos", "flat:name", "nmod"):
                hi += 1
                continue
            if (nxt.i in keep or _glued(doc, hi, hi + 1)) and nxt.text not in (",", ";", ".", "«", "»", '"'):
                hi += 1
                continue
            break
        return list(doc[lo:hi + 1])

    def speaker_from_np(self, toks) -> tuple[Speaker | None, tuple | None]:
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        text = self.text[start:end]
        mentions = self.registry.find_mentions(text, start)
        head = next((t for t in toks if t.head not in toks or t.head == t), toks[0])
        head_low = normalise_for_matching(_compound(self.doc, head)).lower()
        det_poss = any(c.dep_ == "det" and "Yes" in _feat(c, "Poss") for c in head.children)
        if mentions:
            # the mention that covers the head or a name apposed to it wins; a spokesperson
            # ("le porte-parole de Microsoft") speaks for the organisation in the nmod
            def covers(m, t):
                return m.start <= t.idx < m.end
            for m in mentions:
                if covers(m, head):
                    return self.speaker_of_actor(m.actor, text), None
            for m in mentions:
                if any(covers(m, c) for c in head.children if c.dep_ in ("appos", "flat:name", "nmod")):
                    return self.speaker_of_actor(m.actor, text), None
            return self.speaker_of_actor(mentions[0].actor, text), None
        if head_low in SPOKES_NOUNS and det_poss:
            return None, (start, None, "org", text)  # ses représentants -> the company
        if head_low in ORG_NOUNS or (head_low == "pousse" and "jeune" in text.lower()):
            if any(c.dep_ == "det" and c.lower_ in ("la", "le", "l'", "l’", "cette", "ce") for c in head.children):
                return None, (start, None, "org", text)  # la start-up -> the company mentioned before
        names = [t for t in toks if t.pos_ == "PROPN"]
        if names:
            nm = self.text[names[0].idx:names[-1].idx + len(names[-1])]
            return Speaker(nm, text, UNKNOWN_ROLE), None
        core = re.sub(r"^(les?|la|l['’]|des?|du|une?|ces?|cette|ses?|sa|son|leurs?)\s+", "", text.strip(), flags=re.I)
        return Speaker(core or UNKNOWN_SPEAKER, text, UNKNOWN_ROLE), None

    def subject_of(self, verb, exclude: tuple[int, int] | None = None):
        v = verb
        for _ in range(3):
            for c in v.children:
                if c.dep_ in ("nsubj", "nsubj:pass") and c.lower_ not in ("-t", "-t-", "t"):
                    if (exclude and exclude[0] <= c.idx < exclude[1]) or self.in_quote(c.idx):
                        continue  # a subject inside the quote is not its speaker
                    return self._nearest_subject(c, v)
            if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
                v = v.head
                continue
            break
        return None

    def _nearest_subject(self, subj, verb):
        """"Excellente nouvelle, la start-up annonçait": the noun phrase right before the verb
        is the subject when the parsed one lies across a comma."""
        doc = self.doc
        if subj.i > verb.i or not any(t.text == "," for t in doc[subj.i:verb.i]):
            return subj
        k = verb.i - 1
        while k > subj.i and (doc[k].pos_ in ("ADV", "AUX") or doc[k].lower_ in ("se", "s'", "s’", "ne", "n'", "n’")):
            k -= 1
        if doc[k].pos_ in ("NOUN", "PROPN", "X", "PRON") and doc[k].text != ",":
            while k > 0 and _glued(doc, k - 1, k):
                k -= 1
            if self._np_tokens(doc[k])[0].text != ",":
                return doc[k]
        return subj

    def resolve_anaphor(self, anaphor: tuple, quotes: list[Quote]) -> Speaker:
        pos, gender, kind, text = anaphor[:4]
        scope = anaphor[4] if len(anaphor) > 4 else None
        cands = [m for m in self.mentions if m.end <= pos and not self.in_quote(m.start)]
        if kind == "org":
            cands = [m for m in cands if m.is_company]
        prior = [(q.start, q.speaker) for q in quotes
                 if q.start < pos and q.anaphor is None and q.speaker.name != UNKNOWN_SPEAKER]
        pool = [(m.start, m.gender, m) for m in cands]
        if kind == "pron":
            for start, sp in prior:
                pool.append((start, None, sp))
        pool.sort(key=lambda x: -x[0])
        sent = self.sentence_at(pos)
        window_start = sent.start if sent else pos
        # previous 3 sentences at most
        idx = self.sentences.index(sent) if sent in self.sentences else 0
        window_start = self.sentences[max(0, idx - 3)].start if self.sentences else 0
        pool = [p for p in pool if p[0] >= window_start]
        chosen = None
        if kind == "pron" and sent is not None:  # a person named earlier in the same sentence
            scope = min(scope, sent.start) if scope is not None else sent.start
            chosen = next((p for p in pool if p[0] >= scope and isinstance(p[2], _Mention) and p[2].is_person
                           and (p[1] == gender or p[1] is None or not gender)), None)
        if kind == "any":  # "cette dernière": the latest mention (the antecedent's noun carries the gender)
            gender = None
        if chosen is None and gender:
            chosen = next((p for p in pool if p[1] == gender), None)
        if chosen is None:
            chosen = next((p for p in pool if p[1] is None or not gender), None)
        if chosen is None:
            return Speaker(UNKNOWN_SPEAKER, text, UNKNOWN_ROLE)
        obj = chosen[2]
        if isinstance(obj, Speaker):
            return Speaker(obj.name, text, obj.role)
        if obj.actor:
            return Speaker(obj.actor.name, text, obj.actor.role)
        return Speaker(obj.name, text, UNKNOWN_ROLE)


# --------------------------------------------------------------------------- quote marks
def quote_mark_spans(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Top-level quoted spans in text[start:end]: (content_start, content_end, closed).

    « » and “ ” nest; a straight " toggles. Inner quotes belong to the outer one. An
    opening mark never closed runs to the end of the paragraph (closed=False); a stray
    closing mark is ignored.
    """
    out = []
    stack: list[tuple[str, int]] = []
    for m in _QUOTE_MARK.finditer(text, start, end):  # only the marks, not every character
        ch, i = m.group(), m.start()
        if ch in _OPEN_CLOSE:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            # close the innermost matching opener
            for k in range(len(stack) - 1, -1, -1):
                if _OPEN_CLOSE.get(stack[k][0]) == ch:
                    opener = stack[k]
                    del stack[k:]
                    if not stack:
                        out.append((opener[1] + 1, i, True))
                    break
        elif ch == '"':
            if stack and stack[-1][0] == '"':
                opener = stack.pop()
                if not stack:
                    out.append((opener[1] + 1, i, True))
            else:
                stack.append(('"', i))
    if stack:
        out.append((stack[0][1] + 1, end, False))
    return sorted(out)


# --------------------------------------------------------------------------- interview
def _is_question(par: str) -> bool:
    body = par.rstrip(" \t»”\")")
    if body.endswith("?"):
        return True
    q = par.find("?")
    return 0 < q < 200 and not _FIRST_PERSON.search(par[q:]) and len(_words(par[:q])) <= 25


def interview_layout(art: _Article, genre: str = "") -> dict[int, tuple[str, Speaker | None, int]]:
    """paragraph start -> ("q" | "a", speaker, content start) for a question/answer layout."""
    paras = art.layout_blocks
    prefixes = {}
    for p in paras:
        line = art.text[p.start:p.end]
        m = _INTERVIEW_PREFIX.match(line) or _QA_PREFIX.match(line)
        if m and len(re.sub(r"[^A-Za-zÀ-ÿ]", "", m.group(1))) >= 1 and len(line) > len(m.group(0)) + 20:
            if not any(ch.islower() for ch in m.group(1)) or _QA_PREFIX.match(line):
                prefixes[p.start] = (m.group(1).strip(), p.start + m.end())
    names = [n for n, _ in prefixes.values()]
    qa = set(names) & {"Q", "R", "Question", "Réponse"}
    questions = {p.start for p in paras if _is_question(art.text[p.start:p.end])}
    is_interview = len(set(names)) >= 2 or qa or (names and len(questions) >= 1 and len(names) >= 2) or (
        genre.lower() in ("entretien", "interview") and len(questions) >= 2)
    if not is_interview:
        return {}
    by_name: dict[str, list[int]] = {}
    for start, (n, _) in prefixes.items():
        by_name.setdefault(n, []).append(start)

    def asks(name):
        starts = by_name[name]
        if name in ("Q", "Question"):
            return True
        if name in ("R", "Réponse"):
            return False
        actor = art.registry.resolve(name)
        q = sum(s in questions for s in starts) / len(starts)
        return q > 0.5 or (actor is not None and actor.role == "media" and q >= 0.5)

    interviewers = {n for n in by_name if asks(n)}
    answerers = [n for n in by_name if n not in interviewers]

    def speaker(name):
        if name in ("R", "Réponse"):
            return None
        actor = art.registry.resolve(name)
        if actor:
            return Speaker(actor.name, name, actor.role)
        return Speaker(" ".join(w.capitalize() for w in name.split()), name, UNKNOWN_ROLE)

    default = speaker(answerers[0]) if answerers else None
    out: dict[int, tuple[str, Speaker | None, int]] = {}
    started, current = False, default
    for p in paras:
        pre = prefixes.get(p.start)
        if pre:
            started = True
            if pre[0] in interviewers:
                out[p.start] = ("q", None, pre[1])
            else:
                current = speaker(pre[0]) or current
                out[p.start] = ("a", current, pre[1])
        elif started or genre.lower() in ("entretien", "interview"):
            if p.start in questions:
                started = True
                out[p.start] = ("q", None, p.start)
            elif started:
                out[p.start] = ("a", current, p.start)
    return out


# --------------------------------------------------------------------------- extraction
def extract_quotes(doc, text: str, segments: list[Segment], sentences: list[Sentence],
                   registry: Registry, verbs: dict[str, str], genre: str = "", tokens=None) -> list[Quote]:
    """``tokens``: the doc's :class:`~analysis.tokens.TokenTable` when the caller has it."""
    art = _Article(doc, text, segments, sentences, registry, verbs, pos=tokens.pos if tokens is not None else None)
    quotes: list[Quote] = []
    layout = interview_layout(art, genre)
    for p in art.paragraphs:
        role = layout.get(p.start)
        if role and role[0] == "a":
            s, e = _trim_span(text, role[2], p.end)
            e = p.end if text[p.end - 1] in ".!?…" else e
            sp = role[1] or Speaker()
            quotes.append(Quote(s, e, INTERVIEW, CUE_INTERVIEW, NO_STANCE, sp))
            art.quote_spans.append((s, e))
    answered = {p.start for p in art.paragraphs if layout.get(p.start, ("",))[0] == "a"}
    for p in art.paragraphs:
        if p.start in answered:
            continue
        for cs, ce, closed in quote_mark_spans(text, p.start, p.end):
            quotes.extend(_mark_quotes(art, p, cs, ce, closed, quotes))
    for p in art.paragraphs:
        if p.start in answered:
            continue
        for sent in art.sentences:
            if p.start <= sent.start < p.end:
                quotes.extend(_indirect_quotes(art, sent, quotes))
    quotes.sort(key=lambda q: q.start)
    for q in quotes:  # pronouns and anaphoric descriptions, in reading order
        if q.anaphor is not None:
            q.speaker = art.resolve_anaphor(q.anaphor, quotes)
            q.anaphor = None
    # follow-on quotes inherit the (now resolved) speaker of the quote they continue
    for i, q in enumerate(quotes):
        if q.cue == CUE_FOLLOW and i:
            prev = next((x for x in reversed(quotes[:i]) if x.kind in (DIRECT, INTERVIEW)), None)
            if prev is not None:
                q.speaker = prev.speaker
    return quotes


def _cue_from_verb(art: _Article, v) -> tuple[str, str] | None:
    lemma = reporting_lemma(v, art.verbs)
    if lemma is None or _negated(v):
        return None
    return lemma, art.verbs[lemma]


def _attrib_from_verb(art: _Article, v, inverted: bool = False, exclude=None):
    subj = art.subject_of(v, exclude)
    if subj is None and inverted:
        # inverted incise the parser left unattached or read as an object:
        # "…, regrette-t-elle", "…, a indiqué le géant", "…, avait déclaré en décembre l'un de …"
        nxt = [t for t in art.doc[v.i + 1:v.i + 4] if t.lower_ not in ("-t", "-t-")]
        if nxt and nxt[0].pos_ == "PRON" and nxt[0].text.startswith("-"):
            subj = nxt[0]
        else:
            subj = next((c for c in v.children if c.i > v.i and c.dep_ in ("obj", "nsubj", "appos", "dep")
                         and c.pos_ in ("NOUN", "PROPN", "PRON")), None)
            if subj is None and nxt and nxt[0].pos_ in ("DET", "PROPN", "NOUN"):
                subj = nxt[0] if nxt[0].pos_ != "DET" else nxt[0].head
    if subj is None:
        return None
    if art.in_quote(subj.idx):
        return None  # a speaker inside the quote is rejected
    return art.speaker_from_subject(subj, v)


def _is_name_or_title(art: _Article, cs: int, ce: int, toks) -> bool:
    content = art.text[cs:ce].strip()
    words = _words(content)
    if not words:
        return True
    before = art.text[max(0, cs - 40):cs - 1]
    if _TITLE_CUES.search(before.rstrip(" \u00a0\u202f«“\"")) and not _has_finite_verb(toks):
        return True
    first = next((w for w in words if w.lower() not in ("le", "la", "les", "l", "un", "une")), words[0])
    capitalised = first[:1].isupper() and content[:1] not in "«“"
    if len(words) <= 6 and not _has_verb(toks) and capitalised:
        return True  # « Mistral Large », « le Chat », « Les Échos »
    return False


def _mark_quotes(art: _Article, para: Segment, cs: int, ce: int, closed: bool, prior: list[Quote]) -> list[Quote]:
    text, doc = art.text, art.doc
    s0, e0 = _trim_span(text, cs, ce)
    if s0 >= e0:
        return []
    inner = _tokens_in(doc, s0, e0)
    words = _words(text[s0:e0])
    sent_first = art.sentence_at(cs - 1) or art.sentence_at(cs)
    sent_last = art.sentence_at(min(ce, para.end - 1)) or sent_first
    sent_start = sent_first.start if sent_first else para.start
    sent_end = sent_last.end if sent_last else para.end
    pre = [t for t in _tokens_in(doc, sent_start, cs - 1)]
    post = [t for t in _tokens_in(doc, ce + 1, sent_end)] if closed else []
    sentence_like = len(words) >= 5 and _has_verb(inner)
    if _is_name_or_title(art, s0, e0, inner):
        return []

    def make(kind, cue, stance, speaker=None, anaphor=None, span=(s0, e0)):
        if anaphor is not None and len(anaphor) == 4:
            anaphor = (*anaphor, sent_start)  # a name earlier in the quote's sentence is preferred
        q = Quote(span[0], span[1], kind, cue, stance, speaker or Speaker(), anaphor)
        art.quote_spans.append(span)
        return q

    def from_verb(v, inverted=False):
        cue = _cue_from_verb(art, v)
        if cue is None:
            return None
        res = _attrib_from_verb(art, v, inverted, exclude=(cs, ce))
        if res is None or res == (None, None):
            return None
        return cue, res

    # 1. incise inside the quote: « …, dit-elle. … » -> two quotes
    for v in inner:
        if v.i == 0 or doc[v.i - 1].text != "," and not (doc[v.i - 1].pos_ == "AUX" and doc[v.i - 2].text == ","):
            continue
        after = doc[v.i + 1:v.i + 3]
        if not any(t.text.startswith("-") and t.pos_ == "PRON" for t in after):
            continue
        got = from_verb(v, inverted=True)
        if got:
            (lemma, stance), (sp, ana) = got
            comma = doc[v.i - 1] if doc[v.i - 1].text == "," else doc[v.i - 2]
            end_inc = next((t for t in doc[v.i + 1:v.i + 5] if t.text in (".", ",", ";")), None)
            out = []
            a, b = _trim_span(text, s0, comma.idx)
            if end_inc is not None:
                c, d = _trim_span(text, end_inc.idx + 1, e0)
                out.append(make(DIRECT, lemma, stance, sp, ana, (a, b)))
                if c < d:
                    out.append(make(DIRECT, lemma, stance, sp, ana, (c, d)))
                return out
    # 2. incise after the quote (the first reporting verb after it in the sentence, inverted)
    for v in post:
        if v.pos_ != "VERB":
            continue
        got = from_verb(v, inverted=True)
        if got:
            subj = art.subject_of(v, exclude=(cs, ce))
            inverted = subj is None or subj.i > v.i
            if inverted:
                (lemma, stance), (sp, ana) = got
                return [make(DIRECT if sentence_like or not pre else PARTIAL, lemma, stance, sp, ana)]
        break  # only the first verb after the quote can be its incise
    # 3. colon before: "X a déclaré : « … »", "X : « … »"
    pre_text = text[sent_start:cs - 1].rstrip(" \u00a0\u202f")
    prev_sent_colon = not pre and sent_first is not None and sent_first.index > 0
    if pre_text.endswith(":") or prev_sent_colon:
        src = pre
        if not pre_text.endswith(":"):
            prev = next((s for s in reversed(art.sentences) if s.end <= sent_start), None)
            src = _tokens_in(doc, prev.start, prev.end) if prev and art.text[prev.start:prev.end].rstrip().endswith(":") else []
        for v in reversed(src):
            got = from_verb(v)
            if got:
                (lemma, stance), (sp, ana) = got
                return [make(DIRECT, lemma, stance, sp, ana)]
        if src and pre_text.endswith(":"):
            head = src[-2] if len(src) >= 2 else src[-1]
            np = art._np_tokens(head) if head.pos_ in ("PROPN", "NOUN") else []
            if np:
                sp, ana = art.speaker_from_np(np)
                if sp is not None and (sp.role != UNKNOWN_ROLE or any(t.pos_ == "PROPN" for t in np)):
                    return [make(DIRECT, CUE_COLON, NO_STANCE, sp, ana)]
    # 4. a reporting verb before the quote, in the same sentence, governing it
    first_inner = inner[0] if inner else None
    for v in reversed(pre):
        if v.pos_ != "VERB":
            continue
        if first_inner is not None and v not in list(first_inner.ancestors) and v.i < first_inner.i - 25:
            continue
        got = from_verb(v)
        if got and (first_inner is None or v in list(first_inner.ancestors) or _same_clause(pre, v)):
            (lemma, stance), (sp, ana) = got
            starts_cap = text[s0:s0 + 1].isupper()
            kind = DIRECT if sentence_like and starts_cap and len(words) >= 6 else PARTIAL
            return [make(kind, lemma, stance, sp, ana)]
    # 5. "selon X" / "d'après X" / "pour X," in the sentence
    sent_toks = _tokens_in(doc, sent_start, sent_end)
    src = _selon_source(art, sent_toks)
    if src is not None and sentence_like:
        cue, sp, ana, _, _ = src
        return [make(DIRECT, cue, NEUTRAL, sp, ana)]
    # 6. a whole sentence in quotes with no cue: the previous quote's speaker goes on, or nobody known
    if sentence_like:
        prev = next((q for q in reversed(prior) if q.kind in (DIRECT, INTERVIEW)), None)
        near = prev is not None and _paragraphs_apart(art, prev.end, cs) <= 1
        if near:
            return [make(DIRECT, CUE_FOLLOW, prev.verb_stance, prev.speaker, prev.anaphor)]
        if len(words) >= 8 and _has_finite_verb(inner):
            return [make(DIRECT, CUE_NONE, NO_STANCE)]
    return []  # scare quotes: a term, a title, a name


def _same_clause(pre, v) -> bool:
    """No sentence-internal break (;) between the verb and the quote."""
    after = [t for t in pre if t.i > v.i]
    return not any(t.text in (";", ".") for t in after) and len(after) <= 12


def _paragraphs_apart(art: _Article, a: int, b: int) -> int:
    return sum(1 for p in art.paragraphs if a < p.start <= b)


def _may_name_source(text: str) -> bool:
    """False when ``text`` cannot hold a "selon" / "d'après" / "pour" source phrase (most sentences)."""
    lowered = text.lower()
    return "selon" in lowered or "après" in lowered or "pour" in lowered


def _selon_source(art: _Article, toks):
    """("selon" | "d'après" | "pour", speaker, anaphor) for a source phrase in the sentence."""
    if not toks or not _may_name_source(art.text[toks[0].idx:toks[-1].idx + len(toks[-1])]):
        return None  # most sentences: no token to look at
    for i, t in enumerate(toks):
        low = t.lower_  # compared with plain words: no typographic character to normalise
        cue = None
        if low == "selon":
            cue = CUE_SELON
        elif low == "après" and i > 0 and normalise_for_matching(toks[i - 1].text).lower() in ("d'", "d"):
            cue = CUE_DAPRES
        elif low == "pour" and i == 0 or (low == "pour" and i > 0 and toks[i - 1].text in (",",) and i <= 3):
            cue = CUE_POUR
        if cue is None or art.in_quote(t.idx):
            continue
        head = t.head if t.head.i > t.i else (toks[i + 1] if i + 1 < len(toks) else None)
        if head is None:
            continue
        np = art._np_tokens(head)
        np = [x for x in np if x.i > t.i]
        if not np:
            continue
        text_np = art.text[np[0].idx:np[-1].idx + len(np[-1])]
        mentions = art.registry.find_mentions(text_np, np[0].idx)
        has_name = any(x.pos_ == "PROPN" for x in np)
        if cue == CUE_POUR:
            nxt = art.doc[np[-1].i + 1] if np[-1].i + 1 < len(art.doc) else None
            if not (mentions or has_name) or nxt is None or nxt.text != ",":
                continue
        elif not (mentions or has_name or normalise_for_matching(head.text).lower() in SOURCE_NOUNS):
            continue
        sp, ana = art.speaker_from_np(np)
        return cue, sp, ana, t, np
    return None


def _indirect_quotes(art: _Article, sent: Sentence, quotes: list[Quote]) -> list[Quote]:
    text, doc = art.text, art.doc
    span = doc.char_span(sent.start, sent.end, alignment_mode="contract")  # the tokens of _tokens_in
    if span is None or not len(span):
        return []
    toks = None  # the sentence's Token objects, built only when a verb or a source cue needs them
    out: list[Quote] = []

    def overlaps(a, b):
        return any(q.start < b and a < q.end for q in quotes + out)

    def add(a, b, cue, stance, sp, ana):
        a, b = _trim_span(text, a, b)
        if b - a < 3 or overlaps(a, b) or not _words(text[a:b]):
            return
        out.append(Quote(a, b, INDIRECT, cue, stance, sp or Speaker(), ana))

    sel = None
    if _may_name_source(text[span.start_char:span.end_char]):  # tested before building the tokens
        toks = list(span)
        sel = _selon_source(art, toks)
    if sel is not None:
        cue, sp, ana, t, np = sel
        phrase_start, phrase_end = t.idx if cue != CUE_DAPRES else t.idx - 2, np[-1].idx + len(np[-1])
        if t.idx - sent.start <= 3:
            add(phrase_end, sent.end, cue, NEUTRAL, sp, ana)
        else:
            add(sent.start, phrase_start, cue, NEUTRAL, sp, ana)
    pos = art.pos
    for i in range(span.start, span.end):
        if pos[i] != "VERB":
            continue
        v = doc[i]
        if art.in_quote(v.idx):
            continue
        if "Inf" in _feat(v, "VerbForm") or ("Part" in _feat(v, "VerbForm") and "Pres" in _feat(v, "Tense")):
            continue
        if "Part" in _feat(v, "VerbForm") and not any(c.dep_.startswith("aux") for c in v.children):
            continue  # "la start-up qualifiée de …" (no subject speaks)
        cue = _cue_from_verb(art, v)
        if cue is None:
            continue
        lemma, stance = cue
        if toks is None:
            toks = list(span)
        start = _complement_start(art, v, lemma, toks)
        if start is None:
            continue
        res = _attrib_from_verb(art, v)
        if res is None or res == (None, None):
            continue
        sp, ana = res
        end = sent.end
        semi = text.find(";", start, end)
        if semi > 0:
            end = semi
        add(start, end, lemma, stance, sp, ana)
    return out


def _complement_start(art: _Article, v, lemma: str, toks) -> int | None:
    """Where the reported content starts after verb ``v`` (None: no clausal complement)."""
    after = [t for t in toks if t.i > v.i]
    if lemma == "se dire":
        nxt = [t for t in after if t.pos_ not in ("PUNCT",)][:2]
        if nxt and (nxt[0].pos_ in ("ADJ", "ADV", "NOUN") or "Part" in _feat(nxt[0], "VerbForm")):
            return nxt[0].idx
        return None
    for k, t in enumerate(after[:7]):
        low = normalise_for_matching(t.text).lower()
        if low in ("que", "qu'") and t.pos_ in ("SCONJ", "PRON"):
            if t.pos_ == "PRON" and k > 0:
                return None  # relative "que"
            return t.idx + len(t)
        if t.pos_ in ("VERB", "AUX") and "Inf" in _feat(t, "VerbForm"):
            if k > 0 and after[k - 1].lower_ in ("se", "s'", "s’", "en", "y"):
                return after[k - 1].idx
            return t.idx
        if t.pos_ in ("VERB", "AUX") or t.text in (".", ";", "?", "!", "«", '"', "“"):
            return None
        if t.pos_ == "NOUN" and k <= 1 and low not in ("fait",) and not (k and after[k - 1].pos_ == "ADP"):
            return None  # a noun-phrase object: "vante des performances"
    return None


# --------------------------------------------------------------------------- step
def quote_rows(article, quotes: list[Quote], sentences: list[Sentence], words) -> list[dict]:
    """quotes.csv rows of one article."""
    rows = []
    all_words = sorted((w for ws in words.values() for w in ws), key=lambda w: w.start)
    starts = [w.start for w in all_words]
    for q in quotes:
        sent = next((s for s in sentences if s.start <= q.start < s.end), None)
        n_words = 0
        for k in range(bisect.bisect_left(starts, q.start), len(all_words)):  # no copy of the list
            if all_words[k].start >= q.end:
                break
            n_words += all_words[k].end <= q.end
        rows.append({
            "article_id": article.id, "speaker": q.speaker.name, "speaker_text": q.speaker.text,
            "role": q.speaker.role, "kind": q.kind, "cue": q.cue, "verb_stance": q.verb_stance,
            "text": article.text[q.start:q.end], "start": q.start, "end": q.end, "n_words": n_words,
            "sentence_index": sent.index if sent else -1,
        })
    return rows


def quotes_step(ctx) -> None:
    """Article step: quotes.csv rows, articles.csv quote measures and journalist readability."""
    from .readability import readability_row

    registry = load_registry(ctx.knowledge)
    verbs = load_reporting_verbs(ctx.knowledge)
    quotes = extract_quotes(ctx.doc, ctx.article.text, ctx.segments, ctx.sentences, registry, verbs,
                            genre=ctx.article.genre, tokens=ctx.tokens)
    ctx.quotes = quotes  # read by later steps (tone)
    rows = quote_rows(ctx.article, quotes, ctx.sentences, ctx.words)
    ctx.tables["quotes"] = rows
    verbatim = SpanIndex([(q.start, q.end) for q in quotes if q.kind in VERBATIM_KINDS])

    body = [s for s in ctx.sentences if s.part == BODY]
    if verbatim.starts:  # one test per body word, shared by the count and the journalist's words
        contains = verbatim.contains
        own = {s.index: [w for w in ctx.words[s.index] if not contains(w.start, w.end)] for s in body}
    else:
        own = {s.index: ctx.words[s.index] for s in body}
    n_body_words = sum(len(ctx.words[s.index]) for s in body)
    quoted_words = n_body_words - sum(map(len, own.values()))
    basis = [s for s in body if s.kind not in ("title", "heading")]
    journalist = readability_row((own[s.index] for s in basis), with_mtld=False)
    ctx.row.update({
        "n_quotes": len(quotes),
        "n_speakers": len({r["speaker"] for r in rows if r["speaker"] != UNKNOWN_SPEAKER}),
        "n_quoted_words": quoted_words,
        "quoted_share": quoted_words / n_body_words if n_body_words else 0.0,
        "n_words_journalist": journalist["n_words"],
        "flesch_fr_journalist": journalist["flesch_fr"],
        "lix_journalist": journalist["lix"],
    })


def quotes_of_text(text: str, genre: str = "", knowledge=None) -> tuple[list[Quote], str]:
    """Quotes of a plain text (parsed here): for tests and quick checks. Returns (quotes, text)."""
    from .clean import segment_article
    from .corpus import Article
    from .knowledge import Knowledge
    from .nlp import get_nlp
    from .sentences import split_sentences

    knowledge = knowledge or Knowledge()
    article = Article(id="texte", text=text, genre=genre or "inconnu")
    doc = get_nlp()(text)
    segments = segment_article(article)
    sentences = split_sentences(doc, segments)
    quotes = extract_quotes(doc, text, segments, sentences, load_registry(knowledge),
                            load_reporting_verbs(knowledge), genre=genre)
    return quotes, text
