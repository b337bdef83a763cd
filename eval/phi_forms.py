"""A catalogue of the shapes PHI takes in real notes, as small seeded generators (data, not rules).

Each `Form` builds one fragment — a sentence or a piece of shorthand — from invented values (Faker
en_US and the short lists below; never a real patient) and marks which pieces are PHI. The values are
drawn from the generator's own random stream, never from the carrier note the fragment is put into,
so a form measures how a shape of PHI is found wherever it lands. `eval/inject.py` puts fragments
into held-out carrier notes at sentence boundaries and records exact offsets.

The forms follow what ICU nursing and progress notes do: hospitals by short name, initials or
building (often lower case, often with a ward number) and employers; years alone in past-history
lists; dates glued to words or in capitals; clinicians in lower case or as initial + surname next to a
verb or credential; relatives by first name alone; phones and pagers in odd shapes; and the ordinary
well-formed names, dates, MRNs, phones and addresses.
"""

from __future__ import annotations

import calendar
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

# A fragment is a list of pieces: (text, entity type) where the type is None for plain text.
Piece = tuple[str, str | None]


@dataclass(frozen=True)
class Form:
    name: str
    group: str  # what a reader scans for: hospital, year, date, clinician, relative, phone, ordinary
    entity_type: str  # the type of the form's PHI pieces
    example: str  # the shape, as it appears in notes (documentation only)
    make: Callable[[random.Random, Faker], list[Piece]]


def fragment_text(pieces: list[Piece]) -> str:
    return "".join(t for t, _ in pieces)


# ----------------------------------------------------------------------------- value helpers
_ALPHA = re.compile(r"^[A-Za-z]{3,}$")


def _surname(fk: Faker) -> str:
    while True:
        s = fk.last_name()
        if _ALPHA.match(s):
            return s


def _first(fk: Faker) -> str:
    while True:
        s = fk.first_name()
        if _ALPHA.match(s):
            return s


def _short_first(fk: Faker) -> str:
    """A short given name, as relatives are written in notes ("Lou", "Bea")."""
    for _ in range(50):
        s = fk.first_name()
        if _ALPHA.match(s) and len(s) <= 5:
            return s
    return _first(fk)


def _hospital_initials(r: random.Random, fk: Faker) -> str:
    letter = _surname(fk)[0].upper()
    return r.choice(
        [
            f"{letter}MH",
            f"{letter}GH",
            f"{letter}H",
            f"{letter}{_surname(fk)[0].upper()}H",
            f"{letter}MC",
            f"{letter}RMC",
            f"{letter}CH",
        ]
    )


def _company_word(fk: Faker) -> str:
    return re.split(r"[\s,-]", fk.company())[0]


def _year2(r: random.Random) -> str:
    return f"{r.choice(list(range(55, 100)) + list(range(0, 20))):02d}"


def _year4(r: random.Random) -> str:
    return str(r.randint(1955, 2019))


def _md(r: random.Random) -> tuple[int, int]:
    return r.randint(1, 12), r.randint(1, 28)


_WARD_VERBS = ["transferred to", "sent to", "admitted to", "taken to", "to go to"]
_PROCS = ["cath", "CABG eval", "MRI", "ERCP", "EP study", "dialysis", "rehab"]
_PMH = ["MI", "CABG", "CVA", "TIA", "PE", "DVT", "appy", "chole", "TAH", "AAA repair", "PTCA", "PPM"]
# From the standard library, not the engine's grammar: the measurement must not share what it measures.
_TITLES_MONTH = list(calendar.month_name)[1:]
_CAPS_EVENTS = ["BLOOD CX POS", "PT FOUND DOWN", "ON LEVOPHED", "INTUBATED", "NPO", "CT HEAD NEG"]


def _f(*pieces: Piece) -> list[Piece]:
    return list(pieces)


# ----------------------------------------------------------------------------- the catalogue
def _org_initials_context(r, fk):
    return _f(
        (f"{r.choice(_WARD_VERBS)} ", None),
        (_hospital_initials(r, fk), "ORGANIZATION"),
        (f" for {r.choice(_PROCS)}.", None),
    )


