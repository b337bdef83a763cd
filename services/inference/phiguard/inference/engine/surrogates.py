"""Realistic fake values for the `surrogate` strategy, derived (never stored) from a keyed seed.

Every value comes from HMAC(secret, job seed, type, normalized original), so the same original gets
the same surrogate across the chunks of a job without the state ever holding the original. Formats
are kept: a phone keeps its digit layout, an id its letter/digit pattern, a date its written form.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

from faker import Faker
from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.date_shift import DateShifter
from phiguard.inference.engine.recognizers.checksums import (
    dea_check_digit,
    dea_valid,
    luhn_check_digit,
    npi_valid,
    vin_check_digit,
    vin_valid,
)
from phiguard.inference.engine.recognizers.locations import STATE_CODES, is_state_name
from phiguard.inference.engine.state import keyed_digest
from phiguard.inference.engine.vocab import is_country, is_first_name, known_cities

_local = threading.local()


def _faker(seed: int) -> Faker:
    # Faker instances are costly to build and not safe to reseed across threads: one per thread.
    fk = getattr(_local, "faker", None)
    if fk is None:
        fk = _local.faker = Faker("en_US")
    fk.seed_instance(seed)
    return fk


def normalize(entity_type: str, value: str) -> str:
    """What makes two spellings the same identifier: case and spacing never matter, and for
    number-like types only the letters and digits do ("(555) 123-4567" == "555.123.4567")."""
    if entity_type in ("NAME", "PROVIDER", "ORGANIZATION", "LOCATION", "DATE", "EMAIL", "URL"):
        return " ".join(re.sub(r"[^\w@.:/'-]+", " ", value.casefold()).split())
    return re.sub(r"[^0-9a-z]", "", value.casefold()) or value.casefold()


def _other(original: str, make: Callable[[], str]) -> str:
    """A value from `make` that is not `original` (a state or country drawn from a short list can repeat)."""
    value = make()
    while value.casefold() == original.casefold():
        value = make()
    return value


def _match_case(template: str, value: str) -> str:
    if template.isupper() and any(c.isalpha() for c in template):
        return value.upper()
    if template.islower():
        return value.lower()
    return value


_FACILITY_SUFFIX = re.compile(
    r"(?i)(Hospital|Hosp|Medical\s+Cent(?:er|re)|Health\s+Cent(?:er|re)|Health\s+System|Healthcare|Clinic|Infirmary|"
    r"Nursing\s+Home|Rehabilitation\s+Center|Hospice|Cancer\s+Center|Urgent\s+Care|Medical\s+Group|Pharmacy|"
    r"Institute|University|Memorial\s+Hospital)(?:[^\w\n].*)?$"  # the word ends the line, or a non-word follows
)


class SurrogateGenerator:
    def __init__(self, secret: bytes, seed: bytes, avoid: frozenset[str] | set[str] = frozenset()) -> None:
        self._avoid = avoid
        self._secret = secret
        self._seed = seed
        h = int.from_bytes(keyed_digest(secret, seed, b"date-offset")[:8], "big")
        # 30..350 days either way: every full or partial date moves, and none wraps back a whole year.
        magnitude = 30 + h % 321
        self.date_offset_days = magnitude if (h >> 40) & 1 else -magnitude
        self._dates = DateShifter(self.date_offset_days)

    def _rng(self, *parts: str) -> random.Random:
        return random.Random(int.from_bytes(keyed_digest(self._secret, self._seed, *parts)[:16], "big"))

    def _seed_int(self, *parts: str) -> int:
        return int.from_bytes(keyed_digest(self._secret, self._seed, *parts)[:8], "big")

    def generate(self, entity_type: str, original: str) -> str:
        norm = normalize(entity_type, original)
        if entity_type == "DATE":
            shifted = self._dates.shift(original)
            if shifted != original:
                # Every date moves by the document's one offset, even onto another date the note holds: that tells a
                # reader nothing the shift does not, while a made-up date there would break the intervals it keeps.
                return shifted
        for attempt in range(12):
            candidate = self._generate(entity_type, original, norm, attempt)
            if candidate and candidate.casefold() != original.casefold() and candidate.casefold() not in self._avoid:
                return candidate
        return f"[{entity_type}]"  # never echo the original, even when no fake differs

    # ------------------------------------------------------------------ per kind
    def _generate(self, et: str, original: str, norm: str, attempt: int) -> str:
        salt = str(attempt)
        if et == "DATE":  # no date the shifter can read
            return _faker(self._seed_int("date", norm, salt)).date("%m/%d/%Y")
        if et in ("NAME", "PROVIDER"):
            return self._name(original, salt)
        if et in ("PHONE", "FAX"):
            return self._phone(original, norm, salt)
        if et == "SSN":
            return self._ssn(original, norm, salt)
        if et == "EMAIL":
            fk = _faker(self._seed_int("email", norm, salt))
            return _match_case(
                original, f"{fk.user_name()}@{fk.random_element(('example.com', 'example.org', 'example.net'))}"
            )
        if et == "URL":
            fk = _faker(self._seed_int("url", norm, salt))
            host = f"www.{fk.domain_word()}.example.org"
            scheme = re.match(r"(?i)[a-z]+://", original)
            path = "/" + fk.uri_path() if re.search(r"\w/\S", original) else ""
            return (scheme.group() if scheme else ("" if not original.lower().startswith("www") else "")) + host + path
        if et == "IP":
            fk = _faker(self._seed_int("ip", norm, salt))
            return fk.ipv6() if ":" in original else fk.ipv4_private()
        if et == "AGE":
            rng = self._rng("age", norm, salt)
            digits = re.sub(r"\D", "", original)
            new = str(90 + rng.randrange(16))
            return original.replace(digits, new, 1) if digits else new
        if et == "LOCATION":
            return self._location(original, norm, salt)
        if et == "ORGANIZATION":
            fk = _faker(self._seed_int("org", norm, salt))
            m = _FACILITY_SUFFIX.search(original)
            name = (
                f"{fk.last_name()} {m.group(1)}"
                if m
                else f"{self._city(norm, salt)} {fk.random_element(('Medical Center', 'Hospital', 'Clinic', 'Health'))}"
            )
            return _match_case(original, name)
        if et == "PHOTO":
            m = re.search(r"\.[A-Za-z0-9]{2,5}$", original)
            stem = original[: m.start()] if m else original
            return self._pattern(stem, norm, salt) + (m.group() if m else "")
        return self._identifier(original, norm, salt)

    def _name(self, original: str, salt: str) -> str:
        parts = re.split(r"(\s+|,\s*)", original)
        words = [i for i, p in enumerate(parts) if p and not re.fullmatch(r"\s+|,\s*", p)]
        last_first = bool(re.search(r"^\s*[^,\s]+,", original))
        out = list(parts)
        for pos, i in enumerate(words):
            tok = parts[i]
            if re.fullmatch(r"[A-Za-z]\.?", tok) or (
                len(words) == 1 and re.fullmatch(r"[A-Z]{2,3}|[a-z]{2,3}", tok) and not is_first_name(tok)
            ):
                # An initial stays an initial; "AM/kt" dictation initials stay initials.
                rng = self._rng("initial", tok.casefold(), salt)
                letters = "".join(rng.choice("ABCDEFGHJKLMNOPRSTW") for c in tok if c.isalpha())
                new_tok = letters if tok[0].isupper() else letters.lower()
                out[i] = new_tok + tok[len(letters) :]
                continue
            if len(words) == 1:
                # "his wife Evelyn": a lone given name gets a given name, a lone surname a surname.
                surname = not is_first_name(tok)
            else:
                surname = (pos == 0) if last_first else (pos == len(words) - 1)
            fk = _faker(self._seed_int("name-token", tok.casefold().strip(".'"), salt))
            new = fk.last_name() if surname else fk.first_name()
            while new.casefold() == tok.casefold() or new.casefold() in self._avoid:
                new = fk.last_name() if surname else fk.first_name()
            out[i] = _match_case(tok, new)
        return "".join(out)

    def _digits(self, original: str, norm: str, salt: str, kind: str) -> list[str]:
        rng = self._rng(kind, norm, salt)
        return [str(rng.randrange(10)) for c in original if c.isdigit()]

    def _phone(self, original: str, norm: str, salt: str) -> str:
        new = self._digits(original, norm, salt, "phone")
        keep = 0
        cc = re.match(r"\s*(?:\+|00)(\d{1,3})[\s.-]", original)
        if cc:  # the country code is not identifying and keeps the number plausible
            keep = len(cc.group(1))
            new[:keep] = list(cc.group(1))
        elif original.lstrip().startswith(("+1", "1 ", "1-", "1.")):
            keep = 1
            new[0] = "1"
        body = new[keep:]
        if not cc and len(body) >= 7:
            # NANP: area code and exchange never start with 0 or 1.
            if len(body) >= 10:
                body[0] = str(2 + int(body[0]) % 8)
                body[3] = str(2 + int(body[3]) % 8)
            else:
                body[0] = str(2 + int(body[0]) % 8)
        new[keep:] = body
        it = iter(new)
        return "".join(next(it) if c.isdigit() else c for c in original)

    def _ssn(self, original: str, norm: str, salt: str) -> str:
        rng = self._rng("ssn", norm, salt)
        area = rng.choice([a for a in range(1, 900) if a != 666])
        digits = f"{area:03d}{rng.randrange(1, 100):02d}{rng.randrange(1, 10000):04d}"
        it = iter(digits)
        return "".join(next(it, "0") if c.isdigit() else c for c in original)

    def _location(self, original: str, norm: str, salt: str) -> str:
        if "," in original:  # "42 Elm Street, Boston": each part keeps its kind
            return ", ".join(self._location(p.strip(), normalize("LOCATION", p), salt) for p in original.split(","))
        fk = _faker(self._seed_int("location", norm, salt))
        s = original.strip()
        if re.fullmatch(r"\d{5}", s):
            return fk.zipcode()
        if re.fullmatch(r"\d{5}-\d{4}", s):
            return fk.zipcode_plus4()
        m = re.fullmatch(r"(\D+?)(\.?,?\s+)(\d{5}(?:-\d{4})?)", s)
        if m and (m.group(1) in STATE_CODES or is_state_name(m.group(1))):
            # "MA 02114", "MAINE 04101": a state and a ZIP, each of its own kind
            state, zip_code = m.group(1), m.group(3)
            return self._location(state, normalize("LOCATION", state), salt) + m.group(2) + self._location(
                zip_code, zip_code, salt
            )
        if s in STATE_CODES:
            return _other(s, lambda: fk.state_abbr(include_territories=False, include_freely_associated_states=False))
        if is_state_name(s):
            return _match_case(original, _other(s, fk.state))
        if is_country(s):
            return _match_case(original, _other(s, fk.country))
        if re.match(r"(?i)p\.?\s?o\.?\s*box", s):
            return re.sub(r"\d+", lambda m: str(fk.random_int(10, 9999)), s)
        if re.match(r"\d", s):
            return _match_case(original, fk.street_address())
        return _match_case(original, self._city(norm, salt))

    def _city(self, norm: str, salt: str) -> str:
        # Real city names read as real places; Faker's invented ones ("Port Adrianaborough") do not.
        # Never the town it replaces, even as one part of an address whose other parts changed.
        cities = sorted(known_cities() - {norm.casefold()})
        return cities[self._rng("city", norm, salt).randrange(len(cities))].title()

    def _pattern(self, original: str, norm: str, salt: str) -> str:
        rng = self._rng("pattern", norm, salt)
        out = []
        for c in original:
            if c.isdigit():
                out.append(str(rng.randrange(10)))
            elif c.isalpha() and c.isascii():
                letter = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
                out.append(letter if c.isupper() else letter.lower())
            else:
                out.append(c)
        return "".join(out)

    def _identifier(self, original: str, norm: str, salt: str) -> str:
        new = self._pattern(original, norm, salt)
        # Check-digit ids stay valid, so downstream validators accept the fake.
        if vin_valid(original):
            new = new[:8] + vin_check_digit(new) + new[9:]
        elif dea_valid(original):
            new = new[:8] + dea_check_digit(new[2:8])
        elif npi_valid(original):
            new = new[:9] + luhn_check_digit("80840" + new[:9])
            if new[0] not in "12":
                new = "1" + new[1:9]
                new = new + luhn_check_digit("80840" + new)
        return new
