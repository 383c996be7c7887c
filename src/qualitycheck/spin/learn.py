"""Learn spinner substitutions from an aligned pair of texts (an original and its spun copy).

The two texts are tokenised into words, aligned with :class:`difflib.SequenceMatcher` on lowercased tokens, and
every short replaced run (up to ``max_len`` words on each side) becomes a ``spun -> original`` pair. Pure
insertions, deletions, numbers and long rewrites are skipped: they are edits, not synonym swaps.
"""
from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .lexicon import norm, tokenize


@dataclass(frozen=True)
class Substitution:
    spun: str
    original: str
    count: int = 1


def _words(text: str) -> list[str]:
    return [t.text for t in tokenize(text) if t.is_word]


def _split_block(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int, known: set[tuple[str, str]], max_len: int) -> list[tuple[int, int, int, int]]:
    """Cheapest segmentation of a replaced block into (original run, spun run) pairs.

    Cost: a pair the lexicon already knows costs 0, an unknown n-to-m swap 1 + 0.75 |n - m| + 1.5 (min(n, m) - 1),
    so known multi-word spins ("as soon as" for "once") stay whole and the rest splits into one-word swaps.
    """
    n, m = i2 - i1, j2 - j1
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for x in range(n + 1):
        for y in range(m + 1):
            if best[x][y] == inf:
                continue
            for dx in range(1, min(max_len, n - x) + 1):
                for dy in range(1, min(max_len, m - y) + 1):
                    pair = (norm(" ".join(b[j1 + y : j1 + y + dy])), norm(" ".join(a[i1 + x : i1 + x + dx])))
                    cost = 0.0 if pair in known else 1.0 + 0.75 * abs(dx - dy) + 1.5 * (min(dx, dy) - 1)
                    if best[x][y] + cost < best[x + dx][y + dy]:
                        best[x + dx][y + dy] = best[x][y] + cost
                        back[x + dx][y + dy] = (x, y)
    if best[n][m] == inf:
        return []
    out, x, y = [], n, m
    while (x, y) != (0, 0):
        px, py = back[x][y]  # type: ignore[misc]
        out.append((i1 + px, i1 + x, j1 + py, j1 + y))
        x, y = px, py
    return out[::-1]


def learn_pairs(original: str, spun: str, max_len: int = 4, known: set[tuple[str, str]] | None = None) -> list[Substitution]:
    a, b = _words(original), _words(spun)
    sm = difflib.SequenceMatcher(a=[norm(w) for w in a], b=[norm(w) for w in b], autojunk=False)
    found: dict[tuple[str, str], int] = {}
    order: list[tuple[str, str]] = []
    blocks: list[tuple[int, int, int, int]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "replace":
            continue
        if i2 - i1 <= max_len and j2 - j1 <= max_len and not (i2 - i1 > 1 and j2 - j1 > 1):
            blocks.append((i1, i2, j1, j2))
        elif i2 - i1 <= 3 * max_len and j2 - j1 <= 3 * max_len:
            # adjacent substitutions merge into one block: split it where known pairs and 1:1 swaps fit best
            blocks.extend(_split_block(a, b, i1, i2, j1, j2, known or set(), max_len))
    for i1, i2, j1, j2 in blocks:
        orig, sp = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if any(ch.isdigit() for ch in orig + sp) or norm(orig) == norm(sp):
            continue
        key = (sp.lower(), orig.lower()) if not (sp[:1].isupper() and i1 > 0) else (sp, orig)
        if key not in found:
            order.append(key)
        found[key] = found.get(key, 0) + 1
    return [Substitution(s, o, found[(s, o)]) for s, o in order]


def existing_pairs(paths: Iterable[Path]) -> set[tuple[str, str]]:
    pairs = set()
    for path in paths:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 2 and not row[0].startswith("#"):
                    pairs.add((norm(row[0].strip()), norm(row[1].strip())))
    return pairs


def append_pairs(path: Path, subs: Iterable[Substitution], known: set[tuple[str, str]], note: str = "learned") -> list[Substitution]:
    """Append the substitutions not yet in ``known`` (nor in the file) to the TSV; returns what was added."""
    known = set(known) | existing_pairs([path])
    new = [s for s in subs if (norm(s.spun), norm(s.original)) not in known]
    if not new:
        return []
    header_needed = not path.exists() or path.stat().st_size == 0
    with path.open("a", encoding="utf-8", newline="") as handle:
        if header_needed:
            handle.write("spun\toriginal\tcontext\tnote\n")
        for s in new:
            handle.write(f"{s.spun}\t{s.original}\t\t{note}\n")
    return new
