"""SPARQL over the concept graph: read-only, bounded in time and size, errors in one line.

Queries run in a forked child process so a runaway query can be stopped at the
timeout without taking the caller (the CLI or `kgqa serve`) down with it; the
graph is loaded once in the parent and shared with the child by fork.
"""
from __future__ import annotations

import multiprocessing
import re
from dataclasses import dataclass
from pathlib import Path

from kg.vocab import PREFIXES
from store.errors import KgqaError

DEFAULT_TIMEOUT = 5.0
DEFAULT_MAX_ROWS = 10_000
RESULT_FORMATS = ("table", "json", "csv", "tsv", "xml")
GRAPH_FORMATS = ("turtle", "nt", "json-ld", "xml")
_UPDATE = re.compile(r"^\s*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I | re.M)


class QueryError(KgqaError, ValueError):
    """The query is not valid, not allowed, or did not finish; the message is one line."""


class QueryTimeout(QueryError):
    pass


@dataclass(frozen=True)
class QueryOutput:
    kind: str
    """SELECT | ASK | CONSTRUCT | DESCRIBE."""
    body: bytes
    """The serialised result."""
    media_type: str
    rows: int
    """Rows (SELECT), 1 (ASK) or triples (graph results)."""
    truncated: bool


MEDIA_TYPES = {
    "json": "application/sparql-results+json", "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8", "xml": "application/sparql-results+xml",
    "table": "text/plain; charset=utf-8", "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples", "json-ld": "application/ld+json",
}


def check_query(query: str):
    """Parse and vet a query; returns rdflib's prepared query or raises QueryError."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    if not query.strip():
        raise QueryError("empty query")
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except ParseException as error:
        if _UPDATE.search(_strip_prologue(query)):
            raise QueryError("updates (INSERT/DELETE/LOAD/CLEAR/...) are refused: the notes are the source of truth") from None
        raise QueryError(f"syntax error at line {error.lineno}, column {error.col}: {error.msg}") from None
    except Exception as error:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise QueryError(f"invalid query: {str(error).splitlines()[0]}") from None
    if _uses_service(prepared.algebra):
        raise QueryError("SERVICE is refused: kgqa never fetches from the network")
    return prepared


def _strip_prologue(query: str) -> str:
    return re.sub(r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)+", "", query, flags=re.I)


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


def run_query(dataset, query: str, fmt: str = "table", timeout: float = DEFAULT_TIMEOUT,
              max_rows: int = DEFAULT_MAX_ROWS) -> QueryOutput:
    """Evaluate a read-only query against a loaded rdflib Dataset within `timeout` seconds."""
    prepared = check_query(query)
    kind = prepared.algebra.name.replace("Query", "").upper()
    graph_result = kind in ("CONSTRUCT", "DESCRIBE")
    allowed = GRAPH_FORMATS if graph_result else RESULT_FORMATS
    if graph_result and fmt in ("table", "json"):
        fmt = "turtle" if fmt == "table" else "json-ld"
    if fmt not in allowed:
        raise QueryError(f"format {fmt!r} does not fit a {kind} query: choose {', '.join(allowed)}")
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_evaluate_in_child, args=(dataset, query, fmt, max_rows, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"query stopped after {timeout:g} s (raise --timeout, or add LIMIT / narrower patterns)")
        status, payload = receiver.recv()
    except EOFError:
        raise QueryError("query evaluation crashed") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(1)
        receiver.close()
    if status == "error":
        raise QueryError(payload)
    body, rows, truncated = payload
    return QueryOutput(kind, body, MEDIA_TYPES[fmt], rows, truncated)


def _evaluate_in_child(dataset, query: str, fmt: str, max_rows: int, sender) -> None:
    try:
        result = dataset.query(query, initNs=PREFIXES)
        sender.send(("ok", _serialise(result, fmt, max_rows)))
    except Exception as error:  # report, never a traceback
        sender.send(("error", f"query failed: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"))
    finally:
        sender.close()


def _serialise(result, fmt: str, max_rows: int) -> tuple[bytes, int, bool]:
    from rdflib import Graph

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
    result.bindings = [dict(zip(result.vars, row)) for row in rows] if rows else []
    if fmt == "table":
        return _table(result.vars, rows).encode("utf-8"), len(rows), truncated
    if fmt == "tsv":
        return _tsv(result.vars, rows).encode("utf-8"), len(rows), truncated
    return result.serialize(format=fmt), len(rows), truncated


def _tsv(variables, rows) -> str:
    """SPARQL 1.1 TSV: `?var` headers, terms in N-Triples syntax, empty for unbound."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if term is None else term.n3().replace("\t", "\\t") for term in row))
    return "\n".join(lines) + "\n"


def _short(term) -> str:
    if term is None:
        return ""
    text = str(term)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            from urllib.parse import unquote

            return f"{prefix}:{unquote(text[len(namespace):])}"
    return text


def _table(variables, rows) -> str:
    cells = [[_short(value).replace("\n", " ")[:80] for value in row] for row in rows]
    return text_table([str(v) for v in variables], cells) + f"\n({len(rows)} rows)\n"


def text_table(headers: list[str], rows: list[list]) -> str:
    """An aligned plain-text table; CJK characters count two columns, as a terminal draws them."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for number, row in enumerate(cells):
        lines.append("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def load_graph(index_directory: Path):
    from kg.files import NQUADS_FILE
    from kg.rdf import read_dataset

    return read_dataset(index_directory / NQUADS_FILE)
