"""The student a distillation starts from (training/distill.py): the teacher's embeddings, head and chosen layers,
in order, and nothing else; a student that keeps every layer computes what the teacher computes.

Needs torch and transformers (the training venv, training/setup.sh); without them these tests skip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch", reason="torch is installed in the training venv by training/setup.sh")
transformers = pytest.importorskip("transformers", reason="installed in the training venv by training/setup.sh")
pytest.importorskip("names", reason="training data packages are installed by training/setup.sh")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

from distill import student_from  # noqa: E402


@pytest.fixture(scope="module")
def teacher():
    torch.manual_seed(0)
    cfg = transformers.BertConfig(vocab_size=64, hidden_size=32, num_hidden_layers=4, num_attention_heads=4,
                                  intermediate_size=64, num_labels=5)
    return transformers.BertForTokenClassification(cfg).eval()


def test_student_takes_the_chosen_layers_in_order(teacher):
    student = student_from(teacher, [0, 3])
    assert student.config.num_hidden_layers == 2
    t, s = teacher.state_dict(), student.state_dict()
    for k, v in s.items():
        src = k.replace("encoder.layer.1.", "encoder.layer.3.") if "encoder.layer.1." in k else k
        assert torch.equal(v, t[src]), k
    assert not any("encoder.layer.2." in k for k in s)


def test_a_student_with_every_layer_is_the_teacher(teacher):
    student = student_from(teacher, [0, 1, 2, 3]).eval()
    ids = torch.randint(1, 64, (2, 9))
    with torch.no_grad():
        assert torch.allclose(student(input_ids=ids).logits, teacher(input_ids=ids).logits)


@pytest.mark.parametrize("layers", [[], [1, 0], [0, 4], [2, 2]])
def test_bad_layer_choices_are_refused(teacher, layers):
    with pytest.raises(ValueError):
        student_from(teacher, layers)


def test_batches_of_short_windows_train(teacher):
    """A batch whose windows are all shorter than the matrix is cut to its longest window and still trains (the
    loss views the labels flat, which a column slice of the wider matrix would refuse)."""
    import numpy as np
    from trainer import batches, optimizer, update

    ids = np.random.default_rng(0).integers(1, 64, (12, 128))
    ids[:, 40:] = 0
    labels = np.where(ids > 0, np.random.default_rng(1).integers(0, 5, (12, 128)), -100)
    model = student_from(teacher, [0, 1, 2, 3]).train()
    named, opt, sched = optimizer(model, 1e-3, 3)
    seen = []
    for x, y in batches(ids, labels, 4, 3, seed=5):
        assert x.shape == (4, 40) and y.shape == (4, 40)
        seen.append(update(model(input_ids=x, attention_mask=(x != 0).long(), labels=y).loss, named, opt, sched))
    assert len(seen) == 3 and all(np.isfinite(seen))
