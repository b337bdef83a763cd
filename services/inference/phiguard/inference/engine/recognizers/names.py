"""The rule layer for people: titled names, credentialed names, labelled names and signature lines.

The model finds most names; these rules catch the ones context makes certain, so a name is never
left to a single detector. Spans cover the name only: the title or label stays in the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from phiguard.inference.engine import linear_re as re
from phiguard.inference.engine.recognizers.base import Part, Rule, RuleRecognizer, settled_matches
from phiguard.inference.engine.vocab import (
    NAME_STOP_WORDS,
    ROLE_ABBREVIATIONS,
    is_clinical_word,
    is_common_word,
    is_dictionary_word,
    is_drug_name,
    is_english_word,
    is_first_name,
    is_function_word,
    is_language,
    is_name_stop_word,
    is_name_word,
    is_ordinary_word,
    is_plain_word,
    is_shouted,
    is_unit,
    plain_and_no_given_name,
)

# A title is never part of the name it introduces, so "Dr. Smith Dr. Jones" yields two names: no name word
# is a title word followed by no further word character. RE2 has no lookahead before each word, so the
# name patterns below take any capitalised word and _name_end() ends the name before a title word.
_TITLE_WORD = re.compile(r"(?:Dr|DR|Drs|Mr|MR|Mrs|MRS|Ms|Miss|MISS|Prof|Doctor)\b")
# Letters of any script: "Müller", "Phạm", "Ødegaard" are names as much as "Miller". re has no \p{Lu},
# so "upper" is any letter but ASCII a-z and "lower" any letter but ASCII A-Z.
_LETTER = r"[^\W\d_]"
_UP = r"[^\W\d_a-z]"
_LOW = r"[^\W\d_A-Z]"
_TOKEN = rf"{_UP}(?:{_LETTER}|['’-])*{_LETTER}"  # Smith, O'Brien, McDonald, SMITH, Müller
# Smith, Smith-Jones, O'Donnell-Ruiz, McDonald, MacArthur, O'McNeil (not ALL CAPS): a capital inside the
# word comes only after an apostrophe or after "Mc"/"Mac", so each capital is read with the Mc/Mac before it
# (the word's own first letter, or the one after an apostrophe, may be the M of Mc).
_MC = r"(?:Ma?c)*"
_MIXED = rf"{_MC}{_UP}(?:{_LOW}|['’](?:{_MC}{_UP})?|-)*{_LOW}(?:-{_UP}{_LOW}+)?"
_INITIAL = _UP + r"\."
# Up to three name tokens on one line, initials allowed in the middle: "John Q. Smith", "SMITH". A lone
# capital ends a name only before neither a word character nor an apostrophe, which _name_end() checks.
_NAME = rf"(?:{_TOKEN}|{_INITIAL})(?:[ ](?:{_TOKEN}|{_INITIAL}|{_UP})){{0,2}}"
_NAME_MIXED = rf"(?:{_MIXED}|{_INITIAL})(?:[ ](?:{_MIXED}|{_INITIAL})){{0,2}}"
_LAST_FIRST = rf"{_TOKEN},[ \t]*{_TOKEN}(?:[ \t]+(?:{_INITIAL}|[A-Z]))?"
_NAME_WORD = re.compile(r"[^ \t,]+")
_WORD_CHAR = re.compile(r"\w")
_WORD_CHAR_OR_APOSTROPHE = re.compile(r"[\w']")
# Only blanks before the line's or the text's end: (?=[ \t]*(?:\n|$)) said so that RE2 runs it.
_LINE_END = r"(?![ \t]*[^ \t\n])"

PartsHook = Callable[[str, re.Match[str]], Iterable[Part]]


def _name_end(text: str, start: int, end: int) -> int | None:
    """Where the name matched at text[start:end] really ends: before its first title word, and before a last
    lone capital that a word character or an apostrophe follows ("John Q'"); None when a title opens it.

    Python's re checked both with lookaheads inside the name, which RE2 cannot run."""
    words = list(_NAME_WORD.finditer(text, start, end))
    for i, word in enumerate(words):
        if _TITLE_WORD.match(text, word.start()):
            return words[i - 1].end() if i else None
    if len(words) > 1 and words[-1].end() - words[-1].start() == 1 and _WORD_CHAR_OR_APOSTROPHE.match(text, end):
        return words[-2].end()
    return end


def _name_at_end(text: str, m: re.Match[str], first: str = "n") -> re.Match[str] | None:
    """For a pattern that ends with its names, from group `first` on: the match cut where _name_end() ends
    them, as Python's re cut it, having nothing after them to match."""
    cut = _name_end(text, m.start(first), m.end())
    if cut is None or cut == m.end():
        return None if cut is None else m
    return m.re.match(text, m.start(), cut)


def _whole_name(text: str, m: re.Match[str], groups: tuple[str, ...] = ("n",)) -> re.Match[str] | None:
    """For a pattern with more to match after its names: the match if no title word is among them. Python's
    re found none there otherwise: a title word is no credential, bracket, phone number or quote."""
    for g in groups:
        if _name_end(text, m.start(g), m.end(g)) != m.end(g):
            return None
    return m


# The clinical-role vocabulary: the PROVIDER rules below read it before or after a name, and
# `clinical_role_near` reads the same words around a name the model alone found (the resolver's
# `harmonize_types` keeps such a name a PROVIDER only with that evidence).
DOCTOR_TITLES = r"Dr|DR|Doctor|DOCTOR|Drs|DRS|Dra"
_DOCTOR = re.compile(rf"(?<![\w])(?:{DOCTOR_TITLES})\.?[ \t]+(?P<n>{_NAME})")
# A letter standing alone: no word character, apostrophe or hyphen after it, nor a full stop and a word
# (said as what may follow, so that RE2 runs it: the end, another character, or a full stop and no letter).
_LONE_LETTER_END = r"(?=\Z|[^\w'’./-]|\.[ \t]*(?:[^ \tA-Za-z]|\Z))"
# A doctor a note names by one letter: "w/ Dr F", "f/u w/ dr k", "Dr. H-D"
_DOCTOR_LETTER = re.compile(
    r"(?<![\w])(?:(?:Dr|DR)\.?[ \t]+(?P<n>[A-Z](?:-[A-Z])?)|dr\.?[ \t]+(?P<l>[a-z]))" + _LONE_LETTER_END
)
# A teacher the family calls "Mr. K", "Mrs. B": a title before one capital letter
_TITLE_LETTER = re.compile(r"(?<![\w])(?:Mr|Mrs|Ms|Miss)\.?[ \t]+(?P<n>[A-Z])" + _LONE_LETTER_END)
# "Drs. Ahmed and Fischer", "Drs. Lee, Park and Cho": every name after a plural title.
_LIST_SEP = r"(?:,[ \t]*|,?[ \t]+(?:and|AND|&)[ \t]+)"
_DOCTORS_MORE = re.compile(rf"(?<![\w])(?:Drs|DRS)\.?[ \t]+(?P<first>{_NAME})(?P<rest>(?:{_LIST_SEP}{_NAME}){{1,4}})")
_DOCTORS_LIST_NAME = re.compile(rf"{_LIST_SEP}(?P<n>{_NAME})")


def _doctors_list(text: str, m: re.Match[str]) -> re.Match[str] | None:
    """The list cut before its first title word ("Drs. Lee and Park, Mr Cho"): a title word is neither a
    name nor "and", so Python's re ended the list before it."""
    return _name_at_end(text, m, "first")


