"""e5's Unigram tokenizer built per call from only the pieces the texts can use.

Why: `Tokenizer.from_file` on the 16 MB tokenizer.json takes ~1 s of CPU (parsing
250,002 pieces and building their trie). A re-ingest that embeds one passage paid
it on the dense worker thread, beside the graph stage, for a few hundred tokens.

Unigram's Viterbi only ever uses pieces that occur in the normalised text, and
chooses among them by score alone; the penalty of an unknown character comes from
the lowest score in the vocabulary. So a model holding the pieces found in the
texts, plus the unknown piece and the lowest-scored piece, cuts every text exactly
as the whole model does (ids are mapped back; `tests/test_int8_encoder.py` checks it
against tokenizer.json on the seed notes and odd text). The pieces and scores are
kept beside tokenizer.json in a compact form that loads in ~0.2 s. Finding the pieces
is Python, so a large job (a first ingest) still loads the whole file once: both
ways give the same ids, so which one embedded a passage never shows in its vector.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

PIECES_FILE = "pieces.txt"
"""The vocabulary, one piece a line, in id order (no piece holds a newline)."""
SCORES_FILE = "piece_scores.npy"
"""float64 log-probabilities, in id order."""
FRAME_FILE = "tokenizer-frame.json"
"""tokenizer.json with a vocabulary of the special pieces only: normaliser and pre-tokeniser."""
FILES = (PIECES_FILE, SCORES_FILE, FRAME_FILE)
SPECIAL_PIECES = 4
"""<s>, <pad>, </s>, <unk> come first in e5's vocabulary."""
FEW_CHARS = 20_000
"""Up to this much text a job uses the pieces it needs (~18 µs of CPU a character, in Python);
past it, loading the whole tokenizer.json once (~0.9 s) is cheaper."""


class E5Tokenizer:
    """tokenizer.json's token ids (no special tokens added): small jobs never load that file."""

    def __init__(self, folder: Path, tokenizer_file: str) -> None:
        self.folder, self.tokenizer_file = folder, tokenizer_file
        self._pieces: PieceTokenizer | None = None
        self._whole = None

    def expect(self, chars: int) -> None:
        """A job of about `chars` characters of text is coming: pick the cheaper way to cut it."""
        if chars > FEW_CHARS:
            self._load_whole()

    def encode(self, texts: list[str]) -> list[list[int]]:
        if self._whole is None and sum(map(len, texts)) > FEW_CHARS:
            self._load_whole()
        if self._whole is not None:
            return [encoding.ids for encoding in self._whole.encode_batch(texts, add_special_tokens=False)]
        if self._pieces is None:
            if not all((self.folder / name).is_file() for name in FILES):  # a cache derived before the compact form
                write_compact_tokenizer(self.folder, (self.folder / self.tokenizer_file).read_text(encoding="utf-8"))
            self._pieces = PieceTokenizer(self.folder)
        return self._pieces.encode(texts)

    def _load_whole(self) -> None:
        if self._whole is None:
            from tokenizers import Tokenizer

            self._whole = Tokenizer.from_file(str(self.folder / self.tokenizer_file))


def write_compact_tokenizer(folder: Path, tokenizer_json: str) -> None:
    """Write the compact files from a tokenizer.json text (each file atomically)."""
    document = json.loads(tokenizer_json)
    model = document["model"]
    if model.get("type") != "Unigram" or document.get("added_tokens"):
        raise ValueError("the compact e5 tokenizer expects a Unigram model without added tokens")
    pieces = [piece for piece, _ in model["vocab"]]
    if any("\n" in piece or not piece for piece in pieces) or len(set(pieces)) != len(pieces):
        raise ValueError("e5's pieces must be distinct, non-empty and free of newlines")
    scores = np.array([score for _, score in model["vocab"]], dtype=np.float64)
    frame = {**document, "model": {**model, "vocab": model["vocab"][:SPECIAL_PIECES]}}
    _atomic(folder / PIECES_FILE, "\n".join(pieces).encode("utf-8"))
    staging = folder / f"{SCORES_FILE}.tmp-{os.getpid()}.npy"
    np.save(staging, scores, allow_pickle=False)
    os.replace(staging, folder / SCORES_FILE)
    _atomic(folder / FRAME_FILE, json.dumps(frame, ensure_ascii=False).encode("utf-8"))


def _atomic(target: Path, data: bytes) -> None:
    staging = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    staging.write_bytes(data)
    os.replace(staging, target)


class PieceTokenizer:
    """Token ids (no special tokens added) equal to tokenizer.json's, from a model of the pieces the texts hold."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self._frame = Tokenizer.from_file(str(folder / FRAME_FILE))
        self._pieces = (folder / PIECES_FILE).read_text(encoding="utf-8").split("\n")
        self._scores = np.load(folder / SCORES_FILE, allow_pickle=False)
        if len(self._scores) != len(self._pieces):
            raise ValueError(f"{folder}: {len(self._pieces)} pieces but {len(self._scores)} scores")
        self._ids = dict(zip(self._pieces, range(len(self._pieces))))  # a third cheaper than a comprehension
        self._longest = max(map(len, self._pieces))
        self._unknown = json.loads((folder / FRAME_FILE).read_text(encoding="utf-8"))["model"]["unk_id"]
        self._always = {self._unknown, int(np.argmin(self._scores))}
        """The lowest score sets the unknown-character penalty, so it stays in every model."""

    def encode(self, texts: list[str]) -> list[list[int]]:
        from tokenizers.models import Unigram

        used = set(self._always)
        normalizer, pre_tokenizer = self._frame.normalizer, self._frame.pre_tokenizer
        for text in texts:
            for word, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(text)):
                used.update(self._pieces_in(word))
        chosen = sorted(used)
        self._frame.model = Unigram([(self._pieces[i], float(self._scores[i])) for i in chosen],
                                    unk_id=chosen.index(self._unknown), byte_fallback=False)
        return [[chosen[i] for i in encoding.ids] for encoding in self._frame.encode_batch(texts, add_special_tokens=False)]

    def _pieces_in(self, word: str) -> set[int]:
        ids, longest, found = self._ids, self._longest, set()
        for start in range(len(word)):
            for end in range(start + 1, min(len(word), start + longest) + 1):
                piece = ids.get(word[start:end])
                if piece is not None:
                    found.add(piece)
        return found
