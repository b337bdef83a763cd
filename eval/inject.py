"""Recall on real prose: PHI fragments from the form catalogue injected into held-out carrier notes.

Method: every form in `phi_forms.FORMS` makes `per_form` fragments from a random stream seeded with
INJECT_SEED (Faker seeded the same). A second stream, seeded from the same number but separate, shuffles
the fragments, packs them `per_doc` to a document, picks a held-out carrier (MTSamples held-out notes,
ACI-Bench test notes, MTS-Dialog test dialogues), cuts a window of at most `max_chars` at sentence
boundaries and inserts each fragment at a sentence boundary of it. Offsets of the PHI pieces are computed
while the text is assembled. Scoring is overlap recall: a gold span is found when any reported span
overlaps it (and "typed" when such a span also has the gold type).

INJECT_SEED is not a seed used to build the model (training/build_model.py: 20240613 and 20240615 for
training data, one more than each for its dev set; see the model card) nor the negatives' seed
(eval/negatives.py: 7).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from faker import Faker
from phi_forms import FORMS, FORMS_BY_NAME, Form, Piece

if TYPE_CHECKING:  # type hints only: these helpers run (and are tested) without importing the engine
    from phiguard.inference.engine.span import Span

INJECT_SEED = 31_415_926
# every seed the shipped models' rounds and distillations were built with, and the one after each (its dev set)
TRAINING_SEEDS = frozenset(range(20240613, 20240701))

# A sentence starts after end punctuation and whitespace, after a line break, or after a flattened
# MTSamples section header (",SECTION:,").
_BOUNDARY = re.compile(r"[.!?][\"')\]]*[ \t]+|\n[ \t]*|:,[ \t]*")


@dataclass(frozen=True)
class InjectedGold:
    start: int
    end: int
    entity_type: str
    form: str
    value: str


@dataclass
class InjectedDoc:
    name: str
    carrier: str  # the carrier corpus: mtsamples, aci-bench, mts-dialog
    text: str
    gold: list[InjectedGold] = field(default_factory=list)


def sentence_boundaries(text: str) -> list[int]:
    """Offsets where a sentence starts (0 included); a fragment inserted there ends before the next one."""
    out = [0]
    for m in _BOUNDARY.finditer(text):
        if 0 < m.end() < len(text) and not text[m.end()].isspace():
            out.append(m.end())
    return sorted(set(out))


def inject(carrier: str, insertions: Sequence[tuple[int, str, list[Piece]]]) -> tuple[str, list[InjectedGold]]:
    """Insert fragments (position in carrier, form name, pieces) into the carrier; returns the text and gold.

    Each fragment goes in at its position followed by a separator (a line break when the boundary follows
    one, else a space); fragments at the same position keep their order.
    """
    out: list[str] = []
    gold: list[InjectedGold] = []
    length = 0
    prev = 0
    for pos, form, pieces in sorted(insertions, key=lambda ins: ins[0]):
        if not 0 <= pos <= len(carrier):
            raise ValueError(f"position {pos} outside the carrier")
        chunk = carrier[prev:pos]
        out.append(chunk)
        length += len(chunk)
        prev = pos
        for text, entity_type in pieces:
            if entity_type is not None:
                gold.append(InjectedGold(length, length + len(text), entity_type, form, text))
            out.append(text)
            length += len(text)
        sep = "\n" if pos > 0 and carrier[pos - 1] == "\n" else " "
        out.append(sep)
        length += len(sep)
    out.append(carrier[prev:])
    return "".join(out), gold


def window(text: str, max_chars: int, r: random.Random) -> str:
    """A piece of at most max_chars of the text that starts and ends at sentence boundaries."""
    if len(text) <= max_chars:
        return text
    bounds = sentence_boundaries(text)
    start = r.choice([b for b in bounds if b <= len(text) - max_chars // 2] or [0])
    ends = [b for b in bounds if start < b <= start + max_chars]
    end = ends[-1] if ends else start + max_chars
    return text[start:end].rstrip()


def make_fragments(seed: int, per_form: int, forms: Sequence[Form] = FORMS) -> list[tuple[str, list[Piece]]]:
    """(form name, pieces) for every instance, from the forms' own random stream (no carrier involved)."""
    r = random.Random(f"{seed}/forms")
    fk = Faker("en_US")
    fk.seed_instance(seed)
    return [(f.name, f.make(r, fk)) for f in forms for _ in range(per_form)]


def build_injected_docs(
    pools: Sequence[tuple[str, Sequence[str], float]],
    *,
    seed: int = INJECT_SEED,
    per_form: int = 40,
    per_doc: int = 3,
    max_chars: int = 2500,
    forms: Sequence[Form] = FORMS,
) -> list[InjectedDoc]:
    """pools: (carrier name, texts, weight). Deterministic for a given seed and pools."""
    if seed in TRAINING_SEEDS:
        raise ValueError("the injection seed must differ from the seeds the model was built with")
    pools = [p for p in pools if p[1]]
    if not pools:
        return []
    fragments = make_fragments(seed, per_form, forms)
    r = random.Random(f"{seed}/carriers")
    r.shuffle(fragments)
    docs = []
    for k in range(0, len(fragments), per_doc):
        kind, texts, _ = r.choices(pools, weights=[p[2] for p in pools])[0]
        carrier = window(texts[r.randrange(len(texts))], max_chars, r)
        bounds = sentence_boundaries(carrier)
        chunk = fragments[k : k + per_doc]
        insertions = [(r.choice(bounds), name, pieces) for name, pieces in chunk]
        text, gold = inject(carrier, insertions)
        docs.append(InjectedDoc(f"injected/{k // per_doc}", kind, text, gold))
    return docs


