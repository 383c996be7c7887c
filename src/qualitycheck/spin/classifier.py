"""A calibrated logistic model over unit features, shipped as JSON (coefficients, feature names, calibration).

The model is trained by ``scripts/train_spin_model.py`` (see :mod:`qualitycheck.spin.train`); loading never
unpickles anything. When no model file is present, a conservative hand-set model is used.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from .features import FEATURE_NAMES
from .lexicon import DATA_DIR

MODEL_FILE = DATA_DIR / "model.json"

#: fallback when no trained model ships: roughly "two strong hits, or one very strong hit, make a unit spun"
_FALLBACK = {
    "features": list(FEATURE_NAMES),
    "mean": [0.0] * len(FEATURE_NAMES),
    "scale": [1.0] * len(FEATURE_NAMES),
    "coef": [0.9, 0.4, 0.5, 0.2, 0.0, 0.0, -0.3, 1.0, 0.3, -0.3, 0.3],
    "intercept": -3.2,
    "calibration": {"a": 1.0, "b": 0.0},
}


@dataclass
class SpinModel:
    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    calib_a: float = 1.0
    calib_b: float = 0.0
    meta: Optional[dict] = None

    @classmethod
    def from_dict(cls, data: dict) -> "SpinModel":
        if list(data["features"]) != list(FEATURE_NAMES):
            raise ValueError(f"model features {data['features']} do not match this version's {list(FEATURE_NAMES)}")
        n = len(FEATURE_NAMES)
        for key in ("mean", "scale", "coef"):
            if len(data[key]) != n:
                raise ValueError(f"model '{key}' has {len(data[key])} values, expected {n}")
        cal = data.get("calibration", {})
        return cls(list(data["features"]), [float(x) for x in data["mean"]], [float(x) or 1.0 for x in data["scale"]],
                   [float(x) for x in data["coef"]], float(data["intercept"]), float(cal.get("a", 1.0)), float(cal.get("b", 0.0)),
                   data.get("meta"))

    def to_dict(self) -> dict:
        return {
            "features": self.features,
            "mean": self.mean,
            "scale": self.scale,
            "coef": self.coef,
            "intercept": self.intercept,
            "calibration": {"a": self.calib_a, "b": self.calib_b},
            "meta": self.meta or {},
        }

    def decision(self, x: Sequence[float]) -> float:
        return self.intercept + sum(c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale))

    def probability(self, x: Sequence[float]) -> float:
        z = self.calib_a * self.decision(x) + self.calib_b
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


#: units of at least this many words (paragraphs, articles) use the "long" model: in them one strong hit is
#: chance, density is the evidence; in headlines and sentences one strong hit is most of the evidence
LONG_WORDS = 40
_LOG_WORDS = FEATURE_NAMES.index("log_words")


class SpinModels:
    """A short-unit and a long-unit model behind one interface (chosen by the unit's word count)."""

    def __init__(self, short: SpinModel, long: SpinModel, long_words: int = LONG_WORDS, meta: Optional[dict] = None) -> None:
        self.short, self.long, self.long_words, self.meta = short, long, long_words, meta or {}
        self._cut = math.log(long_words)

    def pick(self, x: Sequence[float]) -> SpinModel:
        return self.long if x[_LOG_WORDS] >= self._cut - 1e-9 else self.short

    def decision(self, x: Sequence[float]) -> float:
        return self.pick(x).decision(x)

    def probability(self, x: Sequence[float]) -> float:
        return self.pick(x).probability(x)

    @classmethod
    def from_dict(cls, data: dict) -> "SpinModels":
        if "short" not in data:  # a single model serves both
            one = SpinModel.from_dict(data)
            return cls(one, one)
        return cls(SpinModel.from_dict(data["short"]), SpinModel.from_dict(data["long"]), int(data.get("long_words", LONG_WORDS)), data.get("meta"))

    def to_dict(self) -> dict:
        return {"long_words": self.long_words, "short": self.short.to_dict(), "long": self.long.to_dict(), "meta": self.meta}


def fallback_model() -> SpinModels:
    """The hand-set model: used when no model ships, and while training one (features only need the lexicon)."""
    return SpinModels.from_dict(_FALLBACK)


def load_model(path: Optional[Path] = None) -> SpinModels:
    path = path or MODEL_FILE
    if path.is_file():
        return SpinModels.from_dict(json.loads(path.read_text(encoding="utf-8")))
    return fallback_model()


@lru_cache(maxsize=1)
def get_model() -> SpinModels:
    return load_model()
