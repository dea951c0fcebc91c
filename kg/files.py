"""The concept graph in the index directory: three JSONL files and graph.nq."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from kg.build import ConceptGraph
from kg.model import Concept, Mention, Triple

CONCEPTS_FILE = "concepts.jsonl"
TRIPLES_FILE = "triples.jsonl"
MENTIONS_FILE = "mentions.jsonl"
NQUADS_FILE = "graph.nq"


def _write_jsonl(path: Path, records) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_graph(graph: ConceptGraph, directory: Path) -> None:
    _write_jsonl(directory / CONCEPTS_FILE, (asdict(c) for c in graph.concepts))
    _write_jsonl(directory / TRIPLES_FILE, (asdict(t) for t in graph.triples))
    _write_jsonl(directory / MENTIONS_FILE, (asdict(m) for m in graph.mentions))


def read_graph(directory: Path) -> ConceptGraph:
    concepts = tuple(Concept(**{**r, "labels": tuple(r["labels"])}) for r in _read_jsonl(directory / CONCEPTS_FILE))
    triples = tuple(Triple(**r) for r in _read_jsonl(directory / TRIPLES_FILE))
    mentions = tuple(Mention(**r) for r in _read_jsonl(directory / MENTIONS_FILE))
    return ConceptGraph(concepts, triples, mentions)
