"""The networkx view of the graph (GraphML/GEXF exports, concept ranking) and its node names."""
from __future__ import annotations

import networkx as nx

from kg.model import ConceptGraph
from kg.normalize import language_of


def concept_node(concept_id: str) -> str:
    return f"c:{concept_id}"


def passage_node(passage_id: str) -> str:
    return f"p:{passage_id}"


def concept_view(graph: ConceptGraph) -> nx.MultiDiGraph:
    """Concept nodes with labels and languages; typed edges with provenance as attributes."""
    view = nx.MultiDiGraph()
    for concept in graph.concepts:
        zh = [n for n in concept.labels if language_of(n) == "zh"]
        en = [n for n in concept.labels if language_of(n) == "en"]
        view.add_node(concept.id, label=concept.label, label_zh=zh[0] if zh else "", label_en=en[0] if en else "",
                      aliases=" | ".join(concept.labels[1:]), source=concept.source, kind="concept")
    for t in graph.triples:
        view.add_edge(t.subject, t.object, key=f"{t.predicate}:{t.passage_id}:{t.start_line}", relation=t.predicate,
                      label=t.predicate, file=t.path, start_line=t.start_line, end_line=t.end_line, rule=t.rule,
                      confidence=t.confidence, passage=t.passage_id)
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
