"""Site profiles in the engine: a site's own names found where notes write them, its local words never reported.

A profile (phiguard.common.profiles) compiles once per version into a `SiteProfile`:
- deny entries become keys of one dict of word-sequence prefixes (a trie flattened into a dict), each entry
  with its variants: facility words in their short forms ("Brandt Hospital" → "brandt hosp"), capital initials
  with dots ("MH" → "M.H."), and a person's name reversed and by initial ("Ada Quill" → "Quill, Ada",
  "A. Quill");
- the allow list becomes a set of normalised strings.

A text is read once into words: lower-cased, split at spaces and punctuation by C-level string methods
(no pattern at all), digits glued to a word kept apart for lookup ("ellery3", "3MH"), a possessive "'s"
dropped ("MH's"). From each word that can open an entry the dict is walked word by word; the walk stops at
the longest entry (at most MAX_ENTRY_WORDS words), so the work is linear in the text's length and does not
grow with the number of entries. Matching is case-insensitive and at word boundaries by construction.

`apply_profile` is the pipeline's last detection stage and keeps one promise: with a profile the engine
reports at least what it reports without one, except for the allow list. Every model and rule span stays
(unless an allow entry is exactly its text); a profile hit is added where it overlaps nothing, and replaces
spans only when it covers all of them (so every character reported before is still reported).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from phiguard.inference.engine.span import Span

# The confidence of a profile hit: the site itself listed the name.
PROFILE_CONFIDENCE = 1.0
SOURCE_PREFIX = "profile:"
MAX_ENTRY_WORDS = 16
_MAX_VARIANTS = 16

_APOSTROPHES = "'\u2019"
# ASCII punctuation (and _) splits words; apostrophes stay inside them until a word is normalised.
_SPLIT = str.maketrans({c: " " for c in map(chr, range(128))
                        if not c.isalnum() and not c.isspace() and c not in _APOSTROPHES})
_DIGITS = "0123456789"

# Facility words as notes shorten them (both ways where both are written).
_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "hospital": ("hosp", "hsp"),
    "hosp": ("hospital",),
    "medical": ("med",),
    "center": ("ctr", "cntr", "centre"),
    "centre": ("center", "ctr"),
    "memorial": ("mem",),
    "saint": ("st",),
    "st": ("saint",),
    "mount": ("mt",),
    "mt": ("mount",),
    "university": ("univ",),
    "regional": ("reg",),
    "general": ("gen",),
    "clinic": ("clin",),
    "building": ("bldg",),
    "pavilion": ("pav",),
    "rehabilitation": ("rehab",),
    "health": ("hlth",),
    "community": ("comm",),
}
_PERSON_TYPES = frozenset({"NAME", "PROVIDER"})
_FACILITY_WORDS = frozenset({"hospital", "hosp", "hsp", "clinic", "clin", "center", "centre", "ctr", "cntr",
                             "medical", "med", "campus", "health", "healthcare", "hlth", "infirmary"})


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters lower-case to two ("İ"); keep offsets by leaving those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _word_key(raw: str) -> tuple[str, int, int]:
    """A word's lookup key and how much of its start and end fall outside the marked span."""
    head = tail = 0
    if raw[0] in _APOSTROPHES or raw[-1] in _APOSTROPHES:
        stripped = raw.lstrip(_APOSTROPHES)
        head = len(raw) - len(stripped)
        raw = stripped.rstrip(_APOSTROPHES)
        tail = len(stripped) - len(raw)
        if not raw:
            return "", head, tail
    if len(raw) > 2 and raw[-2] in _APOSTROPHES and raw[-1] == "s":
        raw, tail = raw[:-2], tail + 2  # MH's: the possessive is not the name
    if "'" in raw or "\u2019" in raw:
        raw = raw.replace("'", "").replace("\u2019", "")  # O'Brien = OBrien
    if not raw.isalnum():
        # Non-ASCII punctuation inside a word: keep its letters and digits.
        raw = "".join(c for c in raw if c.isalnum())
    return raw, head, tail


def _unglued(key: str) -> str | None:
    """The word without digits glued to it (ellery3, ELLERY4B, 3MH → ellery, ellery, mh); None when none are."""
    if not key or key.isalpha() or key.isdigit():
        return None
    rest = key.lstrip(_DIGITS)
    n = 0
    while n < len(rest) and rest[n].isalpha():
        n += 1
    core, tail = rest[:n], rest[n:]
    if not core:
        return None
    if tail:
        number = tail[:-1] if tail[-1].isalpha() else tail
        if not number.isdigit():
            return None
    return core


