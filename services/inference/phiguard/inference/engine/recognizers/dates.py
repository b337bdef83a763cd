"""Dates in every shape clinical text writes them, one rule for each.

HIPAA counts every element of a date except a bare year, and a year too once it sits in date
context ("since 2019"); weekday names and times alone are not PHI and are never emitted.
"""

from __future__ import annotations

from collections.abc import Callable

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.date_grammar import (
    MONTH,
    MONTH_ABBREVIATIONS,
    MONTH_DAY,
    MONTH_NAMES,
    NUMERIC_DATE,
    ORDINAL,
    numeric_parts,
)
from phiguard.inference.engine.date_grammar import YEAR4 as _YEAR4
from phiguard.inference.engine.lines import start_of_line
from phiguard.inference.engine.recognizers.base import Part, Rule, RuleRecognizer, once_per_note, read_once
from phiguard.inference.engine.recognizers.month_day import (
    DASHED,
    DATED,
    UNCERTAIN,
    UNDATED,
    clock_time_after,
    fraction_context,
    month_day_reading,
    result_after,
    valid_month_day,
)
from phiguard.inference.engine.vocab import is_measurement_name, is_unit

_I = re.IGNORECASE

_ORD = ORDINAL + "?"
# "May" alone is a verb or a name as often as the month: only a preposition makes it one (_MONTH_ABBR_IN_CONTEXT).
_NAMES_BUT_MAY = [n for n in MONTH_NAMES if n != "May"]
_ABBREVIATIONS_BUT_MAY = [a for a in MONTH_ABBREVIATIONS if a != "May"]
# A clock time after a date, part of its span: the hour, then the rest (minutes, seconds, am/pm, a zone).
_AFTER_HOUR = r":\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?"
_TIMED = r"(?:[ \t]+|T)\d{1,2}" + _AFTER_HOUR

