"""The filter only model spans pass: what the model alone takes for PHI. A rule's span never meets it.

The model reads whitespace as nothing and knows no clinical shorthand: its spans run over line breaks, and it
reports billing codes, pain scores, shift and clock times, gravida and para, ward, drug and heading words. The
resolver cuts each model span at its first line's end (`first_line`) and drops the false alarms
(`is_false_alarm`). Rules turn down their own look-alikes (each rule's `accept`), and `veto.py` judges every
span, rule or model, alike.
"""

from __future__ import annotations

import itertools

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.lines import start_of_line
from phiguard.inference.engine.recognizers.dates import clock_time
from phiguard.inference.engine.recognizers.locations import RESIDENCE_WORDS, STATE_CODES, place_names
from phiguard.inference.engine.recognizers.month_day import counted_after, valid_month_day
from phiguard.inference.engine.recognizers.names import NUMBER_BEFORE, RELATIVE_WORDS
from phiguard.inference.engine.recognizers.organizations import GENERIC_WORDS
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.veto import (
    COUNT_WORD,
    DAY_MONTH,
    NUMERIC_TYPES,
    WEEKDAY_OR_RELATIVE,
    WORD_AFTER_VALUE,
    WORD_BEFORE_VALUE,
)
from phiguard.inference.engine.vocab import (
    BODY_SITES,
    COMPASS_POINTS,
    PLACES_OF_CARE,
    ROLE_ABBREVIATIONS,
    SERVICES,
    is_cased,
    is_clinical_word,
    is_common_word,
    is_country,
    is_dictionary_word,
    is_drug_name,
    is_english_word,
    is_faith_or_people,
    is_first_name,
    is_function_word,
    is_language,
    is_listed_clinical_word,
    is_measurement_name,
    is_name_stop_word,
    is_ordinary_word,
    is_plain_word,
    is_shouted,
    is_unit,
    plain_and_no_given_name,
)

# Billing codes the model reads as ids, phones or dates: CPT "99214", "(90715)", dental "D7953", ICD-10 "S39.012A".
_BILLING_LABEL = re.compile(
    r"(?i)(?<![\w])(?:cpt|hcpcs|icd-?10|icd|dx|codes?|billing|cdt|modifier)(?:[^\w\n][^\n]{0,39})?$"
)
_CODE_SHAPE = re.compile(r"\(?(?:\d{5}(?:-\d{2})?|D\d{4}|[A-TV-Z]\d{2}\.[0-9A-Z]{1,4})\)?(?:,[ \t]*\d{5})*")
_PROCEDURE_CODE = re.compile(r"D\d{4}|[A-TV-Z]\d{2}\.[0-9A-Z]{1,4}")
# A supply's HCPCS code in brackets after it: "Rolling walker (E0143)", "Shower chair (E0240)"
_HCPCS = re.compile(r"[A-V]\d{4}")

# Numbers the model reads as dates.
# Prepositions that take a day, never a count: "from 6/14 blood cx", "since 3/2 cultures".
_DAY_PREPOSITION_BEFORE = re.compile(r"(?i)(?<![\w])(?:from|since|until|till|dated)[ \t]+$")
# "19-552": a protocol or case number; no date has a three-digit second part. "11R", "7F": a ward, a bed or a size;
# no date is a number and one letter but a decade's s ("the 70s").
_NOT_A_DATE = re.compile(r"\d{1,2}[-/]\d{3,}|\d{1,3}[A-RT-Za-rt-z]")
# A score out of 10 ("pain 2/10", "3-4/10") runs to 10: "11/10" and "12/10" are days.
_OUT_OF_TEN = r"(?:(?:10|\d)-)?(?:10|\d)/10"
_SCORE = re.compile(_OUT_OF_TEN)
# An event glued to a day by a hyphen, as flowsheet shorthand writes it: "2/10-EXTUBATED", "4/18-TRANSFERRED"
_EVENT_GLUED_AFTER = re.compile(r"-[A-Za-z]{2}")
_HHMM = r"(?:[01]\d|2[0-3])[0-5]\d"  # a 24-hour clock time: 0700, 1930
_SHIFT_RANGE = re.compile(_HHMM + r"\s*-\s*" + _HHMM)
# "2/10   15": a pain score followed by the next column's reading.
_SCORE_THEN_READINGS = re.compile(_OUT_OF_TEN + r"(?:\s+[\d./%]+)+")
# What any date has: a month or holiday word, day and month in numbers, a four-digit or apostrophe year.
_DATE_SHAPE = re.compile(
    r"[A-Za-z]|\d{1,4}[/-]\d{1,2}|(?<!\d)(?:1[89]|2[01])\d{2}(?!\d)|'\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4}"
)
# A month and a day written with a hyphen ("12-5") is more often a range, a size or a level ("2-3 times", "3-0
# Vicryl", "C6-7", "Borg 6-20", "goal 2-3", a shift "works 7-3", a lab table's "6-29"), so the model's such span goes
# unless the model is sure of it, a word dates it and nothing glued to it or after it counts or measures it: after
# a word that takes a day or an event in the past tense ("on 12-5", "extubated 12-5", "ETT pulled 12-6"), or opening
# its line before a colon or a dash ("12-5: reintubated"). On the regression notes the model's confidence alone let
# through eight such ranges (round 29 of model 1.10.0).
_GLUED_BEFORE_A_RANGE = re.compile(r"[A-Za-z0-9#.+/:-]$")
_WORD_DATING_A_DAY = re.compile(r"(?i)(?<![A-Za-z])(?:on|since|until|till|dated|done|[a-z]{2,}ed)[ \t]+$")
_COLON_OR_DASH_AFTER = re.compile(r"[ \t]*[:-]")
# what counts, measures or times a range after it: "2-3 times", "2-4 L", "q2-4 h", "7-11 pm"
_RANGE_WORDS = frozenset(
    "x times day days wk wks week weeks mo mos month months yr yrs year years hr hrs hour hours min mins minutes "
    "beats episodes laps shift shifts am pm a p o'clock".split()
)
_FREQUENCY = re.compile(r"(?i)\d+(?:-\d+)?\s*/\s*(?:day|d|wk|week|hr|h|month|mo)")
_COUNT_OF = re.compile(r"\d+\s+of\s+\d+")