_PERSON_TITLE = re.compile(rf"(?<![\w])(?:Mr|MR|Mrs|MRS|Ms|Miss|MISS|Mx|Master|Mme|Mlle|Sr|Sra)\.?[ \t]+(?P<n>{_NAME})")
# People a note names by their office, not as clinicians: "Det. Alan Szymanski", "Judge Reyes", "Doña Chela",
# "don Refugio", "Pastor Okafor".
_CIVIL_TITLE = re.compile(
    r"(?<![\w])(?:Det|Detective|Officer|Ofc|Sgt|Sergeant|Deputy|Trooper|Judge|Attorney|Atty|Pastor|Rev|Reverend|"
    rf"Rabbi|Imam|Father|Fr|Sister|Srta|Doña|Dona|don|Señor|Señora|Sra)\.?[ \t]+(?P<n>{_NAME})"
)
# The same offices in a lower-case note: "dep. ocampo verified transfer" (a surname the dictionary lacks).
_CIVIL_TITLE_LOWER = re.compile(
    r"(?<![\w])(?:det|detective|officer|ofc|sgt|sergeant|dep|deputy|trooper|judge|pastor)\.?[ \t]+"
    r"(?P<n>[a-z][a-z'-]+)(?![\w'-])"
)
# A clinician's title before a lower-case surname: "np kowalczyk placed picc", "dr okafor will call back"; a
# possessive's "'s" is no part of it ("per dr. goel's note")
_CLINICIAN_TITLE_LOWER = re.compile(
    r"(?<![\w/])(?:dr|drs|np|pa|rn|md|nurse|doctor)\.?[ \t]+(?P<n>[a-z][a-z'-]*?[a-z])(?:'s)?(?![\w'-])"
)
# A probation or parole officer by the abbreviation, which also means "by mouth": only before a known given name.
_PO_OFFICER = re.compile(rf"(?<![\w])PO[ \t]+(?P<n>(?P<f>{_MIXED})[ \t]+{_MIXED})(?![\w'’-])")
CREDENTIALS = (
    r"M\.?D\.?|D\.?O\.?|R\.?N\.?|N\.?P\.?|Ph\.?D\.?|MBBS|FACS|FACP|FACC|DDS|DMD|"
    r"PharmD|LPN|CNM|CRNA|APRN|ANP|FNP|LCSW|MSW|PA-C|MPH|BSN|MSN|DNP|EMT(?:-[ABIP])?|AEMT|NRP|NREMT|RRT|CRT|"
    r"CCC-SLP|OTR/L|DPT|LMHC|LICSW|LMFT|CADC|LPC|BCBA|"
    r"(?:ANP|FNP|NNP|PMHNP|AGACNP|AGPCNP|PNP|WHNP)-BC|PMHNP|NNP|CMA|CPhT|AuD|IBCLC|PsyD|DPM|LMSW|LISW|LCPC|CGC|"
    r"CDCES|RDCS|RDMS|RVT|CST|RDA|(?:PA|HT|HTL|MLS|MT)\(ASCP\)"
)
_CREDENTIAL = re.compile(rf"(?<![\w])(?P<n>{_NAME_MIXED}),?[ \t]+(?:{CREDENTIALS})(?![\w])")
_CREDENTIAL_CAPS = re.compile(
    r"(?<![\w])(?P<n>[A-Z][A-Z'-]+(?:[ \t]+[A-Z]\.?)?[ \t]+[A-Z][A-Z'-]+),[ \t]*"
    r"(?:M\.?D\.?|R\.?N\.?|N\.?P\.?|D\.?O\.?|PA-C)(?![\w])"
)
_PATIENT_LABEL = re.compile(
    rf"(?<![\w])(?i:(?:patient|pt|patient\s+name|caller|contact|informant|pt\.?\s+name|name|full\s+name|client|subject|member|"
    rf"mother'?s?\s+name|father'?s?\s+name|emergency\s+contact|next\s+of\s+kin|nok|guardian|"
    # an unidentified patient's registration name: "Trauma alias: TRAUMA, JUNIPER"
    rf"re|regarding|alias|trauma\s+alias|original\s+alias|a\.?k\.?a\.?|temp(?:orary)?\s+name|trauma\s+name))"
    rf"[ \t]*:[ \t]*"
    rf"(?P<n>{_LAST_FIRST}|{_NAME})"
)
# Labels a clinician's name follows after a colon (case aside)
PROVIDER_LABELS = (
    r"attending|attending\s+physician|physician|provider|surgeon|assistant|assistants|resident|intern|fellow|"
    r"pcp|primary\s+care(?:\s+(?:physician|provider|doctor))?|referring(?:\s+(?:physician|provider|md|doctor))?|"
    r"consultant|consulting|cardiologist|oncologist|nephrologist|neurologist|anesthesiologist|nurse|"
    r"rn|np|radiologist|pathologist|ordering(?:\s+(?:physician|provider|md))?|dictating\s+physician|author|cc|"
    r"copy\s+to|to|from|therapist|social\s+worker|case\s+manager|pharmacist|midwife|md|doctor|scribe|tech|"
    r"technician|technologist|sonographer|interpreter|collector|phlebotomist|coordinator|ma|medical\s+assistant"
)
_PROVIDER_LABEL = re.compile(
    rf"(?<![\w])(?i:(?:{PROVIDER_LABELS}))"
    rf"[ \t]*:[ \t]*"
    rf"(?:(?:Dr|DR)\.?[ \t]+)?(?P<n>{_LAST_FIRST}|{_NAME})"
)
# What a clinician did to a note or a patient, before "by" and the name (case aside)
SIGNED_VERBS = (
    r"dictated|transcribed|signed|electronically\s+signed|e-signed|reviewed|approved|authored|seen|"
    r"examined|cosigned|co-signed|interpreted|read|verified|entered|written|performed|discussed|staffed|referred"
)
_SIGNED = re.compile(
    rf"(?<![\w])(?i:(?:{SIGNED_VERBS})"
    rf"[ \t]+by)[ \t]*:?[ \t]*(?:(?:Dr|DR)\.?[ \t]+)?(?P<n>{_LAST_FIRST}|{_NAME})"
)
_ROLE_QUALIFIER = r"(?i:practitioner|assistant|consultant|coordinator|navigator|specialist)"
_ROLE_QUALIFIER_WORD = re.compile(_ROLE_QUALIFIER + r"\b")
# Roles a name follows in running text (case aside)
ROLE_WORDS = (
    r"pcp|cardiologist|oncologist|nephrologist|neurologist|pulmonologist|gastroenterologist|"
    r"endocrinologist|rheumatologist|hematologist|urologist|dermatologist|psychiatrist|psychologist|surgeon|"
    r"physician|internist|pediatrician|obstetrician|gynecologist|radiologist|pathologist|anesthesiologist|"
    r"hospitalist|therapist|attending|resident|fellow|intern|nurse|np|pa|rn|sw|cns|midwife|doula|interpreter|aide|scribe|"
    r"medical[ \t]+assistant|pharmacist|social[ \t]+worker|adjuster|rph|counselou?r|caseworker|technician|"
    r"technologist|sonographer|paramedic|emt|crew|coordinator|nnp|cnm|crna|aprn|fnp|lpn|cna|"
    r"case[ \t]+manager|chaplain|dietitian|nutritionist|screener|advocate|investigator|landlord|landlady|teacher|"
    r"foreman|supervisor|(?:outreach|intake|youth)[ \t]+worker|(?:probation|parole|police)[ \t]+officer|"
    r"attorney|lawyer"
)
# A clinician named by role in running text: "his PCP Leonard Tsai", "cardiologist Ira Feldman", "NP Quinn".
_ROLE = re.compile(
    rf"(?<![\w])(?:CM|RRT|RT|(?i:{ROLE_WORDS}))"
    # "nurse practitioner", "nurses": a qualifier needs the comma or blank after it that the name needs anyway
    rf"(?:[ \t]+{_ROLE_QUALIFIER}|s?),?[ \t]+\(?(?P<n>{_NAME_MIXED})"
    rf"(?:(?:[ \t]+and[ \t]+|/)(?P<m>{_MIXED}))?"  # "crew Pruitt/Mbeki"
)


def _role_name(text: str, m: re.Match[str]) -> re.Match[str] | None:
    """The role's name cut as Python's re cut it; none when a qualifier opens it ("nurse, Practitioner Lee":
    a lookahead RE2 cannot run there), nor a title word. A title word after "and" or "/" only drops that name."""
    if _ROLE_QUALIFIER_WORD.match(text, m.start("n")):
        return None
    cut = _name_end(text, m.start("n"), m.end("n"))
    if cut is None:
        return None
    if cut < m.end("n") or (m.group("m") and _TITLE_WORD.match(text, m.start("m"))):
        return m.re.match(text, m.start(), cut)
    return m


# A dictator's code beside the signed name, as transcription services print it: "Lena Ortiz, M.D.     LO47",
# "... R.N.   KT3        T: 04/02/19"
_SIGNATURE_CODE = re.compile(
    r"(?m)(?<![\w])(?:M\.?D|D\.?O|R\.?N|N\.?P|P\.?A(?:-C)?|Ph\.?D|MBBS)\.?(?:[ \t]{2,}|\t)"
    r"(?P<n>[A-Z]{2,3}\d{1,4})(?=[ \t]*$|[ \t]{2,}(?:DD|DT|TD|D|T)[ \t]*:[ \t]*\d)"
)
# Author and transcriptionist initials after their label: "Transcribed by: lt", "Note by: XQ".
INITIALS_SIGNED_VERBS = (
    r"dictated|transcribed|typed|signed|entered|note|written|gross(?:ed)?|prepared|verified|reviewed|"
    r"read|performed|examined|seen"
)
_SIGNED_INITIALS = re.compile(
    rf"(?<![\w])(?i:{INITIALS_SIGNED_VERBS})[ \t]+by[ \t]*:?[ \t]*"
    # then the line's end, a comma or a full stop (RE2 runs a lookahead's alternatives only at its top)
    r"(?P<n>[A-Za-z]{2,3})(?=[ \t]*[\n,;]|[ \t]*\Z|[ \t]*\.\s|[ \t]*\.\Z)"
)
# Initials after a team role: "MS3 TJ", "Cross-cover (RS) paged at 02:30"
_ROLE_INITIALS = re.compile(
    r"(?<![\w])(?:(?i:interns?|residents?|fellows?|attendings?|students?|cross-?cover|covering|sub-?i)|MS[1-4]|PGY-?[1-7])"
    r"[ \t]*[:(]?[ \t]*(?P<n>[A-Z]{2,3})(?=[ \t]*[);,.]|[ \t]*$|[ \t]*\n)",
    re.M,
)
# 'Foreman "Chuy" told him', 'closest friend on the street is "Smokey"': a quoted nickname after a word for a person
_QUOTED_PERSON = re.compile(
    r"(?<![\w])(?P<w>(?i:foreman|boss|supervisor|friend|buddy|neighbou?r|roommate|cousin|coworker|co-worker|"
    r"boyfriend|girlfriend|partner|called|named|nicknamed))"
    # within 25 characters of the same clause, the first of them no word character (the word ends there)
    r"(?:[^\w\n\".;][^\n\".;]{0,24}?)??[ \t]"
    r"[\"“](?P<n>[A-Z][a-z'’-]{2,})[\"”]"
)
# 'friend said "Bob"', 'called it "Smokey"': a verb of saying or a pronoun close after the word makes the
# quote no name. Python's re looked ahead for it from the word, mid-pattern where RE2 cannot; _not_speech does.
_SPEECH = re.compile(r"\b(?i:said|says|saying|told|tells|wrote|writes|texted|it|this|that)\b")


def _not_speech(text: str, m: re.Match[str]) -> re.Match[str] | None:
    """The match unless _SPEECH starts within 25 characters after the word, none of them a line break, quote,
    full stop or semicolon."""
    after = m.end("w")
    for k in range(26):
        if after + k > len(text) or (k and text[after + k - 1] in '\n".;'):
            break
        if _SPEECH.match(text, after + k):
            return None
    return m


