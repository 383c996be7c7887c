"""Surfaces what the loaders met (unreadable records, truncation, encoding guesses) as findings of ``input`` rules."""
from __future__ import annotations

from typing import Iterable, Sequence

from ..config import Config
from ..engine.detector import CheckContext, Hit
from ..engine.rules import Rule
from ..model import Article


class InputIssues:
    def __init__(self, rules: Sequence[Rule], config: Config) -> None:
        self.rules = rules

    def check(self, article: Article, ctx: CheckContext, enabled: frozenset[str]) -> Iterable[Hit]:
        return [hit for hit in article.load_issues if hit.rule in enabled]
