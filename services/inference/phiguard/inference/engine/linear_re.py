"""Linear-time regular expressions: the `re` API the engine uses, matched by RE2.

Python's `re` backtracks: one pattern with nested or adjacent quantifiers can take exponential time on
a 600-character input, and it holds the GIL while it does. RE2 guarantees time linear in the input,
but it has no lookarounds, reads `\\w`, `\\d`, `\\s` and `\\b` as ASCII, and reads `$` as the very end.

So every engine module imports this module as `re` (google-re2's own advice is `import re2 as re`)
and writes ordinary Python patterns. `compile` parses them with Python's own parser and emits an RE2
program with the same meaning:
- `\\w`, `\\d`, `\\s` and classes become explicit Unicode code-point ranges computed from `str.isalnum`,
  `str.isdecimal` and `str.isspace`, which is exactly what Python's `re` tests.
- A lookbehind that opens the pattern (or one of its top-level alternatives) becomes a consumed
  context character before the span; a lookahead that closes it becomes a consumed context after it.
  Empty marker groups record where the span itself starts and ends, and the search restarts where
  the span (not the context) ended, so results equal Python's `finditer`, match for match.
- Anything RE2 cannot run in linear time (a lookaround in the middle, a backreference, an atomic
  group) is refused when the module is imported, so no such pattern can reach production.
"""

from __future__ import annotations

import _sre
import bisect
import functools
import itertools
import re as _std
import sys
import threading
from collections.abc import Callable, Iterator
from re import _compiler as _re_compiler  # type: ignore[attr-defined]
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

import re2 as _re2

# The `re` flag names, long and short, so modules written for `re` need no change.
IGNORECASE = I = _std.IGNORECASE  # noqa: E741 - the `re` API's own name
MULTILINE = M = _std.MULTILINE
DOTALL = S = _std.DOTALL
VERBOSE = X = _std.VERBOSE
ASCII = A = _std.ASCII
UNICODE = U = _std.UNICODE
escape = _std.escape
error = _std.error

_MAX = sys.maxunicode
Ranges = tuple[tuple[int, int], ...]


class UnsupportedPattern(ValueError):
    """A pattern with a construct RE2 cannot run (or this translator cannot place) in linear time."""


# ---------------------------------------------------------------- code-point sets
@functools.cache
def _all_code_points() -> str:
    return "".join(map(chr, range(_MAX + 1)))


@functools.cache
def _category(name: str, ascii_only: bool) -> Ranges:
    """The code points Python's `re` puts in `\\w`, `\\d`, `\\s`, read off Python's own `re` (once)."""
    probe = {"word": r"\w+", "digit": r"\d+", "space": r"\s+"}[name]
    flags = _std.ASCII if ascii_only else 0
    return tuple((m.start(), m.end() - 1) for m in _std.finditer(probe, _all_code_points(), flags))


@functools.cache
def _case_groups() -> tuple[dict[int, int], dict[int, tuple[int, ...]]]:
    """Python's IGNORECASE equivalence: two characters match when their simple lower cases agree,
    or when `re`'s table of extra cases (ſ/s, K/k/Kelvin sign, ...) joins those lower cases."""
    members: dict[int, set[int]] = {}
    for cp in range(_MAX + 1):
        lo = _sre.unicode_tolower(cp)
        if lo != cp:
            members.setdefault(lo, {lo}).add(cp)
    for lo, others in _re_compiler._EXTRA_CASES.items():
        joined = members.setdefault(lo, {lo})
        for other in others:
            joined |= members.get(other, {other})
    key_of: dict[int, int] = {}
    for lo, group in members.items():
        for cp in group:
            key_of.setdefault(cp, lo)
    return key_of, {lo: tuple(sorted(g)) for lo, g in members.items()}


@functools.cache
def _fold(ranges: Ranges) -> Ranges:
    """Every character that matches some member of `ranges` when case is ignored."""
    key_of, groups = _case_groups()
    if sum(hi - lo + 1 for lo, hi in ranges) <= len(key_of):
        members = (cp for lo, hi in ranges for cp in range(lo, hi + 1))
    else:  # a wide class: look up the few thousand characters that have a case instead
        starts = [lo for lo, _ in ranges]
        members = (cp for cp in key_of if _member(ranges, starts, cp))
    keys = {key_of[cp] for cp in members if cp in key_of}
    if not keys:
        return ranges
    return _normalise(list(ranges) + [(cp, cp) for key in keys for cp in groups[key]])


