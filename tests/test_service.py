"""`kgqa serve`: the JSON API a page (or a script) uses, over real HTTP, next to /sparql."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import EXAMPLES
from pipeline import BuildOptions, build_index
from retrieval.encoders import resolve_encoder
from service.http import is_loopback, make_server
from service.session import Session

HASHING = BuildOptions(encoder=resolve_encoder("hashing"))
QUESTION = "LSTM 有哪些门？"


def copy_examples(target: Path) -> Path:
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".kgqa"))
    return target


@contextmanager
def running(notes: Path, index: Path, session: Session | None = None):
    """A server on a free loopback port in this process; yields its base URL."""
    server = make_server(notes, index, port=0, session=session)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def examples_site(tmp_path_factory):
    notes = copy_examples(tmp_path_factory.mktemp("served") / "notes")
    index = notes.parent / "index"
    build_index(notes, index, HASHING)
    with running(notes, index) as base:
        yield notes, index, base


def get(url: str, method: str = "GET", data: bytes | None = None) -> tuple[int, str, object]:
    """(status, content type, parsed JSON or text) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, media, body = response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        status, media, body = error.code, error.headers.get("Content-Type", ""), error.read()
    text = body.decode("utf-8")
    return status, media, json.loads(text) if media.startswith("application/json") or "sparql-results+json" in media else text


def api(base: str, path: str, **params) -> tuple[int, object]:
    status, _, document = get(f"{base}{path}?{urlencode(params, doseq=True)}")
    return status, document


