"""Worker settings, read from PHIGUARD_* environment variables (shared ones: phiguard.common.settings)."""

from __future__ import annotations

import os
import socket

from pydantic import Field, model_validator

from phiguard.common.settings import GrpcClientSettings, JobSettings


def _default_consumer() -> str:
    # Unique per process: a restarted pod must not inherit (and skip) its predecessor's pending entries.
    return f"{socket.gethostname()}-{os.getpid()}"


class WorkerSettings(GrpcClientSettings, JobSettings):
    worker_host: str = Field("127.0.0.1", description="Address the worker's /metrics endpoint binds.")
    worker_metrics_port: int = Field(
        9103, description="Port of the worker Prometheus /metrics endpoint (0 turns it off).")
    chunk_chars: int = Field(
        20_000, ge=800, le=100_000,
        description="Largest window of a document sent in one inference call; longer documents are split. "
                    "At most inference's default max_text_chars.")
    chunk_overlap_chars: int = Field(
        1_000, ge=0,
        description="Characters neighbouring windows share; a span is taken from the window that saw half this much "
                    "context on each side. At most chunk_chars / 8.",
    )
    window_concurrency: int = Field(
        4, ge=1, description="Windows of one document in flight at once for strategies without cross-call state.")
    consumer_name: str = Field(default_factory=_default_consumer,
                               description="This worker's consumer name in the group (default: host-pid).")
    claim_idle_ms: int = Field(
        30_000, ge=100,
        description="A job entry whose worker has not touched it for this long is claimed by another worker.")
    max_deliveries: int = Field(
        5, ge=1, description="After this many claims of the same entry (workers dying on it), the job fails.")
    block_ms: int = Field(2_000, ge=10, description="How long one wait for new entries blocks before reclaiming.")
    window_timeout_s: float = Field(60.0, gt=0, description="Deadline of one inference call for one window of a job.")
    retry_budget_s: float = Field(
        120.0, ge=0,
        description="How long UNAVAILABLE/DEADLINE_EXCEEDED from inference is retried before the job fails.")
    retry_backoff_s: float = Field(0.5, gt=0, description="First retry pause; doubles per attempt (with jitter).")
    retry_backoff_max_s: float = Field(10.0, gt=0, description="Longest pause between retries.")
    redis_backoff_s: float = Field(
        0.2, gt=0, description="First pause while Redis cannot be reached at start-up; doubles per attempt (with "
                               "jitter) up to redis_backoff_max_s. The worker waits for Redis, it never exits for it.")
    redis_backoff_max_s: float = Field(5.0, gt=0, description="Longest pause between attempts to reach Redis.")
    shutdown_grace_s: float = Field(
        20.0, ge=0, description="On SIGTERM, how long the current document may run on before the job is handed back.")

    @property
    def heartbeat_s(self) -> float:
        return max(self.claim_idle_ms / 3000, 0.05)

    @model_validator(mode="after")
    def _overlap_fits(self) -> WorkerSettings:
        if self.chunk_chars < 8 * self.chunk_overlap_chars:
            raise ValueError("chunk_overlap_chars must be at most chunk_chars / 8")
        return self
