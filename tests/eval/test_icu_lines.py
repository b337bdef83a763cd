"""The hand-written ICU lines (eval/icu_lines.py): both files load into groups, the held-out file shares no line
with the one read for training, and the scorer counts overlap recall and flags per group."""

from __future__ import annotations

import re

import icu_lines
import pytest
from eval_stubs import Span

GROUPS = {"place", "year", "date", "clinician", "relative", "phone", "narrative", icu_lines.PHI_FREE}


@pytest.mark.parametrize("stem", [stem for stem, _, _ in icu_lines.SETS])
def test_each_file_loads_into_known_groups_with_its_markup_removed(stem: str) -> None:
    lines = icu_lines.load(stem)
    assert {line.group for line in lines} == GROUPS
    assert sum(len(line.doc.gold) for line in lines) > 50
    for line in lines:
        assert "{{" not in line.doc.text and "}}" not in line.doc.text
        assert line.doc.text.isascii(), "a re-cased reading must keep the gold offsets"
        assert (line.group == icu_lines.PHI_FREE) == (not line.doc.gold), line.doc.text


def test_the_held_out_lines_share_none_with_the_lines_read_for_training() -> None:
    dev = {line.doc.text.lower() for line in icu_lines.load("dev")}
    test = {line.doc.text.lower() for line in icu_lines.load("test")}
    assert not dev & test


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", text.lower()))


def test_no_held_out_line_is_a_near_copy_of_a_line_read_for_training() -> None:
    # A test line that rewords a dev line ("EMS brought pt from home in Brockton" / "... in Malden") is scored on
    # a shape the data was written to teach; half the words in common (Jaccard) is where rewording starts.
    dev = [_words(line.doc.text) for line in icu_lines.load("dev")]
    for line in icu_lines.load("test"):
        words = _words(line.doc.text)
        closest = max(len(words & other) / len(words | other) for other in dev)
        assert closest < 0.5, line.doc.text


def test_a_line_before_any_group_is_refused(tmp_path) -> None:
    (tmp_path / "x.txt").write_text("seen by {{PROVIDER:Dr Yee}}\n# clinician\n")
    with pytest.raises(ValueError, match="line 1"):
        icu_lines.load("x", tmp_path)


def test_scores_count_overlap_recall_and_spans_outside_gold_per_group(tmp_path) -> None:
    (tmp_path / "x.txt").write_text("# year\nCABG-{{DATE:99}}, redo-{{DATE:04}}.\n# none\nPS 10/5, PEEP 5.\n")
    lines = icu_lines.load("x", tmp_path)
    found_99 = Span(4, 8, "DATE", 0.9, "model")  # "G-99": overlaps the first year only
    flag = Span(0, 4, "DATE", 0.9, "model")  # "PS 1" on the PHI-free line
    groups, missed = icu_lines.score(lines, [[found_99], [flag]])
    assert (groups["year"].gold, groups["year"].found, groups["year"].flags) == (2, 1, 0)
    assert (groups["none"].gold, groups["none"].flags) == (0, 1)
    assert missed == [("year", "04", "CABG-99, redo-04.")]
    rows = icu_lines.format_scores(groups)
    assert rows[1].split() == ["year", "2", "0.500", "0"] and rows[-1].split() == ["all", "2", "0.500", "1"]
