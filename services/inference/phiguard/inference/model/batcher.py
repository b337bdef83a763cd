"""Triton-style dynamic batching in front of a ModelRunner.

Concurrent `submit()` calls are queued; a collector task takes the first waiting request, then
gathers more until `max_batch_size` requests are in hand or `max_wait_ms` has passed since the first
one arrived, and runs `runner.predict` on the whole batch in a dedicated worker thread, so the event
loop is never blocked.  Each caller gets back exactly its own spans.  On CPU, batching does not raise
throughput much (see PERF-FACTS): keep batches small and the wait short; on GPU raise both.
"""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from phiguard.inference.engine.span import Span


class BatcherClosed(RuntimeError):
    pass


class DynamicBatcher:
    def __init__(
        self,
        runner,
        max_batch_size: int = 8,
        max_wait_ms: float = 2.0,
        *,
        workers: int = 1,
        observer: Callable[[int, float], None] | None = None,
    ) -> None:
        """`observer(batch_size, seconds)` is called after every model run (for metrics)."""
        if max_batch_size < 1:
            raise ValueError("max_batch_size must be >= 1")
        self.runner = runner
        self.max_batch_size = int(max_batch_size)
        self.max_wait_s = max(0.0, float(max_wait_ms)) / 1000.0
        self.workers = max(1, int(workers))
        self.observer = observer
        self._queue: asyncio.Queue | None = None
        self._tasks: list[asyncio.Task] = []
        self._executor: ThreadPoolExecutor | None = None
        self._closed = False
        self._inflight: set[asyncio.Task] = set()
        self._sem: asyncio.Semaphore | None = None
        self.batches_run = 0
        self.requests_done = 0

    @property
    def running(self) -> bool:
        return bool(self._tasks) and not self._closed

    async def start(self) -> None:
        if self._tasks:
            return
        if self._closed:
            raise BatcherClosed("batcher is closed")
        self._queue = asyncio.Queue()
        self._sem = asyncio.Semaphore(self.workers)
        self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="phi-model")
        self._tasks = [asyncio.create_task(self._collect(), name="phi-batcher")]

    async def aclose(self) -> None:
        """Stop accepting work, finish what is queued and in flight, release the worker thread."""
        if self._closed:
            return
        self._closed = True
        if self._queue is not None:
            await self._queue.put(None)  # sentinel: collector drains the queue then exits
        for t in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await t
        if self._inflight:
            await asyncio.gather(*self._inflight, return_exceptions=True)
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        self._tasks = []

    async def submit(self, text: str) -> list[Span]:
        if self._closed:
            raise BatcherClosed("batcher is closed")
        if not self._tasks:
            await self.start()
        fut: asyncio.Future = asyncio.get_running_loop().create_future()
        await self._queue.put((text, fut))  # type: ignore[union-attr]
        return await fut

    async def _collect(self) -> None:
        q = self._queue
        assert q is not None and self._sem is not None
        stop = False
        while not stop:
            item = await q.get()
            if item is None:
                stop = True
                batch = self._drain_nowait(q)
                if not batch:
                    break
            else:
                batch = [item]
                deadline = time.monotonic() + self.max_wait_s
                while len(batch) < self.max_batch_size:
                    remaining = deadline - time.monotonic()
                    try:
                        nxt = q.get_nowait() if remaining <= 0 else await asyncio.wait_for(q.get(), remaining)
                    except (asyncio.TimeoutError, asyncio.QueueEmpty):
                        break
                    if nxt is None:
                        stop = True
                        batch.extend(self._drain_nowait(q))
                        break
                    batch.append(nxt)
            # split what we hold into runs of at most max_batch_size
            for i in range(0, len(batch), self.max_batch_size):
                chunk = [b for b in batch[i : i + self.max_batch_size] if not b[1].cancelled()]
                if not chunk:
                    continue
                await self._sem.acquire()
                task = asyncio.create_task(self._run(chunk))
                self._inflight.add(task)
                task.add_done_callback(self._inflight.discard)

    @staticmethod
    def _drain_nowait(q: asyncio.Queue) -> list:
        out = []
        while True:
            try:
                it = q.get_nowait()
            except asyncio.QueueEmpty:
                return out
            if it is not None:
                out.append(it)

    async def _run(self, chunk: list) -> None:
        loop = asyncio.get_running_loop()
        texts = [t for t, _ in chunk]
        t0 = time.perf_counter()
        try:
            results = await loop.run_in_executor(self._executor, self.runner.predict, texts)
        except BaseException as exc:  # noqa: BLE001 - every caller gets the failure
            for _, fut in chunk:
                if not fut.done():
                    fut.set_exception(exc if isinstance(exc, Exception) else RuntimeError("model run aborted"))
            return
        finally:
            self._sem.release()  # type: ignore[union-attr]
        dt = time.perf_counter() - t0
        self.batches_run += 1
        self.requests_done += len(chunk)
        if self.observer is not None:
            with contextlib.suppress(Exception):
                self.observer(len(chunk), dt)
        for (_, fut), res in zip(chunk, results):
            if not fut.done():
                fut.set_result(res)
