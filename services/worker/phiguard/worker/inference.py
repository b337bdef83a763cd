"""One long-lived gRPC channel to inference, with deadlines and retries of transient failures."""

from __future__ import annotations

import asyncio
import logging
import random
import time

import grpc
from phiguard.common.grpc_client import open_channel
from phiguard.v1 import inference_pb2, inference_pb2_grpc
from phiguard.worker import metrics
from phiguard.worker.config import WorkerSettings

log = logging.getLogger(__name__)

TRANSIENT = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
                       grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.ABORTED})


class JobFailed(Exception):
    """A permanent failure: the job fails with this message, which must never quote document text."""


class InferenceClient:
    def __init__(self, settings: WorkerSettings) -> None:
        self.settings = settings
        self.channel = open_channel(settings.inference_target, settings.channel_credentials())
        self.stub = inference_pb2_grpc.InferenceServiceStub(self.channel)

    async def close(self) -> None:
        await self.channel.close()

    async def deidentify(self, request: inference_pb2.DeidentifyRequest) -> inference_pb2.DeidentifyResponse:
        s = self.settings
        deadline = time.monotonic() + s.retry_budget_s
        pause = s.retry_backoff_s
        while True:
            started = time.perf_counter()
            try:
                reply = await self.stub.Deidentify(request, timeout=s.window_timeout_s, wait_for_ready=False)
                metrics.INFERENCE_SECONDS.observe(time.perf_counter() - started)
                return reply
            except grpc.aio.AioRpcError as exc:
                code = exc.code()
                if code not in TRANSIENT:
                    # Inference's own messages name fields and limits, never text; keep only the code here
                    # anyway, so nothing a future server says can reach the job record.
                    raise JobFailed(f"inference rejected a window ({code.name})") from None
                if time.monotonic() + pause > deadline:
                    raise JobFailed(f"inference failed for {s.retry_budget_s:.0f} s ({code.name})") from None
                metrics.RETRIES.labels(code.name).inc()
                log.warning("inference call failed, retrying", extra={"code": code.name, "pause_s": round(pause, 2)})
                await asyncio.sleep(random.uniform(pause / 2, pause))
                pause = min(pause * 2, s.retry_backoff_max_s)
