"""UI helpers that need no browser: HTML escaping of article text, export builders, filters."""
import io
import zipfile

import pandas as pd
import plotly.graph_objects as go
import pytest

from ui.export import ExportItem, build_deck, build_zip, chart_config, export_filename
from ui.reader import Mark, article_html
from ui.state import fr_date
from ui.theme import fr_number, outlet_colors


def _segments(text):
    return pd.DataFrame([{"start": 0, "end": len(text), "part": "body", "kind": "paragraph", "reason": "paragraphe"}])


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "<style>body{display:none}</style>",
])
def test_article_text_is_always_escaped(payload):
    text = f"Début {payload} fin."
    marks = [Mark(0, len(text), "quotes", "background:#eee;", f"Citation : {payload}")]
    out = article_html(text, _segments(text), marks)
    assert payload not in out
    assert "<script" not in out and "<img" not in out and "<style>body" not in out


def test_marks_wrap_exactly_their_characters():
    text = "Il dit « bonjour » puis part."
    start = text.index("«")
    end = text.index("»") + 1
    out = article_html(text, _segments(text), [Mark(start, end, "quotes", "color:red;", "q")])
    assert '<span style="color:red;" title="q">« bonjour »</span>' in out


def test_export_file_names_are_meaningful_and_safe():
    import datetime as dt
    assert export_filename("Vue d'ensemble", "Flesch FR", "png", dt.date(2024, 3, 1)) == "vue-d-ensemble_flesch-fr_2024-03-01.png"
    cfg = chart_config("tonalite", "net")
    assert cfg["displaylogo"] is False and cfg["toImageButtonOptions"]["scale"] >= 3


def _item():
    fig = go.Figure(go.Bar(x=[1, 2], y=["AFP", "La Tribune"], orientation="h"))
    return ExportItem("page_metric_2024-01-01", "Titre du graphique", fig, pd.DataFrame({"a": [1]}), "note de méthode")


def test_zip_holds_images_data_and_manifest():
    images = {"page_metric_2024-01-01": {"png": b"\x89PNG", "svg": b"<svg/>"}}
    blob = build_zip([_item()], images, {"corpus": "5 articles", "filters": "tous", "date": "aujourd'hui"})
    names = set(zipfile.ZipFile(io.BytesIO(blob)).namelist())
    assert names == {"page_metric_2024-01-01.png", "page_metric_2024-01-01.svg", "page_metric_2024-01-01.csv", "LISEZMOI.json"}


def test_deck_has_a_title_slide_and_one_slide_per_chart_with_context():
    from pptx import Presentation
    png = _tiny_png()
    blob = build_deck([_item(), _item()], {"page_metric_2024-01-01": {"png": png}},
                      {"title": "Discours", "corpus": "5 articles", "filters": "médias : AFP", "date": "Exporté le 1 mars 2024"})
    prs = Presentation(io.BytesIO(blob))
    assert len(prs.slides) == 3
    texts = " ".join(sh.text_frame.text for sh in prs.slides[1].shapes if sh.has_text_frame)
    assert "Titre du graphique" in texts and "médias : AFP" in texts and "Méthode : note de méthode" in texts
    assert any(sh.shape_type == 13 for sh in prs.slides[1].shapes)  # a picture


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"\x00\xff\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_french_formats():
    assert fr_number(12345.678, 1) == "12\u202f345,7"
    assert fr_number(None) == "–"
    assert fr_date("2024-02") == "février 2024"
    assert fr_date("2024-03-01") == "1 mars 2024"
    assert fr_date("inconnu") == "date inconnue"


def test_outlet_colours_are_stable_whatever_the_filter():
    full = outlet_colors(["AFP", "La Tribune", "Forbes France", "inconnu"])
    assert outlet_colors(["La Tribune", "AFP", "Forbes France"])["La Tribune"] == full["La Tribune"]
    assert len(set(full.values())) == 4


def test_chart_csv_is_french_excel_ready_with_the_charts_units():
    from ui.export import french_csv

    data = pd.DataFrame({"outlet": ["Le Média"], "n_words": [1200], "tone_pos": [0.04], "role": ["company"],
                         "low_count": [True]})
    blob = french_csv(data)
    assert blob.startswith("\ufeff".encode("utf-8"))
    header, row = blob.decode("utf-8-sig").splitlines()
    assert header.split(";") == ["Média", "Mots (lisibilité)", "Mots positifs (pour 100 mots)", "Rôle",
                                 "Moins de 3 occurrences"]
    assert row.split(";") == ["Le Média", "1200", "4,0", "Entreprise", "oui"]


def test_every_deck_slide_names_title_corpus_filters_date_and_method_in_the_export_font():
    from pptx import Presentation

    from ui.theme import FONT_NAME

    items = [_item(), ExportItem("x", "Sans note", go.Figure(), pd.DataFrame({"a": [1]}))]
    blob = build_deck(items, {}, {"title": "Titre", "corpus": "5 articles", "filters": "tous", "date": "Exporté le 1er"})
    prs = Presentation(io.BytesIO(blob))
    assert prs.slide_width > prs.slide_height  # 16:9
    for slide in prs.slides:
        boxes = [sh for sh in slide.shapes if sh.has_text_frame]
        text = " ".join(sh.text_frame.text for sh in boxes)
        for needed in ("Corpus : 5 articles", "Filtres : tous", "Exporté le 1er", "Méthode : "):
            assert needed in text, (needed, text)
        assert all(sh.left + sh.width <= prs.slide_width for sh in boxes)
        fonts = {r.font.name for sh in boxes for p in sh.text_frame.paragraphs for r in p.runs}
        assert fonts == {FONT_NAME}
