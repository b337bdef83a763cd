"""Starting and stopping PHIGuard's service processes, shared by `make run` and the test fixtures."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
PYTHONPATH = os.pathsep.join(str(ROOT / "services" / s) for s in ("common", "edge", "auth", "inference", "worker"))


def die_with_parent() -> None:
    """preexec_fn: the child gets SIGTERM when its parent dies, so no orphan outlives a killed parent."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def spawn(service: str, env: Mapping[str, str], output: IO | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", f"phiguard.{service}"],
        env={**env, "PYTHONPATH": PYTHONPATH}, cwd=ROOT, stdout=output, stderr=output,
        preexec_fn=die_with_parent,
    )


def wait_http_ok(url: str, procs: Mapping[str, subprocess.Popen], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, proc in procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode} during start-up")
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
