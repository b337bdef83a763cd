"""Hospitals, clinics and other organisations: a facility word with a proper name in front of it,
or a capitalised name after 'admitted to', 'transferred from', 'seen at' and the like."""

from __future__ import annotations

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.recognizers.base import Part, Rule, RuleRecognizer, read_once
from phiguard.inference.engine.recognizers.locations import (
    CALENDAR_WORDS,
    RESIDENCE_WORDS,
    STATE_NAMES,
    place_names,
)
from phiguard.inference.engine.recognizers.names import is_relation_word
from phiguard.inference.engine.vocab import (
    COMPASS_POINTS,
    HOSPITAL_UNITS,
    ROLE_ABBREVIATIONS,
    TEAM_COLOURS,
    is_cased,
    is_clinical_word,
    is_common_word,
    is_country,
    is_drug_name,
    is_first_name,
    is_function_word,
    is_name_stop_word,
    is_ordinary_word,
    is_plain_word,
    is_shouted,
    is_word_in_any_dictionary,
    known_cities,
    names_nothing_in_capitals,
    resource_lines,
)

# Facility words, tried in this order; each must end where a word does. Their patterns hold no blank (`\s+`
# stands between two words), so the text splits into them.
_FACILITY_WORDS = (
    r"Hospital Hospitals Hosp Medical\s+Cent(?:er|re) Health\s+Cent(?:er|re) Health\s+System Healthcare "
    r"Health\s+Care(?:\s+System)? Clinic Clinics Infirmary Nursing\s+(?:Home|Facility|Center) "
    r"Rehabilitation\s+(?:Center|Hospital|Institute) Rehab\s+Center Hospice Cancer\s+(?:Center|Institute) "
    r"Surg(?:ery|ical)\s+Center Urgent\s+Care Medical\s+(?:Group|Associates|Practice) Pharmacy Laboratories "
    r"Institute University College Care\s+Center Family\s+(?:Practice|Medicine) Health\s+Partners "
    r"Health\s+Plans? Physicians Dialysis\s+Center Imaging(?:\s+Cent(?:er|re))? Associates Partners Diagnostics "
    r"Specialists "
    r"Medical\s+Offices? Health\s+Services Assisted\s+Living Senior\s+Living Health Inc LLC Corp Corporation "
    r"Apothecary Ambulance(?:\s+Service)? VNA Visiting\s+Nurses?(?:\s+Association)? Funeral\s+Home Church Parish "
    # suppliers, services and employers: "OptionPath Infusion", "Northeast Home Oxygen", "Assonet Electric Co."
    r"Infusion(?:\s+Services)? Home\s+Oxygen Medical\s+Supply Medical\s+Equipment Teleradiology Radiology\s+Associates "
    r"Company Mills? Works Provisions Foods Logistics Construction "
    r"Internal\s+Medicine Primary\s+Care Pizzeria Restaurant Diner Bakery Tavern Mall Freight "
    r"Depot Express Pavilion OB/?GYN Obstetrics(?:\s*(?:&|and)\s*Gynecology)? Pediatrics Orthopa?edics "
    r"Podiatry Dentistry Optometry Eye\s+Care Physical\s+Therapy Air\s+Ambulance Air\s+Medical LifeFlight "
    r"Life\s+Flight MedFlight "
    r"Manufacturing Industries Motors Tool\s*(?:&|and)\s*Die Fabrication Trucking Transport Daycare Day\s+Care "
    r"Preschool "
    r"Academy Elementary(?:\s+School)? Middle\s+School High\s+School School Credit\s+Union Bank Airlines? "
    # "Heart & Vascular Center", "Family Dental", "Medical Examiner's Office", "Cold Storage"
    r"Cent(?:er|re) Dermatopathology Pathology\s+Associates Audiology Case\s+Management "
    r"Examiner['’]?s\s+Office Coroner['’]?s\s+Office Sheriff['’]?s\s+Office Police\s+Department "
    r"Fire\s+(?:Department|Rescue) "
    r"Storage Warehouse Dairy Farms Plumbing Electric Landscaping Roofing Alterations Orthotics Prosthetics "
    r"Respiratory\s+Suppl(?:y|ies) Medical\s+Suppl(?:y|ies) Surgical\s+Suppl(?:y|ies) Oxygen\s+Suppl(?:y|ies) "
    r"Bridge\s+Housing Housing\s+Authority "
    # "Kessler's Market", "CordSafe Biobank", "National Kidney Registry", "Bright Path Telehealth"
    r"Market Biobank Registry Foundation Telehealth Telemedicine Telepsychiatry Home\s+Care Montessori League Manor "
    # "Ctr" and "Ctr." are CTR's (in any case), which leaves the dot outside the name
    r"Hearing\s+(?:Care|Center|Aids?) Vein\s*(?:&|and)\s*Vascular CTR "
    # a practice named before its specialty: "Desert Sky Dermatology", "Sonoran Dermpath Lab", "Tucson Heart Group"
    r"Dermatology Dermpath Heart\s+Group Heart\s*(?:&|and)\s*Vascular "
    r"Allergy(?:,?\s*Asthma)?\s*(?:&|and)\s*(?:Asthma|Immunology) "
    r"County\s+Court Circuit\s+Court District\s+Court Superior\s+Court Probate\s+Court Family\s+Court "
    r"Municipal\s+Court Juvenile\s+Court Housing\s+Court Supreme\s+Court Bankruptcy\s+Court"
).split()
# Facility words that say more about what follows them, each with its own lookahead (RE2 reads one only where a
# pattern ends, so each is an alternative of its own). No other word matches where one of these does, so their
# place among the words changes nothing.
_LAB_DRAWN = ("work", "draw", "result", "test", "value", "order")
_FACILITY_WORDS_BEFORE = (
    ("Memorial", r"(?![\w]|\s*(?i:day))"),  # not "Memorial Day"
    ("Insurance", r"(?![\w]|[ \t]*:)"),  # not the label "Insurance:"
    # not "Lab:", nor the blood drawn or its results ("I WILL ORDER LAB WORK", "ROUTINE LAB DRAW")
    ("Lab", r"(?![\w]|[ \t]*:" + "".join(rf"|[ \t]*(?i:{w})" for w in _LAB_DRAWN) + ")"),
    # "Assonet Electric Co." before a comma, semicolon, bracket, the line's end, or blanks and a word: so no
    # other character right after it, nor after its blanks but a letter
    (r"Co\.", r"(?![^ \t,;)\n]|[ \t]*(?i:[^ \t,;)\na-z]))"),
    # "Family Dental" before a bracket, comma, semicolon or the line's end: no other character after its blanks
    ("Dental", r"(?![ \t]*[^ \t),;\n])"),
)


