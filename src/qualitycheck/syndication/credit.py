"""Is a copy credited? A thin layer over :mod:`qualitycheck.attribution.credits` (owned by attribution).

Adds what syndication needs on top: a severity per credit strength, and datelines whose city was cut away
("(Reuters) - ..."), which ``credits.DATELINE_RE`` does not match because it expects a city first.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from ..model import Article, Severity


#: "(Reuters) - Text..." with the city cut away: credits.py's dateline pattern wants a city first
_BARE_DATELINE_RE = re.compile(r"^[ \t]*\((?P<agency>[A-Z][A-Za-z .-]{1,40})\)[ \t]*[-–—]", re.MULTILINE)


def credit_for(article: Article, name: Optional[str]) -> tuple[Optional[Any], Optional[Severity]]:
    """How ``article`` credits the source ``name``: (credit, severity for the copy finding).

    A credit that names the source -> info; only a generic note ("with inputs from agencies", "syndicated feed")
    -> warning; nothing -> None (the rule's default, error).
    """
    from ..attribution.credits import Credit, agency_of, credits_source

    if not name:
        return None, None
    credit = credits_source(article, name)
    if credit is None:
        m = _bare_dateline(article)
        if m and (agency_of(m.group("agency")) or m.group("agency").strip()) == (agency_of(name) or name):
            credit = Credit("dateline", "body", m.start("agency") - 1, m.end("agency") + 1, agency=agency_of(name), text=m.group(0).strip())
    if credit is None:
        return None, None
    return credit, (Severity.WARNING if credit.kind == "syndication-note" else Severity.INFO)


def credits_a_wire(article: Article) -> bool:
    """Does the article credit any wire agency (byline, dateline, credit line)?"""
    return wire_agency(article) is not None


def wire_agency(article: Article) -> Optional[str]:
    """The wire agency the article credits itself (byline, dateline, credit line), if any."""
    from ..attribution.credits import agency_of, credited_agencies

    # credits sit in the byline, the first paragraphs (dateline) and the last ones (credit lines); scanning only
    # those keeps index builds fast on long articles
    head = article if len(article.body) <= 6 else Article(id=article.id, byline=article.byline, body=article.body[:3] + article.body[-3:])
    agencies = sorted(credited_agencies(head))
    if agencies:
        return agencies[0]
    m = _bare_dateline(article)
    return agency_of(m.group("agency")) if m else None


def _bare_dateline(article: Article) -> Optional["re.Match[str]"]:
    """A "(Reuters) -" paragraph opening among the first paragraphs (after photo captions and a byline)."""
    head_end = sum(len(p) + 2 for p in article.body[:4])
    return _BARE_DATELINE_RE.search(article.text[:head_end])


