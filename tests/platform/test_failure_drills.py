"""Failure drills with real processes (issue 24, item 8): Redis restarted mid-job, inference killed mid-request
and mid-job, auth down, and a worker started before Redis. Rules only (no model) so each drill takes seconds.

Every drill runs its own redis-server (marked `redis`, so it runs wherever the Redis tests run)."""

from __future__ import annotations

import secrets
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from procs import free_port
from redis_process import start_redis, stop
from stack import Stack, running_stack, spawn, stack_env

pytestmark = pytest.mark.redis

ERROR_KEYS = {"error", "detail", "status_code", "request_id"}
INFERENCE_TIMEOUT_S = 5.0
SENTENCE = "Mr. John Okafor (MRN 4471223) was seen on 03/14/2021; call 617-555-0142 about SSN 123-45-6789. "


class Drill:
    def __init__(self, stack: Stack, redis_port: int, redis_dir: Path, logs: Path) -> None:
        self.stack, self.redis_port, self.redis_dir, self.logs = stack, redis_port, redis_dir, logs
        self.redis_proc: subprocess.Popen | None = None
        self.key = ""

    @property
    def api(self) -> httpx.Client:
        return httpx.Client(base_url=f"{self.stack.edge_url}/api/v1", headers={"X-API-Key": self.key}, timeout=60)

    def kill(self, service: str) -> None:
        proc = self.stack.procs[service]
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

    def restart(self, service: str) -> None:
        out = open(self.logs / f"{service}.restarted.log", "a")  # noqa: SIM115 - lives as long as the process
        self.stack.procs[service] = spawn(service, self.stack.env, out)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.stack.edge_url}/api/v1/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError("the stack did not become ready again")

    def status(self, job_id: str) -> dict | None:
        """The job's status, or None while the edge answers 503 (Redis down)."""
        with self.api as api:
            reply = api.get(f"/process/status/{job_id}")
        if reply.status_code == 503:
            return None
        assert reply.status_code == 200, reply.text
        return reply.json()

    def wait_job(self, job_id: str, until=lambda s: s["status"] in ("succeeded", "failed", "cancelled"),
                 timeout: float = 90.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status(job_id)
            if status is not None and until(status):
                return status
            time.sleep(0.1)
        raise AssertionError(f"job {job_id}: condition not reached in {timeout} s ({status})")

    def submit(self, documents: int, chars: int) -> tuple[str, list[str]]:
        text = (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]
        ids = [f"drill-{i}" for i in range(documents)]
        with self.api as api:
            reply = api.post("/process/async", json={"documents": [{"id": i, "text": text} for i in ids]})
        assert reply.status_code == 202, reply.text
        return reply.json()["job_id"], ids

    def assert_complete(self, job_id: str, ids: list[str]) -> None:
        status = self.wait_job(job_id)
        assert status["status"] == "succeeded", status
        assert status["progress"]["done"] == status["progress"]["total"] == len(ids)
        with self.api as api:
            lines = api.get(f"/process/result/{job_id}", params={"format": "jsonl"}).text.splitlines()
        import json  # noqa: PLC0415

        results = [json.loads(line) for line in lines]
        # Every document exactly once, in order: nothing lost, nothing duplicated.
        assert [r["id"] for r in results] == ids
        assert all("Okafor" not in r["deidentified_text"] and "123-45-6789" not in r["deidentified_text"]
                   for r in results)
        # The finished job left no stream entry behind (none to be run a second time).
        raw = redis.Redis(port=self.redis_port)
        try:
            assert all(f.get(b"job_id") != job_id.encode() for _i, f in raw.xrange("phiguard:jobs:stream"))
        finally:
            raw.close()


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Drill]:
    port = free_port()
    redis_dir = tmp_path_factory.mktemp("drill-redis")
    redis_proc = start_redis(port, redis_dir, persist=True)
    logs = tmp_path_factory.mktemp("drill-logs")
    env = stack_env(f"redis://127.0.0.1:{port}/0", "phg_drill_admin_" + secrets.token_urlsafe(24),
                    PHIGUARD_MODEL_ENABLED="false", PHIGUARD_INFERENCE_TIMEOUT_S=str(INFERENCE_TIMEOUT_S),
                    PHIGUARD_CLAIM_IDLE_MS="1000", PHIGUARD_RETRY_BACKOFF_S="0.2", PHIGUARD_RETRY_BACKOFF_MAX_S="1",
                    PHIGUARD_BLOCK_MS="200", PHIGUARD_LOG_LEVEL="INFO")
    try:
        with running_stack(env, logs) as stack:
            d = Drill(stack, port, redis_dir, logs)
            d.redis_proc = redis_proc
            reply = httpx.post(f"{stack.edge_url}/api/v1/keys", headers={"X-API-Key": stack.admin_key}, timeout=30,
                               json={"name": "drills", "role": "user", "rate_limit_per_minute": 1_000_000})
            assert reply.status_code == 201, reply.text
            d.key = reply.json()["api_key"]
            yield d
    finally:
        stop(d.redis_proc if "d" in locals() and d.redis_proc else redis_proc)


