"""User-written rules cannot hang, crash or run code: bad regexes are refused or time-bounded, and every problem
is a RuleError naming the file and line."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from qualitycheck.api import check
from qualitycheck.config import Config
from qualitycheck.engine.engine import load_rules
from qualitycheck.engine.matchers import backtracks_catastrophically
from qualitycheck.engine.rules import RuleError, load_rule_file

SRC = Path(__file__).resolve().parents[1] / "src"

PATTERN_RULE = """\
id: QC901
name: team-pattern
category: content-farm
severity: warning
type: pattern
languages: ["*"]
message: "Matched {match}."
description: A team rule used by the robustness tests.
@SPEC@examples:
  fail: ["@FAIL@"]
  pass: ["@PASS@"]
"""


def rule_text(spec: str, fail: str = "x", passing: str = "y", rule_type: str = "pattern") -> str:
    return PATTERN_RULE.replace("@SPEC@", spec).replace("@FAIL@", fail).replace("@PASS@", passing).replace("type: pattern", f"type: {rule_type}")


def write_rule(folder: Path, pattern: str, fail: str = "aaa", passing: str = "bbb", name: str = "team.yml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(rule_text(f"pattern: {pattern}\n", fail, passing))
    return path


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w+\s?)*$", r"^(\d+)*$", r"(a|b+)*c", r"(?:x*)*y", r"((ab)*)+z"])
def test_catastrophic_shapes_are_detected(pattern: str) -> None:
    assert backtracks_catastrophically(pattern)


@pytest.mark.parametrize("pattern", [r"(?:\s+\w+)*", r"\b(?:[A-Z]\w+\s+)+said", r"(?>a+)+", r"a++b", r"(?:ab)+", r"\bas an? ai\b", r"[a-z]+(?:-[a-z]+)*"])
def test_ordinary_patterns_are_not_flagged(pattern: str) -> None:
    assert not backtracks_catastrophically(pattern)


def test_catastrophic_pattern_is_a_rule_error_naming_the_rule(tmp_path: Path) -> None:
    path = write_rule(tmp_path / "rules", "'(a+)+$'")
    with pytest.raises(RuleError) as info:
        load_rules(Config(rule_dirs=(str(tmp_path / "rules"),)))
    assert info.value.path == str(path) and "QC901" in str(info.value) and "exponential" in str(info.value)


def test_catastrophic_exception_pattern_is_refused_too(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    write_rule(folder, "'a+'")
    path = folder / "team.yml"
    path.write_text(path.read_text() + "exceptions: ['(\\w+\\s?)*!']\n")
    with pytest.raises(RuleError, match="QC901: the regex in 'exceptions' can take exponential time"):
        load_rules(Config(rule_dirs=(str(folder),)))


def test_cli_reports_catastrophic_rule_with_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    write_rule(folder, "'(a+)+$'")
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nSome text.\n")
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "qualitycheck", "check", "--rules", str(folder), str(article)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert re.search(r"team\.yml:1: QC901: the regex in 'pattern' can take exponential time", proc.stderr)


def test_slow_pattern_times_out_into_a_finding_naming_the_rule(tmp_path: Path) -> None:
    # (a|aa)+$ is exponential in both re and regex, but not of the nested-quantifier shape the load check knows
    folder = tmp_path / "rules"
    write_rule(folder, "'(a|aa)+$'", fail="aaa", passing="bbb")
    config = Config(rule_dirs=(str(folder),), options={"limits": {"regex_timeout": 0.05}}, select=("QC901", "QC003"))
    report = check("Slow\n\n" + "a" * 60 + "!", config)
    (article,) = report.articles
    timeouts = [f for f in article.findings if f.rule == "QC003"]
    assert len(timeouts) == 1
    assert "QC901" in timeouts[0].message and "team.yml:1" in timeouts[0].message and "0.05 s" in timeouts[0].message
    assert timeouts[0].evidence["rule"] == "QC901"
    assert not [f for f in article.findings if f.rule == "QC901"]  # nothing half-matched is reported


def test_metadata_rule_regex_is_time_bounded(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "meta.yml").write_text(textwrap.dedent("""\
        id: QC902
        name: team-title
        category: headline
        severity: warning
        type: metadata
        languages: ["*"]
        message: "Odd title."
        description: A team metadata rule used by the robustness tests.
        when: {field: title, matches: "(a|aa)+$"}
        examples:
          fail: [{title: "aaa", body: "Text."}]
          pass: [{title: "bbb", body: "Text."}]
        """))
    config = Config(rule_dirs=(str(folder),), options={"limits": {"regex_timeout": 0.05}}, select=("QC902", "QC003"))
    report = check("a" * 60 + "!\n\nBody text of the article.", config)
    messages = [f.message for f in report.articles[0].findings if f.rule == "QC003"]
    assert messages and "QC902" in messages[0] and "'matches' regex" in messages[0]


@pytest.mark.parametrize(
    "body, needle",
    [
        ("pattern: 'x'\nflags: [bogus]\n", "unknown regex flag"),
        ("pattern: 'x'\nflags: {a: 1}\n", "QC901"),
        ("pattern: 'x'\ngroup: [1]\n", "group"),
        ("pattern: 'x'\ngroup: 7\n", "group 7 is not in the pattern"),
        ("pattern: '(unclosed'\n", "bad regex"),
        ("pattern: 42\n", "must be a non-empty string"),
        ("pattern: 'x'\nexceptions: {a: b}\n", "exceptions"),
    ],
)
def test_bad_pattern_specs_are_rule_errors(tmp_path: Path, body: str, needle: str) -> None:
    text = rule_text(body)
    (tmp_path / "r.yml").write_text(text)
    with pytest.raises(RuleError) as info:
        load_rules(paths=[tmp_path])
    assert needle in str(info.value) and str(info.value).startswith(str(tmp_path / "r.yml") + ":")


def test_bad_phrase_weight_and_min_hits_are_rule_errors(tmp_path: Path) -> None:
    for extra, needle in (("phrases: [{phrase: x, weight: heavy}]\n", "QC901"), ("phrases: [x]\nmin_hits: lots\n", "QC901")):
        (tmp_path / "r.yml").write_text(rule_text(extra, rule_type="phrase"))
        with pytest.raises(RuleError, match=needle):
            load_rules(paths=[tmp_path])


def test_rule_file_cannot_import_arbitrary_code(tmp_path: Path) -> None:
    text = rule_text("detector: 'os:system'\n", rule_type="detector")
    (tmp_path / "r.yml").write_text(text)
    with pytest.raises(RuleError, match="must name a class in the qualitycheck package"):
        load_rule_file(tmp_path / "r.yml")


def test_yaml_alias_bomb_in_rule_file_is_refused(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"] + [f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]" for p, n in zip("abcdefg", "bcdefgh")]
    (tmp_path / "bomb.yml").write_text("\n".join(lines) + "\n")
    with pytest.raises(RuleError, match="expands to more than"):
        load_rule_file(tmp_path / "bomb.yml")


def test_deeply_nested_rule_yaml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "deep.yml").write_text("id: " + "[" * 100_000 + "\n")
    with pytest.raises(RuleError, match="nested more than"):
        load_rule_file(tmp_path / "deep.yml")


def test_regexes_full_of_brackets_are_not_mistaken_for_nesting(tmp_path: Path) -> None:
    pattern = "'" + "[a-z]" * 60 + "'"
    write_rule(tmp_path / "rules", pattern, fail="a" * 60, passing="bbb")
    assert load_rule_file(tmp_path / "rules" / "team.yml")[0].id == "QC901"


# --- no unsafe deserialisation anywhere in the package --------------------------------------------------------

UNSAFE = [
    (re.compile(r"^\s*(?:import|from)\s+(?:c?pickle|marshal|shelve|dill|joblib)\b", re.M), "pickle-family import"),
    (re.compile(r"\b(?:c?pickle|marshal|dill|joblib)\.loads?\("), "pickle-family load"),
    (re.compile(r"\byaml\.(?:load|load_all|unsafe_load|full_load)\((?![^)\n]*Loader=(?:_LineLoader|_FRONT_MATTER_LOADER))"), "yaml.load without a SafeLoader"),
    (re.compile(r"Loader\s*=\s*yaml\.(?:Loader|UnsafeLoader|FullLoader)\b"), "unsafe YAML loader"),
    (re.compile(r"\b(?:eval|exec)\("), "eval/exec"),
    (re.compile(r"allow_pickle\s*=\s*True"), "numpy allow_pickle"),
]


def test_no_pickle_marshal_or_unsafe_yaml_in_the_source_tree() -> None:
    offenders = []
    roots = [SRC, SRC.parent / "scripts", SRC.parent / "bench", SRC.parent / "fuzz"]
    for root in roots:
        for path in sorted(root.rglob("*.py")) if root.is_dir() else []:
            text = path.read_text(encoding="utf-8")
            for rx, what in UNSAFE:
                for m in rx.finditer(text):
                    offenders.append(f"{path.relative_to(SRC.parent)}:{text.count(chr(10), 0, m.start()) + 1}: {what}")
    assert not offenders, "\n".join(offenders)


def test_the_only_yaml_load_uses_a_safe_loader() -> None:
    from qualitycheck.engine import rules

    import yaml

    from qualitycheck.loaders import markdown

    assert issubclass(rules._LineLoader, yaml.SafeLoader)
    assert markdown._FRONT_MATTER_LOADER in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    shipped = [p for root in (SRC, SRC.parent / "rules") for p in root.rglob("*") if p.suffix in (".pkl", ".pickle", ".joblib", ".npy", ".npz")]
    assert not shipped


@pytest.mark.parametrize(
    "example",
    [
        '{raw: "text", format: text, encoding: "no-such-codec"}',  # found by the fuzz campaign (LookupError)
        '{raw: "text", format: "no-such-format"}',
        '{raw: "text", format: text, limits: {bogus: 1}}',
        '{body: "text", language: [en, fr]}',
        '{body: "text", metadata: "not a mapping"}',
    ],
)
def test_broken_examples_are_rule_errors(tmp_path: Path, example: str) -> None:
    text = rule_text("pattern: 'x'\n").replace('fail: ["x"]', f"fail: [{example}]")
    (tmp_path / "r.yml").write_text(text)
    with pytest.raises(RuleError) as info:
        load_rules(paths=[tmp_path])
    assert str(info.value).startswith(str(tmp_path / "r.yml") + ":") and "QC901" in str(info.value)


@pytest.mark.parametrize("scope", ["null", "7", "{a: b}", "[]"])
def test_scope_of_the_wrong_type_is_a_rule_error(tmp_path: Path, scope: str) -> None:
    # found by the fuzz campaign: "scope:" with no value crashed with a TypeError
    (tmp_path / "r.yml").write_text(rule_text(f"pattern: 'x'\nscope: {scope}\n"))
    with pytest.raises(RuleError, match="'scope' must be a non-empty list"):
        load_rule_file(tmp_path / "r.yml")
