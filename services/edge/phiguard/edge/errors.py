"""The one error shape of the API, {"error", "detail", "status_code", "request_id"}, for every failure."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

TITLES = {
    400: "Validation error", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    409: "Conflict", 413: "Payload too large", 415: "Unsupported media type", 429: "Too many requests",
    500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable", 504: "Gateway timeout",
    507: "Insufficient storage",
}


# What a 400 says of a field the API does not know, in place of its name.
UNKNOWN_FIELD = "unknown field (the schema at /openapi.json lists the fields)"


class ApiError(Exception):
    def __init__(self, status_code: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail
        self.headers = headers or {}


def error_response(status_code: int, detail: str, request_id: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    # The request id in the body too, so a support ticket can quote it from a pasted answer alone.
    body = {"error": TITLES.get(status_code, "Error"), "detail": detail, "status_code": status_code,
            "request_id": request_id}
    return JSONResponse(body, status_code=status_code, headers=headers)


def field_errors(errors) -> list[tuple[str, str]]:
    """(field path, message) of each of pydantic's errors: paths and messages only, never the submitted values.

    An unknown field's path ends in its name, which the caller chose (and could be anything, PHI included): say
    where it was, not what it was called."""
    out = []
    for err in errors:
        path = [str(p) for p in err.get("loc", ()) if p != "body"]
        if err.get("type") == "extra_forbidden":
            out.append((".".join(path[:-1]) or "body", UNKNOWN_FIELD))
        else:
            out.append((".".join(path) or "body", err.get("msg", "invalid")))
    return out


def describe(errors) -> str:
    return "; ".join(f"{loc}: {msg}" for loc, msg in field_errors(errors))


def _describe(exc: RequestValidationError) -> str:
    return describe(exc.errors())


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status_code, exc.detail, request.state.request_id, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(400, _describe(exc), request.state.request_id)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), request.state.request_id,
                              getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", extra={"exc_type": type(exc).__name__, "request_id": request.state.request_id})
        return error_response(500, "An unexpected error occurred", request.state.request_id)