def _member(ranges: Ranges, starts: list[int], cp: int) -> bool:
    i = bisect.bisect_right(starts, cp) - 1
    return i >= 0 and ranges[i][1] >= cp


def _normalise(ranges: list[tuple[int, int]]) -> Ranges:
    out: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return tuple((lo, hi) for lo, hi in out)


@functools.lru_cache(maxsize=4096)
def _complement(ranges: Ranges) -> Ranges:
    out, nxt = [], 0
    for lo, hi in ranges:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= _MAX:
        out.append((nxt, _MAX))
    return tuple(out)


def _intersect(a: Ranges, b: Ranges) -> Ranges:
    return _complement(_normalise(list(_complement(a)) + list(_complement(b))))


def _union(a: Ranges, b: Ranges) -> Ranges:
    return _normalise(list(a) + list(b))


_ANY: Ranges = ((0, _MAX),)
_NOTHING = r"[^\x{0}-\x{10FFFF}]"
_CATEGORIES = {
    _c.CATEGORY_WORD: ("word", False),
    _c.CATEGORY_NOT_WORD: ("word", True),
    _c.CATEGORY_DIGIT: ("digit", False),
    _c.CATEGORY_NOT_DIGIT: ("digit", True),
    _c.CATEGORY_SPACE: ("space", False),
    _c.CATEGORY_NOT_SPACE: ("space", True),
}


@functools.lru_cache(maxsize=4096)
def _class_emit(ranges: Ranges) -> str:
    if not ranges:
        return _NOTHING
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return f"\\x{{{ranges[0][0]:X}}}"
    parts = [f"\\x{{{lo:X}}}" if lo == hi else f"\\x{{{lo:X}}}-\\x{{{hi:X}}}" for lo, hi in ranges]
    return "[" + "".join(parts) + "]"


# ---------------------------------------------------------------- translation
class _Flags:
    """The flags in force at one point of a pattern (inline groups such as `(?i:...)` change them)."""

    def __init__(self, flags: int) -> None:
        self.bits = flags

    def with_(self, add: int, remove: int) -> _Flags:
        return _Flags((self.bits | add) & ~remove)

    @property
    def ignorecase(self) -> bool:
        return bool(self.bits & _std.IGNORECASE)

    @property
    def multiline(self) -> bool:
        return bool(self.bits & _std.MULTILINE)

    @property
    def dotall(self) -> bool:
        return bool(self.bits & _std.DOTALL)

    @property
    def ascii(self) -> bool:
        return bool(self.bits & _std.ASCII)


def _set_of(op, av, flags: _Flags) -> Ranges | None:
    """The code points one single-character item matches, or None when it is not one character.
    Case is folded here, so the emitted program itself is always case-sensitive."""
    if op in (_c.LITERAL, _c.NOT_LITERAL):
        ranges: Ranges = ((av, av),)
        ranges = _fold(ranges) if flags.ignorecase else ranges
        return ranges if op is _c.LITERAL else _complement(ranges)
    if op is _c.ANY:
        return _ANY if flags.dotall else _complement(((10, 10),))
    if op is not _c.IN:
        return None
    return _class_set(tuple(av), flags.bits)


@functools.lru_cache(maxsize=8192)
def _class_set(items: tuple, bits: int) -> Ranges:
    """The code points a `[...]` class matches (cached: the same classes recur across patterns)."""
    flags = _Flags(bits)
    negate, acc = False, []
    for iop, iav in items:
        if iop is _c.NEGATE:
            negate = True
        elif iop is _c.LITERAL:
            acc.append((iav, iav))
        elif iop is _c.RANGE:
            acc.append(tuple(iav))
        elif iop is _c.CATEGORY:
            name, negated = _CATEGORIES[iav]
            cat = _category(name, flags.ascii)
            acc.extend(_complement(cat) if negated else cat)
        else:
            raise UnsupportedPattern(f"class item {iop}")
    ranges = _normalise(acc)
    ranges = _fold(ranges) if flags.ignorecase else ranges
    return _complement(ranges) if negate else ranges


def _min_width(items) -> int:
    return _parser.SubPattern(_parser.State(), list(items)).getwidth()[0]