def kgqa_json(*argv: str) -> object:
    run = subprocess.run([sys.executable, "-m", "cli", *argv, "--json"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_api_ask_is_the_document_kgqa_ask_json_prints(examples_site):
    notes, index, base = examples_site
    status, document = api(base, "/api/ask", q=QUESTION, k=3)
    assert status == 200
    assert document == kgqa_json("ask", QUESTION, str(notes), "--index", str(index), "--k", "3")
    assert ("rnn.md", 5, 16) in [(p["file"], p["start"], p["end"]) for p in document["passages"]]
    gates = {e["object"] for e in document["related"] if e["subject"] == "LSTM" and e["relation"] == "has_component"}
    assert {"遗忘门", "输入门", "输出门"} <= gates
    status, only = api(base, "/api/ask", q=QUESTION, k=2, legs="bm25,graph")
    assert status == 200 and only["legs"] == ["bm25", "graph"] and len(only["passages"]) == 2


def test_api_concept_and_concepts_are_what_show_and_concepts_print(examples_site):
    notes, index, base = examples_site
    status, concept = api(base, "/api/concept", name="LSTM")
    assert status == 200 and concept == kgqa_json("show", "LSTM", str(notes), "--index", str(index))
    gates = {e["other"]: e for e in concept["out"] if e["predicate"] == "has_component"}
    assert {"遗忘门", "输入门", "输出门"} <= set(gates) and gates["遗忘门"]["path"] == "rnn.md"
    first = concept["passages"][0]
    assert f"{first['file']}:{first['start']}-{first['end']}" == first["location"]
    assert api(base, "/api/concept", name="Forget Gate")[1]["id"] == "forget-gate"
    status, error = api(base, "/api/concept", name="没有这个概念")
    assert status == 404 and "no concept named" in error["error"]
    status, top = api(base, "/api/concepts", top=5)
    assert status == 200 and top == kgqa_json("concepts", str(notes), "--index", str(index), "--top", "5")


def test_api_graph_is_the_viewers_document_of_a_neighbourhood(examples_site):
    _, _, base = examples_site
    status, graph = api(base, "/api/graph", concept="LSTM", depth=1)
    assert status == 200 and graph["focus"] == ["lstm"]
    assert {"遗忘门", "输入门", "输出门", "GRU"} <= {n["label"] for n in graph["nodes"]}
    gate = next(e for e in graph["edges"] if (e["source"], e["target"]) == ("lstm", "forget-gate"))
    assert gate["relation"] == "has_component" and gate["where"][0]["file"] == "rnn.md"
    _, parts = api(base, "/api/graph", concept="LSTM", relations="has_component")
    assert parts["edges"] and {e["relation"] for e in parts["edges"]} == {"has_component"}
    _, whole = api(base, "/api/graph")
    assert whole["focus"] == [] and len(whole["nodes"]) > len(graph["nodes"])
    status, error = api(base, "/api/graph", concept="LSTM", relations="likes")
    assert status == 400 and "unknown relation 'likes'" in error["error"]
    status, error = api(base, "/api/graph", concept="没有这个概念")
    assert status == 404 and "no concept named" in error["error"]


def test_api_errors_are_one_json_line_and_the_server_is_read_only(examples_site):
    _, _, base = examples_site
    for params, status, words in ((dict(q="  "), 400, "empty question"), (dict(q="LSTM", legs="bm25,magic"), 400, "unknown leg magic"),
                                  (dict(q="LSTM", k="many"), 400, "k must be a whole number"), (dict(q="LSTM", k=0), 400, "between 1")):
        answer_status, error = api(base, "/api/ask", **params)
        assert answer_status == status and words in error["error"] and error["status"] == status, error
    assert api(base, "/api/concept")[0] == 400
    status, media, error = get(f"{base}/no/such/page")
    assert status == 404 and media.startswith("application/json") and "/api/" in error["error"]
    for method in ("POST", "PUT", "DELETE"):
        status, _, error = get(f"{base}/api/ask?q=LSTM", method=method, data=b"x")
        assert status == 405 and "read-only" in error["error"]
    status, escape = api(base, "/api/source", file="../../etc/passwd", start=1)
    assert status == 404 and escape["error"].endswith("is outside the notes folder " + str(examples_site[0]))
    status, source = api(base, "/api/source", file="rnn.md", start=5, end=16)
    assert status == 200 and source["changed"] is False
    lines = {line["number"]: line for line in source["lines"]}
    assert "遗忘门" in lines[9]["text"] and lines[9]["in_passage"] and not lines[4]["in_passage"] and 2 in lines
    status, _, asked = get(f"{base}/sparql?{urlencode({'query': 'ASK { ?a kgqa:hasComponent ?b }'})}")
    assert status == 200 and asked["boolean"] is True
    status, media, page = get(f"{base}/")
    assert status == 200 and media.startswith("text/html") and 'id="ask-form"' in page
    status, media, script = get(f"{base}/static/viewer.js")
    assert status == 200 and "KgqaViewer" in script and get(f"{base}/static/../pyproject.toml")[0] == 404


def test_the_served_index_follows_a_new_generation(tmp_path):
    notes = copy_examples(tmp_path / "notes")
    index = tmp_path / "index"
    build_index(notes, index, HASHING)
    with running(notes, index) as base:
        before = api(base, "/api/concept", name="批归一化")[1]["out"]  # 'BN 可以缓解内部协变量偏移' in the examples
        assert not any(edge["path"] == "norm.md" for edge in before)
        first = api(base, "/api/status")[1]["generation"]
        (notes / "norm.md").write_text("# 归一化\n\n批归一化（Batch Normalization）用于解决梯度消失。\n", encoding="utf-8")
        build_index(notes, index, HASHING)
        status, norm = api(base, "/api/concept", name="Batch Normalization")
        assert status == 200 and ("solves", "norm.md") in {(edge["predicate"], edge["path"]) for edge in norm["out"]}
        assert api(base, "/api/status")[1]["generation"] != first
        _, passages = api(base, "/api/ask", q="批归一化解决什么问题", k=1)
        assert passages["passages"][0]["file"] == "norm.md"
        query = 'ASK { ?a kgqa:solves ?b ; skos:prefLabel ?l . FILTER(str(?l) = "批归一化") }'
        assert get(f"{base}/sparql?{urlencode({'query': query})}")[2]["boolean"] is True


def test_loopback_is_the_default_and_other_hosts_are_warned_about(examples_site, tmp_path):
    notes, index, _ = examples_site
    assert all(map(is_loopback, ("127.0.0.1", "127.0.0.2", "::1", "localhost")))
    assert not any(map(is_loopback, ("0.0.0.0", "192.168.1.20", "::", "example.org")))
    with socket_port() as port:
        pass
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", str(notes), "--index", str(index), "--port", str(port),
                               "--host", "0.0.0.0", "--no-warm-up"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = json.loads(server.stdout.readline())
        assert banner["page"] == f"http://0.0.0.0:{port}/" and banner["endpoint"].endswith("/sparql")
        status, _, page = get(f"http://127.0.0.1:{port}/")
        assert status == 200 and "kgqa" in page
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
    assert "warning: serving on 0.0.0.0" in stderr and "Traceback" not in stderr
    missing = subprocess.run([sys.executable, "-m", "cli", "serve", str(tmp_path), "--port", str(port)],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "kgqa ingest" in missing.stderr


@contextmanager
def socket_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        yield probe.getsockname()[1]
