"""Client-side gRPC load balancing as it runs on Kubernetes, proven on loopback.

On Kubernetes edge and worker dial dns:///<release>-inference-headless...:50051; the headless Service
makes DNS return every inference pod, and the channel's round_robin policy spreads calls over them.
Here the same channel (phiguard.edge.clients, unchanged) dials one target resolving to two real
inference processes, and each process's own counters show it served calls.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import time
import urllib.request
from pathlib import Path

import pytest
from procs import free_port
from stack import spawn, terminate_all

CALLS = 40
METHOD = "Detect"


def _require_runnable() -> None:
    for module in ("phiguard.v1.inference_pb2_grpc", "phiguard.inference.engine", "phiguard.inference.__main__",
                   "phiguard.edge.clients"):
        try:
            importlib.import_module(module)
        except ImportError as exc:
            pytest.skip(f"{module} not importable yet ({exc}); inference/edge or `make protos` pending")


def _metric(port: int) -> float | None:
    """phiguard_grpc_server_requests_total for METHOD on one process, or None when it has no such counter."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as reply:
        text = reply.read().decode()
    values = [float(m.group(1)) for m in re.finditer(
        r'^phiguard_grpc_server_requests_total\{[^}]*method="' + METHOD + r'"[^}]*\} (\S+)$', text, re.M)]
    if values:
        return sum(values)
    return None if "phiguard_grpc_server_requests_total" not in text else 0.0


def _served(server: dict) -> float:
    # The process's Prometheus counter when it exports one, else its own per-call log lines.
    value = _metric(server["metrics_port"])
    if value is not None:
        return value
    return float(len(re.findall(r'"message": "detect"', server["log"].read_text())))


@pytest.fixture(scope="module")
def two_inference_servers(tmp_path_factory):
    _require_runnable()
    logs = tmp_path_factory.mktemp("balancing")
    servers, procs, files = [], {}, []
    try:
        for i in range(2):
            port, metrics_port = free_port(), free_port()
            env = {**os.environ, "PHIGUARD_INFERENCE_PORT": str(port),
                   "PHIGUARD_INFERENCE_METRICS_PORT": str(metrics_port), "PHIGUARD_MODEL_ENABLED": "false",
                   "PHIGUARD_HMAC_SECRET": "balancing-test-hmac-secret-32by", "PHIGUARD_LOG_LEVEL": "INFO"}
            log = Path(logs) / f"inference-{i}.log"
            out = open(log, "w")  # noqa: SIM115 - closed in finally
            files.append(out)
            procs[f"inference-{i}"] = spawn("inference", env, out)
            servers.append({"port": port, "metrics_port": metrics_port, "log": log})
        _wait_serving(servers, procs)
        yield servers
    finally:
        terminate_all(procs)
        for out in files:
            out.close()


def _wait_serving(servers, procs, timeout: float = 60.0) -> None:
    import grpc  # noqa: PLC0415
    from grpc_health.v1 import health_pb2, health_pb2_grpc  # noqa: PLC0415

    deadline = time.monotonic() + timeout
    pending = list(servers)
    while pending:
        for name, proc in procs.items():
            assert proc.poll() is None, f"{name} exited with {proc.returncode}: " + Path(
                next(s["log"] for s in servers)).read_text()[-2000:]
        server = pending[0]
        # Exactly what a Kubernetes grpc probe sends: Health/Check with service "".
        with grpc.insecure_channel(f"127.0.0.1:{server['port']}") as channel:
            try:
                reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=1)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    pending.pop(0)
                    continue
            except grpc.RpcError:
                pass
        assert time.monotonic() < deadline, f"inference on {server['port']} not SERVING within {timeout} s"
        time.sleep(0.2)


async def _send(target: str, options, calls: int) -> None:
    import grpc  # noqa: PLC0415
    from phiguard.v1 import inference_pb2, inference_pb2_grpc  # noqa: PLC0415

    channel = grpc.aio.insecure_channel(target, options=options)
    try:
        await asyncio.wait_for(channel.channel_ready(), 10)
        # round_robin connects every address in the background; give the second one a moment to be READY.
        await asyncio.sleep(0.5)
        stub = inference_pb2_grpc.InferenceServiceStub(channel)
        for _ in range(calls):
            await stub.Detect(inference_pb2.DetectRequest(text="Call 555-123-4567 today."), timeout=10,
                              wait_for_ready=True)
    finally:
        await channel.close()


def _target(servers) -> str:
    # What the dns:/// resolver hands the channel for a headless Service with two ready pods.
    return "ipv4:" + ",".join(f"127.0.0.1:{s['port']}" for s in servers)


async def test_edge_channel_round_robins_over_every_resolved_address(two_inference_servers):
    from phiguard.common.grpc_client import CHANNEL_OPTIONS  # noqa: PLC0415 - what edge and worker dial with

    before = [_served(s) for s in two_inference_servers]
    await _send(_target(two_inference_servers), CHANNEL_OPTIONS, CALLS)
    served = [_served(s) - b for s, b in zip(two_inference_servers, before, strict=True)]
    print(f"round_robin: calls served per inference process {served}")
    assert sum(served) == CALLS, served
    # round_robin alternates over READY subchannels: an even split, give or take the warm-up.
    assert min(served) >= CALLS // 4, f"calls per process: {served}"


async def test_without_round_robin_one_process_takes_everything(two_inference_servers):
    """The control: gRPC's default pick_first pins one connection, which is why the service config matters."""
    from phiguard.common.grpc_client import CHANNEL_OPTIONS  # noqa: PLC0415

    options = tuple(o for o in CHANNEL_OPTIONS if o[0] != "grpc.service_config")
    before = [_served(s) for s in two_inference_servers]
    await _send(_target(two_inference_servers), options, CALLS // 2)
    served = sorted(_served(s) - b for s, b in zip(two_inference_servers, before, strict=True))
    assert served == [0, CALLS // 2]


def test_edge_settings_accept_the_kubernetes_dns_target():
    _require_runnable()
    from phiguard.edge.config import EdgeSettings  # noqa: PLC0415

    target = "dns:///rel-phiguard-inference-headless.phiguard.svc.cluster.local:50051"
    assert EdgeSettings(inference_target=target).inference_target == target
