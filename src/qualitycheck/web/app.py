"""The Starlette app behind ``qualitycheck serve``: a JSON API over ``qualitycheck.api`` and a static page.

Safety choices (see docs/web.md): bodies are capped while they are read (Content-Length first, then the stream),
every response carries a strict Content-Security-Policy and ``nosniff``, only loopback Host headers are accepted
when serving on loopback (DNS rebinding), and checks run in a bounded thread pool so the event loop keeps
answering while articles are checked.
"""
from __future__ import annotations

import json
import math
import threading
from pathlib import Path
from typing import Any, Awaitable, Callable, Optional, Sequence

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..api import check_articles, get_ruleset
from ..config import Config, ConfigError
from ..engine.engine import RuleSet
from ..engine.rules import RuleError
from ..loaders import Limits, LoadError
from ..model import Article
from .inputs import JSON_TYPES, MAX_ARTICLES, RAW_TYPES, BadInput, check_format, decode_text, from_json, from_text, from_upload, media_type, web_limits
from .openapi import openapi_document

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
STATIC_DIR = Path(__file__).parent / "static"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

#: no inline script or style, nothing from other origins; the page only talks to this server
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]


def _finite(value: Any) -> Any:
    """NaN/inf are not JSON; a score that is not a number is reported as null rather than breaking the response."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(_finite(content), ensure_ascii=False, allow_nan=False, default=str, separators=(",", ":")).encode("utf-8")


def error(status: int, message: str, headers: Optional[dict[str, str]] = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


class SecurityMiddleware:
    """Security headers on every response, and a Host check against DNS rebinding when serving on loopback."""

    def __init__(self, app: ASGIApp, allowed_hosts: Optional[Sequence[str]]):
        self.app = app
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    def _host_ok(self, scope: Scope) -> bool:
        if self.allowed_hosts is None:
            return True
        host = ""
        for key, value in scope.get("headers", []):
            if key == b"host":
                host = value.decode("latin-1").lower()
                break
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in self.allowed_hosts or host in self.allowed_hosts

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[dict]], send: Callable[[dict], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        if not self._host_ok(scope):
            response = error(421, "this server only answers requests addressed to localhost (Host header refused)")
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


class TooLarge(Exception):
    pass


async def read_capped(request: Request, limit: int) -> bytes:
    """The request body, refusing anything over ``limit`` bytes without reading the rest of it."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise TooLarge()
        except ValueError:
            raise BadInput(400, "the Content-Length header is not a number") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def _replay(scope: Scope, body: bytes) -> Request:
    """A new Request whose body is ``body`` (already read under the cap), for Starlette's multipart parser."""
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)


class Checker:
    """Runs checks off the event loop with a bounded number of threads.

    The RuleSet is built once and only read afterwards (compiled matchers, rule tables); lazy, process-wide
    initialisation (language profiles, detector models) is done by ``warm_up`` before the first request so
    concurrent first requests cannot race it. A detector that declares ``thread_safe = False`` makes every check
    run under one lock.
    """

    def __init__(self, config: Config, threads: int = 4):
        self.config = config
        self.limiter = anyio.CapacityLimiter(max(1, threads))
        self._lock: Optional[threading.Lock] = None
        self.ruleset: Optional[RuleSet] = None

    def load(self) -> RuleSet:
        if self.ruleset is None:
            self.ruleset = get_ruleset(self.config)
            unsafe = [b.path for b in self.ruleset.detectors if getattr(b.instance, "thread_safe", True) is False]
            self.serialised_detectors = unsafe
            self._lock = threading.Lock() if unsafe else None
        return self.ruleset

    def warm_up(self) -> None:
        """One check of an English and a non-English text loads every lazy model before requests arrive."""
        self.load()
        samples = [
            "Warm-up article. The council said on Tuesday that the new park would open next spring, officials said.",
            "Der Stadtrat hat am Dienstag beschlossen, dass der neue Park im nächsten Frühjahr eröffnet wird.",
        ]
        self.check_sync([a for s in samples for a in from_text(s, "text", "warm-up")])

    def check_sync(self, articles: list[Article]) -> dict[str, Any]:
        self.load()
        if self._lock is not None:
            with self._lock:
                report = check_articles(articles, self.config)
        else:
            report = check_articles(articles, self.config)
        out = report.to_dict()
        # the page needs the exact text each finding's offsets point into; additive to the report contract
        for art_dict, art_report in zip(out["articles"], report.articles):
            article = art_report.article
            if article is not None:
                art_dict["fields"] = {name: article.field_text(name) for name in ("title", "subtitle", "byline", "body", "date", "url", "site")}
        return out

    async def check(self, articles: list[Article]) -> dict[str, Any]:
        return await anyio.to_thread.run_sync(self.check_sync, articles, limiter=self.limiter)


