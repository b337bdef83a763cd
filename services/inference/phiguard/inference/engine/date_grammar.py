"""How clinical text writes a date: month names and abbreviations, ordinals, years, numeric formats.

Detection (recognizers/dates.py), the note's calendar (calendar.py) and date shifting (date_shift.py) all
read dates through these pieces, so a form the recognizer finds is a form the shifter can rewrite. The
patterns are fragments without flags: each caller decides case and what may stand around them.
"""

from __future__ import annotations

from phiguard.inference.engine import linear_re as re

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Three letters of every month, and "Sept", the one four-letter cut notes also use.
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_MONTH_NUMBERS = {
    form.lower(): number
    for number, name in enumerate(MONTH_NAMES, 1)
    for form in (name, *(a for a in MONTH_ABBREVIATIONS if name.startswith(a)))
}
# Any month name or abbreviation above, the longest form of each tried first (no groups).
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
ORDINAL = r"(?:st|nd|rd|th)"
# The years a clinical note's dates fall in; a four-digit number outside them is a count or a reading.
YEAR4 = r"(?:1[89]\d{2}|2[01]\d{2})"
# A full numeric date: two numbers and a year, or a year first (04/07/69, 4-7-2069, 2069-04-07, 07.04.2069).
# The same separator stands twice; `mid` holds both with the middle number, read apart by `numeric_parts`.
NUMERIC_DATE = r"(?P<a>\d{1,4})(?P<mid>/\d{1,2}/|\.\d{1,2}\.|-\d{1,2}-)(?P<c>\d{2,4})"
# A month and its day without a year (7/22, 12-3); after a single dot the digits are a decimal.
MONTH_DAY = r"(?P<m>\d{1,2})(?P<sep>[/-])(?P<d>\d{1,2})"


def is_month_word(form: str) -> bool:
    """Any month name or abbreviation above, in any case."""
    return form.lower() in _MONTH_NUMBERS


def month_number(form: str) -> int:
    """1-12 for any month name or abbreviation in any case ("Sept", "JANUARY", "jun")."""
    return _MONTH_NUMBERS[form.lower()]


def numeric_parts(match: re.Match[str]) -> tuple[str, str, str, str]:
    """The first number, the separator, the middle number and the last number of a `NUMERIC_DATE` match."""
    mid = match.group("mid")
    return match.group("a"), mid[0], mid[1:-1], match.group("c")
