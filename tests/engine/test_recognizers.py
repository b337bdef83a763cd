"""Each recognizer on what it must find and on the clinical look-alikes it must leave alone."""

from __future__ import annotations

import pytest
from model_output import reported
from phiguard.inference.engine.recognizers import default_recognizers
from phiguard.inference.engine.recognizers.checksums import dea_valid, npi_valid, ssn_valid, vin_valid

POSITIVES = [
    ("SSN 123-45-6789 on file", "SSN", "123-45-6789"),
    ("social security number 123 45 6789", "SSN", "123 45 6789"),
    ("SSN: 123456789", "SSN", "123456789"),
    ("call (617) 555-1234 ext 22 today", "PHONE", "(617) 555-1234 ext 22"),
    ("Tel: 617.555.1234", "PHONE", "617.555.1234"),
    ("mobile +44 20 7946 0958", "PHONE", "+44 20 7946 0958"),
    ("cell 1-800-555-0199", "PHONE", "1-800-555-0199"),
    ("Fax: 617-555-9876", "FAX", "617-555-9876"),
    ("Tel 617-555-1111, fax 617-555-2222", "FAX", "617-555-2222"),
    ("pager 41234", "PHONE", "41234"),
    ("write to jane.doe@example.org please", "EMAIL", "jane.doe@example.org"),
    ("see https://portal.example-health.org/p/123.", "URL", "https://portal.example-health.org/p/123"),
    ("www.mychart.example.com/login", "URL", "www.mychart.example.com/login"),
    ("logged in from 192.168.10.24", "IP", "192.168.10.24"),
    ("host 2001:db8:85a3::8a2e:370:7334 seen", "IP", "2001:db8:85a3::8a2e:370:7334"),
    ("MRN: 00123456", "MRN", "00123456"),
    ("Medical record number 4477221", "MRN", "4477221"),
    ("Acct# 4455667788", "ACCOUNT", "4455667788"),
    ("Member ID: XJH448812", "ACCOUNT", "XJH448812"),
    ("Medicaid no. 99887766A", "ACCOUNT", "99887766A"),
    ("Driver's license: S530-4471-2290", "LICENSE", "S530-4471-2290"),
    ("DEA AB1234563", "LICENSE", "AB1234563"),
    ("NPI 1234567893", "LICENSE", "1234567893"),
    ("VIN 1HGCM82633A004352", "VEHICLE", "1HGCM82633A004352"),
    ("his car 1HGCM82633A004352 was towed", "VEHICLE", "1HGCM82633A004352"),
    ("license plate 7XKL229", "VEHICLE", "7XKL229"),
    ("pacemaker serial # 4471-XK-22", "DEVICE", "4471-XK-22"),
    ("Patient ID: P-0048213", "PATIENT_ID", "P-0048213"),
    ("Case #A-22817", "OTHER_ID", "A-22817"),
    ("accession 88123477", "OTHER_ID", "88123477"),
    ("fingerprint template ID FP-99812", "BIOMETRIC", "FP-99812"),
    ("photo IMG_20210314_0042.jpg attached", "PHOTO", "IMG_20210314_0042.jpg"),
    ("DOB: 04/07/1969", "DATE", "04/07/1969"),
    ("DD: 04/07/69 10:32", "DATE", "04/07/69 10:32"),
    ("Record date: 2069-04-07", "DATE", "2069-04-07"),
    ("seen 2021-03-14T09:30:00Z", "DATE", "2021-03-14T09:30:00Z"),
    ("admitted Jan 3rd with pain", "DATE", "Jan 3rd"),
    ("on March 14, 2021 she fell", "DATE", "March 14, 2021"),
    ("on 14 March 2021 she fell", "DATE", "14 March 2021"),
    ("ADMITTED 3 JAN 2021", "DATE", "3 JAN 2021"),
    ("seen on 7/22 in clinic", "DATE", "7/22"),
    ("last seen in November", "DATE", "November"),
    ("diagnosed in 2019 with CHF", "DATE", "2019"),
    ("since Nov 2019", "DATE", "Nov 2019"),
    ("over Christmas", "DATE", "Christmas"),
    ("a 93-year-old woman", "AGE", "93"),
    ("age 101, lives alone", "AGE", "101"),
    ("she is 91 yo", "AGE", "91"),
    # the state of an address goes with it (i2b2 counts it), so the address is one place
    ("Boston, MA 02114", "LOCATION", "Boston, MA 02114"),
    ("lives at 42 Elm Street with wife", "LOCATION", "42 Elm Street"),
    ("moved to Springfield last year", "LOCATION", "Springfield"),
    ("admitted to St. Mary's Hospital", "ORGANIZATION", "St. Mary's Hospital"),
    ("transferred from Mercy Regional", "ORGANIZATION", "Mercy Regional"),
    ("followed at Lakeside Medical Center", "ORGANIZATION", "Lakeside Medical Center"),
    ("PT TRANSFERRED FROM ST MARYS HOSPITAL", "ORGANIZATION", "ST MARYS HOSPITAL"),
    ("seen by Dr. Sarah Johnson today", "PROVIDER", "Sarah Johnson"),
    ("DR KHAN AT BEDSIDE", "PROVIDER", "KHAN"),
    ("Mr. O'Brien was seen", "NAME", "O'Brien"),
    ("Mrs. Smith-Jones denies pain", "NAME", "Smith-Jones"),
    ("Patient: John Smith\nMRN", "NAME", "John Smith"),
    ("PATIENT NAME: DOE, JANE\n", "NAME", "DOE, JANE"),
    ("Electronically signed by: Robert K. Lee, MD", "PROVIDER", "Robert K. Lee"),
    ("Sincerely,\nAnna Kowalski", "PROVIDER", "Anna Kowalski"),
    ("Attending: Chen", "PROVIDER", "Chen"),
    ("his wife Mary is at bedside", "NAME", "Mary"),
]


@pytest.mark.parametrize(("text", "etype", "value"), POSITIVES)
def test_finds(found, text, etype, value):
    assert (etype, value) in found(text)


