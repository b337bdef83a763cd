"""The false-alarm counter and the per-rule table on a tiny hand-made input with stub spans."""

from __future__ import annotations

import json

import pytest
from corpus import Gold
from eval_stubs import Span
from false_alarms import FlagTally, count_words, rule_of
from rule_table import format_rows, rule_rows, write_json


def test_words_are_counted_with_inner_punctuation_kept() -> None:
    assert count_words("Pt s/p CABG 6/14, doesn't want q.i.d. dosing -- ok.") == 9
    assert count_words("") == 0


def test_rule_is_the_source_before_any_suffix() -> None:
    assert rule_of("date:partial+context") == "date:partial"
    assert rule_of("phone:us") == "phone:us"
    assert rule_of("organization:context:remainder") == "organization:context:remainder"
    assert rule_of("model:phiguard-ner") == "model:phiguard-ner"


def _tally() -> FlagTally:
    t = FlagTally()
    a = "Seen by Dr. X on Monday. Glenn was fine."  # 9 words
    t.add(
        a,
        [
            Span(12, 13, "PROVIDER", 0.9, "titled_name:doctor_title"),
            Span(25, 30, "LOCATION", 0.6, "location:gazetteer"),
        ],
    )
    b = "Dr. X  agreed. In 1997 he had an MI."  # 9 words
    t.add(
        b,
        [
            Span(4, 5, "PROVIDER", 0.9, "titled_name:doctor_title+context"),
            Span(18, 22, "DATE", 0.8, "date:year_in_context"),
        ],
    )
    return t


def test_false_alarm_counter() -> None:
    t = _tally()
    assert (t.docs, t.words, t.spans) == (2, 18, 4)
    assert t.by_type == {"PROVIDER": 2, "LOCATION": 1, "DATE": 1}
    assert t.rate() == pytest.approx(10_000 * 4 / 18)
    assert t.rate(t.by_type["PROVIDER"]) == pytest.approx(10_000 * 2 / 18)
    assert t.by_rule == {"titled_name:doctor_title": 2, "location:gazetteer": 1, "date:year_in_context": 1}
    assert t.strings == {"X": 2, "Glenn": 1, "1997": 1}
    lines = t.report("stub", top=2)
    assert any("spans reported: 4 (2222.22 per 10k words)" in x for x in lines)
    listed = [x for x in lines if x.startswith("  ")]
    assert len(listed) == 2 and "'X'" in listed[0] and "2" in listed[0]
    d = t.as_dict()
    assert d["spans"] == 4 and d["by_type"]["DATE"]["spans"] == 1


def test_rule_rows_precision_false_alarms_and_order() -> None:
    gold = [Gold(0, 5, "NAME"), Gold(10, 14, "DATE")]
    spans = [
        Span(0, 5, "NAME", 0.9, "titled_name:doctor_title"),  # right type
        Span(11, 13, "AGE", 0.9, "date:year_in_context+context"),  # overlaps gold of another type: counts as correct
        Span(20, 24, "DATE", 0.9, "date:year_in_context"),  # no gold there
        Span(30, 33, "ORGANIZATION", 0.5, "organization:context"),  # no gold there
    ]
    rows = {r.rule: r for r in rule_rows([(gold, spans), ([], [])], _tally())}
    assert set(rows) == {
        "titled_name:doctor_title",
        "date:year_in_context",
        "organization:context",
        "location:gazetteer",
    }
    y = rows["date:year_in_context"]
    assert (y.labelled_spans, y.labelled_correct, y.precision, y.real_prose_spans) == (2, 1, 0.5, 1)
    assert y.real_prose_per_10k_words == pytest.approx(10_000 / 18, abs=1e-3)
    assert y.pooled_precision == pytest.approx(1 / 3) and y.wrong == 2
    d = rows["titled_name:doctor_title"]
    assert (d.labelled_spans, d.labelled_correct, d.precision, d.real_prose_spans, d.wrong) == (1, 1, 1.0, 2, 2)
    g = rows["location:gazetteer"]
    assert (g.labelled_spans, g.precision, g.real_prose_spans, g.pooled_precision) == (0, None, 1, 0.0)
    order = [r.rule for r in rule_rows([(gold, spans)], _tally())]
    # smoothed (correct + 1) / (spans + 2): gazetteer 1/3, organization 1/3 (tie: more wrong first? both 1),
    # year 2/5, doctor_title 2/5 -> ties broken by wrong spans then name
    assert order == ["location:gazetteer", "organization:context", "date:year_in_context", "titled_name:doctor_title"]
    assert any("date:year_in_context" in line for line in format_rows(list(rows.values()), "t"))


def test_rule_rows_show_one_case_flags_without_pooling_them() -> None:
    one_case = FlagTally()
    upper = "PT IN VERY GOOD HEALTH. FOLLOWED AT SENIOR CENTER."  # 9 words
    one_case.add(upper, [Span(12, 23, "ORGANIZATION", 0.85, "organization:facility")])
    rows = {r.rule: r for r in rule_rows([], _tally(), one_case)}
    facility = rows["organization:facility"]  # fires only in capitals: a row of its own
    assert (facility.one_case_spans, facility.real_prose_spans, facility.pooled_precision) == (1, 0, 0.0)
    assert facility.one_case_per_10k_words == pytest.approx(10_000 / 9, abs=1e-3)
    gazetteer = rows["location:gazetteer"]
    assert (gazetteer.one_case_spans, gazetteer.real_prose_spans) == (0, 1)
    line = next(x for x in format_rows(list(rows.values()), "t") if x.startswith("organization:facility"))
    assert line.rstrip().endswith("1 1111.11")


def test_rule_table_json(tmp_path) -> None:
    rows = rule_rows([([Gold(0, 5, "NAME")], [Span(0, 5, "NAME", 0.9, "x:y+context")])], FlagTally())
    path = tmp_path / "sub" / "rules.json"
    write_json(path, {"rules only": rows}, {"seed": 1})
    doc = json.loads(path.read_text())
    assert doc["meta"] == {"seed": 1}
    assert doc["tables"]["rules only"] == [
        {
            "rule": "x:y",
            "labelled_spans": 1,
            "labelled_correct": 1,
            "precision": 1.0,
            "real_prose_spans": 0,
            "real_prose_per_10k_words": 0.0,
            "pooled_precision": 1.0,
            "smoothed": 2 / 3,
            "one_case_spans": 0,
            "one_case_per_10k_words": 0.0,
            "wrong": 0,
        }
    ]
