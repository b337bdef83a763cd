"""ICU nursing shorthand through the shipped model and the engine together (real ONNX model, no mocks), typed as
nurses type it: in lower case, in capitals, glued. Services, drips, rates, ventilator settings, clock times and
states of the patient are no one's name, date or place; the relatives and clinicians among them still are."""
from __future__ import annotations

import pytest


SHORTHAND = [
    "pt seen by ID, renal, cards. SEEN BY ORTHO, PT, OT.",
    "Vanco 1 gm q12, zosyn 4.5 q8. Fent gtt 50 mcg/hr, versed 2mg/hr. MAP>65, levophed off since 0400.",
    "11p-7a nsg note: pt restless at 0200, given haldol 2mg iv with good effect. slept 3-4 hr intervals.",
    "11P-7A NSG NOTE: PT RESTLESS AT 0200, GIVEN HALDOL 2MG IV WITH GOOD EFFECT. SLEPT 3-4 HR INTERVALS.",
    "plan for ir guided picc tomorrow. covered w/ 2u humalog per riss for bs 210 at 2100.",
    "received from ew at 1900. R IJ TLC placed by team, cxr confirmed.",
    "RESP: CPAP 12/5, PS 8/5, FIO2 40%. TF @60CC/HR VIA OGT. DOBUTAMINE @ 5MCG/KG/MIN.",
    "Pt in RESTRAINTS for safety, tolerating CLEAR LIQUIDS. SICU to MICU transfer when bed avail.",
    "Trendelenburg for line placement. Valsalva with no change. Flexiseal placed, draining.",
]


@pytest.mark.parametrize("text", SHORTHAND)
def test_shorthand_names_no_one(detect, text):
    assert [(s.entity_type, text[s.start : s.end]) for s in detect(text)] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("spoke with lou (son) who will come in tomorrow.", "lou"),
        ("dr okafor will call back re: results.", "okafor"),
        ("CHAPLAIN ROSS VISITED, PT RESTLESS.", "ROSS"),
        ("son rusty called, wife hope at bedside.", "rusty"),
    ],
)
def test_people_among_the_shorthand_stay(detect, text, value):
    start = text.index(value)
    assert any(s.start <= start < s.end for s in detect(text))
