"""The « Adresse web » tab refuses the server's own network with a French message (AppTest)."""
from __future__ import annotations

import socket

import pytest

from tests.app.test_import_page import corpus, hashes, open_import_page, plain  # noqa: F401 (fixture)


@pytest.mark.parametrize("url, reason", [
    ("http://169.254.169.254/latest/meta-data/", "adresse locale de lien"),
    ("http://localhost/", "adresse de bouclage"),
    ("http://[::1]/", "adresse de bouclage"),
    ("http://127.0.0.1:8501/", "port 8501 refusé"),
])
def test_internal_address_typed_in_the_form_is_refused(corpus, monkeypatch, url, reason):  # noqa: F811
    def no_connection(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    before = hashes(corpus)
    at = open_import_page()
    (field,) = [t for t in at.text_input if t.label == "Adresse de l'article"]
    field.input(url)
    (submit,) = [b for b in at.button if b.label == "Télécharger l'article"]
    submit.click().run()
    assert not at.exception, [e.value for e in at.exception]
    errors = plain(at.error)
    assert any(url in e and reason in e for e in errors), errors
    assert hashes(corpus) == before


def test_a_file_over_the_articles_per_import_limit_is_refused_whole(corpus, monkeypatch):  # noqa: F811
    from analysis.corpus import importers as imp

    monkeypatch.setattr(imp, "MAX_ARTICLES_PER_IMPORT", 2)
    rows = "\n".join(f'{{"titre": "Titre {i}", "texte": "Le conseil municipal a voté le budget numéro {i} '
                     f'de la ville pour les écoles et les routes."}}' for i in range(3))
    at = open_import_page()
    at.file_uploader[0].set_value(("lot.jsonl", rows.encode("utf-8"), "application/json"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = plain(at.error)
    assert any("lot.jsonl" in e and "limite de 2 articles par import" in e for e in errors), errors
    assert not any(h.value.startswith("Articles à importer") for h in at.subheader)  # nothing pending
