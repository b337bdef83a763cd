"""What a 50,000-entry site profile costs, relative to detection without it (issue 28; target < 5 %).

  PYTHONPATH=services/common:services/inference python benchmarks/bench_profile.py [--entries 50000] [--notes 60]

Builds a profile of invented names (a roster, facilities with short forms, wards), then times the engine's
detection on the blind notes (eval/corpus_helpers) with and without it, interleaved and best-of-N per note
so that the machine's other load counts alike for both. Prints compile time, per-note detection time, the
profile stage's own time, and the ratio. Rules only: with the model, detection takes longer still, so the
ratio printed is the upper bound.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for sub in ("services/common", "services/inference", "eval"):
    if str(ROOT / sub) not in sys.path:
        sys.path.insert(0, str(ROOT / sub))

from corpus import HELPER_CORPUS_DIR, load_own_corpus  # noqa: E402
from phiguard.inference.engine import build_engine  # noqa: E402
from phiguard.inference.engine.profile import SiteProfile  # noqa: E402


def invented_profile(n: int, seed: int = 28) -> SiteProfile:
    rng = random.Random(seed)
    syllables = ["ab", "al", "ar", "bel", "bran", "cor", "dell", "er", "fen", "gar", "hal", "ish", "kel", "lor",
                 "mar", "nor", "os", "pell", "quin", "ros", "sel", "tor", "ul", "ven", "wick", "yor", "zan"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()

    staff = [(f"{word()} {word()}", "PROVIDER") for _ in range(int(n * 0.7))]
    facilities = [(f"{word()} {rng.choice(['Hospital', 'Medical Center', 'Clinic', 'Health'])}", "ORGANIZATION")
                  for _ in range(int(n * 0.15))]
    facilities += [("".join(rng.choice("ABCDEFGHKLMNPRSTVW") for _ in range(3)) + "H", "ORGANIZATION")
                   for _ in range(int(n * 0.05))]
    wards = [(word(), "LOCATION") for _ in range(n - len(staff) - len(facilities))]
    return SiteProfile("bench", 1, [("staff", staff), ("facilities", facilities), ("wards", wards)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=50_000)
    ap.add_argument("--notes", type=int, default=60)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)

    engine = build_engine(b"benchmark-secret-not-for-production")
    started = time.perf_counter()
    profile = invented_profile(args.entries)
    compile_s = time.perf_counter() - started
    docs = load_own_corpus(HELPER_CORPUS_DIR)[: args.notes]
    chars = sum(len(d.text) for d in docs)
    without = with_profile = stage = 0.0
    for doc in docs:
        best_without = best_with = best_stage = float("inf")
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            engine.detect(doc.text)
            best_without = min(best_without, time.perf_counter() - t0)
            timed: dict[str, float] = {}
            t0 = time.perf_counter()
            engine.detect(doc.text, profile=profile, on_stage=lambda name, s: timed.__setitem__(name, s))
            best_with = min(best_with, time.perf_counter() - t0)
            best_stage = min(best_stage, timed["profile"])
        without += best_without
        with_profile += best_with
        stage += best_stage
    print(f"profile: {profile.entries} entries, compiled in {compile_s:.2f} s")
    print(f"notes: {len(docs)} blind notes, {chars} characters")
    print(f"detection without profile: {1000 * without / len(docs):8.2f} ms per note")
    print(f"detection with profile:    {1000 * with_profile / len(docs):8.2f} ms per note")
    print(f"profile stage alone:       {1000 * stage / len(docs):8.3f} ms per note")
    print(f"profile stage / detection without it: {100 * stage / without:.2f} %  (target < 5 %)")
    print(f"end-to-end ratio (with / without):    {with_profile / without:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
