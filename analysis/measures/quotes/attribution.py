"""Attribution: which reporting verb, colon, source phrase or layout gives each quote its speaker."""
from __future__ import annotations

import re

from analysis.corpus.clean import Segment
from analysis.corpus.sentences import Sentence
from analysis.corpus.textutil import normalise_for_matching
from analysis.measures.actors import UNKNOWN_ROLE, Registry

from .doc_helpers import (
    feat,
    has_finite_verb,
    has_verb,
    text_words,
    tokens_in,
    trim_span,
)
from .model import (
    CUE_AFTER,
    CUE_AVIS,
    CUE_COLON,
    CUE_DAPRES,
    CUE_FOLLOW,
    CUE_INTERVIEW,
    CUE_NONE,
    CUE_POUR,
    CUE_SELON,
    DIRECT,
    INDIRECT,
    INTERVIEW,
    NEUTRAL,
    NO_STANCE,
    PARTIAL,
    UNKNOWN_SPEAKER,
    Quote,
    Speaker,
)
from .spans import interview_layout, is_name_or_title, quote_mark_spans
from .speakers import ArticleState
from .verbs import negated, phrase_tail, reporting_lemma


def extract_quotes(doc, text: str, segments: list[Segment], sentences: list[Sentence],
                   registry: Registry, verbs: dict[str, str], genre: str = "", tokens=None,
                   nouns: dict | None = None, noun_verbs: frozenset[str] = frozenset(),
                   quote_only: frozenset[str] = frozenset()) -> list[Quote]:
    """``tokens``: the doc's :class:`~analysis.engine.tokens.TokenTable` when the caller has it;
    ``noun_verbs``: reporting verbs whose noun-phrase object is a statement ("X constate une hausse");
    ``quote_only``: reporting verbs that introduce quoted words only ("parlant d'un « fiasco »")."""
    art = ArticleState(doc, text, segments, sentences, registry, verbs, pos=tokens.pos if tokens is not None else None,
                       nouns=nouns)
    art.noun_verbs = noun_verbs
    art.quote_only = quote_only
    quotes: list[Quote] = []
    layout = interview_layout(art, genre)
    for p in art.paragraphs:
        role = layout.get(p.start)
        if role and role[0] == "a":
            s, e = trim_span(text, role[2], p.end)
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
    for p in art.paragraphs:
        if p.start in answered:
            continue
        para_sents = _split_after_the_fact(art, [s for s in art.sentences if p.start <= s.start < p.end])
        for prev, sent in zip(para_sents, para_sents[1:]):
            quotes.extend(_after_the_fact(art, prev, sent, quotes))
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


def cue_from_verb(art: ArticleState, v) -> tuple[str, str] | None:
    lemma = reporting_lemma(v, art.verbs)
    if lemma is None or negated(v):
        return None
    return lemma, art.verbs[lemma]


def attrib_from_verb(art: ArticleState, v, inverted: bool = False, exclude=None):
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



