"""What every recognizer is, and the rules most of them are made of."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.span import Span

# Where a match's PHI lies and what it scores: (start, end, score), one per span the match yields.
Part = tuple[int, int, float]
# A match made over again as the rule reads it (cut shorter), or None where it reads none there.
Settle = Callable[[str, re.Match[str]], re.Match[str] | None]


class Recognizer:
    """A detector in Presidio's style: a stable `name`, the types it may emit, `analyze`.

    Spans carry the recognizer name (plus the rule that fired) in `source`, so a detection can be
    explained without text. A RuleRecognizer is made of named rules and can run without some of them;
    a recognizer not split into rules runs whole.
    """

    name: str = ""
    entity_types: tuple[str, ...] = ()

    def analyze(self, text: str) -> list[Span]:  # pragma: no cover - interface
        raise NotImplementedError


def words_regex(words: Iterable[str]) -> re.Pattern[str]:
    """Case-insensitive whole-word alternation, longest first so 'fax number' beats 'fax'."""
    alts = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(alts) + r")(?![A-Za-z0-9])", re.IGNORECASE)


def settled_matches(rx: re.Pattern[str], text: str, settle: Settle | None) -> Iterator[re.Match[str]]:
    """rx.finditer(text), each match settled: `settle` returns it (cut shorter where needed) or None where
    there is none. The search goes on from a settled match's end, or one character later after None, as
    it would have for a pattern that matched so itself (RE2 reads no lookahead inside a pattern)."""
    if settle is None:
        yield from rx.finditer(text)
        return
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        settled = settle(text, m)
        if settled is None:
            pos = m.start() + 1
        else:
            yield settled
            pos = settled.end()


T = TypeVar("T")


def once_per_note(read: Callable[[str], T]) -> Callable[[str], T]:
    """`read` made once per note: a fact of the whole note that a hook asks again for each match (has the note
    flowsheet rows?) would otherwise cost quadratic time. Each thread keeps the fact of the note it read last,
    as linear_re keeps its encoding."""
    memo = threading.local()

    def fact(text: str) -> T:
        last = getattr(memo, "last", None)
        if last is None or last[0] is not text:
            last = memo.last = (text, read(text))
        return last[1]

    return fact


def read_once(read: Callable[[str, re.Match[str]], T]) -> Callable[[str, re.Match[str]], T]:
    """`read` made once per match: where a rule's veto and its parts both need a match's reading, or several
    rules read the matches of one pattern each its own way (a month/day as a date, a range or a fraction)."""
    readings = once_per_note(lambda text: {})

    def reading(text: str, m: re.Match[str]) -> T:
        known = readings(text)
        key = (m.re, m.start(), m.end())
        if key not in known:
            known[key] = read(text, m)
        return known[key]

    return reading


def context_before(text: str, start: int, window: int) -> str:
    """Up to `window` characters before a match: where a label or context word would be."""
    lo = max(0, start - window)
    return text[lo:start]


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One way of finding PHI, with everything that decides what a match of it is worth.

    `patterns` run in order; `settle` cuts a match where a lookahead inside the pattern would have
    (see settled_matches). `group` selects the part of a match that is PHI (labels such as "MRN:"
    stay outside). `accept` is the rule's own veto: it turns down what only looks like its PHI (a
    failed check digit, a credential after a surname). `parts` replaces `group` where the rule trims
    words off a match, marks several parts of it (an address's city, state and ZIP) or scores each
    match its own way; it may yield nothing. `applies` skips the notes a rule cannot read (one typed
    all in lower case). `context` words within `window` characters before a match raise its score by
    `boost`; `vouch` decides that instead where more than words before it can vouch for a match (a
    clock time after a day, a heading's colon). A vouched span's source ends in "+context".

    `examples` mark with «» each value the rule must find in them; `counterexamples` are look-alikes
    it must leave. tests/engine/test_rule_examples.py runs both for every rule in the registry.
    """

    name: str
    entity_type: str
    patterns: tuple[re.Pattern[str], ...]
    score: float
    description: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...] = ()
    settle: Settle | None = None
    group: int | str = 0
    accept: Callable[[str, re.Match[str]], bool] | None = None
    parts: Callable[[str, re.Match[str]], Iterable[Part]] | None = None
    applies: Callable[[str], bool] | None = None
    context: tuple[str, ...] = ()
    vouch: Callable[[str, re.Match[str]], bool] | None = None
    boost: float = 0.15
    window: int = 40
    _context_words: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if self.context:
            object.__setattr__(self, "_context_words", words_regex(self.context))

    @property
    def entity_types(self) -> tuple[str, ...]:
        return (self.entity_type,)

    def find(self, text: str, source: str) -> Iterator[Span]:
        """This rule's spans in `text`, each with `source` (the rule's qualified name) as its source."""
        if self.applies is not None and not self.applies(text):
            return
        for regex in self.patterns:
            for m in settled_matches(regex, text, self.settle):
                if self.accept is None or self.accept(text, m):
                    yield from self._spans(text, m, source)

    def _spans(self, text: str, m: re.Match[str], source: str) -> Iterator[Span]:
        for start, end, score in self._parts(text, m):
            if start < 0 or start == end:
                continue  # the group that holds the value took no part in this match
            entity_type, vouched = self.judge(text, m, start)
            if vouched:
                score = min(1.0, score + self.boost)
            yield Span(start, end, entity_type, round(score, 4), source + ("+context" if vouched else ""))

    def _parts(self, text: str, m: re.Match[str]) -> Iterable[Part]:
        if self.parts is not None:
            return self.parts(text, m)
        start, end = m.span(self.group)
        return ((start, end, self.score),)

    def judge(self, text: str, m: re.Match[str], start: int) -> tuple[str, bool]:
        """The type of the span found at `start`, and whether what surrounds the match vouches for it."""
        if self.vouch is not None:
            return self.entity_type, self.vouch(text, m)
        if self._context_words is None:
            return self.entity_type, False
        return self.entity_type, self._context_words.search(context_before(text, m.start(), self.window)) is not None


class RuleRecognizer(Recognizer):
    """A named group of rules: it runs them in order and emits the types they name."""

    def __init__(self, name: str, rules: Sequence[Rule]) -> None:
        names = [name, *(r.name for r in rules)]
        # A rule is known as "recognizer:rule" (its spans' source, its name for disabling it).
        if not all(names) or any(":" in n for n in names) or len(set(names[1:])) != len(rules):
            raise ValueError(f"recognizer {name!r} needs names without ':' and rules with distinct names")
        self.name = name
        self.rules = tuple(rules)
        self.entity_types = tuple(sorted({t for r in self.rules for t in r.entity_types}))

    @property
    def named_rules(self) -> dict[str, Rule]:
        """The rules by qualified name ("phone:us"), in the order they run."""
        return {f"{self.name}:{rule.name}": rule for rule in self.rules}

    def analyze(self, text: str, skip: Collection[str] = frozenset()) -> list[Span]:
        """Every rule's spans in rule order, but for the rules `skip` names ("phone:us")."""
        spans: list[Span] = []
        for name, rule in self.named_rules.items():
            if name not in skip:
                spans.extend(rule.find(text, name))
        return spans
