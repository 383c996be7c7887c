"""Nothing is lost: every article or record that goes in comes out as a report, or as a named error.

Invariant checked here: articles in == reports out + run-level errors, and every unreadable record is a report
carrying an ``input`` finding that names its file and line.
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from qualitycheck.api import check_paths
from qualitycheck.config import Config

SRC = Path(__file__).resolve().parents[1] / "src"


def input_errors(report) -> list[str]:
    return [f.message for f in report.findings if f.category == "input" and str(f.severity) == "error"]


def write_mixed_jsonl(path: Path, n: int = 70) -> tuple[set[str], list[int]]:
    """Good records, with broken lines mixed in (bad JSON, a list, a bare number, binary junk)."""
    good, broken, lines = set(), [], []
    junk = ['{"id": "x", BROKEN', "[1, 2, 3]", "42", '{"id": "t", "text": "unterminated', "\x00\x01\x02garbage"]
    for i in range(n):
        if i % 7 == 3:
            lines.append(junk[(i // 7) % len(junk)])
            broken.append(i + 1)
        else:
            lines.append(json.dumps({"id": f"r{i}", "title": f"Record {i}", "text": f"The council met on day {i}."}))
            good.add(f"r{i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return good, broken


def test_jsonl_with_broken_lines_keeps_every_record(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good, broken = write_mixed_jsonl(path)
    report = check_paths([str(path)], Config())
    assert len(report.articles) == len(good) + len(broken)  # in == out
    ok = [a.id for a in report.articles if not input_errors(a)]
    assert sorted(ok) == sorted(good)
    named = [a for a in report.articles if input_errors(a)]
    assert [a.source.line for a in named] == broken
    for article in named:
        assert f"line {article.source.line}" in input_errors(article)[0]
    assert report.exit_code == 1 and not report.errors


def test_jsonl_gz_with_broken_lines_keeps_every_record(tmp_path: Path) -> None:
    plain = tmp_path / "mixed.jsonl"
    good, broken = write_mixed_jsonl(plain)
    path = tmp_path / "mixed.jsonl.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    plain.unlink()
    report = check_paths([str(path)], Config())
    assert len(report.articles) == len(good) + len(broken)
    assert {a.id for a in report.articles if not input_errors(a)} == good


def test_directory_mixing_binary_empty_and_good_files(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Council approves budget\n\nThe city council approved the budget on Tuesday.\n")
    (tmp_path / "good.md").write_text("---\ntitle: Rain expected\n---\n\nForecasters said rain is expected on Friday.\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("\n\n   \n")
    (tmp_path / "page.html").write_bytes(b"<html><body>" + bytes(range(1, 31)) * 100 + b"</body></html>")
    (tmp_path / "records.jsonl").write_text('{"id": "j1", "text": "Good record."}\n{broken\n{"id": "j2", "text": "Another."}\n')
    (tmp_path / "bad.json").write_text('{"id": "half",')
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"id": "g1", "text": "Zipped."}\n' * 50)[:30])
    (tmp_path / "notes.csv").write_text("not,an,article\n")  # unsupported suffix: not an input at all
    report = check_paths([str(tmp_path), str(tmp_path / "missing.txt")], Config())
    by_path: dict[str, int] = {}
    for article in report.articles:
        by_path[Path(article.source.path or "").name] = by_path.get(Path(article.source.path or "").name, 0) + 1
    expected_files = {"good.txt", "good.md", "binary.txt", "empty.txt", "blank.md", "page.html", "records.jsonl", "bad.json", "cut.jsonl.gz"}
    assert set(by_path) == expected_files  # every supported file produced at least one report
    assert by_path["records.jsonl"] == 3
    assert [e["path"] for e in report.errors] == [str(tmp_path / "missing.txt")]
    assert report.exit_code == 2
    rules = {Path(a.source.path).name: {f.rule for f in a.findings if f.category == "input"} for a in report.articles}
    assert "QC001" in rules["binary.txt"] and "QC004" in rules["empty.txt"] and "QC004" in rules["blank.md"]
    assert "QC001" in rules["bad.json"] and "QC001" in rules["cut.jsonl.gz"]
    assert not rules["good.txt"] and not rules["good.md"]


def test_cli_jsonl_output_has_one_line_per_record(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good, broken = write_mixed_jsonl(path, 50)
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "qualitycheck", "check", "--format", "jsonl", str(path)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(rows) == len(good) + len(broken)
    for line in broken:
        assert f"mixed.jsonl line {line}:" in proc.stderr


def test_stdin_record_stream_is_not_cut_at_the_file_limit() -> None:
    import io

    from qualitycheck.loaders import Limits, load_stdin

    data = b"".join(json.dumps({"id": str(i), "text": "Council news " * 5}).encode() + b"\n" for i in range(300))
    limits = Limits(max_file_bytes=2_000)  # far smaller than the stream: records must still all arrive
    articles = list(load_stdin(None, limits, stream=io.BufferedReader(io.BytesIO(data))))
    assert [a.id for a in articles] == [str(i) for i in range(300)]
    text = list(load_stdin("text", limits, stream=io.BufferedReader(io.BytesIO(b"Title\n\n" + b"word " * 1000))))
    assert any(h.rule == "QC003" and "input is longer than 2,000 bytes" in h.message for h in text[0].load_issues)


def test_cli_reads_jsonl_from_stdin(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good, broken = write_mixed_jsonl(path, 30)
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "qualitycheck", "check", "--format", "jsonl", "-"], input=path.read_text(), capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len([l for l in proc.stdout.splitlines() if l.strip()]) == len(good) + len(broken)


def test_web_api_upload_with_broken_lines_keeps_every_record(tmp_path: Path) -> None:
    """``serve`` mode: a JSONL upload with corrupt lines gives one report per line, the broken ones named."""
    import pytest

    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    from starlette.testclient import TestClient

    from qualitycheck.web import create_app

    path = tmp_path / "mixed.jsonl"
    good, broken = write_mixed_jsonl(path, 40)
    with TestClient(create_app(warm_up=False), base_url="http://127.0.0.1") as client:
        r = client.post("/api/check", files={"file": ("mixed.jsonl", path.read_bytes(), "application/octet-stream")})
    assert r.status_code == 200
    articles = r.json()["articles"]
    assert len(articles) == len(good) + len(broken)
    errors = [a for a in articles if any(f["category"] == "input" and f["severity"] == "error" for f in a["findings"])]
    assert {a["id"] for a in articles if a not in errors} == good
    assert sorted(a["source"]["line"] for a in errors) == broken
