"""Attribution and headline checks (QC301-QC313, QC501): who wrote and who supplied the text, and does the page say so.

One ``AttributionDetector`` instance serves every QC3xx rule: the facts (bylines, credits, wire evidence, dates) are
extracted once per article (:mod:`qualitycheck.attribution.facts`) and each enabled check reads them. Every hit
quotes its evidence (the byline, dateline, credit or copyright line, with field and offsets) in ``evidence`` and
sits on the most telling span. Term lists and thresholds live in the rule files (``options:``).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterable, Iterator, Optional, Sequence

from ..attribution.credits import BARE_DATELINE_RE, DANGLING_DASH_RE, Credit, Evidence, match_dateline
from ..attribution.dates import find_dates
from ..attribution.facts import DEFAULT_GENERIC_TERMS, EDITORIAL_TERMS, Byline, Facts, extract, norm, url_anchor
from ..attribution.headline import headline_overlap, similarity
from ..attribution.sourcing import CUE_SET, find_unsourced, has_cue, quotes_without_speaker
from ..config import Config
from ..engine.detector import CheckContext, Hit
from ..attribution.words import LazyWordSet, WordSet
from ..engine.matchers import cached_quotes, cached_tokens, literal_prefixes, lowered_text
from ..engine.rules import Rule, RuleError, strip_lines
from ..model import Article, Severity

FACTS_KEY = "attribution.facts"
WORDS_KEY = "attribution.words"
#: evidence kinds that name the agency whose copy this is
NAMED_KINDS = frozenset({"told", "staff-witness", "cannot-verify", "request-for-comment", "trash-line", "reuters-tag"})
#: evidence that may also be another outlet citing the agency ("X told Reuters"), so weaker under a person's byline
CITABLE_KINDS = frozenset({"told", "request-for-comment"})
#: formats whose pages carry a byline and a date when the publisher gives one (see docs/attribution.md)
STRUCTURED_FORMATS = frozenset({"html", "warc"})
PAGE_METADATA_KEYS = ("canonical_url", "og:site_name", "jsonld_type")
_RELATIVE_DAY = re.compile(r"\b(?:on |last |this |early |late )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(?:today|yesterday|tonight|last night|this (?:week|morning|afternoon|evening))\b")
_ARCHIVE_NOTE = re.compile(r"\b(?:this is an archived article|originally published|first published|from (?:the|our) archives?|this article was published (?:on|in)|on this day|flashback|throwback|years ago|anniversary)\b", re.IGNORECASE)


def _span(item: Any) -> dict[str, Any]:
    """A credit, evidence item or byline as evidence an editor can read: kind, text, field, offsets."""
    out = {"kind": getattr(item, "kind", None), "text": getattr(item, "text", "")[:300], "field": getattr(item, "field", "body"), "start": item.start, "end": item.end}
    if getattr(item, "agency", None):
        out["agency"] = item.agency
    return out


def _options(rules: Sequence[Rule], rule_id: str) -> dict[str, Any]:
    for rule in rules:
        if rule.id == rule_id:
            return dict(strip_lines(rule.spec.get("options") or {}))
    return {}


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _first_word(prefix: str) -> Optional[str]:
    """The whole first word of a literal prefix ("experts say" -> "experts"), or None when the prefix starts
    with a symbol or its first word may be cut short ("repo" of "report")."""
    if not prefix[:1].isalnum():
        return None
    found = _WORD.match(prefix)
    if found is None or found.end() == len(prefix):  # the prefix may end mid-word
        return None
    return found.group(0)


class PhraseSet:
    """A rule file's list of phrase regexes, matched against lowercased text.

    Python's ``re`` is ten times faster on a pattern that starts with a literal than on ``\\b(?:a|b|...)``, so
    each phrase is compiled on its own, without a leading ``\\b``, and run only at the word starts where one of its
    literal prefixes (derived from the pattern) occurs, found with ``str.find``. A phrase whose prefixes cannot be
    derived (e.g. one starting with ``[0-9]``) is scanned normally.
    """

    def __init__(self, rule: Rule, phrases: Any) -> None:
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p for p in phrases):
            raise RuleError(rule.path, rule.line, f"{rule.id}: options.phrases must be a non-empty list of regex strings (lowercase)")
        self.entries: list[tuple[re.Pattern, Optional[tuple[str, ...]]]] = []
        for phrase in phrases:
            try:
                rx = re.compile(r"(?:" + phrase + r")\b")
            except re.error as exc:
                raise RuleError(rule.path, rule.line, f"{rule.id}: bad regex in options.phrases ({phrase!r}): {exc}") from None
            prefixes = literal_prefixes(rx)
            usable = prefixes if prefixes and all(p.strip() for p in prefixes) else None
            # (prefix, its first word or None): the word must be in the article's word set before str.find is
            # worth it; a prefix that starts with a symbol ("% of") is looked for directly
            self.entries.append((rx, tuple((p, _first_word(p)) for p in usable) if usable else None))

    def matches(self, lowered: str, words: WordSet) -> list[re.Match]:
        """Non-overlapping whole-word matches in the lowercased text, in reading order (earliest, then longest).

        A prefix counts only when its first word is one of the text's ``words``. A real set is asked first (a
        lookup saves the scan); a :class:`LazyWordSet` answers with a scan of its own, so it is asked only once
        the prefix has turned up at a word start, which is rare."""
        found: list[re.Match] = []
        ask_first = isinstance(words, (set, frozenset))
        for rx, prefixes in self.entries:
            if prefixes is None:
                found.extend(m for m in rx.finditer(lowered) if m.start() == 0 or not lowered[m.start() - 1].isalnum())
                continue
            for prefix, first_word in prefixes:
                unconfirmed = first_word is not None
                if unconfirmed and ask_first and first_word not in words:
                    continue
                pos = lowered.find(prefix)
                word_start = prefix[0].isalnum()
                while pos != -1:
                    if not word_start or pos == 0 or not lowered[pos - 1].isalnum():
                        if unconfirmed and not ask_first:
                            if first_word not in words:
                                break
                            unconfirmed = False
                        m = rx.match(lowered, pos)
                        if m:
                            found.append(m)
                    pos = lowered.find(prefix, pos + 1)
        if len(found) > 1:
            found.sort(key=lambda m: (m.start(), -m.end()))
        out: list[re.Match] = []
        last = -1
        for m in found:
            if m.start() >= last:
                out.append(m)
                last = m.end()
        return out


def body_words(ctx: CheckContext, lowered: str) -> WordSet:
    """The body's words for the gates: the engine's word set when a rule already built it, else a
    :class:`LazyWordSet` (building the whole set just for the gates costs more than all the checks)."""
    words = ctx.cache.get(("wordset", "body"))
    if words is None:
        words = ctx.cache.get(WORDS_KEY)
        if words is None:
            words = ctx.cache[WORDS_KEY] = LazyWordSet(lowered)
    return words


def get_facts(article: Article, ctx: CheckContext, terms: frozenset[str] = frozenset(DEFAULT_GENERIC_TERMS)) -> Facts:
    """The article's attribution facts, extracted once per check and shared through ``ctx.cache``; the body's
    lowercased text comes from the engine's shared cache (the pattern rules build it)."""
    facts = ctx.cache.get(FACTS_KEY)
    if facts is None:
        lowered = lowered_text(ctx, "body", article.text)
        facts = extract(article, terms, words=body_words(ctx, lowered), lowered=lowered)
        ctx.cache[FACTS_KEY] = facts
    return facts


