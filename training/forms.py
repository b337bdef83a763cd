"""Training data v2: PHI forms and PHI-like non-PHI as fragments, sampled independently of note templates.

Real ICU and progress notes abbreviate, glue, lower-case and truncate PHI: hospitals by initials, building or
ward ("mh", "ellery 4", "ELLERY3"), years alone in past-history lists ("CABG 86", "lung CA'87"), dates glued to
words ("fx3/96", "HPI:5/02"), clinicians as "dr x" or initial + surname in capitals, relatives by first name
alone, phones and pagers in odd shapes. Each `*_form` below builds one such fragment from the generator's value
pools (names package, Faker locales, Synthea hospitals, zipcodes); `lookalike` builds a fragment of PHI-like
non-PHI (ventilator settings, clock times and shifts, infusion rates, drugs in capitals, unit and role shorthand,
headings in capitals). `NoteGen.form_note` splices fragments into real carrier prose, or charts them under a
nursing note's system headings, and then applies one case style to the whole note, so any form lands in any style.

The catalogue is written from the kinds of PHI real notes show, not from `eval/phi_forms.py`: its wording,
lead phrases and value pools differ on purpose, so the injected-recall measurement of `make eval` tests whether
the model learnt the shape rather than the eval's sentences.
"""

from __future__ import annotations

import calendar
import re
import string
from typing import TYPE_CHECKING

from phiguard.inference.engine.recognizers.locations import STATE_CODES
from phiguard.inference.engine.vocab import (
    BODY_SITES,
    COMPASS_POINTS,
    EPONYMOUS_OPERATIONS,
    FAITHS_AND_PEOPLES,
    GRADED_EPONYMS,
    HOSPITAL_BANKS,
    MICROBE_GENERA,
    TEAM_COLOURS,
)
from phiguard.inference.engine.vocab import SERVICES as SERVICES_CHARTED

if TYPE_CHECKING:
    from phigen import NoteGen

# A fragment is a list of pieces: (text, label) where label is a model label or None.
Pieces = list[tuple[str, str | None]]

HOSP_KINDS = [
    "hosp",
    "hospital",
    "general",
    "memorial",
    "med ctr",
    "medical center",
    "rehab",
    "nursing home",
    "manor",
    "house",
    "clinic",
    "health",
    "regional",
    "cmc",
    "vna",
]
WARD_LEADS = [
    "transferred to",
    "transferred from",
    "tx to",
    "xfer to",
    "sent to",
    "bed on",
    "bed at",
    "moved to",
    "will go to",
    "back to",
    "transfer from",
    "came from",
    "admitted to",
    "d/c to",
    "dc'd to",
    "returned from",
    "awaiting bed on",
    "accepted at",
    "f/u at",
    "followed at",
    "known to",
    "old records from",
    "cath at",
    "seen at",
    "pcp at",
    "surgeon from",
    "fellow from",
    "team from",
    "labs drawn at",
]
PMH_ITEMS = [
    "MI",
    "CABG",
    "AVR",
    "MVR",
    "CVA",
    "TIA",
    "PE",
    "DVT",
    "PTCA",
    "PCI",
    "stent",
    "appy",
    "chole",
    "TAH",
    "TURP",
    "hip fx",
    "R TKR",
    "L THR",
    "lap chole",
    "breast CA",
    "lung CA",
    "colon CA",
    "prostate CA",
    "lumpectomy",
    "mastectomy",
    "AAA repair",
    "PPM",
    "AICD",
    "ICD",
    "ORIF",
    "CHF dx",
    "HTN dx",
    "dx'd",
    "SBO",
    "ex lap",
    "hernia repair",
    "CEA",
    "fem-pop",
    "redo",
    "re-do CABG",
    "BKA",
    "AKA",
    "Whipple",
]
# Events of a life that a note dates by a year alone, outside a history list
YEAR_EVENTS = ["clean", "stopped drinking", "off cigs", "no etoh", "on HD", "on PD", "widowed", "retired",
               "moved here", "living at home", "on home O2", "wheelchair bound", "on coumadin", "hep C dx'd",
               "first seizure", "last colonoscopy", "last echo", "last worked", "divorced", "insulin dependent",
               "walks w/ cane", "smoke free", "stent", "pacer placed", "amputation", "blind", "HIV+", "disabled",
               "quit smoking", "stopped smoking", "quit cigs", "quit etoh"]
# What a hand-off of care says before the clinician it names: "signed out to Tran", "report from Maura RN"
HANDOFF_LEADS = ["signed out to", "sign out to", "s/o to", "report given to", "report to", "received report from",
                 "report from", "handed off to", "care assumed by", "care turned over to", "relieved by", "covered by",
                 "SIGNED OUT TO", "REPORT GIVEN TO", "pt received from", "endorsed to"]
# A family history's relations and findings: "FH: mother DM, father MI, brother CAD"
KIN_WORDS = ["mother", "father", "brother", "sister", "mom", "dad", "MOTHER", "FATHER", "BROTHER", "SISTER", "sibs",
             "pat uncle", "mat aunt", "son", "dtr"]
FAMILY_FINDINGS = ["DM", "MI", "CAD", "HTN", "CA", "CVA", "ESRD", "COPD", "breast CA", "colon CA", "ETOH", "AD",
                   "dementia", "PD", "sz d/o", "HLD", "AAA", "RA", "SLE", "lupus", "asthma", "TB", "MS", "ALS"]
# Tests, episodes and habits a history dates by a year alone, beside PMH_ITEMS' operations and diagnoses
HISTORY_EVENTS = ["prior intubation", "last intubation", "last admit", "last admission", "last hospitalization",
                  "last drink", "last echo", "last cath", "cath", "echo", "stress test", "EGD", "colonoscopy", "bronch",
                  "PPD neg", "PPD +", "flu vax", "flu shot", "pneumovax", "tetanus", "MRSA", "VRE", "C diff", "GIB",
                  "UGIB", "PNA", "urosepsis", "seizure", "sz", "fall w/ hip fx", "MVA", "TBI", "trach", "PEG",
                  "biopsy", "XRT", "chemo", "transplant", "detox", "ETOH w/d", "DTs", "OD", "SI attempt", "VT arrest",
                  "cardiac arrest", "dx", "Dx", "HEP C DX'D", "NSTEMI", "STEMI", "AFIB DX'D", "dialysis started"]
# What a history writes between an event and its year: "MI 93", "cath-98", "MRSA (02)", "CHF dx 97", "PNA in '99"
HISTORY_JOINS = [" ", " ", " ", "-", " - ", " (", " in ", " in '", " '", "'", " dx ", " dx'd ", " last ", ", last ",
                 " x2, last ", " since ", " back in ", " ~", " approx ", " circa ", " around ", " IN ", " SINCE "]
HISTORY_TAILS = ["", ".", ",", ";", " for PNA", " - 3VD", " w/ TBI", " EF 25%", " per old records", " at OSH",
                 " - neg", " w/o complications", " in sputum", " - no records", ", none since", " per wife", " - nl",
                 ", med mgmt", " x3 days", " - stent to LAD", " per pt", " FOR CHF", ", no f/u", ", on coumadin since"]
# What a note says happened to a patient at a place, as subject + verb + preposition: "pt flown to",
# "bed assigned on", "wife states pt went to", "records requested from"
PLACE_SUBJECTS = ["", "", "", "pt ", "PT ", "per family pt ", "wife states pt ", "dtr says he ", "she ", "HE ",
                  "PER WIFE PT "]
PLACE_VERBS = ["transferred", "tx'd", "sent", "moved", "went", "going", "brought", "flown", "med flighted", "admitted",
               "seen", "followed", "treated", "stayed", "worked up", "cathed", "intubated", "found down", "arrived",
               "came over", "came up", "assigned", "accepted", "d/c'd", "discharged", "returned", "records requested",
               "labs", "imaging", "notes", "report called", "bed assigned", "appt", "f/u", "scheduled", "seen in ED",
               "evaluated", "last admitted", "had surgery", "had CABG", "dialyzes", "gets HD", "lives", "works",
               "volunteers", "TRANSFERRED", "SENT", "ADMITTED", "SEEN", "WAS", "GOING", "AWAITING BED"]
PLACE_PREPOSITIONS = ["to", "to", "from", "from", "at", "at", "on", "in", "@", "via", "w/", "over to", "back to",
                      "up to", "out to", "TO", "FROM", "AT"]
