"""Sovereignty lexical field, frames and stance: the per-article step (issue #5).

Writes ``sovereignty_*`` columns to articles.csv and the tables ``kwic``, ``frames``,
``frame_evidence``, ``stance_evidence`` and ``lemmas`` (per-article lemma counts, from
which every corpus-level vocabulary statistic is recomputed without re-parsing).
"""
from __future__ import annotations

import bisect
import functools
from collections import Counter, defaultdict

from analysis.corpus.clean import BODY, BOILERPLATE

from .lexicon import fold, frames_matcher, load_frames, sovereignty_matcher, token_keys
from .stance import SentenceCues, derive_stance

KWIC_CHARS = 70  # characters of context on each side in the concordance
NEGATION_BEFORE = frozenset({"ne", "n'", "pas", "jamais", "aucun", "aucune", "sans", "non", "ni", "loin", "guere"})
#: Distancing words: "un prétendu double jeu" does not assert a double game.
DISTANCING = frozenset({"pretendu", "pretendue", "pretendus", "pretendues", "soi-disant", "pretendument", "suppose", "supposee"})
NEGATION_AFTER = frozenset({"pas", "jamais", "aucunement", "nullement"})
NEGATION_WINDOW = 5  # tokens before the match


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    left = " ".join(text[max(0, start - KWIC_CHARS):start].split())
    right = " ".join(text[end:end + KWIC_CHARS].split())
    if start - KWIC_CHARS > 0 and " " in left:
        left = "… " + left.split(" ", 1)[1]
    if end + KWIC_CHARS < len(text) and " " in right:
        right = right.rsplit(" ", 1)[0] + " …"
    # keep the spaces that touch the term
    if start > 0 and text[start - 1].isspace():
        left += " "
    if end < len(text) and text[end].isspace():
        right = " " + right
    return left, right


def is_negated(doc, tok_start: int, tok_end: int, sent_start_tok: int, sent_end_tok: int) -> bool:
    """A negation or distancing cue in the few tokens before the match, or "pas"/"jamais" just after it.

    An interro-negative question ("N'est-il pas paradoxal… ?": negation in the first
    five tokens of a sentence ending with "?") is rhetorical: it asserts, so it is not
    treated as negated.
    """
    lo = max(sent_start_tok, tok_start - NEGATION_WINDOW)
    before = doc[lo:tok_start]
    after = doc[tok_end:min(sent_end_tok, tok_end + 2)]
    if any(fold(t.text) in DISTANCING for t in before):
        return True
    neg_before = [t.i for t in before if fold(t.text) in NEGATION_BEFORE]
    neg_after = any(fold(t.text) in NEGATION_AFTER for t in after)
    if not (neg_before or neg_after):
        return False
    last = doc[sent_end_tok - 1] if sent_end_tok > sent_start_tok else None
    rhetorical = last is not None and "?" in last.text and neg_before and all(i < sent_start_tok + 5 for i in neg_before) \
        and not neg_after
    return not rhetorical


_STOP = None


def stop_words() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        from spacy.lang.fr.stop_words import STOP_WORDS

        _STOP = frozenset(fold(w) for w in STOP_WORDS) | {"ndlr", "etc", "via"}
    return _STOP


def lemma_counts(lemmas: list[str]) -> dict[str, int]:
    """Counts of one article's lemmas, in lemma order."""
    return dict(sorted(Counter(lemmas).items()))


def content_lemma(tokens, i: int) -> str | None:
    """The lemma of token ``i`` kept for vocabulary statistics, or None (stop word, number,
    punctuation). ``tokens``: the doc's :class:`~analysis.engine.tokens.TokenTable`."""
    if not tokens.is_alpha[i] or tokens.like_num[i]:
        return None
    return _content_lemma(tokens.text[i], tokens.lemma[i])


@functools.lru_cache(maxsize=200_000)
def _content_lemma(text: str, lemma: str) -> str | None:
    if len(text) < 2:
        return None
    lemma = lemma.lower().replace("\u2019", "'")
    if fold(lemma) in stop_words() or fold(text) in stop_words() or len(lemma) < 2:
        return None
    return lemma


def hyphen_groups(tokens) -> list[list[int]]:
    """Token indices, with hyphenated compounds that spaCy split (start - up) kept together."""
    groups: list[list[int]] = []
    text, ws, alpha = tokens.text, tokens.whitespace, tokens.is_alpha
    i, n = 0, len(text)
    while i < n:
        g = [i]
        while (i + 2 < n and text[i + 1] == "-" and not ws[g[-1]] and not ws[i + 1]
               and alpha[i] and alpha[i + 2]):
            g += [i + 1, i + 2]
            i += 2
        groups.append(g)
        i += 1
    return groups


def compound_lemma(tokens, group: list[int]) -> str | None:
    """A hyphenated compound counts as one lower-cased word (start-up, capital-risque)."""
    word = "".join(tokens.text[i] for i in group[:-1]).lower() + tokens.lemma[group[-1]].lower()
    word = word.replace("\u2019", "'")
    return None if fold(word) in stop_words() else word