def recased(docs: Sequence[InjectedDoc], recase: Callable[[str], str]) -> list[InjectedDoc]:
    """The documents typed again in one case (a note in capitals, one all in lower case), the same PHI at the same
    offsets. A document whose length the case change alters ("ß" -> "SS") is left out, as its offsets would move."""
    out = []
    for d in docs:
        text = recase(d.text)
        if len(text) != len(d.text):
            continue
        gold = [InjectedGold(g.start, g.end, g.entity_type, g.form, text[g.start : g.end]) for g in d.gold]
        out.append(InjectedDoc(d.name, d.carrier, text, gold))
    return out


# ----------------------------------------------------------------------------- scoring
@dataclass
class Recall:
    gold: Counter = field(default_factory=Counter)
    hit: Counter = field(default_factory=Counter)  # any overlapping span
    typed: Counter = field(default_factory=Counter)  # an overlapping span of the gold type
    missed: dict = field(default_factory=dict)  # form -> a few missed values

    def add(self, keys: Sequence[str], found: bool, typed: bool) -> None:
        for key in keys:
            self.gold[key] += 1
            self.hit[key] += int(found)
            self.typed[key] += int(typed)

    def recall(self, key: str) -> float:
        return self.hit[key] / self.gold[key] if self.gold[key] else 0.0

    def typed_recall(self, key: str) -> float:
        return self.typed[key] / self.gold[key] if self.gold[key] else 0.0


def score(docs: Sequence[InjectedDoc], predictions: Sequence[Sequence[Span]]) -> Recall:
    """Keys: "ALL", "type:<T>", "form:<name>", "group:<g>", "carrier:<c>"."""
    res = Recall()
    for doc, pred in zip(docs, predictions, strict=True):
        for g in doc.gold:
            over = [p for p in pred if p.start < g.end and g.start < p.end]
            found = bool(over)
            typed = any(p.entity_type == g.entity_type for p in over)
            group = FORMS_BY_NAME[g.form].group if g.form in FORMS_BY_NAME else "?"
            res.add(
                ("ALL", f"type:{g.entity_type}", f"form:{g.form}", f"group:{group}", f"carrier:{doc.carrier}"),
                found,
                typed,
            )
            if not found:
                res.missed.setdefault(g.form, [])
                if len(res.missed[g.form]) < 3:
                    res.missed[g.form].append(g.value)
    return res


def report(title: str, docs: Sequence[InjectedDoc], res: Recall) -> list[str]:
    words = sum(len(d.text.split()) for d in docs)
    lines = [
        f"\n=== {title}: {len(docs)} documents, {words:,} words, {res.gold['ALL']} injected PHI spans ===",
        f"overlap recall {res.recall('ALL'):.3f} (typed {res.typed_recall('ALL'):.3f})",
        f"{'':<28}{'gold':>6}{'recall':>8}{'typed':>8}",
    ]
    for prefix in ("type:", "group:", "carrier:"):
        for key in sorted(k for k in res.gold if k.startswith(prefix)):
            lines.append(f"{key:<28}{res.gold[key]:>6}{res.recall(key):>8.3f}{res.typed_recall(key):>8.3f}")
    lines.append("per form, worst first (form, example shape, gold, recall, typed recall, some missed values):")
    keys = sorted((k for k in res.gold if k.startswith("form:")), key=lambda k: (res.recall(k), k))
    for key in keys:
        name = key[5:]
        form = FORMS_BY_NAME.get(name)
        example = form.example if form else ""
        missed = ", ".join(repr(v) for v in res.missed.get(name, []))
        lines.append(
            f"  {name:<28}{example!r:<40}{res.gold[key]:>5}{res.recall(key):>7.3f}{res.typed_recall(key):>7.3f}"
            + (f"  missed e.g. {missed}" if missed else "")
        )
    return lines


def report_recased(title: str, docs: Sequence[InjectedDoc], res: Recall, as_written: Recall) -> list[str]:
    """Recall of the same injected PHI with the whole document in one case, beside the figures as written: per type
    and group, then the forms that lose most when case tells nothing."""
    lines = [
        f"\n=== {title}: {len(docs)} documents, {res.gold['ALL']} injected PHI spans ===",
        f"overlap recall {res.recall('ALL'):.3f} (typed {res.typed_recall('ALL'):.3f}); as written "
        f"{as_written.recall('ALL'):.3f} (typed {as_written.typed_recall('ALL'):.3f})",
        f"{'':<28}{'gold':>6}{'recall':>8}{'typed':>8}{'as written':>12}",
    ]
    for prefix in ("type:", "group:"):
        for key in sorted(k for k in res.gold if k.startswith(prefix)):
            lines.append(
                f"{key:<28}{res.gold[key]:>6}{res.recall(key):>8.3f}{res.typed_recall(key):>8.3f}"
                f"{as_written.recall(key):>12.3f}"
            )
    lost = sorted(
        (as_written.recall(k) - res.recall(k), k) for k in res.gold if k.startswith("form:") and k in as_written.gold
    )
    worst = [(drop, k) for drop, k in reversed(lost) if drop > 0][:10]
    lines.append("forms that lose most in one case (form, recall, as written, some missed values):")
    for _, key in worst:
        missed = ", ".join(repr(v) for v in res.missed.get(key[5:], []))
        lines.append(f"  {key[5:]:<28}{res.recall(key):>7.3f}{as_written.recall(key):>7.3f}  missed e.g. {missed}")
    return lines


def as_dict(res: Recall) -> dict:
    return {
        k: {"gold": res.gold[k], "recall": round(res.recall(k), 4), "typed_recall": round(res.typed_recall(k), 4)}
        for k in sorted(res.gold)
    }
