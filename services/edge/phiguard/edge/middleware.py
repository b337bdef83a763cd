"""ASGI middleware: request ids, security headers, rate-limit headers, body size and content type."""

from __future__ import annotations

import re
import time
import uuid

from fastapi import HTTPException
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from phiguard.common.logging import request_id_var
from phiguard.edge import audit
from phiguard.edge.config import EdgeSettings
from phiguard.edge.metrics import HTTP_LATENCY, HTTP_REQUESTS
from phiguard.edge.errors import error_response
from phiguard.edge.proxies import TrustedProxies

API_PREFIX = "/api/v1"
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._\-]{1,128}$")
_JSON_ROUTES = ("/detect", "/deidentify", "/redact", "/batch", "/keys")
# Async job submissions: JSON documents or a multipart file upload, up to max_upload_bytes.
_UPLOAD_ROUTES = ("/process/async",)
_JSON = ("application/json",)
_JSON_OR_UPLOAD = ("application/json", "multipart/form-data")
_PROFILES = API_PREFIX + "/profiles/"
_JSON_OR_CSV = ("application/json", "text/csv")


def route_template(scope: Scope) -> str:
    """The matched route's template, never the raw path: ids in paths must not become label values."""
    route = scope.get("route")
    if route is None:
        return "unmatched"
    # FastAPI gives routes of an included router their path relative to that router's prefix.
    return route.path if route.path.startswith(API_PREFIX) else API_PREFIX + route.path


class EdgeMiddleware:
    """One pass over every request, so even errors raised before routing carry the same headers."""

    def __init__(self, app: ASGIApp, settings: EdgeSettings) -> None:
        self.app = app
        self.settings = settings
        self.proxies = TrustedProxies(settings.trusted_proxies)

    def _body_rule(self, method: str, path: str) -> tuple[tuple[str, ...], int] | None:
        """Allowed content types and body limit of a POST or PUT route that takes a body."""
        if method in ("POST", "PUT") and path.startswith(_PROFILES) and "/keys/" not in path:
            # A site profile: its JSON, or a CSV file to import.
            allowed = _JSON_OR_CSV if path.endswith("/import") else _JSON
            return allowed, self.settings.max_profile_bytes
        if method != "POST":
            return None
        if path.endswith(_UPLOAD_ROUTES):
            return _JSON_OR_UPLOAD, self.settings.max_upload_bytes
        if path.endswith(_JSON_ROUTES):
            limit = self.settings.max_batch_body_bytes if path.endswith("/batch") else self.settings.max_body_bytes
            return _JSON, limit
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        supplied = headers.get("x-request-id", "")
        request_id = supplied if REQUEST_ID_PATTERN.match(supplied) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        request_id_var.set(request_id)
        peer = scope.get("client")
        if peer and self.proxies:
            # Behind a trusted proxy, the address and scheme it reports; from anyone else, the peer's own.
            forwarded = ", ".join(v.decode("latin-1") for k, v in scope["headers"] if k.lower() == b"x-forwarded-for")
            host = self.proxies.client(peer[0], forwarded or None)
            scope["client"] = (host, peer[1] if host == peer[0] else 0)
            scope["scheme"] = self.proxies.scheme(peer[0], headers.get("x-forwarded-proto"),
                                                  scope.get("scheme", "http"))
        path = scope["path"]
        is_tls = scope.get("scheme") == "https"
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                route = route_template(scope)
                HTTP_REQUESTS.labels(scope["method"], route, str(message["status"])).inc()
                HTTP_LATENCY.labels(scope["method"], route).observe(time.perf_counter() - started)
                audit.emit(scope, route, message["status"])
                h = MutableHeaders(scope=message)
                h["X-Request-ID"] = request_id
                h["X-Content-Type-Options"] = "nosniff"
                h["X-Frame-Options"] = "DENY"
                h["Referrer-Policy"] = "no-referrer"
                if path.startswith("/api/"):
                    # API answers can carry clinical text: never cache them anywhere.
                    h["Cache-Control"] = "no-store"
                if is_tls:
                    h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
                for name, value in state.get("rate_limit_headers", {}).items():
                    h.setdefault(name, value)
            await send(message)

        rule = self._body_rule(scope["method"], path)
        if rule is not None:
            allowed, limit = rule
            content_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type not in allowed:
                await error_response(415, f"Content-Type must be {' or '.join(allowed)}", request_id)(
                    scope, receive, send_with_headers)
                return
            declared = headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                await error_response(413, f"Request body exceeds {limit} bytes", request_id)(
                    scope, receive, send_with_headers)
                return
            receive = self._limited(receive, limit)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _limited(receive: Receive, limit: int) -> Receive:
        # Chunked bodies have no Content-Length: count as they arrive and stop at the limit.
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # An HTTPException passes FastAPI's body parsing untouched and renders as our 413.
                    raise HTTPException(413, f"Request body exceeds {limit} bytes")
            return message

        return limited_receive
