"""Shared loader helpers: decoding bytes, limits, paragraph splitting with source positions, load issues."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..engine.detector import Hit
from ..model import Article, SourceRef

# Input rule ids (documented in rules/input.yml)
UNREADABLE = "QC001"
TRUNCATED = "QC003"
EMPTY = "QC004"
ENCODING = "QC005"
FRONT_MATTER = "QC006"


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile input from hanging a run; every cut is reported as a finding."""

    max_file_bytes: int = 64 * 1024 * 1024
    max_article_chars: int = 200_000
    max_line_bytes: int = 16 * 1024 * 1024
    max_records: int = 10_000_000
    max_paragraphs: int = 5_000
    max_json_depth: int = 64


DEFAULT_LIMITS = Limits()


class LoadError(Exception):
    """A whole input could not be read (missing path, unreadable directory): a run-level error."""


def issue(rule: str, message: str, **evidence: object) -> Hit:
    return Hit(rule, "article", 0, 0, message=message, evidence=dict(evidence))


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters, in the first 8 KB."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16 text has NULs too; let the decoder judge it when a BOM says so
        return not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"))
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.10


def decode_bytes(data: bytes) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """Return (text, encoding, problem). ``text`` is None when the bytes are not text at all."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", None
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        return None, None, "binary data, not text"
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
    except Exception:  # pragma: no cover - charset_normalizer is robust, but never let it crash a run
        best = None
    if best is not None and best.encoding and best.encoding.replace("_", "-") not in ("utf-8",):
        try:
            return data.decode(best.encoding, errors="replace"), best.encoding, f"not valid UTF-8 (first bad byte at {first_bad}); decoded as {best.encoding}"
        except LookupError:  # pragma: no cover
            pass
    return data.decode("utf-8", errors="replace"), "utf-8", f"not valid UTF-8 (first bad byte at {first_bad}); invalid bytes replaced"


_BLANK = re.compile(r"\n[ \t]*\n")


def split_paragraphs(text: str, first_line: int = 1) -> tuple[list[str], list[tuple[int, int]]]:
    """Split on blank lines. Returns paragraphs (stripped, internal newlines kept) and each one's (line, col).

    Line numbers are counted incrementally, so this stays linear on very long inputs.
    """
    paragraphs: list[str] = []
    positions: list[tuple[int, int]] = []
    pos = 0
    counted_to, line = 0, first_line
    for m in list(_BLANK.finditer(text)) + [None]:
        end = m.start() if m is not None else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            offset = pos + (len(chunk) - len(chunk.lstrip()))
            line += text.count("\n", counted_to, offset)
            counted_to = offset
            col = offset - (text.rfind("\n", 0, offset) + 1) + 1
            paragraphs.append(stripped)
            positions.append((line, col))
        pos = m.end() - 1 if m is not None else len(text)
    return paragraphs, positions


def apply_limits(article: Article, limits: Limits) -> Article:
    """Cut over-long bodies and paragraph counts, recording what was cut."""
    if len(article.body) > limits.max_paragraphs:
        n = len(article.body)
        article.body = article.body[: limits.max_paragraphs]
        if "body" in article.positions:
            article.positions["body"] = article.positions["body"][: limits.max_paragraphs]
        article.load_issues.append(issue(TRUNCATED, f"{n} paragraphs; only the first {limits.max_paragraphs} were checked", paragraphs=n, limit=limits.max_paragraphs))
    total = sum(len(p) + 2 for p in article.body)
    if total > limits.max_article_chars:
        kept: list[str] = []
        size = 0
        for para in article.body:
            room = limits.max_article_chars - size
            if room <= 0:
                break
            kept.append(para[:room])
            size += len(kept[-1]) + 2
        article.body = kept
        if "body" in article.positions:
            article.positions["body"] = article.positions["body"][: len(kept)]
        article.load_issues.append(issue(TRUNCATED, f"article is {total:,} characters; only the first {limits.max_article_chars:,} were checked", chars=total, limit=limits.max_article_chars))
    if len(article.title) > 2000:
        article.title = article.title[:2000]
        article.load_issues.append(issue(TRUNCATED, "title longer than 2,000 characters was cut", limit=2000))
    if not article.body and not article.title and not any(i.rule == UNREADABLE for i in article.load_issues):
        article.load_issues.append(issue(EMPTY, "no title or body text found", source=article.source.label()))
    return article


def error_article(source: SourceRef, message: str, **evidence: object) -> Article:
    """An article that stands for an unreadable input or record, so the run reports it instead of dropping it."""
    ident = source.label()
    art = Article(id=ident, source=source)
    art.load_issues.append(issue(UNREADABLE, message, **evidence))
    return art