# 'goes by "Sal"', 'known as "Bud"', "aka Junior": the name a person is called by. A title word there leaves no
# match (_whole_name); Python's re then read "prefers To Be Called Mrs" as "prefers" and "To", an unquoted word
# after "prefers", which yields no span either.
_GOES_BY = re.compile(
    r"(?<![\w])(?P<v>(?i:goes[ \t]+by|known[ \t]+as|nicknamed|aka|a\.k\.a\.?|"
    r"prefers[ \t]+to[ \t]+be[ \t]+called|prefers))"
    rf"[ \t]+[\"“']?(?P<n>{_MIXED})[\"”']?"
)
# A system username after "by" or a label ("Dictated 12/03/2090 by kn72", "Recorder: mflores2").
_USERNAME_AFTER_BY = re.compile(
    r"(?<![\w])(?i:by|recorder|user(?:name)?|login|author|scribe)[ \t]*:?[ \t]+"
    r"(?P<n>(?P<l>[a-z]{2,8})\d{1,4})(?![\w/-]|\.\w)"
    r"|(?<![\w])(?i:user(?:name)?|login)[ \t]*:?[ \t]+(?P<u>[a-z][a-z.]{3,15})(?=[ \t]*[)\n,;])"
    # "Maeve O'Donnell-Ruiz, RN  [modonnellruiz]": the signer's login after the credential
    r"|(?<![\w])(?:RN|MD|NP|PA|DO|LPN|MSW|LCSW|PharmD|RPh|CNA|PA-C)[ \t,]*\[(?P<b>[a-z][a-z0-9._-]{3,20})\]"
)
# "He will be attending Maize High School", "to nurse Baby": the role word used as a verb.
_AUXILIARY_BEFORE = re.compile(r"(?i)\b(?:is|was|be|been|are|were|will|am|not|still|now|to)\s+$")
_VERB_ROLES = ("attending", "nurse", "intern")
# "D/W CARDS FELLOW", "PER HOUSE OFFICER": a service or a role before or inside the run, not a name.
_CAPS_ROLE_WORDS = (
    "CHARGE",
    "NIGHT",
    "TRIAGE",
    "PRIMARY",
    "FLOAT",
    "ONCOMING",
    "FELLOW",
    "RESIDENT",
    "ATTENDING",
    "TEAM",
    "SERVICE",
    "CONSULT",
    "OFFICER",
    "DOCTOR",
    "NP",
    "MD",
    "RN",
    "PA",
)
# ALL-CAPS shorthand names clinicians by role or by who said so: "D/W FELLOW WONG", "PER ROSS", "PCP LANE".
# No case separates a name from a word there, so every token must be outside the common and clinical lists.
# Who said or heard so: "d/w Fischer", "per Ross", "paged Okafor" (written in capitals here, read in any case
# by `clinical_role_near`)
WHO_SAID_SO = r"D/W|PER|DISCUSSED[ \t]+WITH|PAGED"
_CAPS_PERSON_CONTEXT = re.compile(
    rf"(?<![\w/])(?:{WHO_SAID_SO}|RESIDENT|FELLOW|ATTENDING|INTERN|PCP|SW|CM|RN|NURSE|LPN|NP|"
    r"INTERPRETER|CHAPLAIN)[ \t]+"
    r"(?:(?P<title>FELLOW|RESIDENT|ATTENDING|NP|DR\.?|DOCTOR)[ \t]+)?"
    r"(?P<n>(?P<first>[A-Z][A-Z'-]{2,})(?:,?[ \t]+[A-Z][A-Z'-]{2,})?)(?![\w'-])"
)
# A number right before: a role's letters after it are a unit ("2.5 CM"), a compass word a ward's side ("11 WEST")
NUMBER_BEFORE = re.compile(r"\d[ \t]*$")
# What no such name stands before: a colon ("NP    NPI: 1234" is a label) or a role word ("D/W SMITH CHARGE").
_CAPS_NAME_STOP = re.compile(rf"[ \t]*:|[ \t]+(?:{'|'.join(_CAPS_ROLE_WORDS)})\b")


def _caps_person(text: str, m: re.Match[str]) -> re.Match[str] | None:
    """The match with the name Python's re settled on: it tried the two words, the first word, then the title
    word itself ("D/W FELLOW"), and took the first not before a _CAPS_NAME_STOP. RE2 cannot run those
    lookaheads (one ends a word or the text) where they stood, so the walk back is spelled out here. After a
    number the role's letters are a unit: "2.5 CM HYPODENSE MASS" names no case manager."""
    if NUMBER_BEFORE.search(text, max(0, m.start() - 12), m.start()):
        return None
    ends = [m.end("n"), m.end("first")]
    if m.group("title") in ("FELLOW", "RESIDENT", "ATTENDING", "DOCTOR"):
        ends.append(m.end("title"))  # with the title's own [ \t]+ given back, a name of one word
    for end in dict.fromkeys(ends):
        if not _CAPS_NAME_STOP.match(text, end):
            return m if end == m.end() else m.re.match(text, m.start(), end)
    return None


# A word of letters (Unicode: "Phạm"), apostrophes and hyphens inside it
_LETTER_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_TITLE_CASE_NEXT = re.compile(rf"[ \t]+{_UP}{_LOW}")
_NOT_INITIALS = frozenset("me us him her you the and dr drs mr mrs ms".split()) | ROLE_ABBREVIATIONS
_CLOSING = re.compile(
    r"(?<![\w])(?:Sincerely|Regards|Best\s+regards|Kind\s+regards|Respectfully|Yours\s+truly|Thank\s+you),?"
    rf"[ \t]*\n\s*(?P<n>{_NAME})"
)
# A message signed on its thanks line: "thanks, Viv", "Thx - Rob"
_THANKS_SIGNED = re.compile(
    rf"(?<![\w])(?i:thanks|thank\s+you|thx|cheers)[ \t]*[,-][ \t]*(?P<n>{_UP}{_LOW}+)" + _LINE_END
)
# "thanks, Doctor", "Thanks - All": whom a message thanks, not who signs it. The word is the whole line's rest,
# so Python's lookahead for it came down to comparing the word (RE2 cannot run it before the name).
_THANKED = frozenset({"Doctor", "Doc", "Nurse", "Team", "All", "Everyone", "Again", "Guys", "So", "Very"})


def _signed_thanks(text: str, m: re.Match[str]) -> re.Match[str] | None:
    return None if m.group("n") in _THANKED else m


# A footer field after the initials; the field's name ends where a blank, colon, # or full stop follows it.
_FOOTER_NEXT = re.compile(r"[ \t]+(?i:DD|DT|TD|D|T|job|doc|tr)(?:[ \t]+[:#.]?|[:#.])[ \t]*\d")
# Typist initials after the transcription date-time: "D: 11/30/2092 11:02   T: 11/30/2092 14:15   jmc"
_TYPIST_AFTER_DATE = re.compile(
    r"(?im)(?<![\w])(?:T|DT|TD)[ \t]*:[ \t]*\d{1,2}/\d{1,2}/\d{2,4}(?:[ \t]+\d{1,2}:\d{2})?[ \t]{2,}"
    r"(?P<n>[A-Za-z]{2,4})[ \t]*$"
)
# "Glucose (POC): 188     FS by JT": who did it, initialled at the end of the line
# (Each lookahead sits at the end of a top-level alternative, its own alternatives at its top, so RE2 runs it.)
_BY_INITIALS = re.compile(
    r"(?<![\w])by[ \t]+(?P<n>[A-Z]{2,3})(?=[ \t]*\n|[ \t]*\Z|[ \t]*\d{1,2}/\d{1,2})"
    r"|(?<![\w])by[ \t]+(?P<l>[a-z]{2,3})(?=\.?[ \t]*\n|\.?[ \t]*\Z)"
    # "transcribed ak 11/14/2024 15:40", "e-signed MTV 09/23/2024", "Collector: dmb", "Sign-off: KJ 11/18/24":
    # who typed, drew or signed it, by initials
    r"|(?<![\w])(?i:transcribed|typed|e-?signed)[ \t]+(?:by[ \t]+)?(?P<t>[A-Za-z]{2,3})(?=[ \t]+\d)"
    r"|(?<![\w])(?i:collector|collected[ \t]+by|drawn[ \t]+by|phlebotomist|scribe|tech|resident|intern|fellow|"
    r"(?:histo|cyto)?technologist|histotech|cytotech|grossed[ \t]+by|ma|sign-?off|initials)[ \t]*:[ \t]*"
    r"(?P<c>[A-Za-z]{2,3})(?=\.?[ \t]*[\n,;]|\.?[ \t]*\Z|\.?[ \t]{2}|\.?[ \t]+\d{1,2}/\d)"
    # "Reply KB NP 5/17:", "Response (CAD 10/5/23 7:48 AM):" who answered a message
    r"|(?<![\w])(?i:reply|response|replied|addendum)[ \t]*\(?[ \t]*(?P<r>[A-Z]{2,3})"
    r"(?=[ \t]+(?:NP|MD|RN|PA|DO)|[ \t]+\d{1,2}/\d{1,2})"
)
# Initials beside a date-time stamp on a line of their own: "KV  02/04/2025 14:05", "tn pa-c 11/03/2024 21:14",
# "3/11/2025 14:30 — MJ", "10/09/2024 17:12  / BHA", "Addendum 1/9/95 14:10 (MET):", and after a signature's
# credential: "PA-C / LO".
_STAMP = r"\d{1,2}/\d{1,2}(?:/\d{2,4})?[ \t]+\d{1,2}:\d{2}(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
_STAMP_INITIALS = re.compile(
    r"(?m)^[ \t]*(?P<a>[A-Z]{2,3}|[a-z]{2,3})(?:[ \t]+(?i:pa-c|np|rn|md|do|pa|lpn|ma))?[ \t]+" + _STAMP + r"[ \t]*$"
    r"|" + _STAMP + r"[ \t]*[—–/-]{1,2}[ \t]*(?P<b>[A-Z]{2,3})[ \t]*$"
    r"|" + _STAMP + r"[ \t]*\((?P<c>[A-Z]{2,4})\)[ \t]*:"
    r"|(?:PA-C|MD|RN|NP|DO|LCSW|MSW|LPN)[ \t]*/[ \t]*(?P<d>[A-Z]{2,3})[ \t]*$"
)
# "HR fax ... attn Deb Farrow": the person a fax or letter is for
_ATTN = re.compile(rf"(?<![\w])(?i:attn|attention)[ \t]*:?[ \t]+(?P<n>{_NAME})")
# "TURNED OUR ATTENTION TO FORMING INDIANA POUCH": attention paid to something, no letter's addressee
_ATTENTION_TO = re.compile(r"(?i:attention)[ \t]+(?i:to)[ \t]")
_ATTENTION_LABEL = re.compile(r"(?i:attention)[ \t]*:")


def _attention_in_prose(text: str, m: re.Match[str], s: int, e: int) -> bool:
    """"ATTENTION PAID TO RECTUM", "ATTENTION THEN DIVERTED": in capitals the word "attention" without its label's
    colon is an operative note's prose, where every word is capitalised; "ATTN" and "ATTENTION:" head a letter."""
    return (
        m.group()[:9].lower() == "attention"
        and not _ATTENTION_LABEL.match(m.group())
        and is_shouted(text, s, e)
    )
