"""The OpenAPI document tells the truth: every status an operation can answer is listed, nothing else
(no FastAPI 422), errors in the API's one shape, an example for every answer, and the batch limit.

The status comparison provokes every answer of every operation against real processes: an edge with
small body limits in front of the session's auth, inference and Redis, an edge whose auth is down
(503) and one whose auth never answers (504).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import jsonschema
import pytest
import redis

from procs import free_port
from stack import spawn, terminate_all, wait_http_ok

NOTE = "Patient John Smith (SSN: 123-45-6789) seen on 03/14/2021 by Dr. Sarah Johnson."
BODY_LIMIT = 2048
PROFILE = {"lists": [{"name": "units", "entity_type": "LOCATION", "entries": ["Probe Ward"]}], "allow": ["Pyxis"]}
PROFILE_CSV = b"list,entity_type,text\nunits,LOCATION,Probe Ward\n"
UNKNOWN_JOB = "0" * 32


def _operations(document: dict) -> Iterator[tuple[str, str, dict]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


@pytest.fixture(scope="module")
def document(stack) -> dict:
    return httpx.get(f"{stack.edge_url}/openapi.json").json()


def test_no_operation_lists_422_and_every_error_has_the_error_shape(document):
    assert "HTTPValidationError" not in document["components"]["schemas"]
    error = document["components"]["schemas"]["ErrorResponse"]
    assert set(error["required"]) == {"error", "detail", "status_code", "request_id"}
    for method, path, operation in _operations(document):
        assert "422" not in operation["responses"], f"{method} {path}"
        for status, answer in operation["responses"].items():
            if int(status) >= 400 and path != "/api/v1/ready":
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, f"{method} {path} {status}"


def test_every_answer_with_a_body_has_an_example_that_fits_its_schema(document):
    for method, path, operation in _operations(document):
        for status, answer in operation["responses"].items():
            if status == "204":
                assert "content" not in answer
                continue
            assert answer.get("content"), f"{method} {path} {status}"
            for media_type, content in answer["content"].items():
                assert "example" in content, f"{method} {path} {status} {media_type}"
                if media_type == "application/json" and "schema" in content:
                    # The document's components at the root, so the schema's $refs resolve.
                    schema = {"allOf": [content["schema"]], "components": document["components"]}
                    jsonschema.validate(content["example"], schema)


def test_the_batch_limit_is_in_the_schema_and_enforced(document, stack):
    texts = document["components"]["schemas"]["BatchRequest"]["properties"]["texts"]
    assert (texts["minItems"], texts["maxItems"]) == (1, 100)
    reply = httpx.post(f"{stack.edge_url}/api/v1/batch", json={"texts": ["x"] * 101},
                       headers={"X-API-Key": stack.admin_key}, timeout=30)
    assert reply.status_code == 400 and "100" in reply.json()["detail"]


# --- the statuses each operation can answer ----------------------------------------------------


@dataclass
class Edge:
    url: str
    seen: dict[tuple[str, str], set[int]] = field(default_factory=dict)

    def call(self, method: str, template: str, key: str | None = None, path: dict | None = None,
             **kwargs) -> httpx.Response:
        headers = {**kwargs.pop("headers", {}), **({"X-API-Key": key} if key else {})}
        reply = httpx.request(method, self.url + template.format(**(path or {})), headers=headers, timeout=30,
                              **kwargs)
        self.seen.setdefault((method, template), set()).add(reply.status_code)
        if reply.status_code >= 400 and template != "/api/v1/ready":  # readiness answers 503 with its checks
            body = reply.json()
            assert body["status_code"] == reply.status_code and body["request_id"] == reply.headers["x-request-id"]
        return reply


def _edge(stack, tmp_path, name: str, **overrides: str) -> tuple[Edge, object]:
    port = free_port()
    env = {**stack.env, "PHIGUARD_EDGE_PORT": str(port), "PHIGUARD_EDGE_METRICS_PORT": "0",
           "PHIGUARD_EDGE_GRPC_PORT": "0", **overrides}
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed by the fixture
    proc = spawn("edge", env, log)
    wait_http_ok(f"http://127.0.0.1:{port}/api/v1/health", {name: proc}, timeout=60)
    return Edge(f"http://127.0.0.1:{port}"), (proc, log)


@pytest.fixture(scope="module")
def edges(stack, tmp_path_factory) -> Iterator[tuple[Edge, Edge, Edge]]:
    tmp = tmp_path_factory.mktemp("probe-edges")
    # Accepts connections and never answers: every call to it runs into its deadline.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4096)  # every timed-out call reconnects: room for every probe
    started = []
    try:
        live, p = _edge(stack, tmp, "live", PHIGUARD_MAX_BODY_BYTES=str(BODY_LIMIT),
                        PHIGUARD_MAX_PROFILE_BYTES=str(BODY_LIMIT),
                        PHIGUARD_MAX_BATCH_BODY_BYTES=str(BODY_LIMIT), PHIGUARD_MAX_UPLOAD_BYTES=str(BODY_LIMIT))
        started.append(p)
        down, p = _edge(stack, tmp, "auth-down", PHIGUARD_AUTH_TARGET=f"127.0.0.1:{free_port()}")
        started.append(p)
        slow, p = _edge(stack, tmp, "auth-silent", PHIGUARD_AUTH_TARGET=f"127.0.0.1:{silent.getsockname()[1]}",
                        PHIGUARD_AUTH_TIMEOUT_S="0.5")
        started.append(p)
        yield live, down, slow
    finally:
        terminate_all({str(i): proc for i, (proc, _) in enumerate(started)})
        for _, log in started:
            log.close()
        silent.close()


def _key(edge: Edge, admin: str, role: str, limit: int = 100_000) -> str:
    reply = httpx.post(f"{edge.url}/api/v1/keys", headers={"X-API-Key": admin}, timeout=30,
                       json={"name": f"probe-{role}-{limit}", "role": role, "rate_limit_per_minute": limit})
    assert reply.status_code == 201, reply.text
    return reply.json()["api_key"]


def _job(stack, key: str, documents: int = 1) -> str:
    # Submitted through the session's edge (the probed one refuses bodies this large); both share Redis.
    reply = httpx.post(f"{stack.edge_url}/api/v1/process/async", headers={"X-API-Key": key}, timeout=30,
                       json={"documents": [{"text": NOTE}] * documents})
    assert reply.status_code == 202, reply.text
    return reply.json()["job_id"]


def _finished(stack, key: str, job_id: str) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = httpx.get(f"{stack.edge_url}/api/v1/process/status/{job_id}", headers={"X-API-Key": key}).json()
        if status["status"] in ("succeeded", "failed", "cancelled"):
            return job_id
        time.sleep(0.2)
    raise AssertionError("job did not finish")


# Each operation's valid call: path parameters and request arguments, given the probe's fixtures.
def _valid(op: tuple[str, str], f: dict) -> dict:
    json_note = {"json": {"text": NOTE}}
    return {
        ("POST", "/api/v1/detect"): json_note,
        ("POST", "/api/v1/deidentify"): json_note,
        ("POST", "/api/v1/redact"): json_note,
        ("POST", "/api/v1/batch"): {"json": {"texts": [NOTE]}},
        ("POST", "/api/v1/keys"): {"json": {"name": "probe-created", "role": "viewer"}},
        ("DELETE", "/api/v1/keys/{key_id}"): {"path": {"key_id": f.get("revocable")}},
        ("POST", "/api/v1/process/async"): {"json": {"documents": [{"text": NOTE}]}},
        ("GET", "/api/v1/process/status/{job_id}"): {"path": {"job_id": f["done"]}},
        ("GET", "/api/v1/process/status/{job_id}/events"): {"path": {"job_id": f["done"]}},
        ("GET", "/api/v1/process/result/{job_id}"): {"path": {"job_id": f["done"]}},
        ("POST", "/api/v1/process/{job_id}/cancel"): {"path": {"job_id": f.get("cancellable")}},
        ("DELETE", "/api/v1/process/{job_id}"): {"path": {"job_id": f.get("deletable")}},
        ("POST", "/api/v1/profiles/{name}"): {"path": {"name": "probe-created"}, "json": PROFILE},
        ("PUT", "/api/v1/profiles/{name}"): {"path": {"name": "probe"}, "json": PROFILE},
        ("PUT", "/api/v1/profiles/{name}/import"): {"path": {"name": "probe"}, "content": PROFILE_CSV,
                                                    "headers": {"Content-Type": "text/csv"}},
        ("GET", "/api/v1/profiles/{name}"): {"path": {"name": "probe"}},
        ("DELETE", "/api/v1/profiles/{name}"): {"path": {"name": "probe-deletable"}},
        ("PUT", "/api/v1/profiles/{name}/keys/{key_id}"): {"path": {"name": "probe", "key_id": f["user_key_id"]}},
        ("DELETE", "/api/v1/profiles/{name}/keys/{key_id}"): {"path": {"name": "probe", "key_id": f["user_key_id"]}},
    }.get(op, {})


# Each operation's invalid (400), missing (404) and conflicting (409) calls.
def _wrong(op: tuple[str, str], f: dict) -> list[dict]:
    body_400 = {"json": {"text": ""}}
    by_name = [{"path": {"name": "no-such-profile"}}, {"path": {"name": "Bad Name"}}]
    # PUT is not probed by the generic POST checks below: its 413 and 415 here.
    profile_body_errors = [{"path": {"name": "probe"}, "content": b"x" * (BODY_LIMIT + 1),
                            "headers": {"Content-Type": "application/json"}},
                           {"path": {"name": "probe"}, "content": b"text", "headers": {"Content-Type": "text/plain"}}]
    by_id = [{"path": {"job_id": "not-a-job"}}, {"path": {"job_id": UNKNOWN_JOB}}]
    # 404: a site profile that does not exist (inference answers NOT_FOUND).
    unknown_profile = {"json": {"text": NOTE, "profile": "no-such-profile"}}
    return {
        ("POST", "/api/v1/detect"): [body_400, unknown_profile],
        ("POST", "/api/v1/deidentify"): [body_400, unknown_profile],
        ("POST", "/api/v1/redact"): [body_400, unknown_profile],
        ("POST", "/api/v1/batch"): [{"json": {"texts": []}}, {"json": {"texts": [NOTE], "profile": "no-such-profile"}}],
        ("POST", "/api/v1/keys"): [{"json": {"name": "", "role": "viewer"}}],
        ("DELETE", "/api/v1/keys/{key_id}"): [{"path": {"key_id": "no-such-key"}}],
        ("POST", "/api/v1/process/async"): [
            {"json": {"documents": []}},
            {"json": {"documents": [{"text": "other"}]}, "headers": {"Idempotency-Key": f["idempotency_key"]}}],
        ("GET", "/api/v1/process/jobs"): [{"params": {"cursor": "not-a-cursor"}}, {"params": {"limit": 0}}],
        ("GET", "/api/v1/process/status/{job_id}"): by_id,
        ("GET", "/api/v1/process/status/{job_id}/events"): by_id,
        ("GET", "/api/v1/process/result/{job_id}"): [*by_id, {"path": {"job_id": f["cancelled"]}}],
        ("POST", "/api/v1/process/{job_id}/cancel"): [*by_id, {"path": {"job_id": f["done"]}}],
        ("DELETE", "/api/v1/process/{job_id}"): by_id,
        ("POST", "/api/v1/profiles/{name}"): [{"path": {"name": "probe"}, "json": PROFILE},
                                              {"path": {"name": "probe-x"}, "json": {"lists": "no"}}],
        ("PUT", "/api/v1/profiles/{name}"): [
            {"path": {"name": "probe"}, "json": {"allow": [""]}}, *profile_body_errors],
        ("PUT", "/api/v1/profiles/{name}/import"): [
            {"path": {"name": "probe"}, "content": b"a,b\n", "headers": {"Content-Type": "text/csv"}},
            *profile_body_errors],
        ("GET", "/api/v1/profiles/{name}"): by_name,
        ("DELETE", "/api/v1/profiles/{name}"): by_name,
        ("PUT", "/api/v1/profiles/{name}/keys/{key_id}"): [
            {"path": {"name": "probe", "key_id": "no-such-key"}}, {"path": {"name": "Bad Name", "key_id": "k"}}],
        ("DELETE", "/api/v1/profiles/{name}/keys/{key_id}"): [
            {"path": {"name": "probe", "key_id": "no-such-key"}}, {"path": {"name": "Bad Name", "key_id": "k"}}],
    }.get(op, [])


def test_every_status_an_operation_answers_is_documented_and_every_documented_one_happens(document, stack, edges):
    live, down, slow = edges
    admin = stack.admin_key
    user, viewer = _key(live, admin, "user"), _key(live, admin, "viewer")
    spent = _key(live, admin, "admin", limit=1)
    # Jobs cost a token per document: a key of their own keeps the admin key's bucket for the probes.
    submitter = _key(live, admin, "user")
    cancelled = _job(stack, submitter, documents=100)
    live.call("POST", "/api/v1/process/{job_id}/cancel", admin, {"job_id": cancelled})
    fixtures = {"done": _finished(stack, submitter, _job(stack, submitter)), "cancelled": cancelled,
                "idempotency_key": "probe-once",
                "user_key_id": httpx.post(f"{live.url}/api/v1/keys", headers={"X-API-Key": admin}, json={
                    "name": "probe-bound", "role": "user"}).json()["key_id"]}
    assert httpx.put(f"{live.url}/api/v1/profiles/probe", headers={"X-API-Key": admin}, json=PROFILE).is_success
    live.call("POST", "/api/v1/process/async", admin, json={"documents": [{"text": NOTE}]},
              headers={"Idempotency-Key": "probe-once"})
    operations = [(method, path) for method, path, _ in _operations(document)]
    public = {("GET", "/api/v1/health"), ("GET", "/api/v1/ready"), ("GET", "/api/v1/version")}
    # The silent auth first, all together: its channel gives up on the handshake after about 20 s, and from
    # then on answers UNAVAILABLE at once, so probes spread over the whole run would see 503 instead of 504.
    for op in operations:
        slow.call(*op, admin, **_valid(op, fixtures))

    for op in operations:
        method, template = op
        # Made just before their operation's probes, so they are still there to revoke or cancel.
        if op == ("DELETE", "/api/v1/keys/{key_id}"):
            fixtures["revocable"] = httpx.post(f"{live.url}/api/v1/keys", headers={"X-API-Key": admin}, json={
                "name": "probe-revocable", "role": "viewer"}).json()["key_id"]
        if op == ("POST", "/api/v1/process/{job_id}/cancel"):
            fixtures["cancellable"] = _job(stack, submitter, documents=100)
        if op == ("DELETE", "/api/v1/process/{job_id}"):
            fixtures["deletable"] = _job(stack, submitter)
        if op == ("DELETE", "/api/v1/profiles/{name}"):
            httpx.put(f"{live.url}/api/v1/profiles/probe-deletable", headers={"X-API-Key": admin}, json=PROFILE)
        if op == ("DELETE", "/api/v1/profiles/{name}/keys/{key_id}"):
            httpx.put(f"{live.url}/api/v1/profiles/probe/keys/{fixtures['user_key_id']}", headers={"X-API-Key": admin})
        valid = _valid(op, fixtures)
        live.call(method, template, admin, **valid)
        for wrong in _wrong(op, fixtures):
            live.call(method, template, admin, **wrong)
        down.call(method, template, admin, **valid)
        if op in public:
            continue
        live.call(method, template, None, **valid)
        for key in (user, viewer):
            live.call(method, template, key, **valid)
        # A bucket of one token refills in a minute: the second of two calls is refused at the latest.
        for _ in range(2):
            live.call(method, template, spent, **valid)
        if method == "POST":
            live.call(method, template, admin, path=valid.get("path"), content=b"text",
                      headers={"Content-Type": "text/plain"})
            live.call(method, template, admin, path=valid.get("path"), content=b"x" * (BODY_LIMIT + 1),
                      headers={"Content-Type": "application/json"})
    live.call("GET", "/api/v1/process/jobs", viewer, params={"all_keys": "true"})
    # 507: the job store (Redis at its maxmemory, less the headroom kept free) has no room for the job.
    store = redis.Redis.from_url(stack.env["PHIGUARD_REDIS_URL"])
    old_max = store.config_get("maxmemory")["maxmemory"]
    store.config_set("maxmemory", int(store.info("memory")["used_memory"]) + 50_000)
    try:
        live.call("POST", "/api/v1/process/async", user, json={"documents": [{"text": NOTE}] * 20})
    finally:
        store.config_set("maxmemory", old_max)
        store.close()

    documented = {(method, path): {int(s) for s in operation["responses"]}
                  for method, path, operation in _operations(document)}
    differences = {}
    for op in operations:
        seen = live.seen.get(op, set()) | down.seen.get(op, set()) | slow.seen.get(op, set())
        if seen != documented[op]:
            differences[" ".join(op)] = {"undocumented": sorted(seen - documented[op]),
                                         "never answered": sorted(documented[op] - seen)}
    assert not differences
