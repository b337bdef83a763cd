"""GET /process/jobs: a key's own jobs newest first, a status filter, cursor pages; other keys' jobs
only for keys that may read every job (admins)."""

from __future__ import annotations

import time

import httpx
import pytest

NOTE = "Patient John Smith (SSN: 123-45-6789) seen on 03/14/2021 by Dr. Sarah Johnson."
SUMMARY_KEYS = {"job_id", "status", "progress", "created_at", "updated_at", "error", "key_id"}


def _key(stack, name: str, role: str = "user") -> tuple[str, str]:
    reply = httpx.post(f"{stack.edge_url}/api/v1/keys", headers={"X-API-Key": stack.admin_key}, timeout=30,
                       json={"name": name, "role": role, "rate_limit_per_minute": 100_000})
    assert reply.status_code == 201, reply.text
    return reply.json()["api_key"], reply.json()["key_id"]


def _client(stack, key: str) -> httpx.Client:
    return httpx.Client(base_url=f"{stack.edge_url}/api/v1/process", headers={"X-API-Key": key}, timeout=60)


def _wait(api: httpx.Client, job_id: str) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = api.get(f"/status/{job_id}").json()["status"]
        if status in ("succeeded", "failed", "cancelled"):
            return status
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not end")


@pytest.fixture(scope="module")
def owners(stack):
    """Key A with three jobs (succeeded, cancelled, succeeded, in that order) and key B with one."""
    key_a, id_a = _key(stack, "listing-a")
    key_b, id_b = _key(stack, "listing-b")
    with _client(stack, key_a) as a, _client(stack, key_b) as b:
        first = a.post("/async", json={"documents": [{"text": NOTE}]}).json()["job_id"]
        assert _wait(a, first) == "succeeded"
        second = a.post("/async", json={"documents": [{"text": NOTE}] * 300}).json()["job_id"]
        assert a.post(f"/{second}/cancel").json()["status"] == "cancelled"
        third = a.post("/async", json={"documents": [{"text": NOTE}]}).json()["job_id"]
        assert _wait(a, third) == "succeeded"
        other = b.post("/async", json={"documents": [{"text": NOTE}]}).json()["job_id"]
        _wait(b, other)
    return {"a": (key_a, id_a, [third, second, first]), "b": (key_b, id_b, [other])}


def _ids(reply: httpx.Response) -> list[str]:
    assert reply.status_code == 200, reply.text
    return [job["job_id"] for job in reply.json()["jobs"]]


def test_a_key_lists_its_own_jobs_newest_first(stack, owners):
    key_a, id_a, jobs_a = owners["a"]
    with _client(stack, key_a) as a:
        reply = a.get("/jobs")
        assert _ids(reply) == jobs_a and reply.json()["next_cursor"] is None
        for job in reply.json()["jobs"]:
            assert set(job) == SUMMARY_KEYS and job["key_id"] == id_a
        assert [j["status"] for j in reply.json()["jobs"]] == ["succeeded", "cancelled", "succeeded"]
    key_b, _, jobs_b = owners["b"]
    with _client(stack, key_b) as b:
        assert _ids(b.get("/jobs")) == jobs_b


def test_status_filter(stack, owners):
    key_a, _, (third, second, first) = owners["a"]
    with _client(stack, key_a) as a:
        assert _ids(a.get("/jobs", params={"status": "cancelled"})) == [second]
        assert _ids(a.get("/jobs", params={"status": "succeeded"})) == [third, first]
        assert _ids(a.get("/jobs", params={"status": ["succeeded", "cancelled"]})) == [third, second, first]
        assert _ids(a.get("/jobs", params={"status": "running"})) == []
        assert a.get("/jobs", params={"status": "lost"}).status_code == 400


def test_cursor_pages_cover_every_job_once(stack, owners):
    key_a, _, jobs_a = owners["a"]
    seen, cursor, pages = [], None, 0
    with _client(stack, key_a) as a:
        while True:
            reply = a.get("/jobs", params={"limit": 1, **({"cursor": cursor} if cursor else {})})
            seen += _ids(reply)
            pages += 1
            cursor = reply.json()["next_cursor"]
            if cursor is None:
                break
        assert seen == jobs_a and pages <= len(jobs_a) + 1
        page = a.get("/jobs", params={"limit": 2, "status": "succeeded"})
        assert _ids(page) == [jobs_a[0], jobs_a[2]]
        for bad in ("not-a-cursor", "MTIz", ""):
            reply = a.get("/jobs", params={"cursor": bad})
            assert reply.status_code == 400 and "cursor" in reply.json()["detail"]


def test_admins_list_every_key_or_one_key(stack, owners):
    _, id_a, jobs_a = owners["a"]
    _, id_b, jobs_b = owners["b"]
    with _client(stack, stack.admin_key) as admin:
        assert _ids(admin.get("/jobs", params={"key_id": id_a})) == jobs_a
        everyone = _ids(admin.get("/jobs", params={"all_keys": "true", "limit": 100}))
        assert everyone.index(jobs_b[0]) < everyone.index(jobs_a[0]) < everyone.index(jobs_a[2])
        reply = admin.get("/jobs", params={"all_keys": "true", "key_id": id_a})
        assert reply.status_code == 400 and "key_id" in reply.json()["detail"]


def test_other_keys_jobs_need_jobs_read_all(stack, owners):
    key_a, id_a, jobs_a = owners["a"]
    _, id_b, _ = owners["b"]
    viewer, _ = _key(stack, "listing-viewer", role="viewer")
    with _client(stack, key_a) as a, _client(stack, viewer) as v:
        assert _ids(a.get("/jobs", params={"key_id": id_a})) == jobs_a  # its own id: no special right needed
        for client in (a, v):
            for params in ({"key_id": id_b}, {"all_keys": "true"}):
                reply = client.get("/jobs", params=params)
                assert reply.status_code == 403 and "jobs.read_all" in reply.json()["detail"]
        reply = v.get("/jobs")  # a viewer may list its own jobs: none
        assert reply.json() == {"jobs": [], "next_cursor": None}
    assert httpx.get(f"{stack.edge_url}/api/v1/process/jobs").status_code == 401
