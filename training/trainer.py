"""Fine-tuning loop for the PHI token classifier, usable on CPU or CUDA.

Kept free of the data generator and the service code so that it runs on a machine that has only torch,
transformers, onnx and numpy (a GPU box with no package registry): `build_model.py --pack DIR` writes the
encoded windows and Rampart's ONNX graph into DIR, this script trains there, and `build_model.py
--from-weights` finishes (export, quantize, calibrate, evaluate) on the build machine.

    python3 training/trainer.py --pack build/pack --out OUT --device cuda

Only trainable tensors are written back (fp16 safetensors): the frozen embeddings equal Rampart's, so
the round trip stays small.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

WINDOW = 128


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def save_windows(path: Path, windows, labels: list[str]) -> None:
    """Windows as one padded int16/int8 matrix pair (compact enough to ship to a remote trainer)."""
    n = len(windows)
    ids = np.zeros((n, WINDOW), dtype=np.int16)
    lab = np.full((n, WINDOW), -100, dtype=np.int8)
    for r, (a, b) in enumerate(windows):
        ids[r, : len(a)] = a
        lab[r, : len(b)] = b
    np.savez_compressed(path, ids=ids, labels=lab, label_names=np.array(labels))


def load_windows(path: Path):
    z = np.load(path)
    return z["ids"].astype(np.int64), z["labels"].astype(np.int64), [str(x) for x in z["label_names"]]


def init_model(base: Path, labels: list[str], head_init: dict):
    from transformers import BertForTokenClassification

    old = BertForTokenClassification.from_pretrained(str(base))
    old_l2i = old.config.label2id
    model = BertForTokenClassification.from_pretrained(
        str(base), num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={name: i for i, name in enumerate(labels)}, ignore_mismatched_sizes=True,
    )
    import torch

    with torch.no_grad():
        for i, lab in enumerate(labels):
            src = [old_l2i[s] for s in head_init.get(lab, []) if s in old_l2i]
            if src:
                model.classifier.weight[i] = old.classifier.weight[src].mean(0)
                model.classifier.bias[i] = old.classifier.bias[src].mean(0)
    return model


def token_f1(model, ids, labels, device: str, batch: int = 256) -> dict:
    """Word-level (first sub-token) entity-vs-O scores on held-out windows: a cheap model-selection signal."""
    import torch

    model.eval()
    tp = fp = fn = 0
    with torch.no_grad():
        for i in range(0, len(ids), batch):
            x = torch.from_numpy(ids[i : i + batch]).to(device)
            y = labels[i : i + batch]
            att = (x != 0).long()
            with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device.startswith("cuda")):
                logits = model(input_ids=x, attention_mask=att, token_type_ids=torch.zeros_like(x)).logits
            pred = logits.argmax(-1).cpu().numpy()
            m = y != -100
            gp, pp = (y > 0) & m, (pred > 0) & m
            tp += int((gp & pp).sum())
            fp += int((~gp & pp).sum())
            fn += int((gp & ~pp).sum())
    model.train()
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / max(1e-9, p + r), 4)}


def optimizer(model, lr: float, steps: int):
    """AdamW over the trainable parameters (no decay on biases and LayerNorm weights) with a linear warm-up over 6 %
    of `steps` and a linear decay to zero; returns the trainable (name, parameter) pairs too, for clipping."""
    import torch

    no_decay = ("bias", "LayerNorm.weight")
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    opt = torch.optim.AdamW([
        {"params": [p for n, p in named if not any(k in n for k in no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in named if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ], lr=lr)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    return named, opt, sched


def update(loss, named, opt, sched) -> float:
    """One optimiser step on `loss` (gradients clipped to norm 1); returns the loss as a number."""
    import torch

    loss.backward()
    torch.nn.utils.clip_grad_norm_([p for _, p in named], 1.0)
    opt.step()
    sched.step()
    opt.zero_grad(set_to_none=True)
    return float(loss.detach())


def report_step(done: int, steps: int, losses: list[float], t0: float, budget_s: float, every: int) -> bool:
    """Logs the mean loss of the last `every` steps every `every` steps and at the last; True once the wall-clock
    budget is spent, so the caller stops."""
    if done % every == 0 or done == steps:
        log(f"step {done}/{steps} loss {np.mean(losses[-every:]):.4f} {(time.time() - t0) / done:.3f}s/step")
    if time.time() - t0 > budget_s:
        log(f"wall-clock budget {budget_s:.0f}s reached at step {done}; stopping early")
        return True
    return False


def batches(ids: np.ndarray, labels: np.ndarray, batch: int, steps: int, seed: int):
    """`steps` batches of windows in a seeded order, epoch after epoch, each cut to its longest window (contiguous CPU
    tensors)."""
    import torch

    gen = np.random.default_rng(seed)
    X, Y = torch.from_numpy(ids), torch.from_numpy(labels)
    order = np.zeros(0, dtype=np.int64)
    for _ in range(steps):
        if len(order) < batch:
            order = np.concatenate([order, gen.permutation(len(ids))])
        idx, order = order[:batch], order[batch:]
        x, y = X[idx], Y[idx]
        width = int((x != 0).sum(1).max())
        # contiguous: transformers' loss views the labels flat, which a column slice of a wider batch cannot be
        yield x[:, :width].contiguous(), y[:, :width].contiguous()


def train(base: Path, ids, labels, label_names, head_init: dict, *, epochs: float, batch: int, lr: float, seed: int,
          device: str = "cpu", freeze_layers: int = 0, budget_s: float = 1e9, dev=None, threads: int = 2,
          init_from: Path | None = None):
    """Fine-tune; the embeddings stay frozen (Rampart's, trained on far more text than ours).  `init_from` continues
    from an earlier fine-tuned checkpoint with the same labels instead of starting from Rampart's head."""
    import torch

    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    if device == "cpu":
        torch.set_num_threads(threads)
    if init_from is None:
        model = init_model(base, label_names, head_init)
    else:
        from transformers import BertForTokenClassification

        model = BertForTokenClassification.from_pretrained(str(init_from))
        have = [model.config.id2label[i] for i in range(model.config.num_labels)]
        if have != list(label_names):
            raise ValueError(f"{init_from} was trained with other labels: {have}")
    model = model.to(device)
    for p in model.bert.embeddings.parameters():
        p.requires_grad = False
    for layer in model.bert.encoder.layer[:freeze_layers]:
        for p in layer.parameters():
            p.requires_grad = False
    model.train()
    steps = max(1, int(math.ceil(epochs * len(ids) / batch)))
    named, opt, sched = optimizer(model, lr, steps)
    t0, losses, done = time.time(), [], 0
    cuda = device.startswith("cuda")
    for step, (x, y) in enumerate(batches(ids, labels, batch, steps, seed)):
        x, y = x.to(device), y.to(device)
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=cuda):
            out = model(input_ids=x, attention_mask=(x != 0).long(), token_type_ids=torch.zeros_like(x), labels=y)
        losses.append(update(out.loss, named, opt, sched))
        done = step + 1
        if report_step(done, steps, losses, t0, budget_s, every=200):
            break
    model.eval()
    info = {
        "steps": done, "planned_steps": steps, "epochs": epochs, "batch": batch, "lr": lr,
        "seconds": round(time.time() - t0, 1), "final_loss": float(np.mean(losses[-200:])), "device": device,
        "windows": len(ids),
    }
    if cuda:
        info["device_name"] = torch.cuda.get_device_name()
    if dev is not None:
        info["dev_token"] = token_f1(model, dev[0], dev[1], device)
    return model.cpu().float(), info


