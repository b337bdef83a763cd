"""The nursing-shorthand reading of held-out notes: what it shortens, what it drops, what it never touches."""

from __future__ import annotations

import re

from shorthand import to_shorthand, to_shorthand_in_capitals


def test_phrases_become_their_shorthand_longest_first() -> None:
    text = "Patient with nausea and vomiting, status post CABG, seen in the emergency room and treated."
    assert to_shorthand(text) == "pt w/ N/V, s/p CABG, seen in ER & treated."


def test_articles_and_copulas_are_dropped() -> None:
    assert to_shorthand("The patient was seen by a surgeon.") == "pt seen by surgeon."


def test_words_that_only_contain_a_phrase_are_kept() -> None:
    # "withdrew", "handle", "leftover": whole words only
    assert to_shorthand("He withdrew the handle of the leftover bag.") == "He withdrew handle of leftover bag."


def test_digits_and_names_are_left_as_written() -> None:
    text = "Seen by Dr. Andersen on 03/14/2019 with his wife Martha at 617-555-0123, BP 120/80."
    out = to_shorthand(text)
    assert re.findall(r"\d+", out) == re.findall(r"\d+", text)
    for kept in ("Dr. Andersen", "Martha", "03/14/2019", "617-555-0123"):
        assert kept in out


def test_the_capitals_reading_is_the_shorthand_upper_cased() -> None:
    text = "Patient with chest pain, left arm."
    assert to_shorthand_in_capitals(text) == "PT W/ CP, L ARM."
