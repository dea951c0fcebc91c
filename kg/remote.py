"""An existing SPARQL 1.1 server as the graph's home: Graph Store Protocol writes, Protocol queries.

For notes that outgrow one laptop the graph lives in a real triple store (Oxigraph,
Apache Jena Fuseki, GraphDB...). Each server family spells its two endpoints
differently; `SERVER_LAYOUTS` says where they are below the URL a user gives, so
`--store URL` is all a user types (docs/stores.md lists the URLs).

Every call has a timeout; 5xx answers and dropped connections are retried with
exponential back-off; a refused connection, a 4xx, or retries running out become a
RemoteError whose message is one line naming the URL.
"""
from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from store.errors import KgqaError

if TYPE_CHECKING:  # the CLI's parser reads this module's tables: the HTTP client loads with the first request
    import http.client

DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
BACKOFF_SECONDS = 0.5
"""First pause before a retry; doubled each time."""
TOKEN_VARIABLE = "KGQA_STORE_TOKEN"
"""A bearer token for the server, read from the environment by the CLI."""
AUTH_VARIABLE = "KGQA_STORE_AUTH"
"""A whole Authorization header value (e.g. `Basic dXNlcjpwYXNz`), read from the environment by the CLI."""


@dataclass(frozen=True)
class ServerLayout:
    """Where one family of servers answers, relative to the URL the user gives."""

    query_path: str
    """SPARQL 1.1 Protocol queries."""
    graph_store_path: str
    """SPARQL 1.1 Graph Store HTTP Protocol (`?graph=IRI`)."""
    union_parameters: tuple[tuple[str, str], ...] = ()
    """Query parameters that make the default graph the union of the named graphs."""


SERVER_LAYOUTS = {
    "oxigraph": ServerLayout("/query", "/store", (("union-default-graph", ""),)),
    "fuseki": ServerLayout("/sparql", "/data", (("default-graph-uri", "urn:x-arq:UnionGraph"),)),
    "graphdb": ServerLayout("", "/rdf-graphs/service"),  # RDF4J's default graph is already every context
}
DEFAULT_LAYOUT = "oxigraph"


class RemoteError(KgqaError):
    """The server is down, refused, or kept failing; the message is one line naming the URL."""


@dataclass(frozen=True)
class RemoteStore:
    """A server and how to talk to it."""

    url: str
    """The URL as the user gave it (credentials removed): the key under which pushes are remembered."""
    layout: str = DEFAULT_LAYOUT
    authorization: str | None = field(default=None, repr=False)
    """The Authorization header value, if any."""
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES

    @property
    def query_url(self) -> str:
        return self.url.rstrip("/") + SERVER_LAYOUTS[self.layout].query_path

    @property
    def graph_store_url(self) -> str:
        return self.url.rstrip("/") + SERVER_LAYOUTS[self.layout].graph_store_path


