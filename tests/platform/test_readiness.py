"""/ready names what is down; /health stays up without any dependency."""

from __future__ import annotations

import httpx

from procs import free_port
from stack import spawn, stack_env, terminate_all, wait_http_ok


def test_ready_is_503_naming_the_dead_dependencies(redis_url, tmp_path):
    dead = free_port()
    env = stack_env(redis_url, "unused", PHIGUARD_INFERENCE_TARGET=f"127.0.0.1:{dead}",
                    PHIGUARD_AUTH_TARGET=f"127.0.0.1:{dead}", PHIGUARD_EDGE_METRICS_PORT="0")
    edge = f"http://127.0.0.1:{env['PHIGUARD_EDGE_PORT']}"
    with open(tmp_path / "edge.log", "w") as log:
        procs = {"edge": spawn("edge", env, log)}
        try:
            wait_http_ok(f"{edge}/api/v1/health", procs, timeout=60)
            reply = httpx.get(f"{edge}/api/v1/ready", timeout=10)
            assert reply.status_code == 503
            assert reply.json()["checks"] == {"auth": False, "inference": False, "redis": True, "model_loaded": False}
            # Auth down means requests fail closed, with the seed's error shape.
            detect = httpx.post(f"{edge}/api/v1/detect", json={"text": "hi"}, headers={"X-API-Key": "k"}, timeout=10)
            assert detect.status_code == 503 and detect.json()["detail"] == "auth is unavailable"
        finally:
            terminate_all(procs)