# Full dates with numbers: 04/07/69, 4-7-2069, 2069-04-07, 07.04.2069 (+ an optional time).
_NUMERIC = re.compile(r"(?<![\w/.:-])" + NUMERIC_DATE + r"(?:" + _TIMED + r")?")
# What may follow a numeric date without a time: a time's "T14", or no word, slash, dash or decimal. RE2 reads
# a lookahead only where a pattern ends, and a time may follow the date, so this is checked after the match
# (the date's digits read only one way: no other match at that start is lost).
_NUMERIC_END = re.compile(r"(?=T\d)|(?![\w/-]|\.\d)")
# The year may not run on into digits, and a time may follow it. The month, day and year read only one way,
# so the two endings can be alternatives of their own, each ending where RE2 reads its lookahead.
_MDY = r"(?<![\w])" + MONTH + r"\.?\s+\d{1,2}" + _ORD + r"(?:\s*,\s*|\s+)(?:" + _YEAR4 + r"|'\d{2})"
_MONTH_DAY_YEAR = re.compile(_MDY + _TIMED + "|" + _MDY + r"(?!\d)", _I)
_MONTH_DAY_SHORTYEAR = re.compile(r"(?<![\w])" + MONTH + r"\.?\s+\d{1,2}" + _ORD + r"\s*,\s*\d{2}(?![\d:/.])", _I)
# "3rd of Jan", "3 January, 2069", "3-Jan-69 14:30": no word may follow the date, so a time follows a blank.
# Its endings are alternatives of their own (RE2 reads a lookahead only where a pattern ends), matching as
# they always did: two digits after the month are its year ("3 Jan 10:00" is "3 Jan 10"), so only a
# one-digit hour follows the month itself.
_DMY_DAY_MONTH = r"(?<![\w])\d{1,2}" + _ORD + r"(?:\s+of)?[\s-]+" + MONTH + r"\.?"
_DMY_YEAR = r"(?:\s*,\s*|[\s-]+)(?:" + _YEAR4 + r"|'?\d{2})"
_DAY_MONTH_YEAR = re.compile(
    _DMY_DAY_MONTH + _DMY_YEAR + r"[ \t]+\d{1,2}" + _AFTER_HOUR
    + "|" + _DMY_DAY_MONTH + r"[ \t]+\d" + _AFTER_HOUR
    + "|" + _DMY_DAY_MONTH + r"(?:" + _DMY_YEAR + r")?(?![\w])",
    _I,
)
_MONTH_DAY = re.compile(r"(?<![\w])" + MONTH + r"\.?\s+\d{1,2}" + _ORD + r"(?![\w:/]|\.\d)", _I)
_MONTH_YEAR = re.compile(r"(?<![\w])" + MONTH + r"\.?(?:\s*,\s*|\s+(?:of\s+)?|-)(?:" + _YEAR4 + r"|'\d{2})(?!\d)", _I)
_MONTH_ALONE = re.compile(
    r"(?<![\w])(?:" + "|".join(_NAMES_BUT_MAY + [n.upper() for n in _NAMES_BUT_MAY]) + r")(?![\w])"
)
_MONTH_YEAR_NUM = re.compile(r"(?<![\w/.:-])(?P<m>\d{1,2})/(?P<y>" + _YEAR4 + r"|\d{2})(?![\w/]|\.\d)")
_ISO_MONTH = re.compile(r"(?<![\w/.:-])" + _YEAR4 + r"-(?:0[1-9]|1[0-2])(?![\w/-]|\.\d)")
_PARTIAL = re.compile(r"(?<![\w/.:-])" + MONTH_DAY + r"(?![\w/-]|[.:]\d)")
_YEAR_IN_CONTEXT = re.compile(
    r"(?<![\w])(?:in|since|from|until|till|by|during|circa|ca\.|year|of|summer|winter|spring|fall|autumn|early|late|"
    r"mid|before|after|around|through|thru|to|class\s+of|born|DOB|dated|died|deceased|married|divorced|retired|"
    r"diagnosed|dx'?d?|s/p|status\s+post|underwent|had|performed|done|last)\s*:?\s+(?:the\s+(?:year\s+)?)?(?:~|ca\.?\s*)?"
    # no unit after the year (one lookahead, each unit its own alternative: RE2's form; "unit" covers "units")
    r"(?P<y>" + _YEAR4 + r"|'\d{2})(?![\w]|\s*mg|\s*mcg|\s*g|\s*ml|\s*cc|\s*unit|\s*%|\s*kcal|\s*cal|\s*ft|\s*feet|"
    r"\s*m|\s*meters|\s*steps|\s*pack)",
    _I,
)
# A month abbreviation alone (and May) needs a preposition ("A1c 7.9 in Jan"); a year in a parenthetical list
# ("PCI (2017, ...)") is a date too.
_MONTH_ABBR_IN_CONTEXT = re.compile(
    r"(?<![\w])(?i:in|since|from|until|till|by|during|early|late|mid|last|next|this|of|started|stopped|began|"
    r"restarted|resumed|changed|increased|decreased|held|seen|appt|appointment|visit|due)(?:[ \t]+(?:-[ \t]*)?|-)"
    r"(?P<m>(?:" + "|".join(_ABBREVIATIONS_BUT_MAY) + r")\.?|"
    r"(?:" + "|".join(a.upper() for a in _ABBREVIATIONS_BUT_MAY) + r")|"
    # "seen in May": after a preposition May is the month, unless a verb follows it (_MAY_VERB)
    r"May|MAY)(?![\w])"
)
# "in May be": the verb after May is checked once the match is made, RE2 reading a lookahead only where a
# pattern ends (the preposition and May read one way, and no match can start inside them: nothing is lost).
_MAY_VERB = re.compile(
    r"[ \t]+(?i:be|have|not|need|also|require|want|help|represent|indicate|reflect|suggest|benefit|consider|continue|"
    r"return|resume|use|take|go|start|stop|increase|decrease|cause|contribute|progress|develop|experience|occur|"
    r"proceed|follow|call|contact|see|get|try|feel|notice|improve|worsen|respond|result|lead|well|still|even|"
    r"provide|allow|affect|appear|make|mean|explain|account|eventually|potentially|possibly|actually|only|just|"
    r"never|always|again)\b"
)
# "Colles fracture R wrist '86", "lung CA'87": an apostrophe and two digits after a word, or glued to it, are a
# year (5'10" is a height)
_TWO_DIGIT_YEAR = r"['’]\d{2}(?![\d'’\w\"])"
# Glued to the word of the event it dates: two letters or more ("fx3/96", "CA'87"); one is a course's day ("d5/7")
_GLUED_TO_EVENT = r"(?<=[A-Za-z]{2})"
_APOSTROPHE_YEAR = re.compile(r"(?<=[A-Za-z,)][ \t])" + _TWO_DIGIT_YEAR)
_APOSTROPHE_YEAR_GLUED = re.compile(_GLUED_TO_EVENT + _TWO_DIGIT_YEAR)
# "last BM Mar14", "17APR", "extubated 5aug": a day glued to a month's abbreviation, on either side; written as the
# note's own case has it (Mar, MAR, mar), and not May (a word glued to a count: "may2")
_DAY = r"(?:[1-9]|[12]\d|3[01])"
_MONTH_GLUED_FORMS = "|".join(f for a in _ABBREVIATIONS_BUT_MAY for f in (a, a.upper(), a.lower()))
_DAY_MONTH_GLUED = re.compile(
    r"(?<![\w/.-])(?:" + _DAY + r"(?:" + _MONTH_GLUED_FORMS + r")|(?:" + _MONTH_GLUED_FORMS + r")" + _DAY + r")"
    r"(?![\w/:.-])"
)
# "weight 71 kg (Sept)": a month abbreviated (or as short: June, July) alone in brackets
_MONTH_IN_BRACKETS = re.compile(r"(?<=\()(?P<m>" + "|".join(MONTH_ABBREVIATIONS) + r"|June|July)\.?(?=\))")
# "CABG 2085, MI '79", "colonoscopy 2088 normal", "Tdap 2089": a year right after a procedure, diagnosis,
# test or vaccine dates that event. Lab names are not here ("BNP 2085" is a reading; the veto knows them).
_EVENT_WORDS = frozenset(
    """
cabg pci ptca stent stents stenting appy appendectomy chole cholecystectomy colonoscopy colo egd sigmoidoscopy
mammogram mammo mammography pap dexa echo tte tee cath catheterization mri ct cxr biopsy bx surgery repair
replacement tka tha thr tkr hysterectomy tah bso c-section csection turp laparoscopy mastectomy lumpectomy
lobectomy avr mvr tavr ablation pacemaker ppm aicd icd defibrillator transplant amputation fusion laminectomy
orif fx fracture stroke cva tia mi nstemi stemi dvt pe pna pneumonia uti ca cancer dm htn afib chf copd hepatitis
hcv hbv tb ppd tdap td pneumovax ppsv23 pcv13 prevnar zostavax shingrix flu influenza vaccine vaccinated
immunization covid egd ercp angioplasty angiogram angio bypass cabgx3 cabgx4 thyroidectomy nephrectomy
prostatectomy radiation xrt chemo chemotherapy diagnosis dx dx'd diagnosed seizure overdose admission
hospitalization hospitalized surgery operation cystoscopy
nsvd svd delivery delivered miscarriage sab tab ltcs vbac d&c iud quit incision
""".split()
)
_YEAR_AFTER_EVENT = re.compile(
    r"(?<![\w])(?P<w>[A-Za-z][A-Za-z'/-]*)\.?,?[ \t]+(?:[xX][ \t]?\d[ \t]+)?(?:(?i:in)[ \t]+)?"
    # "appendectomy ~2005", "gene test ca. 2012": an approximate year is still the event's year
    r"(?:~[ \t]?|(?i:ca\.|circa|approx\.?)[ \t]+)?"
    r"(?P<y>" + _YEAR4 + r"|'\d{2})(?![\w/:-]|\.\d)"
)
# "MI 93, CABG 86, redo 90": a history list of events, each with two digits after it. One such pair alone may be a
# reading or a count ("Ca 10", "CT 45"), so the list must hold two events; an item in it whose word is no event
# ("redo 90") is dated as its neighbours are, unless its word names a reading ("MI 93, EF 35").
_EVENT_YEAR_ITEM = r"[A-Za-z][A-Za-z/-]*[ \t]+\d{2}"
_EVENT_YEARS_LIST = re.compile(r"(?<![\w/-])" + _EVENT_YEAR_ITEM + r"(?:[ \t]*[,;][ \t]*" + _EVENT_YEAR_ITEM + r")+")
_EVENT_YEAR_PAIR = re.compile(r"(?P<w>[A-Za-z][A-Za-z/-]*)[ \t]+(?P<y>\d{2})")
# What may not follow the two digits of an item: more of a number, a unit, a ratio or a time ("86%", "93.5", "12/5")
_NOT_A_YEAR_AFTER = re.compile(r"[\w/:%'’-]|\.\d")
# "OB hx: 2088 NSVD", "2079 CABG x3": the year first, then the event.
_YEAR_BEFORE_EVENT = re.compile(r"(?<![\w/.:-])(?P<y>" + _YEAR4 + r")[ \t]+(?:-[ \t]+)?(?P<w>[A-Za-z][A-Za-z&'/-]*)")
# "end of march", "since june": a month in lower case after a preposition (never "may").
_LOWER_MONTH_IN_CONTEXT = re.compile(
    r"(?<![\w])(?:in|since|until|till|by|during|early|late|mid|end[ \t]+of|beginning[ \t]+of|last|next|this|of|"
    r"seen|appt|appointment|visit|due)[ \t]+"
    r"(?P<m>" + "|".join(n.lower() for n in _NAMES_BUT_MAY) + r")(?![\w])"
)
# "admitted on the 14th, discharged on the 21st", "drawn on the 14th shows": a day of the month; "on the 4th floor"
# is a floor and "since the 2nd trimester" a stage: ordinals count these nouns too.
_ORDINAL_NOUNS = (
    "floor|floors|toe|toes|finger|fingers|digit|digits|rib|ribs|metatarsal|metacarpal|ray|intercostal|ics|cranial|"
    "nerve|nerves|lumbar|thoracic|cervical|sacral|percentile|attempt|attempts|time|times|try|grade|trimester|"
    "cycle|cycles|dose|doses|day|days|week|weeks|month|months|year|years|decade|generation|degree|heart|sound|"
    "place|line|round|rounds|session|sessions|visit|visits|pregnancy|child|baby|birthday|edition|street|st|ave|"
    "avenue|order|party|person|level|levels|layer|space|branch|division|stage|step|compartment|portion|part|"
    "segment|quadrant|interspace|ventricle|one|bed|room|shift|opinion|component|injection|infusion|treatment|"
    "fraction|pass|phase|arm|leg|lap|postoperative|post-op|hospital|grader|graders|birth|dorsal|web|interossei"
)
_ORDINAL_DAY = re.compile(
    r"(?<![\w])(?i:on|since|until|till|by|from|before|after|through|thru|for|and|or|around|about|circa)[ \t]+the[ \t]+"
    # then punctuation, the end, or a lower-case word that is no ordinal's noun (_ORDINAL_NOUN, checked after the
    # match: RE2 reads a lookahead only where a pattern ends, and the words before the ordinal read one way)
    r"(?P<d>(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th))"
    r"(?=[ \t]*(?:[,.;:)\"”]|\Z|\n)|[ \t]+[a-z])"
)
_ORDINAL_NOUN = re.compile(r"[ \t]+(?i:" + _ORDINAL_NOUNS + r")s?\b")
# "review Fri 20th", "Thursday 3rd": a weekday pins the ordinal to a day of the month.
_WEEKDAY_ORDINAL = re.compile(
    r"(?<![\w])(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?i:day|sday|nesday|rsday|urday)?\.?[ \t]+"
    r"(?:the[ \t]+)?(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)(?![\w])"
)
# "(2017, ...)", "(CABG, 2017)": the year, group y or y2; after a comma its space is matched (a lookbehind
# among alternatives must be one character wide for RE2), so the span is the group's.
_YEAR_PAREN = re.compile(r"(?<=\()(?P<y>" + _YEAR4 + r")(?=[,;)])|(?<=,) (?P<y2>" + _YEAR4 + r")(?=\))")
_SEASON_YEAR = re.compile(
    r"(?<![\w])(?i:(?:early|late|mid-?)\s*)?(?i:spring|summer|fall|autumn|winter)(?:\s+of)?\s+(?:"
    + _YEAR4
    + r"|'\d{2})(?!\d)"
)
# "in 9/68": month and two-digit year (a second number over 31 cannot be a day).
_MONTH_AND_SHORTYEAR = r"(?P<m>\d{1,2})/(?P<y>\d{2})(?![\w/]|[.:]\d)"
_MONTH_SHORTYEAR = re.compile(r"(?<![\w/.:-])" + _MONTH_AND_SHORTYEAR)
# Glued to the event it dates: "hip fx3/96", "CVA11/72"
_MONTH_SHORTYEAR_GLUED = re.compile(_GLUED_TO_EVENT + _MONTH_AND_SHORTYEAR)
# The word a number is glued to, read back from the number: "fx" of "wrist fx6/03"
_GLUED_WORD = re.compile(r"[A-Za-z]+$")
# History lists: "2017: CABG", "1998 - appendectomy" at the start of a line.
_YEAR_LIST_ITEM = re.compile(r"(?m)^[ \t]*(?:[-*•]\s*)?(?P<y>" + _YEAR4 + r")[ \t]*(?::|-|–)[ \t]*(?=[A-Za-z])")
_YEAR_RANGE = re.compile(r"(?<![\w/.-])(?P<a>" + _YEAR4 + r")\s*(?:-|to|through)\s*(?P<b>" + _YEAR4 + r")(?![\w/-])")
# A decade of a history: "in the 1980s", "TURP 1980's", "IN THE EARLY 1990S"; not a range of readings ("in the 2000s
# range")
_DECADE = re.compile(r"(?<![\w'’])(?:19|20)\d0['’]?[sS](?![\w'’])")
_RANGE_WORD_AFTER = re.compile(r"(?i)[ \t]*range")
_CLOCK_WORDS = {"from", "until", "till", "by", "to", "at", "through", "thru", "after", "before", "around", "since"}
_HOLIDAY = re.compile(
    r"(?<![\w])(?:Christmas(?:\s+(?:Eve|Day))?|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|New\s+Year'?s(?:\s+(?:Day|Eve))?|"
    r"Memorial\s+Day|Labor\s+Day|Independence\s+Day|Fourth\s+of\s+July|July\s+4th|Halloween|Valentine'?s\s+Day|"
    r"X-?mas|Veterans\s+Day|Mother'?s\s+Day|Father'?s\s+Day|Hanukkah|Yom\s+Kippur|Rosh\s+Hashanah|"
    r"Boxing\s+Day|Good\s+Friday|Easter\s+Monday|Juneteenth|Kwanzaa|Diwali|Passover|Eid(?:\s+al-(?:Fitr|Adha))?|"
    r"(?:Lunar|Chinese)\s+New\s+Year|St\.?\s+Patrick'?s\s+Day|Canada\s+Day|Hogmanay)"
    r"(?:,?[ \t]+(?:" + _YEAR4 + r"|'\d{2}))?(?![\w])",  # "Thanksgiving 2090", "xmas '89"
    _I,
)