def rules_payload(ruleset: RuleSet) -> list[dict[str, Any]]:
    out = []
    for rule in sorted(ruleset.all_rules.values(), key=lambda r: r.id):
        out.append(
            {
                "id": rule.id,
                "name": rule.name,
                "category": rule.category,
                "severity": str(ruleset.severity.get(rule.id, rule.severity)),
                "enabled": rule.id in ruleset.enabled,
                "type": rule.type,
                "languages": list(rule.languages),
                "scope": list(rule.scope),
                "status": rule.status,
                "link": rule.link,
                "description": rule.description,
                "examples": rule.examples,
            }
        )
    return out


def with_restored_text(config: Config) -> Config:
    """The page shows the text with the suggested originals put back (its own Copy button), so the spin
    detector's ``restore`` option is on unless the configuration sets it."""
    from ..detectors.spin import with_restore

    return with_restore(config, "web page default", unless_configured=True)


def create_app(
    config: Optional[Config] = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    threads: int = 4,
    allowed_hosts: Optional[Sequence[str]] = LOOPBACK_HOSTS,
    warm_up: bool = True,
) -> Starlette:
    """The web app. ``allowed_hosts=None`` accepts any Host header (needed when serving beyond loopback)."""
    checker = Checker(with_restored_text(config or Config()), threads=threads)
    limits = web_limits(max_bytes)

    async def index(request: Request) -> Response:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    async def api_check(request: Request) -> Response:
        try:
            query_format = check_format(request.query_params.get("format"), "?format=")
            ctype = media_type(request.headers.get("content-type"))
            if not ctype:
                raise BadInput(415, "missing Content-Type: send application/json, multipart/form-data or text/plain")
            if ctype not in JSON_TYPES and ctype not in RAW_TYPES and ctype not in FORM_TYPES:
                raise BadInput(415, f"unsupported Content-Type {ctype!r}: send application/json, multipart/form-data or text/plain")
            body = await read_capped(request, max_bytes)
            if ctype in JSON_TYPES:
                articles = from_json(body, query_format, limits)
            elif ctype in RAW_TYPES:
                articles = from_text(decode_text(body, "request body"), query_format or RAW_TYPES[ctype], "text", limits)
            else:
                articles = await _from_form(_replay(request.scope, body), query_format, max_bytes, limits)
            if not articles:
                raise BadInput(422, "no article found in the request")
            if len(articles) > MAX_ARTICLES:
                raise BadInput(413, f"too many articles in one request (the limit is {MAX_ARTICLES:,}); use `qualitycheck check` for large batches")
            return JSONResponse(await checker.check(articles))
        except TooLarge:
            return error(413, f"request too large: the limit is {max_bytes:,} bytes (start the server with --max-bytes to change it)", {"Connection": "close"})
        except BadInput as exc:
            return error(exc.status, exc.message)
        except (LoadError, ConfigError, RuleError) as exc:
            return error(422, str(exc))

    async def api_rules(request: Request) -> Response:
        ruleset = await anyio.to_thread.run_sync(checker.load)
        return JSONResponse({"version": __version__, "rules": rules_payload(ruleset)})

    async def api_health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "max_bytes": max_bytes})

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(max_bytes))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        messages = {404: f"no such page or endpoint: {request.url.path}", 405: f"{request.method} is not allowed on {request.url.path}"}
        return error(exc.status_code, messages.get(exc.status_code, str(exc.detail)), dict(exc.headers or {}))

    async def server_error(request: Request, exc: Exception) -> Response:
        return error(500, f"internal error: {type(exc).__name__}; please report it")

    async def startup() -> None:
        if warm_up:
            await anyio.to_thread.run_sync(checker.warm_up)

    routes = [
        Route("/", index, methods=["GET", "HEAD"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/rules", api_rules, methods=["GET"]),
        Route("/api/health", api_health, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        await startup()
        yield

    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: server_error}, lifespan=lifespan)
    app.state.checker = checker
    app.state.max_bytes = max_bytes
    app.add_middleware(SecurityMiddleware, allowed_hosts=allowed_hosts)  # type: ignore[arg-type]
    return app


async def _from_form(request: Request, query_format: Optional[str], max_bytes: int, limits: Limits) -> list[Article]:
    from starlette.datastructures import UploadFile
    from starlette.formparsers import MultiPartException

    try:
        form = await request.form(max_files=1, max_fields=8, max_part_size=max_bytes)
    except MultiPartException as exc:
        raise BadInput(400, f"malformed form data: {exc.message}") from None
    try:
        form_format = check_format(form.get("format"), "'format'") or query_format
        upload = form.get("file")
        if isinstance(upload, UploadFile):
            data = await upload.read()
            return from_upload(upload.filename or "upload", data, form_format, limits)
        text = form.get("text")
        if isinstance(text, str) and text.strip():
            return from_text(text, form_format, "text", limits)
        raise BadInput(422, "missing text: send a 'file' field (a .txt, .md, .html, .json or .jsonl file) or a 'text' field")
    finally:
        await form.close()
