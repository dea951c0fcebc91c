"""`kgqa mcp`: a notes folder's index as tools an AI assistant calls, over the Model Context Protocol on stdio.

Built on the official SDK (`mcp` 2.x, whose high-level server is `MCPServer`; 1.x
called it `FastMCP`). The tools answer with the same documents as the CLI's `--json`
and the web API (service/documents.py), so an assistant, a script and the page see
one answer. `NotesTools` holds everything the tools do as plain functions over one
reloading `Session`: the index and the model load once per server, and an ingest or
`kgqa watch` that publishes a new generation is picked up by the next call. The
index may not exist yet when the assistant starts the server: the tools then say
which command builds it instead of the server failing to start.

Beside the tools, what a client can attach without the model asking: resources
(`kgqa://status`, `kgqa://concepts`, `kgqa://notes`, and the templates
`kgqa://concept/{name}` and `kgqa://note/{+path}{?start,end}`, a note's text read
from the notes folder and never from outside it), prompts that hold the assistant to
cited answers (service/mcp_prompts.py), and completion of concept names and note paths.
Every failure is one line: a tool's is an error result, a resource's or prompt's a
protocol error (unknown concept or note: invalid params).

stdout belongs to the protocol. The SDK points file descriptor 1 at stderr while it
serves, so a library that prints cannot corrupt a message; our own logs go to stderr.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar
from urllib.parse import quote

from kg.sparql import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, QueryWorker
from retrieval.encoders import EncoderChoice
from service.documents import (answer_document, concept_document, concepts_document, read_note, related_document,
                               status_document)
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
MAX_COMPLETIONS = 100
"""The protocol's cap on the values one completion answer carries."""
CONCEPT_TEMPLATE = "kgqa://concept/{name}"
NOTE_TEMPLATE = "kgqa://note/{+path}{?start,end}"
T = TypeVar("T")


def concept_uri(name: str) -> str:
    return "kgqa://concept/" + quote(name, safe="")


def note_uri(path: str) -> str:
    return "kgqa://note/" + quote(path, safe="/")


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

    # --- the resources and completions ----------------------------------------------------------
    def status(self) -> dict:
        """`kgqa status --json` for the served generation, and what the server has loaded."""
        served = self.served()
        return {**status_document(self.notes_root, self.index_dir, served.session.generation),
                "notes_folder": str(self.notes_root), "server": served.status()}

    def concept_list(self) -> list[dict]:
        """Every concept, best connected first, each with the URI of its own resource."""
        graph = self.served().session.graph
        return [{**row, "uri": concept_uri(row["label"])} for row in concepts_document(graph, len(graph.concepts))]

    def note_list(self) -> list[dict]:
        return [{"path": note.path, "uri": note_uri(note.path), "passages": note.passage_count}
                for note in self.served().session.notes]

    def note(self, path: str, start: str | None = None, end: str | None = None) -> str:
        """An indexed note's text as it is on disk now; `start`..`end` (1-based, inclusive) cut it to those lines."""
        _, _, text = read_note(self.notes_root, self.served().session.notes, path)
        if start is None and end is None:
            return text
        lines = text.split("\n")
        first, last = _line_number("start", start, 1), min(_line_number("end", end, len(lines)), len(lines))
        if first > len(lines):
            raise ToolFailure(f"{path} has {len(lines)} lines: there is no line {first}")
        if first > last:
            raise ToolFailure(f"start {first} is after end {last}")
        return "\n".join(lines[first - 1:last])

    def complete(self, argument: str, typed: str) -> list[str]:
        """Concept names (argument `name`) or note paths (`path`) starting with what was typed, then containing it."""
        try:
            session = self.served().session
        except KgqaError:
            return []
        if argument == "path":
            names = [note.path for note in session.notes]
        else:
            names = list(dict.fromkeys(label for concept in session.graph.concepts for label in concept.labels))
        key = typed.casefold()
        starting = sorted(name for name in names if name.casefold().startswith(key))
        containing = sorted(name for name in names if key in name.casefold() and not name.casefold().startswith(key))
        return starting + containing

    def close(self) -> None:
        self._worker.close()


def _line_number(name: str, value: str | None, default: int) -> int:
    if value is None or value == "":
        return default
    if not value.isdigit() or int(value) < 1:
        raise ToolFailure(f"{name} must be a line number (1 or more), not {value!r}")
    return int(value)


def _one_line(error: Exception) -> str:
    if isinstance(error, KgqaError):
        return str(error)
    first = str(error).splitlines()[0] if str(error) else ""  # a bug: one line, never a traceback on the wire
    return f"internal error: {type(error).__name__}: {first}"


def _answer(call: Callable[[], T]) -> T:
    """Run a tool; a library error becomes the tool error the assistant reads, in one line."""
    from mcp.server.mcpserver.exceptions import ToolError

    try:
        return call()
    except Exception as error:
        raise ToolError(_one_line(error)) from None


