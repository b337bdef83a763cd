"""The one resolver every span goes through: rule spans and model spans alike.

Order: cut a model span at its line's end, drop malformed spans, align to word boundaries, trim edge
words that belong to no value (a joiner after a name, a label before a phone), veto clinical look-alikes
and the model's own false alarms (`model_filter.py`), drop what is under the threshold, resolve overlaps
(more confident and more specific wins; the loser keeps only the parts nobody claimed), join same-type
neighbours split by spaces/commas, filter by type.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable

from phiguard.common.entities import ENTITY_TYPE_NAMES
from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.model_filter import first_line, from_model, is_false_alarm
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.veto import is_clinical_span

# How specific a type is: an SSN claim is worth more than "some id" on the same characters.
SPECIFICITY: dict[str, int] = {
    "SSN": 9,
    "EMAIL": 9,
    "IP": 9,
    "FAX": 9,
    "URL": 8,
    "PHONE": 8,
    "MRN": 8,
    "PATIENT_ID": 8,
    "DATE": 7,
    "AGE": 7,
    "ACCOUNT": 7,
    "LICENSE": 7,
    "VEHICLE": 7,
    "DEVICE": 7,
    "BIOMETRIC": 7,
    "PHOTO": 7,
    "PROVIDER": 5,
    "ORGANIZATION": 5,
    "NAME": 4,
    "LOCATION": 4,
    "OTHER_ID": 2,
}
_SPECIFICITY_WEIGHT = 0.02
_JOIN_GAP = re.compile(r"[ ,]*")
_EDGE_TRIM = " \t\r\n,;:"


class _NonOverlapping:
    """Accepted spans kept sorted by start; they never overlap, so ends are sorted too."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self._starts: list[int] = []

    def overlapping(self, span: Span) -> list[Span]:
        i = bisect.bisect_left(self._starts, span.start)
        lo = i - 1 if i > 0 and self.spans[i - 1].end > span.start else i
        hi = bisect.bisect_left(self._starts, span.end)
        return self.spans[lo:hi]

    def add(self, span: Span) -> None:
        i = bisect.bisect_left(self._starts, span.start)
        self._starts.insert(i, span.start)
        self.spans.insert(i, span)

    def remove(self, span: Span) -> None:
        i = bisect.bisect_left(self._starts, span.start)
        while self.spans[i] is not span and self.spans[i] != span:
            i += 1
        del self._starts[i]
        del self.spans[i]


# On the same characters a rule that fired on its context knows the type better than the model
# ("Fax: (218) 555-0199" is a FAX even if the model says PHONE); a confident model still beats a weak rule.
RULE_BONUS = 0.1


def _rank(span: Span) -> tuple[float, int, int]:
    bonus = 0.0 if from_model(span) else RULE_BONUS
    return (
        span.confidence + bonus + _SPECIFICITY_WEIGHT * SPECIFICITY.get(span.entity_type, 0),
        len(span),
        -span.start,
    )


class WordRuns:
    """Where each run of letters and digits starts and ends, found once per text: growing a span to
    whole words by looking its word up, not by walking it, keeps a 100,000-letter word linear."""

    _RUN = re.compile(r"[^\W_]+")  # exactly what str.isalnum() accepts

    def __init__(self, text: str) -> None:
        self._text = text
        self._runs: list[tuple[int, int]] | None = None  # found on first use: most notes' spans need none

    def around(self, pos: int) -> tuple[int, int]:
        """The run holding the letter or digit at `pos`."""
        if self._runs is None:
            self._runs = [m.span() for m in self._RUN.finditer(self._text)]
            self._starts = [s for s, _ in self._runs]
        return self._runs[bisect.bisect_right(self._starts, pos) - 1]


def align_to_words(text: str, span: Span, words: WordRuns) -> Span | None:
    """Trim separators at the edges, then grow so no span starts or ends inside a word."""
    start, end = max(0, span.start), min(len(text), span.end)
    while start < end and text[start] in _EDGE_TRIM:
        start += 1
    while end > start and text[end - 1] in _EDGE_TRIM:
        end -= 1
    if start >= end:
        return None
    if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start = words.around(start)[0]
    if end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end = words.around(end - 1)[1]
    if (start, end) == (span.start, span.end):
        return span
    return Span(start, end, span.entity_type, span.confidence, span.source)


_JOINER = r"(?:and|or|with|the|to|of|for|per)"
_PHONE_LABEL_LEAD = re.compile(
    r"(?i)(?:(?:cell|tel|telephone|phone|ph|mobile|home|work|office|pager|pgr|beeper|fax|contact|call|number|no\.?|#)"
    r"\s*[:#.]?\s*)+(?=[\d(+])"
)
_TAIL_JOINERS = re.compile(rf"(?:\s+{_JOINER})+$")
_EDGE_WORD = re.compile(rf"^(?P<lead>(?:{_JOINER}\s+)*)(?P<core>.*?)(?P<tail>(?:\s+{_JOINER})*)$", re.S)


