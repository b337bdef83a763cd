"""Structured identifiers: SSN, phone/fax, e-mail, URL, IP, labelled record/account/licence ids,
check-digit ids (DEA, NPI, VIN), device serials, photo file names and unlabelled long numbers."""

from __future__ import annotations

import ipaddress
import re

from phiguard.inference.engine.recognizers.base import Pattern, PatternRecognizer, Recognizer, words_regex
from phiguard.inference.engine.recognizers.checksums import dea_valid, npi_valid, ssn_valid, vin_valid
from phiguard.inference.engine.span import Span

_I = re.IGNORECASE

# ---------------------------------------------------------------- SSN

_SSN_CONTEXT = ("ssn", "ss#", "ss #", "social security", "social", "soc sec", "ss no")


def _ssn_ok(m: re.Match[str]) -> bool:
    return ssn_valid(m.group("a"), m.group("g"), m.group("s"))


def ssn_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "ssn",
        [
            Pattern(
                "dashed",
                re.compile(r"(?<![\w-])(?P<a>\d{3})-(?P<g>\d{2})-(?P<s>\d{4})(?![\w-])"),
                "SSN",
                0.85,
                validate=_ssn_ok,
                context=_SSN_CONTEXT,
                boost=0.1,
            ),
            # a masked SSN still shows its last four: "SSN on facesheet: xxx-xx-4417"
            Pattern("masked", re.compile(r"(?<![\w-])(?:[xX*]{3}-[xX*]{2}|\*{5})-?\d{4}(?![\w-])"), "SSN", 0.8),
            Pattern(
                "spaced",
                re.compile(r"(?<![\w-])(?P<a>\d{3}) (?P<g>\d{2}) (?P<s>\d{4})(?![\w-])"),
                "SSN",
                0.55,
                validate=_ssn_ok,
                context=_SSN_CONTEXT,
                boost=0.35,
            ),
            # Nine bare digits are as likely an MRN; only the word SSN nearby makes them an SSN.
            Pattern(
                "bare",
                re.compile(r"(?<![\w-])(?P<a>\d{3})(?P<g>\d{2})(?P<s>\d{4})(?![\w-])"),
                "SSN",
                0.4,
                validate=_ssn_ok,
                context=_SSN_CONTEXT,
                boost=0.5,
                window=25,
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
    r"(\d{1,2}-\d{4}|\d{4,7}|(?<=[Ee]xt\.\s)\d{3}|(?<=[Ee]xt\s)\d{3}|(?<=[Ee]xtension\s)\d{3})(?![\w/-])",
    _I,
)
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


class PhoneRecognizer(Recognizer):
    """US and international phone numbers; the nearest label before a number decides PHONE vs FAX."""

    name = "phone"
    entity_types = ("PHONE", "FAX")

    def _kind(self, text: str, start: int) -> tuple[str, bool]:
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(line_start, start - 30) : start]
        labels = list(_PHONE_LABELS.finditer(before))
        last = labels[-1] if labels else None
        if last is None:
            return "PHONE", bool(_PHONE_CONTEXT.search(text[max(0, start - 40) : start]))
        return ("FAX" if last.group("fax") else "PHONE"), True

    def analyze(self, text: str) -> list[Span]:
        spans: list[Span] = []
        found: list[tuple[int, int, float, str]] = []
        for rx, score, tag in (
            (_US_PHONE, 0.8, "us"),
            (_US_PHONE_TIGHT, 0.8, "us"),
            (_INTL_PHONE, 0.7, "intl"),
            (_LOCAL_PHONE, 0.4, "local"),
        ):
            for m in rx.finditer(text):
                digits = sum(c.isdigit() for c in m.group())
                if tag == "intl" and not 8 <= digits <= 17:
                    continue
                found.append((m.start(), m.end(), score, tag))
        for m in _PAGER.finditer(text):
            found.append((m.start(1), m.end(1), 0.8, "pager"))
        for m in _BARE_TEN.finditer(text):
            # Ten bare digits are a phone only when a phone word is right before them.
            if _PHONE_CONTEXT.search(text[max(0, m.start() - 20) : m.start()]):
                found.append((m.start(), m.end(), 0.65, "bare_ten"))
        for start, end, score, tag in found:
            kind, has_ctx = self._kind(text, start)
            if has_ctx:
                score = min(1.0, score + (0.35 if tag == "local" else 0.15))
            spans.append(
                Span(start, end, kind, round(score, 4), f"{self.name}:{tag}" + ("+context" if has_ctx else ""))
            )
        return spans


