"""Scale: parallel workers, incremental cache, warm runs without spaCy, the benchmark."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from analysis.corpus.articles import Corpus, load_corpus
from analysis.engine import pipeline
from analysis.engine.pipeline import run_corpus
from analysis.engine.synthetic import ParagraphPool, synthetic_articles
from tests.conftest import ROOT, SEED_CORPUS
from tests.unit.scale_steps import marker_step


@pytest.fixture(scope="module")
def seed_corpus():
    return load_corpus(SEED_CORPUS)


def _assert_same_tables(a, b):
    assert sorted(a.tables) == sorted(b.tables)
    for name in a.tables:
        assert a.tables[name].equals(b.tables[name]), name


def test_synthetic_corpus_is_seeded_distinct_and_made_of_bundled_paragraphs(seed_corpus):
    arts = synthetic_articles(60, seed_corpus, seed=3)
    again = synthetic_articles(60, seed_corpus, seed=3)
    other = synthetic_articles(60, seed_corpus, seed=4)
    assert [a.text for a in arts] == [a.text for a in again]
    assert [a.text for a in arts] != [a.text for a in other]
    assert len({a.text for a in arts}) == 60 and len({a.id for a in arts}) == 60
    assert len({a.outlet for a in arts}) >= 5 and len({a.date for a in arts}) >= 30
    pool = ParagraphPool.from_corpus(seed_corpus)
    known = set(pool.paragraphs) | set(pool.headings) | set(pool.boilerplate) | set(pool.comments)
    for a in arts:
        lines = a.text.splitlines()
        assert lines[0] == a.title
        body = [ln for ln in lines[1:] if ln != "Commentaires"]
        assert all(ln in known for ln in body)
        assert sum(ln in pool.paragraphs for ln in body) >= 5


def test_parallel_workers_give_the_single_process_tables(seed_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 3)  # 10 articles -> 4 chunks over 2 workers
    corpus = Corpus(articles=synthetic_articles(10, seed_corpus, seed=11))
    single = run_corpus(corpus=corpus, cache_dir=tmp_path / "one", n_jobs=1)
    par = run_corpus(corpus=corpus, cache_dir=tmp_path / "two", n_jobs=2, start_method="fork")
    assert single.stats["jobs"] == 1 and par.stats["jobs"] == 2
    assert par.stats["analysed"] == 10
    _assert_same_tables(single, par)
    assert len(single["articles"]) == 10 and len(single["sentences"]) > 100
    assert list(single["articles"]["article_id"]) == [a.id for a in corpus.articles]
    # the workers wrote the per-article cache: a re-run with one article changed parses one
    changed = dataclasses.replace(corpus.articles[4], text=corpus.articles[4].text + "Une phrase de plus.\n")
    again = run_corpus(corpus=Corpus(articles=[*corpus.articles[:4], changed, *corpus.articles[5:]]),
                       cache_dir=tmp_path / "two", n_jobs=2)
    assert again.stats["analysed"] == 1 and again.stats["from_cache"] == 9


def test_spawned_workers_run_every_registered_step(seed_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 2)
    monkeypatch.setattr(pipeline, "ARTICLE_STEPS", [*pipeline.ARTICLE_STEPS, marker_step])
    corpus = Corpus(articles=synthetic_articles(4, seed_corpus, seed=12))
    single = run_corpus(corpus=corpus, use_cache=False, n_jobs=1)
    spawned = run_corpus(corpus=corpus, use_cache=False, n_jobs=2, start_method="spawn")
    assert "marker_sentences" in spawned["articles"].columns
    _assert_same_tables(single, spawned)


def test_a_step_defined_in_a_function_is_refused_by_spawned_workers(seed_corpus, monkeypatch):
    def local_step(ctx):
        ctx.row["x"] = 1

    monkeypatch.setattr(pipeline, "ARTICLE_STEPS", [*pipeline.ARTICLE_STEPS, local_step])
    with pytest.raises(RuntimeError, match="introuvable"):
        pipeline._resolve_steps(pipeline._step_names(pipeline.ARTICLE_STEPS))


def test_only_new_or_changed_articles_are_analysed(seed_corpus, tmp_path, monkeypatch):
    calls: list[str] = []

    def counting_step(ctx):
        calls.append(ctx.article.id)

    monkeypatch.setattr(pipeline, "ARTICLE_STEPS", [*pipeline.ARTICLE_STEPS, counting_step])
    arts = list(seed_corpus.articles)
    first = run_corpus(corpus=Corpus(articles=arts), cache_dir=tmp_path)
    assert sorted(calls) == sorted(a.id for a in arts) and first.stats["analysed"] == 5
    calls.clear()
    warm = run_corpus(corpus=Corpus(articles=arts), cache_dir=tmp_path)
    assert calls == [] and warm.stats == {"articles": 5, "from_cache": 5, "analysed": 0, "jobs": 0,
                                       "engine": "local"}
    _assert_same_tables(first, warm)
    extra = synthetic_articles(1, seed_corpus, seed=5)[0]
    grown = run_corpus(corpus=Corpus(articles=arts + [extra]), cache_dir=tmp_path, n_jobs=2)
    assert calls == [extra.id]
    assert grown.stats["analysed"] == 1 and grown.stats["from_cache"] == 5
    assert len(grown["articles"]) == 6
    # tables of the grown corpus = tables of the old corpus + the new article's rows
    assert grown["sentences"].iloc[: len(first["sentences"])].equals(first["sentences"])
    calls.clear()
    moved = dataclasses.replace(arts[2], outlet="Autre média")
    run_corpus(corpus=Corpus(articles=[*arts[:2], moved, *arts[3:]]), cache_dir=tmp_path)
    assert calls == [arts[2].id]


def test_adding_a_step_invalidates_cached_results(seed_corpus, tmp_path, monkeypatch):
    arts = seed_corpus.articles[:2]
    run_corpus(corpus=Corpus(articles=arts), cache_dir=tmp_path)
    monkeypatch.setattr(pipeline, "ARTICLE_STEPS", [*pipeline.ARTICLE_STEPS, marker_step])
    res = run_corpus(corpus=Corpus(articles=arts), cache_dir=tmp_path)
    assert res.stats["analysed"] == 2 and "marker_sentences" in res["articles"].columns


def test_a_warm_run_never_imports_spacy(seed_results, cache_dir):
    code = (
        "import sys, json\n"
        "from analysis import run_corpus\n"
        f"r = run_corpus({str(SEED_CORPUS)!r}, cache_dir={str(cache_dir)!r})\n"
        "print(json.dumps({'spacy': 'spacy' in sys.modules, **r.stats, 'n': len(r['articles'])}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"spacy": False, "articles": 5, "from_cache": 5, "analysed": 0, "jobs": 0, "engine": "local",
                   "n": 5}


def test_corrupt_cache_entries_are_recomputed(seed_corpus, tmp_path):
    arts = seed_corpus.articles[:2]
    first = run_corpus(corpus=Corpus(articles=arts), cache_dir=tmp_path)
    for p in (tmp_path / "results").rglob("*.pkl"):
        p.write_bytes(b"not a pickle")
    again = run_corpus(corpus=Corpus(articles=arts), cache_dir=tmp_path)
    assert again.stats["analysed"] == 2
    _assert_same_tables(first, again)


def test_run_accepts_jobs_and_rejects_negative_jobs(tmp_path, cache_dir):
    base = [sys.executable, "-m", "analysis", "run", "--corpus", str(SEED_CORPUS), "--cache", str(cache_dir)]
    proc = subprocess.run([*base, "--out", str(tmp_path / "o"), "--jobs", "-1"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "processus" in proc.stderr
    proc = subprocess.run([*base, "--out", str(tmp_path / "o"), "--jobs", "2"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o" / "articles.csv").exists()


def test_bench_smoke_prints_a_table_and_a_sane_json_last_line():
    proc = subprocess.run([sys.executable, "-m", "analysis", "bench", "--articles", "10", "--jobs", "2"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.strip().splitlines()
    summary = json.loads(lines[-1])
    assert set(summary) == {"articles", "seconds", "articles_per_s", "tokens_per_s", "peak_mb",
                            "ratio_vs_spacy", "parallel_speedup", "warm_seconds", "engine", "workers"}
    assert summary["articles"] == 10 and summary["engine"] == "local" and summary["workers"] == 2
    assert all(isinstance(v, (int, float)) and v > 0 for k, v in summary.items() if k != "engine")
    assert summary["articles_per_s"] == pytest.approx(10 / summary["seconds"], rel=0.01)
    assert summary["tokens_per_s"] > summary["articles_per_s"] * 100  # articles have hundreds of tokens
    assert summary["peak_mb"] > 100  # the French model alone weighs more than that
    report = "\n".join(lines[:-1])
    assert "spaCy seul" in report and "1 article(s) ré-analysé(s)" in report
    assert "spaCy importé : non" in report and "tables identiques au calcul à 1 processus : oui" in report


def test_bench_repeat_alternates_analyses_with_bare_passes_and_keeps_the_median():
    from analysis.engine.bench import run_bench

    d = run_bench(3, jobs=1, repeat=3, log=lambda msg: None)
    assert len(d["ratios"]) == 3
    assert d["summary"]["ratio_vs_spacy"] == round(sorted(d["ratios"])[1], 3)
    assert d["summary"]["ratio_vs_spacy"] == round(d["spacy_s"] / d["single_s"], 3)
    assert d["spacy_s"] == pytest.approx(sum(d["spacy_runs_s"]) / 2)


def test_a_worker_that_cannot_start_fails_the_run_instead_of_hanging(seed_corpus, monkeypatch):
    def not_importable(ctx):
        ctx.row["y"] = 1

    not_importable.__module__ = "analysis.no_such_module"
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 1)
    monkeypatch.setattr(pipeline, "ARTICLE_STEPS", [*pipeline.ARTICLE_STEPS, not_importable])
    corpus = Corpus(articles=synthetic_articles(2, seed_corpus, seed=13))
    with pytest.raises(ModuleNotFoundError):
        run_corpus(corpus=corpus, use_cache=False, n_jobs=2, start_method="spawn")


def test_the_progress_bar_is_created_after_the_workers_are_forked(seed_corpus, monkeypatch):
    """A bar that starts a thread (tqdm's monitor does) must not turn the default fork into spawn."""
    import threading

    seen = {"updated": 0}
    stop = threading.Event()

    class Bar:
        def update(self, n):
            seen["updated"] += n

        def close(self):
            seen["closed"] = True
            stop.set()

    def progress(total):
        seen["total"] = total
        threading.Thread(target=stop.wait, daemon=True).start()
        return Bar()

    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 1)
    used = []
    real = pipeline._mp_context
    monkeypatch.setattr(pipeline, "_mp_context", lambda m: used.append(real(m)) or used[-1])
    monkeypatch.delenv("ANALYSIS_START_METHOD", raising=False)
    baseline = threading.active_count()
    arts = synthetic_articles(2, seed_corpus, seed=14)
    pipeline.analyse_articles(arts, pipeline.Knowledge(), use_cache=False, n_jobs=2, progress=progress)
    assert seen == {"updated": 2, "closed": True, "total": 2}
    expected = "fork" if sys.platform.startswith("linux") and baseline == 1 else "spawn"
    assert used[0].get_start_method() == expected


