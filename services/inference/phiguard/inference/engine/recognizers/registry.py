"""RecognizerRegistry: the named set of rule recognizers an engine runs, some of which may be off."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from phiguard.inference.engine.recognizers.base import Recognizer
from phiguard.inference.engine.span import Span


class RecognizerRegistry:
    def __init__(self, recognizers: Iterable[Recognizer] = (), disabled: Collection[str] = ()) -> None:
        self._recognizers: dict[str, Recognizer] = {}
        for r in recognizers:
            self.add(r)
        self._disabled: set[str] = set()
        for name in disabled:
            self.disable(name)

    def add(self, recognizer: Recognizer) -> None:
        if not recognizer.name or recognizer.name in self._recognizers:
            raise ValueError(f"recognizer name missing or duplicated: {recognizer.name!r}")
        self._recognizers[recognizer.name] = recognizer

    def disable(self, name: str) -> None:
        if name not in self._recognizers:
            # A typo in configuration must not silently leave a recognizer running.
            raise KeyError(f"unknown recognizer {name!r}; known: {sorted(self._recognizers)}")
        self._disabled.add(name)

    def enable(self, name: str) -> None:
        self._disabled.discard(name)

    @property
    def names(self) -> list[str]:
        """All registered recognizer names, enabled or not."""
        return list(self._recognizers)

    @property
    def enabled_names(self) -> list[str]:
        return [n for n in self._recognizers if n not in self._disabled]

    def analyze(self, text: str) -> list[Span]:
        spans: list[Span] = []
        for name in self.enabled_names:
            spans.extend(self._recognizers[name].analyze(text))
        return spans
