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
        #: first word -> {second word: log10 P}; only strong collocations (PMI >= PMI_MIN) can start a hit
        self.after: dict[str, dict[str, float]] = {}
        self.before: dict[str, set[str]] = {}
        for key, p in self.bigrams.items():
            a, _, b = key.partition(" ")
            self.after.setdefault(a, {})[b] = p
            if p - self.uni.get(b, OOV) >= PMI_MIN:
                self.before.setdefault(b, set()).add(a)

    def lp(self, b: str, a: str) -> float:
        got = self.after.get(a)
        if got is not None and b in got:
            return got[b]
        return self.bo.get(a, 0.0) + self.uni.get(b, OOV)

    def strong(self, a: str, b: str) -> bool:
        return a in self.before.get(b, ())

    def seen(self, a: str, b: str) -> bool:
        got = self.after.get(a)
        return got is not None and b in got

    def find(self, toks: Sequence[Token], skip: set[int]) -> list[CollocationHit]:
        out: list[CollocationHit] = []
        n = len(toks)
        cands_of = self.candidates
        for i, tok in enumerate(toks):
            cands = cands_of.get(tok.norm)
            if cands is None or i in skip or not tok.is_word:
                continue
            if tok.text[:1].isupper() and i > 0 and toks[i - 1].is_word:
                continue  # a name
            left = toks[i - 1].norm if i > 0 and toks[i - 1].is_word else None
            right = toks[i + 1].norm if i + 1 < n and toks[i + 1].is_word else None
            best: Optional[CollocationHit] = None
            s = tok.norm
            for c in cands:
                # cheap test first: only a strong collocation of the relative can make a hit
                colloc = (left is not None and self.strong(left, c) and not self.seen(left, s)) or (
                    right is not None and self.strong(c, right) and not self.seen(s, right)
                )
                if not colloc:
                    continue
                gain = 0.0
                if left:
                    gain += self.lp(c, left) - self.lp(s, left)
                if right:
                    gain += self.lp(right, c) - self.lp(right, s)
                if gain >= GAIN_MIN and (best is None or gain > best.gain):
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
