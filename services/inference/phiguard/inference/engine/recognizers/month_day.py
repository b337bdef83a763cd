"""A month and day in numbers without a year (7/22, 3-7): a date, or a score, a fraction, a dose or a range.

The words around it decide: a date word or a clock time makes it a day, a pain word or "systolic" a score.
The date rules (recognizers/dates.py), the clinical veto and the model's filter read it alike.
"""

from __future__ import annotations

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.lines import start_of_line
from phiguard.inference.engine.recognizers.base import words_regex

_I = re.IGNORECASE

_DATE_CONTEXT = words_regex(
    (
        "date",
        "dated",
        "dob",
        "d.o.b",
        "born",
        "birth",
        "birthday",
        "admit",
        "admitted",
        "admission",
        "discharge",
        "discharged",
        "dos",
        "doa",
        "dod",
        "dd",
        "dt",
        "dictated",
        "transcribed",
        "signed",
        "seen",
        "visit",
        "surgery",
        "procedure",
        "follow up",
        "f/u",
        "return",
        "rtc",
        "appt",
        "appointment",
        "scheduled",
        "started",
        "stopped",
        "began",
        "as of",
        "effective",
        "repeat",
        "exam",
        "study",
        "test",
        "collected",
        "received",
        "reported",
        "drawn",
        "performed",
        "completed",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "yesterday",
        "today",
        "tomorrow",
        "week of",
        "diagnosed",
    )
)
# Prepositions and history words date a number only when they stand right before it ("seen on 3/4",
# "s/p 2/11"), not when they end a phrase a few words back ("on RA; Borg 5/10").
_NEAR_DATE_WORDS = frozenset(
    "on since from until through thru last next in by before after onset dx hx prior post pod s/p".split()
)
_STUDY_BEFORE = re.compile(
    r"(?i)(?<![A-Za-z])(?:echo|tte|tee|ct|cta|mri|mra|cxr|kub|xr|x-ray|us|ekg|ecg|eeg|egd|"
    r"colonoscopy|cath|pft|pfts|labs|biopsy|bx|culture|cx|ua|dexa|mammogram|pet)\s*$"
)
_STRONG_DATE_WORDS = (
    "date",
    "dated",
    "dob",
    "d.o.b",
    "born",
    "admit",
    "admitted",
    "admission",
    "discharged",
    "discharge",
    "dos",
    "doa",
    "dod",
    "dd",
    "dt",
    "dictated",
    "transcribed",
    "signed",
    "seen",
    "visit",
    "appt",
    "appointment",
    "scheduled",
    "surgery",
    # "PICC placed 11/6 R basilic", "came in 9/10 +4.6 kg": a line put in or a visit happens on a day
    "placed",
    "inserted",
    "came in",
)
_STRONG_DATE_CONTEXT = words_regex(_STRONG_DATE_WORDS)
# A strong date word right before the date: only blanks (or "in"/"on") follow the word, so unlike
# _STRONG_DATE_CONTEXT it needs no check after it (RE2 reads a lookahead only where a pattern ends).
_STRONG_RIGHT_BEFORE = re.compile(
    r"(?<![A-Za-z0-9])(?:" + "|".join(sorted(map(re.escape, _STRONG_DATE_WORDS), key=len, reverse=True)) + r")"
    r"(?:[ \t]+(?i:in|on))?[ \t]*$",
    re.IGNORECASE,
)
# What makes 4/5 or 5/10 a fraction, a score or a strength rather than a date.
_FRACTION_BEFORE = words_regex(
    (
        "pain",
        "strength",
        "motor",
        "power",
        "score",
        "scored",
        "grade",
        "graded",
        "rated",
        "rates",
        "gcs",
        "reflex",
        "reflexes",
        "dtr",
        "dtrs",
        "murmur",
        "apgar",
        "apgars",
        "mmse",
        "moca",
        "phq",
        "gad",
        "bp",
        "b/p",
        "abp",
        "nibp",
        "art",
        "map",
        "sbp",
        "dbp",
        "cvp",
        "pap",
        "pa",
        "ratio",
        "i:e",
        "ie",
        "peep",
        "vent",
        "ps",
        "cpap",
        "bipap",
        "fio2",
        "vision",
        "va",
        "acuity",
        "hearing",
        "lymph",
        "nodes",
        "node",
        "cores",
        "tab",
        "tabs",
        "take",
        "x",
        "of",
        "visual",
        "sats",
        "breath",
        "sounds",
        "edema",
        "pulses",
        "pulse",
        "weakness",
        "ue",
        "le",
        "bue",
        "ble",
        "rue",
        "lue",
        "rle",
        "lle",
        "flexion",
        "extension",
        "grip",
        "dorsiflexion",
        "plantarflexion",
        "abduction",
        "pupils",
        "pupil",
        "reflex",
        "patellar",
        "patellae",
        "ankles",
        "ankle",
        "biceps",
        "triceps",
        "brachioradialis",
        "achilles",
        "knee",
        "knees",
        "recall",
        "pressure",  # "Pressure 7/10, radiating to L jaw"
        "drawing",  # "clock drawing 1/4"
        "bang",  # "STOP-BANG: 6/8"
        "cog",
        "sites",
        "recalled",
        "remembered",
        "interosseous",
        "otherwise",
        "is",
        "are",
        "be",
        "was",
        "were",
        "remains",
        "about",
        "approximately",
        "consistency",
        "dilution",
        "titer",
        "ratio",
        "gravida",
        "para",
        "g",
        "p",
        "a",
        "an",
        "day",
        "days",
        "week",
        "cycle",
        "dose",
        "trial",
        "attempt",
        "round",
        "himself",
        "herself",
        "themselves",
        "strengths",
        "muscles",
        "quadriceps",
        "hamstrings",
        "deltoids",
        "deltoid",
        "hip",
        "wrist",
        "finger",
        "fingers",
        "toe",
        "toes",
        "intrinsics",
        "scored",
        "borg",
        "subscale",
        "arm",
        "arms",
        "leg",
        "legs",
        "psv",
        "soft",
        "harsh",
        "faint",
        "loud",
        "gtt",
        "gct",
        "tinetti",
        "berg",
        "audit",
        "audit-c",
        "phq-9",
        "gad-7",
        "sirs",
        "qsofa",
        "criteria",
        "monofilament",
        "total",
        "fraction",
        "only",
        "in",
        "and",
    )
)
# Each word that must end ("x", not "xr") takes the character after it (or the text's end) instead of a
# `\b`, which RE2 reads only where a pattern ends: the pattern is only ever tested for a match, never measured.
_FRACTION_AFTER = re.compile(
    r"^\s*(?:tabs?|tablets?|caps?|capsules?|strength|pain|power|mmhg|%|of(?:\W|\Z)|times|x(?:\W|\Z)|cups?|puffs?|"
    r"units?|doses?|objects?|items?|words?|lymph|nodes?|recall|cracker|biopsies|specimens?|cores?|systolic|"
    r"diastolic|holosystolic|vibratory|continuous|ejection|harsh|blowing|murmur|sem(?:\W|\Z)|hsm(?:\W|\Z)|port|"
    r"trocar|bottles?|sets?|cultures?|blood|samples?|ppd|packs?|sites?|lns?(?:\W|\Z)|criteria|ns(?:\W|\Z)|"
    r"nss(?:\W|\Z)|normal\s+saline|(?:[a-z]+[ \t]+){1,3}(?:murmur|sem(?:\W|\Z)|hsm(?:\W|\Z)|rumble|gallop|"
    r"rub(?:\W|\Z))|miles?(?:\W|\Z)|mark(?:\W|\Z)|inch(?:es)?(?:\W|\Z)|abnormal|normal|(?:for|on|at)\s+(?:gait|"
    r"balance|exposure|recall|the\s+(?:right|left))|decreasing|reactive|brisk|symmetric|positive|negative|pos|neg|"
    r"nodes?|cores?|bilat|bilaterally|b/l|throughout|in\s+(?:all|the|both|bilateral|upper|lower|(?:r|l|right|"
    r"left)(?:\W|\Z))|(?:r|l|rue|lue|rle|lle|bue|ble|ue|le)(?:\W|\Z)|on\s+the\s+(?:right|left)|systolic|murmur)",
    _I,
)
# "3/6 with radiation" is a grade, "ED 1/8 w/ fever" a date: only the note's other dates can tell them apart.
_WITH_AFTER = re.compile(r"^\s*(?:with|w/)", _I)
# A date word in the sentence before counts, not one in the sentence before that ("Seen 3/2. 3/6 SEM").
_SENTENCE_END = re.compile(r"[.;!?][ \t]+")
# "rest pain 1/11 0300": a day and its clock time; no score is followed by one.
_TIME_AFTER = re.compile(r"[ \t@]+(?:at[ \t]+)?(?:[01]?\d|2[0-3]):?[0-5]\d(?![\d/.])")
# "3/10 15:40 — Dr Kim re tramadol": a day stamped with a clock time is a day, whatever its denominator
_CLOCK_AFTER = re.compile(r"[ \t]+(?:@[ \t]*)?(?:[01]?\d|2[0-3]):[0-5]\d(?![\d/.])")
_RESULT_AFTER = re.compile(r"\s*(?:neg|pos|positive|negative)\b", _I)
_TIME_OF = re.compile(r"(?i)\b(?:evening|morning|night|afternoon|week|weekend|end|beginning|middle)\s+of\s*$")
# Sentences that score things out of 5 or 10.
_SCALED = re.compile(
    r"(?i)\b(?:pain|ache|aches|hurts?|rated|rates|scale|severity|intensity|relief|helps?|strength|motor|"
    r"power|sites?|score|scored|mood|anxiety|sleep|energy|appetite|fatigue|nausea|dyspnea|sob|itch|itching|"
    r"pruritus|cravings?|urges?|stress|depression|dizziness|discomfort|tenderness|headache|ha|numbness|tinnitus|"
    r"confidence|readiness|importance|satisfaction|quality|level|levels|goal|"
    # the scales themselves: visual analogue, numeric rating, pain in dementia, critical-care observation
    r"vas|nrs|vrs|painad|cpot|flacc|bps|global)\b"
)
# "4/10 at worst", "6/10 in intensity": a rating, though no pain word precedes it
_SCORE_AFTER = re.compile(
    r"(?i)[ \t,]*(?:at\s+(?:its\s+)?(?:worst|best|rest|most|least)|max|min|today|now|currently|"
    r"(?:in\s+)?(?:intensity|severity))\b"
)
# "last dose 10/31", "next visit 10/2": when a dose was taken or a visit falls, not a fraction or a count.
_DOSE_DATED = re.compile(r"(?i)\b(?:last|first|final|next|previous|prior)\s+(?:dose|visit|appt)\s*$")
# "septic shock 2/2 LLL pneumonia": "secondary to", unless a preposition or date word puts a day there.
_ON_BEFORE = re.compile(r"(?i)\b(?:on|since|from|until|till|by|through|thru|of|before|after)\s*$|[DT]:\s*$")


