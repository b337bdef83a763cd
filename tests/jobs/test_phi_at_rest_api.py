"""PHI at rest through the real stack (issue 24, items 4 and 5): encrypted job data, DELETE, delete after the
first download, include_text, a tampered result refused, and hash tags keyed per API key."""

from __future__ import annotations

import re

import httpx
import pytest
import redis

from .conftest import csv_bytes, make_key, wait_done

ERROR_KEYS = {"error", "detail", "status_code", "request_id"}
NOTE = "Patient John Okafor (SSN: 123-45-6789) seen on 03/14/2021 by Dr. Sarah Johnson. Call 617-555-0142."
PHI = ("Okafor", "123-45-6789", "617-555-0142", "Sarah Johnson")
DOC_ID = "okafor-discharge-summary-2021"


def _error(reply: httpx.Response, status: int) -> str:
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert set(body) == ERROR_KEYS and body["status_code"] == status
    return body["detail"]


@pytest.fixture(scope="module")
def raw(stack):
    client = redis.Redis.from_url(stack.env["PHIGUARD_REDIS_URL"])
    yield client
    client.close()


@pytest.fixture(scope="module")
def other_key(stack) -> str:
    return make_key(stack, "at-rest-other")


def _client(stack, key: str) -> httpx.Client:
    return httpx.Client(base_url=f"{stack.edge_url}/api/v1", headers={"X-API-Key": key}, timeout=120)


def _submit(api: httpx.Client, **options) -> str:
    files = {"files": ("notes.csv", csv_bytes([{"id": DOC_ID, "text": NOTE}], ["id", "text"]), "text/csv")}
    reply = api.post("/process/async", files=files, data={k: str(v).lower() if isinstance(v, bool) else str(v)
                                                          for k, v in options.items()})
    assert reply.status_code == 202, reply.text
    job_id = reply.json()["job_id"]
    assert wait_done(api, job_id)["status"] == "succeeded"
    return job_id


def _job_keys(raw: redis.Redis, job_id: str) -> list[bytes]:
    return list(raw.scan_iter(f"*{job_id}*"))


def _everything(raw: redis.Redis) -> bytes:
    out = []
    for key in raw.scan_iter("phiguard:job*"):
        out.append(key)
        kind = raw.type(key).decode()
        if kind == "hash":
            out += [b for kv in raw.hgetall(key).items() for b in kv]
        elif kind == "string":
            out.append(raw.get(key))
        elif kind == "stream":
            out += [b for _i, f in raw.xrange(key) for kv in f.items() for b in kv]
        elif kind == "zset":
            out += raw.zrange(key, 0, -1)
    return b"\n".join(x for x in out if x)


def test_finished_job_is_encrypted_and_the_owner_deletes_it(stack, api, raw, other_key):
    job_id = _submit(api)
    stored = _everything(raw)
    assert job_id.encode() in stored
    for secret in (*PHI, DOC_ID):
        assert secret.encode() not in stored, secret
    # The owner still reads it back in clear.
    result = api.get(f"/process/result/{job_id}", params={"format": "json"}).json()["results"][0]
    assert result["id"] == DOC_ID and "Okafor" not in result["deidentified_text"]
    # Another key cannot tell the job exists, let alone delete it.
    with _client(stack, other_key) as other:
        assert _error(other.delete(f"/process/{job_id}"), 404) == "Job not found"
    assert _job_keys(raw, job_id)
    reply = api.delete(f"/process/{job_id}")
    assert reply.status_code == 204 and reply.content == b""
    assert _job_keys(raw, job_id) == []
    assert job_id.encode() not in _everything(raw)
    _error(api.get(f"/process/status/{job_id}"), 404)
    _error(api.get(f"/process/result/{job_id}"), 404)
    _error(api.delete(f"/process/{job_id}"), 404)


def test_an_admin_deletes_any_job(stack, api, raw):
    job_id = _submit(api)
    with _client(stack, stack.admin_key) as admin:
        assert admin.delete(f"/process/{job_id}").status_code == 204
    assert _job_keys(raw, job_id) == []


