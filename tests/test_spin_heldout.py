"""Accuracy floor on the fixed held-out split of the shared dev data (skipped when it is absent).

Floors sit a little under the figures measured when the model was trained, so a regression fails loudly.
"""
from __future__ import annotations

import pytest

from qualitycheck.spin import devdata

pytestmark = [pytest.mark.shared]


@pytest.fixture(scope="module")
def result():
    if devdata.data_dir() is None:
        pytest.skip("shared dev data not available")
    from qualitycheck.spin.evaluate import evaluate, heldout_records

    return evaluate(heldout_records())


def test_split_keeps_pairs_and_hosts_apart() -> None:
    if devdata.data_dir() is None:
        pytest.skip("shared dev data not available")
    parts: dict[str, set[str]] = {}
    for rec in devdata.dev_records():
        parts.setdefault(devdata.group_of(rec), set()).add(rec["part"])
    assert all(len(p) == 1 for p in parts.values())
    assert {"train", "heldout"} == {p for s in parts.values() for p in s}


def test_synonym_spin_recall_floor(result) -> None:
    for unit in ("sentence", "paragraph"):
        assert result["units"][unit]["recall_by_kind"]["synonym_spin"] >= 0.9, unit


def test_clean_flag_ceiling(result) -> None:
    for unit, stats in result["units"].items():
        assert stats["clean_scored_spun"] <= 0.05, unit
        assert stats["clean_any_span"] <= 0.05, unit


def test_suggestion_accuracy_floor(result) -> None:
    assert result["suggestion_accuracy"] >= 0.7
    assert result["span_recall"] >= 0.5
