"""The settings several services read, defined once; each service's config.py extends these classes.

Every field is read from the PHIGUARD_<FIELD NAME> environment variable, so a variable means the same
thing in every service that reads it (the README's settings table lists which services do).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import grpc
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from phiguard.common import tls

if TYPE_CHECKING:  # cryptography is imported only where something is sealed
    from phiguard.common.sealed import JobCipher

# The shortest job secret accepted (phiguard.common.sealed holds the same bound).
MIN_JOB_SECRET_CHARS = 16


class ServiceSettings(BaseSettings):
    # A refused setting must not print the values it was given: they include secrets (the bootstrap key,
    # the HMAC secret, a Redis URL's password) and would land in the crash log.
    model_config = SettingsConfigDict(env_prefix="PHIGUARD_", extra="ignore", hide_input_in_errors=True)

    log_level: str = Field("INFO", description="Log level of every service.")


class TextLimitSettings(ServiceSettings):
    max_text_chars: int = Field(
        100_000, ge=1,
        description="Largest text one detect/deidentify/redact call accepts (edge: per REST text; inference: per "
                    "gRPC call, so nothing bigger reaches the engine; job windows are cut below it).",
    )


class RedisSettings(ServiceSettings):
    redis_url: str = Field(
        "redis://127.0.0.1:6379/0",
        description="Redis shared by every replica: auth keeps API key records and rate-limit buckets there, "
                    "edge and worker the job stream, the jobs' inputs and results, edge the site profiles "
                    "(sealed), which inference reads.",
    )


class ServerSecretSettings(ServiceSettings):
    hmac_secret: SecretStr | None = Field(
        None,
        description="Server secret: keys the hash strategy and surrogate seeds (inference), and, through HKDF, the "
                    "at-rest encryption of site profiles (edge and inference must share it). Unset: inference uses a "
                    "random one per process (hashes then change on restart) and site profiles are off.",
    )

    def secret_bytes(self) -> bytes | None:
        return None if self.hmac_secret is None else self.hmac_secret.get_secret_value().encode()


class JobSettings(RedisSettings):
    job_ttl_s: int = Field(
        86_400, ge=60,
        description="How long a job's record, inputs and results are kept (results: after it ends); "
                    "edge and worker must be given the same value. A job may ask for less (`retention_s`).",
    )
    job_secret: SecretStr | None = Field(
        None,
        description="Secret (16+ characters) the keys that encrypt job inputs, results and document ids in Redis "
                    "are derived from (AES-256-GCM); edge and worker must share it. Required: neither starts "
                    "without it. Changing it makes stored jobs unreadable.",
    )

    def job_cipher(self) -> JobCipher:
        """The cipher of the job store; raises ValueError (naming the variable, never its value) when unset."""
        from phiguard.common.sealed import JobCipher  # noqa: PLC0415

        value = self.job_secret.get_secret_value().strip() if self.job_secret is not None else ""
        if len(value) < MIN_JOB_SECRET_CHARS:
            raise ValueError(f"PHIGUARD_JOB_SECRET must be set to at least {MIN_JOB_SECRET_CHARS} characters: job "
                             "inputs and results are encrypted at rest with a key derived from it")
        return JobCipher(value.encode())


class GrpcClientSettings(ServiceSettings):
    """A service that calls inference (and, for the edge, auth) over gRPC, optionally over mutual TLS."""

    inference_target: str = Field(
        "127.0.0.1:50051",
        description="gRPC target of inference; on Kubernetes dns:///<headless-service>:50051, so round-robin "
                    "balancing spreads calls over every pod.",
    )
    grpc_tls_ca: Path | None = Field(
        None, description="CA that signed the auth and inference server certificates; set to turn on TLS to them.")
    grpc_tls_cert: Path | None = Field(
        None, description="Client certificate presented to the gRPC servers this service calls (mutual TLS).")
    grpc_tls_key: Path | None = Field(None, description="Private key of the client certificate.")

    @model_validator(mode="after")
    def _client_tls_complete(self) -> GrpcClientSettings:
        # A certificate that would silently not be presented (no CA: plaintext) must stop start-up instead.
        if (self.grpc_tls_cert is None) != (self.grpc_tls_key is None):
            raise ValueError("PHIGUARD_GRPC_TLS_CERT and PHIGUARD_GRPC_TLS_KEY must be set together")
        if self.grpc_tls_cert is not None and self.grpc_tls_ca is None:
            raise ValueError("PHIGUARD_GRPC_TLS_CERT needs PHIGUARD_GRPC_TLS_CA (TLS is off without a CA)")
        return self

    def channel_credentials(self) -> grpc.ChannelCredentials | None:
        """TLS credentials for the channels this service opens; None means plaintext."""
        if self.grpc_tls_ca is None:
            return None
        return tls.channel_credentials(self.grpc_tls_ca, self.grpc_tls_cert, self.grpc_tls_key)


class GrpcServerSettings(ServiceSettings):
    """A service that serves gRPC: how long it drains, and its optional mutual TLS."""

    # The subclass's server certificate, key and client-CA fields. Each server has its own variables
    # (PHIGUARD_AUTH_TLS_CERT, PHIGUARD_INFERENCE_TLS_CERT, ...), so one environment (the devstack's, the
    # test stack's) can give auth and inference different certificates.
    SERVER_TLS_FIELDS: ClassVar[tuple[str, str, str]]

    grace_seconds: float = Field(10.0, ge=0, description="How long shutdown waits for in-flight calls.")

    @property
    def server_tls_files(self) -> tuple[Path | None, Path | None, Path | None]:
        cert, key, client_ca = (getattr(self, name) for name in self.SERVER_TLS_FIELDS)
        return cert, key, client_ca

    @property
    def tls_enabled(self) -> bool:
        return all(self.server_tls_files)

    @model_validator(mode="after")
    def _server_tls_all_or_nothing(self) -> GrpcServerSettings:
        # Half-configured TLS silently falling back to plaintext would be worse than refusing to start.
        given = self.server_tls_files
        if any(given) and not all(given):
            names = ", ".join(f"PHIGUARD_{name.upper()}" for name in self.SERVER_TLS_FIELDS)
            raise ValueError(f"{names} must be set together (mutual TLS) or not at all")
        return self

    def server_credentials(self) -> grpc.ServerCredentials | None:
        """Mutual-TLS credentials for the server port; None means plaintext."""
        if not self.tls_enabled:
            return None
        cert, key, client_ca = self.server_tls_files
        return tls.server_credentials(cert, key, client_ca)


class JobLimitSettings(TextLimitSettings):
    """What one async job may hold: the edge refuses a submission past these before storing anything."""

    max_job_chars: int = Field(
        10_000_000, ge=1,
        description="Most characters one async job may hold over all its documents (each document is also capped "
                    "at max_text_chars); more gets 413 before anything is stored. Jobs cost a rate-limit token per "
                    "started 10,000 characters of each document.",
    )
    job_store_headroom: float = Field(
        0.1, ge=0.0, lt=1.0,
        description="Share of Redis maxmemory kept free: a job whose estimated footprint (inputs, results and stream "
                    "entries: 4x its UTF-8 size) would reach into it gets 507 before anything is stored. "
                    "Not checked when Redis has no maxmemory.",
    )
