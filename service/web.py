"""The web page and its JSON API, as a pure function from a GET request to a reply (the server is glue).

    /                       the page (service/data/page.html)
    /static/NAME            the viewer's files (kg/data/viewer) and the page's own script and style
    /api/ask?q=&k=&legs=    the `kgqa ask --json` document
    /api/concept?name=      the `kgqa show --json` document
    /api/graph?concept=&depth=&relations=   the viewer's graph document of a neighbourhood
    /api/concepts?top=      the `kgqa concepts --json` rows
    /api/source?file=&start=&end=           an indexed note's lines
    /api/status             what is loading, for the page's progress line

Every error is JSON `{"error": message, "status": code}` with the library's one-line message.
Everything is read-only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kg.relation_table import RELATIONS, UnknownRelation
from kg.subgraph import SelectionError
from kg.viewer import ASSET_FILES, read_asset
from service.documents import (UnknownConcept, UnknownSource, answer_document, concept_document, concepts_document,
                               neighbourhood_document, source_document)
from service.state import ServedIndex
from store import IndexProblem
from store.errors import KgqaError

DEFAULT_K = 5
MAX_K = 50
PAGE_FILES = ("page.html", "app.js", "app.css")
MEDIA_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
               ".css": "text/css; charset=utf-8", ".json": "application/json; charset=utf-8"}


def _status_of(error: KgqaError) -> int:
    """HTTP status for a library error: the user's mistake (400), nothing by that name (404), no index (503)."""
    from retrieval.engine import QuestionError
    from retrieval.legs import UnknownLeg

    if isinstance(error, (UnknownConcept, UnknownSource)):
        return 404
    if isinstance(error, (QuestionError, UnknownLeg, UnknownRelation, SelectionError)):
        return 400
    if isinstance(error, IndexProblem):
        return 503
    return 500


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    body: bytes
    headers: dict = field(default_factory=dict)


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def json_reply(document: object, status: int = 200) -> Reply:
    body = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return Reply(status, MEDIA_TYPES[".json"], body, {"Cache-Control": "no-store"})


def error_reply(status: int, message: str) -> Reply:
    return json_reply({"error": message, "status": status}, status)


def _one(params: dict, name: str, default: str | None = None) -> str | None:
    values = params.get(name)
    return values[-1] if values else default


def _int(params: dict, name: str, default: int, low: int, high: int) -> int:
    text = _one(params, name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(400, f"{name} must be a whole number, not {text!r}") from None
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low} and {high}")
    return value


def _names(params: dict, name: str, commas: bool = True) -> tuple[str, ...]:
    """Repeated (and, with `commas`, comma-separated) values, in order, without blanks or repeats."""
    found: list[str] = []
    for value in params.get(name, []):
        for part in value.split(",") if commas else [value]:
            part = part.strip()
            if part and part not in found:
                found.append(part)
    return tuple(found)


def _page_file(name: str) -> str:
    return resources.files("service").joinpath("data", name).read_text(encoding="utf-8")


class WebApp:
    """Routes GET requests for one served index."""

    def __init__(self, notes_root: Path, served: ServedIndex) -> None:
        self.notes_root = notes_root
        self.served = served
        self.routes = {"/": self.page, "/api/ask": self.ask, "/api/concept": self.concept, "/api/graph": self.graph,
                       "/api/concepts": self.concepts, "/api/source": self.source, "/api/status": self.status}

    def handle(self, path: str, params: dict[str, list[str]]) -> Reply:
        """The reply to GET `path` with parsed query `params`; never raises."""
        try:
            if path.startswith("/static/"):
                return self.static(path[len("/static/"):])
            if path == "/favicon.ico":  # browsers ask for it; no icon is not an error
                return Reply(204, "image/x-icon", b"")
            route = self.routes.get(path)
            if route is None:
                raise ApiError(404, f"nothing at {path}: the page is at /, the API under /api/ "
                                    "(ask, concept, graph, concepts, source, status), SPARQL at /sparql")
            return route(params)
        except ApiError as error:
            return error_reply(error.status, str(error))
        except KgqaError as error:
            return error_reply(_status_of(error), str(error))
        except Exception as error:  # a bug: one line to the page, and the server stays up
            return error_reply(500, f"internal error: {type(error).__name__}: {error}".splitlines()[0])

    def page(self, params) -> Reply:
        return Reply(200, MEDIA_TYPES[".html"], _page_file("page.html").encode("utf-8"), {"Cache-Control": "no-cache"})

    def static(self, name: str) -> Reply:
        if name in ASSET_FILES:
            text = read_asset(name)
        elif name in PAGE_FILES:
            text = _page_file(name)
        else:
            raise ApiError(404, f"no static file {name!r}")
        return Reply(200, MEDIA_TYPES[Path(name).suffix], text.encode("utf-8"), {"Cache-Control": "no-cache"})

    def ask(self, params) -> Reply:
        from retrieval.legs import parse_legs

        k = _int(params, "k", DEFAULT_K, 1, MAX_K)
        legs = parse_legs(",".join(_names(params, "legs")) or None)
        return json_reply(answer_document(self.served.ask(_one(params, "q", ""), k, legs), self.notes_root))

    def concept(self, params) -> Reply:
        name = _one(params, "name", "").strip()
        if not name:
            raise ApiError(400, "give a concept: /api/concept?name=LSTM")
        session = self.served.refresh()
        return json_reply(concept_document(session.graph, session.passages, name))

    def graph(self, params) -> Reply:
        session = self.served.refresh()
        relations = _names(params, "relations") or RELATIONS
        depth = _int(params, "depth", 1, 0, 3)
        return json_reply(neighbourhood_document(session.graph, session.passages, _names(params, "concept", commas=False),
                                                 depth, relations))

    def concepts(self, params) -> Reply:
        top = _int(params, "top", 30, 1, 100_000)
        return json_reply(concepts_document(self.served.refresh().graph, top))

    def source(self, params) -> Reply:
        start = _int(params, "start", 1, 1, 10_000_000)
        end = _int(params, "end", start, 1, 10_000_000)
        notes = self.served.refresh().notes
        return json_reply(source_document(self.notes_root, notes, _one(params, "file", ""), start, end))

    def status(self, params) -> Reply:
        return json_reply(self.served.status())
