"""Pick the part of the graph a user wants to look at: shared by every export format."""
from __future__ import annotations

import fnmatch
from collections import deque
from dataclasses import dataclass

from ingest import Passage
from kg.links import LINKS_TO
from kg.model import ConceptGraph
from kg.normalize import normalize_term
from kg.relation_table import RELATIONS, UnknownRelation, relation_type
from store.errors import KgqaError

DEFAULT_CONCEPT_LIMIT = 300
"""Without --concept, the visual formats show the best-connected concepts only."""


@dataclass(frozen=True)
class Selection:
    concepts: tuple[str, ...] = ()
    """Start concepts (names or aliases); empty means the whole graph."""
    depth: int = 1
    relations: tuple[str, ...] = RELATIONS
    notes_glob: str | None = None
    limit: int | None = None
    """At most this many concepts (best connected first); None for all."""
    min_confidence: float = 0.0
    """Only triples whose rule's confidence is at least this."""


class SelectionError(KgqaError, ValueError):
    pass


def select(graph: ConceptGraph, passages: list[Passage], selection: Selection) -> tuple[ConceptGraph, list[Passage]]:
    """The sub-graph: triples of the chosen relations from matching notes within `depth` hops."""
    for relation in selection.relations:
        try:
            relation_type(relation)
        except UnknownRelation as error:
            raise SelectionError(str(error)) from None
    in_notes = (lambda path: fnmatch.fnmatch(path, selection.notes_glob)) if selection.notes_glob else (lambda path: True)
    if not 0.0 <= selection.min_confidence <= 1.0:
        raise SelectionError(f"--min-confidence must be between 0 and 1, not {selection.min_confidence:g}")
    triples = [t for t in graph.triples if t.predicate in selection.relations and in_notes(t.path)
               and t.confidence >= selection.min_confidence]
    if selection.concepts:
        keep = _neighbourhood(graph, triples, selection)
    elif selection.notes_glob:
        keep = {t.subject for t in triples} | {t.object for t in triples} | _mentioned_in(graph, passages, in_notes)
    else:
        keep = {c.id for c in graph.concepts}
    if selection.limit is not None and len(keep) > selection.limit:
        degree = {cid: 0 for cid in keep}
        for t in triples:
            for end in (t.subject, t.object):
                if end in degree:
                    degree[end] += 1
        keep = set(sorted(keep, key=lambda c: (-degree[c], c))[: selection.limit])
    triples = [t for t in triples if t.subject in keep and t.object in keep]
    chosen_passages = [p for p in passages if in_notes(p.path)]
    passage_ids = {p.id for p in chosen_passages}
    mentions = [m for m in graph.mentions if m.concept_id in keep and m.passage_id in passage_ids]
    concepts = [c for c in graph.concepts if c.id in keep]
    used_passages = {t.passage_id for t in triples} | {m.passage_id for m in mentions}
    links = tuple(link for link in graph.links if LINKS_TO in selection.relations and link.concept in keep
                  and link.passage_id in used_passages)
    about = tuple((path, c) for path, c in graph.note_concepts if c in keep and in_notes(path))
    return (ConceptGraph(tuple(concepts), tuple(triples), tuple(mentions), links, about),
            [p for p in chosen_passages if p.id in used_passages])


def _mentioned_in(graph: ConceptGraph, passages: list[Passage], in_notes) -> set[str]:
    ids = {p.id for p in passages if in_notes(p.path)}
    return {m.concept_id for m in graph.mentions if m.passage_id in ids}


def _neighbourhood(graph: ConceptGraph, triples, selection: Selection) -> set[str]:
    by_name: dict[str, str] = {}
    for concept in graph.concepts:
        for label in concept.labels:
            by_name.setdefault(normalize_term(label), concept.id)
    starts = []
    for name in selection.concepts:
        concept_id = by_name.get(normalize_term(name))
        if concept_id is None:
            raise SelectionError(f"no concept named {name!r}; `kgqa concepts NOTES` lists them")
        starts.append(concept_id)
    neighbours: dict[str, set[str]] = {}
    for t in triples:
        neighbours.setdefault(t.subject, set()).add(t.object)
        neighbours.setdefault(t.object, set()).add(t.subject)
    seen = set(starts)
    queue = deque((s, 0) for s in starts)
    while queue:
        node, distance = queue.popleft()
        if distance >= selection.depth:
            continue
        for other in sorted(neighbours.get(node, ())):
            if other not in seen:
                seen.add(other)
                queue.append((other, distance + 1))
    return seen
