"""Consistency across the chunks of a job travels as a PHI-free, MAC'd state blob."""

from __future__ import annotations

import zlib

import pytest
from phiguard.inference.engine import EngineInputError, build_engine


def test_state_round_trip_gives_same_replacements_across_calls(engine):
    a = engine.deidentify("Patient: John Smith seen 03/14/2021, tel 617-555-1234.", strategy="surrogate")
    b = engine.deidentify("Later: John Smith, 03/14/2021, 617-555-1234.", strategy="surrogate", state=a.state)
    for key in ("John Smith", "03/14/2021", "617-555-1234"):
        assert a.replacements[key] == b.replacements[key]


def test_consistent_numbers_continue_across_chunks(engine):
    a = engine.deidentify("Mr. Adams met Mr. Baker.", strategy="consistent")
    b = engine.deidentify("Mr. Baker then Mr. Clark.", strategy="consistent", state=a.state)
    assert a.replacements["Baker"] == b.replacements["Baker"] == "[NAME_2]"
    assert b.replacements["Clark"] == "[NAME_3]"


def test_new_job_gets_a_new_seed(engine):
    a = engine.deidentify("John Smith", strategy="surrogate")
    b = engine.deidentify("John Smith", strategy="surrogate")
    assert a.state != b.state


def test_state_holds_no_phi(engine):
    text = "Patient: Zebulon Quixotepants, MRN: 99887766, SSN 123-45-6789"
    r = engine.deidentify(text, strategy="consistent")
    raw = zlib.decompress(r.state[36:])
    for secret in (b"Zebulon", b"Quixotepants", b"99887766", b"123-45-6789", b"zebulon"):
        assert secret not in raw and secret not in r.state


def test_tampered_or_foreign_state_is_refused(engine):
    r = engine.deidentify("John Smith", strategy="consistent")
    tampered = r.state[:-1] + bytes([r.state[-1] ^ 1])
    with pytest.raises(EngineInputError):
        engine.deidentify("x", strategy="consistent", state=tampered)
    with pytest.raises(EngineInputError):
        build_engine(b"some-other-secret-123456").deidentify("x", state=r.state)
    with pytest.raises(EngineInputError):
        engine.deidentify("x", state=b"garbage")


def test_a_name_found_in_one_chunk_is_found_in_the_next(engine):
    a = engine.deidentify("Patient: Zebulon Quill, MRN: 99887766", strategy="placeholder")
    b = engine.deidentify("Quill called; chart 99887766 updated.", strategy="placeholder", state=a.state)
    assert "Quill" not in b.text and "99887766" not in b.text
    fresh = engine.deidentify("Quill called.", strategy="placeholder")
    assert "Quill" in fresh.text  # nothing else makes it a name: the state did


def test_known_values_are_capped(monkeypatch):
    from phiguard.inference.engine import state as state_mod

    monkeypatch.setattr(state_mod, "MAX_KNOWN", 3)
    s = state_mod.DeidState(known={f"k{i}": "NAME" for i in range(10)})
    back = state_mod.DeidState.load(s.dump(b"k" * 16), b"k" * 16)
    assert list(back.known) == ["k7", "k8", "k9"]
