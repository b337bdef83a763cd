"""Once a value is known to be PHI, find it everywhere: later mentions of a name often come
without the title or label that gave the first one away ("Mr. Smith ... Smith agreed").

Mentions match whatever their case and whichever apostrophe they are typed with ("Mr. O’Brien ... O'Brien
agreed", "Dr. Okafor ... okafor paged"). A name is found again in lower case only when the lower-case word is
no dictionary word, not even one that is also a name ("Dr. Brown ... brown sputum" stays as written).

Within a document the detected strings themselves are searched; across the chunks of a job only
keyed digests of them travel in the state, so later chunks can recognise a value without the
state holding it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.initials import INITIALS_SOURCE
from phiguard.inference.engine.neighbours import NICKNAME_SOURCE
from phiguard.inference.engine.recognizers.locations import STATE_CODES, is_state_name
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.state import keyed_digest
from phiguard.inference.engine.vocab import (
    ROLE_ABBREVIATIONS,
    is_clinical_word,
    is_common_word,
    is_country,
    is_english_word,
    is_function_word,
    is_language,
    is_name_stop_word,
    is_name_word,
    is_ordinary_word,
    is_plain_word,
    is_shouted,
    is_word_in_any_dictionary,
)

_PERSON = ("NAME", "PROVIDER")
_ID_TYPES = (
    "MRN",
    "ACCOUNT",
    "PATIENT_ID",
    "OTHER_ID",
    "SSN",
    "LICENSE",
    "DEVICE",
    "VEHICLE",
    "EMAIL",
    "PHONE",
    "FAX",
)
_PLACES = ("ORGANIZATION", "LOCATION")
# Apostrophes a name is typed with: ASCII, the typographic one word processors put in ("O’Brien"), the
# modifier letter, the opening quote some keyboards produce. A value's key writes each as the ASCII one.
_APOSTROPHES = "'’ʼ‘"
_APOSTROPHE_KEY = str.maketrans({a: "'" for a in _APOSTROPHES})
# Words in any script ("Müller", "Phạm", "O’Brien"); ids are ASCII letters and digits.
_WORD = r"[^\W\d_](?:[^\W\d_]|[" + _APOSTROPHES + r"-])*[^\W\d_]"
_CANDIDATE = re.compile(
    r"(?<![\w" + _APOSTROPHES + r"-])(?:" + _WORD + r"|\d[\dA-Za-z-]*[\dA-Za-z])(?![\w" + _APOSTROPHES + r"-])"
)
PROPAGATED_CONFIDENCE = 0.8


def name_tokens(value: str) -> list[str]:
    """The words of a person's name that identify them: capitalised, three letters or more, no title, no
    clinical, function or everyday word."""
    return [
        t
        for t in re.findall(_WORD, value)
        if len(t) >= 3
        and t[0].isupper()
        and not is_function_word(t)
        and not is_clinical_word(t)
        and not is_name_stop_word(t)  # "Chaplain", "Judge": the title the model took in with the name
        # A frequent clinical word ("Mitral") taken once for a name must not spread through the note.
        and not is_common_word(t)
    ]


def _abbreviation(token: str) -> bool:
    """'FXPOI', 'IgAN', 'LC-MS': two capitals or more, the way a disease or a test is shortened."""
    return sum(c.isupper() for c in token) >= 2


def _keyable(span: Span, value: str) -> list[str]:
    if span.source == INITIALS_SOURCE:
        return []  # initials count only where they stand like initials; spreading them would drop that test
    model = span.source.startswith("model")
    if span.source == NICKNAME_SOURCE and re.fullmatch(_WORD, value) and value[0].isupper() and len(value) >= 3:
        # 'Philippa "Pip" ...', 'Margaret ("Peg")': a nickname seen as one is the person wherever it is
        # written capitalised, even when it is an everyday word
        return [] if is_function_word(value) else [value]
    if span.entity_type in _PERSON:
        if model and value.isupper() and len(value) <= 4:
            # A short ALL-CAPS word the model alone took for a name reads like an abbreviation: spreading
            # that one guess to every mention multiplies a false alarm. Titles and labels still spread.
            return []
        tokens = name_tokens(value)
        if model and not value.isupper():
            # "IAN canal": an ALL-CAPS word inside a mixed-case guess is an abbreviation, not a surname
            tokens = [t for t in tokens if not t.isupper()]
        if model and value.isupper():
            # in capitals the model's guess that a dictionary word names someone holds only where it was made
            tokens = [t for t in tokens if not is_word_in_any_dictionary(t)]
        return [t for t in tokens if not is_language(t)]  # "husband English/Irish"
    if span.entity_type in _PLACES:
        # A one-word town or hospital ("Chengdu", "Spaulding") is that place wherever it is written capitalised;
        # a place named with an everyday word ("Reading", "Mercy") is not spread, nor an abbreviation that the
        # model alone took for a place ("ESRD from IgAN", "FXPOI").
        if span.entity_type == "LOCATION":
            # "Chengdu, China", "Boston, MA 02114": the town of an address spreads, its state or country does not
            return [
                p
                for p in (part.strip() for part in value.split(","))
                if _one_word_place(p, model)
                and not (is_country(p) or p.upper() in STATE_CODES or is_state_name(p))
            ]
        if _one_word_place(value, model) and not (model and value.isupper() and is_word_in_any_dictionary(value)):
            return [value]
        return acronyms(value) + ([] if model else _head_word(value))
    if span.entity_type in _ID_TYPES and sum(c.isalnum() for c in value) >= 5 and _CANDIDATE.fullmatch(value):
        return [value]
    return []


def _one_word_place(value: str, model: bool) -> bool:
    return (
        re.fullmatch(_WORD, value) is not None
        and len(value) >= 3
        and value[0].isupper()
        and not is_ordinary_word(value)
        and not (model and _abbreviation(value))
    )


def _head_word(name: str) -> list[str]:
    """A practice a rule found by its full name is called by its first word later: "Northgate Allergy, Asthma &
    Immunology" -> "Pls call Northgate back", "CordSafe Biobank" -> "collected for CordSafe". Only a word that is
    no everyday, clinical or name word and no abbreviation."""
    first = re.match(_WORD, name)
    if first is None or first.end() == len(name) or not name[first.end()].isspace():
        return []
    word = first.group()
    if (
        len(word) < 4
        or not word[0].isupper()
        or word.isupper()
        or is_ordinary_word(word)
        or is_name_stop_word(word)
        or is_language(word)  # "Turkish Airlines" -> "Turkish passport"
    ):
        return []
    return [word]


_ACRONYM_SKIP = frozenset("of the and for at in on".split())
_GENERIC_LAST = frozenset("hospital center centre clinic institute".split())


def acronyms(name: str) -> list[str]:
    """What a note calls an organisation for short: its initials ("Great Lakes Retina Imaging" -> GLRI), with
    the hospital implied ("Bellhaven Memorial" -> BMH) or its last generic word dropped. Fewer than three
    letters, or letters that spell a word, abbreviation or credential, say nothing."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’.]*", name) if w.lower() not in _ACRONYM_SKIP]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return []
    letters = "".join(w[0] for w in words).upper()
    variants = {letters}
    if words[-1].lower() in _GENERIC_LAST:
        variants.add(letters[:-1])
    else:
        variants.add(letters + "H")
    return [v for v in variants if 3 <= len(v) <= 6 and not is_ordinary_word(v) and v.lower() not in ROLE_ABBREVIATIONS]