def clock_time_after(after: str) -> bool:
    """A clock time opens `after`, the text after a number: "rest pain 1/11 0300", "1956 01:40 NSG NOTE"."""
    return _TIME_AFTER.match(after) is not None


def result_after(after: str) -> bool:
    """A test's result opens `after`, the text after a number: "Mammo 12/86 neg"."""
    return _RESULT_AFTER.match(after) is not None


def valid_month_day(m: int, d: int) -> bool:
    """A month and a day of it as numbers can be: 1-12 and 1-31."""
    return 1 <= m <= 12 and 1 <= d <= 31


def anchored_day(text: str, start: int, end: int) -> bool:
    """a/b tied to a day by its neighbours: a clock time after it ("pain 1/11 0300"), a heading colon
    ("level 3/30: 412") or a dose that was taken then ("last dose 10/31")."""
    after = text[end : end + 12]
    return bool(
        _TIME_AFTER.match(after) or re.match(r":[ \t]", after) or _DOSE_DATED.search(text[max(0, start - 25) : start])
    )


def counted_after(text: str, end: int) -> bool:
    """What follows a/b counts or grades it ("3/17 LN", "2/6 holosystolic murmur"), and no clock time or
    test result ("3/29 at 8:20", "UDS 3/28 neg") makes it a day instead."""
    after = text[end : end + 40]
    return bool(_FRACTION_AFTER.match(after)) and not _TIME_AFTER.match(after) and not _RESULT_AFTER.match(after)


