"""The JSON model: loads without pickle, picks the short/long model, is monotone and calibrated."""
from __future__ import annotations

import json
import math

import pytest

from qualitycheck.spin.classifier import MODEL_FILE, SpinModel, SpinModels, get_model, load_model
from qualitycheck.spin.features import FEATURE_NAMES, UnitEvidence


def feats(words: int, llrs: list[float]) -> list[float]:
    class M:  # the features only read llr and entry.source
        def __init__(self, llr: float) -> None:
            self.llr = llr
            self.entry = type("E", (), {"source": "lexicon"})()

    return UnitEvidence(words, [M(v) for v in llrs]).features()  # type: ignore[arg-type]


def test_shipped_model_is_plain_json_with_both_unit_models() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["short"]["features"] == list(FEATURE_NAMES)
    assert "calibration" in data["long"]
    assert isinstance(load_model(), SpinModels)


def test_more_evidence_means_higher_probability() -> None:
    model = get_model()
    for words in (12, 25, 120, 600):
        p = [model.probability(feats(words, [3.0] * k)) for k in range(0, 6)]
        assert p == sorted(p), (words, p)
    assert model.probability(feats(20, [])) < 0.05
    assert model.probability(feats(20, [4.0, 4.0, 3.0])) > 0.9


def test_one_hit_in_a_long_article_is_not_enough() -> None:
    assert get_model().probability(feats(500, [4.0])) < 0.5


def test_calibration_is_a_logistic_of_the_decision() -> None:
    m = SpinModel(list(FEATURE_NAMES), [0.0] * len(FEATURE_NAMES), [1.0] * len(FEATURE_NAMES), [1.0] + [0.0] * (len(FEATURE_NAMES) - 1), 0.0, calib_a=2.0, calib_b=-1.0)
    x = [1.5] + [0.0] * (len(FEATURE_NAMES) - 1)
    assert m.probability(x) == pytest.approx(1 / (1 + math.exp(-(2.0 * 1.5 - 1.0))))


def test_model_with_other_features_is_rejected() -> None:
    with pytest.raises(ValueError):
        SpinModel.from_dict({"features": ["x"], "mean": [0], "scale": [1], "coef": [1], "intercept": 0})
