"""Site profiles in the engine: the site's names found in the forms notes write them, the allow list's veto,
the promise never to report less than without a profile, and cost linear in the text and flat in entries."""

from __future__ import annotations

import random
import time

import pytest
from phiguard.common.profiles import parse_body
from phiguard.inference.engine import ProfileStats, SiteProfile, compile_profile
from phiguard.inference.engine.profile import apply_profile
from phiguard.inference.engine.span import Span

BODY = {
    "lists": [
        {"name": "facilities", "entity_type": "ORGANIZATION",
         "entries": ["Mercy Hospital", "MH", "Brandt Hospital", "brandt", "St. Mary's Medical Center"]},
        {"name": "buildings", "entity_type": "LOCATION", "entries": ["Ellery", "Haskell Pavilion"]},
        {"name": "staff", "entity_type": "PROVIDER", "entries": ["Ada Quill", "Tomas Reyes"]},
    ],
    "allow": ["Pyxis", "Foley", "Vocera"],
}


@pytest.fixture(scope="module")
def profile() -> SiteProfile:
    return compile_profile("mercy", 1, parse_body(BODY))


def _hits(profile: SiteProfile, text: str) -> list[tuple[str, str, str]]:
    return [(text[s.start:s.end], s.entity_type, s.source) for s in profile.find(text)]


@pytest.mark.parametrize(("text", "found"), [
    ("pt transferred from mh today", ("mh", "ORGANIZATION", "profile:facilities")),
    ("MH's ED was full overnight", ("MH", "ORGANIZATION", "profile:facilities")),
    ("Transferred from M.H. ED", ("M.H", "ORGANIZATION", "profile:facilities")),
    ("seen on ellery3 overnight", ("ellery3", "LOCATION", "profile:buildings")),
    ("moved up to ELLERY 4 after the cath", ("ELLERY", "LOCATION", "profile:buildings")),
    ("bed 12 on ELLERY4B", ("ELLERY4B", "LOCATION", "profile:buildings")),
    ("3MH charge nurse aware", ("3MH", "ORGANIZATION", "profile:facilities")),
    ("f/u at brandt hosp. next wk", ("brandt hosp", "ORGANIZATION", "profile:facilities")),
    ("BRANDT HOSPITAL ED", ("BRANDT HOSPITAL", "ORGANIZATION", "profile:facilities")),
    ("admitted to st marys med ctr", ("st marys med ctr", "ORGANIZATION", "profile:facilities")),
    ("Quill, Ada signed the order", ("Quill, Ada", "PROVIDER", "profile:staff")),
    ("d/w A. Quill", ("A. Quill", "PROVIDER", "profile:staff")),
    ("per tomas reyes rn", ("tomas reyes", "PROVIDER", "profile:staff")),
    ("lab in the haskell pav.", ("haskell pav", "LOCATION", "profile:buildings")),
    ("sent to brandt med ctr", ("brandt med ctr", "ORGANIZATION", "profile:facilities")),
])
def test_deny_entries_in_the_forms_notes_write(profile, text, found):
    assert found in _hits(profile, text)


def test_a_hit_joins_the_spans_it_partly_overlaps(profile):
    text = "Sent to Brandt Hospital ED by ambulance."
    partial = [Span(15, 26, "LOCATION", 0.9, "model")]  # "Hospital ED": overlaps the hit's end only
    joined = apply_profile(text, partial, profile, None, ProfileStats())
    assert [(text[s.start:s.end], s.source) for s in joined] == [("Brandt Hospital ED", "profile:facilities")]
    # Asked for locations only, the union (an organisation) would hide the span: it stands as it was.
    assert apply_profile(text, partial, profile, frozenset({"LOCATION"}), ProfileStats()) == partial
    inside = [Span(8, 14, "NAME", 0.9, "model")]  # "Brandt": wholly inside the hit
    assert [text[s.start:s.end] for s in apply_profile(text, inside, profile, None, ProfileStats())] == [
        "Brandt Hospital"]


@pytest.mark.parametrize("text", [
    "the mhc score", "amh level drawn", "Elleryville is far", "Quillan", "brandtson", "Adam Quill",
])
def test_only_whole_words_match(profile, text):
    assert _hits(profile, text) == []


def test_the_longest_entry_wins(profile):
    assert _hits(profile, "from Brandt Hospital today") == [
        ("Brandt Hospital", "ORGANIZATION", "profile:facilities")]


def test_hits_in_the_pipeline_carry_their_source(engine, profile):
    text = "Pt seen on ellery3, transferred from mh; Dr Quill aware."
    stats = ProfileStats()
    spans = engine.detect(text, profile=profile, profile_stats=stats)
    found = {(text[s.start:s.end], s.source) for s in spans}
    assert ("ellery3", "profile:buildings") in found and ("mh", "profile:facilities") in found
    assert stats.hits >= 2