def _org_initials_lower(r, fk):
    lead = r.choice(["followed at ", "pcp at ", "old records from ", "had cath at ", "f/u at "])
    return _f((lead, None), (_hospital_initials(r, fk).lower(), "ORGANIZATION"), (".", None))


def _org_building_ward_lower(r, fk):
    lead = r.choice(["poss transfer to ", "bed on ", "will go to ", "waiting for bed on "])
    return _f((lead, None), (f"{_surname(fk).lower()} {r.randint(2, 12)}", "ORGANIZATION"), (" today.", None))


def _org_building_glued_caps(r, fk):
    lead = r.choice(["TO ", "TX TO ", "BED ON "])
    return _f(
        (lead, None),
        (f"{_surname(fk).upper()}{r.randint(2, 12)}", "ORGANIZATION"),
        (r.choice([" WHEN BED AVAIL.", " IN AM.", "."]), None),
    )


def _org_name_hosp_lower(r, fk):
    lead = r.choice(["taken to ", "brought from ", "was at "])
    word = r.choice(["hosp", "hospital", "general", "memorial"])
    return _f((lead, None), (f"{_surname(fk).lower()} {word}", "ORGANIZATION"), (" by ems.", None))


def _org_employer_caps(r, fk):
    lead = r.choice(["WORKS AT ", "RETIRED FROM ", "EMPLOYED BY "])
    return _f((lead, None), (_company_word(fk).upper(), "ORGANIZATION"), (".", None))


def _org_employer_mixed(r, fk):
    job = r.choice(["a machinist", "a driver", "an accountant", "a cook", "a welder"])
    return _f(
        (f"Works as {job} at ", None),
        (f"{_company_word(fk)} {r.choice(['Industries', 'Inc', 'Corp'])}", "ORGANIZATION"),
        (".", None),
    )


def _org_full_name(r, fk):
    kind = r.choice(["General Hospital", "Memorial Hospital", "Regional Medical Center", "Community Hospital"])
    lead = r.choice(["She was admitted to ", "He was transferred from ", "Records were obtained from "])
    return _f((lead, None), (f"{fk.city()} {kind}", "ORGANIZATION"), (".", None))


def _org_hospital_unit_lower(r, fk):
    lead = r.choice(["came up from ", "was seen in ", "boarded in ", "sent back to "])
    unit = r.choice(["er", "ed", "ew", "icu"])
    return _f((lead, None), (_surname(fk).lower(), "ORGANIZATION"), (f" {unit} overnight.", None))


def _org_saint_short(r, fk):
    lead = r.choice(["xfer from ", "records faxed to ", "had surgery at "])
    name = _first(fk)
    short = r.choice([f"st {name.lower()}'s", f"St. {name}s", f"ST {name.upper()}"])
    return _f((lead, None), (short, "ORGANIZATION"), (".", None))


def _place_town_service(r, fk):
    lead = r.choice(["medics from ", "ARRIVED VIA ", "report called to ", "picked up by "])
    service = r.choice(["EMS", "fire rescue", "ambulance", "police"])
    return _f((lead, None), (fk.city(), "LOCATION"), (f" {service}.", None))


def _year2_bracket_pair(r, fk):
    return _f(
        (f"{r.choice(_PMH)} x2 ('", None), (_year2(r), "DATE"), (", '", None), (_year2(r), "DATE"), (").", None)
    )


def _prov_dr_possessive_lower(r, fk):
    lead = r.choice(["msg left w/ dr ", "paged dr ", "awaiting call from dr "])
    return _f((lead, None), (_surname(fk).lower(), "PROVIDER"), ("'s covering md.", None))


def _year2_pmh_list(r, fk):
    a, b = r.sample(_PMH, 2)
    return _f((f"PMH: {a} ", None), (_year2(r), "DATE"), (f", {b} ", None), (_year2(r), "DATE"), (", HTN.", None))


def _year2_apostrophe_after(r, fk):
    return _f((f"{r.choice(['CVA', 'MI', 'TIA', 'PE'])} ", None), (_year2(r), "DATE"), ("'.", None))


