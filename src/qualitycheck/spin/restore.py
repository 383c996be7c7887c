"""The article with the suggested original wording put back, from its final findings (``--restore``).

Built from findings rather than inside the spin detector so that every source of an original counts: the
lexicon's guesses (QC101/102/105), artefact repairs (QC106) and, when the article's source was at hand, the
source's exact wording (QC204, from the syndication detector, possibly from the batch pass).
"""
from __future__ import annotations

from typing import Iterable, Sequence

from ..model import Article, Finding

#: fields the restored text covers, in report order
FIELDS = ("title", "subtitle", "body")
#: rules whose suggestion is original wording; on overlapping spans the source's exact wording wins over a guess
RESTORING_RULES = ("QC204", "QC101", "QC105", "QC102", "QC106")


def restored_fields(article: Article, findings: Iterable[Finding]) -> dict[str, str]:
    """Each non-empty text field of ``article`` with the suggestions of its restoring findings applied; empty
    when no finding suggests an original (nothing to restore)."""
    by_field: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule in RESTORING_RULES and f.suggestion and f.field in FIELDS and f.end > f.start:
            by_field.setdefault(f.field, []).append(f)
    if not by_field:
        return {}
    out: dict[str, str] = {}
    for field in FIELDS:
        text = article.field_text(field)
        if text:
            out[field] = apply_suggestions(text, by_field.get(field, []))
    return out


def apply_suggestions(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with each finding's span replaced by its suggestion; of overlapping spans the first by rule
    priority (then position) is applied and the others are left out."""
    rank = {rule: i for i, rule in enumerate(RESTORING_RULES)}
    chosen: list[Finding] = []
    for f in sorted(findings, key=lambda f: (rank.get(f.rule, len(rank)), f.start, f.end)):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    parts, last = [], 0
    for f in sorted(chosen, key=lambda f: f.start):
        parts.append(text[last : f.start])
        parts.append(f.suggestion or "")
        last = f.end
    parts.append(text[last:])
    return "".join(parts)
