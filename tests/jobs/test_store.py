"""The job store's atomic steps against a real Redis: results written once, cancel wins, TTLs set."""

from __future__ import annotations

import redis.asyncio as aioredis
from phiguard.common.jobs import keys
from phiguard.common.jobs.store import Document, JobRecord, JobStore, now_iso
from phiguard.common.sealed import JobCipher

_DB = 6


async def _store(redis_url: str) -> tuple[aioredis.Redis, JobStore]:
    r = aioredis.Redis.from_url(redis_url.rsplit("/", 1)[0] + f"/{_DB}")
    await r.flushdb()
    return r, JobStore(r, ttl_s=600, cipher=JobCipher(b"test-job-secret-0123456789"))


def _job(job_id: str, total: int) -> JobRecord:
    now = now_iso()
    return JobRecord(job_id=job_id, owner="key1", status=keys.QUEUED, total=total, created_at=now, updated_at=now)


async def test_results_are_written_once_and_progress_follows_them(redis_url):
    r, store = await _store(redis_url)
    try:
        await store.create(_job("a" * 32, 2), [Document("d0", "Patient John Smith"), Document("d1", "x")])
        entries = await r.xrange(keys.STREAM)
        assert [fields for _id, fields in entries] == [{b"job_id": b"a" * 32}]  # no text in the stream
        assert await store.start("a" * 32) == keys.RUNNING
        assert await store.start("a" * 32) == keys.RUNNING  # a claiming worker resumes, status unchanged
        assert await store.checkpoint("a" * 32, 0, {"id": "d0", "n": 1}, b"state-1", chunks=2) == 1
        # A second worker finishing the same document (after a claim) changes nothing.
        assert await store.checkpoint("a" * 32, 0, {"id": "d0", "n": 2}, b"state-2", chunks=3) == 0
        record = await store.get("a" * 32)
        assert (record.done, record.chunks) == (1, 2)
        assert await store.load_state("a" * 32) == b"state-1"
        assert [x async for x in store.iter_results("a" * 32, 1)] == [{"id": "d0", "n": 1}]
        assert await store.checkpoint("a" * 32, 1, {"id": "d1"}, b"state-3", chunks=3) == 1
        assert await store.finish("a" * 32, keys.SUCCEEDED)
        assert not await store.finish("a" * 32, keys.FAILED)  # an ended job stays ended
        assert (await store.get("a" * 32)).status == keys.SUCCEEDED
        assert not await r.exists(keys.docs("a" * 32), keys.state("a" * 32))  # inputs go at once
        assert 0 < await r.ttl(keys.results("a" * 32)) <= 600
    finally:
        await r.aclose()


async def test_cancel_wins_over_a_running_worker(redis_url):
    r, store = await _store(redis_url)
    try:
        await store.create(_job("b" * 32, 3), [Document("d", "t")] * 3)
        await store.start("b" * 32)
        assert await store.cancel("b" * 32) == keys.CANCELLED
        assert await store.checkpoint("b" * 32, 0, {"id": "d"}, b"", chunks=1) == -1
        assert not await store.finish("b" * 32, keys.SUCCEEDED)
        assert (await store.get("b" * 32)).status == keys.CANCELLED
        assert not await r.exists(keys.docs("b" * 32), keys.results("b" * 32))
        assert await store.cancel("b" * 32) == keys.CANCELLED
        assert await store.cancel("c" * 32) is None
    finally:
        await r.aclose()


async def test_idempotency_key_is_claimed_once_per_owner(redis_url):
    r, store = await _store(redis_url)
    try:
        assert await store.claim_idempotency("key1", "k", "job-1") is None
        assert await store.claim_idempotency("key1", "k", "job-2") == "job-1"
        assert await store.claim_idempotency("key2", "k", "job-3") is None  # another key's namespace
        assert all(b"k" not in k.split(b":")[-1] for k in await r.keys("phiguard:jobs:idem:*"))  # hashed
    finally:
        await r.aclose()


async def test_listing_is_newest_first_per_owner_and_forgets_expired_jobs(redis_url):
    r, store = await _store(redis_url)
    try:
        ids = [c * 32 for c in "defgh"]
        for i, job_id in enumerate(ids):
            job = _job(job_id, 1)
            job.created_at = f"2030-01-01T00:00:0{i}.000Z"
            job.owner = "key1" if i != 3 else "key2"
            await store.create(job, [Document("d", "t")])
        mine = [ids[4], ids[2], ids[1], ids[0]]
        assert [j.job_id for j in (await store.list_jobs("key1", (), 10, None, scan=100))[0]] == mine
        everyone, last = await store.list_jobs(None, (), 10, None, scan=100)
        assert [j.job_id for j in everyone] == ids[::-1] and last is None
        # Pages continue after the member the previous one ended at.
        page, after = await store.list_jobs("key1", (), 2, None, scan=100)
        assert [j.job_id for j in page] == mine[:2]
        assert [j.job_id for j in (await store.list_jobs("key1", (), 2, after, scan=100))[0]] == mine[2:]
        # A status filter reads at most `scan` members per call and says where to go on.
        await store.start(ids[0])
        page, after = await store.list_jobs("key1", ("running",), 10, None, scan=2)
        assert page == [] and after is not None
        page, after = await store.list_jobs("key1", ("running",), 10, after, scan=2)
        assert [j.job_id for j in page] == [ids[0]]
        assert await store.list_jobs("key1", ("running",), 10, after, scan=2) == ([], None)
        # A record that expired leaves the listing, and its index member goes with it.
        await r.delete(keys.record(ids[2]))
        listed = await store.list_jobs("key1", (), 10, None, scan=100)
        assert [j.job_id for j in listed[0]] == [ids[4], ids[1], ids[0]]
        assert await r.zcard(keys.owner_jobs("key1")) == 3
        assert 0 < await r.ttl(keys.owner_jobs("key1")) <= 1200
    finally:
        await r.aclose()


def test_a_jobs_options_are_kept_together_in_its_record():
    # The site profile is an option like the strategy, include_text and retention: kept in the record (no PHI there;
    # inputs, results and state are the sealed values), and read back as written.
    now = now_iso()
    record = JobRecord(job_id="c" * 32, owner="key1", status=keys.QUEUED, total=1, created_at=now, updated_at=now,
                       strategy="hash", entity_types=["NAME"], threshold=0.7, include_text=False,
                       delete_after_download=True, ttl_s=120, profile="site-a")
    raw = {k.encode(): v.encode() for k, v in record.to_redis().items()}
    assert JobRecord.from_redis(raw) == record
    # Records written before profiles existed read back with none.
    del raw[b"profile"]
    assert JobRecord.from_redis(raw).profile == ""
