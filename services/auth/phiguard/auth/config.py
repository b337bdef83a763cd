"""Auth service settings, read from PHIGUARD_* environment variables (shared ones: phiguard.common.settings)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr, field_validator, model_validator

from phiguard.common.settings import GrpcServerSettings, RedisSettings


class AuthSettings(GrpcServerSettings, RedisSettings):
    SERVER_TLS_FIELDS: ClassVar[tuple[str, str, str]] = ("auth_tls_cert", "auth_tls_key", "auth_tls_client_ca")

    auth_host: str = Field("127.0.0.1", description="Address the auth gRPC server binds.")
    auth_port: int = Field(50052, ge=0, le=65535, description="Port of the auth gRPC server (0 picks a free one).")
    auth_metrics_port: int = Field(
        9102, ge=0, le=65535, description="Port of the auth Prometheus /metrics endpoint (0 turns it off).",
    )
    redis_timeout_s: float = Field(
        0.5, gt=0, description="Connect and command timeout for Redis (one immediate retry); past it a call fails "
                                "closed with UNAVAILABLE. Keep twice this under the edge's Authorize deadline.",
    )
    bootstrap_admin_key: SecretStr | None = Field(
        None,
        description="An admin API key (any string, 32+ random characters advised) registered at start-up as key id "
                    "`bootstrap`, for creating the first real keys. Stored only as a hash; revoke it with RevokeKey.",
    )
    auth_key_pepper: SecretStr = Field(
        SecretStr(""),
        description="Server-side secret mixed into every stored key hash (HMAC-SHA256), so a Redis dump alone "
                    "cannot be used to test key guesses. Changing it invalidates every existing key. Required: auth "
                    "refuses to start without one unless auth_allow_empty_pepper is set.",
    )
    auth_allow_empty_pepper: bool = Field(
        False,
        description="Development only: start without auth_key_pepper (key hashes are then plain SHA-256 HMACs under "
                    "an empty key, and a warning is logged). `make run` generates a pepper instead.",
    )
    default_rate_limit_per_minute: int = Field(
        600, ge=1,
        description="Token-bucket size and refill per minute for keys created without their own limit; "
                    "a text costs 1 token per started 10,000 characters (at least 1), a batch or job the sum over its "
                    "texts.",
    )
    anon_rate_limit_per_minute: int = Field(
        60, ge=1,
        description="Token-bucket size and refill per minute per client IP for requests without a valid key; "
                    "when empty, those requests get RATE_LIMITED (HTTP 429) instead of UNAUTHENTICATED.",
    )
    auth_tls_cert: Path | None = Field(
        None, description="PEM server certificate; with the key and client CA set, the server speaks mutual TLS.",
    )
    auth_tls_key: Path | None = Field(None, description="PEM private key of the server certificate.")
    auth_tls_client_ca: Path | None = Field(
        None, description="PEM CA bundle that client certificates must chain to (clients without one are refused).",
    )

    @field_validator("bootstrap_admin_key", mode="after")
    @classmethod
    def _empty_means_unset(cls, value: SecretStr | None) -> SecretStr | None:
        # An empty variable (a Helm value left blank) must not register an admin key with an empty secret.
        return value if value is not None and value.get_secret_value().strip() else None

    @model_validator(mode="after")
    def _pepper_required(self) -> AuthSettings:
        if not self.auth_key_pepper.get_secret_value().strip() and not self.auth_allow_empty_pepper:
            raise ValueError("PHIGUARD_AUTH_KEY_PEPPER is empty: set it to a long random secret (or, for local "
                             "development only, PHIGUARD_AUTH_ALLOW_EMPTY_PEPPER=true)")
        return self

    @property
    def address(self) -> str:
        return f"{self.auth_host}:{self.auth_port}"