# Readings and times the model reads as ids, phones or ZIPs.
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
_DECIMAL = re.compile(r"[<>~]?\d+\.\d+")
_OBSTETRIC_HISTORY = re.compile(r"G\d{1,2}(?:P\d{1,4})?(?:\s*(?:T|A|L)\d)*")
_CLOCK_TIME = re.compile(_HHMM)
# The other end of a shift written as two clock times: "0700-" before "1900", "-1900" after "0700"
_SHIFT_START_BEFORE = re.compile(_HHMM + r"[ \t]*-[ \t]*$")
_SHIFT_END_AFTER = re.compile(r"[ \t]*-[ \t]*" + _HHMM + r"(?!\d)")
_PHONE_LABEL_BEFORE = re.compile(r"(?i)(?:pager|pgr|beeper|page|ext\.?|extension|x|vocera|#)[ \t:#.]*$")

# Words the model reads as names and places.
_WORD_TYPES = frozenset({"NAME", "PROVIDER", "LOCATION", "ORGANIZATION"})
# Clinician or patient initials that are also abbreviations ("d/w MR", "RN: PM", "AS (fellow)", "-FS"
# closing a note, "ED is a 27 yo"): the model's confident call stands where the context says a person.
_INITIALS = re.compile(r"[A-Z]{2,3}|[a-z]{2,3}")
_PERSON_BEFORE = re.compile(
    r"(?i)\b(?:d/w|per|cc|contact|(?:rn|md|np|pcp|resident|fellow|attending|primary\s+care)(?:\s+is)?\s*:?)\s*$"
    r"|(?:discussed|seen|examined|reviewed|staffed|signed|case)\s+(?:\w+\s+)?(?:with|by)\s*$"
    r"|(?:^|\n)[ \t]*-{1,2}[ \t]*$"
)
_PERSON_AFTER = re.compile(
    r"[ \t]*,?[ \t]*(?:RN|MD|NP|PA-C|LPN)\b|/[A-Za-z]{2,3}\b|[ \t]*\((?i:fellow|attending|resident|intern|np|rn|"
    r"[a-z]+ologist)\)|[ \t]+(?i:is\s+an?\s+\d)|[ \t]+(?i:is\s+an?\s+(?:very|pleasant))\b"
)
_CONFIDENT = 0.8
# Initials after "to", "from", "at" name a place at a lower bar: between 0.6 and 0.8 the model's such spans were no
# false alarm on the held-out notes in any reading (the one span was the source's placeholder, "DISCHARGED TO ABCD",
# at 0.65), and model 1.9.0 reads "TRANSFERRED FROM RH" at 0.73 where 1.8.0 read 0.81.
_CONFIDENT_OF_A_PLACE = 0.7
# Case tells no name in a note in one case, but the words around a name still do. Where the model is this sure,
# its plain words were names far more often than not: over the 155 held-out notes read in capitals, in lower case
# and in shorthand it lets through 4 false alarms (SLENDER in three readings, DOUGHNUTS), and with the same PHI
# injected into notes in capitals and in lower case it finds 18 more ("drs white and burns", "faxed to st james").
_SURE_IN_ONE_CASE = 0.9
# How a dose is given: "per OGT", "per NGT", "per PEG" read like "per MR" but name no one.
_ROUTES_AND_TUBES = frozenset("ogt ngt peg picc ett iv po tlc cvl aline".split())
_DEPARTMENT_WORDS = frozenset(
    "department dept service services unit units floor ward clinic clinics hospital center centre office lab "
    "laboratory pharmacy radiology pathology emergency surgery medicine cardiology oncology neurology home room "
    "bay bedside facility institution practice program team division section suite".split()
)
_INITIALS_SIGNED_AFTER = re.compile(r",?[ \t]*(?:RN|MD|NP|PA|DO|LPN|CNA|RT|PA-C)\b")
_INITIALS_SIGNED_BEFORE = re.compile(r"\bby[ \t]*$|[-—~/][ \t]*$")
# A title just before a lower-case word makes it someone's name: "dr lim", "per nurse wong". After a relation it
# is as often how they are ("daughter tearful"), and given names ("wife rose") are never taken for words.
_PERSON_WORD_BEFORE = re.compile(
    r"(?i)(?<![\w])(?:dr|mr|mrs|ms|miss|nurse|rn|np|pa|per|w/|with|by|called|named)\.?[ \t]+$"
)
# A relation just before a word in a note typed all in one case: "gf rain", "DTR JOY".
_RELATION_BEFORE = re.compile(rf"(?i)(?<![\w])(?:{RELATIVE_WORDS}|gf|bf)[ \t]*[,:(]?[ \t]*$")
_COMPASS_WORDS = "|".join(COMPASS_POINTS)
# Hospital units: "6 West", "4 EAST", "7B".
_UNIT = re.compile(rf"(?i)\d{{1,2}}\s*(?:{_COMPASS_WORDS}|[a-z])")
_COMPASS = re.compile(rf"(?i){_COMPASS_WORDS}")
_GESTATIONAL_AGE = re.compile(r"(?i)\d{1,2}w\d?d?|\d{1,2}\+\d")
_LETTER_WITH_STOP = re.compile(r"[A-Za-z]\.")
_DETERMINERS = frozenset("a an the his her their my our your this that these some former".split())
_HEADING_WORDS = frozenset(
    "consultation consult note notes summary report assessment evaluation history plan progress update "
    "addendum letter procedure flowsheet handoff intake conference meeting visit encounter referral documentation "
    "bereavement".split()
)
_CAPITALS = re.compile(r"[A-Z]+")
# A side's letter opening a span: "R GROIN", "L. HANDGRIP", "r femoral"
_SIDE_FIRST = re.compile(r"(?i)[rlb]\.?\s+\S.*")
_NAMED_FACILITY_WORDS = frozenset("hospital hospitals medical center centre university college institute".split())
# Kinds of place that a note names without naming which one: "her church", "the school"
_KINDS_OF_PLACE = frozenset({"church", "school", "the"})


