from __future__ import annotations

import pytest
from engine_secret import SECRET
from phiguard.inference.engine import DeidEngine, build_engine


@pytest.fixture(scope="session")
def engine() -> DeidEngine:
    return build_engine(SECRET)


def _found(engine: DeidEngine, text: str, **kw) -> set[tuple[str, str]]:
    return {(s.entity_type, text[s.start : s.end]) for s in engine.detect(text, **kw)}


@pytest.fixture(scope="session")
def found(engine):
    """(type, text) pairs the engine reports: asserting on these keeps tests readable."""
    return lambda text, **kw: _found(engine, text, **kw)


def _kept_from_model(engine: DeidEngine, text: str, value: str, etype: str, confidence: float = 0.95) -> bool:
    from phiguard.inference.engine.span import Span

    start = text.index(value)
    model = [Span(start, start + len(value), etype, confidence, "model:test")]
    return value in {text[s.start : s.end] for s in engine.detect(text, model_spans=model)}


@pytest.fixture(scope="session")
def kept_from_model(engine):
    """Whether the engine still reports `value` when the model alone proposed it as `etype`: how the model's known
    false alarms are tested without depending on what a given model version proposes."""
    return lambda text, value, etype, **kw: _kept_from_model(engine, text, value, etype, **kw)
