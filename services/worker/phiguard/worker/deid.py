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


@dataclass(frozen=True)
class Options:
    strategy: str
    entity_types: list[str]
    threshold: float
    request_id: str
    # The job's owner (its API key id): keys the hash strategy as it does for the owner's direct calls.
    tenant: str = ""
    # The job's site profile (empty: none); inference reads its current version at every window.
    profile: str = ""


@dataclass
class DocResult:
    text: str
    spans: list[Span]
    state: bytes
    windows: int

    def as_result(self, doc_id: str, include_text: bool = True) -> dict:
        # Without include_text the result never holds the original text, stored or returned.
        entities = [{"entity_type": s.entity_type, **({"text": s.text} if include_text else {}), "start": s.start,
                     "end": s.end, "confidence": round(s.confidence, 4)} for s in self.spans]
        return {"id": doc_id, "deidentified_text": self.text, "entities_found": entities,
                "entity_count": len(entities)}


# Called before each window: raises to stop (a cancelled job, an entry another worker took over).
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
            confidence_threshold=options.threshold, request_id=options.request_id, consistency_state=state,
            tenant=options.tenant, profile=options.profile)

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
        calls = 0

        async def call(i: int, window_state: bytes) -> inference_pb2.DeidentifyResponse:
            nonlocal calls
            await guard()
            start, end = windows[i]
            reply = await self.client.deidentify(self._request(text[start:end], options, window_state))
            metrics.CHUNKS.inc()
            calls += 1
            await progress(calls)
            return reply

        # Pass 1, in order: each window learns the values found before it (the state carries keyed
        # digests of them), so the state after the last window knows every value in the document.
        replies: list[inference_pb2.DeidentifyResponse] = []
        after: list[bytes] = []
        current = state
        for i in range(len(windows)):
            reply = await call(i, current)
            current = reply.consistency_state or current
            replies.append(reply)
            after.append(current)
        final = current
        # Pass 2: a single call finds a value everywhere once it is found anywhere; a window that ran
        # before a later window learnt something runs again with the final state. The state is
        # deterministic, so an unchanged state means an unchanged answer and no second call.
        again = [i for i in range(len(windows)) if after[i] != final]
        gate = asyncio.Semaphore(self.settings.window_concurrency)

        async def rerun(i: int) -> None:
            async with gate:
                replies[i] = await call(i, final)

        await _gather_or_cancel([rerun(i) for i in again])

        pieces, spans = [], []
        for (start, end), reply in zip(windows, replies, strict=True):
            found = [Span(e.start, e.end, e.entity_type, e.text, e.confidence) for e in reply.entities]
            window_pieces = decompose(start, text[start:end], found, reply.deidentified_text,
                                      dict(reply.replacements_made))
            pieces.append(window_pieces)
            spans.append([p.span for p in window_pieces if p.span is not None])
        out, kept = stitch(text, windows, pieces, spans)
        return DocResult(out, kept, final, calls)


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
