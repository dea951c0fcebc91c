"""One conformance suite for every graph store: the whole SPARQL cookbook, the refusals, the formats.

Each store answers through kg.sparql.QueryWorker, the way `kgqa sparql` and `serve` use it.
"""
from __future__ import annotations

import csv
import http.server
import io
import json
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import PROJECT, SEED_CORPUS, require
from store import IndexStore
from kg.files import read_graph
from kg.sparql import QueryError, QueryTimeout, QueryWorker, run_in_generation
from kg.sparql_rules import query_form, uses_service
from kg.stores import STORES, StoreError, open_store, store_class
from kg.stores.oxigraph import STORE_DIRECTORY, write_store
from pipeline import BuildOptions, build_index

QUERIES = PROJECT / "examples" / "queries"
COOKBOOK = sorted(QUERIES.glob("*.rq"))


@pytest.fixture(scope="module")
def seed_generation(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("stores") / "index"
    build_index(require(SEED_CORPUS), index, BuildOptions(encoder=None))
    generation = IndexStore(index).current().directory
    assert (generation / STORE_DIRECTORY).is_dir()  # written with the generation
    return generation


@pytest.fixture(scope="module")
def vault_generation(tmp_path_factory) -> Path:
    """The example Obsidian vault: links, dangling links, tags, an orphan."""
    index = tmp_path_factory.mktemp("stores-vault") / "index"
    build_index(PROJECT / "examples" / "vault", index, BuildOptions(encoder=None))
    return IndexStore(index).current().directory


@pytest.fixture(scope="module", params=sorted(STORES))
def store_name(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def worker(store_name):
    with QueryWorker(store_name) as running:
        yield running


def bindings(output) -> list[dict]:
    document = json.loads(output.body)
    return [{k: v["value"] for k, v in binding.items()} for binding in document["results"]["bindings"]]


def rows(worker, generation, name: str) -> list[dict]:
    return bindings(worker.run(generation, (QUERIES / name).read_text(encoding="utf-8"), "json", timeout=60))


def test_cookbook_components_what_solves_and_subtypes(worker, seed_generation):
    found = {(r["part"], r["file"], int(r["line"])) for r in rows(worker, seed_generation, "components.rq")}
    for gate in ("遗忘门", "输入门", "输出门"):
        assert (gate, "004_0788be5c14df413a.md", 26) in found
    remedies = rows(worker, seed_generation, "what-solves.rq")
    assert remedies[0]["remedy"] in ("Dropout", "随机失活")
    assert {"Early Stopping", "Data Augmentation"} <= {r["remedy"] for r in remedies}
    assert {"Seq2Seq", "Transformer"} <= {r["subtype"] for r in rows(worker, seed_generation, "subtypes.rq")}


def test_cookbook_counts_agree_with_the_graph_files(worker, seed_generation):
    graph = read_graph(seed_generation)
    per_note = {r["note"]: int(r["statements"]) for r in rows(worker, seed_generation, "per-note-graph.rq")}
    counts: dict[str, int] = {}
    for t in graph.triples:
        counts[t.path] = counts.get(t.path, 0) + 1
    assert per_note == counts
    shared = {r["concept"]: int(r["notes"]) for r in rows(worker, seed_generation, "shared-across-notes.rq")}
    assert shared["LSTM"] >= 3 and all(n >= 3 for n in shared.values())
    top = rows(worker, seed_generation, "top-degree.rq")
    neighbours: dict[str, set] = {}
    for t in graph.triples:
        if t.predicate != "alias" and t.subject != t.object:
            neighbours.setdefault(t.subject, set()).add(t.object)
            neighbours.setdefault(t.object, set()).add(t.subject)
    assert len(top) == 15 and int(top[0]["degree"]) == max(len(v) for v in neighbours.values())
    labels = {label: c.id for c in graph.concepts for label in c.labels}
    described = {t.subject for t in graph.triples} | {t.object for t in graph.triples}
    never = rows(worker, seed_generation, "mentioned-never-described.rq")
    assert never and all(labels[r["concept"]] not in described for r in never)


def test_cookbook_provenance_points_at_real_triples(worker, seed_generation):
    result = rows(worker, seed_generation, "provenance.rq")
    assert {"subject": "GRU", "relation": "https://w3id.org/kgqa/vocab#hasComponent", "object": "Reset Gate",
            "file": "004_0788be5c14df413a.md", "start": "24", "end": "24", "rule": "zh.has_component.around"} in result
    expected = {(t.path, t.start_line, t.rule) for t in read_graph(seed_generation).triples if "gru" in (t.subject, t.object)}
    assert {(r["file"], int(r["start"]), r["rule"]) for r in result} <= expected
    disagreements = rows(worker, seed_generation, "disagreements.rq")
    assert disagreements and all(r["file1"] < r["file2"] and r["parent1"] != r["parent2"] for r in disagreements)
    pairs = {(r["zh"], r["en"]) for r in rows(worker, seed_generation, "bilingual-aliases.rq")}
    assert ("批归一化", "BN") in pairs or ("批归一化", "Batch Normalization") in pairs


def test_cookbook_vault_queries_tags_backlinks_orphans_and_dangling_links(worker, vault_generation):
    tags = {(r["tag"], r["file"]) for r in rows(worker, vault_generation, "tags.rq")}
    assert {("#深度学习", "模型/注意力机制.md"), ("#深度学习", "模型/Transformer.md"), ("#深度学习/序列", "循环神经网络.md"),
            ("#复习", "journal/2026-12-01.md")} <= tags
    assert not any(tag in ("#不是标签", "#2024", "#section") for tag, _ in tags)
    backlinks = [(r["source"], int(r["start"]), int(r["end"])) for r in rows(worker, vault_generation, "backlinks.rq")]
    assert backlinks == [("循环神经网络.md", 7, 7), ("模型/注意力机制.md", 9, 11), ("模型/注意力机制.md", 18, 18)]  # the prose and the 相关 line after the code
    assert [r["file"] for r in rows(worker, vault_generation, "orphans.rq")] == ["broken-front-matter.md", "orphan.md"]
    assert [(r["source"], r["missing"]) for r in rows(worker, vault_generation, "dangling-links.rq")] == [
        ("journal/2026-12-01.md", "位置编码.md"), ("模型/注意力机制.md", "位置编码.md")]


@pytest.mark.parametrize("query", COOKBOOK, ids=[q.stem for q in COOKBOOK])
def test_every_store_gives_the_reference_rows_for_every_cookbook_query(query, seed_generation, vault_generation):
    """rdflib is the reference; the same rows, in the same order where the query orders them, on the
    seed notes and on the example vault (the vault queries have rows only there)."""
    text = query.read_text(encoding="utf-8")
    answered = 0
    for generation in (seed_generation, vault_generation):
        results = {name: bindings(run_in_generation(generation, text, "json", timeout=60, store=name)) for name in STORES}
        reference = results["rdflib"]
        answered += bool(reference)
        for name, found in results.items():
            assert sorted(map(_key, found)) == sorted(map(_key, reference)), name
            assert [_order_key(r, text) for r in found] == [_order_key(r, text) for r in reference], name
    assert answered, query.name


def _key(row: dict) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def _order_key(row: dict, query: str) -> tuple:
    """The values of the ORDER BY variables (ties may come in any order)."""
    order = query.split("ORDER BY", 1)[1].split("LIMIT")[0] if "ORDER BY" in query else ""
    return tuple(row.get(name) for name in re.findall(r"\?(\w+)", order))


def test_bad_queries_fail_in_one_line(worker, seed_generation):
    with pytest.raises(QueryError, match=r"syntax error at line 1, column \d+"):
        worker.run(seed_generation, "SELECT ?x WHERE { ?x ?y }")
    for update in ("INSERT DATA { <a:b> <a:c> <a:d> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://example.org/x>",
                   "CLEAR ALL", "PREFIX ex: <http://example.org/>\nDROP GRAPH ex:g"):
        with pytest.raises(QueryError, match="updates .* are refused"):
            worker.run(seed_generation, update)
    with pytest.raises(QueryError, match="empty query"):
        worker.run(seed_generation, "  \n")
    with pytest.raises(QueryError, match="does not fit a CONSTRUCT query"):
        worker.run(seed_generation, "CONSTRUCT WHERE { ?s kgqa:solves ?o }", "csv")
    with pytest.raises(QueryError) as raised:
        worker.run(seed_generation, "SELECT * WHERE {\n ?s nope:x ?o }")
    assert "\n" not in str(raised.value) and ("line 2" in str(raised.value) or "nope" in str(raised.value))
    assert worker.run(seed_generation, "ASK { ?a kgqa:solves ?b }", "table").body == b"true\n"


@pytest.fixture()
def listening_server():
    """A loopback HTTP server that records any request: SERVICE must never reach it."""
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    server.shutdown()
    server.server_close()


def test_service_is_refused_in_every_spelling_and_never_fetched(worker, seed_generation, listening_server):
    url, hits = listening_server
    spellings = [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(1 < 2) SERVICE<{url}>{{ ?s ?p ?o }} FILTER(2 > 1) }}",
        f"PREFIX ex: <http://example.org/>\nSELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    ]
    for query in spellings:
        with pytest.raises(QueryError, match="SERVICE is refused"):
            worker.run(seed_generation, query)
    assert hits == []


def test_the_word_service_elsewhere_is_not_a_service_clause():
    assert not uses_service('SELECT ?service WHERE { ?service rdfs:label "SERVICE" } # SERVICE <http://x/>')
    assert not uses_service("PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:x ?o . ?s ?p <http://a/SERVICE> }")
    assert uses_service("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    assert query_form("# ASK me\nPREFIX ex: <http://e/>\nCONSTRUCT { ?s ?p 'SELECT' } WHERE { ?s ?p ?o }") == "CONSTRUCT"


def test_a_runaway_query_is_stopped_and_the_worker_answers_the_next(worker, seed_generation):
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        worker.run(seed_generation, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=1.0)
    assert time.monotonic() - started < 5
    assert worker.run(seed_generation, "ASK { ?a kgqa:solves ?b }", "table").body == b"true\n"


def test_results_in_every_format_and_the_row_cap(worker, seed_generation, store_name):
    query = "SELECT ?label WHERE { ?c skos:prefLabel ?label . FILTER(str(?label) = 'LSTM') }"
    assert bindings(worker.run(seed_generation, query, "json"))[0]["label"] == "LSTM"
    assert list(csv.reader(io.StringIO(worker.run(seed_generation, query, "csv").body.decode())))[1] == ["LSTM"]
    assert worker.run(seed_generation, query, "tsv").body.decode().splitlines() == ["?label", '"LSTM"@en']
    xml = rdflib.query.Result.parse(io.BytesIO(worker.run(seed_generation, query, "xml").body), format="xml")
    assert [str(row[0]) for row in xml] == ["LSTM"]
    table = worker.run(seed_generation, query, "table").body.decode()
    assert table.splitlines()[2] == "LSTM" and table.endswith("(1 rows)\n")
    capped = worker.run(seed_generation, "SELECT ?s WHERE { ?s a kgqa:Passage } ORDER BY ?s", "json", max_rows=5)
    assert capped.truncated and capped.rows == 5 and len(bindings(capped)) == 5
    construct = "CONSTRUCT { ?a kgqa:solves ?b } WHERE { ?a kgqa:solves ?b }"
    graphs = {}
    for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld"), ("xml", "xml")):
        output = worker.run(seed_generation, construct, fmt)
        graphs[fmt] = rdflib.Graph().parse(data=output.body, format=parser)
        assert output.kind == "CONSTRUCT" and output.rows == len(graphs[fmt]) > 10
    assert all(isomorphic(graphs["turtle"], g) for g in graphs.values())


def test_stores_construct_the_same_graph(seed_generation):
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a skos:Concept ; ?p ?o }"
    built = [rdflib.Graph().parse(data=run_in_generation(seed_generation, construct, "nt", store=name, timeout=60).body, format="nt")
             for name in sorted(STORES)]
    assert len(built[0]) > 1000 and all(isomorphic(built[0], g) for g in built[1:])


def test_unknown_store_and_missing_graph_are_one_line_errors(tmp_path):
    with pytest.raises(StoreError, match="unknown graph store 'blazegraph': choose one of oxigraph, rdflib"):
        store_class("blazegraph")
    for name in STORES:
        with pytest.raises(StoreError, match="graph.nq is missing"):
            open_store(tmp_path, name)
        with pytest.raises(QueryError, match="graph.nq is missing"):
            run_in_generation(tmp_path, "ASK { ?s ?p ?o }", store=name)


def _store_quads(directory: Path) -> set[str]:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(directory))
    return {str(quad) for quad in store.quads_for_pattern(None, None, None, None)} | {f"graph {g}" for g in store.named_graphs()}


