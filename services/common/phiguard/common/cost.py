"""What a request costs in rate-limit tokens: the one rule every endpoint charges by.

A text costs one token per started `CHARS_PER_TOKEN` characters, and at least one: a 1-character
/detect and a 10,000-character one cost 1, a 10,001-character one 2, a 100,000-character one 10.
/detect, /deidentify and /redact charge their one text, /batch the sum over its texts, an async job
the sum over its documents (empty ones cost 1: each is still a result to store and return).
"""

from __future__ import annotations

from collections.abc import Iterable

CHARS_PER_TOKEN = 10_000


def text_cost(chars: int) -> int:
    """Tokens one text of `chars` characters costs."""
    return max(1, -(-chars // CHARS_PER_TOKEN))


def texts_cost(lengths: Iterable[int]) -> int:
    """Tokens a set of texts costs: each text charged on its own, then summed."""
    return sum(text_cost(n) for n in lengths)
