"""Seeded generator of PHI-free clinical shorthand for measuring false positives.

Every line is built from vitals, labs, doses, scores, frequencies, times, weekdays and ward words:
all things a de-identifier must leave alone. Any span the engine reports here is a false positive.
"""

from __future__ import annotations

import random

from corpus import Document

_LABS = [
    "Na",
    "K",
    "Cl",
    "HCO3",
    "BUN",
    "Cr",
    "Glu",
    "Ca",
    "Mg",
    "Phos",
    "WBC",
    "Hgb",
    "Hct",
    "Plt",
    "INR",
    "PTT",
    "Lactate",
    "Trop",
    "BNP",
    "ALT",
    "AST",
    "Alk phos",
    "T bili",
    "Alb",
    "Lipase",
    "TSH",
    "A1c",
    "ESR",
    "CRP",
]
_MEDS = [
    "metoprolol",
    "lisinopril",
    "furosemide",
    "heparin",
    "insulin glargine",
    "vancomycin",
    "pip-tazo",
    "KCl",
    "magnesium sulfate",
    "acetaminophen",
    "oxycodone",
    "ondansetron",
    "pantoprazole",
    "enoxaparin",
    "propofol",
    "norepinephrine",
    "fentanyl",
    "amiodarone",
    "diltiazem",
    "ceftriaxone",
    "albuterol",
]
_UNITS = ["mg", "mcg", "g", "units", "mEq", "mL", "mg/kg", "mcg/min", "mcg/kg/min", "units/hr"]
_FREQ = ["daily", "BID", "TID", "QID", "q4h", "q6h", "q8h", "q12h", "qHS", "PRN", "x1", "x2", "once"]
_ROUTE = ["PO", "IV", "SC", "IM", "SL", "NG", "PR", "neb"]
_WARD = ["MICU", "SICU", "CCU", "PACU", "floor", "stepdown", "tele", "ED", "OR", "IR suite", "cath lab"]
_DEVICE = ["foley", "PICC", "A-line", "CVL", "ETT", "NGT", "OGT", "JP drain", "chest tube", "PIV x2", "trach"]
_WHEN = [
    "today",
    "this AM",
    "overnight",
    "yesterday",
    "on Monday",
    "Tuesday night",
    "this afternoon",
    "at 0600",
    "at 14:30",
    "q shift",
    "in AM",
    "tonight",
    "over the weekend",
    "at noon",
    "since 2200",
]
_PHRASES = [
    "cont to monitor",
    "will f/u",
    "pt tolerating well",
    "NAD",
    "A&Ox3",
    "denies pain",
    "NPO after MN",
    "OOB to chair",
    "ambulating w/ PT",
    "afebrile",
    "lungs CTA bilat",
    "RRR no m/r/g",
    "abd soft NT/ND",
    "+BS x4",
    "MAE",
    "PERRLA",
    "skin intact",
    "no edema",
    "1+ pedal edema",
    "I/O even",
]


def _vital(r: random.Random) -> str:
    return r.choice(
        [
            f"BP {r.randint(85, 190)}/{r.randint(40, 110)}",
            f"HR {r.randint(45, 140)}",
            f"RR {r.randint(10, 34)}",
            f"T {r.uniform(35.5, 40.2):.1f}",
            f"Tmax {r.uniform(97, 103.5):.1f}",
            f"SpO2 {r.randint(84, 100)}%",
            f"MAP {r.randint(55, 110)}",
            f"CVP {r.randint(2, 18)}",
            f"UOP {r.randint(10, 200)} cc/hr",
            f"FiO2 {r.choice([21, 30, 40, 50, 60, 100])}%",
            f"PEEP {r.choice([5, 8, 10, 12])}",
            f"GCS {r.randint(3, 15)}",
            f"pain {r.randint(0, 10)}/10",
            f"wt {r.uniform(45, 140):.1f} kg",
            f"ABG {r.uniform(7.1, 7.55):.2f}/{r.randint(25, 80)}/{r.randint(55, 300)}",
        ]
    )


def _lab(r: random.Random) -> str:
    name = r.choice(_LABS)
    sep = r.choice([" ", ": ", " = ", " "])
    return f"{name}{sep}{r.choice([f'{r.uniform(0.1, 15):.1f}', str(r.randint(1, 450)), f'{r.uniform(0.01, 2):.2f}'])}"


def _med(r: random.Random) -> str:
    dose = r.choice(
        [
            str(r.choice([0.5, 1, 2, 2.5, 5, 10, 12.5, 20, 25, 40, 50, 80, 100, 250, 500, 1000, 1250])),
            str(r.randint(1, 30)),
        ]
    )
    unit = r.choice(_UNITS)
    glue = r.choice(["", " "])
    return f"{r.choice(_MEDS)} {dose}{glue}{unit} {r.choice(_ROUTE)} {r.choice(_FREQ)}"


def _line(r: random.Random) -> str:
    parts = []
    for _ in range(r.randint(2, 6)):
        parts.append(
            r.choice(
                [
                    _vital,
                    _lab,
                    _med,
                    lambda x: x.choice(_PHRASES),
                    lambda x: x.choice(_DEVICE) + " in place",
                    lambda x: "transferred to " + x.choice(_WARD),
                    lambda x: x.choice(_WHEN),
                    lambda x: f"strength {x.randint(3, 5)}/5",
                    lambda x: f"{x.randint(1, 3)}+ reflexes",
                    lambda x: f"step {x.randint(1, 4)} of {x.randint(4, 6)}",
                ]
            )(r)
        )
    line = ", ".join(parts) + "."
    return line.upper() if r.random() < 0.35 else line


def generate(n_docs: int = 20, lines_per_doc: int = 15, seed: int = 7) -> list[Document]:
    r = random.Random(seed)
    return [
        Document(f"negatives-{i:02d}", "\n".join(_line(r) for _ in range(lines_per_doc)), []) for i in range(n_docs)
    ]
