"""The analyst's path in real Chromium (issue #16): one test per defect found, then the whole walk.

Open, compare outlets, drill down, present, export, import, find the article everywhere. The
shared server (conftest.py) serves a copy of the seed corpus; the walk, which imports an
article, starts its own server over its own copy.
"""
from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest

from tests.browser.conftest import copy_seed_corpus, start_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

FONT_NAME = "DejaVu Sans"  # the one font (fonts-dejavu-core), for screen, PNG, SVG and deck
HASH_ID = re.compile(r"\d{3}_[0-9a-f]{16}")  # grid cells run together: no word boundaries
ENGLISH_STANCES = ("contested", "threatened")
#: An invented article (no outlet, title or date in the file): what an analyst pastes in a .txt.
NEW_ARTICLE = (
    "Le conseil régional a voté jeudi un plan de soutien aux jeunes pousses du numérique. "
    "« Nous voulons garder nos talents et notre souveraineté technologique », a déclaré la présidente "
    "de la commission, sous les applaudissements. L'opposition juge l'enveloppe trop modeste et "
    "regrette l'absence de calendrier précis pour les premiers versements.\n"
)


@pytest.fixture(scope="module")
def seed(seed_results):
    """The bundled corpus's tables: the tests read their expectations there, never from a text."""
    return seed_results.tables


def _two_outlets(seed) -> list[str]:
    """Two outlets of the corpus with a quote each (the acteurs charts have something to draw)."""
    quoted = seed["quotes"].merge(seed["articles"][["article_id", "outlet"]], on="article_id")
    return sorted(o for o in quoted["outlet"].unique() if o != "inconnu")[:2]


def _outlets_query(outlets: list[str]) -> str:
    from urllib.parse import quote

    return "outlets=" + quote("~".join(outlets))


def _open(browser, url: str, width: int = 1400, height: int = 900):
    sys.path.insert(0, str(ROOT / "tools"))
    from screenshots import wait_for_app

    page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
    page.goto(url)
    wait_for_app(page)
    return page


def _settle(page, ms: int = 800) -> None:
    from screenshots import wait_for_app

    page.wait_for_timeout(ms)
    wait_for_app(page)


def _main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def _grid_text(page) -> str:
    """Text of every table (their accessible grid: the cells are drawn on a canvas)."""
    return " ".join(page.locator("[data-testid='stDataFrame'] table").all_inner_texts())


def _select_options(page, label: str) -> str:
    """The options of a select box, as the analyst sees them when opening it."""
    box = page.get_by_label(label, exact=True).first
    box.scroll_into_view_if_needed()
    box.click()
    page.wait_for_timeout(800)
    text = " ".join(page.locator("[role='listbox'], [role='option']").all_inner_texts())
    page.keyboard.press("Escape")
    return text


def _click_bar(page, chart: int = 0, bar: int = 0) -> None:
    page.locator(".js-plotly-plot").nth(chart).locator(".bars .point path").nth(bar).click(force=True)
    _settle(page, 1500)


def _click_first_row(page, table: int = 0) -> None:
    """Tick the selection box of the first row of a selectable table (left edge, first body row)."""
    frame = page.locator("[data-testid='stDataFrame']").nth(table)
    frame.scroll_into_view_if_needed()
    box = frame.bounding_box()
    header = page.locator("[data-testid='stDataFrame'] table th").first.bounding_box()
    row_h = header["height"] if header else 35
    page.mouse.click(box["x"] + 12, box["y"] + row_h * 1.5)


# --------------------------------------------------------------------------- 1. comments selection

def test_comments_selection_shows_the_comments_own_figures_or_says_the_page_does_not_apply(browser, app_url, seed):
    from ui.theme import fr_number

    page = _open(browser, f"{app_url}/?part=comment")
    text = _main_text(page)
    assert "Lisibilité comparée des commentaires" in text
    assert "commentaires de lecteurs" in page.locator(".js-plotly-plot .gtitle").first.text_content()
    comment_words = seed["sentences"].query("part == 'comment' and n_words > 0")["n_words"].sum()
    metrics = dict(zip(page.locator("[data-testid='stMetricLabel']").all_inner_texts(),
                       page.locator("[data-testid='stMetricValue']").all_inner_texts()))
    assert metrics["Mots de commentaires"] == fr_number(comment_words, 0), metrics  # not the body's words
    page.close()
    for path in ("acteurs", "vocabulaire"):
        page = _open(browser, f"{app_url}/{path}?part=comment")
        assert "ne s'applique pas aux commentaires de lecteurs" in _main_text(page)
        assert page.locator(".js-plotly-plot").count() == 0  # no outlet figure under a comments selection
        page.close()
    page = _open(browser, f"{app_url}/tonalite?part=comment")
    voices = page.locator("[data-testid='stMain'] [data-testid='stRadio']").first
    assert voices.get_by_role("radio", name="Commentaires de lecteurs").is_checked()
    assert "tonalité ci-dessous est celle des commentaires" in _main_text(page)
    page.close()
    with_comments = seed["articles"].query("n_comment_words > 0")["article_id"].iloc[0]
    page = _open(browser, f"{app_url}/lecteur?part=comment&article={with_comments}")
    assert "Tonalité nette des commentaires" in _main_text(page)
    page.close()


