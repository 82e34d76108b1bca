import subprocess
import sys

import pandas as pd

from tests.conftest import ROOT, SEED_CORPUS


def run_cli(*args, cache):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args, "--cache", str(cache)],
        cwd=ROOT, capture_output=True, text=True,
    )


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_run_writes_tables_for_the_seeds_and_never_touches_data(tmp_path, cache_dir):
    before = _snapshot(ROOT / "data")
    out = tmp_path / "out"
    proc = run_cli("run", "--corpus", str(SEED_CORPUS), "--out", str(out), cache=cache_dir)
    assert proc.returncode == 0, proc.stderr
    arts = pd.read_csv(out / "articles.csv")
    assert len(arts) == 5
    for col in ["article_id", "outlet", "title", "date", "genre", "n_words", "n_sentences", "flesch_fr",
                "lix", "words_per_sentence", "syllables_per_word"]:
        assert col in arts.columns
    sents = pd.read_csv(out / "sentences.csv")
    assert list(sents.columns[:7]) == ["article_id", "sentence_index", "start", "end", "text", "part", "kind"]
    assert set(sents["part"]) == {"body", "comment", "boilerplate"}
    assert _snapshot(ROOT / "data") == before


def test_sentence_offsets_index_the_raw_article_text(seed_results):
    by_id = seed_results.corpus.by_id()
    for row in seed_results["sentences"].itertuples():
        assert by_id[row.article_id].text[row.start:row.end] == row.text


def test_second_run_reads_the_cache_and_does_no_nlp(tmp_path, cache_dir):
    out = tmp_path / "out"
    run_cli("run", "--corpus", str(SEED_CORPUS), "--out", str(out), cache=cache_dir)
    proc = run_cli("run", "--corpus", str(SEED_CORPUS), "--out", str(out), cache=cache_dir)
    assert "0 analysés, 5 depuis le cache" in proc.stdout


def test_bad_arguments_give_a_message_and_non_zero_exit(tmp_path, cache_dir):
    proc = run_cli("run", "--corpus", str(tmp_path / "absent"), "--out", str(tmp_path / "o"), cache=cache_dir)
    assert proc.returncode != 0 and "introuvable" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "analysis", "frobnicate"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode != 0


def test_bad_files_are_reported_and_the_rest_analysed(make_corpus, tmp_path, cache_dir):
    folder = make_corpus({
        "bon": "Un article correct. Il a deux phrases.",
        "binaire.txt": b"\xff\xfe\x00\x01",
        "vide": "",
        "meta": "---\noutlet: [\n---\nTexte.",
    })
    proc = run_cli("run", "--corpus", str(folder), "--out", str(tmp_path / "o"), cache=cache_dir)
    assert proc.returncode == 0
    for name in ("binaire.txt", "vide.txt", "meta.txt"):
        assert name in proc.stderr
    assert len(pd.read_csv(tmp_path / "o" / "articles.csv")) == 1


def test_no_readable_article_is_an_error(make_corpus, tmp_path, cache_dir):
    folder = make_corpus({"vide": ""})
    proc = run_cli("run", "--corpus", str(folder), "--out", str(tmp_path / "o"), cache=cache_dir)
    assert proc.returncode == 1 and "aucun article" in proc.stderr


def test_refused_codebook_is_reported_and_the_run_goes_on(make_corpus, tmp_path, cache_dir):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("corpus"))
    (data / "frames.yaml").write_text("frames:\n  - id: x\n    couleur: rouge\n", encoding="utf-8")
    folder = make_corpus({"a": "La souveraineté numérique est menacée."})
    proc = run_cli("run", "--corpus", str(folder), "--out", str(tmp_path / "o"), "--data", str(data), cache=cache_dir)
    assert proc.returncode == 0, proc.stderr
    assert "frames.yaml, ligne 3" in proc.stderr and "couleur" in proc.stderr
    errors = pd.read_csv(tmp_path / "o" / "codebook_errors.csv")
    assert errors.iloc[0]["line"] == 3
    assert (pd.read_csv(tmp_path / "o" / "frames.csv")["frame"].nunique()) >= 7  # a fallback codebook is used


def test_run_writes_parquet_tables_equal_to_the_csv_ones(tmp_path, cache_dir):
    from analysis.engine.tablefiles import read_table

    for fmt in ("csv", "parquet"):
        proc = run_cli("run", "--corpus", str(SEED_CORPUS), "--out", str(tmp_path / fmt), "--format", fmt,
                       cache=cache_dir)
        assert proc.returncode == 0, proc.stderr
    assert sorted(p.stem for p in (tmp_path / "csv").glob("*.csv")) == \
        sorted(p.stem for p in (tmp_path / "parquet").glob("*.parquet"))
    csv, pq = pd.read_csv(tmp_path / "csv" / "articles.csv"), read_table(tmp_path / "parquet" / "articles.parquet")
    assert list(csv.columns) == list(pq.columns) and csv["article_id"].tolist() == pq["article_id"].tolist()
    assert (csv["n_syllables"] == pq["n_syllables"]).all()


def test_an_unreachable_dask_scheduler_ends_the_run_with_a_french_error(tmp_path, cache_dir):
    proc = run_cli("run", "--corpus", str(SEED_CORPUS), "--out", str(tmp_path / "o"), "--no-cache",
                   "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", cache=cache_dir)
    assert proc.returncode == 1 and "erreur : planificateur Dask injoignable : tcp://127.0.0.1:9" in proc.stderr
    assert not (tmp_path / "o").exists()
