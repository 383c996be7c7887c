"""What changed since a git ref, for pull-request runs (``--diff REF``, ``--changed-only``, ``--changed-lines``).

Changed files are those that differ between the merge base of REF and HEAD and the working tree (so the same
command works on a PR branch in CI and on uncommitted edits locally), plus untracked files that git does not
ignore (a new article not yet added). Deleted files are left out.
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from typing import Optional

from .config import ConfigError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def _git(args: list[str], cwd: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ConfigError("--diff needs git, which was not found on PATH") from None
    if done.returncode != 0:
        raise ConfigError(f"git {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


@dataclass
class Changes:
    """Files (absolute paths) changed since ``base``, and their added/modified lines on demand."""

    root: str
    base: str
    files: set[str] = field(default_factory=set)
    untracked: set[str] = field(default_factory=set)
    _lines: dict[str, Optional[set[int]]] = field(default_factory=dict)

    def __contains__(self, path: str) -> bool:
        return os.path.realpath(path) in self.files

    def lines(self, path: str) -> Optional[set[int]]:
        """Added or changed line numbers of ``path``; None means every line (a new, untracked file)."""
        full = os.path.realpath(path)
        if full not in self._lines:
            if full in self.untracked:
                self._lines[full] = None
            else:
                out = _git(["diff", "--no-color", "--no-ext-diff", "-U0", self.base, "--", full], self.root)
                found: set[int] = set()
                for m in _HUNK.finditer(out):
                    start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
                    found.update(range(start, start + count))
                self._lines[full] = found
        return self._lines[full]


def changes_since(ref: str, cwd: Optional[str] = None) -> Changes:
    """Changed files since the merge base of ``ref`` and HEAD. Raises ConfigError outside a git repository
    or for an unknown ref (exit 2: the run could not be done as asked)."""
    cwd = cwd or os.getcwd()
    root = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    base = ref
    try:
        base = _git(["merge-base", ref, "HEAD"], root).strip() or ref
    except ConfigError:
        _git(["rev-parse", "--verify", f"{ref}^{{commit}}"], root)  # unknown ref: this raises with git's message
    changes = Changes(root=root, base=base)
    names = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", base], root).split("\0")
    changes.files = {os.path.realpath(os.path.join(root, n)) for n in names if n}
    others = _git(["ls-files", "--others", "--exclude-standard", "-z"], root).split("\0")
    changes.untracked = {os.path.realpath(os.path.join(root, n)) for n in others if n}
    changes.files |= changes.untracked
    return changes
