"""`kgqa serve`: the web page at /, its JSON API under /api/ and a SPARQL 1.1 endpoint at /sparql; read-only.

SPARQL: GET ?query=…, POST application/sparql-query or form-encoded `query=`; results
by content negotiation (Accept) or `format=`. Each query runs under the timeout and
row cap of kg.sparql; updates, SERVICE and oversize requests are refused. Everything
else is service.web.WebApp's. One Session serves all of them: when an ingest publishes
a new generation, the next request answers from it; until then the last complete one
keeps answering. Threaded, so the page can poll /api/status while a question waits for
the model. Loopback by default; `warn_if_exposed` says so when another host is chosen.
"""
from __future__ import annotations

import ipaddress
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from kg.sparql import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, QueryError, QueryTimeout, QueryWorker
from retrieval.encoders import EncoderChoice
from service.session import Session
from service.state import ServedIndex
from service.web import WebApp, error_reply
from store.errors import KgqaError

MAX_REQUEST_BYTES = 64 * 1024
ACCEPT_FORMATS = [
    ("application/sparql-results+json", "json"), ("application/json", "json"), ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"), ("application/sparql-results+xml", "xml"), ("text/turtle", "turtle"),
    ("application/n-triples", "nt"), ("application/ld+json", "json-ld"), ("text/plain", "table"),
]


def make_server(notes_root: Path, index_dir: Path, host: str = "127.0.0.1", port: int = 7878,
                timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS, encoder: EncoderChoice | None = None,
                session: Session | None = None, remote=None) -> ThreadingHTTPServer:
    """A server for one index (`serve_forever()` starts it); raises IndexProblem when there is none.

    SPARQL goes to a worker process over the generation's embedded store, or, with
    `remote` (a kg.remote.RemoteStore), to that server.
    """
    session = session or Session(index_dir, encoder)
    served = ServedIndex(session)
    app = WebApp(notes_root, served)
    lock = threading.Lock()
    answer = _remote_answerer(remote, max_rows) if remote is not None else _local_answerer(session, timeout, max_rows)

    class Handler(BaseHTTPRequestHandler):
        server_version = "kgqa/0.1"

        def log_message(self, format, *args):  # quiet: one line per request on stderr is noise for a CLI
            pass

        def do_GET(self):
            url = urlparse(self.path)
            if url.path != "/sparql":
                reply = app.handle(url.path, parse_qs(url.query))
                return self._reply(reply.status, reply.media_type, reply.body, reply.headers)
            params = parse_qs(url.query)
            if "update" in params:
                return self._refuse_update()
            self._answer(params.get("query", [""])[0], params.get("format", [None])[0])

        def do_POST(self):
            url = urlparse(self.path)
            if url.path != "/sparql":
                return self._refuse_write()
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_REQUEST_BYTES:
                return self._reply(413, "text/plain", f"request larger than {MAX_REQUEST_BYTES} bytes\n".encode())
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if content_type == "application/sparql-update":
                return self._refuse_update()
            if content_type == "application/sparql-query":
                query, fmt = body, parse_qs(url.query).get("format", [None])[0]
            else:
                params = parse_qs(body)
                if "update" in params:
                    return self._refuse_update()
                query, fmt = params.get("query", [""])[0], params.get("format", [None])[0]
            self._answer(query, fmt)

        def _refuse_write(self):
            reply = error_reply(405, "read-only: only GET (and POST /sparql for queries) is served")
            self._reply(reply.status, reply.media_type, reply.body, {"Allow": "GET"})

        do_PUT = do_DELETE = do_PATCH = _refuse_write

        def _refuse_update(self):
            self._reply(400, "text/plain", b"updates are refused: the notes are the source of truth\n")

        def _answer(self, query: str, fmt: str | None):
            if len(query.encode("utf-8")) > MAX_REQUEST_BYTES:
                return self._reply(413, "text/plain", b"query too large\n")
            fmt = fmt or self._negotiate()
            try:
                with lock:
                    output = answer(query, fmt)
            except QueryTimeout as error:
                return self._reply(503, "text/plain", f"{error}\n".encode())
            except QueryError as error:
                return self._reply(400, "text/plain", f"{error}\n".encode())
            except KgqaError as error:  # the remote server is down or refused
                return self._reply(502, "text/plain", f"{error}\n".encode())
            headers = {"X-KGQA-Truncated": "true"} if output.truncated else {}
            self._reply(200, output.media_type, output.body, headers)

        def _negotiate(self) -> str:
            accept = self.headers.get("Accept") or ""
            for media, fmt in ACCEPT_FORMATS:
                if media in accept:
                    return fmt
            return "json"

        def _reply(self, status: int, media_type: str, body: bytes, headers: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.kgqa_session = session
    server.kgqa_served = served
    server.kgqa_remote = remote
    return server


def _local_answerer(session: Session, timeout: float, max_rows: int):
    """Queries go to a worker process that keeps the current generation's store open."""
    worker = QueryWorker()

    def answer(query: str, fmt: str):
        session.refresh()
        return worker.run(session.generation.directory, query, fmt, timeout, max_rows)

    return answer


def _remote_answerer(remote, max_rows: int):
    from kg.remote import RemoteClient, remote_query

    client = RemoteClient(remote)

    def answer(query: str, fmt: str):
        return remote_query(client, query, fmt, max_rows)

    return answer


def describe(server: ThreadingHTTPServer) -> str:
    """The one JSON line `kgqa serve` prints when it is listening."""
    host, port = server.server_address[:2]
    where = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    banner = {"page": f"{where}/", "endpoint": f"{where}/sparql", "api": f"{where}/api/",
              "generation": server.kgqa_session.generation.name}
    if server.kgqa_remote is not None:
        banner["store"] = server.kgqa_remote.url
    return json.dumps(banner)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_if_exposed(host: str) -> None:
    if not is_loopback(host):
        print(f"kgqa: warning: serving on {host}: anyone who can reach this machine can read your notes and graph",
              file=sys.stderr)
