"""Liveness answers for the process, readiness for the dependencies.

The chart points each gRPC probe at a named grpc.health.v1 service ("liveness" / "readiness"), and real servers
answer them that way: an auth replica whose Redis is down stays live (no restarts, no crash loop on a cold start)
but is not ready. Edge's liveness is /health (no dependency); its readiness needs auth and Redis, not inference."""

from __future__ import annotations

import asyncio
import sys
from types import SimpleNamespace

import grpc
import pytest
from deploytools import ROOT, by_kind, container, render
from grpc_health.v1 import health_pb2, health_pb2_grpc
from procs import free_port

sys.path.insert(0, str(ROOT / "tests" / "auth"))

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@pytest.mark.parametrize("component", ["auth", "inference"])
def test_grpc_probes_use_named_health_services(component):
    deployments = by_kind(render(), "Deployment")
    c = container(deployments[f"rel-phiguard-{component}"])
    assert c["startupProbe"]["grpc"]["service"] == "liveness"
    assert c["livenessProbe"]["grpc"]["service"] == "liveness"
    assert c["readinessProbe"]["grpc"]["service"] == "readiness"


def test_edge_probes():
    c = container(by_kind(render(), "Deployment")["rel-phiguard-edge"])
    assert c["livenessProbe"]["httpGet"]["path"] == "/api/v1/health"
    assert c["startupProbe"]["httpGet"]["path"] == "/api/v1/health"
    assert c["readinessProbe"]["httpGet"]["path"] == "/api/v1/ready"


async def _status(port: int, service: str) -> int:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        reply = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=service),
                                                                timeout=5)
        return reply.status


def test_auth_with_redis_down_is_live_but_not_ready():
    from authtest import make_settings  # noqa: PLC0415
    from phiguard.auth.server import AuthServer  # noqa: PLC0415

    async def run():
        server = AuthServer(make_settings(f"redis://127.0.0.1:{free_port()}/0", redis_timeout_s=0.5))
        await server.start()
        try:
            assert await _status(server.port, "liveness") == SERVING
            assert await _status(server.port, "readiness") == NOT_SERVING
            # The default service follows readiness (what the old liveness probe asked: it would restart the pod).
            assert await _status(server.port, "") == NOT_SERVING
            await server.grpc.stop(5)  # draining: not ready, still live until the server is gone
        finally:
            await server.redis.aclose()

    asyncio.run(run())


def test_auth_with_redis_up_is_ready(redis_url):
    from authtest import make_settings  # noqa: PLC0415
    from phiguard.auth.server import AuthServer  # noqa: PLC0415

    async def run():
        server = AuthServer(make_settings(redis_url))
        await server.start()
        try:
            assert await _status(server.port, "liveness") == SERVING
            assert await _status(server.port, "readiness") == SERVING
        finally:
            await server.stop(0)

    asyncio.run(run())


def test_edge_ready_ignores_an_inference_outage(monkeypatch):
    from phiguard.edge.config import EdgeSettings  # noqa: PLC0415
    from phiguard.edge.routers import meta  # noqa: PLC0415

    up = {"auth": True, "inference": False}

    async def serving(channel, timeout):
        return up[channel]

    async def redis_up(client):
        return True

    monkeypatch.setattr(meta, "_grpc_serving", serving)
    monkeypatch.setattr(meta, "_redis_up", redis_up)

    def call(settings):
        state = SimpleNamespace(clients=SimpleNamespace(auth_channel="auth", inference_channel="inference"),
                                redis=None, settings=settings,
                                model_info_cache=SimpleNamespace(info=SimpleNamespace(model_loaded=False)))
        return asyncio.run(meta.ready(SimpleNamespace(app=SimpleNamespace(state=state))))

    settings = EdgeSettings(redis_url="redis://x")
    assert settings.ready_requires == ["auth", "redis"]
    reply = call(settings)
    assert reply.status_code == 200 and b'"inference":false' in reply.body
    # Auth down still makes the pod unready: every authenticated route fails closed without it.
    up["auth"] = False
    assert call(settings).status_code == 503
    # Operators who want the old behaviour list inference too.
    up["auth"] = True
    assert call(EdgeSettings(redis_url="redis://x", ready_requires=["auth", "inference", "redis"])).status_code == 503
