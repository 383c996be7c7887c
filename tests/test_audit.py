"""Audit engine: same reports as check, loss-free resume after SIGKILL, bad records, clusters, CLI errors."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qualitycheck.api import check_paths
from qualitycheck.audit import run_audit
from qualitycheck.audit.clusters import date_key
from qualitycheck.audit.store import AuditStateError

sys.path.insert(0, str(Path(__file__).parent))
from audit_helpers import article_text, html_page, record, spin, write_jsonl, write_warc  # noqa: E402

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _reports(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]


def _errors(out: Path) -> list[dict]:
    path = out / "errors.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _cli(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    return subprocess.run([sys.executable, "-m", "qualitycheck", *args], capture_output=True, text=True, env=full_env, timeout=300, **kw)


def test_reports_match_check_jsonl_byte_for_byte(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [record(i) for i in range(150)], broken={70: "{broken json"})
    result = run_audit([str(src)], str(tmp_path / "out"), workers=2, progress="none")
    expected = [json.dumps(a.to_dict(), ensure_ascii=False) for a in check_paths([str(src)]).articles]
    got = (tmp_path / "out" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert got == expected  # same contract, same order, line numbers right across unit boundaries
    assert result.articles == 151
    for name in ("summary.json", "report.html", "clusters.jsonl", "errors.jsonl"):
        assert (tmp_path / "out" / name).exists()


def test_corrupt_jsonl_records_listed_in_errors_and_rest_audited(tmp_path):
    broken = {5: "{not json", 90: '{"id": "x", "text": ', 131: "[1, 2]"}
    src = write_jsonl(tmp_path / "in.jsonl", [record(i) for i in range(200)], broken=broken)
    out = tmp_path / "out"
    result = run_audit([str(src)], str(out), workers=2, progress="none")
    reports = _reports(out)
    assert len(reports) == 203 and result.articles == 203  # articles in == reports out
    good = {r["id"] for r in reports if r["verdict"] != "fail"}
    assert {f"a{i}" for i in range(200)} <= good
    errors = _errors(out)
    assert len(errors) == 3
    for err, line in zip(errors, sorted(broken)):
        assert f"line {line + 1}" in err["message"], err
        assert err["source"]["line"] == line + 1 and err["rule"] == "QC001"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["errors"]["count"] == 3 and summary["articles"] == 203


def test_resume_after_sigkill_is_complete_and_duplicate_free(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [record(i, text=article_text(i, paragraphs=2)) for i in range(640)])
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": SRC, "QUALITYCHECK_AUDIT_UNIT_DELAY": "0.15"}
    proc = subprocess.Popen([sys.executable, "-m", "qualitycheck", "audit", str(src), "--out", str(out), "--workers", "2", "--progress", "none"], env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reports = out / "reports.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if reports.exists() and reports.read_bytes().count(b"\n") > 130:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole process group: parent and workers, no chance to clean up
    proc.wait()
    before = reports.read_bytes().count(b"\n")
    assert 0 < before < 640, "the kill must land in the middle of the run"
    # simulate the worst moment too: a commit cut half-way through a line after the last checkpoint
    with open(reports, "ab") as handle:
        handle.write(b'{"id": "half-written')
    done = _cli("audit", str(src), "--out", str(out), "--workers", "2", "--resume", "--progress", "none")
    assert done.returncode in (0, 1), done.stderr
    ids = [r["id"] for r in _reports(out)]
    assert sorted(ids, key=lambda s: int(s[1:])) == [f"a{i}" for i in range(640)]
    assert ids == [f"a{i}" for i in range(640)]  # input order, exactly once
    fresh = tmp_path / "fresh"
    run_audit([str(src)], str(fresh), workers=1, progress="none")
    assert (fresh / "reports.jsonl").read_bytes() == reports.read_bytes()
    assert (fresh / "signatures.jsonl").read_bytes() == (out / "signatures.jsonl").read_bytes()


def test_existing_output_needs_resume_or_overwrite(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [record(i) for i in range(3)])
    run_audit([str(src)], str(tmp_path / "out"), workers=1, progress="none")
    with pytest.raises(AuditStateError, match="--resume"):
        run_audit([str(src)], str(tmp_path / "out"), workers=1, progress="none")
    again = run_audit([str(src)], str(tmp_path / "out"), workers=1, progress="none", resume=True)
    assert again.articles == 3 and len(_reports(tmp_path / "out")) == 3
    src.write_text(src.read_text() + json.dumps(record(99)) + "\n")
    with pytest.raises(AuditStateError, match="input files"):
        run_audit([str(src)], str(tmp_path / "out"), workers=1, progress="none", resume=True)
    run_audit([str(src)], str(tmp_path / "out"), workers=1, progress="none", overwrite=True)
    assert len(_reports(tmp_path / "out")) == 4


def test_cli_missing_input_is_a_clear_error_exit_2(tmp_path):
    done = _cli("audit", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "nope.jsonl" in done.stderr and "Traceback" not in done.stderr
    done = _cli("audit", str(tmp_path), "--out", str(tmp_path / "out2"))  # a folder without any article file
    assert done.returncode == 2 and "no supported files" in done.stderr


def test_mixed_inputs_gz_folder_and_warc(tmp_path):
    gz = tmp_path / "a.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as handle:
        for i in range(100):
            handle.write(json.dumps(record(i)) + "\n")
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "one.md").write_text("---\ntitle: Markdown story\ndate: 2023-05-01\n---\n\n" + article_text(500), encoding="utf-8")
    (folder / "two.txt").write_text("Plain story\n\n" + article_text(501), encoding="utf-8")
    (folder / "three.html").write_bytes(html_page("HTML story", article_text(502)))
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [(f"https://news.example/{i}", html_page(f"Crawled {i}", article_text(600 + i))) for i in range(4)])
    out = tmp_path / "out"
    result = run_audit([str(gz), str(folder), str(warc)], str(out), workers=2, progress="none")
    reports = _reports(out)
    assert result.articles == len(reports) == 100 + 3 + 4  # the PNG record in the WARC is not an article
    expected = [json.dumps(a.to_dict(), ensure_ascii=False) for a in check_paths([str(gz), str(folder), str(warc)]).articles]
    assert (out / "reports.jsonl").read_text(encoding="utf-8").splitlines() == expected
    assert [r["url"] for r in reports[-4:]] == [f"https://news.example/{i}" for i in range(4)]


def test_corrupt_warc_record_in_the_middle(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    pages = [(f"https://news.example/{i}", html_page(f"Crawled {i}", article_text(700 + i))) for i in range(6)]
    offsets = write_warc(warc, pages)
    data = bytearray(warc.read_bytes())
    bad = offsets[4]  # the fourth HTML page (offsets[1] is the PNG)
    data[bad + 12 : bad + 60] = b"\x00" * 48
    warc.write_bytes(bytes(data))
    out = tmp_path / "out"
    result = run_audit([str(warc)], str(out), workers=2, progress="none")
    reports = _reports(out)
    errors = _errors(out)
    assert len(errors) == 1 and f"offset {bad}" in errors[0]["message"] and "record 4" in errors[0]["message"]
    titles = [r["title"] for r in reports if r["verdict"] != "fail"]
    assert titles == ["Crawled 0", "Crawled 1", "Crawled 2", "Crawled 4", "Crawled 5"]
    assert result.articles == 6


def test_clusters_group_copies_and_spins_with_earliest_as_original(tmp_path):
    base = article_text(900, paragraphs=6)
    recs = [record(i) for i in range(40)]
    recs.append(record(100, text=base, date="2024-06-03", site="copy.example"))
    recs.append(record(101, text=spin(base, 0.15, 1), date="2024-06-01", site="origin.example"))  # earliest: the original
    recs.append(record(102, text=spin(base, 0.2, 2), date="2024-06-05"))
    recs.append(record(103, text=base, date=None))
    src = write_jsonl(tmp_path / "in.jsonl", recs)
    out = tmp_path / "out"
    result = run_audit([str(src)], str(out), workers=2, progress="none")
    clusters = [json.loads(line) for line in (out / "clusters.jsonl").read_text().splitlines()]
    assert result.clusters == 1 and len(clusters) == 1
    c = clusters[0]
    assert {m["id"] for m in c["members"]} == {"a100", "a101", "a102", "a103"}
    assert c["original"]["id"] == "a101" and c["members"][-1]["id"] == "a103"  # undated members sort last
    summary = json.loads((out / "summary.json").read_text())
    assert summary["clusters"]["count"] == 1 and summary["clusters"]["largest"][0]["size"] == 4


def test_candidate_pairs_match_the_syndication_module(tmp_path):
    import numpy as np

    from qualitycheck.audit.clusters import _ENTRY, bucket_pairs, count_pairs, unique_keys
    from qualitycheck.syndication import candidate_pairs, signature

    texts = [article_text(1), article_text(1), spin(article_text(1), 0.2, 5), article_text(2), spin(article_text(2), 0.1, 6), article_text(3)]
    sigs = [signature(t) for t in texts]
    entries = np.array([(k, seq) for seq, sig in enumerate(sigs) for k in unique_keys(sig)], dtype=_ENTRY)
    pairs, counts = count_pairs([bucket_pairs(entries, 200)])
    ours = {(int(p) >> 32, int(p) & 0xFFFFFFFF): int(c) for p, c in zip(pairs, counts)}
    assert ours == candidate_pairs(sigs)  # same candidates and shared-key counts as the in-memory version
    assert (0, 1) in ours and (3, 4) in ours and not any(5 in pair for pair in ours)
    assert date_key("2024-06-01T10:00:00Z") < date_key("2024-06-02") < date_key(None)


def test_cli_audit_end_to_end_exit_code_and_message(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [record(i) for i in range(5)], broken={2: "{oops"})
    done = _cli("audit", str(src), "--out", str(tmp_path / "out"), "--workers", "1")
    assert done.returncode == 1, done.stderr  # the unreadable record is an error finding (fail-on error)
    assert "audited 6 articles" in done.stderr and "1 input errors" in done.stderr
    done = _cli("audit", str(src), "--out", str(tmp_path / "out"), "--workers", "1")
    assert done.returncode == 2 and "--resume" in done.stderr
    done = _cli("audit", str(src), "--out", str(tmp_path / "out"), "--resume", "--fail-on", "never")
    assert done.returncode == 0
