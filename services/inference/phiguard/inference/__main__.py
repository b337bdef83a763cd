"""Entry point: `python -m phiguard.inference` serves the InferenceService over gRPC."""

from __future__ import annotations

import asyncio
import logging
import secrets

import redis.asyncio as aioredis
from phiguard.common.grpc_server import GrpcService
from phiguard.common.logging import configure_logging
from phiguard.common.profiles import ProfileStore
from phiguard.common.telemetry import setup_tracing
from phiguard.inference.config import InferenceSettings
from phiguard.inference.engine import build_engine
from phiguard.inference.metrics import observe_batch
from phiguard.inference.profiles import ProfileCache
from phiguard.inference.servicer import InferenceServicer, model_info
from phiguard.v1 import inference_pb2, inference_pb2_grpc
from prometheus_client import start_http_server

log = logging.getLogger("phiguard.inference")


def resolve_providers(requested: list[str]) -> list[str]:
    import onnxruntime as ort  # noqa: PLC0415 - only needed when the model runs

    available = ort.get_available_providers()
    if requested == ["auto"]:
        return [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]
    return requested


CUDA_PROVIDER = "CUDAExecutionProvider"


class CudaUnavailableError(RuntimeError):
    """PHIGUARD_REQUIRE_CUDA is set and the model would not run on CUDA: the process refuses to start."""


def cuda_refusal(require_cuda: bool, active_providers: list[str] | None, available: list[str]) -> str | None:
    """Why the process must not start (None: it may). `active_providers` is the session's own list
    (`InferenceSession.get_providers()`, first = the one that runs the model) or None when no model loads."""
    if not require_cuda:
        return None
    if not active_providers:
        return "PHIGUARD_REQUIRE_CUDA is set but no model is loaded, so nothing would run on CUDA"
    if active_providers[0] != CUDA_PROVIDER:
        return (f"PHIGUARD_REQUIRE_CUDA is set but the active execution provider is {active_providers[0]} "
                f"(onnxruntime offers {available}): the CUDA provider or its CUDA/cuDNN libraries did not load")
    return None


def _refuse_unless_cuda(settings: InferenceSettings, active: list[str] | None) -> None:
    import onnxruntime as ort  # noqa: PLC0415

    reason = cuda_refusal(settings.require_cuda, active, ort.get_available_providers())
    if reason is not None:
        log.error("refusing to start: %s", reason)
        raise CudaUnavailableError(reason)


def load_model(settings: InferenceSettings):
    if settings.require_cuda and not settings.model_enabled:
        _refuse_unless_cuda(settings, None)
    if not settings.model_enabled:
        log.info("model disabled: rules only")
        return None, None
    if not (settings.model_dir / "model.onnx").exists():
        log.warning("model not found: rules only", extra={"model_dir": str(settings.model_dir)})
        _refuse_unless_cuda(settings, None)
        return None, None
    from phiguard.inference.model import DynamicBatcher, ModelRunner  # noqa: PLC0415

    runner = ModelRunner(settings.model_dir, providers=resolve_providers(settings.model_providers),
                         intra_op_threads=settings.model_threads, window_tokens=settings.model_window_tokens,
                         stride_tokens=settings.model_stride_tokens)
    # onnxruntime falls back to CPU silently when the CUDA provider cannot load; the session knows.
    _refuse_unless_cuda(settings, runner.session.get_providers())
    batcher = DynamicBatcher(runner, max_batch_size=settings.batch_max_size, max_wait_ms=settings.batch_max_wait_ms,
                             observer=observe_batch)
    log.info("model loaded", extra={"model": runner.name, "provider": runner.execution_provider})
    return runner, batcher


async def serve(settings: InferenceSettings) -> None:
    if settings.hmac_secret is None:
        log.warning("PHIGUARD_HMAC_SECRET unset: using a random secret, hash replacements change on restart")
        secret = secrets.token_bytes(32)
    else:
        secret = settings.hmac_secret.get_secret_value().encode()
    engine = build_engine(secret, disabled_recognizers=settings.disabled_recognizers)
    runner, batcher = load_model(settings)
    if batcher is not None:
        await batcher.start()
    # Site profiles are read from Redis only when a call names one; without a configured secret they are off
    # (a random secret could not open what the edge sealed).
    redis = None
    store = None
    if settings.hmac_secret is not None:
        redis = aioredis.Redis.from_url(settings.redis_url, socket_timeout=2.0, socket_connect_timeout=2.0)
        store = ProfileStore(redis, secret)
    servicer = InferenceServicer(engine, batcher, model_info(runner, engine.recognizer_names),
                                 default_threshold=0.5, max_text_chars=settings.max_text_chars,
                                 profiles=ProfileCache(store, settings.profile_cache_size))
    service = GrpcService(
        [inference_pb2.DESCRIPTOR.services_by_name["InferenceService"].full_name],
        lambda server: inference_pb2_grpc.add_InferenceServiceServicer_to_server(servicer, server),
        f"{settings.inference_host}:{settings.inference_port}",
        settings.server_credentials(),
    )
    if settings.inference_metrics_port:
        start_http_server(settings.inference_metrics_port, addr=settings.inference_host)
    log.info("inference listening", extra={"port": service.port})
    try:
        await service.serve_until_signal(settings.grace_seconds)
    finally:
        if batcher is not None:
            await batcher.aclose()
        if redis is not None:
            await redis.aclose()


def main() -> None:
    settings = InferenceSettings()
    configure_logging("inference", settings.log_level)
    setup_tracing("inference")
    asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
