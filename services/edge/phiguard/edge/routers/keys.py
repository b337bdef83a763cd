"""Admin-only API key management: create (the secret is shown once), list, revoke."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request, Response
from google.protobuf.timestamp_pb2 import Timestamp

from phiguard.edge import openapi
from phiguard.edge.clients import call
from phiguard.edge.deps import ClientsDep, SettingsDep, require
from phiguard.edge.errors import ApiError
from phiguard.edge.schemas import CreateKeyRequest, CreatedKey, KeyList, KeySummary
from phiguard.v1 import auth_pb2

# Admin only: every other role gets 403.
router = APIRouter(prefix="/keys", tags=["keys"], dependencies=[Depends(require("keys.manage"))],
                   responses=openapi.errors(*openapi.AUTHENTICATED, 403, details={
                       403: "This API key's role may not perform 'keys.manage'"}))


# The shapes auth gives key ids (16 hex digits; `bootstrap`): anything else names no key, and is answered
# here, never passed on to where it could name some other record.
_KEY_ID = re.compile(r"[0-9a-f]{16}|bootstrap")


def _time(ts: Timestamp) -> datetime | None:
    return ts.ToDatetime(tzinfo=UTC) if ts.seconds or ts.nanos else None


def _audit_fields(request: Request) -> dict[str, str]:
    return {"request_id": request.state.request_id, "actor_key_id": request.state.principal.key_id}


def _summary(key: auth_pb2.KeyInfo) -> dict:
    return {"key_id": key.key_id, "name": key.name, "role": key.role,
            "rate_limit_per_minute": key.rate_limit_per_minute, "created_at": _time(key.created_at),
            "expires_at": _time(key.expires_at), "revoked": key.revoked}


@router.post("", status_code=201, response_model=CreatedKey, summary="Create an API key (secret shown only here)",
             responses=openapi.KEY_CREATED | openapi.errors(*openapi.JSON_BODY))
async def create_key(body: CreateKeyRequest, request: Request, clients: ClientsDep,
                     settings: SettingsDep) -> CreatedKey:
    create = auth_pb2.CreateKeyRequest(name=body.name, role=body.role,
                                       rate_limit_per_minute=body.rate_limit_per_minute or 0,
                                       **_audit_fields(request))
    if body.expires_at is not None:
        expires = body.expires_at if body.expires_at.tzinfo else body.expires_at.replace(tzinfo=UTC)
        create.expires_at.FromDatetime(expires)
    reply = await call(clients.auth.CreateKey, create, timeout=settings.auth_timeout_s, service="auth",
                       idempotent=False)
    summary = _summary(reply.key)
    summary.pop("revoked")
    return CreatedKey(api_key=reply.api_key, **summary)


@router.get("", response_model=KeyList, summary="List API keys (never their secrets)", responses=openapi.KEY_LIST)
async def list_keys(clients: ClientsDep, settings: SettingsDep) -> KeyList:
    reply = await call(clients.auth.ListKeys, auth_pb2.ListKeysRequest(), timeout=settings.auth_timeout_s,
                       service="auth", idempotent=True)
    return KeyList(keys=[KeySummary(**_summary(k)) for k in reply.keys])


@router.delete("/{key_id}", status_code=204, summary="Revoke an API key at once",
               responses=openapi.errors(404, details={404: "no API key with that key_id"}))
async def revoke_key(key_id: str, request: Request, clients: ClientsDep, settings: SettingsDep) -> Response:
    if not _KEY_ID.fullmatch(key_id):
        raise ApiError(404, "no API key with that key_id")
    await call(clients.auth.RevokeKey, auth_pb2.RevokeKeyRequest(key_id=key_id, **_audit_fields(request)),
               timeout=settings.auth_timeout_s,
               service="auth", idempotent=True)
    return Response(status_code=204)
