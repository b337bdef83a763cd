"""PHI at rest in the job store, against a real Redis (issue 24, item 4): nothing readable in raw Redis,
deletion leaves no key of the job behind, and a value altered or moved in Redis is refused."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis
from phiguard.common.jobs import keys
from phiguard.common.jobs.store import Document, JobRecord, JobStore, now_iso
from phiguard.common.sealed import JobCipher, TamperedError

_DB = 7
SECRET = b"test-job-secret-0123456789"
PHI = ("Okafor", "123-45-6789", "MRN 4471223", "617-555-0142")
DOC_IDS = ("okafor-discharge-2021.txt", "ehr-8812731")


async def _store(redis_url: str) -> tuple[aioredis.Redis, JobStore]:
    r = aioredis.Redis.from_url(redis_url.rsplit("/", 1)[0] + f"/{_DB}")
    await r.flushdb()
    await r.xgroup_create(keys.STREAM, keys.GROUP, id="0", mkstream=True)
    return r, JobStore(r, ttl_s=600, cipher=JobCipher(SECRET))


def _job(job_id: str, total: int, **kw) -> JobRecord:
    now = now_iso()
    return JobRecord(job_id=job_id, owner="key1", status=keys.QUEUED, total=total, created_at=now, updated_at=now,
                     **kw)


def _docs() -> list[Document]:
    return [Document(DOC_IDS[0], f"Mr. {PHI[0]} (SSN {PHI[1]}, {PHI[2]}) called from {PHI[3]}."),
            Document(DOC_IDS[1], f"{PHI[0]} agreed to the plan.")]


def _result(doc: Document) -> dict:
    return {"id": doc.id, "deidentified_text": "Mr. [NAME] ...",
            "entities_found": [{"entity_type": "NAME", "text": PHI[0], "start": 4, "end": 10, "confidence": 0.9}],
            "entity_count": 1}


async def _raw_dump(r: aioredis.Redis) -> bytes:
    """Every key name and every stored byte of the database, whatever the key's type."""
    out = []
    async for key in r.scan_iter("*"):
        out.append(key)
        kind = (await r.type(key)).decode()
        if kind == "hash":
            for field, value in (await r.hgetall(key)).items():
                out += [field, value]
        elif kind == "string":
            out.append(await r.get(key))
        elif kind == "stream":
            for _entry_id, fields in await r.xrange(key):
                for field, value in fields.items():
                    out += [field, value]
        elif kind == "zset":
            out += await r.zrange(key, 0, -1)
    return b"\n".join(out)


async def _run_job(store: JobStore, job_id: str, docs: list[Document]) -> None:
    assert await store.start(job_id) == keys.RUNNING
    for i, doc in enumerate(docs):
        assert (await store.document(job_id, i)) == doc
        assert await store.checkpoint(job_id, i, _result(doc), f"state-after-{i}".encode(), chunks=i + 1) == 1


async def test_raw_redis_holds_no_phi_or_document_id(redis_url):
    r, store = await _store(redis_url)
    try:
        job_id, docs = "a" * 32, _docs()
        await store.create(_job(job_id, 2), docs)
        raw_queued = await _raw_dump(r)
        await _run_job(store, job_id, docs)
        raw_running = await _raw_dump(r)
        assert await store.finish(job_id, keys.SUCCEEDED)
        raw_done = await _raw_dump(r)
        for raw in (raw_queued, raw_running, raw_done):
            for secret in (*PHI, *DOC_IDS, "state-after"):
                assert secret.encode() not in raw, secret
        # ... while the store gives every value back intact.
        assert [x async for x in store.iter_results(job_id, 2)] == [_result(d) for d in docs]
    finally:
        await r.aclose()


async def test_every_value_gets_its_own_nonce(redis_url):
    r, store = await _store(redis_url)
    try:
        same = [Document("x", "John Smith"), Document("x", "John Smith")]
        await store.create(_job("b" * 32, 2), same)
        first, second = await r.hmget(keys.docs("b" * 32), ["0", "1"])
        assert first != second and first[1:13] != second[1:13]
    finally:
        await r.aclose()


