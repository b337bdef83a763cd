"""PHIGuard's de-identification engine as a library: rule recognizers, the resolver, the strategies.

The gRPC servicer calls exactly this API; nothing here needs a server, a model or a network.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from phiguard.common.entities import ENTITY_TYPE_NAMES
from phiguard.inference.engine.calendar import calendar_digests, from_calendar
from phiguard.inference.engine.initials import from_initials
from phiguard.inference.engine.neighbours import from_neighbours
from phiguard.inference.engine.propagation import known_digests, propagate
from phiguard.inference.engine.recognizers import RecognizerRegistry, default_recognizers
from phiguard.inference.engine.recognizers.locations import place_names
from phiguard.inference.engine.resolver import harmonize_types, resolve
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.state import DeidState, StateError
from phiguard.inference.engine.strategies import STRATEGIES, apply_strategy
from phiguard.inference.engine.vocab import (
    clinical_abbreviations,
    common_words,
    country_names,
    english_words,
    first_names,
)

__all__ = ["STRATEGIES", "DeidEngine", "DeidResult", "EngineInputError", "RecognizerRegistry", "Span", "build_engine"]


class EngineInputError(ValueError):
    """A caller error (unknown strategy/type/recognizer, bad threshold or state). Never quotes input text."""


@dataclass
class DeidResult:
    text: str
    spans: list[Span]
    replacements: dict[str, str]
    state: bytes


class DeidEngine:
    def __init__(self, registry: RecognizerRegistry, hmac_secret: bytes) -> None:
        # Production secrets should be 32 random bytes; only an empty one is refused outright.
        if not isinstance(hmac_secret, bytes) or not hmac_secret:
            raise EngineInputError("hmac_secret must be non-empty bytes")
        self._registry = registry
        self._secret = hmac_secret

    @property
    def recognizer_names(self) -> list[str]:
        """The enabled rule recognizers, in the order they run."""
        return self._registry.enabled_names

    @staticmethod
    def _check(entity_types: Collection[str] | None, threshold: float) -> frozenset[str] | None:
        if (
            isinstance(threshold, bool)
            or not isinstance(threshold, (int, float))
            or math.isnan(threshold)
            or not 0.0 <= threshold <= 1.0
        ):
            raise EngineInputError("confidence threshold must be a number between 0 and 1")
        if entity_types is None:
            return None
        wanted = frozenset(entity_types)
        unknown = wanted - ENTITY_TYPE_NAMES
        if unknown:
            # Never echo what the caller sent: a confused client may put text where a type belongs.
            raise EngineInputError(
                f"{len(unknown)} unknown entity type(s); expected some of: {', '.join(sorted(ENTITY_TYPE_NAMES))}"
            )
        return wanted

    def detect(
        self,
        text: str,
        *,
        entity_types: Collection[str] | None = None,
        threshold: float = 0.5,
        model_spans: Sequence[Span] = (),
    ) -> list[Span]:
        return self._detect(text, entity_types, threshold, model_spans, {})

    def _detect(
        self,
        text: str,
        entity_types: Collection[str] | None,
        threshold: float,
        model_spans: Sequence[Span],
        known: dict[str, str],
    ) -> list[Span]:
        wanted = self._check(entity_types, threshold)
        if not isinstance(text, str):
            raise EngineInputError("text must be a string")
        spans = self._registry.analyze(text)
        spans.extend(model_spans)
        first = resolve(text, spans, threshold=threshold)
        extra = from_neighbours(text, first) + from_calendar(text, spans, first, self._secret, known)
        extra += from_initials(text, first + extra)
        extra += propagate(text, first + extra, self._secret, known)
        final = resolve(text, first + extra, threshold=threshold) if extra else first
        final = harmonize_types(text, final)
        if wanted is not None:
            final = [s for s in final if s.entity_type in wanted]
        return final

    def deidentify(
        self,
        text: str,
        *,
        strategy: str = "placeholder",
        entity_types: Collection[str] | None = None,
        threshold: float = 0.5,
        model_spans: Sequence[Span] = (),
        state: bytes = b"",
    ) -> DeidResult:
        if strategy not in STRATEGIES:
            raise EngineInputError(f"unknown strategy; expected one of {', '.join(STRATEGIES)}")
        try:
            job_state = DeidState.load(bytes(state or b""), self._secret)
        except StateError as exc:
            raise EngineInputError(str(exc)) from None
        spans = self._detect(text, entity_types, threshold, model_spans, job_state.known)
        job_state.known.update(known_digests(self._secret, text, spans))
        job_state.known.update(calendar_digests(self._secret, text, spans))
        new_text, replacements = apply_strategy(text, spans, strategy, self._secret, job_state)
        return DeidResult(text=new_text, spans=spans, replacements=replacements, state=job_state.dump(self._secret))


def build_engine(hmac_secret: bytes, disabled_recognizers: Collection[str] = ()) -> DeidEngine:
    # The word lists (a dictionary, a gazetteer, given names) load here, not on the first request.
    for load in (clinical_abbreviations, common_words, country_names, english_words, first_names, place_names):
        load()
    registry = RecognizerRegistry(default_recognizers())
    for name in disabled_recognizers:
        try:
            registry.disable(name)
        except KeyError:
            raise EngineInputError(
                f"unknown recognizer in disabled_recognizers; known: {', '.join(registry.names)}"
            ) from None
    return DeidEngine(registry, hmac_secret)
