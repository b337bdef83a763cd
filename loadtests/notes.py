"""Synthetic clinical notes with gold PHI spans, for load tests and benchmarks.

Every value is invented (seeded `random.Random`), so nothing here is real PHI. A note mixes the kinds
of text a de-identifier meets in practice: headers with identifiers, narrative with names, dates and
places, and long runs of clinical shorthand that must NOT be flagged (vitals, labs, scores, spine levels,
ages of 89 and under, department names).

    from notes import NoteGenerator
    gen = NoteGenerator(seed=1)
    note = gen.note(1000)        # about 1,000 characters, never cut inside a sentence
    note.text, note.spans        # spans: (start, end, entity_type), code-point offsets
    gen.realistic()              # a note whose size follows a clinical mix (most 0.5–3 KB, some 10–30 KB)

Standard library only: the locust workers, the bench and the tests all import it.
The generator is independent of the model's training data generator, so recall measured on it is not
recall on the training distribution.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field

FIRST = ["James", "Maria", "Robert", "Linda", "Michael", "Yolanda", "Dmitri", "Ngozi", "Tomasz", "Ananya",
         "Carlos", "Mei", "Bjorn", "Fatou", "Rahul", "Siobhan", "Kenji", "Amara", "Elena", "Tyrone", "Ingrid",
         "Mohammed", "Harriet", "Pablo", "Keiko", "Declan", "Leticia", "Oluwaseun", "Beatrix", "Hamza"]
LAST = ["Johnson", "Alvarez", "Thompson", "Okonkwo", "Petrov", "McAllister", "Nakamura", "Fitzgerald", "Delacroix",
        "Brennan", "Abernathy", "Vasquez", "Lindqvist", "Oyelaran", "Chaudhry", "Whitfield", "Moreau", "Kaczmarek",
        "Donovan", "Esposito", "Haugen", "Ramirez", "Sorensen", "Tanaka", "Underwood", "Yilmaz", "Zielinski"]
STREETS = ["Maple Ave", "Oak Street", "Cedar Lane", "Harbor Rd", "Elm Court", "Pine Ridge Dr", "Lakeview Blvd"]
CITIES = [("Springfield", "IL"), ("Dayton", "OH"), ("Fresno", "CA"), ("Tacoma", "WA"), ("Macon", "GA"),
          ("Burlington", "VT"), ("Provo", "UT"), ("Duluth", "MN"), ("Amarillo", "TX"), ("Savannah", "GA")]
HOSPITALS = ["St. Brigid Medical Center", "Riverside Community Hospital", "Mercy Valley Hospital",
             "Northgate Health Clinic", "Lakeshore Regional Medical Center", "Holy Cross Rehabilitation Center"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
RELATIONS = ["daughter", "son", "wife", "husband", "sister", "brother", "niece", "neighbor"]
DEPARTMENTS = ["Cardiology", "Nephrology", "Physical Therapy", "Social Work", "Palliative Care", "Neurology"]

# Sentences: {SLOT} is filled with a PHI value (recorded as a gold span); {~slot} with non-PHI text.
HEADER = [
    "Patient: {PATIENT}    MRN: {MRN}    DOB: {DATE}",
    "Name: {PATIENT}  Acct #: {ACCOUNT}  Admit date: {DATE}",
    "PATIENT NAME: {PATIENT}\nMEDICAL RECORD NUMBER: {MRN}\nDATE OF SERVICE: {DATE}",
]
NARRATIVE = [
    "{PATIENT} is a {~age} yo {~sex} with {~pmh} who presented to {HOSPITAL} on {DATE} with {~complaint}.",
    "Seen in clinic by Dr. {PROVIDER} on {DATE}; {~pronoun} reports {~complaint} for {~days} days.",
    "{~Pronoun} lives at {ADDRESS} with {~pronoun2} {~relation} {NAME}.",
    "Spoke with {~relation} {NAME} at {PHONE} and updated on the plan of care.",
    "Records faxed to {HOSPITAL} at {FAX} on {DATE}.",
    "Pt's {~relation} can be reached by email at {EMAIL}.",
    "SSN on file: {SSN}. Insurance verified by registration.",
    "Discussed with Dr. {PROVIDER} ({~dept}), who agrees with the plan.",
    "Follow-up appointment with Dr. {PROVIDER} on {DATE} at {HOSPITAL}.",
    "{PATIENT} is a {AGE_OLD}-year-old {~sex} admitted from a nursing home in {CITY} for {~complaint}.",
    "Transferred from {HOSPITAL} ({CITY}) on {DATE} after {~days} days of {~complaint}.",
    "Patient portal: {URL} (login issues reported on {DATE}).",
    "Remote monitoring device reporting from IP {IP}; last upload {DATE}.",
    "Mr. {LASTNAME} was ambulating in the hallway with RN {NAME} this morning.",
    "Ms. {LASTNAME} tolerated the procedure well; consent signed by {~relation} {NAME} on {DATE}.",
    "Discharge planning: home with VNA, PCP Dr. {PROVIDER}, phone {PHONE}.",
]
CLINICAL = [
    "BP {~bp}/{~dp}, HR {~hr}, RR {~rr}, SpO2 {~spo2}% on RA, T {~temp}.",
    "Na {~na} K {~k} Cl 101 HCO3 24 BUN {~bun} Cr {~cr} Glucose {~glu}.",
    "WBC {~wbc}, Hgb {~hgb}, Plt {~plt}; INR 1.{~d1}.",
    "Lungs CTAB, no wheezes. Abd soft, NT/ND, +BS. Ext without edema.",
    "Neuro: A&Ox3, GCS 15, CN II-XII grossly intact, strength 5/5 throughout.",
    "MRI L-spine shows disc bulge at L4-L5 with mild foraminal narrowing; no cord compression.",
    "ECHO: EF {~ef}%, mild MR, no pericardial effusion. NYHA class II.",
    "Plan: continue metoprolol 25 mg PO BID, lisinopril 10 mg daily, heparin 5000 units SC q8h.",
    "Consult {~dept} re: {~complaint}. PT/OT eval ordered.",
    "Pain 3/10, controlled with acetaminophen 650 mg q6h PRN. Tolerating regular diet.",
    "Foley removed at 0600, voided x2. I/O {~io1}/{~io2} mL.",
    "CXR: no acute cardiopulmonary process. Blood cultures x2 pending, no growth to date.",
    "A1c {~a1c}%, on insulin glargine 20 units qHS with sliding scale lispro.",
    "Wound on the left heel 2 x 3 cm, clean granulation tissue, dressing changed.",
    "Apgar 8 and 9. Braden score 16. Morse fall score 45, fall precautions in place.",
    "Patient is a {~age} year old {~sex} with {~pmh}; afebrile overnight, VSS.",
]
SECTIONS = ["HPI:", "Hospital course:", "Physical exam:", "Labs:", "Assessment and plan:", "Social history:",
            "Nursing note:", "Disposition:"]
_FILL = {
    "sex": ["male", "female", "M", "F"], "pronoun": ["he", "she"], "Pronoun": ["He", "She"],
    "pronoun2": ["his", "her"], "relation": RELATIONS, "dept": DEPARTMENTS,
    "pmh": ["HTN, DM2 and CKD stage 3", "CHF (EF 30%) and AFib on apixaban", "COPD on 2L home O2",
            "ESRD on HD MWF", "prior CVA with residual left weakness", "cirrhosis, Child-Pugh B"],
    "complaint": ["chest pain", "shortness of breath", "a fall at home", "fever and dysuria", "syncope",
                  "worsening leg swelling", "confusion", "abdominal pain"],
}
_RANGES = {"age": (19, 89), "days": (1, 14), "bp": (92, 178), "dp": (48, 104), "hr": (52, 128), "rr": (12, 26),
           "spo2": (88, 100), "na": (128, 146), "bun": (7, 64), "glu": (68, 312), "plt": (90, 420), "d1": (0, 9),
           "ef": (20, 65), "io1": (600, 2400), "io2": (400, 2600), "hgb": (7, 16)}
_SLOT = re.compile(r"\{(~?)(\w+)\}")


@dataclass
class Note:
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.text)


class NoteGenerator:
    def __init__(self, seed: int = 0) -> None:
        self.r = random.Random(seed)

    # ---- PHI values: (text, entity type)
    def _phi(self, slot: str) -> tuple[str, str]:
        r = self.r
        if slot in ("PATIENT", "NAME"):
            return f"{r.choice(FIRST)} {r.choice(LAST)}", "NAME"
        if slot == "LASTNAME":
            return r.choice(LAST), "NAME"
        if slot == "PROVIDER":
            return (r.choice([f"{r.choice(FIRST)} {r.choice(LAST)}", r.choice(LAST)])), "PROVIDER"
        if slot == "DATE":
            y, m, d = r.randint(1935, 2025), r.randint(1, 12), r.randint(1, 28)
            return r.choice([f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{MONTHS[m - 1]} {d}, {y}",
                             f"{y}-{m:02d}-{d:02d}", f"{d} {MONTHS[m - 1][:3]} {y}"]), "DATE"
        if slot == "PHONE":
            a, b, c = r.randint(201, 989), r.randint(200, 999), r.randint(0, 9999)
            return r.choice([f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"{a}.{b}.{c:04d}"]), "PHONE"
        if slot == "FAX":
            return f"{r.randint(201, 989)}-{r.randint(200, 999)}-{r.randint(0, 9999):04d}", "FAX"
        if slot == "EMAIL":
            return f"{r.choice(FIRST).lower()}.{r.choice(LAST).lower()}{r.randint(1, 99)}@examplemail.com", "EMAIL"
        if slot == "SSN":
            return f"{r.randint(100, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}", "SSN"
        if slot == "MRN":
            return r.choice([f"{r.randint(10**6, 10**8 - 1)}", f"MR{r.randint(10**5, 10**7)}"]), "MRN"
        if slot == "ACCOUNT":
            return f"{r.randint(10**8, 10**10)}", "ACCOUNT"
        if slot == "HOSPITAL":
            return r.choice(HOSPITALS), "ORGANIZATION"
        if slot == "CITY":
            return r.choice(CITIES)[0], "LOCATION"
        if slot == "ADDRESS":
            city, state = r.choice(CITIES)
            return f"{r.randint(12, 9899)} {r.choice(STREETS)}, {city}, {state} {r.randint(10000, 99950)}", "LOCATION"
        if slot == "AGE_OLD":
            return str(r.randint(90, 104)), "AGE"
        if slot == "URL":
            return f"https://portal.{r.choice(LAST).lower()}health.org/patient/{r.randint(1000, 99999)}", "URL"
        if slot == "IP":
            return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "IP"
        raise KeyError(slot)

    def _filler(self, slot: str) -> str:
        r = self.r
        if slot in _FILL:
            return r.choice(_FILL[slot])
        if slot in _RANGES:
            return str(r.randint(*_RANGES[slot]))
        return {"temp": f"{r.uniform(97.0, 101.8):.1f}", "k": f"{r.uniform(3.1, 5.6):.1f}",
                "cr": f"{r.uniform(0.6, 3.2):.1f}", "wbc": f"{r.uniform(3.5, 19.0):.1f}",
                "a1c": f"{r.uniform(5.4, 11.2):.1f}"}[slot]

    def _render(self, template: str, note: Note) -> None:
        pos = 0
        for m in _SLOT.finditer(template):
            note.text += template[pos:m.start()]
            if m.group(1):
                note.text += self._filler(m.group(2))
            else:
                value, etype = self._phi(m.group(2))
                note.spans.append((len(note.text), len(note.text) + len(value), etype))
                note.text += value
            pos = m.end()
        note.text += template[pos:]

    def note(self, chars: int) -> Note:
        """A note of at least `chars` characters (rarely more than one sentence over), never cut mid-sentence."""
        r = self.r
        note = Note("")
        self._render(r.choice(HEADER), note)
        while len(note.text) < chars:
            if r.random() < 0.12:
                note.text += "\n\n" + r.choice(SECTIONS) + "\n"
            else:
                note.text += " " if not note.text.endswith("\n") else ""
            # about 1 sentence in 3 carries PHI, like real progress notes
            self._render(r.choice(NARRATIVE if r.random() < 0.35 else CLINICAL), note)
        return note

    def realistic_size(self) -> int:
        """Log-normal around 1.8 KB (nursing and progress notes), clipped to 300 B – 30 KB (long summaries)."""
        return int(min(30_000, max(300, math.exp(self.r.gauss(math.log(1800), 0.9)))))

    def realistic(self) -> Note:
        return self.note(self.realistic_size())

    def notes(self, n: int, chars: int) -> list[Note]:
        return [self.note(chars) for _ in range(n)]


def recall(gold: list[Note], found: list[list[tuple[int, int]]]) -> float:
    """Share of gold spans that some predicted span overlaps (type-agnostic: what de-identification needs)."""
    total = hit = 0
    for note, spans in zip(gold, found, strict=True):
        for gs, ge, _ in note.spans:
            total += 1
            hit += any(s < ge and gs < e for s, e in spans)
    return hit / total if total else float("nan")


def precision(gold: list[Note], found: list[list[tuple[int, int]]]) -> float:
    """Share of predicted spans that overlap some gold span."""
    total = hit = 0
    for note, spans in zip(gold, found, strict=True):
        for s, e in spans:
            total += 1
            hit += any(s < ge and gs < e for gs, ge, _ in note.spans)
    return hit / total if total else float("nan")


if __name__ == "__main__":
    n = NoteGenerator(1).note(1000)
    print(n.text)
    for s, e, t in n.spans:
        print(f"{t:13s} {n.text[s:e]!r}")