def _capitalised(word: str) -> str:
    """A facility word's pattern with its first letter a capital and the rest in any case ("Hospital", "HOSPITAL"):
    the letter itself is the capital check, as RE2 reads no lookahead before a group."""
    return word[0] + "(?i:" + word[1:] + ")"


# The facility word itself must be capitalised: "his hospital" is no organisation's name.
_FACILITY = re.compile(
    r"(?<![\w])(?:" + "|".join(map(_capitalised, _FACILITY_WORDS)) + r")(?![\w])"
    + "".join(r"|(?<![\w])" + _capitalised(word) + after for word, after in _FACILITY_WORDS_BEFORE)
)
# A run of up to five capitalised tokens ("St. Mary's", "Mass General", "SOUTH SHORE").
_PROPER = re.compile(r"[A-Z][A-Za-z'’&.-]*|&|of|the")
# Specialty words make "Cardiology Clinic" a department, not an organisation's name (the veto uses them too).
GENERIC_WORDS = {
    "cardiology",
    "oncology",
    "hematology",
    "surg",
    "surgery",
    "surgical",
    "medical",
    "medicine",
    "internal",
    "family",
    "pediatric",
    "pediatrics",
    "diabetes",
    "renal",
    "urology",
    "dermatology",
    "neurology",
    "orthopedic",
    "orthopedics",
    "eye",
    "heart",
    "cancer",
    "women's",
    "children's",
    "community",
    "general",
    "psychiatric",
    "rehabilitation",
    "dental",
    "primary",
    "care",
    "health",
    "urgent",
    "walk-in",
    "sleep",
    "pain",
    "wound",
    "failure",
    "division",
    "addiction",
    "hand",
    "stroke",
    "behavioral",
    "behavioural",
    "mental",
    "anticoag",
    "anticoagulation",
    "infusion",
    "dialysis",
    "coumadin",
    "transplant",
    "breast",
    "vascular",
    "endocrine",
    "endocrinology",
    "gi",
    "ent",
    "ob",
    "gyn",
    "ob/gyn",
    "obgyn",
    "the",
    "our",
    "this",
    "your",
    "his",
    "her",
    "outpatient",
    "inpatient",
    "local",
    "state",
    "county",
    "city",
    "private",
    "teaching",
    "outside",
    "referring",
    "nearby",
    "area",
    "rheumatology",
    "pulmonary",
    "hepatology",
    "liver",
    "kidney",
    "lung",
    "memory",
    "fertility",
    "allergy",
    "epilepsy",
    "cardiometabolic",
    "headache",
    "movement",
    "lipid",
    "travel",
    "spine",
    "bariatric",
    "podiatry",
    "emergency",
    "recovery",
    "operating",
    "anesthesia",
    "post",
    "pathology",
    "intensive",
    "special",
    "labor",
    "delivery",
    "physical",
    "occupational",
    "operative",
    "transitional",
    "day",
    "short",
    "stay",
    "speech",
    "therapy",
    "endoscopic",
    "endoscopy",
    "suite",
    "preoperative",
    "postoperative",
    "holding",
    "step",
    "down",
    "stepdown",
    "observation",
    "procedure",
    "procedures",
    "interventional",
    "radiology",
    "imaging",
    "catheterization",
    "cath",
    "lab",
    "laboratory",
    "department",
    "unit",
    "room",
    "bay",
    "ward",
    "floor",
    "nursery",
    "neonatal",
    "critical",
    "coronary",
    "trauma",
    "burn",
    "hospitalist",
    "hospitalists",
    "service",
    "services",
    "team",
    "rapid",
    "response",
    "and",
    "or",
    "er",
    "ed",
    "etc",
    "skilled",
    "nursing",
    "postanesthesia",
    "hem/onc",
    "hem/onco",
    "heme/onc",
    "cat",
    "pacu",
    "facility",
    "home",
    "rehab",
    "acute",
    "chronic",
    "cardiac",
    "newborn",
    "tumor",
    "board",
    "postcatheterization",
    "intermediate",
    "progressive",
    "ambulatory",
    "admitting",
    "triage",
    "isolation",
    "maternity",
    "adult",
    "preop",
    "postop",
    "pre-op",
    "post-op",
    "main",
    "public",
    "transfer",
    "poison",
    "control",
    "call",
    "command",
    "access",
    "simulation",
    "wellness",
    "birth",
    "birthing",
    "medication",
    "disease",
    "for",
    "audiology",
    "case",
    "management",
    "behavior",
    "chiropractic",
    "counseling",
    "diseases",
    "hospital",
    "intestinal",
    "transplantation",
    "residential",
    "treatment",
    "independent",
    "living",
    "l&d",
}
_BREAK = {
    "called",
    "call",
    "to",
    "from",
    "at",
    "in",
    "on",
    "by",
    "with",
    "was",
    "were",
    "is",
    "and",
    "or",
    "for",
    "a",
    "an",
    "as",
    "he",
    "she",
    "they",
    "pt",
    "patient",
    "admitted",
    "transferred",
    "discharged",
    "seen",
    "followed",
    "sent",
    "via",
    "history",
    "summary",
    "course",
    "his",
    "her",
    "their",
    "our",
    "overall",
    "the",
    "this",
    "that",
    "during",
    "prior",
    "previous",
    "outside",
    "local",
    "laboratories",
    "laboratory",
    "evaluations",
    "evaluation",
    "attends",
    "attended",
    "attending",
    "former",
    "formerly",
    "retired",
}
# An employer is named after the job: "a bus driver for the MBTA", "cashier at Market Basket".
_OCCUPATIONS = (
    r"driver|teacher|cashier|pharmacist|mechanic|electrician|carpenter|plumber|engineer|manager|clerk|custodian|"
    r"janitor|cook|chef|waitress|waiter|bartender|accountant|lawyer|attorney|paralegal|professor|firefighter|"
    r"secretary|receptionist|technician|banker|analyst|programmer|contractor|laborer|landscaper|housekeeper|"
    r"nanny|volunteer|supervisor|foreman|welder|machinist|stocker|salesman|saleswoman|guard|barista|"
    r"dishwasher|teller|librarian|dispatcher|courier|roofer|painter|student"
)
# The capitalised words of an organisation's name after its context
_NAME_RUN = r"(?P<o>(?:St\.|Mt\.|Ft\.|[A-Z][A-Za-z'’&-]*)(?:[ \t]+(?:St\.|Mt\.|Ft\.|[A-Z][A-Za-z'’&-]*|of|&)){0,4})"
_VIA_CONTEXT = re.compile(
    r"(?<![\w])(?i:admitted|admission|transferred|transfer|discharged|d/c|d/c'd|dc'd|sent|brought|referred|presented|seen|followed|"
    r"evaluated|treated|hospitalized|hospitalised|intubated|went|taken|returned|came|arrived|delivered|"
    r"works|worked|employed|employee|transported|airlifted|flown|drove|drives|" + _OCCUPATIONS + r")"
    r"(?i:\s+(?:back\s+)?(?:to|from|at|in|for|via))\s+(?:the\s+|THE\s+)?" + _NAME_RUN
)
# Where someone was: "WIFE STATES HE WAS AT CARNEY LAST WEEK", "had been at Youville"; after "was at the" come
# positions and requests ("WAS AT THE INFERIOR ONE-THIRD", "WAS AT THE REQUEST OF")
_WAS_AT = re.compile(r"(?<![\w])(?i:was|were|been)(?i:\s+at)\s+" + _NAME_RUN)

