"""Initials of people the note names, sign-off labels, lists of children after a relation word, authorisation
expiry dates, a few organisation heads (Market, Biobank, Registry, a practice before its specialty)
and what the model alone guessed that is not spread."""

from __future__ import annotations

import pytest
from model_output import model_span, reported
from phiguard.inference.engine.initials import initials_of

FLOWSHEET = (
    "RN: M. Oyelowo, RN   Second RN: J. Kittredge, RN\n"
    "dbl-check MO/JK\n"
    "TIME | BP     | HR | NOTE      | INIT\n"
    "0805 | 118/74 | 76 | baseline  | MO\n"
    "0840 | 116/72 | 74 | start     | MO\n"
    "0910 | 118/70 | 80 | rate 80   | JK\n"
)


def _values(found, text, etype="PROVIDER"):
    return sorted(v for t, v in found(text) if t == etype)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kwame Asante-Boateng, MD", {"KAB", "KA"}),
        ("Maribel T. Thibodeaux", {"MTT", "MT"}),
        ("rosa delgado-finch", {"RDF", "RD"}),
        ('Ruben "Rube" Castillo', {"RC"}),
        ("OKAFOR, ADAEZE N.", {"ANO", "AO"}),
        ("Kendra Jessup, LCMHC, LCAS", {"KJ"}),
    ],
)
def test_initials_of_a_name(name, expected):
    assert initials_of(name) == expected


def test_a_named_nurse_s_initials_are_found_in_table_cells_and_beside_a_slash(engine):
    values = [FLOWSHEET[s.start : s.end] for s in engine.detect(FLOWSHEET) if s.entity_type == "PROVIDER"]
    assert values.count("MO") == 3 and values.count("JK") == 2
    assert {"M. Oyelowo", "J. Kittredge"} <= set(values)


def test_a_lower_case_initialling_in_brackets_after_the_name(found):
    text = "Immunizations given and documentation by M. Thibodeaux, LPN (mt)\n"
    assert ("PROVIDER", "mt") in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Asthma care plan reviewed by Rita Alvarez, RN.\nSpO2 98% RA\n",  # room air, not Rita Alvarez
        "Reviewed with Mary Ortiz, RN: copay $47/mo.\n",
        "Dictated by Dana Vick, MD\nDV: 03/21/87\n",  # a dictation label
        "Seen with Paul Turner, MD. PT eval in AM | PT\n",  # a role's letters are no one's
    ],
)
def test_letters_that_only_look_like_a_named_person_s_initials(found, text):
    named = {v for t, v in found(text) if t in ("NAME", "PROVIDER")}
    assert not named & {"RA", "mo", "DV", "PT"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Sign-off: KJ 11/18/24 1045\n", "KJ"),
        ("Sign-off: bh  11/19/24\n", "bh"),
        ("e-signed MTV 09/23/2024 12:05\n", "MTV"),
        ("Mei-Lin Choudhury, MD   10/09/2024 17:12    / BHA\n", "BHA"),
    ],
)
def test_initials_after_a_sign_off_label_or_stamp(found, text, value):
    assert ("PROVIDER", value) in found(text)


def test_a_title_before_one_capital_letter_is_a_person(found):
    assert ("NAME", "Mr. K") in found("Reviewing the classroom snack policy with Mr. K and the principal.")
    assert not any(t == "NAME" for t, _ in found("Mr. Kowalczyk called 911.") if _ == "Mr. K")


def test_every_child_of_a_list_after_a_plural_relation(engine):
    text = 'Reasons for living: sons Brody (8) and Cash (5), his mom. "Thought about Brody\'s game."'
    names = [text[s.start : s.end] for s in engine.detect(text) if s.entity_type == "NAME"]
    assert names.count("Brody") == 2 and "Cash" in names  # the possessive is found again without its 's


