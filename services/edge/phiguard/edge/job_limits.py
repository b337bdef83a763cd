"""Bounds on what async jobs may take from the edge and the job store, besides the upload caps.

- Store room: a job is refused (507) before anything is written when Redis, at its maxmemory, could not
  hold it with `job_store_headroom` to spare; otherwise the store would fill mid-write and later jobs,
  rate-limit buckets and key records alike would fail.
- Progress streams: each server-sent-events stream holds a Redis connection (its subscription), so one
  edge process serves at most `max_event_streams` at once (503 beyond), and a stream whose job has not
  changed for `event_stream_idle_s` ends with an `idle` event.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

from phiguard.common.jobs.store import Document
from phiguard.edge.config import EdgeSettings
from phiguard.edge.errors import ApiError
from redis.asyncio import Redis
from redis.exceptions import RedisError

# Bytes of store a job takes per byte of its documents, an estimate with room to spare: the inputs, the
# results (the de-identified text, about as long, plus each entity), the stream entries and Redis's overhead.
FOOTPRINT = 4


def footprint(documents: Sequence[Document]) -> int:
    """Estimated store bytes of a job's documents (UTF-8 size, without encoding each text)."""
    total = 0
    for d in documents:
        # ASCII text (CPython knows without scanning) is its own UTF-8 size; only other text is encoded.
        total += len(d.text) if d.text.isascii() else len(d.text.encode("utf-8", "surrogatepass"))
        total += len(d.id)
    return FOOTPRINT * total


async def check_store_room(redis: Redis, settings: EdgeSettings, documents: Sequence[Document]) -> None:
    try:
        info = await redis.info("memory")
    except RedisError:
        raise ApiError(503, "job store is unavailable", {"Retry-After": "1"}) from None
    maxmemory = int(info.get("maxmemory") or 0)
    if not maxmemory:
        return  # no cap configured: the store grows until the host runs out, nothing to compare with
    used = int(info.get("used_memory") or 0)
    room = maxmemory * (1 - settings.job_store_headroom) - used
    if footprint(documents) > room:
        raise ApiError(507, "The job store cannot hold this job now; retry later or submit fewer or smaller "
                            "documents", {"Retry-After": "60"})


_IDLE_EVENT = b'event: idle\ndata: {"detail": "No change for a while; reconnect to keep waiting"}\n\n'


class _Slot:
    """One admitted stream. Released when the stream ends, or when its generator is dropped unstarted
    (a client that left before the body began): a leaked slot would shrink the cap for good."""

    def __init__(self, streams: EventStreams) -> None:
        self._streams: EventStreams | None = streams

    def release(self) -> None:
        if self._streams is not None:
            self._streams.open -= 1
            self._streams = None

    def __del__(self) -> None:
        self.release()


class EventStreams:
    """Counts the progress streams of one edge process and ends idle ones."""

    def __init__(self, limit: int, idle_s: float) -> None:
        self.limit = limit
        self.idle_s = idle_s
        self.open = 0

    def stream(self, events: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        """Admit a stream (503 when every slot is taken) and return its body: `events` until it ends, the
        client leaves, or `idle_s` passes without a status change."""
        if self.open >= self.limit:
            raise ApiError(503, f"At most {self.limit} progress streams at once; poll the job's status instead, "
                                "or retry later", {"Retry-After": "5"})
        self.open += 1
        return self._body(events, _Slot(self))

    async def _body(self, events: AsyncIterator[bytes], slot: _Slot) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        last_change = loop.time()
        try:
            while True:
                left = self.idle_s - (loop.time() - last_change)
                if left <= 0:
                    yield _IDLE_EVENT
                    return
                try:
                    chunk = await asyncio.wait_for(anext(events), timeout=left)
                except StopAsyncIteration:
                    return
                except TimeoutError:
                    yield _IDLE_EVENT
                    return
                if not chunk.startswith(b":"):  # keepalive comments are not a change
                    last_change = loop.time()
                yield chunk
        finally:
            slot.release()
            await events.aclose()