def _tail_of_a_name(text: str, span: Span) -> bool:
    """Right after a capitalised word that may be a name's ("Copley Road Dental"): the span is the end of a name the
    model read only in part. In capitals only a word no dictionary holds counts ("FROM HER CHURCH" is no name)."""
    prev = _LAST_WORD.search(text, max(0, span.start - 30), span.start)
    if not prev or not prev.group(1)[0].isupper():
        return False
    return not is_shouted(text, span.start, span.end) or not is_plain_word(prev.group(1))


def _names_a_kind_of_place(value: str) -> bool:
    """Only a department's, a specialty's or a kind of place's words ("Hematology/Oncology", "MED/SURG", "church"),
    none that names a facility ("Children's Hospital" is the facility rules' to judge)."""
    words = [w.lower() for w in re.findall(r"[^\W\d_][\w'’.-]*", value)]
    return (
        bool(words)
        and not any(w in _NAMED_FACILITY_WORDS for w in words)
        and all(w in GENERIC_WORDS or w in _DEPARTMENT_WORDS or w in _KINDS_OF_PLACE for w in words)
    )
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


def _initials_of_a_person(text: str, span: Span, value: str) -> bool:
    if (
        span.entity_type not in ("NAME", "PROVIDER")
        or span.confidence < _CONFIDENT
        or not _INITIALS.fullmatch(value)
        or value.lower() in ROLE_ABBREVIATIONS
        or value.lower() in _ROUTES_AND_TUBES  # "per OGT": a tube, never initials
        or value.lower() in SERVICES  # "d/w TOX": a service
    ):
        return False
    nxt = WORD_AFTER_VALUE.match(text[span.end : span.end + 20])
    if nxt and nxt.group(1).lower() in _DEPARTMENT_WORDS:
        return False  # "d/w CT surgery": a service
    before = text[max(0, span.start - 30) : span.start]
    return bool(_PERSON_BEFORE.search(before) or _PERSON_AFTER.match(text, span.end))


# "transferred to MH", "pcp at rh": a hospital's initials after the preposition of a place.
_PLACE_PREPOSITION_BEFORE = re.compile(r"(?i)(?<![\w])(?:to|from|at|@)[ \t]+$")
_TRANSFER_BEFORE = re.compile(
    r"(?i)(?<![\w])(?:transferred|transfer|xfer|tx|sent|taken|go|went|admitted|came|returned|brought)[ \t]+"
    r"(?:to|from)[ \t]+$"
)


# The words of a job: after them "at" names an employer ("worked at GE", "retired from IBM", "employed by UPS")
# and "as" a job ("employed as a barber").
_JOB_WORDS = r"works|worked|working|employed|job"
_WORK_BEFORE = re.compile(rf"(?i)(?<![\w])(?:{_JOB_WORDS}|retired)[ \t]+(?:at|for|from|by|with)[ \t]+$")
# Cells of a table run together: numbers parted by three blanks or more, or a tab
_TABLE_GAP = re.compile(r"\d(?:[ ]{3,}|\t)[ \t]*\d")
# A decade of someone's life: "in her 60s", "his early 30's"
_DECADE_OF_LIFE = re.compile(r"[1-9]0['’]?[sS]")
_POSSESSIVE_BEFORE = re.compile(r"(?i)(?<![\w])(?:her|his|their|my|your|our)(?:[ \t]+(?:early|mid|late))?[ \t]+$")
_JOB_AS_BEFORE = re.compile(rf"(?i)(?<![\w])(?:{_JOB_WORDS})[ \t]+as(?:[ \t]+an?)?[ \t]+$")
# "lives in JP", "moved to EB": a town's initials after the words of where someone lives.
_HOME_BEFORE = re.compile(rf"(?i)(?<![\w])(?:{RESIDENCE_WORDS})(?:[ \t]+alone)?[ \t]+(?:in|to|near)[ \t]+$")


