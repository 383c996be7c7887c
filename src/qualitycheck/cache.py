"""Per-file result cache so that re-running over an unchanged repository is near-instant.

Layout: ``<cache dir>/v1/<aa>/<key>.json`` plus a ``CACHEDIR.TAG`` (so backup tools skip it). The key is a
sha256 of: qualitycheck's version, a digest of the package's code and data files (size + mtime) and of every
rule file in use (content), a digest of the effective config, the file's path and its content hash. Values are
JSON (never pickle): the loaded article's fields and positions plus its finished report, written atomically
(temporary file + ``os.replace``) so a killed run never leaves a half-written entry. A corrupt entry is a miss.

Batch detectors compare articles with each other, so a per-file cache would miss their findings: callers do not
use the cache when a batch detector is enabled (see ``api.check_paths``).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any, Optional

from . import __version__
from .config import Config, package_rules_dir
from .model import Article, ArticleReport, Finding, Severity, SourceRef

CACHE_FORMAT = 1
DEFAULT_DIR = ".qualitycheck_cache"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache created by qualitycheck.\n"
_code_digest: Optional[str] = None


def _package_digest() -> str:
    """Changes whenever qualitycheck's code or bundled data changes (cheap: sizes and mtimes, not contents)."""
    global _code_digest
    if _code_digest is None:
        h = hashlib.sha256(__version__.encode())
        root = Path(__file__).resolve().parent
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                st = path.stat()
                h.update(f"{path.relative_to(root)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
        _code_digest = h.hexdigest()
    return _code_digest


def rules_digest(config: Config) -> str:
    """Digest of the content of every rule file and rule data file in use."""
    h = hashlib.sha256()
    for source in [package_rules_dir(), *config.rule_dirs]:
        base = Path(source)
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            try:
                h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
            except OSError:
                h.update(f"{path}|unreadable".encode())
    return h.hexdigest()


def config_digest(config: Config) -> str:
    data = {k: v for k, v in asdict(config).items() if k != "origins"}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class ResultCache:
    """Look up and store the reports for one file under one (version, rules, config) combination."""

    def __init__(self, directory: "str | os.PathLike[str]" = DEFAULT_DIR) -> None:
        self.directory = Path(directory)
        self.hits = 0
        self.misses = 0
        self._prefix: dict[str, str] = {}
        self._disabled = False

    def _setup_prefix(self, config: Config) -> str:
        key = config_digest(config)
        if key not in self._prefix:
            self._prefix[key] = hashlib.sha256(f"{CACHE_FORMAT}|{_package_digest()}|{rules_digest(config)}|{key}".encode()).hexdigest()
        return self._prefix[key]

    def key(self, path: str, content: bytes, config: Config) -> str:
        h = hashlib.sha256(self._setup_prefix(config).encode())
        h.update(os.path.abspath(path).encode() + b"\0")
        h.update(hashlib.sha256(content).digest())
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / f"v{CACHE_FORMAT}" / key[:2] / f"{key}.json"

    def get(self, key: str) -> Optional[list[ArticleReport]]:
        entry = self.get_entry(key)
        return entry[0] if entry is not None else None

    def get_entry(self, key: str) -> Optional[tuple[list[ArticleReport], bool]]:
        """(reports, batch) -- ``batch`` marks reports stored before the cross-article pass and suppressions."""
        try:
            with open(self._file(key), encoding="utf-8") as handle:
                data = json.load(handle)
            reports = [report_from_cache(item) for item in data["reports"]]
            batch = bool(data.get("batch", False))
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError):  # corrupt or foreign entry: recompute
            self.misses += 1
            return None
        self.hits += 1
        return reports, batch

    def put(self, key: str, reports: list[ArticleReport], batch: bool = False) -> None:
        if self._disabled:
            return
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tag = self.directory / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(_TAG, encoding="utf-8")
                (self.directory / ".gitignore").write_text("*\n", encoding="utf-8")
            payload = json.dumps({"reports": [report_to_cache(r) for r in reports], "batch": batch}, ensure_ascii=False, default=str)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                os.replace(tmp, target)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            # a read-only checkout or a full disk must not fail the run: stop trying to write
            self._disabled = True


_ARTICLE_FIELDS = ("id", "title", "subtitle", "byline", "date", "url", "site", "body", "language", "metadata", "positions")


def _positions_from_json(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("body", "comments") and isinstance(value, list):
            out[key] = [tuple(v) if isinstance(v, list) else v for v in value]
        elif key in ("title", "subtitle", "byline", "date") and isinstance(value, list):
            out[key] = tuple(value)
        else:
            out[key] = value
    return out


def report_to_cache(report: ArticleReport) -> dict[str, Any]:
    article = report.article
    return {
        "report": {
            "id": report.id,
            "source": report.source.to_dict(),
            "language": report.language,
            "findings": [f.to_dict() for f in report.findings],
            "scores": report.scores,
            "title": report.title,
            "url": report.url,
            "site": report.site,
            "date": report.date,
            "byline": report.byline,
            "extras": report.extras,
        },
        "article": {k: getattr(article, k) for k in _ARTICLE_FIELDS} if article is not None else None,
    }


def _finding(data: dict[str, Any]) -> Finding:
    data = dict(data)
    data["severity"] = Severity.parse(data["severity"])
    return Finding(**data)


def report_from_cache(item: dict[str, Any]) -> ArticleReport:
    r = item["report"]
    source = SourceRef(**r["source"])
    article = None
    if item.get("article"):
        a = dict(item["article"])
        a["positions"] = _positions_from_json(a.get("positions") or {})
        article = Article(source=source, **a)
    return ArticleReport(
        id=r["id"],
        source=source,
        language=r["language"],
        findings=[_finding(f) for f in r["findings"]],
        scores=r["scores"],
        title=r["title"],
        url=r["url"],
        site=r["site"],
        date=r["date"],
        byline=r["byline"],
        extras=r["extras"],
        article=article,
    )
