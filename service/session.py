"""An index opened once for many requests, and reopened when an ingest publishes a new generation.

`kgqa serve`, the web page and the MCP server hold one Session; the one-shot CLI
commands use one too, so every front end loads an index the same way. Parts are
loaded on first use: `kgqa show` never loads the BM25 matrix or the encoder.
"""
from __future__ import annotations

import threading
from pathlib import Path

from ingest import NoteRecord, Passage, read_notes, read_passages
from kg.files import read_graph
from kg.model import ConceptGraph
from retrieval.encoders import EncoderChoice, EncoderPool
from store import Generation, IndexStore


class Session:
    """The current generation of one index, with its graph, passages and retriever loaded lazily."""

    def __init__(self, index_dir: Path, encoder: EncoderChoice | None = None) -> None:
        self.store = IndexStore(index_dir)
        self.encoder = encoder
        self._lock = threading.RLock()
        self._generation: Generation | None = None
        self._loaded: dict[str, object] = {}
        self._encoders = EncoderPool()  # the model outlives generations: a new one reloads only the index
        self.refresh()

    def refresh(self) -> bool:
        """Follow CURRENT; True when a new generation was opened (its parts then load afresh)."""
        with self._lock:
            if self._generation is not None and self.store.current_name() == self._generation.name:
                return False
            generation = self.store.current()
            if self._generation is not None and generation.name == self._generation.name:
                return False
            self._generation, self._loaded = generation, {}
            return True

    @property
    def generation(self) -> Generation:
        return self._generation

    def _part(self, name: str, load):
        with self._lock:
            if name not in self._loaded:
                self._loaded[name] = load()
            return self._loaded[name]

    @property
    def passages(self) -> list[Passage]:
        return self._part("passages", lambda: read_passages(self._generation))

    @property
    def notes(self) -> list[NoteRecord]:
        return self._part("notes", lambda: read_notes(self._generation))

    @property
    def graph(self) -> ConceptGraph:
        return self._part("graph", lambda: read_graph(self._generation.directory))

    @property
    def dataset(self):
        """The RDF graph for SPARQL."""
        from kg.sparql import load_graph

        return self._part("dataset", lambda: load_graph(self._generation.directory))

    @property
    def retriever(self):
        from retrieval.engine import Retriever

        return self._part("retriever", lambda: Retriever(self._generation, self.encoder, self.passages, self.graph,
                                                                      self._encoders))