def _mark_quotes(art: ArticleState, para: Segment, cs: int, ce: int, closed: bool, prior: list[Quote]) -> list[Quote]:
    text, doc = art.text, art.doc
    s0, e0 = trim_span(text, cs, ce)
    if s0 >= e0:
        return []
    inner = tokens_in(doc, s0, e0)
    words = text_words(text[s0:e0])
    sent_first = art.sentence_at(cs - 1) or art.sentence_at(cs)
    sent_last = art.sentence_at(min(ce, para.end - 1)) or sent_first
    sent_start = sent_first.start if sent_first else para.start
    sent_end = sent_last.end if sent_last else para.end
    pre = [t for t in tokens_in(doc, sent_start, cs - 1)]
    post = [t for t in tokens_in(doc, ce + 1, sent_end)] if closed else []
    sentence_like = len(words) >= 5 and has_verb(inner)
    if is_name_or_title(art, s0, e0, inner):
        return []

    def make(kind, cue, stance, speaker=None, anaphor=None, span=(s0, e0)):
        if anaphor is not None and len(anaphor) == 4:
            anaphor = (*anaphor, sent_start)  # a name earlier in the quote's sentence is preferred
        q = Quote(span[0], span[1], kind, cue, stance, speaker or Speaker(), anaphor)
        art.quote_spans.append(span)
        return q

    def from_verb(v, inverted=False):
        cue = cue_from_verb(art, v)
        if cue is None:
            return None
        res = attrib_from_verb(art, v, inverted, exclude=(cs, ce))
        if res is None and "Part" in feat(v, "VerbForm") and "Pres" in feat(v, "Tense") \
                and v.dep_ in ("advcl", "conj", "xcomp", "acl"):
            # "X défend sa décision, parlant d'un « … »": the main verb's subject, also when the parser
            # hung the participle after a comma on the verb's object
            main = v.head
            if main.pos_ == "NOUN" and main.dep_ in ("obj", "obl", "obl:arg") and doc[v.i - 1].text == ",":
                main = main.head
            if main.pos_ in ("VERB", "AUX"):
                res = attrib_from_verb(art, main, exclude=(cs, ce))
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
            a, b = trim_span(text, s0, comma.idx)
            if end_inc is not None:
                c, d = trim_span(text, end_inc.idx + 1, e0)
                out.append(make(DIRECT, lemma, stance, sp, ana, (a, b)))
                if c < d:
                    out.append(make(DIRECT, lemma, stance, sp, ana, (c, d)))
                return out
    ce_tok = post[0].i - 1 if post else len(doc)
    # 2. incise after the quote (the first reporting verb after it in the sentence, inverted)
    for v in post:
        if v.pos_ != "VERB":
            continue
        got = from_verb(v, inverted=True) or _pronoun_incise(art, v, (cs, ce))
        if got:
            subj = art.subject_of(v, exclude=(cs, ce))
            # "« … » avait-il lancé": the pronoun glued to the auxiliary is an inverted subject
            inverted = subj is None or subj.i > v.i or (subj.text.startswith("-") and subj.i > ce_tok)
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
            src = tokens_in(doc, prev.start, prev.end) if prev and art.text[prev.start:prev.end].rstrip().endswith(":") else []
        for v in reversed(src):
            got = from_verb(v)
            if got:
                (lemma, stance), (sp, ana) = got
                return [make(DIRECT, lemma, stance, sp, ana)]
        if pre_text.endswith(":"):
            got = _subject_taken_by_the_quote(art, src, cs, ce)
            if got is not None:
                (lemma, stance), (sp, ana) = got
                return [make(DIRECT, lemma, stance, sp, ana)]
        if src and pre_text.endswith(":") and (sentence_like or len(words) >= 3):
            # any verb before the colon: "X a ensuite défendu sa décision : « … »", "X se souvient : « … »"
            v = next((t for t in reversed(src) if t.pos_ == "VERB" and ("Fin" in feat(t, "VerbForm") or any(
                c.dep_.startswith("aux") for c in t.children))), None)  # "lors d'une virulente sortie": a noun, no verb
            last = src[-2] if len(src) >= 2 and src[-1].text == ":" else None
            if last is not None and last.dep_ == "ROOT" and reporting_lemma(last, art.verbs, any_pos=True):
                v = last  # "X, jeune témoin de la scène, raconte :" with "raconte" tagged as an adjective
            res = attrib_from_verb(art, v, exclude=(cs, ce)) if v is not None and not negated(v) else None
            if res is not None and res != (None, None):
                return [make(DIRECT, CUE_COLON, NO_STANCE, res[0], res[1])]
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
    sent_toks = tokens_in(doc, sent_start, sent_end)
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
        if len(words) >= 8 and has_finite_verb(inner):
            return [make(DIRECT, CUE_NONE, NO_STANCE)]
    return []  # scare quotes: a term, a title, a name


