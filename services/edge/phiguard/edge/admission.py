"""Admission control: a bounded number of work requests in flight per edge process; past it, 503 at once.

Without it an overloaded edge accepts everything and queues it in front of inference, so latency grows
until clients time out, and memory grows with the queue. With it, a request that would only wait is
refused immediately with 503 and `Retry-After`, before authentication or body parsing, so shedding
costs almost nothing and the requests that are admitted keep their latency.

Only POST requests under /api/ count (detect, deidentify, redact, batch, job submits, key management):
they carry the work. Health, readiness, docs, job status and result streams are never refused, so
probes keep passing under load and long downloads do not hold slots.

Wiring (main.py, inside EdgeMiddleware so refusals still get X-Request-ID and the security headers):
    app.add_middleware(AdmissionMiddleware, max_in_flight=settings.max_in_flight)
added just before `app.add_middleware(EdgeMiddleware, ...)`.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge
from starlette.types import ASGIApp, Receive, Scope, Send

from phiguard.edge.errors import error_response

IN_FLIGHT = Gauge("phiguard_edge_in_flight_requests", "Work requests (POST /api/...) being served now")
SHED = Counter("phiguard_edge_shed_requests_total", "Work requests refused with 503 because the edge was full")


class AdmissionMiddleware:
    """At most `max_in_flight` work requests at once (0 turns the limit off); the rest get 503 + Retry-After."""

    def __init__(self, app: ASGIApp, max_in_flight: int, retry_after_s: int = 1) -> None:
        self.app = app
        self.limit = max_in_flight
        self.retry_after = str(max(1, retry_after_s))
        self.in_flight = 0

    @staticmethod
    def _is_work(scope: Scope) -> bool:
        return scope["method"] == "POST" and scope["path"].startswith("/api/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limit <= 0 or not self._is_work(scope):
            await self.app(scope, receive, send)
            return
        # One event loop per process: no await between the check and the increment, so no lock is needed.
        if self.in_flight >= self.limit:
            SHED.inc()
            await error_response(503, "The service is at capacity; retry after the Retry-After delay",
                                 {"Retry-After": self.retry_after})(scope, receive, send)
            return
        self.in_flight += 1
        IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            IN_FLIGHT.dec()
