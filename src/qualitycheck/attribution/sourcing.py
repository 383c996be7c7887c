"""Sourcing inside the text: quotes without a speaker, weasel attribution, statistics without a source.

All offline and rule-based (cue verbs and speaker patterns after Quootstrap's ``"Q", said S`` seeds and BBC
Citron's cue -> source -> content design; weasel phrases after Wikipedia MOS:WEASEL; see research/attribution.md
§1.4-1.6). Each finder returns spans plus the sentence window it judged, so a finding can quote its evidence.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from ..engine.matchers import quoted_ranges

CUE_WORDS = (
    "said", "says", "say", "told", "tells", "tell", "added", "adds", "wrote", "writes", "write", "posted", "posts",
    "stated", "states", "asked", "asks", "replied", "replies", "explained", "explains", "noted", "notes", "insisted",
    "insists", "argued", "argues", "warned", "warns", "tweeted", "tweets", "declared", "declares", "announced",
    "announces", "recalled", "recalls", "acknowledged", "acknowledges", "admitted", "admits", "claimed", "claims",
    "continued", "continues", "concluded", "responded", "responds", "urged", "urges", "pledged", "pledges", "vowed",
    "vows", "described", "describes", "called", "calls", "quoted", "quoting", "cited", "citing", "reads", "read",
    "testified", "shouted", "joked", "conceded", "suggested", "suggests", "stressed", "stresses", "emphasised",
    "emphasized", "complained", "remarked", "commented", "observed", "promised", "predicted", "predicts", "accused",
    "denied", "denies", "insisting", "saying", "telling", "adding", "writing", "arguing", "warning", "statement",
    "according", "spokesman", "spokeswoman", "spokesperson", "interview", "wondered", "sang", "chanted", "yelled",
    "recounted", "boasted", "lamented", "added:", "put it", "texted", "messaged", "emailed", "captioned", "labelled",
    "labeled", "dubbed", "headlined", "titled", "entitled", "slogan", "motto",
)
CUE_SET = frozenset(w for w in CUE_WORDS if " " not in w and ":" not in w)


def has_cue(text: str) -> bool:
    """Does ``text`` contain a speech/attribution cue word? (a set lookup: far cheaper than a 130-way regex)"""
    return not CUE_SET.isdisjoint(_WORD_RE.findall(text.lower()))
#: a quote introduced as a name or title, not as speech
_TITLE_CUE = re.compile(r"\b(?:titled|entitled|called|named|headlined|dubbed|book|film|movie|song|album|show|series|play|poem|slogan|motto|hashtag|campaign|phrase|words|term|sign|signs|banner|placards?|reading|reads|read|label|labelled|labeled|marked|known as)\s*,?\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[“\"‘A-Z0-9(])")
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (a paragraph), as absolute offsets."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _is_title_case(text: str) -> bool:
    words = [w for w in _words(text) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


@dataclass
class QuoteIssue:
    start: int
    end: int
    words: int
    window: tuple[int, int]


def quotes_without_speaker(
    text: str,
    paragraphs: Iterable[tuple[int, int, int]],
    min_words: int = 5,
    cue_positions: Optional[list[int]] = None,
    quotes: Optional[list[tuple[int, int]]] = None,
) -> Iterator[QuoteIssue]:
    """Quoted spans of ``min_words``+ words with no cue word in the same or an adjacent sentence.

    Guards: scare quotes and short titles (< min_words); titles introduced as names ("a book titled ..."),
    Title-Case quotes; continuation paragraphs (a paragraph that opens with a quote right after a paragraph
    that attributes one, AP style); quotes inside a sentence that already has a cue ("the report said").
    ``cue_positions`` (sorted start offsets of cue words) and ``quotes`` (quoted ranges of ``text``) may come from
    the engine's per-article token cache; they are computed here otherwise.
    """
    if quotes is None:
        quotes = quoted_ranges(text)
    positions = cue_positions
    para_cues: dict[int, list[int]] = {}  # paragraph start -> cue offsets, built on first use

    def cue_in(lo: int, hi: int) -> bool:
        found = positions
        if found is None:  # no token cache: index the cue words of the paragraph(s) this window touches
            found = []
            for pstart_, pend_ in para_bounds:
                if pstart_ < hi and lo < pend_ + 2:
                    if pstart_ not in para_cues:
                        chunk = text[pstart_:pend_].lower()
                        para_cues[pstart_] = [pstart_ + m.start() for m in _WORD_RE.finditer(chunk) if m.group(0) in CUE_SET]
                    found.extend(para_cues[pstart_])
        i = bisect_left(found, lo)
        return i < len(found) and found[i] < hi

    paragraphs = list(paragraphs)
    para_bounds = [(a, b) for _, a, b in paragraphs]
    # the paragraph after the last one, for "attributed in the next paragraph"
    # does the previous paragraph attribute a quote? A (start, end) span means "not asked yet": indexing a
    # paragraph's cue words is the costly part, and the answer only matters when this paragraph opens with a quote
    prev_attributed: "bool | tuple[int, int]" = False
    qi = 0
    for _, pstart, pend in paragraphs:
        while qi < len(quotes) and quotes[qi][0] < pstart:
            qi += 1
        para_quotes = []
        while qi < len(quotes) and quotes[qi][1] <= pend:
            para_quotes.append(quotes[qi])
            qi += 1
        if not para_quotes:
            # only needed when the next paragraph opens with a quote
            prev_attributed = qi < len(quotes) and quotes[qi][0] <= pend + 3 and cue_in(pstart, pend)
            continue
        sentences: Optional[list[tuple[int, int]]] = None  # split on the first quote that needs them
        opens_with_quote = text[pstart : pstart + 1] in ('"', "“")
        for qs, qe in para_quotes:
            inner = text[qs + 1 : qe - 1]
            n = len(_words(inner))
            if n < min_words or _is_title_case(inner):
                continue
            if _TITLE_CUE.search(text, max(pstart, qs - 40), qs):
                continue
            if opens_with_quote and qs == pstart and (cue_in(*prev_attributed) if isinstance(prev_attributed, tuple) else prev_attributed):
                continue
            # the sentence holding the quote start, plus its neighbours
            if sentences is None:
                sentences = sentence_spans(text, pstart, pend)
            idx = next((i for i, (a, b) in enumerate(sentences) if a <= qs < b + 2), 0)
            lo = sentences[max(0, idx - 1)][0]
            hi = max(sentences[min(len(sentences) - 1, idx + 1)][1], qe)
            if cue_in(lo, qs) or cue_in(qe, hi):
                continue
            # a quote that ends the paragraph may be attributed in the next one: "... ," (next: "she said")
            if idx == len(sentences) - 1 and pend + 2 < len(text):
                nxt = text[pend + 2 : pend + 2 + 160].split(".")[0]
                if cue_in(pend + 2, pend + 2 + len(nxt)):
                    continue
            yield QuoteIssue(qs, qe, n, (lo, hi))
        prev_attributed = (pstart, pend)


#: a named source: two capitalised words not at the sentence start, an acronym, a link, "published in", or a
#: cue verb next to a role noun or a capitalised name
_NAMED = re.compile(
    r"\b(?:[A-Z][a-z'’]+|[A-Z]{2,})(?:\s+(?:of|for|the|and|de|&)?\s*(?:[A-Z][a-z'’]+|[A-Z]{2,}))+"
    r"|\b[A-Z]{3,}\b|https?://|\bwww\.|\bpublished (?:in|by)\b|\baccording to (?:the )?[A-Z]"
)


def has_named_source(window: str) -> bool:
    for m in _NAMED.finditer(window):
        found = m.group(0)
        if found.split()[0] in ("The", "A", "An", "In", "On", "But", "And", "It", "This", "That", "They", "He", "She", "We", "Some", "Many", "Most", "Experts", "Studies", "Critics", "Analysts", "Sources", "Officials", "Reports", "Research"):
            rest = found.split()[1:]
            if not rest or not any(w[:1].isupper() for w in rest):
                continue
        return True
    return False


@dataclass
class SourcingHit:
    start: int
    end: int
    phrase: str
    window: tuple[int, int]


def find_unsourced(text: str, matches: list[re.Match], paragraphs: Iterable[tuple[int, int, int]], lookahead_sentences: int = 1, lookbehind_sentences: int = 0) -> Iterator[SourcingHit]:
    """Those phrase ``matches`` (offsets into ``text``, in order) inside ``paragraphs`` whose own sentence, plus
    neighbours, names no source."""
    if not matches:
        return
    for _, pstart, pend in paragraphs:
        sentences: Optional[list[tuple[int, int]]] = None
        for m in matches:
            if m.start() < pstart or m.end() > pend:
                continue
            if sentences is None:
                sentences = sentence_spans(text, pstart, pend)
            idx = next((i for i, (a, b) in enumerate(sentences) if a <= m.start() < b + 2), 0)
            lo = sentences[max(0, idx - lookbehind_sentences)][0]
            hi = sentences[min(len(sentences) - 1, idx + lookahead_sentences)][1]
            window = text[lo : m.start()] + text[m.end() : hi]
            if has_named_source(window):
                continue
            yield SourcingHit(m.start(), m.end(), text[m.start() : m.end()], (lo, hi))