NEGATIVES = [
    "BP 120/80, HR 88, RR 16, T 98.6, SpO2 97% on RA",
    "K 3.9, Na 138, Cr 1.1, BUN 22, glucose 145, WBC 10.5, Hgb 12.1, Plt 250",
    "Lasix 40 mg IV x2, then 20 mg PO q4h prn; KCl 20 mEq",
    "metoprolol 25mg bid, insulin 10 units qhs, heparin 5000 units sc q8h",
    "Pain 5/10. Strength 4/5 in RUE, 5/5 elsewhere. Reflexes 2/2. GCS 15.",
    "2/6 systolic murmur at LUSB; recalled 2/3 objects",
    "INR 2.3, PTT 31.2, lactate 1.8, pH 7.38, pCO2 42",
    "Tylenol 2-3 tabs daily; C6-7 disc bulge",
    "Seen on Monday and again Friday at 14:30.",
    "Transferred to MICU, foley and PICC in place, NPO.",
    "PT IS A&OX3, CONT TO MONITOR, HR 88 SR, BP 132/78, UOP 40 CC/HR",
    "Troponin negative x2 from 2100 and at 0300",
    "WBC 10500, platelets 250,000, ANC 4200",
    "EF 55%, LVEF 35-40%, TAPSE 1.8 cm",
    "He rated himself 4/7 on the scale; a 1/4 cracker",
    "MS Contin 30 mg q12h",
    "The patient was admitted to the ICU.",
    "Apgars 8 and 9; G2P1; 38 weeks",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_leaves_clinical_text_alone(found, text):
    assert found(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "SSN 000-12-3456",
        "SSN 666-12-3456",
        "SSN 912-12-3456",
        "SSN 123-00-4567",
        "SSN 123-45-0000",
    ],
)
def test_ssn_rejects_never_issued_numbers(found, text):
    assert not any(t == "SSN" for t, _ in found(text))


def test_check_digits():
    assert dea_valid("AB1234563") and not dea_valid("AB1234564")
    assert npi_valid("1234567893") and not npi_valid("1234567894")
    assert vin_valid("1HGCM82633A004352") and not vin_valid("1HGCM82634A004352")
    assert ssn_valid("123", "45", "6789") and not ssn_valid("666", "45", "6789")


def test_npi_needs_its_label(found):
    assert not any(t == "LICENSE" for t, _ in found("ref 1234567893"))


def test_invalid_dea_is_not_a_licence(found):
    assert ("LICENSE", "AB1234564") not in found("code AB1234564")


def test_invalid_calendar_dates_are_not_dates(found):
    assert not any(t == "DATE" for t, _ in found("values 13/45/2020 and 2/30"))


def test_ages_under_90_are_not_phi(found):
    assert found("a 89-year-old man, age 45") == set()


def test_context_raises_confidence():
    phone = next(r for r in default_recognizers() if r.name == "phone")
    bare = phone.analyze("555-1234")
    labelled = phone.analyze("call 555-1234")
    assert bare and labelled and labelled[0].confidence > bare[0].confidence
    assert "context" in labelled[0].source


def test_every_recognizer_declares_what_it_emits():
    for r in default_recognizers():
        assert r.name and r.entity_types
        text = (
            "Dr. Ann Lee saw Mr. Bob Ray (MRN 1234567, SSN 123-45-6789) on 01/02/2020 at Lake Hospital, "
            "42 Elm Street, Boston, MA 02114, tel 617-555-1234, bob@example.org, 10.0.0.1, age 95."
        )
        for span in r.analyze(text):
            assert span.entity_type in r.entity_types
            assert span.source.startswith(r.name)


@pytest.mark.parametrize(
    ("text", "etype", "value"),
    [
        ("PATIENT NAME: Ostrowski, Janina M.\n", "NAME", "Ostrowski, Janina M."),
        ("DR OKONKWO AWARE OF LOW HCT", "PROVIDER", "OKONKWO"),
        ("CONT TO MONITOR. SIGNED K. DELANEY, RN", "PROVIDER", "K. DELANEY"),
        ("TRANSFER TO SPAULDING REHAB HOSPITAL PLANNED", "ORGANIZATION", "SPAULDING REHAB HOSPITAL"),
        ("HUSBAND JORGE AT BEDSIDE", "NAME", "JORGE"),
        ("PT GONZALEZ, MARIA BED 12", "NAME", "GONZALEZ, MARIA"),
        ("son flying in from Houston tonight", "LOCATION", "Houston"),
        ("returned from Phoenix in December", "LOCATION", "Phoenix"),
        ("Walgreens on Route 9", "LOCATION", "Route 9"),
        ("symptoms since spring 2023", "DATE", "spring 2023"),
        ("A1c 7.9 in Jan", "DATE", "Jan"),
        ("PCI to LAD (2017, outside hospital)", "DATE", "2017"),
        ("Echo 3/5: EF 30%", "DATE", "3/5"),
        ("D: 07/22/2024  T: 07/23/2024  AM/kt", "PROVIDER", "kt"),
        ("Arrival: 12-Mar-2024 02:14", "DATE", "12-Mar-2024 02:14"),
    ],
)
def test_finds_in_shorthand_and_headers(found, text, etype, value):
    assert (etype, value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "ANESTHESIA: General endotracheal",
        "DAY 3/7 of zosyn",
        "2/3 blood culture bottles negative",
        "Lot 4471 reagent in use",
        "HUSBAND UPDATED BY PHONE",
        "Harmonic scalpel HAR36 setting 3",
    ],
)
def test_more_clinical_text_left_alone(found, text):
    assert found(text) == set()


def test_month_and_two_digit_year(found):
    assert ("DATE", "9/68") in found("MI in 9/68, stented")
    assert not any(t == "DATE" for t, _ in found("BP 9/68"))


def test_year_list_items(found):
    assert ("DATE", "2017") in found("PSH:\n2017: CABG x3\n")


@pytest.mark.parametrize(
    ("text", "etype", "value"),
    [
        ("MRN: 123 45 67\n", "MRN", "123 45 67"),
        ("call back 6175550143 after 5", "PHONE", "6175550143"),
        ("a ninety-three year old woman", "AGE", "ninety-three"),
    ],
)
def test_more_formats(found, text, etype, value):
    assert (etype, value) in found(text)


