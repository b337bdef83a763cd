"""Strategies exactly as DESIGN.md describes them."""

from __future__ import annotations

import re

import pytest
from phiguard.inference.engine import EngineInputError, build_engine
from phiguard.inference.engine.date_shift import DateShifter
from phiguard.inference.engine.strategies import hash_tag

NOTE = (
    "Patient: John Smith  MRN: 00123456\nMr. Smith was seen by Dr. Sarah Johnson on 03/14/2021 and "
    "again on March 20, 2021. Call (617) 555-1234. John Smith agrees."
)


def test_placeholder(engine):
    r = engine.deidentify(NOTE)
    assert "[NAME]" in r.text and "[PROVIDER]" in r.text and "[DATE]" in r.text and "[MRN]" in r.text
    assert r.replacements["John Smith"] == "[NAME]"


def test_consistent_numbers_by_value_and_never_echoes(engine):
    r = engine.deidentify(NOTE, strategy="consistent")
    assert r.replacements["John Smith"] == "[NAME_1]"
    assert r.text.count("[NAME_1]") == 2
    assert r.replacements["Smith"] == "[NAME_2]"
    assert "Smith" not in r.text and "_1]" in r.text


def test_redact_keeps_length(engine):
    r = engine.deidentify(NOTE, strategy="redact")
    assert len(r.text) == len(NOTE)
    assert "█" * len("John Smith") in r.text and "John" not in r.text


def test_hash_is_keyed_stable_and_64_bits(engine):
    r1 = engine.deidentify(NOTE, strategy="hash", tenant="key-a")
    r2 = engine.deidentify(NOTE, strategy="hash", tenant="key-a")
    tag = r1.replacements["John Smith"]
    assert re.fullmatch(r"\[NAME_[0-9a-f]{16}\]", tag)
    assert r2.replacements["John Smith"] == tag
    other = build_engine(b"another-secret-0123456789").deidentify(NOTE, strategy="hash", tenant="key-a")
    assert other.replacements["John Smith"] != tag
    assert hash_tag(b"k" * 16, "NAME", "John  SMITH") == hash_tag(b"k" * 16, "NAME", "john smith")


def test_hash_tags_are_keyed_per_tenant(engine):
    # Two API keys hashing the same name get unrelated tags, so neither can reverse the other's output by
    # hashing guesses; one key's tags stay stable across calls.
    a1 = engine.deidentify(NOTE, strategy="hash", tenant="key-a").replacements
    a2 = engine.deidentify(NOTE, strategy="hash", tenant="key-a").replacements
    b = engine.deidentify(NOTE, strategy="hash", tenant="key-b").replacements
    assert a1 == a2
    assert set(a1) == set(b)
    assert all(a1[v] != b[v] for v in a1)
    assert hash_tag(b"k" * 16, "NAME", "John Smith", "a") != hash_tag(b"k" * 16, "NAME", "John Smith", "b")


def test_surrogate_realistic_format_preserving_and_consistent(engine):
    r = engine.deidentify(NOTE, strategy="surrogate")
    rep = r.replacements
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", rep["03/14/2021"])
    assert re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", rep["March 20, 2021"])
    assert re.fullmatch(r"\(\d{3}\) \d{3}-\d{4}", rep["(617) 555-1234"])
    assert re.fullmatch(r"\d{8}", rep["00123456"])
    assert re.fullmatch(r"[A-Z][a-z'-]+ [A-Z][a-z'-]+", rep["John Smith"])
    assert all(k != v for k, v in rep.items())
    assert r.text.count(rep["John Smith"]) == 2
    assert "Smith" not in r.text


def test_surrogate_dates_share_one_offset(engine):
    from datetime import date

    r = engine.deidentify("Admitted 03/14/2021, discharged 03/20/2021.", strategy="surrogate")
    a = [int(x) for x in r.replacements["03/14/2021"].split("/")]
    b = [int(x) for x in r.replacements["03/20/2021"].split("/")]
    assert (date(b[2], b[0], b[1]) - date(a[2], a[0], a[1])).days == 6


