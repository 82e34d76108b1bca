"""Exports for reports and meetings: chart images (PNG/SVG), CSV data, ZIP of a view, PowerPoint deck.

Pure functions (``render_images``, ``build_zip``, ``build_deck``) are testable without
Streamlit; :class:`ViewExport` is the page-side helper that draws each chart with its
download buttons and, at the end of the page, the "export the whole view" panel.
Server-side images use kaleido 1.x, which drives Debian's chromium; when chromium is
missing the buttons say so instead of failing.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import threading
import unicodedata
import zipfile
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from .theme import FONT_NAME, apply_theme

PNG_SCALE = 3
CSV_SEP = ";"

#: Column -> (French header, factor, unit) for the CSVs: the chart's own units ("pour 100 mots",
#: "%"), so a CSV opened in French Excel reads like the chart. Metrics of ui.glossary come first;
#: this table names the other columns the chart tables carry.
CSV_COLUMNS: dict[str, tuple[str, float, str]] = {
    "outlet": ("Média", 1, ""), "article": ("Article", 1, ""), "article_id": ("Identifiant de l'article", 1, ""),
    "title": ("Titre", 1, ""), "date": ("Date", 1, ""), "genre": ("Genre", 1, ""),
    "speaker": ("Locuteur", 1, ""), "role": ("Rôle", 1, ""), "voice": ("Voix", 1, ""), "target": ("Cible", 1, ""),
    "n_quoted_words": ("Mots cités", 1, ""), "mean_words": ("Mots par citation (moyenne)", 1, ""),
    "n_pos": ("Mots positifs (nombre)", 1, ""), "n_neg": ("Mots négatifs (nombre)", 1, ""),
    "tone_mean": ("Tonalité moyenne des phrases", 1, ""), "tone": ("Tonalité de la phrase", 1, ""),
    "sentence_index": ("N° de phrase", 1, ""), "part": ("Partie du texte", 1, ""),
    "tone_status": ("Statut", 1, ""), "language": ("Langue", 1, ""), "text": ("Phrase", 1, ""),
    "frame": ("Cadrage (code)", 1, ""), "frame_label": ("Cadrage", 1, ""), "score": ("Score de cadrage", 1, "pour 1 000 mots"),
    "weighted_hits": ("Indicateurs pondérés", 1, ""), "sovereignty_mentions": ("Mentions de souveraineté", 1, ""),
    "sovereignty_confidence": ("Confiance", 100, "%"), "sovereignty_stance_reason": ("Justification", 1, ""),
    "term": ("Lemme", 1, ""), "count": ("Occurrences (média)", 1, ""), "count_rest": ("Occurrences (autres médias)", 1, ""),
    "log_odds": ("Log-odds", 1, ""), "low_count": ("Moins de 3 occurrences", 1, ""),
    "small_outlet": ("Média de moins de 300 mots", 1, ""), "x": ("Axe 1", 1, ""), "y": ("Axe 2", 1, ""),
    "explained": ("Part de variance expliquée", 100, "%"), "n_speakers": ("Locuteurs", 1, ""),
    "share": ("Part des articles", 100, "%"), "stance": ("Position", 1, ""),
}


def _csv_header(column: str) -> tuple[str, float, str]:
    from .glossary import METRICS

    if column in METRICS:
        m = METRICS[column]
        unit = m.shown_unit
        label = m.label if not unit or unit in m.label else f"{m.label} ({unit})"
        return label, (100 if m.percent else 1), ""
    if column in CSV_COLUMNS:
        label, factor, unit = CSV_COLUMNS[column]
        return (f"{label} ({unit})" if unit else label), factor, ""
    return str(column).replace("_", " "), 1, ""


def _csv_values(column: str, values: pd.Series) -> pd.Series:
    """French labels of coded values (roles, voices, stances, parts), oui/non for booleans."""
    from analysis.measures.actors import ROLES
    from analysis.measures.stance import STANCE_LABELS
    from analysis.measures.tone import VOICES

    codes = {"role": ROLES, "voice": VOICES, "sovereignty_stance": STANCE_LABELS, "stance": STANCE_LABELS,
             "part": {"body": "texte du média", "comment": "commentaire de lecteur", "boilerplate": "élément de page"}}
    if column in codes:
        return values.map(lambda v: codes[column].get(v, v))
    if values.dtype == bool:
        return values.map({True: "oui", False: "non"})
    return values


def french_csv(data: pd.DataFrame) -> bytes:
    """The table as French Excel opens it: ``;`` separator, decimal comma, UTF-8 with BOM, French
    headers, shares in the chart's units (×100 for "%" and "pour 100 mots")."""
    out = pd.DataFrame(index=data.index)
    used: set[str] = set()
    for col in data.columns:
        label, factor, _ = _csv_header(str(col))
        while label in used:
            label += " "
        used.add(label)
        values = _csv_values(str(col), data[col])
        if factor != 1 and pd.api.types.is_numeric_dtype(values) and values.dtype != bool:
            values = values.astype(float) * factor
        if pd.api.types.is_float_dtype(values):
            values = values.round(4)
        out[label] = values
    return out.to_csv(index=False, sep=CSV_SEP, decimal=",").encode("utf-8-sig")