# "Re:" heads a letter about a patient ("Re: John Smith") and, in a chart, the topic of a call ("RE: PLAN")
_REGARDING = re.compile(r"(?i:re|regarding)[ \t]*:")
# A possessive or an article just before the words a label's name is read from
_OWNER_BEFORE = re.compile(r"(?i)(?<![\w])(?:her|his|their|its|your|my|our|the|a|an)[ \t]+$")
# Pathologists and typists initial their paragraphs: "Cell blocks prepared. (jk)"
_BRACKET_INITIALS = re.compile(r"(?<=[.;:][ \t])\((?P<n>[a-z]{2,3})\)" + _LINE_END)
# A signature line starts with a rule or "/s/"; "--- Reply (3/21/2091 9:30 AM) ---" is a heading.
_SLASH_S = re.compile(
    rf"(?:^|\n)[ \t]*(?:/s/|-{{2,}}|_{{3,}})[ \t]*(?P<n>{_NAME})(?![\w'’-]|[ \t]*\(|[ \t]*--|[ \t]*:)"
)
# Initials signing off a line: "...BMP and A1c at that visit. -TK", a flowsheet row "... VS WNL ...... TO/BMC",
# "RECEIVED BY MQ. CO-SIGNED BMC."
_SIGN_OFF_INITIALS = re.compile(
    r"(?<=[.;\s])-[ \t]?(?P<n>[A-Z]{2,3})" + _LINE_END + r"|"
    # after a finished sentence even a lower-case or one-letter mark signs: "voicemail. -kpw", "clarify. ~RD"
    # (_after_sentence checks the sentence's end, two characters back: RE2 looks back one here)
    r"(?<=[ \t])[-~][ \t]?(?P<s>[A-Za-z]{1,3})(?=[ \t]*[\"”]?[ \t]*\n|[ \t]*[\"”]?[ \t]*\Z)"
    r"|\.{3,}[ \t]*(?P<a>[A-Z]{2,3})(?:/(?P<b>[A-Z]{2,3}))?" + _LINE_END + r"|"
    r"(?<![\w])(?:RECEIVED[ \t]+BY|CO-?SIGNED(?:[ \t]+BY)?|Co-?signed(?:[ \t]+by)?)[ \t]*:?[ \t]*"
    r"(?P<c>[A-Z]{2,3})(?![\w])"
)


def _after_sentence(text: str, m: re.Match[str]) -> re.Match[str] | None:
    s = m.start()
    return None if m.group("s") and (s < 2 or text[s - 2] not in ".!?)") else m


# Initials alone on the line after a finished sentence sign the message above: "...faxed.\nHK", "Sorry to bother.\nV."
_INITIALS_LINE = re.compile(r"[.!?)][ \t]*\n[ \t]*(?P<n>[A-Z]{2,3}|[A-Z]\.)[ \t]*(?=\n|\Z)")
# Dictation initials at the foot of a note: "AM/kt" (author / transcriptionist).
_DICTATION_INITIALS = re.compile(
    r"(?<![\w/])(?P<a>[A-Z]{2,3})/(?P<b>[a-z]{2,3})(?=[ \t]*$)"
    r"|^[ \t]*(?P<c>[A-Za-z]{2,3})/(?P<d>[A-Za-z]{2,3})[ \t]*$"  # "MO/KQL", "hi/zy" on a line of their own
    # a dictation footer: "GTF/kmw   eScription doc 7-228491", "DD: 05/22/98  DT: 05/22/98  JP/mw  Tr. #771402",
    # at a line's start or one or two blanks after a digit or a full stop (_footer_initials looks that far back)
    r"|(?<![^\n \t])[ \t]*(?P<e>[A-Z]{2,4}|[a-z]{2,4})[/:](?P<f>[a-z]{2,4})"
    r"(?=[ \t]{2,}|[ \t]+(?:[A-Za-z]\w*\.?[ \t]*)?[#(]|[ \t]+(?i:D[DT]?)[: ]|[ \t]*\n[ \t]*(?:DD|DT|D|T)[ \t]*:)"
    # a flowsheet row signed after its time: "0800 -- RE", "0400 - TN"
    r"|^[ \t]*(?:[01]\d|2[0-3])[0-5]\d[ \t]*-{1,2}[ \t]*(?P<g>[A-Z]{2,3})(?=[ \t]*$)",
    re.M,
)
_AFTER_NUMBER_OR_STOP = re.compile(r"[\d.][ \t]{1,2}\Z")


def _footer_initials(text: str, m: re.Match[str]) -> re.Match[str] | None:
    s = m.start()
    if m.group("e") is None or s == 0 or text[s - 1] == "\n":
        return m
    return m if _AFTER_NUMBER_OR_STOP.search(text[max(0, s - 3) : s]) else None


# A name in capitals, "LAST, FIRST", after a label or at a line's start and before an age, a bed or a number.
_CAPS_LAST_FIRST = re.compile(
    r"(?:(?i:pt|patient|name|re)[ \t]+|(?:^|\n)[ \t]*)"
    r"(?P<n>[A-Z][A-Z'-]+,[ \t]?[A-Z][A-Z'-]+(?:[ \t][A-Z]\.?)?)"
    r"(?=[ \t]+\d|[ \t]+(?:BED|RM|ROOM|MRN|DOB))"  # an age such as "45M" starts with a digit too
)


def _label_opens_word(text: str, m: re.Match[str]) -> re.Match[str] | None:
    """A label starts a word: Python's re looked behind it inside the first alternative, where RE2 cannot."""
    s = m.start()
    return None if s and text[s] != "\n" and _WORD_CHAR.match(text, s - 1) else m


# Words for a relative or a contact, before whose name notes write them (the model filter reads them too).
RELATIVE_WORDS = (
    r"wife|husband|son|daughter|mother|father|mom|dad|brother|sister|spouse|partner|friend|niece|"
    r"nephew|aunt|uncle|grandson|granddaughter|grandmother|grandfather|cousin|guardian|caregiver|"
    r"boyfriend|girlfriend|neighbor|roommate|sitter|hcp|proxy|poa|acquaintance|coworker|co-worker|classmate|"
    r"mgm|pgm|mgf|pgf|dtr|sis|bro|grandma|grandpa|comadre|compadre|madrina|padrino|esposo|esposa|abuela|abuelo|"
    r"step-?(?:father|mother|son|daughter|brother|sister|dad|mom)|"
    r"sons|daughters|brothers|sisters|kids|children|grandkids|grandchildren|grandsons|granddaughters|twins"
)
_RELATIVE_CAPS = re.compile(
    rf"(?<![\w])(?i:{RELATIVE_WORDS})(?:[ \t]+(?i:is|named))?[ \t]+(?P<n>[A-Z][A-Z'-]+)(?![\w'])"
)
# Lower-case notes: "lives w wife thuy", "boss renata": a known given name right after a relation word.
_RELATIVE_LOWER = re.compile(rf"(?<![\w])(?i:{RELATIVE_WORDS}|boss|supervisor)[ \t]+(?P<n>[a-z][a-z'-]+)(?![\w'-])")
# "Kieran's (grandson) hockey game", "Rosa (dtr) called": the relation bracketed after the name
_NAME_THEN_RELATION = re.compile(
    rf"(?<![\w'])(?P<n>{_MIXED}(?:[ ]{_MIXED})?)(?:['’]s)?[ \t]+\((?i:{RELATIVE_WORDS}|fianc[ée]e?)\)"
)
# "sons Brody (8) and Cash (5)": the next name of a list that began after a relation word
_AND_NEXT_NAME = re.compile(
    r"(?P<a>[ \t]*\(\d{1,2}\))?(?:,[ \t]*|,?[ \t]+(?:and|&)[ \t]+)"
    rf"(?P<n>{_MIXED})(?P<b>[ \t]*\(\d{{1,2}}\))?(?![\w'’-])"
)


def _next_name(text: str, pos: int) -> re.Match[str] | None:
    m = _AND_NEXT_NAME.match(text, pos)
    return m and _whole_name(text, m)


# A row of a patient list: bed, name, age and sex ("7S-720  ROSEN, Yehuda "Yudi"  47M  MRN ...").
# The name opens its line or follows a tab or two blanks (_list_row looks two characters back; RE2 one).
_LIST_ROW_NAME = re.compile(
    rf"(?<![^\n \t])(?P<n>{_LAST_FIRST}|{_NAME})(?:[ \t]+[\"“][A-Z][a-z]+[\"”])?[ \t]+"
    r"\d{1,3}[ \t]?(?:M|F|yo[MF]?|y/o)(?![\w/])"
)


def _list_row(text: str, m: re.Match[str]) -> re.Match[str] | None:
    s = m.start()
    if text[s - 1 : s] == " " and (s < 2 or text[s - 2] not in " \t"):
        return None
    return _whole_name(text, m)


# Staff named with the role in brackets after them: "Li Na (interpreter #40217)", "Jo Abara (SW)"
# Staff roles in brackets after a name: words in any case, abbreviations in capitals
STAFF_IN_BRACKETS = (
    r"(?i:interpreter|translator|chaplain|doula|scribe)|RN|SW|PT|OT|SLP|RD|NP|PA|CM|LPN|CNA|MA|RT|PharmD"
)
_ROLE_AFTER = re.compile(rf"(?<![\w])(?P<n>{_NAME_MIXED})[ \t]*\((?:{STAFF_IN_BRACKETS})\b")
_RELATIVE_WORD = re.compile(rf"(?i:{RELATIVE_WORDS})\b")
_RELATION = re.compile(rf"(?i:{RELATIVE_WORDS})")


def is_relation_word(word: str) -> bool:
    """A word for who someone is to the patient ("SON", "dtr", "HCP"), whole: no one's name or initials."""
    return _RELATION.fullmatch(word) is not None


def _staff_name(text: str, m: re.Match[str]) -> re.Match[str] | None:
    """No relation word opens the name ("Son (RN)"): Python's re looked ahead for one, where RE2 cannot."""
    return None if _RELATIVE_WORD.match(text, m.start()) else _whole_name(text, m)


# A contact named right before the number to call: "Intake: Shondra Willis, ph 314-555-0163", "Mo Haddad x 5-2291"
_NAME_BEFORE_PHONE = re.compile(
    rf"(?<![\w])(?P<n>{_MIXED}[ ]{_MIXED})[ \t]*,?[ \t]*(?:(?i:ph|phone|tel|cell|pager|x|ext)\.?:?[ \t]*)?"
    r"(?:\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}|\d-\d{4})(?![\w-])"
)
# A resident by training year after the name: "Night: Wren Castellanos (R1)", "Bao Tran (PGY-2)"
TRAINING_YEARS = r"R[1-7]|PGY-?[1-7]|MS-?[1-4]|SAR|JAR"
_TRAINEE = re.compile(rf"(?<![\w])(?P<n>{_NAME_MIXED})[ \t]*\((?:{TRAINING_YEARS})\)")
_LABEL_AFTER_CREDENTIAL = re.compile(r"[ \t,]*[A-Za-z.-]+[ \t]*:")
# Words that name a service ("Neonatal", "Pediatric", "Hospice", "Oncology"), unlike surnames such as Baker
_SERVICE_WORD = re.compile(r"(?i)(?:al|ic|ice|ics|gy|ry)$")
# A disease word after a capitalised word makes it an eponym, not a person.
_EPONYM_NEXT = re.compile(
    r"(?:['’]s)?[ \t]+(?i:disease|syndrome|sign|phenomenon|palsy|anomaly|[a-z]+(?:itis|oma|osis|emia|pathy|plasia))\b"
)
# 'Michal "Mike"': a given name with the nickname the person goes by
_NAME_THEN_NICKNAME = re.compile(rf"(?<![\w'])(?P<n>{_MIXED})[ \t]+[\"“](?P<k>{_MIXED})[\"”]")