def test_known_organizations_by_short_name(found):
    assert ("ORGANIZATION", "Brigham") in found("PCI to LAD (2017, Brigham)")
    assert ("ORGANIZATION", "Ochsner") in found("biopsy closer to home at Ochsner next week")
    assert ("ORGANIZATION", "Walgreens") in found("picked up at Walgreens")


@pytest.mark.parametrize(
    "text",
    [
        "incised with Mayo scissors",
        "grasped with a Lahey clamp",
        "a curved Ochsner was placed",
        "grasped with Ochsner and Kocher clamps",
        "CVS: regular rate and rhythm",
    ],
)
def test_eponyms_and_headings_are_not_organizations(found, text):
    assert not any(t == "ORGANIZATION" for t, _ in found(text))


@pytest.mark.parametrize(
    "text",
    [
        "Doctor: Okay, let me take a look.\nPatient: Oh, it hurts here.",
        "Doctor: That's good. You never had any reactions?\nPatient: I'm fine, thanks.",
        "Doctor: Good morning.\nPatient: Good morning, doctor.",
        "Baby admitted to the Newborn Nursery.",
        "He was taken to the Cardiac Catheterization Laboratory.",
        "Follow up in Renal Clinic in 2 weeks.",
        "Barrett esophagus without dysplasia.",
        "placement of a bidirectional Glenn shunt",
        "CO2 21 mmol/L (ref 22-29)",
        "THE BABY WAS ADMITTED TO THE NICU FOR PREMATURITY AND TO RULE OUT SEPSIS.",
        "DISPO: TRANSFERRED TO L&D.",
        "CONSULTATION: PUBLIC HEALTH DEPARTMENT WAS CALLED",
        "EF 55%, mild MR. Omental adhesions were lysed.",
    ],
)
def test_speech_departments_and_eponyms_are_not_phi(found, text):
    assert found(text) == set()


@pytest.mark.parametrize(
    "text, etype, value",
    [
        ("Patient: Maria Lopez\nDOB 01/02/1950", "NAME", "Maria Lopez"),
        ("seen by Dr. Babcock as an outpatient", "PROVIDER", "Babcock"),
        ("Woolford, CO 48012", "LOCATION", "Woolford, CO 48012"),
        ("Patient: Smith's wife called", "NAME", "Smith's"),
        ("MR. SMITH IS A 45 YO M", "NAME", "SMITH"),
        ("Pt MR. Smith seen", "NAME", "Smith"),
        ("admitted (Mercy Hospital) yesterday", "ORGANIZATION", "Mercy Hospital"),
        ("ZIKEN 325 MG PO (STARTED MEMORIAL DAY)", "DATE", "MEMORIAL DAY"),
        ("family meeting with Drs. Ahmed and Fischer", "PROVIDER", "Fischer"),
        ("plan d/c to Hebrew Rehab when bed available", "ORGANIZATION", "Hebrew Rehab"),
    ],
)
def test_names_and_places_next_to_clinical_words_are_kept(found, text, etype, value):
    assert (etype, value) in found(text)


def test_model_names_in_any_script_survive_the_veto(engine):
    from phiguard.inference.engine.span import Span

    text = "I saw Mr Phạm and Đặng today; dr Jähn aware"
    model = [Span(text.index(w), text.index(w) + len(w), "NAME", 0.9, "model:x") for w in ("Phạm", "Đặng", "Jähn")]
    got = {text[s.start : s.end] for s in engine.detect(text, model_spans=model)}
    assert {"Phạm", "Đặng", "Jähn"} <= got


@pytest.mark.parametrize(
    "text, etype, value",
    [
        ("seen by Dr. Müller today", "PROVIDER", "Müller"),
        ("I saw Mr Phạm in clinic", "NAME", "Phạm"),
        ("Zoë Šimůnková, MD", "PROVIDER", "Zoë Šimůnková"),
        ("Patient: Đặng Văn Lâm", "NAME", "Đặng Văn Lâm"),
        ("Lives in San José, CA 95112", "LOCATION", "San José, CA 95112"),
    ],
)
def test_names_and_places_in_any_script(found, text, etype, value):
    assert (etype, value) in found(text)


def test_a_name_in_any_script_propagates(engine):
    text = "Dr. Ødegaard saw her. Plan per Ødegaard."
    hits = [text[s.start : s.end] for s in engine.detect(text) if s.entity_type == "PROVIDER"]
    assert hits == ["Ødegaard", "Ødegaard"]


@pytest.mark.parametrize(
    "text, etype, value",
    [
        ("He was seen by his PCP Leonard Tsai, who referred him.", "PROVIDER", "Leonard Tsai"),
        ("His cardiologist Ira Feldman agrees.", "PROVIDER", "Ira Feldman"),
        ("Case discussed with attending Kim.", "PROVIDER", "Kim"),
        ("Seen by Nurse Practitioner Jane Rivera today.", "PROVIDER", "Jane Rivera"),
        ("Transcribed by: lt\nDictated by: Gail Mendez", "PROVIDER", "lt"),
        ("Note by: XQ", "PROVIDER", "XQ"),
        ("Admitted on the 14th, discharged on the 21st.", "DATE", "21st"),
        ("seen again on the 2nd at noon", "DATE", "2nd"),
    ],
)
def test_clinicians_by_role_their_initials_and_ordinal_days(found, text, etype, value):
    assert (etype, value) in found(text)


@pytest.mark.parametrize(
    "text, leaked",
    [
        ("Admitting MD: Dr. Quinn  Discharging MD: Dr. Yates", "Discharging"),
        ("Moved to the 4th floor on the 2nd attempt.", "4th"),
        ("Moved to the 4th floor on the 2nd attempt.", "2nd"),
        ("Seen by the nurse Practitioner team today.", "Practitioner"),
        ("Dictated by: me", "me"),
        ("Attending Addendum: seen with fellow Dr. Ng.", "Addendum"),
        ("Electronically Signed Xavier Quinn, MD 11/02/2091", "Signed"),
    ],
)
def test_roles_floors_and_pronouns_are_not_phi(found, text, leaked):
    assert not any(leaked in value for _, value in found(text))


