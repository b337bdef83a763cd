"""The edge's logic between the REST schemas and the inference gRPC API."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from phiguard.common.strategies import SHARED_STATE_STRATEGIES
from phiguard.edge.clients import GrpcClients, call
from phiguard.edge.config import EdgeSettings
from phiguard.edge.errors import ApiError
from phiguard.edge.schemas import Entity
from phiguard.v1 import inference_pb2


class DeidService:
    def __init__(self, clients: GrpcClients, settings: EdgeSettings) -> None:
        self.clients = clients
        self.settings = settings

    def check_text(self, text: str, field: str = "text") -> None:
        if len(text) > self.settings.max_text_chars:
            raise ApiError(400, f"{field}: must be at most {self.settings.max_text_chars} characters")
        if not text:
            raise ApiError(400, f"{field}: must not be empty")

    async def detect(self, text: str, entity_types: Sequence[str] | None, threshold: float,
                     request_id: str) -> inference_pb2.DetectResponse:
        self.check_text(text)
        request = inference_pb2.DetectRequest(text=text, entity_types=entity_types or [],
                                              confidence_threshold=threshold, request_id=request_id)
        return await call(self.clients.inference.Detect, request, timeout=self.settings.inference_timeout_s,
                          service="inference", idempotent=True)

    async def deidentify(self, text: str, strategy: str, entity_types: Sequence[str] | None, threshold: float,
                         request_id: str, field: str = "text", state: bytes = b"", *, tenant: str
                         ) -> inference_pb2.DeidentifyResponse:
        """`tenant`: the caller's API key id, which keys the hash strategy."""
        self.check_text(text, field)
        request = inference_pb2.DeidentifyRequest(text=text, strategy=strategy, entity_types=entity_types or [],
                                                  confidence_threshold=threshold, request_id=request_id,
                                                  consistency_state=state, tenant=tenant)
        return await call(self.clients.inference.Deidentify, request, timeout=self.settings.inference_timeout_s,
                          service="inference", idempotent=True)

    async def batch(self, texts: Sequence[str], strategy: str, entity_types: Sequence[str] | None,
                    threshold: float, request_id: str, *, tenant: str) -> list[inference_pb2.DeidentifyResponse]:
        if len(texts) > self.settings.max_batch_texts:
            raise ApiError(400, f"texts: at most {self.settings.max_batch_texts} texts per batch")
        for i, text in enumerate(texts):
            self.check_text(text, f"texts.{i}")
        if strategy in SHARED_STATE_STRATEGIES:
            # One batch is one request: its texts share one replacement state, threaded through them in
            # order as the worker threads it through a job's documents, so "John Smith" keeps one tag.
            replies, state = [], b""
            for text in texts:
                reply = await self.deidentify(text, strategy, entity_types, threshold, request_id, state=state,
                                              tenant=tenant)
                state = reply.consistency_state or state
                replies.append(reply)
            return replies
        # Concurrent calls let inference's dynamic batcher group them.
        return await asyncio.gather(*(
            self.deidentify(text, strategy, entity_types, threshold, request_id, tenant=tenant) for text in texts))


def entities(response, include_text: bool = True) -> list[Entity]:
    return [Entity(entity_type=e.entity_type, text=e.text if include_text else None, start=e.start, end=e.end,
                   confidence=round(e.confidence, 4)) for e in response.entities]