# --------------------------------------------------------------------------- 2. exports

def test_exports_are_meeting_ready_one_font_french_csv_and_a_deck_with_method(browser, app_url):
    from pptx import Presentation

    page = _open(browser, f"{app_url}/")
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="SVG").first.click()
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    assert FONT_NAME in svg  # the SVG names its font: it does not open in a serif
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV").first.click()
    blob = Path(info.value.path()).read_bytes()
    assert blob.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(blob.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Média" and not any("_" in h for h in rows[0]), rows[0]
    assert all(re.fullmatch(r"-?\d+(,\d+)?", v) for v in rows[1][1:]), rows[1]  # decimal comma, no dot
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Présentation PowerPoint").click()
    deck = Presentation(io.BytesIO(Path(info.value.path()).read_bytes()))
    for slide in deck.slides:
        text = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        assert "Corpus" in text and "Filtres" in text and "Exporté le" in text and "Méthode" in text
        fonts = {r.font.name for sh in slide.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs for r in p.runs}
        assert fonts == {FONT_NAME}
        assert all(sh.left + sh.width <= deck.slide_width for sh in slide.shapes)
    plot_font = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.font.family")
    assert plot_font.startswith(FONT_NAME)
    page.close()


# --------------------------------------------------------------------------- 3. low evidence

def test_low_evidence_values_are_marked_and_do_not_set_the_scale(browser, app_url):
    page = _open(browser, f"{app_url}/?part=comment")  # 71 and 20 words of comments: both thin
    chart = page.locator(".js-plotly-plot").first
    assert "peu de données" in chart.locator(".gtitle").text_content()
    marker = page.evaluate("() => { const m = document.querySelector('.js-plotly-plot')._fullData[0].marker;"
                           " return {opacity: Array.from(m.opacity), pattern: {shape: Array.from(m.pattern.shape)}}; }")
    assert marker["pattern"]["shape"] and all(o < 1 for o in marker["opacity"])
    chart.locator(".bars .point path").first.hover(force=True)
    page.wait_for_timeout(500)
    assert "peu de données" in page.locator(".hoverlayer").text_content()
    page.close()


# --------------------------------------------------------------------------- 4. import form

def test_import_grid_says_what_the_button_will_do(browser, app_url, tmp_path):
    source = tmp_path / "sans_titre.txt"
    source.write_text(NEW_ARTICLE, encoding="utf-8")
    page = _open(browser, f"{app_url}/importer")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(source))
    _settle(page, 1500)
    assert "0 article(s) prêt(s) sur 1" in _main_text(page)
    assert "titre manquant" in _grid_text(page)
    for label, value in (("Titre", "Un plan régional pour le numérique"), ("Média", "Le Courrier Test"),
                         ("Date", "2024-03-05")):
        field = page.get_by_label(label, exact=True)
        field.fill(value)
        field.press("Enter")
        _settle(page)
    assert "1 article(s) prêt(s) sur 1" in _main_text(page)
    grid = _grid_text(page)
    assert "Un plan régional pour le numérique" in grid and "prêt" in grid  # shared values show in the grid
    assert "/data/corpus" not in _main_text(page) and "/tmp" not in _main_text(page)  # no server path
    page.close()


# --------------------------------------------------------------------------- 5. one definition per label

def test_the_same_label_means_the_same_quantity_on_every_page(browser, app_url, seed):
    from ui.theme import fr_number

    page = _open(browser, f"{app_url}/")
    metrics = dict(zip(page.locator("[data-testid='stMetricLabel']").all_inner_texts(),
                       page.locator("[data-testid='stMetricValue']").all_inner_texts()))
    # the metric and the scorecard column share a label, so they share a definition (same total)
    assert metrics.get("Mots (lisibilité)") == fr_number(seed["outlets"]["n_words"].sum(), 0), metrics
    headers = page.locator("[data-testid='stDataFrame'] table").first.locator("th").all_inner_texts()
    assert "Mots (lisibilité)" in headers
    page.close()
    for article_id in seed["articles"]["article_id"]:
        page = _open(browser, f"{app_url}/lecteur?article={article_id}")
        text = _main_text(page)
        assert not any(word in text for word in ENGLISH_STANCES), article_id
        assert "pour 100 mots" in text  # tone in the chart's unit, never « % »
        page.close()


