"""Suppression directives inside documents, applied to finished reports (so every output format benefits).

Forms (in Markdown and HTML, as HTML comments on their own line; rule lists are ids, id prefixes, names or
categories separated by commas or spaces; no list means every rule; ``-- reason`` may follow)::

    <!-- qualitycheck-disable QC101, content-farm -->   ... until <!-- qualitycheck-enable --> or the end
    <!-- qualitycheck-enable QC101 -->                   ends the range for those rules only
    <!-- qualitycheck-disable-next-line QC401 -->       the next non-blank line
    <!-- qualitycheck-disable-file QC410 -->            the whole file (any line)

and, for the whole file, a front-matter key (Markdown, or a ``metadata`` key in JSON records)::

    qualitycheck: {disable: [QC101]}        # or: qualitycheck-disable: [QC101]   (true / "all" = every rule)

Suppressed findings are removed from ``findings`` and listed under ``extras["suppressions"]["suppressed"]``
(SARIF reports them as results with an ``inSource`` suppression). A directive that suppressed nothing is listed
under ``extras["suppressions"]["unused"]``, and the CLI prints it as a warning on stderr, so stale
suppressions do not hide future problems (ruff's RUF100 idea, kept out of the exit code).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from .model import Article, ArticleReport, Finding

_DIRECTIVE = re.compile(r"^\s*qualitycheck-(disable-next-line|disable-file|disable|enable)\b(.*)$", re.IGNORECASE | re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
ALL = "*"


@dataclass
class Directive:
    kind: str  # disable | enable | next-line | file | front-matter
    rules: tuple[str, ...]  # empty = every rule
    line: Optional[int]
    text: str
    reason: str = ""
    #: the line range [first, last] it covers (None = unbounded / whole file)
    first: Optional[int] = None
    last: Optional[int] = None
    used: int = 0
    #: for the rest of a range after ``enable`` named only some of its rules: the directive written in the file
    parent: Optional["Directive"] = None

    def matches(self, finding: Finding) -> bool:
        return not self.rules or any(selector_matches(sel, finding) for sel in self.rules)

    def covers(self, start_line: Optional[int], end_line: Optional[int]) -> bool:
        if self.kind in ("file", "front-matter"):
            return True
        if start_line is None:
            return False
        end_line = end_line if end_line is not None else start_line
        lo = self.first if self.first is not None else 1
        hi = self.last if self.last is not None else 10**12
        return start_line <= hi and end_line >= lo

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"directive": self.text, "kind": self.kind, "rules": list(self.rules) or [ALL]}
        if self.line is not None:
            out["line"] = self.line
        if self.reason:
            out["reason"] = self.reason
        return out


def selector_matches(selector: str, finding: Finding) -> bool:
    """Same vocabulary as select/ignore: id, id prefix (QC1), name or category."""
    s = selector.strip()
    if not s:
        return False
    if s == ALL or s.upper() == "ALL":
        return True
    return s.upper() == finding.rule or s.lower() == finding.name or s.lower() == finding.category or (s.upper().startswith("QC") and finding.rule.startswith(s.upper()))


def _split_rules(text: str) -> tuple[tuple[str, ...], str]:
    body, _, reason = text.partition("--")
    rules = tuple(r for r in re.split(r"[\s,]+", body.strip()) if r)
    return rules, reason.strip()


def parse_comment(line: Optional[int], comment: str) -> Optional[Directive]:
    """A directive from the inside of one HTML comment, or None if it is not ours."""
    m = _DIRECTIVE.match(comment)
    if not m:
        return None
    kind = m.group(1).lower()
    kind = {"disable-next-line": "next-line", "disable-file": "file"}.get(kind, kind)
    rules, reason = _split_rules(m.group(2))
    return Directive(kind=kind, rules=rules, line=line, text=f"qualitycheck-{m.group(1).lower()}{(' ' + ' '.join(rules)) if rules else ''}", reason=reason)


def _front_matter(article: Article) -> list[Directive]:
    meta = article.metadata or {}
    values: list[tuple[str, Any]] = []
    nested = meta.get("qualitycheck")
    if isinstance(nested, dict):
        for key in ("disable", "ignore"):
            if key in nested:
                values.append((f"qualitycheck.{key}", nested[key]))
    for key in ("qualitycheck-disable", "qualitycheck_disable"):
        if key in meta:
            values.append((key, meta[key]))
    out = []
    for key, value in values:
        if value is True or (isinstance(value, str) and value.strip().lower() in ("all", "*", "true")):
            rules: tuple[str, ...] = ()
        elif value in (None, False, [], ""):
            continue
        elif isinstance(value, str):
            rules = tuple(r for r in re.split(r"[\s,]+", value) if r)
        elif isinstance(value, (list, tuple)):
            rules = tuple(str(v) for v in value)
        else:
            continue
        out.append(Directive(kind="front-matter", rules=rules, line=None, text=f"front matter {key}: {', '.join(rules) or 'all'}"))
    return out


def _content_lines(article: Article) -> list[int]:
    """Sorted first lines of every known block (body paragraphs and title), to find a comment's next line."""
    lines = []
    for pos in article.positions.get("body") or []:
        if pos:
            lines.append(pos[0])
    title = article.positions.get("title")
    if title:
        lines.append(title[0])
    return sorted(lines)