def _year4_list(r, fk):
    a, b = sorted(r.sample(range(1955, 2020), 2))
    return _f(
        (f"s/p {r.choice(['AVR', 'CABG', 'MVR', 'L TKR'])} ", None),
        (str(a), "DATE"),
        (", ", None),
        (str(b), "DATE"),
        (".", None),
    )


def _year2_glued_apostrophe(r, fk):
    return _f(
        (f"{r.choice(['lung CA', 'appy', 'breast CA', 'colon CA', 'chole'])}'", None), (_year2(r), "DATE"), (".", None)
    )


def _decade_caps(r, fk):
    lead = r.choice(["IN THE ", "SMOKED UNTIL THE ", "DX IN THE "])
    return _f((lead, None), (f"{r.choice(range(1950, 2011, 10))}S", "DATE"), (".", None))


def _year4_in_prose(r, fk):
    return _f(
        (f"Diagnosed with {r.choice(['diabetes', 'COPD', 'atrial fibrillation'])} in ", None),
        (_year4(r), "DATE"),
        (".", None),
    )


def _date_caps_from(r, fk):
    m, d = _md(r)
    return _f(("FROM ", None), (f"{m}/{d}", "DATE"), (f" {r.choice(_CAPS_EVENTS)}.", None))


def _date_glued_colon(r, fk):
    m, d = _md(r)
    return _f(
        (f"{r.choice(['HPI', 'EVENTS', 'ADM'])}:", None),
        (f"{m}/{d:02d}", "DATE"),
        (f" {r.choice(['FOUND DOWN', 'SOB', 'FELL AT HOME'])}.", None),
    )


def _date_glued_word(r, fk):
    m = r.randint(1, 12)
    return _f((f"{r.choice(['hip fx', 'R TKR', 'lap chole', 'CVA'])}", None), (f"{m}/{_year2(r)}", "DATE"), (".", None))


def _date_dash_glued(r, fk):
    m, d = _md(r)
    return _f(((f"{m}/{d}"), "DATE"), (f"-{r.choice(['TRANSFERRED FROM OSH', 'EXTUBATED', 'TO OR'])}.", None))


def _date_full_numeric(r, fk):
    m, d = _md(r)
    return _f(("Seen in clinic on ", None), (f"{m:02d}/{d:02d}/{_year4(r)}", "DATE"), (".", None))


def _date_month_name(r, fk):
    m, d = _md(r)
    return _f(("Surgery was performed on ", None), (f"{_TITLES_MONTH[m - 1]} {d}, {_year4(r)}", "DATE"), (".", None))


def _prov_dr_lower(r, fk):
    return _f(
        ("dr ", None),
        (_surname(fk).lower(), "PROVIDER"),
        (f" {r.choice(['will call back', 'aware', 'in to see pt', 'notified'])}.", None),
    )


def _prov_per_initial_lower(r, fk):
    return _f(("per ", None), (f"{_first(fk)[0].lower()} {_surname(fk).lower()}", "PROVIDER"), (".", None))


def _prov_full_lower_credential(r, fk):
    cred = r.choice(["np", "pa", "rn", "md"])
    return _f(((f"{_first(fk).lower()} {_surname(fk).lower()}"), "PROVIDER"), (f" {cred} saw pt.", None))


def _prov_initial_dot_caps_verb(r, fk):
    verb = r.choice(["PULLED LINE", "PLACED A-LINE", "AT BEDSIDE", "CALLED"])
    return _f(((f"{_first(fk)[0]}. {_surname(fk).upper()}"), "PROVIDER"), (f" {verb}.", None))


def _prov_initial_caps_verb(r, fk):
    verb = r.choice(["ORDERED LASIX", "AWARE", "TO REEVAL", "D/C'D FOLEY"])
    return _f(((f"{_first(fk)[0]} {_surname(fk).upper()}"), "PROVIDER"), (f" {verb}.", None))


def _prov_md_caps(r, fk):
    return _f(("MD ", None), (_surname(fk).upper(), "PROVIDER"), (r.choice([" AWARE.", " PAGED.", " IN."]), None))


def _prov_drs_pair(r, fk):
    return _f(
        ("Drs ", None), (_surname(fk), "PROVIDER"), (" and ", None), (_surname(fk), "PROVIDER"), (" saw pt.", None)
    )


