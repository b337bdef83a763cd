"""The OpenAPI document: each route's real error answers in the one error shape, a response example
per endpoint, and the limits of this server's settings.

FastAPI adds a 422 `HTTPValidationError` answer to every route that takes input; this API answers
validation errors with 400 in its own shape, so the document drops them.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI

from phiguard.edge.config import EdgeSettings
from phiguard.edge.errors import TITLES
from phiguard.edge.schemas import ErrorResponse, ReadyResponse

_WHEN = {
    400: "A field, parameter or header is invalid; the detail names it",
    401: "No API key, or an unknown, expired or revoked one",
    403: "This key's role may not do this",
    404: "Not found, or not visible to this key",
    409: "In conflict with the current state",
    413: "The body is larger than this route accepts",
    415: "This route does not accept the body's Content-Type",
    429: "Rate limit exceeded; retry after Retry-After seconds",
    503: "A dependency is unavailable, or the edge is at capacity; retry after Retry-After seconds",
    504: "A dependency did not answer in time",
    507: "The job store has no room for this job now; retry later or submit less",
}
_DETAIL = {
    400: "text: String should have at least 1 character",
    401: "A valid API key is required (X-API-Key or Authorization: Bearer)",
    403: "This API key's role may not perform 'detect'",
    404: "Not found",
    409: "Conflict",
    413: "Request body exceeds 2097152 bytes",
    415: "Content-Type must be application/json",
    429: "Rate limit exceeded",
    503: "inference is unavailable",
    504: "inference did not answer in time",
    507: "The job store cannot hold this job now; retry later or submit fewer or smaller documents",
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}}

# Every call that authenticates can be refused (401), rate limited (429), or fail in auth (503, 504).
AUTHENTICATED = (401, 429, 503, 504)
# Every POST with a JSON body: invalid (400), too large (413), wrong Content-Type (415).
JSON_BODY = (400, 413, 415)


def errors(*statuses: int, details: Mapping[int, str] | None = None) -> dict[int, dict]:
    """OpenAPI answers for these error statuses, each with an example; `details` sets a route's own detail."""
    answers = {}
    for status in sorted(set(statuses)):
        example = {"error": TITLES[status], "detail": (details or {}).get(status, _DETAIL[status]),
                   "status_code": status, "request_id": "0f6c2a8e9b4d4e51a3c7d2b1e8f90a6c"}
        answers[status] = {"model": ErrorResponse, "description": _WHEN[status],
                           "content": {"application/json": {"example": example}}}
        if status in (429, 503):
            answers[status]["headers"] = _RETRY_AFTER
    return answers


def example(value: object, status: int = 200, media_type: str = "application/json") -> dict[int, dict]:
    return {status: {"content": {media_type: {"example": value}}}}


def install_openapi(app: FastAPI, settings: EdgeSettings) -> None:
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            document = generate()  # caches itself in app.openapi_schema, edited here once
            for path_item in document["paths"].values():
                for operation in path_item.values():
                    operation["responses"].pop("422", None)
            schemas = document["components"]["schemas"]
            schemas.pop("HTTPValidationError")
            schemas.pop("ValidationError")
            # The limits are settings, so the document states this server's.
            texts = schemas["BatchRequest"]["properties"]["texts"]
            texts["maxItems"] = settings.max_batch_texts
            texts["items"]["maxLength"] = settings.max_text_chars
            for name in ("DetectRequest", "DeidentifyRequest", "RedactRequest"):
                schemas[name]["properties"]["text"]["maxLength"] = settings.max_text_chars
        return app.openapi_schema

    app.openapi = openapi


# --- response examples -------------------------------------------------------------------------
# FastAPI leaves null values out of examples, so these show only fields that have a value.

_ENTITIES = [
    {"entity_type": "NAME", "text": "John Smith", "start": 8, "end": 18, "confidence": 0.9846},
    {"entity_type": "SSN", "text": "123-45-6789", "start": 25, "end": 36, "confidence": 0.95},
    {"entity_type": "DATE", "text": "03/14/2021", "start": 46, "end": 56, "confidence": 0.95},
    {"entity_type": "PROVIDER", "text": "Sarah Johnson", "start": 64, "end": 77, "confidence": 0.9},
]
_JOB_ID = "5f0e6a3c9d8b4f2a8c1e7b6d4a2f9e10"
_JOB_STATUS = {"job_id": _JOB_ID, "status": "running", "progress": {"done": 40, "total": 120, "chunks_done": 52},
               "created_at": "2025-03-14T09:26:53.589Z", "updated_at": "2025-03-14T09:27:12.004Z"}