# "pt was at nebh", "admitted to youville": one word in lower case after where someone went or was, where the word is
# in no dictionary, name list of words, drug list or clinical vocabulary, and no town. Not after "sent": notes and
# results are sent too ("work note sent to email").
_VIA_CONTEXT_LOWER = re.compile(
    r"(?<![\w])(?:(?:admitted|transferred|transfer|brought|taken|went|returned|came|seen|followed|treated|"
    r"works|worked)[ \t]+(?:back[ \t]+)?(?:to|from|at)|(?:was|were|been)[ \t]+at)[ \t]+(?:the[ \t]+)?"
    r"(?P<o>[a-z]{3,})(?![\w'’-])"
)
# A word the dictionary lacks only as derived or compounded ("postcatheterization", "neurosensory", "physiatry",
# "closest", "healthcare"): its ending says it is no name
_DERIVED_ENDING = re.compile(
    r"(?:est|logy|iatry|ist|ive|ous|al|ic|ary|ory|tion|sion|ment|ness|ing|ed|ly|ity|ism|sis|care|ery|able|ible|ize)$"
)

# After "for" only work names an organisation ("works for Kroger", "driver for Frito Lay"); after any other verb
# "for" gives a reason ("admitted for", "sent for", "employed for suturing").
_WORKS_FOR = frozenset(("works worked working employee job shift shifts " + _OCCUPATIONS.replace("|", " ")).split())


def _reason_for(context: str) -> bool:
    words = context.lower().split()
    return len(words) > 1 and "for" in words[1:3] and words[0] not in _WORKS_FOR


# "retired lineman, 35 yrs w/ Assonet Electric", "formerly with Dayton Tool & Die", "a new job at Kroger"
_EMPLOYER = re.compile(
    # "with" only after the words that end in a lower-case d or y, spelled out (RE2 takes no lookbehind there)
    r"(?<![\w])(?:(?:(?i:retire|worke|employe)d|(?i:formerl)y)[ \t]+(?i:with|w/)|"
    r"(?i:retired|formerly|worked|works|working|employed|job|shifts?)(?:[ \t]+[a-z]+){0,3}?[ \t]+(?:(?i:at|for)|@))"
    r"[ \t]+(?:the[ \t]+)?"
    r"(?P<o>[A-Z][A-Za-z'’&-]*(?:[ \t]+(?:[A-Z][A-Za-z'’&-]*|&)){0,3})"
)
# "Kaminski pharmacy fill hx", "Attends Iglesia Cristo Rey", "Retired machinist, GE Schenectady": a business named
# before its lower-case trade, a congregation by its Spanish or other first word, an employer after an occupation
_NAMED_TRADE = re.compile(
    r"(?<![\w'])(?P<o>[A-Z][A-Za-z'’]+(?:[ \t]+[A-Z][A-Za-z'’]+)?)"
    r"[ \t]+(?:pharmacy|drugstore|drug[ \t]+store)(?![\w]|[ \t]*:)"
    r"|(?<![\w])(?P<c>(?:Iglesia|Templo|Parroquia|Masjid|Congregation|Temple|Farmacia|Cl[ií]nica|Centro|Escuela|"
    r"Colegio|Casa)[ \t]+[A-Z][^\W\d_]*(?:[ \t]+(?:de[ \t]+|del[ \t]+|la[ \t]+|of[ \t]+)?[A-Z][^\W\d_'’-]*){0,3})"
    r"|(?<![\w])(?i:" + _OCCUPATIONS + r"),[ \t]+(?P<e>[A-Z][A-Za-z'’&-]*(?:[ \t]+[A-Z][A-Za-z'’&-]*){0,2})"
)
# "XRT at Mercy Point", "work note for HR at Brightline": a proper name after "at" is where something happened
_AT_PROPER = re.compile(
    r"(?<![\w])at[ \t]+(?P<o>[A-Z][a-z][A-Za-z'’-]*(?:[ \t]+[A-Z][a-z][A-Za-z'’-]*){0,2})(?![\w'’-]|['’]s)"
)
# "-> 911 / Mystic Valley ED": a hospital named by its emergency department
_NAMED_ED = re.compile(r"(?<![\w'])(?P<o>[A-Z][a-z'’]+(?:[ \t]+[A-Z][a-z'’]+){0,2})[ \t]+(?:ED|ER)(?![\w])")
# "was seen in reyes er", "SEEN IN WEINBERG ICU", "taken to brandt hosp": one word in the unit's own case before an
# emergency department, an intensive-care or recovery unit or the hospital itself, where the word is in no
# dictionary, drug list or clinical vocabulary
_UNITS = "|".join((*HOSPITAL_UNITS, "hosp", "hospital"))
# Before the hospital itself an article marks a description ("the closest hospital"), not a name
_ARTICLE_BEFORE = re.compile(r"(?i)(?<![\w])(?:the|a|an)[ \t]+$")
# A capitalised word before a unit in capitals ("the Moody PACU") is read by its case: only a plain word refuses it
_NAMED_UNIT = re.compile(
    rf"(?<![\w'’])(?P<o>[a-z][a-z'’]+)[ \t]+(?:{_UNITS})(?![\w])"
    rf"|(?<![\w'’])(?P<O>[A-Z][A-Z'’]+)[ \t]+(?:{_UNITS.upper()})(?![\w])"
    rf"|(?<![\w'’])(?P<C>[A-Z][a-z'’]+)[ \t]+(?:{_UNITS.upper()})(?![\w])"
)
# "Insurance: HarborCare ID HC4471129006": the payer named after its label.
_PAYER = re.compile(
    r"(?<![\w])(?i:insurance|insurer|payer|payor|carrier|ins)[ \t]*:[ \t]*"
    r"(?P<o>[A-Z][A-Za-z'’&-]*(?:[ \t]+[A-Z][A-Za-z'’&-]*){0,3})"
)
# The payer's name ends before a field of the card that follows it: "HarborCare ID", "Aetna Member".
_CARD_FIELD = re.compile(r"(?i:id|member|policy|group|plan|medicare|medicaid)\b")
_BLANKS = re.compile(r"[ \t]+")