def test_the_allow_list_vetoes_only_spans_it_covers_exactly(engine, profile):
    text = "Meds pulled from Pyxis by the team. Pyxis Ward Smith called."
    model = [Span(17, 22, "NAME", 0.9, "model"), Span(36, 46, "ORGANIZATION", 0.9, "model")]
    stats = ProfileStats()
    without = [(text[s.start:s.end], s.source) for s in engine.detect(text, model_spans=model)]
    spans = [(text[s.start:s.end], s.source) for s in
             engine.detect(text, model_spans=model, profile=profile, profile_stats=stats)]
    assert ("Pyxis", "model") in without and ("Pyxis", "model") not in spans
    # "Pyxis Ward" is not exactly an allow entry: it stands.
    assert ("Pyxis Ward", "model") in without and ("Pyxis Ward", "model") in spans
    assert stats.allow_vetoes == 1


def test_the_allow_list_never_vetoes_the_profiles_own_names(engine):
    both = compile_profile("x", 1, parse_body({"lists": [{"name": "units", "entity_type": "LOCATION",
                                                          "entries": ["Ellery"]}], "allow": ["Ellery"]}))
    text = "Seen on Ellery today."
    assert [(text[s.start:s.end], s.source) for s in engine.detect(text, profile=both)] == [
        ("Ellery", "profile:units")]


def _covered(spans) -> set[int]:
    return {i for s in spans for i in range(s.start, s.end)}


_FRAGMENTS = [
    "Mercy Hospital", "mh", "Dr. Ada Quill", "ellery3", "Brandt", "Mr. John Smith", "on 3/4/2091", "MRN 4417730",
    "brandt hosp", "Haskell Pavilion", "called 555-201-3344", "Foley placed", "Pyxis", "St Mary's", "Quill, Ada",
    "pt stable.", "transferred from", "seen at", "\n", "Tomas", "Reyes", "Lakeside Clinic", "in Dunmore, OH",
]


@pytest.mark.parametrize("seed", range(25))
def test_a_profile_never_reports_less_than_model_and_rules(engine, profile, seed):
    rng = random.Random(seed)
    text = " ".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(3, 25)))
    model = [Span(i, min(i + rng.randint(2, 12), len(text)), rng.choice(["NAME", "ORGANIZATION", "LOCATION"]),
                  0.9, "model") for i in sorted(rng.sample(range(len(text) - 1), min(4, len(text) - 1)))]
    model = [s for k, s in enumerate(model) if k == 0 or s.start >= model[k - 1].end]
    for entity_types in (None, ["NAME"], ["ORGANIZATION", "LOCATION"]):
        base = engine.detect(text, model_spans=model, entity_types=entity_types)
        vetoed = [s for s in base if profile.allows(text[s.start:s.end])]
        with_profile = engine.detect(text, model_spans=model, entity_types=entity_types, profile=profile)
        assert _covered(base) - _covered(vetoed) <= _covered(with_profile), (seed, entity_types)


def _time(work, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def _big_profile(n: int) -> SiteProfile:
    rng = random.Random(n)
    letters = "abcdefghijklmnopqrstuvwxyz"
    entries = [" ".join("".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
                        for _ in range(rng.randint(1, 3))) for _ in range(n)]
    return SiteProfile("big", 1, [("staff", [(e, "PROVIDER") for e in entries]),
                                  ("facilities", [("Mercy Hospital", "ORGANIZATION"), ("MH", "ORGANIZATION")])])


def test_matching_is_linear_in_the_text_and_flat_in_the_entries(profile):
    unit = "Pt from MH to ellery3 overnight; d/w Ada Quill. Mercy Hospital ED. BP 120/80, afebrile. "
    small, large = unit * 100, unit * 1000
    ratio = _time(lambda: profile.find(large)) / _time(lambda: profile.find(small))
    assert ratio < 20, f"10x the text cost {ratio:.1f}x"  # linear: about 10
    few, many = _big_profile(5_000), _big_profile(50_000)
    ratio = _time(lambda: many.find(large)) / _time(lambda: few.find(large))
    assert ratio < 3, f"10x the entries cost {ratio:.1f}x"  # flat: about 1


def test_adversarial_texts_stay_linear(profile):
    for unit in ("mh " * 3, "M.H.", "a'", "Brandt Brandt Brandt Hosp ", "ellery3" * 5 + " ", "1" * 50):
        small, large = unit * (10_000 // len(unit)), unit * (100_000 // len(unit))
        small_s, large_s = _time(lambda s=small: profile.find(s)), _time(lambda s=large: profile.find(s), runs=2)
        assert large_s < max(20 * small_s, 0.05), (unit, small_s, large_s)
