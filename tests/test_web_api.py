"""The web API through Starlette's TestClient: inputs, the report contract, bad requests, safety headers, OpenAPI."""
from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
from starlette.testclient import TestClient  # noqa: E402

from qualitycheck.web import create_app  # noqa: E402
from qualitycheck.web.app import STATIC_DIR  # noqa: E402

BASE = "http://127.0.0.1"
SPUN = (
    "Metropolis Council backs plan for hearth crews\n\n"
    "By Staff Writer\n\n"
    "The Metropolis Council voted to hire extra than forty hearth crews this year, the mayor said.\n\n"
    "Residents ought to flip to the new portal to report hazards, officials said."
)
CHATBOT = "As an AI language model, I cannot browse the internet, but here is the story about the council budget vote."
INJECTION = 'Council news <script>document.title="pwned"</script> and <img src=x onerror="alert(1)"> in text.'


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), base_url=BASE) as c:
        yield c


@pytest.fixture(scope="module")
def small_client():
    with TestClient(create_app(max_bytes=2048, warm_up=False), base_url=BASE) as c:
        yield c


def assert_offsets(report: dict) -> None:
    """Every finding's span, cut from the field text the API returns, is the finding's text."""
    for art in report["articles"]:
        for f in art["findings"]:
            if f["start"] < f["end"]:
                assert art["fields"][f["field"]][f["start"] : f["end"]] == f["text"], f


def test_check_pasted_text_returns_report_contract(client):
    r = client.post("/api/check", json={"text": SPUN})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    report = r.json()
    assert set(report) >= {"version", "articles", "summary", "errors"}
    art = report["articles"][0]
    assert art["title"].startswith("Metropolis Council")
    pairs = {(f["text"], f["suggestion"]) for f in art["findings"]}
    assert ("hearth crews", "fire crews") in pairs and ("ought to flip", "should turn") in pairs
    for f in art["findings"]:
        assert set(f) >= {"rule", "name", "category", "severity", "message", "field", "start", "end", "text", "suggestion", "evidence"}
    assert art["fields"]["byline"] == "Staff Writer"
    assert_offsets(report)
    # the page shows the text with the originals put back; a clean text has nothing to restore
    assert "fire crews" in art["restored"]["body"] and "hearth crews" not in art["restored"]["body"]
    clean = client.post("/api/check", json={"text": "A plain report on the weather."}).json()["articles"][0]
    assert "restored" not in clean


def test_restored_text_follows_the_configuration():
    from qualitycheck.config import Config
    from qualitycheck.web.app import with_restored_text

    assert with_restored_text(Config()).options["spin"]["restore"] is True
    off = Config().merge({"options": {"spin": {"restore": False}}}, origin="test")
    assert with_restored_text(off).options["spin"]["restore"] is False


def test_check_json_article_and_list(client):
    r = client.post("/api/check", json={"title": "Budget vote", "byline": "Jane Roe", "body": CHATBOT, "site": "Courier"})
    assert r.status_code == 200
    art = r.json()["articles"][0]
    assert art["site"] == "Courier" and art["byline"] == ["Jane Roe"]
    assert any(f["rule"] == "QC401" for f in art["findings"])
    assert_offsets(r.json())
    r = client.post("/api/check", json=[{"id": "a", "title": "One", "text": SPUN}, {"id": "b", "title": "Two", "text": "A plain report on the weather."}])
    assert [a["id"] for a in r.json()["articles"]] == ["a", "b"]


def test_format_hint_and_raw_text(client):
    md = "---\ntitle: Council vote\nauthor: Jane Roe\n---\n\nThe Metropolis Council met on Tuesday, the clerk said.\n"
    r = client.post("/api/check", json={"text": md, "format": "markdown"})
    art = r.json()["articles"][0]
    assert art["title"] == "Council vote" and art["source"]["format"] == "markdown"
    r = client.post("/api/check", content=md.encode(), headers={"content-type": "text/markdown"})
    assert r.json()["articles"][0]["title"] == "Council vote"
    r = client.post("/api/check?format=text", content=SPUN.encode(), headers={"content-type": "text/plain; charset=utf-8"})
    assert r.status_code == 200 and r.json()["summary"]["findings"] >= 3