class _Emitter:
    """Writes the RE2 text of a parsed body; Python's group numbers map to the RE2 groups emitted."""

    def __init__(self) -> None:
        self.groups = 0
        self.user_groups: dict[int, list[int]] = {}

    def new_group(self) -> int:
        self.groups += 1
        return self.groups

    def seq(self, items, flags: _Flags) -> str:
        return "".join(self.item(op, av, flags) for op, av in items)

    def item(self, op, av, flags: _Flags) -> str:
        single = _set_of(op, av, flags)
        if single is not None:
            return _class_emit(single)
        if op is _c.BRANCH:
            return "(?:" + "|".join(self.seq(alt, flags) for alt in av[1]) + ")"
        if op is _c.SUBPATTERN:
            group, add, remove, sub = av
            if group is None:
                return "(?:" + self.seq(sub, flags.with_(add, remove)) + ")"
            # RE2 numbers a group by its opening parenthesis: take the number before the body's groups.
            self.user_groups.setdefault(group, []).append(self.new_group())
            return "(" + self.seq(sub, flags.with_(add, remove)) + ")"
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            lo, hi, sub = av
            if hi is _c.MAXREPEAT:
                q = {0: "*", 1: "+"}.get(lo, f"{{{lo},}}")
            elif (lo, hi) == (0, 1):
                q = "?"
            else:
                q = f"{{{lo}}}" if lo == hi else f"{{{lo},{hi}}}"
            return "(?:" + self.seq(sub, flags) + ")" + q + ("?" if op is _c.MIN_REPEAT else "")
        if op is _c.AT:
            return self.at(av, flags)
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            raise UnsupportedPattern("a lookaround that neither opens nor closes the pattern")
        raise UnsupportedPattern(f"construct {op}")

    @staticmethod
    def at(av, flags: _Flags) -> str:
        if av is _c.AT_BEGINNING:
            return "(?m:^)" if flags.multiline else r"\A"
        if av is _c.AT_BEGINNING_STRING:
            return r"\A"
        if av is _c.AT_END_STRING:
            return r"\z"
        if av is _c.AT_END and flags.multiline:
            return "(?m:$)"
        if av in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
            raise UnsupportedPattern("a word boundary that neither opens nor closes the pattern")
        raise UnsupportedPattern("`$` that does not close the pattern")


class _Context:
    """What an edge of the span demands of the text beside it: one character from `chars`, or the
    edge of the text when `edge`; or, for a longer lookaround, a sub-pattern to consume (`seq`)."""

    def __init__(self, chars: Ranges = _ANY, edge: bool = True, seq=None) -> None:
        self.chars, self.edge, self.seq = chars, edge, seq

    @property
    def trivial(self) -> bool:
        return self.seq is None and self.edge and self.chars == _ANY

    def narrow(self, other: _Context) -> _Context:
        if self.trivial:
            return other
        if other.trivial:
            return self
        if self.seq is not None or other.seq is not None:
            raise UnsupportedPattern("two long lookarounds on one edge")
        return _Context(_intersect(self.chars, other.chars), self.edge and other.edge)


def _assertion_context(op, av, flags: _Flags, behind: bool) -> _Context | str | None:
    """The context an assertion at an edge demands; "boundary" for `\\b`; None for a non-assertion."""
    if op is _c.AT:
        return _anchor_context(av, flags, behind)
    if op not in (_c.ASSERT, _c.ASSERT_NOT):
        return None
    direction, sub = av
    if (direction < 0) != behind:
        return None
    positive = op is _c.ASSERT
    try:
        seqs = [_single_seq(alt, flags) for alt in _alternatives(sub)]
    except UnsupportedPattern:
        seqs = [None]  # alternatives inside a group: no single character, but a positive one is consumed whole
    if all(s is not None and len(s) == 1 for s in seqs):
        chars: Ranges = ()
        for s in seqs:
            chars = _union(chars, s[0])
        return _Context(chars, edge=False) if positive else _Context(_complement(chars), edge=True)
    if positive:
        return _Context(seq=sub, edge=False)
    if not behind:
        return _Context(seq=_negative_lookahead(sub, flags), edge=True)
    raise UnsupportedPattern("a negative lookbehind longer than one character")


def _anchor_context(av, flags: _Flags, behind: bool) -> _Context | str | None:
    if av in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
        if av is _c.AT_NON_BOUNDARY:
            raise UnsupportedPattern("\\B")
        return "boundary"
    newline: Ranges = ((10, 10),)
    if behind and av is _c.AT_BEGINNING_STRING or behind and av is _c.AT_BEGINNING and not flags.multiline:
        return _Context(chars=(), edge=True)
    if behind and av is _c.AT_BEGINNING:
        return _Context(chars=newline, edge=True)
    if not behind and av is _c.AT_END_STRING:
        return _Context(chars=(), edge=True)
    if not behind and av is _c.AT_END and flags.multiline:
        return _Context(chars=newline, edge=True)
    if not behind and av is _c.AT_END:
        return _Context(seq="\\n?\\z", edge=True)  # Python's `$` also stands before a final newline
    return None


