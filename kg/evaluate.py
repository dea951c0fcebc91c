"""Graph quality against gold files (format: ../shared/eval/README.md).

A gold concept is found when a concept carries its name or an alias; a gold triple
when an edge of its relation joins concepts that carry the subject's and the
object's names (either direction for symmetric relations). An alias triple is
also found when one concept carries both names: kgqa merges aliases into one node.
"""
from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kg.model import ConceptGraph
from kg.relation_table import SYMMETRIC_RELATIONS
from kg.normalize import normalize_term


@dataclass(frozen=True)
class GraphScores:
    concept_recall: float
    concepts_found: int
    concepts_total: int
    triple_recall: float
    triples_found: int
    triples_total: int
    recall_by_relation: dict[str, tuple[int, int]]
    """relation → (found, total)."""
    recall_by_difficulty: dict[str, tuple[int, int]]
    missed_concepts: tuple[str, ...]
    missed_triples: tuple[str, ...]


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _concepts_named(graph: ConceptGraph) -> dict[str, set[str]]:
    named: dict[str, set[str]] = defaultdict(set)
    for concept in graph.concepts:
        for label in concept.labels:
            named[normalize_term(label)].add(concept.id)
    return named


def evaluate_graph(graph: ConceptGraph, concepts_gold: list[dict], triples_gold: list[dict]) -> GraphScores:
    named = _concepts_named(graph)

    def ids_for(names: list[str]) -> set[str]:
        found: set[str] = set()
        for name in names:
            found |= named.get(normalize_term(name), set())
        return found

    concept_hits, missed_concepts = 0, []
    for gold in concepts_gold:
        if ids_for([gold["concept"], *gold.get("aliases", [])]):
            concept_hits += 1
        else:
            missed_concepts.append(gold["concept"])

    edges: set[tuple[str, str, str]] = set()
    for triple in graph.triples:
        edges.add((triple.subject, triple.predicate, triple.object))
        if triple.predicate in SYMMETRIC_RELATIONS:
            edges.add((triple.object, triple.predicate, triple.subject))
    by_relation: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_difficulty: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    triple_hits, missed_triples = 0, []
    for gold in triples_gold:
        subjects = ids_for([gold["subject"], *gold.get("subject_aliases", [])])
        objects = ids_for([gold["object"], *gold.get("object_aliases", [])])
        relation = gold["relation"]
        hit = any((s, relation, o) in edges for s in subjects for o in objects)
        if relation == "alias" and subjects & objects:
            hit = True
        by_relation[relation][1] += 1
        by_difficulty[gold.get("difficulty", "?")][1] += 1
        if hit:
            triple_hits += 1
            by_relation[relation][0] += 1
            by_difficulty[gold.get("difficulty", "?")][0] += 1
        else:
            missed_triples.append(f"{gold['subject']} {relation} {gold['object']}")
    return GraphScores(
        concept_recall=concept_hits / len(concepts_gold) if concepts_gold else 0.0,
        concepts_found=concept_hits,
        concepts_total=len(concepts_gold),
        triple_recall=triple_hits / len(triples_gold) if triples_gold else 0.0,
        triples_found=triple_hits,
        triples_total=len(triples_gold),
        recall_by_relation={k: tuple(v) for k, v in sorted(by_relation.items())},
        recall_by_difficulty={k: tuple(v) for k, v in sorted(by_difficulty.items())},
        missed_concepts=tuple(missed_concepts),
        missed_triples=tuple(missed_triples),
    )


def precision_sample(graph: ConceptGraph, size: int = 50, seed: int = 0, judged: list[dict] = ()) -> list[dict]:
    """A reproducible random sample of typed triples for a human to judge.

    Judgements in `judged` (an earlier sample) carry over to the same triples, so
    re-drawing after a rule change only asks about what is new.
    """
    labels = {c.id: c.label for c in graph.concepts}
    rng = random.Random(seed)
    chosen = rng.sample(list(graph.triples), min(size, len(graph.triples)))
    verdicts = {_sample_key(item): item.get("correct") for item in judged}
    sample = []
    for t in sorted(chosen, key=lambda t: t.key):
        item = {
            "subject": labels.get(t.subject, t.subject), "relation": t.predicate, "object": labels.get(t.object, t.object),
            "where": f"{t.path}:{t.start_line}-{t.end_line}", "rule": t.rule, "evidence": t.evidence,
        }
        sample.append({**item, "correct": verdicts.get(_sample_key(item))})
    return sample


def _sample_key(item: dict) -> tuple:
    return tuple(item.get(k) for k in ("subject", "relation", "object", "where", "rule", "evidence"))


def blind_sample(graph: ConceptGraph, size: int = 60, seed: int = 0) -> tuple[list[dict], list[dict]]:
    """A seeded random sample of typed triples for a judge who must not see the rules.

    Returns (items, key): items carry the two concepts, the relation, where and the sentence it
    came from; key maps each item's id to the rule and confidence, for reading the verdicts later.
    """
    labels = {c.id: c.label for c in graph.concepts}
    rng = random.Random(seed)
    chosen = sorted(rng.sample(list(graph.triples), min(size, len(graph.triples))), key=lambda t: t.key)
    items, key = [], []
    for number, t in enumerate(chosen, 1):
        item_id = f"{seed}-{number:02d}"
        items.append({"id": item_id, "subject": labels.get(t.subject, t.subject), "relation": t.predicate,
                      "object": labels.get(t.object, t.object), "file": t.path, "start": t.start_line, "end": t.end_line,
                      "sentence": t.evidence, "correct": None})
        key.append({"id": item_id, "rule": t.rule, "confidence": t.confidence})
    return items, key
