"""The import/export CLI contract and the bad-input suite.

Every case checks the message (naming the source and the reason), the exit code, and
that the files already in the corpus are byte-for-byte unchanged (content hashes).
"""
import hashlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading

import pandas as pd
import pytest

from analysis.corpus.articles import load_corpus
from tests.conftest import ROOT, SEED_CORPUS

FIXTURES = ROOT / "tests" / "data" / "import"

FRENCH = (
    "Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine. "
    "Les élus de l'opposition ont dénoncé une hausse des impôts locaux qui pèsera sur les familles, "
    "tandis que le maire a défendu des investissements dans les écoles et les transports.\n"
)
OTHER_FRENCH = (
    "Les pompiers sont intervenus dans la nuit pour un incendie dans un entrepôt de la zone industrielle. "
    "Aucun blessé n'est à déplorer, mais les dégâts sont importants selon la préfecture."
)
ENGLISH = (
    "The city council voted on Tuesday evening for the budget of the town for next year. "
    "The members of the opposition said that the rise in local taxes would hurt the families, "
    "while the mayor has defended the investments in schools and in public transport.\n"
)


def hashes(folder):
    """{file name: sha256} of every file in the folder, hidden ones included."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, folder)
    return folder


@pytest.fixture
def src(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    return folder


def refused_lines(stderr):
    return [line for line in stderr.splitlines() if line.startswith("refusé : ")]


def test_import_of_every_fixture_format_exits_zero_and_leaves_seeds_untouched(corpus):
    before = hashes(corpus)
    proc = run("import", FIXTURES, "--corpus", corpus, "--genre", "presse")
    assert proc.returncode == 0, proc.stderr
    after = hashes(corpus)
    assert {k: v for k, v in after.items() if k in before} == before
    new = load_corpus(corpus)
    assert new.errors == []
    assert len(new.articles) == 5 + 8
    outlets = {a.outlet for a in new.articles}
    assert {"Le Quotidien du Soir", "La Gazette de l'Ouest", "Le Courrier du Centre", "L'Écho des Vallées",
            "Le Journal Rural", "Le Financier"} <= outlets
    assert all(a.genre == "presse" for a in new.articles if a.id + ".txt" not in before)
    assert "reprise de dépêche" in proc.stderr


@pytest.mark.parametrize("name, content, expected", [
    ("binaire.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "fichier binaire"),
    ("vide.txt", b"", "le fichier est vide"),
    ("blancs.txt", b"   \n\n\t  \n", "le fichier est vide"),
    ("casse.csv", 'titre,texte\n"Un titre,"Un texte sans guillemet fermant\n'.encode(), "CSV mal formé"),
    ("decale.csv", "titre;média;texte\nUn titre;Le Média;Un texte;de trop\n".encode(), "4 champ(s) au lieu de 3"),
    ("sans_texte.csv", "titre;média\nUn titre;Le Média\n".encode(), "aucune colonne de texte"),
    ("mauvais.jsonl", b'{"texte": "ok"}\n{"texte": \n', "JSON invalide, ligne 2"),
    ("image.png", b"\x89PNG\r\n", "format « .png » non pris en charge"),
    ("en.txt", ENGLISH.encode(), "semble écrit en anglais"),
    ("entete.txt", b"---\noutlet: [\n---\nTexte.", "en-tête YAML invalide"),
])
def test_bad_input_is_refused_with_its_reason_and_the_corpus_is_unchanged(corpus, src, name, content, expected):
    (src / name).write_bytes(content)
    before = hashes(corpus)
    proc = run("import", src / name, "--corpus", corpus)
    assert proc.returncode == 1
    lines = refused_lines(proc.stderr)
    assert len(lines) == 1, proc.stderr
    assert name in lines[0] and expected in lines[0], lines[0]
    assert hashes(corpus) == before


def test_a_50_megabyte_file_is_refused_before_being_read(corpus, src):
    big = src / "enorme.txt"
    line = (FRENCH * 10).encode()
    with big.open("wb") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(line)
    before = hashes(corpus)
    proc = run("import", big, "--corpus", corpus)
    assert proc.returncode == 1
    (line,) = refused_lines(proc.stderr)
    assert "enorme.txt" in line and "fichier trop volumineux (50,0 Mo, maximum 20,0 Mo)" in line
    assert hashes(corpus) == before


def test_cp1252_text_is_decoded_and_imported_with_a_warning(corpus, src):
    (src / "latin.txt").write_bytes(("Élections à Besançon\n\n" + FRENCH + "Réaction : « c’est déçevant ».\n")
                                    .encode("cp1252"))
    before = hashes(corpus)
    proc = run("import", src / "latin.txt", "--corpus", corpus, "--outlet", "L'Est Républicain")
    assert proc.returncode == 0, proc.stderr
    assert "encodage détecté cp1252" in proc.stderr
    after = hashes(corpus)
    assert {k: after[k] for k in before} == before and set(after) - set(before) == {"latin.txt"}
    art = load_corpus(corpus).by_id()["latin"]
    assert art.text.startswith("Élections à Besançon") and "c’est déçevant" in art.text
    assert art.title == "Élections à Besançon" and art.outlet == "L'Est Républicain" and art.language == "fr"


def test_html_scripts_and_navigation_are_dropped(corpus):
    proc = run("import", FIXTURES / "page_web.html", "--corpus", corpus)
    assert proc.returncode == 0, proc.stderr
    art = load_corpus(corpus).by_id()["page_web"]
    raw = (corpus / "page_web.txt").read_text(encoding="utf-8")
    for leaked in ("SCRIPT-INJECTE", "trackEvent", "<script", "document.cookie", "Plan du site", "Accueil"):
        assert leaked not in raw
    assert "Dans ce collège de la vallée" in art.text
    assert (art.title, art.date, art.author) == ("Le numérique à l'école divise les enseignants", "2024-03-05",
                                                 "Paul Lefèvre")


def test_path_traversal_names_never_escape_the_corpus(corpus, src, tmp_path):
    (src / "evil.txt").write_text("---\nid: ../../../evil\ntitle: Un titre\n---\n" + FRENCH, encoding="utf-8")
    (src / "ids.csv").write_text('id;texte\n../../pirate;"' + OTHER_FRENCH
                                 + '"\n', encoding="utf-8")
    outside = {p for p in tmp_path.rglob("*")}
    before = hashes(corpus)
    proc = run("import", src / "evil.txt", src / "ids.csv", "--corpus", corpus)
    assert proc.returncode == 0, proc.stderr
    assert {p for p in tmp_path.rglob("*") if p.parent != corpus} == {p for p in outside if p.parent != corpus}
    new = set(hashes(corpus)) - set(before)
    assert new == {"evil.txt", "pirate.txt"}


def test_duplicate_is_refused_and_existing_id_never_overwritten(corpus, src):
    seed = corpus / "004_76b5440ce6d7ba29.txt"
    shutil.copy(seed, src / seed.name)
    before = hashes(corpus)
    proc = run("import", src / seed.name, "--corpus", corpus)
    assert proc.returncode == 1
    (line,) = refused_lines(proc.stderr)
    assert seed.name in line and "doublon : texte identique à l'article 004_76b5440ce6d7ba29" in line
    assert hashes(corpus) == before
    # same name, different text: stored under a new id, the seed untouched
    (src / seed.name).write_text(FRENCH, encoding="utf-8")
    proc = run("import", src / seed.name, "--corpus", corpus)
    assert proc.returncode == 0, proc.stderr
    assert "existe déjà" in proc.stderr
    after = hashes(corpus)
    assert {k: after[k] for k in before} == before and set(after) - set(before) == {"004_76b5440ce6d7ba29-2.txt"}


def test_same_dispatch_under_another_outlet_is_kept_and_flagged(corpus, src):
    seed = corpus / "002_ef994fbf41719a6b.txt"  # an AFP dispatch
    text = seed.read_text(encoding="utf-8").split("---\n", 2)[2]
    (src / "reprise.txt").write_text(text, encoding="utf-8")
    proc = run("import", src / "reprise.txt", "--corpus", corpus, "--outlet", "Le Courrier du Centre")
    assert proc.returncode == 0, proc.stderr
    art = load_corpus(corpus).by_id()["reprise"]
    assert "Reprise probable d'une même dépêche" in art.note and "002_ef994fbf41719a6b" in art.note
    assert "reprise de dépêche" in proc.stderr


def test_english_article_imported_only_on_confirmation(corpus, src):
    (src / "en.txt").write_text(ENGLISH, encoding="utf-8")
    assert run("import", src / "en.txt", "--corpus", corpus).returncode == 1
    proc = run("import", src / "en.txt", "--corpus", corpus, "--allow-other-language")
    assert proc.returncode == 0, proc.stderr
    assert load_corpus(corpus).by_id()["en"].language == "en"


def test_mixed_sources_exit_non_zero_with_one_line_per_refused_source(corpus, src):
    (src / "ok.txt").write_text(FRENCH, encoding="utf-8")
    (src / "vide.txt").write_bytes(b"")
    (src / "en.txt").write_text(ENGLISH, encoding="utf-8")
    proc = run("import", src / "ok.txt", src / "vide.txt", src / "en.txt", src / "absent.txt", "--corpus", corpus)
    assert proc.returncode == 1
    lines = refused_lines(proc.stderr)
    assert len(lines) == 3
    assert any("vide.txt" in x for x in lines) and any("en.txt" in x for x in lines)
    assert any("absent.txt" in x and "introuvable" in x for x in lines)
    assert (corpus / "ok.txt").exists()
    assert "importé : ok.txt" in proc.stdout


def test_dry_run_writes_nothing(corpus):
    before = hashes(corpus)
    proc = run("import", FIXTURES, "--corpus", corpus, "--dry-run")
    assert proc.returncode == 0 and "serait importé" in proc.stdout
    assert hashes(corpus) == before


def test_bad_date_option_is_refused(corpus, src):
    (src / "ok.txt").write_text(FRENCH, encoding="utf-8")
    proc = run("import", src / "ok.txt", "--corpus", corpus, "--date", "hier")
    assert proc.returncode == 1 and "date « hier » invalide" in proc.stderr


def _closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_url_of_the_server_s_own_network_is_refused_without_the_flag(corpus):
    url = "http://127.0.0.1/article.html"
    before = hashes(corpus)
    proc = run("import", url, "--corpus", corpus)
    assert proc.returncode == 1
    (line,) = refused_lines(proc.stderr)
    assert url in line and "adresse refusée" in line and "bouclage" in line
    assert hashes(corpus) == before


def test_url_without_network_gives_a_clear_message(corpus):
    url = f"http://127.0.0.1:{_closed_port()}/article.html"
    before = hashes(corpus)
    proc = run("import", url, "--corpus", corpus, "--allow-internal-urls")
    assert proc.returncode == 1
    (line,) = refused_lines(proc.stderr)
    assert url in line and "téléchargement impossible" in line and "Enregistrez la page" in line
    assert hashes(corpus) == before


def test_url_is_fetched_and_extracted_when_reachable(corpus):
    """A local web server stands in for the network."""
    page = (FIXTURES / "page_web.html").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/ecole.html"
        proc = run("import", url, "--corpus", corpus, "--allow-internal-urls")  # one trusted run
    finally:
        server.shutdown()
    assert proc.returncode == 0, proc.stderr
    arts = [a for a in load_corpus(corpus).articles if a.url == url]
    assert len(arts) == 1 and arts[0].outlet == "L'Écho des Vallées"


def test_export_formats(corpus, tmp_path):
    out = tmp_path / "export"
    for fmt in ("csv", "jsonl", "iramuteq"):
        proc = run("export", "--corpus", corpus, "--format", fmt, "--out", out / f"corpus.{fmt}")
        assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(out / "corpus.csv")
    assert len(table) == 5 and list(table.columns[:4]) == ["id", "outlet", "title", "date"]
    afp = table.set_index("id").loc["002_ef994fbf41719a6b"]
    assert afp["outlet"] == "AFP" and "Mistral" in afp["body"]
    assert "date 2024-02" not in afp["body"]  # cleaned body: the date marker is set aside
    rows = [json.loads(line) for line in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == list(table["id"])
    ira = (out / "corpus.iramuteq").read_text(encoding="utf-8")
    stars = [line for line in ira.splitlines() if line.startswith("****")]
    assert len(stars) == 5
    assert "**** *outlet_afp *genre_depeche *date_2024-02 *year_2024 *id_002-ef994fbf41719a6b" in stars
    assert all(line.startswith("****") or "*" not in line for line in ira.splitlines())


def test_export_round_trips_through_import(corpus, tmp_path):
    out = tmp_path / "corpus.jsonl"
    assert run("export", "--corpus", corpus, "--format", "jsonl", "--out", out).returncode == 0
    fresh = tmp_path / "fresh"
    proc = run("import", out, "--corpus", fresh)
    assert proc.returncode == 0, proc.stderr
    assert sorted(a.id for a in load_corpus(fresh).articles) == sorted(a.id for a in load_corpus(corpus).articles)


def test_import_never_leaves_temporary_files(corpus):
    run("import", FIXTURES, "--corpus", corpus)
    assert not [p for p in os.listdir(corpus) if p.startswith(".")]
