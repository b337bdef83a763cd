"""Job records, inputs, results and checkpoints in Redis; every state change is one atomic script.

A job is one hash (the record), one hash of inputs (index → {"id", "text"}), one hash of results
(index → result JSON, written once each), and the replacement state carried between documents.
Two sorted sets, every job's and each key's, list jobs by creation time.

Inputs, results and state are PHI (texts, entity texts, document ids): each value is sealed with AES-256-GCM
(phiguard.common.sealed) bound to its job and field, so Redis, its dumps and its replicas never hold them in
clear. The record holds no PHI: ids, counts, options, times and error reasons that never quote text.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis
from phiguard.common.jobs import keys
from phiguard.common.sealed import JobCipher, TamperedError
from phiguard.common.strategies import DEFAULT_STRATEGY

__all__ = ["Document", "JobRecord", "JobStore", "TamperedError", "now_iso"]

# Only a queued or running job may change; anything else reports its status unchanged.
_START = """
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'queued' then
  redis.call('HSET', KEYS[1], 'status', 'running', 'updated_at', ARGV[1])
  return 'running'
end
return status
"""

# Writes a document's result once (HSETNX) together with the state after it, so a worker that
# resumes finds results and state that agree. Returns 1 written, 0 already there, -1 no longer running.
_CHECKPOINT = """
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then return -1 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('SET', KEYS[3], ARGV[3], 'EX', ARGV[6])
redis.call('HSET', KEYS[1], 'done', redis.call('HLEN', KEYS[2]), 'chunks', ARGV[4], 'updated_at', ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[6])
return 1
"""

# Ends a running job. Inputs and state go at once (they are PHI we no longer need); the record and
# results live for the TTL from now.
_FINISH = """
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'error', ARGV[2], 'updated_at', ARGV[3])
redis.call('DEL', KEYS[3], KEYS[4])
if ARGV[1] ~= 'succeeded' then redis.call('DEL', KEYS[2]) end
redis.call('EXPIRE', KEYS[1], ARGV[4])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[4]) end
return 1
"""

# Progress of a running job only: a job deleted (or ended) meanwhile must not come back as a bare record.
_SET_CHUNKS = """
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then return 0 end
redis.call('HSET', KEYS[1], 'chunks', ARGV[1], 'updated_at', ARGV[2])
return 1
"""

_CANCEL = """
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'queued' or status == 'running' then
  redis.call('HSET', KEYS[1], 'status', 'cancelled', 'updated_at', ARGV[1])
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return 'cancelled'
end
return status
"""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# Index members read per round trip when a status filter may skip most of them.
_SCAN_BATCH = 100


def _index_time(when: datetime) -> str:
    return f"{int(when.timestamp() * 1000):013d}"


@dataclass
class JobRecord:
    job_id: str
    owner: str
    status: str
    total: int
    done: int = 0
    chunks: int = 0
    created_at: str = ""
    updated_at: str = ""
    error: str = ""
    strategy: str = DEFAULT_STRATEGY
    entity_types: list[str] = field(default_factory=list)
    threshold: float = 0.5
    # json | jsonl | csv: what the result endpoint answers in by default.
    format: str = "json"
    fingerprint: str = ""
    # W3C trace context of the submitting request, so the worker's spans join the submitter's trace.
    traceparent: str = ""
    # false: results keep no entity text.
    include_text: bool = True
    # The job goes once its results have been downloaded in full.
    delete_after_download: bool = False
    # How long the job is kept (0: the store's TTL); never more than the store's TTL.
    ttl_s: int = 0
    # The Redis key of the Idempotency-Key that names this job, so deleting the job frees it.
    idempotency: str = ""
    # The site profile the job's documents are de-identified with (empty: none); read at every window.
    profile: str = ""

    def to_redis(self) -> dict[str, str]:
        return {"job_id": self.job_id, "owner": self.owner, "status": self.status, "total": str(self.total),
                "done": str(self.done), "chunks": str(self.chunks), "created_at": self.created_at,
                "updated_at": self.updated_at, "error": self.error, "strategy": self.strategy,
                "entity_types": json.dumps(self.entity_types), "threshold": repr(self.threshold),
                "format": self.format, "fingerprint": self.fingerprint, "traceparent": self.traceparent,
                "include_text": str(int(self.include_text)),
                "delete_after_download": str(int(self.delete_after_download)), "ttl_s": str(self.ttl_s),
                "idempotency": self.idempotency, "profile": self.profile}

    @classmethod
    def from_redis(cls, raw: Mapping[bytes, bytes]) -> JobRecord:
        d = {k.decode(): v.decode() for k, v in raw.items()}
        return cls(job_id=d["job_id"], owner=d["owner"], status=d["status"], total=int(d["total"]),
                   done=int(d.get("done", 0)), chunks=int(d.get("chunks", 0)), created_at=d["created_at"],
                   updated_at=d["updated_at"], error=d.get("error", ""), strategy=d.get("strategy", DEFAULT_STRATEGY),
                   entity_types=json.loads(d.get("entity_types", "[]")), threshold=float(d.get("threshold", 0.5)),
                   format=d.get("format", "json"), fingerprint=d.get("fingerprint", ""),
                   traceparent=d.get("traceparent", ""), include_text=d.get("include_text", "1") == "1",
                   delete_after_download=d.get("delete_after_download", "0") == "1", ttl_s=int(d.get("ttl_s", 0)),
                   idempotency=d.get("idempotency", ""), profile=d.get("profile", ""))


@dataclass(frozen=True)
class Document:
    id: str
    text: str


def _doc_field(index: int) -> str:
    return f"doc:{index}"


def _result_field(index: int) -> str:
    return f"result:{index}"


_STATE_FIELD = "state"
# Stream entries read per round trip when deleting a job's entries.
_STREAM_PAGE = 500


class JobStore:
    def __init__(self, redis: aioredis.Redis, ttl_s: int, *, cipher: JobCipher) -> None:
        self.redis = redis
        self.ttl_s = ttl_s
        self.cipher = cipher
        self._start = redis.register_script(_START)
        self._checkpoint = redis.register_script(_CHECKPOINT)
        self._finish = redis.register_script(_FINISH)
        self._cancel = redis.register_script(_CANCEL)
        self._set_chunks = redis.register_script(_SET_CHUNKS)

    def ttl_of(self, job: JobRecord) -> int:
        """How long this job's keys live: the store's TTL, or less where the job asked for less."""
        return min(job.ttl_s, self.ttl_s) if job.ttl_s > 0 else self.ttl_s

    def _seal_json(self, job_id: str, field: str, value: object) -> bytes:
        return self.cipher.seal(job_id, field, json.dumps(value, ensure_ascii=False).encode())

    def _open_json(self, job_id: str, field: str, sealed: bytes):
        return json.loads(self.cipher.open(job_id, field, sealed))

    # --- edge side -------------------------------------------------------------------------------

    async def create(self, job: JobRecord, documents: Sequence[Document]) -> None:
        """Record, inputs and stream entry in one MULTI: a job is queued whole or not at all."""
        ttl = self.ttl_of(job)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(keys.record(job.job_id), mapping=job.to_redis())
        pipe.expire(keys.record(job.job_id), ttl)
        if documents:
            pipe.hset(keys.docs(job.job_id), mapping={
                str(i): self._seal_json(job.job_id, _doc_field(i), {"id": d.id, "text": d.text})
                for i, d in enumerate(documents)})
            pipe.expire(keys.docs(job.job_id), ttl)
        pipe.xadd(keys.STREAM, {keys.FIELD_JOB_ID: job.job_id})
        member = f"{_index_time(datetime.fromisoformat(job.created_at))}:{job.job_id}"
        # A record lives at most two TTLs past its creation (one queued or running, one after it ends):
        # index members older than that name nothing, and an index idle that long is empty.
        lifetime = 2 * self.ttl_s
        oldest = _index_time(datetime.fromisoformat(job.created_at) - timedelta(seconds=lifetime))
        for index in (keys.ALL_JOBS, keys.owner_jobs(job.owner)):
            pipe.zadd(index, {member: 0})
            pipe.zremrangebylex(index, "-", f"({oldest}")
            pipe.expire(index, lifetime)
        await pipe.execute()

    async def list_jobs(self, owner: str | None, statuses: Collection[str], limit: int, after: str | None,
                        scan: int) -> tuple[list[JobRecord], str | None]:
        """Up to `limit` jobs of `owner` (None: of every key), newest first, with one of `statuses` (empty:
        any), starting after the index member `after`. Reads at most `scan` index members, so a rare
        status costs a bounded amount of work per call. Returns the jobs and the member to continue
        after, or None when the index holds no more."""
        index = keys.ALL_JOBS if owner is None else keys.owner_jobs(owner)
        found: list[JobRecord] = []
        cursor, scanned = after, 0
        while scanned < scan:
            # With a status filter most members may not match: read ahead, the page still ends at the last kept.
            want = min(scan - scanned, max(limit - len(found), _SCAN_BATCH if statuses else 0))
            members = [m.decode() for m in await self.redis.zrevrangebylex(
                index, f"({cursor}" if cursor else "+", "-", start=0, num=want)]
            pipe = self.redis.pipeline(transaction=False)
            for member in members:
                pipe.hgetall(keys.record(member.partition(":")[2]))
            expired = []
            for member, raw in zip(members, await pipe.execute(), strict=True):
                scanned += 1
                cursor = member
                if not raw or b"job_id" not in raw:
                    expired.append(member)
                    continue
                record = JobRecord.from_redis(raw)
                if not statuses or record.status in statuses:
                    found.append(record)
                    if len(found) == limit:
                        break
            if expired:
                await self.redis.zrem(index, *expired)
            if len(found) == limit:
                return found, cursor
            if len(members) < want:
                return found, None
        return found, cursor

    async def claim_idempotency(self, owner: str, idempotency_key: str, job_id: str) -> str | None:
        """Reserves the key for job_id; returns the job id that already holds it, if any."""
        key = keys.idempotency(owner, idempotency_key)
        if await self.redis.set(key, job_id, nx=True, ex=self.ttl_s):
            return None
        existing = await self.redis.get(key)
        return existing.decode() if existing else None

    async def take_over_idempotency(self, owner: str, idempotency_key: str, job_id: str) -> None:
        await self.redis.set(keys.idempotency(owner, idempotency_key), job_id, ex=self.ttl_s)

    async def release_idempotency(self, owner: str, idempotency_key: str, job_id: str) -> None:
        key = keys.idempotency(owner, idempotency_key)
        if (await self.redis.get(key) or b"").decode() == job_id:
            await self.redis.delete(key)

    async def get(self, job_id: str) -> JobRecord | None:
        raw = await self.redis.hgetall(keys.record(job_id))
        return JobRecord.from_redis(raw) if raw and b"job_id" in raw else None

    async def cancel(self, job_id: str) -> str | None:
        status = await self._cancel(keys=[keys.record(job_id), keys.docs(job_id), keys.results(job_id),
                                          keys.state(job_id)], args=[now_iso(), self.ttl_s])
        if status is not None:
            await self.notify(job_id)
        return status.decode() if isinstance(status, bytes) else status

    async def results_batch(self, job_id: str, lo: int, hi: int) -> list[dict]:
        """Results lo..hi-1, decrypted. Raises LookupError when one is gone, TamperedError when one does not
        authenticate."""
        fields = [str(i) for i in range(lo, hi)]
        out = []
        for i, raw in zip(range(lo, hi), await self.redis.hmget(keys.results(job_id), fields), strict=True):
            if raw is None:
                raise LookupError("result missing")
            out.append(self._open_json(job_id, _result_field(i), raw))
        return out

    async def iter_results(self, job_id: str, total: int, batch: int = 100) -> AsyncIterator[dict]:
        """Results in document order, read a batch at a time so a large job never sits in memory whole."""
        for lo in range(0, total, batch):
            for item in await self.results_batch(job_id, lo, min(lo + batch, total)):
                yield item

    async def delete(self, job: JobRecord) -> int:
        """Removes every trace of the job: record, inputs, results, state, its index entries, its
        Idempotency-Key and its stream entries. A worker running it stops at its next step (the record is
        gone). Returns how many keys and entries went."""
        job_id = job.job_id
        member = f"{_index_time(datetime.fromisoformat(job.created_at))}:{job_id}"
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(keys.record(job_id), keys.docs(job_id), keys.results(job_id), keys.state(job_id))
        pipe.zrem(keys.ALL_JOBS, member)
        pipe.zrem(keys.owner_jobs(job.owner), member)
        removed = sum(await pipe.execute())
        if job.idempotency and (await self.redis.get(job.idempotency) or b"").decode() == job_id:
            removed += await self.redis.delete(job.idempotency)
        removed += await self._delete_entries(job_id)
        await self.notify(job_id)
        return removed

    async def _delete_entries(self, job_id: str) -> int:
        # Workers delete the entries they finish, so the stream holds only waiting and running jobs' entries.
        removed, start = 0, "-"
        target = job_id.encode()
        while True:
            page = await self.redis.xrange(keys.STREAM, min=start, max="+", count=_STREAM_PAGE)
            ours = [entry_id for entry_id, fields in page if fields.get(keys.FIELD_JOB_ID.encode()) == target]
            if ours:
                pipe = self.redis.pipeline(transaction=True)
                pipe.xack(keys.STREAM, keys.GROUP, *ours)
                pipe.xdel(keys.STREAM, *ours)
                removed += (await pipe.execute())[1]
            if len(page) < _STREAM_PAGE:
                return removed
            last = page[-1][0].decode() if isinstance(page[-1][0], bytes) else page[-1][0]
            start = f"({last}"

    # --- worker side -----------------------------------------------------------------------------

    async def start(self, job_id: str) -> str | None:
        status = await self._start(keys=[keys.record(job_id)], args=[now_iso()])
        if status == b"running":
            await self.notify(job_id)
        return status.decode() if isinstance(status, bytes) else status

    async def status(self, job_id: str) -> str | None:
        raw = await self.redis.hget(keys.record(job_id), "status")
        return raw.decode() if raw else None

    async def document(self, job_id: str, index: int) -> Document | None:
        """The input document; raises TamperedError when the stored value does not authenticate."""
        raw = await self.redis.hget(keys.docs(job_id), str(index))
        if raw is None:
            return None
        d = self._open_json(job_id, _doc_field(index), raw)
        return Document(id=d["id"], text=d["text"])

    async def load_state(self, job_id: str) -> bytes:
        raw = await self.redis.get(keys.state(job_id))
        return self.cipher.open(job_id, _STATE_FIELD, raw) if raw else b""

    async def checkpoint(self, job_id: str, index: int, result: dict, state: bytes, chunks: int,
                         ttl_s: int | None = None) -> int:
        written = await self._checkpoint(
            keys=[keys.record(job_id), keys.results(job_id), keys.state(job_id)],
            args=[str(index), self._seal_json(job_id, _result_field(index), result),
                  self.cipher.seal(job_id, _STATE_FIELD, state), chunks, now_iso(), ttl_s or self.ttl_s])
        await self.notify(job_id)
        return int(written)

    async def set_chunks(self, job_id: str, chunks: int) -> None:
        await self._set_chunks(keys=[keys.record(job_id)], args=[chunks, now_iso()])
        await self.notify(job_id)

    async def finish(self, job_id: str, status: str, error: str = "", ttl_s: int | None = None) -> bool:
        done = await self._finish(keys=[keys.record(job_id), keys.results(job_id), keys.docs(job_id),
                                        keys.state(job_id)], args=[status, error, now_iso(), ttl_s or self.ttl_s])
        await self.notify(job_id)
        return bool(done)

    async def notify(self, job_id: str) -> None:
        # A bare nudge: subscribers re-read the record, so a missed message costs latency, not truth.
        await self.redis.publish(keys.events(job_id), b"1")