def test_an_incremental_store_equals_one_built_whole_after_each_edit(seed_copy, tmp_path):
    index = tmp_path / "index"
    build_index(seed_copy, index, BuildOptions(encoder=None))
    edits = [
        lambda notes: (notes / "004_0788be5c14df413a.md").write_text(
            (notes / "004_0788be5c14df413a.md").read_text(encoding="utf-8") + "\n新加：Dropout 可以防止过拟合。\n", encoding="utf-8"),
        lambda notes: (notes / "zz-new.md").write_text("# Mish\n\nMish 是一种激活函数，可以缓解梯度消失。\n", encoding="utf-8"),
        lambda notes: (notes / "zz-new.md").unlink(),
        lambda notes: sorted(notes.glob("*.md"))[0].unlink(),
    ]
    previous = IndexStore(index).current().directory
    keep = tmp_path / "previous"
    for edit in edits:
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(previous, keep)  # the next ingest collects old generations
        edit(seed_copy)
        build_index(seed_copy, index, BuildOptions(encoder=None))  # updates the store from the previous one
        current = IndexStore(index).current().directory
        again = tmp_path / "again"
        shutil.rmtree(again, ignore_errors=True)
        shutil.copytree(current, again, ignore=shutil.ignore_patterns(STORE_DIRECTORY))
        assert write_store(again, keep) == "incremental"
        assert _store_quads(again / STORE_DIRECTORY) == _store_quads(current / STORE_DIRECTORY)
        whole = tmp_path / "whole"
        shutil.rmtree(whole, ignore_errors=True)
        shutil.copytree(current, whole, ignore=shutil.ignore_patterns(STORE_DIRECTORY))
        assert write_store(whole, None) == "full"
        assert _store_quads(current / STORE_DIRECTORY) == _store_quads(whole / STORE_DIRECTORY)
        previous = current
    graphs = bindings(run_in_generation(previous, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "json"))
    assert sorted(g["g"].rsplit("/", 1)[1] for g in graphs) == sorted(p.name for p in seed_copy.glob("*.md"))


