"""Archive-wide near-duplicate clusters on top of the syndication module's signatures and verification.

Workers call :func:`sign` per article (``qualitycheck.syndication.signature``: word-bigram and skeleton MinHash
band keys, passage anchors, 16-bit token ids for verification) and the parent appends one JSON line per article
to ``signatures.jsonl``. Clustering then runs the syndication design at archive scale, with flat memory:

1. stream ``signatures.jsonl`` once, remembering each line's byte offset and spilling ``(key, seq)`` pairs into
   ``PARTITIONS`` files by key (datatrove-style), so no in-memory LSH index is ever built;
2. per partition: sort, take runs of equal keys (2..``max_bucket`` members; larger buckets are templates, not
   copies) and emit every pair in the run, then count the keys each pair shares;
3. verify pairs most-shared first, at most ``max_candidates`` per article, blocked by language and date window
   (``syndication.cluster.compatible``), with ``syndication.verify`` (aligned passages; survives spinning);
   signatures are read back by offset;
4. union-find and ordering with ``syndication.clusters_from_matches`` (wire-credited, then earliest first).

The Spark engine computes step 2 with a shuffle and hands the counted pairs to step 3, so both engines verify
exactly the same pairs in the same order and produce the same clusters.
"""
from __future__ import annotations

import json
import os
import tempfile
from array import array
from collections import OrderedDict
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Optional, Sequence

import numpy as np

from ..syndication.cluster import MAX_BUCKET, Cluster, clusters_from_matches, compatible
from ..syndication.signature import key_ints
from ..syndication.verify import DEFAULT_THRESHOLDS, Match, verify

PARTITIONS = 16
_ENTRY = np.dtype([("key", "<u8"), ("seq", "<u4")])


@dataclass(frozen=True)
class ClusterParams:
    #: only articles published within this many days of each other are compared (None: no date blocking)
    date_window_days: Optional[int] = 30
    #: an article is verified against at most this many partners (those sharing most keys)
    max_candidates: int = 20
    #: a key shared by more articles than this is boilerplate or a template, not a copy signal
    max_bucket: int = MAX_BUCKET

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def sign(article: Any, ctx: Any) -> str:
    """One ``signatures.jsonl`` line (no newline) for a checked article; reuses the detector's tokens if any."""
    from ..syndication.credit import credits_a_wire
    from ..syndication.signature import signature

    if not article.body or not article.text.strip():
        return json.dumps({"id": article.id, "n": 0, "keys": {}})
    sig = signature(article, tokens=ctx.cache.get("syndication.tokens") if ctx is not None else None)
    sig["language"] = (ctx.language if ctx is not None else None) or article.language
    sig["credits_wire"] = credits_a_wire(article)
    return json.dumps(sig, ensure_ascii=False)


def unique_keys(sig: dict[str, Any]) -> list[int]:
    return sorted(set(int(k) & 0xFFFFFFFFFFFFFFFF for k in key_ints(sig)))


class SignatureFile:
    """Random access to ``signatures.jsonl`` by article number (a small LRU of parsed signatures)."""

    def __init__(self, path: str, offsets: Sequence[int], cache: int = 4096):
        self.path = path
        self.offsets = offsets
        self.handle = open(path, "rb")
        self.cache: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self.size = cache

    def __len__(self) -> int:
        return len(self.offsets)

    def __getitem__(self, seq: int) -> dict[str, Any]:
        sig = self.cache.get(seq)
        if sig is not None:
            self.cache.move_to_end(seq)
            return sig
        self.handle.seek(self.offsets[seq])
        sig = json.loads(self.handle.readline())
        self.cache[seq] = sig
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return sig

    def close(self) -> None:
        self.handle.close()


