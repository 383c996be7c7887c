"""qualitycheck: screen news articles for spun text, lifted syndicated copy, missing attribution and content-farm debris.

Library API (the CLI, the web page and the audit engine all call it)::

    import qualitycheck
    report = qualitycheck.check("Mannequin predicts Australia's hearth ants future ...")
    for article in report:
        for finding in article.findings:
            print(finding.rule, finding.text, finding.suggestion)

Heavy modules are imported on first use so that ``qualitycheck --version`` stays fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "check", "check_paths", "check_articles", "check_one", "load", "Article", "Finding", "ArticleReport", "Report", "Config", "Severity"]

if TYPE_CHECKING:  # pragma: no cover
    from .api import check, check_articles, check_one, check_paths, load
    from .config import Config
    from .model import Article, ArticleReport, Finding, Severity
    from .report import Report

_LAZY = {
    "check": "api", "check_paths": "api", "check_articles": "api", "check_one": "api", "load": "api",
    "Article": "model", "Finding": "model", "ArticleReport": "model", "Severity": "model",
    "Report": "report", "Config": "config",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qualitycheck' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