# "1/9-1/18", "12/28 - 1/3": a range of days; a range of scores ("4/5-5/5") shares its denominator.
_PARTIAL_RANGE = re.compile(
    r"(?<![\w/.:-])(?P<m1>\d{1,2})/(?P<d1>\d{1,2})[ \t]*[-–][ \t]*(?P<m2>\d{1,2})/(?P<d2>\d{1,2})(?![\w/-]|[.:]\d)"
)
# A flowsheet: rows that start with a clock time no year can be ("0715 - report received").
_FLOWSHEET_TIME = re.compile(r"(?m)^[ \t]*(?:0\d|1[0-7]|2[23])[0-5]\d[ \t]*[-:]")


def _clock_like(value: str) -> bool:
    # A run of thousands of digits is no clock; int() of it would cost quadratic time (or refuse).
    minutes = value[2:].lstrip("0")
    return int(value[:2]) < 24 and len(minutes) <= 2 and int(minutes or "0") < 60


# A year alone ("ETT 2083 neg", "tolerated cephalexin 2059"): a reading, a dose or a clock time as often,
# so only a note whose own dates reach that year makes it one (engine/calendar.py).
_BARE_YEAR = re.compile(r"(?<![\w/.:,#$~-])(?P<y>(?:19|20|21)\d{2})(?![\w/:%-]|[.,]\d)")
# "2019-2021", "1990 to 2000": the start of a range of years or numbers, never a year alone. Checked after the
# match (its four digits read one way), since RE2 reads no negative lookahead with blanks on both sides of a dash.
_RANGE_AFTER = re.compile(r"[ \t]*(?:[-–][ \t]*|to[ \t]+)\d")
_PREV_WORD = re.compile(r"([A-Za-z][\w/'-]*)[ \t:=]*$")
_NEXT_WORD = re.compile(r"[ \t]*([A-Za-z/%][\w/%]*)")
_CLOCK_BEFORE = frozenset(
    "at @ due by until till from to through thru after before around q every next start starting".split()
)
# Below any sensible threshold: dates only the note's calendar can confirm (engine/calendar.py).
UNCERTAIN_PARTIAL = 0.35
UNCERTAIN_SOURCE = "date:partial_uncertain"
UNCERTAIN_YEAR_SOURCE = "date:year_uncertain"


