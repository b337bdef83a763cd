"""Attacks on the edge's costs, each against real processes and a real Redis (issue 24, items 1-3 and 7).

A rules-only stack (inference without the model, auth, edge; no worker, so jobs stay queued) with small
caps, so an over-cap upload is cheap to build: 1,000 documents and 300,000 characters per job, 30
anonymous requests per minute per client address, two progress streams per edge, idle after 2 s.
"""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
import uuid
from contextlib import ExitStack

import httpx
import pytest
import redis
from procs import free_port
from stack import running_stack, spawn, stack_env, terminate_all, wait_http_ok

_DB = 9
ERROR_KEYS = {"error", "detail", "status_code", "request_id"}
ANON_LIMIT = 30
MAX_DOCS = 1000
MAX_JOB_CHARS = 300_000


@pytest.fixture(scope="module")
def edge(redis_url: str, tmp_path_factory: pytest.TempPathFactory):
    url = redis_url.rsplit("/", 1)[0] + f"/{_DB}"
    r = redis.Redis.from_url(url)
    r.flushdb()
    env = stack_env(url, "phg_test_admin_" + secrets.token_urlsafe(24), PHIGUARD_MODEL_ENABLED="false",
                    PHIGUARD_ANON_RATE_LIMIT_PER_MINUTE=str(ANON_LIMIT), PHIGUARD_MAX_JOB_DOCUMENTS=str(MAX_DOCS),
                    PHIGUARD_MAX_JOB_CHARS=str(MAX_JOB_CHARS), PHIGUARD_MAX_EVENT_STREAMS="2",
                    PHIGUARD_EVENT_STREAM_IDLE_S="2", PHIGUARD_LOG_LEVEL="DEBUG")
    with running_stack(env, tmp_path_factory.mktemp("abuse-stack"), services=("inference", "auth", "edge")) as s:
        s.redis = r
        try:
            yield s
        finally:
            r.flushdb()
            r.close()


def key(edge, name: str, limit: int = 60) -> str:
    # 60 a minute refills one token a second: slow enough to read what a call cost from X-RateLimit-Remaining.
    reply = httpx.post(f"{edge.edge_url}/api/v1/keys", headers={"X-API-Key": edge.admin_key},
                       json={"name": name, "role": "user", "rate_limit_per_minute": limit}, timeout=30)
    assert reply.status_code == 201, reply.text
    return reply.json()["api_key"]


def assert_error(reply: httpx.Response, status: int) -> str:
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert set(body) == ERROR_KEYS and body["status_code"] == status
    return body["detail"]


def job_keys(edge) -> int:
    return len(edge.redis.keys("phiguard:job*"))


def multipart(name: str, content: bytes, fields: dict[str, str] | None = None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in (fields or {}).items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class RawPost:
    """A POST over a bare socket, so a test decides how much of the body is sent before the answer."""

    def __init__(self, edge, path: str, headers: dict[str, str], length: int) -> None:
        host, port = edge.edge_url.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        head = [f"POST {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {length}", "Connection: close",
                *(f"{k}: {v}" for k, v in headers.items())]
        self.sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())

    def send(self, data: bytes) -> bool:
        """False once the server has stopped reading (it answered and closed)."""
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def answer(self, timeout: float) -> tuple[int, dict[str, str], dict]:
        self.sock.settimeout(timeout)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(65536)
            assert chunk, f"connection closed without an answer: {data!r}"
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        while len(rest) < int(headers.get("content-length", 0)):
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        return int(lines[0].split()[1]), headers, json.loads(rest or b"{}")

    def close(self) -> None:
        self.sock.close()


# --- item 1: the key is checked before the body is read --------------------------------------------

