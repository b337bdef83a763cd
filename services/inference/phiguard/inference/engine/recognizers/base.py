"""What every rule recognizer is, plus the regex-with-context helper most of them are built from."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from phiguard.inference.engine.span import Span


class Recognizer:
    """A small rule detector in Presidio's style: a stable `name`, the types it may emit, `analyze`.

    Subclasses set `name` and `entity_types` and implement `analyze`. Spans carry the recognizer
    name (plus the pattern that fired) in `source`, so a detection can be explained without text.
    """

    name: str = ""
    entity_types: tuple[str, ...] = ()

    def analyze(self, text: str) -> list[Span]:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class Pattern:
    """One regex of a PatternRecognizer.

    `group` selects the part of the match that is PHI (labels such as "MRN:" stay outside);
    `validate` rejects matches a regex cannot (check digits, calendar ranges); `context` words
    within `window` characters before the match raise the confidence by `boost`.
    """

    name: str
    regex: re.Pattern[str]
    entity_type: str
    score: float
    group: int | str = 0
    validate: Callable[[re.Match[str]], bool] | None = None
    context: tuple[str, ...] = ()
    boost: float = 0.15
    window: int = 40


def words_regex(words: Iterable[str]) -> re.Pattern[str]:
    """Case-insensitive whole-word alternation, longest first so 'fax number' beats 'fax'."""
    alts = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(alts) + r")(?![A-Za-z0-9])", re.IGNORECASE)


def context_before(text: str, start: int, window: int) -> str:
    """Up to `window` characters before a match: where a label or context word would be."""
    lo = max(0, start - window)
    return text[lo:start]


class PatternRecognizer(Recognizer):
    """Regexes with validators and context boosts; emits the types its patterns name."""

    def __init__(self, name: str, patterns: Sequence[Pattern]) -> None:
        self.name = name
        self.patterns = tuple(patterns)
        self.entity_types = tuple(sorted({p.entity_type for p in self.patterns}))
        self._ctx: dict[str, re.Pattern[str]] = {}
        for p in self.patterns:
            if p.context:
                self._ctx[p.name] = words_regex(p.context)

    def analyze(self, text: str) -> list[Span]:
        spans: list[Span] = []
        for p in self.patterns:
            for m in p.regex.finditer(text):
                if p.validate is not None and not p.validate(m):
                    continue
                start, end = m.span(p.group)
                if start < 0 or start == end:
                    continue
                score, source = p.score, f"{self.name}:{p.name}"
                ctx = self._ctx.get(p.name)
                if ctx is not None and ctx.search(context_before(text, m.start(), p.window)):
                    score, source = min(1.0, score + p.boost), source + "+context"
                spans.append(Span(start, end, p.entity_type, round(score, 4), source))
        return spans
