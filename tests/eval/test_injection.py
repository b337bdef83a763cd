"""Injected PHI keeps exact offsets for every form in the catalogue, and lands at sentence boundaries."""

from __future__ import annotations

import random

import pytest
from eval_stubs import Span
from inject import (
    INJECT_SEED,
    InjectedDoc,
    InjectedGold,
    build_injected_docs,
    inject,
    make_fragments,
    recased,
    report_recased,
    score,
    sentence_boundaries,
    window,
)
from phi_forms import FORMS, FORMS_BY_NAME, fragment_text

CARRIER = (
    "HISTORY OF PRESENT ILLNESS:,The patient is a 67-year-old man seen for chest pain.  He denies fevers! "
    "Is he short of breath? No.\nPLAN: Continue aspirin 81 mg daily.,MEDICATIONS:,Lisinopril 10 mg. "
    "Vitals: BP 3.5 and HR 88. Follow up in two weeks."
)


def test_every_form_makes_non_empty_trimmed_phi_pieces() -> None:
    assert len(FORMS_BY_NAME) == len(FORMS), "form names are unique"
    for name, pieces in make_fragments(INJECT_SEED, per_form=10):
        phi = [(t, ty) for t, ty in pieces if ty is not None]
        assert phi, name
        for text, entity_type in phi:
            assert text and text == text.strip(), (name, text)
            assert entity_type == FORMS_BY_NAME[name].entity_type, name


def test_sentence_boundaries() -> None:
    text = "A b. C d.\nE f? G,SECTION:,H i 3.5 j"
    assert sentence_boundaries(text) == [0, 5, 10, 15, 26]
    for b in sentence_boundaries(CARRIER)[1:]:
        assert CARRIER[b - 1] in " \t\n,"
        assert not CARRIER[b].isspace()
    assert "3.5" in CARRIER and CARRIER.index("5 and") not in sentence_boundaries(CARRIER)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_injected_text_at_gold_offsets_is_the_generated_value(form) -> None:
    bounds = sentence_boundaries(CARRIER)
    r = random.Random(form.name)
    for name, pieces in make_fragments(INJECT_SEED, per_form=8, forms=[form]):
        other = make_fragments(INJECT_SEED + 1, per_form=1, forms=[FORMS[r.randrange(len(FORMS))]])[0]
        insertions = [(r.choice(bounds), name, pieces), (r.choice(bounds), other[0], other[1]), (0, name, pieces)]
        text, gold = inject(CARRIER, insertions)
        expected = [t for _, _, ps in sorted(insertions, key=lambda i: i[0]) for t, ty in ps if ty is not None]
        assert [g.value for g in gold] == expected
        for g in gold:
            assert text[g.start : g.end] == g.value
            assert g.entity_type in {FORMS_BY_NAME[g.form].entity_type}
        # The same as inserting each fragment + separator into the carrier by hand, last position first.
        ref = CARRIER
        for pos, _, ps in reversed(sorted(insertions, key=lambda i: i[0])):
            sep = "\n" if pos > 0 and CARRIER[pos - 1] == "\n" else " "
            ref = ref[:pos] + fragment_text(ps) + sep + ref[pos:]
        assert text == ref


def test_fragment_starts_at_a_boundary_and_ends_before_the_next_sentence() -> None:
    pieces = [("per ", None), ("r lamb", "PROVIDER"), (".", None)]
    b = sentence_boundaries(CARRIER)[2]
    text, gold = inject(CARRIER, [(b, "prov_per_initial_lower", pieces)])
    assert text[b : b + len("per r lamb. ")] == "per r lamb. "
    assert text[b + len("per r lamb. ") :] == CARRIER[b:]
    assert gold == [InjectedGold(b + 4, b + 10, "PROVIDER", "prov_per_initial_lower", "r lamb")]
    nl = CARRIER.index("\n") + 1
    text, _ = inject(CARRIER, [(nl, "x", pieces)])
    assert text[nl : nl + len("per r lamb.\n")] == "per r lamb.\n"


def test_window_cuts_at_sentence_boundaries() -> None:
    long = " ".join(f"Sentence number {i} is here." for i in range(200))
    for seed in range(5):
        w = window(long, 300, random.Random(seed))
        assert len(w) <= 300 and w.startswith("Sentence") and w.endswith("here.")


