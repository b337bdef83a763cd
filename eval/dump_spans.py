"""Every span the engine reports on every evaluation text, one JSON line per document.

  python eval/dump_spans.py OUT.jsonl [--model models/<name>] [--real-prose]

Two dumps of different engine versions, diffed, show exactly which spans a change adds or removes
(`diff before.jsonl after.jsonl`). Lines carry offsets, types, scores and the rule that fired; the
dump is a developer artefact and is never committed (the corpora may be licensed for measuring only).
`--real-prose` adds the MTSamples transcriptions from `../shared/data` (rules only: the model over
seven million characters takes minutes on CPU).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for sub in ("services/common", "services/inference", "eval"):
    if str(ROOT / sub) not in sys.path:
        sys.path.insert(0, str(ROOT / sub))

from corpus import HELPER_CORPUS_DIR, load_i2b2, load_own_corpus  # noqa: E402
from evaluate import load_model  # noqa: E402
from negatives import generate as generate_negatives  # noqa: E402
from phiguard.inference.engine import build_engine  # noqa: E402

MTSAMPLES = ROOT.parent / "shared" / "data" / "clinical-text" / "mtsamples.csv.gz"


def labelled_texts() -> Iterator[tuple[str, str]]:
    for suite, docs in (
        ("own", load_own_corpus()),
        ("helpers", load_own_corpus(HELPER_CORPUS_DIR)),
        ("i2b2", load_i2b2()),
        ("negatives", generate_negatives()),
    ):
        for d in docs:
            yield f"{suite}/{d.name}", d.text


def real_prose_texts() -> Iterator[tuple[str, str]]:
    if not MTSAMPLES.exists():
        return
    csv.field_size_limit(10**9)
    with gzip.open(MTSAMPLES, "rb") as fh:
        for i, row in enumerate(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8"))):
            yield f"mtsamples/{i}", row["transcription"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--model", help="model directory; rules only when absent")
    ap.add_argument("--real-prose", action="store_true", help="also the MTSamples transcriptions (rules only)")
    args = ap.parse_args(argv)
    engine = build_engine(b"evaluation-secret-not-for-production")
    runner = load_model(args.model)
    with args.out.open("w", encoding="utf-8") as out:
        sources = [(labelled_texts(), runner)] + ([(real_prose_texts(), None)] if args.real_prose else [])
        for texts, model in sources:
            for name, text in texts:
                model_spans = model.predict([text])[0] if model is not None else ()
                spans = engine.detect(text, model_spans=model_spans)
                rows = [[s.start, s.end, s.entity_type, s.confidence, s.source] for s in spans]
                out.write(json.dumps({"doc": name, "spans": rows}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
