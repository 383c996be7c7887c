"""Baselines: accept the findings a repository already has, fail only on new ones.

A finding's fingerprint is a hash of its rule id, the file's path (relative to the baseline file, so the
baseline works from any working directory), the article id when a file holds several records, the field, and
the *normalised* matched text plus a few words of context either side (within its paragraph) -- never line numbers, so an edit
elsewhere in the file does not turn old findings into new ones. Identical fingerprints in one file are counted,
so a second copy of an accepted problem is still new.

File format (JSON, sorted, diff-friendly)::

    {"version": 1, "tool": "qualitycheck", "findings": [{"fingerprint": "…", "rule": "QC401", "path": "content/a.md",
      "line": 7, "text": "As an AI language model"}, …]}
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, Optional

from .config import ConfigError
from .model import ArticleReport, Finding
from .report import Report

BASELINE_VERSION = 1
_CONTEXT_WORDS = 4
_WORD = re.compile(r"\w+", re.UNICODE)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _context(report: ArticleReport, finding: Finding) -> tuple[str, str]:
    article = report.article
    if article is None or finding.field == "article":
        return "", ""
    text = article.field_text(finding.field)
    # context stays inside the finding's paragraph, so editing a neighbouring paragraph changes nothing
    left = max(text.rfind("\n\n", 0, finding.start) + 2, finding.start - 200, 0)
    right_end = text.find("\n\n", finding.end)
    right = min(right_end if right_end != -1 else len(text), finding.end + 200)
    before = _WORD.findall(text[left : finding.start])[-_CONTEXT_WORDS:]
    after = _WORD.findall(text[finding.end : right])[:_CONTEXT_WORDS]
    return " ".join(before).lower(), " ".join(after).lower()


def display_path(path: Optional[str], root: "str | os.PathLike[str] | None" = None) -> str:
    """A stable, portable path: relative to ``root`` (default: cwd) when inside it, with '/' separators."""
    if not path or path.startswith("<"):
        return path or ""
    base = os.path.abspath(root or os.getcwd())
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, base)
    except ValueError:  # another drive on Windows
        return full.replace(os.sep, "/")
    if rel.startswith(".."):
        return full.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def fingerprint(report: ArticleReport, finding: Finding, root: "str | os.PathLike[str] | None" = None) -> str:
    """Stable identity of a finding, independent of where in the file it sits."""
    before, after = _context(report, finding)
    record = report.id if report.source.record is not None else ""
    matched = _norm(finding.text) if finding.text else _norm(finding.message)
    parts = [finding.rule, display_path(report.source.path, root) or report.id, record, finding.field, matched, before, after]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def entries(report: Report, root: "str | os.PathLike[str] | None" = None) -> list[dict[str, Any]]:
    out = []
    for art in report.articles:
        for f in art.findings:
            item: dict[str, Any] = {"fingerprint": fingerprint(art, f, root), "rule": f.rule, "path": display_path(art.source.path, root) or art.id}
            if f.line is not None:
                item["line"] = f.line  # for people reading the file; not used for matching
            if f.text:
                item["text"] = f.text[:120]
            out.append(item)
    return sorted(out, key=lambda e: (e["path"], e.get("line") or 0, e["rule"], e["fingerprint"]))


def write_baseline(path: "str | os.PathLike[str]", report: Report) -> int:
    """Record every current finding; returns how many. Written atomically."""
    target = Path(path)
    data = {"version": BASELINE_VERSION, "tool": "qualitycheck", "findings": entries(report, target.resolve().parent)}
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return len(data["findings"])


def read_baseline(path: "str | os.PathLike[str]") -> Counter[str]:
    """Fingerprint -> count. A missing or malformed file is a configuration error (exit 2)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ConfigError(f"{path}: not a qualitycheck baseline (expected {{'version': 1, 'findings': [...]}})")
    counts: Counter[str] = Counter()
    for i, item in enumerate(data["findings"]):
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise ConfigError(f"{path}: findings[{i}] has no fingerprint")
        counts[item["fingerprint"]] += 1
    return counts


def apply_baseline(report: Report, path: "str | os.PathLike[str]") -> int:
    """Drop findings recorded in the baseline (in place); returns how many were hidden.

    Each article that lost findings gets ``extras["baselined"]`` = that number.
    """
    known = read_baseline(path)
    root = Path(path).resolve().parent
    hidden = 0
    for art in report.articles:
        kept = []
        dropped = 0
        for f in art.findings:
            if f.category == "input":  # unreadable input is never "accepted"
                kept.append(f)
                continue
            fp = fingerprint(art, f, root)
            if known[fp] > 0:
                known[fp] -= 1
                dropped += 1
            else:
                kept.append(f)
        if dropped:
            art.findings = kept
            art.extras["baselined"] = dropped
            hidden += dropped
    return hidden
