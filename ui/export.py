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

from .theme import apply_theme

PNG_SCALE = 3
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


def chart_config(page: str, metric: str) -> dict:
    """Plotly toolbar: PNG at scale 3 with a meaningful file name, no Plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": PNG_SCALE, "filename": export_filename(page, metric)},
        "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"],
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
            zf.writestr(f"{item.name}.csv", item.data.to_csv(index=False))
        manifest = {**context, "charts": [{"file": i.name, "title": i.title, "method": i.note} for i in items]}
        zf.writestr("LISEZMOI.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return buf.getvalue()


def build_deck(items: list[ExportItem], images: dict[str, dict[str, bytes]], context: dict) -> bytes:
    """A 16:9 PowerPoint deck: a title slide, then one slide per chart with its context."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    blank = prs.slide_layouts[6]
    title_layout = prs.slide_layouts[0]

    s = prs.slides.add_slide(title_layout)
    s.shapes.title.text = context.get("title", "Discours de presse")
    s.placeholders[1].text = f"{context.get('corpus', '')}\n{context.get('filters', '')}\n{context.get('date', '')}"

    for item in items:
        slide = prs.slides.add_slide(blank)
        box = slide.shapes.add_textbox(Emu(457200), Emu(228600), Emu(11277600), Emu(640080))
        p = box.text_frame.paragraphs[0]
        p.text = item.title
        p.font.size, p.font.bold = Pt(26), True
        png = images.get(item.name, {}).get("png")
        if png:
            pic_top, max_h, max_w = Emu(914400), Emu(4846320), Emu(11277600)
            pic = slide.shapes.add_picture(io.BytesIO(png), Emu(457200), pic_top)
            ratio = min(max_w / pic.width, max_h / pic.height)
            pic.width, pic.height = int(pic.width * ratio), int(pic.height * ratio)
            pic.left = int((prs.slide_width - pic.width) / 2)
        foot = slide.shapes.add_textbox(Emu(457200), Emu(5897880), Emu(11277600), Emu(777240))
        tf = foot.text_frame
        tf.word_wrap = True
        tf.paragraphs[0].text = f"Corpus : {context.get('corpus', '')} · Filtres : {context.get('filters', '')} · {context.get('date', '')}"
        tf.paragraphs[0].font.size = Pt(11)
        if item.note:
            para = tf.add_paragraph()
            para.text = f"Méthode : {item.note}"
            para.font.size = Pt(11)
            para.font.italic = True
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

        if presentation_mode():
            apply_theme(fig, presentation=True, title=title if fig.layout.title.text else None)
        name = export_filename(self.page, metric)
        self.items.append(ExportItem(name, title, fig, data, note))
        event = st.plotly_chart(fig, key=key, config=chart_config(self.page, metric),
                                on_select=on_select, selection_mode=selection_mode)
        row = st.container(horizontal=True, gap="small")  # wraps instead of truncating in narrow columns
        c1 = c2 = c3 = row
        c1.download_button("CSV", data=data.to_csv(index=False).encode("utf-8"), file_name=f"{name}.csv",
                           mime="text/csv", key=f"{key}_csv", icon=":material/table:", on_click="ignore",
                           help="Les données de ce graphique")
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
