"""Paragraphs repeated inside one article (a scraper pasting the lede twice, a CMS duplicating a block)."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel

from ..model import Article
from .tokens import words as split_words

#: short repeated lines ("Advertisement", "Read more", a repeated pull quote) are normal page furniture
MIN_WORDS = 20
NEAR_SIMILARITY = 0.9


@dataclass
class Repeat:
    paragraph: int  # 0-based index of the repeat
    first: int  # 0-based index of the earlier copy
    start: int
    end: int
    first_start: int
    similarity: float


def repeated_paragraphs(article: Article, min_words: int = MIN_WORDS) -> list[Repeat]:
    """Paragraphs of at least ``min_words`` words that repeat an earlier paragraph (exactly or >= 90% alike)."""
    if len(article.body) < 2:
        return []
    exact: dict[str, int] = {}
    by_edge: dict[str, list[int]] = {}
    words_of: dict[int, list[str]] = {}
    spans = list(article.paragraph_spans())
    out: list[Repeat] = []
    for i, start, end in spans:
        words = split_words(article.body[i])
        if len(words) < min_words:
            continue
        key = " ".join(words)
        first = exact.get(key)
        similarity = 1.0
        if first is None:
            # near repeats share an opening or a closing: compare only within those small groups
            for edge in (" ".join(words[:5]), "$" + " ".join(words[-5:])):
                for j in by_edge.get(edge, ()):
                    sim = Indel.normalized_similarity(words, words_of[j])
                    if sim >= NEAR_SIMILARITY:
                        first, similarity = j, sim
                        break
                if first is not None:
                    break
        if first is not None:
            para = article.body[i]
            lead = len(para) - len(para.lstrip())
            out.append(Repeat(i, first, start + lead, start + len(para.rstrip()), spans[first][1], round(similarity, 3)))
            continue
        exact[key] = i
        words_of[i] = words
        by_edge.setdefault(" ".join(words[:5]), []).append(i)
        by_edge.setdefault("$" + " ".join(words[-5:]), []).append(i)
    return out
