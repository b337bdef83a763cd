"""Hand-written ICU charting lines in contexts no training template uses, scored line by line.

The injected-recall measurement (eval/phi_forms.py) and the training catalogue (training/forms.py) are written
from the same list of PHI shapes, and their lead phrases come out alike: a model can learn a fragment's lead
("transferred to", "PMH:") instead of the PHI's slot, and then the injected figure overstates real notes. These
lines are charting as an ICU nurse writes it, with the PHI in slots the catalogue does not phrase: "bed assigned
on Stoneman 7", "last echo 01 EF 25%", "FAMILY MTG W/ SONS PAUL & GREG @ 1400". States and countries are no
Safe Harbor PHI and are not marked.

Two files in eval/icu_lines/, one line per document, `{{TYPE:value}}` markup (eval/corpus.py), `# group` headers:
- `dev.txt`: its misses were read when training data was written; the data teaches the shapes it shows, never
  its lines, but it is no longer blind.
- `test.txt`: written before that, and only ever scored: its misses are not printed, so that no training form
  is written from them. No test line shares half its words with a dev line (a test checks), so a reworded dev
  line cannot stand in for a new one.
A `narrative` group holds whole paragraphs of a nursing note (systems, events, social), where the PHI sits among
drips, settings and labs as it does in real notes rather than in a line of its own. Both files end with a group
of PHI-free lines (vent settings, drips, labs, capitals), where every span is a flag.

Each file is read as written, in capitals and in lower case. Reported per group: gold spans, the share any
reported span overlaps, and the spans that overlap no gold (flags).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from corpus import Document, parse_markup

if TYPE_CHECKING:  # type hints only: scoring runs (and is tested) without importing the engine
    from phiguard.inference.engine.span import Span

LINES_DIR = Path(__file__).resolve().parent / "icu_lines"
PHI_FREE = "none"
# (file stem, title, whether its misses may be printed)
SETS = (
    ("dev", "ICU lines whose misses were read when training data was written", True),
    ("test", "ICU lines held out from every training decision, scored only", False),
)
READINGS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("as written", lambda t: t),
    ("capitals", str.upper),
    ("lower case", str.lower),
)
_GROUP = re.compile(r"#\s*(\S+)\s*$")


@dataclass(frozen=True)
class Line:
    group: str
    doc: Document


def load(stem: str, directory: Path = LINES_DIR) -> list[Line]:
    lines, group = [], None
    for n, raw in enumerate((directory / f"{stem}.txt").read_text("utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        if header := _GROUP.match(raw):
            group = header.group(1)
            continue
        if group is None:
            raise ValueError(f"{stem}.txt line {n}: a line before any '# group' header")
        lines.append(Line(group, parse_markup(f"{stem}:{n}", raw)))
    return lines


@dataclass
class GroupScore:
    gold: int = 0
    found: int = 0
    flags: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


def score(lines: Sequence[Line], predictions: Sequence[Sequence[Span]]) -> tuple[dict[str, GroupScore], list]:
    """Per group: gold spans, those any reported span overlaps, and reported spans overlapping no gold. Also the
    missed gold as (group, value, line text)."""
    groups: dict[str, GroupScore] = {}
    missed = []
    for line, spans in zip(lines, predictions, strict=True):
        g = groups.setdefault(line.group, GroupScore())
        text = line.doc.text
        for gold in line.doc.gold:
            g.gold += 1
            if any(s.start < gold.end and gold.start < s.end for s in spans):
                g.found += 1
            else:
                missed.append((line.group, text[gold.start : gold.end], text))
        g.flags += sum(not any(s.start < x.end and x.start < s.end for x in line.doc.gold) for s in spans)
    return groups, missed


def format_scores(groups: dict[str, GroupScore]) -> list[str]:
    rows = [f"{'group':<12}{'gold':>6}{'recall':>8}{'flags':>7}"]
    total = GroupScore()
    for name, g in groups.items():
        total.gold, total.found, total.flags = total.gold + g.gold, total.found + g.found, total.flags + g.flags
        recall = "-" if g.recall is None else f"{g.recall:.3f}"
        rows.append(f"{name:<12}{g.gold:>6}{recall:>8}{g.flags:>7}")
    rows.append(f"{'all':<12}{total.gold:>6}{total.recall or 0:>8.3f}{total.flags:>7}")
    return rows


def run(predict: Callable[[list[str]], list[list[Span]]], mode: str) -> None:
    """`predict` maps texts to reported spans (the engine, with or without the model)."""
    for stem, title, show_misses in SETS:
        lines = load(stem)
        for reading, recase in READINGS:
            texts = [recase(line.doc.text) for line in lines]
            groups, missed = score(lines, predict(texts))
            print(f"\n=== {title} ({stem}.txt), {reading} — {mode}: {len(lines)} lines ===")
            print("\n".join(format_scores(groups)))
            if show_misses and reading == "as written":
                for group, value, text in missed:
                    print(f"  missed {group:<10} {value!r:<18} in {text!r}")


__all__ = ["GroupScore", "Line", "format_scores", "load", "run", "score"]
