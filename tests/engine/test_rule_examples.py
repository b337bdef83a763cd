"""Every rule in the registry against its own examples and counterexamples.

An example marks each value its rule must find with «»; the rule runs alone over the example without the
marks and must yield a span exactly on each marked value. A counterexample is a look-alike the rule must
leave: it yields no span from that rule at all.
"""

from __future__ import annotations

import re

import pytest
from phiguard.inference.engine.recognizers import RecognizerRegistry, default_recognizers

RULES = RecognizerRegistry(default_recognizers()).rules
_MARKED = re.compile(r"«([^«»]*)»")


def unmark(example: str) -> tuple[str, list[tuple[int, int]]]:
    """The example's text without its marks, and the (start, end) of each marked value in that text."""
    text, values, last = "", [], 0
    for m in _MARKED.finditer(example):
        text += example[last : m.start()]
        values.append((len(text), len(text) + len(m.group(1))))
        text += m.group(1)
        last = m.end()
    return text + example[last:], values


def _cases(field: str) -> list:
    return [
        pytest.param(name, text, id=f"{name}[{i}]")
        for name, rule in RULES.items()
        for i, text in enumerate(getattr(rule, field))
    ]


def test_every_rule_has_an_example_with_a_marked_value():
    bare = [name for name, rule in RULES.items() if not rule.examples]
    unmarked = [name for name, rule in RULES.items() for e in rule.examples if not unmark(e)[1]]
    assert not bare and not unmarked, f"rules without examples: {bare}; examples without a «value»: {unmarked}"


@pytest.mark.parametrize(("name", "example"), _cases("examples"))
def test_rule_finds_its_examples(name, example):
    text, values = unmark(example)
    assert "«" not in text and "»" not in text, "unbalanced marks"
    found = {(s.start, s.end) for s in RULES[name].find(text, name)}
    missed = [text[start:end] for start, end in values if (start, end) not in found]
    assert not missed, f"{name} misses {missed}; it finds {[text[s:e] for s, e in sorted(found)]}"


@pytest.mark.parametrize(("name", "text"), _cases("counterexamples"))
def test_rule_leaves_its_counterexamples(name, text):
    assert "«" not in text, "a counterexample marks nothing"
    found = [text[s.start : s.end] for s in RULES[name].find(text, name)]
    assert not found, f"{name} finds {found}"
