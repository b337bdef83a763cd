"""GPU throughput of the PHI model's network, for the model card (run on a GPU machine; CI never runs it).

  python3 benchmarks/bench_gpu.py [--model models/phiguard-ner] [--out gpu_bench.json]

Measures, in one run and on the same 128-token windows:
  * onnxruntime with the service's provider rule (CUDA first when the installed onnxruntime build has
    it, else CPU) on the shipped int8 graph, with every core of the machine;
  * the same network in PyTorch on CUDA (fp32 and bf16), batch 1 / 8 / 32 / 128: the ceiling a CUDA
    execution provider could reach, and the figure that says whether a GPU node is worth it.
The network's weights do not change its speed, so PyTorch builds it from the label map and the
architecture in the model card; nothing is downloaded.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
WINDOW = 128


def timed(fn, seconds: float = 3.0) -> tuple[float, int]:
    fn()  # warm-up (kernels, allocator)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        fn()
        n += 1
    return time.perf_counter() - t0, n


def bench_onnxruntime(model_dir: Path, batches: list[int]) -> dict:
    import onnxruntime as ort

    # the rule of phiguard.inference.model.runner.auto_providers, restated: the GPU box lacks the
    # service's other dependencies (Faker, pydantic), and importing the runner imports the engine
    providers = [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in ort.get_available_providers()]
    so = ort.SessionOptions()
    so.intra_op_num_threads = os.cpu_count() or 1
    sess = ort.InferenceSession(str(model_dir / "model.onnx"), so, providers=providers)
    out = {
        "providers": sess.get_providers(),
        "available": ort.get_available_providers(),
        "threads": so.intra_op_num_threads,
    }
    for b in batches:
        ids = np.random.default_rng(0).integers(1000, 19000, size=(b, WINDOW), dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        el, n = timed(lambda feeds=feeds: sess.run(None, feeds))
        out[f"batch{b}_tokens_per_s"] = round(n * b * WINDOW / el)
    return out


def bench_torch(n_labels: int, batches: list[int]) -> dict:
    import torch
    from transformers import BertConfig, BertForTokenClassification

    cfg = BertConfig(vocab_size=19730, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                     intermediate_size=1536, num_labels=n_labels)
    model = BertForTokenClassification(cfg).cuda().eval()
    out = {"device": torch.cuda.get_device_name(), "torch": torch.__version__}
    for dtype in ("fp32", "bf16"):
        for b in batches:
            ids = torch.randint(1000, 19000, (b, WINDOW), device="cuda")
            att = torch.ones_like(ids)

            def step(ids=ids, att=att, dtype=dtype):
                with torch.inference_mode(), torch.autocast("cuda", torch.bfloat16, enabled=dtype == "bf16"):
                    model(input_ids=ids, attention_mask=att).logits.argmax(-1)
                torch.cuda.synchronize()

            el, n = timed(step)
            out[f"{dtype}_batch{b}_tokens_per_s"] = round(n * b * WINDOW / el)
            out[f"{dtype}_batch{b}_ms"] = round(1000 * el / n, 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "phiguard-ner")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    n_labels = len(json.loads((args.model / "labels.json").read_text())["labels"])
    batches = [1, 8, 32, 128]
    res = {"window": WINDOW, "onnxruntime": bench_onnxruntime(args.model, batches)}
    import torch

    if torch.cuda.is_available():
        res["pytorch_cuda"] = bench_torch(n_labels, batches)
        ort_1 = res["onnxruntime"]["batch32_tokens_per_s"]
        res["ratio_bf16_b32_vs_onnxruntime_b32"] = round(res["pytorch_cuda"]["bf16_batch32_tokens_per_s"] / ort_1, 1)
    print(json.dumps(res, indent=1))
    if args.out:
        args.out.write_text(json.dumps(res, indent=1) + "\n")


if __name__ == "__main__":
    main()
