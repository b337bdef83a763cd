"""The one resolver every span goes through: rule spans and model spans alike.

Order: cut a model span at its line's end, drop malformed spans, align to word boundaries, trim edge
words that belong to no value (a joiner after a name, a label before a phone), veto clinical look-alikes
and the model's own false alarms (`model_filter.py`), drop what is under the threshold (but a date listed beside
a sure one: "1963, 1979"), resolve overlaps
(more confident and more specific wins; the loser keeps only the parts nobody claimed), join same-type
neighbours split by spaces/commas and a person's words split by a blank or an initial, filter by type.
`harmonize_types` settles the final types: a person is a PROVIDER only with a clinical role, and every string
has one type.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable

from phiguard.common.entities import ENTITY_TYPE_NAMES
from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.date_grammar import is_month_word
from phiguard.inference.engine.initials import initials_of
from phiguard.inference.engine.model_filter import first_line, from_model, is_false_alarm
from phiguard.inference.engine.propagation import name_tokens
from phiguard.inference.engine.recognizers.names import clinical_role_near
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
_PERSON = ("NAME", "PROVIDER")
# Two person spans with one blank between them, or an initial ("Mary Q. Jones"), are one person's name: the
# model may call "Mary" a NAME and "Jones" a PROVIDER, but a name is one span of one type.
_PERSON_GAP = re.compile(r"[ ](?:[^\W\d_a-z]\.?[ ])?")
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


_LONGEST_MONTH = len("September")


def _event_glued_before_date(text: str, span: Span, run_start: int, start: int) -> bool:
    """"hip fx3/96", "CVA11/72": the digits of a date glued after the letters (two or more) of the event it dates.
    The letters are a word of their own, kept; a month's name glued to its day or year ("Jan2019") is part of the
    date."""
    if span.entity_type != "DATE" or not (text[start].isdigit() and text[start - 2 : start].isalpha()):
        return False  # one letter glued on is a course's day or a cycle ("d5/7", "C3/6"), read with it
    # only a lead as short as a month's name is read: a long word costs no copy for each span inside it
    return start - run_start > _LONGEST_MONTH or not is_month_word(text[run_start:start])


# Names written with a one-letter particle and an apostrophe: "O'Connor", "D'Angelo", "L'Esperance"
_NAMED_TYPES = frozenset({"NAME", "PROVIDER", "ORGANIZATION", "LOCATION"})
_APOSTROPHES = "'’"


def _with_its_particle(text: str, start: int, end: int) -> tuple[int, int]:
    """A name's span that the model began after its particle's apostrophe ("D'|Angelo") or ended on the particle
    ("O|'CONNOR") takes the particle and the rest in: a surrogate for half a name would leave the other half."""
    # The particle and the name after it are capitals ("D'Angelo", "O'BRIEN"); "d/c'd" and "don't" are no names
    if (
        start >= 2
        and text[start - 1] in _APOSTROPHES
        and text[start - 2].isupper()
        and text[start].isupper()
        and (start == 2 or not text[start - 3].isalnum() and text[start - 3] != "/")
    ):
        start -= 2
    if (
        end - start == 1
        and text[start].isupper()
        and text[end : end + 1] in _APOSTROPHES
        and text[end + 1 : end + 2].isupper()
        and text[end + 1 : end + 3].lower() != "s"  # never a possessive: a one-letter span with 's is no particle
    ):
        end += 1
        while end < len(text) and text[end].isalpha():
            end += 1
    return start, end


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
        run_start = words.around(start)[0]
        if not _event_glued_before_date(text, span, run_start, start):
            start = run_start
    if end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end = words.around(end - 1)[1]
    if span.entity_type in _NAMED_TYPES:
        start, end = _with_its_particle(text, start, end)
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


# What joins the items of a list: "s/p AVR 1963, 1979", "CABG 1996 and 2011", "TKR 2001/2011".
_LIST_JOINER = re.compile(r"[ \t]*(?:,|;|/|&|and)[ \t]*(?:and[ \t]+)?")
_LIST_GAP_MAX = 8
# What notes list by the same shape: the years and days of a history. A word beside a name is as often an eponym's
# partner ("Patrick/FABER test") or another drug ("hibiclens and bactroban"), a place after a hospital its
# department ("Mercy Hospital, Cardiology Clinic").
_LISTED_TYPES = frozenset({"DATE"})


def _list_items_raised(text: str, spans: list[Span], threshold: float) -> list[Span]:
    """The items of a list are of one kind, and the model is often surest of the first ("1963" at 0.98, "1979"
    at 0.45): a date it found, at half the threshold or more, stands at the threshold where only a list's joiner
    separates it from a date above it. Each span looks at its neighbours in reading order once each way, so a
    chain ("1963, 1979, 1984") is raised item by item."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    floor = threshold / 2

    def joined(left: Span, right: Span) -> bool:
        gap = text[left.end : right.start]
        return 0 < len(gap) <= _LIST_GAP_MAX and _LIST_JOINER.fullmatch(gap) is not None

    def raise_from(sure: Span, item: Span) -> Span | None:
        if sure.entity_type != item.entity_type or item.entity_type not in _LISTED_TYPES or sure.confidence < threshold:
            return None
        if floor <= item.confidence < threshold:
            return Span(item.start, item.end, item.entity_type, threshold, item.source)
        return None

    for i in range(1, len(ordered)):
        if joined(ordered[i - 1], ordered[i]) and (up := raise_from(ordered[i - 1], ordered[i])):
            ordered[i] = up
    for i in range(len(ordered) - 2, -1, -1):
        if joined(ordered[i], ordered[i + 1]) and (up := raise_from(ordered[i + 1], ordered[i])):
            ordered[i] = up
    return ordered


