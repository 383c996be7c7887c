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
    "coef": [0.9, 0.4, 0.5, 0.2, 0.0, 0.0, -0.3, 1.0, 0.3],
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


def load_model(path: Optional[Path] = None) -> SpinModel:
    path = path or MODEL_FILE
    if path.is_file():
        return SpinModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    return SpinModel.from_dict(_FALLBACK)


@lru_cache(maxsize=1)
def get_model() -> SpinModel:
    return load_model()
