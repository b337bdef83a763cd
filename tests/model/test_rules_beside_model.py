"""The rules run while the model does: a Detect call starts the model, the engine proposes rule spans in its worker
thread, and only then waits for the model's spans.

The model here is a stand-in runner (behind the real DynamicBatcher, servicer and engine) whose predict waits until
the rules have started: with rules run after the model it would wait out its timeout and the test fails. The real
model's spans through this path are covered by the platform tests, which start the real inference process."""
from __future__ import annotations

import threading

import pytest

from phiguard.inference.engine import build_engine
from phiguard.inference.engine.recognizers import RecognizerRegistry
from phiguard.inference.engine.span import Span
from phiguard.inference.model import DynamicBatcher
from phiguard.inference.servicer import InferenceServicer
from phiguard.v1 import inference_pb2

TEXT = "Seen by Dr. Okafor today; daughter Bea called 617-555-0144."
NAME = (TEXT.index("Bea"), TEXT.index("Bea") + 3)
SECRET = b"rules-beside-model-test-secret-0123456789"


class RunnerWaitingForRules:
    def __init__(self, rules_started: threading.Event) -> None:
        self.rules_started = rules_started
        self.saw_rules_running = False

    def predict(self, texts):
        self.saw_rules_running = self.rules_started.wait(timeout=10)
        return [[Span(*NAME, "NAME", 0.9, "model:stand-in")] for _ in texts]


@pytest.fixture
def rules_started(monkeypatch) -> threading.Event:
    started = threading.Event()
    analyze = RecognizerRegistry.analyze

    def marking(self, text):
        started.set()
        return analyze(self, text)

    monkeypatch.setattr(RecognizerRegistry, "analyze", marking)
    return started


@pytest.mark.parametrize("call", ["Detect", "Deidentify"])
async def test_rules_propose_while_the_model_runs(rules_started, call):
    runner = RunnerWaitingForRules(rules_started)
    batcher = DynamicBatcher(runner, max_batch_size=1, max_wait_ms=0)
    servicer = InferenceServicer(build_engine(SECRET), batcher, inference_pb2.ModelInfo(), 0.5, 100_000)
    rules_started.clear()  # building the engine warms its rules up
    request = getattr(inference_pb2, f"{call}Request")(text=TEXT)
    try:
        reply = await getattr(servicer, call)(request, None)
    finally:
        await batcher.aclose()
    assert runner.saw_rules_running
    found = {(e.start, e.end) for e in reply.entities}
    assert NAME in found  # the model's span, resolved with the rules'
    assert any(TEXT[e.start : e.end] == "617-555-0144" for e in reply.entities)  # a rule's


async def test_a_failed_model_run_fails_the_call(monkeypatch):
    class Broken:
        def predict(self, texts):
            raise RuntimeError("model run failed")

    batcher = DynamicBatcher(Broken(), max_batch_size=1, max_wait_ms=0)
    servicer = InferenceServicer(build_engine(SECRET), batcher, inference_pb2.ModelInfo(), 0.5, 100_000)
    try:
        with pytest.raises(RuntimeError, match="model run failed"):
            await servicer.Detect(inference_pb2.DetectRequest(text=TEXT), None)
    finally:
        await batcher.aclose()
