"""Shared data folders: locked atomic edits, compare-and-swap, read-only mode, concurrent imports."""
from __future__ import annotations

import multiprocessing
import shutil
import threading
import time
from pathlib import Path

import pytest
import yaml

from analysis.corpus import importers as imp
from analysis.corpus.articles import load_corpus
from analysis.corpus.shared_files import (
    StaleEdit,
    folder_lock,
    read_versioned,
    update_file,
)
from analysis.measures.actors import ACTORS_FILE, parse_registry
from analysis.settings import ReadOnlyError, SettingsError, load_settings
from tests.conftest import ROOT, SEED_CORPUS

INVENTED_ACTOR = "Collectif des Lecteurs Imaginaires"
WORDS = ("conseil maire budget école route hôpital tramway marché usine port forêt rivière théâtre musée "
         "stade gare piscine collège mairie quartier parc pont digue lycée crèche bibliothèque halle "
         "ferme vignoble moulin abbaye phare canal jardin entrepôt atelier chantier").split()


# --------------------------------------------------------------------------- settings

def test_read_only_comes_from_the_environment_or_the_secrets_file(tmp_path):
    secrets = tmp_path / "secrets.toml"
    assert load_settings({}, secrets).read_only is False
    assert load_settings({"DISCOURS_READ_ONLY": "1"}, secrets).read_only is True
    assert load_settings({"DISCOURS_READ_ONLY": "oui"}, secrets).read_only is True
    secrets.write_text('[discours]\nread_only = true\nimport_allowed_hosts = ["Intranet.example:8080"]\n')
    settings = load_settings({}, secrets)
    assert settings.read_only is True and settings.allowed_hosts == ("intranet.example:8080",)
    assert load_settings({"DISCOURS_READ_ONLY": "0"}, secrets).read_only is False  # the environment wins


def test_unreadable_setting_names_where_it_comes_from(tmp_path):
    with pytest.raises(SettingsError, match="DISCOURS_READ_ONLY"):
        load_settings({"DISCOURS_READ_ONLY": "peut-être"}, tmp_path / "absent.toml")
    bad = tmp_path / "secrets.toml"
    bad.write_text("[discours\n")
    with pytest.raises(SettingsError, match="secrets.toml"):
        load_settings({}, bad)


# --------------------------------------------------------------------------- locked edits

def test_update_applies_the_change_atomically_and_returns_the_new_version(tmp_path):
    path = tmp_path / "liste.txt"
    path.write_text("a\n", encoding="utf-8")
    _, v1 = read_versioned(path)
    v2 = update_file(path, lambda text: text + "b\n", expected_version=v1)
    text, now = read_versioned(path)
    assert text == "a\nb\n" and now == v2 != v1
    assert [p.name for p in tmp_path.iterdir()] == ["liste.txt"]  # no temporary file left


def test_edit_on_a_stale_version_must_be_redone(tmp_path):
    path = tmp_path / "liste.txt"
    path.write_text("a\n", encoding="utf-8")
    _, opened = read_versioned(path)
    update_file(path, lambda text: text + "autre session\n")
    with pytest.raises(StaleEdit, match="à refaire"):
        update_file(path, lambda text: text + "ma modification\n", expected_version=opened)
    assert path.read_text(encoding="utf-8") == "a\nautre session\n"


def test_invalid_result_is_not_written(tmp_path):
    path = tmp_path / ACTORS_FILE
    original = f"actors:\n  - name: {INVENTED_ACTOR}\n    role: reader\n"
    path.write_text(original, encoding="utf-8")
    with pytest.raises(Exception, match="rôle"):
        update_file(path, lambda text: text.replace("role: reader", "role: personne"),
                    validate=lambda text: parse_registry(text, path))
    assert path.read_text(encoding="utf-8") == original


def test_read_only_instance_writes_nothing(tmp_path, monkeypatch, make_corpus):
    monkeypatch.setenv("DISCOURS_READ_ONLY", "1")
    path = tmp_path / "liste.txt"
    path.write_text("a\n", encoding="utf-8")
    with pytest.raises(ReadOnlyError, match="lecture seule"):
        update_file(path, lambda text: text + "b\n")
    assert path.read_text(encoding="utf-8") == "a\n"
    corpus = make_corpus({})
    cands, _, _ = imp.parse_source("nouveau.txt", _article(9, 9).encode("utf-8"))
    outcome = imp.check_and_commit(corpus, cands)
    assert not outcome.written and "lecture seule" in outcome.refused[0].reason
    assert list(corpus.iterdir()) == []
    with pytest.raises(ReadOnlyError):
        imp.write_articles(corpus, [("x.txt", "texte")])


def test_folder_lock_excludes_threads_of_one_process(tmp_path):
    inside, overlaps = [], []

    def work():
        for _ in range(20):
            with folder_lock(tmp_path):
                inside.append(1)
                time.sleep(0.001)  # lets another thread run while this one is inside
                if len(inside) > 1:
                    overlaps.append(len(inside))
                inside.pop()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlaps == []


