"""Dates as news pages write them, parsed without a dependency: ISO stamps, "Apr 01, 2022", "15 May 2025",
"01-04-2022 17:09 IST", URL paths like ``/2022/09/08/``. Only dates with a year count: a weekday or "July 15"
alone cannot date a story (research/attribution.md §1.7)."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Iterator, Optional

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
DATE_RES = (
    re.compile(rf"\b{_YEAR}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?!\d)"),
    re.compile(rf"\b(?P<d>\d{{1,2}})[-.](?P<m>\d{{1,2}})[-.]{_YEAR}\b"),  # 01-04-2022: day first (most of the world)
    re.compile(rf"\b(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/{_YEAR}\b"),  # 04/01/2022: month first (US)
    re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.IGNORECASE),
)
URL_DATE_RE = re.compile(r"/(?P<year>(?:19|20)\d{2})[/-](?P<m>\d{1,2})(?:[/-](?P<d>\d{1,2}))?(?=[/-])")


def _make(year: str, month: int, day: int) -> Optional[date]:
    if month > 12 and day <= 12:
        month, day = day, month
    try:
        return date(int(year), month, day)
    except ValueError:
        return None


def _from_match(m: re.Match) -> Optional[date]:
    groups = m.groupdict()
    month = MONTHS[groups["mon"].lower()[:3]] if groups.get("mon") else int(groups["m"])
    return _make(groups["year"], month, int(groups.get("d") or 1))


def find_dates(text: str) -> Iterator[tuple[date, int, int]]:
    """Every full date (day, month and year) in ``text`` as (date, start, end)."""
    taken: list[tuple[int, int]] = []
    for rx in DATE_RES:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            d = _from_match(m)
            if d is not None:
                taken.append(m.span())
                yield d, m.start(), m.end()


_ISO = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


def parse_date(value: object) -> Optional[date]:
    """The earliest full date in a metadata value ("Updated: 01-04-2022 | Created: 01-04-2022" -> created)."""
    if value is None:
        return None
    text = str(value).strip()[:300]
    m = _ISO.match(text)  # the common case, a plain ISO date or timestamp
    if m:
        return _make(m.group(1), int(m.group(2)), int(m.group(3)))
    return _parse_loose(text)


@lru_cache(maxsize=2048)
def _parse_loose(text: str) -> Optional[date]:
    found = [d for d, _, _ in find_dates(text)]
    return min(found) if found else None


def url_date(url: Optional[str]) -> Optional[tuple[date, str]]:
    """A date in a URL path (``/2022/09/08/``, ``/2022/4/1/``; year/month alone counts as the 1st)."""
    if not url:
        return None
    m = URL_DATE_RE.search(url)
    if not m:
        return None
    d = _make(m.group("year"), int(m.group("m")), int(m.group("d") or 1))
    return (d, m.group(0)) if d else None