def test_an_authorisation_expiry_is_the_patient_s_date_a_lot_expiry_is_not(found):
    assert ("DATE", "11/30/2025") in found("Prior auth A0098812377 -- 6 infusions, exp 11/30/2025\n")
    assert ("DATE", "11/05/2027") in found("Warranty: 3-yr repair + 1x loss & damage, exp 11/05/2027\n")
    assert not {v for t, v in found("tdap 0.5 ml im, lot u7741aa exp 08/2026, vis given") if t == "DATE"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("she quit her job at the deli counter of Kessler's Market last week.", "Kessler's Market"),
        ("private cord blood banking through CordSafe Biobank (kit # CSB-7740291).", "CordSafe Biobank"),
        ("discussed paired exchange through National Kidney Registry. Donor teams", "National Kidney Registry"),
        ("Referring: Colleen Mahoney, PA-C, Desert Sky Dermatology\n", "Desert Sky Dermatology"),
        ("shave bx, accession SDP24-018833 (Sonoran Dermpath Lab, read by A. Whitcombe, MD)", "Sonoran Dermpath Lab"),
        ("per EP (Dr. Harcourt, Tucson Heart Group) letter dated 08/01/2024", "Tucson Heart Group"),
        ("Labs (8/30/2087, Quest accession WQ118832047): Cr 1.4", "Quest"),
        ("Family interested in Comfort Keepers 4 h/day after d/c", "Comfort Keepers"),
    ],
)
def test_organisations_named_by_a_market_biobank_registry_or_specialty_head(found, text, value):
    assert ("ORGANIZATION", value) in found(text)


@pytest.mark.parametrize("text", ["COURSE: Admission Labs: FEV1=1.17", "Pediatric Dermatology consulted for the rash."])
def test_a_heading_a_department_or_a_public_programme_is_no_practice(found, text):
    assert not {v for t, v in found(text) if t == "ORGANIZATION"} - {"Healthy Blue"}


def test_a_role_word_before_a_signature_is_no_name(found):
    values = _values(found, "Attending: K. Asante, MD   Charge RN: L. Moreno, RN\nReviewed with charge nurse LM.\n")
    assert "Charge" not in values and "LM" in values



@pytest.mark.parametrize(
    ("text", "guess", "etype", "later"),
    [
        ("ESRD from IgAN on HD. Counseled on recurrent IgAN risk.", "IgAN", "LOCATION", "IgAN"),
        ("consistent with FXPOI. Risks for her: FXPOI (~20%).", "FXPOI", "ORGANIZATION", "FXPOI"),
        ("Roots of #32 in contact w/ IAN canal. High-risk IAN proximity #32", "IAN canal", "PROVIDER", "IAN"),
        ("Husband Tomas English/Irish. Both parents English.", "Tomas English", "NAME", "English"),
    ],
)
def test_what_the_model_alone_guessed_is_not_spread_when_it_reads_like_an_abbreviation(
    engine, text, guess, etype, later
):
    spans = engine.detect(text, model_spans=[model_span(text, guess, etype)])
    tail = text.rindex(later)
    assert not any(s.start <= tail < s.end for s in spans)


def test_a_place_named_by_a_rule_still_spreads(engine):
    text = "Transferred from Spaulding Rehabilitation Hospital. Records from Spaulding reviewed."
    hits = [text[s.start : s.end] for s in engine.detect(text) if s.entity_type == "ORGANIZATION"]
    assert "Spaulding" in hits


@pytest.mark.parametrize(
    ("text", "guess", "confidence", "kept"),
    [
        ("SOCIAL: Daughter tearful, feels pt unsafe alone.", "tearful", 0.9, False),
        ("Transport: Coastline Ambulance chair van (pt cannot tolerate car).", "van", 0.9, True),  # a surname too
        ("ALLERGIES: iodinated contrast - hives (2061 CT).", "hives", 0.9, False),
        ("Funeral at St. Stanislaus. walt died of an OD last May.", "walt", 0.9, True),  # a given name in lower case
        ("Plan discussed with dr lim, who agrees.", "lim", 0.9, True),
        # in a note typed all in lower case or in capitals, case says nothing, and the word is no one's name in any
        # list: unless the model is sure, it is a word
        ("lives alone, tearful at times, sleeps poorly", "tearful", 0.7, False),
        ("gf rain (last name unk) moved out last week", "rain", 0.7, True),  # after a relation it may be a given name
        ("11p-7a nsg note: pt restless at 0200, given haldol 2mg iv", "restless", 0.7, False),
        ("11P-7A NSG NOTE: PT RESTLESS AT 0200, GIVEN HALDOL 2MG IV", "RESTLESS", 0.7, False),
        ("left msg for bea, will call back", "bea", 0.7, True),
        ("CHAPLAIN ROSS VISITED, PT RESTLESS", "ROSS", 0.7, True),
        ("daughter/hcp - melissa (butch) young, updated.", "butch", 0.7, False),
        ("daughter/hcp - melissa (butch) young, updated.", "butch", 0.94, True),
        ("DAUGHTER/HCP - MELISSA (BUTCH) YOUNG, UPDATED.", "BUTCH", 0.94, True),
    ],
)
def test_a_dictionary_word_the_model_alone_took_for_a_person(engine, text, guess, confidence, kept):
    assert (guess in reported(engine, text, guess, "NAME", confidence)) == kept


