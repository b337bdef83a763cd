"""Write the engine's dictionary, data/english_words.txt, and the names that are also words, data/name_words.txt
(`make english-words`, in the training venv).

Source: Webster's Second International word list (web2) as packaged by `english-words` 2.0.2 (MIT). Only the
entries the dictionary writes in lower case go in (its proper nouns are capitalised), minus every given name and
surname Faker knows in the locales the engine reads names in and the 1990 US census given names and 20,000 most
frequent surnames (`names` 0.3.0, MIT), so that "tearful" or "kindergarten" is a word and "thuy", "brody" or "walt"
is not. The veto uses it to drop a lower-case word the model alone took for a person in a note
that is otherwise capitalised.

The second list holds what the first leaves out: the dictionary's lower-case words that are also a given name or
a surname ("brown", "bell", "hope", "smith"). Propagation finds a detected surname again where it is written in
lower case ("okafor paged") only when it is in neither list, so "Dr. Brown ... brown sputum" stays as written.

The third, data/everyday_name_words.txt, holds the words of the second that clinical prose uses as everyday words:
written in lower case in the middle of a sentence at least 15 times, and at least ten times as often as
capitalised there ("good", "wall", "colon", "field", "short"; not "center" or "port", which name places as often),
counted over the training split of MTSamples (the notes `eval/carriers.py` does not hold out). In a note written
in capitals nothing else tells such a word from a name, so the rules read it as a plain word there.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import names
from english_words import get_english_words_set
from faker import Faker

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "services/common"), str(ROOT / "services/inference")]
from phiguard.inference.engine.vocab import NAME_LOCALES  # noqa: E402

OUT = ROOT / "services/inference/phiguard/inference/engine/data/english_words.txt"
HEADER = (
    "# Lower-case English words for the veto, written by tools/build_english_words.py from Webster's Second\n"
    "# International (web2) as packaged by english-words 2.0.2 (MIT), minus given names and surnames known to Faker\n"
    "# 40.54.0 and to the 1990 US census (names 0.3.0: all given names, the 20,000 most frequent surnames).\n"
)
NAME_WORDS_OUT = OUT.with_name("name_words.txt")
NAME_WORDS_HEADER = (
    "# Lower-case English words that are also a given name or surname (brown, bell, hope), written by\n"
    "# tools/build_english_words.py from the same sources as english_words.txt: web2 (english-words 2.0.2, MIT)\n"
    "# words known to Faker 40.54.0 or to the 1990 US census (names 0.3.0) as a person's name.\n"
)
CENSUS_SURNAMES = 20_000
EVERYDAY_OUT = OUT.with_name("everyday_name_words.txt")
EVERYDAY_HEADER = (
    "# Words that are also a given name or surname (name_words.txt) but that clinical prose writes as everyday\n"
    "# words: in lower case mid-sentence >= 15 times and >= 10 times as often as capitalised there, over the\n"
    "# training split of MTSamples. Written by tools/build_english_words.py; only the words are shipped.\n"
)
EVERYDAY_MIN_LOWER = 15
EVERYDAY_RATIO = 10
# A word right after a lower-case word or a comma stands mid-sentence, where case is the writer's choice.
_MID_SENTENCE_WORD = re.compile(r"(?<=[a-z,;] )[A-Za-z]+")


def person_names() -> set[str]:
    out: set[str] = set()
    for loc in NAME_LOCALES:
        provider = Faker(loc).provider("faker.providers.person")
        for attr in ("first_names", "first_names_male", "first_names_female", "last_names"):
            out.update(n.lower() for n in getattr(provider, attr, ()) or ())
    census = Path(names.__file__).parent
    for fname, limit in (("dist.male.first", None), ("dist.female.first", None), ("dist.all.last", CENSUS_SURNAMES)):
        lines = (census / fname).read_text().splitlines()[:limit]
        out.update(line.split()[0].lower() for line in lines if line.strip())
    return out


def words() -> tuple[list[str], list[str]]:
    """(dictionary words that are no one's name, dictionary words that are also a name)."""
    people = person_names()
    lower = [w for w in get_english_words_set(["web2"]) if re.fullmatch(r"[a-z]{3,15}", w)]
    return sorted(w for w in lower if w not in people), sorted(w for w in lower if w in people)


def everyday_name_words(name_words: list[str]) -> list[str]:
    """The name words that the training notes write in lower case mid-sentence, far more often than capitalised."""
    sys.path.insert(0, str(ROOT / "eval"))
    from carriers import training_mtsamples

    wanted = set(name_words)
    lower: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for _, text in training_mtsamples():
        for m in _MID_SENTENCE_WORD.finditer(text):
            word = m.group()
            if word.lower() not in wanted:
                continue
            if word.islower():
                lower[word] += 1
            elif word[1:].islower():
                capitalised[word.lower()] += 1
    return sorted(
        w for w, n in lower.items() if n >= EVERYDAY_MIN_LOWER and n >= EVERYDAY_RATIO * (capitalised[w] + 1)
    )


def main() -> None:
    found, name_words = words()
    OUT.write_text(HEADER + "\n".join(found) + "\n", encoding="utf-8")
    print(f"{len(found)} words -> {OUT}")
    NAME_WORDS_OUT.write_text(NAME_WORDS_HEADER + "\n".join(name_words) + "\n", encoding="utf-8")
    print(f"{len(name_words)} words -> {NAME_WORDS_OUT}")
    everyday = everyday_name_words(name_words)
    EVERYDAY_OUT.write_text(EVERYDAY_HEADER + "\n".join(everyday) + "\n", encoding="utf-8")
    print(f"{len(everyday)} words -> {EVERYDAY_OUT}")


if __name__ == "__main__":
    main()
