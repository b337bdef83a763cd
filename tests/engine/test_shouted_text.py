"""Text typed in capitals: case tells no name from a plain word there, so the rules that read a run of capitals
as a name (facilities, "admitted to ...", streets, a clinician after a role) ask for a word no dictionary has.
And the model's word in capitals: a hospital's initials it is sure of stand even where the abbreviation inventory
lists them as something else; a role alone is no one."""

from __future__ import annotations

import pytest
from model_output import model_span, reported
from phiguard.inference.engine.vocab import is_dictionary_word, is_plain_word, is_shouted

_PLACES_AND_PEOPLE = {"ORGANIZATION", "LOCATION", "PROVIDER", "NAME"}


@pytest.mark.parametrize(
    "text",
    [
        "PT DID NOT REQUIRE ANY RESTORATIVE DENTISTRY AT THIS TIME.",
        "TOLERATING SOFT FOODS, ON CLEAR LIQUIDS. RESTRAINTS REMAIN ON FOR SAFETY.",
        "WAS SEEN IN MY OFFICE FOR EVALUATION, THEN TAKEN TO FLUOROSCOPY.",
        "GUIDEWIRE IN PLACE, ON THE SAME WAY HOME.",
        "CHAPLAIN VISITED. SOCIAL WORK FOLLOWING.",
        "HE IS A COOK, AND HOT OIL BURNS ARE COMMON.",
        "A 14-DAY-OLD WAS SEEN BY PRIVATE DOCTOR BECAUSE OF BLISTER.",
        "CALL YOUR DOCTOR BECAUSE OF PAIN. THEY WENT TO THEIR DOCTOR ON SATURDAY.",
        "IF THIS BECOMES POSSIBLE, THIS MAY REPRESENT RELIEF.",
    ],
)
def test_plain_words_in_capitals_name_no_place_or_person(found, text):
    assert not {(t, v) for t, v in found(text) if t in _PLACES_AND_PEOPLE | {"DATE"}}


def test_a_doctor_after_of_in_capitals_is_no_street(found):
    # "Dr" is also Drive: "THE PATIENT OF DR." read as a street named "PATIENT OF"
    spans = found("THE PATIENT OF DR. SMITH WAS SEEN, WILL FOLLOW UP WITH CARE OF DR. JONES.")
    assert not {v for t, v in spans if t == "LOCATION"}
    assert {("PROVIDER", "SMITH"), ("PROVIDER", "JONES")} <= spans


@pytest.mark.parametrize(
    ("text", "etype", "value"),
    [
        ("ADMITTED TO MOUNT AUBURN HOSPITAL LAST NIGHT.", "ORGANIZATION", "MOUNT AUBURN HOSPITAL"),
        ("THEN TRANSFERRED TO SPAULDING REHAB HOSPITAL.", "ORGANIZATION", "SPAULDING REHAB HOSPITAL"),
        ("WAS SEEN AT BETH ISRAEL DEACONESS MEDICAL CENTER BY CARDIOLOGY.", "ORGANIZATION",
         "BETH ISRAEL DEACONESS MEDICAL CENTER"),
        ("MERCY WOMEN'S PAVILION - LABOR AND DELIVERY", "ORGANIZATION", "MERCY WOMEN'S PAVILION"),
        ("LIVES OFF CENTRE ST WITH HER DAUGHTER.", "LOCATION", "CENTRE ST"),
        ("CHAPLAIN ROSS VISITED, FAMILY UPDATED.", "PROVIDER", "ROSS"),
        ("PT WAS SEEN BY JOHN SMITH TODAY.", "PROVIDER", "JOHN SMITH"),
        ("DR. SMITH WAS PAGED, DR GOOD AT BEDSIDE.", "PROVIDER", "SMITH"),
        ("DR. SMITH WAS PAGED, DR GOOD AT BEDSIDE.", "PROVIDER", "GOOD"),
        ("HE IS A RETIRED MACHINIST, GE. WIFE AT HOME.", "ORGANIZATION", "GE"),
    ],
)
def test_names_in_capitals_stay(found, text, etype, value):
    assert (etype, value) in found(text)


def test_the_same_plain_words_in_mixed_case_are_read_as_before(found):
    # Case still speaks where the writer used it: a capitalised run before a facility word is a name.
    assert ("ORGANIZATION", "Lakeside Clinic") in found("Seen at Lakeside Clinic, then home.")


