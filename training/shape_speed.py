"""Speed of candidate student shapes on this CPU, all in one run: the speed column of the student table.

Speed does not depend on the weights, so each shape is a randomly initialised BertForTokenClassification with the
shipped model's vocabulary and labels, exported and quantized exactly as `build_model.export` ships a model
(dynamic int8, per channel). Optionally the same for static int8 (QDQ, activations calibrated on real windows).
Timing: onnxruntime on real 128-token windows, batch 1, rounds interleaved across shapes, median of rounds.

    .venv-train/bin/python training/shape_speed.py [--shapes 6x384,4x384,3x384,2x384,4x256,3x256] [--static] \
        [--models models/<name> ...]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from build_model import LABELS, ROOT, export

MODEL = ROOT / "models" / "phiguard-ner"


def make_shape(layers: int, hidden: int, out: Path) -> Path:
    import torch
    from transformers import BertConfig, BertForTokenClassification

    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=19730, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=hidden // 32,
                     intermediate_size=4 * hidden, num_labels=len(LABELS))
    ft = out / "pt"
    BertForTokenClassification(cfg).save_pretrained(str(ft))
    export(ft, out / "fp32", out / "int8" / "model.onnx")
    return out


def real_windows(n: int, length: int = 128) -> list[np.ndarray]:
    from tokenizers import Tokenizer

    sys.path.insert(0, str(ROOT / "eval"))
    from carriers import held_out_mtsamples

    tok = Tokenizer.from_file(str(MODEL / "tokenizer.json"))
    ids: list[int] = []
    for _, text in held_out_mtsamples():
        ids.extend(tok.encode(text, add_special_tokens=False).ids)
    body, cls, sep = length - 2, tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    return [np.array([[cls, *ids[i : i + body], sep]], dtype=np.int64) for i in range(0, body * n, body)][:n]


def session(path: Path, threads: int):
    """An onnxruntime session set up as the service's runner sets one up."""
    import onnxruntime as ort
    from phiguard.inference.model.runner import session_options

    return ort.InferenceSession(str(path), sess_options=session_options(threads), providers=["CPUExecutionProvider"])


def feeds(ids: np.ndarray) -> dict[str, np.ndarray]:
    return {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}


def tokens_per_s(sess, windows: list[np.ndarray]) -> float:
    t0 = time.perf_counter()
    for w in windows:
        sess.run(None, feeds(w))
    return sum(w.size for w in windows) / (time.perf_counter() - t0)


def quantize_static_qdq(fp32: Path, out: Path, windows: list[np.ndarray]) -> Path:
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.it = iter(windows)

        def get_next(self):
            w = next(self.it, None)
            return None if w is None else feeds(w)

    pre = out.with_name("pre.onnx")
    quant_pre_process(str(fp32), str(pre), skip_symbolic_shape=True)
    quantize_static(str(pre), str(out), Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    extra_options={"ActivationSymmetric": False, "WeightSymmetric": True})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shapes", default="6x384,4x384,3x384,2x384,4x256,3x256")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--windows", type=int, default=150)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--static", action="store_true", help="also static int8 (QDQ) of each shape")
    ap.add_argument("--models", nargs="*", default=[], type=Path, help="trained model folders to time beside the shapes")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="shapes-"))
    windows = real_windows(args.windows)
    graphs: dict[str, Path] = {"shipped model (6x384 dynamic int8)": MODEL / "model.onnx"}
    graphs.update({f"{d.name} (trained)": d / "model.onnx" for d in args.models})
    for shape in args.shapes.split(","):
        layers, hidden = (int(x) for x in shape.split("x"))
        d = make_shape(layers, hidden, tmp / shape)
        graphs[f"{shape} dynamic int8"] = d / "int8" / "model.onnx"
        if args.static:
            graphs[f"{shape} static int8 (QDQ)"] = quantize_static_qdq(d / "fp32" / "model.onnx", d / "qdq.onnx", windows[:64])
    sessions = {name: session(path, args.threads) for name, path in graphs.items()}
    for s in sessions.values():
        tokens_per_s(s, windows[:5])
    rates: dict[str, list[float]] = {name: [] for name in sessions}
    for _ in range(args.rounds):
        for name, s in sessions.items():
            rates[name].append(tokens_per_s(s, windows))
    base = statistics.median(rates["shipped model (6x384 dynamic int8)"])
    print(f"{args.windows} real 128-token windows, batch 1, {args.threads} threads, median of {args.rounds} interleaved rounds")
    print(f"{'graph':<40} {'MB':>6} {'tokens/s':>10} {'vs shipped':>11}")
    for name, r in rates.items():
        mb = graphs[name].stat().st_size / 1e6
        print(f"{name:<40} {mb:>6.1f} {statistics.median(r):>10,.0f} {statistics.median(r) / base:>10.2f}x")


if __name__ == "__main__":
    main()