# --------------------------------------------------------------------------- 6. article labels

@pytest.mark.parametrize("path", ["", "acteurs", "tonalite", "souverainete", "lecteur", "importer"])
def test_articles_are_named_by_outlet_date_and_title_never_by_hash(browser, app_url, path, seed):
    page = _open(browser, f"{app_url}/{path}", 1400, 5000)  # tall: every table is drawn (grids draw when seen)
    shown = _main_text(page) + " " + _grid_text(page)
    assert not HASH_ID.search(shown), HASH_ID.search(shown).group(0)
    if path == "lecteur":
        from ui.labels import article_labels

        options = _select_options(page, "Article (tapez pour chercher)")
        assert not HASH_ID.search(options)
        labels = article_labels(seed["articles"], seed["sentences"])
        assert all(label in options for label in labels.values()), options
        assert all(re.fullmatch(r".+ — .+ — .+", label) for label in labels.values())
    page.close()


# --------------------------------------------------------------------------- 7. drill-down

def test_one_click_from_a_bar_to_its_sentences_and_one_to_the_reader_scrolled_to_it(browser, app_url):
    page = _open(browser, f"{app_url}/")
    _click_bar(page, 0, 0)
    assert "Phrases de" in _main_text(page)
    sentences = page.locator("[data-testid='stDataFrame']").first
    sentences.scroll_into_view_if_needed()
    _click_first_row(page, 0)
    page.wait_for_url(re.compile(r"/lecteur\?.*article=.*sentence=\d+"), timeout=60_000)
    _settle(page, 2000)
    focus = page.locator("#rd-focus")
    assert focus.count() == 1
    box = focus.bounding_box()
    assert box and 0 <= box["y"] <= page.viewport_size["height"]  # scrolled to the framed sentence
    assert re.search(r"sentence=\d+", page.url) and "article=" in page.url
    page.close()


# --------------------------------------------------------------------------- 8. visual defects

