"""rdflib as a graph store: parses graph.nq into a Dataset on open. The reference the others are held to."""
from __future__ import annotations

from pathlib import Path

from kg.sparql_rules import (
    MEDIA_TYPES,
    SERVICE_REFUSED,
    UPDATE_REFUSED,
    QueryError,
    QueryOutput,
    looks_like_update,
    output_format,
    result_table,
    vet_query,
)
from kg.stores.base import GraphStore, StoreError
from kg.vocab import PREFIXES


def prepare(query: str):
    """Parse and vet a query; returns rdflib's prepared query or raises QueryError."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    vet_query(query)
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except ParseException as error:
        if looks_like_update(query):
            raise QueryError(UPDATE_REFUSED) from None
        raise QueryError(f"syntax error at line {error.lineno}, column {error.col}: {error.msg}") from None
    except Exception as error:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise QueryError(f"invalid query: {str(error).splitlines()[0]}") from None
    if _uses_service(prepared.algebra):
        raise QueryError(SERVICE_REFUSED)
    return prepared


def _uses_service(node) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        name = getattr(current, "name", None)
        if name == "ServiceGraphPattern":
            return True
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, (list, tuple)):
            stack.extend(current)
    return False


class RdflibStore(GraphStore):
    """graph.nq parsed by rdflib (default graph = union of the note graphs); slow to open, slow on joins."""

    name = "rdflib"

    def __init__(self, dataset) -> None:
        self.dataset = dataset

    @classmethod
    def open(cls, generation_directory: Path) -> "RdflibStore":
        from kg.files import NQUADS_FILE
        from kg.rdf import read_dataset

        source = generation_directory / NQUADS_FILE
        if not source.is_file():
            raise StoreError(f"{source} is missing: run `kgqa ingest` to rebuild the index")
        return cls(read_dataset(source))

    def check(self, query: str) -> str:
        """The query's kind (SELECT, ASK, CONSTRUCT, DESCRIBE) once it passed the checks."""
        return prepare(query).algebra.name.replace("Query", "").upper()

    def evaluate(self, query: str, fmt: str, max_rows: int) -> QueryOutput:
        kind = self.check(query)
        fmt = output_format(kind, fmt)
        body, rows, truncated = _serialise(self.dataset.query(query, initNs=PREFIXES), fmt, max_rows)
        return QueryOutput(kind, body, MEDIA_TYPES[fmt], rows, truncated)


def _serialise(result, fmt: str, max_rows: int) -> tuple[bytes, int, bool]:
    from rdflib import Graph
    from rdflib.query import Result

    if result.type == "ASK":
        if fmt == "table":
            return (("true" if result.askAnswer else "false") + "\n").encode(), 1, False
        return result.serialize(format=fmt), 1, False
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        truncated = False
        for count, triple in enumerate(result.graph):
            if count >= max_rows:
                truncated = True
                break
            graph.add(triple)
        return graph.serialize(format=fmt).encode("utf-8"), len(graph), truncated
    rows = []
    truncated = False
    for count, row in enumerate(result):
        if count >= max_rows:
            truncated = True
            break
        rows.append(row)
    if fmt == "table":
        lexical = [[None if term is None else str(term) for term in row] for row in rows]
        return result_table([str(v) for v in result.vars], lexical).encode("utf-8"), len(rows), truncated
    if fmt == "tsv":
        return _tsv(result.vars, rows).encode("utf-8"), len(rows), truncated
    capped = Result("SELECT")  # a new result: rdflib's serialisers would read past the cap on the old one
    capped.vars = result.vars
    capped.bindings = [{v: term for v, term in zip(result.vars, row) if term is not None} for row in rows]
    return capped.serialize(format=fmt), len(rows), truncated


def _tsv(variables, rows) -> str:
    """SPARQL 1.1 TSV: `?var` headers, terms in N-Triples syntax, empty for unbound."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if term is None else term.n3().replace("\t", "\\t") for term in row))
    return "\n".join(lines) + "\n"