def _alternatives(sub) -> list:
    if len(sub) == 1 and sub[0][0] is _c.BRANCH:
        return list(sub[0][1][1])
    if any(op is _c.BRANCH for op, _ in sub):
        raise UnsupportedPattern("lookaround alternatives")
    return [sub]


def _single_seq(alt, flags: _Flags) -> list[Ranges] | None:
    """A fixed sequence of single characters, one code-point set each; None if anything else is in it."""
    out = []
    for op, av in alt:
        if op is _c.SUBPATTERN and av[0] is None:
            inner = _single_seq(av[3], flags.with_(av[1], av[2]))
            if inner is None:
                return None
            out.extend(inner)
            continue
        s = _set_of(op, av, flags)
        if s is None:
            return None
        out.append(s)
    return out


def _negative_lookahead(sub, flags: _Flags) -> str:
    """A consumable pattern for 'what follows is not SUB'. SUB's alternatives are fixed sequences of
    single characters; some may start with one shared `[R]*` run that no sequence starts with."""
    lead: Ranges | None = None
    plain, after_run = [], []
    for alt in _alternatives(sub):
        alt = list(alt)
        if alt and alt[0][0] is _c.MAX_REPEAT and alt[0][1][0] == 0 and alt[0][1][1] is _c.MAXREPEAT:
            run = _single_seq(alt[0][1][2], flags)
            if run is None or len(run) != 1 or (lead is not None and lead != run[0]):
                raise UnsupportedPattern("negative lookahead shape")
            lead = run[0]
            s = _single_seq(alt[1:], flags)
            after_run.append(s)
        else:
            s = _single_seq(alt, flags)
            plain.append(s)
        if not s:
            raise UnsupportedPattern("negative lookahead shape")
    if lead is None:
        return _complement_of_sequences(plain)
    if any(_intersect(lead, s[0]) for s in plain + after_run):
        raise UnsupportedPattern("negative lookahead shape")
    # The run is empty (then no sequence may follow at all) or not (then only what follows the run
    # matters); the run's characters start no sequence, so the two cases never overlap.
    empty_run = _complement_of_sequences(plain + after_run, exclude=lead)
    return "(?:" + _class_emit(lead) + "+" + _complement_of_sequences(after_run, exclude=lead) + "|" + empty_run + ")"


def _complement_of_sequences(seqs: list[list[Ranges]], exclude: Ranges = ()) -> str:
    """What may follow so that none of `seqs` follows: the text's end, a character no sequence starts
    with, or a first character some sequences start with followed by the complement of their tails."""
    covered: Ranges = exclude
    for s in seqs:
        covered = _union(covered, s[0])
    options = [r"\z"]
    free = _complement(covered)
    if free:
        options.append(_class_emit(free))
    for atom in _atoms([s[0] for s in seqs]):
        if any(len(s) == 1 and _contains(s[0], atom) for s in seqs):
            continue  # this character alone completes a forbidden sequence
        tails = [s[1:] for s in seqs if _contains(s[0], atom)]
        options.append(_class_emit(atom) + _complement_of_sequences(tails))
    return "(?:" + "|".join(options) + ")"


def _contains(outer: Ranges, inner: Ranges) -> bool:
    return _intersect(outer, inner) == inner


def _atoms(sets: list[Ranges]) -> list[Ranges]:
    """The coarsest partition of the union of `sets` in which every set is a union of parts."""
    atoms: list[Ranges] = []
    for s in sets:
        nxt, rest = [], s
        for a in atoms:
            nxt.extend(x for x in (_intersect(a, s), _intersect(a, _complement(s))) if x)
            rest = _intersect(rest, _complement(a))
        atoms = nxt + ([rest] if rest else [])
    return atoms


def _edge_set(items, flags: _Flags, last: bool) -> Ranges | None:
    """The characters the body can start (or end) with; None when unknown or the body can be empty."""
    acc: Ranges = ()
    for op, av in reversed(list(items)) if last else items:
        s = _set_of(op, av, flags)
        if s is None:
            if op is _c.SUBPATTERN:
                s = _edge_set(av[3], flags.with_(av[1], av[2]), last)
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
                s = _edge_set(av[2], flags, last)
            elif op is _c.BRANCH:
                alts = [_edge_set(alt, flags, last) for alt in av[1]]
                s = None if any(a is None for a in alts) else functools.reduce(_union, alts, ())
        if s is None:
            return None
        acc = _union(acc, s)
        if _min_width([(op, av)]) > 0:
            return acc
    return None


