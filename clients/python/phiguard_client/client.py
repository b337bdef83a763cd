"""Sync and async clients sharing one description of each call; only the transport differs."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from phiguard_client.models import BatchResult, DeidentifyResult, DetectResult, PhiGuardError

DEFAULT_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class _Call:
    method: str
    path: str
    parse: Callable[[Any], Any]
    body: dict | None = None


def _options(entity_types: Sequence[str] | None, confidence_threshold: float) -> dict:
    body: dict[str, Any] = {"confidence_threshold": confidence_threshold}
    if entity_types:
        body["entity_types"] = list(entity_types)
    return body


def _detect(text, entity_types, threshold) -> _Call:
    return _Call("POST", "/detect", DetectResult.from_json, {"text": text, **_options(entity_types, threshold)})


def _deidentify(text, strategy, entity_types, threshold) -> _Call:
    return _Call("POST", "/deidentify", DeidentifyResult.from_json,
                 {"text": text, "strategy": strategy, **_options(entity_types, threshold)})


def _redact(text, entity_types, threshold) -> _Call:
    return _Call("POST", "/redact", DeidentifyResult.from_json, {"text": text, **_options(entity_types, threshold)})


def _batch(texts, strategy, entity_types, threshold) -> _Call:
    return _Call("POST", "/batch", BatchResult.from_json,
                 {"texts": list(texts), "strategy": strategy, **_options(entity_types, threshold)})


def _identity(data: Any) -> Any:
    return data


def _result(call: _Call, reply: httpx.Response) -> Any:
    if reply.is_success:
        return call.parse(reply.json())
    try:
        data = reply.json()
        error, detail = data["error"], data["detail"]
    except (ValueError, KeyError, TypeError):
        error, detail = reply.reason_phrase, reply.text[:200]
    retry_after = reply.headers.get("retry-after")
    raise PhiGuardError(reply.status_code, error, detail, reply.headers.get("x-request-id"),
                        float(retry_after) if retry_after else None)


def _settings(base_url: str | None, api_key: str | None) -> tuple[str, dict[str, str]]:
    url = (base_url or os.environ.get("PHIGUARD_URL") or DEFAULT_URL).rstrip("/")
    key = api_key or os.environ.get("PHIGUARD_API_KEY")
    return f"{url}/api/v1", ({"X-API-Key": key} if key else {})


class PhiGuardClient:
    """Blocking client. URL and key default to PHIGUARD_URL and PHIGUARD_API_KEY."""

    def __init__(self, base_url: str | None = None, api_key: str | None = None, timeout: float = 60.0) -> None:
        url, headers = _settings(base_url, api_key)
        self._http = httpx.Client(base_url=url, headers=headers, timeout=timeout)

    def _send(self, call: _Call) -> Any:
        return _result(call, self._http.request(call.method, call.path, json=call.body))

    def detect(self, text: str, *, entity_types: Sequence[str] | None = None,
               confidence_threshold: float = 0.5) -> DetectResult:
        return self._send(_detect(text, entity_types, confidence_threshold))

    def deidentify(self, text: str, *, strategy: str = "placeholder", entity_types: Sequence[str] | None = None,
                   confidence_threshold: float = 0.5) -> DeidentifyResult:
        return self._send(_deidentify(text, strategy, entity_types, confidence_threshold))

    def redact(self, text: str, *, entity_types: Sequence[str] | None = None,
               confidence_threshold: float = 0.5) -> DeidentifyResult:
        return self._send(_redact(text, entity_types, confidence_threshold))

    def batch(self, texts: Sequence[str], *, strategy: str = "placeholder", entity_types: Sequence[str] | None = None,
              confidence_threshold: float = 0.5) -> BatchResult:
        return self._send(_batch(texts, strategy, entity_types, confidence_threshold))

    def entities(self) -> dict:
        return self._send(_Call("GET", "/entities", _identity))

    def health(self) -> dict:
        return self._send(_Call("GET", "/health", _identity))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PhiGuardClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncPhiGuardClient:
    """asyncio client with the same methods as PhiGuardClient."""

    def __init__(self, base_url: str | None = None, api_key: str | None = None, timeout: float = 60.0) -> None:
        url, headers = _settings(base_url, api_key)
        self._http = httpx.AsyncClient(base_url=url, headers=headers, timeout=timeout)

    async def _send(self, call: _Call) -> Any:
        return _result(call, await self._http.request(call.method, call.path, json=call.body))

    async def detect(self, text: str, *, entity_types: Sequence[str] | None = None,
                     confidence_threshold: float = 0.5) -> DetectResult:
        return await self._send(_detect(text, entity_types, confidence_threshold))

    async def deidentify(self, text: str, *, strategy: str = "placeholder",
                         entity_types: Sequence[str] | None = None,
                         confidence_threshold: float = 0.5) -> DeidentifyResult:
        return await self._send(_deidentify(text, strategy, entity_types, confidence_threshold))

    async def redact(self, text: str, *, entity_types: Sequence[str] | None = None,
                     confidence_threshold: float = 0.5) -> DeidentifyResult:
        return await self._send(_redact(text, entity_types, confidence_threshold))

    async def batch(self, texts: Sequence[str], *, strategy: str = "placeholder",
                    entity_types: Sequence[str] | None = None, confidence_threshold: float = 0.5) -> BatchResult:
        return await self._send(_batch(texts, strategy, entity_types, confidence_threshold))

    async def entities(self) -> dict:
        return await self._send(_Call("GET", "/entities", _identity))

    async def health(self) -> dict:
        return await self._send(_Call("GET", "/health", _identity))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncPhiGuardClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
