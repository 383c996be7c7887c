"""The library API that the CLI, the web page and the audit engine all call. No logic lives in those layers."""
from __future__ import annotations

import os
import threading
from pathlib import Path
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from .config import Config, ConfigError
from .engine.engine import RuleSet, load_rules
from .loaders import Limits, LoadError, expand_paths, load_file, load_stdin, load_string
from .model import Article, ArticleReport, Severity, SourceRef
from .report import Report
from .suppress import apply_all, apply_suppressions

if TYPE_CHECKING:  # pragma: no cover
    from .cache import ResultCache
    from .config_files import ConfigResolver

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


def ruleset_naming_origin(config: Config) -> RuleSet:
    """``get_ruleset``, with a bad selector's error naming the config file it came from."""
    try:
        return get_ruleset(config)
    except ConfigError as exc:
        key = str(exc).split(":", 1)[0]
        origin = config.origins.get(key)
        if origin and not str(exc).startswith(origin):
            raise ConfigError(f"{origin}: {exc}") from None
        raise


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
    report.extend(apply_all(ruleset.check_batch(articles), refinish=ruleset.finish))
    return report


def iter_articles(paths: Sequence[str], config: Config, errors: list[dict]) -> Iterator[Article]:
    """Articles from paths; missing paths and unreadable directories are appended to ``errors`` and skipped."""
    limits = limits_for(config)
    for given in paths:
        for path in _expand(given, config, errors):
            yield from _iter_file(path, config, errors, limits)


def _expand(given: str, config: Config, errors: list[dict]) -> list[str]:
    """Files under one given path; a missing path or empty directory goes to ``errors`` (and yields nothing)."""
    try:
        return list(expand_paths([given], config.include, config.exclude, config.input_format))
    except LoadError as exc:
        errors.append({"path": given, "message": str(exc)})
        return []


def _iter_file(path: str, config: Config, errors: list[dict], limits: Optional[Limits] = None) -> Iterator[Article]:
    """Articles of one file or ``-``; a file that cannot be opened goes to ``errors`` instead of raising."""
    limits = limits or limits_for(config)
    try:
        if path == "-":
            yield from load_stdin(config.input_format, limits)
        else:
            yield from load_file(path, config.input_format, limits)
    except LoadError as exc:
        errors.append({"path": path, "message": str(exc)})


ConfigSource = Union[Config, "ConfigResolver"]


def _config_for(source: ConfigSource, path: Optional[str]) -> Config:
    return source if isinstance(source, Config) else source.for_path(path)


def _files(paths: Sequence[str], source: ConfigSource, errors: list[dict], only: Optional[Callable[[str], bool]]) -> list[tuple[str, Config]]:
    """(file, its config) in input order; include/exclude come from the config of the path as given."""
    out: list[tuple[str, Config]] = []
    for given in paths:
        walk_config = _config_for(source, None if given == "-" else given)
        for path in _expand(given, walk_config, errors):
            if path != "-" and only is not None and not only(path):
                continue
            out.append((path, walk_config if path == given or path == "-" else _config_for(source, path)))
    return out


def _load_one(path: str, config: Config, errors: list[dict]) -> list[Article]:
    return list(_iter_file(path, config, errors))


def _check_group(files: list[str], config: Config, errors: list[dict], cache: "Optional[ResultCache]") -> list[ArticleReport]:
    """One batch per config: cached files are reused, the rest are loaded and checked together.

    Without a cross-article detector, cache entries hold final reports and a fully cached run does not even load
    the rules. With one (near-duplicate clusters), entries hold each file's reports from *before* the batch pass
    and suppressions: every file is loaded again (cheap), only uncached files are checked, and the batch pass and
    suppressions run over the whole batch each time, so cross-file findings are never stale.
    """
    lookups: list[tuple[str, Optional[str], Optional[tuple[list[ArticleReport], bool]]]] = []
    for path in files:
        key = entry = None
        if cache is not None and path != "-":
            try:
                with open(path, "rb") as handle:
                    key = cache.key(path, handle.read(), config)
            except OSError:
                key = None
            entry = cache.get_entry(key) if key else None
        lookups.append((path, key, entry))
    if lookups and all(entry is not None and not entry[1] for _, _, entry in lookups):
        return [r for _, _, entry in lookups for r in (entry[0] if entry else [])]
    ruleset = ruleset_naming_origin(config)
    batch = ruleset.has_batch_pass
    fresh = [path for path, _, entry in lookups if entry is None or (not batch and entry[1])]
    parallel = _check_in_parallel(fresh, config)
    done: list[tuple[ArticleReport, Any]] = []
    for path, key, entry in lookups:
        if entry is not None and not batch and not entry[1]:
            done.extend((r, None) for r in entry[0])
            continue
        if path in parallel:
            reports, file_errors = parallel.pop(path)
            errors.extend(file_errors)
            checked = [(r, ruleset.context_for(r, r.article) if batch else None) for r in reports]
        else:
            articles = _load_one(path, config, errors)
            if entry is not None and entry[1] and batch and len(entry[0]) == len(articles):
                done.extend((r, ruleset.context_for(r, a)) for r, a in zip(entry[0], articles))
                continue
            checked = [ruleset.check_article(a) for a in articles]
        if batch:
            if cache is not None and key:
                cache.put(key, [r for r, _ in checked], batch=True)
            done.extend(checked)
            continue
        final = apply_all([r for r, _ in checked], refinish=ruleset.finish)
        if cache is not None and key:
            cache.put(key, final)
        done.extend((r, None) for r in final)
    if batch:
        ruleset.batch_pass(done)
        return apply_all([r for r, _ in done], refinish=ruleset.finish)
    return [r for r, _ in done]


