"""Long-lived gRPC channels to inference and auth, with deadlines, one retry and status mapping."""

from __future__ import annotations

import asyncio
import random

import grpc
from phiguard.common.grpc_client import open_channel
from phiguard.edge.errors import ApiError
from phiguard.v1 import auth_pb2_grpc, inference_pb2_grpc

_HTTP_STATUS = {
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}
# Only these carry a message written for the caller; anything else is summarised.
_CALLER_MESSAGES = {grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND, grpc.StatusCode.ALREADY_EXISTS}


def to_api_error(exc: grpc.aio.AioRpcError, service: str) -> ApiError:
    code = exc.code()
    status = _HTTP_STATUS.get(code, 502)
    if code in _CALLER_MESSAGES:
        detail = exc.details() or code.name.lower()
    elif code == grpc.StatusCode.DEADLINE_EXCEEDED:
        detail = f"{service} did not answer in time"
    elif code == grpc.StatusCode.UNAVAILABLE:
        detail = f"{service} is unavailable"
    else:
        detail = f"{service} failed ({code.name})"
    headers = {"Retry-After": "1"} if status in (429, 503) else None
    return ApiError(status, detail, headers)


class GrpcClients:
    def __init__(self, inference_target: str, auth_target: str,
                 credentials: grpc.ChannelCredentials | None = None) -> None:
        self.inference_channel = open_channel(inference_target, credentials)
        self.auth_channel = open_channel(auth_target, credentials)
        self.inference = inference_pb2_grpc.InferenceServiceStub(self.inference_channel)
        self.auth = auth_pb2_grpc.AuthServiceStub(self.auth_channel)

    async def close(self) -> None:
        await asyncio.gather(self.inference_channel.close(), self.auth_channel.close())


async def call(method, request, *, timeout: float, service: str, idempotent: bool, metadata=None):
    """One unary call; an idempotent call is retried once, after a jittered pause, when UNAVAILABLE."""
    attempts = 2 if idempotent else 1
    for attempt in range(attempts):
        try:
            return await method(request, timeout=timeout, metadata=metadata)
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.UNAVAILABLE and attempt + 1 < attempts:
                await asyncio.sleep(random.uniform(0.05, 0.2))
                continue
            raise to_api_error(exc, service) from None
    raise AssertionError("unreachable")
