"""Turn paths, stdin or strings into ``Article``s. Format comes from the file name unless ``input_format`` is set.

Two kinds of loader: *text* loaders get the decoded file (text, Markdown, HTML, JSON), *stream* loaders get a
binary stream and yield records as they go (JSONL, gzipped JSONL; WARC registers itself the same way), so a
large archive never sits in memory.

A path that cannot be read at all raises ``LoadError`` (a run-level error); a file or record that can be
opened but not understood becomes an ``Article`` carrying a ``QC001`` load issue, so nothing is silently lost.
"""
from __future__ import annotations

import fnmatch
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Optional

from ..model import Article, SourceRef
from .common import DEFAULT_LIMITS, ENCODING, TRUNCATED, Limits, LoadError, decode_bytes, error_article, issue
from .html import load_html
from .markdown import load_markdown
from .records import load_json_text, load_jsonl_stream
from .text import load_text

TextLoader = Callable[[str, SourceRef, Limits], Iterator[Article]]
StreamLoader = Callable[[IO[bytes], Optional[str], Limits], Iterator[Article]]


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    text_loader: Optional[TextLoader] = None
    stream_loader: Optional[StreamLoader] = None


def _json(text: str, source: SourceRef, limits: Limits) -> Iterator[Article]:
    return load_json_text(text, source.path, limits)


def _jsonl_gz(stream: IO[bytes], path: Optional[str], limits: Limits) -> Iterator[Article]:
    return load_jsonl_stream(stream, path, limits, gz=True)


FORMATS: dict[str, Format] = {}


def register_format(fmt: Format) -> None:
    """Add or replace an input format (used by optional loaders such as WARC)."""
    FORMATS[fmt.name] = fmt


for _fmt in (
    Format("text", (".txt", ".text"), text_loader=load_text),
    Format("markdown", (".md", ".markdown", ".mdown", ".mkd"), text_loader=load_markdown),
    Format("html", (".html", ".htm", ".xhtml"), text_loader=load_html),
    Format("json", (".json",), text_loader=_json),
    Format("jsonl", (".jsonl", ".ndjson"), stream_loader=load_jsonl_stream),
    Format("jsonl.gz", (".jsonl.gz", ".ndjson.gz", ".json.gz"), stream_loader=_jsonl_gz),
):
    register_format(_fmt)

try:  # WARC support registers itself when its module (and warcio) are present
    from . import warc as _warc  # noqa: F401
except ImportError:  # pragma: no cover
    pass


def format_for(path: str) -> Optional[str]:
    name = path.lower()
    best: Optional[tuple[int, str]] = None
    for fmt in FORMATS.values():
        for suffix in fmt.suffixes:
            if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), fmt.name)
    return best[1] if best else None


def sniff_format(head: str) -> str:
    """Guess the format of stdin or an unknown file from its first characters."""
    s = head.lstrip("\ufeff \t\r\n")
    if s.startswith("{"):
        first = s.split("\n", 1)[0].strip()
        return "jsonl" if first.endswith("}") and "\n" in s.strip() else "json"
    if s.startswith("["):
        return "json"
    if s.startswith("---"):
        return "markdown"
    if s[:1] == "<":
        return "html"
    return "text"


def _skip(rel: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    parts = rel.split("/")
    if any(p.startswith(".") for p in parts):
        return True
    if include and not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(parts[-1], g) for g in include):
        return True
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(parts[-1], g) or any(fnmatch.fnmatch(p, g) for p in parts[:-1]) for g in exclude)


