"""Shared OpenAPI fragments: every error response in the seed's shape, documented once."""

from phiguard.edge.schemas import ErrorResponse


def _error(description: str, status: int, detail: str) -> dict:
    return {"model": ErrorResponse, "description": description, "content": {"application/json": {"example": {
        "error": description, "detail": detail, "status_code": status}}}}


ERRORS = {
    400: _error("Validation error", 400, "text: String should have at least 1 character"),
    401: _error("Unauthorized", 401, "A valid API key is required (X-API-Key or Authorization: Bearer)"),
    403: _error("Forbidden", 403, "This API key's role may not perform 'detect'"),
    413: _error("Payload too large", 413, "Request body exceeds 2097152 bytes"),
    415: _error("Unsupported media type", 415, "Content-Type must be application/json"),
    429: _error("Too many requests", 429, "Rate limit exceeded"),
    503: _error("Service unavailable", 503, "inference is unavailable"),
    504: _error("Gateway timeout", 504, "inference did not answer in time"),
}
