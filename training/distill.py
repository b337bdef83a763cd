"""Distil the shipped token classifier into a shallower student for CPU serving.

The student keeps the teacher's width, tokenizer, embeddings and head, and takes a subset of its encoder layers
(`--layers 0,2,5` keeps three of six): it starts close to the teacher, so a short distillation on CPU recovers
most of what the dropped layers did. Loss per word (first sub-token, as the runner decodes): alpha x KL(teacher
|| student) at temperature T (times T^2) + (1 - alpha) x cross-entropy on the generated gold labels. The
training notes are `build_model.py`'s (phigen, PHI forms in real carrier prose, hard negatives), with their own seed.

    .venv-train/bin/python training/distill.py --teacher models/phiguard-ner --layers 0,2,5 --out build/student
    .venv-train/bin/python training/distill.py --teacher models/phiguard-ner --probe 0,2,5 1,3,5 0,1,2
    .venv-train/bin/python training/distill.py --teacher models/phiguard-ner --student models/phiguard-ner-fast ...
    .venv-train/bin/python training/build_model.py --finish-from build/student --train-info build/student/train_info.json ...

`--probe` prints, for candidate layer subsets before any training, how often the student's word labels agree
with the teacher's on held-out notes: the subset that agrees most is the cheapest start.
"""
from __future__ import annotations

import argparse
import json
import math
import shutil
import time
from pathlib import Path

import numpy as np
from build_model import BUILD, LABELS, encode_docs, windows_matrix
from convert_shipped import TOKENIZER_FILES, checkpoint_of
from trainer import batches, log, optimizer, report_step, token_f1, update

import phigen

def student_from(teacher, layers: list[int]):
    """A BertForTokenClassification with the teacher's embeddings, head and the chosen encoder layers, in order."""
    import copy

    from transformers import BertForTokenClassification

    if sorted(set(layers)) != list(layers) or not layers or layers[-1] >= teacher.config.num_hidden_layers:
        raise ValueError(f"layers must be increasing indices below {teacher.config.num_hidden_layers}: {layers}")
    cfg = copy.deepcopy(teacher.config)
    cfg.num_hidden_layers = len(layers)
    student = BertForTokenClassification(cfg)
    state = {}
    for k, v in teacher.state_dict().items():
        if k.startswith("bert.encoder.layer."):
            idx = int(k.split(".")[3])
            if idx not in layers:
                continue
            k = k.replace(f"bert.encoder.layer.{idx}.", f"bert.encoder.layer.{layers.index(idx)}.", 1)
        state[k] = v
    student.load_state_dict(state, strict=True)
    return student


def word_agreement(teacher, student, ids: np.ndarray, labels: np.ndarray, batch: int = 128) -> float:
    """Share of labelled words (first sub-tokens) where student and teacher pick the same label."""
    import torch

    same = total = 0
    with torch.no_grad():
        for i in range(0, len(ids), batch):
            x = torch.from_numpy(ids[i : i + batch])
            att = (x != 0).long()
            t = teacher(input_ids=x, attention_mask=att).logits.argmax(-1).numpy()
            s = student(input_ids=x, attention_mask=att).logits.argmax(-1).numpy()
            m = labels[i : i + batch] != -100
            same += int((t == s)[m].sum())
            total += int(m.sum())
    return same / max(1, total)


def distill(teacher, student, ids: np.ndarray, labels: np.ndarray, *, epochs: float, batch: int, lr: float,
            temperature: float, alpha: float, seed: int, budget_s: float, threads: int = 2):
    import torch
    import torch.nn.functional as F

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    teacher.eval()
    student.train()
    for p in student.bert.embeddings.parameters():
        p.requires_grad = False
    steps = max(1, int(math.ceil(epochs * len(ids) / batch)))
    named, opt, sched = optimizer(student, lr, steps)
    t0, losses, done = time.time(), [], 0
    for step, (x, y) in enumerate(batches(ids, labels, batch, steps, seed)):
        att = (x != 0).long()
        with torch.no_grad():
            t_logits = teacher(input_ids=x, attention_mask=att).logits
        s_logits = student(input_ids=x, attention_mask=att).logits
        words, gold = y != -100, y >= 0  # prose windows mark words with -1: the teacher alone teaches there
        kd = F.kl_div(F.log_softmax(s_logits[words] / temperature, -1), F.softmax(t_logits[words] / temperature, -1),
                      reduction="batchmean") * temperature**2
        loss = alpha * kd + (1 - alpha) * F.cross_entropy(s_logits[gold], y[gold]) if gold.any() else kd
        losses.append(update(loss, named, opt, sched))
        done = step + 1
        if report_step(done, steps, losses, t0, budget_s, every=50):
            break
    student.eval()
    return {"steps": done, "planned_steps": steps, "epochs": epochs, "batch": batch, "lr": lr,
            "temperature": temperature, "alpha": alpha, "seconds": round(time.time() - t0, 1),
            "final_loss": float(np.mean(losses[-50:])), "device": "cpu", "windows": len(ids)}