def test_a_role_used_as_a_verb_names_no_person_but_the_school_is_an_organisation(found):
    assert found("He will be attending Maize High School in the fall.") == {("ORGANIZATION", "Maize High School")}


def test_model_procedure_acronyms_and_trailing_joiners_are_dropped(engine):
    from phiguard.inference.engine.span import Span

    text = "We will schedule LEEP soon. Done at Kaweah Delta Hospital and reviewed."
    leep = text.index("LEEP")
    org = text.index("Kaweah")
    model = [
        Span(leep, leep + 4, "PROVIDER", 0.9, "model:x"),
        Span(org, text.index(" reviewed"), "ORGANIZATION", 0.9, "model:x"),
    ]
    got = {(s.entity_type, text[s.start : s.end]) for s in engine.detect(text, model_spans=model)}
    assert got == {("ORGANIZATION", "Kaweah Delta Hospital")}


@pytest.mark.parametrize(
    "text, initials",
    [
        ("Discussed with MR, who agrees with plan.", "MR"),
        ("NEURO - D/W UN \nRENAL: stable", "UN"),
        ("Case d/w AS (oncologist); palpitations likely", "AS"),
        ("Tolerated well.\n\nRF RN", "RF"),
        ("HCP aware.\n-AV", "AV"),
        ("her PCP is CA. She lives alone.", "CA"),
    ],
)
def test_confident_model_initials_survive_in_a_person_context(engine, text, initials):
    from phiguard.inference.engine.span import Span

    at = text.index(initials)
    model = [Span(at, at + len(initials), "PROVIDER", 0.95, "model:x")]
    assert [text[s.start : s.end] for s in engine.detect(text, model_spans=model)] == [initials]


@pytest.mark.parametrize(
    "text, abbreviation",
    [
        ("Patient with MR and AS on echo.", "MR"),
        ("Follow up with MD in 2 weeks.", "MD"),
        ("Case d/w GI, scope tomorrow.", "GI"),
        ("d/w CT surgery re: timing", "CT"),
        ("Discussed with MR, who agrees with plan.", "MR"),
    ],
)
def test_abbreviations_stay_vetoed_without_a_person_context_or_confidence(engine, text, abbreviation):
    from phiguard.inference.engine.span import Span

    at = text.index(abbreviation)
    # The last case is a person context, but the model is unsure: the veto holds.
    confidence = 0.6 if text.startswith("Discussed") else 0.95
    model = [Span(at, at + len(abbreviation), "PROVIDER", confidence, "model:x")]
    assert engine.detect(text, model_spans=model) == []


@pytest.mark.parametrize(
    "text, found_initials",
    [
        ("KIMBERLY GOLD, MD\n\nVVU/SL\nDD: 5-18-2036", {"VVU", "SL"}),
        ("lawrence ang md\n\nhi/zy\ndd: oct 6 2101", {"hi", "zy"}),
        ("risks reviewed\nand/or\n", set()),
    ],
)
def test_dictation_initials_on_their_own_line(found, text, found_initials):
    assert {v for t, v in found(text) if t == "PROVIDER" and len(v) <= 3} == found_initials


def test_a_model_age_under_90_is_not_phi(engine):
    from phiguard.inference.engine.span import Span

    text = "a very pleasant 65-year-old pathologist; her mother is 93 years old"
    model = [Span(16, 18, "AGE", 0.9, "model:x"), Span(text.index("93"), text.index("93") + 2, "AGE", 0.9, "model:x")]
    assert [text[s.start : s.end] for s in engine.detect(text, model_spans=model)] == ["93"]


def test_a_model_name_before_an_eponym_noun_is_dropped(engine):
    from phiguard.inference.engine.span import Span

    text = "ETT Bruce protocol 9 min, stopped for fatigue"
    model = [Span(4, 9, "NAME", 0.9, "model:x")]
    assert engine.detect(text, model_spans=model) == []


@pytest.mark.parametrize(
    "text, etype, value",
    [
        ("Returned last week from a trip to Cancun.", "LOCATION", "Cancun"),
        ("Traveled to Guatemala City last month.", "LOCATION", "Guatemala City"),
        ("He was seen at the VA in West Roxbury.", "LOCATION", "West Roxbury"),
        ("working on a nursing home in Albuquerque", "LOCATION", "Albuquerque"),
        ("She is widowed. Age 101.", "AGE", "101"),
        ("Contact: pager 4-2231 or the unit", "PHONE", "4-2231"),
        ("PCP: Dr. Quinn, Internal Medicine Associates, Boston", "ORGANIZATION", "Internal Medicine Associates"),
    ],
)
def test_travel_facility_places_labelled_ages_and_short_pagers(found, text, etype, value):
    assert (etype, value) in found(text)


@pytest.mark.parametrize(
    "text",
    ["She lives in Texas with her son.", "Returned from Dialysis today.", "admitted to this hospital in May 2008"],
)
def test_states_months_and_words_are_not_travel_places(found, text):
    assert not any(t == "LOCATION" for t, _ in found(text))


def test_a_short_all_caps_model_guess_does_not_spread_but_a_titled_name_does(engine):
    from phiguard.inference.engine.span import Span

    text = "CONT KEMP. KEMP SHOWS NSR. MR. KING AWARE. PLAN: KEMP, KING TO CALL."
    model = [Span(5, 9, "NAME", 0.9, "model:x")]
    got = [(text[s.start : s.end], s.start) for s in engine.detect(text, model_spans=model)]
    # The model's one guess stays where it was made; the titled surname is found at both mentions.
    assert got == [("KEMP", 5), ("KING", text.index("KING")), ("KING", text.rindex("KING"))]


@pytest.mark.parametrize(
    "text, names",
    [
        ("D/W FELLOW WONG, PLAN PER ROSS.", {"WONG", "ROSS"}),
        ("CASE D/W SHIMMIN, SUSAN (ATTENDING)", {"SHIMMIN, SUSAN"}),
        ("PER PROTOCOL. D/W MD. PER HOUSE OFFICER. D/W CARDS FELLOW. PER DOCTOR T. GIESEN OK", {"T. GIESEN"}),
        ("RN MAE; PA AFEB; fsbs PA BRP", set()),
    ],
)
def test_all_caps_clinicians_named_by_who_said_so(found, text, names):
    assert {v for t, v in found(text) if t == "PROVIDER"} == names


