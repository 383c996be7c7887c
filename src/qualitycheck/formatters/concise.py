"""``concise``: one line per finding, ``path:line:col: QC101 [warning] message (name)`` -- for grep, editors'
problem matchers and quick terminal reading. Findings without a position use line 1, column 1 (or the
record's line in JSONL)."""
from __future__ import annotations

from typing import Any, TextIO

from ..report import Report
from ..suppress import unused_of
from .locations import span_of
from ..baseline import display_path


def write(report: Report, out: TextIO, options: dict[str, Any]) -> None:
    for art in report.articles:
        for f in art.findings:
            span = span_of(art, f)
            message = " ".join(f.message.split())
            out.write(f"{span.path}:{span.line or 1}:{span.column or 1}: {f.rule} [{f.severity}] {message} ({f.name})\n")
        for unused in unused_of(art):
            path = display_path(art.source.path) if art.source.path else art.id
            out.write(f"{path}:{unused.get('line') or 1}:1: unused-suppression [info] {unused['directive']} suppressed nothing\n")
    for err in report.errors:
        out.write(f"{err.get('path', '-')}:1:1: error {err.get('message')}\n")