_JOB_RESULT_ITEM = {"id": "note-1", "deidentified_text": "Patient [NAME_1] (SSN: [SSN_1]) seen on [DATE_1] by Dr. "
                    "[PROVIDER_1].", "entities_found": _ENTITIES, "entity_count": 4}
_KEY = {"key_id": "k7Qm2xR9", "name": "ehr-export", "role": "user", "rate_limit_per_minute": 600,
        "created_at": "2025-03-14T09:00:00Z", "expires_at": "2026-03-14T00:00:00Z"}

DETECT = example({"entities": _ENTITIES, "entity_count": 4, "text_length": 78})
DEIDENTIFY = example({
    "deidentified_text": "Patient [NAME] (SSN: [SSN]) seen on 03/14/2021 by Dr. [PROVIDER].",
    "entities_found": [e for e in _ENTITIES if e["entity_type"] != "DATE"],
    "replacements_made": {"John Smith": "[NAME]", "123-45-6789": "[SSN]", "Sarah Johnson": "[PROVIDER]"},
    "entity_count": 3})
REDACT = example({
    "deidentified_text": "Patient ██████████ (SSN: ███████████) seen on ██████████ by Dr. █████████████.",
    "entities_found": _ENTITIES,
    "replacements_made": {"John Smith": "██████████", "123-45-6789": "███████████", "03/14/2021": "██████████",
                          "Sarah Johnson": "█████████████"},
    "entity_count": 4})
BATCH = example({"results": [
    {"original_text": "Patient John Smith (SSN: 123-45-6789) seen on 03/14/2021 by Dr. Sarah Johnson.",
     "deidentified_text": "Patient [NAME_1] (SSN: [SSN_1]) seen on [DATE_1] by Dr. [PROVIDER_1].", "entity_count": 4},
    {"original_text": "Seen by Dr. Lee on 1/2/2020 with John Smith.",
     "deidentified_text": "Seen by Dr. [PROVIDER_2] on [DATE_2] with [NAME_1].", "entity_count": 3},
], "total_entities": 7, "documents_processed": 2})
HEALTH = example({"status": "healthy", "model_loaded": True, "model_name": "phiguard-ner", "version": "0.1.0"})
READY = example({"status": "ready", "checks": {"auth": True, "inference": True, "redis": True,
                                                "model_loaded": True}}) | {
    503: {"model": ReadyResponse, "description": "A dependency is down; `checks` names it", "content": {
        "application/json": {"example": {"status": "not_ready", "checks": {
            "auth": True, "inference": False, "redis": True, "model_loaded": False}}}}}}
VERSION = example({"version": "0.1.0", "build": "dev", "model_name": "phiguard-ner", "model_version": "1.12.0",
                   "execution_provider": "CPUExecutionProvider"})
ENTITIES = example({"entity_types": [
    {"name": "NAME", "description": "Names of patients, doctors, relatives and other individuals; includes its "
     "subtype PROVIDER", "examples": ["John Smith", "Mrs. O'Brien"], "replacement": "[NAME]"},
    {"name": "PROVIDER", "description": "Names of clinicians and other healthcare staff (a kind of NAME)",
     "examples": ["Dr. Sarah Johnson"], "replacement": "[PROVIDER]", "parent": "NAME"},
], "total_types": 21})
KEY_CREATED = example({**_KEY, "api_key": "phg_k7Qm2xR9_Zb3v…"}, status=201)
KEY_LIST = example({"keys": [{**_KEY, "revoked": False}]})
JOB_ACCEPTED = example({"job_id": _JOB_ID, "status": "queued", "status_url": f"/api/v1/process/status/{_JOB_ID}"},
                       status=202)
JOB_STATUS = example(_JOB_STATUS)
JOB_CANCELLED = example({**_JOB_STATUS, "status": "cancelled"})
JOB_LIST = example({"jobs": [{**_JOB_STATUS, "key_id": "k7Qm2xR9"}], "next_cursor": "MTc0MTk0NDQxMzU4OTo1ZjBl"})
JOB_EVENTS = example(f"event: status\ndata: {{\"job_id\": \"{_JOB_ID}\", \"status\": \"running\", ...}}\n\n",
                     media_type="text/event-stream")
JOB_RESULT = {200: {"content": {
    "application/json": {"example": {"job_id": _JOB_ID, "results": [_JOB_RESULT_ITEM]}},
    "application/x-ndjson": {"example": '{"id": "note-1", "deidentified_text": "Patient [NAME_1] …", '
                             '"entities_found": […], "entity_count": 4}\n'},
    "text/csv": {"example": 'id,deidentified_text,entity_count,entities_found\nnote-1,"Patient [NAME_1] …",4,"[…]"\n'},
}}}
JOB_DELETED = {204: {"description": "Deleted: the job's record, inputs, results and queue entries are gone"}}