# ---------------------------------------------------------------- e-mail, URL, IP


def email_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "email",
        [
            Pattern(
                "address",
                re.compile(
                    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
                ),
                "EMAIL",
                0.95,
            ),
        ],
    )


_TLDS = "com|org|net|edu|gov|mil|io|us|uk|ca|de|info|biz|health|care|co|me|ly|ai"


def url_recognizer() -> PatternRecognizer:
    tail = r"(?:[/?#][^\s<>\"'\])]*[^\s<>\"'\]).,;:!?])?"
    return PatternRecognizer(
        "url",
        [
            Pattern(
                "scheme", re.compile(r"\b(?:https?|ftp|sftp)://[^\s<>\"'\])]*[^\s<>\"'\]).,;:!?]", _I), "URL", 0.95
            ),
            Pattern("www", re.compile(r"(?<![\w.@])www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+" + tail, _I), "URL", 0.9),
            # a social-media handle names its owner like an address does: "posts as @tolya_beats_218"
            Pattern(
                "handle",
                re.compile(r"(?<![\w@.])@(?=[A-Za-z0-9_.]*[A-Za-z])[A-Za-z0-9_][A-Za-z0-9_.]{3,29}(?<!\.)"),
                "URL",
                0.7,
            ),
            Pattern(
                "domain",
                re.compile(
                    r"(?<![\w.@/-])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:" + _TLDS + r")(?![\w@-])" + tail
                ),
                "URL",
                0.7,
            ),
        ],
    )


def _ipv4_ok(m: re.Match[str]) -> bool:
    return all(int(p) <= 255 and (p == "0" or not p.startswith("0")) for p in m.group().split("."))


_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|(?:\d{1,3}\.){3}\d{1,3})(?![\w:])")


class IpRecognizer(Recognizer):
    name = "ip"
    entity_types = ("IP",)
    _v4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
    _ctx = words_regex(("ip", "ip address", "host", "server", "address", "logged in from", "client"))

    def analyze(self, text: str) -> list[Span]:
        spans = []
        for m in self._v4.finditer(text):
            if _ipv4_ok(m):
                ctx = bool(self._ctx.search(text[max(0, m.start() - 30) : m.start()]))
                spans.append(
                    Span(m.start(), m.end(), "IP", 0.95 if ctx else 0.8, "ip:v4" + ("+context" if ctx else ""))
                )
        for m in _IPV6.finditer(text):
            s = m.group()
            if sum(c in "0123456789abcdefABCDEF" for c in s) < 3 or s.count(":") < 2:
                continue
            try:
                ipaddress.IPv6Address(s)
            except ValueError:
                continue
            spans.append(Span(m.start(), m.end(), "IP", 0.9, "ip:v6"))
        return spans


# ---------------------------------------------------------------- labelled identifiers

# What follows a label: optional "number"/"no."/"#", then a token that holds at least one digit.
_SEP = r"\s*(?:(?:number|num|nbr|no\.?|#|id)\s*)?[:#=.-]?\s*(?:is\s+|of\s+)?#?\s*"
# A token with a digit, or digit groups split by single spaces as forms print them ("123 45 67").
_VALUE = r"(?P<v>\d{2,4}(?: \d{2,4}){1,3}(?![\w.])|[A-Za-z0-9](?:[A-Za-z0-9/-]*[A-Za-z0-9])?)"


_DATE_SHAPED = re.compile(r"\d{1,2}[/-]\d{1,2}(?:[/-](?:\d{2}|\d{4}))?|\d{4}[/-]\d{1,2}(?:[/-]\d{1,2})?")


def _has_digits(n: int):
    def check(m: re.Match[str]) -> bool:
        v = m.group("v")
        # A date after "record"/"visit" is a date, which the date recognizer owns.
        return sum(c.isdigit() for c in v) >= n and len(v) <= 24 and not _DATE_SHAPED.fullmatch(v)

    return check


