"""Write the engine's drug names, data/drug_names.txt (`make drug-names`, in the training venv).

Source: the drug-name dictionary of `drug-named-entity-recognition` 2.0.9 (MIT): generic and brand names and their
spelling variants. Only single words of letters (and hyphens) of four letters or more go in, minus every given
name and surname `tools/build_english_words.py` knows and every place the gazetteer holds, so a drug name that is
also a person's or a town's ("Ella") never vetoes one. The model filter uses it: a span the model alone gave,
made of drug names and clinical words ("DOBUTAMINE", "CEPHALEXIN"), is a medication in capitals, not a person or a
place.
"""

from __future__ import annotations

import bz2
import pickle
import re
from pathlib import Path

import drug_named_entity_recognition
from build_english_words import ROOT, person_names  # also puts the services on sys.path
from phiguard.inference.engine.recognizers.locations import place_names  # noqa: E402

OUT = ROOT / "services/inference/phiguard/inference/engine/data/drug_names.txt"
HEADER = (
    "# Drug names (generic, brand and their variants) for the model filter, written by tools/build_drug_names.py\n"
    "# from drug-named-entity-recognition 2.0.9 (MIT), minus given names and surnames (Faker 40.54.0, names 0.3.0)\n"
    "# and the gazetteer's places (data/place_names.txt).\n"
)


def drug_names() -> list[str]:
    source = Path(drug_named_entity_recognition.__file__).parent / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(source) as f:
        variants = pickle.load(f)["drug_variant_to_canonical"]
    people, places = person_names(), place_names()
    return sorted(
        w for w in variants if re.fullmatch(r"[a-z][a-z-]{3,24}", w) and w not in people and w not in places
    )


def main() -> None:
    found = drug_names()
    OUT.write_text(HEADER + "\n".join(found) + "\n", encoding="utf-8")
    print(f"{len(found)} drug names -> {OUT}")


if __name__ == "__main__":
    main()
