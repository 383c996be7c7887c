"""Matching one article against a reference index: candidates by shared LSH keys, blocking, verification."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from ..model import Article
from .index import IndexedDoc, ReferenceIndex
from .signature import DEFAULT_PARAMS, Params, fold_ids, key_ints, signature
from .tokens import Tokens, tokenize
from .verify import DEFAULT_THRESHOLDS, Match, Thresholds, compare


#: report a copy only when at least this share of the checked article's body is inside aligned passages
DEFAULT_MIN_SHARE = 0.15
#: ... or when at least this share of the source is copied (a wire brief lifted into a long article)
DEFAULT_MIN_SOURCE_SHARE = 0.25


@dataclass
class ReferenceMatch:
    """A verified copy of an indexed document inside the checked article."""

    match: Match
    doc: IndexedDoc


def find_copies(
    index: ReferenceIndex,
    article: Article,
    *,
    tokens: Optional[Tokens] = None,
    date_window_days: Optional[int] = 30,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    max_verify: int = 8,
    exclude_self: bool = True,
    min_share: float = 0.0,
    min_source_share: float = 0.0,
    every_document: bool = False,
) -> list[ReferenceMatch]:
    """Indexed documents that ``article`` copies (verified), best first (largest share of the article).

    Candidates share LSH keys with the article; they must have the same language (when both are known) and a
    date within ``date_window_days`` (when both are known). At most ``max_verify`` candidates, those sharing the
    most keys, are aligned. A document with the same id and URL as the article is the article itself, skipped.
    ``every_document`` aligns the first ``max_verify`` documents whatever keys they share: for the few
    references a record names itself, where a short or heavily spun copy may share no LSH key.
    """
    toks = tokens if tokens is not None else tokenize(article.text)
    sig = signature(article, index.params, tokens=toks)
    ranked = index.all_documents(max_verify) if every_document else index.candidates(key_ints(sig), limit=max_verify * 4)
    if not ranked:
        return []
    docs = index.docs([d for d, _ in ranked])
    mine = fold_ids(toks.ids)
    my_skel = fold_ids(toks.skeleton_ids)
    language, day = article.language, sig["day"]
    out: list[ReferenceMatch] = []
    tried = 0
    for doc_id, _shared in ranked:
        doc = docs.get(doc_id)
        if doc is None:
            continue
        if language and doc.language and language != doc.language:
            continue
        if date_window_days is not None and day is not None and doc.day is not None and abs(day - doc.day) > date_window_days:
            continue
        if exclude_self and doc.ext_id == article.id and (doc.url or None) == (article.url or None) and len(doc.tokens) == len(toks):
            continue
        tried += 1
        if tried > max_verify:
            break
        match = compare(mine, doc.tokens, my_skel, doc.skeleton, thresholds, a_id=article.id, b_id=doc.ext_id)
        if match is not None and (match.share_a >= min_share or match.share_b >= min_source_share):
            out.append(ReferenceMatch(match, doc))
    if out and index.store_text:
        # the source side of the evidence passages: load the stored bodies of the few matches only
        bodies = index.docs([r.doc.id for r in out], with_body=True)
        for r in out:
            r.doc.body = bodies[r.doc.id].body
    out.sort(key=lambda r: (-r.match.share_a, -r.match.matched))
    return out


def in_memory_index(sources: Iterable[Article], params: Params = DEFAULT_PARAMS) -> ReferenceIndex:
    """A throw-away index in memory, with texts (inline references carried by a record, tests)."""
    from .build import signature_rows

    index = ReferenceIndex.create(":memory:", params, store_text=True)
    index.add_signatures(signature_rows(sources, index.params))
    return index
