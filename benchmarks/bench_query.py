"""Query speed: warm p50/p95 (hybrid and BM25-only in the same run), cold `kgqa ask`, memory.

    .venv/bin/python benchmarks/bench_query.py --index /tmp/d2l-index --notes ../shared/corpus-d2l --seed-index /tmp/seed/.kgqa

Questions: the dev questions plus every heading of the indexed notes turned into a question (so the
timing does not depend on a handful of queries). Cold ask is compared with `kgqa --help` in the same run.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from common import EVAL, SEED, directory_size, median, percentile, run_kgqa, table

from retrieval.engine import Retriever, RetrievalConfig


def questions_for(retriever: Retriever, limit: int = 300) -> list[str]:
    dev = [json.loads(line)["question"] for line in (EVAL / "qa_dev_a.jsonl").open(encoding="utf-8")]
    headings = sorted({p.heading_path[-1] for p in retriever.passages if p.heading_path})
    return (dev + [f"{h} 是什么？" for h in headings])[:limit]


def warm_latencies(retriever: Retriever, questions: list[str], legs: tuple[str, ...]) -> list[float]:
    config = RetrievalConfig(legs=legs)
    retriever.ask(questions[0], config=config)  # load model / tokenizer
    times = []
    for question in questions:
        started = time.perf_counter()
        retriever.ask(question, k=10, config=config)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, required=True, help="a d2l index with e5 vectors")
    parser.add_argument("--notes", type=Path, required=True)
    parser.add_argument("--seed-index", type=Path, required=True, help="a seed-notes index with e5 vectors")
    args = parser.parse_args()
    retriever = Retriever.open(args.index)
    questions = questions_for(retriever)
    rows = []
    for legs in (("bm25",), ("bm25", "graph"), ("bm25", "dense", "graph")):
        times = warm_latencies(retriever, questions, legs)
        rows.append(["+".join(legs), len(times), f"{median(times):.1f}", f"{percentile(times, 95):.1f}"])
    baseline = float(rows[0][2])
    for row in rows:
        row.append(f"{float(row[2]) / baseline:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"## Warm queries on {args.notes.name} ({len(retriever.passages)} passages), process peak {peak} MiB\n")
    print(table(["legs", "questions", "p50 ms", "p95 ms", "p50 / BM25-only"], rows))

    help_times = [run_kgqa("--help")[0] for _ in range(3)]
    cold = [run_kgqa("ask", "LSTM 有哪些门？各自的作用是什么", str(SEED), "--index", str(args.seed_index)) for _ in range(5)]
    cold_times = [c[0] for c in cold]
    print("\n## Cold `kgqa ask` on the seed notes (wall time of a new process)\n")
    print(table(["command", "runs", "median s", "max s", "peak MiB", "ratio to --help"],
                [["kgqa --help", 3, f"{median(help_times):.2f}", f"{max(help_times):.2f}", "", "1.00"],
                 ["kgqa ask", 5, f"{median(cold_times):.2f}", f"{max(cold_times):.2f}", max(c[1] for c in cold),
                  f"{median(cold_times) / median(help_times):.2f}"]]))
    print("\n## Index size on disk\n")
    from store import IndexStore

    rows = []
    for name, index in (("seed", args.seed_index), ("d2l", args.index)):
        generation = IndexStore(index).current()
        rows.append([name, generation.stage("passages").info["passages"], f"{directory_size(generation.directory) / 1e6:.1f}",
                     f"{generation.path('vectors.npy').stat().st_size / 1e6:.1f}", f"{generation.path('graph.nq').stat().st_size / 1e6:.1f}"])
    print(table(["index (one generation)", "passages", "MB", "vectors MB", "graph.nq MB"], rows))


if __name__ == "__main__":
    main()