def _numeric_ok(match: re.Match[str]) -> bool:
    a, sep, b, c = numeric_parts(match)
    if len(a) == 4:  # year first (ISO)
        return 1800 <= int(a) <= 2199 and valid_month_day(int(b), int(c)) and len(c) <= 2
    if len(a) == 3 or len(c) == 3:
        return False
    if len(c) == 4 and not 1800 <= int(c) <= 2199:
        return False
    ai, bi = int(a), int(b)
    if not (valid_month_day(ai, bi) or valid_month_day(bi, ai)):
        return False
    if sep == "." and len(c) != 4 and not (len(a) == len(b) == 2):
        return False  # 1.2.30 is a version or a list number far more often than a date; 13.09.24 is a date
    return True


def _could_be_year(text: str, start: int, end: int) -> bool:
    line_start = start_of_line(text, start)
    prev = _PREV_WORD.search(text, max(line_start, start - 30), start)
    nxt = _NEXT_WORD.match(text, end, end + 20)
    if prev and is_measurement_name(prev.group(1)):
        return False  # "BNP 2085", "plt 1990"
    if nxt and (is_unit(nxt.group(1)) or nxt.group(1).lower() in ("x", "hrs", "hours", "h")):
        return False  # "2000 mL", "1800 kcal"
    if prev and prev.group(1).lower() in ("than", "over", "under", "above", "below"):
        return False  # "B12 greater than 2000": a reading
    # a number opening a line reads as a flowsheet's clock time ("1945 pt resting") more often than a year
    if not text[line_start:start].strip():
        return False
    return not clock_time(text, start, end, prev.group(1) if prev else "")