@pytest.mark.parametrize(
    ("text", "guess", "etype"),
    [
        ("Attending bereavement group at St. Hyacinth.", "bereavement group", "ORGANIZATION"),
        ("Present at selection committee 4/23/2024.", "selection committee", "ORGANIZATION"),
        ("Graduate student in chemical engineering at Northwestern.", "chemical engineering", "ORGANIZATION"),
        ("Picking up his sister from kindergarten.", "kindergarten", "ORGANIZATION"),
        ("- Rolling walker (E0143) - delivered to bedside.", "E0143", "PHONE"),
    ],
)
def test_lower_case_things_and_supply_codes_the_model_alone_took_for_places_or_numbers(engine, text, guess, etype):
    assert guess not in reported(engine, text, guess, etype)


@pytest.mark.parametrize(
    ("text", "guess", "etype", "kept"),
    [
        ("R GROIN PREPPED & DRAPED IN USUAL STERILE FASHION.", "R GROIN", "NAME", False),
        ("L.  HANDGRIP ABOUT 4/5 ON L, R SIDE 5/5.", "L.  HANDGRIP", "NAME", False),
        ("WOUND CARE TO R HEEL SUPERVISED BY TEAM.", "R HEEL", "ORGANIZATION", False),
        ("r femoral line pulled, site c/d/i.", "r femoral", "NAME", False),
        # an initial and a surname, in any case, are a person's
        ("K OSEI ORDERED CXR.", "K OSEI", "NAME", True),
        ("per r lamb, hold tube feeds.", "r lamb", "PROVIDER", True),
        ("L GARCIA RN AT BEDSIDE.", "L GARCIA", "NAME", True),
    ],
)
def test_a_side_and_a_body_part_the_model_took_for_initial_and_surname(engine, text, guess, etype, kept):
    spans = engine.detect(text, model_spans=[model_span(text, guess, etype)])
    assert any(s.start <= text.index(guess) < s.end for s in spans) == kept


@pytest.mark.parametrize(
    ("text", "guess", "kept"),
    [
        ("Please call with questions. per a garcia. Review of systems negative.", "a garcia", True),
        ("Last episode 3 months ago, per a ramos. She had some swelling.", "a ramos", True),
        # the article and a thing: dictionary words, drugs
        ("Lives in a condo with her husband.", "a condo", False),
        ("Was given a tylenol for the headache.", "a tylenol", False),
        ("Heparin dosed per a protocol from pharmacy.", "a protocol", False),
    ],
)
def test_the_letter_a_before_a_surname_is_an_initial(engine, text, guess, kept):
    spans = engine.detect(text, model_spans=[model_span(text, guess, "PROVIDER")])
    assert any(s.start <= text.index(guess) < s.end for s in spans) == kept


def test_a_lower_case_place_name_in_a_lower_case_note_stays(engine):
    text = "pt seen at brockton site today, court date at brockton district court"
    assert "brockton district court" in reported(engine, text, "brockton district court", "ORGANIZATION")


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("by Lifeline Neonatal Transport (crew Pruitt/Mbeki). BW 1140 g", {"Pruitt", "Mbeki"}),
        ("NICU team (Dr. Al-Rashid's team, NNP Ofori)", {"Ofori"}),
        ("Stood with first stand this morning per CNA Yesenia.", {"Yesenia"}),
    ],
)
def test_crews_and_nursing_credentials_before_a_name(found, text, values):
    assert values <= {v for t, v in found(text) if t == "PROVIDER"}


def test_a_practice_found_by_its_full_name_is_found_again_by_its_first_word(engine):
    text = "MRI at Northgate Imaging Center on 10/5. Pls call Northgate back to schedule."
    assert [text[s.start : s.end] for s in engine.detect(text) if s.entity_type == "ORGANIZATION"][-1] == "Northgate"
    text = "Flew in on Turkish Airlines. Turkish passport seen."
    assert "Turkish" not in [text[s.start : s.end] for s in engine.detect(text)]  # a nationality is no practice


def test_a_day_a_line_was_placed_is_a_date_even_before_a_side(found):
    assert ("DATE", "11/6") in found("last dose 11/15/2023. PICC placed 11/6 R basilic, 4 Fr single lumen")
    assert not {v for t, v in found("Strength 4/5 R hand grip, 5/5 elsewhere.") if t == "DATE"}
