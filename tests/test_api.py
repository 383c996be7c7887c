"""The library API that the CLI, the web page and the audit engine share."""
from __future__ import annotations

from pathlib import Path

import qualitycheck
from qualitycheck.model import Article

from .conftest import SAMPLES


def test_check_text_returns_report_with_findings():
    report = qualitycheck.check("As an AI language model, I cannot browse the internet.\n\nThe council met on Tuesday.")
    assert len(report) == 1
    assert any(f.rule == "QC401" for f in report.articles[0].findings)
    d = report.to_dict()
    assert d["version"] == 1 and d["articles"][0]["verdict"] == "fail"
    assert report.exit_code == 1


def test_check_article_object_and_list():
    a = Article(id="x", title="Storm hits", body=["Schools closed on Monday after the storm, officials said."], language="en")
    report = qualitycheck.check([a, "Plain text about the weather on a sunny afternoon in the park."])
    assert [r.id for r in report] == ["x", "text#1"]
    assert report.exit_code == 0


def test_check_path_and_load():
    report = qualitycheck.check(Path(SAMPLES / "batch.jsonl"))
    assert [a.id for a in report] == ["batch-1", "batch-2", "batch-3", "batch-4"]
    assert [a.id for a in qualitycheck.load(SAMPLES / "batch.jsonl")][:2] == ["batch-1", "batch-2"]


def test_version_import_is_light():
    import subprocess
    import sys

    code = "import sys, qualitycheck; print(qualitycheck.__version__); print('sklearn' in sys.modules, 'trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split()
    assert out[1:] == ["False", "False"]
