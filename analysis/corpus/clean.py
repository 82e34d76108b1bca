"""Split a raw article into body, reader comments and boilerplate.

The raw texts are pasted web pages: navigation words, photo captions and credits,
newsletter and social prompts, comment sections and forms, footnote URL lists and
"date 2024-02" markers surround the article. :func:`segment_article` returns
:class:`Segment` records (character offsets into the raw text) that cover every
non-blank line, each with its ``part`` and the ``reason`` (rule) that decided it, so
what was set aside can be inspected.

The rules are general (patterns of web page furniture, not of one outlet). Where a
rule cannot tell (a reader comment pasted as the last paragraph), the article's
metadata overrides the part of the paragraph that starts with a given text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .articles import Article, PartOverride
from .textutil import normalise_for_matching

BODY, COMMENT, BOILERPLATE = "body", "comment", "boilerplate"

#: Body segment kinds: readability uses only ``paragraph``; tone and framing use all.
TITLE, HEADING, PARAGRAPH = "title", "heading", "paragraph"


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    part: str  # body | comment | boilerplate
    kind: str  # for body: title/heading/paragraph; else the rule name (see REASONS)


#: French labels of the rule names, for the app and docs/tables.md.
REASONS = {
    TITLE: "titre",
    HEADING: "intertitre",
    PARAGRAPH: "paragraphe",
    "comment": "commentaire de lecteur",
    "comment_override": "commentaire (désigné dans les métadonnées)",
    "override": "désigné dans les métadonnées",
    "navigation": "navigation du site",
    "date_marker": "marqueur de date",
    "caption": "légende ou crédit photo",
    "alt_text": "texte alternatif d'image (non français)",
    "promo": "invitation newsletter / abonnement / réseaux sociaux",
    "comments_header": "en-tête de la section commentaires",
    "comment_form": "formulaire de commentaire",
    "footnote_urls": "notes de bas de page (liens)",
    "byline": "signature / crédit de l'article",
    "separator": "ligne vide ou séparateur",
}

_NAV_LINES = re.compile(
    r"^(passer au contenu|aller au contenu( principal)?|rechercher|recherche|menu|accueil|"
    r"se connecter|connexion|s'inscrire|fermer|partager|imprimer|retour en haut|"
    r"logo[_\w-]*|skip to content)\s*$",
    re.I,
)
_DATE_MARKER = re.compile(r"^\s*date\s+\d{4}-\d{2}(?:-\d{2})?\s*")
_CREDIT_PARENS = re.compile(r"\(\s*[A-ZÀ-Ý][A-ZÀ-Ý .'\-]+(?:/\s*[A-ZÀ-Ý][A-ZÀ-Ý .'\-]+)+\)\s*$")
_CREDIT_LINE = re.compile(r"^\s*(©|\(c\)\s|crédits?\s*(photo)?\s*:|photo\s*:|illustration\s*:|source image)", re.I)
# Promotion lines: phrases found anywhere (searched in the lower-cased line: a
# case-insensitive alternation is scanned position by position, 50 times slower) and
# phrases that open the line.
_PROMO_ANYWHERE = re.compile(
    r"abonnez-vous|newsletter|google actualités|google news|likez|suivez-nous|"
    # "sur Twitter" alone is press text ("sur Twitter, la députée a écrit : …"): promotion only
    # after an invitation to follow or share
    r"(?:suivez|retrouvez|rejoignez|partagez|likez)[\w\s'’-]{0,30}sur (?:facebook|twitter|linkedin|instagram)|"
    r"recevez chaque|vous avez aimé cet article|€\s*ttc|"
    r"découvrez chaque (?:semaine|mois|trimestre)|s'abonner|je m'abonne|offre d'abonnement"
)
_PROMO_START = re.compile(r"\s*(?:(?:à|a) lire (?:également|aussi)|lire aussi|voir aussi)", re.I)
_COMMENTS_HEADER = re.compile(r"^\s*(\d+\s+)?(commentaires?|réactions?|réagissez)\s*:?\s*$", re.I)
_COMMENT_FORM = re.compile(
    r"^\s*(laisser un commentaire|laisser une réponse|annuler la réponse|"
    r"votre adresse (e-mail|de messagerie|email) ne sera pas publiée|les champs obligatoires|"
    r"commentaire\s*\*?|nom\s*\*?|e-?mail\s*\*?|site web|enregistrer mon nom|"
    r"laisser un commentaire annuler la réponse|publier le commentaire|répondre)\b",
    re.I,
)
_FOOTNOTE_URL = re.compile(r"^\s*\[\d+\]\s*(https?://|www\.)\S+\s*$")
_BYLINE = re.compile(
    r"^\s*(propos recueillis par|par\s+[A-ZÀ-Ý][\w'’-]+\s+[A-ZÀ-Ý][\w'’-]+\s*$|"
    r"une contribution d['’]|tribune (de|d['’])\s|avec afp\s*$|\(avec afp\))",
    re.I,
)
_TERMINAL = re.compile(r"[.!?…:;»”\"')\]]\s*$")
_LIST_ITEM = re.compile(r"^\s*\d+\.\s+\S")

# Tiny stop-word lists for the alt-text language check; enough to tell French from English
# in one line (the full language check of a sentence lives with the tone module).
_FR_STOP = set("le la les de des du un une et est en que qui dans pour sur au aux ce cette il elle "
               "pas plus par avec son sa ses ne se nous vous on".split())
_EN_STOP = set("the a an of and is in on to with for by at from this that it its are be as "
               "dark over under into".split())


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line with leading/trailing whitespace trimmed; blank lines dropped."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        stripped = line.strip(" \t\r\u00a0\u202f\u2009\ufeff")
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip(" \t\r\u00a0\u202f\u2009\ufeff"))
        start = m.start() + lead
        spans.append((start, start + len(stripped)))
    return spans


def _looks_english(line: str) -> bool:
    words = re.findall(r"[a-zà-ÿ]+", line.lower())
    if len(words) < 4:
        return False
    en = sum(w in _EN_STOP for w in words)
    fr = sum(w in _FR_STOP for w in words)
    return en >= 3 and en > 2 * fr


def _is_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 14:
        return False
    stripped = line.strip()
    if re.fullmatch(r"-\s.+\s-", stripped):  # AFP inter-title "- Vocation mondiale -"
        return True
    if stripped.endswith("?") and len(words) <= 12 and stripped[0].isupper() and len(words) >= 3:
        return True  # question heading "Un champion européen de l'IA ?"
    return not _TERMINAL.search(stripped) and stripped[0].isupper()


def _classify(line: str, state: dict) -> tuple[str, str]:
    """Return (part, kind) for one line; ``state`` carries the comments-section flag."""
    norm = normalise_for_matching(line)
    if _NAV_LINES.match(norm):
        return BOILERPLATE, "navigation"
    if _FOOTNOTE_URL.match(norm):
        return BOILERPLATE, "footnote_urls"
    if _CREDIT_LINE.match(norm) or (_CREDIT_PARENS.search(norm) and len(norm.split()) < 40):
        return BOILERPLATE, "caption"
    if _COMMENTS_HEADER.match(norm):
        state["in_comments"] = True
        return BOILERPLATE, "comments_header"
    if _COMMENT_FORM.match(norm):
        return BOILERPLATE, "comment_form"
    if (_PROMO_START.match(norm) or _PROMO_ANYWHERE.search(norm.lower())) and len(norm.split()) < 60:
        return BOILERPLATE, "promo"
    if _BYLINE.match(norm):
        return BOILERPLATE, "byline"
    if state.get("in_comments"):
        return COMMENT, "comment"
    if not re.search(r"[^\W\d_]", norm):
        return BOILERPLATE, "separator"
    if _looks_english(norm):
        return BOILERPLATE, "alt_text"
    if _is_heading(norm):
        return BODY, HEADING
    return BODY, PARAGRAPH


def _override_for(line: str, overrides: tuple[PartOverride, ...]) -> PartOverride | None:
    norm = normalise_for_matching(line).strip()
    for ov in overrides:
        if norm.startswith(normalise_for_matching(ov.match).strip()):
            return ov
    return None


def segment_article(article: Article) -> list[Segment]:
    """Segments covering every non-blank line of ``article.text``, in order."""
    text = article.text
    state: dict = {}
    segments: list[Segment] = []
    title_norm = normalise_for_matching(article.title).strip().lower()
    for start, end in _line_spans(text):
        line = text[start:end]
        m = _DATE_MARKER.match(line)
        if m:
            cut = start + m.end()
            segments.append(Segment(start, cut, BOILERPLATE, "date_marker"))
            start = cut
            line = text[start:end]
            if not line.strip():
                continue
        ov = _override_for(line, article.parts)
        if ov is not None:
            kind = "comment_override" if ov.part == COMMENT else (
                PARAGRAPH if ov.part == BODY else "override")
            segments.append(Segment(start, end, ov.part, kind))
            continue
        part, kind = _classify(line, state)
        if part == BODY and title_norm and normalise_for_matching(line).strip().lower() == title_norm:
            kind = TITLE
        segments.append(Segment(start, end, part, kind))
    _mark_captions_before_credits(text, segments)
    return segments


def _mark_captions_before_credits(text: str, segments: list[Segment]) -> None:
    """A short heading-like line right before a photo credit line is the photo's caption."""
    for i in range(1, len(segments)):
        prev, cur = segments[i - 1], segments[i]
        if cur.kind == "caption" and prev.part == BODY and prev.kind == HEADING:
            if len(text[prev.start:prev.end].split()) <= 6:
                segments[i - 1] = Segment(prev.start, prev.end, BOILERPLATE, "caption")


def part_at(segments: list[Segment], offset: int) -> Segment | None:
    """The segment containing character ``offset`` (None in blank space)."""
    lo, hi = 0, len(segments)
    while lo < hi:
        mid = (lo + hi) // 2
        if segments[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(segments) and segments[lo].start <= offset < segments[lo].end:
        return segments[lo]
    return None


def text_of(article: Article, segments: list[Segment], part: str) -> str:
    """The text of one part, its segments joined by blank lines."""
    return "\n\n".join(article.text[s.start:s.end] for s in segments if s.part == part)
