"""Re-ingest after a one-line edit, two code trees alternated in one run (A/B), and a cold `kgqa ask`.

    git -C /work/main worktree add /tmp/wt-base 3de8a90
    .venv/bin/python benchmarks/bench_reingest_ab.py --a /tmp/wt-base --runs 7

Each tree gets its own copy of the notes and an index built once by that tree with its
default encoder (B's is e5-small-int8; derive its model first, see below). Then every
round edits one word on one line of the same note in both copies and re-ingests each
as a separate `kgqa ingest` process (PYTHONPATH = that tree), in the order A B, B A,
A B, ... so drift on a shared machine hits both sides alike. Printed: wall and CPU
(user + system, all threads) medians and B/A. Then `kgqa ask` on each index, cold,
alternated the same way, next to `kgqa --help`.

`--keep DIR` keeps the notes and indexes there and reuses them on the next run (the
first build of A with fp32 sentence-transformers takes minutes on a loaded machine).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import PROJECT, SEED, median, table

QUESTION = "LSTM 有哪些门？各自的作用是什么"
NOTE_INDEX = -1
"""Which note (in sorted order) each round edits."""


def run_tree(tree: Path, *argv: str) -> tuple[float, float, int, str]:
    """Wall s, CPU s (user + system), peak MiB and stdout of one `kgqa` process of that tree."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    run = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "cli", *argv],
                         capture_output=True, text=True, cwd=tree, env=env)
    fields = run.stderr.strip().splitlines()[-1].split()
    if run.returncode not in (0, 1) or len(fields) != 4:
        raise SystemExit(f"{tree}: kgqa {' '.join(argv)} failed:\n{run.stderr[-2000:]}")
    wall, user, system, peak = fields
    return float(wall), float(user) + float(system), int(peak) // 1024, run.stdout


def edit_one_line(notes: Path, round_number: int) -> None:
    """Change one "的" to "之" past the middle of the note: a different line every round."""
    path = sorted(notes.rglob("*.md"))[NOTE_INDEX]
    text = path.read_text(encoding="utf-8")
    at = text.find("的", len(text) // 2)
    if at < 0:
        raise SystemExit(f"no more words to edit in {path} after {round_number} rounds")
    path.write_text(text[:at] + "之" + text[at + 1:], encoding="utf-8")


def prepare(tree: Path, place: Path) -> tuple[Path, Path]:
    """The tree's notes copy and index, built once (reused when --keep already holds them)."""
    notes, index = place / "notes", place / "index"
    if not (index / "CURRENT").is_file():
        shutil.rmtree(place, ignore_errors=True)
        place.mkdir(parents=True)
        shutil.copytree(SEED, notes)
        for path in notes.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        wall, cpu, peak, _ = run_tree(tree, "ingest", str(notes), "--index", str(index))
        print(f"built {index} with {tree}: {wall:.1f} s wall, {cpu:.1f} s CPU, {peak} MiB", flush=True)
    return notes, index


def order(round_number: int) -> tuple[str, str]:
    return ("A", "B") if round_number % 2 == 0 else ("B", "A")


def reingests(trees: dict[str, Path], places: dict[str, tuple[Path, Path]], runs: int) -> dict[str, list[tuple[float, float, int]]]:
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in trees}
    for round_number in range(runs):
        for name in order(round_number):
            notes, index = places[name]
            edit_one_line(notes, round_number)
            wall, cpu, peak, out = run_tree(trees[name], "ingest", str(notes), "--index", str(index), "--json")
            summary = json.loads(out)
            if summary.get("embedded_passages") != 1:
                print(f"  note: {name} embedded {summary.get('embedded_passages')} passages this round", flush=True)
            results[name].append((wall, cpu, peak))
            print(f"  round {round_number + 1} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {peak} MiB, "
                  f"stages {summary.get('seconds')}", flush=True)
    return results


def cold_asks(trees: dict[str, Path], places: dict[str, tuple[Path, Path]], runs: int) -> dict[str, list[tuple[float, float, int]]]:
    results: dict[str, list[tuple[float, float, int]]] = {f"{name} ask": [] for name in trees}
    results.update({f"{name} --help": [] for name in trees})
    for round_number in range(runs):
        for name in order(round_number):
            notes, index = places[name]
            results[f"{name} --help"].append(run_tree(trees[name], "--help")[:3])
            results[f"{name} ask"].append(run_tree(trees[name], "ask", QUESTION, str(notes), "--index", str(index))[:3])
    return results


def summary_rows(results: dict[str, list[tuple[float, float, int]]], pairs: list[tuple[str, str]]) -> list[list]:
    rows = []
    for a, b in pairs:
        wall = {key: median([r[0] for r in results[key]]) for key in (a, b)}
        cpu = {key: median([r[1] for r in results[key]]) for key in (a, b)}
        peak = {key: max(r[2] for r in results[key]) for key in (a, b)}
        rows.append([f"{a} / {b}", len(results[a]), f"{wall[a]:.2f} / {wall[b]:.2f}", f"{cpu[a]:.2f} / {cpu[b]:.2f}",
                     f"{peak[a]} / {peak[b]}", f"**{wall[b] / wall[a]:.2f}** / {cpu[b] / cpu[a]:.2f}"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, required=True, help="the reference tree (e.g. a worktree at 3de8a90)")
    parser.add_argument("--b", type=Path, default=PROJECT, help="the tree under test (default: this one)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep notes and indexes here and reuse them")
    args = parser.parse_args()
    trees = {"A": args.a.resolve(), "B": args.b.resolve()}
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        places = {name: prepare(tree, base / name) for name, tree in trees.items()}
        print(f"\nA = {trees['A']}\nB = {trees['B']}\n", flush=True)
        edits = reingests(trees, places, args.runs)
        print("\n## Re-ingest after a one-line edit (medians; A and B alternated)\n")
        headers = ["A / B", "runs", "wall s A / B", "CPU s A / B", "peak MiB A / B", "B/A wall / CPU"]
        print(table(headers, summary_rows({"A": edits["A"], "B": edits["B"]}, [("A", "B")])))
        asks = cold_asks(trees, places, args.runs)
        print(f"\n## Cold `kgqa ask \"{QUESTION}\"` and `kgqa --help` (medians)\n")
        print(table(headers, summary_rows(asks, [("A ask", "B ask"), ("A --help", "B --help")])))


if __name__ == "__main__":
    main()
