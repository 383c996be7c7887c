"""Building and extending reference indexes from any input qualitycheck reads (files, folders, JSONL, HTML...)."""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from ..model import Article
from .index import ReferenceIndex
from .signature import DEFAULT_PARAMS, Params, signature


def source_name(article: Article, override: Optional[str] = None) -> Optional[str]:
    """Whom a copy of ``article`` should credit: the given name, else the agency it credits itself, else its site."""
    if override:
        return override
    if isinstance(article.metadata.get("credit"), str) and article.metadata["credit"].strip():
        return article.metadata["credit"].strip()
    from .credit import wire_agency

    return wire_agency(article) or article.site or None


def signature_rows(articles: Iterable[Article], params: Params = DEFAULT_PARAMS, *, credit: Optional[str] = None) -> Iterator[tuple[dict[str, Any], Optional[str], Optional[str]]]:
    """(signature, body text, source path) for each article with text, ready for ``ReferenceIndex.add_signatures``."""
    for article in articles:
        if not article.body or article.load_issues and not article.text.strip():
            continue
        sig = signature(article, params, credit=source_name(article, credit))
        yield sig, article.text, article.source.path


def add_paths(index: ReferenceIndex, paths: Sequence[str], *, credit: Optional[str] = None, config: Any = None, on_error: Optional[Callable[[str], None]] = None, language: Optional[str] = None) -> int:
    """Read every article under ``paths`` and add it to ``index``; returns the number added.

    Unreadable paths are reported through ``on_error`` and skipped. Articles without a language get ``language``
    (default: detected per article, like ``check`` does).
    """
    from ..api import iter_articles
    from ..config import Config
    from ..language import detect_language

    config = config or Config()
    errors: list[dict] = []

    def articles() -> Iterator[Article]:
        for article in iter_articles(list(paths), config, errors):
            if not article.language:
                article.language = language or detect_language(article.title + "\n\n" + article.text, config.default_language)[0]
            yield article
            while errors and on_error:
                on_error(errors.pop(0)["message"])

    added = index.add_signatures(signature_rows(articles(), index.params, credit=credit))
    for err in errors:
        if on_error:
            on_error(err["message"])
    return added