def _payer_before_card_field(text: str, m: re.Match[str]) -> re.Match[str]:
    """_PAYER's match cut before its first card field after the payer's first word. RE2 reads no lookahead
    inside a repetition, so the cut is made here; the next payer is looked for from the cut on."""
    start, end = m.span("o")
    for blanks in _BLANKS.finditer(text, start, end):
        if _CARD_FIELD.match(text, blanks.end()):
            return _PAYER.match(text, m.start(), blanks.start())
    return m


# A form names organisations by their field: "Agency: Keystone MedTrans", "PHARMACY: Dwyer's Drug, Main St"
_ORG_FIELD = re.compile(
    r"(?<![\w])(?i:agency|employer|pharmacy|vendor|dme(?:[ \t]+vendor)?|company|school|church|home[ \t]+health|hospice)"
    r"[ \t]*:[ \t]*(?P<o>[A-Z][A-Za-z'’&.-]*(?:[ \t]+(?:[A-Z][A-Za-z'’&.-]*|&|of|the)){0,4})"
)
# Public programmes cover millions and name no organisation a patient chose.
_PUBLIC_PAYERS = frozenset(
    "medicare medicaid self self-pay none uninsured tricare va masshealth medi-cal tenncare".split()
)
# "BMH MR#", "cath at NEGH", "(SBRMC)": a hospital or medical center by its initials. A word with a vowel
# between consonants or two vowels ("BATH", "NASH", "AUTH") is taken only where a place or record context says so.
_HOSPITAL_ACRONYM = re.compile(r"(?<![\w/&-])[A-Z]{2,4}(?:H|MC|HC)(?![\w/&-])")
_WORDLIKE = re.compile(r"[^AEIOUY][AEIOUY]+[^AEIOUY]|[AEIOUY].*[AEIOUY]")
_ACRONYM_BEFORE = re.compile(r"(?<![\w])(?i:at|from|to|via)[ \t]*$|@[ \t]*$")
_ACRONYM_AFTER = re.compile(r"[ \t]*(?:MRN|MR#)|[ \t]*(?:ED|ER|(?i:records|chart))\b|[ \t]*\)")
# "ADIRONDACK SKIN & MOHS SURGERY, PLLC": a firm's legal form after a comma closes its name.
_LEGAL_FORM = re.compile(r",[ \t]*(?:PLLC|LLC|LLP|P\.?C\.|Inc\.?|Ltd\.?)(?![\w])")
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:[A-Z]|Inc|Corp|Co|Ltd|St|Mt|Ft|Assoc|Bros|Intl|Mfg|Svcs)\.$")
# The longest abbreviation above with the space before it, and one character more: a window that long never
# starts at an abbreviation's first letter unless the text does.
_ABBREVIATION_REACH = len(" Assoc.") + 2
_TOKEN_REACH = 64
_WORD_RUNS = {n: re.compile(rf"\S+(?:[ \t]+\S+){{{n - 1}}}") for n in range(1, 9)}


def _abbreviation_ends(text: str, end: int) -> bool:
    """text[:end] ends with an abbreviation's full stop ("Acme Inc."), read from a window, not a copy of the text."""
    return _ABBREVIATION_END.search(text[max(0, end - _ABBREVIATION_REACH) : end]) is not None


def _end_of_words(text: str, start: int, count: int, run_end: int) -> int | None:
    """Where `count` words from `start` end in the text itself (several spaces may stand between them, and the last
    word may go on past the name run ending at `run_end`: "ELLERY3"), read from a window; None for more words than a
    name run holds."""
    pattern = _WORD_RUNS.get(count)
    run = pattern.match(text, start, run_end + _TOKEN_REACH) if pattern else None
    return run.end() if run else None


def _known_org_regex(lower: bool = False) -> re.Pattern[str]:
    """The list's names as written and in ALL CAPS; with `lower`, in lower case for notes typed without capitals,
    leaving out names that are also ordinary or clinical words ("quest", "hca")."""
    lines = resource_lines("data/known_organizations.txt")
    if lower:
        lines = [
            n.lower()
            for n in lines
            if not n.startswith("!")
            and not any(is_ordinary_word(w) or is_clinical_word(w) for w in n.lstrip("?").lower().split())
        ]
    lines = [n.lstrip("!") for n in lines]
    plain = sorted((n for n in lines if not n.startswith("?")), key=len, reverse=True)
    eponyms = sorted((n[1:] for n in lines if n.startswith("?")), key=len, reverse=True)

    def alternation(names: list[str]) -> str:
        alts = [re.escape(n).replace(r"\ ", r"[ \t]+") for n in names]
        if not lower:
            alts += [re.escape(n.upper()).replace(r"\ ", r"[ \t]+") for n in names if n.upper() != n]
        return "|".join(alts)

    # Eponyms are instruments and methods, not places: "Mayo scissors", "Lahey clamp", "Ochsner". The name's end
    # and these are one lookahead, each instrument its own alternative (the form RE2 reads); "clamp" covers "clamps".
    instruments = (
        "scissors clamp stand retractor forceps fashion software criteria classification score scale maneuver "
        "procedure technique needle drain tube catheter stitch suture kit tray hemostat elevator dissector blade "
        "spreader speculum"
    ).split()
    end = r"(?![\w'-]" + "".join(r"|[ \t]*(?i:" + word + ")" for word in instruments) + ")"
    # The name's own start check stands for the place word's too.
    place = r"(?i:at|to|from|in)[ \t]+(?:the[ \t]+)?"
    return re.compile(
        r"(?<![\w'-])(?:(?P<plain>" + alternation(plain) + r")|" + place + r"(?P<eponym>" + alternation(eponyms) + r"))"
        + end
    )


_KNOWN_ORG = _known_org_regex()
_KNOWN_ORG_LOWER = _known_org_regex(lower=True)


def _named_tail(tail: str) -> bool:
    """ "of Kent County", "of Saint Raphael": a proper name after "of", not a department ("of Medicine") or a
    person ("of Dr. Lee")."""
    words = [w for w in re.findall(r"[A-Za-z'’-]+", tail)[1:] if w.lower() != "the"]
    return (
        bool(words)
        and words[0] not in ("Dr", "DR", "Mr", "Mrs", "Ms")
        and not all(w.lower() in GENERIC_WORDS or is_ordinary_word(w) for w in words)
    )


