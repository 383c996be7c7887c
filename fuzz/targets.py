"""Fuzz targets shared by the property tests (tests/test_fuzz_*.py) and the long campaign (fuzz/run_campaign.py).

Each target takes bytes and either returns normally or raises ``Crash`` (an invariant broke) or any other
exception (a bug). Expected outcomes -- a ``RuleError`` for a broken rule file, an error article with an input
finding for a broken record -- are not crashes.
"""
from __future__ import annotations

import io
import os
import random
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from qualitycheck.api import check_articles
from qualitycheck.config import Config
from qualitycheck.engine.engine import load_rules
from qualitycheck.engine.rules import RuleError
from qualitycheck.loaders import FORMATS, Limits, load_bytes, load_string
from qualitycheck.model import Article, SourceRef

ROOT = Path(__file__).resolve().parents[1]

#: small limits, so that the bounds themselves get exercised by small inputs
FUZZ_LIMITS = Limits(
    max_file_bytes=20_000,
    max_article_chars=5_000,
    max_line_bytes=4_000,
    max_records=50,
    max_paragraphs=40,
    max_json_depth=16,
    max_decompressed_bytes=50_000,
    max_html_depth=30,
    max_html_elements=400,
    max_front_matter_chars=2_000,
    regex_timeout=0.5,
)
INPUT_RULES = {"QC001", "QC003", "QC004", "QC005", "QC006"}


class Crash(AssertionError):
    """An invariant of the loaders or the engine did not hold."""


