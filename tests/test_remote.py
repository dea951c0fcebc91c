"""Pushing the graph to a real Oxigraph server and querying it there; servers that are down or refuse."""
from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import kg.remote
from conftest import PROJECT, SEED_CORPUS, free_port, require
from store import IndexStore
from kg.push import push_generation, read_state
from kg.remote import RemoteClient, RemoteError, remote_query, remote_store
from kg.sparql import QueryError, run_in_generation
from pipeline import BuildOptions, build_index

QUERIES = PROJECT / "examples" / "queries"
def _index(notes: Path, index: Path) -> Path:
    build_index(notes, index, BuildOptions(encoder=None))
    return IndexStore(index).current().directory


def _bindings(output) -> list[dict]:
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(output.body)["results"]["bindings"]]


def _graphs_on(url: str) -> set[str]:
    with RemoteClient(remote_store(url)) as client:
        output = remote_query(client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "json")
    return {row["g"] for row in _bindings(output)}


def test_a_pushed_seed_graph_answers_the_cookbook_like_the_embedded_store(oxigraph_server, tmp_path):
    index = tmp_path / "index"
    generation = _index(require(SEED_CORPUS), index)
    store = remote_store(oxigraph_server + "/")
    report = push_generation(generation, index, store)
    notes = sorted(p.name for p in SEED_CORPUS.glob("*.md"))
    assert sorted(iri.rsplit("/", 1)[1] for iri in report.put) == notes and report.deleted == () and report.unchanged == 0
    assert {iri.rsplit("/", 1)[1] for iri in _graphs_on(oxigraph_server)} >= set(notes)
    with RemoteClient(store) as client:
        for query in sorted(QUERIES.glob("*.rq")):
            text = query.read_text(encoding="utf-8")
            remote = _bindings(remote_query(client, text, "json"))
            local = _bindings(run_in_generation(generation, text, "json", timeout=60))
            assert remote == local or sorted(map(str, remote)) == sorted(map(str, local)), query.name
        assert remote_query(client, "ASK { ?a kgqa:solves ?b }", "table").body == b"true\n"
        table = remote_query(client, (QUERIES / "components.rq").read_text(encoding="utf-8"), "table").body.decode()
        assert "遗忘门" in table and table.rstrip().endswith("rows)")
        capped = remote_query(client, "SELECT ?p WHERE { ?p a kgqa:Passage }", "csv", max_rows=3)
        assert capped.truncated and capped.body.decode().count("\r\n") == 4
    again = push_generation(generation, index, store)
    assert again.put == () and again.deleted == () and again.unchanged == len(notes)


def test_a_repush_after_one_edit_sends_exactly_that_note_and_a_deleted_note_is_dropped(oxigraph_server, seed_copy, tmp_path):
    index = tmp_path / "index"
    store = remote_store(oxigraph_server)
    push_generation(_index(seed_copy, index), index, store, full=True)
    note = seed_copy / "004_0788be5c14df413a.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n新加的一段：Mish 可以缓解梯度消失。\n", encoding="utf-8")
    report = push_generation(_index(seed_copy, index), index, store)
    assert [iri.rsplit("/", 1)[1] for iri in report.put] == ["004_0788be5c14df413a.md"] and report.deleted == ()
    with RemoteClient(store) as client:
        found = remote_query(client, 'ASK { ?p kgqa:text ?t . FILTER(CONTAINS(?t, "新加的一段")) }', "table")
    assert found.body == b"true\n"
    gone = sorted(seed_copy.glob("*.md"))[0]
    gone.unlink()
    report = push_generation(_index(seed_copy, index), index, store)
    # other notes may change too: a concept's preferred label is chosen over all notes
    assert [iri.rsplit("/", 1)[1] for iri in report.deleted] == [gone.name]
    assert {iri.rsplit("/", 1)[1] for iri in report.put} <= {p.name for p in seed_copy.glob("*.md")}
    assert gone.name not in {iri.rsplit("/", 1)[1] for iri in _graphs_on(oxigraph_server)}
    assert len(push_generation(IndexStore(index).current().directory, index, store, full=True).put) == 4


def test_a_server_that_is_down_gives_one_line_and_leaves_the_index_alone(tmp_path):
    index = tmp_path / "index"
    generation = _index(require(SEED_CORPUS), index)
    before = {p.name: p.read_bytes() for p in generation.iterdir() if p.is_file()}
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(RemoteError) as failed:
        push_generation(generation, index, remote_store(url))
    assert str(failed.value) == f"cannot reach {url}: connection refused (is the server running?)"
    assert read_state(index, url) == {}
    assert {p.name: p.read_bytes() for p in generation.iterdir() if p.is_file()} == before
    with pytest.raises(RemoteError, match="connection refused"), RemoteClient(remote_store(url)) as client:
        remote_query(client, "ASK { ?s ?p ?o }")


class _Scripted(http.server.BaseHTTPRequestHandler):
    """Answers with the statuses the test scripts, records what it was sent."""

    def _answer(self):
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        server.seen.append((self.command, self.path, self.headers.get("Authorization")))
        status = server.script.pop(0) if server.script else server.default
        self.send_response(status)
        self.send_header("Content-Length", "4")
        self.end_headers()
        self.wfile.write(b"nope")

    do_PUT = do_DELETE = do_POST = do_GET = _answer

    def log_message(self, *args):
        pass


@pytest.fixture()
def scripted_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Scripted)
    server.script, server.default, server.seen = [], 201, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def fast_backoff(monkeypatch):
    monkeypatch.setattr(kg.remote, "BACKOFF_SECONDS", 0.01)