@dataclass
class Words:
    """A text's words: lookup keys, glued-digit alternatives, and offsets computed on demand."""

    flat: str
    raw: list[str]
    keys: list[str]
    alt: dict[int, str]
    _pos: int = 0
    _idx: int = 0
    _starts: dict[int, int] = field(default_factory=dict)

    def start(self, i: int) -> int:
        # Offsets are found in order (the matches come left to right), so all calls together scan the text once.
        while self._idx <= i:
            at = self.flat.find(self.raw[self._idx], self._pos)
            self._starts[self._idx] = at
            self._pos = at + len(self.raw[self._idx])
            self._idx += 1
        return self._starts[i]

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Character offsets of words i..j (inclusive), less quotes and a possessive at the edges."""
        start = self.start(i)
        end = self.start(j) + len(self.raw[j])
        _, head, _ = _word_key(self.raw[i])
        _, _, tail = _word_key(self.raw[j])
        return start + head, end - tail


def words(text: str) -> Words:
    flat = _lower(text).translate(_SPLIT)
    raw = flat.split()
    keys: list[str] = []
    alt: dict[int, str] = {}
    for i, word in enumerate(raw):
        if word.isalpha():
            keys.append(word)
            continue
        key = _word_key(word)[0]
        keys.append(key)
        bare = _unglued(key)
        if bare:
            alt[i] = bare
    return Words(flat, raw, keys, alt)


def normalise(text: str) -> str:
    """The form entries and spans are compared in: lower-case words joined by one space."""
    return " ".join(k for k in words(text).keys if k)


@dataclass(frozen=True)
class Hit:
    list_name: str
    entity_type: str


def _variants(entry: str, keys: list[str], entity_type: str, possessive: set[int] = frozenset()
              ) -> Iterable[tuple[str, ...]]:
    yield tuple(keys)
    # St. Mary's is also written St Marys.
    options = [(k, *_SHORT_FORMS.get(k, ()), *((k + "s",) if i in possessive else ())) for i, k in enumerate(keys)]
    yield from itertools.islice(itertools.product(*options), _MAX_VARIANTS)
    compact = entry.replace(".", "").replace(" ", "")
    if 2 <= len(compact) <= 6 and compact.isalpha() and compact.isupper():
        yield tuple(compact.lower())  # MH → M.H., M H
    if entity_type in _PERSON_TYPES and all(k.isalpha() for k in keys):
        if len(keys) == 2:
            first, last = keys
            yield (last, first)  # Quill, Ada
            yield (first[0], last)  # A. Quill
        elif len(keys) == 3:
            first, _, last = keys
            yield (first, last)
            yield (last, first)
            yield (first[0], last)


class SiteProfile:
    """A profile compiled for matching. Immutable once built; shared by concurrent calls."""

    def __init__(self, name: str, version: int, lists: Iterable[tuple[str, Iterable[tuple[str, str]]]],
                 allow: Iterable[str] = ()) -> None:
        self.name = name
        self.version = version
        # Every prefix of every entry (as words joined by a space) → the entry's hit, or None for a prefix only.
        self._prefixes: dict[str, Hit | None] = {}
        self._firsts: set[str] = set()
        self.entries = 0
        for list_name, entries in lists:
            for text, entity_type in entries:
                ws = words(text)
                keys = [k for k in ws.keys if k]
                if not keys:
                    continue
                possessive = {i for i, raw in enumerate(w for w, k in zip(ws.raw, ws.keys, strict=True) if k)
                              if len(raw) > 2 and raw[-2] in _APOSTROPHES and raw[-1] == "s"}
                self.entries += 1
                hit = Hit(list_name, entity_type)
                for variant in dict.fromkeys(_variants(text, keys, entity_type, possessive)):
                    self._add(variant[:MAX_ENTRY_WORDS], hit)
        self.allow = frozenset(filter(None, (normalise(a) for a in allow)))
        self._allow_max_chars = max((len(a) for a in self.allow), default=0)

    def _add(self, variant: tuple[str, ...], hit: Hit) -> None:
        self._firsts.add(variant[0])
        for n in range(1, len(variant)):
            self._prefixes.setdefault(" ".join(variant[:n]), None)
        key = " ".join(variant)
        # The first list that names a string keeps it.
        if self._prefixes.get(key) is None:
            self._prefixes[key] = hit

    def find(self, text: str) -> list[Span]:
        """Every deny entry in the text, leftmost-longest, not overlapping one another."""
        ws = words(text)
        keys, alt, firsts, prefixes = ws.keys, ws.alt, self._firsts, self._prefixes
        if firsts.isdisjoint(keys) and firsts.isdisjoint(alt.values()):
            return []
        spans: list[Span] = []
        n = len(keys)
        i = 0
        while i < n:
            first = keys[i] if keys[i] in firsts else alt.get(i)
            if first is None or first not in firsts:
                i += 1
                continue
            best: tuple[int, Hit] | None = None
            key, j = first, i
            while True:
                hit = prefixes.get(key, False)
                if hit is False:
                    break
                if hit is not None:
                    best = (j, hit)
                j += 1
                if j >= n or j - i >= MAX_ENTRY_WORDS:
                    break
                step = keys[j]
                if key + " " + step not in prefixes and j in alt:
                    step = alt[j]
                key = key + " " + step
            if best is None:
                i += 1
                continue
            last, hit = best
            if hit.entity_type == "ORGANIZATION":
                # A facility's short form before a facility word is one name: "brandt hosp", "quarrendon med ctr".
                while last + 1 < n and last + 1 - i < MAX_ENTRY_WORDS and keys[last + 1] in _FACILITY_WORDS:
                    last += 1
            start, end = ws.span(i, last)
            if start < end:
                spans.append(Span(start, end, hit.entity_type, PROFILE_CONFIDENCE, SOURCE_PREFIX + hit.list_name))
            i = last + 1
        return spans

    def allows(self, text: str) -> bool:
        """Whether this exact text is on the allow list."""
        return bool(self.allow) and len(text) <= 4 * self._allow_max_chars + 8 and normalise(text) in self.allow


@dataclass
class ProfileStats:
    """What one call's profile did, as counts (the servicer logs them; never text)."""

    hits: int = 0
    added: int = 0
    allow_vetoes: int = 0


