"""Large batches are checked on several cores; the report must be identical to a single-process run."""
from __future__ import annotations

import json

from qualitycheck import api
from qualitycheck.config import Config

BODY = "The regional council voted on {day} to {verb} the {thing}, officials said after a long meeting in the town hall."


def make_files(tmp_path, n: int = 70) -> None:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    verbs = ["close", "repair", "sell", "expand", "rename", "audit", "fund"]
    for i in range(n):
        text = " ".join(BODY.format(day=days[(i + k) % 5], verb=verbs[(i * 3 + k) % 7], thing=f"library number {i * 7 + k}") for k in range(6))
        (tmp_path / f"a{i:03d}.md").write_text(f"---\ntitle: Story {i}\nauthor: Jane Doe\n---\n\n{text}\n", encoding="utf-8")
    dup = "A storm with gusts of 110 km/h cut power to 40,000 homes overnight, the utility said on Monday, and crews worked through the night. " * 3
    (tmp_path / "dup1.md").write_text(f"---\ntitle: Storm\n---\n\n{dup}\n", encoding="utf-8")
    (tmp_path / "dup2.md").write_text(f"---\ntitle: Storm copy\n---\n\n{dup}\n", encoding="utf-8")


def rows(report) -> list[str]:
    return [json.dumps(r.to_dict(), sort_keys=True) for r in report.articles]


def test_parallel_check_matches_single_process(tmp_path, monkeypatch):
    make_files(tmp_path)
    used: list[int] = []
    real = api._check_in_parallel

    def spy(paths, config):
        out = real(paths, config)
        used.append(len(out))
        return out

    monkeypatch.setattr(api, "_check_in_parallel", spy)
    monkeypatch.setenv("QC_WORKERS", "2")
    parallel = api.check_paths([str(tmp_path)], Config())
    assert used == [72]  # every file went through the worker pool
    monkeypatch.setenv("QC_WORKERS", "1")
    serial = api.check_paths([str(tmp_path)], Config())
    assert used == [72, 0]
    assert rows(parallel) == rows(serial)
    dup = [r for r in parallel.articles if r.source.path.endswith(("dup1.md", "dup2.md"))]
    assert all(any(f.rule == "QC203" for f in r.findings) for r in dup)  # the batch pass still links them