def test_a_refusing_server_is_not_retried_and_says_which_variable_to_set(scripted_server, fast_backoff, tmp_path):
    server, url = scripted_server
    index = tmp_path / "index"
    generation = _index(require(SEED_CORPUS), index)
    server.default = 401
    with pytest.raises(RemoteError) as refused:
        push_generation(generation, index, remote_store(url, environ={"KGQA_STORE_TOKEN": "s3cret"}))
    message = str(refused.value)
    assert "\n" not in message and message.startswith(f"PUT {url}/store?graph=https%3A%2F%2Fw3id.org")
    assert "refused: 401 Unauthorized (set KGQA_STORE_AUTH or KGQA_STORE_TOKEN): nope" in message
    assert len(server.seen) == 1 and server.seen[0][2] == "Bearer s3cret"
    assert read_state(index, url) == {}


def test_5xx_answers_are_retried_with_backoff_and_progress_is_kept(scripted_server, fast_backoff, tmp_path):
    server, url = scripted_server
    index = tmp_path / "index"
    generation = _index(require(SEED_CORPUS), index)
    store = remote_store(url, layout="fuseki", environ={"KGQA_STORE_AUTH": "Basic dTpw"})
    server.script = [503, 500, 201, 201]  # first graph after two retries, second at once, then the server breaks
    server.default = 500
    with pytest.raises(RemoteError, match=r"failed after 4 tries: 500 Internal Server Error: nope"):
        push_generation(generation, index, store)
    assert [path.split("?")[0] for _, path, _ in server.seen[:3]] == ["/data"] * 3
    assert all(auth == "Basic dTpw" for _, _, auth in server.seen)
    remembered = read_state(index, url)
    assert len(remembered) == 2
    server.seen.clear()
    server.default = 201
    resumed = push_generation(generation, index, store)
    assert len(resumed.put) == 3 and resumed.unchanged == 2 and len(server.seen) == 3


def test_bad_remote_queries_fail_locally_without_a_request(scripted_server):
    server, url = scripted_server
    with RemoteClient(remote_store(url)) as client:
        for query, message in (("SELEC ?x", "syntax error at line 1"), ("DROP ALL", "updates .* are refused"),
                               ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "SERVICE is refused")):
            with pytest.raises(QueryError, match=message):
                remote_query(client, query)
    assert server.seen == []


def test_urls_and_layouts():
    store = remote_store("https://kg:pw@example.org:3030/notes/", layout="fuseki")
    assert store.url == "https://example.org:3030/notes" and store.authorization == "Basic a2c6cHc="
    assert store.query_url == "https://example.org:3030/notes/sparql" and store.graph_store_url.endswith("/notes/data")
    graphdb = remote_store("http://localhost:7200/repositories/kgqa", layout="graphdb")
    assert graphdb.query_url == "http://localhost:7200/repositories/kgqa"
    assert graphdb.graph_store_url == "http://localhost:7200/repositories/kgqa/rdf-graphs/service"
    with pytest.raises(RemoteError, match="not an http"):
        remote_store("localhost:7878")
    with pytest.raises(RemoteError, match="unknown server type 'virtuoso'"):
        remote_store("http://localhost:8890", layout="virtuoso")


def _kgqa(*argv, env=None):
    import os

    return subprocess.run([sys.executable, "-m", "cli", *argv], capture_output=True, text=True, timeout=120, cwd=PROJECT,
                          env={**os.environ, **(env or {})})


def test_the_cli_pushes_queries_and_serves_a_remote_store(oxigraph_server, tmp_path):
    index = tmp_path / "index"
    _index(require(SEED_CORPUS), index)
    notes = str(SEED_CORPUS)
    first = _kgqa("push", notes, "--index", str(index), "--store", oxigraph_server, "--full", "--json")
    assert first.returncode == 0, first.stderr
    assert len(json.loads(first.stdout)["put"]) == 5
    again = _kgqa("push", notes, "--index", str(index), "--store", oxigraph_server)
    assert again.stdout.strip().endswith("0 note graphs sent, 0 deleted, 5 unchanged")
    query = _kgqa("sparql", notes, "--file", str(QUERIES / "subtypes.rq"), "--index", str(index), "--store", oxigraph_server,
                  "--format", "csv")
    assert query.returncode == 0 and {"Seq2Seq", "Transformer"} <= set(query.stdout.split())
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", notes, "--index", str(index), "--port", str(port),
                               "--store", oxigraph_server], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT)
    try:
        banner = json.loads(server.stdout.readline())
        assert banner["store"] == oxigraph_server
        request = urllib.request.Request(banner["endpoint"] + "?query=" + urllib.parse.quote("ASK { ?a kgqa:solves ?b }"),
                                         headers={"Accept": "application/sparql-results+json"})
        assert json.loads(urllib.request.urlopen(request, timeout=30).read())["boolean"] is True
    finally:
        server.terminate()
        server.wait(10)


def test_the_cli_says_in_one_line_when_the_server_is_down_or_refuses(scripted_server, tmp_path):
    server, url = scripted_server
    index = tmp_path / "index"
    _index(require(SEED_CORPUS), index)
    down = f"http://127.0.0.1:{free_port()}"
    for argv in (("push", str(SEED_CORPUS), "--index", str(index), "--store", down),
                 ("sparql", str(SEED_CORPUS), "ASK { ?s ?p ?o }", "--index", str(index), "--store", down)):
        run = _kgqa(*argv)
        assert run.returncode == 2 and run.stderr == f"kgqa: error: cannot reach {down}: connection refused (is the server running?)\n"
    server.default = 403
    run = _kgqa("push", str(SEED_CORPUS), "--index", str(index), "--store", url, env={"KGQA_STORE_AUTH": "Basic eDp5"})
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "403 Forbidden" in run.stderr
    assert server.seen[0][2] == "Basic eDp5"
