"""The contract between the engine and code detectors (rules of ``type: detector``).

A detector class is named by import path in a rule file (``detector: qualitycheck.detectors.spin:SpinDetector``).
All rules naming the same class share one instance, so one detector can emit several rule ids. The engine
turns each ``Hit`` into a ``Finding`` using the rule's id, name, category, severity and message template.
"""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from typing import TYPE_CHECKING, Any, Iterable, Optional, Protocol, Sequence

from ..model import Article, ArticleReport, Severity

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config
    from .rules import Rule


@dataclass
class Hit:
    """A detector's raw finding: which rule, where, and why. The engine adds the rule's metadata."""

    rule: str
    field: str = "article"
    start: int = 0
    end: int = 0
    #: overrides the rule's message template when given
    message: Optional[str] = None
    suggestion: Optional[str] = None
    evidence: dict[str, Any] = dc_field(default_factory=dict)
    #: values for the rule's message template ({match} and {suggestion} are always available)
    params: dict[str, Any] = dc_field(default_factory=dict)
    #: a detector may raise or lower a rule's default severity for one hit (e.g. credited copy -> info)
    severity: Optional[Severity] = None


@dataclass
class CheckContext:
    """Per-article state shared by all rules during one check."""

    article: Article
    config: "Config"
    language: Optional[str]
    #: article-level scores reported in ``scores`` (e.g. ``spin`` in [0, 1])
    scores: dict[str, float] = dc_field(default_factory=dict)
    #: extra top-level keys for the article's report (e.g. ``restored`` text)
    extras: dict[str, Any] = dc_field(default_factory=dict)
    #: scratch space detectors may use to share expensive work (tokenisation...)
    cache: dict[str, Any] = dc_field(default_factory=dict)
    #: per-article values a batch detector computes in ``check`` (in a worker process, say) and reads back in
    #: ``check_batch``; they travel with the article's report but are never serialised into it
    keep: dict[str, Any] = dc_field(default_factory=dict)


class Detector(Protocol):
    """What a detector class provides. ``__init__(rules, config)`` receives every rule bound to it."""

    def __init__(self, rules: "Sequence[Rule]", config: "Config") -> None: ...

    def check(self, article: Article, ctx: CheckContext, enabled: frozenset[str]) -> Iterable[Hit]:
        """Hits for one article; ``enabled`` is the set of this detector's rule ids that are switched on."""
        ...


class BatchDetector(Detector, Protocol):
    """Optional second pass over a whole batch (near-duplicate clusters...).

    ``check_batch`` receives every (article, context) of the batch in input order and yields (index, hit).
    """

    def check_batch(self, items: Sequence[tuple[Article, CheckContext]], enabled: frozenset[str]) -> Iterable[tuple[int, Hit]]: ...


class FinishingDetector(Detector, Protocol):
    """Optional last step: derive report extras from the article's final findings (every detector's, after the
    batch pass too), e.g. the spin detector's restored text, which takes its originals from QC204 as well."""

    def finish(self, report: ArticleReport) -> None: ...
