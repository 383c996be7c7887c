"""MinHash and LSH band keys, vectorised with numpy (no datasketch at run time).

Permutations are multiply-shift universal hashes ``((a*x + b) mod 2**64) >> 32`` with odd 64-bit ``a``: numpy's
uint64 arithmetic wraps, so one broadcasted multiply-add and a column minimum give the whole signature. Shingles
are exact 64-bit values (two 32-bit token ids side by side), so no second hashing pass is needed.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

U64 = np.uint64
#: band keys are 31-bit non-negative ints: SQLite stores them in 4 bytes (collisions only add candidates that
#: verification rejects: at 1M indexed documents ~3% of query keys hit a stray posting, which ranks low)
KEY_BITS = 31
_KEY_SHIFT = U64(64 - KEY_BITS)
_MIX = U64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * U64(2) + U64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


@lru_cache(maxsize=16)
def _band_salts(namespace: int, bands: int, rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed * 1_000_003 + namespace)
    mult = rng.integers(1, 2**63, size=rows, dtype=np.uint64) * U64(2) + U64(1)
    salt = rng.integers(0, 2**63, size=bands, dtype=np.uint64)
    return mult, salt


def bigram_shingles(ids: np.ndarray, keep: np.ndarray | None = None) -> np.ndarray:
    """64-bit word-bigram values ``id[i] << 32 | id[i+1]``; ``keep`` masks which bigrams count.

    Not de-duplicated: a repeated shingle does not change a minimum, and ``np.unique`` would cost more than the
    extra rows."""
    if ids.size < 2:
        return np.empty(0, dtype=U64)
    grams = (ids[:-1] << U64(32)) | ids[1:]
    if keep is not None:
        grams = grams[keep]
    return grams


def minhash(shingles: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signature (uint32 per permutation) of a set of 64-bit shingles."""
    a, b = permutations(num_perm, seed)
    if shingles.size == 0:
        return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    hashed = (shingles[:, None] * a[None, :] + b[None, :]) >> U64(32)
    return hashed.min(axis=0).astype(np.uint32)


def band_keys(signature: np.ndarray, bands: int, rows: int, namespace: int, seed: int) -> list[int]:
    """One key per LSH band: documents that agree on all ``rows`` values of a band share that band's key."""
    mult, salt = _band_salts(namespace, bands, rows, seed)
    values = signature[: bands * rows].astype(U64).reshape(bands, rows)
    mixed = (values * mult[None, :]).sum(axis=1, dtype=U64) + salt
    keys = (mixed * _MIX) >> _KEY_SHIFT
    return [int(k) for k in keys]


def sampled_grams(ids: np.ndarray, n: int, modulus: int, seed: int, keep: np.ndarray | None = None) -> list[int]:
    """Content-defined anchors: hashes of word ``n``-grams whose hash is 0 mod ``modulus`` (about 1 in ``modulus``).

    Any passage of a few dozen copied words shares some anchors with its source wherever it sits, which is what
    finds partial copies (a copied lede inside a longer article) that whole-document MinHash misses.
    """
    count = ids.size - n + 1
    if count <= 0:
        return []
    mult, salt = _band_salts(99, 1, n, seed)
    acc = np.full(count, salt[0], dtype=U64)
    for j in range(n):
        acc = acc + ids[j : j + count] * mult[j]
    hashed = (acc * _MIX) >> _KEY_SHIFT
    chosen = (hashed % U64(modulus)) == 0
    if keep is not None:
        chosen &= keep[:count]
    return sorted({int(k) for k in hashed[chosen]})