def value_key(value: str) -> str:
    """What two mentions of one value share: the same letters whatever their case and apostrophes."""
    return value.casefold().translate(_APOSTROPHE_KEY)


def digest(secret: bytes, value: str) -> str:
    return keyed_digest(secret, b"known", value_key(value)).hex()[:24]


def _lower_case_name(tok: str) -> bool:
    """A person's name written all in lower case ("okafor paged") counts as a mention only when the word is no
    dictionary word, no name that is also a word ("brown", "bell", "smith") and nothing frequent in notes."""
    return not (
        is_english_word(tok)
        or is_name_word(tok)
        or is_ordinary_word(tok)
        or is_name_stop_word(tok)
        or is_language(tok)
    )


def known_type(secret: bytes, known: Mapping[str, str], value: str) -> str | None:
    """The type earlier windows of the job settled for `value`, or None where they found no such value."""
    return known.get(digest(secret, value)) if known else None


def _best_readings(text: str, spans: Iterable[Span]) -> dict[str, tuple[float, str]]:
    """value key -> (confidence, entity type) of the most confident reading of each value worth finding again."""
    values: dict[str, tuple[float, str]] = {}
    for s in spans:
        for v in _keyable(s, text[s.start : s.end]):
            key = value_key(v)
            # The most confident reading of a value decides its type everywhere.
            if key not in values or s.confidence > values[key][0]:
                values[key] = (s.confidence, s.entity_type)
    return values


