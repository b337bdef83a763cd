"""Splitting a long document into overlapping windows and stitching the windows' answers back.

Each window is de-identified on its own. Neighbouring windows overlap; in every overlap we cut at a
point that lies inside no span of either window, as close to the middle as possible, and take each
side from the window that saw it with the most context. A span is therefore replaced exactly once,
by the window that saw at least half an overlap of text around it — what a single call would see.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s")


class StitchError(Exception):
    """A window's answer could not be aligned with its input, or no safe cut exists."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity_type: str
    text: str
    confidence: float


@dataclass(frozen=True)
class Piece:
    """A stretch of the original document [start, end) and what the output says for it."""

    start: int
    end: int
    out: str
    span: Span | None  # None: untouched text, out equals the original


def _boundary_before(text: str, lo: int, hi: int) -> int:
    """The last line, sentence or word boundary in (lo, hi]; hi itself when there is none."""
    nl = text.rfind("\n", lo, hi)
    if nl >= 0 and nl + 1 > lo:
        return nl + 1
    last = None
    for m in _SENTENCE_END.finditer(text, lo, hi):
        last = m
    if last is not None and last.end() > lo:
        return last.end()
    for i in range(hi - 1, lo - 1, -1):
        if text[i].isspace():
            return i + 1 if i + 1 > lo else hi
    return hi


def plan_windows(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    """Windows [start, end) of at most `size` characters, ending on boundaries, overlapping by ≥ `overlap`."""
    # With size ≥ 8 × overlap a window overlaps only its neighbours, so the cuts come out in order.
    if size < 8 * overlap or overlap < 0:
        raise ValueError("size must be at least eight times the overlap")
    n = len(text)
    windows: list[tuple[int, int]] = []
    start = 0
    while True:
        if n - start <= size:
            windows.append((start, n))
            return windows
        end = _boundary_before(text, start + size // 2, start + size)
        windows.append((start, end))
        # The next window starts on a boundary at least `overlap` before this one ends.
        start = _boundary_before(text, max(start + 1, end - 2 * overlap), end - overlap)


def choose_cut(lo: int, hi: int, left: Sequence[Span], right: Sequence[Span]) -> int:
    """A point in [lo, hi] inside no span of either window, nearest the middle of the overlap."""
    spans = [s for s in (*left, *right) if s.end > lo and s.start < hi]
    middle = (lo + hi) // 2
    candidates = {middle, lo, hi}
    candidates.update(p for s in spans for p in (s.start, s.end) if lo <= p <= hi)
    for point in sorted(candidates, key=lambda p: (abs(p - middle), p)):
        if not any(s.start < point < s.end for s in spans):
            return point
    raise StitchError("spans cover the whole overlap")


def decompose(offset: int, text: str, spans: Sequence[Span], output: str,
              replacements: Mapping[str, str]) -> list[Piece]:
    """Splits one window's output into pieces: untouched gaps and each span's replacement.

    `spans` use offsets into `text`; pieces use document offsets (`offset` + window offset).
    """
    spans = sorted(spans, key=lambda s: s.start)
    gaps = []
    pos = 0
    for s in spans:
        if s.start < pos:
            raise StitchError("overlapping spans")
        gaps.append(text[pos:s.start])
        pos = s.end
    tail = text[pos:]
    outs = _replacements_from_map(spans, gaps, tail, output, replacements)
    if outs is None:
        outs = _replacements_by_alignment(spans, gaps, tail, output)
    pieces: list[Piece] = []
    pos = 0
    for s, gap, out in zip(spans, gaps, outs, strict=True):
        if gap:
            pieces.append(Piece(offset + pos, offset + s.start, gap, None))
        shifted = Span(offset + s.start, offset + s.end, s.entity_type, s.text, s.confidence)
        pieces.append(Piece(shifted.start, shifted.end, out, shifted))
        pos = s.end
    if tail:
        pieces.append(Piece(offset + pos, offset + len(text), tail, None))
    return pieces


def _replacements_from_map(spans, gaps, tail, output, replacements) -> list[str] | None:
    outs = [replacements.get(s.text) for s in spans]
    if any(o is None for o in outs):
        return None
    rebuilt = "".join(g + o for g, o in zip(gaps, outs, strict=True)) + tail
    return outs if rebuilt == output else None


def _replacements_by_alignment(spans, gaps, tail, output) -> list[str]:
    # Walks the output: each gap must appear verbatim; a replacement runs up to the next gap.
    outs = []
    p = 0
    for k, gap in enumerate(gaps):
        if not output.startswith(gap, p):
            raise StitchError("output does not match input")
        p += len(gap)
        following = gaps[k + 1] if k + 1 < len(gaps) else tail
        if k + 1 == len(gaps):
            end = len(output) - len(tail)
            if end < p or not output.endswith(tail):
                raise StitchError("output does not match input")
        elif following:
            end = output.find(following, p)
            if end < 0:
                raise StitchError("output does not match input")
        else:
            raise StitchError("adjacent spans without a known replacement")
        outs.append(output[p:end])
        p = end
    if not spans and output != tail:
        raise StitchError("output does not match input")
    return outs


def stitch(text: str, windows: Sequence[tuple[int, int]], pieces: Sequence[Sequence[Piece]],
           spans: Sequence[Sequence[Span]]) -> tuple[str, list[Span]]:
    """Joins the windows' pieces: window i owns [cut(i-1), cut(i)); `spans` are in document offsets."""
    cuts = [0]
    for i in range(len(windows) - 1):
        cuts.append(choose_cut(windows[i + 1][0], windows[i][1], spans[i], spans[i + 1]))
    cuts.append(len(text))
    out: list[str] = []
    found: list[Span] = []
    for i, window_pieces in enumerate(pieces):
        lo, hi = cuts[i], cuts[i + 1]
        for piece in window_pieces:
            if piece.end <= lo or piece.start >= hi:
                continue
            if piece.span is None:
                out.append(text[max(piece.start, lo):min(piece.end, hi)])
            else:
                # choose_cut never splits a span, so a kept span lies wholly inside [lo, hi).
                out.append(piece.out)
                found.append(piece.span)
    return "".join(out), found
