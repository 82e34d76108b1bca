"""Speaker resolution: who a subject, a noun phrase or a pronoun refers to in one article."""
from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.corpus.clean import BODY, HEADING, PARAGRAPH
from analysis.corpus.sentences import Sentence
from analysis.corpus.textutil import normalise_for_matching
from analysis.measures.actors import UNKNOWN_ROLE, Actor, Registry

from .doc_helpers import compound, feat, gender_of, glued, tokens_in
from .identity import (
    ORG,
    PARTICLES,
    ArticleIdentity,
    Entity,
    clean_name,
    default_speaker_nouns,
    fold,
    noun_key,
    role_left,
)
from .model import UNKNOWN_SPEAKER, Quote, Speaker
from .verbs import reporting_lemma

_PRON_GENDER = {"il": "Masc", "ils": "Masc", "elle": "Fem", "elles": "Fem", "lui": None}
_GENERIC_SUBJECTS = {"on", "ce", "c'", "cela", "ça", "ceci", "tout", "chacun", "personne", "rien", "qui", "tous",
                     "nous", "vous"}  # "nous" speaks only in an interview answer (its own layout)
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
#: Heads of organisation descriptions that classify rather than identify ("l'organisation écologiste",
#: "la compagnie aérienne"): with an adjective they stand for an organisation the sentence names.
#: State institutions ("le gouvernement malien") are not among them: their adjective identifies.
GENERIC_ORG_HEADS = frozenset("organisation association ong mouvement groupe syndicat parti fondation collectif "
                              "entreprise société compagnie firme formation".split())
#: Common nouns that may head "selon X" as a source (selon des sources financières).
SOURCE_NOUNS = frozenset("source sources expert experts analyste analystes observateur observateurs spécialiste "
                         "spécialistes proche proches entourage porte-parole communiqué ministère cabinet "
                         "gouvernement sondage dirigeant dirigeants responsable responsables témoin témoins "
                         "économiste économistes chercheur chercheurs juriste juristes avocat avocats".split())
#: Nouns of documents and publications: a quote of one is its author's ("un rapport de l'institut").
DOCUMENT_NOUNS = frozenset("rapport étude enquête communiqué note document lettre courrier texte déclaration "
                           "dépêche documentaire article bilan avis sondage publication".split())
def _is_description(alias_text: str) -> bool:
    """A registry alias that describes ("le gouvernement", "Le géant américain" at a sentence start)."""
    first = alias_text.split()[0] if alias_text.split() else ""
    return alias_text[:1].islower() or first in ("Le", "La", "Les") or first[:2] in ("L'", "L’")


#: Quantified groups with no name: a vague set of people, no speaker of the corpus.
_QUANTIFIED = re.compile(r"^(?:de nombreu(?:x|ses)|plusieurs|certain(?:e)?s|quelques|divers(?:es)?|different(?:e)?s"
                         r"|beaucoup d|bon nombre d|nombre d|la plupart d)\b")
_QUANTIFIERS = frozenset("plusieurs nombreux nombreuses certains certaines quelques divers diverses "
                         "differents differentes".split())
_TITLE_WORDS = frozenset("m. m mme mlle me dr pr mgr monsieur madame .".split())
#: "l'homme de 49 ans": an age is not enough to make a speaker.
_AGE_ONLY = re.compile(r"^(?:l['’]|le |la |un |une )?(?:homme|femme|personne|individu|jeune)s?\b.*\b\d+ ans$", re.I)
_NP_DEPS = frozenset({"det", "amod", "nmod", "case", "flat:name", "flat", "appos", "nummod", "fixed", "compound", "dep"})


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor: Actor | None
    name: str
    gender: str | None
    is_company: bool
    is_person: bool = False


