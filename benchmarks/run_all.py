"""Run every benchmark in turn (make bench). Needs e5 indexes of the seed and d2l notes:

    kgqa ingest ../shared/corpus --index /tmp/seed-e5
    kgqa ingest ../shared/corpus-d2l --index /tmp/d2l-index      # ~10-25 min on 2 cores (embeddings)

Override the paths with SEED_INDEX / D2L_INDEX / SEED_GRAPH_INDEX.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED_INDEX = os.environ.get("SEED_INDEX", "/tmp/seed-e5")
D2L_INDEX = os.environ.get("D2L_INDEX", "/tmp/d2l-index")
D2L = str(HERE.parent.parent / "shared" / "corpus-d2l")

RUNS = [
    ["bench_ingest.py"],
    ["bench_query.py", "--index", D2L_INDEX, "--notes", D2L, "--seed-index", SEED_INDEX],
    ["bench_graph.py", "--index", f"seed={SEED_INDEX}", "--index", f"d2l={D2L_INDEX}"],
    ["bench_scale.py", "--index", D2L_INDEX, "--target", "100000"],
]

for run in RUNS:
    print(f"\n# {' '.join(run)}\n", flush=True)
    subprocess.run([sys.executable, str(HERE / run[0]), *run[1:]], check=False)