def fraction_context(text: str, start: int, end: int) -> bool:
    """Words around a/b that make it a score, a ratio or a dose rather than a date."""
    line_start = start_of_line(text, start)
    before = text[max(line_start, start - 25) : start]
    prev_words = re.findall(r"[A-Za-z/:]+", before)[-1:]
    prev = prev_words[-1].strip(":").lower() if prev_words else ""
    # "in" precedes fractions ("in 1/5 nodes") but a second number over 31 makes "in 9/68" a date.
    return bool(_FRACTION_AFTER.match(text[end : end + 40])) or bool(
        prev and prev not in ("in", "and") and _FRACTION_BEFORE.fullmatch(prev)
    )


# How a month/day reads (month_day_reading): a date its words vouch for, one that none do, one written with a
# dash that a strong date word makes a date, or one only the note's calendar can settle.
DATED, UNDATED, DASHED, UNCERTAIN = "dated", "undated", "dashed", "uncertain"


def month_day_reading(text: str, m: re.Match[str]) -> str | None:
    """What a match of `MONTH_DAY` (groups m, sep, d) is, or None where it is a score, a fraction, a range
    or a level, not a date."""
    mo, d = int(m.group("m")), int(m.group("d"))
    if not valid_month_day(mo, d):
        return None
    line_start = start_of_line(text, m.start())
    before = text[max(line_start, m.start() - 25) : m.start()]
    before = before[max((e.end() for e in _SENTENCE_END.finditer(before)), default=0) :]
    after = text[m.end() : m.end() + 40]
    prev_words = re.findall(r"[A-Za-z/:]+", before)[-2:]
    # "AUDIT-C 9/12", "PHQ-9 12/27": a score's name keeps its dash
    raw_prev = [p for w in before.split()[-1:] for p in w.strip(":|").split("/") if p]  # "LUE/LLE 4/5"
    strong = bool(_STRONG_DATE_CONTEXT.search(before))
    scale = (d in (4, 5, 6, 10) and mo <= d) or mo == d
    if _FRACTION_AFTER.match(after) and not strong:
        if _RESULT_AFTER.match(after) and not scale:
            return UNCERTAIN  # "C. diff 1/16 neg": a test's day or a count of positives; the note's calendar decides
        return None  # "3/6 systolic" is a grade; "ADMIT 3/7 W/ UROSEPSIS" is a date
    timed = bool(_TIME_AFTER.match(after))
    # "on the evening of 3/13", "came in 9/10", "seen in 9/12": right after the word that dates it
    dated_of = bool(_TIME_OF.search(before) or _STRONG_RIGHT_BEFORE.search(before))
    if (
        (
            (prev_words and _FRACTION_BEFORE.fullmatch(prev_words[-1].strip(":")))
            or any(_FRACTION_BEFORE.fullmatch(p) for p in raw_prev)
        )
        and not timed
        and not dated_of
        and not (len(prev_words) == 2 and _DOSE_DATED.search(" ".join(prev_words)))
    ):
        if prev_words and prev_words[-1].lower() in ("and", "in") and not scale and m.group("sep") == "/":
            return UNCERTAIN  # "on 9/12 and 9/13", "in 9/68": joined to a date as often as to a fraction
        return None
    if mo == d == 2 and not strong and not _ON_BEFORE.search(before):
        return None
    # Denominators 4, 5, 6 and 10 are how reflexes, strength, murmurs and pain are scored; 2/2, 5/5 are scores.
    if _WITH_AFTER.match(after) and not strong:
        return None if scale else UNCERTAIN
    near = [w.strip(":").lower() for w in prev_words]
    has_ctx = bool(_DATE_CONTEXT.search(before)) or bool(re.search(r"(?<![A-Za-z])[DT]:\s*$", before))
    has_ctx = has_ctx or dated_of or any(w in _NEAR_DATE_WORDS for w in near)
    # "Echo 3/5: EF 30%", "CXR (12/8):" — a study dated in a heading or in parentheses.
    has_ctx = has_ctx or after.startswith(":") or (before.endswith("(") and after.startswith(")"))
    has_ctx = has_ctx or bool(_CLOCK_AFTER.match(after))
    has_ctx = has_ctx or bool(_STUDY_BEFORE.search(before))
    if m.group("sep") == "-":
        # 2-3 is a range ("2-3 times"), C6-7 a spine level, unless a date word says otherwise.
        if (
            (_STRONG_DATE_CONTEXT.search(before) or dated_of)
            and d >= 1
            and not re.match(r"\s*(?:times|x|days|weeks|hours|hrs|mins|minutes|per|/)", after, _I)
        ):
            return DASHED
        return None
    if not has_ctx and ((d in (5, 10) and mo <= d) or mo == d):
        # "RLL infiltrate 2/5", "updated at bedside 2/10": a day if the note's calendar agrees, unless the
        # sentence is about pain or strength
        scored = _SCALED.search(before) or _SCORE_AFTER.match(after)
        if mo != d and d in (5, 10) and not scored and not re.search(r"(?i)\b(?:to|than)\s*$", before):
            if d == 10 and not re.search(r"\b[A-Za-z]+[ \t(]*$", before):
                return None  # "97% 2L    6/10": the pain column of a vitals row
            return UNCERTAIN
        return None
    if not has_ctx and mo < d and d in (2, 3, 4, 8):
        # "1/2 non-starchy veg", "3/4 of the plate": everyday fractions, unless the note dates things then
        return UNCERTAIN
    return DATED if has_ctx else UNDATED
