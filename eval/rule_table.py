"""Does each rule pay? Spans per rule on the labelled corpora, their precision, and false alarms on real prose.

A span's rule is its `source` without any "+context"-style suffix (`false_alarms.rule_of`). On the
labelled corpora a span is correct when it overlaps a gold span of any type. On held-out real prose
every span counts as a flag (false alarms per 10,000 words). The table is sorted by pooled precision —
correct labelled spans over all the rule's spans, real-prose flags counted as wrong — add-one smoothed,
(correct + 1) / (spans + 2), so that a rule with one wrong span does not outrank one with a hundred: a
rule that finds little labelled PHI and fires often on plain prose comes first.

Beside the prose as written, the same notes read again in one case (capitals, lower case, shorthand in
capitals: `real_prose.READINGS`) count each rule's flags there too, per 10,000 words of the three readings
together: real nursing notes are often typed in one case, where a rule that reads capitals as a name's may fire
on plain words. They are shown, not pooled: a reading re-cases real PHI as well.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from false_alarms import FlagTally, per_10k, rule_of

if TYPE_CHECKING:  # type hints only: these helpers run (and are tested) without importing the engine
    from phiguard.inference.engine.span import Span


@dataclass(frozen=True)
class RuleRow:
    rule: str
    labelled_spans: int
    labelled_correct: int
    precision: float | None  # labelled_correct / labelled_spans; None when the rule never fired there
    real_prose_spans: int
    real_prose_per_10k_words: float
    pooled_precision: float  # labelled_correct / (labelled_spans + real_prose_spans)
    smoothed: float  # (labelled_correct + 1) / (labelled_spans + real_prose_spans + 2): the sort key
    one_case_spans: int = 0  # flags on the same notes in capitals, lower case and shorthand in capitals
    one_case_per_10k_words: float = 0.0

    @property
    def wrong(self) -> int:
        """Spans not confirmed as PHI: wrong on the labelled corpora plus every real-prose flag."""
        return self.labelled_spans - self.labelled_correct + self.real_prose_spans


def rule_rows(
    labelled: Iterable[tuple[Sequence, Sequence[Span]]], real: FlagTally, one_case: FlagTally | None = None
) -> list[RuleRow]:
    """labelled: (gold spans with .start/.end, predicted spans) per labelled document; one_case: the flags on the
    same prose read in one case, all readings in one tally."""
    one_case = one_case or FlagTally()
    fired: Counter = Counter()
    correct: Counter = Counter()
    for gold, spans in labelled:
        for s in spans:
            rule = rule_of(s.source)
            fired[rule] += 1
            correct[rule] += int(any(s.start < g.end and g.start < s.end for g in gold))
    rows = []
    for rule in set(fired) | set(real.by_rule) | set(one_case.by_rule):
        n, ok, flags, recased = fired[rule], correct[rule], real.by_rule[rule], one_case.by_rule[rule]
        rows.append(
            RuleRow(
                rule=rule,
                labelled_spans=n,
                labelled_correct=ok,
                precision=ok / n if n else None,
                real_prose_spans=flags,
                real_prose_per_10k_words=round(per_10k(flags, real.words), 3),
                pooled_precision=ok / (n + flags) if n + flags else 0.0,
                smoothed=(ok + 1) / (n + flags + 2),
                one_case_spans=recased,
                one_case_per_10k_words=round(per_10k(recased, one_case.words), 3),
            )
        )
    rows.sort(key=lambda r: (r.smoothed, -r.wrong, r.rule))
    return rows


def format_rows(rows: list[RuleRow], title: str) -> list[str]:
    lines = [
        f"\n=== {title} ===",
        "labelled: spans on eval/corpus + corpus_helpers + i2b2; correct: overlapping gold of any type;",
        "prose: spans on held-out MTSamples; wrong: labelled wrong + prose; pooled: correct / (labelled + prose);",
        "sorted by (correct + 1) / (labelled + prose + 2): rules that do not pay first;",
        "1-case: flags on the same prose in capitals, lower case and shorthand in capitals (shown, not pooled)",
        f"{'rule':<36}{'labelled':>9}{'correct':>8}{'prec':>7} | {'prose':>6}{'/10k w':>8} | {'wrong':>6}{'pooled':>8}"
        f" | {'1-case':>6}{'/10k w':>8}",
    ]
    for r in rows:
        prec = "   -  " if r.precision is None else f"{r.precision:6.3f}"
        lines.append(
            f"{r.rule:<36}{r.labelled_spans:>9}{r.labelled_correct:>8}{prec:>7} | {r.real_prose_spans:>6}"
            f"{r.real_prose_per_10k_words:>8.2f} | {r.wrong:>6}{r.pooled_precision:>8.3f}"
            f" | {r.one_case_spans:>6}{r.one_case_per_10k_words:>8.2f}"
        )
    return lines


def write_json(path: Path, tables: dict[str, list[RuleRow]], meta: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "meta": meta,
        "tables": {mode: [asdict(r) | {"wrong": r.wrong} for r in rows] for mode, rows in tables.items()},
    }
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
