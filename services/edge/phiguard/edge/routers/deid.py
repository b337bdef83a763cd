"""POST /detect, /deidentify, /redact and /batch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from phiguard.edge import openapi
from phiguard.edge.audit import record_usage
from phiguard.edge.deps import (ClientsDep, Principal, SettingsDep, require_batch, require_deidentify, require_detect,
                                require_redact)
from phiguard.edge.schemas import (BatchRequest, BatchResponse, DeidentifyRequest, DeidentifyResponse, DetectRequest,
                                   DetectResponse, RedactRequest)
from phiguard.edge.service import DeidService, batch_response, deidentify_response, detect_response
from phiguard.edge.site_profiles import resolve_profile

router = APIRouter(tags=["de-identification"])

# What every call here can answer besides its result: it authenticates, takes a JSON body, may be
# refused by role (viewer keys) or for a profile its key is not bound to (403), names a site profile
# that does not exist (404) and calls inference (503, 504).
_ERRORS = openapi.errors(*openapi.AUTHENTICATED, *openapi.JSON_BODY, 403, 404,
                         details={404: "profile: no site profile by that name"})


def _service(clients: ClientsDep, settings: SettingsDep) -> DeidService:
    return DeidService(clients, settings)


ServiceDep = Annotated[DeidService, Depends(_service)]


@router.post("/detect", response_model=DetectResponse, summary="Find PHI in a text",
             dependencies=[Depends(require_detect)], responses=openapi.DETECT | _ERRORS)
async def detect(body: DetectRequest, request: Request, service: ServiceDep) -> DetectResponse:
    profile = await resolve_profile(request, request.state.principal, body.profile)
    reply = await service.detect(body.text, body.entity_types, body.confidence_threshold, request.state.request_id,
                                 profile=profile)
    response = detect_response(reply)
    record_usage(request, len(body.text), (e.entity_type for e in response.entities))
    return response


def _deidentified(request: Request, text: str, reply, include_text: bool) -> DeidentifyResponse:
    response = deidentify_response(reply, include_text)
    record_usage(request, len(text), (e.entity_type for e in response.entities_found))
    return response


def _tenant(request: Request) -> str:
    # The key auth just accepted: it keys the hash strategy, so tenants' tags are unrelated.
    return request.state.principal.key_id


@router.post("/deidentify", response_model=DeidentifyResponse, response_model_exclude_none=True,
             summary="Replace PHI using a strategy",
             dependencies=[Depends(require_deidentify)], responses=openapi.DEIDENTIFY | _ERRORS)
async def deidentify(body: DeidentifyRequest, request: Request, service: ServiceDep) -> DeidentifyResponse:
    profile = await resolve_profile(request, request.state.principal, body.profile)
    reply = await service.deidentify(body.text, body.strategy, body.entity_types, body.confidence_threshold,
                                     request.state.request_id, tenant=_tenant(request), profile=profile)
    return _deidentified(request, body.text, reply, body.include_text)


@router.post("/redact", response_model=DeidentifyResponse, response_model_exclude_none=True,
             summary="Black out PHI with █ characters",
             dependencies=[Depends(require_redact)], responses=openapi.REDACT | _ERRORS)
async def redact(body: RedactRequest, request: Request, service: ServiceDep) -> DeidentifyResponse:
    profile = await resolve_profile(request, request.state.principal, body.profile)
    reply = await service.deidentify(body.text, "redact", body.entity_types, body.confidence_threshold,
                                     request.state.request_id, tenant=_tenant(request), profile=profile)
    return _deidentified(request, body.text, reply, body.include_text)


@router.post("/batch", response_model=BatchResponse, response_model_exclude_none=True,
             summary="De-identify 1–100 texts",
             responses=openapi.BATCH | _ERRORS)
async def batch(body: BatchRequest, request: Request, service: ServiceDep,
                principal: Annotated[Principal, Depends(require_batch)]) -> BatchResponse:
    profile = await resolve_profile(request, principal, body.profile)
    replies = await service.batch(body.texts, body.strategy, body.entity_types, body.confidence_threshold,
                                  request.state.request_id, tenant=principal.key_id, profile=profile)
    record_usage(request, sum(map(len, body.texts)), (e.entity_type for r in replies for e in r.entities),
                 documents=len(body.texts))
    return batch_response(body.texts, replies, body.include_text)
