"""Detection as one pipeline: every stage from a text to its spans, named and listed once, in the order it runs.

A stage takes the text, the spans so far and the call's `Context`, and returns the spans after it. The
recognizers (with the model's spans) propose, the resolver settles one span per stretch of text, four stages
find what only the settled spans give away (a neighbour, the note's calendar, a named person's initials,
another mention of a value), the resolver settles those with the rest, and every string keeps one type.
Last, a site profile (when the call names one) adds the site's own names and drops its allow-listed words.
Any stage can be switched off by name, and each reports how long it took.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from phiguard.inference.engine.calendar import from_calendar
from phiguard.inference.engine.initials import from_initials
from phiguard.inference.engine.neighbours import from_neighbours
from phiguard.inference.engine.profile import ProfileStats, SiteProfile, apply_profile
from phiguard.inference.engine.propagation import known_type, propagate
from phiguard.inference.engine.recognizers import RecognizerRegistry
from phiguard.inference.engine.resolver import harmonize_types, resolve
from phiguard.inference.engine.span import Span

# Called with a stage's name and its duration in seconds after each stage of a call.
StageObserver = Callable[[str, float], None]


@dataclass
class Context:
    """What the stages of one call share besides the text and the spans."""

    threshold: float
    secret: bytes
    # The model's spans for this text, resolved together with the rules'; or a call that waits for them, so the
    # rules run while the model does (the recognizers stage calls it once the rules have proposed).
    model_spans: Sequence[Span] | Callable[[], Sequence[Span]] = ()
    # Keyed digests of the values, months and years earlier windows of the job found (never the values).
    known: Mapping[str, str] = field(default_factory=dict)
    # Every rule and model span before any resolution: the calendar confirms uncertain dates among them.
    candidates: list[Span] = field(default_factory=list)
    # What the last resolution returned: with nothing added since, it is final.
    resolved: list[Span] | None = None
    # The site profile of this call, the types asked for (None: all) and what the profile did (counts).
    profile: SiteProfile | None = None
    wanted: frozenset[str] | None = None
    profile_stats: ProfileStats = field(default_factory=ProfileStats)


@dataclass(frozen=True)
class Stage:
    """One named step of detection: the spans so far in, the spans after it out."""

    name: str
    run: Callable[[str, list[Span], Context], list[Span]]


def _recognizers(registry: RecognizerRegistry, text: str, spans: list[Span], ctx: Context) -> list[Span]:
    proposed = registry.analyze(text)
    if callable(ctx.model_spans):
        ctx.model_spans = ctx.model_spans()
    ctx.candidates = spans + proposed + list(ctx.model_spans)
    return ctx.candidates


def _resolve(text: str, spans: list[Span], ctx: Context) -> list[Span]:
    ctx.resolved = resolve(text, spans, threshold=ctx.threshold)
    return ctx.resolved


def _settle(text: str, spans: list[Span], ctx: Context) -> list[Span]:
    # Only spans found after the first resolution need it; the ones it returned stand as they are.
    return spans if spans == ctx.resolved else _resolve(text, spans, ctx)


def _neighbours(text: str, spans: list[Span], ctx: Context) -> list[Span]:
    return spans + from_neighbours(text, spans)


def _calendar(text: str, spans: list[Span], ctx: Context) -> list[Span]:
    return spans + from_calendar(text, ctx.candidates, spans, ctx.secret, ctx.known)


def _initials(text: str, spans: list[Span], ctx: Context) -> list[Span]:
    return spans + from_initials(text, spans)


def _propagation(text: str, spans: list[Span], ctx: Context) -> list[Span]:
    return spans + propagate(text, spans, ctx.secret, ctx.known)


def _harmonize(text: str, spans: list[Span], ctx: Context) -> list[Span]:
    def known_provider(surname: str) -> bool:
        return known_type(ctx.secret, ctx.known, surname) == "PROVIDER"

    return harmonize_types(text, spans, ctx.candidates, known_provider)


def _profile(text: str, spans: list[Span], ctx: Context) -> list[Span]:
    if ctx.profile is None:
        return spans
    return apply_profile(text, spans, ctx.profile, ctx.wanted, ctx.profile_stats)


def detection_stages(registry: RecognizerRegistry) -> list[Stage]:
    """Every stage of detection, in the order it runs."""
    return [
        Stage("recognizers", partial(_recognizers, registry)),
        Stage("resolve", _resolve),
        Stage("neighbours", _neighbours),
        Stage("calendar", _calendar),
        Stage("initials", _initials),
        Stage("propagation", _propagation),
        Stage("settle", _settle),
        Stage("harmonize", _harmonize),
        Stage("profile", _profile),
    ]


class Pipeline:
    """Stages run in order, some of which may be off."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        self._stages = list(stages)
        self._disabled: set[str] = set()

    @property
    def names(self) -> list[str]:
        """All stage names, enabled or not."""
        return [s.name for s in self._stages]

    @property
    def enabled_names(self) -> list[str]:
        return [s.name for s in self._stages if s.name not in self._disabled]

    def disable(self, name: str) -> None:
        if name not in self.names:
            # A typo in configuration must not silently leave a stage running.
            raise KeyError(f"unknown stage {name!r}; known: {self.names}")
        self._disabled.add(name)

    def run(self, text: str, ctx: Context, on_stage: StageObserver | None = None) -> list[Span]:
        spans: list[Span] = []
        for stage in self._stages:
            if stage.name in self._disabled:
                continue
            started = time.perf_counter()
            spans = stage.run(text, spans, ctx)
            if on_stage is not None:
                on_stage(stage.name, time.perf_counter() - started)
        return spans
