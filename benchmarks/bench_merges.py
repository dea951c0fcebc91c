"""Wrong merges: concepts with 3+ names where one name is really another concept.

    .venv/bin/python benchmarks/bench_merges.py --index /tmp/seed-index --judged benchmarks/merges/seed.tsv

Writes every concept of the index with 3+ names, each name with why it is there, into the
judged file (tab-separated: id, verdict, names). Verdicts already in the file are kept for the
concepts whose names did not change; new rows get `?` to judge by hand:
  ok     every name names this concept
  wrong  some name is another concept (say which in the note column)
Prints wrong / judged over the concepts with 3+ names.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)

from kg.files import read_graph
from store import IndexStore

HEADER = ["id", "verdict", "note", "names"]


def rows_of(index: Path) -> list[dict]:
    graph = read_graph(IndexStore(index).current().directory)
    rows = []
    for concept in graph.concepts:
        if len(concept.labels) < 3:
            continue
        why = {e.name: e.describe() for e in concept.evidence}
        names = " ; ".join(f"{name} [{why.get(name, '?')}]" for name in concept.labels)
        rows.append({"id": concept.id, "verdict": "?", "note": "", "names": names})
    return rows


def merge_verdicts(rows: list[dict], judged: Path) -> list[dict]:
    previous = {}
    if judged.exists():
        with judged.open(encoding="utf-8") as handle:
            previous = {r["id"]: r for r in csv.DictReader(handle, delimiter="\t")}
    for row in rows:
        old = previous.get(row["id"])
        if old and _names_only(old["names"]) == _names_only(row["names"]):
            row["verdict"], row["note"] = old["verdict"], old["note"]
    return rows


def _names_only(names: str) -> list[str]:
    return [part.split(" [")[0] for part in names.split(" ; ")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--judged", type=Path, required=True)
    args = parser.parse_args()
    rows = merge_verdicts(rows_of(args.index), args.judged)
    args.judged.parent.mkdir(parents=True, exist_ok=True)
    with args.judged.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, HEADER, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    wrong = sum(r["verdict"] == "wrong" for r in rows)
    todo = sum(r["verdict"] == "?" for r in rows)
    share = wrong / len(rows) if rows else 0.0
    print(f"{args.judged}: {len(rows)} concepts with 3+ names, {wrong} wrong ({share:.1%}), {todo} to judge")


if __name__ == "__main__":
    main()
