"""Speaker identity inside one article: who the names, titles, acronyms and descriptions are.

An article introduces people and organisations (a named entity, often with an apposition:
"le ministre du Budget, Jean Dupont", "Jeanne Durand, économiste", "la Confédération
nationale des artisans (CNA)") and then refers to them in shorter ways: the surname
("Dupont"), a title and the surname ("M. Dupont"), an initial ("J. Dupont"), the acronym
("la CNA"), a description ("le ministre", "l'économiste", "l'organisation").
:class:`ArticleIdentity` groups these forms and gives each group one canonical name (the
fullest form; "Full form (ACRONYM)" for an organisation defined with its acronym), the
role nouns the article gives it, and a role code read from those nouns
(:data:`SPEAKER_NOUNS_FILE`). Two people who share a surname (Jeanne Dupont, Paul Dupont)
stay apart: a bare surname goes to the nearest full name before it.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus.textutil import normalise_for_matching
from analysis.knowledge import DEFAULT_DATA_DIR
from analysis.measures.actors import UNKNOWN_ROLE

SPEAKER_NOUNS_FILE = "speaker_nouns.tsv"
PERSON, ORG = "person", "org"

#: Courtesy and professional titles written before a name ("M. Dupont", "Mme Durand").
TITLE_RE = re.compile(r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Me|Dr|Pr|Mgr|Monsieur|Madame|Maître|Docteur|Professeur)"
                      r"(?:\s+|(?=[A-ZÀ-Ý]))")
#: Name particles: part of a surname ("Le Pen", "de Gaulle", "von der Leyen").
PARTICLES = frozenset("le la les de du des d' d’ van von der den di da del della dos das ben bin ibn al el "
                      "abd abou abu ter zu".split())
_TRAILING_PARTICLES = re.compile(r"(?:\s+(?:" + "|".join(sorted((re.escape(p) for p in PARTICLES if "'" not in p
                                                                   and "’" not in p), key=len, reverse=True))
                                 + r"))+$", re.I)
_TITLE_TOKENS = frozenset("m. m mme mlle mm. me dr pr mgr monsieur madame".split())
#: A left adjective that makes a different role of the noun: "le premier ministre" is not "le ministre".
ROLE_LEFT_ADJECTIVES = frozenset({"premier", "premiere"})
#: French press periphrases of a post, folded: a person described with one is described with the other
#: ("le chef du gouvernement, X" ... "le premier ministre").
PERIPHRASES = (
    ("chef du gouvernement", "premier ministre"),
    ("chef de l etat", "president de la republique"),
    ("chef de la diplomatie", "ministre des affaires etrangeres"),
)
#: Plural nouns of the members of a group: "les membres de X" makes X an organisation even when the
#: entity tagger read X as a person ("les combattants de X" is left out: X may be a warlord).
MEMBER_NOUNS = frozenset("membres adhérents adherents".split())
_ACRONYM_RE = re.compile(r"\(\s*([A-ZÀ-Ý][A-ZÀ-Ý0-9&\-]{1,9})\s*\)")
_DET_RE = re.compile(r"^(?:l['’]|les?\s+|la\s+|du\s+|des\s+)(?=[A-ZÀ-Ý])|^(?:L['’]|Les?\s+|La\s+)(?=[A-ZÀ-Ý]{2,}\b)")


# --------------------------------------------------------------------------- nouns
@dataclass(frozen=True)
class SpeakerNoun:
    noun: str
    kind: str
    role: str
    bare: bool


def noun_key(word: str) -> str:
    """A key shared by the singular, plural, masculine and feminine of a noun
    (député, députée, députés -> "député"; procureure -> "procureur"; chercheuse -> "chercheur")."""
    w = normalise_for_matching(word).lower().strip()
    if len(w) > 3 and w.endswith(("s", "x")) and not w.endswith("ss"):
        w = w[:-1]
    if w.endswith("euse") and len(w) > 6:
        w = w[:-4] + "eur"
    elif w.endswith("rice") and len(w) > 6:
        w = w[:-4] + "eur"
    elif w.endswith("ienne") or w.endswith("enne"):
        w = w[:-2]
    elif w.endswith("e") and len(w) > 4 and w[-2] in "éertnl" and not w.endswith(("aire", "iste", "logue", "ique", "tre")):
        w = w[:-1]
    return w


def parse_speaker_nouns(text: str, path: Path | str = SPEAKER_NOUNS_FILE) -> dict[str, SpeakerNoun]:
    """noun key -> SpeakerNoun from the TSV text; a bad line raises ValueError naming the file and line."""
    from analysis.measures.actors import ROLES

    out: dict[str, SpeakerNoun] = {}
    name = Path(path).name
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        row = next(csv.reader([line], delimiter="\t"))
        if row[0].strip() == "noun":
            continue
        if len(row) < 4:
            raise ValueError(f"{name}, ligne {n} : 4 colonnes attendues (noun, kind, role, bare), {len(row)} trouvée(s)")
        noun, kind, role, bare = (c.strip() for c in row[:4])
        if kind not in (PERSON, ORG):
            raise ValueError(f"{name}, ligne {n} : genre « {kind} » inconnu (person, org)")
        if role not in ROLES:
            raise ValueError(f"{name}, ligne {n} : rôle « {role} » inconnu ({', '.join(ROLES)})")
        if bare not in ("yes", "no"):
            raise ValueError(f"{name}, ligne {n} : colonne bare « {bare} » (yes ou no attendu)")
        out[noun_key(noun)] = SpeakerNoun(noun.lower(), kind, role, bare == "yes")
    return out


def load_speaker_nouns(knowledge) -> dict[str, SpeakerNoun]:
    def _load(k):
        path = Path(k.data_dir) / SPEAKER_NOUNS_FILE
        if not path.exists():
            path = DEFAULT_DATA_DIR / SPEAKER_NOUNS_FILE
        return parse_speaker_nouns(path.read_text(encoding="utf-8"), path) if path.exists() else {}

    return knowledge.get("speaker_nouns", _load)


# --------------------------------------------------------------------------- names
def strip_title(name: str) -> tuple[str, bool]:
    """("Dupont", True) for "M. Dupont" / "M.Dupont"; (name, False) without a title."""
    m = TITLE_RE.match(name.strip())
    if m and len(name.strip()) > m.end():
        return name.strip()[m.end():].strip(), True
    return name.strip(), False


def clean_name(name: str) -> str:
    """A name as a speaker: no title, no leading article before a capital ("l'INSEE" -> "INSEE"),
    spaces collapsed; a quoted title the tagger ran into is cut off ("Observatoire des prix sur
    « Les loyers" -> "Observatoire des prix")."""
    mark = re.search(r"\s*[«“\"]", name)
    if mark and mark.start() > 0:
        name = re.sub(r"(\s+(?:sur|de|du|des|d['’]|à|au|aux|en|pour|par))+$", "", name[:mark.start()], flags=re.I)
    name = re.sub(r"\s+", " ", strip_title(name)[0].replace("’", "'")).strip(" ,;:.-–—")
    name = _TRAILING_PARTICLES.sub("", name) if " " in name else name  # "Ursula von" -> "Ursula"
    return _DET_RE.sub("", name)


def fold(s: str) -> str:
    """Accents, case, punctuation ignored: the key under which name variants compare."""
    s = unicodedata.normalize("NFKD", normalise_for_matching(s)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", s.lower()).split())


def surname_forms(full: str) -> list[str]:
    """The shorter forms a person's full name is referred to by ("Jean-Marie Le Pen" ->
    ["le pen", "pen"]), folded. A particle is kept with the word after it."""
    words = full.split()  # a hyphenated first name is one word: "Jean-Marie" never gives "Marie Le Pen"
    return [fold(" ".join(words[i:])) for i in range(1, len(words))]


def initial_match(short: str, full: str) -> bool:
    """"B. Obama" / "J.-M. Dupont" is an initial form of "Barack Obama" / "Jean-Marc Dupont"."""
    m = re.match(r"^((?:[A-ZÀ-Ý]\.\s*-?\s*)+)\s*(.+)$", short.strip())
    if not m:
        return False
    initials = re.findall(r"[A-ZÀ-Ý]", m.group(1))
    rest = fold(m.group(2))
    fw = full.split()
    if not fold(full).endswith(rest) or len(fw) < 2:
        return False
    firsts = re.split(r"[\s-]+", " ".join(fw[: len(fw) - len(rest.split())]))
    return [fold(w)[:1] for w in firsts if w][: len(initials)] == [fold(i) for i in initials]


def acronym_of(full: str) -> str:
    """Initials of the capitalised or long words ("Organisation mondiale de la santé" -> "OMS")."""
    words = re.findall(r"[A-Za-zÀ-ÿ]+", full)
    return "".join(w[0] for w in words if w[0].isupper() or len(w) > 3).upper()


def _initials_fit(acr: str, words: list[str]) -> bool:
    """The acronym's letters are the initials of ``words`` in order (small words may be skipped)."""
    letters = [c for c in fold(acr).replace(" ", "") if c.isalpha()]
    i = 0
    for w in words:
        f = fold(w)
        if not f:
            continue
        if i < len(letters) and f[0] == letters[i]:
            i += 1
        elif len(f) > 3 and f not in ("pour", "dans", "avec", "sans", "entre", "sous"):
            return False
    return i == len(letters)


def role_left(head) -> str:
    """"premier " for "le premier ministre" (folded, with its space), else ""."""
    left = [c for c in head.children if c.i < head.i and c.dep_ == "amod" and fold(c.text) in ROLE_LEFT_ADJECTIVES]
    return "premier " if left else ""


def kind_of(ent) -> str:
    return PERSON if ent.label_ == "PER" else ORG


# --------------------------------------------------------------------------- article
@dataclass
class Entity:
    """One person or organisation of an article, with every way the article names it."""
    name: str
    kind: str
    forms: set[str] = field(default_factory=set)  # folded
    nouns: list[str] = field(default_factory=list)  # noun keys of its descriptions
    descriptions: list[str] = field(default_factory=list)  # folded description texts
    positions: list[int] = field(default_factory=list)
    acronym: str = ""
    role: str = UNKNOWN_ROLE

    @property
    def first(self) -> int:
        return min(self.positions) if self.positions else 0


class ArticleIdentity:
    """The people and organisations of one article and the forms that refer to them."""

    def __init__(self, doc, text: str, in_body, nouns: dict[str, SpeakerNoun]):
        self.doc, self.text, self.nouns = doc, text, nouns
        self.entities: list[Entity] = []
        self._occ: list[tuple[int, int, Entity]] = []  # (start, end, entity), reading order
        acronyms = self._acronyms()
        spans = list(self._name_spans(in_body))
        spans = [sp for sp in spans if not any(o[0] <= sp[0] and sp[1] <= o[1] and o[:2] != sp[:2] for o in spans)]
        for start, end, kind, titled in spans:  # a span inside a longer one ("Marine" in "Marine Le Pen") is dropped
            surface = clean_name(text[start:end])
            if not surface:
                continue
            ent = self._attach(surface, kind, start, acronyms)
            self._occ.append((start, end, ent))
            for key, desc in self._descriptions(start, end):
                if key not in ent.nouns:
                    ent.nouns.append(key)
                ent.descriptions.append(desc)
        for key, canonical in acronyms.items():  # an acronym pair the entity tagger missed
            ent = next((e for e in self.entities if e.name == canonical), None)
            if ent is None:
                ent = Entity(canonical, ORG, acronym=canonical.rsplit("(", 1)[-1].rstrip(")"))
                self.entities.append(ent)
            ent.forms.update({key, fold(canonical)})
            if not ent.positions:
                ent.positions.append(max(0, text.find(ent.acronym)))
        self._occ.sort(key=lambda o: o[0])
        for start, _, ent in self._occ:
            if ent.kind == PERSON and self._members_of(start):
                ent.kind = ORG  # "les membres de X": a group, whatever the tagger said
        for ent in self.entities:
            for old, new in PERIPHRASES:  # "chef du gouvernement" is also "premier ministre"
                for a, b in ((old, new), (new, old)):
                    if any(d.startswith(a) for d in ent.descriptions) and b not in ent.descriptions:
                        ent.descriptions.append(b)
                        key = noun_key(b.split()[1] if b.split()[0] in ROLE_LEFT_ADJECTIVES else b.split()[0])
                        if key not in ent.nouns:
                            ent.nouns.append(key)
            ent.role = self._role_of(ent)

    def _members_of(self, start: int) -> bool:
        """"les membres de X": the name at ``start`` follows a plural noun of members and "de"."""
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        k = span.start if span is not None else 0
        return k >= 2 and self.doc[k - 1].lower_ in ("de", "d'", "d’", "des", "du") \
            and self.doc[k - 2].lower_ in MEMBER_NOUNS

    # ---- building
    def _name_spans(self, in_body):
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ not in ("PER", "ORG") and not self._acronym_follows(ent.end_char):
                continue
            if not in_body(ent.start_char):
                continue
            i, j = ent.start, ent.end
            # a name spaCy cut ("Le Pen" for Marine Le Pen, "Gaulle" for de Gaulle): extend it left over
            # particles and one first name that belongs to no other entity
            if j - i == 1 or doc[i].lower_ in PARTICLES:
                while i > 0 and doc[i - 1].lower_ in PARTICLES and doc[i - 1].whitespace_ and (
                        doc[i - 1].text[:1].isupper() and doc[i - 1].pos_ != "ADP"
                        or ent.label_ == "PER" and j - i == 1):  # "le général de Gaulle"
                    i -= 1
                if i > 0 and doc[i].lower_ in PARTICLES and doc[i - 1].text[:1].isupper() \
                        and (not doc[i - 1].ent_type_ or doc[i - 1].ent_iob_ == "B" and doc[i].ent_iob_ != "I") \
                        and doc[i - 1].pos_ in ("PROPN", "NOUN", "X") and noun_key(doc[i - 1].text) not in self.nouns:
                    i -= 1
            while i < j and doc[i].lower_ in _TITLE_TOKENS | {"."}:
                i += 1
            while i < j and not (doc[i].text[:1].isupper() or doc[i].text[:1].isdigit()
                                 or doc[i].lower_ in PARTICLES and i + 1 < j and kind_of(ent) == PERSON):
                i += 1  # "ministre de l'Enseignement supérieur": a description, not a name
            while i + 1 < j and noun_key(doc[i].text) in self.nouns and doc[i + 1].text[:1].isupper() \
                    and doc[i + 1].lower_ not in PARTICLES:
                i += 1  # "ONG Terre Vivante", "Syndicat X": the noun says what the name is, it is not the name
            if i >= j:
                continue
            while j < len(doc) and doc[j - 1].whitespace_ == "" and (doc[j].text.startswith("-") or doc[j - 1].text.endswith("-")) \
                    and doc[j].text.strip("-")[:1].isupper():
                j += 1  # "Abd al-Rahman": the part after the hyphen belongs to the name
            while j < len(doc) and doc[j - 1].lower_ in PARTICLES and j - i > 1 and doc[j - 1].whitespace_ \
                    and (doc[j].lower_ in PARTICLES or doc[j].text[:1].isupper()):
                j += 1  # "Ursula von" cut from "Ursula von der Leyen": a name never ends on a particle
            while j - i > 1 and doc[j - 1].lower_ in PARTICLES:
                j -= 1
            kind = PERSON if ent.label_ == "PER" else ORG
            yield doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), kind, False

    def _acronym_follows(self, end: int) -> bool:
        return bool(_ACRONYM_RE.match(self.text, end + 1) or _ACRONYM_RE.match(self.text, end))

    def _acronyms(self) -> dict[str, str]:
        """folded full form or acronym -> "Full form (ACR)" for "Full form (ACR)" in the text."""
        out: dict[str, str] = {}
        for m in _ACRONYM_RE.finditer(self.text):
            acr = m.group(1)
            before = self.text[max(0, m.start() - 120):m.start()].rstrip()
            words = re.findall(r"[\wÀ-ÿ'’\-]+", before)
            for k in range(len(words) - 1, -1, -1):
                cand = words[k:]
                cand = [re.sub(r"^(?:l|d)['’]", "", w, flags=re.I) for w in cand]
                if cand[0][:1].isupper() and _initials_fit(acr, cand) and fold(cand[0])[:1] == fold(acr)[:1]:
                    full = " ".join(cand)
                    out[fold(full)] = out[fold(acr)] = f"{full} ({acr})"
                    break
        for m in re.finditer(r"\b([A-ZÀ-Ý]{2,8})\s*,\s*(?:le|la|l['’]|les)\s*([A-ZÀ-Ý][^,;.()]{3,100})", self.text):
            acr, rest = m.group(1), m.group(2)
            words = re.findall(r"[\wÀ-ÿ'’\-]+", rest)
            for k in range(len(words), 0, -1):
                if len(words[k - 1]) <= 3 and words[k - 1].islower():
                    continue  # a full form does not end on "de", "la"
                cand = [re.sub(r"^(?:l|d)['’]", "", w, flags=re.I) for w in words[:k]]
                if _initials_fit(acr, cand) and fold(cand[0])[:1] == fold(acr)[:1]:
                    full = " ".join(words[:k])
                    out.setdefault(fold(full), f"{full} ({acr})")
                    out.setdefault(fold(acr), f"{full} ({acr})")
                    break
        return out

    def _attach(self, surface: str, kind: str, pos: int, acronyms: dict[str, str]) -> Entity:
        key = fold(surface)
        canonical = acronyms.get(key) or next(  # "Office national des forêts de Guyane" (ONF)
            (v for k, v in acronyms.items() if len(k.split()) >= 2 and key.startswith(k + " ")), None)
        if canonical is None and kind == ORG:  # "la CNA": an acronym defined elsewhere in the text
            canonical = next((v for k, v in acronyms.items() if key == k), None)
        if canonical is not None:
            ent = next((e for e in self.entities if e.name == canonical), None)
            if ent is None:
                ent = Entity(canonical, ORG, acronym=canonical.rsplit("(", 1)[-1].rstrip(")"))
                self.entities.append(ent)
            ent.forms.update({key, fold(canonical)})
            ent.positions.append(pos)
            return ent
        ent = self._same_person(surface, key, kind, pos)
        if ent is None:
            ent = Entity(surface, kind)
            self.entities.append(ent)
        elif len(key.split()) > len(fold(ent.name).split()) and kind == ent.kind:
            ent.name = surface  # the fullest form names the group
        ent.forms.add(key)
        ent.positions.append(pos)
        return ent

    def _same_person(self, surface: str, key: str, kind: str, pos: int) -> Entity | None:
        exact = [e for e in self.entities if key in e.forms]
        if exact:
            return exact[-1]
        if kind == PERSON or len(key.split()) <= 2:
            # a shorter form of a name seen before (the nearest), or an initial form
            cands = [e for e in self.entities if e.kind == kind
                     and (key in {s for f in e.forms for s in surname_forms(f)}
                          or any(initial_match(surface, f) for f in [e.name]))]
            if cands:
                return max(cands, key=lambda e: max(p for p in e.positions if p <= pos) if any(p <= pos for p in e.positions) else -1)
            # a fuller form of a name seen before ("Dupont" first, "Jean Dupont" later)
            longer = [e for e in self.entities if e.kind == kind and len(e.name.split()) == 1
                      and fold(e.name) in surname_forms(surface)]
            if len(longer) == 1:
                return longer[0]
        return None

    def _descriptions(self, start: int, end: int):
        """(noun key, folded description) of the nouns the article puts beside a name:
        "le ministre du Budget, X", "X, ministre du Budget", "la députée X"."""
        doc = self.doc
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return
        toks = set(t.i for t in span)
        k = span.start - 1
        while k >= 0 and doc[k].lower_ in _TITLE_TOKENS | {"."}:  # "le chef du gouvernement, M. X"
            toks.add(k)
            k -= 1
        seen = set()
        cands = []
        # "ministre de X", "PDG d'X": X is the complement of the noun, not the person it describes
        complement = any(c.dep_ == "case" for t in span for c in t.children) or (
            span.start > 0 and doc[span.start - 1].pos_ == "ADP")
        for t in (doc[i] for i in sorted(toks)):
            h = t.head
            if h.i not in toks and h.pos_ == "NOUN" and t.dep_ in ("appos", "flat:name", "nmod", "dep") \
                    and not complement and abs(h.i - t.i) <= 12:
                cands.append(h)
            for c in t.children:
                if c.i not in toks and c.dep_ == "appos" and c.pos_ == "NOUN":
                    cands.append(c)
        # textual fallback: "la députée européenne X" read without the dependency
        k = span.start - 1
        while k >= 0 and (doc[k].pos_ == "ADJ" or doc[k].text == ","):
            k -= 1
        if k >= 0 and doc[k].pos_ == "NOUN" and not complement:
            cands.append(doc[k])
        if span.start >= 2 and doc[span.start - 1].text == "," and not complement:
            k = span.start - 2  # "son complice de toujours, X": the noun after the determiner
            while k > 0 and span.start - k < 8 and doc[k].pos_ != "DET" and doc[k].text not in (",", ".", ";"):
                k -= 1
            if doc[k].pos_ == "DET" and k + 1 < span.start and doc[k + 1].pos_ in ("NOUN", "ADJ") \
                    and noun_key(doc[k + 1].text) in self.nouns:
                cands.append(doc[k + 1])
        for h in cands:
            key = noun_key(h.text)
            if key in seen or h.text[:1].isupper() and h.i == span.start - 1 and key not in self.nouns:
                continue
            seen.add(key)
            right = [c for c in h.subtree if c.i >= h.i and c.i not in toks and c.text not in (",", "(", ")")][:6]
            yield key, role_left(h) + fold(" ".join(t.text for t in right))

    def _role_of(self, ent: Entity) -> str:
        for key in ent.nouns:
            n = self.nouns.get(key)
            if n and n.role != UNKNOWN_ROLE:
                return n.role
        if ent.kind == ORG:
            first = re.findall(r"[\wÀ-ÿ\-]+", ent.name)
            if first:
                n = self.nouns.get(noun_key(first[0]))
                if n and n.kind == ORG:
                    return n.role
        return UNKNOWN_ROLE

    # ---- lookups
    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity one of whose names overlaps [start, end) (the first one)."""
        for s, e, ent in self._occ:
            if s < end and start < e:
                return ent
        return None

    def by_name(self, name: str, pos: int | None = None) -> Entity | None:
        """The entity a written name refers to (full name, surname, title + surname, initial, acronym)."""
        surface = clean_name(name)
        key = fold(surface)
        if not key:
            return None
        hits = [e for e in self.entities if key in e.forms]
        if not hits:
            hits = [e for e in self.entities if e.kind == PERSON and (
                key in {s for f in e.forms for s in surname_forms(f)} or initial_match(surface, e.name))]
        if not hits:
            return None
        if pos is None or len(hits) == 1:
            return hits[0]
        before = [(max((p for p in e.positions if p <= pos), default=-1), e) for e in hits]
        return max(before, key=lambda x: x[0])[1]

    def by_description(self, head_key: str, desc: str, pos: int, kind: str | None = None) -> Entity | None:
        """The entity the article described with the noun ``head_key`` (the nearest before ``pos``;
        with several, the one whose description shares most words with ``desc``)."""
        cands = [e for e in self.entities if head_key in e.nouns and (kind is None or e.kind == kind)]
        if not cands:
            return None
        words = set(desc.split()) - {"le", "la", "les", "l", "de", "du", "des", "d"}
        extra = {w for w in words if noun_key(w) != head_key}
        if extra:  # "le gouvernement malien" is only an entity described with "malien"
            cands = [e for e in cands if any(extra & set(d.split()) for d in e.descriptions)]
            if not cands:
                return None

        def score(e):
            overlap = max((len(words & set(d.split())) for d in e.descriptions), default=0)
            near = max((p for p in e.positions if p <= pos), default=-10**9)
            return overlap, near

        return max(cands, key=score)

    def nearest(self, kind: str, pos: int, window_start: int = 0, skip=None) -> Entity | None:
        """The entity of ``kind`` named last before ``pos`` (not before ``window_start``; not at a
        position for which ``skip`` is true, such as inside a quote)."""
        best = None
        for s, _, ent in self._occ:
            if s >= pos:
                break
            if s >= window_start and ent.kind == kind and not (skip and skip(s)):
                best = ent
        return best

    def noun(self, word: str) -> SpeakerNoun | None:
        return self.nouns.get(noun_key(word))


@functools.lru_cache(maxsize=1)
def default_speaker_nouns() -> dict[str, SpeakerNoun]:
    """The nouns of the project's data folder (callers that have no Knowledge at hand)."""
    from analysis.knowledge import Knowledge

    return load_speaker_nouns(Knowledge())
