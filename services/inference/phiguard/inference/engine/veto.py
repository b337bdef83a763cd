"""Clinical look-alikes that no detector may report as PHI: measurements, doses, scores, frequencies.

Applied in the resolver to every span, rule or model, so a number with a unit, a lab or vital name
followed by its value, or a surname before a disease ("Barrett esophagus") never leaves the engine.
What the model alone takes for PHI (ward words, billing codes, clock times) is `model_filter.py`'s.
"""

from __future__ import annotations

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.lines import start_of_line
from phiguard.inference.engine.recognizers.locations import STATE_CODES, STATE_NAMES, place_names
from phiguard.inference.engine.recognizers.month_day import anchored_day
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.vocab import (
    EPONYMOUS_OPERATIONS,
    GRADED_EPONYMS,
    TEAM_COLOURS,
    is_country,
    is_hospital_bank,
    is_measurement_name,
    is_shouted,
    is_unit,
    is_word_in_any_dictionary,
    known_cities,
)

# 88, 3.9, 120/80, <0.01, 98%, 1,200 — the shape of a value (a full date has two separators).
# A value, or a range of readings charted by its tens ("SBP 90's", "HR 110s")
_TENS_FORM = r"\d+0['’]?[sS]"
_VALUE = re.compile(r"[<>~≤≥+-]?\d+(?:[.,]\d+)?(?:/\d+(?:\.\d+)?)?%?|" + _TENS_FORM)
# A value with its unit glued on, or a dosing/frequency token: 40mg, 2.5mcg/kg, x2, q4h, 2x, 3d; a duration with
# its unit written out ("Labor = 11hours", "x3days").
# A count is x1..x99; "x12345" is a phone extension.
_GLUED = re.compile(
    r"(?i)(?:[<>~]?\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?-?"  # a value or a range ("2-4L", "3-4days", "6-month")
    r"(?:mg|mcg|ug|g|gm|kg|lbs?|ml|cc|l|dl|meq|mmol|units?|iu|u|mm|cm|mmhg|bpm|%|hrs?|h|"
    r"min|mins|d|wks?|mos?|yrs?|x|hours?|minutes?|days?|weeks?|months?|years?)(?:/[a-z]+)*|"
    r"\d{1,2}w(?:\dd)?|x\d{1,2}(?:d|h|days?)?|q\.?\d+(?:-\d+)?(?:h|hr|hrs|min)?|"
    r"q(?:d|day|h|hs|am|pm|od|id|6|8|12)|[a-z]\d?\d-?[a-z]?\d)"
)
# The word before a value, its label ("HR 88", "K: 3.9", "level was 3/18", "sats high 90's"), and the word after
# it, its unit ("40 mg", "37 C").
WORD_BEFORE_VALUE = re.compile(
    r"([A-Za-z][A-Za-z0-9/]*)\s*[:=]?\s*(?:of\s+|was\s+|is\s+|at\s+|to\s+|now\s+|(?:high|low|mid|upper|lower)\s+)?$"
)
# Readings charted by their tens after the vital they measure, a few verbs or prepositions apart: "SBP in 70s", "HR
# WENT DOWN TO 50S", "sats in the 80s"; a decade has no vital before it ("smoked since the 70s").
_TENS = re.compile(_TENS_FORM)
_VITAL_BEFORE_TENS = re.compile(
    r"(?i)([A-Za-z][A-Za-z0-9/]*)(?:[ \t]+(?:in|the|to|down|up|into|went|dropped|fell|rose|was|were|now|remained|"
    r"stayed|running|high|low|mid|upper|lower))+[ \t]*$"
)
WORD_AFTER_VALUE = re.compile(r"^[ \t]*([A-Za-z%°µ/][A-Za-z0-9/%°µ]*)")
WEEKDAY_OR_RELATIVE = re.compile(
    r"(?i)(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:day)?s?\.?|today|tonight|yesterday|tomorrow|this\s+(?:am|pm|morning|"
    r"afternoon|evening)|overnight|noon|midnight|(?:last|next)\s+(?:week|month|night)"
)
# The types whose values are numbers, so a reading or a dose can look like one.
NUMERIC_TYPES = frozenset(
    {
        "DATE",
        "PHONE",
        "FAX",
        "SSN",
        "MRN",
        "ACCOUNT",
        "LICENSE",
        "VEHICLE",
        "DEVICE",
        "AGE",
        "OTHER_ID",
        "PATIENT_ID",
        "LOCATION",
        "IP",
        "BIOMETRIC",
    }
)
# Rules whose own label or shape already says what the value is ("MA 10000", "MRN 1000000"): a
# unit-looking word after them ("HR", "C") is the next field, not their unit.
_LABELLED_SOURCES = ("labelled_id", "location", "ssn", "phone", "checksum_id", "email", "url", "ip", "propagated")
_TIME_ONLY = re.compile(r"(?i)\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?")
# Measurements written as a pair: "BP 120/80", "PA 40/18", "I/O 1200/800".
_SLASH_READINGS = frozenset("bp b/p sbp dbp map abp nibp art pa pap cvp pcwp i/o ins outs ratio vent peep ps".split())
# A day and a month, or a month and a day, with nothing else: "3/18", "7-2".
DAY_MONTH = re.compile(r"(\d{1,2})[/-](\d{1,2})")
# "lot u7741aa exp 08/2026", "inhaler (exp 9/25)": when a product expires says nothing about a person; when a
# prior authorisation or a hearing aid's warranty expires ("auth ... exp 11/30/2025") is the patient's date.
_EXPIRY_BEFORE = re.compile(r"(?i)(?<![\w])(?:exp\.?|expiry|expiration(?:\s+date)?)[ \t]*:?[ \t]*\(?[ \t]*$")
_PRODUCT_BEFORE = re.compile(
    r"(?i)(?<![\w])(?:lot|vial|inhaler|epi-?pen|auto-?injector|pen|cartridge|kit|reagent|ndc|bottle|batch|strips?|"
    r"sensor|sample)(?:[^\w\n][^\n]{0,44})?$"  # the word ends the window or a non-word character follows it
)
# "pt 7/2093": a month and a four-digit year; no reading is a month over a year, only a titre is 1/1280.
_MONTH_YEAR = re.compile(r"(?:0?[1-9]|1[0-2])/(?:19|20)\d\d")
_TITRE_WORDS = frozenset("ana titer titre titers titres dilution dil".split())
# "day 3/7" of an antibiotic course, "dose 2/3", "cycle 4/6", a murmur's "grade 2/6": a count out of a total, not
# a date. A "#" counts only glued to a word before it ("tx#"), as `\b#` had it.
COUNT_WORD = re.compile(r"(?i)\b(?:day|dose|cycle|week|wk|pod|hd|session|visit|tx|grade)\s*$|(?<=\w)#\s*$")
# "d5/7", "C3/6": a day or cycle of a course glued to its length; a model that reads a digit after a letter as a
# new word takes the count for a date.
_GLUED_COUNT = re.compile(r"(?i)(?:d|day|c|cycle|wk|w|pod|hd|dose)#?(\d{1,2})/(\d{1,2})")
# A surname before a disease, sign, instrument or technique is an eponym ("Barrett esophagus",
# "Parkinson's disease", "O'Connor-O'Sullivan retractor"), never the patient or a clinician; a town's before a
# collar or a brace names its design ("Philadelphia collar", "Boston brace"), before salts their source ("Epsom").
_EPONYM_NOUN = re.compile(
    r"(?i)^(?:['’]s?)?\s+(?:disease|syndrome|signs?|esophagus|ulcer|fracture|retractors?|forceps|clamp|stain|"
    r"maneuver|manoeuvre|criteria|classification|reflex|phenomenon|lymphoma|sarcoma|tumou?r|palsy|triad|"
    r"contracture|deformity|dilators?|incision|aneurysm|anomaly|cyst|catheter|nodes?|shunt|anastomosis|"
    r"procedure|operation|physiology|circulation|pressures?|protocol|scale|technique|repair|pouch|filter|tube|"
    r"needle|approach|splint|criterion|paralysis|paresis|list|test|score|sign|law|rule|view|position|solution|"
    r"formula|equation|hernia|space|stand|collar|brace|salt)(?:e?s)?\b"
)
# A collar's or a brace's model letter after the town its design is named for: "Miami J collar"
_MODEL_LETTER_THEN_DESIGN = re.compile(r"(?i)^[ \t]+[a-z][ \t]+(?:collar|brace)s?\b")
# A team, pod or unit named by a letter or a colour: "TEAM B", "pod c", "MICU A", "MICU GREEN", "GOLD TEAM"
_GROUP_WORDS = frozenset("team pod group zone section module wing tower unit micu sicu ccu".split())
_GROUP_BEFORE_LETTER = re.compile(r"(?i)\b(?:" + "|".join(sorted(_GROUP_WORDS)) + r")\s+$")
_GROUP_AFTER = re.compile(r"(?i)^\s+(?:" + "|".join(sorted(_GROUP_WORDS)) + r")\b")
# A breathing pattern after its describers' names ("cheyne-stokes resp", "Kussmaul respirations"), a catheter after
# its maker's in shorthand ("QUINTON CATH"): a person's span only, for a company may be named so ("Bayou Breathing
# Solutions"), and not before a cath lab, which a hospital's name is ("Lahey cath lab").
_PERSON_EPONYM_AFTER = re.compile(r"(?i)^\s+(?:respirations?|breathing|resp|cath)(?P<lab>[ \t]+lab)?\b")
# The second of two eponyms joined by a hyphen: "-O'SULLIVAN" of "O'CONNOR-O'SULLIVAN RETRACTOR"
_HYPHENED_PARTNER = re.compile(r"-[^\W\d_][\w'’]*")
# Instruments keep a two-word eponym before them too ("O'Gawa Utrata forceps", "Metzenbaum scissors").
_INSTRUMENTS = r"(?:forceps|retractors?|clamps?|scissors|dilators?|splints?|needles?|blades?)"
_INSTRUMENT_NOUN = re.compile(r"(?i)^\s+" + _INSTRUMENTS + r"\b")
# The first of a two-word eponym, the second a capitalised word: "O'Gawa Utrata forceps".
_SECOND_EPONYM_THEN_INSTRUMENT = re.compile(r"^\s+[A-Z][\w'’-]*\s+(?i:" + _INSTRUMENTS + r")\b")
# A model span that took the eponym's noun in with the name ("Glenn shunt", "Doyle splints"); the noun in
# lower case, as prose writes it ("Dr. Kim Splint" is a name), or in a note typed in capitals ("GLENN SHUNT").
_EPONYM_LAST_WORD = re.compile(
    r"\s(?:shunts?|splints?|forceps|retractors?|clamps?|catheters?|cath|procedure|operation|maneuver|sign|test|"
    r"syndrome|disease|repair|classification|criteria|scale|score|stain|reflex|tube|needle|anastomos[ie]s|"
    r"sheaths?)$"
)


