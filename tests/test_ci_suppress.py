"""In-document suppressions: each form, in Markdown and HTML, plus the unused-suppression report."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .ci_support import run, write
from qualitycheck import check_paths
from qualitycheck.config import Config
from qualitycheck.suppress import parse_comment

AI = "As an AI language model, I cannot browse the internet, but here is the article."
SPUN = "A mannequin predicts that hearth ants will reach the county by June."


def md(*body: str, front: str = "title: Council approves new park\n") -> str:
    return f"---\n{front}---\n\n" + "\n".join(body) + "\n"


def findings(path: Path) -> tuple[list, dict]:
    report = check_paths([str(path)], Config())
    art = report.articles[0]
    return [(f.rule, f.line) for f in art.findings], art.extras.get("suppressions", {})


def test_parse_comment_forms() -> None:
    d = parse_comment(3, "qualitycheck-disable QC101, content-farm -- quoted from the AP original")
    assert d is not None and d.kind == "disable" and d.rules == ("QC101", "content-farm") and d.reason == "quoted from the AP original"
    assert parse_comment(1, "qualitycheck-disable-next-line").rules == ()  # no ids = every rule
    assert parse_comment(1, "qualitycheck-disable-file QC4").kind == "file"
    assert parse_comment(1, "vale off") is None


def test_disable_next_line_directly_above_inside_a_block(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", md("The council met on Tuesday.", "<!-- qualitycheck-disable-next-line -->", AI, "", AI))
    found, info = findings(path)
    assert found == [("QC401", 9)]  # only the second, unsuppressed copy
    assert [s["rule"] for s in info["suppressed"]] == ["QC401"] and info["suppressed"][0]["line"] == 7
    assert info["unused"] == []


def test_disable_next_line_skips_blank_line_and_filters_by_rule(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", md("<!-- qualitycheck-disable-next-line QC101 -->", "", AI))
    found, info = findings(path)
    assert ("QC401", 7) in found  # a QC101 suppression does not hide QC401
    assert [u["directive"] for u in info["unused"]] == ["qualitycheck-disable-next-line QC101"]


def test_disable_enable_range(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", md("<!-- qualitycheck-disable content-farm -->", "", AI, "", "<!-- qualitycheck-enable -->", "", AI))
    found, info = findings(path)
    assert found == [("QC401", 11)]
    assert len(info["suppressed"]) == 1


def test_disable_without_enable_runs_to_end_of_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", md("Intro line.", "", "<!-- qualitycheck-disable QC401 -->", "", AI, "", AI))
    found, _ = findings(path)
    assert "QC401" not in {r for r, _ in found}


def test_enable_with_ids_closes_only_those(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", md("<!-- qualitycheck-disable QC401 QC101 -->", "<!-- qualitycheck-enable QC401 -->", "", AI + " " + SPUN))
    found, _ = findings(path)
    rules = {r for r, _ in found}
    assert "QC401" in rules and "QC101" not in rules


@pytest.mark.parametrize(
    "front",
    [
        "title: Park\nqualitycheck:\n  disable: [QC401]\n",
        "title: Park\nqualitycheck-disable: [chatbot-self-reference]\n",
        "title: Park\nqualitycheck-disable: true\n",
    ],
)
def test_front_matter_disables_whole_file(tmp_path: Path, front: str) -> None:
    path = write(tmp_path, "a.md", md(AI, "", AI, front=front))
    found, info = findings(path)
    assert "QC401" not in {r for r, _ in found}
    assert len(info["suppressed"]) == 2


def test_disable_file_comment(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", md(AI, "", "<!-- qualitycheck-disable-file QC4 -->"))
    found, _ = findings(path)
    assert "QC401" not in {r for r, _ in found}


def test_unused_suppressions_are_reported_not_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "clean.md", md("<!-- qualitycheck-disable-next-line QC401 -- legacy -->", "The library opens late on Thursdays, its director said."))
    code, out, err = run(capsys, "check", "--no-cache", "-f", "jsonl", "clean.md")
    assert code == 0
    assert "clean.md:5: unused suppression 'qualitycheck-disable-next-line QC401'" in err
    row = json.loads(out)
    assert row["suppressions"]["unused"][0]["reason"] == "legacy"
    code, out, _ = run(capsys, "check", "--no-cache", "-f", "github", "clean.md")
    assert "::notice file=clean.md,line=5,title=qualitycheck unused-suppression::" in out


def test_suppression_changes_exit_code_and_show_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.md", md("<!-- qualitycheck-disable-next-line -->", AI))
    code, _, err = run(capsys, "check", "--no-cache", "--show-suppressions", "a.md")
    assert code == 0
    assert "suppressed: a.md:6: QC401 chatbot-self-reference by 'qualitycheck-disable-next-line'" in err


def test_input_problems_cannot_be_suppressed(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\ntitle: [unclosed\nqualitycheck-disable: true\n---\n\n<!-- qualitycheck-disable -->\nText.\n")
    report = check_paths([str(path)], Config())
    assert "QC006" in {f.rule for f in report.articles[0].findings}


HTML = """<!DOCTYPE html>
<html><head><title>Council approves park</title></head>
<body><article>
<h1>Council approves park</h1>
<p>The council met on Tuesday.</p>
<!-- qualitycheck-disable-next-line QC401 -->
<p>As an AI language model, I cannot browse the internet, but here is the article.</p>
<p>Later, <b>as an AI language model</b>, it added &amp; repeated itself.</p>
</article></body></html>
"""


def test_html_next_line_suppression_and_positions(tmp_path: Path) -> None:
    path = write(tmp_path, "a.html", HTML)
    report = check_paths([str(path)], Config())
    art = report.articles[0]
    qc401 = [(f.line, f.column) for f in art.findings if f.rule == "QC401"]
    assert qc401 == [(8, 14)]  # inline <b> tag: the column is in the file, not in the extracted text
    assert [s["line"] for s in art.extras["suppressions"]["suppressed"]] == [7]


def test_library_api_applies_suppressions() -> None:
    import qualitycheck
    from qualitycheck.api import article_from_text, check_one

    text = md("<!-- qualitycheck-disable-next-line -->", AI)
    assert not [f for a in qualitycheck.check(text) for f in a.findings if f.rule == "QC401"]
    (article,) = article_from_text(text)
    report = check_one(article)
    assert not [f for f in report.findings if f.rule == "QC401"] and report.extras["suppressions"]["suppressed"]


def test_restore_keeps_the_wording_a_suppression_vouched_for(tmp_path: Path) -> None:
    # "mannequin" is suppressed on its line (say a fashion story quoted here); --restore must not turn it into "model"
    config = Config().merge({"options": {"spin": {"restore": True}}}, origin="test")
    plain = write(tmp_path, "plain.md", md(SPUN, "", SPUN))
    vouched = write(tmp_path, "vouched.md", md("<!-- qualitycheck-disable-next-line QC101 QC102 -->", SPUN, "", SPUN))
    restored_plain = check_paths([str(plain)], config).articles[0].extras["restored"]["body"]
    art = check_paths([str(vouched)], config).articles[0]
    restored = art.extras["restored"]["body"]
    assert restored_plain.count("hearth ants") == 0 and restored_plain.count("fire ants") == 2
    # the suppressed line keeps its words, the other one is restored
    assert restored.count("hearth ants") == 1 and restored.count("fire ants") == 1
    assert art.extras["suppressions"]["suppressed"]
