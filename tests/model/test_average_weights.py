"""training/average_weights.py: the average of two checkpoints is each parameter's weighted mean, and weights that
do not sum to one are refused. Runs in the training venv (training/setup.sh installs torch and transformers);
without them it skips."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch", reason="the training venv (training/setup.sh) holds torch")
transformers = pytest.importorskip("transformers", reason="the training venv (training/setup.sh) holds transformers")
pytest.importorskip("names", reason="training data packages are installed by training/setup.sh")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

import average_weights  # noqa: E402


def _checkpoint(path: Path, seed: int) -> Path:
    torch.manual_seed(seed)
    config = transformers.BertConfig(
        vocab_size=40, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16, num_labels=3
    )
    transformers.BertForTokenClassification(config).save_pretrained(str(path))
    return path


def test_the_average_is_each_parameters_weighted_mean(tmp_path, monkeypatch):
    a, b = _checkpoint(tmp_path / "a", 1), _checkpoint(tmp_path / "b", 2)
    monkeypatch.setattr(average_weights, "base_model", lambda: a)  # the tokenizer's source: none in a tiny model
    (a / "tokenizer.json").write_text("{}")
    out = average_weights.average([(a, 0.25), (b, 0.75)], tmp_path / "avg")
    load = transformers.BertForTokenClassification.from_pretrained
    sa, sb, so = (load(str(p)).state_dict() for p in (a, b, out))
    name = "classifier.weight"
    assert not torch.allclose(sa[name], sb[name])
    for key, tensor in so.items():
        if tensor.is_floating_point():
            assert torch.allclose(tensor, 0.25 * sa[key] + 0.75 * sb[key], atol=1e-6), key


def test_weights_must_sum_to_one(tmp_path):
    a = _checkpoint(tmp_path / "a", 1)
    with pytest.raises(SystemExit, match="sum to 1.2"):
        average_weights.average([(a, 0.6), (a, 0.6)], tmp_path / "avg")
