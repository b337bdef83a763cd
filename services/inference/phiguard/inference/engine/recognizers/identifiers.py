"""Structured identifiers: SSN, phone/fax, e-mail, URL, IP, labelled record/account/licence ids,
check-digit ids (DEA, NPI, VIN), device serials, photo file names and unlabelled long numbers.

Each recognizer is a list of rules; each rule carries its own vetoes and the examples its test runs.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.lines import start_of_line
from phiguard.inference.engine.recognizers.base import Part, Rule, RuleRecognizer, words_regex
from phiguard.inference.engine.recognizers.checksums import dea_valid, npi_valid, ssn_valid, vin_valid
from phiguard.inference.engine.span import Span

_I = re.IGNORECASE

# ---------------------------------------------------------------- SSN

_SSN_CONTEXT = ("ssn", "ss#", "ss #", "social security", "social", "soc sec", "ss no")


def _ssn_issued(text: str, m: re.Match[str]) -> bool:
    # The SSA never issues area 000, 666 or 9xx, group 00 or serial 0000: such a number is something else.
    return ssn_valid(m.group("a"), m.group("g"), m.group("s"))


def ssn_recognizer() -> RuleRecognizer:
    return RuleRecognizer(
        "ssn",
        [
            Rule(
                name="dashed",
                entity_type="SSN",
                patterns=(re.compile(r"(?<![\w-])(?P<a>\d{3})-(?P<g>\d{2})-(?P<s>\d{4})(?![\w-])"),),
                score=0.85,
                accept=_ssn_issued,
                context=_SSN_CONTEXT,
                boost=0.1,
                description="3-2-4 digits joined by hyphens, in a range the SSA issues",
                examples=("SSN «123-45-6789» verified", "«234-56-7890»"),
                counterexamples=("SSN 000-45-6789", "SSN 666-12-3456", "MRN 123-45-67890"),
            ),
            Rule(
                name="masked",
                entity_type="SSN",
                patterns=(re.compile(r"(?<![\w-])(?:[xX*]{3}-[xX*]{2}|\*{5})-?\d{4}(?![\w-])"),),
                score=0.8,
                description="an SSN masked but for its last four digits",
                examples=("SSN on facesheet: «xxx-xx-4417»", "SS# «*****4417»"),
                counterexamples=("SSN xxx-xx-xxxx",),
            ),
            Rule(
                name="spaced",
                entity_type="SSN",
                patterns=(re.compile(r"(?<![\w-])(?P<a>\d{3}) (?P<g>\d{2}) (?P<s>\d{4})(?![\w-])"),),
                score=0.55,
                accept=_ssn_issued,
                context=_SSN_CONTEXT,
                boost=0.35,
                description="3-2-4 digits split by spaces; a form's SSN field vouches for them",
                examples=("social security «123 45 6789»",),
                counterexamples=("social security 000 12 3456",),
            ),
            # Nine bare digits are as likely an MRN; only the word SSN nearby makes them an SSN.
            Rule(
                name="bare",
                entity_type="SSN",
                patterns=(re.compile(r"(?<![\w-])(?P<a>\d{3})(?P<g>\d{2})(?P<s>\d{4})(?![\w-])"),),
                score=0.4,
                accept=_ssn_issued,
                context=_SSN_CONTEXT,
                boost=0.5,
                window=25,
                description="nine bare digits, an SSN only with the word SSN close before them",
                examples=("SSN: «123456789»",),
                counterexamples=("SSN: 900123456",),
            ),
        ],
    )


# ---------------------------------------------------------------- phone and fax

_PHONE_LABELS = re.compile(
    r"(?<![A-Za-z])(?:(?P<fax>fax|facsimile|telefax|f)|phone|ph|tel|telephone|cell|mobile|mob|home|work|"
    r"office|pager|beeper|pgr|contact|call|t|p|c|h|w)(?![A-Za-z])",
    _I,
)
_EXT = r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,6})?"
_US_PHONE = re.compile(
    r"(?<![\w/.-])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .-])\d{3}[ .-]\d{4}" + _EXT + r"(?![\w/])", _I
)
_US_PHONE_TIGHT = re.compile(r"(?<![\w/.-])\(\d{3}\)\d{3}-?\d{4}" + _EXT + r"(?![\w/])", _I)
_INTL_PHONE = re.compile(r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}" + _EXT + r"(?![\w/])", _I)
_LOCAL_PHONE = re.compile(r"(?<![\w/.-])\d{3}-\d{4}" + _EXT + r"(?![\w/-])", _I)
_BARE_TEN = re.compile(r"(?<![\w/.-])(?:\+?1)?[2-9]\d{9}(?![\w/])")
_PAGER = re.compile(
    r"(?<![A-Za-z])(?:pager|beeper|pgr|page\s+me\s+at|ext\.?|extension|vocera(?:\s+ext\.?)?)\s*(?:#|no\.?|number)?\s*:?\s*"
    r"(\d{1,2}-\d{4}|\d{4,7})(?![\w/-])",
    _I,
)
# "PG" is a pager's label in charting shorthand, but also a product's code before a model number ("a PG 2960 stent"):
# after it, only a pager's five digits.
_PG_PAGER = re.compile(r"(?<![A-Za-z])pg\s*#?\s*:?\s*(\d{5})(?![\w/-])", _I)
# Three digits are an extension only right after "ext", "ext." or "extension" and one space ("ext. 412"). RE2 has
# no lookbehind inside a pattern to say so in _PAGER, so they have a pattern of their own; the two never match the
# same text, as three digits are never four to seven.
_EXTENSION = re.compile(r"(?<![A-Za-z])(?:ext\.?|extension|vocera\s+ext\.?)\s(\d{3})(?![\w/-])", _I)
_PHONE_CONTEXT = words_regex(
    (
        "phone",
        "tel",
        "telephone",
        "cell",
        "mobile",
        "call",
        "contact",
        "pager",
        "beeper",
        "number",
        "ph",
        "reach",
        "fax",
        "office",
    )
)


@dataclass(frozen=True, kw_only=True)
class PhoneRule(Rule):
    """A phone number's rule: the nearest label on the number's line says PHONE or FAX and vouches for
    it ("Fax: 617-555-0199"); with no label, a phone word within 40 characters vouches."""

    entity_type: str = "PHONE"

    @property
    def entity_types(self) -> tuple[str, ...]:
        return ("PHONE", "FAX")

    def judge(self, text: str, m: re.Match[str], start: int) -> tuple[str, bool]:
        line_start = start_of_line(text, start)
        labels = list(_PHONE_LABELS.finditer(text[max(line_start, start - 30) : start]))
        if not labels:
            return "PHONE", bool(_PHONE_CONTEXT.search(text[max(0, start - 40) : start]))
        return ("FAX" if labels[-1].group("fax") else "PHONE"), True


def _intl_length(text: str, m: re.Match[str]) -> bool:
    # An international number has at most 15 digits, 17 with the 00 before it; fewer than 8 is a code or a score.
    return 8 <= sum(c.isdigit() for c in m.group()) <= 17


def _phone_word_just_before(text: str, m: re.Match[str]) -> bool:
    # Ten bare digits are a phone only when a phone word is right before them.
    return bool(_PHONE_CONTEXT.search(text[max(0, m.start() - 20) : m.start()]))


def phone_recognizer() -> RuleRecognizer:
    """US and international phone numbers; the nearest label before a number decides PHONE vs FAX."""
    return RuleRecognizer(
        "phone",
        [
            PhoneRule(
                name="us",
                patterns=(_US_PHONE, _US_PHONE_TIGHT),
                score=0.8,
                description="a US number: area code in brackets or joined by a separator, optional extension",
                examples=(
                    "call «617-555-0143»",
                    "Tel: «(617) 555-0143»",
                    "cell «(617)5550143»",
                    "Fax: «617.555.0199»",
                ),
                counterexamples=("MRN 617-555-01432",),
            ),
            PhoneRule(
                name="intl",
                patterns=(_INTL_PHONE,),
                score=0.7,
                accept=_intl_length,
                description="a number with a country code (+ or 00) and 8 to 17 digits",
                examples=("daughter in London: «+44 20 7946 0958»", "«0033 1 99 00 12 34»"),
                counterexamples=("trend +1 2 3",),
            ),
            PhoneRule(
                name="local",
                patterns=(_LOCAL_PHONE,),
                score=0.4,
                boost=0.35,
                description="a seven-digit local number (3-4), certain only with a label or phone word",
                examples=("call «555-0143» after 5",),
                counterexamples=("lot 555-0143-22",),
            ),
            PhoneRule(
                name="pager",
                patterns=(_PAGER, _PG_PAGER, _EXTENSION),
                score=0.8,
                group=1,
                description="a pager, Vocera or extension number after its label (after PG, only five digits)",
                examples=("pager «4417»", "PG «31872»", "page me at «12-4417»", "ext. «412»"),
                counterexamples=("pager 12", "BNP 4417 pg/mL", "a PG 2960 stent"),
            ),
            PhoneRule(
                name="bare_ten",
                patterns=(_BARE_TEN,),
                score=0.65,
                accept=_phone_word_just_before,
                description="ten bare digits right after a phone word",
                examples=("phone «6175550143»",),
                counterexamples=("MRN 6175550143",),
            ),
        ],
    )


# ---------------------------------------------------------------- e-mail, URL, IP


_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)


def email_recognizer() -> RuleRecognizer:
    return RuleRecognizer(
        "email",
        [
            Rule(
                name="address",
                entity_type="EMAIL",
                patterns=(_EMAIL,),
                score=0.95,
                description="an e-mail address",
                examples=("write to «ann.lee@example.org».",),
                counterexamples=("LYTES @ 1000", "user@localhost"),
            ),
        ],
    )


_TLDS = "com|org|net|edu|gov|mil|io|us|uk|ca|de|info|biz|health|care|co|me|ly|ai"

# A social-media handle: @ and 4 to 30 letters, digits, _ or ., not ending in "." and holding a letter ("@1000"
# is a lab value) in it or further along the same run ("@" and 31 digits and an "x"). RE2 cannot look ahead
# from the @, so the pattern looks past the handle instead: its first branch where no letter follows, its
# second ("letter_after") where one does. The handle is the same either way; _handle_has_letter checks it.
_HANDLE_AT = r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{2,28}[A-Za-z0-9_]"
_HANDLE = re.compile(
    _HANDLE_AT + r"(?![0-9_.]*[A-Za-z])|" + _HANDLE_AT + r"(?P<letter_after>)(?=[0-9_.]*[A-Za-z])"
)


# An infusion rate or dose written after an at sign ("heparin @60cc/hr", "levo @10mcg") has a handle's shape.
_RATE_AFTER_AT = re.compile(r"@\d{1,4}(?:\.\d+)?(?:cc|ml|mcg|mg|meq|units?|u|l|gtts?|kg|hr|h|min)*", _I)


def _handle_has_letter(text: str, m: re.Match[str]) -> bool:
    if _RATE_AFTER_AT.fullmatch(m.group()):
        return False
    return m.group("letter_after") is not None or any(c.isalpha() for c in m.group())


def url_recognizer() -> RuleRecognizer:
    path = r"[/?#][^\s<>\"'\])]*[^\s<>\"'\]).,;:!?]"
    host = r"(?<![\w.@/-])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:" + _TLDS + ")"
    # a domain and its path, or a domain that no word character, @ or hyphen follows: two branches, as RE2 checks
    # what follows only at a branch's end (a path starts with none of those, so both take the same domain)
    domain = re.compile(host + path + "|" + host + r"(?![\w@-])")
    return RuleRecognizer(
        "url",
        [
            Rule(
                name="scheme",
                entity_type="URL",
                patterns=(re.compile(r"\b(?:https?|ftp|sftp)://[^\s<>\"'\])]*[^\s<>\"'\]).,;:!?]", _I),),
                score=0.95,
                description="an address with its scheme (http, https, ftp, sftp)",
                examples=("see «https://portal.example.org/chart?id=4417».",),
                counterexamples=("see the portal",),
            ),
            Rule(
                name="www",
                entity_type="URL",
                patterns=(re.compile(r"(?<![\w.@])www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:" + path + ")?", _I),),
                score=0.9,
                description="an address that starts with www",
                examples=("forms at «www.example.org/intake».",),
                counterexamples=("www alone",),
            ),
            # a social-media handle names its owner like an address does: "posts as @tolya_beats_218"
            Rule(
                name="handle",
                entity_type="URL",
                patterns=(_HANDLE,),
                score=0.7,
                accept=_handle_has_letter,
                description="a social-media handle (@ and 4 to 30 letters, digits, _ or .)",
                examples=("posts as «@tolya_beats_218»", "«@000000000000000000000000000000»0000x"),
                counterexamples=("LYTES @1000", "mail ann@example.org", "heparin @60cc/hr", "levo @ 10mcg", "@125ml/h"),
            ),
            Rule(
                name="domain",
                entity_type="URL",
                patterns=(domain,),
                score=0.7,
                description="a bare domain with a common top-level domain",
                examples=("visit «example.org» for forms", "«carecircle.health/ann»"),
                counterexamples=("saved as notes.txt",),
            ),
        ],
    )


def _ipv4_octets(text: str, m: re.Match[str]) -> bool:
    # Four numbers up to 255 without leading zeros; "1.02.3.4" is a version or a list.
    return all(int(p) <= 255 and (p == "0" or not p.startswith("0")) for p in m.group().split("."))


_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|(?:\d{1,3}\.){3}\d{1,3})(?![\w:])")


def _ipv6_address(text: str, m: re.Match[str]) -> bool:
    # Colons alone ("::") are no address, and "10:30:45" is a time: an address parses as one.
    s = m.group()
    if sum(c in "0123456789abcdefABCDEF" for c in s) < 3 or s.count(":") < 2:
        return False
    try:
        ipaddress.IPv6Address(s)
    except ValueError:
        return False
    return True


def ip_recognizer() -> RuleRecognizer:
    return RuleRecognizer(
        "ip",
        [
            Rule(
                name="v4",
                entity_type="IP",
                patterns=(_IPV4,),
                score=0.8,
                accept=_ipv4_octets,
                context=("ip", "ip address", "host", "server", "address", "logged in from", "client"),
                window=30,
                description="an IPv4 address (four numbers up to 255)",
                examples=("logged in from «10.0.0.1»",),
                counterexamples=("version 1.02.3.4", "values 300.1.1.1"),
            ),
            Rule(
                name="v6",
                entity_type="IP",
                patterns=(_IPV6,),
                score=0.9,
                accept=_ipv6_address,
                description="an IPv6 address that parses as one",
                examples=("host «2001:db8::8a2e:370:7334»",),
                counterexamples=("at 10:30:45",),
            ),
        ],
    )


# ---------------------------------------------------------------- labelled identifiers

# What follows a label: a space or a sign first, as the label must end as a word ("HAR36-0087712" is a serial, not
# the HAR label and a number); then optional "number"/"no."/"#", a colon or the like, "is"/"of", "#".
_SPACE_OR_HASH_FIRST = r"\s+(?:(?:number|num|nbr|no\.?|#|id)\s*)?[:#=.-]?|#\s*[:#=.-]?"
_SEP_END = r"\s*(?:is\s+|of\s+)?#?\s*"
_SEP = "(?:" + _SPACE_OR_HASH_FIRST + "|[:#=.-])" + _SEP_END
# With no separator at all the label only ended before a character that is no letter and no ASCII digit: only
# digit groups of another script ("MRN١٢ ٣٤") follow it so.
_GLUED = r"(?P<glued>[^\D0-9]\d{1,3}(?: \d{2,4}){1,3})(?:[^\w.]|\Z)"
_VALUE_GROUPS = ("spaced", "v", "letters", "glued")
# The digit a "letters" value needs (see _value): the exact pattern looks for it, which reads ahead as far as the
# digit, again for every label on the way ("MRN:a:MRN:a: ... 5"); the fast one leaves it to _DigitAhead.
_DIGIT_AHEAD = r"[^\s\d]*\d"
_SPACE_OR_DIGIT = re.compile(r"[\s\d]")


def _value(digit_ahead: str) -> str:
    """The value, one group per shape. RE2 checks what follows a match only at the pattern's end, so each shape takes
    what must follow it into the match, and LabelledRule goes on from the value's end, where Python's `re` went on.
     - spaced: digit groups split by single spaces as forms print them ("123 45 67"), then no word character or ".";
     - v: a token with a digit, then no word character;
     - letters: a token without one, then a sign and `digit_ahead`: the pattern asked for a digit before the next
       space, so "Medicare MBI: 3QW9-HN4-PT71" moves on to the MBI label instead of spending the match on "MBI".
       Such a token is never a value (it holds no digit), but the search went on from its end.
    """
    return (
        r"(?:(?P<spaced>\d{2,4}(?: \d{2,4}){1,3})(?:[^\w.]|\Z)"
        r"|(?P<v>(?:[A-Za-z][A-Za-z/-]*)?[0-9](?:[A-Za-z0-9/-]*[A-Za-z0-9])?)(?:[^\w]|\Z)"
        r"|(?P<letters>[A-Za-z](?:[A-Za-z/-]*[A-Za-z])?)[^\w\s]" + digit_ahead + ")"
    )


class _DigitAhead:
    """Whether a digit comes before the next space, from a position on, remembering the stretch it read last."""

    def __init__(self, text: str) -> None:
        self.text, self.start, self.stop = text, 0, -1  # text[start:stop] holds no space and no digit

    def __call__(self, at: int) -> bool:
        if at < self.start:
            found = _SPACE_OR_DIGIT.search(self.text, at, self.start)
            self.start, self.stop = at, found.start() if found else self.stop
        elif at > self.stop:
            found = _SPACE_OR_DIGIT.search(self.text, at)
            self.start, self.stop = at, found.start() if found else len(self.text)
        return self.stop < len(self.text) and self.text[self.stop].isdecimal()


@dataclass(frozen=True)
class _Labels:
    """Labels matched by one pattern, in two versions that differ only in how a "letters" value finds its digit;
    `followed_by`, where set, is what must follow the label (group "label") for it to count."""

    fast: re.Pattern[str]
    exact: re.Pattern[str]
    followed_by: re.Pattern[str] | None

    def next_match(self, text: str, pos: int, digit_ahead: _DigitAhead) -> re.Match[str] | None:
        """The first match Python's `re` found from `pos` on, with these labels alone."""
        while (m := self.fast.search(text, pos)) is not None:
            if m.start("letters") >= 0 and not digit_ahead(m.end("letters")):
                # nothing matched before m, so the exact pattern decides from there
                if (m := self.exact.search(text, m.start())) is None:
                    return None
            if self.followed_by is None or self.followed_by.match(text, m.end("label")):
                return m
            pos = m.start() + 1  # `re` found nothing with this label here and went on from the next character
        return None


