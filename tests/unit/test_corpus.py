from pathlib import Path

import pytest

from analysis.corpus.articles import UNKNOWN, load_article, load_corpus

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
ROOT = Path(__file__).resolve().parents[2]


def test_seed_corpus_loads_five_articles_with_metadata():
    corpus = load_corpus(ROOT / "data" / "corpus")
    assert corpus.errors == []
    by_id = corpus.by_id()
    assert len(by_id) == 5
    assert by_id["001_dc56a309806d101d"].outlet == "Journal du Geek"
    assert by_id["002_ef994fbf41719a6b"].outlet == "AFP"
    assert by_id["003_596e36e41944f294"].genre == "entretien"
    assert by_id["004_76b5440ce6d7ba29"].author == "Eric Braune"
    assert by_id["000_e63558821d595b82"].outlet == UNKNOWN
    for a in corpus.articles:
        assert a.language == "fr"
        assert set(a.meta()) == {"id", "outlet", "title", "date", "genre", "author", "url", "language"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not beside the repository")
def test_seed_texts_are_stored_unchanged():
    corpus = load_corpus(ROOT / "data" / "corpus")
    for a in corpus.articles:
        assert a.text == (SEEDS / f"{a.id}.txt").read_bytes().decode("utf-8")


def test_plain_txt_without_header_loads_with_unknown_metadata(make_corpus):
    folder = make_corpus({"mon_article": "Un texte sans en-tête. Il est court."})
    corpus = load_corpus(folder)
    (a,) = corpus.articles
    assert a.id == "mon_article" and a.outlet == UNKNOWN and a.date == UNKNOWN
    assert a.text.startswith("Un texte")


def test_invalid_utf8_is_reported_by_file_name_and_others_still_load(make_corpus):
    folder = make_corpus({"ok": "Un bon article.", "latin.txt": "Café été".encode("cp1252")})
    corpus = load_corpus(folder)
    assert [a.id for a in corpus.articles] == ["ok"]
    (err,) = corpus.errors
    assert "latin.txt" in str(err) and "UTF-8" in str(err)


def test_empty_file_is_reported(make_corpus):
    folder = make_corpus({"vide": "", "ok": "Texte."})
    corpus = load_corpus(folder)
    assert [a.id for a in corpus.articles] == ["ok"]
    assert "vide.txt" in str(corpus.errors[0]) and "vide" in corpus.errors[0].reason


def test_malformed_yaml_header_names_file_and_line(make_corpus):
    folder = make_corpus({"casse": "---\noutlet: AFP\ntitle: [pas fermé\n---\nTexte.", "ok": "Texte."})
    corpus = load_corpus(folder)
    (err,) = corpus.errors
    assert err.path.name == "casse.txt" and err.line is not None and "YAML" in err.reason


@pytest.mark.parametrize("header, reason_part", [
    ("outlet: AFP\ncouleur: rouge\n", "clé(s) inconnue(s)"),
    ("date: hier\n", "date"),
    ("parts:\n  - match: x\n    part: pub\n", "part"),
    ("- une\n- liste\n", "clé: valeur"),
])
def test_invalid_metadata_values_are_refused_with_reason(make_corpus, header, reason_part):
    folder = make_corpus({"a": f"---\n{header}---\nTexte."})
    corpus = load_corpus(folder)
    assert corpus.articles == []
    assert reason_part in corpus.errors[0].reason


def test_header_round_trip_keeps_text_byte_for_byte(make_corpus):
    text = " date 2024-02 Texte « cité »\u00a0!\n\nSecond paragraphe.\n"
    folder = make_corpus({"x": ({"id": "x", "outlet": "AFP", "date": "2024-02-26"}, text)})
    article, warnings = load_article(folder / "x.txt")
    assert article.text == text and article.date == "2024-02-26" and warnings == []


def test_a_corpus_url_loads_the_same_articles_as_its_folder(tmp_path):
    from analysis.corpus.articles import corpus_exists, load_corpus

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "une.txt").write_text("---\noutlet: Le Veilleur d'Orlisse\n---\nLa digue de Cazerolles a cédé.\n",
                                    encoding="utf-8")
    (folder / "deux.md").write_text("Le marché de Brévanne rouvre samedi.\n", encoding="utf-8")
    (folder / "_brouillon.txt").write_text("ignoré\n", encoding="utf-8")
    (folder / "vide.txt").write_text("", encoding="utf-8")
    url = folder.resolve().as_uri()
    by_url, by_path = load_corpus(url), load_corpus(folder)
    assert [(a.id, a.text, a.outlet) for a in by_url.articles] == [(a.id, a.text, a.outlet) for a in by_path.articles]
    assert [a.fingerprint() for a in by_url.articles] == [a.fingerprint() for a in by_path.articles]
    assert [str(e) for e in by_url.errors] == [str(e) for e in by_path.errors] and len(by_url.errors) == 1
    assert corpus_exists(url) and not corpus_exists(url + "-absent")
    assert not corpus_exists("protocole-inconnu://x")
