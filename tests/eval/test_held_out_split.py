"""The real-prose carriers are the ones training never used (needs ../shared/data; skipped without it)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import carriers
import pytest

ROOT = Path(__file__).resolve().parents[2]
PHIGEN = ROOT / "training" / "phigen.py"

needs_data = pytest.mark.skipif(not carriers.MTSAMPLES.is_file(), reason="MTSamples not in ../shared/data")


def _phigen():
    if str(PHIGEN.parent) not in sys.path:
        sys.path.insert(0, str(PHIGEN.parent))  # phigen imports its sibling training/forms.py
    spec = importlib.util.spec_from_file_location("phigen_for_split_test", PHIGEN)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def test_training_still_holds_out_every_fifth_note() -> None:
    src = PHIGEN.read_text("utf-8")
    assert re.search(r'return \[t for i, t in enumerate\(mtsamples\(\)\) if \(i % 5 == 0\) == \(split != "train"\)\]', src), (
        "training/phigen.py changed how it splits MTSamples: eval/carriers.py must follow"
    )
    assert [i for i in range(12) if carriers.is_held_out(i)] == [0, 5, 10]


def test_sampling_is_deterministic_and_spread() -> None:
    items = list(range(465))
    assert carriers.evenly_spaced(items, 0) == items
    s = carriers.evenly_spaced(items, 10)
    assert s == carriers.evenly_spaced(items, 10) and len(s) == 10 and s[0] == 0 and s[-1] > 400


@needs_data
def test_held_out_mtsamples_are_disjoint_from_training_notes() -> None:
    phigen = _phigen()
    if phigen.DATA.resolve() != carriers.DATA.resolve():
        pytest.skip("training reads another data folder")
    notes = carriers.mtsamples_notes()
    assert notes == tuple(phigen.mtsamples()), "the eval reads the same note list as training"
    held = carriers.held_out_mtsamples()
    train = carriers.training_mtsamples()
    assert len(held) + len(train) == len(notes) and len(held) == (len(notes) + 4) // 5
    assert {i for i, _ in held}.isdisjoint(i for i, _ in train)
    assert {t for _, t in held}.isdisjoint(t for _, t in train), "no held-out note is also a training note"
    assert phigen.mtsamples_split("test") == [t for _, t in held]
    assert phigen.mtsamples_split("train") == [t for _, t in train]


@needs_data
def test_aci_and_mts_dialog_carriers_are_not_training_texts() -> None:
    phigen = _phigen()
    train_aci = {t for t, _ in phigen.aci("train")}
    assert carriers.aci_test_notes() and train_aci.isdisjoint(carriers.aci_test_notes())
    train_dialog = set(phigen.mtsdialog("train"))
    assert carriers.mts_dialog_test_dialogues() and train_dialog.isdisjoint(carriers.mts_dialog_test_dialogues())


def test_training_forms_do_not_read_the_injection_catalogue() -> None:
    # The injected-recall figure measures shapes the model learnt, not sentences it was shown.
    training_sources = [ROOT / "training" / "forms.py", PHIGEN]
    for path in training_sources:
        src = path.read_text("utf-8")
        assert not re.search(r"^\s*(?:from|import)\s+(?:eval\.)?phi_forms\b", src, re.M), path.name
        assert "INJECT_SEED" not in src and "31415926" not in src.replace("_", ""), path.name
