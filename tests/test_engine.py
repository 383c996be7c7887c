"""Rule engine: selection, severity overrides, rule types, and rule-file errors named as file:line."""
from __future__ import annotations

from pathlib import Path

import pytest

from qualitycheck.api import check_articles
from qualitycheck.config import Config, ConfigError
from qualitycheck.engine.engine import load_rules
from qualitycheck.engine.rules import RuleError
from qualitycheck.model import Article, Severity

CHATBOT = "As an AI language model, I cannot browse the internet. The council met on Tuesday to approve the budget."


def art(body: str, **fields) -> Article:
    return Article(id="t", body=body.split("\n\n"), language="en", **fields)


def rules_hit(config: Config, article: Article) -> set[str]:
    return {f.rule for r in check_articles([article], config) for f in r.findings}


def test_select_and_ignore_by_id_prefix_name_and_category():
    a = art(CHATBOT + " The hearth ants spread.")
    assert {"QC401", "QC101"} <= rules_hit(Config(), a)
    assert rules_hit(Config(select=("QC401",)), a) == {"QC401"}
    assert rules_hit(Config(select=("spin",)), a) == {"QC101"}
    assert "QC401" not in rules_hit(Config(ignore=("content-farm",)), a)
    assert "QC401" not in rules_hit(Config(ignore=("chatbot-self-reference",)), a)
    assert "QC401" not in rules_hit(Config(ignore=("QC4",)), a)
    # a more specific select beats a category ignore
    assert "QC401" in rules_hit(Config(select=("QC401", "QC101"), ignore=("content-farm",)), a)


def test_unknown_selector_is_a_config_error():
    with pytest.raises(ConfigError, match="QC999"):
        load_rules(Config(select=("QC999",)))


def test_severity_override_changes_finding_and_exit_code():
    a = art(CHATBOT)
    report = check_articles([a], Config(severity={"QC401": "warning"}))
    f = next(f for f in report.articles[0].findings if f.rule == "QC401")
    assert f.severity is Severity.WARNING
    assert report.exit_code == 0  # default fail-on is error
    assert check_articles([a], Config(severity={"QC401": "warning"}, fail_on="warning")).exit_code == 1


def test_finding_span_and_message():
    a = art(CHATBOT)
    f = next(f for r in check_articles([a]) for f in r.findings if f.rule == "QC401")
    assert (f.field, f.start, f.end, f.text) == ("body", 0, 23, "As an AI language model")
    assert f.category == "content-farm" and f.severity is Severity.ERROR
    assert "As an AI language model" in f.message


def test_phrase_suggestion_keeps_capitalisation():
    a = art("Hearth ants were found near the school.")
    f = next(f for r in check_articles([a]) for f in r.findings if f.rule == "QC101")
    assert f.text == "Hearth ants" and f.suggestion == "Fire ants"


def test_other_language_gets_one_info_finding_and_no_rule_hits():
    a = Article(id="de", body=["Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen, sagte die Bürgermeisterin am Abend."])
    report = check_articles([a]).articles[0]
    assert report.language == "de"
    assert [f.rule for f in report.findings] == ["QC002"]
    assert str(report.findings[0].severity) == "info"


def write_rule(tmp: Path, text: str, name: str = "r.yml") -> Path:
    d = tmp / "rules"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


GOOD = """id: QC901
name: banned-word
category: headline
severity: warning
type: phrase
phrases: {shocking: surprising}
message: "'{match}' is sensational."
description: Sensational words in news copy undermine trust; editors prefer plain words that say what happened.
examples:
  fail: ["A [[shocking]] result in the council vote."]
  pass: ["A surprising result in the council vote."]
"""


def test_team_rule_directory_loads(tmp_path):
    d = write_rule(tmp_path, GOOD)
    a = art("A shocking result came in.")
    hits = rules_hit(Config(rule_dirs=(str(d),)), a)
    assert "QC901" in hits


def test_yaml_error_names_file_and_line(tmp_path):
    d = write_rule(tmp_path, GOOD.replace("type: phrase", "type: [phrase"))
    with pytest.raises(RuleError) as exc:
        load_rules(Config(rule_dirs=(str(d),)))
    assert "r.yml:" in str(exc.value) and "YAML" in str(exc.value)
    assert exc.value.line is not None and exc.value.line >= 5


def test_bad_regex_is_a_rule_error(tmp_path):
    bad = GOOD.replace("type: phrase\nphrases: {shocking: surprising}", "type: pattern\npattern: \"(shocking\"")
    d = write_rule(tmp_path, bad)
    with pytest.raises(RuleError, match="bad regex"):
        load_rules(Config(rule_dirs=(str(d),)))


def test_failing_example_stops_the_rule_from_loading(tmp_path):
    d = write_rule(tmp_path, GOOD.replace('pass: ["A surprising', 'pass: ["A shocking'))
    with pytest.raises(RuleError, match="QC901: expected no finding"):
        load_rules(Config(rule_dirs=(str(d),)))


def test_missing_key_and_unknown_key(tmp_path):
    d = write_rule(tmp_path, GOOD.replace("category: headline\n", ""))
    with pytest.raises(RuleError, match="missing required key 'category'"):
        load_rules(Config(rule_dirs=(str(d),)))
    d = write_rule(tmp_path, GOOD + "colour: red\n")
    with pytest.raises(RuleError, match="unknown key"):
        load_rules(Config(rule_dirs=(str(d),)))


def test_duplicate_id_is_rejected(tmp_path):
    d = write_rule(tmp_path, GOOD.replace("QC901", "QC401"))
    with pytest.raises(RuleError, match="duplicate rule id QC401"):
        load_rules(Config(rule_dirs=(str(d),)))


METADATA = """id: QC902
name: no-byline-test
category: attribution
severity: info
type: metadata
scope: [byline]
when:
  all:
    - {field: byline, exists: false}
    - {field: word_count, length_gt: 3}
report_at: article
message: "No byline."
description: A news article without a byline leaves readers unable to tell who stands behind the reporting.
examples:
  fail: [{body: "The council met on Tuesday to vote."}]
  pass: [{byline: "Jane Doe", body: "The council met on Tuesday to vote."}]
"""


def test_metadata_rule_conditions(tmp_path):
    d = write_rule(tmp_path, METADATA)
    config = Config(rule_dirs=(str(d),), select=("QC902",))
    assert rules_hit(config, art("The council met on Tuesday to vote.")) == {"QC902"}
    assert rules_hit(config, art("The council met on Tuesday to vote.", byline=["Jane Doe"])) == set()
    assert rules_hit(config, art("Too short.")) == set()


def test_pattern_exception_drops_overlapping_match(tmp_path):
    rule = GOOD.replace("type: phrase\nphrases: {shocking: surprising}", "type: pattern\npattern: \"\\\\bshocking\\\\b\"\nexceptions: [\"shocking pink\"]")
    d = write_rule(tmp_path, rule)
    config = Config(rule_dirs=(str(d),), select=("QC901",))
    assert rules_hit(config, art("A shocking result.")) == {"QC901"}
    assert rules_hit(config, art("She wore shocking pink.")) == set()
