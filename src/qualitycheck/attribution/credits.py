"""Who does an article credit? Wire datelines, bylines, credit and copyright lines, in-text credits.

Shared by the attribution checks (missing or false credit) and syndication matching (is a copy credited?).
Formats come from the agencies' own style (see research/attribution.md §1.2): ``TIRANA, Albania (AP) —``,
``LONDON, Sept 8 (Reuters) -``, ``MOSCOW, September 7. /TASS/.``, ``Raf Casert in Brussels contributed to this
report.``, ``(Reporting by X; Editing by Y)``, ``Follow X at https://twitter.com/x``, ``© 2024 The Associated Press``.

Besides credits, :func:`find_wire_evidence` finds the marks only an agency's own copy carries ("told Reuters",
"a Reuters reporter saw", "(AP Photo/...)", "(Adds ...)" trash lines): text that says *whose* copy it is even when
the credit was removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from ..model import Article
from .regexfast import with_first_char_lookahead
from .words import WordSet

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


def _literal_start(alternative: str) -> str:
    """The text every match of a regex alternative starts with ("Bloomberg(?: News)?" -> "Bloomberg")."""
    m = re.match(r"[^\\()\[\]{}?*+|.^$]*", alternative)
    literal = m.group(0) if m else ""
    if alternative[len(literal) : len(literal) + 1] in ("?", "*", "{"):  # "ab?": the "b" may be absent
        literal = literal[:-1]
    return literal


def _top_level_alternatives(pattern: str) -> list[str]:
    """``"A|B(?:c|d)"`` -> ``["A", "B(?:c|d)"]`` (patterns here have no escaped brackets)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return parts + [pattern[start:]]


def _minimal_literals(literals: Iterable[str]) -> tuple[str, ...]:
    """Drop the literals that contain another one (if "Reuters" occurs, so does "Reuters" in "Thomson Reuters")."""
    unique = set(literals)
    return tuple(sorted(x for x in unique if not any(y != x and y in x for y in unique)))


#: a match of ANY_AGENCY_RE contains one of these (case-sensitive): a few ``in`` tests rule most articles out
AGENCY_LITERALS = _minimal_literals(_literal_start(alt) for alts in AGENCIES.values() for alt in _top_level_alternatives(alts))
_AGENCY_RE = {name: re.compile(rf"\b(?:{alt})\b") for name, alt in AGENCIES.items()}
#: one pass to see whether a text names any agency at all (most paragraphs do not)
ANY_AGENCY_RE = with_first_char_lookahead(rf"\b(?:{_AGENCY_ALT})\b")

