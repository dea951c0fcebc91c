"""Querying the graph with SPARQL, serving it, and exporting it to look at."""
from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest
import rdflib

from conftest import PROJECT, SEED_CORPUS, require
from kg.files import read_graph
from kg.sparql import QueryError, QueryTimeout, load_graph, run_query
from pipeline import BuildOptions, build_index
from store import IndexStore

QUERIES = PROJECT / "examples" / "queries"


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("seed-graph") / "index"
    build_index(require(SEED_CORPUS), index, BuildOptions(encoder=None))
    return index


@pytest.fixture(scope="module")
def seed_dataset(seed_index):
    return load_graph(IndexStore(seed_index).current().directory)


def rows(dataset, name: str) -> list[dict]:
    output = run_query(dataset, (QUERIES / name).read_text(encoding="utf-8"), "json", timeout=30)
    document = json.loads(output.body)
    return [{k: v["value"] for k, v in binding.items()} for binding in document["results"]["bindings"]]


def test_cookbook_components_of_lstm(seed_dataset):
    found = {(r["part"], r["file"], int(r["line"])) for r in rows(seed_dataset, "components.rq")}
    for gate in ("遗忘门", "输入门", "输出门"):
        assert (gate, "004_0788be5c14df413a.md", 26) in found


def test_cookbook_what_solves_overfitting(seed_dataset):
    result = rows(seed_dataset, "what-solves.rq")
    assert result[0]["remedy"] in ("Dropout", "随机失活")
    assert {"Early Stopping", "Data Augmentation"} <= {r["remedy"] for r in result}


def test_cookbook_subtypes_follow_broader_paths(seed_dataset):
    assert {"Seq2Seq", "Transformer"} <= {r["subtype"] for r in rows(seed_dataset, "subtypes.rq")}


def test_cookbook_shared_and_disagreeing_notes(seed_dataset):
    shared = {r["concept"]: int(r["notes"]) for r in rows(seed_dataset, "shared-across-notes.rq")}
    assert shared["LSTM"] >= 3 and all(n >= 3 for n in shared.values())
    disagreements = rows(seed_dataset, "disagreements.rq")
    assert disagreements
    assert all(r["file1"] < r["file2"] and r["parent1"] != r["parent2"] for r in disagreements)


def test_cookbook_provenance_of_every_gru_edge(seed_dataset, seed_index):
    result = rows(seed_dataset, "provenance.rq")
    assert {"subject": "GRU", "relation": "https://w3id.org/kgqa/vocab#hasComponent", "object": "Reset Gate",
            "file": "004_0788be5c14df413a.md", "start": "24", "end": "24", "rule": "zh.has_component.around"} in result
    graph = read_graph(IndexStore(seed_index).current().directory)
    expected = {(t.path, t.start_line, t.rule) for t in graph.triples if "gru" in (t.subject, t.object)}
    assert {(r["file"], int(r["start"]), r["rule"]) for r in result} <= expected


def test_cookbook_mentioned_never_described_and_top_degree(seed_dataset, seed_index):
    graph = read_graph(IndexStore(seed_index).current().directory)
    described = {t.subject for t in graph.triples} | {t.object for t in graph.triples}
    labels = {label: c.id for c in graph.concepts for label in c.labels}
    never = rows(seed_dataset, "mentioned-never-described.rq")
    assert never and all(labels[r["concept"]] not in described for r in never)
    top = rows(seed_dataset, "top-degree.rq")
    degrees = [int(r["degree"]) for r in top]
    assert degrees == sorted(degrees, reverse=True) and len(top) == 15
    neighbours: dict[str, set] = {}
    for t in graph.triples:
        if t.predicate != "alias" and t.subject != t.object:
            neighbours.setdefault(t.subject, set()).add(t.object)
            neighbours.setdefault(t.object, set()).add(t.subject)
    assert degrees[0] == max(len(v) for v in neighbours.values())