def scan(path: str, count: Optional[int], spill_dir: Optional[str]) -> tuple[array, list[str]]:
    """Line offsets of the first ``count`` signatures, and (when ``spill_dir``) the key partitions spilled there."""
    offsets = array("Q")
    parts: list[str] = []
    if not os.path.exists(path):
        return offsets, parts
    buffers: list[list[tuple[int, int]]] = [[] for _ in range(PARTITIONS)]
    if spill_dir:
        parts = [os.path.join(spill_dir, f"keys-{p:02d}.bin") for p in range(PARTITIONS)]
        files = [open(p, "wb") for p in parts]

    def flush(p: int) -> None:
        if buffers[p]:
            np.array(buffers[p], dtype=_ENTRY).tofile(files[p])
            buffers[p].clear()

    pos = 0
    with open(path, "rb") as handle:
        for seq, line in enumerate(handle):
            if count is not None and seq >= count:
                break
            offsets.append(pos)
            pos += len(line)
            if spill_dir:
                for key in unique_keys(json.loads(line)):
                    p = key % PARTITIONS
                    buffers[p].append((key, seq))
                    if len(buffers[p]) >= 65536:
                        flush(p)
    if spill_dir:
        for p in range(PARTITIONS):
            flush(p)
            files[p].close()
    return offsets, parts


def group_pairs(seqs: np.ndarray) -> np.ndarray:
    """Every pair (i < j) of one bucket, packed as ``i << 32 | j``."""
    seqs = np.sort(seqs.astype(np.uint64))
    i, j = np.triu_indices(len(seqs), k=1)
    return (seqs[i] << np.uint64(32)) | seqs[j]


def bucket_pairs(entries: np.ndarray, max_bucket: int) -> np.ndarray:
    """Packed pairs from one partition of (key, seq) entries; a pair appears once per key it shares."""
    if len(entries) < 2:
        return np.zeros(0, dtype=np.uint64)
    entries = np.sort(entries, order=("key", "seq"))
    keys = entries["key"]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    out = [group_pairs(entries["seq"][s : s + n]) for s, n in zip(starts.tolist(), sizes.tolist()) if 2 <= n <= max_bucket]
    return np.concatenate(out) if out else np.zeros(0, dtype=np.uint64)


def count_pairs(chunks: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(unique packed pairs, number of keys each shares)."""
    allp = [c for c in chunks if len(c)]
    if not allp:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    pairs, counts = np.unique(np.concatenate(allp), return_counts=True)
    return pairs, counts


def verify_pairs(pairs: np.ndarray, counts: np.ndarray, sigs: Any, params: ClusterParams) -> list[tuple[int, int, Match]]:
    """Verify candidates most-shared first (ties: lower pair first), capped per article, blocked by date/language."""
    order = np.lexsort((pairs, -counts))
    per_record: dict[int, int] = {}
    verified: list[tuple[int, int, Match]] = []
    for packed in pairs[order].tolist():
        i, j = packed >> 32, packed & 0xFFFFFFFF
        if per_record.get(i, 0) >= params.max_candidates or per_record.get(j, 0) >= params.max_candidates:
            continue
        a, b = sigs[i], sigs[j]
        if not compatible(a, b, params.date_window_days):
            continue
        per_record[i] = per_record.get(i, 0) + 1
        per_record[j] = per_record.get(j, 0) + 1
        match = verify(a, b, DEFAULT_THRESHOLDS)
        if match is not None:
            verified.append((i, j, match))
    return verified


def archive_clusters(sig_path: str, count: Optional[int], params: ClusterParams, counted: Optional[tuple[np.ndarray, np.ndarray]] = None) -> tuple[list[Cluster], SignatureFile]:
    """Clusters over ``signatures.jsonl``; ``counted`` = pairs already counted by an engine (Spark)."""
    with tempfile.TemporaryDirectory(prefix="qc-audit-keys-", dir=os.path.dirname(os.path.abspath(sig_path))) as spill:
        offsets, parts = scan(sig_path, count, None if counted is not None else spill)
        if counted is None:
            counted = count_pairs(bucket_pairs(np.fromfile(p, dtype=_ENTRY), params.max_bucket) for p in parts)
    sigs = SignatureFile(sig_path, offsets)
    matches = verify_pairs(counted[0], counted[1], sigs, params)
    return (clusters_from_matches(sigs, matches) if matches else []), sigs


def date_key(date: Optional[str]) -> str:
    """Sortable month key of a publication date ("\\uffff" when there is none)."""
    from ..syndication.signature import date_ordinal

    day = date_ordinal(date)
    if day is None:
        return "\uffff"
    import datetime as _dt

    return _dt.date.fromordinal(day).isoformat()