class ArticleState:
    """Per-article state: text, parse, registry mentions, verbs, sentences."""

    def __init__(self, doc, text, segments, sentences, registry: Registry, verbs: dict[str, str],
                 pos: list[str] | None = None, nouns: dict | None = None):
        self.doc, self.text, self.registry, self.verbs = doc, text, registry, verbs
        if pos is None:
            from analysis.engine.tokens import TokenTable

            pos = TokenTable.of(doc).pos
        self.pos = pos  # part of speech of every token (from the article's TokenTable)
        self.paragraphs = [s for s in segments if s.part == BODY and s.kind == PARAGRAPH]
        # a short question ("L'EXPRESS - Pourquoi … ?") may be classified as an inter-title
        self.layout_blocks = [s for s in segments if s.part == BODY and s.kind in (PARAGRAPH, HEADING)]
        self.sentences = [s for s in sentences if s.part == BODY and s.kind == PARAGRAPH]
        self.quote_spans: list[tuple[int, int]] = []  # accepted verbatim quotes (for exclusions)
        body = [s for s in segments if s.part == BODY]
        self.identity = ArticleIdentity(doc, text, lambda p: any(s.start <= p < s.end for s in body),
                                        nouns if nouns is not None else default_speaker_nouns())
        self.mentions = self._mentions()

    # ---- mentions, for anaphora
    def _mentions(self) -> list[Mention]:
        out: list[Mention] = []
        for para in self.paragraphs:
            for m in self.registry.find_mentions(self.text[para.start:para.end], para.start):
                after = self.text[m.end:m.end + 2]
                if re.match(r" [A-Z]", after) and m.actor.role == "company" and " " not in m.text:
                    continue  # "Mistral Large": part of a longer proper name (a product)
                toks = tokens_in(self.doc, m.start, m.end)
                gender = gender_of(toks) or self._appos_gender(toks) or self._adjacent_gender(toks)
                out.append(Mention(m.start, m.end, m.actor, m.actor.name, gender, m.actor.role == "company",
                                    bool(m.actor.organisation)))
        seen = {(m.start, m.end) for m in out}
        for ent in self.doc.ents:
            if ent.label_ == "PER" and not any(m.start < ent.end_char and ent.start_char < m.end for m in out) \
                    and not self.registry.find_mentions(ent.text):
                if (ent.start_char, ent.end_char) in seen or not self._in_body(ent.start_char):
                    continue
                gender = self._appos_gender(list(ent)) or self._adjacent_gender(list(ent))
                out.append(Mention(ent.start_char, ent.end_char, None, ent.text, gender, False, True))
        return sorted(out, key=lambda m: m.start)

    def _appos_gender(self, toks) -> str | None:
        for t in toks:
            for c in t.children:
                if c.dep_ == "appos" and c.pos_ == "NOUN":
                    g = gender_of([c, *c.children])
                    if g:
                        return g
        # "la députée européenne Kim van Sparrentak": the noun the name is apposed to
        for t in toks:
            if t.dep_ in ("appos", "flat:name", "nmod") and t.head.pos_ == "NOUN" and t.head not in toks:
                g = gender_of([t.head, *[c for c in t.head.children if c.dep_ == "det"]])
                if g:
                    return g
        return None

    def _adjacent_gender(self, toks) -> str | None:
        """Gender of a noun written next to a name: "X, une députée", "la députée européenne X"."""
        if not toks:
            return None
        doc = self.doc
        i, j = toks[0].i, toks[-1].i
        if j + 3 < len(doc) and doc[j + 1].text == "," and doc[j + 2].pos_ == "DET" \
                and getattr(self.identity.noun(doc[j + 3].text), "kind", None) == "person":  # not "X, sa disparition"
            g = gender_of([doc[j + 2], doc[j + 3]])
            if g:
                return g
        k = i - 1
        while k >= 0 and doc[k].pos_ == "ADJ":
            k -= 1
        if k >= 1 and doc[k].pos_ == "NOUN" and doc[k - 1].pos_ == "DET":
            return gender_of([doc[k - 1], doc[k]])
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
        if subj.pos_ == "PRON" and "Rel" in feat(subj, "PronType") and verb.dep_.startswith("acl"):
            subj = verb.head  # "la start-up, qui affirme que …"
            low = normalise_for_matching(subj.text).lower()
        if subj.pos_ == "PRON" and low in _PRON_GENDER:
            if (subj.dep_ == "expl:subj" or subj.lower_ == "il" and subj.dep_.startswith("expl")) \
                    and not self._personal_reporting(verb):
                return None, None  # "il faut", "il est dit que": impersonal
            g = _PRON_GENDER[low] or (feat(subj, "Gender") or [None])[0]
            return None, (subj.idx, g, "pron", subj.text.lstrip("-"))
        if low in _GENERIC_SUBJECTS:
            return None, None
        member = self.named_member(subj)
        if member is not None:  # "les syndicats, dont la CGT, ont dénoncé": the named member speaks
            return member
        span_toks = self._np_tokens(subj)
        span_text = self.text[span_toks[0].idx:span_toks[-1].idx + len(span_toks[-1])]
        if _DEMONSTRATIVES.match(normalise_for_matching(span_text).strip()) or low in ("celui", "celle"):
            g = gender_of(span_toks) or ("Fem" if "dernière" in span_text or "celle" in low else "Masc")
            return None, (subj.idx, g, "any", span_text)
        return self.speaker_from_np(span_toks)

    def _personal_reporting(self, verb) -> bool:
        """An active, non-reflexive reporting verb: its "il" is a person even when the parser read it
        as impersonal ("Très ému, il confie que …"); "il est dit que", "il se dit que" stay impersonal."""
        if reporting_lemma(verb, self.verbs) is None or verb.lemma_ in ("être", "avoir"):
            return False
        return not any(c.dep_ in ("aux:pass", "expl:pass", "expl:pv", "expl:comp") or c.lower_ in ("se", "s'", "s’")
                       for c in verb.children)

    def named_member(self, head) -> tuple[Speaker, None] | None:
        """(speaker, None) for a group subject followed by the member the article names in it:
        "les syndicats de cheminots, dont la CGT, ont dénoncé …" is the CGT's statement (the group
        itself is a description with no name). Only "dont" + a name with no verb before the next
        comma: "dont la plupart", "dont le siège est à Lyon" are no member."""
        doc = self.doc
        np = self._np_tokens(head)
        k = np[-1].i + 1
        if not (k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ == "dont"):
            return None
        end = k + 2
        while end < len(doc) and doc[end].text not in (",", ";", ".", ":", "(", ")") and end - k < 14:
            if doc[end].pos_ in ("VERB", "AUX"):
                return None
            end += 1
        if end >= len(doc) or doc[end].text != ",":
            return None
        member = list(doc[k + 2:end])
        names = [t for t in member if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN") or t.ent_type_ in ("PER", "ORG")]
        if not names or any(t.pos_ == "CCONJ" for t in member):
            return None  # "dont X et Y": several members, none speaks alone
        text = self.text[member[0].idx:member[-1].idx + len(member[-1])]
        ent = self.identity.entity_at(names[0].idx, names[0].idx + len(names[0]))
        if ent is not None:
            return self.speaker_of_entity(ent, text), None
        sp, _ = self.speaker_from_np(member)  # "dont la Fédération autonome du rail": a name the tagger missed
        return (sp, None) if sp is not None and sp.name[:1].isupper() else None

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
        while lo - 1 >= 0 and (lo - 1 in keep or glued(doc, lo - 1, lo)
                               or doc[lo - 1].pos_ == "PROPN" == doc[lo].pos_ and _name_word(doc[lo - 1])) \
                and doc[lo - 1].text != ",":
            lo -= 1
        while hi + 1 < len(doc):
            nxt = doc[hi + 1]
            if nxt.text == "," and hi + 2 < len(doc) and doc[hi + 2].i in keep \
                    and (doc[hi + 2].pos_ == "PROPN" or doc[hi + 2].ent_type_ in ("PER", "ORG")) \
                    and doc[hi + 2].dep_ in ("appos", "flat:name", "nmod"):
                hi += 1
                continue
            if (nxt.i in keep or glued(doc, hi, hi + 1)) and nxt.text not in (",", ";", ".", "«", "»", '"'):
                hi += 1
                continue
            break
        return list(doc[lo:hi + 1])

    def speaker_from_np(self, toks) -> tuple[Speaker | None, tuple | None]:
        """The speaker a noun phrase names or describes; (None, None) when it is no speaker
        (a document, a genre, an abstraction: "le rapport", "le refus")."""
        cut = next((k for k, t in enumerate(toks) if k and t.text in ("«", "“", '"')), None)
        if cut is not None:  # "un rapport de l'institut sur « Les revenus … »": a title is no part of the name
            toks = toks[:cut]
            while len(toks) > 1 and toks[-1].pos_ in ("ADP", "DET", "PUNCT"):
                toks = toks[:-1]
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        text = self.text[start:end]
        mentions = self.registry.find_mentions(text, start)
        head = next((t for t in toks if t.head not in toks or t.head == t), toks[0])
        head_low = normalise_for_matching(compound(self.doc, head)).lower()
        det_poss = any(c.dep_ == "det" and "Yes" in feat(c, "Poss") for c in head.children)
        ident = self.identity
        # a name apposed to the head or being the head: "la procureure …, Mme X", "un manifestant, X"
        def covers_head(m):
            return m.start <= head.idx < m.end

        named = self._named_entity(toks, head) or self._apposed_after(toks) or self._apposed_before(toks)
        if any(m.start <= head.idx < m.end and not (
                named is not None and named[1] != head and named[0].kind != ORG and _is_description(m.text)
                and not m.start <= named[1].idx < m.end) for m in mentions):
            # the registry knows the head's name ("le PDG d'Aleph Alpha" as an alias); a person the
            # article names in apposition to a registry description wins over it: "le ministre de
            # l'Économie, Jean Dupont" is Jean Dupont whoever holds the post in the registry
            named = None
        if named is not None and not (head_low in SPOKES_NOUNS and named[1] != head and named[0].kind == ORG):
            if not any(m.start <= named[1].idx < m.end for m in self.registry.find_mentions(
                    named[1].text, named[1].idx)):
                return self.speaker_of_entity(named[0], text), None
        if mentions and not (len(mentions) == 1 and _is_description(mentions[0].text) and covers_head(mentions[0])
                             and any(c.dep_ == "amod" and c.i > head.i and c.idx >= mentions[0].end
                                     for c in head.children)):
            # the mention that covers the head or a name apposed to it wins; a spokesperson
            # ("le porte-parole de Microsoft") speaks for the organisation in the nmod
            def covers(m, t):
                return m.start <= t.idx < m.end
            for m in mentions:
                if covers(m, head) and _is_description(m.text) and any(
                        c.dep_ == "amod" and c.i > head.i and c.idx >= m.end for c in head.children):
                    mentions = [x for x in mentions if x is not m]  # "le gouvernement malien" is not "le gouvernement"
            for m in mentions:
                if covers(m, head):
                    if m.text[:1].islower():  # a description alias: the article's own naming wins
                        ent = ident.by_description(noun_key(head.text), self._desc_text(head), start)
                        noun = ident.noun(head.text)
                        if ent is not None and noun is not None and ent.kind == noun.kind \
                                and not any(start <= p < end for p in ent.positions):
                            return self.speaker_of_entity(ent, text), None
                    return self.speaker_of_actor(m.actor, text), None
            for m in mentions:
                if any(covers(m, c) for c in head.children if c.dep_ in ("appos", "flat:name", "nmod")):
                    return self.speaker_of_actor(m.actor, text), None
            return self.speaker_of_actor(mentions[0].actor, text), None
        if head_low in SPOKES_NOUNS and det_poss:
            return None, (start, None, "org", text)  # ses représentants -> the company
        if head_low in ("source", "sources") and det_poss:
            return None, (start, None, "pron", text)  # "selon ses sources": the one whose sources they are
        if head_low in ORG_NOUNS or (head_low == "pousse" and "jeune" in text.lower()):
            if any(c.dep_ == "det" and c.lower_ in ("la", "le", "l'", "l’", "cette", "ce") for c in head.children) \
                    and any(m.is_company for m in self.mentions if m.end <= start):
                return None, (start, None, "org", text)  # la start-up -> the company mentioned before
        # a spokesperson or a document speaks for the organisation it belongs to:
        # "le porte-parole de la police", "un rapport établi par l'institut"
        if head_low in SPOKES_NOUNS or head_low in DOCUMENT_NOUNS:
            person = next((e for e in (ident.entity_at(t.idx, t.idx + len(t)) for t in toks if t.i > head.i
                                       and t.ent_type_ == "PER") if e is not None and e.kind == "person"), None)
            if person is not None and head_low in SPOKES_NOUNS:  # "le président de l'Assemblée Jean Dupont"
                return self.speaker_of_entity(person, text), None
            owner = self._owner(head, toks)
            if owner is not None:
                return owner
            if head_low in DOCUMENT_NOUNS:
                return None, None
        if (_QUANTIFIED.match(fold(text)) or any(c.i < head.i and fold(c.text) in _QUANTIFIERS for c in head.children)) \
                and not any(t.pos_ == "PROPN" for t in toks):
            return None, None  # "plusieurs associations", "de nombreux habitants": no one in particular
        noun = ident.noun(head.text) if head.pos_ in ("NOUN", "ADJ") else None
        if noun is not None:
            # a description of someone the article names: "le ministre", "l'ONG", "son complice"
            ent = ident.by_description(noun_key(head.text), self._desc_text(head), start, None)
            anaphoric = self._definite(head) and self._bare(head, noun.kind)
            if ent is None and anaphoric:
                ent = self._recent(noun.kind, start)
            if ent is None and anaphoric and noun.kind == "person":
                # "l'universitaire", "le même chercheur": the last person the article introduced with a role
                ent = next((e for _, e in sorted(((max(p for p in e.positions if p < start), e)
                                                  for e in ident.entities if e.kind == "person" and e.nouns
                                                  and any(p < start for p in e.positions)), key=lambda x: -x[0])), None)
            if ent is None and noun.kind == ORG and head_low in GENERIC_ORG_HEADS and self._definite(head):
                ent = self._anchored_description(head)  # "X a menacé … ; l'organisation écologiste justifie"
            if ent is not None:
                return self.speaker_of_entity(ent, text), None
        names = [t for t in toks if t.pos_ == "PROPN"]
        if names and noun is not None and noun.kind == ORG and head.i < names[0].i \
                and self.doc[names[0].i - 1].pos_ != "ADP":  # "l'ONG Terre Vivante": the name itself
            ent = ident.entity_at(names[0].idx, names[-1].idx + len(names[-1]))
            return (self.speaker_of_entity(ent, text) if ent is not None
                    else Speaker(clean_name(self.text[names[0].idx:toks[-1].idx + len(toks[-1])]), text, noun.role,
                                 noun.kind)), None
        if names and noun is not None and noun.kind == ORG and head.i < names[0].i:
            # "l'université de Caen", "la police de Madrid": the organisation, named by the whole phrase
            core = re.sub(r"^(les?|la|l['’]|des?|du|une?|ces?|cette|ses?|sa|son|leurs?)\s*", "", text.strip(), flags=re.I)
            return Speaker(core, text, noun.role, noun.kind), None
        if names:
            nm = clean_name(self.text[names[0].idx:names[-1].idx + len(names[-1])])
            ent = ident.by_name(nm, start)
            if ent is not None:
                return self.speaker_of_entity(ent, text), None
            if nm:
                return Speaker(nm, text, noun.role if noun else UNKNOWN_ROLE, noun.kind if noun else ""), None
        if noun is None or not noun.bare or _AGE_ONLY.search(text):
            return None, None  # not a person or an organisation: no speaker
        core = re.sub(r"^(les?|la|l['’]|des?|du|une?|ces?|cette|ses?|sa|son|leurs?)\s+", "", text.strip(), flags=re.I)
        return Speaker(core or UNKNOWN_SPEAKER, text, noun.role, noun.kind), None

    def speaker_of_entity(self, ent: Entity, text: str) -> Speaker:
        actor = self.registry.resolve(ent.name) or next(
            (a for a in (self.registry.resolve(f) for f in sorted(ent.forms, key=len, reverse=True)) if a), None)
        if actor is None:  # a registry name inside a longer entity ("l'Économie Bruno Le Maire")
            actor = next((m.actor for m in self.registry.find_mentions(ent.name) if m.text[:1].isupper()
                          and (m.actor.role == "company") == (ent.kind == ORG)), None)
        if actor is not None:
            return Speaker(actor.name, text.strip(), actor.role, ent.kind)
        return Speaker(ent.name, text.strip(), ent.role, ent.kind)

    def _named_entity(self, toks, head):
        """(entity, token) of a person or organisation named by the head or apposed to it."""
        ident = self.identity
        order = [head] + [c for c in head.children if c.dep_ in ("appos", "flat:name")] + \
            [t for t in toks if t.dep_ == "appos" and t.head == head]
        for t in order:
            if t not in toks:
                continue
            ent = ident.entity_at(t.idx, t.idx + len(t))
            if ent is not None:
                return ent, t
        return None

    def _apposed_after(self, toks):
        """(entity, token) of a name right after the phrase and a comma: "un manifestant, Jean Dupont"."""
        doc, k = self.doc, toks[-1].i + 1
        if k + 1 < len(doc) and doc[k].text == ",":
            n = k + 1
            while n < len(doc) and n < k + 3 and doc[n].lower_ in _TITLE_WORDS:
                n += 1  # "la procureure du tribunal, Mme Anne Roy"
            if n < len(doc) and doc[n].ent_type_ == "PER":
                ent = self.identity.entity_at(doc[n].idx, doc[n].idx + len(doc[n]))
                if ent is not None:
                    return ent, doc[n]
        return None

    def _apposed_before(self, toks):
        """(entity, token) of a person named right before the phrase and a comma, the phrase being
        an apposition the parser took for the subject: "Jean Dupont, ancien ouvrier, se souvient"."""
        doc, k = self.doc, toks[0].i - 1
        if not (k >= 1 and doc[k].text == "," and toks[0].pos_ in ("ADJ", "DET", "NOUN")):
            return None
        if doc[k - 1].ent_type_ == "PER":
            ent = self.identity.entity_at(doc[k - 1].idx, doc[k - 1].idx + len(doc[k - 1]))
            if ent is not None and ent.kind == "person":
                return ent, doc[k - 1]
        lo = k - 1  # two capitalised names the tagger missed: "Jean Dupont, ancien ouvrier, …"
        while lo - 1 >= 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].text[:1].isupper():
            lo -= 1
        if doc[k - 1].pos_ == "PROPN" and k - lo >= 2 and (lo == 0 or doc[lo].is_sent_start or doc[lo - 1].is_punct):
            name = self.text[doc[lo].idx:doc[k - 1].idx + len(doc[k - 1])]
            return (self.identity.by_name(name, doc[lo].idx) or Entity(clean_name(name), "person")), doc[lo]
        return None

    def _owner(self, head, toks):
        """The speaker of the organisation in "<noun> de X" / "<noun> établi par X"."""
        for t in sorted({*toks, *head.children}, key=lambda x: x.i):
            if t.i <= head.i or t.dep_ not in ("nmod", "obl:agent", "obl:arg", "obl") or t.pos_ not in ("NOUN", "PROPN"):
                continue
            if not any(c.lower_ in ("de", "du", "des", "d'", "d’", "par") for c in t.children if c.dep_ == "case"):
                continue
            sub = self._np_tokens(t)
            sub = [x for x in sub if x.i >= t.i or x.dep_ == "det"]
            sp, ana = self.speaker_from_np(sub)
            if sp is not None or ana is not None:
                return sp, ana
        # the parser may hang "par X" on the participle: "un rapport établi par X"
        for c in head.children:
            if c.pos_ in ("VERB", "ADJ") and c.dep_ in ("acl", "amod"):
                for a in c.children:
                    if a.dep_ in ("obl", "obl:agent", "obl:arg", "obl:mod", "nmod") and a.pos_ in ("NOUN", "PROPN") \
                            and any(x.lower_ == "par" for x in a.children):
                        sp, ana = self.speaker_from_np([x for x in self._np_tokens(a) if x.i >= a.i or x.dep_ == "det"])
                        if sp is not None or ana is not None:
                            return sp, ana
        return None

    def _anchored_description(self, head) -> Entity | None:
        """The organisation a description with adjectives ("l'organisation écologiste", "la compagnie
        aérienne") stands for: the organisation named as the subject of a clause earlier in the same
        sentence as this description or as another use of the same description in the article
        ("X avait menacé les ponts ; l'organisation écologiste justifie …"): one description, one
        referent in an article. None when no use of it follows such a subject."""
        adjs = [c for c in head.children if c.dep_ == "amod" and c.i > head.i]
        if not adjs or any(c.dep_ not in ("det", "case", "amod", "punct", "acl:relcl", "acl") for c in head.children):
            return None
        last = max(adjs, key=lambda c: c.i)
        phrase = self.text[head.idx:last.idx + len(last)]
        uses = sorted((m.start() for m in re.finditer(re.escape(phrase), self.text, re.I)), key=lambda p: abs(p - head.idx))
        for p in uses:
            sent = self.sentence_at(p)
            if sent is None:
                continue
            k = self.sentences.index(sent)
            start = sent.start  # a clause before a semicolon may be a sentence of its own
            while k > 0 and self.text[:start].rstrip().endswith(";"):
                k -= 1
                start = self.sentences[k].start
            best = None
            for s, e, ent in self.identity._occ:
                if s >= p:
                    break
                if s >= start and ent.kind == ORG and not self.in_quote(s) and any(
                        t.dep_ in ("nsubj", "nsubj:pass") for t in tokens_in(self.doc, s, e)):
                    best = ent
            if best is not None:
                return best
        return None

    def _desc_text(self, head) -> str:
        right = [c for c in head.subtree if c.i >= head.i and c.text not in (",", "(", ")")][:6]
        return role_left(head) + fold(" ".join(t.text for t in right))

    def _definite(self, head) -> bool:
        """"le ministre", "cette organisation", "son complice", "le même chercheur"."""
        return any(c.dep_ == "det" and (c.lower_ in ("le", "la", "l'", "l’", "les", "ce", "cet", "cette", "ces")
                                        or "Yes" in feat(c, "Poss")) for c in head.children)

    def _bare(self, head, kind: str) -> bool:
        """"l'expert", "le même chercheur", "son complice", "l'organisation": no modifier that makes
        the description one of its own ("le premier ministre", "la ministre de la Justice", "le
        gouvernement malien")."""
        return all(c.dep_ in ("det", "punct", "case") or c.lower_ in ("même", "dernier", "dernière")
                   for c in head.children)

    def _recent(self, kind: str, pos: int) -> Entity | None:
        """The person or organisation named last (outside quotes) in the three sentences before ``pos``."""
        sent = self.sentence_at(pos)
        idx = self.sentences.index(sent) if sent in self.sentences else 0
        window = self.sentences[max(0, idx - 3)].start if self.sentences else 0
        return self.identity.nearest(kind, pos, window, skip=self.in_quote)

    def subject_of(self, verb, exclude: tuple[int, int] | None = None):
        v = verb
        for _ in range(3):
            for c in v.children:
                if (c.dep_ in ("nsubj", "nsubj:pass") or c.dep_ == "expl:subj" and c.lower_ in ("il", "elle")
                        and self._personal_reporting(v)) and c.lower_ not in ("-t", "-t-", "t"):
                    if (exclude and exclude[0] <= c.idx < exclude[1]) or self.in_quote(c.idx):
                        continue  # a subject inside the quote is not its speaker
                    return self._nearest_subject(c, v)
            if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
                v = v.head
                continue
            break
        # a participle the parser hung on a noun ("X a de son côté dénoncé", read as "côté dénoncé"):
        # the subject of the auxiliary it follows
        h = verb.head
        for _ in range(2):
            if h is verb or h.i > verb.i:
                break
            if h.pos_ in ("VERB", "AUX") and h.lemma_ in ("avoir", "être"):
                subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i < verb.i
                             and not self.in_quote(c.idx)), None)
                if subj is not None:
                    return subj
            h = h.head
        return None

    def _fronted_participles(self, pos: int) -> list[tuple[int, int]]:
        """Character spans of the participle phrases in front of the pronoun at ``pos`` and attached to its
        verb ("Surpris par la décision de X, il …"): their implicit subject is the pronoun, so nobody
        named inside them is its antecedent."""
        span = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None:
            return []
        pron = span[0]
        out = []
        for c in pron.head.children:
            if c.i < pron.i and c.dep_ in ("advcl", "acl", "xcomp", "amod", "dep") and "Part" in feat(c, "VerbForm"):
                toks = list(c.subtree)
                out.append((toks[0].idx, toks[-1].idx + len(toks[-1])))
        head = pron.head.head  # the parser may make the participle the root and the pronoun's verb its dependent
        if head.i < pron.i and pron.head.dep_ in ("parataxis", "conj", "ccomp") and "Part" in feat(head, "VerbForm"):
            out.append((next(head.subtree).idx, pron.idx))
        return out

    def _main_subject(self, m: Mention) -> bool:
        """The mention is the subject of its sentence's main verb."""
        return any(t.dep_ in ("nsubj", "nsubj:pass") and t.head.dep_ == "ROOT" for t in tokens_in(self.doc, m.start, m.end))

    def _nearest_subject(self, subj, verb):
        """"Excellente nouvelle, la start-up annonçait": the noun phrase right before the verb
        is the subject when the parsed one lies across a comma."""
        doc = self.doc
        if subj.i > verb.i or not any(t.text == "," for t in doc[subj.i:verb.i]):
            return subj
        k = verb.i - 1
        while k > subj.i and (doc[k].pos_ in ("ADV", "AUX") or doc[k].lower_ in ("se", "s'", "s’", "ne", "n'", "n’")):
            k -= 1
        if doc[k].pos_ in ("NOUN", "PROPN", "X", "PRON") and doc[k].text != "," \
                and not any(c.dep_ == "case" for c in doc[k].children):  # "X, lui, a pour sa part ajouté"
            while k > 0 and glued(doc, k - 1, k):
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
        if kind == "pron":  # "Surpris par la politique du président X, il déclara": il is not X
            fronted = self._fronted_participles(pos)
            cands = [m for m in cands if not any(a <= m.start < b for a, b in fronted)]
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
        near = [p for p in pool if p[0] >= window_start]
        if not near and kind == "pron":  # "il" continuing a paragraph about one person named at its start
            para = next((p for p in self.paragraphs if p.start <= pos < p.end), None)
            near = [p for p in pool if para is not None and p[0] >= para.start]
        pool = near
        chosen = None
        if kind == "pron" and sent is not None:  # a person named earlier in the same sentence
            scope = min(scope, sent.start) if scope is not None else sent.start
            chosen = next((p for p in pool if p[0] >= scope and isinstance(p[2], Mention) and p[2].is_person
                           and (p[1] == gender or p[1] is None or not gender)), None)
        if chosen is None and kind == "pron" and pool and isinstance(pool[0][2], Speaker) and sent is not None \
                and pool[0][0] >= self.sentences[max(0, idx - 1)].start:
            chosen = pool[0]  # "« … », ajoute X. « Moi, dit-il, … »": the speaker of the quote just before goes on
        if chosen is None and kind == "pron" and sent is not None and sent in self.sentences:
            # "X a appris la nouvelle, alors qu'il devait voir Y. Très ému, il confie …": the subject of the
            # sentence before (the centre of attention) is preferred to a later mention in it
            k = self.sentences.index(sent)
            prev = self.sentences[k - 1] if k else None
            if prev is not None and not any(prev.end <= p.start < sent.start for p in self.paragraphs):
                chosen = next((p for p in pool if prev.start <= p[0] < prev.end and isinstance(p[2], Mention)
                               and p[2].is_person and (p[1] == gender or p[1] is None or not gender)
                               and self._main_subject(p[2])), None)
        if kind == "any":  # "cette dernière": the latest mention (the antecedent's noun carries the gender)
            gender = None
        if chosen is None and gender:
            chosen = next((p for p in pool if p[1] == gender), None)
        if chosen is None:
            chosen = next((p for p in pool if p[1] is None or not gender), None)
        if chosen is None and kind == "pron" and text.lower() in ("eux", "ils", "elles"):
            # "selon eux": a group the article named, an organisation or a movement
            org = self.identity.nearest(ORG, pos, window_start, skip=self.in_quote)
            if org is not None:
                return self.speaker_of_entity(org, text)
        if chosen is None:
            return Speaker(UNKNOWN_SPEAKER, text, UNKNOWN_ROLE)
        obj = chosen[2]
        if isinstance(obj, Speaker):
            return Speaker(obj.name, text, obj.role, obj.kind)
        if obj.actor:
            return Speaker(obj.actor.name, text, obj.actor.role, "person" if obj.is_person else "")
        return Speaker(obj.name, text, UNKNOWN_ROLE, "person" if obj.is_person else "")



def _name_word(tok) -> bool:
    """A word that can begin or continue a name: capitalised or a particle ("de", "van"); a
    nationality adjective the tagger read as a proper noun ("le président afghan X") is not."""
    return tok.text[:1].isupper() or tok.lower_ in PARTICLES
