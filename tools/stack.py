"""Starting and stopping PHIGuard's service processes, shared by `make run` and the test fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from procs import die_with_parent, free_port

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("inference", "auth", "edge", "worker")
PYTHONPATH = os.pathsep.join(str(ROOT / "services" / s) for s in ("common", "edge", "auth", "inference", "worker"))


def spawn(service: str, env: Mapping[str, str], output: IO | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", f"phiguard.{service}"],
        env={**env, "PYTHONPATH": PYTHONPATH}, cwd=ROOT, stdout=output, stderr=output,
        preexec_fn=die_with_parent,
    )


_START_UP_LOG_LINES = 20


def _log_tail(log_dir: Path | None, name: str) -> str:
    """The last lines a service logged before it died at start-up (no text was processed yet, so no PHI)."""
    path = log_dir / f"{name}.log" if log_dir else None
    if path is None or not path.exists():
        return ""
    lines = path.read_text(errors="replace").splitlines()[-_START_UP_LOG_LINES:]
    return "; its log ends:\n" + "\n".join(lines)


def wait_http_ok(url: str, procs: Mapping[str, subprocess.Popen], timeout: float, log_dir: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, proc in procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode} during start-up{_log_tail(log_dir, name)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f} s")


def terminate_all(procs: Mapping[str, subprocess.Popen], timeout: float = 15.0) -> None:
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    for proc in procs.values():
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Stack:
    edge_url: str
    admin_key: str
    env: dict[str, str]
    log_dir: Path
    procs: dict[str, subprocess.Popen]

    @property
    def grpc_target(self) -> str:
        """host:port of the edge's public gRPC API (phiguard.v1.DeidentificationService)."""
        return f"127.0.0.1:{self.env['PHIGUARD_EDGE_GRPC_PORT']}"

    def logs(self) -> str:
        """Everything every service has logged so far (for the PHI-never-in-logs checks)."""
        return "".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*.log")))


def stack_env(redis_url: str, admin_key: str, **overrides: str) -> dict[str, str]:
    ports = {name: free_port() for name in ("edge", "edge_grpc", "inference", "auth", "edge_metrics",
                                            "inference_metrics", "auth_metrics", "worker_metrics")}
    env = {
        **os.environ,
        "PHIGUARD_REDIS_URL": redis_url,
        "PHIGUARD_BOOTSTRAP_ADMIN_KEY": admin_key,
        "PHIGUARD_HMAC_SECRET": "test-hmac-secret",
        "PHIGUARD_AUTH_KEY_PEPPER": "test-auth-key-pepper",
        "PHIGUARD_JOB_SECRET": "test-job-secret-0123456789",
        # A local stack is ready when everything is, model included (callers wait on /ready, then detect).
        "PHIGUARD_READY_REQUIRES": '["auth", "inference", "redis"]',
        "PHIGUARD_EDGE_PORT": str(ports["edge"]),
        "PHIGUARD_EDGE_GRPC_PORT": str(ports["edge_grpc"]),
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
        wait_http_ok(f"{edge_url}/api/v1/ready", procs, timeout=120, log_dir=log_dir)
        yield Stack(edge_url, env["PHIGUARD_BOOTSTRAP_ADMIN_KEY"], env, log_dir, procs)
    finally:
        terminate_all(procs)
        for out in files:
            out.close()