def _additional(credit: Credit) -> bool:
    """"(Additional reporting by X)" names extra reporters, like a contributor line."""
    return credit.text.lstrip("( ").lower().startswith("additional")


def _surname_in(name: str, tokens: set[str]) -> bool:
    words = norm(name).split()
    return bool(words) and words[-1] in tokens


def facts_summary(article: Article, facts: Facts) -> dict[str, Any]:
    """The extracted attribution facts as plain JSON (report key ``attribution`` when options.attribution.facts)."""
    anchor = url_anchor(article)
    return {
        "bylines": [{**_span(b), "kind": b.kind, "parts": list(b.parts)} for b in facts.bylines],
        "credits": [{**_span(c), "names": list(c.names), **({"year": c.year} if c.year else {})} for c in facts.credits],
        "wire_evidence": [_span(e) for e in facts.evidence],
        "agencies_credited": sorted(facts.agencies),
        "site_names": sorted(facts.site_names),
        "canonical_url": article.metadata.get("canonical_url") or article.url,
        "published": facts.page_date.isoformat() if facts.page_date else None,
        "published_source": facts.page_date_source,
        "modified": facts.modified_date.isoformat() if facts.modified_date else None,
        "url_date": anchor[0].isoformat() if anchor else None,
        "opinion_page": facts.opinion,
        "lede_paragraph": facts.lede,
    }


