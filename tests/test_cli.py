"""The command line as a user meets it: output formats, the report contract, exit codes, rule commands."""
from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT, SAMPLES

FINDING_KEYS = {"rule", "name", "category", "severity", "message", "field", "start", "end", "text", "suggestion", "evidence"}
ARTICLE_KEYS = {"id", "source", "language", "verdict", "scores", "findings"}


def test_version(run_cli):
    from qualitycheck import __version__

    r = run_cli("--version")
    assert r.code == 0 and __version__ in r.out


def test_python_dash_m_entry_point():
    r = subprocess.run([sys.executable, "-m", "qualitycheck", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "qualitycheck" in r.stdout


def test_check_samples_text_report(run_cli):
    r = run_cli("check", "--no-color", str(SAMPLES))
    assert r.code == 1  # the samples contain chatbot debris (errors)
    assert "chatbot-debris.md" in r.out and "QC401" in r.out
    assert "suggestion:" in r.out
    assert "article(s):" in r.out.splitlines()[-1]


def test_jsonl_contract_one_line_per_record_in_order(run_cli):
    r = run_cli("check", "--format", "jsonl", str(SAMPLES / "batch.jsonl"))
    rows = [json.loads(l) for l in r.out.splitlines()]
    assert [x["id"] for x in rows] == ["batch-1", "batch-2", "batch-3", "batch-4"]
    for row in rows:
        assert ARTICLE_KEYS <= set(row)
        assert row["verdict"] in ("pass", "warn", "fail")
        for f in row["findings"]:
            assert FINDING_KEYS <= set(f)
            if f["field"] != "article":
                text = row["title"] if f["field"] == "title" else None
                if text is not None:
                    assert text[f["start"] : f["end"]] == f["text"]
    assert rows[3]["verdict"] == "fail"


def test_json_document_shape(run_cli):
    r = run_cli("check", "--format", "json", str(SAMPLES / "batch.jsonl"))
    doc = json.loads(r.out)
    assert doc["version"] == 1 and len(doc["articles"]) == 4
    assert doc["summary"]["articles"] == 4 and "by_rule" in doc["summary"]


def test_fail_on_thresholds(run_cli):
    spun = str(SAMPLES / "batch.jsonl")
    assert run_cli("check", "--select", "spin", spun).code == 0  # spin findings are warnings
    assert run_cli("check", "--select", "spin", "--fail-on", "warning", spun).code == 1
    assert run_cli("check", "--fail-on", "never", spun).code == 0


def test_clean_sample_passes(run_cli):
    r = run_cli("check", "--format", "jsonl", str(SAMPLES / "clean-article.md"))
    assert r.code == 0
    assert json.loads(r.out)["verdict"] == "pass"


def test_stdin_text(run_cli):
    r = run_cli("check", "--format", "jsonl", "-", stdin="As an AI language model, I cannot help with that.\n\nMore text follows here for the reader.")
    row = json.loads(r.out)
    assert row["source"]["path"] == "<stdin>"
    assert any(f["rule"] == "QC401" for f in row["findings"])
    assert r.code == 1


def test_output_file_option(run_cli, tmp_path):
    out = tmp_path / "r.json"
    r = run_cli("check", "--format", "json", "-o", str(out), str(SAMPLES / "clean-article.md"))
    assert r.code == 0 and json.loads(out.read_text())["version"] == 1


def test_rules_list_explain_test(run_cli):
    r = run_cli("rules", "list")
    assert r.code == 0 and "QC401" in r.out and "chatbot-self-reference" in r.out
    r = run_cli("rules", "explain", "chatbot-self-reference")
    assert r.code == 0 and "QC401" in r.out and "Flagged" in r.out
    assert run_cli("rules", "explain", "QC999").code == 2
    r = run_cli("rules", "test")
    assert r.code == 0 and "0 rule(s) failing" in r.out


def test_unknown_format_is_usage_error(run_cli):
    r = run_cli("check", "--format", "yaml", str(SAMPLES))
    assert r.code == 2
