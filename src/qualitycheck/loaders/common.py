"""Shared loader helpers: decoding bytes, limits, paragraph splitting with source positions, load issues."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Optional

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
    #: bytes a compressed input may expand to (zip-bomb guard)
    max_decompressed_bytes: int = 1024 * 1024 * 1024
    #: element nesting beyond which HTML is read as plain text (lxml/trafilatura recurse on the tree)
    max_html_depth: int = 400
    #: elements beyond which HTML is read as plain text (trafilatura's cost grows faster than linearly)
    max_html_elements: int = 40_000
    #: characters of YAML front matter parsed (a title and a few keys need far less)
    max_front_matter_chars: int = 65_536
    #: wall-clock seconds one user-supplied regex may spend on one field of one article
    regex_timeout: float = 1.0

    @classmethod
    def from_options(cls, values: Any, origin: str = "options.limits") -> "Limits":
        """Limits from ``config.options["limits"]``; unknown keys and non-numbers are ``ConfigError``s."""
        if not values:
            return DEFAULT_LIMITS
        from ..config import ConfigError

        if not isinstance(values, dict):
            raise ConfigError(f"{origin} must be a mapping of limit names to numbers")
        fields = {f.name: f.type for f in dataclasses.fields(cls)}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            name = str(key).replace("-", "_")
            if name not in fields:
                raise ConfigError(f"{origin}: unknown limit {key!r} (one of {', '.join(fields)})")
            kind = float if fields[name] in (float, "float") else int
            try:
                number = kind(value)
            except (TypeError, ValueError):
                raise ConfigError(f"{origin}.{key}: {value!r} is not a number") from None
            if isinstance(value, bool) or number <= 0:
                raise ConfigError(f"{origin}.{key}: must be a positive number, got {value!r}")
            changes[name] = number
        return dataclasses.replace(DEFAULT_LIMITS, **changes)


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


def _plausible_utf16(data: bytes) -> bool:
    """Does text after a UTF-16 BOM look like UTF-16? ASCII spaces, digits and newlines put a zero high byte in
    many code units; text without them is CJK or Hangul. Random bytes that happen to start with FF FE are
    neither, and would otherwise decode into noise that looks like text."""
    body = data[2:4098]
    units = len(body) // 2
    if units < 8:
        return True
    high = body[1::2] if data.startswith(b"\xff\xfe") else body[0::2]
    if high.count(0) * 20 >= units:
        return True
    text = body[: units * 2].decode("utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be", errors="replace")
    east_asian = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7a3")
    return east_asian * 10 >= units * 9


def decode_bytes(data: bytes) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """Return (text, encoding, problem). ``text`` is None when the bytes are not text at all."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and _plausible_utf16(data):
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
    guess = best.encoding.replace("_", "-") if best is not None and best.encoding else None
    if guess and guess.startswith(("utf-16", "utf-32")) and not _plausible_utf16(data):
        guess = None  # the same coincidence as above; charset-normalizer only has the BOM to go on
    if best is not None and guess and guess != "utf-8":
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
    total = sum(len(p) + 2 for p in article.body) - 2 if article.body else 0  # == len(article.text)
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


def error_article(source: SourceRef, message: str, *, rule: str = UNREADABLE, **evidence: object) -> Article:
    """An article that stands for an unreadable (or empty, or cut-off) input or record, so the run reports it
    instead of dropping it."""
    ident = source.label()
    art = Article(id=ident, source=source)
    art.load_issues.append(issue(rule, message, **evidence))
    return art
