"""``text``: for a person. Grouped per article; each finding shows where, what, the quoted span and the fix."""
from __future__ import annotations

from typing import Any, TextIO

import click

from ..model import ArticleReport, Finding, Severity
from ..report import Report

_SEV_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_VERDICT_COLOUR = {"fail": "red", "warn": "yellow", "pass": "green"}


def _where(f: Finding) -> str:
    if f.line is not None:
        return f"{f.line}:{f.column}"
    if f.field == "article":
        return "article"
    return f"{f.field}[{f.start}:{f.end}]"


def _context(report: ArticleReport, f: Finding, width: int = 70) -> str:
    article = report.article
    if article is None or f.field == "article" or f.end <= f.start:
        return ""
    text = article.field_text(f.field)
    left = text[max(0, f.start - 30) : f.start].replace("\n", " ")
    right = text[f.end : f.end + 30].replace("\n", " ")
    span = text[f.start : f.end].replace("\n", " ")
    if len(span) > width:
        span = span[: width - 1] + "…"
    return f"{'…' if f.start > 30 else ''}{left}[{span}]{right}{'…' if f.end + 30 < len(text) else ''}"


def write(report: Report, out: TextIO, options: dict[str, Any]) -> None:
    colour = bool(options.get("color"))

    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if colour else text

    for art in report.articles:
        label = art.source.label() if art.source.path else art.id
        scores = " ".join(f"{k} {v:.2f}" for k, v in sorted(art.scores.items()) if isinstance(v, (int, float)))
        verdict = style(art.verdict.upper(), fg=_VERDICT_COLOUR[art.verdict], bold=True)
        title = f" — {art.title[:80]}" if art.title else ""
        out.write(f"{style(label, bold=True)}{title}\n  {verdict}  {len(art.findings)} finding(s)  language {art.language or '-'}{'  ' + scores if scores else ''}\n")
        for f in art.findings:
            sev = style(f"{str(f.severity):7}", fg=_SEV_COLOUR[f.severity])
            out.write(f"  {_where(f):>12}  {f.rule} {sev} {f.category:12} {f.message}\n")
            ctx = _context(art, f)
            if ctx:
                out.write(f"  {'':12}    > {ctx}\n")
            if f.suggestion:
                out.write(f"  {'':12}    {style('suggestion:', fg='green')} {f.suggestion}\n")
        out.write("\n")
    for err in report.errors:
        out.write(style("error: ", fg="red", bold=True) + f"{err.get('message')}\n")
    c = report.counts()
    sev = c["by_severity"]
    verdicts = c["verdicts"]
    out.write(
        f"{c['articles']} article(s): {verdicts.get('fail', 0)} fail, {verdicts.get('warn', 0)} warn, {verdicts.get('pass', 0)} pass; "
        f"{c['findings']} finding(s) ({sev.get('error', 0)} error, {sev.get('warning', 0)} warning, {sev.get('info', 0)} info)\n"
    )
