"""The one resolver: overlaps, word boundaries, joins, the clinical veto, filters."""

from __future__ import annotations

import re

import pytest
from model_output import model_span
from phiguard.inference.engine.resolver import WordRuns, align_to_words, resolve
from phiguard.inference.engine.span import Span


def S(start, end, etype, conf=0.9, source="model"):
    return Span(start, end, etype, conf, source)


def test_more_confident_wins_and_loser_keeps_only_unclaimed_parts():
    text = "Call John Smith now"
    out = resolve(text, [S(5, 15, "NAME", 0.95), S(5, 9, "PROVIDER", 0.6)])
    assert [(s.entity_type, text[s.start : s.end]) for s in out] == [("NAME", "John Smith")]


def test_more_specific_type_wins_a_tie():
    text = "id 123-45-6789"
    out = resolve(text, [S(3, 14, "OTHER_ID", 0.9), S(3, 14, "SSN", 0.9)])
    assert [s.entity_type for s in out] == ["SSN"]


def test_partial_overlap_of_other_type_keeps_remainder_so_nothing_leaks():
    text = "Smith Hospital Boston"
    out = resolve(text, [S(0, 14, "ORGANIZATION", 0.9), S(6, 21, "LOCATION", 0.7)])
    got = [(s.entity_type, text[s.start : s.end]) for s in out]
    assert got == [("ORGANIZATION", "Smith Hospital"), ("LOCATION", "Boston")]


def test_same_type_overlaps_merge_into_union():
    text = "Mary Ann Jones"
    out = resolve(text, [S(0, 8, "NAME", 0.8), S(5, 14, "NAME", 0.9)])
    assert [(s.start, s.end) for s in out] == [(0, 14)]


def test_spans_grow_to_word_boundaries_and_never_split_a_word():
    text = "seen by Johnson today"
    span = align_to_words(text, S(9, 12, "NAME"), WordRuns(text))
    assert text[span.start : span.end] == "Johnson"
    assert align_to_words(text, S(7, 8, "NAME"), WordRuns(text)) is None  # only a space
    assert align_to_words("x Ødegård9_y", S(4, 6, "NAME"), WordRuns("x Ødegård9_y")).start == 2  # "_" ends a word


def test_adjacent_same_type_join_across_spaces_and_commas_not_newlines():
    text = "Smith, John\nJones"
    out = resolve(text, [S(0, 5, "NAME"), S(7, 11, "NAME"), S(12, 17, "NAME")])
    assert [text[s.start : s.end] for s in out] == ["Smith, John", "Jones"]


def test_different_types_do_not_join():
    text = "Smith 02114"
    out = resolve(text, [S(0, 5, "NAME"), S(6, 11, "LOCATION")])
    assert len(out) == 2


def test_threshold_and_type_filter_apply_after_merging():
    text = "Smith on 01/02/2020"
    spans = [S(0, 5, "NAME", 0.4), S(9, 19, "DATE", 0.9)]
    assert [s.entity_type for s in resolve(text, spans, threshold=0.5)] == ["DATE"]
    assert [s.entity_type for s in resolve(text, spans, threshold=0.3, entity_types={"NAME"})] == ["NAME"]


def test_veto_drops_model_spans_that_are_measurements():
    text = "BP 120/80 HR 88 K 3.9 Lasix 40 mg x2 q4h"
    model = [
        S(3, 9, "DATE"),
        S(13, 15, "PHONE"),
        S(18, 21, "OTHER_ID"),
        S(28, 30, "OTHER_ID"),
        S(34, 36, "OTHER_ID"),
        S(37, 40, "OTHER_ID"),
    ]
    assert resolve(text, model) == []


@pytest.mark.parametrize("duration", ["11hours", "3days", "2WEEKS", "6months", "20years", "45minutes", "1day"])
def test_a_duration_with_its_unit_written_out_and_glued_on_is_no_date(duration):
    text = f"Labor = {duration}. Light gas anesthesia."
    start = text.index(duration)
    assert resolve(text, [S(start, start + len(duration), "DATE", 0.95)]) == []
    day = "fx3/96, seen 3/4 days later"
    assert resolve(day, [S(2, 6, "DATE", 0.95)]) != []  # a glued date is no duration


def test_veto_drops_values_before_a_rate_in_units_per_units():
    text = "Fent gtt 50 mcg/hr, TF @ 60 cc/hr, insulin 4 units/kg/hr; MCV 90 fL/cell"
    model = [S(text.index(v), text.index(v) + len(v), "DATE", 0.95) for v in ("50", "60", "4")]
    assert resolve(text, model) == []
    # a word after the value that is no unit leaves the value to the model
    other = "CABG 86 per/hr"
    assert resolve(other, [S(5, 7, "DATE", 0.95)]) != []


