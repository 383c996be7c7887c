"""WARC / ARC web archives (plain or gzipped), read as a stream with warcio.

Only successful HTML captures are articles: ``response`` records whose HTTP status is 2xx and whose payload is
HTML, and ``resource`` records typed as HTML. Everything else in the archive (requests, metadata, images, CSS,
redirects, revisits) is skipped without a report, because it is not an article.

Reading happens in two steps so that a parallel audit can split the work: :func:`iter_warc` walks the archive
and yields cheap :class:`WarcHtml` records (headers plus raw payload bytes) -- or error articles for records it
cannot read -- and :func:`article_from_warc` does the expensive part (decoding and main-text extraction).
The registered stream loader simply chains the two, so ``check`` and ``audit`` produce the same articles.

A corrupt record never ends the run: it becomes an error article naming the file, record number and byte
offset, and reading resumes at the next record boundary found after it (a gzip member or a ``WARC/1.x`` line).
"""
from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from typing import IO, Iterator, Optional, Union

from ..model import Article, SourceRef
from .common import ENCODING, TRUNCATED, UNREADABLE, Limits, decode_bytes, error_article, issue

try:  # warcio is a core dependency, but keep ``import qualitycheck.loaders`` working without it
    from warcio.archiveiterator import ArchiveIterator
except ImportError:  # pragma: no cover
    ArchiveIterator = None  # type: ignore[assignment,misc]

#: how many unreadable stretches one archive may have before we stop looking for the next record
MAX_RESYNCS = 10_000
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"(?:^|\n)(WARC/1\.[01]\r?\n)")


@dataclass
class WarcHtml:
    """One HTML capture, not yet extracted: what a worker needs to build the article."""

    path: str
    record: int  # 0-based ordinal of the record among all records read from the file
    offset: int  # byte offset of the record in the (compressed) file
    url: Optional[str]
    warc_date: Optional[str]
    record_id: Optional[str]
    charset: Optional[str]
    payload: bytes
    truncated: bool = False
    size: int = 0


def _is_html(content_type: Optional[str]) -> bool:
    ct = (content_type or "").lower()
    return "html" in ct


def _html_capture(rec) -> tuple[bool, Optional[str]]:  # type: ignore[no-untyped-def]
    """(is an HTML article capture, content type)."""
    if rec.rec_type == "response":
        http = rec.http_headers
        if http is None:
            return False, None
        status = (http.get_statuscode() or "").strip()
        if not status.startswith("2"):
            return False, None
        ct = http.get_header("Content-Type")
        return _is_html(ct), ct
    if rec.rec_type == "resource":
        ct = rec.rec_headers.get_header("Content-Type")
        return _is_html(ct), ct
    return False, None


def _next_boundary(stream: IO[bytes], start: int, gz: bool) -> Optional[int]:
    """Byte offset of the next plausible record start at or after ``start`` (None at end of file)."""
    start = max(0, start)
    stream.seek(start)
    pos = start
    tail = b""
    while True:
        block = stream.read(1 << 20)
        if not block:
            return None
        data = tail + block
        base = pos - len(tail)
        if gz:
            hit = data.find(_GZIP_MAGIC)
            if hit >= 0:
                return base + hit
        else:
            m = _WARC_LINE.search(data)
            if m:
                return base + m.start(1)
        tail = data[-16:]
        pos += len(block)


