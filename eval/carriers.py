"""Real clinical prose the shipped model never saw in training: the held-out carriers.

- MTSamples: the notes longer than 200 characters, in file order, of which every 5th (index % 5 == 0)
  is held out; the model is trained on the other four in five (`training/phigen.py`, split "train").
  The file is read exactly as training reads it, so the indices are the same notes.
- ACI-Bench: the three test splits (clinicalnlp_taskB_test1, clinicalnlp_taskC_test2, clef_taskC_test3);
  training uses train and valid only. The `note` column (the clinical note).
- MTS-Dialog: the two test sets' `dialogue` column; training uses the training set only. Their
  `section_text` is left out: much of it is copied from MTSamples notes that are in the training split.

The data live outside the repository (`../shared/data`, or `$PHIGUARD_SHARED_DATA`); every loader returns
an empty list when a file is missing, so the suites that need them are skipped, not failed.
"""

from __future__ import annotations

import csv
import gzip
import os
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("PHIGUARD_SHARED_DATA") or ROOT.parent / "shared" / "data")
MTSAMPLES = DATA / "clinical-text" / "mtsamples.csv.gz"
ACI_TEST_SPLITS = ("clinicalnlp_taskB_test1", "clinicalnlp_taskC_test2", "clef_taskC_test3")
MTS_DIALOG_TEST_SETS = ("MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv.gz", "MTS-Dialog-TestSet-2-MEDIQA-Sum-2023.csv.gz")
HELD_OUT_EVERY = 5
MIN_NOTE_CHARS = 200


def _read_gz_csv(path: Path) -> list[dict]:
    # As training reads it (errors ignored), so that the held-out indices name the same notes.
    csv.field_size_limit(10**9)
    with gzip.open(path, "rt", encoding="utf-8", errors="ignore") as f:
        return list(csv.DictReader(f))


@lru_cache(None)
def mtsamples_notes() -> tuple[str, ...]:
    """The MTSamples transcriptions longer than 200 characters, in file order (training's list)."""
    if not MTSAMPLES.is_file():
        return ()
    return tuple(r["transcription"] for r in _read_gz_csv(MTSAMPLES) if len(r["transcription"]) > MIN_NOTE_CHARS)


def is_held_out(index: int) -> bool:
    return index % HELD_OUT_EVERY == 0


def held_out_mtsamples() -> list[tuple[int, str]]:
    """(index into `mtsamples_notes()`, text) for every held-out note."""
    return [(i, t) for i, t in enumerate(mtsamples_notes()) if is_held_out(i)]


def training_mtsamples() -> list[tuple[int, str]]:
    return [(i, t) for i, t in enumerate(mtsamples_notes()) if not is_held_out(i)]


@lru_cache(None)
def aci_test_notes() -> tuple[str, ...]:
    out = []
    for split in ACI_TEST_SPLITS:
        path = DATA / "clinical-text" / "aci-bench" / f"{split}.csv.gz"
        if path.is_file():
            out.extend(r["note"] for r in _read_gz_csv(path) if r.get("note"))
    return tuple(out)


@lru_cache(None)
def mts_dialog_test_dialogues() -> tuple[str, ...]:
    out = []
    for name in MTS_DIALOG_TEST_SETS:
        path = DATA / "clinical-text" / "mts-dialog" / name
        if path.is_file():
            out.extend(r["dialogue"] for r in _read_gz_csv(path) if len(r.get("dialogue") or "") > MIN_NOTE_CHARS)
    return tuple(out)


def evenly_spaced(items: list, n: int) -> list:
    """A deterministic sample of n items spread over the whole list (all of them when n <= 0 or n >= len)."""
    if n <= 0 or n >= len(items):
        return list(items)
    return [items[(k * len(items)) // n] for k in range(n)]
