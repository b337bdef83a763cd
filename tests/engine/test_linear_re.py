"""linear_re answers exactly what Python's `re` answers, in linear time, and refuses what it cannot run."""

from __future__ import annotations

import ast
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phiguard.inference.engine import linear_re

ENGINE_DIR = Path(linear_re.__file__).resolve().parent

# Patterns of the shapes the engine writes: edge lookarounds, \b beside words, $ before a final
# newline, case-blind classes, Unicode classes, named groups in alternatives, lazy and greedy runs.
PATTERNS: list[tuple[str, int]] = [
    (r"(?<![\w])\d{1,2}/\d{1,2}(?![\w/])", 0),
    (r"(?<![\w/.:-])\d+(?:/\d+)+(?![\w/-]|\.\d)", 0),
    (r"\bDr\.?[ \t]+[A-Z][a-z]+", 0),
    (r"(?i)\b(?:fax|tel)\b", 0),
    (r"(?<=\t)\w+|(?<![\w])x\d", 0),
    (r"(?<=[A-Za-z,)][ \t])['’]\d{2}(?![\d'’\w])", 0),
    (r"[A-Z][a-z]+[ \t]+(?:pharmacy|clinic)(?![\w]|[ \t]*:)", 0),
    (r"\d+$", 0),
    (r"(?m)^\w+", 0),
    (r"(?P<a>[a-c]+)|(?P<b>[x-z]+)", 0),
    (r"[^a-z]+", re.IGNORECASE),
    (r"straße|STRASSE", re.IGNORECASE),
    (r"[A-Za-zé]+?(?=[ .])", 0),
    (r"(?=[A-Z])\w+", 0),
    (r"(?:\s*,\s*)?[A-Z][a-z'’-]*", 0),
    (r"x*", 0),
    (r"\w+(?:[ \t]+\w+){0,2}", 0),
    (r"(?<![\w'])(?:Mc|Mac)?[A-Z][a-z]+(?![\w'’-])", 0),
    (r"[a-z]+(?=[ \t]*\Z|,)", 0),
    (r"[A-Z]{2,3}(?=[ \t]*(?:\n|\Z))", 0),
]
ALPHABET = "aAbxyzMcDr. \t\n/,1234:'’-éÉßß北Ω"


def _shape(m: re.Match | linear_re.Match | None):
    if m is None:
        return None
    return m.span(), [m.span(g) for g in range(1, m.re.groups + 1)], m.lastgroup


def _assert_same(pattern: str, flags: int, text: str) -> None:
    ours, theirs = linear_re.compile(pattern, flags), re.compile(pattern, flags)
    assert [_shape(m) for m in ours.finditer(text)] == [_shape(m) for m in theirs.finditer(text)]
    for pos in range(0, len(text) + 1, max(1, len(text) // 7)):
        for end in (len(text), max(pos, len(text) - 2)):
            for method in ("search", "match", "fullmatch"):
                got = getattr(ours, method)(text, pos, end)
                want = getattr(theirs, method)(text, pos, end)
                assert _shape(got) == _shape(want), (method, pos, end)
    assert ours.sub("<>", text) == theirs.sub("<>", text)
    assert ours.findall(text) == theirs.findall(text)


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
@pytest.mark.parametrize("text", [
    "a 1/2 3/4/5 12/3 x1/2 1/2\n",
    "Dr. Smith and Dr Jones, eDr Bob; FAX: fax Fax1 prefax tel.",
    "wrist '86 (slipped), Kaminski pharmacy fill; Ross pharmacy: no",
    "Zahlé Zahl STRASSE Straße 12\tab 34\n",
    "McDonald MacLeod O'Brien Ødegaard, Dr\tMcK x9",
    "",
])
def test_same_answers_as_re(pattern: str, flags: int, text: str) -> None:
    _assert_same(pattern, flags, text)


@settings(max_examples=150, deadline=None)
@given(index=st.integers(0, len(PATTERNS) - 1), text=st.text(alphabet=ALPHABET, max_size=40))
def test_same_answers_as_re_on_any_text(index: int, text: str) -> None:
    _assert_same(*PATTERNS[index], text)


@pytest.mark.parametrize("pattern", [
    r"a(?=b)c",  # a lookahead inside the pattern
    r"(a)\1",  # a backreference
    r"a\Bb",
    r"(?>ab)c",
    r"a(?<!x)b",
    r"\b(?:#|day)",  # a word boundary beside word and non-word characters
])
def test_refuses_what_it_cannot_run_in_linear_time(pattern: str) -> None:
    with pytest.raises(linear_re.UnsupportedPattern):
        linear_re.compile(pattern)


def test_a_catastrophic_pattern_runs_in_linear_time() -> None:
    # `(a|aa)+$` makes Python's re try every split of the run: exponential. RE2's cost is linear.
    pattern = linear_re.compile(r"(?:a|aa)+$")

    def cost(n: int) -> float:
        text = "a" * n + "b"
        t0 = time.perf_counter()
        assert pattern.search(text) is None
        return time.perf_counter() - t0

    small, large = min(cost(10_000) for _ in range(3)), cost(100_000)
    assert large < max(20 * small, 0.05)


def test_no_engine_module_imports_the_backtracking_re() -> None:
    offenders = []
    for path in ENGINE_DIR.rglob("*.py"):
        if path.name == "linear_re.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if "re" in names or "regex" in names or module in ("re", "regex"):
                offenders.append(str(path.relative_to(ENGINE_DIR)))
    assert offenders == []
