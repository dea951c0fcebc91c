"""Shared helpers for the benchmarks (not collected by pytest)."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
SEED = SHARED / "corpus"
D2L = SHARED / "corpus-d2l"
EVAL = SHARED / "eval"
sys.path.insert(0, str(PROJECT))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def run_kgqa(*argv: str) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MiB) and stdout of one `kgqa` process."""
    command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "cli", *argv]
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT)
    seconds = time.perf_counter() - started
    peak_kib = int(run.stderr.strip().splitlines()[-1]) if run.stderr.strip() else 0
    return seconds, peak_kib // 1024, run.stdout


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def median(values):
    return statistics.median(values) if values else float("nan")