def _prov_dr_full(r, fk):
    return _f(("Seen by Dr. ", None), (f"{_first(fk)} {_surname(fk)}", "PROVIDER"), (".", None))


def _rel_first_msg(r, fk):
    return _f((r.choice(["left msg for ", "called ", "spoke w/ "]), None), (_short_first(fk), "NAME"), (".", None))


def _rel_role_first(r, fk):
    role = r.choice(["Dtr", "Son", "Wife", "Husb", "Sister"])
    return _f((f"{role}, ", None), (_short_first(fk), "NAME"), (r.choice([", updated.", ", at bedside."]), None))


def _rel_first_lower(r, fk):
    return _f(
        ("spoke with ", None), (_short_first(fk).lower(), "NAME"), (f" ({r.choice(['son', 'dtr', 'wife'])}).", None)
    )


def _patient_full(r, fk):
    return _f(("Patient ", None), (f"{_first(fk)} {_surname(fk)}", "NAME"), (" is here for follow-up.", None))


def _patient_title_surname(r, fk):
    return _f(
        (r.choice(["Mrs. ", "Mr. ", "Ms. "]), None), (_surname(fk), "NAME"), (" tolerated the procedure well.", None)
    )


def _phone_slashes_paren(r, fk):
    return _f(("call wife (", None), (f"{r.randint(201, 989)}/555/{r.randint(100, 199):04d}", "PHONE"), (").", None))


def _phone_cell_dash(r, fk):
    return _f(("CELL-", None), (f"{r.randint(201, 989)} 555-{r.randint(100, 199):04d}", "PHONE"), (".", None))


def _pager(r, fk):
    return _f((r.choice(["PG ", "pager ", "beeper "]), None), (str(r.randint(10000, 99999)), "PHONE"), (".", None))


def _phone_standard(r, fk):
    return _f(
        ("Please call ", None),
        (f"({r.randint(201, 989)}) 555-{r.randint(100, 199):04d}", "PHONE"),
        (" with questions.", None),
    )


def _mrn_labelled(r, fk):
    return _f(("MRN: ", None), (f"{r.randint(0, 99_999_999):08d}", "MRN"), (".", None))


def _mrn_hash(r, fk):
    return _f(("MR# ", None), (str(r.randint(1_000_000, 9_999_999)), "MRN"), (".", None))


def _address_full(r, fk):
    return _f(
        ("Lives at ", None),
        (fk.street_address(), "LOCATION"),
        (", ", None),
        (fk.city(), "LOCATION"),
        (f", {fk.state_abbr(include_territories=False)} ", None),
        (fk.zipcode(), "LOCATION"),
        (".", None),
    )


def _city_lives_in(r, fk):
    return _f(("lives in ", None), (fk.city(), "LOCATION"), (r.choice([" with wife.", " alone.", " w/ dtr."]), None))


def _age_over_89(r, fk):
    return _f(
        ("", None),
        (str(r.randint(90, 104)), "AGE"),
        (f" {r.choice(['yo', 'y/o', 'year-old'])} {r.choice(['F', 'M', 'woman', 'man'])}.", None),
    )


def _email(r, fk):
    return _f(("Daughter's email is ", None), (fk.safe_email(), "EMAIL"), (".", None))


# Places as real notes name them beside the hospital's own name: a building before its unit, a campus, a
# hospital by its short name after "the", a town by its initials, an employer by its initials.
_UNITS_AFTER_BUILDING = ["PACU", "SICU", "step-down unit", "cath lab", "endoscopy suite"]
_COMPASS_CAMPUS = ["East", "West", "North", "South"]


# Letter pairs that notes use as shorthand of their own: a town or employer is not written so.
_SHORTHAND_PAIRS = set("ED ER RN MD NP PA PT OT OR CT GI HR BP FT MR ST SW".split())


def _initial_letters(r: random.Random, n: int) -> str:
    while True:
        letters = "".join(r.sample("ABCDEFGHJKLMNPRSTW", n))
        if letters[:2] not in _SHORTHAND_PAIRS:
            return letters