def _labels(before: str, after: str = "", followed_by: str | None = None) -> _Labels:
    fast, exact = (re.compile(before + _value(digit) + after, _I) for digit in ("", _DIGIT_AHEAD))
    return _Labels(fast, exact, None if followed_by is None else re.compile(followed_by, _I))


def _value_group(m: re.Match[str]) -> str:
    return next(g for g in _VALUE_GROUPS if g in m.re.groupindex and m.start(g) >= 0)


_DATE_SHAPED = re.compile(r"\d{1,2}[/-]\d{1,2}(?:[/-](?:\d{2}|\d{4}))?|\d{4}[/-]\d{1,2}(?:[/-]\d{1,2})?")


def _has_digits(n: int) -> Callable[[str, re.Match[str]], bool]:
    def check(text: str, m: re.Match[str]) -> bool:
        v = m.group(_value_group(m))
        # A date after "record"/"visit" is a date, which the date recognizer owns.
        return sum(c.isdigit() for c in v) >= n and len(v) <= 24 and not _DATE_SHAPED.fullmatch(v)

    return check


@dataclass(frozen=True, kw_only=True)
class LabelledRule(Rule):
    """An identifier found by its label; `patterns` are the exact patterns, `labels` what `find` runs.

    Python's `re` looked ahead from inside the pattern after a few labels ("patient" before number, no or #); RE2
    cannot, so each such label has a pattern of its own, checked after its match (`labels[1:]`). The first match
    over all patterns is then the one `re` found, as such a label starts no other label's word but those before it
    in its list ("patient id" before "patient": the first pattern wins a tie).
    """

    labels: tuple[_Labels, ...]

    def find(self, text: str, source: str) -> Iterator[Span]:
        digit_ahead = _DigitAhead(text)
        ahead = [labels.next_match(text, 0, digit_ahead) for labels in self.labels]
        while found := [m for m in ahead if m is not None]:
            m = min(found, key=lambda match: match.start())
            if self.accept is None or self.accept(text, m):
                yield from self._spans(text, m, source)
            pos = m.end(_value_group(m))
            ahead = [
                nxt if nxt is None or nxt.start() >= pos else labels.next_match(text, pos, digit_ahead)
                for nxt, labels in zip(ahead, self.labels, strict=True)
            ]

    def _parts(self, text: str, m: re.Match[str]) -> Iterable[Part]:
        start, end = m.span(_value_group(m))
        return ((start, end, self.score),)


