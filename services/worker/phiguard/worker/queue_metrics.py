"""Job queue gauges, read from Redis at each scrape: how many jobs are not finished, and how old the oldest is.

A collector rather than gauges the consumer loop sets: the values stay true while every worker is busy
on a long job, and a scrape costs a handful of small Redis calls. Every worker reports the same queue,
so queries aggregate with max(), never sum(). No labels: the queue is one stream, and ids never
become label values.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import redis
from phiguard.common.jobs import keys
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from redis.backoff import NoBackoff
from redis.exceptions import RedisError, ResponseError
from redis.retry import Retry

log = logging.getLogger(__name__)

DEPTH = "phiguard_jobs_queue_depth"
IN_PROGRESS = "phiguard_jobs_in_progress"
OLDEST_AGE = "phiguard_jobs_oldest_age_seconds"

_HELP = {
    DEPTH: "Job stream entries not yet acknowledged: waiting for a worker plus being worked on",
    IN_PROGRESS: "Job stream entries delivered to a worker and not yet acknowledged",
    OLDEST_AGE: "Age of the oldest entry waiting or being worked on (0 when the queue is empty)",
}


@dataclass(frozen=True)
class QueueState:
    depth: int
    in_progress: int
    oldest_age_s: float


def _ms(entry_id: bytes | str) -> int:
    # A stream id is "<unix ms>-<seq>": the time Redis added the entry.
    text = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    return int(text.split("-", 1)[0])


def read_queue(client: redis.Redis, stream: str = keys.STREAM, group: str = keys.GROUP) -> QueueState:
    """The queue as Redis sees it now. Raises RedisError when Redis cannot answer."""
    seconds, micros = client.time()
    now_ms = seconds * 1000 + micros // 1000  # Redis's clock, the one that stamped the ids
    try:
        groups = client.xinfo_groups(stream)
    except ResponseError as exc:
        if "no such key" in str(exc).lower():
            return QueueState(0, 0, 0.0)  # nothing was ever submitted (or Redis was flushed)
        raise
    info = next((g for g in groups if g["name"] in (group, group.encode())), None)
    if info is None:
        # No worker has created the group yet: every entry is waiting.
        first = client.xrange(stream, count=1)
        oldest = [_ms(first[0][0])] if first else []
        return QueueState(client.xlen(stream), 0, _age(now_ms, oldest))
    in_progress = int(info["pending"])
    lag = info.get("lag")
    if lag is None:
        # Redis cannot count the undelivered entries (older Redis, or deletions among them). Workers
        # delete every entry they acknowledge (runner._ack), so the stream holds exactly the pending
        # and the undelivered entries.
        lag = max(client.xlen(stream) - in_progress, 0)
    oldest = []
    if in_progress:
        summary = client.xpending(stream, group)
        if summary.get("min"):
            oldest.append(_ms(summary["min"]))
    last = info["last-delivered-id"]
    last = last.decode() if isinstance(last, bytes) else last
    waiting = client.xrange(stream, min=f"({last}", max="+", count=1)
    if waiting:
        oldest.append(_ms(waiting[0][0]))
    return QueueState(in_progress + int(lag), in_progress, _age(now_ms, oldest))


def _age(now_ms: int, stamps: list[int]) -> float:
    return max(now_ms - min(stamps), 0) / 1000 if stamps else 0.0


class QueueCollector(Collector):
    """Reports nothing while Redis is unreachable: a gap in the graph, never a made-up zero."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client
        self._failing = False

    def describe(self) -> Iterator[GaugeMetricFamily]:
        # Registration asks for the names; answering from here keeps it from calling Redis.
        for name, text in _HELP.items():
            yield GaugeMetricFamily(name, text)

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            state = read_queue(self.client)
        except (RedisError, OSError) as exc:
            if not self._failing:  # once per outage, not once per scrape
                log.warning("job queue metrics unavailable: redis error", extra={"exc_type": type(exc).__name__})
            self._failing = True
            return
        if self._failing:
            log.info("job queue metrics available again")
            self._failing = False
        yield GaugeMetricFamily(DEPTH, _HELP[DEPTH], value=state.depth)
        yield GaugeMetricFamily(IN_PROGRESS, _HELP[IN_PROGRESS], value=state.in_progress)
        yield GaugeMetricFamily(OLDEST_AGE, _HELP[OLDEST_AGE], value=state.oldest_age_s)


def queue_client(redis_url: str) -> redis.Redis:
    # Short timeouts and no retries: a scrape waits about a second at most on a Redis that hangs; the
    # next scrape is the retry.
    return redis.Redis.from_url(redis_url, socket_connect_timeout=1.0, socket_timeout=1.0,
                                retry=Retry(NoBackoff(), 0))
