"""In-process tests of analysis.corpus.importers: parsing, normalisation, checks, atomic writes."""
import hashlib
import os

import pytest

from analysis.corpus import importers as imp
from analysis.corpus.articles import UNKNOWN, Article, load_corpus
from tests.conftest import ROOT, SEED_CORPUS

FIXTURES = ROOT / "tests" / "data" / "import"
FR = ("Le gouvernement a présenté mardi son projet de loi sur le numérique. Il prévoit des règles pour les "
      "plateformes et une autorité de contrôle, ce que les associations jugent trop timide pour les usagers.")


def snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_europresse_export_gives_one_candidate_per_article_with_metadata():
    cands, refused, _ = imp.parse_source("ep.html", (FIXTURES / "europresse_export.html").read_bytes())
    assert refused == [] and len(cands) == 3
    first = cands[0]
    assert first.meta["outlet"] == "Le Quotidien du Soir"  # issue number dropped
    assert first.meta["date"] == "2024-02-28"
    assert first.meta["title"] == "Intelligence artificielle : l’alliance qui trouble Bruxelles"
    assert first.meta["author"] == "Claire Durand"
    assert "news·20240228·QS·a1b2c3d4e5" in first.meta["note"]
    assert first.text.count("\n\n") == 2 and "europresseTracking" not in first.text
    assert cands[1].meta["outlet"] == "La Gazette de l'Ouest" and "site web" in cands[1].meta["note"]
    assert cands[2].meta["outlet"] == "Le Courrier du Centre" and cands[2].meta["author"] == UNKNOWN


def test_csv_with_semicolons_french_headers_and_multiline_cells():
    cands, refused, _ = imp.parse_source("a.csv", (FIXTURES / "articles.csv").read_bytes())
    assert refused == [] and [c.source for c in cands] == ["a.csv, ligne 2", "a.csv, ligne 5"]
    assert cands[0].meta | {} == cands[0].meta
    assert (cands[0].meta["outlet"], cands[0].meta["date"], cands[0].meta["author"]) == (
        "Le Journal Rural", "2024-02-26", "Anne Morel")
    assert "\n\nLe ministre a promis" in cands[0].text
    assert cands[1].meta["date"] == "2024-02-24" and cands[1].meta["author"] == UNKNOWN


def test_csv_row_with_empty_text_is_refused_alone():
    data = f'titre,texte\nA,"{FR}"\nB,\n'.encode()
    cands, refused, _ = imp.parse_source("t.csv", data)
    assert len(cands) == 1 and len(refused) == 1
    assert str(refused[0]) == "t.csv, ligne 3 : la colonne de texte est vide"


@pytest.mark.parametrize("raw, expected", [
    ("2024-02-26", "2024-02-26"), ("2024-02", "2024-02"), ("2024", "2024"),
    ("2024-02-26T08:00:00+01:00", "2024-02-26"), ("26/02/2024", "2024-02-26"), ("1.3.2024", "2024-03-01"),
    ("lundi 26 février 2024", "2024-02-26"), ("1er mars 2024", "2024-03-01"), ("février 2024", "2024-02"),
    ("Économie, mercredi 28 février 2024 412 mots, p. 14", "2024-02-28"),
    ("31/02/2024", None), ("hier", None), ("", None), ("2024-13", None),
])
def test_normalise_date(raw, expected):
    assert imp.normalise_date(raw) == expected


def test_normalise_text_nfc_spaces_apostrophes_controls():
    raw = "Cafe\u0301\r\nl\u02bchomme\u200b a dit\u00a0: «\u202fnon\u202f»\u2003!\x07\n\n\n\nFin   \n"
    out = imp.normalise_text(raw)
    assert out == "Café\nl’homme a dit\u00a0: «\u202fnon\u202f» !\n\nFin\n"
    assert imp.normalise_text(out) == out


def test_decode_cp1252_and_latin1_and_utf16():
    text = "Élève, œuvre, « déjà » — 10 €"
    assert imp.decode_bytes(text.encode("cp1252"), "x")[0] == text
    assert imp.decode_bytes(text.encode("utf-16"), "x")[0] == text
    assert imp.decode_bytes(("\ufeff" + text).encode("utf-8"), "x") == (text, "utf-8")
    assert imp.decode_bytes("Café à Noël".encode("latin-1"), "x")[0] == "Café à Noël"