def clock_time(text: str, start: int, end: int, prev_word: str | None) -> bool:
    """A four-digit number read as a 24-hour clock: "1830 - fall risk high", "next due 2000"; not a year
    followed by its own clock time ("1956 01:40 NSG NOTE") or a heading colon ("ECHO 2013: EF 68%")."""
    if not _clock_like(text[start:end]):
        return False
    after = text[end : end + 10]
    if clock_time_after(after):
        return False
    if prev_word is not None:
        return prev_word.lower() in _CLOCK_BEFORE
    return re.match(r"[ \t]*[-:]", after) is not None


def _numeric_date(text: str, m: re.Match[str]) -> bool:
    return (m.end() > m.end("c") or _NUMERIC_END.match(text, m.end()) is not None) and _numeric_ok(m)


def _numeric_parts(text: str, m: re.Match[str]) -> list[Part]:
    # a four-digit year leaves no doubt which number is the year
    return [(m.start(), m.end(), 0.95 if len(m.group("a")) == 4 or len(m.group("c")) == 4 else 0.9)]


def _month_day_ok(text: str, m: re.Match[str]) -> bool:
    word = m.group().split()[0].rstrip(".")
    day = int(re.match(r"\d+", m.group().split()[-1]).group())
    # "may 2" in lower case is usually the verb; "Mar 3"/"Dec 3" in lower case are often abbreviations.
    return day <= 31 and not (word.islower() and word.lower() in ("may", "mar", "dec", "jan", "sept", "sep"))


def _month_year_numeric_ok(text: str, m: re.Match[str]) -> bool:
    return 1 <= int(m.group("m")) <= 12 and len(m.group("y")) == 4


def _not_a_clock_time(text: str, m: re.Match[str]) -> bool:
    # "from 2100", "until 2330", "weaned off by 1800": a 24-hour clock time, not a year; no one in a note's care
    # has a year of the 1800s to date.
    y, word = m.group("y"), m.group().split()[0].lower()
    return not (y.startswith(("2", "18")) and y[2:] in ("00", "15", "30", "45") and word in _CLOCK_WORDS)


def _month_shortyear_ok(text: str, m: re.Match[str]) -> bool:
    # "Mammo 12/86 neg"; a second number over 31 cannot be a day. Glued to the event it dates ("wrist fx6/03"),
    # two digits of either kind make a date: a month and its year or a month and its day.
    mo, yy = int(m.group("m")), int(m.group("y"))
    after = text[m.end() : m.end() + 12]
    return (
        1 <= mo <= 12
        and (yy > 31 or _glued_to_an_event(text, m.start()))
        and (not fraction_context(text, m.start(), m.end()) or result_after(after))
    )


def _glued_to_an_event(text: str, start: int) -> bool:
    glued = _GLUED_WORD.search(text, max(0, start - 24), start)
    return glued is not None and glued.group().lower() in _EVENT_WORDS


@once_per_note  # every clock-like list year of a note asks
def _in_flowsheet(text: str) -> bool:
    return _FLOWSHEET_TIME.search(text) is not None


def _not_a_flowsheet_row(text: str, m: re.Match[str]) -> bool:
    # "1830 - fall risk high" among "0715 - report": a row of a flowsheet opens with its clock time
    return not (_clock_like(m.group("y")) and _in_flowsheet(text))


def _may_not_a_verb(text: str, m: re.Match[str]) -> bool:
    return not (m.group("m") in ("May", "MAY") and _MAY_VERB.match(text, m.end()))


def _event_word(text: str, m: re.Match[str]) -> bool:
    # "CABG x3 2079", "TAH/BSO 2071": the procedure may carry a count or be one of a pair
    return any(w in _EVENT_WORDS for w in m.group("w").lower().split("/"))


