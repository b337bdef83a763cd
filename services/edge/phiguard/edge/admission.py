"""Admission control: bounded work in flight per edge process (requests and body bytes); past it, 503 at once.

Without it an overloaded edge accepts everything and queues it in front of inference, so latency grows
until clients time out, and memory grows with the queue. With it, a request that would only wait is
refused immediately with 503 and `Retry-After`, before authentication or body parsing, so shedding
costs almost nothing and the requests that are admitted keep their latency.

Only POST requests under /api/ count (detect, deidentify, redact, batch, job submits, key management):
they carry the work. Health, readiness, docs, job status and result streams are never refused, so
probes keep passing under load and long downloads do not hold slots.

Wiring (main.py, inside EdgeMiddleware so refusals still get X-Request-ID and the security headers):
    app.add_middleware(AdmissionMiddleware, max_in_flight=..., max_bytes_in_flight=...)
added just before `app.add_middleware(EdgeMiddleware, ...)`.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge
from starlette.types import ASGIApp, Receive, Scope, Send

from phiguard.edge.errors import error_response

IN_FLIGHT = Gauge("phiguard_edge_in_flight_requests", "Work requests (POST /api/...) being served now")
IN_FLIGHT_BYTES = Gauge(
    "phiguard_edge_in_flight_bytes", "Declared body bytes (Content-Length) of the inference requests being served now"
)
SHED = Counter("phiguard_edge_shed_requests_total", "Work requests refused with 503 because the edge was full")


# The calls whose whole body is inferred while the client waits.
_SYNC_INFERENCE = ("/detect", "/deidentify", "/redact", "/batch")


class AdmissionMiddleware:
    """At most `max_in_flight` work requests and `max_bytes_in_flight` declared body bytes at once (0 turns
    either limit off); the rest get 503 + Retry-After.

    A count alone does not bound the wait: 32 notes of 20 KB keep a CPU inference pod busy far longer than
    32 notes of 1 KB, and the last of them would outlive the inference deadline (504) instead of being
    refused at once. The byte budget (synchronous inference calls only) keeps the admitted work inside
    what the pods finish in time. A
    request alone is always admitted, whatever its size (the body-size limit judges it), so a large note
    is never starved; a body without Content-Length counts only towards the request count.
    """

    def __init__(self, app: ASGIApp, max_in_flight: int, max_bytes_in_flight: int = 0, retry_after_s: int = 1) -> None:
        self.app = app
        self.limit = max_in_flight
        self.byte_limit = max_bytes_in_flight
        self.retry_after = str(max(1, retry_after_s))
        self.in_flight = 0
        self.bytes_in_flight = 0

    @staticmethod
    def _is_work(scope: Scope) -> bool:
        return scope["method"] == "POST" and scope["path"].startswith("/api/")

    @staticmethod
    def _declared_size(scope: Scope) -> int:
        if not scope["path"].endswith(_SYNC_INFERENCE):
            return 0  # job uploads are stored and worked on later, by the workers' own pace
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                return int(value) if value.isdigit() else 0
        return 0

    def _full(self, size: int) -> bool:
        if self.limit > 0 and self.in_flight >= self.limit:
            return True
        return self.byte_limit > 0 and self.in_flight > 0 and self.bytes_in_flight + size > self.byte_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (self.limit <= 0 and self.byte_limit <= 0) or not self._is_work(scope):
            await self.app(scope, receive, send)
            return
        size = self._declared_size(scope)
        # One event loop per process: no await between the check and the increments, so no lock is needed.
        if self._full(size):
            SHED.inc()
            # EdgeMiddleware, outside this one, has set the request id (none when used on its own).
            request_id = scope.get("state", {}).get("request_id", "")
            await error_response(503, "The service is at capacity; retry after the Retry-After delay", request_id,
                                 {"Retry-After": self.retry_after})(scope, receive, send)
            return
        self.in_flight += 1
        self.bytes_in_flight += size
        IN_FLIGHT.inc()
        IN_FLIGHT_BYTES.inc(size)
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            self.bytes_in_flight -= size
            IN_FLIGHT.dec()
            IN_FLIGHT_BYTES.dec(size)
