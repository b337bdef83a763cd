"""The 21 HIPAA Safe Harbor entity types PHIGuard emits, with what /entities shows for each.

The types form a small hierarchy: a subtype names a narrower kind of its parent (a PROVIDER is a
person, so a NAME). Asking for a type includes its subtypes; reported spans keep the specific type.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class EntityTypeInfo:
    name: str
    description: str
    examples: tuple[str, ...]
    parent: str | None = None

    @property
    def replacement(self) -> str:
        return f"[{self.name}]"


ENTITY_TYPES: tuple[EntityTypeInfo, ...] = (
    EntityTypeInfo("NAME", "Names of patients, doctors, relatives and other individuals; includes its subtype "
                   "PROVIDER", ("John Smith", "Mrs. O'Brien")),
    EntityTypeInfo("DATE", "Dates (birth, admission, discharge, procedure), date-times, partial dates and years "
                   "in date context; weekdays and times alone are not PHI", ("03/14/2021", "Jan 3rd", "7/22")),
    EntityTypeInfo("PHONE", "Telephone numbers", ("(555) 123-4567", "+44 20 7946 0958")),
    EntityTypeInfo("FAX", "Fax numbers", ("Fax: 555-123-9876",)),
    EntityTypeInfo("EMAIL", "Email addresses", ("jane.doe@example.org",)),
    EntityTypeInfo("SSN", "Social Security numbers", ("123-45-6789",)),
    EntityTypeInfo("MRN", "Medical record numbers", ("MRN: 00123456",)),
    EntityTypeInfo("ACCOUNT", "Account, billing and health-plan beneficiary numbers", ("Acct# 4455667788",)),
    EntityTypeInfo("LICENSE", "Licence and certificate numbers (DEA, NPI, driver's licence)", ("DEA AB1234563",)),
    EntityTypeInfo("VEHICLE", "Vehicle identifiers and licence plates", ("1HGCM82633A004352",)),
    EntityTypeInfo("DEVICE", "Device identifiers and serial numbers", ("pacemaker SN 4471-XK-22",)),
    EntityTypeInfo("URL", "Web addresses", ("https://portal.example-health.org/p/123",)),
    EntityTypeInfo("IP", "IP addresses (IPv4 and IPv6)", ("192.168.10.24",)),
    EntityTypeInfo("BIOMETRIC", "Biometric identifiers (fingerprints, voice prints)", ("fingerprint template ID FP-99812",)),
    EntityTypeInfo("PHOTO", "Full-face photographs and comparable images", ("photo ID IMG_20210314_0042.jpg",)),
    EntityTypeInfo("AGE", "Ages over 89 (only the number is replaced: '93-year-old' -> '[AGE]-year-old')",
                   ("93-year-old", "age 101")),
    EntityTypeInfo("LOCATION", "Geographic data smaller than a state: street, city, ZIP code, P.O. box",
                   ("42 Elm Street", "02114", "Springfield")),
    EntityTypeInfo("OTHER_ID", "Other unique identifying numbers or codes", ("Case #A-22817",)),
    EntityTypeInfo("PROVIDER", "Names of clinicians and other healthcare staff (a kind of NAME)",
                   ("Dr. Sarah Johnson",), parent="NAME"),
    EntityTypeInfo("ORGANIZATION", "Hospitals, clinics and other organizations", ("Massachusetts General Hospital",)),
    EntityTypeInfo("PATIENT_ID", "Patient identifiers other than the MRN", ("Patient ID: P-0048213",)),
)

ENTITY_TYPE_NAMES: frozenset[str] = frozenset(e.name for e in ENTITY_TYPES)


_PARENT: dict[str, str | None] = {e.name: e.parent for e in ENTITY_TYPES}


def _ancestors(name: str) -> Iterator[str]:
    while (name := _PARENT[name]) is not None:
        yield name


# Each type with itself and every type below it (NAME: NAME and PROVIDER).
_COVERS: dict[str, frozenset[str]] = {
    t: frozenset(s for s in ENTITY_TYPE_NAMES if s == t or t in _ancestors(s)) for t in ENTITY_TYPE_NAMES
}


def with_subtypes(names: Iterable[str]) -> frozenset[str]:
    """The types a request for `names` covers: each named type and its subtypes. Names must be known."""
    return frozenset().union(*(_COVERS[n] for n in names))
