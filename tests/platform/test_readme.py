"""README.md opens with the two commands and documents every setting the services read."""

from __future__ import annotations

from pathlib import Path

from settings_table import BEGIN, END, table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_opens_with_make_run_and_make_test():
    head = README.read_text()[:600]
    assert "make run" in head and "make test" in head


def test_settings_table_matches_the_settings_classes():
    text = README.read_text()
    documented = text[text.index(BEGIN):text.index(END) + len(END)]
    assert documented == table(), "README settings table is stale: run `make settings-table`"
