"""Tokens for near-duplicate matching: word tokens with offsets, stable 32-bit token ids, and the skeleton.

Token ids are CRC-32 of the lower-cased token (stable across processes and machines, unlike ``hash()``), so
signatures computed on one machine can be compared with an index built on another. The *skeleton* is the DSpin
"immutables" idea: names and numbers (capitalised tokens that do not start a sentence, and tokens with a digit),
in reading order -- the words a synonym spinner cannot replace without changing the story.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

#: words with inner apostrophes, decimal points and thousands separators kept together ("don't", "4.75", "1,000")
TOKEN_RE = re.compile(r"[^\W_]+(?:['’.,][^\W_]+)*")
_SENTENCE_END = set('.!?:;"“”\n')

#: function words: a shingle made only of these carries no evidence of copying ("of the", "in a")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
    now of off on once only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves said says
    told will would may might must shall one two new last year years""".split()
)

_ID_CACHE: dict[str, int] = {}
_ID_CACHE_MAX = 500_000


def token_id(token: str) -> int:
    """Stable 32-bit id of a (lower-cased) token."""
    tid = _ID_CACHE.get(token)
    if tid is None:
        tid = zlib.crc32(token.encode("utf-8"))
        if len(_ID_CACHE) >= _ID_CACHE_MAX:
            _ID_CACHE.clear()
        _ID_CACHE[token] = tid
    return tid


_STOP_IDS = frozenset(token_id(w) for w in STOPWORDS)


def is_stop_id(tid: int) -> bool:
    return tid in _STOP_IDS


@dataclass
class Tokens:
    """Tokens of one text: ids, character spans, and the positions of skeleton tokens."""

    ids: list[int]
    starts: list[int]
    ends: list[int]
    #: indexes into ``ids`` of names and numbers (the skeleton), in order
    skeleton: list[int]

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def skeleton_ids(self) -> list[int]:
        return [self.ids[i] for i in self.skeleton]


def tokenize(text: str) -> Tokens:
    """Word tokens of ``text`` with spans; names and numbers not at a sentence start form the skeleton."""
    ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    skeleton: list[int] = []
    sentence_start = True
    prev_end = 0
    cache = _ID_CACHE
    for m in TOKEN_RE.finditer(text):
        s, e = m.span()
        tok = m.group()
        if not sentence_start and prev_end < s:
            gap = text[prev_end:s]
            if any(c in _SENTENCE_END for c in gap):
                sentence_start = True
        low = tok.lower().replace("’", "'")
        tid = cache.get(low)
        if tid is None:
            tid = token_id(low)
        first = tok[0]
        if first.isdigit() or (not sentence_start and first.isupper()) or (len(tok) > 1 and tok[1:].isupper() and tok[0].isupper()):
            skeleton.append(len(ids))
        elif not first.isdigit() and any(c.isdigit() for c in tok):
            skeleton.append(len(ids))
        ids.append(tid)
        starts.append(s)
        ends.append(e)
        sentence_start = False
        prev_end = e
    return Tokens(ids, starts, ends, skeleton)