def _walk_back(text: str, pos: int) -> int:
    """Start of the proper-name run that ends right before `pos` (pos itself if there is none)."""
    start = pos
    tokens = list(re.finditer(r"\S+", text[max(0, pos - 80) : pos]))
    base = max(0, pos - 80)
    taken = 0
    for m in reversed(tokens):
        tok = m.group()
        if "\n" in text[base + m.end() : start] or taken >= 5:
            break
        bare = tok.strip(",;:()")
        if bare != tok and tok.endswith((",", ";", ":", ")")):
            break
        if not _PROPER.fullmatch(bare) or bare.lower() in _BREAK:
            break
        if tok.endswith(".") and not _ABBREVIATION_END.search(" " + tok):
            break  # "seen by Dr. Lee. Beacon Apothecary": the sentence before ends the name
        start = base + m.start()
        taken += 1
        if tok.startswith(("(", "[", '"')):
            break  # an opening bracket starts the name at the latest: "(St. Mary's Hospital)"
    while start < pos and text[start] in '(["':
        start += 1
    if is_shouted(text, pos, pos):
        # In capitals every word looks proper: the name starts at its first word that is no plain word (a name such
        # as "MERCY" is none) or that is a kind of place ("GENERAL"), so "TOLERATING SOFT FOODS" and "DID NOT
        # REQUIRE ANY RESTORATIVE DENTISTRY" name nothing.
        base, start = start, pos
        for word in re.finditer(r"\S+", text[base:pos]):
            if not is_plain_word(word.group()) or word.group().lower().strip(",.") in GENERIC_WORDS:
                start = base + word.start()
                break
    # "of"/"the"/"&" cannot start a name.
    while True:
        m = re.match(r"(?:of|the|&)\s+", text[start:pos])
        if not m:
            break
        start += m.end()
    return start


_BUSINESS_SUFFIXES = frozenset({"associates", "partners", "specialists", "medical associates", "medical group"})


# Hospitals, parishes and schools named by their dedication: "Our Lady of the Cedars", "our lady of perpetual help"
_DEDICATION = re.compile(
    r"(?<![\w])(?:Our[ \t]+Lady|OUR[ \t]+LADY|our[ \t]+lady)[ \t]+(?i:of)[ \t]+(?:(?i:the)[ \t]+)?"
    r"(?:[A-Za-z][a-z'’]+|[A-Z]+)(?:[ \t]+(?:[A-Za-z][a-z'’]+|[A-Z]+)){0,2}?"
    # RE2's form of the lookahead: its alternatives at its top, and the word's end taken as a character
    r"(?=[ \t]*[,.;:()\n]|[ \t]*\Z|[ \t]*[ \t]"
    r"(?i:hospital|medical|church|school|parish|in|on|at|and|for|with|where|who|was|is)(?:\W|\Z))"
)


_OF_TAIL = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][A-Za-z'’-]*(?:[ \t]+[A-Z][A-Za-z'’-]*){0,3}")


# "WIFE WORKS AT XEROX", "son works for the city": a facility word that is also a verb, used as one.
_VERB_OBJECT = re.compile(r"[ \t]+(?:at|for|as|with|nights|days|part|full|from|there|here)\b", re.IGNORECASE)


# Facility words that are everyday nouns as well ("in good health", "law school", "has no insurance"): in capitals,
# only a word no dictionary holds makes the words before one a name ("TOMBALL BREAST CENTER", "FRITO LAY COMPANY").
_EVERYDAY_FACILITY_NOUNS = frozenset(
    "health center centre school college insurance partners company foods living works mills market bank "
    "storage ambulance".split()
) | {"assisted living", "senior living", "high school"}


def _everyday_words_before_everyday_noun(words: list[str], facility: str, text: str, start: int, end: int) -> bool:
    """In capitals, dictionary words (a name's or not: "GOOD", "SENIOR", "MAY") and "I" before a facility word that
    is an everyday noun: "IN GOOD HEALTH", "SENIOR CENTER", "I GAVE HIM COPY OF PARTNERS", "ELDER CHILD HAS JUST
    FINISHED COLLEGE" name nothing. "MERCY HOSPITAL" keeps its name: a hospital is no everyday noun."""
    return (
        " ".join(facility.lower().split()) in _EVERYDAY_FACILITY_NOUNS
        and all(w in ("i", "&") or is_word_in_any_dictionary(w) for w in words)
        and is_shouted(text, start, end)
    )


@read_once  # two rules read each facility word, each in its veto and its parts
def _facility(text: str, m: re.Match[str]) -> tuple[int, int, bool] | None:
    """The organisation a facility word closes: its start, its end, and whether its name is only a department
    or a kind of place ("Renal Clinic", "Children's Hospital"); None where the word names nothing."""
    if m.group().lower() == "works" and _VERB_OBJECT.match(text, m.end()):
        return None
    start = _walk_back(text, m.start())
    end = m.end()
    # "Hospital of the University of Pennsylvania", "University of Michigan Health".
    tail = _OF_TAIL.match(text, end)
    if tail:
        end += len(tail.group().rstrip())
    named_tail = tail is not None and _named_tail(tail.group())
    if start == m.start() and not named_tail:
        return None  # a bare "the clinic" names nothing; "VNA of Kent County" does
    words = [w.lower().strip(".,") for w in text[start : m.start()].split()]
    generic = all(w in GENERIC_WORDS or w in ("of", "&", "and") for w in words) and not named_tail
    if not generic and not named_tail and names_nothing_in_capitals(words, text, start, m.end()):
        return None  # "HER PAIN MED WORKS BUT": plain words in capitals, a department's word or not, name nothing
    if not named_tail and _everyday_words_before_everyday_noun(words, m.group(), text, start, m.end()):
        return None
    if m.group().lower() in ("health", "inc", "llc", "corp", "corporation", "memorial", "physicians") and generic:
        return None
    if words and all(is_clinical_word(w) and w not in ("st", "st.") for w in words) and not generic:
        return None
    if words and words[0] in ("medicare", "medicaid"):
        return None  # "Medicare Hospice Benefit": a public programme's benefit, not a provider
    if m.group().lower().startswith("infusion") and any(is_drug_name(w) for w in words):
        return None  # "IV UNFRACTIONATED HEPARIN INFUSION": a drug's drip, not an infusion company
    return start, end, generic


def _named_facility(text: str, m: re.Match[str]) -> bool:
    found = _facility(text, m)
    return found is not None and not found[2]


def _generic_facility(text: str, m: re.Match[str]) -> bool:
    found = _facility(text, m)
    return found is not None and found[2]