def test_a_list_item_below_the_threshold_stands_beside_a_sure_one():
    text = "s/p AVR 1963, 1979 and 1984; CABG x1"
    years = [S(8, 12, "DATE", 0.98), S(14, 18, "DATE", 0.45), S(23, 27, "DATE", 0.3)]
    found = resolve(text, years)
    assert all(any(s.start <= y.start and y.end <= s.end for s in found) for y in years)
    # too unsure, another type, or no list's joiner between them: the threshold holds
    assert [(s.start, s.end) for s in resolve(text, [S(8, 12, "DATE", 0.98), S(14, 18, "DATE", 0.2)])] == [(8, 12)]
    assert [s.entity_type for s in resolve(text, [S(8, 12, "DATE", 0.98), S(14, 18, "PHONE", 0.45)])] == ["DATE"]
    spaced = "Seen 1963 then 1979"
    assert len(resolve(spaced, [S(5, 9, "DATE", 0.98), S(15, 19, "DATE", 0.45)])) == 1


def test_a_score_out_of_ten_is_no_day_but_an_event_glued_to_it_makes_one():
    assert resolve("pain 2/10, improved", [S(5, 9, "DATE", 0.95)]) == []
    glued = "2/10-EXTUBATED. 4/10-TO OR."
    assert len(resolve(glued, [S(0, 4, "DATE", 0.95), S(16, 20, "DATE", 0.95)])) == 2
    assert resolve("pain 10/10 overnight", [S(5, 10, "DATE", 0.95)]) == []
    assert resolve("pain 3-10/10 overnight", [S(5, 12, "DATE", 0.95)]) == []


@pytest.mark.parametrize("day", ["11/10", "12/10"])
def test_a_day_over_ten_before_the_slash_is_no_score_out_of_ten(day):
    # a score out of 10 runs to 10, so "12/10" is a day whatever its case or its neighbours
    text = f"from {day} blood cx pos. r tkr{day}. cont abx."
    days = [S(m.start(), m.end(), "DATE", 0.95) for m in re.finditer(re.escape(day), text)]
    assert [(s.start, s.end) for s in resolve(text, days)] == [(d.start, d.end) for d in days]


def test_a_count_of_cultures_is_no_day_but_a_day_after_from_is():
    count = "2/4 blood cultures positive for GPC"
    assert resolve(count, [S(0, 3, "DATE", 0.95)]) == []
    day = "NO GROWTH FROM 6/14 BLOOD CX"
    start = day.index("6/14")
    assert [(s.start, s.end) for s in resolve(day, [S(start, start + 4, "DATE", 0.95)])] == [(start, start + 4)]


@pytest.mark.parametrize(
    "text, day",
    [
        ("extubated on 12-5, reintubated overnight", "12-5"),
        ("12-5: pt reintubated for hypoxia", "12-5"),
        ("ETT pulled 3-14 in am", "3-14"),
        ("LAST BM ON 11-30 PER PT", "11-30"),
    ],
)
def test_a_day_written_with_a_hyphen_stands_where_the_model_is_sure_of_it_and_a_word_dates_it(text, day):
    assert [text[s.start : s.end] for s in resolve(text, [model_span(text, day, "DATE", 0.95)])] == [day]
    # less sure, it is read as the range a hyphen between two numbers most often writes
    assert resolve(text, [model_span(text, day, "DATE", 0.7)]) == []


@pytest.mark.parametrize("text", ["last BM 11-30 per pt", "transfused 2u 12-6, no issues", "pt 12-5: stable"])
def test_a_day_written_with_a_hyphen_goes_where_no_word_dates_it(text):
    day = re.search(r"\d+-\d+", text)
    assert resolve(text, [S(day.start(), day.end(), "DATE", 0.95)]) == []