def _labelled(
    name: str,
    labels: str,
    entity_type: str,
    score: float,
    *,
    description: str,
    examples: tuple[str, ...],
    counterexamples: tuple[str, ...] = (),
    min_digits: int = 3,
    followed_by: tuple[tuple[str, str], ...] = (),
) -> Rule:
    """`followed_by`: (label, what must follow it) for the labels that count only before certain words. A space or
    a # comes first before those words, so no other separator is tried after such a label, and a label that fails
    its check has read no long value (as after "cause-cause-cause-...")."""
    groups = (
        _labels(r"(?<![A-Za-z])(?:" + labels + ")(?:" + _SEP, "|" + _GLUED + ")"),
        *(
            _labels(r"(?<![A-Za-z])(?P<label>" + label + ")(?:" + _SPACE_OR_HASH_FIRST + ")" + _SEP_END, "", after)
            for label, after in followed_by
        ),
    )
    return LabelledRule(
        name=name,
        entity_type=entity_type,
        patterns=tuple(group.exact for group in groups),
        labels=groups,
        score=score,
        accept=_has_digits(min_digits),
        description=description,
        examples=examples,
        counterexamples=counterexamples,
    )


def record_id_recognizer() -> RuleRecognizer:
    """Identifiers found by the label in front of them (MRN:, Acct#, Policy no., Serial #, ...)."""
    return RuleRecognizer(
        "labelled_id",
        [
            _labelled(
                "mrn",
                r"MRN|(?-i:MR)|MR\s*#|medical\s+record|med\.?\s*rec(?:ord)?|chart|record|EMR|EHR",
                "MRN",
                0.9,
                followed_by=((r"hospital\s+", "#"),),
                description="a medical record number after its label (MRN, MR #, chart, record)",
                examples=("MRN: «4417023»", "medical record # «A-4417023»", "MR # «88 21 47»"),
                counterexamples=("MRN: pending", "record 03/14/2023", "chart 12"),
            ),
            _labelled(
                "patient_id",
                r"patient\s*(?:id|identifier)|pt\.?\s*(?:id|identifier)|(?-i:PID)|person\s*id|enterprise\s*id|EMPI",
                "PATIENT_ID",
                0.92,
                followed_by=(("patient", r"\s*(?:number|no|#)"),),
                description="a patient or person identifier after its label (Patient ID, PID, EMPI)",
                examples=("Patient ID: «PT-88213»", "EMPI «100448812»"),
                counterexamples=("patient identifier unknown",),
            ),
            _labelled(
                "account",
                r"(?:acct|account|card)(?:\s+ending(?:\s+in)?)?|billing|(?-i:FIN)|encounter|visit|invoice|claim|"
                r"(?-i:CSN|HAR)",
                "ACCOUNT",
                0.88,
                description="an account, billing, encounter, visit or claim number after its label",
                examples=("Acct# «99812-4417»", "card ending in «4417»", "CSN «30041877»"),
                counterexamples=("account of 12 visits",),
            ),
            _labelled(
                "health_plan",
                r"health\s*plan(?:\s*(?:beneficiary|member))?|member|beneficiary|policy|subscriber|"
                r"insurance(?:\s*(?:id|member))?|medicaid|medicare|(?-i:MBI|HICN)|group|grp",
                "ACCOUNT",
                0.85,
                description="a health plan, member, policy or group number after its label",
                examples=("Member ID: «XKW418820193»", "policy no. «H7734-0021»", "MBI: «3QW9-HN4-PT71»"),
                counterexamples=("member of the choir",),
            ),
            _labelled(
                "license",
                r"driver'?s?\s*licen[sc]e|(?-i:DL|DLN|CDL)|licen[sc]e|lic\.?|certificate|cert\.?|"
                r"state\s*licen[sc]e|board\s*cert(?:ification)?|NPI|DEA|UPIN|registration",
                "LICENSE",
                0.88,
                description="a licence, certificate or registration number after its label",
                examples=("DL# «S530-4417-8821»", "state license «MD-48812»"),
                counterexamples=("licensed in 2 states",),
            ),
            _labelled(
                "vehicle",
                # an aircraft's registration: "Departed by rotor wing, tail N417BS"
                r"VIN|vehicle\s*(?:id|identification)|licen[sc]e\s*plate|plate|tag|tail(?:\s*(?:number|no|#))?",
                "VEHICLE",
                0.88,
                min_digits=2,
                description="a vehicle, plate or aircraft tail number after its label",
                examples=("plate «7KJH221»", "Departed by rotor wing, tail «N417BS»"),
                counterexamples=("tag 7",),
            ),
            _labelled(
                "device",
                r"serial|s/n|(?-i:SN)|device\s*(?:id|serial)?|model|UDI|implant\s*(?:id)?|"
                r"pacemaker\s*(?:id|serial)?|generator\s*(?:id|serial)?|(?-i:LOT)",
                "DEVICE",
                0.86,
                description="a device serial, model, UDI or lot number after its label",
                examples=("pacemaker serial «PJN448812»", "S/N: «44-8812-A»"),
                counterexamples=("serial imaging",),
            ),
            _labelled(
                "biometric",
                r"(?:finger\s*print|retina(?:l)?\s*scan|iris\s*scan|voice\s*print|biometric)"
                r"(?:\s*(?:template|scan|sample|record))?",
                "BIOMETRIC",
                0.88,
                description="a biometric identifier (fingerprint, retinal or iris scan, voiceprint) after its label",
                examples=("fingerprint template «FP-0048812»",),
                counterexamples=("iris scan normal",),
            ),
            _labelled(
                "photo",
                r"photo(?:graph)?\s*(?:id|file)?|image\s*(?:id|file)",
                "PHOTO",
                0.8,
                description="a photo or image identifier after its label",
                examples=("photo ID «IMG-20231104»",),
                counterexamples=("photo taken",),
            ),
            _labelled(
                "other",
                r"case|ID|identifier|ref|reference|specimen|accession|acc|requisition|req|order|badge|"
                r"employee|study|job|document|doc|report|confirmation|tracking|passport|control|"
                r"transaction|ticket|sample|subject|participant|enrollment|CPI|Ctrl|batch|index\s+no|"
                r"(?:gate|door|access|lockbox|key|keypad|entry|activation|verification|enrollment)\s+code|"
                # a court's file: "docket 1715CR001382", "Cause No. 2024-DCR-03318-B" (below)
                r"docket|indictment",
                "OTHER_ID",
                0.78,
                followed_by=(
                    # a chain's branch: "H-E-B Pharmacy #412", "CVS store # 2291"
                    ("pharmacy|store", r"\s*#"),
                    ("cause", r"\s*(?:no|#)"),
                ),
                description="any other labelled number: case, accession, order, badge, job, store, docket, ...",
                examples=("Accession #: «S23-44817»", "CVS store # «2291»", "docket «1715CR001382»"),
                counterexamples=("case 3",),
            ),
        ],
    )