# An operation named after its surgeon where a history writes the event: after "s/p", "underwent", "h/o", alone or
# after others of its kind in a list ("S/P GLENN AND NORWOOD", "s/p whipple and hartmann's"). No person stands there.
_OPERATION_NAMES = "|".join(sorted(EPONYMOUS_OPERATIONS, key=len, reverse=True))
_OPERATION_HISTORY_BEFORE = re.compile(
    r"(?i)(?:^|[^\w/])(?:s/p|status[ \t]+post|underwent|h/o|hx[ \t]+of|history[ \t]+of|had[ \t]+an?|after[ \t]+an?|"
    r"prior|previous|candidate[ \t]+for)[ \t]+"
    r"(?:(?:lap|laparoscopic|open|robotic|modified|classic|redo|bidirectional)[ \t]+)?"
    r"(?:(?:" + _OPERATION_NAMES + r")(?:['’]s)?[ \t]*(?:,|and|&|/|\+)[ \t]*)*$"
)


# After work and "in", words of the dictionary name the field of the work, not the employer or a town: "PT WORKS IN
# SALES", "worked in Construction"; names that are also words count as words ("Sales", "Law")
_WORK_IN_BEFORE = re.compile(r"(?i)(?<![\w])(?:works|worked|working|employed)[ \t]+in[ \t]+$")


