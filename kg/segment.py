"""A jieba segmenter of our own that keeps known concept names whole.

Each build gets a fresh `jieba.Tokenizer` (not the module-level one), so words
added for one notes folder never change how another is segmented: the same
notes always give the same tokens.
"""
from __future__ import annotations

import logging
from typing import Iterable

WORD_FREQUENCY = 200_000
"""High enough that jieba prefers a known name over splitting it."""


def make_segmenter(words: Iterable[str]):
    """A jieba.Tokenizer that has every given word (CJK names, cue phrases) in its dictionary."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    for word in sorted(set(words)):
        if word and any("\u4e00" <= ch <= "\u9fff" for ch in word) and " " not in word:
            segmenter.add_word(word, WORD_FREQUENCY)
    return segmenter
