"""`kgqa mcp`: a notes folder's index as tools an AI assistant calls, over the Model Context Protocol on stdio.

Built on the official SDK (`mcp` 2.x, whose high-level server is `MCPServer`; 1.x
called it `FastMCP`). The tools answer with the same documents as the CLI's `--json`
and the web API (service/documents.py), so an assistant, a script and the page see
one answer. `NotesTools` holds everything the tools do as plain functions over one
reloading `Session`: the index and the model load once per server, and an ingest or
`kgqa watch` that publishes a new generation is picked up by the next call. The
index may not exist yet when the assistant starts the server: the tools then say
which command builds it instead of the server failing to start.

stdout belongs to the protocol. The SDK points file descriptor 1 at stderr while it
serves, so a library that prints cannot corrupt a message; our own logs go to stderr.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

from kg.sparql import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, QueryWorker
from retrieval.encoders import EncoderChoice
from service.documents import answer_document, concept_document, concepts_document, related_document
from service.session import Session
from service.state import ServedIndex
from store import IndexMissing, IndexStore
from store.errors import KgqaError

SERVER_NAME = "kgqa"
MAX_K = 50
MAX_TOP = 1000
INSTRUCTIONS = (
    "Answers questions from the user's Markdown notes (Chinese and English) with passages cited as file:lines, "
    "and reads the knowledge graph built from them: concepts, typed relations (has_component, solves, is_a, ...) "
    "with the passage that states each one. Use `ask` for questions, `concept`/`related` for one concept, "
    "`concepts` for an overview, `sparql` for exact graph queries. Quote the files and lines you rely on."
)
T = TypeVar("T")


class ToolFailure(KgqaError):
    """A tool's argument is out of range (the library's own errors need no wrapping)."""


class NotesTools:
    """The tools' answers as plain functions over the current generation of one index.

    Thread-safe: the SDK runs each synchronous tool on a worker thread.
    """

    def __init__(self, notes_root: Path, index_dir: Path, encoder: EncoderChoice | None = None,
                 timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS) -> None:
        self.notes_root, self.index_dir, self.encoder = Path(notes_root), Path(index_dir), encoder
        self.timeout, self.max_rows = timeout, max_rows
        self._served: ServedIndex | None = None
        self._open_lock = threading.Lock()
        self._query_lock = threading.Lock()
        self._worker = QueryWorker()

    def served(self) -> ServedIndex:
        """The served index, opened on first use and moved to the newest generation on every call."""
        with self._open_lock:
            if self._served is None:
                self._served = ServedIndex(self._open_session())
        self._served.refresh()
        return self._served

    def _open_session(self) -> Session:
        try:
            return Session(self.index_dir, self.encoder)
        except IndexMissing:
            if IndexStore(self.index_dir).writer_pid() is not None:
                raise  # "being built (pid N): try again when that ingest finishes"
            raise IndexMissing(f"no index at {self.index_dir}: build it with `kgqa ingest {self.notes_root}` "
                               f"(or keep it current with `kgqa watch {self.notes_root}`)") from None

    def warm_up(self) -> threading.Thread | None:
        """Load the index and the model in the background when an index exists; None when there is none."""
        try:
            return self.served().warm_up()
        except KgqaError:
            return None

    # --- the tools ------------------------------------------------------------------------------
    def ask(self, question: str, k: int = 5, legs: list[str] | str | None = None) -> dict:
        """`legs`: names, or one comma-separated string as the CLI takes them; None or empty: every leg."""
        from retrieval.legs import parse_legs

        if not 1 <= k <= MAX_K:
            raise ToolFailure(f"k must be between 1 and {MAX_K}, not {k}")
        text = legs if isinstance(legs, str) else ",".join(legs or ())
        chosen = parse_legs(text if text.strip() else None)
        return answer_document(self.served().ask(question, k, chosen))

    def concept(self, name: str) -> dict:
        session = self.served().session
        return concept_document(session.graph, session.passages, name)

    def concepts(self, top: int = 30) -> list[dict]:
        if not 1 <= top <= MAX_TOP:
            raise ToolFailure(f"top must be between 1 and {MAX_TOP}, not {top}")
        return concepts_document(self.served().session.graph, top)

    def related(self, name: str, relation: str | None = None) -> dict:
        return related_document(self.served().session.graph, name, relation or None)

    def sparql(self, query: str, format: str = "json") -> dict:
        """Read-only, under the CLI's timeout and row cap; `result` is the serialised body as text."""
        session = self.served().session
        with self._query_lock:
            output = self._worker.run(session.generation.directory, query, format, self.timeout, self.max_rows)
        return {"generation": session.generation.name, "kind": output.kind, "format": format,
                "media_type": output.media_type, "rows": output.rows, "truncated": output.truncated,
                "result": output.body.decode("utf-8")}

    def close(self) -> None:
        self._worker.close()


