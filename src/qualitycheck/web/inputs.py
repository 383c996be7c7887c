"""Turn the body of a ``POST /api/check`` into ``Article``s, using the loaders (no parsing of our own).

Accepted bodies:

* ``application/json`` -- ``{"text": "...", "format": "markdown"}`` (pasted text, format guessed when absent), or a
  JSON article ``{"title", "byline", "body" | "text", "date", "url", "site", ...}``, or a list of such articles;
* ``multipart/form-data`` -- a ``file`` upload (.txt, .md, .html, .json, .jsonl, .jsonl.gz) and/or a ``text`` field;
* ``text/plain``, ``text/markdown``, ``text/html`` -- the raw article (``?format=`` overrides the guess).

Every problem a client can cause raises ``BadInput`` with an HTTP status and one clear sentence.
"""
from __future__ import annotations

import io
import json
from dataclasses import replace
from typing import Any, Optional

from ..loaders import FORMATS, DEFAULT_LIMITS, Limits, LoadError, format_for, load_bytes, load_string
from ..loaders.common import decode_bytes
from ..model import Article, SourceRef

#: formats a client may name with ``format`` / ``?format=``
PASTE_FORMATS = ("text", "markdown", "html", "json", "jsonl")
#: keys that make a JSON object "pasted text" rather than an article record
PASTE_KEYS = {"text", "format", "name"}
#: media types accepted as a raw article body, with the format they imply
RAW_TYPES = {"text/plain": None, "text/markdown": "markdown", "text/x-markdown": "markdown", "text/html": "html"}
JSON_TYPES = ("application/json", "application/ld+json")
UPLOAD_SUFFIXES = sorted({s for f in FORMATS.values() for s in f.suffixes if not s.endswith(".gz")})
#: at most this many articles per request: a batch is checked while the client waits
MAX_ARTICLES = 2000


def web_limits(max_bytes: int) -> Limits:
    """Loader limits for one request: nothing bigger than the request itself, and a bounded batch."""
    return replace(DEFAULT_LIMITS, max_file_bytes=max_bytes, max_line_bytes=max_bytes, max_records=MAX_ARTICLES)


class BadInput(Exception):
    """A request the server cannot check; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def media_type(content_type: Optional[str]) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def check_format(value: Any, where: str) -> Optional[str]:
    if value in (None, "", "auto"):
        return None
    if not isinstance(value, str) or value not in PASTE_FORMATS:
        raise BadInput(422, f"{where}: unknown format {value!r}; use one of {', '.join(PASTE_FORMATS)} (or leave it out to guess)")
    return value


def decode_text(data: bytes, where: str) -> str:
    text, _encoding, problem = decode_bytes(data)
    if text is None:
        raise BadInput(422, f"{where}: {problem}; send the article as text")
    return text


def from_text(text: str, input_format: Optional[str], name: str, limits: Limits = DEFAULT_LIMITS) -> list[Article]:
    if not text.strip():
        raise BadInput(422, "the text is empty: paste an article or choose a file")
    try:
        return list(load_string(text, input_format, name=name, limits=limits))
    except LoadError as exc:
        raise BadInput(422, str(exc)) from None


def from_json(data: bytes, query_format: Optional[str], limits: Limits = DEFAULT_LIMITS) -> list[Article]:
    raw = decode_text(data, "request body")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadInput(400, f"malformed JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise BadInput(400, "malformed JSON: nested too deeply") from None
    if isinstance(value, dict) and set(value) <= PASTE_KEYS and "text" in value:
        text = value["text"]
        if not isinstance(text, str):
            raise BadInput(422, "'text' must be a string holding the article")
        name = value.get("name") if isinstance(value.get("name"), str) and value.get("name") else "text"
        return from_text(text, check_format(value.get("format"), "'format'") or query_format, name, limits)
    if isinstance(value, dict) or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
        # a JSON article (or a list of them): the records loader maps title/byline/body/text/date/url/site
        articles = list(load_string(raw, "json", name="request", limits=limits))
        if not any(a.title or a.body for a in articles):
            raise BadInput(422, "missing text: send {\"text\": \"...\"} or an article with \"title\" and \"body\" (or \"text\")")
        return articles
    raise BadInput(422, "expected a JSON object: {\"text\": \"...\"} or an article {\"title\", \"byline\", \"body\", ...}")


def from_upload(filename: str, data: bytes, form_format: Optional[str], limits: Limits = DEFAULT_LIMITS) -> list[Article]:
    name = filename or "upload"
    fmt_name = form_format or format_for(name)
    if fmt_name is not None and fmt_name.endswith(".gz"):
        # a few MB of gzip can expand to gigabytes; archives belong to `qualitycheck check`, not to the page
        raise BadInput(415, f"{name}: compressed files are not accepted here; unpack it first or use `qualitycheck check`")
    if fmt_name is None:
        raise BadInput(415, f"{name}: unsupported file type; choose a {', '.join(UPLOAD_SUFFIXES)} file")
    if not data.strip():
        raise BadInput(422, f"{name}: the file is empty")
    fmt = FORMATS[fmt_name]
    if fmt.stream_loader is not None:
        return list(fmt.stream_loader(io.BytesIO(data), name, limits))
    return list(load_bytes(data, fmt, SourceRef(path=name, format=fmt.name), limits))


__all__ = ["web_limits", "MAX_ARTICLES", "BadInput", "from_json", "from_text", "from_upload", "decode_text", "check_format", "media_type", "RAW_TYPES", "JSON_TYPES", "PASTE_FORMATS"]
