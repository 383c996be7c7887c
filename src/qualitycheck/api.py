"""The library API that the CLI, the web page and the audit engine all call. No logic lives in those layers."""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from .config import Config
from .engine.engine import RuleSet, load_rules
from .loaders import Limits, LoadError, expand_paths, load_file, load_stdin, load_string
from .model import Article, ArticleReport, SourceRef
from .report import Report

CheckInput = Union[str, Article, Path, Sequence[Union[str, Article]]]

_cache_lock = threading.Lock()
_ruleset_cache: dict[str, RuleSet] = {}


def _config_key(config: Config) -> str:
    return repr((config.select, config.ignore, sorted(config.severity.items()), sorted(config.thresholds.items()), config.rule_dirs, config.reference, config.default_language, repr(sorted(config.options.items()))))


def get_ruleset(config: Optional[Config] = None) -> RuleSet:
    """Load (once per distinct config, thread-safe) and verify the rules for ``config``."""
    config = config or Config()
    key = _config_key(config)
    with _cache_lock:
        ruleset = _ruleset_cache.get(key)
        if ruleset is None:
            ruleset = load_rules(config)
            _ruleset_cache[key] = ruleset
    return ruleset


def limits_for(config: Config) -> Limits:
    return Limits.from_options(config.options.get("limits"))


def article_from_text(text: str, ident: str = "text", input_format: Optional[str] = None) -> list[Article]:
    """Articles from a pasted string: plain text unless it looks like Markdown, HTML or JSON (or a format is given)."""
    articles = list(load_string(text, input_format, name=ident))
    for i, art in enumerate(articles):
        if art.source.path == ident and art.id == ident and len(articles) > 1:
            art.id = f"{ident}#{i}"
    return articles


def check(article_or_text: CheckInput, config: Optional[Config] = None, *, input_format: Optional[str] = None) -> Report:
    """Check one article, a pasted text, a path, or a list of them; return the batch ``Report``.

    A ``str`` is article text (not a path); pass a ``pathlib.Path`` to read a file or directory.
    """
    config = config or Config()
    if isinstance(article_or_text, Path):
        return check_paths([str(article_or_text)], config)
    items: list[Union[str, Article]] = [article_or_text] if isinstance(article_or_text, (str, Article)) else list(article_or_text)  # type: ignore[list-item]
    articles: list[Article] = []
    for i, item in enumerate(items):
        if isinstance(item, Article):
            articles.append(item)
        else:
            articles.extend(article_from_text(item, ident="text" if len(items) == 1 else f"text#{i}", input_format=input_format))
    return check_articles(articles, config)


def check_articles(articles: Iterable[Article], config: Optional[Config] = None) -> Report:
    config = config or Config()
    ruleset = get_ruleset(config)
    report = Report(fail_on=config.fail_on_severity, strict=config.strict)
    report.extend(ruleset.check_batch(articles))
    return report


def iter_articles(paths: Sequence[str], config: Config, errors: list[dict]) -> Iterator[Article]:
    """Articles from paths; missing paths and unreadable directories are appended to ``errors`` and skipped."""
    limits = limits_for(config)
    for given in paths:
        try:
            files = list(expand_paths([given], config.include, config.exclude, config.input_format))
        except LoadError as exc:
            errors.append({"path": given, "message": str(exc)})
            continue
        for path in files:
            try:
                if path == "-":
                    yield from load_stdin(config.input_format, limits)
                else:
                    yield from load_file(path, config.input_format, limits)
            except LoadError as exc:
                errors.append({"path": path, "message": str(exc)})


def check_paths(paths: Sequence[Union[str, "os.PathLike[str]"]], config: Optional[Config] = None) -> Report:
    """Check files, directories or ``-`` (stdin). Per-path failures land in ``Report.errors`` (exit code 2)."""
    config = config or Config()
    errors: list[dict] = []
    ruleset = get_ruleset(config)
    reports = ruleset.check_batch(iter_articles([os.fspath(p) for p in paths], config, errors))
    report = Report(articles=reports, errors=errors, fail_on=config.fail_on_severity, strict=config.strict)
    return report


def check_one(article: Article, config: Optional[Config] = None) -> ArticleReport:
    """One article, no batch pass: what streaming engines (audit, web) call per record."""
    return get_ruleset(config or Config()).check_article(article)[0]


def load(path: Union[str, "os.PathLike[str]"], config: Optional[Config] = None) -> Iterator[Article]:
    """Every article in a file, directory or ``-``. Raises ``LoadError`` if the path does not exist."""
    config = config or Config()
    for file in expand_paths([os.fspath(path)], config.include, config.exclude, config.input_format):
        if file == "-":
            yield from load_stdin(config.input_format, limits_for(config))
        else:
            yield from load_file(file, config.input_format, limits_for(config))


__all__ = ["check", "check_articles", "check_paths", "check_one", "load", "get_ruleset", "SourceRef"]