def resolve(
    text: str, spans: Iterable[Span], *, entity_types: Collection[str] | None = None, threshold: float = 0.5
) -> list[Span]:
    candidates: list[Span] = []
    words = WordRuns(text)
    for span in _list_items_raised(text, _strongest_of_each(text, spans, words), threshold):
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
        if joined and (etype := _joined_type(text, joined[-1], span)) is not None:
            prev = joined[-1]
            joined[-1] = Span(prev.start, span.end, etype, max(prev.confidence, span.confidence), prev.source)
            continue
        joined.append(span)

    if entity_types is not None:
        wanted = set(entity_types)
        joined = [s for s in joined if s.entity_type in wanted]
    return joined


def _joined_type(text: str, prev: Span, span: Span) -> str | None:
    """The type of `prev` and `span` made one span, or None where they stay two."""
    gap = text[prev.end : span.start]
    if prev.entity_type == span.entity_type and _JOIN_GAP.fullmatch(gap):
        return prev.entity_type
    if prev.entity_type in _PERSON and span.entity_type in _PERSON and _PERSON_GAP.fullmatch(gap):
        # The more specific type, as on shared characters; `harmonize_types` then keeps PROVIDER only where
        # the note gives the person a clinical role ("Patient Mary Jones" is a NAME).
        return max(prev.entity_type, span.entity_type, key=SPECIFICITY.__getitem__)
    return None


def _merged(intervals: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Overlapping intervals merged: their starts and ends, both sorted."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted(intervals):
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


# What stands between a person's name and the initials or nickname the note goes on to use for them:
# "Shauna (SMcG)", "TOLU OYELOWO RN (TO)", 'Lourdes "Lulu"' (what `neighbours.py` finds there).
_SAME_PERSON_GAP = re.compile(r"(?:,?[ \t]+[A-Z]{2,5}(?:-[A-Z]{2,4})?)?[ \t]*[(\"“‘'][ \t]*")
_SAME_PERSON_REACH = 16


def _surname(value: str) -> str | None:
    """The word a person's name is known by elsewhere: the last name word, the first in "Last, First"."""
    tokens = name_tokens(value)
    if not tokens:
        return None
    return tokens[0] if "," in value else tokens[-1]


def _people_in_role(
    text: str, spans: list[Span], candidates: Iterable[Span], known_provider: Callable[[str], bool]
) -> list[Span]:
    """Every person without a clinical role in the note typed NAME; a PROVIDER keeps its type only with evidence.

    The API defines NAME as any person and PROVIDER as a clinician, so a client asking for NAME gets both, but
    a bare name is the patient's as often as a clinician's, and the model's guess alone says nothing ("John
    Smith SSN 123-45-6789" came back PROVIDER). The evidence is the engine's one vocabulary of clinical roles,
    the titles, credentials, role words, clinicians' labels and signing verbs of `recognizers/names.py`: a
    PROVIDER rule fired on the span's characters, or those words stand around it (`clinical_role_near`), or
    the same surname is a clinician's elsewhere in the note (or, by its keyed digest, in an earlier window of
    the job), or the span is the initials of such a clinician.
    """
    roles = [c for c in candidates if c.entity_type == "PROVIDER" and not from_model(c)]
    starts, ends = _merged((c.start, c.end) for c in roles)

    def in_role(span: Span) -> bool:
        i = bisect.bisect_left(starts, span.end) - 1  # the last merged role starting before the span ends
        return (i >= 0 and ends[i] > span.start) or clinical_role_near(text, span.start, span.end)

    evidenced = {s for s in spans if s.entity_type == "PROVIDER" and in_role(s)}
    clinicians = _merged([(c.start, c.end) for c in roles] + [(s.start, s.end) for s in evidenced])

    def after_clinician(span: Span) -> bool:
        """The initials or nickname in brackets or quotes right after a clinician's name: the same person."""
        i = bisect.bisect_left(clinicians[0], span.start) - 1
        end = clinicians[1][i] if i >= 0 else -1
        return 0 <= span.start - end <= _SAME_PERSON_REACH and bool(_SAME_PERSON_GAP.fullmatch(text, end, span.start))

    values: set[str] = set()  # clinicians as the note writes them
    words: set[str] = set()  # each word of their names
    letters: set[str] = set()  # and their initials
    for c in roles + list(evidenced):
        value = text[c.start : c.end]
        values.add(value.casefold())
        words.update(t.casefold() for t in name_tokens(value))
        letters.update(initials_of(value))

    out = []
    for s in spans:
        if s.entity_type != "PROVIDER" or s in evidenced:
            out.append(s)
            continue
        value = text[s.start : s.end]
        surname = _surname(value)
        if (
            value.casefold() in values
            or after_clinician(s)
            or (surname is not None and (surname.casefold() in words or known_provider(surname)))
            or ((value.isupper() or value.islower()) and value.upper() in letters)  # "JK" for "RN J. Kittredge"
        ):
            out.append(s)
            continue
        out.append(Span(s.start, s.end, "NAME", s.confidence, s.source))
    return out


def harmonize_types(
    text: str,
    spans: list[Span],
    candidates: Iterable[Span] = (),
    known_provider: Callable[[str], bool] = lambda surname: False,
) -> list[Span]:
    """The one place final types are settled: a person is a PROVIDER only with evidence of a clinical role
    (`_people_in_role`; `candidates` are every rule's and the model's spans before resolution, `known_provider`
    says whether earlier windows of the job found a surname as a clinician's), and each distinct string in a
    document has one type: that of its most confident occurrence.

    `replacements` maps each original string to one replacement, and a name must not come out as
    [PROVIDER] in one place and [NAME] in the next.
    """
    spans = _people_in_role(text, spans, candidates, known_provider)
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