_KALEIDO_LOCK = threading.Lock()
_kaleido_started = False


class ExportUnavailable(RuntimeError):
    """Server-side image export is not possible here (no chromium)."""


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower() or "figure"


def export_filename(page: str, metric: str, ext: str | None = None, today: dt.date | None = None) -> str:
    """``<page>_<metric>_<AAAA-MM-JJ>[.ext]``: meaningful names for downloaded files."""
    stem = f"{slug(page)}_{slug(metric)}_{(today or dt.date.today()).isoformat()}"
    return f"{stem}.{ext}" if ext else stem


#: French tooltips of the Plotly toolbar, given to Plotly as a chart-level locale (config
#: ``locales``): Streamlit's Plotly bundle registers no locale of its own. Our wording.
PLOTLY_FR = {
    "Download plot as a png": "Télécharger le graphique en PNG",
    "Download plot as a PNG": "Télécharger le graphique en PNG",
    "Download plot": "Télécharger le graphique",
    "Zoom": "Zoom", "Pan": "Déplacer", "Box Select": "Sélection rectangulaire", "Lasso Select": "Sélection au lasso",
    "Zoom in": "Zoom avant", "Zoom out": "Zoom arrière", "Autoscale": "Échelle automatique",
    "Reset axes": "Réinitialiser les axes", "Reset view": "Réinitialiser la vue",
    "Toggle Spike Lines": "Afficher ou masquer les lignes de repère",
    "Show closest data on hover": "Afficher la donnée la plus proche au survol",
    "Compare data on hover": "Comparer les données au survol",
    "Produced with Plotly.js": "Réalisé avec Plotly.js",
    "Double-click to zoom back out": "Double-cliquez pour revenir au zoom initial",
    "Double-click on legend to isolate one trace": "Double-cliquez sur la légende pour isoler une série",
    "Taking snapshot - this may take a few seconds": "Capture en cours : quelques secondes…",
    "Snapshot succeeded": "Capture réussie",
    "Sorry, there was a problem downloading your snapshot!": "Désolé, le téléchargement de la capture a échoué.",
    "Click to enter Colorscale title": "Cliquez pour saisir le titre de l'échelle",
    "Click to enter Plot title": "Cliquez pour saisir le titre",
    "Click to enter X axis title": "Cliquez pour saisir le titre de l'axe X",
    "Click to enter Y axis title": "Cliquez pour saisir le titre de l'axe Y",
    "trace": "série",
}


