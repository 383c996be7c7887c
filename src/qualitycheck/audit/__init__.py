"""Batch audits of whole archives: streaming, parallel, resumable, with duplicate clusters and a dashboard.

    from qualitycheck.audit import run_audit
    result = run_audit(["archive/"], "out/", workers=4)

Output directory: ``reports.jsonl`` (one report per input article, the ``check --format jsonl`` contract),
``errors.jsonl`` (records that could not be read or checked -- each also has its report line),
``clusters.jsonl``, ``summary.json``, ``report.html``, plus ``checkpoint.json`` and ``signatures.bin``.
See docs/audit.md.
"""
from __future__ import annotations

from .engine import AuditResult, run_audit

__all__ = ["run_audit", "AuditResult"]
