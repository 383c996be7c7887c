"""Plain text: the first paragraph is the title when it is a single line; a following "By ..." line is the byline."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Article, SourceRef
from .common import Limits, apply_limits, split_paragraphs

BYLINE_RE = re.compile(r"^\s*By\s+(?P<names>[^\n]{2,150})$", re.IGNORECASE)


def split_byline(names: str) -> list[str]:
    """"Jane Doe and John Roe, Reuters" -> ["Jane Doe", "John Roe, Reuters"] (agency stays with the last name)."""
    parts = re.split(r"\s*(?:;|\||\band\b|&)\s*", names.strip())
    return [p.strip(" ,") for p in parts if p.strip(" ,")]


def take_byline_line(article: Article, paragraphs: list[str], positions: list) -> None:
    """A one-line "By ..." paragraph opening the body becomes the byline (when none is known yet)."""
    if paragraphs and not article.byline and "\n" not in paragraphs[0]:
        m = BYLINE_RE.match(paragraphs[0])
        if m:
            article.byline = split_byline(m.group("names"))
            paragraphs.pop(0)
            positions.pop(0)


def article_from_text(text: str, source: SourceRef, ident: str, limits: Limits, first_line: int = 1) -> Article:
    paragraphs, positions = split_paragraphs(text, first_line)
    article = Article(id=ident, source=source)
    if paragraphs and "\n" not in paragraphs[0] and len(paragraphs[0]) <= 300 and len(paragraphs) > 1:
        article.title = paragraphs.pop(0)
        article.positions["title"] = positions.pop(0)
    take_byline_line(article, paragraphs, positions)
    article.body = paragraphs
    article.positions["body"] = positions
    return apply_limits(article, limits)


def load_text(text: str, source: SourceRef, limits: Limits) -> Iterator[Article]:
    yield article_from_text(text, source, source.label(), limits)