def _facility_parts(text: str, m: re.Match[str]) -> list[Part]:
    start, end, generic = _facility(text, m)
    if not generic:
        return [(start, end, 0.85)]
    # A department or kind of place names no one, so it is reported only to callers who lower the threshold
    # below the default 0.5; a business suffix makes even generic words a practice's name ("Internal Medicine
    # Associates").
    return [(start, end, 0.6 if m.group().lower() in _BUSINESS_SUFFIXES else 0.45)]


def _legal_form_ok(text: str, m: re.Match[str]) -> bool:
    return _walk_back(text, m.start()) < m.start()


def _legal_form_parts(text: str, m: re.Match[str]) -> list[Part]:
    return [(_walk_back(text, m.start()), m.end(), 0.85)]


_REST_OF_TOKEN = re.compile(r"\S*")


def _before_slashed_shorthand(text: str, m: re.Match[str]) -> list[str]:
    """The words of the name run (group o) up to the first the text writes with a slash: shorthand, "ED W/ SERIAL
    BP" (with), "S/P", "B/L"; no word of an organisation's name has one. The run stops before a slash, so only its
    last word can go on to one."""
    words = m.group("o").split()
    for i, word in enumerate(words):
        if "/" in word:
            return words[:i]
    if words and "/" in _REST_OF_TOKEN.match(text, m.end("o")).group():
        return words[:-1]
    return words


def _cut_at_sentence_word(words: list[str]) -> list[str]:
    """In ALL CAPS every word looks proper: a name ends at its first sentence word after its first word ("NICU FOR
    PREMATURITY", "KROGER AS A STOCKER"); "of", "&" and "the" stand inside names."""
    for i, w in enumerate(words):
        if i and w.lower() not in ("of", "&", "the") and is_function_word(w):
            return words[:i]
    return words


@read_once  # the veto and the parts both need it
def _name_end(text: str, m: re.Match[str]) -> int | None:
    """Where an employer's, payer's or form field's organisation (group o) ends: trailing words that are no part
    of a name dropped; None where what is left is a person, a public programme, an everyday word or a place."""
    if _reason_for(m.group()[: m.start("o") - m.start()]):
        return None  # "EMPLOYED FOR INTRADOMAL SUTURING", "retired for 5 yrs": a purpose or a time, not an employer
    start, words = m.start("o"), _before_slashed_shorthand(text, m)
    if is_shouted(text, start, m.end("o")):
        words = _cut_at_sentence_word(words)
    while words and (is_name_stop_word(words[-1]) or is_clinical_word(words[-1]) or words[-1] == "&"):
        words.pop()
    if not words or words[0].lower() in ("dr", "dr.", "mr", "mrs"):
        return None
    if words[0].lower() in _PUBLIC_PAYERS and not (
        words[0] == "Blue" and len(words) > 1 and words[1] not in ("Cross", "Shield")
    ):
        return None
    if len(words) == 1 and (is_common_word(words[0]) or words[0].isupper() and len(words[0]) <= 2):
        return None  # "retired at Christmas" is caught by no one here; "with RA" neither
    if names_nothing_in_capitals(words, text, start, start, everyday=True):
        return None  # "WORKED FOR A SHORT TIME", "BOTH WORKED FOR SHORT TIME BUT THEN"
    value = " ".join(words)
    if value.lower() in known_cities() or is_country(value) or value in STATE_NAMES:
        return None
    end = _end_of_words(text, start, len(words), m.end("o")) or start + len(value)
    while text[end - 1] in ".,;:)]" and not _abbreviation_ends(text, end):
        end -= 1
    return end


def _named_ok(text: str, m: re.Match[str]) -> bool:
    return _name_end(text, m) is not None


def _named_parts(text: str, m: re.Match[str]) -> list[Part]:
    return [(m.start("o"), _name_end(text, m), 0.6)]


def _at_proper_words(m: re.Match[str]) -> list[str]:
    words = m.group("o").split()
    while words and (is_function_word(words[-1]) or is_clinical_word(words[-1]) or words[-1] in CALENDAR_WORDS):
        words.pop()
    return words


def _at_proper_ok(text: str, m: re.Match[str]) -> bool:
    words = _at_proper_words(m)
    if not words or any(is_ordinary_word(w) or w in CALENDAR_WORDS for w in words[:1]):
        return False
    value = " ".join(words)
    if len(words) == 1 and is_first_name(value) or value.lower() in known_cities() or value in STATE_NAMES:
        return False
    return not (is_country(value) or value.lower() in place_names())  # a town, which the location rules own


def _at_proper_parts(text: str, m: re.Match[str]) -> list[Part]:
    return [(m.start("o"), m.start("o") + len(" ".join(_at_proper_words(m))), 0.55)]


_RESIDENCE_WORD = re.compile(rf"(?i:{RESIDENCE_WORDS})")


def _named_trade_ok(text: str, m: re.Match[str]) -> bool:
    g = m.lastgroup
    first = m.group(g).split()[0]
    if g == "e" and (is_first_name(first) or first.lower() in ROLE_ABBREVIATIONS or is_relation_word(first)):
        return False  # "retired teacher, Mary Smith said", "nurse, RN", "FIREFIGHTER, WIFE A TEACHER"
    if is_function_word(first) or _RESIDENCE_WORD.fullmatch(first):
        return False  # "A COOK, AND HOT OIL ...", "RETIRED TEACHER, LIVES W/ WIFE": the next clause, in capitals
    # "Specialty pharmacy"; an employer in capitals may be any letters ("machinist, GE")
    return g == "c" or (g == "e" and first.isupper()) or not (is_ordinary_word(first) or first in CALENDAR_WORDS)


def _named_trade_parts(text: str, m: re.Match[str]) -> list[Part]:
    return [(m.start(m.lastgroup), m.end(m.lastgroup), 0.6)]


def _named_unit_parts(text: str, m: re.Match[str]) -> list[Part]:
    group = "o" if m.group("o") else "O" if m.group("O") else "C"
    word = m.group(group)
    if (is_plain_word(word) if group == "C" else is_word_in_any_dictionary(word)) or is_drug_name(word):
        return []  # "the er", "PT ICU", "depakote er", "Cardiac ICU": a word of prose, a drug or a service
    if word.lower() in COMPASS_POINTS or word.lower() in TEAM_COLOURS:
        return []  # "West ICU", "Green ICU": a unit named by where it lies or by its colour
    if m.group().lower().endswith(("hosp", "hospital")) and _ARTICLE_BEFORE.search(
        text, max(0, m.start() - 6), m.start()
    ):
        return []  # "went to the closest hospital": a hospital described, not named
    return [(m.start(group), m.end(group), 0.6)]