def test_redis_restarted_mid_job_the_job_finishes_once(drill):
    job_id, ids = drill.submit(documents=40, chars=4_000)
    drill.wait_job(job_id, until=lambda s: s["progress"]["done"] >= 2)
    stop(drill.redis_proc)  # SIGTERM: acknowledged writes are on disk (appendfsync always)
    time.sleep(1.0)
    drill.redis_proc = start_redis(drill.redis_port, drill.redis_dir, persist=True)
    drill.assert_complete(job_id, ids)


def test_inference_killed_mid_request_answers_503_within_the_deadline(drill):
    text = (SENTENCE * 1100)[:100_000]
    answer: dict = {}

    def call() -> None:
        started = time.monotonic()
        with drill.api as api:
            answer["reply"] = api.post("/deidentify", json={"text": text})
        answer["seconds"] = time.monotonic() - started

    caller = threading.Thread(target=call)
    caller.start()
    time.sleep(0.3)
    drill.kill("inference")
    caller.join(30)
    reply = answer["reply"]
    assert reply.status_code == 503, reply.text
    assert set(reply.json()) == ERROR_KEYS and reply.headers["retry-after"]
    assert answer["seconds"] < INFERENCE_TIMEOUT_S + 2
    # While it is down, every call is a quick 503, never a 500.
    with drill.api as api:
        started = time.monotonic()
        assert api.post("/deidentify", json={"text": SENTENCE}).status_code == 503
        assert time.monotonic() - started < INFERENCE_TIMEOUT_S + 2
    drill.restart("inference")
    drill.wait_ready()


def test_inference_killed_mid_job_the_job_resumes(drill):
    job_id, ids = drill.submit(documents=40, chars=4_000)
    drill.wait_job(job_id, until=lambda s: s["progress"]["done"] >= 2)
    drill.kill("inference")
    time.sleep(1.5)  # the worker retries UNAVAILABLE with backoff meanwhile
    assert drill.status(job_id)["status"] == "running"
    drill.restart("inference")
    drill.assert_complete(job_id, ids)


def test_auth_down_is_503_never_500_or_an_open_door(drill):
    drill.kill("auth")
    try:
        with drill.api as api, httpx.Client(base_url=f"{drill.stack.edge_url}/api/v1", timeout=30) as anonymous:
            for client in (api, anonymous):  # a valid key and no key alike
                for method, path, body in (("POST", "/deidentify", {"text": SENTENCE}),
                                           ("POST", "/process/async", {"documents": [{"text": SENTENCE}]}),
                                           ("GET", "/process/jobs", None), ("GET", "/entities", None)):
                    started = time.monotonic()
                    reply = client.request(method, path, json=body)
                    assert reply.status_code == 503, (path, reply.status_code, reply.text)
                    assert set(reply.json()) == ERROR_KEYS and reply.headers["retry-after"]
                    assert time.monotonic() - started < 10
            assert httpx.get(f"{drill.stack.edge_url}/api/v1/ready", timeout=10).status_code == 503
    finally:
        drill.restart("auth")
        drill.wait_ready()
    with drill.api as api:
        assert api.post("/deidentify", json={"text": SENTENCE}).status_code == 200


def test_worker_started_before_redis_waits_with_backoff(tmp_path):
    port = free_port()
    env = stack_env(f"redis://127.0.0.1:{port}/0", "unused", PHIGUARD_WORKER_METRICS_PORT="0",
                    PHIGUARD_LOG_LEVEL="INFO", PHIGUARD_REDIS_BACKOFF_S="0.1", PHIGUARD_REDIS_BACKOFF_MAX_S="0.5")
    log = tmp_path / "worker.log"
    with open(log, "w") as out:
        worker = spawn("worker", env, out)
    redis_proc = None
    try:
        time.sleep(3.0)
        assert worker.poll() is None, f"the worker exited without Redis: {log.read_text()[-2000:]}"
        waits = log.read_text().count("redis unavailable; waiting")
        # Backoff, not a busy loop: 0.1 s doubling to 0.5 s (with jitter) is a handful of attempts in 3 s.
        assert 2 <= waits <= 20, waits
        redis_proc = start_redis(port, tmp_path / "redis")
        raw = redis.Redis(port=port)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if any(g["name"] == b"phiguard-workers" for g in raw.xinfo_groups("phiguard:jobs:stream")):
                    break
            except redis.ResponseError:
                pass
            time.sleep(0.1)
        else:
            raise AssertionError(f"the worker never joined the consumer group: {log.read_text()[-2000:]}")
        raw.close()
        assert "worker ready" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(20)
        if redis_proc is not None:
            stop(redis_proc)
    assert worker.returncode == 0
