"""People a note names only by their initials at a sign-off, by a relation in brackets or by a role word."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I have reviewed his findings and plan as edited above. -PR\n", "PR"),  # PR is also "per rectum"
        ("Dr. Oyelaran's office notified by voicemail. -kpw\n", "kpw"),
        ("low re taking him to NH?? pls clarify. ~RD\n", "RD"),
        ('"cant feel when I drink. -E"\nCalled pt back', "E"),
        ("homemaker eval faxed to 978-555-0193.\nHK\n\n-----Original Message-----", "HK"),
        ("Sorry to bother.\nV.\n", "V."),
        ("Dictated by JHR / transcribed ak 11/14/2024 15:40", "ak"),
        ("Orders faxed to St. Hedwig 5/16/83 15:10 by lmt.\n", "lmt"),
        ("Draw site: PSC   Collector: dmb\nSpecimen(s): SST x2", "dmb"),
        ("Prescreened on research report by SG 03/05/2079. Called pt 3/7", "SG"),
        ("Scribe: K. Oyelaran\nInterpreter: Vietnamese", "K. Oyelaran"),
    ],
)
def test_initials_and_staff_who_sign_or_handle_a_record(found, text, value):
    assert ("PROVIDER", value) in found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Also can he go to Kieran's (grandson) hockey game", "Kieran's"),
        ("Rosa (dtr) called back at noon", "Rosa"),
        ("Sib Linh (4 yo) at home w/ MGM Hoa Tran.", "Hoa Tran"),
        ('Sons: Aleksander (20) and Michal "Mike" (17, senior)', "Michal"),
    ],
)
def test_relatives_by_a_bracketed_relation_an_abbreviation_or_a_nickname(found, text, value):
    assert any(v == value for t, v in found(text) if t in ("NAME", "PROVIDER"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("claim # WC-24-7781; adjuster Dana Whitcombe 800-555-0161 x4410", "Dana Whitcombe"),
        ("Walgreens, spoke w/ RPh Dana\n", "Dana"),
    ],
)
def test_people_named_after_their_role(found, text, value):
    assert any(v == value for t, v in found(text) if t in ("NAME", "PROVIDER"))


@pytest.mark.parametrize(
    "text",
    [
        "Interpreter: Mandarin, in person",
        "Continue current regimen.\nPLAN\n- labs in 1 wk",
        "Tolerating diet. -NPO after midnight for OR\n",
        "Patient was seen and examined by me.\n",
        "Follow up with cardiology (HF clinic) next week.",
        'Allergies: Penicillin "Rash"',
    ],
)
def test_languages_headings_orders_and_words_are_no_one(found, text):
    assert not {v for t, v in found(text) if t in ("NAME", "PROVIDER")}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Transplant Institute\nDictated, not read. JHP/dlv  D 08/05/87  T 08/06/87", "dlv"),
        ('"...if you need it. Barbara"\nReply KB NP 5/17: IR referral', "KB"),
        ('"Thx, Mariam"\nResponse (CAD 10/5/23 7:48 AM): BG ok if <200', "CAD"),  # letters, then the reply's date
        ("Taken by: Maeve O'Donnell-Ruiz, RN  [modonnellruiz]\nRouted to: pool", "modonnellruiz"),
        ("Taken by: Maeve O'Donnell-Ruiz, RN\n", "Maeve O'Donnell-Ruiz"),
    ],
)
def test_dictation_reply_and_login_initials(found, text, value):
    assert ("PROVIDER", value) in found(text)


@pytest.mark.parametrize(
    ("text", "value", "found_it"),
    [
        ("Meds (wife's list + Kaminski pharmacy fill hx): glargine", "Kaminski", True),
        ("EtOH social. Attends Iglesia Cristo Rey.", "Iglesia Cristo Rey", True),
        ("Retired machinist, GE Schenectady. Golfs twice a week", "GE Schenectady", True),
        ("Pref pharmacy: Speen Street Pharmacy, Natick", "Pref", False),  # a label, not a pharmacy's name
        ("Uses Specialty pharmacy for Humira.", "Specialty", False),
        ("Retired teacher, Mary Smith says he is forgetful", "Mary Smith", False),  # a person, not an employer
    ],
)
def test_businesses_named_before_their_trade_or_after_an_occupation(found, text, value, found_it):
    assert (("ORGANIZATION", value) in found(text)) is found_it


def test_a_cancers_year_is_no_calcium_reading(found):
    note = "Seen 3/4/2079. No active malignancy (breast ca 2068, s/p lumpectomy). Labs: Ca 9.1"
    assert ("DATE", "2068") in found(note)
    assert ("DATE", "2068") not in found("Seen 3/4/2079. BMP: Na 139, Ca 2068 (lab error?)")


@pytest.mark.parametrize(
    ("text", "etype", "value"),
    [
        ("Pt's children: Isla (17) and Kit (14)", "NAME", "Isla"),
        ("Pt's children: Isla (17) and Kit (14)", "NAME", "Kit"),
        ("Paternal grandfather: Jasper, pancreatic ca age 72", "NAME", "Jasper"),
        ("21:10 - ED RN Hollis Baptiste: pt arrived 20:11, HR 78", "PROVIDER", "Hollis Baptiste"),
        ("RT Marcus Delahoussaye to do the mask fitting in clinic", "PROVIDER", "Marcus Delahoussaye"),
        ("Crew: Colm Briain, EMT-A (driver)", "PROVIDER", "Colm Briain"),
        ("Original alias: TRAUMA, JUNIPER   Temp MRN: T-90004417", "NAME", "JUNIPER"),
        ("0719 Departed by rotor wing, tail N417BS.", "VEHICLE", "N417BS"),
        ("Activation code: K7QM-44RT-ZP2W  (expires 11/07/2024)", "OTHER_ID", "K7QM-44RT-ZP2W"),
        ("Prescriptions sent to H-E-B Pharmacy #412, Camp Bowie Blvd", "OTHER_ID", "412"),
        ("     Cause No. 2024-DCR-03318-B", "OTHER_ID", "2024-DCR-03318-B"),
        ("brockton district court, docket 1715CR001382. roi on file", "OTHER_ID", "1715CR001382"),
    ],
)
def test_family_lists_staff_labels_aliases_and_more_ids(found, text, etype, value):
    assert (etype, value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Daughter: Hashimoto thyroiditis. Brother: Lou Gehrig disease. Mother: Alzheimer's disease.",
        "Attending Addendum: agree with the resident's plan",
        "RT knee pain, worse on stairs",
        "tail of pancreas lesion 3 cm",
    ],
)
def test_eponyms_headings_and_sides_are_no_people_or_vehicles(found, text):
    assert not [v for t, v in found(text) if t in ("NAME", "PROVIDER", "VEHICLE")]


@pytest.mark.parametrize(
    ("text", "etype", "value"),
    [
        ('[4] 7S-720  ROSEN, Yehuda "Yudi"  47M  MRN 22-640-3358  FULL', "NAME", "ROSEN, Yehuda"),
        ("[6] 8N-806  Fairweather, Summer  29F  MRN 22-902-5514", "NAME", "Fairweather, Summer"),
        ("[9] 8N-818  Peaches Langford  38F  MRN 22-799-4602", "NAME", "Peaches Langford"),
        ("Day team: J. Nakashima-Oduya (R2) -> Night: Wren Castellanos (R1)", "PROVIDER", "Wren Castellanos"),
    ],
)
def test_patient_list_rows_and_residents_by_training_year(found, text, etype, value):
    assert (etype, value) in found(text)


@pytest.mark.parametrize("text", ["Bed 4  Chest Pain  47M  rule out ACS", "HPI: 47M with CP x2 days"])
def test_a_complaint_before_age_and_sex_is_no_name(found, text):
    assert not [v for t, v in found(text) if t in ("NAME", "PROVIDER")]


def test_a_quoted_everyday_word_between_given_name_and_surname_is_a_nickname(found):
    values = {v for t, v in found('sister Philippa "Pip" Featherstonehaugh-Ross joined the session')}
    assert {"Philippa", "Pip", "Featherstonehaugh-Ross"} <= values


@pytest.mark.parametrize(
    ("text", "value"), [("Boxing Day fall at home", "Boxing Day"), ("seen after Diwali", "Diwali")]
)
def test_more_holidays(found, text, value):
    assert ("DATE", value) in found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Accepted referral. Intake: Shondra Willis, ph 314-555-0163, fax to follow", "Shondra Willis"),
        ("Backup senior overnight: Mo Haddad x 5-2291 | Attg on call", "Mo Haddad"),
        ("Contact at the facility: admissions Tamsin Kowalczyk 802-555-0164 x221", "Tamsin Kowalczyk"),
        ("- SBIRT by addiction med CNS Kev Dunleavy", "Kev Dunleavy"),
        ("speech pathology (Amy Castellanos, CCC-SLP) showed safe swallow", "Amy Castellanos"),
        ("Mandarin, in person, Li Na (interpreter #40217) and", "Li Na"),
    ],
)
def test_contacts_before_their_number_and_staff_by_credential_or_bracketed_role(found, text, value):
    assert value in {v for t, v in found(text) if t in ("NAME", "PROVIDER")}


@pytest.mark.parametrize(
    "text", ["Maple Terrace 802-555-0164 (front desk)", "Daughter Anna Kowalczyk-Adeyemi (RN) at bedside"]
)
def test_places_before_numbers_and_relation_words_are_no_names(found, text):
    assert not {v for t, v in found(text) if t in ("NAME", "PROVIDER")} & {"Maple Terrace", "Daughter"}


@pytest.mark.parametrize(
    ("text", "kept"),
    [("Neonatal NP: Brandy Lark, NNP-BC", False), ("Baker, RN: called pt back", True)],
)
def test_a_service_before_a_credential_label_is_no_name_but_a_surname_is(found, text, kept):
    assert (text.split()[0].rstrip(",") in {v for _, v in found(text)}) is kept


def test_a_public_programme_benefit_is_no_organisation(found):
    assert not [v for t, v in found("Medicare Hospice Benefit, period 1") if t == "ORGANIZATION"]


def test_a_nickname_is_found_again_even_when_an_everyday_word(engine):
    text = 'lives w/ wife Margaret ("Peg"), 65. Peg is her caregiver; Peg\'s mother, 94, also lives there.'
    peg = [s.start for s in engine.detect(text) if text[s.start : s.end] == "Peg"]
    assert len(peg) == 3