def test_shouted_reads_the_case_around_the_match_only():
    mixed = "Patient seen today, vitals stable. " * 4
    caps = "PT SEEN TODAY, VITALS STABLE. " * 4
    text = mixed + "SENIOR CENTER" + mixed + caps + "SENIOR CENTER" + caps
    first, second = text.index("SENIOR"), text.rindex("SENIOR")
    assert not is_shouted(text, first, first + 13)
    assert is_shouted(text, second, second + 13)
    assert not is_shouted("MGH", 0, 3)  # too few letters to say how the writer types


@pytest.mark.parametrize(
    ("word", "plain"),
    [("VISITED", True), ("RESTRAINTS", True), ("TOLERATING", True), ("STUDIES", True), ("MY", True),
     ("BRANDT", False), ("XEROX", False), ("MERCY", False), ("SENIOR", False), ("ROSS", False), ("VINCENT'S", False)],
)
def test_plain_words_take_inflections_but_no_names(word, plain):
    assert is_plain_word(word) is plain


def test_dictionary_words_exclude_names():
    assert is_dictionary_word("visited") and not is_dictionary_word("ross") and not is_dictionary_word("brandt")


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("PT TRANSFERRED TO MH FOR CATH.", "MH", True),  # "MH" is in the abbreviation inventory (mental health)
        ("pcp at rh, f/u 2 wks", "rh", True),
        ("8/21-TRANSFERRED FROM OSH, INTUBATED", "OSH", False),  # an outside hospital names none
        ("sent to ICU overnight", "ICU", False),
        ("discharged home on ASA", "ASA", False),  # no place's preposition
        ("to go to MCH for EP study", "MCH", True),  # a lab's abbreviation is no destination after a transfer
        ("sent to PMH for ERCP", "PMH", True),
        ("labs: MCH 29, then to MCH", "MCH", False),  # no transfer before "to"
        ("transferred to MICU overnight", "MICU", False),  # a place of care, no hospital
    ],
)
def test_a_hospitals_initials_the_model_is_sure_of_stand(engine, text, value, kept):
    assert (value in reported(engine, text, value, "ORGANIZATION", 0.73)) is kept
    assert value not in reported(engine, text, value, "ORGANIZATION", 0.6)


@pytest.mark.parametrize(("text", "value"), [("Chaplain visited today.", "Chaplain"), ("PER ATTENDING", "ATTENDING")])
def test_a_role_the_model_took_for_a_person_is_dropped(engine, text, value):
    assert value not in reported(engine, text, value, "NAME")


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("ATTEMPT TO CROSS THE VALVE FAILED, FURTHER ATTEMPTS TO CROSS ABANDONED.", None),
        ("LIVES IN CROSS, WITH HER DAUGHTER.", "CROSS"),  # a town named with a word, where towns are
        ("Moved to Cross last year.", "Cross"),  # in mixed case the capital still marks it
        ("TRANSFERRED FROM WORCESTER BY AMBULANCE.", "WORCESTER"),  # a town no dictionary has
    ],
)
def test_a_town_named_with_a_word_in_capitals_needs_a_towns_place(found, text, town):
    assert {v for t, v in found(text) if t == "LOCATION"} == ({town} if town else set())


def test_the_models_dictionary_word_in_capitals_does_not_spread(engine):
    text = "STRONG AWARE OF PLAN. WILL GET STRONG WITH PT. DR. BROWN SAW PT. BROWN TO CALL FAMILY."
    spans = engine.detect(text, model_spans=[model_span(text, "STRONG", "PROVIDER", 0.9)])
    values = {(text[s.start : s.end], s.start) for s in spans}
    assert ("STRONG", text.index("STRONG")) in values  # the model's guess itself stands
    assert ("STRONG", text.index("STRONG WITH")) not in values
    assert ("BROWN", text.index("BROWN TO")) in values  # a rule's name still spreads


def test_a_name_that_is_a_plain_word_is_not_found_again_in_capitals(engine):
    # Dr. Restless signed in mixed case; in the capitals of the nursing section the plain word is the patient's state.
    text = (
        "Seen by Dr. Restless today.\n"
        "NEURO: A+OX3, MAE, FOLLOWS COMMANDS. CV: HR 80S SR, NO ECTOPY, SBP 110-130. PT RESTLESS OVERNIGHT, "
        "MEDICATED WITH HALDOL 2 MG IV AT 0200 WITH GOOD EFFECT. WILL CONT TO MONITOR."
    )
    found = [text[s.start : s.end] for s in engine.detect(text) if s.entity_type in ("PROVIDER", "NAME")]
    assert found == ["Restless"]
    again = "Seen by Dr. Restless today. Restless will call back."
    assert [again[s.start : s.end] for s in engine.detect(again)] == ["Restless", "Restless"]