def _boundary_context(edge_chars: Ranges | None, word: Ranges) -> _Context:
    """`\\b` beside a body edge whose characters are all word (or all non-word) characters."""
    if edge_chars and _contains(word, edge_chars):
        return _Context(_complement(word), edge=True)
    if edge_chars and not _intersect(word, edge_chars):
        return _Context(word, edge=False)
    raise UnsupportedPattern("a word boundary beside characters of both kinds")


def _strip_edges(items: list, flags: _Flags) -> tuple[_Context, list, _Context]:
    """Split a sequence into (context before, body, context after) by its leading/trailing assertions."""
    items = list(items)
    before, after = _Context(), _Context()
    boundaries = {"before": False, "after": False}
    while items:
        ctx = _assertion_context(*items[0], flags, behind=True)
        if ctx is None and items[0][0] is _c.ASSERT and items[0][1][0] > 0 and len(items) > 1:
            items = _narrow_first(items, flags)  # a leading one-character lookahead narrows the body
            continue
        if ctx is None:
            break
        if ctx == "boundary":
            boundaries["before"] = True
        else:
            before = before.narrow(ctx)
        items.pop(0)
    while items:
        ctx = _assertion_context(*items[-1], flags, behind=False)
        if ctx is None:
            break
        if ctx == "boundary":
            boundaries["after"] = True
        else:
            after = after.narrow(ctx)
        items.pop()
    word = _category("word", flags.ascii)
    if boundaries["before"]:
        before = before.narrow(_boundary_context(_edge_set(items, flags, last=False), word))
    if boundaries["after"]:
        after = after.narrow(_boundary_context(_edge_set(items, flags, last=True), word))
    return before, items, after


def _narrow_first(items: list, flags: _Flags) -> list:
    """`(?=[A-Z])[\\w.]+` matches what `[A-Z][\\w.]*` does: fold the lookahead into the first item."""
    (_, (_, sub)), (fop, fav) = items[0], items[1]
    look = _single_seq(sub, flags) if len(_alternatives(sub)) == 1 else None
    if look is None or len(look) != 1:
        raise UnsupportedPattern("a leading lookahead longer than one character")
    s = _set_of(fop, fav, flags)
    if s is not None:
        return [(_c.IN, _ranges_to_items(_intersect(s, look[0])))] + items[2:]
    if fop in (_c.MAX_REPEAT, _c.MIN_REPEAT) and fav[0] >= 1 and len(fav[2]) == 1:
        one = _set_of(*fav[2][0], flags)
        if one is not None:
            head = (_c.IN, _ranges_to_items(_intersect(one, look[0])))
            hi = fav[1] if fav[1] is _c.MAXREPEAT else fav[1] - 1
            return [head, (fop, (fav[0] - 1, hi, fav[2]))] + items[2:]
    raise UnsupportedPattern("a leading lookahead before a complex item")


def _ranges_to_items(ranges: Ranges) -> list:
    # Already case-folded: the item is emitted through _set_of again, and folding a folded set is a no-op.
    return [(_c.RANGE, (lo, hi)) if lo != hi else (_c.LITERAL, lo) for lo, hi in ranges] or [
        (_c.NEGATE, None), (_c.RANGE, (0, _MAX))]


def _top_alternatives(items: list) -> list[list]:
    """The pattern's top-level alternatives (each may carry its own edge assertions)."""
    if len(items) == 1 and items[0][0] is _c.BRANCH:
        return [list(alt) for alt in items[0][1][1]]
    if len(items) == 1 and items[0][0] is _c.SUBPATTERN:
        group, add, remove, sub = items[0][1]
        if group is None and not add and not remove and len(sub) == 1 and sub[0][0] is _c.BRANCH:
            return [list(alt) for alt in sub[0][1][1]]
    return [items]


class _Program:
    """One RE2 program for a pattern, with the group bookkeeping that maps its matches back."""

    __slots__ = ("regexp", "user_groups", "starts", "ends", "width")

    def __init__(self, source: str, em: _Emitter, starts: list[int], ends: list[int], width: int) -> None:
        options = _re2.Options()
        options.max_mem = 64 << 20  # big word lists; RE2 falls back to its (still linear) NFA beyond
        options.log_errors = False
        self.regexp = _re2._re2.RE2(source.encode("utf-8"), options)
        if not self.regexp.ok():
            raise UnsupportedPattern("RE2 refused the translation: " + self.regexp.error().decode())
        self.user_groups, self.starts, self.ends, self.width = em.user_groups, starts, ends, width


