"""Related edges in answers: how many of the concepts a good answer names does `ask` return?

    .venv/bin/python benchmarks/bench_related.py --index /tmp/seed-index [--qa ../shared/eval/qa_dev_a.jsonl] [-v]

For every question with `answer_concepts`, an answer concept counts as returned when it names an
endpoint of one of the answer's related edges:
  exact: its normalised name equals a name (label or alias) of the endpoint concept;
  loose: exact, or one of its parts (split at brackets, '/', '、', '和') equals or contains an
         endpoint name of 2+ characters, or is contained in one ('跨层连接' ~ '跨层连接（shortcut）').
The figure is micro-averaged over all answer concepts of all questions that list them.
`reachable` is the ceiling ranking can reach: the share of answer concepts whose name (exact) is on a
concept at either end of some typed edge of the graph, wherever it is stated.

The question files of the d2l book (benchmarks/gold/related_d2l_*.jsonl) need an index of
../shared/corpus-d2l-noex: `kgqa ingest ../shared/corpus-d2l-noex --index /tmp/d2l-index`, then
`--index /tmp/d2l-index --qa benchmarks/gold/related_d2l_look.jsonl`.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from common import EVAL

from kg.normalize import normalize_term
from kg.relation_table import CONVENTION_RELATIONS
from retrieval.engine import Retriever

_PARTS = re.compile(r"[（）()/／、，,]|和|与|及")


def endpoint_names(retriever: Retriever, answer) -> set[str]:
    """Normalised names of every concept at either end of the answer's related edges."""
    by_label = {c.label: c for c in retriever.graph.concepts}
    names = set()
    for edge in answer.related:
        for label in (edge.subject, edge.object):
            concept = by_label.get(label)
            names.update(normalize_term(n) for n in (concept.labels if concept else (label,)))
    return {n for n in names if n}


def found(concept: str, names: set[str]) -> tuple[bool, bool]:
    """(exact, loose) for one answer concept against the endpoint names."""
    key = normalize_term(concept)
    if key in names:
        return True, True
    parts = [normalize_term(p) for p in _PARTS.split(concept)]
    parts = [p for p in parts if len(p) >= 2]
    loose = any(p == n or (len(n) >= 2 and (n in p or p in n)) for p in parts for n in names)
    return False, loose


def graph_names(retriever: Retriever) -> set[str]:
    """Normalised names of every concept at either end of a typed edge (links and tags left out, as in answers)."""
    ends = {end for t in retriever.graph.triples if t.predicate not in CONVENTION_RELATIONS and t.subject != t.object
            for end in (t.subject, t.object)}
    return {normalize_term(n) for c in retriever.graph.concepts if c.id in ends for n in c.labels} - {""}


def measure(retriever: Retriever, questions: list[dict], verbose: bool = False) -> dict:
    total = exact = loose = reachable = 0
    in_graph = graph_names(retriever)
    for item in questions:
        answer = retriever.ask(item["question"])
        names = endpoint_names(retriever, answer)
        hits = [found(c, names) for c in item["answer_concepts"]]
        total += len(hits)
        reachable += sum(normalize_term(c) in in_graph for c in item["answer_concepts"])
        exact += sum(e for e, _ in hits)
        loose += sum(l for _, l in hits)
        if verbose:
            marks = ", ".join(f"{c}{'=' if e else '~' if l else '✗'}" for c, (e, l) in zip(item["answer_concepts"], hits))
            print(f"{item['id']}: {marks}  ({len(answer.related)} edges)")
            for edge in answer.related:
                print(f"    {edge.subject} —{edge.relation}→ {edge.object}  {edge.path}:{edge.start_line}")
    return {"questions": len(questions), "answer_concepts": total,
            "loose": round(loose / total, 3) if total else 0.0, "exact": round(exact / total, 3) if total else 0.0,
            "reachable": round(reachable / total, 3) if total else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--qa", type=Path, default=EVAL / "qa_dev_a.jsonl")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    questions = [json.loads(line) for line in args.qa.open(encoding="utf-8") if line.strip()]
    questions = [q for q in questions if q.get("answer_concepts")]
    result = measure(Retriever.open(args.index), questions, args.verbose)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
