"""HTML pages: main text and metadata via trafilatura, plus schema.org NewsArticle JSON-LD and meta tags.

trafilatura is imported lazily: it is the slowest import in the package and only HTML input needs it.
"""
from __future__ import annotations

import json
import re
from html import unescape
from typing import Any, Iterator, Optional

from ..model import Article, SourceRef
from .common import TRUNCATED, UNREADABLE, Limits, apply_limits, issue, split_paragraphs
from .markdown import names_of

# Every pattern below is bounded ([^<>] or {m,n}) so that a page full of unclosed tags costs linear, not
# quadratic, time: an unbounded [^>]* tried at each of 100k "<meta" openings rescans the whole page each time.
_JSONLD_OPEN = re.compile(r"<script\b[^<>]{0,1000}?type\s*=\s*[\"']?application/ld\+json[\"']?[^<>]{0,1000}>", re.IGNORECASE)
_RAW_TEXT_OPEN = re.compile(r"<(script|style|noscript)\b[^<>]{0,2000}>", re.IGNORECASE)
_META = re.compile(r"<meta\s[^<>]{0,2000}?(?:property|name)\s*=\s*[\"']([^\"'<>]{1,500})[\"'][^<>]{0,2000}?content\s*=\s*[\"']([^\"'<>]{0,5000})[\"'][^<>]{0,2000}>", re.IGNORECASE)
_META_REV = re.compile(r"<meta\s[^<>]{0,2000}?content\s*=\s*[\"']([^\"'<>]{0,5000})[\"'][^<>]{0,2000}?(?:property|name)\s*=\s*[\"']([^\"'<>]{1,500})[\"'][^<>]{0,2000}>", re.IGNORECASE)
_CANONICAL = re.compile(r"<link\s[^<>]{0,2000}?rel\s*=\s*[\"']canonical[\"'][^<>]{0,2000}?href\s*=\s*[\"']([^\"'<>]{1,5000})[\"']", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^<>]{0,1000}>([^<]{0,5000})</title>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,5000}>")
_BLOCK_END = re.compile(r"(?i)<\s*(?:br|/p|/div|/h[1-6]|/li|/blockquote)\b[^<>]{0,1000}>")
#: start and end tags, for measuring nesting depth before handing a page to lxml
_TAG_DEPTH = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})\b[^<>]{0,5000}?(/?)>")
#: elements that never nest (void) or whose end tag HTML lets authors leave out: they do not add depth
_FLAT_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr p li dt dd option tr td th".split())