# ---------------------------------------------------------------- check-digit identifiers and unlabelled ids


def _dea_check_digit(text: str, m: re.Match[str]) -> bool:
    return dea_valid(m.group())


def _npi_check_digit(text: str, m: re.Match[str]) -> bool:
    return npi_valid(m.group())


def _vin_check_digit(text: str, m: re.Match[str]) -> bool:
    return vin_valid(m.group())


def checksum_id_recognizer() -> RuleRecognizer:
    return RuleRecognizer(
        "checksum_id",
        [
            Rule(
                name="dea",
                entity_type="LICENSE",
                patterns=(re.compile(r"(?<![\w-])[A-Za-z][A-Za-z9]\d{7}(?![\w-])"),),
                score=0.8,
                accept=_dea_check_digit,
                context=("dea", "prescriber", "registration"),
                boost=0.15,
                description="a DEA registration: two letters and seven digits whose last is its check digit",
                examples=("DEA «AB1234563»",),
                counterexamples=("DEA AB1234560",),
            ),
            # One ten-digit number in ten passes Luhn by chance: an NPI needs its label to pass the threshold.
            Rule(
                name="npi",
                entity_type="LICENSE",
                patterns=(re.compile(r"(?<![\w-])[12]\d{9}(?![\w-])"),),
                score=0.45,
                accept=_npi_check_digit,
                context=("npi", "provider id", "national provider"),
                boost=0.5,
                description="a National Provider Identifier: ten digits passing the NPI's Luhn check",
                examples=("NPI «1234567893»",),
                counterexamples=("NPI 1234567890",),
            ),
            # A Medicare Beneficiary Identifier: letters and digits at fixed places, never S, L, O, I, B or Z,
            # often printed in groups of 4-3-4 ("1EG4-TE5-MK73").
            Rule(
                name="mbi",
                entity_type="ACCOUNT",
                patterns=(
                    re.compile(
                        r"(?<![\w-])[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?"
                        r"[AC-HJKMNP-RT-Y]{2}\d{2}(?![\w-])"
                    ),
                ),
                score=0.75,
                context=("medicare", "mbi", "beneficiary"),
                boost=0.15,
                description="a Medicare Beneficiary Identifier: letters and digits at their fixed places",
                examples=("Medicare «1EG4-TE5-MK73»", "«1EG4TE5MK73»"),
                counterexamples=("Medicare 1SG4-TE5-MK73",),
            ),
            Rule(
                name="vin",
                entity_type="VEHICLE",
                patterns=(re.compile(r"(?<![\w-])[A-HJ-NPR-Z0-9]{17}(?![\w-])", _I),),
                score=0.88,
                accept=_vin_check_digit,
                context=("vin", "vehicle", "car", "truck"),
                boost=0.1,
                description="a vehicle identification number: 17 characters whose ninth is its check digit",
                examples=("VIN «1HGCM82633A004352»",),
                counterexamples=("VIN 1HGCM82635A004352", "serial 12345678901234567"),
            ),
        ],
    )