def _subject_taken_by_the_quote(art: ArticleState, src, cs: int, ce: int):
    """"X, ministre de …, a pour sa part ajouté : « Nous … »" with the parser making X the subject
    of the quote's verb (or the root of the sentence) and the reporting verb a dependent of a noun:
    the clause's first such noun speaks, when a reporting verb ends the clause before the colon."""
    verb = next((t for t in reversed(src[-4:]) if t.pos_ == "VERB"), None)
    if verb is None or negated(verb):
        return None
    cue = cue_from_verb(art, verb)
    if cue is None:
        return None
    semi = max((t.i for t in src if t.text == ";" and t.i < verb.i), default=-1)
    clause = [t for t in src if t.i > semi]  # "D'après X, « … » ; Y, a pour sa part ajouté :": Y's clause
    subj = next((t for t in clause if t.pos_ in ("NOUN", "PROPN") and t.i < verb.i
                 and not any(c.dep_ == "case" for c in t.children)
                 and (t.dep_ == "nsubj" and (cs <= t.head.idx < ce or t.head == verb.head != verb)
                      or t.dep_ == "ROOT")), None)
    if subj is None:
        return None
    res = art.speaker_from_subject(subj, verb)
    if res == (None, None) or (res[0] is None and res[1] is None):
        return None
    return cue, res


def _pronoun_incise(art: ArticleState, v, exclude):
    """« … », lance-t-il / avait-elle lancé: any verb with an inverted subject pronoun right after a
    quote introduces it, even one too ambiguous for the reporting-verb list ("lancer")."""
    doc = art.doc
    nxt = [t for t in doc[max(0, v.i - 2):v.i + 3] if t.pos_ == "PRON" and t.text.startswith("-")
           and t.lower_.lstrip("-t") in ("il", "elle", "ils", "elles", "on")]
    if not nxt or "Fin" not in feat(v, "VerbForm") and not any(c.dep_.startswith("aux") for c in v.children):
        return None
    res = attrib_from_verb(art, v, inverted=True, exclude=exclude)
    if res is None or res == (None, None):
        return None
    lemma = normalise_for_matching(v.lemma_).lower()
    return (lemma, art.verbs.get(lemma, NEUTRAL)), res


def _same_clause(pre, v) -> bool:
    """No sentence-internal break (;) between the verb and the quote."""
    after = [t for t in pre if t.i > v.i]
    return not any(t.text in (";", ".") for t in after) and len(after) <= 12


def _paragraphs_apart(art: ArticleState, a: int, b: int) -> int:
    return sum(1 for p in art.paragraphs if a < p.start <= b)


def _may_name_source(text: str) -> bool:
    """False when ``text`` cannot hold a "selon" / "d'après" / "pour" source phrase (most sentences)."""
    lowered = text.lower()
    return "selon" in lowered or "après" in lowered or "pour" in lowered or "avis" in lowered