def test_file_uploads(client):
    batch = "\n".join(json.dumps({"id": f"r{i}", "title": f"Story {i}", "text": SPUN if i else CHATBOT}) for i in range(3)) + "\n"
    r = client.post("/api/check", files={"file": ("batch.jsonl", batch.encode(), "application/octet-stream")})
    assert r.status_code == 200
    assert [a["id"] for a in r.json()["articles"]] == ["r0", "r1", "r2"]
    r = client.post("/api/check", files={"file": ("story.md", b"# Title here\n\nThe Metropolis Council met, the clerk said.\n", "text/markdown")})
    assert r.status_code == 200 and r.json()["articles"][0]["source"]["path"] == "story.md"
    r = client.post("/api/check", files={"file": ("page.html", b"<html><head><title>Fire crews</title></head><body><article><h1>Fire crews</h1><p>The hearth crews arrived late on Tuesday night, a spokesman for the city said in a statement.</p></article></body></html>", "text/html")})
    assert r.status_code == 200
    r = client.post("/api/check", data={"text": SPUN})
    assert r.status_code == 200 and r.json()["summary"]["findings"] >= 3


def test_injected_markup_only_comes_back_as_json(client):
    r = client.post("/api/check", json={"text": INJECTION})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert "<script>" in r.json()["articles"][0]["fields"]["title"] + r.json()["articles"][0]["fields"]["body"]


