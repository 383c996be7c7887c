"""Markdown with YAML front matter. Body offsets map to file lines (front matter counted), for CI annotations.

HTML comments on their own lines (suppression directives) are kept out of the body and recorded, with their
line numbers, in ``article.positions["comments"]``. Fenced code blocks are not article text.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Iterator

import yaml

from ..yamlsize import yaml_size_ok
from ..model import Article, SourceRef
from .common import FRONT_MATTER, Limits, apply_limits, issue
from .text import split_byline, take_byline_line

#: libyaml's safe loader parses front matter ~10x faster than the pure-Python one; same safety
_FRONT_MATTER_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_COMMENT_LINE = re.compile(r"^\s*<!--(.*?)-->\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")

FIELD_KEYS = {
    "title": ("title", "headline"),
    "subtitle": ("subtitle", "description", "dek", "summary"),
    "byline": ("byline", "author", "authors"),
    "date": ("date", "published", "datePublished", "pubdate"),
    "url": ("url", "canonical_url", "canonicalURL", "canonical", "link"),
    "site": ("site", "site_name", "publisher", "outlet"),
    "id": ("id", "slug"),
    "language": ("language", "lang"),
}


_BRACKET = re.compile(r"[\[\]{}]")


def _flow_depth_ok(raw: str, limit: int) -> bool:
    """Cheap bracket count before PyYAML, whose parser recurses once per level of ``[[[...`` (slowly)."""
    depth = 0
    for m in _BRACKET.finditer(raw):
        depth = depth + 1 if m.group(0) in "[{" else max(0, depth - 1)
        if depth > limit:
            return False
    return True


def names_of(value: Any) -> list[str]:
    """Byline names from a string, a list, or a list of {name: ...} mappings."""
    if value is None:
        return []
    if isinstance(value, str):
        return split_byline(value[3:] if value.lower().startswith("by ") else value)
    if isinstance(value, dict):
        return names_of(value.get("name"))
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for item in value:
            out.extend(names_of(item))
        return out
    return [str(value)]


def scalar(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def apply_fields(article: Article, meta: dict[str, Any]) -> None:
    """Map well-known keys onto the article; keep the rest in ``metadata``."""
    used: set[str] = set()
    for field, keys in FIELD_KEYS.items():
        for key in keys:
            if key in meta and meta[key] not in (None, "", []):
                value = meta[key]
                used.add(key)
                if field == "byline":
                    article.byline = names_of(value)
                elif field == "id":
                    article.id = str(value)
                else:
                    setattr(article, field, str(scalar(value)).strip())
                break
    article.metadata.update({k: scalar(v) for k, v in meta.items() if k not in used})


def load_markdown(text: str, source: SourceRef, limits: Limits) -> Iterator[Article]:
    article = Article(id=source.label(), source=source)
    lines = text.split("\n")
    body_start = 0
    m = _FRONT.match(text)
    if m:
        raw = m.group(1)
        body_start = text.count("\n", 0, m.end()) + (0 if m.group(0).endswith("\n") else 1)
        meta = None
        if len(raw) > limits.max_front_matter_chars:
            article.load_issues.append(issue(FRONT_MATTER, f"{source.path or '<input>'}:2: front matter is longer than {limits.max_front_matter_chars:,} characters; it was ignored", line=2, limit=limits.max_front_matter_chars))
        elif not _flow_depth_ok(raw, 32):
            article.load_issues.append(issue(FRONT_MATTER, f"{source.path or '<input>'}:2: front matter is nested too deeply; it was ignored", line=2))
        else:
            try:
                meta = yaml.load(raw, Loader=_FRONT_MATTER_LOADER)  # noqa: S506 - a SafeLoader (libyaml's when present)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = (mark.line + 2) if mark is not None else 2
                article.load_issues.append(issue(FRONT_MATTER, f"{source.path or '<input>'}:{line}: front matter is not valid YAML ({getattr(exc, 'problem', exc)}); it was ignored", line=line))
            except RecursionError:
                article.load_issues.append(issue(FRONT_MATTER, f"{source.path or '<input>'}:2: front matter is nested too deeply; it was ignored", line=2))
            except (ValueError, OverflowError, TypeError) as exc:  # e.g. a date such as 2024-13-45 (PyYAML's timestamp constructor)
                article.load_issues.append(issue(FRONT_MATTER, f"{source.path or '<input>'}:2: front matter has a value that cannot be read ({exc}); it was ignored", line=2))
            if meta is not None and not yaml_size_ok(meta, limits.max_front_matter_chars):
                # YAML aliases can make a few lines expand into millions of values ("billion laughs")
                article.load_issues.append(issue(FRONT_MATTER, f"{source.path or '<input>'}:2: front matter expands to too many values (YAML aliases?); it was ignored", line=2))
                meta = None
        if meta is not None and not isinstance(meta, dict):
            article.load_issues.append(issue(FRONT_MATTER, f"{source.path or '<input>'}:2: front matter must be a mapping of keys; it was ignored", line=2))
            meta = None
        if meta:
            apply_fields(article, {str(k): v for k, v in meta.items()})
            for i, line in enumerate(lines[1:body_start], start=2):
                km = re.match(r"^(title|headline)\s*:\s*(['\"]?)", line)
                if km and article.title:
                    article.positions["title"] = (i, km.end() + 1)
                    break
    paragraphs: list[str] = []
    positions: list[tuple[int, int]] = []
    comments: list[tuple[int, str]] = []
    block: list[str] = []
    block_line = 0
    in_fence = False

    def flush() -> None:
        nonlocal block
        if block:
            paragraphs.append("\n".join(block).strip())
            positions.append((block_line, 1 + len(block[0]) - len(block[0].lstrip())))
        block = []

    for index in range(body_start, len(lines)):
        line = lines[index].rstrip("\r")
        lineno = index + 1
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        cm = _COMMENT_LINE.match(line)
        if cm:
            flush()
            comments.append((lineno, cm.group(1).strip()))
            continue
        if not line.strip():
            flush()
            continue
        hm = _HEADING.match(line)
        if hm:
            flush()
            heading = hm.group(2)
            if not heading.strip():  # "#" or "## ##": a heading with no words is not a paragraph
                continue
            if hm.group(1) == "#" and not article.title and not paragraphs:
                article.title = heading
                article.positions["title"] = (lineno, line.index(heading) + 1)
            else:
                paragraphs.append(heading)
                positions.append((lineno, line.index(heading) + 1))
            continue
        if not block:
            block_line = lineno
        block.append(line)
    flush()
    take_byline_line(article, paragraphs, positions)
    article.body = paragraphs
    article.positions["body"] = positions
    article.positions["comments"] = comments
    yield apply_limits(article, limits)
