"""The graph-store interface and its registry.

A store answers SPARQL over one generation of the index. It may keep files of its
own in the generation (pyoxigraph: a RocksDB directory written at ingest), derived
from `graph.nq`, which stays the deterministic export every store can rebuild from.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from importlib import import_module
from pathlib import Path

from kg.sparql_rules import QueryOutput
from store.errors import KgqaError

STORES = {
    "oxigraph": "kg.stores.oxigraph:OxigraphStore",
    "rdflib": "kg.stores.rdflib_store:RdflibStore",
}
"""Name → "module:class", imported on first use."""
DEFAULT_STORE = "oxigraph"
STAGE = "graph_store"
"""The manifest section of the store the build writes (after the graph stage)."""


class StoreError(KgqaError):
    """A store cannot be opened or written; the message is one line naming the path."""


class GraphStore(ABC):
    """One generation's graph, read-only, answering one query at a time."""

    name: str
    version: str = "1"
    """Bump when the files `write` leaves mean something else: the next ingest rewrites them."""

    @classmethod
    @abstractmethod
    def open(cls, generation_directory: Path) -> "GraphStore":
        """Open the graph of a published generation for reading."""

    @abstractmethod
    def evaluate(self, query: str, fmt: str, max_rows: int) -> QueryOutput:
        """Run one read-only query here, in this process (kg.sparql.QueryWorker adds the timeout).

        Raises:
            QueryError: invalid or refused query, or a format that does not fit its kind.
        """

    @classmethod
    def write(cls, generation_directory: Path, previous_directory: Path | None) -> None:
        """Derive this store's own files for a staged generation whose graph.nq is written.

        `previous_directory` is the generation before it, whose files may be reused.
        Stores that read graph.nq directly have nothing to write.
        """

    @classmethod
    def config_fingerprint(cls) -> str:
        """What the written files depend on besides graph.nq (the store's version, its library's)."""
        from store import digest

        return digest(cls.name, cls.version)


def store_class(name: str | None = None) -> type[GraphStore]:
    name = name or DEFAULT_STORE
    if name not in STORES:
        raise StoreError(f"unknown graph store {name!r}: choose one of {', '.join(sorted(STORES))}")
    module_name, class_name = STORES[name].split(":")
    return getattr(import_module(module_name), class_name)


def open_store(generation_directory: Path, name: str | None = None) -> GraphStore:
    return store_class(name).open(Path(generation_directory))
