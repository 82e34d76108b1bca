"""Quote spans: quotation marks, scare quotes and titles, the question/answer layout."""
from __future__ import annotations

import re

from analysis.measures.actors import UNKNOWN_ROLE

from .doc_helpers import has_finite_verb, has_verb, text_words
from .model import Speaker
from .speakers import ArticleState

_OPEN_CLOSE = {"«": "»", "“": "”"}
_CLOSERS = {"»", "”"}
_QUOTE_MARK = re.compile('[«»“”"]')
_TITLE_CUES = re.compile(
    r"(intitulée?s?|baptisée?s?|nommée?s?|appelée?s?|surnommée?s?|dénommée?s?|dit|dite|"
    r"rapport|livre|ouvrage|film|série|émission|programme|projet|plan|opération|slogan|titre|label|"
    r"marque|modèle|produit|assistant|application|logiciel|chatbot|robot|outil|offre|service)\s*$",
    re.I,
)
_INTERVIEW_PREFIX = re.compile(
    r"^\s*((?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.]*)(?:[ \-][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.]*){0,4})\s*[-–—:]\s+(?=\S)"
)
_QA_PREFIX = re.compile(r"^\s*(Q|R|Question|Réponse)\s*[-–—:.]\s+(?=\S)")
_FIRST_PERSON = re.compile(r"\b(je|j['’]|nous|notre|nos|mon|ma|mes|moi)\b", re.I)
STRIP = " \t\r\n\u00a0\u202f\u2009,;:-–—"


def quote_mark_spans(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Top-level quoted spans in text[start:end]: (content_start, content_end, closed).

    « » and “ ” nest; a straight " toggles. Inner quotes belong to the outer one. An
    opening mark never closed runs to the end of the paragraph (closed=False); a stray
    closing mark is ignored.
    """
    out = []
    stack: list[tuple[str, int]] = []
    for m in _QUOTE_MARK.finditer(text, start, end):  # only the marks, not every character
        ch, i = m.group(), m.start()
        if ch in _OPEN_CLOSE:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            # close the innermost matching opener
            for k in range(len(stack) - 1, -1, -1):
                if _OPEN_CLOSE.get(stack[k][0]) == ch:
                    opener = stack[k]
                    del stack[k:]
                    if not stack:
                        out.append((opener[1] + 1, i, True))
                    break
        elif ch == '"':
            if stack and stack[-1][0] == '"':
                opener = stack.pop()
                if not stack:
                    out.append((opener[1] + 1, i, True))
            else:
                stack.append(('"', i))
    if stack:
        out.append((stack[0][1] + 1, end, False))
    return sorted(out)



def is_name_or_title(art: ArticleState, cs: int, ce: int, toks) -> bool:
    content = art.text[cs:ce].strip()
    words = text_words(content)
    if not words:
        return True
    before = art.text[max(0, cs - 40):cs - 1]
    if _TITLE_CUES.search(before.rstrip(" \u00a0\u202f«“\"")) and not has_finite_verb(toks):
        return True
    first = next((w for w in words if w.lower() not in ("le", "la", "les", "l", "un", "une")), words[0])
    capitalised = first[:1].isupper() and content[:1] not in "«“"
    if len(words) <= 6 and not has_verb(toks) and capitalised:
        return True  # « Mistral Large », « le Chat », « Les Échos »
    return False



def _is_question(par: str) -> bool:
    body = par.rstrip(" \t»”\")")
    if body.endswith("?"):
        return True
    q = par.find("?")
    return 0 < q < 200 and not _FIRST_PERSON.search(par[q:]) and len(text_words(par[:q])) <= 25


def interview_layout(art: ArticleState, genre: str = "") -> dict[int, tuple[str, Speaker | None, int]]:
    """paragraph start -> ("q" | "a", speaker, content start) for a question/answer layout."""
    paras = art.layout_blocks
    prefixes = {}
    for p in paras:
        line = art.text[p.start:p.end]
        m = _INTERVIEW_PREFIX.match(line) or _QA_PREFIX.match(line)
        if m and len(re.sub(r"[^A-Za-zÀ-ÿ]", "", m.group(1))) >= 1 and len(line) > len(m.group(0)) + 20:
            if not any(ch.islower() for ch in m.group(1)) or _QA_PREFIX.match(line):
                prefixes[p.start] = (m.group(1).strip(), p.start + m.end())
    names = [n for n, _ in prefixes.values()]
    qa = set(names) & {"Q", "R", "Question", "Réponse"}
    questions = {p.start for p in paras if _is_question(art.text[p.start:p.end])}
    is_interview = len(set(names)) >= 2 or qa or (names and len(questions) >= 1 and len(names) >= 2) or (
        genre.lower() in ("entretien", "interview") and len(questions) >= 2)
    if not is_interview:
        return {}
    by_name: dict[str, list[int]] = {}
    for start, (n, _) in prefixes.items():
        by_name.setdefault(n, []).append(start)

    def asks(name):
        starts = by_name[name]
        if name in ("Q", "Question"):
            return True
        if name in ("R", "Réponse"):
            return False
        actor = art.registry.resolve(name)
        q = sum(s in questions for s in starts) / len(starts)
        return q > 0.5 or (actor is not None and actor.role == "media" and q >= 0.5)

    interviewers = {n for n in by_name if asks(n)}
    answerers = [n for n in by_name if n not in interviewers]

    def speaker(name):
        if name in ("R", "Réponse"):
            return None
        actor = art.registry.resolve(name)
        if actor:
            return Speaker(actor.name, name, actor.role)
        return Speaker(" ".join(w.capitalize() for w in name.split()), name, UNKNOWN_ROLE)

    default = speaker(answerers[0]) if answerers else None
    out: dict[int, tuple[str, Speaker | None, int]] = {}
    started, current = False, default
    for p in paras:
        pre = prefixes.get(p.start)
        if pre:
            started = True
            if pre[0] in interviewers:
                out[p.start] = ("q", None, pre[1])
            else:
                current = speaker(pre[0]) or current
                out[p.start] = ("a", current, pre[1])
        elif started or genre.lower() in ("entretien", "interview"):
            if p.start in questions:
                started = True
                out[p.start] = ("q", None, p.start)
            elif started:
                out[p.start] = ("a", current, p.start)
    return out

