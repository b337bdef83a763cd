"""What the model would have said, for engine tests that check how the engine treats one of its spans."""

from __future__ import annotations

from phiguard.inference.engine.span import Span


def model_span(text: str, value: str, etype: str, confidence: float = 0.9) -> Span:
    """The model's span over the first `value` in `text`."""
    start = text.index(value)
    return Span(start, start + len(value), etype, confidence, "model:phiguard-ner")
