"""Syndication checks: copied text against a reference index (QC201), paragraphs repeated inside an article
(QC202), near-duplicate clusters inside the checked batch (QC203), and the words a copy swapped for the
source's wording (QC204, category spin: with the source at hand the original wording is known exactly).

Costs nothing measurable without a reference and with a one-article batch: only the paragraph-repeat scan runs.
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Any, Iterable, Optional, Sequence

from ..config import Config, ConfigError
from ..engine.detector import CheckContext, Hit
from ..engine.rules import Rule
from ..model import Article, Severity

from ..syndication.credit import credit_for, credits_a_wire

COPY_RULE, REPEAT_RULE, BATCH_RULE, REWORD_RULE = "QC201", "QC202", "QC203", "QC204"
_TOKENS = "syndication.tokens"
_SNIPPET = 240
#: a copy whose aligned passages have at least this share of words swapped is spun, whatever its copy kind
SPUN_SWAP_SHARE = 0.05
#: tokens added on each side of an aligned passage before its swaps are read (see reworded_hits)
EDGE_TOKENS = 4

_index_cache: dict[str, Any] = {}
_index_lock = threading.Lock()


def open_reference(path: str) -> Any:
    """The reference index at ``path``, opened once per process (read-only, validated)."""
    from ..syndication.index import ReferenceIndex

    with _index_lock:
        index = _index_cache.get(path)
        if index is None:
            index = ReferenceIndex.open(path)
            _index_cache[path] = index
        return index


def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1].rstrip() + "…"


def _pct(share: float) -> int:
    return int(round(100 * min(1.0, share)))


class SyndicationDetector:
    def __init__(self, rules: Sequence[Rule], config: Config) -> None:
        self.config = config
        opts = config.options.get("syndication") or {}
        if not isinstance(opts, dict):
            raise ConfigError("options.syndication must be a table/mapping")
        unknown = set(opts) - {"date_window_days", "max_sources", "max_passages"}
        if unknown:
            raise ConfigError(f"options.syndication: unknown key(s) {', '.join(sorted(map(str, unknown)))} (known: date_window_days, max_sources, max_passages)")
        try:
            window = opts.get("date_window_days", 30)
            self.date_window: Optional[int] = None if window in (None, False, "none", "off") else int(window)
            self.max_sources = int(opts.get("max_sources", 3))
            self.max_passages = int(opts.get("max_passages", 3))
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"options.syndication: {exc}") from None
        from ..syndication.reference import DEFAULT_MIN_SHARE, DEFAULT_MIN_SOURCE_SHARE

        self.min_share = config.threshold("syndication.min_share", DEFAULT_MIN_SHARE)
        self.min_source_share = config.threshold("syndication.min_source_share", DEFAULT_MIN_SOURCE_SHARE)
        self._lock = threading.Lock()

    # -- per article ----------------------------------------------------------------------------------------
    def check(self, article: Article, ctx: CheckContext, enabled: frozenset[str]) -> Iterable[Hit]:
        hits: list[Hit] = []
        if REPEAT_RULE in enabled:
            hits.extend(self._repeats(article))
        if (COPY_RULE in enabled or REWORD_RULE in enabled) and article.body:
            inline = _inline_references(article)
            if self.config.reference or inline:
                hits.extend(self._copies(article, ctx, inline, enabled))
        return hits

    def _tokens(self, article: Article, ctx: CheckContext) -> Any:
        from ..syndication.tokens import tokenize

        toks = ctx.cache.get(_TOKENS)
        if toks is None:
            toks = ctx.cache[_TOKENS] = tokenize(article.text)
        return toks

    def _repeats(self, article: Article) -> list[Hit]:
        from ..syndication.repeats import repeated_paragraphs

        out = []
        for rep in repeated_paragraphs(article):
            out.append(
                Hit(
                    REPEAT_RULE,
                    "body",
                    rep.start,
                    rep.end,
                    params={"paragraph": rep.paragraph + 1, "first": rep.first + 1, "similarity": _pct(rep.similarity)},
                    evidence={"paragraph": rep.paragraph + 1, "repeats_paragraph": rep.first + 1, "first_start": rep.first_start, "similarity": rep.similarity},
                )
            )
        return out

    def _copies(self, article: Article, ctx: CheckContext, inline: list[Article], enabled: frozenset[str]) -> list[Hit]:
        from ..syndication.reference import find_copies, in_memory_index

        toks = self._tokens(article, ctx)
        found = []
        if self.config.reference:
            index = open_reference(self.config.reference)
            with self._lock:
                found.extend(find_copies(index, article, tokens=toks, date_window_days=self.date_window))
        if inline:
            scratch = in_memory_index(inline)
            try:
                found.extend(find_copies(scratch, article, tokens=toks, date_window_days=self.date_window, exclude_self=False, every_document=True))
            finally:
                scratch.close()
        found.sort(key=lambda r: (-r.match.share_a, -r.match.matched))
        best = max((r.match.share_a for r in found), default=0.0)
        ctx.scores["syndication"] = round(min(1.0, best), 3)
        reported = [r for r in found if r.match.share_a >= self.min_share or r.match.share_b >= self.min_source_share]
        from ..syndication.index import source_offsets

        hits: list[Hit] = []
        reworded: set[tuple[int, int]] = set()  # a span swapped against two sources is reported once
        retitled: set[tuple[int, int]] = set()  # the same for the headline
        sources = reported[: self.max_sources]
        for ref in sources:
            # the source's text and token offsets, once for both rules (None: an index without stored text)
            source_text = ref.doc.text() if ref.doc.body else None
            offsets = source_offsets(source_text) if source_text else ([], [])
            if COPY_RULE in enabled:
                hits.append(self._copy_hit(article, toks, ref, source_text, offsets))
            if REWORD_RULE in enabled:
                described = ref.doc.describe()
                if source_text:
                    hits.extend(self._reworded(article, toks, ref, source_text, offsets, described, reworded))
                if ref.doc.title:
                    hits.extend(reworded_title(article, ref.doc.title, ref.match.kind, described, retitled))
        if REWORD_RULE in enabled and inline:
            # a source the record names itself is taken at its word: a short copy spun too heavily to pass the
            # copy thresholds (its shingles are broken) is still aligned whole, if enough of its words line up
            linked = {ref.doc.ext_id for ref in sources}
            for source in inline:
                if source.id not in linked:
                    described = _describe_inline(source)
                    hits.extend(reworded_whole(article.text, toks.starts, toks.ends, source.text, "reworded", described, reworded))
                    if source.title:
                        hits.extend(reworded_title(article, source.title, "reworded", described, retitled))
        return hits

    def _reworded(self, article: Article, toks: Any, ref: Any, source_text: str, offsets: tuple[list[int], list[int]], source: dict[str, Any], seen: set[tuple[int, int]]) -> list[Hit]:
        """QC204 against an indexed or inline source, inside the passages the copy match aligned."""
        spans = [(p.a_start, p.a_end, p.b_start, p.b_end) for p in ref.match.passages]
        return reworded_hits(article.text, toks.starts, toks.ends, source_text, offsets[0], offsets[1], spans, ref.match.kind, _short_label(source), source, seen)

    def _copy_hit(self, article: Article, toks: Any, ref: Any, source_text: Optional[str], offsets: tuple[list[int], list[int]]) -> Hit:
        match, doc = ref.match, ref.doc
        src_starts, src_ends = offsets
        passages = sorted(match.passages, key=lambda p: -(p.a_end - p.a_start))
        evidence_passages = []
        for p in passages[: self.max_passages]:
            start, end = toks.starts[p.a_start], toks.ends[p.a_end - 1]
            item: dict[str, Any] = {"start": start, "end": end, "text": _snippet(article.text[start:end]), "matched_tokens": p.matched, "identical": round(p.density, 3)}
            if source_text and p.b_end <= len(src_starts):
                s, e = src_starts[p.b_start], src_ends[p.b_end - 1]
                item.update(source_start=s, source_end=e, source_text=_snippet(source_text[s:e]))
            evidence_passages.append(item)
        first = passages[0]
        start, end = toks.starts[first.a_start], toks.ends[first.a_end - 1]
        name = doc.credit or doc.site
        credit, severity = credit_for(article, name)
        source = doc.describe()
        label = _source_label(source)
        if credit is None:
            credit_note = f"no credit to {name}" if name else "source not credited"
        elif credit.kind == "syndication-note":
            credit_note = f"only a generic credit ({credit.text.strip()[:60]}), {name} not named"
        else:
            credit_note = f"credited ({credit.text.strip()[:60]})"
        return Hit(
            COPY_RULE,
            "body",
            start,
            end,
            params={"share": _pct(match.share_a), "source": label, "kind": match.kind, "credit": credit_note},
            evidence={
                "source": source,
                "kind": match.kind,
                "share": round(match.share_a, 3),
                "source_share": round(match.share_b, 3),
                "containment": round(match.containment, 3),
                "identical": round(match.density, 3),
                "skeleton": round(match.skeleton, 3),
                "credited": credit is not None,
                "credit": None if credit is None else {"kind": credit.kind, "text": credit.text, "field": credit.field, "start": credit.start, "end": credit.end},
                "passages": evidence_passages,
            },
            severity=severity,
        )

_SIGNATURE = "syndication.signature"


class SyndicationBatchDetector:
    """QC203: near-duplicate clusters inside the checked batch. A class of its own, so that the engine (and the
    per-file result cache) sees a batch detector only when QC203 is switched on."""

    def __init__(self, rules: Sequence[Rule], config: Config) -> None:
        self.date_window = SyndicationDetector(rules, config).date_window

    def check(self, article: Article, ctx: CheckContext, enabled: frozenset[str]) -> Iterable[Hit]:
        # the signature is per-article work: do it here (in parallel workers when there are many files) and keep it
        # for the batch pass, which then only groups and verifies
        if BATCH_RULE in enabled and article.body and article.text.strip():
            ctx.keep[_SIGNATURE] = self._signature(article, ctx)
        return []

    _tokens = SyndicationDetector._tokens

    def _signature(self, article: Article, ctx: CheckContext) -> dict:
        from ..syndication.signature import signature

        sig = signature(article, tokens=self._tokens(article, ctx))
        sig["language"] = ctx.language or article.language
        return sig

    def check_batch(self, items: Sequence[tuple[Article, CheckContext]], enabled: frozenset[str]) -> Iterable[tuple[int, Hit]]:
        if BATCH_RULE not in enabled or len(items) < 2:
            return []
        from ..syndication.cluster import cluster as find_clusters

        indexes = [i for i, (a, _) in enumerate(items) if a.body and a.text.strip()]
        sigs = []
        for i in indexes:
            article, ctx = items[i]
            kept = ctx.keep.get(_SIGNATURE)
            sigs.append(dict(kept) if kept is not None else self._signature(article, ctx))
        out: list[tuple[int, Hit]] = []
        for group in find_clusters(sigs, date_window_days=self.date_window):
            # credit scanning is slow-ish: only for cluster members, to pick the likely original
            for k in group.members:
                sigs[k]["credits_wire"] = credits_a_wire(items[indexes[k]][0])
            group.reorder(sigs)
            for member in group.members:
                out.extend(self._batch_hit(items, indexes, group, member))
        return out

    def _batch_hit(self, items: Sequence[tuple[Article, CheckContext]], indexes: list[int], group: Any, member: int) -> list[tuple[int, Hit]]:
        from ..syndication.build import source_name

        link = group.best_link(member)
        if link is None:
            return []
        other, match, is_a = link
        article, ctx = items[indexes[member]]
        toks = self._tokens(article, ctx)
        passages = match.passages
        spans = [(p.a_start, p.a_end) if is_a else (p.b_start, p.b_end) for p in passages]
        s0, e0 = max(spans, key=lambda se: se[1] - se[0])
        start, end = toks.starts[s0], toks.ends[e0 - 1]
        share = match.share_a if is_a else match.share_b
        original = group.original
        others = [_batch_label(items[indexes[k]][0]) for k in group.members if k != member]
        orig_article = items[indexes[original]][0]
        ctx.scores["syndication"] = max(ctx.scores.get("syndication", 0.0), round(min(1.0, share), 3))
        severity: Optional[Severity] = None
        credit = None
        if member == original:
            severity = Severity.INFO
            message = f"{len(others)} other article(s) in this batch copy this one ({'; '.join(others[:5])}); this is the likely original (credits the wire, or earliest)."
        else:
            name = source_name(orig_article)
            credit, severity = credit_for(article, name)
            copies = [_batch_label(items[indexes[k]][0]) for k in group.members if k not in (member, original)]
            if other == original:
                message = f"{_pct(share)}% of this body duplicates {_batch_label(orig_article)}, the likely original in this batch ({match.kind} copy)"
            else:
                message = f"{_pct(share)}% of this body duplicates {_batch_label(items[indexes[other]][0])} ({match.kind} copy); likely original in this batch: {_batch_label(orig_article)}"
            if copies:
                message += f"; {len(copies)} more cop{'y' if len(copies) == 1 else 'ies'}: {'; '.join(copies[:4])}"
            message += "; credited." if credit else "."
        evidence = {
            "cluster": [_batch_ref(items[indexes[k]][0]) for k in group.members],
            "original": _batch_ref(orig_article),
            "is_original": member == original,
            "matched_with": _batch_ref(items[indexes[other]][0]),
            "kind": match.kind,
            "share": round(share, 3),
            "identical": round(match.density, 3),
            "credited": credit is not None,
            "credit": None if credit is None else {"kind": credit.kind, "text": credit.text},
        }
        hit = Hit(BATCH_RULE, "body", start, end, message=message, params={"share": _pct(share), "kind": match.kind}, evidence=evidence, severity=severity)
        out = [(indexes[member], hit)]
        if member != original:
            # QC204 against the article this one was matched with (the engine drops them when QC204 is off)
            other_article, other_ctx = items[indexes[other]]
            other_toks = self._tokens(other_article, other_ctx)
            spans = [(p.a_start, p.a_end, p.b_start, p.b_end) if is_a else (p.b_start, p.b_end, p.a_start, p.a_end) for p in passages]
            reworded = reworded_hits(
                article.text, toks.starts, toks.ends, other_article.text, other_toks.starts, other_toks.ends, spans, match.kind, _short_label(_batch_ref(other_article)), _batch_ref(other_article), set()
            )
            if other_article.title:
                reworded += reworded_title(article, other_article.title, match.kind, _batch_ref(other_article), set())
            out.extend((indexes[member], h) for h in reworded)
        return out


def reworded_hits(
    text: str,
    starts: Sequence[int],
    ends: Sequence[int],
    source_text: str,
    src_starts: Sequence[int],
    src_ends: Sequence[int],
    passages: Sequence[tuple[int, int, int, int]],
    kind: str,
    label: str,
    source: dict[str, Any],
    seen: set[tuple[int, int]],
    field: str = "body",
) -> list[Hit]:
    """QC204: the word swaps inside the aligned passages (token ranges ``a_start, a_end, b_start, b_end`` into the
    copy's and the source's syndication tokens), each with the source's wording. ``seen`` spans are skipped.
    ``text`` is the copy's ``field`` (the body, or the title aligned with the source's title)."""
    subs, words = [], 0
    ordered = sorted((p for p in passages if p[1] <= len(starts) and p[3] <= len(src_starts)), key=lambda p: p[0])
    for n, (a_start, a_end, b_start, b_end) in enumerate(ordered):
        # a passage starts and ends on matched tokens: widen it by a few tokens on both sides (not into its
        # neighbours) so that a swap at its edge ("The [harbor] board voted") is aligned too
        a_lo = max(a_start - EDGE_TOKENS, ordered[n - 1][1] if n else 0)
        a_hi = min(a_end + EDGE_TOKENS, ordered[n + 1][0] if n + 1 < len(ordered) else len(starts))
        b_lo = max(b_start - EDGE_TOKENS, ordered[n - 1][3] if n else 0)
        b_hi = min(b_end + EDGE_TOKENS, len(src_starts))
        if a_lo >= a_hi or b_lo >= b_hi:
            continue
        start, end = starts[a_lo], ends[a_hi - 1]
        words += len(text[start:end].split())
        subs.extend(reworded_spans(text, start, end, source_text, src_starts[b_lo], src_ends[b_hi - 1]))
    swapped = sum(len(sub.spun.split()) for sub in subs)
    # many swaps are the spinning itself; a few in a lightly edited copy may be house style ("Zelenskiy")
    severity = None if kind == "spun" or swapped >= SPUN_SWAP_SHARE * max(1, words) else Severity.INFO
    out = []
    for sub in subs:
        if (sub.spun_start, sub.spun_end) in seen:
            continue
        seen.add((sub.spun_start, sub.spun_end))
        evidence = {"source": source, "copy_kind": kind, "source_start": sub.original_start, "source_end": sub.original_end, "swapped_words": swapped, "copied_words": words}
        out.append(Hit(REWORD_RULE, field, sub.spun_start, sub.spun_end, params={"source": label}, suggestion=sub.original, evidence=evidence, severity=severity))
    return out


#: in a headline, a swap of at most this many words a side is shown (see reworded_title)
TITLE_MAX_WORDS = 2


def reworded_whole(text: str, starts: Sequence[int], ends: Sequence[int], source_text: str, kind: str, source: dict[str, Any],
                   seen: set[tuple[int, int]], field: str = "body") -> list[Hit]:
    """QC204 with no copy passage to go by: ``text`` (tokens ``starts``/``ends``) aligned whole with
    ``source_text``, when the two line up (:func:`whole_alignment_holds`)."""
    from ..syndication.index import source_offsets

    src_starts, src_ends = source_offsets(source_text)
    if not whole_alignment_holds(text, starts, ends, source_text, src_starts, src_ends):
        return []
    passage = [(0, len(starts), 0, len(src_starts))]
    return reworded_hits(text, starts, ends, source_text, src_starts, src_ends, passage, kind, _short_label(source), source, seen, field)


def reworded_title(article: Article, source_title: str, kind: str, source: dict[str, Any], seen: set[tuple[int, int]]) -> list[Hit]:
    """QC204 on the headline: a copy's title aligned whole with its source's title, when they line up (the
    spinner rewrites headlines too: "Center East disaster reside" for "Middle East crisis live")."""
    from ..syndication.index import source_offsets

    title = article.title
    if not title or not source_title:
        return []
    starts, ends = source_offsets(title)
    hits = reworded_whole(title, starts, ends, source_title, kind, source, seen, field="title")
    # a re-headlined copy is ordinary desk work: only word swaps are shown, not rewritten phrases ("shut river
    # crossing" where the source's headline says "close")
    return [h for h in hits if len(title[h.start : h.end].split()) <= TITLE_MAX_WORDS and len((h.suggestion or "").split()) <= TITLE_MAX_WORDS]


def _describe_inline(source: Article) -> dict[str, Any]:
    """A named reference described as its in-memory index document is (``IndexedDoc.describe``: the credit is
    whom a copy should credit, :func:`~qualitycheck.syndication.build.source_name`), for messages and evidence."""
    from ..syndication.build import source_name

    return {k: v for k, v in (("id", source.id), ("title", source.title), ("url", source.url), ("site", source.site),
                              ("date", source.date), ("credit", source_name(source))) if v}


#: a named source is aligned whole when this share of the copy's tokens lines up with it in order (difflib);
#: measured on the dev pairs: spun copies of their original 0.44-1.0 (a few paraphrases lower), a copy against
#: another story's text or a clean item on the same topic at most ~0.40
WHOLE_MIN_SHARE = 0.45
#: ... and at least this many tokens, one of them a content word (a headline's "to a new" is no alignment)
WHOLE_MIN_TOKENS = 4
#: longer texts than this (tokens) are left to the copy search: difflib is quadratic in the worst case
WHOLE_MAX_TOKENS = 4000


def whole_alignment_holds(text: str, starts: Sequence[int], ends: Sequence[int], source_text: str,
                          src_starts: Sequence[int], src_ends: Sequence[int]) -> bool:
    """Whether a copy and the source it names line up well enough to be read word by word (see WHOLE_MIN_SHARE)."""
    from difflib import SequenceMatcher

    from ..syndication.tokens import STOPWORDS

    if not starts or not src_starts or max(len(starts), len(src_starts)) > WHOLE_MAX_TOKENS:
        return False
    a = [text[s:e].lower() for s, e in zip(starts, ends)]
    b = [source_text[s:e].lower() for s, e in zip(src_starts, src_ends)]
    blocks = SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks()
    matched = sum(bl.size for bl in blocks)
    content = any(w not in STOPWORDS for bl in blocks for w in a[bl.a : bl.a + bl.size])
    return matched >= WHOLE_MIN_TOKENS and content and matched >= WHOLE_MIN_SHARE * len(a)


@lru_cache(maxsize=1)
def _known_spins() -> frozenset[tuple[str, str]]:
    """(spun, original) pairs of the spin lexicon: they keep a multi-word swap whole ("the place" for "where")."""
    from ..spin.lexicon import get_lexicon, norm

    return frozenset((norm(e.spun), norm(e.original)) for e in get_lexicon().entries)


def reworded_spans(text: str, start: int, end: int, source_text: str, source_start: int, source_end: int) -> list[Any]:
    """Word swaps between ``text[start:end]`` and the aligned ``source_text[source_start:source_end]``, with offsets
    in the full texts (:class:`~qualitycheck.spin.learn.AlignedSubstitution`)."""
    from dataclasses import replace

    from ..spin.learn import aligned_substitutions

    return [
        replace(sub, spun_start=sub.spun_start + start, spun_end=sub.spun_end + start, original_start=sub.original_start + source_start, original_end=sub.original_end + source_start)
        for sub in aligned_substitutions(source_text[source_start:source_end], text[start:end], known=_known_spins(), anchored=True)
    ]


def _short_label(source: dict[str, Any]) -> str:
    """The source as a QC204 message names it, once per swapped word: its credit, else title, else id or URL
    (the full description is in the evidence and in the QC201 finding)."""
    label = str(source.get("credit") or source.get("title") or source.get("id") or source.get("url") or "the source")
    return label if len(label) <= 60 else label[:59].rstrip() + "…"


def _source_label(source: dict[str, Any]) -> str:
    parts = []
    if source.get("credit"):
        parts.append(str(source["credit"]))
    if source.get("title"):
        parts.append(f"'{source['title']}'")
    elif source.get("id"):
        parts.append(str(source["id"]))
    extra = ", ".join(str(source[k]) for k in ("url", "date") if source.get(k))
    label = " ".join(parts) or str(source.get("url") or "an indexed article")
    return f"{label} ({extra})" if extra else label


def _batch_ref(article: Article) -> dict[str, Any]:
    ref = {"id": article.id, "title": article.title or None, "url": article.url, "date": article.date, "source": article.source.label()}
    return {k: v for k, v in ref.items() if v}


def _batch_label(article: Article) -> str:
    """Short name of a batch member: its id (a file's base name when the id is a path) and title."""
    ident = article.id
    if ("/" in ident or "\\" in ident) and article.source.path and ident.startswith(article.source.path):
        ident = os.path.basename(ident)
    return ident + (f" '{article.title}'" if article.title and article.title != article.id else "")


def _inline_references(article: Article) -> list[Article]:
    """Reference texts carried by the article itself: ``metadata.reference`` = {text, title, url, date, credit}.

    Lets a CMS or the web page say "compare with this wire story" without building an index.
    """
    raw = article.metadata.get("reference") if article.metadata else None
    if not raw:
        return []
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for n, item in enumerate(items):
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        ref = Article(
            id=str(item.get("id") or f"reference-{n + 1}"),
            title=str(item.get("title") or ""),
            url=item.get("url"),
            site=item.get("site") or item.get("credit"),
            date=item.get("date"),
            body=[p for p in item["text"].split("\n\n") if p.strip()],
            language=article.language,
        )
        if item.get("credit"):
            ref.metadata["credit"] = item["credit"]
        out.append(ref)
    return out
