"""Where a line of a note starts. Rules read the words before a value on its own line only: a line break ends a
field of a form, an item of a list or a row of a table, and the words above it say nothing of the value."""

from __future__ import annotations


def start_of_line(text: str, pos: int) -> int:
    """The offset of the first character of the line that holds `pos`."""
    return text.rfind("\n", 0, pos) + 1
