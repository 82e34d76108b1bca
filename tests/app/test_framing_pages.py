"""Souveraineté and Vocabulaire pages under several filter combinations (AppTest, issue #5)."""
from __future__ import annotations

import pytest

from tests.app.test_pages import run_page

SOV, VOC = "pages/sovereignty.py", "pages/vocabulary.py"
ALL = {"AFP", "Forbes France", "Journal du Geek", "La Tribune", "inconnu"}


def _table_with(at, column: str):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with a '{column}' column")


def _texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
                    + [w.value for w in at.warning])


@pytest.mark.parametrize("outlets", [None, ["AFP"], ["Journal du Geek", "La Tribune"], ["Forbes France", "inconnu", "AFP"]])
def test_sovereignty_page_follows_the_outlet_filter(outlets, cache_dir):
    at = run_page(SOV, {"flt_outlets": outlets} if outlets else None, cache_dir)
    assert not at.exception, [e.value for e in at.exception]
    stance = _table_with(at, "Position")
    assert set(stance["Média"]) == (set(outlets) if outlets else ALL)
    assert set(stance["Position"]) <= {"menacée", "compatible", "disputée", "absente"}
    assert "n = " in str(at.get("plotly_chart")[0].proto.spec)  # the chart states its sample size
    kwic = _table_with(at, "Contexte gauche")
    assert set(kwic["Média"]) <= (set(outlets) if outlets else ALL)


def test_sovereignty_empty_selection_says_so(cache_dir):
    at = run_page(SOV, {"flt_outlets": []}, cache_dir)
    assert not at.exception
    assert any("Aucun article" in i.value for i in at.info)


def test_concordance_filters_by_term_and_free_text(cache_dir):
    at = run_page(SOV, None, cache_dir)
    at.multiselect(key="sov_kwic_terms").set_value(["Gafam"]).run()
    kwic = _table_with(at, "Contexte gauche")
    assert set(kwic["Entrée du lexique"]) == {"Gafam"} and len(kwic) >= 2
    at.text_input(key="sov_kwic_query").set_value("ériger").run()
    kwic = _table_with(at, "Contexte gauche")
    assert len(kwic) == 1 and set(kwic["Média"]) == {"La Tribune"}
    at.text_input(key="sov_kwic_query").set_value("introuvable xyz").run()
    assert any("Aucune occurrence" in i.value for i in at.info)


def test_stance_evidence_for_a_picked_article(cache_dir):
    at = run_page(SOV, None, cache_dir)
    at.selectbox(key="sov_stance_article").set_value("000_e63558821d595b82").run()
    ev = _table_with(at, "Rôle")
    assert "menace" in set(ev["Rôle"])
    assert any("CAPITAUX" in t for t in ev["Phrase"])


def test_reader_comments_part_shows_comment_concordance(cache_dir):
    at = run_page(SOV, {"flt_part": "comment"}, cache_dir)
    assert not at.exception
    kwic = _table_with(at, "Contexte gauche")
    assert set(kwic["Média"]) == {"inconnu"}  # the reader comment of seed 000 says « champion « européen »


@pytest.mark.parametrize("outlets", [None, ["Journal du Geek", "La Tribune"], ["AFP", "inconnu", "Forbes France"]])
def test_vocabulary_page_recomputes_for_the_selection(outlets, cache_dir):
    at = run_page(VOC, {"flt_outlets": outlets} if outlets else None, cache_dir)
    assert not at.exception, [e.value for e in at.exception]
    at.toggle(key="voc_hide_low").set_value(False).run()
    at.selectbox(key="voc_table_outlet").set_value(sorted(outlets or ALL)[0]).run()
    table = _table_with(at, "Score z")
    assert len(table) > 0
    specs = " ".join(str(c.proto.spec) for c in at.get("plotly_chart"))
    assert f"n = {len(outlets or ALL)} m" in specs


def test_vocabulary_with_one_outlet_explains_why_nothing_is_compared(cache_dir):
    at = run_page(VOC, {"flt_outlets": ["AFP"]}, cache_dir)
    assert not at.exception
    assert any("au moins deux médias" in i.value for i in at.info)


def test_vocabulary_empty_selection_says_so(cache_dir):
    at = run_page(VOC, {"flt_outlets": []}, cache_dir)
    assert not at.exception and any("Aucun article" in i.value for i in at.info)


def test_shared_passages_slider(cache_dir):
    at = run_page(VOC, None, cache_dir)
    assert any("Aucun passage d'au moins 8 mots" in i.value for i in at.info)
    at.slider(key="voc_min_words").set_value(6).run()
    shared = _table_with(at, "Passage")
    assert any("champion européen à vocation mondiale" in t for t in shared["Passage"])
    assert {frozenset(p) for p in zip(shared["Média A"], shared["Média B"])} >= {frozenset({"AFP", "inconnu"})}
