"""Async jobs on the edge: submit (idempotently), read with ownership, cancel, stream results and events."""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import logging
import re
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from fastapi import Request
from opentelemetry import propagate
from phiguard.common.jobs import keys
from phiguard.common.jobs.store import Document, JobRecord, JobStore, TamperedError, now_iso
from phiguard.common.sealed import JobCipher
from phiguard.edge.config import EdgeSettings
from phiguard.edge.deps import Principal, authorize
from phiguard.edge.errors import ApiError
from phiguard.edge.jobs_upload import Submission
from phiguard.edge.schemas import JobProgress, JobStatus, JobSummary
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RESULT_MEDIA = {"json": "application/json", "jsonl": "application/x-ndjson", "csv": "text/csv"}
_CSV_COLUMNS = ("id", "deidentified_text", "entity_count", "entities_found")
_IDEMPOTENCY_WAIT_S = 3.0
_INDEX_MEMBER = re.compile(r"\d{13}:[0-9a-f]{32}")
# A listing call reads at most this many pages' worth of index entries looking for matching jobs.
_LIST_SCAN_PAGES = 10
_KEEPALIVE_S = 15.0
# Results read (and decrypted) per round trip while streaming them.
_RESULT_BATCH = 100


@asynccontextmanager
async def _redis_errors():
    try:
        yield
    except RedisError:
        raise ApiError(503, "job store is unavailable", {"Retry-After": "1"}) from None


def fingerprint(submission: Submission, cipher: JobCipher) -> str:
    """What a repeated submit must match to be the same submit (the multipart boundary aside). Keyed, so the
    digest stored in the record cannot confirm a guess of the documents' text."""
    h = cipher.hasher()
    h.update(json.dumps([submission.options.model_dump(), submission.format]).encode())
    for d in submission.documents:
        h.update(json.dumps([d.id, d.text], ensure_ascii=False).encode())
    return h.hexdigest()


def status_of(record: JobRecord) -> JobStatus:
    return JobStatus(job_id=record.job_id, status=record.status,
                     progress=JobProgress(done=record.done, total=record.total, chunks_done=record.chunks),
                     created_at=record.created_at, updated_at=record.updated_at, error=record.error or None)


def summary_of(record: JobRecord) -> JobSummary:
    return JobSummary(**status_of(record).model_dump(), key_id=record.owner)


def _cursor(member: str) -> str:
    # Opaque to clients, so the index's layout can change without breaking them.
    return base64.urlsafe_b64encode(member.encode()).decode().rstrip("=")


def _read_cursor(cursor: str) -> str:
    try:
        member = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        member = ""
    if not _INDEX_MEMBER.fullmatch(member):
        raise ApiError(400, "cursor: not a cursor this API returned")
    return member


def _current_traceparent() -> str:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent", "")


