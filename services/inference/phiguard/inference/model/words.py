"""The words the model labels: one label per word, read at the word's first sub-token.

Training (`training/build_model.py`) and the runner share this module, so a model is read with the words it
was taught. A word is what the tokenizer's pre-tokenizer splits off (whitespace and punctuation). A model whose
`meta.json` says `"word_split": "letter_digit"` was also taught a new word where a digit follows a letter inside
one ("fx3/96" is "fx" + "3" + "/" + "96", "TKR11/04", "ELLERY3"): real notes glue dates and ward numbers to
the word before them, and a word read only at "fx" cannot mark the date without its letters. Older models
lack the key and keep the pre-tokenizer's words, whose inner sub-tokens they were never trained on.
"""

from __future__ import annotations

from collections.abc import Sequence

LETTER_DIGIT = "letter_digit"
WORD_SPLITS = ("", LETTER_DIGIT)


def check_split(split: str) -> str:
    if split not in WORD_SPLITS:
        raise ValueError(f"unknown word_split {split!r}; known: {', '.join(repr(s) for s in WORD_SPLITS)}")
    return split


def word_heads(
    text: str,
    word_ids: Sequence[int | None],
    offsets: Sequence[tuple[int, int]],
    split: str = "",
) -> list[tuple[int, int, int]]:
    """(first token index, character start, character end) of every word, in order; tokens with no word
    (specials) belong to none."""
    check_split(split)
    heads: list[tuple[int, int, int]] = []
    prev = None
    for i, wid in enumerate(word_ids):
        if wid is None:
            prev = None
            continue
        start, end = offsets[i]
        glued_digit = (
            split == LETTER_DIGIT
            and wid == prev
            and start > 0
            and start < len(text)
            and text[start].isdigit()
            and text[start - 1].isalpha()
        )
        if wid != prev or glued_digit:
            heads.append((i, start, end))
        else:
            first, s, e = heads[-1]
            heads[-1] = (first, s, max(e, end))
        prev = wid
    return heads