def _translate(parsed, flags: _Flags, mode: str) -> _Program:
    """mode: "search0" (search from the text's start), "search" (search from inside the text, or match
    there), "anchor0" (match at the text's start), "full0"/"full" (fullmatch at the start / inside)."""
    parts = [_strip_edges(alt, flags) for alt in _top_alternatives(list(parsed))]
    long_before = [b for b, _, _ in parts if b.seq is not None]
    if long_before and len(parts) != 1:
        raise UnsupportedPattern("a long lookbehind in one of several alternatives")
    if long_before:
        lo, hi = _parser.SubPattern(_parser.State(), list(long_before[0].seq)).getwidth()
        if lo != hi:
            raise UnsupportedPattern("a lookbehind of varying width")
        width = lo
    else:
        width = 0 if all(b.trivial for b, _, _ in parts) else 1
    em, starts, ends = _Emitter(), [], []
    full = mode.startswith("full")

    def body(seq, after: _Context, prefixed: bool) -> str:
        text = ""
        if prefixed:
            starts.append(em.new_group())
            text = "()"
        text += em.seq(seq, flags)
        ends.append(em.new_group())
        text += "()"
        if full:
            # At the end of a fullmatch nothing follows: a negative lookahead holds, and a positive one
            # holds only when it can match nothing ("(?=,|\Z)").
            nullable = after.seq is not None and not isinstance(after.seq, str) and _min_width(after.seq) == 0
            return text + ("" if after.edge or nullable else _NOTHING)
        if isinstance(after.seq, str):
            return text + after.seq
        if after.seq is not None:
            return text + "(?:" + em.seq(after.seq, flags) + ")"
        if after.trivial:
            return text
        options = ([r"\z"] if after.edge else []) + ([_class_emit(after.chars)] if after.chars else [])
        return text + "(?:" + ("|".join(options) or _NOTHING) + ")"

    def prefixed(before: _Context, seq, after: _Context) -> str:
        context = "(?:" + em.seq(before.seq, flags) + ")" if before.seq is not None else _class_emit(before.chars)
        return context + body(seq, after, prefixed=True)

    at_zero = mode.endswith("0")
    if width == 0:
        source = "|".join(body(seq, a, prefixed=False) for _, seq, a in parts)
    elif long_before:
        # A lookbehind of several characters can never hold at the text's start.
        source = _NOTHING if mode in ("anchor0", "full0") else prefixed(*parts[0])
    else:
        # Where the text starts no character stands before the span; elsewhere one does. Both ways
        # are listed so that the leftmost span wins and, at one start, the earlier alternative wins.
        # Groups are numbered as emitted, so only what goes into the program is emitted.
        at_start = [body(seq, a, prefixed=False) for b, seq, a in parts if b.edge] if at_zero else []
        inside = [prefixed(b, seq, a) for b, seq, a in parts] if mode in ("search0", "search", "full") else []
        if mode == "search0":
            source = (r"\A(?:" + "|".join(at_start) + ")|" if at_start else "") + "|".join(inside)
        else:
            source = "|".join(at_start if at_zero else inside) or _NOTHING
    return _Program("(?:" + source + ")", em, starts, ends, width)


# ---------------------------------------------------------------- texts as UTF-8
class _Encoded:
    """A text as UTF-8 bytes with code-point <-> byte offset maps (the identity for ASCII text)."""

    __slots__ = ("text", "data", "offsets")

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError("linear_re matches str only")
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self.offsets: list[int] | None = None
        if len(self.data) != len(text):
            widths = (1 if c < 0x80 else 2 if c < 0x800 else 3 if c < 0x10000 else 4 for c in map(ord, text))
            self.offsets = [0, *itertools.accumulate(widths)]

    def to_byte(self, i: int) -> int:
        return i if self.offsets is None else self.offsets[i]

    def to_char(self, b: int) -> int:
        return b if self.offsets is None else bisect.bisect_left(self.offsets, b)


_recent = threading.local()
_RECENT_TEXTS = 4


def _encoded(text: str) -> _Encoded:
    """Every pattern of a request runs over the same few texts: encode each once, not per pattern."""
    cache: list[_Encoded] = getattr(_recent, "texts", None) or []
    for enc in cache:
        if enc.text is text:
            return enc
    enc = _Encoded(text)
    _recent.texts = [enc, *cache[: _RECENT_TEXTS - 1]]
    return enc


