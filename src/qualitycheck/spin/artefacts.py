"""Machine-translation and rewriter artefacts: broken surface structure left by laundering a copy.

Synonym spinners leave odd words, which the lexicon finds. Copies laundered through machine translation and
back ("round-trip") or through an article rewriter are fluent word by word but keep structural scars: a full
stop in the middle of a clause ("$1.4 billion. dollars"), a one-word fragment ("renewable energy. Goals."),
a doubled word ("little little"), a word coordinated with itself ("the hiring and hiring process"), a comma and
a full stop around one closing quote. The patterns are data (``rules/spin/artefacts.tsv``); how often each
occurs in clean news is measured by ``scripts/build_spin_artefacts.py`` into ``data/spin/artefact_stats.json``,
and that rate sets its weight, exactly like a lexicon entry's.
"""
from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .lexicon import DATA_DIR, MAX_LLR, rules_dir

STATS_FILE = DATA_DIR / "artefact_stats.json"
#: how often one artefact pattern occurs in laundered text, per word. Measured on the TRAIN split of the dev
#: data: its round-trip and paraphrase items hold 4 hits of 7 patterns in 668 words, 8.6e-4 per pattern and
#: word (scripts/build_spin_artefacts.py prints the current figure); rounded down, the sample being small
SPUN_RATE = 8e-4
#: weight of a pattern the statistics file does not know (a newly added row): weak evidence until measured
DEFAULT_LLR = 1.0
#: words of four or more letters that are doubled or coordinated legitimately ("that that", "more and more")
FUNCTION_WORDS = frozenset(
    """that this have with from they them then than there their these those were been will would could should
    what when where which while who whom whose into onto about also only some such very much more most many
    what does done just even ever here over under upon your ours hers""".split()
)


@dataclass(frozen=True)
class Pattern:
    id: str
    regex: re.Pattern[str]
    fix: str
    unless: frozenset[str]
    note: str
    gate: Optional[re.Pattern[str]] = None

    def suggestion(self, m: re.Match[str]) -> str:
        """The fix with ``\\N`` replaced by group N and ``\\LN`` by group N lowercased."""
        if not self.fix:
            return ""
        return _GROUP_REF.sub(lambda r: (m.group(int(r.group(2))) or "").lower() if r.group(1) else (m.group(int(r.group(2))) or ""), self.fix)


_GROUP_REF = re.compile(r"\\(L?)(\d)")


@dataclass(frozen=True)
class ArtefactHit:
    pattern: Pattern
    start: int
    end: int
    suggestion: str


def _word_list(path: Path) -> frozenset[str]:
    words: set[str] = set()
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                words.update(w.lower() for w in line.split())
    return frozenset(words)


def read_patterns(directory: Optional[Path] = None) -> list[Pattern]:
    directory = directory or rules_dir()
    path = directory / "artefacts.tsv"
    if not path.is_file():
        return []
    abbreviations = _word_list(directory / "abbreviations.txt")
    out: list[Pattern] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for lineno, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or row[0].startswith("#") or (lineno == 1 and row[0] == "id"):
                continue
            if len(row) < 2:
                raise ValueError(f"{path}:{lineno}: an artefact row needs at least an id and a pattern")
            ident, pattern = row[0].strip(), row[1]
            fix = row[2] if len(row) > 2 else ""
            unless: set[str] = set()
            for word in (row[3].strip() if len(row) > 3 else "").split("|"):
                if word == "@abbr":
                    unless |= abbreviations
                elif word == "@function":
                    unless |= FUNCTION_WORDS
                elif word:
                    unless.add(word.lower())
            try:
                regex = re.compile(pattern)
                gate = re.compile(row[5]) if len(row) > 5 and row[5] else None
            except re.error as exc:
                raise ValueError(f"{path}:{lineno}: bad pattern for {ident!r}: {exc}") from None
            out.append(Pattern(ident, regex, fix.strip(), frozenset(unless), row[4].strip() if len(row) > 4 else "", gate))
    return out


class Artefacts:
    def __init__(self, patterns: list[Pattern], stats: Optional[dict] = None) -> None:
        self.patterns = patterns
        stats = stats or {}
        words = float(stats.get("corpus_words") or 0)
        counts: dict[str, int] = stats.get("counts", {})
        #: clean-news occurrences per pattern (None: not measured)
        self.clean_counts = {p.id: counts.get(p.id) for p in patterns}
        self.weights = {}
        for p in patterns:
            n = counts.get(p.id)
            if n is None or not words:
                self.weights[p.id] = DEFAULT_LLR
            else:
                self.weights[p.id] = round(min(MAX_LLR, math.log(SPUN_RATE / ((n + 0.5) / words))), 3)

    def find(self, text: str) -> list[ArtefactHit]:
        out: list[ArtefactHit] = []
        for p in self.patterns:
            if p.gate is not None and p.gate.search(text) is None:
                continue
            for m in p.regex.finditer(text):
                if p.unless and m.re.groups and (m.group(1) or "").lower() in p.unless:
                    continue
                out.append(ArtefactHit(p, m.start(), m.end(), p.suggestion(m)))
        out.sort(key=lambda h: (h.start, -h.end))
        kept: list[ArtefactHit] = []
        for h in out:  # overlapping hits (a fragment is also a stop mid-clause): keep the first, longest
            if kept and h.start < kept[-1].end:
                continue
            kept.append(h)
        return kept


def load_stats(path: Optional[Path] = None) -> dict:
    path = path or STATS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


@lru_cache(maxsize=1)
def get_artefacts() -> Artefacts:
    return Artefacts(read_patterns(), load_stats())
