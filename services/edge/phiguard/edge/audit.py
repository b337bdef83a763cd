"""One JSON audit event per API request on the `phiguard.audit` logger: who, what, outcome, counts — never text."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable

from starlette.requests import Request

audit_log = logging.getLogger("phiguard.audit")

_UNAUDITED = ("/api/v1/health", "/api/v1/ready")  # probes: seconds apart, forever, and carry nothing


def usage(chars: int, entity_types: Iterable[str], documents: int = 1) -> dict:
    """Sizes and entity counts of processed text, as an audit event carries them."""
    return {"chars": chars, "documents": documents, "entities": dict(Counter(entity_types))}


def record_usage(request: Request, chars: int, entity_types: Iterable[str], documents: int = 1) -> None:
    """Called by routes that processed text, so the audit event can carry sizes and entity counts."""
    request.state.audit_usage = usage(chars, entity_types, documents)


def grpc_call(*, request_id: str, principal, route: str, status: int, code: str, usage: dict | None = None) -> None:
    """The audit event of one public gRPC call (a whole DeidentifyStream is one call): the REST event's fields,
    with `method` "gRPC", the full method name as `route`, the REST status the gRPC code stands for, and the code."""
    audit_log.info("api request", extra={
        "request_id": request_id,
        "key_id": principal.key_id if principal else None,
        "role": principal.role if principal else None,
        "method": "gRPC",
        "route": route,
        "status": status,
        "grpc_code": code,
        "outcome": "ok" if status < 400 else "error",
        **(usage or {}),
    })


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