async def test_delete_removes_every_key_of_the_job(redis_url):
    r, store = await _store(redis_url)
    try:
        job_id, other_id = "c" * 32, "d" * 32
        idem = keys.idempotency("key1", "client-key-1")
        record = _job(job_id, 2, idempotency=idem)
        assert await store.claim_idempotency("key1", "client-key-1", job_id) is None
        await store.create(record, _docs())
        await store.create(_job(other_id, 1), _docs()[:1])
        # Mid-run: inputs, one result, the state and the stream entry all exist.
        assert await store.start(job_id) == keys.RUNNING
        assert await store.checkpoint(job_id, 0, _result(_docs()[0]), b"s", chunks=1) == 1
        before = await _raw_dump(r)
        assert job_id.encode() in before
        await store.delete(record)
        after = await _raw_dump(r)
        assert job_id.encode() not in after, "a key, index member, stream entry or idempotency value remains"
        assert [k async for k in r.scan_iter(f"*{job_id}*")] == []
        # The other job is untouched.
        assert other_id.encode() in after and await store.get(other_id) is not None
        # A worker still running the deleted job cannot bring it back.
        await store.set_chunks(job_id, 5)
        assert await store.checkpoint(job_id, 1, _result(_docs()[1]), b"s", chunks=2) == -1
        assert not await store.finish(job_id, keys.SUCCEEDED)
        assert [k async for k in r.scan_iter(f"*{job_id}*")] == []
    finally:
        await r.aclose()


async def test_a_tampered_value_is_refused(redis_url):
    r, store = await _store(redis_url)
    try:
        job_id, docs = "e" * 32, _docs()
        await store.create(_job(job_id, 2), docs)
        await _run_job(store, job_id, docs)
        results = keys.results(job_id)
        first, second = await r.hmget(results, ["0", "1"])
        # One flipped bit.
        flipped = first[:-1] + bytes([first[-1] ^ 1])
        await r.hset(results, "0", flipped)
        with pytest.raises(TamperedError):
            await store.results_batch(job_id, 0, 2)
        # Two intact values swapped: each is bound to its document index.
        await r.hset(results, mapping={"0": second, "1": first})
        with pytest.raises(TamperedError):
            await store.results_batch(job_id, 0, 1)
        # An intact value moved onto another job: bound to its job id.
        await r.hset(results, mapping={"0": first, "1": second})
        other = "f" * 32
        await store.create(_job(other, 2), docs)
        await r.hset(keys.docs(other), "0", await r.hget(keys.docs(job_id), "0") or b"")
        with pytest.raises(TamperedError):
            await store.document(other, 0)
        # A value sealed under another secret.
        foreign = JobCipher(b"another-secret-0123456789").seal(job_id, "result:0", b"{}")
        await r.hset(results, "0", foreign)
        with pytest.raises(TamperedError):
            await store.results_batch(job_id, 0, 1)
        # Truncated and garbage values.
        for bad in (b"", b"\x01short", b"not sealed at all, just JSON text"):
            await r.hset(results, "0", bad)
            with pytest.raises(TamperedError):
                await store.results_batch(job_id, 0, 1)
    finally:
        await r.aclose()


def test_cipher_refuses_a_short_secret():
    with pytest.raises(ValueError):
        JobCipher(b"short")


def test_settings_require_a_job_secret(monkeypatch):
    from phiguard.common.settings import JobSettings

    monkeypatch.delenv("PHIGUARD_JOB_SECRET", raising=False)
    with pytest.raises(ValueError, match="PHIGUARD_JOB_SECRET"):
        JobSettings().job_cipher()
    monkeypatch.setenv("PHIGUARD_JOB_SECRET", "x" * 32)
    assert JobSettings().job_cipher() is not None


def test_jobs_and_site_profiles_share_one_sealing_module_with_separate_keys():
    from phiguard.common import sealed
    from phiguard.common.jobs import store

    assert store.JobCipher is sealed.JobCipher and store.TamperedError is sealed.SealError
    value = JobCipher(SECRET).seal("a" * 32, "result:0", b"{}")
    # The same secret, another purpose: a job value never opens as a site profile (nor the reverse).
    with pytest.raises(sealed.SealError):
        sealed.Sealer(SECRET, "profile").open(value, b"profile:a:1")
    profile = sealed.Sealer(SECRET, "profile").seal(b"{}", b"profile:a:1")
    with pytest.raises(TamperedError):
        JobCipher(SECRET).open("a" * 32, "result:0", profile)
