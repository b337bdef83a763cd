"""The measurements that track real notes, run by eval/evaluate.py after the labelled suites.

1. False alarms on held-out real prose (MTSamples notes never trained on): spans per 10,000 words,
   overall and per type, and the most-flagged strings; then the same notes upper-cased and lower-cased.
2. Recall of PHI injected into held-out carriers, per type, per form group, per carrier and per form; then of the
   same PHI with the whole note in capitals and in lower case.
3. Per rule: spans and precision on the labelled corpora, false alarms per 10,000 words on real prose.

Each runs rules only, and rules + model when a model is loaded.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import carriers
import inject
import shorthand
from false_alarms import FlagTally
from rule_table import format_rows, rule_rows, write_json

if TYPE_CHECKING:  # type hints only: these helpers run (and are tested) without importing the engine
    from phiguard.inference.engine.span import Span

_BATCH = 8


def add_arguments(ap: argparse.ArgumentParser) -> None:
    g = ap.add_argument_group("real prose (held-out MTSamples / ACI-Bench / MTS-Dialog)")
    g.add_argument("--no-real-prose", action="store_true", help="skip false alarms, injected recall and the rule table")
    g.add_argument(
        "--real-prose-notes",
        type=int,
        default=0,
        help="held-out MTSamples notes for false alarms, an evenly spaced sample (0: all of them)",
    )
    g.add_argument(
        "--model-real-prose-notes",
        type=int,
        default=155,
        help="of those, how many the rules + model run reads (evenly spaced; 0: all; default 155, a third)",
    )
    g.add_argument("--inject-per-form", type=int, default=40, help="injected fragments per form (default 40)")
    g.add_argument("--inject-seed", type=int, default=inject.INJECT_SEED, help="seed of the injected PHI")
    g.add_argument("--top-strings", type=int, default=25, help="most-flagged strings listed per mode")
    g.add_argument("--rules-json", type=Path, help="also write the per-rule table (and summaries) as JSON here")


def predict(engine, runner, texts: Sequence[str], threshold: float, use_model: bool) -> list[list[Span]]:
    out: list[list[Span]] = []
    for i in range(0, len(texts), _BATCH):
        chunk = list(texts[i : i + _BATCH])
        model = runner.predict(chunk) if use_model else [()] * len(chunk)
        out.extend(engine.detect(t, threshold=threshold, model_spans=m) for t, m in zip(chunk, model, strict=True))
    return out


# How the held-out notes are read again: as a nurse typing in capitals, or all in lower case, would write them, and
# as one charting in shorthand in capitals (`shorthand.py`: "w/", "&", "s/p", "tx").
ONE_CASE_READINGS = (
    ("capitals", str.upper),
    ("lower case", str.lower),
)
READINGS = (*ONE_CASE_READINGS, ("nursing shorthand in capitals", shorthand.to_shorthand_in_capitals))


def run(args: argparse.Namespace, engine, runner, labelled: dict[str, list[tuple[list, list[Span]]]]) -> None:
    """labelled: mode ("rules only", "rules + model") -> (gold spans, predicted spans) per labelled document."""
    if args.no_real_prose:
        return
    held_out = carriers.held_out_mtsamples()
    if not held_out:
        print(f"\nnote: {carriers.MTSAMPLES} not found: the real-prose measurements are skipped")
        return
    texts = [t for _, t in held_out]
    chosen = carriers.evenly_spaced(list(range(len(texts))), args.real_prose_notes)
    # The model is slow on CPU: its run reads an evenly spaced subset, and the rules-only figure on the
    # same subset is printed beside it so that the two stay comparable.
    chosen_for_model = carriers.evenly_spaced(chosen, args.model_real_prose_notes)
    pools = [
        ("mtsamples", [t for _, t in held_out], 0.6),
        ("aci-bench", list(carriers.aci_test_notes()), 0.2),
        ("mts-dialog", list(carriers.mts_dialog_test_dialogues()), 0.2),
    ]
    docs = inject.build_injected_docs(pools, seed=args.inject_seed, per_form=args.inject_per_form)
    modes = [("rules only", False)] + ([("rules + model", True)] if runner is not None else [])
    tables, summaries = {}, {}
    rules_only_spans: dict[int, list[Span]] = {}
    for mode, use_model in modes:
        t0 = time.monotonic()
        idx = chosen_for_model if use_model else chosen
        sample = "all" if len(idx) == len(held_out) else f"an evenly spaced {len(idx)}"
        tally = FlagTally()
        preds = predict(engine, runner, [texts[i] for i in idx], args.threshold, use_model)
        for i, spans in zip(idx, preds, strict=True):
            tally.add(texts[i], spans)
            if not use_model:
                rules_only_spans[i] = spans
        title = (
            f"false alarms on real prose, held-out MTSamples ({sample} of {len(held_out)} notes: every 5th note "
            f"over 200 chars, never trained on) — {mode}"
        )
        lines = tally.report(title, args.top_strings)
        if use_model and len(idx) != len(chosen):
            same = FlagTally()
            for i in idx:
                same.add(texts[i], rules_only_spans[i])
            lines.insert(
                2, f"(rules only on the same {len(idx)} notes: {same.spans} spans, {same.rate():.2f} per 10k words)"
            )
        print("\n".join(lines))
        print(f"({time.monotonic() - t0:.1f} s)")

        # Nursing notes are often typed all in capitals or all in lower case, where case tells no name from a plain
        # word, and in shorthand: the same notes re-written show what the rules and the model take for PHI there.
        recased = {}
        one_case = FlagTally()  # every reading's flags together, for the per-rule table
        for case, recase in READINGS:
            t0 = time.monotonic()
            versions = [recase(texts[i]) for i in idx]
            tally_case = FlagTally()
            for text, spans in zip(versions, predict(engine, runner, versions, args.threshold, use_model), strict=True):
                tally_case.add(text, spans)
                one_case.add(text, spans)
            print("\n".join(tally_case.report(f"the same notes in {case} — {mode}", args.top_strings)))
            print(f"({time.monotonic() - t0:.1f} s)")
            recased[f"false_alarms_in_{case.replace(' ', '_')}"] = tally_case.as_dict()

        t0 = time.monotonic()
        res = inject.score(docs, predict(engine, runner, [d.text for d in docs], args.threshold, use_model))
        title = f"recall of injected PHI in held-out carriers (seed {args.inject_seed}) — {mode}"
        print("\n".join(inject.report(title, docs, res)))
        print(f"({time.monotonic() - t0:.1f} s)")
        # The same PHI with the whole note in one case: nursing notes are often typed so, and there a name has no
        # capital to give it away (the false alarms above are read in the same cases).
        for case, recase in ONE_CASE_READINGS:
            t0 = time.monotonic()
            in_case = inject.recased(docs, recase)
            found = predict(engine, runner, [d.text for d in in_case], args.threshold, use_model)
            res_case = inject.score(in_case, found)
            title = f"recall of the same injected PHI, notes in {case} — {mode}"
            print("\n".join(inject.report_recased(title, in_case, res_case, res)))
            print(f"({time.monotonic() - t0:.1f} s)")
            recased[f"injected_recall_in_{case.replace(' ', '_')}"] = inject.as_dict(res_case)

        rows = rule_rows(labelled.get(mode, []), tally, one_case)
        print("\n".join(format_rows(rows, f"per rule: labelled corpora vs held-out real prose — {mode}")))
        tables[mode] = rows
        summaries[mode] = {
            "false_alarms": tally.as_dict(),
            **recased,
            "injected_recall": inject.as_dict(res),
        }
    if args.rules_json:
        meta = {
            "labelled_corpora": "eval/corpus, eval/corpus_helpers, philter-ucsf i2b2 notes when installed",
            "real_prose": f"held-out MTSamples (index % 5 == 0 among notes over 200 chars): {len(chosen)} of "
            f"{len(held_out)} notes rules only, {len(chosen_for_model)} with the model",
            "inject_seed": args.inject_seed,
            "inject_per_form": args.inject_per_form,
            "threshold": args.threshold,
            "summaries": summaries,
        }
        write_json(args.rules_json, tables, meta)
        print(f"\nper-rule table written to {args.rules_json}")
