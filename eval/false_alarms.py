"""Counting what the engine flags on real prose: spans per 10,000 words, per type, per rule, per string.

The held-out MTSamples notes had their PHI removed by the source, so nearly every flag there is a false
alarm; the few real names, dates and hospitals left in them are true PHI, which is why the most-flagged
strings are listed for a reviewer to judge.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # type hints only: these helpers run (and are tested) without importing the engine
    from phiguard.inference.engine.span import Span


# A word: letters/digits, joined through - ' ’ . / inside it ("s/p", "6/14", "don't" and "q.i.d" are one word).
WORD = re.compile(r"\w+(?:[-'’./]\w+)*")


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def rule_of(source: str) -> str:
    """The rule that produced a span: its source without any "+context"-style suffix."""
    return source.split("+", 1)[0]


def per_10k(n: int, words: int) -> float:
    return 10_000 * n / words if words else 0.0


@dataclass
class FlagTally:
    docs: int = 0
    words: int = 0
    spans: int = 0
    by_type: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    strings: Counter = field(default_factory=Counter)
    string_types: dict = field(default_factory=lambda: defaultdict(Counter))

    def add(self, text: str, spans: Iterable[Span]) -> None:
        self.docs += 1
        self.words += count_words(text)
        for s in spans:
            self.spans += 1
            self.by_type[s.entity_type] += 1
            self.by_rule[rule_of(s.source)] += 1
            flagged = " ".join(text[s.start : s.end].split())
            self.strings[flagged] += 1
            self.string_types[flagged][s.entity_type] += 1

    def rate(self, n: int | None = None) -> float:
        return per_10k(self.spans if n is None else n, self.words)

    def report(self, title: str, top: int = 25) -> list[str]:
        lines = [
            f"\n=== {title}: {self.docs} notes, {self.words:,} words ===",
            f"spans reported: {self.spans} ({self.rate():.2f} per 10k words)",
            f"{'type':<14}{'spans':>7}{'per 10k words':>15}",
        ]
        for t, n in sorted(self.by_type.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{t:<14}{n:>7}{self.rate(n):>15.2f}")
        if self.strings:
            lines.append(f"{top} most-flagged strings (count, type, text; a reviewer marks true PHI vs false alarm):")
            for text, n in sorted(self.strings.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
                types = "/".join(t for t, _ in self.string_types[text].most_common())
                lines.append(f"  {n:>5}  {types:<22} {text!r}")
        return lines

    def as_dict(self) -> dict:
        return {
            "docs": self.docs,
            "words": self.words,
            "spans": self.spans,
            "per_10k_words": round(self.rate(), 3),
            "by_type": {t: {"spans": n, "per_10k_words": round(self.rate(n), 3)} for t, n in self.by_type.items()},
        }
