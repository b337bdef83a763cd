"""The shipped model and the engine together (real ONNX model, no mocks), for the tests of whole notes."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def detect():
    """text -> the spans the service would report for it at the default threshold."""
    # imported here: the training venv runs tests/model/test_distill.py and test_training_forms.py with
    # --noconftest, and the service's packages are not what those tests read
    from phiguard.inference.engine import build_engine
    from phiguard.inference.model import ModelRunner, default_model_dir

    engine = build_engine(b"test-secret-for-whole-notes-00000")
    runner = ModelRunner(default_model_dir(), intra_op_threads=2)
    return lambda text: engine.detect(text, model_spans=runner.predict([text])[0])
