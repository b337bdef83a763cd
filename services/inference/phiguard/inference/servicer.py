"""gRPC InferenceService: the model (through the dynamic batcher) plus the rule engine."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

import grpc
from phiguard.common.entities import ENTITY_TYPE_NAMES
from phiguard.common.logging import request_id_var
from phiguard.common.version import VERSION
from phiguard.inference.engine import DeidEngine, EngineInputError, ProfileStats, SiteProfile
from phiguard.inference.engine.span import Span
from phiguard.inference.metrics import (
    CHARS_PROCESSED,
    ENTITIES,
    MODEL_INFO,
    MODEL_WAIT_SECONDS,
    PROFILE_ALLOW_VETOES,
    PROFILE_HITS,
    TEXT_CHARS,
    observe_stage,
)
from phiguard.inference.profiles import ProfileCache, ProfileUnavailable
from phiguard.v1 import inference_pb2, inference_pb2_grpc

log = logging.getLogger(__name__)


def _entities(text: str, spans: Sequence[Span]) -> list[inference_pb2.Entity]:
    TEXT_CHARS.observe(len(text))
    for span in spans:
        ENTITIES.labels(span.entity_type).inc()
    return [
        inference_pb2.Entity(entity_type=s.entity_type, start=s.start, end=s.end, confidence=s.confidence,
                             text=text[s.start:s.end], source=s.source)
        for s in spans
    ]


class InferenceServicer(inference_pb2_grpc.InferenceServiceServicer):
    def __init__(self, engine: DeidEngine, batcher, model_info: inference_pb2.ModelInfo,
                 default_threshold: float, max_text_chars: int, profiles: ProfileCache | None = None) -> None:
        self.engine = engine
        self.batcher = batcher
        self.model_info = model_info
        self.default_threshold = default_threshold
        self.max_text_chars = max_text_chars
        self.profiles = profiles or ProfileCache(None)

    async def _profile(self, request, context: grpc.aio.ServicerContext) -> SiteProfile | None:
        if not request.profile:
            return None
        try:
            profile = await self.profiles.get(request.profile)
        except ProfileUnavailable as exc:
            # Never run without the profile the call asked for: the caller would get less than it expects.
            await context.abort(grpc.StatusCode.UNAVAILABLE, str(exc))
        if profile is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, "profile: no site profile by that name")
        return profile

    @staticmethod
    def _log_profile(profile: SiteProfile | None, stats: ProfileStats, spans: Sequence[Span]) -> dict:
        if profile is None:
            return {}
        for span in spans:
            if span.source.startswith("profile:"):
                PROFILE_HITS.labels(profile.name, span.entity_type).inc()
        if stats.allow_vetoes:
            # Every use of the allow list is logged, as a count: it is the one way a profile reports less.
            PROFILE_ALLOW_VETOES.labels(profile.name).inc(stats.allow_vetoes)
            log.info("profile allow list used", extra={"profile": profile.name, "profile_version": profile.version,
                                                       "allow_vetoes": stats.allow_vetoes})
        return {"profile": profile.name, "profile_version": profile.version, "profile_hits": stats.hits,
                "profile_added": stats.added, "allow_vetoes": stats.allow_vetoes}

    async def _validate(self, request, context: grpc.aio.ServicerContext) -> float:
        request_id_var.set(request.request_id or None)
        # Messages name the field and the limit, never the submitted text.
        if not request.text:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "text must not be empty")
        if len(request.text) > self.max_text_chars:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"text exceeds {self.max_text_chars} characters")
        unknown = set(request.entity_types) - ENTITY_TYPE_NAMES
        if unknown:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"entity_types: {len(unknown)} unknown type(s)")
        threshold = request.confidence_threshold if request.HasField("confidence_threshold") else self.default_threshold
        if not 0.0 <= threshold <= 1.0:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "confidence_threshold must be between 0 and 1")
        return threshold

    async def _model_spans(self, text: str) -> list[Span]:
        if self.batcher is None:
            return []
        with MODEL_WAIT_SECONDS.time():
            spans = await self.batcher.submit(text)
        CHARS_PROCESSED.inc(len(text))
        return spans

    def _start_model(self, text: str) -> Callable[[], list[Span]]:
        """Start the model on `text` now and return a call that waits for its spans: the engine makes that call
        from its worker thread after the rules have proposed, so rules and model run at the same time."""
        return asyncio.run_coroutine_threadsafe(self._model_spans(text), asyncio.get_running_loop()).result

    async def Detect(self, request, context):
        threshold = await self._validate(request, context)
        profile = await self._profile(request, context)
        model_spans = self._start_model(request.text)
        stats = ProfileStats()
        # Rules are CPU work: off the event loop so concurrent calls keep flowing into the batcher.
        spans = await asyncio.to_thread(
            self.engine.detect, request.text, entity_types=list(request.entity_types) or None,
            threshold=threshold, model_spans=model_spans, on_stage=observe_stage, profile=profile,
            profile_stats=stats,
        )
        log.info("detect", extra={"chars": len(request.text), "entities": len(spans),
                                  **self._log_profile(profile, stats, spans)})
        return inference_pb2.DetectResponse(entities=_entities(request.text, spans), text_length=len(request.text))

    async def Deidentify(self, request, context):
        threshold = await self._validate(request, context)
        profile = await self._profile(request, context)
        model_spans = self._start_model(request.text)
        stats = ProfileStats()
        try:
            result = await asyncio.to_thread(
                self.engine.deidentify, request.text, strategy=request.strategy or "placeholder",
                entity_types=list(request.entity_types) or None, threshold=threshold,
                model_spans=model_spans, state=request.consistency_state, on_stage=observe_stage,
                tenant=request.tenant, profile=profile, profile_stats=stats,
            )
        except EngineInputError as exc:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))
        log.info("deidentify", extra={"chars": len(request.text), "entities": len(result.spans),
                                      "strategy": request.strategy or "placeholder",
                                      **self._log_profile(profile, stats, result.spans)})
        return inference_pb2.DeidentifyResponse(
            deidentified_text=result.text, entities=_entities(request.text, result.spans),
            replacements_made=result.replacements, consistency_state=result.state,
        )

    async def GetModelInfo(self, request, context):
        return self.model_info


def model_info(runner, recognizers: Sequence[str]) -> inference_pb2.ModelInfo:
    if runner is None:
        info = inference_pb2.ModelInfo(model_name="rules-only", model_version=VERSION, model_loaded=False,
                                       execution_provider="none", recognizers=list(recognizers))
    else:
        info = inference_pb2.ModelInfo(model_name=runner.name, model_version=runner.version, model_loaded=True,
                                       execution_provider=runner.execution_provider, recognizers=list(recognizers))
    MODEL_INFO.labels(info.model_name, info.model_version, info.execution_provider).set(1)
    return info