def _selon_source(art: ArticleState, toks):
    """("selon" | "d'après" | "pour", speaker, anaphor) for a source phrase in the sentence."""
    if not toks or not _may_name_source(art.text[toks[0].idx:toks[-1].idx + len(toks[-1])]):
        return None  # most sentences: no token to look at
    for i, t in enumerate(toks):
        low = t.lower_  # compared with plain words: no typographic character to normalise
        cue, first = None, t
        if low == "selon":
            cue = CUE_SELON
        elif low == "après" and i > 0 and normalise_for_matching(toks[i - 1].text).lower() in ("d'", "d"):
            cue = CUE_DAPRES
        elif low == "pour" and i == 0 or (low == "pour" and i > 0 and toks[i - 1].text in (",",) and i <= 3):
            cue = CUE_POUR
        elif low == "avis" and 2 <= i < len(toks) - 1 and toks[i - 2].lower_ == "de" \
                and toks[i - 1].lower_ in ("l'", "l’") and toks[i + 1].lower_ in ("de", "du", "des", "d'", "d’"):
            cue, first, t = CUE_AVIS, toks[i - 2], toks[i + 1]  # "de l'avis de X": the source follows the second "de"
        if cue is None or art.in_quote(t.idx):
            continue
        k = t.i - toks[0].i
        head = t.head if t.head.i > t.i else (toks[k + 1] if k + 1 < len(toks) else None)
        if head is None:
            continue
        while head.pos_ in ("DET", "ADP") and head.head.i > head.i:
            head = head.head  # "d'après le ministre": the noun, not its article
        if head.pos_ == "PRON" and head.i == t.i + 1 and head.lower_ in ("lui", "elle", "eux", "elles"):
            gender = "Fem" if head.lower_.startswith("elle") else "Masc"  # "selon eux", "d'après elle"
            return cue, None, (head.idx, gender, "pron", head.text), first, [head]
        np = art._np_tokens(head)
        np = [x for x in np if x.i > t.i]
        if not np:
            continue
        text_np = art.text[np[0].idx:np[-1].idx + len(np[-1])]
        mentions = art.registry.find_mentions(text_np, np[0].idx)
        has_name = any(x.pos_ == "PROPN" or x.ent_type_ in ("PER", "ORG") for x in np)
        if cue == CUE_POUR:
            nxt = art.doc[np[-1].i + 1] if np[-1].i + 1 < len(art.doc) else None
            if nxt is not None and nxt.text == "(":  # "Pour l'ALN (Armée de libération nationale), …"
                close = next((x for x in art.doc[nxt.i + 1:nxt.i + 14] if x.text == ")"), None)
                nxt = art.doc[close.i + 1] if close is not None and close.i + 1 < len(art.doc) else None
            if not (mentions or has_name) or nxt is None or nxt.text != ",":
                continue
        sp, ana = art.speaker_from_np(np)
        if sp is None and ana is None:
            continue  # "selon le rapport", "selon les chiffres": no person or organisation
        return cue, sp, ana, first, np
    return None


def _indirect_quotes(art: ArticleState, sent: Sentence, quotes: list[Quote]) -> list[Quote]:
    text, doc = art.text, art.doc
    span = doc.char_span(sent.start, sent.end, alignment_mode="contract")  # the tokens of tokens_in
    if span is None or not len(span):
        return []
    toks = None  # the sentence's Token objects, built only when a verb or a source cue needs them
    out: list[Quote] = []

    def overlaps(a, b):
        return any(q.start < b and a < q.end for q in quotes + out)

    def add(a, b, cue, stance, sp, ana):
        a, b = trim_span(text, a, b)
        if b - a < 3 or overlaps(a, b) or not text_words(text[a:b]):
            return
        out.append(Quote(a, b, INDIRECT, cue, stance, sp or Speaker(), ana))

    sel = None
    if _may_name_source(text[span.start_char:span.end_char]):  # tested before building the tokens
        toks = list(span)
        sel = _selon_source(art, toks)
    if sel is not None:
        cue, sp, ana, t, np = sel
        phrase_start, phrase_end = t.idx if cue != CUE_DAPRES else t.idx - 2, np[-1].idx + len(np[-1])
        after_np = art.doc[np[-1].i + 1] if np[-1].i + 1 < len(art.doc) else None
        # sentence-initial, also after a dateline the sentence splitter left in front ("2012. - Selon …")
        initial = t.idx - sent.start <= 3 or not re.search(r"[^\W\d_]", text[sent.start:phrase_start])
        if initial:  # "Selon une note rédigée par X sur « … », …": after the first comma
            comma = next((x for x in toks if x.i > np[-1].i and x.text == ","), None)
            if comma is not None and not any(x.pos_ in ("VERB", "AUX") and "Fin" in feat(x, "VerbForm")
                                             and not art.in_quote(x.idx) for x in toks if np[-1].i < x.i < comma.i):
                phrase_end = comma.idx + 1
        if initial or (after_np is not None and after_np.text == ","):
            add(phrase_end, sent.end, cue, NEUTRAL, sp, ana)  # "…, selon eux, il était …": what follows
        else:
            add(sent.start, phrase_start, cue, NEUTRAL, sp, ana)
    pos = art.pos
    for i in range(span.start, span.end):
        if pos[i] != "VERB":
            continue
        v = doc[i]
        if art.in_quote(v.idx):
            continue
        if "Inf" in feat(v, "VerbForm") and not (v.head.lemma_ in _ASPECT_HEADS and v.dep_ in ("xcomp", "ccomp")):
            continue  # "vient d'annoncer que", "a tenu à rappeler que": the subject of the head speaks
        # "X a demandé une enquête, estimant que …", "X a ouvert la séance en affirmant que …":
        # the present participle's speaker is the subject of the verb it depends on
        participle = "Part" in feat(v, "VerbForm") and "Pres" in feat(v, "Tense")
        if participle and not (v.dep_ in ("advcl", "conj", "xcomp", "acl") and v.head.pos_ in ("VERB", "AUX")):
            continue
        if "Part" in feat(v, "VerbForm") and not participle and not any(c.dep_.startswith("aux") for c in v.children):
            continue  # "la start-up qualifiée de …" (no subject speaks)
        cue = cue_from_verb(art, v)
        if cue is None:
            continue
        lemma, stance = cue
        if lemma in art.quote_only:
            continue  # "parler": quoted words only, never indirect speech
        if toks is None:
            toks = list(span)
        start = _complement_start(art, v, lemma, toks)
        if start is None:
            if not participle and not (lemma in art.noun_verbs and _noun_object(art, sent, v, lemma, stance, add)):
                _inverted_incise(art, sent, v, lemma, stance, add)
            continue
        res = attrib_from_verb(art, v.head if participle or "Inf" in feat(v, "VerbForm") else v)
        if res is None or res == (None, None):
            continue
        sp, ana = res
        end = sent.end
        semi = text.find(";", start, end)
        if semi > 0:
            end = semi
        add(start, end, lemma, stance, sp, ana)
    return out


