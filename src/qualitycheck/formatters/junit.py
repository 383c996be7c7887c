"""``junit``: JUnit XML for CI test-report views (GitLab, Jenkins, Azure): one ``testsuite`` per input file, one
``testcase`` per article. An article fails when it has findings at or above ``--fail-on``; each such finding is
listed in the ``failure`` body, lower ones in ``system-out``. Unreadable input is an ``error``."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import OrderedDict
from typing import Any, TextIO

from ..model import ArticleReport
from ..report import Report
from .locations import span_of

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)


def _line(art: ArticleReport, f: Any) -> str:
    span = span_of(art, f)
    where = f"{span.path}:{span.line}:{span.column}" if span.line is not None else span.path
    return _clean(f"{where}: {f.rule} [{f.severity}] {f.message} ({f.name})")


def build(report: Report) -> ET.Element:
    suites: "OrderedDict[str, list[ArticleReport]]" = OrderedDict()
    for art in report.articles:
        suites.setdefault(art.source.path or art.id, []).append(art)
    root = ET.Element("testsuites", name="qualitycheck")
    total = failures = errors = 0
    for name, arts in suites.items():
        suite = ET.SubElement(root, "testsuite", name=_clean(name))
        s_fail = s_err = 0
        for art in arts:
            case = ET.SubElement(suite, "testcase", classname=_clean(name), name=_clean(art.title or art.id))
            if art.source.path:
                case.set("file", _clean(art.source.path))
            unreadable = [f for f in art.findings if f.category == "input" and f.rule == "QC001"]
            failing = [f for f in art.findings if report.fail_on is not None and f.severity >= report.fail_on and f not in unreadable]
            others = [f for f in art.findings if f not in failing and f not in unreadable]
            if unreadable:
                s_err += 1
                err = ET.SubElement(case, "error", message=_clean(unreadable[0].message), type=unreadable[0].rule)
                err.text = "\n".join(_line(art, f) for f in unreadable)
            elif failing:
                s_fail += 1
                fail = ET.SubElement(case, "failure", message=_clean(f"{len(failing)} finding(s) at or above {report.fail_on}: {failing[0].rule} {failing[0].message}"), type=failing[0].rule)
                fail.text = "\n".join(_line(art, f) for f in failing)
            if others:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(_line(art, f) for f in others)
        if not arts:
            continue
        suite.set("tests", str(len(arts)))
        suite.set("failures", str(s_fail))
        suite.set("errors", str(s_err))
        suite.set("skipped", "0")
        total += len(arts)
        failures += s_fail
        errors += s_err
    if report.errors:
        suite = ET.SubElement(root, "testsuite", name="qualitycheck inputs", tests=str(len(report.errors)), failures="0", errors=str(len(report.errors)), skipped="0")
        for e in report.errors:
            case = ET.SubElement(suite, "testcase", classname="inputs", name=_clean(str(e.get("path", "input"))))
            ET.SubElement(case, "error", message=_clean(str(e.get("message"))), type="input")
        total += len(report.errors)
        errors += len(report.errors)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    return root


def write(report: Report, out: TextIO, options: dict[str, Any]) -> None:
    root = build(report)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
