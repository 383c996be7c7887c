"""Turn lexicon matches of one text unit (headline, sentence, paragraph, article) into classifier features."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from .lexicon import Match, Token

SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
#: a match at or above this weight is reported on its own (QC101/QC102/QC105 span)
STRONG_LLR = 3.0
#: weaker matches count as evidence and are reported only inside a spun unit
WEAK_LLR = 0.9

FEATURE_NAMES = (
    "sum_llr",
    "max_llr",
    "n_strong",
    "n_hits",
    "hits_per_100w",
    "llr_per_100w",
    "log_words",
    "n_names",
    "second_llr",
    "thesaurus_llr",
    "artefact_llr",
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of ``text``."""
    spans, start = [], 0
    for m in SENTENCE_SPLIT_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


@dataclass
class UnitEvidence:
    words: int
    matches: list[Match]

    def features(self) -> list[float]:
        matches = distinct_rare_synonyms(self.matches)
        useful = [m.llr for m in matches if m.llr >= WEAK_LLR]
        useful.sort(reverse=True)
        total = sum(useful)
        words = max(1, self.words)
        return [
            total,
            useful[0] if useful else 0.0,
            float(sum(1 for v in useful if v >= STRONG_LLR)),
            float(len(useful)),
            100.0 * len(useful) / words,
            100.0 * total / words,
            math.log(words),
            # curated name spins only: a generated one (scripts/build_spin_names.py) is weight evidence, no more
            float(sum(1 for m in matches if m.entry.source == "names" and not m.entry.generated)),
            useful[1] if len(useful) > 1 else 0.0,
            # per-source sums: a rare synonym is common in honest copy, a broken clause is not, so the model
            # weighs each source on its own on top of the pooled evidence
            sum(m.llr for m in matches if m.entry.source == "thesaurus" and m.llr >= WEAK_LLR),
            sum(m.llr for m in matches if m.entry.source == "artefact" and m.llr >= WEAK_LLR),
        ]


def distinct_rare_synonyms(matches: Sequence[Match]) -> list[Match]:
    """Each rare-synonym form counts once per unit: a rare word that is the story's topic ("servicemen" in a
    war report) repeats, and its repeats are no new evidence of a spinner."""
    seen: set[str] = set()
    out = []
    for m in matches:
        if m.entry.source == "thesaurus":
            key = m.entry.spun.lower()
            if key in seen:
                continue
            seen.add(key)
        out.append(m)
    return out


def count_words(toks: Sequence[Token]) -> int:
    return sum(1 for t in toks if t.is_word)
