"""Request and response bodies of the REST API: the seed's field names, limits and defaults."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from phiguard.common.entities import ENTITY_TYPES
from phiguard.common.profiles import NAME_PATTERN
from phiguard.common.roles import ROLE_NAMES
from phiguard.common.strategies import DEFAULT_STRATEGY, STRATEGIES

# A Literal makes OpenAPI list the names and keeps unknown values out of error messages.
EntityTypeName = Literal[tuple(e.name for e in ENTITY_TYPES)]  # type: ignore[valid-type]
Strategy = Literal[STRATEGIES]  # type: ignore[valid-type]
Role = Literal[ROLE_NAMES]  # type: ignore[valid-type]


def _valid_unicode(value: str) -> str:
    # JSON may spell a lone surrogate ("\udfff"); UTF-8, gRPC and Redis cannot carry one. Refused here, while
    # validating, so the request is a 400 naming the field before any rate-limit token is spent.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text (a lone surrogate is not)") from None
    return value


Text = Annotated[str, AfterValidator(_valid_unicode)]

_NOTE = "Patient John Smith (SSN: 123-45-6789) seen on 03/14/2021 by Dr. Sarah Johnson."
_PROFILE_DOC = ("Site profile to apply (`/api/v1/profiles`); default: the one bound to this API key, if any. A key "
                "bound to a profile may name no other (admins may name any).")


def _profile_field():
    return Field(None, pattern=NAME_PATTERN, description=_PROFILE_DOC)


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _null_means_absent(cls, data: Any) -> Any:
        # Clients serialising an unset optional as null mean "the default". Required fields keep their
        # type error, and unknown fields still reach extra="forbid".
        if not isinstance(data, dict):
            return data
        return {k: v for k, v in data.items()
                if v is not None or k not in cls.model_fields or cls.model_fields[k].is_required()}


class DetectRequest(_Request):
    text: Text = Field(..., min_length=1, description="Clinical text, 1–100,000 characters.")
    confidence_threshold: float = Field(0.5, ge=0.0, le=1.0, description="Drop spans less confident than this.")
    entity_types: list[EntityTypeName] | None = Field(None, description="Only report these types (default: all 21).")
    profile: str | None = _profile_field()

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"text": _NOTE, "confidence_threshold": 0.5}]})


class DeidentifyRequest(_Request):
    text: Text = Field(..., min_length=1, description="Clinical text, 1–100,000 characters.")
    strategy: Strategy = Field(DEFAULT_STRATEGY, description="How each span is replaced.")
    entity_types: list[EntityTypeName] | None = Field(None, description="Only replace these types (default: all 21).")
    confidence_threshold: float = Field(0.5, ge=0.0, le=1.0)
    include_text: bool = Field(True, description="false leaves the original text out of the answer: no `text` in "
                               "`entities_found`, an empty `replacements_made`.")
    profile: str | None = _profile_field()

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"text": _NOTE, "strategy": "placeholder", "entity_types": ["NAME", "SSN"]}]})


class RedactRequest(_Request):
    text: Text = Field(..., min_length=1, description="Clinical text, 1–100,000 characters.")
    entity_types: list[EntityTypeName] | None = Field(None, description="Only redact these types (default: all 21).")
    confidence_threshold: float = Field(0.5, ge=0.0, le=1.0)
    include_text: bool = Field(True, description="false leaves the original text out of the answer: no `text` in "
                               "`entities_found`, an empty `replacements_made`.")
    profile: str | None = _profile_field()

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"text": _NOTE}]})


class BatchRequest(_Request):
    texts: list[Text] = Field(..., min_length=1, description="1–100 texts, each 1–100,000 characters.")
    strategy: Strategy = Field(DEFAULT_STRATEGY, description="How each span is replaced; with `consistent` and "
                               "`surrogate` the texts share one replacement state, as a job's documents do.")
    entity_types: list[EntityTypeName] | None = None
    confidence_threshold: float = Field(0.5, ge=0.0, le=1.0)
    include_text: bool = Field(True, description="false leaves the original texts out of the answer: no "
                               "`original_text` in `results`.")
    profile: str | None = _profile_field()

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"texts": [_NOTE, "Seen by Dr. Lee on 1/2/2020."], "strategy": "consistent"}]})


class Entity(BaseModel):
    entity_type: str
    text: str | None = Field(None, description="The original text of the span; absent when the request set "
                             "`include_text` to false.")
    start: int = Field(..., description="Code-point offset of the first character.")
    end: int = Field(..., description="Code-point offset after the last character.")
    confidence: float


class DetectResponse(BaseModel):
    entities: list[Entity]
    entity_count: int
    text_length: int


class DeidentifyResponse(BaseModel):
    deidentified_text: str
    entities_found: list[Entity]
    replacements_made: dict[str, str] = Field(..., description="Original value → replacement.")
    entity_count: int


class BatchItem(BaseModel):
    original_text: str | None = Field(None, description="Absent when the request set `include_text` to false.")
    deidentified_text: str
    entity_count: int


class BatchResponse(BaseModel):
    results: list[BatchItem]
    total_entities: int
    documents_processed: int


class HealthResponse(BaseModel):
    status: Literal["healthy"]
    model_loaded: bool
    model_name: str
    version: str


class ReadyResponse(BaseModel):
    status: Literal["ready", "not_ready"]
    checks: dict[str, bool] = Field(..., description="Each dependency and whether it answered.")


class VersionResponse(BaseModel):
    version: str
    build: str
    model_name: str
    model_version: str
    execution_provider: str


class EntityTypeDoc(BaseModel):
    name: str
    description: str
    examples: list[str]
    replacement: str
    parent: EntityTypeName | None = Field(None, description="The broader type this one is a kind of (PROVIDER: "
                                          "NAME); asking for the parent includes it. Null for the broadest types.")


class EntitiesResponse(BaseModel):
    entity_types: list[EntityTypeDoc]
    total_types: int


class ErrorResponse(BaseModel):
    error: str = Field(..., examples=["Validation error"])
    detail: str = Field(..., examples=["text: String should have at least 1 character"])
    status_code: int = Field(..., examples=[400])
    request_id: str = Field(..., description="The response's X-Request-ID, to quote when asking for support.")


class CreateKeyRequest(_Request):
    name: str = Field(..., min_length=1, max_length=100, description="Who or what the key is for.")
    role: Role
    rate_limit_per_minute: int | None = Field(None, ge=1, le=1_000_000, description="Default from settings when absent.")
    expires_at: datetime | None = Field(None, description="The key stops working at this time (UTC if no zone).")

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"name": "ehr-export", "role": "user", "rate_limit_per_minute": 600}]})


class KeySummary(BaseModel):
    key_id: str
    name: str
    role: Role
    rate_limit_per_minute: int
    created_at: datetime | None
    expires_at: datetime | None
    revoked: bool = False


class CreatedKey(BaseModel):
    key_id: str
    api_key: str = Field(..., description="The secret: shown only in this response.")
    name: str
    role: Role
    rate_limit_per_minute: int
    created_at: datetime | None
    expires_at: datetime | None


class KeyList(BaseModel):
    keys: list[KeySummary]


# --- async jobs (POST /process/async and friends) ---------------------------------------------------

JobState = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class JobDocument(_Request):
    id: Text | None = Field(None, max_length=256, description="Your id for the document (default: its position).")
    text: Text = Field(..., description="Clinical text, up to the server's max_text_chars (100,000 by default); "
                       "long documents are split with overlap.")


class AsyncJobOptions(_Request):
    strategy: Strategy = Field(DEFAULT_STRATEGY, description="How each span is replaced.")
    entity_types: list[str] | None = Field(None, description="Only replace these types (default: all 21).")
    confidence_threshold: float = Field(0.5, ge=0.0, le=1.0)
    include_text: bool = Field(True, description="false: results keep no original text (no `text` in "
                               "`entities_found`), neither stored nor returned.")
    delete_after_download: bool = Field(False, description="Delete the job (record, inputs, results) once its "
                                        "results have been downloaded in full for the first time.")
    retention_s: int | None = Field(None, ge=60, description="Keep the job at most this many seconds (default and "
                                    "upper bound: the server's job TTL).")
    profile: str | None = _profile_field()


class AsyncJobRequest(AsyncJobOptions):
    documents: list[JobDocument] = Field(..., min_length=1, description="The documents of the job.")

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "documents": [{"id": "note-1", "text": _NOTE}], "strategy": "consistent"}]})


class JobAccepted(BaseModel):
    job_id: str
    status: JobState
    status_url: str = Field(..., description="Where to poll: GET /api/v1/process/status/{job_id}.")


class JobProgress(BaseModel):
    done: int = Field(..., description="Documents finished.")
    total: int = Field(..., description="Documents in the job.")
    chunks_done: int = Field(0, description="Inference windows finished (long documents take several).")


class JobStatus(BaseModel):
    job_id: str
    status: JobState
    progress: JobProgress
    created_at: datetime
    updated_at: datetime
    error: str | None = Field(None, description="Why the job failed; never quotes document text.")


class JobSummary(JobStatus):
    key_id: str = Field(..., description="The API key that submitted the job.")


class JobList(BaseModel):
    jobs: list[JobSummary] = Field(..., description="Newest first.")
    next_cursor: str | None = Field(..., description="Pass as `cursor` for the next page; null on the last page. A "
                                    "page can hold fewer than `limit` jobs (even none) and still have a next one.")


class JobResultItem(BaseModel):
    id: str
    deidentified_text: str
    entities_found: list[Entity]
    entity_count: int


class JobResult(BaseModel):
    job_id: str
    results: list[JobResultItem]


# --- site profiles (/api/v1/profiles) ------------------------------------------------------------------

class ProfileSummary(BaseModel):
    name: str
    version: int = Field(..., description="Changes on every create or replace; inference recompiles on a new one.")
    description: str
    counts: dict[str, int] = Field(..., description="Entries per list (the allow list as `allow`); never the entries.")
    total_entries: int
    created_at: str
    updated_at: str
    bound_keys: list[str] = Field(default_factory=list, description="API key ids using this profile as their default.")


class ProfileWritten(ProfileSummary):
    created: bool = Field(..., description="True when the profile did not exist before.")


class ProfileListResponse(BaseModel):
    profiles: list[ProfileSummary]


class ProfileBinding(BaseModel):
    key_id: str
    profile: str
