"""Where the runner puts its windows over a long note: every token covered, neighbours overlapping by at least the
stride, no window longer than the model reads, and no more windows or tokens than that needs."""
from __future__ import annotations

import pytest

from phiguard.inference.model.runner import window_starts


@pytest.mark.parametrize("length,overlap", [(126, 32), (126, 16), (62, 8), (254, 32)])
@pytest.mark.parametrize("n", [1, 5, 61, 62, 63, 126, 127, 130, 220, 292, 999, 1000, 4097])
def test_windows_cover_overlap_and_stay_within_the_length(n, length, overlap):
    windows = window_starts(n, length, overlap)
    covered = set()
    for start, width in windows:
        assert 0 <= start and start + width <= n and width <= length
        covered.update(range(start, start + width))
    assert covered == set(range(n))
    for (a, wa), (b, _) in zip(windows, windows[1:]):
        assert a + wa - b >= overlap  # each token is judged where it has at least overlap/2 of context
    fewest = 1 if n <= length else -(-(n - overlap) // (length - overlap))
    assert len(windows) == fewest


def test_a_note_just_over_one_window_is_read_in_two_short_windows():
    # the earlier placement read two full windows (252 tokens) for 130; spread evenly it is 162
    windows = window_starts(130, 126, 32)
    assert [w for _, w in windows] == [81, 81]
    assert sum(w for _, w in windows) == 130 + 32
