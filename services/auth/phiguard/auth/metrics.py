"""Prometheus metrics of the auth service. Labels come from fixed sets only, never from request values."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from phiguard.auth.roles import ACTIONS

DECISIONS = Counter("phiguard_auth_decisions_total", "Authorize decisions.", ["action", "decision"])
AUTHORIZE_SECONDS = Histogram(
    "phiguard_auth_authorize_seconds", "Time to answer one Authorize call.",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)
REDIS_ERRORS = Counter("phiguard_auth_redis_errors_total", "Calls refused because Redis failed.", ["rpc"])
KEY_CHANGES = Counter("phiguard_auth_key_changes_total", "API keys created and revoked.", ["operation"])


def action_label(action: str) -> str:
    return action if action in ACTIONS else "unknown"
