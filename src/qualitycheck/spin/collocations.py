"""Reverse-spin collocation scorer: does a more common WordNet relative make a far more probable phrase here?

"hearth ants": "fire" is a relative of "hearth", the bigram "fire ants" is a strong collocation in the CMU
language model and "hearth ants" is not, so "hearth" is probably a spun "fire". The table
(``data/spin/collocations.json.gz``) is compiled by ``scripts/build_spin_collocations.py`` from WordNet and the
pocketsphinx LM, so neither is needed at run time. These hits are weak evidence (research/lexical.md measured
~4% false alarms per clean headline for this rule alone): they add to the unit score and are shown only inside
a spun unit.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from .lexicon import DATA_DIR, Token

TABLE_FILE = DATA_DIR / "collocations.json.gz"
#: minimum log10 probability gain of the bigram(s) around the word when the relative replaces it
GAIN_MIN = 2.0
#: minimum PMI (log10) of the collocation the relative would form: only strong, specific collocations count
PMI_MIN = 2.0
OOV = -7.0


@dataclass(frozen=True)
class CollocationHit:
    index: int  # token index
    spun: str
    original: str
    gain: float


class CollocationTable:
    def __init__(self, data: dict) -> None:
        self.candidates: dict[str, list[str]] = data.get("candidates", {})
        self.uni: dict[str, float] = data.get("uni", {})
        self.bo: dict[str, float] = data.get("bo", {})
        self.bigrams: dict[str, float] = data.get("bigrams", {})

    def lp(self, b: str, a: str) -> float:
        got = self.bigrams.get(f"{a} {b}")
        if got is not None:
            return got
        return self.bo.get(a, 0.0) + self.uni.get(b, OOV)

    def strong(self, a: str, b: str) -> bool:
        got = self.bigrams.get(f"{a} {b}")
        return got is not None and got - self.uni.get(b, OOV) >= PMI_MIN

    def seen(self, a: str, b: str) -> bool:
        return f"{a} {b}" in self.bigrams

    def find(self, toks: Sequence[Token], skip: set[int]) -> list[CollocationHit]:
        out: list[CollocationHit] = []
        n = len(toks)
        for i, tok in enumerate(toks):
            if i in skip or not tok.is_word or tok.norm not in self.candidates:
                continue
            if tok.text[:1].isupper() and i > 0 and toks[i - 1].is_word:
                continue  # a name
            left = toks[i - 1].norm if i > 0 and toks[i - 1].is_word else None
            right = toks[i + 1].norm if i + 1 < n and toks[i + 1].is_word else None
            best: Optional[CollocationHit] = None
            s = tok.norm
            for c in self.candidates[s]:
                gain, colloc = 0.0, False
                if left:
                    gain += self.lp(c, left) - self.lp(s, left)
                    colloc |= self.strong(left, c) and not self.seen(left, s)
                if right:
                    gain += self.lp(right, c) - self.lp(right, s)
                    colloc |= self.strong(c, right) and not self.seen(s, right)
                if colloc and gain >= GAIN_MIN and (best is None or gain > best.gain):
                    best = CollocationHit(i, s, c, round(gain, 2))
            if best:
                out.append(best)
        return out


@lru_cache(maxsize=1)
def get_table(path: Optional[Path] = None) -> Optional[CollocationTable]:
    path = path or TABLE_FILE
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return CollocationTable(json.load(handle))