# The grade a scale named after its author gives, right after the name: a Roman numeral with its letter, a digit, or
# a letter, with the scale's word or not ("Forrest IIb", "TANNER I", "Fisher grade 3", "Weber B")
_TITLE_BEFORE = re.compile(r"(?i)(?<![\w])(?:dr|mr|mrs|ms|miss)\.?[ \t]+$")
_GRADE_AFTER = re.compile(
    r"^[ \t]+(?:(?i:stage|grade|gr|class|type|score)[ \t]+)?(?:IV|V|I{1,3}|iv|v|i{1,3}|[1-5]|[A-D])[a-cA-C]?(?![\w])"
)


_US_STATES = frozenset(STATE_CODES)
_EMAIL_SHAPE = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")
_AGE_NEXT = re.compile(r"(?i)^[\s-]*(?:yo|y/o|yr|yrs|years?|-year)\b")
# "y.o." apart: `\b` after its dot wants a word character next, as it did in _AGE_NEXT (" y.o. male" is no match)
_AGE_NEXT_DOTTED = re.compile(r"(?i)^[\s-]*y\.o\.\b")


def _not_a_reading(text: str, span: Span, value: str, prev_word: str) -> bool:
    """Shapes a measurement name in front does not explain: "CO 48012" (state and ZIP), "P | 101 yo"
    (an age), "T: 07/13" (no reading has a leading zero before a slash)."""
    if span.entity_type == "LOCATION" and re.fullmatch(r"\d{5}", value) and prev_word in _US_STATES:
        return True
    if span.entity_type == "AGE" and (
        _AGE_NEXT.match(after := text[span.end : span.end + 12]) or _AGE_NEXT_DOTTED.match(after)
    ):
        return True
    if span.entity_type == "DATE" and DAY_MONTH.fullmatch(value) and anchored_day(text, span.start, span.end):
        return True
    if span.entity_type == "DATE" and DAY_MONTH.fullmatch(value) and prev_word.lower() not in _SLASH_READINGS:
        return True  # "check level 3/18": a lithium level is one number; only pressures and ratios read a/b
    if span.entity_type == "DATE" and prev_word.lower() == "ca" and _ORGAN_CA.search(text, 0, span.start):
        return True  # "breast ca 2068": a cancer's year, not a calcium of 2068
    if span.entity_type == "DATE" and _MONTH_YEAR.fullmatch(value) and prev_word.lower() not in _TITRE_WORDS:
        return True
    return span.entity_type == "DATE" and re.fullmatch(r"0\d/\d{1,2}(?:/\d{2,4})?", value) is not None