PLACE_HEADINGS = ["OSH: ", "osh- ", "Transferring hosp: ", "Referring facility - ", "From: ", "Dispo: ", "PCP: ",
                  "Outside hosp: ", "HOSP: ", "Accepting facility: ", "Prior hosp - ", "REHAB: "]
# Events of a stay that a note dates by month and day alone ("extubated 12-5", "last BM Mar14")
STAY_EVENTS = ["extubated", "reintubated", "ETT out", "line pulled", "PICC placed", "a-line d/c'd", "last BM",
               "trach placed", "PEG placed", "intubated", "bronch", "CT head", "TEE", "EGD", "HD", "fell",
               "rapid response", "adm", "tx'd to floor", "called out", "foley changed", "last dose",
               "abx started", "afebrile since", "off pressors since", "cx neg since", "NPO since", "on TF since",
               "chest tube out", "staples out", "drain pulled", "swallow eval"]
CAPS_EVENTS = [
    "BLOOD CX",
    "URINE CX",
    "SPUTUM CX",
    "FOUND DOWN",
    "TRANSFERRED TO MICU",
    "EXTUBATED",
    "INTUBATED",
    "ADMITTED",
    "CT NEG",
    "ECHO",
    "CATH",
    "TO OR",
    "LAST BM",
    "FELL AT HOME",
    "STARTED ON LEVO",
    "D/C'D",
]
CLIN_VERBS = [
    "will call back",
    "aware",
    "paged",
    "notified",
    "in to see pt",
    "at bedside",
    "ordered lasix",
    "pulled line",
    "placed a-line",
    "d/c'd foley",
    "to reeval",
    "saw pt",
    "called back",
    "wrote orders",
    "updated",
    "rounded",
    "consulted",
    "following",
    "ok'd diet",
    "to see in am",
    "reviewed cxr",
    "here",
    "in to eval",
    "examined pt",
    "d/w family",
    "made aware",
]
# The roles a note's team list and sign-out name people by, before a colon or a dash: "Attg: Singh", "CNA: Deb"
ROLE_LABELS = ["Attg", "attg", "ATTG", "Attending", "Res", "res", "Resident", "Intern", "Fellow", "fellow", "HO", "ho",
               "NP", "PA", "RN", "rn", "CNA", "PCA", "RT", "SW", "CM", "PCP", "Covering", "covering", "Night float",
               "NF", "Surgeon", "Anesthesia", "Renal", "Cards", "GI", "ID", "Charge RN", "Resource", "Primary RN"]
CREDS = ["md", "np", "pa", "rn", "rt", "do", "cnm", "pharmd", "fellow", "res", "intern", "ho", "sw", "cm"]
REL_WORDS = [
    "son",
    "dtr",
    "daughter",
    "wife",
    "husb",
    "husband",
    "sister",
    "bro",
    "brother",
    "niece",
    "nephew",
    "mother",
    "mom",
    "dad",
    "friend",
    "neighbor",
    "HCP",
    "HCP/son",
    "gf",
    "bf",
    "partner",
    "grandson",
]
REL_LEADS = [
    "left msg for",
    "called",
    "spoke w/",
    "spoke with",
    "updated",
    "call from",
    "visit from",
    "message to",
    "talked to",
    "family mtg with",
    "pt's",
    "per",
    "lm for",
    "phone call w/",
]
PHONE_LEADS = [
    "cell",
    "CELL",
    "home",
    "hm #",
    "work",
    "wk",
    "c:",
    "h:",
    "ph",
    "tel",
    "call back #",
    "contact #",
    "# is",
    "beeper",
    "pager",
    "pg",
    "PG",
    "bp#",
    "ext",
    "x",
]

