"""The AuthService gRPC servicer: Authorize plus key management."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from redis.exceptions import RedisError

from phiguard.auth import audit, metrics, roles
from phiguard.auth.keys import KeyRecord, KeyStore
from phiguard.auth.ratelimit import BucketState, RateLimiter, ip_bucket, key_bucket
from phiguard.v1 import auth_pb2, auth_pb2_grpc

log = logging.getLogger("phiguard.auth")

MAX_RATE_LIMIT_PER_MINUTE = 1_000_000
# A single request may weigh at most this much: a job's cost (phiguard.common.cost) is its tokens per started
# 10,000 characters summed over up to 100,000 documents; past the largest limit a key can have, it could
# never be granted anyway.
MAX_COST = MAX_RATE_LIMIT_PER_MINUTE
MAX_NAME_CHARS = 128
_UNAVAILABLE = "auth store (Redis) unavailable"

_REASONS = {
    "missing_key": "no API key",
    "unknown_key": "unknown API key",
    "revoked_key": "API key revoked",
    "expired_key": "API key expired",
}
_DECISION_LABEL = {
    auth_pb2.DECISION_ALLOWED: "allowed",
    auth_pb2.DECISION_UNAUTHENTICATED: "unauthenticated",
    auth_pb2.DECISION_FORBIDDEN: "forbidden",
    auth_pb2.DECISION_RATE_LIMITED: "rate_limited",
}


def _timestamp(seconds: float | None) -> Timestamp | None:
    if seconds is None:
        return None
    ts = Timestamp()
    ts.FromNanoseconds(int(seconds * 1e9))
    return ts


def key_info(record: KeyRecord) -> auth_pb2.KeyInfo:
    return auth_pb2.KeyInfo(
        key_id=record.key_id, name=record.name, role=record.role,
        rate_limit_per_minute=record.rate_limit_per_minute, created_at=_timestamp(record.created_at),
        expires_at=_timestamp(record.expires_at), revoked=record.revoked,
    )


def _rate_limit(state: BucketState) -> auth_pb2.RateLimitState:
    return auth_pb2.RateLimitState(limit=state.limit, remaining=state.remaining, reset=state.reset,
                                   retry_after=0.0 if state.allowed else state.retry_after)


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, store: KeyStore, limiter: RateLimiter, *, default_rate_limit: int, anon_rate_limit: int) -> None:
        self._store = store
        self._limiter = limiter
        self._default_rate_limit = default_rate_limit
        self._anon_rate_limit = anon_rate_limit

    def _redis_failed(self, rpc: str, exc: RedisError) -> None:
        metrics.REDIS_ERRORS.labels(rpc).inc()
        log.error("redis unavailable, refusing the call (fail closed)", extra={"rpc": rpc, "error": type(exc).__name__})

    @asynccontextmanager
    async def _redis(self, rpc: str, context: grpc.aio.ServicerContext) -> AsyncIterator[None]:
        """Fail closed: without Redis nobody is authorized, and callers see UNAVAILABLE (HTTP 503)."""
        try:
            yield
        except RedisError as exc:
            self._redis_failed(rpc, exc)
            await context.abort(grpc.StatusCode.UNAVAILABLE, _UNAVAILABLE)

    async def Authorize(self, request: auth_pb2.AuthorizeRequest, context: grpc.aio.ServicerContext
                        ) -> auth_pb2.AuthorizeResponse:
        started = time.perf_counter()
        cost = request.cost or 1  # proto3 default 0 means the edge did not say: one request
        reply, key_id, outcome, reason = None, "", "invalid_argument", "bad_cost"
        if 1 <= cost <= MAX_COST:
            try:
                reply, key_id, reason = await self._authorize(request, cost)
                outcome = _DECISION_LABEL[reply.decision]
            except RedisError as exc:
                self._redis_failed("Authorize", exc)
                outcome, reason = "unavailable", "redis_error"
            except Exception:  # noqa: BLE001 - a bug must still leave its audit event, and refuse
                log.exception("authorize failed")
                outcome, reason = "error", "internal_error"
        # Every call leaves exactly one audit event, refusals and failures included.
        audit.authorize(request_id=request.request_id, key_id=key_id, principal=reply.principal if reply else "",
                        role=reply.role if reply else "", action=request.action, outcome=outcome, reason=reason,
                        client_ip=request.client_ip, cost=cost)
        metrics.DECISIONS.labels(metrics.action_label(request.action), outcome).inc()
        metrics.AUTHORIZE_SECONDS.observe(time.perf_counter() - started)
        if reply is None:
            if outcome == "unavailable":
                await context.abort(grpc.StatusCode.UNAVAILABLE, _UNAVAILABLE)
            if outcome == "error":
                await context.abort(grpc.StatusCode.INTERNAL, "internal error in auth")
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"cost must be between 1 and {MAX_COST}")
        return reply

    async def _authorize(self, request: auth_pb2.AuthorizeRequest, cost: int
                         ) -> tuple[auth_pb2.AuthorizeResponse, str, str]:
        record, reason, audit_key_id = await self._store.authenticate(request.api_key, time.time())
        if record is None:
            # Failed authentication spends one token of the client IP's bucket, whatever the cost, so
            # floods of missing or guessed keys turn into 429s instead of unlimited 401s.
            state = await self._limiter.take(ip_bucket(request.client_ip), self._anon_rate_limit, 1)
            if not state.allowed:
                return self._reply(auth_pb2.DECISION_RATE_LIMITED, state, "rate limit exceeded"), audit_key_id, reason
            return self._reply(auth_pb2.DECISION_UNAUTHENTICATED, state, _REASONS[reason]), audit_key_id, reason

        limit = record.rate_limit_per_minute or self._default_rate_limit
        bucket = key_bucket(record.key_id)
        if not roles.is_allowed(record.role, request.action):
            # A refused action still spends one token, so a key cannot probe without limit.
            state = await self._limiter.take(bucket, limit, 1)
            if not state.allowed:
                return self._reply(auth_pb2.DECISION_RATE_LIMITED, state, "rate limit exceeded", record), \
                    record.key_id, "rate_limited"
            return self._reply(auth_pb2.DECISION_FORBIDDEN, state,
                               f"role '{record.role}' may not perform '{request.action[:64]}'", record), \
                record.key_id, "role_forbids_action"

        state = await self._limiter.take(bucket, limit, cost)
        if state.allowed:
            return self._reply(auth_pb2.DECISION_ALLOWED, state, "", record), record.key_id, "ok"
        if cost > limit:
            # Never satisfiable: say so, rather than sending the client into a retry loop.
            why = f"request costs {cost} tokens but this key's limit is {limit} per minute"
            return self._reply(auth_pb2.DECISION_RATE_LIMITED, state, why, record), record.key_id, "cost_over_limit"
        return self._reply(auth_pb2.DECISION_RATE_LIMITED, state, "rate limit exceeded", record), \
            record.key_id, "rate_limited"

    @staticmethod
    def _reply(decision: int, state: BucketState, reason: str, record: KeyRecord | None = None
               ) -> auth_pb2.AuthorizeResponse:
        reply = auth_pb2.AuthorizeResponse(decision=decision, rate_limit=_rate_limit(state), reason=reason)
        if record is not None:
            reply.key_id, reply.principal, reply.role = record.key_id, record.name, record.role
        return reply

    async def CreateKey(self, request: auth_pb2.CreateKeyRequest, context: grpc.aio.ServicerContext
                        ) -> auth_pb2.CreateKeyResponse:
        name = request.name.strip()
        if not 1 <= len(name) <= MAX_NAME_CHARS or not name.isprintable():
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                                f"name must be 1-{MAX_NAME_CHARS} printable characters")
        if request.role not in roles.ROLES:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"role must be one of: {', '.join(roles.ROLES)}")
        if not 0 <= request.rate_limit_per_minute <= MAX_RATE_LIMIT_PER_MINUTE:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "rate_limit_per_minute must be between "
                                f"0 (server default) and {MAX_RATE_LIMIT_PER_MINUTE}")
        expires_at = None
        if request.HasField("expires_at") and request.expires_at.ToNanoseconds() > 0:
            expires_at = request.expires_at.ToNanoseconds() / 1e9
            if expires_at <= time.time():
                await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "expires_at must be in the future")
        limit = request.rate_limit_per_minute or self._default_rate_limit
        async with self._redis("CreateKey", context):
            record, api_key = await self._store.create(name, request.role, limit, expires_at)
        metrics.KEY_CHANGES.labels("create").inc()
        audit.key_change("key.create", request_id=request.request_id, actor_key_id=request.actor_key_id,
                         key_id=record.key_id, role=record.role)
        return auth_pb2.CreateKeyResponse(key=key_info(record), api_key=api_key)

    async def ListKeys(self, request: auth_pb2.ListKeysRequest, context: grpc.aio.ServicerContext
                       ) -> auth_pb2.ListKeysResponse:
        async with self._redis("ListKeys", context):
            records = await self._store.list()
        return auth_pb2.ListKeysResponse(keys=[key_info(r) for r in records])

    async def RevokeKey(self, request: auth_pb2.RevokeKeyRequest, context: grpc.aio.ServicerContext
                        ) -> auth_pb2.RevokeKeyResponse:
        if not request.key_id:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "key_id is required")
        async with self._redis("RevokeKey", context):
            found = await self._store.revoke(request.key_id)
        if not found:
            audit.key_change("key.revoke", request_id=request.request_id, actor_key_id=request.actor_key_id,
                             key_id=request.key_id, outcome="not_found")
            await context.abort(grpc.StatusCode.NOT_FOUND, "no API key with that key_id")
        metrics.KEY_CHANGES.labels("revoke").inc()
        audit.key_change("key.revoke", request_id=request.request_id, actor_key_id=request.actor_key_id,
                         key_id=request.key_id)
        return auth_pb2.RevokeKeyResponse(revoked=True)