def _name_and_nickname(text: str, m: re.Match[str]) -> re.Match[str] | None:
    return _whole_name(text, m, ("n", "k"))


_RELATIVE_LEAD = rf"(?<![\w])(?i:(?:{RELATIVE_WORDS}|fianc[ée]e?)(?:'s\s+name\s+is|,|:)?\s+"
_RELATIVE = re.compile(_RELATIVE_LEAD + r"(?:(?P<c>is|named)[ \t]+|\(?)?[\"“]?)" + rf"(?P<n>{_NAME_MIXED})")
# The same without "is" or "named" before the name: where a title word followed those, Python's re read the
# name from that word instead ("wife Named Mrs Jones").
_RELATIVE_BARE = re.compile(_RELATIVE_LEAD + r"\(?[\"“]?)" + rf"(?P<n>{_NAME_MIXED})")


def _relative_name(text: str, m: re.Match[str]) -> re.Match[str] | None:
    settled = _name_at_end(text, m)
    if settled is None and m.group("c"):
        bare = _RELATIVE_BARE.match(text, m.start())
        return bare and _name_at_end(text, bare)
    return settled


# Two or three letters written as a name: "Ho", "Ng", "Le", "Wu"
_SHORT_SURNAME = re.compile(r"[A-Z][a-z]{1,2}")


def _short_surname(word: str) -> bool:
    return _SHORT_SURNAME.fullmatch(word) is not None and not is_function_word(word)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop trailing/leading tokens that are sentence words, headings or credentials, not names."""
    tokens = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\s,]+", text[start:end])]

    def word(i: int) -> str:
        return text[tokens[i][0] : tokens[i][1]]

    all_caps = text[start:end].isupper()
    # Sentence words end a name; so does an ALL-CAPS abbreviation after a mixed-case name
    # ("John Smith MRN"). In ALL-CAPS text a clinical-looking token may be a surname (DOE): keep it. So may a
    # short one written as a name, alone after its title: "Dr. Ho", "Mr. Ng" (the abbreviations are HO, NG).
    def stop_word(i: int) -> bool:
        lone_short_name = len(tokens) == 1 and _short_surname(word(i))
        return is_name_stop_word(word(i)) and not all_caps and not lone_short_name

    while tokens and (
        is_function_word(word(-1))
        or stop_word(-1)
        or (not all_caps and word(-1).isupper() and len(word(-1).strip(".")) > 1 and is_clinical_word(word(-1)))
    ):
        tokens.pop()
    while (
        tokens
        and not (len(tokens) > 1 and re.fullmatch(r"[A-Z]\.", word(0)))  # "Dr. A. Jones": an initial, not "a"
        and (is_function_word(word(0)) or stop_word(0))
    ):
        tokens.pop(0)
    # A function word inside ends the name: "DR KHAN AT BEDSIDE". In ALL CAPS, where case says
    # nothing, so does a frequent clinical word after the first token: "DR OKONKWO AWARE".
    for i in range(1, len(tokens)):
        w = word(i)
        if re.fullmatch(r"[A-Z]\.", w) and i + 1 < len(tokens) and not is_clinical_word(word(i + 1)):
            continue  # a middle initial: "Margaret A. Kowalski", not the article "a"
        if is_function_word(w) or (w.isupper() and len(w.strip(".")) > 1 and is_common_word(w)):
            tokens = tokens[:i]
            break
    if (
        len(tokens) > 1
        and word(0).isupper()
        and len(word(0)) > 2
        and is_common_word(word(0))
        and not is_common_word(word(1))
    ):
        tokens = tokens[1:]  # "SIGNED K. DELANEY, RN"
    if not tokens:
        return None
    s, e = tokens[0][0], tokens[-1][1]
    # A name never ends on a comma or an initial's missing period matters not; trailing periods go
    # unless they close an initial ("John Q.").
    while e > s and text[e - 1] in ",;:":
        e -= 1
    if e - s >= 2 and text[e - 1] == "." and not re.search(r"(?:^|\s)[A-Z]\.$", text[s:e]):
        e -= 1
    return (s, e) if e > s else None


# Speech that follows a speaker label in a transcript ("Doctor: Oh, I see"), never a name.
_INTERJECTIONS = frozenset(
    "oh ok okay good yes no yeah yep nope well sure hi hello hey thanks thank great absolutely alright right "
    "hmm um uh wow sorry please so fine perfect awesome gosh ma'am sir".split()
)
_CONTRACTION = re.compile(r"(?i).+(?:n['’]t|['’](?:re|m|ve|ll|d))$")
# Labels say only where a value sits; titles and credentials are evidence of a person themselves.
_LABEL_TAGS = frozenset({"patient_label", "provider_label"})


def _caps_abbreviation(text: str, start: int, name_start: int) -> bool:
    """An ALL-CAPS "MR."/"MS." after a lower-case word is an abbreviation (mitral regurgitation,
    multiple sclerosis, mental status) closing a sentence, not a title before a name."""
    title = text[start:name_start].strip()
    if not title.rstrip(".").isupper() or len(title.rstrip(".")) < 2:
        return False
    before = re.findall(r"\S+", text[max(0, start - 30) : start])
    # "mild MR.", "2+ MR.", "no MS.": a severity or count in front, written in lower case
    return bool(before) and (before[-1].islower() or before[-1][0].isdigit())


def _only_words(value: str, *, clinical_too: bool) -> bool:
    """True when no token could be a name: the common-word list holds no given name or surname."""
    tokens = [t for t in _LETTER_WORD.findall(value) if len(t) > 1]

    def is_word(t: str) -> bool:
        if _CONTRACTION.fullmatch(t) or t.lower() in _INTERJECTIONS:
            return True
        if t[-2:] in ("'s", "’s") and len(t) > 3:
            t = t[:-2]  # "That's" is judged as "That", "Smith's" as "Smith"
        if is_first_name(t):
            return False
        return is_common_word(t) or is_function_word(t) or (clinical_too and is_clinical_word(t))

    return bool(tokens) and all(is_word(t) for t in tokens)


def _shorthand_free(text: str, m: re.Match[str]) -> bool:
    # "WELL, TMAX 101": shorthand, not "LAST, FIRST"
    return not any(
        len(w) > 1 and (is_common_word(w) or is_clinical_word(w)) for w in re.findall(r"[A-Za-z']+", m.group("n"))
    )


def _no_abbreviation(text: str, m: re.Match[str]) -> bool:
    # "mild MR. Omental adhesions": mitral regurgitation ends a sentence
    return not _caps_abbreviation(text, m.start(), m.start("n"))


def _role_not_verb(text: str, m: re.Match[str]) -> bool:
    return not (
        m.group().lower().startswith(_VERB_ROLES) and _AUXILIARY_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
    )


def _end_before_plain_words(text: str, s: int, e: int) -> int | None:
    """Where text[s:e] ends without the plain words that close it ("JOHN SMITH TODAY" -> after SMITH); None when it
    is plain words alone. In capitals the sentence runs on after a name with nothing to mark where it ends."""
    words = list(re.finditer(r"\S+", text[s:e]))
    while words and is_plain_word(words[-1].group()):
        words.pop()
    return s + words[-1].end() if words else None


def _titled_span(text: str, m: re.Match[str], tag: str) -> tuple[int, int] | None:
    """The name "n" of a match of the rule `tag`, trimmed to the name, or None where it is no one's."""
    trimmed = _trim(text, m.start("n"), m.end("n"))
    if trimmed is None:
        return None
    s, e = trimmed
    comma = text.find(",", s, e)
    if comma > s and _only_words(text[comma + 1 : e], clinical_too=True) and _TITLE_CASE_NEXT.match(text, e):
        e = comma  # "Dr. Quinn, Internal Medicine Associates": a practice after the comma, not a given name
    if not any(c.isalpha() for c in text[s:e]) or (e - s == 1):
        return None
    if tag == "attn" and (_ATTENTION_TO.match(m.group()) or _attention_in_prose(text, m, s, e)):
        return None
    regarding = tag == "patient_label" and _REGARDING.match(m.group()) is not None
    if regarding and " " not in text[s:e] and not is_first_name(text[s:e]):
        return None  # "RE: HYPOPHONIA", "re: Perlane": one word no given name is the topic, not the patient
    if regarding and plain_and_no_given_name(_LETTER_WORD.findall(text[s:e])):
        return None  # "RE: GUARDIANSHIP, PROBATE COURT": plain words and no given name are the topic too
    if regarding and _OWNER_BEFORE.search(text, m.start(), s):
        return None  # "RE: HER GERD", "re: his knee": what is someone's is a topic, whatever its word
    if tag in _LABEL_TAGS | {"role", "attn"} and _only_words(text[s:e], clinical_too=True):
        return None  # "Doctor: Okay, let me look": a speaker label before speech
    if tag == "signed_by" and " " not in text[s:e] and _only_words(text[s:e], clinical_too=True):
        return None  # "seen by ID, ortho": a service; "referred by MUSC Health" is a place the other rules miss
    if tag == "signed_by" and is_shouted(text, s, e):
        # In capitals the sentence runs on after the name, and a name opens with no plain word: "SEEN BY JOHN SMITH
        # TODAY" -> JOHN SMITH; "SEEN BY PRIVATE DOCTOR BECAUSE OF" is no one
        if is_plain_word(text[s:e].split()[0]):
            return None
        e = _end_before_plain_words(text, s, e)
    if tag in _LABEL_TAGS | {"role"} and is_language(text[s:e]):
        return None  # "Interpreter: Mandarin"
    quoted = tag == "relative" and text[s - 1 : s] in ('"', "“")  # acquaintance "Smoke": a street name
    # "w/ wife Comfort": after a relation written in lower case a capitalised word is a given name,
    # even an everyday one (Hope, Will, Comfort)
    quoted = quoted or (
        tag == "relative"
        and m.group()[:1].islower()
        and re.fullmatch(r"[A-Z][a-z'-]+", text[s:e]) is not None
        and not is_function_word(text[s:e])
        and not is_clinical_word(text[s:e])
    )
    if (
        tag not in _LABEL_TAGS | {"doctor_title"}
        and not (quoted or _short_surname(text[s:e]))
        and _only_words(text[s:e], clinical_too=False)
    ):
        return None  # "Mrs. Good morning"; "Mr. Ng" is his name
    name_words = text[s:e].split()
    if (
        tag in ("credential", "person_title")
        and is_shouted(text, s, e)
        and all(is_plain_word(w) and len(w.strip(".")) > 1 for w in name_words)  # an initial is a name's ("OWEN P.")
    ):
        return None  # "MOVE FURNITURE, DO STRENUOUS", "NO SIG MR. MITRAL INFLOW": a verb, a valve's leak
    if tag == "before_phone" and not (
        is_first_name(name_words[0]) or not any(is_english_word(w.lower()) for w in name_words)
    ):
        return None  # "Maple Terrace 802-555-0164", "Doula Collective, 207-...": a place's line
    if tag == "relative" and _EPONYM_NEXT.match(text, e):
        return None  # "Daughter: Hashimoto thyroiditis", "Brother: Lou Gehrig disease": an eponym
    if tag == "credential" and (
        _only_words(text[s:e], clinical_too=True)
        or (
            _LABEL_AFTER_CREDENTIAL.match(text, e)
            and all(
                is_english_word(w.lower()) and not is_first_name(w) and _SERVICE_WORD.search(w)
                for w in text[s:e].split()
            )
        )
    ):
        return None  # "Neonatal NP: Brandy Lark", "Hospice RN": a service's clinician, not a name
    if tag == "role" and text.startswith(":", e) and _only_words(text[s:e], clinical_too=True):
        return None  # "Attending Addendum:": a heading; "RN Hollis Baptiste: pt arrived" is a name
    if tag == "doctor_title" and is_shouted(text, s, e):
        # "CALL YOUR DOCTOR BECAUSE OF PAIN": in capitals the words after the title may be the sentence's
        if (cut := _end_before_plain_words(text, s, e)) is None:
            return None
        e = cut
    if tag == "doctor_title" and (
        (text[s:e].isupper() and is_clinical_word(text[s:e]))
        or (is_function_word(first := m.group("n").split()[0]) and not re.fullmatch(r"[A-Z]\.", first))
    ):
        return None  # "Azure XT DR MRI": a dual-chamber device; "CALL YOUR DOCTOR OR RETURN": no one
    return s, e


