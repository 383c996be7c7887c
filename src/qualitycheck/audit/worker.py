"""What one worker does with one unit: load its articles, check each, serialise the report, sign the text.

The worker serialises reports itself (JSON text), so the parent only appends bytes: it never parses or checks
an article, which keeps its CPU and memory small whatever the input size. The same function runs in a local
process pool and inside Spark's ``mapPartitions``.
"""
from __future__ import annotations

import os
import time
import traceback
from dataclasses import dataclass, field
from typing import Optional

from ..config import Config
from ..loaders.common import UNREADABLE, Limits, error_article
from ..model import Article, Severity
from .clusters import sign
from .units import Unit, json_line, unit_articles


@dataclass
class UnitResult:
    index: int  # the unit's position in the plan
    reports: list[str] = field(default_factory=list)  # one JSON line (no newline) per article, in order
    errors: list[str] = field(default_factory=list)  # JSON lines for errors.jsonl
    signatures: list[str] = field(default_factory=list)  # one signature JSON line per article (when clustering)
    nbytes: int = 0


class UnitProcessor:
    """Holds the rule set and the signer; build once per process (or per Spark partition)."""

    def __init__(self, config: Config, limits: Limits, clusters: bool):
        from ..api import get_ruleset

        self.config = config
        self.limits = limits
        self.ruleset = get_ruleset(config)
        self.clusters = clusters
        # test hook: slow each unit down so a test can kill a run reliably in the middle
        self.delay = float(os.environ.get("QUALITYCHECK_AUDIT_UNIT_DELAY", "0") or 0)

    def run(self, index: int, unit: Unit) -> UnitResult:
        if self.delay:
            time.sleep(self.delay)
        result = UnitResult(index, nbytes=unit.nbytes)
        articles = unit_articles(unit, self.config, self.limits)
        while True:
            try:
                article = next(articles)
            except StopIteration:
                break
            except Exception as exc:  # a loader bug must not lose the rest of the run: report where it stopped
                label = unit.path or (unit.payload[0] if unit.kind == "files" and unit.payload else "<input>")
                from ..model import SourceRef

                article = error_article(SourceRef(path=str(label)), f"{label}: reading stopped after an internal error ({type(exc).__name__}: {exc})")
                self._one(article, result)
                break
            self._one(article, result)
        return result

    def _one(self, article: Article, result: UnitResult) -> None:
        ctx = None
        try:
            report, ctx = self.ruleset.check_article(article)
        except Exception as exc:  # one article that crashes a detector is reported, the batch goes on
            where = article.source.label()
            detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            broken = error_article(article.source, f"{where}: checking failed with an internal error ({detail}); please report it")
            broken.id, broken.title, broken.url, broken.site, broken.date = article.id, article.title, article.url, article.site, article.date
            report, ctx = self.ruleset.check_article(broken)
            result.errors.append(json_line({"id": article.id, "source": article.source.to_dict(), "kind": "check", "rule": UNREADABLE, "message": broken.load_issues[0].message}))
            article = broken
        data = report.to_dict()
        result.reports.append(json_line(data))
        for f in report.findings:
            if f.category == "input" and f.severity is Severity.ERROR:
                result.errors.append(json_line({"id": report.id, "source": data["source"], "kind": "input", "rule": f.rule, "message": f.message}))
        if self.clusters:
            result.signatures.append(sign(article, ctx))


# -- process-pool plumbing: one processor per worker process ---------------------------------------------------

_processor: Optional[UnitProcessor] = None


def init_worker(config: Config, limits: Limits, clusters: bool) -> None:
    global _processor
    import signal

    # Ctrl-C goes to the parent, which stops cleanly; workers just die with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _processor = UnitProcessor(config, limits, clusters)


def run_unit(args: tuple[int, Unit]) -> UnitResult:
    assert _processor is not None, "init_worker was not called"
    return _processor.run(*args)


__all__ = ["UnitResult", "UnitProcessor", "init_worker", "run_unit"]
