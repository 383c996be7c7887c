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

from .lexicon import Token, norm, tokenize


@dataclass(frozen=True)
class Substitution:
    spun: str
    original: str
    count: int = 1


@dataclass(frozen=True)
class AlignedSubstitution:
    """One replaced run: ``spun`` at ``spun_start:spun_end`` of the spun text stands where the original text has
    ``original`` at ``original_start:original_end``."""

    spun: str
    original: str
    spun_start: int
    spun_end: int
    original_start: int
    original_end: int


def _word_tokens(text: str) -> list[Token]:
    return [t for t in tokenize(text) if t.is_word]


def _split_block(
    a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int, known: set[tuple[str, str]], max_len: int, skip: float = float("inf")
) -> list[tuple[int, int, int, int]]:
    """Cheapest segmentation of a replaced block into (original run, spun run) pairs.

    Cost: a pair the lexicon already knows or two equal words cost 0, an unknown n-to-m swap
    1 + 0.75 |n - m| + 1.5 (min(n, m) - 1), so known multi-word spins ("as soon as" for "once") stay whole and
    the rest splits into one-word swaps. A word left unpaired (inserted or dropped) costs ``skip``.
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
            for dx, dy in ((1, 0), (0, 1)):
                if x + dx <= n and y + dy <= m and best[x][y] + skip < best[x + dx][y + dy]:
                    best[x + dx][y + dy] = best[x][y] + skip
                    back[x + dx][y + dy] = (x, y)
            for dx in range(1, min(max_len, n - x) + 1):
                for dy in range(1, min(max_len, m - y) + 1):
                    pair = (norm(" ".join(b[j1 + y : j1 + y + dy])), norm(" ".join(a[i1 + x : i1 + x + dx])))
                    cost = 0.0 if pair in known or pair[0] == pair[1] else 1.0 + 0.75 * abs(dx - dy) + 1.5 * (min(dx, dy) - 1)
                    if best[x][y] + cost < best[x + dx][y + dy]:
                        best[x + dx][y + dy] = best[x][y] + cost
                        back[x + dx][y + dy] = (x, y)
    if best[n][m] == inf:
        return []
    out, x, y = [], n, m
    while (x, y) != (0, 0):
        px, py = back[x][y]  # type: ignore[misc]
        if px != x and py != y:
            out.append((i1 + px, i1 + x, j1 + py, j1 + y))
        x, y = px, py
    return out[::-1]


#: cost of leaving a word unpaired inside a re-anchored region (see _changed_blocks)
_SKIP = 1.2


def _misanchored(a: list[str], b: list[str], first: tuple, equal: tuple, second: tuple) -> bool:
    """A pure deletion (insertion) and a replacement around one equal word that the replacement's spun
    (original) side also contains: the equal word was probably taken from the wrong place."""
    word = norm(a[equal[1]])
    for pure, other in ((first, second), (second, first)):
        _op, i1, i2, j1, j2 = pure
        _op2, oi1, oi2, oj1, oj2 = other
        if oi1 == oi2 or oj1 == oj2:
            continue
        if j1 == j2 and i1 < i2 and word in (norm(w) for w in b[oj1:oj2]):
            return True
        if i1 == i2 and j1 < j2 and word in (norm(w) for w in a[oi1:oi2]):
            return True
    return False


def _changed_blocks(a: list[str], b: list[str], max_len: int) -> list[tuple[int, int, int, int, bool]]:
    """Changed regions of the word alignment, and whether each is a re-anchored one.

    difflib anchors on the first equal word it can: "where the old" -> "the place the aged" becomes a dropped
    "where", an equal "the" and "old" -> "place the aged". A pure insertion or deletion next to a replacement,
    with one equal word between them, is therefore joined into one region (when small) and split again by
    :func:`_split_block` with unpaired words allowed.
    """
    sm = difflib.SequenceMatcher(a=[norm(w) for w in a], b=[norm(w) for w in b], autojunk=False)
    ops = sm.get_opcodes()
    out: list[tuple[int, int, int, int, bool]] = []
    k = 0
    while k < len(ops):
        op, i1, i2, j1, j2 = ops[k]
        if op == "equal":
            k += 1
            continue
        if k + 2 < len(ops) and ops[k + 1][0] == "equal" and ops[k + 1][2] - ops[k + 1][1] == 1 and ops[k + 2][0] != "equal":
            nxt = ops[k + 2]
            if nxt[2] - i1 <= max_len + 1 and nxt[4] - j1 <= max_len + 1 and _misanchored(a, b, ops[k], ops[k + 1], nxt):
                out.append((i1, nxt[2], j1, nxt[4], True))
                k += 3
                continue
        out.append((i1, i2, j1, j2, False))
        k += 1
    return out


def aligned_substitutions(
    original: str, spun: str, max_len: int = 4, known: set[tuple[str, str]] | None = None, anchored: bool = False
) -> list[AlignedSubstitution]:
    """Word swaps that turn ``original`` into ``spun``, in the order of the spun text, with character offsets in
    both. Pure insertions and deletions, runs of more than ``max_len`` words, runs with digits and case-only
    changes are skipped (edits, not swaps). ``known`` (spun, original) pairs, lowercased, guide the split of a
    region with several adjacent swaps.

    ``anchored``: only regions with matching words on both sides, and regions of several adjacent swaps only up
    to ``max_len`` words a side. Texts cut out of longer ones (a copy's aligned passages) begin and end in
    unrelated words -- a byline, a credit line -- whose "swaps" would be noise."""
    ta, tb = _word_tokens(original), _word_tokens(spun)
    a, b = [t.text for t in ta], [t.text for t in tb]
    pieces: list[tuple[int, int, int, int]] = []
    for i1, i2, j1, j2, reanchored in _changed_blocks(a, b, max_len):
        if anchored and not (i1 > 0 and j1 > 0 and i2 < len(a) and j2 < len(b)):
            continue
        if reanchored:
            pieces.extend(_split_block(a, b, i1, i2, j1, j2, known or set(), max_len, skip=_SKIP))
            continue
        if i1 == i2 or j1 == j2:
            continue
        if i2 - i1 <= max_len and j2 - j1 <= max_len and not (i2 - i1 > 1 and j2 - j1 > 1):
            pieces.append((i1, i2, j1, j2))
        elif i2 - i1 <= (max_len if anchored else 3 * max_len) and j2 - j1 <= (max_len if anchored else 3 * max_len):
            # adjacent substitutions merge into one region: split it where known pairs and 1:1 swaps fit best
            pieces.extend(_split_block(a, b, i1, i2, j1, j2, known or set(), max_len))
    out = []
    for i1, i2, j1, j2 in pieces:
        orig, sp = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if any(ch.isdigit() for ch in orig + sp) or norm(orig) == norm(sp):
            continue
        out.append(AlignedSubstitution(sp, orig, tb[j1].start, tb[j2 - 1].end, ta[i1].start, ta[i2 - 1].end))
    return out


def learn_pairs(original: str, spun: str, max_len: int = 4, known: set[tuple[str, str]] | None = None) -> list[Substitution]:
    """Distinct ``spun -> original`` pairs of :func:`aligned_substitutions` with their counts (lowercased, except a
    capitalised spun form inside the text, which is kept as a name)."""
    found: dict[tuple[str, str], int] = {}
    order: list[tuple[str, str]] = []
    first_words = _word_tokens(original)[:1]
    text_start = first_words[0].start if first_words else 0
    for sub in aligned_substitutions(original, spun, max_len, known):
        sp, orig = sub.spun, sub.original
        key = (sp.lower(), orig.lower()) if not (sp[:1].isupper() and sub.original_start > text_start) else (sp, orig)
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
