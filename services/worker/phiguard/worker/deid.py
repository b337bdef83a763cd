"""De-identifying one document of any length: one call when it fits, overlapping windows when not."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from phiguard.common.jobs.chunking import Span, StitchError, decompose, plan_windows, stitch
from phiguard.v1 import inference_pb2
from phiguard.worker import metrics
from phiguard.worker.config import WorkerSettings
from phiguard.worker.inference import InferenceClient, JobFailed

# Strategies whose replacement of a value does not depend on earlier calls: their windows may run at
# once. consistent and surrogate number or seed values in order, so their windows run one by one.
_ORDER_FREE = frozenset({"placeholder", "redact", "hash"})


@dataclass(frozen=True)
class Options:
    strategy: str
    entity_types: list[str]
    threshold: float
    request_id: str


@dataclass
class DocResult:
    text: str
    spans: list[Span]
    state: bytes
    windows: int

    def as_result(self, doc_id: str) -> dict:
        entities = [{"entity_type": s.entity_type, "text": s.text, "start": s.start, "end": s.end,
                     "confidence": round(s.confidence, 4)} for s in self.spans]
        return {"id": doc_id, "deidentified_text": self.text, "entities_found": entities,
                "entity_count": len(entities)}


# Called before each window: raises to stop (cancelled job, shutdown past its grace).
Guard = Callable[[], Awaitable[None]]
# Called after each window with the number of windows finished in this document.
Progress = Callable[[int], Awaitable[None]]


class DocumentDeidentifier:
    def __init__(self, client: InferenceClient, settings: WorkerSettings) -> None:
        self.client = client
        self.settings = settings

    def _request(self, text: str, options: Options, state: bytes) -> inference_pb2.DeidentifyRequest:
        return inference_pb2.DeidentifyRequest(
            text=text, strategy=options.strategy, entity_types=options.entity_types,
            confidence_threshold=options.threshold, request_id=options.request_id, consistency_state=state)

    async def run(self, text: str, options: Options, state: bytes, guard: Guard, progress: Progress) -> DocResult:
        if not text:
            return DocResult("", [], state, 0)
        windows = plan_windows(text, self.settings.chunk_chars, self.settings.chunk_overlap_chars)
        if len(windows) == 1:
            return await self._whole(text, options, state, guard, progress)
        try:
            return await self._windowed(text, windows, options, state, guard, progress)
        except StitchError:
            # Never a silently wrong answer: a window we cannot align is redone as one call when
            # inference accepts that size, and fails the job otherwise.
            if len(text) > 1_000_000:
                raise JobFailed("a document could not be split safely; raise the chunk overlap") from None
            return await self._whole(text, options, state, guard, progress)

    async def _whole(self, text, options, state, guard, progress) -> DocResult:
        await guard()
        reply = await self.client.deidentify(self._request(text, options, state))
        metrics.CHUNKS.inc()
        await progress(1)
        spans = [Span(e.start, e.end, e.entity_type, e.text, e.confidence) for e in reply.entities]
        return DocResult(reply.deidentified_text, spans, reply.consistency_state or state, 1)

    async def _windowed(self, text, windows, options, state, guard, progress) -> DocResult:
        replies: list[inference_pb2.DeidentifyResponse | None] = [None] * len(windows)
        finished = 0

        async def one(i: int, window_state: bytes) -> inference_pb2.DeidentifyResponse:
            nonlocal finished
            await guard()
            start, end = windows[i]
            reply = await self.client.deidentify(self._request(text[start:end], options, window_state))
            metrics.CHUNKS.inc()
            replies[i] = reply
            finished += 1
            await progress(finished)
            return reply

        if options.strategy in _ORDER_FREE:
            gate = asyncio.Semaphore(self.settings.window_concurrency)

            async def gated(i: int) -> None:
                async with gate:
                    await one(i, state)

            await _gather_or_cancel([gated(i) for i in range(len(windows))])
            new_state = replies[-1].consistency_state or state
        else:
            new_state = state
            for i in range(len(windows)):
                new_state = (await one(i, new_state)).consistency_state or new_state

        pieces, spans = [], []
        for (start, end), reply in zip(windows, replies, strict=True):
            found = [Span(e.start, e.end, e.entity_type, e.text, e.confidence) for e in reply.entities]
            window_pieces = decompose(start, text[start:end], found, reply.deidentified_text,
                                      dict(reply.replacements_made))
            pieces.append(window_pieces)
            spans.append([p.span for p in window_pieces if p.span is not None])
        out, kept = stitch(text, windows, pieces, spans)
        return DocResult(out, kept, new_state, len(windows))


async def _gather_or_cancel(coros) -> None:
    # The first failure (a cancelled job, a permanent error) stops the document's other windows.
    tasks = [asyncio.ensure_future(c) for c in coros]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
