"""Windows and stitching: a chunked answer must equal the answer for the whole text."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phiguard.common.jobs.chunking import Span, StitchError, choose_cut, decompose, plan_windows, stitch

# A stand-in engine with local context only: a name is "Dr." or "Mr." and a capitalised word, an SSN
# is the digits pattern. Deterministic, like the placeholder strategy.
_PATTERN = re.compile(r"\b(?:Dr|Mr)\. [A-Z][a-z]+|\b\d{3}-\d{2}-\d{4}\b")


def fake_deidentify(text: str, tag_numbers: bool = False) -> tuple[str, list[Span], dict[str, str]]:
    spans, out, pos, reps = [], [], 0, {}
    for m in _PATTERN.finditer(text):
        kind = "SSN" if m.group()[0].isdigit() else "NAME"
        rep = f"[{kind}]"
        spans.append(Span(m.start(), m.end(), kind, m.group(), 0.9))
        out.append(text[pos:m.start()] + rep)
        reps[m.group()] = rep
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans, reps


def chunked(text: str, size: int, overlap: int) -> tuple[str, list[Span]]:
    windows = plan_windows(text, size, overlap)
    pieces, spans = [], []
    for start, end in windows:
        out, found, reps = fake_deidentify(text[start:end])
        window_pieces = decompose(start, text[start:end], found, out, reps)
        pieces.append(window_pieces)
        spans.append([p.span for p in window_pieces if p.span is not None])
    return stitch(text, windows, pieces, spans)


def _note(rng: random.Random, n_sentences: int) -> str:
    words = ["seen", "today", "for", "follow-up", "of", "hypertension", "stable", "plan", "continue"]
    parts = []
    for _ in range(n_sentences):
        bits = [rng.choice(words) for _ in range(rng.randint(3, 12))]
        if rng.random() < 0.4:
            bits.insert(rng.randint(0, len(bits)), f"Dr. {rng.choice(['Smith', 'Lee', 'Okafor'])}")
        if rng.random() < 0.3:
            bits.append(f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}")
        parts.append(" ".join(bits).capitalize() + rng.choice([". ", ".\n", "! ", " "]))
    return "".join(parts)


def test_windows_cover_text_overlap_and_end_on_boundaries():
    text = _note(random.Random(1), 400)
    windows = plan_windows(text, 800, 100)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    for (s1, e1), (s2, e2) in zip(windows, windows[1:], strict=False):
        assert s1 < s2 and e1 - s2 >= 100 and e2 > e1
        assert e1 - s1 <= 800
        assert text[e1 - 1].isspace()


def test_short_text_is_one_window():
    assert plan_windows("short", 800, 100) == [(0, 5)]


def test_size_must_dwarf_overlap():
    with pytest.raises(ValueError):
        plan_windows("x" * 100, 700, 100)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(400, 3000))
def test_chunked_equals_single_call(seed, size):
    text = _note(random.Random(seed), 200)
    expected_text, expected_spans, _ = fake_deidentify(text)
    got_text, got_spans = chunked(text, size, size // 10)
    assert got_text == expected_text
    assert [(s.start, s.end, s.text) for s in got_spans] == [(s.start, s.end, s.text) for s in expected_spans]


def test_phi_straddling_a_hard_cut_is_found():
    # No boundary at all near the cut: the window ends mid-word, yet the overlap recovers the SSN.
    text = "x" * 950 + " 123-45-6789 " + "y" * 950
    got, spans = chunked(text, 1000, 120)
    assert got == fake_deidentify(text)[0]
    assert [s.text for s in spans] == ["123-45-6789"]


def test_decompose_aligns_without_map():
    text = "Seen by Dr. Lee and Dr. Smith today."
    out, spans, _ = fake_deidentify(text)
    pieces = decompose(10, text, spans, out, {})
    assert "".join(p.out for p in pieces) == out
    assert [(p.start, p.end) for p in pieces if p.span] == [(18, 25), (30, 39)]


def test_decompose_rejects_mismatch():
    with pytest.raises(StitchError):
        decompose(0, "abc Dr. Lee", [Span(4, 11, "NAME", "Dr. Lee", 1.0)], "xyz [NAME]", {})


def test_cut_avoids_spans():
    left = [Span(100, 140, "NAME", "", 1.0)]
    right = [Span(95, 130, "NAME", "", 1.0)]
    cut = choose_cut(80, 160, left, right)
    assert not any(s.start < cut < s.end for s in left + right)