# ----------------------------------------------------------------------------- look-alikes (never PHI)
LOOKALIKES = [
    "CPAP {V}/{W}",
    "PS {V}/{W}",
    "PSV {V}/{W}",
    "AC {TV}x{RR}/{W}/{FI}",
    "SIMV {TV}x{RR}",
    "PEEP {W}",
    "BIPAP {V}/{W}",
    "vent {TV}x{RR} fio2 {FI}%",
    "IMV {RR}",
    "TC {FI}%",
    "{TIME}",
    "at {TIME}",
    "{TIME}-{TIME}",
    "{SHIFT}",
    "{SHIFT} shift",
    "@{RATE}cc/hr",
    "@ {RATE} cc/hr",
    "gtt @{RATE}",
    "{DRUG} gtt at {RATE}mcg/kg/min",
    "{DRUGCAP} {RATE}MG IV",
    "{DRUGCAP} GTT",
    "ON {DRUGCAP}",
    "{DRUGCAP} DC'D",
    "{UNITABBR} AWARE",
    "{UNITABBR} notified",
    "per {UNITABBR}",
    "{UNITABBR} to see",
    "{CAPSWORD}",
    "{CAPSWORD} ON",
    "{CAPSWORD} CONT",
    "NPO AFTER MN",
    "BP {SBP}/{DBP}",
    "I/O {VOL}/{VOL}",
    "{N}/{N} pulses",
    "strength {N}/5",
    "D5 1/2NS @{RATE}",
    "1/2 NS",
    "K {K}",
    "Mg {K}",
    "{N}+ edema",
    "x{N} today",
    "q{N}h",
    "{N}L NC",
    "sat {SAT}%",
    "ssi",
    "riss",
    "ho",
    "KUB",
    "ED",
    "HO aware",
    "RN",
    "PCA",
    "foley",
    "FOLEY DRAINING",
    "swan",
    "dobhoff",
    "a-line",
    "Hickman",
    "Broviac",
    "Port-a-cath",
    "Pleurx",
    "{N}/{N}",
    "GCS {GCS}",
    "RASS -{N}",
    "CIWA {GCS}",
    "{N}-{N}pm",
    "{N}a-{N}p",
    "{N}p-{N}a",
    # ranges and sizes with a hyphen between two numbers a month and a day could have
    "on {N}-{N}L NC",
    "{N}-{N}L NC",
    "x {N}-{N} days",
    "q{N}-{N}h prn",
    "{N}-0 vicryl",
    "{N}-0 silk sutures",
    "{N}-{N}+ edema",
    "{N}-{N} beats of NSVT",
    "{N}-{N} wks",
    "ambulated {N}-{N} laps",
    "{N}-{N} BMs today",
    "{N}-{N}cc/hr",
    "SBP {SBP}-{SBP}",
    # an exam's words for a body, and what a patient ate, in capitals
    "WD, WN, {HABITUS} {SEXWORD} IN NAD",
    "{HABITUS} {SEXWORD}, AOX3",
    "APPEARS {HABITUS}",
    "PT ATE {FOOD}",
    "TOLERATING {FOOD}",
    "{FOOD} AT BEDSIDE",
    # counts and clock times after the words a year alone follows
    "sober since age {AGE}",
    "clean x{N} yrs",
    "on HD x{N} mos",
    "since {TIME}",
    "in {N}0 min",
    "back in {N} wks",
    "since {N} days ago",
    "in {N} days",
    # two digits that are no year: ages, doses, scores and course days beside the years alone of history lists
    "in his {AGE2}0s",
    "in her late {AGE2}0s",
    "died of MI at {AGE}",
    # clinical codes of letters and digits in turn, which no date or ID is: a coma scale's parts, an ECG pattern,
    # a tumour's stage, a score's value in brackets
    "GCS {GCSPARTS}",
    "{GCSPARTS}",
    "GCS {GCS} ({GCSPARTS})",
    "S1Q3T3 pattern",
    "new S1Q3T3",
    "{TNM}",
    "stage {TNM}",
    "(MELD {GCS})",
    "MELD-Na {GCS}",
    # a family history's findings right after its relations: no relative's name, though a nickname may spell one
    "FH: {KIN} {FAMDX}, {KIN} {FAMDX}",
    "fh- {KIN} {FAMDX}; {KIN} w/ {FAMDX}",
    "{KIN} {FAMDX}, {KIN} {FAMDX}, {KIN} {FAMDX}",
    "family hx: {KIN} {FAMDX} at {AGE}",
    "last echo EF {AGE2}0%",
    "cath w/ {N} vessel dz",
    "PPD {N}mm",
    "intubated x{N}",
    "sz x{N} today",
    "last drink {N} days ago",
    "PNA x{N} this yr",
    "MRSA {N}/{N} cx",
    "flu vax due in {N} wks",
    "EGD x{N}",
    "mother dx at {AGE}",
    "brother, {AGE}, healthy",
    "ASA 81",
    "asa 325",
    "{DRUG} {SAT}",
    "TOF {N}/4",
    "abx d{N}/14",
    "cefepime d{N}/7",
    "FSBG {SBP}",
    "BG {SAT}",
    "oral hygiene 0{N}",
    "pain {N}/10",
    # eponyms, scores and diagnoses in shorthand; rooms and furniture of a home or ward after a preposition
    "L {EPONYM} present",
    "c/w {EPONYM} fx",
    "s/p {EPONYM}",
    "({EPONYM})",
    "consider {EPONYM} reversal",
    "{SCORE} {N}",
    "ESRD from {DXABBR}",
    "{DXABBR} flare",
    "hold off on {DRUG} for now",
    "{DRUG} PA submitted",
    "ambulated in {PLACEWORD}",
    "met pt on {PLACEWORD}",
    "list kept on {PLACEWORD}",
    "sitting in {PLACEWORD}",
    # the kinds of place and unit that the short names above stand beside, never named
    "back to the {UNITABBR}",
    "in the {UNITABBR} overnight",
    "records from OSH",
    "transferred from OSH",
    "dc to NH",
    "works at home",
    "to HD today",
    # the charting system and the medication cabinet are products, not the people a "per" or "see" names
    "see {CHARTSYS} for details",
    "per {CHARTSYS}",
    "{CHARTSYS} updated",
    "charted in {CHARTSYS}",
    "see {CHARTSYS} flowsheet",
    "{CHARTSYS} down, paper charting",
    # walking aids, drains and lifts named after their makers, beside the verbs a person's name stands beside
    "amb w/ {AID}",
    "OOB to chair w/ {AID}",
    "up w/ {AID} and assist x1",
    "{AID} in place",
    "{AID} at bedside",
    "transferred w/ {AID}",
    "{AID} draining serosang",
    # protocols and trials named by letters or a city, teams and pods by a letter, microbes by genera named after
    # people: a "per", "team" or culture's word before them, where a clinician or a place would stand
    "per {PROTOCOL}",
    "proned per {PROTOCOL}",
    "{PROTOCOL} protocol",
    "titrating per {PROTOCOL}",
    "team {LETTER} aware",
    "TEAM {LETTER} NOTIFIED",
    "MICU {LETTER}",
    "pod {LETTER}",
    "{MICROBE} ag pending",
    "sputum cx growing {MICROBE}",
    "blood cx + {MICROBE}",
    "h/o {MICROBE} bacteremia",
    "{MICROBE} sensitive to cipro",
    # a line's or a limb's site with its side glued on, a quadrant; a service, a team by its colour; a faith or a
    # people: after "in", "at", "d/w" or "pt is", where a town, a hospital, a clinician or the patient would stand
    "TLC in {SITE}",
    "piv in {SITE}, flushes",
    "hematoma at {SITE} site",
    "incision at {SITE}, c/d/i",
    "d/w {SERVICEWORD}",
    "{SERVICEWORD} aware",
    "{SERVICEWORD} notified, will see pt",
    "MICU {COLOUR} aware",
    "d/w {COLOUR} team",
    "pt is {FAITH}",
    "PT IS {FAITH}, REQUESTS CHAPLAIN",
    # departments named by what they keep, specialists by their field, the aid beside another, a maker's rep
    "d/w {BANK}",
    "{BANK} called, 2 units ready",
    "sent to {BANK}",
    "seen by {SPECIALIST}",
    "{SPECIALIST} aware",
    "cane and {AID} at home",
    "pacer interrogated by rep",
    "report called to RN on {WARDID}",
    # operations named after their surgeons, where a history writes the event; a trade's field after "works in"; a
    # unit named by where it lies; a drug's extended release before "ER"
    "s/p {OPERATION}",
    "S/P {OPERATION} AND {OPERATION}",
    "pt s/p {OPERATION}, tolerating clears",
    "h/o {OPERATION}, {OPERATION}",
    "works in {FIELD}",
    "PT WORKS IN {FIELD}, LIVES W/ WIFE",
    "pt to {COMPASS} ICU",
    "{COMPASS} ICU aware",
    "{DRUG} ER 500 mg qhs",
    # a scale named after its author, before the grade it gives
    "{GRADED} {GRADE}",
    "EGD: {GRADED} {GRADE} ulcer",
    "SAH, {GRADED} {GRADE}, on nimodipine",
    # a department, service or team named by its specialty alone, beside the kind words a facility's name ends with
    "seen in {SERVICE} clinic",
    "{SERVICE} consulted",
    "Department of {SERVICE}",
    "on the {SERVICE} service",
    "{SERVICE} / Blue Team",
    "Associate Professor of {SERVICE}",
    "called {SERVICE} clinic",
    "{N} WEST MED/SURG",
    "Hospitalist, Department of Medicine",
    "given {SERVICE} clinic info",
]
SCORES = [
    "CHADS2-VASc",
    "CHA2DS2-VASc",
    "HAS-BLED",
    "NIHSS",
    "ASPECTS",
    "MELD",
    "APACHE II",
    "Mallampati",
    "Gustilo",
    "Kellgren-Lawrence gr",
    "Wells",
    "PHQ-9",
    "GAD-7",
    "AUDIT-C",
    "Braden",
    "Morse",
    "CIWA",
    "COWS",
]
DX_ABBR = ["ADPKD", "IgAN", "FSGS", "DKD", "PCKD", "NASH", "PBC", "PSC", "SLE", "RA", "MGUS", "AML", "CLL", "HFpEF"]
# Specialties and services that name a department or a team, never a facility of their own.
SERVICES = ["Internal Medicine", "Family Practice", "Pediatrics", "Cardiology", "Ophthalmology", "General Medicine",
            "Maternal-Fetal Medicine", "Hospital Medicine", "Anticoag", "Bridge", "Palliative Care", "Wound Care",
            "Geriatrics", "Nephrology", "Infectious Disease", "Rehab Medicine", "Optometry", "Dialysis"]
PLACE_WORDS = [
    "hall",
    "hallway",
    "porch",
    "fridge",
    "chair",
    "recliner",
    "couch",
    "bathroom",
    "kitchen",
    "lobby",
    "driveway",
    "stairs",
    "deck",
    "bedside commode",
]
CAPS_WORDS = [
    "RESTRAINTS",
    "CLEAR LIQUIDS",
    "SOFT WRISTS",
    "ASPIRATION PRECAUTIONS",
    "CONTACT PRECAUTIONS",
    "TF",
    "TUBEFEEDS",
    "NEURO",
    "RESP",
    "CV",
    "GI/GU",
    "ID",
    "SKIN",
    "SOCIAL",
    "DISPO",
    "PLAN",
    "FAMILY",
    "ACCESS",
    "LINES",
    "ENDO",
    "HEME",
    "PAIN",
    "ACTIVITY",
    "CODE STATUS",
    "FULL CODE",
    "DNR/DNI",
    "CMO",
    "STABLE",
    "AFEBRILE",
    "LASIX",
    "REPLETED",
    "ABG",
    "CXR",
    "HCT",
    "COAGS",
    "LYTES",
    "UOP",
    "TBB",
]
# How an exam describes a body, and what a patient ate: plain words that a note in capitals makes look like names
HABITUS = ["SLENDER", "THIN", "OBESE", "MORBIDLY OBESE", "CACHECTIC", "FRAIL", "ELDERLY", "PLEASANT", "WELL-NOURISHED",
           "WELL-DEVELOPED", "DISHEVELED", "UNKEMPT", "ILL-APPEARING", "MUSCULAR", "PETITE", "STOCKY", "OVERWEIGHT"]
FOODS = ["DOUGHNUTS", "JELLO", "PUDDING", "ICE CHIPS", "TOAST", "BROTH", "COFFEE", "CRACKERS", "APPLESAUCE", "ENSURE",
         "GINGER ALE", "POPSICLE", "OATMEAL", "ICE CREAM", "SHERBET", "NECTAR THICK LIQUIDS"]
