"""The detection pipeline (named stages, each switchable and timed) and the one date grammar detection and
date shifting share."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from engine_secret import SECRET
from phiguard.inference.engine import EngineInputError, build_engine
from phiguard.inference.engine.date_grammar import MONTH, MONTH_ABBREVIATIONS, MONTH_NAMES, month_number
from phiguard.inference.engine.date_shift import DateShifter

STAGES = ["recognizers", "resolve", "neighbours", "calendar", "initials", "propagation", "settle", "harmonize",
          "profile"]


def _pairs(engine, text):
    return [(s.entity_type, text[s.start : s.end]) for s in engine.detect(text)]


def test_the_stages_in_the_order_they_run(engine):
    assert engine.stage_names == STAGES


@pytest.mark.parametrize(
    ("stage", "text", "found_only_by_it"),
    [
        ("neighbours", 'Stepfather Piotr Kowal ("Piotrek") moved out.', ("NAME", "Piotrek")),
        ("calendar", "Admitted 01/09/2092 from the OSH. Presented there 1/8 w/ fever and rigors.", ("DATE", "1/8")),
        ("initials", "RN: M. Oyelowo, RN\n0805 | 118/74 | 76 | baseline  | MO\n", ("PROVIDER", "MO")),
        ("propagation", "Dr. Ødegaard saw her. Plan per Ødegaard.", ("PROVIDER", "Ødegaard")),
    ],
)
def test_a_disabled_stage_finds_nothing(engine, stage, text, found_only_by_it):
    without = build_engine(SECRET, disabled_stages=[stage])
    assert stage not in without.stage_names
    assert _pairs(engine, text).count(found_only_by_it) == _pairs(without, text).count(found_only_by_it) + 1


def test_an_unknown_stage_is_refused_naming_the_known_ones():
    with pytest.raises(EngineInputError) as e:
        build_engine(SECRET, disabled_stages=["propagaton"])
    assert "propagaton" not in str(e.value) and all(name in str(e.value) for name in STAGES)


def _timed(call, text: str) -> list[tuple[str, float]]:
    timed: list[tuple[str, float]] = []
    call(text, on_stage=lambda name, seconds: timed.append((name, seconds)))
    return timed


def test_every_enabled_stage_reports_its_duration(engine):
    for call in (engine.detect, engine.deidentify):
        timed = _timed(call, "Dr. Ann Lee saw Mr. Bob Ray on 01/02/2020.")
        assert [name for name, _ in timed] == STAGES and all(seconds >= 0 for _, seconds in timed)
    timed = _timed(build_engine(SECRET, disabled_stages=["calendar"]).detect, "x")
    assert [name for name, _ in timed] == [s for s in STAGES if s != "calendar"]


MONTH_FORMS = MONTH_NAMES + MONTH_ABBREVIATIONS


@pytest.mark.parametrize("form", MONTH_FORMS)
def test_every_month_form_is_read_by_the_grammar(form):
    assert re.fullmatch(MONTH, form, re.IGNORECASE)
    assert MONTH_NAMES[month_number(form) - 1].startswith(form)


@pytest.mark.parametrize("form", MONTH_FORMS)
def test_every_month_form_is_both_detected_and_shifted(engine, form):
    written = f"{form} 3, 2020"
    assert ("DATE", written) in _pairs(engine, f"Seen {written} in clinic.")
    shifted = DateShifter(40).shift(written)
    moved = date(2020, month_number(form), 3) + timedelta(days=40)
    month, day, year = re.fullmatch(r"(\w+) (\d+), (\d{4})", shifted).groups()
    assert (month_number(month), int(day), int(year)) == (moved.month, moved.day, moved.year)


@pytest.mark.parametrize("sep", "/.-")
def test_a_numeric_date_with_each_separator_is_both_detected_and_shifted(engine, sep):
    written = sep.join(("04", "07", "2069"))
    assert ("DATE", written) in _pairs(engine, f"Seen {written} in clinic.")
    assert DateShifter(1).shift(written) == sep.join(("04", "08", "2069"))
