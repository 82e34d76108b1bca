"""A synthetic corpus for benchmarks: bundled paragraphs recombined into new articles.

Each synthetic article is a new text: a random selection of body paragraphs of the
bundled corpus, in a random order, with now and then an inter-title, a line of page
furniture (boilerplate) or a reader comment section, so that cleaning, sentence
splitting and every analysis step see the same kinds of lines as in real pasted pages.
Texts are all distinct (no cache can short-cut them); outlets, genres and dates vary so
the per-outlet stages have groups to aggregate. The generator is seeded: the same
``(n, seed)`` always gives the same corpus.
"""
from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass
from pathlib import Path

from analysis.corpus.articles import Article, Corpus, load_corpus, render_article_file
from analysis.corpus.clean import BODY, COMMENT, HEADING, PARAGRAPH, segment_article

#: Outlet names of the synthetic corpus (clearly not real outlets).
SYNTHETIC_OUTLETS = tuple(f"Média synthétique {c}" for c in "ABCDEFGHIJKL")
GENRES = ("analyse", "dépêche", "entretien", "tribune", "reportage", "éditorial")


@dataclass
class ParagraphPool:
    paragraphs: list[str]
    headings: list[str]
    boilerplate: list[str]
    comments: list[str]

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> "ParagraphPool":
        pool = cls([], [], [], [])
        for art in corpus.articles:
            for seg in segment_article(art):
                text = art.text[seg.start:seg.end]
                if seg.part == BODY and seg.kind == PARAGRAPH and len(text.split()) >= 8:
                    pool.paragraphs.append(text)
                elif seg.part == BODY and seg.kind == HEADING:
                    pool.headings.append(text)
                elif seg.part == COMMENT:
                    pool.comments.append(text)
                elif seg.part != BODY and seg.kind not in ("date_marker", "comments_header"):
                    pool.boilerplate.append(text)
        if len(pool.paragraphs) < 5:
            raise ValueError("corpus source trop petit : il faut au moins 5 paragraphes de corps")
        return pool


def synthetic_articles(n: int, source: Corpus, *, seed: int = 0,
                       min_paragraphs: int = 5, max_paragraphs: int = 14) -> list[Article]:
    """``n`` distinct articles recombined from the paragraphs of ``source``."""
    pool = ParagraphPool.from_corpus(source)
    rng = random.Random(seed)
    start_day = _dt.date(2023, 1, 1)
    seen: set[str] = set()
    out: list[Article] = []
    max_paragraphs = min(max_paragraphs, len(pool.paragraphs))
    min_paragraphs = min(min_paragraphs, max_paragraphs)
    while len(out) < n:
        k = rng.randint(min_paragraphs, max_paragraphs)
        body = rng.sample(pool.paragraphs, k)
        title = " ".join(body[0].split()[: rng.randint(5, 10)]).rstrip(",;:")
        lines = [title]
        for i, para in enumerate(body):
            if i and pool.headings and rng.random() < 0.12:
                lines.append(rng.choice(pool.headings))
            lines.append(para)
            if pool.boilerplate and rng.random() < 0.06:
                lines.append(rng.choice(pool.boilerplate))
        if pool.comments and rng.random() < 0.2:
            lines.append("Commentaires")
            lines += rng.sample(pool.comments, min(len(pool.comments), rng.randint(1, 2)))
        text = "\n".join(lines) + "\n"
        if text in seen:  # astronomically rare with 50+ paragraphs; never keep a duplicate
            continue
        seen.add(text)
        day = start_day + _dt.timedelta(days=rng.randrange(730))
        out.append(Article(
            id=f"synth_{len(out):05d}", text=text, title=title,
            outlet=rng.choice(SYNTHETIC_OUTLETS), genre=rng.choice(GENRES),
            date=day.isoformat(), author="inconnu", url="inconnu", language="fr",
        ))
    return out


def write_corpus(articles: list[Article], folder: Path | str) -> Path:
    """Write articles in the corpus format (one file each); returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for a in articles:
        meta = {**a.meta(), "note": a.note, "parts": a.parts}
        (folder / f"{a.id}.txt").write_text(render_article_file(meta, a.text), encoding="utf-8")
    return folder


def build_synthetic_corpus(n: int, folder: Path | str, *, source_dir: Path | str | None = None,
                           seed: int = 0) -> Corpus:
    """Write ``n`` synthetic articles into ``folder`` and load them back as a corpus."""
    from analysis.knowledge import DEFAULT_DATA_DIR

    source = load_corpus(source_dir or DEFAULT_DATA_DIR / "corpus")
    write_corpus(synthetic_articles(n, source, seed=seed), folder)
    return load_corpus(folder)
