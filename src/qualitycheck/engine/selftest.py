"""Every rule carries its own failing and passing examples; this module runs them (LanguageTool/Vale style).

An example is either a string (the body, or the title for title-only rules) or a mapping of article fields
(``title``, ``subtitle``, ``byline``, ``body``, ``date``, ``url``, ``site``, ``metadata``, ``language``), or
``{raw: ..., format: jsonl|text|markdown|html|json}`` to go through a loader. ``[[...]]`` marks a span that
must be reported exactly; a failing example without markers only needs one finding from the rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from ..model import PARAGRAPH_SEP, Article, SourceRef
from .rules import Rule, strip_lines

if TYPE_CHECKING:  # pragma: no cover
    from .engine import RuleSet

MARK = re.compile(r"\[\[(.*?)\]\](?!\])", re.DOTALL)
_FIELDS = {"title", "subtitle", "byline", "body", "date", "url", "site", "metadata", "language", "raw", "format", "encoding", "limits", "__line__"}


@dataclass
class ExampleFailure:
    rule: Rule
    kind: str  # fail | pass
    index: int
    message: str
    line: Optional[int] = None

    def __str__(self) -> str:
        return f"{self.rule.path}:{self.line or self.rule.line}: {self.rule.id} {self.kind} example {self.index + 1}: {self.message}"


def _unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    spans: list[tuple[int, int]] = []
    out: list[str] = []
    pos = 0
    last = 0
    for m in MARK.finditer(text):
        out.append(text[last : m.start()])
        pos += m.start() - last
        inner = m.group(1)
        spans.append((pos, pos + len(inner)))
        out.append(inner)
        pos += len(inner)
        last = m.end()
    out.append(text[last:])
    return "".join(out), spans


def build_example(rule: Rule, example: Any, index: int) -> tuple[list[Article], list[tuple[str, int, int]]]:
    """The article(s) an example describes, and the (field, start, end) spans it marks."""
    marks: list[tuple[str, int, int]] = []
    language = next((lang for lang in rule.languages if lang != "*"), "en")
    if isinstance(example, str):
        field = "body" if "body" in rule.scope or not rule.scope else rule.scope[0]
        example = {field: example}
    if not isinstance(example, dict):
        raise ValueError("an example must be a string or a mapping of article fields")
    example = strip_lines(example)
    unknown = set(example) - _FIELDS
    if unknown:
        raise ValueError(f"unknown example field(s): {', '.join(sorted(unknown))}")
    if "raw" in example:
        from ..loaders import DEFAULT_LIMITS, FORMATS, Limits, load_bytes, load_string

        raw, spans = _unmark(str(example["raw"]))
        limits = Limits(**{**DEFAULT_LIMITS.__dict__, **dict(example.get("limits") or {})})
        name = f"<{rule.id} example {index + 1}>"
        fmt = example.get("format", "text")
        if example.get("encoding"):  # feed real bytes in that encoding through the decoder
            articles = list(load_bytes(raw.encode(str(example["encoding"])), FORMATS[fmt], SourceRef(path=name, format=fmt), limits))
        else:
            articles = list(load_string(raw, fmt, name=name, limits=limits))
        for a in articles:
            a.language = a.language or example.get("language", language)
        if spans:
            raise ValueError("[[...]] markers are not supported in raw examples")
        return articles, marks
    article = Article(id=f"{rule.id}-example-{index + 1}", source=SourceRef(path=f"<{rule.id} example>"))
    article.language = example.get("language", language)
    for field in ("title", "subtitle", "date", "url", "site"):
        if field in example and example[field] is not None:
            text, spans = _unmark(str(example[field]))
            setattr(article, field, text)
            marks.extend((field, s, e) for s, e in spans)
    if "byline" in example:
        names = example["byline"] if isinstance(example["byline"], list) else [example["byline"]]
        offset = 0
        for name in names:
            text, spans = _unmark(str(name))
            article.byline.append(text)
            marks.extend(("byline", offset + s, offset + e) for s, e in spans)
            offset += len(text) + 2  # "; " joins byline names
    if "body" in example:
        body = example["body"]
        paragraphs = body if isinstance(body, list) else [p for p in str(body).split(PARAGRAPH_SEP)]
        text, spans = _unmark(PARAGRAPH_SEP.join(str(p) for p in paragraphs))
        article.body = text.split(PARAGRAPH_SEP) if text else []
        marks.extend(("body", s, e) for s, e in spans)
    if "metadata" in example:
        article.metadata = dict(example["metadata"] or {})
    return [article], marks


def verify_rule(ruleset: "RuleSet", rule: Rule) -> list[ExampleFailure]:
    failures: list[ExampleFailure] = []
    line = rule.line
    for kind in ("fail", "pass"):
        for index, example in enumerate(rule.examples.get(kind, [])):
            ex_line = example.get("__line__") if isinstance(example, dict) else None
            try:
                articles, marks = build_example(rule, example, index)
            except (ValueError, TypeError, LookupError) as exc:  # LookupError: unknown format or encoding
                failures.append(ExampleFailure(rule, kind, index, str(exc), ex_line or line))
                continue
            except Exception as exc:  # e.g. LoadError: a user's example must fail as a rule error, not crash the run
                failures.append(ExampleFailure(rule, kind, index, f"{type(exc).__name__}: {exc}", ex_line or line))
                continue
            try:
                reports = ruleset.check_batch(articles)
            except (ValueError, TypeError, LookupError, AttributeError) as exc:  # example fields of the wrong type
                failures.append(ExampleFailure(rule, kind, index, f"cannot check this example ({type(exc).__name__}: {exc})", ex_line or line))
                continue
            found = [f for r in reports for f in r.findings if f.rule == rule.id]
            if kind == "pass":
                if found:
                    shown = "; ".join(f"{f.field}[{f.start}:{f.end}] {f.text!r}" for f in found[:3])
                    failures.append(ExampleFailure(rule, kind, index, f"expected no finding, got {len(found)}: {shown}", ex_line or line))
                continue
            if not found:
                failures.append(ExampleFailure(rule, kind, index, "expected a finding, got none", ex_line or line))
                continue
            got = {(f.field, f.start, f.end) for f in found}
            for field, start, end in marks:
                if (field, start, end) not in got:
                    text = articles[0].field_text(field)[start:end]
                    shown = "; ".join(f"{f.field}[{f.start}:{f.end}] {f.text!r}" for f in found[:3])
                    failures.append(ExampleFailure(rule, kind, index, f"expected span {field}[{start}:{end}] {text!r}, got {shown}", ex_line or line))
    return failures


def verify_ruleset(ruleset: "RuleSet", only_enabled: bool = False, rule_ids: Optional[set[str]] = None) -> list[ExampleFailure]:
    failures: list[ExampleFailure] = []
    for rule in ruleset.all_rules.values():
        if only_enabled and rule.id not in ruleset.enabled:
            continue
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        failures.extend(verify_rule(ruleset, rule))
    return failures