#: Verbs whose infinitive complement's words are their subject's: "vient d'annoncer", "tient à rappeler".
_ASPECT_HEADS = frozenset("venir tenir vouloir souhaiter aller".split())


def _inverted_incise(art: ArticleState, sent: Sentence, v, lemma: str, stance: str, add) -> None:
    """Reported speech before an inverted incise at the end of the sentence, no quotation marks:
    "La réforme entrera en vigueur en janvier, a annoncé X." / "…, affirme X de l'institut."."""
    doc = art.doc
    k = v.i - 1
    while k > 0 and doc[k].pos_ in ("AUX", "ADV") and doc[k].text != ",":
        k -= 1
    if doc[k].text != "," or doc[k].idx <= sent.start:
        return
    after = [t for t in doc[v.i + 1:] if t.idx < sent.end]
    nxt = next((t for t in after if t.pos_ != "ADV"), None)
    if nxt is None or nxt.pos_ not in ("DET", "PROPN", "NOUN") or any(t.text in ("«", "“", '"') for t in after):
        return  # not an incise: "…, dit-il" has its own rule; a quote after it is the quote's
    subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubj:pass")]
    if any(c.i < v.i and "Rel" not in feat(c, "PronType") for c in subjects) and not any(c.i > v.i for c in subjects) \
            and not _misread_incise(art, v, subjects, nxt):
        return  # "Le ministre, arrivé hier, a annoncé le plan": the subject comes first, not an incise
    head = nxt.head if nxt.pos_ == "DET" and nxt.head.i > nxt.i else nxt
    if head.i <= v.i or art.in_quote(head.idx):
        return
    res = art.speaker_from_np(art._np_tokens(head))
    if res == (None, None):
        return
    start = sent.start  # "… ; c'est un signe de faiblesse, a déclaré X": the clause after the semicolon
    semi = art.text.rfind(";", sent.start, doc[k].idx)
    if semi >= 0:
        start = semi + 1
    add(start, doc[k].idx, lemma, stance, *res)