@pytest.mark.parametrize(
    "text, pair",
    [
        ("Pt on 2-4L NC, sats 95%", "2-4"),
        ("Ambulated 2-3 times in hall", "2-3"),
        ("Had 3-4 episodes of emesis", "3-4"),
        ("Morphine 2-4 mg IV q2-4h prn", "2-4"),
        ("Morphine IV q2-4h prn", "2-4"),
        ("Disc bulge at C6-7", "6-7"),
        ("Closed with #4-10 sutures", "4-10"),
        ("worked 11-7 shift, 7-11 pm", "11-7"),
        ("worked 7-11 pm", "7-11"),
        ("Pt has 1-2+ edema", "1-2"),
        ("diarrhea x 3-4days", "3-4"),
        ("needs 8-10/day", "8-10"),
        ("closed with 3-0 Vicryl", "3-0"),
        ("wife works 7-3 at the plant", "7-3"),
        ("INR 2.6 (goal 2-3), TSH 2.31", "2-3"),
        ("CPR 15:06-15:19, 4 pulse checks", "06-15"),
        ("ALT  18   U/L   6-29   01", "6-29"),
        ("RPE (Borg 6-20) 13", "6-20"),
        ("cans of soda (up from 1-2)", "1-2"),
    ],
)
def test_a_range_written_with_a_hyphen_is_no_day_however_sure_the_model_is(text, pair):
    assert resolve(text, [model_span(text, pair, "DATE", 0.99)]) == []


@pytest.mark.parametrize(
    "text, code", [("CC: 6-month f/u DM2", "6-month"), ("attends church on Sundays", "Sundays")]
)
def test_a_duration_with_a_hyphen_before_its_unit_and_weekdays_in_the_plural_are_no_dates(text, code):
    assert resolve(text, [model_span(text, code, "DATE", 0.95)]) == []


@pytest.mark.parametrize(
    "text, code",
    [("lot 3CA27J1, exp 11/2026", "3CA27J1"), ("CLIA 22D0049173", "22D0049173"), ("key B8XKWT4Q.", "B8XKWT4Q")],
)
def test_a_code_of_letters_and_digits_the_model_reads_as_a_date_is_still_reported(text, code):
    # a lot, CLIA or prior-authorisation number is PHI whatever type the model gives it; no date veto may drop it
    assert [text[s.start : s.end] for s in resolve(text, [model_span(text, code, "DATE", 0.95)])] == [code]


@pytest.mark.parametrize(
    "text, tens",
    [
        ("SBP in 70s, started levo", "70s"),
        ("PT'S HR WENT DOWN TO 50S & BP 92", "50S"),
        ("sats in the 80s on NRB", "80s"),
    ],
)
def test_readings_by_their_tens_after_a_vital_are_no_decades(text, tens):
    assert resolve(text, [model_span(text, tens, "DATE", 0.95)]) == []
    # a decade with no vital before it is one
    decade = "smoked since the 70s, quit"
    assert [decade[s.start : s.end] for s in resolve(decade, [model_span(decade, "70s", "DATE", 0.95)])] == ["70s"]

def test_veto_drops_ranges_counts_and_score_columns_taken_for_dates():
    text = "CO2 21 mmol/L 22-29; VANC DAY 3/7; pain 2/10   15; seen 3/7"
    ranges = [S(14, 19, "DATE", source="rule:date"), S(30, 33, "DATE"), S(40, 49, "DATE"), S(56, 59, "DATE")]
    assert [text[s.start : s.end] for s in resolve(text, ranges)] == ["3/7"]


def test_eponyms_are_not_people():
    text = "Barrett esophagus; a Weitlaner retractor; Parkinson's disease; Barrett called"
    spans = [S(0, 7, "NAME"), S(21, 30, "NAME"), S(42, 51, "PROVIDER"), S(63, 70, "NAME")]
    assert [text[s.start : s.end] for s in resolve(text, spans)] == ["Barrett"] and resolve(text, spans)[0].start == 63


def test_names_do_not_start_or_end_on_a_joiner():
    text = "with Ahmed and Fischer"
    got = resolve(text, [S(5, 14, "PROVIDER"), S(0, 4, "NAME"), S(15, 22, "PROVIDER")])
    assert [text[s.start : s.end] for s in got] == ["Ahmed", "Fischer"]


def test_labels_and_articles_stay_outside_phones_and_places():
    text = "brother Tomas (cell 781 555 0199) at the Framingham office"
    got = resolve(text, [S(15, 32, "PHONE"), S(37, 58, "ORGANIZATION")])
    assert [text[s.start : s.end] for s in got] == ["781 555 0199", "Framingham office"]


def test_states_alone_and_bare_joiners_are_not_places():
    text = "ex-wife in Florida and son in Andover"
    model = [S(11, 18, "LOCATION", source="model"), S(19, 22, "ORGANIZATION", source="model"),
             S(30, 37, "LOCATION", source="model")]
    assert [text[s.start : s.end] for s in resolve(text, model)] == ["Andover"]


