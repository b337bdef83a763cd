"""The note's own calendar: month/day shapes and bare years that only the note's other dates explain."""

from __future__ import annotations

import pytest
from engine_secret import SECRET
from phiguard.inference.engine.calendar import month_of
from phiguard.inference.engine.span import Span


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("2092-01-27", 1),
        ("01/27/2092", 1),
        ("1/8", 1),
        ("3/2088", 3),
        ("Aug 4, 2088", 8),
        ("March 2086", 3),
        ("Labor Day", None),
        ("2079", None),
        ("27/01/2092", None),
    ],
)
def test_month_of(value, month):
    assert month_of(value) == month


def test_a_day_with_no_date_word_is_dated_by_the_notes_month(found):
    # "w/" follows grades ("3/6 w/ radiation") as often as dates: the January admission settles it
    dated = "Admitted 01/09/2092 from the OSH. Presented there 1/8 w/ fever and rigors."
    assert ("DATE", "1/8") in found(dated)
    # the same shape in a note dated in July stays unclaimed
    assert ("DATE", "1/8") not in found("Admitted 07/09/2092 from the OSH. Presented there 1/8 w/ fever and rigors.")
    # the month either side counts: a stay across the new year
    assert ("DATE", "1/3") in found("Admitted 12/28/2091 with pneumonia. Extubated 1/3 w/ good gas.")


def test_scores_stay_scores_in_a_dated_note(found):
    note = "Seen 03/02/2090. 3/6 w/ radiation to axilla. Strength 4/5 with effort. Pain 3/10 with walking."
    assert not {v for t, v in found(note) if t == "DATE"} - {"03/02/2090"}


def test_a_score_after_its_scales_name_stays_a_score_in_a_dated_note(found):
    note = "Seen 07/02/2090. Scores: ASES 36 ; VAS 7/10, pt global 7/10."
    assert {v for t, v in found(note) if t == "DATE"} == {"07/02/2090"}


def test_a_day_written_as_about_then_is_a_date(found):
    assert ("DATE", "6/14") in found("f/u: ortho clinic w/ Dr. Mhlanga 2 wks post-op (~6/14) for staple removal")


def test_bare_years_within_the_notes_lifetime_are_dates(found):
    note = "Record date: 2088-09-02\nETT 2083 neg. Tolerated cephalexin 2059. Quit tobacco 2079 (40 pk-yr)."
    got = found(note)
    assert {("DATE", "2083"), ("DATE", "2059"), ("DATE", "2079")} <= got
    # a year after the note's latest date, or one with no dated note around it, stays a number
    assert ("DATE", "2095") not in found("Record date: 2088-09-02\nCultures 2095 sent.")
    assert ("DATE", "2083") not in found("ETT 2083 neg.")


@pytest.mark.parametrize(
    "line",
    [
        "BNP 2085 today.",
        "Fluid goal 2000 mL.",
        "Zosyn next due 2000.",
        "0715 - report received.\n1830 - fall risk high.",
        "I/O 0700-1900: 840",
    ],
)
def test_readings_doses_and_clock_times_are_not_years(found, line):
    assert not [v for t, v in found("Record date: 2088-09-02\n" + line) if t == "DATE" and v != "2088-09-02"]


def test_ranges_of_days(found):
    got = found("R IJ CVC 1/9-1/18; A-line 12/30 - 1/4. Strength 4/5-5/5 throughout.")
    assert {("DATE", "1/9"), ("DATE", "1/18"), ("DATE", "12/30"), ("DATE", "1/4")} <= got
    assert not {v for t, v in got if t == "DATE"} & {"4/5", "5/5"}