def _initials_of_a_place(text: str, span: Span, value: str) -> bool:
    """Two to four letters the model is sure name an organisation, after "to", "from", "at" or "@", that none of
    the hand-written ward, unit, role or measurement lists holds ("to ICU", "from OSH" name no one). After a
    transfer ("sent to MCH", "transferred to PMH") or the words of a job ("worked at GE") a lab's or a history's
    abbreviation is no destination, so only the places of care veto it there."""
    if not (
        span.entity_type == "ORGANIZATION"
        and span.confidence >= _CONFIDENT_OF_A_PLACE
        and re.fullmatch(r"[^\W\d_]{2,4}", value) is not None
    ):
        return False
    before = text[max(0, span.start - 30) : span.start]
    if _PLACE_PREPOSITION_BEFORE.search(before) is None and _WORK_BEFORE.search(before) is None:
        return False
    if len(value) == 4 and value.islower() and is_clinical_word(value):
        return False  # "cath to eval": initials in lower case run to three letters ("at mh"); four are shorthand
    if value.lower() in _ROUTES_AND_TUBES:
        return False  # "cultures sent from PICC": a line a sample is drawn from, no place it is sent to
    if not is_listed_clinical_word(value):
        return True
    return value.lower() not in PLACES_OF_CARE and (
        _TRANSFER_BEFORE.search(before) is not None or _WORK_BEFORE.search(before) is not None
    )


def _initials_of_a_town(text: str, span: Span, value: str) -> bool:
    """Two or three capitals the model is sure name a town, after where someone lives ("lives in JP", "moved to
    EB"), though they spell a clinical abbreviation (JP is also a drain); not a state ("lives in MA") nor a kind of
    place of care ("lives in NH", a nursing home)."""
    return (
        span.entity_type == "LOCATION"
        and span.confidence >= _CONFIDENT
        and re.fullmatch(r"[A-Z]{2,3}", value) is not None
        and value not in STATE_CODES
        and value.lower() not in PLACES_OF_CARE
        and _HOME_BEFORE.search(text, max(0, span.start - 30), span.start) is not None
    )


# The word right before a value: "arrived from ED at 1545" reads "at", where WORD_BEFORE_VALUE reads past it to "ED"
_LAST_WORD = re.compile(r"([A-Za-z@]+)[ \t]*$")


def _sure_of_a_dashed_day(text: str, span: Span, value: str) -> bool:
    month, day = (int(part) for part in value.split("-"))
    if (
        span.confidence < _CONFIDENT
        or not valid_month_day(month, day)
        or _GLUED_BEFORE_A_RANGE.search(text, max(0, span.start - 1), span.start)
        or counted_after(text, span.end)
    ):
        return False
    after = text[span.end : span.end + 20]
    nxt = WORD_AFTER_VALUE.match(after)
    word = nxt.group(1).split("/")[0].lower() if nxt else ""
    if after.lstrip(" \t")[:1] in ("/", "+", "%") or is_unit(word):
        return False
    if word in _RANGE_WORDS and after[nxt.end() : nxt.end() + 1] != "-":  # "12-5 a-line out" is no "12-5 a"
        return False
    line_start = start_of_line(text, span.start)
    return bool(_WORD_DATING_A_DAY.search(text[max(line_start, span.start - 30) : span.start])) or (
        not text[line_start : span.start].strip() and _COLON_OR_DASH_AFTER.match(after) is not None
    )


def _read_as_clock(text: str, span: Span, value: str) -> bool:
    """Four digits the words before them on their line make a 24-hour clock time: the word right before them ("at
    1545") or the label a reading's value follows."""
    if not value.isdigit():
        return False
    line_start = start_of_line(text, span.start)
    before = text[max(line_start, span.start - 25) : span.start]
    words = {m.group(1) for m in (_LAST_WORD.search(before), WORD_BEFORE_VALUE.search(before)) if m}
    return any(clock_time(text, span.start, span.end, w) for w in words or [None])


# An age's "at", a day's "the": "died of an MI at 61", "on the 22"
_NOT_A_YEAR_BEFORE = re.compile(r"(?i)\b(?:at|age|aged|the|on|of|was|were|is|now)\s*$")
# What a number counts, right after it: "had 10 beats NSVT", "3 runs of VT", "2 episodes of emesis"
_EVENTS_COUNTED_AFTER = re.compile(
    r"(?i)[ \t]+(?:beats?|runs?|episodes?|bouts?|pvcs?|pacs?|stools?|bms?|voids?|times|pts?|points?|pks?|packs?)\b"
)


# An event glued to its year by a hyphen ("CABG-99", "cath-02"); the word's letters are read to rule out readings
_HYPHENED_TO_A_WORD = re.compile(r"([A-Za-z]+)-$")
# The years before this one in a list ("AVR 63, 79", "MI 93 & 97"): the list's first year is the one held to the
# checks. No slash: "PS 10/12", "BP 90/58" are settings and readings.
_EARLIER_YEARS_OF_A_LIST = re.compile(r"(?:'?\d{2}(?:\d{2})?'?[ \t]*(?:,|&|and)[ \t]*){1,3}$")