_ORGAN_CA = re.compile(
    r"(?i)\b(?:breast|lung|prostate|colon|rectal|colorectal|ovarian|cervical|bladder|renal|thyroid|gastric|"
    r"pancreatic|pancreas|skin|endometrial|uterine|esophageal|head\s+and\s+neck|tongue|oral)[ \t]+ca\W*$"
)


def _read_by_tens_after_a_vital(text: str, start: int) -> bool:
    line_start = start_of_line(text, start)
    vital = _VITAL_BEFORE_TENS.search(text[max(line_start, start - 40) : start])
    return vital is not None and is_measurement_name(vital.group(1))


def is_clinical_span(text: str, span: Span) -> bool:
    value = text[span.start : span.end]
    if span.entity_type in NUMERIC_TYPES:
        if _GLUED.fullmatch(value):
            return True
        if _VALUE.fullmatch(value):
            nxt = WORD_AFTER_VALUE.match(text[span.end : span.end + 20])
            # Doses and readings have at most five digits; "MRN 1000000 C" is an id before a letter.
            int_digits = sum(c.isdigit() for c in value.split(".")[0])
            # A one-letter unit ("37 C", "98.6 F") follows a short reading, never a five-digit ZIP.
            if nxt and is_unit(nxt.group(1)):
                limit = 3 if len(nxt.group(1)) == 1 else 4 if span.source.startswith(_LABELLED_SOURCES) else 5
                if int_digits <= limit:
                    return True
            prev = WORD_BEFORE_VALUE.search(text[max(0, span.start - 25) : span.start])
            if prev and is_measurement_name(prev.group(1)) and not _not_a_reading(text, span, value, prev.group(1)):
                return True
            if _TENS.fullmatch(value) and _read_by_tens_after_a_vital(text, span.start):
                return True
    if (
        span.entity_type == "DATE"
        and _EXPIRY_BEFORE.search(text, max(0, span.start - 20), span.start)
        and _PRODUCT_BEFORE.search(text, max(0, span.start - 70), span.start)
    ):
        return True
    if span.entity_type == "EMAIL" and not _EMAIL_SHAPE.search(value):
        return True  # "LYTES @ 1000": shorthand for "at", not an address
    if span.entity_type == "AGE" and value.isdigit() and int(value) < 90:
        return True  # Safe Harbor protects ages over 89 only; a model's "65-year-old" is not PHI
    if span.entity_type == "DATE" and (WEEKDAY_OR_RELATIVE.fullmatch(value.strip()) or _TIME_ONLY.fullmatch(value)):
        return True
    if span.entity_type == "DATE" and (dm := DAY_MONTH.fullmatch(value)):
        # A yearless date has a month on one side; "22-29" is a reference range, "15/20" a ratio.
        counted = COUNT_WORD.search(text[max(0, span.start - 12) : span.start])
        # a count never exceeds its total: "visit 2/6" is one of six, "visit 7/2" a day
        counted = counted and int(dm.group(1)) <= int(dm.group(2)) and not anchored_day(text, span.start, span.end)
        if min(int(dm.group(1)), int(dm.group(2))) > 12 or counted:
            return True
    if span.entity_type == "DATE" and (gc := _GLUED_COUNT.fullmatch(value)) and int(gc.group(1)) <= int(gc.group(2)):
        return True
    if (
        span.entity_type in ("NAME", "PROVIDER")
        and len(value.strip()) == 1
        and _GROUP_BEFORE_LETTER.search(text[max(0, span.start - 12) : span.start])
    ):
        return True  # "TEAM B AWARE", "pod c": a team's or a ward's letter, not an initial
    if span.entity_type in ("NAME", "PROVIDER", "ORGANIZATION", "LOCATION") and is_hospital_bank(value):
        return True  # "d/w BLOOD BANK", "SENT TO TISSUE BANK": a department, though "Organ" and "Bank" are surnames
    if span.entity_type in ("NAME", "PROVIDER", "ORGANIZATION", "LOCATION") and _operation_by_its_surgeon(
        text, span, value
    ):
        return True
    if span.entity_type in ("NAME", "PROVIDER", "ORGANIZATION", "LOCATION") and _graded_eponym(
        text, span, value.strip()
    ):
        return True  # "EGD: Forrest IIb ulcer", "NL TANNER I MALE": a scale and the grade it gives
    if span.entity_type in ("ORGANIZATION", "LOCATION") and _field_of_work(text, span, value.strip()):
        return True
    if span.entity_type in ("NAME", "PROVIDER") and _mobility_aid(text, span, value):
        return True
    if span.entity_type in ("NAME", "PROVIDER") and _team_colour(text, span, value):
        return True
    if span.entity_type in ("NAME", "PROVIDER") and _is_eponym(text, span, value.strip()):
        return True
    if span.entity_type == "LOCATION" and _one_word_before_eponym_noun(text, span, value.strip()):
        return True  # "increase in Glenn pressures", "FROM MAYO STAND": a town's name is a surgeon's there too
    if span.entity_type == "LOCATION" and _MODEL_LETTER_THEN_DESIGN.match(text[span.end : span.end + 16]):
        return True  # "MIAMI J COLLAR": a collar's design and its model's letter
    if span.entity_type == "ORGANIZATION" and _surname_before_eponym_noun(text, span, value.strip()):
        return True  # "Mumford procedure left shoulder": a surgeon's name, not the hospital the model took it for
    return False