@pytest.mark.parametrize(
    "body, headers, status, words",
    [
        (b"{not json", {"content-type": "application/json"}, 400, "malformed JSON"),
        (b"[" * 50_000, {"content-type": "application/json"}, 400, "malformed JSON"),
        (b"<a/>", {"content-type": "application/xml"}, 415, "unsupported Content-Type"),
        (b"hello", {}, 415, "Content-Type"),
        (json.dumps({"text": ""}).encode(), {"content-type": "application/json"}, 422, "empty"),
        (json.dumps({"text": 42}).encode(), {"content-type": "application/json"}, 422, "must be a string"),
        (json.dumps({"foo": "bar"}).encode(), {"content-type": "application/json"}, 422, "missing text"),
        (json.dumps([1, 2]).encode(), {"content-type": "application/json"}, 422, "expected a JSON object"),
        (json.dumps({"text": "x", "format": "pdf"}).encode(), {"content-type": "application/json"}, 422, "unknown format"),
        (b"\x00\x01\x02\x03" * 100, {"content-type": "text/plain"}, 422, "binary"),
        (b"", {"content-type": "text/plain"}, 422, "empty"),
    ],
)
def test_bad_requests_are_clear_4xx(client, body, headers, status, words):
    r = client.post("/api/check", content=body, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert words in r.json()["error"]
    assert r.json()["status"] == status


def test_bad_uploads(client):
    r = client.post("/api/check", files={"file": ("report.pdf", b"%PDF-1.4", "application/pdf")})
    assert r.status_code == 415 and "unsupported file type" in r.json()["error"]
    r = client.post("/api/check", files={"file": ("empty.txt", b"", "text/plain")})
    assert r.status_code == 422
    r = client.post("/api/check", data={"other": "x"})
    assert r.status_code == 422 and "missing text" in r.json()["error"]
    r = client.post("/api/check", content=b"--x\r\nbroken", headers={"content-type": "multipart/form-data; boundary=x"})
    assert 400 <= r.status_code < 500


def test_oversize_by_content_length_and_by_stream(small_client):
    r = small_client.post("/api/check", json={"text": "x" * 5000})
    assert r.status_code == 413 and "2,048 bytes" in r.json()["error"]

    def chunks():  # no Content-Length: the cap must hold while streaming
        for _ in range(100):
            yield b"y" * 1000

    r = small_client.post("/api/check", content=chunks(), headers={"content-type": "text/plain"})
    assert r.status_code == 413
    r = small_client.post("/api/check", files={"file": ("big.txt", b"z" * 5000, "text/plain")})
    assert r.status_code == 413


def test_unknown_paths_methods_and_hosts_are_json_errors(client):
    r = client.get("/api/nothing")
    assert r.status_code == 404 and "no such" in r.json()["error"]
    r = client.get("/api/check")
    assert r.status_code == 405 and r.json()["status"] == 405
    r = client.post("/api/check", json={"text": SPUN}, headers={"host": "evil.example:8000"})
    assert r.status_code == 421 and "localhost" in r.json()["error"]
    with TestClient(create_app(allowed_hosts=None, warm_up=False), base_url="http://lan-host:9000") as open_client:
        assert open_client.get("/api/health").status_code == 200


def test_security_headers_and_page_has_no_inline_code(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    html = r.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script in the page"
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "inline event handler in the page"
    assert "style=" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "the page must not load anything from another origin"
    for path in ("/static/app.js", "/static/app.css", "/api/rules", "/openapi.json"):
        assert client.get(path).headers["x-content-type-options"] == "nosniff"


def test_page_script_never_writes_html():
    source = (STATIC_DIR / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source.replace("Never innerHTML", ""), sink
    assert not re.search(r"https?://", source), "the page script must not fetch from another origin"


def test_rules_endpoint(client):
    r = client.get("/api/rules")
    assert r.status_code == 200
    rules = {rule["id"]: rule for rule in r.json()["rules"]}
    spun = rules["QC101"]
    assert spun["name"] == "spun-phrase" and spun["category"] == "spin" and spun["severity"] in ("error", "warning", "info")
    assert len(spun["description"]) > 40 and spun["examples"]["fail"]


def test_openapi_describes_the_routes_and_the_responses(client):
    jsonschema = pytest.importorskip("jsonschema")
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    app = create_app(warm_up=False)
    served = {(r.path, m.lower()) for r in app.routes if hasattr(r, "methods") for m in (r.methods or ()) if m != "HEAD"}
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert served == documented

    def validate(instance: dict, name: str) -> None:
        jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": doc["components"]}).validate(instance)

    validate(client.post("/api/check", json={"text": SPUN}).json(), "Report")
    validate(client.post("/api/check", json={"title": "t", "body": CHATBOT}).json(), "Report")
    validate(client.post("/api/check", content=b"{", headers={"content-type": "application/json"}).json(), "Error")
    for rule in client.get("/api/rules").json()["rules"]:
        validate(rule, "Rule")
    statuses = set(doc["paths"]["/api/check"]["post"]["responses"])
    assert {"200", "400", "413", "415", "422"} <= statuses


def test_checks_are_safe_to_run_concurrently(client):
    """The shared RuleSet gives the same findings when many threads check at once as when checked one by one."""
    checker = client.app.state.checker
    texts = [SPUN, CHATBOT, INJECTION, SPUN.replace("Metropolis", "City"), "Der Stadtrat hat am Dienstag den Haushalt beschlossen, sagte der Bürgermeister."]
    from qualitycheck.web.inputs import from_text

    def run(text: str) -> str:
        return json.dumps(checker.check_sync(from_text(text, None, "t"))["articles"], sort_keys=True)

    expected = [run(t) for t in texts]
    results: dict[int, str] = {}
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            for _ in range(5):
                results[k] = run(texts[k % len(texts)])
                assert results[k] == expected[k % len(texts)]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]


def test_static_assets_ship_in_the_package():
    names = {p.name for p in Path(STATIC_DIR).iterdir()}
    assert {"index.html", "app.js", "app.css"} <= names


def test_compressed_uploads_and_huge_batches_are_refused(client):
    import gzip

    r = client.post("/api/check", files={"file": ("batch.jsonl.gz", gzip.compress(b'{"title": "t", "text": "x"}\n'), "application/gzip")})
    assert r.status_code == 415 and "compressed" in r.json()["error"]
    from qualitycheck.web.inputs import MAX_ARTICLES

    many = "".join(json.dumps({"id": str(i), "title": "t", "text": "Short."}) + "\n" for i in range(MAX_ARTICLES + 5))
    r = client.post("/api/check", files={"file": ("many.jsonl", many.encode(), "application/x-ndjson")})
    assert r.status_code == 413 and "too many articles" in r.json()["error"]


def test_no_body_or_content_type_makes_the_server_fail(client):
    """Whatever a client sends, the answer is a report or a clear 4xx, never a 500."""
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    ctypes = st.sampled_from(["application/json", "text/plain", "text/html", "text/markdown", "multipart/form-data; boundary=b", "application/x-www-form-urlencoded", "image/png", ""])
    bodies = st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40), lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.sampled_from(["text", "title", "body", "format", "byline", "x"]), kids, max_size=4), max_leaves=12).map(lambda v: json.dumps(v).encode()),
    )

    @hypothesis.settings(max_examples=60, deadline=None, suppress_health_check=list(hypothesis.HealthCheck))
    @hypothesis.given(body=bodies, ctype=ctypes, fmt=st.sampled_from([None, "text", "json", "jsonl", "html", "bogus"]))
    def run(body: bytes, ctype: str, fmt):
        headers = {"content-type": ctype} if ctype else {}
        r = client.post("/api/check" + (f"?format={fmt}" if fmt else ""), content=body, headers=headers)
        assert r.status_code < 500, (r.status_code, r.text)
        assert r.headers["content-type"].startswith("application/json")

    run()