def walk(path: str, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), input_format: Optional[str] = None) -> list[str]:
    """Supported files under a directory, recursively, sorted; hidden files and folders are skipped."""
    found: list[str] = []
    for root, dirs, files in os.walk(path, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            full = os.path.join(root, name)
            rel = os.path.relpath(full, path).replace(os.sep, "/")
            if _skip(rel, include, exclude):
                continue
            if input_format or format_for(name):
                found.append(full)
    return found


def load_file(path: str, input_format: Optional[str] = None, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article]:
    """Articles from one file. Unreadable content yields an error article; a missing file raises LoadError."""
    name = input_format or format_for(path)
    try:
        size = os.path.getsize(path)
        handle = open(path, "rb")
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file or directory") from None
    except (IsADirectoryError, PermissionError, OSError) as exc:
        raise LoadError(f"{path}: cannot open ({exc.strerror or exc})") from None
    with handle:
        if name is None:
            name = sniff_format(handle.read(4096).decode("utf-8", errors="replace"))
            handle.seek(0)
        fmt = FORMATS.get(name)
        if fmt is None:
            raise LoadError(f"{path}: unknown input format {name!r} (one of {', '.join(sorted(FORMATS))})")
        if fmt.stream_loader is not None:
            yield from fmt.stream_loader(handle, path, limits)
            return
        data = handle.read(limits.max_file_bytes + 1)
    yield from load_bytes(data, fmt, SourceRef(path=path, format=fmt.name), limits, size)


def load_bytes(data: bytes, fmt: Format, source: SourceRef, limits: Limits, size: Optional[int] = None) -> Iterator[Article]:
    cut = len(data) > limits.max_file_bytes
    if cut:
        data = data[: limits.max_file_bytes]
    text, encoding, problem = decode_bytes(data)
    if text is None:
        yield error_article(source, f"{source.label()}: {problem}; not checked", size=size if size is not None else len(data))
        return
    assert fmt.text_loader is not None
    # A single article far beyond the length limit: parse only a generous head of it (the loader then reports the
    # cut). Record formats (JSON) must be parsed whole.
    head_limit = limits.max_article_chars * 4 + 100_000
    head_cut = fmt.name in ("text", "markdown") and len(text) > head_limit
    if head_cut:
        text = text[:head_limit]
    for article in fmt.text_loader(text, source, limits):
        if problem:
            article.load_issues.append(issue(ENCODING, f"{source.label()}: {problem}", encoding=encoding))
        if cut or head_cut:
            read = limits.max_file_bytes if cut else head_limit
            unit = "bytes" if cut else "characters"
            length = f"file is {size:,} bytes" if size else (f"input is longer than {read:,} bytes" if cut else f"input is {len(text):,}+ characters")
            article.load_issues.append(issue(TRUNCATED, f"{source.label()}: {length}; only the first {read:,} {unit} were read", limit=read))
        yield article


def load_string(text: str, input_format: Optional[str] = None, name: Optional[str] = None, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article]:
    """Articles from a string (pasted text, a web request, a rule example)."""
    fmt_name = input_format or sniff_format(text[:4096])
    fmt = FORMATS.get(fmt_name)
    if fmt is None:
        raise LoadError(f"unknown input format {fmt_name!r} (one of {', '.join(sorted(FORMATS))})")
    if fmt.stream_loader is not None:
        yield from fmt.stream_loader(io.BytesIO(text.encode("utf-8")), name, limits)
        return
    assert fmt.text_loader is not None
    yield from fmt.text_loader(text, SourceRef(path=name, format=fmt.name), limits)


def load_stdin(input_format: Optional[str] = None, limits: Limits = DEFAULT_LIMITS, stream: Optional[IO[bytes]] = None) -> Iterator[Article]:
    stream = stream if stream is not None else sys.stdin.buffer
    peek = getattr(stream, "peek", None)
    # record streams (JSONL, gzip, WARC) are read as they come, never cut at max_file_bytes: peek at the head to
    # choose the format without consuming it
    head = peek(4096)[:4096] if peek is not None else stream.read(limits.max_file_bytes + 1)
    fmt_name = input_format or sniff_format(head[:4096].decode("utf-8", errors="replace"))
    fmt = FORMATS.get(fmt_name)
    if fmt is None:
        raise LoadError(f"<stdin>: unknown input format {fmt_name!r}")
    if fmt.stream_loader is not None:
        yield from fmt.stream_loader(stream if peek is not None else io.BytesIO(head), "<stdin>", limits)
        return
    data = stream.read(limits.max_file_bytes + 1) if peek is not None else head
    yield from load_bytes(data, fmt, SourceRef(path="<stdin>", format=fmt.name), limits)


def expand_paths(paths: Iterable[str], include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), input_format: Optional[str] = None) -> Iterator[str]:
    """Files to read, in order: given files as they are, directories walked. Raises LoadError for a missing path
    or a directory without any supported file."""
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            files = walk(path, include, exclude, input_format)
            if not files:
                raise LoadError(f"{path}: no supported files in this directory (looked for {', '.join(sorted({s for f in FORMATS.values() for s in f.suffixes}))})")
            yield from files
        elif os.path.exists(path):
            yield path
        else:
            raise LoadError(f"{path}: no such file or directory")


def load(paths: "str | os.PathLike[str] | Iterable[str | os.PathLike[str]]", input_format: Optional[str] = None, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), limits: Limits = DEFAULT_LIMITS) -> Iterator[Article]:
    """Every article from the given paths (``-`` is stdin), in order. Raises LoadError for a missing path."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for path in expand_paths([os.fspath(p) for p in paths], include, exclude, input_format):
        if path == "-":
            yield from load_stdin(input_format, limits)
        else:
            yield from load_file(path, input_format, limits)


__all__ = ["FORMATS", "Format", "LoadError", "Limits", "DEFAULT_LIMITS", "load", "load_file", "load_string", "load_stdin", "expand_paths", "register_format", "format_for", "error_article", "load_bytes"]