def remote_store(url: str, layout: str | None = None, environ: dict | None = None, timeout: float = DEFAULT_TIMEOUT,
                 retries: int = DEFAULT_RETRIES) -> RemoteStore:
    """A RemoteStore from what a user types: `http(s)://[user:pass@]host:port/path`, a layout name,
    and the environment (KGQA_STORE_AUTH, else KGQA_STORE_TOKEN, else the URL's user:pass)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{url}: not an http(s) URL of a SPARQL server")
    layout = layout or DEFAULT_LAYOUT
    if layout not in SERVER_LAYOUTS:
        raise RemoteError(f"unknown server type {layout!r}: choose one of {', '.join(sorted(SERVER_LAYOUTS))}")
    environ = environ or {}
    authorization = environ.get(AUTH_VARIABLE) or None
    if authorization is None and environ.get(TOKEN_VARIABLE):
        authorization = f"Bearer {environ[TOKEN_VARIABLE]}"
    if authorization is None and parts.username:
        pair = f"{parts.username}:{parts.password or ''}".encode()
        authorization = "Basic " + base64.b64encode(pair).decode("ascii")
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    clean = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    return RemoteStore(clean, layout, authorization, timeout, retries)


class RemoteClient:
    """HTTP to one RemoteStore over one kept-alive connection."""

    def __init__(self, store: RemoteStore) -> None:
        self.store = store
        self._connection: http.client.HTTPConnection | None = None
        self.requests = 0
        """Requests that reached the server (retries included): for tests and reports."""

    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        """Replace a named graph with these N-Triples (Graph Store Protocol PUT)."""
        self._request("PUT", self._graph_url(graph_iri), ntriples, {"Content-Type": "application/n-triples"})

    def delete_graph(self, graph_iri: str) -> None:
        """Drop a named graph; one the server does not have counts as dropped."""
        self._request("DELETE", self._graph_url(graph_iri), None, {}, missing_ok=True)

    def query(self, query: str, accept: str) -> tuple[str, bytes]:
        """POST a query (SPARQL 1.1 Protocol, form-encoded); returns (content type, body)."""
        url = self.store.query_url
        union = SERVER_LAYOUTS[self.store.layout].union_parameters
        if union:
            url += "?" + "&".join(f"{k}={quote(v, safe=':')}" if v else k for k, v in union)
        body = urlencode({"query": query}).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        return self._request("POST", url, body, headers)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _graph_url(self, graph_iri: str) -> str:
        return f"{self.store.graph_store_url}?graph={quote(graph_iri, safe='')}"

    def _request(self, method: str, url: str, body: bytes | None, headers: dict, missing_ok: bool = False) -> tuple[str, bytes]:
        import http.client
        import socket

        headers = dict(headers)
        if self.store.authorization:
            headers["Authorization"] = self.store.authorization
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        pause, last = BACKOFF_SECONDS, ""
        for attempt in range(self.store.retries + 1):
            if attempt:
                time.sleep(pause)
                pause *= 2
            try:
                connection = self._connect()
                connection.request(method, target or "/", body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                self.requests += 1
            except ConnectionRefusedError:
                self.close()
                raise RemoteError(f"cannot reach {self.store.url}: connection refused (is the server running?)") from None
            except socket.gaierror:
                self.close()
                raise RemoteError(f"cannot reach {self.store.url}: unknown host {parts.hostname}") from None
            except (TimeoutError, socket.timeout):
                self.close()
                last = f"no answer within {self.store.timeout:g} s"
                continue
            except (ConnectionError, http.client.HTTPException, OSError) as error:
                self.close()
                last = f"connection failed ({type(error).__name__})"
                continue
            if response.will_close:
                self.close()
            status = response.status
            if status < 300 or (missing_ok and status == 404):
                return response.getheader("Content-Type", ""), data
            detail = _first_line(data)
            if status >= 500:
                last = f"{status} {response.reason}" + (f": {detail}" if detail else "")
                continue
            hint = f" (set {AUTH_VARIABLE} or {TOKEN_VARIABLE})" if status in (401, 403) else ""
            raise RemoteError(f"{method} {url} refused: {status} {response.reason}{hint}" + (f": {detail}" if detail else ""))
        tries = self.store.retries + 1
        raise RemoteError(f"{method} {url} failed after {tries} {'try' if tries == 1 else 'tries'}: {last}")

    def _connect(self) -> http.client.HTTPConnection:
        import http.client

        if self._connection is None:
            parts = urlsplit(self.store.url)
            kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            self._connection = kind(parts.hostname, parts.port, timeout=self.store.timeout)
        return self._connection

    def __enter__(self) -> "RemoteClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0][:200] if text else ""


RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


def remote_query(client: RemoteClient, query: str, fmt: str = "table", max_rows: int | None = None):
    """Run a read-only query on the server; the answer is formatted as a local store formats it.

    The checks a local store makes run here first (no updates, no SERVICE, valid
    syntax), so a bad query fails in one line without a round trip; kgqa's prefixes
    are declared in front of the query for the server.
    """
    import pyoxigraph

    from kg.sparql import DEFAULT_MAX_ROWS
    from kg.sparql_rules import UPDATE_REFUSED, QueryError, looks_like_update, output_format, query_form, vet_query
    from kg.stores.oxigraph import syntax_message
    from kg.stores.results import read_result
    from kg.vocab import PREFIXES

    vet_query(query)
    try:
        pyoxigraph.Store().query(query, prefixes=PREFIXES)  # parses now, evaluates (nothing) lazily
    except SyntaxError as error:
        raise QueryError(UPDATE_REFUSED if looks_like_update(query) else syntax_message(error)) from None
    kind = query_form(query)
    output_format(kind, fmt)
    graph_result = kind in ("CONSTRUCT", "DESCRIBE")
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    media_type, body = client.query(prologue + query, NTRIPLES if graph_result else RESULTS_JSON)
    try:
        if graph_result:
            result = pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
        else:
            result = pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
        return read_result(result, kind, fmt, max_rows or DEFAULT_MAX_ROWS)
    except (SyntaxError, ValueError) as error:
        shown = media_type or "no content type"
        raise RemoteError(f"{client.store.query_url} answered something that is not SPARQL results ({shown}): {error}") from None