def test_a_date_shifted_onto_another_date_of_the_note_keeps_the_offset(engine):
    """Two dates the offset apart: the earlier one's shift is the later one as written. It must still move by the
    offset (a made-up date there would break the note's intervals); the later one moves on as usual."""
    from datetime import date, timedelta

    first = engine.deidentify("seen 06/10/2024", strategy="surrogate")
    m, d, y = (int(x) for x in first.replacements["06/10/2024"].split("/"))
    offset = date(y, m, d) - date(2024, 6, 10)
    earlier = (date(2024, 6, 10) - offset).strftime("%m/%d/%Y")
    r = engine.deidentify(f"seen {earlier}, back 06/10/2024", strategy="surrogate", state=first.state)
    assert r.replacements[earlier] == "06/10/2024"
    assert r.replacements["06/10/2024"] == (date(2024, 6, 10) + offset).strftime("%m/%d/%Y")
    assert offset != timedelta(0)


@pytest.mark.parametrize(
    ("original", "shape"),
    [
        ("04/07/69", r"\d\d/\d\d/\d\d"),
        ("2069-04-07", r"\d{4}-\d\d-\d\d"),
        ("Jan 3rd", r"[A-Z][a-z]{2} \d{1,2}(st|nd|rd|th)"),
        ("3 JANUARY 2020", r"\d{1,2} [A-Z]+ \d{4}"),
        ("7/22", r"\d{1,2}/\d{1,2}"),
        ("Nov 2019", r"[A-Z][a-z]{2} \d{4}"),
        ("November", r"[A-Z][a-z]+"),
        ("2019", r"\d{4}"),
        ("04/07/69 10:32", r"\d\d/\d\d/\d\d 10:32"),
        # a day glued to a month's abbreviation keeps its side and its case
        ("Mar14", r"[A-Z][a-z]{2}\d{1,2}"),
        ("17APR", r"\d{1,2}[A-Z]{3}"),
        ("5aug", r"\d{1,2}[a-z]{3}"),
    ],
)
def test_date_shift_keeps_format_and_moves(original, shape):
    for offset in (30, -30, 200, -350):
        new = DateShifter(offset).shift(original)
        assert new != original and re.fullmatch(shape, new), (original, new)


def test_date_shift_exact():
    assert DateShifter(10).shift("12/25/2020") == "01/04/2021"
    assert DateShifter(-1).shift("2020-03-01") == "2020-02-29"
    assert DateShifter(31).shift("Jan 3rd, 2020") == "Feb 3rd, 2020"
    assert DateShifter(40).shift("17APR") == "27MAY"


def test_surrogate_ids_keep_letter_digit_pattern(engine):
    r = engine.deidentify("Patient ID: P-0048213, VIN 1HGCM82633A004352", strategy="surrogate")
    pid = r.replacements["P-0048213"]
    assert re.fullmatch(r"[A-Z]-\d{7}", pid) and pid != "P-0048213"
    from phiguard.inference.engine.recognizers.checksums import vin_valid

    assert vin_valid(r.replacements["1HGCM82633A004352"])


def test_text_outside_spans_is_byte_identical(engine):
    for strategy in ("placeholder", "consistent", "redact", "hash", "surrogate"):
        r = engine.deidentify(NOTE, strategy=strategy)
        pos_in, pos_out = 0, 0
        for span in r.spans:
            gap = NOTE[pos_in : span.start]
            assert r.text[pos_out : pos_out + len(gap)] == gap
            pos_out += len(gap) + len(r.replacements[NOTE[span.start : span.end]])
            pos_in = span.end
        assert r.text[pos_out:] == NOTE[pos_in:]


def test_unknown_strategy_is_an_input_error_without_text(engine):
    with pytest.raises(EngineInputError) as e:
        engine.deidentify("John Smith", strategy="shred")
    assert "John" not in str(e.value)


def test_month_shortyear_shift_keeps_format():
    new = DateShifter(45).shift("9/68")
    assert re.fullmatch(r"\d{1,2}/\d\d", new) and new != "9/68"


@pytest.mark.parametrize(
    ("text", "hospital"), [("Taken to Brandt Hosp today.", "Brandt Hosp"), ("TAKEN TO BRANDT HOSP.", "BRANDT HOSP")]
)
def test_a_hospital_named_with_its_short_suffix_keeps_the_suffix(engine, text, hospital):
    fake = engine.deidentify(text, strategy="surrogate").replacements[hospital]
    assert fake.lower().endswith(" hosp") and fake.split()[0].lower() != hospital.split()[0].lower()