def _titled(tag: str, score: float) -> PartsHook:
    """Parts of a rule whose name "n" _titled_span trims and judges."""

    def parts(text: str, m: re.Match[str]) -> list[Part]:
        span = _titled_span(text, m, tag)
        return [] if span is None else [(*span, score)]

    return parts


def _credential_parts(text: str, m: re.Match[str]) -> list[Part]:
    span = _titled_span(text, m, "credential")
    # a name in capitals ("KAREN TU, RN") is surer after a credential than before one
    return [] if span is None else [(*span, 0.8 if m.re is _CREDENTIAL_CAPS else 0.85)]


def _credential_settle(text: str, m: re.Match[str]) -> re.Match[str] | None:
    return _whole_name(text, m) if m.re is _CREDENTIAL else m


def _role_parts(text: str, m: re.Match[str]) -> list[Part]:
    span = _titled_span(text, m, "role")
    if span is None:
        return []
    if m.group("m") and not _only_words(m.group("m"), clinical_too=True):
        return [(*span, 0.75), (m.start("m"), m.end("m"), 0.75)]  # the second of two: "interns Bao and Kofi"
    return [(*span, 0.75)]


def _relative_parts(text: str, m: re.Match[str]) -> list[Part]:
    span = _titled_span(text, m, "relative")
    if span is None:
        return []
    parts = [(*span, 0.7)]
    # and the next names of its list: "sons Brody (8) and Cash (5)"
    end = span[1]
    while (nxt := _next_name(text, end)) and (
        (nxt.group("a") and nxt.group("b")) or not is_ordinary_word(nxt.group("n"))
    ):
        parts.append((nxt.start("n"), nxt.end("n"), 0.7))
        end = nxt.end("n")
    return parts


def _doctors_list_parts(text: str, m: re.Match[str]) -> list[Part]:
    # the names after the first, which doctor_title finds: "Drs. Ahmed and Fischer"
    parts, base = [], m.start("rest")
    for part in settled_matches(_DOCTORS_LIST_NAME, m.group("rest"), _name_at_end):
        trimmed = _trim(text, base + part.start("n"), base + part.end("n"))
        if trimmed and not _only_words(text[trimmed[0] : trimmed[1]], clinical_too=False):
            parts.append((*trimmed, 0.85))
    return parts


def _dictation_parts(text: str, m: re.Match[str]) -> list[Part]:
    if m.group("g"):
        return []  # flowsheet_initials
    a, b = ("a", "b") if m.group("a") else ("c", "d") if m.group("c") else ("e", "f")
    if is_function_word(m.group(a)) or is_function_word(m.group(b)):
        return []  # "and/or"
    if a == "e" and is_ordinary_word(m.group(b)) and not _FOOTER_NEXT.match(text, m.end()):
        return []  # "IV/po  q6h", "prn:bid"; "PVI/tm   DD 01/08/2096" is a footer
    return [(m.start(a), m.end(a), 0.7), (m.start(b), m.end(b), 0.7)]


def _not_ordinary(text: str, m: re.Match[str]) -> bool:
    return not is_ordinary_word(m.group("n"))


def _role_initials_ok(text: str, m: re.Match[str]) -> bool:
    return m.group("n").lower() not in _NOT_INITIALS and not is_clinical_word(m.group("n"))


def _signed_initials_ok(text: str, m: re.Match[str]) -> bool:
    return m.group("n").lower() not in _NOT_INITIALS


def _sign_off_parts(text: str, m: re.Match[str]) -> list[Part]:
    parts = []
    if (initials := m.group("s")) and initials.lower() not in _NOT_INITIALS and not is_function_word(initials):
        parts.append((m.start("s"), m.end("s"), 0.65))
    for group in ("n", "a", "b", "c"):
        initials = m.group(group)
        # on a flowsheet row the initials are the signature, abbreviations or not ("TO", "AS")
        # "...as edited above. -PR": after a finished sentence even an abbreviation's letters sign it
        signed = group == "n" and re.search(r"[.!?)][ \t]+$", text[max(0, m.start() - 3) : m.start()])
        if initials and initials.upper() == "MET":
            continue  # "Knee flexion at least 130 degrees by 12 weeks - MET": a therapy goal's status
        if initials and (group != "n" or signed or not is_clinical_word(initials)):
            if initials.lower() not in ROLE_ABBREVIATIONS:
                parts.append((m.start(group), m.end(group), 0.65))
    return parts


def _last_group(score: float) -> PartsHook:
    """One part: whichever named group of the pattern's alternatives took part."""

    def parts(text: str, m: re.Match[str]) -> list[Part]:
        return [(m.start(m.lastgroup), m.end(m.lastgroup), score)]

    return parts


def _by_initials_ok(text: str, m: re.Match[str]) -> bool:
    g = m.lastgroup
    # after a staff label ALL-CAPS letters are someone's even when they spell a word ("Resident: AG")
    labelled = g == "c" and m.group(g).isupper() and m.group(g) != "NA"
    return m.group(g).lower() not in _NOT_INITIALS and not (
        g not in "nr" and not labelled and is_ordinary_word(m.group(g))
    )


def _stamp_initials_ok(text: str, m: re.Match[str]) -> bool:
    g = m.lastgroup
    return m.group(g).lower() not in _NOT_INITIALS and (g == "c" or not is_ordinary_word(m.group(g)))


def _letter_parts(text: str, m: re.Match[str]) -> list[Part]:
    g = "n" if m.group("n") else "l"
    return [(m.start(g), m.end(g), 0.7)]


def _title_and_letter(text: str, m: re.Match[str]) -> list[Part]:
    return [(m.start(), m.end("n"), 0.7)]  # "Mr. K": the letter alone says too little to stand apart


def _nickname_ok(text: str, m: re.Match[str]) -> bool:
    given, nick = m.group("n"), m.group("k")
    return is_first_name(nick) and not is_ordinary_word(given) and not is_ordinary_word(nick)


def _initials_line_ok(text: str, m: re.Match[str]) -> bool:
    return not is_ordinary_word(m.group("n")) and m.group("n").lower() not in _NOT_INITIALS


def _goes_by_ok(text: str, m: re.Match[str]) -> bool:
    quoted = text[m.start("n") - 1 : m.start("n")] in ('"', "“", "'")
    # "the fungus, known as Trichophyton": only a quoted name is anyone's after "known as" or "prefers"
    loose = m.group("v").lower().startswith(("known", "prefers"))
    return quoted or not (loose or is_ordinary_word(m.group("n")))


def _username_ok(text: str, m: re.Match[str]) -> bool:
    g = m.lastgroup
    return not is_ordinary_word(m.group("l") if g == "n" else m.group(g))  # "followed by po2" is no one


def _caps_person_parts(text: str, m: re.Match[str]) -> list[Part]:
    tokens = list(re.finditer(r"[^\s,]+", m.group("n")))
    if any(t.group() in _CAPS_ROLE_WORDS for t in tokens):
        return []
    # "CHAPLAIN VISITED", "PER ROSS VISITED": the sentence's next word, which no name list holds, ends the name.
    while tokens and (is_ordinary_word(tokens[-1].group()) or is_dictionary_word(tokens[-1].group())):
        tokens.pop()
    if not tokens or any(is_ordinary_word(t.group()) or _plain_compound(t.group()) for t in tokens):
        return []  # "PER WEIGHT-BASED NOMOGRAM": a compound of plain words is no double-barrelled name
    return [(m.start("n"), m.start("n") + tokens[-1].end(), 0.6)]


def _plain_compound(word: str) -> bool:
    parts = word.split("-")
    return len(parts) > 1 and all(p and is_plain_word(p) for p in parts)


def _first_name_lower_ok(text: str, m: re.Match[str]) -> bool:
    tok = m.group("n")
    return is_first_name(tok) and not (is_function_word(tok) or is_clinical_word(tok) or is_common_word(tok))


def _surname_lower_ok(text: str, m: re.Match[str]) -> bool:
    tok = m.group("n")
    return not (is_english_word(tok) or is_function_word(tok) or is_clinical_word(tok) or is_common_word(tok))


