"""Server plumbing: health, reflection, fail-closed without Redis, the entry point, mutual TLS."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from authtest import BOOTSTRAP_KEY, make_settings, running_replica
from phiguard.v1 import auth_pb2, auth_pb2_grpc
from procs import free_port

ROOT = Path(__file__).resolve().parents[2]


async def _health(channel: grpc.aio.Channel, service: str = "") -> int:
    stub = health_pb2_grpc.HealthStub(channel)
    return (await stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=5)).status


async def test_health_answers_serving(replica):
    assert await _health(replica.channel) == health_pb2.HealthCheckResponse.SERVING
    assert await _health(replica.channel, "phiguard.v1.AuthService") == health_pb2.HealthCheckResponse.SERVING


async def test_reflection_lists_the_service(replica):
    stub = reflection_pb2_grpc.ServerReflectionStub(replica.channel)
    call = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5)
    services = set()
    async for reply in call:
        services |= {s.name for s in reply.list_services_response.service}
    assert {"phiguard.v1.AuthService", "grpc.health.v1.Health"} <= services


async def test_redis_down_fails_closed(redis_client, json_logs):
    dead = f"redis://127.0.0.1:{free_port()}/0"
    async with running_replica(make_settings(dead, redis_timeout_s=0.2)) as r:
        assert await _health(r.channel) == health_pb2.HealthCheckResponse.NOT_SERVING
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await r.authorize(BOOTSTRAP_KEY)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await r.create_key("user")
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    events = [json.loads(line) for line in json_logs]
    assert any(e["level"] == "error" and "redis unavailable" in e["message"] and e.get("rpc") == "Authorize"
               for e in events)
    audit = [e for e in events if e["logger"] == "phiguard.audit"]
    assert [e["outcome"] for e in audit] == ["unavailable"]


def test_entry_point_serves_and_drains_on_sigterm(redis_url, redis_client, tmp_path):
    port, metrics_port = free_port(), free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(ROOT / "services" / s) for s in ("common", "auth")),
           "PHIGUARD_REDIS_URL": redis_url, "PHIGUARD_AUTH_PORT": str(port),
           "PHIGUARD_AUTH_METRICS_PORT": str(metrics_port), "PHIGUARD_BOOTSTRAP_ADMIN_KEY": BOOTSTRAP_KEY,
           "PHIGUARD_AUTH_KEY_PEPPER": "entry-point-pepper", "PHIGUARD_LOG_LEVEL": "DEBUG"}
    log_path = tmp_path / "auth.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "phiguard.auth"], env=env, cwd=ROOT, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            grpc.channel_ready_future(channel).result(timeout=20)
            health = health_pb2_grpc.HealthStub(channel)
            while health.Check(health_pb2.HealthCheckRequest()).status != health_pb2.HealthCheckResponse.SERVING:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            reply = auth_pb2_grpc.AuthServiceStub(channel).Authorize(
                auth_pb2.AuthorizeRequest(api_key=BOOTSTRAP_KEY, action="keys.manage", client_ip="127.0.0.1"))
            assert reply.decision == auth_pb2.DECISION_ALLOWED
        import urllib.request  # noqa: PLC0415
        with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5) as page:
            assert b'phiguard_auth_decisions_total{action="keys.manage",decision="allowed"} 1.0' in page.read()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    messages = [e["message"] for e in lines]
    assert "auth listening" in messages and "shutting down" in messages and messages[-1] == "auth stopped"
    assert all(e["service"] == "auth" for e in lines)
    assert BOOTSTRAP_KEY not in log_path.read_text()


def test_refuses_to_start_without_a_pepper(redis_url, tmp_path):
    # An empty pepper leaves key hashes testable against guesses by anyone holding a Redis dump.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIGUARD_")}
    env.update({"PYTHONPATH": os.pathsep.join(str(ROOT / "services" / s) for s in ("common", "auth")),
                "PHIGUARD_REDIS_URL": redis_url, "PHIGUARD_AUTH_PORT": str(free_port()),
                "PHIGUARD_AUTH_METRICS_PORT": "0", "PHIGUARD_BOOTSTRAP_ADMIN_KEY": BOOTSTRAP_KEY})
    for pepper in (None, "", "   "):
        if pepper is not None:
            env["PHIGUARD_AUTH_KEY_PEPPER"] = pepper
        proc = subprocess.run([sys.executable, "-m", "phiguard.auth"], env=env, cwd=ROOT, capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode != 0
        assert "PHIGUARD_AUTH_KEY_PEPPER is empty" in proc.stderr
        assert BOOTSTRAP_KEY not in proc.stderr + proc.stdout


async def test_dev_flag_starts_without_a_pepper_and_warns(redis_url, redis_client, json_logs):
    settings = make_settings(redis_url, auth_key_pepper="", auth_allow_empty_pepper=True)
    async with running_replica(settings) as r:
        assert (await r.authorize(BOOTSTRAP_KEY, "keys.manage")).decision == auth_pb2.DECISION_ALLOWED
    assert any(e["level"] == "warning" and "PHIGUARD_AUTH_KEY_PEPPER is empty" in e["message"]
               for e in map(json.loads, json_logs))


async def test_revoking_a_key_id_of_another_shape_never_reaches_redis(replica, redis_client):
    # "index" would name the key index set (a Redis WRONGTYPE error, logged as Redis being down).
    for key_id in ("index", "{keys}:index", "ABCDEF0123456789", "0123456789abcdef0"):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await replica.stub.RevokeKey(auth_pb2.RevokeKeyRequest(key_id=key_id), timeout=10)
        assert err.value.code() == grpc.StatusCode.NOT_FOUND
    assert redis_client.type("phiguard:auth:{keys}:index") == b"set"