_CITY = r"[A-Z][A-Za-z .'’\-]{1,40}?"
DATELINE_RE = re.compile(
    rf"^\s*(?P<city>{_CITY})(?:,\s*(?P<region>[A-Z][\w.’' ]{{1,30}}?))?(?:,\s*(?P<date>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}))?"
    rf"\s*\((?P<agency>{_AGENCY_ALT})\)\s*(?:[—–_|:-]{{1,2}}|--)\s*"
)
#: "(Reuters) - Ukraine pushed back..." - the agency slot kept, the city dropped (aggregators, radio-station sites)
BARE_AGENCY_DATELINE_RE = re.compile(rf"^\s*\((?P<agency>{_AGENCY_ALT})\)\s*(?:[—–_|:-]{{1,2}}|--)\s*")
TASS_DATELINE_RE = re.compile(rf"^\s*(?P<city>{_CITY}),\s*[A-Z][a-z]+\s+\d{{1,2}}\.\s*/(?P<agency>TASS)/\.")
#: PTI/ANI/IANS: "Patna, Oct 16 (PTI) Prime Minister..." (no dash; a colon for ANI)
INDIAN_DATELINE_RE = re.compile(r"^\s*(?P<city>[A-Z][A-Za-z .\-]{1,40}?)(?:\s*\[[A-Za-z ]+\])?,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\((?P<agency>PTI|ANI|IANS)\)\s*:?\s*")
#: a lede that starts with a dash: the dateline was cut away
DANGLING_DASH_RE = re.compile(r"^\s*[—–-]{1,2}\s+\S")
#: a dateline with no agency: "LOS ANGELES —", "KYIV, Ukraine —", "TIRANA, Sept 8 -" (city in capitals)
BARE_DATELINE_RE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'’\-]{2,}(?: [A-Z][A-Z.'’\-]+){0,3})(?:,\s*(?P<region>[A-Z][\w.’']+(?: [A-Z][\w.’']+){0,2}))?"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?\s*(?:[—–]{1,2}|--|\s-)\s*(?=\S)"
)
#: names never run across a line break (a paragraph ending in "Tirana." is not part of the next line's name)
_NAME = r"[A-Z][\w'’.-]+(?:[ \t]+(?:[A-Z][\w'’.-]+|de|van|von|da|al|bin|el|la|le)){0,4}"
CONTRIBUTED_RE = re.compile(
    rf"(?P<names>{_NAME}(?:,[ \t]*{_NAME})*(?:,?[ \t]+and[ \t]+{_NAME})?)(?:[ \t]+in[ \t]+[A-Z][\w .,'’-]{{1,60}}?)?[ \t]+contributed(?:[ \t]+(?:to[ \t]+)?(?:this[ \t]+)?(?:report|reporting|story))?",
)
AGENCY_WRITERS_RE = re.compile(rf"\b(?P<agency>{_AGENCY_ALT})\s+(?:writers?|reporters?|journalists?|correspondents?)\s+(?P<names>.{{3,160}}?)\s+contributed")
REPORTING_BY_RE = re.compile(r"\((?:Additional\s+)?[Rr]eporting\s+by\s+(?P<names>[^;)]{3,200})(?P<rest>[^)]{0,300})\)|^(?:Additional\s+)?[Rr]eporting\s+by\s+(?P<names2>[^;\n.]{3,200})", re.MULTILINE)
#: "Writing by" names an author; "Editing by" names an editor, who is not a reporter of the story
WRITING_BY_RE = re.compile(r"\b[Ww]riting\s+by\s+(?P<names>[^;)\n]{3,120})")
FOLLOW_RE = re.compile(rf"^Follow\s+(?P<name>{_NAME})\s+(?:on\s+(?:Twitter|X|Bluesky|Threads)\s*)?(?:at\s+)?(?:https?://(?:www\.)?(?:twitter|x|bsky)\.(?:com|app)/\S+|@\w+)", re.MULTILINE)
COPYRIGHT_RE = re.compile(r"(?:©|\(c\)|Copyright)\s*(?P<year>(?:19|20)\d{2})?\s*(?:[-–]\s*(?:19|20)\d{2}\s*)?,?\s*(?P<holder>[A-Z][\w&.,' -]{1,80}?)(?:\.|\s+All rights reserved|$)", re.MULTILINE | re.IGNORECASE)
PHOTO_CREDIT_RE = with_first_char_lookahead(
    r"\((?P<agency>AP|AFP|Reuters)\s+Photo(?:\s*/[^)]+)?\)|\b(?P<agency2>REUTERS|AFP)/[A-Z][\w .'-]+"
    r"|\[[^\]/\n]{3,60}/(?P<agency3>AP|AFP|Reuters) Photo\]|\b(?P<agency4>AFP) via Getty Images\b"
)
IN_TEXT_CREDIT_RE = with_first_char_lookahead(
    rf"\b(?:(?P<agency>{_AGENCY_ALT})\s+(?:reported|reports|said in a report|news agency reported)|according to (?:the\s+)?(?P<agency2>{_AGENCY_ALT})"
    rf"|with (?:inputs?|reporting) from (?:the\s+)?(?P<agency3>{_AGENCY_ALT}|agencies|wire services|news agencies)"
    rf"|(?:the\s+)?(?P<agency4>{_AGENCY_ALT})\s+(?:news agency|newswire|wire service))\b"
)
GENERIC_SYNDICATION_RE = re.compile(
    r"\b(?:staff and agencies|with inputs from agencies|and wire services|wire reports|(?:published|auto-generated) from a syndicated feed"
    r"|has not been edited by [\w ]+ staff|news agencies contributed|agencies contributed|first appeared (?:in|on) (?:the )?[A-Z][\w .&'-]+)\b",
    re.IGNORECASE,
)
DW_TAG_RE = re.compile(rf"^[a-z]{{2,4}}(?:/[a-z]{{2,4}})+\s*\((?P<agencies>(?:(?:{_AGENCY_ALT})(?:,\s*)?)+)\)\s*$", re.MULTILINE)
#: "By Jane Doe and John Roe" on its own line above the lede (a byline pasted into the body)
BODY_BYLINE_RE = re.compile(r"^(?:By|BY|Written by|Posted by|Author:)\s+(?P<names>[A-Z][^\n]{2,100})$", re.MULTILINE)
#: metadata keys where HTML/JSON inputs carry a credit outside the body (licensed feeds often do)
METADATA_CREDIT_KEYS = (
    "creditText", "copyrightHolder", "sourceOrganization", "isBasedOn", "copyright", "credit", "credits", "source_name",
    "agency", "provider", "dc.creator", "article:author", "syndication_source", "original_source", "wire", "dateline",
)


