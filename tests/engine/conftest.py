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
