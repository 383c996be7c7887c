"""Cut the input into *work units* and turn one unit into per-article results.

A unit is small, picklable and self-describing, so the same units feed the local process pool and Spark:

* ``jsonl-range`` -- a byte range of a plain JSONL file, cut at line ends; the worker reads the range itself.
  The planner only counts lines (no JSON parsing), so the parent stays light.
* ``jsonl-lines`` -- already decompressed lines of a gzipped JSONL file, shipped as bytes (gzip cannot seek).
* ``warc-records`` -- raw HTML captures of a WARC file (headers + payload bytes); the worker extracts the text.
* ``files`` -- whole small files (text, Markdown, HTML, JSON, or a whole archive when the engine reads files
  itself, as Spark does); the worker loads them with the ordinary loaders.
* ``error`` -- a problem met by the planner itself (e.g. a gzip stream that ends early), reported as an article.

Units come out in a deterministic order, so a resumed run regenerates the same sequence and can skip the units
already committed. Articles inside a unit keep input order; every article gets exactly one result.
"""
from __future__ import annotations

import gzip
import json
import os
import zlib
from dataclasses import dataclass
from typing import Any, Iterator, Optional, Sequence

from ..config import Config
from ..loaders import LoadError, expand_paths, format_for, load_file
from ..loaders.common import Limits, error_article
from ..loaders.records import load_jsonl_stream
from ..model import Article, SourceRef

#: articles per unit: small enough to commit often and balance the pool, large enough to amortise IPC
UNIT_RECORDS = 64
UNIT_BYTES = 4 << 20
FILES_PER_UNIT = 16


@dataclass
class Unit:
    kind: str
    path: str = ""
    fmt: str = ""
    start: int = 0  # byte offset in the file (jsonl-range)
    end: int = 0
    line0: int = 0  # lines of the file before this unit
    record0: int = 0  # records of the file before this unit
    payload: Any = None  # bytes (jsonl-lines), list of WarcHtml (warc-records), list of paths (files), message (error)
    nbytes: int = 0  # input bytes this unit accounts for (progress and ETA)


def input_files(paths: Sequence[str], config: Config) -> list[str]:
    """Every file an audit will read, in order. Raises LoadError for a missing path (a usage error, exit 2)."""
    files: list[str] = []
    for given in paths:
        if given == "-":
            raise LoadError("audit reads files, not stdin (a resumable run must be able to read its input again)")
        files.extend(expand_paths([given], config.include, config.exclude, config.input_format))
    return files


def file_format(path: str, config: Config) -> Optional[str]:
    return config.input_format or format_for(path)


def fingerprint(files: Sequence[str]) -> list[list[Any]]:
    """What the inputs looked like: a resume refuses to continue over inputs that changed since."""
    out: list[list[Any]] = []
    for path in files:
        st = os.stat(path)
        out.append([os.path.abspath(path), st.st_size, int(st.st_mtime)])
    return out


def plan_units(files: Sequence[str], config: Config, limits: Limits, *, engine_reads_archives: bool = False) -> Iterator[Unit]:
    """Units over all files, in input order.

    ``engine_reads_archives``: hand gzip and WARC files to the engine as whole-file units (Spark: one task per
    archive, the way cc-pyspark does) instead of decompressing and parsing them here.
    """
    pending: list[str] = []
    pending_bytes = 0

    def flush() -> Iterator[Unit]:
        nonlocal pending, pending_bytes
        if pending:
            yield Unit("files", payload=list(pending), nbytes=pending_bytes)
            pending, pending_bytes = [], 0

    for path in files:
        fmt = file_format(path, config)
        size = _size(path)
        if fmt == "jsonl":
            yield from flush()
            yield from _jsonl_ranges(path, size, limits)
        elif fmt in ("jsonl.gz", "warc") and not engine_reads_archives:
            yield from flush()
            yield from (_gz_lines(path, size, limits) if fmt == "jsonl.gz" else _warc_units(path, size, limits))
        else:
            pending.append(path)
            pending_bytes += size
            if len(pending) >= FILES_PER_UNIT or fmt in ("jsonl.gz", "warc", "json"):
                yield from flush()
    yield from flush()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _jsonl_ranges(path: str, size: int, limits: Limits) -> Iterator[Unit]:
    """Byte ranges of UNIT_RECORDS records each, cut at line ends. Counts lines exactly as the JSONL loader does."""
    try:
        handle = open(path, "rb")
    except OSError:
        yield Unit("files", payload=[path], nbytes=size)  # let the loader report it as the check command would
        return
    with handle:
        start = pos = 0
        line0 = record0 = 0
        lines = records = 0
        while True:
            pieces = _read_line(handle, 1 << 20)
            if not pieces:
                break
            pos += sum(len(p) for p in pieces)
            lines += 1
            if any(p.strip() for p in pieces):
                records += 1
            if records >= UNIT_RECORDS or pos - start >= UNIT_BYTES:
                yield Unit("jsonl-range", path, "jsonl", start, pos, line0, record0, nbytes=pos - start)
                start, line0, record0 = pos, line0 + lines, record0 + records
                lines = records = 0
        if pos > start:
            yield Unit("jsonl-range", path, "jsonl", start, pos, line0, record0, nbytes=pos - start)


