"""The edge application: FastAPI wiring only; routers stay thin and logic lives in service.py."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from phiguard.common.profiles import ProfileStore
from phiguard.common.version import VERSION
from phiguard.edge.admission import AdmissionMiddleware
from phiguard.edge.clients import GrpcClients
from phiguard.edge.config import EdgeSettings
from phiguard.edge.docs import install_docs
from phiguard.edge.errors import install_error_handlers
from phiguard.edge.grpc_api import PublicGrpcServer
from phiguard.edge.job_limits import EventStreams
from phiguard.edge.jobs_service import JobService
from phiguard.edge.middleware import API_PREFIX, EdgeMiddleware
from phiguard.edge.model_info import ModelInfoCache
from phiguard.edge.openapi import install_openapi
from phiguard.edge.routers import deid, jobs, keys, meta, profiles
from phiguard.edge.site_profiles import load_profile_files

log = logging.getLogger("phiguard.edge")

DESCRIPTION = """PHIGuard finds and removes protected health information (PHI) from clinical text.

Authenticate with an API key in the `X-API-Key` header (or `Authorization: Bearer <key>`).
Every error has the shape `{"error", "detail", "status_code", "request_id"}`; every response carries
`X-Request-ID` (the same id). An optional field sent as `null` means the same as leaving it out;
a field the API does not know is a 400 that says where it was (never what it was called: error
messages never repeat what the caller sent).

Entity types form a small hierarchy (`GET /entities`, field `parent`): asking for `NAME` includes
`PROVIDER`; found spans keep their specific type.
"""


def create_app(settings: EdgeSettings | None = None) -> FastAPI:
    settings = settings or EdgeSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.clients = GrpcClients(settings.inference_target, settings.auth_target,
                                        settings.channel_credentials())
        app.state.redis = aioredis.Redis.from_url(settings.redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)
        # Site profiles need the server secret (their at-rest key derives from it); without it they are off.
        secret = settings.secret_bytes()
        app.state.profiles = ProfileStore(app.state.redis, secret) if secret else None
        if settings.profiles_dir is not None:
            if app.state.profiles is None:
                log.error("site profile folder ignored: PHIGUARD_HMAC_SECRET unset")
            else:
                outcome = await load_profile_files(app.state.profiles, settings.profiles_dir)
                log.info("site profile folder read", extra=outcome)
        app.state.model_info_cache = ModelInfoCache(app.state.clients.inference_channel)
        app.state.model_info_cache.start()
        app.state.jobs = JobService(settings)
        # The public gRPC API runs in this process, on this event loop, over the same channels (grpc_api.py).
        app.state.grpc_server = None
        if settings.edge_grpc_port:
            app.state.grpc_server = PublicGrpcServer(settings, app.state.clients, app.state.profiles)
            await app.state.grpc_server.start()
        try:
            yield
        finally:
            if app.state.grpc_server is not None:
                await app.state.grpc_server.stop()
            await app.state.jobs.close()
            await app.state.model_info_cache.stop()
            await app.state.clients.close()
            await app.state.redis.aclose()

    app = FastAPI(title="PHIGuard", version=VERSION, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url="/openapi.json", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.event_streams = EventStreams(settings.max_event_streams, settings.event_stream_idle_s)
    install_error_handlers(app)
    install_docs(app)
    install_openapi(app, settings)
    for router in (meta.router, deid.router, keys.router, profiles.router, jobs.router):
        app.include_router(router, prefix=API_PREFIX)
    app.add_middleware(GZipMiddleware, minimum_size=settings.gzip_min_bytes)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["X-API-Key", "Authorization", "Content-Type", "X-Request-ID", "Idempotency-Key"],
                           expose_headers=["X-Request-ID", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining",
                                           "X-RateLimit-Reset"])
    app.add_middleware(
        AdmissionMiddleware, max_in_flight=settings.max_in_flight, max_bytes_in_flight=settings.max_bytes_in_flight
    )
    # Outermost, so every response, errors and CORS preflights included, gets ids and headers.
    app.add_middleware(EdgeMiddleware, settings=settings)
    return app