UNIT_ABBR = [
    "HO",
    "RN",
    "MD",
    "NP",
    "PA",
    "RT",
    "PT",
    "OT",
    "SW",
    "CM",
    "NO",
    "ED",
    "ER",
    "OR",
    "CCU",
    "MICU",
    "SICU",
    "CSRU",
    "TSICU",
    "NICU",
    "PACU",
    "IR",
    "CT",
    "MRI",
    "EP",
    "GI",
    "ID",
    "renal",
    "ortho",
    "neuro",
    "gen surg",
    "team",
    "resident",
    "fellow",
    "attending",
    "covering",
    "night float",
    "rapid response",
    "pharmacy",
]
# Protocols, trials and scales a drip or a ventilator is run by, named by letters, a city or a person
PROTOCOLS = ["ARDSnet", "ARDSNET", "ardsnet", "Portland protocol", "Yale protocol", "NICE-SUGAR", "CIWA", "COWS",
             "ACLS", "Surviving Sepsis", "Glucommander", "heparin nomogram", "Ramsay", "NIHSS"]
MICROBES = sorted(MICROBE_GENERA)
SITES = sorted(BODY_SITES)
SERVICE_WORDS = sorted(SERVICES_CHARTED)
COLOURS = sorted(TEAM_COLOURS)
OPERATIONS = sorted(EPONYMOUS_OPERATIONS)
GRADED = sorted(GRADED_EPONYMS)
# Fields of work, several of them surnames too ("Sales", "Law")
WORK_FIELDS = ["sales", "construction", "finance", "retail", "real estate", "IT", "law", "marketing", "insurance",
               "food service", "banking", "landscaping", "trucking", "education", "manufacturing"]
FAITHS = sorted(FAITHS_AND_PEOPLES)
# Products a note names beside "per" or "see": charting systems and medication cabinets
CHART_SYSTEMS = [
    "carevue", "CareVue", "CAREVUE", "Carevue", "metavision", "MetaVision", "METAVISION", "MV", "epic", "Epic", "EPIC",
    "OMR", "webOMR", "POE", "PowerChart", "Pyxis", "PYXIS", "Omnicell", "eMAR", "BCMA",
]
# Walking aids, drains and lifts, several named after their makers (surnames to the model)
WALKING_AIDS = [
    "walker", "Walker", "WALKER", "rolling walker", "RW", "cane", "quad cane", "hoyer", "Hoyer lift", "HOYER",
    "Stryker frame", "JP drain", "JP", "Jackson-Pratt", "JACKSON PRATT", "hemovac", "Hemovac", "Blake drain",
    "yankauer", "Yankauer", "Miami J collar", "aspen collar", "Bair Hugger", "Roho cushion", "Foley", "FOLEY",
    "miami j collar", "MIAMI J COLLAR", "Philadelphia collar", "PHILADELPHIA COLLAR", "Boston brace", "BOSTON BRACE",
]
BANKS = sorted(HOSPITAL_BANKS)
SPECIALISTS = ["rheumatologist", "cardiologists", "psychiatrist", "nephrologist", "neurologists", "podiatrist",
               "pulmonologist", "hospitalist"]
SHIFTS = [
    "7p-7a",
    "7a-7p",
    "7a-3p",
    "3-11",
    "11-7",
    "11p-7a",
    "noc",
    "days",
    "nights",
    "evenings",
    "0700-1900",
    "1900-0700",
]


# Units and services written after a hospital's short name: they are not part of the name.
HOSPITAL_UNITS = ["ed", "ER", "ew", "ICU", "ccu", "micu", "cath lab", "clinic", "rehab", "floor", "OR", "ed triage"]
# Saints hospitals are named after, beside the given names the generator draws.
SAINTS = ["Elizabeth", "Vincent", "Joseph", "Luke", "Anne", "Francis", "Jude", "Mary", "Agnes", "Clare", "Margaret"]
# Units named after a building, a campus or a hospital's short name: "the Feldberg PACU", "shapiro 7 stepdown".
BUILDING_UNITS = ["pacu", "PACU", "sicu", "micu", "ccu", "icu", "step down", "stepdown", "tele", "cath lab", "endo",
                  "dialysis unit", "OR", "ED", "clinic", "infusion ctr"]
COMPASS = ["East", "West", "North", "South", "east", "west"]
# Nursing homes, rehabs, assisted living and practices are named with everyday words ("Greenbriar", "Oak Hill",
# "Clearview Optometry"): stems and endings that such names join, glued or as two words.
FACILITY_STEMS = ["Green", "Maple", "East", "Clear", "Oak", "Pine", "Brook", "Fair", "Lake", "Hill", "Meadow",
                  "River", "Willow", "Cedar", "Sun", "Spring", "Glen", "Rose", "Elm", "Birch", "Stone", "Silver",
                  "High", "Bay", "Harbor", "Park", "Summer", "Golden", "Shady", "Pleasant", "Heritage", "Country",
                  "Valley", "West"]
FACILITY_ENDINGS = ["briar", "wood", "gate", "view", "crest", "side", "brook", "field", "ridge", "haven", "dale",
                    "mont", "vale", "knoll", "meadows", "pointe", "hurst", "glen", "hill", "grove", "acres", "shire",
                    "bridge", "rise"]
FACILITY_SECOND_WORDS = ["Hill", "Ridge", "Grove", "View", "Meadows", "Brook", "Glen", "Park", "Acres", "Gardens",
                         "Pointe", "Crest", "Haven"]
# A kind word that belongs to the facility's name, and one that only says what sort of place it is ("Hillcrest snf").
FACILITY_KINDS_NAMED = ["Manor", "Rehab", "Nursing Home", "Nursing & Rehab", "Assisted Living", "Senior Living",
                        "Health Care Ctr", "Internal Medicine", "Family Practice", "Pediatrics", "Optometry",
                        "Cardiology Assoc", "Medical Group", "Dialysis", "House", "Village", "Commons", "Terrace"]
FACILITY_KINDS_PLAIN = ["snf", "SNF", "rehab", "ALF", "alf", "NH", "nh", "LTAC", "ltc", "dialysis", "HD unit"]
FACILITY_LEADS = ["dc to", "d/c to", "dc'd to", "discharged to", "accepted at", "accepted to", "bed offer from",
                  "screened by", "liaison from", "referral to", "from", "lives at", "resident of", "came from",
                  "sent from", "return to", "back to", "pcp at", "f/u at", "seen at", "called", "report to",
                  "records from", "fax to", "HD at", "dialysis at", "nurse from"]
FACILITY_VERBS = ["ACCEPTED", "accepted", "called back", "will take pt", "CALLED", "declined", "has bed", "no bed",
                  "aware", "requesting records", "screener here", "faxed"]
# Plain words and phrases hospitals, campuses and wards are named by, beside the surnames and towns the generator draws
HOSPITAL_WORDS = ["Mercy", "Providence", "Baptist", "Trinity", "Covenant", "Advocate", "Genesis", "Presbyterian",
                  "Methodist", "Lutheran", "Adventist", "Sacred Heart", "Holy Family", "Holy Cross", "Faith", "Grace",
                  "Christ", "Harmony", "Summit", "Pinnacle", "Unity", "Bayside", "Lakeside", "Riverside", "Parkview",
                  "Northeast", "North Shore", "Metrowest", "Southcoast", "Beacon", "Mission", "Valley", "Shoreline",
                  "Seaside", "Hillcrest", "Fairview", "Infirmary", "Good Shepherd", "Heritage", "Pioneer"]
# Kind words a hospital is called by after "the" ("seen at the General"), beside the names the generator draws.
HOSPITAL_NICKNAMES = ["General", "Memorial", "Regional", "Deaconess", "Infirmary", "Mercy", "Baptist"]
# Words of a hospital's full name that its short name drops.
HOSPITAL_NAME_GENERIC = {
    "the", "of", "and", "at", "hospital", "medical", "center", "centre", "health", "healthcare", "system", "inc",
    "llc", "community", "regional", "general", "memorial", "campus", "clinic", "care",
}


