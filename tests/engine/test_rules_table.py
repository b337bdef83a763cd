"""The engine README lists every rule the registry runs, as tools/rules_table.py writes it."""

from __future__ import annotations

from rules_table import BEGIN, END, README, table


def test_readme_rule_list_matches_the_registry():
    text = README.read_text(encoding="utf-8")
    documented = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert documented == table(), "the engine README's rule list is stale: run `make rules-table`"
