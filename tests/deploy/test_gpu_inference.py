"""GPU inference must really run on the GPU: with PHIGUARD_REQUIRE_CUDA (the chart sets it on GPU pods) the
service refuses to start unless CUDAExecutionProvider is the provider that runs the model.

No GPU can run here (no device, and the venv carries the CPU onnxruntime, whose provider list has no CUDA),
so the decision is tested with the provider lists onnxruntime really reports on this machine: asking for CUDA
and getting CPU must refuse, and the same settings without the requirement must load on CPU as before."""

from __future__ import annotations

import pytest
from deploytools import ROOT, container, render

ort = pytest.importorskip("onnxruntime")

from phiguard.inference.__main__ import (  # noqa: E402
    CudaUnavailableError,
    cuda_refusal,
    load_model,
    resolve_providers,
)
from phiguard.inference.config import InferenceSettings  # noqa: E402

MODEL_DIR = ROOT / "models" / "phiguard-ner"
GPU_PROVIDERS = ["CUDAExecutionProvider", "CPUExecutionProvider"]


def test_this_machine_has_no_cuda_provider():
    # What the rest of this file relies on: the refusal is exercised against a real CPU-only onnxruntime.
    assert "CUDAExecutionProvider" not in ort.get_available_providers()


def test_decision():
    avail = ort.get_available_providers()
    assert cuda_refusal(False, ["CPUExecutionProvider"], avail) is None
    assert cuda_refusal(True, ["CUDAExecutionProvider", "CPUExecutionProvider"], avail) is None
    assert "CPUExecutionProvider" in cuda_refusal(True, ["CPUExecutionProvider"], avail)
    assert cuda_refusal(True, None, avail)  # no model: nothing would run on CUDA
    # CUDA listed but not first (TensorRT or CPU took the model) is not "running on CUDA" either.
    assert cuda_refusal(True, ["CPUExecutionProvider", "CUDAExecutionProvider"], avail)


@pytest.mark.skipif(not (MODEL_DIR / "model.onnx").exists(), reason="models/phiguard-ner not exported")
def test_refuses_to_start_when_cuda_is_asked_for_and_cpu_runs(monkeypatch):
    monkeypatch.setenv("PHIGUARD_MODEL_DIR", str(MODEL_DIR))
    monkeypatch.setenv("PHIGUARD_MODEL_PROVIDERS", '["CUDAExecutionProvider", "CPUExecutionProvider"]')
    monkeypatch.setenv("PHIGUARD_MODEL_THREADS", "1")
    monkeypatch.setenv("PHIGUARD_REQUIRE_CUDA", "true")
    settings = InferenceSettings()
    assert settings.require_cuda and resolve_providers(settings.model_providers) == GPU_PROVIDERS
    with pytest.raises(CudaUnavailableError, match="active execution provider is CPUExecutionProvider"):
        load_model(settings)
    # Without the requirement the same request falls back to CPU, as onnxruntime does.
    monkeypatch.setenv("PHIGUARD_REQUIRE_CUDA", "false")
    runner, batcher = load_model(InferenceSettings())
    assert runner.execution_provider == "CPUExecutionProvider"


def test_refuses_without_a_model(monkeypatch, tmp_path):
    monkeypatch.setenv("PHIGUARD_MODEL_DIR", str(tmp_path))
    monkeypatch.setenv("PHIGUARD_REQUIRE_CUDA", "true")
    with pytest.raises(CudaUnavailableError):
        load_model(InferenceSettings())


def test_chart_requires_cuda_on_gpu_pods_only():
    def env(objs):
        (dep,) = [o for o in objs if o["kind"] == "Deployment" and o["metadata"]["name"] == "rel-phiguard-inference"]
        return {e["name"]: e.get("value") for e in container(dep)["env"]}

    gpu = env(render(sets=("inference.gpu.enabled=true",)))
    assert gpu["PHIGUARD_REQUIRE_CUDA"] == "true"
    assert gpu["PHIGUARD_MODEL_PROVIDERS"].startswith('["CUDAExecutionProvider"')
    assert "PHIGUARD_REQUIRE_CUDA" not in env(render())