def _year_alone(text: str, span: Span, value: str) -> bool:
    """Two digits the model is sure are a year: history lists write years alone after the event ("CABG 86",
    "MI 93, CVA 01", "CVA 73'", "lung CA'87", "MRSA (02)", "CABG-99"). A bare number is otherwise a day of a table
    or a count, so the word or apostrophe must come right before it (not a comma: "brother, 46"), or brackets round
    it alone after a word ("lows (58, 64)", "(36-hr washout" and "(48 MO)" hold more), and no count word ("day 12",
    "POD 14"), age's "at" or day's "the" before it; an apostrophe after a digit marks feet ("Ht 5'11"). A year
    after others in a list ("AVR 63, 79") stands where the list's first does, unless a reading names the list ("EF
    35, 40"). A hyphen after a word also names codes and readings ("COVID-19", "CVP-12", "HMB-45"): there the model
    must be sure and the word no reading's name. Readings ("HR 93") are the veto's; what the number counts after it
    ("had 10 beats NSVT") makes it a count."""
    if len(value) != 2 or span.confidence < _CONFIDENT:
        return False
    before = text[max(0, span.start - 12) : span.start]
    lead = before.rstrip(" \t")
    if lead.endswith("(") and text[span.end : span.end + 1] == ")":
        lead = lead[:-1].rstrip(" \t")
    elif earlier := _EARLIER_YEARS_OF_A_LIST.search(text, max(0, span.start - 30), span.start):
        before = text[max(0, earlier.start() - 12) : earlier.start()]
        lead = before.rstrip(" \t")
        named = _LAST_WORD.search(lead)
        if named and is_measurement_name(named.group(1)):
            return False
    if hyphened := _HYPHENED_TO_A_WORD.search(lead):
        return span.confidence >= _SURE_IN_ONE_CASE and not is_measurement_name(hyphened.group(1))
    return (
        bool(lead)
        and (lead[-1].isalpha() or (lead[-1] == "'" and not lead[-2:-1].isdigit()))
        and not COUNT_WORD.search(before)
        and not _NOT_A_YEAR_BEFORE.search(before)
        and not _EVENTS_COUNTED_AFTER.match(text, span.end)
    )


def _line_of(text: str, span: Span) -> str:
    end = text.find("\n", span.end)
    return text[start_of_line(text, span.start) : end if end >= 0 else len(text)]


def _title_words(line: str) -> list[str] | None:
    """The words of a line that reads as a title: in capitals, ten words at most (a sentence of an ALL-CAPS
    note has more). Counting stops at the 11th word, before the whole of a long line is read."""
    words = [m.group() for m in itertools.islice(_CAPITALS.finditer(line), 11)]
    return words if len(words) <= 10 and line.isupper() else None


def from_model(span: Span) -> bool:
    return span.source.startswith("model")


# The rest of the token a model's span ends in, read no further than a shorthand's length
_TOKEN_REST = re.compile(r"\S{0,5}")
# A number ending a name's span where a unit of time follows it: the count of a duration, not a ward's number
_TRAILING_COUNT = re.compile(r"[ \t]+\d{1,3}$")
_TIME_UNITS = r"wks?|weeks?|days?|hrs?|hours?|yrs?|years?|mos?|months?|mins?|minutes?"
_TIME_UNIT = re.compile(rf"(?i)[ \t]*(?:{_TIME_UNITS})(?![a-z])")
# The same count with its unit inside the span: "BM 12 yrs"
_TRAILING_DURATION = re.compile(rf"(?i)[ \t]+\d{{1,3}}[ \t]*(?:{_TIME_UNITS})$")
# Charting shorthand written with a slash: "w/", "s/p", "c/o", "d/c'd". No word of a name is written this way.
_SLASHED_SHORTHAND = re.compile(r"(?<!\S)[A-Za-z]{1,2}/[A-Za-z]{0,2}(?:'[A-Za-z])?(?!\S)")


def first_line(text: str, span: Span) -> Span:
    """The model reads whitespace as nothing, so its spans can run over a line break into the heading or
    label below ("Family Medicine\nPager"): a model span ends at its first line's end. It also runs on into
    the charting shorthand after a name ("admitted from ED w/ urosepsis"), so a name's span ends before its
    first word written with a slash, and into a count of time ("ADMITTED TO MARLBOROUGH HOSP 2 WKS AGO").
    Rules match within lines by design or across them on purpose (an address block), so their spans stay
    whole."""
    if not from_model(span):
        return span
    value = text[span.start : span.end]
    cut = value.find("\n", len(value) - len(value.lstrip()))
    if span.entity_type in _WORD_TYPES:
        ends = [cut] if cut > 0 else []
        # the model's words end at a slash ("ED w" + "/"), so the shorthand is read to the end of its token
        token_end = _TOKEN_REST.match(text, span.end, span.end + 6).end()  # a window: no copy of the whole text
        whole = text[span.start : token_end] if token_end - span.end <= 4 else value
        if shorthand := _SLASHED_SHORTHAND.search(whole, 1):
            ends.append(len(value[: shorthand.start()].rstrip()))
        if (count := _TRAILING_COUNT.search(value)) and _TIME_UNIT.match(text, span.end, span.end + 12):
            ends.append(count.start())  # "MARLBOROUGH HOSP 2 WKS AGO"
        elif count := _TRAILING_DURATION.search(value):
            ends.append(count.start())  # "worked at BM 12 yrs": the model took the duration in with the name
        cut = min(ends, default=cut)
    if cut <= 0:
        return span
    return Span(span.start, span.start + cut, span.entity_type, span.confidence, span.source)


