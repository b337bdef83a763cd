"""GET /health, /ready, /version and /entities."""

from __future__ import annotations

import asyncio

import grpc
import redis.asyncio as aioredis
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from grpc_health.v1 import health_pb2, health_pb2_grpc

from phiguard.common.entities import ENTITY_TYPES
from phiguard.common.version import BUILD, VERSION
from phiguard.edge import openapi
from phiguard.edge.deps import require
from phiguard.edge.schemas import EntitiesResponse, EntityTypeDoc, HealthResponse, ReadyResponse, VersionResponse

router = APIRouter(tags=["service"])


@router.get("/health", response_model=HealthResponse, summary="Liveness: answers without calling any dependency",
            responses=openapi.HEALTH)
async def health(request: Request) -> HealthResponse:
    info = request.app.state.model_info_cache.info
    return HealthResponse(status="healthy", model_loaded=info.model_loaded, model_name=info.model_name or "unknown",
                          version=VERSION)


async def _grpc_serving(channel: grpc.aio.Channel, timeout: float) -> bool:
    try:
        reply = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=timeout)
    except grpc.aio.AioRpcError:
        return False
    return reply.status == health_pb2.HealthCheckResponse.SERVING


async def _redis_up(client: aioredis.Redis) -> bool:
    try:
        return bool(await client.ping())
    except (aioredis.RedisError, OSError):
        return False


@router.get("/ready", response_model=ReadyResponse,
            summary="Readiness: the dependencies in PHIGUARD_READY_REQUIRES answer (default auth and Redis)",
            responses=openapi.READY)
async def ready(request: Request):
    state = request.app.state
    auth_ok, inference_ok, redis_ok = await asyncio.gather(
        _grpc_serving(state.clients.auth_channel, 1.0),
        _grpc_serving(state.clients.inference_channel, 1.0),
        _redis_up(state.redis),
    )
    checks = {"auth": auth_ok, "inference": inference_ok, "redis": redis_ok}
    if inference_ok:
        await state.model_info_cache.refresh()
    checks["model_loaded"] = inference_ok and state.model_info_cache.info.model_loaded
    # Every dependency is checked and reported; only those in ready_requires gate readiness. An inference
    # outage hits every edge pod alike: taking them all out of the Service would only fail the routes that
    # never call inference (job polling, keys, /entities) too, while detection answers 503 by itself.
    required = state.settings.ready_requires
    ok = all(checks[k] for k in required)
    body = ReadyResponse(status="ready" if ok else "not_ready", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


@router.get("/version", response_model=VersionResponse, summary="Build and model identity", responses=openapi.VERSION)
async def version(request: Request) -> VersionResponse:
    info = request.app.state.model_info_cache.info
    return VersionResponse(version=VERSION, build=BUILD, model_name=info.model_name or "unknown",
                           model_version=info.model_version or "unknown",
                           execution_provider=info.execution_provider or "unknown")


# Every role may list the types, so no key is refused by role here (no 403).
@router.get("/entities", response_model=EntitiesResponse, summary="The 21 entity types PHIGuard emits",
            dependencies=[Depends(require("entities"))],
            responses=openapi.ENTITIES | openapi.errors(*openapi.AUTHENTICATED))
async def entity_types() -> EntitiesResponse:
    docs = [EntityTypeDoc(name=e.name, description=e.description, examples=list(e.examples),
                          replacement=e.replacement, parent=e.parent) for e in ENTITY_TYPES]
    return EntitiesResponse(entity_types=docs, total_types=len(docs))