def test_a_phone_extension_is_not_a_dose_count():
    text = "Lasix x2, pager x12345"
    model = [S(6, 8, "OTHER_ID"), S(16, 22, "PHONE")]
    assert [(s.start, s.entity_type) for s in resolve(text, model)] == [(16, "PHONE")]


def test_veto_drops_model_names_that_are_ward_or_device_words():
    text = "to MICU with foley, PICC"
    model = [S(3, 7, "ORGANIZATION"), S(13, 18, "NAME"), S(20, 24, "NAME")]
    assert resolve(text, model) == []


def test_veto_spares_names_from_rules_and_real_model_names():
    text = "Pt Ann Lee seen"
    assert len(resolve(text, [S(3, 10, "NAME", source="model")])) == 1


def test_malformed_spans_are_dropped_not_raised():
    text = "abc"
    assert resolve(text, [S(2, 9, "NAME"), S(2, 1, "NAME"), S(0, 1, "NOT_A_TYPE")]) == []


def test_veto_drops_model_ids_that_are_bare_readings():
    text = "TMAX 101.2 then 88 and 7.35"
    model = [S(5, 10, "OTHER_ID"), S(16, 18, "LOCATION"), S(23, 27, "MRN")]
    assert resolve(text, model) == []
    # the same shapes from a rule with a label are not the model's guess, and long ids stay
    assert len(resolve("MRN 4471223", [S(4, 11, "MRN")])) == 1


def test_rule_with_context_keeps_its_type_against_a_confident_model():
    text = "Fax: (218) 555-0199"
    rule = S(5, 19, "FAX", 0.95, "phone:us+context")
    model = S(5, 19, "PHONE", 1.0, "model:x")
    assert [s.entity_type for s in resolve(text, [rule, model])] == ["FAX"]


def test_veto_drops_model_dates_that_are_times_scores_or_shifts():
    text = "at 11:05 pain 8/10 shift 0700-1900 on the 22"
    model = [S(3, 8, "DATE"), S(14, 18, "DATE"), S(25, 34, "DATE"), S(42, 44, "DATE")]
    assert resolve(text, model) == []


def test_veto_drops_single_common_words_from_the_model_but_not_surnames():
    text = "PICC R ARM. Tremor noted. Seen by Brown."
    model = [S(7, 10, "PROVIDER"), S(12, 18, "NAME"), S(34, 39, "PROVIDER")]
    assert [text[s.start : s.end] for s in resolve(text, model)] == ["Brown"]


def test_one_type_per_string_in_a_document(engine):
    text = "Dr. Smith Dr. Smith Mr. John Smith"
    r = engine.deidentify(text)
    assert r.text == "Dr. [PROVIDER] Dr. [PROVIDER] Mr. [NAME]"
    assert len({s.entity_type for s in r.spans if text[s.start : s.end] == "Smith"}) == 1


def test_unit_veto_respects_labels_and_digit_counts(engine):
    assert not engine.detect("order 500 mg IV")
    for text in ("MRN: 1000000 C", "Boston, MA 10000 HR 88"):
        assert engine.detect(text), text


def test_model_places_named_with_common_words_survive_but_department_words_do_not():
    text = "sent to Mercy then to Department"
    model = [S(8, 13, "ORGANIZATION", 0.9, "model:x"), S(22, 32, "ORGANIZATION", 0.9, "model:x")]
    assert [text[s.start:s.end] for s in resolve(text, model)] == ["Mercy"]


@pytest.mark.parametrize(
    ("text", "guess", "value"),
    [
        # a name the model began after its particle's apostrophe, or ended on the particle
        ("D'Angelo family at bedside", "Angelo", "D'Angelo"),
        ("WIFE O'BRIEN CALLED", "O", "O'BRIEN"),
        # a possessive is no particle's apostrophe, nor is a longer word before one
        ("Mary's son called back", "Mary", "Mary"),
        ("Dr. Lee's PA called", "Lee", "Lee"),
    ],
)
def test_a_names_one_letter_particle_joins_the_name(text, guess, value):
    start = text.index(guess)
    out = resolve(text, [S(start, start + len(guess), "NAME")])
    assert [text[s.start : s.end] for s in out] == [value]


def test_shorthand_in_lower_case_holds_no_particle():
    text = "flagyl d/c'd. Zosyn day 5 of 7"
    start = text.index("d. Zosyn")
    out = resolve(text, [S(start, start + len("d. Zosyn"), "NAME")])
    assert all(s.start >= start for s in out)
