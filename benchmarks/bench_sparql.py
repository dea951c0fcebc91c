"""SPARQL speed on the d2l book: whole `kgqa sparql` processes, `serve` latency, `kgqa push` to a local Oxigraph.

    .venv/bin/python benchmarks/bench_sparql.py                  # builds a graph-only d2l index in a temp dir
    .venv/bin/python benchmarks/bench_sparql.py --index /tmp/d2l  # or uses one (it is re-ingested with --no-dense)

Baselines measured in the same run: `kgqa --help` for a whole process (target: a cookbook
query <= 3x), the rdflib store on the same queries for context; targets `serve` p50 <= 20 ms
per cookbook query, `kgqa push` of the book <= 15 s, a re-push after one edit sends one graph.
"""
from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from common import D2L, PROJECT, median, percentile, run_kgqa, table

from kg.sparql import run_in_generation
from store import IndexStore

QUERIES = sorted((PROJECT / "examples" / "queries").glob("*.rq"))
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def whole_processes(notes: Path, index: Path) -> list[list]:
    helps = [run_kgqa("--help")[0] for _ in range(5)]
    baseline = median(helps)
    rows = [["kgqa --help", 5, f"{baseline:.2f}", f"{max(helps):.2f}", "", "1.00"]]
    for query in QUERIES:
        runs = [run_kgqa("sparql", str(notes), "--file", str(query), "--index", str(index), "--format", "json") for _ in range(3)]
        seconds = [r[0] for r in runs]
        rows.append([query.stem, 3, f"{median(seconds):.2f}", f"{max(seconds):.2f}", max(r[1] for r in runs),
                     f"**{median(seconds) / baseline:.2f}**"])
    return rows


def serve_latencies(notes: Path, index: Path, repeats: int = 20) -> tuple[list[list], list[float]]:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", str(notes), "--index", str(index), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=PROJECT)
    rows, every = [], []
    try:
        endpoint = json.loads(server.stdout.readline())["endpoint"]
        for query in QUERIES:
            text = query.read_text(encoding="utf-8")
            times = []
            for attempt in range(repeats + 1):
                request = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": text}).encode(),
                                                 headers={"Accept": "application/sparql-results+json"})
                started = time.perf_counter()
                urllib.request.urlopen(request, timeout=60).read()
                if attempt:  # the first one opens the store in the worker
                    times.append((time.perf_counter() - started) * 1000)
            every += times
            rows.append([query.stem, repeats, f"{median(times):.1f}", f"{percentile(times, 95):.1f}"])
    finally:
        server.terminate()
        server.wait(10)
    return rows, every


def rdflib_in_process(index: Path) -> list[list]:
    generation = IndexStore(index).current().directory
    rows = []
    for query in QUERIES:
        text = query.read_text(encoding="utf-8")
        timings = {}
        for store in ("rdflib", "oxigraph"):
            started = time.perf_counter()
            run_in_generation(generation, text, "json", timeout=120, store=store)
            timings[store] = time.perf_counter() - started
        rows.append([query.stem, f"{timings['rdflib']:.2f}", f"{timings['oxigraph'] * 1000:.0f}",
                     f"{timings['rdflib'] / timings['oxigraph']:.0f}x"])
    return rows


def push_figures(notes: Path, index: Path, scratch: Path) -> list[list]:
    port = _free_port()
    server = subprocess.Popen([OXIGRAPH, "serve", "--location", str(scratch / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        rows = []
        seconds, peak, out = run_kgqa("push", str(notes), "--index", str(index), "--store", url, "--json")
        first = json.loads(out)
        rows.append(["first push (every note graph)", f"{seconds:.1f}", peak, len(first["put"]), len(first["deleted"])])
        note = sorted(notes.rglob("*.md"))[len(list(notes.rglob("*.md"))) // 2]
        note.write_text(note.read_text(encoding="utf-8") + "\n新增：Dropout 可以防止过拟合。\n", encoding="utf-8")
        run_kgqa("ingest", str(notes), "--index", str(index), "--no-dense")
        seconds, peak, out = run_kgqa("push", str(notes), "--index", str(index), "--store", url, "--json")
        again = json.loads(out)
        rows.append([f"re-push after appending to {note.name}", f"{seconds:.1f}", peak, len(again["put"]), len(again["deleted"])])
        return rows
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, help="a d2l index (re-ingested here with --no-dense)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        notes = scratch / "notes"
        shutil.copytree(D2L, notes)
        for path in notes.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        index = args.index or scratch / "index"
        seconds, peak, _ = run_kgqa("ingest", str(notes), "--index", str(index), "--no-dense")
        generation = IndexStore(index).current()
        quads = sum(1 for _ in open(generation.path("graph.nq"), encoding="utf-8"))
        print(f"## d2l: {len(list(notes.rglob('*.md')))} notes, {quads} quads (graph-only ingest {seconds:.1f} s, peak {peak} MiB)\n")
        print("### A cookbook query as a whole `kgqa sparql` process (median of 3)\n")
        print(table(["query", "runs", "median s", "max s", "peak MiB", "/ kgqa --help"], whole_processes(notes, index)))
        rows, every = serve_latencies(notes, index)
        print(f"\n### `kgqa serve`, each cookbook query 20 times (all: p50 {median(every):.1f} ms, p95 {percentile(every, 95):.1f} ms)\n")
        print(table(["query", "requests", "p50 ms", "p95 ms"], rows))
        print("\n### One query in a fresh worker: rdflib store (parses graph.nq) against the oxigraph store\n")
        print(table(["query", "rdflib s", "oxigraph ms", "ratio"], rdflib_in_process(index)))
        print("\n### `kgqa push` to a local Oxigraph server (whole processes)\n")
        print(table(["push", "seconds", "peak MiB", "graphs sent", "deleted"], push_figures(notes, index, scratch)))


if __name__ == "__main__":
    main()