def photo_file_recognizer() -> RuleRecognizer:
    return RuleRecognizer(
        "photo_file",
        [
            Rule(
                name="image_file",
                entity_type="PHOTO",
                patterns=(re.compile(r"(?<![\w.-])[\w-]+\.(?:jpe?g|png|gif|tiff?|bmp|heic|dcm|webp)(?![\w])", _I),),
                score=0.8,
                context=("photo", "image", "picture", "face"),
                boost=0.15,
                description="an image file name (jpg, png, heic, dcm, ...)",
                examples=("wound photo «IMG_4417.jpg» uploaded",),
                counterexamples=("saved as notes.txt",),
            ),
        ],
    )


def _dashed_code_ok(text: str, m: re.Match[str]) -> bool:
    # Six digits at least, and not a date written with hyphens ("2023-11-04").
    return sum(c.isdigit() for c in m.group()) >= 6 and not re.fullmatch(r"\d{1,4}-\d{1,2}-\d{1,4}", m.group())


def unlabelled_id_recognizer() -> RuleRecognizer:
    """Numbers shaped like ids with no label: long digit runs and letter+digit codes.

    Kept just over the default threshold; units and lab names veto the clinical ones later.
    """
    return RuleRecognizer(
        "unlabelled_id",
        [
            Rule(
                name="long_number",
                entity_type="OTHER_ID",
                patterns=(re.compile(r"(?<![\w.,/:-])\d{7,}(?![\w,/]|\.\d)"),),
                score=0.6,
                description="seven or more digits in a row, not part of a decimal or a list",
                examples=("ref «44170238»",),
                counterexamples=("pi 3.14159265", "count 1,234,567"),
            ),
            Rule(
                name="hash_number",
                entity_type="OTHER_ID",
                patterns=(re.compile(r"(?<![\w&])#\s?(?P<v>\d{4,})(?![\w/])"),),
                score=0.65,
                group="v",
                description="four or more digits after #",
                examples=("item #«44170»", "# «88213»"),
                counterexamples=("bullet &#8226;", "#12"),
            ),
            Rule(
                name="code",
                entity_type="OTHER_ID",
                patterns=(re.compile(r"(?<![\w-])[A-Z]{1,4}-?\d{5,}[A-Z]?(?![\w-])"),),
                score=0.6,
                description="one to four capitals and five or more digits",
                examples=("code «AB-12345»", "«K4417023X»"),
                counterexamples=("B12 level",),
            ),
            # A transcription job: dictator's initials and number / job number ("RK412/70913").
            Rule(
                name="dictation_job",
                entity_type="OTHER_ID",
                patterns=(re.compile(r"(?<![\w/])[A-Z]{2,3}\d{2,4}/\d{4,6}(?![\w/])"),),
                score=0.7,
                description="a transcription job: dictator's initials and number, then the job number",
                examples=("«RK412/70913»",),
                counterexamples=("BP 120/80",),
            ),
            Rule(
                name="dashed_code",
                entity_type="OTHER_ID",
                patterns=(re.compile(r"(?<![\w/.-])[A-Z0-9]{2,}(?:-[A-Z0-9]{2,}){2,4}(?![\w/-])"),),
                score=0.55,
                accept=_dashed_code_ok,
                description="three to five groups of capitals and digits joined by hyphens, six digits or more",
                examples=("lot «AB12-3456-78CD»",),
                counterexamples=("2023-11-04", "CT-AP-PE"),
            ),
        ],
    )
