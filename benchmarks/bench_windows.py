"""Window length and overlap of the model runner, chosen by measurement: tokens the network reads, notes/s and
how far the spans move, for each (window, overlap) in one run on the same notes.

  .venv/bin/python benchmarks/bench_windows.py [--model models/<name>] [--notes 120] [--policies 128:32,128:16]

Notes: held-out MTSamples transcriptions (real prose, long) and generated 1 KB nursing notes (short, the service's
common case). "tokens read" counts every token through the network (specials included) per 100 content tokens,
so 100 would be no overlap at all; the fixed placement the runner used before (full-length windows every
`length - overlap` tokens, the last one flush with the end) is counted beside it for the same notes.
"span agreement" is the F1 of (start, end, type) model spans against the first policy listed.
Accuracy of a candidate is measured the usual way: `eval/evaluate.py --model DIR --window W --stride S`.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for sub in ("services/common", "services/inference", "eval", "benchmarks"):
    if str(ROOT / sub) not in sys.path:
        sys.path.insert(0, str(ROOT / sub))

from bench_model import make_notes  # noqa: E402
from carriers import evenly_spaced, held_out_mtsamples  # noqa: E402
from phiguard.inference.model import ModelRunner, default_model_dir  # noqa: E402


def real_notes(n: int) -> list[str]:
    """Held-out MTSamples notes; none where ../shared/data is absent."""
    return [text for _, text in evenly_spaced(held_out_mtsamples(), n)]


def fixed_placement_tokens(n: int, length: int, overlap: int) -> int:
    """Tokens the earlier placement read for an n-token note: full windows every length - overlap, one flush end."""
    if n <= length:
        return n + 2
    starts = len(range(0, n - length, length - overlap)) + 1
    return starts * (length + 2)


def span_f1(ref: list[set], got: list[set]) -> float:
    tp = sum(len(a & b) for a, b in zip(ref, got, strict=True))
    n_ref, n_got = sum(map(len, ref)), sum(map(len, got))
    return 2 * tp / max(1, n_ref + n_got)


def measure(model_dir: Path, notes: list[str], window: int, stride: int, threads: int) -> dict:
    runner = ModelRunner(model_dir, intra_op_threads=threads, window_tokens=window, stride_tokens=stride)
    lengths = [len(e.ids) for e in runner.tokenizer.encode_batch(notes, add_special_tokens=False)]
    content = sum(lengths)
    runner.predict(notes[:2])
    runner.tokens_processed = 0
    t0 = time.perf_counter()
    spans = [{(s.start, s.end, s.entity_type) for s in runner.predict([t])[0]} for t in notes]
    secs = time.perf_counter() - t0
    before = sum(fixed_placement_tokens(n, window - 2, runner.stride_tokens) for n in lengths)
    return {"read": 100 * runner.tokens_processed / content, "before": 100 * before / content,
            "notes_s": len(notes) / secs, "spans": spans}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--notes", type=int, default=120, help="notes per set")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--policies", default="128:32,128:16,128:24,128:48,96:16,192:32,256:32",
                    help="window:overlap pairs; the first is the reference for span agreement")
    args = ap.parse_args()
    model_dir = args.model or default_model_dir()
    policies = [tuple(int(x) for x in p.split(":")) for p in args.policies.split(",")]
    sets = {"held-out MTSamples": real_notes(args.notes), "generated 1 KB nursing notes": make_notes(args.notes)}
    print(f"model {model_dir}, {args.threads} threads")
    for title, notes in sets.items():
        if not notes:
            print(f"\n{title}: not available here (../shared/data absent)")
            continue
        print(f"\n{title}: {len(notes)} notes")
        print(f"{'window:overlap':>15} {'tokens read /100':>17} {'earlier placement':>18} {'notes/s':>9} {'span agreement':>15}")
        ref = None
        for window, stride in policies:
            m = measure(model_dir, notes, window, stride, args.threads)
            ref = ref or m["spans"]
            print(f"{window:>11}:{stride:<3} {m['read']:>17.1f} {m['before']:>18.1f} {m['notes_s']:>9.1f} "
                  f"{span_f1(ref, m['spans']):>15.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
