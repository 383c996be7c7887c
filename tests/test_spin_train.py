"""The training recipe runs end to end on a tiny data set and produces a loadable JSON model."""
from __future__ import annotations

from pathlib import Path

import pytest

from qualitycheck.spin.classifier import load_model
from qualitycheck.spin.scorer import get_scorer
from qualitycheck.spin.train import InverseSpinner, Unit, clean_units, fit_pair, save, synthesize

CLEAN = [
    {"id": "a", "text": "Police said the officer was placed on restricted duty.\n\nThe department said further details would be released once the review ends, according to police."},
    {"id": "b", "text": "Fire crews said the blaze spread faster than expected after more than 700 homes lost power.\n\nOfficials told residents where to go and said the roads should reopen before dark."},
    {"id": "c", "text": "The council said it would release the figures next year.\n\nThe mayor told reporters the city had more than enough money, according to the budget office."},
]
HEADLINES = ["Council approves new budget", "Fire crews contain blaze near town", "Police say officer placed on leave"]


def test_inverse_spinner_substitutes_lexicon_originals() -> None:
    spinner = InverseSpinner(get_scorer().lexicon, seed=1)
    text, changed = spinner.spin("Police said the officer was placed on restricted duty.", rate=1.0, keep_share=1.0)
    assert changed >= 2 and text != "Police said the officer was placed on restricted duty."


def test_recipe_end_to_end(tmp_path: Path) -> None:
    scorer = get_scorer()
    units = synthesize(clean_units(CLEAN * 4, HEADLINES * 4, seed=1), scorer.lexicon, seed=1)
    assert {u.label for u in units} == {0, 1}
    calib = units[-12:] + [Unit("Police stated the deputy had been recognized.", 1, "sentence", "t"), Unit("Police said it.", 0, "sentence", "t")]
    model = fit_pair(units, calib, scorer)
    out = tmp_path / "model.json"
    save(model, out)
    loaded = load_model(out)
    spun = scorer.score_text("Police stated the officer was positioned on restricted responsibility, based on police.", sentences=False)
    clean = scorer.score_text("Police said the officer was placed on restricted duty, according to police.", sentences=False)
    assert loaded.probability(spun.evidence.features()) > loaded.probability(clean.evidence.features())


def test_recipe_profiles_include_unseen_dictionary_and_artefacts() -> None:
    scorer = get_scorer()
    synonyms = {"officer": ["policeman"], "placed": ["set"], "released": ["discharged"], "details": ["particulars"]}
    units = synthesize(clean_units(CLEAN * 8, HEADLINES * 8, seed=2), scorer.lexicon, seed=2, synonyms=synonyms)
    sources = {u.source for u in units if u.label == 1}
    assert "synthetic:wordnet" in sources and "synthetic:artefacts" in sources
    spun = [u.text for u in units if u.source == "synthetic:wordnet"]
    assert any(w in t for t in spun for w in ("policeman", "set", "discharged", "particulars"))


def test_wordnet_synonyms_read_the_most_frequent_sense(tmp_path: Path) -> None:
    from qualitycheck.spin.train import wordnet_synonyms

    assert wordnet_synonyms(tmp_path) == {}  # no WordNet: the profile is skipped, nothing breaks
    (tmp_path / "data.noun").write_text(
        "  1 licence header line\n"
        "00000100 03 n 02 model 0 mannequin 0 000 | a person who poses\n"
        "00000200 03 n 02 model 0 example 0 000 | a representative form\n", encoding="latin-1")
    (tmp_path / "index.noun").write_text("  1 licence header line\nmodel n 2 0 2 0 00000100 00000200  \n", encoding="latin-1")
    for name in ("verb", "adj", "adv"):
        (tmp_path / f"data.{name}").write_text("", encoding="latin-1")
        (tmp_path / f"index.{name}").write_text("", encoding="latin-1")
    assert wordnet_synonyms(tmp_path) == {"model": ["mannequin"]}


@pytest.mark.shared
def test_shipped_model_is_what_the_recipe_builds(tmp_path: Path) -> None:
    """The model in the wheel must be reproducible: rebuilt from the shared data with the recipe, it is equal."""
    import json
    import subprocess
    import sys

    from qualitycheck.spin import devdata, wordnet
    from qualitycheck.spin.classifier import MODEL_FILE

    if devdata.data_dir() is None or not wordnet.available():
        pytest.skip("needs the shared dev data and Debian wordnet-base")
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "model.json"
    proc = subprocess.run([sys.executable, str(root / "scripts" / "train_spin_model.py"), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(MODEL_FILE.read_text(encoding="utf-8"))


def test_synthesize_makes_several_spun_copies_of_each_clean_unit() -> None:
    scorer = get_scorer()
    clean = clean_units(CLEAN * 4, HEADLINES * 4, seed=1)
    one = synthesize(clean, scorer.lexicon, seed=1)
    three = synthesize(clean, scorer.lexicon, seed=1, copies=3)
    assert sum(1 for u in three if u.label == 0) == sum(1 for u in one if u.label == 0) == len(clean)
    spun_one, spun_three = sum(u.label for u in one), sum(u.label for u in three)
    assert spun_one < spun_three <= 3 * len(clean)
    assert spun_three > 2 * spun_one  # most units change under most profiles


def test_short_units_get_their_own_prior() -> None:
    import math

    from qualitycheck.spin.classifier import get_model
    from qualitycheck.spin.train import PRIOR, SHORT_PRIOR

    scorer = get_scorer()
    units = synthesize(clean_units(CLEAN * 4, HEADLINES * 4, seed=1), scorer.lexicon, seed=1)
    calib = units[-12:]
    same = fit_pair(units, calib, scorer, prior=0.03, short_prior=0.03)
    apart = fit_pair(units, calib, scorer, prior=0.03, short_prior=0.10)
    shift = math.log(0.10 / 0.90) - math.log(0.03 / 0.97)
    # only the short model's calibrated log-odds move, by exactly the change of prior
    assert apart.short.calib_b - same.short.calib_b == pytest.approx(shift)
    assert apart.long.calib_b == pytest.approx(same.long.calib_b)
    assert apart.short.coef == same.short.coef
    # the shipped model records the priors it was built with
    shipped = get_model()
    assert shipped.meta["prior"] == PRIOR and shipped.meta["short_prior"] == SHORT_PRIOR
    assert SHORT_PRIOR > PRIOR
