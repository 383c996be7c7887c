"""Near-duplicate and syndicated-copy detection that survives spinning.

Public API (stable; the audit engine and the detector use it):

* :func:`signature` -- ``signature(article) -> dict``: JSON-able signature (LSH keys, 16-bit verification
  tokens, skeleton, date, language).
* :func:`band_keys` -- ``band_keys(sig) -> list[str]``: the keys to group by; sharing one makes a candidate pair.
* :func:`verify` -- ``verify(sig_a, sig_b) -> Match | None``: aligned-passage verification and copy kind.
* :func:`cluster` -- ``cluster(sigs) -> list[Cluster]``: in-memory candidates + verification + union-find,
  earliest member first. :func:`clusters_from_matches` is the union-find alone (for distributed engines).
* :class:`ReferenceIndex` -- the on-disk SQLite index; :func:`find_copies` matches one article against it.

See ``docs/syndication.md``.
"""
from __future__ import annotations

from .cluster import Cluster, candidate_pairs, cluster, clusters_from_matches, compatible
from .index import FORMAT_VERSION, IndexedDoc, IndexFormatError, ReferenceIndex
from .signature import DEFAULT_PARAMS, Params, band_keys, date_ordinal, key_ints, signature
from .tokens import Tokens, tokenize
from .verify import DEFAULT_THRESHOLDS, Match, Passage, Thresholds, compare, verify

__all__ = [
    "Cluster", "candidate_pairs", "cluster", "clusters_from_matches", "compatible",
    "FORMAT_VERSION", "IndexedDoc", "IndexFormatError", "ReferenceIndex",
    "DEFAULT_PARAMS", "Params", "band_keys", "date_ordinal", "key_ints", "signature",
    "Tokens", "tokenize", "DEFAULT_THRESHOLDS", "Match", "Passage", "Thresholds", "compare", "verify",
    "find_copies",
]


def find_copies(*args, **kwargs):  # type: ignore[no-untyped-def]
    """See :func:`qualitycheck.syndication.reference.find_copies` (imported lazily)."""
    from .reference import find_copies as _find

    return _find(*args, **kwargs)