def iter_warc(stream: IO[bytes], path: Optional[str], limits: Limits) -> Iterator[Union[WarcHtml, Article]]:
    """HTML captures of an archive as :class:`WarcHtml`, and error articles for records that cannot be read."""
    name = path or "<stdin>"
    if ArchiveIterator is None:  # pragma: no cover
        yield error_article(SourceRef(path=name, format="warc"), f"{name}: WARC input needs the 'warcio' package (pip install warcio)")
        return
    seekable = False
    try:
        seekable = stream.seekable()
        head = stream.read(2)
        stream.seek(0)
    except (OSError, ValueError):
        head = b""
    gz = head == _GZIP_MAGIC[:2]
    record = 0
    start = 0
    resyncs = 0
    while True:
        if seekable:
            stream.seek(start)
        archive = ArchiveIterator(stream, arc2warc=True)
        offset = start
        yielded = False  # has this iterator produced a record yet?
        failed_at: Optional[int] = None
        problem = ""
        while True:
            try:
                with _quiet():
                    rec = next(archive)
            except StopIteration:
                break
            except Exception as exc:  # any parse failure: report this record, then look for the next one
                failed_at, problem = archive.offset, _describe(exc)
                break
            offset = archive.offset
            yielded = True
            here = record
            record += 1
            try:
                is_html, ctype = _html_capture(rec)
                if not is_html:
                    continue
                with _quiet():
                    payload = rec.content_stream().read(limits.max_file_bytes + 1)
            except Exception as exc:  # a broken body (bad chunking, bad content encoding) is this record's problem
                yield _record_error(name, here, offset, _describe(exc))
                continue
            charset = _CHARSET.search(ctype or "")
            yield WarcHtml(
                path=name,
                record=here,
                offset=offset,
                url=rec.rec_headers.get_header("WARC-Target-URI"),
                warc_date=rec.rec_headers.get_header("WARC-Date"),
                record_id=rec.rec_headers.get_header("WARC-Record-ID"),
                charset=charset.group(1) if charset else None,
                payload=payload[: limits.max_file_bytes],
                truncated=len(payload) > limits.max_file_bytes,
                size=len(payload),
            )
        if failed_at is None:
            return
        if yielded and failed_at == offset and seekable:
            # the failure came while stepping past a good record: the bad bytes start after it, so look for the
            # next boundary and let a fresh iterator meet (and report) the broken record at its real offset
            failed_at = None
        else:
            here = record
            record += 1
            yield _record_error(name, here, failed_at, problem)
            if not seekable:
                return
        resyncs += 1
        if resyncs > MAX_RESYNCS:
            return
        nxt = _next_boundary(stream, (offset if failed_at is None else failed_at) + 1, gz)
        if nxt is None:
            return
        start = nxt


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """warcio prints warnings about bad Content-Length straight to stderr; keep them out of our output.

    Only ever wrapped around warcio calls, never around a ``yield`` (the consumer's stderr must stay intact)."""
    with contextlib.redirect_stderr(io.StringIO()):
        yield


def _describe(exc: BaseException) -> str:
    """A short, printable one-line description of a parse failure (warcio quotes raw bytes in its messages)."""
    message = str(exc)[:2000].strip()
    text = message.splitlines()[0][:120] if message else "unreadable record"
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return f"{type(exc).__name__}: {text}"


def _record_error(name: str, record: int, offset: int, problem: str) -> Article:
    source = SourceRef(path=name, record=record, format="warc")
    return error_article(source, f"{name} record {record} (offset {offset}): unreadable WARC record ({problem}); skipped to the next record", record=record, offset=offset)


def article_from_warc(raw: WarcHtml, limits: Limits) -> Article:
    """Decode and extract one HTML capture into an article (the expensive step)."""
    from .html import load_html

    source = SourceRef(path=raw.path, record=raw.record, format="warc")
    text: Optional[str] = None
    problem: Optional[str] = None
    encoding: Optional[str] = None
    if raw.charset:
        try:
            text = raw.payload.decode(raw.charset)
            encoding = raw.charset
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding, problem = decode_bytes(raw.payload)
    if text is None:
        return error_article(source, f"{raw.path} record {raw.record} (offset {raw.offset}): {problem}; not checked", record=raw.record, offset=raw.offset)
    article = next(iter(load_html(text, source, limits)))
    if not article.url and raw.url:
        article.url = raw.url
    meta = {"warc_target_uri": raw.url, "warc_date": raw.warc_date, "warc_record_id": raw.record_id, "warc_offset": raw.offset}
    article.metadata.update({k: v for k, v in meta.items() if v is not None})
    if problem:
        article.load_issues.append(issue(ENCODING, f"{raw.path} record {raw.record}: {problem}", encoding=encoding))
    if raw.truncated:
        article.load_issues.append(issue(TRUNCATED, f"{raw.path} record {raw.record}: payload is {raw.size:,} bytes or more; only the first {limits.max_file_bytes:,} were read", limit=limits.max_file_bytes))
    return article


def load_warc_stream(stream: IO[bytes], path: Optional[str], limits: Limits) -> Iterator[Article]:
    for item in iter_warc(stream, path, limits):
        yield article_from_warc(item, limits) if isinstance(item, WarcHtml) else item


def _register() -> None:
    from . import Format, register_format

    register_format(Format("warc", (".warc", ".warc.gz", ".arc", ".arc.gz"), stream_loader=load_warc_stream))


_register()

__all__ = ["WarcHtml", "iter_warc", "article_from_warc", "load_warc_stream", "UNREADABLE"]
