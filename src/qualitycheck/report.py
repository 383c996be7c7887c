"""The batch ``Report``: per-article reports plus run-level errors; it alone decides the exit code (as black's Report)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional

from .model import ArticleReport, Severity

REPORT_VERSION = 1

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def parse_fail_on(value: "str | Severity | None") -> Optional[Severity]:
    """``--fail-on``: error | warning | info | never (None)."""
    if value is None:
        return Severity.ERROR
    if isinstance(value, Severity):
        return value
    if str(value).lower() == "never":
        return None
    return Severity.parse(value)


@dataclass
class Report:
    articles: list[ArticleReport] = field(default_factory=list)
    #: run-level problems that are not tied to one article (missing path, nothing readable...)
    errors: list[dict[str, Any]] = field(default_factory=list)
    fail_on: Optional[Severity] = Severity.ERROR
    #: ``--strict``: an unreadable input makes the run fail with exit 2
    strict: bool = False

    def __iter__(self) -> Iterator[ArticleReport]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    def add(self, report: ArticleReport) -> None:
        self.articles.append(report)

    def extend(self, reports: Iterable[ArticleReport]) -> None:
        self.articles.extend(reports)

    @property
    def has_input_errors(self) -> bool:
        return any(f.category == "input" and f.severity is Severity.ERROR for a in self.articles for f in a.findings)

    def counts(self) -> dict[str, Any]:
        by_sev: Counter[str] = Counter()
        by_rule: Counter[str] = Counter()
        by_cat: Counter[str] = Counter()
        verdicts: Counter[str] = Counter()
        for art in self.articles:
            verdicts[art.verdict] += 1
            for f in art.findings:
                by_sev[str(f.severity)] += 1
                by_rule[f.rule] += 1
                by_cat[f.category] += 1
        return {
            "articles": len(self.articles),
            "verdicts": dict(verdicts),
            "findings": sum(by_sev.values()),
            "by_severity": dict(by_sev),
            "by_category": dict(by_cat),
            "by_rule": dict(sorted(by_rule.items())),
            "errors": len(self.errors),
        }

    @property
    def exit_code(self) -> int:
        if self.errors and not self.articles:
            return EXIT_ERROR  # nothing readable at all
        if self.errors and self.strict:
            return EXIT_ERROR
        if self.strict and self.has_input_errors:
            return EXIT_ERROR
        if self.errors:
            return EXIT_ERROR
        if self.fail_on is None:
            return EXIT_OK
        for art in self.articles:
            for f in art.findings:
                if f.severity >= self.fail_on:
                    return EXIT_FINDINGS
        return EXIT_OK

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "articles": [a.to_dict() for a in self.articles],
            "summary": self.counts(),
            "errors": self.errors,
        }
