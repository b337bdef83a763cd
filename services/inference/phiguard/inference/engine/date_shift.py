"""Shift every date inside a string by one offset in days, keeping each date's written format.

Handles numeric (04/07/69, 2069-04-07, 7/22), month-name (Jan 3rd, 3 January 2019, Nov 2019, Mar14, 17APR),
month-only, year-only and holiday forms. Times are left as written: alone they are not PHI.
Months, ordinals and numeric formats are detection's own (date_grammar.py), read more loosely here
(any four-digit year): whatever reaches the shifter was already judged a date.
"""

from __future__ import annotations

from datetime import date, timedelta

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.date_grammar import (
    MONTH,
    MONTH_DAY,
    MONTH_NAMES,
    NUMERIC_DATE,
    ORDINAL,
    YEAR4,
    month_number,
    numeric_parts,
)

_MONTH_RX = r"(?P<mon>" + MONTH + r")(?P<dot>\.?)"
_HOLIDAYS = [
    "Christmas",
    "Thanksgiving",
    "Easter",
    "New Year's Day",
    "Memorial Day",
    "Labor Day",
    "Independence Day",
    "Halloween",
    "Veterans Day",
]
_REF_YEAR = 2000  # a leap year, so 2/29 without a year still shifts

_NUMERIC = re.compile(r"(?<!\d)" + NUMERIC_DATE + r"(?!\d)")
_MONTH_DAY_YEAR = re.compile(
    r"(?i)(?<![A-Za-z])" + _MONTH_RX + r"(?P<sp>\s*)(?P<d>\d{1,2})(?P<ord>" + ORDINAL + r")?"
    r"(?:(?P<ysep>\s*,\s*|\s+)(?P<y>\d{4}|'\d{2}|\d{2}))?(?!\d)"
)
_DAY_MONTH_YEAR = re.compile(
    r"(?i)(?<!\d)(?P<d>\d{1,2})(?P<ord>"
    + ORDINAL
    + r")?(?P<sp>(?:\s+of)?[\s-]*)"
    + _MONTH_RX
    + r"(?:(?P<ysep>\s*,\s*|[\s-]+)(?P<y>\d{4}|'?\d{2}))?(?![\w])"
)
_MONTH_YEAR = re.compile(
    r"(?i)(?<![A-Za-z])" + _MONTH_RX + r"(?P<sep>\s*,\s*|\s+(?:of\s+)?|-)(?P<y>\d{4}|'\d{2})(?!\d)"
)
_MONTH_ALONE = re.compile(r"(?i)(?<![A-Za-z])" + _MONTH_RX + r"(?![A-Za-z])")
_MONTH_YEAR_NUM = re.compile(r"(?<!\d)(?P<m>\d{1,2})(?P<s>/)(?P<y>\d{4}|(?:3[2-9]|[4-9]\d))(?!\d)")
_ISO_MONTH = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})(?![\d-])")
_PARTIAL = re.compile(r"(?<![\d:])" + MONTH_DAY + r"(?![\d:])")
_YEAR = re.compile(r"(?<!\d)(?P<y>" + YEAR4 + r"|'\d{2})(?!\d)")
_HOLIDAY = re.compile(
    r"(?i)"
    + "|".join(re.escape(h).replace(r"\ ", r"\s+").replace("'", "'?") for h in _HOLIDAYS)
    + r"|Christmas\s+Eve|New\s+Year'?s(?:\s+Eve)?|Fourth\s+of\s+July|July\s+4th"
)


def _ordinal(n: int) -> str:
    return "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _style_month(template: str, month: int) -> str:
    base = template.rstrip(".")
    name = MONTH_NAMES[month - 1]
    if len(base) == 3 or base.lower() == "sept":
        name = name[:3]
    if base.lower() == "sept" and month == 9:
        name = "Sept"
    if base.isupper():
        return name.upper()
    if base.islower():
        return name.lower()
    return name


def _pad(template: str, n: int) -> str:
    return f"{n:0{len(template)}d}" if template.startswith("0") or len(template) == 2 and n < 10 else str(n)


def _expand_year(y: str) -> int:
    yy = int(y.lstrip("'"))
    if len(y.lstrip("'")) == 4:
        return yy
    return 2000 + yy if yy <= 30 else 1900 + yy


def _write_year(template: str, year: int) -> str:
    if template.startswith("'"):
        return f"'{year % 100:02d}"
    return f"{year % 100:02d}" if len(template) == 2 else f"{year:04d}"


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