def test_cookbook_bilingual_aliases_and_per_note_graphs(seed_dataset, seed_index):
    pairs = {(r["zh"], r["en"]) for r in rows(seed_dataset, "bilingual-aliases.rq")}
    assert ("批归一化", "BN") in pairs or ("批归一化", "Batch Normalization") in pairs
    per_note = {r["note"]: int(r["statements"]) for r in rows(seed_dataset, "per-note-graph.rq")}
    graph = read_graph(IndexStore(seed_index).current().directory)
    counts: dict[str, int] = {}
    for t in graph.triples:
        counts[t.path] = counts.get(t.path, 0) + 1
    assert per_note == counts


def test_bad_queries_fail_in_one_line(seed_dataset):
    with pytest.raises(QueryError, match=r"syntax error at line 1, column \d+"):
        run_query(seed_dataset, "SELECT ?x WHERE { ?x ?y }")
    for update in ("INSERT DATA { <a:b> <a:c> <a:d> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://example.org/x>", "CLEAR ALL"):
        with pytest.raises(QueryError, match="updates .* are refused"):
            run_query(seed_dataset, update)
    with pytest.raises(QueryError, match="SERVICE is refused"):
        run_query(seed_dataset, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        run_query(seed_dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=1.0)
    assert time.monotonic() - started < 5
    assert run_query(seed_dataset, "ASK { ?a kgqa:solves ?b }", "table").body == b"true\n"


def test_cli_sparql_formats(seed_index):
    def kgqa(*argv):
        return subprocess.run([sys.executable, "-m", "cli", *argv], capture_output=True, text=True, timeout=120)

    query = "SELECT ?label WHERE { ?c skos:prefLabel ?label . FILTER(str(?label) = 'LSTM') }"
    args = ["sparql", str(SEED_CORPUS), query, "--index", str(seed_index)]
    assert json.loads(kgqa(*args, "--format", "json").stdout)["results"]["bindings"][0]["label"]["value"] == "LSTM"
    assert list(csv.reader(io.StringIO(kgqa(*args, "--format", "csv").stdout)))[1] == ["LSTM"]
    assert kgqa(*args, "--format", "tsv").stdout.splitlines()[1] == '"LSTM"@en'
    bad = kgqa("sparql", str(SEED_CORPUS), "SELEC ?x", "--index", str(seed_index))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "syntax error" in bad.stderr
    constructed = kgqa("sparql", str(SEED_CORPUS), "CONSTRUCT { ?a kgqa:solves ?b } WHERE { ?a kgqa:solves ?b }",
                       "--index", str(seed_index), "--format", "turtle")
    assert len(rdflib.Graph().parse(data=constructed.stdout, format="turtle")) > 10


def test_every_export_format_round_trips(seed_index, tmp_path):
    written = {}
    for fmt in ("ttl", "nt", "nq", "jsonld", "graphml", "gexf", "mermaid", "dot", "html"):
        out = tmp_path / f"graph.{fmt}"
        run = subprocess.run([sys.executable, "-m", "cli", "export", str(SEED_CORPUS), "--index", str(seed_index),
                              "--format", fmt, "-o", str(out), "--concept", "LSTM", "--depth", "1"],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        written[fmt] = out
    graph = read_graph(IndexStore(seed_index).current().directory)
    lstm_edges = {(t.subject, t.predicate, t.object) for t in graph.triples if "lstm" in (t.subject, t.object)}
    neighbours = {end for edge in lstm_edges for end in (edge[0], edge[2])}
    focused_edges = {(t.subject, t.predicate, t.object) for t in graph.triples if {t.subject, t.object} <= neighbours}
    for fmt, rdf_format in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        parsed = rdflib.Graph().parse(written[fmt], format=rdf_format)
        assert (rdflib.URIRef("https://w3id.org/kgqa/id/concept/lstm"), rdflib.URIRef("https://w3id.org/kgqa/vocab#hasComponent"),
                rdflib.URIRef("https://w3id.org/kgqa/id/concept/forget-gate")) in parsed, fmt
    dataset = rdflib.Dataset()
    dataset.parse(written["nq"], format="nquads")
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} >= {
        "https://w3id.org/kgqa/id/graph/note/004_0788be5c14df413a.md"}
    for reader, fmt in ((nx.read_graphml, "graphml"), (nx.read_gexf, "gexf")):
        view = reader(written[fmt])
        assert view.nodes["lstm"]["label"] == "LSTM" and view.nodes["lstm"]["label_zh"] == "长短期记忆网络"
        edges = {(s, d["relation"], o) for s, o, d in view.edges(data=True)}
        assert edges == focused_edges and lstm_edges <= edges, fmt
        some = next(d for s, o, d in view.edges(data=True) if s == "lstm" and o == "forget-gate")
        assert some["file"].endswith(".md") and int(some["start_line"]) > 0 and some["rule"]
    mermaid = written["mermaid"].read_text(encoding="utf-8")
    assert mermaid.startswith("graph LR") and '["LSTM"]' in mermaid and "-- has_component -->" in mermaid
    dot = written["dot"].read_text(encoding="utf-8")
    assert '"lstm" -> "forget-gate" [label="has_component"' in dot
    page = written["html"].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page) and '"label": "LSTM"' in page


