"""Core data types: the one direction of flow is input -> Article -> Findings -> ArticleReport -> Report.

Everything here is plain, typed and JSON-serialisable; no module below this one imports a heavy library.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterator, Optional

PARAGRAPH_SEP = "\n\n"

#: the fields a finding can point into
FIELDS = ("title", "subtitle", "byline", "body", "date", "url", "site", "metadata", "article")

CATEGORIES = ("spin", "garbled", "syndication", "attribution", "content-farm", "headline", "input")


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= threshold`` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: "str | Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None

    def __str__(self) -> str:  # "error", "warning", "info"
        return self.name.lower()


@dataclass
class SourceRef:
    """Where an article came from: a file path, a record number/line, and how to map offsets to file positions."""

    path: Optional[str] = None
    record: Optional[int] = None  # 0-based record number inside a multi-record file
    line: Optional[int] = None  # 1-based line of the record (JSONL) or of the article start
    format: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in (("path", self.path), ("record", self.record), ("line", self.line), ("format", self.format)) if v is not None}

    def label(self) -> str:
        """Human label: ``path:line`` or ``path#record`` or ``<stdin>``."""
        base = self.path or "<input>"
        if self.line is not None and self.record is not None:
            return f"{base}:{self.line}"
        if self.record is not None:
            return f"{base}#{self.record}"
        return base


@dataclass
class Article:
    """One article, whatever it was loaded from.

    ``body`` is a list of paragraphs; ``text`` joins them with a blank line, and body offsets in findings are
    offsets into ``text``. ``positions`` optionally maps fields to their (line, column) in the source file:
    ``positions["body"][i]`` is where paragraph ``i`` starts, ``positions["title"]`` where the title starts;
    optional ``positions["body_anchors"][i]`` / ``positions["title_anchors"]`` list ``[offset, line, col]``
    points where the source diverges from the text (HTML inline tags, entities, re-wrapped lines).
    """

    id: str
    title: str = ""
    subtitle: str = ""
    byline: list[str] = dc_field(default_factory=list)
    date: Optional[str] = None
    url: Optional[str] = None
    site: Optional[str] = None
    body: list[str] = dc_field(default_factory=list)
    language: Optional[str] = None
    source: SourceRef = dc_field(default_factory=SourceRef)
    metadata: dict[str, Any] = dc_field(default_factory=dict)
    positions: dict[str, Any] = dc_field(default_factory=dict)
    #: problems met while loading (truncation, bad encoding...) as engine ``Hit``s of ``input`` rules
    load_issues: list[Any] = dc_field(default_factory=list)

    @property
    def text(self) -> str:
        cached = self.__dict__.get("_text")
        if cached is None or self.__dict__.get("_text_src") is not self.body:
            cached = PARAGRAPH_SEP.join(self.body)
            self.__dict__["_text"] = cached
            self.__dict__["_text_src"] = self.body
        return cached

    @property
    def byline_text(self) -> str:
        return "; ".join(self.byline)

    def field_text(self, name: str) -> str:
        """The text a finding's offsets refer to for field ``name``."""
        if name == "body":
            return self.text
        if name == "byline":
            return self.byline_text
        value = getattr(self, name, None) if name in ("title", "subtitle", "date", "url", "site") else None
        return value or ""

    def paragraph_spans(self) -> Iterator[tuple[int, int, int]]:
        """Yield (index, start, end) of every paragraph inside ``text``."""
        pos = 0
        for i, para in enumerate(self.body):
            yield i, pos, pos + len(para)
            pos += len(para) + len(PARAGRAPH_SEP)

    def locate(self, field_name: str, offset: int) -> Optional[tuple[int, int]]:
        """Map a character offset in a field to a 1-based (line, column) in the source file, when known."""
        if field_name == "body":
            starts = self.positions.get("body")
            if not starts:
                return None
            anchors = self.positions.get("body_anchors")
            for i, start, end in self.paragraph_spans():
                if start <= offset <= end and i < len(starts) and starts[i] is not None:
                    if anchors and i < len(anchors) and anchors[i]:
                        return _from_anchors(anchors[i], offset - start)
                    return _advance(self.body[i], offset - start, starts[i])
            return None
        pos = self.positions.get(field_name)
        if not pos:
            return None
        anchors = self.positions.get(f"{field_name}_anchors")
        if anchors:
            return _from_anchors(anchors, offset)
        return _advance(self.field_text(field_name), offset, pos)


def _from_anchors(anchors: list, offset: int) -> tuple[int, int]:
    """Position from ``[offset, line, col]`` anchors (sorted by offset; set where text and source diverge,
    e.g. inline HTML tags or entities): the last anchor at or before ``offset``, advanced along the line."""
    best = anchors[0]
    for anchor in anchors:
        if anchor[0] > offset:
            break
        best = anchor
    return best[1], best[2] + max(0, offset - best[0])


def _advance(text: str, offset: int, start: tuple[int, int]) -> tuple[int, int]:
    """Position of ``text[offset]`` given that ``text`` starts at (line, col) in the file."""
    line, col = start
    head = text[:offset]
    newlines = head.count("\n")
    if newlines:
        return line + newlines, offset - head.rfind("\n")
    return line, col + offset


@dataclass
class Finding:
    """One problem, pinned to an exact span of one field."""

    rule: str  # stable id, e.g. QC101
    name: str  # kebab-case rule name
    category: str
    severity: Severity
    message: str
    field: str = "article"
    start: int = 0
    end: int = 0
    text: str = ""
    suggestion: Optional[str] = None
    evidence: dict[str, Any] = dc_field(default_factory=dict)
    line: Optional[int] = None
    column: Optional[int] = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": str(self.severity),
            "message": self.message,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "evidence": self.evidence,
        }
        if self.line is not None:
            out["line"] = self.line
            out["column"] = self.column
        return out


@dataclass
class ArticleReport:
    """Everything qualitycheck has to say about one article."""

    id: str
    source: SourceRef
    language: Optional[str]
    findings: list[Finding] = dc_field(default_factory=list)
    scores: dict[str, float] = dc_field(default_factory=dict)
    title: str = ""
    url: Optional[str] = None
    site: Optional[str] = None
    date: Optional[str] = None
    byline: list[str] = dc_field(default_factory=list)
    #: extra per-article outputs of detectors (e.g. restored text), not part of the findings
    extras: dict[str, Any] = dc_field(default_factory=dict)
    #: the article itself, kept for formatters that need positions; never serialised
    article: Optional[Article] = dc_field(default=None, repr=False, compare=False)
    #: detectors' per-article values for the batch pass (``CheckContext.keep``); never serialised
    keep: dict[str, Any] = dc_field(default_factory=dict, repr=False, compare=False)

    @property
    def verdict(self) -> str:
        worst = max((f.severity for f in self.findings), default=None)
        if worst is Severity.ERROR:
            return "fail"
        if worst is Severity.WARNING:
            return "warn"
        return "pass"

    def worst(self) -> Optional[Severity]:
        return max((f.severity for f in self.findings), default=None)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "source": self.source.to_dict(),
            "title": self.title,
            "language": self.language,
            "verdict": self.verdict,
            "scores": self.scores,
            "findings": [f.to_dict() for f in self.findings],
        }
        for key in ("url", "site", "date"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.byline:
            out["byline"] = self.byline
        out.update(self.extras)
        return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Stable reading order: field order, then position, then rule id."""
    order = {name: i for i, name in enumerate(("title", "subtitle", "byline", "date", "url", "site", "body", "metadata", "article"))}
    return sorted(findings, key=lambda f: (order.get(f.field, 99), f.start, f.end, f.rule))