def chart_config(page: str, metric: str) -> dict:
    """Plotly toolbar: PNG at scale 3 with a meaningful file name, no Plotly logo, French tooltips."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": PNG_SCALE, "filename": export_filename(page, metric)},
        "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"],
        "locale": "fr",
        "locales": {"fr": {"dictionary": PLOTLY_FR, "format": {
            "decimal": ",", "thousands": "\u202f",
            "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
            "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
            "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                       "octobre", "novembre", "décembre"],
            "shortMonths": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                            "nov.", "déc."],
            "date": "%d/%m/%Y"}}},
    }


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if shutil.os.path.exists("/usr/bin/chromium") else None


def _ensure_kaleido():
    global _kaleido_started
    if chromium_path() is None:
        raise ExportUnavailable(
            "Export d'images impossible : le navigateur Chromium n'est pas installé sur le serveur "
            "(apt-get install chromium). Le bouton d'image de la barre d'outils du graphique reste disponible."
        )
    import kaleido

    if not _kaleido_started:
        kaleido.start_sync_server(silence_warnings=True)
        _kaleido_started = True


def render_images(figures: dict[str, go.Figure], formats=("png", "svg")) -> dict[str, dict[str, bytes]]:
    """Render figures server-side with kaleido (one shared browser for the process)."""
    import warnings

    with _KALEIDO_LOCK:
        _ensure_kaleido()
        out: dict[str, dict[str, bytes]] = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, fig in figures.items():
                out[name] = {
                    fmt: fig.to_image(format=fmt, scale=PNG_SCALE if fmt == "png" else 1, width=1200,
                                      height=int(fig.layout.height or 500))
                    for fmt in formats
                }
        return out


@dataclass
class ExportItem:
    name: str          # file stem, e.g. tonalite_net-par-media_2026-11-23
    title: str         # slide title
    figure: go.Figure
    data: pd.DataFrame
    note: str = ""     # one-line method note


def build_zip(items: list[ExportItem], images: dict[str, dict[str, bytes]], context: dict) -> bytes:
    """ZIP with, per chart, PNG + SVG + CSV, and a manifest of the corpus, filters and date."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in items:
            for fmt, blob in images.get(item.name, {}).items():
                zf.writestr(f"{item.name}.{fmt}", blob)
            zf.writestr(f"{item.name}.csv", french_csv(item.data))
        manifest = {**context, "charts": [{"file": i.name, "title": i.title, "method": i.note} for i in items]}
        zf.writestr("LISEZMOI.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return buf.getvalue()


#: The deck's method note when a chart gives none (every slide names its method).
DEFAULT_METHOD = ("mesures calculées par le tableau de bord « Discours de presse » sur le texte des médias "
                  "(commentaires de lecteurs à part) ; définitions et limites : page Méthodes.")


def _text_box(slide, left, top, width, height, lines: list[tuple[str, int, bool, bool]]):
    """A text box of ``(text, size pt, bold, italic)`` paragraphs in the export font."""
    from pptx.util import Pt

    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    for i, (text, size, bold, italic) in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = para.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.italic, run.font.name = Pt(size), bold, italic, FONT_NAME
    return box


def _context_lines(context: dict, method: str) -> list[tuple[str, int, bool, bool]]:
    return [(f"Corpus : {context.get('corpus', '')}", 11, False, False),
            (f"Filtres : {context.get('filters', '')}", 11, False, False),
            (context.get("date", ""), 11, False, False),
            (f"Méthode : {method or DEFAULT_METHOD}", 11, False, True)]


def build_deck(items: list[ExportItem], images: dict[str, dict[str, bytes]], context: dict) -> bytes:
    """A 16:9 PowerPoint deck in the export font: a title slide, then one slide per chart.

    Every slide carries its title, the corpus, the filters, the export date and a method note;
    positions are computed for the 16:9 slide (no 4:3 placeholder layout)."""
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    width, height = prs.slide_width, prs.slide_height
    margin = Emu(457200)
    inner = width - 2 * margin
    blank = prs.slide_layouts[6]

    s = prs.slides.add_slide(blank)
    _text_box(s, margin, int(height * 0.28), inner, Emu(1100000), [(context.get("title", "Discours de presse"), 36, True, False)])
    charts = "; ".join(i.title for i in items)
    _text_box(s, margin, int(height * 0.48), inner, Emu(2400000), _context_lines(
        context, f"{len(items)} graphique(s) : {charts}. " + DEFAULT_METHOD[0].upper() + DEFAULT_METHOD[1:]))

    for item in items:
        slide = prs.slides.add_slide(blank)
        _text_box(slide, margin, Emu(228600), inner, Emu(640080), [(item.title, 26, True, False)])
        png = images.get(item.name, {}).get("png")
        if png:
            pic_top, max_h, max_w = Emu(914400), Emu(4572000), inner
            pic = slide.shapes.add_picture(io.BytesIO(png), margin, pic_top)
            ratio = min(max_w / pic.width, max_h / pic.height)
            pic.width, pic.height = int(pic.width * ratio), int(pic.height * ratio)
            pic.left = int((width - pic.width) / 2)
        _text_box(slide, margin, Emu(5577840), inner, Emu(1097280), _context_lines(context, item.note))
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


@dataclass
class ViewExport:
    """Page-side helper: one instance per page run (no module state)."""

    page: str
    items: list[ExportItem] = field(default_factory=list)

    def chart(self, fig: go.Figure, *, metric: str, title: str, data: pd.DataFrame, note: str = "",
              key: str, on_select: str = "ignore", selection_mode=("points",)):
        """Draw a chart with its PNG toolbar, SVG and CSV buttons; register it for the view export."""
        import streamlit as st

        from .state import presentation_mode

        if presentation_mode():  # projector sizes; the builder's title, subtitle and height are kept
            fig = go.Figure(fig)  # on a copy: pages may pass a figure cached for their selection (ui.view)
            kept_title, kept_top, kept_bottom = fig.layout.title.text, fig.layout.margin.t, fig.layout.margin.b
            apply_theme(fig, presentation=True, height=fig.layout.height)
            if kept_title:
                fig.update_layout(title={"text": kept_title, "x": 0, "xanchor": "left", "font": {"size": 26}},
                                  margin={"t": (kept_top or 60) + 20})
            if kept_bottom:
                fig.update_layout(margin={"b": kept_bottom})
        name = export_filename(self.page, metric)
        self.items.append(ExportItem(name, title, fig, data, note))
        event = st.plotly_chart(fig, key=key, config=chart_config(self.page, metric),
                                on_select=on_select, selection_mode=selection_mode)
        row = st.container(horizontal=True, gap="small")  # wraps instead of truncating in narrow columns
        c1 = c2 = c3 = row
        c1.download_button("CSV", data=lambda d=data: french_csv(d), file_name=f"{name}.csv",  # built on click only
                           mime="text/csv", key=f"{key}_csv", icon=":material/table:", on_click="ignore",
                           help="Les données de ce graphique, pour Excel en français (séparateur « ; », virgule décimale)")
        if chromium_path() is None:
            c2.button("SVG", key=f"{key}_svg", disabled=True, icon=":material/image:",
                      help="Export SVG indisponible : Chromium n'est pas installé sur le serveur (apt-get install chromium).")
        else:
            c2.download_button("SVG", data=lambda f=fig: _single_image(f, "svg"), file_name=f"{name}.svg",
                               mime="image/svg+xml", key=f"{key}_svg", icon=":material/image:", on_click="ignore",
                               help="Image vectorielle (rendue sur le serveur) ; le PNG ×3 est dans la barre d'outils du graphique")
        c3.page_link("pages/methods.py", label="Méthode", icon=":material/menu_book:",
                     help="Définition, formule, références et limites de chaque mesure")
        return event

    def panel(self, context: dict) -> None:
        """'Exporter la vue': ZIP of all charts (PNG+SVG+CSV) and a PowerPoint deck."""
        import streamlit as st

        if not self.items:
            return
        st.divider()
        st.markdown("#### Exporter la vue")
        st.caption(f"{len(self.items)} graphique(s) de cette page, avec les filtres actuels.")
        if chromium_path() is None:
            st.warning("Export d'images impossible : Chromium n'est pas installé sur le serveur "
                       "(apt-get install chromium). Les données CSV restent téléchargeables.")
            return
        c1, c2 = st.columns(2)
        stem = export_filename(self.page, "vue")
        c1.download_button("Tous les graphiques (ZIP : PNG, SVG, CSV)", data=lambda: self._zip(context),
                           file_name=f"{stem}.zip", mime="application/zip", key=f"{self.page}_zip",
                           icon=":material/folder_zip:", on_click="ignore")
        c2.download_button("Présentation PowerPoint", data=lambda: self._deck(context), file_name=f"{stem}.pptx",
                           mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                           key=f"{self.page}_pptx", icon=":material/slideshow:", on_click="ignore")

    def _figures(self) -> dict[str, go.Figure]:
        return {i.name: i.figure for i in self.items}

    def _zip(self, context: dict) -> bytes:
        return build_zip(self.items, render_images(self._figures()), context)

    def _deck(self, context: dict) -> bytes:
        return build_deck(self.items, render_images(self._figures(), formats=("png",)), context)


def _single_image(fig: go.Figure, fmt: str) -> bytes:
    return render_images({"f": fig}, formats=(fmt,))["f"][fmt]