def test_bad_key_upload_is_401_before_the_body_is_read(edge):
    body, content_type = multipart("notes.csv", b"text\n" + b"a\n" * 2_500_000)  # 5 MB, under the 50 MiB cap
    rss_before = _rss_kib(edge.procs["edge"].pid)
    post = RawPost(edge, "/api/v1/process/async", {"X-API-Key": "phg_made_up_key", "Content-Type": content_type},
                   len(body))
    try:
        post.send(body[:64 * 1024])  # a sliver of the body, and the rest never comes
        started = time.monotonic()
        status, headers, answer = post.answer(timeout=10)
        elapsed = time.monotonic() - started
    finally:
        post.close()
    assert status == 401 and set(answer) == ERROR_KEYS and answer["status_code"] == 401
    # Auth was asked (a made-up key spends a token of the client address's bucket): the flood is bounded.
    assert int(headers["x-ratelimit-limit"]) == ANON_LIMIT
    assert elapsed < 5, elapsed  # answered without waiting for the other 4.9 MB
    # Nothing of the body was held: the edge did not grow by anything like the upload.
    assert _rss_kib(edge.procs["edge"].pid) - rss_before < 20_000


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


# --- items 1 and 2: caps enforced while reading, in the API's error shape ---------------------------

def test_upload_past_the_document_cap_is_413_while_still_arriving(edge):
    api_key = key(edge, "over-cap")
    body, content_type = multipart("notes.csv", b"text\n" + b"a\n" * 2_500_000)
    before = job_keys(edge)
    post = RawPost(edge, "/api/v1/process/async", {"X-API-Key": api_key, "Content-Type": content_type}, len(body))
    try:
        # 1 MB holds 500,000 rows, far past the cap of 1,000: the answer comes before the other 4 MB do.
        post.send(body[:1024 * 1024])
        status, _, answer = post.answer(timeout=10)
    finally:
        post.close()
    assert status == 413 and set(answer) == ERROR_KEYS and answer["status_code"] == 413
    assert answer["detail"] == f"A job holds at most {MAX_DOCS} documents"
    assert job_keys(edge) == before


def test_health_answers_while_a_big_upload_is_handled(edge):
    """The upload is parsed off the event loop: health (and everything else) answers meanwhile.

    Before, the edge parsed this 5 MB file whole, on its event loop, and stalled every other request
    for as long (17 s measured, more on a busy machine)."""
    api_key = key(edge, "big-upload")
    body, content_type = multipart("notes.csv", b"text\n" + b"a\n" * 2_500_000)
    sent, probed = threading.Event(), threading.Event()
    outcome: dict = {}

    def upload() -> None:
        post = RawPost(edge, "/api/v1/process/async", {"X-API-Key": api_key, "Content-Type": content_type},
                       len(body))
        try:
            for i in range(0, len(body), 256 * 1024):
                if not post.send(body[i:i + 256 * 1024]):
                    break  # the edge answered and stopped reading: fine, the answer is what counts
            sent.set()
            probed.wait(30)  # the upload's answer is not read until health has been asked
            outcome["answer"] = post.answer(timeout=60)
        except OSError as exc:  # a reset after an early answer can swallow it; that is not a failure
            outcome["error"] = exc
        finally:
            sent.set()
            post.close()

    thread = threading.Thread(target=upload)
    thread.start()
    try:
        assert sent.wait(60)
        reply = httpx.get(f"{edge.edge_url}/api/v1/health", timeout=5)
        assert reply.status_code == 200
        assert thread.is_alive()  # the upload was still open when health answered
    finally:
        probed.set()
        thread.join(60)
    if "answer" in outcome:
        assert outcome["answer"][0] == 413


@pytest.mark.parametrize(("documents", "status", "detail"), [
    ([{"text": "x" * 100_001}], 413, "documents[0].text: a document holds at most 100000 characters"),
    ([{"text": "x" * 90_000}] * 4, 413, f"A job holds at most {MAX_JOB_CHARS} characters"),
])
def test_json_job_past_a_character_cap_is_413_and_spends_one_token(edge, documents, status, detail):
    api_key = key(edge, "chars")
    before = job_keys(edge)
    reply = httpx.post(f"{edge.edge_url}/api/v1/process/async", headers={"X-API-Key": api_key},
                       json={"documents": documents}, timeout=60)
    assert assert_error(reply, status) == detail
    assert job_keys(edge) == before
    assert int(reply.headers["x-ratelimit-remaining"]) == 60 - 1  # the key check's token, no more


