"""Sync and async clients sharing one description of each call; only the transport differs."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from phiguard_client.models import BatchResult, DeidentifyResult, DetectResult, JobPage, JobStatus, PhiGuardError

DEFAULT_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class _Call:
    method: str
    path: str
    parse: Callable[[Any], Any]
    body: dict | None = None
    params: dict | None = None


def _options(entity_types: Sequence[str] | None, confidence_threshold: float, include_text: bool = True) -> dict:
    body: dict[str, Any] = {"confidence_threshold": confidence_threshold}
    if entity_types:
        body["entity_types"] = list(entity_types)
    if not include_text:
        body["include_text"] = False
    return body


def _detect(text, entity_types, threshold) -> _Call:
    return _Call("POST", "/detect", DetectResult.from_json, {"text": text, **_options(entity_types, threshold)})


def _deidentify(text, strategy, entity_types, threshold, include_text=True) -> _Call:
    return _Call("POST", "/deidentify", DeidentifyResult.from_json,
                 {"text": text, "strategy": strategy, **_options(entity_types, threshold, include_text)})


def _redact(text, entity_types, threshold, include_text=True) -> _Call:
    return _Call("POST", "/redact", DeidentifyResult.from_json,
                 {"text": text, **_options(entity_types, threshold, include_text)})


def _batch(texts, strategy, entity_types, threshold, include_text=True) -> _Call:
    return _Call("POST", "/batch", BatchResult.from_json,
                 {"texts": list(texts), "strategy": strategy, **_options(entity_types, threshold, include_text)})


def _delete_job(job_id) -> _Call:
    return _Call("DELETE", f"/process/{job_id}", _identity)


def _list_jobs(status, key_id, all_keys, limit, cursor) -> _Call:
    params = {"status": list(status or ()), "key_id": key_id, "all_keys": all_keys or None, "limit": limit,
              "cursor": cursor}
    return _Call("GET", "/process/jobs", JobPage.from_json, params={k: v for k, v in params.items() if v is not None})


def _get_job(job_id) -> _Call:
    return _Call("GET", f"/process/status/{job_id}", JobStatus.from_json)


def _identity(data: Any) -> Any:
    return data


# Called with every status a wait sees, so a caller can draw progress.
OnProgress = Callable[[JobStatus], None]
# The server sends a keepalive every 15 s on a quiet stream; a stream silent for longer is broken.
_STREAM_READ_TIMEOUT_S = 45.0


class _StatusEvents:
    """Server-sent events of GET /process/status/{id}/events, fed one line at a time."""

    def __init__(self) -> None:
        self.event, self.data = "message", []

    def feed(self, line: str) -> JobStatus | None:
        """The status a completed `status` event carries, else None."""
        if line:
            field, _, value = line.partition(":")
            if field == "event":
                self.event = value.strip()
            elif field == "data":
                self.data.append(value.removeprefix(" "))
            return None
        event, data = self.event, "\n".join(self.data)
        self.event, self.data = "message", []
        return JobStatus.from_json(json.loads(data)) if event == "status" and data else None


def _is_event_stream(reply: httpx.Response) -> bool:
    return reply.status_code == 200 and reply.headers.get("content-type", "").startswith("text/event-stream")


def _remaining(deadline: float | None, job_id: str) -> float | None:
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError(f"job {job_id} did not finish in time")
    return left


def _pause(poll_interval: float, deadline: float | None, job_id: str) -> float:
    left = _remaining(deadline, job_id)
    return poll_interval if left is None else min(poll_interval, left)


def _result(call: _Call, reply: httpx.Response) -> Any:
    if reply.is_success:
        return call.parse(reply.json() if reply.content else None)
    try:
        data = reply.json()
        error, detail = data["error"], data["detail"]
    except (ValueError, KeyError, TypeError):
        data, error, detail = {}, reply.reason_phrase, reply.text[:200]
    retry_after = reply.headers.get("retry-after")
    raise PhiGuardError(reply.status_code, error, detail, data.get("request_id") or reply.headers.get("x-request-id"),
                        float(retry_after) if retry_after else None)


def _settings(base_url: str | None, api_key: str | None) -> tuple[str, dict[str, str]]:
    url = (base_url or os.environ.get("PHIGUARD_URL") or DEFAULT_URL).rstrip("/")
    key = api_key or os.environ.get("PHIGUARD_API_KEY")
    return f"{url}/api/v1", ({"X-API-Key": key} if key else {})


class PhiGuardClient:
    """Blocking client. URL and key default to PHIGUARD_URL and PHIGUARD_API_KEY; `transport` is httpx's
    (a proxy, retries, or a mounted test server)."""

    def __init__(self, base_url: str | None = None, api_key: str | None = None, timeout: float = 60.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        url, headers = _settings(base_url, api_key)
        self._http = httpx.Client(base_url=url, headers=headers, timeout=timeout, transport=transport)

    def _send(self, call: _Call) -> Any:
        return _result(call, self._http.request(call.method, call.path, json=call.body, params=call.params))

    def detect(self, text: str, *, entity_types: Sequence[str] | None = None,
               confidence_threshold: float = 0.5) -> DetectResult:
        return self._send(_detect(text, entity_types, confidence_threshold))

    def deidentify(self, text: str, *, strategy: str = "placeholder", entity_types: Sequence[str] | None = None,
                   confidence_threshold: float = 0.5, include_text: bool = True) -> DeidentifyResult:
        """include_text=False: the answer carries no original text (entities without `text`, no replacements)."""
        return self._send(_deidentify(text, strategy, entity_types, confidence_threshold, include_text))

    def redact(self, text: str, *, entity_types: Sequence[str] | None = None,
               confidence_threshold: float = 0.5, include_text: bool = True) -> DeidentifyResult:
        return self._send(_redact(text, entity_types, confidence_threshold, include_text))

    def batch(self, texts: Sequence[str], *, strategy: str = "placeholder", entity_types: Sequence[str] | None = None,
              confidence_threshold: float = 0.5, include_text: bool = True) -> BatchResult:
        return self._send(_batch(texts, strategy, entity_types, confidence_threshold, include_text))

    def entities(self) -> dict:
        return self._send(_Call("GET", "/entities", _identity))

    def health(self) -> dict:
        return self._send(_Call("GET", "/health", _identity))

    def list_jobs(self, *, status: Sequence[str] | None = None, key_id: str | None = None, all_keys: bool = False,
                  limit: int = 20, cursor: str | None = None) -> JobPage:
        """One page of jobs, newest first: the key's own, or another key's / every key's (admins)."""
        return self._send(_list_jobs(status, key_id, all_keys, limit, cursor))

    def iter_jobs(self, *, status: Sequence[str] | None = None, key_id: str | None = None,
                  all_keys: bool = False, page_size: int = 100) -> Iterator[JobStatus]:
        """Every matching job, newest first, following the pages' cursors."""
        cursor = None
        while True:
            page = self.list_jobs(status=status, key_id=key_id, all_keys=all_keys, limit=page_size, cursor=cursor)
            yield from page.jobs
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def get_job(self, job_id: str) -> JobStatus:
        return self._send(_get_job(job_id))

    def delete_job(self, job_id: str) -> None:
        """Deletes the job in any state: its record, inputs and results (the owner's key, or an admin's).
        Raises PhiGuardError 404 for a job that does not exist or that this key may not see."""
        self._send(_delete_job(job_id))

    def wait_job(self, job_id: str, *, on_progress: OnProgress | None = None, timeout: float | None = None,
                 poll_interval: float = 1.0) -> JobStatus:
        """Blocks until the job ends and returns its last status. Follows the server's event stream, and
        polls the status instead where no stream gets through (a buffering proxy, a dropped connection)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        status = self._follow_events(job_id, on_progress, deadline)
        while status is None or not status.finished:
            if status is not None:
                time.sleep(_pause(poll_interval, deadline, job_id))
            status = self.get_job(job_id)
            if on_progress:
                on_progress(status)
        return status

    def _follow_events(self, job_id: str, on_progress: OnProgress | None, deadline: float | None) -> JobStatus | None:
        parser, last = _StatusEvents(), None
        timeout = httpx.Timeout(self._http.timeout.connect, read=_STREAM_READ_TIMEOUT_S)
        try:
            with self._http.stream("GET", f"/process/status/{job_id}/events", timeout=timeout) as reply:
                if not _is_event_stream(reply):
                    return None
                for line in reply.iter_lines():
                    _remaining(deadline, job_id)
                    status = parser.feed(line)
                    if status is not None:
                        last = status
                        if on_progress:
                            on_progress(status)
                        if status.finished:
                            return status
        except httpx.TransportError:
            pass  # a dropped or stalled stream: the caller goes on by polling
        return last

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PhiGuardClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncPhiGuardClient:
    """asyncio client with the same methods as PhiGuardClient."""

    def __init__(self, base_url: str | None = None, api_key: str | None = None, timeout: float = 60.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        url, headers = _settings(base_url, api_key)
        self._http = httpx.AsyncClient(base_url=url, headers=headers, timeout=timeout, transport=transport)

    async def _send(self, call: _Call) -> Any:
        return _result(call, await self._http.request(call.method, call.path, json=call.body, params=call.params))

    async def detect(self, text: str, *, entity_types: Sequence[str] | None = None,
                     confidence_threshold: float = 0.5) -> DetectResult:
        return await self._send(_detect(text, entity_types, confidence_threshold))

    async def deidentify(self, text: str, *, strategy: str = "placeholder",
                         entity_types: Sequence[str] | None = None,
                         confidence_threshold: float = 0.5, include_text: bool = True) -> DeidentifyResult:
        return await self._send(_deidentify(text, strategy, entity_types, confidence_threshold, include_text))

    async def redact(self, text: str, *, entity_types: Sequence[str] | None = None,
                     confidence_threshold: float = 0.5, include_text: bool = True) -> DeidentifyResult:
        return await self._send(_redact(text, entity_types, confidence_threshold, include_text))

    async def batch(self, texts: Sequence[str], *, strategy: str = "placeholder",
                    entity_types: Sequence[str] | None = None, confidence_threshold: float = 0.5,
                    include_text: bool = True) -> BatchResult:
        return await self._send(_batch(texts, strategy, entity_types, confidence_threshold, include_text))

    async def entities(self) -> dict:
        return await self._send(_Call("GET", "/entities", _identity))

    async def health(self) -> dict:
        return await self._send(_Call("GET", "/health", _identity))

    async def list_jobs(self, *, status: Sequence[str] | None = None, key_id: str | None = None,
                        all_keys: bool = False, limit: int = 20, cursor: str | None = None) -> JobPage:
        return await self._send(_list_jobs(status, key_id, all_keys, limit, cursor))

    async def iter_jobs(self, *, status: Sequence[str] | None = None, key_id: str | None = None,
                        all_keys: bool = False, page_size: int = 100) -> AsyncIterator[JobStatus]:
        cursor = None
        while True:
            page = await self.list_jobs(status=status, key_id=key_id, all_keys=all_keys, limit=page_size,
                                        cursor=cursor)
            for job in page.jobs:
                yield job
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    async def get_job(self, job_id: str) -> JobStatus:
        return await self._send(_get_job(job_id))

    async def delete_job(self, job_id: str) -> None:
        await self._send(_delete_job(job_id))

    async def wait_job(self, job_id: str, *, on_progress: OnProgress | None = None, timeout: float | None = None,
                       poll_interval: float = 1.0) -> JobStatus:
        deadline = None if timeout is None else time.monotonic() + timeout
        status = await self._follow_events(job_id, on_progress, deadline)
        while status is None or not status.finished:
            if status is not None:
                await asyncio.sleep(_pause(poll_interval, deadline, job_id))
            status = await self.get_job(job_id)
            if on_progress:
                on_progress(status)
        return status

    async def _follow_events(self, job_id: str, on_progress: OnProgress | None,
                             deadline: float | None) -> JobStatus | None:
        parser, last = _StatusEvents(), None
        timeout = httpx.Timeout(self._http.timeout.connect, read=_STREAM_READ_TIMEOUT_S)
        try:
            async with self._http.stream("GET", f"/process/status/{job_id}/events", timeout=timeout) as reply:
                if not _is_event_stream(reply):
                    return None
                async for line in reply.aiter_lines():
                    _remaining(deadline, job_id)
                    status = parser.feed(line)
                    if status is not None:
                        last = status
                        if on_progress:
                            on_progress(status)
                        if status.finished:
                            return status
        except httpx.TransportError:
            pass  # a dropped or stalled stream: the caller goes on by polling
        return last

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncPhiGuardClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