def _event_years_parts(text: str, m: re.Match[str]) -> list[Part]:
    pairs = list(_EVENT_YEAR_PAIR.finditer(text, m.start(), m.end()))
    if any(_NOT_A_YEAR_AFTER.match(text, p.end()) for p in pairs):
        return []  # an item is a reading or a count, so the list is no history of years
    events = [p for p in pairs if any(w in _EVENT_WORDS for w in p.group("w").lower().split("/"))]
    if len(events) < 2:
        return []
    return [(p.start("y"), p.end("y"), 0.7) for p in pairs if not is_measurement_name(p.group("w"))]


def _no_ordinal_noun(text: str, m: re.Match[str]) -> bool:
    return _ORDINAL_NOUN.match(text, m.end()) is None  # "on the 4th floor"


def _groups(score: float, *groups: str) -> Callable[[str, re.Match[str]], list[Part]]:
    """Parts for a rule that marks each of several groups of a match (one that took no part is skipped)."""

    def parts(text: str, m: re.Match[str]) -> list[Part]:
        return [(m.start(g), m.end(g), score) for g in groups]

    return parts


def _partial_range_ok(text: str, m: re.Match[str]) -> bool:
    m1, d1, m2, d2 = (int(m.group(g)) for g in ("m1", "d1", "m2", "d2"))
    if not (valid_month_day(m1, d1) and valid_month_day(m2, d2)) or d1 == d2:
        return False
    if fraction_context(text, m.start(), m.end()):
        return False
    # days run forward, within a month or into the next
    return m1 < m2 <= m1 + 1 or (m1 == 12 and m2 == 1) or (m1 == m2 and d1 < d2)


def _partial_range_parts(text: str, m: re.Match[str]) -> list[Part]:
    return [(m.start("m1"), m.end("d1"), 0.6), (m.start("m2"), m.end("d2"), 0.6)]


def _bare_year_ok(text: str, m: re.Match[str]) -> bool:
    return not _RANGE_AFTER.match(text, m.end()) and _could_be_year(text, m.start(), m.end())


# The month/day rules read each match of _PARTIAL alike, and the reading costs more than the match.
_month_day_reading = read_once(month_day_reading)


def _not_a_range_of_readings(text: str, m: re.Match[str]) -> bool:
    return _RANGE_WORD_AFTER.match(text, m.end(), m.end() + 8) is None


def _reads_as(*readings: str) -> Callable[[str, re.Match[str]], bool]:
    """A hook that takes a month/day match where month_day_reading reads it as one of `readings`."""

    def accept(text: str, m: re.Match[str]) -> bool:
        return _month_day_reading(text, m) in readings

    return accept


