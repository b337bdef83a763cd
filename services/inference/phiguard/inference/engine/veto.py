"""Clinical look-alikes that no detector may report as PHI: measurements, doses, scores, frequencies.

Applied in the resolver to every span, rule or model, so a number with a unit, a lab or vital
name followed by its value, or a ward/device word the model took for a name never leaves the engine.
"""

from __future__ import annotations

from phiguard.inference.engine import linear_re as re

from phiguard.inference.engine.recognizers.dates import anchored_day, clock_time, counted_after
from phiguard.inference.engine.recognizers.locations import STATE_CODES, place_names
from phiguard.inference.engine.recognizers.organizations import GENERIC_WORDS
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.vocab import (
    ROLE_ABBREVIATIONS,
    is_cased,
    is_clinical_word,
    is_common_word,
    is_country,
    is_english_word,
    is_first_name,
    is_function_word,
    is_language,
    is_measurement_name,
    is_unit,
)

# 88, 3.9, 120/80, <0.01, 98%, 1,200 — the shape of a value (a full date has two separators).
_VALUE = re.compile(r"[<>~≤≥+-]?\d+(?:[.,]\d+)?(?:/\d+(?:\.\d+)?)?%?")
# A value with its unit glued on, or a dosing/frequency token: 40mg, 2.5mcg/kg, x2, q4h, 2x, 3d.
# A count is x1..x99; "x12345" is a phone extension.
_GLUED = re.compile(
    r"(?i)(?:[<>~]?\d+(?:\.\d+)?(?:mg|mcg|ug|g|gm|kg|lbs?|ml|cc|l|dl|meq|mmol|units?|iu|u|mm|cm|mmhg|bpm|%|hrs?|h|"
    r"min|mins|d|wks?|mos?|yrs?|x)(?:/[a-z]+)*|\d{1,2}w(?:\dd)?|x\d{1,2}(?:d|h|days?)?|q\.?\d+(?:-\d+)?(?:h|hr|hrs|min)?|"
    r"q(?:d|day|h|hs|am|pm|od|id|6|8|12)|[a-z]\d?\d-?[a-z]?\d)"
)
_PREV_WORDS = re.compile(r"([A-Za-z][A-Za-z0-9/]*)\s*[:=]?\s*(?:of\s+|was\s+|is\s+|at\s+|to\s+|now\s+)?$")
_NEXT_WORD = re.compile(r"^[ \t]*([A-Za-z%°µ/][A-Za-z0-9/%°µ]*)")
_WEEKDAY_OR_RELATIVE = re.compile(
    r"(?i)(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:day)?\.?|today|tonight|yesterday|tomorrow|this\s+(?:am|pm|morning|"
    r"afternoon|evening)|overnight|noon|midnight|(?:last|next)\s+(?:week|month|night)"
)
_NUMERIC_TYPES = frozenset(
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
_ID_LIKE = frozenset(
    {
        "MRN",
        "ACCOUNT",
        "PATIENT_ID",
        "OTHER_ID",
        "PHONE",
        "FAX",
        "SSN",
        "LICENSE",
        "DEVICE",
        "VEHICLE",
        "LOCATION",
        "BIOMETRIC",
    }
)
# Rules whose own label or shape already says what the value is ("MA 10000", "MRN 1000000"): a
# unit-looking word after them ("HR", "C") is the next field, not their unit.
_LABELLED_SOURCES = ("labelled_id", "location", "ssn", "phone", "checksum_id", "email", "url", "ip", "propagated")
_DEPARTMENT_WORDS = frozenset(
    "department dept service services unit units floor ward clinic clinics hospital center centre office lab "
    "laboratory pharmacy radiology pathology emergency surgery medicine cardiology oncology neurology home room "
    "bay bedside facility institution practice program team division section suite".split()
)
_TIME_ONLY = re.compile(r"(?i)\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?")
# What any date has: a month or holiday word, day and month in numbers, a four-digit or apostrophe year.
_DATE_SHAPE = re.compile(
    r"[A-Za-z]|\d{1,4}[/-]\d{1,2}|(?<!\d)(?:1[89]|2[01])\d{2}(?!\d)|'\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4}"
)
# Measurements written as a pair: "BP 120/80", "PA 40/18", "I/O 1200/800".
_SLASH_READINGS = frozenset("bp b/p sbp dbp map abp nibp art pa pap cvp pcwp i/o ins outs ratio vent peep ps".split())
_COUNT_OF = re.compile(r"\d+\s+of\s+\d+")
_OBSTETRIC_HISTORY = re.compile(r"G\d{1,2}(?:P\d{1,4})?(?:\s*(?:T|A|L)\d)*")
_FREQUENCY = re.compile(r"(?i)\d+(?:-\d+)?\s*/\s*(?:day|d|wk|week|hr|h|month|mo)")
# Hospital units: "6 West", "4 EAST", "7B".
_UNIT = re.compile(r"(?i)\d{1,2}\s*(?:west|east|north|south|[a-z])")
_SCORE = re.compile(r"(?:\d{1,2}-)?\d{1,2}/10")
_HHMM = r"(?:[01]\d|2[0-3])[0-5]\d"  # a 24-hour clock time: 0700, 1930
_SHIFT_RANGE = re.compile(_HHMM + r"\s*-\s*" + _HHMM)
_DECIMAL = re.compile(r"[<>~]?\d+\.\d+")
_DAY_MONTH = re.compile(r"(\d{1,2})[/-](\d{1,2})")
# "lot u7741aa exp 08/2026", "inhaler (exp 9/25)": when a product expires says nothing about a person; when a
# prior authorisation or a hearing aid's warranty expires ("auth ... exp 11/30/2025") is the patient's date.
_EXPIRY_BEFORE = re.compile(r"(?i)(?<![\w])(?:exp\.?|expiry|expiration(?:\s+date)?)[ \t]*:?[ \t]*\(?[ \t]*$")
_PRODUCT_BEFORE = re.compile(
    r"(?i)(?<![\w])(?:lot|vial|inhaler|epi-?pen|auto-?injector|pen|cartridge|kit|reagent|ndc|bottle|batch|strips?|"
    r"sensor|sample)(?![\w])[^\n]{0,45}$"
)
# A title just before a lower-case word makes it someone's name: "dr lim", "per nurse wong". After a relation it
# is as often how they are ("daughter tearful"), and given names ("wife rose") are never taken for words.
_PERSON_WORD_BEFORE = re.compile(
    r"(?i)(?<![\w])(?:dr|mr|mrs|ms|miss|nurse|rn|np|pa|per|w/|with|by|called|named)\.?[ \t]+$"
)
# Billing codes the model reads as ids, phones or dates: CPT "99214", "(90715)", dental "D7953", ICD-10 "S39.012A".
_BILLING_LABEL = re.compile(r"(?i)(?<![\w])(?:cpt|hcpcs|icd-?10|icd|dx|codes?|billing|cdt|modifier)\b[^\n]{0,40}$")
_CODE_SHAPE = re.compile(r"\(?(?:\d{5}(?:-\d{2})?|D\d{4}|[A-TV-Z]\d{2}\.[0-9A-Z]{1,4})\)?(?:,[ \t]*\d{5})*")
_PROCEDURE_CODE = re.compile(r"D\d{4}|[A-TV-Z]\d{2}\.[0-9A-Z]{1,4}")
# A supply's HCPCS code in brackets after it: "Rolling walker (E0143)", "Shower chair (E0240)"
_HCPCS = re.compile(r"[A-V]\d{4}")
# "pt 7/2093": a month and a four-digit year; no reading is a month over a year, only a titre is 1/1280.
_MONTH_YEAR = re.compile(r"(?:0?[1-9]|1[0-2])/(?:19|20)\d\d")
_TITRE_WORDS = frozenset("ana titer titre titers titres dilution dil".split())
# "day 3/7" of an antibiotic course, "dose 2/3", "cycle 4/6": a count out of a total, not a date.
_COUNT_WORD = re.compile(r"(?i)\b(?:day|dose|cycle|week|wk|pod|hd|session|visit|tx|#)\s*$")
# "2/10   15": a pain score followed by the next column's reading.
_SCORE_THEN_READINGS = re.compile(r"(?:\d{1,2}-)?\d{1,2}/10(?:\s+[\d./%]+)+")
_WORD_TYPES = frozenset({"NAME", "PROVIDER", "LOCATION", "ORGANIZATION"})
# A surname before a disease, sign, instrument or technique is an eponym ("Barrett esophagus",
# "Parkinson's disease", "O'Connor-O'Sullivan retractor"), never the patient or a clinician.
_EPONYM_NOUN = re.compile(
    r"(?i)^(?:['’]s?)?\s+(?:disease|syndrome|signs?|esophagus|ulcer|fracture|retractors?|forceps|clamp|stain|"
    r"maneuver|manoeuvre|criteria|classification|reflex|phenomenon|lymphoma|sarcoma|tumou?r|palsy|triad|"
    r"contracture|deformity|dilators?|incision|aneurysm|anomaly|cyst|catheter|nodes?|shunt|anastomosis|"
    r"procedure|operation|physiology|circulation|pressures?|protocol|scale|technique|repair|pouch|filter|tube|"
    r"needle|approach|splint|criterion|paralysis|paresis|list|test|score|sign|law|rule|view|position|solution|"
    r"formula|equation|hernia|space)\b"
)


_US_STATES = frozenset(STATE_CODES)
_STATE_NAMES = frozenset(
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois "
    "indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri "
    "montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington "
    "wisconsin wyoming".split()
    + [
        "new hampshire",
        "new jersey",
        "new mexico",
        "new york",
        "north carolina",
        "north dakota",
        "rhode island",
        "south carolina",
        "south dakota",
        "west virginia",
        "puerto rico",
        "district of columbia",
    ]
)
_EMAIL_SHAPE = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")
# "19-552": a protocol or case number; no date has a three-digit second part.
_NOT_A_DATE = re.compile(r"\d{1,2}[-/]\d{3,}")
_HEADING_WORDS = frozenset(
    "consultation consult note notes summary report assessment evaluation history plan progress update "
    "addendum letter procedure flowsheet handoff intake conference meeting visit encounter referral documentation "
    "bereavement".split()
)
_NAMED_FACILITY_WORDS = frozenset("hospital hospitals medical center centre university college institute".split())
_CLOCK_TIME = re.compile(_HHMM)
_PHONE_LABEL_BEFORE = re.compile(r"(?i)(?:pager|pgr|beeper|page|ext\.?|extension|x|vocera|#)[ \t:#.]*$")
_AGE_NEXT = re.compile(r"(?i)^[\s-]*(?:yo|y/o|y\.o\.|yr|yrs|years?|-year)\b")


# Clinician or patient initials that are also abbreviations ("d/w MR", "RN: PM", "AS (fellow)", "-FS"
# closing a note, "ED is a 27 yo"): the model's confident call stands where the context says a person.
_INITIALS = re.compile(r"[A-Z]{2,3}|[a-z]{2,3}")
_PERSON_BEFORE = re.compile(
    r"(?i)(?:\bd/w|\bper|\bcc|\bcontact|(?:discussed|seen|examined|reviewed|staffed|signed|case)\s+(?:\w+\s+)?(?:with|by)|"
    r"\b(?:rn|md|np|pcp|resident|fellow|attending|primary\s+care)(?:\s+is)?\s*:?)\s*$"
    r"|(?:^|\n)[ \t]*-{1,2}[ \t]*$"
)
_PERSON_AFTER = re.compile(
    r"(?:[ \t]*,?[ \t]*(?:RN|MD|NP|PA-C|LPN)\b|/[A-Za-z]{2,3}\b|[ \t]*\((?i:fellow|attending|resident|intern|np|rn|"
    r"[a-z]+ologist)\)|[ \t]+(?i:is\s+an?\s+(?:\d|very\b|pleasant\b)))"
)
_CONFIDENT = 0.8
# How a dose is given: "per OGT", "per NGT", "per PEG" read like "per MR" but name no one.
_ROUTES_AND_TUBES = frozenset("ogt ngt peg picc ett iv po".split())


def _initials_of_a_person(text: str, span: Span, value: str) -> bool:
    if (
        span.entity_type not in ("NAME", "PROVIDER")
        or span.confidence < _CONFIDENT
        or not _INITIALS.fullmatch(value)
        or value.lower() in ROLE_ABBREVIATIONS
        or value.lower() in _ROUTES_AND_TUBES  # "per OGT": a tube, never initials
    ):
        return False
    nxt = _NEXT_WORD.match(text[span.end : span.end + 20])
    if nxt and nxt.group(1).lower() in _DEPARTMENT_WORDS:
        return False  # "d/w CT surgery": a service
    before = text[max(0, span.start - 30) : span.start]
    return bool(_PERSON_BEFORE.search(before) or _PERSON_AFTER.match(text, span.end))


_DETERMINERS = frozenset("a an the his her their my our your this that these some former".split())


def _read_as_clock(text: str, span: Span, value: str) -> bool:
    """Four digits the words before them on their line make a 24-hour clock time."""
    if not value.isdigit():
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    prev = _PREV_WORDS.search(text[max(line_start, span.start - 25) : span.start])
    return clock_time(text, span.start, span.end, prev.group(1) if prev else None)


def _line_of(text: str, span: Span) -> str:
    end = text.find("\n", span.end)
    return text[text.rfind("\n", 0, span.start) + 1 : end if end >= 0 else len(text)]


def _not_a_reading(text: str, span: Span, value: str, prev_word: str) -> bool:
    """Shapes a measurement name in front does not explain: "CO 48012" (state and ZIP), "P | 101 yo"
    (an age), "T: 07/13" (no reading has a leading zero before a slash)."""
    if span.entity_type == "LOCATION" and re.fullmatch(r"\d{5}", value) and prev_word in _US_STATES:
        return True
    if span.entity_type == "AGE" and _AGE_NEXT.match(text[span.end : span.end + 12]):
        return True
    if span.entity_type == "DATE" and _DAY_MONTH.fullmatch(value) and anchored_day(text, span.start, span.end):
        return True
    if span.entity_type == "DATE" and _DAY_MONTH.fullmatch(value) and prev_word.lower() not in _SLASH_READINGS:
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


_INITIALS_SIGNED_AFTER = re.compile(r",?[ \t]*(?:RN|MD|NP|PA|DO|LPN|CNA|RT|PA-C)\b")
_INITIALS_SIGNED_BEFORE = re.compile(r"(?:\bby|[-—~/])[ \t]*$")


def is_clinical_span(text: str, span: Span) -> bool:
    value = text[span.start : span.end]
    if span.entity_type in _NUMERIC_TYPES:
        if _GLUED.fullmatch(value):
            return True
        if _VALUE.fullmatch(value):
            nxt = _NEXT_WORD.match(text[span.end : span.end + 20])
            # Doses and readings have at most five digits; "MRN 1000000 C" is an id before a letter.
            int_digits = sum(c.isdigit() for c in value.split(".")[0])
            # A one-letter unit ("37 C", "98.6 F") follows a short reading, never a five-digit ZIP.
            if nxt and is_unit(nxt.group(1)):
                limit = 3 if len(nxt.group(1)) == 1 else 4 if span.source.startswith(_LABELLED_SOURCES) else 5
                if int_digits <= limit:
                    return True
            prev = _PREV_WORDS.search(text[max(0, span.start - 25) : span.start])
            if prev and is_measurement_name(prev.group(1)) and not _not_a_reading(text, span, value, prev.group(1)):
                return True
    if (
        span.entity_type == "DATE"
        and _EXPIRY_BEFORE.search(text, max(0, span.start - 20), span.start)
        and _PRODUCT_BEFORE.search(text, max(0, span.start - 70), span.start)
    ):
        return True
    if span.source.startswith("model") and span.entity_type in _NUMERIC_TYPES:
        bracketed = text[span.start - 1 : span.start] == "(" and text[span.end : span.end + 1] == ")"
        if _HCPCS.fullmatch(value) and bracketed:
            return True
        if _CODE_SHAPE.fullmatch(value):
            if _PROCEDURE_CODE.fullmatch(value.strip("()")) or _BILLING_LABEL.search(
                text, max(0, text.rfind("\n", 0, span.start) + 1), span.start
            ):
                return True
            if span.entity_type == "PHONE" and re.search(r"[a-z][ \t]*\($", text[max(0, span.start - 4) : span.start]):
                return True  # "im r deltoid (90715)": a code in brackets after a word; no phone number has five digits
    if span.entity_type == "EMAIL" and not _EMAIL_SHAPE.search(value):
        return True  # "LYTES @ 1000": shorthand for "at", not an address
    if span.entity_type == "AGE" and value.isdigit() and int(value) < 90:
        return True  # Safe Harbor protects ages over 89 only; a model's "65-year-old" is not PHI
    if span.entity_type == "DATE" and (_WEEKDAY_OR_RELATIVE.fullmatch(value.strip()) or _TIME_ONLY.fullmatch(value)):
        return True
    if span.entity_type == "DATE" and (dm := _DAY_MONTH.fullmatch(value)):
        # A yearless date has a month on one side; "22-29" is a reference range, "15/20" a ratio.
        counted = _COUNT_WORD.search(text[max(0, span.start - 12) : span.start])
        # a count never exceeds its total: "visit 2/6" is one of six, "visit 7/2" a day
        counted = counted and int(dm.group(1)) <= int(dm.group(2)) and not anchored_day(text, span.start, span.end)
        if min(int(dm.group(1)), int(dm.group(2))) > 12 or counted:
            return True
    if span.entity_type == "DATE" and span.source.startswith("model"):
        # The model's date false alarms: bare day numbers, scores out of 10, shift ranges (0700-1900).
        if (value.isdigit() and len(value) <= 2) or _NOT_A_DATE.fullmatch(value):
            return True
        if _SCORE.fullmatch(value) or _SHIFT_RANGE.fullmatch(value) or _SCORE_THEN_READINGS.fullmatch(value):
            return True
        if not _DATE_SHAPE.search(value) or _FREQUENCY.fullmatch(value) or value in ("MAR", "24/7", "may"):
            return True  # cells of a lab table ("18        16", "2.02"), "2-3/day", "current MAR"
        if _COUNT_OF.fullmatch(value) or (_DAY_MONTH.fullmatch(value) and "-" in value):
            return True  # "12 of 36" sessions, "Borg 6-20": counts and ranges, not days
        if _DAY_MONTH.fullmatch(value) and counted_after(text, span.end):
            return True  # "(3/17 LN)", "2/6 holosystolic murmur"
        if _read_as_clock(text, span, value):
            return True  # "1900 - report given", "next due 2000"
    if span.entity_type in _ID_LIKE and span.source.startswith("model"):
        # No record number, phone or ZIP is "98.6" or "88": decimals and short integers are readings.
        if _DECIMAL.fullmatch(value) or (value.isdigit() and len(value) <= 3):
            return True
        if _OBSTETRIC_HISTORY.fullmatch(value):
            return True  # "G3P1011", "G2": gravida and para
        # "0240  SON UPDATED BY PHONE": a flowsheet's 24-hour time, unless a pager or extension label says otherwise
        if (
            span.entity_type in ("PHONE", "FAX")
            and _CLOCK_TIME.fullmatch(value)
            and not _PHONE_LABEL_BEFORE.search(text, max(0, span.start - 16), span.start)
        ):
            return True
    if (
        span.source.startswith("model")
        and span.entity_type in ("LOCATION", "PHONE", "OTHER_ID")
        and _read_as_clock(text, span, value)
    ):
        return True  # "Accepted 07/21/68 at 1420": a clock time
    if (
        span.entity_type in ("NAME", "PROVIDER")
        and " " not in value.strip()
        and _EPONYM_NOUN.match(text[span.end : span.end + 40])
    ):
        return True
    if span.entity_type in _WORD_TYPES and span.source.startswith("model"):
        # The model's typical false alarms: ward, device and drug words, ALL-CAPS shorthand. Rules keep
        # their own context checks, so this only judges model spans, and only all-clinical ones.
        if _initials_of_a_person(text, span, value):
            return False
        if span.entity_type in ("NAME", "PROVIDER") and is_language(value.strip()):
            return True  # "Preferred language: Vietnamese"
        words = re.findall(r"[^\W\d_][\w'/&.-]*", value)  # Unicode letters: "Phạm" is one word
        if words and all(is_clinical_word(w) for w in words):
            return True
        # "breast ca": every word a frequent clinical word or abbreviation, no given name and no initial
        # ("D. Gurney") among them
        if (
            span.entity_type in ("NAME", "PROVIDER")
            and len(words) > 1
            and all(len(w.rstrip(".")) > 1 for w in words)
            and all((is_common_word(w) or is_clinical_word(w)) and not is_first_name(w) for w in words)
        ):
            return True
        # One frequent clinical word ("ARM", "Tremor") is not a person; the common-word list holds no
        # given name or surname, so "Brown" or "White" stay. Places are often named with common words
        # (Mercy, Providence, Summit), so for them only department words count ("Department").
        if len(words) == 1 and len(value.strip()) == len(words[0]):
            word = words[0]
            if span.entity_type in ("NAME", "PROVIDER") and is_common_word(word) and not is_first_name(word):
                return True
            if (
                span.entity_type in ("NAME", "PROVIDER")
                and span.source.startswith("model")
                and word.isupper()
                and is_clinical_word(word)
                and is_cased(text)
                and not _INITIALS_SIGNED_AFTER.match(text, span.end)
                and not _INITIALS_SIGNED_BEFORE.search(text, max(0, span.start - 6), span.start)
            ):
                return True  # "per ACS nomogram", "stress MIBI today": an abbreviation, unless signed ("by MB, RN")
            if (
                span.entity_type in ("NAME", "PROVIDER")
                and word.islower()
                and is_english_word(word)
                and not is_first_name(word)
                and is_cased(text)
                and not _PERSON_WORD_BEFORE.search(text, max(0, span.start - 20), span.start)
            ):
                return True  # "daughter tearful", "iodinated contrast - hives" in a capitalised note; "dr lim" stays
            if span.entity_type in ("ORGANIZATION", "LOCATION") and (
                word.lower() in _DEPARTMENT_WORDS
                or (word.islower() and (is_common_word(word) or is_common_word(word.removesuffix("s"))))
            ):
                return True  # "Department"; "withdrew" in lower case is no place's name
            if (
                span.entity_type in ("ORGANIZATION", "LOCATION")
                and span.source.startswith("model")
                and word.isupper()
                and len(word) > 3
                and is_english_word(word.lower())
                and word.lower() not in place_names()
            ):
                return True  # "UP TO RECLINER", "AM DRAW" in an ALL-CAPS note: words the model alone took for places
        if _WEEKDAY_OR_RELATIVE.fullmatch(value.strip()):
            return True
        if span.entity_type in ("ORGANIZATION", "LOCATION") and _UNIT.fullmatch(value.strip()):
            return True  # "inpatient unit 6 west": a ward
        if (
            value.islower()
            and is_cased(text)
            and (
                words[0] in _DETERMINERS
                or is_function_word(words[0])
                or (
                    span.entity_type in ("ORGANIZATION", "LOCATION")
                    # "bereavement group", "selection committee", "daughter's home", "from kindergarten"
                    and all(
                        is_common_word(w) or is_clinical_word(w) or is_english_word(w.removesuffix("'s"))
                        for w in words
                    )
                )
            )
        ):
            return True  # "a condo", "a barbecue", "former school": a thing, not its name
        if (
            span.entity_type == "ORGANIZATION"
            and len(words) > 1
            and all(w.lower() in _DEPARTMENT_WORDS | GENERIC_WORDS | {"of", "&"} for w in words)
        ):
            return True  # "Division of Rheumatology", "Hand clinic", "Addiction Medicine": a service, not a place
        if (
            span.entity_type in ("ORGANIZATION", "LOCATION")
            and value.isupper()
            and words
            and words[-1].lower() in _HEADING_WORDS
            and (line := _line_of(text, span).strip()).endswith(value.strip())
            and line.isupper()
        ):
            return True  # "GERIATRIC MEDICINE CONSULTATION" alone on its line: a heading
        if (
            span.entity_type == "ORGANIZATION"
            and value.isupper()
            and (line := _line_of(text, span).strip()).isupper()
            and len(heading := re.findall(r"[A-Z]+", line)) <= 10  # a title, not a sentence of an ALL-CAPS note
            and any(w.lower() in _HEADING_WORDS for w in heading)
            and 2 * sum(is_common_word(w) or is_clinical_word(w) or w.lower() in GENERIC_WORDS for w in words)
            >= len(words)
            and not any(w.lower() in _NAMED_FACILITY_WORDS or is_first_name(w) for w in words)
        ):
            return True  # "HOSPICE SPIRITUAL CARE / BEREAVEMENT NOTE": the title of the note, not a place
        if (
            span.entity_type == "LOCATION"
            and (value.strip().lower() in _STATE_NAMES or is_country(value.strip()))
            and not span.source.startswith("location:")
        ):
            return True  # a state or country alone ("moved from Florida") identifies no one; in an address it goes
    return False


__all__ = ["is_clinical_span"]
