"""Convert a shipped PHIGuard model (models/<name>/model.onnx, int8 dynamic quantization) back into a
trainable PyTorch BertForTokenClassification, so a recipe can continue from it (`build_model.py
--init-from`) instead of retraining from Rampart.

The int8 graph holds each Linear weight as a MatMulInteger initialiser q [in, out] with a per-output-column
scale and zero point: W = (q - zp) * scale, the transpose of torch's Linear layout [out, in]. The
embeddings are Gather + DequantizeLinear with one scale and zero point each; biases and LayerNorms stay
float. Rounding to int8 is the only loss: the check at the end compares logits on one sentence.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import onnx
from convert_rampart import logits_both, save_state
from onnx import numpy_helper

_SUFFIX = "/MatMul_quant"


def _dequantized_linears(model: onnx.ModelProto, inits: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for node in model.graph.node:
        if node.op_type != "MatMulInteger" or not node.name.endswith(_SUFFIX):
            continue
        weight = node.input[1]  # "<initialiser>_quantized"
        stem = weight.removesuffix("_quantized")
        q = inits[weight].astype(np.float32)
        w = (q - inits[stem + "_zero_point"].astype(np.float32)) * inits[stem + "_scale"]
        out[node.name.strip("/").removesuffix(_SUFFIX).replace("/", ".") + ".weight"] = np.ascontiguousarray(w.T)
    return out


def convert(model_dir: Path, base_dir: Path, out_dir: Path, verify: bool = True) -> Path:
    """`base_dir` holds the BertConfig the shipped model was trained from (Rampart's, converted)."""
    from transformers import BertConfig, BertForTokenClassification

    graph = onnx.load(str(model_dir / "model.onnx"))
    inits = {i.name: numpy_helper.to_array(i) for i in graph.graph.initializer}
    state = {
        k: v
        for k, v in inits.items()
        if v.dtype == np.float32
        and k.startswith(("bert.", "classifier."))
        and not k.endswith(("_scale", "_zero_point"))
    }
    for emb in ("word", "position", "token_type"):
        base = f"bert.embeddings.{emb}_embeddings.weight"
        q = inits[base + "_quantized"].astype(np.float32)
        state[base] = (q - inits[base + "_zero_point"].astype(np.float32)) * inits[base + "_scale"]
    state.update(_dequantized_linears(graph, inits))
    labels = json.loads((model_dir / "labels.json").read_text())["labels"]
    # A distilled student keeps fewer of the base's layers ("phiguard-ner-fast": three of six), renumbered from 0
    layers = {int(k.split(".")[3]) for k in state if k.startswith("bert.encoder.layer.")}
    cfg = BertConfig.from_pretrained(
        str(base_dir),
        num_hidden_layers=len(layers),
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={lab: i for i, lab in enumerate(labels)},
    )
    pt = save_state(BertForTokenClassification(cfg), state, out_dir)
    if verify:
        ref, got = logits_both(model_dir / "model.onnx", model_dir / "tokenizer.json", pt, _CHECK_SENTENCE)
        # Labels are read on each word's first sub-token only (`words.word_heads`): a near tie on [CLS] or inside a
        # word ("##32" of an MRN) that rounding to int8 tips is never decoded.
        heads = _word_heads(model_dir, _CHECK_SENTENCE)
        agree = float((ref[0, heads].argmax(-1) == got[0, heads].argmax(-1)).mean())
        print(f"int8 -> fp32 conversion: max|logit diff|={float(np.abs(ref - got).max()):.3f}, "
              f"label agreement on {len(heads)} words {agree:.3f}")
        if agree < 0.95:
            raise RuntimeError("converted model disagrees with its ONNX graph")
    return out_dir


TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def checkpoint_of(source: Path, out_dir: Path) -> Path:
    """`source` itself when it is a PyTorch checkpoint; a shipped models/<name> converted back into `out_dir`, with the
    base's tokenizer files and the training record of its metrics.json (a shipped student's rounds go on)."""
    if not (source / "model.onnx").is_file() or (source / "config.json").is_file():
        return source
    import shutil

    from build_model import base_model

    base = base_model()
    out = convert(source, base, out_dir)
    for f in TOKENIZER_FILES:
        shutil.copy(base / f, out / f)
    trained = json.loads((source / "metrics.json").read_text()).get("train", {})
    (out / "train_info.json").write_text(json.dumps(trained) + "\n")
    return out


_CHECK_SENTENCE = "Pt seen by Dr. Okafor at Mercy Hospital on 5/14/2021, call 617-555-0101 re: MRN 4432871."


def _word_heads(model_dir: Path, text: str) -> list[int]:
    from build_model import word_heads  # it puts the runner's package on the path
    from tokenizers import Tokenizer

    enc = Tokenizer.from_file(str(model_dir / "tokenizer.json")).encode(text)
    split = json.loads((model_dir / "meta.json").read_text()).get("word_split", "")
    return [i for i, _, _ in word_heads(text, enc.word_ids, enc.offsets, split)]


if __name__ == "__main__":
    convert(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
