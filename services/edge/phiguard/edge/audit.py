"""One JSON audit event per API request on the `phiguard.audit` logger: who, what, outcome, counts — never text."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable

from starlette.requests import Request

audit_log = logging.getLogger("phiguard.audit")

_UNAUDITED = ("/api/v1/health", "/api/v1/ready")  # probes: seconds apart, forever, and carry nothing


def record_usage(request: Request, chars: int, entity_types: Iterable[str], documents: int = 1) -> None:
    """Called by routes that processed text, so the audit event can carry sizes and entity counts."""
    request.state.audit_usage = {"chars": chars, "documents": documents, "entities": dict(Counter(entity_types))}


def emit(scope: dict, route: str, status: int) -> None:
    if not scope["path"].startswith("/api/") or scope["path"] in _UNAUDITED:
        return
    state = scope.get("state", {})
    principal = state.get("principal")
    audit_log.info("api request", extra={
        "request_id": state.get("request_id"),
        "key_id": principal.key_id if principal else None,
        "role": principal.role if principal else None,
        "method": scope["method"],
        "route": route,
        "status": status,
        "outcome": "ok" if status < 400 else "error",
        **state.get("audit_usage", {}),
    })