def test_a_year_right_after_an_event_is_a_date_but_a_reading_is_not(engine):
    text = "PMH: CABG 2085, MI '79, colonoscopy 2088 normal, Tdap 2089. Labs: BNP 2085, LDH 2089, EBL 2000."
    labs = text.index("Labs")
    dates = [(text[s.start : s.end], s.start < labs) for s in engine.detect(text) if s.entity_type == "DATE"]
    assert dates == [("2085", True), ("'79", True), ("2088", True), ("2089", True)]


@pytest.mark.parametrize(
    "text, years",
    [
        # a history list with no heading: each event's two digits, and the item it holds that names no event
        ("MI 93, CABG 86, redo 90", ["93", "86", "90"]),
        ("PT S/P TURP 98; CVA 03, LIVES ALONE", ["98", "03"]),
        # one pair alone may be a reading or a count; a list of readings or drains holds no event; a unit or a
        # decimal after an item makes the list a list of readings
        ("Ca 10, Mg 2.1, Phos 3.3", []),
        ("HR 93, RR 22, SBP 110s", []),
        ("CT 45, JP 30 over shift", []),
        ("MI 93, CABG 86%", []),
    ],
)
def test_two_digit_years_in_a_history_list_of_events(found, text, years):
    assert sorted(v for t, v in found(text) if t == "DATE") == sorted(years)


@pytest.mark.parametrize(
    "text, town",
    [
        ('FELT "POP" IN HIS HEAD WHILE SHOWERING IN CHEYENNE, WYOMING. HE WAS VISITING HIS SON.', "CHEYENNE"),
        ("PT LIVES W/ PARENTS IN LINDSAY, CALIFORNIA & HAS GOOD ENVIRONMENT.", "LINDSAY"),
    ],
)
def test_a_town_before_its_state_starts_after_the_place_preposition(found, text, town):
    # in capitals every word of the run before the comma looks proper; the words before "IN" are the sentence's
    places = [v for t, v in found(text) if t == "LOCATION"]
    assert places and all(v.startswith(town) for v in places)


@pytest.mark.parametrize(
    "text, value",
    [
        ("pt was at nebh last month", "nebh"),
        ("admitted to youville for rehab", "youville"),
        ("she works at norcraft and injured her back", "norcraft"),
    ],
)
def test_one_lower_case_word_no_list_has_after_where_someone_was_is_an_organisation(found, text, value):
    assert ("ORGANIZATION", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        # derived and compounded words, a unit's shorthand, an infinitive after "was to", a town
        "she was brought to the electrophysiology laboratory in stable condition",
        "taken to the postcatheterization holding area",
        "seen at the physiatry clinic by dr. x",
        "returned to normal-appearing tissue",
        "transferred to msicu overnight",
        "the plan was to pex the right testicle",
        "went to quincy for the weekend",
        "work note sent to email above",
    ],
)
def test_lower_case_words_after_where_someone_was_that_name_no_organisation(found, text):
    assert not [v for t, v in found(text) if t == "ORGANIZATION"]


def test_a_tracers_mass_number_is_no_age(found):
    assert not [v for t, v in found("GATED SCAN W/ 32.6 MCI OF TC-99M MYOVIEW; TECHNETIUM 99M MDP.") if t == "AGE"]


@pytest.mark.parametrize(
    "text, value",
    [("last BM Mar14 per pt", "Mar14"), ("LAST BM 17APR, GIVEN SENNA", "17APR"), ("extubated 5aug, did well", "5aug")],
)
def test_a_day_glued_to_a_months_abbreviation_is_a_date(found, text, value):
    assert ("DATE", value) in found(text)


@pytest.mark.parametrize("text", ["pt may2 be d/c'd", "Mar145 lot", "apr14.5", "model SEPT2000"])
def test_a_month_glued_to_more_than_a_day_or_may_glued_to_a_count_is_no_date(found, text):
    assert not [v for t, v in found(text) if t == "DATE"]


@pytest.mark.parametrize(
    "text, value",
    [
        ("taken to brandt hosp for cath", "brandt"),
        ("admitted to faulkner hospital last yr", "faulkner"),
        # a capitalised name before a unit in capitals, though Moody is a word too
        ("in the Moody PACU overnight", "Moody"),
        ("transferred to Shapiro CCU", "Shapiro"),
    ],
)
def test_a_hospital_or_building_named_by_one_word_before_hosp_or_a_unit(found, text, value):
    assert ("ORGANIZATION", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "back to outside hosp",
        "sent to the hospital",
        "pt from state hospital",
        "went to the closest hospital",
        # a unit by its kind, where it lies or its colour; a drug's extended release
        "to Cardiac ICU",
        "Pt to West ICU",
        "PT TO WEST ICU",
        "To the Blue ICU",
        "Depakote ER 500 mg qhs",
    ],
)
def test_words_before_hosp_or_a_unit_that_name_no_hospital_or_place(found, text):
    assert not [v for t, v in found(text) if t in ("ORGANIZATION", "LOCATION")]


@pytest.mark.parametrize(
    "text, etype, value",
    [
        ("Seen at Mass General in May, then admitted here.", "DATE", "May"),
        ("Dictated 12/03/2090 by kn72.", "PROVIDER", "kn72"),
        ("Note entered by jsmith2 on rounds", "PROVIDER", "jsmith2"),
    ],
)
def test_may_after_a_preposition_and_usernames_after_by(found, text, etype, value):
    assert (etype, value) in found(text)


@pytest.mark.parametrize("text", ["It may be fine; the rash in May be viral.", "followed by po2 of 80"])
def test_may_as_a_verb_and_readings_after_by_are_not_phi(found, text):
    assert found(text) == set()