def _misread_incise(art: ArticleState, v, subjects, nxt) -> bool:
    """"… ; c'est un exemple de X, a déclaré Y." with the parser taking "exemple" for the subject and
    the name after the verb for its object: a name ends the sentence right after the verb and the
    "subject" before it is no person or organisation."""
    if nxt.pos_ != "PROPN" or not nxt.text[:1].isupper():
        return False
    pre = [c for c in subjects if c.i < v.i]
    return all(c.pos_ == "NOUN" and art.speaker_from_np(art._np_tokens(c)) == (None, None) for c in pre)


def _complement_start(art: ArticleState, v, lemma: str, toks) -> int | None:
    """Where the reported content starts after verb ``v`` (None: no clausal complement)."""
    tail = phrase_tail(v, lemma)  # "a fait savoir que": the content starts after "savoir"
    after = [t for t in toks if t.i > (tail.i if tail is not None else v.i)]
    if lemma == "se dire":
        nxt = [t for t in after if t.pos_ not in ("PUNCT",)][:2]
        if nxt and (nxt[0].pos_ in ("ADJ", "ADV", "NOUN") or "Part" in feat(nxt[0], "VerbForm")):
            return nxt[0].idx
        return None
    for k, t in enumerate(after[:7]):
        low = normalise_for_matching(t.text).lower()
        if low in ("que", "qu'") and t.pos_ in ("SCONJ", "PRON"):
            if t.pos_ == "PRON" and k > 0:
                return None  # relative "que"
            return t.idx + len(t)
        if t.pos_ in ("VERB", "AUX") and "Inf" in feat(t, "VerbForm"):
            if k > 0 and after[k - 1].lower_ in ("se", "s'", "s’", "en", "y"):
                return after[k - 1].idx
            return t.idx
        if t.pos_ in ("VERB", "AUX") or t.text in (".", ";", "?", "!", "«", '"', "“"):
            return None
        if t.pos_ == "NOUN" and k <= 1 and low not in ("fait",) and not (k and after[k - 1].pos_ == "ADP"):
            return None  # a noun-phrase object: "vante des performances"
    return None



def _noun_object(art: ArticleState, sent: Sentence, v, lemma: str, stance: str, add) -> bool:
    """A statement verb whose object is a noun phrase: "X constate une hausse des cas",
    "X estime à 12 000 le nombre de postes menacés", "X évoque un risque". The subject must come
    before the verb (an inverted incise is :func:`_inverted_incise`'s) and be a named person or
    organisation (a proper noun in its noun phrase, resolved to a name): a description ("le chef du
    parti", "les syndicats") or a pronoun ("elle a évoqué le sujet") is too often a wrong speaker or an
    action rather than a statement for this weaker cue. The span is what follows the verb."""
    subj = art.subject_of(v)
    if subj is None or subj.i > v.i or art.in_quote(subj.idx):
        return False
    objs = [c for c in v.children if c.dep_ in ("obj", "obl:arg", "obl") and c.i > v.i
            and c.pos_ in ("NOUN", "PROPN", "NUM") and not art.in_quote(c.idx)]
    if not any(c.dep_ == "obj" for c in objs) and not (lemma == "estimer" and objs):
        return False
    if subj.pos_ == "PRON" or not any(t.pos_ == "PROPN" and t.text[:1].isupper() or t.ent_type_ in ("PER", "ORG")
                                      for t in art._np_tokens(subj)) and art.named_member(subj) is None:
        return False  # "des habitants constatent …", "le rapport constate …": only a named subject
    res = attrib_from_verb(art, v)
    if res is None or res == (None, None):
        return False
    sp, ana = res
    if sp is None or not sp.name[:1].isupper():
        return False  # "le chef du Conseil": a description, not the name it contains
    end = sent.end
    semi = art.text.find(";", v.idx, end)
    if semi > 0:
        end = semi
    add(v.idx + len(v), end, lemma, stance, sp, ana)
    return True


