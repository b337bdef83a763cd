"""People named by an office or a one-letter title, nicknames beside a name, and places and businesses in a
note typed in lower case."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Law enforcement: Det. Alan Szymanski, badge 2210, notified.", "Alan Szymanski"),
        ("Circuit Court Judge Margaret A. Kowalski-Reyes presiding", "Margaret A. Kowalski-Reyes"),
        ('Vive con su esposo don Refugio ("Cuco"), 68, who has dialysis', "Refugio"),
        ("S: Doña Chela dice que se siente mejor", "Chela"),
        ("Fr. Tom Walsh visited for the sacrament", "Tom Walsh"),
        ("intake screener Shonda Pryce, reference #INT-2291", "Shonda Pryce"),
        ("called probation officer Dana Kim re: court date", "Dana Kim"),
        ("INTERPRETER JI-WOO HAN PRESENT FOR CONSENT", "JI-WOO HAN"),
        ("Spanish interpreter (Tuan Le) used for the whole visit.", "Tuan Le"),
    ],
)
def test_people_named_by_an_office_or_a_role(found, text, value):
    assert any(v == value for t, v in found(text) if t in ("NAME", "PROVIDER"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Seen with Dr. A. Jones-Li in clinic.", "A. Jones-Li"),  # an initial first is no article "a"
        ("DR A. SMITH AWARE", "A. SMITH"),
        ("Recheck 9/26 @ 0900 w/ Dr F, sooner if numb", "F"),
        ("f/u w/ dr k in 2 wks for suture removal", "k"),
        ("Dr. B called back at 3 pm.", "B"),
    ],
)
def test_doctors_with_initials_or_one_letter(found, text, value):
    assert ("PROVIDER", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Father had MI at 60; mother with breast cancer.",
        "8 Fr single lumen port placed",
        "CALL YOUR DOCTOR OR RETURN TO THE ED",
        "ask your doctor a question about the dose",
    ],
)
def test_relation_words_sizes_and_instructions_are_no_one(found, text):
    assert not {v for t, v in found(text) if t in ("NAME", "PROVIDER")}


def test_a_title_the_model_took_in_with_a_name_does_not_spread(engine):
    from phiguard.inference.engine.span import Span

    text = "Chaplain Abigail Osei-Mensah visited.\n5. Chaplain available by phone."
    model = [Span(0, 28, "PROVIDER", 0.99, "model:test")]
    assert not any(s.start > 30 and text[s.start : s.end] == "Chaplain" for s in engine.detect(text, model_spans=model))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('Patient: Jayden Morales-Whitaker ("JJ")     DOB: 08-22-2017', "JJ"),
        ('she named her grandson "Tre" (Terrell Obi, ~34 y/o, works nights)', "Terrell Obi"),
    ],
)
def test_a_nickname_beside_a_name_and_a_name_beside_a_nickname(found, text, value):
    assert ("NAME", value) in found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("lives at 123 elm st apt 4 with her sister", "123 elm st apt 4"),
        ("rx e-sent to the cvs on elm ave, pt confirmed", "elm ave"),
        ("she lives off main street near the bus stop", "main street"),
    ],
)
def test_streets_in_lower_case(found, text, value):
    assert ("LOCATION", value) in found(text)


@pytest.mark.parametrize(
    "text",
    ["given 2 tabs rd", "continue lisinopril, on tele st", "seen 2 wks ago st elevation resolved"],
)
def test_lower_case_doses_and_words_are_no_street(found, text):
    assert not {v for t, v in found(text) if t == "LOCATION"}


def test_known_organisations_in_a_lower_case_note(found):
    text = "pharmacy is walgreens on route 9, cards f/u at mgh. labs at quest in 2 wks"
    orgs = {v for t, v in found(text) if t == "ORGANIZATION"}
    assert {"walgreens", "mgh"} <= orgs
    assert "quest" not in orgs  # an everyday word stays a word


def test_a_month_and_year_after_pt_is_a_date_not_a_prothrombin_time(found):
    assert ("DATE", "7/2093") in found("Last saw pt 7/2093 for f/u.")
    assert not {v for t, v in found("ANA 1/1280 speckled") if t == "DATE"}
