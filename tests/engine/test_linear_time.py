"""Detection cost grows linearly with the text, for every recognizer, every stage and the model-span vetoes.

Each adversarial text is a shape that made a backtracking pattern explode (hyphen runs split every
way, dot runs, apostrophes, initials, surname lists, one endless word, ...). Cost is compared as a
ratio of two sizes measured in one run, never as an absolute time: linear work gives about 10 from
10,000 to 100,000 characters, a quadratic pattern about 100, an exponential one never finishes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from phiguard.inference.engine import build_engine
from phiguard.inference.engine.recognizers import RecognizerRegistry, default_recognizers
from phiguard.inference.engine.span import Span

SMALL, LARGE = 10_000, 100_000  # LARGE is the API's maximum text
MAX_RATIO = 20
# Below this the clock measures the machine's noise, not the pattern's cost.
NOISE_FLOOR_S = 0.05


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "hyphenated capitals": _repeat("Ab-"),
    "hyphenated lower case": _repeat("a-"),
    "dots": _repeat("."),
    "apostrophes": _repeat("O'"),
    "capitals": _repeat("A"),
    "capitalised words": _repeat("Ab "),
    "digits": _repeat("1"),
    "digit groups": _repeat("12/3-4 "),
    "initials": _repeat("A.B. "),
    "surname lists": _repeat("Smith, "),
    "spaces": _repeat(" "),
    "one word": _repeat("a"),
    "titles": _repeat("Dr. Mr "),
    "labels": _repeat("MRN: # "),
    "mixed scripts": _repeat("Zahlé Ødegaard 北京 مُحمد Ωμέγα "),
    "line breaks": _repeat("A\n"),
}


def _best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t0)
    return best


def _within_ratio(small: float, large: float) -> bool:
    return large < max(MAX_RATIO * small, NOISE_FLOOR_S)


def _assert_linear(what: str, work: Callable[[int], object]) -> None:
    small = _best_of(3, lambda: work(SMALL))
    large = _best_of(1, lambda: work(LARGE))
    if not _within_ratio(small, large):
        # One slow run of the large text is often another process taking the core; a quadratic pattern stays
        # about 100 times slower however often it is measured, so measure both sizes again, best of three.
        small = min(small, _best_of(3, lambda: work(SMALL)))
        large = _best_of(3, lambda: work(LARGE))
    assert _within_ratio(small, large), (
        f"{what}: {large:.3f} s at {LARGE} characters vs {small:.4f} s at {SMALL} (ratio {large / small:.0f})"
    )


def _model_spans(text: str) -> list[Span]:
    """Spans a model could report all over the text, so every model-span veto and stage runs on it."""
    kinds = ("NAME", "PROVIDER", "LOCATION", "ORGANIZATION", "DATE", "OTHER_ID")
    return [Span(i, min(i + 7, len(text)), kinds[(i // 40) % len(kinds)], 0.9, "model")
            for i in range(0, len(text) - 1, 40)]


@pytest.mark.parametrize("shape", ADVERSARIAL)
def test_every_recognizer_is_linear(shape: str) -> None:
    make = ADVERSARIAL[shape]
    texts = {n: make(n) for n in (SMALL, LARGE)}
    for recognizer in RecognizerRegistry(default_recognizers()).recognizers:
        _assert_linear(f"{recognizer.name} on {shape}", lambda n, r=recognizer: r.analyze(texts[n]))


@pytest.mark.parametrize("shape", ADVERSARIAL)
def test_every_stage_veto_and_strategy_is_linear(shape: str) -> None:
    engine = build_engine(b"linear-time-secret")
    make = ADVERSARIAL[shape]
    texts = {n: make(n) for n in (SMALL, LARGE)}
    spans = {n: _model_spans(t) for n, t in texts.items()}
    _assert_linear(f"surrogate de-identification of {shape}",
                   lambda n: engine.deidentify(texts[n], strategy="surrogate", model_spans=spans[n]))