def _org_building_unit(r, fk):
    lead = r.choice(["recovered in the ", "went to the ", "boarding in the "])
    return _f((lead, None), (_surname(fk), "ORGANIZATION"), (f" {r.choice(_UNITS_AFTER_BUILDING)} overnight.", None))


def _org_campus(r, fk):
    name = r.choice(_COMPASS_CAMPUS) if r.random() < 0.5 else _surname(fk)
    lead = r.choice(["MRI done on the ", "will transfer to the ", "clinic is on the "])
    return _f((lead, None), (f"{name} campus", "ORGANIZATION"), (" next wk.", None))


def _org_the_short(r, fk):
    lead = r.choice(["was seen at the ", "prior admit to the ", "sister works at the "])
    return _f((lead, None), (_surname(fk), "ORGANIZATION"), (r.choice([" in 2 wks.", " last fall.", "."]), None))


def _place_town_initials(r, fk):
    lead = r.choice(["lives in ", "moved to ", "home in "])
    tail = r.choice([" w/ dtr.", " alone.", " area."])
    return _f((lead, None), (_initial_letters(r, 2), "LOCATION"), (tail, None))


def _org_employer_initials(r, fk):
    job = r.choice(["machinist", "engineer", "clerk", "driver"])
    return _f((f"retired {job}, worked at ", None), (_initial_letters(r, r.choice([2, 3])), "ORGANIZATION"),
              (f" {r.randint(10, 35)} yrs.", None))



def _year2_after_in(r, fk):
    event = r.choice(["sober", "quit smoking", "on dialysis", "s/p cabg", "dx'd w/ ca"])
    word = "since" if event in ("sober", "quit smoking", "on dialysis") else "in"
    return _f((f"{event} {word} ", None), (_year2(r), "DATE"), (r.choice([", per pt.", "."]), None))


def _month_year_after_in(r, fk):
    lead = r.choice(["similar episode in ", "last admit in ", "stent placed in "])
    return _f((lead, None), (f"{r.randint(1, 12)}/{r.randint(0, 9):02d}", "DATE"), (" at osh.", None))



def _date_hyphen_event(r, fk):
    # a day of the stay written with a hyphen, after the event it dates, as flow sheets and ICU notes chart it
    m, d = _md(r)
    lead = r.choice(["ETT pulled ", "CVL placed ", "bronch done ", "NGT replaced ", "transfused 2u "])
    return _f((lead, None), (f"{m}-{d}", "DATE"), (r.choice([" in am.", ", no issues.", " per resident.", "."]), None))


def _date_month_glued(r, fk):
    # a month's short name glued to its day, either way round
    m, d = _md(r)
    mon = calendar.month_abbr[m]
    day = r.choice([f"{mon}{d}", f"{d}{mon.lower()}", f"{mon.upper()}{d}"])
    lead = r.choice(["last BM ", "coumadin held since ", "foley changed ", "sutures out "])
    return _f((lead, None), (day, "DATE"), (r.choice([" per pt.", ".", ", will recheck."]), None))

# Nursing homes, rehabs and practices named with everyday words, and nicknames between a relative's names. The words
# are the catalogue's own list; only "Harbor" and "Acres" also occur in the training data's (training/forms.py).
_CARE_WORDS = [("Whispering", "Pines"), ("Rolling", "Hills"), ("Autumn", "Oaks"), ("Crystal", "Springs"),
               ("Sunny", "Acres"), ("Quiet", "Waters"), ("Bright", "Horizons"), ("Blue", "Harbor")]
_CARE_KINDS = ["Manor", "Rehab Center", "Senior Care", "Nursing Center", "Eye Care", "Pediatric Associates"]
_NICKNAMES = ["Nell", "Midge", "Butch", "Sonny", "Kit", "Dot", "Bud", "Trixie"]


def _care_name(r: random.Random, fk: Faker) -> str:
    if r.random() < 0.5:
        return " ".join(r.choice(_CARE_WORDS))
    return fk.city_prefix() + fk.city_suffix()


