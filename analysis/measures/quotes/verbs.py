"""Reporting verbs (``data/reporting_verbs.tsv``): loading and recognising them in the parse."""
from __future__ import annotations

import csv
import re
from pathlib import Path

from analysis.corpus.textutil import normalise_for_matching
from analysis.knowledge import DEFAULT_DATA_DIR

from .doc_helpers import feat
from .model import NEUTRAL, STANCES, VERBS_FILE

#: Value of the ``object`` column for verbs whose noun-phrase object is reported speech.
NOUN_OBJECT = "noun"
#: Value of the ``object`` column for verbs that introduce quoted words only ("parlant d'un « fiasco »"),
#: never indirect speech ("il parle de partir" reports nothing).
QUOTE_ONLY = "quote"


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


def parse_noun_object_verbs(text: str, value: str = NOUN_OBJECT) -> frozenset[str]:
    """Lemmas whose ``object`` column is ``value`` ("noun": their noun-phrase object is a statement;
    "quote": they introduce quoted words only)."""
    out = set()
    for row in csv.reader((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), delimiter="\t"):
        if len(row) > 3 and row[0].strip() != "lemma" and row[3].strip() == value:
            out.add(normalise_for_matching(row[0]).strip().lower())
    return frozenset(out)


def load_quote_only_verbs(knowledge) -> frozenset[str]:
    def _load(k):
        path = _verbs_path(k)
        return parse_noun_object_verbs(path.read_text(encoding="utf-8"), QUOTE_ONLY) if path.exists() else frozenset()

    return knowledge.get("quote_only_verbs", _load)


def _verbs_path(k) -> Path:
    path = Path(k.data_dir) / VERBS_FILE
    return path if path.exists() else DEFAULT_DATA_DIR / VERBS_FILE


def load_noun_object_verbs(knowledge) -> frozenset[str]:
    def _load(k):
        path = _verbs_path(k)
        return parse_noun_object_verbs(path.read_text(encoding="utf-8")) if path.exists() else frozenset()

    return knowledge.get("noun_object_verbs", _load)


def load_reporting_verbs(knowledge) -> dict[str, str]:
    def _load(k):
        path = _verbs_path(k)
        return parse_reporting_verbs(path.read_text(encoding="utf-8")) if path.exists() else {}

    return knowledge.get("reporting_verbs", _load)


def _is_reflexive(tok) -> bool:
    return any(c.dep_.startswith("expl") or (c.lower_ in ("se", "s'", "s’") and c.i < tok.i)
               for c in tok.children if c.lower_ in ("se", "s'", "s’", "me", "m'", "nous", "vous"))


#: First words of multi-word reporting verbs ("faire savoir"): the phrase is the verb, its first
#: word (which carries the subject and the tense) stands for it in the parse.
_PHRASE_HEADS = frozenset({"faire"})


def phrase_tail(tok, lemma: str):
    """The last token of a multi-word reporting verb headed by ``tok`` ("savoir" of "a fait
    savoir"), or None for a one-word verb."""
    if " " not in lemma or lemma.startswith(("se ", "s'")):
        return None
    return next((t for t in tok.doc[tok.i + 1:tok.i + 3] if t.pos_ != "ADV"), None)


def reporting_lemma(tok, verbs: dict[str, str], any_pos: bool = False) -> str | None:
    """The reporting-verb key of a token ("se réjouir", "dire"…) or None. ``any_pos``: also for a
    token the tagger read as a noun or an adjective (the caller knows it is the clause's verb)."""
    if not any_pos and tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ in ("NOUN", "ADJ") and tok.tag_ == "VERB"):
        if tok.pos_ not in ("VERB",):
            return None
    lemma = normalise_for_matching(tok.lemma_).lower()
    if lemma not in verbs and not re.search(r"(er|ir|re)$", lemma):
        lemma = _guess_infinitive(normalise_for_matching(tok.text).lower()) or lemma
    if lemma in _PHRASE_HEADS:  # "a fait savoir que": the phrase, not "faire" alone
        nxt = next((t for t in tok.doc[tok.i + 1:tok.i + 3] if t.pos_ != "ADV"), None)
        phrase = f"{lemma} {normalise_for_matching(nxt.lemma_).lower()}" if nxt is not None else ""
        return phrase if phrase in verbs and "Inf" in feat(nxt, "VerbForm") else None
    if _is_reflexive(tok):
        for pre in ("se ", "s'"):
            if pre + lemma in verbs:
                return pre + lemma
        if lemma == "dire":
            return "se dire" if "se dire" in verbs else None
    if lemma in _CONDEMN and _not_a_statement(tok):
        return None
    return lemma if lemma in verbs else None


#: Verbs that are a statement ("ont condamné ces attaques") only outside their judicial sense (a
#: person condemned to a penalty: "condamné à deux ans", "l'a condamné", passive) and their
#: physical one (a door or a road closed off: "condamner l'accès").
_CONDEMN = frozenset({"condamner"})
_CLOSED_OFF = frozenset("accès porte portes entrée entrées issue issues fenêtre fenêtres route routes rue rues "
                        "voie voies passage passages pont ponts".split())


_PENALTY = frozenset("prison réclusion perpétuité amende amendes peine peines sursis ferme mois an ans années "
                     "euros travaux".split())


def _not_a_statement(tok) -> bool:
    if any(t.i > tok.i and t.lower_ in _PENALTY for t in tok.subtree):
        return True  # "a condamné l'ancien trésorier à six mois de prison"
    for c in tok.children:
        if c.dep_ in ("aux:pass", "nsubj:pass") or c.dep_.startswith("obl") and any(
                x.lower_ in ("à", "au", "aux") for x in c.children if x.dep_ == "case"):
            return True  # "a été condamné", "condamné à six mois de prison"
        if c.dep_ == "obj" and (c.pos_ in ("PRON", "PROPN") or c.ent_type_ == "PER"
                                or normalise_for_matching(c.text).lower() in _CLOSED_OFF):
            return True  # "l'a condamné", "a condamné Paul Martin", "a condamné l'accès"
    return False


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


def negated(tok) -> bool:
    return any(c.lower_ in ("ne", "n'", "n’", "pas", "jamais", "guère", "nullement") for c in tok.children)

