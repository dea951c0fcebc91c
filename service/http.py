"""`kgqa serve`: a read-only SPARQL 1.1 Protocol endpoint at /sparql on 127.0.0.1.

GET ?query=…, POST application/sparql-query or form-encoded `query=`; results by
content negotiation (Accept) or `format=`. Each query runs under the timeout and
row cap of kg.sparql; updates, SERVICE and oversize requests are refused. When an
ingest publishes a new generation, the next request answers from it; until then
the last complete one keeps answering.
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from kg.sparql import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, QueryError, QueryTimeout, run_query
from service.session import Session

MAX_REQUEST_BYTES = 64 * 1024
ACCEPT_FORMATS = [
    ("application/sparql-results+json", "json"), ("application/json", "json"), ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"), ("application/sparql-results+xml", "xml"), ("text/turtle", "turtle"),
    ("application/n-triples", "nt"), ("application/ld+json", "json-ld"), ("text/plain", "table"),
]


def make_server(index_dir: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = DEFAULT_TIMEOUT,
                max_rows: int = DEFAULT_MAX_ROWS) -> HTTPServer:
    session = Session(index_dir)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        server_version = "kgqa-sparql/0.1"

        def log_message(self, format, *args):  # quiet: one line per request on stderr is noise for a CLI
            pass

        def do_GET(self):
            url = urlparse(self.path)
            if url.path != "/sparql":
                return self._reply(404, "text/plain", b"only /sparql is served\n")
            params = parse_qs(url.query)
            if "update" in params:
                return self._refuse_update()
            self._answer(params.get("query", [""])[0], params.get("format", [None])[0])

        def do_POST(self):
            url = urlparse(self.path)
            if url.path != "/sparql":
                return self._reply(404, "text/plain", b"only /sparql is served\n")
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

        def _refuse_update(self):
            self._reply(400, "text/plain", b"updates are refused: the notes are the source of truth\n")

        def _answer(self, query: str, fmt: str | None):
            if len(query.encode("utf-8")) > MAX_REQUEST_BYTES:
                return self._reply(413, "text/plain", b"query too large\n")
            fmt = fmt or self._negotiate()
            try:
                with lock:
                    session.refresh()
                    output = run_query(session.dataset, query, fmt, timeout=timeout, max_rows=max_rows)
            except QueryTimeout as error:
                return self._reply(503, "text/plain", f"{error}\n".encode())
            except QueryError as error:
                return self._reply(400, "text/plain", f"{error}\n".encode())
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

    server = HTTPServer((host, port), Handler)
    server.kgqa_session = session
    return server


def describe(server: HTTPServer) -> str:
    host, port = server.server_address[:2]
    return json.dumps({"endpoint": f"http://{host}:{port}/sparql", "generation": server.kgqa_session.generation.name})
