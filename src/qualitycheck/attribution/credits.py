"""Who does an article credit? Wire datelines, bylines, credit and copyright lines, in-text credits.

Shared by the attribution checks (missing or false credit) and syndication matching (is a copy credited?).
Formats come from the agencies' own style (see research/attribution.md §1.2): ``TIRANA, Albania (AP) —``,
``LONDON, Sept 8 (Reuters) -``, ``MOSCOW, September 7. /TASS/.``, ``Raf Casert in Brussels contributed to this
report.``, ``(Reporting by X; Editing by Y)``, ``Follow X at https://twitter.com/x``, ``© 2024 The Associated Press``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..model import Article

#: canonical agency name -> regex alternatives that name it (word-bounded, case-sensitive where acronyms)
AGENCIES: dict[str, str] = {
    "AP": r"AP|The Associated Press|Associated Press",
    "Reuters": r"Reuters|REUTERS|Thomson Reuters",
    "AFP": r"AFP|Agence France[- ]Presse",
    "Bloomberg": r"Bloomberg(?: News)?",
    "dpa": r"dpa|DPA|Deutsche Presse-Agentur",
    "Xinhua": r"Xinhua",
    "TASS": r"TASS|Itar-Tass|ITAR-TASS",
    "PTI": r"PTI|Press Trust of India",
    "ANI": r"ANI|Asian News International",
    "IANS": r"IANS",
    "UPI": r"UPI|United Press International",
    "PA": r"PA Media|Press Association|PA",
    "CNN": r"CNN(?: Newsource| Wire)?",
    "EFE": r"EFE",
    "Kyodo": r"Kyodo(?: News)?",
    "Yonhap": r"Yonhap",
    "Anadolu": r"Anadolu(?: Agency)?",
    "ANSA": r"ANSA",
    "Sputnik": r"Sputnik",
}
_AGENCY_ALT = "|".join(f"(?:{alt})" for alt in AGENCIES.values())
_AGENCY_RE = {name: re.compile(rf"\b(?:{alt})\b") for name, alt in AGENCIES.items()}

_CITY = r"[A-Z][A-Za-z .'’\-]{1,40}?"
DATELINE_RE = re.compile(
    rf"^\s*(?P<city>{_CITY})(?:,\s*(?P<region>[A-Z][\w.’' ]{{1,30}}?))?(?:,\s*(?P<date>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}))?"
    rf"\s*\((?P<agency>{_AGENCY_ALT})\)\s*(?:[—–_|:-]{{1,2}}|--)\s*"
)
TASS_DATELINE_RE = re.compile(rf"^\s*(?P<city>{_CITY}),\s*[A-Z][a-z]+\s+\d{{1,2}}\.\s*/(?P<agency>TASS)/\.")
#: a lede that starts with a dash: the dateline was cut away
DANGLING_DASH_RE = re.compile(r"^\s*[—–-]{1,2}\s+\S")
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|al|bin|el|la|le)){0,4}"
CONTRIBUTED_RE = re.compile(
    rf"(?P<names>{_NAME}(?:,\s*{_NAME})*(?:,?\s+and\s+{_NAME})?)(?:\s+in\s+[A-Z][\w .,'’-]{{1,60}}?)?\s+contributed(?:\s+(?:to\s+)?(?:this\s+)?(?:report|reporting|story))?",
)
AGENCY_WRITERS_RE = re.compile(rf"\b(?P<agency>{_AGENCY_ALT})\s+(?:writers?|reporters?|journalists?|correspondents?)\s+(?P<names>.{{3,160}}?)\s+contributed")
REPORTING_BY_RE = re.compile(r"\((?:Additional\s+)?[Rr]eporting\s+by\s+(?P<names>[^;)]{3,200})(?P<rest>[^)]{0,300})\)|^(?:Additional\s+)?[Rr]eporting\s+by\s+(?P<names2>[^;\n.]{3,200})", re.MULTILINE)
WRITING_BY_RE = re.compile(r"\b(?:Writing|Editing)\s+by\s+(?P<names>[^;)\n]{3,120})")
FOLLOW_RE = re.compile(rf"^Follow\s+(?P<name>{_NAME})\s+(?:on\s+(?:Twitter|X|Bluesky|Threads)\s*)?(?:at\s+)?(?:https?://(?:www\.)?(?:twitter|x|bsky)\.(?:com|app)/\S+|@\w+)", re.MULTILINE)
COPYRIGHT_RE = re.compile(r"(?:©|\(c\)|Copyright)\s*(?P<year>(?:19|20)\d{2})?\s*(?:[-–]\s*(?:19|20)\d{2}\s*)?,?\s*(?P<holder>[A-Z][\w&.,' -]{1,80}?)(?:\.|\s+All rights reserved|$)", re.MULTILINE | re.IGNORECASE)
PHOTO_CREDIT_RE = re.compile(rf"\((?P<agency>AP|AFP|Reuters)\s+Photo(?:/[^)]+)?\)|\b(?P<agency2>REUTERS|AFP)/[A-Z][\w .'-]+")
IN_TEXT_CREDIT_RE = re.compile(rf"\b(?:(?P<agency>{_AGENCY_ALT})\s+(?:reported|reports|said in a report)|according to (?:the\s+)?(?P<agency2>{_AGENCY_ALT})|with (?:inputs?|reporting) from (?:the\s+)?(?P<agency3>{_AGENCY_ALT}|agencies|wire services|news agencies))\b")
GENERIC_SYNDICATION_RE = re.compile(r"\b(?:staff and agencies|with inputs from agencies|and wire services|wire reports|published from a syndicated feed|has not been edited by [\w ]+ staff|news agencies contributed|agencies contributed)\b", re.IGNORECASE)
DW_TAG_RE = re.compile(rf"^[a-z]{{2,4}}(?:/[a-z]{{2,4}})+\s*\((?P<agencies>(?:(?:{_AGENCY_ALT})(?:,\s*)?)+)\)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Credit:
    """One place where the article credits someone: what kind, whom, and the exact span."""

    kind: str  # dateline | byline | contributor | reporting | follow | copyright | photo | in-text | syndication-note
    field: str
    start: int
    end: int
    agency: Optional[str] = None
    names: tuple[str, ...] = ()
    text: str = ""


def agency_of(text: str) -> Optional[str]:
    """Canonical agency named in ``text`` ("The Associated Press" -> "AP"), if any."""
    for name, rx in _AGENCY_RE.items():
        if rx.search(text):
            return name
    return None


def _split_names(names: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", names)
    return tuple(p.strip(" .") for p in parts if p.strip(" .") and p.strip()[0].isupper())


def _paragraph_offsets(article: Article) -> Iterable[tuple[int, int, str]]:
    for _, start, end in article.paragraph_spans():
        yield start, end, article.text[start:end]


def find_credits(article: Article) -> list[Credit]:
    """Every credit in byline, dateline (first paragraph), credit lines and copyright lines, in reading order."""
    out: list[Credit] = []
    byline = article.byline_text
    if byline:
        for name, rx in _AGENCY_RE.items():
            m = rx.search(byline)
            if m:
                out.append(Credit("byline", "byline", m.start(), m.end(), agency=name, text=m.group(0)))
        if GENERIC_SYNDICATION_RE.search(byline):
            m = GENERIC_SYNDICATION_RE.search(byline)
            assert m is not None
            out.append(Credit("syndication-note", "byline", m.start(), m.end(), text=m.group(0)))
    text = article.text
    paragraphs = list(_paragraph_offsets(article))
    if paragraphs:
        start, _, first = paragraphs[0]
        m = DATELINE_RE.match(first) or TASS_DATELINE_RE.match(first)
        if m:
            agency = agency_of(m.group("agency"))
            out.append(Credit("dateline", "body", start + m.start(), start + m.end(), agency=agency, text=m.group(0).strip()))
    for rx, kind in ((CONTRIBUTED_RE, "contributor"), (AGENCY_WRITERS_RE, "contributor"), (REPORTING_BY_RE, "reporting"), (WRITING_BY_RE, "reporting"), (FOLLOW_RE, "follow")):
        for m in rx.finditer(text):
            groups = m.groupdict()
            names = groups.get("names") or groups.get("names2") or groups.get("name") or ""
            agency = agency_of(groups.get("agency") or "") if groups.get("agency") else None
            out.append(Credit(kind, "body", m.start(), m.end(), agency=agency, names=_split_names(names), text=m.group(0)))
    for m in COPYRIGHT_RE.finditer(text):
        out.append(Credit("copyright", "body", m.start(), m.end(), agency=agency_of(m.group("holder") or ""), names=(m.group("holder").strip(),) if m.group("holder") else (), text=m.group(0)))
    for m in PHOTO_CREDIT_RE.finditer(text):
        out.append(Credit("photo", "body", m.start(), m.end(), agency=agency_of(m.group("agency") or m.group("agency2") or ""), text=m.group(0)))
    for m in IN_TEXT_CREDIT_RE.finditer(text):
        named = m.group("agency") or m.group("agency2") or m.group("agency3") or ""
        out.append(Credit("in-text", "body", m.start(), m.end(), agency=agency_of(named), text=m.group(0)))
    for m in GENERIC_SYNDICATION_RE.finditer(text):
        out.append(Credit("syndication-note", "body", m.start(), m.end(), text=m.group(0)))
    for m in DW_TAG_RE.finditer(text):
        for name in re.split(r",\s*", m.group("agencies")):
            out.append(Credit("in-text", "body", m.start(), m.end(), agency=agency_of(name), text=m.group(0)))
    return out


def credited_agencies(article: Article, credits: Optional[list[Credit]] = None) -> set[str]:
    """Agencies the page credits in a way a reader sees: byline, dateline, credit/copyright line, in-text credit.
    Photo credits alone do not count (they credit the photo, not the text)."""
    credits = find_credits(article) if credits is None else credits
    return {c.agency for c in credits if c.agency and c.kind != "photo"}


def credits_source(article: Article, source: str, credits: Optional[list[Credit]] = None) -> Optional[Credit]:
    """The credit that names ``source`` (an agency, an outlet or a site name), if the page has one.

    A generic note ("staff and agencies", "with inputs from agencies") counts as credit for any agency copy.
    """
    credits = find_credits(article) if credits is None else credits
    agency = agency_of(source)
    for c in credits:
        if agency and c.agency == agency and c.kind != "photo":
            return c
    needle = source.strip().lower()
    if needle and len(needle) >= 3:
        for c in credits:
            if c.kind != "photo" and needle in c.text.lower():
                return c
        if needle in article.byline_text.lower():
            return Credit("byline", "byline", 0, len(article.byline_text), text=article.byline_text)
        tail = article.text[-600:].lower()
        pos = tail.find(needle)
        if pos != -1:
            base = len(article.text) - len(article.text[-600:])
            return Credit("in-text", "body", base + pos, base + pos + len(needle), text=article.text[base + pos : base + pos + len(needle)])
    if agency:
        for c in credits:
            if c.kind == "syndication-note":
                return c
    return None


def credited_names(article: Article, credits: Optional[list[Credit]] = None) -> set[str]:
    """People the text credits as reporters (contributor, reporting, follow lines)."""
    credits = find_credits(article) if credits is None else credits
    return {n for c in credits if c.kind in ("contributor", "reporting", "follow") for n in c.names}
