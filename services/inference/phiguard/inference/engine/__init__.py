"""PHIGuard's de-identification engine as a library: rule recognizers, the resolver, the strategies.

The gRPC servicer calls exactly this API; nothing here needs a server, a model or a network.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from phiguard.common.entities import ENTITY_TYPE_NAMES, with_subtypes
from phiguard.inference.engine.calendar import calendar_digests
from phiguard.inference.engine.pipeline import Context, Pipeline, StageObserver, detection_stages
from phiguard.inference.engine.profile import ProfileStats, SiteProfile, compile_profile
from phiguard.inference.engine.propagation import known_digests
from phiguard.inference.engine.recognizers import RecognizerRegistry, default_recognizers
from phiguard.inference.engine.recognizers.locations import place_names
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.state import DeidState, StateError
from phiguard.inference.engine.strategies import STRATEGIES, apply_strategy
from phiguard.inference.engine.vocab import (
    clinical_abbreviations,
    common_words,
    country_names,
    drug_names,
    english_words,
    first_names,
    name_words,
)

__all__ = ["STRATEGIES", "DeidEngine", "DeidResult", "EngineInputError", "ProfileStats", "RecognizerRegistry",
           "SiteProfile", "Span", "build_engine", "compile_profile"]


class EngineInputError(ValueError):
    """A caller error (unknown strategy/type/recognizer/stage, bad threshold or state). Never quotes input text."""


@dataclass
class DeidResult:
    text: str
    spans: list[Span]
    replacements: dict[str, str]
    state: bytes


class DeidEngine:
    def __init__(self, registry: RecognizerRegistry, pipeline: Pipeline, hmac_secret: bytes) -> None:
        # Production secrets should be 32 random bytes; only an empty one is refused outright.
        if not isinstance(hmac_secret, bytes) or not hmac_secret:
            raise EngineInputError("hmac_secret must be non-empty bytes")
        self._registry = registry
        self._pipeline = pipeline
        self._secret = hmac_secret

    @property
    def recognizer_names(self) -> list[str]:
        """The enabled rule recognizers, in the order they run."""
        return self._registry.enabled_names

    @property
    def stage_names(self) -> list[str]:
        """The enabled detection stages, in the order they run."""
        return self._pipeline.enabled_names

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
        # Asking for a type includes its subtypes (NAME includes PROVIDER); spans keep their own type.
        return with_subtypes(wanted)

    def detect(
        self,
        text: str,
        *,
        entity_types: Collection[str] | None = None,
        threshold: float = 0.5,
        model_spans: Sequence[Span] | Callable[[], Sequence[Span]] = (),
        on_stage: StageObserver | None = None,
        profile: SiteProfile | None = None,
        profile_stats: ProfileStats | None = None,
    ) -> list[Span]:
        """`model_spans` may be a call that waits for them: the rules then run before it is made, while the model
        works. `on_stage` is called with each enabled stage's name and duration in seconds. A site `profile` adds
        its deny entries and drops spans its allow list names; `profile_stats` receives what it did (counts)."""
        return self._detect(text, entity_types, threshold, model_spans, {}, on_stage, profile, profile_stats)

    def _detect(
        self,
        text: str,
        entity_types: Collection[str] | None,
        threshold: float,
        model_spans: Sequence[Span] | Callable[[], Sequence[Span]],
        known: dict[str, str],
        on_stage: StageObserver | None,
        profile: SiteProfile | None = None,
        profile_stats: ProfileStats | None = None,
    ) -> list[Span]:
        wanted = self._check(entity_types, threshold)
        if not isinstance(text, str):
            raise EngineInputError("text must be a string")
        ctx = Context(threshold=threshold, secret=self._secret, model_spans=model_spans, known=known,
                      profile=profile, wanted=wanted, profile_stats=profile_stats or ProfileStats())
        final = self._pipeline.run(text, ctx, on_stage)
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
        model_spans: Sequence[Span] | Callable[[], Sequence[Span]] = (),
        state: bytes = b"",
        on_stage: StageObserver | None = None,
        tenant: str = "",
        profile: SiteProfile | None = None,
        profile_stats: ProfileStats | None = None,
    ) -> DeidResult:
        """`tenant` (the caller's API key id) keys the hash strategy: tags are stable for one tenant and
        unrelated between tenants."""
        if strategy not in STRATEGIES:
            raise EngineInputError(f"unknown strategy; expected one of {', '.join(STRATEGIES)}")
        try:
            job_state = DeidState.load(bytes(state or b""), self._secret)
        except StateError as exc:
            raise EngineInputError(str(exc)) from None
        spans = self._detect(text, entity_types, threshold, model_spans, job_state.known, on_stage, profile,
                             profile_stats)
        job_state.known.update(known_digests(self._secret, text, spans))
        job_state.known.update(calendar_digests(self._secret, text, spans))
        new_text, replacements = apply_strategy(text, spans, strategy, self._secret, job_state, tenant)
        return DeidResult(text=new_text, spans=spans, replacements=replacements, state=job_state.dump(self._secret))


def build_engine(
    hmac_secret: bytes, disabled_recognizers: Collection[str] = (), disabled_stages: Collection[str] = ()
) -> DeidEngine:
    # The word lists (a dictionary, a gazetteer, given names) load here, not on the first request.
    for load in (clinical_abbreviations, common_words, country_names, drug_names, english_words, first_names,
                 name_words, place_names):
        load()
    registry = RecognizerRegistry(default_recognizers())
    for name in disabled_recognizers:
        try:
            registry.disable(name)
        except KeyError:
            raise EngineInputError(
                f"unknown recognizer in disabled_recognizers; known: {', '.join(registry.names)}"
            ) from None
    pipeline = Pipeline(detection_stages(registry))
    for name in disabled_stages:
        try:
            pipeline.disable(name)
        except KeyError:
            raise EngineInputError(f"unknown stage in disabled_stages; known: {', '.join(pipeline.names)}") from None
    engine = DeidEngine(registry, pipeline, hmac_secret)
    # Patterns turn into RE2 programs on first use; one pass over an invented note here keeps that
    # second or two out of the first request (and out of readiness probes that time it).
    engine.deidentify(_WARM_UP_NOTE, strategy="surrogate")
    return engine


_WARM_UP_NOTE = (
    "Seen by Dr. Ada Quill (PCP) on 3/4/2091 at Harbor Glen Hospital, MRN 4417730; call 555-201-3344 "
    "or aquill@example.org. Pt lives at 12 Elm St, Dunmore, OH 44719; dtr Bea updated. BP 120/80."
)