# ---------------------------------------------------------------- the `re` API
_UNANCHORED = _re2._re2.RE2.Anchor.UNANCHORED
_ANCHOR_START = _re2._re2.RE2.Anchor.ANCHOR_START
_ANCHOR_BOTH = _re2._re2.RE2.Anchor.ANCHOR_BOTH


class Match:
    """The `re.Match` API over one RE2 match, in code-point offsets."""

    __slots__ = ("string", "re", "pos", "endpos", "_spans")

    def __init__(self, pattern: Pattern, text: str, pos: int, endpos: int, spans: list[tuple[int, int]]) -> None:
        self.string, self.re, self.pos, self.endpos, self._spans = text, pattern, pos, endpos, spans

    def __class_getitem__(cls, item):
        return cls

    def _index(self, group: int | str) -> int:
        index = self.re.groupindex.get(group) if isinstance(group, str) else group
        if not isinstance(index, int) or not 0 <= index <= self.re.groups:
            raise IndexError("no such group")
        return index

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self._spans[self._index(group)]

    def start(self, group: int | str = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int | str = 0) -> int:
        return self.span(group)[1]

    def _value(self, group: int | str, default=None):
        start, end = self.span(group)
        return default if start < 0 else self.string[start:end]

    def __getitem__(self, group: int | str):
        return self._value(group)

    def group(self, *groups: int | str):
        if len(groups) <= 1:
            return self._value(groups[0] if groups else 0)
        return tuple(self._value(g) for g in groups)

    def groups(self, default=None) -> tuple:
        return tuple(self._value(i, default) for i in range(1, self.re.groups + 1))

    def groupdict(self, default=None) -> dict:
        return {name: self._value(i, default) for name, i in self.re.groupindex.items()}

    @property
    def lastindex(self) -> int | None:
        # Python's lastindex is the group closed last: the latest end and, of those, the outermost.
        live = [(e, -s, -i) for i, (s, e) in enumerate(self._spans) if i and s >= 0]
        return -max(live)[2] if live else None

    @property
    def lastgroup(self) -> str | None:
        last = self.lastindex
        return next((name for name, i in self.re.groupindex.items() if i == last), None)

    def expand(self, template: str) -> str:
        return _std._expand(self.re, self, template)  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"<linear_re.Match span={self.span()} match={self.group()!r}>"