def _via_context_lower_ok(text: str, m: re.Match[str]) -> bool:
    word = m.group("o")
    return not (
        is_word_in_any_dictionary(word)
        or is_drug_name(word)
        or is_first_name(word)
        or word.endswith("cu")  # a unit's shorthand: "msicu", "ctsicu"
        or _DERIVED_ENDING.search(word) is not None
        or word in place_names()
        or word in known_cities()
    )


def _named_ed_ok(text: str, m: re.Match[str]) -> bool:
    words = m.group("o").split()
    if is_drug_name(words[-1]):
        return False  # "Depakote ER 500 mg": a drug's extended release
    return any(not (is_common_word(w) or is_clinical_word(w) or w.lower() in GENERIC_WORDS) for w in words)


def _acronym_ok(text: str, m: re.Match[str]) -> bool:
    value = m.group()
    if is_plain_word(value):
        return False  # "PERSISTENT ITCH", "ASH SPLIT CATHETER": a word of the dictionary, inflected or not
    if not _WORDLIKE.search(value):
        return True
    if _ACRONYM_AFTER.match(text, m.end()):
        return True
    before = _ACRONYM_BEFORE.search(text, max(0, m.start() - 8), m.start())
    # after "to" a word of the dictionary, names' words too, is the verb of an infinitive: "PT PLANS TO COACH SON"
    return before is not None and not (
        before.group().lower().strip() == "to" and is_word_in_any_dictionary(value)
    )


def _known_parts(text: str, m: re.Match[str]) -> list[Part]:
    group = "plain" if m.group("plain") else "eponym"
    return [(m.start(group), m.end(group), 0.7)]


@read_once  # the veto and the parts both need it
def _via_context_end(text: str, m: re.Match[str]) -> int | None:
    """Where the name after "admitted to", "transferred from", ... ends; None where it is no organisation's."""
    if _reason_for(m.group()[: m.start("o") - m.start()]):
        return None  # "ADMITTED FOR LOW BACK PAIN", "SENT FOR POOLED URINE CYTOLOGY": a reason, not a place
    words = _before_slashed_shorthand(text, m)
    if words and (is_function_word(words[0]) or words[0].lower() in ("me", "you")):
        return None  # "SEEN TO BE APPROX 90% SEVERED", "SHE CAME TO ME MOSTLY": a verb's object, no name
    words = _cut_at_sentence_word(words)
    # The name ends at its facility word ("SPAULDING REHAB HOSPITAL PLANNED").
    for i, w in enumerate(words):
        if _FACILITY.fullmatch(w) and i > 0:
            words = words[: i + 1]
            break
    if " ".join(words).lower() in known_cities() or is_country(" ".join(words)):
        return None  # "returned from Phoenix": a place, which the location rules own
    if len(words) == 1 and (_FACILITY.fullmatch(words[0]) or words[0] in STATE_NAMES):
        return None  # "a student at University", "a librarian from Florida"
    while (
        words
        and not (len(words) > 1 and words[-1].lower().strip(".,") in ("rehab", "hospice"))
        and (
            is_clinical_word(words[-1])
            or is_name_stop_word(words[-1])
            or words[-1] in ("of", "&", "x", "X")  # "x" counts: "WORKED IN CONSTRUCTION X 30 YRS"
            or (words[-1].isupper() and len(words) > 1 and is_common_word(words[-1]))
        )
    ):
        words.pop()
    if (
        not words
        or len(" ".join(words)) < 2
        or all(is_clinical_word(w) or w.lower().strip(".,") in GENERIC_WORDS | {"of", "&"} for w in words)
    ):
        return None
    if words[0].rstrip(".").lower() in ("dr", "drs", "mr", "mrs", "ms", "miss", "doctor"):
        return None  # a person, which the name rules own
    if names_nothing_in_capitals(words, text, m.start("o"), m.start("o"), everyday=True):
        return None  # "TAKEN TO FLUOROSCOPY", "SEEN IN MY OFFICE", "BROUGHT TO SURGICAL FIELD"
    # the words' end in the text itself, where several spaces may stand between them
    end = _end_of_words(text, m.start("o"), len(words), m.end("o")) or m.start("o") + len(" ".join(words))
    # "to Spaulding." ends a sentence; "Acme Inc." keeps the period of its abbreviation.
    if text[end - 1] == "." and not _abbreviation_ends(text, end):
        end -= 1
    return end


def _via_context_ok(text: str, m: re.Match[str]) -> bool:
    return _via_context_end(text, m) is not None


def _via_context_parts(text: str, m: re.Match[str]) -> list[Part]:
    return [(m.start("o"), _via_context_end(text, m), 0.65)]


