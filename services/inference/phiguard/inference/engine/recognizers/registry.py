"""RecognizerRegistry: the named set of recognizers and rules an engine runs, some of which may be off."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from phiguard.inference.engine.recognizers.base import Recognizer, Rule, RuleRecognizer
from phiguard.inference.engine.span import Span


class RecognizerRegistry:
    """Recognizers by name ("phone") and their rules by qualified name ("phone:us"); either can be off."""

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
        """Switch off a whole recognizer ("phone") or one rule of one ("phone:us")."""
        if name not in self._recognizers and name not in self.rules:
            # A typo in configuration must not silently leave a recognizer running.
            raise KeyError(
                f"unknown recognizer or rule {name!r}; recognizers: {', '.join(self._recognizers)}; "
                f"a rule is named recognizer:rule, one of: {', '.join(self.rules)}"
            )
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

    @property
    def recognizers(self) -> list[Recognizer]:
        """All registered recognizers, enabled or not, in the order they run."""
        return list(self._recognizers.values())

    @property
    def rules(self) -> dict[str, Rule]:
        """Every rule of every recognizer by its qualified name ("phone:us"), enabled or not."""
        return {
            name: rule
            for r in self._recognizers.values()
            if isinstance(r, RuleRecognizer)
            for name, rule in r.named_rules.items()
        }

    def analyze(self, text: str) -> list[Span]:
        spans: list[Span] = []
        for name in self.enabled_names:
            recognizer = self._recognizers[name]
            if isinstance(recognizer, RuleRecognizer):
                spans.extend(recognizer.analyze(text, skip=self._disabled))
            else:
                spans.extend(recognizer.analyze(text))  # not split into rules: it runs whole
        return spans
