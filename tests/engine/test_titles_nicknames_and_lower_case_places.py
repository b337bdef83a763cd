"""People named by an office or a one-letter title, nicknames beside a name, and places and businesses in a
note typed in lower case."""

from __future__ import annotations

import pytest
from phiguard.inference.engine.span import Span


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
    ("text", "etype", "value"),
    [
        ("seen by Dr. Ho in clinic", "PROVIDER", "Ho"),
        ("seen by Dr. Ng in clinic today.", "PROVIDER", "Ng"),
        ("Discussed with Dr Li and Dr Le.", "PROVIDER", "Le"),
        ("The patient, Mr. Ng, is a 45-year-old man.", "NAME", "Ng"),
        ("Mrs. Ho tolerated the procedure well.", "NAME", "Ho"),
    ],
)
def test_a_short_surname_that_is_also_an_abbreviation_after_its_title(found, text, etype, value):
    # HO (house officer) and NG (nasogastric) are charting abbreviations in capitals; written as a name after a
    # title they are the surnames Ho and Ng
    assert (etype, value) in found(text)


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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("prefers English, no interpreter needed.\n\nKV  02/04/2025 14:05\n", "KV"),
        ("red streaks up arm.\n\ntn pa-c 11/03/2024 21:14\ncosign pending", "tn"),
        ("ref # above.\n\n3/11/2025 14:30 — MJ\npt's son called", "MJ"),
        ("Addendum 1/9/95 14:10 (MET): Pharmacy called, PA approved", "MET"),
        ("L. Ocampo, PA-C / LO\n", "LO"),
        ("Attending: Wen Hsu, MD   Resident: AG\n", "AG"),
        ("Histotechnologist: LMK.\n", "LMK"),
        ("Seen by: Kendra Vo, CPNP   MA: Jazmin\n", "Jazmin"),
    ],
)
def test_staff_initialling_a_time_stamp_or_named_after_a_staff_label(found, text, value):
    assert ("PROVIDER", value) in found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3/10 15:40 — Dr Kim re tramadol: PA needed", "3/10"),
        ("The SPEP drawn in your office on the 14th shows a small band", "14th"),
        ('ankle swelling since "around the 3rd," now to mid-shin', "3rd"),
    ],
)
def test_days_stamped_with_a_time_or_named_by_their_ordinal(found, text, value):
    assert ("DATE", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "transferred to the 4th floor",
        "identifying the 3rd and the 4th compartments and retracting",
        "since the 2nd trimester",
        "Pressure 7/10, radiating to L jaw",
        "STOP-BANG: 6/8 (known OSA).",
        "clock drawing 1/4. She knew her name.",
        "tdap 0.5 ml im, lot u7741aa exp 08/2026, vis given",
        "albuterol inhaler on file in office (exp 9/25).",
    ],
)
def test_ordinals_scores_and_expiry_dates_are_no_dates(found, text):
    assert not {v for t, v in found(text) if t == "DATE"}


def test_a_lab_expiry_does_not_hide_a_procedure_date(found):
    assert ("DATE", "3/2/2090") in found("s/p exp lap 3/2/2090 for SBO")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mother Pilar Quispe, now 93, has Parkinson disease", "93"),
        ("His mother is 93 and lives alone in Cranston.", "93"),
    ],
)
def test_an_age_over_89_without_years(found, text, value):
    assert ("AGE", value) in found(text)


@pytest.mark.parametrize("text", ["She is now 94% on 2L", "pt HR now 92."])
def test_readings_after_now_are_no_age(found, text):
    assert not {v for t, v in found(text) if t == "AGE"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Last job was demo for Rivas Bros. Construction in Boyle Heights", "Rivas Bros. Construction"),
        ("for 25 years ran Hoa's Alterations on Lincoln Avenue", "Hoa's Alterations"),
        ("added to waitlist for Casa Esperanza Bridge Housing; VI-SPDAT 11", "Casa Esperanza Bridge Housing"),
        ("Probate Branch\nAlder County Circuit Court\n615 W. Kilbourn", "Alder County Circuit Court"),
        ("pharmacy (Farmacia Guadalupana) said pens need PA", "Farmacia Guadalupana"),
        ("Clínica Familiar del Westside - Programa de Promotoras", "Clínica Familiar del Westside"),
        ("Rx given for Ocean State Orthotics & Prosthetics.", "Ocean State Orthotics & Prosthetics"),
        ("via Puget Sound Respiratory Supply; mask fitting", "Puget Sound Respiratory Supply"),
        ("INSTRUMENTS: Olympus GIF-H190 gastroscope, S/N 2810447", "Olympus"),
        ("Started PA via CoverMyMeds, key B8XKWT4Q.", "CoverMyMeds"),
    ],
)
def test_businesses_courts_and_suppliers(found, text, value):
    assert ("ORGANIZATION", value) in found(text)


