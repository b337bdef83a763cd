"""Admin-only site profiles: create, replace, import (JSON or CSV), read, list, delete, bind to API keys.

Entries never reach a log line or an error message: answers and logs carry names, versions and counts.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from phiguard.common.profiles import NAME_PATTERN, ProfileBody, ProfileError, ProfileMeta, ProfileStore, parse_body, parse_csv
from phiguard.edge import openapi
from phiguard.edge.clients import call
from phiguard.edge.deps import ClientsDep, SettingsDep, require
from phiguard.edge.errors import ApiError
from phiguard.edge.schemas import ProfileBinding, ProfileListResponse, ProfileSummary, ProfileWritten
from phiguard.edge.site_profiles import PROFILES_OFF
from phiguard.v1 import auth_pb2

log = logging.getLogger(__name__)

router = APIRouter(prefix="/profiles", tags=["profiles"], dependencies=[Depends(require("profiles.manage"))],
                   responses=openapi.errors(*openapi.AUTHENTICATED, 403, details={
                       403: "This API key's role may not perform 'profiles.manage'"}))

NameParam = Annotated[str, Path(pattern=NAME_PATTERN, description="Profile name: a-z, 0-9, - and _.")]
KeyIdParam = Annotated[str, Path(min_length=1, max_length=128)]
# A name off the pattern is a 400; an unknown one a 404.
_BY_NAME = openapi.errors(400, 404, details={404: "profile: no site profile by that name",
                                             400: "name: String should match pattern '^[a-z0-9][a-z0-9_-]{0,62}$'"})
_WRITE = openapi.errors(*openapi.JSON_BODY)
_EXAMPLE_SUMMARY = {"name": "mercy", "version": 7, "description": "Mercy Hospital, both campuses",
                    "counts": {"facilities": 4, "buildings": 2, "staff": 2, "allow": 3}, "total_entries": 11,
                    "created_at": "2025-03-14T09:26:53Z", "updated_at": "2025-03-14T09:26:53Z", "bound_keys": []}


def _store(request: Request) -> ProfileStore:
    store = request.app.state.profiles
    if store is None:
        raise ApiError(503, PROFILES_OFF)
    return store


Store = Annotated[ProfileStore, Depends(_store)]


def _summary(meta: ProfileMeta, bindings: dict[str, str]) -> dict:
    return {"name": meta.name, "version": meta.version, "description": meta.description, "counts": meta.counts,
            "total_entries": meta.total, "created_at": meta.created_at, "updated_at": meta.updated_at,
            "bound_keys": sorted(k for k, v in bindings.items() if v == meta.name)}


async def _write(store: Store, name: str, body: ProfileBody, mode: str, request: Request) -> JSONResponse:
    try:
        meta, created = await store.put(name, body, mode=mode)
    except FileExistsError:
        raise ApiError(409, "profile: a site profile by that name exists; PUT replaces it") from None
    except KeyError:
        raise ApiError(404, "profile: no site profile by that name") from None
    # Names, versions and counts only: the entries are personal data.
    log.info("site profile written", extra={"profile": name, "profile_version": meta.version,
                                            "entries": meta.total, "lists": len(meta.counts) - 1,
                                            "new_profile": created,
                                            "actor_key_id": request.state.principal.key_id})
    out = ProfileWritten(created=created, **_summary(meta, await store.bindings()))
    # POST answers 201; PUT answers 200 either way, and `created` tells whether the profile is new.
    return JSONResponse(out.model_dump(), status_code=201 if mode == "create" else 200)


@router.get("", response_model=ProfileListResponse, summary="List site profiles with their entry counts",
            responses=openapi.example({"profiles": [_EXAMPLE_SUMMARY]}))
async def list_profiles(store: Store) -> ProfileListResponse:
    bindings = await store.bindings()
    metas = [m for m in [await store.meta(n) for n in await store.names()] if m is not None]
    return ProfileListResponse(profiles=[ProfileSummary(**_summary(m, bindings)) for m in metas])


@router.post("/{name}", status_code=201, response_model=ProfileWritten, summary="Create a site profile",
             responses=openapi.example({**_EXAMPLE_SUMMARY, "created": True}, status=201) | _WRITE
             | openapi.errors(409, details={409: "profile: a site profile by that name exists; PUT replaces it"}))
async def create_profile(name: NameParam, body: ProfileBody, request: Request, store: Store) -> JSONResponse:
    return await _write(store, name, body, "create", request)


@router.put("/{name}", response_model=ProfileWritten, summary="Create or replace a site profile",
            responses=openapi.example({**_EXAMPLE_SUMMARY, "created": False}) | _WRITE)
async def replace_profile(name: NameParam, body: ProfileBody, request: Request, store: Store) -> JSONResponse:
    return await _write(store, name, body, "upsert", request)


@router.put("/{name}/import", response_model=ProfileWritten,
            summary="Create or replace a site profile from a CSV (list,entity_type,text) or JSON file",
            openapi_extra={"requestBody": {"required": True, "content": {
                "text/csv": {"schema": {"type": "string"}, "example":
                             "list,entity_type,text\nfacilities,ORGANIZATION,Mercy Hospital\n"
                             "facilities,ORGANIZATION,MH\nstaff,PROVIDER,Ada Quill\nallow,,Pyxis\n"},
                "application/json": {"schema": ProfileBody.model_json_schema()}}}},
            responses=openapi.example({**_EXAMPLE_SUMMARY, "created": False}) | _WRITE)
async def import_profile(name: NameParam, request: Request, store: Store,
                         description: Annotated[str, Query(max_length=200)] = "") -> JSONResponse:
    raw = await request.body()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError(400, "body: not valid UTF-8") from None
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if content_type == "text/csv":
            body = parse_csv(content, description)
        else:
            try:
                data = json.loads(content)
            except json.JSONDecodeError as exc:
                raise ProfileError(f"body: not valid JSON (line {exc.lineno})") from None
            body = parse_body(data)
    except ProfileError as exc:
        raise ApiError(400, str(exc)) from None
    return await _write(store, name, body, "upsert", request)


@router.get("/{name}", summary="A site profile's counts (and, with include_entries, its entries)",
            responses=openapi.example(_EXAMPLE_SUMMARY) | _BY_NAME)
async def get_profile(name: NameParam, store: Store, include_entries: Annotated[bool, Query(
        description="Add the profile's lists and allow list (for export); only admins reach this route.")] = False,
                      ) -> dict:
    if include_entries:
        loaded = await store.load(name)
        if loaded is None:
            raise ApiError(404, "profile: no site profile by that name")
    meta = await store.meta(name)
    if meta is None:
        raise ApiError(404, "profile: no site profile by that name")
    summary = ProfileSummary(**_summary(meta, await store.bindings())).model_dump()
    if include_entries:
        summary["profile"] = loaded[1].model_dump(mode="json", exclude_none=True)
    return summary


@router.delete("/{name}", status_code=204, summary="Delete a site profile and its key bindings",
               responses=_BY_NAME)
async def delete_profile(name: NameParam, request: Request, store: Store) -> Response:
    if not await store.delete(name):
        raise ApiError(404, "profile: no site profile by that name")
    log.info("site profile deleted", extra={"profile": name, "actor_key_id": request.state.principal.key_id})
    return Response(status_code=204)


@router.put("/{name}/keys/{key_id}", response_model=ProfileBinding,
            summary="Make this profile the API key's default (a bound key may use no other profile)",
            responses=openapi.example({"key_id": "k7Qm2xR9", "profile": "mercy"})
            | openapi.errors(400, 404, details={404: "no API key with that key_id"}))
async def bind_key(name: NameParam, key_id: KeyIdParam, request: Request,
                   store: Store, clients: ClientsDep, settings: SettingsDep) -> ProfileBinding:
    if await store.meta(name) is None:
        raise ApiError(404, "profile: no site profile by that name")
    keys = await call(clients.auth.ListKeys, auth_pb2.ListKeysRequest(), timeout=settings.auth_timeout_s,
                      service="auth", idempotent=True)
    if not any(k.key_id == key_id and not k.revoked for k in keys.keys):
        raise ApiError(404, "no API key with that key_id")
    await store.bind(key_id, name)
    log.info("site profile bound", extra={"profile": name, "key_id": key_id,
                                          "actor_key_id": request.state.principal.key_id})
    return ProfileBinding(key_id=key_id, profile=name)


@router.delete("/{name}/keys/{key_id}", status_code=204, summary="Remove the API key's default profile",
               responses=openapi.errors(400, 404, details={404: "this key is not bound to this profile"}))
async def unbind_key(name: NameParam, key_id: KeyIdParam,
                     request: Request, store: Store) -> Response:
    if await store.bound(key_id) != name or not await store.unbind(key_id):
        raise ApiError(404, "this key is not bound to this profile")
    log.info("site profile unbound", extra={"profile": name, "key_id": key_id,
                                            "actor_key_id": request.state.principal.key_id})
    return Response(status_code=204)
