"""Graph side: extraction figures, cookbook SPARQL latency, export sizes and times, HTML load in Chromium.

    .venv/bin/python benchmarks/bench_graph.py --index seed=/tmp/seedg --index d2l=/tmp/d2l-index

Baseline for the query ratios: `ASK { ?s ?p ?o }` on the same loaded graph in the same run.
"""
from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import PROJECT, median, table

from ingest import read_notes, read_passages
from store import IndexStore
from kg.export import export
from kg.files import read_graph
from kg.sparql import load_graph, run_query
from kg.subgraph import DEFAULT_CONCEPT_LIMIT, Selection, select

QUERIES = sorted((PROJECT / "examples" / "queries").glob("*.rq"))


def graph_figures(name: str, index: Path) -> list:
    generation = IndexStore(index).current()
    graph = read_graph(generation.directory)
    by_relation = collections.Counter(t.predicate for t in graph.triples)
    per_note = collections.Counter(t.path for t in graph.triples)
    notes = len(read_notes(generation))
    return [name, len(graph.concepts), len(graph.triples), len(graph.mentions), f"{len(graph.triples) / notes:.1f}",
            " ".join(f"{r}={n}" for r, n in sorted(by_relation.items())), max(per_note.values()) if per_note else 0]


def query_latencies(name: str, index: Path) -> list[list]:
    started = time.perf_counter()
    dataset = load_graph(IndexStore(index).current().directory)
    load_seconds = time.perf_counter() - started
    rows = []
    baseline = median([_timed_query(dataset, "ASK { ?s ?p ?o }") for _ in range(3)])
    for query in QUERIES:
        times = [_timed_query(dataset, query.read_text(encoding="utf-8")) for _ in range(3)]
        rows.append([name, query.name, f"{median(times) * 1000:.0f}", f"{median(times) / baseline:.0f}"])
    rows.append([name, "(load graph.nq)", f"{load_seconds * 1000:.0f}", ""])
    return rows


def _timed_query(dataset, query: str) -> float:
    started = time.perf_counter()
    try:
        run_query(dataset, query, "json", timeout=60)
    except Exception as error:  # a timeout is a figure too
        print(f"  {query[:40]!r}: {error}")
    return time.perf_counter() - started


def exports(name: str, index: Path, scratch: Path) -> list[list]:
    generation = IndexStore(index).current()
    graph, passages = read_graph(generation.directory), read_passages(generation)
    rows = []
    for fmt in ("ttl", "nq", "jsonld", "graphml", "gexf", "mermaid", "dot", "html"):
        limit = DEFAULT_CONCEPT_LIMIT if fmt == "html" else None
        started = time.perf_counter()
        chosen, chosen_passages = select(graph, passages, Selection(limit=limit))
        text = export(chosen, chosen_passages, read_notes(generation), fmt)
        seconds = time.perf_counter() - started
        (scratch / f"{name}.{fmt}").write_text(text, encoding="utf-8")
        rows.append([name, fmt, f"{len(text.encode()) / 1e6:.2f}", f"{seconds:.2f}"])
    return rows


def html_load(page: Path) -> str:
    chromium = shutil.which("chromium")
    if not chromium:
        return "chromium not installed"
    with tempfile.TemporaryDirectory() as profile:
        started = time.perf_counter()
        run = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                              "--disable-background-networking", f"--user-data-dir={profile}", "--window-size=1200,800",
                              "--virtual-time-budget=30000", "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=300)
        seconds = time.perf_counter() - started
    ready = 'data-ready="1"' in run.stdout
    return f"{seconds:.1f} s to a settled layout (ready={ready})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", action="append", required=True, help="name=path")
    args = parser.parse_args()
    indexes = [(item.split("=", 1)[0], Path(item.split("=", 1)[1])) for item in args.index]
    print("## Graph\n")
    print(table(["corpus", "concepts", "typed triples", "mentions", "triples/note", "by relation", "max triples in one note"],
                [graph_figures(name, index) for name, index in indexes]))
    print("\n## Cookbook query latency (median of 3, fork + evaluate + serialise)\n")
    print(table(["corpus", "query", "ms", "ratio to ASK baseline"], [row for name, index in indexes for row in query_latencies(name, index)]))
    with tempfile.TemporaryDirectory() as scratch:
        rows = [row for name, index in indexes for row in exports(name, index, Path(scratch))]
        print("\n## Exports (whole graph; HTML limited to the 300 best-connected concepts)\n")
        print(table(["corpus", "format", "MB", "seconds"], rows))
        for name, _ in indexes:
            print(f"\nHTML in headless Chromium, {name}: {html_load(Path(scratch) / f'{name}.html')}")


if __name__ == "__main__":
    main()