def test_a_name_marked_case_sensitive_is_not_matched_in_lower_case(found):
    assert not {v for t, v in found("diet: eats whole foods, no processed meat") if t == "ORGANIZATION"}


@pytest.mark.parametrize(
    ("text", "etype", "value"),
    [
        ("sleeping under the overpass at 6th & Alvarado, some nights", "LOCATION", "6th & Alvarado"),
        ("found at the corner of Main and 5th by EMS", "LOCATION", "Main and 5th"),
        ("Community Credit Union (account ending 55201), and a wire", "ACCOUNT", "55201"),
        ("driver (CDL ACHTEDJ284QB) referred for snoring", "LICENSE", "ACHTEDJ284QB"),
    ],
)
def test_corners_accounts_by_their_last_digits_and_commercial_licences(found, text, etype, value):
    assert (etype, value) in found(text)


def test_a_heading_the_model_read_as_an_organisation_is_dropped_but_a_hospital_in_one_stays(engine):
    heading = "HOSPICE SPIRITUAL CARE / BEREAVEMENT NOTE\nCedar Hollow Hospice"
    model = [Span(0, 22, "ORGANIZATION", 0.9, "model:test")]
    assert not any(s.start == 0 for s in engine.detect(heading, model_spans=model))
    hospital = "MERCY HOSPITAL DISCHARGE SUMMARY\nAdmitted 3/2"
    model = [Span(0, 14, "ORGANIZATION", 0.9, "model:test")]
    assert any(s.start == 0 for s in engine.detect(hospital, model_spans=model))


@pytest.mark.parametrize(
    ("text", "start", "end", "etype"),
    [
        ("tdap 0.5 ml im r deltoid (90715), lot", 26, 31, "PHONE"),
        ("CPT 99204, 82947, 81003.", 11, 16, "LOCATION"),
        ("low back strain, initial encounter (S39.012A)", 36, 44, "DATE"),
        ("socket preservation graft (D7953).", 27, 32, "PHONE"),
    ],
)
def test_billing_codes_the_model_reads_as_phi_are_dropped(engine, text, start, end, etype):
    spans = engine.detect(text, model_spans=[Span(start, end, etype, 0.9, "model:test")])
    assert not [s for s in spans if s.start == start]


def test_a_zip_in_brackets_after_a_state_is_kept(engine):
    text = "Boston, MA (02114)"
    spans = engine.detect(text, model_spans=[Span(12, 17, "PHONE", 0.9, "model:test")])
    assert any(text[s.start : s.end] == "02114" for s in spans)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('Last job Feb 6th, paid $120 cash. Foreman "Chuy" told him to come back', "Chuy"),
        ('Closest friend on the street is "Smokey" - per smokey, pt sleeps there', "Smokey"),
        ("Her comadre Lupita from next door checks on her daily", "Lupita"),
    ],
)
def test_quoted_street_names_and_relations_in_spanish(found, text, value):
    assert ("NAME", value) in found(text)


@pytest.mark.parametrize("text", ['she called it "Rash" and', 'her friend said "Amazing" and left'])
def test_quoted_words_after_a_person_are_not_always_a_name(found, text):
    assert not {v for t, v in found(text) if t == "NAME"}


def test_mac_initials_in_brackets_after_a_name(found):
    assert ("PROVIDER", "SMcG") in found("Triage RN: Shauna (SMcG)\nPCP: Helen Strazzulla, MD")