def directives_for(article: Article) -> list[Directive]:
    """Every directive in the article, with the line range each covers."""
    found: list[Directive] = []
    comments = article.positions.get("comments") or []
    opened: list[Directive] = []
    content_lines = _content_lines(article)
    comment_lines = {line for line, _ in comments}
    for line, text in sorted(comments, key=lambda c: c[0]):
        d = parse_comment(line, text)
        if d is None:
            continue
        if d.kind == "disable":
            d.first = line + 1
            opened.append(d)
            found.append(d)
        elif d.kind == "enable":
            rest: list[Directive] = []
            for o in opened:
                if o.last is None and (not d.rules or set(o.rules) & set(d.rules)):
                    o.last = line - 1
                    remaining = tuple(r for r in o.rules if r not in d.rules) if d.rules else ()
                    if remaining:  # enable named only some of the range's rules: the others stay disabled
                        rest.append(Directive("disable", remaining, o.line, o.text, o.reason, first=line + 1, parent=o.parent or o))
            found.extend(rest)
            opened = [o for o in opened if o.last is None] + rest
        elif d.kind == "next-line":
            # the next line that is not blank or another comment; soft-wrapped paragraph lines count as lines
            target = line + 1
            while target in comment_lines:
                target += 1
            later = [c for c in content_lines if c > line]
            if later and later[0] > target and not _is_inside_block(article, target):
                target = later[0]
            d.first = d.last = target
            found.append(d)
        else:
            found.append(d)
    found.extend(_front_matter(article))
    return found


def _is_inside_block(article: Article, line: int) -> bool:
    """Whether ``line`` falls inside a body paragraph (so it is a real line, not a blank one)."""
    for i, pos in enumerate(article.positions.get("body") or []):
        if not pos or i >= len(article.body):
            continue
        first = pos[0]
        last = first + article.body[i].count("\n")
        if first <= line <= last:
            return True
    return False


def finding_lines(article: Optional[Article], finding: Finding) -> tuple[Optional[int], Optional[int]]:
    """First and last file line a finding spans (None when it has no position)."""
    if finding.line is None:
        return None, None
    end_line = finding.line
    if article is not None and finding.end > finding.start:
        pos = article.locate(finding.field, finding.end)
        if pos is not None:
            end_line = max(pos[0], finding.line)
    return finding.line, end_line


def apply_suppressions(report: ArticleReport, article: Optional[Article] = None,
                       refinish: Optional[Callable[[ArticleReport], None]] = None) -> ArticleReport:
    """Remove suppressed findings from ``report`` (in place) and record what happened in ``extras``.

    ``refinish`` (the rule set's ``finish``) re-derives the extras built from the findings when any were
    removed, so the text restored with ``--restore`` keeps the wording a suppression vouched for."""
    article = article if article is not None else report.article
    if article is None:
        return report
    directives = directives_for(article)
    if not directives:
        return report
    kept: list[Finding] = []
    suppressed: list[dict[str, Any]] = []
    for finding in report.findings:
        if finding.category == "input":  # a suppression must never hide that the input could not be read
            kept.append(finding)
            continue
        start_line, end_line = finding_lines(article, finding)
        hit = next((d for d in directives if d.matches(finding) and d.covers(start_line, end_line)), None)
        if hit is None:
            kept.append(finding)
            continue
        (hit.parent or hit).used += 1
        entry = finding.to_dict()
        entry["suppressed_by"] = hit.to_dict()
        suppressed.append(entry)
    report.findings = kept
    report.extras["suppressions"] = {
        "suppressed": suppressed,
        "unused": [d.to_dict() for d in directives if d.used == 0 and d.parent is None],
    }
    if suppressed and refinish is not None:
        refinish(report)
    return report


def apply_all(reports: Iterable[ArticleReport], refinish: Optional[Callable[[ArticleReport], None]] = None) -> list[ArticleReport]:
    return [apply_suppressions(r, refinish=refinish) for r in reports]


def unused_of(report: ArticleReport) -> list[dict[str, Any]]:
    return list((report.extras.get("suppressions") or {}).get("unused") or [])


def suppressed_of(report: ArticleReport) -> list[dict[str, Any]]:
    return list((report.extras.get("suppressions") or {}).get("suppressed") or [])


@dataclass
class SuppressionSummary:
    suppressed: int = 0
    unused: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def summarise(reports: Iterable[ArticleReport]) -> SuppressionSummary:
    out = SuppressionSummary()
    for r in reports:
        out.suppressed += len(suppressed_of(r))
        out.unused.extend((r.source.path or r.id, u) for u in unused_of(r))
    return out


def html_comments(raw: str) -> list[tuple[int, str]]:
    """(line, text) of qualitycheck directives in raw HTML, for the HTML loader.

    One pass with str.find and incremental line counts: the regex ``<!--(.*?)-->`` rescans the rest of the page
    for every unclosed "<!--", and counting lines from the top for each comment is quadratic too."""
    out = []
    pos, line, counted = 0, 1, 0
    while True:
        start = raw.find("<!--", pos)
        if start == -1:
            break
        end = raw.find("-->", start + 4)
        if end == -1:
            break
        inner = raw[start + 4 : end].strip()
        if inner.lower().startswith("qualitycheck"):
            line += raw.count("\n", counted, start)
            counted = start
            out.append((line, inner))
        pos = end + 3
    return out
