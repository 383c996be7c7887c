"""``spin learn`` recovers substitutions from aligned pairs and appends only new ones."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from qualitycheck.cli import cli
from qualitycheck.spin.learn import existing_pairs, learn_pairs
from qualitycheck.spin.lexicon import rules_dir

ORIGINAL = "The council said it would release further details once the review ends, according to the mayor."
SPUN = "The council mentioned it will launch additional particulars as soon as the overview ends, in line with the mayor."


def test_learn_pairs_recovers_the_substitutions() -> None:
    known = existing_pairs([rules_dir() / "lexicon.tsv"])
    pairs = {(s.spun, s.original) for s in learn_pairs(ORIGINAL, SPUN, known=known)}
    assert ("launch", "release") in pairs
    assert ("additional particulars", "further details") in pairs
    assert ("mentioned", "said") in pairs
    assert ("as soon as", "once") in pairs
    assert ("overview", "review") in pairs
    assert ("in line with", "according to") in pairs


def test_learn_skips_numbers_and_long_rewrites() -> None:
    pairs = learn_pairs("He paid 20 dollars for the old red bicycle yesterday.", "He paid 25 dollars for an entirely different thing that nobody wanted.")
    assert all(not any(ch.isdigit() for ch in p.spun) for p in pairs)
    assert all(len(p.spun.split()) <= 4 for p in pairs)


def test_cli_prints_and_appends_without_duplicates(tmp_path: Path) -> None:
    out = tmp_path / "learned.tsv"
    runner = CliRunner()
    res = runner.invoke(cli, ["spin", "learn", ORIGINAL, SPUN, "--append", str(out)])
    assert res.exit_code == 0, res.output
    assert "overview -> review" in res.output
    first = out.read_text(encoding="utf-8").splitlines()
    assert first[0].startswith("spun\toriginal")
    assert any(line.startswith("overview\treview") for line in first)
    # pairs the lexicon already knows are not appended
    assert not any(line.startswith("mentioned\tsaid") for line in first)
    res = runner.invoke(cli, ["spin", "learn", ORIGINAL, SPUN, "--append", str(out)])
    assert res.exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines() == first


def test_cli_reads_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Fire crews were told to leave.", encoding="utf-8")
    b.write_text("Hearth crews had been instructed to go away.", encoding="utf-8")
    res = CliRunner().invoke(cli, ["spin", "learn", str(a), str(b)])
    assert res.exit_code == 0
    assert "instructed -> told" in res.output or "had been instructed -> were told" in res.output


def test_unknown_adjacent_swaps_split_one_to_one() -> None:
    pairs = [(s.spun, s.original) for s in learn_pairs("Crews fought the big fire all night.", "Crews fought the huge blaze all evening.")]
    assert pairs == [("huge", "big"), ("blaze", "fire"), ("evening", "night")]
