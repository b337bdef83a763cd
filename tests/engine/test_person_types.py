"""The API's meaning of NAME and PROVIDER: NAME is any person, PROVIDER a clinician. A person is reported as a
PROVIDER only where the note gives a clinical role (a title, credential, role, clinician's label or signing
line, or the same surname as a clinician elsewhere); otherwise NAME, whatever the model guessed. A person's
name is one span of one type even where the model typed its words apart."""

from __future__ import annotations

import pytest
from phiguard.inference.engine import Span


def _model(text: str, *parts: tuple[str, str], nth: int = 0) -> list[Span]:
    """Model spans as the NER model reports them: (type, words) found in `text`."""
    spans, pos = [], 0
    for etype, words in parts:
        start = text.index(words, pos)
        spans.append(Span(start, start + len(words), etype, 0.97, "model:test"))
        pos = start + len(words)
    return spans


def _people(engine, text: str, model: list[Span], **kw) -> list[tuple[str, str]]:
    return [
        (s.entity_type, text[s.start : s.end])
        for s in engine.detect(text, model_spans=model, **kw)
        if s.entity_type in ("NAME", "PROVIDER")
    ]


def test_the_readme_example_is_a_name_though_the_model_says_provider(engine):
    text = "John Smith SSN 123-45-6789"
    model = _model(text, ("PROVIDER", "John Smith"))
    assert _people(engine, text, model) == [("NAME", "John Smith")]
    # what a client asking for NAME and SSN gets back
    found = {
        (s.entity_type, text[s.start : s.end])
        for s in engine.detect(text, model_spans=model, entity_types=["NAME", "SSN"])
    }
    assert found == {("NAME", "John Smith"), ("SSN", "123-45-6789")}


@pytest.mark.parametrize(
    ("text", "parts", "name"),
    [
        ("Patient Mary Jones, SSN 123-45-6789", (("NAME", "Mary"), ("PROVIDER", "Jones")), "Mary Jones"),
        ("Patient Mary Jones, SSN 123-45-6789", (("PROVIDER", "Mary"), ("NAME", "Jones")), "Mary Jones"),
        ("Spoke with Mary Q. Jones about the results.", (("NAME", "Mary"), ("PROVIDER", "Jones")), "Mary Q. Jones"),
        ("Spoke with Mary Q Jones about the results.", (("NAME", "Mary"), ("NAME", "Jones")), "Mary Q Jones"),
    ],
)
def test_a_person_split_by_the_model_is_one_name(engine, text, parts, name):
    assert _people(engine, text, _model(text, *parts)) == [("NAME", name)]


def test_a_split_clinician_is_one_provider(engine):
    text = "Discussed with Mary Jones, MD at bedside."
    assert _people(engine, text, _model(text, ("NAME", "Mary"), ("PROVIDER", "Jones"))) == [("PROVIDER", "Mary Jones")]


def test_two_people_with_more_than_a_blank_between_stay_two(engine):
    text = "Cc: Dr. Adams, Mary Jones"
    people = _people(engine, text, _model(text, ("PROVIDER", "Adams"), ("NAME", "Mary Jones")))
    assert ("NAME", "Mary Jones") in people and ("PROVIDER", "Adams") in people


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seen by Dr. Sarah Johnson today.", "Sarah Johnson"),  # a rule's title
        ("discussed with dr. okonkwo, who saw the pt.", "okonkwo"),  # a title in a lower-case note
        ("Plan reviewed; - chidi okonkwo, md", "chidi okonkwo"),  # a credential after it
        ("Encounter closed. — Yesenia Ramos, CPhT", "Yesenia Ramos"),
        ("Cont ASA/plavix per Nwachukwu; next cards appt May.", "Nwachukwu"),  # who said so
        ("Hypotensive overnight, paged Halvorsen at 02:10.", "Halvorsen"),
        ("Pt to be transported by Luis (technician).", "Luis"),  # a role in brackets
        ("Electronically signed by Maeve Tran 03/14/2087 16:42", "Maeve Tran"),  # a signature line
        ("cc: Farouk Haddad (Harborview Counseling)", "Farouk Haddad"),  # a clinician's label
        ("Kofi Agyeman-Hale, PT, DPT: WBAT RLE.", "Kofi Agyeman-Hale"),  # a credential after another
    ],
)
def test_a_clinical_role_in_context_keeps_provider(engine, text, name):
    assert ("PROVIDER", name) in _people(engine, text, _model(text, ("PROVIDER", name)))


@pytest.mark.parametrize(
    "text",
    [
        "John Smith SSN 123-45-6789",
        "Patient: John Smith",
        "Lives with John Smith in a trailer.",
        "John Smith called about his refill.",
    ],
)
def test_no_clinical_role_makes_a_name(engine, text):
    assert _people(engine, text, _model(text, ("PROVIDER", "John Smith"))) == [("NAME", "John Smith")]


def test_the_same_surname_as_a_clinician_elsewhere_keeps_provider(engine):
    text = "Elena Ruiz called back about the labs.\nPlan per Dr. Ruiz: repeat BMP."
    people = _people(engine, text, _model(text, ("PROVIDER", "Elena Ruiz")))
    assert ("PROVIDER", "Elena Ruiz") in people and ("NAME", "Elena Ruiz") not in people


def test_initials_of_a_clinician_keep_provider(engine):
    text = "CHAIR 7 | RN J. Kittredge\n0845 | 120/76 | 78 | JK\n"
    people = _people(engine, text, _model(text, ("PROVIDER", "JK")))
    assert ("PROVIDER", "JK") in people and ("NAME", "JK") not in people


def test_a_clinician_of_an_earlier_window_keeps_provider_in_the_next(engine):
    later = "Okafor returned the call, no changes."
    model = _model(later, ("PROVIDER", "Okafor"))
    first = engine.deidentify("Plan per Dr. Okafor, cardiology.", strategy="placeholder")
    after = engine.deidentify(later, strategy="placeholder", model_spans=model, state=first.state)
    alone = engine.deidentify(later, strategy="placeholder", model_spans=model)
    assert [(s.entity_type, later[s.start : s.end]) for s in after.spans] == [("PROVIDER", "Okafor")]
    assert [(s.entity_type, later[s.start : s.end]) for s in alone.spans] == [("NAME", "Okafor")]
