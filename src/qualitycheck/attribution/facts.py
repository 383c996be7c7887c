"""Everything the attribution checks judge, extracted once per article: bylines (page and body), credits, wire
evidence, the lede, site names, page dates and the opinion-page gate.

Sources, in order of trust: the article's own fields (front matter, JSON keys, HTML JSON-LD and meta tags mapped by
the loaders), credit metadata (``creditText``, ``copyrightHolder``...), then the body: a "By ..." line or a short
"Name | Editorial Board" line above the lede, the dateline at the lede, credit lines near the end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Optional
from urllib.parse import urlparse

from ..model import Article
from .credits import (
    GENERIC_SYNDICATION_RE,
    Credit,
    Evidence,
    agency_of,
    find_credits,
    find_lede,
    find_wire_evidence,
)
from .dates import find_dates, parse_date, url_date
from .words import WordSet

#: bylines that name no person (research/attribution.md §1.3); the rule file may replace this list
DEFAULT_GENERIC_TERMS = (
    "admin", "administrator", "editor", "editors", "the editors", "editorial", "editorial board", "editorial team",
    "editorial staff", "editorial desk", "staff", "staff writer", "staff writers", "staff reporter", "staff report",
    "news desk", "newsdesk", "news team", "web desk", "web team", "desk", "digital desk", "online desk", "newsroom",
    "team", "content team", "guest", "guest author", "guest post", "author", "user", "webmaster", "publisher",
    "news", "news service", "contributor", "correspondent", "our correspondent", "agency", "bureau",
)
#: terms that only an opinion page may legitimately use as a byline
EDITORIAL_TERMS = frozenset({"editorial board", "editorial", "the editors", "editors", "editorial team", "editorial staff", "editorial desk"})
_OPINION_URL = re.compile(r"/(?:opinions?|editorials?|columns?|columnists?|commentary|letters(?:-to-the-editor)?|op-?eds?|views|our-view|blogs?)(?:/|$)", re.IGNORECASE)
_OPINION_TEXT = re.compile(r"\b(?:opinions?|editorials?|commentary|letters?|op-?eds?|columns?|columnists?|our view)\b", re.IGNORECASE)
_OPINION_TITLE = re.compile(r"^\s*(?:opinion|editorial|op-?ed|our view|commentary|letters?|column)\s*[:|—–-]", re.IGNORECASE)
_PAGE_DATE_KEYS = ("datePublished", "published", "published_time", "article:published_time", "pubdate", "publish_date", "date_published", "created")
_MODIFIED_KEYS = ("dateModified", "modified", "article:modified_time", "updated", "date_modified", "last_modified")
_SITE_KEYS = ("og:site_name", "site_name", "publisher", "sitename", "canonical_url", "source_domain")
_WORD = re.compile(r"[A-Za-z0-9]+")
_PERSON_WORD = re.compile(r"^(?:[A-Z][a-zA-Z'’.\-]+|[A-Z]\.|de|van|von|da|al|bin|el|la|le|der|den|du|dos|di)$")
_BYLINE_SPLIT = re.compile(r"\s*(?:\||;|,|\band\b|&|\s[—–-]\s)\s*")


#: normalised site names of agencies' own sites (their copy is their own, not syndicated)
_AGENCY_SITES = frozenset({"reuters", "ap", "apnews", "associated press", "afp", "xinhua", "tass", "bloomberg", "upi", "ptinews", "aninews", "dpa", "yonhap", "kyodo", "efe", "ansa", "sputnik", "sputniknews", "aa", "cnn"})


def norm(text: str) -> str:
    """Lowercase words joined by single spaces ("By The  Editorial-Board!" -> "by the editorial board")."""
    return " ".join(w.lower() for w in _WORD.findall(text))


@dataclass
class Byline:
    """One byline as the reader sees it, where it was found, and what kind of name it is."""

    text: str
    field: str  # byline | body
    start: int
    end: int
    parts: tuple[str, ...]
    kind: str = "unknown"  # person | agency | syndication | generic | site | unknown
    generic_term: Optional[str] = None


@dataclass
class Facts:
    credits: list[Credit]
    evidence: list[Evidence]
    lede: Optional[int]
    lede_start: int
    bylines: list[Byline]
    site_names: set[str]
    agencies: set[str]
    syndication_note: Optional[Credit]
    own_agency: Optional[str]
    words: int
    #: ``article.text.lower()``, shared by the phrase checks
    lowered: str = ""
    extra: dict = field(default_factory=dict)

    #: the article, for the facts computed only when a check asks (dates, opinion gate)
    article: Optional[Article] = None

    @cached_property
    def opinion(self) -> bool:
        return self.article is not None and is_opinion(self.article)

    @cached_property
    def _page(self) -> tuple[Optional[date], Optional[str]]:
        return _page_date(self.article, self.lede) if self.article is not None else (None, None)

    @property
    def page_date(self) -> Optional[date]:
        return self._page[0]

    @property
    def page_date_source(self) -> Optional[str]:
        return self._page[1]

    @cached_property
    def modified_date(self) -> Optional[date]:
        for key in _MODIFIED_KEYS:
            found = parse_date(self.article.metadata.get(key)) if self.article is not None else None
            if found:
                return found
        return None

    @property
    def byline(self) -> Optional[Byline]:
        """The byline the page presents: the article field, else one found in the body above the lede."""
        return self.bylines[0] if self.bylines else None

    def credited(self) -> bool:
        """Does the page credit any agency (or carry a generic 'agencies'/'syndicated feed' note)?"""
        return bool(self.agencies or self.syndication_note or self.own_agency)


def site_names(article: Article) -> set[str]:
    """Normalised names the site goes by: site field, og:site_name/publisher metadata, and the URL's domain
    ("www.example-daily.com" -> "example daily", "exampledaily")."""
    names: set[str] = set()
    for value in [article.site, *(article.metadata.get(k) for k in _SITE_KEYS)]:
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            if "/" in value or re.match(r"^[\w-]+(?:\.[\w-]+)+$", value.strip()):
                names |= _domain_names(value)  # a URL or bare domain: only its name counts
                continue
            n = norm(value)
            if n:
                names.add(n)
    for url in (article.url, article.metadata.get("canonical_url")):
        if isinstance(url, str):
            names |= _domain_names(url)
    return {n for n in names if len(n) >= 3}


def _url_path(url: str) -> str:
    try:
        return urlparse(url).path or ""
    except ValueError:  # a malformed URL from the input has no usable path
        return ""


def _domain_names(value: str) -> set[str]:
    try:
        host = urlparse(value if "//" in value else "//" + value).hostname or ""
    except ValueError:  # "http://[x", "x, x": urllib rejects malformed hosts, and such a URL names no site
        host = ""
    labels = [p for p in host.lower().split(".") if p and p not in ("www", "amp", "m", "news")]
    if len(labels) >= 2:
        labels = labels[:-1]  # drop the TLD
    out: set[str] = set()
    for label in labels[-1:]:
        out.add(label.replace("-", " "))
        out.add(label.replace("-", ""))
    return out


def classify(part: str, sites: set[str], terms: frozenset[str]) -> tuple[str, Optional[str]]:
    """(kind, generic term) of one byline part: person, agency, syndication, generic, site or unknown."""
    if GENERIC_SYNDICATION_RE.search(part) or re.search(r"\bwire (?:services|reports)\b|\bagencies\b", part, re.IGNORECASE):
        return "syndication", None
    n = norm(re.sub(r"^\s*(?:by|written by|posted by|author:?)\s+", "", part, flags=re.IGNORECASE))
    if not n:
        return "unknown", None
    if agency_of(part):
        return "agency", None
    if n in terms:
        return "generic", n
    for site in sites:
        if n == site or n.replace(" ", "") == site.replace(" ", ""):
            return "site", site
        if n.startswith(site + " ") or n.startswith("the " + site + " "):
            rest = n[len(site) + 1 :] if n.startswith(site) else n[len(site) + 5 :]
            if rest in terms:
                return "generic", f"{site} {rest}"
    words = part.split()
    # "Example Times Staff", "Digital News Desk": the last one or two words are a generic term
    for size in (2, 1):
        tail = " ".join(n.split()[-size:])
        if len(n.split()) > size and tail in terms and tail not in ("editor", "author", "publisher", "correspondent", "contributor"):
            return "generic", tail
    if 2 <= len(words) <= 5 and all(_PERSON_WORD.match(w) for w in words) and not any(ch.isdigit() for ch in part):
        return "person", None
    return "unknown", None


def _byline(text: str, field_name: str, start: int, end: int, sites: set[str], terms: frozenset[str]) -> Byline:
    kind, term, parts = _classify_byline(text, frozenset(sites), terms)
    return Byline(text=text, field=field_name, start=start, end=end, parts=parts, kind=kind, generic_term=term)


@lru_cache(maxsize=4096)
def _classify_byline(text: str, sites: frozenset[str], terms: frozenset[str]) -> tuple[str, Optional[str], tuple[str, ...]]:
    """(kind, generic term, parts) of a byline; memoised because a batch repeats the same few bylines."""
    raw = re.sub(r"^\s*(?:by|written by|posted by|author:?)\s+", "", text, flags=re.IGNORECASE)
    parts = tuple(p.strip(" .") for p in _BYLINE_SPLIT.split(raw) if p.strip(" ."))
    kinds = [classify(p, sites, terms) for p in parts] or [("unknown", None)]
    whole_kind, whole_term = classify(raw, sites, terms)
    order = ("agency", "syndication", "person", "generic", "site", "unknown")
    if whole_kind in ("syndication", "agency"):
        kind, term = whole_kind, whole_term
    else:
        kind, term = min(kinds, key=lambda k: order.index(k[0]))
        if kind == "unknown" and whole_kind != "unknown":
            kind, term = whole_kind, whole_term
        if kind == "person" and any(k == "generic" for k, _ in kinds):
            # "Jane Doe | Editorial Board" still names a person: not generic
            kind, term = "person", None
    return kind, term, parts


def _body_bylines(article: Article, facts_lede: Optional[int], credits: list[Credit], sites: set[str], terms: frozenset[str]) -> list[Byline]:
    """Byline lines pasted into the body above the lede: "By X" lines, and short lines such as
    "Enspirers | Editorial Board" that contain a multi-word generic byline term."""
    out: list[Byline] = []
    for c in credits:
        if c.kind == "byline" and c.field == "body":
            out.append(_byline(c.text, "body", c.start, c.end, sites, terms))
    if not facts_lede:
        return out
    multi = [t for t in terms if " " in t]
    text = article.text
    spans = list(article.paragraph_spans())
    limit = spans[facts_lede][1]
    pos = 0
    for line in text[:limit].split("\n"):
        start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped or len(stripped) > 60 or any(b.start <= start < b.end for b in out):
            continue
        n = norm(stripped)
        if any(re.search(rf"(?:^| ){re.escape(t)}$", n) for t in multi) and ("|" in stripped or len(n.split()) <= 4):
            lead = line.index(stripped)
            out.append(_byline(stripped, "body", start + lead, start + lead + len(stripped), sites, terms))
    return out


def is_opinion(article: Article) -> bool:
    """Opinion/editorial pages, where "Editorial Board" is a legitimate byline: URL segment, section metadata,
    schema.org OpinionNewsArticle, or a title prefix such as "Opinion:"."""
    for url in (article.url, article.metadata.get("canonical_url")):
        if isinstance(url, str) and _OPINION_URL.search(_url_path(url)):
            return True
    for key in ("articleSection", "article:section", "section", "category", "categories", "og:type", "jsonld_type", "type"):
        value = article.metadata.get(key)
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and (_OPINION_TEXT.search(v) or "OpinionNewsArticle" in v) for v in values):
            return True
    return bool(_OPINION_TITLE.match(article.title or ""))


def _page_date(article: Article, lede: Optional[int]) -> tuple[Optional[date], Optional[str]]:
    d = parse_date(article.date)
    if d:
        return d, "date"
    for key in _PAGE_DATE_KEYS:
        d = parse_date(article.metadata.get(key))
        if d:
            return d, f"metadata.{key}"
    # a visible date line above the lede of a pasted page ("Thursday, 15 May 2025")
    if lede:
        spans = list(article.paragraph_spans())
        head = article.text[: spans[lede][1]]
        for line in head.split("\n")[:15]:
            found = list(find_dates(line))
            if found and len(line.strip()) <= 40:
                return found[0][0], "visible date above the story"
    return None, None


def extract(article: Article, terms: frozenset[str] = frozenset(DEFAULT_GENERIC_TERMS), words: Optional[WordSet] = None, lowered: Optional[str] = None) -> Facts:
    """All attribution facts of ``article``. ``words`` (lowercased body word set) and ``lowered`` (``text.lower()``)
    may come from the engine's per-article cache; they only save work."""
    credits = find_credits(article, words, lowered)
    evidence = find_wire_evidence(article, credits, words)
    lede = find_lede(article)
    lede_start = 0
    if lede:
        lede_start = next(start for i, start, _ in article.paragraph_spans() if i == lede)
    sites = site_names(article)
    bylines: list[Byline] = []
    if article.byline:
        text = article.byline_text
        bylines.append(_byline(text, "byline", 0, len(text), sites, terms))
    else:
        for key in ("author", "article:author", "dc.creator", "byl", "parsely-author", "creator"):
            value = article.metadata.get(key)
            if isinstance(value, str) and value.strip() and not value.startswith("http"):
                bylines.append(_byline(value.strip(), "metadata", 0, 0, sites, terms))
                break
    bylines.extend(_body_bylines(article, lede, credits, sites, terms))
    agencies = {c.agency for c in credits if c.agency and c.kind != "photo"}
    note = next((c for c in credits if c.kind == "syndication-note"), None)
    own = None
    for s in ([article.site or "", *sites] if not sites.isdisjoint(_AGENCY_SITES) or agency_of(article.site or "") else ()):
        a = agency_of(s) or agency_of(s.title())
        if a and norm(s) in {"reuters", "ap", "apnews", "associated press", "afp", "xinhua", "tass", "bloomberg", "upi", "ptinews", "aninews", "dpa", "yonhap", "kyodo", "efe", "ansa", "sputnik", "sputniknews", "aa", "cnn"}:
            own = a
            break
    return Facts(
        credits=credits,
        evidence=evidence,
        lede=lede,
        lede_start=lede_start,
        bylines=bylines,
        site_names=sites,
        agencies=agencies,
        syndication_note=note,
        own_agency=own,
        words=article.text.count(" ") + len(article.body),
        lowered=lowered if lowered is not None and len(lowered) == len(article.text) else article.text.lower(),
        article=article,
    )


def url_anchor(article: Article) -> Optional[tuple[date, str]]:
    return url_date(article.url) or url_date(article.metadata.get("canonical_url") if isinstance(article.metadata.get("canonical_url"), str) else None)
