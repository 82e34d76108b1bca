"""The Dask engine (issue #17): same tables as the local engine, cache, errors. Loopback only."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis.corpus.articles import Corpus, load_corpus
from analysis.engine import pipeline
from analysis.engine.pipeline import run_corpus
from analysis.engine.synthetic import synthetic_articles
from tests.conftest import SEED_CORPUS

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    """A 2-worker LocalCluster of processes on 127.0.0.1, shared by the tests of this module."""
    from analysis.engine.dask_engine import local_cluster

    cluster = local_cluster(2)
    c = distributed.Client(cluster)
    c.wait_for_workers(2, timeout=120)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def articles():
    return synthetic_articles(104, load_corpus(SEED_CORPUS), seed=17)


def test_dask_engine_gives_the_local_engines_tables_on_104_synthetic_articles(client, articles, tmp_path_factory):
    corpus = Corpus(articles=articles)
    local = run_corpus(corpus=corpus, use_cache=False, n_jobs=1)
    dask = run_corpus(corpus=corpus, cache_dir=tmp_path_factory.mktemp("dask-cache"), engine="dask", client=client)
    assert dask.stats["engine"] == "dask" and dask.stats["jobs"] == 2 and dask.stats["analysed"] == 104
    assert sorted(local.tables) == sorted(dask.tables)
    for name in local.tables:
        assert local.tables[name].equals(dask.tables[name]), name
    # the per-outlet sums came from the cluster: partial sums in the tasks, merged on the workers
    # (one reduced result), where the local engine summed chunks of articles in this process
    assert dask.stats["partial_sums"] == 1 and local.stats["partial_sums"] == 1
    for name in ("articles", "tone_voices", "targets", "frames", "lemmas"):
        pd.testing.assert_frame_equal(local.sums.get(name), dask.sums.get(name), check_exact=True, obj=name)
    for name in ("outlets", "outlet_tone", "outlet_targets", "frame_outlets", "sovereignty_outlets", "terms",
                 "similarity", "near_duplicates"):
        assert len(dask.tables[name]) > 0, name


def test_dask_rerun_with_new_articles_analyses_only_the_new_ones(client, articles, tmp_path):
    first = articles[:16]
    run_corpus(corpus=Corpus(articles=first), cache_dir=tmp_path, engine="dask", client=client)
    extra = [dataclasses.replace(a, id=f"nouveau_{k}") for k, a in
             enumerate(synthetic_articles(3, load_corpus(SEED_CORPUS), seed=99))]
    grown = run_corpus(corpus=Corpus(articles=first + extra), cache_dir=tmp_path, engine="dask", client=client)
    assert grown.stats["analysed"] == 3 and grown.stats["from_cache"] == 16
    # sums of the 3 new articles reduced on the cluster, those of the 16 cached ones here
    assert grown.stats["partial_sums"] == 2
    local = run_corpus(corpus=Corpus(articles=first + extra), use_cache=False)
    for name in ("outlets", "outlet_tone", "outlet_targets", "frame_outlets", "terms"):
        assert local.tables[name].equals(grown.tables[name]), name
    assert set(grown.articles["article_id"]) == {a.id for a in first + extra}
    # the local engine reads what the Dask engine cached: nothing left to analyse
    again = pipeline.analyse_articles(first + extra, pipeline.Knowledge(None), cache_dir=tmp_path, n_jobs=1)[1]
    assert again["analysed"] == 0


def test_a_worker_with_other_knowledge_files_refuses_to_run(tmp_path):
    from analysis.engine.dask_engine import AnalysisPlugin

    plugin = AnalysisPlugin(None, None, False, "not-the-clients-fingerprint",
                            pipeline._step_names(pipeline.ARTICLE_STEPS), pipeline._step_names(pipeline.CORPUS_STEPS))
    plugin.setup()
    assert isinstance(plugin.state, RuntimeError) and "connaissances" in str(plugin.state)


def test_an_unreachable_scheduler_gives_a_french_error_naming_it(monkeypatch):
    from analysis.engine import dask_engine

    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(RuntimeError, match="planificateur Dask injoignable : tcp://127.0.0.1:9"):
        dask_engine.connect("tcp://127.0.0.1:9")


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="moteur inconnu"):
        pipeline.analyse_articles([], pipeline.Knowledge(None), engine="spark")


def test_articles_read_from_files_travel_as_paths_and_give_the_same_tables(client, articles, tmp_path):
    from analysis.engine.dask_engine import task_items
    from analysis.engine.synthetic import write_corpus

    corpus = load_corpus(write_corpus(articles[:24], tmp_path / "corpus"))
    items = task_items(corpus.articles, send_texts=False)
    assert all(isinstance(x, tuple) and x[0].endswith(".txt") for x in items)
    assert task_items(corpus.articles, send_texts=True) == corpus.articles
    local = run_corpus(corpus=corpus, use_cache=False, n_jobs=1)
    dask = run_corpus(corpus=corpus, use_cache=False, engine="dask", client=client)
    for name in local.tables:
        assert local.tables[name].equals(dask.tables[name]), name


def test_a_worker_refuses_a_file_that_changed_since_the_client_read_it(articles, tmp_path):
    from analysis.engine.dask_engine import _article_of, task_items
    from analysis.engine.synthetic import write_corpus

    corpus = load_corpus(write_corpus(articles[:1], tmp_path / "corpus"))
    (item,) = task_items(corpus.articles, send_texts=False)
    assert _article_of(item) == corpus.articles[0]
    path = tmp_path / "corpus" / f"{corpus.articles[0].id}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "Un paragraphe ajouté.\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="diffère de celui du client"):
        _article_of(item)
    path.unlink()
    with pytest.raises(RuntimeError, match="même chemin sur chaque machine"):
        _article_of(item)


def test_worker_cpu_seconds_can_be_read_from_every_worker(client):
    from analysis.engine.dask_engine import process_cpu_seconds

    cpu = client.run(process_cpu_seconds)
    assert len(cpu) == 2 and all(isinstance(v, float) and v > 0 for v in cpu.values())


def test_the_local_clusters_workers_run_without_the_statistical_profiler(client):
    import dask

    assert set(client.run(dask.config.get, "distributed.worker.profile.enabled").values()) == {False}


def test_the_workers_tune_malloc_despite_dasks_trim_threshold(client):
    """Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536; the plugin drops it so that
    analysis/engine/allocator.py applies its settings (see its docstring)."""
    from analysis.engine import allocator
    from analysis.engine.dask_engine import prepare_workers

    prepare_workers(client, pipeline.Knowledge(None), cache_dir=None, use_cache=False)
    assert set(client.run(lambda: allocator.tune_malloc()).values()) == {True}
    assert set(client.run(lambda: __import__("os").environ.get("MALLOC_TRIM_THRESHOLD_")).values()) == {None}


def test_a_corpus_given_as_an_fsspec_url_is_read_by_the_client_and_by_the_workers(client, articles, tmp_path):
    from analysis.engine.dask_engine import task_items
    from analysis.engine.synthetic import write_corpus

    folder = write_corpus(articles[:24], tmp_path / "corpus")
    url = (tmp_path / "corpus").resolve().as_uri()  # file:///…
    corpus = load_corpus(url)
    assert len(corpus.articles) == 24 and all(a.path.startswith("file://") for a in corpus.articles)
    assert [a.id for a in corpus.articles] == [a.id for a in load_corpus(folder).articles]
    items = task_items(corpus.articles, send_texts=False)
    assert all(isinstance(x, tuple) and x[0].startswith("file://") for x in items)  # the workers read the URLs
    dask = run_corpus(corpus=corpus, use_cache=False, engine="dask", client=client)
    local = run_corpus(corpus=load_corpus(folder), use_cache=False, n_jobs=1)
    for name in local.tables:
        assert local.tables[name].equals(dask.tables[name]), name