def test_language_detection():
    assert imp.detect_language(FR)[0] == "fr"
    assert imp.detect_language("The government has presented its bill on the digital sector and it was "
                               "criticised by the unions that are in the street.")[0] == "en"
    assert imp.detect_language("El gobierno ha presentado su proyecto de ley y los sindicatos están "
                               "en la calle por la reforma del sistema.")[0] == "es"
    assert imp.detect_language("Merci.")[0] == UNKNOWN


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "passwd"), ("..\\..\\Windows\\win.ini", "win-ini"), ("Mon Article d'été.TXT", "mon-article-d-ete"),
    (".cache", "cache"), ("_x.txt", "x"), ("", "article"), ("///", "article"), ("CON.txt", "con-article"),
    ("a" * 200, "a" * 60),
])
def test_safe_id(name, expected):
    assert imp.safe_id(name) == expected


def _cand(text=FR, **meta):
    c = imp.parse._candidate("src.txt", "src", text, meta)
    return c


def test_near_duplicate_in_same_outlet_is_refused_and_across_outlets_flagged():
    base = Article(id="a1", text=FR + "\n", outlet="Le Monde")
    near = FR.replace("mardi", "mercredi") + " Le texte sera débattu en avril."
    ok, refused = imp.check_candidates([_cand(near, outlet="Le Monde")], [base])
    assert ok == [] and "quasi identique" in refused[0].reason and "a1" in refused[0].reason
    ok, refused = imp.check_candidates([_cand(near, outlet="Libération")], [base])
    assert refused == [] and ok[0].duplicate_of == "a1" and "Reprise probable" in ok[0].meta["note"]
    ok, refused = imp.check_candidates([_cand(near, outlet="Le Monde")], [base], allow_duplicates=True)
    assert len(ok) == 1 and refused == []


def test_different_articles_are_not_duplicates():
    other = ("Les pompiers sont intervenus dans la nuit pour un incendie dans un entrepôt de la zone "
             "industrielle. Aucun blessé n'est à déplorer selon la préfecture.")
    ok, refused = imp.check_candidates([_cand(other, outlet="Le Monde")], [Article(id="a1", text=FR)])
    assert refused == [] and ok[0].duplicate_of is None


def test_commit_never_overwrites_and_gives_new_ids(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "src.txt").write_text("ancien", encoding="utf-8")
    (corpus / "src-2.md").write_text("ancien md", encoding="utf-8")
    written = imp.commit_candidates(corpus, [_cand(), _cand(FR + " Bis.")])
    assert [p.name for _, p in written] == ["src-3.txt", "src-4.txt"]
    assert (corpus / "src.txt").read_text(encoding="utf-8") == "ancien"
    loaded = load_corpus(corpus).by_id()
    assert loaded["src-3"].text == FR + "\n"


def test_failed_write_rolls_back_the_whole_batch(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "keep.txt").write_text(FR, encoding="utf-8")
    before = snapshot(corpus)
    real = imp.write._publish
    calls = []

    def flaky(tmp, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(tmp, target)

    monkeypatch.setattr(imp.write, "_publish", flaky)
    with pytest.raises(OSError):
        imp.write_articles(corpus, [("a.txt", "A"), ("b.txt", "B"), ("c.txt", "C")])
    assert snapshot(corpus) == before  # a.txt and b.txt removed again, no temporary file left


def test_interrupt_while_writing_leaves_the_corpus_as_it_was(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    corpus.mkdir()
    before = snapshot(corpus)
    real_fsync = os.fsync
    n = []

    def interrupted(fd):
        n.append(fd)
        if len(n) == 2:
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(imp.write.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        imp.write_articles(corpus, [("a.txt", "A"), ("b.txt", "B")])
    assert snapshot(corpus) == before


def test_write_refuses_names_outside_the_corpus(tmp_path):
    corpus = tmp_path / "c"
    for bad in ("../x.txt", "sub/x.txt", ".hidden.txt", "/etc/x.txt"):
        with pytest.raises(ValueError):
            imp.write_articles(corpus, [(bad, "x")])
    assert not (tmp_path / "x.txt").exists() and list(corpus.iterdir()) == []


def test_total_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(imp, "MAX_TOTAL_BYTES", 600)
    for i in range(3):
        (tmp_path / f"f{i}.txt").write_text(FR + f" Numéro {i}.", encoding="utf-8")
    cands, refused, _ = imp.load_sources([str(tmp_path / f"f{i}.txt") for i in range(3)])
    assert len(cands) == 2 and len(refused) == 1
    assert refused[0].source == "f2.txt" and "limite totale" in refused[0].reason


def test_seed_files_reimported_elsewhere_keep_their_text_and_metadata(tmp_path):
    out = imp.import_sources([str(SEED_CORPUS)], tmp_path / "copie")
    assert out.ok, out.refused
    old, new = load_corpus(SEED_CORPUS).by_id(), load_corpus(tmp_path / "copie").by_id()
    assert set(old) == set(new)
    for k, a in old.items():
        assert new[k].meta() == a.meta() and new[k].parts == a.parts
        assert new[k].text.strip() == imp.normalise_text(a.text).strip()
