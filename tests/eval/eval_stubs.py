"""Stand-ins for the eval tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A stand-in with the engine's Span fields: these tests need no engine (nor a model)."""

    start: int
    end: int
    entity_type: str
    confidence: float
    source: str
