"""Reading the WordNet 3.0 database files (Debian ``wordnet-base``), for training and build scripts only.

Nothing at run time needs WordNet: the tables built from it ship in ``data/spin``. Synset keys are the byte
offset plus the part of speech of the file (``n``, ``v``, ``a``, ``r``; adjective satellites are under ``a``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

WORDNET_DIR = Path("/usr/share/wordnet")
#: database file name -> part-of-speech letter used in synset keys
POS_FILES = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}


def available(directory: Path = WORDNET_DIR) -> bool:
    return (directory / "index.noun").is_file() and (directory / "data.noun").is_file()


def synset_members(directory: Path = WORDNET_DIR, lowercase: bool = True) -> dict[str, list[str]]:
    """synset key -> its lemmas (lowercased unless ``lowercase`` is False, in the database's order; multi-word
    lemmas keep the database's underscores)."""
    members: dict[str, list[str]] = {}
    for name, pos in POS_FILES.items():
        with (directory / f"data.{name}").open(encoding="latin-1") as handle:
            for line in handle:
                if not line.startswith("  "):  # the licence header is indented
                    parts = line.split()
                    lemmas = [parts[4 + 2 * i] for i in range(int(parts[3], 16))]
                    members[parts[0] + pos] = [w.lower() for w in lemmas] if lowercase else lemmas
    return members


def senses(directory: Path = WORDNET_DIR) -> Iterator[tuple[str, str, list[str]]]:
    """(lemma, part of speech, its synset keys, most frequent sense first) for every index entry."""
    for name, pos in POS_FILES.items():
        with (directory / f"index.{name}").open(encoding="latin-1") as handle:
            for line in handle:
                if line.startswith(" "):
                    continue
                parts = line.split()
                n_senses, n_ptr = int(parts[2]), int(parts[3])
                yield parts[0], pos, [off + pos for off in parts[6 + n_ptr : 6 + n_ptr + n_senses]]
