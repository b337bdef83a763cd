"""The one span type every recognizer, the model runner, the resolver and the strategies share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A detected PHI span; start/end are Python code-point offsets into the analysed text."""

    start: int
    end: int
    entity_type: str
    confidence: float
    # Recognizer or model name: the evidence for the span, safe to log (never the text).
    source: str

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end