@pytest.mark.parametrize(
    "text, etype, value",
    [
        ('Stepfather Piotr Kowal ("Piotrek") moved out.', "NAME", "Piotrek"),
        ('She avoids an acquaintance "Shadow" who sells pills.', "NAME", "Shadow"),
        ("picked up at the Walgreens in Danvers yesterday", "LOCATION", "Danvers"),
        ("appendectomy age 9 in Gdansk, Poland", "LOCATION", "Gdansk, Poland"),
        ("father alive at 93, in assisted living", "AGE", "93"),
        ("- CAD s/p CABG x3 2079", "DATE", "2079"),
        ("- TAH/BSO 2071 for fibroids", "DATE", "2071"),
        ("PCP appt scheduled for the 14th.", "DATE", "14th"),
        ("FAMILY MTG W/ SW BERNSTEIN TODAY", "PROVIDER", "BERNSTEIN"),
        ("Path reviewed at DFCI.", "ORGANIZATION", "DFCI"),
    ],
)
def test_nicknames_towns_beside_places_and_more_dates_and_ages(engine, text, etype, value):
    assert (etype, value) in {(s.entity_type, text[s.start : s.end]) for s in engine.detect(text)}


def test_a_nickname_is_then_found_everywhere(engine):
    text = 'Stepfather Piotr Kowal ("Piotrek") moved out. Conflict with Piotrek since June.'
    assert [text[s.start : s.end] for s in engine.detect(text) if s.entity_type == "NAME"] == [
        "Piotr Kowal",
        "Piotrek",
        "Piotrek",
    ]


def test_model_false_alarms_from_real_prose_are_dropped(engine):
    from phiguard.inference.engine.span import Span

    text = "Moved from Nigeria. LYTES @ 1000. Hx breast ca. DFCI protocol 19-552. She withdrew. Signed ROI."
    model = [
        Span(text.index(v), text.index(v) + len(v), t, 0.9, "model:x")
        for v, t in (
            ("Nigeria", "LOCATION"),
            ("LYTES @ 1000", "EMAIL"),
            ("breast ca", "NAME"),
            ("19-552", "DATE"),
            ("withdrew", "ORGANIZATION"),
            ("ROI", "PROVIDER"),
        )
    ]
    assert [text[s.start : s.end] for s in engine.detect(text, model_spans=model)] == ["DFCI"]


@pytest.mark.parametrize(
    "text, value, kept",
    [
        ("HEART: MURMUR AT PRECORDIUM, GRADE 2/6. ABD SOFT.", "2/6", False),  # a murmur's grade out of six
        ("Systolic murmur grade 3/6 at LUSB.", "3/6", False),
        ("Echo scheduled for 12/5, grade unknown.", "12/5", True),
        ("WBC   12.4   H   x10^3/uL   4.0-11.0\nHgb   9.1", "4.0-11", False),  # cut out of a lab table's range
        ("Plt   150-400.5 K/uL", "150-400", False),
        ("pt extubated 12/3. Tol well.", "12/3", True),  # a day ending its sentence
        ("cultures from 11/28.", "11/28", True),
    ],
)
def test_a_grade_out_of_its_scale_or_a_piece_of_a_decimal_number_is_no_date(engine, text, value, kept):
    assert (value in reported(engine, text, value, "DATE", 0.95)) is kept


@pytest.mark.parametrize(
    "text, value, confidence, kept",
    [
        ("PMH: MI 93, CABG 86, HTN.", "93", 0.9, True),
        ("PMH: MI 93, CABG 86, HTN.", "86", 0.9, True),
        ("History: lung CA 87. Now here for cough.", "87", 0.9, True),
        ("PMH significant for CVA 73'. Denies chest pain.", "73", 0.9, True),
        ("PMH: MI 93, HTN, DM.", "93", 0.6, False),  # the model is not sure
        ("Vancomycin day 12 today.", "12", 0.9, False),  # a count
        ("Vitals: HR 93, RR 18.", "93", 0.9, False),  # a reading
        ("Tmax 38.2 / 12 hrs", "12", 0.9, False),  # after a number's slash
        ("PMH: MI 7, HTN.", "7", 0.9, False),  # one digit is never a year
        ("FHx: father died of an MI at 61 in Lagos.", "61", 0.9, False),  # an age at an event
        ("Potential donor is brother Chidi, 46, ABO O pos.", "46", 0.9, False),  # an age after a comma
        ("hx of MRSA (02) in sputum.", "02", 0.9, True),  # in brackets alone after its event
        ("MI (96), on ASA since.", "96", 0.9, True),
        ("Had 2 lows (58, 64) both on work days.", "58", 0.95, False),  # brackets holding more than a year
        ("Off meds w/ pt permission (36-hr washout).", "36", 0.95, False),
        ("ASQ-3 (48 MO): COMM 55.", "48", 0.92, False),
        ("Glucose (88) this am.", "88", 0.6, False),  # the model is not sure
        ("VITALS: Ht 5'11\"  Wt 214 lb", "11", 0.9, False),  # feet and inches
        ("ECG: sinus brady 58, LVH, new TWI.", "58", 0.98, False),  # a rhythm's rate
        ("Propofol gtt started. P/F 92 on ABG.", "92", 0.9, False),  # a ratio's value
        ("s/p CABG-99, cath-02.", "99", 0.95, True),  # glued to its event by a hyphen
        ("s/p CABG-99, cath-02.", "02", 0.95, True),
        ("s/p CABG-99, cath-02.", "99", 0.85, False),  # a hyphen needs the model surer
        ("CVP-12, PAD-18 on the swan.", "12", 0.95, False),  # a reading's name before the hyphen
        ("Tested positive for COVID-19 in May.", "19", 0.85, False),  # a code's number
        ("s/p AVR 63, 79 (St Jude).", "79", 0.95, True),  # a list's later year, its first after the event
        ("PMH: MI 93 & 97, CABG 86.", "97", 0.95, True),
        ("Echo: EF 35, 40 on repeat.", "40", 0.99, False),  # a list of readings
        ("Vancomycin day 12, 14 today.", "14", 0.95, False),  # a list of counts
        ("Had 2 lows (58, 64) both on work days.", "64", 0.95, False),  # its first is in brackets with it
        ("Aunt: ovarian ca dx 58, d. 61.", "61", 0.95, False),  # an age at death, after "d."
    ],
)
def test_a_models_sure_two_digit_year_after_an_event_stands(engine, text, value, confidence, kept):
    """Years stand alone in history lists; a bare number is otherwise a day, count or reading."""
    from phiguard.inference.engine.span import Span

    start = text.index(value)
    model = [Span(start, start + len(value), "DATE", confidence, "model:x")]
    found = {(s.entity_type, text[s.start : s.end]) for s in engine.detect(text, model_spans=model)}
    assert (("DATE", value) in found) is kept