_ARTICLES = frozenset({"A", "An", "The", "a", "an", "the"})


def _clinical(word: str) -> bool:
    """A clinical word, dotted abbreviations included ("p.o." reads as "po"), a drug's name ("CEPHALEXIN"), or
    such words written with slashes between them ("senna/colace", "vanc/zosyn")."""
    parts = word.split("/")
    if len(parts) > 1 and all(parts):
        return all(_clinical(part) for part in parts)
    return is_clinical_word(word) or ("." in word and is_clinical_word(word.replace(".", ""))) or is_drug_name(word)


# A ward's floor after its building's name: "deaconess 4", "FARR 10"
_WARD_NUMBER_END = re.compile(r"[A-Za-z][ \t]+\d{1,2}$")


def _plain_words_in_one_case(text: str, span: Span, words: list[str]) -> bool:
    """Plain words in a note in capitals, or in one typed all in lower case, where case tells no name: not a
    facility's name ("HIGH POINT REGIONAL HOSPITAL"), a place named by a town's word ("LAKESIDE OB/GYN"), nor the
    name after a title or a relation ("DR. WICKLESS", "gf rain"), which a plain word may be, nor after "to",
    "from" or "at" a building's name before its ward's floor ("from deaconess 4") or words too rare for the
    frequent-word list ("f/u at tufts"; "FROM ANAL VERGE" holds a frequent one), nor words the model is sure of from
    their context ("drs white and burns saw pt", "records faxed to st james")."""
    if not words or span.confidence >= _SURE_IN_ONE_CASE or not all(is_plain_word(w) for w in words):
        return False
    if is_cased(text) and not is_shouted(text, span.start, span.end):
        return False
    if any(w.lower() in _DEPARTMENT_WORDS or w.lower() in _NAMED_FACILITY_WORDS for w in words):
        return False
    if span.entity_type in ("ORGANIZATION", "LOCATION") and any(w.lower() in place_names() for w in words):
        return False
    before = text[max(0, span.start - 20) : span.start]
    if (
        span.entity_type in ("ORGANIZATION", "LOCATION")
        and (_WARD_NUMBER_END.search(text, span.start, span.end) or not any(is_ordinary_word(w) for w in words))
        and _PLACE_PREPOSITION_BEFORE.search(before)
    ):
        return False  # "from deaconess 4", "cards at tufts": a ward's floor, or rare words where a place is named
    return not (_PERSON_WORD_BEFORE.search(before) or _RELATION_BEFORE.search(before))


def _initial_and_surname(text: str, span: Span, words: list[str]) -> bool:
    """"per a garcia", "d/w a ramos": after the words that name whom an order came from, one letter and a word no
    dictionary holds are an initial and a surname, not "a" and a thing ("lives in a condo", "per a protocol")."""
    return (
        len(words) == 2
        and len(words[0]) == 1
        and not (is_plain_word(words[1]) or is_drug_name(words[1]))
        and _PERSON_BEFORE.search(text[max(0, span.start - 30) : span.start]) is not None
    )


