"""Async jobs: submit, list, status, progress events, results, cancel. Logic lives in jobs_service."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from phiguard.common.profiles import NAME_PATTERN
from phiguard.common.strategies import DEFAULT_STRATEGY, STRATEGIES
from phiguard.edge import openapi
from phiguard.edge.deps import Principal, authorize, require
from phiguard.edge.jobs_service import RESULT_MEDIA, JobService, status_of, summary_of
from phiguard.common.cost import texts_cost
from phiguard.edge.job_limits import check_store_room
from phiguard.edge.jobs_upload import Limits, check_entity_types, read_submission
from phiguard.edge.site_profiles import resolve_profile
from phiguard.edge.schemas import AsyncJobRequest, JobAccepted, JobList, JobResult, JobState, JobStatus

# Every call here authenticates. Reading jobs is every role's right (no 403); a job id that is not
# 32 hex digits is a 400, another key's job a 404.
router = APIRouter(prefix="/process", tags=["jobs"], responses=openapi.errors(*openapi.AUTHENTICATED))

JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="The id POST /process/async returned.")]
Reader = Annotated[Principal, Depends(require("jobs.read"))]
_BY_ID = openapi.errors(400, 404, details={400: "path.job_id: String should match pattern '^[0-9a-f]{32}$'",
                                           404: "Job not found"})


def get_jobs(request: Request) -> JobService:
    return request.app.state.jobs


Jobs = Annotated[JobService, Depends(get_jobs)]


def _inline(schema: dict) -> dict:
    # OpenAPI for the JSON alternative of the body: pydantic's $defs resolved in place.
    defs = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)


_UPLOAD_SCHEMA = {
    "type": "object", "required": ["files"],
    "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                  "description": ".txt (one document per file), .jsonl (one {\"id\"?, \"text\"} per line) or .csv."},
        "strategy": {"type": "string", "enum": list(STRATEGIES), "default": DEFAULT_STRATEGY},
        "entity_types": {"type": "string", "description": "Comma-separated types (default: all 21)."},
        "confidence_threshold": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
        "text_column": {"type": "string", "default": "text", "description": "CSV column holding the text."},
        "id_column": {"type": "string", "default": "id", "description": "CSV column holding the id, if present."},
        "include_text": {"type": "boolean", "default": True,
                         "description": "false: results keep no original text (no `text` in `entities_found`)."},
        "delete_after_download": {"type": "boolean", "default": False,
                                  "description": "Delete the job once its results have been downloaded in full."},
        "retention_s": {"type": "integer", "minimum": 60,
                        "description": "Keep the job at most this many seconds (default: the server's job TTL)."},
        "profile": {"type": "string", "pattern": NAME_PATTERN,
                    "description": "Site profile to apply (default: the one bound to this API key, if any)."},
    },
}
_SUBMIT_OPENAPI = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": _inline(AsyncJobRequest.model_json_schema())},
        "multipart/form-data": {"schema": _UPLOAD_SCHEMA},
    }},
    "security": [{"APIKeyHeader": []}, {"HTTPBearer": []}],
}


@router.post("/async", status_code=202, response_model=JobAccepted, openapi_extra=_SUBMIT_OPENAPI,
             summary="Submit documents or files for de-identification in the background",
             responses=openapi.JOB_ACCEPTED | openapi.errors(*openapi.JSON_BODY, 403, 409, 507, details={
                 409: "Idempotency-Key was already used for a different submission",
                 413: "A job holds at most 100000 documents",
                 415: "Content-Type must be application/json or multipart/form-data"}))
async def submit(request: Request, jobs: Jobs, idempotency_key: Annotated[str | None, Header(
        max_length=255, description="Repeat a submit with the same key to get the earlier job back.")] = None,
                 ) -> JSONResponse:
    settings = request.app.state.settings
    # The key first, from the headers alone (raises 401, 403 or 429): nothing of the body is read for a
    # caller who may not submit. This takes the job's first token.
    await authorize(request, "jobs.submit")
    # Then the body, parsed off the event loop as it arrives, each cap checked while reading.
    submission = await read_submission(request, Limits.of(settings))
    check_entity_types(submission.options.entity_types)
    # Refused before the rest of the charge and before anything is written.
    await check_store_room(request.app.state.redis, settings, submission.documents)
    # The profile too (a key bound to another one gets 403; profiles off gets 503), charging nothing more.
    principal = request.state.principal
    profile = await resolve_profile(request, principal, submission.options.profile)
    # A job costs what /batch would for the same texts: a token per started 10,000 characters of each
    # document (phiguard.common.cost). The first was taken above.
    rest = texts_cost(len(d.text) for d in submission.documents) - 1
    if rest > 0:
        principal = await authorize(request, "jobs.submit", cost=rest)
    record, replayed = await jobs.submit(principal, submission, idempotency_key, profile)
    body = JobAccepted(job_id=record.job_id, status=record.status,
                       status_url=str(request.url_for("job_status", job_id=record.job_id).path))
    headers = {"Location": body.status_url}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(body.model_dump(), status_code=202, headers=headers)


@router.get("/jobs", response_model=JobList, summary="List jobs, newest first",
            responses=openapi.JOB_LIST | openapi.errors(400, 403, details={
                400: "cursor: not a cursor this API returned",
                403: "This API key's role may not perform 'jobs.read_all'"}))
async def list_jobs(
        request: Request, principal: Reader, jobs: Jobs,
        statuses: Annotated[list[JobState] | None, Query(
            alias="status", description="Only jobs in these states (repeat for several).")] = None,
        key_id: Annotated[str | None, Query(
            min_length=1, max_length=128, description="Only this key's jobs; another key's need jobs.read_all.")
        ] = None,
        all_keys: Annotated[bool, Query(
            description="Every key's jobs instead of the caller's; needs jobs.read_all (admins).")] = False,
        limit: Annotated[int, Query(ge=1, le=100, description="Most jobs in one page.")] = 20,
        cursor: Annotated[str | None, Query(max_length=200, description="The previous page's next_cursor.")] = None,
) -> JobList:
    records, next_cursor = await jobs.list_jobs(request, principal, statuses=statuses or (), key_id=key_id,
                                                all_keys=all_keys, limit=limit, cursor=cursor)
    return JobList(jobs=[summary_of(r) for r in records], next_cursor=next_cursor)


@router.get("/status/{job_id}", response_model=JobStatus, name="job_status", summary="Status and progress of a job",
            responses=openapi.JOB_STATUS | _BY_ID)
async def status(job_id: JobId, request: Request, principal: Reader, jobs: Jobs) -> JobStatus:
    return status_of(await jobs.visible(request, principal, job_id))


@router.get("/status/{job_id}/events", summary="Progress as server-sent events (ends when the job does)",
            response_class=StreamingResponse, responses=openapi.JOB_EVENTS | _BY_ID)
async def events(job_id: JobId, request: Request, principal: Reader, jobs: Jobs) -> StreamingResponse:
    await jobs.visible(request, principal, job_id)
    # At most max_event_streams at once per edge process (503 beyond), each ended when idle.
    body = request.app.state.event_streams.stream(jobs.events(job_id))
    return StreamingResponse(body, media_type="text/event-stream",
                             headers={"X-Accel-Buffering": "no"})


@router.get("/result/{job_id}", response_model=JobResult, summary="Results of a finished job, streamed",
            responses=openapi.JOB_RESULT | _BY_ID | openapi.errors(409, details={
                409: "Job is running; results exist once it has succeeded"}))
async def result(job_id: JobId, request: Request, principal: Reader, jobs: Jobs, format: Annotated[  # noqa: A002
        Literal["json", "jsonl", "csv"] | None, Query(description="Default: the format of the submitted files.")
        ] = None) -> StreamingResponse:
    record = await jobs.visible(request, principal, job_id)
    fmt = format or record.format
    body = await jobs.results(record, fmt)
    headers = {"Content-Disposition": f'attachment; filename="{job_id}.{fmt}"'} if fmt != "json" else {}
    return StreamingResponse(body, media_type=RESULT_MEDIA[fmt], headers=headers)


@router.post("/{job_id}/cancel", response_model=JobStatus, summary="Cancel a queued or running job",
             responses=openapi.JOB_CANCELLED | _BY_ID | openapi.errors(403, 409, details={
                 403: "This API key's role may not perform 'jobs.submit'",
                 409: "Job already succeeded; only queued or running jobs can be cancelled"}))
async def cancel(job_id: JobId, request: Request, jobs: Jobs,
                 principal: Annotated[Principal, Depends(require("jobs.submit"))]) -> JobStatus:
    return status_of(await jobs.cancel(await jobs.visible(request, principal, job_id)))


@router.delete("/{job_id}", status_code=204, summary="Delete a job: its record, inputs and results",
               response_class=Response, responses=openapi.JOB_DELETED | _BY_ID)
async def delete(job_id: JobId, request: Request, principal: Reader, jobs: Jobs) -> Response:
    """The job's owner, or a key that may manage every job (admin), deletes it in any state; a running job
    stops at its next step. Another key gets 404, as for a job that does not exist."""
    await jobs.delete(await jobs.visible(request, principal, job_id, action="jobs.manage_all"))
    return Response(status_code=204)
