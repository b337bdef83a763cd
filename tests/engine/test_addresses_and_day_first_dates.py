"""Addresses (the state or country goes with them; a credential stays), UK postcodes and day-first dates."""

from __future__ import annotations

import re

import pytest
from phiguard.inference.engine.recognizers.locations import STATE_CODES


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mailing address: 88 Quarry Rd, Dunmore, OH 44719.", "88 Quarry Rd, Dunmore, OH 44719"),
        ("son lives in Norfolk, VA; staying through Friday.", "Norfolk, VA"),  # VA after a known town
        ("moved here from Portland, ME last spring", "Portland, ME"),
        ("Return address PORTLAND, MAINE 04101", "PORTLAND, MAINE 04101"),
        ("grandmother died at 93 in Zahlé, Lebanon; no known", "Zahlé, Lebanon"),
    ],
)
def test_the_state_or_country_of_an_address_is_part_of_the_place(found, text, value):
    assert ("LOCATION", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Cosigned: Raymond Abernathy, MD   08/03/2064",  # a surname that is also a town, then a credential
        "Provider: J. Huang, PA-C   Supervising: Dr. Lowe",
        "Vitals by Ellen Cole, MA at 09:10",
        "Tylenol, MS contin and gabapentin",
        "moved from Florida to be near family",  # a state alone identifies no one
    ],
)
def test_credentials_and_lone_states_are_not_places(found, text):
    assert not [v for t, v in found(text) if t == "LOCATION"]


@pytest.mark.parametrize(
    "text",
    [
        # a dose, a count or a distance before "Dr" (the doctor) or "way": no address
        "GIVEN 2 UNITS PRBC PER DR. JONES.",
        "LASIX 40 IV PER DR ORDER, GOOD RESPONSE.",
        "TF @ 60 PER DR.",
        "PT SEEN 2 TIMES BY DR. SMITH OVERNIGHT.",
        "CHEST TUBE 24 FR PLACED BY DR. KIM.",
        "WALKED 20 FT ALL THE WAY TO THE DOOR.",
    ],
)
def test_a_dose_or_count_before_the_doctor_is_no_street(found, text):
    assert not [v for t, v in found(text) if t == "LOCATION"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("DTR LIVES AT 42 OAK DR, PT WILL GO THERE.", "42 OAK DR"),
        ("New address: 100 Summit Way, Apt 2", "100 Summit Way, Apt 2"),
    ],
)
def test_a_street_whose_suffix_is_a_plain_word_stays(found, text, value):
    assert ("LOCATION", value) in found(text)


def test_surrogate_address_keeps_a_state_and_zip_and_changes_every_part(engine):
    note = "Lives at 12 Elm St, Denver, CO 80202 and summers in Boston, MA 02114."
    rep = engine.deidentify(note, strategy="surrogate").replacements
    for original in ("12 Elm St, Denver, CO 80202", "Boston, MA 02114"):
        parts = [p.strip() for p in rep[original].split(",")]
        state, zip_code = parts[-1].split()
        assert state in STATE_CODES and re.fullmatch(r"\d{5}", zip_code)
        # no part of the fake address repeats the real one's town, state or ZIP
        real = [p.strip() for p in original.split(",")]
        assert parts[-2] != real[-2] and state != real[-1].split()[0] and zip_code != real[-1].split()[1]


@pytest.mark.parametrize(
    ("text", "etype", "value"),
    [
        ("Family session 13.09.24 with mum and stepdad", "DATE", "13.09.24"),  # day-first, two digits each
        ("Next review Fri 20th with the dietitian", "DATE", "Fri 20th"),
        ("booked for Thursday the 3rd at 2pm", "DATE", "Thursday the 3rd"),
        ("Address: 14 Kellaway Ave, Bristol BS7 9RR", "LOCATION", "14 Kellaway Ave, Bristol BS7 9RR"),
        ("Postcode BS7 9RR (GP surgery)", "LOCATION", "BS7 9RR"),
        ("posted to SW1A 1AA last week", "LOCATION", "SW1A 1AA"),
    ],
)
def test_day_first_dates_weekday_ordinals_and_uk_postcodes(found, text, etype, value):
    assert (etype, value) in found(text)


@pytest.mark.parametrize("text", ["upgraded to v 1.2.30 today", "seen on Monday by PT", "CD4 350 on 4th line ART"])
def test_versions_lone_weekdays_and_ordinal_lines_are_not_dates(found, text):
    assert not [v for t, v in found(text) if t == "DATE"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("She came in 9/10 with fever and chills", "9/10"),  # 9/10 after the visit verb, not a pain score
        ("last seen in 9/12 by her PCP", "9/12"),
        ("was admitted in 3/14 for CHF", "3/14"),
    ],
)
def test_a_partial_date_right_after_the_word_that_dates_it(found, text, value):
    assert ("DATE", value) in found(text)


@pytest.mark.parametrize("text", ["pain 9/10 at rest", "in 2/3 of cases", "strength 4/5 in both legs"])
def test_scores_and_fractions_stay_numbers(found, text):
    assert not [v for t, v in found(text) if t == "DATE"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("| May 24 - June 6 | Nairobi -> Kisumu, Kenya | Work trip", "Nairobi"),  # where a route starts
        ("Visited Paris, France in May", "Paris, France"),  # the verb in front is no part of the town
        ("grew up near Enugu, Nigeria; moved here 2009", "Enugu, Nigeria"),
    ],
)
def test_towns_of_travel_history(found, text, value):
    assert ("LOCATION", value) in found(text)


def test_a_person_before_a_country_is_no_town(found):
    assert not [v for t, v in found("Sister Mary, Ireland") if t == "LOCATION"]


def test_an_approximate_year_of_an_event(found):
    assert ("DATE", "2005") in found("Seen 3/4/2024. Hx: HTN, appendectomy ~2005. No known allergies.")
    assert not [v for t, v in found("Seen 3/4/2024. Output ~2000 mL today.") if v == "2000"]


@pytest.mark.parametrize("text", ["use declining since roughly mid-Nov. Pt says", "planned for early-Dec"])
def test_a_month_joined_to_its_qualifier_by_a_hyphen(found, text):
    assert [t for t, v in found(text) if v.startswith(("Nov", "Dec"))] == ["DATE"]
