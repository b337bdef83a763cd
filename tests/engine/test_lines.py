"""engine.lines: the start of the line that holds an offset, which the rules read the words before a value from."""

from __future__ import annotations

import pytest
from phiguard.inference.engine.lines import start_of_line

TEXT = "HR 88\nBP 120/80 at 1400\n\nplan: cont"


@pytest.mark.parametrize(
    "pos, expected",
    [
        (0, 0),  # the first line starts the text
        (3, 0),
        (5, 0),  # the line break itself belongs to the line it ends
        (6, 6),  # the first character after a break
        (15, 6),
        (24, 24),  # an empty line
        (25, 25),
        (len(TEXT), 25),
    ],
)
def test_the_start_of_the_line_holding_an_offset(pos: int, expected: int) -> None:
    assert start_of_line(TEXT, pos) == expected
    assert "\n" not in TEXT[start_of_line(TEXT, pos) : pos]
