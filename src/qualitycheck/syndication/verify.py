"""Verification of a candidate pair: align the token sequences and decide copy or not, and what kind of copy.

LSH only proposes candidates. Here the two token-id sequences are aligned (rapidfuzz ``Indel`` opcodes = longest
common subsequence). Unrelated texts on the same topic share scattered function words, which LCS picks up one
at a time; a copy -- even one where a spinner replaced half of the words -- shares *runs* of tokens close to each
other. So matched runs of >= 2 tokens are merged into passages across short gaps, and only passages count.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional, Sequence

from rapidfuzz.distance import Indel

from .signature import unpack16


@dataclass(frozen=True)
class Thresholds:
    #: a run of matched tokens shorter than this is ignored (chance matches of single words)
    min_run: int = 2
    #: runs are merged into one passage across gaps up to this many tokens (on both sides)
    max_gap: int = 10
    #: a passage needs this many matched tokens ...
    min_passage: int = 8
    #: ... and at least this share of matched tokens over its span
    min_density: float = 0.3
    #: a copy needs this many matched tokens in passages overall ...
    min_tokens: int = 15
    #: ... and matched tokens / length of the shorter text at least this (containment)
    min_containment: float = 0.2
    #: passages with fewer identical tokens than this share look spun (or are edited copies, when containment is
    #: high) ...
    sparse_density: float = 0.7
    edited_density: float = 0.8
    #: ... and then the names-and-numbers skeletons must agree at least this much (Indel similarity)
    spun_skeleton: float = 0.6
    #: ... or, for texts with almost no names or numbers, the containment must reach this
    spun_containment: float = 0.5


DEFAULT_THRESHOLDS = Thresholds()


@dataclass
class Passage:
    """An aligned passage: token ranges in both texts and how many tokens inside are identical."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    matched: int

    @property
    def density(self) -> float:
        return self.matched / max(1, self.a_end - self.a_start, self.b_end - self.b_start)


@dataclass
class Match:
    """A verified copy relation between text ``a`` (the one being checked) and text ``b`` (the source)."""

    a: Optional[str]
    b: Optional[str]
    kind: str  # exact | edited | spun | partial
    #: share of a's tokens inside aligned passages ("N% of this body matches")
    share_a: float
    share_b: float
    #: identical tokens inside passages / length of the shorter text
    containment: float
    #: identical tokens / tokens spanned by the passages (1.0 = verbatim, ~0.5 = half the words replaced)
    density: float
    #: Indel similarity of the skeletons (names and numbers in order)
    skeleton: float
    matched: int
    passages: list[Passage] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("share_a", "share_b", "containment", "density", "skeleton"):
            out[key] = round(out[key], 3)
        return out


def passages(a: Sequence[int], b: Sequence[int], th: Thresholds = DEFAULT_THRESHOLDS) -> list[Passage]:
    """Aligned passages between two token-id sequences (LCS runs merged across short gaps)."""
    if not a or not b:
        return []
    runs = [(s1, s2, e1 - s1) for tag, s1, e1, s2, _ in Indel.opcodes(a, b).as_list() if tag == "equal"]
    out: list[Passage] = []
    cur: Optional[Passage] = None
    # lone matched words after the last run: they count only if another run follows (spun text keeps lone
    # words), otherwise they would stretch the passage into the unrelated text around a copied block
    pending, last_a, last_b = 0, 0, 0
    for s1, s2, n in runs:
        near = cur is not None and s1 - last_a <= th.max_gap and s2 - last_b <= th.max_gap
        if n < th.min_run:
            if near:
                pending += n
                last_a, last_b = s1 + n, s2 + n
            continue
        if near and cur is not None:
            cur.matched += pending + n
            cur.a_end, cur.b_end = s1 + n, s2 + n
        else:
            if cur is not None:
                out.append(cur)
            cur = Passage(s1, s1 + n, s2, s2 + n, n)
        pending, last_a, last_b = 0, s1 + n, s2 + n
    if cur is not None:
        out.append(cur)
    return [p for p in out if p.matched >= th.min_passage and p.density >= th.min_density]


def classify(density: float, share_a: float, share_b: float) -> str:
    """exact (verbatim, whole), edited (light changes), spun (many words replaced), partial (part of one inside the other)."""
    whole = max(share_a, share_b) >= 0.85
    if density < 0.75:
        return "spun"
    if not whole:
        return "partial"
    return "exact" if density >= 0.97 else "edited"


def compare(a: Sequence[int], b: Sequence[int], skel_a: Sequence[int] = (), skel_b: Sequence[int] = (), th: Thresholds = DEFAULT_THRESHOLDS, *, a_id: Optional[str] = None, b_id: Optional[str] = None) -> Optional[Match]:
    """A :class:`Match` if ``a`` and ``b`` (token-id sequences) are copies of each other, else None."""
    found = passages(a, b, th)
    if not found:
        return None
    matched = sum(p.matched for p in found)
    span_a = sum(p.a_end - p.a_start for p in found)
    span_b = sum(p.b_end - p.b_start for p in found)
    shorter = min(len(a), len(b))
    containment = matched / shorter
    if matched < min(th.min_tokens, max(th.min_passage, shorter // 2)) or containment < th.min_containment:
        return None
    density = matched / max(1, span_a, span_b)
    skeleton = Indel.normalized_similarity(skel_a, skel_b) if skel_a and skel_b else 0.0
    if density < th.sparse_density or (density < th.edited_density and containment < th.spun_containment):
        # many words differ inside the passages: a spun copy keeps the names and numbers in order, while two
        # template-like reports on the same topic (earnings, weather, market wraps) share wording but not those
        if len(skel_a) >= 4 and len(skel_b) >= 4:
            if skeleton < th.spun_skeleton:
                return None
        elif containment < th.spun_containment:
            return None
    share_a, share_b = span_a / len(a), span_b / len(b)
    return Match(a_id, b_id, classify(density, share_a, share_b), share_a, share_b, containment, density, skeleton, matched, found)


def verify(sig_a: dict[str, Any], sig_b: dict[str, Any], th: Thresholds = DEFAULT_THRESHOLDS) -> Optional[Match]:
    """Verify two signatures (see :func:`qualitycheck.syndication.signature`): a Match or None."""
    return compare(unpack16(sig_a["tokens"]), unpack16(sig_b["tokens"]), unpack16(sig_a["skeleton"]), unpack16(sig_b["skeleton"]), th, a_id=sig_a.get("id"), b_id=sig_b.get("id"))
