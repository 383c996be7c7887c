"""Does the headline belong to the body? Content-word overlap between headline and lede.

A headline written for another story (seen on aggregators: a "UN watchdog ... Iran's nuclear program" headline over
an AP story about Albania) shares almost no content words with the first paragraphs. Words are compared by a crude
stem (first five letters) so "approves" meets "approved"; numbers count as words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here hers
    him his how i if in into is it its itself just me more most my new no nor not now of off on once only or other our
    out over own same she should so some such than that the their them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your says said say
    after amid over despite how why what who year years day days week weeks time times first last one two three four
    five six seven eight nine ten first second report reports news live update updates latest video photos watch get
    gets got make makes made take takes took back still may might could just like""".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w[:5] if not w.isdigit() else w


def _has_word_prefix(text: str, prefix: str) -> bool:
    """Does a word of ``text`` start with ``prefix`` (a whole number, for digits)? str.find beats a regex here."""
    pos = text.find(prefix)
    while pos != -1:
        end = pos + len(prefix)
        if (pos == 0 or not text[pos - 1].isalnum()) and not (prefix.isdigit() and end < len(text) and text[end].isdigit()):
            return True
        pos = text.find(prefix, pos + 1)
    return False


@dataclass
class HeadlineOverlap:
    headline_words: list[str]
    shared: list[str]
    overlap: float  # share of headline content words found in the lede window
    overlap_body: float  # ... in the whole body
    lede_words: int
    lede_text: str


def headline_overlap(title: str, body: list[str], lede_index: int = 0, window_words: int = 120, lowered_body: Optional[str] = None) -> Optional[HeadlineOverlap]:
    """Overlap of ``title`` with the first paragraphs (at least ``window_words`` words) and with the whole body.

    Each headline stem is looked up as a word prefix in the lowercased text (a handful of searches), rather than
    stemming every body word: the body can be long, the headline never is."""
    head_tokens = [t for t in _TOKEN.findall(title) if (len(t) >= 3 or t.isdigit()) and t.lower() not in STOPWORDS]
    head = {stem(t): t for t in head_tokens}
    if not head:
        return None
    window: list[str] = []
    count = 0
    for para in body[lede_index:]:
        window.append(para)
        count += para.count(" ") + 1
        if count >= window_words:
            break
    lede_text = "\n".join(window)
    lede_low = lede_text.lower()
    full_low = lowered_body if lowered_body is not None else "\n\n".join(body).lower()
    if "’" in full_low:
        lede_low, full_low = lede_low.replace("’", "'"), full_low.replace("’", "'")
    shared = [w for s, w in head.items() if _has_word_prefix(lede_low, s)]
    in_body = sum(1 for s in head if _has_word_prefix(full_low, s))
    return HeadlineOverlap(list(head.values()), shared, len(shared) / len(head), in_body / len(head), count, lede_text[:300])


def similarity(title: str, lede_text: str) -> float:
    """rapidfuzz token-set similarity (0-100) of headline and lede, for the evidence of a reported mismatch."""
    from rapidfuzz import fuzz

    return float(fuzz.token_set_ratio(title.lower(), lede_text.lower()))