def _org_care_facility_lead(r, fk):
    lead = r.choice(["discharged to ", "dc'd to ", "going back to ", "pt comes from "])
    name = _care_name(r, fk) + (" " + r.choice(_CARE_KINDS) if r.random() < 0.5 else "")
    if r.random() < 0.5:
        name = name.lower()
    return _f((lead, None), (name, "ORGANIZATION"), (r.choice([" tomorrow.", " when bed avail.", "."]), None))


def _org_care_facility_caps_verb(r, fk):
    name = _care_name(r, fk).upper()
    tail = r.choice([" ACCEPTED PT, BED IN AM.", " CALLED FOR REPORT.", " DECLINED."])
    return _f((name, "ORGANIZATION"), (tail, None))


def _rel_nickname_quoted(r, fk):
    lead = r.choice(["HCP: ", "Daughter/HCP - ", "Contact: son "])
    opening, closing = r.choice([(' "', '" '), (" (", ") ")])
    return _f((lead, None), (_first(fk), "NAME"), (opening, None), (r.choice(_NICKNAMES), "NAME"), (closing, None),
              (_surname(fk), "NAME"), (r.choice([", updated.", " at bedside.", "."]), None))


FORMS: tuple[Form, ...] = (
    Form("org_initials_context", "hospital", "ORGANIZATION", "transferred to MH for cath", _org_initials_context),
    Form("org_initials_lower", "hospital", "ORGANIZATION", "followed at mh", _org_initials_lower),
    Form("org_building_ward_lower", "hospital", "ORGANIZATION", "poss transfer to ellery 4", _org_building_ward_lower),
    Form("org_building_glued_caps", "hospital", "ORGANIZATION", "TO ELLERY3 WHEN BED AVAIL", _org_building_glued_caps),
    Form("org_name_hosp_lower", "hospital", "ORGANIZATION", "taken to brandt hosp", _org_name_hosp_lower),
    Form("org_employer_caps", "hospital", "ORGANIZATION", "WORKS AT XEROX", _org_employer_caps),
    Form(
        "org_employer_mixed", "hospital", "ORGANIZATION", "works as a welder at Dalton Industries", _org_employer_mixed
    ),
    Form("org_hospital_unit_lower", "hospital", "ORGANIZATION", "came up from lahey er", _org_hospital_unit_lower),
    Form("org_saint_short", "hospital", "ORGANIZATION", "xfer from st anne's", _org_saint_short),
    Form("place_town_service", "place", "LOCATION", "medics from Quincy EMS", _place_town_service),
    Form("org_full_name", "ordinary", "ORGANIZATION", "admitted to Lakeside Memorial Hospital", _org_full_name),
    Form("year2_pmh_list", "year", "DATE", "PMH: MI 93, CABG 86", _year2_pmh_list),
    Form("year2_apostrophe_after", "year", "DATE", "CVA 73'", _year2_apostrophe_after),
    Form("year2_bracket_pair", "year", "DATE", "CABG x2 ('98, '04)", _year2_bracket_pair),
    Form("year4_list", "year", "DATE", "s/p AVR 1963, 1979", _year4_list),
    Form("year2_glued_apostrophe", "year", "DATE", "lung CA'87", _year2_glued_apostrophe),
    Form("decade_caps", "year", "DATE", "IN THE 1970S", _decade_caps),
    Form("year4_in_prose", "ordinary", "DATE", "Diagnosed with COPD in 2004", _year4_in_prose),
    Form("date_caps_from", "date", "DATE", "FROM 6/14 BLOOD CX", _date_caps_from),
    Form("date_glued_colon", "date", "DATE", "HPI:5/02 FOUND", _date_glued_colon),
    Form("date_glued_word", "date", "DATE", "hip fx3/96", _date_glued_word),
    Form("date_dash_glued", "date", "DATE", "4/18-TRANSFERRED", _date_dash_glued),
    Form("date_full_numeric", "ordinary", "DATE", "on 03/14/2021", _date_full_numeric),
    Form("date_month_name", "ordinary", "DATE", "on March 3, 2019", _date_month_name),
    Form("prov_dr_lower", "clinician", "PROVIDER", "dr okafor will call back", _prov_dr_lower),
    Form("prov_per_initial_lower", "clinician", "PROVIDER", "per r lamb", _prov_per_initial_lower),
    Form("prov_full_lower_credential", "clinician", "PROVIDER", "wanda pruitt np saw pt", _prov_full_lower_credential),
    Form(
        "prov_initial_dot_caps_verb", "clinician", "PROVIDER", "T. HALVERSON PULLED LINE", _prov_initial_dot_caps_verb
    ),
    Form("prov_initial_caps_verb", "clinician", "PROVIDER", "K OSEI ORDERED", _prov_initial_caps_verb),
    Form("prov_md_caps", "clinician", "PROVIDER", "MD BRANNIGAN", _prov_md_caps),
    Form(
        "prov_dr_possessive_lower", "clinician", "PROVIDER", "paged dr okafor's covering md", _prov_dr_possessive_lower
    ),
    Form("prov_drs_pair", "clinician", "PROVIDER", "Drs Ames and Kettle", _prov_drs_pair),
    Form("prov_dr_full", "ordinary", "PROVIDER", "Seen by Dr. Sarah Johnson", _prov_dr_full),
    Form("rel_first_msg", "relative", "NAME", "left msg for Lou", _rel_first_msg),
    Form("rel_role_first", "relative", "NAME", "Dtr, Bea, updated", _rel_role_first),
    Form("rel_first_lower", "relative", "NAME", "spoke with lou (son)", _rel_first_lower),
    Form("patient_full", "ordinary", "NAME", "Patient John Smith is here", _patient_full),
    Form("patient_title_surname", "ordinary", "NAME", "Mrs. Hooper tolerated", _patient_title_surname),
    Form("phone_slashes_paren", "phone", "PHONE", "(212/555/0144)", _phone_slashes_paren),
    Form("phone_cell_dash", "phone", "PHONE", "CELL-410 555-0190", _phone_cell_dash),
    Form("pager", "phone", "PHONE", "PG 31872", _pager),
    Form("phone_standard", "ordinary", "PHONE", "(617) 555-0123", _phone_standard),
    Form("mrn_labelled", "ordinary", "MRN", "MRN: 00123456", _mrn_labelled),
    Form("mrn_hash", "ordinary", "MRN", "MR# 1234567", _mrn_hash),
    Form("address_full", "ordinary", "LOCATION", "12 Elm St, Springfield, MA 02114", _address_full),
    Form("city_lives_in", "ordinary", "LOCATION", "lives in Springfield with wife", _city_lives_in),
    Form("age_over_89", "ordinary", "AGE", "94 yo F", _age_over_89),
    Form("email", "ordinary", "EMAIL", "jdoe@example.org", _email),
    # appended, so the fragments of the forms above keep their random draws
    Form("org_building_unit", "hospital", "ORGANIZATION", "in the Feldberg PACU overnight", _org_building_unit),
    Form("org_campus", "hospital", "ORGANIZATION", "MRI done on the East campus", _org_campus),
    Form("org_the_short", "hospital", "ORGANIZATION", "was seen at the Lahey", _org_the_short),
    Form("place_town_initials", "place", "LOCATION", "lives in JP w/ dtr", _place_town_initials),
    Form("org_employer_initials", "hospital", "ORGANIZATION", "worked at GE 30 yrs", _org_employer_initials),
    Form("year2_after_in", "year", "DATE", "sober since 98", _year2_after_in),
    Form("month_year_after_in", "date", "DATE", "similar episode in 8/02", _month_year_after_in),
    Form("org_care_facility_lead", "hospital", "ORGANIZATION", "discharged to Whispering Pines Manor",
         _org_care_facility_lead),
    Form("org_care_facility_caps_verb", "hospital", "ORGANIZATION", "ROLLING HILLS ACCEPTED PT",
         _org_care_facility_caps_verb),
    Form("rel_nickname_quoted", "relative", "NAME", 'HCP: Eleanor "Nell" Whitcombe', _rel_nickname_quoted),
    Form("date_hyphen_event", "date", "DATE", "ETT pulled 12-6 in am", _date_hyphen_event),
    Form("date_month_glued", "date", "DATE", "last BM Mar14 per pt", _date_month_glued),
)

FORMS_BY_NAME = {f.name: f for f in FORMS}
