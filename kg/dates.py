"""Turn date phrases ("May 12", "12 May 2025", "January") into typed literal values.

Takes the text of a DATE entity and, when known, the article's publication date.
Gives (lexical form, XSD datatype name): an xsd:date when the year is stated or the
publication date supplies it, else an xsd:gMonthDay or xsd:gYearMonth, never a
guessed year. Weekdays ("on Tuesday") and "yesterday" resolve only against a
publication date. Phrases it does not understand ("last week") give None.
"""
from __future__ import annotations

import datetime as dt
import re

MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
PATTERNS = [
    re.compile(rf"^{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?$", re.I),
    re.compile(rf"^(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?$", re.I),
    re.compile(rf"^(?:in\s+|early\s+|mid-?\s*|late\s+)?{_MONTH}(?:,?\s+{_YEAR})?$", re.I),
    re.compile(rf"^{_YEAR}-(?P<mnum>\d{{2}})-(?P<dnum>\d{{2}})$"),
]


def _nearest_year(month: int, day: int, pub: dt.date) -> int:
    """The year that puts month/day nearest the publication date (news looks both ways)."""
    def distance(year: int) -> int:
        try:
            return abs((dt.date(year, month, day) - pub).days)
        except ValueError:  # 29 February
            return abs((dt.date(year, month, 28) - pub).days)
    years = [y for y in (pub.year - 1, pub.year, pub.year + 1) if dt.MINYEAR <= y <= dt.MAXYEAR]
    return min(years, key=distance)


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}


def _relative(text: str, published: str | None) -> tuple[str, str] | None:
    """'Tuesday', 'late Tuesday', 'yesterday': a day counted from the publication date, which
    news reports look back from (the latest such weekday on or before it)."""
    if not published:
        return None
    words = text.lower().replace("last ", "").split()
    pub = dt.date.fromisoformat(published)
    try:
        for w in words:
            if w in RELATIVE:
                return (pub + dt.timedelta(days=RELATIVE[w])).isoformat(), "date"
            if w in WEEKDAYS:
                back = (pub.weekday() - WEEKDAYS.index(w)) % 7
                return (pub - dt.timedelta(days=back)).isoformat(), "date"
    except OverflowError:  # "tomorrow" of 9999-12-31: no such date
        return None
    return None


def parse(text: str, published: str | None = None) -> tuple[str, str] | None:
    """(lexical value, xsd type local name) for a date phrase, or None."""
    text = " ".join(text.split()).strip(" ,.")
    relative = _relative(text, published)
    if relative and not any(ch.isdigit() for ch in text):
        return relative
    for pattern in PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["mnum"]) if g.get("mnum") else MONTHS[g["month"].lower().rstrip(".")]
        day = int(g["dnum"]) if g.get("dnum") else int(g["day"]) if g.get("day") else None
        year = int(g["year"]) if g.get("year") else None
        if year is None and published:
            year = _nearest_year(month, day or 15, dt.date.fromisoformat(published))
        try:
            if day is not None and year is not None:
                return dt.date(year, month, day).isoformat(), "date"
            if day is not None:
                dt.date(2000, month, day)  # validates the day (2000 is a leap year)
                return f"--{month:02d}-{day:02d}", "gMonthDay"
            if year is not None:
                return f"{year:04d}-{month:02d}", "gYearMonth"
            return f"--{month:02d}", "gMonth"
        except ValueError:
            return None
        return None
    return None
