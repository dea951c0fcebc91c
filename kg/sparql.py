"""SPARQL over the concept graph: read-only, bounded in time and size, errors in one line.

Which engine evaluates a query is a graph store's business (kg/stores: pyoxigraph by
default, rdflib as the reference); what holds for every store (errors, the output
record, the checks before any engine sees a query) is kg.sparql_rules, which the
stores import. This module runs queries against a store: the worker process.

Queries run in a child process so a runaway query can be stopped at the timeout
without taking the caller (the CLI or `kgqa serve`) down with it. The child opens
the store itself, keeps it open between queries (serve), and is killed and
replaced when a query overruns; the parent never holds a store open across a fork.
"""
from __future__ import annotations

import multiprocessing
from pathlib import Path

from kg.sparql_rules import QueryError, QueryOutput, QueryTimeout, output_format, vet_query

DEFAULT_TIMEOUT = 5.0
DEFAULT_MAX_ROWS = 10_000


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
        self._child = context.Process(target=_serve_queries, args=(self.store, child_end, self._pipe), daemon=True,
                                      name="kgqa-sparql")
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


def _serve_queries(store_name: str | None, pipe, parent_end) -> None:
    """The worker's loop: open (or keep) the store of the asked generation, evaluate, reply.

    The fork gave the child the parent's end of the pipe too; closed here, so when the parent dies without
    cleaning up (`kgqa serve` stopped by SIGTERM) the child reads end-of-file and exits instead of living on."""
    from kg.stores import open_store

    parent_end.close()
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
    rule is less sure than `min_confidence`: a throwaway generation with only graph.nq (and its keys),
    which every store reads (pyoxigraph loads it into memory)."""
    import tempfile

    from kg.files import write_nquads
    from kg.rdf import note_nquads

    if not 0.0 <= min_confidence <= 1.0:
        raise QueryError(f"--min-confidence must be between 0 and 1, not {min_confidence:g}")
    vet_query(query)
    with tempfile.TemporaryDirectory(prefix="kgqa-confident-") as directory:
        write_nquads(note_nquads(notes, passages, graph.at_least(min_confidence)), Path(directory))
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
