"""Machine-translation/rewriter artefacts and the thesaurus table: patterns, guards, weights, reporting."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from qualitycheck.api import check
from qualitycheck.config import Config
from qualitycheck.spin.artefacts import Artefacts, get_artefacts, read_patterns
from qualitycheck.spin.scorer import get_scorer
from qualitycheck.spin.thesaurus import MAX_WEIGHT, get_thesaurus
from qualitycheck.spin.train import add_artefacts


def found(text: str) -> list[tuple[str, str, str]]:
    return [(h.pattern.id, text[h.start : h.end], h.suggestion) for h in get_artefacts().find(text)]


@pytest.mark.parametrize(
    "text, pattern, surface, suggestion",
    [
        ("a loan of up to $1.4 billion. dollars and a plan", "stop-then-lowercase", "billion. dollars", "billion dollars"),
        ("to meet its renewable energy. Goals.", "one-word-fragment", "energy. Goals.", "energy goals."),
        ("“She is in a serious condition.”, said the manager.", "stop-quote-comma", ".”,", ",”"),
        ("calling them \"little little dark people\"", "doubled-word", "little little", "little"),
        ("to fix the hiring and hiring process", "x-and-x", "hiring and hiring", "hiring"),
        ("a photo of the actress and their son , Atlas, online", "space-before-comma", " ,", ","),
    ],
)
def test_each_pattern_finds_its_scar_and_repairs_it(text: str, pattern: str, surface: str, suggestion: str) -> None:
    assert (pattern, surface, suggestion) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Gov. Gavin Newsom met Lt. Col. Smith in St. Louis on Jan. 5 at 3 p.m. local time.",
        "Shares of Williams Cos. and Exxon Corp. rose; the U.S. dollar fell.",
        "Prices rose more and more, again and again, time and time again.",
        "He said that that was the end of it, and they had had enough.",
        "“Why not?”, he asked.",
        "The senator said. Then she left.",
    ],
)
def test_ordinary_news_prose_has_no_artefacts(text: str) -> None:
    assert found(text) == []


def test_weights_follow_the_measured_clean_rate(tmp_path: Path) -> None:
    patterns = read_patterns()
    stats = {"corpus_words": 4_000_000, "counts": {p.id: 0 for p in patterns}}
    stats["counts"]["doubled-word"] = 400  # 100 per million words: as common as a typo
    table = Artefacts(patterns, stats)
    assert table.weights["doubled-word"] < table.weights["stop-quote-comma"]
    assert table.clean_counts["stop-quote-comma"] == 0
    unmeasured = Artefacts(patterns, {})
    assert max(unmeasured.weights.values()) <= 1.0  # a pattern nobody measured is weak evidence only


def test_bad_pattern_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "artefacts.tsv").write_text("id\tpattern\tfix\tunless\tnote\nbroken\t([a-z\t\t\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"artefacts.tsv:2"):
        read_patterns(tmp_path)


def test_artefact_is_reported_as_qc106_with_its_repair() -> None:
    report = check("“She is currently in an extremely serious condition.”, said the businessman. Michael McConnell to Reuters.")
    hits = [f for f in report.articles[0].findings if f.rule == "QC106"]
    assert hits and hits[0].text == ".”," and hits[0].suggestion == ",”"
    assert hits[0].evidence["artefact"] == "stop-quote-comma"


def test_a_common_artefact_alone_does_not_flag_a_clean_article() -> None:
    body = ("The council met on Tuesday and approved the budget for next year after a long debate. " * 6
            + "Members said the plans plans would fund road repairs.")
    report = check(body)
    assert not [f for f in report.articles[0].findings if f.category == "spin"]


def test_restore_keeps_an_artefact_without_a_repair() -> None:
    scorer = get_scorer()
    text = "“These changes may help some pages in search results.” was less rewarded for."
    score = scorer.score_text(text)
    hits = scorer.reported(score, 0.5)
    assert any(h.match.entry.note == "quote-then-verb" for h in hits)
    config = Config().merge({"options": {"spin": {"restore": True}}}, origin="test")
    report = check(text, config).articles[0]
    assert any(f.rule == "QC106" and not f.suggestion for f in report.findings)
    assert "restored" not in report.extras  # nothing has a repair: no restored copy of the text


def test_thesaurus_hits_are_weak_and_never_stand_alone() -> None:
    table = get_thesaurus()
    assert table is not None and table.entries
    assert max(w for _, w in table.entries.values()) <= MAX_WEIGHT
    scorer = get_scorer()
    word = next(s for s, (o, w) in sorted(table.entries.items()) if w >= 2.0)
    score = scorer.score_text(f"The report was {word} on Monday.")
    assert any(m.entry.source == "thesaurus" for m in score.matches)
    assert scorer.reported(score, 0.5) == []  # one rare synonym is not enough to show


def test_synthetic_artefacts_are_found_again() -> None:
    rng = random.Random(3)
    text = "Officials said the bridge would reopen next week after repairs to the damaged section were finished."
    caught = 0
    for _ in range(20):
        scarred, n = add_artefacts(text, rng)
        assert n >= 1 and scarred != text
        caught += bool(get_artefacts().find(scarred))
    assert caught == 20


def test_a_repeated_rare_word_counts_once() -> None:
    scorer = get_scorer()
    table = get_thesaurus()
    assert table is not None
    word = next(s for s, (o, w) in sorted(table.entries.items()) if w >= 2.0)
    once = scorer.score_text(f"The {word} rode through the town on Monday.")
    twice = scorer.score_text(f"The {word} rode through the town on Monday, and the {word} waved at the crowd.")
    assert sum(m.entry.source == "thesaurus" for m in twice.matches) == 1
    assert twice.probability <= once.probability + 0.05  # the repeat is the topic, not more evidence


def test_rare_synonyms_count_in_title_case_headlines_but_not_in_names() -> None:
    scorer = get_scorer()
    table = get_thesaurus()
    assert table is not None
    word = next(s for s, (o, w) in sorted(table.entries.items()) if w >= 2.0 and s.isalpha())
    cap = word.capitalize()
    headline = scorer.score_text(f"Council Members Say {cap} Was Expected After The Vote")
    assert any(m.entry.source == "thesaurus" for m in headline.matches)
    name = scorer.score_text(f"The report by Anna {cap} was published on Monday.")
    assert not any(m.entry.source == "thesaurus" for m in name.matches)