def test_built_documents_cover_every_form_with_exact_offsets_and_are_deterministic() -> None:
    pools = [("a", [CARRIER, CARRIER.lower()], 0.5), ("b", [CARRIER.upper() * 3], 0.5), ("empty", [], 1.0)]
    docs = build_injected_docs(pools, per_form=3, per_doc=4, max_chars=400)
    assert {g.form for d in docs for g in d.gold} == set(FORMS_BY_NAME)
    assert sum(len(d.gold) for d in docs) >= 3 * len(FORMS)
    for d in docs:
        assert d.carrier in {"a", "b"}
        for g in d.gold:
            assert d.text[g.start : g.end] == g.value
    again = build_injected_docs(pools, per_form=3, per_doc=4, max_chars=400)
    assert [(d.text, d.gold) for d in docs] == [(d.text, d.gold) for d in again]
    other = build_injected_docs(pools, seed=INJECT_SEED + 7, per_form=3, per_doc=4, max_chars=400)
    assert [d.text for d in docs] != [d.text for d in other]


def test_training_seeds_are_refused() -> None:
    with pytest.raises(ValueError):
        build_injected_docs([("a", [CARRIER], 1.0)], seed=20240613, per_form=1)


def test_overlap_recall_per_form_and_type() -> None:
    text = "xx dr okafor aware. MI 93, CABG 86. left msg for Lou."
    gold = [
        InjectedGold(6, 12, "PROVIDER", "prov_dr_lower", "okafor"),
        InjectedGold(23, 25, "DATE", "year2_pmh_list", "93"),
        InjectedGold(32, 34, "DATE", "year2_pmh_list", "86"),
        InjectedGold(49, 52, "NAME", "rel_first_msg", "Lou"),
    ]
    doc = InjectedDoc("d", "mtsamples", text, gold)
    for g in gold:
        assert text[g.start : g.end] == g.value
    pred = [
        Span(3, 12, "PROVIDER", 0.9, "titled_name:doctor_title"),
        Span(22, 25, "AGE", 0.9, "age:x"),
        Span(52, 53, "NAME", 0.9, "touching, not overlapping"),
    ]
    res = score([doc], [pred])
    assert (res.gold["ALL"], res.hit["ALL"], res.typed["ALL"]) == (4, 2, 1)
    assert res.recall("form:year2_pmh_list") == 0.5 and res.typed_recall("form:year2_pmh_list") == 0.0
    assert res.recall("form:prov_dr_lower") == 1.0 and res.recall("form:rel_first_msg") == 0.0
    assert res.recall("type:DATE") == 0.5 and res.gold["group:year"] == 2 and res.gold["carrier:mtsamples"] == 4
    assert res.missed == {"year2_pmh_list": ["86"], "rel_first_msg": ["Lou"]}


def test_documents_recased_keep_their_phi_at_the_same_offsets_in_the_new_case() -> None:
    text = "Seen by Dr Okafor. MI 93. Left msg for Lou."
    gold = [
        InjectedGold(11, 17, "PROVIDER", "prov_dr_lower", "Okafor"),
        InjectedGold(39, 42, "NAME", "rel_first_msg", "Lou"),
    ]
    grown = InjectedDoc(
        "ss", "mtsamples", "Straße 4. Left msg for Lou.", [InjectedGold(23, 26, "NAME", "rel_first_msg", "Lou")]
    )
    docs = [InjectedDoc("d", "aci-bench", text, gold), grown]
    upper = recased(docs, str.upper)
    assert [d.name for d in upper] == ["d"]  # "ß" upper-cases to "SS": its offsets would move, so it is left out
    assert upper[0].text == text.upper() and upper[0].carrier == "aci-bench"
    assert [(g.start, g.end, g.value) for g in upper[0].gold] == [(11, 17, "OKAFOR"), (39, 42, "LOU")]
    lower = recased(docs, str.lower)
    assert [[g.value for g in d.gold] for d in lower] == [["okafor", "lou"], ["lou"]]
    assert docs[0].text == text, "the documents as written are left as they were"


def test_the_one_case_report_names_the_forms_that_lose_in_that_case() -> None:
    text = "dr okafor aware. left msg for lou."
    gold = [
        InjectedGold(3, 9, "PROVIDER", "prov_dr_lower", "okafor"),
        InjectedGold(30, 33, "NAME", "rel_first_msg", "lou"),
    ]
    doc = InjectedDoc("d", "mtsamples", text, gold)
    as_written = score([doc], [[Span(3, 9, "PROVIDER", 0.9, "m"), Span(30, 33, "NAME", 0.9, "m")]])
    in_case = score([doc], [[Span(3, 9, "PROVIDER", 0.9, "m")]])
    lines = report_recased("notes in lower case", [doc], in_case, as_written)
    assert "overlap recall 0.500 (typed 0.500); as written 1.000 (typed 1.000)" in lines
    heading = "forms that lose most in one case (form, recall, as written, some missed values):"
    losing = lines[lines.index(heading) + 1 :]
    assert len(losing) == 1 and losing[0].split()[:3] == ["rel_first_msg", "0.000", "1.000"] and "'lou'" in losing[0]