def test_jobs_are_charged_by_size_like_batch(edge):
    api_key = key(edge, "by-size")
    base = f"{edge.edge_url}/api/v1"
    h = {"X-API-Key": api_key}
    # Texts of 1, 10,000, 10,001 and 95,000 characters: 1 + 1 + 2 + 10 tokens, by /batch and by a job alike.
    texts = ["x", "y" * 10_000, "z" * 10_001, "w" * 95_000]
    batch = httpx.post(f"{base}/batch", headers=h, json={"texts": texts}, timeout=60)
    assert batch.status_code == 200, batch.text
    after_batch = int(batch.headers["x-ratelimit-remaining"])
    assert 60 - after_batch == 14
    job = httpx.post(f"{base}/process/async", headers=h, json={"documents": [{"text": t} for t in texts]},
                     timeout=60)
    assert job.status_code == 202, job.text
    spent = after_batch - int(job.headers["x-ratelimit-remaining"])
    assert 12 <= spent <= 14  # 14, less what refilled meanwhile (a token a second)
    detect = httpx.post(f"{base}/detect", headers=h, json={"text": "v" * 25_000}, timeout=60)
    assert detect.status_code == 200
    assert 1 <= int(job.headers["x-ratelimit-remaining"]) - int(detect.headers["x-ratelimit-remaining"]) <= 3


def test_job_the_store_cannot_hold_is_507_before_anything_is_written(edge):
    api_key = key(edge, "store-full")
    docs = [{"text": "Patient seen today. " * 4_500} for _ in range(3)]  # 270,000 characters
    info = edge.redis.info("memory")
    old = edge.redis.config_get("maxmemory")["maxmemory"]
    before = job_keys(edge)
    # Room for 800 kB more: enough for the keys and buckets this call touches, not for this job's inputs
    # (270 kB) with their results, stream entries and the 10 % kept free.
    edge.redis.config_set("maxmemory", int(info["used_memory"]) + 800_000)
    try:
        reply = httpx.post(f"{edge.edge_url}/api/v1/process/async", headers={"X-API-Key": api_key},
                           json={"documents": docs}, timeout=60)
        detail = assert_error(reply, 507)
        assert "cannot hold this job" in detail and "Patient" not in detail
        assert job_keys(edge) == before
    finally:
        edge.redis.config_set("maxmemory", old)
    reply = httpx.post(f"{edge.edge_url}/api/v1/process/async", headers={"X-API-Key": api_key},
                       json={"documents": docs}, timeout=60)
    assert reply.status_code == 202, reply.text


# --- item 3: per-address limits trust only configured proxies ---------------------------------------

def _remaining_after_rotating(url: str, rounds: int) -> list[int]:
    seen = []
    for i in range(rounds):
        # The client names a fresh address each time, on the left where a proxy would keep it.
        xff = f"198.51.100.{i % 250 + 1}, 203.0.113.7"
        reply = httpx.get(f"{url}/api/v1/process/jobs", headers={"X-API-Key": "phg_guess", "X-Forwarded-For": xff},
                          timeout=30)
        assert reply.status_code in (401, 429), reply.text
        seen.append(int(reply.headers["x-ratelimit-remaining"]) if reply.status_code == 401 else 0)
    return seen


def test_forwarded_for_from_an_untrusted_peer_is_ignored(edge):
    # No trusted proxies (the default): the loopback peer is the client, whatever the header says, so a
    # rotating X-Forwarded-For draws on one bucket and runs it dry.
    edge.redis.delete(*edge.redis.keys("phiguard:rl:ip:*") or ["none"])
    seen = _remaining_after_rotating(edge.edge_url, ANON_LIMIT + 3)
    assert seen[-1] == 0 and seen[0] > seen[5] > seen[10]
    assert edge.redis.exists("phiguard:rl:ip:127.0.0.1")
    assert not edge.redis.keys("phiguard:rl:ip:198.51.100.*") and not edge.redis.exists("phiguard:rl:ip:203.0.113.7")


