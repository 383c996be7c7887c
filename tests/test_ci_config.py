"""Config discovery (nearest file per checked file), precedence (CLI > file > defaults), errors, config show."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .ci_support import CHATBOT_MD, SPUN_MD, run, write
from qualitycheck.config import Config, ConfigError
from qualitycheck.config_files import ConfigResolver, find_config_file, read_config_file


def rules_in(out: str) -> set[str]:
    return {f["rule"] for line in out.splitlines() if line.strip() for f in json.loads(line)["findings"]}


def test_pyproject_table_is_found_walking_up(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n[tool.qualitycheck]\nignore = ["content-farm"]\n')
    article = write(tmp_path, "content/deep/post.md", CHATBOT_MD)
    found = find_config_file(article)
    assert found is not None and found.path == (tmp_path / "pyproject.toml").resolve()
    assert ConfigResolver().for_path(article).ignore == ("content-farm",)


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "qualitycheck.toml", 'fail-on = "warning"\n')
    write(tmp_path, "sub/pyproject.toml", '[project]\nname = "x"\n')
    article = write(tmp_path, "sub/post.md", CHATBOT_MD)
    assert ConfigResolver().for_path(article).fail_on == "warning"


def test_nearest_file_wins_and_names_are_ordered(tmp_path: Path) -> None:
    write(tmp_path, "qualitycheck.toml", 'fail-on = "info"\n')
    write(tmp_path, "a/.qualitycheck.toml", 'fail-on = "warning"\n')
    write(tmp_path, "a/qualitycheck.toml", 'fail-on = "never"\n')  # same directory: qualitycheck.toml first
    assert ConfigResolver().for_path(write(tmp_path, "a/x.md", CHATBOT_MD)).fail_on == "never"
    assert ConfigResolver().for_path(write(tmp_path, "b/y.md", CHATBOT_MD)).fail_on == "info"


def test_per_file_config_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "quiet/qualitycheck.toml", 'ignore = ["QC401"]\n')
    write(tmp_path, "quiet/a.md", CHATBOT_MD)
    write(tmp_path, "loud/b.md", CHATBOT_MD)
    code, out, _ = run(capsys, "check", "--format", "jsonl", "--no-cache", "quiet", "loud")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["source"]["path"].split("/")[0] for r in rows] == ["quiet", "loud"]  # input order kept
    assert "QC401" not in {f["rule"] for f in rows[0]["findings"]}
    assert "QC401" in {f["rule"] for f in rows[1]["findings"]}
    assert code == 1


def test_precedence_cli_over_file_over_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "post.md", SPUN_MD)
    assert run(capsys, "check", "--no-cache", "post.md")[0] == 0  # spun phrases are warnings; default fail-on error
    write(tmp_path, "qualitycheck.toml", 'fail-on = "warning"\n')
    assert run(capsys, "check", "--no-cache", "post.md")[0] == 1  # file beats default
    assert run(capsys, "check", "--no-cache", "--fail-on", "error", "post.md")[0] == 0  # CLI beats file
    assert run(capsys, "check", "--no-cache", "--isolated", "post.md")[0] == 0  # --isolated ignores the file


def test_severity_override_and_select_from_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "post.md", CHATBOT_MD)
    write(tmp_path, ".qualitycheck.toml", 'select = ["content-farm"]\n[severity]\nchatbot-self-reference = "warning"\n')
    code, out, _ = run(capsys, "check", "-f", "jsonl", "--no-cache", "post.md")
    findings = json.loads(out)["findings"]
    assert findings and {f["category"] for f in findings} == {"content-farm"}
    assert {f["severity"] for f in findings if f["rule"] == "QC401"} == {"warning"}
    assert code == 0


def test_explicit_config_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "post.md", CHATBOT_MD)
    write(tmp_path, "ci/strict.toml", 'ignore = ["QC401"]\n')
    code, out, _ = run(capsys, "check", "-f", "jsonl", "--no-cache", "--config", "ci/strict.toml", "post.md")
    assert "QC401" not in rules_in(out)


def test_rule_dirs_are_relative_to_the_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "repo/qualitycheck.toml", 'rule-dirs = ["house-rules"]\n')
    write(
        tmp_path,
        "repo/house-rules/house.yml",
        """\
        id: QC890
        name: house-banned-word
        category: headline
        severity: error
        type: phrase
        languages: [en]
        scope: [body]
        phrases: [synergy]
        message: "House style bans '{match}'."
        description: Our style guide bans this word.
        examples:
          fail: ["The merger brings [[synergy]] to the group."]
          pass: ["The merger brings savings to the group."]
        """,
    )
    write(tmp_path, "repo/news/a.md", "---\ntitle: Merger\n---\n\nThe merger brings synergy to the group, the chief executive said.\n")
    monkeypatch.chdir(tmp_path / "repo" / "news")  # run from elsewhere: the path still resolves
    code, out, err = run(capsys, "check", "-f", "jsonl", "--no-cache", "a.md")
    assert "QC890" in rules_in(out), err
    assert code == 1


@pytest.mark.parametrize(
    "text, needle",
    [
        ('colour = "red"\n', "unknown key 'colour'"),
        ('fail-on = "sometimes"\n', "fail-on"),
        ("ignore = 3\n", "ignore must be a list"),
        ("[thresholds]\n\"spin.probability\" = \"high\"\n", "thresholds.spin.probability must be a number"),
        ("this is = not toml =\n", "invalid TOML"),
    ],
)
def test_bad_config_is_exit_2_naming_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text: str, needle: str) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "post.md", CHATBOT_MD)
    write(tmp_path, "qualitycheck.toml", text)
    code, out, err = run(capsys, "check", "--no-cache", "post.md")
    assert code == 2
    assert "qualitycheck.toml" in err and needle in err, err
    assert "Traceback" not in err


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.qualitycheck]\nselct = ['QC1']\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml \[tool.qualitycheck\]: unknown key 'selct'"):
        ConfigResolver().for_path(tmp_path)


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        read_config_file(tmp_path / "nope.toml")


def test_config_show_reports_origins(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "pyproject.toml", '[tool.qualitycheck]\nignore = ["content-farm"]\nfail-on = "warning"\n')
    code, out, _ = run(capsys, "config", "show", "--json", "--select", "QC1,content-farm")
    assert code == 0
    data = json.loads(out)
    settings = data["settings"]
    assert data["file"] == str((tmp_path / "pyproject.toml").resolve())
    assert settings["ignore"]["value"] == ["content-farm"] and "pyproject.toml [tool.qualitycheck]" in settings["ignore"]["origin"]
    assert settings["fail-on"]["value"] == "warning"
    assert settings["select"] == {"value": ["QC1", "content-farm"], "origin": "command line"}
    assert settings["strict"]["origin"] == "default"
    code, out, _ = run(capsys, "config", "show")
    assert code == 0 and "# config file:" in out and "fail-on" in out and "# default" in out


def test_config_show_rejects_a_selector_that_matches_no_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "qualitycheck.toml", 'ignore = ["QC999x"]\n')
    code, _, err = run(capsys, "config", "show")
    assert code == 2 and "QC999x" in err and "qualitycheck.toml" in err


def test_stdin_uses_config_of_working_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.chdir(tmp_path)
    write(tmp_path, "qualitycheck.toml", 'ignore = ["content-farm"]\n')
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CHATBOT_MD.encode())))
    code, out, _ = run(capsys, "check", "-f", "jsonl", "-")
    assert code == 0 and "QC401" not in rules_in(out)


def test_config_merge_keeps_defaults_for_unset_keys() -> None:
    assert Config().merge({"fail-on": "warning"}, "x").default_language == "en"


def test_documented_examples_are_valid(tmp_path: Path) -> None:
    """The config example and the workflow in docs/ci.md parse and are accepted."""
    import re

    import yaml

    from qualitycheck.config_files import apply_file

    doc = (Path(__file__).resolve().parents[1] / "docs" / "ci.md").read_text(encoding="utf-8")
    toml_block = re.search(r"```toml\n(.*?)```", doc, re.S).group(1)
    cfg = read_config_file(write(tmp_path, "qualitycheck.toml", toml_block))
    assert cfg is not None
    config = apply_file(Config(), cfg)
    assert config.fail_on == "warning" and config.severity["spun-phrase"] == "error"
    assert config.rule_dirs == (str(cfg.path.parent / "style/rules"),)
    assert config.thresholds == {"spin.probability": 0.6}
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", doc, re.S) if "jobs:" in b or "repos:" in b]
    assert len(blocks) == 3
    steps = next(w for w in blocks if "jobs" in w)["jobs"]["qualitycheck"]["steps"]
    assert any("--format github" in str(s.get("run", "")) for s in steps)


def test_each_file_keeps_its_own_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "archive/qualitycheck.toml", 'fail-on = "never"\n')
    write(tmp_path, "archive/old.md", CHATBOT_MD)
    write(tmp_path, "news/spun.md", SPUN_MD)
    assert run(capsys, "check", "--no-cache", "archive", "news")[0] == 0  # archive never fails; spun is a warning
    write(tmp_path, "news/qualitycheck.toml", 'fail-on = "warning"\n')
    assert run(capsys, "check", "--no-cache", "archive", "news")[0] == 1
    assert run(capsys, "check", "--no-cache", "archive")[0] == 0


def test_extend_inherits_explicitly_and_detects_loops(tmp_path: Path) -> None:
    write(tmp_path, "shared/base.toml", 'ignore = ["headline"]\nfail-on = "warning"\nrule-dirs = ["house"]\n')
    write(tmp_path, "site/qualitycheck.toml", 'extend = "../shared/base.toml"\nfail-on = "error"\n')
    config = ConfigResolver().for_path(tmp_path / "site")
    assert config.ignore == ("headline",) and config.fail_on == "error"
    assert config.rule_dirs == (str((tmp_path / "shared" / "house").resolve()),)  # relative to base.toml
    assert "base.toml" in config.origins["ignore"] and config.origins["fail_on"].endswith("site/qualitycheck.toml")
    write(tmp_path, "shared/base.toml", 'extend = "../site/qualitycheck.toml"\n')
    with pytest.raises(ConfigError, match="loops back"):
        ConfigResolver().for_path(tmp_path / "site")
