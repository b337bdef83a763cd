"""The model identity /health and /version report, fetched from inference in the background.

/health is liveness and must not call dependencies, so it reads this cache instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import grpc

from phiguard.v1 import inference_pb2, inference_pb2_grpc

log = logging.getLogger(__name__)


class ModelInfoCache:
    def __init__(self, channel: grpc.aio.Channel, interval_s: float = 30.0) -> None:
        self._stub = inference_pb2_grpc.InferenceServiceStub(channel)
        self._interval_s = interval_s
        self._task: asyncio.Task | None = None
        self.info = inference_pb2.ModelInfo(model_name="unknown", model_loaded=False)

    async def refresh(self) -> bool:
        try:
            self.info = await self._stub.GetModelInfo(inference_pb2.ModelInfoRequest(), timeout=2.0)
        except grpc.aio.AioRpcError as exc:
            log.debug("model info unavailable", extra={"code": exc.code().name})
            return False
        return True

    async def _poll(self) -> None:
        while True:
            # Quick retries until inference first answers, then a slow refresh.
            delay = self._interval_s if await self.refresh() else 1.0
            await asyncio.sleep(delay)

    def start(self) -> None:
        self._task = asyncio.create_task(self._poll())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
