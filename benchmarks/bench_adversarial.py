"""Rules-only detection time on adversarial texts, for comparing two versions of the engine in one run.

  python3 benchmarks/bench_adversarial.py [--engine-root DIR] [--timeout 60] [--out bench.json]

Each text runs in its own process under a deadline, so a backtracking pattern that takes minutes is
reported as "> deadline" instead of stalling the benchmark. `--engine-root` points at another
checkout (for example `git worktree add /tmp/old <commit>`) to time that engine on the same texts;
give it twice to put two engines side by side. The last text, ordinary clinical prose of the API's
maximum size, is the reference the adversarial figures should stay near.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TEXTS = {
    "Ab- x200 (600 chars)": '"Ab-" * 200',
    "Ab- x300 (900 chars)": '"Ab-" * 300',
    "20,000 dots": '"." * 20_000',
    "100,000 dots": '"." * 100_000',
    "a- x50,000": '"a-" * 50_000',
    "O' x16,000": "\"O'\" * 16_000",
    "Smith, x14,000": '"Smith, " * 14_000',
    "A.B. x20,000": '"A.B. " * 20_000',
    "one 100,000-char word": '"a" * 100_000',
    "prose x100 (about 100,000 chars)": '"Pt seen by Dr. Ames on 3/4/2019 at Mercy Hospital, BP 120/80. " * 1_600',
}

RUNNER = """
import sys, time
sys.path[:0] = [sys.argv[1] + '/services/common', sys.argv[1] + '/services/inference']
from phiguard.inference.engine import build_engine
engine = build_engine(b'bench-secret')
text = eval(sys.argv[2])
t0 = time.perf_counter()
engine.detect(text)
print(time.perf_counter() - t0)
"""


def time_text(root: Path, expr: str, timeout: float) -> float | None:
    try:
        out = subprocess.run([sys.executable, "-c", RUNNER, str(root), expr], capture_output=True, text=True,
                             timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine-root", type=Path, action="append",
                    help="checkout(s) whose engine to time (default: this one); give twice to compare")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    roots = args.engine_root or [ROOT]
    results: dict[str, dict[str, float | None]] = {}
    print(f"{'text':36}" + "".join(f"{str(r)[-22:]:>24}" for r in roots))
    for name, expr in TEXTS.items():
        row = {str(r): time_text(r, expr, args.timeout) for r in roots}
        results[name] = row
        cells = "".join(f"{(f'{t:.3f} s' if t is not None else f'> {args.timeout:.0f} s'):>24}" for t in row.values())
        print(f"{name:36}{cells}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
