"""The networkx view: a MultiDiGraph of concept and passage nodes, derived from ConceptGraph."""
from __future__ import annotations

import networkx as nx

from ingest import Passage
from kg.build import ConceptGraph


def concept_node(concept_id: str) -> str:
    return f"c:{concept_id}"


def passage_node(passage_id: str) -> str:
    return f"p:{passage_id}"


def to_networkx(graph: ConceptGraph, passages: list[Passage] | None = None) -> nx.MultiDiGraph:
    """Concepts (kind=concept), passages (kind=passage); typed edges keyed by relation."""
    view = nx.MultiDiGraph()
    for concept in graph.concepts:
        view.add_node(concept_node(concept.id), kind="concept", label=concept.label, aliases=" | ".join(concept.labels[1:]), source=concept.source)
    for passage in passages or ():
        view.add_node(passage_node(passage.id), kind="passage", label=passage.location, path=passage.path,
                      start_line=passage.start_line, end_line=passage.end_line, heading=passage.heading)
    for triple in graph.triples:
        view.add_edge(
            concept_node(triple.subject), concept_node(triple.object), key=f"{triple.predicate}@{triple.passage_id}@{triple.start_line}",
            relation=triple.predicate, rule=triple.rule, confidence=triple.confidence, passage=triple.passage_id,
            path=triple.path, start_line=triple.start_line, end_line=triple.end_line,
        )
    if passages is not None:
        for mention in graph.mentions:
            view.add_edge(passage_node(mention.passage_id), concept_node(mention.concept_id), key="mentions", relation="mentions", count=mention.count)
    return view


def concept_ranking(graph: ConceptGraph) -> list[tuple[str, int, float, int]]:
    """(concept id, typed degree, PageRank over typed edges, mention count), best first."""
    view = nx.DiGraph()
    view.add_nodes_from(c.id for c in graph.concepts)
    degree: dict[str, int] = {c.id: 0 for c in graph.concepts}
    for triple in graph.triples:
        if triple.subject != triple.object:
            view.add_edge(triple.subject, triple.object)
            degree[triple.subject] += 1
            degree[triple.object] += 1
    mentions: dict[str, int] = {}
    for mention in graph.mentions:
        mentions[mention.concept_id] = mentions.get(mention.concept_id, 0) + mention.count
    rank = nx.pagerank(view.to_undirected()) if view.number_of_edges() else {n: 0.0 for n in view}
    rows = [(cid, degree[cid], rank.get(cid, 0.0), mentions.get(cid, 0)) for cid in degree]
    return sorted(rows, key=lambda r: (-r[1], -r[3], r[0]))
