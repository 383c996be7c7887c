"""The spinner lexicon: files parse, context conditions decide, names are case-sensitive, weights are measured."""
from __future__ import annotations

import json

import pytest

from qualitycheck.spin.lexicon import (
    DATA_DIR,
    Lexicon,
    get_lexicon,
    llr_from_counts,
    load_entries,
    parse_context,
    rules_dir,
    tokenize,
)


def spans(text: str) -> list[tuple[str, str]]:
    lex = get_lexicon()
    return [(text[m.start : m.end], m.entry.original) for m in lex.find(tokenize(text), text)]


def test_every_entry_parses_and_has_a_measured_weight() -> None:
    entries = load_entries()
    assert len(entries) > 900
    stats = json.loads((DATA_DIR / "lexicon_stats.json").read_text(encoding="utf-8"))["llr"]
    lex = Lexicon(entries)
    missing = [e.key for e in lex.entries if e.key not in stats]
    assert not missing, f"run scripts/build_spin_lexicon.py: {missing[:5]}"


def test_context_conditions_separate_spun_from_ordinary_use() -> None:
    assert ("the place", "where") in spans("Police did not say the place the deputy was found.")
    assert spans("The place was packed on Friday night.") == []
    assert ("greater than", "more than") in spans("It has greater than 700 nests.")
    assert spans("The risk is greater than we thought.") == []
    assert ("stated", "said") in spans("The officer was injured, police stated.")
    assert spans("As stated in the report, costs rose.") == []


def test_longest_match_wins() -> None:
    found = spans("He was driving below the affect of alcohol.")
    assert found == [("driving below the affect", "driving under the influence")]


def test_names_are_case_sensitive() -> None:
    assert spans("Violence spread across the Center East.") == [("Center East", "Middle East")]
    assert spans("the center east of the park") == []


def test_parse_context_rejects_garbage() -> None:
    assert parse_context("prev=a|b !next=@punct")[1].negate
    with pytest.raises(ValueError):
        parse_context("sideways=a")


def test_weights_follow_clean_frequency() -> None:
    # a spun form never written in clean text, whose original is common, is strong evidence
    assert llr_from_counts(0, 5000, 1) > llr_from_counts(50, 5000, 1) > llr_from_counts(5000, 5000, 1)
    assert llr_from_counts(5000, 10, 1) < 0.1


def test_rules_dir_is_the_checkout_folder() -> None:
    assert (rules_dir() / "lexicon.tsv").is_file()
    assert (rules_dir() / "names.tsv").is_file()
