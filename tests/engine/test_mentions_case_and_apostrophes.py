"""Propagation finds a detected name again whatever the apostrophe or the case it is typed with (issue 24, 6)."""

from __future__ import annotations

import pytest
from phiguard.inference.engine.propagation import PROPAGATED_CONFIDENCE, digest, value_key


@pytest.mark.parametrize("text, kept", [
    ("Mr. O’Brien was seen. O'Brien agreed.", "Brien"),
    ("Mr. O'Brien was seen. O’Brien agreed.", "Brien"),
    ("Mrs. O’Neil called. O'NEIL's daughter visited.", "NEIL"),
    ("Seen by Dr. Okafor today. Plan discussed; okafor paged at 5 pm.", "okafor"),
    ("Seen by Dr. Okafor today. OKAFOR paged at 5 pm.", "OKAFOR"),
])
def test_every_mention_of_a_detected_name_is_replaced(engine, text, kept):
    out = engine.deidentify(text).text
    assert kept not in out, out


def test_a_surname_that_is_a_word_is_not_found_again_in_lower_case(engine):
    # "brown" is a colour here; the capitalised mention is the doctor.
    out = engine.deidentify("Dr. Brown reviewed the film. Sputum was brown and thick. Brown agreed.").text
    assert "Sputum was brown and thick" in out
    assert "Brown" not in out


def test_lower_case_everyday_words_never_become_names(engine):
    # Dictionary words, and names that are words too, stay as written in lower case.
    for name, word in (("Bell", "bell"), ("Hope", "hope"), ("Rose", "rose"), ("Will", "will")):
        text = f"Seen with Mr. {name}. There is {word} in the plan; nothing else."
        assert f"is {word} in" in engine.deidentify(text).text, name


def test_keys_agree_across_case_and_apostrophes():
    assert value_key("O’Brien") == value_key("o'brien") == value_key("OʼBRIEN") == "o'brien"
    assert digest(b"k" * 16, "O’Brien") == digest(b"k" * 16, "o'BRIEN")


def test_a_later_window_finds_the_other_spelling(engine):
    # Across a job's documents only digests travel: they too are blind to case and apostrophe.
    first = engine.deidentify("Mr. O’Brien was admitted.")
    later = engine.deidentify("O'Brien went home; okafor-free day.", state=first.state)
    assert "Brien" not in later.text


def test_a_lone_reading_keeps_its_own_rule_and_confidence(engine):
    # Finding a value again where its only reading stands would relabel that reading as propagated and lift its
    # confidence: the per-rule table would credit the wrong rule, and a caller's higher threshold keep a weak guess.
    text = "PER HALVORSEN, HOLD HEPARIN."
    [span] = engine.detect(text)
    assert text[span.start : span.end] == "HALVORSEN" and span.source != "propagated"
    assert span.confidence < PROPAGATED_CONFIDENCE
    assert not engine.detect(text, threshold=(span.confidence + PROPAGATED_CONFIDENCE) / 2)


def test_other_mentions_of_a_value_are_still_found_at_propagated_confidence(engine):
    text = "PER HALVORSEN, HOLD HEPARIN. HALVORSEN AWARE."
    spans = sorted(engine.detect(text), key=lambda s: s.start)
    assert [text[s.start : s.end] for s in spans] == ["HALVORSEN", "HALVORSEN"]
    assert spans[1].source == "propagated" and spans[1].confidence == PROPAGATED_CONFIDENCE