#: Nouns naming what someone said or thinks, for an attribution after the fact:
#: "C'est la remarque de X.", "C'est d'ailleurs l'avis de X.", "Le constat est de X."
_STATEMENT_NOUNS = ("remarque|avis|constat|analyse|opinion|point de vue|sentiment|conviction|observation|diagnostic"
                    "|explication|crainte|position|thèse|estimation|conclusion|commentaire|jugement|interprétation")
_OF = r"(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*"
_AFTER_THE_FACT = re.compile(
    r"^(?:c['’]est|ce\s+sont|tel\s+est|telle\s+est)\s+(?:d['’]ailleurs\s+|aussi\s+|également\s+|bien\s+|là\s+)?"
    r"(?:la|le|l['’]|les)\s*(?:" + _STATEMENT_NOUNS + r")s?\b[^,;.«»\"]{0,30}?\s" + _OF
    + r"|^(?:le|la|l['’])\s*(?:" + _STATEMENT_NOUNS + r")s?\b(?:\s+[^\s,;.]+)?\s+est\s+(?:celui\s+|celle\s+)?" + _OF,
    re.IGNORECASE)


_SENTENCE_END = re.compile(r"[.!?…»]\s+(?=\S)")


def _split_after_the_fact(art: ArticleState, sents: list[Sentence]) -> list[Sentence]:
    """The paragraph's sentences, with a sentence the splitter ran into the one before it cut off when
    it is an attribution after the fact ("… dans les entreprises. Le constat est de X." read as one
    sentence): the rule must not depend on how the parser segmented the previous sentence."""
    out = []
    for s in sents:
        chunk = art.text[s.start:s.end]
        if not _may_follow(chunk):
            out.append(s)
            continue
        cuts = [m.end() for m in _SENTENCE_END.finditer(chunk)
                if _AFTER_THE_FACT.match(chunk[m.end():].replace("\u00a0", " "))]
        start = s.start
        for c in cuts:
            out.append(Sentence(s.index, start, s.start + c, s.part, s.kind))
            start = s.start + c
        out.append(Sentence(s.index, start, s.end, s.part, s.kind) if cuts else s)
    return out


def _may_follow(chunk: str) -> bool:
    """A cheap test before the regular expression: a statement noun may follow a sentence end."""
    low = chunk.lower()
    return ". " in chunk and any(w in low for w in ("c'est", "c’est", "ce sont", "tel", "telle", " est de", " est du",
                                                     " est des", " est celui", " est celle"))


def _after_the_fact(art: ArticleState, prev: Sentence, sent: Sentence, quotes: list[Quote]) -> list[Quote]:
    """The previous sentence, attributed after the fact: "C'est la remarque de X." gives the
    sentence before it to X (a quote there with no known speaker gets X; a sentence with no
    quote becomes X's indirect speech; a quote already attributed is left alone)."""
    text = art.text
    m = _AFTER_THE_FACT.match(text[sent.start:sent.end].replace("\u00a0", " "))
    if m is None:
        return []
    first = next((t for t in tokens_in(art.doc, sent.start + m.end(), sent.end) if t.pos_ != "PUNCT"), None)
    if first is None or art.in_quote(first.idx):
        return []
    head = first
    while head.pos_ in ("DET", "ADP") and head.head.i > head.i:
        head = head.head
    np = [t for t in art._np_tokens(head) if t.i >= first.i]
    if not np:
        return []
    sp, ana = art.speaker_from_np(np)
    if sp is None and ana is None:
        return []
    inside = [q for q in quotes if q.start < prev.end and prev.start < q.end]
    if inside:
        for q in inside:
            if q.speaker.name == UNKNOWN_SPEAKER and q.anaphor is None and q.cue in (CUE_NONE, CUE_FOLLOW):
                q.speaker, q.anaphor, q.cue = sp or Speaker(), ana, CUE_AFTER
        return []
    a, b = trim_span(text, prev.start, prev.end)
    if b - a < 3 or not text_words(text[a:b]):
        return []
    art.quote_spans.append((a, b))
    return [Quote(a, b, INDIRECT, CUE_AFTER, NEUTRAL, sp or Speaker(), ana)]