def _digests(secret: bytes, best: Mapping[str, tuple[float, str]]) -> dict[str, str]:
    return {digest(secret, v): t for v, (_, t) in best.items()}


def known_digests(secret: bytes, text: str, spans: Iterable[Span]) -> dict[str, str]:
    """digest -> entity type for each value worth finding again."""
    return _digests(secret, _best_readings(text, spans))


def _where_read_best(text: str, spans: Iterable[Span], best: Mapping[str, tuple[float, str]]) -> set[tuple[int, int]]:
    """Where a value's most confident reading stands. Finding the value again there would only relabel that
    reading and lift a lone weak one ("PER HALVORSEN" at 0.6) to PROPAGATED_CONFIDENCE; a weaker reading of a value
    read surely elsewhere is still lifted ("Dr. Okafor ... okafor paged")."""
    return {
        (s.start, s.end)
        for s in spans
        if (reading := best.get(value_key(text[s.start : s.end]))) and s.confidence >= reading[0]
        and s.entity_type == reading[1]
    }


def propagate(text: str, spans: list[Span], secret: bytes, known: Mapping[str, str] = {}) -> list[Span]:
    """Extra spans for every other mention of a detected (or previously known) value."""
    best = _best_readings(text, spans)
    table = dict(known)
    table.update(_digests(secret, best))
    if not table:
        return []
    read_best = _where_read_best(text, spans, best)
    extra: list[Span] = []
    seen: dict[str, str | None] = {}
    for m in _CANDIDATE.finditer(text):
        tok, end = m.group(), m.end()
        possessive = tok[-1:] == "s" and tok[-2:-1] in _APOSTROPHES
        if possessive and len(tok) > 4 and re.match(r"[ \t]+[a-z]", text[end : end + 2]):
            tok, end = tok[:-2], end - 2  # "Brody's game": the name without its possessive; "(Bell's)" stays
        if len(tok) < 3:
            continue
        key = value_key(tok)
        if key not in seen:
            seen[key] = table.get(digest(secret, key))
        etype = seen[key]
        if etype is None:
            continue
        # A name or a place is found again where it is written like one: capitalised. A person's name also
        # where it is written all in lower case, unless that spelling is an everyday word.
        if etype in _PERSON + _PLACES and not tok[0].isupper():
            if etype not in _PERSON or not tok.islower() or not _lower_case_name(tok):
                continue
        # In capitals a plain word is capitalised like any other: "ATTEMPT TO CROSS THE VALVE", "SEE THEIR DOCTOR"
        # are no mentions of a place or person the word was once part of.
        if etype in _PERSON + _PLACES and tok.isupper() and is_plain_word(tok) and is_shouted(text, m.start(), end):
            continue
        if (m.start(), end) in read_best:
            continue
        extra.append(Span(m.start(), end, etype, PROPAGATED_CONFIDENCE, "propagated"))
    return extra