def trim_edges(text: str, span: Span) -> Span | None:
    """A person's name never starts or ends on a lower-case joiner ("Ahmed and" is "Ahmed"), a place never
    starts on a lower-case "the", a phone number never on its label."""
    if span.entity_type in ("PHONE", "FAX"):
        # "cell 781 555 0199": the label before a number is the reader's cue, not the number
        lead = _PHONE_LABEL_LEAD.match(text[span.start : span.end])
        if lead is None:
            return span
        return Span(span.start + lead.end(), span.end, span.entity_type, span.confidence, span.source)
    if span.entity_type in ("ORGANIZATION", "LOCATION"):
        if re.fullmatch(_JOINER, text[span.start : span.end]):
            return None
        # "the Framingham office": a place may hold "of the" inside, never a lower-case "the" in front,
        # and never ends on a joiner ("Kaweah Delta Hospital and")
        value = text[span.start : span.end]
        lead = re.match(r"the\s+", value)
        start = span.start + lead.end() if lead is not None and lead.end() < len(value) else span.start
        tail = _TAIL_JOINERS.search(text, start, span.end)
        end = tail.start() if tail is not None and tail.start() > start else span.end
        if (start, end) == (span.start, span.end):
            return span
        return Span(start, end, span.entity_type, span.confidence, span.source)
    if span.entity_type not in ("NAME", "PROVIDER"):
        return span
    m = _EDGE_WORD.match(text[span.start : span.end])
    if m is None or not (m.group("lead") or m.group("tail")):
        return span
    if not m.group("core").strip():
        return None
    start = span.start + len(m.group("lead"))
    return Span(start, start + len(m.group("core")), span.entity_type, span.confidence, span.source)


def _subtract(text: str, span: Span, taken: Iterable[Span]) -> list[Span]:
    """The parts of `span` outside every taken span, trimmed, that still hold a letter or digit."""
    pieces = [(span.start, span.end)]
    for t in taken:
        nxt = []
        for s, e in pieces:
            if t.end <= s or t.start >= e:
                nxt.append((s, e))
                continue
            if s < t.start:
                nxt.append((s, t.start))
            if t.end < e:
                nxt.append((t.end, e))
        pieces = nxt
    out = []
    for s, e in pieces:
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        if e > s and not re.fullmatch(_JOINER, text[s:e]):  # a lone "and" left between two claims is nothing
            out.append(Span(s, e, span.entity_type, span.confidence, span.source + ":remainder"))
    return out


def _strongest_of_each(text: str, spans: Iterable[Span], words: WordRuns) -> list[Span]:
    """Spans aligned to whole words, one per (start, end, type, source): the most confident.

    Many model spans inside one long word align to the same span; checking each copy against the
    vetoes, which read the whole span, would make a long word cost quadratic time. The copies that
    are dropped are never reported: the most confident copy ranks first, and a veto that spares a
    less confident span spares a more confident one too."""
    best: dict[tuple[int, int, str, str], Span] = {}
    for span in spans:
        span = first_line(text, span)
        if span.entity_type not in ENTITY_TYPE_NAMES or not 0 <= span.start < span.end <= len(text):
            continue
        aligned = align_to_words(text, span, words)
        if aligned is None:
            continue
        key = (aligned.start, aligned.end, aligned.entity_type, aligned.source)
        if key not in best or aligned.confidence > best[key].confidence:
            best[key] = aligned
    return list(best.values())


def resolve(
    text: str, spans: Iterable[Span], *, entity_types: Collection[str] | None = None, threshold: float = 0.5
) -> list[Span]:
    candidates: list[Span] = []
    words = WordRuns(text)
    for span in _strongest_of_each(text, spans, words):
        aligned = trim_edges(text, span)
        if (
            aligned is None
            or aligned.confidence < threshold
            or is_clinical_span(text, aligned)
            or is_false_alarm(text, aligned)
        ):
            continue
        candidates.append(aligned)

    accepted = _NonOverlapping()
    for span in sorted(candidates, key=_rank, reverse=True):
        clashes = accepted.overlapping(span)
        if not clashes:
            accepted.add(span)
            continue
        if all(a.entity_type == span.entity_type for a in clashes):
            union = Span(
                min(span.start, clashes[0].start),
                max(span.end, clashes[-1].end),
                span.entity_type,
                max(a.confidence for a in clashes),
                clashes[0].source,
            )
            # clashes are all the accepted spans overlapping `span`; the union may reach no others.
            if len(accepted.overlapping(union)) == len(clashes):
                for a in clashes:
                    accepted.remove(a)
                accepted.add(union)
                continue
        # A different type already owns part of it: keep what nobody claimed, so nothing leaks.
        for piece in _subtract(text, span, clashes):
            if not accepted.overlapping(piece):
                accepted.add(piece)

    joined: list[Span] = []
    for span in accepted.spans:
        if joined:
            prev = joined[-1]
            if prev.entity_type == span.entity_type and _JOIN_GAP.fullmatch(text[prev.end : span.start]):
                joined[-1] = Span(
                    prev.start, span.end, prev.entity_type, max(prev.confidence, span.confidence), prev.source
                )
                continue
        joined.append(span)

    if entity_types is not None:
        wanted = set(entity_types)
        joined = [s for s in joined if s.entity_type in wanted]
    return joined


def harmonize_types(text: str, spans: list[Span]) -> list[Span]:
    """One type per distinct string in a document: the type of its most confident occurrence.

    `replacements` maps each original string to one replacement, and a name must not come out as
    [PROVIDER] in one place and [NAME] in the next.
    """
    best: dict[str, Span] = {}
    for s in spans:
        key = text[s.start : s.end]
        if key not in best or _rank(s) > _rank(best[key]):
            best[key] = s
    out = []
    for s in spans:
        etype = best[text[s.start : s.end]].entity_type
        out.append(s if etype == s.entity_type else Span(s.start, s.end, etype, s.confidence, s.source))
    return out