def test_a_licence_word_is_no_clinician(found):
    assert not {v for t, v in found("RI License MD-14027\n") if t == "PROVIDER"}


def test_a_language_the_model_took_for_a_person_is_dropped(engine):
    text = "Preferred language: Vietnamese (son Minh on HIPAA release)"
    spans = engine.detect(text, model_spans=[Span(20, 30, "PROVIDER", 0.9, "model:test")])
    assert not [s for s in spans if text[s.start : s.end] == "Vietnamese"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("cc: Pawtuxet Valley Internal Medicine\n    VNA of Kent County, attn: Reggie", "VNA of Kent County"),
        ("She attended University of Michigan for law school", "University of Michigan"),
        ("transferred from Medical Center of Central Georgia yesterday", "Medical Center of Central Georgia"),
    ],
)
def test_a_facility_word_named_by_what_follows_of(found, text, value):
    assert ("ORGANIZATION", value) in found(text)


@pytest.mark.parametrize("text", ["the Institute of Medicine report", "per Clinic of Dr. Lee", "Hospital of Medicine"])
def test_a_facility_word_before_a_department_or_a_person_names_no_place(found, text):
    assert not {v for t, v in found(text) if t == "ORGANIZATION"}


def test_a_therapy_goal_met_is_no_sign_off(found):
    text = "1. Full knee extension (0 degrees) by 4 weeks - MET\n2. Return to work without limitation - MET\n"
    assert not {v for t, v in found(text) if t == "PROVIDER"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("dep. ocampo verified transfer at 01:22", "ocampo"),
        ("sgt. brennan called the unit", "brennan"),
        ("On probation - PO Dwayne Marsh, 419 555 0166 ext. 3", "Dwayne Marsh"),
    ],
)
def test_officers_in_lower_case_and_probation_officers(found, text, value):
    assert value in {v for t, v in found(text) if t in ("NAME", "PROVIDER")}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("np kowalczyk placed picc, tip cavoatrial junction.", "kowalczyk"),
        ("per nurse wong pt slept well", "wong"),
        ("per dr. goel's note, cont lasix", "goel"),
        ("paged dr bell's covering md", "bell"),
    ],
)
def test_clinicians_by_title_in_lower_case(found, text, value):
    assert ("PROVIDER", value) in found(text)


@pytest.mark.parametrize("text", ["md paged re: k 3.1", "rn assessed pt, np aware", "pa pressures 40s", "rn staffing"])
def test_a_clinicians_title_before_a_word_of_prose_names_no_one(found, text):
    assert not [v for t, v in found(text) if t in ("NAME", "PROVIDER")]


@pytest.mark.parametrize(
    "text", ["officer safety plan reviewed", "judge ordered an evaluation", "Tylenol 650 mg PO Tylenol Extra prn"]
)
def test_office_words_before_ordinary_words_and_by_mouth_are_no_names(found, text):
    assert not [v for t, v in found(text) if t in ("NAME", "PROVIDER")]


@pytest.mark.parametrize(
    ("text", "word", "etype", "kept"),
    [
        # capitals the model alone read as a place: dictionary words go, a town the gazetteer knows stays
        ("PT UP TO RECLINER X2 HRS. TOLERATED WELL.", "RECLINER", "LOCATION", False),
        ("AM DRAW SENT. MD AWARE.", "DRAW", "LOCATION", False),
        ("TRANSFERRED FROM LOWELL BY AMBULANCE.", "LOWELL", "LOCATION", True),
        # a clinical abbreviation it read as a person goes, unless it signs (initials that are abbreviations)
        ("Scheduled for a stress MIBI today to assess ischemia.", "MIBI", "PROVIDER", False),
        ("Follow-up with the OPAT clinic for weekly labs.", "OPAT", "PROVIDER", False),
        ("Thank you.\n-- reply by MB, RN 3/3/25", "MB", "PROVIDER", True),
    ],
)
def test_a_word_the_model_alone_found(engine, text, word, etype, kept):
    start = text.index(word)
    model = [Span(start, start + len(word), etype, 0.9, "model:test")]
    assert any(s.start == start for s in engine.detect(text, model_spans=model)) is kept

