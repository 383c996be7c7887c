"""End to end: the real server (uvicorn, subprocess) driven by Debian's headless Chromium through Playwright.

Skips cleanly when chromium or the playwright package is absent. CI needs: apt-get install -y chromium
(and ``pip install -e .[dev,web]``; never ``playwright install`` -- the system chromium is used).
"""
from __future__ import annotations

import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("QC_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
pytest.importorskip("uvicorn")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
SRC = Path(__file__).resolve().parents[1] / "src"
SPUN = (
    "Metropolis Council backs plan for hearth crews\n\n"
    "By Staff Writer\n\n"
    "The Metropolis Council voted to hire extra than forty hearth crews this year, the mayor said.\n\n"
    "Residents ought to flip to the new portal to report hazards, officials said. As an AI language model, I cannot verify this."
)
INJECTION = (
    'Council <img src=x onerror="window.__pwned=1;document.title=\'pwned\'"> meeting\n\n'
    'The council met on Tuesday <script>window.__pwned=2;document.title="pwned"</script> to discuss the budget, the clerk said.\n\n'
    '<svg onload="window.__pwned=3"></svg> The vote was 6-3. <a href="javascript:window.__pwned=4">link</a>'
)


@pytest.fixture(scope="module")
def server():
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "qualitycheck", "serve", "--port", "0"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True, start_new_session=True)
    url = None
    sel = selectors.DefaultSelector()
    assert proc.stderr is not None
    sel.register(proc.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + 60
    lines = []
    while url is None and time.monotonic() < deadline and proc.poll() is None:
        if sel.select(timeout=1):
            line = proc.stderr.readline()
            lines.append(line)
            m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if m:
                url = m.group(1)
    if url is None:
        proc.kill()
        pytest.fail("server did not start: " + "".join(lines))
    # the URL is printed before uvicorn accepts; wait until it answers
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(url + "api/health", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("request", lambda req: requests.append(req.url))
    pg.goto(server)
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    elsewhere = [u for u in requests if not u.startswith(server) and not u.startswith("data:")]
    assert not elsewhere, f"the page fetched from another origin (it must work offline): {elsewhere}"


def check_text(pg, text: str) -> None:
    pg.fill("#input-text", text)
    pg.click("#check-button")
    pg.wait_for_selector("#results:not([hidden])")
    pg.wait_for_function("document.querySelectorAll('#findings-list li').length > 0")


def test_spun_article_highlights_suggestions_and_corrections(page):
    check_text(page, SPUN)
    marks = page.locator("#article-view mark.hl")
    assert marks.count() >= 4
    assert "hearth crews" in marks.all_text_contents()
    assert page.locator("#article-view mark.hl.cat-spin").count() >= 3
    assert page.locator("#article-view mark.hl.cat-content-farm.sev-error").count() >= 1
    fixes = page.locator("#findings-list .f-new").all_text_contents()
    assert "fire crews" in fixes and "should turn" in fixes

    # clicking a finding scrolls to and flashes its span
    item = page.locator("#findings-list .finding", has_text="ought to flip").first
    item.locator(".f-msg").click()
    page.wait_for_selector("#article-view mark.flash")
    assert page.locator("#article-view mark.flash").first.text_content() == "ought to flip"

    # accept one suggestion: the corrected text changes exactly there
    item.locator("button[data-action=accept]").click()
    corrected = page.input_value("#corrected-text")
    assert "Residents should turn to the new portal" in corrected
    assert "hearth crews" in corrected  # not accepted yet
    assert page.locator("#article-view ins.fix").all_text_contents() == ["should turn"]

    # accept all, then undo all
    page.click("#accept-all")
    corrected = page.input_value("#corrected-text")
    assert corrected.startswith("City Council backs plan for fire crews")
    assert "By Staff Writer" in corrected and "more than forty fire crews" in corrected
    assert not re.search(r"hearth|extra than|ought to flip|Metropolis", corrected)
    page.click("#reset-fixes")
    assert "hearth crews" in page.input_value("#corrected-text")

    # rule explanations come from /api/rules
    why = page.locator("#findings-list .finding .f-why").first
    why.locator("summary").click()
    assert len(why.locator("p").first.text_content()) > 40


def test_script_injection_is_shown_as_text_and_runs_nothing(page):
    page.evaluate("window.__pwned = undefined")
    for payload in (INJECTION, json.dumps({"title": INJECTION.split("\n")[0], "byline": "<b onmouseover=alert(1)>x</b>", "body": INJECTION})):
        page.fill("#input-text", payload)
        page.click("#check-button")
        page.wait_for_selector("#results:not([hidden])")
        page.wait_for_function("document.querySelector('#article-fields').textContent.includes('<script>')")
        page.wait_for_timeout(300)  # give an injected handler the chance to fire
        text = page.locator("#article-fields").text_content()
        assert "<script>window.__pwned=2" in text and 'onerror="window.__pwned=1' in text
        assert page.evaluate("window.__pwned") is None
        assert page.title() == "qualitycheck"
        assert page.locator("#article-fields img, #article-fields svg, #article-fields script, #article-fields a").count() == 0


def test_batch_file_upload_and_article_picker(page, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "one", "title": "Budget passes", "text": "The council passed the budget on Tuesday, the mayor said."})
        + "\n"
        + json.dumps({"id": "two", "title": "Hearth crews praised", "text": "The hearth crews arrived within minutes, the fire chief said on Tuesday night."})
        + "\n",
        encoding="utf-8",
    )
    page.set_input_files("#file-input", str(batch))
    page.wait_for_selector("#batch-picker:not([hidden])")
    assert page.locator("#article-select option").count() == 2
    page.select_option("#article-select", "1")
    page.wait_for_function("document.querySelector('.a-title').textContent.includes('Hearth crews praised')")
    assert "hearth crews" in page.locator("#article-view mark.hl").all_text_contents()


def test_scores_and_detector_extras_are_rendered(page):
    """Scores and extras such as ``restored`` come from detectors that may land later: render whatever exists."""
    body = "The hearth crews came."
    report = {
        "version": 1,
        "summary": {"articles": 1, "findings": 1},
        "errors": [],
        "articles": [
            {
                "id": "a", "source": {}, "title": "Hearth crews", "language": "en", "verdict": "warn",
                "scores": {"spin": 0.82, "syndication": 0.1, "weasel_per_1k": 3.5},
                "findings": [{"rule": "QC101", "name": "spun-phrase", "category": "spin", "severity": "warning", "message": "spun", "field": "body", "start": 4, "end": 16, "text": "hearth crews", "suggestion": "fire crews", "evidence": {}}],
                "fields": {"title": "Hearth crews", "body": body},
                "restored": {"title": "Fire crews <b>", "body": "The fire crews came."},
            }
        ],
    }
    page.route("**/api/check", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(report)))
    check_text(page, "anything")
    scores = page.locator("#scores").text_content()
    assert "Spin" in scores and "82%" in scores and "10%" in scores and "3.50" in scores
    assert page.locator("#scores .meter-fill.high").count() == 1
    restored = page.locator("#extras textarea").input_value()
    assert restored == "Fire crews <b>\n\nThe fire crews came."
    assert "Restored text" in page.locator("#extras").text_content()
