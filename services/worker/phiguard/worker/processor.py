"""Running one job: documents in order, each checkpointed with the replacement state after it."""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field

from opentelemetry import propagate, trace
from phiguard.common.jobs import keys
from phiguard.common.jobs.store import JobStore, TamperedError
from phiguard.worker import metrics
from phiguard.worker.config import WorkerSettings
from phiguard.worker.deid import DocResult, DocumentDeidentifier, Options
from phiguard.worker.inference import JobFailed

_tracer = trace.get_tracer(__name__)
log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    ACK = "ack"          # the job reached an end (or never will run): drop the entry
    RELEASE = "release"  # shutting down: hand the job back to the queue at once
    LOST = "lost"        # another worker owns the entry now: leave it alone
    ACK_CANCELLED = "cancelled"  # the job was cancelled while running: drop the entry, change nothing


class _Stop(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.value)
        self.outcome = outcome


@dataclass
class Shutdown:
    requested_at: float | None = None
    _event: asyncio.Event = field(default_factory=asyncio.Event, init=False, repr=False)

    def request(self) -> None:
        if self.requested_at is None:
            self.requested_at = time.monotonic()
            self._event.set()
            log.info("shutdown requested")

    @property
    def requested(self) -> bool:
        return self.requested_at is not None

    async def sleep(self, seconds: float) -> None:
        """Sleeps, but returns at once when shutdown is requested."""
        try:
            await asyncio.wait_for(self._event.wait(), timeout=seconds)
        except TimeoutError:
            pass

    async def grace_spent(self, grace_s: float) -> None:
        """Returns once shutdown was requested and `grace_s` has passed since."""
        await self._event.wait()
        await asyncio.sleep(max(0.0, self.requested_at + grace_s - time.monotonic()))


@dataclass
class Lease:
    """Set by the heartbeat when the entry was claimed by someone else."""

    lost: bool = False


class JobProcessor:
    def __init__(self, store: JobStore, deid: DocumentDeidentifier, settings: WorkerSettings,
                 shutdown: Shutdown) -> None:
        self.store = store
        self.deid = deid
        self.settings = settings
        self.shutdown = shutdown

    async def process(self, job_id: str, lease: Lease) -> Outcome:
        status = await self.store.start(job_id)
        if status != keys.RUNNING:
            # Missing (expired), cancelled before it started, or already ended by a faster worker.
            log.info("job not runnable", extra={"job_id": job_id, "status": status or "missing"})
            return Outcome.ACK
        record = await self.store.get(job_id)
        if record is None:
            return Outcome.ACK
        started = time.perf_counter()
        parent = propagate.extract({"traceparent": record.traceparent}) if record.traceparent else None
        try:
            with _tracer.start_as_current_span("job.process", context=parent,
                                               attributes={"phiguard.job_documents": record.total}):
                outcome = await self._documents(record, lease)
        except _Stop as stop:
            outcome = stop.outcome
        except TamperedError:
            # Never retried: a value that does not authenticate will not start to.
            await self.store.finish(job_id, keys.FAILED, "the job's stored data failed its integrity check",
                                    self.store.ttl_of(record))
            metrics.JOBS.labels("failed").inc()
            log.warning("job failed: stored data does not authenticate", extra={"job_id": job_id})
            return Outcome.ACK
        except JobFailed as exc:
            await self.store.finish(job_id, keys.FAILED, str(exc), self.store.ttl_of(record))
            metrics.JOBS.labels("failed").inc()
            log.warning("job failed", extra={"job_id": job_id, "reason": str(exc)})
            return Outcome.ACK
        if outcome is Outcome.ACK_CANCELLED:
            metrics.JOBS.labels("cancelled").inc()
            log.info("job cancelled", extra={"job_id": job_id})
            return Outcome.ACK
        if outcome is Outcome.ACK and await self.store.finish(job_id, keys.SUCCEEDED, ttl_s=self.store.ttl_of(record)):
            metrics.JOBS.labels("succeeded").inc()
            metrics.JOB_SECONDS.observe(time.perf_counter() - started)
            log.info("job succeeded", extra={"job_id": job_id, "documents": record.total,
                                             "seconds": round(time.perf_counter() - started, 3)})
        return outcome

    async def _documents(self, record, lease: Lease) -> Outcome:
        job_id = record.job_id
        options = Options(record.strategy, record.entity_types, record.threshold, request_id=job_id,
                          tenant=record.owner, profile=record.profile)
        state = await self.store.load_state(job_id)
        index, chunks = record.done, record.chunks
        if index:
            log.info("job resumed", extra={"job_id": job_id, "from_document": index, "documents": record.total})

        async def guard() -> None:
            if lease.lost:
                raise _Stop(Outcome.LOST)
            if await self.store.status(job_id) != keys.RUNNING:
                raise _Stop(Outcome.ACK_CANCELLED)

        while index < record.total:
            if self.shutdown.requested:
                # Between documents: everything done so far is checkpointed, nothing is lost.
                return Outcome.RELEASE
            doc = await self.store.document(job_id, index)
            if doc is None:
                if await self.store.status(job_id) != keys.RUNNING:
                    raise _Stop(Outcome.ACK_CANCELLED)
                raise JobFailed("the job's input expired before it ran")
            base = chunks

            async def progress(windows_done: int, base: int = base) -> None:
                await self.store.set_chunks(job_id, base + windows_done)

            started = time.perf_counter()
            result = await self._within_grace(self.deid.run(doc.text, options, state, guard, progress))
            written = await self.store.checkpoint(job_id, index, result.as_result(doc.id, record.include_text),
                                                  result.state, chunks + result.windows, self.store.ttl_of(record))
            if written < 0:
                raise _Stop(Outcome.ACK_CANCELLED)
            # 0: another worker stored this document first; continue from its state, not ours.
            state = result.state if written else await self.store.load_state(job_id)
            chunks += result.windows
            metrics.DOCUMENTS.inc()
            metrics.CHARS.inc(len(doc.text))
            log.debug("document done", extra={"job_id": job_id, "index": index, "chars": len(doc.text),
                                              "windows": result.windows, "entities": len(result.spans),
                                              "seconds": round(time.perf_counter() - started, 3)})
            index += 1
        return Outcome.ACK

    async def _within_grace(self, work: Coroutine[None, None, DocResult]) -> DocResult:
        # A window call can wait on a slow or unreachable inference for its whole deadline and retry
        # budget; the grace bounds the document as a whole, so SIGTERM never outlives it. The document
        # is not checkpointed, so the worker that takes the job over runs it again from its start.
        doc = asyncio.ensure_future(work)
        spent = asyncio.ensure_future(self.shutdown.grace_spent(self.settings.shutdown_grace_s))
        try:
            await asyncio.wait((doc, spent), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (doc, spent):
                if not task.done():
                    task.cancel()
            await asyncio.gather(doc, spent, return_exceptions=True)
        if doc.cancelled():
            raise _Stop(Outcome.RELEASE)
        return doc.result()
