"""HTML pages: main text and metadata via trafilatura, plus schema.org NewsArticle JSON-LD and meta tags.

trafilatura is imported lazily: it is the slowest import in the package and only HTML input needs it.
"""
from __future__ import annotations

import json
import re
from html import unescape
from typing import Any, Iterator, Optional

from ..model import Article, SourceRef
from .common import UNREADABLE, Limits, apply_limits, issue, split_paragraphs
from .markdown import names_of

_JSONLD = re.compile(r"<script[^>]+type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_META = re.compile(r"<meta\s+[^>]*?(?:property|name)\s*=\s*[\"']([^\"']+)[\"'][^>]*?content\s*=\s*[\"']([^\"']*)[\"'][^>]*>", re.IGNORECASE)
_META_REV = re.compile(r"<meta\s+[^>]*?content\s*=\s*[\"']([^\"']*)[\"'][^>]*?(?:property|name)\s*=\s*[\"']([^\"']+)[\"'][^>]*>", re.IGNORECASE)
_CANONICAL = re.compile(r"<link\s+[^>]*rel\s*=\s*[\"']canonical[\"'][^>]*href\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "OpinionNewsArticle", "AnalysisNewsArticle", "BlogPosting", "ReviewNewsArticle", "SatiricalArticle", "LiveBlogPosting"}


def _walk_jsonld(node: Any, depth: int = 0) -> Iterator[dict]:
    if depth > 20:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk_jsonld(item, depth + 1)
    elif isinstance(node, dict):
        kinds = node.get("@type")
        kinds = set(kinds) if isinstance(kinds, list) else {kinds}
        if kinds & _ARTICLE_TYPES:
            yield node
        if "@graph" in node:
            yield from _walk_jsonld(node["@graph"], depth + 1)


def jsonld_articles(html: str) -> list[dict]:
    found: list[dict] = []
    for block in _JSONLD.findall(html):
        try:
            data = json.loads(block.strip())
        except (ValueError, RecursionError):
            continue
        found.extend(_walk_jsonld(data))
    return found


def meta_tags(html: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for key, value in _META.findall(html):
        tags.setdefault(key.lower(), unescape(value))
    for value, key in _META_REV.findall(html):
        tags.setdefault(key.lower(), unescape(value))
    return tags


def _name(value: Any) -> Optional[str]:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
        return _name(value)
    return str(value).strip() if value else None


def _fallback_text(html: str) -> str:
    """Crude tag stripping, used only if trafilatura finds no main text (tiny or odd pages)."""
    html = re.sub(r"(?is)<(script|style|noscript)[^>]*>.*?</\1>", " ", html)
    html = re.sub(r"(?i)<\s*(br|/p|/div|/h[1-6]|/li|/blockquote)[^>]*>", "\n\n", html)
    return unescape(_TAG.sub(" ", html))


def locate_paragraphs(raw: str, paragraphs: list[str]) -> list[Optional[tuple[int, int]]]:
    """Best-effort (line, col) of each paragraph's opening words in the raw HTML."""
    out: list[Optional[tuple[int, int]]] = []
    cursor = 0
    for para in paragraphs:
        probe = para[:40]
        pos = raw.find(probe, cursor)
        if pos == -1:
            pos = raw.find(probe)
        if pos == -1:
            out.append(None)
            continue
        cursor = pos + len(probe)
        line = raw.count("\n", 0, pos) + 1
        col = pos - (raw.rfind("\n", 0, pos) + 1) + 1
        out.append((line, col))
    return out


def load_html(raw: str, source: SourceRef, limits: Limits) -> Iterator[Article]:
    article = Article(id=source.label(), source=source)
    extracted: dict[str, Any] = {}
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False, favor_precision=False)
        if doc is not None:
            extracted = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    except RecursionError:
        article.load_issues.append(issue(UNREADABLE, "HTML is nested too deeply to parse; plain text fallback used"))
    except Exception as exc:  # malformed HTML must never stop a batch
        article.load_issues.append(issue(UNREADABLE, f"HTML extraction failed ({type(exc).__name__}); plain text fallback used"))
    text = extracted.get("text") or ""
    if not text.strip():
        text = _fallback_text(raw)
    tags = meta_tags(raw)
    ld = jsonld_articles(raw)
    first = ld[0] if ld else {}
    title = _name(first.get("headline")) or extracted.get("title") or tags.get("og:title")
    if not title:
        tm = _TITLE.search(raw)
        title = unescape(_TAG.sub("", tm.group(1))).strip() if tm else ""
    article.title = (title or "").strip()
    authors = names_of(first.get("author")) if first.get("author") else names_of(extracted.get("author"))
    if not authors and tags.get("author"):
        authors = names_of(tags["author"])
    article.byline = authors
    # the publisher's own claim (JSON-LD, then meta) before trafilatura's guess, which may come from the URL path
    article.date = str(first.get("datePublished") or tags.get("article:published_time") or extracted.get("date") or "") or None
    canonical = _CANONICAL.search(raw)
    article.url = _name(first.get("url")) or (canonical.group(1) if canonical else None) or extracted.get("url") or tags.get("og:url")
    article.site = _name(first.get("publisher")) or extracted.get("sitename") or tags.get("og:site_name")
    article.subtitle = (_name(first.get("description")) or extracted.get("description") or "").strip()
    meta: dict[str, Any] = {}
    for key in ("dateModified", "creditText", "copyrightHolder", "copyrightYear", "isBasedOn", "sourceOrganization", "dateline", "articleSection"):
        if first.get(key):
            meta[key] = first[key] if not isinstance(first[key], dict) else _name(first[key])
    if ld:
        meta["jsonld_type"] = first.get("@type")
    # attribution needs these: section/type for the opinion-page gate, NYT-style "byl" and Parse.ly author bylines
    for key in ("article:modified_time", "og:site_name", "article:author", "dc.creator", "copyright", "article:section", "og:type", "byl", "parsely-author"):
        if tags.get(key):
            meta[key] = tags[key]
    if canonical:
        meta["canonical_url"] = canonical.group(1)
    article.metadata.update(meta)
    paragraphs, _ = split_paragraphs(re.sub(r"\n(?!\n)", "\n\n", text.strip()))
    article.body = [re.sub(r"\s+", " ", p).strip() for p in paragraphs if p.strip()]
    article.positions["body"] = locate_paragraphs(raw, article.body)
    if article.title:
        pos = locate_paragraphs(raw, [article.title])[0]
        if pos:
            article.positions["title"] = pos
    yield apply_limits(article, limits)
