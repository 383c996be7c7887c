"""Synthetic archives for the audit tests: made-up words only (no real article text in the repo)."""
from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Optional

SYLLABLES = ["ka", "lo", "mi", "ren", "tor", "vel", "sa", "dun", "pe", "ri", "mon", "ta", "gor", "li", "ve", "no", "bra", "ces", "fu", "zan"]


def vocabulary(n: int = 3000, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


VOCAB = vocabulary()


def paragraph(rng: random.Random, words: int = 60) -> str:
    sentences = []
    left = words
    while left > 0:
        k = min(left, rng.randint(8, 16))
        s = " ".join(rng.choice(VOCAB) for _ in range(k))
        sentences.append(s[0].upper() + s[1:] + ".")
        left -= k
    return " ".join(sentences)


def article_text(seed: int, paragraphs: int = 5) -> str:
    rng = random.Random(seed)
    return "\n\n".join(paragraph(rng) for _ in range(paragraphs))


def spin(text: str, fraction: float, seed: int) -> str:
    """Replace ``fraction`` of the words with other vocabulary words (a crude synonym spin)."""
    rng = random.Random(seed)
    out = []
    for para in text.split("\n\n"):
        words = para.split(" ")
        out.append(" ".join(rng.choice(VOCAB) if rng.random() < fraction else w for w in words))
    return "\n\n".join(out)


def record(i: int, text: Optional[str] = None, **extra: object) -> dict:
    rec = {"id": f"a{i}", "language": "en", "title": f"Story number {i}", "byline": "Test Desk", "date": f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}", "site": f"site{i % 3}.example", "text": text if text is not None else article_text(i)}
    rec.update(extra)
    return rec


def write_jsonl(path: Path, records: list, broken: dict[int, str] = {}) -> Path:
    """``broken``: line index -> raw (broken) line to put there instead of a record."""
    lines = []
    it = iter(records)
    total = len(records) + len(broken)
    for i in range(total):
        lines.append(broken[i] if i in broken else json.dumps(next(it)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def html_page(title: str, body: str, date: str = "2024-03-01") -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f'<html><head><title>{title}</title><meta property="article:published_time" content="{date}"></head>'
            f"<body><article><h1>{title}</h1>{paras}</article></body></html>").encode("utf-8")


def _fixed_ids(url: str) -> dict[str, str]:
    """Record id and date from the URL: warcio's defaults (a random UUID, the clock) change the compressed bytes
    from run to run, and with them where a test's deliberate corruption lands."""
    import hashlib

    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()
    return {"WARC-Record-ID": f"<urn:uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}>", "WARC-Date": "2024-05-01T12:00:00Z"}


def write_warc(path: Path, pages: list[tuple[str, bytes]], gz: bool = True, extra_png: bool = True) -> list[int]:
    """A WARC of HTML responses (plus a non-HTML record); returns each record's start offset."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for i, (url, payload) in enumerate(pages):
            offsets.append(handle.tell())
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers, warc_headers_dict=_fixed_ids(url)))
            if extra_png and i == 0:
                offsets.append(handle.tell())
                png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url + ".png", "response", payload=io.BytesIO(b"\x89PNG...."), http_headers=png, warc_headers_dict=_fixed_ids(url + ".png")))
    return offsets