def test_work_limits_refuse_an_oversized_import_before_writing(make_corpus, monkeypatch):
    corpus = make_corpus({})
    cands = [imp.parse_source(f"a{i}.txt", _article(1, i).encode("utf-8"))[0][0] for i in range(3)]
    monkeypatch.setattr(imp.checks, "MAX_ARTICLES_PER_IMPORT", 2)
    outcome = imp.check_and_commit(corpus, cands, enforce_work_limits=True)
    assert not outcome.written and "au plus 2 articles par import" in outcome.refused[0].reason
    monkeypatch.setattr(imp.checks, "MAX_ARTICLES_PER_IMPORT", 500)
    monkeypatch.setattr(imp.checks, "MAX_IMPORT_CHARS", 100)
    outcome = imp.check_and_commit(corpus, cands, enforce_work_limits=True)
    assert not outcome.written and "caractères par import" in outcome.refused[0].reason
    assert list(corpus.iterdir()) == []


# --------------------------------------------------------------------------- two processes at once

def _article(worker: int, i: int) -> str:
    """A French article unique to (worker, i): no two share 5-word sequences by accident."""
    picks = [WORDS[(worker * 7 + i * 3 + k * k) % len(WORDS)] for k in range(12)]
    body = " ".join(f"Le {w} numéro {worker}{i:02d}{k} est dans la ville et nous avons vu qu'il est ouvert."
                    for k, w in enumerate(picks))
    return (f"---\noutlet: Gazette {worker}\ntitle: Dépêche {i}\ndate: 2024-01-{i + 1:02d}\n---\n"
            f"Dépêche {i}\n\n{body}\n")


def _add_alias(path: Path, alias: str) -> int:
    """Add an alias to the invented actor by compare-and-swap; returns how many times it was redone."""
    redone = 0
    while True:
        text, version = read_versioned(path)
        data = yaml.safe_load(text)
        for actor in data["actors"]:
            if actor["name"] == INVENTED_ACTOR:
                actor.setdefault("aliases", []).append(alias)
        new = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        try:
            update_file(path, lambda _current: new, expected_version=version,
                        validate=lambda t: parse_registry(t, path))
            return redone
        except StaleEdit:
            redone += 1


def _worker(worker: int, corpus: str, actors: str, start, results) -> None:
    start.wait(60)
    problems, redone = [], 0
    for i in range(20):
        cands, refused, _ = imp.parse_source(f"depeche-{i}.txt", _article(worker, i).encode("utf-8"))
        outcome = imp.check_and_commit(corpus, cands)
        if len(outcome.written) != 1 or refused or outcome.refused:
            problems.append(f"import {worker}/{i}: {[str(r) for r in [*refused, *outcome.refused]]}")
        redone += _add_alias(Path(actors), f"alias {worker}-{i}")
    results.put((worker, problems, redone))


def test_two_processes_importing_and_editing_the_same_folder_lose_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("corpus"))
    shutil.copytree(SEED_CORPUS, data / "corpus")
    actors = data / ACTORS_FILE
    registry = yaml.safe_load(actors.read_text(encoding="utf-8"))
    registry["actors"].append({"name": INVENTED_ACTOR, "role": "reader", "aliases": []})
    actors.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8")
    n_seed = len(load_corpus(data / "corpus").articles)

    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(w, str(data / "corpus"), str(actors), start, results))
             for w in (1, 2)]
    for p in procs:
        p.start()
    start.set()
    reports = [results.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert [problem for _, problems, _ in reports for problem in problems] == []

    corpus = load_corpus(data / "corpus")
    assert corpus.errors == []  # every file parses
    assert len(corpus.articles) == n_seed + 40
    texts = {a.text.strip() for a in corpus.articles}
    for w in (1, 2):
        for i in range(20):
            assert _article(w, i).split("---\n", 2)[2].strip() in texts
    registry = parse_registry(actors.read_text(encoding="utf-8"), actors)  # the registry parses
    (invented,) = [a for a in registry.actors if a.name == INVENTED_ACTOR]
    assert sorted(invented.aliases) == sorted(f"alias {w}-{i}" for w in (1, 2) for i in range(20))
    leftovers = [p.name for p in data.rglob(".*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_lock_file_fallback_excludes_threads_and_cleans_up(tmp_path, monkeypatch):
    """Where fcntl does not exist (Windows), an exclusive lock file stands in for flock."""
    from analysis.corpus import shared_files

    monkeypatch.setattr(shared_files, "fcntl", None)
    inside, overlaps = [], []

    def work():
        for _ in range(10):
            with folder_lock(tmp_path):
                inside.append(1)
                time.sleep(0.001)
                if len(inside) > 1:
                    overlaps.append(len(inside))
                inside.pop()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlaps == [] and list(tmp_path.iterdir()) == []
    with folder_lock(tmp_path):
        with pytest.raises(shared_files.LockTimeout, match="réessayez"):
            with folder_lock(tmp_path, timeout=0.1):
                pass


def test_a_writer_waits_at_most_the_timeout_then_gets_a_french_message(tmp_path):
    from analysis.corpus.shared_files import LockTimeout

    with folder_lock(tmp_path):
        started = time.monotonic()
        with pytest.raises(LockTimeout, match="une autre modification est en cours"):
            with folder_lock(tmp_path, timeout=0.2):
                pass
        assert time.monotonic() - started < 5