class DateShifter:
    def __init__(self, offset_days: int) -> None:
        if offset_days == 0:
            raise ValueError("offset must be non-zero")
        self.offset = timedelta(days=offset_days)
        self.year_delta = (1 if offset_days > 0 else -1) * max(1, round(abs(offset_days) / 365))

    def _shift(self, d: date) -> date:
        return d + self.offset

    def _month_shift(self, y: int, m: int) -> tuple[int, int]:
        # From mid-month, a shift of 30+ days always lands in another month.
        s = self._shift(date(y, m, 15))
        return s.year, s.month

    def shift(self, value: str) -> str:
        """Shift every date in `value`; parts that are not dates stay as written."""
        out = value
        taken: list[tuple[int, int]] = []
        edits: list[tuple[int, int, str]] = []
        for rx, fn in (
            (_NUMERIC, self._numeric),
            (_MONTH_DAY_YEAR, self._month_day),
            (_DAY_MONTH_YEAR, self._month_day),
            (_MONTH_YEAR, self._month_year),
            (_MONTH_YEAR_NUM, self._month_year_num),
            (_ISO_MONTH, self._iso_month),
            (_PARTIAL, self._partial),
            (_HOLIDAY, self._holiday),
            (_MONTH_ALONE, self._month_alone),
            (_YEAR, self._year),
        ):
            for m in rx.finditer(value):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                new = fn(m)
                if new is not None and new != m.group():
                    taken.append((m.start(), m.end()))
                    edits.append((m.start(), m.end(), new))
        for s, e, new in sorted(edits, reverse=True):
            out = out[:s] + new + out[e:]
        return out

    def _numeric(self, m: re.Match[str]) -> str | None:
        a, sep, b, c = numeric_parts(m)
        if len(a) == 4:
            d = _safe_date(int(a), int(b), int(c))
            if d is None:
                return None
            n = self._shift(d)
            return f"{n.year:04d}{sep}{_pad(b, n.month)}{sep}{_pad(c, n.day)}"
        if len(c) not in (2, 4):
            return None
        day_first = int(a) > 12
        mo, dy = (int(b), int(a)) if day_first else (int(a), int(b))
        d = _safe_date(_expand_year(c), mo, dy)
        if d is None:
            return None
        n = self._shift(d)
        first, second = (_pad(a, n.day), _pad(b, n.month)) if day_first else (_pad(a, n.month), _pad(b, n.day))
        return f"{first}{sep}{second}{sep}{_write_year(c, n.year)}"

    def _month_day(self, m: re.Match[str]) -> str | None:
        mon = month_number(m.group("mon"))
        y = m.group("y")
        d = _safe_date(_expand_year(y) if y else _REF_YEAR, mon, int(m.group("d")))
        if d is None:
            return None
        n = self._shift(d)
        month = _style_month(m.group("mon"), n.month) + m.group("dot")
        day = _pad(m.group("d"), n.day) + (
            (_ordinal(n.day) if m.group("ord").islower() else _ordinal(n.day).upper()) if m.group("ord") else ""
        )
        year = (m.group("ysep") + _write_year(y, n.year)) if y else ""
        if m.group().lower().startswith(m.group("mon").lower()):
            return f"{month}{m.group('sp')}{day}{year}"
        return f"{day}{m.group('sp')}{month}{year}"

    def _month_year(self, m: re.Match[str]) -> str:
        y, mo = self._month_shift(_expand_year(m.group("y")), month_number(m.group("mon")))
        return f"{_style_month(m.group('mon'), mo)}{m.group('dot')}{m.group('sep')}{_write_year(m.group('y'), y)}"

    def _month_year_num(self, m: re.Match[str]) -> str | None:
        if not 1 <= int(m.group("m")) <= 12:
            return None
        y, mo = self._month_shift(_expand_year(m.group("y")), int(m.group("m")))
        return f"{_pad(m.group('m'), mo)}/{_write_year(m.group('y'), y)}"

    def _iso_month(self, m: re.Match[str]) -> str | None:
        if not 1 <= int(m.group("m")) <= 12:
            return None
        y, mo = self._month_shift(int(m.group("y")), int(m.group("m")))
        return f"{y:04d}-{mo:02d}"

    def _partial(self, m: re.Match[str]) -> str | None:
        d = _safe_date(_REF_YEAR, int(m.group("m")), int(m.group("d")))
        if d is None:
            return None
        n = self._shift(d)
        return f"{_pad(m.group('m'), n.month)}{m.group('sep')}{_pad(m.group('d'), n.day)}"

    def _month_alone(self, m: re.Match[str]) -> str:
        _, mo = self._month_shift(_REF_YEAR, month_number(m.group("mon")))
        return _style_month(m.group("mon"), mo) + m.group("dot")

    def _year(self, m: re.Match[str]) -> str:
        y = m.group("y")
        return _write_year(y, _expand_year(y) + self.year_delta)

    def _holiday(self, m: re.Match[str]) -> str:
        idx = next(
            (i for i, h in enumerate(_HOLIDAYS) if h.lower().replace("'", "") in m.group().lower().replace("'", "")), 0
        )
        new = _HOLIDAYS[(idx + 1 + abs(self.offset.days)) % len(_HOLIDAYS)]
        if new.lower() == m.group().lower():
            new = _HOLIDAYS[(idx + 2) % len(_HOLIDAYS)]
        return new.upper() if m.group().isupper() else new
