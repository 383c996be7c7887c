"""Baselines hide existing findings but not new ones, and survive edits elsewhere in the file; --diff and
--changed-lines limit a run to what a pull request changed; the result cache reuses unchanged files."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .ci_support import CHATBOT_MD, CLEAN_MD, run, write

NEW_DEBRIS = "\nI hope this helps! Do you want me to do that next?\n"


def rows(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def rules_of(out: str) -> list[str]:
    return sorted(f["rule"] for r in rows(out) for f in r["findings"])


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "content/post.md", CHATBOT_MD)
    write(tmp_path, "content/ok.md", CLEAN_MD)
    return tmp_path


def test_baseline_hides_old_findings_not_new_ones(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--no-cache", "--baseline", "qc-baseline.json", "--write-baseline", "content")
    assert code == 0 and "wrote 1 finding(s) to qc-baseline.json" in err
    data = json.loads((repo / "qc-baseline.json").read_text())
    assert data["version"] == 1 and data["findings"][0]["rule"] == "QC401" and data["findings"][0]["path"] == "content/post.md"

    code, out, err = run(capsys, "check", "--no-cache", "-f", "jsonl", "--baseline", "qc-baseline.json", "content")
    assert code == 0 and rules_of(out) == [] and "1 finding(s) hidden by baseline" in err

    # edits elsewhere move the old finding down three lines: still known
    post = repo / "content/post.md"
    post.write_text(post.read_text().replace("date: 2024-05-02\n", "date: 2024-05-02\ntags: [council]\n") .replace("As an AI", "Update: the vote was unanimous.\n\nAs an AI"))
    code, out, _ = run(capsys, "check", "--no-cache", "-f", "jsonl", "--baseline", "qc-baseline.json", "content")
    assert code == 0 and rules_of(out) == []

    # a new problem is reported and fails the build
    post.write_text(post.read_text() + NEW_DEBRIS)
    code, out, _ = run(capsys, "check", "--no-cache", "-f", "jsonl", "--baseline", "qc-baseline.json", "content")
    assert code == 1 and rules_of(out) == ["QC403", "QC403"]

    # a second copy of the accepted problem is new too
    post.write_text(CHATBOT_MD + "\nAs an AI language model, I cannot browse the internet.\n")
    code, out, _ = run(capsys, "check", "--no-cache", "-f", "jsonl", "--baseline", "qc-baseline.json", "content")
    assert code == 1 and rules_of(out) == ["QC401"]


def test_baseline_works_from_another_directory(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "check", "--no-cache", "--baseline", "qc-baseline.json", "--write-baseline", "content")
    monkeypatch.chdir(repo / "content")
    code, out, _ = run(capsys, "check", "--no-cache", "-f", "jsonl", "--baseline", "../qc-baseline.json", "post.md")
    assert code == 0 and rules_of(out) == []


@pytest.mark.parametrize("content, needle", [(None, "not found"), ("{not json", "cannot read baseline"), ('{"findings": [{}]}', "no fingerprint")])
def test_bad_baseline_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], content: str | None, needle: str) -> None:
    if content is not None:
        (repo / "b.json").write_text(content)
    code, _, err = run(capsys, "check", "--no-cache", "--baseline", "b.json", "content")
    assert code == 2 and needle in err


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture()
def git_repo(repo: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "-c", "user.email=t@example.invalid", "-c", "user.name=t", "add", ".")
    _git(repo, "-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-qm", "base")
    return repo


def test_diff_checks_only_changed_and_new_files(git_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(git_repo, "content/new.md", CLEAN_MD.replace("Library", "Pool"))
    (git_repo / "content/ok.md").write_text(CLEAN_MD + "\nMore hours on Sundays, too.\n")
    code, out, _ = run(capsys, "check", "--no-cache", "-f", "jsonl", "--diff", "main", "content")
    assert sorted(r["source"]["path"] for r in rows(out)) == ["content/new.md", "content/ok.md"]
    assert code == 0  # post.md (with chatbot debris) did not change
    code, out, err = run(capsys, "check", "--no-cache", "-f", "jsonl", "--changed-only", "content/post.md")
    assert code == 0 and rows(out) == [] and "no changed files" in err


def test_changed_lines_only(git_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = git_repo / "content/post.md"
    post.write_text(post.read_text() + NEW_DEBRIS)
    code, out, _ = run(capsys, "check", "--no-cache", "-f", "jsonl", "--diff", "main", "--changed-lines", "content")
    assert rules_of(out) == ["QC403", "QC403"]  # the old QC401 line is not part of the change
    code, out, _ = run(capsys, "check", "--no-cache", "-f", "jsonl", "--diff", "main", "content")
    assert "QC401" in rules_of(out)


def test_diff_errors(repo: Path, git_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--diff", "no-such-ref", "content")
    assert code == 2 and "no-such-ref" in err
    code, _, err = run(capsys, "check", "--changed-lines", "content")
    assert code == 2 and "--changed-lines needs" in err


def test_cache_reuses_results_and_notices_changes(  # per-file rules only: nothing is even re-read
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import qualitycheck.api as api
    from qualitycheck.cache import ResultCache

    code1, out1, _ = run(capsys, "check", "-f", "jsonl", "--ignore", "QC203", "content")
    entries = list((repo / ".qualitycheck_cache").rglob("*.json"))
    assert len(entries) == 2 and (repo / ".qualitycheck_cache" / "CACHEDIR.TAG").exists()

    loads: list[str] = []
    real = api._load_one
    monkeypatch.setattr(api, "_load_one", lambda path, config, errors: loads.append(path) or real(path, config, errors))
    code2, out2, _ = run(capsys, "check", "-f", "jsonl", "--ignore", "QC203", "content")
    assert loads == [] and (code2, out2) == (code1, out1)  # nothing re-read, identical report

    code3, out3, _ = run(capsys, "check", "-f", "text", "--ignore", "QC203", "content")  # cached reports keep their article for context
    assert "[As an AI language model]" in out3

    (repo / "content/ok.md").write_text(CLEAN_MD + NEW_DEBRIS)
    code4, out4, _ = run(capsys, "check", "-f", "jsonl", "--ignore", "QC203", "content")
    assert loads == ["content/ok.md"] and "QC403" in rules_of(out4)

    run(capsys, "check", "-f", "jsonl", "--ignore", "QC403,QC203", "content")  # another config: another key
    assert loads == ["content/ok.md", "content/ok.md", "content/post.md"]

    cache = ResultCache(repo / ".qualitycheck_cache")
    for entry in (repo / ".qualitycheck_cache").rglob("*.json"):
        entry.write_text("{corrupt")
    assert cache.get(entries[0].stem) is None  # a corrupt entry is a miss, not a crash
    assert run(capsys, "check", "-f", "jsonl", "--ignore", "QC203", "content")[1] == out4


def test_cache_with_cross_article_rule_rechecks_only_changed_files(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """With the batch-duplicate rule on, files are re-read but only changed ones are re-checked, and the
    cross-file duplicate finding is recomputed every run (never stale)."""
    from qualitycheck.engine.engine import RuleSet

    body = "The regional council voted on Tuesday to close three libraries and sell the land to a developer, officials said. " * 3
    write(repo, "content/a.md", "---\ntitle: A\n---\n\n" + body + "\n")
    write(repo, "content/b.md", "---\ntitle: B\n---\n\n" + body + "\n")
    code1, out1, _ = run(capsys, "check", "-f", "jsonl", "content")
    assert "QC203" in rules_of(out1)
    checked: list[str] = []
    real = RuleSet.check_article
    monkeypatch.setattr(RuleSet, "check_article", lambda self, a: checked.append(a.id) or real(self, a))
    code2, out2, _ = run(capsys, "check", "-f", "jsonl", "content")
    assert checked == [] and (code2, out2) == (code1, out1)
    write(repo, "content/b.md", "---\ntitle: B\n---\n\nAn unrelated story about the weather on the coast this weekend, forecasters said.\n")
    _, out3, _ = run(capsys, "check", "-f", "jsonl", "content")
    assert len(checked) == 1 and checked[0].endswith("b.md")
    assert "QC203" not in rules_of(out3)  # the duplicate is gone, though a.md came from the cache



def test_no_cache_writes_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "check", "--no-cache", "content")
    assert not (repo / ".qualitycheck_cache").exists()
    run(capsys, "check", "--cache-dir", "elsewhere", "content")
    assert (repo / "elsewhere" / "CACHEDIR.TAG").exists()
