"""What the model would have said, for engine tests that check how the engine treats one of its spans."""

from __future__ import annotations

from phiguard.inference.engine.span import Span


def model_span(text: str, value: str, etype: str, confidence: float = 0.9) -> Span:
    """The model's span over the first `value` in `text`."""
    start = text.index(value)
    return Span(start, start + len(value), etype, confidence, "model:phiguard-ner")


def reported(engine, text: str, guess: str, etype: str, confidence: float = 0.9) -> list[str]:
    """What the engine reports in `text` when the model's only span is `guess`, read as `etype`."""
    spans = engine.detect(text, model_spans=[model_span(text, guess, etype, confidence)])
    return [text[s.start : s.end] for s in spans]
