"""Archive-wide near-duplicate clusters on top of the syndication module's signatures and verification.

Workers call :func:`sign` per article (``qualitycheck.syndication.signature``: word-bigram and skeleton MinHash
band keys, passage anchors, 16-bit token ids for verification) and the parent appends one JSON line per article
to ``signatures.jsonl``. Clustering then runs the syndication design at archive scale, with flat memory:

1. stream ``signatures.jsonl`` once, remembering each line's byte offset and spilling ``(key, seq)`` pairs into
   ``PARTITIONS`` files by key (datatrove-style), so no in-memory LSH index is ever built;
2. per partition: sort, take runs of equal keys (2..``max_bucket`` members; larger buckets are templates, not
   copies) and emit every pair in the run, then count the keys each pair shares;
3. choose pairs most-shared first, at most ``max_candidates`` per article, blocked by language and date window
   (the rules of ``syndication.cluster``), then verify them with ``syndication.verify`` (aligned passages;
   survives spinning) in a process pool, signatures read back by offset;
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

from ..syndication.cluster import MAX_BUCKET, Cluster, clusters_from_matches
from ..syndication.signature import key_ints
from ..syndication.verify import DEFAULT_THRESHOLDS, Match, verify

PARTITIONS = 16
SPILL_EVERY = 16384
NO_DAY = -(2**31)
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


@dataclass
class Scan:
    """What one pass over ``signatures.jsonl`` keeps per article: line offset, day, language (for blocking)."""

    offsets: array
    days: np.ndarray
    languages: np.ndarray  # small ints; 0 = unknown
    parts: list[str]


def scan(path: str, count: Optional[int], spill_dir: Optional[str]) -> Scan:
    """Offsets and blocking fields of the first ``count`` signatures; with ``spill_dir``, their keys spilled
    into ``PARTITIONS`` files there."""
    offsets = array("Q")
    days = array("i")
    langs = array("H")
    codes: dict[str, int] = {}
    parts: list[str] = []
    # compact per-partition buffers (12 bytes an entry, flushed every SPILL_EVERY): the parent's memory must
    # not grow with the archive
    bkeys = [array("Q") for _ in range(PARTITIONS)]
    bseqs = [array("I") for _ in range(PARTITIONS)]
    files: list[Any] = []
    if spill_dir:
        parts = [os.path.join(spill_dir, f"keys-{p:02d}.bin") for p in range(PARTITIONS)]
        files = [open(p, "wb") for p in parts]

    def flush(p: int) -> None:
        if bkeys[p]:
            out = np.empty(len(bkeys[p]), dtype=_ENTRY)
            out["key"] = np.frombuffer(bkeys[p], dtype=np.uint64)
            out["seq"] = np.frombuffer(bseqs[p], dtype=np.uint32)
            out.tofile(files[p])
            bkeys[p] = array("Q")
            bseqs[p] = array("I")

    pos = 0
    if os.path.exists(path):
        with open(path, "rb") as handle:
            for seq, line in enumerate(handle):
                if count is not None and seq >= count:
                    break
                offsets.append(pos)
                pos += len(line)
                sig = json.loads(line)
                day = sig.get("day")
                days.append(int(day) if isinstance(day, int) else NO_DAY)
                lang = sig.get("language")
                langs.append(codes.setdefault(lang, len(codes) + 1) if lang else 0)
                if spill_dir:
                    for key in unique_keys(sig):
                        p = key % PARTITIONS
                        bkeys[p].append(key)
                        bseqs[p].append(seq)
                        if len(bkeys[p]) >= SPILL_EVERY:
                            flush(p)
    for p in range(len(files)):
        flush(p)
        files[p].close()
    return Scan(offsets, np.frombuffer(days, dtype=np.int32).copy() if len(days) else np.zeros(0, np.int32), np.frombuffer(langs, dtype=np.uint16).copy() if len(langs) else np.zeros(0, np.uint16), parts)


def group_pairs(seqs: np.ndarray) -> np.ndarray:
    """Every pair (i < j) of one bucket, packed as ``i << 32 | j``."""
    seqs = np.sort(seqs.astype(np.uint64))
    i, j = np.triu_indices(len(seqs), k=1)
    return (seqs[i] << np.uint64(32)) | seqs[j]


def bucket_pairs(entries: np.ndarray, max_bucket: int) -> np.ndarray:
    """Packed pairs from one partition of (key, seq) entries; a pair appears once per key it shares."""
    if len(entries) < 2:
        return np.zeros(0, dtype=np.uint64)
    order = np.lexsort((entries["seq"], entries["key"]))  # (a structured sort with order= costs far more memory)
    keys = entries["key"][order]
    seqs = entries["seq"][order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    # most keys belong to one article and most shared ones to two: handle those with array operations and
    # walk only the larger buckets in Python (a list of ~1M tiny arrays would cost more than the pairs)
    two = starts[sizes == 2]
    out = [(seqs[two].astype(np.uint64) << np.uint64(32)) | seqs[two + 1].astype(np.uint64)]
    keep = (sizes > 2) & (sizes <= max_bucket)
    out.extend(group_pairs(seqs[s : s + n]) for s, n in zip(starts[keep].tolist(), sizes[keep].tolist()))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.uint64)


def count_pairs(chunks: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(unique packed pairs, number of keys each shares)."""
    allp = [c for c in chunks if len(c)]
    if not allp:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    pairs, counts = np.unique(np.concatenate(allp), return_counts=True)
    return pairs, counts


