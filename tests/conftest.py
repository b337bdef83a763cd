"""Fixtures shared by every test: a real Redis server and the real services on loopback (never fakes)."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from redis_process import free_port, start_redis, stop
from stack import spawn, terminate_all, wait_http_ok

SERVICES = ("inference", "auth", "edge", "worker")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    proc = start_redis(port, tmp_path_factory.mktemp("redis"))
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(proc)


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    """A client on a flushed database, so each test starts from nothing."""
    client = redis.Redis.from_url(redis_url)
    client.flushall()
    try:
        yield client
    finally:
        client.close()


@dataclass
class Stack:
    edge_url: str
    admin_key: str
    env: dict[str, str]
    log_dir: Path
    procs: dict[str, subprocess.Popen]

    def logs(self) -> str:
        """Everything every service has logged so far (for the PHI-never-in-logs checks)."""
        return "".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*.log")))


def stack_env(redis_url: str, admin_key: str, **overrides: str) -> dict[str, str]:
    ports = {name: free_port() for name in ("edge", "inference", "auth", "edge_metrics", "inference_metrics",
                                            "auth_metrics", "worker_metrics")}
    env = {
        **os.environ,
        "PHIGUARD_REDIS_URL": redis_url,
        "PHIGUARD_BOOTSTRAP_ADMIN_KEY": admin_key,
        "PHIGUARD_HMAC_SECRET": "test-hmac-secret",
        "PHIGUARD_EDGE_PORT": str(ports["edge"]),
        "PHIGUARD_INFERENCE_PORT": str(ports["inference"]),
        "PHIGUARD_AUTH_PORT": str(ports["auth"]),
        "PHIGUARD_INFERENCE_TARGET": f"127.0.0.1:{ports['inference']}",
        "PHIGUARD_AUTH_TARGET": f"127.0.0.1:{ports['auth']}",
        "PHIGUARD_EDGE_METRICS_PORT": str(ports["edge_metrics"]),
        "PHIGUARD_INFERENCE_METRICS_PORT": str(ports["inference_metrics"]),
        "PHIGUARD_AUTH_METRICS_PORT": str(ports["auth_metrics"]),
        "PHIGUARD_WORKER_METRICS_PORT": str(ports["worker_metrics"]),
        "PHIGUARD_LOG_LEVEL": "DEBUG",
    }
    env.update(overrides)
    return env


@contextmanager
def running_stack(env: dict[str, str], log_dir: Path, services=SERVICES) -> Iterator[Stack]:
    log_dir.mkdir(parents=True, exist_ok=True)
    procs: dict[str, subprocess.Popen] = {}
    files = []
    try:
        for name in services:
            out = open(log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed in finally
            files.append(out)
            procs[name] = spawn(name, env, out)
        edge_url = f"http://127.0.0.1:{env['PHIGUARD_EDGE_PORT']}"
        wait_http_ok(f"{edge_url}/api/v1/ready", procs, timeout=120)
        yield Stack(edge_url, env["PHIGUARD_BOOTSTRAP_ADMIN_KEY"], env, log_dir, procs)
    finally:
        terminate_all(procs)
        for out in files:
            out.close()


@pytest.fixture(scope="session")
def stack(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole stack as real processes on loopback, sharing the session's real Redis."""
    env = stack_env(redis_url, "phg_test_admin_" + secrets.token_urlsafe(24))
    with running_stack(env, tmp_path_factory.mktemp("stack-logs")) as s:
        yield s
