"""The note's own calendar settles the date shapes no context word explains.

"ED 1/8 w/ fever" could be a grade or a date; in a note whose other dates fall in January it is a
date. "ETT 2083 neg" could be a reading; in a note written in 2088 it is a year. The date recognizer
marks such shapes below any threshold (`UNCERTAIN_SOURCE`, `UNCERTAIN_YEAR_SOURCE`); this step
promotes a month/day whose month the note already dates things in (or the month either side), and a
year no later than the note's latest year and at most a lifetime before it. Across the windows of a
job the months and years travel as keyed digests in the state, like propagated values, so a window
sees the calendar of the whole document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.date_grammar import MONTH, YEAR4, month_number
from phiguard.inference.engine.recognizers.dates import UNCERTAIN_SOURCE, UNCERTAIN_YEAR_SOURCE
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.state import keyed_digest

# A date read confidently enough to vouch for its month.
_VOUCHING = 0.8
CALENDAR_CONFIDENCE = 0.7
_ISO = re.compile(YEAR4 + r"-(?P<m>\d{1,2})-\d{1,2}\b")
_MONTH_FIRST = re.compile(r"(?P<m>\d{1,2})[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|(?P<my>\d{1,2})/" + YEAR4 + r"\b")
_MONTH_NAME = re.compile(MONTH, re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)" + YEAR4 + r"(?!\d)")
# How far back a note's history reaches from its latest year: a lifetime.
_LOOKBACK_YEARS = 90


def month_of(value: str) -> int | None:
    """The month a date names (US order for numbers), or None when it names none."""
    value = value.strip()
    if m := _ISO.match(value):
        month = int(m.group("m"))
    elif m := _MONTH_FIRST.match(value):
        month = int(m.group("m") or m.group("my"))
    elif m := _MONTH_NAME.search(value):
        month = month_number(m.group())
    else:
        return None
    return month if 1 <= month <= 12 else None


def _digest(secret: bytes, month: int) -> str:
    return keyed_digest(secret, b"calendar", str(month)).hex()[:24]


def _year_digest(secret: bytes, year: int) -> str:
    return keyed_digest(secret, b"calendar-year", str(year)).hex()[:24]


def _vouching_values(text: str, spans: Iterable[Span]) -> list[str]:
    return [
        text[s.start : s.end]
        for s in spans
        if s.entity_type == "DATE" and s.confidence >= _VOUCHING and not s.source.endswith("_uncertain")
    ]


def dated(text: str, spans: Iterable[Span]) -> tuple[set[int], set[int]]:
    """The months and the four-digit years this text's confident dates name."""
    months, years = set(), set()
    for value in _vouching_values(text, spans):
        month = month_of(value)
        if month is not None:
            months.add(month)
        years.update(int(y) for y in _YEAR.findall(value))
    return months, years


def calendar_digests(secret: bytes, text: str, spans: Iterable[Span]) -> dict[str, str]:
    """State entries for the months and years this text dates things in (keyed: the state names neither)."""
    months, years = dated(text, spans)
    out = {_digest(secret, m): "DATE" for m in months}
    out.update({_year_digest(secret, y): "DATE" for y in years})
    return out


def from_calendar(
    text: str, candidates: Iterable[Span], resolved: list[Span], secret: bytes, known: Mapping[str, str] = {}
) -> list[Span]:
    """Uncertain month/day candidates whose month the note (or its job) already dates things in."""
    uncertain = [s for s in candidates if s.source in (UNCERTAIN_SOURCE, UNCERTAIN_YEAR_SOURCE)]
    if not uncertain:
        return []
    months, years = dated(text, resolved)
    months |= {m for m in range(1, 13) if _digest(secret, m) in known}
    near = {(m + k - 1) % 12 + 1 for m in months for k in (-1, 0, 1)}
    latest = max(years, default=0)
    taken = [(s.start, s.end) for s in resolved]
    extra = []
    for s in uncertain:
        if any(a < s.end and s.start < b for a, b in taken):
            continue
        value = text[s.start : s.end]
        if s.source == UNCERTAIN_SOURCE:
            ok = month_of(value) in near
        else:
            year = int(value)
            ok = year <= latest + 1 <= year + _LOOKBACK_YEARS + 1 or any(
                _year_digest(secret, y) in known for y in range(year - 1, year + _LOOKBACK_YEARS + 1)
            )
        if ok:
            extra.append(Span(s.start, s.end, "DATE", CALENDAR_CONFIDENCE, "date:calendar"))
    return extra