def test_a_surname_that_names_a_slow_rhythm_stays_a_name(engine):
    """"sinus brady 58" reads a rate after "brady", but Brady is a surname: no name veto takes it for clinical."""
    from phiguard.inference.engine.span import Span

    text = "Called back at 1400. Brady updated on plan."
    model = [Span(21, 26, "NAME", 0.95, "model:x")]
    assert ("NAME", "Brady") in {(s.entity_type, text[s.start : s.end]) for s in engine.detect(text, model_spans=model)}


@pytest.mark.parametrize(
    "text, value",
    [("1. Cefazolin 2 g IV q8h (d5/7, start 1/15)", "5/7"), ("Cycle C3/6 of FOLFOX given.", "3/6")],
)
def test_a_course_day_glued_to_its_letter_is_no_date(engine, text, value):
    """A model that starts a word at a digit after a letter may call "5/7" of "d5/7" a date: day 5 of 7."""
    from phiguard.inference.engine.span import Span

    start = text.index(value)
    model = [Span(start, start + len(value), "DATE", 0.95, "model:x")]
    assert not [s for s in engine.detect(text, model_spans=model) if s.start <= start < s.end]


@pytest.mark.parametrize(
    "text, event, date",
    [
        ("PMH: CVA11/72 with residual L weakness.", "CVA", "11/72"),
        ("s/p hip fx3/96, ambulates with walker.", "fx", "3/96"),
        ("History: lung CA'87, s/p lobectomy.", "CA", "'87"),
    ],
)
def test_a_date_glued_to_its_event_is_replaced_without_the_event(engine, text, event, date):
    """The letters of the event a date is glued to are a clinical word of their own: the date goes, they stay."""
    out = engine.deidentify(text).text
    assert date not in out
    assert event + "[DATE]" in out



@pytest.mark.parametrize(
    "text",
    [
        "Seen in Cardiology, Germany last year.",
        "Mercy Hospital, Cardiology Clinic follow-up",
        "Followed in the Heart Failure Clinic.",
    ],
)
def test_departments_and_countries_are_not_places(found, text):
    assert not any(t == "LOCATION" for t, _ in found(text))
    assert not any(t == "ORGANIZATION" and "Clinic" in v for t, v in found(text))


@pytest.mark.parametrize(
    "text, etype, value",
    [
        ("BMP and A1c at that visit. -TK\n", "PROVIDER", "TK"),
        ("B-G: two cores each. Gross by SLM.", "PROVIDER", "SLM"),
        ("OB hx: 2088 NSVD at 39w, male 3410 g", "DATE", "2088"),
        ("light duty til end of march", "DATE", "march"),
        ("ankle sprain over xmas '89, no surgeries", "DATE", "xmas '89"),
        ("send it to the Walgreens on N Prospect Ave, not the other one", "LOCATION", "N Prospect Ave"),
        ("spare key with neighbour Mrs. Haddad, Apt 3A.", "LOCATION", "Apt 3A"),
        ("Old friend Walter Kim (94) phones daily.", "AGE", "94"),
        ("parking lot gate code 4471#; key with neighbour", "OTHER_ID", "4471"),
        ("Support: doula Nadia Fleury present throughout.", "PROVIDER", "Nadia Fleury"),
    ],
)
def test_sign_offs_obstetric_years_streets_without_numbers_and_access_codes(engine, text, etype, value):
    assert (etype, value) in {(s.entity_type, text[s.start : s.end]) for s in engine.detect(text)}


@pytest.mark.parametrize(
    "text",
    [
        "--- Patient Message (03/20/2091 7:52 AM) ---\n--- Reply (3/21/2091 9:30 AM) ---",
        "Last seen by Dr. Ryer back in clinic.",
        "Called Anticoag Clinic re: INR 2.4.",
        "Old friend (54) phones daily; G2P1 at 39w2d.",
    ],
)
def test_headings_titles_departments_and_young_ages_are_not_phi(found, text):
    values = {v for t, v in found(text) if t != "DATE"}
    assert not values & {"Message", "Reply", "Patient Message", "Dr", "Called Anticoag Clinic", "54", "39w2d"}
    assert not any(t == "PROVIDER" and v in ("Message", "Reply", "Dr") for t, v in found(text))


def test_a_model_gestational_age_and_a_lone_joiner_are_not_phi(engine):
    from phiguard.inference.engine.span import Span

    text = "G2P1 at 39w, Mercy and Baystate"
    model = [
        Span(text.index("39w"), text.index("39w") + 3, "LOCATION", 0.9, "model:x"),
        Span(text.index("Mercy"), len(text), "ORGANIZATION", 0.7, "model:x"),
        Span(text.index("Mercy"), text.index("Mercy") + 5, "LOCATION", 0.95, "model:x"),
        Span(text.index("Baystate"), len(text), "LOCATION", 0.95, "model:x"),
    ]
    got = [text[s.start : s.end] for s in engine.detect(text, model_spans=model)]
    assert "39w" not in got and "and" not in got


def test_lower_case_given_names_after_a_relation_word(found):
    text = "boss renata giving him light duty. son will call; daughter may visit; sister grace; wife has copd."
    assert {v for t, v in found(text) if t == "NAME"} == {"renata"}


def test_initials_given_in_brackets_and_flowsheet_sign_offs(engine):
    text = (
        "OFF-GOING: TOLU OYELOWO, RN (TO)   CHARGE RN: BRENDAN MCCLURE (BMC)\n"
        "2200  FOLEY REMOVED PER ORDER ........ TO\n"
        "REPORT GIVEN AT BEDSIDE. RECEIVED BY MQ. CO-SIGNED BMC.\n"
        "Pt's husband Arthur (HCP) updated by phone."
    )
    got = [text[s.start : s.end] for s in engine.detect(text) if s.entity_type == "PROVIDER"]
    assert got.count("TO") == 2 and got.count("BMC") == 2 and "MQ" in got
    assert "HCP" not in {text[s.start : s.end] for s in engine.detect(text)}


