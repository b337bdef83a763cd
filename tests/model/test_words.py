"""The words a model labels (phiguard.inference.model.words), with the shipped tokenizer, and the runner reading
the split its model was trained with from meta.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tokenizers import Tokenizer

from phiguard.inference.model import ModelRunner, default_model_dir
from phiguard.inference.model.words import LETTER_DIGIT, word_heads


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer.from_file(str(default_model_dir() / "tokenizer.json"))


def _words(tokenizer: Tokenizer, text: str, split: str) -> list[str]:
    enc = tokenizer.encode(text, add_special_tokens=False)
    return [text[s:e] for _, s, e in word_heads(text, enc.word_ids, enc.offsets, split)]


def test_a_digit_after_letters_starts_a_word_only_under_the_letter_digit_split(tokenizer: Tokenizer) -> None:
    text = "s/p hip fx3/96. TO ELLERY3 WHEN"
    plain = _words(tokenizer, text, "")
    assert "fx3" in plain and "ELLERY3" in plain
    split = _words(tokenizer, text, LETTER_DIGIT)
    assert "fx" in split and "3" in split and "fx3" not in split
    assert "ELLERY" in split and "ELLERY3" not in split
    assert _words(tokenizer, "hr80s", LETTER_DIGIT) == ["hr", "80s"]


@pytest.mark.parametrize("text", ["40mg", "1970S", "@60cc/hr", "7p-7a", "G"])
def test_letters_after_digits_stay_in_their_word(tokenizer: Tokenizer, text: str) -> None:
    """Units, decades and shifts keep their letters: only a digit after a letter starts a word."""
    assert _words(tokenizer, text, LETTER_DIGIT) == _words(tokenizer, text, "")


def test_heads_cover_the_text_in_order_with_first_tokens(tokenizer: Tokenizer) -> None:
    text = "PMH: MI 93, CABG 86; R TKR11/04 and lung CA'87."
    enc = tokenizer.encode(text, add_special_tokens=False)
    heads = word_heads(text, enc.word_ids, enc.offsets, LETTER_DIGIT)
    firsts = [i for i, _, _ in heads]
    assert firsts == sorted(set(firsts)) and firsts[0] == 0
    assert all(s < e for _, s, e in heads)
    assert all(a[2] <= b[1] for a, b in zip(heads, heads[1:]))
    assert [text[s:e] for _, s, e in heads if text[s:e].isdigit()] == ["93", "86", "11", "04", "87"]


def _default_model_with_meta(tmp_path: Path, word_split: str | None) -> Path:
    """The default model's files linked into tmp_path, its meta.json's word_split replaced (None: removed)."""
    model = default_model_dir()
    for f in model.iterdir():
        if f.name != "meta.json":
            (tmp_path / f.name).symlink_to(f)
    meta = {k: v for k, v in json.loads((model / "meta.json").read_text()).items() if k != "word_split"}
    if word_split is not None:
        meta["word_split"] = word_split
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    return tmp_path


def test_an_unknown_split_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="word_split"):
        word_heads("x", [0], [(0, 1)], "camel")
    with pytest.raises(ValueError, match="word_split"):
        ModelRunner(_default_model_with_meta(tmp_path, "camel"), intra_op_threads=1)


def test_the_runner_reads_the_split_its_model_was_trained_with(tmp_path: Path) -> None:
    """A model folder whose meta.json lacks the key is read with the pre-tokenizer's words, as it was trained."""
    model = default_model_dir()
    runner = ModelRunner(model, intra_op_threads=1)
    assert runner.word_split == json.loads((model / "meta.json").read_text()).get("word_split", "")
    assert ModelRunner(_default_model_with_meta(tmp_path, None), intra_op_threads=1).word_split == ""
