"""Speaker identity across the corpus: one speaker for the variants of a name in several articles.

Inside an article :mod:`.identity` already joins the forms of a name. Across articles the
same person may appear as "Élisabeth Dupont" here, "Elisabeth Dupont" or "E. Dupont" there,
"Dupont" alone in a third; an organisation as "CNA" and "Confédération nationale des
artisans (CNA)". :func:`unify_speakers` maps each variant to the fullest form, only when that
form is the one candidate (two people with the same surname are never joined), then applies
the registry with the analyst's corrections (merges, renames, roles, "not a speaker"), which
win. The corrections are applied here only, never in the per-article steps, so a correction
re-runs this corpus step and not the analysis of every article (see docs/scale.md).
It returns the quotes with the canonical speaker and, per canonical speaker, what was merged
and why (the ``merged_from`` and ``merge_reason`` columns of ``speakers.csv``).
"""
from __future__ import annotations

import re

import pandas as pd

from analysis.measures.actors import UNKNOWN_ROLE, Registry

from .identity import PARTICLES, fold, initial_match, strip_title, surname_forms
from .model import UNKNOWN_SPEAKER

#: Reasons written in speakers.csv (French: shown in the app).
SAME_NAME = "même nom (accents, casse, titre)"
SURNAME = "nom de famille seul"
INITIAL = "initiale du prénom"
ACRONYM = "sigle"
REGISTRY = "registre des acteurs"
CORRECTION = "correction de l'analyste"


def _words(name: str) -> int:
    return len(name.split())


def variant_map(names: list[str], counts: dict[str, int] | None = None,
                orgs: frozenset[str] | set[str] = frozenset()) -> dict[str, tuple[str, str]]:
    """name -> (canonical name, reason) for every name that is a variant of a fuller one. ``orgs``:
    names known to be organisations; they join others only on the same normalised name or as an
    acronym ("France" is not the surname of "Radio France")."""
    counts = counts or {}
    out: dict[str, tuple[str, str]] = {}
    # 1. same name up to accents, case and a title: the most written form with the most capitals
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(fold(strip_title(n)[0]), []).append(n)
    firsts = {}
    for key, forms in groups.items():
        best = max(forms, key=lambda f: (not f.isupper(), counts.get(f, 0), sum(c.isupper() for c in f), f))
        firsts[key] = best
        for f in forms:
            if f != best:
                out[f] = (best, SAME_NAME)
    def shortened(name: str) -> bool:  # "Dupont", "B. Obama", "Le Pen"
        short = strip_title(name)[0]
        return _words(short) < 2 or bool(re.match(r"^[A-ZÀ-Ý]\.", short)) or short.split()[0].lower() in PARTICLES

    full = [n for n in firsts.values() if not shortened(n)]
    for key, name in firsts.items():
        short = strip_title(name)[0]
        if not shortened(name):
            continue
        # 2. a surname alone, or an initial form: the one fuller name it belongs to
        cands = [f for f in full if f != name and (key in surname_forms(f) or initial_match(short, f))
                 and name not in orgs and f not in orgs]
        reason = INITIAL if re.match(r"^[A-ZÀ-Ý]\.", short) else SURNAME
        # 3. an acronym: the one "Full form (ACR)" name
        if short.isupper() and short.isalpha() and 2 <= len(short) <= 8:
            cands = [f for f in full if f.endswith(f"({short})")]
            reason = ACRONYM
        if len(cands) == 1:
            for f in groups[key]:
                out[f] = (cands[0], reason)
    return out


def unify_speakers(quotes: pd.DataFrame, registry: Registry) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(quotes with canonical speakers and roles, merges) where merges has one row per canonical
    speaker with ``merged_from`` (the variants, " ; ") and ``merge_reason``."""
    cols = ["speaker", "merged_from", "merge_reason"]
    if quotes is None or quotes.empty:
        return quotes, pd.DataFrame(columns=cols)
    q = quotes.copy()
    names = q["speaker"].astype(str)
    counts = names.value_counts().to_dict()
    known = [n for n in counts if n != UNKNOWN_SPEAKER]
    orgs = set(q.loc[q["speaker_kind"] == "org", "speaker"].astype(str)) if "speaker_kind" in q else set()
    mapping = variant_map(known, counts, orgs)
    corrected = {old.casefold() for old, _ in registry.renamed}
    canon, reasons, roles = {}, {}, {}
    for n in known:
        c, why = mapping.get(n, (n, ""))
        actor = registry.resolve(c) or registry.resolve(n)
        if actor is not None and actor.name != n:
            by_analyst = n.casefold() in corrected or c.casefold() in corrected
            c, why = actor.name, (CORRECTION if by_analyst else why or REGISTRY)
        if actor is not None:
            roles[c] = actor.role
        if n in registry.not_speakers or c in registry.not_speakers:
            c, why = UNKNOWN_SPEAKER, ""
        canon[n], reasons[n] = c, why
    q["speaker"] = names.map(lambda n: canon.get(n, n))
    # one role per speaker: the registry's, else the most frequent role read from the text
    text_roles = (q[q["role"] != UNKNOWN_ROLE].groupby("speaker")["role"].agg(lambda s: s.value_counts().index[0])
                  .to_dict())
    q["role"] = [UNKNOWN_ROLE if s == UNKNOWN_SPEAKER else roles.get(s, text_roles.get(s, r))
                 for s, r in zip(q["speaker"], q["role"])]
    rows = {}
    for n, c in canon.items():
        if c != n and c != UNKNOWN_SPEAKER:
            froms, whys = rows.setdefault(c, ([], []))
            froms.append(n)
            if reasons[n] not in whys:
                whys.append(reasons[n])
    for old, new in registry.renamed:  # the analyst's merges and renames, also when no quote has the old name
        actor = registry.resolve(new)
        c = actor.name if actor is not None else new
        if c in set(q["speaker"]) and old != c:
            froms, whys = rows.setdefault(c, ([], []))
            if old not in froms:
                froms.append(old)
            if CORRECTION not in whys:
                whys.append(CORRECTION)
    merges = pd.DataFrame([{"speaker": c, "merged_from": " ; ".join(sorted(f)), "merge_reason": " ; ".join(w)}
                           for c, (f, w) in sorted(rows.items())], columns=cols)
    return q, merges