def is_false_alarm(text: str, span: Span) -> bool:
    """A model span that is one of the model's known false alarms; a rule's span never is one."""
    if not from_model(span):
        return False
    value = text[span.start : span.end]
    if span.entity_type in NUMERIC_TYPES:
        if _SHIFT_RANGE.fullmatch(value):
            return True  # "0700-1900": a shift, whatever the model took it for
        bracketed = text[span.start - 1 : span.start] == "(" and text[span.end : span.end + 1] == ")"
        if _HCPCS.fullmatch(value) and bracketed:
            return True
        if _CODE_SHAPE.fullmatch(value):
            if _PROCEDURE_CODE.fullmatch(value.strip("()")) or _BILLING_LABEL.search(
                text, start_of_line(text, span.start), span.start
            ):
                return True
            if span.entity_type == "PHONE" and re.search(r"[a-z][ \t]*\($", text[max(0, span.start - 4) : span.start]):
                return True  # "im r deltoid (90715)": a code in brackets after a word; no phone number has five digits
    if span.entity_type == "DATE":
        # The model's date false alarms: bare day numbers (not a sure year alone), scores out of 10.
        if value.isdigit() and len(value) <= 2:
            return not _year_alone(text, span, value)
        if _NOT_A_DATE.fullmatch(value):
            return True
        if text[span.end : span.end + 1] == "." and text[span.end + 1 : span.end + 2].isdigit():
            return True  # cut out of a decimal number: "4.0-11" of a lab table's range "4.0-11.0"
        if _SCORE.fullmatch(value) and not _EVENT_GLUED_AFTER.match(text, span.end):
            return True  # "pain 2/10"; "2/10-EXTUBATED" is the day of an event glued to it
        if _SCORE_THEN_READINGS.fullmatch(value):
            return True
        if not _DATE_SHAPE.search(value) or _FREQUENCY.fullmatch(value) or value in ("MAR", "24/7", "may"):
            return True  # cells of a lab table ("18        16", "2.02"), "2-3/day", "current MAR"
        if _COUNT_OF.fullmatch(value) or (
            DAY_MONTH.fullmatch(value) and "-" in value and not _sure_of_a_dashed_day(text, span, value)
        ):
            return True  # "12 of 36" sessions, "Borg 6-20": counts and ranges, not days
        if (
            DAY_MONTH.fullmatch(value)
            and counted_after(text, span.end)
            and not _DAY_PREPOSITION_BEFORE.search(text, max(0, span.start - 8), span.start)
        ):
            return True  # "(3/17 LN)", "2/6 holosystolic murmur"; "NO GROWTH FROM 6/14 BLOOD CX" is a day
        if _read_as_clock(text, span, value):
            return True  # "1900 - report given", "next due 2000"
    if span.entity_type in _ID_LIKE and _TABLE_GAP.search(value):
        return True  # "182       167       151": a lab table's cells; no number is written with such gaps
    if span.entity_type == "DATE" and _DECADE_OF_LIFE.fullmatch(value) and _POSSESSIVE_BEFORE.search(
        text, max(0, span.start - 16), span.start
    ):
        return True  # "ca in her 60s", "since his early 30s": a decade of someone's life, an age
    if span.entity_type in _ID_LIKE:
        # No record number, phone or ZIP is "98.6" or "88": decimals and short integers are readings.
        if _DECIMAL.fullmatch(value) or (value.isdigit() and len(value) <= 3):
            return True
        if _OBSTETRIC_HISTORY.fullmatch(value):
            return True  # "G3P1011", "G2": gravida and para
        if _CLOCK_TIME.fullmatch(value) and (
            _SHIFT_START_BEFORE.search(text, max(0, span.start - 8), span.start)
            or _SHIFT_END_AFTER.match(text, span.end)
        ):
            return True  # "NURSING PROGRESS NOTE 0700-1900": one end of a shift, whatever the model took it for
        # "0240  SON UPDATED BY PHONE": a flowsheet's 24-hour time, unless a pager or extension label says otherwise
        if (
            span.entity_type in ("PHONE", "FAX")
            and _CLOCK_TIME.fullmatch(value)
            and not _PHONE_LABEL_BEFORE.search(text, max(0, span.start - 16), span.start)
        ):
            return True
    if span.entity_type == "ORGANIZATION" and _JOB_AS_BEFORE.search(text, max(0, span.start - 24), span.start):
        return True  # "EMPLOYED AS BARBER", "works as a tree cutter": a job, not where it is done
    if span.entity_type == "ORGANIZATION" and _names_a_kind_of_place(value) and not _tail_of_a_name(text, span):
        return True  # "Attending Physician, Hematology/Oncology", "FROM HER CHURCH": a department or a kind of place
    if span.entity_type in ("LOCATION", "PHONE", "OTHER_ID") and _read_as_clock(text, span, value):
        return True  # "Accepted 07/21/68 at 1420": a clock time
    if _GESTATIONAL_AGE.fullmatch(value.strip()):
        return True  # "G3P1011 AT 39W4D": weeks and days of a pregnancy, whatever the model took them for
    if span.entity_type in _WORD_TYPES:
        # The model's typical false alarms: ward, device and drug words, ALL-CAPS shorthand.
        if (
            _initials_of_a_person(text, span, value)
            or _initials_of_a_place(text, span, value)
            or _initials_of_a_town(text, span, value)
        ):
            return False
        if span.entity_type in ("NAME", "PROVIDER") and not any(c.isalpha() for c in value):
            return True  # "d/w 1:1 SITTER": no one's name is written without a letter
        if span.entity_type in ("NAME", "PROVIDER") and (is_language(value.strip()) or is_faith_or_people(value)):
            return True  # "Preferred language: Vietnamese", "pt is Catholic"
        if (nxt := WORD_AFTER_VALUE.match(text[span.end : span.end + 20])) and is_faith_or_people(
            f"{value} {nxt.group(1)}"
        ):
            return True  # "PT IS CAPE VERDEAN": the first word of a people's name, taken for a place
        words = re.findall(r"[^\W\d_][\w'/&.-]*", value)  # Unicode letters: "Phạm" is one word
        if span.entity_type in ("NAME", "PROVIDER") and words and all(is_name_stop_word(w) for w in words):
            return True  # "Chaplain visited", "per Attending": a title or role without its name
        if words and all(_clinical(w) for w in words):
            return True
        if _plain_words_in_one_case(text, span, words):
            return True  # "ANAL VERGE", "LUMBAR REGION", "lips" in a note in one case: the model reads case as a name
        if (
            len(words) > 1
            and (_SIDE_FIRST.fullmatch(value.strip()) or words[0].lower() in BODY_SITES)
            and all(is_plain_word(w) or _clinical(w) for w in words[1:])
        ):
            return True  # "R GROIN PREPPED", "L ELBOW", "RUE site": a side and a body part; "K OSEI", "per r lamb" stay
        # "A Valsalva confirmed", "Melan-A.  Tumor cell": a sentence's article and a word of prose, no name
        if (
            span.entity_type in ("NAME", "PROVIDER")
            and len(words) > 1
            and words[0].rstrip(".") in _ARTICLES
            and all((is_common_word(w) or _clinical(w)) and not is_first_name(w) for w in words[1:])
        ):
            return True
        # "breast ca", "colon ca": every word a plain word or a clinical abbreviation, no given name and no initial
        # ("D. Gurney") among them
        if (
            span.entity_type in ("NAME", "PROVIDER")
            and len(words) > 1
            and all(len(w.rstrip(".")) > 1 for w in words)
            and plain_and_no_given_name(words)
        ):
            return True
        # "B. Received fresh", "C. SENTINEL LYMPH NODE": a lettered part of a report before plain words, no initial
        if (
            span.entity_type in ("NAME", "PROVIDER")
            and len(words) > 1
            and _LETTER_WITH_STOP.fullmatch(words[0])
            and plain_and_no_given_name(words[1:])
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
                and word.isupper()
                and is_clinical_word(word)
                and is_cased(text)
                and not _INITIALS_SIGNED_AFTER.match(text, span.end)
                and not _INITIALS_SIGNED_BEFORE.search(text, max(0, span.start - 6), span.start)
            ):
                return True  # "per ACS nomogram", "stress MIBI today": an abbreviation, unless signed ("by MB, RN")
            if (
                span.entity_type in ("NAME", "PROVIDER")
                and is_english_word(word)
                and not is_first_name(word)
                and not _PERSON_WORD_BEFORE.search(text, max(0, span.start - 20), span.start)
                and (
                    (word.islower() and is_cased(text))
                    or (
                        (word.islower() or (word.isupper() and is_shouted(text, span.start, span.end)))
                        and span.confidence < _SURE_IN_ONE_CASE
                        and not _RELATION_BEFORE.search(text, max(0, span.start - 20), span.start)
                    )
                )
            ):
                # "daughter tearful" in a capitalised note; "pt restless at 0200", "PT RESTLESS" where case says
                # nothing of a name, unless a relation comes just before ("gf rain") or the model is sure
                # ("melissa (butch) young"); "dr lim" stays
                return True
            if span.entity_type in ("ORGANIZATION", "LOCATION") and (
                word.lower() in _DEPARTMENT_WORDS
                or (word.islower() and (is_common_word(word) or is_common_word(word.removesuffix("s"))))
            ):
                return True  # "Department"; "withdrew" in lower case is no place's name
            if (
                span.entity_type in ("ORGANIZATION", "LOCATION")
                and word.isupper()
                and len(word) > 3
                and is_english_word(word.lower())
                and word.lower() not in place_names()
            ):
                return True  # "UP TO RECLINER", "AM DRAW" in an ALL-CAPS note: words the model alone took for places
            if (
                span.entity_type in ("ORGANIZATION", "LOCATION")
                and word.islower()
                and is_cased(text)
                and is_dictionary_word(word)
                and word not in place_names()
            ):
                return True  # "piv in RUE, flushes": a word of prose, inflected, in lower case in a capitalised note
        if WEEKDAY_OR_RELATIVE.fullmatch(value.strip()):
            return True
        if span.entity_type in ("ORGANIZATION", "LOCATION") and _UNIT.fullmatch(value.strip()):
            return True  # "inpatient unit 6 west": a ward
        if _COMPASS.fullmatch(value.strip()) and NUMBER_BEFORE.search(text, max(0, span.start - 4), span.start):
            return True  # "ST. BRENDAN'S HOSPITAL 11 WEST": the ward's side, whatever the model took it for
        if (
            value.islower()
            and is_cased(text)
            and not _initial_and_surname(text, span, words)
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
            and all(w.lower() in _DEPARTMENT_WORDS | GENERIC_WORDS | PLACES_OF_CARE | {"of", "&"} for w in words)
        ):
            return True  # "Division of Rheumatology", "Hand clinic", "VNA services": a service, not a place
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
            and (heading := _title_words(_line_of(text, span).strip())) is not None
            and any(w.lower() in _HEADING_WORDS for w in heading)
            and 2 * sum(is_common_word(w) or is_clinical_word(w) or w.lower() in GENERIC_WORDS for w in words)
            >= len(words)
            and not any(w.lower() in _NAMED_FACILITY_WORDS or is_first_name(w) for w in words)
        ):
            return True  # "HOSPICE SPIRITUAL CARE / BEREAVEMENT NOTE": the title of the note, not a place
        if (
            span.entity_type in ("LOCATION", "ORGANIZATION")
            and (
                " ".join(value.split()).lower() in _STATE_NAMES
                or value.strip() in STATE_CODES
                or is_country(value.strip())
            )
            and not (
                span.entity_type == "ORGANIZATION"
                and _WORK_BEFORE.search(text, max(0, span.start - 24), span.start)
            )
        ):
            # a state or country alone ("moved from Florida", "lives in MA") identifies no one, whichever kind of
            # place the model read it as; in an address it goes with the address. An employer may bear its name
            # ("RETIRED FROM JORDAN").
            return True
    return False


__all__ = ["first_line", "from_model", "is_false_alarm"]
