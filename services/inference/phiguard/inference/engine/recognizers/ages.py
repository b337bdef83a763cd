"""Ages over 89: HIPAA aggregates them as 90+, so each is PHI however it is written."""

from __future__ import annotations

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.recognizers.base import Rule, RuleRecognizer

_I = re.IGNORECASE

_AGE = re.compile(
    r"(?<![\w.])(?P<n>\d{2,3})(?:\s*|-)(?:\+\s*)?(?:years?|yrs?|y\.?\s?o\.?|y/o|yo|yr|y)(?:[\s-]*old)?(?![\w])", _I
)
_AGE_LABEL = re.compile(r"(?<![\w])(?:age|aged|age:|ages)\s*:?\s*(?P<n>\d{2,3})(?![\w]|\.\d)", _I)
_AGE_SEX = re.compile(r"(?<![\w.])(?P<n>\d{2,3})\s?(?:M|F|yo[MF]|y/o[MF])(?![\w])")
# "father alive at 93", "died at 95", "passed away at age 101"
_AGE_AT = re.compile(
    r"(?<![\w])(?i:(?:alive|died|dead|passed(?:\s+away)?|deceased|living|still\s+working|retired)(?:\s+at|,)|"
    r"lived\s+(?:to|until))\s+(?:age\s+)?"
    r"(?P<n>\d{2,3})(?![\w]|\.\d)"
)
# "Mother Pilar Quispe, now 93, has Parkinson", "his mother is 93 and lives alone": a person's age without "years"
# RE2 reads `\b` and lookaheads only where a pattern ends: after the person, a blank or comma, or a sentence's
# characters that start with no word character (the word ends there); after the age, one lookahead whose
# alternatives each take their blanks, and a word's end or a non-digit taken as a character.
_AGE_NOW = re.compile(
    r"(?<![\w])(?i:mother|father|mom|dad|grandmother|grandfather|grandma|grandpa|wife|husband|aunt|uncle|sister|"
    r"brother|she|he|patient|pt|who)(?:[ \t,]|[^\w.\n][^.\n]{0,39}?[ \t,])"
    r"(?i:is|now|turned|turns|turning)[ \t]+(?:age[ \t]+)?(?P<n>\d{2,3})"
    r"(?=[ \t]*[,;)]|[ \t]*\.(?:\D|\Z)|[ \t]*$|[ \t]*\n|[ \t]*(?i:and|years?|yrs?|yo|y/o)(?:\W|\Z)|[ \t]*-year)",
    re.M,
)
_AGE_DECADE = re.compile(
    r"(?<![\w])(?:in\s+(?:his|her|their)\s+(?:early\s+|late\s+|mid-?\s*)?)(?P<n>\d{2,3})'?s(?![\w])", _I
)


_UNITS_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_AGE_WORDS = re.compile(
    r"(?<![\w-])(?P<n>(?i:ninety(?:[- ]"
    + _UNITS_WORDS
    + r")?|one[- ]hundred(?:[- ](?:and[- ])?(?:"
    + _UNITS_WORDS
    + r"|ten|eleven|twelve))?))(?=[- ](?i:years?|yrs?)[- ](?i:old|of\s+age))"
)


def _over_89(text: str, m: re.Match[str]) -> bool:
    """An age HIPAA counts: 90 or more, up to 125 (past which the number is no one's age)."""
    return 90 <= int(m.group("n")) <= 125


# "TECHNETIUM 99M MDP", "TC-99M MYOVIEW": the tracer's mass number and its metastable state, not an age and a sex
_TRACER_BEFORE = re.compile(r"(?i)(?<![\w])(?:technetium|tc)[ \t-]*$")


def _over_89_and_no_tracer(text: str, m: re.Match[str]) -> bool:
    return _over_89(text, m) and _TRACER_BEFORE.search(text, max(0, m.start() - 14), m.start()) is None


_AGE_RULES = (
    Rule(
        name="words",
        entity_type="AGE",
        patterns=(_AGE_WORDS,),
        score=0.9,
        group="n",
        description="an age of ninety or more in words, before years old or of age",
        examples=("a «ninety-two» year old man", "«one hundred and one» years of age"),
        counterexamples=("ninety years ago", "eighty-nine years old"),
    ),
    Rule(
        name="years_old",
        entity_type="AGE",
        patterns=(_AGE,),
        score=0.9,
        group="n",
        accept=_over_89,
        description="an age of 90 to 125 in years: years old, y/o, yo",
        examples=("a «92»-year-old man", "«101» yo with CHF"),
        counterexamples=("an 89-year-old man", "130 years old"),
    ),
    Rule(
        name="label",
        entity_type="AGE",
        patterns=(_AGE_LABEL,),
        score=0.9,
        group="n",
        accept=_over_89,
        description="an age of 90 to 125 after Age or Aged",
        examples=("Age: «94»", "aged «97»"),
        counterexamples=("Age: 45", "age 93.5"),
    ),
    Rule(
        name="age_sex",
        entity_type="AGE",
        patterns=(_AGE_SEX,),
        score=0.75,
        group="n",
        accept=_over_89_and_no_tracer,
        description="an age of 90 to 125 before the sex: 91 F, 96yoM",
        examples=("«91» F with CHF", "«96»yoM"),
        counterexamples=("85 M", "91 Fr", "TC-99M MYOVIEW", "technetium 99m MDP"),
    ),
    Rule(
        name="decade",
        entity_type="AGE",
        patterns=(_AGE_DECADE,),
        score=0.85,
        group="n",
        accept=_over_89,
        description="a decade of 90 or more: in her 90s, in his early 100s",
        examples=("in her «90»s", "in his early «100»'s"),
        counterexamples=("in her 80s",),
    ),
    Rule(
        name="alive_at",
        entity_type="AGE",
        patterns=(_AGE_AT,),
        score=0.85,
        group="n",
        accept=_over_89,
        description="an age of 90 to 125 at which someone lived, died or retired",
        examples=("father alive at «93»", "passed away at age «101»"),
        counterexamples=("died at 85", "alive at 93.5"),
    ),
    Rule(
        name="age_now",
        entity_type="AGE",
        patterns=(_AGE_NOW,),
        score=0.75,
        group="n",
        accept=_over_89,
        description="a person's age of 90 to 125 without years: mother is 93, now 93",
        examples=("his mother is «93» and lives alone", "Mother Pilar Quispe, now «93», has Parkinson"),
        counterexamples=("his mother is 75 and well", "she is 93rd on the list"),
    ),
)


class AgeRecognizer(RuleRecognizer):
    """Ages over 89 (HIPAA aggregates them as 90+); the span is the number, so text around it stays."""

    def __init__(self) -> None:
        super().__init__("age", _AGE_RULES)
