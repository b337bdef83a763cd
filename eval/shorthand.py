"""Real prose rewritten the way nurses chart: phrases shortened to their shorthand ("with" -> "w/", "status post"
-> "s/p", "and" -> "&", "treatment" -> "tx"), articles and copulas dropped. The held-out notes are read this way
(then in capitals) by `real_prose.py`: the slashes, ampersands and two-letter abbreviations of nursing notes next
to real clinical vocabulary, which notes written to order do not give.

The rewrite is deterministic, touches no digit, and leaves any PHI a note carries as it was, so whatever is
flagged in the rewritten notes and not in the originals was read into the shorthand. Training charts a share of its
own carriers the same way (`training/build_model.py --shorthand-share`), as it writes some notes in capitals.
"""

from __future__ import annotations

import re

# Phrase -> shorthand, each as charting writes it (and as the abbreviation lists of nursing notes give it).
SHORTHAND = (
    ("status post", "s/p"),
    ("secondary to", "2/2"),
    ("complains of", "c/o"),
    ("complained of", "c/o"),
    ("history of", "h/o"),
    ("rule out", "r/o"),
    ("without", "w/o"),
    ("with", "w/"),
    ("patient's", "pt's"),
    ("patients", "pts"),
    ("patient", "pt"),
    ("history", "hx"),
    ("blood pressure", "BP"),
    ("heart rate", "HR"),
    ("respiratory rate", "RR"),
    ("temperature", "temp"),
    ("bilateral", "b/l"),
    ("bilaterally", "b/l"),
    ("left", "L"),
    ("right", "R"),
    ("times", "x"),
    ("and", "&"),
    ("positive", "+"),
    ("negative", "neg"),
    ("normal", "nl"),
    ("diagnosis", "dx"),
    ("treatment", "tx"),
    ("fracture", "fx"),
    ("medications", "meds"),
    ("medication", "med"),
    ("hours", "hrs"),
    ("hour", "hr"),
    ("minutes", "min"),
    ("every", "q"),
    ("emergency department", "ED"),
    ("emergency room", "ER"),
    ("intensive care unit", "ICU"),
    ("physical therapy", "PT"),
    ("occupational therapy", "OT"),
    ("follow up", "f/u"),
    ("follow-up", "f/u"),
    ("shortness of breath", "SOB"),
    ("chest pain", "CP"),
    ("nausea and vomiting", "N/V"),
    ("out of bed", "OOB"),
    ("as needed", "prn"),
    ("by mouth", "po"),
    ("intravenous", "IV"),
    ("intravenously", "IV"),
    ("twice a day", "bid"),
    ("three times a day", "tid"),
    ("daily", "qd"),
    ("within normal limits", "WNL"),
    ("no acute distress", "NAD"),
    ("coronary artery disease", "CAD"),
    ("hypertension", "HTN"),
    ("diabetes mellitus", "DM"),
    ("congestive heart failure", "CHF"),
    ("approximately", "approx"),
    ("significant", "sig"),
    ("increased", "incr"),
    ("decreased", "decr"),
    ("continue", "cont"),
    ("continued", "cont"),
    ("evaluation", "eval"),
    ("examination", "exam"),
    ("laboratory", "lab"),
    ("family", "fam"),
    ("regarding", "re:"),
)
_SHORT = {phrase: short for phrase, short in SHORTHAND}
# Longest phrase first, so "nausea and vomiting" is taken before "and".
_PHRASE = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(_SHORT, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
# Words charting leaves out.
_DROPPED = re.compile(r"\b(?:the|a|an|is|was|are|were|has been|had been|which|that)[ \t]+", re.IGNORECASE)


def to_shorthand(text: str) -> str:
    """`text` as a nurse would chart it: the words of `_DROPPED` left out, the phrases of SHORTHAND shortened."""
    return _PHRASE.sub(lambda m: _SHORT[m.group(1).lower()], _DROPPED.sub("", text))


def to_shorthand_in_capitals(text: str) -> str:
    return to_shorthand(text).upper()