def test_export_options_are_checked(seed_index, tmp_path):
    def kgqa(*argv):
        return subprocess.run([sys.executable, "-m", "cli", "export", str(SEED_CORPUS), "--index", str(seed_index), *argv],
                              capture_output=True, text=True, timeout=120)

    assert "no concept named" in kgqa("--format", "dot", "--concept", "没有这个概念").stderr
    assert "unknown relation" in kgqa("--format", "dot", "--relations", "likes").stderr
    assert "unknown format" in kgqa("--format", "pdf").stderr
    only = kgqa("--format", "mermaid", "--concept", "LSTM", "--relations", "has_component", "--notes-glob", "004*")
    assert only.returncode == 0 and only.stdout.count("-- has_component -->") == 3 and "compared_with" not in only.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_endpoint_answers_sparqlwrapper_and_refuses_what_it_must(seed_index):
    from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", str(SEED_CORPUS), "--index", str(seed_index),
                               "--port", str(port), "--timeout", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = json.loads(server.stdout.readline())
        assert banner["endpoint"] == f"http://127.0.0.1:{port}/sparql"
        client = SPARQLWrapper(banner["endpoint"])
        client.setQuery("SELECT ?label WHERE { <https://w3id.org/kgqa/id/concept/lstm> skos:prefLabel ?label }")
        client.setReturnFormat(JSON)
        labels = {b["label"]["value"] for b in client.query().convert()["results"]["bindings"]}
        assert labels == {"LSTM", "长短期记忆网络"}
        client.setMethod(POST)
        client.setReturnFormat(CSV)
        assert b"LSTM" in client.query().convert()
        for refused in ("INSERT DATA { <a:b> <a:c> <a:d> }", "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"):
            client.setQuery(refused)
            with pytest.raises(SPARQLWrapperException):
                client.query()
        client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        client.setReturnFormat(JSON)
        import urllib.error

        with pytest.raises(urllib.error.HTTPError) as stopped:
            client.query()
        assert stopped.value.code == 503
        client.setQuery("ASK { ?a kgqa:solves ?b }")
        assert client.query().convert()["boolean"] is True
        import urllib.request

        oversize = urllib.request.Request(banner["endpoint"], data=b"query=" + b"x" * 100_000, method="POST",
                                          headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(oversize, timeout=10)
        assert refused.value.code == 413
    finally:
        server.terminate()
        server.wait(10)
    assert _processes_serving(seed_index) == [], "the query worker outlived `kgqa serve`"


def _processes_serving(index, patience: float = 5.0) -> list[int]:
    """Pids of processes still running with this index on their command line (Linux /proc; [] elsewhere)."""
    import os

    deadline = time.monotonic() + patience
    while True:
        found = []
        for entry in Path("/proc").glob("[0-9]*") if Path("/proc/self").exists() else ():
            try:
                if str(index).encode() in (entry / "cmdline").read_bytes() and int(entry.name) != os.getpid():
                    found.append(int(entry.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)
