"""The pre-commit hook blocks a commit that adds chatbot debris (and spun text, with fail-on = warning).

Runs pre-commit from PyPI in a temporary git repository. The hook definition is read from this repository's
``.pre-commit-hooks.yaml``; it is installed as a ``repo: local`` / ``language: system`` hook that runs this
checkout (installing the package into a fresh environment would need the network).
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .ci_support import CHATBOT_MD, CLEAN_MD, SPUN_MD, write

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def hook_definition() -> dict:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hook


def test_hook_definition_is_sound() -> None:
    hook = hook_definition()
    assert hook["id"] == "qualitycheck" and hook["entry"] == "qualitycheck check" and hook["language"] == "python"
    import re

    files = re.compile(hook["files"])
    assert files.search("content/a.md") and files.search("news/b.html") and files.search("c.txt")
    assert not files.search("pyproject.toml") and not files.search(".github/workflows/ci.yml")


@pytest.fixture()
def hooked_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    pytest.importorskip("pre_commit")
    repo = tmp_path / "articles"
    repo.mkdir()
    hook = hook_definition()
    entry = f"env PYTHONPATH={shlex.quote(str(SRC))} {shlex.quote(sys.executable)} -m qualitycheck check"
    local = {k: v for k, v in hook.items() if k not in ("language", "entry", "minimum_pre_commit_version")}
    local.update(language="system", entry=entry)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}), encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, env=env, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True, capture_output=True)
    write(repo, "content/ok.md", CLEAN_MD)
    git("add", ".")
    git("commit", "-qm", "clean article")
    return repo, env


def commit(repo: Path, env: dict[str, str], rel: str, text: str) -> subprocess.CompletedProcess:
    write(repo, rel, text)
    subprocess.run(["git", "add", rel], cwd=repo, env=env, check=True)
    return subprocess.run(["git", "commit", "-m", f"add {rel}"], cwd=repo, env=env, capture_output=True, text=True)


def test_commit_with_chatbot_debris_or_spun_text_is_blocked(hooked_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = hooked_repo
    done = commit(repo, env, "content/post.md", CHATBOT_MD)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "content/post.md:7:1: QC401 [error]" in output
    assert not (repo / ".qualitycheck_cache").exists()  # the hook runs with --no-cache
    subprocess.run(["git", "reset", "-q", "content/post.md"], cwd=repo, env=env, check=True)

    # spun phrases are warnings: blocked once the repository's config fails on warnings (found by discovery)
    done = commit(repo, env, "content/spun.md", SPUN_MD)
    assert done.returncode == 0, done.stdout + done.stderr
    write(repo, "qualitycheck.toml", 'fail-on = "warning"\n')
    done = commit(repo, env, "content/spun2.md", SPUN_MD.replace("Ants", "More ants"))
    assert done.returncode != 0 and "QC101 [warning]" in done.stdout + done.stderr