def framing_step(ctx) -> None:
    from analysis.engine.nlp import get_nlp

    doc, a, k = ctx.doc, ctx.article, ctx.knowledge
    nlp = get_nlp()
    sov_matcher, sov_terms = sovereignty_matcher(k, nlp)
    fr_matcher, frames = frames_matcher(k, nlp)
    keys = token_keys(ctx.tokens)  # folded forms and lemmas, computed once for both matchers
    sov_matches = sov_matcher(doc, keys=keys)
    fr_matches = fr_matcher(doc, keys=keys, overlapping_keys=True)
    frame_polarity = {f.id: f.stance for f in frames}
    weights = {(f.id, t.term): t.weight for f in frames for t in f.indicators}

    sents = ctx.sentences
    starts = [s.start for s in sents]

    def sentence_of(char: int):
        i = bisect.bisect_right(starts, char) - 1
        return sents[i] if i >= 0 and sents[i].start <= char < sents[i].end else None

    def token_bounds(s):
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        return (span.start, span.end) if span is not None else (0, len(doc))

    tones = {r["sentence_index"]: r.get("tone") for r in ctx.tables.get("sentences", [])}
    body_words = ctx.row.get("n_body_words") or sum(len(ctx.words[s.index]) for s in sents if s.part == BODY)

    # --- sovereignty lexical field
    kwic, mentions = [], 0
    term_pol: dict[int, list[str]] = defaultdict(list)
    terms_in: dict[int, list[str]] = defaultdict(list)
    for m in sov_matches:
        s = sentence_of(m.start)
        if s is None or s.part == BOILERPLATE:
            continue
        left, right = _context(a.text, m.start, m.end)
        kwic.append({
            "article_id": a.id, "outlet": a.outlet, "sentence_index": s.index, "part": s.part,
            "start": m.start, "end": m.end, "term": m.key, "match": a.text[m.start:m.end],
            "left": left, "right": right,
        })
        if s.part == BODY:
            mentions += 1
            term_pol[s.index].append(sov_terms[m.key].polarity)
            terms_in[s.index].append(a.text[m.start:m.end])
    ctx.tables["kwic"] = kwic

    # --- frames (body only)
    hits: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    inds: dict[tuple[int, str], list[str]] = defaultdict(list)
    negs: dict[tuple[int, str], list[str]] = defaultdict(list)
    for m in fr_matches:
        s = sentence_of(m.start)
        if s is None or s.part != BODY:
            continue
        fid, term = m.key.split("\t", 1)
        surface = a.text[m.start:m.end]
        if is_negated(doc, m.tok_start, m.tok_end, *token_bounds(s)):
            negs[(s.index, fid)].append(surface)
            continue
        hits[s.index][fid] += weights[(fid, term)]
        inds[(s.index, fid)].append(surface)

    evidence, frame_rows = [], []
    for f in frames:
        idx = sorted({i for (i, fid) in list(inds) + list(negs) if fid == f.id})
        total = 0.0
        n_sent = 0
        for i in idx:
            sc = hits[i].get(f.id, 0.0) if i in hits else 0.0
            total += sc
            n_sent += sc > 0
            s = sents[i]
            evidence.append({
                "article_id": a.id, "frame": f.id, "sentence_index": i, "start": s.start, "end": s.end,
                "score": sc, "indicators": "; ".join(inds.get((i, f.id), [])),
                "negated": "; ".join(negs.get((i, f.id), [])), "text": a.text[s.start:s.end],
            })
        frame_rows.append({
            "article_id": a.id, "frame": f.id, "score": 1000 * total / body_words if body_words else 0.0,
            "weighted_hits": total, "n_sentences": n_sent,
        })
    ctx.tables["frames"] = frame_rows
    ctx.tables["frame_evidence"] = evidence

    # --- stance
    cues = [
        SentenceCues(s.index, dict(hits.get(s.index, {})), tuple(term_pol.get(s.index, ())), tones.get(s.index))
        for s in sents if s.part == BODY
    ]
    st = derive_stance(cues, frame_polarity)
    ctx.row.update({
        "sovereignty_mentions": mentions,
        "sovereignty_per_1000": 1000 * mentions / body_words if body_words else 0.0,
        "sovereignty_stance": st.label,
        "sovereignty_confidence": st.confidence,
        "sovereignty_stance_uses_tone": st.uses_tone,
        "sovereignty_stance_reason": st.reason,
    })
    ctx.tables["stance_evidence"] = [
        {
            "article_id": a.id, "sentence_index": e.index, "start": sents[e.index].start, "end": sents[e.index].end,
            "role": e.role, "lean": e.lean, "weight": e.weight, "tone": e.tone,
            "sovereignty_terms": "; ".join(terms_in.get(e.index, [])),
            "frames": "; ".join(f for f in hits.get(e.index, {}) if frame_polarity.get(f) != "neutral"),
            "text": a.text[sents[e.index].start:sents[e.index].end],
        }
        for e in st.evidence
    ]

    # --- lemma counts of the body (for distinctive vocabulary; nothing re-parses later)
    body_sents = [s for s in sents if s.part == BODY]
    bstarts = [s.start for s in body_sents]
    lemmas = []
    toks = ctx.tokens
    for group in hyphen_groups(toks):
        idx = toks.idx[group[0]]
        i = bisect.bisect_right(bstarts, idx) - 1
        if i < 0 or idx >= body_sents[i].end:
            continue
        lem = content_lemma(toks, group[0]) if len(group) == 1 else compound_lemma(toks, group)
        if lem:
            lemmas.append(lem)
    ctx.tables["lemmas"] = [
        {"article_id": a.id, "lemma": lem, "count": c} for lem, c in lemma_counts(lemmas).items()
    ]


def codebook_errors(knowledge) -> list[dict]:
    """Refusals of the current knowledge files (file, line, reason), for the CLI and the app."""
    from .lexicon import load_sovereignty

    out = []
    for loaded in (load_sovereignty(knowledge), load_frames(knowledge)):
        for err in loaded.errors:
            out.append({**err.record(), "fallback": loaded.source})
    return out
