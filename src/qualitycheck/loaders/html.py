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
from ..suppress import html_comments
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


_INVISIBLE = re.compile(r"(?is)<(script|style|noscript|template|head)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<[^>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


_NON_SPACE = re.compile(r"\S")
#: walking a paragraph character by character is bounded, so a hostile page cannot make locating slow;
#: past the bound, positions are extrapolated from the last anchor
_MAX_PARAGRAPH_WALK = 20_000
_MAX_DOCUMENT_WALK = 1_000_000


class VisibleText:
    """The non-whitespace visible characters of a raw page (tags, comments, ``<head>``, scripts and styles
    dropped; entities decoded), with a lazy map back to raw offsets. Comparing without whitespace makes
    paragraph matching immune to re-wrapping and inline tags; building it runs at C speed."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._vis_starts: list[int] = []
        self._pieces: list[tuple[int, int, bool]] = []  # raw start, raw end, is an entity
        self._offsets: dict[int, tuple[list[int], Any]] = {}
        texts: list[str] = []
        self._size = 0
        pos = 0
        for m in _INVISIBLE.finditer(raw):
            self._add(pos, m.start(), texts)
            pos = m.end()
        self._add(pos, len(raw), texts)
        self.text = "".join(texts)

    def _add(self, start: int, end: int, texts: list[str]) -> None:
        pos = start
        for m in _ENTITY.finditer(self.raw, start, end):
            self._piece(pos, m.start(), "".join(self.raw[pos : m.start()].split()), False, texts)
            self._piece(m.start(), m.end(), "".join(unescape(m.group(0)).split()), True, texts)
            pos = m.end()
        self._piece(pos, end, "".join(self.raw[pos:end].split()), False, texts)

    def _piece(self, start: int, end: int, squeezed: str, entity: bool, texts: list[str]) -> None:
        if squeezed:
            self._vis_starts.append(self._size)
            self._pieces.append((start, end, entity))
            texts.append(squeezed)
            self._size += len(squeezed)

    def raw_offset(self, index: int) -> int:
        """Raw offset of visible character ``index`` (computed per piece, on demand)."""
        import bisect

        p = bisect.bisect_right(self._vis_starts, index) - 1
        start, end, entity = self._pieces[p]
        if entity:
            return start
        k = index - self._vis_starts[p]
        offsets, it = self._offsets.get(p) or ([], _NON_SPACE.finditer(self.raw, start, end))
        while len(offsets) <= k:
            offsets.append(next(it).start())
        self._offsets[p] = (offsets, it)
        return offsets[k]


def locate_paragraphs(raw: str, paragraphs: list[str], visible: Optional[VisibleText] = None) -> tuple[list[Optional[tuple[int, int]]], list[list[list[int]]]]:
    """(line, col) where each paragraph starts in the raw HTML, and per paragraph a list of anchors
    ``[offset_in_paragraph, line, col]`` wherever the mapping jumps (inline tags, entities, line breaks), so
    that ``Article.locate`` is exact inside a paragraph too. Paragraphs that cannot be found get ``None``."""
    import bisect

    vt = visible or VisibleText(raw)
    text = vt.text
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", raw)]

    def line_col(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    starts: list[Optional[tuple[int, int]]] = []
    anchors: list[list[list[int]]] = []
    cursor = 0
    budget = _MAX_DOCUMENT_WALK
    for para in paragraphs:
        probe_chars = "".join(para[:400].split())
        pos = -1
        for size in (80, 40, 16):
            probe = probe_chars[:size]
            if not probe:
                break
            pos = text.find(probe, cursor)
            if pos == -1:
                pos = text.find(probe)
            if pos != -1:
                break
        if pos == -1:
            starts.append(None)
            anchors.append([])
            continue
        marks: list[list[int]] = []
        expect: Optional[tuple[int, int, int]] = None  # (k, line, col) of the last anchor
        j = pos
        limit = min(_MAX_PARAGRAPH_WALK, max(budget, 1))
        for k, ch in enumerate(para):
            if ch.isspace():
                continue
            if j >= len(text) or text[j] != ch or j - pos >= limit:
                break
            line, col = line_col(vt.raw_offset(j))
            if expect is None or line != expect[1] or col != expect[2] + (k - expect[0]):
                marks.append([k, line, col])
                expect = (k, line, col)
            j += 1
        budget -= j - pos
        cursor = j
        starts.append((marks[0][1], marks[0][2]) if marks else None)
        anchors.append(marks)
    return starts, anchors


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
    visible = VisibleText(raw)
    starts, anchors = locate_paragraphs(raw, article.body, visible)
    article.positions["body"] = starts
    article.positions["body_anchors"] = anchors
    if article.title:
        title_starts, title_anchors = locate_paragraphs(raw, [article.title], visible)
        if title_starts[0]:
            article.positions["title"] = title_starts[0]
            article.positions["title_anchors"] = title_anchors[0]
    article.positions["comments"] = html_comments(raw)
    yield apply_limits(article, limits)
