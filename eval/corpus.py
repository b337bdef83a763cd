"""Labelled documents for evaluation: our own corpus (inline markup) and the i2b2 notes philter-ucsf ships.

Our files mark PHI inline as {{TYPE:text}}; offsets are computed here, never counted by hand.
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
HELPER_CORPUS_DIR = Path(__file__).resolve().parent / "corpus_helpers"
_MARK = re.compile(r"\{\{([A-Z_]+):(.*?)\}\}", re.S)


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    entity_type: str


@dataclass
class Document:
    name: str
    text: str
    gold: list[Gold]
    skipped: dict[str, int] = field(default_factory=dict)  # gold tags left out of scoring, by source tag


def parse_markup(name: str, marked: str) -> Document:
    out, gold, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        plain = marked[pos : m.start()]
        out.append(plain)
        length += len(plain)
        value = m.group(2)
        gold.append(Gold(length, length + len(value), m.group(1)))
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(marked[pos:])
    return Document(name, "".join(out), gold)


def load_own_corpus(directory: Path = CORPUS_DIR) -> list[Document]:
    return [parse_markup(p.stem, p.read_text("utf-8")) for p in sorted(directory.glob("*.txt"))]


# i2b2 2014 tag -> our type. STATE and COUNTRY are not below-state geography and PROFESSION is not a
# Safe Harbor identifier, so they are not scored; i2b2 marks every age, HIPAA only those over 89.
I2B2_TYPES = {
    "PATIENT": "NAME",
    "DOCTOR": "PROVIDER",
    "USERNAME": "PROVIDER",
    "HOSPITAL": "ORGANIZATION",
    "ORGANIZATION": "ORGANIZATION",
    "DATE": "DATE",
    "AGE": "AGE",
    "PHONE": "PHONE",
    "FAX": "FAX",
    "EMAIL": "EMAIL",
    "URL": "URL",
    "IPADDR": "IP",
    "MEDICALRECORD": "MRN",
    "IDNUM": "OTHER_ID",
    "HEALTHPLAN": "ACCOUNT",
    "ACCOUNT": "ACCOUNT",
    "BIOID": "BIOMETRIC",
    "DEVICE": "DEVICE",
    "LICENSE": "LICENSE",
    "VEHICLE": "VEHICLE",
    "STREET": "LOCATION",
    "CITY": "LOCATION",
    "ZIP": "LOCATION",
    "LOCATION-OTHER": "LOCATION",
    "SSN": "SSN",
}


def i2b2_dir() -> Path | None:
    spec = importlib.util.find_spec("philter_ucsf")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "i2b2_xml"
    return path if path.is_dir() else None


def load_i2b2() -> list[Document]:
    directory = i2b2_dir()
    if directory is None:
        return []
    docs = []
    for path in sorted(directory.glob("*.xml")):
        root = ET.parse(path).getroot()
        text = root.find("TEXT").text or ""
        gold, skipped = [], {}
        for tag in root.find("TAGS"):
            kind = tag.get("TYPE", "")
            start, end = int(tag.get("start")), int(tag.get("end"))
            ours = I2B2_TYPES.get(kind)
            if ours == "AGE" and not (text[start:end].strip().isdigit() and int(text[start:end]) >= 90):
                ours = None
            if ours is None:
                skipped[kind] = skipped.get(kind, 0) + 1
                continue
            gold.append(Gold(start, end, ours))
        docs.append(Document(path.stem, text, gold, skipped))
    return docs
