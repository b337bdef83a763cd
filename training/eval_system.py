"""Model + rules together (what the service returns), on the held-out synthetic set and the philter-ucsf
i2b2 notes (measuring only).  Runs in the SERVICE venv (the engine's dependencies live there):

    .venv/bin/python training/eval_system.py [--model-dir models/phiguard-ner] [--threshold 0.5]

Reads build/eval/dev.jsonl and build/eval/i2b2.jsonl written by build_model.py.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for sub in ("common", "inference"):
    sys.path.insert(0, str(ROOT / "services" / sub))
sys.path.insert(0, str(ROOT / "training"))

from evaluate import evaluate_spans, print_report  # noqa: E402


def load(path: Path):
    return [(d["text"], [tuple(s) for s in d["spans"]]) for d in map(json.loads, path.read_text().splitlines())]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", type=Path, default=None)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    from phiguard.inference.engine import build_engine
    from phiguard.inference.model import ModelRunner, default_model_dir

    runner = ModelRunner(args.model_dir or default_model_dir(), intra_op_threads=2, min_confidence=0.2)
    engine = build_engine(b"eval-secret")
    results = {}
    for name in ("dev", "i2b2"):
        p = ROOT / "build" / "eval" / f"{name}.jsonl"
        if not p.is_file():
            print(f"{p} missing; run `make model` first")
            continue
        docs = load(p)
        model_preds, rule_preds, sys_preds = [], [], []
        for i in range(0, len(docs), 8):
            chunk = docs[i : i + 8]
            ms = runner.predict([t for t, _ in chunk])
            for (t, _), m in zip(chunk, ms):
                model_preds.append([s for s in m if s.confidence >= args.threshold])
                rule_preds.append(engine.detect(t, threshold=args.threshold))
                sys_preds.append(engine.detect(t, threshold=args.threshold, model_spans=m))
        title = {"dev": "held-out synthetic", "i2b2": "philter-ucsf i2b2 notes (measuring only)"}[name]
        for label, preds in (("model only", model_preds), ("rules only", rule_preds), ("model + rules", sys_preds)):
            rep = evaluate_spans(docs, preds)
            print_report(f"{title}: {label}", rep)
            results[f"{name}/{label}"] = rep
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
