"""Property tests for the rule loader: random YAML and mutated valid rule files either load or fail with a
``RuleError`` that names the file and a line -- never another exception, never a hang."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fuzz.targets import load_rule_bytes, mutate, seeds  # noqa: E402

RULES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
KEYS = ["id", "name", "category", "severity", "type", "languages", "scope", "message", "description", "examples", "pattern",
        "phrases", "flags", "exceptions", "group", "when", "report_at", "suggestion", "detector", "options", "min_hits", "status", "rules"]
scalars = st.none() | st.booleans() | st.integers(-5, 5000) | st.floats(allow_nan=False) | st.text(max_size=20) | st.sampled_from(
    ["QC901", "team-rule", "spin", "input", "error", "warning", "pattern", "phrase", "metadata", "detector", "body", "title", "*", "en",
     "(a+)+$", "(unclosed", "ignorecase", "qualitycheck.detectors.input:InputIssues", "qualitycheck.nope:X", "os:system"])
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS + ["fail", "pass", "field", "matches", "exists", "all", "not"]), inner, max_size=5), max_leaves=25)
VALID = {"id": "QC901", "name": "team-rule", "category": "spin", "severity": "warning", "type": "pattern", "languages": ["*"],
         "message": "Found {match}.", "description": "A rule.", "pattern": "fo+", "examples": {"fail": ["foo"], "pass": ["bar"]}}


@RULES
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=12))
def test_random_rule_mappings(data: dict) -> None:
    load_rule_bytes(yaml.safe_dump(data, allow_unicode=True).encode("utf-8", errors="surrogatepass"))


@RULES
@given(st.sampled_from(sorted(VALID)), values)
def test_valid_rule_with_one_value_replaced(key: str, value: object) -> None:
    load_rule_bytes(yaml.safe_dump({**VALID, key: value}, allow_unicode=True).encode("utf-8", errors="surrogatepass"))


@RULES
@given(st.randoms(use_true_random=False))
def test_mutated_bundled_rule_files(rng) -> None:
    load_rule_bytes(mutate(rng.choice(seeds("rules")), rng))


@RULES
@given(st.binary(max_size=600))
def test_any_bytes_as_a_rule_file(data: bytes) -> None:
    load_rule_bytes(data)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_bundled_rule_files_with_lines_removed(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(seeds("rules")[:-1])).decode("utf-8")
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 3))):
        if lines:
            del lines[data.draw(st.integers(0, len(lines) - 1))]
    load_rule_bytes("\n".join(lines).encode("utf-8"))