_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "OpinionNewsArticle", "AnalysisNewsArticle", "BlogPosting", "ReviewNewsArticle", "SatiricalArticle", "LiveBlogPosting"}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, so offsets into the result are offsets into ``text`` (str.lower can
    change the length: "İ" becomes two characters)."""
    return text.translate(_ASCII_LOWER)


def raw_text_blocks(html: str, lowered: str, opener: "re.Pattern[str]") -> Iterator[tuple[int, int, int]]:
    """(tag start, content start, content end) of each <script>/<style>... element, in one left-to-right pass.

    Scanning resumes after each closing tag, and stops at the first unclosed one, so the cost stays linear
    however many unclosed openings a hostile page has."""
    pos = 0
    while True:
        m = opener.search(html, pos)
        if m is None:
            return
        name = m.group(1).lower() if m.groups() else "script"
        close = lowered.find("</" + name, m.end())
        if close == -1:
            return
        yield m.start(), m.end(), close
        end = lowered.find(">", close)
        pos = end + 1 if end != -1 else len(html)


def html_shape(html: str, max_depth: int, max_elements: int) -> tuple[int, int]:
    """(deepest element nesting, element count), counted until either passes its limit."""
    depth = deepest = elements = 0
    for m in _TAG_DEPTH.finditer(html):
        if m.group(1):
            depth = max(0, depth - 1) if m.group(2).lower() not in _FLAT_TAGS else depth
            continue
        elements += 1
        if elements > max_elements:
            break
        if m.group(3) or m.group(2).lower() in _FLAT_TAGS:
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > max_depth:
                break
    return deepest, elements


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


def jsonld_articles(html: str, lowered: Optional[str] = None) -> list[dict]:
    found: list[dict] = []
    lowered = ascii_lower(html) if lowered is None else lowered
    for _, start, end in raw_text_blocks(html, lowered, _JSONLD_OPEN):
        try:
            data = json.loads(html[start:end].strip())
        except (ValueError, RecursionError):
            continue
        found.extend(_walk_jsonld(data))
        if len(found) > 100:
            break
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


def _fallback_text(html: str, lowered: Optional[str] = None) -> str:
    """Crude tag stripping, used only if trafilatura finds no main text (tiny or odd pages) or cannot be used."""
    lowered = ascii_lower(html) if lowered is None else lowered
    kept: list[str] = []
    pos = 0
    for start, _, close in raw_text_blocks(html, lowered, _RAW_TEXT_OPEN):
        kept.append(html[pos:start])
        end = lowered.find(">", close)
        pos = end + 1 if end != -1 else len(html)
    kept.append(html[pos:])
    text = _BLOCK_END.sub("\n\n", " ".join(kept))
    return unescape(_TAG.sub(" ", text))


def locate_paragraphs(raw: str, paragraphs: list[str]) -> list[Optional[tuple[int, int]]]:
    """Best-effort (line, col) of each paragraph's opening words in the raw HTML.

    One forward pass: a paragraph whose opening words are not found after the previous one gets no position
    (searching the whole page again for each of thousands of paragraphs would be quadratic)."""
    out: list[Optional[tuple[int, int]]] = []
    cursor = 0
    line, line_start, counted = 1, 0, 0
    for para in paragraphs:
        probe = para[:40]
        pos = raw.find(probe, cursor) if probe else -1
        if pos == -1:
            out.append(None)
            continue
        cursor = pos + len(probe)
        line += raw.count("\n", counted, pos)
        nl = raw.rfind("\n", counted, pos)
        if nl != -1:
            line_start = nl + 1
        counted = pos
        out.append((line, pos - line_start + 1))
    return out


def defuse_jsonld(raw: str, lowered: str) -> str:
    """The page as trafilatura should see it: JSON-LD blocks that are huge or full of "<" emptied.

    trafilatura reads author names out of JSON-LD with regexes such as ``<!--.*?-->`` that rescan the rest of the
    block for every unclosed opening: 2,000 "<!--" in an author field cost seconds, 20,000 minutes. JSON-LD is
    parsed separately (``jsonld_articles``), so nothing is lost by hiding such blocks from the extractor."""
    parts: list[str] = []
    pos = 0
    for _, start, end in raw_text_blocks(raw, lowered, _JSONLD_OPEN):
        block = raw[start:end]
        if len(block) > 20_000 or block.count("<") > 50:
            parts.append(raw[pos:start])
            parts.append("{}")
            pos = end
    if not parts:
        return raw
    parts.append(raw[pos:])
    return "".join(parts)


def _extract(raw: str, article: Article) -> dict[str, Any]:
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False, favor_precision=False)
        if doc is not None:
            return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    except RecursionError:
        article.load_issues.append(issue(UNREADABLE, "HTML is nested too deeply to parse; plain text fallback used"))
    except Exception as exc:  # malformed HTML must never stop a batch
        article.load_issues.append(issue(UNREADABLE, f"HTML extraction failed ({type(exc).__name__}); plain text fallback used"))
    return {}


def load_html(raw: str, source: SourceRef, limits: Limits) -> Iterator[Article]:
    article = Article(id=source.label(), source=source)
    extracted: dict[str, Any] = {}
    lowered = ascii_lower(raw)
    depth, elements = html_shape(raw, limits.max_html_depth, limits.max_html_elements)
    # lxml and trafilatura walk the tree recursively, and their cost grows faster than the page: past either
    # limit the page is read as plain text instead, and the report says so
    if depth > limits.max_html_depth:
        article.load_issues.append(issue(TRUNCATED, f"HTML elements are nested more than {limits.max_html_depth} levels deep; page structure was ignored and its text read without layout", limit=limits.max_html_depth))
    elif elements > limits.max_html_elements:
        article.load_issues.append(issue(TRUNCATED, f"HTML page has more than {limits.max_html_elements:,} elements; page structure was ignored and its text read without layout", limit=limits.max_html_elements))
    else:
        extracted = _extract(defuse_jsonld(raw, lowered), article)
    text = extracted.get("text") or ""
    if not text.strip():
        text = _fallback_text(raw, lowered)
    tags = meta_tags(raw)
    ld = jsonld_articles(raw, lowered)

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
    article.date = str(first.get("datePublished") or extracted.get("date") or tags.get("article:published_time") or "") or None
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
    for key in ("article:modified_time", "og:site_name", "article:author", "dc.creator", "copyright"):
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
