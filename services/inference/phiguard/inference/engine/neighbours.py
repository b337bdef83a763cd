"""PHI that only its neighbour gives away, found once the first pass has resolved the spans.

A nickname in quotes right after a name ('Dariusz Nowicki ("Darek")') is that person's name too, a number
after a name ("Walter Kim (94)") that person's age, initials in brackets ("Tolu Oyelowo, RN (TO)") that
person's initials, and a proper name right after an organisation or a street ("the Walgreens in Danvers",
"Centre St in Jamaica Plain") the town it stands in. None of these shapes means anything without the span
before it, so they run after the resolver and before propagation, which then finds the new values
everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.recognizers.locations import CALENDAR_WORDS, STATE_NAMES, gazetteer_town
from phiguard.inference.engine.recognizers.names import is_relation_word
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.vocab import (
    ROLE_ABBREVIATIONS,
    is_clinical_word,
    is_common_word,
    is_country,
    is_function_word,
    is_ordinary_word,
)

# '("JJ")', '("Nana Bev")': initials and a relation word with the name are what a child calls someone, too
_NICKNAME = re.compile(r"[ \t]*\(?[ \t]*[\"“‘'](?P<n>[A-Z](?:[a-z'’-]+|[A-Z])(?:[ \t][A-Z][a-z'’-]+)?)[\"”’'][ \t]*\)?")
_SURNAME_AFTER = re.compile(r"[ \t]*(?P<s>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)(?![\w'’-])")
# '"Tre" (Terrell Obi, ~34 y/o)': the full name in brackets after a quoted nickname
_NAME_AFTER_NICKNAME = re.compile(
    r"[\"”’'][ \t]*\([ \t]*(?P<n>[A-Z][a-z'’-]+(?:[ \t][A-Z][a-z'’-]+){1,2})(?=[ \t]*[,;)])"
)
_PLACE_AFTER = re.compile(r"(?:[ \t]+(?:in|of)|,)[ \t]+(?P<p>[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2})(?![\w'’-])")
# "TOLU OYELOWO RN (TO)": the initials a note goes on to use for that person
_INITIALS_AFTER = re.compile(
    r"(?:,?[ \t]+[A-Z]{2,5}(?:-[A-Z]{2,4})?)?[ \t]*\((?P<i>[A-Z]{2,3}|[A-Z]Ma?c[A-Z])\)"  # "(TO)", "(SMcG)"
)
# "Old friend Walter Kim (94) phones daily", "grandmother Carmen, 93, lives in Lawrence"
_AGE_AFTER = re.compile(r"[ \t]*(?:\(|,)[ \t]*(?P<a>\d{2,3})[ \t]*(?:\)|,)")
_TOWN_LIST = re.compile(
    r"(?:[ \t]+(?:and|or|then|&)|[ \t]*(?:->|→|,))[ \t]+(?P<p>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})"
)
# "Nairobi -> Kisumu, Kenya": the town a route starts from, read backwards from the next stop
_TOWN_BEFORE_ARROW = re.compile(r"(?P<p>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})[ \t]*(?:->|→)[ \t]*$")
NEIGHBOUR_CONFIDENCE = 0.7
NICKNAME_SOURCE = "neighbour:nickname"


def _is_place(words: list[str]) -> bool:
    if not words or " ".join(words) in STATE_NAMES or is_country(" ".join(words)) or words[0] in CALENDAR_WORDS:
        return False
    return not all(is_ordinary_word(w) for w in words)


def _next_town(text: str, end: int) -> tuple[int, int] | None:
    """The next town of a list or a route: "through Spokane and Coeur d'Alene", "Chengdu -> Shanghai"."""
    m = _TOWN_LIST.match(text, end)
    if m is None:
        return None
    words = m.group("p").split()
    for n in range(len(words), 0, -1):
        if gazetteer_town(words[:n], given_name_ok=False):
            start = m.start("p")
            return start, start + len(" ".join(words[:n]))
    return None


def _previous_town(text: str, start: int) -> tuple[int, int] | None:
    m = _TOWN_BEFORE_ARROW.search(text, max(0, start - 60), start)
    if m is None:
        return None
    words = m.group("p").split()
    for n in range(len(words), 0, -1):
        if gazetteer_town(words[-n:], given_name_ok=False):
            end = m.end("p")
            return end - len(" ".join(words[-n:])), end
    return None


def from_neighbours(text: str, spans: Iterable[Span]) -> list[Span]:
    found: list[Span] = []
    for span in spans:
        if span.entity_type in ("NAME", "PROVIDER"):
            m = _NICKNAME.match(text, span.end)
            # 'Philippa "Pip" Featherstonehaugh-Ross': between given name and surname a quoted word is a nickname
            surname = _SURNAME_AFTER.match(text, m.end()) if m else None
            if surname and (is_ordinary_word(surname.group("s")) or "(" in m.group()):
                surname = None
            # 'O'Donnell ("Peg")': in brackets and quotes even an everyday word is what she is called
            if (
                m
                and not is_function_word(m.group("n"))
                and ("(" in m.group() or surname or not is_common_word(m.group("n")))
            ):
                found.append(
                    Span(m.start("n"), m.end("n"), span.entity_type, NEIGHBOUR_CONFIDENCE, NICKNAME_SOURCE)
                )
                if surname:
                    found.append(
                        Span(
                            surname.start("s"),
                            surname.end("s"),
                            span.entity_type,
                            NEIGHBOUR_CONFIDENCE,
                            NICKNAME_SOURCE,
                        )
                    )
            if text[span.start - 1 : span.start] in ('"', "“", "‘", "'") and (
                full := _NAME_AFTER_NICKNAME.match(text, span.end)
            ):
                found.append(
                    Span(full.start("n"), full.end("n"), span.entity_type, NEIGHBOUR_CONFIDENCE, "neighbour:full_name")
                )
            initials = _INITIALS_AFTER.match(text, span.end)
            if (
                initials
                and initials.group("i").lower() not in ROLE_ABBREVIATIONS
                and not is_relation_word(initials.group("i"))  # "RUDY (SON) CALLED": who he is, no initials
            ):
                found.append(
                    Span(
                        initials.start("i"),
                        initials.end("i"),
                        span.entity_type,
                        NEIGHBOUR_CONFIDENCE,
                        "neighbour:initials",
                    )
                )
            age = _AGE_AFTER.match(text, span.end)
            if age and 90 <= int(age.group("a")) <= 125:
                found.append(Span(age.start("a"), age.end("a"), "AGE", NEIGHBOUR_CONFIDENCE, "neighbour:age"))
        elif span.entity_type in ("ORGANIZATION", "LOCATION"):
            if span.entity_type == "LOCATION" and (town := _next_town(text, span.end)):
                found.append(Span(*town, "LOCATION", NEIGHBOUR_CONFIDENCE, "neighbour:town_list"))
            if span.entity_type == "LOCATION" and (town := _previous_town(text, span.start)):
                found.append(Span(*town, "LOCATION", NEIGHBOUR_CONFIDENCE, "neighbour:town_list"))
            m = _PLACE_AFTER.match(text, span.end)
            if m is None:
                continue
            words = m.group("p").split()
            # "Mercy Hospital, Cardiology Clinic": a department after the comma, not a town
            while words and (is_clinical_word(words[-1]) or is_function_word(words[-1])):
                words.pop()
            if _is_place(words):
                start = m.start("p")
                end = start + len(" ".join(words))
                if text[start:end] == " ".join(words):
                    found.append(Span(start, end, "LOCATION", NEIGHBOUR_CONFIDENCE, "neighbour:place_after"))
    return found
