"""A shipped int8 graph converted back into a trainable checkpoint (training/convert_shipped.py) computes what the
graph computes, for the six-layer default and the three-layer distilled student alike.

Needs torch, transformers and the base model's config (the training venv, training/setup.sh); without them these
tests skip."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="torch is installed in the training venv by training/setup.sh")
pytest.importorskip("transformers", reason="installed in the training venv by training/setup.sh")
pytest.importorskip("onnx", reason="installed in the training venv by training/setup.sh")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))

from build_model import base_model  # noqa: E402
from convert_shipped import checkpoint_of, convert  # noqa: E402


@pytest.mark.parametrize("name, layers", [("phiguard-ner", 6), ("phiguard-ner-fast", 3)])
def test_a_shipped_model_converts_back_with_its_own_depth(tmp_path, name, layers):
    from transformers import BertForTokenClassification

    # convert() checks that the checkpoint's labels agree with the graph's on a sentence, and raises if not
    out = convert(ROOT / "models" / name, base_model(), tmp_path / name)
    model = BertForTokenClassification.from_pretrained(str(out))
    assert model.config.num_hidden_layers == layers


def test_a_shipped_student_keeps_its_layers_and_rounds_for_the_next_distillation(tmp_path):
    out = checkpoint_of(ROOT / "models" / "phiguard-ner-fast", tmp_path / "student-pt")
    info = json.loads((out / "train_info.json").read_text())
    assert info["layers"] == [0, 2, 5] and info["rounds"]
    assert (out / "tokenizer.json").is_file()


def test_a_checkpoint_is_its_own_checkpoint(tmp_path):
    # a PyTorch directory (build/ft of an earlier round) is used as it is, never converted
    (tmp_path / "config.json").write_text("{}")
    assert checkpoint_of(tmp_path, tmp_path / "unused") == tmp_path
    assert not (tmp_path / "unused").exists()
