"""pyoxigraph as the graph store: a RocksDB directory per generation, opened read-only in milliseconds.

`kgqa sparql` used to re-parse graph.nq with rdflib on every call (3.4-4 s on the
d2l book); opening this store takes ~10 ms and Oxigraph's evaluator is fast on
joins. The directory is derived from graph.nq inside the staged generation, so it
is published atomically with it, and is updated note graph by note graph from the
previous generation's store (a checkpoint of hard links, then only the quads whose
lines changed), so a re-ingest after one edit pays milliseconds, not a reload.
A generation written before this store existed is loaded from graph.nq into memory.

The store's default graph holds the distinct triples of all note graphs. SPARQL's
default graph is a set; Oxigraph's `use_default_graph_as_union` is a bag (a label
stated in four notes matched four times), which changed COUNTs against rdflib's
union. Materialising the union keeps every cookbook result identical.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from kg.sparql_rules import UPDATE_REFUSED, QueryError, QueryOutput, looks_like_update, query_form, vet_query
from kg.stores.base import GraphStore, StoreError
from kg.stores.nquads import read_note_graphs
from kg.vocab import PREFIXES

STORE_DIRECTORY = "graph.oxigraph"
_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)


def syntax_message(error: SyntaxError) -> str:
    """Oxigraph's "error at 1:26: expected …" as kgqa's one-line "syntax error at line 1, column 26: …"."""
    text = str(error)
    match = _POSITION.match(text)
    if not match:
        return f"syntax error: {text.splitlines()[0] if text else 'invalid query'}"
    line, column, detail = match.groups()
    if "Prefix not found" in detail:
        detail = "unknown prefix (declare it with PREFIX name: <iri>)"
    detail = detail.splitlines()[0]
    return f"syntax error at line {line}, column {column}: {detail[:160]}"


class OxigraphStore(GraphStore):
    """The generation's pyoxigraph store; the default graph is the union of the note graphs."""

    name = "oxigraph"
    version = "1"

    def __init__(self, store) -> None:
        self.store = store

    @classmethod
    def open(cls, generation_directory: Path) -> "OxigraphStore":
        import pyoxigraph

        directory = generation_directory / STORE_DIRECTORY
        if directory.is_dir():
            try:
                return cls(pyoxigraph.Store.read_only(str(directory)))
            except OSError as error:
                raise StoreError(f"cannot open the graph store {directory}: {error}; run `kgqa ingest` to rebuild it") from None
        return cls(_memory_store(generation_directory))

    def evaluate(self, query: str, fmt: str, max_rows: int) -> QueryOutput:
        from kg.stores.results import read_result

        vet_query(query)
        try:
            result = self.store.query(query, prefixes=PREFIXES)
        except SyntaxError as error:
            if looks_like_update(query):
                raise QueryError(UPDATE_REFUSED) from None
            raise QueryError(syntax_message(error)) from None
        return read_result(result, query_form(query), fmt, max_rows)

    @classmethod
    def write(cls, generation_directory: Path, previous_directory: Path | None) -> None:
        write_store(generation_directory, previous_directory)

    @classmethod
    def config_fingerprint(cls) -> str:
        from importlib.metadata import version

        from store import digest

        return digest(cls.name, cls.version, version("pyoxigraph"))


def _memory_store(generation_directory: Path):
    import pyoxigraph

    from kg.files import NQUADS_FILE

    source = generation_directory / NQUADS_FILE
    if not source.is_file():
        raise StoreError(f"{source} is missing: run `kgqa ingest` to rebuild the index")
    store = pyoxigraph.Store()
    store.bulk_load(path=str(source), format=pyoxigraph.RdfFormat.N_QUADS)
    store.bulk_load(_union_ntriples(read_note_graphs(source).values()), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _union_ntriples(graphs) -> bytes:
    """The distinct triples of the given graphs as N-Triples (graph.nq writes each term one way only)."""
    triples = sorted({graph.triple_of(line) for graph in graphs for line in graph.lines})
    return "".join(f"{triple} .\n" for triple in triples).encode("utf-8")


def write_store(generation_directory: Path, previous_directory: Path | None) -> str:
    """Write `graph.oxigraph` for a staged generation from its graph.nq; returns "incremental" or "full".

    Incremental when the previous generation has a store: its checkpoint (hard links
    to RocksDB's immutable files) is taken and the quads whose lines changed are
    removed and added. Anything unexpected falls back to a full bulk load.
    """
    from kg.files import NQUADS_FILE

    target = generation_directory / STORE_DIRECTORY
    shutil.rmtree(target, ignore_errors=True)
    source = generation_directory / NQUADS_FILE
    previous_store = previous_directory / STORE_DIRECTORY if previous_directory is not None else None
    if previous_store is not None and previous_store.is_dir() and (previous_directory / NQUADS_FILE).is_file():
        try:
            _update_from(previous_store, previous_directory / NQUADS_FILE, source, target)
            return "incremental"
        except (OSError, ValueError):
            shutil.rmtree(target, ignore_errors=True)
    _bulk_load(source, target)
    return "full"


def _bulk_load(source: Path, target: Path) -> None:
    import pyoxigraph

    store = pyoxigraph.Store(str(target))
    store.bulk_load(path=str(source), format=pyoxigraph.RdfFormat.N_QUADS)
    store.bulk_load(_union_ntriples(read_note_graphs(source).values()), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    del store  # closes RocksDB before the generation is published


def _update_from(previous_store: Path, previous_nquads: Path, source: Path, target: Path) -> None:
    """Apply the line difference of the two graph.nq files to a checkpoint of the previous store.

    graph.nq holds one quad a line, each written one way only, so the lines that
    differ are exactly the quads added and removed: comparing them as sets costs
    milliseconds where parsing both files into note graphs cost ~0.5 s on the seed
    notes. A triple leaves the default graph (the union) only when no note graph
    still states it, and a note graph left empty is dropped, as a bulk load would.
    kg/rdf.py puts every quad in its note's graph; a changed line outside one means
    the file is not that, and the caller loads it whole.
    """
    import pyoxigraph

    before, after = _lines(previous_nquads), _lines(source)
    removed, added = _quads(before - after), _quads(after - before)
    if any(isinstance(quad.graph_name, pyoxigraph.DefaultGraph) for quad in (*removed, *added)):
        raise ValueError("quads outside a note graph: rebuild the store whole")
    pyoxigraph.Store.read_only(str(previous_store)).backup(str(target))
    store = pyoxigraph.Store(str(target))
    union = pyoxigraph.DefaultGraph()
    for quad in removed:
        store.remove(quad)
    store.extend([*added, *(pyoxigraph.Quad(q.subject, q.predicate, q.object, union) for q in added)])
    for quad in removed:
        stated = store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)
        if not any(not isinstance(other.graph_name, pyoxigraph.DefaultGraph) for other in stated):
            store.remove(pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, union))
    for graph in sorted({quad.graph_name for quad in removed}, key=str):
        if next(iter(store.quads_for_pattern(None, None, None, graph)), None) is None:
            store.remove_graph(graph)
    store.flush()
    del store


def _lines(path: Path) -> set[bytes]:
    return {line for line in path.read_bytes().splitlines() if line.strip() and not line.lstrip().startswith(b"#")}


def _quads(lines: set[bytes]) -> list:
    import pyoxigraph

    text = b"".join(line + b"\n" for line in sorted(lines))
    return list(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_QUADS))