def check_article_invariants(article: Article) -> None:
    if not isinstance(article.id, str) or not article.id:
        raise Crash(f"article without id: {article.id!r}")
    if not all(isinstance(p, str) and p for p in article.body):
        raise Crash("empty or non-text paragraph in body")
    if len(article.text) > FUZZ_LIMITS.max_article_chars:
        raise Crash(f"body of {len(article.text)} characters passed the limit")
    if len(article.body) > FUZZ_LIMITS.max_paragraphs:
        raise Crash(f"{len(article.body)} paragraphs passed the limit")
    starts = article.positions.get("body")
    if starts is not None and len(starts) != len(article.body):
        raise Crash(f"{len(starts)} body positions for {len(article.body)} paragraphs")
    if not article.body and not article.title and not {h.rule for h in article.load_issues} & INPUT_RULES:
        raise Crash("article with no text and no input finding")
    for offset in (0, len(article.text) // 2, len(article.text)):
        article.locate("body", offset)
    article.locate("title", 0)


def _no_records(data: bytes, fmt: str) -> bool:
    """May ``data`` legitimately give no article at all? Only a record stream with nothing but blank lines."""
    if fmt == "jsonl":
        return not data.strip()
    if fmt == "jsonl.gz":
        import gzip
        import zlib

        try:
            return not gzip.decompress(data).strip()
        except (OSError, EOFError, zlib.error):
            return False
    return fmt == "warc"  # a WARC without response records holds no article


def load_format(data: bytes, fmt: str) -> list[Article]:
    """Every article of ``data`` read as format ``fmt``, with invariants checked."""
    spec = FORMATS[fmt]
    source = SourceRef(path=f"fuzz.{fmt}", format=fmt)
    if spec.stream_loader is not None:
        articles = list(spec.stream_loader(io.BytesIO(data), source.path, FUZZ_LIMITS))
    else:
        articles = list(load_bytes(data, spec, source, FUZZ_LIMITS, len(data)))
    if not articles and not _no_records(data, fmt):
        raise Crash(f"{fmt}: {len(data)} bytes gave no article and no input finding")
    for article in articles:
        check_article_invariants(article)
    return articles


_CONFIG = Config(options={"limits": {k: v for k, v in FUZZ_LIMITS.__dict__.items()}})


def check_format(data: bytes, fmt: str) -> None:
    """Load, then run every bundled rule: one report per article, findings inside their field."""
    articles = load_format(data, fmt)
    report = check_articles(articles, _CONFIG)
    if len(report.articles) != len(articles):
        raise Crash(f"{len(articles)} articles in, {len(report.articles)} reports out")
    for rep, article in zip(report.articles, articles):
        rep.to_dict()
        for f in rep.findings:
            text = article.field_text(f.field) if f.field != "article" else ""
            if f.field != "article" and not (0 <= f.start <= f.end <= len(text)):
                raise Crash(f"{f.rule} span {f.start}:{f.end} outside {f.field} of length {len(text)}")


def check_text(data: bytes) -> None:
    """A pasted string, format sniffed, as the web page and ``qualitycheck.check(str)`` see it."""
    text = data.decode("utf-8", errors="replace")
    articles = list(load_string(text, name="fuzz", limits=FUZZ_LIMITS))
    for article in articles:
        check_article_invariants(article)
    report = check_articles(articles, _CONFIG)
    if len(report.articles) != len(articles):
        raise Crash("reports lost")


def load_rule_bytes(data: bytes) -> None:
    """A user rule file: loads, or fails with a RuleError naming the file and a line."""
    with tempfile.TemporaryDirectory(prefix="qc-fuzz-") as folder:
        path = os.path.join(folder, "fuzz.yml")
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            load_rules(Config(options={"limits": {"regex_timeout": 0.5}}), paths=[folder])
        except RuleError as exc:
            if not str(exc).startswith(path + ":") and not str(exc).startswith("<detector>:"):
                raise Crash(f"RuleError does not name the file: {exc}") from None


_WEB: list = []
_UPLOAD_NAMES = ["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.jsonl.gz", "a.bin", "noext"]


def web_request(data: bytes) -> None:
    """``serve`` mode: the same bytes as a JSON body, a raw text body and a file upload must each give a report
    (200) or a clear 4xx JSON error, never a 500."""
    if not _WEB:
        from starlette.testclient import TestClient

        from qualitycheck.web import create_app

        client = TestClient(create_app(_CONFIG, max_bytes=100_000, warm_up=False), base_url="http://127.0.0.1")
        client.__enter__()
        _WEB.append(client)
    client = _WEB[0]
    name = _UPLOAD_NAMES[data[0] % len(_UPLOAD_NAMES)] if data else "a.txt"
    for response in (
        client.post("/api/check", content=data, headers={"Content-Type": "application/json"}),
        client.post("/api/check", content=data, headers={"Content-Type": "text/plain"}),
        client.post("/api/check", files={"file": (name, data, "application/octet-stream")}),
    ):
        if response.status_code >= 500 or response.status_code < 200:
            raise Crash(f"HTTP {response.status_code}: {response.text[:200]}")
        body = response.json()
        if response.status_code == 200 and not body.get("articles"):
            raise Crash("200 without articles")
        if response.status_code >= 400 and not body.get("error") and not body.get("message") and not body.get("detail"):
            raise Crash(f"HTTP {response.status_code} without a message: {response.text[:200]}")


TARGETS: dict[str, Callable[[bytes], None]] = {
    **{f"load-{name}": (lambda data, name=name: load_format(data, name)) for name in ("text", "markdown", "html", "json", "jsonl", "jsonl.gz")},
    **{f"check-{name}": (lambda data, name=name: check_format(data, name)) for name in ("text", "markdown", "html", "jsonl")},
    "check-pasted": check_text,
    "rules": load_rule_bytes,
}
try:  # the web extra is optional
    import starlette  # noqa: F401
    import httpx  # noqa: F401

    TARGETS["web"] = web_request
except ImportError:  # pragma: no cover
    pass
if "warc" in FORMATS:  # registered by loaders/warc.py when present
    TARGETS["load-warc"] = lambda data: load_format(data, "warc")


# --- seeds and mutations for the campaign --------------------------------------------------------------------

TOKENS = [
    b"\n", b"\n\n", b"\r\n", b"---\n", b"...\n", b"# ", b"```\n", b"<!-- ", b" -->", b"By ", b"{", b"}", b"[", b"]",
    b'"', b"\\", b":", b",", b'"text": ', b'"id": ', b"null", b"1e999", b"-0", b"<div>", b"</div>", b"<p>", b"</p>",
    b"<script>", b"</script>", b'<script type="application/ld+json">', b'<meta name="author" content="', b"<title>",
    b"&amp;", b"&#0;", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3\x28", b"\xe2\x80", b"&a [x, x]", b"*a", b"!!python/object:os.system",
    b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n", b"Content-Length: 99999\r\n", b"\r\n\r\n", "ο".encode(), "â€™".encode(), b"kAm",
    b"pattern: '(a+)+$'\n", b"type: detector\n", b"detector: os:system\n", b"languages: ['*']\n", b"examples: {fail: [x], pass: [y]}\n",
]


def seeds(target: str) -> list[bytes]:
    """Starting inputs: the samples and rule files of the repository, plus a few hand-made records."""
    found: list[bytes] = []
    if target == "rules":
        found += [p.read_bytes() for p in sorted((ROOT / "rules").rglob("*.yml"))]
    else:
        found += [p.read_bytes() for p in sorted((ROOT / "samples").glob("*")) if p.is_file()]
    if target.endswith("gz"):
        import gzip

        found = [gzip.compress(s) for s in found]
    if target.endswith("warc"):
        found = [warc_of(found), warc_of(found, gz=True)]
    found.append(b'{"id": "a", "title": "Council approves budget", "text": "The council approved it, the mayor said."}\n')
    return [s[:20_000] for s in found] or [b""]


def warc_of(pages: list[bytes], gz: bool = False) -> bytes:
    """A small WARC (response records wrapping the given pages, plus a request record) for seeding."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for i, page in enumerate(pages[:4]):
        url = f"https://news.example/{i}"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=headers))
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return out.getvalue()


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits: bit flips, byte runs, token splices, chunk duplication, truncation."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        pos = rng.randint(0, len(buf))
        if op == 0 and buf:
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = rng.choice(TOKENS) * rng.choice((1, 1, 2, 50, 2000))
        elif op == 2 and buf:
            end = min(len(buf), pos + rng.randint(1, 64))
            del buf[pos:end]
        elif op == 3 and buf:
            start = rng.randrange(len(buf))
            chunk = buf[start : start + rng.randint(1, 256)]
            buf[pos:pos] = chunk * rng.choice((1, 2, 20))
        elif op == 4:
            del buf[pos:]
        elif op == 5:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:
            buf[pos:pos] = rng.choice(TOKENS)
    return bytes(buf[:200_000])


def corpus_iter(target: str, rng: random.Random) -> Iterator[bytes]:
    pool = seeds(target)
    while True:
        yield mutate(rng.choice(pool), rng)