def test_analysis_from_cached_parses_equals_a_fresh_parse(seed_corpus, tmp_path):
    """Editing a knowledge file re-runs the steps on cached parses: they must carry every
    annotation the steps read (tags, lemmas, morphology, dependencies, entities, sentences)."""
    import shutil

    from analysis.engine.nlp import ParseCache, get_nlp

    fresh = run_corpus(corpus=seed_corpus, use_cache=False)
    cached = run_corpus(corpus=seed_corpus, cache_dir=tmp_path)  # writes the parses
    assert len(list(ParseCache(tmp_path).dir.glob("*.spacy"))) == len(seed_corpus.articles)
    shutil.rmtree(tmp_path / "results")  # as after a knowledge change: results gone, parses kept
    parsed = []
    real_pipe = get_nlp().pipe

    def counting_pipe(texts, *args, **kwargs):
        for doc in real_pipe(texts, *args, **kwargs):
            parsed.append(doc)
            yield doc

    try:
        get_nlp().pipe = counting_pipe
        again = run_corpus(corpus=seed_corpus, cache_dir=tmp_path)
    finally:
        get_nlp().pipe = real_pipe
    assert again.stats["analysed"] == len(seed_corpus.articles)
    texts = {a.text for a in seed_corpus.articles}
    assert not [d for d in parsed if d.text in texts], "the articles should have come from the parse cache"
    _assert_same_tables(fresh, cached)
    _assert_same_tables(fresh, again)
