"""Organisations by their initials, by their trade and by their brand; days listed after a dated one."""

from __future__ import annotations

import pytest
from engine_secret import SECRET
from phiguard.inference.engine.propagation import acronyms


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Great Lakes Retina Imaging", {"GLRI", "GLRIH"}),
        ("Bellhaven Memorial", {"BMH"}),  # two letters alone say nothing; the hospital is implied
        ("St. Brendan's Regional Medical Center", {"SBRMC", "SBRM"}),
        ("MidAmerica Organ & Tissue Network", {"MOTN", "MOTNH"}),
        ("Spaulding", set()),  # one word has no initials worth spreading
        ("Mercy Point", set()),  # MP is too short and MPH is a credential
    ],
)
def test_acronyms_of_an_organisation(name, expected):
    assert set(acronyms(name)) == expected


def test_a_hospital_is_found_again_by_its_initials(found):
    note = (
        "Cath 4/16/81 at Bellhaven Memorial, LAD DES.\n"
        "Records from BMH requested. OCT done at Great Lakes Retina Imaging, report from GLRI reviewed."
    )
    got = found(note)
    assert ("ORGANIZATION", "BMH") in got and ("ORGANIZATION", "GLRI") in got


def test_initials_travel_to_later_windows_of_a_job(engine):
    first = engine.deidentify("Transferred from Coleman County Memorial Hospital.", strategy="redact")
    alone = engine.deidentify("Intubated at CCMH for stridor.", strategy="redact")
    later = engine.deidentify("Intubated at CCMH for stridor.", strategy="redact", state=first.state)
    assert "CCMH" not in later.text
    assert b"CCMH" not in first.state and SECRET not in first.state
    # "at CCMH" alone is also read as a hospital acronym by its shape; a shape with a vowel is not
    assert "CCMH" not in alone.text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Pt: KOWALCZYK, DARIUSZ      EGH MRN: E-00912734", "EGH"),
        ("brought her as a stroke alert to NEGH. Initial NIHSS was 19", "NEGH"),
        ("CAD s/p LAD DES (4/2081, BMH, Dr Okonkwo), HTN", "BMH"),
        ("Cx (MVMC Micro acc MC83-449021): >100K E. coli", "MVMC"),
    ],
)
def test_hospital_initials_by_their_shape(found, text, value):
    assert ("ORGANIZATION", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "TSH 2.1, PTH 48, LDH 210",
        "NPH insulin 10 units qAM; heparin via UFH protocol, then LMWH",
        "PMH: HTN, BPH. PSH: TAH/BSO.",
        "BATH WITH ASSIST OF ONE, TOLERATED WELL",
        "SCHOOL MED AUTH FORM FAXED TO DAYCARE",
        "Na goal < 2,000 mg/d (DASH / Mediterranean pattern)",
        "KOH prep negative; THC positive on UDS; NASH on biopsy",
    ],
)
def test_clinical_abbreviations_and_words_are_not_hospitals(found, text):
    assert not {v for t, v in found(text) if t == "ORGANIZATION"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Division of Cardiology\nBellhaven Heart & Vascular Center - Kinsella Pavilion",
            "Bellhaven Heart & Vascular Center",
        ),
        ("NORTHGATE UNIVERSITY MEDICAL CENTER\nWHITCOMBE DIABETES CENTER - RETURN VISIT", "WHITCOMBE DIABETES CENTER"),
        ("cc: Dr. Thanh Vo, DDS (Bright Smile Family Dental) via fax", "Bright Smile Family Dental"),
        ("Tri-Cities ENT & Audiology\n5600 W Clearwater Ave", "Tri-Cities ENT & Audiology"),
        ("Called Marlow County Medical Examiner's Office at 0420", "Marlow County Medical Examiner's Office"),
        ("Works nights @ Brinkmann Cold Storage, pls call after 1400", "Brinkmann Cold Storage"),
        ("ADIRONDACK SKIN & MOHS SURGERY, PLLC\n88 Maple Ave", "ADIRONDACK SKIN & MOHS SURGERY, PLLC"),
        ("DEVICE: Medtronic Azure XT DR MRI, SN RNB417772S", "Medtronic"),
        ("Apria delivering concentrator tmrw", "Apria"),
        ("Ride via study-paid Lyft from home", "Lyft"),
    ],
)
def test_organisations_named_by_trade_legal_form_or_brand(found, text, value):
    assert ("ORGANIZATION", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Accepted at 1420 via Transfer Center, ref # TC-680721",
        "Called the Poison Control Center for advice.",
        "Please call the Heart & Vascular Center to schedule.",
    ],
)
def test_a_department_or_service_is_not_an_organisation(found, text):
    assert not {v for t, v in found(text) if t == "ORGANIZATION"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Seen 9/11/2080. TTE on 9/12 and 9/13 showed AF.", "9/13"),  # joined to a dated day
        ("Admitted 1/9/2081. OGT, Foley (1/10; d/c tomorrow).", "1/10"),
        ("Admitted 1/9/2081. C. diff 1/16 neg.", "1/16"),  # a test's day and its result
        ("Thrombectomy 9/10/2080. PROCEDURES: IV tPA 9/10.", "9/10"),
        ("Seen 7/1/2080. Sibling due for 18-mo visit 7/2 - scheduled.", "7/2"),  # a count never exceeds its total
        ("POD 1 11/22/2070. On the night of 11-23 she became confused.", "11-23"),
    ],
)
def test_days_in_a_dated_note(found, text, value):
    assert ("DATE", value) in found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Seen 4/2/2078. Chest pressure 2-3x/wk, 4/10 at worst, resolves w/ rest.", "4/10"),
        ("Seen 6/2/2078.\nBP 152/88   104   18   97% 2L    6/10", "6/10"),  # the pain column of a vitals row
        ("Seen 1/2/2078. Check a BMP in 1-2 weeks.", "1-2"),
        ("Seen 2/2/2078. PT visit 2/6 of the plan of care.", "2/6"),  # one visit of six
        ("Seen 3/2/2078. Nausea 3/10 today.", "3/10"),
    ],
)
def test_scores_counts_and_ranges_stay_numbers_in_a_dated_note(found, text, value):
    assert ("DATE", value) not in found(text)
