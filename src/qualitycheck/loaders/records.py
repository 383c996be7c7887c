"""JSON and JSONL records (also gzipped): one article per object. A broken line is reported, never dropped."""
from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from typing import IO, Any, Iterator, Optional

from ..model import Article, SourceRef
from .common import EMPTY, TRUNCATED, UNREADABLE, Limits, apply_limits, error_article, issue, split_paragraphs
from .markdown import FIELD_KEYS, names_of, scalar

BODY_KEYS = ("text", "body", "content", "article", "maintext")
SITE_KEYS = ("site", "sitename", "site_name", "publisher", "outlet")


def json_depth_ok(text: str, limit: int) -> bool:
    """Cheap bracket-depth scan (strings skipped) so deeply nested JSON is refused before json.loads recurses."""
    if text.count("[") + text.count("{") <= limit:
        return True  # cannot nest deeper than the number of openers
    depth = 0
    in_str = False
    escape = False
    for ch in text:
        if in_str:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def article_from_record(rec: dict[str, Any], source: SourceRef, limits: Limits) -> Article:
    label = source.label()
    ident = rec.get("id")
    article = Article(id=str(ident) if ident not in (None, "") else label, source=source)
    used: set[str] = {"id"}
    title = rec.get("title") if rec.get("title") is not None else rec.get("headline")
    used.update(("title", "headline"))
    article.title = str(title).strip() if title is not None else ""
    for key in ("subtitle", "description", "dek"):
        if rec.get(key):
            article.subtitle = str(rec[key]).strip()
            used.add(key)
            break
    for key in ("byline", "author", "authors"):
        if rec.get(key):
            article.byline = names_of(rec[key])
            used.add(key)
            break
    for key in FIELD_KEYS["date"]:
        if rec.get(key):
            article.date = str(scalar(rec[key]))
            used.add(key)
            break
    for key in ("url", "canonical_url", "link"):
        if rec.get(key):
            article.url = str(rec[key])
            used.add(key)
            break
    for key in SITE_KEYS:
        if rec.get(key):
            article.site = str(rec[key]) if not isinstance(rec[key], dict) else str(rec[key].get("name", ""))
            used.add(key)
            break
    if not article.site and isinstance(rec.get("source"), str):
        article.site = rec["source"]
    for key in ("language", "lang"):
        if isinstance(rec.get(key), str) and rec[key]:
            article.language = rec[key]
            used.add(key)
            break
    body: Any = None
    for key in BODY_KEYS:
        if rec.get(key) is not None:
            body = rec[key]
            used.add(key)
            break
    if isinstance(body, list):
        article.body = [str(p).strip() for p in body if str(p).strip()]
    elif body is not None:
        text = str(body)
        if "\n\n" not in text and "\n" in text:
            text = re.sub(r"\n+", "\n\n", text)
        article.body, _ = split_paragraphs(text)
    if body is None and title is None:
        article.load_issues.append(issue(UNREADABLE, f"{label}: record has no text/body/content and no title field", keys=sorted(rec)[:20]))
    article.metadata = {k: v for k, v in rec.items() if k not in used}
    nested = article.metadata.get("metadata")
    if isinstance(nested, dict):
        # exports often nest extra fields under "metadata" (and the docs show `metadata.reference`): lift them,
        # top-level keys winning
        del article.metadata["metadata"]
        article.metadata = {**nested, **article.metadata}
    return apply_limits(article, limits)


def _open(stream: IO[bytes], gz: bool) -> IO[bytes]:
    return gzip.GzipFile(fileobj=stream) if gz else stream  # type: ignore[return-value]


class DecompressionBomb(Exception):
    """A compressed input expanded past ``Limits.max_decompressed_bytes``."""


class _Budget:
    """Counts bytes handed out by ``readline`` so a small gzip cannot expand without bound (zip bomb)."""

    def __init__(self, reader: IO[bytes], limit: Optional[int]):
        self.reader, self.limit, self.used = reader, limit, 0

    def readline(self, size: int) -> bytes:
        if self.limit is not None:
            room = self.limit - self.used
            if room <= 0:
                raise DecompressionBomb()
            size = min(size, room)
        raw = self.reader.readline(size)
        self.used += len(raw)
        return raw