def _read(call: Callable[[], object]) -> str:
    """Run a resource; its text, a document as JSON. An unknown concept or note is 'not found' (invalid params)."""
    from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
    from mcp.shared.exceptions import MCPError
    from mcp_types import INVALID_PARAMS

    try:
        content = call()
    except LookupError as error:
        raise ResourceNotFoundError(_one_line(error)) from None
    except ToolFailure as error:
        raise MCPError(INVALID_PARAMS, str(error)) from None
    except Exception as error:
        raise ResourceError(_one_line(error)) from None
    return content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, indent=1)


def _render(call: Callable[[], T]) -> T:
    """Run a prompt; a failure is a one-line protocol error (the SDK would hide the message behind its own)."""
    from mcp.shared.exceptions import MCPError
    from mcp_types import INTERNAL_ERROR, INVALID_PARAMS

    try:
        return call()
    except Exception as error:
        invalid = isinstance(error, (LookupError, ToolFailure))
        raise MCPError(INVALID_PARAMS if invalid else INTERNAL_ERROR, _one_line(error)) from None


def make_mcp_server(tools: NotesTools, log_level: str = "WARNING", warm_up: bool = False):
    """An `mcp.server.mcpserver.MCPServer` with the five tools, the resources and prompts; `.run("stdio")` serves it.

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

    _add_resources(server, tools)
    _add_prompts(server, tools)
    return server


def _add_resources(server, tools: NotesTools) -> None:
    from mcp.server.mcpserver.resources import ResourceSecurity

    @server.resource("kgqa://status", name="status", title="Index status", mime_type="application/json")
    def status() -> str:
        """The served generation, notes and passage counts, each stage's counts (concepts, triples), what changed
        in the notes folder since the last ingest, and whether the model is loaded. `kgqa status --json`."""
        return _read(tools.status)

    @server.resource("kgqa://concepts", name="concepts", title="All concepts", mime_type="application/json")
    def concepts() -> str:
        """Every concept of the notes, best connected first: label, aliases, typed degree, PageRank, mentions,
        and the kgqa://concept/ URI of its own resource."""
        return _read(tools.concept_list)

    @server.resource("kgqa://notes", name="notes", title="Indexed notes", mime_type="application/json")
    def notes() -> str:
        """Every indexed note: its path in the notes folder, its kgqa://note/ URI and how many passages it gave."""
        return _read(tools.note_list)

    @server.resource(CONCEPT_TEMPLATE, name="concept", title="One concept", mime_type="application/json")
    def concept(name: str) -> str:
        """One concept by name or alias (URL-encoded): its names and why each is on it, typed edges out and in with
        relation, other concept, file:lines, rule and evidence, and the passages that mention it. `kgqa show --json`."""
        return _read(lambda: tools.concept(name))

    # our own check (read_note) says "outside the notes folder" instead of the SDK's "Unknown resource"
    @server.resource(NOTE_TEMPLATE, name="note", title="A note's text", mime_type="text/markdown",
                     security=ResourceSecurity(exempt_params={"path"}))
    def note(path: str, start: str | None = None, end: str | None = None) -> str:
        """The text of an indexed note, read from the notes folder now (a path outside it is refused);
        ?start=N&end=M gives lines N to M (1-based, inclusive), the line numbers every answer cites."""
        return _read(lambda: tools.note(path, start, end))


def _add_prompts(server, tools: NotesTools) -> None:
    from mcp.server.mcpserver.prompts.base import UserMessage
    from mcp_types import Completion, EmbeddedResource, TextResourceContents

    from service import mcp_prompts

    @server.prompt(title="Answer from my notes")
    def answer_from_notes(question: str) -> str:
        """Answer a question from the notes only, with every statement cited as file:lines."""
        return mcp_prompts.answer_from_notes(question)

    @server.prompt(title="Explain a concept from my notes")
    def explain_concept(name: str) -> list:
        """Explain one concept as the notes describe it: its document (names, typed edges with file:lines) attached."""
        def render() -> list:
            document = tools.concept(name)
            attached = TextResourceContents(uri=concept_uri(document["label"]), mime_type="application/json",
                                            text=json.dumps(document, ensure_ascii=False, indent=1))
            return [UserMessage(mcp_prompts.explain_concept(name, document["label"])),
                    UserMessage(EmbeddedResource(type="resource", resource=attached))]

        return _render(render)

    @server.completion()
    async def complete(ref, argument, context) -> Completion | None:
        import anyio.to_thread

        wanted = {("ref/resource", CONCEPT_TEMPLATE, "name"), ("ref/prompt", "explain_concept", "name"),
                  ("ref/resource", NOTE_TEMPLATE, "path")}
        if (ref.type, getattr(ref, "uri", None) or getattr(ref, "name", None), argument.name) not in wanted:
            return None
        values = await anyio.to_thread.run_sync(tools.complete, argument.name, argument.value)
        return Completion(values=values[:MAX_COMPLETIONS], total=len(values), has_more=len(values) > MAX_COMPLETIONS)


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