class Pattern:
    """A compiled pattern with the `re.Pattern` API, matched in linear time by RE2."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        if not isinstance(pattern, str):
            raise TypeError("linear_re compiles str patterns only")
        self.pattern, self.flags = pattern, flags
        self._parsed = _parser.parse(pattern, flags)
        self._flags = _Flags(self._parsed.state.flags)
        self.groups = self._parsed.state.groups - 1
        self.groupindex = dict(self._parsed.state.groupdict)
        self._programs: dict[str, _Program] = {}
        # Translate now: a pattern RE2 cannot run fails when its module is imported, not on a request.
        self._width = self._program("search").width

    def __class_getitem__(cls, item):
        return cls

    def __repr__(self) -> str:
        return f"linear_re.compile({self.pattern!r})"

    def _program(self, mode: str) -> _Program:
        prog = self._programs.get(mode)
        if prog is None:
            prog = self._programs[mode] = _translate(self._parsed, self._flags, mode)
        return prog

    def _view(self, text: str, pos: int, endpos: int | None) -> tuple[_Encoded, int, int]:
        """The encoded text to match, its offset in `text`, and `pos` within it. Python reads a text as
        ending at `endpos`, so a shorter window is matched then, starting just before the context."""
        n = len(text)
        pos = max(0, min(pos, n))
        endpos = n if endpos is None else max(0, min(endpos, n))
        if endpos >= n:
            return _encoded(text), 0, pos
        k = max(0, min(pos, endpos) - self._width - 1)
        return _Encoded(text[k:endpos]), k, pos - k

    def _run(self, prog: _Program, anchor, enc: _Encoded, begin: int, offset: int) -> list[tuple[int, int]] | None:
        raw = prog.regexp.Match(anchor, enc.data, enc.to_byte(begin), len(enc.data))
        if raw[0][0] < 0:
            return None
        start = next((raw[i][0] for i in prog.starts if raw[i][0] >= 0), raw[0][0])
        end = next(raw[i][0] for i in prog.ends if raw[i][0] >= 0)
        spans = [(enc.to_char(start) + offset, enc.to_char(end) + offset)]
        for g in range(1, self.groups + 1):
            s, e = next((raw[i] for i in prog.user_groups.get(g, ()) if raw[i][0] >= 0), (-1, -1))
            spans.append((-1, -1) if s < 0 else (enc.to_char(s) + offset, enc.to_char(e) + offset))
        return spans

    def _next(self, enc: _Encoded, pos: int, offset: int, empty_forbidden_at: int = -1):
        """The leftmost match whose span starts at `pos` or later (window coordinates)."""
        while pos <= len(enc.text):
            prog = self._program("search0" if pos == 0 else "search")
            spans = self._run(prog, _UNANCHORED, enc, max(0, pos - prog.width) if pos else 0, offset)
            if spans is None or spans[0] != (empty_forbidden_at + offset,) * 2:
                return spans
            # After an empty match Python looks for the next match one character on.
            pos, empty_forbidden_at = empty_forbidden_at + 1, -1
        return None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Match | None:
        enc, offset, local = self._view(text, pos, endpos)
        spans = self._next(enc, local, offset)
        return None if spans is None else Match(self, text, pos, offset + len(enc.text), spans)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Match]:
        enc, offset, local = self._view(text, pos, endpos)
        forbidden = -1
        while local <= len(enc.text):
            spans = self._next(enc, local, offset, forbidden)
            if spans is None:
                return
            yield Match(self, text, pos, offset + len(enc.text), spans)
            start, end = spans[0][0] - offset, spans[0][1] - offset
            forbidden, local = (end if start == end else -1), end

    def _anchored(self, text: str, pos: int, endpos: int | None, full: bool) -> Match | None:
        enc, offset, local = self._view(text, pos, endpos)
        if local == 0:
            prog, begin = self._program("full0" if full else "anchor0"), 0
        else:
            prog = self._program("full" if full else "search")
            begin = local - prog.width
            if begin < 0:
                return None  # a long lookbehind has no room before `pos`
        spans = self._run(prog, _ANCHOR_BOTH if full else _ANCHOR_START, enc, begin, offset)
        return None if spans is None else Match(self, text, pos, offset + len(enc.text), spans)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> Match | None:
        return self._anchored(text, pos, endpos, full=False)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> Match | None:
        return self._anchored(text, pos, endpos, full=True)

    def findall(self, text: str, pos: int = 0, endpos: int | None = None) -> list:
        if self.groups == 0:
            return [m.group() for m in self.finditer(text, pos, endpos)]
        if self.groups == 1:
            return [m.group(1) or "" for m in self.finditer(text, pos, endpos)]
        return [m.groups("") for m in self.finditer(text, pos, endpos)]

    def split(self, text: str, maxsplit: int = 0) -> list:
        pieces, last = [], 0
        for n, m in enumerate(self.finditer(text)):
            if maxsplit and n >= maxsplit:
                break
            pieces.append(text[last : m.start()])
            pieces.extend(m.groups())
            last = m.end()
        pieces.append(text[last:])
        return pieces

    def subn(self, repl, text: str, count: int = 0) -> tuple[str, int]:
        pieces, last, n = [], 0, 0
        for m in self.finditer(text):
            if count and n >= count:
                break
            pieces.append(text[last : m.start()])
            pieces.append(repl(m) if callable(repl) else m.expand(repl))
            last, n = m.end(), n + 1
        pieces.append(text[last:])
        return "".join(pieces), n

    def sub(self, repl, text: str, count: int = 0) -> str:
        return self.subn(repl, text, count)[0]


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str, flags: int) -> Pattern:
    return Pattern(pattern, flags)


def compile(pattern: str | Pattern, flags: int = 0) -> Pattern:  # noqa: A001 - the `re` API's name
    return pattern if isinstance(pattern, Pattern) else _compiled(pattern, flags)


def search(pattern, text: str, flags: int = 0) -> Match | None:
    return compile(pattern, flags).search(text)


def match(pattern, text: str, flags: int = 0) -> Match | None:
    return compile(pattern, flags).match(text)


def fullmatch(pattern, text: str, flags: int = 0) -> Match | None:
    return compile(pattern, flags).fullmatch(text)


def finditer(pattern, text: str, flags: int = 0) -> Iterator[Match]:
    return compile(pattern, flags).finditer(text)


def findall(pattern, text: str, flags: int = 0) -> list:
    return compile(pattern, flags).findall(text)


def split(pattern, text: str, maxsplit: int = 0, flags: int = 0) -> list:
    return compile(pattern, flags).split(text, maxsplit)


def sub(pattern, repl, text: str, count: int = 0, flags: int = 0) -> str:
    return compile(pattern, flags).sub(repl, text, count)


def subn(pattern, repl, text: str, count: int = 0, flags: int = 0) -> tuple[str, int]:
    return compile(pattern, flags).subn(repl, text, count)
