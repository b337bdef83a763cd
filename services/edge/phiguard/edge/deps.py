"""FastAPI dependencies: settings, gRPC clients, and the one Authorize call per request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPBearer

from phiguard.common.cost import text_cost, texts_cost
from phiguard.edge.clients import GrpcClients, call
from phiguard.edge.config import EdgeSettings
from phiguard.edge.errors import ApiError
from phiguard.edge.schemas import BatchRequest, DeidentifyRequest, DetectRequest, RedactRequest
from phiguard.v1 import auth_pb2


def get_settings(request: Request) -> EdgeSettings:
    return request.app.state.settings


def get_clients(request: Request) -> GrpcClients:
    return request.app.state.clients


SettingsDep = Annotated[EdgeSettings, Depends(get_settings)]
ClientsDep = Annotated[GrpcClients, Depends(get_clients)]


@dataclass(frozen=True)
class Principal:
    key_id: str
    name: str
    role: str


def api_key_from(request: Request) -> str:
    key = request.headers.get("x-api-key", "")
    if not key:
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            key = credentials.strip()
    return key


def _rate_limit_headers(state: auth_pb2.RateLimitState) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(state.limit),
        "X-RateLimit-Remaining": str(max(state.remaining, 0)),
        "X-RateLimit-Reset": str(state.reset),
    }


async def authorize_key(clients: GrpcClients, settings: EdgeSettings, *, api_key: str, action: str, client_ip: str,
                        request_id: str, cost: int = 1, timeout: float | None = None
                        ) -> tuple[Principal, dict[str, str]]:
    """The one Authorize call of a request, REST or gRPC: the principal and the X-RateLimit-* headers, or an
    ApiError (401, 403, 429 with Retry-After) carrying the same headers."""
    reply = await call(
        clients.auth.Authorize,
        auth_pb2.AuthorizeRequest(api_key=api_key, action=action, client_ip=client_ip, cost=cost,
                                  request_id=request_id),
        timeout=settings.auth_timeout_s if timeout is None else min(timeout, settings.auth_timeout_s),
        service="auth", idempotent=False,
    )
    headers = _rate_limit_headers(reply.rate_limit) if reply.HasField("rate_limit") else {}
    if reply.decision == auth_pb2.DECISION_ALLOWED:
        return Principal(key_id=reply.key_id, name=reply.principal, role=reply.role), headers
    if reply.decision == auth_pb2.DECISION_RATE_LIMITED:
        retry_after = max(1, int(-(-reply.rate_limit.retry_after // 1)))
        raise ApiError(429, "Rate limit exceeded", {**headers, "Retry-After": str(retry_after)})
    if reply.decision == auth_pb2.DECISION_FORBIDDEN:
        raise ApiError(403, f"This API key's role may not perform '{action}'", headers)
    raise ApiError(401, "A valid API key is required (X-API-Key or Authorization: Bearer)",
                   {**headers, "WWW-Authenticate": "ApiKey"})


async def authorize(request: Request, action: str, cost: int = 1) -> Principal:
    try:
        principal, headers = await authorize_key(
            request.app.state.clients, request.app.state.settings, api_key=api_key_from(request), action=action,
            client_ip=request.client.host if request.client else "", request_id=request.state.request_id, cost=cost)
    except ApiError as exc:
        # The middleware copies these onto whatever response this request ends with, errors included.
        request.state.rate_limit_headers = {k: v for k, v in exc.headers.items() if k.startswith("X-RateLimit-")}
        raise
    request.state.rate_limit_headers = headers
    request.state.principal = principal
    return principal


# Declared for OpenAPI's security schemes; the key itself is read by api_key_from.
_api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key from /api/v1/keys.")
_bearer_scheme = HTTPBearer(auto_error=False, description="The same API key as a bearer token.")
_Schemes = (Security(_api_key_scheme), Security(_bearer_scheme))


def require(action: str):
    async def dependency(request: Request, _k=_Schemes[0], _b=_Schemes[1]) -> Principal:
        return await authorize(request, action)
    return dependency


# The calls with a body charge by its size (phiguard.common.cost: a token per started 10,000 characters of
# each text). Taking the validated body makes FastAPI validate it first, and the size limits are checked
# before the charge too: an invalid or oversized body is a 400 that spends nothing.
def check_text_lengths(settings: EdgeSettings, texts: dict[str, str]) -> None:
    """The configured text limit (REST and gRPC alike), named by field, before anything is charged."""
    for field, text in texts.items():
        if len(text) > settings.max_text_chars:
            raise ApiError(400, f"{field}: must be at most {settings.max_text_chars} characters")


def _check_texts(request: Request, texts: dict[str, str]) -> None:
    check_text_lengths(request.app.state.settings, texts)


async def require_detect(request: Request, body: DetectRequest, _k=_Schemes[0], _b=_Schemes[1]) -> Principal:
    _check_texts(request, {"text": body.text})
    return await authorize(request, "detect", cost=text_cost(len(body.text)))


async def require_deidentify(request: Request, body: DeidentifyRequest, _k=_Schemes[0], _b=_Schemes[1]
                             ) -> Principal:
    _check_texts(request, {"text": body.text})
    return await authorize(request, "deidentify", cost=text_cost(len(body.text)))


async def require_redact(request: Request, body: RedactRequest, _k=_Schemes[0], _b=_Schemes[1]) -> Principal:
    _check_texts(request, {"text": body.text})
    return await authorize(request, "redact", cost=text_cost(len(body.text)))


def check_batch(settings: EdgeSettings, texts: Sequence[str]) -> None:
    """A batch's size limits (REST and gRPC alike): how many texts, and each text's length."""
    if len(texts) > settings.max_batch_texts:
        raise ApiError(400, f"texts: at most {settings.max_batch_texts} texts per batch")
    check_text_lengths(settings, {f"texts.{i}": t for i, t in enumerate(texts)})


async def require_batch(request: Request, body: BatchRequest, _k=_Schemes[0], _b=_Schemes[1]) -> Principal:
    check_batch(request.app.state.settings, body.texts)
    return await authorize(request, "batch", cost=texts_cost(map(len, body.texts)))
