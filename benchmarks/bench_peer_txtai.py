"""A peer in the same run: txtai's hybrid search (BM25 + the same e5 folder) next to kgqa. Run by hand only.

    .venv/bin/python benchmarks/bench_peer_txtai.py            # seed notes + qa_dev_a
    .venv/bin/python benchmarks/bench_peer_txtai.py --d2l      # also corpus-d2l-noex + qa_d2l_dev (~20+ min)
    .venv/bin/python benchmarks/bench_peer_txtai.py --d2l-only # only the d2l pair

txtai goes into a throwaway venv (/tmp/kgqa-txtai-venv, pip install torch==2.13.0, then txtai==9.14.0
sentence-transformers; torch first, as the Makefile says, so no CUDA build is pulled) and runs in its own process
over exactly kgqa's passages (each passage's embedded text, with e5's "passage: "/"query: "
prefixes), with the sentence-transformers folder kgqa's converter writes. Both sides are scored by
kgqa's judge (same file, overlapping lines). Figures: build time and peak RSS of a whole process,
warm query p50/p95, R@5 and MRR@10.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import EVAL, PROJECT, SHARED, median, percentile, run_kgqa, table

VENV = Path("/tmp/kgqa-txtai-venv")
PINS = (("torch==2.13.0",), ("txtai==9.14.0", "sentence-transformers"))
"""sentence-transformers is all of txtai's "vectors" extra that an e5 folder needs; the extra itself
also brings llama-cpp-python, which pip compiles from source (tens of CPU minutes on 2 cores) and
litellm, which fetches a price list at import."""
PEER = r"""
import json, resource, sys, time
from txtai import Embeddings
folder, passages_file, questions_file, out_file = sys.argv[1:5]
passages = [json.loads(line) for line in open(passages_file, encoding="utf-8")]
questions = [json.loads(line) for line in open(questions_file, encoding="utf-8")]
started = time.perf_counter()
embeddings = Embeddings(path=folder, method="sentence-transformers", content=True, hybrid=True,
                        instructions={"query": "query: ", "data": "passage: "})
embeddings.index([(p["id"], p["text"], None) for p in passages])
build = time.perf_counter() - started
embeddings.search(questions[0]["question"], 10)
times, runs = [], []
for question in questions:
    started = time.perf_counter()
    hits = embeddings.search(question["question"], 10)
    times.append((time.perf_counter() - started) * 1000)
    runs.append([hit["id"] for hit in hits])
json.dump({"build": build, "times": times, "runs": runs,
           "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}, open(out_file, "w"))
"""


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    for pins in PINS:  # torch first: it must be in place before txtai asks for one
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--only-binary", ":all:", *pins], check=True, capture_output=True)
    return python


def kgqa_side(notes: Path, questions: list[dict], scratch: Path) -> tuple[dict, list]:
    from retrieval.engine import Retriever
    from retrieval.evaluate import evaluate

    index = scratch / f"kgqa-{notes.name}"
    build, peak, _ = run_kgqa("ingest", str(notes), "--index", str(index))
    retriever = Retriever.open(index)
    retriever.ask(questions[0]["question"])
    times = []
    for question in questions:
        started = time.perf_counter()
        retriever.ask(question["question"], k=10)
        times.append((time.perf_counter() - started) * 1000)
    scores = evaluate(retriever, questions, ["hybrid"])["hybrid"]["all"]
    return {"build": build, "peak_mib": peak, "times": times, "R@5": scores["R@5"], "MRR@10": scores["MRR@10"]}, retriever.passages


def txtai_side(python: Path, passages: list, questions_file: Path, questions: list[dict], scratch: Path) -> dict:
    from retrieval.e5_convert import converted_model_folder
    from retrieval.evaluate import RankedSpan, score_ranking
    from retrieval.legs.dense import embedding_text

    passages_file = scratch / "passages.jsonl"
    with open(passages_file, "w", encoding="utf-8") as handle:
        for passage in passages:
            handle.write(json.dumps({"id": passage.id, "text": embedding_text(passage)}, ensure_ascii=False) + "\n")
    out = scratch / "txtai.json"
    started = time.perf_counter()
    subprocess.run([str(python), "-c", PEER, str(converted_model_folder()), str(passages_file), str(questions_file), str(out)],
                   check=True, env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "LITELLM_LOCAL_MODEL_COST_MAP": "True"})
    whole = time.perf_counter() - started
    result = json.loads(out.read_text())
    by_id = {p.id: p for p in passages}
    scores = [score_ranking([RankedSpan(by_id[i].path, by_id[i].start_line, by_id[i].end_line, 0.0) for i in run], q["gold"])
              for run, q in zip(result["runs"], questions)]
    return {"build": result["build"], "whole": whole, "peak_mib": result["peak_mib"], "times": result["times"],
            "R@5": sum(s["R@5"] for s in scores) / len(scores), "MRR@10": sum(s["MRR@10"] for s in scores) / len(scores)}


def compare(python: Path, notes: Path, questions_file: Path) -> list[list]:
    from retrieval.evaluate import read_questions

    questions = read_questions(questions_file)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        ours, passages = kgqa_side(notes, questions, scratch)
        peer = txtai_side(python, passages, questions_file, questions, scratch)
    rows = []
    for name, figures in (("kgqa (hybrid: bm25 + e5 int8 + graph)", ours), ("txtai (hybrid: bm25 + e5 fp32)", peer)):
        rows.append([notes.name, name, f"{figures['build']:.1f}", figures["peak_mib"], f"{median(figures['times']):.1f}",
                     f"{percentile(figures['times'], 95):.1f}", f"{figures['R@5']:.2f}", f"{figures['MRR@10']:.3f}"])
    rows.append([notes.name, "kgqa / txtai", f"{ours['build'] / peer['build']:.2f}", f"{ours['peak_mib'] / peer['peak_mib']:.2f}",
                 f"{median(ours['times']) / median(peer['times']):.2f}", "", "", ""])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--d2l", action="store_true", help="also the d2l book and its dev questions")
    parser.add_argument("--d2l-only", action="store_true", help="only the d2l book (the seed pair is in RESULTS.md)")
    args = parser.parse_args()
    python = ensure_venv()
    rows = [] if args.d2l_only else compare(python, SHARED / "corpus", EVAL / "qa_dev_a.jsonl")
    if args.d2l or args.d2l_only:
        rows += compare(python, SHARED / "corpus-d2l-noex", EVAL / "qa_d2l_dev.jsonl")
    print("## kgqa next to txtai, same passages, same e5 weights, same judge\n")
    print("build = whole `kgqa ingest` process / txtai's Embeddings.index (model load included); peak = process RSS\n")
    print(table(["notes", "system", "build s", "peak MiB", "query p50 ms", "query p95 ms", "R@5", "MRR@10"], rows))


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT))
    main()