def select_pairs(pairs: np.ndarray, counts: np.ndarray, sc: Scan, params: ClusterParams) -> list[tuple[int, int]]:
    """The pairs to verify, in order: most shared keys first (ties: lower pair), at most ``max_candidates`` per
    article, same language when both are known, dates within the window when both are known (the rules of
    ``syndication.cluster``; the cap counts attempts, so the choice never depends on verification results)."""
    order = np.lexsort((pairs, -counts))
    per_record: dict[int, int] = {}
    chosen: list[tuple[int, int]] = []
    window = params.date_window_days
    days, langs = sc.days, sc.languages
    for packed in pairs[order].tolist():
        i, j = packed >> 32, packed & 0xFFFFFFFF
        if per_record.get(i, 0) >= params.max_candidates or per_record.get(j, 0) >= params.max_candidates:
            continue
        if langs[i] and langs[j] and langs[i] != langs[j]:
            continue
        if window is not None and days[i] != NO_DAY and days[j] != NO_DAY and abs(int(days[i]) - int(days[j])) > window:
            continue
        per_record[i] = per_record.get(i, 0) + 1
        per_record[j] = per_record.get(j, 0) + 1
        chosen.append((i, j))
    return chosen


def _verify_chunk(args: tuple[str, list[tuple[int, int, int, int]]]) -> list[Optional[Match]]:
    path, chunk = args
    out: list[Optional[Match]] = []
    with open(path, "rb") as handle:
        cache: dict[int, dict[str, Any]] = {}

        def load(offset: int) -> dict[str, Any]:
            sig = cache.get(offset)
            if sig is None:
                handle.seek(offset)
                sig = cache[offset] = json.loads(handle.readline())
            return sig

        for _, _, oa, ob in chunk:
            out.append(verify(load(oa), load(ob), DEFAULT_THRESHOLDS))
    return out


def verify_pairs(path: str, chosen: list[tuple[int, int]], offsets: Sequence[int], workers: int = 1) -> list[tuple[int, int, Match]]:
    """Verify the chosen pairs (in a process pool when there are many); results keep the chosen order."""
    work = [(i, j, offsets[i], offsets[j]) for i, j in chosen]
    size = 256
    chunks = [(path, work[k : k + size]) for k in range(0, len(work), size)]
    if workers > 1 and len(chunks) > 1:
        from concurrent.futures import ProcessPoolExecutor

        from .local import _context

        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            results = list(pool.map(_verify_chunk, chunks))
    else:
        results = [_verify_chunk(c) for c in chunks]
    verified: list[tuple[int, int, Match]] = []
    for (_, chunk), matches in zip(chunks, results):
        for (i, j, _, _), match in zip(chunk, matches):
            if match is not None:
                verified.append((i, j, match))
    return verified


def archive_clusters(sig_path: str, count: Optional[int], params: ClusterParams, counted: Optional[tuple[np.ndarray, np.ndarray]] = None, workers: int = 1) -> tuple[list[Cluster], SignatureFile]:
    """Clusters over ``signatures.jsonl``; ``counted`` = pairs already counted by an engine (Spark)."""
    with tempfile.TemporaryDirectory(prefix="qc-audit-keys-", dir=os.path.dirname(os.path.abspath(sig_path))) as spill:
        sc = scan(sig_path, count, None if counted is not None else spill)
        if counted is None:
            counted = count_pairs(bucket_pairs(np.fromfile(p, dtype=_ENTRY), params.max_bucket) for p in sc.parts)
    chosen = select_pairs(counted[0], counted[1], sc, params)
    matches = verify_pairs(sig_path, chosen, sc.offsets, workers)
    sigs = SignatureFile(sig_path, sc.offsets)
    return (clusters_from_matches(sigs, matches) if matches else []), sigs


def date_key(date: Optional[str]) -> str:
    """Sortable month key of a publication date ("\\uffff" when there is none)."""
    from ..syndication.signature import date_ordinal

    day = date_ordinal(date)
    if day is None:
        return "\uffff"
    import datetime as _dt

    return _dt.date.fromordinal(day).isoformat()
