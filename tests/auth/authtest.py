"""Helpers for the auth tests: settings and real AuthServer replicas on loopback."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import grpc

from phiguard.auth.config import AuthSettings
from phiguard.auth.server import AuthServer
from phiguard.v1 import auth_pb2, auth_pb2_grpc

BOOTSTRAP_KEY = "bootstrap-" + secrets.token_urlsafe(32)


def make_settings(redis_url: str, **overrides: Any) -> AuthSettings:
    values: dict[str, Any] = {
        "redis_url": redis_url, "auth_host": "127.0.0.1", "auth_port": 0, "auth_metrics_port": 0,
        "bootstrap_admin_key": BOOTSTRAP_KEY, "auth_key_pepper": "test-pepper",
        "default_rate_limit_per_minute": 1000, "anon_rate_limit_per_minute": 1000, "grace_seconds": 0,
    }
    values.update(overrides)
    return AuthSettings(**values)


class Replica:
    """One running auth server and a client stub connected to it."""

    def __init__(self, server: AuthServer, channel: grpc.aio.Channel) -> None:
        self.server = server
        self.channel = channel
        self.stub = auth_pb2_grpc.AuthServiceStub(channel)

    async def authorize(self, api_key: str = "", action: str = "detect", client_ip: str = "10.0.0.1",
                        cost: int = 0, request_id: str = "req-1") -> auth_pb2.AuthorizeResponse:
        return await self.stub.Authorize(auth_pb2.AuthorizeRequest(
            api_key=api_key, action=action, client_ip=client_ip, cost=cost, request_id=request_id), timeout=10)

    async def create_key(self, role: str = "user", name: str = "test key", **fields: Any) -> auth_pb2.CreateKeyResponse:
        return await self.stub.CreateKey(auth_pb2.CreateKeyRequest(name=name, role=role, **fields), timeout=10)


@asynccontextmanager
async def running_replica(settings: AuthSettings, credentials: grpc.ChannelCredentials | None = None,
                          target_host: str = "127.0.0.1") -> AsyncIterator[Replica]:
    server = AuthServer(settings)
    await server.start()
    target = f"{target_host}:{server.port}"
    channel = grpc.aio.secure_channel(target, credentials) if credentials else grpc.aio.insecure_channel(target)
    try:
        yield Replica(server, channel)
    finally:
        await channel.close()
        await server.stop(0)