# The aid a patient walks with, a surname as well ("Walker"): beside another aid, its kind, or how it is used.
_AIDS_THAT_ARE_NAMES = frozenset({"walker", "walkers"})
# ("w/" is its own branch, for RE2 reads a lookbehind only where a branch opens: "d/w Walker" is a talk with him.)
_AID_BEFORE = re.compile(
    r"(?<![\w/])(?i:w/)[ \t]*$"
    r"|(?i:cane|crutches|wheelchair|w/c|rollator|rolling|front[- ]?wheeled|wheeled|fww|rw|standard|"
    r"uses|using|needs|with[ \t]+(?:a|his|her)|amb|ambulat[a-z]*|walks?|walking)[ \t]+(?:(?i:and|or|&)[ \t]+)?$"
)
_AID_AFTER = re.compile(r"(?i)^[ \t]*(?:and|or|&|/)[ \t]*(?:cane|crutches|wheelchair|w/c)\b")


def _mobility_aid(text: str, span: Span, value: str) -> bool:
    """ "cane and walker at home", "amb w/ walker": the aid, not Dr. Walker ("d/w Walker", "Mrs. Walker at home")."""
    return value.lower() in _AIDS_THAT_ARE_NAMES and (
        _AID_BEFORE.search(text, max(0, span.start - 24), span.start) is not None
        or _AID_AFTER.match(text[span.end : span.end + 24]) is not None
    )