def _answer(call: Callable[[], T]) -> T:
    """Run a tool; a library error becomes the tool error the assistant reads, in one line."""
    from mcp.server.mcpserver.exceptions import ToolError

    try:
        return call()
    except KgqaError as error:
        raise ToolError(str(error)) from None
    except Exception as error:  # a bug: one line for the assistant, never a traceback on the wire
        first = str(error).splitlines()[0] if str(error) else ""
        raise ToolError(f"internal error: {type(error).__name__}: {first}") from None


def make_mcp_server(tools: NotesTools, log_level: str = "WARNING", warm_up: bool = False):
    """An `mcp.server.mcpserver.MCPServer` with the five tools; `.run("stdio")` serves it.

    `log_level` is passed to the SDK, which configures logging on stderr when it is built.
    `warm_up` loads the index and model in the background once the server runs, that is
    after the SDK has taken stdout, so nothing a loading library prints can reach the wire.
    """
    from contextlib import asynccontextmanager

    from mcp.server.mcpserver import MCPServer
    from mcp_types import ToolAnnotations

    @asynccontextmanager
    async def lifespan(_server):
        if warm_up:
            tools.warm_up()
        yield {}

    server = MCPServer(SERVER_NAME, instructions=INSTRUCTIONS, version=_version(), log_level=log_level, lifespan=lifespan)
    read_only = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

    @server.tool(annotations=read_only, structured_output=True)
    def ask(question: str, k: int = 5, legs: list[str] | str | None = None) -> dict[str, Any]:
        """Answer a question from the notes: the k best passages (file, start and end line, heading path, text,
        why each ranked: which retrieval legs found it and which concepts it names) and related graph edges with
        file:lines. `legs` picks retrieval legs (bm25, dense, graph); all by default. The same JSON as `kgqa ask --json`."""
        return _answer(lambda: tools.ask(question, k, legs))

    @server.tool(annotations=read_only, structured_output=True)
    def concept(name: str) -> dict[str, Any]:
        """One concept by name or alias: its names, typed edges out and in (relation, other concept, file:lines,
        extraction rule, evidence) and the passages that mention it. What `kgqa show --json` prints.
        An unknown name answers with the nearest names."""
        return _answer(lambda: tools.concept(name))

    @server.tool(annotations=read_only, structured_output=True)
    def concepts(top: int = 30) -> list[dict[str, Any]]:
        """The best-connected concepts of the notes: label, aliases, typed degree, PageRank, mention count."""
        return _answer(lambda: tools.concepts(top))

    @server.tool(annotations=read_only, structured_output=True)
    def related(name: str, relation: str | None = None) -> dict[str, Any]:
        """Concepts one typed edge from `name`, in or out, each with its relation, direction, file:lines and the
        sentence that states it; `relation` (e.g. has_component, solves, is_a) keeps only that relation."""
        return _answer(lambda: tools.related(name, relation))

    @server.tool(annotations=read_only, structured_output=True)
    def sparql(query: str, format: str = "json") -> dict[str, Any]:
        """Run a read-only SPARQL 1.1 query over the notes' RDF graph (prefixes kgqa, skos, rdfs, rdf, prov, dcterms,
        xsd are declared). `format`: json, csv, tsv, xml, table; turtle, nt, json-ld for CONSTRUCT/DESCRIBE.
        Updates and SERVICE are refused; a query is stopped after the server's timeout and cut at its row cap."""
        return _answer(lambda: tools.sparql(query, format))

    return server


def serve_stdio(tools: NotesTools, log_level: str = "WARNING", warm_up: bool = True) -> None:
    """Serve on stdin/stdout until the client closes stdin."""
    server = make_mcp_server(tools, log_level, warm_up)
    try:
        server.run("stdio")
    finally:
        tools.close()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kgqa")
    except PackageNotFoundError:
        return "0"

