"""The bad-input list of the foundation issue: every case gives a clear message, the right exit code, no traceback."""
from __future__ import annotations

import json

import pytest


def no_traceback(result) -> None:
    assert "Traceback" not in result.out and "Traceback" not in result.err


def test_missing_path_exits_2(run_cli, tmp_path):
    r = run_cli("check", str(tmp_path / "missing.txt"))
    assert r.code == 2
    assert "missing.txt: no such file" in r.err
    no_traceback(r)


def test_missing_path_among_good_ones_still_reports_the_good(run_cli, tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("Title\n\nThe council met on Tuesday.")
    r = run_cli("check", "--format", "jsonl", str(good), str(tmp_path / "missing.txt"))
    assert r.code == 2
    assert len([l for l in r.out.splitlines() if l.startswith("{")]) == 1


def test_directory_without_supported_files_exits_2(run_cli, tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    r = run_cli("check", str(tmp_path))
    assert r.code == 2 and "no supported files" in r.err
    no_traceback(r)


def test_binary_file_is_an_input_error(run_cli, tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(bytes(range(256)) * 100)
    r = run_cli("check", "--format", "jsonl", str(p))
    assert r.code == 1
    (rep,) = [json.loads(l) for l in r.out.splitlines()]
    f = rep["findings"][0]
    assert (f["rule"], f["category"], f["severity"]) == ("QC001", "input", "error")
    assert "binary" in f["message"] and "blob.txt" in f["message"]
    no_traceback(r)


def test_invalid_utf8_is_decoded_with_an_info_finding(run_cli, tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"Headline here\n\nThe caf\xe9 owner said the rent had doubled since last spring, forcing the closure.")
    r = run_cli("check", "--format", "jsonl", str(p))
    rep = json.loads(r.out)
    assert any(f["rule"] == "QC005" and f["severity"] == "info" for f in rep["findings"])
    assert r.code == 0


def test_50mb_text_file_is_bounded(run_cli, tmp_path):
    p = tmp_path / "huge.txt"
    para = ("The council met on Tuesday and approved the budget for next year. " * 20 + "\n\n").encode()
    with open(p, "wb") as f:
        for _ in range((50 * 1024 * 1024) // len(para) + 1):
            f.write(para)
    r = run_cli("check", "--format", "jsonl", str(p))
    rep = json.loads(r.out)
    cut = [f for f in rep["findings"] if f["rule"] == "QC003"]
    assert cut and "only the first" in cut[0]["message"]
    assert r.code == 0
    no_traceback(r)


def test_malformed_html_does_not_crash(run_cli, tmp_path):
    p = tmp_path / "broken.html"
    p.write_text("<html><body><p>Storm hits <b>coast<p>Power out for <div>thousands</span></body")
    r = run_cli("check", "--format", "jsonl", str(p))
    assert r.code in (0, 1)
    rep = json.loads(r.out)
    assert rep["source"]["path"].endswith("broken.html")
    no_traceback(r)


def test_jsonl_with_one_broken_line(run_cli, tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id":"a","title":"Council approves budget","text":"The city council approved the budget on Tuesday, the mayor said."}\n'
                 '{"id":"b", BROKEN\n'
                 '{"id":"c","title":"Rain expected","text":"Forecasters said rain is expected on Friday."}\n')
    r = run_cli("check", "--format", "jsonl", str(p))
    reps = [json.loads(l) for l in r.out.splitlines()]
    assert [x["id"] for x in reps] == ["a", f"{p}:2", "c"]  # input order, nothing dropped
    broken = reps[1]["findings"][0]
    assert broken["rule"] == "QC001" and "line 2" in broken["message"] and "in.jsonl" in broken["message"]
    assert r.code == 1  # an error-severity input finding, default --fail-on error
    assert "line 2" in r.err
    assert run_cli("check", "--format", "jsonl", "--fail-on", "never", str(p)).code == 0
    assert run_cli("check", "--format", "jsonl", "--strict", "--fail-on", "never", str(p)).code == 2
    no_traceback(r)


def test_empty_file(run_cli, tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("")
    r = run_cli("check", "--format", "jsonl", str(p))
    rep = json.loads(r.out)
    assert [f["rule"] for f in rep["findings"]] == ["QC004"]
    assert r.code == 0


def test_rule_file_with_yaml_error_exits_2(run_cli, tmp_path):
    (tmp_path / "bad.yml").write_text("id: QC950\nname: x\n  bad: [indent\n")
    r = run_cli("check", "--rules", str(tmp_path), str(tmp_path / "bad.yml"))
    assert r.code == 2
    assert "bad.yml:" in r.err and "YAML error" in r.err
    no_traceback(r)


RULE = """id: QC951
name: bad-regex-test
category: headline
severity: warning
type: pattern
pattern: "{pattern}"
message: m
description: A rule written to test how qualitycheck reports a rule whose own parts are broken.
examples:
  fail: ["a [[wow]] b"]
  pass: ["{passing}"]
"""


def test_rule_with_bad_regex_exits_2(run_cli, tmp_path):
    (tmp_path / "r.yml").write_text(RULE.format(pattern="(wow", passing="a b"))
    r = run_cli("rules", "test", str(tmp_path / "r.yml"))
    assert r.code == 2 and "r.yml:1: QC951: bad regex" in r.err
    no_traceback(r)


def test_rule_whose_example_fails_exits_2_on_check(run_cli, tmp_path):
    (tmp_path / "r.yml").write_text(RULE.format(pattern="wow", passing="wow indeed"))
    target = tmp_path / "a.txt"
    target.write_text("Title\n\nNothing to see.")
    r = run_cli("check", "--rules", str(tmp_path), str(target))
    assert r.code == 2 and "QC951" in r.err and "expected no finding" in r.err
    no_traceback(r)
    # rules test reports it as a failing example (exit 1), listing the example
    t = run_cli("rules", "test", str(tmp_path / "r.yml"))
    assert t.code == 1 and "pass example 1" in t.err
