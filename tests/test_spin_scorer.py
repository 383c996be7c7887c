"""Scorer and detector: spun text gets spans with the original wording, clean text gets nothing."""
from __future__ import annotations

from pathlib import Path

from qualitycheck.api import check, check_paths
from qualitycheck.config import Config
from qualitycheck.spin.scorer import get_scorer, unit_probability

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

SPUN = (
    "Police stated the officer was positioned on restricted responsibility after the crash. The division mentioned "
    "additional particulars could be launched as soon as the investigation ends, based on police."
)
CLEAN = (
    "Police said the officer was placed on restricted duty after the crash. The department said further details "
    "would be released once the investigation ends, according to police."
)


def test_spun_unit_scores_high_and_its_original_low() -> None:
    assert unit_probability(SPUN) > 0.9
    assert unit_probability(CLEAN) < 0.1


def test_reported_spans_carry_the_original_and_restore_it() -> None:
    scorer = get_scorer()
    score = scorer.score_text(SPUN)
    hits = scorer.reported(score, 0.5)
    pairs = {(h.text, h.suggestion) for h in hits}
    assert ("stated", "said") in pairs
    assert ("additional particulars", "further details") in pairs
    config = Config().merge({"options": {"spin": {"restore": True}}}, origin="test")
    restored = check(SPUN, config).articles[0].extras["restored"]["body"]
    assert "further details" in restored and "particulars" not in restored


def test_detector_reports_spans_suggestions_and_article_score() -> None:
    report = check_paths([str(SAMPLES / "spun-article.txt")], Config())
    art = report.articles[0]
    spin = [f for f in art.findings if f.category == "spin"]
    assert any(f.rule == "QC104" for f in spin)
    spans = {(f.text, f.suggestion) for f in spin if f.rule in ("QC101", "QC102", "QC105")}
    assert ("hearth ants", "fire ants") in spans
    assert ("mannequin", "model") in spans
    assert art.scores["spin"] > 0.9


def test_clean_samples_have_no_spin_findings_but_a_score() -> None:
    for name in ("clean-article.md", "page.html"):
        report = check_paths([str(SAMPLES / name)], Config())
        art = report.articles[0]
        assert [f for f in art.findings if f.category == "spin"] == [], name
        assert 0.0 <= art.scores["spin"] < 0.1


def test_restore_option_puts_originals_back() -> None:
    config = Config().merge({"options": {"spin": {"restore": True}}}, origin="test")
    art = check("Officials said the fire crews were instructed to hold the line.\n\n" + SPUN, config).articles[0]
    restored = art.extras["restored"]["body"]
    assert "placed on restricted duty" in restored


def test_capitalised_word_mid_sentence_is_treated_as_a_name() -> None:
    scorer = get_scorer()
    assert scorer.matches("The Information Commissioner opened an inquiry on Monday.") == []


def test_quoted_weak_word_is_not_shown_alone() -> None:
    scorer = get_scorer()
    score = scorer.score_text('"We stated our case clearly," the mayor said on Tuesday at the council meeting.')
    assert scorer.reported(score, 0.5) == []


def test_cli_restore_prints_restored_text() -> None:
    from click.testing import CliRunner

    from qualitycheck.cli import cli

    res = CliRunner().invoke(cli, ["check", "--restore", "--fail-on", "warning", str(SAMPLES / "spun-article.txt")])
    assert res.exit_code == 1, res.output  # spin findings are warnings
    assert "restored text of" in res.output
    assert "fire ants" in res.output.split("restored text of", 1)[1]


def test_a_lone_lexicon_phrase_in_an_unspun_article_is_not_shown() -> None:
    from qualitycheck.spin.scorer import LONE_SPAN_FLOOR

    ordinary = ("The council met on Tuesday to discuss the budget for the coming year. Members said the plan would "
                "fund new roads, two libraries and a park near the river, and the mayor told reporters the vote "
                "would take place next month after a public hearing.")
    lone = "Shares of the company closed at a file excessive on Friday after the results were published."
    article = "\n\n".join([ordinary, lone, ordinary, ordinary])
    art = check(article).articles[0]
    assert art.scores["spin"] < LONE_SPAN_FLOOR
    assert not [f for f in art.findings if f.category == "spin"]
    # the same phrase on its own is a unit with a sign of spinning: shown, with its original
    scorer = get_scorer()
    score = scorer.score_text(lone)
    assert score.probability >= LONE_SPAN_FLOOR
    assert [(h.text, h.suggestion) for h in scorer.reported(score, 0.5)] == [("file excessive", "record high")]
    # a near-unambiguous fingerprint (spun-phrases.tsv) is shown even in an otherwise clean article
    fingerprint = "\n\n".join([ordinary, "Residents were warned about hearth ants near the school.", ordinary, ordinary])
    assert any(f.rule == "QC101" for f in check(fingerprint).articles[0].findings)
