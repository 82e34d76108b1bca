"""The pipeline step: quotes.csv rows and the articles.csv quote measures."""
from __future__ import annotations

import bisect

from analysis.corpus.clean import BODY
from analysis.corpus.sentences import Sentence
from analysis.corpus.textutil import SpanIndex
from analysis.measures.actors import load_registry

from .attribution import extract_quotes
from .identity import load_speaker_nouns
from .model import UNKNOWN_SPEAKER, VERBATIM_KINDS, Quote
from .verbs import load_noun_object_verbs, load_quote_only_verbs, load_reporting_verbs


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
            "role": q.speaker.role, "speaker_kind": q.speaker.kind, "kind": q.kind, "cue": q.cue, "verb_stance": q.verb_stance,
            "text": article.text[q.start:q.end], "start": q.start, "end": q.end, "n_words": n_words,
            "sentence_index": sent.index if sent else -1,
        })
    return rows


def quotes_step(ctx) -> None:
    """Article step: quotes.csv rows, articles.csv quote measures and journalist readability."""
    from analysis.measures.readability import readability_row

    registry = load_registry(ctx.knowledge)
    verbs = load_reporting_verbs(ctx.knowledge)
    quotes = extract_quotes(ctx.doc, ctx.article.text, ctx.segments, ctx.sentences, registry, verbs,
                            genre=ctx.article.genre, tokens=ctx.tokens,
                            nouns=load_speaker_nouns(ctx.knowledge),
                            noun_verbs=load_noun_object_verbs(ctx.knowledge),
                            quote_only=load_quote_only_verbs(ctx.knowledge))
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
    from analysis.corpus.articles import Article
    from analysis.corpus.clean import segment_article
    from analysis.corpus.sentences import split_sentences
    from analysis.engine.nlp import get_nlp
    from analysis.knowledge import Knowledge

    knowledge = knowledge or Knowledge()
    article = Article(id="texte", text=text, genre=genre or "inconnu")
    doc = get_nlp()(text)
    segments = segment_article(article)
    sentences = split_sentences(doc, segments)
    quotes = extract_quotes(doc, text, segments, sentences, load_registry(knowledge),
                            load_reporting_verbs(knowledge), genre=genre, nouns=load_speaker_nouns(knowledge),
                            noun_verbs=load_noun_object_verbs(knowledge),
                            quote_only=load_quote_only_verbs(knowledge))
    return quotes, text
