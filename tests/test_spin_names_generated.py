"""Name spins generated from WordNet names and the lexicon's word swaps (scripts/build_spin_names.py)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qualitycheck.api import check
from qualitycheck.config import Config
from qualitycheck.spin.lexicon import DATA_DIR, GENERATED_NAME_LLR, GENERATED_NAMES, get_lexicon, load_entries
from qualitycheck.spin.scorer import get_scorer

ROOT = Path(__file__).resolve().parents[1]


def generated() -> dict[str, object]:
    return {e.spun: e for e in get_lexicon().entries if e.generated}


def test_generated_names_load_as_guarded_case_sensitive_names() -> None:
    table = generated()
    assert len(table) > 300
    city = table["New York Metropolis"]
    assert city.original == "New York City" and city.case_sensitive and city.context == "!prev=@cap !next=@cap cs"
    assert table["Nationwide Park Service"].original == "National Park Service"
    # a curated spin is not duplicated, and the generated table can be left out
    curated = {e.spun for e in load_entries(generated=None) if e.source == "names"}
    assert not curated & set(table)


def test_a_generated_name_is_found_only_as_a_whole_capitalised_run() -> None:
    scorer = get_scorer()
    spans = lambda text: [(text[m.start : m.end], m.entry.original) for m in scorer.matches(text) if m.entry.generated]  # noqa: E731
    assert spans("Tourists flocked to Palm Seashore on Sunday.") == [("Palm Seashore", "Palm Beach")]
    assert spans("The Federal Treasury Division Office said so.") == []  # inside a longer name
    assert spans("Tourists flocked to palm seashore on Sunday.") == []  # case-sensitive


def test_a_generated_name_is_evidence_not_a_verdict() -> None:
    lex = get_lexicon()
    entry = generated()["Treasury Division"]
    assert lex.weight(entry) <= GENERATED_NAME_LLR and not lex.standalone(entry, lex.weight(entry), 3.0)
    alone = check("Officials at the bank said the Treasury Division had not replied to questions on Monday.").articles[0]
    assert [f for f in alone.findings if f.category == "spin"] == []
    spun = check("Officials stated the Treasury Division had not but replied to requests for remark, based on police.").articles[0]
    names = [f for f in spun.findings if f.rule == "QC105"]
    assert [(f.text, f.suggestion) for f in names] == [("Treasury Division", "Treasury Department")]


def test_no_generated_name_was_ever_written_in_clean_news() -> None:
    counts = json.loads((DATA_DIR / "lexicon_stats.json").read_text(encoding="utf-8"))["counts"]
    seen = [e.spun for e in generated().values() if counts.get(e.key, [0])[0] != 0]
    assert seen == [], "rebuild: scripts/build_spin_names.py, then scripts/build_spin_lexicon.py"


@pytest.mark.shared
def test_shipped_names_are_what_the_script_builds(tmp_path: Path) -> None:
    from qualitycheck.spin import devdata, wordnet

    if devdata.data_dir() is None or not wordnet.available():
        pytest.skip("needs the shared dev data and Debian wordnet-base")
    out = tmp_path / "names.tsv"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_spin_names.py"), "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == GENERATED_NAMES.read_text(encoding="utf-8")
