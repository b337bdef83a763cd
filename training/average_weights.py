"""Average the weights of fine-tuned checkpoints of one recipe (a "model soup") and export the average as a
shipped model directory: ONNX, int8, the tokenizer, labels and meta, and the thresholds of a model given.

A CPU round that teaches new forms tends to trade a little labelled precision for recall; averaging it with the
checkpoint it started from keeps most of what it learnt and most of what the start knew. Every checkpoint must
share the start's architecture and labels (rounds continued with `build_model.py --init-from`). A shipped
int8 model is a checkpoint too: it is converted back to PyTorch first (`convert_shipped.py`).

Run with the training venv:
  .venv-train/bin/python training/average_weights.py --out models/NAME --version V \\
      --thresholds-from models/phiguard-ner models/phiguard-ner:0.6 build/round11:0.4
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from build_model import BUILD, base_model, export, write_model_files
from convert_shipped import checkpoint_of


def _weighted(arg: str) -> tuple[Path, float]:
    path, _, weight = arg.rpartition(":")
    if not path:
        raise argparse.ArgumentTypeError(f"expected PATH:WEIGHT, got {arg!r}")
    return Path(path), float(weight)


def average(sources: list[tuple[Path, float]], out: Path) -> Path:
    """Writes the weighted average of the checkpoints' parameters (weights summing to 1) to `out`."""
    import torch
    from transformers import BertForTokenClassification

    total = sum(w for _, w in sources)
    if abs(total - 1.0) > 1e-6:
        raise SystemExit(f"weights sum to {total}, not 1")
    merged: dict[str, torch.Tensor] = {}
    model = None
    for i, (source, weight) in enumerate(sources):
        model = BertForTokenClassification.from_pretrained(str(checkpoint_of(source, BUILD / f"average-in-{i}")))
        for name, tensor in model.state_dict().items():
            if not tensor.is_floating_point():
                merged[name] = tensor  # position ids: the same in every checkpoint
            else:
                merged[name] = merged.get(name, torch.zeros_like(tensor)) + weight * tensor
    model.load_state_dict(merged)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    shutil.copy(base_model() / "tokenizer.json", out / "tokenizer.json")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sources", nargs="+", type=_weighted, help="checkpoint or shipped model, with its weight: PATH:W")
    ap.add_argument("--out", type=Path, required=True, help="model directory to write, e.g. models/phiguard-ner")
    ap.add_argument("--version", required=True)
    ap.add_argument("--thresholds-from", type=Path, required=True, help="model directory whose thresholds.json to keep")
    args = ap.parse_args()

    thresholds = json.loads((args.thresholds_from / "thresholds.json").read_text())
    ft = average(args.sources, BUILD / "average")
    export(ft, BUILD / "average-fp32", args.out / "model.onnx")
    write_model_files(args.out, ft, args.out.name, args.version)
    (args.out / "thresholds.json").write_text(json.dumps(thresholds, indent=1) + "\n")
    print(f"wrote {args.out}: " + ", ".join(f"{p} x {w}" for p, w in args.sources))


if __name__ == "__main__":
    main()