def _read_line(stream: Any, size: int) -> list[bytes]:
    """One whole line as the pieces ``readline(size)`` returns (a long line comes in several); [] at the end."""
    first = stream.readline(size)
    if not first:
        return []
    pieces = [first]
    while not pieces[-1].endswith(b"\n"):
        more = stream.readline(size)
        if not more:
            break
        pieces.append(more)
    return pieces


def _gz_lines(path: str, size: int, limits: Limits) -> Iterator[Unit]:
    raw_handle = open(path, "rb")
    with raw_handle:
        reader = gzip.GzipFile(fileobj=raw_handle)
        chunk: list[bytes] = []
        line0 = record0 = 0
        lines = records = 0
        last_pos = 0
        try:
            while True:
                pieces = _read_line(reader, limits.max_line_bytes + 1)
                if not pieces:
                    break
                chunk.extend(pieces)
                lines += 1
                if any(p.strip() for p in pieces):
                    records += 1
                if records >= UNIT_RECORDS:
                    pos = raw_handle.tell()
                    yield Unit("jsonl-lines", path, "jsonl", line0=line0, record0=record0, payload=b"".join(chunk), nbytes=pos - last_pos)
                    last_pos, line0, record0 = pos, line0 + lines, record0 + records
                    chunk, lines, records = [], 0, 0
        except (OSError, EOFError, gzip.BadGzipFile, ValueError, zlib.error) as exc:
            if chunk:
                yield Unit("jsonl-lines", path, "jsonl", line0=line0, record0=record0, payload=b"".join(chunk), nbytes=0)
                line0, record0 = line0 + lines, record0 + records
            lineno = line0 + 1
            source = SourceRef(path=path, record=record0, line=lineno, format="jsonl")
            msg = f"{path} line {lineno}: cannot read further ({type(exc).__name__}: {exc}); {record0} records were read before"
            yield Unit("error", path, "jsonl", payload=(source, msg, {"line": lineno}), nbytes=size - last_pos)
            return
        if chunk:
            yield Unit("jsonl-lines", path, "jsonl", line0=line0, record0=record0, payload=b"".join(chunk), nbytes=size - last_pos)


def _warc_units(path: str, size: int, limits: Limits) -> Iterator[Unit]:
    from ..loaders.warc import iter_warc

    batch: list[Any] = []
    batch_bytes = 0
    last_offset = 0
    with open(path, "rb") as handle:
        for item in iter_warc(handle, path, limits):
            batch.append(item)
            batch_bytes += len(getattr(item, "payload", b""))
            if len(batch) >= UNIT_RECORDS // 2 or batch_bytes >= UNIT_BYTES:
                offset = getattr(item, "offset", last_offset)
                yield Unit("warc-records", path, "warc", payload=batch, nbytes=max(0, offset - last_offset))
                batch, batch_bytes, last_offset = [], 0, offset
    if batch:
        yield Unit("warc-records", path, "warc", payload=batch, nbytes=max(0, size - last_offset))


# -- worker side -------------------------------------------------------------------------------------------------

def unit_articles(unit: Unit, config: Config, limits: Limits) -> Iterator[Article]:
    """The articles of one unit, exactly as ``check`` would load them (same ids, sources and messages)."""
    if unit.kind == "jsonl-range":
        import io

        with open(unit.path, "rb") as handle:
            handle.seek(unit.start)
            data = handle.read(unit.end - unit.start)
        for article in load_jsonl_stream(io.BytesIO(data), unit.path, limits):
            yield _shift(article, unit)
    elif unit.kind == "jsonl-lines":
        import io

        for article in load_jsonl_stream(io.BytesIO(unit.payload), unit.path, limits):
            yield _shift(article, unit)
    elif unit.kind == "warc-records":
        from ..loaders.warc import WarcHtml, article_from_warc

        for item in unit.payload:
            yield article_from_warc(item, limits) if isinstance(item, WarcHtml) else item
    elif unit.kind == "files":
        for path in unit.payload:
            try:
                yield from load_file(path, config.input_format, limits)
            except LoadError as exc:  # vanished or unreadable since planning: still one report, never a crash
                yield error_article(SourceRef(path=path), str(exc))
    elif unit.kind == "error":
        source, message, evidence = unit.payload
        yield error_article(source, message, **evidence)
    else:  # pragma: no cover - a programming error
        raise ValueError(f"unknown unit kind {unit.kind!r}")


def _shift(article: Article, unit: Unit) -> Article:
    """Renumber lines and records of an article read from the middle of a file, as if read from its start."""
    if not unit.line0 and not unit.record0:
        return article
    src = article.source
    old_label = src.label()
    old_line = src.line
    if src.line is not None:
        src.line += unit.line0
    if src.record is not None:
        src.record += unit.record0
    new_label = src.label()
    if article.id == old_label:
        article.id = new_label
    for hit in article.load_issues:
        if hit.message:
            msg = hit.message.replace(old_label, new_label)
            if old_line is not None:
                prefix = f"{unit.path} line {old_line}"
                if msg.startswith(prefix):
                    msg = f"{unit.path} line {src.line}" + msg[len(prefix):]
            hit.message = msg
        if isinstance(hit.evidence, dict):
            if isinstance(hit.evidence.get("line"), int):
                hit.evidence["line"] += unit.line0
            for key, value in list(hit.evidence.items()):
                if value == old_label:
                    hit.evidence[key] = new_label
    return article


def json_line(obj: Any) -> str:
    """The same serialisation as ``check --format jsonl``."""
    return json.dumps(obj, ensure_ascii=False)