_RULES = (
    Rule(
        name="facility",
        entity_type="ORGANIZATION",
        patterns=(_FACILITY,),
        score=0.85,
        accept=_named_facility,
        parts=_facility_parts,
        description="a facility word (Hospital, Clinic, Pharmacy, School, ...) with a proper name before it "
        "or after of; in capitals, everyday words before an everyday noun (Health, Center, School) name nothing",
        examples=("transferred to «St. Mary's Hospital» today", "«VNA of Kent County»", "TAKEN TO «BRANDT HOSP»"),
        counterexamples=("seen in the clinic", "Medicare Hospice Benefit", "Cardiology Clinic", "WIFE WORKS AT XEROX",
                         "Husband Works for the city", "PARENTS IN GOOD HEALTH.", "F/U AT SENIOR CENTER",
                         "CONTINUOUS IV UNFRACTIONATED HEPARIN INFUSION CONT.", "TO HOSP FOR EVAL"),
    ),
    Rule(
        name="facility_generic",
        entity_type="ORGANIZATION",
        patterns=(_FACILITY,),
        score=0.45,
        accept=_generic_facility,
        parts=_facility_parts,
        description="a facility word after a department's or a kind of place's words (Renal Clinic), below the "
        "default threshold but with a business suffix (Internal Medicine Associates)",
        examples=("follow up in «Cardiology Clinic»", "«Internal Medicine Associates»"),
        counterexamples=("transferred to St. Mary's Hospital", "the Health"),
    ),
    Rule(
        name="legal_form",
        entity_type="ORGANIZATION",
        patterns=(_LEGAL_FORM,),
        score=0.85,
        accept=_legal_form_ok,
        parts=_legal_form_parts,
        description="a firm's proper name before a comma and its legal form: PLLC, LLC, Inc., Ltd.",
        examples=("«ADIRONDACK SKIN & MOHS SURGERY, PLLC»",),
        counterexamples=("owned by them, LLC",),
    ),
    Rule(
        name="employer",
        entity_type="ORGANIZATION",
        patterns=(_EMPLOYER,),
        score=0.6,
        group="o",
        accept=_named_ok,
        parts=_named_parts,
        description="an employer after works at, retired from ... with, a job at, shifts for",
        examples=("formerly with «Dayton Tool & Die»", "a new job at «Market Basket»"),
        counterexamples=("works for Dr. Lee", "works at Boston"),
    ),
    Rule(
        name="payer",
        entity_type="ORGANIZATION",
        patterns=(_PAYER,),
        settle=_payer_before_card_field,
        score=0.6,
        group="o",
        accept=_named_ok,
        parts=_named_parts,
        description="an insurer after its label, up to the card's next field; not a public programme",
        examples=("Insurance: «HarborCare» ID HC4471129006", "Insurance: «Aetna» Member Ins: «Cigna»"),
        counterexamples=("Insurance: Medicare", "Payer: Self"),
    ),
    Rule(
        name="field",
        entity_type="ORGANIZATION",
        patterns=(_ORG_FIELD,),
        score=0.6,
        group="o",
        accept=_named_ok,
        parts=_named_parts,
        description="an organisation in a form's field: Agency, Employer, Pharmacy, Vendor, School, Hospice, ...",
        examples=("Agency: «Keystone MedTrans»", "PHARMACY: «Dwyer's Drug», Main St"),
        counterexamples=("Employer: Dr. Lee",),
    ),
    Rule(
        name="at_proper",
        entity_type="ORGANIZATION",
        patterns=(_AT_PROPER,),
        score=0.55,
        accept=_at_proper_ok,
        parts=_at_proper_parts,
        description="a proper name after at that is no town, person, month or everyday word: XRT at Mercy Point",
        examples=("XRT at «Mercy Point» daily",),
        counterexamples=("seen at Boston", "back at Christmas", "at Florida"),
    ),
    Rule(
        name="named_trade",
        entity_type="ORGANIZATION",
        patterns=(_NAMED_TRADE,),
        score=0.6,
        accept=_named_trade_ok,
        parts=_named_trade_parts,
        description="a business named before its trade (Kaminski pharmacy), a congregation or clínica by its "
        "first word, an employer after an occupation",
        examples=("«Kaminski» pharmacy fill hx", "Attends «Iglesia Cristo Rey»", "Retired machinist, «GE»"),
        counterexamples=("Local pharmacy refill", "retired teacher, Mary said"),
    ),
    Rule(
        name="dedication",
        entity_type="ORGANIZATION",
        patterns=(_DEDICATION,),
        score=0.75,
        description="a hospital, parish or school named by its dedication: Our Lady of the Cedars",
        examples=("admitted to «Our Lady of Lourdes», then home", "«our lady of perpetual help» church"),
        counterexamples=("an Our Lady statue",),
    ),
    Rule(
        name="named_ed",
        entity_type="ORGANIZATION",
        patterns=(_NAMED_ED,),
        score=0.6,
        group="o",
        accept=_named_ed_ok,
        description="a hospital named by its emergency department: Mystic Valley ED",
        examples=("-> 911 / «Mystic Valley» ED",),
        counterexamples=("seen in Adult ED", "Depakote ER 500 mg"),
    ),
    Rule(
        name="named_unit",
        entity_type="ORGANIZATION",
        patterns=(_NAMED_UNIT,),
        score=0.6,
        parts=_named_unit_parts,
        description="a hospital or building named by one word before its ED, ICU or 'hosp', in lower case or "
        "capitals: seen in reyes er",
        examples=(
            "was seen in «reyes» er overnight",
            "SEEN IN «WEINBERG» ICU",
            "taken to «brandt» hosp",
            "in the «Moody» PACU overnight",
        ),
        counterexamples=("sent to the er", "PT TO ICU", "depakote er 500 mg", "back to outside hosp", "to West ICU"),
    ),
    Rule(
        name="acronym",
        entity_type="ORGANIZATION",
        patterns=(_HOSPITAL_ACRONYM,),
        score=0.6,
        accept=_acronym_ok,
        description="a hospital or medical center by its initials (BMH, NEGH); a word-like one only after at, "
        "from, to or before MRN, ED, records or a bracket",
        examples=("«BMH» MR# 4471", "cath at «NEGH»", "records from «BATH»"),
        counterexamples=("took a BATH today",),
    ),
    Rule(
        name="known",
        entity_type="ORGANIZATION",
        patterns=(_KNOWN_ORG,),
        score=0.7,
        parts=_known_parts,
        description="a health system, pharmacy or lab known by a short name (Brigham, Walgreens); an eponym "
        "(Mayo, Lahey) only after at, to, from or in",
        examples=("seen at «Brigham» last year", "transferred to «Lahey»", "«MASS GENERAL»"),
        counterexamples=("Lahey clamp applied", "Mayo scissors"),
    ),
    Rule(
        name="context_lower",
        entity_type="ORGANIZATION",
        patterns=(_VIA_CONTEXT_LOWER,),
        score=0.6,
        group="o",
        accept=_via_context_lower_ok,
        description="one lower-case word no dictionary, drug list, clinical vocabulary or gazetteer has, after "
        "admitted to, transferred from, was at and the like: pt was at nebh",
        examples=("pt was at «nebh» last month", "she works at «norcraft»", "admitted to «youville» for rehab"),
        counterexamples=("transferred to micu", "was at baseline", "sent back to osh", "went to quincy"),
    ),
    Rule(
        name="known_lower",
        entity_type="ORGANIZATION",
        patterns=(_KNOWN_ORG_LOWER,),
        score=0.7,
        parts=_known_parts,
        applies=lambda text: not is_cased(text),
        description="the same in a note typed in lower case, but names that are also everyday or clinical words",
        examples=("picked up at «walgreens» today", "seen at «brigham» last year"),
        counterexamples=("Picked up at Walgreens today.", "eats whole foods"),
    ),
    Rule(
        name="context",
        entity_type="ORGANIZATION",
        patterns=(_VIA_CONTEXT, _WAS_AT),
        score=0.65,
        accept=_via_context_ok,
        parts=_via_context_parts,
        description="a capitalised name after admitted to, transferred from, seen at, was at, works for and the "
        "like (after for, only work's verbs)",
        examples=(
            "transferred to «Spaulding Rehab» for therapy",
            "PT ADMITTED TO «NORTHSHORE» FOR PNA",
            "WIFE STATES HE WAS AT «CARNEY» LAST WEEK",
        ),
        counterexamples=(
            "returned from Phoenix",
            "seen at Dr. Lee's office",
            "SENT FOR POOLED URINE CYTOLOGY",
            "PT WAS AT BASELINE LAST WEEK",
            "NEEDLE WAS AT THE INFERIOR ONE-THIRD OF THE LS VERTEBRAL BODY",
        ),
    ),
)


def organization_recognizer() -> RuleRecognizer:
    return RuleRecognizer("organization", _RULES)
