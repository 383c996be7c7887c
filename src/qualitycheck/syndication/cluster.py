"""Near-duplicate clusters over a set of signatures: LSH grouping, verification, union-find.

Engine-free: :func:`candidate_pairs` and :func:`verify` are what a distributed engine runs per band group and per
pair; :func:`clusters_from_matches` is the final union-find. :func:`cluster` does all three in memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Sequence

from .signature import key_ints
from .verify import DEFAULT_THRESHOLDS, Match, Thresholds, verify

#: a band bucket with more members than this is linked as a star (every member to the first) instead of all pairs:
#: many copies of one text (or a template) then cost O(n) verifications, not O(n^2)
MAX_BUCKET = 50


@dataclass
class Cluster:
    """Copies of one text. ``members`` are record indexes, earliest first; ``members[0]`` is the likely original."""

    members: list[int]
    ids: list[Optional[str]]
    #: verified pairs (record index, record index, Match) that joined this cluster
    links: list[tuple[int, int, Match]] = field(default_factory=list)

    @property
    def original(self) -> int:
        return self.members[0]

    def reorder(self, signatures: Sequence[dict[str, Any]]) -> None:
        """Re-sort members (likely original first) after callers added ``credits_wire`` to their signatures."""
        order = sorted(range(len(self.members)), key=lambda k: _order_key(signatures[self.members[k]], self.members[k]))
        self.members = [self.members[k] for k in order]
        self.ids = [self.ids[k] for k in order]

    @property
    def matches(self) -> list[Match]:
        return [m for _, _, m in self.links]

    def best_link(self, member: int) -> Optional[tuple[int, Match, bool]]:
        """(other record, match, member_is_a) of the link covering most of ``member``; prefers links to the original."""
        best: Optional[tuple[float, int, Match, bool]] = None
        for i, j, m in self.links:
            if member not in (i, j):
                continue
            is_a = member == i
            other = j if is_a else i
            score = (m.share_a if is_a else m.share_b) + (0.05 if other == self.original else 0.0)
            if best is None or score > best[0]:
                best = (score, other, m, is_a)
        return None if best is None else (best[1], best[2], best[3])

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": self.ids,
            "original": self.ids[0],
            "size": len(self.members),
            "links": [{"a": i, "b": j, **m.to_dict()} for i, j, m in self.links],
        }


def candidate_pairs(signatures: Sequence[dict[str, Any]], max_bucket: int = MAX_BUCKET) -> dict[tuple[int, int], int]:
    """Pairs of indexes sharing LSH keys -> number of shared keys (blocked by language and date window later).

    Buckets larger than ``max_bucket`` contribute star pairs (first member, other) only; those pairs get a large
    count so that they are verified first.
    """
    buckets: dict[int, list[int]] = {}
    for i, sig in enumerate(signatures):
        for key in set(key_ints(sig)):
            buckets.setdefault(key, []).append(i)
    pairs: dict[tuple[int, int], int] = {}
    for members in buckets.values():
        if len(members) < 2:
            continue
        if len(members) > max_bucket:
            hub = members[0]
            for other in members[1:]:
                pairs[(hub, other)] = pairs.get((hub, other), 0) + STAR_WEIGHT
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pair = (members[x], members[y])
                pairs[pair] = pairs.get(pair, 0) + 1
    return pairs


STAR_WEIGHT = 1000


def compatible(sig_a: dict[str, Any], sig_b: dict[str, Any], date_window_days: Optional[int]) -> bool:
    """Blocking: same language when both are known; dates within the window when both are known."""
    la, lb = sig_a.get("language"), sig_b.get("language")
    if la and lb and la != lb:
        return False
    da, db = sig_a.get("day"), sig_b.get("day")
    if date_window_days is not None and da is not None and db is not None and abs(da - db) > date_window_days:
        return False
    return True


def _order_key(sig: dict[str, Any], index: int) -> tuple:
    """Likely original first: a record that credits a wire agency (``sig["credits_wire"]``, set by callers that
    know) carries the text as the agency sent it; then the earliest date (undated last); then input order."""
    day = sig.get("day")
    return (not sig.get("credits_wire", False), day is None, day if day is not None else 0, index)


def clusters_from_matches(signatures: Sequence[dict[str, Any]], matches: Iterable[tuple[int, int, Match]]) -> list[Cluster]:
    """Union-find over verified pairs; each cluster lists its members earliest first (by date, then input order)."""
    parent = list(range(len(signatures)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links: list[tuple[int, int, Match]] = list(matches)
    for i, j, _ in links:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(signatures)):
        groups.setdefault(find(i), []).append(i)
    by_root: dict[int, list[tuple[int, int, Match]]] = {}
    for i, j, m in links:
        by_root.setdefault(find(i), []).append((i, j, m))
    out = []
    for root, members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda k: _order_key(signatures[k], k))
        out.append(Cluster(members, [signatures[k].get("id") for k in members], by_root.get(root, [])))
    out.sort(key=lambda c: c.members[0])
    return out


def cluster(signatures: Sequence[dict[str, Any]], *, date_window_days: Optional[int] = 30, thresholds: Thresholds = DEFAULT_THRESHOLDS, max_candidates: int = 20) -> list[Cluster]:
    """Near-duplicate clusters of ``signatures`` (dicts from :func:`signature`), verified pair by pair.

    Each candidate pair is verified once; a record is compared with at most ``max_candidates`` partners (those
    sharing the most keys), which bounds the cost on template-heavy archives.
    """
    pairs = candidate_pairs(signatures)
    per_record: dict[int, int] = {}
    verified: list[tuple[int, int, Match]] = []
    for (i, j), shared in sorted(pairs.items(), key=lambda kv: -kv[1]):
        star = shared >= STAR_WEIGHT  # hub pairs of a big bucket: always verified, O(n) of them
        if not star and (per_record.get(i, 0) >= max_candidates or per_record.get(j, 0) >= max_candidates):
            continue
        if not compatible(signatures[i], signatures[j], date_window_days):
            continue
        per_record[i] = per_record.get(i, 0) + 1
        per_record[j] = per_record.get(j, 0) + 1
        match = verify(signatures[i], signatures[j], thresholds)
        if match is not None:
            verified.append((i, j, match))
    return clusters_from_matches(signatures, verified)
