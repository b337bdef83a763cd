"""Recall on the blind notes with and without a site profile (issue 28).

  python eval/profile_effect.py [--profile eval/sample_profile.json] [--model models/<name>]

The blind notes (eval/corpus_helpers: written without access to the code) name hospitals and clinics the
way notes do: full names, short forms, initials. A site knows its own; the sample profile lists some
facilities these notes mention, as an administrator would list theirs. The script scores the notes with
the same engine twice, without and with the profile, and prints recall and precision overall and for
ORGANIZATION, and how many spans the profile found (source profile:<list>).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for sub in ("services/common", "services/inference", "eval"):
    if str(ROOT / sub) not in sys.path:
        sys.path.insert(0, str(ROOT / sub))

from corpus import HELPER_CORPUS_DIR, load_own_corpus  # noqa: E402
from evaluate import load_model, score  # noqa: E402
from phiguard.common.profiles import parse_body  # noqa: E402
from phiguard.inference.engine import build_engine, compile_profile  # noqa: E402


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def run(profile_path: Path, model: str | None, threshold: float = 0.5) -> dict[str, dict[str, float | None]]:
    engine = build_engine(b"evaluation-secret-not-for-production")
    runner = load_model(model)
    profile = compile_profile("sample", 1, parse_body(json.loads(profile_path.read_text(encoding="utf-8"))))
    docs = load_own_corpus(HELPER_CORPUS_DIR)
    model_spans = [runner.predict([d.text])[0] if runner is not None else () for d in docs]
    figures: dict[str, dict[str, float | None]] = {}
    mode = "rules + model" if runner is not None else "rules only"
    print(f"\n=== site profile effect: {len(docs)} blind notes, {mode}, profile of {profile.entries} entries ===")
    print(f"{'':<16}{'recall':>8}{'precision':>11}{'ORG recall':>12}{'ORG prec.':>11}{'profile hits':>14}")
    for label, prof in (("without profile", None), ("with profile", profile)):
        preds = [engine.detect(d.text, threshold=threshold, model_spans=m, profile=prof)
                 for d, m in zip(docs, model_spans, strict=True)]
        overlap = score(docs, preds)["overlap"]
        p_all, r_all = overlap.pr("ANY PHI")
        p_org, r_org = overlap.pr("ORGANIZATION")
        hits = sum(s.source.startswith("profile:") for p in preds for s in p)
        figures[label] = {"recall": r_all, "precision": p_all, "org_recall": r_org, "org_precision": p_org}
        print(f"{label:<16}{_fmt(r_all):>8}{_fmt(p_all):>11}{_fmt(r_org):>12}{_fmt(p_org):>11}{hits:>14}")
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profile", type=Path, default=ROOT / "eval" / "sample_profile.json")
    ap.add_argument("--model", help="model directory; rules only when absent")
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args(argv)
    run(args.profile, args.model, args.threshold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
