"""Blind precision samples: 60 random typed triples per corpus, with the sentence each came from.

    .venv/bin/python benchmarks/precision_sample.py            # seed notes and corpus-d2l-noex
    .venv/bin/python benchmarks/precision_sample.py --seed 13 --round r2   # a later round, fresh draw
    .venv/bin/python benchmarks/precision_sample.py --seed 16 --round r4b --only-new OLD/seed/triples.jsonl OLD/d2l/triples.jsonl
                                                   # only what a change added since an older index

Writes benchmarks/precision/{seed,d2l}[_ROUND]_sample.jsonl (what the judge sees: no rule ids, no
confidences) and {seed,d2l}_sample_key.jsonl (id → rule and confidence, for reading the verdicts).
The judge fills `correct` (true/false) strictly: the sentence states this relation, in this
direction, between the concepts it is about.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from common import PROJECT, SHARED

from ingest import ingest_notes
from kg.build import build_graph
from kg.evaluate import blind_sample

CORPORA = {"seed": SHARED / "corpus", "d2l": SHARED / "corpus-d2l-noex"}
OUT = PROJECT / "benchmarks" / "precision"


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


KEY_FIELDS = ("subject", "predicate", "object", "path", "start_line")
"""What makes a triple the same one in an older index (its rule and passage id may have changed)."""


def _key(row: dict) -> tuple:
    return tuple(row[field] for field in KEY_FIELDS)


def _keys(path: Path) -> set[tuple]:
    return {_key(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12, help="random seed of the draw (default 12)")
    parser.add_argument("--size", type=int, default=60)
    parser.add_argument("--round", default="", help="name of a later judging round (files {corpus}_{round}_sample.jsonl)")
    parser.add_argument("--only-new", nargs=2, metavar=("SEED_TRIPLES", "D2L_TRIPLES"),
                        help="draw only triples absent from these triples.jsonl files of an older index (what a change added)")
    args = parser.parse_args()
    base = dict(zip(CORPORA, args.only_new)) if args.only_new else {}
    OUT.mkdir(parents=True, exist_ok=True)
    for corpus, root in CORPORA.items():
        name = f"{corpus}_{args.round}" if args.round else corpus
        graph = build_graph(ingest_notes(root).passages)
        if corpus in base:
            older = _keys(Path(base[corpus]))
            graph = replace(graph, triples=tuple(t for t in graph.triples if _key(vars(t)) not in older))
        items, key = blind_sample(graph, args.size, args.seed)
        write_jsonl(OUT / f"{name}_sample.jsonl", items)
        write_jsonl(OUT / f"{name}_sample_key.jsonl", key)
        print(f"{name}: {len(items)} of {len(graph.triples)} triples → {OUT / f'{name}_sample.jsonl'}")


if __name__ == "__main__":
    main()
