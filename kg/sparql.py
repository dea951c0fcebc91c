"""SPARQL over the concept graph: read-only, bounded in time and size, errors in one line.

Which engine evaluates a query is a graph store's business (kg/stores: pyoxigraph by
default, rdflib as the reference). What holds for every store lives here: the
errors, the output record, the checks made before any engine sees a query (no
updates, no SERVICE), the text table, and the worker process.

Queries run in a child process so a runaway query can be stopped at the timeout
without taking the caller (the CLI or `kgqa serve`) down with it. The child opens
the store itself, keeps it open between queries (serve), and is killed and
replaced when a query overruns; the parent never holds a store open across a fork.
"""
from __future__ import annotations

import multiprocessing
import re
from dataclasses import dataclass
from pathlib import Path

from kg.table import text_table
from kg.vocab import PREFIXES
from store.errors import KgqaError

DEFAULT_TIMEOUT = 5.0
DEFAULT_MAX_ROWS = 10_000
RESULT_FORMATS = ("table", "json", "csv", "tsv", "xml")
GRAPH_FORMATS = ("turtle", "nt", "json-ld", "xml")
_UPDATE = re.compile(r"^\s*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I | re.M)
UPDATE_REFUSED = "updates (INSERT/DELETE/LOAD/CLEAR/...) are refused: the notes are the source of truth"
SERVICE_REFUSED = "SERVICE is refused: kgqa never fetches from the network"


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


def output_format(kind: str, fmt: str) -> str:
    """The format a result of this kind is written in: table/json map to turtle/json-ld for graphs."""
    graph_result = kind in ("CONSTRUCT", "DESCRIBE")
    if graph_result and fmt in ("table", "json"):
        fmt = "turtle" if fmt == "table" else "json-ld"
    allowed = GRAPH_FORMATS if graph_result else RESULT_FORMATS
    if fmt not in allowed:
        raise QueryError(f"format {fmt!r} does not fit a {kind} query: choose {', '.join(allowed)}")
    return fmt


def vet_query(query: str) -> None:
    """The checks every store makes before parsing: not empty, no SERVICE anywhere."""
    if not query.strip():
        raise QueryError("empty query")
    if uses_service(query):
        raise QueryError(SERVICE_REFUSED)


def looks_like_update(query: str) -> bool:
    return bool(_UPDATE.search(_strip_prologue(query)))


def _strip_prologue(query: str) -> str:
    return re.sub(r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)+", "", query, flags=re.I)


_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEXEME = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''  # long strings
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\''  # strings
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRIs (a `<` that is not one is the less-than operator)
    r"|#[^\n\r]*"  # comments
    r"|[?$][^\s{}()<>.,;=!|&+*/\"'-]+"  # variables
    r"|[A-Za-z_][\w.\-]*(?::[\w.\-:%\\]*)?"  # keywords, prefixed names, blank-node labels
    r"|:[\w.\-:%\\]*",  # names in the default prefix
    re.S,
)