def test_behind_a_trusted_proxy_the_reported_client_is_charged(edge, tmp_path):
    # A second edge trusting the loopback as its proxy: the rightmost hop that is not a proxy is the client.
    port = free_port()
    env = {**edge.env, "PHIGUARD_EDGE_PORT": str(port), "PHIGUARD_EDGE_METRICS_PORT": "0",
           "PHIGUARD_EDGE_GRPC_PORT": "0", "PHIGUARD_TRUSTED_PROXIES": '["127.0.0.0/8", "10.0.0.0/8"]'}
    with open(tmp_path / "edge-behind-proxy.log", "w") as log:
        proc = spawn("edge", env, log)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_http_ok(f"{url}/api/v1/health", {"edge": proc}, timeout=60)
        edge.redis.delete(*edge.redis.keys("phiguard:rl:ip:*") or ["none"])
        seen = _remaining_after_rotating(url, ANON_LIMIT + 3)
        # One bucket, the reported client's: the rotating left-hand entries bought nothing.
        assert seen[-1] == 0
        assert edge.redis.exists("phiguard:rl:ip:203.0.113.7")
        assert not edge.redis.keys("phiguard:rl:ip:198.51.100.*") and not edge.redis.exists("phiguard:rl:ip:127.0.0.1")
        # A hop inside the trusted ranges is skipped: the client is the next one to the left.
        reply = httpx.get(f"{url}/api/v1/process/jobs", timeout=30,
                          headers={"X-API-Key": "phg_guess", "X-Forwarded-For": "192.0.2.9, 10.1.2.3"})
        assert reply.status_code == 401 and edge.redis.exists("phiguard:rl:ip:192.0.2.9")
    finally:
        terminate_all({"edge": proc})


# --- item 7: progress streams are capped and end when idle ------------------------------------------

def test_progress_streams_are_capped_and_end_when_idle(edge):
    api_key = key(edge, "streams")
    h = {"X-API-Key": api_key}
    base = f"{edge.edge_url}/api/v1/process"
    # No worker in this stack: the job stays queued, so its stream would otherwise never end.
    job_id = httpx.post(f"{base}/async", headers=h, json={"documents": [{"text": "x"}]}).json()["job_id"]
    with httpx.Client(timeout=30) as client, ExitStack() as streams:
        first = streams.enter_context(client.stream("GET", f"{base}/status/{job_id}/events", headers=h))
        second = streams.enter_context(client.stream("GET", f"{base}/status/{job_id}/events", headers=h))
        assert first.status_code == second.status_code == 200
        detail = assert_error(httpx.get(f"{base}/status/{job_id}/events", headers=h, timeout=30), 503)
        assert "progress streams" in detail
        # Each ends on its own once nothing has changed for 2 s, freeing its slot and connection.
        started = time.monotonic()
        text = b"".join(first.iter_bytes()).decode()
        assert time.monotonic() - started < 15
        assert text.startswith("event: status") and "event: idle" in text
    deadline = time.monotonic() + 10
    while True:
        with httpx.stream("GET", f"{base}/status/{job_id}/events", headers=h, timeout=30) as third:
            if third.status_code == 200:
                break
        assert time.monotonic() < deadline, "closed streams never gave their slots back"
        time.sleep(0.2)


# --- item 7: lone surrogates and key ids ------------------------------------------------------------

