"""Shared fixtures: run the real CLI in-process, locate the team's shared dev data (skip when absent)."""
from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(monkeypatch):
    """Run ``qualitycheck ARGS`` through the real entry point (error handling included); capture exit code and output."""

    def run(*args: str, stdin: Optional[str] = None, cwd: Optional[Path] = None) -> CliResult:
        from qualitycheck.cli import main

        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        old = os.getcwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        finally:
            os.chdir(old)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def shared_data_dir() -> Optional[Path]:
    """``../shared/data`` beside the checkout (or $QC_SHARED/data); None when absent."""
    candidates = [Path(os.environ["QC_SHARED"]) / "data"] if os.environ.get("QC_SHARED") else []
    candidates += [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]
    for c in candidates:
        if c.is_dir():
            return c
    return None


@pytest.fixture
def shared_data() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip("../shared/data is not available")
    return path