def test_the_calendar_travels_between_the_windows_of_a_job(engine):
    # the window that holds the dated admission and the one that holds "1/8 w/" are separate calls
    first = engine.deidentify("Admitted 01/09/2092 from the OSH.", strategy="redact")
    alone = engine.deidentify("Presented there 1/8 w/ fever.", strategy="redact")
    later = engine.deidentify("Presented there 1/8 w/ fever.", strategy="redact", state=first.state)
    assert "1/8" in alone.text
    assert "1/8" not in later.text
    # the state carries keyed digests, never the month or the year
    assert b"2092" not in first.state and SECRET not in first.state


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("then rest pain 1/11 0300; TnI peak 4.8", "1/11"),  # a day and its clock time
        ("on apixaban (last dose 10/31 0800), CKD 3a", "10/31"),
        ("empagliflozin 10 (last dose 1/10, >72 h - ok)", "1/10"),
        ("clozapine 300 mg qhs (level 3/30: 412, norclozapine 198)", "3/30"),
        ("duloxetine 30 qd (started Feb for neuropathy)", "Feb"),
        ("HTN since ~2070", "2070"),
    ],
)
def test_days_anchored_by_their_neighbours(found, text, value):
    assert ("DATE", value) in found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("lives alone, apt in Natick; smokes 1/2 ppd; EtOH social", "1/2"),
        ("SpO2 86% at 4 min on RA; Borg 5/10; HR 98", "5/10"),
        ("puncture wound; SIRS 3/4 (T>100.4, HR>90)", "3/4"),
        ("Dx: septic shock 2/2 LLL MSSA pneumonia", "2/2"),
        ("Seen 3/2. 3/6 SEM at the apex.", "3/6"),
        ("monofilament absent 4/10 sites bilat", "4/10"),
    ],
)
def test_scores_ratios_and_secondary_to_are_not_days(found, text, value):
    assert ("DATE", value) not in found(text)


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("BUN           19        17        18        16", "18        16", False),  # cells of a lab table
        ("FEV1 (L)      1.71        59       2.02        68", "2.02", False),
        ("pT3 pN1b (3/17 LN) M0", "3/17", False),
        ("CV: reg, 2/6 holosystolic murmur", "2/6", False),
        ("0715 - report received\n1900 - REPORT GIVEN TO NIGHT RN", "1900", False),
        ("Your BP check is 3/29 at 8:20 AM", "3/29", True),
        ("Probation UDS 3/28 neg per guardian", "3/28", True),
    ],
)
def test_model_dates_need_a_dates_shape_and_context(engine, text, value, kept):
    start = text.index(value)
    model = [Span(start, start + len(value), "DATE", 0.9, "model:test")]
    got = {text[s.start : s.end] for s in engine.detect(text, model_spans=model) if s.entity_type == "DATE"}
    assert (value in got) is kept


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Hx breast ca - lumpectomy. Mammo 12/86 neg.", "12/86"),
        ("stable on ASA; next cards appt May.", "May"),
        ("therapist: lorna; last seen january", "january"),
        ("woke up at 2-3 am on the 23rd and the 25th. He denies pain", "25th"),
        ("Weight down from 71 kg (Sept) to approx 60 kg", "Sept"),
        ("on the evening of 3/13 pt texted her sister", "3/13"),
        ("titrate to level 0.8-1.0; check level 3/18", "3/18"),
    ],
)
def test_more_dates_in_context(found, text, value):
    assert ("DATE", value) in found(text)


def test_days_out_of_five_or_ten_need_the_calendar_and_no_scale_in_the_sentence(found):
    assert ("DATE", "2/5") in found("Admitted 02/01/2090.\nFever and RLL infiltrate 2/5. Treated with Unasyn.")
    assert ("DATE", "2/5") not in found("Fever and RLL infiltrate 2/5. Treated with Unasyn.")
    assert ("DATE", "3/10") not in found("Admitted 03/01/2090.\nKnee pain, gabapentin helps to 3/10.")
    assert ("DATE", "4/5") not in found("Admitted 04/01/2090.\nStrength 4/5 in the left arm.")


@pytest.mark.parametrize(
    ("text", "value"),
    [("1956 01:40 NSG NOTE\nPRIOR ADMISSION", "1956"), ("ECHO 2013: EF 68%, MILD MR.", "2013")],
)
def test_a_year_before_its_clock_time_or_a_heading_colon_is_not_a_clock(engine, text, value):
    start = text.index(value)
    model = [Span(start, start + len(value), "DATE", 0.9, "model:test")]
    assert value in {text[s.start : s.end] for s in engine.detect(text, model_spans=model)}
