"""Score text units for spin and decide which lexicon matches to report.

A *unit* is a headline, sentence, paragraph or article. Each gets a calibrated probability from the lexicon
evidence inside it (:mod:`.classifier`). A lexicon match is reported when it is strong on its own (its spun form
is rare in clean news while its original is common), or when it is weaker but sits in a unit that is spun as a
whole -- which is how ordinary words like "stated" or "division" become evidence only in spun company.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

from .artefacts import Artefacts, get_artefacts
from .thesaurus import ThesaurusTable, get_thesaurus
from .classifier import SpinModels, get_model
from .features import STRONG_LLR, WEAK_LLR, UnitEvidence, count_words, sentence_spans
from .collocations import CollocationTable, get_table
from .lexicon import Entry, Lexicon, Match, Token, get_lexicon, tokenize

#: texts up to this long (in characters) always get the thesaurus check (headlines, sentences)
_SHORT_CHARS = 360
_SENTENCE_END = frozenset('.!?:;"“”‘’()[]—–-')
_QUOTES = {'"': '"', "“": "”"}
#: weight of a reverse-spin collocation hit: scripts/measure_spin_collocations.py measured LLR 1.70 (1.3 hits per
#: 1k clean words vs 7.0 in thesaurus-spun text, same thesaurus: an upper bound), so 1.5 is used
COLLOC_LLR = 1.5
#: in a spun article, weak matches are shown only in paragraphs scoring at least this on their own
PARAGRAPH_FLOOR = 0.1
#: a lexicon match that is telling on its own is still not shown when the unit it is judged in (the article, for a
#: checked article) scores under this: one unusual phrase in an article with no other sign of spinning is more
#: likely a writer's or a wire's own English ("the financial system", "not less than", "intervene in" in 1987
#: Reuters copy, which the counts had not seen when it was left out of them) than a spinner that touched one
#: spot. The near-unambiguous fingerprints (spun-phrases.tsv), name spins and artefacts are exempt.
LONE_SPAN_FLOOR = 0.1
#: weight kept by a lexicon match inside double quotes
QUOTE_FACTOR = 0.5


@dataclass
class SpanHit:
    start: int  # offsets in the scored text
    end: int
    match: Match
    text: str
    suggestion: str
    reason: str  # "strong" | "context"
    unit_probability: float


@dataclass
class SentenceScore:
    start: int
    end: int
    probability: float
    matches: list[Match]


@dataclass
class TextScore:
    """The result of scoring one text (a title or a paragraph, or any string)."""

    text: str
    probability: float
    words: int
    matches: list[Match]
    sentences: list[SentenceScore] = field(default_factory=list)
    #: the matches before the originals kept in this text were taken off, the kept counts (None: not counted,
    #: the text has no match) and the tokens to count them from (for :meth:`SpinScorer.combined_probability`)
    raw_matches: list[Match] = field(default_factory=list)
    kept: Optional[dict[tuple[str, ...], int]] = None
    tokens: list[Token] = field(default_factory=list, repr=False)

    @property
    def evidence(self) -> UnitEvidence:
        return UnitEvidence(self.words, self.matches)


def match_case(suggestion: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def _title_case(toks: list[Token]) -> bool:
    words = [t for t in toks if t.is_word and t.text[:1].isalpha()]
    if len(words) < 3:
        return False
    return sum(1 for t in words if t.text[:1].isupper()) / len(words) > 0.6


def _quoted(text: str) -> list[tuple[int, int]]:
    out, i = [], 0
    while i < len(text):
        close = _QUOTES.get(text[i])
        if close:
            j = text.find(close, i + 1)
            if j != -1:
                out.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return out


class SpinScorer:
    def __init__(self, lexicon: Optional[Lexicon] = None, model: Optional[SpinModels] = None,
                 collocations: "Optional[CollocationTable] | bool" = True, artefacts: "Optional[Artefacts] | bool" = True,
                 thesaurus: "Optional[ThesaurusTable] | bool" = True) -> None:
        self.lexicon = lexicon or get_lexicon()
        self.model = model or get_model()
        self.collocations = get_table() if collocations is True else (collocations or None)
        self.artefacts = get_artefacts() if artefacts is True else (artefacts or None)
        self.thesaurus = get_thesaurus() if thesaurus is True else (thesaurus or None)

    # -- matching -------------------------------------------------------------------------------------------
    def matches(self, text: str, toks: Optional[list[Token]] = None) -> list[Match]:
        toks = toks if toks is not None else tokenize(text)
        found = self.lexicon.find(toks, text)
        titled: Optional[bool] = None
        kept = []
        for m in found:
            first = toks[m.tok_start]
            if m.entry.source != "names" and m.span_tokens == 1 and first.text[:1].isupper() and m.tok_start > 0:
                if titled is None:
                    titled = _title_case(toks)
                if titled:
                    kept.append(m)
                    continue
                prev = toks[m.tok_start - 1]
                # a capitalised word mid-sentence is usually part of a name ("Information Commissioner")
                if prev.is_word or prev.text not in _SENTENCE_END:
                    continue
            kept.append(m)
        # the thesaurus check is weak evidence: run it on short units (headlines, sentences) and on longer text
        # that already shows lexicon evidence, not on every clean paragraph (it was a third of the cost)
        if self.collocations is not None and (kept or len(text) <= _SHORT_CHARS):
            covered = {i for m in kept for i in range(m.tok_start, m.tok_end)}
            for hit in self.collocations.find(toks, covered):
                tok = toks[hit.index]
                entry = Entry(hit.spun, hit.original, "", "colloc", note=f"collocation gain {hit.gain}")
                kept.append(Match(tok.start, tok.end, hit.index, hit.index + 1, entry, COLLOC_LLR))
            kept.sort(key=lambda m: m.start)
        if self.thesaurus is not None:
            found_rare = self._thesaurus_matches(toks, kept)
            if found_rare:
                kept = sorted(kept + found_rare, key=lambda m: m.start)
        if self.artefacts is not None:
            found_artefacts = self._artefact_matches(text, toks, kept)
            if found_artefacts:
                kept = sorted(kept + found_artefacts, key=lambda m: m.start)
        if kept:
            quotes = _quoted(text)
            for m in kept:
                # people quoted verbatim use odd words; a spinner's quote is usually spun with the rest anyway
                if any(a <= m.start and m.end <= b for a, b in quotes):
                    m.llr *= QUOTE_FACTOR
        return kept

    def _thesaurus_matches(self, toks: list[Token], taken: list[Match]) -> list[Match]:
        """Rare synonyms of common words, on words no other evidence covers."""
        covered = {i for m in taken for i in range(m.tok_start, m.tok_end)}
        get = self.thesaurus.entries.get
        out = []
        seen: set[str] = set()
        titled: Optional[bool] = None
        for i, tok in enumerate(toks):
            found = get(tok.norm)
            if found is None or i in covered or tok.norm in seen:
                continue  # a repeat is the topic, not new evidence (see features.distinct_rare_synonyms)
            if not tok.text.islower():
                # a capitalised word counts only where capitals say nothing: a title-case headline or a
                # sentence's first word; elsewhere it is a name ("Rooter" the surname)
                if not (tok.text[:1].isupper() and tok.text[1:].islower()):
                    continue
                if not (i == 0 or toks[i - 1].text in _SENTENCE_END):
                    if titled is None:
                        titled = _title_case(toks)
                    if not titled:
                        continue
            seen.add(tok.norm)
            entry = Entry(tok.text, found[0], "", "thesaurus", note="rare WordNet synonym of a common news word")
            out.append(Match(tok.start, tok.end, i, i + 1, entry, found[1]))
        return out

    def _artefact_matches(self, text: str, toks: list[Token], taken: list[Match]) -> list[Match]:
        """Artefact hits as matches (token-aligned, not overlapping a lexicon match)."""
        hits = self.artefacts.find(text)
        if not hits:
            return []
        starts = [t.start for t in toks]
        out = []
        for h in hits:
            if any(m.start < h.end and h.start < m.end for m in taken):
                continue
            i = max(0, bisect_right(starts, h.start) - 1)
            j = max(i + 1, bisect_left(starts, h.end))
            entry = Entry(text[h.start : h.end], h.suggestion, "", "artefact", note=h.pattern.id)
            out.append(Match(h.start, h.end, i, j, entry, self.artefacts.weights[h.pattern.id]))
        return out

    def unit_matches(self, text: str, toks: Optional[list[Token]] = None) -> tuple[list[Match], list[Match], Optional[dict[tuple[str, ...], int]]]:
        """(matches with the originals this unit kept taken off their weight, the matches before that, the kept
        counts, or None when there is no match to discount)."""
        toks = toks if toks is not None else tokenize(text)
        raw = self.matches(text, toks)
        if not raw:
            return raw, raw, None
        kept = self.lexicon.kept_originals(toks)
        return self.lexicon.discount_kept(raw, kept), raw, kept

    def probability(self, words: int, matches: list[Match]) -> float:
        return self.model.probability(UnitEvidence(words, matches).features())

    def combined_probability(self, scores: Sequence[TextScore]) -> float:
        """Probability of a unit made of several scored parts (an article of title and paragraphs): the parts'
        matches, with the originals kept anywhere in the unit taken off (as when the unit is scored whole)."""
        words = sum(s.words for s in scores)
        raw = [m for s in scores for m in s.raw_matches]
        if not raw:  # most clean articles: nothing to discount, no originals to count
            return self.probability(words, raw)
        kept: dict[tuple[str, ...], int] = {}
        for s in scores:
            # a part without matches was not counted when scored: its originals count against the others' spins
            part = s.kept if s.kept is not None else self.lexicon.kept_originals(s.tokens)
            for key, n in part.items():
                kept[key] = kept.get(key, 0) + n
        return self.probability(words, self.lexicon.discount_kept(raw, kept))

    # -- scoring --------------------------------------------------------------------------------------------
    def score_text(self, text: str, sentences: bool = True) -> TextScore:
        toks = tokenize(text)
        found, raw, kept = self.unit_matches(text, toks)
        words = count_words(toks)
        result = TextScore(text, self.probability(words, found), words, found, raw_matches=raw, kept=kept, tokens=toks)
        if sentences and found:  # sentences without matches have nothing to report
            word_starts = [t.start for t in toks if t.is_word]
            for a, b in sentence_spans(text):
                inside = [m for m in found if a <= m.start < b]  # by start: an artefact may straddle a stop
                if inside:
                    # words starting inside the sentence (a word never straddles a sentence boundary)
                    n = bisect_left(word_starts, b) - bisect_left(word_starts, a)
                    result.sentences.append(SentenceScore(a, b, self.probability(n, inside), inside))
        return result

    def reported(self, score: TextScore, threshold: float, context_probability: Optional[float] = None) -> list[SpanHit]:
        """Matches worth showing a reader: strong ones anywhere (a lexicon one only where the unit shows some sign of
        spinning, ``LONE_SPAN_FLOOR``), weaker ones inside a spun unit.

        ``context_probability`` is the probability of the enclosing unit (the article): when given, it alone
        decides whether weak matches in this paragraph are shown.
        """
        out: list[SpanHit] = []
        # the unit that decides is the scored text itself (or the enclosing article when given); a sentence's own
        # probability is not used: short sentences with one chance hit would light up clean articles
        unit_p = context_probability if context_probability is not None else score.probability
        # inside a spun article, a paragraph with no spin evidence of its own (quoted wire copy next to a
        # spun sidebar) keeps its ordinary words unflagged
        spun_unit = unit_p >= threshold and score.probability >= PARAGRAPH_FLOOR
        for sent in score.sentences or [SentenceScore(0, len(score.text), score.probability, score.matches)]:
            for m in sent.matches:
                if self._standalone(m) and (m.entry.source != "lexicon" or unit_p >= LONE_SPAN_FLOOR):
                    reason = "strong"
                elif spun_unit and m.llr >= WEAK_LLR:
                    reason = "context"
                else:
                    continue
                surface = score.text[m.start : m.end]
                suggestion = match_case(m.entry.original, surface) if m.entry.original else ""
                out.append(SpanHit(m.start, m.end, m, surface, suggestion, reason, sent.probability))
        return out

    def _standalone(self, m: Match) -> bool:
        if m.entry.source == "artefact":  # same bar as a lexicon entry: strong, and never seen in clean news
            return m.llr >= STRONG_LLR and self.artefacts is not None and self.artefacts.clean_counts.get(m.entry.note) == 0
        return self.lexicon.standalone(m.entry, m.llr, STRONG_LLR)


@lru_cache(maxsize=1)
def get_scorer() -> SpinScorer:
    return SpinScorer()


def unit_probability(text: str, scorer: Optional[SpinScorer] = None) -> float:
    """Spin probability of ``text`` taken as one unit (headline, sentence or paragraph)."""
    scorer = scorer or get_scorer()
    return scorer.score_text(text, sentences=False).probability
