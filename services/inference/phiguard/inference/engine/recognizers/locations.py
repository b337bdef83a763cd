"""ZIP codes, street addresses, P.O. boxes and cities next to a state (geography below state level)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.recognizers.base import Part, Rule, RuleRecognizer
from phiguard.inference.engine.vocab import (
    HOSPITAL_UNITS,
    is_cased,
    is_clinical_word,
    is_common_word,
    is_country,
    is_drug_name,
    is_first_name,
    is_function_word,
    is_language,
    is_ordinary_word,
    is_plain_in_capitals,
    is_plain_word,
    is_shouted,
    is_unit,
    is_word_in_any_dictionary,
    known_cities,
    names_nothing_in_capitals,
    resource_lines,
)

STATE_NAMES = (
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
    "Puerto Rico",
)
# Two-letter codes that are also everyday clinical abbreviations (MD, PA, OR, IN, ...) only count with a ZIP.
_AMBIGUOUS_CODES = {
    "MD",
    "PA",
    "DE",
    "ME",
    "OR",
    "IN",
    "OK",
    "ID",
    "IA",
    "AL",
    "MI",
    "MS",
    "CA",
    "GA",
    "LA",
    "NC",
    "VA",
    "CO",
    "HI",
    "ND",
    "NE",
    "SC",
    "SD",
    "TN",
    "UT",
    "AR",
    "NV",
    "WA",
    "CT",
    "MO",
    "PR",
    "TX",  # treatment: "OBSERVATION, TX", "HAND UNREMARKABLE.,TX: ..."
    "DC",  # discontinue, discharge: "FOLEY, DC"
}
# State codes that are also clinical credentials: after a name they are the credential.
_CREDENTIAL_CODES = frozenset({"MD", "PA", "MA"})
STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR"
).split()

_STATE = r"(?:" + "|".join(STATE_CODES) + "|" + "|".join(s.replace(" ", r"\s+") for s in STATE_NAMES) + ")"
_STATE_UPPER = r"(?:" + "|".join(s.upper().replace(" ", r"\s+") for s in STATE_NAMES) + ")"
_ZIP = r"\d{5}(?:-\d{4})?"
# Any script's letters ("San José", "Münster"); re has no \p{Lu}, so "upper" is any letter but a-z.
_CITY = r"[^\W\d_a-z](?:[^\W\d_]|['.-])+(?:[ -][^\W\d_a-z](?:[^\W\d_]|['.-])+){0,2}"

_CITY_STATE_ZIP = re.compile(
    r"(?<![\w])(?P<city>"
    + _CITY
    + r")\s*,\s*(?P<state>"
    + _STATE
    + "|"
    + _STATE_UPPER
    + r")\.?,?\s+(?P<zip>"
    + _ZIP
    + r")(?![\w-])"
)
_STATE_ZIP = re.compile(
    r"(?<![\w])(?P<state>" + _STATE + "|" + _STATE_UPPER + r")\.?,?\s+(?P<zip>" + _ZIP + r")(?![\w-])"
)
_CITY_STATE = re.compile(
    r"(?<![\w])(?P<city>" + _CITY + r")\s*,\s*(?P<state>" + _STATE + "|" + _STATE_UPPER + r")(?![\w])"
)
# A UK postcode ("BS7 9RR", "SW1A 1AA"): the inward half's letters are never C, I, K, M, O or V.
_UK_POSTCODE = re.compile(r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]?[ ]\d[ABD-HJLNP-UW-Z]{2}(?![\w-])")
_ZIP_LABEL = re.compile(
    r"(?<![\w])(?:zip|zip\s*code|zipcode|postal\s*code)\s*:?\s*(?P<zip>" + _ZIP + r")(?![\w-])", re.I
)
_SUFFIX_WORDS = (
    "Street St Avenue Ave Road Rd Boulevard Blvd Lane Ln Drive Dr Court Ct Place Pl Way Terrace Ter "
    "Circle Cir Parkway Pkwy Highway Hwy Square Sq Trail Trl Row Path Pike Alley Turnpike Plaza Crescent"
).split()
# A street suffix with its capital, in any case after it ("St", "AVE"), but "CT" (the scan). RE2 has no lookahead
# inside a pattern to ask for the capital, so each word spells it out.
_SUFFIX = "(?:" + "|".join(w if w == "Ct" else f"{w[0]}(?i:{w[1:]})" for w in _SUFFIX_WORDS) + ")"
# The suffix must end its word. RE2 checks what follows only at a pattern's end, so the patterns below take the
# character after it (a full stop, the apartment, or any other that is no word character) and their spans end
# where the address does (_through).
_UNIT = r",?\s+(?i:apt|apartment|suite|ste|unit|room|rm|floor|fl|#)\.?\s*#?\s*[A-Za-z0-9-]+"
_STREET = re.compile(
    r"(?<![\w/.:-])(?P<addr>\d{1,6}[A-Za-z]?(?:-\d{1,4})?[ \t]+(?:[NSEW]\.?[ \t]+)?"
    r"(?:(?:\d+(?:st|nd|rd|th)|[A-Z][A-Za-z'-]*)[ \t]+){1,3}" + _SUFFIX + ")"
    r"(?:(?P<unit>\.(?:" + _UNIT + ")?|" + _UNIT + r")|[^\w]|\Z)"
)
# A street named without a number: "the Walgreens on N Prospect Ave", "lives off Centre St".
_STREET_NAME = re.compile(
    r"(?<![\w])(?i:on|off|along|near|the|at|after|past|onto)[ \t]+"
    r"(?P<street>(?:[NSEW]\.?[ \t]+)?[A-Z][A-Za-z'-]*(?:[ \t]+[A-Z][A-Za-z'-]*)?[ \t]+" + _SUFFIX + ")"
    r"(?:(?P<dot>\.)|[^\w]|\Z)"
)
# The same in a note typed in lower case: "lives at 123 elm st", "the cvs on elm ave". "dr", "ct", "pl" and
# "way" are left out: after a number or a preposition they are the doctor, the scan or the dosing route.
_STREET_LOWER = re.compile(
    r"(?<![\w/.:-])(?:(?P<num>\d{1,6}[a-z]?)|(?:on|off|along|near|onto))[ \t]+"
    r"(?P<words>(?:[nsew]\.?[ \t]+)?[a-z][a-z'-]+(?:[ \t]+[a-z][a-z'-]+)?)[ \t]+"
    # an abbreviation and its full stop, or a suffix and the character after it that ends its word (see _STREET)
    r"(?:(?P<abbr>(?:st|ave|rd|blvd|ln|pkwy|hwy|ter)\.)"
    r"|(?P<suffix>st|ave|rd|blvd|ln|pkwy|hwy|ter|street|avenue|road|boulevard|lane|parkway|highway|terrace)"
    r"(?:[^\w]|\Z))"
)
# A street corner: "sleeping under the overpass at 6th & Alvarado", "the corner of Main and 5th".
_CORNER_SIDE = r"(?:\d{1,3}(?:st|nd|rd|th)|[A-Z][a-z]+)(?:[ \t]+(?:(?:St|Ave|Blvd|Rd)\.?|Street|Avenue|Road))?"
_INTERSECTION = re.compile(
    r"(?<![\w])(?P<lead>(?i:corner)[ \t]+of[ \t]+|(?i:at|of|near|on|by|off)[ \t]+(?:the[ \t]+)?)"
    r"(?P<x>(?P<a>" + _CORNER_SIDE + r")[ \t]*(?:&|and|/)[ \t]*(?P<b>" + _CORNER_SIDE + r"))(?![\w'-])"
)
# "Pharmacy: Colonial Drug, Washington St, Stoughton": a street between commas, written in title case
_STREET_AFTER_COMMA = re.compile(
    r"(?<=,)[ \t]+(?P<street>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?[ \t]+"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Drive|Ln|Lane|Pl|Ct|Ter|Pkwy|Hwy)\.?)(?=[ \t]*,)"
)
# Lakes, capes, forts and heights: "the loop at Lake Mascuppic", "summers on Cape Cod"
_LANDMARK = re.compile(
    r"(?<![\w])(?:(?:Lake|Mount|Mt\.|Cape|Fort|Ft\.|Port)[ \t]+[A-Z][a-z'’]+"
    r"|[A-Z][a-z'’]+[ \t]+(?:Lake|Pond|Beach|River|Island|Harbou?r|Falls|Springs|Heights))(?![\w'’-])"
)
# An apartment named on its own: "neighbour Mrs. Haddad, Apt 3A".
_APARTMENT = re.compile(r"(?<![\w])(?:Apt|APT|Apartment|apt)\.?[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?(?![\w])")
_ROUTE = re.compile(
    r"(?<![\w])(?:Route|Rte\.?|Rt\.?|Highway|Hwy\.?|Interstate|State\s+Road|County\s+Road|US)[ \t]+"
    r"\d{1,4}[A-Z]?(?![\w/-])"
)
_PO_BOX = re.compile(
    r"(?<![\w])(?:P\.?\s?O\.?\s*Box|Post\s+Office\s+Box|(?:RR|R\.R\.|Rural\s+Route)\s*\d+,?\s+Box)\s+\d+(?![\w])", re.I
)
_LIVES_IN = re.compile(
    r"(?<![\w])(?i:lives|living|resides|residing|moved|relocated|lived|resident|native|born|raised|grew\s+up|"
    r"(?:a\s+)?trip|travell?ed|travell?ing|vacation(?:ed|ing)?|visiting|returned|flew|drove|emigrated|immigrated)"
    r"\s+(?i:in|at|to|near|of|from)\s+"
    r"(?P<place>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2})"
)

# "born in Gdansk, Poland": a town before its country (the country alone is no PHI).
_CITY_COUNTRY = re.compile(
    r"(?<![\w])(?P<city>[A-Z](?:[^\W\d_A-Z]|['’-])+(?:[ \t]+[A-Z](?:[^\W\d_A-Z]|['’-])+){0,3}),[ \t]*"
    r"(?P<country>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)(?![\w])"
)
# "Home: Jamaica Plain", "HOMETOWN: GLENDALE"
_HOME_LABEL = re.compile(
    r"(?<![\w])(?i:home|hometown|home\s+town|residence|resides|city|town)[ \t]*:[ \t]*"
    r"(?P<place>[A-Z][A-Za-z'-]+(?:[ \t]+[A-Z][A-Za-z'-]+){0,2})(?![\w'-])"
)
_MEDS_BEFORE = re.compile(r"(?i)\b(?:at|meds?|medications?)[ \t]*$")
# "the VA in West Roxbury", "a nursing home in Dover": where a facility is, is where the patient goes.
_FACILITY_IN = re.compile(
    r"(?<![\w])(?i:hospital|clinic|va|office|practice|facility|nursing\s+home|rehab|shelter|school|college|"
    r"university|prison|jail)\s+(?i:in|near|outside(?:\s+of)?)\s+(?P<place>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2})"
)

CALENDAR_WORDS = frozenset(
    "January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul "
    "Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
_LEAD_WORDS = {
    "lives",
    "living",
    "resides",
    "moved",
    "home",
    "born",
    "visiting",
    "flying",
    "flew",
    "drove",
    "came",
    "returned",
    "travelled",
    "traveled",
    "near",
    "outside",
    "from",
    "in",
    "to",
    "at",
    "of",
}


# After a town these make it a hospital's name: "transferred to Boston Medical Center", "the Boston VA".
_HOSPITAL_WORDS = (
    "hospital medical clinic general memorial university health children rehab nursing institute heart cancer"
).split()


def _known_city_regex() -> re.Pattern[str]:
    cities = sorted(resource_lines("data/us_cities.txt"), key=len, reverse=True)
    names = "|".join(re.escape(c).replace(r"\ ", r"[ \t]+") for c in cities)
    upper = "|".join(re.escape(c.upper()).replace(r"\ ", r"[ \t]+") for c in cities)
    # RE2 takes one lookahead, at the pattern's end, of fixed words after one run of spaces: "VA" is a word there
    # when a character follows that is no word character, and _no_va_at_the_end sees it end the text.
    hospital = "".join(rf"|[ \t]*(?i:{word})" for word in _HOSPITAL_WORDS)
    return re.compile(
        r"(?<![\w])(?i:from|in|to|near|at|of|outside|visiting|lives\s+in)[ \t]+(?P<city>"
        + names
        + "|"
        + upper
        + r")(?![\w'-]"
        + hospital
        + r"|[ \t]*(?i:va)[^\w])"
    )


_KNOWN_CITY = _known_city_regex()
_VA_AT_THE_END = re.compile(r"[ \t]+va", re.I)


def _no_va_at_the_end(text: str, m: re.Match[str]) -> bool:
    # "transferred to Boston VA" closing the text. Python's `re` then tried a shorter town at the same place, or
    # one inside this match ("lives in" holds "in"): the town list holds no name that starts another or holds
    # such a word, so there was none.
    return _VA_AT_THE_END.fullmatch(text, m.end()) is None


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    return frozenset(resource_lines("data/place_names.txt"))


# A town named after a place preposition: "walks around the reservoir in Marion", "an EGD in Guadalajara",
# "grew up in tiverton". The pattern ends before the town, so that "around the lake in Marion" finds "in" too;
# the preposition's lookbehind must open a branch of its own for RE2, and _PLACE_WORDS reads the town's words
# after a match: up to three, looked up in the gazetteer, longest first.
_GAZETTEER_CONTEXT = re.compile(
    r"(?<![\w])(?P<prep>(?i:in|near|outside(?:[ \t]+of)?|out[ \t]+of|from|to|through|via|around|branch:|town:|"
    r"city:))[ \t]+(?=[^\W\d_])"
    r"|(?P<arrow>->|→|,)[ \t]+(?=[^\W\d_])"
)
_PLACE_WORDS = re.compile(r"[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,2}")
# The rest of a line, three words at most: read no further than the fourth ("Smith, Smith, Smith, ..." has many).
_LINE_OF_THREE_WORDS = re.compile(r"(?:[^\S\n]*\S+){0,3}[^\S\n]*(?:\n|\Z)")
# After these a given name is a person as often as a town ("a call from Marion", "talked to Florence").
_PERSON_PREPOSITIONS = frozenset({"from", "to", "via", "through", "around"})
# In a note without capitals only these introduce a town ("to cook", "around noon" do not).
_LOWER_PLACE_PREPOSITIONS = frozenset({"in", "near", "from", "outside", "outside of", "out of"})
# The words of where someone lives: after them a place preposition names a town even with an everyday word
# ("LIVES IN CROSS, WITH HER DAUGHTER") or with letters that spell an abbreviation (the model filter: "lives in JP").
RESIDENCE_WORDS = r"lives|living|resides|moved|home|born|raised|grew[ \t]+up"
# a whole word: "REMOVED FROM COLON" holds "moved" but no one moved
_RESIDENCE_BEFORE = re.compile(rf"(?<![\w])(?i:{RESIDENCE_WORDS})[ \t]+$")
# A town's name before a hospital's word or a unit names the hospital or the ward ("Lowell General", "West ICU")
_PLACE_NEXT = re.compile(
    r"['’]s\b|[ \t]+(?i:hospital|medical|clinic|general|memorial|university|health|rehab|nursing|"
    + "|".join(HOSPITAL_UNITS)
    + r")\b"
)


# Where a patient walks or is wheeled is the ward: "amb in hall x2", "ambulating in halls w/ walker".
_WALKED_BEFORE = re.compile(r"(?i)(?<![\w])(?:amb|ambulat[a-z]*|walk[a-z]*|paced|pacing|wheeled)[ \t]+$")


def _gazetteer_place(text: str, m: re.Match[str], cased: bool) -> tuple[int, int] | None:
    if _WALKED_BEFORE.search(text, max(0, m.start() - 16), m.start()):
        return None
    place = _PLACE_WORDS.match(text, m.end())
    words = list(re.finditer(r"\S+", place.group()))
    base = place.start()
    arrow = m.group("arrow")
    if arrow == ",":
        # "Hospice - Inpatient Unit, Albuquerque": a town closing a heading line after a comma
        if not cased or not _LINE_OF_THREE_WORDS.match(text, base):
            return None
    prep = re.sub(r"\s+", " ", (m.group("prep") or "").lower())
    if not cased and prep not in _LOWER_PLACE_PREPOSITIONS:
        return None
    for n in range(len(words), 0, -1):
        toks = [w.group().rstrip(".,;:)") for w in words[:n]]
        if cased and not all(t[:1].isupper() for t in toks):
            continue
        name = " ".join(toks)
        if name.lower() not in place_names():
            continue
        end = base + words[n - 1].start() + len(toks[-1])
        if arrow == "," and text[end : end + 1] not in ("\n", ""):
            continue  # after a comma only a town that ends its line: "Inpatient Unit, Albuquerque"
        if _PLACE_NEXT.match(text, end):
            return None
        given_name_ok = arrow != "," and (m.group("prep") or "").lower() not in _PERSON_PREPOSITIONS
        if not gazetteer_town(toks, given_name_ok=given_name_ok):
            return None
        # In capitals a town named with dictionary words ("CROSS", "PARIS") is read as in a note without capitals:
        # "ATTEMPT TO CROSS THE VALVE" is no place
        caseless = not cased or (
            all(is_word_in_any_dictionary(t) for t in toks) and is_shouted(text, base, end)
        )
        if caseless and (prep not in _LOWER_PLACE_PREPOSITIONS or not _LOWER_PLACE_END.match(text, end)):
            return None  # "in orange juice", "to buy": in a note without capitals, only a town that ends its phrase
        if (
            (not cased or is_shouted(text, base, end))
            and all(is_plain_in_capitals(t) for t in toks)
            and _LOWER_PLACE_END.match(text, end)
            and not _RESIDENCE_BEFORE.search(text, max(0, m.start() - 16), m.start())
        ):
            # "EVACUATED FROM COLON.", "CALCIFICATION IN WALLS.": everyday words of clinical prose that end their
            # phrase; "LIVES IN CROSS" is a town, and "IN FIELDS CORNER" goes on as a place's name
            return None
        return base, end
    return None


def gazetteer_town(toks: list[str], *, given_name_ok: bool) -> bool:
    """A gazetteer name that reads as a town here: not made of everyday words ("State University", "Reading"),
    not a given name where a person could stand ("a call from Marion"), not a state or a country."""
    name = " ".join(toks)
    if name.lower() not in place_names() or all(_not_a_place_word(t) for t in toks):
        return False
    if len(toks) == 1 and not given_name_ok and is_first_name(toks[0]):
        return False
    return name.lower() not in _STATES_LOWER and not is_country(name)


_STATES_LOWER = frozenset(s.lower() for s in STATE_NAMES)


def is_state_name(value: str) -> bool:
    """A state written out, in any case or spacing: "New York", "NEW  YORK"."""
    return " ".join(value.split()).lower() in _STATES_LOWER
# RE2 reads "$" and a word boundary only where a branch ends: three branches.
_LOWER_PLACE_END = re.compile(
    r"[ \t]*[,.;:)!?\n]|[ \t]*$"
    r"|[ \t]*(?:and|or|with|for|last|this|next|area|since|until|where|then|now|ma|ri|ct|nh|me|ny|nj)\b"
)


# Seasons and months name no town where they stand alone ("ALMOST IN WINTER", "debridement in may").
_SEASONS = frozenset({"winter", "spring", "summer", "fall", "autumn"})


def _not_a_place_word(word: str) -> bool:
    calendar = word.capitalize() in CALENDAR_WORDS or word.lower() in _SEASONS
    return is_ordinary_word(word) or calendar or is_language(word)


PartsHook = Callable[[str, re.Match[str]], list[Part]]


def _groups(*scored: tuple[str, float]) -> PartsHook:
    """Parts for a rule that marks several groups of one match, each at its own score."""

    def parts(text: str, m: re.Match[str]) -> list[Part]:
        return [(m.start(g), m.end(g), score) for g, score in scored]

    return parts


def _through(group: str, tail: str, score: float) -> PartsHook:
    """One part: `group` and, where it took part, the `tail` right after it (a street's full stop or apartment),
    not the character the pattern took after a word to see it end."""

    def parts(text: str, m: re.Match[str]) -> list[Part]:
        return [(m.start(group), max(m.end(group), m.end(tail)), score)]

    return parts


# Where the run before a town's comma says where something happened, the town follows the place preposition:
# "SHOWERING IN CHEYENNE, WYOMING", "LIVES W/ PARENTS IN LINDSAY, CALIFORNIA"
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "near", "outside", "to"})


def _city_words(m: re.Match[str]) -> list[re.Match[str]]:
    # "PT FROM CHELSEA, MA": the run before the comma starts with words that are not the city.
    words = list(re.finditer(r"\S+", m.group("city")))
    cut = [i for i, w in enumerate(words) if w.group().lower() in _PLACE_PREPOSITIONS]
    if cut:
        words = words[cut[-1] + 1 :]
    while words and (
        is_clinical_word(words[0].group())
        or is_function_word(words[0].group())
        or words[0].group().lower() in _LEAD_WORDS
    ):
        words.pop(0)
    return words


def _city_state_ok(text: str, m: re.Match[str]) -> bool:
    words = _city_words(m)
    if not words:
        return False
    city, state = m.group("city")[words[0].start() :], m.group("state")
    if (
        all(is_plain_word(w.group()) for w in words)
        and city.lower() not in place_names()
        and is_shouted(text, m.start(), m.end())
    ):
        return False  # "33 WEEKS, 5 DAYS GESTATION,FL: 6.1 CM": a plain word before a femur's length, in capitals
    if state in _CREDENTIAL_CODES and city.lower() not in known_cities():
        return False  # "Raymond Abernathy, MD": a credential after a surname that is also a town
    # "Tylenol, MS": only a known town makes the letters a state ("Norfolk, VA")
    return state not in _AMBIGUOUS_CODES or (
        city.lower() in place_names() and not any(_not_a_place_word(w.group()) for w in words)
    )


def _city_state_parts(text: str, m: re.Match[str]) -> list[Part]:
    score = 0.75 if len(m.group("state")) == 2 else 0.85
    city_start = m.start("city") + _city_words(m)[0].start()
    return [(city_start, m.end("city"), score), (m.start("state"), m.end("state"), score)]


def _home_place(m: re.Match[str]) -> list[str]:
    words = m.group("place").split()
    while words and _not_a_place_word(words[-1]):
        words.pop()
    return words


def _home_label_ok(text: str, m: re.Match[str]) -> bool:
    if _MEDS_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return False  # "MEDICATIONS AT HOME: Lanoxin"
    words = _home_place(m)
    place = " ".join(words)
    return (
        bool(words)
        and not any(_not_a_place_word(w) for w in words)
        and place not in STATE_NAMES
        and not is_country(place)
    )


def _home_label_parts(text: str, m: re.Match[str]) -> list[Part]:
    return [(m.start("place"), m.start("place") + len(" ".join(_home_place(m))), 0.7)]


def _town_before_country(m: re.Match[str]) -> list[re.Match[str]]:
    """The town's words before the country: the longest run the gazetteer knows as a town ("Visited Paris,
    France"), else words that are no others; none where a person stands ("Sister Mary, Ireland")."""
    words = list(re.finditer(r"\S+", m.group("city")))
    while words and _not_a_place_word(words[0].group()):
        words.pop(0)  # "Went to Paris, France"
    toks = [w.group() for w in words]
    known = [n for n in range(len(toks)) if gazetteer_town(toks[n:], given_name_ok=False)]
    if known:
        return words[known[0] :]
    unknown_ok = not any(_not_a_place_word(t) for t in toks) and not (len(toks) == 1 and is_first_name(toks[0]))
    return words if unknown_ok else []


def _city_country_ok(text: str, m: re.Match[str]) -> bool:
    return is_country(m.group("country")) and not is_country(m.group("city")) and bool(_town_before_country(m))


def _city_country_parts(text: str, m: re.Match[str]) -> list[Part]:
    town_start = m.start("city") + _town_before_country(m)[0].start()
    return [(town_start, m.end("city"), 0.75), (m.start("country"), m.end("country"), 0.75)]


def _gazetteer_parts(cased: bool) -> PartsHook:
    def parts(text: str, m: re.Match[str]) -> list[Part]:
        found = _gazetteer_place(text, m, cased)
        return [(*found, 0.6)] if found else []

    return parts


def _no_clinical_word(text: str, m: re.Match[str]) -> bool:
    # "2 mg po st": units, function words and clinical words make no street name
    return not any(
        is_function_word(w) or is_unit(w) or is_clinical_word(w) or is_clinical_word(w.removesuffix("s"))
        for w in m.group("words").split()
    )


# Suffixes that are as often plain words: "CARE OF DR.", "ON THE SAME WAY", "GUIDEWIRE IN PLACE".
_PLAIN_SUFFIXES = frozenset({"dr", "way", "place", "pl", "court", "row", "path", "circle", "square", "trail"})


def _street_named(text: str, m: re.Match[str]) -> bool:
    """A street's name holds no function word, and in capitals one that ends in a suffix that is also a plain word
    needs a word no dictionary has ("CENTRE ST" yes; "FRIDAY WITH DR.", "THE SAME WAY" no)."""
    *words, suffix = m.group("street").split()
    if any(is_function_word(w) for w in words):
        return False
    named = [w for w in words if not re.fullmatch(r"[NSEWnsew]\.?", w)]
    return not (
        suffix.lower().rstrip(".") in _PLAIN_SUFFIXES
        and names_nothing_in_capitals(named, text, m.start("street"), m.end("street"))
    )


def _street_numbered(text: str, m: re.Match[str]) -> bool:
    """A number before a suffix that is also a plain word is a dose, a count or a distance, not an address, where a
    word between them is a function word, a unit, a clinical word or a drug, or "per" ("2 UNITS PER DR. JONES",
    "LASIX 40 IV PER DR ORDER", "SEEN 2 TIMES BY DR.", "WALKED 20 FT ALL THE WAY"); "42 Oak Dr" stays."""
    _, *words, suffix = m.group("addr").split()
    if suffix.lower().rstrip(".") not in _PLAIN_SUFFIXES:
        return True
    return not any(
        w.lower() in ("per", "via") or is_function_word(w) or is_unit(w) or is_clinical_word(w) or is_drug_name(w)
        for w in words
    )


def _street_lower_parts(text: str, m: re.Match[str]) -> list[Part]:
    # after a number the number belongs to the address; after a preposition the street starts the span
    return [(m.start("num") if m.group("num") else m.start("words"), max(m.end("abbr"), m.end("suffix")), 0.7)]


def _corner(text: str, m: re.Match[str]) -> bool:
    # "Pain and Spine" is no corner: a corner has the word corner, a street suffix or one numbered street,
    # and its named streets are no everyday words.
    sides = (m.group("a"), m.group("b"))
    ordinal = [re.match(r"\d", x) is not None for x in sides]
    suffixed = any(" " in x.strip() for x in sides)
    named = [x for x, o in zip(sides, ordinal, strict=True) if not o]
    plain = not any(is_common_word(x.split()[0]) and " " not in x.strip() for x in named)
    return "corner" in m.group("lead").lower() or ((suffixed or (any(ordinal) and not all(ordinal))) and plain)


def _landmark_ok(text: str, m: re.Match[str]) -> bool:
    # "Rhode Island" is a state and "Clear Lake" starts with an everyday word
    return m.group() not in STATE_NAMES and not _not_a_place_word(m.group().split()[0])


def _place_words(m: re.Match[str]) -> list[str]:
    words = m.group("place").split()
    while words and is_clinical_word(words[-1]):
        words.pop()
    return words


def _place_ok(text: str, m: re.Match[str]) -> bool:
    words = _place_words(m)
    place = " ".join(words)
    if all(is_common_word(w) for w in words) or place in STATE_NAMES or is_country(place) or words[0] in CALENDAR_WORDS:
        return False  # "returned from Dialysis", "this hospital in May"; a state or country alone identifies no one
    return words[0].lower() not in ("the", "a", "an", "his", "her", "their")


def _place_parts(text: str, m: re.Match[str]) -> list[Part]:
    return [(m.start("place"), m.start("place") + len(" ".join(_place_words(m))), 0.7)]


def location_recognizer() -> RuleRecognizer:
    return RuleRecognizer(
        "location",
        [
            # The state of an address is marked with it: Safe Harbor could keep it, but i2b2-style
            # annotation counts it, and the rest of the address goes anyway.
            Rule(
                name="city_state_zip",
                entity_type="LOCATION",
                patterns=(_CITY_STATE_ZIP,),
                score=0.9,
                parts=_groups(("city", 0.9), ("state", 0.85), ("zip", 0.95)),
                description="city, state and ZIP of an address, each marked",
                examples=("«Dunmore», «OH» «44719»", "«San José», «CA» «95112-4417»"),
                counterexamples=("Dunmore, OH 4471",),
            ),
            Rule(
                name="state_zip",
                entity_type="LOCATION",
                patterns=(_STATE_ZIP,),
                score=0.9,
                parts=_groups(("state", 0.85), ("zip", 0.9)),
                description="a state and a ZIP",
                examples=("Columbus «OH» «43210»", "«NEW YORK» «10027»"),
                counterexamples=("OH 4321",),
            ),
            Rule(
                name="zip_label",
                entity_type="LOCATION",
                patterns=(_ZIP_LABEL,),
                score=0.9,
                group="zip",
                description="a ZIP after its label",
                examples=("Zip code: «02114»",),
                counterexamples=("zip 0211",),
            ),
            Rule(
                name="uk_postcode",
                entity_type="LOCATION",
                patterns=(_UK_POSTCODE,),
                score=0.8,
                description="a UK postcode",
                examples=("Bristol «BS7 9RR»",),
                counterexamples=("Bristol BS7 9CC",),
            ),
            Rule(
                name="city_state",
                entity_type="LOCATION",
                patterns=(_CITY_STATE,),
                score=0.75,
                accept=_city_state_ok,
                parts=_city_state_parts,
                description="a town before a state; a state code that is also an abbreviation needs a known town",
                examples=("«Norfolk», «VA»", "PT FROM «CHELSEA», «MA»", "lives in «Dover», «Delaware»"),
                counterexamples=("Raymond Abernathy, MD", "Tylenol, MS"),
            ),
            Rule(
                name="home_label",
                entity_type="LOCATION",
                patterns=(_HOME_LABEL,),
                score=0.7,
                accept=_home_label_ok,
                parts=_home_label_parts,
                description="a town after Home:, Hometown:, Residence:, City: or Town:",
                examples=("Residence: «Stoughton»", "HOMETOWN: «GLENDALE»"),
                counterexamples=("MEDICATIONS AT HOME: Lanoxin", "Home: Florida"),
            ),
            Rule(
                name="city_country",
                entity_type="LOCATION",
                patterns=(_CITY_COUNTRY,),
                score=0.75,
                accept=_city_country_ok,
                parts=_city_country_parts,
                description="a town before its country, both marked (a country alone is no PHI)",
                examples=("born in «Gdansk», «Poland»", "Visited «Zahlé», «Lebanon»"),
                counterexamples=("Sister Mary, Ireland",),
            ),
            Rule(
                name="known_city",
                entity_type="LOCATION",
                patterns=(_KNOWN_CITY,),
                score=0.65,
                group="city",
                accept=_no_va_at_the_end,
                description="a large US city after a place preposition, not a hospital's name",
                examples=("moved from «Boston» last year",),
                counterexamples=("transferred to Boston Medical Center", "transferred to Boston VA"),
            ),
            Rule(
                name="gazetteer",
                entity_type="LOCATION",
                patterns=(_GAZETTEER_CONTEXT,),
                score=0.6,
                parts=_gazetteer_parts(cased=True),
                applies=is_cased,
                description="a town the gazetteer knows, after a place preposition or closing a heading after a comma; "
                "in capitals one named with dictionary words (CROSS) only where a lower-case note's would be",
                examples=("Walks around the reservoir in «Marion».", "Hospice - Inpatient Unit, «Albuquerque»"),
                counterexamples=("A call from Marion today.", "Transferred to State University"),
            ),
            Rule(
                name="gazetteer_lower",
                entity_type="LOCATION",
                patterns=(_GAZETTEER_CONTEXT,),
                score=0.6,
                parts=_gazetteer_parts(cased=False),
                applies=lambda text: not is_cased(text),
                description="the same in a note typed in lower case: only a town that ends its phrase",
                examples=("grew up in «tiverton»", "lives near «dover», works in town"),
                counterexamples=("mixed in orange juice", "went to cook"),
            ),
            Rule(
                name="street",
                entity_type="LOCATION",
                patterns=(_STREET,),
                score=0.9,
                accept=_street_numbered,
                parts=_through("addr", "unit", 0.9),
                description="a street address: number, name, suffix and any apartment; not a dose or a count before "
                "a suffix that is a plain word too (Dr, Way)",
                examples=("lives at «42 Elm Street, Apt 3»", "«1200-4 W 3rd Ave.»", "moved to «42 Oak Dr»"),
                counterexamples=("had 2 Head CT today", "GIVEN 2 UNITS PER DR. JONES", "WALKED 20 FT ALL THE WAY"),
            ),
            Rule(
                name="street_name",
                entity_type="LOCATION",
                patterns=(_STREET_NAME,),
                score=0.75,
                accept=_street_named,
                parts=_through("street", "dot", 0.75),
                description="a street named without a number after on, off, near, at, ...",
                examples=(
                    "the Walgreens on «N Prospect Ave»",
                    "lives off «Centre St»",
                    "LIVES OFF «ELM ST» WITH SON",
                ),
                counterexamples=("reviewed on Head CT", "THE PATIENT OF DR. SMITH", "ON THE SAME WAY HOME"),
            ),
            Rule(
                name="street_lower",
                entity_type="LOCATION",
                patterns=(_STREET_LOWER,),
                score=0.7,
                accept=_no_clinical_word,
                parts=_street_lower_parts,
                description="a street typed in lower case, after a number or on, off, near",
                examples=("lives at «123 elm st»", "the cvs on «elm ave»"),
                counterexamples=("given 2 mg po st",),
            ),
            Rule(
                name="intersection",
                entity_type="LOCATION",
                patterns=(_INTERSECTION,),
                score=0.7,
                group="x",
                accept=_corner,
                description="a street corner: two streets joined by &, and or /",
                examples=("sleeping under the overpass at «6th & Alvarado»", "the corner of «Main and 5th»"),
                counterexamples=("seen at Pain and Spine",),
            ),
            Rule(
                name="street_after_comma",
                entity_type="LOCATION",
                patterns=(_STREET_AFTER_COMMA,),
                score=0.7,
                group="street",
                description="a title-case street between commas",
                examples=("Pharmacy: Colonial Drug, «Washington St», Stoughton",),
                counterexamples=("Colonial Drug, Washington St.",),
            ),
            Rule(
                name="landmark",
                entity_type="LOCATION",
                patterns=(_LANDMARK,),
                score=0.6,
                accept=_landmark_ok,
                description="a lake, mount, cape, fort, beach, river, island, falls or heights",
                examples=("the loop at «Lake Mascuppic»", "summers on «Cape Cod»"),
                counterexamples=("moved from Rhode Island", "a Clear Lake"),
            ),
            Rule(
                name="apartment",
                entity_type="LOCATION",
                patterns=(_APARTMENT,),
                score=0.8,
                description="an apartment number named on its own",
                examples=("neighbour Mrs. Haddad, «Apt 3A»",),
                counterexamples=("apt to fall",),
            ),
            Rule(
                name="route",
                entity_type="LOCATION",
                patterns=(_ROUTE,),
                score=0.75,
                description="a numbered route, highway or interstate",
                examples=("crash on «Route 9»", "south on «Interstate 95»"),
                counterexamples=("route of administration",),
            ),
            Rule(
                name="po_box",
                entity_type="LOCATION",
                patterns=(_PO_BOX,),
                score=0.9,
                description="a post office or rural route box",
                examples=("«P.O. Box 4417»", "«RR 2, Box 18»"),
                counterexamples=("a box of 12",),
            ),
            Rule(
                name="lives_in",
                entity_type="LOCATION",
                patterns=(_LIVES_IN,),
                score=0.7,
                accept=_place_ok,
                parts=_place_parts,
                description="a place after lives in, moved to, born in, travelled to, ...",
                examples=("lives in «Jamaica Plain»", "grew up in «Tiverton»"),
                counterexamples=("returned from Dialysis", "moved to Florida", "lived in May"),
            ),
            Rule(
                name="facility_in",
                entity_type="LOCATION",
                patterns=(_FACILITY_IN,),
                score=0.7,
                accept=_place_ok,
                parts=_place_parts,
                description="where a facility is: a hospital, the VA, a nursing home or a school in a town",
                examples=("a nursing home in «Dover»", "the VA in «West Roxbury»"),
                counterexamples=("this hospital in May",),
            ),
        ],
    )