def prose_windows(tok, n_docs: int, seed: int):
    """Windows of unlabelled real prose from the training split (MTSamples notes, MTS-Dialog dialogues, as they are,
    their own placeholders and all): every word marked -1, so only the teacher's distribution is learnt there."""
    import random

    texts = phigen.mtsamples_split("train") + phigen.mtsdialog("train")
    docs = [(t, []) for t in random.Random(seed).sample(texts, min(n_docs, len(texts)))]
    return [(ids, [-1 if lab == 0 else lab for lab in labs]) for ids, labs in encode_docs(tok, docs, 128, 32)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--teacher", type=Path, required=True)
    ap.add_argument("--layers", default="0,2,5")
    ap.add_argument("--student", type=Path, default=None,
                    help="continue distilling this student instead of a new one: a PyTorch directory, or a shipped "
                         "models/<name>")
    ap.add_argument("--prose-docs", type=int, default=0, help="unlabelled training-split prose notes, teacher-taught")
    ap.add_argument("--probe", nargs="*", default=None, help="layer subsets to compare before training; no training")
    ap.add_argument("--out", type=Path, default=BUILD / "student")
    ap.add_argument("--seed", type=int, default=20240616)
    ap.add_argument("--train-docs", type=int, default=4000)
    ap.add_argument("--dev-docs", type=int, default=300)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--temperature", type=float, default=2.0)
    ap.add_argument("--alpha", type=float, default=0.7)
    ap.add_argument("--hard-share", type=float, default=0.1)
    ap.add_argument("--forms-share", type=float, default=0.35)
    ap.add_argument("--budget-min", type=float, default=45.0)
    args = ap.parse_args()

    from tokenizers import Tokenizer
    from transformers import BertForTokenClassification

    teacher_dir = checkpoint_of(args.teacher, BUILD / "teacher-pt")
    teacher = BertForTokenClassification.from_pretrained(str(teacher_dir))
    if [teacher.config.id2label[i] for i in range(teacher.config.num_labels)] != LABELS:
        raise ValueError(f"{args.teacher}: labels differ from build_model.LABELS")
    tok = Tokenizer.from_file(str(teacher_dir / "tokenizer.json"))
    dev_ids, dev_labs = windows_matrix(encode_docs(tok, phigen.generate(args.seed + 1, args.dev_docs, "test"), 128, 32))
    if args.probe is not None:
        for cand in args.probe:
            layers = [int(x) for x in cand.split(",")]
            agree = word_agreement(teacher, student_from(teacher, layers), dev_ids, dev_labs)
            print(f"layers {cand}: word agreement with the teacher {agree:.4f}", flush=True)
        return

    student_dir = checkpoint_of(args.student, BUILD / "student-pt") if args.student else None
    earlier = json.loads((student_dir / "train_info.json").read_text()) if student_dir else {}
    if student_dir:
        student = BertForTokenClassification.from_pretrained(str(student_dir))
        layers = earlier["layers"]
    else:
        layers = [int(x) for x in args.layers.split(",")]
        student = student_from(teacher, layers)
    log("generating data")
    docs = phigen.generate(args.seed, args.train_docs, "train", hard_share=args.hard_share, forms_share=args.forms_share)
    windows = encode_docs(tok, docs, 128, 32) + prose_windows(tok, args.prose_docs, args.seed)
    ids, labs = windows_matrix(windows)
    log(f"{len(docs)} notes + {args.prose_docs} prose notes, {len(ids)} windows; student layers {layers} of "
        f"{teacher.config.num_hidden_layers}")
    before = word_agreement(teacher, student, dev_ids, dev_labs)
    info = distill(teacher, student, ids, labs, epochs=args.epochs, batch=args.batch, lr=args.lr,
                   temperature=args.temperature, alpha=args.alpha, seed=args.seed, budget_s=args.budget_min * 60)
    info.update(layers=layers, teacher=str(args.teacher), seed=args.seed, hard_share=args.hard_share,
                prose_docs=args.prose_docs, train_docs=args.train_docs,
                forms_share=args.forms_share, agreement_before=round(before, 4),
                agreement_after=round(word_agreement(teacher, student, dev_ids, dev_labs), 4),
                dev_token=token_f1(student, dev_ids, dev_labs, "cpu"), distilled=True)
    info["rounds"] = earlier.get("rounds", []) + [{k: info[k] for k in ("layers", "seed", "train_docs", "prose_docs", "epochs", "lr", "steps",
                                                     "seconds", "forms_share", "hard_share")}]
    log(f"distilled: {info}")
    args.out.mkdir(parents=True, exist_ok=True)
    student.save_pretrained(str(args.out))
    for f in TOKENIZER_FILES:
        if (teacher_dir / f).is_file():
            shutil.copy(teacher_dir / f, args.out / f)
    (args.out / "train_info.json").write_text(json.dumps(info) + "\n")


if __name__ == "__main__":
    main()
