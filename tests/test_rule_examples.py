"""Every rule's own failing and passing examples, run as tests (LanguageTool / Vale / semgrep style)."""
from __future__ import annotations

import pytest

from qualitycheck.config import Config
from qualitycheck.engine.engine import load_rules
from qualitycheck.engine.selftest import verify_rule

RULESET = load_rules(Config(select=("ALL",)), verify_examples=False)
RULES = sorted(RULESET.all_rules.values(), key=lambda r: r.id)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule):
    failures = verify_rule(RULESET, rule)
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_documented(rule):
    assert rule.examples["fail"] and rule.examples["pass"]
    assert len(rule.description) >= 60, f"{rule.id}: description should say why the rule matters"
    assert rule.message


def test_rule_ids_and_names_are_unique_and_well_formed():
    ids = [r.id for r in RULES]
    names = [r.name for r in RULES]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names))
    assert all(i.startswith("QC") for i in ids)


def test_bundled_rules_load_with_examples_verified():
    ruleset = load_rules(Config())
    assert {"QC001", "QC002", "QC401"} <= set(ruleset.enabled)
