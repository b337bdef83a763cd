"""ZIP codes, street addresses, P.O. boxes and cities next to a state (geography below state level)."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from phiguard.inference.engine.recognizers.base import Recognizer
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.vocab import (
    is_cased,
    is_clinical_word,
    is_common_word,
    is_country,
    is_first_name,
    is_function_word,
    is_language,
    is_ordinary_word,
    is_unit,
    known_cities,
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
_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|"
    r"Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Row|Path|Pike|Alley|Turnpike|Plaza|Crescent)"
)
_STREET = re.compile(
    r"(?<![\w/.:-])(?P<addr>\d{1,6}[A-Za-z]?(?:-\d{1,4})?[ \t]+(?:[NSEW]\.?[ \t]+)?"
    r"(?:(?:\d+(?:st|nd|rd|th)|[A-Z][A-Za-z'-]*)[ \t]+){1,3}"
    r"(?!CT\b)(?=[A-Z])(?i:"
    + _SUFFIX
    + r")\b\.?(?:,?\s+(?i:apt|apartment|suite|ste|unit|room|rm|floor|fl|#)\.?\s*#?\s*[A-Za-z0-9-]+)?)"
)
# A street named without a number: "the Walgreens on N Prospect Ave", "lives off Centre St".
_STREET_NAME = re.compile(
    r"(?<![\w])(?i:on|off|along|near|the|at|after|past|onto)[ \t]+"
    r"(?P<street>(?:[NSEW]\.?[ \t]+)?[A-Z][A-Za-z'-]*(?:[ \t]+[A-Z][A-Za-z'-]*)?"
    r"[ \t]+(?!CT\b)(?=[A-Z])(?i:" + _SUFFIX + r")\b\.?)"
)
# The same in a note typed in lower case: "lives at 123 elm st", "the cvs on elm ave". "dr", "ct", "pl" and
# "way" are left out: after a number or a preposition they are the doctor, the scan or the dosing route.
_STREET_LOWER = re.compile(
    r"(?<![\w/.:-])(?:(?P<num>\d{1,6}[a-z]?)|(?:on|off|along|near|onto))[ \t]+"
    r"(?P<words>(?:[nsew]\.?[ \t]+)?[a-z][a-z'-]+(?:[ \t]+[a-z][a-z'-]+)?)[ \t]+"
    r"(?:(?:st|ave|rd|blvd|ln|pkwy|hwy|ter)\b\.?|(?:street|avenue|road|boulevard|lane|parkway|highway|terrace)\b)"
)
# A street corner: "sleeping under the overpass at 6th & Alvarado", "the corner of Main and 5th".
_CORNER_SIDE = r"(?:\d{1,3}(?:st|nd|rd|th)|[A-Z][a-z]+)(?:[ \t]+(?:(?:St|Ave|Blvd|Rd)\.?|Street|Avenue|Road))?"
_INTERSECTION = re.compile(
    r"(?<![\w])(?P<lead>(?i:corner)[ \t]+of[ \t]+|(?i:at|of|near|on|by|off)[ \t]+(?:the[ \t]+)?)"
    r"(?P<x>(?P<a>" + _CORNER_SIDE + r")[ \t]*(?:&|and|/)[ \t]*(?P<b>" + _CORNER_SIDE + r"))(?![\w'-])"
)
# An apartment named on its own: "neighbour Mrs. Haddad, Apt 3A".
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


def _known_city_regex() -> re.Pattern[str]:
    cities = sorted(resource_lines("data/us_cities.txt"), key=len, reverse=True)
    names = "|".join(re.escape(c).replace(r"\ ", r"[ \t]+") for c in cities)
    upper = "|".join(re.escape(c.upper()).replace(r"\ ", r"[ \t]+") for c in cities)
    return re.compile(
        r"(?<![\w])(?i:from|in|to|near|at|of|outside|visiting|lives\s+in)[ \t]+(?P<city>"
        + names
        + "|"
        + upper
        + r")(?![\w'-])(?![ \t]+(?i:hospital|medical|clinic|general|memorial|university|health|"
        + r"children|rehab|nursing|va\b|institute|heart|cancer))"
    )


_KNOWN_CITY = _known_city_regex()


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    return frozenset(resource_lines("data/place_names.txt"))


# A town named after a place preposition: "walks around the reservoir in Marion", "an EGD in Guadalajara",
# "grew up in tiverton". Up to three words, looked up in the gazetteer, longest first.
_GAZETTEER_CONTEXT = re.compile(
    r"(?:(?<![\w])(?P<prep>(?i:in|near|outside(?:[ \t]+of)?|out[ \t]+of|from|to|through|via|around|branch:|town:|"
    r"city:))"
    r"|(?P<arrow>->|→|,))[ \t]+"
    r"(?=(?P<p>[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,2}))"  # a lookahead: "around the lake in Marion"
)
# After these a given name is a person as often as a town ("a call from Marion", "talked to Florence").
_PERSON_PREPOSITIONS = frozenset({"from", "to", "via", "through", "around"})
# In a note without capitals only these introduce a town ("to cook", "around noon" do not).
_LOWER_PLACE_PREPOSITIONS = frozenset({"in", "near", "from", "outside", "outside of", "out of"})
_PLACE_NEXT = re.compile(
    r"['’]s\b|[ \t]+(?i:hospital|medical|clinic|general|memorial|university|health|rehab|nursing)\b"
)


def _gazetteer_place(text: str, m: re.Match[str], cased: bool) -> tuple[int, int] | None:
    words = list(re.finditer(r"\S+", m.group("p")))
    base = m.start("p")
    arrow = m.group("arrow")
    if arrow == ",":
        # "Hospice - Inpatient Unit, Albuquerque": a town closing a heading line after a comma
        line_end = text.find("\n", base)
        rest = text[base : line_end if line_end >= 0 else len(text)].strip()
        if not cased or len(rest.split()) > 3:
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
        if not cased and not _LOWER_PLACE_END.match(text, end):
            return None  # "in orange juice", "to buy": in a note without capitals, only a town that ends its phrase
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
_LOWER_PLACE_END = re.compile(
    r"[ \t]*(?:[,.;:)!?\n]|$|(?:and|or|with|for|last|this|next|area|since|until|where|then|now|ma|ri|ct|nh|me|ny|nj)\b)"
)


def _not_a_place_word(word: str) -> bool:
    return is_ordinary_word(word) or word in CALENDAR_WORDS or is_language(word)


class LocationRecognizer(Recognizer):
    name = "location"
    entity_types = ("LOCATION",)

    def analyze(self, text: str) -> list[Span]:
        spans: list[Span] = []

        def add(start: int, end: int, score: float, tag: str) -> None:
            spans.append(Span(start, end, "LOCATION", score, f"{self.name}:{tag}"))

        # The state of an address is marked with it: Safe Harbor could keep it, but i2b2-style
        # annotation counts it, and the rest of the address goes anyway.
        for m in _CITY_STATE_ZIP.finditer(text):
            add(m.start("city"), m.end("city"), 0.9, "city_state_zip")
            add(m.start("state"), m.end("state"), 0.85, "city_state_zip")
            add(m.start("zip"), m.end("zip"), 0.95, "city_state_zip")
        for m in _STATE_ZIP.finditer(text):
            add(m.start("state"), m.end("state"), 0.85, "state_zip")
            add(m.start("zip"), m.end("zip"), 0.9, "state_zip")
        for m in _ZIP_LABEL.finditer(text):
            add(m.start("zip"), m.end("zip"), 0.9, "zip_label")
        for m in _UK_POSTCODE.finditer(text):
            add(m.start(), m.end(), 0.8, "uk_postcode")
        for m in _CITY_STATE.finditer(text):
            state = m.group("state")
            # "PT FROM CHELSEA, MA": the run before the comma starts with words that are not the city.
            words = list(re.finditer(r"\S+", m.group("city")))
            while words and (
                is_clinical_word(words[0].group())
                or is_function_word(words[0].group())
                or words[0].group().lower() in _LEAD_WORDS
            ):
                words.pop(0)
            if not words:
                continue
            city = m.group("city")[words[0].start() :]
            if state in _CREDENTIAL_CODES and city.lower() not in known_cities():
                continue  # "Raymond Abernathy, MD": a credential after a surname that is also a town
            if state in _AMBIGUOUS_CODES and (
                city.lower() not in place_names() or any(_not_a_place_word(w.group()) for w in words)
            ):
                continue  # "Tylenol, MS": only a known town makes the letters a state ("Norfolk, VA")
            score = 0.75 if len(state) == 2 else 0.85
            add(m.start("city") + words[0].start(), m.end("city"), score, "city_state")
            add(m.start("state"), m.end("state"), score, "city_state")
        for m in _HOME_LABEL.finditer(text):
            if _MEDS_BEFORE.search(text, max(0, m.start() - 20), m.start()):
                continue  # "MEDICATIONS AT HOME: Lanoxin"
            words = m.group("place").split()
            while words and _not_a_place_word(words[-1]):
                words.pop()
            place = " ".join(words)
            if (
                words
                and not any(_not_a_place_word(w) for w in words)
                and place not in STATE_NAMES
                and not is_country(place)
            ):
                add(m.start("place"), m.start("place") + len(place), 0.7, "home_label")
        for m in _CITY_COUNTRY.finditer(text):
            if not is_country(m.group("country")) or is_country(m.group("city")):
                continue
            words = list(re.finditer(r"\S+", m.group("city")))
            while words and _not_a_place_word(words[0].group()):
                words.pop(0)  # "Went to Paris, France"
            # "Visited Paris, France": the longest run the gazetteer knows as a town, else words that are no others
            toks = [w.group() for w in words]
            known = [n for n in range(len(toks)) if gazetteer_town(toks[n:], given_name_ok=False)]
            words = words[known[0] :] if known else words
            unknown_ok = not any(_not_a_place_word(t) for t in toks) and not (len(toks) == 1 and is_first_name(toks[0]))
            if words and (known or unknown_ok):  # "Sister Mary, Ireland": a person, not a town
                add(m.start("city") + words[0].start(), m.end("city"), 0.75, "city_country")
                add(m.start("country"), m.end("country"), 0.75, "city_country")
        for m in _KNOWN_CITY.finditer(text):
            add(m.start("city"), m.end("city"), 0.65, "known_city")
        cased = is_cased(text)
        for m in _GAZETTEER_CONTEXT.finditer(text):
            found = _gazetteer_place(text, m, cased)
            if found:
                add(*found, 0.6, "gazetteer")
        for m in _STREET.finditer(text):
            add(m.start("addr"), m.end("addr"), 0.9, "street")
        for m in _STREET_NAME.finditer(text):
            add(m.start("street"), m.end("street"), 0.75, "street_name")
        for m in _STREET_LOWER.finditer(text):
            words = m.group("words").split()
            if not any(
                is_function_word(w) or is_unit(w) or is_clinical_word(w) or is_clinical_word(w.removesuffix("s"))
                for w in words
            ):
                add(m.start("num") if m.group("num") else m.start("words"), m.end(), 0.7, "street_name")
        for m in _INTERSECTION.finditer(text):
            sides = (m.group("a"), m.group("b"))
            ordinal = [re.match(r"\d", x) is not None for x in sides]
            suffixed = any(" " in x.strip() for x in sides)
            named = [x for x, o in zip(sides, ordinal, strict=True) if not o]
            plain = not any(is_common_word(x.split()[0]) and " " not in x.strip() for x in named)
            if "corner" in m.group("lead").lower() or ((suffixed or (any(ordinal) and not all(ordinal))) and plain):
                add(m.start("x"), m.end("x"), 0.7, "intersection")
        for m in _STREET_AFTER_COMMA.finditer(text):
            add(m.start("street"), m.end("street"), 0.7, "street_name")
        for m in _LANDMARK.finditer(text):
            if m.group() not in STATE_NAMES and not _not_a_place_word(m.group().split()[0]):
                add(m.start(), m.end(), 0.6, "landmark")
        for m in _APARTMENT.finditer(text):
            add(m.start(), m.end(), 0.8, "apartment")
        for m in _ROUTE.finditer(text):
            add(m.start(), m.end(), 0.75, "route")
        for m in _PO_BOX.finditer(text):
            add(m.start(), m.end(), 0.9, "po_box")
        for m in itertools.chain(_LIVES_IN.finditer(text), _FACILITY_IN.finditer(text)):
            words = m.group("place").split()
            while words and is_clinical_word(words[-1]):
                words.pop()
            place = " ".join(words)
            if (
                all(is_common_word(w) for w in words)
                or place in STATE_NAMES
                or is_country(place)
                or words[0] in CALENDAR_WORDS
            ):
                continue  # "returned from Dialysis", "this hospital in May"; a state or country alone identifies no one
            if words[0].lower() not in ("the", "a", "an", "his", "her", "their"):
                end = m.start("place") + len(" ".join(words))
                add(m.start("place"), end, 0.7, "lives_in")
        return spans