class JobService:
    def __init__(self, settings: EdgeSettings) -> None:
        self.settings = settings
        # Its own client: a 50 MB submit or a long event stream outlasts the edge's 1 s Redis timeouts.
        self.redis = aioredis.Redis.from_url(settings.redis_url, socket_connect_timeout=2.0, socket_timeout=30.0)
        self.store = JobStore(self.redis, settings.job_ttl_s, cipher=settings.job_cipher())

    async def close(self) -> None:
        await self.redis.aclose()

    async def submit(self, principal: Principal, submission: Submission, idempotency_key: str | None,
                     profile: str = "") -> tuple[JobRecord, bool]:
        """Queues the job; returns it and whether it is an earlier job replayed for the same Idempotency-Key."""
        now = now_iso()
        opts = submission.options
        record = JobRecord(job_id=uuid.uuid4().hex, owner=principal.key_id, status=keys.QUEUED,
                           total=len(submission.documents), created_at=now, updated_at=now,
                           strategy=opts.strategy, entity_types=list(opts.entity_types or []),
                           threshold=opts.confidence_threshold, format=submission.format,
                           fingerprint=fingerprint(submission, self.store.cipher) if idempotency_key else "",
                           traceparent=_current_traceparent(), include_text=opts.include_text,
                           delete_after_download=opts.delete_after_download, ttl_s=opts.retention_s or 0,
                           idempotency=keys.idempotency(principal.key_id, idempotency_key) if idempotency_key else "",
                           profile=profile)
        async with _redis_errors():
            if idempotency_key:
                earlier = await self._earlier(principal, idempotency_key, record)
                if earlier is not None:
                    return earlier, True
            try:
                await self.store.create(record, submission.documents)
            except BaseException:
                if idempotency_key:
                    await self.store.release_idempotency(principal.key_id, idempotency_key, record.job_id)
                raise
        return record, False

    async def _earlier(self, principal: Principal, idempotency_key: str, record: JobRecord) -> JobRecord | None:
        holder = await self.store.claim_idempotency(principal.key_id, idempotency_key, record.job_id)
        if holder is None:
            return None
        # A concurrent first submit may hold the key but not have stored its job yet: give it a moment.
        deadline = asyncio.get_running_loop().time() + _IDEMPOTENCY_WAIT_S
        while (earlier := await self.store.get(holder)) is None:
            if asyncio.get_running_loop().time() > deadline:
                await self.store.take_over_idempotency(principal.key_id, idempotency_key, record.job_id)
                return None
            await asyncio.sleep(0.1)
        if earlier.fingerprint != record.fingerprint:
            raise ApiError(409, "Idempotency-Key was already used for a different submission")
        return earlier

    async def visible(self, request: Request, principal: Principal, job_id: str,
                      action: str = "jobs.read_all") -> JobRecord:
        """The job, if this key owns it or may perform `action` on every job; otherwise 404, so other keys
        cannot learn that it exists."""
        async with _redis_errors():
            record = await self.store.get(job_id)
        if record is None:
            raise ApiError(404, "Job not found")
        if record.owner != principal.key_id:
            # Only this rare path asks auth a second question: may the key read (or delete) every job?
            try:
                await authorize(request, action)
            except ApiError as exc:
                if exc.status_code == 403:
                    raise ApiError(404, "Job not found") from None
                raise
        return record

    async def list_jobs(self, request: Request, principal: Principal, *, statuses: Sequence[str],
                        key_id: str | None, all_keys: bool, limit: int, cursor: str | None
                        ) -> tuple[list[JobRecord], str | None]:
        """The caller's jobs, newest first; another key's or every key's for a key that may read all jobs."""
        if all_keys and key_id is not None:
            raise ApiError(400, "key_id, all_keys: give one or the other")
        owner: str | None = principal.key_id
        if all_keys or (key_id is not None and key_id != principal.key_id):
            # Only these asks need auth's second answer: keys that may read only their own jobs get 403.
            await authorize(request, "jobs.read_all")
            owner = key_id
        after = _read_cursor(cursor) if cursor is not None else None
        async with _redis_errors():
            records, last = await self.store.list_jobs(owner, statuses, limit, after, scan=_LIST_SCAN_PAGES * limit)
        return records, _cursor(last) if last is not None else None

    async def cancel(self, record: JobRecord) -> JobRecord:
        async with _redis_errors():
            outcome = await self.store.cancel(record.job_id)
            if outcome is None:
                raise ApiError(404, "Job not found")
            if outcome != keys.CANCELLED:
                raise ApiError(409, f"Job already {outcome}; only queued or running jobs can be cancelled")
            return await self.store.get(record.job_id) or record

    async def delete(self, record: JobRecord) -> None:
        async with _redis_errors():
            removed = await self.store.delete(record)
        log.info("job deleted", extra={"job_id": record.job_id, "keys": removed})

    async def results(self, record: JobRecord, fmt: str) -> AsyncIterator[bytes]:
        """The result body, streamed. The first batch is read (and authenticated) before the answer starts, so
        a missing or tampered result is a clean error rather than a cut-off body."""
        if record.status != keys.SUCCEEDED:
            raise ApiError(409, f"Job is {record.status}; results exist once it has succeeded")
        first = await self._batch(record, 0)
        return self._stream(record, fmt, first)

    async def _batch(self, record: JobRecord, lo: int) -> list[dict]:
        try:
            async with _redis_errors():
                return await self.store.results_batch(record.job_id, lo, min(lo + _RESULT_BATCH, record.total))
        except LookupError:
            # Deleted (or expired) since the status was read.
            raise ApiError(404, "Job not found") from None
        except TamperedError:
            log.error("stored job result does not authenticate", extra={"job_id": record.job_id})
            raise ApiError(500, "The job's stored results failed their integrity check") from None

    async def _items(self, record: JobRecord, first: list[dict]) -> AsyncIterator[dict]:
        for item in first:
            yield item
        for lo in range(_RESULT_BATCH, record.total, _RESULT_BATCH):
            for item in await self._batch(record, lo):
                yield item

    async def _stream(self, record: JobRecord, fmt: str, first: list[dict]) -> AsyncIterator[bytes]:
        render = {"json": self._json, "jsonl": self._jsonl, "csv": self._csv}[fmt]
        async for chunk in render(record, self._items(record, first)):
            yield chunk
        if record.delete_after_download:
            # Reached only once the last byte was handed over: a download cut short keeps the job.
            await self.delete(record)

    @staticmethod
    async def _json(record: JobRecord, items: AsyncIterator[dict]) -> AsyncIterator[bytes]:
        yield b'{"job_id": ' + json.dumps(record.job_id).encode() + b', "results": ['
        first = True
        async for item in items:
            yield (b"" if first else b", ") + json.dumps(item, ensure_ascii=False).encode()
            first = False
        yield b"]}"

    @staticmethod
    async def _jsonl(record: JobRecord, items: AsyncIterator[dict]) -> AsyncIterator[bytes]:
        async for item in items:
            yield json.dumps(item, ensure_ascii=False).encode() + b"\n"

    @staticmethod
    async def _csv(record: JobRecord, items: AsyncIterator[dict]) -> AsyncIterator[bytes]:
        # Only the id and the de-identified text go back: other input columns were never de-identified.
        yield _csv_row(_CSV_COLUMNS)
        async for item in items:
            yield _csv_row((item["id"], item["deidentified_text"], item["entity_count"],
                            json.dumps(item["entities_found"], ensure_ascii=False)))

    async def events(self, job_id: str) -> AsyncIterator[bytes]:
        """Server-sent events: the status whenever it changes, ending with the terminal one."""
        pubsub = self.redis.pubsub()
        await pubsub.subscribe(keys.events(job_id))
        try:
            last, quiet = None, 0.0
            while True:
                record = await self.store.get(job_id)
                if record is None:
                    yield b'event: error\ndata: {"detail": "Job not found"}\n\n'
                    return
                payload = status_of(record).model_dump_json()
                if payload != last:
                    yield f"event: status\ndata: {payload}\n\n".encode()
                    last, quiet = payload, 0.0
                if record.status in keys.TERMINAL:
                    return
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if message is None:
                    quiet += 1.0
                    if quiet >= _KEEPALIVE_S:
                        # Keeps proxies from closing an idle stream.
                        yield b": keepalive\n\n"
                        quiet = 0.0
        finally:
            await pubsub.unsubscribe()
            await pubsub.aclose()


def _csv_row(values: Sequence) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerow(values)
    return buf.getvalue().encode()


__all__ = ["RESULT_MEDIA", "Document", "JobService", "status_of", "summary_of"]
