"""Notes typed in capitals through the shipped model and the engine together (real ONNX model, no mocks): what
the rules leave to the model there (tests/engine/test_shouted_text.py) is still found."""
from __future__ import annotations

import re

import pytest


def _covered(text: str, spans, value: str) -> bool:
    start = re.search(rf"\b{value}\b", text).start()  # the word, not "PMH" for "MH"
    return any(s.start < start + len(value) and start < s.end for s in spans)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("R. ACHTERBERG, MD\nLAKESIDE OB/GYN, 2200 WATERTOWN PLANK RD", "LAKESIDE"),
        # initials the abbreviation inventory holds as something else ("RH", "MH"), which the model is sure of
        ("PMH: MI 93, CABG 86. PT TRANSFERRED FROM RH LAST PM, ON HEPARIN.", "RH"),
        ("TRANSFERRED FROM MH ICU 3/2 FOR CABG EVAL.", "MH"),
    ],
)
def test_places_the_rules_leave_to_the_model_are_found(detect, text, value):
    assert _covered(text, detect(text), value)


def test_plain_words_in_capitals_stay_clinical(detect):
    text = "PT IN RESTRAINTS FOR SAFETY. ON CLEAR LIQUIDS, TOLERATING SOFT FOODS. CHAPLAIN VISITED."
    assert not [s for s in detect(text) if s.entity_type in ("ORGANIZATION", "LOCATION", "NAME", "PROVIDER")]