class AttributionDetector:
    """QC301-QC313. See rules/attribution/*.yml for what each id means and its false-positive guard."""

    def __init__(self, rules: Sequence[Rule], config: Config) -> None:
        self.rules = {r.id: r for r in rules}
        self.config = config
        terms = _options(rules, "QC304").get("terms")
        self.terms = frozenset(norm(t) for t in terms) if isinstance(terms, list) and terms else frozenset(DEFAULT_GENERIC_TERMS)
        stale = _options(rules, "QC307")
        self.stale_days = int(config.threshold("attribution.stale_days", float(stale.get("min_days", 180))))
        weasel = _options(rules, "QC311")
        self.weasel = PhraseSet(self.rules["QC311"], weasel["phrases"]) if "QC311" in self.rules and weasel.get("phrases") else None
        self.weasel_density = config.threshold("attribution.weasel_per_1k", float(weasel.get("density_per_1k", 3.0)))
        self.weasel_min_hits = int(weasel.get("min_hits", 3))
        stats = _options(rules, "QC312")
        self.stats = PhraseSet(self.rules["QC312"], stats["phrases"]) if "QC312" in self.rules and stats.get("phrases") else None
        self.quote_min_words = int(_options(rules, "QC310").get("min_words", 5))
        opts = config.options.get("attribution") if isinstance(config.options.get("attribution"), dict) else {}
        #: options.attribution.facts = true adds what was extracted (bylines, credits, dates) to each report
        self.report_facts = bool(opts.get("facts", False))

    def check(self, article: Article, ctx: CheckContext, enabled: frozenset[str]) -> Iterable[Hit]:
        if not article.body:
            return []
        facts = get_facts(article, ctx, self.terms)
        hits: list[Hit] = []
        checks = (
            ("QC301", self._wire_detected), ("QC302", self._credit_missing), ("QC303", self._dateline_stripped),
            ("QC304", self._generic_byline), ("QC305", self._credit_mismatch), ("QC306", self._copyright),
            ("QC307", self._stale), ("QC308", self._missing_byline), ("QC309", self._missing_date),
            ("QC310", self._quotes), ("QC311", self._weasel), ("QC312", self._stats), ("QC313", self._unnamed_syndication),
        )
        for rule_id, check in checks:
            if rule_id in enabled:
                hits.extend(check(article, facts, ctx))
        if self.report_facts:
            ctx.extras["attribution"] = facts_summary(article, facts)
        return hits

    # -- wire credit -------------------------------------------------------------------------------------------
    def _wire_detected(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        if facts.own_agency:
            return
        named = [e for e in facts.evidence if e.kind in NAMED_KINDS and e.agency]
        agencies = sorted(facts.agencies | {e.agency for e in named if e.agency})
        if not agencies:
            return
        shown = [c for c in facts.credits if c.agency and c.kind != "photo"]
        where: Any = next((c for c in shown if c.field in ("body", "byline")), None) or (named[0] if named else None)
        field = getattr(where, "field", "body") if where is not None else "article"
        start, end = (where.start, where.end) if where is not None and field != "metadata" else (0, 0)
        yield Hit(
            "QC301", field if field != "metadata" else "article", start, end,
            params={"agencies": ", ".join(agencies), "match": getattr(where, "text", "")},
            evidence={"agencies": agencies, "credits": [_span(c) for c in shown], "evidence": [_span(e) for e in named]},
        )

    def _credit_missing(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        if facts.credited():
            return
        named = [e for e in facts.evidence if e.kind in NAMED_KINDS and e.agency]
        unnamed = [e for e in facts.evidence if e.kind in ("contributor", "follow")]
        byline = facts.byline
        kind = byline.kind if byline else "none"
        if named:
            agencies = sorted({e.agency for e in named if e.agency})
            severity = Severity.WARNING if kind == "person" and all(e.kind in CITABLE_KINDS for e in named) else None
            first = named[0]
            yield Hit(
                "QC302", "body", first.start, first.end, severity=severity,
                params={"agencies": ", ".join(agencies), "match": first.text},
                evidence={"agencies": agencies, "evidence": [_span(e) for e in named + unnamed], "byline": _span(byline) if byline else None, "credits_found": []},
            )
        elif unnamed and kind in ("generic", "site", "unknown", "none"):
            first = unnamed[0]
            yield Hit(
                "QC302", "body", first.start, first.end, severity=Severity.WARNING,
                message=f"Wire-style credit line ('{first.text[:80]}') but the page names no agency and no reporter in its byline.",
                params={"agencies": "an unnamed agency", "match": first.text},
                evidence={"agencies": [], "evidence": [_span(e) for e in unnamed], "byline": _span(byline) if byline else None, "credits_found": []},
            )

    def _dateline_stripped(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        if facts.lede is None:
            return
        para = article.body[facts.lede]
        start = facts.lede_start
        if match_dateline(para):
            return
        m = DANGLING_DASH_RE.match(para)
        if m:
            dash = re.match(r"\s*[—–-]{1,2}", para)
            assert dash is not None
            yield Hit("QC303", "body", start + dash.end() - len(dash.group(0).strip()), start + dash.end(), params={"match": dash.group(0).strip()},
                      evidence={"lede": para[:160], "reason": "the story opens with a dash: the place and agency before it were cut"})
            return
        m = BARE_DATELINE_RE.match(para)
        if not m or facts.credited():
            return
        support = [e for e in facts.evidence]
        if not support and not m.group("date"):
            return
        yield Hit("QC303", "body", start + m.start("city"), start + m.start("city") + len(m.group(0).strip()), params={"match": m.group(0).strip()},
                  evidence={"dateline": m.group(0).strip(), "wire_evidence": [_span(e) for e in support],
                            "reason": "a wire-style dateline without the agency" + (" while the text carries wire marks" if support else " (the date in the dateline is agency style)")})

    # -- bylines -----------------------------------------------------------------------------------------------
    def _wire_marks(self, facts: Facts) -> bool:
        return bool(facts.agencies) or any(e.kind in NAMED_KINDS or e.kind in ("contributor", "follow") for e in facts.evidence)

    def _generic_byline(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        seen: set[str] = set()
        wire = self._wire_marks(facts)
        for b in facts.bylines:
            if b.kind not in ("generic", "site") or norm(b.text) in seen:
                continue
            if facts.opinion and b.generic_term in EDITORIAL_TERMS:
                continue
            seen.add(norm(b.text))
            field, start, end = (b.field, b.start, b.end) if b.field != "metadata" else ("article", 0, 0)
            yield Hit(
                "QC304", field, start, end, severity=Severity.ERROR if wire else None,
                params={"match": b.text, "term": b.generic_term or "the site's own name",
                        "why": "; the text is wire copy, so this hides who wrote it" if wire else ""},
                evidence={"byline": _span(b), "generic_term": b.generic_term, "site_names": sorted(facts.site_names),
                          "wire_evidence": [_span(c) for c in facts.credits if c.agency and c.kind != "photo"] + [_span(e) for e in facts.evidence if e.kind != "photo"]},
            )

    def _credit_mismatch(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        if facts.own_agency:
            return
        byline = facts.byline
        kind = byline.kind if byline else "none"
        if kind in ("agency", "syndication"):
            return
        tokens = set(norm(" ".join(b.text for b in facts.bylines if b.kind == "person")).split()) if byline else set()
        # "(Reporting by X, writing by Y)": the byline only needs to be one of the story's named authors
        author_credits = [c for c in facts.credits if c.kind in ("follow", "reporting") and not _additional(c)]
        byline_is_an_author = kind == "person" and any(_surname_in(n, tokens) for c in author_credits for n in c.names)
        for c in facts.credits:
            if c.kind not in ("follow", "reporting", "contributor", "byline") or not c.names or c.agency:
                continue
            if c.kind == "byline" and (c.field != "body" or (byline is not None and byline.start == c.start and byline.field == "body")):
                continue
            if c.kind == "byline" and kind == "person":
                names = [n for n in c.names if not _surname_in(n, tokens)]
            elif c.kind == "contributor" or _additional(c):
                # contributors are extra reporters: only telling when the page gives no person as author
                if kind == "person" or (kind == "none" and not facts.evidence):
                    continue
                names = list(c.names)
            elif byline_is_an_author:
                continue
            else:
                names = [n for n in c.names if not _surname_in(n, tokens)] if kind == "person" else list(c.names)
            if not names:
                continue
            if kind == "none" and facts.credited():
                continue
            severity = Severity.ERROR if kind in ("generic", "site", "unknown") else Severity.WARNING
            who = byline.text if byline else "no byline"
            role = {"follow": "signs the story", "reporting": "reported or wrote it", "contributor": "contributed reporting", "byline": "is bylined in the text"}[c.kind]
            yield Hit(
                "QC305", c.field, c.start, c.end, severity=severity,
                params={"match": c.text, "names": ", ".join(names), "byline": who, "role": role},
                evidence={"credit_line": _span(c), "credited_names": names, "byline": _span(byline) if byline else None, "byline_kind": kind},
            )

    # -- copyright and dates -----------------------------------------------------------------------------------
    def _copyright(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        seen: set[tuple] = set()
        byline_tokens = set(norm(" ".join(b.text for b in facts.bylines)).split())
        for c in facts.credits:
            if c.kind != "copyright":
                continue
            holder = re.sub(r"\s*all rights reserved.*$", "", c.names[0] if c.names else "", flags=re.IGNORECASE).strip(" .,")
            key = (norm(holder), c.year)
            if key in seen or not holder:
                continue
            seen.add(key)
            nh = norm(holder)
            if c.agency:
                if c.year and facts.page_date and (facts.page_date - date(c.year, 12, 31)).days > 60:
                    yield Hit("QC306", "body", c.start, c.end, params={"match": c.text, "reason": f"it dates the text to {c.year}, but the page is dated {facts.page_date.isoformat()}"},
                              evidence={"copyright": _span(c), "holder": holder, "year": c.year, "page_date": facts.page_date.isoformat(), "page_date_source": facts.page_date_source})
                continue
            own = any(s in nh or nh in s or nh.replace(" ", "") == s.replace(" ", "") for s in facts.site_names) or (nh and set(nh.split()) <= byline_tokens)
            if own or not facts.site_names:
                continue
            yield Hit("QC306", "body", c.start, c.end, params={"match": c.text, "reason": f"it names '{holder}', not this site ({', '.join(sorted(facts.site_names))})"},
                      evidence={"copyright": _span(c), "holder": holder, "year": c.year, "site_names": sorted(facts.site_names)})

    def _anchors(self, article: Article, facts: Facts) -> list[dict[str, Any]]:
        """Year-bearing dates tied to the story itself: URL path date, agency copyright year, photo-caption dates,
        a dated dateline. Dates in running prose are history, not anchors."""
        anchors: list[dict[str, Any]] = []
        u = url_anchor(article)
        if u:
            anchors.append({"date": u[0], "source": "url", "text": u[1], "field": "url"})
        text = article.text
        for c in facts.credits:
            if c.kind == "copyright" and c.agency and c.year:
                anchors.append({"date": date(c.year, 12, 31), "source": "agency copyright year", "text": c.text, "field": "body", "start": c.start, "end": c.end})
            elif c.kind == "photo":
                for d, s, e in find_dates(text[max(0, c.start - 200) : c.start]):
                    base = max(0, c.start - 200)
                    anchors.append({"date": d, "source": "photo caption", "text": text[base + s : base + e], "field": "body", "start": base + s, "end": base + e})
        if facts.lede is not None:
            m = BARE_DATELINE_RE.match(article.body[facts.lede])
            if m and m.group("date"):
                for d, s, e in find_dates(m.group("date")):
                    anchors.append({"date": d, "source": "dateline", "text": m.group(0).strip(), "field": "body", "start": facts.lede_start + m.start(), "end": facts.lede_start + m.end()})
        return anchors

    def _stale(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        if facts.page_date is None:
            return
        anchors = self._anchors(article, facts)
        if not anchors:
            return
        latest = max(anchors, key=lambda a: a["date"])
        gap = (facts.page_date - latest["date"]).days
        if gap <= self.stale_days:
            return
        text = article.text
        if _ARCHIVE_NOTE.search(text) or _ARCHIVE_NOTE.search(article.title or ""):
            return
        lede_end = min(len(text), facts.lede_start + 1500)
        relative = [m.group(0) for m in _RELATIVE_DAY.finditer(text, facts.lede_start, lede_end)][:5]
        if not relative:
            return
        field = latest["field"]
        start, end = latest.get("start", 0), latest.get("end", 0)
        if field == "url":
            url = article.url or ""
            pos = url.find(latest["text"])
            start, end = (pos, pos + len(latest["text"])) if pos >= 0 else (0, 0)
        yield Hit(
            "QC307", field, start, end, severity=Severity.ERROR if gap >= 365 else None,
            params={"match": latest["text"], "gap_days": gap, "relative": relative[0], "anchor": latest["date"].isoformat(), "page_date": facts.page_date.isoformat(), "anchor_source": latest["source"]},
            evidence={"page_date": facts.page_date.isoformat(), "page_date_source": facts.page_date_source, "anchor": {**latest, "date": latest["date"].isoformat()},
                      "gap_days": gap, "relative_time_words": relative, "all_anchors": [{**a, "date": a["date"].isoformat()} for a in anchors]},
        )

    def _format_carries_metadata(self, article: Article) -> bool:
        """Published pages only: HTML/WARC input, or a record that carries page metadata a loader took from the
        page (canonical URL, og:site_name, a JSON-LD type). Markdown sources get dates and authors from file
        names, build settings or templates (Jekyll, Hugo), and plain JSON exports often drop fields, so an
        absence there proves nothing."""
        return article.source.format in STRUCTURED_FORMATS or any(k in article.metadata for k in PAGE_METADATA_KEYS)

    def _missing_byline(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        if not self._format_carries_metadata(article) or facts.bylines or facts.credited() or facts.opinion:
            return
        yield Hit("QC308", "article", 0, 0, params={"match": ""}, evidence={"format": article.source.format, "looked_in": ["byline/author field", "JSON-LD author", "meta author", "'By ...' line above the lede"]})

    def _missing_date(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        if not self._format_carries_metadata(article) or facts.page_date or facts.modified_date:
            return
        if article.date:  # a date we could not parse is still a date; no finding
            return
        yield Hit("QC309", "article", 0, 0, params={"match": ""}, evidence={"format": article.source.format, "looked_in": ["date field", "datePublished", "article:published_time", "visible date above the lede"]})

    # -- sourcing ----------------------------------------------------------------------------------------------
    def _story_paragraphs(self, article: Article, facts: Facts) -> list[tuple[int, int, int]]:
        spans = facts.extra.get("story_paragraphs")
        if spans is None:
            spans = facts.extra["story_paragraphs"] = [s for s in article.paragraph_spans() if s[0] >= (facts.lede or 0)]
        return spans

    def _matcher(self, phrases: PhraseSet, ctx: CheckContext, facts: Facts) -> list[re.Match]:
        """Phrase matches over the whole article (for :func:`find_unsourced`), gated by the article's words."""
        return phrases.matches(facts.lowered, body_words(ctx, facts.lowered))

    def _quotes(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        text = article.text
        if '"' not in text and "“" not in text:
            return
        cues = None
        if ("tokens", "body") in ctx.cache:  # reuse the engine's tokens when a phrase rule already built them
            toks, norms = cached_tokens(ctx, "body", text)
            cues = [toks[i][1] for i, w in enumerate(norms) if w in CUE_SET]
        for q in quotes_without_speaker(text, self._story_paragraphs(article, facts), self.quote_min_words, cues, cached_quotes(ctx, "body", text)):
            yield Hit("QC310", "body", q.start, q.end, params={"match": text[q.start:q.end], "words": q.words},
                      evidence={"quote_words": q.words, "checked_window": {"start": q.window[0], "end": q.window[1], "text": text[q.window[0]:q.window[1]][:400]}})

    def _weasel(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        if self.weasel is None:
            return
        text = article.text
        found = list(find_unsourced(text, self._matcher(self.weasel, ctx, facts), self._story_paragraphs(article, facts), lookahead_sentences=1))
        words = max(facts.words, 1)
        density = round(len(found) * 1000 / words, 2)
        if not found:
            return
        ctx.scores["weasel_per_1k"] = density
        dense = density >= self.weasel_density and len(found) >= self.weasel_min_hits
        for h in found:
            yield Hit("QC311", "body", h.start, h.end, severity=Severity.WARNING if dense else None,
                      params={"match": h.phrase, "density": density, "count": len(found)},
                      evidence={"phrase": h.phrase, "per_1000_words": density, "unsourced_in_article": len(found), "words": words,
                                "threshold_per_1000_words": self.weasel_density, "checked_window": text[h.window[0]:h.window[1]][:400]})

    def _stats(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        if self.stats is None:
            return
        text = article.text
        for h in find_unsourced(text, self._matcher(self.stats, ctx, facts), self._story_paragraphs(article, facts), lookahead_sentences=0, lookbehind_sentences=1):
            window = text[h.window[0]:h.window[1]]
            if has_cue(window):
                continue
            start = h.start
            # "(?<=[0-9])% of" matches from the percent sign: widen the span to the number ("40.5% of")
            while start > 0 and (text[start - 1].isdigit() or (text[start - 1] in "., " and start > 1 and text[start - 2].isdigit())):
                start -= 1
            phrase = text[start:h.end]
            yield Hit("QC312", "body", start, h.end, params={"match": phrase}, evidence={"statistic": phrase, "checked_window": window[:400]})

    def _unnamed_syndication(self, article: Article, facts: Facts, ctx: CheckContext) -> Iterator[Hit]:
        note = facts.syndication_note
        if note is None or facts.agencies or facts.own_agency:
            return
        named = [e for e in facts.evidence if e.kind in NAMED_KINDS and e.agency]
        feed = re.search(r"syndicated feed|not been edited", note.text, re.IGNORECASE) or any(
            re.search(r"syndicated feed|not been edited", c.text, re.IGNORECASE) for c in facts.credits if c.kind == "syndication-note")
        if not named and not feed:
            return
        reason = f"the text itself shows it is {', '.join(sorted({e.agency for e in named if e.agency}))} copy" if named else "an automatic feed note says the text was syndicated"
        field, start, end = (note.field, note.start, note.end) if note.field in ("body", "byline") else ("article", 0, 0)
        yield Hit("QC313", field, start, end, params={"match": note.text, "reason": reason},
                  evidence={"note": _span(note), "wire_evidence": [_span(e) for e in named]})


class HeadlineDetector:
    """QC501: a headline that shares almost no content words with the story under it."""

    def __init__(self, rules: Sequence[Rule], config: Config) -> None:
        opts = _options(rules, "QC501")
        self.max_overlap = config.threshold("headline.min_overlap", float(opts.get("min_overlap", 0.2)))
        self.min_body_words = int(opts.get("min_body_words", 60))
        self.min_headline_words = int(opts.get("min_headline_words", 3))

    def check(self, article: Article, ctx: CheckContext, enabled: frozenset[str]) -> Iterable[Hit]:
        title = article.title.strip()
        if "QC501" not in enabled or not title or not article.body:
            return []
        if any(q in title for q in ('"', "“", "”", "‘")) or title.endswith("?"):
            return []  # quote and question headlines are features by design
        facts = get_facts(article, ctx)
        lede = facts.lede or 0
        if facts.words < self.min_body_words:
            return []
        result = headline_overlap(title, article.body, lede, lowered_body=facts.lowered)
        if result is None or len(result.headline_words) < self.min_headline_words:
            return []
        if result.overlap >= self.max_overlap or result.overlap_body >= 0.34:
            return []
        return [Hit(
            "QC501", "title", 0, len(article.title), params={"match": article.title, "overlap": f"{result.overlap:.0%}"},
            evidence={"headline_words": result.headline_words, "shared_with_lede": result.shared, "overlap_lede": round(result.overlap, 2),
                      "overlap_body": round(result.overlap_body, 2), "token_set_ratio": round(similarity(title, result.lede_text), 1),
                      "lede_excerpt": article.body[lede][:200]},
        )]