def test_a_queued_job_is_deleted_with_its_stream_entry(stack, api, raw):
    # Many documents: the job is still queued or running when the delete arrives.
    docs = [{"id": f"{DOC_ID}-{i}", "text": NOTE} for i in range(200)]
    reply = api.post("/process/async", json={"documents": docs}, headers={"Idempotency-Key": "at-rest-delete-1"})
    job_id = reply.json()["job_id"]
    assert api.delete(f"/process/{job_id}").status_code == 204
    assert _job_keys(raw, job_id) == []
    assert all(f.get(b"job_id") != job_id.encode() for _i, f in raw.xrange("phiguard:jobs:stream"))
    # The Idempotency-Key is free again: the same submit makes a new job at once.
    again = api.post("/process/async", json={"documents": docs[:1]}, headers={"Idempotency-Key": "at-rest-delete-1"})
    assert again.status_code == 202 and again.json()["job_id"] != job_id
    assert "idempotent-replayed" not in again.headers
    api.delete(f"/process/{again.json()['job_id']}")


def test_delete_after_the_first_download(api, raw):
    job_id = _submit(api, delete_after_download=True)
    assert api.get(f"/process/status/{job_id}").status_code == 200  # status reads do not count
    first = api.get(f"/process/result/{job_id}", params={"format": "jsonl"})
    assert first.status_code == 200 and DOC_ID in first.text
    assert _job_keys(raw, job_id) == []
    _error(api.get(f"/process/result/{job_id}"), 404)


def test_retention_shortens_the_ttl(api, raw):
    job_id = _submit(api, retention_s=120)
    ttl = raw.ttl(f"phiguard:job:{{{job_id}}}:results")
    assert 0 < ttl <= 120
    api.delete(f"/process/{job_id}")


def test_include_text_false_keeps_original_text_out(api, raw):
    job_id = _submit(api, include_text=False)
    item = api.get(f"/process/result/{job_id}", params={"format": "json"}).json()["results"][0]
    assert item["entities_found"] and all("text" not in e for e in item["entities_found"])
    api.delete(f"/process/{job_id}")
    for path in ("/deidentify", "/redact"):
        body = api.post(path, json={"text": NOTE, "include_text": False}).json()
        assert body["entities_found"] and all("text" not in e for e in body["entities_found"])
        assert body["replacements_made"] == {}
        assert not any(p in str(body) for p in PHI), path
    body = api.post("/batch", json={"texts": [NOTE, NOTE], "include_text": False}).json()
    assert all("original_text" not in r for r in body["results"]) and not any(p in str(body) for p in PHI)
    # The default is unchanged.
    assert "text" in api.post("/deidentify", json={"text": NOTE}).json()["entities_found"][0]


def test_a_tampered_result_is_refused(api, raw):
    job_id = _submit(api)
    field = f"phiguard:job:{{{job_id}}}:results"
    sealed = raw.hget(field, "0")
    raw.hset(field, "0", sealed[:-1] + bytes([sealed[-1] ^ 1]))
    detail = _error(api.get(f"/process/result/{job_id}"), 500)
    assert "integrity" in detail
    api.delete(f"/process/{job_id}")


def test_hash_tags_are_keyed_per_api_key(stack, api, other_key):
    def tags(client: httpx.Client) -> dict[str, str]:
        reply = client.post("/deidentify", json={"text": NOTE, "strategy": "hash"})
        assert reply.status_code == 200, reply.text
        return reply.json()["replacements_made"]

    with _client(stack, other_key) as other:
        mine, mine_again, theirs = tags(api), tags(api), tags(other)
    assert mine == mine_again
    assert "Sarah Johnson" in mine and set(mine) == set(theirs)
    assert all(re.fullmatch(r"\[[A-Z_]+_[0-9a-f]{16}\]", t) for t in mine.values())
    assert all(mine[v] != theirs[v] for v in mine)