def uses_service(query: str) -> bool:
    """Whether the query has a SERVICE clause, found the way a SPARQL lexer finds keywords.

    pyoxigraph evaluates SERVICE by fetching the URL, so this must not miss one:
    codepoint escapes are decoded first (the grammar applies them before parsing),
    and the word counts only outside strings, IRIs and comments and not as part of a
    prefixed name (`ex:service`) or variable (`?service`).
    """
    text = _CODEPOINT_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return any(match.group(0).upper() == "SERVICE" for match in _LEXEME.finditer(text))


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside strings, IRIs and comments."""
    text = _CODEPOINT_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    for match in _LEXEME.finditer(text):
        word = match.group(0).upper()
        if word in _FORMS:
            return word
    return "SELECT"


def _short(term: str | None) -> str:
    if term is None:
        return ""
    for prefix, namespace in PREFIXES.items():
        if term.startswith(namespace):
            from urllib.parse import unquote

            return f"{prefix}:{unquote(term[len(namespace):])}"
    return term


def result_table(variables: list[str], rows: list[list[str | None]]) -> str:
    """A SELECT result as the CLI prints it: IRIs shortened with the kgqa prefixes, cells cut at 80."""
    cells = [[_short(value).replace("\n", " ")[:80] for value in row] for row in rows]
    return text_table([str(v) for v in variables], cells) + f"\n({len(rows)} rows)\n"


class QueryWorker:
    """A child process that opens a generation's graph store and answers queries one at a time.

    Opening happens before the clock starts (rdflib parses N-Quads; pyoxigraph opens
    in milliseconds); the timeout bounds evaluation. A query that overruns gets the
    child killed; the next query forks a fresh one.
    """

    def __init__(self, store: str | None = None) -> None:
        self.store = store
        self._child = None
        self._pipe = None

    def run(self, generation_directory: Path, query: str, fmt: str = "table", timeout: float = DEFAULT_TIMEOUT,
            max_rows: int = DEFAULT_MAX_ROWS) -> QueryOutput:
        vet_query(query)
        if self._child is None or not self._child.is_alive():
            self._start()
        self._pipe.send((str(generation_directory), query, fmt, max_rows))
        try:
            status, payload = self._pipe.recv()  # ("opened", None) once the store is open
            if status == "opened":
                if not self._pipe.poll(timeout):
                    self.close()
                    raise QueryTimeout(f"query stopped after {timeout:g} s (raise --timeout, or add LIMIT / narrower patterns)")
                status, payload = self._pipe.recv()
        except (EOFError, OSError):
            self.close()
            raise QueryError("query evaluation crashed") from None
        if status == "error":
            raise QueryError(payload)
        return QueryOutput(*payload)

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        self._pipe, child_end = context.Pipe()
        self._child = context.Process(target=_serve_queries, args=(self.store, child_end), daemon=True, name="kgqa-sparql")
        self._child.start()
        child_end.close()

    def close(self) -> None:
        if self._child is not None:
            if self._child.is_alive():
                self._child.kill()
            self._child.join(1)
            self._pipe.close()
        self._child = self._pipe = None

    def __enter__(self) -> "QueryWorker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve_queries(store_name: str | None, pipe) -> None:
    """The worker's loop: open (or keep) the store of the asked generation, evaluate, reply."""
    from kg.stores import open_store

    opened, store = None, None
    while True:
        try:
            directory, query, fmt, max_rows = pipe.recv()
        except (EOFError, OSError):
            return
        try:
            if directory != opened:
                store, opened = None, None
                store, opened = open_store(Path(directory), store_name), directory
            pipe.send(("opened", None))
            output = store.evaluate(query, fmt, max_rows)
            pipe.send(("ok", (output.kind, output.body, output.media_type, output.rows, output.truncated)))
        except QueryError as error:
            pipe.send(("error", str(error)))
        except Exception as error:  # report, never a traceback
            text = str(error).splitlines()[0] if str(error) else ""
            pipe.send(("error", f"query failed: {type(error).__name__}: {text}"))


def run_in_generation(generation_directory: Path, query: str, fmt: str = "table", timeout: float = DEFAULT_TIMEOUT,
                      max_rows: int = DEFAULT_MAX_ROWS, store: str | None = None) -> QueryOutput:
    """One query against one generation's store, in a worker that is gone afterwards (the CLI's case)."""
    with QueryWorker(store) as worker:
        return worker.run(generation_directory, query, fmt, timeout, max_rows)


def run_above_confidence(notes, passages, graph, min_confidence: float, query: str, fmt: str = "table",
                         timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
                         store: str | None = None) -> QueryOutput:
    """One query over the graph without the triples (direct edges and their kgqa:Assertion) whose
    rule is less sure than `min_confidence`: a throwaway generation with only graph.nq, which every
    store reads (pyoxigraph loads it into memory)."""
    import tempfile

    from kg.files import NQUADS_FILE
    from kg.rdf import write_nquads

    if not 0.0 <= min_confidence <= 1.0:
        raise QueryError(f"--min-confidence must be between 0 and 1, not {min_confidence:g}")
    vet_query(query)
    with tempfile.TemporaryDirectory(prefix="kgqa-confident-") as directory:
        write_nquads(notes, passages, graph.at_least(min_confidence), Path(directory) / NQUADS_FILE)
        return run_in_generation(Path(directory), query, fmt, timeout, max_rows, store)


def run_query(dataset, query: str, fmt: str = "table", timeout: float = DEFAULT_TIMEOUT,
              max_rows: int = DEFAULT_MAX_ROWS) -> QueryOutput:
    """Evaluate a read-only query against a loaded rdflib Dataset within `timeout` seconds (forked child)."""
    from kg.stores.rdflib_store import RdflibStore

    store = RdflibStore(dataset)
    kind = store.check(query)
    output_format(kind, fmt)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_evaluate_in_child, args=(store, query, fmt, max_rows, sender), daemon=True)
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
    return payload


def _evaluate_in_child(store, query: str, fmt: str, max_rows: int, sender) -> None:
    try:
        sender.send(("ok", store.evaluate(query, fmt, max_rows)))
    except QueryError as error:
        sender.send(("error", str(error)))
    except Exception as error:  # report, never a traceback
        sender.send(("error", f"query failed: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"))
    finally:
        sender.close()


def check_query(query: str):
    """Parse and vet a query with rdflib; returns its prepared query or raises QueryError."""
    from kg.stores.rdflib_store import prepare

    return prepare(query)


def load_graph(index_directory: Path):
    from kg.files import NQUADS_FILE
    from kg.rdf import read_dataset

    return read_dataset(index_directory / NQUADS_FILE)
