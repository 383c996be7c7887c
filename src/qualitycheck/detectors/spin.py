"""Spin detector: lexicon spans with restored wording, spun sentences, the article verdict and ``scores.spin``.

Rule ids (rules/spin/*.yml): QC101 spun-phrase (a near-unambiguous spinner fingerprint), QC102 spun-word (an
ordinary-looking word that the spinner produces, reported in spun context), QC103 spun-sentence (a sentence the
classifier scores as spun without a single telling span), QC104 spun-article (the article score passes
``thresholds: spin.probability``), QC105 spun-name (a proper noun made of swapped common words), QC106
translation-artefact (broken structure left by machine translation or a rewriter, rules/spin/artefacts.tsv).
The lexicon and model load once per process, on first use.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from ..config import Config
from ..engine.detector import CheckContext, Hit
from ..engine.rules import Rule
from ..model import Article, ArticleReport

DEFAULT_THRESHOLD = 0.5


def with_restore(config: Config, origin: str, *, unless_configured: bool = False) -> Config:
    """``config`` with ``options.spin.restore`` on (report key 'restored'): ``--restore`` sets it, the web page
    defaults to it (``unless_configured``: a configuration that sets it keeps its choice)."""
    spin = dict(config.options.get("spin") or {})
    if unless_configured and "restore" in spin:
        return config
    return config.merge({"options": {**config.options, "spin": {**spin, "restore": True}}}, origin=origin)
_RULE_BY_SOURCE = {"names": "QC105", "phrases": "QC101", "lexicon": "QC102", "artefact": "QC106"}


class SpinDetector:
    def __init__(self, rules: Sequence[Rule], config: Config) -> None:
        self.rules = {r.id: r for r in rules}
        self.threshold = config.threshold("spin.probability", DEFAULT_THRESHOLD)
        options = config.options.get("spin", {}) if isinstance(config.options, dict) else {}
        self.restore = bool(options.get("restore", False))
        self._scorer = None

    @property
    def scorer(self):
        if self._scorer is None:
            from ..spin.scorer import get_scorer

            self._scorer = get_scorer()
        return self._scorer

    def check(self, article: Article, ctx: CheckContext, enabled: frozenset[str]) -> Iterable[Hit]:
        scorer = self.scorer
        units = []  # (field, base offset, TextScore)
        for name in ("title", "subtitle"):
            text = article.field_text(name)
            if text:
                units.append((name, 0, scorer.score_text(text)))
        offset = 0
        for para in article.body:
            if para.strip():
                units.append(("body", offset, scorer.score_text(para)))
            offset += len(para) + 2
        words = sum(u[2].words for u in units)
        article_p = scorer.combined_probability([u[2] for u in units]) if units else 0.0
        ctx.scores["spin"] = round(article_p, 4)
        hits: list[Hit] = []
        n_spans = 0
        for field, base, score in units:
            spans = scorer.reported(score, self.threshold, article_p)
            for span in spans:
                rule = _RULE_BY_SOURCE.get(span.match.entry.source, "QC102")
                if rule not in enabled:
                    continue
                n_spans += 1
                entry = span.match.entry
                evidence = {
                    "lexicon": f"{entry.spun} -> {entry.original}",
                    "llr": round(span.match.llr, 2),
                    "reason": span.reason,
                    "sentence_probability": round(span.unit_probability, 3),
                }
                if entry.context:
                    evidence["context"] = entry.context
                if entry.source == "colloc":
                    evidence["lexicon"] = f"thesaurus: {entry.spun} -> {entry.original}"
                    evidence["collocation"] = entry.note
                elif entry.source == "thesaurus":
                    evidence["lexicon"] = f"rare synonym: {entry.spun} -> {entry.original}"
                elif entry.source == "artefact":
                    del evidence["lexicon"]
                    evidence["artefact"] = entry.note
                params = {"match": span.text, "suggestion": span.suggestion,
                          "fix": f"; probably '{span.suggestion}'" if span.suggestion else ""}
                hits.append(Hit(rule, field, base + span.start, base + span.end, suggestion=span.suggestion or None, evidence=evidence,
                                params=params))
            if "QC103" in enabled and article_p < self.threshold:
                # a locally spun passage (a pasted spun quote or paragraph) in an article that is not spun as a
                # whole: its weak words are not shown one by one, so show the sentence with its evidence
                for sent in score.sentences:
                    if sent.probability < self.threshold or len(sent.matches) < 2:
                        continue
                    hits.append(Hit("QC103", field, base + sent.start, base + sent.end,
                                    evidence={"probability": round(sent.probability, 3),
                                              "substitutions": [f"{m.entry.spun} -> {m.entry.original}" for m in sent.matches]},
                                    params={"match": score.text[sent.start:sent.end], "probability": f"{sent.probability:.2f}"}))
        if "QC104" in enabled and article_p >= self.threshold:
            hits.append(Hit("QC104", "article", 0, 0, evidence={"probability": round(article_p, 3), "spans": n_spans, "words": words},
                            params={"match": "", "probability": f"{article_p:.2f}", "spans": n_spans}))
        return hits

    def finish(self, report: ArticleReport) -> None:
        """With ``options.spin.restore``: the article with every suggested original put back (report key
        'restored', only when there is something to put back), from the final findings, so a source's exact wording
        (QC204) counts as well as the lexicon's."""
        if self.restore and report.article is not None:
            from ..spin.restore import restored_fields

            restored = restored_fields(report.article, report.findings)
            if restored:
                report.extras["restored"] = restored
            else:  # nothing to put back (or no longer, after the batch pass): no copy of the text
                report.extras.pop("restored", None)
