"""`make bench-model`: CPU throughput of the PHI model, as ratios within one run.

  1. fp32 vs int8, unbatched (one note per predict call).  fp32 comes from build/model-fp32/ (written by
     `make model`, kept out of git); skipped with a message when absent.
  2. int8 unbatched vs DynamicBatcher at concurrency 1 / 8 / 32.

tokens/s counts the tokenizer's content tokens of the notes (no padding, no special tokens).
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for sub in ("common", "inference"):
    p = str(ROOT / "services" / sub)
    if p not in sys.path:
        sys.path.insert(0, p)

from phiguard.inference.model import DynamicBatcher, ModelRunner, default_model_dir  # noqa: E402

FIRST = ["John", "Mary", "Luis", "Aisha", "Wei", "Olga", "Kwame", "Priya", "Sean", "Fatima", "Hiroshi", "Grace"]
LAST = ["Smith", "Garcia", "Nguyen", "O'Brien", "Kowalski", "Okafor", "Patel", "Schmidt", "Rossi", "Cohen", "Haddad", "Lee"]
SNIPPETS = [
    "Pt resting comfortably, VSS, afebrile. A&Ox3, MAE.", "BP {bp}/{dp} HR {hr} RR 18 SpO2 96% RA.", "Na 138 K 4.1 Cl 101 HCO3 24 BUN 18 Cr 1.0.",
    "Lungs CTAB, abd soft NT/ND, +BS. Foley draining clear yellow urine.", "Plan: cont metoprolol 25 mg PO BID, heparin SC, PT/OT eval.",
    "{f} {l} is a {age} yo M with CHF, HTN, DM2 admitted {m}/{d}/2023 from {city} General Hospital.",
    "Spoke with daughter {f2} at 617-555-{ph}; updated on plan.", "Discussed with Dr. {l2}, who agrees. MRN {mrn}.",
    "Neuro: no focal deficits. GU: foley in place. ID: on vancomycin, blood cx pending.",
]


def make_notes(n: int, seed: int = 7) -> list[str]:
    r = random.Random(seed)
    notes = []
    for _ in range(n):
        parts = []
        for _ in range(r.randint(8, 24)):
            parts.append(r.choice(SNIPPETS).format(
                bp=r.randint(90, 170), dp=r.randint(50, 100), hr=r.randint(50, 120), f=r.choice(FIRST), l=r.choice(LAST),
                f2=r.choice(FIRST), l2=r.choice(LAST), age=r.randint(20, 88), m=r.randint(1, 12), d=r.randint(1, 28),
                city=r.choice(["Springfield", "Fairview", "Riverside"]), ph=r.randint(1000, 9999), mrn=r.randint(10**6, 10**7)))
        notes.append(" ".join(parts))
    return notes


def count_tokens(runner: ModelRunner, notes: list[str]) -> int:
    return sum(len(e.ids) for e in runner.tokenizer.encode_batch(notes, add_special_tokens=False))


def bench_unbatched(runner: ModelRunner, notes: list[str], repeat: int) -> float:
    runner.predict(notes[:2])  # warm-up
    t0 = time.perf_counter()
    for _ in range(repeat):
        for n in notes:
            runner.predict([n])
    return time.perf_counter() - t0


async def bench_batched(runner: ModelRunner, notes: list[str], concurrency: int, repeat: int, max_batch: int, wait_ms: float) -> tuple[float, float]:
    b = DynamicBatcher(runner, max_batch_size=max_batch, max_wait_ms=wait_ms)
    sizes: list[int] = []
    b.observer = lambda n, dt: sizes.append(n)
    await b.start()
    await b.submit(notes[0])
    sizes.clear()
    work = [n for _ in range(repeat) for n in notes]
    idx = 0

    async def client() -> None:
        nonlocal idx
        while idx < len(work):
            i = idx
            idx += 1
            await b.submit(work[i])

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    dt = time.perf_counter() - t0
    await b.aclose()
    return dt, (sum(sizes) / len(sizes) if sizes else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", type=Path, default=None)
    ap.add_argument("--fp32-dir", type=Path, default=ROOT / "build" / "model-fp32")
    ap.add_argument("--notes", type=int, default=24)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2, help="onnxruntime intra-op threads")
    ap.add_argument("--max-batch", type=int, default=8)
    ap.add_argument("--wait-ms", type=float, default=2.0)
    args = ap.parse_args()

    model_dir = args.model_dir or default_model_dir()
    int8 = ModelRunner(model_dir, intra_op_threads=args.threads)
    notes = make_notes(args.notes)
    ntok = count_tokens(int8, notes) * args.repeat
    nn = len(notes) * args.repeat
    print(f"model {int8.name} {int8.version} ({model_dir}), provider {int8.execution_provider}, intra-op threads {args.threads}")
    print(f"corpus: {nn} notes, {ntok} tokens (avg {ntok / nn:.0f} tokens/note), window {int8.window_tokens}, stride {int8.stride_tokens}\n")

    print("1) precision, unbatched (one note per call)")
    t8 = bench_unbatched(int8, notes, args.repeat)
    print(f"   int8  {ntok / t8:9.0f} tokens/s  {nn / t8:7.2f} notes/s   ({(model_dir / 'model.onnx').stat().st_size / 1e6:.1f} MB)")
    fp32_file = args.fp32_dir / "model.onnx"
    if fp32_file.is_file():
        fp32 = ModelRunner(args.fp32_dir, intra_op_threads=args.threads)
        t32 = bench_unbatched(fp32, notes, args.repeat)
        print(f"   fp32  {ntok / t32:9.0f} tokens/s  {nn / t32:7.2f} notes/s   ({fp32_file.stat().st_size / 1e6:.1f} MB)")
        print(f"   int8 / fp32 throughput ratio: {t32 / t8:.2f}x")
    else:
        print(f"   fp32  skipped: {fp32_file} not found (run `make model` to build the fp32 export; it is kept out of git)")

    print(f"\n2) dynamic batching (int8, max_batch_size={args.max_batch}, max_wait_ms={args.wait_ms})")
    print(f"   unbatched     {ntok / t8:9.0f} tokens/s  {nn / t8:7.2f} notes/s   1.00x")
    for conc in (1, 8, 32):
        dt, avg = asyncio.run(bench_batched(int8, notes, conc, args.repeat, args.max_batch, args.wait_ms))
        print(f"   conc {conc:>2}       {ntok / dt:9.0f} tokens/s  {nn / dt:7.2f} notes/s   {t8 / dt:.2f}x   (avg batch {avg:.1f})")


if __name__ == "__main__":
    main()
