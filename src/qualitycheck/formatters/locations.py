"""Shared by the CI formats: where a finding is in its file (1-based line/column, end exclusive) and the rules'
metadata. Paths are shown relative to the working directory, as CI systems expect."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ..baseline import display_path
from ..model import ArticleReport, Finding


@dataclass(frozen=True)
class Span:
    path: str
    line: Optional[int]
    column: Optional[int]
    end_line: Optional[int]
    end_column: Optional[int]


def span_of(report: ArticleReport, finding: Finding) -> Span:
    path = display_path(report.source.path) if report.source.path else report.id
    line, column = finding.line, finding.column
    end_line = end_column = None
    if line is not None:
        end_line, end_column = line, column
        if report.article is not None and finding.end > finding.start:
            pos = report.article.locate(finding.field, finding.end)
            if pos is not None and (pos[0], pos[1]) >= (line, column or 1):
                end_line, end_column = pos
    elif report.source.line is not None:
        # a record of a JSONL file: point at its line
        line, column = report.source.line, 1
    return Span(path, line, column, end_line, end_column)


def rule_catalog(options: dict[str, Any]) -> dict[str, Any]:
    """Rule id -> Rule for the run's config (or the defaults); empty if the rules cannot be loaded."""
    from ..api import get_ruleset
    from ..config import Config

    try:
        ruleset = get_ruleset(options.get("config") or Config())
    except Exception:  # metadata is a nicety; never fail the output for it
        return {}
    return dict(ruleset.all_rules)
