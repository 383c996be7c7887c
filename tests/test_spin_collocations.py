"""Reverse-spin collocations: a more common relative that forms a strong collocation exposes the spun word."""
from __future__ import annotations

import pytest

from qualitycheck.spin.collocations import get_table
from qualitycheck.spin.lexicon import tokenize
from qualitycheck.spin.scorer import SpinScorer


@pytest.fixture(scope="module")
def table():
    t = get_table()
    if t is None:
        pytest.skip("collocation table not built")
    return t


def test_hearth_ants_reverse_to_fire_ants(table) -> None:
    hits = table.find(tokenize("A study predicts where hearth ants will spread"), set())
    assert [(h.spun, h.original) for h in hits] == [("hearth", "fire")]
    assert hits[0].gain >= 2.0


def test_ordinary_use_is_left_alone(table) -> None:
    assert table.find(tokenize("The family gathered around the hearth as the storm passed."), set()) == []
    assert table.find(tokenize("Fire ants spread quickly across the state."), set()) == []


def test_scorer_adds_collocation_evidence_but_never_alone(table) -> None:
    with_colloc = SpinScorer()
    without = SpinScorer(collocations=False)
    text = "The stock marketplace fell sharply on Monday."
    a, b = with_colloc.score_text(text), without.score_text(text)
    assert any(m.entry.source == "colloc" for m in a.matches)
    assert not any(m.entry.source == "colloc" for m in b.matches)
    # one weak thesaurus hit is evidence, not a finding: it is never shown on its own
    long_text = " ".join(["The council met on Tuesday to discuss the budget for the coming year."] * 4 + [text])
    assert with_colloc.reported(with_colloc.score_text(long_text), 0.5) == []