def save_trainable(model, prefix: Path, shard_bytes: int = 12_000_000) -> list[Path]:
    """fp16 shards small enough for the remote machine's file-size limit on what comes back."""
    from safetensors.torch import save_file

    shards: list[dict] = [{}]
    size = 0
    for n, p in model.named_parameters():
        if not p.requires_grad:
            continue
        t = p.detach().half().contiguous()
        if size and size + t.numel() * 2 > shard_bytes:
            shards.append({})
            size = 0
        shards[-1][n] = t
        size += t.numel() * 2
    paths = [prefix.with_name(f"{prefix.name}-{i}.safetensors") for i in range(len(shards))]
    for sd, path in zip(shards, paths, strict=True):
        save_file(sd, str(path))
    return paths


def load_trainable(base: Path, label_names, head_init: dict, paths: list[Path], out_dir: Path) -> None:
    """Rebuild a full fine-tuned checkpoint from the base weights plus the trained tensors."""
    from safetensors.torch import load_file

    model = init_model(base, label_names, head_init)
    sd = {k: v.float() for path in paths for k, v in load_file(str(path)).items()}
    missing, unexpected = model.load_state_dict(sd, strict=False)
    if unexpected or any(not k.startswith("bert.embeddings") and not k.endswith("position_ids") for k in missing):
        raise RuntimeError(f"weights do not fit the base model: missing={missing[:5]} unexpected={unexpected[:5]}")
    model.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir))
    for f in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"):
        shutil.copy(base / f, out_dir / f)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", type=Path, required=True, help="folder written by build_model.py --pack")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--variants", default="", help="JSON list of hyper-parameter overrides, one model per entry")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from convert_rampart import convert

    cfg = json.loads((args.pack / "train_config.json").read_text())
    base = convert(args.pack / "rampart", Path(tempfile.mkdtemp()) / "rampart-pt")
    ids, labels, names = load_windows(args.pack / "train.npz")
    dev_ids, dev_labels, _ = load_windows(args.pack / "dev.npz")
    log(f"{len(ids)} training windows, {len(dev_ids)} dev windows, device {args.device}")
    variants = json.loads(args.variants) if args.variants else [{}]
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for k, over in enumerate(variants):
        hp = {**cfg["hparams"], **over}
        model, info = train(
            base, ids, labels, names, cfg["head_init"], device=args.device, dev=(dev_ids, dev_labels), **hp
        )
        info["variant"] = k
        log(f"variant {k} {over}: {info}")
        save_trainable(model, args.out / f"weights{k}")
        results.append(info)
    (args.out / "train_info.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
