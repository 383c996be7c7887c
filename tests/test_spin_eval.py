"""``qualitycheck eval spin`` prints per-unit figures; a broken record is a clear error naming the line."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qualitycheck.cli import cli
from qualitycheck.spin.evaluate import evaluate, roc_auc

RECORDS = [
    {"text": "Police stated the officer was positioned on restricted responsibility, based on police.", "label": "spun", "unit": "sentence",
     "spans": ["stated", "positioned on restricted responsibility"], "original": "Police said the officer was placed on restricted duty, according to police.", "kind": "synonym_spin"},
    {"text": "Police said the officer was placed on restricted duty, according to police.", "label": "clean", "unit": "sentence", "spans": [], "original": None},
    {"text": "Hearth ants unfold quicker than anticipated", "label": "spun", "unit": "headline", "spans": ["Hearth ants", "unfold quicker"],
     "original": "Fire ants spread faster than expected", "kind": "synonym_spin"},
    {"text": "Fire ants spread faster than expected", "label": "clean", "unit": "headline", "spans": [], "original": None},
]


def test_evaluate_figures() -> None:
    res = evaluate(RECORDS)
    s = res["units"]["sentence"]
    assert s["recall"] == 1.0 and s["precision"] == 1.0 and s["roc_auc"] == 1.0
    assert res["span_recall"] == 1.0
    assert res["suggestion_accuracy"] == 1.0
    assert res["units"]["headline"]["clean_any_span"] == 0.0


def test_roc_auc_counts_ties_as_half() -> None:
    assert roc_auc([1, 0], [0.5, 0.5]) == 0.5
    assert roc_auc([1, 1], [0.1, 0.2]) is None


def test_cli_prints_table(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    res = CliRunner().invoke(cli, ["eval", "spin", str(data)])
    assert res.exit_code == 0, res.output
    assert "sentence" in res.output and "suggestion accuracy" in res.output
    res = CliRunner().invoke(cli, ["eval", "spin", str(data), "--json"])
    assert json.loads(res.output)["units"]["headline"]["recall"] == 1.0


def test_cli_names_the_bad_line(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text(json.dumps(RECORDS[0]) + "\n{not json\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["eval", "spin", str(data)])
    assert res.exit_code != 0
    assert "bad.jsonl:2" in res.output