def test_roles_have_their_own_colours_and_legends_clear_the_axis_title(browser, app_url, seed):
    page = _open(browser, f"{app_url}/acteurs?{_outlets_query(_two_outlets(seed))}")
    plots = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p._fullData.map(t => ({"
                          "type: t.type, z: t.z ? Array.from(t.z, r => Array.from(r)) : null,"
                          "color: (t.marker || {}).color || null})))")
    heat = plots[0][0]
    assert heat["type"] == "heatmap" and all(any(v > 0 for v in row) for row in heat["z"])  # no row of zeros
    from ui.theme import PALETTE

    role_colors = {t["color"] for t in plots[1] if isinstance(t["color"], str)}
    assert role_colors and not role_colors & {c.upper() for c in PALETTE} and not role_colors & set(PALETTE)
    chart = page.locator(".js-plotly-plot").nth(1)
    legend, xtitle = chart.locator(".legend").bounding_box(), chart.locator(".xtitle").bounding_box()
    assert legend["y"] >= xtitle["y"] + xtitle["height"] - 1  # the legend sits below the axis title
    page.close()
    page = _open(browser, f"{app_url}/")
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.bounding_box()
    last_outlet = sorted(seed["articles"]["outlet"].unique())[-1]
    last_tag = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelectTagsContainer']").first \
        .get_by_text(last_outlet, exact=True).bounding_box()
    assert last_tag["y"] + last_tag["height"] <= box["y"] + box["height"]  # the last tag is not cut
    page.close()


# --------------------------------------------------------------------------- 9. presentation mode

def test_presentation_mode_at_1280x720_shows_the_chart_and_a_reachable_exit(browser, app_url):
    page = _open(browser, f"{app_url}/?presentation=1", 1280, 720)
    exit_button = page.get_by_role("button", name="Quitter le mode présentation")
    box = exit_button.bounding_box()
    header = page.locator("header[data-testid='stHeader']")
    assert not header.is_visible() or box["y"] >= header.bounding_box()["height"]
    assert page.locator("[data-testid='stAppDeployButton'], [data-testid='stMainMenu']").count() == 0 or \
        not page.locator("[data-testid='stAppDeployButton'], [data-testid='stMainMenu']").first.is_visible()
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert chart["y"] + chart["height"] <= 720  # the whole comparison chart in the first screen
    exit_button.click()
    _settle(page)
    assert page.locator("[data-testid='stSidebar']").is_visible()
    page.close()


def test_overview_first_screen_shows_the_comparison_chart(browser, app_url):
    page = _open(browser, f"{app_url}/", 1400, 900)
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert chart["y"] + chart["height"] * 0.8 <= 900
    page.close()


# --------------------------------------------------------------------------- 10. English and developer words

def test_no_english_or_developer_words_on_the_pages(browser, app_url):
    page = _open(browser, f"{app_url}/")
    assert page.get_by_text("Deploy", exact=True).count() == 0
    assert page.locator("[data-testid='stMainMenu']").count() == 0
    page.locator(".js-plotly-plot").first.hover()
    titles = page.locator(".modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
    assert "Télécharger le graphique en PNG" in titles and not any("Download" in t for t in titles), titles
    assert "None" not in _grid_text(page)
    page.close()
    page = _open(browser, f"{app_url}/methodes")
    text = _main_text(page)
    assert "README" not in text and "flesch_fr" not in text and not re.search(r"\b[a-z]+_[a-z_]+\b(?!\.(tsv|yaml))", text)
    page.close()
    page = _open(browser, f"{app_url}/acteurs")
    assert "None" not in _grid_text(page)
    page.close()


# --------------------------------------------------------------------------- the whole path

def test_the_analysts_path_from_opening_to_slides_and_an_imported_article(browser, cache_dir, tmp_path, seed):
    from pptx import Presentation

    two = _two_outlets(seed)
    corpus = copy_seed_corpus(tmp_path / "corpus")
    source = tmp_path / "conseil_regional.txt"
    source.write_text(NEW_ARTICLE, encoding="utf-8")
    with start_app(cache_dir, corpus) as url:
        # open, filter two outlets (the filtered URL is what a colleague would receive)
        page = _open(browser, f"{url}/?{_outlets_query(two)}")
        assert page.locator(".js-plotly-plot").first.locator(".bars .point").count() == 2
        # drill from a bar to the reader
        _click_bar(page, 0, 0)
        _click_first_row(page, 0)
        page.wait_for_url(re.compile(r"/lecteur\?.*sentence=\d+"), timeout=60_000)
        _settle(page, 1500)
        assert page.locator("#rd-focus").count() == 1
        assert "outlets=" in page.url  # the filter survives the drill-down
        # export PNG (toolbar), CSV, ZIP and deck from the overview
        page.goto(f"{url}/?{_outlets_query(two)}")
        _settle(page, 1500)
        page.locator(".js-plotly-plot").first.hover()
        with page.expect_download(timeout=60_000) as info:
            page.locator(".modebar-btn[data-title='Télécharger le graphique en PNG']").first.click()
        assert Path(info.value.path()).read_bytes()[:4] == b"\x89PNG"
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="CSV").first.click()
        assert Path(info.value.path()).read_bytes().startswith("\ufeffMédia;".encode("utf-8"))
        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("button", name="Tous les graphiques").click()
        names = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes())).namelist()
        assert {n.rsplit(".", 1)[-1] for n in names} >= {"png", "svg", "csv", "json"}
        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("button", name="Présentation PowerPoint").click()
        deck = Presentation(io.BytesIO(Path(info.value.path()).read_bytes()))
        assert len(deck.slides) >= 2
        assert ", ".join(two) in " ".join(sh.text_frame.text for sh in deck.slides[0].shapes if sh.has_text_frame)
        page.close()
        # import an article
        page = _open(browser, f"{url}/importer")
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(source))
        _settle(page, 1500)
        for label, value in (("Titre", "Un plan régional pour le numérique"), ("Média", "Le Courrier Test"),
                             ("Date", "2024-03-05"), ("Genre", "dépêche")):
            field = page.get_by_label(label, exact=True)
            field.fill(value)
            field.press("Enter")
            _settle(page)
        page.get_by_role("button", name="Importer", exact=True).click()
        page.get_by_text("Importé —").first.wait_for(timeout=180_000)  # after the new article is analysed
        page.close()
        # find it on every page
        label = "Le Courrier Test — 5 mars 2024 — Un plan régional pour le numérique"
        for path, where in (("", "table"), ("lecteur", "Article (tapez pour chercher)"), ("tonalite", "Article"),
                            ("souverainete", "table"), ("acteurs", "chart"), ("vocabulaire", "chart")):
            page = _open(browser, f"{url}/{path}", 1400, 5000)
            if where == "table":
                shown, expected = _grid_text(page), label
            elif where == "chart":
                shown = " ".join(p.text_content() for p in page.locator(".js-plotly-plot").all())
                expected = "Le Courrier Test"
            else:
                shown, expected = _select_options(page, where), label
            assert expected in shown, (path, where, shown[:500])
            page.close()
