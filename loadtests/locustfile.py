"""Locust scenarios against PHIGuard's REST edge: detect, deidentify, redact, batch and async jobs.

Runs headless against the local stack or any ingress URL (run it as its own process; never import locust
into a process that uses grpc: gevent's monkey patching breaks it):

    PHIGUARD_ADMIN_KEY=<admin key> locust -f loadtests/locustfile.py --headless \\
        -u 32 -r 8 -t 60s --host http://127.0.0.1:8000 --csv loadtests/reports/run --html loadtests/reports/run.html

`make loadtest` (loadtests/run.py) starts the stack itself, or targets PHIGUARD_URL when that is set.

Environment:
  PHIGUARD_ADMIN_KEY   admin key: at test start each locust process creates PHIGUARD_LOAD_KEYS user keys
                       through POST /api/v1/keys (spread over the users) and revokes them at test stop
  PHIGUARD_API_KEYS    comma-separated existing keys to use instead (no admin key needed)
  PHIGUARD_LOAD_KEYS   how many keys to create (default 4)
  PHIGUARD_LOAD_RATE   rate_limit_per_minute of the created keys (default 1000000: measure the service,
                       not the rate limiter; set it low to exercise 429s)
  PHIGUARD_LOAD_WAIT   "min,max" seconds between a user's tasks (default "0.2,1.0")
  PHIGUARD_LOAD_SEED   seed of the synthetic notes (default 11)
  PHIGUARD_LOAD_JOB_TIMEOUT  seconds an async job may take before it counts as a failure (default 120)

Note sizes follow loadtests/notes.py's clinical mix (median about 1.8 KB, some up to 30 KB). A 429 or
503 counts as a failure named after the shed and the user then waits the Retry-After it was given.
POST /api/v1/process/async is optional: if it answers 404/405 the job task turns itself off (one
"[absent]" entry in the stats) and the other scenarios go on.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
from pathlib import Path

import requests
from locust import FastHttpUser, between, constant, events, tag, task
from locust.runners import MasterRunner

HERE = Path(__file__).resolve().parent
# services/common for the strategy names only: that module imports nothing (no grpc, which gevent would break).
sys.path[:0] = [str(HERE), str(HERE.parent / "services" / "common")]
from notes import NoteGenerator  # noqa: E402
from phiguard.common.strategies import STRATEGIES  # noqa: E402

API = "/api/v1"
SEED = int(os.environ.get("PHIGUARD_LOAD_SEED", "11"))
JOB_TIMEOUT = float(os.environ.get("PHIGUARD_LOAD_JOB_TIMEOUT", "120"))
_gen = NoteGenerator(SEED)
NOTES = [_gen.realistic().text for _ in range(300)]
SHORT = [t for t in NOTES if len(t) <= 3000]

_keys: list[str] = []
_created: list[str] = []  # key ids to revoke at the end
_lock = threading.Lock()
_async = {"available": True}


def _wait_time():
    lo, _, hi = os.environ.get("PHIGUARD_LOAD_WAIT", "0.2,1.0").partition(",")
    return constant(float(lo)) if not hi else between(float(lo), float(hi))


@events.test_start.add_listener
def _create_keys(environment, **_kw) -> None:
    if isinstance(environment.runner, MasterRunner):
        return  # workers make their own
    given = [k.strip() for k in os.environ.get("PHIGUARD_API_KEYS", "").split(",") if k.strip()]
    if given:
        _keys[:] = given
        return
    admin = os.environ.get("PHIGUARD_ADMIN_KEY")
    if not admin:
        raise SystemExit("set PHIGUARD_ADMIN_KEY (to create keys) or PHIGUARD_API_KEYS")
    rate = int(os.environ.get("PHIGUARD_LOAD_RATE", "1000000"))
    for i in range(int(os.environ.get("PHIGUARD_LOAD_KEYS", "4"))):
        r = requests.post(f"{environment.host}{API}/keys", headers={"X-API-Key": admin}, timeout=30,
                          json={"name": f"loadtest-{os.getpid()}-{i}", "role": "user", "rate_limit_per_minute": rate})
        if r.status_code != 201:
            raise SystemExit(f"creating a load-test key failed: HTTP {r.status_code} {r.text[:200]}")
        body = r.json()
        _keys.append(body["api_key"])
        _created.append(body["key_id"])


@events.test_stop.add_listener
def _revoke_keys(environment, **_kw) -> None:
    admin = os.environ.get("PHIGUARD_ADMIN_KEY")
    while admin and _created:
        key_id = _created.pop()
        try:
            requests.delete(f"{environment.host}{API}/keys/{key_id}", headers={"X-API-Key": admin}, timeout=10)
        except requests.RequestException:
            pass


class ClinicalApp(FastHttpUser):
    """One client application: a key of its own, notes of realistic sizes, a mix of calls."""

    wait_time = _wait_time()
    network_timeout = 120.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        with _lock:
            self.key = _keys[random.randrange(len(_keys))] if _keys else ""
        self.headers = {"X-API-Key": self.key}
        self.rng = random.Random()

    # ---- helpers
    def _post(self, path: str, body: dict, name: str | None = None, expect: int = 200):
        with self.client.post(f"{API}{path}", json=body, headers=self.headers, name=name or f"{API}{path}",
                              catch_response=True) as r:
            return self._check(r, expect)

    def _get(self, path: str, name: str, expect: int = 200):
        with self.client.get(f"{API}{path}", headers=self.headers, name=name, catch_response=True) as r:
            return self._check(r, expect)

    def _check(self, r, expect: int):
        if r.status_code == expect:
            try:
                data = r.json()
            except ValueError:
                r.failure("answer is not JSON")
                return None
            r.success()
            return data
        if r.status_code in (429, 503):
            retry_after = r.headers.get("Retry-After")
            r.failure(f"shed {r.status_code} (Retry-After {retry_after})")
            time.sleep(min(float(retry_after or 1), 10.0))
        else:
            r.failure(f"HTTP {r.status_code}")
        return None

    # ---- scenarios
    @tag("detect")
    @task(6)
    def detect(self) -> None:
        data = self._post("/detect", {"text": self.rng.choice(NOTES)})
        if data is not None and "entities" not in data:
            self._fail("/detect", "no entities field")

    @tag("deidentify")
    @task(4)
    def deidentify(self) -> None:
        strategy = self.rng.choice(STRATEGIES)
        self._post("/deidentify", {"text": self.rng.choice(NOTES), "strategy": strategy},
                   name=f"{API}/deidentify [{strategy}]")

    @tag("redact")
    @task(1)
    def redact(self) -> None:
        self._post("/redact", {"text": self.rng.choice(NOTES)})

    @tag("batch")
    @task(2)
    def batch(self) -> None:
        texts = self.rng.sample(SHORT, self.rng.randint(2, 20))
        data = self._post("/batch", {"texts": texts, "strategy": "consistent"})
        if data is not None and data.get("documents_processed") != len(texts):
            self._fail("/batch", "documents_processed does not match")

    @tag("jobs")
    @task(1)
    def async_job(self) -> None:
        if not _async["available"]:
            return
        docs = [{"id": f"n{i}", "text": self.rng.choice(NOTES)} for i in range(self.rng.randint(1, 5))]
        with self.client.post(f"{API}/process/async", json={"documents": docs}, headers=self.headers,
                              name=f"{API}/process/async", catch_response=True) as r:
            if r.status_code in (404, 405):
                _async["available"] = False  # not deployed here: turn the scenario off, don't fail the run
                r.success()
                events.request.fire(request_type="SKIP", name=f"{API}/process/async [absent]", response_time=0,
                                    response_length=0, exception=None, context={})
                return
            accepted = self._check(r, 202)
        if accepted is None:
            return
        job_id = accepted["job_id"]
        deadline = time.monotonic() + JOB_TIMEOUT
        state = accepted.get("status")
        pause = 0.5
        while state not in ("succeeded", "failed", "cancelled") and time.monotonic() < deadline:
            time.sleep(pause)
            pause = min(pause * 1.5, 5.0)  # back off like a polite client: polls must not swamp the stats
            status = self._get(f"/process/status/{job_id}", name=f"{API}/process/status/[id]")
            if status is None:
                return
            state = status["status"]
        if state != "succeeded":
            self._fail(f"{API}/process [job end]", f"job ended {state or 'unknown'} (or not within {JOB_TIMEOUT:.0f} s)")
            return
        result = self._get(f"/process/result/{job_id}?format=json", name=f"{API}/process/result/[id]")
        if result is not None and len(result.get("results", [])) != len(docs):
            self._fail(f"{API}/process/result/[id]", "result count does not match")

    def _fail(self, name: str, why: str) -> None:
        events.request.fire(request_type="CHECK", name=name, response_time=0, response_length=0,
                            exception=AssertionError(why), context={})