def _clinician_surname_lower_ok(text: str, m: re.Match[str]) -> bool:
    # "md paged", "rn assessed", "pa pressures", "rn staffing": a word of prose, inflected or not (the dictionary
    # leaves out "staff", a surname too), a drug or a unit after the title; "dr fleming" is a surname's -ing. A
    # possessive makes even a word someone's ("paged dr bell's covering md").
    tok = m.group("n")
    if len(tok) < 3 or tok.endswith("'s") or is_function_word(tok):  # "dr. x's office": a letter's possessive
        return False
    if m.end() > m.end("n"):
        return tok not in NAME_STOP_WORDS  # "per nurse practitioner's note": a role's
    return (
        _surname_lower_ok(text, m)
        and not (is_dictionary_word(tok) or is_drug_name(tok) or is_unit(tok) or is_name_stop_word(tok))
        and not (tok.endswith("ing") and not is_name_word(tok))
    )


def _officer_ok(text: str, m: re.Match[str]) -> bool:
    return is_first_name(m.group("f")) and not is_clinical_word(m.group("f"))


def _first_name_caps_ok(text: str, m: re.Match[str]) -> bool:
    # ALL-CAPS "HUSBAND JORGE AT BEDSIDE": no case tells a name from a word, a first-name list does
    tok = m.group("n")
    return tok.isupper() and is_first_name(tok) and not is_function_word(tok) and not is_clinical_word(tok)


def _titled_rule(name: str, entity_type: str, pattern: re.Pattern[str], score: float, **fields) -> Rule:
    """A rule whose name "n" _titled_span trims and judges."""
    return Rule(
        name=name, entity_type=entity_type, patterns=(pattern,), score=score, parts=_titled(name, score), **fields
    )


_RULES: tuple[Rule, ...] = (
    _titled_rule(
        "doctor_title",
        "PROVIDER",
        _DOCTOR,
        0.9,
        settle=_name_at_end,
        description="a name after Dr, Doctor or Drs (the first of several); a title word ends it",
        examples=("f/u with Dr. «Maria Lopez» next week", "Dr. «Smith» Dr. «Jones»", "DR «KHAN» AT BEDSIDE"),
        counterexamples=("CALL YOUR DOCTOR OR RETURN", "Azure XT DR MRI"),
    ),
    _titled_rule(
        "person_title",
        "NAME",
        _PERSON_TITLE,
        0.88,
        settle=_name_at_end,
        accept=_no_abbreviation,
        description="a name after Mr, Mrs, Ms, Miss, Mx, Master, Mme, Sr or Sra",
        examples=("Mrs. «Alvarez» called back", "spoke with Mr «O'Donnell-Ruiz»"),
        counterexamples=("mild MR. Omental adhesions",),
    ),
    _titled_rule(
        "civil_title",
        "NAME",
        _CIVIL_TITLE,
        0.8,
        settle=_name_at_end,
        description="a name after an office: detective, officer, judge, attorney, pastor, rabbi, doña, ...",
        examples=("Det. «Alan Szymanski» called", "Judge «Reyes» ordered", "Doña «Chela» visited"),
        counterexamples=("Officer Good morning",),
    ),
    Rule(
        name="credential",
        entity_type="PROVIDER",
        patterns=(_CREDENTIAL, _CREDENTIAL_CAPS),
        score=0.85,
        settle=_credential_settle,
        parts=_credential_parts,
        description="a name before a credential: MD, RN, NP, PhD, PA-C, LCSW, ...",
        examples=("«Lena Ortiz», M.D.", "«Priya Natarajan» RN", "«KAREN TU», RN"),
        counterexamples=("Hospice RN", "Neonatal NP: Brandy Lark"),
    ),
    _titled_rule(
        "patient_label",
        "NAME",
        _PATIENT_LABEL,
        0.85,
        settle=_name_at_end,
        description="a name after a patient's or contact's label: Patient, Name, Caller, Guardian, Alias, ...",
        examples=("Patient: «Ruiz, Maria»", "Emergency contact: «Tomas Ruiz»", "Trauma alias: TRAUMA, «JUNIPER»"),
        counterexamples=("Patient: Mandarin",),
    ),
    _titled_rule(
        "provider_label",
        "PROVIDER",
        _PROVIDER_LABEL,
        0.8,
        settle=_name_at_end,
        description="a name after a clinician's label: Attending, PCP, Surgeon, Nurse, Interpreter, cc, ...",
        examples=("Attending: «Ira Feldman»", "PCP: Dr. «Leonard Tsai»"),
        counterexamples=("Doctor: Okay, let me look", "Interpreter: Mandarin"),
    ),
    _titled_rule(
        "signed_by",
        "PROVIDER",
        _SIGNED,
        0.8,
        settle=_name_at_end,
        description="a name after dictated, signed, reviewed, seen ... by",
        examples=("Electronically signed by: «Priya Natarajan», MD", "seen by «Hollis Baptiste»"),
        counterexamples=("pt seen by ID, renal, cards", "SEEN BY ORTHO, PT, OT"),
    ),
    _titled_rule(
        "closing",
        "PROVIDER",
        _CLOSING,
        0.75,
        settle=_name_at_end,
        description="a name on the line after Sincerely, Regards, Thank you",
        examples=("Sincerely,\n«Helen Zhou»",),
    ),
    _titled_rule(
        "attn",
        "NAME",
        _ATTN,
        0.7,
        settle=_name_at_end,
        description="the person a fax or letter is for, after attn (in capitals, after attention only with its colon)",
        examples=("HR fax ... attn «Deb Farrow»",),
        counterexamples=("SPECIAL ATTENTION PAID TO RECTUM",),
    ),
    _titled_rule(
        "thanks_signed",
        "NAME",
        _THANKS_SIGNED,
        0.7,
        settle=_signed_thanks,
        description="a message signed on its thanks line",
        examples=("thanks, «Viv»", "Thx - «Rob»"),
        counterexamples=("thanks, Doctor", "Thanks - All"),
    ),
    _titled_rule(
        "signature",
        "PROVIDER",
        _SLASH_S,
        0.7,
        settle=_name_at_end,
        description="a name on a signature line after /s/ or a rule",
        examples=("/s/ «Mark Bell»", "note\n-- «Nadia Haddad»"),
        counterexamples=("--- Reply (3/21/2091 9:30 AM) ---",),
    ),
    Rule(
        name="role",
        entity_type="PROVIDER",
        patterns=(_ROLE,),
        score=0.75,
        settle=_role_name,
        accept=_role_not_verb,
        parts=_role_parts,
        description="a clinician named by role in running text: PCP, cardiologist, NP, crew, ...",
        examples=("his PCP «Leonard Tsai»", "cardiologist «Ira Feldman»", "crew «Pruitt»/«Mbeki»"),
        counterexamples=("He will be attending Maize High School", "Attending Addendum:"),
    ),
    Rule(
        name="relative",
        entity_type="NAME",
        patterns=(_RELATIVE,),
        score=0.7,
        settle=_relative_name,
        parts=_relative_parts,
        description="a name after a relation (wife, son, guardian, ...) and the next names of its list",
        examples=("lives with wife «Rosa»", "sons «Brody» (8) and «Cash» (5)", "w/ wife «Comfort»"),
        counterexamples=("Daughter: Hashimoto thyroiditis", "Brother: Lou Gehrig disease"),
    ),
    _titled_rule(
        "name_then_relation",
        "NAME",
        _NAME_THEN_RELATION,
        0.7,
        settle=_whole_name,
        description="a name with its relation in brackets after it",
        examples=("«Rosa» (dtr) called", "«Tomas Ruiz» (son) drove her"),
    ),
    _titled_rule(
        "caps_last_first",
        "NAME",
        _CAPS_LAST_FIRST,
        0.8,
        settle=_label_opens_word,
        accept=_shorthand_free,
        description="LAST, FIRST in capitals after a label or at a line's start, before an age, bed or number",
        examples=("«RUIZ, MARIA» 45F BED 4", "pt «RUIZ, MARIA» MRN 12345"),
        counterexamples=("WELL, TMAX 101",),
    ),
    _titled_rule(
        "list_row",
        "NAME",
        _LIST_ROW_NAME,
        0.75,
        settle=_list_row,
        accept=_shorthand_free,
        description="a name in a patient list's row, before age and sex",
        examples=('7S-720  «ROSEN, Yehuda» "Yudi"  47M  MRN 1', "8N-806  «Fairweather, Summer»  29F"),
    ),
    _titled_rule(
        "trainee",
        "PROVIDER",
        _TRAINEE,
        0.8,
        settle=_whole_name,
        description="a resident with the training year after the name",
        examples=("Night: «Wren Castellanos» (R1)", "«Bao Tran» (PGY-2)"),
    ),
    _titled_rule(
        "role_after",
        "PROVIDER",
        _ROLE_AFTER,
        0.75,
        settle=_staff_name,
        description="staff named with the role in brackets after them",
        examples=("«Li Na» (interpreter #40217)", "«Jo Abara» (SW)"),
        counterexamples=("Son (RN)",),
    ),
    _titled_rule(
        "before_phone",
        "NAME",
        _NAME_BEFORE_PHONE,
        0.7,
        settle=_whole_name,
        description="a contact named right before the number to call",
        examples=("Intake: «Shondra Willis», ph 314-555-0163", "«Mo Haddad» x 5-2291"),
        counterexamples=("Maple Terrace 802-555-0164",),
    ),
    Rule(
        name="doctors_list",
        entity_type="PROVIDER",
        patterns=(_DOCTORS_MORE,),
        score=0.85,
        settle=_doctors_list,
        parts=_doctors_list_parts,
        description="the names after the first after Drs",
        examples=("Drs. Ahmed and «Fischer»", "Drs. Lee, «Park» and «Cho»"),
    ),
    Rule(
        name="dictation_initials",
        entity_type="PROVIDER",
        patterns=(_DICTATION_INITIALS,),
        score=0.7,
        settle=_footer_initials,
        parts=_dictation_parts,
        description="author's and typist's initials at a note's foot (AM/kt)",
        examples=("Thank you.\n«AM»/«kt»", "DD: 05/22/98  DT: 05/22/98  «JP»/«mw»  Tr. #771402"),
        counterexamples=("take and/or leave", "IV/po  q6h"),
    ),
    Rule(
        name="flowsheet_initials",
        entity_type="PROVIDER",
        patterns=(_DICTATION_INITIALS,),
        score=0.7,
        settle=_footer_initials,
        group="g",
        description="initials signing a flowsheet row after its time",
        examples=("0800 -- «RE»",),
    ),
    Rule(
        name="signed_initials",
        entity_type="PROVIDER",
        patterns=(_SIGNED_INITIALS,),
        score=0.7,
        accept=_signed_initials_ok,
        group="n",
        description="initials after dictated, transcribed, typed ... by",
        examples=("Transcribed by: «lt»", "Note by: «XQ»"),
        counterexamples=("Signed by: me",),
    ),
    Rule(
        name="sign_off",
        entity_type="PROVIDER",
        patterns=(_SIGN_OFF_INITIALS,),
        score=0.65,
        settle=_after_sentence,
        parts=_sign_off_parts,
        description="initials signing off a line or a message",
        examples=("BMP and A1c at that visit. -«TK»", "voicemail. -«kpw»", "VS WNL ...... «TO»/«BMC»"),
        counterexamples=("Knee flexion at least 130 degrees by 12 weeks - MET",),
    ),
    Rule(
        name="by_initials",
        entity_type="PROVIDER",
        patterns=(_BY_INITIALS,),
        score=0.65,
        accept=_by_initials_ok,
        parts=_last_group(0.65),
        description="initials of who did, typed, drew or answered something",
        examples=("Glucose (POC): 188     FS by «JT»", "Collector: «dmb»", "Reply «KB» NP 5/17:"),
    ),
    Rule(
        name="stamp_initials",
        entity_type="PROVIDER",
        patterns=(_STAMP_INITIALS,),
        score=0.65,
        accept=_stamp_initials_ok,
        parts=_last_group(0.65),
        description="initials beside a date-time stamp on a line of their own",
        examples=("«KV»  02/04/2025 14:05", "3/11/2025 14:30 — «MJ»"),
    ),
    Rule(
        name="signature_code",
        entity_type="PROVIDER",
        patterns=(_SIGNATURE_CODE,),
        score=0.7,
        group="n",
        description="a dictator's code beside the signed name's credential",
        examples=("Lena Ortiz, M.D.     «LO47»",),
    ),
    Rule(
        name="doctor_letter",
        entity_type="PROVIDER",
        patterns=(_DOCTOR_LETTER,),
        score=0.7,
        parts=_letter_parts,
        description="a doctor a note names by one letter",
        examples=("f/u w/ Dr «F»", "f/u w/ dr «k»", "Dr. «H-D»"),
        counterexamples=("Dr. K. Smith",),
    ),
    Rule(
        name="title_letter",
        entity_type="NAME",
        patterns=(_TITLE_LETTER,),
        score=0.7,
        parts=_title_and_letter,
        description="a title before one capital letter, both marked",
        examples=("the teacher «Mr. K» called",),
    ),
    Rule(
        name="name_then_nickname",
        entity_type="NAME",
        patterns=(_NAME_THEN_NICKNAME,),
        score=0.7,
        settle=_name_and_nickname,
        accept=_nickname_ok,
        group="n",
        description="a given name before the nickname in quotes the person goes by",
        examples=('«Michal» "Mike" was there',),
    ),
    Rule(
        name="initials_line",
        entity_type="PROVIDER",
        patterns=(_INITIALS_LINE,),
        score=0.65,
        accept=_initials_line_ok,
        group="n",
        description="initials alone on the line after a finished sentence",
        examples=("...faxed.\n«HK»", "Sorry to bother.\n«V.»"),
    ),
    Rule(
        name="quoted_person",
        entity_type="NAME",
        patterns=(_QUOTED_PERSON,),
        score=0.7,
        settle=_not_speech,
        accept=_not_ordinary,
        group="n",
        description="a quoted nickname after a word for a person",
        examples=('Foreman "«Chuy»" told him', 'closest friend on the street is "«Smokey»"'),
        counterexamples=('friend said "Hello"',),
    ),
    Rule(
        name="goes_by",
        entity_type="NAME",
        patterns=(_GOES_BY,),
        score=0.75,
        settle=_whole_name,
        accept=_goes_by_ok,
        group="n",
        description="the name a person goes by, is known as or prefers",
        examples=('goes by "«Sal»"', 'known as "«Bud»"'),
        counterexamples=("the fungus, known as Trichophyton",),
    ),
    Rule(
        name="typist_initials",
        entity_type="PROVIDER",
        patterns=(_TYPIST_AFTER_DATE,),
        score=0.7,
        accept=_not_ordinary,
        group="n",
        description="typist initials after the transcription date-time",
        examples=("D: 11/30/2092 11:02   T: 11/30/2092 14:15   «jmc»",),
    ),
    Rule(
        name="bracket_initials",
        entity_type="PROVIDER",
        patterns=(_BRACKET_INITIALS,),
        score=0.65,
        accept=_not_ordinary,
        group="n",
        description="initials in brackets closing a paragraph",
        examples=("Cell blocks prepared. («jk»)",),
    ),
    Rule(
        name="role_initials",
        entity_type="PROVIDER",
        patterns=(_ROLE_INITIALS,),
        score=0.65,
        accept=_role_initials_ok,
        group="n",
        description="initials after a team role",
        examples=("MS3 «TJ»", "Cross-cover («RS») paged at 02:30"),
    ),
    Rule(
        name="username",
        entity_type="PROVIDER",
        patterns=(_USERNAME_AFTER_BY,),
        score=0.65,
        accept=_username_ok,
        parts=_last_group(0.65),
        description="a system username after by or a label, or in brackets after a credential",
        examples=(
            "Dictated 12/03/2090 by «kn72»",
            "Recorder: «mflores2»",
            "Maeve O'Donnell-Ruiz, RN  [«modonnellruiz»]",
        ),
        counterexamples=("followed by po2",),
    ),
    Rule(
        name="caps_person_context",
        entity_type="PROVIDER",
        patterns=(_CAPS_PERSON_CONTEXT,),
        score=0.6,
        settle=_caps_person,
        parts=_caps_person_parts,
        description="a clinician in ALL-CAPS shorthand after D/W, PER or a role",
        examples=("D/W FELLOW «WONG»", "PER «ROSS»", "CHAPLAIN «ROSS» VISITED"),
        counterexamples=("D/W CARDS FELLOW", "NP    NPI: 1234", "CHAPLAIN VISITED"),
    ),
    Rule(
        name="relative_lower",
        entity_type="NAME",
        patterns=(_RELATIVE_LOWER,),
        score=0.7,
        accept=_first_name_lower_ok,
        group="n",
        description="a known given name after a relation word in a note typed in lower case",
        examples=("lives w wife «maria»", "boss «renata» called"),
    ),
    Rule(
        name="civil_title_lower",
        entity_type="NAME",
        patterns=(_CIVIL_TITLE_LOWER,),
        score=0.7,
        accept=_surname_lower_ok,
        group="n",
        description="a surname the dictionary lacks after an office in a note typed in lower case",
        examples=("dep. «ocampo» verified transfer",),
    ),
    Rule(
        name="clinician_title_lower",
        entity_type="PROVIDER",
        patterns=(_CLINICIAN_TITLE_LOWER,),
        score=0.7,
        accept=_clinician_surname_lower_ok,
        group="n",
        description="a surname the dictionary lacks after a clinician's title in lower case",
        examples=("np «kowalczyk» placed picc", "dr «okafor» will call back"),
        counterexamples=("md paged re: k 3.1", "rn assessed pt", "pa pressures 40s", "np aware", "rn staffing ok"),
    ),
    Rule(
        name="probation_officer",
        entity_type="NAME",
        patterns=(_PO_OFFICER,),
        score=0.75,
        settle=_whole_name,
        accept=_officer_ok,
        group="n",
        description="a probation or parole officer after PO, only before a known given name",
        examples=("PO «Maria Lopez» called",),
        counterexamples=("PO Tylenol Extra",),
    ),
    Rule(
        name="relative_caps",
        entity_type="NAME",
        patterns=(_RELATIVE_CAPS,),
        score=0.75,
        accept=_first_name_caps_ok,
        group="n",
        description="a known given name in capitals after a relation word",
        examples=("HUSBAND «JORGE» AT BEDSIDE",),
    ),
)


