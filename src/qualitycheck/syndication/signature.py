"""Per-article signatures: everything needed to find and verify copies, as a small JSON-able dict.

A signature holds the LSH keys (word-bigram MinHash bands, skeleton MinHash bands, passage anchors), the compact
verification data (16-bit hashed token ids and the skeleton, base64) and the blocking fields (language, day).
The same dict is what the reference index stores per document and what the audit engine ships between workers.
"""
from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from typing import Any, Optional, Union

import numpy as np

from ..model import Article
from . import minhash as mh
from .tokens import STOP_IDS, Tokens, tokenize

SIGNATURE_VERSION = 1


@dataclass(frozen=True)
class Params:
    """Matching parameters. They are stored in an index's meta table; queries always use the index's own."""

    seed: int = 20261202
    #: word-bigram MinHash: bands x rows permutations. r=2 puts the LSH knee near J=0.2, where 30-35% spins sit
    text_bands: int = 24
    text_rows: int = 2
    #: skeleton-bigram MinHash (names and numbers in order): survives spins that change half of the words
    skeleton_bands: int = 16
    skeleton_rows: int = 2
    #: passage anchors: word n-grams sampled 1 in ``anchor_modulus``, for partial copies
    anchor_n: int = 4
    anchor_modulus: int = 16
    #: documents shorter than this many tokens get no keys (too little text to call anything a copy)
    min_tokens: int = 12

    @property
    def text_perms(self) -> int:
        return self.text_bands * self.text_rows

    @property
    def skeleton_perms(self) -> int:
        return self.skeleton_bands * self.skeleton_rows

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Params":
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown matching parameter(s): {', '.join(sorted(unknown))}")
        return cls(**{k: int(v) for k, v in data.items()})

    def digest(self) -> str:
        cached = _DIGESTS.get(self)
        if cached is None:
            cached = _DIGESTS[self] = hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()[:12]
        return cached


_DIGESTS: dict[Params, str] = {}


DEFAULT_PARAMS = Params()

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_RE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_MDY_WORDS_RE = re.compile(r"\b([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_DMY_WORDS_RE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})\b")


def date_ordinal(value: Optional[str]) -> Optional[int]:
    """Day number of a publication date in common formats (ISO, 01-04-2022, Apr 01, 2022, 1 April 2022)."""
    if not value:
        return None
    text = str(value)
    try:
        m = _ISO_RE.search(text)
        if m:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).toordinal()
        m = _MDY_WORDS_RE.search(text)
        if m and m.group(1).lower() in _MONTHS:
            return _dt.date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))).toordinal()
        m = _DMY_WORDS_RE.search(text)
        if m and m.group(2).lower() in _MONTHS:
            return _dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))).toordinal()
        m = _DMY_RE.search(text)
        if m:
            return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).toordinal()
    except ValueError:
        return None
    return None


def pack16(ids: "list[int] | np.ndarray") -> str:
    """Token ids folded to 16 bits, little-endian, base64: ~2.7 bytes per token in JSON, 2 in the index."""
    arr = np.asarray(ids, dtype=np.uint32)
    folded = ((arr >> np.uint32(16)) ^ arr).astype("<u2")
    return base64.b64encode(folded.tobytes()).decode("ascii")


def fold16(ids: "list[int] | np.ndarray") -> bytes:
    arr = np.asarray(ids, dtype=np.uint32)
    return ((arr >> np.uint32(16)) ^ arr).astype("<u2").tobytes()


def unpack16(data: "str | bytes") -> list[int]:
    raw = base64.b64decode(data) if isinstance(data, str) else data
    return np.frombuffer(raw, dtype="<u2").tolist()


def _keys(tokens: Tokens, params: Params) -> tuple[list[int], list[int], list[int]]:
    if len(tokens) < params.min_tokens:
        return [], [], []
    ids = np.asarray(tokens.ids, dtype=np.uint64)
    stop = np.array([t in STOP_IDS for t in tokens.ids], dtype=bool)
    # a bigram of two function words ("of the") says nothing about copying and makes unrelated texts collide
    content = ~(stop[:-1] & stop[1:])
    grams = mh.bigram_shingles(ids, content)
    text_keys = mh.band_keys(mh.minhash(grams, params.text_perms, params.seed), params.text_bands, params.text_rows, 1, params.seed) if grams.size >= 4 else []
    skel_keys: list[int] = []
    if len(tokens.skeleton_ids) >= 4:
        skel = np.asarray(tokens.skeleton_ids, dtype=np.uint64)
        sgrams = mh.bigram_shingles(skel)
        if sgrams.size >= 3:
            skel_keys = mh.band_keys(mh.minhash(sgrams, params.skeleton_perms, params.seed + 1), params.skeleton_bands, params.skeleton_rows, 2, params.seed)
    n = params.anchor_n
    if ids.size >= n:
        # anchors made mostly of function words ("one of the most") recur in unrelated texts
        window_stops = sum(stop[j : j + ids.size - n + 1].astype(np.int8) for j in range(n))
        anchors = mh.sampled_grams(ids, n, params.anchor_modulus, params.seed, keep=window_stops <= n // 2)
    else:
        anchors = []
    return text_keys, skel_keys, anchors


def signature(article: Union[Article, str], params: Params = DEFAULT_PARAMS, *, tokens: Optional[Tokens] = None, credit: Optional[str] = None) -> dict[str, Any]:
    """The JSON-able signature of an article (or a bare body text).

    Keys: ``v`` (format), ``p`` (parameter digest), ``id``, ``title``, ``url``, ``site``, ``date``, ``day``
    (ordinal or null), ``language``, ``credit`` (whom a copy should credit, if known), ``n`` (tokens),
    ``tokens`` and ``skeleton`` (base64 16-bit ids), ``keys`` ({"text": [...], "skeleton": [...], "anchor": [...]}).
    """
    if isinstance(article, str):
        article = Article(id="text", body=article.split("\n\n"))
    toks = tokens if tokens is not None else tokenize(article.text)
    text_keys, skel_keys, anchors = _keys(toks, params)
    return {
        "v": SIGNATURE_VERSION,
        "p": params.digest(),
        "id": article.id,
        "title": article.title or None,
        "url": article.url,
        "site": article.site,
        "date": article.date,
        "day": date_ordinal(article.date),
        "language": article.language,
        "credit": credit,
        "n": len(toks),
        "tokens": pack16(toks.ids),
        "skeleton": pack16(toks.skeleton_ids),
        "keys": {"text": text_keys, "skeleton": skel_keys, "anchor": anchors},
    }


def key_ints(sig: dict[str, Any]) -> list[int]:
    """All LSH keys of a signature as ints (text bands, skeleton bands, anchors)."""
    keys = sig.get("keys") or {}
    return [*keys.get("text", ()), *keys.get("skeleton", ()), *keys.get("anchor", ())]


def band_keys(sig: dict[str, Any]) -> list[str]:
    """All LSH keys of a signature as strings, for a group-by in a distributed engine.

    Two signatures are candidates when they share at least one key; text and skeleton keys are one per band, and
    anchors are sampled passage n-grams. Prefixes keep the three kinds apart: ``t``, ``s``, ``a``.
    """
    keys = sig.get("keys") or {}
    return [*(f"t{k:012x}" for k in keys.get("text", ())), *(f"s{k:012x}" for k in keys.get("skeleton", ())), *(f"a{k:012x}" for k in keys.get("anchor", ()))]


def fold_ids(ids: "list[int]") -> list[int]:
    """32-bit token ids folded to the 16-bit ids stored in signatures and indexes (for alignment)."""
    return [((t >> 16) ^ t) & 0xFFFF for t in ids]