@pytest.mark.parametrize(
    "text, names",
    [
        ("Team: interns Bao and Kofi; attending Dr. Oyelaran.", {"Bao", "Kofi", "Oyelaran"}),
        ("Her husband is a bus driver for the MBTA.", {"MBTA"}),
        ("She is a full-time student at University. A librarian from Florida.", set()),
    ],
)
def test_team_lists_and_employers_named_after_the_job(found, text, names):
    assert {v for t, v in found(text) if t in ("PROVIDER", "ORGANIZATION")} == names


@pytest.mark.parametrize(
    "text, etype, value",
    [
        ("Circulating RN: J. Okafor, RN   Recorder: mflores2", "PROVIDER", "mflores2"),
        ("interns Bao and Kofi; MS3 TJ\nCross-cover (RS) paged at 02:30", "PROVIDER", "RS"),
        ("interns Bao and Kofi; MS3 TJ\nCross-cover (RS) paged at 02:30", "PROVIDER", "TJ"),
        ("Dispo: CM Gloria arranging rehab.", "PROVIDER", "Gloria"),
        ("CHARGE RN (BMC), VOCERA EXT 4-5521", "PHONE", "4-5521"),
        ("B: ADMIT 3/7 W/ UROSEPSIS", "DATE", "3/7"),
        ("B: HX OSA ON CPAP. HOME: GLENDALE.", "LOCATION", "GLENDALE"),
    ],
)
def test_staff_by_label_and_initials_extensions_admit_dates_and_home_towns(found, text, etype, value):
    assert (etype, value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "MEDICATIONS AT HOME: Lanoxin 0.25 daily",
        "Circulating RN: J. Okafor, RN",
        "Born in Russia; came to the US at age 9.",
        "Murmur 3/7 with radiation to the axilla.",
    ],
)
def test_medication_headings_roles_countries_and_murmur_grades_are_not_phi(found, text):
    assert not {v for t, v in found(text)} & {"Lanoxin", "Circulating", "Russia", "3/7"}


def test_a_flowsheet_time_and_an_all_caps_heading_are_not_phi_but_a_pager_is(engine):
    from phiguard.inference.engine.span import Span

    text = "GERIATRIC MEDICINE CONSULTATION\n0240  SON UPDATED BY PHONE\npager 4471"
    model = [
        Span(0, 31, "ORGANIZATION", 0.9, "model:x"),
        Span(text.index("0240"), text.index("0240") + 4, "PHONE", 0.9, "model:x"),
        Span(text.index("4471"), text.index("4471") + 4, "PHONE", 0.9, "model:x"),
    ]
    assert [text[s.start : s.end] for s in engine.detect(text, model_spans=model)] == ["4471"]


def test_a_one_word_place_is_found_again_where_it_is_capitalised(found):
    text = "Retired engineer from Chengdu, China. He flew Chengdu -> Seattle. The chengdu cuisine."
    # Seattle, the next stop of the route, is a town too; the lower-case "chengdu" (the cuisine) is not reported
    assert [v for t, v in sorted(found(text)) if t == "LOCATION"] == ["Chengdu", "Chengdu, China", "Seattle"]


def test_every_capitalised_mention_of_a_detected_town_is_reported(engine):
    text = "Retired engineer from Chengdu, China. He flew Chengdu -> Seattle. The chengdu cuisine."
    spans = [s for s in engine.detect(text) if s.entity_type == "LOCATION"]
    assert [s.start for s in spans] == [text.index("Chengdu"), text.index("Chengdu", 30), text.index("Seattle")]


@pytest.mark.parametrize(
    "text, etype, value",
    [
        ('68 yo M here for annual exam, goes by "Sal". Wife Teresa with him.', "NAME", "Sal"),
        ("Maternal grandmother lived to 101.", "AGE", "101"),
        ("Ex-smoker, quit 2070, ~20 pk-yr.", "DATE", "2070"),
        ("Palacos R+G cement 40 g x2   LOT 77341", "DEVICE", "77341"),
        ("Born and raised in Window Rock; widowed.", "LOCATION", "Window Rock"),
        ("Filled at Beacon Apothecary; transported by Tri-County Ambulance.", "ORGANIZATION", "Tri-County Ambulance"),
        ("Seen by Dr. Lee. Beacon Apothecary filled the script.", "ORGANIZATION", "Beacon Apothecary"),
        ("Home care by Bay Colony VNA twice weekly.", "ORGANIZATION", "Bay Colony VNA"),
    ],
)
def test_nicknames_long_lives_quit_years_lots_and_more_businesses(found, text, etype, value):
    assert (etype, value) in found(text)


def test_triage_is_a_role_not_a_name(found):
    assert not any("Triage" in v for _, v in found("Triage RN: Ann Lee, RN\nTriage note reviewed."))


def test_known_as_needs_quotes_to_name_a_person(found):
    assert not found("The fungus, known as Trichophyton, thrives in warm damp places.")
    assert ("NAME", "Bud") in found('Her father, known as "Bud", visits daily.')


def test_a_model_department_is_not_an_organisation(engine):
    from phiguard.inference.engine.span import Span

    text = "Seen in the Division of Rheumatology and the Hand clinic; referred to Addiction Medicine."
    model = [
        Span(text.index(v), text.index(v) + len(v), "ORGANIZATION", 0.9, "model:x")
        for v in ("Division of Rheumatology", "Hand clinic", "Addiction Medicine")
    ]
    assert engine.detect(text, model_spans=model) == []


def test_a_model_organisation_with_a_proper_word_survives_the_department_veto(engine):
    from phiguard.inference.engine.span import Span

    text = "Follow up at Peak Rehabilitation Center in 15 days."
    at = text.index("Peak")
    model = [Span(at, at + len("Peak Rehabilitation Center"), "ORGANIZATION", 0.9, "model:x")]
    assert [text[s.start : s.end] for s in engine.detect(text, model_spans=model)] == ["Peak Rehabilitation Center"]