@dataclass(frozen=True)
class Credit:
    """One place where the article credits someone: what kind, whom, and the exact span."""

    kind: str  # dateline | byline | contributor | reporting | follow | copyright | photo | in-text | syndication-note | metadata
    field: str
    start: int
    end: int
    agency: Optional[str] = None
    names: tuple[str, ...] = ()
    text: str = ""
    year: Optional[int] = None  # copyright lines


@dataclass(frozen=True)
class Evidence:
    """A mark that only an agency's own copy carries. ``agency`` is None when the form is wire-like but unnamed
    (AP's "X in CITY contributed" and "Follow X at ..." lines)."""

    kind: str  # told | staff-witness | cannot-verify | request-for-comment | trash-line | reuters-tag | photo | contributor | follow
    start: int
    end: int
    agency: Optional[str]
    text: str


def agency_of(text: str) -> Optional[str]:
    """Canonical agency named in ``text`` ("The Associated Press" -> "AP"), if any."""
    if not text or not ANY_AGENCY_RE.search(text):
        return None
    for name, rx in _AGENCY_RE.items():
        if rx.search(text):
            return name
    return None


def _split_names(names: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", names)
    return tuple(p.strip(" .") for p in parts if p.strip(" .") and p.strip()[0].isupper())


def _is_prose(paragraph: str) -> bool:
    """A paragraph of running text, not a navigation menu, caption or byline line."""
    if len(paragraph) < 80:
        return False
    in_long_lines = sum(len(line) for line in paragraph.split("\n") if len(line) >= 60)
    return in_long_lines >= 0.6 * len(paragraph) and bool(re.search(r"[.!?”\"](?:\s|$)", paragraph))


_LEDE_CACHE = "_qc_lede"


def find_lede(article: Article) -> Optional[int]:
    """Index of the paragraph where the story starts: the first one (of the first 40) that opens with a dateline,
    else the first paragraph of running text. Pasted web pages put menus, headlines and bylines above it."""
    cached = article.__dict__.get(_LEDE_CACHE)
    if cached is not None and cached[0] is article.body:
        return cached[1]
    found: Optional[int] = None
    first_prose: Optional[int] = None
    for i, para in enumerate(article.body[:40]):
        if _opens_with_dateline(para) or (_opens_with_bare_dateline(para) and _is_prose(para)):
            found = i
            break
        if first_prose is None and _is_prose(para):
            first_prose = i
            if i == 0:
                break  # an ordinary article: the first paragraph is the lede
    if found is None:
        found = first_prose if first_prose is not None else (0 if article.body else None)
    article.__dict__[_LEDE_CACHE] = (article.body, found)
    return found


def lede_offset(article: Article) -> int:
    """Offset in ``article.text`` where the lede starts (0 for an ordinary article)."""
    index = find_lede(article)
    if not index:
        return 0
    return next(start for i, start, _ in article.paragraph_spans() if i == index)


def match_dateline(paragraph: str) -> Optional[re.Match]:
    """The agency dateline at the start of ``paragraph``, if any."""
    head = paragraph[:300]
    # every agency dateline has "(" or "/TASS/" early on; the regexes backtrack a lot, so test that first
    if "(" in head[:130]:
        m = DATELINE_RE.match(head) or BARE_AGENCY_DATELINE_RE.match(head) or INDIAN_DATELINE_RE.match(head)
        if m:
            return m
    if "/TASS/" in head[:80]:
        return TASS_DATELINE_RE.match(head)
    return None


def _opens_with_dateline(paragraph: str) -> bool:
    return match_dateline(paragraph) is not None


_DASHES = ("—", "–", "--", " -")


def _opens_with_bare_dateline(paragraph: str) -> bool:
    head = paragraph[:90]
    stripped = head.lstrip()
    if stripped[:1] in ("—", "–", "-"):
        return bool(DANGLING_DASH_RE.match(head))
    return stripped[:1].isupper() and stripped[1:2].isupper() and any(d in head for d in _DASHES) and bool(BARE_DATELINE_RE.match(head))


def _copyright_ok(m: re.Match) -> bool:
    """"Copyright infringement claims..." is prose, not a copyright line: require a year, © or 'All rights reserved'."""
    whole = m.group(0)
    return bool(m.group("year") or "©" in whole or "(c)" in whole.lower() or "rights reserved" in whole.lower())


def _metadata_strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key in ("name", "text", "@id"):
            if isinstance(value.get(key), str):
                yield value[key]
    elif isinstance(value, list):
        for item in value[:10]:
            yield from _metadata_strings(item)


_CREDITS_CACHE = "_qc_credits"


#: words one of which every GENERIC_SYNDICATION_RE alternative contains
_NOTE_WORDS = frozenset({"agencies", "wire", "syndicated", "edited", "appeared"})


def _may_be_syndication_note(low: str) -> bool:
    """Substring gate for GENERIC_SYNDICATION_RE (every alternative contains one of these)."""
    return any(k in low for k in ("agencies", "wire ", "syndicated", "edited by", "first appeared"))
_NAMES_AGENCY_CACHE = "_qc_names_agency"


#: a set test on the article's lowercased words (plus a few two-word names) decides whether any agency can be
#: named at all, so the agency regex only scans the few articles that might (words like "press" are too common)
AGENCY_WORDS = frozenset(
    "ap reuters afp bloomberg dpa xinhua tass itar pti ani ians upi pa cnn efe kyodo yonhap anadolu ansa sputnik".split()
)
AGENCY_PHRASES = ("associated press", "united press", "asian news", "deutsche presse", "agence france", "press trust", "press association")


def text_names_agency(article: Article, words: Optional[WordSet] = None, lowered: Optional[str] = None) -> bool:
    """Does the body name any agency at all? (most articles do not, and then most wire regexes can be skipped)

    ``words``/``lowered`` are the body's lowercased word set and text when the caller has them (the engine caches
    both); they only make the answer cheaper."""
    cached = article.__dict__.get(_NAMES_AGENCY_CACHE)
    if cached is not None and cached[0] is article.body:
        return cached[1]
    text = article.text
    if all(literal and literal not in text for literal in AGENCY_LITERALS):  # the regex cannot match
        article.__dict__[_NAMES_AGENCY_CACHE] = (article.body, False)
        return False
    if words is not None and words.isdisjoint(AGENCY_WORDS):
        low = lowered if lowered is not None else article.text.lower()
        if not ("press" in words or "news" in words or "presse" in words or "france" in words) or not any(p in low for p in AGENCY_PHRASES):
            article.__dict__[_NAMES_AGENCY_CACHE] = (article.body, False)
            return False
    found = bool(ANY_AGENCY_RE.search(text))
    article.__dict__[_NAMES_AGENCY_CACHE] = (article.body, found)
    return found


def find_credits(article: Article, words: Optional[WordSet] = None, lowered: Optional[str] = None) -> list[Credit]:
    """Every credit in byline, dateline (at the lede), credit lines, copyright lines, photo credits and credit
    metadata (HTML ``creditText``/``copyrightHolder``..., JSON ``agency``/``credit``...), in reading order.

    The result is memoised on the article (both the attribution and syndication detectors ask for it).
    ``words`` (the body's lowercased word set, if the caller has one) only speeds things up.
    """
    cached = article.__dict__.get(_CREDITS_CACHE)
    if cached is not None and cached[0] is article.body and cached[1] == article.byline_text:
        return list(cached[2])
    out: list[Credit] = []
    byline = article.byline_text
    if byline:
        if ANY_AGENCY_RE.search(byline):
            for name, rx in _AGENCY_RE.items():
                m = rx.search(byline)
                if m:
                    out.append(Credit("byline", "byline", m.start(), m.end(), agency=name, text=m.group(0)))
        m = GENERIC_SYNDICATION_RE.search(byline) if _may_be_syndication_note(byline.lower()) else None
        if m:
            out.append(Credit("syndication-note", "byline", m.start(), m.end(), text=m.group(0)))
    text = article.text
    lede = find_lede(article)
    spans = list(article.paragraph_spans())
    if lede is not None and spans:
        start = spans[lede][1]
        first = article.body[lede]
        m = match_dateline(first)
        if m:
            agency = agency_of(m.group("agency"))
            shown = m.group(0).strip()
            lead = m.group(0).index(shown[0]) if shown else 0
            out.append(Credit("dateline", "body", start + m.start() + lead, start + m.start() + lead + len(shown), agency=agency, text=shown))
        # a "By Jane Doe" line above the lede (or opening it, as aggregators print it)
        head_end = spans[lede][2]
        for m in (BODY_BYLINE_RE.finditer(text, 0, head_end) if lede or text.startswith(("By", "BY", "Written", "Posted", "Author")) else ()):
            names = re.split(r"\s*\((?:" + _AGENCY_ALT + r")\)|\s+[—–-]\s", m.group("names"))[0]
            if len(names) > 100 or re.search(r"[.!?]\s", names):
                continue
            out.append(Credit("byline", "body", m.start(), m.end(), agency=agency_of(m.group("names")), names=_split_names(names), text=m.group(0)))
    # cheap substring gates first: most articles have none of these lines, and each regex scans the whole text
    low = lowered if lowered is not None and len(lowered) == len(text) else text.lower()
    if words is not None:  # set lookups on the article's words: cheaper than scanning the text for each gate
        gates = {"contributor": "contributed" in words, "reporting": "by" in words and ("reporting" in words or "writing" in words), "follow": "follow" in words}
        may_copyright = "©" in text or "copyright" in words or "(c)" in low
        may_photo = "photo" in words or "reuters" in words or "afp" in words
        may_note = not words.isdisjoint(_NOTE_WORDS)
    else:
        gates = {"contributor": "contributed" in text, "reporting": "eporting by" in text or "riting by" in text, "follow": "Follow " in text}
        may_copyright = "©" in text or "copyright" in low or "(c)" in low
        may_photo = "Photo" in text or "REUTERS/" in text or "AFP" in text
        may_note = _may_be_syndication_note(low)
    for rx, kind in ((CONTRIBUTED_RE, "contributor"), (AGENCY_WRITERS_RE, "contributor"), (REPORTING_BY_RE, "reporting"), (WRITING_BY_RE, "reporting"), (FOLLOW_RE, "follow")):
        if not gates[kind]:
            continue
        for m in rx.finditer(text):
            groups = m.groupdict()
            names = groups.get("names") or groups.get("names2") or groups.get("name") or ""
            agency = agency_of(groups.get("agency") or "") if groups.get("agency") else None
            out.append(Credit(kind, "body", m.start(), m.end(), agency=agency, names=_split_names(names), text=m.group(0)))
    for m in (COPYRIGHT_RE.finditer(text) if may_copyright else ()):
        if not _copyright_ok(m):
            continue
        holder = (m.group("holder") or "").strip()
        year = int(m.group("year")) if m.group("year") else None
        out.append(Credit("copyright", "body", m.start(), m.end(), agency=agency_of(holder), names=(holder,) if holder else (), text=m.group(0), year=year))
    for m in (PHOTO_CREDIT_RE.finditer(text) if may_photo else ()):
        named = m.group("agency") or m.group("agency2") or m.group("agency3") or m.group("agency4") or ""
        out.append(Credit("photo", "body", m.start(), m.end(), agency=agency_of(named), text=m.group(0)))
    named_agency = text_names_agency(article, words, low)
    if named_agency or "agencies" in low or "wire services" in low:
        for m in IN_TEXT_CREDIT_RE.finditer(text):
            named = m.group("agency") or m.group("agency2") or m.group("agency3") or m.group("agency4") or ""
            if m.group("agency3") and not agency_of(named):
                out.append(Credit("syndication-note", "body", m.start(), m.end(), text=m.group(0)))
                continue
            out.append(Credit("in-text", "body", m.start(), m.end(), agency=agency_of(named), text=m.group(0)))
    if may_note:
        for m in GENERIC_SYNDICATION_RE.finditer(text):
            out.append(Credit("syndication-note", "body", m.start(), m.end(), text=m.group(0)))
    for m in (DW_TAG_RE.finditer(text) if named_agency else ()):
        for name in re.split(r",\s*", m.group("agencies")):
            out.append(Credit("in-text", "body", m.start(), m.end(), agency=agency_of(name), text=m.group(0)))
    for key in (METADATA_CREDIT_KEYS if article.metadata else ()):
        value = article.metadata.get(key)
        for s in _metadata_strings(value):
            agency = agency_of(s)
            if agency or GENERIC_SYNDICATION_RE.search(s):
                out.append(Credit("metadata", "metadata", 0, 0, agency=agency, text=f"{key}: {s[:200]}"))
    article.__dict__[_CREDITS_CACHE] = (article.body, byline, tuple(out))
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


# --- wire evidence ----------------------------------------------------------------------------------------------

_A = rf"(?:the\s+)?(?P<agency>{_AGENCY_ALT})"
#: (kind, words one of which every match contains, regex): each regex scans the whole body, so it runs only when
#: one of its words is there (a ``str.find`` each)
_EVIDENCE: tuple[tuple[str, tuple[str, ...], re.Pattern], ...] = (
    # the agency interviewed someone: "told Reuters", "in an interview with The Associated Press"
    ("told", ("told", "telling", "said to", "speaking to", "interview"), with_first_char_lookahead(rf"\b(?:told|telling|said to|speaking to|in an interview with|interviewed by)\s+{_A}\b(?!\s+(?:news agency|newswire|wire service|reported|in a report))")),
    # its staff were there: "a Reuters reporter saw", "an AFP photographer at the scene"
    ("staff-witness", ("reporter", "journalist", "photographer", "correspondent", "witness", "camera", "team"), with_first_char_lookahead(rf"\b(?:a|an|two|three|several|other)\s+(?P<agency>{_AGENCY_ALT})\s+(?:reporters?|journalists?|photographers?|correspondents?|witness(?:es)?|camera(?:man|men|woman|women|\s+crew)|team)\b")),
    # the agency speaks in the first person about its own checking: "Reuters could not independently verify"
    ("cannot-verify", ("verify", "confirm"), with_first_char_lookahead(rf"\b(?P<agency>{_AGENCY_ALT})\s+(?:said it\s+)?(?:was|were|is|has|had|could|cannot|can ?not|could not|couldn['’]t)\s+(?:not\s+)?(?:been\s+)?(?:able|unable)?\s*(?:to\s+)?(?:immediately\s+|independently\s+)*(?:verify|confirm)")),
    ("request-for-comment", ("comment",), with_first_char_lookahead(rf"\b(?:an?|the)\s+(?P<agency>{_AGENCY_ALT})\s+(?:request|requests|inquiry|query|email)\s+(?:for|seeking)\s+comment")),
    ("request-for-comment", ("contacted", "reached"), with_first_char_lookahead(rf"\b(?:contacted|reached)\s+by\s+{_A}\b")),
)
#: Reuters advisory ("trash") lines left at the top of a pasted update: "(Adds minister's reaction in paragraph 3)"
TRASH_LINE_RE = re.compile(r"^\((?:Adds|Updates|Recasts|Corrects|Changes|Refiles|Repeats|Rewrites|Writes through|Fixes)\b[^)\n]{3,200}\)", re.MULTILINE)
#: Reuters end tag naming reporters *and* editors: "(Reporting by X; Editing by Y)"
REUTERS_TAG_RE = re.compile(r"\((?:Additional\s+)?[Rr]eporting by [^)\n]{3,300}?;\s*(?:[Ww]riting|[Ee]diting) by [^)\n]{3,200}\)|^(?:Additional\s+)?[Rr]eporting by [^\n;]{3,200};\s*[Ee]diting by [^\n]{3,120}$", re.MULTILINE)

_EVIDENCE_CACHE = "_qc_evidence"


def find_wire_evidence(article: Article, credits: Optional[list[Credit]] = None, words: Optional[WordSet] = None) -> list[Evidence]:
    """Marks of an agency's own copy in the body, in reading order (memoised on the article)."""
    cached = article.__dict__.get(_EVIDENCE_CACHE)
    if cached is not None and cached[0] is article.body:
        return list(cached[1])
    text = article.text
    out: list[Evidence] = []
    if text_names_agency(article, words):
        for kind, needs, rx in _EVIDENCE:
            for m in (rx.finditer(text) if any(word in text for word in needs) else ()):
                out.append(Evidence(kind, m.start(), m.end(), agency_of(m.group("agency")), m.group(0)))
    if text.startswith("(") or "\n(" in text:  # trash lines open a paragraph
        for m in TRASH_LINE_RE.finditer(text):
            out.append(Evidence("trash-line", m.start(), m.end(), "Reuters", m.group(0)))
    if "eporting by" in text:
        for m in REUTERS_TAG_RE.finditer(text):
            out.append(Evidence("reuters-tag", m.start(), m.end(), "Reuters", m.group(0)))
    credits = find_credits(article, words) if credits is None else credits
    for c in credits:
        if c.kind == "photo":
            out.append(Evidence("photo", c.start, c.end, c.agency, c.text))
        elif c.kind in ("contributor", "follow") and c.agency is None:
            out.append(Evidence(c.kind, c.start, c.end, None, c.text))
    out.sort(key=lambda e: (e.start, e.end))
    article.__dict__[_EVIDENCE_CACHE] = (article.body, tuple(out))
    return out
