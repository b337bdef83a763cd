"""The edge's logic between the REST schemas and the inference gRPC API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from phiguard.common.strategies import SHARED_STATE_STRATEGIES
from phiguard.edge.clients import GrpcClients, call
from phiguard.edge.config import EdgeSettings
from phiguard.edge.errors import ApiError
from phiguard.edge.schemas import BatchItem, BatchResponse, DeidentifyResponse, DetectResponse, Entity
from phiguard.v1 import inference_pb2


class DeidService:
    """`deadline` (time.monotonic()) is the caller's own deadline, where it has one (gRPC): each inference
    call then gets the shorter of it and inference_timeout_s."""

    def __init__(self, clients: GrpcClients, settings: EdgeSettings, deadline: float | None = None) -> None:
        self.clients = clients
        self.settings = settings
        self.deadline = deadline

    def timeout(self) -> float:
        if self.deadline is None:
            return self.settings.inference_timeout_s
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ApiError(504, "The call's deadline passed")
        return min(left, self.settings.inference_timeout_s)

    def check_text(self, text: str, field: str = "text") -> None:
        if len(text) > self.settings.max_text_chars:
            raise ApiError(400, f"{field}: must be at most {self.settings.max_text_chars} characters")
        if not text:
            raise ApiError(400, f"{field}: must not be empty")

    async def detect(self, text: str, entity_types: Sequence[str] | None, threshold: float,
                     request_id: str, profile: str = "") -> inference_pb2.DetectResponse:
        self.check_text(text)
        request = inference_pb2.DetectRequest(text=text, entity_types=entity_types or [],
                                              confidence_threshold=threshold, request_id=request_id, profile=profile)
        return await call(self.clients.inference.Detect, request, timeout=self.timeout(),
                          service="inference", idempotent=True)

    async def deidentify(self, text: str, strategy: str, entity_types: Sequence[str] | None, threshold: float,
                         request_id: str, field: str = "text", state: bytes = b"", *, tenant: str,
                         profile: str = "") -> inference_pb2.DeidentifyResponse:
        """`tenant`: the caller's API key id, which keys the hash strategy; `profile`: the site profile ("" none)."""
        self.check_text(text, field)
        request = inference_pb2.DeidentifyRequest(text=text, strategy=strategy, entity_types=entity_types or [],
                                                  confidence_threshold=threshold, request_id=request_id,
                                                  consistency_state=state, tenant=tenant, profile=profile)
        return await call(self.clients.inference.Deidentify, request, timeout=self.timeout(),
                          service="inference", idempotent=True)

    async def batch(self, texts: Sequence[str], strategy: str, entity_types: Sequence[str] | None,
                    threshold: float, request_id: str, *, tenant: str,
                    profile: str = "") -> list[inference_pb2.DeidentifyResponse]:
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
                                              tenant=tenant, profile=profile)
                state = reply.consistency_state or state
                replies.append(reply)
            return replies
        # Concurrent calls let inference's dynamic batcher group them.
        return await asyncio.gather(*(
            self.deidentify(text, strategy, entity_types, threshold, request_id, tenant=tenant, profile=profile)
            for text in texts))


def entities(response, include_text: bool = True) -> list[Entity]:
    return [Entity(entity_type=e.entity_type, text=e.text if include_text else None, start=e.start, end=e.end,
                   confidence=round(e.confidence, 4)) for e in response.entities]


# The REST answers, built once: the gRPC API converts these same objects, so both give equal results.
def detect_response(reply) -> DetectResponse:
    found = entities(reply)
    return DetectResponse(entities=found, entity_count=len(found), text_length=reply.text_length)


def deidentify_response(reply, include_text: bool = True) -> DeidentifyResponse:
    found = entities(reply, include_text)
    # Without the original text, replacements_made (original -> replacement) would give it back: empty.
    replacements = dict(reply.replacements_made) if include_text else {}
    return DeidentifyResponse(deidentified_text=reply.deidentified_text, entities_found=found,
                              replacements_made=replacements, entity_count=len(found))


def batch_response(texts: Sequence[str], replies, include_text: bool = True) -> BatchResponse:
    results = [BatchItem(original_text=text if include_text else None, deidentified_text=r.deidentified_text,
                         entity_count=len(r.entities))
               for text, r in zip(texts, replies, strict=True)]
    return BatchResponse(results=results, total_entities=sum(r.entity_count for r in results),
                         documents_processed=len(results))
