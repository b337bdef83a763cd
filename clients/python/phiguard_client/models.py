"""Typed results of the API, built from its JSON."""

from __future__ import annotations

from dataclasses import dataclass, field


class PhiGuardError(Exception):
    """An error answer from the API, in its {"error", "detail", "status_code"} shape."""

    def __init__(self, status_code: int, error: str, detail: str, request_id: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{status_code} {error}: {detail}")
        self.status_code = status_code
        self.error = error
        self.detail = detail
        self.request_id = request_id
        self.retry_after = retry_after
        # Set by the gRPC transport: the grpc.StatusCode the call ended with (status_code is its REST status).
        self.grpc_code = None


@dataclass(frozen=True)
class Entity:
    entity_type: str
    # None when the request asked for include_text=False.
    text: str | None
    start: int
    end: int
    confidence: float

    @classmethod
    def from_json(cls, data: dict) -> Entity:
        return cls(data["entity_type"], data.get("text"), data["start"], data["end"], data["confidence"])


@dataclass(frozen=True)
class DetectResult:
    entities: list[Entity]
    entity_count: int
    text_length: int

    @classmethod
    def from_json(cls, data: dict) -> DetectResult:
        return cls([Entity.from_json(e) for e in data["entities"]], data["entity_count"], data["text_length"])


@dataclass(frozen=True)
class DeidentifyResult:
    deidentified_text: str
    entities_found: list[Entity]
    replacements_made: dict[str, str] = field(default_factory=dict)
    entity_count: int = 0

    @classmethod
    def from_json(cls, data: dict) -> DeidentifyResult:
        return cls(data["deidentified_text"], [Entity.from_json(e) for e in data["entities_found"]],
                   dict(data["replacements_made"]), data["entity_count"])


@dataclass(frozen=True)
class BatchItem:
    # None when the request asked for include_text=False.
    original_text: str | None
    deidentified_text: str
    entity_count: int


@dataclass(frozen=True)
class BatchResult:
    results: list[BatchItem]
    total_entities: int
    documents_processed: int

    @classmethod
    def from_json(cls, data: dict) -> BatchResult:
        items = [BatchItem(r.get("original_text"), r["deidentified_text"], r["entity_count"]) for r in data["results"]]
        return cls(items, data["total_entities"], data["documents_processed"])


TERMINAL_STATES = frozenset({"succeeded", "failed", "cancelled"})


@dataclass(frozen=True)
class JobProgress:
    done: int
    total: int
    chunks_done: int = 0


@dataclass(frozen=True)
class JobStatus:
    job_id: str
    status: str
    progress: JobProgress
    created_at: str
    updated_at: str
    error: str | None = None
    # Set in listings: the key that submitted the job.
    key_id: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in TERMINAL_STATES

    @classmethod
    def from_json(cls, data: dict) -> JobStatus:
        return cls(data["job_id"], data["status"], JobProgress(**data["progress"]), data["created_at"],
                   data["updated_at"], data.get("error"), data.get("key_id"))


@dataclass(frozen=True)
class JobPage:
    jobs: list[JobStatus]
    # Pass as `cursor` for the next page; None on the last one.
    next_cursor: str | None

    @classmethod
    def from_json(cls, data: dict) -> JobPage:
        return cls([JobStatus.from_json(j) for j in data["jobs"]], data["next_cursor"])