def test_batch_with_a_lone_surrogate_is_400_and_spends_nothing(edge):
    api_key = key(edge, "surrogate")
    raw = b'{"texts": ["fine", "\\udfff"]}'
    reply = httpx.post(f"{edge.edge_url}/api/v1/batch", content=raw, timeout=30,
                       headers={"X-API-Key": api_key, "Content-Type": "application/json"})
    assert assert_error(reply, 400).startswith("texts.1:")
    probe = httpx.post(f"{edge.edge_url}/api/v1/detect", headers={"X-API-Key": api_key}, json={"text": "x"})
    assert probe.status_code == 200 and int(probe.headers["x-ratelimit-remaining"]) == 60 - 1


def test_revoking_a_key_id_of_another_shape_is_404(edge):
    admin = {"X-API-Key": edge.admin_key}
    for key_id in ("index", "{keys}:index", "ffff", "bootstrap2"):
        reply = httpx.delete(f"{edge.edge_url}/api/v1/keys/{key_id}", headers=admin, timeout=30)
        assert assert_error(reply, 404) == "no API key with that key_id"
    assert edge.redis.type("phiguard:auth:{keys}:index") == b"set"
    assert "redis unavailable" not in edge.logs()
    # A well-shaped id that names no key is 404 too, and real keys still list.
    assert_error(httpx.delete(f"{edge.edge_url}/api/v1/keys/{'0' * 16}", headers=admin, timeout=30), 404)
    assert httpx.get(f"{edge.edge_url}/api/v1/keys", headers=admin, timeout=30).status_code == 200


def test_upload_errors_name_fields_never_values(edge):
    api_key = key(edge, "echo")
    h = {"X-API-Key": api_key}
    url = f"{edge.edge_url}/api/v1/process/async"
    body, ctype = multipart("a.csv", b"id,text\n1,hello\n", {"text_column": "Zebediah Quincefield"})
    detail = assert_error(httpx.post(url, content=body, headers={**h, "Content-Type": ctype}), 400)
    assert "text_column" in detail and "Zebediah" not in detail
    body, ctype = multipart("a.csv", b"id,text\n1,hello\n", {"entity_types": "NAME,Zebediah Quincefield"})
    detail = assert_error(httpx.post(url, content=body, headers={**h, "Content-Type": ctype}), 400)
    assert "entity_types[1]" in detail and "Zebediah" not in detail
    reply = httpx.post(url, headers=h, json={"documents": [{"text": "x"}], "Zebediah Quincefield": 1})
    detail = assert_error(reply, 400)
    assert detail.startswith("body: unknown field") and "Zebediah" not in detail


@pytest.mark.parametrize(("peer", "forwarded", "client"), [
    ("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the hop our proxy appended
    ("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.2.3.4", "203.0.113.7"),  # through a second proxy of ours
    ("127.0.0.1", "10.2.3.4, 10.9.9.9", "10.2.3.4"),  # every hop ours: the leftmost
    ("127.0.0.1", "[2001:db8::5]:443", "2001:db8::5"),
    ("127.0.0.1", "203.0.113.7:5555", "203.0.113.7"),
    ("127.0.0.1", "not-an-address", "unknown"),  # shares auth's one bucket for the unparseable
    ("127.0.0.1", None, "127.0.0.1"),
    ("::ffff:127.0.0.1", "203.0.113.7", "203.0.113.7"),
    ("192.0.2.1", "203.0.113.7", "192.0.2.1"),  # not a proxy of ours: its header means nothing
])
def test_client_address_behind_trusted_proxies(peer, forwarded, client):
    from phiguard.edge.proxies import TrustedProxies  # noqa: PLC0415

    assert TrustedProxies(["127.0.0.0/8", "10.0.0.0/8"]).client(peer, forwarded) == client
    assert TrustedProxies([]).client(peer, forwarded) == peer


def test_trusted_proxies_setting_refuses_what_is_not_a_cidr():
    from phiguard.edge.config import EdgeSettings  # noqa: PLC0415

    assert EdgeSettings(trusted_proxies=["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"]).trusted_proxies
    with pytest.raises(ValueError, match=r"trusted_proxies\[1\]"):
        EdgeSettings(trusted_proxies=["10.0.0.0/8", "ingress.local"])
