"""Edge settings, read from PHIGUARD_* environment variables (shared ones: phiguard.common.settings)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from phiguard.common.settings import GrpcClientSettings, JobLimitSettings, JobSettings, ServerSecretSettings


class EdgeSettings(GrpcClientSettings, JobSettings, JobLimitSettings, ServerSecretSettings):
    edge_host: str = Field("127.0.0.1", description="Address the edge HTTP server binds.")
    edge_port: int = Field(8000, description="Port of the edge REST API.")
    edge_grpc_port: int = Field(
        50053, ge=0, le=65535,
        description="Port of the edge's public gRPC API (phiguard.v1.DeidentificationService, with gRPC health and "
                    "reflection), served by the edge process next to REST on edge_host (0 turns it off).")
    edge_grpc_stream_window: int = Field(
        64, ge=1, le=4096,
        description="Most documents of one DeidentifyStream the edge reads ahead of its answers; it stops reading "
                    "while that many are unanswered, so HTTP/2 flow control slows the sender.")
    edge_grpc_grace_s: float = Field(
        10.0, ge=0, description="How long the public gRPC server lets in-flight calls finish on shutdown.")
    edge_metrics_port: int = Field(9100, description="Port of the edge Prometheus /metrics endpoint (0 turns it off).")
    auth_target: str = Field("127.0.0.1:50052", description="gRPC target of auth.")
    inference_timeout_s: float = Field(30.0, description="Deadline of one inference call.")
    ready_requires: list[Literal["auth", "inference", "redis"]] = Field(
        default_factory=lambda: ["auth", "redis"],
        description="Dependencies /ready needs (all are checked and reported). Default auth and Redis, which every "
                    "authenticated route and job poll uses; inference is left out so an inference outage keeps job "
                    "polling, key management and /entities served while detection answers 503.",
    )
    auth_timeout_s: float = Field(2.0, description="Deadline of one Authorize call.")
    max_batch_texts: int = Field(100, description="Most texts one /batch call accepts.")
    max_body_bytes: int = Field(2 * 1024 * 1024, description="Largest JSON body of a single-text call; bigger gets 413.")
    max_batch_body_bytes: int = Field(32 * 1024 * 1024, description="Largest JSON body of /batch; bigger gets 413.")
    max_in_flight: int = Field(32, ge=0, description="Most work requests (POST /api/...) one edge process serves at once; more get 503 + Retry-After at once (0: no limit).")
    max_bytes_in_flight: int = Field(
        384 * 1024,
        ge=0,
        description="Most declared body bytes (Content-Length) of /detect, /deidentify, /redact and /batch calls one edge "
        "process works on at once; a call that would pass it gets 503 + Retry-After, unless it is alone (0: no limit). "
        "Size it to what the inference pods finish inside inference_timeout_s: 384 KiB suits 2 CPU cores.",
    )
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS (empty: CORS off).")
    gzip_min_bytes: int = Field(4096, description="Responses larger than this are gzip-compressed when the client accepts it.")
    max_upload_bytes: int = Field(
        50 * 1024 * 1024, description="Largest body of POST /process/async (JSON or multipart files); bigger gets 413.")
    max_upload_files: int = Field(100, description="Most files one multipart job submission may carry.")
    max_job_documents: int = Field(100_000, description="Most documents one async job may hold; more gets 413.")
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="CIDRs of the proxies (ingress controller pods) whose X-Forwarded-For and X-Forwarded-Proto the "
                    "edge believes, as JSON, e.g. [\"10.0.0.0/8\"]. The client address used for per-IP limits and "
                    "audit is the rightmost X-Forwarded-For hop that is not a trusted proxy; from any other peer "
                    "the headers are ignored and the peer address is used. Empty: no proxy is trusted.",
    )
    max_event_streams: int = Field(
        64, ge=1,
        description="Most job progress streams (GET /process/status/{job_id}/events) one edge process serves at once; "
                    "each holds a Redis connection. More get 503 + Retry-After.",
    )
    event_stream_idle_s: float = Field(
        300.0, gt=0,
        description="A progress stream whose job has not changed for this long ends with an `idle` event; the "
                    "client reconnects if it still wants to wait.",
    )
    max_profile_bytes: int = Field(
        16 * 1024 * 1024, ge=1024, description="Largest body of a site profile write or import (JSON or CSV); bigger gets 413.")
    profiles_dir: Path | None = Field(
        None,
        description="Folder of site profiles (<name>.json or <name>.csv) the edge loads into Redis at start-up, "
                    "creating or replacing each one whose content changed (Helm mounts siteProfiles here).")

    @field_validator("trusted_proxies", mode="after")
    @classmethod
    def _cidrs(cls, value: list[str]) -> list[str]:
        # Refuse at start-up what would otherwise silently trust nobody (or everybody).
        for i, cidr in enumerate(value):
            try:
                ipaddress.ip_network(cidr.strip(), strict=False)
            except ValueError:
                raise ValueError(f"trusted_proxies[{i}] is not an IP address or CIDR") from None
        return [c.strip() for c in value]
