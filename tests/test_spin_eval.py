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


def test_with_originals_reports_qc204_span_recall(tmp_path: Path) -> None:
    from qualitycheck.spin.evaluate import evaluate_with_originals

    paraphrase = {
        "text": "The county board decided on Tuesday to shut the aging river bridge for repairs that are projected to take twelve months and cost 4.6 million dollars.",
        "label": "spun", "unit": "sentence", "kind": "paraphrase", "spans": ["decided", "aging river bridge"],
        "original": "The county board voted on Tuesday to close the old river bridge for repairs that are expected to take twelve months and cost 4.6 million dollars.",
    }
    inferred = {**paraphrase, "original_basis": "inferred"}  # a reconstruction would align by construction: left out
    res = evaluate_with_originals([*RECORDS, paraphrase, inferred])
    assert res["paraphrase"]["items"] == 1 and res["paraphrase"]["linked"] == 1
    assert res["paraphrase"]["gold"] == 2 and res["paraphrase"]["span_recall"] == 1.0
    assert res["all"]["items"] == 3  # two synonym-spun records with originals, the paraphrase; no clean ones
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in [*RECORDS, paraphrase]), encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", "spin", str(data), "--with-originals"])
    assert out.exit_code == 0, out.output
    assert "QC204 with each spun item's original" in out.output and "paraphrase" in out.output
    as_json = json.loads(CliRunner().invoke(cli, ["eval", "spin", str(data), "--with-originals", "--json"]).output)
    assert as_json["with_originals"]["paraphrase"]["span_recall"] == 1.0


def test_cli_names_a_record_with_bad_spans_or_original(tmp_path: Path) -> None:
    for bad, word in (({**RECORDS[0], "spans": ["stated", 7]}, "'spans'"), ({**RECORDS[0], "original": ["not", "text"]}, "'original'")):
        data = tmp_path / "bad.jsonl"
        data.write_text(json.dumps(RECORDS[1]) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
        res = CliRunner().invoke(cli, ["eval", "spin", str(data), "--with-originals"])
        assert res.exit_code == 1 and isinstance(res.exception, SystemExit)  # a clear error, not a TypeError
        assert "bad.jsonl:2" in res.output and word in res.output
