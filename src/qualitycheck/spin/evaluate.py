"""Evaluate the spin scorer on labelled units: ``{"text", "label": "spun"|"clean", "unit", "spans", "original"}``.

Per unit: precision, recall, F1 and ROC-AUC of the unit probability at the threshold; recall per ``kind``;
span recall (share of gold spans overlapped by a reported span); suggestion accuracy (share of reported spans
overlapping a gold span whose suggestion occurs, as whole words, in the original wording); and clean-flag rates
(share of clean units with any reported span, and share scored spun).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from .scorer import SpinScorer, get_scorer

UNITS = ("headline", "sentence", "paragraph", "article")


class DataError(ValueError):
    pass


def read_records(path: Path) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{lineno}: invalid JSON: {exc.msg}") from None
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or rec.get("label") not in ("spun", "clean"):
                raise DataError(f"{path}:{lineno}: a record needs 'text' and 'label' (spun|clean)")
            spans = rec.get("spans")
            if spans is not None and not (isinstance(spans, list) and all(isinstance(g, str) for g in spans)):
                raise DataError(f"{path}:{lineno}: 'spans' must be a list of strings (exact substrings of 'text')")
            if rec.get("original") is not None and not isinstance(rec["original"], str):
                raise DataError(f"{path}:{lineno}: 'original' must be a string or null")
            out.append(rec)
    return out


@dataclass
class Scored:
    rec: dict[str, Any]
    probability: float
    spans: list[tuple[int, int, str]]  # reported (start, end, suggestion)


def score_record(rec: dict[str, Any], scorer: SpinScorer, threshold: float) -> Scored:
    text = rec["text"]
    unit = rec.get("unit", "sentence")
    if unit == "article":
        paras, scores, base, offsets = text.split("\n\n"), [], 0, []
        for p in paras:
            scores.append(scorer.score_text(p))
            offsets.append(base)
            base += len(p) + 2
        p_art = scorer.combined_probability(scores)
        spans = [(o + h.start, o + h.end, h.suggestion) for s, o in zip(scores, offsets) for h in scorer.reported(s, threshold, p_art)]
        return Scored(rec, p_art, spans)
    score = scorer.score_text(text, sentences=unit == "paragraph")
    spans = [(h.start, h.end, h.suggestion) for h in scorer.reported(score, threshold)]
    return Scored(rec, score.probability, spans)


def roc_auc(labels: list[int], scores: list[float]) -> Optional[float]:
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@dataclass
class UnitStats:
    labels: list[int] = field(default_factory=list)
    probs: list[float] = field(default_factory=list)
    clean_any_span: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def summary(self, threshold: float) -> dict[str, Any]:
        pred = [p >= threshold for p in self.probs]
        tp = sum(1 for y, q in zip(self.labels, pred) if y and q)
        fp = sum(1 for y, q in zip(self.labels, pred) if not y and q)
        fn = sum(1 for y, q in zip(self.labels, pred) if y and not q)
        n_clean = sum(1 for y in self.labels if not y)
        prec = tp / (tp + fp) if tp + fp else None
        rec = tp / (tp + fn) if tp + fn else None
        f1 = 2 * prec * rec / (prec + rec) if prec and rec else None
        return {
            "n_spun": sum(self.labels),
            "n_clean": n_clean,
            "precision": prec,
            "recall": rec,
            "f1": f1,
            "roc_auc": roc_auc(self.labels, self.probs),
            "clean_scored_spun": fp / n_clean if n_clean else None,
            "clean_any_span": self.clean_any_span / n_clean if n_clean else None,
            "recall_by_kind": {k: v[0] / v[1] for k, v in sorted(self.by_kind.items()) if v[1]},
            "n_by_kind": {k: v[1] for k, v in sorted(self.by_kind.items())},
        }


def gold_offsets(text: str, spans: Optional[Iterable[str]]) -> list[tuple[int, int]]:
    """(start, end) of each gold span in ``text`` (its first occurrence); spans not found are left out."""
    return [(at, at + len(g)) for g in spans or [] for at in [text.find(g)] if at >= 0]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _word_in(needle: str, hay: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(needle.lower().replace("’", "'")) + r"(?!\w)", hay.lower().replace("’", "'")) is not None


def evaluate(records: Iterable[dict[str, Any]], threshold: float = 0.5, scorer: Optional[SpinScorer] = None) -> dict[str, Any]:
    scorer = scorer or get_scorer()
    per_unit: dict[str, UnitStats] = defaultdict(UnitStats)
    gold_spans = found_spans = 0
    flagged_gold = correct = 0
    for rec in records:
        s = score_record(rec, scorer, threshold)
        unit = rec.get("unit", "sentence")
        stats = per_unit[unit]
        label = 1 if rec["label"] == "spun" else 0
        stats.labels.append(label)
        stats.probs.append(s.probability)
        if not label:
            stats.clean_any_span += bool(s.spans)
            continue
        kind = rec.get("kind") or "unknown"
        stats.by_kind[kind][1] += 1
        stats.by_kind[kind][0] += s.probability >= threshold
        for gold in gold_offsets(rec["text"], rec.get("spans")):
            gold_spans += 1
            hits = [h for h in s.spans if _overlaps(gold, (h[0], h[1]))]
            found_spans += bool(hits)
            if rec.get("original"):
                for h in hits:
                    flagged_gold += 1
                    correct += _word_in(h[2], rec["original"])
    return {
        "threshold": threshold,
        "units": {u: per_unit[u].summary(threshold) for u in UNITS if u in per_unit},
        "span_recall": found_spans / gold_spans if gold_spans else None,
        "gold_spans": gold_spans,
        "suggestion_accuracy": correct / flagged_gold if flagged_gold else None,
        "flagged_gold_spans": flagged_gold,
    }


def format_report(result: dict[str, Any]) -> str:
    def f(v: Any) -> str:
        return "  -  " if v is None else f"{v:.3f}"

    lines = [f"spin evaluation at threshold {result['threshold']:.2f}", ""]
    lines.append(f"{'unit':<10} {'spun':>5} {'clean':>6} {'prec':>6} {'recall':>6} {'F1':>6} {'AUC':>6} {'clean>thr':>9} {'clean-span':>10}")
    for unit, s in result["units"].items():
        lines.append(
            f"{unit:<10} {s['n_spun']:>5} {s['n_clean']:>6} {f(s['precision']):>6} {f(s['recall']):>6} {f(s['f1']):>6} {f(s['roc_auc']):>6}"
            f" {f(s['clean_scored_spun']):>9} {f(s['clean_any_span']):>10}"
        )
        for kind, r in s["recall_by_kind"].items():
            lines.append(f"{'':<10}   recall[{kind}] = {r:.3f} (n={s['n_by_kind'][kind]})")
    lines.append("")
    lines.append(f"span recall          {f(result['span_recall'])} of {result['gold_spans']} gold spans")
    lines.append(f"suggestion accuracy  {f(result['suggestion_accuracy'])} of {result['flagged_gold_spans']} flagged gold spans")
    return "\n".join(lines)


def evaluate_with_originals(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """QC204 (reworded-from-source) on spun records checked with their ``original`` as the reference: how much
    of a copy is found word by word when its source is at hand. Records whose ``original_basis`` is
    ``"inferred"`` are left out (an original reconstructed by reversing the swaps would align by construction).

    Per kind and overall: items, items QC201 linked to their original, gold spans, span recall (a gold span
    counts when a reported span overlaps it) and the share of reported spans on a gold span (a floor for
    precision: gold spans mark the clear substitutions, not every change).
    """
    from ..api import check_articles
    from ..config import Config
    from ..model import Article

    config = Config(select=("QC201", "QC204"))
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rec in records:
        if rec.get("label") != "spun" or not rec.get("original") or rec.get("original_basis") == "inferred":
            continue
        article = Article(id="item", body=[p for p in rec["text"].split("\n\n") if p.strip()], language="en")
        article.metadata["reference"] = {"text": rec["original"], "title": "original"}
        findings = check_articles([article], config).articles[0].findings
        spans = [(f.start, f.end) for f in findings if f.rule == "QC204"]
        text = article.text
        gold = gold_offsets(text, rec.get("spans"))
        for kind in (rec.get("kind") or "?", "all"):
            st = stats[kind]
            st["items"] += 1
            st["linked"] += any(f.rule == "QC201" for f in findings)
            st["gold"] += len(gold)
            st["gold_found"] += sum(1 for g in gold if any(_overlaps(g, r) for r in spans))
            st["reported"] += len(spans)
            st["reported_on_gold"] += sum(1 for r in spans if any(_overlaps(g, r) for g in gold))
    out = {}
    for kind, st in sorted(stats.items()):
        out[kind] = {**st, "span_recall": st["gold_found"] / st["gold"] if st["gold"] else None,
                     "on_gold": st["reported_on_gold"] / st["reported"] if st["reported"] else None}
    return out


def format_originals(result: dict[str, Any]) -> str:
    lines = ["QC204 with each spun item's original as its reference", "",
             f"{'kind':<24} {'items':>5} {'linked':>6} {'gold':>5} {'span recall':>11} {'on gold':>8} {'reported':>8}"]
    for kind, st in result.items():
        recall = "  -  " if st["span_recall"] is None else f"{st['span_recall']:.2f}"
        on_gold = "  -  " if st["on_gold"] is None else f"{st['on_gold']:.2f}"
        lines.append(f"{kind:<24} {st['items']:>5} {st['linked']:>6} {st['gold']:>5} {recall:>11} {on_gold:>8} {st['reported']:>8}")
    return "\n".join(lines)


def heldout_records(include_corpus_articles: bool = True) -> list[dict[str, Any]]:
    """The held-out split as eval records, plus pseudo-articles (held-out items grouped by source host) and, for
    clean-article rates, lee_abc articles (research-only: evaluation only; note its words fed the lexicon
    weights, so it is not fully unseen)."""
    from . import devdata

    recs = [
        {k: r.get(k) for k in ("text", "label", "unit", "spans", "original", "original_basis", "kind", "source")}
        for r in devdata.dev_records("heldout")
    ]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in devdata.dev_records("heldout"):
        if r["unit"] != "headline":
            groups[(devdata.group_of(r), r["label"])].append(r)
    for (host, label), items in sorted(groups.items()):
        if len(items) >= 3:
            recs.append({"text": "\n\n".join(i["text"] for i in items), "label": label, "unit": "article", "spans": [],
                         "original": None, "kind": "+".join(sorted({i.get("kind") or "clean" for i in items})), "source": host})
    if include_corpus_articles:
        for rec in devdata.corpus_records("lee_abc"):
            if not rec.get("duplicate_of") and rec.get("subset") == "lee50":
                recs.append({"text": rec["text"], "label": "clean", "unit": "article", "spans": [], "original": None, "kind": None})
    return recs
