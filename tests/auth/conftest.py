"""Auth test fixtures: real AuthServer replicas on loopback sharing the session's real Redis."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import redis

from authtest import Replica, make_settings, running_replica
from phiguard.common.logging import JsonFormatter


@pytest.fixture
def replica_factory(redis_url: str, redis_client: redis.Redis) -> Callable[..., Any]:
    """Start replicas with settings overrides; Redis is flushed first (via redis_client)."""
    return lambda **overrides: running_replica(make_settings(redis_url, **overrides))


@pytest.fixture
async def replica(replica_factory) -> AsyncIterator[Replica]:
    async with replica_factory() as r:
        yield r


@pytest.fixture
def json_logs() -> Any:
    """Every log record of the test, formatted exactly as production formats it (JSON, extras included)."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    handler.setFormatter(JsonFormatter("auth"))
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