def apply_profile(text: str, spans: Sequence[Span], profile: SiteProfile, wanted: frozenset[str] | None,
                  stats: ProfileStats) -> list[Span]:
    """The detected spans with the profile's: never fewer characters reported, except through the allow list."""
    kept: list[Span] = []
    for s in spans:
        if profile.allow and profile.allows(text[s.start:s.end]):
            stats.allow_vetoes += 1
        else:
            kept.append(s)
    hits = profile.find(text)
    stats.hits = len(hits)
    if not hits:
        return kept
    # Sweep the spans and hits in order of start; each run of overlapping ones is settled together.
    out: list[Span] = []
    group: list[Span] = []
    group_end = -1
    for span in sorted([*kept, *hits], key=lambda s: (s.start, -s.end)):
        if group and span.start >= group_end:
            out.extend(_settle(group, wanted, stats))
            group = []
        group_end = span.end if not group else max(group_end, span.end)
        group.append(span)
    out.extend(_settle(group, wanted, stats))
    return out


def _settle(group: list[Span], wanted: frozenset[str] | None, stats: ProfileStats) -> list[Span]:
    """One run of overlapping spans and hits: the spans alone, the hit alone, or one span over all of them."""
    # Spans from before this stage never carry a profile's source.
    hits = [s for s in group if s.source.startswith(SOURCE_PREFIX)]
    spans = [s for s in group if not s.source.startswith(SOURCE_PREFIX)]
    if not hits:
        return spans
    if not spans:
        stats.added += len(hits)
        return hits
    if wanted is not None and any(h.entity_type not in wanted for h in hits):
        # The union would carry a type the caller filters out: the spans stand as they were.
        return spans
    # One span over the hit(s) and every span they touch: every character reported before still is.
    main = max(hits, key=len)
    stats.added += 1
    return [Span(min(s.start for s in group), max(s.end for s in group), main.entity_type, PROFILE_CONFIDENCE,
                 main.source)]


def compile_profile(name: str, version: int, body) -> SiteProfile:
    """A SiteProfile from a phiguard.common.profiles.ProfileBody."""
    return SiteProfile(name, version, ((lst.name, list(lst.typed_entries())) for lst in body.lists), body.allow)