def _labelled(name: str, labels: str, entity_type: str, score: float, min_digits: int = 3) -> Pattern:
    # The label must end as a word: "HAR36-0087712" is a serial, not the HAR label plus a number.
    # The value must hold a digit, so "Medicare MBI: 3QW9-HN4-PT71" moves on to the MBI label instead of
    # spending the match on the word after "Medicare".
    rx = re.compile(
        r"(?<![A-Za-z])(?:" + labels + r")(?![A-Za-z0-9])" + _SEP + r"(?=[^\s\d]*\d)" + _VALUE + r"(?![\w])", _I
    )
    return Pattern(name, rx, entity_type, score, group="v", validate=_has_digits(min_digits))


def record_id_recognizer() -> PatternRecognizer:
    """Identifiers found by the label in front of them (MRN:, Acct#, Policy no., Serial #, ...)."""
    return PatternRecognizer(
        "labelled_id",
        [
            _labelled(
                "mrn",
                r"MRN|(?-i:MR)|MR\s*#|medical\s+record|med\.?\s*rec(?:ord)?|hospital\s+(?=number|no|#)|"
                r"unit\s+(?=number|no)|chart|record|EMR|EHR",
                "MRN",
                0.9,
            ),
            _labelled(
                "patient_id",
                r"patient\s*(?:id|identifier)|pt\.?\s*(?:id|identifier)|patient(?=\s*(?:number|no|#))|"
                r"(?-i:PID)|person\s*id|enterprise\s*id|EMPI",
                "PATIENT_ID",
                0.92,
            ),
            _labelled(
                "account",
                r"(?:acct|account|card)(?:\s+ending(?:\s+in)?)?|billing|(?-i:FIN)|encounter|visit|invoice|claim|"
                r"(?-i:CSN|HAR)",
                "ACCOUNT",
                0.88,
            ),
            _labelled(
                "health_plan",
                r"health\s*plan(?:\s*(?:beneficiary|member))?|member|beneficiary|policy|subscriber|"
                r"insurance(?:\s*(?:id|member))?|medicaid|medicare|(?-i:MBI|HICN)|group|grp",
                "ACCOUNT",
                0.85,
            ),
            _labelled(
                "license",
                r"driver'?s?\s*licen[sc]e|(?-i:DL|DLN|CDL)|licen[sc]e|lic\.?|certificate|cert\.?|"
                r"state\s*licen[sc]e|board\s*cert(?:ification)?|NPI|DEA|UPIN|registration",
                "LICENSE",
                0.88,
            ),
            _labelled(
                "vehicle",
                # an aircraft's registration: "Departed by rotor wing, tail N417BS"
                r"VIN|vehicle\s*(?:id|identification)|licen[sc]e\s*plate|plate|tag|tail(?:\s*(?:number|no|#))?",
                "VEHICLE",
                0.88,
                2,
            ),
            _labelled(
                "device",
                r"serial|s/n|(?-i:SN)|device\s*(?:id|serial)?|model|UDI|implant\s*(?:id)?|"
                r"pacemaker\s*(?:id|serial)?|generator\s*(?:id|serial)?|(?-i:LOT)",
                "DEVICE",
                0.86,
            ),
            _labelled(
                "biometric",
                r"(?:finger\s*print|retina(?:l)?\s*scan|iris\s*scan|voice\s*print|biometric)"
                r"(?:\s*(?:template|scan|sample|record))?",
                "BIOMETRIC",
                0.88,
            ),
            _labelled("photo", r"photo(?:graph)?\s*(?:id|file)?|image\s*(?:id|file)", "PHOTO", 0.8),
            _labelled(
                "other",
                r"case|ID|identifier|ref|reference|specimen|accession|acc|requisition|req|order|badge|"
                r"employee|study|job|document|doc|report|confirmation|tracking|passport|control|"
                r"transaction|ticket|sample|subject|participant|enrollment|CPI|Ctrl|batch|index\s+no|"
                r"(?:gate|door|access|lockbox|key|keypad|entry|activation|verification|enrollment)\s+code|"
                # a chain's branch: "H-E-B Pharmacy #412", "CVS store # 2291"
                r"(?:pharmacy|store)(?=\s*#)|"
                # a court's file: "Cause No. 2024-DCR-03318-B", "docket 1715CR001382"
                r"cause(?=\s*(?:no|#))|docket|indictment",
                "OTHER_ID",
                0.78,
            ),
        ],
    )


