"""The dashboard: self-contained, every piece of article text escaped, and it renders in headless Chromium."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qualitycheck.audit import run_audit
from qualitycheck.audit.dashboard import render

sys.path.insert(0, str(Path(__file__).parent))
from audit_helpers import article_text, record, spin, write_jsonl  # noqa: E402

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dash")
    base = article_text(900, paragraphs=6)
    recs = [record(i) for i in range(30)]
    recs += [record(100, text=base, date="2024-06-03"), record(101, text=spin(base, 0.1, 1), date="2024-06-01")]
    recs.append(record(200, title=HOSTILE, site=HOSTILE, url="javascript:alert(1)", text="As an AI language model, I cannot browse the internet. " + article_text(5)))
    src = write_jsonl(tmp / "in.jsonl", recs, broken={7: "{" + HOSTILE})
    run_audit([str(src)], str(tmp / "out"), workers=1, progress="none")
    return tmp / "out"


def test_dashboard_is_self_contained_and_escapes_article_text(audited):
    page = (audited / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img" not in page.lower()  # escaped text only, no live markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page  # a javascript: URL is shown as text, never linked
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing fetched from the network
    assert "<svg" in page and 'id="worst"' in page and 'id="clusters"' in page
    summary = json.loads((audited / "summary.json").read_text())
    worst_ids = [w["id"] for w in summary["worst"]]
    assert "a200" in worst_ids
    anchor = f'href="#article-{worst_ids.index("a200") + 1}"'
    assert anchor in page  # worst articles link to their findings


def test_render_handles_missing_spin_scores_and_empty_runs():
    page = render({"articles": 0, "verdicts": {}, "by_category": {}, "by_rule": {}, "by_site": {}, "spin": {"scored": 0}, "trend": [], "worst": [], "clusters": {}, "errors": {}})
    assert "No article carries a spin score" in page and "</html>" in page
    page = render({"articles": 2, "spin": {"scored": 2, "mean": 0.5, "histogram": [{"from": 0.0, "to": 0.5, "count": 1}, {"from": 0.5, "to": 1.0, "count": 1}]}})
    assert "2 articles scored" in page


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed (apt-get install -y chromium)")
def test_dashboard_renders_in_headless_chromium(audited, tmp_path):
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    url = (audited / "report.html").resolve().as_uri()
    dom = subprocess.run(args + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert "qualitycheck audit" in html and 'id="trend"' in html and "<svg" in html
    assert "<script" not in html.split("<body", 1)[1].lower()  # the hostile title stayed text after parsing
    assert "&lt;script&gt;alert" in html
    shot = tmp_path / "shot.png"
    done = subprocess.run(args + [f"--screenshot={shot}", "--window-size=1280,2000", url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and shot.exists() and shot.stat().st_size > 20_000  # a real, non-blank rendering