def test_a_generation_without_a_store_directory_is_read_from_graph_nq(seed_generation, tmp_path):
    old = tmp_path / "gen-old"
    shutil.copytree(seed_generation, old, ignore=shutil.ignore_patterns(STORE_DIRECTORY))
    text = (QUERIES / "what-solves.rq").read_text(encoding="utf-8")
    assert bindings(run_in_generation(old, text, "json")) == bindings(run_in_generation(seed_generation, text, "json"))


def test_the_nq_export_is_graph_nq_s_own_sorted_lines(seed_generation, tmp_path):
    import subprocess
    import sys

    written = []
    for attempt in range(2):
        out = tmp_path / f"graph-{attempt}.nq"
        run = subprocess.run([sys.executable, "-m", "cli", "export", str(SEED_CORPUS), "--index", str(seed_generation.parent),
                              "--format", "nq", "-o", str(out)], capture_output=True, text=True, timeout=120, cwd=PROJECT)
        assert run.returncode == 0, run.stderr
        written.append(out.read_bytes())
    lines = written[0].decode("utf-8").splitlines()
    assert written[0] == written[1] and lines == sorted(lines) and len(lines) > 10_000
    assert set(lines) <= set((seed_generation / "graph.nq").read_text(encoding="utf-8").splitlines())