class FormMaker:
    """Builds form and look-alike fragments with one NoteGen's random stream and value pools."""

    def __init__(self, g: NoteGen):
        self.g = g
        self.r = g.r

    # ------------------------------------------------------------------ values
    def _word_name(self) -> str:
        """A one-word proper name usable as a hospital, building or employer stem."""
        r, g = self.r, self.g
        k = r.random()
        if k < 0.45:
            return g.last()
        if k < 0.75:
            return g.city().split()[0]
        return g.first()

    def _hospital_word(self) -> str:
        """A hospital's, building's or ward's one-word name: a fifth of them a plain word, as many hospitals are
        named ("to trinity 4", "cath at mercy", "SENT TO PROVIDENCE"), so that the slot, not the word's
        strangeness, tells the model it is a place; the rest a name (`_word_name`)."""
        if self.r.random() < 0.2:
            return self.r.choice(HOSPITAL_WORDS)
        return self._word_name()

    def _initials(self) -> str:
        # Never a word that names only a sort of place ("NH" is any nursing home): those are look-alikes.
        while (drawn := self._drawn_initials()) in FACILITY_KINDS_PLAIN:
            pass
        return drawn

    def _drawn_initials(self) -> str:
        r = self.r
        kinds = ["H", "MH", "GH", "MC", "CH", "RH", "HC", "VA", "UH", "MMC", "RMC", "H", "MH"]
        k = r.random()
        if k < 0.25:
            # two letters ending in H, which clinical shorthand often spells too ("from RH", "to MH", "at PH")
            return self._letters(1) + "H"
        if k < 0.4:
            # the kind's letters alone, as a town's one hospital is called there ("to MH", "at GH", "the VA")
            return r.choice([kind for kind in kinds if len(kind) > 1])
        return self._letters(r.randint(1, 3)) + r.choice(kinds)

    def _letters(self, n: int) -> str:
        return "".join(self.r.choice(string.ascii_uppercase) for _ in range(n))

    def year2(self) -> str:
        """A year a history holds, cut to two digits: "93" and "04", never "34", which no note of a living patient
        writes as a year and which is a count or a reading far more often."""
        return self.year4()[2:]

    def year4(self) -> str:
        return str(self.g.history_year())

    def month_day(self) -> str:
        r = self.r
        return f"{r.randint(1, 12)}/{r.randint(1, 31)}"

    # ------------------------------------------------------------------ forms
    def place_lead(self) -> str:
        """A lead a note puts before a place: 45 % one of WARD_LEADS' fixed phrases, 10 % a heading ("OSH:"), the
        rest composed from a subject, a verb and a preposition ("bed assigned on", "HE WAS AT", "pt med flighted
        from"), or a subject and a preposition alone ("pt from"), so that what the model learns is the place's slot
        and not one phrase."""
        r = self.r
        k = r.random()
        if k < 0.45:
            return r.choice(WARD_LEADS)
        if k < 0.55:
            return r.choice(PLACE_HEADINGS).rstrip()
        subject = r.choice(PLACE_SUBJECTS)
        if subject and r.random() < 0.15:
            # no verb at all: "pt from", "PT FROM"
            return f"{subject}{r.choice(PLACE_PREPOSITIONS)}"
        verb = r.choice(PLACE_VERBS)
        when = r.choice(["", "", "", " this am", " last wk", " yesterday", " 2 days ago", " in the past"])
        return f"{subject}{verb}{when} {r.choice(PLACE_PREPOSITIONS)}"

    def hospital_short(self) -> Pieces:
        r = self.r
        lead = self.place_lead()
        k = r.random()
        if k < 0.3:
            org = self._initials()
        elif k < 0.42:
            # a hospital by one word, often with "the" before it as its town calls it ("from the carney")
            org = self._hospital_word()
            if r.random() < 0.3:
                lead += r.choice([" the", " THE"]) if lead.isupper() else " the"
        elif k < 0.6:
            org = f"{self._hospital_word()} {r.choice(HOSP_KINDS)}"
        elif k < 0.73:
            org = self._hospital_cut()
        else:
            side = r.choice(["", "", "E", "W", "N", "S"])
            org = f"{self._hospital_word()}{r.choice(['', ' '])}{r.randint(1, 12)}{side}"
        if r.random() < 0.15:
            # the unit after the hospital's name is no part of it: "mgh ed", "lawrence gen er", "st e's ccu"
            return [
                (lead + " ", None),
                (org, "ORGANIZATION"),
                (" " + r.choice(HOSPITAL_UNITS) + r.choice([".", "", ";", " for eval"]), None),
            ]
        tail = r.choice(
            [
                " for cath",
                " when bed avail",
                " in am",
                " today",
                " yesterday",
                " for rehab",
                "",
                "",
                " by ems",
                " for w/u",
                " for eval",
                " per family",
            ]
        )
        return [(lead + " ", None), (org, "ORGANIZATION"), (tail + r.choice([".", "", ";", " -"]), None)]

    def _hospital_cut(self) -> str:
        """A real hospital's name as notes shorten it: its first word or two ("beth israel", "lawrence gen"), or a
        saint's name with or without its possessive ("st elizabeths", "St. Vincent's", "st e's")."""
        r, g = self.r, self.g
        if r.random() < 0.35:
            saint = g.first() if r.random() < 0.7 else r.choice(SAINTS)
            name = r.choice([saint, saint + "'s", saint + "s", saint[0].lower() + "'s"])
            return r.choice(["st ", "St. ", "st. ", "St ", "saint "]) + name
        words = [w for w in re.split(r"[\s-]+", r.choice(g.res["hospitals"])["name"]) if w.isalpha()]
        words = [w for w in words if w.lower() not in HOSPITAL_NAME_GENERIC][:2] or words[:1]
        cut = " ".join(words[: r.choice([1, 2, 2])])
        if r.random() < 0.3:
            cut += " " + r.choice(["gen", "general", "hosp", "med", "mem", "regional"])
        return string.capwords(cut.lower())

    def hospital_part(self) -> Pieces:
        """A building before its unit, a campus, or a hospital by one word after "the": "to the Feldberg PACU",
        "mri on east campus", "seen at the General"."""
        r = self.r
        verb = self.place_lead()
        lead = verb + r.choice([" the ", " "])
        tail = r.choice([" for cath", " today", " in am", "", " overnight", " per family", " 2 wks ago"])
        k = r.random()
        if k < 0.4:
            unit = " " + r.choice(BUILDING_UNITS)
            name = self._hospital_word()
            return [(lead, None), (name, "ORGANIZATION"), (unit + tail + r.choice([".", "", ";"]), None)]
        if k < 0.7:
            name = r.choice(COMPASS) if r.random() < 0.5 else self._word_name()
            return [(lead, None), (f"{name} campus", "ORGANIZATION"), (tail + r.choice([".", "", ";"]), None)]
        name = r.choice(HOSPITAL_NICKNAMES) if r.random() < 0.25 else self._word_name()
        return [(verb + " the ", None), (name, "ORGANIZATION"), (tail + r.choice([".", "", ";"]), None)]

    def place_service(self) -> Pieces:
        """A town named in the service it gives its name to: "brought in by quincy ems", "per Lynn PD"."""
        r, g = self.r, self.g
        lead = r.choice(
            ["brought in by ", "bib ", "per ", "found by ", "transported by ", "called ", "via ", "report from ", ""]
        )
        service = r.choice(["ems", "EMS", "fire", "fire dept", "PD", "police", "ambulance", "VNA", "vna", "rescue"])
        return [(lead, None), (g.city(), "LOCATION"), (" " + service + r.choice([".", "", ",", " -"]), None)]

    def hospital_subject(self) -> Pieces:
        """The short name opening a line, as a sender or a place of an event: "ELLERY3 DEVELOPED CP"."""
        r = self.r
        ward = f"{self._hospital_word()}{r.choice(['', ' '])}{r.randint(1, 12)}"
        org = r.choice([self._initials(), self._hospital_word(), ward, ward])
        tail = r.choice(
            [
                " developed cp",
                " called",
                " ed called report",
                " er course:",
                " cxr neg",
                " team aware",
                " records requested",
                " notes reviewed",
                " called for report",
                " will take pt at 1500",
                " has a bed",
                " RN called",
                " declined pt",
                " accepted",
                " faxed records",
            ]
        )
        return [(org, "ORGANIZATION"), (tail, None)]

    def _facility_name(self) -> str:
        r = self.r
        stem, ending = r.choice(FACILITY_STEMS), r.choice(FACILITY_ENDINGS)
        if r.random() < 0.6:
            return stem + ending
        return f"{stem} {r.choice(FACILITY_SECOND_WORDS)}"

    def care_facility(self) -> Pieces:
        """A nursing home, rehab or practice named with everyday words: "d/c to Maplewood", "Greenbriar ACCEPTED",
        "2. Oak Hill at Canton -- admissions", "Eastgate Internal Medicine, Newton"."""
        r, g = self.r, self.g
        name = self._facility_name()
        if r.random() < 0.4:
            name += " " + r.choice(FACILITY_KINDS_NAMED)
        plain = " " + r.choice(FACILITY_KINDS_PLAIN) if r.random() < 0.25 else ""
        end = r.choice([".", "", ";", " -", ","])
        k = r.random()
        if k < 0.45:
            tail = r.choice(["", " today", " in am", " when bed avail", " per cm", " for rehab", " 2 wks ago"])
            return [(r.choice(FACILITY_LEADS) + " ", None), (name, "ORGANIZATION"), (plain + tail + end, None)]
        if k < 0.7:
            return [(name, "ORGANIZATION"), (plain + " " + r.choice(FACILITY_VERBS) + end, None)]
        if k < 0.85:
            return [
                (r.choice(["1. ", "2. ", "3) ", "- ", "option: ", ""]), None),
                (name, "ORGANIZATION"),
                (r.choice([" at ", " in ", " of "]), None),
                (g.city(), "LOCATION"),
                (r.choice([" -- admissions", " (pending)", ", declined", " - bed avail", ""]), None),
            ]
        clinician = f"{g.first()} {g.last()}"
        return [
            (clinician, "PROVIDER"),
            (", " + r.choice(["OD", "MD", "NP", "DPM", "PA-C", "DO"]) + ", ", None),
            (name, "ORGANIZATION"),
            (", ", None),
            (g.city(), "LOCATION"),
        ]

    def census_line(self) -> Pieces:
        """A patient as a census or handoff sheet heads a row: "RM 412-B  AGAPITO, FELICIDAD B.  71 YO F"."""
        r, g = self.r, self.g
        room = r.choice([f"RM {r.randint(100, 999)}{r.choice(['', '-A', '-B'])}", f"BED {r.randint(1, 30)}",
                         f"=== RM {r.randint(100, 999)} ===", f"{r.randint(1, 30)})"])
        name = f"{g.last()}, {g.first()}" + (f" {self._letters(1)}." if r.random() < 0.6 else "")
        return [
            (room + r.choice(["  ", " ", "   "]), None),
            (name.upper() if r.random() < 0.8 else name, "NAME"),
            (f"{r.choice(['  ', '   ', ' '])}{r.randint(19, 89)} {r.choice(['YO', 'yo', 'Y/O'])} {r.choice('MF')}",
             None),
        ]

    def employer(self) -> Pieces:
        r, g = self.r, self.g
        lead = r.choice(
            [
                "works at",
                "worked at",
                "retired from",
                "employed by",
                "employed at",
                "works for",
                "job at",
                "was a nurse at",
                "laid off from",
                "works as a driver for",
                "used to work at",
            ]
        )
        name = r.choice(
            [
                self._word_name(),
                # an employer by its initials: "machinist at GE"
                self._letters(r.randint(2, 4)),
                g.res["fakers"]["en_US"].company().split(",")[0].split(" ")[0],
                f"{self._word_name()} {r.choice(['Inc', 'Corp', 'Co', 'Industries', 'Mills', 'Bank', 'Foods'])}",
            ]
        )
        return [
            (r.choice(["", "wife ", "husb ", "pt ", "son "]) + lead + " ", None),
            (name, "ORGANIZATION"),
            (".", None),
        ]

    def years_list(self) -> Pieces:
        r = self.r
        # a third of lists run on from the sentence before, with no heading ("MI 93, CABG 86, redo 90")
        headings = ["PMH: ", "PMHx ", "pmh- ", "PSH: ", "hx ", "h/o ", "s/p ", "PMH:"]
        lead = "" if r.random() < 0.33 else r.choice(headings)
        out: Pieces = [(lead, None)]
        for i in range(r.randint(1, 4)):
            if i:
                out.append((r.choice([", ", "; ", " ", ",", " / "]), None))
            item = r.choice(PMH_ITEMS)
            k = r.random()
            if k < 0.35:
                out += [(item + " ", None), (self.year2(), "DATE")]
            elif k < 0.5:
                out += [
                    (item + r.choice([" '", "'", " "]), None),
                    (self.year2(), "DATE"),
                    ("'" if r.random() < 0.3 else "", None),
                ]
            elif k < 0.6:
                out += [(item + " ", None), (self.year2(), "DATE"), ("'", None)]
            elif k < 0.7:
                year = self.year4() if r.random() < 0.5 else self.year2()
                out += [(item + r.choice([" ", " in ", " (", " since ", " back in ", " IN "]), None), (year, "DATE")]
            elif k < 0.78:
                # the same event twice: "AVR 1963, 1979", "R TKR 2001/2011"
                out += [
                    (item + r.choice([" ", " x2 ", " in "]), None),
                    (self.year4(), "DATE"),
                    (r.choice([", ", " and ", "/", " & ", ","]), None),
                    (self.year4(), "DATE"),
                ]
            elif k < 0.85:
                apostrophe = r.choice(["'", "", "’"])
                out += [
                    (item + r.choice([" x2 (", " (", " - "]) + apostrophe, None),
                    (self.year2(), "DATE"),
                    (r.choice([", ", " & ", "/"]) + apostrophe, None),
                    (self.year2(), "DATE"),
                    (")", None),
                ]
            else:
                out += [
                    (item + r.choice([" x2 ", " "]), None),
                    (self.year2(), "DATE"),
                    (", ", None),
                    (self.year2(), "DATE"),
                ]
        return out

    def year_event(self) -> Pieces:
        """A year alone after the event of a life it dates, in a sentence rather than a history list: "clean since
        04", "widowed in 88, lives alone", "on HD since '09"."""
        r = self.r
        event = r.choice(YEAR_EVENTS)
        word = r.choice(["since ", "in ", "back in ", "since '", "in '", "until ", "till ", "from ", ""])
        year = self.year2() if r.random() < 0.75 else self.year4()
        tail = r.choice(["", ".", ",", " per pt", " per dtr", ", lives alone", " - stable", "; no issues since"])
        return [(r.choice(["", "pt ", "PT ", "wife ", "pt reports "]) + event + " " + word, None), (year, "DATE"),
                (tail, None)]

    def year_of_history(self) -> Pieces:
        """A year alone beside any test, episode, operation or habit of a history, joined as notes join them: "last
        echo 01 EF 25%", "prior intubation in 99 for PNA", "cath-98", "MRSA (02) in sputum", "h/o DVT 2000 & PE 02"."""
        r = self.r
        out: Pieces = [(r.choice(["", "", "hx ", "h/o ", "s/p ", "pt reports ", "HX OF ", "per records ", "prior "]),
                        None)]
        for i in range(1 if r.random() < 0.7 else 2):
            if i:
                out.append((r.choice([" & ", ", ", "; ", " and "]), None))
            event = r.choice(HISTORY_EVENTS) if r.random() < 0.6 else r.choice(PMH_ITEMS)
            join = r.choice(HISTORY_JOINS)
            year = self.year2() if join.endswith("'") or r.random() < 0.7 else self.year4()
            out += [(event + join, None), (year, "DATE"), (")" if join.endswith("(") else "", None)]
        out.append((r.choice(HISTORY_TAILS), None))
        return out

    def decade(self) -> Pieces:
        r = self.r
        dec = r.choice(["19", ""]) + str(r.randint(3, 9)) + "0"
        dec += r.choice(["s", "S", "'s", "'S"])
        return [
            (
                r.choice(
                    ["in the ", "since the ", "smoked until the ", "dx in the ", "quit in the ", "sober since the "]
                ),
                None,
            ),
            (dec, "DATE"),
            (".", None),
        ]

    def glued_date(self) -> Pieces:
        r = self.r
        md = self.month_day() if r.random() < 0.7 else f"{r.randint(1, 12)}/{self.year2()}"
        k = r.random()
        if k < 0.2:
            return [
                (r.choice(["HPI:", "EVENTS:", "ADM:", "ED:", "PMH:", "CXR:", "ECHO:", "CATH:", "Hct:"]), None),
                (md, "DATE"),
                (" " + r.choice(CAPS_EVENTS), None),
            ]
        if k < 0.4:
            return [(r.choice(PMH_ITEMS) + r.choice(["", " "]), None), (md, "DATE"), (".", None)]
        if k < 0.6:
            return [(md, "DATE"), ("-" + r.choice(CAPS_EVENTS), None)]
        if k < 0.8:
            return [
                (
                    r.choice(["NO GROWTH FROM ", "CX FROM ", "LAST ", "SINCE ", "ON ", "s/p PCI x2 ", "due ", "f/u "]),
                    None,
                ),
                (md, "DATE"),
                (" " + r.choice(CAPS_EVENTS) if r.random() < 0.6 else ".", None),
            ]
        lead = r.choice(["(", "[", "on ", "dated ", "in ", "since ", "until ", "back in "])
        return [(lead, None), (md, "DATE"), (r.choice([")", "]", ":", ".", " requiring intubation", ""]), None)]

    def stay_day(self) -> Pieces:
        """A day of the stay by month and day alone, beside the event it dates, with a slash, a hyphen or a month's
        short name glued on: "extubated 12-5", "ETT out 12/5 am", "last BM Mar14", "12-5: reintubated"."""
        r = self.r
        m, d = r.randint(1, 12), r.randint(1, 31)
        k = r.random()
        if k < 0.5:
            day = f"{m}-{d}"
        elif k < 0.8:
            day = f"{m}/{d}"
        else:
            mon = calendar.month_abbr[m]
            day = r.choice([f"{mon}{d}", f"{d}{mon}", f"{mon}-{d}", f"{d}-{mon}"])
        event = r.choice(STAY_EVENTS)
        if r.random() < 0.25:
            # the day opens the line, the event after it
            return [(day, "DATE"), (r.choice([": ", " - ", " ", "- "]) + event + r.choice(["", ".", ";"]), None)]
        glue = " " if event.endswith("since") else r.choice([" ", " ", " on ", ": ", " @ ", " - ", " ("])
        tail = r.choice(["", "", " in am", " overnight", ".", ",", " per team", " w/o incident", " - no issues",
                         " at night"])
        if glue == " (":
            tail = ")" + tail
        return [(event + glue, None), (day, "DATE"), (tail, None)]

    def clinician(self) -> Pieces:
        r, g = self.r, self.g
        first, last = g.first(), g.last()
        k = r.random()
        if k < 0.15:
            if r.random() < 0.25:
                # "dr okafor's office called", "per dr lamb's note"
                return [
                    (r.choice(["dr ", "dr. ", "Dr ", "DR ", "per dr ", "called dr "]), None),
                    (last, "PROVIDER"),
                    (r.choice(["'s office", "'s note", "'s pager", "'s team", "s office"]), None),
                ]
            return [
                (r.choice(["dr ", "dr. ", "Dr ", "DR "]), None),
                (last, "PROVIDER"),
                (" " + r.choice(CLIN_VERBS), None),
            ]
        if k < 0.28:
            return [
                (r.choice(["per ", "d/w ", "discussed w/ ", "spoke to ", "paged "]), None),
                (f"{first[0]} {last}", "PROVIDER"),
                (".", None),
            ]
        if k < 0.42:
            return [(f"{first} {last}", "PROVIDER"), (" " + r.choice(CREDS) + " " + r.choice(CLIN_VERBS), None)]
        if k < 0.56:
            # "T. HALVERSON PULLED LINE", "K OSEI ORDERED": the initial's full stop is as often left out
            initial = first[0] + r.choice([".", ". ", " ", " "])
            return [(initial + last, "PROVIDER"), (" " + r.choice(CLIN_VERBS), None)]
        if k < 0.66:
            return [
                (r.choice(["MD ", "NP ", "RN ", "HO ", "RESIDENT ", "FELLOW "]), None),
                (last, "PROVIDER"),
                (" " + r.choice(CLIN_VERBS), None),
            ]
        if k < 0.76:
            return [
                (r.choice(["Drs ", "Drs. ", "drs "]), None),
                (last, "PROVIDER"),
                (r.choice([" and ", " & ", "/"]), None),
                (g.last(), "PROVIDER"),
                (" at bedside", None),
            ]
        if k < 0.84:
            return [(f"{first} {last}", "PROVIDER"), (" " + r.choice(["RT", "NP", "PA", "RN", "MD", "PT", "SW"]), None)]
        if k < 0.88:
            # a hand-off names the nurse or doctor it passes to or from: "signed out to Tran at 1900"
            name = r.choice([last, last, first, f"{first} {last}", last.lower(), last.upper()])
            return [
                (r.choice(HANDOFF_LEADS) + " ", None),
                (name, "PROVIDER"),
                (r.choice([" at 1900", " @ 0700", " rn", " RN", ", aware of plan", "", ".", " for the night"]), None),
            ]
        if k < 0.96:
            # "pruitt from PT evaluated pt": a surname first, then the service it comes from
            service = r.choice(["PT", "OT", "pt", "SW", "renal", "GI", "cards", "ID", "nutrition", "speech", "IV team",
                                "surgery", "neuro", "pharmacy", "palliative", "wound care", "case mgmt", "psych"])
            verb = r.choice(["evaluated pt", "saw pt", "will f/u", "rec rehab", "aware", "in", "in to eval pt",
                             "in to see pt", "recs TF", "met w/ family", "following", "called back", "recs SNF"])
            return [
                (r.choice([last, last.lower(), last.upper(), f"{first[0]} {last}"]), "PROVIDER"),
                (f" from {service} {verb}", None),
            ]
        return [
            (r.choice(["chaplain ", "sw ", "case mgr ", "nutrition ", "pt/ot "]), None),
            (last, "PROVIDER"),
            (" " + r.choice(["visited", "following", "to see", "saw pt"]), None),
        ]

    def clinician_by_role(self) -> Pieces:
        """A clinician named after the role a team list or sign-out gives them, with a colon or a dash and no verb:
        "Attg: Singh", "Res: Park, Intern: Lee", "CNA - Deb.", "covering: dr okafor"."""
        r, g = self.r, self.g
        out: Pieces = []
        for i in range(1 if r.random() < 0.6 else r.randint(2, 3)):
            if i:
                out.append((r.choice([", ", "; ", ". ", "  ", " / "]), None))
            label = r.choice(ROLE_LABELS) + r.choice([": ", ":", " - ", "- ", ": dr ", ": Dr. "])
            name = g.last() if r.random() < 0.65 else g.first()
            out += [(label, None), (name, "PROVIDER")]
        out.append((r.choice(["", ".", ",", " ", "."]), None))
        return out

    def relative(self) -> Pieces:
        r, g = self.r, self.g
        name = g.first() if r.random() < 0.6 else g.nickname()
        k = r.random()
        if k < 0.3:
            return [
                (r.choice(REL_LEADS) + " ", None),
                (name, "NAME"),
                (r.choice(["", f" ({r.choice(REL_WORDS)})", "."]), None),
            ]
        if k < 0.5:
            return [
                (r.choice(REL_WORDS).capitalize() + r.choice([", ", " "]), None),
                (name, "NAME"),
                (r.choice([", updated.", " at bedside", ", called", " visiting", ", aware."]), None),
            ]
        if k < 0.7:
            return [
                (name, "NAME"),
                (r.choice([" and ", " & "]), None),
                (g.first(), "NAME"),
                (r.choice([" both HCP", " visited", " (children) in", " aware", " @ 1400", " @ 2pm", " in @ 1900"]),
                 None),
            ]
        if k < 0.78:
            # a nickname in quotes or brackets between the names: 'Patricia "Patty" Donnelly'
            opening, closing = r.choice([(' "', '" '), (" (", ") "), (' ("', '") ')])
            return [
                (r.choice(REL_WORDS).capitalize() + r.choice(["/HCP: ", ": ", " - ", " "]), None),
                (g.first(), "NAME"),
                (opening, None),
                (g.nickname(), "NAME"),
                (closing, None),
                (g.last(), "NAME"),
                (r.choice([", lives in town", " at bedside", ", updated", ""]), None),
            ]
        if k < 0.85:
            return [
                (r.choice(["call from ", "visit from "]), None),
                (name, "NAME"),
                (" in ", None),
                (g.city(), "LOCATION"),
            ]
        return [
            (r.choice(REL_WORDS) + " ", None),
            (name, "NAME"),
            (" " + r.choice(["called", "here", "updated by md", "in to visit"]), None),
        ]

    def odd_phone(self) -> Pieces:
        r = self.r
        a, b, c = r.randint(201, 989), r.randint(200, 999), r.randint(0, 9999)
        lead = r.choice(PHONE_LEADS) + r.choice([" ", "-", ": ", "#", " #"])
        k = r.random()
        if k < 0.15:
            return [(lead + "(", None), (f"{a}/{b}/{c:04d}", "PHONE"), (")", None)]
        if k < 0.3:
            return [(lead, None), (r.choice([f"{a}/{b}/{c:04d}", f"{a}.{b}.{c:04d}", f"{a} {b} {c:04d}"]), "PHONE")]
        if k < 0.55:
            return [
                (lead, None),
                (r.choice([f"{a} {b}-{c:04d}", f"{a}-{b}{c:04d}", f"{a}{b}{c:04d}", f"{b}-{c:04d}"]), "PHONE"),
            ]
        if k < 0.8:
            return [
                (lead, None),
                (
                    str(r.randint(10000, 99999)) if r.random() < 0.6 else f"{r.randint(1, 9)}-{r.randint(1000, 9999)}",
                    "PHONE",
                ),
            ]
        return [(lead + "x", None), (str(r.randint(1000, 99999)), "PHONE")]

    def town(self) -> Pieces:
        r, g = self.r, self.g
        lead = r.choice(
            [
                "lives in",
                "from",
                "home in",
                "lives alone in",
                "dtr in",
                "ems from",
                "moved to",
                "grew up in",
                "lives w/ wife in",
                "mva in",
                "fall at home in",
            ]
        )
        town = g.city()
        if r.random() < 0.25:
            # a town of two words by its initials ("lives in JP"), of one long word cut short ("from Dorch"); the
            # pool's towns are mostly one word, so others stand for the initials of towns of two words, never a
            # state's code ("lives in MA" names no town)
            words = town.split()
            initials = "".join(w[0] for w in words).upper()
            if len(words) > 1 and initials not in STATE_CODES:
                town = initials
            elif len(words) == 1 and len(town) > 7 and r.random() < 0.4:
                town = town[: r.randint(4, 6)]
            else:
                town = r.choice([i for i in (self._letters(2) for _ in range(3)) if i not in STATE_CODES] or ["JP"])
        return [(lead + " ", None), (town, "LOCATION"), (r.choice([".", "", ",", " area"]), None)]

    def lookalike(self) -> Pieces:
        from phigen import EPONYMS  # phigen imports this module: read its list at call time

        r, g = self.r, self.g
        vals = {
            "V": lambda: str(r.choice([5, 8, 10, 12, 14, 15, 18, 20])),
            "W": lambda: str(r.choice([5, 8, 10, 12])),
            "TV": lambda: str(r.choice([400, 450, 500, 550, 600])),
            "RR": lambda: str(r.randint(8, 28)),
            "FI": lambda: str(r.choice([30, 35, 40, 50, 60, 100])),
            "RATE": lambda: str(r.choice([5, 10, 20, 40, 60, 75, 100, 125, 150])),
            "TIME": lambda: r.choice(
                [
                    f"{r.randint(0, 23):02d}{r.choice(['00', '15', '30', '45'])}",
                    f"{r.randint(1, 12)}{r.choice(['a', 'p', 'am', 'pm'])}",
                ]
            ),
            "SHIFT": lambda: r.choice(SHIFTS),
            "DRUG": lambda: r.choice(g.res["drugs"]),
            "DRUGCAP": lambda: r.choice(g.res["drugs"]).upper(),
            "UNITABBR": lambda: r.choice(UNIT_ABBR),
            "CAPSWORD": lambda: r.choice(CAPS_WORDS),
            "SBP": lambda: str(r.randint(80, 190)),
            "DBP": lambda: str(r.randint(40, 110)),
            "VOL": lambda: str(r.randint(100, 3000)),
            "N": lambda: str(r.randint(1, 12)),
            "K": lambda: f"{r.randint(2, 5)}.{r.randint(0, 9)}",
            "SAT": lambda: str(r.randint(85, 100)),
            "GCS": lambda: str(r.randint(3, 15)),
            "AGE": lambda: str(r.randint(18, 89)),
            "AGE2": lambda: str(r.randint(2, 8)),
            "EPONYM": lambda: re.split(r"[ ']", r.choice(EPONYMS))[0],
            "SCORE": lambda: r.choice(SCORES),
            "DXABBR": lambda: r.choice(DX_ABBR),
            "PLACEWORD": lambda: r.choice(PLACE_WORDS),
            "CHARTSYS": lambda: r.choice(CHART_SYSTEMS),
            "AID": lambda: r.choice(WALKING_AIDS),
            "SERVICE": lambda: r.choice(SERVICES),
            "HABITUS": lambda: r.choice(HABITUS),
            "SEXWORD": lambda: r.choice(["MALE", "FEMALE", "MAN", "WOMAN", "ELDERLY MAN", "GENTLEMAN", "LADY"]),
            "FOOD": lambda: r.choice(FOODS),
            "KIN": lambda: r.choice(KIN_WORDS),
            "GCSPARTS": lambda: f"E{r.randint(1, 4)}V{r.choice(['1', '2', '3', '4', '5', 'T'])}M{r.randint(1, 6)}",
            "TNM": lambda: f"{r.choice(['p', 'c', 'yp', ''])}T{r.choice(['1', '1c', '2', '3', '4a'])}N{r.randint(0, 2)}"
            f"{r.choice(['M0', 'M1', 'Mx', ''])}",
            "FAMDX": lambda: r.choice(FAMILY_FINDINGS),
            "PROTOCOL": lambda: r.choice(PROTOCOLS),
            "LETTER": lambda: r.choice("ABCDEFGH"),
            "MICROBE": lambda: r.choice(MICROBES).capitalize() if r.random() < 0.5 else r.choice(MICROBES),
            "SITE": lambda: r.choice(SITES).upper() if r.random() < 0.7 else r.choice(SITES),
            "SERVICEWORD": lambda: r.choice(SERVICE_WORDS).upper() if r.random() < 0.5 else r.choice(SERVICE_WORDS),
            "COLOUR": lambda: r.choice(COLOURS).upper() if r.random() < 0.5 else r.choice(COLOURS),
            "FAITH": lambda: r.choice(FAITHS).capitalize() if r.random() < 0.5 else r.choice(FAITHS),
            "BANK": lambda: r.choice(BANKS).upper() if r.random() < 0.5 else r.choice(BANKS),
            "SPECIALIST": lambda: r.choice(SPECIALISTS).upper() if r.random() < 0.5 else r.choice(SPECIALISTS),
            "WARDID": lambda: f"{r.randint(2, 14)}{r.choice('RNSEWABC')}",
            "OPERATION": lambda: r.choice([str.capitalize, str.upper, str.lower])(r.choice(OPERATIONS)),
            "FIELD": lambda: r.choice([str.capitalize, str.upper, str.lower])(r.choice(WORK_FIELDS)),
            "COMPASS": lambda: r.choice([str.capitalize, str.upper])(r.choice(COMPASS_POINTS)),
            "GRADED": lambda: r.choice([str.title, str.upper, str.lower])(r.choice(GRADED)),
            "GRADE": lambda: r.choice(["I", "II", "IIb", "III", "IV", "1", "2", "3", "4", "grade 3", "B"]),
        }
        tpl = r.choice(LOOKALIKES)
        out, pos = "", 0
        while True:
            i = tpl.find("{", pos)
            if i < 0:
                break
            j = tpl.index("}", i)
            out += tpl[pos:i] + vals[tpl[i + 1 : j]]()
            pos = j + 1
        return [(out + tpl[pos:], None)]

    FORMS = (
        "hospital_short",
        "hospital_short",
        "hospital_short",
        "hospital_part",
        "hospital_part",
        "hospital_part",
        "hospital_subject",
        "employer",
        "care_facility",
        "care_facility",
        "census_line",
        "years_list",
        "years_list",
        "years_list",
        "year_event",
        "year_event",
        "year_event",
        "year_event",
        "year_of_history",
        "year_of_history",
        "year_of_history",
        "decade",
        "glued_date",
        "glued_date",
        "glued_date",
        "stay_day",
        "stay_day",
        "clinician",
        "clinician",
        "clinician",
        "clinician_by_role",
        "relative",
        "relative",
        "relative",
        "odd_phone",
        "town",
        "town",
        "place_service",
    )

    def fragment(self, lookalike_share: float) -> Pieces:
        if self.r.random() < lookalike_share:
            return self.lookalike()
        return getattr(self, self.r.choice(self.FORMS))()
