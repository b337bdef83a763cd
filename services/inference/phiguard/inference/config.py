"""Inference service settings, read from PHIGUARD_* environment variables (shared ones: phiguard.common.settings)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field

from phiguard.common.settings import GrpcServerSettings, RedisSettings, ServerSecretSettings, TextLimitSettings


class InferenceSettings(GrpcServerSettings, TextLimitSettings, RedisSettings, ServerSecretSettings):
    SERVER_TLS_FIELDS: ClassVar[tuple[str, str, str]] = (
        "inference_tls_cert", "inference_tls_key", "inference_tls_client_ca")

    inference_host: str = Field("127.0.0.1", description="Address the inference gRPC server binds.")
    inference_port: int = Field(50051, description="Port of the inference gRPC server.")
    inference_metrics_port: int = Field(9101, description="Port of the inference Prometheus /metrics endpoint (0 turns it off).")
    model_dir: Path = Field(Path("models/phiguard-ner"), description="Exported token-classification model folder (model.onnx, tokenizer.json, labels.json).")
    model_enabled: bool = Field(True, description="Run the transformer model; false means rules only.")
    model_providers: list[str] = Field(
        default_factory=lambda: ["auto"],
        description='onnxruntime execution providers in order; "auto" puts CUDA first when the runtime has it.',
    )
    require_cuda: bool = Field(
        False, description="Refuse to start unless CUDAExecutionProvider is the active provider (GPU pods: a GPU "
                           "pod whose CUDA libraries fail to load would otherwise hold the GPU and run on CPU).",
    )
    model_threads: int = Field(0, description="onnxruntime intra-op threads (0: one per core).")
    model_window_tokens: int = Field(128, ge=16, le=512, description="Longest window the model reads, in tokens "
                                     "with [CLS] and [SEP]; longer notes are read in overlapping windows.")
    model_stride_tokens: int = Field(32, ge=0, description="Least overlap between neighbouring windows, in tokens: "
                                     "each token is judged in the window where it has the most context.")
    batch_max_size: int = Field(8, ge=1, description="Largest dynamic batch sent to the model.")
    batch_max_wait_ms: float = Field(2.0, ge=0, description="Longest a request waits for others to fill a batch.")
    profile_cache_size: int = Field(
        16, ge=1, description="Site profiles one inference process keeps compiled (least recently used go first).")
    disabled_recognizers: list[str] = Field(default_factory=list, description="Names of rule recognizers to switch off.")
    inference_tls_cert: Path | None = Field(None, description="PEM server certificate; with key and client CA, turns on mutual TLS.")
    inference_tls_key: Path | None = Field(None, description="PEM private key of the server certificate.")
    inference_tls_client_ca: Path | None = Field(None, description="CA whose client certificates may call inference.")
