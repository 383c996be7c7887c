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


STOP_IDS = frozenset(token_id(w) for w in STOPWORDS)


#: punctuation separates tokens
PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~‘’‚“”„–—―…«»‹›•·¡¿、。，"
#: marks a sentence start inside :func:`tokenize` (a private-use character; any in the input become spaces)
_MARK = "\ue000"
#: a token: a run of characters that are neither white space, punctuation nor the marker
SPAN_RE = re.compile("[^\\s" + re.escape(PUNCT + _MARK) + "]+")
_TOKEN_OR_MARK_RE = re.compile("[^\\s" + re.escape(PUNCT + _MARK) + "]+|" + _MARK)
#: sentence ends become a separate marker token, so the skeleton can skip sentence-initial capitals
_SENTENCE_END_RE = re.compile(r'[.!?:;]["”’)\]]*\s+|\n\s*|["“]\s*(?=[A-Z])')


@dataclass
class Tokens:
    """Tokens of one text: ids, the skeleton ids, and (computed on demand) character spans."""

    ids: list[int]
    #: ids of names and numbers (the skeleton), in order
    skeleton_ids: list[int]
    text: str = ""

    def __len__(self) -> int:
        return len(self.ids)

    def _spans(self) -> tuple[list[int], list[int]]:
        cached = self.__dict__.get("_span_cache")
        if cached is None:
            starts, ends = [], []
            for m in SPAN_RE.finditer(self.text):
                starts.append(m.start())
                ends.append(m.end())
            cached = self.__dict__["_span_cache"] = (starts, ends)
        return cached

    @property
    def starts(self) -> list[int]:
        return self._spans()[0]

    @property
    def ends(self) -> list[int]:
        return self._spans()[1]


def words(text: str) -> list[str]:
    """Lower-cased word tokens (the same split as :func:`tokenize`)."""
    return SPAN_RE.findall(text.lower())


def _ids(words: list[str]) -> list[int]:
    ids = list(map(_ID_CACHE.get, words))
    if None in ids:
        ids = [t if t is not None else token_id(w) for t, w in zip(ids, words)]
    return ids  # type: ignore[return-value]


def tokenize(text: str) -> Tokens:
    """Word tokens of ``text`` as stable ids, plus the skeleton (names and numbers not at a sentence start).

    Built from C-level string operations (two regex passes, ``join``/``lower``/``split``, ``map``); the only
    Python-level loop is the skeleton comprehension.
    """
    if not text:
        return Tokens([], [], text)
    toks = _TOKEN_OR_MARK_RE.findall(_SENTENCE_END_RE.sub(" " + _MARK + " ", text.replace(_MARK, " ")))
    words = " ".join(toks).lower().replace(_MARK, "").split()
    prev = [_MARK, *toks[:-1]]
    # a skeleton token: capitalised and not first in its sentence, an acronym anywhere, or containing a digit
    skeleton = [
        w.lower()
        for p, w in zip(prev, toks)
        if (w[0].isupper() and (p != _MARK or (len(w) > 1 and w.isupper()))) or (not w.isalpha() and w != _MARK and any(c.isdigit() for c in w))
    ]
    return Tokens(_ids(words), _ids(skeleton), text)