def _team_colour(text: str, span: Span, value: str) -> bool:
    """A colour beside a team's or a unit's word names a team ("MICU GREEN AWARE", "d/w micu orange", "GOLD TEAM");
    a colour after a title stays a surname ("Dr. Green")."""
    words = value.lower().split()
    named_group = bool(words) and words[0] in _GROUP_WORDS
    colours = words[1:] if named_group else words
    if not colours or not all(w in TEAM_COLOURS for w in colours):
        return False
    return (
        named_group
        or _GROUP_BEFORE_LETTER.search(text, max(0, span.start - 12), span.start) is not None
        or _GROUP_AFTER.match(text[span.end : span.end + 12]) is not None
    )


def _one_word_before_eponym_noun(text: str, span: Span, value: str) -> bool:
    return " " not in value and _EPONYM_NOUN.match(text[span.end : span.end + 40]) is not None


def _surname_before_eponym_noun(text: str, span: Span, value: str) -> bool:
    """One word written as a name, not an institution's initials: "DFCI protocol" is the institute's; in a note in
    capitals a word of more than four letters ("MUMFORD PROCEDURE") is taken for the name."""
    if not _one_word_before_eponym_noun(text, span, value):
        return False
    return not value.isupper() or (len(value) > 4 and is_shouted(text, span.start, span.end))


def _operation_by_its_surgeon(text: str, span: Span, value: str) -> bool:
    name = value.strip().lower()
    name = name[:-2] if name.endswith(("'s", "’s")) else name
    return name in EPONYMOUS_OPERATIONS and _OPERATION_HISTORY_BEFORE.search(
        text, max(0, span.start - 80), span.start
    ) is not None


def _field_of_work(text: str, span: Span, value: str) -> bool:
    words = value.split()
    return (
        bool(words)
        and _WORK_IN_BEFORE.search(text, max(0, span.start - 16), span.start) is not None
        and all(is_word_in_any_dictionary(w) or is_word_in_any_dictionary(_singular(w)) for w in words)
        and not (value.lower() in known_cities() or value in STATE_NAMES or is_country(value))
        # a capitalised town the gazetteer knows, in prose with case ("works in Reading"); in capitals case tells
        # no town from a field
        and not (value[:1].isupper() and value.lower() in place_names() and not is_shouted(text, span.start, span.end))
    )


def _singular(word: str) -> str:
    return word[:-1] if word[-1:] in "sS" else word


def _graded_eponym(text: str, span: Span, value: str) -> bool:
    """A scale's name before its grade; not a person's after a title ("Mr. Weber 2 days post op"), nor before a
    count of units ("Fisher 4 days ago")."""
    name, _, grade_in_span = value.partition(" ")
    if name.lower() not in GRADED_EPONYMS or _TITLE_BEFORE.search(text, max(0, span.start - 8), span.start):
        return False
    if grade_in_span:
        # the model took the grade in with the name: "Forrest IIa"
        return _GRADE_AFTER.fullmatch(" " + grade_in_span) is not None
    grade = _GRADE_AFTER.match(text[span.end : span.end + 24])
    if grade is None:
        return False
    unit = WORD_AFTER_VALUE.match(text[span.end + grade.end() : span.end + grade.end() + 16])
    return unit is None or not is_unit(unit.group(1))


def _is_eponym(text: str, span: Span, value: str) -> bool:
    after = text[span.end : span.end + 40]
    if _one_word_before_eponym_noun(text, span, value):
        return True
    if " " not in value and (partner := _HYPHENED_PARTNER.match(after)) and _EPONYM_NOUN.match(after[partner.end() :]):
        return True  # "O'CONNOR-O'SULLIVAN RETRACTOR": the first of two names joined before the instrument
    if " " not in value and (m := _PERSON_EPONYM_AFTER.match(after)) and not m.group("lab"):
        return True
    if value.count(" ") == 1 and _INSTRUMENT_NOUN.match(after):
        return True
    if " " not in value and _SECOND_EPONYM_THEN_INSTRUMENT.match(after):
        return True
    if _EPONYM_LAST_WORD.search(value):
        return True
    return value.isupper() and _EPONYM_LAST_WORD.search(value.lower()) is not None and is_shouted(
        text, span.start, span.end
    )


__all__ = [
    "DAY_MONTH",
    "NUMERIC_TYPES",
    "WEEKDAY_OR_RELATIVE",
    "WORD_AFTER_VALUE",
    "WORD_BEFORE_VALUE",
    "is_clinical_span",
]
