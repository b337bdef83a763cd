"""One auth replica: Redis client, servicer, gRPC server, and a watcher tying readiness to Redis."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from phiguard.auth.config import AuthSettings
from phiguard.auth.keys import BOOTSTRAP_KEY_ID, KeyHasher, KeyStore
from phiguard.auth.ratelimit import RateLimiter
from phiguard.auth.service import AuthServicer
from phiguard.common.grpc_server import GrpcService
from phiguard.v1 import auth_pb2, auth_pb2_grpc

log = logging.getLogger("phiguard.auth")

SERVICE_NAME = auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name
READINESS_INTERVAL_S = 5.0
# Shorter bootstrap keys are accepted (operators choose them) but are guessable in principle.
MIN_BOOTSTRAP_KEY_CHARS = 32


def connect_redis(settings: AuthSettings) -> Redis:
    # One immediate retry covers a pooled connection that Redis closed; redis-py's default of ten
    # retries with backoff would hold requests far past the edge's deadline while Redis is down.
    return Redis.from_url(
        settings.redis_url, decode_responses=True, socket_timeout=settings.redis_timeout_s,
        socket_connect_timeout=settings.redis_timeout_s, retry=Retry(NoBackoff(), 1), health_check_interval=30,
    )


class AuthServer:
    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        if not settings.auth_key_pepper.get_secret_value().strip():
            log.warning("PHIGUARD_AUTH_KEY_PEPPER is empty (PHIGUARD_AUTH_ALLOW_EMPTY_PEPPER is set): key hashes in "
                        "Redis can be tested against guesses by anyone holding a dump; development use only")
        self.redis = connect_redis(settings)
        self.store = KeyStore(self.redis, KeyHasher(settings.auth_key_pepper.get_secret_value().encode()))
        servicer = AuthServicer(self.store, RateLimiter(self.redis),
                                default_rate_limit=settings.default_rate_limit_per_minute,
                                anon_rate_limit=settings.anon_rate_limit_per_minute)
        self.grpc = GrpcService(
            [SERVICE_NAME], lambda server: auth_pb2_grpc.add_AuthServiceServicer_to_server(servicer, server),
            settings.address, settings.server_credentials(),
        )
        self.port = self.grpc.port
        self._bootstrap_pending = settings.bootstrap_admin_key is not None
        self._ready: bool | None = None
        self._watcher: asyncio.Task[None] | None = None

    async def check(self) -> bool:
        """Probe Redis, register the bootstrap key once it can, and report SERVING only while both hold."""
        try:
            await self.redis.ping()
            if self._bootstrap_pending:
                await self._register_bootstrap()
            ready = True
        except RedisError as exc:
            ready = False
            if self._ready is not False:
                log.error("redis unavailable, auth reports NOT_SERVING and refuses calls",
                          extra={"error": type(exc).__name__})
        if ready != self._ready:
            if ready and self._ready is False:
                log.info("redis reachable again, auth SERVING")
            await self.grpc.set_serving(ready)
            self._ready = ready
        return ready

    async def _register_bootstrap(self) -> None:
        secret = self.settings.bootstrap_admin_key.get_secret_value()
        if len(secret) < MIN_BOOTSTRAP_KEY_CHARS:
            log.warning("PHIGUARD_BOOTSTRAP_ADMIN_KEY is short; use 32 or more random characters")
        written = await self.store.ensure_bootstrap(secret, self.settings.default_rate_limit_per_minute)
        self._bootstrap_pending = False
        log.info("bootstrap admin key registered" if written else "bootstrap admin key already registered",
                 extra={"key_id": BOOTSTRAP_KEY_ID})

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(READINESS_INTERVAL_S)
            await self.check()

    async def start(self) -> None:
        await self.grpc.start()
        await self.check()
        self._watcher = asyncio.create_task(self._watch())

    async def stop(self, grace: float) -> None:
        # The watcher goes first so it cannot flip health back to SERVING while calls drain.
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        await self.grpc.stop(grace)
        await self.redis.aclose()
