"""``sarif``: SARIF 2.1.0 for GitHub code scanning and SARIF viewers (validated against the OASIS schema in tests).

- ``tool.driver.rules``: every enabled rule, with its description as help text and its category as a tag;
- ``results``: level error/warning/note, a physical location with a region (1-based lines and columns in
  Unicode code points, end column exclusive) for file inputs, and ``partialFingerprints`` from the baseline
  fingerprint (no line numbers, so code scanning keeps tracking an alert when text moves);
- findings silenced by an in-document directive appear with an ``inSource`` suppression, as SARIF intends;
- unused suppressions and run-level errors are ``toolExecutionNotifications``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Optional, TextIO
from urllib.parse import quote

from .. import __version__
from ..baseline import display_path, fingerprint
from ..model import ArticleReport, Finding, Severity
from ..report import Report
from ..suppress import suppressed_of, unused_of
from .locations import Span, rule_catalog, span_of

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INFO_URI = "https://pypi.org/project/qualitycheck/"


def _uri(path: str) -> str:
    return quote(path.replace(os.sep, "/"), safe="/:@-._~!$&'()*+,;=")


def _location(span: Span, uri_base: bool) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": _uri(span.path)}
    if uri_base:
        artifact["uriBaseId"] = "%SRCROOT%"
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if span.line is not None:
        region: dict[str, Any] = {"startLine": span.line, "startColumn": span.column or 1}
        if span.end_line is not None:
            region["endLine"] = span.end_line
            region["endColumn"] = span.end_column or 1
        physical["region"] = region
    return {"physicalLocation": physical}


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    description = " ".join(str(rule.description).split())
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": f"{rule.name}: {rule.category} ({rule.severity})"},
        "fullDescription": {"text": description},
        "help": {"text": description, "markdown": f"**{rule.id} {rule.name}** ({rule.category})\n\n{description}"},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": [rule.category, "qualitycheck"], "status": rule.status},
    }
    if rule.link:
        descriptor["helpUri"] = rule.link
    return descriptor


def _result(report: ArticleReport, finding: Finding, index: dict[str, int], uri_base: bool, suppressed: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    span = span_of(report, finding)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(span, uri_base)] if report.source.path and not report.source.path.startswith("<") else [],
        "partialFingerprints": {"qualitycheck/v1": fingerprint(report, finding)},
        "properties": {"category": finding.category, "name": finding.name, "article": report.id, "field": finding.field},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.suggestion:
        result["properties"]["suggestion"] = finding.suggestion
    if finding.text:
        result["properties"]["text"] = finding.text
    if suppressed is not None:
        by = suppressed.get("suppressed_by", {})
        entry: dict[str, Any] = {"kind": "inSource", "status": "accepted"}
        justification = by.get("reason") or by.get("directive")
        if justification:
            entry["justification"] = justification
        result["suppressions"] = [entry]
    return result


def build(report: Report, options: dict[str, Any]) -> dict[str, Any]:
    catalog = rule_catalog(options)
    used = sorted({f.rule for a in report.articles for f in a.findings} | {s["rule"] for a in report.articles for s in suppressed_of(a)})
    enabled = options.get("enabled_rules")
    ids = sorted(set(enabled or catalog) | set(used)) if catalog else used
    rules = []
    for rid in ids:
        rule = catalog.get(rid)
        rules.append(_rule_descriptor(rule) if rule is not None else {"id": rid})
    index = {r["id"]: i for i, r in enumerate(rules)}
    uri_base = True
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for art in report.articles:
        for f in art.findings:
            results.append(_result(art, f, index, uri_base))
        for item in suppressed_of(art):
            f = Finding(**{k: (Severity.parse(v) if k == "severity" else v) for k, v in item.items() if k in Finding.__dataclass_fields__})
            results.append(_result(art, f, index, uri_base, suppressed=item))
        for unused in unused_of(art):
            note: dict[str, Any] = {"level": "note", "message": {"text": f"unused suppression: {unused['directive']} suppressed nothing"}}
            if art.source.path and not art.source.path.startswith("<"):
                line = unused.get("line")
                note["locations"] = [_location(Span(display_path(art.source.path), line, 1 if line else None, None, None), uri_base)]
            notifications.append(note)
    for err in report.errors:
        notifications.append({"level": "error", "message": {"text": str(err.get("message"))}})
    invocation: dict[str, Any] = {"executionSuccessful": report.exit_code != 2, "exitCode": report.exit_code}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "qualitycheck", "version": __version__, "semanticVersion": __version__, "informationUri": INFO_URI, "rules": rules}},
        "invocations": [invocation],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if options.get("baseline"):
        for r in results:
            r["baselineState"] = "new"
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write(report: Report, out: TextIO, options: dict[str, Any]) -> None:
    json.dump(build(report, options), out, ensure_ascii=False, indent=2)
    out.write("\n")