class NameRuleRecognizer(RuleRecognizer):
    """The rules of this module as the recognizer "titled_name"."""

    def __init__(self) -> None:
        super().__init__("titled_name", _RULES)


# A clinician's role written around a name, in the words the PROVIDER rules above read: before it a title
# ("dr. okonkwo"), a role ("PA Lindqvist", "crew (Joey"), a clinician's label ("Attending: dr."), a signing verb
# ("Encounter reviewed by") or who said so ("per", "d/w", "paged"); after it a credential (", md", " RN") or a
# staff role or training year in brackets ("(tech)", "(PGY-2)"). Case aside: the rules need capitalised names,
# this reads the words around a name the model found in a note typed in lower case too.
_ROLE_BEFORE_NAME = re.compile(
    rf"(?<![\w])(?i:(?:{DOCTOR_TITLES})\.?|(?:{ROLE_WORDS})s?(?:[ \t]+{_ROLE_QUALIFIER})?,?[ \t]*\(?"
    rf"|(?:{PROVIDER_LABELS})[ \t]*:|(?:{SIGNED_VERBS}|{INITIALS_SIGNED_VERBS})[ \t]+by[ \t]*:?|{WHO_SAID_SO})"
    rf"[ \t]*(?:(?i:{DOCTOR_TITLES})\.?[ \t]*)?$"
)
_ROLE_AFTER_NAME = re.compile(
    # ", MS, RD, LDN": a credential or staff role after a comma, maybe after other letters ("Kofi Hale, PT, DPT")
    rf"[ \t]*,[ \t]*(?:[A-Z][A-Za-z]{{1,4}},[ \t]*){{0,2}}"
    rf"(?:(?i:{CREDENTIALS}|{ROLE_WORDS})|{STAFF_IN_BRACKETS})(?![\w])"
    rf"|[ \t]+(?:{CREDENTIALS})(?![\w])"
    rf"|[ \t]*\((?:(?i:{ROLE_WORDS}|{CREDENTIALS})|{STAFF_IN_BRACKETS}|{TRAINING_YEARS})(?![\w])"
)
_CONTEXT_REACH = 60


def clinical_role_near(text: str, start: int, end: int) -> bool:
    """Whether the words just around text[start:end], on its line, name the person there in a clinical role."""
    line_start = text.rfind("\n", max(0, start - _CONTEXT_REACH), start) + 1
    if _ROLE_BEFORE_NAME.search(text, max(line_start, start - _CONTEXT_REACH), start) is not None:
        return True
    return _ROLE_AFTER_NAME.match(text, end, min(len(text), end + _CONTEXT_REACH)) is not None
