"""Is ``word`` a word of this text? Answered without building the text's word set.

The attribution gates ask a few dozen such questions per article ("does it say 'contributed'?", "does it name
'reuters'?"). Building the body's whole word set (:func:`qualitycheck.engine.matchers.cached_wordset`: a regex
match and a string per word, then a frozenset) cost about 1.8 M instructions on a 530-word article, half of what
all attribution and headline checks cost together, while one ``str.find`` over the same text costs about 9 k: the
questions are cheaper asked one by one.

:class:`LazyWordSet` answers exactly as that set would: the same token rule (runs of letters and digits joined by
apostrophes, ``’`` in the text read as ``'``) is applied at each occurrence, so a gate built on it skips precisely
what it skipped before.
"""
from __future__ import annotations

from typing import Iterable, Optional, Protocol

from ..engine.matchers import WORD_RE


class WordSet(Protocol):
    """What the gates need of a word set: a ``frozenset`` of words, or a :class:`LazyWordSet`."""

    def __contains__(self, word: object) -> bool: ...

    def isdisjoint(self, other: Iterable[str]) -> bool: ...


class LazyWordSet:
    """Membership in ``frozenset(WORD_RE.findall(lowered.replace("’", "'")))``, decided one word at a time."""

    __slots__ = ("_text", "_known", "_full")

    def __init__(self, lowered: str) -> None:
        self._text = lowered.replace("’", "'") if "’" in lowered else lowered
        self._known: dict[str, bool] = {}
        self._full: Optional[frozenset[str]] = None

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        found = self._known.get(word)
        if found is None:
            found = self._known[word] = self._has(word)
        return found

    def isdisjoint(self, other: Iterable[str]) -> bool:
        return not any(w in self for w in other)

    def _has(self, word: str) -> bool:
        if not word or not word[0].isalnum() or WORD_RE.fullmatch(word) is None:
            # not a letters-and-digits token ("_", "a b"): never asked by the gates, so answer from the real set
            if self._full is None:
                self._full = frozenset(WORD_RE.findall(self._text))
            return word in self._full
        text, size = self._text, len(word)
        pos = text.find(word)
        while pos != -1:
            if _token_starts(text, pos) and _token_ends(text, pos + size):
                return True
            pos = text.find(word, pos + 1)
        return False


def _token_starts(text: str, pos: int) -> bool:
    """Does a token start at ``pos``? Not when a letter or digit precedes it, nor "x'" (``don't`` is one token)."""
    if pos == 0:
        return True
    before = text[pos - 1]
    return not before.isalnum() and not (before == "'" and pos >= 2 and text[pos - 2].isalnum())


def _token_ends(text: str, end: int) -> bool:
    """Does the token end at ``end``? Not when a letter or digit follows, nor "'x"."""
    if end >= len(text):
        return True
    after = text[end]
    return not after.isalnum() and not (after == "'" and end + 1 < len(text) and text[end + 1].isalnum())
