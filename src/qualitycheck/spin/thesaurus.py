"""Thesaurus spin: rare WordNet synonyms of common news words ("mannequin" for model, "reside" for live).

The hand-written lexicon knows one spinner family's dictionary; this table, built by
``scripts/build_spin_thesaurus.py`` from WordNet and clean-news counts, covers synonyms any thesaurus-driven
spinner may pick. Each entry is weak evidence on its own (capped at ``MAX_WEIGHT``, never reported alone): rare
words are also written by journalists, so only several in one unit make it spun.
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .lexicon import DATA_DIR

TABLE_FILE = DATA_DIR / "thesaurus.json.gz"
#: a thesaurus hit never counts as much as a measured lexicon entry: below the strong (stand-alone) level
MAX_WEIGHT = 2.5


class ThesaurusTable:
    def __init__(self, entries: dict[str, list]) -> None:
        #: spun form -> (original, weight)
        self.entries = {s: (str(v[0]), min(MAX_WEIGHT, float(v[1]))) for s, v in entries.items()}


def load_table(path: Optional[Path] = None) -> Optional[ThesaurusTable]:
    path = path or TABLE_FILE
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return ThesaurusTable(json.load(handle).get("entries", {}))


@lru_cache(maxsize=1)
def get_thesaurus() -> Optional[ThesaurusTable]:
    return load_table()