_RULES = (
    Rule(
        name="numeric",
        entity_type="DATE",
        patterns=(_NUMERIC,),
        score=0.9,
        accept=_numeric_date,
        parts=_numeric_parts,
        description="a full date in numbers (04/07/69, 2069-04-07, 07.04.2069) and any clock time after it",
        examples=("DOB: «04/07/1969»", "«2069-04-07T14:30»", "seen «3-4-69»"),
        counterexamples=("version 1.2.30", "13/14/2069", "2069-04-07x"),
    ),
    Rule(
        name="month_day_year",
        entity_type="DATE",
        patterns=(_MONTH_DAY_YEAR,),
        score=0.95,
        description="a month's name, the day and a year: January 5, 2069; Mar 3rd '69",
        examples=("seen «January 5, 2069» in clinic", "«Mar 3rd '69»", "«Jan 5 2069 14:30»"),
        counterexamples=("January 5, 1750",),
    ),
    Rule(
        name="month_day_yy",
        entity_type="DATE",
        patterns=(_MONTH_DAY_SHORTYEAR,),
        score=0.9,
        description="a month's name, the day, a comma and a two-digit year",
        examples=("«Jan 5, 69»",),
        counterexamples=("Jan 5, 69.5",),
    ),
    Rule(
        name="day_month",
        entity_type="DATE",
        patterns=(_DAY_MONTH_YEAR,),
        score=0.9,
        description="the day before a month's name, with or without a year: 3rd of Jan, 3-Jan-69 14:30",
        examples=("on the «3rd of Jan»", "«3-Jan-69 14:30»", "«3 January, 2069»"),
        counterexamples=("3 Janet", "13 Marchers"),
    ),
    Rule(
        name="month_year",
        entity_type="DATE",
        patterns=(_MONTH_YEAR,),
        score=0.9,
        description="a month's name and a year: March 2069, Sept. of 2070, Dec-2069",
        examples=("«March 2069»", "«Sept. of 2070»"),
        counterexamples=("March 20691",),
    ),
    Rule(
        name="iso_month",
        entity_type="DATE",
        patterns=(_ISO_MONTH,),
        score=0.6,
        description="a year and a month in numbers: 2069-04",
        examples=("since «2069-04»",),
        counterexamples=("2069-13", "lot 2069-04-A"),
    ),
    Rule(
        name="holiday",
        entity_type="DATE",
        patterns=(_HOLIDAY,),
        score=0.75,
        description="a holiday, with any year: Christmas Eve, Thanksgiving 2090, xmas '89",
        examples=("home for «Christmas Eve»", "«Thanksgiving 2090»"),
        counterexamples=("Christmastime",),
    ),
    Rule(
        name="season_year",
        entity_type="DATE",
        patterns=(_SEASON_YEAR,),
        score=0.85,
        description="a season and a year: summer of 2069, late fall '88",
        examples=("«summer of 2069»", "«late fall '88»"),
        counterexamples=("summer 20",),
    ),
    Rule(
        name="month_day",
        entity_type="DATE",
        patterns=(_MONTH_DAY,),
        score=0.85,
        accept=_month_day_ok,
        description="a month's name and the day without a year; in lower case not may, mar, dec, jan or sep",
        examples=("«March 5th»", "on «Dec. 3»", "admitted on «Aug 5»."),
        counterexamples=("you may 2 tabs", "dec 3 units", "March 45", "Aug 5.5"),
    ),
    Rule(
        name="month",
        entity_type="DATE",
        patterns=(_MONTH_ALONE,),
        score=0.65,
        description="a month's name alone, but May (a verb or a name as often)",
        examples=("since «September»", "«JANUARY»"),
        counterexamples=("May we", "Junebug"),
    ),
    Rule(
        name="month_year_numeric",
        entity_type="DATE",
        patterns=(_MONTH_YEAR_NUM,),
        score=0.85,
        accept=_month_year_numeric_ok,
        description="a month and a four-digit year in numbers: 04/2069",
        examples=("«04/2069»",),
        counterexamples=("13/2069", "4/69"),
    ),
    Rule(
        name="year_in_context",
        entity_type="DATE",
        patterns=(_YEAR_IN_CONTEXT,),
        score=0.75,
        group="y",
        accept=_not_a_clock_time,
        description="a year after a word that dates it: since 2019, DOB: 1950, s/p ... 2071",
        examples=("since «2019»", "DOB: «1950»", "diagnosed in «'88»"),
        counterexamples=("from 2100 to 0600", "in 2000 mg", "weaned off neo by 1800"),
    ),
    Rule(
        name="month_shortyear",
        entity_type="DATE",
        patterns=(_MONTH_SHORTYEAR, _MONTH_SHORTYEAR_GLUED),
        score=0.75,
        accept=_month_shortyear_ok,
        description="a month and a two-digit year over 31 in numbers, not a score, or any two digits glued to the "
        "event they date: Mammo 12/86, wrist fx6/03",
        examples=("Mammo «12/86» neg", "in «9/68»", "hip fx«3/96»", "wrist fx«6/03» s/p orif"),
        counterexamples=("pain 5/40", "12/20", "pain6/10"),
    ),
    Rule(
        name="year_list_item",
        entity_type="DATE",
        patterns=(_YEAR_LIST_ITEM,),
        score=0.7,
        group="y",
        accept=_not_a_flowsheet_row,
        description="a year opening a history list's line: 2017: CABG, - 1998 - appendectomy",
        examples=("«2017»: CABG", "- «1998» - appendectomy"),
        counterexamples=("0715 - report received\n1830 - fall risk high",),
    ),
    Rule(
        name="apostrophe_year",
        entity_type="DATE",
        patterns=(_APOSTROPHE_YEAR, _APOSTROPHE_YEAR_GLUED),
        score=0.7,
        description="an apostrophe and two digits after a word or glued to it: Colles fracture R wrist '86",
        examples=("Colles fracture R wrist «'86»", "lung CA«'87»"),
        counterexamples=("height 5'10\"",),
    ),
    Rule(
        name="day_month_glued",
        entity_type="DATE",
        patterns=(_DAY_MONTH_GLUED,),
        score=0.75,
        description="a day glued to a month's abbreviation, on either side: last BM Mar14, 17APR",
        examples=("last BM «Mar14» per pt", "LAST BM «17APR»", "extubated «5aug»"),
        counterexamples=("may2 be", "Mar145", "apr14.5", "SEPT2000"),
    ),
    Rule(
        name="month_in_brackets",
        entity_type="DATE",
        patterns=(_MONTH_IN_BRACKETS,),
        score=0.7,
        group="m",
        description="a month's abbreviation alone in brackets: weight 71 kg (Sept)",
        examples=("weight 71 kg («Sept»)",),
        counterexamples=("(Septic)",),
    ),
    Rule(
        name="month_abbr_in_context",
        entity_type="DATE",
        patterns=(_MONTH_ABBR_IN_CONTEXT,),
        score=0.7,
        group="m",
        accept=_may_not_a_verb,
        description="a month's abbreviation, or May, after a preposition or a word that dates it",
        examples=("A1c 7.9 in «Jan»", "seen in «May»"),
        counterexamples=("in May be", "in Janet", "THIS MAY REPRESENT EARLY PNEUMONIA"),
    ),
    Rule(
        name="year_after_event",
        entity_type="DATE",
        patterns=(_YEAR_AFTER_EVENT,),
        score=0.7,
        group="y",
        accept=_event_word,
        description="a year after a procedure, diagnosis, test or vaccine: CABG 2085, appendectomy ~2005",
        examples=("CABG «2085»", "appendectomy ~«2005»", "TAH/BSO «2071»"),
        counterexamples=("BNP 2085",),
    ),
    Rule(
        name="event_years_list",
        entity_type="DATE",
        patterns=(_EVENT_YEARS_LIST,),
        score=0.7,
        parts=_event_years_parts,
        description="two digits after each event of a history list that holds two events or more: MI 93, CABG 86",
        examples=("MI «93», CABG «86», redo «90»", "s/p TURP «98»; CVA «03»"),
        counterexamples=("Ca 10, Mg 2.1", "HR 93, RR 22", "CT 45, JP 30"),
    ),
    Rule(
        name="year_before_event",
        entity_type="DATE",
        patterns=(_YEAR_BEFORE_EVENT,),
        score=0.7,
        accept=_event_word,
        group="y",
        description="a year before a procedure, diagnosis, test or vaccine: 2079 CABG x3",
        examples=("«2079» CABG x3", "OB hx: «2088» NSVD"),
        counterexamples=("2079 patients",),
    ),
    Rule(
        name="lower_month_in_context",
        entity_type="DATE",
        patterns=(_LOWER_MONTH_IN_CONTEXT,),
        score=0.65,
        group="m",
        description="a month's name in lower case after a preposition: end of march, since june (never may)",
        examples=("end of «march»", "since «june»"),
        counterexamples=("in may", "since junebug"),
    ),
    Rule(
        name="ordinal_day",
        entity_type="DATE",
        patterns=(_ORDINAL_DAY,),
        score=0.7,
        group="d",
        accept=_no_ordinal_noun,
        description="an ordinal day of the month after on the, since the, ...: admitted on the 14th",
        examples=("admitted on the «14th», discharged on the «21st»",),
        counterexamples=("on the 4th floor", "since the 2nd trimester"),
    ),
    Rule(
        name="weekday_ordinal",
        entity_type="DATE",
        patterns=(_WEEKDAY_ORDINAL,),
        score=0.75,
        description="a weekday and an ordinal day: review Fri 20th, Thursday the 3rd",
        examples=("review «Fri 20th»", "«Thursday the 3rd»"),
        counterexamples=("Fri 20",),
    ),
    Rule(
        name="year_parenthetical",
        entity_type="DATE",
        patterns=(_YEAR_PAREN,),
        score=0.7,
        parts=_groups(0.7, "y", "y2"),
        description="a year in a parenthetical list: PCI (2017, ...), (CABG, 2017)",
        examples=("PCI («2017», LAD)", "(CABG, «2017»)"),
        counterexamples=("(2017 patients)",),
    ),
    Rule(
        name="decade",
        entity_type="DATE",
        patterns=(_DECADE,),
        score=0.8,
        accept=_not_a_range_of_readings,
        description="a decade of a history in numbers: in the 1980s, TURP 1980's",
        examples=("recurrence in the «1980s»", "IN THE EARLY «1990S» DX W/ DM", "appendectomy «1950's»"),
        counterexamples=("counts in the 2000s range",),
    ),
    Rule(
        name="year_range",
        entity_type="DATE",
        patterns=(_YEAR_RANGE,),
        score=0.6,
        parts=_groups(0.6, "a", "b"),
        description="a range of years, each marked: 2019-2021, 1990 to 2000",
        examples=("«2019»-«2021»", "«1990» to «2000»"),
        counterexamples=("1990 to 3000",),
    ),
    Rule(
        name="partial",
        entity_type="DATE",
        patterns=(_PARTIAL,),
        score=0.6,
        accept=_reads_as(DATED, UNDATED),
        vouch=_reads_as(DATED),
        boost=0.25,
        description="a month and day in numbers that reads as no score or fraction; raised where a date word, "
        "a clock time or a heading's colon dates it",
        examples=("seen «3/14» in clinic", "Echo «3/5»: EF 30%", "«7/22» labs stable"),
        counterexamples=("strength 5/5", "pain 4/10", "2/6 systolic murmur"),
    ),
    Rule(
        name="partial_dash",
        entity_type="DATE",
        patterns=(_PARTIAL,),
        score=0.6,
        accept=_reads_as(DASHED),
        description="a month and day joined by a dash, right after a strong date word: admitted 3-7",
        examples=("admitted «3-7» with urosepsis",),
        counterexamples=("2-3 times a day", "C6-7 disc", "admitted 3-7 days ago"),
    ),
    Rule(
        name="partial_uncertain",
        entity_type="DATE",
        patterns=(_PARTIAL,),
        score=UNCERTAIN_PARTIAL,
        accept=_reads_as(UNCERTAIN),
        description="a month and day in numbers as often a fraction or a count; only the note's calendar "
        "makes it a date",
        examples=("C. diff «1/16» neg", "RLL infiltrate «2/5»"),
        counterexamples=("seen 3/14 in clinic", "3/6 systolic murmur"),
    ),
    Rule(
        name="partial_range",
        entity_type="DATE",
        patterns=(_PARTIAL_RANGE,),
        score=0.6,
        accept=_partial_range_ok,
        parts=_partial_range_parts,
        description="a range of days in numbers that runs forward, each end marked: 1/9-1/18, 12/28 - 1/3",
        examples=("«1/9»-«1/18»", "«12/28» - «1/3»"),
        counterexamples=("4/5-5/5", "1/18-1/9"),
    ),
    Rule(
        name="year_uncertain",
        entity_type="DATE",
        patterns=(_BARE_YEAR,),
        score=UNCERTAIN_PARTIAL,
        accept=_bare_year_ok,
        description="a year alone, as often a reading or a clock time; only the note's calendar makes it a date",
        examples=("ETT «2083» neg",),
        counterexamples=("BNP 2085", "2000 mL", "2019-2021"),
    ),
)


def date_recognizer() -> RuleRecognizer:
    return RuleRecognizer("date", _RULES)