def load_jsonl_stream(stream: IO[bytes], path: Optional[str], limits: Limits, gz: bool = False) -> Iterator[Article]:
    name = path or "<stdin>"
    lineno = 0
    record = 0
    reader = _Budget(_open(stream, gz), limits.max_decompressed_bytes if gz else None)
    try:
        while True:
            raw = reader.readline(limits.max_line_bytes + 1)
            if not raw:
                break
            lineno += 1
            if len(raw) > limits.max_line_bytes and not raw.endswith(b"\n"):
                # skip the rest of this over-long line
                lineno -= 1  # still inside it, should the data end or the decompression limit hit
                while True:
                    more = reader.readline(1 << 20)
                    if not more or more.endswith(b"\n"):
                        break
                lineno += 1
                source = SourceRef(path=name, record=record, line=lineno, format="jsonl")
                record += 1
                yield error_article(source, f"{name} line {lineno}: line longer than {limits.max_line_bytes:,} bytes; record skipped", line=lineno)
                continue
            if not raw.strip():
                continue
            source = SourceRef(path=name, record=record, line=lineno, format="jsonl")
            record += 1
            if record > limits.max_records:
                yield error_article(source, f"{name} line {lineno}: more than {limits.max_records:,} records; the rest of the file was not read", line=lineno)
                return
            text = raw.decode("utf-8", errors="replace")
            if not json_depth_ok(text, limits.max_json_depth):
                yield error_article(source, f"{name} line {lineno}: JSON nested deeper than {limits.max_json_depth} levels; record skipped", line=lineno)
                continue
            try:
                rec = json.loads(text)
            except (ValueError, RecursionError) as exc:
                msg = getattr(exc, "msg", None) or type(exc).__name__
                yield error_article(source, f"{name} line {lineno}: invalid JSON ({msg}); record skipped", line=lineno)
                continue
            if not isinstance(rec, dict):
                yield error_article(source, f"{name} line {lineno}: expected a JSON object, got {type(rec).__name__}; record skipped", line=lineno)
                continue
            yield article_from_record(rec, source, limits)
    except DecompressionBomb:
        source = SourceRef(path=name, record=record, line=lineno + 1, format="jsonl")
        yield error_article(source, f"{name} line {lineno + 1}: decompressed data passed {limits.max_decompressed_bytes:,} bytes; the rest of the file was not read ({record} records were read before)", rule=TRUNCATED, line=lineno + 1, limit=limits.max_decompressed_bytes)
    except (OSError, EOFError, ValueError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        source = SourceRef(path=name, record=record, line=lineno + 1, format="jsonl")
        yield error_article(source, f"{name} line {lineno + 1}: cannot read further ({type(exc).__name__}: {exc}); {record} records were read before", line=lineno + 1)


def load_json_text(text: str, path: Optional[str], limits: Limits) -> Iterator[Article]:
    name = path or "<stdin>"
    if not json_depth_ok(text, limits.max_json_depth):
        yield error_article(SourceRef(path=name, format="json"), f"{name}: JSON nested deeper than {limits.max_json_depth} levels")
        return
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        lineno = getattr(exc, "lineno", None)
        where = f" line {lineno}" if lineno else ""
        yield error_article(SourceRef(path=name, line=lineno, format="json"), f"{name}{where}: invalid JSON ({getattr(exc, 'msg', type(exc).__name__)})", line=lineno)
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        yield article_from_record(data, SourceRef(path=name, format="json"), limits)
        return
    if not isinstance(data, list):
        yield error_article(SourceRef(path=name, format="json"), f"{name}: expected a JSON object or a list of objects, got {type(data).__name__}")
        return
    if not data:  # a file with no records must still show up in the report
        yield error_article(SourceRef(path=name, format="json"), f"{name}: the JSON list holds no records", rule=EMPTY)
        return
    for i, rec in enumerate(data[: limits.max_records]):
        source = SourceRef(path=name, record=i, format="json")
        if isinstance(rec, dict):
            yield article_from_record(rec, source, limits)
        else:
            yield error_article(source, f"{name} record {i}: expected a JSON object, got {type(rec).__name__}", record=i)
    if len(data) > limits.max_records:
        source = SourceRef(path=name, record=limits.max_records, format="json")
        yield error_article(source, f"{name}: {len(data):,} records; only the first {limits.max_records:,} were read", rule=TRUNCATED, record=limits.max_records, limit=limits.max_records)


def load_jsonl_text(text: str, path: Optional[str], limits: Limits) -> Iterator[Article]:
    yield from load_jsonl_stream(io.BytesIO(text.encode("utf-8")), path, limits)