#: below this many files to check, worker start-up costs more than it saves
PARALLEL_MIN_FILES = 64
_worker_config: Optional[Config] = None


def _worker_count() -> int:
    value = os.environ.get("QC_WORKERS")
    if value and value.isdigit():
        return int(value)
    return min(os.cpu_count() or 1, 8)


def _check_file_in_worker(path: str) -> tuple[str, list[ArticleReport], list[dict]]:
    """In a forked worker: load and check one file (the rule set was loaded before the fork and is shared)."""
    assert _worker_config is not None
    errors: list[dict] = []
    ruleset = get_ruleset(_worker_config)
    reports = [ruleset.check_article(a)[0] for a in _load_one(path, _worker_config, errors)]
    return path, reports, errors


def _check_in_parallel(paths: list[str], config: Config) -> dict[str, tuple[list[ArticleReport], list[dict]]]:
    """Per-file checks of many files on all cores (fork start, so workers share the loaded rules); {} when the
    batch is small, stdin is involved, or the platform cannot fork. Results keep input order by path."""
    global _worker_config
    workers = _worker_count()
    if workers < 2 or len(paths) < PARALLEL_MIN_FILES or "-" in paths:
        return {}
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - no fork on this platform
        return {}
    _worker_config = config
    get_ruleset(config)  # load before forking: every worker inherits it
    try:
        with context.Pool(min(workers, len(paths))) as pool:
            return {path: (reports, errs) for path, reports, errs in pool.imap(_check_file_in_worker, paths, chunksize=8)}
    finally:
        _worker_config = None


def check_paths(
    paths: Sequence[Union[str, "os.PathLike[str]"]],
    config: Optional[ConfigSource] = None,
    *,
    cache: "Optional[ResultCache]" = None,
    only: Optional[Callable[[str], bool]] = None,
) -> Report:
    """Check files, directories or ``-`` (stdin). Per-path failures land in ``Report.errors`` (exit code 2).

    ``config`` is one ``Config`` for everything, or a ``ConfigResolver`` that finds each file's nearest config
    file (consecutive files sharing a config are checked as one batch). ``cache`` reuses results for unchanged
    files; ``only(path)`` keeps only some files (e.g. those changed since a git ref).
    """
    source: ConfigSource = config or Config()
    errors: list[dict] = []
    entries = _files([os.fspath(p) for p in paths], source, errors, only)
    groups: list[tuple[Config, list[str]]] = []
    for path, cfg in entries:
        if groups and groups[-1][0] is cfg:
            groups[-1][1].append(path)
        else:
            groups.append((cfg, [path]))
    parts: list[tuple[Config, list[ArticleReport]]] = [(cfg, _check_group(files, cfg, errors, cache)) for cfg, files in groups]
    first = parts[0][0] if parts else _config_for(source, None)
    articles = [r for _, reports in parts for r in reports]
    policies = {(cfg.fail_on, cfg.strict) for cfg, _ in parts}
    if len(policies) <= 1:
        return Report(articles=articles, errors=errors, fail_on=first.fail_on_severity, strict=first.strict)
    return MixedPolicyReport(articles=articles, errors=errors, fail_on=first.fail_on_severity, strict=first.strict, parts=[(cfg.fail_on_severity, cfg.strict, len(r)) for cfg, r in parts])


@dataclass
class MixedPolicyReport(Report):
    """A batch whose files have different config files with different fail-on/strict: each part decides its
    own exit code and the worst wins (2 > 1 > 0)."""

    parts: list[tuple[Optional[Severity], bool, int]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:  # type: ignore[override]
        codes = []
        start = 0
        for fail_on, strict, count in self.parts:
            codes.append(Report(articles=self.articles[start : start + count], errors=[], fail_on=fail_on, strict=strict).exit_code)
            start += count
        if self.errors:
            codes.append(Report(articles=self.articles, errors=self.errors, fail_on=self.fail_on, strict=self.strict).exit_code)
        return max(codes, default=0)


def check_one(article: Article, config: Optional[Config] = None) -> ArticleReport:
    """One article, no batch pass: what streaming engines (audit, web) call per record."""
    ruleset = get_ruleset(config or Config())
    return apply_suppressions(ruleset.check_article(article)[0], refinish=ruleset.finish)


def load(path: Union[str, "os.PathLike[str]"], config: Optional[Config] = None) -> Iterator[Article]:
    """Every article in a file, directory or ``-``. Raises ``LoadError`` if the path does not exist."""
    config = config or Config()
    for file in expand_paths([os.fspath(path)], config.include, config.exclude, config.input_format):
        if file == "-":
            yield from load_stdin(config.input_format, limits_for(config))
        else:
            yield from load_file(file, config.input_format, limits_for(config))


__all__ = ["check", "check_articles", "check_paths", "check_one", "load", "get_ruleset", "SourceRef"]
