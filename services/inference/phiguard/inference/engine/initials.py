"""Initials of someone the note names: a nurse written once in full ("RN M. Oyelowo") signs the rest of the
flowsheet "MO"; "dbl-check MO/JK", "w/ MO until 2219", "M. Thibodeaux, LPN (mt)".

Two or three capitals say nothing on their own (MO is also Missouri and a month), so a token counts only when it
spells the initials of a person detected in the same text and stands where initials stand: in brackets, beside a
slash, in a table cell, at the end of a line, before a date, or after "w/", "by", "per" or a staff word.
"""

from __future__ import annotations

from collections.abc import Iterable

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.lines import start_of_line
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.vocab import ROLE_ABBREVIATIONS, is_clinical_word, is_common_word, is_name_stop_word

_PERSON = ("NAME", "PROVIDER")
INITIALS_CONFIDENCE = 0.75
INITIALS_SOURCE = "initials_of_named"
_QUOTED = re.compile(r"[\"“”][^\"“”\n]*[\"“”]|\([^)\n]*\)")
_GROUP = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TOKEN = re.compile(r"(?<![\w.'’-])([A-Za-z]{2,4})(?![\w'’-])")
_BEFORE = re.compile(
    r"(?m)[(|][ \t]*$|^[ \t]*$"
    r"|(?<![\w])(?i:w/|with|by|per|to|and|nurse|rn|lpn|tech|sw|cm|charge|sign-?off:?|initials?:?)[ \t]*$"
)
# "MO/JK": a slash joins two people's initials; "$47/mo", "CKD3b / DM" join units and problems just as often
_SLASH_BEFORE = re.compile(r"(?<![\w])[A-Za-z]{2,4}/$")
# (`\Z` where `$` was: `$` would also stand before a final newline, but `\n` is tried first and takes it)
_AFTER = re.compile(
    r"[ \t]*(?:[)/|]|[.;,]?[ \t]*(?:\n|\Z)|\d{1,2}/\d)|[ \t]+(?i:rn|lpn|ibclc|np|md|pa-c|ma|cna|rd|lcsw)(?![\w-])"
)


def _groups(value: str) -> list[str]:
    """The words of a person's name without nicknames, titles or credentials; 'Last, First' put back in order."""
    value = _QUOTED.sub(" ", value)
    chunks = [c for c in value.split(",") if c.strip()]
    words = [[w for w in _GROUP.findall(c) if len(w) == 1 or not is_name_stop_word(w)] for c in chunks]
    if len(words) >= 2 and len(words[0]) == 1 and words[1] and len(words[1]) <= 2:
        return words[1] + words[0]
    return words[0] if words else []


def initials_of(value: str) -> set[str]:
    """'Kwame Asante-Boateng' -> {KAB, KA}; 'Maribel T. Thibodeaux' -> {MTT, MT}; 'B.A. Calloway' -> {BAC, BC}."""
    groups = _groups(value)
    if len(groups) < 2:
        return set()
    parts = [[p[0].upper() for p in g.split("-") if p] for g in groups]
    every = "".join("".join(p) for p in parts)
    heads = "".join(p[0] for p in parts if p)
    ends = parts[0][0] + "".join(parts[-1]) if parts[0] and parts[-1] else ""
    return {v for v in (every, heads, ends, heads[0] + heads[-1]) if 2 <= len(v) <= 4}


def from_initials(text: str, spans: Iterable[Span]) -> list[Span]:
    owners: dict[str, str] = {}
    for s in spans:
        if s.entity_type in _PERSON:
            for v in initials_of(text[s.start : s.end]):
                owners.setdefault(v, s.entity_type)
    if not owners:
        return []
    out: list[Span] = []
    for m in _TOKEN.finditer(text):
        tok = m.group(1)
        if not (tok.isupper() or tok.islower()):
            continue
        etype = owners.get(tok.upper())
        # "PT", "ST", "PA": a role's letters are never taken for someone's initials
        if etype is None or tok.lower() in ROLE_ABBREVIATIONS or is_common_word(tok):
            continue
        if text.startswith(":", m.end()):
            continue  # "DV: 03/21/87": a label
        before = _BEFORE.search(text, start_of_line(text, m.start()), m.start()) is not None or (
            tok.isupper() and _SLASH_BEFORE.search(text, max(0, m.start() - 5), m.start()) is not None
        )
        after = _AFTER.match(text, m.end())
        bracketed = after is not None and after.group().strip()[:1] in (")", "/", "|")
        if tok.islower():
            # lower-case letters are more often a word or a unit: both sides must look like initials
            found = before and after is not None
        elif is_clinical_word(tok):
            found = before or bracketed  # "SpO2 98% RA" at a line's end is room air
        else:
            found = before or after is not None
        if found:
            out.append(Span(m.start(), m.end(), etype, INITIALS_CONFIDENCE, INITIALS_SOURCE))
    return out
