"""Ingest speed: parse-only, graph extraction, full ingest with embeddings, and re-ingest after one edit.

    .venv/bin/python benchmarks/bench_ingest.py            # seed notes in full, d2l parse + graph
    .venv/bin/python benchmarks/bench_ingest.py --d2l-full # also embed the whole d2l corpus (~10+ min)

Ratios are against a baseline measured in the same run (the full ingest of the same notes).
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from common import D2L, SEED, directory_size, median, percentile, run_kgqa, table, timed

from ingest import ingest_notes
from kg.build import build_graph


def parse_only(corpus: Path) -> list:
    result, seconds = timed(ingest_notes, corpus)
    lengths = [len(p.text) for p in result.passages]
    graph, graph_seconds = timed(build_graph, list(result.passages))
    return [corpus.name, len(result.notes), len(result.passages), f"{seconds:.2f}", f"{len(result.passages) / seconds:.0f}",
            f"{median(lengths):.0f}", f"{percentile(lengths, 95):.0f}", f"{graph_seconds:.1f}", len(graph.concepts), len(graph.triples)]


def full_and_reingest(corpus: Path) -> list:
    with tempfile.TemporaryDirectory() as scratch:
        notes = Path(scratch) / "notes"
        shutil.copytree(corpus, notes)
        for path in notes.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        index = Path(scratch) / "index"
        full_seconds, full_peak, _ = run_kgqa("ingest", str(notes), "--index", str(index))
        first = sorted(notes.rglob("*.md"))[0]
        first.write_text(first.read_text(encoding="utf-8") + "\n新增：Dropout 可以防止过拟合。\n", encoding="utf-8")
        again_seconds, again_peak, _ = run_kgqa("ingest", str(notes), "--index", str(index))
        size = directory_size(next(index.glob("gen-*")))
        return [corpus.name, f"{full_seconds:.1f}", full_peak, f"{again_seconds:.2f}", f"{again_seconds / full_seconds:.3f}",
                again_peak, f"{size / 1e6:.1f}"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--d2l-full", action="store_true")
    args = parser.parse_args()
    print("## Parse and graph (in process)\n")
    print(table(["corpus", "notes", "passages", "parse s", "passages/s", "median chars", "p95 chars", "graph s", "concepts", "typed triples"],
                [parse_only(SEED), parse_only(D2L)]))
    print("\n## Full ingest with e5 embeddings, then re-ingest after editing one note (separate processes)\n")
    rows = [full_and_reingest(SEED)]
    if args.d2l_full:
        rows.append(full_and_reingest(D2L))
    print(table(["corpus", "full ingest s", "peak MiB", "re-ingest s", "re-ingest / full", "re-ingest peak MiB", "index MB"], rows))


if __name__ == "__main__":
    main()
