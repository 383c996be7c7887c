"""``github``: GitHub Actions workflow commands, one annotation per finding::

    ::error file=content/a.md,line=7,col=1,endLine=7,endColumn=24,title=QC401 chatbot-self-reference::message

Severity maps to ``error`` / ``warning`` / ``notice``. Values are escaped as the runner expects (``%``, CR and
LF in the message; additionally ``:`` and ``,`` in properties). GitHub shows only about ten annotations of each
kind per step, so when ``$GITHUB_STEP_SUMMARY`` is set the full findings table is appended there as Markdown.
Unused suppressions become ``notice`` annotations.
"""
from __future__ import annotations

import os
from typing import Any, TextIO

from ..model import Severity
from ..report import Report
from ..suppress import unused_of
from .locations import Span, span_of
from ..baseline import display_path

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(kind: str, message: str, span: Span | None = None, title: str | None = None) -> str:
    props: list[str] = []
    if span is not None:
        props.append(f"file={escape_property(span.path)}")
        if span.line is not None:
            props.append(f"line={span.line}")
            if span.column is not None:
                props.append(f"col={span.column}")
            if span.end_line is not None:
                props.append(f"endLine={span.end_line}")
                if span.end_column is not None:
                    props.append(f"endColumn={span.end_column}")
    if title:
        props.append(f"title={escape_property(title)}")
    return f"::{kind} {','.join(props)}::{escape_data(message)}" if props else f"::{kind}::{escape_data(message)}"


def write(report: Report, out: TextIO, options: dict[str, Any]) -> None:
    rows: list[tuple[str, str, str, str, str]] = []
    for art in report.articles:
        in_file = bool(art.source.path) and not str(art.source.path).startswith("<")  # not stdin
        for f in art.findings:
            span = span_of(art, f)
            out.write(annotation(COMMAND[f.severity], f.message, span if in_file else None, f"{f.rule} {f.name}") + "\n")
            where = f"{span.path}:{span.line}" if span.line is not None else span.path
            rows.append((where, f.rule, f.name, str(f.severity), f.message))
        for unused in unused_of(art):
            line = unused.get("line")
            span = Span(display_path(art.source.path), line, None, None, None) if in_file else None
            out.write(annotation("notice", f"unused suppression: {unused['directive']} suppressed nothing", span, "qualitycheck unused-suppression") + "\n")
    for err in report.errors:
        out.write(annotation("error", str(err.get("message")), title="qualitycheck") + "\n")
    c = report.counts()
    out.write(f"qualitycheck: {c['findings']} finding(s) in {c['articles']} article(s), exit code {report.exit_code}\n")
    summary = options.get("step_summary", os.environ.get("GITHUB_STEP_SUMMARY"))
    if summary:
        _write_summary(summary, rows, c)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _write_summary(path: str, rows: list[tuple[str, str, str, str, str]], counts: dict[str, Any]) -> None:
    lines = ["## qualitycheck", "", f"{counts['findings']} finding(s) in {counts['articles']} article(s).", ""]
    if rows:
        lines += ["| where | rule | severity | message |", "|---|---|---|---|"]
        lines += [f"| {_cell(w)} | {r} {n} | {s} | {_cell(m)} |" for w, r, n, s, m in rows[:1000]]
        if len(rows) > 1000:
            lines.append(f"\n… and {len(rows) - 1000} more (see the JSON report).")
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError:
        pass  # the summary is a convenience; annotations were already written
