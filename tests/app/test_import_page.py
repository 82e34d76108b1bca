"""The Importer page: upload a file, import it, see it on every page (AppTest)."""
from __future__ import annotations

import hashlib
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import APP, PAGES, TIMEOUT
from tests.conftest import ROOT, SEED_CORPUS

FIXTURES = ROOT / "tests" / "data" / "import"
ARTICLE = """---
outlet: Le Journal d'Essai
title: Les cantines passent au bio
date: 2024-03-12
genre: reportage
---
Les cantines passent au bio

Depuis la rentrée, les écoles de la commune servent chaque jour des produits issus de l'agriculture biologique.
La mairie assure que le prix des repas n'a pas augmenté pour les familles, grâce à des achats groupés auprès des
producteurs de la région. Les parents d'élèves saluent une mesure attendue depuis longtemps.
<script>alert("jamais exécuté")</script>
"""


@pytest.fixture
def corpus(tmp_path, monkeypatch, cache_dir):
    import ui.data

    folder = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, folder)
    monkeypatch.setattr(ui.data, "CORPUS_DIR", folder)
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(cache_dir))
    return folder


def plain(elements):
    """Messages without the Markdown escapes the page adds around imported content."""
    return [e.value.replace("\\", "") for e in elements]


def hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def open_import_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/import.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_mentions(at: AppTest, needle: str) -> bool:
    for df in at.dataframe:
        values = df.value.astype(str)
        if any(values[c].str.contains(needle, regex=False).any() for c in values.columns):
            return True
    for el in at.get("plotly_chart"):
        if needle in str(el.proto):
            return True
    for box in at.selectbox:  # e.g. the reader's article picker (options are the formatted labels)
        if any(needle in str(o) for o in box.options):
            return True
    return any(needle in str(getattr(el, "value", "")) for el in [*at.markdown, *at.text, *at.caption])


def test_import_page_is_registered():
    assert "pages/import.py" in PAGES


def test_upload_import_and_see_the_article_on_every_page(corpus):
    before = hashes(corpus)
    at = open_import_page()
    at.file_uploader[0].set_value(("cantines.txt", ARTICLE.encode("utf-8"), "text/plain"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value  # the pending-articles table, pre-filled from the header
    assert table.loc[0, "outlet"] == "Le Journal d'Essai" and table.loc[0, "date"] == "2024-03-12"
    assert table.loc[0, "status"] == "prêt"
    at.button(key="imp_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("cantines.txt" in s and "Importé" in s for s in plain(at.success)), plain(at.success)
    after = hashes(corpus)
    assert {k: after[k] for k in before} == before and set(after) - set(before) == {"cantines.txt"}
    assert "Le Journal d'Essai" in at.session_state["flt_outlets"]  # selected in the sidebar filter
    seen = []
    for page in PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        if page_mentions(at, "Forbes France"):  # a page that shows the corpus (not e.g. « Méthodes »)…
            assert page_mentions(at, "Le Journal d'Essai") or page_mentions(at, "Les cantines passent au bio"), \
                f"the imported article is missing from {page}"  # …shows the imported article too
            seen.append(page)
    assert {"pages/overview.py", "pages/reader.py", "pages/import.py"} <= set(seen)


def test_missing_required_metadata_blocks_the_import(corpus):
    before = hashes(corpus)
    at = open_import_page()
    text = ARTICLE.split("---\n", 2)[2]
    at.file_uploader[0].set_value(("sans_entete.txt", text.encode("utf-8"), "text/plain"))
    at.run()
    at.button(key="imp_go").click().run()
    assert any("renseignez média, date" in e for e in plain(at.error)), plain(at.error)
    assert hashes(corpus) == before
    # the common values fill the empty cells, then the import goes through
    at.text_input(key="imp_common_outlet").input("Le Journal d'Essai")
    at.text_input(key="imp_common_date").input("12/03/2024")
    at.button(key="imp_go").click().run()
    assert not at.exception
    assert set(hashes(corpus)) - set(before) == {"sans_entete.txt"}
    assert "date: '2024-03-12'" in (corpus / "sans_entete.txt").read_text(encoding="utf-8")


def test_bad_upload_is_refused_with_a_french_message(corpus):
    before = hashes(corpus)
    at = open_import_page()
    at.file_uploader[0].set_value([("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "text/plain"),
                                   ("en.txt", b"Budget approved\n\nThe council said that the budget of the town was approved by the "
                                              b"members who are in the majority and it will be voted again.",
                                    "text/plain")])
    at.run()
    errors = plain(at.error)
    assert any("image.txt" in e and "fichier binaire" in e for e in errors), errors
    assert at.dataframe[0].value.loc[0, "status"].startswith("à vérifier : langue : anglais (cochez")
    at.text_input(key="imp_common_outlet").input("The Daily")
    at.text_input(key="imp_common_date").input("2024-03")
    at.button(key="imp_go").click().run()
    assert any("en.txt" in e and "anglais" in e for e in plain(at.error)), plain(at.error)
    assert hashes(corpus) == before


def test_europresse_export_lists_every_article(corpus):
    at = open_import_page()
    at.file_uploader[0].set_value(("export.html", (FIXTURES / "europresse_export.html").read_bytes(), "text/html"))
    at.run()
    table = at.dataframe[0].value
    assert len(table) == 3 and table.loc[2, "status"].startswith("à vérifier : reprise de dépêche")


def test_export_download_is_offered(corpus):
    at = open_import_page()
    assert at.radio(key="imp_export_fmt").options == ["CSV (tableur)", "JSONL (une ligne JSON par article)",
                                                      "IRaMuTeQ / TXM (lignes étoilées **** *outlet_…)"]


def test_markdown_in_a_file_name_is_shown_as_text(corpus):
    at = open_import_page()
    at.file_uploader[0].set_value(("![pixel](http://tracker.example/p.png).txt", b"", "text/plain"))
    at.run()
    (msg,) = [e.value for e in at.error]
    assert "\\!\\[pixel\\]\\(http\\://tracker\\.example/p\\.png\\)\\.txt" in msg and "le fichier est vide" in msg
