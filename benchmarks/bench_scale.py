"""Synthetic scale: the d2l index replicated to ~100k passages; query p50 and memory.

    .venv/bin/python benchmarks/bench_scale.py --index /tmp/d2l-index --target 100000

Each copy gets new passage ids; vectors get small noise (so copies are not exact ties) and are
re-normalised; mentions are replicated, concepts shared. The three legs and the fusion run as in
`Retriever.ask`, with the same encoder for questions. Baseline: the same measurement on one copy.
"""
from __future__ import annotations

import argparse
import gc
import resource
import time
from pathlib import Path

import numpy as np
from common import EVAL, median, percentile, table

from kg.files import read_graph
from kg.model import ConceptGraph, Mention
from retrieval.bm25 import BM25Index
from retrieval.concept_walk import ConceptWalk, QuestionConceptMatcher
from retrieval.encoders import load_encoder, resolve_encoder
from retrieval.engine import default_weights
from retrieval.fusion import reciprocal_rank_fusion
from retrieval.legs.base import top_k
from retrieval.legs.bm25 import load_tokens
from retrieval.tokenize import MixedTokenizer
from retrieval.vector_index import build_vector_index
from store import IndexStore


def rss_mib() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def build(index: Path, copies: int):
    generation = IndexStore(index).current()
    ids, tokens = load_tokens(generation)
    vectors = np.load(generation.path("vectors.npy"))
    graph = read_graph(generation.directory)
    rng = np.random.default_rng(0)
    all_ids = [f"{pid}#{c}" for c in range(copies) for pid in ids]
    all_tokens = [t for _ in range(copies) for t in tokens]
    noisy = np.concatenate([vectors + (rng.normal(0, 0.01, vectors.shape).astype(np.float32) if c else 0) for c in range(copies)])
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    mentions = tuple(Mention(f"{m.passage_id}#{c}", m.concept_id, m.count) for c in range(copies) for m in graph.mentions)
    scaled_graph = ConceptGraph(graph.concepts, (), mentions)
    started = time.perf_counter()
    legs = {
        "bm25": BM25Index(all_ids, all_tokens),
        "dense": build_vector_index(noisy),
        "graph": ConceptWalk(scaled_graph, all_ids),
        "matcher": QuestionConceptMatcher(scaled_graph),
    }
    words = sorted({label for c in graph.concepts for label in c.labels})
    return legs, all_ids, MixedTokenizer(words), time.perf_counter() - started


def query_times(legs, ids, tokenizer, encoder, questions) -> list[float]:
    times = []
    for question in questions:
        started = time.perf_counter()
        results = {"bm25": [h.passage_id for h in top_k(ids, legs["bm25"].scores(tokenizer.tokenize(question)), 50)]}
        vector = encoder.embed_batch([question], is_query=True)
        _, rows = legs["dense"].search(vector, 50)
        results["dense"] = [ids[r] for r in rows[0] if r >= 0]
        walk_scores = legs["graph"].passage_scores(legs["matcher"].match(question))
        results["graph"] = [h.passage_id for h in top_k(ids, walk_scores, 50, floor=1e-12)]
        reciprocal_rank_fusion(results, default_weights())
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--target", type=int, default=100_000)
    args = parser.parse_args()
    import json

    questions = [json.loads(line)["question"] for line in (EVAL / "qa_dev_a.jsonl").open(encoding="utf-8")]
    generation = IndexStore(args.index).current()
    encoder = load_encoder(resolve_encoder(generation.stage("dense").info["encoder"]))
    encoder.embed_batch(["warm up"], is_query=True)
    base_passages = generation.stage("passages").info["passages"]
    rows = []
    for copies in (1, max(1, round(args.target / base_passages))):
        gc.collect()
        before = rss_mib()
        legs, ids, tokenizer, build_seconds = build(args.index, copies)
        after = rss_mib()
        times = query_times(legs, ids, tokenizer, encoder, questions)
        rows.append([len(ids), f"{build_seconds:.1f}", f"{median(times):.1f}", f"{percentile(times, 95):.1f}",
                     f"{after - before:.0f}", f"{after:.0f}"])
        del legs, ids
    base = float(rows[0][2])
    for row in rows:
        row.append(f"{float(row[2]) / base:.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"## Synthetic scale (d2l replicated), {len(questions)} questions, process peak {peak} MiB\n")
    print(table(["passages", "load s", "p50 ms", "p95 ms", "index RAM MiB", "process RSS MiB", "p50 / 1 copy"], rows))


if __name__ == "__main__":
    main()
