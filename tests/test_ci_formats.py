"""CI output formats: SARIF (validated against the official 2.1.0 schema), GitHub annotations, JUnit, concise;
positions right for Markdown with front matter and for HTML; exit codes 0/1/2 in every format."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .ci_support import CHATBOT_MD, CLEAN_MD, run, write
from qualitycheck.formatters.github import annotation, escape_data, escape_property
from qualitycheck.formatters.locations import Span

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
FORMATS = ["text", "json", "jsonl", "sarif", "github", "junit", "concise"]

HTML = """<!DOCTYPE html>
<html lang="en"><head><title>Council approves park</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council approves park", "author": {"name": "Jane Doe"}}</script>
</head>
<body>
<article>
<h1>Council approves park</h1>
<p>The council voted on Tuesday to approve the park, the mayor said on Wednesday evening.</p>
<p>Residents had asked for more green space &amp; playgrounds for years, and
the new park will open next spring, <em>as an AI language model</em> would put it.</p>
</article>
</body></html>
"""


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "content/post.md", CHATBOT_MD)
    write(tmp_path, "content/ok.md", CLEAN_MD)
    write(tmp_path, "content/page.html", HTML)
    return tmp_path


def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("sarif-schema-2.1.0.json") and "2.1.0" in schema["title"]
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_sarif_is_valid_and_locates_findings(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "--format", "sarif", "content")
    assert code == 1
    doc = json.loads(out)
    errors = sorted(sarif_validator().iter_errors(doc), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run0 = doc["runs"][0]
    rules = {r["id"]: r for r in run0["tool"]["driver"]["rules"]}
    assert rules["QC401"]["name"] == "chatbot-self-reference"
    assert "chat assistants" in rules["QC401"]["help"]["text"]  # help text is the rule's description
    results = [r for r in run0["results"] if r["ruleId"] == "QC401"]
    by_file = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in results}
    md = by_file["content/post.md"]["locations"][0]["physicalLocation"]["region"]
    assert md == {"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": 24}  # front matter counted
    html = by_file["content/page.html"]["locations"][0]["physicalLocation"]["region"]
    assert (html["startLine"], html["startColumn"]) == (10, 41)  # inside <em>, on the wrapped second line
    assert html["endColumn"] - html["startColumn"] == len("as an AI language model")
    assert by_file["content/post.md"]["level"] == "error"
    assert run0["tool"]["driver"]["rules"][by_file["content/post.md"]["ruleIndex"]]["id"] == "QC401"
    assert by_file["content/post.md"]["partialFingerprints"]["qualitycheck/v1"]


def test_sarif_suppressed_findings_are_marked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = CHATBOT_MD.replace("As an AI", "<!-- qualitycheck-disable-next-line QC401 -- satire column -->\nAs an AI")
    write(repo, "content/post.md", text)
    code, out, _ = run(capsys, "check", "--no-cache", "--format", "sarif", "content/post.md")
    doc = json.loads(out)
    assert not list(sarif_validator().iter_errors(doc))
    (result,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "QC401"]
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "satire column"}]
    assert code == 0


def test_sarif_empty_run_is_valid(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "-f", "sarif", "content/ok.md")
    doc = json.loads(out)
    assert code == 0 and doc["runs"][0]["results"] == []
    assert not list(sarif_validator().iter_errors(doc))


def test_github_annotations(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "--format", "github", "content")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("::")]
    assert "::error file=content/post.md,line=7,col=1,endLine=7,endColumn=24,title=QC401 chatbot-self-reference::Chatbot talking about itself" in "\n".join(lines)
    assert any(line.startswith("::error file=content/page.html,line=10,col=41,") for line in lines)
    for line in lines:
        assert re.match(r"^::(error|warning|notice) [^:]*::.+$", line), line


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"
    line = annotation("warning", "one\ntwo", Span("dir/we,ird:name.md", 3, 2, 3, 9), "QC101 spun-phrase")
    assert line == "::warning file=dir/we%2Cird%3Aname.md,line=3,col=2,endLine=3,endColumn=9,title=QC101 spun-phrase::one%0Atwo"


def test_github_step_summary(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(capsys, "check", "--no-cache", "--format", "github", "content")
    text = summary.read_text(encoding="utf-8")
    assert "## qualitycheck" in text and "| content/post.md:7 | QC401 chatbot-self-reference | error |" in text


def test_junit_parses_one_testcase_per_article(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "content/batch.jsonl", '{"id": "a", "title": "Budget passes", "text": "The council passed the budget on Tuesday, the mayor said."}\n{"id": "b", BROKEN\n')
    code, out, _ = run(capsys, "check", "--no-cache", "--format", "junit", "content")
    assert code == 1
    root = ET.fromstring(out)
    cases = root.findall(".//testcase")
    assert len(cases) == 5  # ok.md, page.html, post.md and two records
    post = next(c for c in cases if c.get("file") == "content/post.md")
    failure = post.find("failure")
    assert failure is not None and failure.get("type") == "QC401" and "content/post.md:7:1: QC401" in (failure.text or "")
    assert next(c for c in cases if c.get("file") == "content/ok.md").find("failure") is None
    assert any(c.find("error") is not None for c in cases)  # the broken JSONL record
    assert root.get("tests") == "5" and int(root.get("failures")) >= 2


def test_junit_failure_threshold_follows_fail_on(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "--format", "junit", "--fail-on", "never", "content/post.md")
    assert code == 0
    assert ET.fromstring(out).find(".//failure") is None


def test_concise_lines(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "--format", "concise", "content")
    assert code == 1
    assert re.search(r"^content/post\.md:7:1: QC401 \[error\] Chatbot talking about itself .*\(chatbot-self-reference\)$", out, re.M)
    for line in out.splitlines():
        assert re.match(r"^[^:]+:\d+:\d+: QC\d{3} \[(error|warning|info)\] ", line), line


@pytest.mark.parametrize("fmt", FORMATS)
def test_exit_codes_in_every_format(repo: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert run(capsys, "check", "--no-cache", "-f", fmt, "content/ok.md")[0] == 0
    assert run(capsys, "check", "--no-cache", "-f", fmt, "content/post.md")[0] == 1
    code, out, err = run(capsys, "check", "--no-cache", "-f", fmt, "content/missing.md")
    assert code == 2 and "missing.md" in err
    write(repo, "qualitycheck.toml", "nonsense = 1\n")
    assert run(capsys, "check", "--no-cache", "-f", fmt, "content/ok.md")[0] == 2