# ---------------------------------------------------------------- check-digit identifiers and unlabelled ids


def _dea_ok(m: re.Match[str]) -> bool:
    return dea_valid(m.group())


def _npi_ok(m: re.Match[str]) -> bool:
    return npi_valid(m.group())


def _vin_ok(m: re.Match[str]) -> bool:
    return vin_valid(m.group())


def checksum_id_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "checksum_id",
        [
            Pattern(
                "dea",
                re.compile(r"(?<![\w-])[A-Za-z][A-Za-z9]\d{7}(?![\w-])"),
                "LICENSE",
                0.8,
                validate=_dea_ok,
                context=("dea", "prescriber", "registration"),
                boost=0.15,
            ),
            # One ten-digit number in ten passes Luhn by chance: an NPI needs its label to pass the threshold.
            Pattern(
                "npi",
                re.compile(r"(?<![\w-])[12]\d{9}(?![\w-])"),
                "LICENSE",
                0.45,
                validate=_npi_ok,
                context=("npi", "provider id", "national provider"),
                boost=0.5,
            ),
            # A Medicare Beneficiary Identifier: letters and digits at fixed places, never S, L, O, I, B or Z,
            # often printed in groups of 4-3-4 ("1EG4-TE5-MK73").
            Pattern(
                "mbi",
                re.compile(
                    r"(?<![\w-])[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?"
                    r"[AC-HJKMNP-RT-Y]{2}\d{2}(?![\w-])"
                ),
                "ACCOUNT",
                0.75,
                context=("medicare", "mbi", "beneficiary"),
                boost=0.15,
            ),
            Pattern(
                "vin",
                re.compile(r"(?<![\w-])[A-HJ-NPR-Z0-9]{17}(?![\w-])", _I),
                "VEHICLE",
                0.88,
                validate=_vin_ok,
                context=("vin", "vehicle", "car", "truck"),
                boost=0.1,
            ),
        ],
    )


def _not_date_like(m: re.Match[str]) -> bool:
    s = m.group()
    return not re.fullmatch(r"\d{1,4}-\d{1,2}-\d{1,4}", s)


def photo_file_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "photo_file",
        [
            Pattern(
                "image_file",
                re.compile(r"(?<![\w.-])[\w-]+\.(?:jpe?g|png|gif|tiff?|bmp|heic|dcm|webp)(?![\w])", _I),
                "PHOTO",
                0.8,
                context=("photo", "image", "picture", "face"),
                boost=0.15,
            ),
        ],
    )


def unlabelled_id_recognizer() -> PatternRecognizer:
    """Numbers shaped like ids with no label: long digit runs and letter+digit codes.

    Kept just over the default threshold; units and lab names veto the clinical ones later.
    """
    return PatternRecognizer(
        "unlabelled_id",
        [
            Pattern("long_number", re.compile(r"(?<![\w.,/:-])\d{7,}(?![\w,/]|\.\d)"), "OTHER_ID", 0.6),
            Pattern("hash_number", re.compile(r"(?<![\w&])#\s?(?P<v>\d{4,})(?![\w/])"), "OTHER_ID", 0.65, group="v"),
            Pattern("code", re.compile(r"(?<![\w-])[A-Z]{1,4}-?\d{5,}[A-Z]?(?![\w-])"), "OTHER_ID", 0.6),
            # A transcription job: dictator's initials and number / job number ("RK412/70913").
            Pattern("dictation_job", re.compile(r"(?<![\w/])[A-Z]{2,3}\d{2,4}/\d{4,6}(?![\w/])"), "OTHER_ID", 0.7),
            Pattern(
                "dashed_code",
                re.compile(r"(?<![\w/.-])[A-Z0-9]{2,}(?:-[A-Z0-9]{2,}){2,4}(?![\w/-])"),
                "OTHER_ID",
                0.55,
                validate=lambda m: sum(c.isdigit() for c in m.group()) >= 6 and _not_date_like(m),
            ),
        ],
    )
