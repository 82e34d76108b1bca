"""Precision and recall of the quote extractor against a hand-annotated gold file.

A predicted quote *matches* a gold quote of the same article when their character spans
overlap by at least half of the longer one (``span`` figures); ``exact`` figures ask for
the same span after trimming spaces and punctuation. A matched quote has the right
*speaker* when the canonical names are equal. Gold quotes marked ``optional`` count
neither as missed nor, when found, as false positives.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from analysis.corpus.textutil import normalise_for_matching
from analysis.knowledge import PROJECT_DIR

GOLD_FILE = PROJECT_DIR / "tests" / "unit" / "data" / "quotes_gold.yaml"


@dataclass
class GoldQuote:
    article_id: str
    start: int
    end: int
    kind: str
    speaker: str
    optional: bool = False


@dataclass
class Evaluation:
    n_gold: int
    n_pred: int
    span_tp: int
    exact_tp: int
    speaker_tp: int
    kind_tp: int
    errors: list[dict] = field(default_factory=list)

    @staticmethod
    def _pr(tp, n_pred, n_gold):
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r

    def figures(self) -> dict[str, float]:
        out = {}
        for name, tp in (("span", self.span_tp), ("exact", self.exact_tp), ("speaker", self.speaker_tp),
                         ("kind", self.kind_tp)):
            p, r = self._pr(tp, self.n_pred, self.n_gold)
            out[f"{name}_precision"], out[f"{name}_recall"] = p, r
        return out


def load_gold(texts: dict[str, str], path: Path | str = GOLD_FILE) -> list[GoldQuote]:
    """Gold quotes located in the article texts (ValueError if a text is not found)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    out = []
    for art_id, items in (data.get("articles") or {}).items():
        if art_id not in texts:
            continue
        norm = normalise_for_matching(texts[art_id])
        for item in items or []:
            needle = normalise_for_matching(item["text"])
            pos = -1
            for _ in range(int(item.get("occurrence", 1))):
                pos = norm.find(needle, pos + 1)
            if pos < 0:
                raise ValueError(f"{art_id} : citation de référence introuvable : {item['text'][:60]!r}")
            out.append(GoldQuote(art_id, pos, pos + len(needle), item["kind"], str(item["speaker"]),
                                 bool(item.get("optional", False))))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    strip = " \t\n\u00a0\u202f.,;:!?…«»“”\"'"
    while s < e and text[s] in strip:
        s += 1
    while e > s and text[e - 1] in strip:
        e -= 1
    return s, e


def evaluate(quotes: pd.DataFrame, gold: list[GoldQuote], texts: dict[str, str]) -> Evaluation:
    """Compare predicted quotes (quotes.csv rows) with gold quotes."""
    preds = [r for r in quotes.to_dict("records") if r["article_id"] in texts] if not quotes.empty else []
    used: set[int] = set()
    matched_optional: set[int] = set()
    span_tp = exact_tp = speaker_tp = kind_tp = 0
    errors = []
    for g in gold:
        best, best_ov = None, 0.0
        for i, p in enumerate(preds):
            if i in used or p["article_id"] != g.article_id:
                continue
            ov = min(g.end, p["end"]) - max(g.start, p["start"])
            ratio = ov / max(g.end - g.start, p["end"] - p["start"], 1)
            if ratio > best_ov:
                best, best_ov = i, ratio
        text = texts[g.article_id]
        if best is None or best_ov < 0.5:
            if not g.optional:
                errors.append({"article_id": g.article_id, "error": "manquée", "kind": g.kind,
                               "gold_speaker": g.speaker, "predicted_speaker": "",
                               "text": text[g.start:g.end][:120]})
            continue
        used.add(best)
        p = preds[best]
        if g.optional:
            matched_optional.add(best)
            continue
        span_tp += 1
        exact_tp += _trim(text, g.start, g.end) == _trim(text, p["start"], p["end"])
        kind_tp += p["kind"] == g.kind
        if p["speaker"] == g.speaker:
            speaker_tp += 1
        else:
            errors.append({"article_id": g.article_id, "error": "mauvais locuteur", "kind": g.kind,
                           "gold_speaker": g.speaker, "predicted_speaker": p["speaker"],
                           "text": text[g.start:g.end][:120]})
        if p["kind"] != g.kind:
            errors.append({"article_id": g.article_id, "error": f"type {p['kind']} au lieu de {g.kind}",
                           "kind": g.kind, "gold_speaker": g.speaker, "predicted_speaker": p["speaker"],
                           "text": text[g.start:g.end][:120]})
    for i, p in enumerate(preds):
        if i not in used:
            errors.append({"article_id": p["article_id"], "error": "fausse citation", "kind": p["kind"],
                           "gold_speaker": "", "predicted_speaker": p["speaker"], "text": p["text"][:120]})
    n_gold = sum(1 for g in gold if not g.optional)
    n_pred = len(preds) - len(matched_optional)
    return Evaluation(n_gold, n_pred, span_tp, exact_tp, speaker_tp, kind_tp, errors)


def evaluate_corpus(corpus_dir=None, gold_path: Path | str = GOLD_FILE, **run_kwargs) -> Evaluation:
    from analysis.engine.pipeline import run_corpus
    from analysis.knowledge import DEFAULT_DATA_DIR

    results = run_corpus(corpus_dir or DEFAULT_DATA_DIR / "corpus", **run_kwargs)
    texts = {a.id: a.text for a in results.corpus.articles}
    gold = load_gold(texts, gold_path)
    texts = {k: v for k, v in texts.items() if any(g.article_id == k for g in gold)}
    return evaluate(results.tables.get("quotes", pd.DataFrame()), gold, texts)


def report(ev: Evaluation) -> str:
    f = ev.figures()
    lines = [f"{ev.n_gold} citations de référence, {ev.n_pred} citations extraites",
             "                précision  rappel"]
    for name, label in (("span", "étendue (≥ 50 %)"), ("exact", "étendue exacte"), ("speaker", "locuteur"),
                        ("kind", "type")):
        lines.append(f"{label:17} {f[name + '_precision']:8.2f} {f[name + '_recall']:7.2f}")
    if ev.errors:
        lines.append("erreurs :")
        lines += [f"  [{e['article_id'][:3]}] {e['error']} ({e['kind']}) référence={e['gold_speaker'] or '-'} "
                  f"extrait={e['predicted_speaker'] or '-'} : {e['text'][:80]}" for e in ev.errors]
    return "\n".join(lines)
